/* test-server-storage.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-server-storage"

#include "config.h"

#include <string.h>

#include "ringi-server-secret.h"
#include "ringi-sqlite-storage.h"
#include "ringi-test-utils.h"

/* The storage contract, through the interface, on the sqlite backend. */

#define NOW  1800000000
#define HOUR 3600

typedef struct
{
  char *dir;
  RingiServerStorage *storage;
} Fixture;

static void
add_user (Fixture *f,
          const char *login,
          const char *role)
{
  RingiUser user = {
    .login = (char *) login,
    .display_name = (char *) "試験 太郎",
    .seal_name = (char *) "試験",
    .department = (char *) "総務課",
    .role = (char *) role,
  };
  g_autoptr(GError) error = NULL;

  g_assert_true (ringi_server_storage_add_user (f->storage, &user, NOW, &error));
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture *f,
               gconstpointer data)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = ringi_test_make_tmpdir ("ringi-sto");
  path = g_build_filename (f->dir, "server.db", NULL);
  f->storage = RINGI_SERVER_STORAGE (ringi_sqlite_storage_open (path, &error));
  g_assert_no_error (error);

  add_user (f, "suzuki", "staff");
  add_user (f, "tanaka", "manager");
  add_user (f, "kansa", "auditor");
  add_user (f, "kanri", "admin");
}

static void
fixture_teardown (Fixture *f,
                  gconstpointer data)
{
  g_assert_finalize_object (f->storage);
  ringi_test_remove_tree (f->dir);
  g_free (f->dir);
}

static char *
token_hash (const char *token)
{
  return ringi_server_secret_sha256 (token);
}

static void
add_token (Fixture *f,
           const char *hash,
           const char *login,
           gint64 now)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ringi_server_storage_add_token (f->storage, hash, login, now, now + 12 * HOUR, &error));
  g_assert_no_error (error);
}

static void
assert_token (Fixture *f,
              const char *hash,
              gint64 now,
              const char *login,
              int code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *found = ringi_server_storage_lookup_token (f->storage, hash, now, HOUR, &error);

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
test_token_absolute_expiry (Fixture *f,
                            gconstpointer data)
{
  g_autofree char *hash = token_hash ("a");

  add_token (f, hash, "suzuki", NOW);
  /* Used every 50 minutes, it still dies 12 hours after login. */
  for (gint64 t = NOW; t < NOW + 12 * HOUR; t += 50 * 60)
    assert_token (f, hash, t, "suzuki", 0);
  assert_token (f, hash, NOW + 12 * HOUR, NULL, RINGI_SERVER_STORAGE_ERROR_EXPIRED);
  /* A dead token is gone, not merely refused. */
  assert_token (f, hash, NOW, NULL, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND);
}

static void
test_token_idle_expiry (Fixture *f,
                        gconstpointer data)
{
  g_autofree char *kept = token_hash ("kept");
  g_autofree char *idle = token_hash ("idle");

  add_token (f, kept, "suzuki", NOW);
  add_token (f, idle, "suzuki", NOW);
  assert_token (f, kept, NOW + 50 * 60, "suzuki", 0);
  assert_token (f, kept, NOW + 100 * 60, "suzuki", 0);
  assert_token (f, idle, NOW + HOUR + 1, NULL, RINGI_SERVER_STORAGE_ERROR_EXPIRED);
}

static void
test_token_unknown (Fixture *f,
                    gconstpointer data)
{
  g_autofree char *hash = token_hash ("never issued");
  g_autoptr(GError) error = NULL;

  assert_token (f, hash, NOW, NULL, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND);
  g_assert_false (ringi_server_storage_add_token (f->storage, hash, "nobody", NOW, NOW + HOUR, &error));
  g_assert_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND);
}

static void
test_token_logout (Fixture *f,
                   gconstpointer data)
{
  g_autofree char *hash = token_hash ("a");
  g_autoptr(GError) error = NULL;

  add_token (f, hash, "suzuki", NOW);
  g_assert_true (ringi_server_storage_delete_token (f->storage, hash, &error));
  g_assert_no_error (error);
  assert_token (f, hash, NOW, NULL, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND);
  g_assert_true (ringi_server_storage_delete_token (f->storage, hash, &error));
  g_assert_no_error (error);
}

