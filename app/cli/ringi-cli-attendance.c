/* ringi-cli-attendance.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-cli"

#include "config.h"

#include <glib/gi18n.h>

#include <string.h>

#include "ringi-attendance-pdf.h"
#include "ringi-cli-command.h"
#include "ringi-cli-common.h"
#include "ringi-command.h"
#include "ringi-month-close.h"
#include "ringi-text.h"
#include "ringi-timesheet.h"

/* `ringi-cli punch` and `ringi-cli timesheet`: attendance (勤怠) without
 * a window. A punch is signed and kept at once, and sent by the next
 * `ringi-cli sync`; the timesheet is computed from the punches kept
 * here, by the same rules as the server's report. */

/* `ringi-cli clock-in …` is `ringi-cli punch clock-in …`: the command
 * names the kind. */
static gboolean
kind_of_command (const char *command,
                 RingiPunchKind *out_kind)
{
  const char *space = strrchr (command, ' ');

  return space != NULL && ringi_punch_kind_from_string (space + 1, out_kind);
}

/**
 * ringi_cli_punch:
 * @argc: number of arguments
 * @argv: the arguments; argv[0] is "ringi-cli punch", or "ringi-cli
 *   clock-in" and the other kinds
 *
 * `punch KIND [--place PLACE] [--note TEXT]`, or `KIND [--place PLACE]
 * [--note TEXT]`: prints the punch's uuid.
 *
 * Returns: the exit status
 */
int
ringi_cli_punch (int argc,
                 char **argv)
{
  g_autofree char *place_text = NULL;
  g_autofree char *note = NULL;
  const GOptionEntry entries[] = {
    { "place", 0, 0, G_OPTION_ARG_STRING, &place_text, N_("Where you work: home, office (default), satellite or trip"), N_("PLACE") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("A note, e.g. why the punch is late"), N_("TEXT") },
    { NULL }
  };
  RingiPunchKind kind;
  gboolean named = kind_of_command (argv[0], &kind);
  g_autoptr(GOptionContext) context = ringi_cli_option_context_new (named ? NULL : _("clock-in|clock-out|break-start|break-end|out|in"),
                                                                     _("Punch the clock (打刻): signed now, sent by the next sync."),
                                                                     entries);
  g_auto(RingiCliSession) session = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pin = NULL;
  g_autofree char *id = NULL;
  RingiPunchPlace place = RINGI_PUNCH_PLACE_OFFICE;
  int status;

  if ((status = ringi_cli_parse (context, &argc, &argv)) != RINGI_EXIT_OK)
    return status;
  if (named && argc != 1)
    return ringi_cli_usage_error (context, _("This command takes no arguments besides its options"));
  if (!named && (argc != 2 || !ringi_punch_kind_from_string (argv[1], &kind)))
    return ringi_cli_usage_error (context, _("Say what you punch: clock-in, clock-out, break-start, break-end, out or in"));
  if (place_text != NULL && !ringi_punch_place_from_string (place_text, &place))
    return ringi_cli_usage_error (context, _("--place is home, office, satellite or trip"));

  if (!ringi_cli_session_open (&session, &error) || (pin = ringi_cli_read_passphrase (&error)) == NULL)
    return ringi_cli_fail (argv[0], error);

  {
    RingiPunchInput input = { .kind = kind, .place = place, .note = note };

    ringi_sync_punch_async (session.sync, &input, pin, NULL, ringi_cli_store_result, &result);
  }
  id = ringi_sync_punch_finish (session.sync, ringi_cli_wait (&result), &error);
  if (id == NULL)
    return ringi_cli_fail (argv[0], error);

  g_print ("%s\n", id);
  return RINGI_EXIT_OK;
}

/* Timesheet */

static char *
format_minutes (guint minutes)
{
  return g_strdup_printf ("%u:%02u", minutes / 60, minutes % 60);
}

