/* test-server-restore.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-server-restore"

#include "config.h"

#include <cairo-pdf.h>
#include <string.h>

#include "ringi-test-cli.h"
#include "ringi-test-server.h"
#include "ringi-test-utils.h"

#define PIN   "8642"
#define ROUTE "approve=sato ; final=tanaka"

/* What IT does after losing a disk: `ringi-server backup` while serving,
 * later `ringi-server restore` with the server stopped, and the staff's
 * clients, which have seen more than the backup holds, carry on. */
typedef struct
{
  char *dir;
  char *data;
  char *ca_file;
  GHashTable *codes; /* login → enrollment code */
  RingiTestServer *server;
} Fixture;

static const char *const people[] = { "suzuki", "sato", "tanaka" };

static void
fixture_setup (Fixture *f,
               gconstpointer data)
{
  g_autoptr(RingiTestRun) route = NULL;

  f->dir = ringi_test_make_tmpdir ("rrst");
  f->data = g_build_filename (f->dir, "data", NULL);
  f->ca_file = g_build_filename (f->data, "tls", "ca.pem", NULL);
  f->codes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  ringi_test_server_init_copy (f->data);

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    g_hash_table_insert (f->codes, (gpointer) people[i], ringi_test_server_add_user (f->data, people[i], NULL));

  route = ringi_test_server_run ("route", "add", "--data", f->data, "--category", "purchase", "--route", ROUTE, NULL);
  g_assert_cmpint (route->status, ==, 0);

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
      g_autofree char *profile = profile_of (f, people[i]);
      g_autofree char *home = g_build_filename (profile, "gnupg", NULL);

      ringi_test_kill_agent (home);
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
  ringi_cli_run_clear (run);
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

static char *
submit (Fixture *f,
        const char *title)
{
  g_auto(RingiCliRun) run = { 0 };
  g_autofree char *pdf = g_build_filename (f->dir, title, NULL);
  cairo_surface_t *surface = cairo_pdf_surface_create (pdf, 595, 842);
  cairo_t *cr = cairo_create (surface);

  cairo_move_to (cr, 72, 72);
  cairo_show_text (cr, title);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  cli (f, &run, "suzuki", "submit", pdf, "--title", title, "--amount", "52000",
       "--counterparty", "文具店", "--route-template", "purchase", NULL);
  ringi_test_cli_assert_ok (&run);
  return g_strstrip (g_strdup (run.out));
}

static void
sync_expect (Fixture *f,
             const char *login,
             const char *expected)
{
  g_auto(RingiCliRun) run = { 0 };

  cli (f, &run, login, "sync", NULL);
  ringi_test_cli_assert_ok (&run);
  ringi_test_assert_contains (run.out, expected);
}

static RingiTestRun *
restore (Fixture *f,
         const char *backup)
{
  return ringi_test_server_run ("restore", "--data", f->data, backup, NULL);
}

static void
test_backup_and_restore (Fixture *f,
                         gconstpointer data)
{
  g_auto(RingiCliRun) run = { 0 };
  g_autofree char *backup = g_build_filename (f->dir, "backup.db", NULL);
  g_autofree char *backup_sha256 = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(RingiTestRun) result = NULL;
  g_autofree char *listen = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    enroll (f, people[i]);
  first = submit (f, "before the backup");
  sync_expect (f, "suzuki", "refused 0");

  result = ringi_test_server_run ("backup", "--data", f->data, backup, NULL);
  g_assert_cmpint (result->status, ==, 0);
  backup_sha256 = ringi_test_file_sha256 (backup);

  /* Work the backup does not hold, which every client has seen. */
  second = submit (f, "after the backup");
  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    sync_expect (f, people[i], "refused 0");

  g_clear_pointer (&result, ringi_test_run_free);
  result = restore (f, backup);
  g_assert_cmpint (result->status, ==, 1);
  ringi_test_assert_contains (result->err, "stop it first");

  /* The clients know the server by its address: it comes back there. */
  listen = g_strdup_printf ("127.0.0.1:%u", ringi_test_server_get_port (f->server));
  g_assert_cmpint (ringi_test_server_stop (f->server), ==, 0);
  g_clear_pointer (&f->server, ringi_test_server_free);
  g_clear_pointer (&result, ringi_test_run_free);
  result = restore (f, backup);
  g_assert_cmpint (result->status, ==, 0);
  ringi_test_assert_contains (result->out, "integrity check passed");
  ringi_test_assert_contains (result->out, "server.db.before-restore-");

  /* The backup is read, never written; the replaced database is kept. */
  {
    g_autofree char *after = ringi_test_file_sha256 (backup);

    g_assert_cmpstr (after, ==, backup_sha256);
  }
  kept = g_strndup (strstr (result->out, "kept as ") + strlen ("kept as "),
                    strlen (strstr (result->out, "kept as ")) - strlen ("kept as ") - 2);
  g_assert_true (g_file_test (kept, G_FILE_TEST_IS_REGULAR));

  {
    const char *const args[] = { "--listen", listen, NULL };

    f->server = ringi_test_server_start_with_args (f->data, args);
  }

  /* The request of before the backup goes on to its decision: tanaka,
   * whose cursor is past every number the backup knows, still learns of
   * sato's approval, because numbers after a restore are never reused. */
  sync_expect (f, "sato", "refused 0");
  cli (f, &run, "sato", "approve", first, NULL);
  ringi_test_cli_assert_ok (&run);
  sync_expect (f, "sato", "refused 0");
  sync_expect (f, "tanaka", "refused 0");
  cli (f, &run, "tanaka", "approve", first, NULL);
  ringi_test_cli_assert_ok (&run);
  sync_expect (f, "tanaka", "refused 0");
  sync_expect (f, "suzuki", "refused 0");
  cli (f, &run, "suzuki", "show", first, NULL);
  ringi_test_cli_assert_ok (&run);
  ringi_test_assert_contains (run.out, "decided");

  /* The request the backup lost is refused with a reason, not dropped. */
  cli (f, &run, "sato", "approve", second, NULL);
  ringi_test_cli_assert_ok (&run);
  sync_expect (f, "sato", "refused 1");
}

static void
test_refuses_bad_backups (Fixture *f,
                          gconstpointer data)
{
  g_autofree char *not_a_database = g_build_filename (f->dir, "notes.txt", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "missing.db", NULL);
  g_autofree char *database = g_build_filename (f->data, "server.db", NULL);
  g_autofree char *before = NULL;
  g_autoptr(RingiTestRun) result = NULL;

  g_assert_cmpint (ringi_test_server_stop (f->server), ==, 0);
  g_clear_pointer (&f->server, ringi_test_server_free);
  before = ringi_test_file_sha256 (database);

  g_assert_true (g_file_set_contents (not_a_database, "not a database", -1, NULL));
  result = restore (f, not_a_database);
  g_assert_cmpint (result->status, ==, 1);
  ringi_test_assert_contains (result->err, "cannot be restored");

  g_clear_pointer (&result, ringi_test_run_free);
  result = restore (f, missing);
  g_assert_cmpint (result->status, ==, 1);

  g_clear_pointer (&result, ringi_test_run_free);
  result = ringi_test_server_run ("restore", "--data", f->dir, database, NULL);
  g_assert_cmpint (result->status, ==, 1);
  ringi_test_assert_contains (result->err, "holds no Ringi server data");

  /* Nothing was touched. */
  {
    g_autofree char *after = ringi_test_file_sha256 (database);

    g_assert_cmpstr (after, ==, before);
  }
}

int
main (int argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/ringi/server-restore/backup-and-restore", test_backup_and_restore);
  ADD ("/ringi/server-restore/refuses-bad-backups", test_refuses_bad_backups);
#undef ADD

  status = g_test_run ();
  ringi_test_server_remove_template ();
  return status;
}