static void
test_nonce (Fixture *f,
            gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ringi_server_storage_add_login_nonce (f->storage, "n1", "suzuki", NOW + 120, &error));
  g_assert_true (ringi_server_storage_add_login_nonce (f->storage, "n2", "suzuki", NOW + 120, &error));
  g_assert_true (ringi_server_storage_add_login_nonce (f->storage, "n3", "nobody", NOW + 120, &error));
  g_assert_no_error (error);

  /* For the login it was given to, once, in time. */
  g_assert_false (ringi_server_storage_take_login_nonce (f->storage, "n1", "tanaka", NOW, &error));
  g_assert_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (ringi_server_storage_take_login_nonce (f->storage, "n1", "suzuki", NOW + 119, &error));
  g_assert_no_error (error);
  g_assert_false (ringi_server_storage_take_login_nonce (f->storage, "n1", "suzuki", NOW + 119, &error));
  g_assert_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (ringi_server_storage_take_login_nonce (f->storage, "n2", "suzuki", NOW + 120, &error));
  g_assert_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND);
}

static void
test_bind_key (Fixture *f,
               gconstpointer data)
{
  g_autoptr(GBytes) key = g_bytes_new_static ("-----BEGIN PGP PUBLIC KEY BLOCK-----", 36);
  g_autoptr(RingiUser) user = NULL;
  g_autoptr(GError) error = NULL;
  const char *fpr = "0123456789abcdef0123456789abcdef01234567";

  g_assert_true (ringi_server_storage_bind_key (f->storage, "suzuki", fpr, key, NOW, &error));
  g_assert_no_error (error);
  user = ringi_server_storage_get_user (f->storage, "suzuki", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (user->fingerprint, ==, "0123456789ABCDEF0123456789ABCDEF01234567");
  g_assert_true (g_bytes_equal (user->public_key, key));

  /* Binding the same key again is harmless; another user may not have it. */
  g_assert_true (ringi_server_storage_bind_key (f->storage, "suzuki", fpr, key, NOW, &error));
  g_assert_no_error (error);
  g_assert_false (ringi_server_storage_bind_key (f->storage, "tanaka", fpr, key, NOW, &error));
  g_assert_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (ringi_server_storage_bind_key (f->storage, "suzuki", "89ABCDEF0123456789ABCDEF0123456789ABCDEF", key, NOW, &error));
  g_assert_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (ringi_server_storage_bind_key (f->storage, "tanaka", "not a fingerprint", key, NOW, &error));
  g_assert_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ringi_server_storage_bind_key (f->storage, "nobody", "89ABCDEF0123456789ABCDEF0123456789ABCDEF", key, NOW, &error));
  g_assert_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND);
}

static gint64
append (Fixture *f,
        const char *kind,
        const char *request_id)
{
  g_autoptr(GError) error = NULL;
  gint64 seq = ringi_server_storage_append_change (f->storage, kind, request_id, NULL, NULL, NOW, &error);

  g_assert_no_error (error);
  return seq;
}

static GPtrArray *
changes_for (Fixture *f,
             gint64 after,
             const char *viewer,
             guint limit)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *changes = ringi_server_storage_list_changes (f->storage, after, viewer, limit, &error);

  g_assert_no_error (error);
  return changes;
}

static void
test_changes_in_order (Fixture *f,
                       gconstpointer data)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) error = NULL;
  gint64 first = append (f, "route-template", NULL);
  gint64 second = append (f, "route-template", NULL);
  gint64 last;

  /* Adding the four users of the fixture logged four changes already. */
  g_assert_cmpint (first, ==, 5);
  g_assert_cmpint (second, ==, first + 1);
  last = ringi_server_storage_get_last_change_seq (f->storage, &error);
  g_assert_no_error (error);
  g_assert_cmpint (last, ==, second);

  all = changes_for (f, 0, NULL, 500);
  g_assert_cmpuint (all->len, ==, 6);
  g_assert_cmpstr (((RingiServerChange *) g_ptr_array_index (all, 0))->kind, ==, "user");
  g_assert_cmpstr (((RingiServerChange *) g_ptr_array_index (all, 0))->subject, ==, "suzuki");
  page = changes_for (f, 2, NULL, 3);
  g_assert_cmpuint (page->len, ==, 3);
  g_assert_cmpint (((RingiServerChange *) g_ptr_array_index (page, 0))->seq, ==, 3);
  g_assert_cmpint (((RingiServerChange *) g_ptr_array_index (page, 2))->seq, ==, 5);
}

static void
test_changes_known_requests (Fixture *f,
                             gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  /* The change log refers to requests that exist. */
  g_assert_cmpint (ringi_server_storage_append_change (f->storage, "stamp", "no-such-request", NULL, NULL, NOW, &error), ==, -1);
  g_assert_nonnull (error);
}

