/* test-attendance-rules.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-attendance-rules"

#include "config.h"

#include <stdio.h>

#include "ringi-attendance-rules.h"
#include "ringi-test-utils.h"

/* Punches are written one per line as
 *   "2026-07-01 08:30 clock-in home"
 *   "2026-07-01 08:30:15 clock-in office received 2026-07-01 08:36"
 * in Asia/Tokyo time; the place defaults to office. */

#define MAX_PUNCHES 16
#define MAX_DAYS    4

static void
punch_clear (gpointer data)
{
  RingiAttendancePunch *punch = data;

  g_clear_pointer (&punch->time, g_date_time_unref);
  g_clear_pointer (&punch->received, g_date_time_unref);
}

static GDateTime *
tokyo_time (const char *date,
            const char *time)
{
  guint year, month, day, hour, minute, second = 0;
  GDateTime *result;

  g_assert_cmpint (sscanf (date, "%4u-%2u-%2u", &year, &month, &day), ==, 3);
  g_assert_cmpint (sscanf (time, "%2u:%2u:%2u", &hour, &minute, &second), >=, 2);
  result = g_date_time_new (ringi_attendance_get_time_zone (), year, month, day, hour, minute, second);
  g_assert_nonnull (result);
  return result;
}

static void
parse_punch (const char *line,
             RingiAttendancePunch *punch)
{
  g_auto(GStrv) words = g_strsplit (line, " ", -1);
  guint n = g_strv_length (words);

  g_assert_cmpuint (n, >=, 3);
  punch->time = tokyo_time (words[0], words[1]);
  g_assert_true (ringi_punch_kind_from_string (words[2], &punch->kind));
  punch->place = RINGI_PUNCH_PLACE_OFFICE;
  if (n > 3 && !g_str_equal (words[3], "received"))
    g_assert_true (ringi_punch_place_from_string (words[3], &punch->place));

  for (guint i = 3; i < n; i++)
    {
      if (!g_str_equal (words[i], "received"))
        continue;
      g_assert_cmpuint (i + 2, <, n);
      punch->received = tokyo_time (words[i + 1], words[i + 2]);
    }
}

static GArray *
parse_punches (const char *const *lines)
{
  GArray *punches = g_array_new (FALSE, TRUE, sizeof (RingiAttendancePunch));

  g_array_set_clear_func (punches, punch_clear);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      RingiAttendancePunch punch = { 0 };

      parse_punch (lines[i], &punch);
      g_array_append_val (punches, punch);
    }

  return punches;
}

static GArray *
compute (const RingiAttendanceRules *rules,
         const char *const *lines)
{
  g_autoptr(GArray) punches = parse_punches (lines);

  return ringi_attendance_compute_days (rules, (RingiAttendancePunch *) punches->data, punches->len);
}

static void
append_flags (GString *text,
              RingiAttendanceFlags flags)
{
  const char *separator = "";

  for (guint bit = 1; bit <= RINGI_ATTENDANCE_FLAG_CLOCK_SKEW; bit <<= 1)
    {
      if ((flags & bit) == 0)
        continue;
      g_string_append_printf (text, "%s%s", separator, ringi_attendance_flag_to_string (bit));
      separator = ";";
    }
}

/* One line per day, so that a failure shows every number at once. */
static char *
describe_day (const RingiAttendanceDay *day)
{
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, "%04u-%02u-%02u", g_date_get_year (&day->date),
                          g_date_get_month (&day->date), g_date_get_day (&day->date));
  if (day->clocked_in)
    g_string_append_printf (text, " %s", ringi_punch_place_to_string (day->place));
  if (day->day_off)
    g_string_append_printf (text, " off%s%s", day->holiday_name ? ":" : "",
                            day->holiday_name ? day->holiday_name : "");
  g_string_append_printf (text, " work=%u break=%u out=%u overtime=%u legal=%u late=%u holiday=%u",
                          day->work_min, day->break_min, day->time_out_min, day->overtime_min,
                          day->legal_overtime_min, day->late_night_min, day->holiday_min);
  if (day->flags != RINGI_ATTENDANCE_FLAG_NONE)
    {
      g_string_append (text, " flags=");
      append_flags (text, day->flags);
    }

  return g_string_free (text, FALSE);
}

typedef struct
{
  const char *name;
  RingiTimeOutRule time_out;
  const char *punches[MAX_PUNCHES];
  const char *days[MAX_DAYS];
} DayCase;

