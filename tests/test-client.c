/* test-client.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-client"

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "ringi-client.h"
#include "ringi-test-tls.h"
#include "ringi-test-utils.h"

#define PIN "8642"

/* Certificates made once per run (ringi-test-tls.c) */
static RingiTestCerts *certs;

/* One seal key for the sign-in tests, made on first use */
typedef struct
{
  char *home;
  RingiKeyring *keyring;
  char *fingerprint;
} SharedKey;

static SharedKey shared;

static const RingiTestCerts *
certificates (void)
{
  if (certs == NULL)
    certs = ringi_test_certs_new ();
  return certs;
}

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

  shared.home = ringi_test_make_tmpdir ("rc-key");
  ringi_test_write_fast_agent_conf (shared.home);
  shared.keyring = ringi_keyring_new (shared.home, &error);
  g_assert_no_error (error);
  ringi_keyring_generate_key_async (shared.keyring, "sato", "佐藤 花子", PIN, NULL, generated_cb, &done);
  ringi_test_wait_for_flag (&done);
  return &shared;
}

static void
cleanup_shared (void)
{
  if (shared.keyring != NULL)
    ringi_keyring_kill_agent (shared.keyring);
  g_clear_object (&shared.keyring);
  if (shared.home != NULL)
    ringi_test_remove_tree (shared.home);
  g_clear_pointer (&shared.home, g_free);
  g_clear_pointer (&shared.fingerprint, g_free);

  g_clear_pointer (&certs, ringi_test_certs_free);
}

/* A stand-in for ringi-server: a few endpoints of docs/api.md, enough to
 * exercise the client's side of them. */
typedef struct
{
  SoupServer *server;
  char *url;
  char *valid_token;
  char *nonce;
  guint n_logins;
  guint n_requests;
  gboolean wrong_blob;
  SoupWebsocketConnection *events;
} Fixture;

static void
reply_json (SoupServerMessage *msg,
            guint status,
            const char *json)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, json, strlen (json));
}

static void
reply_error (SoupServerMessage *msg,
             guint status,
             const char *code,
             const char *message)
{
  g_autofree char *json = g_strdup_printf ("{\"error\": {\"code\": \"%s\", \"message\": \"%s\"}}", code, message);

  reply_json (msg, status, json);
}

static JsonObject *
request_object (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, body->data, body->length, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static gboolean
authorized (Fixture *f,
            SoupServerMessage *msg)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");
  g_autofree char *expected = g_strconcat ("Bearer ", f->valid_token ? f->valid_token : "-", NULL);

  if (g_strcmp0 (header, expected) == 0)
    return TRUE;

  reply_error (msg, SOUP_STATUS_UNAUTHORIZED, "unauthenticated", "token expired");
  return FALSE;
}

static void
handle_health (SoupServer *server,
               SoupServerMessage *msg,
               const char *path,
               GHashTable *query,
               gpointer user_data)
{
  Fixture *f = user_data;

  f->n_requests++;
  reply_json (msg, SOUP_STATUS_OK, "{\"status\": \"ok\", \"version\": \"0.1.0\"}");
}

static void
handle_nonce (SoupServer *server,
              SoupServerMessage *msg,
              const char *path,
              GHashTable *query,
              gpointer user_data)
{
  Fixture *f = user_data;
  g_autoptr(JsonObject) request = request_object (msg);
  g_autofree char *json = NULL;

  g_assert_cmpstr (json_object_get_string_member (request, "login"), ==, "sato");
  g_free (f->nonce);
  f->nonce = g_strdup_printf ("bm9uY2Ut%u", g_random_int ());
  json = g_strdup_printf ("{\"nonce\": \"%s\", \"expires_at\": \"2099-01-01T00:00:00Z\"}", f->nonce);
  reply_json (msg, SOUP_STATUS_OK, json);
}