static void
test_ops_idempotent (Fixture *f,
                     gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *result = NULL;
  guint status = 0;
  const char *id = "2f1e4a52-3c4d-4e5f-8a9b-0c1d2e3f4a5b";

  g_assert_false (ringi_server_storage_lookup_op (f->storage, id, "suzuki", &status, &result, &error));
  g_assert_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (ringi_server_storage_record_op (f->storage, id, "suzuki", 200, "{\"status\":\"applied\"}", NOW, &error));
  g_assert_no_error (error);
  g_assert_false (ringi_server_storage_record_op (f->storage, id, "suzuki", 200, "{}", NOW, &error));
  g_assert_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_EXISTS);
  g_clear_error (&error);

  g_assert_true (ringi_server_storage_lookup_op (f->storage, id, "suzuki", &status, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (result, ==, "{\"status\":\"applied\"}");
  g_clear_pointer (&result, g_free);

  /* Another user's op id answers nothing of that op. */
  g_assert_false (ringi_server_storage_lookup_op (f->storage, id, "tanaka", &status, &result, &error));
  g_assert_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_EXISTS);
  g_assert_null (result);
}

static void
test_transaction_rollback (Fixture *f,
                           gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) users = NULL;
  gint64 before = ringi_server_storage_get_last_change_seq (f->storage, NULL);

  /* Calls inside begin() share one transaction: all or nothing. */
  g_assert_true (ringi_server_storage_begin (f->storage, &error));
  add_user (f, "sato", "staff");
  g_assert_true (ringi_server_storage_record_op (f->storage, "op-1", "sato", 200, "{}", NOW, &error));
  g_assert_no_error (error);
  ringi_server_storage_rollback (f->storage);

  users = ringi_server_storage_list_users (f->storage, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (users->len, ==, 4);
  g_assert_cmpint (ringi_server_storage_get_last_change_seq (f->storage, NULL), ==, before);
  g_assert_false (ringi_server_storage_lookup_op (f->storage, "op-1", "sato", NULL, NULL, &error));
  g_assert_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND);
}

static void
test_blobs (Fixture *f,
            gconstpointer data)
{
  g_autoptr(GBytes) pdf = g_bytes_new_static ("%PDF-1.7\n", 9);
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
  g_autofree char *missing = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "missing", -1);
  g_autoptr(GBytes) read = NULL;
  g_autoptr(GBytes) none = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (ringi_server_storage_put_blob (f->storage, sha256, pdf, NOW, &error));
  g_assert_true (ringi_server_storage_put_blob (f->storage, sha256, pdf, NOW, &error));
  g_assert_no_error (error);
  read = ringi_server_storage_get_blob (f->storage, sha256, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (read, pdf));

  none = ringi_server_storage_get_blob (f->storage, missing, &error);
  g_assert_null (none);
  g_assert_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND);
}

static void
test_route_templates (Fixture *f,
                      gconstpointer data)
{
  RingiRouteTemplate small = { (char *) "物品購入", 0, (char *) "final=tanaka" };
  RingiRouteTemplate large = { (char *) "物品購入", 1000000, (char *) "approve=tanaka ; final=kanri" };
  RingiRouteTemplate replaced = { (char *) "物品購入", 0, (char *) "approve=suzuki ; final=tanaka" };
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;
  RingiRouteTemplate *first;

  g_assert_true (ringi_server_storage_put_route_template (f->storage, &large, NOW, &error));
  g_assert_true (ringi_server_storage_put_route_template (f->storage, &small, NOW, &error));
  g_assert_true (ringi_server_storage_put_route_template (f->storage, &replaced, NOW, &error));
  g_assert_no_error (error);

  templates = ringi_server_storage_list_route_templates (f->storage, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (templates->len, ==, 2);
  first = g_ptr_array_index (templates, 0);
  g_assert_cmpint (first->min_amount, ==, 0);
  g_assert_cmpstr (first->route, ==, "approve=suzuki ; final=tanaka");

  /* Clients learn of every change of the directory. */
  changes = changes_for (f, 4, "suzuki", 500);
  g_assert_cmpuint (changes->len, ==, 3);
  g_assert_cmpstr (((RingiServerChange *) g_ptr_array_index (changes, 2))->kind, ==, "route-template");
  g_assert_cmpstr (((RingiServerChange *) g_ptr_array_index (changes, 2))->subject, ==, "物品購入");
}

static void
add_request (Fixture *f,
             const char *id,
             const char *applicant,
             const char *const *viewers)
{
  RingiRequestInfo info = {
    .id = (char *) id,
    .title = (char *) "コピー用紙の購入",
    .category = (char *) "物品購入",
    .amount = 52800,
    .counterparty = (char *) "株式会社テスト商事",
    .transaction_date = (char *) "2026-11-20",
    .applicant = (char *) applicant,
    .created_at = (char *) "2026-11-20T09:00:00+09:00",
  };
  g_autoptr(GError) error = NULL;

  g_assert_true (ringi_server_storage_add_request (f->storage, &info, viewers, &error));
  g_assert_no_error (error);
}

static void
assert_viewer (Fixture *f,
               const char *request_id,
               const char *login,
               gboolean allowed)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (ringi_server_storage_check_viewer (f->storage, request_id, login, &error), ==, allowed);
  if (allowed)
    g_assert_no_error (error);
  else
    g_assert_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND);
}

