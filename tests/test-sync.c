/* test-sync.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-sync"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ringi-history.h"
#include "ringi-mock-server.h"
#include "ringi-stamp.h"
#include "ringi-sync-private.h"
#include "ringi-test-tls.h"
#include "ringi-test-utils.h"

#define PIN   "8642"
#define ROUTE "approve=sato ; final=tanaka"

/* Sync against the mock server of ringi-mock-server.c, with real keys,
 * real TLS and real profiles. One person per login, enrolled on demand. */
typedef struct
{
  char *dir;
  RingiProfile *profile;
  RingiSync *sync;
} Person;

typedef struct
{
  RingiMockServer *mock;
  GHashTable *people;
  guint n_documents;
} Fixture;

static void
person_free (Person *person)
{
  g_autofree char *home = g_strdup (ringi_keyring_get_home (ringi_profile_get_keyring (person->profile)));

  /* Stopping cancels a round in flight; let it wind down. */
  ringi_sync_stop (person->sync);
  while (person->sync->round_running || person->sync->events_connecting)
    g_main_context_iteration (NULL, TRUE);
  g_assert_finalize_object (person->sync);
  ringi_keyring_kill_agent (ringi_profile_get_keyring (person->profile));
  g_assert_finalize_object (person->profile);
  /* the short link a long profile path needs */
  if (g_file_test (home, G_FILE_TEST_IS_SYMLINK))
    g_unlink (home);
  ringi_test_remove_tree (person->dir);
  g_free (person->dir);
  g_free (person);
}

static void
fixture_setup (Fixture *f,
               gconstpointer data)
{
  f->mock = ringi_mock_server_new ();
  ringi_mock_server_add_user (f->mock, "suzuki", "鈴木 一郎", "code-suzuki");
  ringi_mock_server_add_user (f->mock, "sato", "佐藤 花子", "code-sato");
  ringi_mock_server_add_user (f->mock, "tanaka", "田中 次郎", "code-tanaka");
  ringi_mock_server_add_route_template (f->mock, "purchase", 0, ROUTE);
  f->people = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) person_free);
}

static void
fixture_teardown (Fixture *f,
                  gconstpointer data)
{
  g_hash_table_unref (f->people);
  ringi_mock_server_free (f->mock);
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
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static char *
give_pin (gpointer user_data)
{
  return g_strdup (PIN);
}

static Person *
new_person (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *home = g_build_filename (dir, "gnupg", NULL);
  Person *person = g_new0 (Person, 1);

  person->dir = g_strdup (dir);
  g_assert_cmpint (g_mkdir_with_parents (home, 0700), ==, 0);
  ringi_test_write_fast_agent_conf (home);
  person->profile = ringi_profile_open (dir, &error);
  g_assert_no_error (error);
  person->sync = ringi_sync_new (person->profile);
  ringi_sync_set_passphrase_func (person->sync, give_pin, NULL, NULL);
  return person;
}

static gboolean
enroll (Fixture *f,
        Person *person,
        const char *login,
        const char *code,
        GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ringi_sync_enroll_async (person->sync, ringi_mock_server_get_url (f->mock),
                           ringi_mock_server_get_ca_file (f->mock), login, code, PIN,
                           NULL, result_cb, &result);
  return ringi_sync_enroll_finish (person->sync, wait_for (&result), error);
}

static gboolean
run (Person *person,
     RingiSyncReport *report,
     GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ringi_sync_run_async (person->sync, NULL, result_cb, &result);
  return ringi_sync_run_finish (person->sync, wait_for (&result), report, error);
}

static void
run_ok (Person *person,
        RingiSyncReport *report)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (run (person, report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ringi_sync_get_state (person->sync), ==, RINGI_SYNC_STATE_SYNCED);
}

/* The person, enrolled and synced once */
static Person *
person (Fixture *f,
        const char *login)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = g_strconcat ("code-", login, NULL);
  g_autofree char *prefix = g_strconcat ("rs-", login, NULL);
  g_autofree char *dir = NULL;
  Person *p = g_hash_table_lookup (f->people, login);

  if (p != NULL)
    return p;

  dir = ringi_test_make_tmpdir (prefix);
  p = new_person (dir);
  g_hash_table_insert (f->people, g_strdup (login), p);
  g_assert_true (enroll (f, p, login, code, &error));
  g_assert_no_error (error);
  run_ok (p, NULL);
  return p;
}

static GBytes *
new_document (Fixture *f)
{
  g_autofree char *text = g_strdup_printf ("%%PDF-1.4\n%% document %u\n%%%%EOF\n", ++f->n_documents);

  return g_bytes_new (text, strlen (text));
}

static char *
submit_try (Fixture *f,
            Person *p,
            GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) pdf = new_document (f);
  RingiRequestInfo info = {
    .title = (char *) "コピー用紙の購入",
    .category = (char *) "purchase",
    .amount = 52000,
    .counterparty = (char *) "文具店",
    .transaction_date = (char *) "2026-11-20",
  };

  ringi_sync_submit_async (p->sync, &info, pdf, ROUTE, PIN, NULL, result_cb, &result);
  return ringi_sync_submit_finish (p->sync, wait_for (&result), error);
}

static char *
submit (Fixture *f,
        Person *p)
{
  g_autoptr(GError) error = NULL;
  char *id = submit_try (f, p, &error);

  g_assert_no_error (error);
  g_assert_nonnull (id);
  return id;
}

