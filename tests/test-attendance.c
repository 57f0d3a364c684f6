/* test-attendance.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-attendance"

#include "config.h"

#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>

#include "ringi-attendance-pdf.h"
#include "ringi-attendance-rules.h"
#include "ringi-month-close.h"
#include "ringi-store.h"
#include "ringi-sync-private.h"
#include "ringi-test-cli.h"
#include "ringi-test-server.h"
#include "ringi-test-utils.h"

#define PIN "8642"

/* Attendance end to end: `ringi-cli punch`, `sync` and `timesheet`
 * against the real ringi-server process over TLS, with real GnuPG homes:
 * punches made offline and sent later with their receipts, and who sees
 * whose punches. */

typedef struct
{
  const char *login;
  const char *role;
  const char *manager;
} Person;

/* the manager first: `--manager` names an existing user */
static const Person people[] = {
  { "tanaka", "manager", NULL },
  { "sato", "staff", "tanaka" },
  { "yamada", "staff", NULL },
  { "suzuki", "manager", NULL },
};

static const char *const categories[] = { "勤務月報", "打刻修正", "休暇" };

typedef struct
{
  char *dir;
  char *data;
  char *ca_file;
  GHashTable *codes; /* login → enrollment code */
  RingiTestServer *server;
} Fixture;

static char *
add_user (Fixture *f,
          const Person *person)
{
  g_autoptr(RingiTestRun) run = NULL;
  g_autoptr(GRegex) regex = g_regex_new ("^Enrollment code for [^:]+: (\\S+)$", G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  const char *args[] = { "user", "add", "--data", f->data, person->login, "--name=試験 太郎", "--seal-name=試験",
                         "--dept=総務課", "--role", person->role, person->manager ? "--manager" : NULL,
                         person->manager, NULL };

  run = ringi_test_server_runv (args);
  g_assert_cmpstr (run->err, ==, "");
  g_assert_cmpint (run->status, ==, 0);
  g_assert_true (g_regex_match (regex, run->out, 0, &match));
  return g_match_info_fetch (match, 1);
}

static void
fixture_setup (Fixture *f,
               gconstpointer data)
{
  f->dir = ringi_test_make_tmpdir ("ratt");
  f->data = g_build_filename (f->dir, "data", NULL);
  f->ca_file = g_build_filename (f->data, "tls", "ca.pem", NULL);
  f->codes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  ringi_test_server_init_copy (f->data);

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    g_hash_table_insert (f->codes, (gpointer) people[i].login, add_user (f, &people[i]));

  /* Every attendance request goes to the manager. */
  for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
    {
      g_autoptr(RingiTestRun) route = ringi_test_server_run ("route", "add", "--data", f->data, "--category", categories[i],
                                                              "--route", "final=tanaka", NULL);

      g_assert_cmpint (route->status, ==, 0);
    }

  f->server = ringi_test_server_start (f->data);
}

static char *
profile_of (Fixture *f,
            const char *login)
{
  return g_build_filename (f->dir, login, NULL);
}

static void
fixture_teardown (Fixture *f,
                  gconstpointer data)
{
  if (f->server != NULL)
    g_assert_cmpint (ringi_test_server_stop (f->server), ==, 0);
  g_clear_pointer (&f->server, ringi_test_server_free);

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      g_autofree char *profile = profile_of (f, people[i].login);
      g_autofree char *home = g_build_filename (profile, "gnupg", NULL);
      const char *argv[] = { "gpgconf", "--homedir", home, "--kill", "all", NULL };

      if (g_file_test (home, G_FILE_TEST_IS_DIR))
        g_spawn_sync (NULL, (char **) argv, NULL,
                      G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                      NULL, NULL, NULL, NULL, NULL, NULL);
    }

  g_hash_table_unref (f->codes);
  ringi_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->data);
  g_free (f->ca_file);
}

/* ringi-cli ARGS… --profile DIR/LOGIN, with the PIN */
static void
cli (Fixture *f,
     RingiCliRun *run,
     const char *login,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  va_list args;
  const char *arg;

  va_start (args, login);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, g_strdup ("--profile"));
  g_ptr_array_add (argv, profile_of (f, login));
  g_ptr_array_add (argv, NULL);
  ringi_test_cli_runv (run, (const char *const *) argv->pdata, PIN);
}

static void
enroll (Fixture *f,
        const char *login)
{
  g_auto(RingiCliRun) run = { 0 };
  g_autofree char *profile = profile_of (f, login);
  g_autofree char *home = g_build_filename (profile, "gnupg", NULL);

  g_assert_cmpint (g_mkdir_with_parents (home, 0700), ==, 0);
  ringi_test_write_fast_agent_conf (home);
  cli (f, &run, login, "enroll", "--server", ringi_test_server_get_url (f->server), "--ca", f->ca_file,
       "--login", login, "--code", g_hash_table_lookup (f->codes, login), NULL);
  ringi_test_cli_assert_ok (&run);
}

static void
enroll_everyone (Fixture *f)
{
  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    enroll (f, people[i].login);
}

static void
sync_ok (Fixture *f,
         const char *login)
{
  g_auto(RingiCliRun) run = { 0 };

  cli (f, &run, login, "sync", NULL);
  ringi_test_cli_assert_ok (&run);
  ringi_test_assert_contains (run.out, "refused 0");
}

static char *
punch (Fixture *f,
       const char *login,
       const char *kind,
       const char *place)
{
  g_auto(RingiCliRun) run = { 0 };

  cli (f, &run, login, "punch", kind, "--place", place, NULL);
  ringi_test_cli_assert_ok (&run);
  g_strchomp (run.out);
  g_assert_cmpuint (strlen (run.out), ==, 36);
  return g_strdup (run.out);
}