static void
test_request_visibility (Fixture *f,
                         gconstpointer data)
{
  const char *const route[] = { "tanaka", NULL };
  const char *const later[] = { "sato", NULL };
  g_autoptr(RingiRequestInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  add_user (f, "sato", "staff");
  add_request (f, "r1", "suzuki", route);
  info = ringi_server_storage_get_request (f->storage, "r1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (info->title, ==, "コピー用紙の購入");
  g_assert_cmpint (info->amount, ==, 52800);
  g_assert_cmpstr (info->created_at, ==, "2026-11-20T09:00:00+09:00");

  /* The applicant, the route and auditors; not the admin, not others. */
  assert_viewer (f, "r1", "suzuki", TRUE);
  assert_viewer (f, "r1", "tanaka", TRUE);
  assert_viewer (f, "r1", "kansa", TRUE);
  assert_viewer (f, "r1", "kanri", FALSE);
  assert_viewer (f, "r1", "sato", FALSE);
  assert_viewer (f, "r2", "suzuki", FALSE);

  g_assert_true (ringi_server_storage_add_viewers (f->storage, "r1", later, &error));
  g_assert_no_error (error);
  assert_viewer (f, "r1", "sato", TRUE);

  add_request (f, "r2", "sato", NULL);
  {
    RingiRequestInfo again = { .id = (char *) "r2", .applicant = (char *) "sato" };
    g_assert_false (ringi_server_storage_add_request (f->storage, &again, NULL, &error));
    g_assert_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_EXISTS);
  }
}

static void
test_changes_visibility (Fixture *f,
                         gconstpointer data)
{
  const char *const route[] = { "tanaka", NULL };
  const struct
  {
    const char *viewer;
    guint n_changes;
  } cases[] = {
    { "suzuki", 3 },
    { "tanaka", 3 },
    { "kansa", 3 },
    { "kanri", 1 },
    { NULL, 3 },
  };
  gint64 start = ringi_server_storage_get_last_change_seq (f->storage, NULL);

  add_request (f, "r1", "suzuki", route);
  append (f, "request", "r1");
  append (f, "route-template", NULL);
  append (f, "stamp", "r1");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) changes = changes_for (f, start, cases[i].viewer, 500);
      g_assert_cmpuint (changes->len, ==, cases[i].n_changes);
    }
}

