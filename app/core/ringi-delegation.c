/* ringi-delegation.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-delegation"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ringi-delegation.h"
#include "ringi-record-private.h"

struct _RingiDelegation
{
  gatomicrefcount ref_count;

  /* The exact record, as signed by the delegator */
  GBytes *bytes;
  char *sha256;

  char *id;
  char *from;
  char *to;
  GDateTime *valid_from;
  GDateTime *valid_until;
  char *signer_key;
  GDateTime *time;
};

G_DEFINE_BOXED_TYPE (RingiDelegation, ringi_delegation, ringi_delegation_ref, ringi_delegation_unref)
G_DEFINE_QUARK (ringi-delegation-error-quark, ringi_delegation_error)

static const char *const delegation_keys[] = {
  "Ringi-Delegation",
  "Delegation",
  "From",
  "To",
  "Valid-From",
  "Valid-Until",
  "Signer-Key",
  "Time",
  NULL
};

static void
ringi_delegation_free (RingiDelegation *self)
{
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->sha256, g_free);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->from, g_free);
  g_clear_pointer (&self->to, g_free);
  g_clear_pointer (&self->valid_from, g_date_time_unref);
  g_clear_pointer (&self->valid_until, g_date_time_unref);
  g_clear_pointer (&self->signer_key, g_free);
  g_clear_pointer (&self->time, g_date_time_unref);
  g_free (self);
}

