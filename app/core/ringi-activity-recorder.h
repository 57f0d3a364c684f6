/* ringi-activity-recorder.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ringi-store.h"

G_BEGIN_DECLS

#define RINGI_TYPE_ACTIVITY_RECORDER (ringi_activity_recorder_get_type ())
G_DECLARE_FINAL_TYPE (RingiActivityRecorder, ringi_activity_recorder, RINGI, ACTIVITY_RECORDER, GObject)

RingiActivityRecorder *ringi_activity_recorder_new (RingiStore *store);
void ringi_activity_recorder_start (RingiActivityRecorder *self,
                                    GDBusConnection *session_bus,
                                    GDBusConnection *system_bus);
void ringi_activity_recorder_stop (RingiActivityRecorder *self);
gboolean ringi_activity_recorder_get_watching_login1 (RingiActivityRecorder *self);

G_END_DECLS