/* The signature must be the bound key's, over the nonce's exact text. */
static void
handle_login (SoupServer *server,
              SoupServerMessage *msg,
              const char *path,
              GHashTable *query,
              gpointer user_data)
{
  Fixture *f = user_data;
  g_autoptr(JsonObject) request = request_object (msg);
  g_autoptr(GBytes) nonce = g_bytes_new (f->nonce, strlen (f->nonce));
  const char *text = json_object_get_string_member (request, "signature");
  g_autoptr(GBytes) signature = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;
  g_autofree char *signer = NULL;
  g_autofree char *json = NULL;

  g_assert_cmpstr (json_object_get_string_member (request, "nonce"), ==, f->nonce);
  ringi_keyring_verify_detached (shared.keyring, nonce, signature, &signer, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (signer, ==, shared.fingerprint);

  f->n_logins++;
  g_free (f->valid_token);
  f->valid_token = g_strdup_printf ("token-%u", f->n_logins);
  json = g_strdup_printf ("{\"token\": \"%s\", \"expires_at\": \"2099-01-01T00:00:00Z\"}", f->valid_token);
  reply_json (msg, SOUP_STATUS_OK, json);
}

static void
handle_directory (SoupServer *server,
                  SoupServerMessage *msg,
                  const char *path,
                  GHashTable *query,
                  gpointer user_data)
{
  Fixture *f = user_data;

  if (authorized (f, msg))
    reply_json (msg, SOUP_STATUS_OK, "{\"users\": [], \"route_templates\": []}");
}

static void
handle_ops (SoupServer *server,
            SoupServerMessage *msg,
            const char *path,
            GHashTable *query,
            gpointer user_data)
{
  Fixture *f = user_data;

  if (authorized (f, msg))
    reply_error (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "malformed-op", "the op has no type");
}

static void
handle_blobs (SoupServer *server,
              SoupServerMessage *msg,
              const char *path,
              GHashTable *query,
              gpointer user_data)
{
  Fixture *f = user_data;
  static const char blob[] = "%PDF-1.4 stand-in";
  static const char other[] = "%PDF-1.4 another";
  const char *body = f->wrong_blob ? other : blob;

  if (!authorized (f, msg))
    return;

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/octet-stream", SOUP_MEMORY_STATIC, body, strlen (body));
}

static void
handle_redirect (SoupServer *server,
                 SoupServerMessage *msg,
                 const char *path,
                 GHashTable *query,
                 gpointer user_data)
{
  soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, "http://ringi.invalid/api/v1/changes");
}

static void
handle_events (SoupServer *server,
               SoupServerMessage *msg,
               const char *path,
               SoupWebsocketConnection *connection,
               gpointer user_data)
{
  Fixture *f = user_data;

  f->events = g_object_ref (connection);
  soup_websocket_connection_send_text (connection, "{\"type\": \"changes\", \"seq\": 42}");
}

