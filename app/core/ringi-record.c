/* ringi-record.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-record"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ringi-record-private.h"
#include "ringi-route.h"

static void
set_line_error (const char *what,
                GQuark domain,
                int code,
                guint line,
                GError **error,
                const char *detail)
{
  /* Translators: "Stamp record, line 5: the value is not a number" */
  g_set_error (error, domain, code, _("%s, line %u: %s"), what, line, detail);
}

static guint
line_of_offset (const char *data,
                gsize offset)
{
  guint line = 1;

  for (gsize i = 0; i < offset; i++)
    if (data[i] == '\n')
      line++;

  return line;
}

/* The whole-file rules: UTF-8, LF only, no control characters, a final
 * LF. They are checked on the raw bytes, before any splitting, so that
 * nothing can hide between lines. */
static gboolean
check_encoding (const char *data,
                gsize size,
                const char *what,
                GQuark domain,
                int code,
                GError **error)
{
  const char *end;

  if (size == 0)
    {
      g_set_error (error, domain, code, _("%s: the record is empty"), what);
      return FALSE;
    }

  if (size > RINGI_RECORD_MAX_SIZE)
    {
      g_set_error (error, domain, code, _("%s: the record is too large (%lu bytes)"),
                   what, (gulong) size);
      return FALSE;
    }

  for (gsize i = 0; i < size; i++)
    {
      guchar c = data[i];

      if (c == '\r')
        {
          set_line_error (what, domain, code, line_of_offset (data, i), error,
                          _("the line ends with a carriage return; records use LF line endings only"));
          return FALSE;
        }

      if ((c < 0x20 && c != '\n') || c == 0x7f)
        {
          set_line_error (what, domain, code, line_of_offset (data, i), error,
                          _("the line contains a control character"));
          return FALSE;
        }
    }

  if (!g_utf8_validate_len (data, size, &end))
    {
      set_line_error (what, domain, code, line_of_offset (data, end - data), error,
                      _("the line is not valid UTF-8 text"));
      return FALSE;
    }

  if (data[size - 1] != '\n')
    {
      set_line_error (what, domain, code, line_of_offset (data, size - 1), error,
                      _("the last line does not end with a line feed"));
      return FALSE;
    }

  return TRUE;
}

/**
 * ringi_record_reader_init:
 * @reader: an uninitialised reader
 * @bytes: the record
 * @what: the record's kind for messages, translated ("Stamp record")
 * @keys: (array zero-terminated=1): every key of the format, in order;
 *   used to tell a line out of place from an unknown key
 * @domain: the error domain of the caller
 * @code: the error code for a malformed record
 * @error: return location for a #GError
 *
 * Checks the encoding and splits the record into lines. Clear the reader
 * with ringi_record_reader_clear() whatever this returns.
 *
 * Returns: %TRUE when the bytes may be read as lines
 */
gboolean
ringi_record_reader_init (RingiRecordReader *reader,
                          GBytes *bytes,
                          const char *what,
                          const char *const *keys,
                          GQuark domain,
                          int code,
                          GError **error)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);

  *reader = (RingiRecordReader){
    .what = what,
    .domain = domain,
    .code = code,
    .keys = keys,
  };

  if (!check_encoding (data, size, what, domain, code, error))
    return FALSE;

  {
    g_autofree char *text = g_strndup (data, size);

    reader->lines = g_strsplit (text, "\n", -1);
  }
  /* The final LF leaves one empty string after the last line. */
  reader->n_lines = g_strv_length (reader->lines) - 1;
  return TRUE;
}

void
ringi_record_reader_clear (RingiRecordReader *reader)
{
  g_clear_pointer (&reader->lines, g_strfreev);
}

/**
 * ringi_record_reader_fail:
 * @reader: a reader
 * @error: return location for a #GError
 * @format: what is wrong, for people
 *
 * Sets @error naming the line last taken, or the line the reader stopped
 * at when nothing has been taken yet.
 */
void
ringi_record_reader_fail (RingiRecordReader *reader,
                          GError **error,
                          const char *format,
                          ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  set_line_error (reader->what, reader->domain, reader->code, MAX (reader->next, 1), error, detail);
}

static void
fail_at_next (RingiRecordReader *reader,
              GError **error,
              const char *detail)
{
  set_line_error (reader->what, reader->domain, reader->code, reader->next + 1, error, detail);
}