static void
test_stamp_chain (Fixture *f,
                  gconstpointer data)
{
  g_autoptr(GBytes) first = g_bytes_new_static ("Ringi-Stamp: 1\nAction: submit\n", 31);
  g_autoptr(GBytes) second = g_bytes_new_static ("Ringi-Stamp: 1\nAction: approve\n", 32);
  g_autoptr(GBytes) signature = g_bytes_new_static ("-----BEGIN PGP SIGNATURE-----", 29);
  g_autofree char *first_sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, first);
  g_autoptr(GPtrArray) stamps = NULL;
  g_autoptr(GError) error = NULL;
  guint seq = 0;

  add_request (f, "r1", "suzuki", NULL);
  g_assert_true (ringi_server_storage_append_stamp (f->storage, "r1", "suzuki", first, signature, NULL, &seq, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (seq, ==, 1);

  /* A stamp naming anything but the chain's end is refused. */
  g_assert_false (ringi_server_storage_append_stamp (f->storage, "r1", "tanaka", second, signature, NULL, &seq, &error));
  g_assert_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_CHAIN);
  g_clear_error (&error);
  g_assert_false (ringi_server_storage_append_stamp (f->storage, "r2", "tanaka", second, signature, NULL, &seq, &error));
  g_assert_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (ringi_server_storage_append_stamp (f->storage, "r1", "tanaka", second, signature, first_sha256, &seq, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (seq, ==, 2);

  stamps = ringi_server_storage_list_stamps (f->storage, "r1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stamps->len, ==, 2);
  g_assert_cmpstr (((RingiStoredStamp *) g_ptr_array_index (stamps, 0))->sha256, ==, first_sha256);
  g_assert_true (g_bytes_equal (((RingiStoredStamp *) g_ptr_array_index (stamps, 1))->record, second));
}

static void
test_revisions_and_receipts (Fixture *f,
                             gconstpointer data)
{
  g_autoptr(GBytes) pdf = g_bytes_new_static ("%PDF-1.7\n", 9);
  g_autoptr(GBytes) stamp = g_bytes_new_static ("Ringi-Stamp: 1\n", 15);
  g_autoptr(GBytes) receipt = g_bytes_new_static ("Ringi-Receipt: 1\n", 17);
  g_autoptr(GBytes) signature = g_bytes_new_static ("sig", 3);
  g_autofree char *pdf_sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
  g_autofree char *stamp_sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, stamp);
  g_autofree char *missing = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "missing", -1);
  g_autofree char *found = NULL;
  g_autoptr(GBytes) read_record = NULL;
  g_autoptr(GBytes) read_signature = NULL;
  g_autoptr(GError) error = NULL;

  add_request (f, "r1", "suzuki", NULL);

  /* A revision names a document the server holds. */
  g_assert_false (ringi_server_storage_add_revision (f->storage, "r1", 1, pdf_sha256, &error));
  g_assert_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (ringi_server_storage_put_blob (f->storage, pdf_sha256, pdf, NOW, &error));
  g_assert_true (ringi_server_storage_add_revision (f->storage, "r1", 1, pdf_sha256, &error));
  g_assert_no_error (error);
  found = ringi_server_storage_get_revision (f->storage, "r1", 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, pdf_sha256);
  g_assert_null (ringi_server_storage_get_revision (f->storage, "r1", 2, &error));
  g_assert_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A receipt is for a stored stamp, and is kept as signed. */
  g_assert_false (ringi_server_storage_add_receipt (f->storage, missing, 1, NOW, receipt, signature, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (ringi_server_storage_append_stamp (f->storage, "r1", "suzuki", stamp, signature, NULL, NULL, &error));
  g_assert_true (ringi_server_storage_add_receipt (f->storage, stamp_sha256, 7, NOW, receipt, signature, &error));
  g_assert_no_error (error);
  g_assert_true (ringi_server_storage_get_receipt (f->storage, stamp_sha256, &read_record, &read_signature, &error));
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (read_record, receipt));
  g_assert_true (g_bytes_equal (read_signature, signature));
}

static guint
count_kind (GPtrArray *changes,
            const char *kind)
{
  guint n = 0;

  for (guint i = 0; i < changes->len; i++)
    if (g_str_equal (((RingiServerChange *) g_ptr_array_index (changes, i))->kind, kind))
      n++;

  return n;
}

static void
test_changes_late_viewer (Fixture *f,
                          gconstpointer data)
{
  const char *const route[] = { "tanaka", NULL };
  const char *const later[] = { "sato", NULL };
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) copies = NULL;
  g_autoptr(GPtrArray) route_view = NULL;
  g_autoptr(GPtrArray) audit_view = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) next = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start, cursor, request_seq;
  RingiServerChange *copy;

  add_user (f, "sato", "staff");
  start = ringi_server_storage_get_last_change_seq (f->storage, NULL);
  add_request (f, "r1", "suzuki", route);
  request_seq = append (f, "request", "r1");
  append (f, "stamp", "r1");

  before = changes_for (f, start, "sato", 500);
  g_assert_cmpuint (before->len, ==, 0);

  /* Sato joins (a new route, say) with a cursor past the request's
   * changes: he gets copies of them under new numbers, and nobody else
   * sees those copies. */
  cursor = ringi_server_storage_get_last_change_seq (f->storage, NULL);
  g_assert_true (ringi_server_storage_add_viewers (f->storage, "r1", later, &error));
  g_assert_no_error (error);
  copies = changes_for (f, cursor, "sato", 500);
  g_assert_cmpuint (copies->len, ==, 2);
  copy = g_ptr_array_index (copies, 0);
  g_assert_cmpint (copy->seq, >, cursor);
  g_assert_cmpstr (copy->kind, ==, "request");
  g_assert_cmpstr (copy->request_id, ==, "r1");
  g_assert_cmpstr (((RingiServerChange *) g_ptr_array_index (copies, 1))->kind, ==, "stamp");

  /* What each may see ends where their own list ends. */
  g_assert_cmpint (ringi_server_storage_get_last_visible_seq (f->storage, "sato", NULL), ==,
                   ((RingiServerChange *) g_ptr_array_index (copies, 1))->seq);
  g_assert_cmpint (ringi_server_storage_get_last_visible_seq (f->storage, "tanaka", NULL), ==, cursor);
  g_assert_cmpint (ringi_server_storage_get_last_visible_seq (f->storage, "kansa", NULL), ==, cursor);
  g_assert_cmpint (ringi_server_storage_get_last_visible_seq (f->storage, "kanri", NULL), ==, start);
  g_assert_cmpint (ringi_server_storage_get_last_visible_seq (f->storage, "nobody", NULL), ==, start);

  route_view = changes_for (f, cursor, "tanaka", 500);
  audit_view = changes_for (f, cursor, "kansa", 500);
  all = changes_for (f, cursor, NULL, 500);
  g_assert_cmpuint (route_view->len, ==, 0);
  g_assert_cmpuint (audit_view->len, ==, 0);
  g_assert_cmpuint (all->len, ==, 0);

  /* Adding him again copies nothing; the request's next change is his. */
  cursor = ringi_server_storage_get_last_change_seq (f->storage, NULL);
  g_assert_true (ringi_server_storage_add_viewers (f->storage, "r1", later, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ringi_server_storage_get_last_change_seq (f->storage, NULL), ==, cursor);
  append (f, "stamp", "r1");
  next = changes_for (f, cursor, "sato", 500);
  g_assert_cmpuint (next->len, ==, 1);
  g_assert_cmpint (request_seq, <, cursor);
}

static void
test_changes_pages_merge (Fixture *f,
                          gconstpointer data)
{
  const char *const route[] = { "tanaka", NULL };
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  gint64 start = ringi_server_storage_get_last_change_seq (f->storage, NULL);

  /* Directory and request changes interleave, in order, page by page. */
  add_request (f, "r1", "suzuki", route);
  add_request (f, "r2", "kansa", NULL);
  append (f, "request", "r1");
  append (f, "route-template", NULL);
  append (f, "request", "r2");
  append (f, "stamp", "r1");
  append (f, "route-template", NULL);

  first = changes_for (f, start, "tanaka", 3);
  g_assert_cmpuint (first->len, ==, 3);
  g_assert_cmpstr (((RingiServerChange *) g_ptr_array_index (first, 0))->kind, ==, "request");
  g_assert_cmpstr (((RingiServerChange *) g_ptr_array_index (first, 1))->kind, ==, "route-template");
  g_assert_cmpstr (((RingiServerChange *) g_ptr_array_index (first, 2))->kind, ==, "stamp");
  second = changes_for (f, ((RingiServerChange *) g_ptr_array_index (first, 2))->seq, "tanaka", 3);
  g_assert_cmpuint (second->len, ==, 1);
  g_assert_cmpuint (count_kind (second, "route-template"), ==, 1);
  g_assert_cmpint (((RingiServerChange *) g_ptr_array_index (second, 0))->seq, ==, start + 5);
}

static void
add_delegation (Fixture *f,
                const char *id,
                const char *from,
                const char *to,
                GError **error)
{
  g_autoptr(GBytes) record = g_bytes_new_static ("Ringi-Delegation: 1\n", 20);
  g_autoptr(GBytes) signature = g_bytes_new_static ("sig", 3);
  RingiStoredDelegation delegation = {
    .id = (char *) id,
    .from_login = (char *) from,
    .to_login = (char *) to,
    .valid_from = (char *) "2026-12-01T00:00:00+09:00",
    .valid_until = (char *) "2026-12-08T00:00:00+09:00",
    .record = record,
    .signature = signature,
  };

  ringi_server_storage_add_delegation (f->storage, &delegation, error);
}

static void
test_delegations (Fixture *f,
                  gconstpointer data)
{
  const char *const route[] = { "tanaka", NULL };
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GPtrArray) copies = NULL;
  g_autoptr(GError) error = NULL;
  RingiStoredDelegation *delegation;
  gint64 cursor;

  add_user (f, "yamada", "staff");
  add_request (f, "r1", "suzuki", route);
  append (f, "request", "r1");
  assert_viewer (f, "r1", "yamada", FALSE);

  /* The delegate reads what the delegator reads, from now on. */
  cursor = ringi_server_storage_get_last_change_seq (f->storage, NULL);
  add_delegation (f, "d1", "tanaka", "yamada", &error);
  g_assert_no_error (error);
  assert_viewer (f, "r1", "yamada", TRUE);
  copies = changes_for (f, cursor, "yamada", 500);
  g_assert_cmpuint (copies->len, ==, 1);
  g_assert_cmpstr (((RingiServerChange *) g_ptr_array_index (copies, 0))->kind, ==, "request");

  found = ringi_server_storage_list_delegations (f->storage, "tanaka", "yamada", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  delegation = g_ptr_array_index (found, 0);
  g_assert_cmpstr (delegation->id, ==, "d1");
  g_assert_cmpstr (delegation->valid_until, ==, "2026-12-08T00:00:00+09:00");
  g_assert_cmpuint (g_bytes_get_size (delegation->record), ==, 20);
  none = ringi_server_storage_list_delegations (f->storage, "yamada", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);

  add_delegation (f, "d1", "tanaka", "yamada", &error);
  g_assert_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_EXISTS);
  g_clear_error (&error);
  add_delegation (f, "d2", "tanaka", "nobody", &error);
  g_assert_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_EXISTS);
}

