/* ringi-server-attendance-command.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "ringi-command.h"
#include "ringi-punch.h"
#include "ringi-server-attendance.h"
#include "ringi-server-commands-private.h"
#include "ringi-server-error.h"
#include "ringi-server-json.h"
#include "ringi-text.h"
#include "ringi-server-key.h"
#include "ringi-server-punch-op.h"
#include "ringi-text.h"
#include "ringi-timesheet.h"

/* `ringi-server attendance set`: the organisation's 中抜け option and a
 * person's employee class, the two attendance settings the server keeps
 * (docs/attendance-rules.md), which reach clients through the directory;
 * `ringi-server attendance import`: punches from a legacy system. */

static gboolean
read_time_out (const char *text,
               RingiTimeOutRule *out_rule,
               GError **error)
{
  if (ringi_attendance_time_out_from_string (text, out_rule))
    return TRUE;

  g_set_error (error, RINGI_SERVER_ERROR, RINGI_SERVER_ERROR_INVALID_ARGUMENT,
               _("“%s” is not a time-out rule; use not-work (option 1) or work (option 2)"), text);
  return FALSE;
}

static gboolean
check_class_arguments (const char *login,
                       const char *employee_class,
                       GError **error)
{
  RingiAttendanceClass klass;

  if ((login == NULL) != (employee_class == NULL))
    g_set_error (error, RINGI_SERVER_ERROR, RINGI_SERVER_ERROR_INVALID_ARGUMENT,
                 _("--user and --class go together"));
  else if (employee_class != NULL && !ringi_attendance_class_from_string (employee_class, &klass))
    g_set_error (error, RINGI_SERVER_ERROR, RINGI_SERVER_ERROR_INVALID_ARGUMENT,
                 _("“%s” is not an employee class; use general or high-demand"), employee_class);
  else
    return TRUE;

  return FALSE;
}

static int
run_set (const char *program,
         const char *data_dir,
         const char *time_out,
         const char *login,
         const char *employee_class)
{
  g_autoptr(RingiServerStorage) storage = NULL;
  g_autoptr(GError) error = NULL;
  RingiTimeOutRule rule = RINGI_TIME_OUT_NOT_WORK;
  gint64 now = ringi_server_command_now ();

  if ((time_out != NULL && !read_time_out (time_out, &rule, &error)) ||
      !check_class_arguments (login, employee_class, &error))
    return ringi_server_command_fail (program, error);

  if (time_out == NULL && login == NULL)
    {
      g_printerr (_("%s: nothing to set; give --time-out, or --user with --class\n"), program);
      return RINGI_EXIT_USAGE;
    }

  storage = ringi_server_command_open_storage (program, data_dir);
  if (storage == NULL)
    return RINGI_EXIT_FAILURE;

  if (time_out != NULL && !ringi_server_attendance_set_time_out (storage, rule, now, &error))
    return ringi_server_command_fail (program, error);
  if (time_out != NULL)
    g_print (_("Time out (中抜け) now counts as: %s\n"), time_out);

  if (login != NULL && !ringi_server_storage_set_employee_class (storage, login, employee_class, now, &error))
    return ringi_server_command_fail (program, error);
  if (login != NULL)
    g_print (_("%s is now in the employee class %s\n"), login, employee_class);

  return RINGI_EXIT_OK;
}

static int
attendance_set (int argc,
                char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *time_out = NULL;
  g_autofree char *login = NULL;
  g_autofree char *employee_class = NULL;
  g_autofree char *program = g_strdup (argv[0]);
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  const GOptionEntry entries[] = {
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, N_("The server data folder"), N_("DIR") },
    { "time-out", 0, 0, G_OPTION_ARG_STRING, &time_out, N_("How time out (中抜け) counts: not-work (option 1) or work (option 2)"), N_("RULE") },
    { "user", 0, 0, G_OPTION_ARG_STRING, &login, N_("The person whose class to set"), N_("LOGIN") },
    { "class", 0, 0, G_OPTION_ARG_STRING, &employee_class, N_("Their employee class: general or high-demand"), N_("CLASS") },
    { NULL }
  };

  g_option_context_set_summary (context, _("Sets the organisation’s time-out rule, or a person’s employee class."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!ringi_server_command_parse (context, &argc, &argv, 0, &data_dir))
    return RINGI_EXIT_USAGE;

  return run_set (program, data_dir, time_out, login, employee_class);
}

