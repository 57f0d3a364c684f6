/* ringi-attendance-rules.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-attendance"

#include "config.h"

#include "ringi-attendance-rules.h"
#include "ringi-holidays.h"
#include "ringi-route.h"
#include "ringi-text.h"

/* The rules of attendance as data, and the sums over days that the GUI,
 * the CLI and the server report share (docs/attendance-rules.md). No
 * clock and no I/O: every time is passed in. */

#define HOURS(h) ((h) *60)

static const char *const class_names[] = {
  "general",
  "high-demand",
};

/* In bit order of RingiAttendanceFlags */
static const char *const flag_names[] = {
  "auto-break",
  "missing-clock-out",
  "unmatched-punch",
  "clock-skew",
};

/* In the order of RingiAttendanceAlertKind */
static const char *const alert_names[] = {
  "month-cap",
  "year-cap",
  "average-cap",
  "busy-months",
  "notice-52-2",
};

const char *
ringi_attendance_class_to_string (RingiAttendanceClass klass)
{
  g_return_val_if_fail ((guint) klass < G_N_ELEMENTS (class_names), NULL);

  return class_names[klass];
}

/**
 * ringi_attendance_class_from_string:
 * @text: a class word, "general" or "high-demand"
 * @out_class: (out): the class
 *
 * Returns: %TRUE if @text names a class
 */
gboolean
ringi_attendance_class_from_string (const char *text,
                                    RingiAttendanceClass *out_class)
{
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out_class != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (class_names); i++)
    {
      if (g_str_equal (text, class_names[i]))
        {
          *out_class = i;
          return TRUE;
        }
    }

  return FALSE;
}

static const char *const time_out_names[] = {
  [RINGI_TIME_OUT_NOT_WORK] = "not-work",
  [RINGI_TIME_OUT_WORK] = "work",
};

/**
 * ringi_attendance_time_out_to_string:
 * @rule: a time-out rule
 *
 * Returns: the rule's word, `not-work` (option 1) or `work` (option 2)
 */
const char *
ringi_attendance_time_out_to_string (RingiTimeOutRule rule)
{
  g_return_val_if_fail ((guint) rule < G_N_ELEMENTS (time_out_names), NULL);

  return time_out_names[rule];
}

/**
 * ringi_attendance_time_out_from_string:
 * @text: a rule's word, "not-work" or "work"
 * @out_rule: (out): the rule
 *
 * Returns: %TRUE if @text names a rule
 */
gboolean
ringi_attendance_time_out_from_string (const char *text,
                                       RingiTimeOutRule *out_rule)
{
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out_rule != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (time_out_names); i++)
    {
      if (g_str_equal (text, time_out_names[i]))
        {
          *out_rule = i;
          return TRUE;
        }
    }

  return FALSE;
}

/* 45 h a month and 360 h a year of overtime, holiday work apart (the
 * limits of 人事院規則15-14 and of a 36協定 without special clause). */
static void
init_general_caps (RingiAttendanceCaps *caps)
{
  *caps = (RingiAttendanceCaps){
    .month_limit = HOURS (45),
    .year_limit = HOURS (360),
    .busy_month_threshold = HOURS (45),
    .notice_threshold = HOURS (80),
  };
}

/* 他律的業務: under 100 h a month and at most 80 h on average over 2–6
 * months, both counting holiday work; 720 h a year and at most six months
 * above 45 h, both without it — the shape of 労基法 36 (5)–(6). */
static void
init_high_demand_caps (RingiAttendanceCaps *caps)
{
  *caps = (RingiAttendanceCaps){
    .month_limit = HOURS (100),
    .month_limit_exclusive = TRUE,
    .month_counts_holiday = TRUE,
    .year_limit = HOURS (720),
    .average_limit = HOURS (80),
    .average_counts_holiday = TRUE,
    .busy_month_threshold = HOURS (45),
    .busy_months_max = 6,
    .notice_threshold = HOURS (80),
  };
}

