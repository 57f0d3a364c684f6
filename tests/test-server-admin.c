/* test-server-admin.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-server-admin"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/stat.h>

#include "ringi-keyring.h"
#include "ringi-server-data-dir.h"
#include "ringi-server-key.h"
#include "ringi-server-secret.h"
#include "ringi-sqlite-storage.h"
#include "ringi-test-server.h"
#include "ringi-test-utils.h"

#define FINGERPRINT_1 "0123456789ABCDEF0123456789ABCDEF01234567"
#define FINGERPRINT_2 "89ABCDEF0123456789ABCDEF0123456789ABCDEF"

typedef struct
{
  char *dir;
  char *data;
} Fixture;

static void
fixture_setup (Fixture *f,
               gconstpointer init)
{
  f->dir = ringi_test_make_tmpdir ("ringi-srv");
  f->data = g_build_filename (f->dir, "data", NULL);
  if (GPOINTER_TO_INT (init))
    ringi_test_server_init_copy (f->data);
}

static void
fixture_teardown (Fixture *f,
                  gconstpointer init)
{
  ringi_test_remove_tree (f->dir);
  g_free (f->data);
  g_free (f->dir);
}

static RingiServerStorage *
open_storage (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  RingiServerStorage *storage = ringi_server_data_dir_open_storage (f->data, &error);

  g_assert_no_error (error);
  return storage;
}

static guint
file_mode (const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  GStatBuf buf;

  g_assert_cmpint (g_stat (path, &buf), ==, 0);
  return buf.st_mode & 0777;
}

static char *
code_hash (const char *typed)
{
  g_autofree char *canonical = ringi_server_secret_normalize_code (typed);

  g_assert_nonnull (canonical);
  return ringi_server_secret_sha256 (canonical);
}

/* init */

static void
test_init_layout (Fixture *f,
                  gconstpointer data)
{
  g_autoptr(RingiTestRun) run = ringi_test_server_run ("init", "--data", f->data, NULL);
  g_autofree char *ca_line = g_strdup_printf ("CA certificate for clients: %s/tls/ca.pem\n", f->data);
  g_autoptr(RingiServerStorage) storage = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GError) error = NULL;

  g_autoptr(GRegex) key_line = g_regex_new ("^Server key \\(signs receipts\\): [0-9A-F]{40}$", G_REGEX_MULTILINE, 0, NULL);

  g_assert_cmpstr (run->err, ==, "");
  g_assert_cmpint (run->status, ==, 0);
  ringi_test_assert_contains (run->out, ca_line);
  g_assert_true (g_regex_match (key_line, run->out, 0, NULL));

  g_assert_cmpuint (file_mode (f->dir, "data"), ==, 0700);
  g_assert_cmpuint (file_mode (f->data, "tls"), ==, 0700);
  g_assert_cmpuint (file_mode (f->data, "server.db"), ==, 0600);
  g_assert_cmpuint (file_mode (f->data, "tls/ca-key.pem"), ==, 0600);
  g_assert_cmpuint (file_mode (f->data, "tls/server-key.pem"), ==, 0600);
  g_assert_cmpuint (file_mode (f->data, "tls/ca.pem"), ==, 0644);
  g_assert_cmpuint (file_mode (f->data, "tls/server.pem"), ==, 0644);
  g_assert_cmpuint (file_mode (f->data, "gnupg"), ==, 0700);
  g_assert_cmpuint (file_mode (f->data, "server-key.pin"), ==, 0600);

  storage = open_storage (f);
  g_assert_true (ringi_server_storage_check_integrity (storage, &error));
  g_assert_no_error (error);
  users = ringi_server_storage_list_users (storage, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (users->len, ==, 0);
}

static void
test_init_empty_dir (Fixture *f,
                     gconstpointer data)
{
  g_autoptr(RingiTestRun) run = NULL;

  g_assert_cmpint (g_mkdir (f->data, 0755), ==, 0);
  run = ringi_test_server_run ("init", "--data", f->data, NULL);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpuint (file_mode (f->dir, "data"), ==, 0700);
}

static void
assert_single_file (const char *dir,
                    const char *name,
                    const char *contents)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *read = NULL;

  g_assert_nonnull (listing);
  g_assert_cmpstr (g_dir_read_name (listing), ==, name);
  g_assert_null (g_dir_read_name (listing));
  g_assert_true (g_file_get_contents (path, &read, NULL, NULL));
  g_assert_cmpstr (read, ==, contents);
}

