/* test-holidays.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-holidays"

#include "config.h"

#include <stdio.h>

#include "ringi-holidays.h"

typedef struct
{
  const char *date;
  const char *name;
} Expected;

/* The Cabinet Office's list 「国民の祝日について」 (syukujitsu.csv), written
 * out by hand, with its days named only 「休日」 given the law's two
 * names: 振替休日 (article 3 (2), after a holiday on a Sunday) and
 * 国民の休日 (article 3 (3), between two holidays). The list is published
 * through 2027; 2028–2030 follow the same law with the equinox days the
 * National Astronomical Observatory predicts (春分 20 March each year,
 * 秋分 22 September 2028, 23 September 2029 and 2030). */
static const Expected official[] = {
  { "2020-01-01", "元日" },
  { "2020-01-13", "成人の日" },
  { "2020-02-11", "建国記念の日" },
  { "2020-02-23", "天皇誕生日" },
  { "2020-02-24", "振替休日" },
  { "2020-03-20", "春分の日" },
  { "2020-04-29", "昭和の日" },
  { "2020-05-03", "憲法記念日" },
  { "2020-05-04", "みどりの日" },
  { "2020-05-05", "こどもの日" },
  { "2020-05-06", "振替休日" },
  { "2020-07-23", "海の日" },
  { "2020-07-24", "スポーツの日" },
  { "2020-08-10", "山の日" },
  { "2020-09-21", "敬老の日" },
  { "2020-09-22", "秋分の日" },
  { "2020-11-03", "文化の日" },
  { "2020-11-23", "勤労感謝の日" },
  { "2021-01-01", "元日" },
  { "2021-01-11", "成人の日" },
  { "2021-02-11", "建国記念の日" },
  { "2021-02-23", "天皇誕生日" },
  { "2021-03-20", "春分の日" },
  { "2021-04-29", "昭和の日" },
  { "2021-05-03", "憲法記念日" },
  { "2021-05-04", "みどりの日" },
  { "2021-05-05", "こどもの日" },
  { "2021-07-22", "海の日" },
  { "2021-07-23", "スポーツの日" },
  { "2021-08-08", "山の日" },
  { "2021-08-09", "振替休日" },
  { "2021-09-20", "敬老の日" },
  { "2021-09-23", "秋分の日" },
  { "2021-11-03", "文化の日" },
  { "2021-11-23", "勤労感謝の日" },
  { "2022-01-01", "元日" },
  { "2022-01-10", "成人の日" },
  { "2022-02-11", "建国記念の日" },
  { "2022-02-23", "天皇誕生日" },
  { "2022-03-21", "春分の日" },
  { "2022-04-29", "昭和の日" },
  { "2022-05-03", "憲法記念日" },
  { "2022-05-04", "みどりの日" },
  { "2022-05-05", "こどもの日" },
  { "2022-07-18", "海の日" },
  { "2022-08-11", "山の日" },
  { "2022-09-19", "敬老の日" },
  { "2022-09-23", "秋分の日" },
  { "2022-10-10", "スポーツの日" },
  { "2022-11-03", "文化の日" },
  { "2022-11-23", "勤労感謝の日" },
  { "2023-01-01", "元日" },
  { "2023-01-02", "振替休日" },
  { "2023-01-09", "成人の日" },
  { "2023-02-11", "建国記念の日" },
  { "2023-02-23", "天皇誕生日" },
  { "2023-03-21", "春分の日" },
  { "2023-04-29", "昭和の日" },
  { "2023-05-03", "憲法記念日" },
  { "2023-05-04", "みどりの日" },
  { "2023-05-05", "こどもの日" },
  { "2023-07-17", "海の日" },
  { "2023-08-11", "山の日" },
  { "2023-09-18", "敬老の日" },
  { "2023-09-23", "秋分の日" },
  { "2023-10-09", "スポーツの日" },
  { "2023-11-03", "文化の日" },
  { "2023-11-23", "勤労感謝の日" },
  { "2024-01-01", "元日" },
  { "2024-01-08", "成人の日" },
  { "2024-02-11", "建国記念の日" },
  { "2024-02-12", "振替休日" },
  { "2024-02-23", "天皇誕生日" },
  { "2024-03-20", "春分の日" },
  { "2024-04-29", "昭和の日" },
  { "2024-05-03", "憲法記念日" },
  { "2024-05-04", "みどりの日" },
  { "2024-05-05", "こどもの日" },
  { "2024-05-06", "振替休日" },
  { "2024-07-15", "海の日" },
  { "2024-08-11", "山の日" },
  { "2024-08-12", "振替休日" },
  { "2024-09-16", "敬老の日" },
  { "2024-09-22", "秋分の日" },
  { "2024-09-23", "振替休日" },
  { "2024-10-14", "スポーツの日" },
  { "2024-11-03", "文化の日" },
  { "2024-11-04", "振替休日" },
  { "2024-11-23", "勤労感謝の日" },
  { "2025-01-01", "元日" },
  { "2025-01-13", "成人の日" },
  { "2025-02-11", "建国記念の日" },
  { "2025-02-23", "天皇誕生日" },
  { "2025-02-24", "振替休日" },
  { "2025-03-20", "春分の日" },
  { "2025-04-29", "昭和の日" },
  { "2025-05-03", "憲法記念日" },
  { "2025-05-04", "みどりの日" },
  { "2025-05-05", "こどもの日" },
  { "2025-05-06", "振替休日" },
  { "2025-07-21", "海の日" },
  { "2025-08-11", "山の日" },
  { "2025-09-15", "敬老の日" },
  { "2025-09-23", "秋分の日" },
  { "2025-10-13", "スポーツの日" },
  { "2025-11-03", "文化の日" },
  { "2025-11-23", "勤労感謝の日" },
  { "2025-11-24", "振替休日" },
  { "2026-01-01", "元日" },
  { "2026-01-12", "成人の日" },
  { "2026-02-11", "建国記念の日" },
  { "2026-02-23", "天皇誕生日" },
  { "2026-03-20", "春分の日" },
  { "2026-04-29", "昭和の日" },
  { "2026-05-03", "憲法記念日" },
  { "2026-05-04", "みどりの日" },
  { "2026-05-05", "こどもの日" },
  { "2026-05-06", "振替休日" },
  { "2026-07-20", "海の日" },
  { "2026-08-11", "山の日" },
  { "2026-09-21", "敬老の日" },
  { "2026-09-22", "国民の休日" },
  { "2026-09-23", "秋分の日" },
  { "2026-10-12", "スポーツの日" },
  { "2026-11-03", "文化の日" },
  { "2026-11-23", "勤労感謝の日" },
  { "2027-01-01", "元日" },
  { "2027-01-11", "成人の日" },
  { "2027-02-11", "建国記念の日" },
  { "2027-02-23", "天皇誕生日" },
  { "2027-03-21", "春分の日" },
  { "2027-03-22", "振替休日" },
  { "2027-04-29", "昭和の日" },
  { "2027-05-03", "憲法記念日" },
  { "2027-05-04", "みどりの日" },
  { "2027-05-05", "こどもの日" },
  { "2027-07-19", "海の日" },
  { "2027-08-11", "山の日" },
  { "2027-09-20", "敬老の日" },
  { "2027-09-23", "秋分の日" },
  { "2027-10-11", "スポーツの日" },
  { "2027-11-03", "文化の日" },
  { "2027-11-23", "勤労感謝の日" },
  { "2028-01-01", "元日" },
  { "2028-01-10", "成人の日" },
  { "2028-02-11", "建国記念の日" },
  { "2028-02-23", "天皇誕生日" },
  { "2028-03-20", "春分の日" },
  { "2028-04-29", "昭和の日" },
  { "2028-05-03", "憲法記念日" },
  { "2028-05-04", "みどりの日" },
  { "2028-05-05", "こどもの日" },
  { "2028-07-17", "海の日" },
  { "2028-08-11", "山の日" },
  { "2028-09-18", "敬老の日" },
  { "2028-09-22", "秋分の日" },
  { "2028-10-09", "スポーツの日" },
  { "2028-11-03", "文化の日" },
  { "2028-11-23", "勤労感謝の日" },
  { "2029-01-01", "元日" },
  { "2029-01-08", "成人の日" },
  { "2029-02-11", "建国記念の日" },
  { "2029-02-12", "振替休日" },
  { "2029-02-23", "天皇誕生日" },
  { "2029-03-20", "春分の日" },
  { "2029-04-29", "昭和の日" },
  { "2029-04-30", "振替休日" },
  { "2029-05-03", "憲法記念日" },
  { "2029-05-04", "みどりの日" },
  { "2029-05-05", "こどもの日" },
  { "2029-07-16", "海の日" },
  { "2029-08-11", "山の日" },
  { "2029-09-17", "敬老の日" },
  { "2029-09-23", "秋分の日" },
  { "2029-09-24", "振替休日" },
  { "2029-10-08", "スポーツの日" },
  { "2029-11-03", "文化の日" },
  { "2029-11-23", "勤労感謝の日" },
  { "2030-01-01", "元日" },
  { "2030-01-14", "成人の日" },
  { "2030-02-11", "建国記念の日" },
  { "2030-02-23", "天皇誕生日" },
  { "2030-03-20", "春分の日" },
  { "2030-04-29", "昭和の日" },
  { "2030-05-03", "憲法記念日" },
  { "2030-05-04", "みどりの日" },
  { "2030-05-05", "こどもの日" },
  { "2030-05-06", "振替休日" },
  { "2030-07-15", "海の日" },
  { "2030-08-11", "山の日" },
  { "2030-08-12", "振替休日" },
  { "2030-09-16", "敬老の日" },
  { "2030-09-23", "秋分の日" },
  { "2030-10-14", "スポーツの日" },
  { "2030-11-03", "文化の日" },
  { "2030-11-04", "振替休日" },
  { "2030-11-23", "勤労感謝の日" },
};

