/* ringi-attendance-rules.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "ringi-punch.h"

G_BEGIN_DECLS

/* The header of `ringi-server attendance report --csv`; one line per
 * person follows, as ringi_attendance_format_csv_line() writes it. */
#define RINGI_ATTENDANCE_CSV_HEADER "login,month,days_worked,work_min,overtime_min,legal_overtime_min,late_night_min,holiday_min,break_min,time_out_min,telework_days,flags"

/**
 * RingiAttendanceClass:
 * @RINGI_ATTENDANCE_CLASS_GENERAL: most staff (`general`): 45 h a month,
 *   360 h a year
 * @RINGI_ATTENDANCE_CLASS_HIGH_DEMAND: departments with externally driven
 *   work, 他律的業務 (`high-demand`): under 100 h a month, 720 h a year,
 *   at most 80 h on average over 2–6 months, at most 6 months above 45 h
 *
 * The employee classes whose default rules ringi_attendance_rules_init()
 * knows.
 */
typedef enum
{
  RINGI_ATTENDANCE_CLASS_GENERAL,
  RINGI_ATTENDANCE_CLASS_HIGH_DEMAND,
} RingiAttendanceClass;

/**
 * RingiTimeOutRule:
 * @RINGI_TIME_OUT_NOT_WORK: option 1 of the MHLW telework guideline, the
 *   default: time out (中抜け) is not working time
 * @RINGI_TIME_OUT_WORK: option 2: time out is counted as working time
 *
 * How `out`/`in` punches count; an organisation setting.
 */
typedef enum
{
  RINGI_TIME_OUT_NOT_WORK,
  RINGI_TIME_OUT_WORK,
} RingiTimeOutRule;

/**
 * RingiAttendanceCaps:
 * @month_limit: overtime allowed in a month, in minutes; 0 for no limit
 * @month_limit_exclusive: %TRUE when the month must stay strictly below
 *   @month_limit ("under 100 h"), %FALSE when reaching it is allowed
 * @month_counts_holiday: whether holiday work counts toward @month_limit
 * @year_limit: overtime allowed in the year, in minutes; 0 for no limit
 * @year_counts_holiday: whether holiday work counts toward @year_limit
 * @average_limit: the highest average over every 2 to 6 consecutive
 *   months, in minutes; 0 for no such limit
 * @average_counts_holiday: whether holiday work counts toward the averages
 * @busy_month_threshold: a month above this many minutes is a busy month
 * @busy_months_max: how many busy months a year may have; 0 for no limit
 * @busy_month_counts_holiday: whether holiday work counts toward
 *   @busy_month_threshold
 * @notice_threshold: overtime plus holiday work above this in a month
 *   raises the 安衛則 52-2 notice; 0 for none
 *
 * The caps of one employee class. Overtime here is #RingiAttendanceDay's
 * `overtime_min` (超過勤務, beyond the scheduled day).
 */
typedef struct
{
  guint month_limit;
  gboolean month_limit_exclusive;
  gboolean month_counts_holiday;
  guint year_limit;
  gboolean year_counts_holiday;
  guint average_limit;
  gboolean average_counts_holiday;
  guint busy_month_threshold;
  guint busy_months_max;
  gboolean busy_month_counts_holiday;
  guint notice_threshold;
} RingiAttendanceCaps;

/**
 * RingiAttendanceRules:
 * @scheduled_start: start of the scheduled day, minutes after midnight
 * @scheduled_end: end of the scheduled day, minutes after midnight
 * @scheduled_break: the break inside the scheduled day, in minutes
 * @days_off: the weekdays off, a mask of `1 << GDateWeekday`
 * @holidays_off: whether national holidays (ringi_holidays_is_holiday())
 *   are days off
 * @legal_rest_day: the statutory rest day of the week (法定休日), whose
 *   work is never legal overtime; %G_DATE_BAD_WEEKDAY for none
 * @legal_day_limit: legal working minutes in a day (労基法 32: 480)
 * @legal_week_limit: legal working minutes in a Monday–Sunday week (2400)
 * @auto_break_after: a shift longer than this many minutes from clock-in
 *   to clock-out with no break punched has @auto_break deducted
 * @auto_break: the default break, in minutes
 * @time_out: how time out counts
 * @max_clock_skew: the largest difference between a punch's client time
 *   and the server's receipt time not flagged, in seconds
 * @caps: the overtime caps
 *
 * The rules of one employee class, configured on the server. Plain data:
 * start from ringi_attendance_rules_init() and change what differs.
 */
