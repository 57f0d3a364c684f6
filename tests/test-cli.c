/* test-cli.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-cli"

#include "config.h"

#include <cairo-pdf.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "ringi-mock-server.h"
#include "ringi-store.h"
#include "ringi-test-cli.h"
#include "ringi-test-tls.h"
#include "ringi-test-utils.h"

#define PIN "8642"

/* ringi-cli as a separate process, against the mock server running in
 * this test process: the test spins its main loop while the command
 * runs, so that the mock can answer. */
typedef struct
{
  RingiMockServer *mock;
  char *base;
  gboolean no_passphrase;
} Fixture;

static void
fixture_setup (Fixture *f,
               gconstpointer data)
{
  f->mock = ringi_mock_server_new ();
  ringi_mock_server_add_user (f->mock, "suzuki", "鈴木 一郎", "code-suzuki");
  ringi_mock_server_add_user (f->mock, "sato", "佐藤 花子", "code-sato");
  ringi_mock_server_add_user (f->mock, "tanaka", "田中 次郎", "code-tanaka");
  ringi_mock_server_add_route_template (f->mock, "purchase", 0, "approve=sato ; final=tanaka");
  f->base = ringi_test_make_tmpdir ("rcli");
}

static char *
profile_of (Fixture *f,
            const char *login)
{
  return g_build_filename (f->base, login, NULL);
}

static void
kill_agent (Fixture *f,
            const char *login)
{
  g_autofree char *profile = profile_of (f, login);
  g_autofree char *home = g_build_filename (profile, "gnupg", NULL);
  const char *argv[] = { "gpgconf", "--homedir", home, "--kill", "all", NULL };

  if (g_file_test (home, G_FILE_TEST_IS_DIR))
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                  NULL, NULL, NULL, NULL, NULL, NULL);
}

static void
fixture_teardown (Fixture *f,
                  gconstpointer data)
{
  kill_agent (f, "suzuki");
  kill_agent (f, "sato");
  kill_agent (f, "tanaka");
  ringi_test_remove_tree (f->base);
  g_free (f->base);
  ringi_mock_server_free (f->mock);
}

static void
run_argv (Fixture *f,
          const char *const *argv,
          RingiCliRun *run)
{
  ringi_test_cli_runv (run, argv, f->no_passphrase ? NULL : PIN);
}

/* ringi-cli COMMAND ARGS… --profile BASE/LOGIN */
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
  if (login != NULL)
    {
      g_ptr_array_add (argv, g_strdup ("--profile"));
      g_ptr_array_add (argv, profile_of (f, login));
    }
  g_ptr_array_add (argv, NULL);
  run_argv (f, (const char *const *) argv->pdata, run);
}

static void
assert_ok (RingiCliRun *run)
{
  ringi_test_cli_assert_ok (run);
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

/* A real one-page PDF (the export draws seals on it with poppler),
 * different for each name. */
static char *
write_pdf (Fixture *f,
           const char *name)
{
  char *path = g_build_filename (f->base, name, NULL);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 595, 842);
  cairo_t *cr = cairo_create (surface);

  cairo_move_to (cr, 72, 72);
  cairo_show_text (cr, name);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return path;
}

static void
enroll (Fixture *f,
        const char *login)
{
  g_auto(RingiCliRun) run = { 0 };
  g_autofree char *code = g_strconcat ("code-", login, NULL);
  g_autofree char *profile = profile_of (f, login);

  /* The test's fast gpg-agent settings, before the first key */
  g_autofree char *home = g_build_filename (profile, "gnupg", NULL);
  g_assert_cmpint (g_mkdir_with_parents (home, 0700), ==, 0);
  ringi_test_write_fast_agent_conf (home);

  cli (f, &run, login, "enroll", "--server", ringi_mock_server_get_url (f->mock),
       "--ca", ringi_mock_server_get_ca_file (f->mock), "--login", login, "--code", code, NULL);
  assert_ok (&run);
  ringi_test_assert_contains (run.out, login);
}