static void
test_init_refuses_existing (Fixture *f,
                            gconstpointer data)
{
  g_autofree char *keep = g_build_filename (f->data, "keep.txt", NULL);
  g_autoptr(RingiTestRun) run = NULL;
  g_autoptr(RingiTestRun) again = NULL;

  g_assert_cmpint (g_mkdir (f->data, 0755), ==, 0);
  g_assert_true (g_file_set_contents (keep, "mine", -1, NULL));

  run = ringi_test_server_run ("init", "--data", f->data, NULL);
  g_assert_cmpint (run->status, ==, 1);
  ringi_test_assert_contains (run->err, "left untouched");
  assert_single_file (f->data, "keep.txt", "mine");
  g_assert_cmpuint (file_mode (f->dir, "data"), ==, 0755);

  /* A file where the folder should be is refused just the same. */
  again = ringi_test_server_run ("init", "--data", keep, NULL);
  g_assert_cmpint (again->status, ==, 1);
  assert_single_file (f->data, "keep.txt", "mine");
}

/* Runs init where no openssl can be found: it fails half-way. */
static char *
run_init_without_openssl (const char *data_dir)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *err = NULL;

  g_subprocess_launcher_setenv (launcher, "PATH", "/nonexistent", TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("RINGI_SERVER_EXE"),
                                         "init", "--data", data_dir, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 1);
  return err;
}

static void
test_init_failure_cleans_up (Fixture *f,
                             gconstpointer data)
{
  g_autofree char *err = run_init_without_openssl (f->data);
  g_autofree char *again = NULL;

  /* Nothing half-made is left: init can simply run again. */
  ringi_test_assert_contains (err, "openssl");
  g_assert_false (g_file_test (f->data, G_FILE_TEST_EXISTS));

  /* A folder that was there, empty, stays, and stays empty. */
  g_assert_cmpint (g_mkdir (f->data, 0700), ==, 0);
  again = run_init_without_openssl (f->data);
  g_assert_true (g_file_test (f->data, G_FILE_TEST_IS_DIR));
  {
    g_autoptr(GDir) listing = g_dir_open (f->data, 0, NULL);
    g_assert_null (g_dir_read_name (listing));
  }
}

static void
test_init_bad_hostname (Fixture *f,
                        gconstpointer data)
{
  g_autoptr(RingiTestRun) run = ringi_test_server_run ("init", "--data", f->data,
                                                        "--hostname", "bad host/x", NULL);

  g_assert_cmpint (run->status, ==, 1);
  ringi_test_assert_contains (run->err, "“bad host/x” is neither a host name nor an IP address");
  g_assert_false (g_file_test (f->data, G_FILE_TEST_EXISTS));
}

static void
test_init_usage (Fixture *f,
                 gconstpointer data)
{
  g_autoptr(RingiTestRun) run = ringi_test_server_run ("init", NULL);

  g_assert_cmpint (run->status, ==, 2);
  ringi_test_assert_contains (run->err, "--data DIR is required");
}

