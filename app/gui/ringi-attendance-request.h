/* ringi-attendance-request.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ringi-sync.h"

G_BEGIN_DECLS

/**
 * RingiAttendanceRequestKind:
 * @RINGI_ATTENDANCE_REQUEST_CORRECTION: a correction request (打刻修正申請)
 * @RINGI_ATTENDANCE_REQUEST_LEAVE: a leave request (休暇申請)
 */
typedef enum
{
  RINGI_ATTENDANCE_REQUEST_CORRECTION,
  RINGI_ATTENDANCE_REQUEST_LEAVE,
} RingiAttendanceRequestKind;

void ringi_attendance_request_ask_async (GtkWidget *parent,
                                         RingiSync *sync,
                                         RingiAttendanceRequestKind kind,
                                         GCancellable *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer user_data);
char *ringi_attendance_request_ask_finish (GAsyncResult *result,
                                           GError **error);

G_END_DECLS