/* Import (§7 of the attendance issue): punches from a legacy system */

#define IMPORT_HEADER "login,date,time,kind,place"

typedef struct
{
  char *login;
  GDateTime *time;
  RingiPunchKind kind;
  RingiPunchPlace place;
  char *line; /* the row as written, for the punch's uuid */
} ImportRow;

static void
import_row_free (ImportRow *row)
{
  g_free (row->login);
  g_clear_pointer (&row->time, g_date_time_unref);
  g_free (row->line);
  g_free (row);
}

static gboolean
parse_number (const char *text,
              guint length,
              int *out_value)
{
  if (strlen (text) != length)
    return FALSE;
  for (guint i = 0; i < length; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;

  *out_value = (int) g_ascii_strtoll (text, NULL, 10);
  return TRUE;
}

/* `date` YYYY-MM-DD and `time` HH:MM, in Asia/Tokyo */
static GDateTime *
parse_moment (const char *date,
              const char *time)
{
  g_auto(GStrv) d = g_strsplit (date, "-", -1);
  g_auto(GStrv) t = g_strsplit (time, ":", -1);
  int year, month, day, hour, minute;

  if (g_strv_length (d) != 3 || g_strv_length (t) != 2 ||
      !parse_number (d[0], 4, &year) || !parse_number (d[1], 2, &month) || !parse_number (d[2], 2, &day) ||
      !parse_number (t[0], 2, &hour) || !parse_number (t[1], 2, &minute) ||
      !g_date_valid_dmy (day, month, year) || hour > 23 || minute > 59)
    return NULL;

  return g_date_time_new (ringi_attendance_get_time_zone (), year, month, day, hour, minute, 0);
}

/* One row, or the reason it is bad. */
static ImportRow *
parse_row (RingiServerStorage *storage,
           const char *line,
           char **out_problem)
{
  g_auto(GStrv) fields = g_strsplit (line, ",", -1);
  g_autoptr(RingiUser) user = NULL;
  ImportRow *row;
  GDateTime *time;
  RingiPunchKind kind;
  RingiPunchPlace place;

  if (g_strv_length (fields) != 5)
    *out_problem = g_strdup (_("a row has five fields: login,date,time,kind,place"));
  else if ((user = ringi_server_storage_get_user (storage, fields[0], NULL)) == NULL)
    *out_problem = g_strdup_printf (_("there is no user “%s”"), fields[0]);
  else if ((time = parse_moment (fields[1], fields[2])) == NULL)
    *out_problem = g_strdup_printf (_("“%s %s” is not a date YYYY-MM-DD and a time HH:MM"), fields[1], fields[2]);
  else if (!ringi_punch_kind_from_string (fields[3], &kind))
    {
      g_date_time_unref (time);
      *out_problem = g_strdup_printf (_("“%s” is not a kind of punch"), fields[3]);
    }
  else if (!ringi_punch_place_from_string (fields[4], &place))
    {
      g_date_time_unref (time);
      *out_problem = g_strdup_printf (_("“%s” is not a place (home, office, satellite, trip)"), fields[4]);
    }
  else
    {
      row = g_new0 (ImportRow, 1);
      row->login = g_strdup (fields[0]);
      row->time = time;
      row->kind = kind;
      row->place = place;
      row->line = g_strdup (line);
      return row;
    }

  return NULL;
}

/* Every row is checked; the file is taken whole or not at all. */
static GPtrArray *
read_import_file (RingiServerStorage *storage,
                  const char *path,
                  GError **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) import_row_free);
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  const char *text;

  if (!g_file_get_contents (path, &contents, NULL, error))
    return NULL;
  if (!g_utf8_validate (contents, -1, NULL))
    {
      g_set_error (error, RINGI_SERVER_ERROR, RINGI_SERVER_ERROR_INVALID_ARGUMENT,
                   _("%s is not UTF-8 text; nothing was imported"), path);
      return NULL;
    }

  text = g_str_has_prefix (contents, "\xEF\xBB\xBF") ? contents + 3 : contents;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    g_strchomp (lines[i]);

  if (lines[0] == NULL || !g_str_equal (lines[0], IMPORT_HEADER))
    {
      g_set_error (error, RINGI_SERVER_ERROR, RINGI_SERVER_ERROR_INVALID_ARGUMENT,
                   _("The first line of %s must be “%s”; nothing was imported"), path, IMPORT_HEADER);
      return NULL;
    }

  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_autofree char *problem = NULL;
      ImportRow *row;

      if (lines[i][0] == '\0')
        continue;

      row = parse_row (storage, lines[i], &problem);
      if (row != NULL)
        g_ptr_array_add (rows, row);
      else
        g_string_append_printf (problems, _("\n  line %u: %s"), i + 1, problem);
    }

  if (problems->len > 0)
    {
      g_set_error (error, RINGI_SERVER_ERROR, RINGI_SERVER_ERROR_INVALID_ARGUMENT,
                   _("%s has bad rows; nothing was imported:%s"), path, problems->str);
      return NULL;
    }

  return g_steal_pointer (&rows);
}

