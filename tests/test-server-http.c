/* test-server-http.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-server-http"

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>

#include "ringi-server-data-dir.h"
#include "ringi-test-server.h"
#include "ringi-test-utils.h"

/* The real `ringi-server serve` on 127.0.0.1 with a port the kernel
 * picks, spoken to over real TLS by clients that pin the server's CA. */

typedef struct
{
  char *dir;
  char *data;
  char *ca;
  RingiTestServer *server;
  SoupSession *session;
} Fixture;

static SoupSession *
new_session (const char *ca_path)
{
  SoupSession *session = soup_session_new ();
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) error = NULL;

  if (ca_path == NULL)
    return session;

  /* Only this CA: the system's authorities play no part. */
  database = g_tls_file_database_new (ca_path, &error);
  g_assert_no_error (error);
  soup_session_set_tls_database (session, database);
  return session;
}

static void
fixture_setup (Fixture *f,
               gconstpointer data)
{
  f->dir = ringi_test_make_tmpdir ("ringi-http");
  f->data = g_build_filename (f->dir, "data", NULL);
  f->ca = g_build_filename (f->data, "tls", "ca.pem", NULL);
  ringi_test_server_init_copy (f->data);
  f->server = ringi_test_server_start (f->data);
  f->session = new_session (f->ca);
}

static void
fixture_teardown (Fixture *f,
                  gconstpointer data)
{
  g_clear_object (&f->session);
  g_clear_pointer (&f->server, ringi_test_server_free);
  ringi_test_remove_tree (f->dir);
  g_free (f->ca);
  g_free (f->data);
  g_free (f->dir);
}

typedef struct
{
  gboolean done;
  GBytes *body;
  GError *error;
} Reply;

static void
on_reply (GObject *object,
          GAsyncResult *result,
          gpointer user_data)
{
  Reply *reply = user_data;

  reply->body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &reply->error);
  reply->done = TRUE;
}

/* Sends @msg and spins the main context until the answer is in. */
static GBytes *
send_message (SoupSession *session,
              SoupMessage *msg,
              GError **error)
{
  Reply reply = { FALSE, NULL, NULL };

  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, on_reply, &reply);
  ringi_test_wait_for_flag (&reply.done);
  if (reply.error != NULL)
    g_propagate_error (error, reply.error);
  return reply.body;
}

static SoupMessage *
new_message (Fixture *f,
             const char *method,
             const char *path,
             const char *body)
{
  g_autofree char *url = g_strconcat (ringi_test_server_get_url (f->server), path, NULL);
  SoupMessage *msg = soup_message_new (method, url);

  g_assert_nonnull (msg);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  return msg;
}

/* Sends a request and returns its JSON answer, checking the status. */
static JsonObject *
call (Fixture *f,
      const char *method,
      const char *path,
      const char *body,
      guint status)
{
  g_autoptr(SoupMessage) msg = new_message (f, method, path, body);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) answer = send_message (f->session, msg, &error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *type;

  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, status);
  type = soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL);
  g_assert_cmpstr (type, ==, "application/json");

  json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL), g_bytes_get_size (answer), &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* Checks the error form: {"error": {"code": …, "message": …}} and nothing else. */
static void
assert_error (JsonObject *answer,
              const char *code)
{
  JsonObject *error;

  g_assert_cmpuint (json_object_get_size (answer), ==, 1);
  error = json_object_get_object_member (answer, "error");
  g_assert_nonnull (error);
  g_assert_cmpuint (json_object_get_size (error), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, code);
  g_assert_cmpuint (strlen (json_object_get_string_member (error, "message")), >, 0);
}

static void
test_health (Fixture *f,
             gconstpointer data)
{
  g_autoptr(JsonObject) answer = call (f, "GET", "/api/v1/health", NULL, SOUP_STATUS_OK);

  g_assert_cmpstr (json_object_get_string_member (answer, "status"), ==, "ok");
  g_assert_cmpstr (json_object_get_string_member (answer, "version"), ==, PACKAGE_VERSION);
}