static const DayCase day_cases[] = {
  {
    "scheduled day",
    RINGI_TIME_OUT_NOT_WORK,
    { "2026-07-01 08:30 clock-in", "2026-07-01 12:00 break-start", "2026-07-01 13:00 break-end", "2026-07-01 17:15 clock-out" },
    { "2026-07-01 office work=465 break=60 out=0 overtime=0 legal=0 late=0 holiday=0" },
  },
  {
    "punches in any order",
    RINGI_TIME_OUT_NOT_WORK,
    { "2026-07-01 17:15 clock-out", "2026-07-01 13:00 break-end", "2026-07-01 08:30 clock-in", "2026-07-01 12:00 break-start" },
    { "2026-07-01 office work=465 break=60 out=0 overtime=0 legal=0 late=0 holiday=0" },
  },
  {
    "seconds are cut to the minute",
    RINGI_TIME_OUT_NOT_WORK,
    { "2026-07-01 08:29:59 clock-in", "2026-07-01 12:00:30 break-start", "2026-07-01 13:00:59 break-end", "2026-07-01 17:15:45 clock-out" },
    { "2026-07-01 office work=466 break=60 out=0 overtime=1 legal=0 late=0 holiday=0" },
  },
  {
    "overtime and legal overtime",
    RINGI_TIME_OUT_NOT_WORK,
    { "2026-07-01 08:30 clock-in", "2026-07-01 12:00 break-start", "2026-07-01 13:00 break-end", "2026-07-01 19:00 clock-out" },
    { "2026-07-01 office work=570 break=60 out=0 overtime=105 legal=90 late=0 holiday=0" },
  },
  {
    "shift across midnight belongs to its clock-in",
    RINGI_TIME_OUT_NOT_WORK,
    { "2026-07-01 18:00 clock-in home", "2026-07-01 20:00 break-start", "2026-07-01 20:30 break-end", "2026-07-02 03:00 clock-out" },
    { "2026-07-01 home work=510 break=30 out=0 overtime=45 legal=30 late=300 holiday=0" },
  },
  {
    "late night split by a break across midnight",
    RINGI_TIME_OUT_NOT_WORK,
    { "2026-07-01 16:00 clock-in", "2026-07-01 23:30 break-start", "2026-07-02 00:30 break-end", "2026-07-02 06:00 clock-out" },
    { "2026-07-01 office work=780 break=60 out=0 overtime=315 legal=300 late=360 holiday=0" },
  },
  {
    "auto break on a long shift",
    RINGI_TIME_OUT_NOT_WORK,
    { "2026-07-01 08:30 clock-in", "2026-07-01 17:15 clock-out" },
    { "2026-07-01 office work=465 break=60 out=0 overtime=0 legal=0 late=0 holiday=0 flags=auto-break" },
  },
  {
    "no auto break at exactly six hours",
    RINGI_TIME_OUT_NOT_WORK,
    { "2026-07-01 09:00 clock-in", "2026-07-01 15:00 clock-out" },
    { "2026-07-01 office work=360 break=0 out=0 overtime=0 legal=0 late=0 holiday=0" },
  },
  {
    "auto break one minute past six hours",
    RINGI_TIME_OUT_NOT_WORK,
    { "2026-07-01 09:00 clock-in", "2026-07-01 15:01 clock-out" },
    { "2026-07-01 office work=301 break=60 out=0 overtime=0 legal=0 late=0 holiday=0 flags=auto-break" },
  },
  {
    "auto break taken from daytime",
    RINGI_TIME_OUT_NOT_WORK,
    { "2026-07-01 14:00 clock-in", "2026-07-01 23:00 clock-out" },
    { "2026-07-01 office work=480 break=60 out=0 overtime=15 legal=0 late=60 holiday=0 flags=auto-break" },
  },
  {
    "auto break from the night when the day is short",
    RINGI_TIME_OUT_NOT_WORK,
    { "2026-07-01 21:30 clock-in", "2026-07-02 04:00 clock-out" },
    { "2026-07-01 office work=330 break=60 out=0 overtime=0 legal=0 late=330 holiday=0 flags=auto-break" },
  },
  {
    "time out not counted in option 1",
    RINGI_TIME_OUT_NOT_WORK,
    { "2026-07-01 08:30 clock-in home", "2026-07-01 10:00 out home", "2026-07-01 11:00 in home", "2026-07-01 12:00 break-start home", "2026-07-01 13:00 break-end home", "2026-07-01 17:15 clock-out home" },
    { "2026-07-01 home work=405 break=60 out=60 overtime=0 legal=0 late=0 holiday=0" },
  },
  {
    "time out counted in option 2",
    RINGI_TIME_OUT_WORK,
    { "2026-07-01 08:30 clock-in home", "2026-07-01 10:00 out home", "2026-07-01 11:00 in home", "2026-07-01 12:00 break-start home", "2026-07-01 13:00 break-end home", "2026-07-01 17:15 clock-out home" },
    { "2026-07-01 home work=465 break=60 out=60 overtime=0 legal=0 late=0 holiday=0" },
  },
  {
    "time out is not a break in option 1",
    RINGI_TIME_OUT_NOT_WORK,
    { "2026-07-01 08:30 clock-in home", "2026-07-01 12:00 out home", "2026-07-01 14:00 in home", "2026-07-01 18:15 clock-out home" },
    { "2026-07-01 home work=405 break=60 out=120 overtime=0 legal=0 late=0 holiday=0 flags=auto-break" },
  },
  {
    "late time out counted at night in option 2",
    RINGI_TIME_OUT_WORK,
    { "2026-07-01 13:00 clock-in home", "2026-07-01 16:00 break-start home", "2026-07-01 17:00 break-end home", "2026-07-01 21:30 out home", "2026-07-01 22:30 in home", "2026-07-01 23:00 clock-out home" },
    { "2026-07-01 home work=540 break=60 out=60 overtime=75 legal=60 late=60 holiday=0" },
  },
  {
    "work on a national holiday",
    RINGI_TIME_OUT_NOT_WORK,
    { "2026-07-20 09:00 clock-in", "2026-07-20 15:00 clock-out" },
    { "2026-07-20 office off:海の日 work=360 break=0 out=0 overtime=0 legal=0 late=0 holiday=360" },
  },
  {
    "work on a citizens holiday",
    RINGI_TIME_OUT_NOT_WORK,
    { "2026-09-22 08:30 clock-in", "2026-09-22 12:00 break-start", "2026-09-22 13:00 break-end", "2026-09-22 19:00 clock-out" },
    { "2026-09-22 office off:国民の休日 work=570 break=60 out=0 overtime=0 legal=90 late=0 holiday=570" },
  },
  {
    "saturday work passing the legal day",
    RINGI_TIME_OUT_NOT_WORK,
    { "2026-07-04 08:00 clock-in", "2026-07-04 12:00 break-start", "2026-07-04 13:00 break-end", "2026-07-04 18:00 clock-out" },
    { "2026-07-04 office off work=540 break=60 out=0 overtime=0 legal=60 late=0 holiday=540" },
  },
  {
    "sunday work is holiday work and never legal overtime",
    RINGI_TIME_OUT_NOT_WORK,
    { "2026-07-05 08:00 clock-in", "2026-07-05 12:00 break-start", "2026-07-05 13:00 break-end", "2026-07-05 18:00 clock-out" },
    { "2026-07-05 office off work=540 break=60 out=0 overtime=0 legal=0 late=0 holiday=540" },
  },
  {
    "missing clock-out before the next clock-in",
    RINGI_TIME_OUT_NOT_WORK,
    { "2026-07-01 08:30 clock-in", "2026-07-01 12:00 break-start", "2026-07-01 13:00 break-end", "2026-07-02 08:30 clock-in satellite", "2026-07-02 17:15 clock-out satellite" },
    { "2026-07-01 office work=210 break=60 out=0 overtime=0 legal=0 late=0 holiday=0 flags=missing-clock-out",
      "2026-07-02 satellite work=465 break=60 out=0 overtime=0 legal=0 late=0 holiday=0 flags=auto-break" },
  },
  {
    "missing clock-out at the end",
    RINGI_TIME_OUT_NOT_WORK,
    { "2026-07-01 08:30 clock-in trip" },
    { "2026-07-01 trip work=0 break=0 out=0 overtime=0 legal=0 late=0 holiday=0 flags=missing-clock-out" },
  },
  {
    "unmatched break end",
    RINGI_TIME_OUT_NOT_WORK,
    { "2026-07-01 08:30 clock-in", "2026-07-01 10:00 break-end", "2026-07-01 17:15 clock-out" },
    { "2026-07-01 office work=465 break=60 out=0 overtime=0 legal=0 late=0 holiday=0 flags=auto-break;unmatched-punch" },
  },
  {
    "unmatched in during a break",
    RINGI_TIME_OUT_NOT_WORK,
    { "2026-07-01 08:30 clock-in", "2026-07-01 12:00 break-start", "2026-07-01 12:30 in", "2026-07-01 13:00 break-end", "2026-07-01 17:15 clock-out" },
    { "2026-07-01 office work=465 break=60 out=0 overtime=0 legal=0 late=0 holiday=0 flags=unmatched-punch" },
  },
  {
    "clock-out during a break",
    RINGI_TIME_OUT_NOT_WORK,
    { "2026-07-01 08:30 clock-in", "2026-07-01 12:00 break-start", "2026-07-01 17:15 clock-out" },
    { "2026-07-01 office work=210 break=315 out=0 overtime=0 legal=0 late=0 holiday=0 flags=unmatched-punch" },
  },
  {
    "stray clock-out without a clock-in",
    RINGI_TIME_OUT_NOT_WORK,
    { "2026-07-01 07:00 clock-out", "2026-07-02 08:30 clock-in", "2026-07-02 12:00 clock-out" },
    { "2026-07-01 work=0 break=0 out=0 overtime=0 legal=0 late=0 holiday=0 flags=unmatched-punch",
      "2026-07-02 office work=210 break=0 out=0 overtime=0 legal=0 late=0 holiday=0" },
  },
  {
    "two shifts on one date",
    RINGI_TIME_OUT_NOT_WORK,
    { "2026-07-01 08:30 clock-in home", "2026-07-01 12:00 clock-out home", "2026-07-01 13:00 clock-in office", "2026-07-01 17:15 clock-out office" },
    { "2026-07-01 home work=465 break=0 out=0 overtime=0 legal=0 late=0 holiday=0" },
  },
  {
    "clock difference of five minutes is not flagged",
    RINGI_TIME_OUT_NOT_WORK,
    { "2026-07-01 08:30 clock-in received 2026-07-01 08:35", "2026-07-01 14:00 clock-out received 2026-07-01 13:55" },
    { "2026-07-01 office work=330 break=0 out=0 overtime=0 legal=0 late=0 holiday=0" },
  },
  {
    "clock difference above five minutes is flagged",
    RINGI_TIME_OUT_NOT_WORK,
    { "2026-07-01 08:30 clock-in received 2026-07-01 08:35:01", "2026-07-01 14:00 clock-out received 2026-07-01 14:00" },
    { "2026-07-01 office work=330 break=0 out=0 overtime=0 legal=0 late=0 holiday=0 flags=clock-skew" },
  },
  {
    "late clock difference flags the day of the shift",
    RINGI_TIME_OUT_NOT_WORK,
    { "2026-07-01 20:00 clock-in", "2026-07-02 01:00 clock-out received 2026-07-01 23:00" },
    { "2026-07-01 office work=300 break=0 out=0 overtime=0 legal=0 late=180 holiday=0 flags=clock-skew" },
  },
};

