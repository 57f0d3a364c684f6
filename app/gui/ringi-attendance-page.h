/* ringi-attendance-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ringi-sync.h"

G_BEGIN_DECLS

#define RINGI_TYPE_ATTENDANCE_PAGE (ringi_attendance_page_get_type ())
G_DECLARE_FINAL_TYPE (RingiAttendancePage, ringi_attendance_page, RINGI, ATTENDANCE_PAGE, AdwBin)

GtkWidget *ringi_attendance_page_new (void);
RingiSync *ringi_attendance_page_get_sync (RingiAttendancePage *self);
void ringi_attendance_page_set_sync (RingiAttendancePage *self,
                                     RingiSync *sync);
void ringi_attendance_page_reload (RingiAttendancePage *self);
gboolean ringi_attendance_page_get_loading (RingiAttendancePage *self);
void ringi_attendance_page_show_view (RingiAttendancePage *self,
                                      const char *name);

G_END_DECLS
