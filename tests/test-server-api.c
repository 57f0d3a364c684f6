/* test-server-api.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-server-api"

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "ringi-delegation.h"
#include "ringi-keyring.h"
#include "ringi-server-data-dir.h"
#include "ringi-server.h"
#include "ringi-server-secret.h"
#include "ringi-stamp.h"
#include "ringi-test-server.h"
#include "ringi-test-utils.h"

/* The API of docs/api.md against the real `ringi-server serve` on
 * 127.0.0.1, over real TLS with a pinned CA, by people with real GnuPG
 * homes: enrollment, login, rate limits, who may see and do what, ops
 * with their checks and receipts, documents, the change log and the
 * events WebSocket. */

#define PIN   "2468"
#define ROUTE "approve=suzuki ; final=tanaka"
#define HOUR  3600

typedef enum
{
  SATO,   /* staff: the applicant */
  SUZUKI, /* staff: approves */
  TANAKA, /* manager: decides */
  YAMADA, /* staff: on no route */
  KANRI,  /* admin */
  KANSA,  /* auditor */
  N_USERS
} Who;

typedef struct
{
  const char *login;
  const char *role;
  char *home;
  RingiKeyring *keyring;
  char *fingerprint;
  GBytes *public_key;
} User;

static User users[N_USERS] = {
  [SATO] = { "sato", "staff" },
  [SUZUKI] = { "suzuki", "staff" },
  [TANAKA] = { "tanaka", "manager" },
  [YAMADA] = { "yamada", "staff" },
  [KANRI] = { "kanri", "admin" },
  [KANSA] = { "kansa", "auditor" },
};

/* A key that nobody enrolled: Sato's second key, say. */
static User stranger = { "sato", "staff" };

typedef struct
{
  char *dir;
  char *data;
  char *ca;
  char *codes[N_USERS];
  char *tokens[N_USERS];
  RingiTestServer *server;
  SoupSession *session;
  /* a keyring a test makes, its agent stopped at teardown */
  RingiKeyring *keyring;
} Fixture;

/* A request as its applicant builds it. */
typedef struct
{
  char *id;
  GBytes *pdf;
  char *pdf_sha256;
  guint revision;
  char *previous; /* the last stamp's sha256 */
} Request;

/* One person */

static void
generated_cb (GObject *source,
              GAsyncResult *result,
              gpointer user_data)
{
  g_autoptr(GError) error = NULL;
  User *user = user_data;

  user->fingerprint = ringi_keyring_generate_key_finish (RINGI_KEYRING (source), result, &error);
  g_assert_no_error (error);
}

static void
start_key (User *user)
{
  g_autoptr(GError) error = NULL;

  user->home = ringi_test_make_tmpdir ("rapi");
  ringi_test_write_fast_agent_conf (user->home);
  user->keyring = ringi_keyring_new (user->home, &error);
  g_assert_no_error (error);
  ringi_keyring_generate_key_async (user->keyring, user->login, user->login, PIN, NULL, generated_cb, user);
}

static void
finish_key (User *user)
{
  g_autoptr(GError) error = NULL;

  ringi_test_wait_for_flag ((const gboolean *) &user->fingerprint);
  user->public_key = ringi_keyring_export_public (user->keyring, user->fingerprint, &error);
  g_assert_no_error (error);
}

/* Keys are the slow part: made once, side by side. */
static void
make_users (void)
{
  for (guint i = 0; i < N_USERS; i++)
    start_key (&users[i]);
  start_key (&stranger);

  for (guint i = 0; i < N_USERS; i++)
    finish_key (&users[i]);
  finish_key (&stranger);
}

static void
clear_user (User *user)
{
  ringi_keyring_kill_agent (user->keyring);
  g_clear_object (&user->keyring);
  ringi_test_remove_tree (user->home);
  g_clear_pointer (&user->home, g_free);
  g_clear_pointer (&user->fingerprint, g_free);
  g_clear_pointer (&user->public_key, g_bytes_unref);
}

static void
clear_users (void)
{
  for (guint i = 0; i < N_USERS; i++)
    clear_user (&users[i]);
  clear_user (&stranger);
}

/* HTTP */

static SoupSession *
new_session (const char *ca_path)
{
  SoupSession *session = soup_session_new ();
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) error = NULL;

  /* Only this CA: the system's authorities play no part. */
  database = g_tls_file_database_new (ca_path, &error);
  g_assert_no_error (error);
  soup_session_set_tls_database (session, database);
  return session;
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

static GBytes *
send_message (SoupSession *session,
              SoupMessage *msg)
{
  Reply reply = { FALSE, NULL, NULL };

  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, on_reply, &reply);
  ringi_test_wait_for_flag (&reply.done);
  g_assert_no_error (reply.error);
  return reply.body;
}

static SoupMessage *
new_message (Fixture *f,
             const char *method,
             const char *path,
             const char *token,
             GBytes *body,
             const char *content_type)
{
  g_autofree char *url = g_strconcat (ringi_test_server_get_url (f->server), "/api/v1", path, NULL);
  SoupMessage *msg = soup_message_new (method, url);

  g_assert_nonnull (msg);
  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", value);
    }

  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, content_type, body);

  return msg;
}

static JsonObject *
parse_object (GBytes *bytes)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* Sends a JSON request (or none) and returns the JSON answer, checking
 * the status. */
static JsonObject *
call (Fixture *f,
      const char *method,
      const char *path,
      const char *token,
      const char *body,
      guint status)
{
  g_autoptr(GBytes) bytes = body ? g_bytes_new (body, strlen (body)) : NULL;
  g_autoptr(SoupMessage) msg = new_message (f, method, path, token, bytes, "application/json");
  g_autoptr(GBytes) answer = send_message (f->session, msg);

  g_assert_cmpuint (soup_message_get_status (msg), ==, status);
  g_assert_cmpstr (soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL),
                   ==, "application/json");
  return parse_object (answer);
}

static JsonObject *
call_json (Fixture *f,
           const char *method,
           const char *path,
           Who who,
           JsonNode *body,
           guint status)
{
  g_autofree char *text = json_to_string (body, FALSE);

  return call (f, method, path, f->tokens[who], text, status);
}

/* Checks the error form, and that it tells nothing of @secrets. */
static void
assert_error (JsonObject *answer,
              const char *code,
              const char *const *secrets)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), answer);
  g_autofree char *text = json_to_string (node, FALSE);
  JsonObject *error;

  g_assert_cmpuint (json_object_get_size (answer), ==, 1);
  error = json_object_get_object_member (answer, "error");
  g_assert_nonnull (error);
  g_assert_cmpuint (json_object_get_size (error), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, code);
  g_assert_cmpuint (strlen (json_object_get_string_member (error, "message")), >, 0);
  for (guint i = 0; secrets != NULL && secrets[i] != NULL; i++)
    g_assert_null (strstr (text, secrets[i]));
}

static JsonNode *
build_object (const char *first_member,
              ...)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  va_list args;

  json_builder_begin_object (builder);
  va_start (args, first_member);
  for (const char *member = first_member; member != NULL; member = va_arg (args, const char *))
    {
      json_builder_set_member_name (builder, member);
      json_builder_add_string_value (builder, va_arg (args, const char *));
    }
  va_end (args);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* Fixtures */

static void
fixture_setup (Fixture *f,
               gconstpointer data)
{
  const char *const *extra_args = data;

  f->dir = ringi_test_make_tmpdir ("ringi-api");
  f->data = g_build_filename (f->dir, "data", NULL);
  f->ca = g_build_filename (f->data, "tls", "ca.pem", NULL);
  ringi_test_server_init_copy (f->data);
  for (guint i = 0; i < N_USERS; i++)
    f->codes[i] = ringi_test_server_add_user (f->data, users[i].login, users[i].role);

  f->server = ringi_test_server_start_with_args (f->data, extra_args);
  f->session = new_session (f->ca);
}

static void
fixture_teardown (Fixture *f,
                  gconstpointer data)
{
  /* Every test ends with a clean stop: requests finished, WebSockets
   * closed, gpg-agents stopped, the database closed. */
  g_assert_cmpint (ringi_test_server_stop (f->server), ==, 0);
  g_clear_object (&f->session);
  g_clear_pointer (&f->server, ringi_test_server_free);
  if (f->keyring != NULL)
    ringi_keyring_kill_agent (f->keyring);
  g_clear_object (&f->keyring);
  ringi_test_remove_tree (f->dir);
  for (guint i = 0; i < N_USERS; i++)
    {
      g_free (f->codes[i]);
      g_free (f->tokens[i]);
    }
  g_free (f->ca);
  g_free (f->data);
  g_free (f->dir);
}

static JsonObject *
enroll_with (Fixture *f,
             const char *login,
             const char *code,
             GBytes *public_key,
             guint status)
{
  g_autofree char *armored = g_strndup (g_bytes_get_data (public_key, NULL), g_bytes_get_size (public_key));
  g_autoptr(JsonNode) body = build_object ("login", login, "code", code, "public_key", armored, NULL);
  g_autofree char *text = json_to_string (body, FALSE);

  return call (f, "POST", "/enroll", NULL, text, status);
}

static void
enroll (Fixture *f,
        Who who)
{
  g_autoptr(JsonObject) answer = enroll_with (f, users[who].login, f->codes[who], users[who].public_key,
                                               SOUP_STATUS_OK);

  g_assert_cmpstr (json_object_get_string_member (answer, "login"), ==, users[who].login);
  g_assert_cmpstr (json_object_get_string_member (answer, "fingerprint"), ==, users[who].fingerprint);
}

static char *
get_nonce (Fixture *f,
           const char *login)
{
  g_autoptr(JsonNode) body = build_object ("login", login, NULL);
  g_autofree char *text = json_to_string (body, FALSE);
  g_autoptr(JsonObject) answer = call (f, "POST", "/login/nonce", NULL, text, SOUP_STATUS_OK);

  return g_strdup (json_object_get_string_member (answer, "nonce"));
}

static char *
sign_text (User *user,
           const char *text)
{
  g_autoptr(GBytes) data = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) signature = ringi_keyring_sign_detached (user->keyring, user->fingerprint, PIN, data, NULL, &error);

  g_assert_no_error (error);
  return g_strndup (g_bytes_get_data (signature, NULL), g_bytes_get_size (signature));
}

/* Answers POST /login with @signer signing a challenge for @login. */
static JsonObject *
login_as (Fixture *f,
          const char *login,
          User *signer,
          const char *nonce,
          guint status)
{
  g_autofree char *signature = sign_text (signer, nonce);
  g_autoptr(JsonNode) body = build_object ("login", login, "nonce", nonce, "signature", signature, NULL);
  g_autofree char *text = json_to_string (body, FALSE);

  return call (f, "POST", "/login", NULL, text, status);
}