static void
test_init_server_key (Fixture *f,
                      gconstpointer data)
{
  g_autofree char *home = g_build_filename (f->dir, "verifier", NULL);
  g_autoptr(RingiServerStorage) storage = open_storage (f);
  g_autoptr(RingiServerKey) key = NULL;
  g_autoptr(RingiKeyring) verifier = NULL;
  g_autoptr(GBytes) record = g_bytes_new_static ("Ringi-Receipt: 1\n", 17);
  g_autoptr(GBytes) signature = NULL;
  g_autoptr(GBytes) public_key = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *signer = NULL;
  g_auto(GStrv) imported = NULL;

  /* The key init made signs, unattended, and anyone with its public key
   * can check what it signed. */
  key = ringi_server_key_open (f->data, storage, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (ringi_server_key_get_fingerprint (key)), ==, 40);
  signature = ringi_server_key_sign (key, record, NULL, &error);
  g_assert_no_error (error);
  public_key = ringi_server_key_export_public (key, &error);
  g_assert_no_error (error);

  verifier = ringi_keyring_new (home, &error);
  g_assert_no_error (error);
  g_assert_true (ringi_keyring_import (verifier, public_key, &imported, &error));
  g_assert_no_error (error);
  g_assert_true (ringi_keyring_verify_detached (verifier, record, signature, &signer, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (signer, ==, ringi_server_key_get_fingerprint (key));
  ringi_keyring_kill_agent (verifier);
}

/* certificates */

static GTlsCertificate *
load_certificate (Fixture *f,
                  const char *name)
{
  g_autofree char *path = g_build_filename (f->data, "tls", name, NULL);
  g_autoptr(GError) error = NULL;
  GTlsCertificate *certificate = g_tls_certificate_new_from_file (path, &error);

  g_assert_no_error (error);
  return certificate;
}

static GTlsCertificateFlags
verify_for (GTlsCertificate *certificate,
            GTlsCertificate *ca,
            const char *host)
{
  g_autoptr(GSocketConnectable) identity = g_network_address_new (host, 443);

  return g_tls_certificate_verify (certificate, identity, ca);
}

static GTlsCertificateFlags
verify_with_system (GTlsCertificate *certificate)
{
  GTlsDatabase *system = g_tls_backend_get_default_database (g_tls_backend_get_default ());
  g_autoptr(GSocketConnectable) identity = g_network_address_new ("127.0.0.1", 443);
  g_autoptr(GError) error = NULL;
  GTlsCertificateFlags flags;

  flags = g_tls_database_verify_chain (system, certificate, G_TLS_DATABASE_PURPOSE_AUTHENTICATE_SERVER,
                                       identity, NULL, G_TLS_DATABASE_VERIFY_NONE, NULL, &error);
  g_assert_no_error (error);
  g_object_unref (system);
  return flags;
}

static gint64
validity_days (GTlsCertificate *certificate)
{
  g_autoptr(GDateTime) from = g_tls_certificate_get_not_valid_before (certificate);
  g_autoptr(GDateTime) until = g_tls_certificate_get_not_valid_after (certificate);

  return g_date_time_difference (until, from) / G_TIME_SPAN_DAY;
}

static char *
openssl_extensions (Fixture *f,
                    const char *name)
{
  g_autofree char *path = g_build_filename (f->data, "tls", name, NULL);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "openssl", "x509", "-in", path,
                              "-noout", "-ext", "basicConstraints,keyUsage,extendedKeyUsage", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  return out;
}

/* Certificate names come as bytes without a terminating NUL. */
static void
assert_bytes_text (GBytes *bytes,
                   const char *expected)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);
  g_autofree char *text = g_strndup (data, size);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_init_certificate (Fixture *f,
                       gconstpointer data)
{
  g_autoptr(GTlsCertificate) ca = load_certificate (f, "ca.pem");
  g_autoptr(GTlsCertificate) server = load_certificate (f, "server.pem");
  g_autoptr(GPtrArray) dns_names = g_tls_certificate_get_dns_names (server);
  g_autoptr(GPtrArray) ips = g_tls_certificate_get_ip_addresses (server);
  g_autofree char *ip = NULL;
  g_autofree char *ca_extensions = openssl_extensions (f, "ca.pem");
  g_autofree char *server_extensions = openssl_extensions (f, "server.pem");

  g_assert_cmpint (verify_for (server, ca, "127.0.0.1"), ==, 0);
  g_assert_cmpint (verify_for (server, ca, "localhost"), ==, 0);
  g_assert_cmpint (verify_for (server, ca, "ringi.example.lg.jp"), ==, 0);
  g_assert_cmpint (verify_for (server, ca, "other.example.jp"), ==, G_TLS_CERTIFICATE_BAD_IDENTITY);
  /* Without the pinned CA, nothing vouches for the server. */
  g_assert_cmpint (verify_with_system (server) & G_TLS_CERTIFICATE_UNKNOWN_CA, !=, 0);

  g_assert_cmpuint (dns_names->len, ==, 2);
  assert_bytes_text (g_ptr_array_index (dns_names, 0), "localhost");
  assert_bytes_text (g_ptr_array_index (dns_names, 1), "ringi.example.lg.jp");
  g_assert_cmpuint (ips->len, ==, 1);
  ip = g_inet_address_to_string (g_ptr_array_index (ips, 0));
  g_assert_cmpstr (ip, ==, "127.0.0.1");

  g_assert_cmpint (validity_days (server), ==, 825);
  g_assert_cmpint (validity_days (ca), ==, 3650);
  ringi_test_assert_contains (ca_extensions, "CA:TRUE");
  ringi_test_assert_contains (ca_extensions, "Certificate Sign");
  ringi_test_assert_contains (server_extensions, "CA:FALSE");
  ringi_test_assert_contains (server_extensions, "TLS Web Server Authentication");
}

static void
test_init_certificate_ip (Fixture *f,
                          gconstpointer data)
{
  g_autoptr(GTlsCertificate) ca = NULL;
  g_autoptr(GTlsCertificate) server = NULL;
  g_autoptr(GPtrArray) ips = NULL;
  g_autofree char *second = NULL;

  ringi_test_server_init (f->data, "192.0.2.10");
  ca = load_certificate (f, "ca.pem");
  server = load_certificate (f, "server.pem");
  ips = g_tls_certificate_get_ip_addresses (server);

  g_assert_cmpuint (ips->len, ==, 2);
  second = g_inet_address_to_string (g_ptr_array_index (ips, 1));
  g_assert_cmpstr (second, ==, "192.0.2.10");
  g_assert_cmpint (verify_for (server, ca, "192.0.2.10"), ==, 0);
  g_assert_cmpint (verify_for (server, ca, "192.0.2.11"), ==, G_TLS_CERTIFICATE_BAD_IDENTITY);
}

/* users */

static JsonArray *
list_json (Fixture *f,
           const char *what)
{
  g_autoptr(RingiTestRun) run = ringi_test_server_run (what, "list", "--data", f->data, "--json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (run->status, ==, 0);
  json_parser_load_from_data (parser, run->out, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)));
  return json_array_ref (json_node_get_array (json_parser_get_root (parser)));
}