/**
 * ringi_attendance_rules_init:
 * @rules: (out caller-allocates): the rules to fill
 * @klass: the employee class
 *
 * Fills @rules with the defaults: a scheduled day of 8:30–17:15 with a
 * 60-minute break (465 minutes), Saturdays, Sundays and national holidays
 * off, Sunday the statutory rest day, 60 minutes' break deducted from a
 * shift over 6 hours without one, time out not counted as work, clock
 * differences up to 5 minutes not flagged, and the caps of @klass.
 */
void
ringi_attendance_rules_init (RingiAttendanceRules *rules,
                             RingiAttendanceClass klass)
{
  g_return_if_fail (rules != NULL);
  g_return_if_fail ((guint) klass < G_N_ELEMENTS (class_names));

  *rules = (RingiAttendanceRules){
    .scheduled_start = HOURS (8) + 30,
    .scheduled_end = HOURS (17) + 15,
    .scheduled_break = 60,
    .days_off = 1 << G_DATE_SATURDAY | 1 << G_DATE_SUNDAY,
    .holidays_off = TRUE,
    .legal_rest_day = G_DATE_SUNDAY,
    .legal_day_limit = HOURS (8),
    .legal_week_limit = HOURS (40),
    .auto_break_after = HOURS (6),
    .auto_break = 60,
    .time_out = RINGI_TIME_OUT_NOT_WORK,
    .max_clock_skew = 5 * 60,
  };

  if (klass == RINGI_ATTENDANCE_CLASS_HIGH_DEMAND)
    init_high_demand_caps (&rules->caps);
  else
    init_general_caps (&rules->caps);
}

/**
 * ringi_attendance_rules_get_scheduled_minutes:
 * @rules: the rules
 *
 * Returns: the working minutes of a scheduled day: its span less its
 *   break (465 by default)
 */
guint
ringi_attendance_rules_get_scheduled_minutes (const RingiAttendanceRules *rules)
{
  g_return_val_if_fail (rules != NULL, 0);
  g_return_val_if_fail (rules->scheduled_end >= rules->scheduled_start + rules->scheduled_break, 0);

  return rules->scheduled_end - rules->scheduled_start - rules->scheduled_break;
}

/**
 * ringi_attendance_rules_is_day_off:
 * @rules: the rules
 * @date: a valid date
 * @out_holiday_name: (out) (optional) (transfer none): the national
 *   holiday's name, or %NULL; set whether or not holidays are days off
 *
 * Returns: %TRUE when @date is a day off: a weekday off, or a national
 *   holiday when the rules say so
 */