static void
log_in (Fixture *f,
        Who who)
{
  g_autofree char *nonce = get_nonce (f, users[who].login);
  g_autoptr(JsonObject) answer = login_as (f, users[who].login, &users[who], nonce, SOUP_STATUS_OK);

  g_free (f->tokens[who]);
  f->tokens[who] = g_strdup (json_object_get_string_member (answer, "token"));
}

/* Everybody enrolled and logged in. */
static void
ready_setup (Fixture *f,
             gconstpointer data)
{
  fixture_setup (f, data);
  for (guint i = 0; i < N_USERS; i++)
    {
      enroll (f, i);
      log_in (f, i);
    }
}

static RingiServerStorage *
open_storage (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  RingiServerStorage *storage = ringi_server_data_dir_open_storage (f->data, &error);

  g_assert_no_error (error);
  return storage;
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Enrollment */

static void
test_enroll (Fixture *f,
             gconstpointer data)
{
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(JsonObject) directory = NULL;
  JsonArray *entries;

  enroll (f, SATO);

  /* The code works once. */
  again = enroll_with (f, "sato", f->codes[SATO], users[SATO].public_key, SOUP_STATUS_FORBIDDEN);
  assert_error (again, "invalid-code", NULL);

  /* The directory binds the key to the login. */
  log_in (f, SATO);
  directory = call (f, "GET", "/directory", f->tokens[SATO], NULL, SOUP_STATUS_OK);
  entries = json_object_get_array_member (directory, "users");
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);

      if (g_str_equal (json_object_get_string_member (entry, "login"), "sato"))
        {
          g_assert_cmpstr (json_object_get_string_member (entry, "fingerprint"), ==, users[SATO].fingerprint);
          ringi_test_assert_contains (json_object_get_string_member (entry, "public_key"),
                                      "-----BEGIN PGP PUBLIC KEY BLOCK-----");
          g_assert_false (json_object_get_boolean_member (entry, "disabled"));
        }
      else if (g_str_equal (json_object_get_string_member (entry, "login"), "suzuki"))
        g_assert_true (json_object_get_null_member (entry, "fingerprint"));
    }
  g_assert_cmpuint (json_array_get_length (entries), ==, N_USERS);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (directory, "departments")), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (directory, "departments"), 0), ==, "総務課");
}

static void
test_enroll_disabled (Fixture *f,
                      gconstpointer data)
{
  g_autoptr(RingiTestRun) disable = ringi_test_server_run ("user", "disable", "--data", f->data, "sato", NULL);
  g_autoptr(JsonObject) refused = NULL;

  /* A disabled user's right code binds nothing. */
  g_assert_cmpint (disable->status, ==, 0);
  refused = enroll_with (f, "sato", f->codes[SATO], users[SATO].public_key, SOUP_STATUS_FORBIDDEN);
  assert_error (refused, "forbidden", NULL);
}

static void
test_enroll_wrong_code (Fixture *f,
                        gconstpointer data)
{
  const char *const secrets[] = { f->codes[SATO], f->codes[SUZUKI], NULL };
  g_autoptr(JsonObject) wrong = enroll_with (f, "sato", f->codes[SUZUKI], users[SATO].public_key, SOUP_STATUS_FORBIDDEN);
  g_autoptr(JsonObject) unknown = enroll_with (f, "nobody", f->codes[SATO], users[SATO].public_key, SOUP_STATUS_FORBIDDEN);
  g_autoptr(JsonObject) garbage = enroll_with (f, "sato", "not a code", users[SATO].public_key, SOUP_STATUS_FORBIDDEN);

  /* A wrong code and an unknown login look the same. */
  assert_error (wrong, "invalid-code", secrets);
  assert_error (unknown, "invalid-code", secrets);
  assert_error (garbage, "invalid-code", secrets);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (wrong, "error"), "message"), ==,
                   json_object_get_string_member (json_object_get_object_member (unknown, "error"), "message"));

  /* The right code still works, and forgives dashes and case. */
  {
    g_autofree char *sloppy = g_ascii_strdown (f->codes[SATO], -1);
    g_autoptr(JsonObject) right = NULL;

    g_strdelimit (sloppy, "-", ' ');
    right = enroll_with (f, "sato", sloppy, users[SATO].public_key, SOUP_STATUS_OK);
    g_assert_cmpstr (json_object_get_string_member (right, "fingerprint"), ==, users[SATO].fingerprint);
  }
}

static void
test_enroll_expired (Fixture *f,
                     gconstpointer data)
{
  g_autoptr(RingiServerStorage) storage = open_storage (f);
  g_autofree char *canonical = ringi_server_secret_normalize_code (f->codes[SATO]);
  g_autofree char *hash = ringi_server_secret_sha256 (canonical);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) expired = NULL;

  /* The code was given three days and a minute ago. */
  g_assert_true (ringi_server_storage_set_enrollment_code (storage, "sato", hash, now_seconds () - 60, &error));
  g_assert_no_error (error);
  g_clear_object (&storage);

  expired = enroll_with (f, "sato", f->codes[SATO], users[SATO].public_key, SOUP_STATUS_GONE);
  assert_error (expired, "code-expired", NULL);
}

static void
test_enroll_key_taken (Fixture *f,
                       gconstpointer data)
{
  g_autoptr(JsonObject) taken = NULL;
  g_autoptr(JsonObject) not_a_key = NULL;
  g_autoptr(JsonObject) secret = NULL;
  g_autoptr(RingiTestRun) reset = NULL;
  g_autoptr(GBytes) junk = g_bytes_new_static ("hello", 5);
  g_autoptr(GBytes) private_key = g_bytes_new_static ("-----BEGIN PGP PRIVATE KEY BLOCK-----\n", 38);
  g_autoptr(GRegex) regex = g_regex_new ("code for [^:]+: ([0-9A-Z-]+)", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *new_code = NULL;
  g_autoptr(JsonObject) revoked = NULL;

  enroll (f, SATO);

  /* Suzuki cannot have Sato's key; nobody sends something else. */
  taken = enroll_with (f, "suzuki", f->codes[SUZUKI], users[SATO].public_key, SOUP_STATUS_CONFLICT);
  assert_error (taken, "conflict", NULL);
  not_a_key = enroll_with (f, "suzuki", f->codes[SUZUKI], junk, SOUP_STATUS_BAD_REQUEST);
  assert_error (not_a_key, "invalid-request", NULL);
  secret = enroll_with (f, "suzuki", f->codes[SUZUKI], private_key, SOUP_STATUS_BAD_REQUEST);
  assert_error (secret, "invalid-request", NULL);
  enroll (f, SUZUKI);

  /* After a reset, the old key is revoked for good. */
  reset = ringi_test_server_run ("user", "reset", "--data", f->data, "sato", NULL);
  g_assert_cmpint (reset->status, ==, 0);
  g_assert_true (g_regex_match (regex, reset->out, 0, &match));
  new_code = g_match_info_fetch (match, 1);
  revoked = enroll_with (f, "sato", new_code, users[SATO].public_key, SOUP_STATUS_CONFLICT);
  assert_error (revoked, "conflict", NULL);
}

/* Login */

static void
test_login (Fixture *f,
            gconstpointer data)
{
  g_autofree char *nonce = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(JsonObject) directory = NULL;
  g_autoptr(GDateTime) expiry = NULL;
  g_autoptr(GDateTime) before = NULL;
  g_autoptr(GDateTime) after = NULL;
  g_autofree guchar *raw = NULL;
  gsize length = 0;

  enroll (f, SATO);
  nonce = get_nonce (f, "sato");
  before = g_date_time_new_now_utc ();
  answer = login_as (f, "sato", &users[SATO], nonce, SOUP_STATUS_OK);
  after = g_date_time_new_now_utc ();

  /* 256 random bits, for 12 hours from the moment of login, which falls
   * between before and after. */
  raw = g_base64_decode (json_object_get_string_member (answer, "token"), &length);
  g_assert_cmpuint (length, ==, 32);
  expiry = g_date_time_new_from_iso8601 (json_object_get_string_member (answer, "expires_at"), NULL);
  g_assert_nonnull (expiry);
  g_assert_cmpint (g_date_time_difference (expiry, before) / G_TIME_SPAN_SECOND, >=, 12 * HOUR - 1);
  g_assert_cmpint (g_date_time_difference (expiry, after) / G_TIME_SPAN_SECOND, <=, 12 * HOUR);

  directory = call (f, "GET", "/directory", json_object_get_string_member (answer, "token"), NULL, SOUP_STATUS_OK);
  g_assert_true (json_object_has_member (directory, "users"));
}

static void
test_login_other_key (Fixture *f,
                      gconstpointer data)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;
  g_autoptr(JsonObject) stranger_answer = NULL;
  g_autoptr(JsonObject) suzuki_answer = NULL;
  g_autoptr(JsonObject) unenrolled = NULL;

  enroll (f, SATO);
  enroll (f, SUZUKI);

  /* Only the key bound to the login signs for it: not another of Sato's
   * keys, not Suzuki's. */
  first = get_nonce (f, "sato");
  stranger_answer = login_as (f, "sato", &stranger, first, SOUP_STATUS_UNAUTHORIZED);
  assert_error (stranger_answer, "unauthenticated", NULL);
  second = get_nonce (f, "sato");
  suzuki_answer = login_as (f, "sato", &users[SUZUKI], second, SOUP_STATUS_UNAUTHORIZED);
  assert_error (suzuki_answer, "unauthenticated", NULL);

  /* Tanaka has no key yet. */
  third = get_nonce (f, "tanaka");
  unenrolled = login_as (f, "tanaka", &users[TANAKA], third, SOUP_STATUS_UNAUTHORIZED);
  assert_error (unenrolled, "unauthenticated", NULL);
}

static void
test_login_replayed_nonce (Fixture *f,
                           gconstpointer data)
{
  g_autofree char *nonce = NULL;
  g_autofree char *other = NULL;
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) replayed = NULL;
  g_autoptr(JsonObject) borrowed = NULL;

  enroll (f, SATO);
  enroll (f, SUZUKI);
  nonce = get_nonce (f, "sato");
  first = login_as (f, "sato", &users[SATO], nonce, SOUP_STATUS_OK);

  /* A challenge is good once, and for the login it was given to. */
  replayed = login_as (f, "sato", &users[SATO], nonce, SOUP_STATUS_UNAUTHORIZED);
  assert_error (replayed, "unauthenticated", NULL);
  other = get_nonce (f, "sato");
  borrowed = login_as (f, "suzuki", &users[SUZUKI], other, SOUP_STATUS_UNAUTHORIZED);
  assert_error (borrowed, "unauthenticated", NULL);
}

