/* ringi-attendance-caps.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-attendance"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ringi-attendance-rules.h"

/* The overtime caps over a year of months (docs/attendance-rules.md).
 * Each alert belongs to the month in which the cap is passed, so that the
 * monthly report can show it in that month's row. */

#define MIN_AVERAGE_MONTHS 2
#define MAX_AVERAGE_MONTHS 6

static guint
measure (const RingiAttendanceMonth *month,
         gboolean counts_holiday)
{
  return month->totals.overtime_min + (counts_holiday ? month->totals.holiday_min : 0);
}

static void
add_alert (GArray *alerts,
           RingiAttendanceAlertKind kind,
           const RingiAttendanceMonth *month,
           guint value,
           guint limit,
           guint n_months)
{
  RingiAttendanceAlert alert = {
    .kind = kind,
    .year = month->year,
    .month = month->month,
    .value = value,
    .limit = limit,
    .n_months = n_months,
  };

  g_array_append_val (alerts, alert);
}

static void
check_month (const RingiAttendanceCaps *caps,
             const RingiAttendanceMonth *month,
             GArray *alerts)
{
  guint value = measure (month, caps->month_counts_holiday);
  gboolean over = caps->month_limit_exclusive ? value >= caps->month_limit : value > caps->month_limit;

  if (caps->month_limit > 0 && over)
    add_alert (alerts, RINGI_ATTENDANCE_ALERT_MONTH_CAP, month, value, caps->month_limit, 1);
}

static void
check_notice (const RingiAttendanceCaps *caps,
              const RingiAttendanceMonth *month,
              GArray *alerts)
{
  guint value = measure (month, TRUE);

  if (caps->notice_threshold > 0 && value > caps->notice_threshold)
    add_alert (alerts, RINGI_ATTENDANCE_ALERT_NOTICE, month, value, caps->notice_threshold, 1);
}

/* Of the windows of 2 to 6 months ending at @end, the one with the
 * highest average, if that average passes the cap. Averages are compared
 * as fractions, never rounded. */
static void
check_average (const RingiAttendanceCaps *caps,
               const RingiAttendanceMonth *months,
               guint end,
               GArray *alerts)
{
  guint sum = 0, worst_sum = 0, worst_n = 0;

  if (caps->average_limit == 0)
    return;

  sum = measure (&months[end], caps->average_counts_holiday);
  for (guint n = MIN_AVERAGE_MONTHS; n <= MAX_AVERAGE_MONTHS && n <= end + 1; n++)
    {
      sum += measure (&months[end + 1 - n], caps->average_counts_holiday);

      if ((guint64) sum > (guint64) caps->average_limit * n &&
          (worst_n == 0 || (guint64) sum * worst_n > (guint64) worst_sum * n))
        {
          worst_sum = sum;
          worst_n = n;
        }
    }

  if (worst_n > 0)
    add_alert (alerts, RINGI_ATTENDANCE_ALERT_AVERAGE_CAP, &months[end],
               worst_sum / worst_n, caps->average_limit, worst_n);
}

static gboolean
months_are_consecutive (const RingiAttendanceMonth *months,
                        guint n_months)
{
  for (guint i = 1; i < n_months; i++)
    {
      int expected_year = months[i - 1].year + (months[i - 1].month == 12);
      int expected_month = months[i - 1].month % 12 + 1;

      if (months[i].year != expected_year || months[i].month != expected_month)
        return FALSE;
    }

  return TRUE;
}

/**
 * ringi_attendance_check_caps:
 * @caps: the caps of the person's class
 * @months: (array length=n_months): consecutive months, oldest first
 * @n_months: how many
 * @year_start: the index in @months of the year's first month; the months
 *   before it only count in the 2–6 month averages of the year's first
 *   months
 *
 * Checks one year (the months from @year_start on, usually twelve): each
 * month against the monthly cap and the 安衛則 52-2 threshold, the year's
 * running total against the yearly cap (one alert, in the month it is
 * passed), every window of 2 to 6 months ending in the year against the
 * average cap (one alert per month, for its worst window), and the count
 * of busy months (an alert in each month beyond the allowed count).
 *
 * Returns: (transfer full) (element-type RingiAttendanceAlert): the
 *   alerts, by month, then by kind
 */