RingiDelegation *
ringi_delegation_ref (RingiDelegation *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
ringi_delegation_unref (RingiDelegation *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    ringi_delegation_free (self);
}

static gboolean
read_parties (RingiDelegation *self,
              RingiRecordReader *reader,
              GError **error)
{
  if (!ringi_record_reader_take_uuid (reader, "Delegation", &self->id, error) ||
      !ringi_record_reader_take_login (reader, "From", &self->from, error) ||
      !ringi_record_reader_take_login (reader, "To", &self->to, error))
    return FALSE;

  if (g_str_equal (self->from, self->to))
    {
      ringi_record_reader_fail (reader, error, _("a person cannot delegate to themselves"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_period (RingiDelegation *self,
             RingiRecordReader *reader,
             GError **error)
{
  if (!ringi_record_reader_take_time (reader, "Valid-From", &self->valid_from, error) ||
      !ringi_record_reader_take_time (reader, "Valid-Until", &self->valid_until, error))
    return FALSE;

  if (g_date_time_compare (self->valid_from, self->valid_until) >= 0)
    {
      ringi_record_reader_fail (reader, error, _("the period ends before it starts"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_signature_data (RingiDelegation *self,
                     RingiRecordReader *reader,
                     GError **error)
{
  return ringi_record_reader_take_fingerprint (reader, "Signer-Key", &self->signer_key, error) &&
         ringi_record_reader_take_time (reader, "Time", &self->time, error);
}

/**
 * ringi_delegation_parse:
 * @bytes: the bytes of a delegation record
 * @error: return location for a #GError
 *
 * Reads a delegation record strictly, like ringi_stamp_parse(): the
 * result's ringi_delegation_to_bytes() gives back @bytes exactly.
 *
 * Returns: (transfer full): the delegation, or %NULL with @error set
 */
RingiDelegation *
ringi_delegation_parse (GBytes *bytes,
                        GError **error)
{
  g_autoptr(RingiDelegation) self = g_new0 (RingiDelegation, 1);
  RingiRecordReader reader;
  gboolean ok;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_atomic_ref_count_init (&self->ref_count);

  ok = ringi_record_reader_init (&reader, bytes, _("Delegation record"), delegation_keys,
                                 RINGI_DELEGATION_ERROR, RINGI_DELEGATION_ERROR_MALFORMED, error) &&
       ringi_record_reader_take_version (&reader, "Ringi-Delegation", RINGI_DELEGATION_FORMAT_VERSION, RINGI_DELEGATION_ERROR_UNSUPPORTED, error) &&
       read_parties (self, &reader, error) &&
       read_period (self, &reader, error) &&
       read_signature_data (self, &reader, error) &&
       ringi_record_reader_finish (&reader, error);
  ringi_record_reader_clear (&reader);

  if (!ok)
    return NULL;

  self->bytes = g_bytes_ref (bytes);
  self->sha256 = ringi_record_sha256 (bytes);
  return g_steal_pointer (&self);
}

/**
 * ringi_delegation_new:
 * @fields: what the delegation says
 * @error: return location for a #GError
 *
 * Writes the canonical record for @fields and reads it back with
 * ringi_delegation_parse(), so that a field breaking the format's rules
 * gives %RINGI_DELEGATION_ERROR_MALFORMED naming its line.
 *
 * Returns: (transfer full): the delegation, or %NULL with @error set
 */
RingiDelegation *
ringi_delegation_new (const RingiDelegationFields *fields,
                      GError **error)
{
  g_autoptr(GString) record = g_string_new (NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *valid_from = NULL;
  g_autofree char *valid_until = NULL;
  g_autofree char *time = NULL;
  char version[16];

  g_return_val_if_fail (fields != NULL, NULL);
  g_return_val_if_fail (fields->id != NULL && fields->from != NULL && fields->to != NULL, NULL);
  g_return_val_if_fail (fields->valid_from != NULL && fields->valid_until != NULL, NULL);
  g_return_val_if_fail (fields->signer_key != NULL && fields->time != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!ringi_record_value_is_safe (fields->id) ||
      !ringi_record_value_is_safe (fields->from) ||
      !ringi_record_value_is_safe (fields->to) ||
      !ringi_record_value_is_safe (fields->signer_key))
    {
      g_set_error (error, RINGI_DELEGATION_ERROR, RINGI_DELEGATION_ERROR_MALFORMED,
                   _("A delegation field contains a line break or another control character"));
      return NULL;
    }

  valid_from = ringi_record_format_time (fields->valid_from);
  valid_until = ringi_record_format_time (fields->valid_until);
  time = ringi_record_format_time (fields->time);
  g_snprintf (version, sizeof version, "%u", RINGI_DELEGATION_FORMAT_VERSION);

  ringi_record_append (record, "Ringi-Delegation", version);
  ringi_record_append (record, "Delegation", fields->id);
  ringi_record_append (record, "From", fields->from);
  ringi_record_append (record, "To", fields->to);
  ringi_record_append (record, "Valid-From", valid_from);
  ringi_record_append (record, "Valid-Until", valid_until);
  ringi_record_append (record, "Signer-Key", fields->signer_key);
  ringi_record_append (record, "Time", time);

  bytes = g_string_free_to_bytes (g_steal_pointer (&record));
  return ringi_delegation_parse (bytes, error);
}

/**
 * ringi_delegation_to_bytes:
 * @self: a #RingiDelegation
 *
 * Returns: (transfer full): the exact bytes of the record, the ones the
 *   delegator signs
 */
GBytes *
ringi_delegation_to_bytes (RingiDelegation *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_bytes_ref (self->bytes);
}

/**
 * ringi_delegation_dup_sha256:
 * @self: a #RingiDelegation
 *
 * Returns: (transfer full): the sha256 of the record's bytes
 */
char *
ringi_delegation_dup_sha256 (RingiDelegation *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_strdup (self->sha256);
}

const char *
ringi_delegation_get_id (RingiDelegation *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->id;
}

const char *
ringi_delegation_get_from (RingiDelegation *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->from;
}

const char *
ringi_delegation_get_to (RingiDelegation *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->to;
}

/**
 * ringi_delegation_get_valid_from:
 * @self: a #RingiDelegation
 *
 * Returns: (transfer none): the first instant the delegation covers
 */
GDateTime *
ringi_delegation_get_valid_from (RingiDelegation *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->valid_from;
}

/**
 * ringi_delegation_get_valid_until:
 * @self: a #RingiDelegation
 *
 * Returns: (transfer none): the first instant the delegation no longer
 *   covers
 */
GDateTime *
ringi_delegation_get_valid_until (RingiDelegation *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->valid_until;
}

const char *
ringi_delegation_get_signer_key (RingiDelegation *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->signer_key;
}

/**
 * ringi_delegation_get_time:
 * @self: a #RingiDelegation
 *
 * Returns: (transfer none): when the delegation was made
 */
GDateTime *
ringi_delegation_get_time (RingiDelegation *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->time;
}

/**
 * ringi_delegation_covers:
 * @self: a #RingiDelegation
 * @from: the person acted for
 * @to: the person acting
 * @time: when the act took place
 *
 * Whether the record lets @to act for @from at @time. The period is
 * half-open: `Valid-From` is covered, `Valid-Until` no longer is. This
 * reads the record only; its signature is the verifier's business.
 *
 * Returns: %TRUE when the record covers the act
 */
gboolean
ringi_delegation_covers (RingiDelegation *self,
                         const char *from,
                         const char *to,
                         GDateTime *time)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (from != NULL && to != NULL && time != NULL, FALSE);

  return g_str_equal (self->from, from) &&
         g_str_equal (self->to, to) &&
         g_date_time_compare (self->valid_from, time) <= 0 &&
         g_date_time_compare (time, self->valid_until) < 0;
}
