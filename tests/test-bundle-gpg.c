/* test-bundle-gpg.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Interoperability from the outside in: bundles written with the `gpg`
 * command line and no Ringi code, checked by `ringi-cli bundle verify`,
 * with every tampering the format must catch.
 */

#define G_LOG_DOMAIN "test-bundle-gpg"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "ringi-test-utils.h"

enum
{
  SUZUKI,
  SATO,
  YAMADA,
  TANAKA,
  N_USERS
};

static const char *logins[N_USERS] = { "suzuki", "sato", "yamada", "tanaka" };

/* One GnuPG home with everybody's key, made once: key generation is the
 * slow part of this program. */
static char *gnupghome;
static char *fingerprints[N_USERS];

#define DOCUMENT "5f0c2a9e-3b71-4c8d-9e2f-a1b2c3d4e5f6"

typedef struct
{
  char *dir;
  char *pdf_sha256;
  char *previous;
  GPtrArray *stamps;
  GPtrArray *delegations;
  guint minute;
  /* when >= 0: the manifest binds this user to another user's key */
  int rebind_user;
  guint rebind_to_key;
} Bundle;

static int
run (const char *const *argv,
     char **out_stdout)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;

  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, out_stdout, &err, &error);
  g_assert_no_error (error);
  if (g_test_verbose () && err != NULL && *err)
    g_printerr ("%s", err);

  return g_subprocess_get_exit_status (proc);
}

static char *
fingerprint_of (const char *login)
{
  g_autofree char *uid = g_strdup_printf ("%s@ringi.invalid", login);
  const char *argv[] = { "gpg", "--homedir", gnupghome, "--with-colons", "--list-keys", uid, NULL };
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_cmpint (run (argv, &out), ==, 0);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "fpr:"))
        {
          g_auto(GStrv) fields = g_strsplit (lines[i], ":", -1);
          return g_strdup (fields[9]);
        }
    }

  g_assert_not_reached ();
}

static void
make_keys (void)
{
  gnupghome = ringi_test_make_tmpdir ("rb-gpg");

  for (guint i = 0; i < N_USERS; i++)
    {
      g_autofree char *uid = g_strdup_printf ("%s <%s@ringi.invalid>", logins[i], logins[i]);
      const char *argv[] = { "gpg", "--homedir", gnupghome, "--batch", "--pinentry-mode", "loopback",
                             "--passphrase", "", "--quick-gen-key", uid, "ed25519", "sign", "never", NULL };

      g_assert_cmpint (run (argv, NULL), ==, 0);
      fingerprints[i] = fingerprint_of (logins[i]);
      g_assert_cmpuint (strlen (fingerprints[i]), ==, 40);
    }
}

static void
kill_agent (void)
{
  const char *argv[] = { "gpgconf", "--homedir", gnupghome, "--kill", "all", NULL };

  run (argv, NULL);
  ringi_test_remove_tree (gnupghome);
}

static void
write_file (const char *dir,
            const char *name,
            const char *contents,
            gssize length)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (parent, 0700);
  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
}

static void
gpg_sign (const char *dir,
          const char *name,
          guint key)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *asc = g_strconcat (path, ".asc", NULL);
  const char *argv[] = { "gpg", "--homedir", gnupghome, "--batch", "--yes", "--pinentry-mode", "loopback",
                         "--passphrase", "", "--local-user", fingerprints[key], "--armor",
                         "--detach-sign", "--output", asc, path, NULL };

  g_assert_cmpint (run (argv, NULL), ==, 0);
}

static void
bundle_init (Bundle *b)
{
  g_autofree char *pdf_path = g_build_filename (ringi_test_corpus_dir (), "pdf", "jlshort.pdf", NULL);
  g_autofree char *pdf = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  memset (b, 0, sizeof *b);
  b->rebind_user = -1;
  b->dir = ringi_test_make_tmpdir ("rb-bundle");
  b->stamps = g_ptr_array_new_with_free_func (g_free);
  b->delegations = g_ptr_array_new_with_free_func (g_free);

  g_file_get_contents (pdf_path, &pdf, &length, &error);
  g_assert_no_error (error);
  write_file (b->dir, "r1.pdf", pdf, length);
  b->pdf_sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) pdf, length);

  for (guint i = 0; i < N_USERS; i++)
    {
      g_autofree char *name = g_strdup_printf ("keys/%s.asc", fingerprints[i]);
      const char *argv[] = { "gpg", "--homedir", gnupghome, "--armor", "--export", fingerprints[i], NULL };
      g_autofree char *key = NULL;

      g_assert_cmpint (run (argv, &key), ==, 0);
      write_file (b->dir, name, key, -1);
    }
}