static gboolean
bytes_contain (const char *haystack,
               gsize length,
               const char *needle)
{
  gsize needle_length = strlen (needle);

  for (gsize i = 0; i + needle_length <= length; i++)
    if (memcmp (haystack + i, needle, needle_length) == 0)
      return TRUE;

  return FALSE;
}

static void
assert_not_in_file (Fixture *f,
                    const char *name,
                    const char *secret)
{
  g_autofree char *path = g_build_filename (f->data, name, NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return;

  g_assert_false (bytes_contain (contents, length, secret));
}

static void
test_user_add_list (Fixture *f,
                    gconstpointer data)
{
  g_autofree char *code = ringi_test_server_add_user (f->data, "tanaka", "manager");
  g_autoptr(RingiTestRun) run = NULL;
  g_autoptr(JsonArray) users = NULL;
  g_autoptr(RingiServerStorage) storage = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *typed = g_ascii_strdown (code, -1);
  g_autofree char *hash = NULL;
  g_autofree char *canonical = ringi_server_secret_normalize_code (code);
  JsonObject *suzuki;

  run = ringi_test_server_run ("user", "add", "--data", f->data, "suzuki", "--name", "鈴木 花子",
                               "--seal-name", "鈴木", "--dept", "財政課", "--manager", "tanaka", NULL);
  g_assert_cmpint (run->status, ==, 0);
  ringi_test_assert_contains (run->out, "Enrollment code for suzuki: ");

  users = list_json (f, "user");
  g_assert_cmpuint (json_array_get_length (users), ==, 2);
  suzuki = json_array_get_object_element (users, 0);
  g_assert_cmpstr (json_object_get_string_member (suzuki, "login"), ==, "suzuki");
  g_assert_cmpstr (json_object_get_string_member (suzuki, "display_name"), ==, "鈴木 花子");
  g_assert_cmpstr (json_object_get_string_member (suzuki, "seal_name"), ==, "鈴木");
  g_assert_cmpstr (json_object_get_string_member (suzuki, "department"), ==, "財政課");
  g_assert_cmpstr (json_object_get_string_member (suzuki, "role"), ==, "staff");
  g_assert_cmpstr (json_object_get_string_member (suzuki, "manager"), ==, "tanaka");
  g_assert_true (json_object_get_null_member (suzuki, "fingerprint"));
  g_assert_false (json_object_get_boolean_member (suzuki, "disabled"));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (users, 1), "role"), ==, "manager");

  /* Only the hash is kept: neither form of the code is in the files. */
  assert_not_in_file (f, "server.db", code);
  assert_not_in_file (f, "server.db-wal", code);
  assert_not_in_file (f, "server.db", canonical);
  assert_not_in_file (f, "server.db-wal", canonical);

  /* The code works once, however it is typed. */
  storage = open_storage (f);
  g_strdelimit (typed, "-", ' ');
  hash = code_hash (typed);
  g_assert_true (ringi_server_storage_redeem_enrollment_code (storage, "tanaka", hash, g_get_real_time () / G_USEC_PER_SEC, &error));
  g_assert_no_error (error);
  g_assert_false (ringi_server_storage_redeem_enrollment_code (storage, "tanaka", hash, g_get_real_time () / G_USEC_PER_SEC, &error));
  g_assert_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND);
}

