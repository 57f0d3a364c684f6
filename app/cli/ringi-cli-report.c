/* ringi-cli-report.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ringi-cli-command.h"
#include "ringi-cli-common.h"
#include "ringi-command.h"
#include "ringi-timesheet.h"

/* `ringi-cli report`: the payroll CSV of a month, one row per person the
 * profile may see (the person, their team for a manager, everyone for an
 * auditor), with the numbers of `timesheet` and of the server's report.
 * Payroll systems in Japanese offices read CSV with CRLF line ends, in
 * UTF-8 with a BOM or in Shift_JIS; both are written here. */

#define UTF8_BOM "\xEF\xBB\xBF"

/* One field as RFC 4180 wants it: quoted when it must be. */
static void
append_field (GString *line,
              const char *value)
{
  if (strpbrk (value, ",\"\r\n") == NULL)
    {
      g_string_append (line, value);
      return;
    }

  g_string_append_c (line, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (line, '"');
      g_string_append_c (line, *p);
    }
  g_string_append_c (line, '"');
}

static gboolean
append_person (GString *csv,
               RingiStore *store,
               const RingiUser *user,
               int year,
               int month,
               GError **error)
{
  g_autoptr(RingiTimesheet) sheet = ringi_timesheet_compute (store, user->login, year, month, error);
  g_autofree char *line = NULL;

  if (sheet == NULL)
    return FALSE;

  line = ringi_attendance_format_csv_line (user->login, &sheet->summary, sheet->alerts);
  g_string_append (csv, line);
  g_string_append_c (csv, ',');
  append_field (csv, user->display_name ? user->display_name : "");
  g_string_append (csv, "\r\n");
  return TRUE;
}

/* The profile's person first, then the people they may see, by login. */
static GPtrArray *
list_people (RingiStore *store,
             const char *login,
             GError **error)
{
  g_autoptr(GPtrArray) users = ringi_store_list_users (store, error);
  g_autoptr(GPtrArray) people = g_ptr_array_new_with_free_func ((GDestroyNotify) ringi_user_free);
  g_autoptr(RingiUser) me = NULL;
  gboolean auditor;

  if (users == NULL)
    return NULL;

  me = ringi_store_get_user (store, login, NULL);
  auditor = me != NULL && g_strcmp0 (me->role, "auditor") == 0;
  if (me != NULL && !auditor)
    g_ptr_array_add (people, g_steal_pointer (&me));

  for (guint i = 0; i < users->len; i++)
    {
      RingiUser *user = g_ptr_array_index (users, i);
      gboolean acts = g_strcmp0 (user->role, "staff") == 0 || g_strcmp0 (user->role, "manager") == 0;

      if (!g_str_equal (user->login, login) && acts && (auditor || g_strcmp0 (user->manager, login) == 0))
        g_ptr_array_add (people, ringi_user_copy (user));
    }

  return g_steal_pointer (&people);
}

static GBytes *
encode (const char *text,
        const char *encoding,
        GError **error)
{
  gsize written = 0;
  char *converted;

  if (g_str_equal (encoding, "utf-8-bom"))
    {
      char *with_bom = g_strconcat (UTF8_BOM, text, NULL);

      return g_bytes_new_take (with_bom, strlen (with_bom));
    }

  converted = g_convert (text, -1, "SHIFT_JIS", "UTF-8", NULL, &written, error);
  if (converted == NULL)
    return NULL;
  return g_bytes_new_take (converted, written);
}

/**
 * ringi_cli_parse_encoding:
 * @text: (nullable): what `--encoding` says
 * @out_encoding: (out): `utf-8-bom` or `shift_jis`
 *
 * Returns: %TRUE if @text names an encoding payroll files are written in:
 *   `utf-8-bom` (the default), `shift_jis` or `sjis`
 */
gboolean
ringi_cli_parse_encoding (const char *text,
                          const char **out_encoding)
{
  if (text == NULL || g_str_equal (text, "utf-8-bom"))
    *out_encoding = "utf-8-bom";
  else if (g_str_equal (text, "shift_jis") || g_str_equal (text, "sjis"))
    *out_encoding = "shift_jis";
  else
    return FALSE;

  return TRUE;
}