/* The same row imported twice is one punch: its uuid comes from it. */
static char *
uuid_of_row (const char *line)
{
  g_autofree char *sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, line, -1);

  return g_strdup_printf ("%.8s-%.4s-5%.3s-8%.3s-%.12s", sha256, sha256 + 8, sha256 + 12, sha256 + 16, sha256 + 20);
}

static char *
imported_payload (const RingiStoredPunch *stored)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  ringi_server_json_add_nullable_string (builder, "punch", stored->punch);
  ringi_server_json_add_nullable_string (builder, "login", stored->login);
  ringi_server_json_add_nullable_string (builder, "sha256", stored->sha256);
  ringi_server_json_add_record (builder, stored->record, stored->signature);
  ringi_server_json_add_nullable_string (builder, "note", NULL);
  json_builder_set_member_name (builder, "server_time");
  json_builder_add_int_value (builder, stored->server_time);
  json_builder_set_member_name (builder, "skewed");
  json_builder_add_boolean_value (builder, FALSE);
  ringi_server_json_add_signed (builder, "receipt", stored->receipt, stored->receipt_signature);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return ringi_server_json_to_text (root);
}

/* A punch of the row, signed by the server (the person never saw it),
 * with its receipt; *out_new is FALSE when it is there already. */
static gboolean
import_row (RingiServerStorage *storage,
            RingiServerKey *key,
            const ImportRow *row,
            gint64 now,
            gboolean *out_new,
            GError **error)
{
  g_autofree char *uuid = uuid_of_row (row->line);
  g_autoptr(RingiStoredPunch) existing = ringi_server_storage_get_punch (storage, uuid, NULL);
  g_autoptr(RingiPunch) punch = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *payload = NULL;
  RingiStoredPunch stored = { 0 };
  RingiPunchFields fields = {
    .punch = uuid,
    .login = row->login,
    .signer_key = ringi_server_key_get_fingerprint (key),
    .kind = row->kind,
    .place = row->place,
    .client_time = row->time,
    .imported = TRUE,
  };
  gboolean ok;

  *out_new = existing == NULL;
  if (existing != NULL)
    return TRUE;

  punch = ringi_punch_new (&fields, error);
  if (punch == NULL)
    return FALSE;

  sha256 = ringi_punch_dup_sha256 (punch);
  stored.punch = uuid;
  stored.login = row->login;
  stored.sha256 = sha256;
  stored.record = ringi_punch_to_bytes (punch);
  stored.client_time = g_date_time_to_unix (row->time);
  stored.server_time = now;
  ringi_stored_punch_set_fields (&stored, punch);
  stored.signature = ringi_server_key_sign (key, stored.record, NULL, error);
  if (stored.signature != NULL)
    stored.receipt = ringi_op_build_punch_receipt (sha256, now, now - stored.client_time, fields.signer_key);
  if (stored.receipt != NULL)
    stored.receipt_signature = ringi_server_key_sign (key, stored.receipt, NULL, error);

  ok = stored.receipt_signature != NULL &&
       (payload = imported_payload (&stored)) != NULL &&
       ringi_server_storage_add_punch (storage, &stored, payload, error) > 0;
  g_bytes_unref (stored.record);
  g_clear_pointer (&stored.signature, g_bytes_unref);
  g_clear_pointer (&stored.receipt, g_bytes_unref);
  g_clear_pointer (&stored.receipt_signature, g_bytes_unref);
  return ok;
}