static char *
format_clock (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;

  if (time == NULL)
    return g_strdup ("-");
  local = g_date_time_to_timezone (time, ringi_attendance_get_time_zone ());
  return g_date_time_format (local, "%H:%M");
}

static char *
format_date (const GDate *date)
{
  char text[16];

  g_date_strftime (text, sizeof text, "%Y-%m-%d", date);
  return g_strdup (text);
}

/* The flag words of @flags, joined by @separator. */
static char *
join_flags (RingiAttendanceFlags flags,
            const char *separator)
{
  g_autoptr(GPtrArray) words = g_ptr_array_new ();

  for (guint bit = 1; bit <= RINGI_ATTENDANCE_FLAG_CLOCK_SKEW; bit <<= 1)
    if (flags & bit)
      g_ptr_array_add (words, (gpointer) ringi_attendance_flag_to_string (bit));
  g_ptr_array_add (words, NULL);
  return g_strjoinv (separator, (char **) words->pdata);
}

static void
add_uint (JsonBuilder *builder,
          const char *member,
          guint value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, value);
}

static void
add_flags (JsonBuilder *builder,
           RingiAttendanceFlags flags)
{
  json_builder_set_member_name (builder, "flags");
  json_builder_begin_array (builder);
  for (guint bit = 1; bit <= RINGI_ATTENDANCE_FLAG_CLOCK_SKEW; bit <<= 1)
    if (flags & bit)
      json_builder_add_string_value (builder, ringi_attendance_flag_to_string (bit));
  json_builder_end_array (builder);
}

static char *
format_unix_clock (gint64 time)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time);

  return format_clock (utc);
}

/* The day's first and last activity times and their gap (乖離) with the
 * punches, flagged above the notice threshold as My month does. */
static void
add_activity_json (JsonBuilder *builder,
                   const RingiAttendanceDay *day,
                   const RingiActivityDay *activity)
{
  g_autofree char *first = activity ? format_unix_clock (activity->first) : NULL;
  g_autofree char *last = activity ? format_unix_clock (activity->last) : NULL;
  guint gap = 0;
  gboolean compared = ringi_timesheet_activity_gap (day, activity, &gap);

  ringi_cli_json_add_string (builder, "activity_first", first);
  ringi_cli_json_add_string (builder, "activity_last", last);
  json_builder_set_member_name (builder, "gap_min");
  if (compared)
    json_builder_add_int_value (builder, gap);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "gap_notice");
  json_builder_add_boolean_value (builder, gap > RINGI_TIMESHEET_GAP_NOTICE_MINUTES);
}

static void
add_day_json (JsonBuilder *builder,
              const RingiAttendanceDay *day,
              const RingiActivityDay *activity)
{
  g_autofree char *date = format_date (&day->date);
  g_autofree char *start = day->start ? format_clock (day->start) : NULL;
  g_autofree char *end = day->end ? format_clock (day->end) : NULL;

  json_builder_begin_object (builder);
  ringi_cli_json_add_string (builder, "date", date);
  json_builder_set_member_name (builder, "day_off");
  json_builder_add_boolean_value (builder, day->day_off);
  ringi_cli_json_add_string (builder, "holiday", day->holiday_name);
  ringi_cli_json_add_string (builder, "place", day->clocked_in ? ringi_punch_place_to_string (day->place) : NULL);
  ringi_cli_json_add_string (builder, "start", start);
  ringi_cli_json_add_string (builder, "end", end);
  add_uint (builder, "work_min", day->work_min);
  add_uint (builder, "break_min", day->break_min);
  add_uint (builder, "time_out_min", day->time_out_min);
  add_uint (builder, "overtime_min", day->overtime_min);
  add_uint (builder, "legal_overtime_min", day->legal_overtime_min);
  add_uint (builder, "late_night_min", day->late_night_min);
  add_uint (builder, "holiday_min", day->holiday_min);
  add_flags (builder, day->flags);
  add_activity_json (builder, day, activity);
  json_builder_end_object (builder);
}

