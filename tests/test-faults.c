/* test-faults.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-faults"

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "ringi-client.h"
#include "ringi-profile.h"
#include "ringi-sync.h"
#include "ringi-test-server.h"
#include "ringi-test-utils.h"

#define PIN   "8642"
#define ROUTE "approve=sato ; final=tanaka"

/* Faults between the sync engine and the real ringi-server: the server
 * killed with SIGKILL in the middle of a batch, a connection cut in the
 * middle of an answer, a client that works offline for a day. Whatever
 * happens, every op is applied exactly once, and both databases pass
 * `PRAGMA integrity_check` afterwards.
 *
 * The clients talk to the server through a small TCP proxy on
 * 127.0.0.1: it forwards bytes, so TLS goes through it untouched, keeps
 * one address while the server restarts on another port, and can drop a
 * connection after so many bytes of the server's answer. */

/* The proxy */

typedef struct
{
  GSocketService *service;
  guint16 port;
  guint16 upstream_port;
  gsize cut_at_read; /* cut in the middle of the first read down of this size or more; 0: never */
  guint n_cuts;
  guint64 cut_at; /* where the last cut was, in bytes down its connection */
  guint n_links;  /* connections being forwarded */
} Proxy;

typedef struct
{
  Proxy *proxy;
  GIOStream *client;
  GIOStream *upstream;
  guint64 down;      /* bytes sent to the client */
  guint64 cut_after; /* once set, nothing goes down after this byte */
  guint n_pumps;
  gboolean closed;
} Link;

typedef struct
{
  Link *link;
  GInputStream *from;
  GOutputStream *to;
  gboolean down; /* server to client */
} Pump;

static void pump_read (Pump *pump);

static void
link_close (Link *link)
{
  if (link->closed)
    return;

  link->closed = TRUE;
  g_io_stream_close (link->client, NULL, NULL);
  g_io_stream_close (link->upstream, NULL, NULL);
}

static void
pump_done (Pump *pump)
{
  Link *link = pump->link;

  link_close (link);
  g_free (pump);
  if (--link->n_pumps > 0)
    return;

  link->proxy->n_links--;
  g_object_unref (link->client);
  g_object_unref (link->upstream);
  g_free (link);
}

static void
on_written (GObject *source,
            GAsyncResult *result,
            gpointer user_data)
{
  Pump *pump = user_data;
  gboolean ok = g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL);
  Link *link = pump->link;

  if (!ok || link->closed)
    {
      pump_done (pump);
      return;
    }

  /* The cut: what was allowed through has gone; nothing more will. */
  if (pump->down && link->cut_after > 0 && link->down >= link->cut_after)
    {
      link->proxy->n_cuts++;
      pump_done (pump);
      return;
    }

  pump_read (pump);
}

static void
on_read (GObject *source,
         GAsyncResult *result,
         gpointer user_data)
{
  Pump *pump = user_data;
  Link *link = pump->link;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, NULL);
  gsize size = bytes ? g_bytes_get_size (bytes) : 0;

  if (size == 0 || link->closed)
    {
      pump_done (pump);
      return;
    }

  if (pump->down)
    {
      /* The cut falls inside one answer: a big read is part of a big
       * answer, as small ones (TLS handshakes, short answers) are not. */
      if (link->proxy->cut_at_read > 0 && link->cut_after == 0 && size >= link->proxy->cut_at_read)
        {
          link->cut_after = link->down + size / 2;
          link->proxy->cut_at_read = 0;
          link->proxy->cut_at = link->cut_after;
        }
      if (link->cut_after > 0 && link->down + size > link->cut_after)
        {
          g_autoptr(GBytes) part = g_bytes_new_from_bytes (bytes, 0, link->cut_after - link->down);

          g_bytes_unref (bytes);
          bytes = g_steal_pointer (&part);
          size = g_bytes_get_size (bytes);
        }
      link->down += size;
    }

  g_output_stream_write_all_async (pump->to, g_bytes_get_data (bytes, NULL), size, G_PRIORITY_DEFAULT, NULL,
                                   on_written, pump);
  /* write_all keeps a pointer to the data, not a reference */
  g_object_set_data_full (G_OBJECT (pump->to), "ringi-pending", g_steal_pointer (&bytes),
                          (GDestroyNotify) g_bytes_unref);
}

static void
pump_read (Pump *pump)
{
  g_input_stream_read_bytes_async (pump->from, 64 * 1024, G_PRIORITY_DEFAULT, NULL, on_read, pump);
}