static void
test_day_case (gconstpointer data)
{
  const DayCase *c = data;
  RingiAttendanceRules rules;
  g_autoptr(GArray) days = NULL;
  guint n_expected = 0;

  ringi_attendance_rules_init (&rules, RINGI_ATTENDANCE_CLASS_GENERAL);
  rules.time_out = c->time_out;
  days = compute (&rules, c->punches);

  while (n_expected < MAX_DAYS && c->days[n_expected] != NULL)
    n_expected++;

  for (guint i = 0; i < days->len; i++)
    {
      g_autofree char *text = describe_day (&g_array_index (days, RingiAttendanceDay, i));

      g_assert_cmpuint (i, <, n_expected);
      g_assert_cmpstr (text, ==, c->days[i]);
    }
  g_assert_cmpuint (days->len, ==, n_expected);
}

static void
test_day_start_and_end (void)
{
  static const char *const lines[] = {
    "2026-07-01 22:00:41 clock-in home",
    "2026-07-02 06:30:12 clock-out home",
    "2026-07-03 08:30 clock-in",
    NULL
  };
  RingiAttendanceRules rules;
  g_autoptr(GArray) days = NULL;
  g_autoptr(GDateTime) start = tokyo_time ("2026-07-01", "22:00:41");
  g_autoptr(GDateTime) end = tokyo_time ("2026-07-02", "06:30:12");
  RingiAttendanceDay *day;

  ringi_attendance_rules_init (&rules, RINGI_ATTENDANCE_CLASS_GENERAL);
  days = compute (&rules, lines);
  g_assert_cmpuint (days->len, ==, 2);

  day = &g_array_index (days, RingiAttendanceDay, 0);
  g_assert_true (day->clocked_in);
  g_assert_true (g_date_time_equal (day->start, start));
  g_assert_true (g_date_time_equal (day->end, end));

  day = &g_array_index (days, RingiAttendanceDay, 1);
  g_assert_nonnull (day->start);
  g_assert_null (day->end);
}

