/* ringi-cli-attendance.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "ringi-cli-command.h"
#include "ringi-cli-common.h"
#include "ringi-command.h"
#include "ringi-timesheet.h"

/* `ringi-cli punch` and `ringi-cli timesheet`: attendance (勤怠) without
 * a window. A punch is signed and kept at once, and sent by the next
 * `ringi-cli sync`; the timesheet is computed from the punches kept
 * here, by the same rules as the server's report. */

/**
 * ringi_cli_punch:
 * @argc: number of arguments
 * @argv: the arguments; argv[0] is "ringi-cli punch"
 *
 * `punch KIND [--place PLACE] [--note TEXT]`: prints the punch's uuid.
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
  g_autoptr(GOptionContext) context = ringi_cli_option_context_new (_("clock-in|clock-out|break-start|break-end|out|in"),
                                                                     _("Punch the clock (打刻): signed now, sent by the next sync."),
                                                                     entries);
  g_auto(RingiCliSession) session = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pin = NULL;
  g_autofree char *id = NULL;
  RingiPunchKind kind;
  RingiPunchPlace place = RINGI_PUNCH_PLACE_OFFICE;
  int status;

  if ((status = ringi_cli_parse (context, &argc, &argv)) != RINGI_EXIT_OK)
    return status;
  if (argc != 2 || !ringi_punch_kind_from_string (argv[1], &kind))
    return ringi_cli_usage_error (context, _("Say what you punch: clock-in, clock-out, break-start, break-end, out or in"));
  if (place_text != NULL && !ringi_punch_place_from_string (place_text, &place))
    return ringi_cli_usage_error (context, _("--place is home, office, satellite or trip"));

  if (!ringi_cli_session_open (&session, &error) || (pin = ringi_cli_read_passphrase (&error)) == NULL)
    return ringi_cli_fail (argv[0], error);

  ringi_sync_punch_async (session.sync, kind, place, note, pin, NULL, ringi_cli_store_result, &result);
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

static void
add_day_json (JsonBuilder *builder,
              const RingiAttendanceDay *day)
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

static void
print_timesheet_json (const RingiTimesheet *sheet)
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
  json_builder_set_member_name (builder, "days");
  json_builder_begin_array (builder);
  for (guint i = 0; i < sheet->days->len; i++)
    add_day_json (builder, &g_array_index (sheet->days, RingiAttendanceDay, i));
  json_builder_end_array (builder);
  add_totals_json (builder, &sheet->summary.totals);
  add_alerts_json (builder, sheet->alerts);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  ringi_cli_print_json (root);
}

static void
print_day_row (const RingiAttendanceDay *day)
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

  g_print ("%-10s %-9s %5s %5s %6s %6s %6s %6s %6s %6s %s\n", date, place, start, end, breaks, time_out,
           work, overtime, late, holiday, flags);
}

static void
print_timesheet (const RingiTimesheet *sheet)
{
  const RingiAttendanceTotals *t = &sheet->summary.totals;
  g_autofree char *work = format_minutes (t->work_min);
  g_autofree char *overtime = format_minutes (t->overtime_min);
  g_autofree char *legal = format_minutes (t->legal_overtime_min);
  g_autofree char *late = format_minutes (t->late_night_min);
  g_autofree char *holiday = format_minutes (t->holiday_min);

  g_print (_("Timesheet of %s, %04d-%02d\n"), sheet->login, sheet->year, sheet->month);
  g_print ("%-10s %-9s %5s %5s %6s %6s %6s %6s %6s %6s %s\n", _("DATE"), _("PLACE"), _("START"), _("END"),
           _("BREAK"), _("OUT"), _("WORK"), _("OVER"), _("NIGHT"), _("HOLI"), _("FLAGS"));
  for (guint i = 0; i < sheet->days->len; i++)
    print_day_row (&g_array_index (sheet->days, RingiAttendanceDay, i));

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

static gboolean
current_month (int *year,
               int *month)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (ringi_attendance_get_time_zone ());

  g_date_time_get_ymd (now, year, month, NULL);
  return TRUE;
}

/**
 * ringi_cli_timesheet:
 * @argc: number of arguments
 * @argv: the arguments; argv[0] is "ringi-cli timesheet"
 *
 * `timesheet [--month YYYY-MM] [--user LOGIN] [--json]`
 *
 * Returns: the exit status
 */
int
ringi_cli_timesheet (int argc,
                     char **argv)
{
  g_autofree char *month_text = NULL;
  g_autofree char *login = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "month", 0, 0, G_OPTION_ARG_STRING, &month_text, N_("The month, YYYY-MM (default: this month)"), N_("MONTH") },
    { "user", 0, 0, G_OPTION_ARG_STRING, &login, N_("Someone of your team (default: you)"), N_("LOGIN") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = ringi_cli_option_context_new (NULL, _("Show a month of attendance: days, totals and cap alerts."), entries);
  g_auto(RingiCliSession) session = { 0 };
  g_autoptr(RingiSyncSettings) settings = NULL;
  g_autoptr(RingiTimesheet) sheet = NULL;
  g_autoptr(GError) error = NULL;
  int year, month;
  int status;

  if ((status = ringi_cli_parse (context, &argc, &argv)) != RINGI_EXIT_OK)
    return status;
  if (argc != 1)
    return ringi_cli_usage_error (context, _("timesheet takes no arguments besides its options"));
  if (month_text != NULL ? !ringi_timesheet_parse_month (month_text, &year, &month) : !current_month (&year, &month))
    return ringi_cli_usage_error (context, _("--month is YYYY-MM"));

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
  if (sheet == NULL)
    return ringi_cli_fail (argv[0], error);

  if (json)
    print_timesheet_json (sheet);
  else
    print_timesheet (sheet);
  return RINGI_EXIT_OK;
}