typedef struct
{
  guint scheduled_start;
  guint scheduled_end;
  guint scheduled_break;
  guint days_off;
  gboolean holidays_off;
  GDateWeekday legal_rest_day;
  guint legal_day_limit;
  guint legal_week_limit;
  guint auto_break_after;
  guint auto_break;
  RingiTimeOutRule time_out;
  guint max_clock_skew;
  RingiAttendanceCaps caps;
} RingiAttendanceRules;

/**
 * RingiAttendanceFlags:
 * @RINGI_ATTENDANCE_FLAG_NONE: nothing to report
 * @RINGI_ATTENDANCE_FLAG_AUTO_BREAK: the default break was deducted from a
 *   long shift without a break punched (`auto-break`)
 * @RINGI_ATTENDANCE_FLAG_MISSING_CLOCK_OUT: a clock-in has no clock-out;
 *   work is counted up to the shift's last punch (`missing-clock-out`)
 * @RINGI_ATTENDANCE_FLAG_UNMATCHED_PUNCH: a punch out of sequence, such as
 *   a break end without a break start, or a clock-out without a clock-in;
 *   it was left out of the counts (`unmatched-punch`)
 * @RINGI_ATTENDANCE_FLAG_CLOCK_SKEW: a punch's client time and the
 *   server's receipt time differ by more than the rules allow
 *   (`clock-skew`)
 *
 * What a day's timesheet shows beside its numbers.
 */
typedef enum
{
  RINGI_ATTENDANCE_FLAG_NONE = 0,
  RINGI_ATTENDANCE_FLAG_AUTO_BREAK = 1 << 0,
  RINGI_ATTENDANCE_FLAG_MISSING_CLOCK_OUT = 1 << 1,
  RINGI_ATTENDANCE_FLAG_UNMATCHED_PUNCH = 1 << 2,
  RINGI_ATTENDANCE_FLAG_CLOCK_SKEW = 1 << 3,
} RingiAttendanceFlags;

/**
 * RingiAttendancePunch:
 * @kind: what the punch records
 * @place: where
 * @time: the client time (the time the person punched)
 * @received: (nullable): the server's receipt time, once synced
 *
 * One punch as the rules see it: a #RingiPunch, or a row of the server's
 * store, after corrections are applied.
 */
typedef struct
{
  RingiPunchKind kind;
  RingiPunchPlace place;
  GDateTime *time;
  GDateTime *received;
} RingiAttendancePunch;

/**
 * RingiAttendanceDay:
 * @date: the day, in Asia/Tokyo: the date of its clock-in
 * @day_off: whether the date is a day off under the rules
 * @holiday_name: (nullable): the national holiday's name, or %NULL
 * @clocked_in: whether the day has a clock-in; a day without one only
 *   holds flags of stray punches
 * @place: the place of the day's first clock-in
 * @start: (nullable): the first clock-in
 * @end: (nullable): the last clock-out, or %NULL when it is missing
 * @work_min: minutes worked
 * @break_min: minutes of break, punched or deducted
 * @time_out_min: minutes of time out (中抜け), counted as work or not
 * @overtime_min: minutes beyond the scheduled day on a working day (超過勤務)
 * @legal_overtime_min: minutes beyond the legal day or, for the day that
 *   crosses it, the legal week (時間外労働)
 * @late_night_min: minutes worked within 22:00–05:00 (深夜)
 * @holiday_min: minutes worked on a day off (休日勤務)
 * @flags: what to report
 *
 * The numbers of one day of one person.
 */
typedef struct
{
  GDate date;
  gboolean day_off;
  const char *holiday_name;
  gboolean clocked_in;
  RingiPunchPlace place;
  GDateTime *start;
  GDateTime *end;
  guint work_min;
  guint break_min;
  guint time_out_min;
  guint overtime_min;
  guint legal_overtime_min;
  guint late_night_min;
  guint holiday_min;
  RingiAttendanceFlags flags;
} RingiAttendanceDay;

/**
 * RingiAttendanceTotals:
 * @days_worked: days with a clock-in
 * @work_min: sum of the days' minutes worked
 * @overtime_min: sum of overtime
 * @legal_overtime_min: sum of legal overtime
 * @late_night_min: sum of late-night minutes
 * @holiday_min: sum of holiday work
 * @break_min: sum of breaks
 * @time_out_min: sum of time out
 * @telework_days: days whose clock-in place is `home`
 * @flags: every flag of the days
 *
 * The sums over a span of days: a week, a month.
 */
