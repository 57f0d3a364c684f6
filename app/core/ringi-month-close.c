/* ringi-month-close.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-month-close"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ringi-month-close.h"
#include "ringi-record-private.h"

/* The monthly close (月次締め, docs/month-close-format.md): the person
 * signs the list of the month's punches, so that what the manager
 * approves is exactly those punches, and nothing added or removed later
 * goes unseen. */

struct _RingiMonthClose
{
  gatomicrefcount ref_count;

  GBytes *bytes;

  char *login;
  char *signer_key;
  char *month; /* YYYY-MM */
  char *request;
  GDateTime *time;
  GStrv punches;
};

G_DEFINE_BOXED_TYPE (RingiMonthClose, ringi_month_close, ringi_month_close_ref, ringi_month_close_unref)
G_DEFINE_QUARK (ringi-month-close-error-quark, ringi_month_close_error)

static const char *const close_keys[] = {
  "Ringi-Month-Close",
  "Login",
  "Signer-Key",
  "Month",
  "Request",
  "Time",
  "Punches",
  "Punch-SHA256",
  NULL
};

/* The most punches a month may list: ten a day is a lot already. */
#define MAX_PUNCHES 2000

static RingiMonthClose *
close_alloc (void)
{
  RingiMonthClose *self = g_new0 (RingiMonthClose, 1);

  g_atomic_ref_count_init (&self->ref_count);
  return self;
}

