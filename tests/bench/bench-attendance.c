/* bench-attendance.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The attendance computation of issue 6's benchmark: the monthly report
 * for 1,000 staff from one month of generated punches, and the yearly cap
 * evaluation for 1,000 staff over 12 months, first as the core computation
 * alone, then from the server's store, both for 1,000 staff (`RingiSqliteStorage`), through the
 * same `RingiTimesheet` as `ringi-server attendance report`: reading the
 * punch records, parsing them, the months the caps need. Generating and
 * storing the punches is not timed.
 */

#define G_LOG_DOMAIN "bench-attendance"

#include "config.h"

#include <string.h>

#include "ringi-attendance-rules.h"
#include "ringi-fs.h"
#include "ringi-punch.h"
#include "ringi-server-attendance.h"
#include "ringi-sqlite-storage.h"
#include "ringi-timesheet.h"

#define N_STAFF    1000
#define N_MONTHS   12
#define N_ROUNDS   5
#define FIRST_YEAR 2026
/* a fiscal year, April to March */
#define FIRST_MONTH 4

typedef struct
{
  GArray *punches; /* RingiAttendancePunch */
  GRand *rand;
  RingiPunchPlace place;
} Staff;

static void
punch_clear (gpointer data)
{
  RingiAttendancePunch *punch = data;

  g_clear_pointer (&punch->time, g_date_time_unref);
  g_clear_pointer (&punch->received, g_date_time_unref);
}

/* @minute counts from the day's midnight and may pass the next one. */
static void
add_punch (Staff *staff,
           GDateTime *midnight,
           guint minute,
           RingiPunchKind kind)
{
  RingiAttendancePunch punch = {
    .kind = kind,
    .place = staff->place,
    .time = g_date_time_add_seconds (midnight, minute * 60.0 + g_rand_int_range (staff->rand, 0, 60)),
  };
  /* most punches reach the server within seconds, a few much later */
  int delay = g_rand_int_range (staff->rand, 0, 100) == 0 ? 600 : g_rand_int_range (staff->rand, 1, 20);

  punch.received = g_date_time_add_seconds (punch.time, delay);
  g_array_append_val (staff->punches, punch);
}

static RingiPunchPlace
pick_place (GRand *rand)
{
  int roll = g_rand_int_range (rand, 0, 100);

  if (roll < 40)
    return RINGI_PUNCH_PLACE_HOME;
  if (roll < 90)
    return RINGI_PUNCH_PLACE_OFFICE;
  return roll < 95 ? RINGI_PUNCH_PLACE_SATELLITE : RINGI_PUNCH_PLACE_TRIP;
}

static void
add_working_day (Staff *staff,
                 GDateTime *midnight,
                 guint max_overtime)
{
  guint start = 8 * 60 + g_rand_int_range (staff->rand, 0, 60);
  guint end = 17 * 60 + 15 + g_rand_int_range (staff->rand, 0, max_overtime);

  staff->place = pick_place (staff->rand);
  add_punch (staff, midnight, start, RINGI_PUNCH_CLOCK_IN);
  if (g_rand_int_range (staff->rand, 0, 100) < 85)
    {
      add_punch (staff, midnight, 12 * 60, RINGI_PUNCH_BREAK_START);
      add_punch (staff, midnight, 12 * 60 + 45 + g_rand_int_range (staff->rand, 0, 15), RINGI_PUNCH_BREAK_END);
    }
  if (staff->place == RINGI_PUNCH_PLACE_HOME && g_rand_int_range (staff->rand, 0, 100) < 20)
    {
      add_punch (staff, midnight, 15 * 60, RINGI_PUNCH_OUT);
      add_punch (staff, midnight, 15 * 60 + 30, RINGI_PUNCH_IN);
    }
  /* now and then a clock-out is forgotten */
  if (g_rand_int_range (staff->rand, 0, 200) > 0)
    add_punch (staff, midnight, end, RINGI_PUNCH_CLOCK_OUT);
}

static void
add_day_off_work (Staff *staff,
                  GDateTime *midnight)
{
  staff->place = pick_place (staff->rand);
  add_punch (staff, midnight, 9 * 60, RINGI_PUNCH_CLOCK_IN);
  add_punch (staff, midnight, 13 * 60 + g_rand_int_range (staff->rand, 0, 240), RINGI_PUNCH_CLOCK_OUT);
}

/* Punches from @from to @until: most working days worked, some late
 * nights, some work on days off; one in ten staff much busier. */
