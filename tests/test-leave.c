/* test-leave.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-leave"

#include "config.h"

#include <locale.h>

#include "ringi-leave.h"
#include "ringi-sync.h"

/* The command line's words, and nothing else */
static void
test_words (void)
{
  RingiLeaveType type;
  RingiLeaveLength length;

  g_assert_true (ringi_leave_type_from_string ("annual", &type));
  g_assert_cmpint (type, ==, RINGI_LEAVE_ANNUAL);
  g_assert_true (ringi_leave_type_from_string ("special", &type));
  g_assert_cmpint (type, ==, RINGI_LEAVE_SPECIAL);
  g_assert_false (ringi_leave_type_from_string ("sick", &type));
  g_assert_false (ringi_leave_type_from_string (NULL, &type));

  g_assert_true (ringi_leave_length_from_string ("half-pm", &length));
  g_assert_cmpint (length, ==, RINGI_LEAVE_HALF_PM);
  g_assert_true (ringi_leave_length_from_string ("hours", &length));
  g_assert_cmpint (length, ==, RINGI_LEAVE_HOURS);
  g_assert_false (ringi_leave_length_from_string ("Hours", &length));
}

typedef struct
{
  RingiLeaveInput input;
  gboolean valid;
} CheckCase;

static const CheckCase check_cases[] = {
  { { "2026-12-24", NULL, RINGI_LEAVE_ANNUAL, RINGI_LEAVE_DAY, 0, NULL }, TRUE },
  { { "2026-12-24", "2026-12-28", RINGI_LEAVE_ANNUAL, RINGI_LEAVE_DAY, 0, NULL }, TRUE },
  { { "2026-12-24", "2026-12-24", RINGI_LEAVE_ANNUAL, RINGI_LEAVE_HALF_AM, 0, NULL }, TRUE },
  { { "2026-12-24", NULL, RINGI_LEAVE_ANNUAL, RINGI_LEAVE_HOURS, 2, NULL }, TRUE },
  { { "2026-12-24", NULL, RINGI_LEAVE_SPECIAL, RINGI_LEAVE_DAY, 0, "忌引" }, TRUE },
  /* not dates */
  { { "2026-02-30", NULL, RINGI_LEAVE_ANNUAL, RINGI_LEAVE_DAY, 0, NULL }, FALSE },
  { { "2026-12-24x", NULL, RINGI_LEAVE_ANNUAL, RINGI_LEAVE_DAY, 0, NULL }, FALSE },
  { { NULL, NULL, RINGI_LEAVE_ANNUAL, RINGI_LEAVE_DAY, 0, NULL }, FALSE },
  { { "2026-12-24", "12/28", RINGI_LEAVE_ANNUAL, RINGI_LEAVE_DAY, 0, NULL }, FALSE },
  /* the last day before the first */
  { { "2026-12-24", "2026-12-23", RINGI_LEAVE_ANNUAL, RINGI_LEAVE_DAY, 0, NULL }, FALSE },
  /* half days and hours are of one day */
  { { "2026-12-24", "2026-12-25", RINGI_LEAVE_ANNUAL, RINGI_LEAVE_HALF_PM, 0, NULL }, FALSE },
  { { "2026-12-24", "2026-12-25", RINGI_LEAVE_ANNUAL, RINGI_LEAVE_HOURS, 3, NULL }, FALSE },
  /* hours only by the hour, 1 to 8 */
  { { "2026-12-24", NULL, RINGI_LEAVE_ANNUAL, RINGI_LEAVE_HOURS, 0, NULL }, FALSE },
  { { "2026-12-24", NULL, RINGI_LEAVE_ANNUAL, RINGI_LEAVE_HOURS, 9, NULL }, FALSE },
  { { "2026-12-24", NULL, RINGI_LEAVE_ANNUAL, RINGI_LEAVE_DAY, 2, NULL }, FALSE },
  /* special leave says why */
  { { "2026-12-24", NULL, RINGI_LEAVE_SPECIAL, RINGI_LEAVE_DAY, 0, NULL }, FALSE },
  { { "2026-12-24", NULL, RINGI_LEAVE_SPECIAL, RINGI_LEAVE_DAY, 0, "" }, FALSE },
};

static void
test_check (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (check_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean valid = ringi_leave_input_check (&check_cases[i].input, &error);

      g_test_message ("case %u", i);
      g_assert_cmpint (valid, ==, check_cases[i].valid);
      if (valid)
        g_assert_no_error (error);
      else
        g_assert_error (error, RINGI_SYNC_ERROR, RINGI_SYNC_ERROR_INVALID);
    }
}

/* The form says the leave in words, not in the command line's. */
static void
test_form (void)
{
  RingiLeaveInput hours = { "2026-12-24", NULL, RINGI_LEAVE_ANNUAL, RINGI_LEAVE_HOURS, 2, NULL };
  RingiLeaveInput morning = { "2026-12-24", "2026-12-24", RINGI_LEAVE_SPECIAL, RINGI_LEAVE_HALF_AM, 0, "通院" };
  g_autofree char *title = ringi_leave_dup_title (&hours);
  g_auto(GStrv) lines = ringi_leave_dup_form_lines (&hours);
  g_auto(GStrv) half = ringi_leave_dup_form_lines (&morning);

  g_assert_cmpstr (title, ==, "休暇 2026-12-24");
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_cmpstr (lines[0], ==, "Period: 2026-12-24 – 2026-12-24");
  g_assert_cmpstr (lines[1], ==, "Leave: Annual leave, 2 hours");
  g_assert_cmpstr (lines[2], ==, "Reason: —");
  g_assert_cmpstr (half[1], ==, "Leave: Special leave, Half day, morning");
  g_assert_cmpstr (half[2], ==, "Reason: 通院");
}

int
main (int argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ringi/leave/words", test_words);
  g_test_add_func ("/ringi/leave/check", test_check);
  g_test_add_func ("/ringi/leave/form", test_form);

  return g_test_run ();
}
