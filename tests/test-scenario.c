/* test-scenario.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-scenario"

#include "config.h"

#include <cairo-pdf.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "ringi-test-cli.h"
#include "ringi-test-server.h"
#include "ringi-test-utils.h"

#define PIN   "8642"
#define ROUTE "approve=sato ; consult:all=ito,kato ; final=tanaka"

/* The whole 稟議 of one office with five people, each a real ringi-cli
 * profile with a real GnuPG home, against the real ringi-server on
 * 127.0.0.1 over TLS: a request approved, consulted (合議, all of two),
 * sent back, resubmitted and decided; one withdrawn; one decided by a
 * delegate (代決) and reviewed afterwards by the decider (後閲). Every
 * client verifies every stamp, and the exported bundle is checked with
 * the gpg command line and sha256sum alone, receipts included. */

typedef struct
{
  char *dir;
  char *data;
  char *ca_file;
  GHashTable *codes; /* login → enrollment code */
  RingiTestServer *server;
  guint n_pdfs;
} Fixture;

/* 鈴木 applies; 佐藤 (係長) approves; 伊藤 and 加藤 are consulted; 田中
 * (課長) decides. */
static const char *const people[] = { "suzuki", "sato", "ito", "kato", "tanaka" };

static char *
profile_of (Fixture *f,
            const char *login)
{
  return g_build_filename (f->dir, login, NULL);
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
  if (login != NULL)
    {
      g_ptr_array_add (argv, g_strdup ("--profile"));
      g_ptr_array_add (argv, profile_of (f, login));
    }
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
fixture_setup (Fixture *f,
               gconstpointer data)
{
  g_autoptr(RingiTestRun) route = NULL;

  f->dir = ringi_test_make_tmpdir ("rscn");
  f->data = g_build_filename (f->dir, "data", NULL);
  f->ca_file = g_build_filename (f->data, "tls", "ca.pem", NULL);
  f->codes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  ringi_test_server_init_copy (f->data);

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      const char *role = g_str_equal (people[i], "tanaka") ? "manager" : "staff";

      g_hash_table_insert (f->codes, (gpointer) people[i], ringi_test_server_add_user (f->data, people[i], role));
    }

  route = ringi_test_server_run ("route", "add", "--data", f->data, "--category", "purchase", "--route", ROUTE, NULL);
  g_assert_cmpint (route->status, ==, 0);

  f->server = ringi_test_server_start (f->data);
  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    enroll (f, people[i]);
}

static void
kill_agent (const char *home)
{
  const char *argv[] = { "gpgconf", "--homedir", home, "--kill", "all", NULL };

  if (g_file_test (home, G_FILE_TEST_IS_DIR))
    g_spawn_sync (NULL, (char **) argv, NULL,
                  G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                  NULL, NULL, NULL, NULL, NULL, NULL);
}

static void
fixture_teardown (Fixture *f,
                  gconstpointer data)
{
  g_autofree char *check_home = g_build_filename (f->dir, "check", NULL);

  g_assert_cmpint (ringi_test_server_stop (f->server), ==, 0);
  g_clear_pointer (&f->server, ringi_test_server_free);

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      g_autofree char *profile = profile_of (f, people[i]);
      g_autofree char *home = g_build_filename (profile, "gnupg", NULL);

      kill_agent (home);
    }
  kill_agent (check_home);

  g_hash_table_unref (f->codes);
  ringi_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->data);
  g_free (f->ca_file);
}

static char *
write_pdf (Fixture *f,
           const char *text)
{
  g_autofree char *name = g_strdup_printf ("document-%u.pdf", ++f->n_pdfs);
  char *path = g_build_filename (f->dir, name, NULL);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 595, 842);
  cairo_t *cr = cairo_create (surface);

  cairo_move_to (cr, 72, 72);
  cairo_show_text (cr, text);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
  return path;
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

