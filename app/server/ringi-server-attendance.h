/* ringi-server-attendance.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ringi-attendance-rules.h"
#include "ringi-server-storage.h"
#include "ringi-timesheet.h"

G_BEGIN_DECLS

gboolean ringi_server_attendance_get_time_out (RingiServerStorage *storage,
                                               RingiTimeOutRule *out_rule,
                                               GError **error);
gboolean ringi_server_attendance_set_time_out (RingiServerStorage *storage,
                                               RingiTimeOutRule rule,
                                               gint64 now,
                                               GError **error);

RingiTimesheet *ringi_server_attendance_compute_timesheet (RingiServerStorage *storage,
                                                           const char *login,
                                                           const RingiAttendanceRules *rules,
                                                           int year,
                                                           int month,
                                                           GError **error);
gboolean ringi_server_attendance_find_locked_month (RingiServerStorage *storage,
                                                    const RingiStoredPunch *punch,
                                                    char **out_month,
                                                    GError **error);
GPtrArray *ringi_server_attendance_list_month_punches (RingiServerStorage *storage,
                                                       const char *login,
                                                       const char *month,
                                                       GError **error);
gboolean ringi_server_attendance_is_decided (RingiServerStorage *storage,
                                             const char *request_id,
                                             gboolean *out_decided,
                                             GError **error);
gboolean ringi_server_attendance_is_locked (RingiServerStorage *storage,
                                            const char *login,
                                            const char *month,
                                            gboolean *out_locked,
                                            GError **error);
gboolean ringi_server_attendance_set_manager (RingiServerStorage *storage,
                                              const char *login,
                                              const char *manager,
                                              gint64 now,
                                              guint *out_shared,
                                              GError **error);

G_END_DECLS
