/* test-keyring.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-keyring"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ringi-keyring.h"
#include "ringi-test-utils.h"

#define PIN       "8642"
#define WRONG_PIN "8643"

/* Key generation takes a second or two, so one key serves the whole
 * program; it is made on first use and its home removed at the end. */
typedef struct
{
  char *home;
  RingiKeyring *keyring;
  char *fingerprint;
} SharedKey;

static SharedKey shared;

/* A fresh, empty home per test, for what must not know the shared key */
typedef struct
{
  char *home;
  RingiKeyring *keyring;
} Fixture;

static void
generated_cb (GObject *source,
              GAsyncResult *result,
              gpointer user_data)
{
  g_autoptr(GError) error = NULL;
  gboolean *done = user_data;

  shared.fingerprint = ringi_keyring_generate_key_finish (RINGI_KEYRING (source), result, &error);
  g_assert_no_error (error);
  *done = TRUE;
}

static const SharedKey *
shared_key (void)
{
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;

  if (shared.fingerprint != NULL)
    return &shared;

  shared.home = ringi_test_make_tmpdir ("rk");
  shared.keyring = ringi_keyring_new (shared.home, &error);
  g_assert_no_error (error);

  /* The async variant, so that it is exercised too */
  ringi_keyring_generate_key_async (shared.keyring, "sato", "佐藤 花子", PIN, NULL, generated_cb, &done);
  ringi_test_wait_for_flag (&done);
  g_assert_nonnull (shared.fingerprint);
  return &shared;
}

static void
shared_key_clear (void)
{
  if (shared.keyring != NULL)
    ringi_keyring_kill_agent (shared.keyring);
  g_clear_object (&shared.keyring);
  if (shared.home != NULL)
    ringi_test_remove_tree (shared.home);
  g_clear_pointer (&shared.home, g_free);
  g_clear_pointer (&shared.fingerprint, g_free);
}

