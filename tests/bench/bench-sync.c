/* bench-sync.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sync between the real ringi-server and the real sync engine, on a
 * server holding 1,000 and one holding 100,000 requests of 5 stamps each:
 * (a) the first full sync of a person who may read 10,000 of them;
 * (b) an incremental sync of 10 new changes, on both servers: cost must
 *     follow the changes, not the size of the database (goal: ratio ≤ 1.5);
 * (c) wrk, 50 connections, on GET /api/v1/changes.
 */

#define G_LOG_DOMAIN "bench-sync"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "ringi-keyring.h"
#include "ringi-profile.h"
#include "ringi-server-data-dir.h"
#include "ringi-server-json.h"
#include "ringi-server-op.h"
#include "ringi-server-storage.h"
#include "ringi-stamp.h"
#include "ringi-store.h"
#include "ringi-sync.h"
#include "ringi-test-server.h"
#include "ringi-test-utils.h"

#define PIN           "bench-pin"
#define VISIBLE_EVERY 10 /* the reader is on the route of one request in ten */
#define N_INCREMENTAL 11 /* rounds of 10 new changes on each server, the median counts */
#define WRK_SECONDS   "10"
#define READER        "sato"
#define ROUTE_READER  "approve=sato ; consult:all=ito,kato ; final=tanaka"
#define ROUTE_OTHERS  "approve=yamada ; consult:all=ito,kato ; final=tanaka"
#define N_STAMPS      5
#define SEED_CHUNK    1000

static const char *const logins[] = { "suzuki", "sato", "yamada", "ito", "kato", "tanaka" };

/* What seeding reuses: one real signature of one real stamp, one real
 * receipt signature, one document. */
typedef struct
{
  char *home;
  RingiKeyring *keyring;
  char *fingerprint;
  GBytes *signature;
  GBytes *receipt_signature;
  GBytes *pdf;
  char *pdf_sha256;
} Material;

typedef struct
{
  const char *name;
  char *dir;
  char *data;
  RingiTestServer *server;
  RingiProfile *profile;
  RingiSync *sync;
  guint n_requests;
  guint n_seeded;
  double seed_seconds;
  double full_seconds;
  guint full_requests;
  double incremental_ms[N_INCREMENTAL];
} Site;

static void
die_on_error (GError *error)
{
  if (error != NULL)
    g_error ("bench-sync: %s", error->message);
}

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

/* Material */

static void
material_init (Material *m)
{
  g_autoptr(GError) error = NULL;
  const char *text = "%PDF-1.4\n% bench-sync: the one document every seeded request uses\n%%EOF\n";
  g_autoptr(GBytes) probe = g_bytes_new_static ("Ringi bench-sync\n", 17);

  m->home = ringi_test_make_tmpdir ("rbs-gpg");
  ringi_test_write_fast_agent_conf (m->home);
  m->keyring = ringi_keyring_new (m->home, &error);
  die_on_error (error);
  ringi_keyring_generate_key (m->keyring, "bench", "Bench", PIN, &m->fingerprint, NULL, &error);
  die_on_error (error);
  m->signature = ringi_keyring_sign_detached (m->keyring, m->fingerprint, PIN, probe, NULL, &error);
  die_on_error (error);
  m->receipt_signature = g_bytes_ref (m->signature);
  m->pdf = g_bytes_new_static (text, strlen (text));
  m->pdf_sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, m->pdf);
}

static void
material_clear (Material *m)
{
  ringi_keyring_kill_agent (m->keyring);
  g_clear_object (&m->keyring);
  ringi_test_remove_tree (m->home);
  g_free (m->home);
  g_free (m->fingerprint);
  g_bytes_unref (m->signature);
  g_bytes_unref (m->receipt_signature);
  g_bytes_unref (m->pdf);
  g_free (m->pdf_sha256);
}

/* Seeding, through the server's storage interface, as the stamp op
 * stores an accepted stamp (ringi-server-stamp-op.c) */

static char *
json_text (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  return ringi_server_json_to_text (root);
}

static void
add_change (RingiServerStorage *storage,
            const char *kind,
            const char *request_id,
            const char *subject,
            JsonBuilder *builder,
            gint64 now,
            gint64 *out_seq)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *payload = json_text (builder);
  gint64 seq = ringi_server_storage_append_change (storage, kind, request_id, subject, payload, now, &error);

  die_on_error (error);
  if (out_seq != NULL)
    *out_seq = seq;
}