static void
test_rate_limit_login (Fixture *f,
                       gconstpointer data)
{
  g_autofree char *nonce = NULL;
  g_autoptr(JsonObject) limited = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) request = NULL;
  g_autofree char *text = NULL;
  g_autofree char *signature = NULL;
  const char *retry;

  enroll (f, SATO);
  enroll (f, SUZUKI);

  /* Five wrong signatures for Sato... */
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *wrong = get_nonce (f, "sato");
      g_autoptr(JsonObject) refused = login_as (f, "sato", &stranger, wrong, SOUP_STATUS_UNAUTHORIZED);

      assert_error (refused, "unauthenticated", NULL);
    }

  /* ...and the right one is turned away too, for a while. */
  nonce = get_nonce (f, "sato");
  signature = sign_text (&users[SATO], nonce);
  request = build_object ("login", "sato", "nonce", nonce, "signature", signature, NULL);
  text = json_to_string (request, FALSE);
  body = g_bytes_new (text, strlen (text));
  msg = new_message (f, "POST", "/login", NULL, body, "application/json");
  answer = send_message (f->session, msg);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 429);
  limited = parse_object (answer);
  assert_error (limited, "rate-limited", NULL);
  retry = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Retry-After");
  g_assert_nonnull (retry);
  g_assert_cmpint (g_ascii_strtoll (retry, NULL, 10), >, 0);
  g_assert_cmpint (g_ascii_strtoll (retry, NULL, 10), <=, 300);

  /* Suzuki, from the same address, is not held up by Sato's failures. */
  log_in (f, SUZUKI);
  g_assert_nonnull (f->tokens[SUZUKI]);
}

static void
test_rate_limit_address (Fixture *f,
                         gconstpointer data)
{
  g_autofree char *nonce = NULL;
  g_autoptr(JsonObject) limited = NULL;

  enroll (f, SATO);

  /* Guessing at twenty logins from one address... */
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *login = g_strdup_printf ("guess%u", i);
      g_autofree char *guess = get_nonce (f, login);
      g_autoptr(JsonObject) refused = login_as (f, login, &stranger, guess, SOUP_STATUS_UNAUTHORIZED);

      assert_error (refused, "unauthenticated", NULL);
    }

  /* ...blocks that address for everyone, enrollment included. */
  nonce = get_nonce (f, "sato");
  limited = login_as (f, "sato", &users[SATO], nonce, 429);
  assert_error (limited, "rate-limited", NULL);
  g_clear_pointer (&limited, json_object_unref);
  limited = enroll_with (f, "suzuki", f->codes[SUZUKI], users[SUZUKI].public_key, 429);
  assert_error (limited, "rate-limited", NULL);
}

/* Stamps and ops */

static void
request_init (Request *request,
              const char *text)
{
  request->id = g_uuid_string_random ();
  request->pdf = g_bytes_new (text, strlen (text));
  request->pdf_sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, request->pdf);
  request->revision = 1;
}

static void
request_clear (Request *request)
{
  g_clear_pointer (&request->id, g_free);
  g_clear_pointer (&request->pdf, g_bytes_unref);
  g_clear_pointer (&request->pdf_sha256, g_free);
  g_clear_pointer (&request->previous, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Request, request_clear)

typedef struct
{
  Who signer;
  User *key; /* whose key signs; NULL for the signer's */
  RingiAction action;
  guint step;
  const char *route; /* on submit and resubmit */
  const char *comment;
  const char *document_sha256; /* NULL for the request's */
  int on_behalf_of;            /* -1 for none */
} StampSpec;

typedef struct
{
  GBytes *record;
  GBytes *signature;
  char *sha256;
  const char *comment;
} SignedStamp;

static void
signed_stamp_clear (SignedStamp *stamp)
{
  g_clear_pointer (&stamp->record, g_bytes_unref);
  g_clear_pointer (&stamp->signature, g_bytes_unref);
  g_clear_pointer (&stamp->sha256, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SignedStamp, signed_stamp_clear)

static void
make_stamp (const Request *request,
            const StampSpec *spec,
            SignedStamp *out)
{
  User *key = spec->key ? spec->key : &users[spec->signer];
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) time = g_date_time_new_utc (g_date_time_get_year (now), g_date_time_get_month (now),
                                                    g_date_time_get_day_of_month (now), g_date_time_get_hour (now),
                                                    g_date_time_get_minute (now), g_date_time_get_second (now));
  g_autofree char *comment_sha256 = spec->comment ? ringi_stamp_hash_comment (spec->comment) : NULL;
  RingiStampFields fields = {
    .document = request->id,
    .revision = request->revision,
    .document_sha256 = spec->document_sha256 ? spec->document_sha256 : request->pdf_sha256,
    .step = spec->step,
    .action = spec->action,
    .signer = users[spec->signer].login,
    .signer_key = key->fingerprint,
    .on_behalf_of = spec->on_behalf_of >= 0 ? users[spec->on_behalf_of].login : NULL,
    .time = time,
    .previous = request->previous,
    .comment_sha256 = comment_sha256,
    .route = spec->route,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiStamp) stamp = ringi_stamp_new (&fields, &error);

  g_assert_no_error (error);
  out->record = ringi_stamp_to_bytes (stamp);
  out->sha256 = ringi_stamp_dup_sha256 (stamp);
  out->comment = spec->comment;
  out->signature = ringi_keyring_sign_detached (key->keyring, key->fingerprint, PIN, out->record, NULL, &error);
  g_assert_no_error (error);
}

static void
add_signed (JsonBuilder *builder,
            const char *member,
            GBytes *record,
            GBytes *signature,
            const char *comment)
{
  g_autofree char *encoded = g_base64_encode (g_bytes_get_data (record, NULL), g_bytes_get_size (record));
  g_autofree char *armored = g_strndup (g_bytes_get_data (signature, NULL), g_bytes_get_size (signature));

  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "record");
  json_builder_add_string_value (builder, encoded);
  json_builder_set_member_name (builder, "signature");
  json_builder_add_string_value (builder, armored);
  if (comment != NULL)
    {
      json_builder_set_member_name (builder, "comment");
      json_builder_add_string_value (builder, comment);
    }
  json_builder_end_object (builder);
}

static void
add_string (JsonBuilder *builder,
            const char *member,
            const char *value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

static JsonNode *
create_op (const char *op_id,
           const Request *request,
           const SignedStamp *stamp)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_string (builder, "id", op_id);
  add_string (builder, "type", "create-request");
  json_builder_set_member_name (builder, "request");
  json_builder_begin_object (builder);
  add_string (builder, "id", request->id);
  add_string (builder, "title", "コピー用紙の購入");
  add_string (builder, "category", "物品購入");
  json_builder_set_member_name (builder, "amount");
  json_builder_add_int_value (builder, 52800);
  add_string (builder, "counterparty", "株式会社テスト商事");
  add_string (builder, "transaction_date", "2026-11-20");
  add_string (builder, "applicant", "sato");
  add_string (builder, "created_at", "2026-11-20T09:00:00+09:00");
  json_builder_end_object (builder);
  add_string (builder, "revision_sha256", request->pdf_sha256);
  add_signed (builder, "stamp", stamp->record, stamp->signature, stamp->comment);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static JsonNode *
stamp_op (const char *op_id,
          const Request *request,
          const SignedStamp *stamp,
          const char *revision_sha256)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_string (builder, "id", op_id);
  add_string (builder, "type", "stamp");
  add_string (builder, "request_id", request->id);
  if (revision_sha256 != NULL)
    add_string (builder, "revision_sha256", revision_sha256);
  add_signed (builder, "stamp", stamp->record, stamp->signature, stamp->comment);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static JsonNode *
batch_of (JsonNode *op)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ops");
  json_builder_begin_array (builder);
  json_builder_add_value (builder, json_node_ref (op));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* Sends one op; returns its result. */
static JsonObject *
post_op (Fixture *f,
         Who who,
         JsonNode *op)
{
  g_autoptr(JsonNode) batch = batch_of (op);
  g_autoptr(JsonObject) answer = call_json (f, "POST", "/ops", who, batch, SOUP_STATUS_OK);
  JsonArray *results = json_object_get_array_member (answer, "results");

  g_assert_cmpuint (json_array_get_length (results), ==, 1);
  return json_object_ref (json_array_get_object_element (results, 0));
}

static void
assert_refused (JsonObject *result,
                const char *code)
{
  JsonObject *error;

  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "refused");
  error = json_object_get_object_member (result, "error");
  g_assert_nonnull (error);
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, code);
  g_assert_cmpuint (strlen (json_object_get_string_member (error, "message")), >, 0);
  g_assert_false (json_object_has_member (result, "receipt"));
}

static void
put_blob (Fixture *f,
          Who who,
          GBytes *data)
{
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, data);
  g_autofree char *path = g_strconcat ("/blobs/", sha256, NULL);
  g_autoptr(SoupMessage) msg = new_message (f, "PUT", path, f->tokens[who], data, "application/pdf");
  g_autoptr(GBytes) answer = send_message (f->session, msg);
  g_autoptr(JsonObject) object = NULL;

  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
  object = parse_object (answer);
  g_assert_cmpstr (json_object_get_string_member (object, "sha256"), ==, sha256);
  g_assert_cmpint (json_object_get_int_member (object, "size"), ==, g_bytes_get_size (data));
}

/* Stamps @spec on @request as its op @op_id; returns the result. */
static JsonObject *
send_stamp (Fixture *f,
            Request *request,
            const StampSpec *spec,
            const char *op_id,
            SignedStamp *out)
{
  g_auto(SignedStamp) local = { NULL };
  SignedStamp *stamp = out ? out : &local;
  g_autofree char *id = op_id ? g_strdup (op_id) : g_uuid_string_random ();
  g_autoptr(JsonNode) op = NULL;
  JsonObject *result;

  make_stamp (request, spec, stamp);
  if (spec->action == RINGI_ACTION_SUBMIT)
    op = create_op (id, request, stamp);
  else
    op = stamp_op (id, request, stamp, spec->action == RINGI_ACTION_RESUBMIT ? request->pdf_sha256 : NULL);

  result = post_op (f, spec->signer, op);
  g_assert_cmpstr (json_object_get_string_member (result, "id"), ==, id);
  if (g_str_equal (json_object_get_string_member (result, "status"), "applied"))
    {
      g_free (request->previous);
      request->previous = g_strdup (stamp->sha256);
    }

  return result;
}

static void
assert_applied (JsonObject *result)
{
  if (!g_str_equal (json_object_get_string_member (result, "status"), "applied"))
    {
      JsonObject *error = json_object_get_object_member (result, "error");
      g_assert_cmpstr (json_object_get_string_member (error, "message"), ==, NULL);
    }
}

static JsonObject *
submit (Fixture *f,
        Request *request)
{
  StampSpec spec = { SATO, NULL, RINGI_ACTION_SUBMIT, 0, ROUTE, NULL, NULL, -1 };
  JsonObject *result;

  put_blob (f, SATO, request->pdf);
  result = send_stamp (f, request, &spec, NULL, NULL);
  assert_applied (result);
  return result;
}