static void
add_totals_json (JsonBuilder *builder,
                 const RingiAttendanceTotals *t)
{
  json_builder_set_member_name (builder, "totals");
  json_builder_begin_object (builder);
  add_uint (builder, "days_worked", t->days_worked);
  add_uint (builder, "work_min", t->work_min);
  add_uint (builder, "overtime_min", t->overtime_min);
  add_uint (builder, "legal_overtime_min", t->legal_overtime_min);
  add_uint (builder, "late_night_min", t->late_night_min);
  add_uint (builder, "holiday_min", t->holiday_min);
  add_uint (builder, "break_min", t->break_min);
  add_uint (builder, "time_out_min", t->time_out_min);
  add_uint (builder, "telework_days", t->telework_days);
  add_flags (builder, t->flags);
  json_builder_end_object (builder);
}

static void
add_alerts_json (JsonBuilder *builder,
                 GArray *alerts)
{
  json_builder_set_member_name (builder, "alerts");
  json_builder_begin_array (builder);
  for (guint i = 0; i < alerts->len; i++)
    {
      const RingiAttendanceAlert *alert = &g_array_index (alerts, RingiAttendanceAlert, i);
      g_autofree char *message = ringi_attendance_alert_describe (alert);

      json_builder_begin_object (builder);
      ringi_cli_json_add_string (builder, "kind", ringi_attendance_alert_kind_to_string (alert->kind));
      add_uint (builder, "value", alert->value);
      add_uint (builder, "limit", alert->limit);
      add_uint (builder, "months", alert->n_months);
      ringi_cli_json_add_string (builder, "message", message);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/* The state of the month's close, from its 勤務月報 request */
static void
add_close_json (JsonBuilder *builder,
                RingiSync *sync,
                const RingiTimesheet *sheet)
{
  g_autoptr(RingiRequestSummary) summary = NULL;

  if (sheet->close_request != NULL)
    summary = ringi_sync_summarize (sync, sheet->close_request, NULL);

  ringi_cli_json_add_string (builder, "close_request", sheet->close_request);
  ringi_cli_json_add_string (builder, "close_status", summary ? ringi_request_status_to_string (summary->status) : NULL);
}

static void
print_timesheet_json (const RingiTimesheet *sheet,
                      GArray *activity,
                      RingiSync *sync)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *month = g_strdup_printf ("%04d-%02d", sheet->year, sheet->month);

  json_builder_begin_object (builder);
  ringi_cli_json_add_string (builder, "login", sheet->login);
  ringi_cli_json_add_string (builder, "month", month);
  ringi_cli_json_add_string (builder, "time_out", ringi_attendance_time_out_to_string (sheet->rules.time_out));
  add_uint (builder, "punches", sheet->n_punches);
  add_uint (builder, "unsynced", sheet->n_unsynced);
  add_close_json (builder, sync, sheet);
  json_builder_set_member_name (builder, "days");
  json_builder_begin_array (builder);
  for (guint i = 0; i < sheet->days->len; i++)
    {
      const RingiAttendanceDay *day = &g_array_index (sheet->days, RingiAttendanceDay, i);

      add_day_json (builder, day, ringi_activity_days_find (activity, &day->date));
    }
  json_builder_end_array (builder);
  add_totals_json (builder, &sheet->summary.totals);
  add_alerts_json (builder, sheet->alerts);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  ringi_cli_print_json (root);
}

static void
print_day_row (const RingiAttendanceDay *day,
               const RingiActivityDay *activity)
{
  g_autofree char *date = format_date (&day->date);
  g_autofree char *start = format_clock (day->start);
  g_autofree char *end = format_clock (day->end);
  g_autofree char *breaks = format_minutes (day->break_min);
  g_autofree char *time_out = format_minutes (day->time_out_min);
  g_autofree char *work = format_minutes (day->work_min);
  g_autofree char *overtime = format_minutes (day->overtime_min);
  g_autofree char *late = format_minutes (day->late_night_min);
  g_autofree char *holiday = format_minutes (day->holiday_min);
  g_autofree char *flags = join_flags (day->flags, ",");
  const char *place = day->clocked_in ? ringi_punch_place_to_string (day->place) : "-";
  g_autofree char *first = activity ? format_unix_clock (activity->first) : g_strdup ("-");
  g_autofree char *last = activity ? format_unix_clock (activity->last) : g_strdup ("-");
  g_autofree char *gap = NULL;
  guint gap_min = 0;

  /* A gap above the notice threshold is marked, as My month marks it. */
  if (ringi_timesheet_activity_gap (day, activity, &gap_min))
    {
      g_autofree char *minutes = format_minutes (gap_min);

      gap = g_strconcat (minutes, gap_min > RINGI_TIMESHEET_GAP_NOTICE_MINUTES ? "!" : "", NULL);
    }

  g_print ("%-10s %-9s %5s %5s %6s %6s %6s %6s %6s %6s %5s %5s %6s %s\n", date, place, start, end, breaks, time_out,
           work, overtime, late, holiday, first, last, gap ? gap : "-", flags);
}

/* The column heads, padded by display width so that translated ones
 * stay over their columns (print_day_row's widths, plus one space). */
static void
print_header (void)
{
  const struct
  {
    const char *text;
    guint width;
  } heads[] = {
    { C_("timesheet column", "DATE"), 11 },
    { C_("timesheet column", "PLACE"), 10 },
    { C_("timesheet column", "START"), 6 },
    { C_("timesheet column", "END"), 6 },
    { C_("timesheet column", "BREAK"), 7 },
    /* Translators: time out (中抜け) */
    { C_("timesheet column", "OUT"), 7 },
    { C_("timesheet column", "WORK"), 7 },
    { C_("timesheet column", "OVER"), 7 },
    { C_("timesheet column", "NIGHT"), 7 },
    { C_("timesheet column", "HOLI"), 7 },
    /* Translators: the first and last activity times of the objective record */
    { C_("timesheet column", "FIRST"), 6 },
    { C_("timesheet column", "LAST"), 6 },
    /* Translators: the gap (乖離) between punches and activity, marked ! above 30 minutes */
    { C_("timesheet column", "GAP"), 7 },
    { C_("timesheet column", "FLAGS"), 0 },
  };
  g_autoptr(GString) line = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (heads); i++)
    {
      g_autofree char *padded = ringi_text_pad (heads[i].text, heads[i].width);

      g_string_append (line, padded);
    }
  g_print ("%s\n", line->str);
}

