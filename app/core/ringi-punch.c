/* ringi-punch.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-punch"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ringi-punch.h"
#include "ringi-record-private.h"

struct _RingiPunch
{
  gatomicrefcount ref_count;

  /* The exact record: written once, then only ever read back as is. */
  GBytes *bytes;
  char *sha256;

  char *punch;
  char *login;
  char *signer_key;
  RingiPunchKind kind;
  RingiPunchPlace place;
  GDateTime *client_time;
  char *note_sha256;
  char *corrects;
  gboolean imported;
};

G_DEFINE_BOXED_TYPE (RingiPunch, ringi_punch, ringi_punch_ref, ringi_punch_unref)
G_DEFINE_QUARK (ringi-punch-error-quark, ringi_punch_error)

static const char *const punch_keys[] = {
  "Ringi-Punch",
  "Punch",
  "Login",
  "Signer-Key",
  "Kind",
  "Place",
  "Client-Time",
  "Note-SHA256",
  "Corrects",
  "Imported",
  NULL
};

/* In the order of RingiPunchKind and RingiPunchPlace */
static const char *const kind_names[] = {
  "clock-in",
  "clock-out",
  "break-start",
  "break-end",
  "out",
  "in",
};

static const char *const place_names[] = {
  "home",
  "office",
  "satellite",
  "trip",
};

const char *
ringi_punch_kind_to_string (RingiPunchKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), NULL);

  return kind_names[kind];
}

static gboolean
find_name (const char *const *names,
           guint n_names,
           const char *text,
           guint *out_index)
{
  for (guint i = 0; i < n_names; i++)
    {
      if (g_str_equal (text, names[i]))
        {
          *out_index = i;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * ringi_punch_kind_from_string:
 * @text: a kind word such as "break-start"
 * @out_kind: (out): the kind
 *
 * Returns: %TRUE if @text names a kind
 */
gboolean
ringi_punch_kind_from_string (const char *text,
                              RingiPunchKind *out_kind)
{
  guint index;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out_kind != NULL, FALSE);

  if (!find_name (kind_names, G_N_ELEMENTS (kind_names), text, &index))
    return FALSE;

  *out_kind = index;
  return TRUE;
}

const char *
ringi_punch_place_to_string (RingiPunchPlace place)
{
  g_return_val_if_fail ((guint) place < G_N_ELEMENTS (place_names), NULL);

  return place_names[place];
}

/**
 * ringi_punch_kind_get_label:
 * @kind: a kind of punch
 *
 * Returns: the kind in words for people (出勤 in Japanese), the same in
 *   every page, form and export
 */
const char *
ringi_punch_kind_get_label (RingiPunchKind kind)
{
  switch (kind)
    {
    case RINGI_PUNCH_CLOCK_IN:
      return _("Clock in");
    case RINGI_PUNCH_CLOCK_OUT:
      return _("Clock out");
    case RINGI_PUNCH_BREAK_START:
      return _("Break start");
    case RINGI_PUNCH_BREAK_END:
      return _("Break end");
    case RINGI_PUNCH_OUT:
      /* Translators: the start of a time out (中抜け) */
      return _("Step out");
    case RINGI_PUNCH_IN:
      /* Translators: the end of a time out (中抜け) */
      return _("Back in");
    default:
      g_return_val_if_reached ("");
    }
}

/**
 * ringi_punch_place_get_label:
 * @place: a place of work
 *
 * Returns: the place in words for people (在宅 in Japanese)
 */
const char *
ringi_punch_place_get_label (RingiPunchPlace place)
{
  switch (place)
    {
    case RINGI_PUNCH_PLACE_HOME:
      /* Translators: place of work, 在宅 */
      return _("Home");
    case RINGI_PUNCH_PLACE_OFFICE:
      /* Translators: place of work, 庁舎 */
      return _("Office");
    case RINGI_PUNCH_PLACE_SATELLITE:
      /* Translators: place of work, サテライト */
      return _("Satellite Office");
    case RINGI_PUNCH_PLACE_TRIP:
      /* Translators: place of work, 出張 */
      return _("Business Trip");
    default:
      g_return_val_if_reached ("");
    }
}

/**
 * ringi_punch_place_from_string:
 * @text: a place word such as "home"
 * @out_place: (out): the place
 *
 * Returns: %TRUE if @text names a place
 */
gboolean
ringi_punch_place_from_string (const char *text,
                               RingiPunchPlace *out_place)
{
  guint index;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out_place != NULL, FALSE);

  if (!find_name (place_names, G_N_ELEMENTS (place_names), text, &index))
    return FALSE;

  *out_place = index;
  return TRUE;
}

static void
ringi_punch_free (RingiPunch *self)
{
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->sha256, g_free);
  g_clear_pointer (&self->punch, g_free);
  g_clear_pointer (&self->login, g_free);
  g_clear_pointer (&self->signer_key, g_free);
  g_clear_pointer (&self->client_time, g_date_time_unref);
  g_clear_pointer (&self->note_sha256, g_free);
  g_clear_pointer (&self->corrects, g_free);
  g_free (self);
}