static void
fixture_setup (Fixture *f,
               gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->home = ringi_test_make_tmpdir ("rk");
  f->keyring = ringi_keyring_new (f->home, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *f,
                  gconstpointer data)
{
  ringi_keyring_kill_agent (f->keyring);
  g_assert_finalize_object (f->keyring);
  ringi_test_remove_tree (f->home);
  g_free (f->home);
}

static GBytes *
bytes_from_text (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

static GBytes *
sign_text (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) data = bytes_from_text (text);
  const SharedKey *key = shared_key ();
  GBytes *signature = ringi_keyring_sign_detached (key->keyring, key->fingerprint, PIN, data, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (signature);
  return signature;
}

static int
run_gpg (const char *const *argv,
         char **out_stdout)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out_stdout, NULL, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (process);
}

static void
test_new_prepares_home (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *parent = ringi_test_make_tmpdir ("rk");
  g_autofree char *home = g_build_filename (parent, "gnupg", NULL);
  g_autofree char *gpg_conf = g_build_filename (home, "gpg.conf", NULL);
  g_autofree char *agent_conf = g_build_filename (home, "gpg-agent.conf", NULL);
  g_autofree char *contents = NULL;
  GStatBuf st;
  RingiKeyring *keyring = ringi_keyring_new (home, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (ringi_keyring_get_home (keyring), ==, home);
  g_assert_cmpint (g_stat (home, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  g_file_get_contents (gpg_conf, &contents, NULL, &error);
  g_assert_no_error (error);
  ringi_test_assert_contains (contents, "no-auto-key-retrieve\n");
  g_clear_pointer (&contents, g_free);

  g_file_get_contents (agent_conf, &contents, NULL, &error);
  g_assert_no_error (error);
  ringi_test_assert_contains (contents, "allow-loopback-pinentry\n");
  ringi_test_assert_contains (contents, "ignore-cache-for-signing\n");
  g_clear_pointer (&contents, g_free);
  g_assert_finalize_object (keyring);

  /* A file the owner wrote is left alone. */
  g_file_set_contents (gpg_conf, "# mine\n", -1, &error);
  g_assert_no_error (error);
  keyring = ringi_keyring_new (home, &error);
  g_assert_no_error (error);
  g_file_get_contents (gpg_conf, &contents, NULL, &error);
  g_assert_cmpstr (contents, ==, "# mine\n");
  g_assert_finalize_object (keyring);

  ringi_test_remove_tree (parent);
}

static void
test_new_refuses_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *parent = ringi_test_make_tmpdir ("rk");
  g_autofree char *home = g_build_filename (parent, "file", NULL);
  g_autoptr(RingiKeyring) keyring = NULL;

  g_file_set_contents (home, "not a folder", -1, &error);
  g_assert_no_error (error);
  keyring = ringi_keyring_new (home, &error);
  g_assert_null (keyring);
  g_assert_error (error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_FAILED);
  ringi_test_remove_tree (parent);
}

static void
test_generate_ed25519 (void)
{
  const SharedKey *key = shared_key ();
  g_autofree char *listing = NULL;
  g_auto(GStrv) lines = NULL;
  const char *argv[] = { "gpg", "--homedir", key->home, "--with-colons", "--list-keys", key->fingerprint, NULL };
  guint n_pub = 0, n_sub = 0;

  g_assert_cmpuint (strlen (key->fingerprint), ==, 40);
  g_assert_cmpint (run_gpg (argv, &listing), ==, 0);

  lines = g_strsplit (listing, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], ":", -1);

      if (g_strv_length (fields) < 12)
        continue;

      if (g_str_equal (fields[0], "pub"))
        {
          n_pub++;
          /* 22 is EdDSA; capabilities: sign and certify only, no expiry */
          g_assert_cmpstr (fields[3], ==, "22");
          g_assert_cmpstr (fields[6], ==, "");
          g_assert_null (strchr (fields[11], 'e'));
          g_assert_nonnull (strchr (fields[11], 's'));
        }
      else if (g_str_equal (fields[0], "sub"))
        n_sub++;
      else if (g_str_equal (fields[0], "uid"))
        g_assert_cmpstr (fields[9], ==, "佐藤 花子 <sato@ringi.invalid>");
    }

  g_assert_cmpuint (n_pub, ==, 1);
  g_assert_cmpuint (n_sub, ==, 0);
}

static void
test_sign_verify (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) data = bytes_from_text ("Ringi-Stamp: 1\n");
  g_autoptr(GBytes) signature = sign_text ("Ringi-Stamp: 1\n");
  g_autofree char *fingerprint = NULL;
  const SharedKey *key = shared_key ();
  gsize size;
  const char *armor = g_bytes_get_data (signature, &size);

  g_assert_true (g_str_has_prefix (armor, "-----BEGIN PGP SIGNATURE-----"));
  g_assert_true (ringi_keyring_verify_detached (key->keyring, data, signature, &fingerprint, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (fingerprint, ==, key->fingerprint);
}

static void
test_bad_passphrase (void)
{
  g_autoptr(GBytes) data = bytes_from_text ("Action: approve\n");
  const SharedKey *key = shared_key ();

  /* Right, wrong, right: the agent must not remember the PIN between
   * stamps, or a wrong PIN would pass after a right one. */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) signature = NULL;
      gboolean right = i != 1;

      signature = ringi_keyring_sign_detached (key->keyring, key->fingerprint, right ? PIN : WRONG_PIN,
                                               data, NULL, &error);
      if (right)
        {
          g_assert_no_error (error);
          g_assert_nonnull (signature);
        }
      else
        {
          g_assert_error (error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_BAD_PASSPHRASE);
          g_assert_null (signature);
        }
    }
}

static void
test_empty_passphrase (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) data = bytes_from_text ("x\n");
  const SharedKey *key = shared_key ();
  g_autoptr(GBytes) signature = ringi_keyring_sign_detached (key->keyring, key->fingerprint, "", data, NULL, &error);

  g_assert_null (signature);
  g_assert_error (error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_BAD_PASSPHRASE);
}

static void
test_tampered (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) signature = sign_text ("Document-SHA256: 9b4c\n");
  g_autoptr(GBytes) tampered = bytes_from_text ("Document-SHA256: 9b4d\n");
  g_autofree char *fingerprint = NULL;

  g_assert_false (ringi_keyring_verify_detached (shared_key ()->keyring, tampered, signature, &fingerprint, NULL, &error));
  g_assert_error (error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_BAD_SIGNATURE);
  g_assert_null (fingerprint);
}