static void
assert_untrusted (Fixture *f,
                  SoupSession *session)
{
  g_autoptr(SoupMessage) msg = new_message (f, "GET", "/api/v1/health", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) answer = send_message (session, msg, &error);

  g_assert_null (answer);
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
}

static void
test_untrusted (Fixture *f,
                gconstpointer data)
{
  g_autofree char *other_data = g_build_filename (f->dir, "other", NULL);
  g_autofree char *other_ca = g_build_filename (other_data, "tls", "ca.pem", NULL);
  g_autoptr(SoupSession) system_trust = new_session (NULL);
  g_autoptr(SoupSession) other_trust = NULL;

  /* Neither the system's authorities nor another server's CA vouch for
   * this server: the client refuses the connection. */
  assert_untrusted (f, system_trust);
  ringi_test_server_init (other_data, NULL);
  other_trust = new_session (other_ca);
  assert_untrusted (f, other_trust);
}

static void
test_not_found (Fixture *f,
                gconstpointer data)
{
  g_autoptr(JsonObject) api = call (f, "GET", "/api/v1/nothing-here", NULL, SOUP_STATUS_NOT_FOUND);
  g_autoptr(JsonObject) outside = call (f, "GET", "/index.html", NULL, SOUP_STATUS_NOT_FOUND);
  g_autoptr(JsonObject) below = call (f, "GET", "/api/v1/health/more", NULL, SOUP_STATUS_NOT_FOUND);

  assert_error (api, "not-found");
  assert_error (outside, "not-found");
  assert_error (below, "not-found");
}

static void
test_method_not_allowed (Fixture *f,
                         gconstpointer data)
{
  g_autoptr(SoupMessage) msg = new_message (f, "DELETE", "/api/v1/health", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) answer = send_message (f->session, msg, &error);
  g_autoptr(JsonObject) post = call (f, "POST", "/api/v1/health", "{}", SOUP_STATUS_METHOD_NOT_ALLOWED);

  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_METHOD_NOT_ALLOWED);
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (msg), "Allow"), ==, "GET");
  assert_error (post, "method-not-allowed");
}

typedef struct
{
  const char *body;
  const char *code;
} BadBodyCase;

static const BadBodyCase bad_bodies[] = {
  { "{\"login\": \"tanaka\"", "malformed-json" },
  { "not json at all", "malformed-json" },
  { "", "malformed-json" },
  { "[\"tanaka\"]", "invalid-request" },
  { "{\"login\": 42}", "invalid-request" },
  { "{\"login\": \"\"}", "invalid-request" },
  { "{}", "invalid-request" },
};

static void
test_malformed_json (Fixture *f,
                     gconstpointer data)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_bodies); i++)
    {
      g_autoptr(JsonObject) answer = call (f, "POST", "/api/v1/login/nonce", bad_bodies[i].body,
                                            SOUP_STATUS_BAD_REQUEST);
      assert_error (answer, bad_bodies[i].code);
    }
}

static void
test_login_nonce (Fixture *f,
                  gconstpointer data)
{
  g_autoptr(JsonObject) first = call (f, "POST", "/api/v1/login/nonce", "{\"login\": \"tanaka\"}", SOUP_STATUS_OK);
  g_autoptr(JsonObject) second = call (f, "POST", "/api/v1/login/nonce", "{\"login\": \"nobody\"}", SOUP_STATUS_OK);
  g_autoptr(GDateTime) expiry = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(RingiServerStorage) storage = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guchar *raw = NULL;
  const char *nonce = json_object_get_string_member (first, "nonce");
  gsize length = 0;

  /* 32 random bytes in base64, different each time, for two minutes;
   * an unknown login gets one too, so the answer tells nothing. */
  raw = g_base64_decode (nonce, &length);
  g_assert_cmpuint (length, ==, 32);
  g_assert_cmpstr (nonce, !=, json_object_get_string_member (second, "nonce"));
  expiry = g_date_time_new_from_iso8601 (json_object_get_string_member (first, "expires_at"), NULL);
  g_assert_nonnull (expiry);
  g_assert_cmpint (g_date_time_difference (expiry, now) / G_TIME_SPAN_SECOND, >=, 110);
  g_assert_cmpint (g_date_time_difference (expiry, now) / G_TIME_SPAN_SECOND, <=, 120);

  g_assert_cmpint (ringi_test_server_stop (f->server), ==, 0);
  storage = ringi_server_data_dir_open_storage (f->data, &error);
  g_assert_no_error (error);
  g_assert_true (ringi_server_storage_take_login_nonce (storage, nonce, "tanaka", g_date_time_to_unix (now), &error));
  g_assert_no_error (error);
}