static JsonObject *
approve (Fixture *f,
         Request *request,
         Who who,
         guint step)
{
  StampSpec spec = { who, NULL, RINGI_ACTION_APPROVE, step, NULL, NULL, NULL, -1 };

  return send_stamp (f, request, &spec, NULL, NULL);
}

static RingiKeyring *
server_keyring (Fixture *f,
                char **out_fingerprint)
{
  g_autoptr(JsonObject) directory = call (f, "GET", "/directory", f->tokens[SATO], NULL, SOUP_STATUS_OK);
  JsonObject *server_key = json_object_get_object_member (directory, "server_key");
  const char *armored = json_object_get_string_member (server_key, "public_key");
  g_autoptr(GBytes) key = g_bytes_new (armored, strlen (armored));
  g_autofree char *home = g_build_filename (f->dir, "check", NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) imported = NULL;

  f->keyring = ringi_keyring_new (home, &error);
  g_assert_no_error (error);
  g_assert_true (ringi_keyring_import (f->keyring, key, &imported, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (imported[0], ==, json_object_get_string_member (server_key, "fingerprint"));
  *out_fingerprint = g_strdup (imported[0]);
  return f->keyring;
}

/* A receipt: signed by the server's key, for this stamp, at its place. */
static void
assert_receipt (RingiKeyring *keyring,
                const char *server_fingerprint,
                JsonObject *receipt,
                const char *stamp_sha256,
                guint position)
{
  g_autoptr(GError) error = NULL;
  g_autofree guchar *decoded = NULL;
  g_autoptr(GBytes) record = NULL;
  g_autoptr(GBytes) signature = NULL;
  g_autofree char *signed_by = NULL;
  g_autofree char *expected = NULL;
  const char *armored = json_object_get_string_member (receipt, "signature");
  gsize size = 0;

  decoded = g_base64_decode (json_object_get_string_member (receipt, "record"), &size);
  record = g_bytes_new (decoded, size);
  signature = g_bytes_new (armored, strlen (armored));
  g_assert_true (ringi_keyring_verify_detached (keyring, record, signature, &signed_by, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (signed_by, ==, server_fingerprint);

  expected = g_strdup_printf ("Ringi-Receipt: 1\nStamp-SHA256: %s\nSequence: %u\nServer-Time: ", stamp_sha256, position);
  g_assert_true (g_str_has_prefix ((const char *) decoded, expected));
  ringi_test_assert_contains ((const char *) decoded, server_fingerprint);
}

static JsonArray *
pull (Fixture *f,
      Who who,
      gint64 since,
      JsonObject **out_answer)
{
  g_autofree char *path = g_strdup_printf ("/changes?since=%" G_GINT64_FORMAT, since);
  JsonObject *answer = call (f, "GET", path, f->tokens[who], NULL, SOUP_STATUS_OK);

  *out_answer = answer;
  return json_object_get_array_member (answer, "changes");
}

static guint
count_changes (JsonArray *changes,
               const char *kind,
               const char *request_id)
{
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *change = json_array_get_object_element (changes, i);
      const char *id = json_object_get_string_member_with_default (change, g_str_equal (kind, "request") ? "id" : "request_id", NULL);

      if (g_str_equal (json_object_get_string_member (change, "kind"), kind) &&
          (request_id == NULL || g_strcmp0 (id, request_id) == 0))
        n++;
    }

  return n;
}

static void
test_whole_route (Fixture *f,
                  gconstpointer data)
{
  g_auto(Request) request = { NULL };
  g_autoptr(JsonObject) submitted = NULL;
  g_autoptr(JsonObject) approved = NULL;
  g_autoptr(JsonObject) decided = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autofree char *server_fingerprint = NULL;
  g_autofree char *submit_sha256 = NULL;
  RingiKeyring *keyring;
  JsonArray *changes;
  JsonObject *stamp_change = NULL;

  request_init (&request, "%PDF-1.4 whole route\n");
  submitted = submit (f, &request);
  submit_sha256 = g_strdup (request.previous);
  approved = approve (f, &request, SUZUKI, 1);
  assert_applied (approved);
  decided = approve (f, &request, TANAKA, 2);
  assert_applied (decided);

  keyring = server_keyring (f, &server_fingerprint);
  assert_receipt (keyring, server_fingerprint, json_object_get_object_member (submitted, "receipt"), submit_sha256, 1);
  assert_receipt (keyring, server_fingerprint, json_object_get_object_member (decided, "receipt"), request.previous, 3);

  /* Everyone on the route sees the request, its document and its three
   * stamps, each with its receipt. */
  changes = pull (f, TANAKA, 0, &answer);
  g_assert_cmpuint (count_changes (changes, "request", request.id), ==, 1);
  g_assert_cmpuint (count_changes (changes, "revision", request.id), ==, 1);
  g_assert_cmpuint (count_changes (changes, "stamp", request.id), ==, 3);
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *change = json_array_get_object_element (changes, i);

      if (g_str_equal (json_object_get_string_member (change, "kind"), "stamp"))
        stamp_change = change;
      else if (g_str_equal (json_object_get_string_member (change, "kind"), "request"))
        {
          g_assert_cmpstr (json_object_get_string_member (change, "title"), ==, "コピー用紙の購入");
          g_assert_cmpint (json_object_get_int_member (change, "amount"), ==, 52800);
          g_assert_cmpstr (json_object_get_string_member (change, "applicant"), ==, "sato");
        }
    }
  g_assert_cmpint (json_object_get_int_member (stamp_change, "position"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (stamp_change, "sha256"), ==, request.previous);
  assert_receipt (keyring, server_fingerprint, json_object_get_object_member (stamp_change, "receipt"),
                  request.previous, 3);
  g_assert_cmpint (json_object_get_int_member (answer, "next"), ==,
                   json_object_get_int_member (json_array_get_object_element (changes, json_array_get_length (changes) - 1), "seq"));
  g_assert_false (json_object_get_boolean_member (answer, "more"));
}

static void
test_comment (Fixture *f,
              gconstpointer data)
{
  g_auto(Request) request = { NULL };
  g_autoptr(JsonObject) submitted = NULL;
  g_autoptr(JsonObject) missing = NULL;
  g_autoptr(JsonObject) sent_back = NULL;
  g_autoptr(JsonObject) answer = NULL;
  StampSpec bare = { SUZUKI, NULL, RINGI_ACTION_SEND_BACK, 1, NULL, NULL, NULL, -1 };
  StampSpec commented = { SUZUKI, NULL, RINGI_ACTION_SEND_BACK, 1, NULL, "金額を確認してください。", NULL, -1 };
  g_auto(SignedStamp) stamp = { NULL };
  g_autoptr(JsonNode) op = NULL;
  JsonArray *changes;

  request_init (&request, "%PDF-1.4 comment\n");
  submitted = submit (f, &request);

  /* A send-back needs its comment (the state machine's rule)... */
  missing = send_stamp (f, &request, &bare, NULL, NULL);
  assert_refused (missing, "comment-required");

  /* ...and the comment sent is the one signed. */
  make_stamp (&request, &commented, &stamp);
  stamp.comment = "別の文";
  op = stamp_op ("8d2c0d5e-7f2a-4c1b-9e3a-0a1b2c3d4e5f", &request, &stamp, NULL);
  {
    g_autoptr(JsonObject) wrong = post_op (f, SUZUKI, op);
    assert_refused (wrong, "invalid-request");
  }

  sent_back = send_stamp (f, &request, &commented, NULL, NULL);
  assert_applied (sent_back);
  changes = pull (f, SATO, 0, &answer);
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *change = json_array_get_object_element (changes, i);

      if (g_str_equal (json_object_get_string_member (change, "kind"), "stamp") &&
          json_object_get_int_member (change, "position") == 2)
        g_assert_cmpstr (json_object_get_string_member (change, "comment"), ==, "金額を確認してください。");
    }
}

static void
test_refusals (Fixture *f,
               gconstpointer data)
{
  g_auto(Request) request = { NULL };
  g_autoptr(JsonObject) submitted = NULL;
  g_autoptr(JsonObject) not_current = NULL;
  g_autoptr(JsonObject) unbound = NULL;
  g_autoptr(JsonObject) stale = NULL;
  g_autoptr(JsonObject) forged = NULL;
  g_autoptr(JsonObject) someone_elses = NULL;
  g_autoptr(JsonObject) approved = NULL;
  g_autofree char *other_sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "another document", -1);
  StampSpec too_early = { TANAKA, NULL, RINGI_ACTION_APPROVE, 2, NULL, NULL, NULL, -1 };
  StampSpec second_key = { SUZUKI, &stranger, RINGI_ACTION_APPROVE, 1, NULL, NULL, NULL, -1 };
  StampSpec other_document = { SUZUKI, NULL, RINGI_ACTION_APPROVE, 1, NULL, NULL, other_sha256, -1 };
  StampSpec good = { SUZUKI, NULL, RINGI_ACTION_APPROVE, 1, NULL, NULL, NULL, -1 };
  g_auto(SignedStamp) stamp = { NULL };
  g_autoptr(JsonNode) op = NULL;
  g_autoptr(GBytes) tampered = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autofree char *text = NULL;
  JsonArray *changes;

  request_init (&request, "%PDF-1.4 refusals\n");
  submitted = submit (f, &request);

  /* Tanaka decides before Suzuki's step is done. */
  not_current = send_stamp (f, &request, &too_early, NULL, NULL);
  assert_refused (not_current, "not-your-turn");

  /* Suzuki signs with a key the directory does not bind to him. */
  unbound = send_stamp (f, &request, &second_key, NULL, NULL);
  assert_refused (unbound, "key-not-bound");

  /* Suzuki approves another document than the stored revision. */
  stale = send_stamp (f, &request, &other_document, NULL, NULL);
  assert_refused (stale, "document-changed");

  /* The record is changed after signing: Step 1 becomes Step 2. */
  make_stamp (&request, &good, &stamp);
  text = g_strndup (g_bytes_get_data (stamp.record, NULL), g_bytes_get_size (stamp.record));
  g_assert_nonnull (strstr (text, "\nStep: 1\n"));
  strstr (text, "\nStep: 1\n")[strlen ("\nStep: ")] = '2';
  tampered = g_bytes_new (text, strlen (text));
  g_bytes_unref (stamp.record);
  stamp.record = g_bytes_ref (tampered);
  op = stamp_op ("3b8f6a1e-2c4d-4e5f-8a9b-0c1d2e3f4a5b", &request, &stamp, NULL);
  forged = post_op (f, SUZUKI, op);
  assert_refused (forged, "bad-signature");

  /* Tanaka sends Suzuki's good stamp: only its signer may. */
  g_clear_pointer (&op, json_node_unref);
  signed_stamp_clear (&stamp);
  make_stamp (&request, &good, &stamp);
  op = stamp_op ("5c9d7e2f-3a4b-4c5d-9e6f-1a2b3c4d5e6f", &request, &stamp, NULL);
  someone_elses = post_op (f, TANAKA, op);
  assert_refused (someone_elses, "forbidden");

  /* None of that left a trace; the good stamp still goes in. */
  approved = approve (f, &request, SUZUKI, 1);
  assert_applied (approved);
  changes = pull (f, SATO, 0, &answer);
  g_assert_cmpuint (count_changes (changes, "stamp", request.id), ==, 2);
}

static void
test_replayed_op (Fixture *f,
                  gconstpointer data)
{
  g_auto(Request) request = { NULL };
  g_autoptr(JsonObject) submitted = NULL;
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(JsonObject) refused = NULL;
  g_autoptr(JsonObject) refused_again = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(JsonNode) first_node = NULL;
  g_autoptr(JsonNode) again_node = NULL;
  StampSpec good = { SUZUKI, NULL, RINGI_ACTION_APPROVE, 1, NULL, NULL, NULL, -1 };
  StampSpec decide = { TANAKA, NULL, RINGI_ACTION_APPROVE, 2, NULL, NULL, NULL, -1 };
  g_auto(SignedStamp) stamp = { NULL };
  g_autoptr(JsonNode) op = NULL;
  const char *id = "6e1f8a3b-4c5d-4e6f-8a7b-2c3d4e5f6a7b";
  const char *refused_id = "7f2a9b4c-5d6e-4f7a-9b8c-3d4e5f6a7b8c";
  JsonArray *changes;

  request_init (&request, "%PDF-1.4 replay\n");
  submitted = submit (f, &request);
  make_stamp (&request, &good, &stamp);
  op = stamp_op (id, &request, &stamp, NULL);

  /* The same op twice: one stamp, the same result and receipt. */
  first = post_op (f, SUZUKI, op);
  assert_applied (first);
  again = post_op (f, SUZUKI, op);
  first_node = json_node_init_object (json_node_alloc (), first);
  again_node = json_node_init_object (json_node_alloc (), again);
  g_assert_true (json_node_equal (first_node, again_node));

  changes = pull (f, SATO, 0, &answer);
  g_assert_cmpuint (count_changes (changes, "stamp", request.id), ==, 2);

  /* A refusal is kept as well: Tanaka's decision naming the submit as
   * the stamp before it is refused, and its id stays refused even once
   * it names the right one. */
  refused = send_stamp (f, &request, &decide, refused_id, NULL);
  assert_refused (refused, "chain-broken");
  g_clear_pointer (&request.previous, g_free);
  request.previous = g_strdup (stamp.sha256);
  refused_again = send_stamp (f, &request, &decide, refused_id, NULL);
  assert_refused (refused_again, "chain-broken");
  g_clear_pointer (&answer, json_object_unref);
  changes = pull (f, SATO, 0, &answer);
  g_assert_cmpuint (count_changes (changes, "stamp", request.id), ==, 2);
}

static void
test_malformed_ops (Fixture *f,
                    gconstpointer data)
{
  const char *const bodies[][2] = {
    { "{\"ops\": [", "malformed-json" },
    { "", "malformed-json" },
    { "[]", "invalid-request" },
    { "{\"ops\": 5}", "invalid-request" },
    { "{}", "invalid-request" },
  };
  g_autoptr(JsonObject) answer = NULL;
  JsonArray *results;

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(JsonObject) refused = call (f, "POST", "/ops", f->tokens[SATO], bodies[i][0], SOUP_STATUS_BAD_REQUEST);
      assert_error (refused, bodies[i][1], NULL);
    }

  /* Ops that are not ops are refused one by one. */
  answer = call (f, "POST", "/ops", f->tokens[SATO],
                 "{\"ops\": [42, {\"type\": \"stamp\"},"
                 " {\"id\": \"9a4b1c6d-7e8f-4a9b-8c0d-5e6f7a8b9c0d\", \"type\": \"nonsense\"},"
                 " {\"id\": \"0b5c2d7e-8f9a-4b0c-9d1e-6f7a8b9c0d1e\", \"type\": \"stamp\", \"request_id\": \"x\"},"
                 " {\"id\": [1], \"type\": {}},"
                 " {\"id\": \"1c6d3e8f-0a1b-4c2d-8e3f-7a8b9c0d1e2f\", \"type\": 5}]}",
                 SOUP_STATUS_OK);
  results = json_object_get_array_member (answer, "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 6);
  for (guint i = 0; i < 6; i++)
    assert_refused (json_array_get_object_element (results, i), "invalid-request");
  g_assert_true (json_object_get_null_member (json_array_get_object_element (results, 0), "id"));
}

/* Documents */

static GBytes *
get_blob (Fixture *f,
          Who who,
          const char *sha256,
          guint status)
{
  g_autofree char *path = g_strconcat ("/blobs/", sha256, NULL);
  g_autoptr(SoupMessage) msg = new_message (f, "GET", path, f->tokens[who], NULL, NULL);
  GBytes *answer = send_message (f->session, msg);

  g_assert_cmpuint (soup_message_get_status (msg), ==, status);
  return answer;
}

static void
test_blobs (Fixture *f,
            gconstpointer data)
{
  g_auto(Request) request = { NULL };
  g_autoptr(JsonObject) submitted = NULL;
  g_autoptr(GBytes) applicant = NULL;
  g_autoptr(GBytes) approver = NULL;
  g_autoptr(GBytes) auditor = NULL;
  g_autoptr(GBytes) other = NULL;
  g_autoptr(GBytes) admin = NULL;
  g_autoptr(GBytes) wrong = g_bytes_new_static ("not the document", 16);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonObject) mismatch = NULL;
  g_autofree char *path = NULL;
  const char *const secrets[] = { "%PDF", NULL };

  request_init (&request, "%PDF-1.4 blobs\n");
  submitted = submit (f, &request);

  /* Those who read the request read its document; nobody else. */
  applicant = get_blob (f, SATO, request.pdf_sha256, SOUP_STATUS_OK);
  approver = get_blob (f, TANAKA, request.pdf_sha256, SOUP_STATUS_OK);
  auditor = get_blob (f, KANSA, request.pdf_sha256, SOUP_STATUS_OK);
  g_assert_true (g_bytes_equal (applicant, request.pdf));
  g_assert_true (g_bytes_equal (approver, request.pdf));
  g_assert_true (g_bytes_equal (auditor, request.pdf));
  other = get_blob (f, YAMADA, request.pdf_sha256, SOUP_STATUS_NOT_FOUND);
  admin = get_blob (f, KANRI, request.pdf_sha256, SOUP_STATUS_NOT_FOUND);
  {
    g_autoptr(JsonObject) a = parse_object (other);
    g_autoptr(JsonObject) b = parse_object (admin);
    assert_error (a, "not-found", secrets);
    assert_error (b, "not-found", secrets);
  }

  /* The bytes must have the sha256 of their name. */
  path = g_strconcat ("/blobs/", request.pdf_sha256, NULL);
  msg = new_message (f, "PUT", path, f->tokens[SATO], wrong, "application/pdf");
  answer = send_message (f->session, msg);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_BAD_REQUEST);
  mismatch = parse_object (answer);
  assert_error (mismatch, "hash-mismatch", NULL);
}