RingiPunch *
ringi_punch_ref (RingiPunch *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
ringi_punch_unref (RingiPunch *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    ringi_punch_free (self);
}

static gboolean
read_identity (RingiPunch *self,
               RingiRecordReader *reader,
               GError **error)
{
  return ringi_record_reader_take_uuid (reader, "Punch", &self->punch, error) &&
         ringi_record_reader_take_login (reader, "Login", &self->login, error) &&
         ringi_record_reader_take_fingerprint (reader, "Signer-Key", &self->signer_key, error);
}

static gboolean
read_kind_and_place (RingiPunch *self,
                     RingiRecordReader *reader,
                     GError **error)
{
  const char *value;

  if (!ringi_record_reader_take (reader, "Kind", &value, error))
    return FALSE;
  if (!ringi_punch_kind_from_string (value, &self->kind))
    {
      ringi_record_reader_fail (reader, error, _("unknown punch kind “%s”"), value);
      return FALSE;
    }

  if (!ringi_record_reader_take (reader, "Place", &value, error))
    return FALSE;
  if (!ringi_punch_place_from_string (value, &self->place))
    {
      ringi_record_reader_fail (reader, error, _("unknown place of work “%s”"), value);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_note (RingiPunch *self,
           RingiRecordReader *reader,
           GError **error)
{
  const char *value;

  if (!ringi_record_reader_take (reader, "Note-SHA256", &value, error))
    return FALSE;

  if (g_str_equal (value, "none"))
    return TRUE;

  if (!ringi_record_is_sha256 (value))
    {
      ringi_record_reader_fail (reader, error, _("the value is neither “none” nor 64 lower-case hex digits"));
      return FALSE;
    }

  self->note_sha256 = g_strdup (value);
  return TRUE;
}

static gboolean
read_corrects (RingiPunch *self,
               RingiRecordReader *reader,
               GError **error)
{
  const char *value;

  if (!ringi_record_reader_take_optional (reader, "Corrects", &value, error))
    return FALSE;
  if (value == NULL)
    return TRUE;

  if (!ringi_record_is_uuid (value))
    {
      ringi_record_reader_fail (reader, error, _("the value is not a lower-case uuid"));
      return FALSE;
    }

  if (g_str_equal (value, self->punch))
    {
      ringi_record_reader_fail (reader, error, _("a punch cannot correct itself"));
      return FALSE;
    }

  self->corrects = g_strdup (value);
  return TRUE;
}

static gboolean
read_imported (RingiPunch *self,
               RingiRecordReader *reader,
               GError **error)
{
  const char *value;

  if (!ringi_record_reader_take_optional (reader, "Imported", &value, error))
    return FALSE;
  if (value == NULL)
    return TRUE;

  /* Absent means no: one spelling per record. */
  if (!g_str_equal (value, "yes"))
    {
      ringi_record_reader_fail (reader, error, _("the value is not “yes” (leave the line out otherwise)"));
      return FALSE;
    }

  self->imported = TRUE;
  return TRUE;
}

static RingiPunch *
punch_alloc (void)
{
  RingiPunch *self = g_new0 (RingiPunch, 1);

  g_atomic_ref_count_init (&self->ref_count);
  return self;
}

/**
 * ringi_punch_parse:
 * @bytes: the bytes of a punch record
 * @error: return location for a #GError
 *
 * Reads a punch record strictly: anything but the canonical form of
 * docs/punch-format.md is refused, so that ringi_punch_to_bytes() on the
 * result gives back @bytes exactly.
 *
 * Returns: (transfer full): the punch, or %NULL with @error set
 */
RingiPunch *
ringi_punch_parse (GBytes *bytes,
                   GError **error)
{
  g_autoptr(RingiPunch) self = punch_alloc ();
  RingiRecordReader reader;
  gboolean ok;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ok = ringi_record_reader_init (&reader, bytes, _("Punch record"), punch_keys,
                                 RINGI_PUNCH_ERROR, RINGI_PUNCH_ERROR_MALFORMED, error) &&
       ringi_record_reader_take_version (&reader, "Ringi-Punch", RINGI_PUNCH_FORMAT_VERSION, RINGI_PUNCH_ERROR_UNSUPPORTED, error) &&
       read_identity (self, &reader, error) &&
       read_kind_and_place (self, &reader, error) &&
       ringi_record_reader_take_time (&reader, "Client-Time", &self->client_time, error) &&
       read_note (self, &reader, error) &&
       read_corrects (self, &reader, error) &&
       read_imported (self, &reader, error) &&
       ringi_record_reader_finish (&reader, error);
  ringi_record_reader_clear (&reader);

  if (!ok)
    return NULL;

  self->bytes = g_bytes_ref (bytes);
  self->sha256 = ringi_record_sha256 (bytes);
  return g_steal_pointer (&self);
}

static gboolean
fields_are_safe (const RingiPunchFields *fields)
{
  return ringi_record_value_is_safe (fields->punch) &&
         ringi_record_value_is_safe (fields->login) &&
         ringi_record_value_is_safe (fields->signer_key) &&
         (fields->note_sha256 == NULL || ringi_record_value_is_safe (fields->note_sha256)) &&
         (fields->corrects == NULL || ringi_record_value_is_safe (fields->corrects));
}

static void
format_fields (const RingiPunchFields *fields,
               GString *record)
{
  g_autofree char *time = ringi_record_format_time (fields->client_time);

  ringi_record_append (record, "Ringi-Punch", G_STRINGIFY (RINGI_PUNCH_FORMAT_VERSION));
  ringi_record_append (record, "Punch", fields->punch);
  ringi_record_append (record, "Login", fields->login);
  ringi_record_append (record, "Signer-Key", fields->signer_key);
  ringi_record_append (record, "Kind", ringi_punch_kind_to_string (fields->kind));
  ringi_record_append (record, "Place", ringi_punch_place_to_string (fields->place));
  ringi_record_append (record, "Client-Time", time);
  ringi_record_append (record, "Note-SHA256", fields->note_sha256 ? fields->note_sha256 : "none");
  if (fields->corrects != NULL)
    ringi_record_append (record, "Corrects", fields->corrects);
  if (fields->imported)
    ringi_record_append (record, "Imported", "yes");
}

/**
 * ringi_punch_new:
 * @fields: what the punch says
 * @error: return location for a #GError
 *
 * Writes the canonical record for @fields. The record is read back with
 * ringi_punch_parse(), so a punch made here obeys exactly the rules a
 * verifier applies; a field that breaks them gives
 * %RINGI_PUNCH_ERROR_MALFORMED naming its line.
 *
 * Returns: (transfer full): the punch, or %NULL with @error set
 */
RingiPunch *
ringi_punch_new (const RingiPunchFields *fields,
                 GError **error)
{
  g_autoptr(GString) record = g_string_new (NULL);
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (fields != NULL, NULL);
  g_return_val_if_fail (fields->punch != NULL, NULL);
  g_return_val_if_fail (fields->login != NULL, NULL);
  g_return_val_if_fail (fields->signer_key != NULL, NULL);
  g_return_val_if_fail (fields->client_time != NULL, NULL);
  g_return_val_if_fail (ringi_punch_kind_to_string (fields->kind) != NULL, NULL);
  g_return_val_if_fail (ringi_punch_place_to_string (fields->place) != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!fields_are_safe (fields))
    {
      g_set_error (error, RINGI_PUNCH_ERROR, RINGI_PUNCH_ERROR_MALFORMED,
                   _("A punch field contains a line break or another control character"));
      return NULL;
    }

  format_fields (fields, record);
  bytes = g_string_free_to_bytes (g_steal_pointer (&record));
  return ringi_punch_parse (bytes, error);
}

/**
 * ringi_punch_to_bytes:
 * @self: a #RingiPunch
 *
 * Returns: (transfer full): the exact bytes of the record, the ones that
 *   are signed and hashed
 */
GBytes *
ringi_punch_to_bytes (RingiPunch *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_bytes_ref (self->bytes);
}

/**
 * ringi_punch_dup_sha256:
 * @self: a #RingiPunch
 *
 * Returns: (transfer full): the sha256 of the record's bytes, the value a
 *   monthly close lists for the punch
 */
char *
ringi_punch_dup_sha256 (RingiPunch *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_strdup (self->sha256);
}

const char *
ringi_punch_get_punch (RingiPunch *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->punch;
}

const char *
ringi_punch_get_login (RingiPunch *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->login;
}

const char *
ringi_punch_get_signer_key (RingiPunch *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->signer_key;
}

RingiPunchKind
ringi_punch_get_kind (RingiPunch *self)
{
  g_return_val_if_fail (self != NULL, RINGI_PUNCH_CLOCK_IN);

  return self->kind;
}

RingiPunchPlace
ringi_punch_get_place (RingiPunch *self)
{
  g_return_val_if_fail (self != NULL, RINGI_PUNCH_PLACE_OFFICE);

  return self->place;
}

/**
 * ringi_punch_get_client_time:
 * @self: a #RingiPunch
 *
 * Returns: (transfer none): the time by the punching device's clock, in
 *   its recorded offset
 */
GDateTime *
ringi_punch_get_client_time (RingiPunch *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->client_time;
}

/**
 * ringi_punch_get_note_sha256:
 * @self: a #RingiPunch
 *
 * Returns: (nullable): the sha256 of the note, or %NULL without one
 */
const char *
ringi_punch_get_note_sha256 (RingiPunch *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->note_sha256;
}

/**
 * ringi_punch_get_corrects:
 * @self: a #RingiPunch
 *
 * Returns: (nullable): the uuid of the punch this one replaces, or %NULL
 */
const char *
ringi_punch_get_corrects (RingiPunch *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->corrects;
}

gboolean
ringi_punch_get_imported (RingiPunch *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->imported;
}

/**
 * ringi_punch_hash_note:
 * @note: the note as the person wrote it
 *
 * Returns: (transfer full): the sha256 of the note's UTF-8 bytes, for the
 *   `Note-SHA256` line
 */
char *
ringi_punch_hash_note (const char *note)
{
  g_return_val_if_fail (note != NULL, NULL);
  g_return_val_if_fail (g_utf8_validate (note, -1, NULL), NULL);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, note, -1);
}
