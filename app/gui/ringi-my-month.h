/* ringi-my-month.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ringi-attendance-loader.h"

G_BEGIN_DECLS

#define RINGI_TYPE_MY_MONTH (ringi_my_month_get_type ())
G_DECLARE_FINAL_TYPE (RingiMyMonth, ringi_my_month, RINGI, MY_MONTH, AdwBin)

GtkWidget *ringi_my_month_new (void);
void ringi_my_month_set_sync (RingiMyMonth *self,
                              RingiSync *sync);
void ringi_my_month_show (RingiMyMonth *self,
                          const RingiAttendanceData *data);
void ringi_my_month_set_month (RingiMyMonth *self,
                               int year,
                               int month);
int ringi_my_month_get_year (RingiMyMonth *self);
int ringi_my_month_get_month (RingiMyMonth *self);
gboolean ringi_my_month_get_busy (RingiMyMonth *self);

G_END_DECLS