/* A locked month takes no import. A row belongs to the month of its
 * shift among the punches stored, those of the file before it included,
 * as a sent punch does; nor may it move a punch of a locked month. */
static gboolean
check_month (RingiServerStorage *storage,
             const ImportRow *row,
             GError **error)
{
  g_autofree char *uuid = uuid_of_row (row->line);
  g_autofree char *month = NULL;
  RingiStoredPunch stored = {
    .punch = uuid,
    .login = row->login,
    .client_time = g_date_time_to_unix (row->time),
    .kind = row->kind,
    .place = row->place,
    .imported = TRUE,
  };

  if (!ringi_server_attendance_find_locked_month (storage, &stored, &month, error))
    return FALSE;
  if (month != NULL)
    {
      g_set_error (error, RINGI_SERVER_ERROR, RINGI_SERVER_ERROR_INVALID_ARGUMENT,
                   _("The month %s of %s is closed and approved; nothing was imported"), month, row->login);
      return FALSE;
    }

  return TRUE;
}

/* Each person's rows in time order, so that a shift's clock-in is
 * stored before its clock-out is placed in a month. */
static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const ImportRow *x = *(ImportRow **) a;
  const ImportRow *y = *(ImportRow **) b;
  int by_login = g_strcmp0 (x->login, y->login);

  return by_login != 0 ? by_login : g_date_time_compare (x->time, y->time);
}

/* All rows or none, in one transaction. */
static gboolean
import_rows (RingiServerStorage *storage,
             RingiServerKey *key,
             GPtrArray *rows,
             guint *out_imported,
             GError **error)
{
  g_autoptr(GPtrArray) ordered = g_ptr_array_sized_new (rows->len);
  gint64 now = ringi_server_command_now ();
  guint imported = 0;

  /* borrowed: @rows owns them */
  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (ordered, g_ptr_array_index (rows, i));

  *out_imported = 0;
  if (!ringi_server_storage_begin (storage, error))
    return FALSE;

  g_ptr_array_sort (ordered, compare_rows);
  for (guint i = 0; i < ordered->len; i++)
    {
      gboolean is_new = FALSE;

      if (!check_month (storage, g_ptr_array_index (ordered, i), error) ||
          !import_row (storage, key, g_ptr_array_index (ordered, i), now, &is_new, error))
        {
          ringi_server_storage_rollback (storage);
          return FALSE;
        }
      imported += is_new ? 1 : 0;
    }

  if (!ringi_server_storage_commit (storage, error))
    {
      ringi_server_storage_rollback (storage);
      return FALSE;
    }

  *out_imported = imported;
  return TRUE;
}

static int
attendance_import (int argc,
                   char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *program = g_strdup (argv[0]);
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE.csv"));
  g_autoptr(RingiServerStorage) storage = NULL;
  g_autoptr(RingiServerKey) key = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  guint imported = 0;
  const GOptionEntry entries[] = {
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, N_("The server data folder"), N_("DIR") },
    { NULL }
  };

  g_option_context_set_summary (context, _("Imports punches from a legacy system: a CSV with the header login,date,time,kind,place, date YYYY-MM-DD and time HH:MM in Asia/Tokyo. A file with a bad row is refused whole."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!ringi_server_command_parse (context, &argc, &argv, 1, &data_dir))
    return RINGI_EXIT_USAGE;

  storage = ringi_server_command_open_storage (program, data_dir);
  if (storage == NULL)
    return RINGI_EXIT_FAILURE;

  if ((rows = read_import_file (storage, argv[1], &error)) == NULL ||
      (key = ringi_server_key_open (data_dir, storage, &error)) == NULL ||
      !import_rows (storage, key, rows, &imported, &error))
    return ringi_server_command_fail (program, error);

  g_print (_("Imported %u punches (%u were there already).\n"), imported, rows->len - imported);
  return RINGI_EXIT_OK;
}

/* Report (§7 of the attendance issue): one row per person for payroll */