static void
test_user_code_expires (Fixture *f,
                        gconstpointer data)
{
  g_autofree char *code = ringi_test_server_add_user (f->data, "tanaka", NULL);
  g_autofree char *hash = code_hash (code);
  g_autoptr(RingiServerStorage) storage = open_storage (f);
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_false (ringi_server_storage_redeem_enrollment_code (storage, "tanaka", hash, now + 72 * 3600 + 60, &error));
  g_assert_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_EXPIRED);
  g_clear_error (&error);

  g_assert_true (ringi_server_storage_redeem_enrollment_code (storage, "tanaka", hash, now + 71 * 3600, &error));
  g_assert_no_error (error);
}

typedef struct
{
  const char *args[16];
  int status;
  const char *message;
} BadAddCase;

static const BadAddCase bad_add_cases[] = {
  { { "tanaka", "--name", "x", "--seal-name", "x", "--dept", "x" }, 1, "There is already a user “tanaka”" },
  { { "Suzuki", "--name", "x", "--seal-name", "x", "--dept", "x" }, 1, "“Suzuki” is not a login" },
  { { "鈴木", "--name", "x", "--seal-name", "x", "--dept", "x" }, 1, "is not a login" },
  { { "suzuki", "--name", "x", "--seal-name", "x", "--dept", "x", "--role", "boss" }, 1, "“boss” is not a role" },
  { { "suzuki", "--name", "x", "--seal-name", "x", "--dept", "x", "--manager", "nobody" }, 1, "There is no user “nobody” to be the manager" },
  { { "suzuki", "--name", "x", "--dept", "x" }, 1, "--name, --seal-name and --dept are required" },
  { { "--name", "x", "--seal-name", "x", "--dept", "x" }, 2, "expected 1 argument(s), got 0" },
};

static void
test_user_add_refusals (Fixture *f,
                        gconstpointer data)
{
  g_autofree char *code = ringi_test_server_add_user (f->data, "tanaka", NULL);
  g_autoptr(JsonArray) users = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad_add_cases); i++)
    {
      g_autoptr(GPtrArray) args = g_ptr_array_new ();
      g_autoptr(RingiTestRun) run = NULL;

      g_ptr_array_add (args, (char *) "user");
      g_ptr_array_add (args, (char *) "add");
      g_ptr_array_add (args, (char *) "--data");
      g_ptr_array_add (args, f->data);
      for (guint j = 0; bad_add_cases[i].args[j] != NULL; j++)
        g_ptr_array_add (args, (char *) bad_add_cases[i].args[j]);
      g_ptr_array_add (args, NULL);

      run = ringi_test_server_runv ((const char *const *) args->pdata);
      g_assert_cmpint (run->status, ==, bad_add_cases[i].status);
      ringi_test_assert_contains (run->err, bad_add_cases[i].message);
      g_assert_cmpstr (run->out, ==, "");
    }

  users = list_json (f, "user");
  g_assert_cmpuint (json_array_get_length (users), ==, 1);
}

static void
test_user_needs_data_dir (Fixture *f,
                          gconstpointer data)
{
  g_autoptr(RingiTestRun) run = NULL;

  g_assert_cmpint (g_mkdir (f->data, 0700), ==, 0);
  run = ringi_test_server_run ("user", "list", "--data", f->data, NULL);
  g_assert_cmpint (run->status, ==, 1);
  ringi_test_assert_contains (run->err, "holds no Ringi server data");
  /* A wrong --data never turns into a new, empty database. */
  {
    g_autoptr(GDir) listing = g_dir_open (f->data, 0, NULL);
    g_assert_null (g_dir_read_name (listing));
  }
}