static void
print_timesheet (const RingiTimesheet *sheet,
                 GArray *activity)
{
  const RingiAttendanceTotals *t = &sheet->summary.totals;
  g_autofree char *work = format_minutes (t->work_min);
  g_autofree char *overtime = format_minutes (t->overtime_min);
  g_autofree char *legal = format_minutes (t->legal_overtime_min);
  g_autofree char *late = format_minutes (t->late_night_min);
  g_autofree char *holiday = format_minutes (t->holiday_min);

  g_print (_("Timesheet of %s, %04d-%02d\n"), sheet->login, sheet->year, sheet->month);
  print_header ();
  for (guint i = 0; i < sheet->days->len; i++)
    {
      const RingiAttendanceDay *day = &g_array_index (sheet->days, RingiAttendanceDay, i);

      print_day_row (day, ringi_activity_days_find (activity, &day->date));
    }

  g_print (_("Days worked: %u (telework %u); work %s, overtime %s (legal %s), late night %s, holiday work %s\n"),
           t->days_worked, t->telework_days, work, overtime, legal, late, holiday);
  for (guint i = 0; i < sheet->alerts->len; i++)
    {
      g_autofree char *message = ringi_attendance_alert_describe (&g_array_index (sheet->alerts, RingiAttendanceAlert, i));

      g_print (_("Alert: %s\n"), message);
    }
  if (sheet->n_unsynced > 0)
    g_print (ngettext ("%u punch is not synced yet.\n", "%u punches are not synced yet.\n", sheet->n_unsynced),
             sheet->n_unsynced);
}

