/* test-text.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-text"

#include "config.h"

#include "ringi-attendance-rules.h"
#include "ringi-text.h"

/* A date is YYYY-MM-DD, a real day, and nothing else ISO 8601 allows. */
static void
test_parse_date (void)
{
  const struct
  {
    const char *text;
    gboolean valid;
  } cases[] = {
    { "2026-11-23", TRUE },
    { "2028-02-29", TRUE },
    { "2026-02-29", FALSE },
    { "2026-13-01", FALSE },
    { "2026-00-10", FALSE },
    { "2026-W48-1", FALSE },
    { "2026-1-023", FALSE },
    { "2026-11-23T09:00", FALSE },
    { " 2026-11-2", FALSE },
    { "2026/11/23", FALSE },
    { "", FALSE },
    { NULL, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GDate date;

      g_test_message ("%s", cases[i].text ? cases[i].text : "(null)");
      g_assert_cmpint (ringi_text_parse_date (cases[i].text, &date), ==, cases[i].valid);
      g_assert_cmpint (ringi_text_parse_date (cases[i].text, NULL), ==, cases[i].valid);
      if (cases[i].valid)
        g_assert_true (g_date_valid (&date));
    }
}

static void
test_parse_day (void)
{
  g_autoptr(GDateTime) day = ringi_attendance_parse_day ("2026-04-01");
  g_autoptr(GDateTime) bad = ringi_attendance_parse_day ("2026-04-31");

  g_assert_nonnull (day);
  g_assert_null (bad);
  g_assert_cmpint (g_date_time_get_hour (day), ==, 0);
  g_assert_cmpint (g_date_time_get_day_of_month (day), ==, 1);
  g_assert_cmpint (g_date_time_get_utc_offset (day) / G_TIME_SPAN_SECOND, ==, 9 * 60 * 60);
}

/* A uuid wrapped at a hyphen still counts; every word must be there. */
static void
test_contains_unwrapped (void)
{
  const char *words[] = { "5459aa6b-6fdb-4d70-896f-c9bb1b599e24", "aa6122a97d41", NULL };
  const char *one[] = { "aa6122a97d41", NULL };

  g_assert_true (ringi_text_contains_unwrapped ("punch: 5459aa6b-6fdb-4d70-896f-\nc9bb1b599e24\nSHA-256:\naa6122\t a97d41",
                                                words));
  g_assert_false (ringi_text_contains_unwrapped ("punch: 5459aa6b-6fdb-4d70-896f-c9bb1b599e25 aa6122a97d41", words));
  g_assert_false (ringi_text_contains_unwrapped ("aa6122\xff"
                                                 "a97d41",
                                                 one));
  g_assert_false (ringi_text_contains_unwrapped (NULL, one));
}

int
main (int argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ringi/text/parse-date", test_parse_date);
  g_test_add_func ("/ringi/text/parse-day", test_parse_day);
  g_test_add_func ("/ringi/text/contains-unwrapped", test_contains_unwrapped);

  return g_test_run ();
}