static void
pump_start (Link *link,
            GIOStream *from,
            GIOStream *to,
            gboolean down)
{
  Pump *pump = g_new0 (Pump, 1);

  pump->link = link;
  pump->from = g_io_stream_get_input_stream (from);
  pump->to = g_io_stream_get_output_stream (to);
  pump->down = down;
  link->n_pumps++;
  pump_read (pump);
}

static gboolean
on_incoming (GSocketService *service,
             GSocketConnection *connection,
             GObject *source_object,
             gpointer user_data)
{
  Proxy *proxy = user_data;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) upstream = NULL;
  Link *link;

  /* The server is down: the client sees the connection closed. */
  upstream = g_socket_client_connect_to_host (client, "127.0.0.1", proxy->upstream_port, NULL, NULL);
  if (upstream == NULL)
    {
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      return TRUE;
    }

  link = g_new0 (Link, 1);
  link->proxy = proxy;
  proxy->n_links++;
  link->client = g_object_ref (G_IO_STREAM (connection));
  link->upstream = G_IO_STREAM (g_steal_pointer (&upstream));
  pump_start (link, link->client, link->upstream, FALSE);
  pump_start (link, link->upstream, link->client, TRUE);
  return TRUE;
}

static Proxy *
proxy_new (guint16 upstream_port)
{
  g_autoptr(GError) error = NULL;
  Proxy *proxy = g_new0 (Proxy, 1);

  proxy->upstream_port = upstream_port;
  proxy->service = g_socket_service_new ();
  proxy->port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (proxy->service), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (proxy->service, "incoming", G_CALLBACK (on_incoming), proxy);
  g_socket_service_start (proxy->service);
  return proxy;
}

/* Once the server and the clients are gone: their connections end, and
 * with them every link. */
static void
proxy_free (Proxy *proxy)
{
  g_socket_service_stop (proxy->service);
  g_socket_listener_close (G_SOCKET_LISTENER (proxy->service));
  while (proxy->n_links > 0)
    g_main_context_iteration (NULL, TRUE);
  g_object_unref (proxy->service);
  g_free (proxy);
}

/* People */

typedef struct
{
  char *dir;
  RingiProfile *profile;
  RingiSync *sync;
} Person;

typedef struct
{
  char *dir;
  char *data;
  char *ca_file;
  char *url; /* the proxy's */
  GHashTable *codes;
  RingiTestServer *server;
  Proxy *proxy;
  GHashTable *people;
  guint n_documents;
} Fixture;

static const char *const logins[] = { "suzuki", "sato", "tanaka" };

static void
person_free (Person *person)
{
  ringi_sync_stop (person->sync);
  g_assert_finalize_object (person->sync);
  ringi_keyring_kill_agent (ringi_profile_get_keyring (person->profile));
  g_assert_finalize_object (person->profile);
  g_free (person->dir);
  g_free (person);
}

static void
start_server (Fixture *f)
{
  f->server = ringi_test_server_start (f->data);
  f->proxy->upstream_port = ringi_test_server_get_port (f->server);
}

static void
fixture_setup (Fixture *f,
               gconstpointer data)
{
  g_autoptr(RingiTestRun) route = NULL;

  f->dir = ringi_test_make_tmpdir ("rflt");
  f->data = g_build_filename (f->dir, "data", NULL);
  f->ca_file = g_build_filename (f->data, "tls", "ca.pem", NULL);
  f->codes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  f->people = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) person_free);
  ringi_test_server_init_copy (f->data);
  for (guint i = 0; i < G_N_ELEMENTS (logins); i++)
    g_hash_table_insert (f->codes, (gpointer) logins[i], ringi_test_server_add_user (f->data, logins[i], NULL));
  route = ringi_test_server_run ("route", "add", "--data", f->data, "--category", "purchase", "--route", ROUTE, NULL);
  g_assert_cmpint (route->status, ==, 0);

  f->proxy = proxy_new (0);
  f->url = g_strdup_printf ("https://127.0.0.1:%u", f->proxy->port);
  start_server (f);
}

static void
fixture_teardown (Fixture *f,
                  gconstpointer data)
{
  if (f->server != NULL)
    g_assert_cmpint (ringi_test_server_stop (f->server), ==, 0);
  g_clear_pointer (&f->server, ringi_test_server_free);
  g_hash_table_unref (f->people);
  proxy_free (f->proxy);
  g_hash_table_unref (f->codes);
  ringi_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->data);
  g_free (f->ca_file);
  g_free (f->url);
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
  RingiSyncReport local = { 0 };

  g_assert_true (run (person, report ? report : &local, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report ? report->refused : local.refused, ==, 0);
}