/* @login does `ringi-cli ARGS…` and syncs it at once. */
#define act(f, login, ...)                       \
  G_STMT_START                                   \
  {                                              \
    g_auto(RingiCliRun) act_run = { 0 };        \
    sync_ok (f, login);                          \
    cli (f, &act_run, login, __VA_ARGS__, NULL); \
    ringi_test_cli_assert_ok (&act_run);         \
    sync_ok (f, login);                          \
  }                                              \
  G_STMT_END

static char *
submit (Fixture *f,
        const char *title)
{
  g_auto(RingiCliRun) run = { 0 };
  g_autofree char *pdf = write_pdf (f, title);
  char *id;

  cli (f, &run, "suzuki", "submit", pdf, "--title", title, "--amount", "52000", "--counterparty", "文具店",
       "--route-template", "purchase", NULL);
  ringi_test_cli_assert_ok (&run);
  id = g_strstrip (g_strdup (run.out));
  sync_ok (f, "suzuki");
  return id;
}

/* Every client has the request as @status says, and finds every stamp
 * of it valid. */
static void
assert_everyone_verifies (Fixture *f,
                          const char *id,
                          const char *status,
                          guint n_stamps)
{
  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      g_auto(RingiCliRun) run = { 0 };
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *expected = g_strdup_printf ("Status:        %s", status);
      JsonObject *verdict;
      JsonArray *stamps;

      sync_ok (f, people[i]);
      cli (f, &run, people[i], "verify", id, "--json", NULL);
      ringi_test_cli_assert_ok (&run);
      json_parser_load_from_data (parser, run.out, -1, &error);
      g_assert_no_error (error);
      verdict = json_node_get_object (json_parser_get_root (parser));
      g_assert_cmpstr (json_object_get_string_member (verdict, "verdict"), ==, "valid");
      stamps = json_object_get_array_member (verdict, "stamps");
      g_assert_cmpuint (json_array_get_length (stamps), ==, n_stamps);
      for (guint j = 0; j < n_stamps; j++)
        g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (stamps, j), "result"), ==, "valid");

      cli (f, &run, people[i], "show", id, NULL);
      ringi_test_cli_assert_ok (&run);
      ringi_test_assert_contains (run.out, expected);
    }
}

/* Stock tools */

static char *
run_tool (const char *const *argv,
          int *out_status)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  *out_status = g_subprocess_get_exit_status (process);
  return out;
}

/* sha256sum FILE, as a person would type it */
static char *
sha256sum (const char *path)
{
  const char *argv[] = { "sha256sum", path, NULL };
  int status;
  g_autofree char *out = run_tool (argv, &status);

  g_assert_cmpint (status, ==, 0);
  g_assert_cmpuint (strlen (out), >, 64);
  return g_strndup (out, 64);
}

/* gpg --verify FILE.asc FILE: the primary key's fingerprint that made a
 * good signature (VALIDSIG names it last). */
static char *
gpg_signer (const char *home,
            const char *path)
{
  g_autofree char *asc = g_strconcat (path, ".asc", NULL);
  const char *argv[] = { "gpg", "--homedir", home, "--batch", "--status-fd", "1", "--verify", asc, path, NULL };
  int status;
  g_autofree char *out = run_tool (argv, &status);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

  g_assert_cmpint (status, ==, 0);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "[GNUPG:] VALIDSIG "))
      {
        g_auto(GStrv) words = g_strsplit (lines[i], " ", -1);

        return g_strdup (words[g_strv_length (words) - 1]);
      }

  g_assert_not_reached ();
}

/* The value of "Key: value" in a record file */
static char *
record_value (const char *path,
              const char *key)
{
  g_autofree char *text = NULL;
  g_autofree char *needle = g_strconcat ("\n", key, ": ", NULL);
  const char *start;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  if (g_str_has_prefix (text, needle + 1))
    start = text + strlen (needle) - 1;
  else
    {
      start = strstr (text, needle);
      if (start == NULL)
        return NULL;
      start += strlen (needle);
    }

  return g_strndup (start, strchr (start, '\n') - start);
}