static void
bundle_clear (Bundle *b)
{
  ringi_test_remove_tree (b->dir);
  g_free (b->dir);
  g_free (b->pdf_sha256);
  g_free (b->previous);
  g_ptr_array_unref (b->stamps);
  g_ptr_array_unref (b->delegations);
}

typedef struct
{
  guint signer;
  guint key;
  guint step;
  const char *action;
  guint to_step;
  int on_behalf_of;
  const char *route;
  const char *comment;
} StampSpec;

/* Writes a stamp record exactly as docs/stamp-format.md says, by hand. */
static void
bundle_add_stamp (Bundle *b,
                  const StampSpec *s)
{
  g_autoptr(GString) record = g_string_new (NULL);
  g_autofree char *name = g_strdup_printf ("stamps/%04u.txt", b->stamps->len + 1);
  g_autofree char *comment_sha = NULL;

  if (s->comment != NULL)
    comment_sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, s->comment, -1);

  g_string_append (record, "Ringi-Stamp: 1\n");
  g_string_append (record, "Document: " DOCUMENT "\n");
  g_string_append (record, "Revision: 1\n");
  g_string_append_printf (record, "Document-SHA256: %s\n", b->pdf_sha256);
  g_string_append_printf (record, "Step: %u\n", s->step);
  g_string_append_printf (record, "Action: %s\n", s->action);
  if (s->to_step != 0)
    g_string_append_printf (record, "To-Step: %u\n", s->to_step);
  g_string_append_printf (record, "Signer: %s\n", logins[s->signer]);
  g_string_append_printf (record, "Signer-Key: %s\n", fingerprints[s->key]);
  if (s->on_behalf_of >= 0)
    g_string_append_printf (record, "On-Behalf-Of: %s\n", logins[s->on_behalf_of]);
  g_string_append_printf (record, "Time: 2026-11-23T10:%02u:00+09:00\n", b->minute++);
  g_string_append_printf (record, "Previous: %s\n", b->previous ? b->previous : "none");
  g_string_append_printf (record, "Comment-SHA256: %s\n", comment_sha ? comment_sha : "none");
  if (s->route != NULL)
    g_string_append_printf (record, "Route: %s\n", s->route);

  write_file (b->dir, name, record->str, record->len);
  gpg_sign (b->dir, name, s->key);

  g_free (b->previous);
  b->previous = g_compute_checksum_for_string (G_CHECKSUM_SHA256, record->str, record->len);
  g_ptr_array_add (b->stamps, g_steal_pointer (&name));
}

static void
bundle_add_delegation (Bundle *b,
                       guint from,
                       guint to,
                       const char *valid_from,
                       const char *valid_until)
{
  g_autoptr(GString) record = g_string_new (NULL);
  g_autofree char *name = g_strdup_printf ("delegations/d%u.txt", b->delegations->len + 1);

  g_string_append (record, "Ringi-Delegation: 1\n");
  g_string_append_printf (record, "Delegation: 0d000000-0000-4000-8000-00000000000%u\n", b->delegations->len + 1);
  g_string_append_printf (record, "From: %s\n", logins[from]);
  g_string_append_printf (record, "To: %s\n", logins[to]);
  g_string_append_printf (record, "Valid-From: %s\n", valid_from);
  g_string_append_printf (record, "Valid-Until: %s\n", valid_until);
  g_string_append_printf (record, "Signer-Key: %s\n", fingerprints[from]);
  g_string_append (record, "Time: 2026-11-20T09:00:00+09:00\n");

  write_file (b->dir, name, record->str, record->len);
  gpg_sign (b->dir, name, from);
  g_ptr_array_add (b->delegations, g_steal_pointer (&name));
}