static gboolean
is_known_key (RingiRecordReader *reader,
              const char *key)
{
  return g_strv_contains (reader->keys, key);
}

static void
fail_wrong_key (RingiRecordReader *reader,
                const char *found,
                const char *expected,
                GError **error)
{
  g_autofree char *detail = NULL;

  if (expected == NULL)
    detail = is_known_key (reader, found)
               ? g_strdup_printf (_("“%s” is repeated or out of place"), found)
               : g_strdup_printf (_("unexpected line “%s” after the end of the record"), found);
  else if (is_known_key (reader, found))
    detail = g_strdup_printf (_("expected “%s” here, found “%s” (lines out of order, or a line missing)"),
                              expected, found);
  else
    detail = g_strdup_printf (_("unknown key “%s” (expected “%s”)"), found, expected);

  fail_at_next (reader, error, detail);
}

/* Splits the next line into its key and value without consuming it. */
static gboolean
peek_line (RingiRecordReader *reader,
           char **out_key,
           const char **out_value,
           GError **error)
{
  const char *line = reader->lines[reader->next];
  const char *separator = strstr (line, ": ");

  if (separator == NULL || separator == line)
    {
      fail_at_next (reader, error, _("the line is not of the form “Key: value”"));
      return FALSE;
    }

  *out_key = g_strndup (line, separator - line);
  *out_value = separator + 2;
  return TRUE;
}

static gboolean
take (RingiRecordReader *reader,
      const char *key,
      gboolean optional,
      const char **out_value,
      GError **error)
{
  g_autofree char *found = NULL;
  const char *value;

  *out_value = NULL;

  if (reader->next >= reader->n_lines)
    {
      g_autofree char *detail = NULL;

      if (optional)
        return TRUE;

      detail = g_strdup_printf (_("the line “%s” is missing"), key);
      fail_at_next (reader, error, detail);
      return FALSE;
    }

  if (!peek_line (reader, &found, &value, error))
    return FALSE;

  if (!g_str_equal (found, key))
    {
      if (optional)
        return TRUE;

      fail_wrong_key (reader, found, key, error);
      return FALSE;
    }

  if (*value == '\0' || g_ascii_isspace (*value) || g_ascii_isspace (value[strlen (value) - 1]))
    {
      fail_at_next (reader, error, _("the value is empty or has spaces around it"));
      return FALSE;
    }

  reader->next++;
  *out_value = value;
  return TRUE;
}

/**
 * ringi_record_reader_take:
 * @reader: a reader
 * @key: the key the format puts next
 * @out_value: (out) (transfer none): the value, valid until the reader is
 *   cleared
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the next line carries @key with a non-empty value
 */
gboolean
ringi_record_reader_take (RingiRecordReader *reader,
                          const char *key,
                          const char **out_value,
                          GError **error)
{
  return take (reader, key, FALSE, out_value, error);
}

/**
 * ringi_record_reader_take_optional:
 * @reader: a reader
 * @key: an optional key the format may put next
 * @out_value: (out) (transfer none) (nullable): the value, or %NULL when
 *   the next line is not @key
 * @error: return location for a #GError
 *
 * Returns: %FALSE only when the line is @key but badly formed
 */
gboolean
ringi_record_reader_take_optional (RingiRecordReader *reader,
                                   const char *key,
                                   const char **out_value,
                                   GError **error)
{
  return take (reader, key, TRUE, out_value, error);
}

/**
 * ringi_record_reader_take_version:
 * @reader: a reader at the first line
 * @key: the key of the version line ("Ringi-Stamp")
 * @version: the one version this build reads
 * @unsupported_code: the caller's error code for another version
 * @error: return location for a #GError
 *
 * A record of another version is not malformed, only unknown here, and
 * says so with @unsupported_code.
 *
 * Returns: %TRUE when the first line is @key with @version
 */
gboolean
ringi_record_reader_take_version (RingiRecordReader *reader,
                                  const char *key,
                                  guint version,
                                  int unsupported_code,
                                  GError **error)
{
  const char *value;
  guint found;

  if (!ringi_record_reader_take (reader, key, &value, error))
    return FALSE;

  if (!ringi_record_parse_uint (value, &found))
    {
      ringi_record_reader_fail (reader, error, _("“%s” is not a format version"), value);
      return FALSE;
    }

  if (found != version)
    {
      /* Translators: "Stamp record: format version 2 is unknown; …" */
      g_set_error (error, reader->domain, unsupported_code,
                   _("%s: format version %u is unknown; this version of Ringi reads version %u only"),
                   reader->what, found, version);
      return FALSE;
    }

  return TRUE;
}

