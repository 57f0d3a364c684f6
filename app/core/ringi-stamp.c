/* ringi-stamp.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-stamp"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ringi-record-private.h"
#include "ringi-stamp.h"

/* Placement numbers are written with at most two decimals and at most
 * six integer digits: far beyond any real page, small enough that
 * hundredths of a point fit a guint without rounding. */
#define PLACEMENT_MAX_CENTI 99999999u

struct _RingiStamp
{
  gatomicrefcount ref_count;

  /* The exact record: written once, then only ever read back as is. */
  GBytes *bytes;
  char *sha256;

  char *document;
  guint revision;
  char *document_sha256;
  guint step;
  RingiAction action;
  guint to_step;
  char *signer;
  char *signer_key;
  char *on_behalf_of;
  GDateTime *time;
  char *previous;
  char *comment_sha256;
  char *route;
  gboolean has_placement;
  RingiPlacement placement;
};

G_DEFINE_BOXED_TYPE (RingiStamp, ringi_stamp, ringi_stamp_ref, ringi_stamp_unref)
G_DEFINE_QUARK (ringi-stamp-error-quark, ringi_stamp_error)

static const char *const stamp_keys[] = {
  "Ringi-Stamp",
  "Document",
  "Revision",
  "Document-SHA256",
  "Step",
  "Action",
  "To-Step",
  "Signer",
  "Signer-Key",
  "On-Behalf-Of",
  "Time",
  "Previous",
  "Comment-SHA256",
  "Route",
  "Placement",
  NULL
};

/* Submit, resubmit and withdraw act on the request, not on a step. */
static gboolean
action_is_on_request (RingiAction action)
{
  return action == RINGI_ACTION_SUBMIT ||
         action == RINGI_ACTION_RESUBMIT ||
         action == RINGI_ACTION_WITHDRAW;
}

static gboolean
action_carries_route (RingiAction action)
{
  return action == RINGI_ACTION_SUBMIT || action == RINGI_ACTION_RESUBMIT;
}

static void
ringi_stamp_free (RingiStamp *self)
{
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->sha256, g_free);
  g_clear_pointer (&self->document, g_free);
  g_clear_pointer (&self->document_sha256, g_free);
  g_clear_pointer (&self->signer, g_free);
  g_clear_pointer (&self->signer_key, g_free);
  g_clear_pointer (&self->on_behalf_of, g_free);
  g_clear_pointer (&self->time, g_date_time_unref);
  g_clear_pointer (&self->previous, g_free);
  g_clear_pointer (&self->comment_sha256, g_free);
  g_clear_pointer (&self->route, g_free);
  g_free (self);
}