static char *
submit (Fixture *f,
        const char *login,
        const char *amount,
        const char *counterparty)
{
  g_auto(RingiCliRun) run = { 0 };
  g_autofree char *pdf = write_pdf (f, counterparty);

  cli (f, &run, login, "submit", pdf, "--title", "コピー用紙の購入", "--amount", amount,
       "--counterparty", counterparty, "--date", "2026-11-20", "--route-template", "purchase", NULL);
  assert_ok (&run);
  g_strchomp (run.out);
  g_assert_cmpuint (strlen (run.out), ==, 36);
  return g_strdup (run.out);
}

static void
test_usage (Fixture *f,
            gconstpointer data)
{
  g_auto(RingiCliRun) run = { 0 };
  g_autofree char *pdf = write_pdf (f, "usage");

  cli (f, &run, NULL, NULL);
  g_assert_cmpint (run.status, ==, 2);

  cli (f, &run, NULL, "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  ringi_test_assert_contains (run.out, "approve");
  ringi_test_assert_contains (run.out, "send-back");

  cli (f, &run, NULL, "no-such-command", NULL);
  g_assert_cmpint (run.status, ==, 2);

  cli (f, &run, "suzuki", "submit", pdf, "--route-template", "purchase", NULL);
  g_assert_cmpint (run.status, ==, 2);
  ringi_test_assert_contains (run.err, "--title");

  cli (f, &run, "suzuki", "submit", pdf, "--title", "t", "--route", "final=tanaka", "--route-template", "purchase", NULL);
  g_assert_cmpint (run.status, ==, 2);

  cli (f, &run, "suzuki", "submit", pdf, "--title", "t", "--route", "final=tanaka", "--amount", "12万", NULL);
  g_assert_cmpint (run.status, ==, 2);

  cli (f, &run, "suzuki", "approve", NULL);
  g_assert_cmpint (run.status, ==, 2);

  cli (f, &run, "suzuki", "approve", "some-id", "--page", "1", NULL);
  g_assert_cmpint (run.status, ==, 2);

  cli (f, &run, "suzuki", "reject", "some-id", NULL);
  g_assert_cmpint (run.status, ==, 2);
  ringi_test_assert_contains (run.err, "--comment");

  cli (f, &run, "suzuki", "search", "--from", "20261120", NULL);
  g_assert_cmpint (run.status, ==, 2);

  /* Well formed but impossible: a failure, not a usage error */
  cli (f, &run, "suzuki", "sync", NULL);
  g_assert_cmpint (run.status, ==, 1);
  ringi_test_assert_contains (run.err, "not enrolled");
}

static void
test_submit_and_sync (Fixture *f,
                      gconstpointer data)
{
  g_auto(RingiCliRun) run = { 0 };
  g_autoptr(JsonNode) directory = NULL;
  g_autoptr(JsonNode) sent = NULL;
  g_autoptr(JsonNode) shown = NULL;
  g_autofree char *id = NULL;
  JsonObject *request;
  JsonArray *stamps;

  enroll (f, "suzuki");

  cli (f, &run, "suzuki", "directory", "--json", NULL);
  assert_ok (&run);
  directory = parse_json (run.out);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (directory), "users")), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (json_node_get_object (directory), "route_templates"), 0), "route"),
                   ==, "approve=sato ; final=tanaka");

  id = submit (f, "suzuki", "52000", "文具店");
  cli (f, &run, "suzuki", "sent", "--json", NULL);
  assert_ok (&run);
  sent = parse_json (run.out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (sent)), ==, 1);
  request = json_array_get_object_element (json_node_get_array (sent), 0);
  g_assert_cmpstr (json_object_get_string_member (request, "id"), ==, id);
  g_assert_true (json_object_get_boolean_member (request, "pending"));
  g_assert_cmpint (json_object_get_int_member (request, "amount"), ==, 52000);

  cli (f, &run, "suzuki", "sync", NULL);
  assert_ok (&run);
  ringi_test_assert_contains (run.out, "Pushed 1, pulled 3, refused 0");

  /* The global option, before the command, works the same. */
  {
    g_autofree char *profile = profile_of (f, "suzuki");
    g_autofree char *prefix = g_strndup (id, 8);
    const char *argv[] = { "--profile", profile, "show", prefix, "--json", NULL };

    run_argv (f, argv, &run);
  }
  assert_ok (&run);
  shown = parse_json (run.out);
  request = json_node_get_object (shown);
  g_assert_cmpstr (json_object_get_string_member (request, "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (request, "status"), ==, "in-progress");
  g_assert_false (json_object_get_boolean_member (request, "pending"));
  stamps = json_object_get_array_member (request, "stamps");
  g_assert_cmpuint (json_array_get_length (stamps), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (stamps, 0), "action"), ==, "submit");
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (stamps, 0), "receipt"));
}

