/* test-timesheet.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-timesheet"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ringi-attendance-pdf.h"
#include "ringi-month-close.h"
#include "ringi-punch.h"
#include "ringi-test-utils.h"
#include "ringi-timesheet.h"

/* A month as a profile computes it from the punches it keeps: the
 * server's receipt time and its clock-skew flag, corrections in place of
 * what they correct, imported punches, the directory's class and time-out
 * option; the timesheet PDF read back with pdftotext; the month-close
 * record. The rules themselves are test-attendance-rules's. */

#define KEY   "90F9ECD53D50DCCBA981EE236E4B6ECCF9A4AAB7"
#define MONTH 11
#define YEAR  2026

typedef struct
{
  char *dir;
  RingiStore *store;
} Fixture;

static void
fixture_setup (Fixture *f,
               gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = ringi_test_make_tmpdir ("ringi-sheet");
  path = g_build_filename (f->dir, "profile.db", NULL);
  f->store = ringi_store_open (path, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *f,
                  gconstpointer data)
{
  g_clear_object (&f->store);
  ringi_test_remove_tree (f->dir);
  g_free (f->dir);
}

static GDateTime *
tokyo (int day,
       int hour,
       int minute)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Asia/Tokyo");

  return g_date_time_new (zone, YEAR, MONTH, day, hour, minute, 0);
}

/* Keeps a punch of sato's as the pull would; @received_after is the
 * server's receipt time less the client time, or -1 for none yet. */
static char *
put_punch_at (Fixture *f,
              RingiPunchKind kind,
              GDateTime *when,
              gint64 received_after,
              const char *corrects,
              gboolean imported)
{
  g_autofree char *uuid = g_uuid_string_random ();
  g_autoptr(RingiPunch) punch = NULL;
  g_autoptr(GBytes) signature = g_bytes_new_static ("sig", 3);
  g_autoptr(GBytes) receipt = g_bytes_new_static ("receipt", 7);
  g_autofree char *sha256 = NULL;
  g_autoptr(GError) error = NULL;
  RingiPunchFields fields = {
    .punch = uuid,
    .login = "sato",
    .signer_key = KEY,
    .kind = kind,
    .place = RINGI_PUNCH_PLACE_HOME,
    .client_time = when,
    .corrects = corrects,
    .imported = imported,
  };
  RingiStoredPunch stored = { 0 };

  punch = ringi_punch_new (&fields, &error);
  g_assert_no_error (error);
  sha256 = ringi_punch_dup_sha256 (punch);
  stored.punch = uuid;
  stored.login = (char *) "sato";
  stored.sha256 = sha256;
  stored.record = ringi_punch_to_bytes (punch);
  stored.signature = signature;
  stored.client_time = g_date_time_to_unix (when);
  stored.server_time = received_after >= 0 ? stored.client_time + received_after : 0;
  /* as the server flags it */
  stored.skewed = received_after > 300 && !imported && corrects == NULL;
  stored.receipt = received_after >= 0 ? receipt : NULL;
  stored.receipt_signature = received_after >= 0 ? signature : NULL;
  ringi_stored_punch_set_fields (&stored, punch);
  g_assert_true (ringi_store_put_punch (f->store, &stored, &error));
  g_assert_no_error (error);
  g_bytes_unref (stored.record);
  return g_steal_pointer (&uuid);
}

static char *
put_punch (Fixture *f,
           RingiPunchKind kind,
           int day,
           int hour,
           int minute,
           gint64 received_after,
           const char *corrects,
           gboolean imported)
{
  g_autoptr(GDateTime) when = tokyo (day, hour, minute);

  return put_punch_at (f, kind, when, received_after, corrects, imported);
}

static RingiTimesheet *
compute (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  RingiTimesheet *sheet = ringi_timesheet_compute (f->store, "sato", YEAR, MONTH, &error);

  g_assert_no_error (error);
  g_assert_nonnull (sheet);
  return sheet;
}

static const RingiAttendanceDay *
day_of (const RingiTimesheet *sheet,
        int mday)
{
  for (guint i = 0; i < sheet->days->len; i++)
    {
      const RingiAttendanceDay *day = &g_array_index (sheet->days, RingiAttendanceDay, i);

      if (g_date_get_day (&day->date) == mday)
        return day;
    }

  g_assert_not_reached ();
}