/* The person, enrolled through the proxy and synced once */
static Person *
person (Fixture *f,
        const char *login)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *home = NULL;
  Person *p = g_hash_table_lookup (f->people, login);

  if (p != NULL)
    return p;

  p = g_new0 (Person, 1);
  p->dir = g_build_filename (f->dir, login, NULL);
  home = g_build_filename (p->dir, "gnupg", NULL);
  g_assert_cmpint (g_mkdir_with_parents (home, 0700), ==, 0);
  ringi_test_write_fast_agent_conf (home);
  p->profile = ringi_profile_open (p->dir, &error);
  g_assert_no_error (error);
  p->sync = ringi_sync_new (p->profile);
  ringi_sync_set_passphrase_func (p->sync, give_pin, NULL, NULL);
  g_hash_table_insert (f->people, (gpointer) login, p);

  ringi_sync_enroll_async (p->sync, f->url, f->ca_file, login, g_hash_table_lookup (f->codes, login), PIN, NULL,
                           result_cb, &result);
  g_assert_true (ringi_sync_enroll_finish (p->sync, wait_for (&result), &error));
  g_assert_no_error (error);
  run_ok (p, NULL);
  return p;
}

static char *
submit (Fixture *f,
        Person *p)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strdup_printf ("%%PDF-1.4\n%% document %u\n%%%%EOF\n", ++f->n_documents);
  g_autoptr(GBytes) pdf = g_bytes_new (text, strlen (text));
  RingiRequestInfo info = {
    .title = (char *) "コピー用紙の購入",
    .category = (char *) "purchase",
    .amount = 52000,
    .counterparty = (char *) "文具店",
    .transaction_date = (char *) "2026-11-20",
  };
  char *id;

  ringi_sync_submit_async (p->sync, &info, pdf, ROUTE, PIN, NULL, result_cb, &result);
  id = ringi_sync_submit_finish (p->sync, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);
  return id;
}

static void
act_ok (Person *p,
        RingiAction action,
        const char *request_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  RingiActionInput input = { .action = action, .request_id = request_id };

  ringi_sync_act_async (p->sync, &input, PIN, NULL, result_cb, &result);
  g_assert_true (ringi_sync_act_finish (p->sync, wait_for (&result), &error));
  g_assert_no_error (error);
}

/* The databases, read-only */

static sqlite3 *
open_read_only (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  return db;
}