/* `timesheet --json` of this month, for @user as seen by @viewer */
static JsonObject *
timesheet (Fixture *f,
           const char *viewer,
           const char *user)
{
  g_auto(RingiCliRun) run = { 0 };
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  cli (f, &run, viewer, "timesheet", "--json", "--user", user, NULL);
  ringi_test_cli_assert_ok (&run);
  node = json_from_string (run.out, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

static const char *
first_day_place (JsonObject *sheet)
{
  JsonArray *days = json_object_get_array_member (sheet, "days");

  g_assert_cmpuint (json_array_get_length (days), >=, 1);
  return json_object_get_string_member (json_array_get_object_element (days, json_array_get_length (days) - 1), "place");
}

static void
test_offline_punches (Fixture *f,
                      gconstpointer data)
{
  g_auto(RingiCliRun) run = { 0 };
  g_autofree char *port = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *in = NULL;
  g_autofree char *out = NULL;
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) after = NULL;

  enroll_everyone (f);
  sync_ok (f, "sato");

  /* The server goes away: punches still count here. */
  port = g_strdup_printf ("%u", ringi_test_server_get_port (f->server));
  g_assert_cmpint (ringi_test_server_stop (f->server), ==, 0);
  g_clear_pointer (&f->server, ringi_test_server_free);

  in = punch (f, "sato", "clock-in", "home");
  out = punch (f, "sato", "break-start", "home");
  cli (f, &run, "sato", "sync", NULL);
  g_assert_cmpint (run.status, !=, 0);

  before = timesheet (f, "sato", "sato");
  g_assert_cmpint (json_object_get_int_member (before, "punches"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (before, "unsynced"), ==, 2);
  g_assert_cmpstr (first_day_place (before), ==, "home");

  /* Back, at the same address: the punches go, and come back with their
   * receipts. */
  listen = g_strconcat ("--listen=127.0.0.1:", port, NULL);
  {
    const char *const args[] = { listen, NULL };

    f->server = ringi_test_server_start_with_args (f->data, args);
  }
  sync_ok (f, "sato");

  after = timesheet (f, "sato", "sato");
  g_assert_cmpint (json_object_get_int_member (after, "punches"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (after, "unsynced"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (after, "totals"), "telework_days"), ==, 1);

  /* Sent again by a second sync, nothing is stored twice. */
  sync_ok (f, "sato");
  g_clear_pointer (&after, json_object_unref);
  after = timesheet (f, "sato", "sato");
  g_assert_cmpint (json_object_get_int_member (after, "punches"), ==, 2);
}

static void
test_team (Fixture *f,
           gconstpointer data)
{
  g_autofree char *in = NULL;
  g_autoptr(JsonObject) own = NULL;
  g_autoptr(JsonObject) manager = NULL;
  g_autoptr(JsonObject) colleague = NULL;

  enroll_everyone (f);
  in = punch (f, "sato", "clock-in", "satellite");
  sync_ok (f, "sato");
  sync_ok (f, "tanaka");
  sync_ok (f, "yamada");

  own = timesheet (f, "sato", "sato");
  g_assert_cmpint (json_object_get_int_member (own, "punches"), ==, 1);

  /* Sato's manager sees Sato's day; a colleague sees nothing of it. */
  manager = timesheet (f, "tanaka", "sato");
  g_assert_cmpint (json_object_get_int_member (manager, "punches"), ==, 1);
  g_assert_cmpstr (first_day_place (manager), ==, "satellite");

  colleague = timesheet (f, "yamada", "sato");
  g_assert_cmpint (json_object_get_int_member (colleague, "punches"), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (colleague, "days")), ==, 0);
}

static char *
request_id_of (RingiCliRun *run)
{
  ringi_test_cli_assert_ok (run);
  g_strchomp (run->out);
  g_assert_cmpuint (strlen (run->out), ==, 36);
  return g_strdup (run->out);
}

static void
approve_as (Fixture *f,
            const char *manager,
            const char *id)
{
  g_auto(RingiCliRun) run = { 0 };

  sync_ok (f, manager);
  cli (f, &run, manager, "approve", id, NULL);
  ringi_test_cli_assert_ok (&run);
  sync_ok (f, manager);
}

static void
approve (Fixture *f,
         const char *id)
{
  approve_as (f, "tanaka", id);
}

/* Today in Asia/Tokyo, as the server counts months */
static char *
today_in_tokyo (const char *format)
{
  g_autoptr(GTimeZone) tokyo = g_time_zone_new_identifier ("Asia/Tokyo");
  g_autoptr(GDateTime) now = g_date_time_new_now (tokyo);

  return g_date_time_format (now, format);
}

/* No day of @sheet is flagged for a clock off the server's. */
static void
assert_no_skew (JsonObject *sheet)
{
  JsonArray *days = json_object_get_array_member (sheet, "days");

  for (guint i = 0; i < json_array_get_length (days); i++)
    {
      JsonArray *flags = json_object_get_array_member (json_array_get_object_element (days, i), "flags");

      for (guint j = 0; j < json_array_get_length (flags); j++)
        g_assert_cmpstr (json_array_get_string_element (flags, j), !=, "clock-skew");
    }
}

static void
test_month_close (Fixture *f,
                  gconstpointer data)
{
  g_auto(RingiCliRun) run = { 0 };
  g_autofree char *month = today_in_tokyo ("%Y-%m");
  g_autofree char *date = today_in_tokyo ("%Y-%m-%d");
  g_autofree char *in = NULL;
  g_autofree char *late = NULL;
  g_autofree char *report = NULL;
  g_autofree char *correction = NULL;
  g_autoptr(JsonObject) sheet = NULL;

  enroll_everyone (f);
  in = punch (f, "sato", "clock-in", "home");

  /* Sato closes the month: the punch and the 勤務月報 go together. */
  cli (f, &run, "sato", "close-month", month, NULL);
  report = request_id_of (&run);
  sync_ok (f, "sato");
  sheet = timesheet (f, "sato", "sato");
  g_assert_cmpstr (json_object_get_string_member (sheet, "close_status"), ==, "in-progress");
  g_clear_pointer (&sheet, json_object_unref);
  approve (f, report);
  sync_ok (f, "sato");

  /* Sato and his manager see the month closed. */
  sheet = timesheet (f, "sato", "sato");
  g_assert_cmpstr (json_object_get_string_member (sheet, "close_request"), ==, report);
  g_assert_cmpstr (json_object_get_string_member (sheet, "close_status"), ==, "decided");
  g_clear_pointer (&sheet, json_object_unref);
  sheet = timesheet (f, "tanaka", "sato");
  g_assert_cmpstr (json_object_get_string_member (sheet, "close_request"), ==, report);
  g_clear_pointer (&sheet, json_object_unref);

  /* The month is locked: a plain punch more is refused, and undone here. */
  late = punch (f, "sato", "clock-out", "home");
  cli (f, &run, "sato", "sync", NULL);
  ringi_test_assert_contains (run.out, "month-closed");
  ringi_test_assert_contains (run.out, "refused 1");
  sheet = timesheet (f, "sato", "sato");
  g_assert_cmpint (json_object_get_int_member (sheet, "punches"), ==, 1);

  /* A correction request carries the missing clock-out, signed now; only
   * its approval lets it into the locked month. */
  cli (f, &run, "sato", "correct", "--date", date, "--time", "23:30", "--kind", "clock-out", "--place", "home",
       "--reason", "退勤の打刻漏れ", NULL);
  correction = request_id_of (&run);
  sync_ok (f, "sato");
  g_clear_pointer (&sheet, json_object_unref);
  sheet = timesheet (f, "sato", "sato");
  g_assert_cmpint (json_object_get_int_member (sheet, "punches"), ==, 1);

  approve (f, correction);
  sync_ok (f, "sato");

  /* Exactly that punch is added, with its receipt, for Sato and his
   * manager; a correction is never flagged for its late arrival. */
  g_clear_pointer (&sheet, json_object_unref);
  sheet = timesheet (f, "sato", "sato");
  g_assert_cmpint (json_object_get_int_member (sheet, "punches"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (sheet, "unsynced"), ==, 0);
  assert_no_skew (sheet);
  g_clear_pointer (&sheet, json_object_unref);
  sync_ok (f, "tanaka");
  sheet = timesheet (f, "tanaka", "sato");
  g_assert_cmpint (json_object_get_int_member (sheet, "punches"), ==, 2);

  /* The `correct` command applies nothing by hand any more. */
  cli (f, &run, "sato", "correct", "--apply", correction, "--date", date, "--time", "23:30", "--kind", "clock-out",
       NULL);
  g_assert_cmpint (run.status, ==, 2);

  /* Closing an approved month again is refused. */
  cli (f, &run, "sato", "close-month", month, NULL);
  g_free (request_id_of (&run));
  cli (f, &run, "sato", "sync", NULL);
  ringi_test_assert_contains (run.out, "month-closed");
}

/* The day of @sheet dated @date */
static JsonObject *
day_of (JsonObject *sheet,
        const char *date)
{
  JsonArray *days = json_object_get_array_member (sheet, "days");

  for (guint i = 0; i < json_array_get_length (days); i++)
    {
      JsonObject *day = json_array_get_object_element (days, i);

      if (g_strcmp0 (json_object_get_string_member (day, "date"), date) == 0)
        return day;
    }

  return NULL;
}

/* A wrong clock-in, replaced by the approved correction: the timesheet
 * counts the correcting punch; the original stays. */
static void
test_correction_replaces (Fixture *f,
                          gconstpointer data)
{
  g_auto(RingiCliRun) run = { 0 };
  g_autofree char *date = today_in_tokyo ("%Y-%m-%d");
  g_autofree char *in = NULL;
  g_autofree char *correction = NULL;
  g_autoptr(JsonObject) sheet = NULL;
  JsonObject *day;

  enroll_everyone (f);
  in = punch (f, "sato", "clock-in", "home");
  sync_ok (f, "sato");

  cli (f, &run, "sato", "correct", "--date", date, "--time", "08:30", "--kind", "clock-in", "--place", "office",
       "--replaces", in, "--reason", "出勤の打刻忘れ", NULL);
  correction = request_id_of (&run);
  sync_ok (f, "sato");
  approve (f, correction);
  sync_ok (f, "sato");

  /* the timesheet counts the punches in force: the correction, not the
   * punch it replaces */
  sheet = timesheet (f, "sato", "sato");
  g_assert_cmpint (json_object_get_int_member (sheet, "punches"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (sheet, "unsynced"), ==, 0);
  day = day_of (sheet, date);
  g_assert_nonnull (day);
  g_assert_cmpstr (json_object_get_string_member (day, "start"), ==, "08:30");
  g_assert_cmpstr (json_object_get_string_member (day, "place"), ==, "office");
  assert_no_skew (sheet);

  /* The request's form names the punch it carries. */
  cli (f, &run, "sato", "show", correction, NULL);
  ringi_test_cli_assert_ok (&run);
  ringi_test_assert_contains (run.out, "decided");
}

/* A rejected correction adds nothing, for anyone. */
static void
test_correction_rejected (Fixture *f,
                          gconstpointer data)
{
  g_auto(RingiCliRun) run = { 0 };
  g_autofree char *date = today_in_tokyo ("%Y-%m-%d");
  g_autofree char *correction = NULL;
  g_autoptr(JsonObject) sheet = NULL;

  enroll_everyone (f);
  cli (f, &run, "sato", "correct", "--date", date, "--time", "09:00", "--kind", "clock-in", "--reason", "打刻漏れ",
       NULL);
  correction = request_id_of (&run);
  sync_ok (f, "sato");
  sync_ok (f, "tanaka");
  cli (f, &run, "tanaka", "reject", correction, "--comment", "在席の記録がありません", NULL);
  ringi_test_cli_assert_ok (&run);
  sync_ok (f, "tanaka");
  sync_ok (f, "sato");

  sheet = timesheet (f, "sato", "sato");
  g_assert_cmpint (json_object_get_int_member (sheet, "punches"), ==, 0);
  g_clear_pointer (&sheet, json_object_unref);
  sheet = timesheet (f, "tanaka", "sato");
  g_assert_cmpint (json_object_get_int_member (sheet, "punches"), ==, 0);
}

/* One text column of the first row of a query on the server's database,
 * read beside the running server; @param binds ?1. NULL without a row. */
static char *
query_server_db (Fixture *f,
                 const char *sql,
                 const char *param)
{
  g_autofree char *path = g_build_filename (f->data, "server.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, param, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strndup ((const char *) sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static void
import_csv (Fixture *f,
            const char *contents,
            int status)
{
  g_autofree char *path = g_build_filename (f->dir, "import.csv", NULL);
  g_autoptr(RingiTestRun) run = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, contents, -1, &error));
  g_assert_no_error (error);
  run = ringi_test_server_run ("attendance", "import", "--data", f->data, path, NULL);
  g_assert_cmpint (run->status, ==, status);
}

/* The latest close of sato's @month as the server keeps it */
static char *
close_record (Fixture *f,
              const char *month)
{
  char *record = query_server_db (f, "SELECT record FROM month_closes WHERE login = 'sato' AND month = ?1 ORDER BY rowid DESC",
                                  month);

  g_assert_nonnull (record);
  return record;
}

/* A shift from 31 March 22:00 to 1 April 02:00 is March's, wholly: March's
 * close lists its clock-out and locks it, April's close goes without it. */
static void
test_close_across_month_end (Fixture *f,
                             gconstpointer data)
{
  g_auto(RingiCliRun) run = { 0 };
  g_autofree char *march = NULL;
  g_autofree char *april = NULL;
  g_autofree char *june = NULL;
  g_autofree char *august = NULL;
  g_autofree char *clock_out = NULL;
  g_autofree char *march_close = NULL;
  g_autofree char *april_close = NULL;
  g_autofree char *listed = NULL;

  enroll_everyone (f);
  import_csv (f,
              "login,date,time,kind,place\n"
              "sato,2026-03-31,22:00,clock-in,home\n"
              "sato,2026-04-01,02:00,clock-out,home\n",
              0);
  clock_out = query_server_db (f, "SELECT sha256 FROM punches WHERE login = 'sato' AND kind = ?1", "clock-out");
  g_assert_nonnull (clock_out);
  listed = g_strconcat ("Punch-SHA256: ", clock_out, "\n", NULL);
  sync_ok (f, "sato");

  /* Sato's profile and the server agree that March has both punches. */
  cli (f, &run, "sato", "close-month", "2026-03", NULL);
  march = request_id_of (&run);
  sync_ok (f, "sato");
  march_close = close_record (f, "2026-03");
  ringi_test_assert_contains (march_close, "Punches: 2\n");
  ringi_test_assert_contains (march_close, listed);
  approve (f, march);
  sync_ok (f, "sato");

  /* Locked with March: a time out inside the shift after midnight is
   * refused; a new shift on 1 April is April's and comes in. */
  import_csv (f, "login,date,time,kind,place\nsato,2026-04-01,01:30,out,home\n", 1);
  import_csv (f, "login,date,time,kind,place\nsato,2026-04-01,09:00,clock-in,office\n", 0);
  sync_ok (f, "sato");

  cli (f, &run, "sato", "close-month", "2026-04", NULL);
  april = request_id_of (&run);
  sync_ok (f, "sato");
  april_close = close_record (f, "2026-04");
  ringi_test_assert_contains (april_close, "Punches: 1\n");
  g_assert_null (strstr (april_close, listed));

  /* A clock-out at 02:00 on 1 June with no shift before it is June's,
   * closed and locked with June. A clock-in of 31 May arriving later
   * would take it into May: refused, though May is open. */
  import_csv (f, "login,date,time,kind,place\nsato,2026-06-01,02:00,clock-out,home\n", 0);
  sync_ok (f, "sato");
  cli (f, &run, "sato", "close-month", "2026-06", NULL);
  june = request_id_of (&run);
  sync_ok (f, "sato");
  approve (f, june);
  import_csv (f, "login,date,time,kind,place\nsato,2026-05-31,22:00,clock-in,home\n", 1);
  import_csv (f, "login,date,time,kind,place\nsato,2026-05-30,22:00,clock-in,home\n", 0);

  /* A file's rows see each other, whatever their order: the clock-out at
   * 02:00 on 1 August is July's with the clock-in the file also holds,
   * though August is locked. */
  import_csv (f, "login,date,time,kind,place\nsato,2026-08-03,09:00,clock-in,office\n", 0);
  sync_ok (f, "sato");
  cli (f, &run, "sato", "close-month", "2026-08", NULL);
  august = request_id_of (&run);
  sync_ok (f, "sato");
  approve (f, august);
  import_csv (f,
              "login,date,time,kind,place\n"
              "sato,2026-08-01,02:00,clock-out,home\n"
              "sato,2026-07-31,22:00,clock-in,home\n",
              0);
}

/* `timesheet --json --month MONTH` for @user as seen by @viewer */
static JsonObject *
timesheet_of (Fixture *f,
              const char *viewer,
              const char *user,
              const char *month)
{
  g_auto(RingiCliRun) run = { 0 };
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  cli (f, &run, viewer, "timesheet", "--json", "--user", user, "--month", month, NULL);
  ringi_test_cli_assert_ok (&run);
  node = json_from_string (run.out, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (node));
}

static gint64
punches_seen (Fixture *f,
              const char *viewer,
              const char *month)
{
  g_autoptr(JsonObject) sheet = timesheet_of (f, viewer, "sato", month);

  return json_object_get_int_member (sheet, "punches");
}

/* 異動: Sato moves from Tanaka's team to Suzuki's in the middle of the
 * month. Suzuki gets the punches and closes of Sato's months not locked,
 * and approves this month's close; the locked month stays Tanaka's. */
static void
test_manager_change (Fixture *f,
                     gconstpointer data)
{
  g_auto(RingiCliRun) run = { 0 };
  g_autofree char *month = today_in_tokyo ("%Y-%m");
  g_autofree char *september = NULL;
  g_autofree char *in = NULL;
  g_autofree char *out = NULL;
  g_autofree char *report = NULL;
  g_autoptr(RingiTestRun) moved = NULL;
  g_autoptr(RingiTestRun) route = NULL;
  g_autoptr(JsonObject) sheet = NULL;

  enroll_everyone (f);
  import_csv (f,
              "login,date,time,kind,place\n"
              "sato,2025-09-10,09:00,clock-in,office\n"
              "sato,2025-09-10,18:00,clock-out,office\n"
              "sato,2025-10-15,09:00,clock-in,office\n",
              0);
  sync_ok (f, "sato");
  cli (f, &run, "sato", "close-month", "2025-09", NULL);
  september = request_id_of (&run);
  sync_ok (f, "sato");
  approve (f, september);
  in = punch (f, "sato", "clock-in", "home");
  sync_ok (f, "sato");
  sync_ok (f, "tanaka");
  sync_ok (f, "suzuki");
  g_assert_cmpint (punches_seen (f, "suzuki", month), ==, 0);

  /* Two punches of months not locked: October's and this month's. */
  moved = ringi_test_server_run ("user", "set-manager", "--data", f->data, "sato", "suzuki", NULL);
  g_assert_cmpstr (moved->err, ==, "");
  g_assert_cmpint (moved->status, ==, 0);
  ringi_test_assert_contains (moved->out, " 2 earlier ");
  route = ringi_test_server_run ("route", "add", "--data", f->data, "--category", "勤務月報", "--route", "final=suzuki",
                                 NULL);
  g_assert_cmpint (route->status, ==, 0);

  sync_ok (f, "suzuki");
  g_assert_cmpint (punches_seen (f, "suzuki", month), ==, 1);
  g_assert_cmpint (punches_seen (f, "suzuki", "2025-10"), ==, 1);
  g_assert_cmpint (punches_seen (f, "suzuki", "2025-09"), ==, 0);

  /* From now on Sato's punches go to Suzuki, who approves the close. */
  out = punch (f, "sato", "clock-out", "home");
  sync_ok (f, "sato");
  cli (f, &run, "sato", "close-month", month, NULL);
  report = request_id_of (&run);
  sync_ok (f, "sato");
  approve_as (f, "suzuki", report);
  g_assert_cmpint (punches_seen (f, "suzuki", month), ==, 2);
  sheet = timesheet_of (f, "suzuki", "sato", month);
  g_assert_cmpstr (json_object_get_string_member (sheet, "close_request"), ==, report);
  g_assert_cmpstr (json_object_get_string_member (sheet, "close_status"), ==, "decided");
  sync_ok (f, "sato");
  g_clear_pointer (&sheet, json_object_unref);
  sheet = timesheet_of (f, "sato", "sato", month);
  g_assert_cmpstr (json_object_get_string_member (sheet, "close_status"), ==, "decided");

  /* Tanaka keeps what he had, and gets nothing more. */
  sync_ok (f, "tanaka");
  g_assert_cmpint (punches_seen (f, "tanaka", "2025-09"), ==, 2);
  g_assert_cmpint (punches_seen (f, "tanaka", month), ==, 1);

  /* Nobody can be their own manager, nor have an unknown one. */
  g_clear_pointer (&moved, ringi_test_run_free);
  moved = ringi_test_server_run ("user", "set-manager", "--data", f->data, "sato", "sato", NULL);
  g_assert_cmpint (moved->status, ==, 1);
  g_clear_pointer (&moved, ringi_test_run_free);
  moved = ringi_test_server_run ("user", "set-manager", "--data", f->data, "sato", "nobody", NULL);
  g_assert_cmpint (moved->status, ==, 1);
}

/* `show --json` of @id as @login sees it */
static JsonObject *
show_json (Fixture *f,
           const char *login,
           const char *id)
{
  g_auto(RingiCliRun) run = { 0 };
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  cli (f, &run, login, "show", id, "--json", NULL);
  ringi_test_cli_assert_ok (&run);
  node = json_from_string (run.out, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

/* Sato asks, through the CLI, to replace his clock-in by 08:30 at the
 * office; returns the request's id, the replaced punch in @out_in. */
static char *
ask_honest_correction (Fixture *f,
                       char **out_in)
{
  g_auto(RingiCliRun) run = { 0 };
  g_autofree char *date = today_in_tokyo ("%Y-%m-%d");
  char *correction;

  *out_in = punch (f, "sato", "clock-in", "home");
  sync_ok (f, "sato");
  cli (f, &run, "sato", "correct", "--date", date, "--time", "08:30", "--kind", "clock-in", "--place", "office",
       "--replaces", *out_in, "--reason", "出勤の打刻忘れ", NULL);
  correction = request_id_of (&run);
  sync_ok (f, "sato");
  sync_ok (f, "tanaka");
  return correction;
}

/* The manager sees the punch an honest correction adds, in words, and
 * that its document names it; approving it adds it. */
/* Runs @argv, a stock tool, and returns its exit status. */
static int
run_tool (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  return g_spawn_check_wait_status (status, NULL) ? 0 : 1;
}

/* The evidence bundle of an approved correction carries its punch: stock
 * gpg verifies it, and a changed note or punch makes the bundle fail. */
static void
check_correction_bundle (Fixture *f,
                         const char *correction)
{
  g_auto(RingiCliRun) run = { 0 };
  g_autofree char *bundle = g_build_filename (f->dir, "correction-bundle", NULL);
  g_autofree char *home = g_build_filename (f->dir, "gpg", NULL);
  g_autofree char *punch = g_build_filename (bundle, "correction", "punch.txt", NULL);
  g_autofree char *asc = g_strconcat (punch, ".asc", NULL);
  g_autofree char *note = g_build_filename (bundle, "correction", "note.txt", NULL);
  g_autofree char *keys = g_build_filename (bundle, "keys", NULL);
  g_autofree char *verify_path = g_build_filename (bundle, "VERIFY.txt", NULL);
  g_autofree char *verify_text = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;

  const char *bundle_verify[] = { "bundle", "verify", bundle, NULL };

  cli (f, &run, "tanaka", "export", correction, "--out", bundle, NULL);
  ringi_test_cli_assert_ok (&run);
  ringi_test_cli_runv (&run, bundle_verify, NULL);
  ringi_test_cli_assert_ok (&run);
  g_assert_true (g_file_get_contents (verify_path, &verify_text, NULL, NULL));
  ringi_test_assert_contains (verify_text, "gpg --verify correction/punch.txt.asc correction/punch.txt");

  /* gpg alone, in an empty home with the bundle's keys */
  g_assert_cmpint (g_mkdir_with_parents (home, 0700), ==, 0);
  dir = g_dir_open (keys, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *key = g_build_filename (keys, name, NULL);
      const char *import[] = { "gpg", "--homedir", home, "--batch", "--import", key, NULL };

      g_assert_cmpint (run_tool (import), ==, 0);
    }
  {
    const char *verify[] = { "gpg", "--homedir", home, "--batch", "--verify", asc, punch, NULL };
    const char *kill[] = { "gpgconf", "--homedir", home, "--kill", "all", NULL };

    g_assert_cmpint (run_tool (verify), ==, 0);
    run_tool (kill);
  }

  /* Another note than the one the punch hashes */
  g_assert_true (g_file_set_contents (note, "打刻忘れ（書き換え）", -1, &error));
  g_assert_no_error (error);
  ringi_test_cli_runv (&run, bundle_verify, NULL);
  g_assert_cmpint (run.status, ==, 1);
  ringi_test_assert_contains (run.out, "its note is not the one its record hashes");
}

static void
test_correction_shown (Fixture *f,
                       gconstpointer data)
{
  g_auto(RingiCliRun) run = { 0 };
  g_autofree char *date = today_in_tokyo ("%Y-%m-%d");
  g_autofree char *time = g_strdup_printf ("%s 08:30", date);
  g_autofree char *in = NULL;
  g_autofree char *correction = NULL;
  g_autoptr(JsonObject) shown = NULL;
  JsonObject *punch_object;

  enroll_everyone (f);
  correction = ask_honest_correction (f, &in);

  cli (f, &run, "tanaka", "show", correction, NULL);
  ringi_test_cli_assert_ok (&run);
  ringi_test_assert_contains (run.out, "Punch this correction adds:");
  ringi_test_assert_contains (run.out, "Clock in");
  ringi_test_assert_contains (run.out, "Office");
  ringi_test_assert_contains (run.out, time);
  ringi_test_assert_contains (run.out, in);
  ringi_test_assert_contains (run.out, "出勤の打刻忘れ");
  ringi_test_assert_contains (run.out, "shows this punch");

  shown = show_json (f, "tanaka", correction);
  punch_object = json_object_get_object_member (shown, "correction");
  g_assert_nonnull (punch_object);
  g_assert_cmpstr (json_object_get_string_member (punch_object, "kind"), ==, "clock-in");
  g_assert_cmpstr (json_object_get_string_member (punch_object, "place"), ==, "office");
  g_assert_cmpstr (json_object_get_string_member (punch_object, "time"), ==, time);
  g_assert_cmpstr (json_object_get_string_member (punch_object, "replaces"), ==, in);
  g_assert_cmpstr (json_object_get_string_member (punch_object, "note"), ==, "出勤の打刻忘れ");
  g_assert_cmpuint (strlen (json_object_get_string_member (punch_object, "sha256")), ==, 64);
  g_assert_true (json_object_get_boolean_member (punch_object, "shown"));

  /* The punch verifies with the request, by Sato's key. */
  cli (f, &run, "tanaka", "verify", correction, NULL);
  ringi_test_cli_assert_ok (&run);

  /* Someone who becomes a reader later, as Tanaka's delegate, gets the
   * punch with the copy of the request's change. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autoptr(GDateTime) next = g_date_time_add_days (now, 1);
    g_autofree char *from = g_date_time_format (now, "%Y-%m-%d");
    g_autofree char *until = g_date_time_format (next, "%Y-%m-%d");

    cli (f, &run, "tanaka", "delegate", "--to", "yamada", "--from", from, "--until", until, NULL);
    ringi_test_cli_assert_ok (&run);
    sync_ok (f, "tanaka");
    sync_ok (f, "yamada");
    cli (f, &run, "yamada", "show", correction, NULL);
    ringi_test_cli_assert_ok (&run);
    ringi_test_assert_contains (run.out, "出勤の打刻忘れ");
    ringi_test_assert_contains (run.out, "shows this punch");
  }

  approve (f, correction);
  cli (f, &run, "tanaka", "show", correction, NULL);
  ringi_test_assert_contains (run.out, "decided");
  check_correction_bundle (f, correction);
}

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
store_result (GObject *source,
              GAsyncResult *result,
              gpointer user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
}

static GAsyncResult *
wait_result (Wait *wait)
{
  while (wait->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return wait->result;
}

/* What a modified client would send: a correction request carrying a
 * correcting clock-in at 05:00 whose form shows another, harmless punch
 * (a made-up uuid and sha256), queued through the outbox of Sato's
 * profile as any submit. */
static char *
submit_forged_correction (Fixture *f)
{
  g_autofree char *dir = profile_of (f, "sato");
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiProfile) profile = ringi_profile_open (dir, &error);
  g_autoptr(RingiSync) sync = NULL;
  g_autoptr(RingiSyncSettings) settings = NULL;
  GTimeZone *tokyo = ringi_attendance_get_time_zone ();
  g_autoptr(GDateTime) now = g_date_time_new_now (tokyo);
  g_autoptr(GDateTime) yesterday = g_date_time_add_days (now, -1);
  g_autoptr(GDateTime) early = g_date_time_new (tokyo, g_date_time_get_year (yesterday),
                                                 g_date_time_get_month (yesterday),
                                                 g_date_time_get_day_of_month (yesterday), 5, 0, 0);
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *note_sha256 = ringi_punch_hash_note ("早出");
  g_autoptr(RingiPunch) punch = NULL;
  g_autoptr(GBytes) record = NULL;
  g_autoptr(GBytes) signature = NULL;
  g_autoptr(GBytes) pdf = NULL;
  const char *lines[] = { "Punch: 17:15, clock-out, at office", "Replaces no punch (a missing punch)",
                          "The correcting punch, signed by the applicant: 11111111-2222-4333-8444-555555555555",
                          "Its record’s SHA-256:", "0000000000000000000000000000000000000000000000000000000000000000",
                          NULL };
  RingiRequestInfo info = { .title = (char *) "打刻修正", .category = (char *) RINGI_CATEGORY_CORRECTION, .amount = -1 };
  Wait wait = { NULL };
  char *id;

  g_assert_no_error (error);
  settings = ringi_profile_dup_settings (profile, &error);
  g_assert_no_error (error);

  {
    RingiPunchFields fields = {
      .punch = uuid,
      .login = settings->login,
      .signer_key = settings->fingerprint,
      .kind = RINGI_PUNCH_CLOCK_IN,
      .place = RINGI_PUNCH_PLACE_HOME,
      .client_time = early,
      .note_sha256 = note_sha256,
    };

    punch = ringi_punch_new (&fields, &error);
    g_assert_no_error (error);
  }
  record = ringi_punch_to_bytes (punch);
  signature = ringi_keyring_sign_detached (ringi_profile_get_keyring (profile), settings->fingerprint, PIN, record,
                                           NULL, &error);
  g_assert_no_error (error);
  pdf = ringi_attendance_pdf_form ("打刻修正", lines, &error);
  g_assert_no_error (error);

  sync = ringi_sync_new (profile);
  ringi_sync_submit_correction_async (sync, &info, pdf, "final=tanaka", record, signature, "早出", PIN, NULL,
                                      store_result, &wait);
  id = ringi_sync_submit_finish (sync, wait_result (&wait), &error);
  g_assert_no_error (error);
  g_object_unref (wait.result);
  return id;
}

/* A correction whose document shows another punch than the one it
 * carries: the manager is told, his client refuses to approve it, and
 * he can still send it back. */
static void
test_correction_forged (Fixture *f,
                        gconstpointer data)
{
  g_auto(RingiCliRun) run = { 0 };
  g_autofree char *correction = NULL;
  g_autoptr(JsonObject) shown = NULL;
  g_autoptr(JsonObject) sheet = NULL;

  enroll_everyone (f);
  sync_ok (f, "sato");
  correction = submit_forged_correction (f);
  sync_ok (f, "sato");
  sync_ok (f, "tanaka");

  cli (f, &run, "tanaka", "show", correction, NULL);
  ringi_test_cli_assert_ok (&run);
  ringi_test_assert_contains (run.out, "05:00");
  ringi_test_assert_contains (run.out, "does NOT show this punch");
  shown = show_json (f, "tanaka", correction);
  g_assert_false (json_object_get_boolean_member (json_object_get_object_member (shown, "correction"), "shown"));

  cli (f, &run, "tanaka", "approve", correction, NULL);
  g_assert_cmpint (run.status, ==, 1);
  ringi_test_assert_contains (run.err, "The document does not show the punch this correction adds; send it back");
  sync_ok (f, "tanaka");

  /* Nor may Yamada decide it for Tanaka (代決). */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autoptr(GDateTime) next = g_date_time_add_days (now, 1);
    g_autofree char *from = g_date_time_format (now, "%Y-%m-%d");
    g_autofree char *until = g_date_time_format (next, "%Y-%m-%d");

    cli (f, &run, "tanaka", "delegate", "--to", "yamada", "--from", from, "--until", until, NULL);
    ringi_test_cli_assert_ok (&run);
    sync_ok (f, "tanaka");
    sync_ok (f, "yamada");
    cli (f, &run, "yamada", "approve", correction, "--on-behalf-of", "tanaka", NULL);
    g_assert_cmpint (run.status, ==, 1);
    ringi_test_assert_contains (run.err, "The document does not show the punch this correction adds; send it back");
  }

  cli (f, &run, "tanaka", "send-back", correction, "--comment", "書類と打刻が一致しません", NULL);
  ringi_test_cli_assert_ok (&run);
  sync_ok (f, "tanaka");
  sync_ok (f, "sato");
  cli (f, &run, "sato", "show", correction, NULL);
  ringi_test_assert_contains (run.out, "sent back");

  /* Nothing was added. */
  sheet = timesheet (f, "sato", "sato");
  g_assert_cmpint (json_object_get_int_member (sheet, "punches"), ==, 0);
}

/* Changes @from to @to in the record of the punch @id carries, as kept
 * in @login's profile: what a tampered store looks like. */
static void
tamper_correction (Fixture *f,
                   const char *login,
                   const char *id,
                   const char *from,
                   const char *to)
{
  g_autofree char *dir = profile_of (f, login);
  g_autofree char *path = g_build_filename (dir, "profile.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DROP TRIGGER correction_punches_append_only_update", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "UPDATE correction_punches SET record ="
                                       " CAST (replace (CAST (record AS TEXT), ?1, ?2) AS BLOB) WHERE request_id = ?3",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, from, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, to, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, id, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* A punch changed in the manager's store no longer verifies, and its
 * sha256 is no longer the one the document names. */
static void
test_correction_tampered (Fixture *f,
                          gconstpointer data)
{
  g_auto(RingiCliRun) run = { 0 };
  g_autofree char *in = NULL;
  g_autofree char *correction = NULL;

  enroll_everyone (f);
  correction = ask_honest_correction (f, &in);
  tamper_correction (f, "tanaka", correction, "Place: office", "Place: home");

  cli (f, &run, "tanaka", "verify", correction, NULL);
  g_assert_cmpint (run.status, ==, 1);
  ringi_test_assert_contains (run.out, "The punch this correction request carries does not verify");
  ringi_test_assert_contains (run.out, "bad-signature");

  cli (f, &run, "tanaka", "show", correction, NULL);
  ringi_test_assert_contains (run.out, "does NOT show this punch");
  cli (f, &run, "tanaka", "approve", correction, NULL);
  g_assert_cmpint (run.status, ==, 1);
  ringi_test_assert_contains (run.err, "send it back");
}

static void
test_leave (Fixture *f,
            gconstpointer data)
{
  g_auto(RingiCliRun) run = { 0 };
  g_autofree char *id = NULL;

  enroll_everyone (f);
  cli (f, &run, "sato", "leave", "--date", "2026-12-01", "--kind", "hours", "--hours", "2", "--reason", "通院", NULL);
  id = request_id_of (&run);
  sync_ok (f, "sato");
  approve (f, id);
  sync_ok (f, "sato");
  cli (f, &run, "sato", "show", id, NULL);
  ringi_test_cli_assert_ok (&run);
  ringi_test_assert_contains (run.out, "decided");
  ringi_test_assert_contains (run.out, "休暇");

  cli (f, &run, "sato", "leave", "--date", "2026-12-01", "--kind", "hours", NULL);
  g_assert_cmpint (run.status, ==, 2);
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

/* Every LF ends a CRLF, and there are @n_lines of them. */
static void
assert_crlf_lines (GBytes *bytes,
                   guint n_lines)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);
  guint n = 0;

  for (gsize i = 0; i < size; i++)
    {
      if (data[i] == '\n')
        {
          g_assert_cmpuint (i, >, 0);
          g_assert_cmpint (data[i - 1], ==, '\r');
          n++;
        }
    }
  g_assert_cmpuint (n, ==, n_lines);
  g_assert_cmpint (data[size - 1], ==, '\n');
}

static GBytes *
iconv_to_utf8 (const char *path)
{
  const char *argv[] = { "iconv", "-f", "SHIFT_JIS", "-t", "UTF-8", path, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  GBytes *out = NULL;

  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate (process, NULL, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (process));
  return out;
}

static void
test_payroll_csv (Fixture *f,
                  gconstpointer data)
{
  g_auto(RingiCliRun) run = { 0 };
  g_autofree char *month = today_in_tokyo ("%Y-%m");
  g_autofree char *utf8_path = g_build_filename (f->dir, "payroll-utf8.csv", NULL);
  g_autofree char *sjis_path = g_build_filename (f->dir, "payroll-sjis.csv", NULL);
  g_autofree char *sato_row = g_strdup_printf ("\r\nsato,%s,1,", month);
  g_autofree char *in = NULL;
  g_autofree char *other = NULL;
  g_autoptr(GBytes) utf8 = NULL;
  g_autoptr(GBytes) sjis = NULL;
  g_autoptr(GBytes) round_trip = NULL;
  g_autoptr(GBytes) without_bom = NULL;
  const char *header = "login,month,days_worked,work_min,overtime_min,legal_overtime_min,late_night_min,"
                       "holiday_min,break_min,time_out_min,telework_days,flags,name\r\n";
  const char *name = "試験 太郎";
  gsize size = 0;
  const char *text;

  enroll_everyone (f);
  in = punch (f, "sato", "clock-in", "home");
  other = punch (f, "yamada", "clock-in", "office");
  sync_ok (f, "sato");
  sync_ok (f, "yamada");
  sync_ok (f, "tanaka");

  cli (f, &run, "tanaka", "report", "--month", month, "--out", utf8_path, NULL);
  ringi_test_cli_assert_ok (&run);
  cli (f, &run, "tanaka", "report", "--month", month, "--out", sjis_path, "--encoding", "shift_jis", NULL);
  ringi_test_cli_assert_ok (&run);

  /* UTF-8: the BOM, then the header, CRLF; Tanaka and his team (Sato),
   * not Yamada. */
  utf8 = read_bytes (utf8_path);
  text = g_bytes_get_data (utf8, &size);
  g_assert_cmpuint (size, >, 3);
  g_assert_cmpmem (text, 3, "\xEF\xBB\xBF", 3);
  g_assert_true (g_str_has_prefix (text + 3, header));
  assert_crlf_lines (utf8, 3);
  ringi_test_assert_contains (text, sato_row);
  ringi_test_assert_contains (text, "\r\ntanaka,");
  ringi_test_assert_contains (text, name);
  g_assert_null (strstr (text, "yamada"));

  /* Shift_JIS: no BOM, the same header, no UTF-8 left in the names, and
   * iconv brings back the UTF-8 file byte for byte. */
  sjis = read_bytes (sjis_path);
  text = g_bytes_get_data (sjis, &size);
  g_assert_true (g_str_has_prefix (text, header));
  assert_crlf_lines (sjis, 3);
  g_assert_null (g_strstr_len (text, size, name));
  g_assert_nonnull (g_strstr_len (text, size, "\x8E\x8E\x8C\xB1")); /* 試験 */

  round_trip = iconv_to_utf8 (sjis_path);
  without_bom = g_bytes_new_from_bytes (utf8, 3, g_bytes_get_size (utf8) - 3);
  g_assert_true (g_bytes_equal (round_trip, without_bom));

  cli (f, &run, "tanaka", "report", "--month", month, "--out", utf8_path, "--encoding", "latin-1", NULL);
  g_assert_cmpint (run.status, ==, 2);
}

static void
test_punch_usage (Fixture *f,
                  gconstpointer data)
{
  g_auto(RingiCliRun) run = { 0 };

  enroll (f, "sato");
  cli (f, &run, "sato", "punch", "lunch", NULL);
  g_assert_cmpint (run.status, ==, 2);
  ringi_test_assert_contains (run.err, "clock-in");

  cli (f, &run, "sato", "punch", "clock-in", "--place", "beach", NULL);
  g_assert_cmpint (run.status, ==, 2);
  ringi_test_assert_contains (run.err, "--place");

  cli (f, &run, "sato", "timesheet", "--month", "2026-13", NULL);
  g_assert_cmpint (run.status, ==, 2);
  ringi_test_assert_contains (run.err, "YYYY-MM");
}

static RingiStore *
open_store (Fixture *f,
            const char *login)
{
  g_autofree char *profile = profile_of (f, login);
  g_autofree char *path = g_build_filename (profile, "profile.db", NULL);
  g_autoptr(GError) error = NULL;
  RingiStore *store = ringi_store_open (path, &error);

  g_assert_no_error (error);
  return store;
}

/* Writes an activity period into @login's record, as the recorder does. */
static void
record_activity (Fixture *f,
                 const char *login,
                 gint64 since,
                 gint64 until)
{
  g_autoptr(RingiStore) store = open_store (f, login);
  g_autoptr(GError) error = NULL;

  g_assert_true (ringi_store_begin_activity (store, since, "unlock", &error));
  g_assert_no_error (error);
  g_assert_true (ringi_store_end_activity (store, until, "lock", &error));
  g_assert_no_error (error);
}

static guint
count_team_days (Fixture *f,
                 const char *viewer,
                 const char *login)
{
  g_autoptr(RingiStore) store = open_store (f, viewer);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) days = NULL;
  GDate from, until;

  g_date_clear (&from, 1);
  g_date_set_dmy (&from, 1, 1, 2000);
  g_date_clear (&until, 1);
  g_date_set_dmy (&until, 1, 1, 2100);
  days = ringi_store_list_activity_days (store, login, &from, &until, &error);
  g_assert_no_error (error);
  return days->len;
}

static void
sync_pushes (Fixture *f,
             const char *login,
             const char *expected)
{
  g_auto(RingiCliRun) run = { 0 };

  cli (f, &run, login, "sync", NULL);
  ringi_test_cli_assert_ok (&run);
  ringi_test_assert_contains (run.out, expected);
}

static char *
clock_text (gint64 time)
{
  g_autoptr(GTimeZone) tokyo = g_time_zone_new_identifier ("Asia/Tokyo");
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tokyo);

  return g_date_time_format (local, "%H:%M");
}

/* Sato's first and last activity times of the day go to the server with
 * the sync, once, and again only when they change; Tanaka, Sato's
 * manager, sees them beside Sato's punches with the gap (乖離) flagged;
 * Yamada, of another team, never gets them. */
static void
test_activity_upload (Fixture *f,
                      gconstpointer data)
{
  g_autoptr(GTimeZone) tokyo = g_time_zone_new_identifier ("Asia/Tokyo");
  g_autoptr(GDateTime) now = g_date_time_new_now (tokyo);
  g_autoptr(GDateTime) midnight = g_date_time_new (tokyo, g_date_time_get_year (now), g_date_time_get_month (now),
                                                    g_date_time_get_day_of_month (now), 0, 0, 0);
  gint64 now_unix = g_date_time_to_unix (now);
  /* 45 minutes before the clock-in, or as early as today allows */
  gint64 first = MAX (g_date_time_to_unix (midnight) + 1, now_unix - 45 * 60);
  guint expected_gap = (guint) ((now_unix - first) / 60);
  g_autofree char *first_text = clock_text (first);
  g_autofree char *last_text = clock_text (first + 180);
  g_autofree char *in = NULL;
  g_autoptr(JsonObject) sheet = NULL;
  JsonArray *days;
  JsonObject *day;

  enroll_everyone (f);
  record_activity (f, "sato", first, first + 60);
  in = punch (f, "sato", "clock-in", "office");

  sync_pushes (f, "sato", "Pushed 2,"); /* the punch and the day */
  sync_pushes (f, "sato", "Pushed 0,"); /* nothing changed */
  record_activity (f, "sato", first + 120, first + 180);
  sync_pushes (f, "sato", "Pushed 1,"); /* the day, grown */

  sync_ok (f, "tanaka");
  sync_ok (f, "yamada");
  g_assert_cmpuint (count_team_days (f, "tanaka", "sato"), ==, 1);
  g_assert_cmpuint (count_team_days (f, "yamada", "sato"), ==, 0);

  sheet = timesheet (f, "tanaka", "sato");
  days = json_object_get_array_member (sheet, "days");
  g_assert_cmpuint (json_array_get_length (days), ==, 1);
  day = json_array_get_object_element (days, 0);
  g_assert_cmpstr (json_object_get_string_member (day, "activity_first"), ==, first_text);
  g_assert_cmpstr (json_object_get_string_member (day, "activity_last"), ==, last_text);
  /* the clock-in came a moment after `now` */
  g_assert_cmpint (json_object_get_int_member (day, "gap_min"), >=, expected_gap);
  g_assert_cmpint (json_object_get_int_member (day, "gap_min"), <=, expected_gap + 2);
  g_assert_cmpint (json_object_get_boolean_member (day, "gap_notice"), ==,
                   json_object_get_int_member (day, "gap_min") > 30);
}

/* `ringi-cli clock-in`, `break-start`… punch as `punch KIND` does; the
 * timesheet writes its payroll line (UTF-8 with BOM or Shift_JIS) and
 * its PDF. */
static void
test_punch_commands (Fixture *f,
                     gconstpointer data)
{
  g_auto(RingiCliRun) run = { 0 };
  g_autofree char *month = today_in_tokyo ("%Y-%m");
  g_autofree char *csv_path = g_build_filename (f->dir, "sato.csv", NULL);
  g_autofree char *sjis_path = g_build_filename (f->dir, "sato-sjis.csv", NULL);
  g_autofree char *pdf_path = g_build_filename (f->dir, "sato.pdf", NULL);
  g_autofree char *row = g_strdup_printf ("\r\nsato,%s,1,", month);
  g_autofree char *pdf_text = NULL;
  g_autoptr(JsonObject) sheet = NULL;
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GBytes) sjis = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  const char *kinds[] = { "clock-in", "break-start", "break-end", "clock-out" };
  const char *text;
  gsize size = 0;

  enroll_everyone (f);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      cli (f, &run, "sato", kinds[i], "--place", "home", NULL);
      ringi_test_cli_assert_ok (&run);
      g_assert_cmpuint (strlen (g_strchomp (run.out)), ==, 36);
    }
  cli (f, &run, "sato", "clock-in", "office", NULL);
  g_assert_cmpint (run.status, ==, 2);
  sync_ok (f, "sato");

  sheet = timesheet (f, "sato", "sato");
  g_assert_cmpint (json_object_get_int_member (sheet, "punches"), ==, 4);

  cli (f, &run, "sato", "timesheet", "--month", month, "--csv", csv_path, "--pdf", pdf_path, NULL);
  ringi_test_cli_assert_ok (&run);
  cli (f, &run, "sato", "timesheet", "--month", month, "--csv", sjis_path, "--encoding", "sjis", NULL);
  ringi_test_cli_assert_ok (&run);
  cli (f, &run, "sato", "timesheet", "--csv", csv_path, "--encoding", "ebcdic", NULL);
  g_assert_cmpint (run.status, ==, 2);

  csv = read_bytes (csv_path);
  text = g_bytes_get_data (csv, &size);
  g_assert_cmpmem (text, 3, "\xEF\xBB\xBF", 3);
  g_assert_true (g_str_has_prefix (text + 3, RINGI_ATTENDANCE_CSV_HEADER ",name\r\n"));
  ringi_test_assert_contains (text, row);
  ringi_test_assert_contains (text, "試験 太郎");
  sjis = read_bytes (sjis_path);
  text = g_bytes_get_data (sjis, &size);
  g_assert_true (g_str_has_prefix (text, RINGI_ATTENDANCE_CSV_HEADER ",name\r\n"));
  g_assert_nonnull (g_strstr_len (text, size, "\x8E\x8E\x8C\xB1")); /* 試験 */

  pdf = read_bytes (pdf_path);
  g_assert_cmpmem (g_bytes_get_data (pdf, NULL), 5, "%PDF-", 5);
  {
    const char *argv[] = { "pdftotext", "-enc", "UTF-8", pdf_path, "-", NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                                 NULL, &pdf_text, NULL, NULL, &error));
    g_assert_no_error (error);
  }
  ringi_test_assert_contains (pdf_text, "試験 太郎");
  ringi_test_assert_contains (pdf_text, month);
}

int
main (int argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/ringi/attendance/punch/offline", test_offline_punches);
  ADD ("/ringi/attendance/punch/team", test_team);
  ADD ("/ringi/attendance/punch/usage", test_punch_usage);
  ADD ("/ringi/attendance/punch/commands", test_punch_commands);
  ADD ("/ringi/attendance/month-close", test_month_close);
  ADD ("/ringi/attendance/correction/replaces", test_correction_replaces);
  ADD ("/ringi/attendance/correction/rejected", test_correction_rejected);
  ADD ("/ringi/attendance/month-close/across-month-end", test_close_across_month_end);
  ADD ("/ringi/attendance/manager-change", test_manager_change);
  ADD ("/ringi/attendance/correction/shown", test_correction_shown);
  ADD ("/ringi/attendance/correction/forged", test_correction_forged);
  ADD ("/ringi/attendance/correction/tampered", test_correction_tampered);
  ADD ("/ringi/attendance/leave", test_leave);
  ADD ("/ringi/attendance/payroll-csv", test_payroll_csv);
  ADD ("/ringi/attendance/activity/upload", test_activity_upload);

#undef ADD

  status = g_test_run ();
  ringi_test_server_remove_template ();
  return status;
}
