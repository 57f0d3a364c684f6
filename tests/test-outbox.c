/* test-outbox.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-outbox"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "ringi-delegation.h"
#include "ringi-outbox.h"
#include "ringi-stamp.h"
#include "ringi-test-utils.h"

#define REQUEST_ID "7a4c3c0e-5d1b-4f0e-9a57-2f7d3c1b9e01"
#define SUZUKI_KEY "0123456789ABCDEF0123456789ABCDEF01234567"
#define SATO_KEY   "89ABCDEF0123456789ABCDEF0123456789ABCDEF"
#define ROUTE      "approve=sato ; final=tanaka"

/* The outbox does not check signatures (the server and the verifier do),
 * so these tests sign with a placeholder. */
#define SIGNATURE "-----BEGIN PGP SIGNATURE-----\n\nplaceholder\n-----END PGP SIGNATURE-----\n"

typedef struct
{
  char *dir;
  RingiStore *store;
  RingiOutbox *outbox;
  GBytes *pdf;
  GBytes *signature;
} Fixture;

static void
fixture_setup (Fixture *f,
               gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  static const char pdf[] = "%PDF-1.4\n% a tiny stand-in\n%%EOF\n";

  f->dir = ringi_test_make_tmpdir ("ringi-outbox");
  path = g_build_filename (f->dir, "profile.db", NULL);
  f->store = ringi_store_open (path, &error);
  g_assert_no_error (error);
  f->outbox = ringi_outbox_new (f->store);
  f->pdf = g_bytes_new_static (pdf, strlen (pdf));
  f->signature = g_bytes_new_static (SIGNATURE, strlen (SIGNATURE));
}

static void
fixture_teardown (Fixture *f,
                  gconstpointer data)
{
  g_assert_finalize_object (f->outbox);
  g_assert_finalize_object (f->store);
  g_bytes_unref (f->pdf);
  g_bytes_unref (f->signature);
  ringi_test_remove_tree (f->dir);
  g_free (f->dir);
}

static GBytes *
make_stamp (GBytes *pdf,
            guint revision,
            RingiAction action,
            guint step,
            const char *signer,
            const char *signer_key,
            const char *previous,
            const char *comment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 ("2026-11-23T10:15:00+09:00", NULL);
  g_autofree char *document_sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
  g_autofree char *comment_sha256 = comment ? ringi_stamp_hash_comment (comment) : NULL;
  gboolean carries_route = action == RINGI_ACTION_SUBMIT || action == RINGI_ACTION_RESUBMIT;
  RingiStampFields fields = {
    .document = REQUEST_ID,
    .revision = revision,
    .document_sha256 = document_sha256,
    .step = step,
    .action = action,
    .signer = signer,
    .signer_key = signer_key,
    .time = time,
    .previous = previous,
    .comment_sha256 = comment_sha256,
    .route = carries_route ? ROUTE : NULL,
  };
  g_autoptr(RingiStamp) stamp = ringi_stamp_new (&fields, &error);

  g_assert_no_error (error);
  return ringi_stamp_to_bytes (stamp);
}

static char *
sha256_of (GBytes *bytes)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

static char *
queue_submit (Fixture *f,
              GBytes **out_record)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) record = make_stamp (f->pdf, 1, RINGI_ACTION_SUBMIT, 0, "suzuki", SUZUKI_KEY, NULL, NULL);
  RingiRequestInfo info = {
    .id = (char *) REQUEST_ID,
    .title = (char *) "コピー用紙の購入",
    .category = (char *) "purchase",
    .amount = 52000,
    .counterparty = (char *) "文具店",
    .transaction_date = (char *) "2026-11-20",
    .applicant = (char *) "suzuki",
    .created_at = (char *) "2026-11-23T10:15:00+09:00",
  };
  char *op_id = ringi_outbox_queue_submit (f->outbox, &info, f->pdf, record, f->signature, &error);

  g_assert_no_error (error);
  g_assert_nonnull (op_id);
  if (out_record != NULL)
    *out_record = g_steal_pointer (&record);
  return op_id;
}