/**
 * ringi_record_reader_finish:
 * @reader: a reader
 * @error: return location for a #GError
 *
 * Returns: %TRUE when every line has been taken
 */
gboolean
ringi_record_reader_finish (RingiRecordReader *reader,
                            GError **error)
{
  g_autofree char *found = NULL;
  const char *value;

  if (reader->next >= reader->n_lines)
    return TRUE;

  if (peek_line (reader, &found, &value, error))
    fail_wrong_key (reader, found, NULL, error);
  return FALSE;
}

/**
 * ringi_record_append:
 * @record: the record being written
 * @key: the key
 * @value: a value that passed ringi_record_value_is_safe()
 *
 * Appends one `Key: value` line.
 */
void
ringi_record_append (GString *record,
                     const char *key,
                     const char *value)
{
  g_string_append (record, key);
  g_string_append (record, ": ");
  g_string_append (record, value);
  g_string_append_c (record, '\n');
}

/**
 * ringi_record_value_is_safe:
 * @value: (nullable): a value a caller wants written
 *
 * A value with a line feed in it could forge further lines; one with
 * other control characters would be refused by the reader anyway.
 *
 * Returns: %TRUE when @value is UTF-8 without control characters
 */
gboolean
ringi_record_value_is_safe (const char *value)
{
  if (value == NULL || !g_utf8_validate (value, -1, NULL))
    return FALSE;

  for (const char *p = value; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      return FALSE;

  return TRUE;
}

/**
 * ringi_record_parse_uint:
 * @text: a value
 * @out_value: (out): the number
 *
 * Accepts only the canonical decimal form: digits, no sign, no leading
 * zero, so that every number has exactly one spelling.
 *
 * Returns: %TRUE when @text is such a number and fits a #guint
 */
gboolean
ringi_record_parse_uint (const char *text,
                         guint *out_value)
{
  guint64 value = 0;

  if (text[0] == '\0' || (text[0] == '0' && text[1] != '\0') || strlen (text) > 10)
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;

  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT, &value, NULL))
    return FALSE;

  *out_value = (guint) value;
  return TRUE;
}

/* Exactly @length hex digits, all of one case */
static gboolean
is_hex (const char *text,
        gsize length,
        gboolean upper)
{
  gsize i;

  for (i = 0; text[i] != '\0'; i++)
    {
      char c = text[i];

      if (!g_ascii_isxdigit (c) || (upper ? g_ascii_islower (c) : g_ascii_isupper (c)))
        return FALSE;
    }

  return i == length;
}

gboolean
ringi_record_is_sha256 (const char *text)
{
  return is_hex (text, 64, FALSE);
}

static gboolean
is_fingerprint (const char *text)
{
  return is_hex (text, 40, TRUE);
}

/**
 * ringi_record_is_uuid:
 * @text: a value
 *
 * Returns: %TRUE when @text is a uuid in lower case, the one spelling
 *   records use
 */
gboolean
ringi_record_is_uuid (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isupper (*p))
      return FALSE;

  return g_uuid_string_is_valid (text);
}

/**
 * ringi_record_format_time:
 * @time: a time
 *
 * Returns: (transfer full): @time as `YYYY-MM-DDTHH:MM:SS±HH:MM` in its
 *   own offset; fractions of a second are dropped
 */
char *
ringi_record_format_time (GDateTime *time)
{
  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%S%:z");
}

/* 'd' stands for a digit, 's' for a sign, anything else for itself */
static gboolean
matches_shape_char (char want,
                    char c)
{
  switch (want)
    {
    case 'd':
      return g_ascii_isdigit (c);

    case 's':
      return c == '+' || c == '-';

    default:
      return c == want;
    }
}

static gboolean
matches_time_shape (const char *text)
{
  static const char shape[] = "dddd-dd-ddTdd:dd:ddsdd:dd";

  if (strlen (text) != sizeof shape - 1)
    return FALSE;

  for (gsize i = 0; shape[i] != '\0'; i++)
    if (!matches_shape_char (shape[i], text[i]))
      return FALSE;

  return TRUE;
}