static void
import_keys (const char *bundle,
             const char *home)
{
  g_autofree char *keys = g_build_filename (bundle, "keys", NULL);
  g_autoptr(GDir) dir = g_dir_open (keys, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  g_assert_cmpint (g_mkdir_with_parents (home, 0700), ==, 0);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *key = g_build_filename (keys, name, NULL);
      const char *argv[] = { "gpg", "--homedir", home, "--batch", "--import", key, NULL };
      int status;
      g_autofree char *out = run_tool (argv, &status);

      g_assert_cmpint (status, ==, 0);
    }
}

/* What VERIFY.txt tells a person with GnuPG and coreutils to do: every
 * stamp signed by the key the manifest binds to its signer, on a
 * revision with that sha256, chained to the stamp before; every receipt
 * signed by the server key, for the stamp of its number. */
static void
assert_verifies_with_stock_tools (Fixture *f,
                                  const char *bundle,
                                  guint n_stamps)
{
  g_autofree char *home = g_build_filename (f->dir, "check", NULL);
  g_autofree char *manifest_path = g_build_filename (bundle, "manifest.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *previous = NULL;
  JsonObject *manifest, *signers;
  JsonArray *stamps, *receipts;
  const char *server_key;

  import_keys (bundle, home);
  json_parser_load_from_file (parser, manifest_path, &error);
  g_assert_no_error (error);
  manifest = json_node_get_object (json_parser_get_root (parser));
  signers = json_object_get_object_member (manifest, "signers");
  stamps = json_object_get_array_member (manifest, "stamps");
  receipts = json_object_get_array_member (manifest, "receipts");
  server_key = json_object_get_string_member (manifest, "server_key");
  g_assert_cmpuint (json_array_get_length (stamps), ==, n_stamps);
  g_assert_cmpuint (json_array_get_length (receipts), ==, n_stamps);
  g_assert_nonnull (server_key);

  for (guint i = 0; i < n_stamps; i++)
    {
      g_autofree char *stamp = g_build_filename (bundle, json_array_get_string_element (stamps, i), NULL);
      g_autofree char *receipt = g_build_filename (bundle, json_array_get_string_element (receipts, i), NULL);
      g_autofree char *signer = record_value (stamp, "Signer");
      g_autofree char *revision = record_value (stamp, "Revision");
      g_autofree char *document_sha256 = record_value (stamp, "Document-SHA256");
      g_autofree char *chained_to = record_value (stamp, "Previous");
      g_autofree char *pdf_name = g_strdup_printf ("r%s.pdf", revision);
      g_autofree char *pdf = g_build_filename (bundle, pdf_name, NULL);
      g_autofree char *pdf_sha256 = sha256sum (pdf);
      g_autofree char *stamp_sha256 = sha256sum (stamp);
      g_autofree char *stamp_signer = gpg_signer (home, stamp);
      g_autofree char *receipt_signer = gpg_signer (home, receipt);
      g_autofree char *receipted = record_value (receipt, "Stamp-SHA256");
      g_autofree char *sequence = record_value (receipt, "Sequence");
      g_autofree char *position = g_strdup_printf ("%u", i + 1);

      g_assert_cmpstr (stamp_signer, ==, json_object_get_string_member (signers, signer));
      g_assert_cmpstr (document_sha256, ==, pdf_sha256);
      g_assert_cmpstr (chained_to, ==, previous ? previous : "none");
      g_assert_cmpstr (receipt_signer, ==, server_key);
      g_assert_cmpstr (receipted, ==, stamp_sha256);
      g_assert_cmpstr (sequence, ==, position);

      g_free (previous);
      previous = g_steal_pointer (&stamp_sha256);
    }
}

static void
assert_bundle_valid (Fixture *f,
                     const char *id,
                     const char *name,
                     guint n_stamps)
{
  g_auto(RingiCliRun) run = { 0 };
  g_autofree char *bundle = g_build_filename (f->dir, name, NULL);
  g_autofree char *receipts_ok = NULL;

  cli (f, &run, "suzuki", "export", id, "--out", bundle, NULL);
  ringi_test_cli_assert_ok (&run);
  cli (f, &run, NULL, "bundle", "verify", "--require-decided", bundle, NULL);
  ringi_test_cli_assert_ok (&run);
  ringi_test_assert_contains (run.out, "Verdict: valid");
  receipts_ok = g_strdup_printf ("receipt ok (sequence %u)", n_stamps);
  ringi_test_assert_contains (run.out, receipts_ok);
  g_assert_null (strstr (run.out, "receipt missing"));
  g_assert_null (strstr (run.out, "receipt bad"));

  assert_verifies_with_stock_tools (f, bundle, n_stamps);
}

/* Submit → approve → consult all of two, one of whom sends it back;
 * resubmit with a corrected document → approve → consult → final. */
static void
test_send_back_and_decide (Fixture *f,
                           gconstpointer data)
{
  g_autofree char *id = submit (f, "コピー用紙の購入");
  g_autofree char *corrected = write_pdf (f, "コピー用紙の購入 (訂正)");

  act (f, "sato", "approve", id, "--comment", "確認しました");
  act (f, "ito", "approve", id);
  act (f, "kato", "send-back", id, "--comment", "見積書が古い");
  assert_everyone_verifies (f, id, "sent back", 4);

  act (f, "suzuki", "resubmit", id, corrected);
  act (f, "sato", "approve", id);
  act (f, "kato", "approve", id);
  assert_everyone_verifies (f, id, "in progress, at step 2", 7);
  act (f, "ito", "approve", id);
  act (f, "tanaka", "approve", id, "--comment", "承認します");
  assert_everyone_verifies (f, id, "decided", 9);

  assert_bundle_valid (f, id, "bundle", 9);
}

static void
test_withdraw (Fixture *f,
               gconstpointer data)
{
  g_autofree char *id = submit (f, "出張旅費");

  act (f, "suzuki", "withdraw", id);
  assert_everyone_verifies (f, id, "withdrawn", 2);

  /* Nobody can act on it any more. */
  {
    g_auto(RingiCliRun) run = { 0 };

    cli (f, &run, "sato", "approve", id, NULL);
    g_assert_cmpint (run.status, !=, 0);
  }
}

/* 田中 is away and delegates to 佐藤, who decides for him (代決); back,
 * 田中 reviews it afterwards (後閲). */
static void
test_delegated_decision (Fixture *f,
                         gconstpointer data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autofree char *from = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *until = g_date_time_format (tomorrow, "%Y-%m-%d");
  g_autofree char *id = submit (f, "庁用車の修理");

  act (f, "tanaka", "delegate", "--to", "sato", "--from", from, "--until", until);
  act (f, "sato", "approve", id);
  act (f, "ito", "approve", id);
  act (f, "kato", "approve", id);
  act (f, "sato", "approve", id, "--on-behalf-of", "tanaka", "--comment", "代決します");
  assert_everyone_verifies (f, id, "decided", 5);

  {
    g_auto(RingiCliRun) run = { 0 };

    cli (f, &run, "tanaka", "show", id, NULL);
    ringi_test_cli_assert_ok (&run);
    ringi_test_assert_contains (run.out, "post-review=tanaka");
    ringi_test_assert_contains (run.out, "sato for tanaka");
  }

  act (f, "tanaka", "acknowledge", id);
  assert_everyone_verifies (f, id, "decided", 6);

  assert_bundle_valid (f, id, "bundle", 6);
}

int
main (int argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/ringi/scenario/send-back-and-decide", test_send_back_and_decide);
  ADD ("/ringi/scenario/withdraw", test_withdraw);
  ADD ("/ringi/scenario/delegated-decision", test_delegated_decision);
#undef ADD

  status = g_test_run ();
  ringi_test_server_remove_template ();
  return status;
}
