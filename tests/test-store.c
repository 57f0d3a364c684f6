/* test-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-store"

#include "config.h"

#include "ringi-stamp.h"
#include "ringi-store.h"
#include "ringi-test-utils.h"

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

  f->dir = ringi_test_make_tmpdir ("ringi-store");
  path = g_build_filename (f->dir, "profile.db", NULL);
  f->store = ringi_store_open (path, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *f,
                  gconstpointer data)
{
  g_assert_finalize_object (f->store);
  ringi_test_remove_tree (f->dir);
  g_free (f->dir);
}

static void
add_request (Fixture *f,
             const char *id,
             const char *title,
             gint64 amount,
             const char *counterparty,
             const char *date)
{
  g_autoptr(GError) error = NULL;
  RingiRequestInfo info = {
    .id = (char *) id,
    .title = (char *) title,
    .category = (char *) "purchase",
    .amount = amount,
    .counterparty = (char *) counterparty,
    .transaction_date = (char *) date,
    .applicant = (char *) "suzuki",
  };

  g_assert_true (ringi_store_add_request (f->store, &info, &error));
  g_assert_no_error (error);
}

static void
test_users (Fixture *f,
            gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiUser) got = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GHashTable) bindings = NULL;
  RingiUser suzuki = {
    .login = (char *) "suzuki",
    .display_name = (char *) "鈴木 一郎",
    .seal_name = (char *) "鈴木",
    .department = (char *) "総務課",
    .role = (char *) "staff",
    .manager = (char *) "tanaka",
    .fingerprint = (char *) "0123456789ABCDEF0123456789ABCDEF01234567",
  };
  RingiUser tanaka = {
    .login = (char *) "tanaka",
    .display_name = (char *) "田中 花子",
    .seal_name = (char *) "田中",
    .department = (char *) "総務課",
    .role = (char *) "manager",
  };

  g_assert_true (ringi_store_put_user (f->store, &suzuki, &error));
  g_assert_true (ringi_store_put_user (f->store, &tanaka, &error));
  g_assert_no_error (error);

  /* Putting again updates in place. */
  suzuki.department = (char *) "財政課";
  g_assert_true (ringi_store_put_user (f->store, &suzuki, &error));

  got = ringi_store_get_user (f->store, "suzuki", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got->display_name, ==, "鈴木 一郎");
  g_assert_cmpstr (got->department, ==, "財政課");
  g_assert_cmpstr (got->manager, ==, "tanaka");

  users = ringi_store_list_users (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (users->len, ==, 2);
  g_assert_cmpstr (((RingiUser *) users->pdata[1])->login, ==, "tanaka");

  bindings = ringi_store_dup_bindings (f->store, &error);
  g_assert_cmpuint (g_hash_table_size (bindings), ==, 1);
  g_assert_cmpstr (g_hash_table_lookup (bindings, "suzuki"), ==, suzuki.fingerprint);

  g_assert_null (ringi_store_get_user (f->store, "nobody", &error));
  g_assert_error (error, RINGI_STORE_ERROR, RINGI_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The schema refuses a role that does not exist. */
  tanaka.role = (char *) "emperor";
  g_assert_false (ringi_store_put_user (f->store, &tanaka, &error));
  g_assert_error (error, RINGI_DB_ERROR, RINGI_DB_ERROR_CONSTRAINT);
}

static void
test_route_templates (Fixture *f,
                      gconstpointer data)
{
  static const struct
  {
    gint64 amount;
    const char *route;
  } cases[] = {
    { -1, "approve=kakaricho ; final=kacho" },
    { 0, "approve=kakaricho ; final=kacho" },
    { 999999, "approve=kakaricho ; final=kacho" },
    { 1000000, "approve=kakaricho ; approve=kacho ; final=bucho" },
    { 50000000, "approve=kakaricho ; approve=kacho ; final=bucho" },
  };
  g_autoptr(GError) error = NULL;

  g_assert_true (ringi_store_put_route_template (f->store, "purchase", 0,
                                                 "approve=kakaricho ; final=kacho", &error));
  g_assert_true (ringi_store_put_route_template (f->store, "purchase", 1000000,
                                                 "approve=kakaricho ; approve=kacho ; final=bucho", &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *route = ringi_store_find_route_template (f->store, "purchase", cases[i].amount, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (route, ==, cases[i].route);
    }

  g_assert_null (ringi_store_find_route_template (f->store, "travel", 10, &error));
  g_assert_error (error, RINGI_STORE_ERROR, RINGI_STORE_ERROR_NOT_FOUND);
}

static void
test_revisions_and_blobs (Fixture *f,
                          gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) r1 = g_bytes_new_static ("%PDF-1.4 first", 14);
  g_autoptr(GBytes) r2 = g_bytes_new_static ("%PDF-1.4 second", 15);
  g_autoptr(GBytes) back = NULL;
  g_autofree char *sha = NULL;

  add_request (f, "7a4c3c0e-5d1b-4f0e-9a57-2f7d3c1b9e01", "Printer toner", 12000, "OA Supply", "2026-11-20");

  g_assert_true (ringi_store_add_revision (f->store, "7a4c3c0e-5d1b-4f0e-9a57-2f7d3c1b9e01", 1, r1, &error));
  g_assert_no_error (error);

  /* Skipping a number or repeating one is refused. */
  g_assert_false (ringi_store_add_revision (f->store, "7a4c3c0e-5d1b-4f0e-9a57-2f7d3c1b9e01", 3, r2, &error));
  g_assert_error (error, RINGI_STORE_ERROR, RINGI_STORE_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (ringi_store_add_revision (f->store, "7a4c3c0e-5d1b-4f0e-9a57-2f7d3c1b9e01", 1, r2, &error));
  g_assert_error (error, RINGI_STORE_ERROR, RINGI_STORE_ERROR_EXISTS);
  g_clear_error (&error);

  g_assert_true (ringi_store_add_revision (f->store, "7a4c3c0e-5d1b-4f0e-9a57-2f7d3c1b9e01", 2, r2, &error));
  g_assert_cmpuint (ringi_store_get_n_revisions (f->store, "7a4c3c0e-5d1b-4f0e-9a57-2f7d3c1b9e01", &error), ==, 2);

  back = ringi_store_get_revision (f->store, "7a4c3c0e-5d1b-4f0e-9a57-2f7d3c1b9e01", 1, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (back, r1));

  /* The same bytes stored twice are kept once. */
  sha = ringi_store_put_blob (f->store, r1, &error);
  g_assert_cmpstr (sha, ==, "3348a305b313dea86722bf9db00704a77410139d47402e0b841df20fa8e032f5");
}

#define TRIP "11111111-2222-4333-8444-555555555555"

/* A well-formed record; the store does not check signatures, the verifier
 * does, so none is made here. */
static GBytes *
make_record (const char *document,
             RingiAction action,
             guint step,
             const char *previous)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 ("2026-11-21T10:00:00+09:00", NULL);
  g_autoptr(RingiStamp) stamp = NULL;
  RingiStampFields fields = {
    .document = document,
    .revision = 1,
    .document_sha256 = "3348a305b313dea86722bf9db00704a77410139d47402e0b841df20fa8e032f5",
    .step = step,
    .action = action,
    .signer = action == RINGI_ACTION_SUBMIT ? "suzuki" : "tanaka",
    .signer_key = "0123456789ABCDEF0123456789ABCDEF01234567",
    .time = time,
    .previous = previous,
    .route = action == RINGI_ACTION_SUBMIT ? "final=tanaka" : NULL,
  };

  stamp = ringi_stamp_new (&fields, &error);
  g_assert_no_error (error);
  return ringi_stamp_to_bytes (stamp);
}

static void
test_stamp_chain (Fixture *f,
                  gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) rec1 = make_record (TRIP, RINGI_ACTION_SUBMIT, 0, NULL);
  g_autofree char *sha1 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, rec1);
  g_autoptr(GBytes) rec2 = make_record (TRIP, RINGI_ACTION_APPROVE, 1, sha1);
  g_autoptr(GBytes) orphan = make_record (TRIP, RINGI_ACTION_APPROVE, 1, NULL);
  g_autoptr(GBytes) elsewhere = make_record ("22222222-2222-4333-8444-555555555555", RINGI_ACTION_SUBMIT, 0, NULL);
  g_autoptr(GBytes) junk = g_bytes_new_static ("Ringi-Stamp: 1\nfirst\n", 21);
  g_autoptr(GBytes) sig = g_bytes_new_static ("-----BEGIN PGP SIGNATURE-----", 29);
  g_autoptr(GPtrArray) stamps = NULL;
  sqlite3 *handle;

  add_request (f, TRIP, "Trip", -1, "", "2026-11-21");

  /* The first stamp names no predecessor; the next must name the first. */
  g_assert_false (ringi_store_append_stamp (f->store, TRIP, rec1, sig, sha1, &error));
  g_assert_error (error, RINGI_STORE_ERROR, RINGI_STORE_ERROR_CHAIN);
  g_clear_error (&error);
  g_assert_true (ringi_store_append_stamp (f->store, TRIP, rec1, sig, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (ringi_store_append_stamp (f->store, TRIP, rec2, sig, NULL, &error));
  g_assert_error (error, RINGI_STORE_ERROR, RINGI_STORE_ERROR_CHAIN);
  g_clear_error (&error);

  /* What the record says decides, whatever the caller passes beside it. */
  g_assert_false (ringi_store_append_stamp (f->store, TRIP, orphan, sig, sha1, &error));
  g_assert_error (error, RINGI_STORE_ERROR, RINGI_STORE_ERROR_CHAIN);
  g_clear_error (&error);
  g_assert_false (ringi_store_append_stamp (f->store, TRIP, elsewhere, sig, sha1, &error));
  g_assert_error (error, RINGI_STORE_ERROR, RINGI_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ringi_store_append_stamp (f->store, TRIP, junk, sig, sha1, &error));
  g_assert_error (error, RINGI_STAMP_ERROR, RINGI_STAMP_ERROR_MALFORMED);
  g_clear_error (&error);

  g_assert_true (ringi_store_append_stamp (f->store, TRIP, rec2, sig, sha1, &error));
  g_assert_no_error (error);

  stamps = ringi_store_list_stamps (f->store, TRIP, &error);
  g_assert_cmpuint (stamps->len, ==, 2);
  g_assert_cmpuint (((RingiStoredStamp *) stamps->pdata[0])->seq, ==, 1);
  g_assert_cmpstr (((RingiStoredStamp *) stamps->pdata[0])->sha256, ==, sha1);
  g_assert_true (g_bytes_equal (((RingiStoredStamp *) stamps->pdata[1])->record, rec2));

  /* History cannot be edited in place, even with SQL. */
  handle = ringi_db_get_handle (ringi_store_get_db (f->store));
  g_assert_cmpint (sqlite3_exec (handle, "UPDATE stamps SET record = x'00'", NULL, NULL, NULL) & 0xff, ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (sqlite3_exec (handle, "DELETE FROM stamps", NULL, NULL, NULL) & 0xff, ==, SQLITE_CONSTRAINT);
}

static guint
count_search (Fixture *f,
              const RingiSearchQuery *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = ringi_store_search (f->store, query, &error);

  g_assert_no_error (error);
  return found->len;
}

static void
test_search (Fixture *f,
             gconstpointer data)
{
  RingiSearchQuery all = RINGI_SEARCH_QUERY_INIT;
  RingiSearchQuery q = RINGI_SEARCH_QUERY_INIT;
  g_autoptr(GPtrArray) found = NULL;

  add_request (f, "00000000-0000-4000-8000-000000000001", "複合機の保守契約", 480000, "株式会社オフィス機器", "2026-04-01");
  add_request (f, "00000000-0000-4000-8000-000000000002", "庁用車の購入", 2500000, "市内自動車販売", "2026-06-15");
  add_request (f, "00000000-0000-4000-8000-000000000003", "研修旅費", 35000, "", "2026-06-30");
  add_request (f, "00000000-0000-4000-8000-000000000004", "10%値引きの事務用品", 12000, "株式会社オフィス機器", "2026-07-01");

  g_assert_cmpuint (count_search (f, &all), ==, 4);

  q.date_from = "2026-06-15";
  q.date_to = "2026-06-30";
  g_assert_cmpuint (count_search (f, &q), ==, 2);

  q = all;
  q.min_amount = 35000;
  q.max_amount = 480000;
  g_assert_cmpuint (count_search (f, &q), ==, 2);

  /* Two conditions combined, as 電子帳簿保存法 asks. */
  q = all;
  q.counterparty = "オフィス機器";
  q.min_amount = 100000;
  g_assert_cmpuint (count_search (f, &q), ==, 1);

  q = all;
  q.counterparty = "オフィス機器";
  q.date_from = "2026-05-01";
  q.max_amount = 20000;
  found = ringi_store_search (f->store, &q, NULL);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (((RingiRequestInfo *) found->pdata[0])->id, ==, "00000000-0000-4000-8000-000000000004");

  /* % is text, not a wildcard. */
  q = all;
  q.title = "10%";
  g_assert_cmpuint (count_search (f, &q), ==, 1);
  q.title = "%";
  g_assert_cmpuint (count_search (f, &q), ==, 1);
}

static void
test_request_validation (Fixture *f,
                         gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  RingiRequestInfo info = {
    .id = (char *) "00000000-0000-4000-8000-0000000000aa",
    .title = (char *) "Desk",
    .amount = -1,
    .transaction_date = (char *) "2026-13-45",
    .applicant = (char *) "suzuki",
  };

  g_assert_false (ringi_store_add_request (f->store, &info, &error));
  g_assert_error (error, RINGI_STORE_ERROR, RINGI_STORE_ERROR_INVALID);
  g_clear_error (&error);

  info.transaction_date = (char *) "2026-11-23";
  info.title = (char *) "";
  g_assert_false (ringi_store_add_request (f->store, &info, &error));
  g_assert_error (error, RINGI_STORE_ERROR, RINGI_STORE_ERROR_INVALID);
  g_clear_error (&error);

  info.title = (char *) "Desk";
  g_assert_true (ringi_store_add_request (f->store, &info, &error));
  g_assert_false (ringi_store_add_request (f->store, &info, &error));
  g_assert_error (error, RINGI_STORE_ERROR, RINGI_STORE_ERROR_EXISTS);
}

static void
test_delegations (Fixture *f,
                  gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GBytes) record = g_bytes_new_static ("Ringi-Delegation: 1\n", 20);
  g_autoptr(GBytes) signature = g_bytes_new_static ("sig", 3);
  RingiStoredDelegation d = {
    .id = (char *) "d0000000-0000-4000-8000-000000000001",
    .from_login = (char *) "tanaka",
    .to_login = (char *) "sato",
    .valid_from = (char *) "2026-11-01T00:00:00+09:00",
    .valid_until = (char *) "2026-11-30T23:59:59+09:00",
    .record = record,
    .signature = signature,
  };

  g_assert_true (ringi_store_add_delegation (f->store, &d, &error));
  /* The same delegation again is not a second one. */
  g_assert_true (ringi_store_add_delegation (f->store, &d, &error));
  g_assert_no_error (error);

  list = ringi_store_list_delegations (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((RingiStoredDelegation *) list->pdata[0])->to_login, ==, "sato");
  g_assert_true (g_bytes_equal (((RingiStoredDelegation *) list->pdata[0])->record, record));
}

int
main (int argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/ringi/store/users", test_users);
  ADD ("/ringi/store/route-templates", test_route_templates);
  ADD ("/ringi/store/revisions-and-blobs", test_revisions_and_blobs);
  ADD ("/ringi/store/stamp-chain", test_stamp_chain);
  ADD ("/ringi/store/search", test_search);
  ADD ("/ringi/store/request-validation", test_request_validation);
  ADD ("/ringi/store/delegations", test_delegations);
#undef ADD

  return g_test_run ();
}