/* 2026-11-24 is a Tuesday, a working day. */
static void
test_skew (Fixture *f,
           gconstpointer data)
{
  g_autoptr(RingiTimesheet) sheet = NULL;

  g_free (put_punch (f, RINGI_PUNCH_CLOCK_IN, 24, 8, 30, 20, NULL, FALSE));
  g_free (put_punch (f, RINGI_PUNCH_CLOCK_OUT, 24, 17, 15, 301, NULL, FALSE));
  g_free (put_punch (f, RINGI_PUNCH_CLOCK_IN, 25, 8, 30, 300, NULL, FALSE));
  g_free (put_punch (f, RINGI_PUNCH_CLOCK_OUT, 25, 17, 15, -1, NULL, FALSE));

  sheet = compute (f);
  g_assert_cmpuint (sheet->days->len, ==, 2);
  /* received 5 min 1 s after: flagged; 5 min exactly: not */
  g_assert_cmpint (day_of (sheet, 24)->flags & RINGI_ATTENDANCE_FLAG_CLOCK_SKEW, !=, 0);
  g_assert_cmpint (day_of (sheet, 25)->flags & RINGI_ATTENDANCE_FLAG_CLOCK_SKEW, ==, 0);
  g_assert_cmpuint (sheet->n_punches, ==, 4);
  g_assert_cmpuint (sheet->n_unsynced, ==, 1);
  g_assert_cmpuint (sheet->summary.totals.days_worked, ==, 2);
  g_assert_cmpuint (sheet->summary.totals.telework_days, ==, 2);
}

static void
test_correction (Fixture *f,
                 gconstpointer data)
{
  g_autoptr(RingiTimesheet) sheet = NULL;
  g_autofree char *wrong = NULL;

  g_free (put_punch (f, RINGI_PUNCH_CLOCK_IN, 24, 8, 30, 0, NULL, FALSE));
  wrong = put_punch (f, RINGI_PUNCH_CLOCK_OUT, 24, 23, 50, 0, NULL, FALSE);
  /* The correction puts the clock-out at 17:15 instead. */
  g_free (put_punch (f, RINGI_PUNCH_CLOCK_OUT, 24, 17, 15, 86400, wrong, FALSE));

  sheet = compute (f);
  g_assert_cmpuint (sheet->n_punches, ==, 2);
  g_assert_cmpuint (day_of (sheet, 24)->work_min, ==, 465);
  g_assert_cmpuint (day_of (sheet, 24)->late_night_min, ==, 0);
  /* The correcting punch comes a day late on purpose: not a skewed clock. */
  g_assert_cmpint (day_of (sheet, 24)->flags & RINGI_ATTENDANCE_FLAG_CLOCK_SKEW, ==, 0);
}

static void
test_imported (Fixture *f,
               gconstpointer data)
{
  g_autoptr(RingiTimesheet) sheet = NULL;

  /* Imported a year later: no device clock, no skew. */
  g_free (put_punch (f, RINGI_PUNCH_CLOCK_IN, 24, 8, 30, 365 * 86400, NULL, TRUE));
  g_free (put_punch (f, RINGI_PUNCH_CLOCK_OUT, 24, 17, 15, 365 * 86400, NULL, TRUE));

  sheet = compute (f);
  g_assert_cmpint (day_of (sheet, 24)->flags & RINGI_ATTENDANCE_FLAG_CLOCK_SKEW, ==, 0);
  g_assert_cmpuint (day_of (sheet, 24)->work_min, ==, 465);
}

