/* ringi-attendance-loader.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ringi-sync.h"
#include "ringi-timesheet.h"

G_BEGIN_DECLS

/**
 * RingiTeamMember:
 * @user: the person
 * @last_punch: (nullable): their last punch today
 * @sheet: their timesheet of the month shown
 *
 * One of a manager's reports, as the manager board shows them.
 */
typedef struct
{
  RingiUser *user;
  RingiPunch *last_punch;
  RingiTimesheet *sheet;
} RingiTeamMember;

/**
 * RingiAttendanceData:
 * @login: whose profile this is
 * @display_name: (nullable): their name
 * @today: (element-type RingiStoredPunch): today's own punches
 * @today_activity: (element-type RingiActivityPeriod): today's objective
 *   record
 * @last_place: the place of the last punch in the past month
 * @has_last_place: whether @last_place is known
 * @sheet: the month's own timesheet
 * @year_overtime_min: the fiscal year's overtime up to the month, as the
 *   yearly cap counts it
 * @activity: (element-type RingiActivityPeriod): the month's objective
 *   record, as kept in this profile
 * @uploads: (element-type RingiActivityUpload): the month's days whose
 *   first and last activity times were given to the server
 * @close: (nullable): the 勤務月報 request of the month, once made
 * @team: (element-type RingiTeamMember): the person's reports
 * @waiting: (element-type RingiRequestSummary): 勤務月報 requests waiting
 *   for the person's seal
 *
 * Everything the attendance page shows, read in one go off the main
 * thread.
 */
typedef struct
{
  char *login;
  char *display_name;
  GPtrArray *today;
  GPtrArray *today_activity;
  RingiPunchPlace last_place;
  gboolean has_last_place;
  RingiTimesheet *sheet;
  guint year_overtime_min;
  GPtrArray *activity;
  GArray *uploads;
  RingiRequestSummary *close;
  GPtrArray *team;
  GPtrArray *waiting;
} RingiAttendanceData;

void ringi_attendance_data_free (RingiAttendanceData *data);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RingiAttendanceData, ringi_attendance_data_free)

#define RINGI_TYPE_ATTENDANCE_LOADER (ringi_attendance_loader_get_type ())
G_DECLARE_FINAL_TYPE (RingiAttendanceLoader, ringi_attendance_loader, RINGI, ATTENDANCE_LOADER, GObject)

RingiAttendanceLoader *ringi_attendance_loader_get_for_sync (RingiSync *sync);

void ringi_attendance_loader_load_async (RingiAttendanceLoader *self,
                                         int year,
                                         int month,
                                         GCancellable *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer user_data);
RingiAttendanceData *ringi_attendance_loader_load_finish (RingiAttendanceLoader *self,
                                                          GAsyncResult *result,
                                                          GError **error);

G_END_DECLS