static void
test_not_signed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) data = bytes_from_text ("x\n");
  g_autoptr(GBytes) garbage = bytes_from_text ("this is not a signature\n");
  g_autoptr(GBytes) key_bytes = NULL;
  const SharedKey *key = shared_key ();

  g_assert_false (ringi_keyring_verify_detached (key->keyring, data, garbage, NULL, NULL, &error));
  g_assert_error (error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_NOT_SIGNED);
  g_clear_error (&error);

  /* A public key is OpenPGP data, but not a signature. */
  key_bytes = ringi_keyring_export_public (key->keyring, key->fingerprint, &error);
  g_assert_no_error (error);
  g_assert_false (ringi_keyring_verify_detached (key->keyring, data, key_bytes, NULL, NULL, &error));
  g_assert_error (error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_NOT_SIGNED);
}

static void
test_unknown_key (Fixture *f,
                  gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) text = bytes_from_text ("Signer: sato\n");
  g_autoptr(GBytes) signature = sign_text ("Signer: sato\n");
  g_autoptr(GBytes) exported = NULL;
  g_autoptr(GBytes) again = NULL;
  const SharedKey *key = shared_key ();

  g_assert_false (ringi_keyring_verify_detached (f->keyring, text, signature, NULL, NULL, &error));
  g_assert_error (error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_NO_KEY);
  g_clear_error (&error);

  again = ringi_keyring_sign_detached (f->keyring, key->fingerprint, PIN, text, NULL, &error);
  g_assert_null (again);
  g_assert_error (error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_NO_KEY);
  g_clear_error (&error);

  exported = ringi_keyring_export_public (f->keyring, key->fingerprint, &error);
  g_assert_null (exported);
  g_assert_error (error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_NO_KEY);
}

static void
test_export_import (Fixture *f,
                    gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) text = bytes_from_text ("Signer: sato\n");
  g_autoptr(GBytes) signature = sign_text ("Signer: sato\n");
  g_autoptr(GBytes) exported = NULL;
  g_auto(GStrv) fingerprints = NULL;
  g_autofree char *fingerprint = NULL;
  g_autoptr(GBytes) no_secret = NULL;
  const SharedKey *key = shared_key ();

  exported = ringi_keyring_export_public (key->keyring, key->fingerprint, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (exported, NULL), "-----BEGIN PGP PUBLIC KEY BLOCK-----"));

  g_assert_true (ringi_keyring_import (f->keyring, exported, &fingerprints, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (fingerprints), ==, 1);
  g_assert_cmpstr (fingerprints[0], ==, key->fingerprint);

  g_assert_true (ringi_keyring_verify_detached (f->keyring, text, signature, &fingerprint, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (fingerprint, ==, key->fingerprint);

  /* The public key alone cannot sign. */
  no_secret = ringi_keyring_sign_detached (f->keyring, key->fingerprint, PIN, text, NULL, &error);
  g_assert_null (no_secret);
  g_assert_error (error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_NO_KEY);
}

static void
test_import_garbage (Fixture *f,
                     gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) garbage = bytes_from_text ("-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nnope\n");
  g_auto(GStrv) fingerprints = NULL;

  g_assert_false (ringi_keyring_import (f->keyring, garbage, &fingerprints, &error));
  g_assert_error (error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_FAILED);
  g_assert_null (fingerprints);
}

static void
write_bytes (const char *path,
             GBytes *bytes)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
}