static void
start_server (Fixture *f,
              gboolean tls)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  GSList *uris;

  if (tls)
    {
      const RingiTestCerts *c = certificates ();

      certificate = g_tls_certificate_new_from_files (c->cert_file, c->key_file, &error);
      g_assert_no_error (error);
    }

  f->server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (f->server, "/api/v1/health", handle_health, f, NULL);
  soup_server_add_handler (f->server, "/api/v1/login/nonce", handle_nonce, f, NULL);
  soup_server_add_handler (f->server, "/api/v1/login", handle_login, f, NULL);
  soup_server_add_handler (f->server, "/api/v1/directory", handle_directory, f, NULL);
  soup_server_add_handler (f->server, "/api/v1/ops", handle_ops, f, NULL);
  soup_server_add_handler (f->server, "/api/v1/blobs", handle_blobs, f, NULL);
  soup_server_add_handler (f->server, "/api/v1/changes", handle_redirect, f, NULL);
  soup_server_add_websocket_handler (f->server, "/api/v1/events", NULL, NULL, handle_events, f, NULL);

  soup_server_listen_local (f->server, 0,
                            SOUP_SERVER_LISTEN_IPV4_ONLY | (tls ? SOUP_SERVER_LISTEN_HTTPS : 0),
                            &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (f->server);
  g_assert_nonnull (uris);
  f->url = g_strdup_printf ("%s://127.0.0.1:%d", tls ? "https" : "http", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

static void
fixture_setup (Fixture *f,
               gconstpointer data)
{
  start_server (f, GPOINTER_TO_INT (data));
}

static void
fixture_teardown (Fixture *f,
                  gconstpointer data)
{
  if (f->events != NULL)
    soup_websocket_connection_close (f->events, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_clear_object (&f->events);
  soup_server_disconnect (f->server);
  g_assert_finalize_object (f->server);
  g_free (f->url);
  g_free (f->valid_token);
  g_free (f->nonce);
}

static RingiClient *
new_client (const char *url,
            const char *ca_file)
{
  g_autoptr(GError) error = NULL;
  RingiClient *client = ringi_client_new (url, ca_file, &error);

  g_assert_no_error (error);
  return client;
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
wait_for_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static gboolean
check_health (RingiClient *client,
              GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ringi_client_health_async (client, NULL, result_cb, &result);
  return ringi_client_health_finish (client, wait_for_result (&result), error);
}

static void
test_pinned_ca (Fixture *f,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiClient) client = new_client (f->url, certificates ()->ca_file);

  g_assert_true (check_health (client, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->n_requests, ==, 1);
}

static void
test_untrusted_without_ca (Fixture *f,
                           gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiClient) client = new_client (f->url, NULL);

  /* The system's authorities do not know the test CA. */
  g_assert_false (check_health (client, &error));
  g_assert_error (error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_TLS);
  g_assert_false (ringi_client_error_is_transient (error));
  g_assert_cmpuint (f->n_requests, ==, 0);
}

static void
test_untrusted_other_ca (Fixture *f,
                         gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiClient) client = new_client (f->url, certificates ()->other_ca_file);

  g_assert_false (check_health (client, &error));
  g_assert_error (error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_TLS);
  g_assert_cmpuint (f->n_requests, ==, 0);
}

static void
test_wrong_host_name (Fixture *f,
                      gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strdup_printf ("https://localhost:%s", strrchr (f->url, ':') + 1);
  g_autoptr(RingiClient) client = new_client (url, certificates ()->ca_file);

  /* The same server, trusted CA, but the certificate names 127.0.0.1
   * only: the name check must fail. */
  g_assert_false (check_health (client, &error));
  g_assert_error (error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_TLS);
  g_assert_cmpuint (f->n_requests, ==, 0);
}

static void
test_http_loopback (Fixture *f,
                    gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiClient) client = new_client (f->url, NULL);

  g_assert_true (g_str_has_prefix (f->url, "http://127.0.0.1:"));
  g_assert_true (check_health (client, &error));
  g_assert_no_error (error);
}

static void
test_http_refused (void)
{
  static const char *const urls[] = {
    "http://ringi.example.jp:8080",
    "http://192.168.1.10",
    "http://127.0.0.1.example.com",
    "HTTP://10.0.0.1/",
  };

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RingiClient) client = ringi_client_new (urls[i], NULL, &error);

      /* Refused while making the client: nothing has connected. */
      g_assert_error (error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_INSECURE);
      g_assert_null (client);
    }
}

static void
test_http_loopback_names (void)
{
  static const char *const urls[] = {
    "http://localhost:8443",
    "http://127.0.0.1:8443/",
    "http://[::1]:8443",
    "https://ringi.example.jp",
  };

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RingiClient) client = ringi_client_new (urls[i], NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (client);
    }
}

static void
test_invalid_url (void)
{
  static const char *const urls[] = {
    "ringi.example.jp",
    "ftp://ringi.example.jp",
    "https://",
    "https://user:secret@ringi.example.jp",
    "https://ringi.example.jp/?x=1",
    "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RingiClient) client = ringi_client_new (urls[i], NULL, &error);

      g_assert_error (error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_INVALID_URL);
      g_assert_null (client);
    }
}

static void
test_bad_ca_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiClient) client = ringi_client_new ("https://127.0.0.1:8443", certificates ()->garbage_file, &error);

  g_assert_error (error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_BAD_CA);
  g_assert_null (client);
  g_clear_error (&error);

  client = ringi_client_new ("https://127.0.0.1:8443", "/nonexistent/ca.pem", &error);
  g_assert_error (error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_BAD_CA);
  g_assert_null (client);
}

