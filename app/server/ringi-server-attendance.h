/* ringi-server-attendance.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ringi-attendance-rules.h"
#include "ringi-server-storage.h"

G_BEGIN_DECLS

gboolean ringi_server_attendance_get_time_out (RingiServerStorage *storage,
                                               RingiTimeOutRule *out_rule,
                                               GError **error);
gboolean ringi_server_attendance_set_time_out (RingiServerStorage *storage,
                                               RingiTimeOutRule rule,
                                               gint64 now,
                                               GError **error);

G_END_DECLS