RingiMonthClose *
ringi_month_close_ref (RingiMonthClose *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
ringi_month_close_unref (RingiMonthClose *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_free (self->login);
  g_free (self->signer_key);
  g_free (self->month);
  g_free (self->request);
  g_clear_pointer (&self->time, g_date_time_unref);
  g_strfreev (self->punches);
  g_free (self);
}

static gboolean
is_month (const char *text)
{
  return text != NULL && strlen (text) == 7 && g_ascii_isdigit (text[0]) && g_ascii_isdigit (text[1]) &&
         g_ascii_isdigit (text[2]) && g_ascii_isdigit (text[3]) && text[4] == '-' &&
         ((text[5] == '0' && text[6] >= '1' && text[6] <= '9') || (text[5] == '1' && text[6] >= '0' && text[6] <= '2'));
}

static gboolean
read_month (RingiMonthClose *self,
            RingiRecordReader *reader,
            GError **error)
{
  const char *value;

  if (!ringi_record_reader_take (reader, "Month", &value, error))
    return FALSE;

  if (!is_month (value))
    {
      ringi_record_reader_fail (reader, error, _("“%s” is not a month (YYYY-MM)"), value);
      return FALSE;
    }

  self->month = g_strdup (value);
  return TRUE;
}

static gboolean
read_punches (RingiMonthClose *self,
              RingiRecordReader *reader,
              GError **error)
{
  g_autoptr(GPtrArray) punches = g_ptr_array_new_with_free_func (g_free);
  const char *value;
  guint n;

  if (!ringi_record_reader_take (reader, "Punches", &value, error))
    return FALSE;

  if (!ringi_record_parse_uint (value, &n) || n > MAX_PUNCHES)
    {
      ringi_record_reader_fail (reader, error, _("“%s” is not a number of punches"), value);
      return FALSE;
    }

  for (guint i = 0; i < n; i++)
    {
      char *sha256 = NULL;

      if (!ringi_record_reader_take_sha256 (reader, "Punch-SHA256", &sha256, error))
        return FALSE;
      g_ptr_array_add (punches, sha256);
    }

  g_ptr_array_add (punches, NULL);
  self->punches = (GStrv) g_ptr_array_free (g_steal_pointer (&punches), FALSE);
  return TRUE;
}

/**
 * ringi_month_close_parse:
 * @bytes: a month-close record
 * @error: return location for a #GError
 *
 * Reads a record in the one canonical form of docs/month-close-format.md.
 *
 * Returns: (transfer full): the month close, or %NULL with @error set
 */
RingiMonthClose *
ringi_month_close_parse (GBytes *bytes,
                         GError **error)
{
  g_autoptr(RingiMonthClose) self = close_alloc ();
  RingiRecordReader reader;
  gboolean ok;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ok = ringi_record_reader_init (&reader, bytes, _("Month-close record"), close_keys,
                                 RINGI_MONTH_CLOSE_ERROR, RINGI_MONTH_CLOSE_ERROR_MALFORMED, error) &&
       ringi_record_reader_take_version (&reader, "Ringi-Month-Close", RINGI_MONTH_CLOSE_FORMAT_VERSION,
                                         RINGI_MONTH_CLOSE_ERROR_UNSUPPORTED, error) &&
       ringi_record_reader_take_login (&reader, "Login", &self->login, error) &&
       ringi_record_reader_take_fingerprint (&reader, "Signer-Key", &self->signer_key, error) &&
       read_month (self, &reader, error) &&
       ringi_record_reader_take_uuid (&reader, "Request", &self->request, error) &&
       ringi_record_reader_take_time (&reader, "Time", &self->time, error) &&
       read_punches (self, &reader, error) &&
       ringi_record_reader_finish (&reader, error);
  ringi_record_reader_clear (&reader);

  if (!ok)
    return NULL;

  self->bytes = g_bytes_ref (bytes);
  return g_steal_pointer (&self);
}

/**
 * ringi_month_close_new:
 * @fields: what the close says
 * @error: return location for a #GError
 *
 * Writes the record and reads it back, so that only what the reader
 * accepts is ever written.
 *
 * Returns: (transfer full): the month close, or %NULL with @error set
 *   (%RINGI_MONTH_CLOSE_ERROR_MALFORMED) for fields that do not fit
 */
RingiMonthClose *
ringi_month_close_new (const RingiMonthCloseFields *fields,
                       GError **error)
{
  g_autoptr(GString) record = g_string_new (NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *version = g_strdup_printf ("%d", RINGI_MONTH_CLOSE_FORMAT_VERSION);
  g_autofree char *month = NULL;
  g_autofree char *time = NULL;
  g_autofree char *count = NULL;
  guint n = 0;

  g_return_val_if_fail (fields != NULL, NULL);
  g_return_val_if_fail (fields->time != NULL && fields->punches != NULL, NULL);

  if (fields->login == NULL || fields->signer_key == NULL || fields->request == NULL ||
      !ringi_record_value_is_safe (fields->login) || !ringi_record_value_is_safe (fields->signer_key) ||
      !ringi_record_value_is_safe (fields->request))
    {
      g_set_error_literal (error, RINGI_MONTH_CLOSE_ERROR, RINGI_MONTH_CLOSE_ERROR_MALFORMED,
                           _("A month close needs a login, a key and a request"));
      return NULL;
    }

  month = g_strdup_printf ("%04d-%02d", fields->year, fields->month);
  time = ringi_record_format_time (fields->time);
  while (fields->punches[n] != NULL)
    n++;
  count = g_strdup_printf ("%u", n);

  ringi_record_append (record, "Ringi-Month-Close", version);
  ringi_record_append (record, "Login", fields->login);
  ringi_record_append (record, "Signer-Key", fields->signer_key);
  ringi_record_append (record, "Month", month);
  ringi_record_append (record, "Request", fields->request);
  ringi_record_append (record, "Time", time);
  ringi_record_append (record, "Punches", count);
  for (guint i = 0; i < n; i++)
    ringi_record_append (record, "Punch-SHA256", ringi_record_value_is_safe (fields->punches[i]) ? fields->punches[i] : "-");

  bytes = g_string_free_to_bytes (g_steal_pointer (&record));
  return ringi_month_close_parse (bytes, error);
}

GBytes *
ringi_month_close_to_bytes (RingiMonthClose *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_bytes_ref (self->bytes);
}

const char *
ringi_month_close_get_login (RingiMonthClose *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->login;
}

const char *
ringi_month_close_get_signer_key (RingiMonthClose *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->signer_key;
}

/**
 * ringi_month_close_get_month:
 * @self: a #RingiMonthClose
 *
 * Returns: the month, `YYYY-MM`
 */
const char *
ringi_month_close_get_month (RingiMonthClose *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->month;
}

const char *
ringi_month_close_get_request (RingiMonthClose *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->request;
}

GDateTime *
ringi_month_close_get_time (RingiMonthClose *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->time;
}

/**
 * ringi_month_close_get_punches:
 * @self: a #RingiMonthClose
 *
 * Returns: (transfer none) (array zero-terminated=1): the sha256 of each
 *   punch, in the record's order
 */
const char *const *
ringi_month_close_get_punches (RingiMonthClose *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return (const char *const *) self->punches;
}