static GPtrArray *
parse_log (const char *log)
{
  g_auto(GStrv) lines = g_strsplit (log, "\n", -1);
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;

      if (*lines[i] == '\0')
        continue;

      /* Every line of the log is one JSON object. */
      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
      g_ptr_array_add (entries, json_object_ref (json_node_get_object (json_parser_get_root (parser))));
    }

  return entries;
}

static void
test_request_log (Fixture *f,
                  gconstpointer data)
{
  g_autoptr(SoupMessage) msg = new_message (f, "POST", "/api/v1/login/nonce?token=QUERY-SECRET",
                                             "{\"login\": \"tanaka\", \"note\": \"BODY-SECRET\"}");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(JsonObject) missing = call (f, "GET", "/api/v1/nothing-here", NULL, SOUP_STATUS_NOT_FOUND);
  const char *log;
  JsonObject *entry;

  soup_message_headers_append (soup_message_get_request_headers (msg), "Authorization", "Bearer HEADER-SECRET");
  answer = send_message (f->session, msg, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);

  g_assert_cmpint (ringi_test_server_stop (f->server), ==, 0);
  log = ringi_test_server_get_log (f->server);
  g_assert_null (strstr (log, "SECRET"));
  g_assert_null (strstr (log, "tanaka"));

  entries = parse_log (log);
  g_assert_cmpuint (entries->len, ==, 4);
  entry = g_ptr_array_index (entries, 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "method"), ==, "GET");
  g_assert_cmpstr (json_object_get_string_member (entry, "path"), ==, "/api/v1/nothing-here");
  g_assert_cmpint (json_object_get_int_member (entry, "status"), ==, 404);
  entry = g_ptr_array_index (entries, 1);
  g_assert_cmpstr (json_object_get_string_member (entry, "method"), ==, "POST");
  g_assert_cmpstr (json_object_get_string_member (entry, "path"), ==, "/api/v1/login/nonce");
  g_assert_cmpint (json_object_get_int_member (entry, "status"), ==, 200);
  g_assert_cmpint (json_object_get_int_member (entry, "duration_ms"), >=, 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "remote"), ==, "127.0.0.1");
  g_assert_nonnull (json_object_get_string_member (entry, "time"));
  g_assert_false (json_object_has_member (entry, "user"));
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (entries, 2), "event"), ==, "stopping");
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (entries, 3), "event"), ==, "stopped");
}

static void
test_sigterm (Fixture *f,
              gconstpointer data)
{
  g_autoptr(JsonObject) answer = call (f, "POST", "/api/v1/login/nonce", "{\"login\": \"tanaka\"}", SOUP_STATUS_OK);
  g_autofree char *wal = g_build_filename (f->data, "server.db-wal", NULL);
  g_autoptr(RingiServerStorage) storage = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_cmpint (ringi_test_server_stop (f->server), ==, 0);

  /* Closed cleanly: the last connection checkpoints and removes the WAL. */
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  storage = ringi_server_data_dir_open_storage (f->data, &error);
  g_assert_no_error (error);
  g_assert_true (ringi_server_storage_check_integrity (storage, &error));
  g_assert_no_error (error);
}