static void
bundle_write_manifest (Bundle *b)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, "ringi-bundle-1");
  json_builder_set_member_name (builder, "document");
  json_builder_add_string_value (builder, DOCUMENT);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, "公用車の購入");
  json_builder_set_member_name (builder, "revisions");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "file");
  json_builder_add_string_value (builder, "r1.pdf");
  json_builder_set_member_name (builder, "sha256");
  json_builder_add_string_value (builder, b->pdf_sha256);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "signers");
  json_builder_begin_object (builder);
  for (guint i = 0; i < N_USERS; i++)
    {
      json_builder_set_member_name (builder, logins[i]);
      json_builder_add_string_value (builder, (int) i == b->rebind_user ? fingerprints[b->rebind_to_key] : fingerprints[i]);
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "stamps");
  json_builder_begin_array (builder);
  for (guint i = 0; i < b->stamps->len; i++)
    json_builder_add_string_value (builder, b->stamps->pdata[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "delegations");
  json_builder_begin_array (builder);
  for (guint i = 0; i < b->delegations->len; i++)
    json_builder_add_string_value (builder, b->delegations->pdata[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "server_key");
  json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  write_file (b->dir, "manifest.json", text, -1);
}

/* Runs the verifier; returns its exit status and the result word of each
 * stamp from its --json report. */
static int
verify (Bundle *b,
        GStrv *out_results)
{
  const char *argv[] = { g_getenv ("RINGI_CLI_EXE"), "bundle", "verify", b->dir, "--json", NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GStrvBuilder) results = g_strv_builder_new ();
  g_autofree char *out = NULL;
  JsonArray *stamps;
  int status;

  status = run (argv, &out);
  g_test_message ("ringi-cli bundle verify: exit %d\n%s", status, out);
  if (status == 2)
    {
      *out_results = g_strv_builder_end (results);
      return status;
    }

  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  stamps = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "stamps");
  for (guint i = 0; i < json_array_get_length (stamps); i++)
    g_strv_builder_add (results, json_object_get_string_member (json_array_get_object_element (stamps, i), "result"));

  *out_results = g_strv_builder_end (results);
  return status;
}

static void
assert_results (Bundle *b,
                int expected_status,
                const char *const *expected)
{
  g_auto(GStrv) results = NULL;
  g_autofree char *joined = NULL;
  g_autofree char *wanted = NULL;
  int status = verify (b, &results);

  joined = g_strjoinv (" ", results);
  wanted = g_strjoinv (" ", (GStrv) expected);
  g_assert_cmpstr (joined, ==, wanted);
  g_assert_cmpint (status, ==, expected_status);
}

#define ROUTE "approve=sato ; consult:all=yamada,suzuki ; final=tanaka"

static void
add_happy_path (Bundle *b)
{
  bundle_add_stamp (b, &(StampSpec){ SUZUKI, SUZUKI, 0, "submit", 0, -1, ROUTE, NULL });
  bundle_add_stamp (b, &(StampSpec){ SATO, SATO, 1, "approve", 0, -1, NULL, NULL });
  bundle_add_stamp (b, &(StampSpec){ YAMADA, YAMADA, 2, "approve", 0, -1, NULL, "異議なし" });
  bundle_add_stamp (b, &(StampSpec){ SUZUKI, SUZUKI, 2, "approve", 0, -1, NULL, NULL });
  bundle_add_stamp (b, &(StampSpec){ TANAKA, TANAKA, 3, "approve", 0, -1, NULL, NULL });
}

static void
test_valid (void)
{
  const char *expected[] = { "valid", "valid", "valid", "valid", "valid", NULL };
  Bundle b;

  bundle_init (&b);
  add_happy_path (&b);
  bundle_write_manifest (&b);
  assert_results (&b, 0, expected);
  bundle_clear (&b);
}

static void
test_changed_pdf_byte (void)
{
  const char *expected[] = { "document-changed", "document-changed", "document-changed",
                             "document-changed", "document-changed", NULL };
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = NULL;
  gsize length;
  Bundle b;

  bundle_init (&b);
  add_happy_path (&b);
  bundle_write_manifest (&b);

  path = g_build_filename (b.dir, "r1.pdf", NULL);
  g_file_get_contents (path, &pdf, &length, &error);
  pdf[length / 2] ^= 0x01;
  g_file_set_contents (path, pdf, length, &error);
  g_assert_no_error (error);

  assert_results (&b, 1, expected);
  bundle_clear (&b);
}