/* The person's own days come from their full record on this computer;
 * a team member's from the first and last times the server sent. */
static GArray *
list_activity_days (RingiStore *store,
                    const char *own_login,
                    const char *login,
                    int year,
                    int month,
                    GError **error)
{
  g_autoptr(GPtrArray) periods = NULL;
  GDate from, until;

  if (g_strcmp0 (own_login, login) != 0)
    {
      g_date_clear (&from, 1);
      g_date_set_dmy (&from, 1, month, year);
      until = from;
      g_date_add_months (&until, 1);
      return ringi_store_list_activity_days (store, login, &from, &until, error);
    }

  {
    g_autoptr(GDateTime) first = g_date_time_new (ringi_attendance_get_time_zone (), year, month, 1, 0, 0, 0);
    g_autoptr(GDateTime) next = g_date_time_add_months (first, 1);

    periods = ringi_store_list_activity (store, g_date_time_to_unix (first), g_date_time_to_unix (next), error);
  }
  return periods ? ringi_activity_summarize_days (periods) : NULL;
}

static gboolean
current_month (int *year,
               int *month)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (ringi_attendance_get_time_zone ());

  g_date_time_get_ymd (now, year, month, NULL);
  return TRUE;
}

/* The month's payroll CSV line and its PDF, to the files asked for. */
static int
write_timesheet (const char *command,
                 RingiStore *store,
                 const RingiTimesheet *sheet,
                 const char *csv,
                 const char *encoding,
                 const char *pdf)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiUser) user = ringi_store_get_user (store, sheet->login, NULL);
  g_autoptr(GPtrArray) people = g_ptr_array_new ();
  g_autoptr(GBytes) bytes = NULL;
  RingiUser nobody = { .login = sheet->login };

  g_ptr_array_add (people, user != NULL ? user : &nobody);
  if (csv != NULL && !ringi_cli_write_payroll_csv (store, people, sheet->year, sheet->month, encoding, csv, &error))
    return ringi_cli_fail (command, error);

  if (pdf != NULL &&
      ((bytes = ringi_attendance_pdf_timesheet (sheet, user != NULL ? user->display_name : sheet->login, &error)) == NULL ||
       !g_file_set_contents_full (pdf, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                  G_FILE_SET_CONTENTS_CONSISTENT, 0644, &error)))
    return ringi_cli_fail (command, error);

  return RINGI_EXIT_OK;
}

/**
 * ringi_cli_timesheet:
 * @argc: number of arguments
 * @argv: the arguments; argv[0] is "ringi-cli timesheet"
 *
 * `timesheet [--month YYYY-MM] [--user LOGIN] [--json] [--csv FILE
 * [--encoding E]] [--pdf FILE]`: prints the month, or writes its payroll
 * CSV line or its PDF (A4, with the month's seals) to FILE.
 *
 * Returns: the exit status
 */