static void
seed_request_row (RingiServerStorage *storage,
                  const RingiRequestInfo *info,
                  const char *const *viewers,
                  const Material *m,
                  gint64 now)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) request = json_builder_new ();
  g_autoptr(JsonBuilder) revision = json_builder_new ();

  if (!ringi_server_storage_add_request (storage, info, viewers, &error) ||
      !ringi_server_storage_add_revision (storage, info->id, 1, m->pdf_sha256, &error))
    die_on_error (error);

  json_builder_begin_object (request);
  ringi_server_json_add_request (request, info);
  json_builder_end_object (request);
  add_change (storage, "request", info->id, info->id, request, now, NULL);

  json_builder_begin_object (revision);
  ringi_server_json_add_nullable_string (revision, "request_id", info->id);
  json_builder_set_member_name (revision, "revision");
  json_builder_add_int_value (revision, 1);
  ringi_server_json_add_nullable_string (revision, "sha256", m->pdf_sha256);
  json_builder_set_member_name (revision, "size");
  json_builder_add_int_value (revision, g_bytes_get_size (m->pdf));
  json_builder_end_object (revision);
  add_change (storage, "revision", info->id, m->pdf_sha256, revision, now, NULL);
}

/* The stamp at @position (from 1) on a route of @route; the record is
 * real and chained, the signature the one real one, reused. */
static char *
seed_stamp (RingiServerStorage *storage,
            const char *request_id,
            const char *const *signers,
            const char *route,
            guint position,
            const char *previous,
            const Material *m,
            gint64 now)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (now - 3600 + position * 60);
  RingiStampFields fields = {
    .document = request_id,
    .revision = 1,
    .document_sha256 = m->pdf_sha256,
    .step = position == 1 ? 0 : (position == 2 ? 1 : (position < 5 ? 2 : 3)),
    .action = position == 1 ? RINGI_ACTION_SUBMIT : RINGI_ACTION_APPROVE,
    .signer = signers[position - 1],
    .signer_key = m->fingerprint,
    .time = time,
    .previous = previous,
    .route = position == 1 ? route : NULL,
  };
  g_autoptr(RingiStamp) stamp = ringi_stamp_new (&fields, &error);
  g_autoptr(GBytes) record = NULL;
  g_autoptr(GBytes) receipt = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  char *sha256;
  guint stored_at = 0;
  gint64 seq;

  die_on_error (error);
  record = ringi_stamp_to_bytes (stamp);
  sha256 = ringi_stamp_dup_sha256 (stamp);
  receipt = ringi_op_build_receipt (sha256, position, now, m->fingerprint);
  if (!ringi_server_storage_append_stamp (storage, request_id, signers[position - 1], record, m->signature, previous,
                                          &stored_at, &error))
    die_on_error (error);

  json_builder_begin_object (builder);
  ringi_server_json_add_nullable_string (builder, "request_id", request_id);
  json_builder_set_member_name (builder, "position");
  json_builder_add_int_value (builder, position);
  ringi_server_json_add_nullable_string (builder, "sha256", sha256);
  ringi_server_json_add_record (builder, record, m->signature);
  ringi_server_json_add_nullable_string (builder, "comment", NULL);
  ringi_server_json_add_signed (builder, "receipt", receipt, m->receipt_signature);
  json_builder_end_object (builder);
  add_change (storage, "stamp", request_id, sha256, builder, now, &seq);

  if (!ringi_server_storage_add_receipt (storage, sha256, seq, now, receipt, m->receipt_signature, &error))
    die_on_error (error);
  return sha256;
}

/* One request with its first @n_stamps stamps: 2 + @n_stamps changes. */
static void
seed_request (RingiServerStorage *storage,
              gboolean reader_sees,
              guint n_stamps,
              const Material *m,
              gint64 now)
{
  const char *approver = reader_sees ? READER : "yamada";
  const char *const signers[N_STAMPS] = { "suzuki", approver, "ito", "kato", "tanaka" };
  const char *const viewers[] = { "suzuki", approver, "ito", "kato", "tanaka", NULL };
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *previous = NULL;
  RingiRequestInfo info = {
    .id = id,
    .title = (char *) "コピー用紙の購入 (bench)",
    .category = (char *) "purchase",
    .amount = 52000,
    .counterparty = (char *) "文具店",
    .transaction_date = (char *) "2026-11-20",
    .applicant = (char *) "suzuki",
    .created_at = (char *) "2026-11-20T09:00:00+09:00",
  };

  seed_request_row (storage, &info, viewers, m, now);
  for (guint position = 1; position <= n_stamps; position++)
    {
      char *sha256 = seed_stamp (storage, id, signers, reader_sees ? ROUTE_READER : ROUTE_OTHERS, position, previous,
                                 m, now);

      g_free (previous);
      previous = sha256;
    }
}

