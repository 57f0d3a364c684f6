/* ringi-holidays.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-holidays"

#include "config.h"

#include <string.h>

#include "ringi-holidays.h"

/* The holidays of the 国民の祝日に関する法律 are computed by its rules
 * rather than read from the Cabinet Office's list, which is published
 * only a year or two ahead. The names are the law's own, not translated:
 * they are proper names, and the official list spells them so. */

#define N_YEARS  (RINGI_HOLIDAYS_LAST_YEAR - RINGI_HOLIDAYS_FIRST_YEAR + 1)
#define MAX_DAYS 366
/* 16 holidays, at most a few substitute days and 国民の休日 */
#define MAX_ENTRIES 24

#define SUBSTITUTE_NAME "振替休日"
#define CITIZENS_NAME   "国民の休日"

typedef struct
{
  guint n;
  guint16 day_of_year[MAX_ENTRIES];
  const char *name[MAX_ENTRIES];
} YearTable;

/* names[d] is the holiday on day of year d (1-based), or NULL */
typedef const char *DayNames[MAX_DAYS + 2];

static YearTable *year_tables[N_YEARS];

/**
 * ringi_holidays_covers_year:
 * @year: a year
 *
 * Returns: %TRUE when the holidays of @year are computed; outside
 *   %RINGI_HOLIDAYS_FIRST_YEAR … %RINGI_HOLIDAYS_LAST_YEAR no day is a
 *   holiday for this module
 */
gboolean
ringi_holidays_covers_year (int year)
{
  return year >= RINGI_HOLIDAYS_FIRST_YEAR && year <= RINGI_HOLIDAYS_LAST_YEAR;
}

static guint
day_of_year (int year,
             GDateMonth month,
             GDateDay day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  return g_date_get_day_of_year (&date);
}

static GDateWeekday
weekday_of (int year,
            guint yday)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, G_DATE_JANUARY, year);
  g_date_add_days (&date, yday - 1);
  return g_date_get_weekday (&date);
}

/* Happy Monday days: the nth Monday of the month */
static guint
nth_monday (int year,
            GDateMonth month,
            guint n)
{
  guint first = day_of_year (year, month, 1);
  GDateWeekday weekday = weekday_of (year, first);
  guint first_monday = 1 + (G_DATE_SUNDAY + 1 - weekday) % 7;

  return first + first_monday - 1 + 7 * (n - 1);
}

/* The usual formula for the equinox days, exact against the dates the
 * National Astronomical Observatory announces for 1980–2099. */
static guint
equinox_day (int year,
             double base)
{
  int n = year - 1980;

  return (guint) (base + 0.242194 * n - n / 4);
}

static void
set_named (DayNames names,
           guint yday,
           const char *name)
{
  g_assert (yday >= 1 && yday <= MAX_DAYS);
  names[yday] = name;
}

static void
add_fixed_holidays (DayNames names,
                    int year)
{
  set_named (names, day_of_year (year, G_DATE_JANUARY, 1), "元日");
  set_named (names, day_of_year (year, G_DATE_FEBRUARY, 11), "建国記念の日");
  set_named (names, day_of_year (year, G_DATE_FEBRUARY, 23), "天皇誕生日");
  set_named (names, day_of_year (year, G_DATE_APRIL, 29), "昭和の日");
  set_named (names, day_of_year (year, G_DATE_MAY, 3), "憲法記念日");
  set_named (names, day_of_year (year, G_DATE_MAY, 4), "みどりの日");
  set_named (names, day_of_year (year, G_DATE_MAY, 5), "こどもの日");
  set_named (names, day_of_year (year, G_DATE_NOVEMBER, 3), "文化の日");
  set_named (names, day_of_year (year, G_DATE_NOVEMBER, 23), "勤労感謝の日");
}

static void
add_equinoxes (DayNames names,
               int year)
{
  set_named (names, day_of_year (year, G_DATE_MARCH, equinox_day (year, 20.8431)), "春分の日");
  set_named (names, day_of_year (year, G_DATE_SEPTEMBER, equinox_day (year, 23.2488)), "秋分の日");
}

/* 海の日, スポーツの日 and 山の日 moved for the Tokyo Olympics by the
 * special measures act (2020) and its amendment (2021). */
static gboolean
add_olympic_moves (DayNames names,
                   int year)
{
  if (year == 2020)
    {
      set_named (names, day_of_year (year, G_DATE_JULY, 23), "海の日");
      set_named (names, day_of_year (year, G_DATE_JULY, 24), "スポーツの日");
      set_named (names, day_of_year (year, G_DATE_AUGUST, 10), "山の日");
      return TRUE;
    }

  if (year == 2021)
    {
      set_named (names, day_of_year (year, G_DATE_JULY, 22), "海の日");
      set_named (names, day_of_year (year, G_DATE_JULY, 23), "スポーツの日");
      set_named (names, day_of_year (year, G_DATE_AUGUST, 8), "山の日");
      return TRUE;
    }

  return FALSE;
}

