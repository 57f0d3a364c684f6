/* ringi-my-day.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ringi-attendance-loader.h"
#include "ringi-config.h"

G_BEGIN_DECLS

#define RINGI_TYPE_MY_DAY (ringi_my_day_get_type ())
G_DECLARE_FINAL_TYPE (RingiMyDay, ringi_my_day, RINGI, MY_DAY, AdwBin)

GtkWidget *ringi_my_day_new (void);
void ringi_my_day_set_sync (RingiMyDay *self,
                            RingiSync *sync,
                            RingiConfig *config);
void ringi_my_day_show (RingiMyDay *self,
                        const RingiAttendanceData *data);
RingiPunchPlace ringi_my_day_get_place (RingiMyDay *self);
gboolean ringi_my_day_get_busy (RingiMyDay *self);

G_END_DECLS