/* Exports must verify with stock gpg, without Ringi. */
static void
test_stock_gpg (Fixture *f,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  const char *record = "Ringi-Stamp: 1\nAction: approve\n";
  g_autoptr(GBytes) text = bytes_from_text (record);
  g_autoptr(GBytes) signature = sign_text (record);
  g_autoptr(GBytes) exported = NULL;
  g_autofree char *rec_path = g_build_filename (f->home, "rec.txt", NULL);
  g_autofree char *sig_path = g_build_filename (f->home, "rec.txt.asc", NULL);
  const SharedKey *key = shared_key ();
  const char *in_own_home[] = { "gpg", "--homedir", key->home, "--verify", sig_path, rec_path, NULL };
  const char *in_other_home[] = { "gpg", "--homedir", f->home, "--verify", sig_path, rec_path, NULL };

  write_bytes (rec_path, text);
  write_bytes (sig_path, signature);
  g_assert_cmpint (run_gpg (in_own_home, NULL), ==, 0);

  /* Unknown in a fresh home, good once the public key is imported */
  g_assert_cmpint (run_gpg (in_other_home, NULL), !=, 0);
  exported = ringi_keyring_export_public (key->keyring, key->fingerprint, &error);
  g_assert_no_error (error);
  g_assert_true (ringi_keyring_import (f->keyring, exported, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (run_gpg (in_other_home, NULL), ==, 0);

  /* and refused once the record changes by one byte */
  g_file_set_contents (rec_path, "Ringi-Stamp: 1\nAction: reject\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (run_gpg (in_other_home, NULL), !=, 0);
}

static void
signed_cb (GObject *source,
           GAsyncResult *result,
           gpointer user_data)
{
  GBytes **out_signature = user_data;
  g_autoptr(GError) error = NULL;

  *out_signature = ringi_keyring_sign_detached_finish (RINGI_KEYRING (source), result, &error);
  g_assert_no_error (error);
}

typedef struct
{
  gboolean done;
  gboolean valid;
  char *fingerprint;
  GError *error;
} VerifyOutcome;

static void
verified_cb (GObject *source,
             GAsyncResult *result,
             gpointer user_data)
{
  VerifyOutcome *outcome = user_data;

  outcome->valid = ringi_keyring_verify_detached_finish (RINGI_KEYRING (source), result,
                                                         &outcome->fingerprint, &outcome->error);
  outcome->done = TRUE;
}

static void
test_async (void)
{
  g_autoptr(GBytes) data = bytes_from_text ("async\n");
  g_autoptr(GBytes) signature = NULL;
  VerifyOutcome outcome = { 0 };
  const SharedKey *key = shared_key ();

  ringi_keyring_sign_detached_async (key->keyring, key->fingerprint, PIN, data, NULL, signed_cb, &signature);
  while (signature == NULL)
    g_main_context_iteration (NULL, TRUE);

  ringi_keyring_verify_detached_async (key->keyring, data, signature, NULL, verified_cb, &outcome);
  ringi_test_wait_for_flag (&outcome.done);
  g_assert_no_error (outcome.error);
  g_assert_true (outcome.valid);
  g_assert_cmpstr (outcome.fingerprint, ==, key->fingerprint);
  g_free (outcome.fingerprint);
}

static void
test_cancelled (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GBytes) data = bytes_from_text ("cancelled\n");
  g_autoptr(GBytes) signature = sign_text ("cancelled\n");
  VerifyOutcome outcome = { 0 };
  const SharedKey *key = shared_key ();

  g_cancellable_cancel (cancellable);
  ringi_keyring_verify_detached_async (key->keyring, data, signature, cancellable, verified_cb, &outcome);
  ringi_test_wait_for_flag (&outcome.done);
  g_assert_false (outcome.valid);
  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&outcome.error);
}

static void
test_missing_gpg (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) data = bytes_from_text ("x\n");
  g_autoptr(GBytes) signature = sign_text ("x\n");
  g_autoptr(RingiKeyring) keyring = ringi_keyring_new (shared_key ()->home, &error);

  g_assert_no_error (error);
  ringi_keyring_set_gpg_path (keyring, "/nonexistent/gpg");
  g_assert_false (ringi_keyring_verify_detached (keyring, data, signature, NULL, NULL, &error));
  g_assert_error (error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_FAILED);
}

/* gpg signs with the newest signing subkey; the verifier must still name
 * the primary key, which is what the directory knows. */
static void
test_subkey_maps_to_primary (Fixture *f,
                             gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *primary = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *fingerprint = NULL;
  g_autoptr(GBytes) text = bytes_from_text ("subkey\n");
  g_autoptr(GBytes) signature = NULL;

  g_assert_true (ringi_keyring_generate_key (f->keyring, "suzuki", "鈴木 一郎", PIN, &primary, NULL, &error));
  g_assert_no_error (error);

  {
    const char *add_subkey[] = { "gpg", "--homedir", f->home, "--batch", "--pinentry-mode", "loopback",
                                 "--passphrase", PIN, "--quick-add-key", primary, "ed25519", "sign", NULL };
    const char *list[] = { "gpg", "--homedir", f->home, "--with-colons", "--list-keys", primary, NULL };

    g_assert_cmpint (run_gpg (add_subkey, NULL), ==, 0);
    g_assert_cmpint (run_gpg (list, &listing), ==, 0);
    ringi_test_assert_contains (listing, "\nsub:");
  }

  signature = ringi_keyring_sign_detached (f->keyring, primary, PIN, text, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ringi_keyring_verify_detached (f->keyring, text, signature, &fingerprint, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (fingerprint, ==, primary);
}

static gboolean
signs_with (RingiKeyring *keyring,
            const char *fingerprint,
            const char *pin)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) data = bytes_from_text ("Action: approve\n");
  g_autoptr(GBytes) signature = ringi_keyring_sign_detached (keyring, fingerprint, pin, data, NULL, &error);

  if (signature == NULL)
    g_assert_error (error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_BAD_PASSPHRASE);
  else
    g_assert_no_error (error);
  return signature != NULL;
}