static void
test_no_punches (void)
{
  RingiAttendanceRules rules;
  g_autoptr(GArray) days = NULL;

  ringi_attendance_rules_init (&rules, RINGI_ATTENDANCE_CLASS_GENERAL);
  days = ringi_attendance_compute_days (&rules, NULL, 0);
  g_assert_nonnull (days);
  g_assert_cmpuint (days->len, ==, 0);
}

static void
test_rules_defaults (void)
{
  RingiAttendanceRules general, high;
  RingiAttendanceClass klass;

  ringi_attendance_rules_init (&general, RINGI_ATTENDANCE_CLASS_GENERAL);
  ringi_attendance_rules_init (&high, RINGI_ATTENDANCE_CLASS_HIGH_DEMAND);

  g_assert_cmpuint (ringi_attendance_rules_get_scheduled_minutes (&general), ==, 465);
  g_assert_cmpuint (general.caps.month_limit, ==, 45 * 60);
  g_assert_false (general.caps.month_limit_exclusive);
  g_assert_cmpuint (general.caps.year_limit, ==, 360 * 60);
  g_assert_cmpuint (general.caps.average_limit, ==, 0);
  g_assert_cmpuint (high.caps.month_limit, ==, 100 * 60);
  g_assert_true (high.caps.month_limit_exclusive);
  g_assert_cmpuint (high.caps.year_limit, ==, 720 * 60);
  g_assert_cmpuint (high.caps.average_limit, ==, 80 * 60);
  g_assert_cmpuint (high.caps.busy_months_max, ==, 6);
  g_assert_cmpuint (high.caps.notice_threshold, ==, 80 * 60);

  g_assert_cmpstr (ringi_attendance_class_to_string (RINGI_ATTENDANCE_CLASS_HIGH_DEMAND), ==, "high-demand");
  g_assert_true (ringi_attendance_class_from_string ("general", &klass));
  g_assert_cmpint (klass, ==, RINGI_ATTENDANCE_CLASS_GENERAL);
  g_assert_false (ringi_attendance_class_from_string ("manager", &klass));
}

static void
date_from_text (const char *text,
                GDate *date)
{
  guint year, month, day;

  g_assert_cmpint (sscanf (text, "%4u-%2u-%2u", &year, &month, &day), ==, 3);
  g_date_clear (date, 1);
  g_date_set_dmy (date, day, month, year);
  g_assert_true (g_date_valid (date));
}

static void
test_rules_days_off (void)
{
  static const struct
  {
    const char *date;
    gboolean day_off;
    const char *holiday;
  } cases[] = {
    { "2026-07-01", FALSE, NULL },
    { "2026-07-04", TRUE, NULL },
    { "2026-07-05", TRUE, NULL },
    { "2026-07-20", TRUE, "海の日" },
    { "2026-05-06", TRUE, "振替休日" },
  };
  RingiAttendanceRules rules;

  ringi_attendance_rules_init (&rules, RINGI_ATTENDANCE_CLASS_GENERAL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GDate date;
      const char *name = "unset";

      date_from_text (cases[i].date, &date);
      g_assert_cmpint (ringi_attendance_rules_is_day_off (&rules, &date, &name), ==, cases[i].day_off);
      g_assert_cmpstr (name, ==, cases[i].holiday);
    }

  /* an organisation open on holidays still knows their names */
  {
    GDate date;
    const char *name = NULL;

    rules.holidays_off = FALSE;
    g_date_clear (&date, 1);
    g_date_set_dmy (&date, 20, G_DATE_JULY, 2026);
    g_assert_false (ringi_attendance_rules_is_day_off (&rules, &date, &name));
    g_assert_cmpstr (name, ==, "海の日");
  }
}

static void
assert_time_is (GDateTime *time,
                const char *expected)
{
  g_autofree char *text = g_date_time_format_iso8601 (time);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_month_punch_range (void)
{
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) until = NULL;
  g_autoptr(GDateTime) from_june = NULL;
  g_autoptr(GDateTime) until_december = NULL;
  g_autoptr(GDateTime) from_december = NULL;
  g_autoptr(GDateTime) until_june = NULL;

  /* 1 July 2026 is a Wednesday: its week starts on Monday 29 June */
  ringi_attendance_month_punch_range (2026, 7, &from, &until);
  assert_time_is (from, "2026-06-28T00:00:00+09");
  assert_time_is (until, "2026-08-02T00:00:00+09");

  /* 1 June 2026 is a Monday */
  ringi_attendance_month_punch_range (2026, 6, &from_june, &until_june);
  assert_time_is (from_june, "2026-05-31T00:00:00+09");

  ringi_attendance_month_punch_range (2026, 12, &from_december, &until_december);
  assert_time_is (until_december, "2027-01-02T00:00:00+09");
}

/* Monday 29 June to Sunday 5 July 2026: five days of 8 hours reach the
 * legal week on Friday 3 July, so Saturday's work is all legal overtime,
 * and it falls in July although most of the week's hours are in June. */