static void
sign_in (RingiServerStorage *storage,
         const char *login,
         const char *token_hash)
{
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_true (ringi_server_storage_add_token (storage, token_hash, login, now, now + 3600, &error));
  g_assert_no_error (error);
}

static void
assert_token (RingiServerStorage *storage,
              const char *token_hash,
              const char *login,
              int code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *found = ringi_server_storage_lookup_token (storage, token_hash, g_get_real_time () / G_USEC_PER_SEC, 3600, &error);

  if (login != NULL)
    {
      g_assert_no_error (error);
      g_assert_cmpstr (found, ==, login);
    }
  else
    {
      g_assert_error (error, RINGI_SERVER_STORAGE_ERROR, code);
      g_assert_null (found);
    }
}

static void
test_user_disable (Fixture *f,
                   gconstpointer data)
{
  g_autofree char *code = ringi_test_server_add_user (f->data, "tanaka", NULL);
  g_autofree char *token = ringi_server_secret_sha256 ("token of tanaka");
  g_autoptr(RingiServerStorage) storage = open_storage (f);
  g_autoptr(RingiTestRun) run = NULL;
  g_autoptr(RingiTestRun) enable = NULL;
  g_autoptr(RingiTestRun) unknown = NULL;
  g_autoptr(JsonArray) users = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = code_hash (code);

  sign_in (storage, "tanaka", token);
  assert_token (storage, token, "tanaka", 0);

  run = ringi_test_server_run ("user", "disable", "--data", f->data, "tanaka", NULL);
  g_assert_cmpint (run->status, ==, 0);

  /* The session is gone at once, and no new one or enrollment starts. */
  assert_token (storage, token, NULL, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND);
  g_assert_false (ringi_server_storage_add_token (storage, token, "tanaka", 0, 3600, &error));
  g_assert_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_DISABLED);
  g_clear_error (&error);
  g_assert_false (ringi_server_storage_redeem_enrollment_code (storage, "tanaka", hash, g_get_real_time () / G_USEC_PER_SEC, &error));
  g_assert_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_DISABLED);

  users = list_json (f, "user");
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (users, 0), "disabled"));

  enable = ringi_test_server_run ("user", "enable", "--data", f->data, "tanaka", NULL);
  g_assert_cmpint (enable->status, ==, 0);
  sign_in (storage, "tanaka", token);
  assert_token (storage, token, "tanaka", 0);

  unknown = ringi_test_server_run ("user", "disable", "--data", f->data, "nobody", NULL);
  g_assert_cmpint (unknown->status, ==, 1);
  ringi_test_assert_contains (unknown->err, "There is no user “nobody”");
}

static void
test_user_reset (Fixture *f,
                 gconstpointer data)
{
  g_autofree char *old_code = ringi_test_server_add_user (f->data, "tanaka", NULL);
  g_autofree char *token = ringi_server_secret_sha256 ("token of tanaka");
  g_autoptr(RingiServerStorage) storage = open_storage (f);
  g_autoptr(RingiTestRun) run = NULL;
  g_autoptr(RingiUser) user = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) regex = g_regex_new ("code for tanaka: ([-0-9A-Z]+)", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *new_code = NULL;
  g_autofree char *old_hash = code_hash (old_code);
  g_autofree char *new_hash = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_true (ringi_server_storage_bind_key (storage, "tanaka", FINGERPRINT_1, NULL, now, &error));
  g_assert_no_error (error);
  sign_in (storage, "tanaka", token);

  run = ringi_test_server_run ("user", "reset", "--data", f->data, "tanaka", NULL);
  g_assert_cmpint (run->status, ==, 0);
  ringi_test_assert_contains (run->out, "The key " FINGERPRINT_1 " of tanaka is revoked.");
  g_assert_true (g_regex_match (regex, run->out, 0, &match));
  new_code = g_match_info_fetch (match, 1);
  new_hash = code_hash (new_code);

  user = ringi_server_storage_get_user (storage, "tanaka", &error);
  g_assert_no_error (error);
  g_assert_null (user->fingerprint);
  assert_token (storage, token, NULL, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND);

  /* The old key never comes back; the old code is dead, the new one works. */
  g_assert_false (ringi_server_storage_bind_key (storage, "tanaka", FINGERPRINT_1, NULL, now, &error));
  g_assert_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ringi_server_storage_redeem_enrollment_code (storage, "tanaka", old_hash, now, &error));
  g_assert_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (ringi_server_storage_redeem_enrollment_code (storage, "tanaka", new_hash, now, &error));
  g_assert_no_error (error);
  g_assert_true (ringi_server_storage_bind_key (storage, "tanaka", FINGERPRINT_2, NULL, now, &error));
  g_assert_no_error (error);
}