int
ringi_cli_timesheet (int argc,
                     char **argv)
{
  g_autofree char *month_text = NULL;
  g_autofree char *login = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *encoding = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "month", 0, 0, G_OPTION_ARG_STRING, &month_text, N_("The month, YYYY-MM (default: this month)"), N_("MONTH") },
    { "user", 0, 0, G_OPTION_ARG_STRING, &login, N_("Someone of your team (default: you)"), N_("LOGIN") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv, N_("Write the month’s payroll CSV line to FILE"), N_("FILE") },
    { "encoding", 0, 0, G_OPTION_ARG_STRING, &encoding, N_("For --csv: utf-8-bom (default) or shift_jis (sjis)"), N_("ENCODING") },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf, N_("Write the timesheet as a PDF to FILE"), N_("FILE") },
    { NULL }
  };
  const char *charset = NULL;
  g_autoptr(GOptionContext) context = ringi_cli_option_context_new (NULL, _("Show a month of attendance: days beside the first and last activity, totals and cap alerts."), entries);
  g_auto(RingiCliSession) session = { 0 };
  g_autoptr(RingiSyncSettings) settings = NULL;
  g_autoptr(RingiTimesheet) sheet = NULL;
  g_autoptr(GArray) activity = NULL;
  g_autoptr(GError) error = NULL;
  int year, month;
  int status;

  if ((status = ringi_cli_parse (context, &argc, &argv)) != RINGI_EXIT_OK)
    return status;
  if (argc != 1)
    return ringi_cli_usage_error (context, _("timesheet takes no arguments besides its options"));
  if (month_text != NULL ? !ringi_timesheet_parse_month (month_text, &year, &month) : !current_month (&year, &month))
    return ringi_cli_usage_error (context, _("--month is YYYY-MM"));
  if (!ringi_cli_parse_encoding (encoding, &charset))
    return ringi_cli_usage_error (context, _("--encoding is utf-8-bom or shift_jis"));

  if (!ringi_cli_session_open (&session, &error) ||
      (settings = ringi_profile_dup_settings (session.profile, &error)) == NULL)
    return ringi_cli_fail (argv[0], error);

  if (login == NULL && settings->login == NULL)
    {
      g_set_error_literal (&error, RINGI_PROFILE_ERROR, RINGI_PROFILE_ERROR_NOT_ENROLLED,
                           _("This profile is not enrolled with a server yet"));
      return ringi_cli_fail (argv[0], error);
    }

  sheet = ringi_timesheet_compute (ringi_profile_get_store (session.profile), login ? login : settings->login,
                                   year, month, &error);
  if (sheet == NULL ||
      (activity = list_activity_days (ringi_profile_get_store (session.profile), settings->login, sheet->login,
                                      year, month, &error)) == NULL)
    return ringi_cli_fail (argv[0], error);

  if (csv != NULL || pdf != NULL)
    return write_timesheet (argv[0], ringi_profile_get_store (session.profile), sheet, csv, charset, pdf);
  if (json)
    print_timesheet_json (sheet, activity, session.sync);
  else
    print_timesheet (sheet, activity);
  return RINGI_EXIT_OK;
}

/* Requests of attendance */

/**
 * ringi_cli_close_month:
 * @argc: number of arguments
 * @argv: the arguments; argv[0] is "ringi-cli close-month"
 *
 * `close-month YYYY-MM`: prints the id of the 勤務月報 request.
 *
 * Returns: the exit status
 */
int
ringi_cli_close_month (int argc,
                       char **argv)
{
  const GOptionEntry entries[] = { { NULL } };
  g_autoptr(GOptionContext) context = ringi_cli_option_context_new (_("YYYY-MM"), _("Close a month (月次締め): sign its punches and send its timesheet to your manager."), entries);
  g_auto(RingiCliSession) session = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pin = NULL;
  g_autofree char *id = NULL;
  int year, month;
  int status;

  if ((status = ringi_cli_parse (context, &argc, &argv)) != RINGI_EXIT_OK)
    return status;
  if (argc != 2 || !ringi_timesheet_parse_month (argv[1], &year, &month))
    return ringi_cli_usage_error (context, _("Name the month to close, YYYY-MM"));

  if (!ringi_cli_session_open (&session, &error) || (pin = ringi_cli_read_passphrase (&error)) == NULL)
    return ringi_cli_fail (argv[0], error);

  ringi_sync_close_month_async (session.sync, year, month, pin, NULL, ringi_cli_store_result, &result);
  id = ringi_sync_close_month_finish (session.sync, ringi_cli_wait (&result), &error);
  if (id == NULL)
    return ringi_cli_fail (argv[0], error);

  g_print ("%s\n", id);
  return RINGI_EXIT_OK;
}

