/* ringi-day-table.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ringi-attendance-loader.h"

G_BEGIN_DECLS

#define RINGI_TYPE_DAY_TABLE (ringi_day_table_get_type ())
G_DECLARE_FINAL_TYPE (RingiDayTable, ringi_day_table, RINGI, DAY_TABLE, AdwBin)

GtkWidget *ringi_day_table_new (void);
void ringi_day_table_show (RingiDayTable *self,
                           const RingiAttendanceData *data,
                           int year,
                           int month);

G_END_DECLS