static RingiServerStorage *
open_storage (Site *site)
{
  g_autoptr(GError) error = NULL;
  RingiServerStorage *storage = ringi_server_data_dir_open_storage (site->data, &error);

  die_on_error (error);
  return storage;
}

static void
seed_site (Site *site,
           const Material *m)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiServerStorage) storage = open_storage (site);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 start = g_get_monotonic_time ();

  if (!ringi_server_storage_put_blob (storage, m->pdf_sha256, m->pdf, now, &error))
    die_on_error (error);

  /* A thousand requests a transaction: one transaction of gigabytes
   * would make sqlite look its pages up in an ever longer WAL. */
  for (guint i = 0; i < site->n_requests; i += SEED_CHUNK)
    {
      if (!ringi_server_storage_begin (storage, &error))
        die_on_error (error);
      for (guint j = i; j < MIN (i + SEED_CHUNK, site->n_requests); j++)
        seed_request (storage, j % VISIBLE_EVERY == 0, N_STAMPS, m, now);
      if (!ringi_server_storage_commit (storage, &error))
        die_on_error (error);
    }

  site->seed_seconds = seconds_since (start);
}

/* Ten new changes the reader may see, written while the server serves:
 * a request with its five stamps (7 changes) and one just submitted (3). */
static void
seed_ten_changes (Site *site,
                  const Material *m)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiServerStorage) storage = open_storage (site);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (!ringi_server_storage_begin (storage, &error))
    die_on_error (error);
  seed_request (storage, TRUE, N_STAMPS, m, now);
  seed_request (storage, TRUE, 1, m, now);
  if (!ringi_server_storage_commit (storage, &error))
    die_on_error (error);
}

/* The reader's client */

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

static void
enroll_reader (Site *site,
               const char *code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *profile_dir = g_build_filename (site->dir, READER, NULL);
  g_autofree char *home = g_build_filename (profile_dir, "gnupg", NULL);
  g_autofree char *ca = g_build_filename (site->data, "tls", "ca.pem", NULL);

  g_mkdir_with_parents (home, 0700);
  ringi_test_write_fast_agent_conf (home);
  site->profile = ringi_profile_open (profile_dir, &error);
  die_on_error (error);
  site->sync = ringi_sync_new (site->profile);
  ringi_sync_set_passphrase_func (site->sync, give_pin, NULL, NULL);
  ringi_sync_enroll_async (site->sync, ringi_test_server_get_url (site->server), ca, READER, code, PIN, NULL,
                           result_cb, &result);
  ringi_sync_enroll_finish (site->sync, wait_for (&result), &error);
  die_on_error (error);
}

static double
timed_sync (Site *site,
            RingiSyncReport *report)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  gint64 start = g_get_monotonic_time ();

  ringi_sync_run_async (site->sync, NULL, result_cb, &result);
  ringi_sync_run_finish (site->sync, wait_for (&result), report, &error);
  die_on_error (error);
  return seconds_since (start);
}