static void
date_from_text (const char *text,
                GDate *date)
{
  guint year, month, day;

  g_assert_cmpint (sscanf (text, "%4u-%2u-%2u", &year, &month, &day), ==, 3);
  g_date_clear (date, 1);
  g_date_set_dmy (date, day, month, year);
  g_assert_true (g_date_valid (date));
}

static char *
date_to_text (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date), g_date_get_day (date));
}

static GString *
expected_for_year (int year)
{
  g_autofree char *prefix = g_strdup_printf ("%d-", year);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (official); i++)
    if (g_str_has_prefix (official[i].date, prefix))
      g_string_append_printf (text, "%s %s\n", official[i].date, official[i].name);

  return text;
}

/* Compared as text, so that a failure shows both lists whole. */
static void
test_official_year (gconstpointer data)
{
  int year = GPOINTER_TO_INT (data);
  g_autoptr(GString) expected = expected_for_year (year);
  g_autoptr(GString) computed = g_string_new (NULL);
  g_autoptr(GArray) holidays = ringi_holidays_for_year (year);

  for (guint i = 0; i < holidays->len; i++)
    {
      RingiHoliday *holiday = &g_array_index (holidays, RingiHoliday, i);
      g_autofree char *date = date_to_text (&holiday->date);

      g_string_append_printf (computed, "%s %s\n", date, holiday->name);
    }

  g_assert_cmpuint (expected->len, >, 0);
  g_assert_cmpstr (computed->str, ==, expected->str);
}