static void
add_moving_holidays (DayNames names,
                     int year)
{
  set_named (names, nth_monday (year, G_DATE_JANUARY, 2), "成人の日");
  set_named (names, nth_monday (year, G_DATE_SEPTEMBER, 3), "敬老の日");

  if (add_olympic_moves (names, year))
    return;

  set_named (names, nth_monday (year, G_DATE_JULY, 3), "海の日");
  set_named (names, day_of_year (year, G_DATE_AUGUST, 11), "山の日");
  set_named (names, nth_monday (year, G_DATE_OCTOBER, 2), "スポーツの日");
}

/* Article 3 (2): a holiday on a Sunday gives the nearest following day
 * that is not itself a holiday. */
static void
add_substitute_days (const DayNames named,
                     DayNames all,
                     int year,
                     guint n_days)
{
  for (guint d = 1; d <= n_days; d++)
    {
      guint next = d + 1;

      if (named[d] == NULL || weekday_of (year, d) != G_DATE_SUNDAY)
        continue;

      while (named[next] != NULL)
        next++;
      if (next <= n_days)
        all[next] = SUBSTITUTE_NAME;
    }
}

/* Article 3 (3): a day that is not a holiday, between two holidays. Only
 * the holidays of article 2 count, not substitute days. */
static void
add_citizens_days (const DayNames named,
                   DayNames all,
                   guint n_days)
{
  for (guint d = 2; d < n_days; d++)
    if (named[d] == NULL && all[d] == NULL && named[d - 1] != NULL && named[d + 1] != NULL)
      all[d] = CITIZENS_NAME;
}

static YearTable *
compute_year (int year)
{
  DayNames named = { NULL };
  DayNames all;
  guint n_days = g_date_is_leap_year (year) ? 366 : 365;
  YearTable *table = g_new0 (YearTable, 1);

  add_fixed_holidays (named, year);
  add_equinoxes (named, year);
  add_moving_holidays (named, year);

  memcpy (all, named, sizeof all);
  add_substitute_days (named, all, year, n_days);
  add_citizens_days (named, all, n_days);

  for (guint d = 1; d <= n_days; d++)
    {
      if (all[d] == NULL)
        continue;

      g_assert (table->n < MAX_ENTRIES);
      table->day_of_year[table->n] = d;
      table->name[table->n] = all[d];
      table->n++;
    }

  return table;
}

/* Each year is computed once and kept for the life of the process: the
 * tables are small, and the rules ask for them once per day worked. */
static const YearTable *
year_table (int year)
{
  YearTable **slot = &year_tables[year - RINGI_HOLIDAYS_FIRST_YEAR];

  if (g_once_init_enter (slot))
    g_once_init_leave (slot, compute_year (year));

  return *slot;
}

/**
 * ringi_holidays_is_holiday:
 * @date: a valid date
 * @out_name: (out) (optional) (transfer none): the holiday's name, a
 *   static string, or %NULL when @date is not a holiday
 *
 * Tells whether @date is a national holiday (国民の祝日), a substitute
 * holiday (振替休日) or a citizens' holiday (国民の休日). Saturdays and
 * Sundays are not holidays here unless the law names them.
 *
 * Returns: %TRUE when @date is a holiday
 */
gboolean
ringi_holidays_is_holiday (const GDate *date,
                           const char **out_name)
{
  const YearTable *table;
  guint yday;

  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  if (out_name != NULL)
    *out_name = NULL;

  if (!ringi_holidays_covers_year (g_date_get_year (date)))
    return FALSE;

  table = year_table (g_date_get_year (date));
  yday = g_date_get_day_of_year (date);

  for (guint i = 0; i < table->n; i++)
    {
      if (table->day_of_year[i] != yday)
        continue;

      if (out_name != NULL)
        *out_name = table->name[i];
      return TRUE;
    }

  return FALSE;
}

/**
 * ringi_holidays_for_year:
 * @year: a year
 *
 * Returns: (transfer full) (element-type RingiHoliday): the holidays of
 *   @year in date order; empty when ringi_holidays_covers_year() is
 *   %FALSE
 */
GArray *
ringi_holidays_for_year (int year)
{
  GArray *holidays = g_array_new (FALSE, TRUE, sizeof (RingiHoliday));
  const YearTable *table;

  if (!ringi_holidays_covers_year (year))
    return holidays;

  table = year_table (year);
  for (guint i = 0; i < table->n; i++)
    {
      RingiHoliday holiday = { .name = table->name[i] };

      g_date_clear (&holiday.date, 1);
      g_date_set_dmy (&holiday.date, 1, G_DATE_JANUARY, year);
      g_date_add_days (&holiday.date, table->day_of_year[i] - 1);
      g_array_append_val (holidays, holiday);
    }

  return holidays;
}