static void
test_blob_too_large (Fixture *f,
                     gconstpointer data)
{
  g_autofree guint8 *big = g_malloc0 (1001);
  g_autoptr(GBytes) too_big = g_bytes_new_take (g_steal_pointer (&big), 1001);
  g_autoptr(GBytes) fits = g_bytes_new_static ("%PDF-1.4 small enough\n", 22);
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, too_big);
  g_autofree char *path = g_strconcat ("/blobs/", sha256, NULL);
  g_autoptr(SoupMessage) msg = new_message (f, "PUT", path, f->tokens[SATO], too_big, "application/pdf");
  g_autoptr(GBytes) answer = send_message (f->session, msg);
  g_autoptr(JsonObject) refused = NULL;

  /* This server takes 1000 bytes at most. */
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE);
  refused = parse_object (answer);
  assert_error (refused, "too-large", NULL);
  put_blob (f, SATO, fits);
}

/* Reads a response on a raw connection: its status and its body. */
static char *
read_raw_answer (GIOStream *stream,
                 char **out_body)
{
  g_autoptr(GDataInputStream) in = g_data_input_stream_new (g_io_stream_get_input_stream (stream));
  g_autoptr(GString) headers = g_string_new (NULL);
  char body[4096] = { 0 };
  gsize length = 0;
  char *status;

  g_data_input_stream_set_newline_type (in, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);
  status = ringi_test_read_head (in, headers);
  ringi_test_assert_contains (headers->str, "Connection: close");
  g_input_stream_read_all (G_INPUT_STREAM (in), body, sizeof body - 1, &length, NULL, NULL);
  *out_body = g_strdup (body);
  return status;
}

static char *
upload_head (Fixture *f,
             const char *length_header)
{
  g_autofree char *sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "large", -1);

  return g_strdup_printf ("PUT /api/v1/blobs/%s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          "Authorization: Bearer %s\r\nContent-Type: application/pdf\r\n%s\r\n\r\n",
                          sha256, f->tokens[SATO], length_header);
}

static void
test_blob_too_large_announced (Fixture *f,
                               gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOStream) stream = ringi_test_server_connect_tls (f->server, f->ca, &error);
  g_autofree char *head = upload_head (f, "Content-Length: 50000001\r\nExpect: 100-continue");
  g_autofree char *status = NULL;
  g_autofree char *body = NULL;

  /* 50 MB and one byte announced, by default too many: the answer comes
   * before a byte of the body is sent. */
  g_assert_no_error (error);
  ringi_test_write_text (stream, head);
  status = read_raw_answer (stream, &body);
  g_assert_cmpstr (status, ==, "HTTP/1.1 413 Request Entity Too Large");
  ringi_test_assert_contains (body, "\"too-large\"");
}

static void
test_blob_too_large_streaming (Fixture *f,
                               gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOStream) stream = ringi_test_server_connect_tls (f->server, f->ca, &error);
  g_autofree char *head = upload_head (f, "Transfer-Encoding: chunked");
  g_autofree char *chunk = g_strnfill (600, 'x');
  g_autofree char *status = NULL;
  g_autofree char *body = NULL;

  /* Without a length, the body is counted as it streams in. */
  g_assert_no_error (error);
  ringi_test_write_text (stream, head);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *framed = g_strdup_printf ("%x\r\n%s\r\n", 600, chunk);
      ringi_test_write_text (stream, framed);
    }
  ringi_test_write_text (stream, "0\r\n\r\n");
  status = read_raw_answer (stream, &body);
  g_assert_cmpstr (status, ==, "HTTP/1.1 413 Request Entity Too Large");
  ringi_test_assert_contains (body, "\"too-large\"");
}