static gboolean
is_official (const GDate *date,
             const char **out_name)
{
  g_autofree char *text = date_to_text (date);

  for (guint i = 0; i < G_N_ELEMENTS (official); i++)
    {
      if (g_str_equal (official[i].date, text))
        {
          *out_name = official[i].name;
          return TRUE;
        }
    }

  *out_name = NULL;
  return FALSE;
}

/* Every day of 2020–2030 through the per-day question */
static void
test_is_holiday_every_day (void)
{
  GDate date, end;
  guint n_holidays = 0;

  g_date_clear (&date, 1);
  g_date_clear (&end, 1);
  g_date_set_dmy (&date, 1, G_DATE_JANUARY, 2020);
  g_date_set_dmy (&end, 1, G_DATE_JANUARY, 2031);

  for (; g_date_compare (&date, &end) < 0; g_date_add_days (&date, 1))
    {
      const char *expected_name, *name = "unset";
      gboolean expected = is_official (&date, &expected_name);

      g_assert_cmpint (ringi_holidays_is_holiday (&date, &name), ==, expected);
      g_assert_cmpstr (name, ==, expected_name);
      n_holidays += expected;
    }

  g_assert_cmpuint (n_holidays, ==, G_N_ELEMENTS (official));
}

static void
test_named_days (void)
{
  static const Expected cases[] = {
    { "2026-09-22", "国民の休日" },
    { "2021-08-09", "振替休日" },
    { "2025-05-06", "振替休日" }, /* after みどりの日 on a Sunday, past こどもの日 */
    { "2020-07-24", "スポーツの日" },
    { "2026-02-23", "天皇誕生日" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GDate date;
      const char *name = NULL;

      date_from_text (cases[i].date, &date);
      g_assert_true (ringi_holidays_is_holiday (&date, &name));
      g_assert_cmpstr (name, ==, cases[i].name);
      g_assert_true (ringi_holidays_is_holiday (&date, NULL));
    }
}

/* A Saturday or a Sunday is a day off elsewhere, not a holiday here. */
static void
test_weekend_is_not_holiday (void)
{
  GDate date;
  const char *name = "unset";

  date_from_text ("2026-07-04", &date);
  g_assert_cmpint (g_date_get_weekday (&date), ==, G_DATE_SATURDAY);
  g_assert_false (ringi_holidays_is_holiday (&date, &name));
  g_assert_null (name);
}

static void
test_outside_range (void)
{
  g_autoptr(GArray) before = ringi_holidays_for_year (RINGI_HOLIDAYS_FIRST_YEAR - 1);
  g_autoptr(GArray) after = ringi_holidays_for_year (RINGI_HOLIDAYS_LAST_YEAR + 1);
  GDate date;

  g_assert_cmpuint (before->len, ==, 0);
  g_assert_cmpuint (after->len, ==, 0);
  g_assert_false (ringi_holidays_covers_year (2019));
  g_assert_true (ringi_holidays_covers_year (2020));
  g_assert_true (ringi_holidays_covers_year (2099));
  g_assert_false (ringi_holidays_covers_year (2100));

  date_from_text ("2019-01-01", &date);
  g_assert_false (ringi_holidays_is_holiday (&date, NULL));
}

/* The far end of the range: every year has its 16 holidays, in order,
 * each in the year it belongs to. */
static void
test_whole_range (void)
{
  for (int year = RINGI_HOLIDAYS_FIRST_YEAR; year <= RINGI_HOLIDAYS_LAST_YEAR; year++)
    {
      g_autoptr(GArray) holidays = ringi_holidays_for_year (year);
      guint n_named = 0;

      for (guint i = 0; i < holidays->len; i++)
        {
          RingiHoliday *holiday = &g_array_index (holidays, RingiHoliday, i);

          g_assert_cmpint (g_date_get_year (&holiday->date), ==, year);
          if (i > 0)
            g_assert_cmpint (g_date_compare (&g_array_index (holidays, RingiHoliday, i - 1).date, &holiday->date), <, 0);
          if (!g_str_equal (holiday->name, "振替休日") && !g_str_equal (holiday->name, "国民の休日"))
            n_named++;
        }

      g_assert_cmpuint (n_named, ==, 16);
    }
}

int
main (int argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (int year = 2020; year <= 2030; year++)
    {
      g_autofree char *path = g_strdup_printf ("/ringi/holidays/official/%d", year);

      g_test_add_data_func (path, GINT_TO_POINTER (year), test_official_year);
    }

  g_test_add_func ("/ringi/holidays/is-holiday/every-day", test_is_holiday_every_day);
  g_test_add_func ("/ringi/holidays/is-holiday/named-days", test_named_days);
  g_test_add_func ("/ringi/holidays/is-holiday/weekend", test_weekend_is_not_holiday);
  g_test_add_func ("/ringi/holidays/outside-range", test_outside_range);
  g_test_add_func ("/ringi/holidays/whole-range", test_whole_range);

  return g_test_run ();
}