static void
generate (Staff *staff,
          const RingiAttendanceRules *rules,
          guint index,
          GDateTime *from,
          GDateTime *until)
{
  guint max_overtime = index % 10 == 0 ? 360 : 150;
  g_autoptr(GDateTime) day = g_date_time_ref (from);

  staff->rand = g_rand_new_with_seed (index + 1);
  staff->punches = g_array_new (FALSE, TRUE, sizeof (RingiAttendancePunch));
  g_array_set_clear_func (staff->punches, punch_clear);

  while (g_date_time_compare (day, until) < 0)
    {
      GDate date;
      GDateTime *next;
      int year, month, mday;

      g_date_time_get_ymd (day, &year, &month, &mday);
      g_date_clear (&date, 1);
      g_date_set_dmy (&date, mday, month, year);

      if (!ringi_attendance_rules_is_day_off (rules, &date, NULL))
        {
          if (g_rand_int_range (staff->rand, 0, 100) < 95)
            add_working_day (staff, day, max_overtime);
        }
      else if (g_rand_int_range (staff->rand, 0, 100) < 8)
        add_day_off_work (staff, day);

      next = g_date_time_add_days (day, 1);
      g_date_time_unref (day);
      day = next;
    }
}

static void
staff_clear (Staff *staff)
{
  g_clear_pointer (&staff->punches, g_array_unref);
  g_clear_pointer (&staff->rand, g_rand_free);
}

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* One run of the monthly report: every person's days, month and row. */
static double
run_monthly_report (const RingiAttendanceRules *rules,
                    Staff *staff,
                    gsize *out_bytes)
{
  gint64 start = g_get_monotonic_time ();
  gsize bytes = 0;

  for (guint i = 0; i < N_STAFF; i++)
    {
      g_autoptr(GArray) days = ringi_attendance_compute_days (rules, (RingiAttendancePunch *) staff[i].punches->data,
                                                               staff[i].punches->len);
      g_autofree char *login = g_strdup_printf ("staff%04u", i);
      g_autofree char *line = NULL;
      RingiAttendanceMonth month;

      ringi_attendance_summarize_month (days, FIRST_YEAR, FIRST_MONTH, &month);
      line = ringi_attendance_format_csv_line (login, &month, NULL);
      bytes += strlen (line) + 1;
    }

  *out_bytes = bytes;
  return ms_since (start);
}

static void
bench_monthly_report (const RingiAttendanceRules *rules)
{
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) until = NULL;
  Staff *staff = g_new0 (Staff, N_STAFF);
  guint n_punches = 0;
  double best = G_MAXDOUBLE;
  gsize bytes = 0;

  ringi_attendance_month_punch_range (FIRST_YEAR, FIRST_MONTH, &from, &until);
  for (guint i = 0; i < N_STAFF; i++)
    {
      generate (&staff[i], rules, i, from, until);
      n_punches += staff[i].punches->len;
    }

  for (guint round = 0; round < N_ROUNDS; round++)
    best = MIN (best, run_monthly_report (rules, staff, &bytes));

  g_print ("bench-attendance: monthly report, %u staff x 1 month (%u punches, %lu bytes of CSV): "
           "%.1f ms, best of %u (goal <= 200 ms)\n",
           N_STAFF, n_punches, (gulong) bytes, best, N_ROUNDS);

  for (guint i = 0; i < N_STAFF; i++)
    staff_clear (&staff[i]);
  g_free (staff);
}

static void
year_range (GDateTime **out_from,
            GDateTime **out_until)
{
  g_autoptr(GDateTime) unused_until = NULL;
  g_autoptr(GDateTime) unused_from = NULL;

  ringi_attendance_month_punch_range (FIRST_YEAR, FIRST_MONTH, out_from, &unused_until);
  ringi_attendance_month_punch_range (FIRST_YEAR + 1, FIRST_MONTH - 1, &unused_from, out_until);
}

/* Days of one person's year, then the twelve months; the person's
 * punches are generated outside the timing, one person at a time, so that
 * a year of 1,000 staff never sits in memory at once. */