/* YYYY-MM-DD and HH:MM in Asia/Tokyo */
static GDateTime *
parse_day_and_time (const char *date,
                    const char *time)
{
  int hour, minute;

  if (date == NULL || time == NULL || !ringi_text_parse_date (date, NULL) || strlen (time) != 5 || time[2] != ':' ||
      !g_ascii_isdigit (time[0]) || !g_ascii_isdigit (time[1]) || !g_ascii_isdigit (time[3]) ||
      !g_ascii_isdigit (time[4]))
    return NULL;

  hour = (int) g_ascii_strtoll (time, NULL, 10);
  minute = (int) g_ascii_strtoll (time + 3, NULL, 10);
  return g_date_time_new (ringi_attendance_get_time_zone (), (int) g_ascii_strtoll (date, NULL, 10),
                          (int) g_ascii_strtoll (date + 5, NULL, 10), (int) g_ascii_strtoll (date + 8, NULL, 10),
                          hour, minute, 0);
}

typedef struct
{
  char *date;
  char *time;
  char *kind;
  char *place;
  char *replaces;
  char *reason;
} CorrectOptions;

static void
correct_options_clear (CorrectOptions *o)
{
  g_free (o->date);
  g_free (o->time);
  g_free (o->kind);
  g_free (o->place);
  g_free (o->replaces);
  g_free (o->reason);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CorrectOptions, correct_options_clear)

static int
request_correction (const char *command,
                    RingiCliSession *session,
                    const RingiPunchInput *input)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pin = NULL;
  g_autofree char *id = NULL;

  if ((pin = ringi_cli_read_passphrase (&error)) == NULL)
    return ringi_cli_fail (command, error);

  ringi_sync_request_correction_async (session->sync, input, pin, NULL, ringi_cli_store_result, &result);
  id = ringi_sync_request_correction_finish (session->sync, ringi_cli_wait (&result), &error);
  if (id == NULL)
    return ringi_cli_fail (command, error);

  g_print ("%s\n", id);
  return RINGI_EXIT_OK;
}

/**
 * ringi_cli_correct:
 * @argc: number of arguments
 * @argv: the arguments; argv[0] is "ringi-cli correct"
 *
 * `correct --date D --time HH:MM --kind K [--place P] [--replaces PUNCH]
 * --reason TEXT`: asks for a correction (打刻修正申請): signs the
 * correcting punch and submits the request that carries it, printing the
 * request's id. Its approval adds the punch.
 *
 * Returns: the exit status
 */