static void
test_rules_from_directory (Fixture *f,
                           gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  RingiAttendanceRules rules;
  RingiUser sato = {
    .login = (char *) "sato",
    .display_name = (char *) "佐藤 花子",
    .role = (char *) "staff",
    .employee_class = (char *) "high-demand",
  };

  ringi_timesheet_rules_for (f->store, "sato", &rules);
  g_assert_cmpint (rules.time_out, ==, RINGI_TIME_OUT_NOT_WORK);
  g_assert_cmpuint (rules.caps.month_limit, ==, 45 * 60);

  g_assert_true (ringi_store_put_user (f->store, &sato, &error));
  g_assert_no_error (error);
  g_assert_true (ringi_store_put_time_out (f->store, "work", &error));
  g_assert_no_error (error);
  ringi_timesheet_rules_for (f->store, "sato", &rules);
  g_assert_cmpint (rules.time_out, ==, RINGI_TIME_OUT_WORK);
  g_assert_cmpuint (rules.caps.month_limit, ==, 100 * 60);
}

static void
test_work_status (Fixture *f,
                  gconstpointer data)
{
  g_auto(RingiWorkStatus) before = { 0 };
  g_auto(RingiWorkStatus) working = { 0 };
  g_auto(RingiWorkStatus) on_break = { 0 };
  g_auto(RingiWorkStatus) off = { 0 };
  g_autoptr(GDateTime) morning = tokyo (24, 8, 0);
  g_autoptr(GDateTime) ten = tokyo (24, 10, 0);
  g_autoptr(GDateTime) noon = tokyo (24, 12, 10);
  g_autoptr(GDateTime) night = tokyo (24, 20, 0);
  g_autoptr(GError) error = NULL;

  g_free (put_punch (f, RINGI_PUNCH_CLOCK_IN, 24, 8, 30, -1, NULL, FALSE));
  g_free (put_punch (f, RINGI_PUNCH_BREAK_START, 24, 12, 0, -1, NULL, FALSE));
  g_free (put_punch (f, RINGI_PUNCH_CLOCK_OUT, 24, 17, 15, -1, NULL, FALSE));

  g_assert_true (ringi_timesheet_get_work_status (f->store, "sato", morning, &before, &error));
  g_assert_no_error (error);
  g_assert_cmpint (before.state, ==, RINGI_WORK_STATE_OFF);
  g_assert_null (before.since);

  g_assert_true (ringi_timesheet_get_work_status (f->store, "sato", ten, &working, &error));
  g_assert_cmpint (working.state, ==, RINGI_WORK_STATE_WORKING);
  g_assert_cmpint (working.place, ==, RINGI_PUNCH_PLACE_HOME);
  g_assert_cmpint (g_date_time_get_hour (working.since), ==, 8);

  g_assert_true (ringi_timesheet_get_work_status (f->store, "sato", noon, &on_break, &error));
  g_assert_cmpint (on_break.state, ==, RINGI_WORK_STATE_BREAK);

  g_assert_true (ringi_timesheet_get_work_status (f->store, "sato", night, &off, &error));
  g_assert_cmpint (off.state, ==, RINGI_WORK_STATE_OFF);
  g_assert_nonnull (off.since);
}

/* The month each punch belongs to, for closing and locking: the month of
 * its shift's day, whichever way it is asked (one punch, or a month's
 * list). A punch is written "MM-DD HH:MM kind month", optionally followed
 * by "corrects N" (the index of the punch it replaces), in 2026 but for
 * month 13, which is January 2027. */
typedef struct
{
  const char *name;
  const char *punches[8];
} MonthCase;

static const MonthCase month_cases[] = {
  { "shift into the next month",
    { "11-30 22:00 clock-in 2026-11", "12-01 02:00 clock-out 2026-11" } },
  { "shift from the month before",
    { "10-31 23:00 clock-in 2026-10", "11-01 01:00 clock-out 2026-10", "11-01 09:00 clock-in 2026-11" } },
  { "stray clock-out on the first",
    { "11-30 09:00 clock-in 2026-11", "11-30 18:00 clock-out 2026-11", "12-01 02:00 clock-out 2026-12" } },
  { "break after midnight",
    { "11-30 20:00 clock-in 2026-11", "12-01 00:30 break-start 2026-11", "12-01 01:00 break-end 2026-11",
      "12-01 04:00 clock-out 2026-11", "12-01 08:30 clock-in 2026-12", "12-01 17:15 clock-out 2026-12" } },
  { "corrected clock-out after midnight",
    { "11-30 22:00 clock-in 2026-11", "12-01 02:00 clock-out 2026-11", "12-01 03:00 clock-out 2026-11 corrects 1" } },
  { "shift into the next year",
    { "12-31 22:00 clock-in 2026-12", "13-01 02:00 clock-out 2026-12", "13-01 09:00 clock-in 2027-01" } },
};