static void
test_unreachable (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(RingiClient) client = NULL;
  g_autofree char *url = NULL;
  guint16 port;

  /* A port that was free a moment ago and is closed again: nothing
   * listens there. */
  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);
  url = g_strdup_printf ("https://127.0.0.1:%u", port);

  client = new_client (url, certificates ()->ca_file);
  g_assert_false (check_health (client, &error));
  g_assert_error (error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_NETWORK);
  g_assert_true (ringi_client_error_is_transient (error));
}

static char *
give_pin (gpointer user_data)
{
  guint *n_asked = user_data;

  (*n_asked)++;
  return g_strdup (PIN);
}

static RingiClient *
signed_in_client (Fixture *f,
                  guint *n_asked)
{
  const SharedKey *key = shared_key ();
  RingiClient *client = new_client (f->url, certificates ()->ca_file);

  ringi_client_set_identity (client, key->keyring, "sato", key->fingerprint);
  ringi_client_set_passphrase_func (client, give_pin, n_asked, NULL);
  return client;
}

static void
token_notified_cb (GObject *object,
                   GParamSpec *pspec,
                   gpointer user_data)
{
  guint *n = user_data;

  (*n)++;
}

static void
test_login_on_401 (Fixture *f,
                   gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  guint n_asked = 0;
  guint n_notified = 0;
  g_autoptr(RingiClient) client = signed_in_client (f, &n_asked);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonObject) directory = NULL;

  /* A token kept from yesterday: the server no longer knows it. */
  ringi_client_set_token (client, "yesterday", "2099-01-01T00:00:00Z");
  g_signal_connect (client, "notify::token", G_CALLBACK (token_notified_cb), &n_notified);

  ringi_client_get_directory_async (client, NULL, result_cb, &result);
  directory = ringi_client_get_directory_finish (client, wait_for_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (directory);
  g_assert_true (json_object_has_member (directory, "users"));

  g_assert_cmpuint (f->n_logins, ==, 1);
  g_assert_cmpuint (n_asked, ==, 1);
  g_assert_cmpstr (ringi_client_get_token (client), ==, "token-1");
  g_assert_cmpuint (n_notified, >=, 1);
}

static void
test_login_before_first_call (Fixture *f,
                              gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  guint n_asked = 0;
  g_autoptr(RingiClient) client = signed_in_client (f, &n_asked);
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(JsonObject) a = NULL;
  g_autoptr(JsonObject) b = NULL;

  /* Two calls without a session share one sign-in, one PIN. */
  ringi_client_get_directory_async (client, NULL, result_cb, &first);
  ringi_client_get_directory_async (client, NULL, result_cb, &second);
  a = ringi_client_get_directory_finish (client, wait_for_result (&first), &error);
  g_assert_no_error (error);
  b = ringi_client_get_directory_finish (client, wait_for_result (&second), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->n_logins, ==, 1);
  g_assert_cmpuint (n_asked, ==, 1);
}

static void
test_login_needs_passphrase (Fixture *f,
                             gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  const SharedKey *key = shared_key ();
  g_autoptr(RingiClient) client = new_client (f->url, certificates ()->ca_file);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonObject) directory = NULL;

  ringi_client_set_identity (client, key->keyring, "sato", key->fingerprint);
  ringi_client_get_directory_async (client, NULL, result_cb, &result);
  directory = ringi_client_get_directory_finish (client, wait_for_result (&result), &error);
  g_assert_error (error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_NEEDS_PASSPHRASE);
  g_assert_null (directory);
  g_assert_cmpuint (f->n_logins, ==, 0);
}

static void
test_error_answer (Fixture *f,
                   gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  guint n_asked = 0;
  g_autoptr(RingiClient) client = signed_in_client (f, &n_asked);
  g_autoptr(JsonArray) ops = json_array_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonArray) results = NULL;

  ringi_client_post_ops_async (client, ops, NULL, result_cb, &result);
  results = ringi_client_post_ops_finish (client, wait_for_result (&result), &error);
  g_assert_error (error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_REFUSED);
  g_assert_null (results);
  ringi_test_assert_contains (error->message, "the op has no type");
  g_assert_false (ringi_client_error_is_transient (error));
}

