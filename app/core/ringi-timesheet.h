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
 * @close_request: (nullable): the 勤務月報 request of the month's latest
 *   close, when this profile knows one; its state (in progress, decided…)
 *   is the month's: see ringi_sync_summarize()
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
  char *close_request;
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

/**
 * RingiWorkState:
 * @RINGI_WORK_STATE_OFF: not clocked in (no shift in the last day, or it
 *   ended with a clock-out)
 * @RINGI_WORK_STATE_WORKING: clocked in, working
 * @RINGI_WORK_STATE_BREAK: on a break (休憩)
 * @RINGI_WORK_STATE_TIME_OUT: on private time out (中抜け)
 *
 * Where a person's day stands, for a clock button or a manager's board.
 */
typedef enum
{
  RINGI_WORK_STATE_OFF,
  RINGI_WORK_STATE_WORKING,
  RINGI_WORK_STATE_BREAK,
  RINGI_WORK_STATE_TIME_OUT,
} RingiWorkState;

/**
 * RingiWorkStatus:
 * @state: where the day stands
 * @place: the place of the last punch; meaningless when @state is off
 * @since: (nullable): the time of the last punch, or %NULL without one
 *   in the last day
 *
 * The person's state now, from their last punch.
 */
typedef struct
{
  RingiWorkState state;
  RingiPunchPlace place;
  GDateTime *since;
} RingiWorkStatus;

void ringi_work_status_clear (RingiWorkStatus *status);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RingiWorkStatus, ringi_work_status_clear)

gboolean ringi_timesheet_get_work_status (RingiStore *store,
                                          const char *login,
                                          GDateTime *now,
                                          RingiWorkStatus *out_status,
                                          GError **error);

/**
 * RINGI_TIMESHEET_GAP_NOTICE_MINUTES:
 *
 * A gap (乖離) between punches and the objective record above this many
 * minutes is pointed out, as the MHLW guideline asks the employer to
 * check them.
 */
#define RINGI_TIMESHEET_GAP_NOTICE_MINUTES 30

gboolean ringi_timesheet_activity_gap (const RingiAttendanceDay *day,
                                       const RingiActivityDay *activity,
                                       guint *out_minutes);

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
GDate *ringi_timesheet_days_of_punches (GPtrArray *stored);
GPtrArray *ringi_timesheet_list_month_punches (RingiPunchSource source,
                                               gpointer user_data,
                                               const char *login,
                                               int year,
                                               int month,
                                               GError **error);
GStrv ringi_timesheet_months_of_punch (RingiPunchSource source,
                                       gpointer user_data,
                                       const RingiStoredPunch *punch,
                                       GError **error);
RingiTimesheet *ringi_timesheet_compute (RingiStore *store,
                                         const char *login,
                                         int year,
                                         int month,
                                         GError **error);

G_END_DECLS