static void
test_changed_record_byte (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  char *time;
  Bundle b;

  bundle_init (&b);
  add_happy_path (&b);
  bundle_write_manifest (&b);

  /* Move yamada's stamp by one minute: same length, one byte changed. */
  path = g_build_filename (b.dir, "stamps", "0003.txt", NULL);
  g_file_get_contents (path, &text, NULL, &error);
  time = strstr (text, "T10:02:00");
  g_assert_nonnull (time);
  time[5] = '3';
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);

  /* The next stamp names the original bytes in Previous, so the chain
   * breaks there as well; either finding makes the bundle invalid. */
  {
    g_auto(GStrv) results = NULL;

    g_assert_cmpint (verify (&b, &results), ==, 1);
    g_assert_cmpstr (results[2], ==, "bad-signature");
    g_assert_cmpstr (results[3], ==, "chain-broken");
  }
  bundle_clear (&b);
}

static void
test_removed_stamp (void)
{
  g_auto(GStrv) results = NULL;
  Bundle b;

  bundle_init (&b);
  add_happy_path (&b);
  g_ptr_array_remove_index (b.stamps, 1);
  bundle_write_manifest (&b);

  g_assert_cmpint (verify (&b, &results), ==, 1);
  g_assert_cmpstr (results[0], ==, "valid");
  g_assert_cmpstr (results[1], ==, "chain-broken");
  bundle_clear (&b);
}

static void
test_reordered_stamps (void)
{
  g_auto(GStrv) results = NULL;
  gpointer second;
  Bundle b;

  bundle_init (&b);
  add_happy_path (&b);
  second = g_ptr_array_steal_index (b.stamps, 2);
  g_ptr_array_insert (b.stamps, 3, second);
  bundle_write_manifest (&b);

  g_assert_cmpint (verify (&b, &results), ==, 1);
  g_assert_cmpstr (results[2], ==, "chain-broken");
  bundle_clear (&b);
}

static void
test_other_persons_key (void)
{
  const char *expected[] = { "valid", "key-not-bound", NULL };
  Bundle b;

  /* sato's approval, signed and claimed with yamada's key */
  bundle_init (&b);
  bundle_add_stamp (&b, &(StampSpec){ SUZUKI, SUZUKI, 0, "submit", 0, -1, ROUTE, NULL });
  bundle_add_stamp (&b, &(StampSpec){ SATO, YAMADA, 1, "approve", 0, -1, NULL, NULL });
  bundle_write_manifest (&b);
  assert_results (&b, 1, expected);
  bundle_clear (&b);
}

static void
test_action_not_allowed (void)
{
  const char *expected[] = { "valid", "not-allowed", NULL };
  Bundle b;

  /* tanaka decides before sato approved */
  bundle_init (&b);
  bundle_add_stamp (&b, &(StampSpec){ SUZUKI, SUZUKI, 0, "submit", 0, -1, ROUTE, NULL });
  bundle_add_stamp (&b, &(StampSpec){ TANAKA, TANAKA, 3, "approve", 0, -1, NULL, NULL });
  bundle_write_manifest (&b);
  assert_results (&b, 1, expected);
  bundle_clear (&b);
}

static void
test_actor_not_on_route (void)
{
  const char *expected[] = { "valid", "not-allowed", NULL };
  Bundle b;

  bundle_init (&b);
  bundle_add_stamp (&b, &(StampSpec){ SUZUKI, SUZUKI, 0, "submit", 0, -1, "approve=sato ; final=tanaka", NULL });
  bundle_add_stamp (&b, &(StampSpec){ YAMADA, YAMADA, 1, "approve", 0, -1, NULL, NULL });
  bundle_write_manifest (&b);
  assert_results (&b, 1, expected);
  bundle_clear (&b);
}

static void
test_substitute_decision (void)
{
  const char *expected[] = { "valid", "valid", "valid", "valid", NULL };
  Bundle b;

  /* tanaka is away: sato decides for him (代決), tanaka reviews later (後閲). */
  bundle_init (&b);
  bundle_add_delegation (&b, TANAKA, SATO, "2026-11-01T00:00:00+09:00", "2026-11-30T23:59:59+09:00");
  bundle_add_stamp (&b, &(StampSpec){ SUZUKI, SUZUKI, 0, "submit", 0, -1, "approve=yamada ; final=tanaka", NULL });
  bundle_add_stamp (&b, &(StampSpec){ YAMADA, YAMADA, 1, "approve", 0, -1, NULL, NULL });
  bundle_add_stamp (&b, &(StampSpec){ SATO, SATO, 2, "approve", 0, TANAKA, NULL, NULL });
  bundle_add_stamp (&b, &(StampSpec){ TANAKA, TANAKA, 3, "acknowledge", 0, -1, NULL, NULL });
  bundle_write_manifest (&b);
  assert_results (&b, 0, expected);
  bundle_clear (&b);
}