static void
test_blob_hash_checked (Fixture *f,
                        gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  guint n_asked = 0;
  g_autoptr(RingiClient) client = signed_in_client (f, &n_asked);
  g_autofree char *sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "%PDF-1.4 stand-in", -1);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) blob = NULL;

  ringi_client_get_blob_async (client, sha256, NULL, result_cb, &result);
  blob = ringi_client_get_blob_finish (client, wait_for_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (blob), ==, strlen ("%PDF-1.4 stand-in"));

  /* The server (or something between) sends other bytes: refused. */
  f->wrong_blob = TRUE;
  g_clear_object (&result);
  g_clear_pointer (&blob, g_bytes_unref);
  ringi_client_get_blob_async (client, sha256, NULL, result_cb, &result);
  blob = ringi_client_get_blob_finish (client, wait_for_result (&result), &error);
  g_assert_error (error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_PROTOCOL);
  g_assert_null (blob);
}

static void
test_redirect_not_followed (Fixture *f,
                            gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  guint n_asked = 0;
  g_autoptr(RingiClient) client = signed_in_client (f, &n_asked);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonObject) changes = NULL;

  ringi_client_set_token (client, "token-0", NULL);
  ringi_client_get_changes_async (client, 0, 0, NULL, result_cb, &result);
  changes = ringi_client_get_changes_finish (client, wait_for_result (&result), &error);
  g_assert_error (error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_PROTOCOL);
  g_assert_null (changes);
}

static void
hinted_cb (RingiClient *client,
           guint64 seq,
           gpointer user_data)
{
  guint64 *out = user_data;

  *out = seq;
}

static void
test_events_hint (Fixture *f,
                  gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  guint n_asked = 0;
  g_autoptr(RingiClient) client = signed_in_client (f, &n_asked);
  g_autoptr(GAsyncResult) result = NULL;
  guint64 seq = 0;

  g_signal_connect (client, "changes-hinted", G_CALLBACK (hinted_cb), &seq);
  ringi_client_connect_events_async (client, NULL, result_cb, &result);
  g_assert_true (ringi_client_connect_events_finish (client, wait_for_result (&result), &error));
  g_assert_no_error (error);

  while (seq == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (seq, ==, 42);
  ringi_client_disconnect_events (client);
}

int
main (int argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ringi/client/url/http-refused", test_http_refused);
  g_test_add_func ("/ringi/client/url/loopback-and-https", test_http_loopback_names);
  g_test_add_func ("/ringi/client/url/invalid", test_invalid_url);
  g_test_add_func ("/ringi/client/tls/bad-ca-file", test_bad_ca_file);
  g_test_add_func ("/ringi/client/network/unreachable", test_unreachable);

#define ADD_TLS(path, func)  g_test_add (path, Fixture, GINT_TO_POINTER (TRUE), fixture_setup, func, fixture_teardown)
#define ADD_HTTP(path, func) g_test_add (path, Fixture, GINT_TO_POINTER (FALSE), fixture_setup, func, fixture_teardown)
  ADD_TLS ("/ringi/client/tls/pinned-ca", test_pinned_ca);
  ADD_TLS ("/ringi/client/tls/system-trust-refuses", test_untrusted_without_ca);
  ADD_TLS ("/ringi/client/tls/other-ca-refuses", test_untrusted_other_ca);
  ADD_TLS ("/ringi/client/tls/wrong-host-name", test_wrong_host_name);
  ADD_HTTP ("/ringi/client/url/http-loopback", test_http_loopback);
  ADD_TLS ("/ringi/client/login/on-401", test_login_on_401);
  ADD_TLS ("/ringi/client/login/shared", test_login_before_first_call);
  ADD_TLS ("/ringi/client/login/needs-passphrase", test_login_needs_passphrase);
  ADD_TLS ("/ringi/client/error/json", test_error_answer);
  ADD_TLS ("/ringi/client/blob/hash-checked", test_blob_hash_checked);
  ADD_TLS ("/ringi/client/redirect-not-followed", test_redirect_not_followed);
  ADD_TLS ("/ringi/client/events/hint", test_events_hint);
#undef ADD_TLS
#undef ADD_HTTP

  status = g_test_run ();
  cleanup_shared ();
  return status;
}