static void
test_approve_flow (Fixture *f,
                   gconstpointer data)
{
  g_auto(RingiCliRun) run = { 0 };
  g_autoptr(JsonNode) inbox = NULL;
  g_autoptr(JsonNode) shown = NULL;
  g_autofree char *id = NULL;
  JsonObject *waiting;
  JsonArray *stamps;

  enroll (f, "suzuki");
  enroll (f, "sato");
  id = submit (f, "suzuki", "52000", "文具店");
  cli (f, &run, "suzuki", "sync", NULL);
  assert_ok (&run);

  cli (f, &run, "sato", "sync", NULL);
  assert_ok (&run);
  cli (f, &run, "sato", "inbox", "--json", NULL);
  assert_ok (&run);
  inbox = parse_json (run.out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (inbox)), ==, 1);
  waiting = json_array_get_object_element (json_node_get_array (inbox), 0);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (waiting, "actions"), 0), ==, "approve");

  /* Not the applicant's to reject */
  cli (f, &run, "suzuki", "reject", id, "--comment", "no", NULL);
  g_assert_cmpint (run.status, ==, 1);

  cli (f, &run, "sato", "approve", id, "--comment", "確認しました", "--page", "1", "--x", "480", "--y", "40", NULL);
  assert_ok (&run);
  cli (f, &run, "sato", "sync", NULL);
  assert_ok (&run);
  ringi_test_assert_contains (run.out, "Pushed 1");

  cli (f, &run, "suzuki", "sync", NULL);
  assert_ok (&run);
  cli (f, &run, "suzuki", "show", id, "--json", NULL);
  assert_ok (&run);
  shown = parse_json (run.out);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (shown), "current_step"), ==, 2);
  stamps = json_object_get_array_member (json_node_get_object (shown), "stamps");
  g_assert_cmpuint (json_array_get_length (stamps), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (stamps, 1), "comment"), ==, "確認しました");

  cli (f, &run, "suzuki", "show", id, NULL);
  assert_ok (&run);
  ringi_test_assert_contains (run.out, "確認しました");
}

static void
test_refused (Fixture *f,
              gconstpointer data)
{
  g_auto(RingiCliRun) run = { 0 };
  g_autoptr(JsonNode) sent = NULL;
  g_autofree char *id = NULL;

  enroll (f, "suzuki");
  ringi_mock_server_refuse_next_op (f->mock, "not-on-route", "tanaka may not decide purchases");
  id = submit (f, "suzuki", "52000", "文具店");

  cli (f, &run, "suzuki", "sync", NULL);
  assert_ok (&run);
  ringi_test_assert_contains (run.out, "refused 1");
  ringi_test_assert_contains (run.out, "tanaka may not decide purchases");
  ringi_test_assert_contains (run.out, "not-on-route");

  /* Undone here, and shown once */
  cli (f, &run, "suzuki", "sent", "--json", NULL);
  assert_ok (&run);
  sent = parse_json (run.out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (sent)), ==, 0);
  cli (f, &run, "suzuki", "sync", NULL);
  assert_ok (&run);
  g_assert_null (strstr (run.out, "Refused"));
}

static void
test_offline (Fixture *f,
              gconstpointer data)
{
  g_auto(RingiCliRun) run = { 0 };
  g_autofree char *id = NULL;

  enroll (f, "suzuki");
  ringi_mock_server_stop (f->mock);

  id = submit (f, "suzuki", "52000", "文具店");
  cli (f, &run, "suzuki", "withdraw", id, NULL);
  assert_ok (&run);
  cli (f, &run, "suzuki", "sync", NULL);
  g_assert_cmpint (run.status, ==, 1);
  ringi_test_assert_contains (run.err, "2 actions wait");

  ringi_mock_server_restart (f->mock);
  cli (f, &run, "suzuki", "sync", NULL);
  assert_ok (&run);
  ringi_test_assert_contains (run.out, "Pushed 2");
  g_assert_cmpuint (ringi_mock_server_count_stamps (f->mock, id), ==, 2);
}