static guint
count_requests (Site *site)
{
  g_autoptr(GError) error = NULL;
  RingiSearchQuery everything = RINGI_SEARCH_QUERY_INIT;
  g_autoptr(GPtrArray) found = ringi_store_search (ringi_profile_get_store (site->profile), &everything, &error);

  die_on_error (error);
  return found->len;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median_ms (Site *site)
{
  double sorted[N_INCREMENTAL];

  memcpy (sorted, site->incremental_ms, sizeof sorted);
  qsort (sorted, N_INCREMENTAL, sizeof sorted[0], compare_doubles);
  return sorted[N_INCREMENTAL / 2];
}

static void
site_run (Site *site,
          const Material *m,
          guint n_requests)
{
  g_autoptr(GHashTable) codes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  RingiSyncReport report = { 0 };

  site->n_requests = n_requests;
  site->dir = ringi_test_make_tmpdir ("rbs");
  site->data = g_build_filename (site->dir, "data", NULL);
  ringi_test_server_init (site->data, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (logins); i++)
    g_hash_table_insert (codes, (gpointer) logins[i], ringi_test_server_add_user (site->data, logins[i], NULL));

  g_printerr ("%s: seeding %u requests…\n", site->name, n_requests);
  seed_site (site, m);
  site->server = ringi_test_server_start (site->data);
  enroll_reader (site, g_hash_table_lookup (codes, READER));

  g_printerr ("%s: first full sync of %s…\n", site->name, READER);
  site->full_seconds = timed_sync (site, &report);
  site->full_requests = count_requests (site);
  g_assert_cmpuint (site->full_requests, ==, n_requests / VISIBLE_EVERY);
}

/* (b): the rounds alternate between the two servers, so that whatever
 * else the machine does weighs on both alike. */
static void
run_incremental (Site *small,
                 Site *large,
                 const Material *m)
{
  Site *sites[] = { small, large };

  for (guint i = 0; i < N_INCREMENTAL; i++)
    for (guint j = 0; j < G_N_ELEMENTS (sites); j++)
      {
        RingiSyncReport report = { 0 };

        seed_ten_changes (sites[j], m);
        sites[j]->incremental_ms[i] = 1000 * timed_sync (sites[j], &report);
        g_assert_cmpuint (report.pulled, ==, 10);
      }
}

static void
site_clear (Site *site)
{
  ringi_sync_stop (site->sync);
  g_clear_object (&site->sync);
  if (site->profile != NULL)
    ringi_keyring_kill_agent (ringi_profile_get_keyring (site->profile));
  g_clear_object (&site->profile);
  if (site->server != NULL)
    ringi_test_server_stop (site->server);
  g_clear_pointer (&site->server, ringi_test_server_free);
  ringi_test_remove_tree (site->dir);
  g_free (site->dir);
  g_free (site->data);
}

/* (c) wrk */

typedef struct
{
  double requests_per_second;
  char *p99;
  char *errors;
} WrkResult;

static void
communicated_cb (GObject *source,
                 GAsyncResult *result,
                 gpointer user_data)
{
  char **out = user_data;
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &text, NULL, &error);
  die_on_error (error);
  *out = text ? text : g_strdup ("");
}

/* The value after @label on a line of @out */
static char *
wrk_value (const char *out,
           const char *label)
{
  const char *at = strstr (out, label);
  const char *end;

  if (at == NULL)
    return NULL;
  at += strlen (label);
  while (*at == ' ' || *at == '\t')
    at++;
  end = at;
  while (*end != '\0' && *end != '\n' && *end != ' ')
    end++;
  return g_strndup (at, end - at);
}

/* wrk runs while this process spins its main context: the server's log
 * goes through a pipe this process reads, and must not fill. */
static gboolean
run_wrk (Site *site,
         const char *query,
         WrkResult *out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiSyncSettings) settings = ringi_profile_dup_settings (site->profile, &error);
  g_autofree char *header = NULL;
  g_autofree char *url = NULL;
  g_autofree char *text = NULL;
  g_autofree char *rps = NULL;
  g_autoptr(GSubprocess) wrk = NULL;
  g_autofree char *wrk_path = g_find_program_in_path ("wrk");

  if (wrk_path == NULL)
    return FALSE;

  die_on_error (error);
  header = g_strconcat ("Authorization: Bearer ", settings->token, NULL);
  url = g_strconcat (ringi_test_server_get_url (site->server), "/api/v1/changes?", query, NULL);
  wrk = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE, &error, wrk_path,
                          "-t", "2", "-c", "50", "-d", WRK_SECONDS "s", "--latency", "-H", header, url, NULL);
  die_on_error (error);
  g_subprocess_communicate_utf8_async (wrk, NULL, NULL, communicated_cb, &text);
  while (text == NULL)
    g_main_context_iteration (NULL, TRUE);

  rps = wrk_value (text, "Requests/sec:");
  out->requests_per_second = rps ? g_ascii_strtod (rps, NULL) : 0;
  out->p99 = wrk_value (text, "99%");
  out->errors = wrk_value (text, "Non-2xx or 3xx responses:");
  if (rps == NULL)
    g_printerr ("wrk said:\n%s\n", text);
  return TRUE;
}

/* RINGI_BENCH_SYNC_LARGE makes the large server smaller, while working
 * on the bench itself. */
static guint
large_size (void)
{
  const char *text = g_getenv ("RINGI_BENCH_SYNC_LARGE");

  return text != NULL ? (guint) g_ascii_strtoull (text, NULL, 10) : 100000;
}