static const char *const week_across_months[] = {
  "2026-06-29 08:30 clock-in", "2026-06-29 12:00 break-start", "2026-06-29 13:00 break-end", "2026-06-29 17:30 clock-out",
  "2026-06-30 08:30 clock-in", "2026-06-30 12:00 break-start", "2026-06-30 13:00 break-end", "2026-06-30 17:30 clock-out",
  "2026-07-01 08:30 clock-in home", "2026-07-01 12:00 break-start home", "2026-07-01 13:00 break-end home", "2026-07-01 17:30 clock-out home",
  "2026-07-02 08:30 clock-in home", "2026-07-02 12:00 break-start home", "2026-07-02 13:00 break-end home", "2026-07-02 17:30 clock-out home",
  "2026-07-03 08:30 clock-in", "2026-07-03 12:00 break-start", "2026-07-03 13:00 break-end", "2026-07-03 17:30 clock-out",
  "2026-07-04 09:00 clock-in satellite", "2026-07-04 14:00 clock-out satellite",
  "2026-07-05 10:00 clock-in home", "2026-07-05 12:00 clock-out home",
  NULL
};

static void
test_week_across_months (void)
{
  RingiAttendanceRules rules;
  g_autoptr(GArray) days = NULL;
  g_autoptr(GArray) july_only = NULL;
  RingiAttendanceMonth june, july, july_alone;
  RingiAttendanceTotals week;
  GDate monday, sunday;

  ringi_attendance_rules_init (&rules, RINGI_ATTENDANCE_CLASS_GENERAL);
  days = compute (&rules, week_across_months);
  g_assert_cmpuint (days->len, ==, 7);

  ringi_attendance_summarize_month (days, 2026, 6, &june);
  g_assert_cmpuint (june.totals.days_worked, ==, 2);
  g_assert_cmpuint (june.totals.work_min, ==, 960);
  g_assert_cmpuint (june.totals.overtime_min, ==, 30);
  g_assert_cmpuint (june.totals.legal_overtime_min, ==, 0);

  ringi_attendance_summarize_month (days, 2026, 7, &july);
  g_assert_cmpint (july.year, ==, 2026);
  g_assert_cmpint (july.month, ==, 7);
  g_assert_cmpuint (july.totals.days_worked, ==, 5);
  g_assert_cmpuint (july.totals.work_min, ==, 3 * 480 + 300 + 120);
  g_assert_cmpuint (july.totals.overtime_min, ==, 3 * 15);
  g_assert_cmpuint (july.totals.legal_overtime_min, ==, 300);
  g_assert_cmpuint (july.totals.holiday_min, ==, 300 + 120);
  g_assert_cmpuint (july.totals.break_min, ==, 3 * 60);
  g_assert_cmpuint (july.totals.telework_days, ==, 3);
  g_assert_cmpuint (july.totals.late_night_min, ==, 0);
  g_assert_cmpint (july.totals.flags, ==, RINGI_ATTENDANCE_FLAG_NONE);

  g_date_clear (&monday, 1);
  g_date_clear (&sunday, 1);
  g_date_set_dmy (&monday, 29, G_DATE_JUNE, 2026);
  g_date_set_dmy (&sunday, 5, G_DATE_JULY, 2026);
  ringi_attendance_sum_days (days, &monday, &sunday, &week);
  g_assert_cmpuint (week.days_worked, ==, 7);
  g_assert_cmpuint (week.work_min, ==, 5 * 480 + 300 + 120);
  g_assert_cmpuint (week.legal_overtime_min, ==, 300);

  /* Without the week's June days the weekly rule cannot see them: why a
   * month is read from ringi_attendance_month_punch_range(). */
  july_only = compute (&rules, week_across_months + 8);
  ringi_attendance_summarize_month (july_only, 2026, 7, &july_alone);
  g_assert_cmpuint (july_alone.totals.legal_overtime_min, ==, 0);
}

/* A week that reaches the legal week in the middle of a long day splits
 * that day's minutes at the limit. */
static void
test_week_limit_inside_a_day (void)
{
  static const char *const lines[] = {
    "2026-07-06 08:00 clock-in", "2026-07-06 12:00 break-start", "2026-07-06 13:00 break-end", "2026-07-06 18:00 clock-out",
    "2026-07-07 08:00 clock-in", "2026-07-07 12:00 break-start", "2026-07-07 13:00 break-end", "2026-07-07 18:00 clock-out",
    "2026-07-08 08:00 clock-in", "2026-07-08 12:00 break-start", "2026-07-08 13:00 break-end", "2026-07-08 18:00 clock-out",
    "2026-07-09 08:00 clock-in", "2026-07-09 12:00 break-start", "2026-07-09 13:00 break-end", "2026-07-09 18:00 clock-out",
    "2026-07-10 08:00 clock-in", "2026-07-10 12:00 break-start", "2026-07-10 13:00 break-end", "2026-07-10 16:00 clock-out",
    "2026-07-11 08:00 clock-in", "2026-07-11 12:00 break-start", "2026-07-11 13:00 break-end", "2026-07-11 18:00 clock-out",
    NULL
  };
  static const guint expected_legal[] = { 60, 60, 60, 60, 0, 60 + 420 };
  RingiAttendanceRules rules;
  g_autoptr(GArray) days = NULL;

  ringi_attendance_rules_init (&rules, RINGI_ATTENDANCE_CLASS_GENERAL);
  days = compute (&rules, lines);
  g_assert_cmpuint (days->len, ==, G_N_ELEMENTS (expected_legal));

  /* Monday–Thursday 540 minutes (480 within the legal day), Friday 420:
   * 2340 by Friday; Saturday's first 60 minutes reach 2400. */
  for (guint i = 0; i < days->len; i++)
    g_assert_cmpuint (g_array_index (days, RingiAttendanceDay, i).legal_overtime_min, ==, expected_legal[i]);
}