static double
person_months (const RingiAttendanceRules *rules,
               guint index,
               GDateTime *from,
               GDateTime *until,
               RingiAttendanceMonth *months,
               guint *n_punches)
{
  Staff staff = { 0 };
  g_autoptr(GArray) days = NULL;
  gint64 start;
  double ms;

  generate (&staff, rules, index, from, until);
  *n_punches += staff.punches->len;

  start = g_get_monotonic_time ();
  days = ringi_attendance_compute_days (rules, (RingiAttendancePunch *) staff.punches->data, staff.punches->len);
  for (guint m = 0; m < N_MONTHS; m++)
    {
      int month = (FIRST_MONTH - 1 + m) % 12 + 1;
      int year = FIRST_YEAR + (FIRST_MONTH - 1 + m) / 12;

      ringi_attendance_summarize_month (days, year, month, &months[m]);
    }
  ms = ms_since (start);

  staff_clear (&staff);
  return ms;
}

static void
bench_yearly_caps (void)
{
  RingiAttendanceRules general, high_demand;
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) until = NULL;
  RingiAttendanceMonth *months = g_new0 (RingiAttendanceMonth, N_STAFF * N_MONTHS);
  double months_ms = 0, caps_ms = G_MAXDOUBLE;
  guint n_punches = 0, n_alerts = 0;

  ringi_attendance_rules_init (&general, RINGI_ATTENDANCE_CLASS_GENERAL);
  ringi_attendance_rules_init (&high_demand, RINGI_ATTENDANCE_CLASS_HIGH_DEMAND);
  year_range (&from, &until);

  for (guint i = 0; i < N_STAFF; i++)
    months_ms += person_months (i % 10 == 0 ? &high_demand : &general, i, from, until, &months[i * N_MONTHS], &n_punches);

  for (guint round = 0; round < N_ROUNDS; round++)
    {
      gint64 start = g_get_monotonic_time ();

      n_alerts = 0;
      for (guint i = 0; i < N_STAFF; i++)
        {
          const RingiAttendanceRules *rules = i % 10 == 0 ? &high_demand : &general;
          g_autoptr(GArray) alerts = ringi_attendance_check_caps (&rules->caps, &months[i * N_MONTHS], N_MONTHS, 0);

          n_alerts += alerts->len;
        }
      caps_ms = MIN (caps_ms, ms_since (start));
    }

  g_print ("bench-attendance: yearly caps, %u staff x %u months from their month totals: "
           "%.2f ms, best of %u, %u alerts (goal <= 1 s)\n",
           N_STAFF, N_MONTHS, caps_ms, N_ROUNDS, n_alerts);
  g_print ("bench-attendance: yearly caps, %u staff x %u months from their punches (%u punches): "
           "%.1f ms (goal <= 1 s)\n",
           N_STAFF, N_MONTHS, n_punches, months_ms + caps_ms);

  g_free (months);
}

/* From the server store */

#define STORE_KEY "90F9ECD53D50DCCBA981EE236E4B6ECCF9A4AAB7"