RingiStamp *
ringi_stamp_ref (RingiStamp *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
ringi_stamp_unref (RingiStamp *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    ringi_stamp_free (self);
}

static char *
format_centi (guint centi)
{
  guint whole = centi / 100;
  guint fraction = centi % 100;

  if (fraction == 0)
    return g_strdup_printf ("%u", whole);
  if (fraction % 10 == 0)
    return g_strdup_printf ("%u.%u", whole, fraction / 10);
  return g_strdup_printf ("%u.%02u", whole, fraction);
}

/* One spelling per number: no leading zero, no trailing zero in the
 * fraction, no sign, no exponent. */
static gboolean
parse_centi (const char *text,
             guint *out_centi)
{
  const char *dot = strchr (text, '.');
  g_autofree char *whole_text = g_strndup (text, dot ? (gsize) (dot - text) : strlen (text));
  guint whole, fraction = 0;

  if (strlen (whole_text) > 6 || !ringi_record_parse_uint (whole_text, &whole))
    return FALSE;

  if (dot != NULL)
    {
      const char *digits = dot + 1;
      gsize n = strlen (digits);

      if (n < 1 || n > 2 || !g_ascii_isdigit (digits[0]) ||
          (n == 2 && !g_ascii_isdigit (digits[1])) || digits[n - 1] == '0')
        return FALSE;

      fraction = (digits[0] - '0') * 10 + (n == 2 ? digits[1] - '0' : 0);
    }

  *out_centi = whole * 100 + fraction;
  return TRUE;
}

static gboolean
to_centi (double value,
          guint *out_centi)
{
  double centi = value * 100.0 + 0.5;

  /* written so that NaN fails too */
  if (!(centi >= 0.5 && centi < PLACEMENT_MAX_CENTI + 1.0))
    return FALSE;

  *out_centi = (guint) centi;
  return TRUE;
}

static char *
format_placement (const RingiPlacement *placement)
{
  guint x, y, size;
  g_autofree char *x_text = NULL;
  g_autofree char *y_text = NULL;
  g_autofree char *size_text = NULL;

  if (!to_centi (placement->x, &x) || !to_centi (placement->y, &y) || !to_centi (placement->size, &size))
    return NULL;

  x_text = format_centi (x);
  y_text = format_centi (y);
  size_text = format_centi (size);
  return g_strdup_printf ("%u %s %s %s", placement->page, x_text, y_text, size_text);
}

static gboolean
parse_placement (const char *text,
                 RingiPlacement *out_placement)
{
  g_auto(GStrv) parts = g_strsplit (text, " ", -1);
  guint page, x, y, size;

  if (g_strv_length (parts) != 4 ||
      !ringi_record_parse_uint (parts[0], &page) || page < 1 ||
      !parse_centi (parts[1], &x) ||
      !parse_centi (parts[2], &y) ||
      !parse_centi (parts[3], &size) || size == 0)
    return FALSE;

  *out_placement = (RingiPlacement){
    .page = page,
    .x = x / 100.0,
    .y = y / 100.0,
    .size = size / 100.0,
  };
  return TRUE;
}

static gboolean
read_document (RingiStamp *self,
               RingiRecordReader *reader,
               GError **error)
{
  const char *value;

  if (!ringi_record_reader_take_uuid (reader, "Document", &self->document, error) ||
      !ringi_record_reader_take (reader, "Revision", &value, error))
    return FALSE;

  if (!ringi_record_parse_uint (value, &self->revision) || self->revision < 1)
    {
      ringi_record_reader_fail (reader, error, _("the revision is not a number from 1"));
      return FALSE;
    }

  return ringi_record_reader_take_sha256 (reader, "Document-SHA256", &self->document_sha256, error);
}

static gboolean
read_action (RingiStamp *self,
             RingiRecordReader *reader,
             GError **error)
{
  const char *value;

  if (!ringi_record_reader_take (reader, "Step", &value, error))
    return FALSE;
  if (!ringi_record_parse_uint (value, &self->step))
    {
      ringi_record_reader_fail (reader, error, _("the step is not a number"));
      return FALSE;
    }

  if (!ringi_record_reader_take (reader, "Action", &value, error))
    return FALSE;
  if (!ringi_action_from_string (value, &self->action))
    {
      ringi_record_reader_fail (reader, error, _("unknown action “%s”"), value);
      return FALSE;
    }
  if (action_is_on_request (self->action) != (self->step == 0))
    {
      ringi_record_reader_fail (reader, error,
                                action_is_on_request (self->action)
                                  ? _("“%s” acts on the whole request and needs Step 0")
                                  : _("“%s” acts on a route step and needs a Step from 1"),
                                value);
      return FALSE;
    }

  if (!ringi_record_reader_take_optional (reader, "To-Step", &value, error))
    return FALSE;
  if (value != NULL)
    {
      if (self->action != RINGI_ACTION_SEND_BACK)
        {
          ringi_record_reader_fail (reader, error, _("only a send-back names a step to return to"));
          return FALSE;
        }
      if (!ringi_record_parse_uint (value, &self->to_step) || self->to_step < 1 || self->to_step >= self->step)
        {
          ringi_record_reader_fail (reader, error, _("the step to return to must be a number from 1 up to the step before Step"));
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
read_signer (RingiStamp *self,
             RingiRecordReader *reader,
             GError **error)
{
  const char *value;

  if (!ringi_record_reader_take_login (reader, "Signer", &self->signer, error) ||
      !ringi_record_reader_take_fingerprint (reader, "Signer-Key", &self->signer_key, error) ||
      !ringi_record_reader_take_optional (reader, "On-Behalf-Of", &value, error))
    return FALSE;

  if (value != NULL)
    {
      if (!ringi_route_login_is_valid (value) || g_str_equal (value, self->signer))
        {
          ringi_record_reader_fail (reader, error, _("“%s” is not a login other than the signer’s"), value);
          return FALSE;
        }
      self->on_behalf_of = g_strdup (value);
    }

  return TRUE;
}

/* "none" or a sha256 */
static gboolean
read_optional_sha256 (RingiRecordReader *reader,
                      const char *key,
                      char **out_sha256,
                      GError **error)
{
  const char *value;

  if (!ringi_record_reader_take (reader, key, &value, error))
    return FALSE;

  if (g_str_equal (value, "none"))
    return TRUE;

  if (!ringi_record_is_sha256 (value))
    {
      ringi_record_reader_fail (reader, error, _("the value is neither “none” nor 64 lower-case hex digits"));
      return FALSE;
    }

  *out_sha256 = g_strdup (value);
  return TRUE;
}

static gboolean
read_time_and_chain (RingiStamp *self,
                     RingiRecordReader *reader,
                     GError **error)
{
  return ringi_record_reader_take_time (reader, "Time", &self->time, error) &&
         read_optional_sha256 (reader, "Previous", &self->previous, error) &&
         read_optional_sha256 (reader, "Comment-SHA256", &self->comment_sha256, error);
}

/* The route is signed as text, so it must have one spelling: the one
 * ringi_route_to_string() writes. */
static gboolean
check_route (RingiRecordReader *reader,
             const char *text,
             GError **error)
{
  g_autoptr(GError) route_error = NULL;
  g_autoptr(RingiRoute) route = ringi_route_parse (text, &route_error);
  g_autofree char *canonical = NULL;

  if (route == NULL)
    {
      ringi_record_reader_fail (reader, error, _("the route is not valid: %s"), route_error->message);
      return FALSE;
    }

  canonical = ringi_route_to_string (route);
  if (!g_str_equal (canonical, text))
    {
      ringi_record_reader_fail (reader, error, _("the route is not written in its canonical form “%s”"), canonical);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_route_and_placement (RingiStamp *self,
                          RingiRecordReader *reader,
                          GError **error)
{
  const char *value;

  if (action_carries_route (self->action))
    {
      if (!ringi_record_reader_take (reader, "Route", &value, error) ||
          !check_route (reader, value, error))
        return FALSE;
      self->route = g_strdup (value);
    }
  else
    {
      if (!ringi_record_reader_take_optional (reader, "Route", &value, error))
        return FALSE;
      if (value != NULL)
        {
          ringi_record_reader_fail (reader, error, _("only submit and resubmit stamps carry a route"));
          return FALSE;
        }
    }

  if (!ringi_record_reader_take_optional (reader, "Placement", &value, error))
    return FALSE;
  if (value != NULL)
    {
      if (!parse_placement (value, &self->placement))
        {
          ringi_record_reader_fail (reader, error, _("the placement is not “page x y size” with numbers of at most two decimals"));
          return FALSE;
        }
      self->has_placement = TRUE;
    }

  return TRUE;
}

static RingiStamp *
stamp_alloc (void)
{
  RingiStamp *self = g_new0 (RingiStamp, 1);

  g_atomic_ref_count_init (&self->ref_count);
  return self;
}

/**
 * ringi_stamp_parse:
 * @bytes: the bytes of a stamp record
 * @error: return location for a #GError
 *
 * Reads a stamp record strictly: anything but the canonical form of
 * docs/stamp-format.md is refused, so that ringi_stamp_to_bytes() on the
 * result gives back @bytes exactly.
 *
 * Returns: (transfer full): the stamp, or %NULL with @error set
 */
RingiStamp *
ringi_stamp_parse (GBytes *bytes,
                   GError **error)
{
  g_autoptr(RingiStamp) self = stamp_alloc ();
  RingiRecordReader reader;
  gboolean ok;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ok = ringi_record_reader_init (&reader, bytes, _("Stamp record"), stamp_keys,
                                 RINGI_STAMP_ERROR, RINGI_STAMP_ERROR_MALFORMED, error) &&
       ringi_record_reader_take_version (&reader, "Ringi-Stamp", RINGI_STAMP_FORMAT_VERSION, RINGI_STAMP_ERROR_UNSUPPORTED, error) &&
       read_document (self, &reader, error) &&
       read_action (self, &reader, error) &&
       read_signer (self, &reader, error) &&
       read_time_and_chain (self, &reader, error) &&
       read_route_and_placement (self, &reader, error) &&
       ringi_record_reader_finish (&reader, error);
  ringi_record_reader_clear (&reader);

  if (!ok)
    return NULL;

  self->bytes = g_bytes_ref (bytes);
  self->sha256 = ringi_record_sha256 (bytes);
  return g_steal_pointer (&self);
}

static gboolean
fields_are_safe (const RingiStampFields *fields)
{
  const char *const optional[] = {
    fields->on_behalf_of,
    fields->previous,
    fields->comment_sha256,
    fields->route,
  };

  if (!ringi_record_value_is_safe (fields->document) ||
      !ringi_record_value_is_safe (fields->document_sha256) ||
      !ringi_record_value_is_safe (fields->signer) ||
      !ringi_record_value_is_safe (fields->signer_key))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (optional); i++)
    if (optional[i] != NULL && !ringi_record_value_is_safe (optional[i]))
      return FALSE;

  return TRUE;
}

static void
append_uint (GString *record,
             const char *key,
             guint value)
{
  char text[16];

  g_snprintf (text, sizeof text, "%u", value);
  ringi_record_append (record, key, text);
}

static void
format_fields (const RingiStampFields *fields,
               GString *record)
{
  g_autofree char *time = ringi_record_format_time (fields->time);

  append_uint (record, "Ringi-Stamp", RINGI_STAMP_FORMAT_VERSION);
  ringi_record_append (record, "Document", fields->document);
  append_uint (record, "Revision", fields->revision);
  ringi_record_append (record, "Document-SHA256", fields->document_sha256);
  append_uint (record, "Step", fields->step);
  ringi_record_append (record, "Action", ringi_action_to_string (fields->action));
  if (fields->to_step != 0)
    append_uint (record, "To-Step", fields->to_step);
  ringi_record_append (record, "Signer", fields->signer);
  ringi_record_append (record, "Signer-Key", fields->signer_key);
  if (fields->on_behalf_of != NULL)
    ringi_record_append (record, "On-Behalf-Of", fields->on_behalf_of);
  ringi_record_append (record, "Time", time);
  ringi_record_append (record, "Previous", fields->previous ? fields->previous : "none");
  ringi_record_append (record, "Comment-SHA256", fields->comment_sha256 ? fields->comment_sha256 : "none");
  if (fields->route != NULL)
    ringi_record_append (record, "Route", fields->route);
}

/**
 * ringi_stamp_new:
 * @fields: what the stamp says
 * @error: return location for a #GError
 *
 * Writes the canonical record for @fields. The record is read back with
 * ringi_stamp_parse(), so a stamp made here obeys exactly the rules a
 * verifier applies; a field that breaks them gives
 * %RINGI_STAMP_ERROR_MALFORMED naming its line.
 *
 * Returns: (transfer full): the stamp, or %NULL with @error set
 */
RingiStamp *
ringi_stamp_new (const RingiStampFields *fields,
                 GError **error)
{
  g_autoptr(GString) record = g_string_new (NULL);
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (fields != NULL, NULL);
  g_return_val_if_fail (fields->document != NULL, NULL);
  g_return_val_if_fail (fields->document_sha256 != NULL, NULL);
  g_return_val_if_fail (fields->signer != NULL, NULL);
  g_return_val_if_fail (fields->signer_key != NULL, NULL);
  g_return_val_if_fail (fields->time != NULL, NULL);
  g_return_val_if_fail (ringi_action_to_string (fields->action) != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!fields_are_safe (fields))
    {
      g_set_error (error, RINGI_STAMP_ERROR, RINGI_STAMP_ERROR_MALFORMED,
                   _("A stamp field contains a line break or another control character"));
      return NULL;
    }

  format_fields (fields, record);

  if (fields->placement != NULL)
    {
      g_autofree char *placement = format_placement (fields->placement);

      if (placement == NULL)
        {
          g_set_error (error, RINGI_STAMP_ERROR, RINGI_STAMP_ERROR_MALFORMED,
                       _("The seal placement is outside the page coordinates a stamp can record"));
          return NULL;
        }
      ringi_record_append (record, "Placement", placement);
    }

  bytes = g_string_free_to_bytes (g_steal_pointer (&record));
  return ringi_stamp_parse (bytes, error);
}

/**
 * ringi_stamp_to_bytes:
 * @self: a #RingiStamp
 *
 * Returns: (transfer full): the exact bytes of the record, the ones that
 *   are signed and hashed
 */
GBytes *
ringi_stamp_to_bytes (RingiStamp *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_bytes_ref (self->bytes);
}

/**
 * ringi_stamp_dup_sha256:
 * @self: a #RingiStamp
 *
 * Returns: (transfer full): the sha256 of the record's bytes, the value
 *   the next stamp's `Previous` line carries
 */
char *
ringi_stamp_dup_sha256 (RingiStamp *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_strdup (self->sha256);
}

const char *
ringi_stamp_get_document (RingiStamp *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->document;
}

guint
ringi_stamp_get_revision (RingiStamp *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->revision;
}

const char *
ringi_stamp_get_document_sha256 (RingiStamp *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->document_sha256;
}

guint
ringi_stamp_get_step (RingiStamp *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->step;
}

RingiAction
ringi_stamp_get_action (RingiStamp *self)
{
  g_return_val_if_fail (self != NULL, RINGI_ACTION_SUBMIT);

  return self->action;
}

/**
 * ringi_stamp_get_to_step:
 * @self: a #RingiStamp
 *
 * Returns: the step a send-back returns to, or 0 for the applicant
 */
guint
ringi_stamp_get_to_step (RingiStamp *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->to_step;
}

const char *
ringi_stamp_get_signer (RingiStamp *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->signer;
}

const char *
ringi_stamp_get_signer_key (RingiStamp *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->signer_key;
}

/**
 * ringi_stamp_get_on_behalf_of:
 * @self: a #RingiStamp
 *
 * Returns: (nullable): the login the signer acted for, if a delegate
 */
const char *
ringi_stamp_get_on_behalf_of (RingiStamp *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->on_behalf_of;
}

/**
 * ringi_stamp_get_time:
 * @self: a #RingiStamp
 *
 * Returns: (transfer none): the time of the stamp, in its recorded offset
 */
GDateTime *
ringi_stamp_get_time (RingiStamp *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->time;
}

/**
 * ringi_stamp_get_previous:
 * @self: a #RingiStamp
 *
 * Returns: (nullable): the sha256 of the previous record, or %NULL for the
 *   first stamp of a chain
 */
const char *
ringi_stamp_get_previous (RingiStamp *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->previous;
}

/**
 * ringi_stamp_get_comment_sha256:
 * @self: a #RingiStamp
 *
 * Returns: (nullable): the sha256 of the comment, or %NULL without one
 */
const char *
ringi_stamp_get_comment_sha256 (RingiStamp *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->comment_sha256;
}

/**
 * ringi_stamp_get_route:
 * @self: a #RingiStamp
 *
 * Returns: (nullable): the canonical route, on submit and resubmit
 */
const char *
ringi_stamp_get_route (RingiStamp *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->route;
}

/**
 * ringi_stamp_get_placement:
 * @self: a #RingiStamp
 *
 * Returns: (nullable): where the seal is drawn, or %NULL
 */
const RingiPlacement *
ringi_stamp_get_placement (RingiStamp *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->has_placement ? &self->placement : NULL;
}

/**
 * ringi_stamp_hash_comment:
 * @comment: the comment as the person wrote it
 *
 * Returns: (transfer full): the sha256 of the comment's UTF-8 bytes, for
 *   the `Comment-SHA256` line
 */
char *
ringi_stamp_hash_comment (const char *comment)
{
  g_return_val_if_fail (comment != NULL, NULL);
  g_return_val_if_fail (g_utf8_validate (comment, -1, NULL), NULL);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, comment, -1);
}