static void
test_delegation_out_of_period (void)
{
  const char *expected[] = { "valid", "valid", "delegation-invalid", NULL };
  Bundle b;

  bundle_init (&b);
  bundle_add_delegation (&b, TANAKA, SATO, "2026-10-01T00:00:00+09:00", "2026-10-31T23:59:59+09:00");
  bundle_add_stamp (&b, &(StampSpec){ SUZUKI, SUZUKI, 0, "submit", 0, -1, "approve=yamada ; final=tanaka", NULL });
  bundle_add_stamp (&b, &(StampSpec){ YAMADA, YAMADA, 1, "approve", 0, -1, NULL, NULL });
  bundle_add_stamp (&b, &(StampSpec){ SATO, SATO, 2, "approve", 0, TANAKA, NULL, NULL });
  bundle_write_manifest (&b);
  assert_results (&b, 1, expected);
  bundle_clear (&b);
}

static void
test_send_back_and_comment (void)
{
  const char *expected[] = { "valid", "valid", "valid", NULL };
  Bundle b;

  bundle_init (&b);
  bundle_add_stamp (&b, &(StampSpec){ SUZUKI, SUZUKI, 0, "submit", 0, -1, ROUTE, NULL });
  bundle_add_stamp (&b, &(StampSpec){ SATO, SATO, 1, "approve", 0, -1, NULL, NULL });
  bundle_add_stamp (&b, &(StampSpec){ YAMADA, YAMADA, 2, "send-back", 1, -1, NULL, "見積書を添付してください" });
  bundle_write_manifest (&b);
  assert_results (&b, 0, expected);
  bundle_clear (&b);
}

static char *
cli_output (Bundle *b,
            const char *option,
            int *out_status)
{
  const char *argv[] = { g_getenv ("RINGI_CLI_EXE"), "bundle", "verify", b->dir, option, NULL };
  char *out = NULL;

  *out_status = run (argv, &out);
  return out;
}

/* The report says how the request ended, not only that stamps are valid:
 * a chain that stops before the decision is valid but undecided. */
static void
test_outcome (void)
{
  g_autofree char *out = NULL;
  int status;
  Bundle b;

  bundle_init (&b);
  add_happy_path (&b);
  bundle_write_manifest (&b);
  out = cli_output (&b, "--require-decided", &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "Outcome: decided"));
  g_assert_nonnull (strstr (out, "tanaka"));
  g_clear_pointer (&out, g_free);
  bundle_clear (&b);

  bundle_init (&b);
  bundle_add_stamp (&b, &(StampSpec){ SUZUKI, SUZUKI, 0, "submit", 0, -1, ROUTE, NULL });
  bundle_add_stamp (&b, &(StampSpec){ SATO, SATO, 1, "reject", 0, -1, NULL, "予算の範囲外です" });
  bundle_write_manifest (&b);
  out = cli_output (&b, "--json", &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "\"outcome\" : \"rejected\""));
  g_clear_pointer (&out, g_free);
  out = cli_output (&b, "--require-decided", &status);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (out, "Outcome: rejected"));
  bundle_clear (&b);
}

static void
test_backdated_stamp (void)
{
  const char *expected[] = { "valid", "valid", "chain-broken", NULL };
  Bundle b;

  /* The decision is dated before the approval it follows. */
  bundle_init (&b);
  bundle_add_stamp (&b, &(StampSpec){ SUZUKI, SUZUKI, 0, "submit", 0, -1, "approve=sato ; final=tanaka", NULL });
  b.minute = 30;
  bundle_add_stamp (&b, &(StampSpec){ SATO, SATO, 1, "approve", 0, -1, NULL, NULL });
  b.minute = 10;
  bundle_add_stamp (&b, &(StampSpec){ TANAKA, TANAKA, 2, "approve", 0, -1, NULL, NULL });
  bundle_write_manifest (&b);
  assert_results (&b, 1, expected);
  bundle_clear (&b);
}