static GPtrArray *
list_from_store (gpointer user_data,
                 const char *login,
                 gint64 from,
                 gint64 until,
                 GError **error)
{
  return ringi_store_list_punches (user_data, login, from, until, error);
}

static void
parse_month (const char *text,
             int *out_year,
             int *out_month)
{
  g_assert_true (ringi_timesheet_parse_month (text, out_year, out_month));
}

/* A clock-in arriving late takes the next month's first clock-out back
 * into its own month: both months are touched. */
static void
test_months_moved (Fixture *f,
                   gconstpointer data)
{
  g_autoptr(GDateTime) out = g_date_time_new (ringi_attendance_get_time_zone (), 2026, 4, 1, 2, 0, 0);
  g_autoptr(GDateTime) in = g_date_time_new (ringi_attendance_get_time_zone (), 2026, 3, 31, 22, 0, 0);
  g_autoptr(GDateTime) morning = g_date_time_new (ringi_attendance_get_time_zone (), 2026, 4, 1, 8, 30, 0);
  g_autofree char *out_uuid = put_punch_at (f, RINGI_PUNCH_CLOCK_OUT, out, 0, NULL, FALSE);
  RingiStoredPunch late = {
    .punch = (char *) "0c9d8e7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f",
    .login = (char *) "sato",
    .kind = RINGI_PUNCH_CLOCK_IN,
    .place = RINGI_PUNCH_PLACE_HOME,
    .client_time = g_date_time_to_unix (in),
  };
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) months = NULL;

  months = ringi_timesheet_months_of_punch (list_from_store, f->store, &late, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (months), ==, 2);
  g_assert_cmpstr (months[0], ==, "2026-03");
  g_assert_cmpstr (months[1], ==, "2026-04");
  g_clear_pointer (&months, g_strfreev);

  /* A clock-in the next morning moves nothing. */
  late.client_time = g_date_time_to_unix (morning);
  months = ringi_timesheet_months_of_punch (list_from_store, f->store, &late, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (months), ==, 1);
  g_assert_cmpstr (months[0], ==, "2026-04");
}

static void
test_month_case (Fixture *f,
                 gconstpointer data)
{
  const MonthCase *c = data;
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) months = g_ptr_array_new_with_free_func (g_free);
  const char *asked[] = { "2026-10", "2026-11", "2026-12", "2027-01" };

  for (guint i = 0; c->punches[i] != NULL; i++)
    {
      g_auto(GStrv) words = g_strsplit (c->punches[i], " ", -1);
      int month, day, hour, minute;
      RingiPunchKind kind;
      g_autoptr(GDateTime) when = NULL;
      const char *corrects = NULL;

      g_assert_cmpint (sscanf (words[0], "%d-%d", &month, &day), ==, 2);
      g_assert_cmpint (sscanf (words[1], "%d:%d", &hour, &minute), ==, 2);
      g_assert_true (ringi_punch_kind_from_string (words[2], &kind));
      if (words[4] != NULL)
        corrects = g_ptr_array_index (uuids, g_ascii_strtoull (words[5], NULL, 10));
      when = g_date_time_new (ringi_attendance_get_time_zone (), month > 12 ? 2027 : 2026, (month - 1) % 12 + 1, day,
                              hour, minute, 0);
      g_ptr_array_add (uuids, put_punch_at (f, kind, when, 0, corrects, FALSE));
      g_ptr_array_add (months, g_strdup (words[3]));
    }

  /* One punch at a time, as the server locks it */
  for (guint i = 0; i < uuids->len; i++)
    {
      g_autoptr(GPtrArray) all = ringi_store_list_punches (f->store, "sato", 0, G_MAXINT64, NULL);
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) month = NULL;

      for (guint j = 0; j < all->len; j++)
        {
          RingiStoredPunch *stored = g_ptr_array_index (all, j);

          if (!g_str_equal (stored->punch, g_ptr_array_index (uuids, i)))
            continue;
          month = ringi_timesheet_months_of_punch (list_from_store, f->store, stored, &error);
          g_assert_no_error (error);
        }
      /* a punch kept already moves no other */
      g_assert_cmpuint (g_strv_length (month), ==, 1);
      g_assert_cmpstr (month[0], ==, g_ptr_array_index (months, i));
    }

  /* A month's list, as the close signs it and the server checks it */
  for (guint m = 0; m < G_N_ELEMENTS (asked); m++)
    {
      g_autoptr(GPtrArray) listed = NULL;
      g_autoptr(GError) error = NULL;
      guint expected = 0;
      int year, month;

      parse_month (asked[m], &year, &month);
      listed = ringi_timesheet_list_month_punches (list_from_store, f->store, "sato", year, month, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < uuids->len; i++)
        {
          gboolean found = FALSE;

          for (guint j = 0; j < listed->len; j++)
            found |= g_str_equal (((RingiStoredPunch *) g_ptr_array_index (listed, j))->punch, g_ptr_array_index (uuids, i));
          g_assert_cmpint (found, ==, g_str_equal (g_ptr_array_index (months, i), asked[m]));
          expected += found ? 1 : 0;
        }
      g_assert_cmpuint (listed->len, ==, expected);
    }
}