static void
test_month_counts_days (void)
{
  static const char *const lines[] = {
    "2026-07-31 22:00 clock-in home", "2026-08-01 06:00 clock-out home",
    "2026-08-03 07:00 clock-out",
    "2026-08-03 08:30 clock-in trip", "2026-08-03 17:15 clock-out trip",
    NULL
  };
  RingiAttendanceRules rules;
  g_autoptr(GArray) days = NULL;
  RingiAttendanceMonth july, august;

  ringi_attendance_rules_init (&rules, RINGI_ATTENDANCE_CLASS_GENERAL);
  days = compute (&rules, lines);

  /* the night shift of 31 July is July's, whole */
  ringi_attendance_summarize_month (days, 2026, 7, &july);
  g_assert_cmpuint (july.totals.days_worked, ==, 1);
  g_assert_cmpuint (july.totals.telework_days, ==, 1);
  g_assert_cmpuint (july.totals.work_min, ==, 420);
  g_assert_cmpuint (july.totals.late_night_min, ==, 420);
  g_assert_cmpint (july.totals.flags, ==, RINGI_ATTENDANCE_FLAG_AUTO_BREAK);

  /* the stray clock-out shares its date with a real day */
  ringi_attendance_summarize_month (days, 2026, 8, &august);
  g_assert_cmpuint (august.totals.days_worked, ==, 1);
  g_assert_cmpuint (august.totals.telework_days, ==, 0);
  g_assert_cmpuint (august.totals.work_min, ==, 465);
  g_assert_cmpint (august.totals.flags, ==, RINGI_ATTENDANCE_FLAG_UNMATCHED_PUNCH | RINGI_ATTENDANCE_FLAG_AUTO_BREAK);
}

/* Caps: one line per alert, "YYYY-MM kind value/limit" with "/n" for an
 * average; months are given as overtime and holiday work in minutes. */

#define H(h)       ((h) *60)
#define MAX_MONTHS 14

typedef struct
{
  const char *name;
  RingiAttendanceClass klass;
  guint n_months;
  guint year_start;
  guint overtime[MAX_MONTHS];
  guint holiday[MAX_MONTHS];
  const char *expected;
} CapCase;

static const CapCase cap_cases[] = {
  {
    "general at its caps exactly",
    RINGI_ATTENDANCE_CLASS_GENERAL,
    12,
    0,
    { H (45), H (15), H (30), H (30), H (30), H (30), H (30), H (30), H (30), H (30), H (30), H (30) },
    { 0 },
    "",
  },
  {
    "general month cap",
    RINGI_ATTENDANCE_CLASS_GENERAL,
    12,
    0,
    { H (10), H (45) + 1 },
    { 0 },
    "2026-05 month-cap 2701/2700\n",
  },
  {
    "general year cap",
    RINGI_ATTENDANCE_CLASS_GENERAL,
    12,
    0,
    { H (30), H (30), H (30), H (30), H (30), H (30), H (30), H (30), H (30), H (30), H (30), H (30) + 1 },
    { 0 },
    "2027-03 year-cap 21601/21600\n",
  },
  {
    "general month cap without holiday work but notice with it",
    RINGI_ATTENDANCE_CLASS_GENERAL,
    12,
    0,
    { H (40) },
    { H (41) },
    "2026-04 notice-52-2 4860/4800\n",
  },
  {
    "no notice at 80 hours exactly",
    RINGI_ATTENDANCE_CLASS_GENERAL,
    12,
    0,
    { H (40) },
    { H (40) },
    "",
  },
  {
    "high-demand just under 100 hours",
    RINGI_ATTENDANCE_CLASS_HIGH_DEMAND,
    12,
    0,
    { H (100) - 1 },
    { 0 },
    "2026-04 notice-52-2 5999/4800\n",
  },
  {
    "high-demand at 100 hours with holiday work",
    RINGI_ATTENDANCE_CLASS_HIGH_DEMAND,
    12,
    0,
    { 0, H (90) },
    { 0, H (10) },
    "2026-05 month-cap 6000/6000\n"
    "2026-05 notice-52-2 6000/4800\n",
  },
  {
    "every month under 100 hours but a three-month average over 80",
    RINGI_ATTENDANCE_CLASS_HIGH_DEMAND,
    12,
    0,
    { H (90), H (70), H (90) },
    { 0 },
    "2026-04 notice-52-2 5400/4800\n"
    "2026-06 average-cap 5000/4800/3\n"
    "2026-06 notice-52-2 5400/4800\n",
  },
  {
    "average counts holiday work",
    RINGI_ATTENDANCE_CLASS_HIGH_DEMAND,
    12,
    0,
    { H (70), H (70), H (70), H (70) },
    { 0, 0, 0, H (21) },
    "2026-07 average-cap 4830/4800/2\n"
    "2026-07 notice-52-2 5460/4800\n",
  },
  {
    "average reaches into the months before the year",
    RINGI_ATTENDANCE_CLASS_HIGH_DEMAND,
    14,
    2,
    { 0, H (90), H (80) },
    { 0 },
    "2026-04 average-cap 5100/4800/2\n",
  },
  {
    "six busy months are allowed",
    RINGI_ATTENDANCE_CLASS_HIGH_DEMAND,
    12,
    0,
    { H (46), 0, H (46), 0, H (46), 0, H (46), 0, H (46), 0, H (46), H (45) },
    { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, H (30) },
    "",
  },
  {
    "seventh and eighth busy months",
    RINGI_ATTENDANCE_CLASS_HIGH_DEMAND,
    12,
    0,
    { H (46), H (46), H (46), H (46), H (46), H (46), H (46), H (46) },
    { 0 },
    "2026-10 busy-months 7/6\n"
    "2026-11 busy-months 8/6\n",
  },
  {
    "high-demand year cap",
    RINGI_ATTENDANCE_CLASS_HIGH_DEMAND,
    12,
    0,
    { H (45), H (45), H (45), H (45), H (45), H (45), H (75), H (75), H (75), H (75), H (75), H (75) + 1 },
    { 0 },
    "2027-03 year-cap 43201/43200\n",
  },
  {
    "general has no average or busy-month caps",
    RINGI_ATTENDANCE_CLASS_GENERAL,
    12,
    0,
    { H (30), H (30), H (30), H (30), H (30), H (30), H (30), H (30) },
    { H (20), H (20), H (20), H (20), H (20), H (20), H (20), H (20) },
    "",
  },
};

