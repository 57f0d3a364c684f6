/* ringi-timesheet.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ringi-attendance-rules.h"
#include "ringi-store.h"

G_BEGIN_DECLS

/**
 * RingiTimesheet:
 * @login: whose month
 * @year: the year
 * @month: the month, 1 to 12
 * @rules: the rules applied: the person's class, the organisation's
 *   time-out option
 * @days: (element-type RingiAttendanceDay): the month's days with a
 *   punch, in date order
 * @summary: the month's sums
 * @alerts: (element-type RingiAttendanceAlert): the caps this month
 *   passes, counting the fiscal year from April
 * @n_punches: the month's punches, corrections applied
 * @n_unsynced: those of them the server has not received yet
 *
 * One person's month (勤務表) as this profile knows it, computed by
 * #RingiAttendanceRules from the punches kept here.
 */
typedef struct
{
  char *login;
  int year;
  int month;
  RingiAttendanceRules rules;
  GArray *days;
  RingiAttendanceMonth summary;
  GArray *alerts;
  guint n_punches;
  guint n_unsynced;
} RingiTimesheet;

/**
 * RingiPunchSource:
 * @user_data: the source's data
 * @login: whose punches
 * @from: the first client time, seconds since the Unix epoch
 * @until: the first client time no longer listed
 * @error: return location for a #GError
 *
 * Lists punches for ringi_timesheet_compute_from(): a profile's store, or
 * the server's storage.
 *
 * Returns: (transfer container) (element-type RingiStoredPunch): the
 *   punches in client-time order, or %NULL with @error set
 */
typedef GPtrArray *(*RingiPunchSource) (gpointer user_data,
                                        const char *login,
                                        gint64 from,
                                        gint64 until,
                                        GError **error);

void ringi_timesheet_free (RingiTimesheet *sheet);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RingiTimesheet, ringi_timesheet_free)

gboolean ringi_timesheet_parse_month (const char *text,
                                      int *out_year,
                                      int *out_month);
void ringi_timesheet_rules_for (RingiStore *store,
                                const char *login,
                                RingiAttendanceRules *out_rules);
RingiTimesheet *ringi_timesheet_compute_from (RingiPunchSource source,
                                              gpointer user_data,
                                              const char *login,
                                              const RingiAttendanceRules *rules,
                                              int year,
                                              int month,
                                              GError **error);
RingiTimesheet *ringi_timesheet_compute (RingiStore *store,
                                         const char *login,
                                         int year,
                                         int month,
                                         GError **error);

G_END_DECLS