static void
test_one_key_two_people (void)
{
  const char *expected[] = { "valid", "key-not-bound", "key-not-bound", NULL };
  Bundle b;

  /* The manifest binds tanaka to sato's key, so sato could decide as
   * tanaka: one key must never stand for two people, so neither of the
   * stamps made with it counts. */
  bundle_init (&b);
  b.rebind_user = TANAKA;
  b.rebind_to_key = SATO;
  bundle_add_stamp (&b, &(StampSpec){ SUZUKI, SUZUKI, 0, "submit", 0, -1, "approve=sato ; final=tanaka", NULL });
  bundle_add_stamp (&b, &(StampSpec){ SATO, SATO, 1, "approve", 0, -1, NULL, NULL });
  bundle_add_stamp (&b, &(StampSpec){ TANAKA, SATO, 2, "approve", 0, -1, NULL, NULL });
  bundle_write_manifest (&b);
  assert_results (&b, 1, expected);
  bundle_clear (&b);
}

typedef struct
{
  const char *name;
  const char *manifest;
} BadManifest;

static void
test_unreadable (void)
{
  static const BadManifest cases[] = {
    { "not-json", "{ this is not json" },
    { "wrong-format", "{\"format\": \"ringi-bundle-0\"}" },
    { "escaping-path", "{\"format\": \"ringi-bundle-1\", \"document\": \"" DOCUMENT "\", \"title\": \"t\","
                       " \"revisions\": [{\"revision\": 1, \"file\": \"../r1.pdf\", \"sha256\": \"00\"}],"
                       " \"signers\": {}, \"stamps\": [\"stamps/0001.txt\"], \"delegations\": [], \"server_key\": null}" },
    { "missing-stamp", "{\"format\": \"ringi-bundle-1\", \"document\": \"" DOCUMENT "\", \"title\": \"t\","
                       " \"revisions\": [{\"revision\": 1, \"file\": \"r1.pdf\", \"sha256\": \"00\"}],"
                       " \"signers\": {}, \"stamps\": [\"stamps/9999.txt\"], \"delegations\": [], \"server_key\": null}" },
  };
  Bundle b;

  bundle_init (&b);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(GStrv) results = NULL;

      g_test_message ("manifest: %s", cases[i].name);
      write_file (b.dir, "manifest.json", cases[i].manifest, -1);
      g_assert_cmpint (verify (&b, &results), ==, 2);
    }
  bundle_clear (&b);

  {
    const char *argv[] = { g_getenv ("RINGI_CLI_EXE"), "bundle", "verify", "/nonexistent/bundle", NULL };
    const char *no_args[] = { g_getenv ("RINGI_CLI_EXE"), "bundle", "verify", NULL };

    g_assert_cmpint (run (argv, NULL), ==, 2);
    g_assert_cmpint (run (no_args, NULL), ==, 2);
  }
}

int
main (int argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  make_keys ();

  g_test_add_func ("/ringi/bundle-gpg/valid", test_valid);
  g_test_add_func ("/ringi/bundle-gpg/changed-pdf-byte", test_changed_pdf_byte);
  g_test_add_func ("/ringi/bundle-gpg/changed-record-byte", test_changed_record_byte);
  g_test_add_func ("/ringi/bundle-gpg/removed-stamp", test_removed_stamp);
  g_test_add_func ("/ringi/bundle-gpg/reordered-stamps", test_reordered_stamps);
  g_test_add_func ("/ringi/bundle-gpg/other-persons-key", test_other_persons_key);
  g_test_add_func ("/ringi/bundle-gpg/action-not-allowed", test_action_not_allowed);
  g_test_add_func ("/ringi/bundle-gpg/actor-not-on-route", test_actor_not_on_route);
  g_test_add_func ("/ringi/bundle-gpg/substitute-decision", test_substitute_decision);
  g_test_add_func ("/ringi/bundle-gpg/delegation-out-of-period", test_delegation_out_of_period);
  g_test_add_func ("/ringi/bundle-gpg/send-back-to-step", test_send_back_and_comment);
  g_test_add_func ("/ringi/bundle-gpg/unreadable", test_unreadable);
  g_test_add_func ("/ringi/bundle-gpg/backdated-stamp", test_backdated_stamp);
  g_test_add_func ("/ringi/bundle-gpg/outcome", test_outcome);
  g_test_add_func ("/ringi/bundle-gpg/one-key-two-people", test_one_key_two_people);

  status = g_test_run ();

  kill_agent ();
  for (guint i = 0; i < N_USERS; i++)
    g_free (fingerprints[i]);
  g_free (gnupghome);
  return status;
}