int
ringi_cli_correct (int argc,
                   char **argv)
{
  g_auto(CorrectOptions) o = { 0 };
  const GOptionEntry entries[] = {
    { "date", 0, 0, G_OPTION_ARG_STRING, &o.date, N_("The day of the punch, YYYY-MM-DD"), N_("DATE") },
    { "time", 0, 0, G_OPTION_ARG_STRING, &o.time, N_("Its time, HH:MM"), N_("TIME") },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &o.kind, N_("clock-in, clock-out, break-start, break-end, out or in"), N_("KIND") },
    { "place", 0, 0, G_OPTION_ARG_STRING, &o.place, N_("home, office (default), satellite or trip"), N_("PLACE") },
    { "replaces", 0, 0, G_OPTION_ARG_STRING, &o.replaces, N_("The punch it replaces (none for a missing punch)"), N_("PUNCH") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &o.reason, N_("Why"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = ringi_cli_option_context_new (NULL, _("Ask for a correction of your punches (打刻修正申請): the punch is signed now and added when the request is approved."), entries);
  g_auto(RingiCliSession) session = { 0 };
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GError) error = NULL;
  RingiPunchInput input = { .place = RINGI_PUNCH_PLACE_OFFICE };
  int status;

  if ((status = ringi_cli_parse (context, &argc, &argv)) != RINGI_EXIT_OK)
    return status;
  if (argc != 1)
    return ringi_cli_usage_error (context, _("correct takes no arguments besides its options"));
  if (o.kind == NULL || !ringi_punch_kind_from_string (o.kind, &input.kind))
    return ringi_cli_usage_error (context, _("--kind is clock-in, clock-out, break-start, break-end, out or in"));
  if (o.place != NULL && !ringi_punch_place_from_string (o.place, &input.place))
    return ringi_cli_usage_error (context, _("--place is home, office, satellite or trip"));
  if ((time = parse_day_and_time (o.date, o.time)) == NULL)
    return ringi_cli_usage_error (context, _("--date YYYY-MM-DD and --time HH:MM are required"));
  if (o.reason == NULL)
    return ringi_cli_usage_error (context, _("--reason is required"));

  if (!ringi_cli_session_open (&session, &error))
    return ringi_cli_fail (argv[0], error);

  input.time = time;
  input.note = o.reason;
  input.corrects = o.replaces;
  return request_correction (argv[0], &session, &input);
}

/**
 * ringi_cli_leave:
 * @argc: number of arguments
 * @argv: the arguments; argv[0] is "ringi-cli leave"
 *
 * `leave --date D [--until D] [--kind day|half-am|half-pm|hours]
 * [--hours N] [--type annual|special] [--reason TEXT]`: asks for leave
 * (休暇申請), printing the request's id.
 *
 * Returns: the exit status
 */
int
ringi_cli_leave (int argc,
                 char **argv)
{
  g_autofree char *date = NULL;
  g_autofree char *until = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *type = NULL;
  g_autofree char *reason = NULL;
  int hours = 0;
  const GOptionEntry entries[] = {
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("The first day, YYYY-MM-DD"), N_("DATE") },
    { "until", 0, 0, G_OPTION_ARG_STRING, &until, N_("The last day (default: the first)"), N_("DATE") },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, N_("day (default), half-am, half-pm or hours"), N_("KIND") },
    { "hours", 0, 0, G_OPTION_ARG_INT, &hours, N_("For --kind hours: how many hours"), N_("N") },
    { "type", 0, 0, G_OPTION_ARG_STRING, &type, N_("annual (default) or special"), N_("TYPE") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why, for special leave"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = ringi_cli_option_context_new (NULL, _("Ask for leave (休暇申請): a day, half a day, hours; annual or special."), entries);
  g_auto(RingiCliSession) session = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pin = NULL;
  g_autofree char *id = NULL;
  RingiLeaveInput input = { 0 };
  int status;

  if ((status = ringi_cli_parse (context, &argc, &argv)) != RINGI_EXIT_OK)
    return status;
  if (argc != 1)
    return ringi_cli_usage_error (context, _("leave takes no arguments besides its options"));
  input = (RingiLeaveInput){ .first_day = date, .last_day = until, .hours = MAX (hours, 0), .reason = reason };
  if (date == NULL || !ringi_text_parse_date (date, NULL) || (until != NULL && !ringi_text_parse_date (until, NULL)))
    return ringi_cli_usage_error (context, _("--date YYYY-MM-DD is required; --until is a date too"));
  if (kind != NULL && !ringi_leave_length_from_string (kind, &input.length))
    return ringi_cli_usage_error (context, _("--kind is day, half-am, half-pm or hours"));
  if ((input.length == RINGI_LEAVE_HOURS) != (hours > 0) || hours > RINGI_LEAVE_MAX_HOURS)
    return ringi_cli_usage_error (context, _("--hours (1 to 8) goes with --kind hours, and only with it"));
  if (type != NULL && !ringi_leave_type_from_string (type, &input.type))
    return ringi_cli_usage_error (context, _("--type is annual or special"));
  if (!ringi_leave_input_check (&input, &error))
    return ringi_cli_usage_error (context, error->message);

  if (!ringi_cli_session_open (&session, &error) || (pin = ringi_cli_read_passphrase (&error)) == NULL)
    return ringi_cli_fail (argv[0], error);

  ringi_sync_request_leave_async (session.sync, &input, pin, NULL, ringi_cli_store_result, &result);
  id = ringi_sync_request_leave_finish (session.sync, ringi_cli_wait (&result), &error);
  if (id == NULL)
    return ringi_cli_fail (argv[0], error);

  g_print ("%s\n", id);
  return RINGI_EXIT_OK;
}