static char *
queue_approve (Fixture *f,
               const char *previous,
               const char *comment,
               GBytes **out_record)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) record = make_stamp (f->pdf, 1, RINGI_ACTION_APPROVE, 1, "sato", SATO_KEY, previous, comment);
  char *op_id = ringi_outbox_queue_stamp (f->outbox, NULL, record, f->signature, comment, &error);

  g_assert_no_error (error);
  g_assert_nonnull (op_id);
  if (out_record != NULL)
    *out_record = g_steal_pointer (&record);
  return op_id;
}

static guint
count_queued (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  guint n = ringi_outbox_count_queued (f->outbox, &error);

  g_assert_no_error (error);
  return n;
}

static GPtrArray *
list_chain (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *chain = ringi_outbox_list_chain (f->outbox, REQUEST_ID, &error);

  g_assert_no_error (error);
  return chain;
}

static guint
count_stored_stamps (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stamps = ringi_store_list_stamps (f->store, REQUEST_ID, &error);

  g_assert_no_error (error);
  return stamps->len;
}

static JsonObject *
parse_body (const char *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, body, -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
test_submit_is_pending (Fixture *f,
                        gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) record = NULL;
  g_autofree char *op_id = queue_submit (f, &record);
  g_autofree char *pdf_sha256 = sha256_of (f->pdf);
  g_autoptr(RingiRequestInfo) info = NULL;
  g_autoptr(GPtrArray) chain = NULL;
  g_autoptr(GPtrArray) queued = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GBytes) revision = NULL;
  g_autofree guchar *decoded = NULL;
  RingiOutboxOp *op;
  RingiChainStamp *first;
  JsonObject *stamp;
  gsize decoded_len = 0;

  /* The request shows at once; its stamp is pending, the history empty. */
  info = ringi_store_get_request (f->store, REQUEST_ID, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (info->title, ==, "コピー用紙の購入");
  chain = list_chain (f);
  g_assert_cmpuint (chain->len, ==, 1);
  first = g_ptr_array_index (chain, 0);
  g_assert_true (first->pending);
  g_assert_cmpuint (first->stamp.seq, ==, 1);
  g_assert_cmpuint (count_stored_stamps (f), ==, 0);
  g_assert_cmpuint (ringi_store_get_n_revisions (f->store, REQUEST_ID, &error), ==, 0);
  g_assert_cmpuint (ringi_outbox_get_n_revisions (f->outbox, REQUEST_ID, &error), ==, 1);
  revision = ringi_outbox_get_revision (f->outbox, REQUEST_ID, 1, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (revision, f->pdf));
  g_assert_true (ringi_outbox_is_request_pending (f->outbox, REQUEST_ID));

  /* The op is the create-request of docs/api.md, with the exact record. */
  queued = ringi_outbox_list_queued (f->outbox, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (queued->len, ==, 1);
  op = g_ptr_array_index (queued, 0);
  g_assert_cmpstr (op->id, ==, op_id);
  g_assert_cmpstr (op->type, ==, "create-request");
  g_assert_cmpstr (op->blob_sha256, ==, pdf_sha256);
  body = parse_body (op->body);
  g_assert_cmpstr (json_object_get_string_member (body, "id"), ==, op_id);
  g_assert_cmpstr (json_object_get_string_member (body, "revision_sha256"), ==, pdf_sha256);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (body, "request"), "amount"), ==, 52000);
  stamp = json_object_get_object_member (body, "stamp");
  decoded = g_base64_decode (json_object_get_string_member (stamp, "record"), &decoded_len);
  g_assert_cmpmem (decoded, decoded_len, g_bytes_get_data (record, NULL), g_bytes_get_size (record));
  g_assert_cmpstr (json_object_get_string_member (stamp, "signature"), ==, SIGNATURE);
}