static gboolean
act (Person *p,
     const RingiActionInput *input,
     GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ringi_sync_act_async (p->sync, input, PIN, NULL, result_cb, &result);
  return ringi_sync_act_finish (p->sync, wait_for (&result), error);
}

static void
act_ok (Person *p,
        RingiAction action,
        const char *request_id,
        const char *comment)
{
  g_autoptr(GError) error = NULL;
  RingiActionInput input = { .action = action, .request_id = request_id, .comment = comment };

  gboolean done = act (p, &input, &error);

  g_assert_no_error (error);
  g_assert_true (done);
}

static RingiRequestSummary *
summary_of (Person *p,
            const char *request_id)
{
  g_autoptr(GError) error = NULL;
  RingiRequestSummary *summary = ringi_sync_summarize (p->sync, request_id, &error);

  g_assert_no_error (error);
  return summary;
}

static GPtrArray *
chain_of (Person *p,
          const char *request_id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *chain = ringi_outbox_list_chain (ringi_profile_get_outbox (p->profile), request_id, &error);

  g_assert_no_error (error);
  return chain;
}

static gboolean
has_action (const RingiRequestSummary *summary,
            const char *action)
{
  return g_strv_contains ((const char *const *) summary->actions, action);
}

static void
test_enroll (Fixture *f,
             gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  Person *suzuki = person (f, "suzuki");
  g_autoptr(RingiSyncSettings) settings = ringi_profile_dup_settings (suzuki->profile, &error);
  g_autoptr(RingiUser) me = NULL;
  g_autofree char *dir = ringi_test_make_tmpdir ("rs-other");
  Person *stranger = new_person (dir);

  g_hash_table_insert (f->people, g_strdup ("stranger"), stranger);
  g_assert_no_error (error);
  g_assert_cmpstr (settings->login, ==, "suzuki");
  g_assert_cmpuint (strlen (settings->fingerprint), ==, 40);
  g_assert_nonnull (settings->token);
  ringi_test_assert_contains (settings->ca_file, ringi_profile_get_dir (suzuki->profile));

  /* The first sync brought the directory, with the person's own key. */
  me = ringi_store_get_user (ringi_profile_get_store (suzuki->profile), "suzuki", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (me->fingerprint, ==, settings->fingerprint);

  /* Once only */
  g_assert_false (enroll (f, suzuki, "suzuki", "code-suzuki", &error));
  g_assert_error (error, RINGI_PROFILE_ERROR, RINGI_PROFILE_ERROR_ALREADY_ENROLLED);
  g_clear_error (&error);

  /* A wrong code binds nothing. */
  g_assert_false (enroll (f, stranger, "sato", "not-the-code", &error));
  g_assert_error (error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_INVALID_CODE);
  g_assert_false (ringi_profile_is_enrolled (stranger->profile));
}

/* A session gone and no PIN to sign in again with: the sync says a
 * window should ask, and a PIN given then lets it through. */
static void
test_needs_sign_in (Fixture *f,
                    gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  Person *enrolled = person (f, "suzuki");
  Person *suzuki;

  /* The app opened again later, its session expired meanwhile */
  g_assert_true (ringi_profile_save_token (enrolled->profile, "expired", "2026-01-01T00:00:00Z", &error));
  g_assert_no_error (error);
  suzuki = new_person (enrolled->dir);
  g_hash_table_insert (f->people, g_strdup ("suzuki-again"), suzuki);
  g_assert_false (ringi_sync_get_needs_sign_in (suzuki->sync));
  ringi_sync_set_passphrase_func (suzuki->sync, NULL, NULL, NULL);

  g_assert_false (run (suzuki, NULL, &error));
  g_assert_error (error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_NEEDS_PASSPHRASE);
  g_clear_error (&error);
  g_assert_true (ringi_sync_get_needs_sign_in (suzuki->sync));
  g_assert_cmpint (ringi_sync_get_state (suzuki->sync), ==, RINGI_SYNC_STATE_ERROR);

  ringi_sync_set_passphrase_func (suzuki->sync, give_pin, NULL, NULL);
  run_ok (suzuki, NULL);
  g_assert_false (ringi_sync_get_needs_sign_in (suzuki->sync));
}

static void
phase_cb (RingiSync *sync,
          RingiEnrollPhase phase,
          GString *phases)
{
  g_string_append_printf (phases, "%d", phase);
}

static void
test_enroll_phases (Fixture *f,
                    gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) phases = g_string_new (NULL);
  g_autofree char *dir = ringi_test_make_tmpdir ("rs-phases");
  Person *tanaka = new_person (dir);

  g_hash_table_insert (f->people, g_strdup ("tanaka"), tanaka);
  g_signal_connect (tanaka->sync, "enroll-phase", G_CALLBACK (phase_cb), phases);

  /* A wrong code stops at registering: no sign-in follows. */
  g_assert_false (enroll (f, tanaka, "tanaka", "not-the-code", &error));
  g_assert_error (error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_INVALID_CODE);
  g_clear_error (&error);
  g_assert_cmpstr (phases->str, ==, "012");

  g_string_truncate (phases, 0);
  g_assert_true (enroll (f, tanaka, "tanaka", "code-tanaka", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (phases->str, ==, "0123");
}

static void
test_not_enrolled (Fixture *f,
                   gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = ringi_test_make_tmpdir ("rs-new");
  Person *nobody = new_person (dir);
  g_autofree char *id = NULL;

  g_hash_table_insert (f->people, g_strdup ("nobody"), nobody);
  g_assert_false (run (nobody, NULL, &error));
  g_assert_error (error, RINGI_PROFILE_ERROR, RINGI_PROFILE_ERROR_NOT_ENROLLED);
  g_clear_error (&error);

  id = submit_try (f, nobody, &error);
  g_assert_error (error, RINGI_PROFILE_ERROR, RINGI_PROFILE_ERROR_NOT_ENROLLED);
  g_assert_null (id);
}

static void
test_offline_then_push (Fixture *f,
                        gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  Person *suzuki = person (f, "suzuki");
  g_autofree char *id = NULL;
  g_autoptr(GPtrArray) chain = NULL;
  g_autoptr(GBytes) receipt_signature = NULL;
  g_autoptr(GBytes) receipt = NULL;
  RingiSyncReport report = { 0 };

  /* Offline: the action is taken and kept. */
  ringi_mock_server_stop (f->mock);
  id = submit (f, suzuki);
  g_assert_cmpuint (ringi_sync_get_n_waiting (suzuki->sync), ==, 1);
  g_assert_false (run (suzuki, NULL, &error));
  g_assert_error (error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_NETWORK);
  g_assert_cmpint (ringi_sync_get_state (suzuki->sync), ==, RINGI_SYNC_STATE_OFFLINE);
  g_assert_cmpuint (ringi_sync_get_n_waiting (suzuki->sync), ==, 1);
  g_clear_error (&error);
  chain = chain_of (suzuki, id);
  g_assert_cmpuint (chain->len, ==, 1);
  g_assert_true (((RingiChainStamp *) g_ptr_array_index (chain, 0))->pending);

  /* Back online: pushed, and the server's copy pulled back. */
  ringi_mock_server_restart (f->mock);
  run_ok (suzuki, &report);
  g_assert_cmpuint (report.pushed, ==, 1);
  g_assert_cmpuint (report.refused, ==, 0);
  g_assert_cmpuint (report.pulled, ==, 3);
  g_assert_cmpuint (ringi_sync_get_n_waiting (suzuki->sync), ==, 0);
  g_assert_cmpuint (ringi_mock_server_count_stamps (f->mock, id), ==, 1);

  g_clear_pointer (&chain, g_ptr_array_unref);
  chain = chain_of (suzuki, id);
  g_assert_cmpuint (chain->len, ==, 1);
  g_assert_false (((RingiChainStamp *) g_ptr_array_index (chain, 0))->pending);
  receipt = ringi_store_get_receipt (ringi_profile_get_store (suzuki->profile),
                                     ((RingiChainStamp *) g_ptr_array_index (chain, 0))->stamp.sha256,
                                     &receipt_signature, &error);
  g_assert_no_error (error);
  ringi_test_assert_contains (g_bytes_get_data (receipt, NULL), "Ringi-Receipt: 1");
}

static void
test_approval_travels (Fixture *f,
                       gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  Person *suzuki = person (f, "suzuki");
  Person *sato = person (f, "sato");
  g_autofree char *id = submit (f, suzuki);
  g_autoptr(GPtrArray) inbox = NULL;
  g_autoptr(GPtrArray) sent = NULL;
  g_autoptr(RingiRequestSummary) summary = NULL;
  g_autoptr(GPtrArray) chain = NULL;
  RingiSyncReport report = { 0 };
  RingiRequestSummary *first;

  run_ok (suzuki, NULL);
  sent = ringi_sync_list_sent (suzuki->sync, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sent->len, ==, 1);

  /* The approver pulls it, revision bytes included, and finds it waiting. */
  run_ok (sato, &report);
  g_assert_cmpuint (report.pulled, >=, 3);
  inbox = ringi_sync_list_inbox (sato->sync, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (inbox->len, ==, 1);
  first = g_ptr_array_index (inbox, 0);
  g_assert_cmpstr (first->info->id, ==, id);
  g_assert_cmpint (first->status, ==, RINGI_REQUEST_IN_PROGRESS);
  g_assert_cmpuint (first->current_step, ==, 1);
  g_assert_true (has_action (first, "approve"));
  g_assert_null (first->on_behalf_of);

  act_ok (sato, RINGI_ACTION_APPROVE, id, "数量を確認しました");
  summary = summary_of (sato, id);
  g_assert_true (summary->pending);
  g_assert_cmpuint (summary->current_step, ==, 2);
  run_ok (sato, &report);
  g_assert_cmpuint (report.pushed, ==, 1);

  /* The applicant sees the approval and its comment. */
  run_ok (suzuki, NULL);
  g_clear_pointer (&summary, ringi_request_summary_free);
  summary = summary_of (suzuki, id);
  g_assert_false (summary->pending);
  g_assert_cmpuint (summary->current_step, ==, 2);
  chain = chain_of (suzuki, id);
  g_assert_cmpuint (chain->len, ==, 2);
  g_assert_cmpstr (((RingiChainStamp *) g_ptr_array_index (chain, 1))->comment, ==, "数量を確認しました");
}

static void
count_cb (RingiSync *sync,
          guint *count)
{
  (*count)++;
}

static void
test_changed (Fixture *f,
              gconstpointer data)
{
  Person *suzuki = person (f, "suzuki");
  Person *sato = person (f, "sato");
  guint suzuki_changes = 0;
  guint sato_changes = 0;
  g_autofree char *id = NULL;

  g_signal_connect (suzuki->sync, "changed", G_CALLBACK (count_cb), &suzuki_changes);
  g_signal_connect (sato->sync, "changed", G_CALLBACK (count_cb), &sato_changes);

  /* A local action: lists change at once, before the server knows. */
  id = submit (f, suzuki);
  g_assert_cmpuint (suzuki_changes, ==, 1);

  /* The round that pushes it (and pulls it back) changes things again. */
  run_ok (suzuki, NULL);
  g_assert_cmpuint (suzuki_changes, ==, 2);

  /* A round with nothing to push or pull changes nothing. */
  run_ok (suzuki, NULL);
  g_assert_cmpuint (suzuki_changes, ==, 2);

  /* The approver's round pulls the request. */
  run_ok (sato, NULL);
  g_assert_cmpuint (sato_changes, ==, 1);
  act_ok (sato, RINGI_ACTION_APPROVE, id, NULL);
  g_assert_cmpuint (sato_changes, ==, 2);

  /* A refused action changes things too: its effect is undone. */
  ringi_mock_server_refuse_next_op (f->mock, "not-on-route", "refused for the test");
  run_ok (sato, NULL);
  g_assert_cmpuint (sato_changes, ==, 3);
  g_assert_cmpuint (ringi_sync_get_n_refused (sato->sync), ==, 1);

  g_signal_handlers_disconnect_by_data (suzuki->sync, &suzuki_changes);
  g_signal_handlers_disconnect_by_data (sato->sync, &sato_changes);
}

static void
test_workflow_refuses_locally (Fixture *f,
                               gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  Person *suzuki = person (f, "suzuki");
  Person *tanaka = person (f, "tanaka");
  g_autofree char *id = submit (f, suzuki);
  RingiActionInput approve = { .action = RINGI_ACTION_APPROVE, .request_id = id };
  RingiActionInput reject = { .action = RINGI_ACTION_REJECT, .request_id = id };

  run_ok (suzuki, NULL);
  run_ok (tanaka, NULL);

  /* The final step is not reached yet. */
  g_assert_false (act (tanaka, &approve, &error));
  g_assert_error (error, RINGI_WORKFLOW_ERROR, RINGI_WORKFLOW_ERROR_NOT_YOUR_TURN);
  g_clear_error (&error);

  /* The applicant has no step to reject at. */
  g_assert_false (act (suzuki, &reject, &error));
  g_assert_error (error, RINGI_WORKFLOW_ERROR, RINGI_WORKFLOW_ERROR_NOT_ON_ROUTE);
  g_assert_cmpuint (ringi_sync_get_n_waiting (tanaka->sync), ==, 0);
  g_assert_cmpuint (ringi_sync_get_n_waiting (suzuki->sync), ==, 0);
}

static void
test_refused_is_undone (Fixture *f,
                        gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  Person *suzuki = person (f, "suzuki");
  g_autofree char *id = NULL;
  g_autoptr(RingiRequestInfo) info = NULL;
  g_autoptr(GPtrArray) refusals = NULL;
  RingiSyncReport report = { 0 };
  RingiRefusal *refusal;

  ringi_mock_server_refuse_next_op (f->mock, "not-on-route", "tanaka may not decide purchases");
  id = submit (f, suzuki);
  run_ok (suzuki, &report);
  g_assert_cmpuint (report.pushed, ==, 0);
  g_assert_cmpuint (report.refused, ==, 1);
  g_assert_cmpuint (ringi_sync_get_n_refused (suzuki->sync), ==, 1);

  info = ringi_store_get_request (ringi_profile_get_store (suzuki->profile), id, &error);
  g_assert_error (error, RINGI_STORE_ERROR, RINGI_STORE_ERROR_NOT_FOUND);
  g_assert_null (info);
  g_clear_error (&error);

  refusals = ringi_outbox_list_refusals (ringi_profile_get_outbox (suzuki->profile), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (refusals->len, ==, 1);
  refusal = g_ptr_array_index (refusals, 0);
  g_assert_cmpstr (refusal->code, ==, "not-on-route");
  g_assert_cmpstr (refusal->message, ==, "tanaka may not decide purchases");
  g_assert_cmpstr (refusal->title, ==, "コピー用紙の購入");
}

static void
test_lost_answer (Fixture *f,
                  gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  Person *suzuki = person (f, "suzuki");
  g_autofree char *id = submit (f, suzuki);
  g_autoptr(GPtrArray) chain = NULL;
  RingiSyncReport report = { 0 };

  /* The server applies the op, but its answer is lost. */
  ringi_mock_server_fail_next_answer (f->mock);
  g_assert_false (run (suzuki, NULL, &error));
  g_assert_error (error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_SERVER);
  g_assert_true (ringi_client_error_is_transient (error));
  g_assert_cmpuint (ringi_sync_get_n_waiting (suzuki->sync), ==, 1);
  g_clear_error (&error);

  /* Sent again under the same id: applied once, answered as applied. */
  run_ok (suzuki, &report);
  g_assert_cmpuint (report.pushed, ==, 1);
  g_assert_cmpuint (ringi_mock_server_count_ops (f->mock), ==, 1);
  g_assert_cmpuint (ringi_mock_server_count_stamps (f->mock, id), ==, 1);
  chain = chain_of (suzuki, id);
  g_assert_cmpuint (chain->len, ==, 1);
  g_assert_false (((RingiChainStamp *) g_ptr_array_index (chain, 0))->pending);
}

static void
test_paging (Fixture *f,
             gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  Person *suzuki = person (f, "suzuki");
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(RingiSyncSettings) settings = NULL;
  RingiSearchQuery everything = RINGI_SEARCH_QUERY_INIT;
  RingiSyncReport report = { 0 };
  Person *sato;

  for (guint i = 0; i < 4; i++)
    g_free (submit (f, suzuki));
  run_ok (suzuki, &report);
  g_assert_cmpuint (report.pushed, ==, 4);

  /* A newcomer catches up page by page, two changes a page. */
  ringi_mock_server_set_page_size (f->mock, 2);
  sato = person (f, "sato");
  found = ringi_store_search (ringi_profile_get_store (sato->profile), &everything, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 4);
  settings = ringi_profile_dup_settings (sato->profile, &error);
  g_assert_cmpuint (settings->cursor, ==, ringi_mock_server_get_last_seq (f->mock));
}

static void
test_too_large (Fixture *f,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  Person *suzuki = person (f, "suzuki");
  g_autofree char *id = NULL;
  g_autoptr(GPtrArray) refusals = NULL;
  RingiSyncReport report = { 0 };

  ringi_mock_server_set_blob_limit (f->mock, 10);
  id = submit (f, suzuki);
  run_ok (suzuki, &report);
  g_assert_cmpuint (report.refused, ==, 1);

  refusals = ringi_outbox_list_refusals (ringi_profile_get_outbox (suzuki->profile), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (refusals->len, ==, 1);
  g_assert_cmpstr (((RingiRefusal *) g_ptr_array_index (refusals, 0))->code, ==, "too-large");
  ringi_test_assert_contains (((RingiRefusal *) g_ptr_array_index (refusals, 0))->message, "50 MB");
  g_assert_cmpuint (ringi_mock_server_count_ops (f->mock), ==, 0);
}

static void
test_send_back_and_resubmit (Fixture *f,
                             gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  Person *suzuki = person (f, "suzuki");
  Person *sato = person (f, "sato");
  g_autofree char *id = submit (f, suzuki);
  g_autoptr(GBytes) revised = new_document (f);
  g_autoptr(RingiRequestSummary) summary = NULL;
  g_autoptr(GBytes) pulled = NULL;
  RingiActionInput send_back = { .action = RINGI_ACTION_SEND_BACK, .request_id = id };
  RingiActionInput resubmit = { .action = RINGI_ACTION_RESUBMIT, .request_id = id, .pdf = revised };

  run_ok (suzuki, NULL);
  run_ok (sato, NULL);

  /* A send-back needs a comment. */
  g_assert_false (act (sato, &send_back, &error));
  g_assert_error (error, RINGI_WORKFLOW_ERROR, RINGI_WORKFLOW_ERROR_COMMENT_REQUIRED);
  g_clear_error (&error);
  act_ok (sato, RINGI_ACTION_SEND_BACK, id, "見積書を添付してください");
  run_ok (sato, NULL);

  run_ok (suzuki, NULL);
  summary = summary_of (suzuki, id);
  g_assert_cmpint (summary->status, ==, RINGI_REQUEST_SENT_BACK);
  g_assert_true (has_action (summary, "resubmit"));

  g_assert_true (act (suzuki, &resubmit, &error));
  g_assert_no_error (error);
  run_ok (suzuki, NULL);

  /* The approver downloads revision 2 and checks its bytes. */
  run_ok (sato, NULL);
  g_clear_pointer (&summary, ringi_request_summary_free);
  summary = summary_of (sato, id);
  g_assert_cmpint (summary->status, ==, RINGI_REQUEST_IN_PROGRESS);
  g_assert_cmpuint (summary->revision, ==, 2);
  pulled = ringi_store_get_revision (ringi_profile_get_store (sato->profile), id, 2, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (pulled, revised));
}

static void
test_delegation_and_substitute_decision (Fixture *f,
                                         gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  Person *suzuki = person (f, "suzuki");
  Person *sato = person (f, "sato");
  Person *tanaka = person (f, "tanaka");
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) from = g_date_time_add_days (now, -1);
  g_autoptr(GDateTime) until = g_date_time_add_days (now, 7);
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *delegation_id = NULL;
  g_autofree char *id = NULL;
  g_autoptr(RingiRequestSummary) summary = NULL;
  g_autoptr(GPtrArray) chain = NULL;
  g_autoptr(RingiStamp) last = NULL;

  /* 田中 is away: 佐藤 decides for him (代決). */
  ringi_sync_delegate_async (tanaka->sync, "sato", from, until, PIN, NULL, result_cb, &result);
  delegation_id = ringi_sync_delegate_finish (tanaka->sync, wait_for (&result), &error);
  g_assert_no_error (error);
  run_ok (tanaka, NULL);

  id = submit (f, suzuki);
  run_ok (suzuki, NULL);
  run_ok (sato, NULL);
  act_ok (sato, RINGI_ACTION_APPROVE, id, NULL);

  summary = summary_of (sato, id);
  g_assert_cmpuint (summary->current_step, ==, 2);
  g_assert_cmpstr (summary->on_behalf_of, ==, "tanaka");
  g_assert_true (has_action (summary, "approve"));
  act_ok (sato, RINGI_ACTION_APPROVE, id, NULL);
  run_ok (sato, NULL);

  chain = chain_of (sato, id);
  g_assert_cmpuint (chain->len, ==, 3);
  last = ringi_stamp_parse (((RingiChainStamp *) g_ptr_array_index (chain, 2))->stamp.record, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ringi_stamp_get_on_behalf_of (last), ==, "tanaka");

  /* Decided; 田中 acknowledges afterwards (後閲). */
  run_ok (tanaka, NULL);
  g_clear_pointer (&summary, ringi_request_summary_free);
  summary = summary_of (tanaka, id);
  g_assert_cmpint (summary->status, ==, RINGI_REQUEST_DECIDED);
  g_assert_true (has_action (summary, "acknowledge"));
  act_ok (tanaka, RINGI_ACTION_ACKNOWLEDGE, id, NULL);
  run_ok (tanaka, NULL);
  g_assert_cmpuint (ringi_mock_server_count_stamps (f->mock, id), ==, 4);
}

static void
state_notified_cb (GObject *object,
                   GParamSpec *pspec,
                   gpointer user_data)
{
  guint *n = user_data;

  (*n)++;
}

static gboolean
has_request (Person *p,
             const char *id)
{
  g_autoptr(RingiRequestInfo) info = ringi_store_get_request (ringi_profile_get_store (p->profile), id, NULL);

  return info != NULL;
}

static void
test_automatic (Fixture *f,
                gconstpointer data)
{
  Person *suzuki = person (f, "suzuki");
  Person *sato = person (f, "sato");
  g_autofree char *id = NULL;
  guint n_notified = 0;

  g_signal_connect (suzuki->sync, "notify::state", G_CALLBACK (state_notified_cb), &n_notified);
  ringi_sync_start (suzuki->sync);
  ringi_sync_start (sato->sync);

  /* Wait until the approver listens for hints. */
  while (ringi_sync_get_state (sato->sync) != RINGI_SYNC_STATE_SYNCED || !sato->sync->client ||
         sato->sync->events_connecting)
    g_main_context_iteration (NULL, TRUE);

  /* Submitted, pushed by itself; the server's hint makes the approver
   * pull it: nobody calls run. */
  id = submit (f, suzuki);
  while (!has_request (sato, id))
    g_main_context_iteration (NULL, TRUE);

  while (ringi_sync_get_n_waiting (suzuki->sync) > 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (n_notified, >=, 2);
  g_signal_handlers_disconnect_by_data (suzuki->sync, &n_notified);
  ringi_sync_stop (suzuki->sync);
  ringi_sync_stop (sato->sync);
}

static void
test_long_profile_path (Fixture *f,
                        gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base = ringi_test_make_tmpdir ("rs-long");
  g_autofree char *dir = g_build_filename (base,
                                           "a-folder-name-long-enough-to-push-the-socket-path-over-the-limit",
                                           "and-another-one-to-be-sure-of-it", "profile", NULL);
  g_autofree char *id = NULL;
  const char *home;
  Person *p;

  p = new_person (dir);
  g_free (p->dir);
  p->dir = g_strdup (base);
  g_hash_table_insert (f->people, g_strdup ("suzuki"), p);
  home = ringi_keyring_get_home (ringi_profile_get_keyring (p->profile));
  g_assert_cmpuint (strlen (dir), >, 120);
  g_assert_cmpuint (strlen (home), <, 60);

  /* gpg-agent runs there: a key is made, and signs. */
  g_assert_true (enroll (f, p, "suzuki", "code-suzuki", &error));
  g_assert_no_error (error);
  run_ok (p, NULL);
  id = submit (f, p);
  g_assert_nonnull (id);
}

/* Applying pages of changes, without a server */

static JsonArray *
page_of (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);

  g_assert_no_error (error);
  return json_array_ref (json_node_get_array (node));
}

static char *
submit_record_base64 (const char *request_id,
                      const char *pdf_sha256)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 ("2026-11-23T10:15:00+09:00", NULL);
  RingiStampFields fields = {
    .document = request_id,
    .revision = 1,
    .document_sha256 = pdf_sha256,
    .action = RINGI_ACTION_SUBMIT,
    .signer = "suzuki",
    .signer_key = "0123456789ABCDEF0123456789ABCDEF01234567",
    .time = time,
    .route = ROUTE,
  };
  g_autoptr(RingiStamp) stamp = ringi_stamp_new (&fields, &error);
  g_autoptr(GBytes) bytes = NULL;

  g_assert_no_error (error);
  bytes = ringi_stamp_to_bytes (stamp);
  return g_base64_encode (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static guint64
cursor_of (Person *p)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiSyncSettings) settings = ringi_profile_dup_settings (p->profile, &error);

  g_assert_no_error (error);
  return settings->cursor;
}

static void
test_apply_page (Fixture *f,
                 gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = ringi_test_make_tmpdir ("rs-page");
  Person *p = new_person (dir);
  RingiStore *store = ringi_profile_get_store (p->profile);
  g_autoptr(GBytes) pdf = g_bytes_new_static ("%PDF-1.4 page", 13);
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
  g_autofree char *record = submit_record_base64 ("7a4c3c0e-5d1b-4f0e-9a57-2f7d3c1b9e01", sha256);
  g_autoptr(GHashTable) blobs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  g_autofree char *head = NULL;
  g_autofree char *good = NULL;
  g_autofree char *bad = NULL;
  g_autoptr(JsonArray) bad_page = NULL;
  g_autoptr(JsonArray) good_page = NULL;
  g_autoptr(RingiRequestInfo) info = NULL;
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(RingiUser) user = NULL;

  g_hash_table_insert (f->people, g_strdup ("page"), p);
  g_hash_table_insert (blobs, g_strdup (sha256), g_bytes_ref (pdf));
  g_assert_true (ringi_store_put_route_template (store, "purchase", 0, "final=tanaka", &error));

  head = g_strdup_printf ("[{\"seq\": 1, \"kind\": \"request\", \"id\": \"7a4c3c0e-5d1b-4f0e-9a57-2f7d3c1b9e01\","
                          " \"title\": \"t\", \"category\": \"purchase\", \"amount\": null, \"counterparty\": \"\","
                          " \"transaction_date\": \"2026-11-20\", \"applicant\": \"suzuki\", \"created_at\": \"2026-11-23\"},"
                          " {\"seq\": 2, \"kind\": \"revision\", \"request_id\": \"7a4c3c0e-5d1b-4f0e-9a57-2f7d3c1b9e01\","
                          " \"revision\": 1, \"sha256\": \"%s\", \"size\": 13},"
                          " {\"seq\": 3, \"kind\": \"user\", \"login\": \"mori\", \"display_name\": \"森\","
                          " \"seal_name\": \"森\", \"department\": \"企画課\", \"role\": \"staff\", \"manager\": null,"
                          " \"fingerprint\": null, \"public_key\": null, \"disabled\": false},"
                          " {\"seq\": 4, \"kind\": \"route-template\", \"category\": \"purchase\", \"route_templates\":"
                          " [{\"category\": \"purchase\", \"min_amount\": 0, \"route\": \"%s\"}]},"
                          " {\"seq\": 5, \"kind\": \"a-kind-of-tomorrow\"},",
                          sha256, ROUTE);

  /* A page whose last change does not fit: nothing of it is applied. */
  bad = g_strdup_printf ("%s {\"seq\": 6, \"kind\": \"stamp\", \"request_id\": \"7a4c3c0e-5d1b-4f0e-9a57-2f7d3c1b9e01\","
                         " \"position\": 1, \"record\": \"bm90IGEgc3RhbXA=\", \"signature\": \"sig\"}]",
                         head);
  bad_page = page_of (bad);
  g_assert_false (ringi_sync_apply_changes (p->profile, bad_page, 6, blobs, &error));
  g_assert_error (error, RINGI_SYNC_ERROR, RINGI_SYNC_ERROR_HISTORY);
  g_clear_error (&error);
  info = ringi_store_get_request (store, "7a4c3c0e-5d1b-4f0e-9a57-2f7d3c1b9e01", NULL);
  g_assert_null (info);
  g_assert_cmpuint (cursor_of (p), ==, 0);
  templates = ringi_store_list_route_templates (store, &error);
  g_assert_cmpstr (((RingiStoredRouteTemplate *) g_ptr_array_index (templates, 0))->route, ==, "final=tanaka");

  /* The same page, right: all of it, and the cursor with it. */
  good = g_strdup_printf ("%s {\"seq\": 6, \"kind\": \"stamp\", \"request_id\": \"7a4c3c0e-5d1b-4f0e-9a57-2f7d3c1b9e01\","
                          " \"position\": 1, \"record\": \"%s\", \"signature\": \"sig\", \"comment\": null}]",
                          head, record);
  good_page = page_of (good);
  g_assert_true (ringi_sync_apply_changes (p->profile, good_page, 6, blobs, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cursor_of (p), ==, 6);
  info = ringi_store_get_request (store, "7a4c3c0e-5d1b-4f0e-9a57-2f7d3c1b9e01", &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->amount, ==, -1);
  g_clear_pointer (&templates, g_ptr_array_unref);
  templates = ringi_store_list_route_templates (store, &error);
  g_assert_cmpuint (templates->len, ==, 1);
  g_assert_cmpstr (((RingiStoredRouteTemplate *) g_ptr_array_index (templates, 0))->route, ==, ROUTE);
  user = ringi_store_get_user (store, "mori", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (user->department, ==, "企画課");

  /* A page seen twice (the cursor was not saved) changes nothing. */
  g_assert_true (ringi_sync_apply_changes (p->profile, good_page, 6, blobs, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) stamps = ringi_store_list_stamps (store, "7a4c3c0e-5d1b-4f0e-9a57-2f7d3c1b9e01", &error);
    g_assert_cmpuint (stamps->len, ==, 1);
  }
}

static void
test_backoff (void)
{
  /* Doubling from 2 s, capped at 15 min, half of it jittered */
  g_assert_cmpuint (ringi_sync_backoff_delay (0, 0.0), ==, 1000);
  g_assert_cmpuint (ringi_sync_backoff_delay (0, 0.999), ==, 1999);
  g_assert_cmpuint (ringi_sync_backoff_delay (1, 0.0), ==, 2000);
  g_assert_cmpuint (ringi_sync_backoff_delay (3, 0.5), ==, 12000);
  g_assert_cmpuint (ringi_sync_backoff_delay (9, 0.0), ==, 450000);
  g_assert_cmpuint (ringi_sync_backoff_delay (10, 0.0), ==, 450000);
  g_assert_cmpuint (ringi_sync_backoff_delay (100, 1.0), ==, 900000);
}

static gboolean
move_server (Person *person,
             const char *server_url,
             const char *ca_file,
             GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ringi_sync_move_server_async (person->sync, server_url, ca_file, NULL, result_cb, &result);
  return ringi_sync_move_server_finish (person->sync, wait_for (&result), error);
}

/* A refused move keeps the profile exactly as it was: the address, the
 * pinned CA and its copy in the profile, the session. */
static void
assert_settings_kept (Person *person,
                      const RingiSyncSettings *before,
                      const char *ca_sha256)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiSyncSettings) now = ringi_profile_dup_settings (person->profile, &error);
  g_autofree char *ca_now = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (now->server_url, ==, before->server_url);
  g_assert_cmpstr (now->ca_file, ==, before->ca_file);
  g_assert_cmpstr (now->token, ==, before->token);
  g_assert_cmpstr (now->fingerprint, ==, before->fingerprint);
  ca_now = ringi_test_file_sha256 (now->ca_file);
  g_assert_cmpstr (ca_now, ==, ca_sha256);
}

/* IT re-issues the server's certificate, or moves the server: the same
 * enrollment goes on once the new address answers with a trusted
 * certificate; anything less changes nothing. */
static void
test_move_server (Fixture *f,
                  gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  Person *suzuki = person (f, "suzuki");
  g_autoptr(RingiSyncSettings) before = ringi_profile_dup_settings (suzuki->profile, &error);
  g_autoptr(RingiSyncSettings) after = NULL;
  g_autoptr(RingiTestCerts) strangers = ringi_test_certs_new ();
  g_autofree char *ca_sha256 = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *new_ca = NULL;
  g_autofree char *dir = ringi_test_make_tmpdir ("rs-ca");
  gsize length = 0;

  g_assert_no_error (error);
  ca_sha256 = ringi_test_file_sha256 (before->ca_file);

  /* A CA that did not sign the server's certificate */
  g_assert_false (move_server (suzuki, ringi_mock_server_get_url (f->mock), strangers->ca_file, &error));
  g_assert_error (error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_TLS);
  g_clear_error (&error);
  assert_settings_kept (suzuki, before, ca_sha256);

  /* Nobody answers there */
  g_assert_false (move_server (suzuki, "https://127.0.0.1:1", ringi_mock_server_get_ca_file (f->mock), &error));
  g_assert_error (error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_NETWORK);
  g_clear_error (&error);
  assert_settings_kept (suzuki, before, ca_sha256);

  /* Plain http to another computer is refused before connecting. */
  g_assert_false (move_server (suzuki, "http://ringi.example", NULL, &error));
  g_assert_error (error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_INSECURE);
  g_clear_error (&error);
  assert_settings_kept (suzuki, before, ca_sha256);

  /* The right CA, handed over as a new file */
  new_ca = g_build_filename (dir, "reissued-ca.pem", NULL);
  g_assert_true (g_file_get_contents (ringi_mock_server_get_ca_file (f->mock), &contents, &length, &error));
  g_assert_true (g_file_set_contents (new_ca, contents, length, &error));
  g_assert_no_error (error);
  g_assert_true (move_server (suzuki, ringi_mock_server_get_url (f->mock), new_ca, &error));
  g_assert_no_error (error);

  after = ringi_profile_dup_settings (suzuki->profile, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (after->server_url, ==, ringi_mock_server_get_url (f->mock));
  ringi_test_assert_contains (after->ca_file, ringi_profile_get_dir (suzuki->profile));
  g_assert_cmpstr (after->login, ==, "suzuki");
  g_assert_cmpstr (after->fingerprint, ==, before->fingerprint);
  g_assert_null (after->token);
  g_assert_null (suzuki->sync->client);
  ringi_test_remove_tree (dir);

  /* The next round signs in again with the same key. */
  run_ok (suzuki, NULL);
  g_clear_pointer (&after, ringi_sync_settings_free);
  after = ringi_profile_dup_settings (suzuki->profile, &error);
  g_assert_no_error (error);
  g_assert_nonnull (after->token);
}

int
main (int argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ringi/sync/backoff", test_backoff);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/ringi/sync/enroll", test_enroll);
  ADD ("/ringi/sync/needs-sign-in", test_needs_sign_in);
  ADD ("/ringi/sync/enroll-phases", test_enroll_phases);
  ADD ("/ringi/sync/not-enrolled", test_not_enrolled);
  ADD ("/ringi/sync/offline-then-push", test_offline_then_push);
  ADD ("/ringi/sync/approval-travels", test_approval_travels);
  ADD ("/ringi/sync/changed", test_changed);
  ADD ("/ringi/sync/workflow-refuses-locally", test_workflow_refuses_locally);
  ADD ("/ringi/sync/refused-is-undone", test_refused_is_undone);
  ADD ("/ringi/sync/lost-answer", test_lost_answer);
  ADD ("/ringi/sync/paging", test_paging);
  ADD ("/ringi/sync/too-large", test_too_large);
  ADD ("/ringi/sync/send-back-resubmit", test_send_back_and_resubmit);
  ADD ("/ringi/sync/delegation", test_delegation_and_substitute_decision);
  ADD ("/ringi/sync/automatic", test_automatic);
  ADD ("/ringi/sync/long-profile-path", test_long_profile_path);
  ADD ("/ringi/sync/apply-page", test_apply_page);
  ADD ("/ringi/sync/move-server", test_move_server);
#undef ADD

  return g_test_run ();
}