/* The one integer @sql answers */
static gint64
query_int (sqlite3 *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static gint64
count_in (const char *path,
          const char *sql)
{
  sqlite3 *db = open_read_only (path);
  gint64 n = query_int (db, sql);

  sqlite3_close (db);
  return n;
}

static void
assert_integrity (const char *path)
{
  sqlite3 *db = open_read_only (path);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static char *
server_db (Fixture *f)
{
  return g_build_filename (f->data, "server.db", NULL);
}

static char *
profile_db (Person *p)
{
  return g_build_filename (p->dir, "profile.db", NULL);
}

/* Stamps that appear more than once on a request: none, ever. */
#define DUPLICATES "SELECT count (*) FROM (SELECT 1 FROM stamps GROUP BY request_id, record HAVING count (*) > 1)"

/* The server stops, every client stops; then both sides are checked
 * with nothing writing. */
static void
stop_and_check_integrity (Fixture *f)
{
  g_autofree char *server = server_db (f);
  GHashTableIter iter;
  gpointer value;

  g_assert_cmpint (ringi_test_server_stop (f->server), ==, 0);
  g_clear_pointer (&f->server, ringi_test_server_free);
  assert_integrity (server);
  g_assert_cmpint (count_in (server, DUPLICATES), ==, 0);

  g_hash_table_iter_init (&iter, f->people);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Person *p = value;
      g_autofree char *path = profile_db (p);

      ringi_sync_stop (p->sync);
      assert_integrity (path);
      g_assert_cmpint (count_in (path, DUPLICATES), ==, 0);
      g_assert_cmpint (count_in (path, "SELECT count (*) FROM outbox WHERE state != 'sent'"), ==, 0);
      g_assert_cmpint (count_in (path, "SELECT count (*) FROM pending_stamps"), ==, 0);
    }
}

/* SIGKILL in the middle of a batch */

typedef struct
{
  Fixture *f;
  char *db;
  gint64 applied_at_kill;
  gboolean killed;
} Killer;

/* Polls the server's database (WAL: a reader never blocks it) and kills
 * the server once part of the batch is stored. */
static gboolean
kill_when_half_done (gpointer user_data)
{
  Killer *killer = user_data;
  sqlite3 *db;
  gint64 stored;

  if (!g_file_test (killer->db, G_FILE_TEST_EXISTS))
    return G_SOURCE_CONTINUE;

  db = open_read_only (killer->db);
  stored = query_int (db, "SELECT count (*) FROM stamps");
  sqlite3_close (db);
  if (stored < 60)
    return G_SOURCE_CONTINUE;

  ringi_test_server_kill (killer->f->server);
  killer->applied_at_kill = stored;
  killer->killed = TRUE;
  return G_SOURCE_REMOVE;
}

static void
test_kill_during_batch (Fixture *f,
                        gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *server = server_db (f);
  g_autofree char *local = NULL;
  Person *suzuki = person (f, "suzuki");
  Killer killer = { f, server_db (f), 0, FALSE };
  RingiSyncReport report = { 0 };

  for (guint i = 0; i < 200; i++)
    g_free (submit (f, suzuki));
  g_assert_cmpuint (ringi_sync_get_n_waiting (suzuki->sync), ==, 200);

  g_timeout_add (5, kill_when_half_done, &killer);
  g_assert_false (run (suzuki, NULL, &error));
  g_assert_nonnull (error);
  g_test_message ("The push failed with: %s", error->message);
  g_clear_error (&error);
  /* The answer may fail before the kill: let the poll finish its work. */
  while (!killer.killed)
    g_main_context_iteration (NULL, TRUE);
  g_clear_pointer (&f->server, ringi_test_server_free);
  g_test_message ("Killed with %" G_GINT64_FORMAT " of 200 stamps stored", killer.applied_at_kill);
  g_assert_cmpint (killer.applied_at_kill, <, 200);
  g_assert_cmpuint (ringi_sync_get_n_waiting (suzuki->sync), >, 0);

  /* What the killed server committed is whole. */
  assert_integrity (server);

  start_server (f);
  run_ok (suzuki, &report);
  g_assert_cmpuint (ringi_sync_get_n_waiting (suzuki->sync), ==, 0);
  run_ok (person (f, "sato"), NULL);

  stop_and_check_integrity (f);
  g_assert_cmpint (count_in (server, "SELECT count (*) FROM stamps"), ==, 200);
  g_assert_cmpint (count_in (server, "SELECT count (*) FROM requests"), ==, 200);
  g_assert_cmpint (count_in (server, "SELECT count (*) FROM ops WHERE login = 'suzuki'"), ==, 200);
  g_assert_cmpint (count_in (server, "SELECT count (*) FROM receipts"), ==, 200);
  for (guint i = 0; i < 2; i++)
    {
      Person *p = person (f, i == 0 ? "suzuki" : "sato");

      g_free (local);
      local = profile_db (p);
      g_assert_cmpint (count_in (local, "SELECT count (*) FROM stamps"), ==, 200);
      g_assert_cmpint (count_in (local, "SELECT count (*) FROM requests"), ==, 200);
      g_assert_cmpint (count_in (local, "SELECT count (*) FROM receipts"), ==, 200);
    }
  g_free (killer.db);
}

/* The connection cut in the middle of an answer */

static void
test_cut_mid_response (Fixture *f,
                       gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *server = server_db (f);
  g_autofree char *local = NULL;
  Person *suzuki = person (f, "suzuki");
  Person *sato = person (f, "sato");
  RingiSyncReport report = { 0 };

  for (guint i = 0; i < 60; i++)
    g_free (submit (f, suzuki));

  /* The answer to the batch (50 results with receipts, some 60 KB) is
   * cut in the middle: the server applied the ops, the client never
   * heard of it. */
  f->proxy->cut_at_read = 4096;
  g_assert_false (run (suzuki, NULL, &error));
  g_assert_nonnull (error);
  g_test_message ("The push was cut after %" G_GUINT64_FORMAT " bytes and failed with: %s", f->proxy->cut_at,
                  error->message);
  g_assert_error (error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_NETWORK);
  g_clear_error (&error);
  g_assert_cmpuint (f->proxy->n_cuts, ==, 1);
  g_assert_cmpuint (ringi_sync_get_n_waiting (suzuki->sync), ==, 60);
  g_assert_cmpint (count_in (server, "SELECT count (*) FROM stamps"), ==, 50);

  run_ok (suzuki, &report);
  g_assert_cmpuint (ringi_sync_get_n_waiting (suzuki->sync), ==, 0);

  /* Sato's pull of all of it (some 180 KB) is cut in the middle: no half
   * page is applied, and the next pull brings everything, once. 16 KB:
   * more than the directory's answer, which comes first. */
  f->proxy->cut_at_read = 16384;
  g_assert_false (run (sato, NULL, &error));
  g_assert_nonnull (error);
  g_test_message ("The pull was cut after %" G_GUINT64_FORMAT " bytes and failed with: %s", f->proxy->cut_at,
                  error->message);
  g_assert_error (error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_NETWORK);
  g_clear_error (&error);
  g_assert_cmpuint (f->proxy->n_cuts, ==, 2);
  local = profile_db (sato);
  g_assert_cmpint (count_in (local, "SELECT count (*) FROM stamps"), ==, 0);
  run_ok (sato, NULL);

  stop_and_check_integrity (f);
  g_assert_cmpint (count_in (server, "SELECT count (*) FROM stamps"), ==, 60);
  g_assert_cmpint (count_in (server, "SELECT count (*) FROM ops WHERE login = 'suzuki'"), ==, 60);
  g_assert_cmpint (count_in (local, "SELECT count (*) FROM stamps"), ==, 60);
  g_assert_cmpint (count_in (local, "SELECT count (*) FROM requests"), ==, 60);
}

/* A day offline */

static void
test_offline_day (Fixture *f,
                  gconstpointer data)
{
  g_autofree char *server = server_db (f);
  g_autoptr(GPtrArray) morning = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) offline = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  Person *suzuki = person (f, "suzuki");
  Person *sato = person (f, "sato");
  Person *tanaka = person (f, "tanaka");
  RingiSyncReport report = { 0 };

  for (guint i = 0; i < 10; i++)
    g_ptr_array_add (morning, submit (f, suzuki));
  run_ok (suzuki, NULL);
  run_ok (sato, NULL);

  /* The server is down for the day; everybody keeps working. */
  g_assert_cmpint (ringi_test_server_stop (f->server), ==, 0);
  g_clear_pointer (&f->server, ringi_test_server_free);

  for (guint i = 0; i < morning->len; i++)
    act_ok (sato, RINGI_ACTION_APPROVE, morning->pdata[i]);
  for (guint i = 0; i < 20; i++)
    g_ptr_array_add (offline, submit (f, suzuki));
  for (guint i = 0; i < 5; i++)
    act_ok (suzuki, RINGI_ACTION_WITHDRAW, offline->pdata[i]);

  g_assert_false (run (sato, NULL, &error));
  g_assert_error (error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_NETWORK);
  g_clear_error (&error);
  g_assert_cmpuint (ringi_sync_get_n_waiting (sato->sync), ==, 10);
  g_assert_cmpuint (ringi_sync_get_n_waiting (suzuki->sync), ==, 25);

  /* Back the next morning: each catches up. */
  start_server (f);
  run_ok (suzuki, &report);
  g_assert_cmpuint (report.pushed, ==, 25);
  run_ok (sato, &report);
  g_assert_cmpuint (report.pushed, ==, 10);
  run_ok (tanaka, NULL);
  run_ok (suzuki, NULL);

  for (guint i = 0; i < morning->len; i++)
    {
      g_autoptr(RingiRequestSummary) summary = ringi_sync_summarize (tanaka->sync, morning->pdata[i], &error);

      g_assert_no_error (error);
      g_assert_true (g_strv_contains ((const char *const *) summary->actions, "approve"));
    }

  stop_and_check_integrity (f);
  /* 10 submits, 10 approvals, 20 submits, 5 withdrawals */
  g_assert_cmpint (count_in (server, "SELECT count (*) FROM stamps"), ==, 45);
  for (guint i = 0; i < G_N_ELEMENTS (logins); i++)
    {
      g_autofree char *local = profile_db (person (f, logins[i]));

      g_assert_cmpint (count_in (local, "SELECT count (*) FROM stamps"), ==, 45);
      g_assert_cmpint (count_in (local, "SELECT count (*) FROM requests"), ==, 30);
    }
}

int
main (int argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/ringi/faults/kill-during-batch", test_kill_during_batch);
  ADD ("/ringi/faults/cut-mid-response", test_cut_mid_response);
  ADD ("/ringi/faults/offline-day", test_offline_day);
#undef ADD

  status = g_test_run ();
  ringi_test_server_remove_template ();
  return status;
}