static void
test_no_passphrase (Fixture *f,
                    gconstpointer data)
{
  g_auto(RingiCliRun) run = { 0 };
  g_autofree char *pdf = write_pdf (f, "nopin");

  enroll (f, "suzuki");
  f->no_passphrase = TRUE;
  cli (f, &run, "suzuki", "submit", pdf, "--title", "t", "--route-template", "purchase", NULL);
  g_assert_cmpint (run.status, ==, 1);
  ringi_test_assert_contains (run.err, "RINGI_PASSPHRASE");
}

static void
test_search (Fixture *f,
             gconstpointer data)
{
  g_auto(RingiCliRun) run = { 0 };
  g_autoptr(JsonNode) found = NULL;
  g_auto(GStrv) lines = NULL;

  enroll (f, "suzuki");
  g_free (submit (f, "suzuki", "52000", "文具店"));
  g_free (submit (f, "suzuki", "1200000", "印刷所"));
  g_free (submit (f, "suzuki", "800", "文具の店"));

  /* Two conditions combined, the amount a range */
  cli (f, &run, "suzuki", "search", "--counterparty", "文具", "--min-amount", "1000", "--json", NULL);
  assert_ok (&run);
  found = parse_json (run.out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (found)), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_node_get_array (found), 0), "counterparty"),
                   ==, "文具店");

  cli (f, &run, "suzuki", "search", "--from", "2026-11-01", "--to", "2026-11-30", "--max-amount", "100000", NULL);
  assert_ok (&run);
  ringi_test_assert_contains (run.out, "2026-11-20");
  lines = g_strsplit (run.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
}

static void
test_delegate (Fixture *f,
               gconstpointer data)
{
  g_auto(RingiCliRun) run = { 0 };

  enroll (f, "tanaka");
  cli (f, &run, "tanaka", "delegate", "--to", "nobody", "--from", "2026-12-01", "--until", "2026-12-07", NULL);
  g_assert_cmpint (run.status, ==, 1);

  cli (f, &run, "tanaka", "delegate", "--to", "sato", "--from", "2026-12-01", "--until", "2026-12-07", NULL);
  assert_ok (&run);
  cli (f, &run, "tanaka", "sync", NULL);
  assert_ok (&run);
  ringi_test_assert_contains (run.out, "Pushed 1");
}

static int
run_program (const char *const *argv,
             const char *gnupg_home)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_subprocess_launcher_setenv (launcher, "GNUPGHOME", gnupg_home, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (process);
}

/* Stock gpg alone checks the server's receipt in the bundle. */
static void
assert_receipt_verifies_with_gpg (const char *bundle)
{
  g_autofree char *home = ringi_test_make_tmpdir ("rcli-gpg");
  g_autofree char *keys = g_build_filename (bundle, "keys", NULL);
  g_autofree char *receipt = g_build_filename (bundle, "receipts", "0001.txt", NULL);
  g_autofree char *signature = g_strconcat (receipt, ".asc", NULL);
  g_autoptr(GDir) dir = g_dir_open (keys, 0, NULL);
  const char *verify[] = { "gpg", "--batch", "--verify", signature, receipt, NULL };
  const char *kill[] = { "gpgconf", "--kill", "all", NULL };
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *key = g_build_filename (keys, name, NULL);
      const char *import[] = { "gpg", "--batch", "--import", key, NULL };

      g_assert_cmpint (run_program (import, home), ==, 0);
    }

  g_assert_cmpint (run_program (verify, home), ==, 0);
  run_program (kill, home);
  ringi_test_remove_tree (home);
}