/* Accepts exactly the form ringi_record_format_time() writes: GLib checks
 * the calendar, and writing the time back must give @text again (which
 * refuses `-00:00` and other second spellings). */
static GDateTime *
parse_time (const char *text)
{
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *again = NULL;

  if (!matches_time_shape (text))
    return NULL;

  time = g_date_time_new_from_iso8601 (text, NULL);
  if (time == NULL)
    return NULL;

  again = ringi_record_format_time (time);
  if (!g_str_equal (again, text))
    return NULL;

  return g_steal_pointer (&time);
}

/**
 * ringi_record_sha256:
 * @bytes: some bytes
 *
 * Returns: (transfer full): the sha256 of @bytes in lower-case hex
 */
char *
ringi_record_sha256 (GBytes *bytes)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

typedef gboolean (*ValueCheck) (const char *value);

static gboolean
take_checked (RingiRecordReader *reader,
              const char *key,
              ValueCheck check,
              const char *problem,
              char **out_value,
              GError **error)
{
  const char *value;

  if (!ringi_record_reader_take (reader, key, &value, error))
    return FALSE;

  if (!check (value))
    {
      ringi_record_reader_fail (reader, error, "%s", problem);
      return FALSE;
    }

  *out_value = g_strdup (value);
  return TRUE;
}

/**
 * ringi_record_reader_take_uuid:
 * @reader: a reader
 * @key: the key the format puts next
 * @out_value: (out) (transfer full): the lower-case uuid
 * @error: return location for a #GError
 *
 * Like ringi_record_reader_take_login() for a uuid.
 *
 * Returns: %TRUE when the next line is @key with a lower-case uuid
 */
gboolean
ringi_record_reader_take_uuid (RingiRecordReader *reader,
                               const char *key,
                               char **out_value,
                               GError **error)
{
  return take_checked (reader, key, ringi_record_is_uuid,
                       _("the value is not a lower-case uuid"), out_value, error);
}

/**
 * ringi_record_reader_take_login:
 * @reader: a reader
 * @key: the key the format puts next
 * @out_value: (out) (transfer full): the login
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the next line is @key with a login
 */
gboolean
ringi_record_reader_take_login (RingiRecordReader *reader,
                                const char *key,
                                char **out_value,
                                GError **error)
{
  return take_checked (reader, key, ringi_route_login_is_valid,
                       _("the value is not a login (lowercase a–z, digits, “.”, “_” and “-”)"),
                       out_value, error);
}

/**
 * ringi_record_reader_take_fingerprint:
 * @reader: a reader
 * @key: the key the format puts next
 * @out_value: (out) (transfer full): the fingerprint
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the next line is @key with 40 upper-case hex digits
 */
gboolean
ringi_record_reader_take_fingerprint (RingiRecordReader *reader,
                                      const char *key,
                                      char **out_value,
                                      GError **error)
{
  return take_checked (reader, key, is_fingerprint,
                       _("the key is not a fingerprint of 40 upper-case hex digits"), out_value, error);
}

/**
 * ringi_record_reader_take_sha256:
 * @reader: a reader
 * @key: the key the format puts next
 * @out_value: (out) (transfer full): the checksum
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the next line is @key with 64 lower-case hex digits
 */
gboolean
ringi_record_reader_take_sha256 (RingiRecordReader *reader,
                                 const char *key,
                                 char **out_value,
                                 GError **error)
{
  return take_checked (reader, key, ringi_record_is_sha256,
                       _("the checksum is not 64 lower-case hex digits"), out_value, error);
}

/**
 * ringi_record_reader_take_time:
 * @reader: a reader
 * @key: the key the format puts next
 * @out_time: (out) (transfer full): the time, in its written offset
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the next line is @key with a time in the one form
 *   ringi_record_format_time() writes
 */
gboolean
ringi_record_reader_take_time (RingiRecordReader *reader,
                               const char *key,
                               GDateTime **out_time,
                               GError **error)
{
  const char *value;

  if (!ringi_record_reader_take (reader, key, &value, error))
    return FALSE;

  *out_time = parse_time (value);
  if (*out_time == NULL)
    {
      ringi_record_reader_fail (reader, error, _("the time is not of the form 2026-11-23T10:15:00+09:00"));
      return FALSE;
    }

  return TRUE;
}