static void
result_cb (GObject *source,
           GAsyncResult *result,
           gpointer user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

/* Its own key: the shared key must keep its PIN for the other tests. */
static void
test_change_passphrase (Fixture *f,
                        gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) changed = NULL;
  g_autofree char *fingerprint = NULL;
  const char *new_pin = "97531";

  g_assert_true (ringi_keyring_generate_key (f->keyring, "suzuki", "鈴木 一郎", PIN, &fingerprint, NULL, &error));
  g_assert_no_error (error);

  /* A wrong current PIN changes nothing. */
  g_assert_false (ringi_keyring_change_passphrase (f->keyring, fingerprint, WRONG_PIN, new_pin, NULL, &error));
  g_assert_error (error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_BAD_PASSPHRASE);
  g_clear_error (&error);
  g_assert_true (signs_with (f->keyring, fingerprint, PIN));

  /* Nor does an empty new one. */
  g_assert_false (ringi_keyring_change_passphrase (f->keyring, fingerprint, PIN, "", NULL, &error));
  g_assert_error (error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_BAD_PASSPHRASE);
  g_clear_error (&error);
  g_assert_true (signs_with (f->keyring, fingerprint, PIN));

  ringi_keyring_change_passphrase_async (f->keyring, fingerprint, PIN, new_pin, NULL, result_cb, &changed);
  g_assert_true (ringi_keyring_change_passphrase_finish (f->keyring, wait_for_result (&changed), &error));
  g_assert_no_error (error);

  g_assert_false (signs_with (f->keyring, fingerprint, PIN));
  g_assert_true (signs_with (f->keyring, fingerprint, new_pin));
}

static void
test_export_async (Fixture *f,
                   gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) exported = NULL;
  g_autoptr(GAsyncResult) unknown = NULL;
  g_autoptr(GBytes) armored = NULL;
  g_autoptr(GBytes) nothing = NULL;
  const SharedKey *key = shared_key ();

  ringi_keyring_export_public_async (key->keyring, key->fingerprint, NULL, result_cb, &exported);
  armored = ringi_keyring_export_public_finish (key->keyring, wait_for_result (&exported), &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (armored, NULL), "-----BEGIN PGP PUBLIC KEY BLOCK-----"));

  /* The fixture's empty keyring has no such key. */
  ringi_keyring_export_public_async (f->keyring, key->fingerprint, NULL, result_cb, &unknown);
  nothing = ringi_keyring_export_public_finish (f->keyring, wait_for_result (&unknown), &error);
  g_assert_error (error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_NO_KEY);
  g_assert_null (nothing);
}

int
main (int argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ringi/keyring/new/prepares-home", test_new_prepares_home);
  g_test_add_func ("/ringi/keyring/new/refuses-file", test_new_refuses_file);
  g_test_add_func ("/ringi/keyring/generate/ed25519", test_generate_ed25519);
  g_test_add_func ("/ringi/keyring/sign-verify", test_sign_verify);
  g_test_add_func ("/ringi/keyring/sign/bad-passphrase", test_bad_passphrase);
  g_test_add_func ("/ringi/keyring/sign/empty-passphrase", test_empty_passphrase);
  g_test_add_func ("/ringi/keyring/verify/tampered", test_tampered);
  g_test_add_func ("/ringi/keyring/verify/not-signed", test_not_signed);
  g_test_add_func ("/ringi/keyring/async", test_async);
  g_test_add_func ("/ringi/keyring/cancelled", test_cancelled);
  g_test_add_func ("/ringi/keyring/missing-gpg", test_missing_gpg);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/ringi/keyring/verify/unknown-key", test_unknown_key);
  ADD ("/ringi/keyring/export-import", test_export_import);
  ADD ("/ringi/keyring/import-garbage", test_import_garbage);
  ADD ("/ringi/keyring/stock-gpg", test_stock_gpg);
  ADD ("/ringi/keyring/subkey-maps-to-primary", test_subkey_maps_to_primary);
  ADD ("/ringi/keyring/change-passphrase", test_change_passphrase);
  ADD ("/ringi/keyring/export-async", test_export_async);
#undef ADD

  status = g_test_run ();
  shared_key_clear ();
  return status;
}