/**
 * ringi_cli_write_payroll_csv:
 * @store: the profile's store
 * @people: (element-type RingiUser): one line each, in this order
 * @year: the year
 * @month: the month, 1 to 12
 * @encoding: `utf-8-bom` or `shift_jis`
 * @path: the file to write
 * @error: return location for a #GError
 *
 * Writes the payroll CSV of the month: the server report's header and
 * numbers, and each person's name, CRLF line ends.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_cli_write_payroll_csv (RingiStore *store,
                             GPtrArray *people,
                             int year,
                             int month,
                             const char *encoding,
                             const char *path,
                             GError **error)
{
  g_autoptr(GString) csv = g_string_new (RINGI_ATTENDANCE_CSV_HEADER ",name\r\n");
  g_autoptr(GBytes) bytes = NULL;

  for (guint i = 0; i < people->len; i++)
    if (!append_person (csv, store, g_ptr_array_index (people, i), year, month, error))
      return FALSE;

  bytes = encode (csv->str, encoding, error);
  return bytes != NULL && g_file_set_contents_full (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                                    G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
}

/**
 * ringi_cli_report:
 * @argc: number of arguments
 * @argv: the arguments; argv[0] is "ringi-cli report"
 *
 * `report --month YYYY-MM --out FILE.csv [--encoding utf-8-bom|shift_jis|sjis]`
 *
 * Returns: the exit status
 */
int
ringi_cli_report (int argc,
                  char **argv)
{
  g_autofree char *month_text = NULL;
  g_autofree char *out = NULL;
  g_autofree char *encoding = NULL;
  const GOptionEntry entries[] = {
    { "month", 0, 0, G_OPTION_ARG_STRING, &month_text, N_("The month, YYYY-MM"), N_("MONTH") },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, N_("The CSV file to write"), N_("FILE") },
    { "encoding", 0, 0, G_OPTION_ARG_STRING, &encoding, N_("utf-8-bom (default) or shift_jis (sjis)"), N_("ENCODING") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = ringi_cli_option_context_new (NULL, _("Write the payroll CSV of a month: you and the people you may see."), entries);
  const char *charset = NULL;
  g_auto(RingiCliSession) session = { 0 };
  g_autoptr(RingiSyncSettings) settings = NULL;
  g_autoptr(GPtrArray) people = NULL;
  g_autoptr(GError) error = NULL;
  RingiStore *store;
  int year, month;
  int status;

  if ((status = ringi_cli_parse (context, &argc, &argv)) != RINGI_EXIT_OK)
    return status;
  if (argc != 1)
    return ringi_cli_usage_error (context, _("report takes no arguments besides its options"));
  if (month_text == NULL || !ringi_timesheet_parse_month (month_text, &year, &month))
    return ringi_cli_usage_error (context, _("--month YYYY-MM is required"));
  if (out == NULL)
    return ringi_cli_usage_error (context, _("--out FILE is required"));
  if (!ringi_cli_parse_encoding (encoding, &charset))
    return ringi_cli_usage_error (context, _("--encoding is utf-8-bom or shift_jis"));

  if (!ringi_cli_session_open (&session, &error) ||
      (settings = ringi_profile_dup_settings (session.profile, &error)) == NULL)
    return ringi_cli_fail (argv[0], error);
  if (settings->login == NULL)
    {
      g_set_error_literal (&error, RINGI_PROFILE_ERROR, RINGI_PROFILE_ERROR_NOT_ENROLLED,
                           _("This profile is not enrolled with a server yet"));
      return ringi_cli_fail (argv[0], error);
    }

  store = ringi_profile_get_store (session.profile);
  people = list_people (store, settings->login, &error);
  if (people == NULL)
    return ringi_cli_fail (argv[0], error);

  if (!ringi_cli_write_payroll_csv (store, people, year, month, charset, out, &error))
    return ringi_cli_fail (argv[0], error);

  g_print (ngettext ("Wrote %u person to %s\n", "Wrote %u people to %s\n", people->len), people->len, out);
  return RINGI_EXIT_OK;
}