static void
store_staff (RingiServerStorage *storage,
             guint index,
             Staff *staff)
{
  g_autofree char *login = g_strdup_printf ("staff%04u", index);
  g_autoptr(GBytes) signature = g_bytes_new_static ("signature", 9);
  g_autoptr(GError) error = NULL;
  RingiUser user = { .login = login, .display_name = login, .seal_name = login, .department = (char *) "総務課" };

  g_assert_true (ringi_server_storage_add_user (storage, &user, 0, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < staff->punches->len; i++)
    {
      RingiAttendancePunch *p = &g_array_index (staff->punches, RingiAttendancePunch, i);
      g_autofree char *uuid = g_uuid_string_random ();
      g_autoptr(RingiPunch) punch = NULL;
      g_autoptr(GBytes) record = NULL;
      g_autofree char *sha256 = NULL;
      RingiPunchFields fields = { uuid, login, STORE_KEY, p->kind, p->place, p->time, NULL, NULL, FALSE };
      RingiStoredPunch stored = { 0 };

      punch = ringi_punch_new (&fields, &error);
      g_assert_no_error (error);
      record = ringi_punch_to_bytes (punch);
      sha256 = ringi_punch_dup_sha256 (punch);
      stored = (RingiStoredPunch){
        .punch = uuid,
        .login = login,
        .sha256 = sha256,
        .record = record,
        .signature = signature,
        .client_time = g_date_time_to_unix (p->time),
        .server_time = g_date_time_to_unix (p->received),
        .receipt = signature,
        .receipt_signature = signature,
      };
      ringi_stored_punch_set_fields (&stored, punch);
      g_assert_cmpint (ringi_server_storage_add_punch (storage, &stored, "{}", &error), >, 0);
      g_assert_no_error (error);
    }
}

/* A server store with @n_staff people and their punches from @from to
 * @until, in one transaction. */
static RingiServerStorage *
fill_store (const char *dir,
            const RingiAttendanceRules *rules,
            guint n_staff,
            GDateTime *from,
            GDateTime *until,
            guint *out_punches)
{
  g_autofree char *path = g_build_filename (dir, "server.db", NULL);
  g_autoptr(GError) error = NULL;
  RingiServerStorage *storage = RINGI_SERVER_STORAGE (ringi_sqlite_storage_open (path, &error));

  g_assert_no_error (error);
  g_assert_true (ringi_server_storage_begin (storage, &error));
  *out_punches = 0;
  for (guint i = 0; i < n_staff; i++)
    {
      Staff staff = { 0 };

      generate (&staff, rules, i, from, until);
      *out_punches += staff.punches->len;
      store_staff (storage, i, &staff);
      staff_clear (&staff);
    }
  g_assert_true (ringi_server_storage_commit (storage, &error));
  g_assert_no_error (error);

  /* Opened again, as a server that has run a while finds it: the
   * write-ahead log checkpointed into the database. */
  g_clear_object (&storage);
  storage = RINGI_SERVER_STORAGE (ringi_sqlite_storage_open (path, &error));
  g_assert_no_error (error);
  return storage;
}

/* The report's rows for every person for one month, as the server
 * computes them: the month and the caps of its fiscal year so far. */
static double
run_store_report (RingiServerStorage *storage,
                  const RingiAttendanceRules *rules,
                  guint n_staff,
                  int year,
                  int month,
                  guint *out_alerts)
{
  gint64 start = g_get_monotonic_time ();

  *out_alerts = 0;
  for (guint i = 0; i < n_staff; i++)
    {
      g_autofree char *login = g_strdup_printf ("staff%04u", i);
      g_autoptr(GError) error = NULL;
      g_autoptr(RingiTimesheet) sheet = ringi_server_attendance_compute_timesheet (storage, login, rules, year, month,
                                                                                    &error);
      g_autofree char *line = NULL;

      g_assert_no_error (error);
      line = ringi_attendance_format_csv_line (login, &sheet->summary, sheet->alerts);
      *out_alerts += sheet->alerts->len;
    }

  return ms_since (start);
}

static void
bench_store (const RingiAttendanceRules *rules,
             guint n_staff,
             int last_year,
             int last_month,
             const char *what,
             const char *goal)
{
  g_autofree char *dir = g_dir_make_tmp ("bench-attendance-XXXXXX", NULL);
  g_autoptr(RingiServerStorage) storage = NULL;
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) until = NULL;
  g_autoptr(GDateTime) unused_from = NULL;
  g_autoptr(GDateTime) unused_until = NULL;
  double best = G_MAXDOUBLE;
  guint n_punches = 0, n_alerts = 0;
  gint64 start = g_get_monotonic_time ();
  double fill_s;

  ringi_attendance_month_punch_range (FIRST_YEAR, FIRST_MONTH, &from, &unused_until);
  ringi_attendance_month_punch_range (last_year, last_month, &unused_from, &until);
  storage = fill_store (dir, rules, n_staff, from, until, &n_punches);
  fill_s = ms_since (start) / 1000.0;

  for (guint round = 0; round < N_ROUNDS; round++)
    best = MIN (best, run_store_report (storage, rules, n_staff, last_year, last_month, &n_alerts));

  g_print ("bench-attendance: %s from the server store, %u staff (%u punches stored in %.0f s), %u alerts: "
           "%.1f ms, best of %u (goal %s)\n",
           what, n_staff, n_punches, fill_s, n_alerts, best, N_ROUNDS, goal);

  g_clear_object (&storage);
  ringi_fs_remove_tree (dir);
}

int
main (void)
{
  RingiAttendanceRules rules;

  ringi_attendance_rules_init (&rules, RINGI_ATTENDANCE_CLASS_GENERAL);

  g_print ("bench-attendance: core computation (punches generated in memory)\n");
  bench_monthly_report (&rules);
  bench_yearly_caps ();
  bench_store (&rules, N_STAFF, FIRST_YEAR, FIRST_MONTH, "monthly report (1 month, caps of the fiscal year)",
               "<= 200 ms");
  /* The yearly cap evaluation: the report of the fiscal year's last
   * month reads every month of it for the caps. A year of 1,000 staff is
   * about a million punches to generate and store first, in one
   * transaction. */
  bench_store (&rules, N_STAFF, FIRST_YEAR + 1, FIRST_MONTH - 1,
               "yearly caps (the year's last month: 12 months of punches, caps)", "<= 1 s");
  return 0;
}