static void
break_binding (Fixture *f,
               const char *owner,
               const char *login)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *profile = profile_of (f, owner);
  g_autofree char *path = g_build_filename (profile, "profile.db", NULL);
  g_autoptr(RingiStore) store = ringi_store_open (path, &error);
  g_autoptr(RingiUser) user = NULL;

  g_assert_no_error (error);
  user = ringi_store_get_user (store, login, &error);
  g_assert_no_error (error);
  g_free (user->fingerprint);
  user->fingerprint = g_strdup ("0123456789ABCDEF0123456789ABCDEF01234567");
  g_assert_true (ringi_store_put_user (store, user, &error));
  g_assert_no_error (error);
}

static void
test_verify_and_export (Fixture *f,
                        gconstpointer data)
{
  g_auto(RingiCliRun) run = { 0 };
  g_autoptr(JsonNode) verdict = NULL;
  g_autoptr(JsonNode) manifest = NULL;
  g_autofree char *id = NULL;
  g_autofree char *bundle = g_build_filename (f->base, "bundle", NULL);
  g_autofree char *manifest_path = g_build_filename (bundle, "manifest.json", NULL);
  g_autofree char *text = NULL;
  JsonObject *object;

  enroll (f, "suzuki");
  enroll (f, "sato");
  id = submit (f, "suzuki", "52000", "文具店");
  cli (f, &run, "suzuki", "sync", NULL);
  assert_ok (&run);
  cli (f, &run, "sato", "sync", NULL);
  cli (f, &run, "sato", "approve", id, "--comment", "確認しました", NULL);
  assert_ok (&run);
  cli (f, &run, "sato", "sync", NULL);
  assert_ok (&run);
  cli (f, &run, "suzuki", "sync", NULL);
  assert_ok (&run);

  /* Every client verifies the whole chain. */
  cli (f, &run, "suzuki", "verify", id, NULL);
  assert_ok (&run);
  ringi_test_assert_contains (run.out, "Verdict: valid");
  cli (f, &run, "sato", "verify", id, "--json", NULL);
  assert_ok (&run);
  verdict = parse_json (run.out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (verdict), "verdict"), ==, "valid");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (verdict), "stamps")), ==, 2);

  cli (f, &run, "suzuki", "verify", "no-such-request", NULL);
  g_assert_cmpint (run.status, ==, 2);

  /* The bundle carries the receipts and the server's key. */
  cli (f, &run, "suzuki", "export", id, "--out", bundle, NULL);
  assert_ok (&run);
  g_assert_true (g_file_get_contents (manifest_path, &text, NULL, NULL));
  manifest = parse_json (text);
  object = json_node_get_object (manifest);
  g_assert_cmpuint (strlen (json_object_get_string_member (object, "server_key")), ==, 40);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "receipts")), ==, 2);
  assert_receipt_verifies_with_gpg (bundle);

  /* Approved without a place, the seal went in the first box at the top
   * right of page 1, as in the request view. */
  {
    g_autofree char *path = g_build_filename (bundle, "stamps", "0002.txt", NULL);
    g_autofree char *record = NULL;

    g_assert_true (g_file_get_contents (path, &record, NULL, NULL));
    ringi_test_assert_contains (record, "\nPlacement: 1 ");
    ringi_test_assert_contains (record, " 36 36\n");
  }

  cli (f, &run, NULL, "bundle", "verify", bundle, NULL);
  assert_ok (&run);

  /* A directory that binds another key to 佐藤 makes her stamp invalid. */
  break_binding (f, "suzuki", "sato");
  cli (f, &run, "suzuki", "verify", id, NULL);
  g_assert_cmpint (run.status, ==, 1);
  ringi_test_assert_contains (run.out, "INVALID");
}

int
main (int argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/ringi/cli/usage", test_usage);
  ADD ("/ringi/cli/submit-and-sync", test_submit_and_sync);
  ADD ("/ringi/cli/approve", test_approve_flow);
  ADD ("/ringi/cli/refused", test_refused);
  ADD ("/ringi/cli/offline", test_offline);
  ADD ("/ringi/cli/no-passphrase", test_no_passphrase);
  ADD ("/ringi/cli/search", test_search);
  ADD ("/ringi/cli/delegate", test_delegate);
  ADD ("/ringi/cli/verify-export", test_verify_and_export);
#undef ADD

  return g_test_run ();
}