/* Who may do what */

typedef struct
{
  const char *method;
  const char *path;
  gboolean document; /* the path ends with a document's sha256 */
} Endpoint;

static const Endpoint endpoints[] = {
  { "GET", "/directory", FALSE },
  { "GET", "/changes?since=0", FALSE },
  { "POST", "/ops", FALSE },
  { "PUT", "/blobs/", TRUE },
  { "GET", "/blobs/", TRUE },
  { "GET", "/events", FALSE },
};

static SoupMessage *
endpoint_message (Fixture *f,
                  const Endpoint *endpoint,
                  const char *token,
                  GBytes *document)
{
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, document);
  g_autofree char *path = g_strconcat (endpoint->path, endpoint->document ? sha256 : "", NULL);
  g_autoptr(GBytes) ops = g_bytes_new_static ("{\"ops\": []}", 11);

  if (g_str_equal (endpoint->method, "PUT"))
    return new_message (f, endpoint->method, path, token, document, "application/pdf");
  if (g_str_equal (endpoint->method, "POST"))
    return new_message (f, endpoint->method, path, token, ops, "application/json");
  return new_message (f, endpoint->method, path, token, NULL, NULL);
}

/* Each endpoint refuses @token with @status and @code, telling nothing
 * of the request. */
static void
assert_refused_everywhere (Fixture *f,
                           const char *token,
                           guint status,
                           const char *code,
                           const Request *request)
{
  const char *const secrets[] = { request->id, request->pdf_sha256, "コピー用紙", "%PDF", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (endpoints); i++)
    {
      g_autoptr(SoupMessage) msg = endpoint_message (f, &endpoints[i], token, request->pdf);
      g_autoptr(GBytes) answer = send_message (f->session, msg);
      g_autoptr(JsonObject) error = NULL;

      g_assert_cmpuint (soup_message_get_status (msg), ==, status);
      error = parse_object (answer);
      assert_error (error, code, secrets);
    }
}

static void
add_dead_token (Fixture *f,
                const char *token,
                gint64 created,
                gint64 expires)
{
  g_autoptr(RingiServerStorage) storage = open_storage (f);
  g_autofree char *hash = ringi_server_secret_sha256 (token);
  g_autoptr(GError) error = NULL;

  g_assert_true (ringi_server_storage_add_token (storage, hash, "sato", created, expires, &error));
  g_assert_no_error (error);
}

static void
test_unauthenticated (Fixture *f,
                      gconstpointer data)
{
  g_auto(Request) request = { NULL };
  g_autoptr(JsonObject) submitted = NULL;
  g_autoptr(RingiTestRun) disable = NULL;
  gint64 now = now_seconds ();

  request_init (&request, "%PDF-1.4 matrix\n");
  submitted = submit (f, &request);

  /* No token, a made-up one, one past its 12 hours, one unused for an
   * hour: all alike. */
  assert_refused_everywhere (f, NULL, SOUP_STATUS_UNAUTHORIZED, "unauthenticated", &request);
  assert_refused_everywhere (f, "bm90IGEgdG9rZW4=", SOUP_STATUS_UNAUTHORIZED, "unauthenticated", &request);
  add_dead_token (f, "expired-token", now - 13 * HOUR, now - HOUR);
  assert_refused_everywhere (f, "expired-token", SOUP_STATUS_UNAUTHORIZED, "unauthenticated", &request);
  add_dead_token (f, "idle-token", now - 2 * HOUR, now + 10 * HOUR);
  assert_refused_everywhere (f, "idle-token", SOUP_STATUS_UNAUTHORIZED, "unauthenticated", &request);

  /* Disabling Sato ends his session at once, while the server runs. */
  disable = ringi_test_server_run ("user", "disable", "--data", f->data, "sato", NULL);
  g_assert_cmpint (disable->status, ==, 0);
  assert_refused_everywhere (f, f->tokens[SATO], SOUP_STATUS_UNAUTHORIZED, "unauthenticated", &request);
}

static void
test_other_user (Fixture *f,
                 gconstpointer data)
{
  g_auto(Request) request = { NULL };
  g_autoptr(JsonObject) submitted = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(JsonObject) refused = NULL;
  g_autoptr(GBytes) document = NULL;
  StampSpec meddle = { YAMADA, NULL, RINGI_ACTION_APPROVE, 1, NULL, NULL, NULL, -1 };
  const char *const secrets[] = { "コピー用紙", "%PDF", NULL };
  JsonArray *changes;

  request_init (&request, "%PDF-1.4 other user\n");
  submitted = submit (f, &request);

  /* Yamada is on no route: the request does not exist for him. */
  changes = pull (f, YAMADA, 0, &answer);
  for (guint i = 0; i < json_array_get_length (changes); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (changes, i), "kind"), ==, "user");
  document = get_blob (f, YAMADA, request.pdf_sha256, SOUP_STATUS_NOT_FOUND);
  {
    g_autoptr(JsonObject) error = parse_object (document);
    assert_error (error, "not-found", secrets);
  }
  refused = send_stamp (f, &request, &meddle, NULL, NULL);
  assert_refused (refused, "not-found");
  g_assert_null (strstr (json_object_get_string_member (json_object_get_object_member (refused, "error"), "message"),
                         "コピー用紙"));
}

static void
test_wrong_role (Fixture *f,
                 gconstpointer data)
{
  g_auto(Request) request = { NULL };
  g_autoptr(JsonObject) submitted = NULL;
  g_autoptr(JsonObject) admin_changes = NULL;
  g_autoptr(JsonObject) audit_changes = NULL;
  g_autoptr(GBytes) document = g_bytes_new_static ("%PDF-1.4 from an admin\n", 23);
  const Who readers_only[] = { KANRI, KANSA };
  JsonArray *changes;

  request_init (&request, "%PDF-1.4 roles\n");
  submitted = submit (f, &request);

  /* Admins and auditors submit nothing, stamp nothing, upload nothing. */
  for (guint i = 0; i < G_N_ELEMENTS (readers_only); i++)
    {
      g_autoptr(JsonObject) ops = call (f, "POST", "/ops", f->tokens[readers_only[i]], "{\"ops\": []}", SOUP_STATUS_FORBIDDEN);
      g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, document);
      g_autofree char *path = g_strconcat ("/blobs/", sha256, NULL);
      g_autoptr(SoupMessage) msg = new_message (f, "PUT", path, f->tokens[readers_only[i]], document, "application/pdf");
      g_autoptr(GBytes) answer = send_message (f->session, msg);
      g_autoptr(JsonObject) upload = NULL;

      assert_error (ops, "forbidden", NULL);
      g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_FORBIDDEN);
      upload = parse_object (answer);
      assert_error (upload, "forbidden", NULL);
    }

  /* The admin reads the directory, never a request; the auditor reads all. */
  changes = pull (f, KANRI, 0, &admin_changes);
  g_assert_cmpuint (json_array_get_length (changes), >, 0);
  g_assert_cmpuint (count_changes (changes, "user", NULL), ==, json_array_get_length (changes));
  changes = pull (f, KANSA, 0, &audit_changes);
  g_assert_cmpuint (count_changes (changes, "request", request.id), ==, 1);
  g_assert_cmpuint (count_changes (changes, "stamp", request.id), ==, 1);
}

/* The authorization matrix: every endpoint the router has, for every kind
 * of caller that must not get what a reader gets. */

typedef enum
{
  CALLER_NO_TOKEN,
  CALLER_EXPIRED,  /* Sato's token, past its 12 hours */
  CALLER_DISABLED, /* Suzuki's token, after `user disable suzuki` */
  CALLER_OTHER,    /* Yamada: staff, on no route of the request */
  CALLER_ADMIN,    /* manages users and routes, reads no request */
  CALLER_AUDITOR,  /* reads every request, changes none */
  N_CALLERS
} Caller;

static const char *const caller_names[N_CALLERS] = {
  "no token",
  "expired token",
  "disabled user",
  "other user",
  "admin",
  "auditor",
};

/* What the endpoint answers one caller. */
typedef struct
{
  guint status;
  const char *code; /* the error code; for a 200, one a result must carry */
  gboolean reads;   /* a 200 that legitimately holds the request */
} Expected;

#define UNAUTHENTICATED                                \
  {                                                    \
    SOUP_STATUS_UNAUTHORIZED, "unauthenticated", FALSE \
  }
#define FORBIDDEN                             \
  {                                           \
    SOUP_STATUS_FORBIDDEN, "forbidden", FALSE \
  }
#define HIDDEN                                \
  {                                           \
    SOUP_STATUS_NOT_FOUND, "not-found", FALSE \
  }
#define INVALID                                       \
  {                                                   \
    SOUP_STATUS_BAD_REQUEST, "invalid-request", FALSE \
  }
#define OK_NOTHING              \
  {                             \
    SOUP_STATUS_OK, NULL, FALSE \
  }
#define OK_READS               \
  {                            \
    SOUP_STATUS_OK, NULL, TRUE \
  }

typedef struct
{
  const char *endpoint; /* as ringi_server_dup_endpoints() names it */
  const char *path;     /* what the test asks, below /api/v1 */
  Expected expected[N_CALLERS];
} MatrixRow;

/* Open endpoints take no token: they answer everybody alike, here a
 * malformed body, and must tell nobody anything. A token of someone who
 * may not read a request gets nothing of it: 404 where a document is
 * named (as for a document that does not exist), 200 without it where
 * the answer is a list. The events WebSocket checks its token before the
 * handshake; what it pushes to whom is /ringi/server/api/events. */
static const MatrixRow matrix[] = {
  { "GET /api/v1/health", "/health", { OK_NOTHING, OK_NOTHING, OK_NOTHING, OK_NOTHING, OK_NOTHING, OK_NOTHING } },
  { "POST /api/v1/enroll", "/enroll", { INVALID, INVALID, INVALID, INVALID, INVALID, INVALID } },
  { "POST /api/v1/login/nonce", "/login/nonce", { INVALID, INVALID, INVALID, INVALID, INVALID, INVALID } },
  { "POST /api/v1/login", "/login", { INVALID, INVALID, INVALID, INVALID, INVALID, INVALID } },
  { "GET /api/v1/directory", "/directory", { UNAUTHENTICATED, UNAUTHENTICATED, UNAUTHENTICATED, OK_NOTHING, OK_NOTHING, OK_NOTHING } },
  { "GET /api/v1/changes", "/changes?since=0", { UNAUTHENTICATED, UNAUTHENTICATED, UNAUTHENTICATED, OK_NOTHING, OK_NOTHING, OK_READS } },
  { "POST /api/v1/ops", "/ops", { UNAUTHENTICATED, UNAUTHENTICATED, UNAUTHENTICATED, { SOUP_STATUS_OK, "not-found", FALSE }, FORBIDDEN, FORBIDDEN } },
  { "PUT /api/v1/blobs/", "/blobs/", { UNAUTHENTICATED, UNAUTHENTICATED, UNAUTHENTICATED, OK_NOTHING, FORBIDDEN, FORBIDDEN } },
  { "GET /api/v1/blobs/", "/blobs/", { UNAUTHENTICATED, UNAUTHENTICATED, UNAUTHENTICATED, HIDDEN, HIDDEN, OK_READS } },
  { "GET /api/v1/events", "/events", { UNAUTHENTICATED, UNAUTHENTICATED, UNAUTHENTICATED, INVALID, INVALID, INVALID } },
};