static void
fill_months (const CapCase *c,
             RingiAttendanceMonth *months)
{
  /* the months before the year, then a fiscal year from April 2026 */
  int year = 2026, month = 4 - (int) c->year_start;

  for (guint i = 0; i < c->n_months; i++)
    {
      if (month < 1)
        {
          month += 12;
          year--;
        }
      if (month > 12)
        {
          month -= 12;
          year++;
        }

      months[i] = (RingiAttendanceMonth){
        .year = year,
        .month = month,
        .totals = { .overtime_min = c->overtime[i], .holiday_min = c->holiday[i] },
      };
      month++;
    }
}

static char *
describe_alerts (GArray *alerts)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < alerts->len; i++)
    {
      const RingiAttendanceAlert *alert = &g_array_index (alerts, RingiAttendanceAlert, i);

      g_string_append_printf (text, "%04d-%02d %s %u/%u", alert->year, alert->month,
                              ringi_attendance_alert_kind_to_string (alert->kind), alert->value, alert->limit);
      if (alert->kind == RINGI_ATTENDANCE_ALERT_AVERAGE_CAP)
        g_string_append_printf (text, "/%u", alert->n_months);
      g_string_append_c (text, '\n');
    }

  return g_string_free (text, FALSE);
}

static void
test_cap_case (gconstpointer data)
{
  const CapCase *c = data;
  RingiAttendanceMonth months[MAX_MONTHS];
  RingiAttendanceRules rules;
  g_autoptr(GArray) alerts = NULL;
  g_autofree char *text = NULL;

  ringi_attendance_rules_init (&rules, c->klass);
  fill_months (c, months);
  alerts = ringi_attendance_check_caps (&rules.caps, months, c->n_months, c->year_start);
  text = describe_alerts (alerts);
  g_assert_cmpstr (text, ==, c->expected);
}