static void
test_parse_month (void)
{
  const char *good[] = { "2026-11", "1999-01", "2030-12" };
  const char *bad[] = { "2026-13", "2026-00", "2026-1", "26-11", "2026/11", "2026-11-01", "", "abcd-ef" };
  int year, month;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    g_assert_true (ringi_timesheet_parse_month (good[i], &year, &month));
  g_assert_true (ringi_timesheet_parse_month ("2026-11", &year, &month));
  g_assert_cmpint (year, ==, 2026);
  g_assert_cmpint (month, ==, 11);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("bad: “%s”", bad[i]);
      g_assert_false (ringi_timesheet_parse_month (bad[i], &year, &month));
    }
}

static char *
pdf_to_text (Fixture *f,
             GBytes *pdf)
{
  g_autofree char *path = g_build_filename (f->dir, "sheet.pdf", NULL);
  const char *argv[] = { "pdftotext", "-layout", path, "-", NULL };
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), &error));
  g_assert_no_error (error);
  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (process));
  return out;
}

static void
test_pdf (Fixture *f,
          gconstpointer data)
{
  g_autoptr(RingiTimesheet) sheet = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GBytes) form = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *lines[] = { "期間: 2026-12-01", "理由: 通院", NULL };

  g_free (put_punch (f, RINGI_PUNCH_CLOCK_IN, 24, 8, 30, 0, NULL, FALSE));
  g_free (put_punch (f, RINGI_PUNCH_CLOCK_OUT, 24, 19, 45, 0, NULL, FALSE));
  sheet = compute (f);

  pdf = ringi_attendance_pdf_timesheet (sheet, "佐藤 花子", &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (pdf, NULL), 5, "%PDF-", 5);
  text = pdf_to_text (f, pdf);
  ringi_test_assert_contains (text, "2026-11");
  ringi_test_assert_contains (text, "佐藤 花子");
  ringi_test_assert_contains (text, "08:30");
  ringi_test_assert_contains (text, "19:45");
  ringi_test_assert_contains (text, "2:30"); /* overtime beyond 17:15 */
  /* the place in words, not the record's word */
  ringi_test_assert_contains (text, "Home");

  form = ringi_attendance_pdf_form ("休暇申請", lines, &error);
  g_assert_no_error (error);
  g_free (text);
  text = pdf_to_text (f, form);
  ringi_test_assert_contains (text, "休暇申請");
  ringi_test_assert_contains (text, "理由: 通院");
}