#undef UNAUTHENTICATED
#undef FORBIDDEN
#undef HIDDEN
#undef INVALID
#undef OK_NOTHING
#undef OK_READS

/* Every endpoint of the router has its row, and every row an endpoint:
 * a new endpoint fails here until someone decides who may use it. */
static void
test_matrix_covers_router (void)
{
  g_auto(GStrv) routed = ringi_server_dup_endpoints ();

  for (guint i = 0; routed[i] != NULL; i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; j < G_N_ELEMENTS (matrix) && !found; j++)
        found = g_str_equal (routed[i], matrix[j].endpoint);
      if (!found)
        g_error ("The endpoint %s has no row in the authorization matrix of test-server-api.c", routed[i]);
    }

  g_assert_cmpuint (g_strv_length (routed), ==, G_N_ELEMENTS (matrix));
}

typedef struct
{
  Request request;
  char *tokens[N_CALLERS];
  Who who[N_CALLERS]; /* whose key signs the ops sent as them */
} MatrixCase;

static GBytes *
matrix_body (MatrixCase *m,
             const MatrixRow *row,
             Caller caller,
             const char **out_type)
{
  StampSpec meddle = { m->who[caller], NULL, RINGI_ACTION_APPROVE, 1, NULL, NULL, NULL, -1 };
  g_auto(SignedStamp) stamp = { NULL };
  g_autofree char *id = NULL;
  g_autoptr(JsonNode) op = NULL;
  g_autoptr(JsonNode) batch = NULL;
  g_autofree char *text = NULL;
  gsize length;

  *out_type = "application/json";
  if (g_str_has_prefix (row->endpoint, "PUT "))
    {
      *out_type = "application/pdf";
      return g_bytes_ref (m->request.pdf);
    }
  if (!g_str_has_prefix (row->endpoint, "POST "))
    return NULL;
  if (!g_str_equal (row->path, "/ops"))
    return g_bytes_new_static ("{}", 2);

  /* A stamp on the request, signed by the caller themselves. */
  id = g_uuid_string_random ();
  make_stamp (&m->request, &meddle, &stamp);
  op = stamp_op (id, &m->request, &stamp, NULL);
  batch = batch_of (op);
  text = json_to_string (batch, FALSE);
  length = strlen (text);
  return g_bytes_new_take (g_steal_pointer (&text), length);
}

/* What no answer to these callers may hold: the request, its document,
 * the people on it, and anything of the database. What the caller named
 * may come back: the document's sha256 on the blob endpoints, the
 * request's id on /ops ("there is no request …", as for one that does
 * not exist). */
static void
assert_nothing_leaks (const char *text,
                      const MatrixRow *row,
                      MatrixCase *m,
                      const Expected *expected)
{
  const char *const always[] = { "コピー用紙", "テスト商事", "%PDF", "SELECT", "INSERT", "sqlite", "SQL", NULL };
  const char *const people[] = { "\"sato\"", "\"suzuki\"", "\"tanaka\"", "sato@", "suzuki@", "tanaka@", NULL };

  for (guint i = 0; always[i] != NULL; i++)
    if (strstr (text, always[i]) != NULL)
      g_error ("%s told “%s”: %s", row->endpoint, always[i], text);

  if (!g_str_has_prefix (row->path, "/blobs/") && strstr (text, m->request.pdf_sha256) != NULL)
    g_error ("%s told the document's sha256: %s", row->endpoint, text);
  if (!g_str_equal (row->path, "/ops") && strstr (text, m->request.id) != NULL)
    g_error ("%s told the request's id: %s", row->endpoint, text);

  /* Errors name nobody; lists (directory, changes) hold the directory. */
  for (guint i = 0; expected->status != SOUP_STATUS_OK && people[i] != NULL; i++)
    if (strstr (text, people[i]) != NULL)
      g_error ("%s named %s in an error: %s", row->endpoint, people[i], text);
}

static void
check_matrix_cell (Fixture *f,
                   MatrixCase *m,
                   const MatrixRow *row,
                   Caller caller)
{
  const Expected *expected = &row->expected[caller];
  const char *method_end = strchr (row->endpoint, ' ');
  g_autofree char *method = g_strndup (row->endpoint, method_end - row->endpoint);
  g_autofree char *path = g_strconcat (row->path, g_str_has_suffix (row->path, "/") ? m->request.pdf_sha256 : "", NULL);
  const char *type = NULL;
  g_autoptr(GBytes) body = matrix_body (m, row, caller, &type);
  g_autoptr(SoupMessage) msg = new_message (f, method, path, m->tokens[caller], body, type);
  g_autoptr(GBytes) answer = send_message (f->session, msg);
  g_autofree char *text = g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
  g_autofree char *code = expected->code ? g_strdup_printf ("\"code\":\"%s\"", expected->code) : NULL;

  g_test_message ("%s as %s → %u", row->endpoint, caller_names[caller], soup_message_get_status (msg));
  g_assert_cmpuint (soup_message_get_status (msg), ==, expected->status);
  if (expected->status != SOUP_STATUS_OK)
    {
      g_autoptr(JsonObject) error = parse_object (answer);

      assert_error (error, expected->code, NULL);
    }
  else if (code != NULL)
    ringi_test_assert_contains (text, code);

  /* A reader's answer holds the request: the leak check can see one. */
  if (expected->reads)
    g_assert_true (strstr (text, m->request.id) != NULL || strstr (text, "%PDF") != NULL);
  else
    assert_nothing_leaks (text, row, m, expected);
}

static void
test_matrix (Fixture *f,
             gconstpointer data)
{
  MatrixCase m = { { NULL } };
  g_autoptr(JsonObject) submitted = NULL;
  g_autoptr(RingiTestRun) disable = NULL;
  gint64 now = now_seconds ();

  request_init (&m.request, "%PDF-1.4 the matrix\n");
  submitted = submit (f, &m.request);

  add_dead_token (f, "expired-token", now - 13 * HOUR, now - HOUR);
  disable = ringi_test_server_run ("user", "disable", "--data", f->data, "suzuki", NULL);
  g_assert_cmpint (disable->status, ==, 0);

  m.tokens[CALLER_EXPIRED] = g_strdup ("expired-token");
  m.tokens[CALLER_DISABLED] = g_strdup (f->tokens[SUZUKI]);
  m.tokens[CALLER_OTHER] = g_strdup (f->tokens[YAMADA]);
  m.tokens[CALLER_ADMIN] = g_strdup (f->tokens[KANRI]);
  m.tokens[CALLER_AUDITOR] = g_strdup (f->tokens[KANSA]);
  m.who[CALLER_NO_TOKEN] = YAMADA;
  m.who[CALLER_EXPIRED] = SATO;
  m.who[CALLER_DISABLED] = SUZUKI;
  m.who[CALLER_OTHER] = YAMADA;
  m.who[CALLER_ADMIN] = KANRI;
  m.who[CALLER_AUDITOR] = KANSA;

  for (guint i = 0; i < G_N_ELEMENTS (matrix); i++)
    for (guint c = 0; c < N_CALLERS; c++)
      check_matrix_cell (f, &m, &matrix[i], c);

  /* Nothing any of them sent left a stamp. */
  {
    g_autoptr(JsonObject) answer = NULL;
    JsonArray *changes = pull (f, SATO, 0, &answer);

    g_assert_cmpuint (count_changes (changes, "stamp", m.request.id), ==, 1);
  }

  request_clear (&m.request);
  for (guint c = 0; c < N_CALLERS; c++)
    g_free (m.tokens[c]);
}

/* The change log */

static void
test_changes_paging (Fixture *f,
                     gconstpointer data)
{
  g_auto(Request) first = { NULL };
  g_auto(Request) second = { NULL };
  g_autoptr(JsonObject) a = NULL;
  g_autoptr(JsonObject) b = NULL;
  g_autoptr(JsonObject) page = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(JsonObject) all_answer = NULL;
  JsonArray *all;
  gint64 since = 0;
  gboolean more = TRUE;
  const char *bad_queries[] = { "since=-1", "since=x", "limit=0", "limit=501" };

  request_init (&first, "%PDF-1.4 paging one\n");
  request_init (&second, "%PDF-1.4 paging two\n");
  a = submit (f, &first);
  b = submit (f, &second);

  /* Pages of three, in order, with no change twice or left out. */
  all = pull (f, SUZUKI, 0, &all_answer);
  while (more)
    {
      g_autofree char *path = g_strdup_printf ("/changes?since=%" G_GINT64_FORMAT "&limit=3", since);
      JsonArray *changes;

      g_clear_pointer (&page, json_object_unref);
      page = call (f, "GET", path, f->tokens[SUZUKI], NULL, SOUP_STATUS_OK);
      changes = json_object_get_array_member (page, "changes");
      g_assert_cmpuint (json_array_get_length (changes), <=, 3);
      for (guint i = 0; i < json_array_get_length (changes); i++)
        {
          JsonObject *change = json_array_get_object_element (changes, i);

          g_assert_cmpint (json_object_get_int_member (change, "seq"), >, since);
          since = json_object_get_int_member (change, "seq");
          g_ptr_array_add (seen, json_object_ref (change));
        }
      g_assert_cmpint (json_object_get_int_member (page, "next"), ==, since);
      more = json_object_get_boolean_member (page, "more");
    }
  g_assert_cmpuint (seen->len, ==, json_array_get_length (all));
  g_assert_cmpuint (count_changes (all, "stamp", NULL), ==, 2);

  for (guint i = 0; i < G_N_ELEMENTS (bad_queries); i++)
    {
      g_autofree char *path = g_strconcat ("/changes?", bad_queries[i], NULL);
      g_autoptr(JsonObject) refused = call (f, "GET", path, f->tokens[SUZUKI], NULL, SOUP_STATUS_BAD_REQUEST);

      assert_error (refused, "invalid-request", NULL);
    }
}