static void
test_caps_refuse_gaps (void)
{
  RingiAttendanceRules rules;
  RingiAttendanceMonth months[] = {
    { .year = 2026, .month = 12 },
    { .year = 2027, .month = 1 },
    { .year = 2027, .month = 3 },
  };
  GArray *alerts = NULL;

  ringi_attendance_rules_init (&rules, RINGI_ATTENDANCE_CLASS_GENERAL);

  alerts = ringi_attendance_check_caps (&rules.caps, months, 2, 0);
  g_assert_nonnull (alerts);
  g_array_unref (alerts);

  if (g_test_subprocess ())
    {
      ringi_attendance_check_caps (&rules.caps, months, 3, 0);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*months_are_consecutive*");
}

static void
test_alert_describe (void)
{
  RingiAttendanceAlert alert = {
    .kind = RINGI_ATTENDANCE_ALERT_AVERAGE_CAP,
    .year = 2026,
    .month = 6,
    .value = 5000,
    .limit = 4800,
    .n_months = 3,
  };
  g_autofree char *text = ringi_attendance_alert_describe (&alert);

  ringi_test_assert_contains (text, "83:20");
  ringi_test_assert_contains (text, "80:00");
  ringi_test_assert_contains (text, "2026-06");
  ringi_test_assert_contains (text, "3");
}

static void
test_csv_line (void)
{
  static const char *const lines[] = {
    "2026-07-01 08:30 clock-in home", "2026-07-01 17:15 clock-out home received 2026-07-01 17:30",
    "2026-07-04 09:00 clock-in", "2026-07-04 20:00 clock-out",
    "2026-07-05 22:00 clock-in home", "2026-07-06 02:00 clock-out home",
    "2026-08-03 08:30 clock-in",
    NULL
  };
  RingiAttendanceRules rules;
  g_autoptr(GArray) days = NULL;
  g_autoptr(GArray) alerts = g_array_new (FALSE, TRUE, sizeof (RingiAttendanceAlert));
  RingiAttendanceMonth july;
  RingiAttendanceAlert notice = { RINGI_ATTENDANCE_ALERT_NOTICE, 2026, 7, 4860, 4800, 1 };
  RingiAttendanceAlert month_cap = { RINGI_ATTENDANCE_ALERT_MONTH_CAP, 2026, 7, 2760, 2700, 1 };
  RingiAttendanceAlert other_month = { RINGI_ATTENDANCE_ALERT_YEAR_CAP, 2026, 8, 21700, 21600, 1 };
  g_autofree char *line = NULL;
  g_autofree char *plain = NULL;

  ringi_attendance_rules_init (&rules, RINGI_ATTENDANCE_CLASS_GENERAL);
  days = compute (&rules, lines);
  ringi_attendance_summarize_month (days, 2026, 7, &july);

  g_array_append_val (alerts, notice);
  g_array_append_val (alerts, other_month);
  g_array_append_val (alerts, month_cap);

  /* 1 July: 465 with an auto break; Saturday 4 July: 660 less 60, all
   * holiday work, 120 over the legal day; Sunday 5 July: 240, holiday,
   * late night, and not legal overtime on the rest day. */
  line = ringi_attendance_format_csv_line ("sato", &july, alerts);
  g_assert_cmpstr (line, ==, "sato,2026-07,3,1305,0,120,240,840,120,0,2,auto-break;clock-skew;month-cap;notice-52-2");

  plain = ringi_attendance_format_csv_line ("sato", &july, NULL);
  g_assert_cmpstr (plain, ==, "sato,2026-07,3,1305,0,120,240,840,120,0,2,auto-break;clock-skew");

  g_assert_true (g_str_has_prefix (RINGI_ATTENDANCE_CSV_HEADER, "login,month,days_worked,"));
}

static void
test_csv_header_matches_line (void)
{
  RingiAttendanceMonth empty = { .year = 2026, .month = 1 };
  g_autofree char *line = ringi_attendance_format_csv_line ("a", &empty, NULL);
  g_auto(GStrv) names = g_strsplit (RINGI_ATTENDANCE_CSV_HEADER, ",", -1);
  g_auto(GStrv) values = g_strsplit (line, ",", -1);

  g_assert_cmpstr (line, ==, "a,2026-01,0,0,0,0,0,0,0,0,0,");
  g_assert_cmpuint (g_strv_length (values), ==, g_strv_length (names));
  g_assert_cmpstr (names[0], ==, "login");
  g_assert_cmpstr (names[11], ==, "flags");
}

/* Which day each punch belongs to (ringi_attendance_assign_days()): the
 * date of its shift's clock-in, which decides the month that closes and
 * locks it. */
typedef struct
{
  const char *name;
  const char *punches[MAX_PUNCHES];
  const char *days[MAX_PUNCHES]; /* one per punch, in the same order */
} AssignCase;

static const AssignCase assign_cases[] = {
  { "shift into the next month",
    { "2026-03-31 22:00 clock-in home", "2026-04-01 02:00 clock-out home" },
    { "2026-03-31", "2026-03-31" } },
  { "shift into the next year",
    { "2026-12-31 21:00 clock-in", "2027-01-01 00:30 break-start", "2027-01-01 01:00 break-end",
      "2027-01-01 03:00 clock-out" },
    { "2026-12-31", "2026-12-31", "2026-12-31", "2026-12-31" } },
  { "given out of order",
    { "2026-04-01 02:00 clock-out", "2026-03-31 22:00 clock-in" },
    { "2026-03-31", "2026-03-31" } },
  { "stray clock-out after midnight",
    { "2026-03-31 09:00 clock-in", "2026-03-31 18:00 clock-out", "2026-04-01 02:00 clock-out" },
    { "2026-03-31", "2026-03-31", "2026-04-01" } },
  { "next shift on the first",
    { "2026-03-31 22:00 clock-in", "2026-04-01 02:00 clock-out", "2026-04-01 09:00 clock-in",
      "2026-04-01 18:00 clock-out" },
    { "2026-03-31", "2026-03-31", "2026-04-01", "2026-04-01" } },
  { "missing clock-out then a new shift",
    { "2026-03-31 22:00 clock-in", "2026-04-01 01:00 out", "2026-04-01 09:00 clock-in", "2026-04-01 18:00 clock-out" },
    { "2026-03-31", "2026-03-31", "2026-04-01", "2026-04-01" } },
  { "shift from the month before",
    { "2026-02-28 23:00 clock-in", "2026-03-01 01:00 clock-out", "2026-03-01 01:30 break-end" },
    { "2026-02-28", "2026-02-28", "2026-03-01" } },
};

static void
test_assign_case (gconstpointer data)
{
  const AssignCase *c = data;
  g_autoptr(GArray) punches = parse_punches (c->punches);
  g_autofree GDate *dates = g_new0 (GDate, punches->len);
  g_autoptr(GArray) days = NULL;
  RingiAttendanceRules rules;

  ringi_attendance_assign_days ((RingiAttendancePunch *) punches->data, punches->len, dates);
  for (guint i = 0; i < punches->len; i++)
    {
      char text[16];

      g_assert_nonnull (c->days[i]);
      g_date_strftime (text, sizeof text, "%Y-%m-%d", &dates[i]);
      g_assert_cmpstr (text, ==, c->days[i]);
    }
  g_assert_null (c->days[punches->len]);

  /* The days the rules count are exactly the dates assigned. */
  ringi_attendance_rules_init (&rules, RINGI_ATTENDANCE_CLASS_GENERAL);
  days = ringi_attendance_compute_days (&rules, (RingiAttendancePunch *) punches->data, punches->len);
  for (guint i = 0; i < punches->len; i++)
    {
      gboolean found = FALSE;

      for (guint d = 0; d < days->len; d++)
        found |= g_date_compare (&g_array_index (days, RingiAttendanceDay, d).date, &dates[i]) == 0;
      g_assert_true (found);
    }
}

static void
add_table (const char *prefix,
           gconstpointer table,
           gsize size,
           guint n,
           GTestDataFunc func)
{
  for (guint i = 0; i < n; i++)
    {
      gconstpointer item = (const char *) table + i * size;
      const char *name = *(const char *const *) item;
      g_autofree char *path = g_strdup_printf ("%s/%s", prefix, name);

      g_strdelimit (path, " ", '-');
      g_test_add_data_func (path, item, func);
    }
}

int
main (int argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ringi/attendance-rules/defaults", test_rules_defaults);
  g_test_add_func ("/ringi/attendance-rules/days-off", test_rules_days_off);
  g_test_add_func ("/ringi/attendance-rules/month-punch-range", test_month_punch_range);
  add_table ("/ringi/attendance-rules/day", day_cases, sizeof day_cases[0], G_N_ELEMENTS (day_cases), test_day_case);
  g_test_add_func ("/ringi/attendance-rules/day/start-and-end", test_day_start_and_end);
  g_test_add_func ("/ringi/attendance-rules/day/no-punches", test_no_punches);
  g_test_add_func ("/ringi/attendance-rules/week/across-months", test_week_across_months);
  g_test_add_func ("/ringi/attendance-rules/week/limit-inside-a-day", test_week_limit_inside_a_day);
  g_test_add_func ("/ringi/attendance-rules/month/counts-days", test_month_counts_days);
  add_table ("/ringi/attendance-rules/assign-days", assign_cases, sizeof assign_cases[0], G_N_ELEMENTS (assign_cases),
             test_assign_case);
  add_table ("/ringi/attendance-rules/caps", cap_cases, sizeof cap_cases[0], G_N_ELEMENTS (cap_cases), test_cap_case);
  g_test_add_func ("/ringi/attendance-rules/caps/refuse-gaps", test_caps_refuse_gaps);
  g_test_add_func ("/ringi/attendance-rules/caps/describe", test_alert_describe);
  g_test_add_func ("/ringi/attendance-rules/csv/line", test_csv_line);
  g_test_add_func ("/ringi/attendance-rules/csv/header", test_csv_header_matches_line);

  return g_test_run ();
}