static void
assert_blob_reader (Fixture *f,
                    const char *sha256,
                    const char *login,
                    gboolean allowed)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (ringi_server_storage_check_blob_reader (f->storage, sha256, login, &error), ==, allowed);
  if (allowed)
    g_assert_no_error (error);
  else
    g_assert_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND);
}

static void
test_blob_readers (Fixture *f,
                   gconstpointer data)
{
  const char *const route[] = { "tanaka", NULL };
  g_autoptr(GBytes) pdf = g_bytes_new_static ("%PDF-1.7\n", 9);
  g_autoptr(GBytes) pdf2 = g_bytes_new_static ("%PDF-1.7\n%2\n", 12);
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
  g_autofree char *sha256_2 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf2);
  g_autoptr(GPtrArray) revisions = NULL;
  g_autoptr(GError) error = NULL;

  add_user (f, "sato", "staff");
  add_request (f, "r1", "suzuki", route);
  g_assert_true (ringi_server_storage_put_blob (f->storage, sha256, pdf, NOW, &error));
  g_assert_true (ringi_server_storage_put_blob (f->storage, sha256_2, pdf2, NOW, &error));
  g_assert_true (ringi_server_storage_add_revision (f->storage, "r1", 1, sha256, &error));
  g_assert_no_error (error);

  /* Only a document some request of theirs uses; unused ones, nobody. */
  assert_blob_reader (f, sha256, "suzuki", TRUE);
  assert_blob_reader (f, sha256, "tanaka", TRUE);
  assert_blob_reader (f, sha256, "kansa", TRUE);
  assert_blob_reader (f, sha256, "kanri", FALSE);
  assert_blob_reader (f, sha256, "sato", FALSE);
  assert_blob_reader (f, sha256_2, "suzuki", FALSE);
  assert_blob_reader (f, sha256_2, "kansa", FALSE);

  g_assert_true (ringi_server_storage_add_revision (f->storage, "r1", 2, sha256_2, &error));
  g_assert_no_error (error);
  revisions = ringi_server_storage_list_revisions (f->storage, "r1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (revisions->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (revisions, 0), ==, sha256);
  g_assert_cmpstr (g_ptr_array_index (revisions, 1), ==, sha256_2);
}