static const char *const example_close =
  "Ringi-Month-Close: 1\n"
  "Login: sato\n"
  "Signer-Key: " KEY "\n"
  "Month: 2026-11\n"
  "Request: 3f0c2a9e-5b7d-4c1e-9a8f-0d1e2f3a4b5c\n"
  "Time: 2026-11-30T18:02:11+09:00\n"
  "Punches: 2\n"
  "Punch-SHA256: 6c552bb40d3468bcda1ffb5635f1c05ea0bffb323e792a0c4454c76e5acaa30b\n"
  "Punch-SHA256: aa6122a97d41358dca4b9d84e19bc513b578f188f640ae1bd33d15db22423997\n";

static void
test_month_close_record (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (example_close, strlen (example_close));
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiMonthClose) parsed = ringi_month_close_parse (bytes, &error);
  g_autoptr(RingiMonthClose) made = NULL;
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GDateTime) time = NULL;
  const char *const *punches;

  g_assert_no_error (error);
  g_assert_cmpstr (ringi_month_close_get_login (parsed), ==, "sato");
  g_assert_cmpstr (ringi_month_close_get_month (parsed), ==, "2026-11");
  g_assert_cmpstr (ringi_month_close_get_request (parsed), ==, "3f0c2a9e-5b7d-4c1e-9a8f-0d1e2f3a4b5c");
  punches = ringi_month_close_get_punches (parsed);
  g_assert_cmpuint (g_strv_length ((GStrv) punches), ==, 2);

  /* Written from its fields, the record is the same bytes. */
  time = g_date_time_new_from_iso8601 ("2026-11-30T18:02:11+09:00", NULL);
  {
    RingiMonthCloseFields fields = {
      .login = "sato",
      .signer_key = KEY,
      .year = 2026,
      .month = 11,
      .request = "3f0c2a9e-5b7d-4c1e-9a8f-0d1e2f3a4b5c",
      .time = time,
      .punches = punches,
    };

    made = ringi_month_close_new (&fields, &error);
  }
  g_assert_no_error (error);
  written = ringi_month_close_to_bytes (made);
  g_assert_true (g_bytes_equal (written, bytes));
}

static void
test_month_close_malformed (void)
{
  const struct
  {
    const char *from;
    const char *to;
  } cases[] = {
    { "Month: 2026-11", "Month: 2026-13" },
    { "Month: 2026-11", "Month: 2026-1" },
    { "Punches: 2", "Punches: 3" },
    { "Punches: 2", "Punches: 1" },
    { "Punches: 2", "Punches: two" },
    { "Login: sato", "Login: Sato" },
    { "Request: 3f0c", "Request: zzzz" },
    { "Punch-SHA256: 6c55", "Punch-SHA256: 6C55" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) text = g_string_new (example_close);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(RingiMonthClose) close = NULL;

      g_test_message ("case %u: %s → %s", i, cases[i].from, cases[i].to);
      g_assert_cmpuint (g_string_replace (text, cases[i].from, cases[i].to, 1), ==, 1);
      bytes = g_bytes_new (text->str, text->len);
      close = ringi_month_close_parse (bytes, &error);
      g_assert_null (close);
      g_assert_error (error, RINGI_MONTH_CLOSE_ERROR, RINGI_MONTH_CLOSE_ERROR_MALFORMED);
    }
}

int
main (int argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/ringi/timesheet/clock-skew", test_skew);
  ADD ("/ringi/timesheet/correction", test_correction);
  ADD ("/ringi/timesheet/imported", test_imported);
  ADD ("/ringi/timesheet/rules-from-directory", test_rules_from_directory);
  ADD ("/ringi/timesheet/pdf", test_pdf);
  ADD ("/ringi/timesheet/work-status", test_work_status);
  for (guint i = 0; i < G_N_ELEMENTS (month_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ringi/timesheet/month-of-punch/%s", month_cases[i].name);

      g_strdelimit (path, " ", '-');
      g_test_add (path, Fixture, &month_cases[i], fixture_setup, test_month_case, fixture_teardown);
    }
  ADD ("/ringi/timesheet/months-moved", test_months_moved);
#undef ADD
  g_test_add_func ("/ringi/timesheet/parse-month", test_parse_month);
  g_test_add_func ("/ringi/month-close/record", test_month_close_record);
  g_test_add_func ("/ringi/month-close/malformed", test_month_close_malformed);

  return g_test_run ();
}