static JsonNode *
delegate_op (const char *op_id,
             Who from,
             Who to)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) start = g_date_time_add_days (now, -1);
  g_autoptr(GDateTime) until = g_date_time_add_days (now, 7);
  g_autoptr(GDateTime) made = g_date_time_add_minutes (now, -5);
  g_autoptr(GDateTime) made_s = g_date_time_new_utc (g_date_time_get_year (made), g_date_time_get_month (made),
                                                      g_date_time_get_day_of_month (made), g_date_time_get_hour (made),
                                                      g_date_time_get_minute (made), 0);
  g_autofree char *uuid = g_uuid_string_random ();
  RingiDelegationFields fields = {
    .id = uuid,
    .from = users[from].login,
    .to = users[to].login,
    .valid_from = start,
    .valid_until = until,
    .signer_key = users[from].fingerprint,
    .time = made_s,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiDelegation) delegation = ringi_delegation_new (&fields, &error);
  g_autoptr(GBytes) record = NULL;
  g_autoptr(GBytes) signature = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_assert_no_error (error);
  record = ringi_delegation_to_bytes (delegation);
  signature = ringi_keyring_sign_detached (users[from].keyring, users[from].fingerprint, PIN, record, NULL, &error);
  g_assert_no_error (error);

  json_builder_begin_object (builder);
  add_string (builder, "id", op_id);
  add_string (builder, "type", "delegate");
  add_signed (builder, "delegation", record, signature, NULL);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
test_delegation (Fixture *f,
                 gconstpointer data)
{
  g_auto(Request) request = { NULL };
  g_autoptr(JsonObject) submitted = NULL;
  g_autoptr(JsonObject) approved = NULL;
  g_autoptr(JsonObject) delegated = NULL;
  g_autoptr(JsonObject) forged = NULL;
  g_autoptr(JsonObject) decided = NULL;
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(JsonNode) op = NULL;
  g_autoptr(JsonNode) theirs = NULL;
  g_autoptr(GBytes) document = NULL;
  StampSpec substitute = { YAMADA, NULL, RINGI_ACTION_APPROVE, 2, NULL, NULL, NULL, TANAKA };
  JsonArray *changes;
  gint64 cursor;

  request_init (&request, "%PDF-1.4 delegation\n");
  submitted = submit (f, &request);
  approved = approve (f, &request, SUZUKI, 1);
  assert_applied (approved);
  changes = pull (f, YAMADA, 0, &before);
  cursor = json_object_get_int_member (before, "next");
  g_assert_cmpuint (count_changes (changes, "request", request.id), ==, 0);

  /* Only Tanaka gives Tanaka's delegation. */
  theirs = delegate_op ("1c6d3e8f-9a0b-4c1d-8e2f-7a8b9c0d1e2f", TANAKA, YAMADA);
  forged = post_op (f, YAMADA, theirs);
  assert_refused (forged, "forbidden");

  /* Tanaka is away; Yamada decides for him (代決). */
  op = delegate_op ("2d7e4f9a-0b1c-4d2e-9f3a-8b9c0d1e2f3a", TANAKA, YAMADA);
  delegated = post_op (f, TANAKA, op);
  assert_applied (delegated);
  decided = send_stamp (f, &request, &substitute, NULL, NULL);
  assert_applied (decided);

  /* From the delegation on, Yamada reads Tanaka's requests: their past
   * changes come to him as new ones after his cursor. */
  changes = pull (f, YAMADA, cursor, &after);
  g_assert_cmpuint (count_changes (changes, "request", request.id), ==, 1);
  g_assert_cmpuint (count_changes (changes, "stamp", request.id), ==, 3);
  g_assert_cmpuint (count_changes (changes, "delegation", NULL), ==, 1);
  document = get_blob (f, YAMADA, request.pdf_sha256, SOUP_STATUS_OK);
  g_assert_true (g_bytes_equal (document, request.pdf));
}

/* Events */

typedef struct
{
  SoupWebsocketConnection *connection;
  GError *error;
  gboolean connected;
  GPtrArray *messages; /* JsonObject */
} Listener;

static void
on_message (SoupWebsocketConnection *connection,
            SoupWebsocketDataType type,
            GBytes *message,
            Listener *listener)
{
  g_assert_cmpint (type, ==, SOUP_WEBSOCKET_DATA_TEXT);
  g_ptr_array_add (listener->messages, parse_object (message));
}

static void
on_connected (GObject *source,
              GAsyncResult *result,
              gpointer user_data)
{
  Listener *listener = user_data;

  listener->connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &listener->error);
  if (listener->connection != NULL)
    g_signal_connect (listener->connection, "message", G_CALLBACK (on_message), listener);
  listener->connected = TRUE;
}

static void
listen_for_events (Fixture *f,
                   Who who,
                   Listener *listener)
{
  g_autoptr(SoupMessage) msg = new_message (f, "GET", "/events", f->tokens[who], NULL, NULL);

  listener->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  soup_session_websocket_connect_async (f->session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL, on_connected, listener);
  ringi_test_wait_for_flag (&listener->connected);
  g_assert_no_error (listener->error);
}

static void
listener_clear (Listener *listener)
{
  if (listener->connection != NULL)
    g_signal_handlers_disconnect_by_func (listener->connection, on_message, listener);
  g_clear_object (&listener->connection);
  g_clear_pointer (&listener->messages, g_ptr_array_unref);
  g_clear_error (&listener->error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Listener, listener_clear)

/* Spins until the listener has @n messages; returns the last one's seq. */
static gint64
wait_for_hint (Listener *listener,
               guint n)
{
  JsonObject *hint;

  while (listener->messages->len < n)
    g_main_context_iteration (NULL, TRUE);

  hint = g_ptr_array_index (listener->messages, n - 1);
  g_assert_cmpstr (json_object_get_string_member (hint, "type"), ==, "changes");
  return json_object_get_int_member (hint, "seq");
}

static void
test_events (Fixture *f,
             gconstpointer data)
{
  g_auto(Request) request = { NULL };
  g_auto(Listener) approver = { NULL };
  g_auto(Listener) other = { NULL };
  g_autoptr(JsonObject) submitted = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(RingiTestRun) route = NULL;
  gint64 first, hint, other_first, other_hint;
  JsonArray *changes;

  /* On connecting, each hears where its changes stand. */
  listen_for_events (f, SUZUKI, &approver);
  listen_for_events (f, YAMADA, &other);
  first = wait_for_hint (&approver, 1);
  other_first = wait_for_hint (&other, 1);
  g_assert_cmpint (first, >, 0);

  /* Sato submits: Suzuki, on the route, hears of it and pulls it. */
  request_init (&request, "%PDF-1.4 events\n");
  submitted = submit (f, &request);
  hint = wait_for_hint (&approver, 2);
  g_assert_cmpint (hint, >, first);
  changes = pull (f, SUZUKI, first, &answer);
  g_assert_cmpuint (count_changes (changes, "request", request.id), ==, 1);
  g_assert_cmpint (json_object_get_int_member (answer, "next"), ==, hint);

  /* Yamada hears nothing of it; his next hint is for a route template
   * the administrator adds from another process. */
  route = ringi_test_server_run ("route", "add", "--data", f->data, "--category", "出張",
                                 "--route", "final=tanaka", NULL);
  g_assert_cmpint (route->status, ==, 0);
  other_hint = wait_for_hint (&other, 2);
  g_assert_cmpint (other_hint, >, hint);
  g_clear_pointer (&answer, json_object_unref);
  changes = pull (f, YAMADA, other_first, &answer);
  g_assert_cmpuint (json_array_get_length (changes), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (changes, 0), "kind"), ==, "route-template");
  g_assert_cmpint (json_object_get_int_member (answer, "next"), ==, other_hint);
  g_assert_cmpuint (other.messages->len, ==, 2);
}

static const char *const small_blobs[] = { "--max-blob-size", "1000", NULL };

int
main (int argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  make_users ();

#define ADD(path, setup, func, data) \
  g_test_add (path, Fixture, data, setup, func, fixture_teardown)

  ADD ("/ringi/server/api/enroll/good", fixture_setup, test_enroll, NULL);
  ADD ("/ringi/server/api/enroll/wrong-code", fixture_setup, test_enroll_wrong_code, NULL);
  ADD ("/ringi/server/api/enroll/expired", fixture_setup, test_enroll_expired, NULL);
  ADD ("/ringi/server/api/enroll/key-taken", fixture_setup, test_enroll_key_taken, NULL);
  ADD ("/ringi/server/api/enroll/disabled", fixture_setup, test_enroll_disabled, NULL);
  ADD ("/ringi/server/api/login/good", fixture_setup, test_login, NULL);
  ADD ("/ringi/server/api/login/other-key", fixture_setup, test_login_other_key, NULL);
  ADD ("/ringi/server/api/login/replayed-nonce", fixture_setup, test_login_replayed_nonce, NULL);
  ADD ("/ringi/server/api/rate-limit/login", fixture_setup, test_rate_limit_login, NULL);
  ADD ("/ringi/server/api/rate-limit/address", fixture_setup, test_rate_limit_address, NULL);
  ADD ("/ringi/server/api/auth/unauthenticated", ready_setup, test_unauthenticated, NULL);
  ADD ("/ringi/server/api/auth/other-user", ready_setup, test_other_user, NULL);
  ADD ("/ringi/server/api/auth/wrong-role", ready_setup, test_wrong_role, NULL);
  ADD ("/ringi/server/api/auth/matrix", ready_setup, test_matrix, NULL);
  g_test_add_func ("/ringi/server/api/auth/matrix-covers-router", test_matrix_covers_router);
  ADD ("/ringi/server/api/ops/whole-route", ready_setup, test_whole_route, NULL);
  ADD ("/ringi/server/api/ops/comment", ready_setup, test_comment, NULL);
  ADD ("/ringi/server/api/ops/refusals", ready_setup, test_refusals, NULL);
  ADD ("/ringi/server/api/ops/replayed", ready_setup, test_replayed_op, NULL);
  ADD ("/ringi/server/api/ops/malformed", ready_setup, test_malformed_ops, NULL);
  ADD ("/ringi/server/api/ops/delegation", ready_setup, test_delegation, NULL);
  ADD ("/ringi/server/api/blobs/readers", ready_setup, test_blobs, NULL);
  ADD ("/ringi/server/api/blobs/too-large", ready_setup, test_blob_too_large, small_blobs);
  ADD ("/ringi/server/api/blobs/too-large-announced", ready_setup, test_blob_too_large_announced, NULL);
  ADD ("/ringi/server/api/blobs/too-large-streaming", ready_setup, test_blob_too_large_streaming, small_blobs);
  ADD ("/ringi/server/api/changes/paging", ready_setup, test_changes_paging, NULL);
  ADD ("/ringi/server/api/events", ready_setup, test_events, NULL);

#undef ADD

  status = g_test_run ();
  ringi_test_server_remove_template ();
  clear_users ();
  return status;
}