static void
rules_of (const RingiUser *user,
          RingiTimeOutRule time_out,
          RingiAttendanceRules *out_rules)
{
  RingiAttendanceClass klass = RINGI_ATTENDANCE_CLASS_GENERAL;

  if (user->employee_class != NULL)
    ringi_attendance_class_from_string (user->employee_class, &klass);
  ringi_attendance_rules_init (out_rules, klass);
  out_rules->time_out = time_out;
}

static void
print_report_row (const char *line,
                  gboolean csv)
{
  g_auto(GStrv) fields = NULL;

  if (csv)
    {
      g_print ("%s\n", line);
      return;
    }

  fields = g_strsplit (line, ",", -1);
  for (guint i = 0; fields[i] != NULL; i++)
    {
      g_autofree char *cell = ringi_text_pad (fields[i], i == 0 ? 16 : 8);

      g_print ("%s%s", i > 0 ? " " : "", fields[i + 1] != NULL ? cell : fields[i]);
    }
  g_print ("\n");
}

static gboolean
report_people (RingiServerStorage *storage,
               int year,
               int month,
               gboolean csv,
               GError **error)
{
  g_autoptr(GPtrArray) users = ringi_server_storage_list_users (storage, error);
  RingiTimeOutRule time_out;

  if (users == NULL || !ringi_server_attendance_get_time_out (storage, &time_out, error))
    return FALSE;

  print_report_row (RINGI_ATTENDANCE_CSV_HEADER, csv);
  for (guint i = 0; i < users->len; i++)
    {
      RingiUser *user = g_ptr_array_index (users, i);
      g_autoptr(RingiTimesheet) sheet = NULL;
      g_autofree char *line = NULL;
      RingiAttendanceRules rules;

      /* Admins and auditors take part in no attendance. */
      if (g_strcmp0 (user->role, "staff") != 0 && g_strcmp0 (user->role, "manager") != 0)
        continue;

      rules_of (user, time_out, &rules);
      sheet = ringi_server_attendance_compute_timesheet (storage, user->login, &rules, year, month, error);
      if (sheet == NULL)
        return FALSE;

      line = ringi_attendance_format_csv_line (user->login, &sheet->summary, sheet->alerts);
      print_report_row (line, csv);
    }

  return TRUE;
}

static int
attendance_report (int argc,
                   char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *month_text = NULL;
  g_autofree char *program = g_strdup (argv[0]);
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(RingiServerStorage) storage = NULL;
  g_autoptr(GError) error = NULL;
  gboolean csv = FALSE;
  int year, month;
  const GOptionEntry entries[] = {
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, N_("The server data folder"), N_("DIR") },
    { "month", 0, 0, G_OPTION_ARG_STRING, &month_text, N_("The month, YYYY-MM"), N_("MONTH") },
    { "csv", 0, 0, G_OPTION_ARG_NONE, &csv, N_("Print CSV"), NULL },
    { NULL }
  };

  g_option_context_set_summary (context, _("Prints the month of every member of staff: days, working time, overtime, caps."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!ringi_server_command_parse (context, &argc, &argv, 0, &data_dir))
    return RINGI_EXIT_USAGE;
  if (month_text == NULL || !ringi_timesheet_parse_month (month_text, &year, &month))
    {
      g_printerr (_("%s: --month YYYY-MM is required\n"), program);
      return RINGI_EXIT_USAGE;
    }

  storage = ringi_server_command_open_storage (program, data_dir);
  if (storage == NULL)
    return RINGI_EXIT_FAILURE;

  if (!report_people (storage, year, month, csv, &error))
    return ringi_server_command_fail (program, error);
  return RINGI_EXIT_OK;
}

static const RingiCommand attendance_commands[] = {
  { "set", N_("Set the time-out rule or a person’s employee class"), attendance_set },
  { "import", N_("Import punches from a legacy system’s CSV"), attendance_import },
  { "report", N_("Print the month of every member of staff"), attendance_report },
  { NULL }
};

/**
 * ringi_server_attendance_command:
 * @argc: number of arguments
 * @argv: the arguments; argv[0] is "ringi-server attendance"
 *
 * `ringi-server attendance set|import|report …`
 *
 * Returns: the process exit status
 */
int
ringi_server_attendance_command (int argc,
                                 char **argv)
{
  return ringi_command_dispatch (argv[0], _("Manages the attendance settings."),
                                 attendance_commands, argc, argv);
}