static void
test_enrollment_code_check (Fixture *f,
                            gconstpointer data)
{
  g_autofree char *hash = ringi_server_secret_sha256 ("7KQ2M9XD4TRBHN3WPZ8C");
  g_autofree char *other = ringi_server_secret_sha256 ("0000000000000000000C");
  g_autoptr(GError) error = NULL;

  g_assert_true (ringi_server_storage_set_enrollment_code (f->storage, "suzuki", hash, NOW + HOUR, &error));
  g_assert_no_error (error);

  /* A check leaves the code usable; redeeming uses it up. */
  for (guint i = 0; i < 2; i++)
    {
      g_assert_true (ringi_server_storage_check_enrollment_code (f->storage, "suzuki", hash, NOW, &error));
      g_assert_no_error (error);
    }
  g_assert_false (ringi_server_storage_check_enrollment_code (f->storage, "suzuki", other, NOW, &error));
  g_assert_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (ringi_server_storage_check_enrollment_code (f->storage, "suzuki", hash, NOW + HOUR, &error));
  g_assert_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_EXPIRED);
  g_clear_error (&error);

  g_assert_true (ringi_server_storage_redeem_enrollment_code (f->storage, "suzuki", hash, NOW, &error));
  g_assert_no_error (error);
  g_assert_false (ringi_server_storage_check_enrollment_code (f->storage, "suzuki", hash, NOW, &error));
  g_assert_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND);
}

static void
test_settings (Fixture *f,
               gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = ringi_server_storage_get_setting (f->storage, "server-key-fingerprint", &error);
  g_autofree char *value = NULL;

  g_assert_null (missing);
  g_assert_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (ringi_server_storage_set_setting (f->storage, "server-key-fingerprint", "A", &error));
  g_assert_true (ringi_server_storage_set_setting (f->storage, "server-key-fingerprint", "B", &error));
  g_assert_no_error (error);
  value = ringi_server_storage_get_setting (f->storage, "server-key-fingerprint", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "B");
}