/* routes */

static void
test_route_add_list (Fixture *f,
                     gconstpointer data)
{
  g_autofree char *code1 = ringi_test_server_add_user (f->data, "suzuki", NULL);
  g_autofree char *code2 = ringi_test_server_add_user (f->data, "tanaka", "manager");
  g_autofree char *code3 = ringi_test_server_add_user (f->data, "sato", "manager");
  g_autoptr(RingiTestRun) first = NULL;
  g_autoptr(RingiTestRun) second = NULL;
  g_autoptr(RingiTestRun) replaced = NULL;
  g_autoptr(JsonArray) routes = NULL;
  JsonObject *route;

  first = ringi_test_server_run ("route", "add", "--data", f->data, "--category", "物品購入",
                                 "--route", "  approve = suzuki;final=tanaka ", NULL);
  g_assert_cmpint (first->status, ==, 0);
  ringi_test_assert_contains (first->out, "approve=suzuki ; final=tanaka");
  second = ringi_test_server_run ("route", "add", "--data", f->data, "--category", "物品購入",
                                  "--min-amount", "1000000", "--route", "approve=suzuki ; final=sato", NULL);
  g_assert_cmpint (second->status, ==, 0);
  replaced = ringi_test_server_run ("route", "add", "--data", f->data, "--category", "物品購入",
                                    "--route", "approve=suzuki ; circulate=sato ; final=tanaka", NULL);
  g_assert_cmpint (replaced->status, ==, 0);

  routes = list_json (f, "route");
  g_assert_cmpuint (json_array_get_length (routes), ==, 2);
  route = json_array_get_object_element (routes, 0);
  g_assert_cmpstr (json_object_get_string_member (route, "category"), ==, "物品購入");
  g_assert_cmpint (json_object_get_int_member (route, "min_amount"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (route, "route"), ==, "approve=suzuki ; circulate=sato ; final=tanaka");
  route = json_array_get_object_element (routes, 1);
  g_assert_cmpint (json_object_get_int_member (route, "min_amount"), ==, 1000000);
  g_assert_cmpstr (json_object_get_string_member (route, "route"), ==, "approve=suzuki ; final=sato");
}

typedef struct
{
  const char *category;
  const char *route;
  const char *min_amount;
  const char *message;
} BadRouteCase;

static const BadRouteCase bad_route_cases[] = {
  { "物品購入", "approve=suzuki", "0", "no final step" },
  { "物品購入", "final=tanaka ; approve=suzuki", "0", "comes after the final step" },
  { "物品購入", "approve=suzuki ; final=Tanaka", "0", "“Tanaka”" },
  { "物品購入", "approve=suzuki ; final=nobody", "0", "Step 2: There is no user “nobody”" },
  { "物品購入", "final=tanaka", "-1", "--min-amount must not be negative" },
  { "  ", "final=tanaka", "0", "--category and --route are required" },
};

static void
test_route_refusals (Fixture *f,
                     gconstpointer data)
{
  g_autofree char *code1 = ringi_test_server_add_user (f->data, "suzuki", NULL);
  g_autofree char *code2 = ringi_test_server_add_user (f->data, "tanaka", "manager");
  g_autoptr(JsonArray) routes = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad_route_cases); i++)
    {
      const BadRouteCase *c = &bad_route_cases[i];
      g_autoptr(RingiTestRun) run = ringi_test_server_run ("route", "add", "--data", f->data,
                                                            "--category", c->category, "--route", c->route,
                                                            "--min-amount", c->min_amount, NULL);

      g_assert_cmpint (run->status, ==, 1);
      ringi_test_assert_contains (run->err, c->message);
    }

  routes = list_json (f, "route");
  g_assert_cmpuint (json_array_get_length (routes), ==, 0);
}

/* backup */