typedef struct
{
  guint days_worked;
  guint work_min;
  guint overtime_min;
  guint legal_overtime_min;
  guint late_night_min;
  guint holiday_min;
  guint break_min;
  guint time_out_min;
  guint telework_days;
  RingiAttendanceFlags flags;
} RingiAttendanceTotals;

/**
 * RingiAttendanceMonth:
 * @year: the year
 * @month: the month, 1 to 12
 * @totals: the month's sums
 */
typedef struct
{
  int year;
  int month;
  RingiAttendanceTotals totals;
} RingiAttendanceMonth;

/**
 * RingiAttendanceAlertKind:
 * @RINGI_ATTENDANCE_ALERT_MONTH_CAP: a month's overtime passed the monthly
 *   cap (`month-cap`)
 * @RINGI_ATTENDANCE_ALERT_YEAR_CAP: the year's overtime passed the yearly
 *   cap, in this month (`year-cap`)
 * @RINGI_ATTENDANCE_ALERT_AVERAGE_CAP: the average over the months ending
 *   here passed the average cap (`average-cap`)
 * @RINGI_ATTENDANCE_ALERT_BUSY_MONTHS: this month is one busy month more
 *   than the year allows (`busy-months`)
 * @RINGI_ATTENDANCE_ALERT_NOTICE: overtime plus holiday work passed the
 *   threshold of 安衛則 52-2: the person must be told (`notice-52-2`)
 */
typedef enum
{
  RINGI_ATTENDANCE_ALERT_MONTH_CAP,
  RINGI_ATTENDANCE_ALERT_YEAR_CAP,
  RINGI_ATTENDANCE_ALERT_AVERAGE_CAP,
  RINGI_ATTENDANCE_ALERT_BUSY_MONTHS,
  RINGI_ATTENDANCE_ALERT_NOTICE,
} RingiAttendanceAlertKind;

/**
 * RingiAttendanceAlert:
 * @kind: which cap
 * @year: the year of the month the alert is raised in
 * @month: that month, 1 to 12
 * @value: the measured minutes: the month's, the year's so far, the
 *   average (rounded down) or, for busy months, their count
 * @limit: the cap it passed, in the same unit
 * @n_months: for an average, the number of months averaged; else 1
 */
typedef struct
{
  RingiAttendanceAlertKind kind;
  int year;
  int month;
  guint value;
  guint limit;
  guint n_months;
} RingiAttendanceAlert;

const char *ringi_attendance_class_to_string (RingiAttendanceClass klass);
gboolean ringi_attendance_class_from_string (const char *text,
                                             RingiAttendanceClass *out_class);
const char *ringi_attendance_time_out_to_string (RingiTimeOutRule rule);
gboolean ringi_attendance_time_out_from_string (const char *text,
                                                RingiTimeOutRule *out_rule);
void ringi_attendance_rules_init (RingiAttendanceRules *rules,
                                  RingiAttendanceClass klass);
guint ringi_attendance_rules_get_scheduled_minutes (const RingiAttendanceRules *rules);
gboolean ringi_attendance_rules_is_day_off (const RingiAttendanceRules *rules,
                                            const GDate *date,
                                            const char **out_holiday_name);

GTimeZone *ringi_attendance_get_time_zone (void);
GDateTime *ringi_attendance_parse_day (const char *text);
void ringi_attendance_month_punch_range (int year,
                                         int month,
                                         GDateTime **out_from,
                                         GDateTime **out_until);

GArray *ringi_attendance_compute_days (const RingiAttendanceRules *rules,
                                       const RingiAttendancePunch *punches,
                                       guint n_punches);
void ringi_attendance_assign_days (const RingiAttendancePunch *punches,
                                   guint n_punches,
                                   GDate *out_dates);
void ringi_attendance_sum_days (GArray *days,
                                const GDate *first,
                                const GDate *last,
                                RingiAttendanceTotals *out_totals);
void ringi_attendance_summarize_month (GArray *days,
                                       int year,
                                       int month,
                                       RingiAttendanceMonth *out_month);

GArray *ringi_attendance_check_caps (const RingiAttendanceCaps *caps,
                                     const RingiAttendanceMonth *months,
                                     guint n_months,
                                     guint year_start);

const char *ringi_attendance_flag_to_string (RingiAttendanceFlags flag);
const char *ringi_attendance_alert_kind_to_string (RingiAttendanceAlertKind kind);
char *ringi_attendance_alert_describe (const RingiAttendanceAlert *alert);
char *ringi_attendance_format_csv_line (const char *login,
                                        const RingiAttendanceMonth *month,
                                        GArray *alerts);

G_END_DECLS