/* The rules' listing has every punch the full one has, in the same
 * order and with the same fields, but none of the large columns. */
static void
test_punch_fields (Fixture *f,
                   gconstpointer data)
{
  g_autoptr(GBytes) blob = g_bytes_new_static ("-----BEGIN PGP SIGNATURE-----", 29);
  g_autoptr(GPtrArray) full = NULL;
  g_autoptr(GPtrArray) light = NULL;
  g_autoptr(GError) error = NULL;
  const gint64 times[] = { NOW + 60, NOW, NOW + 3600 };

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      g_autofree char *uuid = g_uuid_string_random ();
      g_autofree char *sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, uuid, -1);
      g_autoptr(GBytes) record = g_bytes_new (uuid, strlen (uuid));
      RingiStoredPunch stored = {
        .punch = uuid,
        .login = (char *) "suzuki",
        .sha256 = sha256,
        .record = record,
        .signature = blob,
        .note = (char *) "電車遅延",
        .client_time = times[i],
        .server_time = times[i] + 5,
        .receipt = blob,
        .receipt_signature = blob,
        .kind = i == 2 ? RINGI_PUNCH_CLOCK_OUT : RINGI_PUNCH_CLOCK_IN,
        .place = RINGI_PUNCH_PLACE_HOME,
      };

      g_assert_cmpint (ringi_server_storage_add_punch (f->storage, &stored, "{}", &error), >, 0);
      g_assert_no_error (error);
    }

  full = ringi_server_storage_list_punches (f->storage, "suzuki", NOW, NOW + 7200, &error);
  g_assert_no_error (error);
  light = ringi_server_storage_list_punch_fields (f->storage, "suzuki", NOW, NOW + 7200, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (light->len, ==, 3);
  g_assert_cmpuint (full->len, ==, light->len);
  for (guint i = 0; i < light->len; i++)
    {
      RingiStoredPunch *a = g_ptr_array_index (full, i);
      RingiStoredPunch *b = g_ptr_array_index (light, i);

      g_assert_cmpstr (a->punch, ==, b->punch);
      g_assert_cmpstr (a->sha256, ==, b->sha256);
      g_assert_cmpint (a->client_time, ==, b->client_time);
      g_assert_cmpint (a->server_time, ==, b->server_time);
      g_assert_cmpint (a->kind, ==, b->kind);
      g_assert_cmpint (a->place, ==, b->place);
      g_assert_nonnull (a->record);
      g_assert_null (b->record);
      g_assert_null (b->signature);
      g_assert_null (b->note);
      g_assert_null (b->receipt);
    }
  g_assert_cmpint (((RingiStoredPunch *) g_ptr_array_index (light, 0))->client_time, ==, NOW);
}

int
main (int argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/ringi/server/storage/token/absolute-expiry", test_token_absolute_expiry);
  ADD ("/ringi/server/storage/token/idle-expiry", test_token_idle_expiry);
  ADD ("/ringi/server/storage/token/unknown", test_token_unknown);
  ADD ("/ringi/server/storage/token/logout", test_token_logout);
  ADD ("/ringi/server/storage/nonce", test_nonce);
  ADD ("/ringi/server/storage/bind-key", test_bind_key);
  ADD ("/ringi/server/storage/changes/in-order", test_changes_in_order);
  ADD ("/ringi/server/storage/changes/known-requests-only", test_changes_known_requests);
  ADD ("/ringi/server/storage/ops/idempotent", test_ops_idempotent);
  ADD ("/ringi/server/storage/transaction/rollback", test_transaction_rollback);
  ADD ("/ringi/server/storage/blobs", test_blobs);
  ADD ("/ringi/server/storage/route-templates", test_route_templates);
  ADD ("/ringi/server/storage/settings", test_settings);
  ADD ("/ringi/server/storage/punch-fields", test_punch_fields);
  ADD ("/ringi/server/storage/request/visibility", test_request_visibility);
  ADD ("/ringi/server/storage/changes/visibility", test_changes_visibility);
  ADD ("/ringi/server/storage/stamp-chain", test_stamp_chain);
  ADD ("/ringi/server/storage/revisions-and-receipts", test_revisions_and_receipts);
  ADD ("/ringi/server/storage/changes/late-viewer", test_changes_late_viewer);
  ADD ("/ringi/server/storage/changes/pages-merge", test_changes_pages_merge);
  ADD ("/ringi/server/storage/delegations", test_delegations);
  ADD ("/ringi/server/storage/blob-readers", test_blob_readers);
  ADD ("/ringi/server/storage/enrollment-code-check", test_enrollment_code_check);

#undef ADD

  return g_test_run ();
}