gboolean
ringi_attendance_rules_is_day_off (const RingiAttendanceRules *rules,
                                   const GDate *date,
                                   const char **out_holiday_name)
{
  gboolean holiday;

  g_return_val_if_fail (rules != NULL, FALSE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  holiday = ringi_holidays_is_holiday (date, out_holiday_name);
  return (rules->days_off & (1 << g_date_get_weekday (date))) != 0 ||
         (holiday && rules->holidays_off);
}

/**
 * ringi_attendance_get_time_zone:
 *
 * Japan has kept one offset without daylight saving since 1951, so a
 * fixed +09:00 stands in when the system has no tzdata.
 *
 * Returns: (transfer none): the time zone of Asia/Tokyo, in which every
 *   attendance date and minute is counted
 */
GTimeZone *
ringi_attendance_get_time_zone (void)
{
  static GTimeZone *zone;

  if (g_once_init_enter (&zone))
    {
      GTimeZone *tokyo = g_time_zone_new_identifier ("Asia/Tokyo");

      if (tokyo == NULL)
        tokyo = g_time_zone_new_offset (9 * 60 * 60);
      g_once_init_leave (&zone, tokyo);
    }

  return zone;
}

/**
 * ringi_attendance_parse_day:
 * @text: (nullable): a date, `YYYY-MM-DD` (ringi_text_parse_date())
 *
 * Returns: (transfer full) (nullable): the day's first second in the
 *   attendance time zone, or %NULL when @text is no such date
 */
GDateTime *
ringi_attendance_parse_day (const char *text)
{
  GDate date;

  if (!ringi_text_parse_date (text, &date))
    return NULL;

  return g_date_time_new (ringi_attendance_get_time_zone (), g_date_get_year (&date), g_date_get_month (&date),
                          g_date_get_day (&date), 0, 0, 0);
}

/**
 * ringi_attendance_month_punch_range:
 * @year: the year
 * @month: the month, 1 to 12
 * @out_from: (out) (transfer full): the first instant to read
 * @out_until: (out) (transfer full): the first instant no longer read
 *
 * The punches to read for a month's days to be complete: from the Sunday
 * before the Monday of the week holding the 1st (so that the weekly rule
 * sees the whole first week, and a shift begun the day before that Monday
 * does not leave a stray clock-out), to the end of the 1st of the next
 * month (so that the last day's shift may cross midnight). Shifts are
 * taken to last less than a day.
 */
void
ringi_attendance_month_punch_range (int year,
                                    int month,
                                    GDateTime **out_from,
                                    GDateTime **out_until)
{
  g_autoptr(GDateTime) first = NULL;
  g_autoptr(GDateTime) next = NULL;
  int weekday;

  g_return_if_fail (month >= 1 && month <= 12);
  g_return_if_fail (out_from != NULL && out_until != NULL);

  first = g_date_time_new (ringi_attendance_get_time_zone (), year, month, 1, 0, 0, 0);
  g_return_if_fail (first != NULL);

  weekday = g_date_time_get_day_of_week (first);
  next = g_date_time_add_months (first, 1);
  *out_from = g_date_time_add_days (first, -(weekday - 1) - 1);
  *out_until = g_date_time_add_days (next, 1);
}

static void
add_day (RingiAttendanceTotals *totals,
         const RingiAttendanceDay *day)
{
  if (day->clocked_in)
    {
      totals->days_worked++;
      if (day->place == RINGI_PUNCH_PLACE_HOME)
        totals->telework_days++;
    }

  totals->work_min += day->work_min;
  totals->overtime_min += day->overtime_min;
  totals->legal_overtime_min += day->legal_overtime_min;
  totals->late_night_min += day->late_night_min;
  totals->holiday_min += day->holiday_min;
  totals->break_min += day->break_min;
  totals->time_out_min += day->time_out_min;
  totals->flags |= day->flags;
}

/**
 * ringi_attendance_sum_days:
 * @days: (element-type RingiAttendanceDay): days from
 *   ringi_attendance_compute_days()
 * @first: the first date summed
 * @last: the last date summed
 * @out_totals: (out caller-allocates): the sums
 *
 * Sums the days from @first to @last inclusive: a week (Monday to Sunday)
 * or any other span.
 */
void
ringi_attendance_sum_days (GArray *days,
                           const GDate *first,
                           const GDate *last,
                           RingiAttendanceTotals *out_totals)
{
  g_return_if_fail (days != NULL);
  g_return_if_fail (first != NULL && g_date_valid (first));
  g_return_if_fail (last != NULL && g_date_valid (last));
  g_return_if_fail (out_totals != NULL);

  *out_totals = (RingiAttendanceTotals){ 0 };

  for (guint i = 0; i < days->len; i++)
    {
      const RingiAttendanceDay *day = &g_array_index (days, RingiAttendanceDay, i);

      if (g_date_compare (&day->date, first) >= 0 && g_date_compare (&day->date, last) <= 0)
        add_day (out_totals, day);
    }
}

/**
 * ringi_attendance_summarize_month:
 * @days: (element-type RingiAttendanceDay): days from
 *   ringi_attendance_compute_days() over at least
 *   ringi_attendance_month_punch_range()
 * @year: the year
 * @month: the month, 1 to 12
 * @out_month: (out caller-allocates): the month's sums
 *
 * The numbers of one row of the monthly report.
 */
void
ringi_attendance_summarize_month (GArray *days,
                                  int year,
                                  int month,
                                  RingiAttendanceMonth *out_month)
{
  GDate first, last;

  g_return_if_fail (g_date_valid_dmy (1, month, year));
  g_return_if_fail (out_month != NULL);

  g_date_clear (&first, 1);
  g_date_clear (&last, 1);
  g_date_set_dmy (&first, 1, month, year);
  g_date_set_dmy (&last, g_date_get_days_in_month (month, year), month, year);

  out_month->year = year;
  out_month->month = month;
  ringi_attendance_sum_days (days, &first, &last, &out_month->totals);
}

/**
 * ringi_attendance_flag_to_string:
 * @flag: one flag
 *
 * Returns: (nullable): the flag's word in reports (`auto-break`,
 *   `missing-clock-out`, `unmatched-punch`, `clock-skew`), or %NULL for
 *   anything but a single known flag
 */
const char *
ringi_attendance_flag_to_string (RingiAttendanceFlags flag)
{
  for (guint i = 0; i < G_N_ELEMENTS (flag_names); i++)
    if (flag == (1u << i))
      return flag_names[i];

  return NULL;
}

const char *
ringi_attendance_alert_kind_to_string (RingiAttendanceAlertKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (alert_names), NULL);

  return alert_names[kind];
}