static void
add_user (RingiServerStorage *storage,
          const char *login)
{
  RingiUser user = { .login = (char *) login, .display_name = (char *) "試験", .seal_name = (char *) "試験", .department = (char *) "総務課", .role = (char *) "staff" };
  g_autoptr(GError) error = NULL;

  g_assert_true (ringi_server_storage_add_user (storage, &user, 0, &error));
  g_assert_no_error (error);
}

static void
test_backup_live (Fixture *f,
                  gconstpointer data)
{
  g_autofree char *out = g_build_filename (f->dir, "backup.db", NULL);
  g_autoptr(RingiServerStorage) storage = open_storage (f);
  g_autoptr(RingiSqliteStorage) copy = NULL;
  g_autoptr(RingiTestRun) run = NULL;
  g_autoptr(RingiTestRun) again = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = NULL;

  add_user (storage, "suzuki");
  add_user (storage, "tanaka");

  /* A writer is in the middle of a transaction while the backup runs:
   * the copy has what was committed, and nothing of the rest. */
  g_assert_true (ringi_server_storage_begin (storage, &error));
  add_user (storage, "uncommitted");
  run = ringi_test_server_run ("backup", "--data", f->data, out, NULL);
  g_assert_cmpstr (run->err, ==, "");
  g_assert_cmpint (run->status, ==, 0);
  ringi_test_assert_contains (run->out, "integrity check passed");
  ringi_server_storage_rollback (storage);

  g_assert_cmpuint (file_mode (f->dir, "backup.db"), ==, 0600);
  copy = ringi_sqlite_storage_open (out, &error);
  g_assert_no_error (error);
  g_assert_true (ringi_server_storage_check_integrity (RINGI_SERVER_STORAGE (copy), &error));
  g_assert_no_error (error);
  users = ringi_server_storage_list_users (RINGI_SERVER_STORAGE (copy), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (users->len, ==, 2);
  g_assert_cmpstr (((RingiUser *) g_ptr_array_index (users, 0))->login, ==, "suzuki");
  g_assert_cmpstr (((RingiUser *) g_ptr_array_index (users, 1))->login, ==, "tanaka");
  g_clear_object (&copy);

  /* An existing file is never overwritten. */
  sha256 = ringi_test_file_sha256 (out);
  again = ringi_test_server_run ("backup", "--data", f->data, out, NULL);
  g_assert_cmpint (again->status, ==, 1);
  ringi_test_assert_contains (again->err, "already exists");
  {
    g_autofree char *after = ringi_test_file_sha256 (out);
    g_assert_cmpstr (after, ==, sha256);
  }
}

int
main (int argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, init) \
  g_test_add (path, Fixture, GINT_TO_POINTER (init), fixture_setup, func, fixture_teardown)

  ADD ("/ringi/server/init/layout", test_init_layout, FALSE);
  ADD ("/ringi/server/init/empty-dir", test_init_empty_dir, FALSE);
  ADD ("/ringi/server/init/refuses-existing", test_init_refuses_existing, FALSE);
  ADD ("/ringi/server/init/failure-cleans-up", test_init_failure_cleans_up, FALSE);
  ADD ("/ringi/server/init/bad-hostname", test_init_bad_hostname, FALSE);
  ADD ("/ringi/server/init/usage", test_init_usage, FALSE);
  ADD ("/ringi/server/init/server-key", test_init_server_key, TRUE);
  ADD ("/ringi/server/init/certificate", test_init_certificate, TRUE);
  ADD ("/ringi/server/init/certificate-ip", test_init_certificate_ip, FALSE);
  ADD ("/ringi/server/user/add-list", test_user_add_list, TRUE);
  ADD ("/ringi/server/user/code-expires", test_user_code_expires, TRUE);
  ADD ("/ringi/server/user/add-refusals", test_user_add_refusals, TRUE);
  ADD ("/ringi/server/user/needs-data-dir", test_user_needs_data_dir, FALSE);
  ADD ("/ringi/server/user/disable", test_user_disable, TRUE);
  ADD ("/ringi/server/user/reset", test_user_reset, TRUE);
  ADD ("/ringi/server/route/add-list", test_route_add_list, TRUE);
  ADD ("/ringi/server/route/refusals", test_route_refusals, TRUE);
  ADD ("/ringi/server/backup/live", test_backup_live, TRUE);

#undef ADD

  status = g_test_run ();
  ringi_test_server_remove_template ();
  return status;
}