static void
test_applied_moves_to_history (Fixture *f,
                               gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *op_id = queue_submit (f, NULL);
  g_autoptr(GBytes) receipt = g_bytes_new_static ("Ringi-Receipt: 1\n", 17);
  g_autoptr(GBytes) receipt_signature = g_bytes_new_static ("sig", 3);
  g_autoptr(GBytes) kept_signature = NULL;
  g_autoptr(GBytes) kept = NULL;
  g_autoptr(GPtrArray) chain = NULL;
  RingiChainStamp *first;

  g_assert_true (ringi_outbox_mark_applied (f->outbox, op_id, receipt, receipt_signature, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (count_queued (f), ==, 0);
  g_assert_cmpuint (count_stored_stamps (f), ==, 1);
  g_assert_cmpuint (ringi_store_get_n_revisions (f->store, REQUEST_ID, &error), ==, 1);
  g_assert_false (ringi_outbox_is_request_pending (f->outbox, REQUEST_ID));
  chain = list_chain (f);
  g_assert_cmpuint (chain->len, ==, 1);
  first = g_ptr_array_index (chain, 0);
  g_assert_false (first->pending);
  kept = ringi_store_get_receipt (f->store, first->stamp.sha256, &kept_signature, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (kept, receipt));

  /* The same answer again, as after a resend: nothing happens twice. */
  g_assert_true (ringi_outbox_mark_applied (f->outbox, op_id, receipt, receipt_signature, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_stored_stamps (f), ==, 1);
}

static void
test_refused_submit_is_undone (Fixture *f,
                               gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *op_id = queue_submit (f, NULL);
  g_autofree char *pdf_sha256 = sha256_of (f->pdf);
  g_autoptr(RingiRequestInfo) info = NULL;
  g_autoptr(GPtrArray) refusals = NULL;
  g_autoptr(GPtrArray) chain = NULL;
  g_autoptr(GBytes) blob = NULL;
  RingiRefusal *refusal;

  g_assert_true (ringi_outbox_mark_refused (f->outbox, op_id, "not-on-route",
                                            "tanaka is not in the directory", &error));
  g_assert_no_error (error);

  /* Gone: the request, its revision, its bytes and its stamp */
  info = ringi_store_get_request (f->store, REQUEST_ID, &error);
  g_assert_error (error, RINGI_STORE_ERROR, RINGI_STORE_ERROR_NOT_FOUND);
  g_assert_null (info);
  g_clear_error (&error);
  blob = ringi_store_get_blob (f->store, pdf_sha256, &error);
  g_assert_error (error, RINGI_STORE_ERROR, RINGI_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  chain = list_chain (f);
  g_assert_cmpuint (chain->len, ==, 0);
  g_assert_cmpuint (count_queued (f), ==, 0);

  /* …and shown with the server's reason, until dismissed */
  refusals = ringi_outbox_list_refusals (f->outbox, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (refusals->len, ==, 1);
  refusal = g_ptr_array_index (refusals, 0);
  g_assert_cmpstr (refusal->op_id, ==, op_id);
  g_assert_cmpstr (refusal->type, ==, "create-request");
  g_assert_cmpstr (refusal->action, ==, "submit");
  g_assert_cmpstr (refusal->title, ==, "コピー用紙の購入");
  g_assert_cmpstr (refusal->code, ==, "not-on-route");
  g_assert_cmpstr (refusal->message, ==, "tanaka is not in the directory");

  g_assert_true (ringi_outbox_dismiss_refusals (f->outbox, &error));
  g_clear_pointer (&refusals, g_ptr_array_unref);
  refusals = ringi_outbox_list_refusals (f->outbox, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (refusals->len, ==, 0);
}

static char *
submit_and_apply (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) record = NULL;
  g_autofree char *op_id = queue_submit (f, &record);

  g_assert_true (ringi_outbox_mark_applied (f->outbox, op_id, NULL, NULL, &error));
  g_assert_no_error (error);
  return sha256_of (record);
}

static void
test_stamp_must_continue_chain (Fixture *f,
                                gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *submit_sha256 = submit_and_apply (f);
  g_autofree char *approve_id = queue_approve (f, submit_sha256, NULL, NULL);
  g_autoptr(GBytes) stale = NULL;
  g_autofree char *op_id = NULL;

  /* A stamp made before the pending approve would fork the chain. */
  stale = make_stamp (f->pdf, 1, RINGI_ACTION_APPROVE, 1, "sato", SATO_KEY, submit_sha256, "again");
  op_id = ringi_outbox_queue_stamp (f->outbox, NULL, stale, f->signature, "again", &error);
  g_assert_error (error, RINGI_STORE_ERROR, RINGI_STORE_ERROR_CHAIN);
  g_assert_null (op_id);
  g_assert_cmpuint (count_queued (f), ==, 1);
}

static void
test_stamp_needs_its_comment (Fixture *f,
                              gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *submit_sha256 = submit_and_apply (f);
  g_autoptr(GBytes) record = make_stamp (f->pdf, 1, RINGI_ACTION_APPROVE, 1, "sato", SATO_KEY,
                                          submit_sha256, "了解");
  g_autofree char *op_id = ringi_outbox_queue_stamp (f->outbox, NULL, record, f->signature, "別の文", &error);

  g_assert_error (error, RINGI_STORE_ERROR, RINGI_STORE_ERROR_INVALID);
  g_assert_null (op_id);
  g_assert_cmpuint (count_queued (f), ==, 0);
}

static void
test_comment_travels (Fixture *f,
                      gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *submit_sha256 = submit_and_apply (f);
  g_autofree char *op_id = queue_approve (f, submit_sha256, "金額を確認しました", NULL);
  g_autoptr(GPtrArray) queued = ringi_outbox_list_queued (f->outbox, 10, &error);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GPtrArray) chain = NULL;

  g_assert_no_error (error);
  body = parse_body (((RingiOutboxOp *) g_ptr_array_index (queued, 0))->body);
  g_assert_cmpstr (json_object_get_string_member (body, "type"), ==, "stamp");
  g_assert_cmpstr (json_object_get_string_member (body, "request_id"), ==, REQUEST_ID);
  g_assert_false (json_object_has_member (body, "revision_sha256"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (body, "stamp"), "comment"),
                   ==, "金額を確認しました");

  /* Pending, and after acceptance, the comment stays readable. */
  chain = list_chain (f);
  g_assert_cmpstr (((RingiChainStamp *) g_ptr_array_index (chain, 1))->comment, ==, "金額を確認しました");
  g_assert_true (ringi_outbox_mark_applied (f->outbox, op_id, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&chain, g_ptr_array_unref);
  chain = list_chain (f);
  g_assert_cmpuint (chain->len, ==, 2);
  g_assert_false (((RingiChainStamp *) g_ptr_array_index (chain, 1))->pending);
  g_assert_cmpstr (((RingiChainStamp *) g_ptr_array_index (chain, 1))->comment, ==, "金額を確認しました");
}

static void
test_refusal_undoes_later_ops (Fixture *f,
                               gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *submit_sha256 = submit_and_apply (f);
  g_autoptr(GBytes) approve = NULL;
  g_autofree char *approve_id = queue_approve (f, submit_sha256, NULL, &approve);
  g_autofree char *approve_sha256 = sha256_of (approve);
  g_autoptr(GBytes) final = make_stamp (f->pdf, 1, RINGI_ACTION_APPROVE, 2, "tanaka",
                                         SUZUKI_KEY, approve_sha256, NULL);
  g_autofree char *final_id = ringi_outbox_queue_stamp (f->outbox, NULL, final, f->signature, NULL, &error);
  g_autoptr(GPtrArray) refusals = NULL;
  g_autoptr(GPtrArray) chain = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (count_queued (f), ==, 2);

  g_assert_true (ringi_outbox_mark_refused (f->outbox, approve_id, "not-your-turn", "sato is away", &error));
  g_assert_no_error (error);

  /* The request stays (the server has it); both pending stamps go. */
  chain = list_chain (f);
  g_assert_cmpuint (chain->len, ==, 1);
  g_assert_false (((RingiChainStamp *) g_ptr_array_index (chain, 0))->pending);
  g_assert_cmpuint (count_queued (f), ==, 0);

  refusals = ringi_outbox_list_refusals (f->outbox, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (refusals->len, ==, 2);
  g_assert_cmpstr (((RingiRefusal *) g_ptr_array_index (refusals, 0))->op_id, ==, approve_id);
  g_assert_cmpstr (((RingiRefusal *) g_ptr_array_index (refusals, 0))->code, ==, "not-your-turn");
  g_assert_cmpstr (((RingiRefusal *) g_ptr_array_index (refusals, 1))->op_id, ==, final_id);
  g_assert_cmpstr (((RingiRefusal *) g_ptr_array_index (refusals, 1))->code, ==, "depends-on-refused");
  ringi_test_assert_contains (((RingiRefusal *) g_ptr_array_index (refusals, 1))->message, "sato is away");

  /* A late answer for an op already undone changes nothing. */
  g_assert_true (ringi_outbox_mark_applied (f->outbox, final_id, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_stored_stamps (f), ==, 1);
}

static void
test_pull_settles_pending (Fixture *f,
                           gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) record = NULL;
  g_autofree char *op_id = queue_submit (f, &record);
  g_autofree char *sha256 = sha256_of (record);
  g_autofree char *pdf_sha256 = sha256_of (f->pdf);
  g_autoptr(GPtrArray) chain = NULL;

  /* The server applied the op but its answer was lost; the next pull
   * brings the same revision and stamp. */
  g_assert_true (ringi_store_add_revision (f->store, REQUEST_ID, 1, f->pdf, &error));
  g_assert_true (ringi_outbox_settle_revision (f->outbox, REQUEST_ID, 1, pdf_sha256, &error));
  g_assert_true (ringi_store_append_stamp (f->store, REQUEST_ID, record, f->signature, NULL, &error));
  g_assert_true (ringi_outbox_settle_stamp (f->outbox, sha256, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (count_queued (f), ==, 0);
  g_assert_cmpuint (ringi_outbox_get_n_revisions (f->outbox, REQUEST_ID, &error), ==, 1);
  chain = list_chain (f);
  g_assert_cmpuint (chain->len, ==, 1);
  g_assert_false (((RingiChainStamp *) g_ptr_array_index (chain, 0))->pending);

  /* The lost answer arrives after all: nothing more happens. */
  g_assert_true (ringi_outbox_mark_refused (f->outbox, op_id, "conflict", "late", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_stored_stamps (f), ==, 1);
}

static void
test_foreign_stamp_first (Fixture *f,
                          gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *submit_sha256 = submit_and_apply (f);
  g_autofree char *op_id = queue_approve (f, submit_sha256, NULL, NULL);
  g_autoptr(GBytes) theirs = make_stamp (f->pdf, 1, RINGI_ACTION_SEND_BACK, 1, "sato", SATO_KEY,
                                          submit_sha256, "差し戻します");
  g_autoptr(GPtrArray) chain = NULL;

  /* Someone else's stamp came first: the history takes it; ours stays
   * pending, after it, until the server refuses it. */
  g_assert_true (ringi_store_append_stamp (f->store, REQUEST_ID, theirs, f->signature, submit_sha256, &error));
  g_assert_no_error (error);
  chain = list_chain (f);
  g_assert_cmpuint (chain->len, ==, 3);
  g_assert_true (((RingiChainStamp *) g_ptr_array_index (chain, 2))->pending);

  /* The server refuses it, and it goes. */
  g_assert_true (ringi_outbox_mark_refused (f->outbox, op_id, "chain-broken", "not the last stamp", &error));
  g_assert_no_error (error);
  g_clear_pointer (&chain, g_ptr_array_unref);
  chain = list_chain (f);
  g_assert_cmpuint (chain->len, ==, 2);
}

static void
test_resubmit_revision (Fixture *f,
                        gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *submit_sha256 = submit_and_apply (f);
  g_autoptr(GBytes) pdf2 = g_bytes_new_static ("%PDF-1.4\n% revised\n%%EOF\n", 25);
  g_autoptr(GBytes) withdraw = make_stamp (f->pdf, 1, RINGI_ACTION_WITHDRAW, 0, "suzuki", SUZUKI_KEY,
                                            submit_sha256, NULL);
  g_autofree char *withdraw_sha256 = sha256_of (withdraw);
  g_autoptr(GBytes) resubmit = make_stamp (pdf2, 2, RINGI_ACTION_RESUBMIT, 0, "suzuki", SUZUKI_KEY,
                                            withdraw_sha256, NULL);
  g_autoptr(GBytes) wrong = make_stamp (pdf2, 2, RINGI_ACTION_RESUBMIT, 0, "suzuki", SUZUKI_KEY,
                                         withdraw_sha256, NULL);
  g_autofree char *withdraw_id = ringi_outbox_queue_stamp (f->outbox, NULL, withdraw, f->signature, NULL, &error);
  g_autofree char *wrong_id = NULL;
  g_autofree char *resubmit_id = NULL;
  g_autoptr(GBytes) revision = NULL;
  g_autofree char *pdf2_sha256 = sha256_of (pdf2);

  g_assert_no_error (error);

  /* A resubmit without its document is refused here already. */
  wrong_id = ringi_outbox_queue_stamp (f->outbox, NULL, wrong, f->signature, NULL, &error);
  g_assert_error (error, RINGI_STORE_ERROR, RINGI_STORE_ERROR_INVALID);
  g_clear_error (&error);

  resubmit_id = ringi_outbox_queue_stamp (f->outbox, pdf2, resubmit, f->signature, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ringi_outbox_get_n_revisions (f->outbox, REQUEST_ID, &error), ==, 2);
  revision = ringi_outbox_get_revision (f->outbox, REQUEST_ID, 2, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (revision, pdf2));

  g_assert_true (ringi_outbox_mark_refused (f->outbox, resubmit_id, "not-returned", "no", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ringi_outbox_get_n_revisions (f->outbox, REQUEST_ID, &error), ==, 1);
  g_clear_pointer (&revision, g_bytes_unref);
  revision = ringi_store_get_blob (f->store, pdf2_sha256, &error);
  g_assert_error (error, RINGI_STORE_ERROR, RINGI_STORE_ERROR_NOT_FOUND);
  g_assert_null (revision);
  g_assert_cmpuint (count_queued (f), ==, 1);
}

static void
test_delegation (Fixture *f,
                 gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) from = g_date_time_new_from_iso8601 ("2026-12-01T00:00:00+09:00", NULL);
  g_autoptr(GDateTime) until = g_date_time_new_from_iso8601 ("2026-12-08T00:00:00+09:00", NULL);
  RingiDelegationFields fields = {
    .id = "3f1e6a52-8a8e-4c0e-b1de-0d6f5f1c2a77",
    .from = "tanaka",
    .to = "sato",
    .valid_from = from,
    .valid_until = until,
    .signer_key = SUZUKI_KEY,
    .time = from,
  };
  g_autoptr(RingiDelegation) delegation = ringi_delegation_new (&fields, &error);
  g_autoptr(GBytes) record = ringi_delegation_to_bytes (delegation);
  g_autofree char *op_id = ringi_outbox_queue_delegation (f->outbox, record, f->signature, &error);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) stored = NULL;

  g_assert_no_error (error);
  all = ringi_outbox_list_delegations (f->outbox, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 1);
  g_assert_cmpstr (((RingiStoredDelegation *) g_ptr_array_index (all, 0))->to_login, ==, "sato");
  stored = ringi_store_list_delegations (f->store, &error);
  g_assert_cmpuint (stored->len, ==, 0);

  g_assert_true (ringi_outbox_mark_applied (f->outbox, op_id, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&stored, g_ptr_array_unref);
  stored = ringi_store_list_delegations (f->store, &error);
  g_assert_cmpuint (stored->len, ==, 1);
  g_clear_pointer (&all, g_ptr_array_unref);
  all = ringi_outbox_list_delegations (f->outbox, &error);
  g_assert_cmpuint (all->len, ==, 1);
}

static void
test_queue_order_survives_reopen (Fixture *f,
                                  gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *submit_id = queue_submit (f, NULL);
  g_autofree char *path = g_build_filename (f->dir, "profile.db", NULL);
  g_autoptr(GPtrArray) queued = NULL;

  /* As after a crash: another process opens the profile and finds the
   * op, to send it again under the same id. */
  g_clear_object (&f->outbox);
  g_clear_object (&f->store);
  f->store = ringi_store_open (path, &error);
  g_assert_no_error (error);
  f->outbox = ringi_outbox_new (f->store);

  queued = ringi_outbox_list_queued (f->outbox, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (queued->len, ==, 1);
  g_assert_cmpstr (((RingiOutboxOp *) g_ptr_array_index (queued, 0))->id, ==, submit_id);
}

static guint
queue_day (Fixture *f,
           gint64 first,
           gint64 last)
{
  g_autoptr(GArray) days = g_array_new (FALSE, TRUE, sizeof (RingiActivityDay));
  g_autoptr(GError) error = NULL;
  RingiActivityDay day = { .first = first, .last = last };
  guint n = 0;

  g_date_clear (&day.date, 1);
  g_date_set_dmy (&day.date, 23, 11, 2026);
  g_array_append_val (days, day);
  g_assert_true (ringi_outbox_queue_activity (f->outbox, days, &n, &error));
  g_assert_no_error (error);
  return n;
}

/* A day of the objective record is queued once while it waits: a change
 * replaces the waiting op under a new id; the same times queue nothing;
 * once sent, a change queues a new op. */
static void
test_activity_replaces_waiting (Fixture *f,
                                gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) first_ops = NULL;
  g_autoptr(GPtrArray) replaced = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GArray) uploads = NULL;
  g_autofree char *first_id = NULL;
  GDate from, until;

  g_assert_cmpuint (queue_day (f, 1795392000, 1795395600), ==, 1);
  g_assert_cmpuint (queue_day (f, 1795392000, 1795395600), ==, 0);
  first_ops = ringi_outbox_list_queued (f->outbox, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first_ops->len, ==, 1);
  g_assert_cmpstr (((RingiOutboxOp *) first_ops->pdata[0])->type, ==, "activity");
  ringi_test_assert_contains (((RingiOutboxOp *) first_ops->pdata[0])->body, "\"date\":\"2026-11-23\"");
  first_id = g_strdup (((RingiOutboxOp *) first_ops->pdata[0])->id);

  g_assert_cmpuint (queue_day (f, 1795392000, 1795399200), ==, 1);
  replaced = ringi_outbox_list_queued (f->outbox, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (replaced->len, ==, 1);
  g_assert_cmpstr (((RingiOutboxOp *) replaced->pdata[0])->id, !=, first_id);
  ringi_test_assert_contains (((RingiOutboxOp *) replaced->pdata[0])->body, "\"last\":1795399200");

  g_assert_true (ringi_outbox_mark_applied (f->outbox, ((RingiOutboxOp *) replaced->pdata[0])->id, NULL, NULL, &error));
  g_assert_no_error (error);
  g_date_clear (&from, 1);
  g_date_set_dmy (&from, 1, 11, 2026);
  g_date_clear (&until, 1);
  g_date_set_dmy (&until, 1, 12, 2026);
  uploads = ringi_outbox_list_activity_uploads (f->outbox, &from, &until, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (uploads->len, ==, 1);
  g_assert_cmpint (g_array_index (uploads, RingiActivityUpload, 0).state, ==, RINGI_ACTIVITY_UPLOAD_SENT);
  g_assert_cmpint (g_array_index (uploads, RingiActivityUpload, 0).last, ==, 1795399200);

  g_assert_cmpuint (queue_day (f, 1795392000, 1795402800), ==, 1);
  again = ringi_outbox_list_queued (f->outbox, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->len, ==, 1);
  /* A machine record: not one of the person's actions waiting. */
  g_assert_cmpuint (ringi_outbox_count_queued (f->outbox, &error), ==, 0);
  g_assert_no_error (error);
}

int
main (int argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/ringi/outbox/submit/pending", test_submit_is_pending);
  ADD ("/ringi/outbox/submit/applied", test_applied_moves_to_history);
  ADD ("/ringi/outbox/submit/refused", test_refused_submit_is_undone);
  ADD ("/ringi/outbox/stamp/chain", test_stamp_must_continue_chain);
  ADD ("/ringi/outbox/stamp/comment-mismatch", test_stamp_needs_its_comment);
  ADD ("/ringi/outbox/stamp/comment", test_comment_travels);
  ADD ("/ringi/outbox/stamp/refusal-cascades", test_refusal_undoes_later_ops);
  ADD ("/ringi/outbox/stamp/foreign-first", test_foreign_stamp_first);
  ADD ("/ringi/outbox/resubmit", test_resubmit_revision);
  ADD ("/ringi/outbox/delegation", test_delegation);
  ADD ("/ringi/outbox/pull-settles", test_pull_settles_pending);
  ADD ("/ringi/outbox/reopen", test_queue_order_survives_reopen);
  ADD ("/ringi/outbox/activity", test_activity_replaces_waiting);
#undef ADD

  return g_test_run ();
}