static void
append_flag_words (GString *line,
                   RingiAttendanceFlags flags,
                   GArray *alerts,
                   const RingiAttendanceMonth *month)
{
  gboolean first = TRUE;
  guint kinds = 0;

  for (guint i = 0; i < G_N_ELEMENTS (flag_names); i++)
    {
      if ((flags & (1u << i)) == 0)
        continue;
      g_string_append_printf (line, "%s%s", first ? "" : ";", flag_names[i]);
      first = FALSE;
    }

  for (guint i = 0; alerts != NULL && i < alerts->len; i++)
    {
      const RingiAttendanceAlert *alert = &g_array_index (alerts, RingiAttendanceAlert, i);

      if (alert->year == month->year && alert->month == month->month)
        kinds |= 1u << alert->kind;
    }

  for (guint i = 0; i < G_N_ELEMENTS (alert_names); i++)
    {
      if ((kinds & (1u << i)) == 0)
        continue;
      g_string_append_printf (line, "%s%s", first ? "" : ";", alert_names[i]);
      first = FALSE;
    }
}

/**
 * ringi_attendance_format_csv_line:
 * @login: the person's login
 * @month: the month's sums
 * @alerts: (nullable) (element-type RingiAttendanceAlert): alerts from
 *   ringi_attendance_check_caps(); those of other months are ignored
 *
 * Writes one row under %RINGI_ATTENDANCE_CSV_HEADER: the login, the month
 * as `YYYY-MM`, the numbers, and in `flags` the words of the month's day
 * flags then of its alerts, each once, joined by `;`. No value needs
 * quoting: logins and words have no comma.
 *
 * Returns: (transfer full): the row, without a line ending
 */
char *
ringi_attendance_format_csv_line (const char *login,
                                  const RingiAttendanceMonth *month,
                                  GArray *alerts)
{
  const RingiAttendanceTotals *t;
  GString *line;

  g_return_val_if_fail (login != NULL && ringi_route_login_is_valid (login), NULL);
  g_return_val_if_fail (month != NULL, NULL);

  t = &month->totals;
  line = g_string_new (NULL);
  g_string_append_printf (line, "%s,%04d-%02d,%u,%u,%u,%u,%u,%u,%u,%u,%u,",
                          login, month->year, month->month,
                          t->days_worked, t->work_min, t->overtime_min,
                          t->legal_overtime_min, t->late_night_min,
                          t->holiday_min, t->break_min, t->time_out_min,
                          t->telework_days);
  append_flag_words (line, t->flags, alerts, month);
  return g_string_free (line, FALSE);
}
