/* ringi-holidays.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The years the rules below describe: the holidays of the current law
 * (天皇誕生日 on 23 February from 2020) and the equinox formula, which
 * holds until 2099. */
#define RINGI_HOLIDAYS_FIRST_YEAR 2020
#define RINGI_HOLIDAYS_LAST_YEAR  2099

/**
 * RingiHoliday:
 * @date: the day
 * @name: its Japanese name (元日, 成人の日, 振替休日, 国民の休日, …);
 *   a static string
 *
 * One national holiday (国民の祝日) or rest day (休日) of the
 * 国民の祝日に関する法律.
 */
typedef struct
{
  GDate date;
  const char *name;
} RingiHoliday;

gboolean ringi_holidays_covers_year (int year);
gboolean ringi_holidays_is_holiday (const GDate *date,
                                    const char **out_name);
GArray *ringi_holidays_for_year (int year);

G_END_DECLS