static void
test_sigterm_waits_for_requests (Fixture *f,
                                 gconstpointer data)
{
  const char *body = "{\"login\": \"tanaka\"}";
  g_autofree char *head = g_strdup_printf ("POST /api/v1/login/nonce HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                           "Content-Type: application/json\r\nContent-Length: %zu\r\n"
                                           "Expect: 100-continue\r\n\r\n",
                                           strlen (body));
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOStream) stream = ringi_test_server_connect_tls (f->server, f->ca, &error);
  g_autoptr(GIOStream) refused = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  g_autoptr(GString) headers = g_string_new (NULL);
  g_autofree char *continued = NULL;
  g_autofree char *status = NULL;
  char answer[1024] = { 0 };
  gsize length = 0;

  g_assert_no_error (error);
  in = g_data_input_stream_new (g_io_stream_get_input_stream (stream));
  g_data_input_stream_set_newline_type (in, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);

  /* "100 Continue" proves the server has read the headers: the request
   * is in flight, its body still to come. */
  ringi_test_write_text (stream, head);
  continued = ringi_test_read_head (in, headers);
  g_assert_cmpstr (continued, ==, "HTTP/1.1 100 Continue");

  ringi_test_server_send_signal (f->server, SIGTERM);
  ringi_test_server_wait_for_log (f->server, "waiting for 1 request(s)");

  /* No new connection is taken any more... */
  refused = ringi_test_server_connect_tls (f->server, f->ca, &error);
  g_assert_null (refused);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);

  /* ...but the request in flight is answered, and its connection closed. */
  ringi_test_write_text (stream, body);
  g_string_truncate (headers, 0);
  status = ringi_test_read_head (in, headers);
  g_assert_cmpstr (status, ==, "HTTP/1.1 200 OK");
  ringi_test_assert_contains (headers->str, "Connection: close");
  g_input_stream_read_all (G_INPUT_STREAM (in), answer, sizeof answer - 1, &length, NULL, NULL);
  ringi_test_assert_contains (answer, "\"nonce\"");

  g_assert_cmpint (ringi_test_server_wait (f->server), ==, 0);
}

/* openssl s_client, willing to speak old versions, tries the server. */
static int
try_tls_version (Fixture *f,
                 const char *version)
{
  g_autofree char *address = g_strdup_printf ("127.0.0.1:%u", ringi_test_server_get_port (f->server));
  g_autoptr(GBytes) nothing = g_bytes_new (NULL, 0);
  g_autoptr(GSubprocess) client = NULL;
  g_autoptr(GError) error = NULL;

  client = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                               G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                             &error, "openssl", "s_client", "-connect", address, version,
                             "-cipher", "DEFAULT@SECLEVEL=0", "-CAfile", f->ca, "-verify_return_error", NULL);
  g_assert_no_error (error);
  /* An empty stdin: the client ends once the handshake is over. */
  g_subprocess_communicate (client, nothing, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (client);
}

static void
test_tls_versions (Fixture *f,
                   gconstpointer data)
{
  g_assert_cmpint (try_tls_version (f, "-tls1"), !=, 0);
  g_assert_cmpint (try_tls_version (f, "-tls1_1"), !=, 0);
  g_assert_cmpint (try_tls_version (f, "-tls1_2"), ==, 0);
  g_assert_cmpint (try_tls_version (f, "-tls1_3"), ==, 0);
}

int
main (int argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/ringi/server/http/health", test_health);
  ADD ("/ringi/server/http/untrusted", test_untrusted);
  ADD ("/ringi/server/http/not-found", test_not_found);
  ADD ("/ringi/server/http/method-not-allowed", test_method_not_allowed);
  ADD ("/ringi/server/http/malformed-json", test_malformed_json);
  ADD ("/ringi/server/http/login-nonce", test_login_nonce);
  ADD ("/ringi/server/http/request-log", test_request_log);
  ADD ("/ringi/server/http/sigterm", test_sigterm);
  ADD ("/ringi/server/http/sigterm-waits-for-requests", test_sigterm_waits_for_requests);
  ADD ("/ringi/server/http/tls-versions", test_tls_versions);

#undef ADD

  status = g_test_run ();
  ringi_test_server_remove_template ();
  return status;
}