GArray *
ringi_attendance_check_caps (const RingiAttendanceCaps *caps,
                             const RingiAttendanceMonth *months,
                             guint n_months,
                             guint year_start)
{
  GArray *alerts;
  guint year_total = 0;
  guint busy_months = 0;
  gboolean year_passed = FALSE;

  g_return_val_if_fail (caps != NULL, NULL);
  g_return_val_if_fail (months != NULL || n_months == 0, NULL);
  g_return_val_if_fail (year_start <= n_months, NULL);
  g_return_val_if_fail (months_are_consecutive (months, n_months), NULL);

  alerts = g_array_new (FALSE, TRUE, sizeof (RingiAttendanceAlert));

  for (guint i = year_start; i < n_months; i++)
    {
      const RingiAttendanceMonth *month = &months[i];

      check_month (caps, month, alerts);

      year_total += measure (month, caps->year_counts_holiday);
      if (caps->year_limit > 0 && !year_passed && year_total > caps->year_limit)
        {
          add_alert (alerts, RINGI_ATTENDANCE_ALERT_YEAR_CAP, month, year_total, caps->year_limit, 1);
          year_passed = TRUE;
        }

      check_average (caps, months, i, alerts);

      if (measure (month, caps->busy_month_counts_holiday) > caps->busy_month_threshold &&
          ++busy_months > caps->busy_months_max && caps->busy_months_max > 0)
        add_alert (alerts, RINGI_ATTENDANCE_ALERT_BUSY_MONTHS, month, busy_months, caps->busy_months_max, 1);

      check_notice (caps, month, alerts);
    }

  return alerts;
}

/* Minutes as hours and minutes, "46:05": the same in every language. */
static char *
format_minutes (guint minutes)
{
  return g_strdup_printf ("%u:%02u", minutes / 60, minutes % 60);
}

/**
 * ringi_attendance_alert_describe:
 * @alert: an alert
 *
 * Returns: (transfer full): one sentence for people saying what was
 *   passed, where and by how much
 */
char *
ringi_attendance_alert_describe (const RingiAttendanceAlert *alert)
{
  g_autofree char *value = NULL;
  g_autofree char *limit = NULL;

  g_return_val_if_fail (alert != NULL, NULL);

  value = format_minutes (alert->value);
  limit = format_minutes (alert->limit);

  switch (alert->kind)
    {
    case RINGI_ATTENDANCE_ALERT_MONTH_CAP:
      /* Translators: "Overtime in 2026-07 is 46:10, beyond the monthly cap of 45:00" */
      return g_strdup_printf (_("Overtime in %04d-%02d is %s, beyond the monthly cap of %s"),
                              alert->year, alert->month, value, limit);

    case RINGI_ATTENDANCE_ALERT_YEAR_CAP:
      return g_strdup_printf (_("Overtime this year reached %s in %04d-%02d, beyond the yearly cap of %s"),
                              value, alert->year, alert->month, limit);

    case RINGI_ATTENDANCE_ALERT_AVERAGE_CAP:
      /* Translators: the number of months is 2 to 6 */
      return g_strdup_printf (_("Average overtime over the %u months up to %04d-%02d is %s, beyond the cap of %s"),
                              alert->n_months, alert->year, alert->month, value, limit);

    case RINGI_ATTENDANCE_ALERT_BUSY_MONTHS:
      return g_strdup_printf (_("In %04d-%02d, %u months of the year are above the monthly threshold; at most %u are allowed"),
                              alert->year, alert->month, alert->value, alert->limit);

    case RINGI_ATTENDANCE_ALERT_NOTICE:
      return g_strdup_printf (_("Overtime and holiday work in %04d-%02d is %s, beyond %s: the employee must be informed (安衛則 52-2)"),
                              alert->year, alert->month, value, limit);

    default:
      g_return_val_if_reached (NULL);
    }
}