int
main (int argc,
      char *argv[])
{
  Material m = { NULL };
  Site small = { .name = "1k server" };
  Site large = { .name = "100k server" };
  WrkResult poll = { 0 }, page = { 0 };
  g_autoptr(RingiSyncSettings) settings = NULL;
  g_autofree char *poll_query = NULL;
  g_autofree char *page_query = NULL;
  g_autoptr(GError) error = NULL;
  gboolean have_wrk;
  double ratio;

  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  setlocale (LC_ALL, "");
  /* `build-aux/dev bench` runs the program itself, not through meson */
  g_setenv ("RINGI_SERVER_EXE", RINGI_SERVER_EXE_DEFAULT, FALSE);
  material_init (&m);

  site_run (&small, &m, 1000);
  site_run (&large, &m, large_size ());
  g_printerr ("incremental syncs…\n");
  run_incremental (&small, &large, &m);

  site_clear (&small);

  /* (c): an empty poll (nothing new), and the last 10 changes */
  settings = ringi_profile_dup_settings (large.profile, &error);
  die_on_error (error);
  poll_query = g_strdup_printf ("since=%" G_GINT64_FORMAT, settings->cursor);
  page_query = g_strdup_printf ("since=%" G_GINT64_FORMAT, settings->cursor - 10);
  g_printerr ("100k server: wrk…\n");
  have_wrk = run_wrk (&large, poll_query, &poll) && run_wrk (&large, page_query, &page);
  site_clear (&large);
  material_clear (&m);

  ratio = median_ms (&large) / median_ms (&small);
  g_print ("\nbench-sync: ringi-server and the sync engine over TLS on 127.0.0.1\n\n");
  g_print ("What is synthetic: the requests are written straight through the server's storage\n"
           "interface (RingiSqliteStorage), as an accepted op stores them: request, revision, 5 stamps,\n"
           "5 receipts and their changes. Every stamp record is real, canonical and chained, but all\n"
           "carry the same real OpenPGP signature, and all receipts another one, made once: nothing in\n"
           "a sync re-verifies signatures (the server did when it accepted them; clients verify on\n"
           "demand). All requests share one document. The reader, %s, is on the route of one in %u.\n\n",
           READER, VISIBLE_EVERY);

  g_print ("%-58s %14s %14s\n", "", "1k server", "100k server");
  g_print ("%-58s %14.1f %14.1f\n", "seeding (s)", small.seed_seconds, large.seed_seconds);
  g_print ("%-58s %14u %14u\n", "requests the reader may see", small.full_requests, large.full_requests);
  g_print ("%-58s %14.2f %14.2f\n", "(a) first full sync (s)", small.full_seconds, large.full_seconds);
  g_print ("%-58s %14.0f %14.0f\n", "(a) first full sync (requests/s)", small.full_requests / small.full_seconds,
           large.full_requests / large.full_seconds);
  g_print ("%-58s %14.1f %14.1f\n", "(b) incremental sync of 10 changes, median of 11 (ms)", median_ms (&small),
           median_ms (&large));
  g_print ("%-58s %29.2f  %s\n", "(b) 100k ÷ 1k (goal ≤ 1.5)", ratio, ratio <= 1.5 ? "ok" : "OVER GOAL");
  if (have_wrk)
    {
      g_print ("%-58s %29.0f\n", "(c) wrk -c50, GET /changes, nothing new (requests/s)", poll.requests_per_second);
      g_print ("%-58s %29s\n", "(c) wrk -c50, GET /changes, nothing new (p99)", poll.p99 ? poll.p99 : "?");
      g_print ("%-58s %29.0f\n", "(c) wrk -c50, GET /changes, 10 changes (requests/s)", page.requests_per_second);
      g_print ("%-58s %29s\n", "(c) wrk -c50, GET /changes, 10 changes (p99)", page.p99 ? page.p99 : "?");
      if (poll.errors != NULL || page.errors != NULL)
        g_print ("(c) non-2xx answers: %s (nothing new), %s (10 changes)\n", poll.errors ? poll.errors : "0",
                 page.errors ? page.errors : "0");
    }
  else
    g_print ("(c) skipped: wrk is not installed (build-aux/dev bench installs it)\n");

  g_print ("\nbench-sync: first full sync, %u of %u requests: %.0f requests/s\n", large.full_requests,
           large.n_requests, large.full_requests / large.full_seconds);
  g_print ("bench-sync: incremental sync of 10 changes: %.1f ms on %u requests, %.1f ms on %u, %.2fx (goal <= 1.5)\n",
           median_ms (&large), large.n_requests, median_ms (&small), small.n_requests, ratio);
  if (have_wrk)
    g_print ("bench-sync: wrk -c50 GET /changes (10 changes): %.0f requests/s, p99 %s\n", page.requests_per_second,
             page.p99 ? page.p99 : "?");

  g_free (poll.p99);
  g_free (poll.errors);
  g_free (page.p99);
  g_free (page.errors);
  ringi_test_server_remove_template ();
  return 0;
}
