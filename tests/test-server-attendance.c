/* test-server-attendance.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-server-attendance"

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <sqlite3.h>
#include <string.h>

#include "ringi-keyring.h"
#include "ringi-db.h"
#include "ringi-punch.h"
#include "ringi-server-attendance.h"
#include "ringi-server-data-dir.h"
#include "ringi-stamp.h"
#include "ringi-test-server.h"
#include "ringi-test-utils.h"

/* Punches through the real `ringi-server serve` over real TLS, by people
 * with real GnuPG homes: the `punch` op's checks, its receipt and clock
 * skew flag, duplicates, and who sees a punch in the change feed; the
 * punch a correction request carries, checked at submit and added by the
 * approval; the attendance settings in the directory. */

#define PIN "2468"

typedef enum
{
  SATO,   /* staff, whose manager is Tanaka */
  TANAKA, /* manager */
  YAMADA, /* staff, another team */
  KANSA,  /* auditor */
  KANRI,  /* admin */
  N_USERS
} Who;

typedef struct
{
  const char *login;
  const char *role;
  const char *manager;
  char *home;
  RingiKeyring *keyring;
  char *fingerprint;
  GBytes *public_key;
} User;

static User users[N_USERS] = {
  [SATO] = { "sato", "staff", "tanaka" },
  [TANAKA] = { "tanaka", "manager", NULL },
  [YAMADA] = { "yamada", "staff", NULL },
  [KANSA] = { "kansa", "auditor", NULL },
  [KANRI] = { "kanri", "admin", NULL },
};

typedef struct
{
  char *dir;
  char *data;
  char *codes[N_USERS];
  char *tokens[N_USERS];
  RingiTestServer *server;
  SoupSession *session;
  RingiKeyring *keyring; /* the server key's, to check receipts */
} Fixture;

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
make_users (void)
{
  for (guint i = 0; i < N_USERS; i++)
    {
      g_autoptr(GError) error = NULL;

      users[i].home = ringi_test_make_tmpdir ("ratt");
      ringi_test_write_fast_agent_conf (users[i].home);
      users[i].keyring = ringi_keyring_new (users[i].home, &error);
      g_assert_no_error (error);
      ringi_keyring_generate_key_async (users[i].keyring, users[i].login, users[i].login, PIN, NULL,
                                        generated_cb, &users[i]);
    }

  for (guint i = 0; i < N_USERS; i++)
    {
      g_autoptr(GError) error = NULL;

      ringi_test_wait_for_flag ((const gboolean *) &users[i].fingerprint);
      users[i].public_key = ringi_keyring_export_public (users[i].keyring, users[i].fingerprint, &error);
      g_assert_no_error (error);
    }
}

static void
clear_users (void)
{
  for (guint i = 0; i < N_USERS; i++)
    {
      ringi_keyring_kill_agent (users[i].keyring);
      g_clear_object (&users[i].keyring);
      ringi_test_remove_tree (users[i].home);
      g_clear_pointer (&users[i].home, g_free);
      g_clear_pointer (&users[i].fingerprint, g_free);
      g_clear_pointer (&users[i].public_key, g_bytes_unref);
    }
}

/* HTTP */

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

static JsonObject *
call (Fixture *f,
      const char *method,
      const char *path,
      const char *token,
      const char *body,
      guint status)
{
  g_autofree char *url = g_strconcat (ringi_test_server_get_url (f->server), "/api/v1", path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  Reply reply = { FALSE, NULL, NULL };

  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", value);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  soup_session_send_and_read_async (f->session, msg, G_PRIORITY_DEFAULT, NULL, on_reply, &reply);
  ringi_test_wait_for_flag (&reply.done);
  g_assert_no_error (reply.error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, status);

  json_parser_load_from_data (parser, g_bytes_get_data (reply.body, NULL), g_bytes_get_size (reply.body), &error);
  g_bytes_unref (reply.body);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static JsonObject *
call_node (Fixture *f,
           const char *path,
           const char *token,
           JsonNode *body,
           guint status)
{
  g_autofree char *text = json_to_string (body, FALSE);

  return call (f, "POST", path, token, text, status);
}

static JsonNode *
build_strings (const char *first_member,
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

static GBytes *
sign (User *user,
      GBytes *data)
{
  g_autoptr(GError) error = NULL;
  GBytes *signature = ringi_keyring_sign_detached (user->keyring, user->fingerprint, PIN, data, NULL, &error);

  g_assert_no_error (error);
  return signature;
}

static void
enroll_and_log_in (Fixture *f,
                   Who who)
{
  User *user = &users[who];
  g_autofree char *armored = g_strndup (g_bytes_get_data (user->public_key, NULL), g_bytes_get_size (user->public_key));
  g_autoptr(JsonNode) enroll = build_strings ("login", user->login, "code", f->codes[who], "public_key", armored, NULL);
  g_autoptr(JsonNode) ask = build_strings ("login", user->login, NULL);
  g_autoptr(JsonObject) enrolled = call_node (f, "/enroll", NULL, enroll, SOUP_STATUS_OK);
  g_autoptr(JsonObject) nonce = call_node (f, "/login/nonce", NULL, ask, SOUP_STATUS_OK);
  const char *challenge = json_object_get_string_member (nonce, "nonce");
  g_autoptr(GBytes) data = g_bytes_new (challenge, strlen (challenge));
  g_autoptr(GBytes) signature = sign (user, data);
  g_autofree char *signature_text = g_strndup (g_bytes_get_data (signature, NULL), g_bytes_get_size (signature));
  g_autoptr(JsonNode) login = build_strings ("login", user->login, "nonce", challenge, "signature", signature_text, NULL);
  g_autoptr(JsonObject) answer = call_node (f, "/login", NULL, login, SOUP_STATUS_OK);

  f->tokens[who] = g_strdup (json_object_get_string_member (answer, "token"));
}

static char *
add_user (Fixture *f,
          const User *user)
{
  g_autoptr(RingiTestRun) run = NULL;
  g_autoptr(GRegex) regex = g_regex_new ("^Enrollment code for [^:]+: (\\S+)$", G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();

  g_ptr_array_add (args, (char *) "user");
  g_ptr_array_add (args, (char *) "add");
  g_ptr_array_add (args, (char *) "--data");
  g_ptr_array_add (args, f->data);
  g_ptr_array_add (args, (char *) user->login);
  g_ptr_array_add (args, (char *) "--name=試験 太郎");
  g_ptr_array_add (args, (char *) "--seal-name=試験");
  g_ptr_array_add (args, (char *) "--dept=総務課");
  g_ptr_array_add (args, (char *) "--role");
  g_ptr_array_add (args, (char *) user->role);
  if (user->manager != NULL)
    {
      g_ptr_array_add (args, (char *) "--manager");
      g_ptr_array_add (args, (char *) user->manager);
    }
  g_ptr_array_add (args, NULL);

  run = ringi_test_server_runv ((const char *const *) args->pdata);
  g_assert_cmpstr (run->err, ==, "");
  g_assert_cmpint (run->status, ==, 0);
  g_assert_true (g_regex_match (regex, run->out, 0, &match));
  return g_match_info_fetch (match, 1);
}

static void
fixture_setup (Fixture *f,
               gconstpointer data)
{
  g_autofree char *ca = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) error = NULL;
  /* the manager first: `--manager` names an existing user */
  const Who order[N_USERS] = { TANAKA, SATO, YAMADA, KANSA, KANRI };

  f->dir = ringi_test_make_tmpdir ("ringi-att");
  f->data = g_build_filename (f->dir, "data", NULL);
  ringi_test_server_init_copy (f->data);
  for (guint i = 0; i < N_USERS; i++)
    f->codes[order[i]] = add_user (f, &users[order[i]]);

  f->server = ringi_test_server_start (f->data);
  ca = g_build_filename (f->data, "tls", "ca.pem", NULL);
  f->session = soup_session_new ();
  database = g_tls_file_database_new (ca, &error);
  g_assert_no_error (error);
  soup_session_set_tls_database (f->session, database);

  for (guint i = 0; i < N_USERS; i++)
    enroll_and_log_in (f, i);
}

static void
fixture_teardown (Fixture *f,
                  gconstpointer data)
{
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
  g_free (f->data);
  g_free (f->dir);
}

/* Punches */

typedef struct
{
  GBytes *record;
  GBytes *signature;
  char *sha256;
  char *uuid;
} SignedPunch;

static void
signed_punch_clear (SignedPunch *punch)
{
  g_clear_pointer (&punch->record, g_bytes_unref);
  g_clear_pointer (&punch->signature, g_bytes_unref);
  g_clear_pointer (&punch->sha256, g_free);
  g_clear_pointer (&punch->uuid, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SignedPunch, signed_punch_clear)

/* @login's punch, signed by @signer, @offset seconds from now,
 * replacing @corrects. */
static void
make_correcting_punch (SignedPunch *out,
                       const char *login,
                       User *signer,
                       RingiPunchKind kind,
                       gint64 offset,
                       const char *note,
                       const char *corrects)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) when = g_date_time_add_seconds (now, offset);
  g_autofree char *note_sha256 = note ? ringi_punch_hash_note (note) : NULL;
  g_autoptr(RingiPunch) punch = NULL;
  g_autoptr(GError) error = NULL;
  RingiPunchFields fields = {
    .login = login,
    .signer_key = signer->fingerprint,
    .kind = kind,
    .place = RINGI_PUNCH_PLACE_HOME,
    .client_time = when,
    .note_sha256 = note_sha256,
    .corrects = corrects,
  };

  out->uuid = g_uuid_string_random ();
  fields.punch = out->uuid;
  punch = ringi_punch_new (&fields, &error);
  g_assert_no_error (error);
  out->record = ringi_punch_to_bytes (punch);
  out->sha256 = ringi_punch_dup_sha256 (punch);
  out->signature = sign (signer, out->record);
}

static void
make_punch (SignedPunch *out,
            const char *login,
            User *signer,
            RingiPunchKind kind,
            gint64 offset,
            const char *note)
{
  make_correcting_punch (out, login, signer, kind, offset, note, NULL);
}

static JsonObject *
send_punch (Fixture *f,
            Who who,
            const char *op_id,
            const SignedPunch *punch,
            const char *note)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *record = g_base64_encode (g_bytes_get_data (punch->record, NULL), g_bytes_get_size (punch->record));
  g_autofree char *signature = g_strndup (g_bytes_get_data (punch->signature, NULL), g_bytes_get_size (punch->signature));
  g_autoptr(JsonObject) answer = NULL;
  JsonArray *results;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ops");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, op_id);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "punch");
  json_builder_set_member_name (builder, "punch");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "record");
  json_builder_add_string_value (builder, record);
  json_builder_set_member_name (builder, "signature");
  json_builder_add_string_value (builder, signature);
  if (note != NULL)
    {
      json_builder_set_member_name (builder, "note");
      json_builder_add_string_value (builder, note);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  answer = call_node (f, "/ops", f->tokens[who], body, SOUP_STATUS_OK);
  results = json_object_get_array_member (answer, "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 1);
  return json_object_ref (json_array_get_object_element (results, 0));
}

static void
assert_refused (JsonObject *result,
                const char *code)
{
  JsonObject *error = json_object_get_object_member (result, "error");

  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "refused");
  g_assert_nonnull (error);
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, code);
  g_assert_cmpuint (strlen (json_object_get_string_member (error, "message")), >, 0);
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
  *out_fingerprint = g_strdup (imported[0]);
  return f->keyring;
}

/* The receipt is signed by the server for this punch; returns its text. */
static char *
check_receipt (Fixture *f,
               JsonObject *receipt,
               const char *punch_sha256)
{
  g_autofree char *server_fingerprint = NULL;
  RingiKeyring *keyring = f->keyring ? f->keyring : server_keyring (f, &server_fingerprint);
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
  if (server_fingerprint != NULL)
    g_assert_cmpstr (signed_by, ==, server_fingerprint);

  expected = g_strdup_printf ("Ringi-Punch-Receipt: 1\nPunch-SHA256: %s\nServer-Time: ", punch_sha256);
  g_assert_true (g_str_has_prefix ((const char *) decoded, expected));
  ringi_test_assert_contains ((const char *) decoded, signed_by);
  return g_strndup ((const char *) decoded, size);
}

static gint64
receipt_skew (const char *receipt)
{
  const char *line = strstr (receipt, "\nClock-Skew: ");

  g_assert_nonnull (line);
  return g_ascii_strtoll (line + strlen ("\nClock-Skew: "), NULL, 10);
}

static JsonArray *
pull (Fixture *f,
      Who who,
      JsonObject **out_answer)
{
  *out_answer = call (f, "GET", "/changes?since=0", f->tokens[who], NULL, SOUP_STATUS_OK);
  return json_object_get_array_member (*out_answer, "changes");
}

/* The `punch` changes @who sees, by punch uuid. */
static JsonObject *
find_punch_change (Fixture *f,
                   Who who,
                   const char *uuid,
                   JsonObject **out_answer)
{
  JsonArray *changes = pull (f, who, out_answer);

  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *change = json_array_get_object_element (changes, i);

      if (g_str_equal (json_object_get_string_member (change, "kind"), "punch") &&
          g_strcmp0 (json_object_get_string_member (change, "punch"), uuid) == 0)
        return change;
    }

  return NULL;
}

/* The `request` change @who sees for request @id */
static JsonObject *
find_request_change (Fixture *f,
                     Who who,
                     const char *id,
                     JsonObject **out_answer)
{
  JsonArray *changes = pull (f, who, out_answer);

  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *change = json_array_get_object_element (changes, i);

      if (g_str_equal (json_object_get_string_member (change, "kind"), "request") &&
          g_strcmp0 (json_object_get_string_member (change, "id"), id) == 0)
        return change;
    }

  return NULL;
}

static void
test_punch_receipt (Fixture *f,
                    gconstpointer data)
{
  g_auto(SignedPunch) punch = { 0 };
  g_autofree char *op_id = g_uuid_string_random ();
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autofree char *receipt = NULL;
  JsonObject *change;

  make_punch (&punch, "sato", &users[SATO], RINGI_PUNCH_CLOCK_IN, -20, "電車遅延");
  result = send_punch (f, SATO, op_id, &punch, "電車遅延");
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "applied");
  receipt = check_receipt (f, json_object_get_object_member (result, "receipt"), punch.sha256);
  /* punched 20 s ago by a right clock: a small skew, not flagged */
  g_assert_cmpint (receipt_skew (receipt), >=, 20);
  g_assert_cmpint (receipt_skew (receipt), <, 300);

  /* The same op again gets the same result, and nothing more is stored. */
  again = send_punch (f, SATO, op_id, &punch, "電車遅延");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (again, "receipt"), "record"), ==,
                   json_object_get_string_member (json_object_get_object_member (result, "receipt"), "record"));

  change = find_punch_change (f, SATO, punch.uuid, &answer);
  g_assert_nonnull (change);
  g_assert_cmpstr (json_object_get_string_member (change, "login"), ==, "sato");
  g_assert_cmpstr (json_object_get_string_member (change, "sha256"), ==, punch.sha256);
  g_assert_cmpstr (json_object_get_string_member (change, "note"), ==, "電車遅延");
  g_assert_false (json_object_get_boolean_member (change, "skewed"));
  g_assert_cmpint (json_object_get_int_member (change, "server_time"), >, 0);
  g_free (check_receipt (f, json_object_get_object_member (change, "receipt"), punch.sha256));
}

static void
test_punch_skew (Fixture *f,
                 gconstpointer data)
{
  g_auto(SignedPunch) late = { 0 };
  g_auto(SignedPunch) ahead = { 0 };
  g_auto(SignedPunch) near = { 0 };
  g_autofree char *op1 = g_uuid_string_random ();
  g_autofree char *op2 = g_uuid_string_random ();
  g_autofree char *op3 = g_uuid_string_random ();
  g_autoptr(JsonObject) result1 = NULL;
  g_autoptr(JsonObject) result2 = NULL;
  g_autoptr(JsonObject) result3 = NULL;
  g_autoptr(JsonObject) answer1 = NULL;
  g_autoptr(JsonObject) answer2 = NULL;
  g_autoptr(JsonObject) answer3 = NULL;
  g_autofree char *receipt1 = NULL;
  g_autofree char *receipt2 = NULL;

  /* Punched offline an hour ago and synced now: the difference is the
   * receipt's to record and the timesheet's to flag. */
  make_punch (&late, "sato", &users[SATO], RINGI_PUNCH_CLOCK_IN, -3600, NULL);
  /* A clock six minutes fast. */
  make_punch (&ahead, "sato", &users[SATO], RINGI_PUNCH_BREAK_START, 360, NULL);
  /* Four minutes slow: within the five allowed. */
  make_punch (&near, "sato", &users[SATO], RINGI_PUNCH_BREAK_END, -240, NULL);

  result1 = send_punch (f, SATO, op1, &late, NULL);
  result2 = send_punch (f, SATO, op2, &ahead, NULL);
  result3 = send_punch (f, SATO, op3, &near, NULL);
  receipt1 = check_receipt (f, json_object_get_object_member (result1, "receipt"), late.sha256);
  receipt2 = check_receipt (f, json_object_get_object_member (result2, "receipt"), ahead.sha256);
  g_assert_cmpint (receipt_skew (receipt1), >=, 3600);
  g_assert_cmpint (receipt_skew (receipt2), <=, -300);

  g_assert_true (json_object_get_boolean_member (find_punch_change (f, SATO, late.uuid, &answer1), "skewed"));
  g_assert_true (json_object_get_boolean_member (find_punch_change (f, SATO, ahead.uuid, &answer2), "skewed"));
  g_assert_false (json_object_get_boolean_member (find_punch_change (f, SATO, near.uuid, &answer3), "skewed"));
}

static void
test_punch_refusals (Fixture *f,
                     gconstpointer data)
{
  g_auto(SignedPunch) good = { 0 };
  g_auto(SignedPunch) for_other = { 0 };
  g_auto(SignedPunch) wrong_key = { 0 };
  g_auto(SignedPunch) noteless = { 0 };
  g_autofree char *op1 = g_uuid_string_random ();
  g_autofree char *op2 = g_uuid_string_random ();
  g_autofree char *op3 = g_uuid_string_random ();
  g_autofree char *op4 = g_uuid_string_random ();
  g_autofree char *op5 = g_uuid_string_random ();
  g_autofree char *op6 = g_uuid_string_random ();
  g_autoptr(JsonObject) applied = NULL;
  g_autoptr(JsonObject) duplicate = NULL;
  g_autoptr(JsonObject) not_yours = NULL;
  g_autoptr(JsonObject) not_bound = NULL;
  g_autoptr(JsonObject) bad_note = NULL;
  g_autoptr(JsonObject) bad_signature = NULL;
  SignedPunch tampered = { 0 };

  make_punch (&good, "sato", &users[SATO], RINGI_PUNCH_CLOCK_IN, 0, NULL);
  applied = send_punch (f, SATO, op1, &good, NULL);
  g_assert_cmpstr (json_object_get_string_member (applied, "status"), ==, "applied");

  /* The same punch under a new op id: once is enough. */
  duplicate = send_punch (f, SATO, op2, &good, NULL);
  assert_refused (duplicate, "duplicate-punch");

  /* Yamada sends a punch of Sato's, signed by Yamada. */
  make_punch (&for_other, "sato", &users[YAMADA], RINGI_PUNCH_CLOCK_OUT, 0, NULL);
  not_yours = send_punch (f, YAMADA, op3, &for_other, NULL);
  assert_refused (not_yours, "forbidden");

  /* Sato's punch naming Yamada's key. */
  make_punch (&wrong_key, "sato", &users[YAMADA], RINGI_PUNCH_CLOCK_OUT, 0, NULL);
  not_bound = send_punch (f, SATO, op4, &wrong_key, NULL);
  assert_refused (not_bound, "key-not-bound");

  /* A note the record does not hash. */
  make_punch (&noteless, "sato", &users[SATO], RINGI_PUNCH_OUT, 0, NULL);
  bad_note = send_punch (f, SATO, op5, &noteless, "ほかのメモ");
  assert_refused (bad_note, "invalid-request");

  /* A signature of other bytes. */
  make_punch (&tampered, "sato", &users[SATO], RINGI_PUNCH_CLOCK_OUT, 0, NULL);
  g_bytes_unref (tampered.signature);
  tampered.signature = sign (&users[SATO], good.record);
  bad_signature = send_punch (f, SATO, op6, &tampered, NULL);
  assert_refused (bad_signature, "bad-signature");
  signed_punch_clear (&tampered);
}

/* Sato's punch reaches Sato, Sato's manager and the auditor; not
 * another member of staff, nor the administrator. */
static void
test_punch_visibility (Fixture *f,
                       gconstpointer data)
{
  g_auto(SignedPunch) punch = { 0 };
  g_autofree char *op_id = g_uuid_string_random ();
  g_autoptr(JsonObject) result = NULL;
  const gboolean sees[N_USERS] = { [SATO] = TRUE, [TANAKA] = TRUE, [KANSA] = TRUE };

  make_punch (&punch, "sato", &users[SATO], RINGI_PUNCH_CLOCK_IN, 0, NULL);
  result = send_punch (f, SATO, op_id, &punch, NULL);
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "applied");

  for (guint i = 0; i < N_USERS; i++)
    {
      g_autoptr(JsonObject) answer = NULL;

      g_test_message ("viewer: %s", users[i].login);
      if (sees[i])
        g_assert_nonnull (find_punch_change (f, i, punch.uuid, &answer));
      else
        g_assert_null (find_punch_change (f, i, punch.uuid, &answer));
    }
}

/* Correction requests (打刻修正申請) */

/* {"record", "signature", @text_member?}: a stamp's "comment", a punch's "note" */
static void
add_signed_member (JsonBuilder *builder,
                   const char *member,
                   GBytes *record,
                   GBytes *signature,
                   const char *text_member,
                   const char *text)
{
  g_autofree char *encoded = g_base64_encode (g_bytes_get_data (record, NULL), g_bytes_get_size (record));
  g_autofree char *armored = g_strndup (g_bytes_get_data (signature, NULL), g_bytes_get_size (signature));

  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "record");
  json_builder_add_string_value (builder, encoded);
  json_builder_set_member_name (builder, "signature");
  json_builder_add_string_value (builder, armored);
  if (text != NULL)
    {
      json_builder_set_member_name (builder, text_member);
      json_builder_add_string_value (builder, text);
    }
  json_builder_end_object (builder);
}

static JsonObject *
send_op (Fixture *f,
         Who who,
         JsonBuilder *op)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonObject) answer = NULL;
  JsonArray *results;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ops");
  json_builder_begin_array (builder);
  json_builder_add_value (builder, json_builder_get_root (op));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  answer = call_node (f, "/ops", f->tokens[who], body, SOUP_STATUS_OK);
  results = json_object_get_array_member (answer, "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 1);
  return json_object_ref (json_array_get_object_element (results, 0));
}

typedef struct
{
  char *id;
  char *submit_sha256; /* the chain so far */
} Correction;

static void
correction_clear (Correction *c)
{
  g_clear_pointer (&c->id, g_free);
  g_clear_pointer (&c->submit_sha256, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Correction, correction_clear)

/* Sato submits a request of @category on the route final=tanaka, with
 * @punch as its `correction` when given; returns the op's result. */
static JsonObject *
submit_correction (Fixture *f,
                   Correction *out,
                   const char *category,
                   const SignedPunch *punch,
                   const char *note)
{
  g_autofree char *pdf = g_strdup_printf ("%%PDF-1.4 打刻修正 %s\n", punch ? punch->sha256 : "none");
  g_autofree char *sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, pdf, -1);
  g_autofree char *path = g_strconcat ("/blobs/", sha256, NULL);
  g_autoptr(JsonObject) stored = call (f, "PUT", path, f->tokens[SATO], pdf, SOUP_STATUS_OK);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *created_at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S%:z");
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *op_id = g_uuid_string_random ();
  g_autoptr(JsonBuilder) op = json_builder_new ();
  g_autoptr(RingiStamp) stamp = NULL;
  g_autoptr(GBytes) record = NULL;
  g_autoptr(GBytes) signature = NULL;
  g_autoptr(GError) error = NULL;
  RingiStampFields fields = {
    .revision = 1,
    .document_sha256 = sha256,
    .action = RINGI_ACTION_SUBMIT,
    .signer = "sato",
    .signer_key = users[SATO].fingerprint,
    .time = now,
    .route = "final=tanaka",
  };

  out->id = g_uuid_string_random ();
  fields.document = out->id;
  stamp = ringi_stamp_new (&fields, &error);
  g_assert_no_error (error);
  record = ringi_stamp_to_bytes (stamp);
  signature = sign (&users[SATO], record);
  out->submit_sha256 = ringi_stamp_dup_sha256 (stamp);

  json_builder_begin_object (op);
  json_builder_set_member_name (op, "id");
  json_builder_add_string_value (op, op_id);
  json_builder_set_member_name (op, "type");
  json_builder_add_string_value (op, "create-request");
  json_builder_set_member_name (op, "request");
  json_builder_begin_object (op);
  json_builder_set_member_name (op, "id");
  json_builder_add_string_value (op, out->id);
  json_builder_set_member_name (op, "title");
  json_builder_add_string_value (op, "打刻修正");
  json_builder_set_member_name (op, "category");
  json_builder_add_string_value (op, category);
  json_builder_set_member_name (op, "amount");
  json_builder_add_null_value (op);
  json_builder_set_member_name (op, "counterparty");
  json_builder_add_string_value (op, "");
  json_builder_set_member_name (op, "transaction_date");
  json_builder_add_string_value (op, today);
  json_builder_set_member_name (op, "applicant");
  json_builder_add_string_value (op, "sato");
  json_builder_set_member_name (op, "created_at");
  json_builder_add_string_value (op, created_at);
  json_builder_end_object (op);
  json_builder_set_member_name (op, "revision_sha256");
  json_builder_add_string_value (op, sha256);
  add_signed_member (op, "stamp", record, signature, "comment", NULL);
  if (punch != NULL)
    add_signed_member (op, "correction", punch->record, punch->signature, "note", note);
  json_builder_end_object (op);
  return send_op (f, SATO, op);
}

/* Tanaka decides @c: approves, or rejects with a comment. */
static JsonObject *
decide (Fixture *f,
        const Correction *c,
        RingiAction action)
{
  const char *comment = action == RINGI_ACTION_REJECT ? "記録がありません" : NULL;
  g_autofree char *comment_sha256 = comment ? ringi_stamp_hash_comment (comment) : NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *op_id = g_uuid_string_random ();
  g_autoptr(JsonBuilder) op = json_builder_new ();
  g_autoptr(RingiStamp) stamp = NULL;
  g_autoptr(GBytes) record = NULL;
  g_autoptr(GBytes) signature = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) document = NULL;
  RingiStampFields fields = {
    .document = c->id,
    .revision = 1,
    .step = 1,
    .action = action,
    .signer = "tanaka",
    .signer_key = users[TANAKA].fingerprint,
    .time = now,
    .previous = c->submit_sha256,
    .comment_sha256 = comment_sha256,
  };
  g_autofree char *pdf_sha256 = NULL;

  /* the document's sha256 as the submit named it */
  {
    g_autoptr(JsonObject) answer = NULL;
    JsonArray *changes = pull (f, TANAKA, &answer);

    for (guint i = 0; i < json_array_get_length (changes); i++)
      {
        JsonObject *change = json_array_get_object_element (changes, i);

        if (g_str_equal (json_object_get_string_member (change, "kind"), "revision") &&
            g_strcmp0 (json_object_get_string_member (change, "request_id"), c->id) == 0)
          pdf_sha256 = g_strdup (json_object_get_string_member (change, "sha256"));
      }
  }
  g_assert_nonnull (pdf_sha256);
  fields.document_sha256 = pdf_sha256;

  stamp = ringi_stamp_new (&fields, &error);
  g_assert_no_error (error);
  record = ringi_stamp_to_bytes (stamp);
  signature = sign (&users[TANAKA], record);

  json_builder_begin_object (op);
  json_builder_set_member_name (op, "id");
  json_builder_add_string_value (op, op_id);
  json_builder_set_member_name (op, "type");
  json_builder_add_string_value (op, "stamp");
  json_builder_set_member_name (op, "request_id");
  json_builder_add_string_value (op, c->id);
  add_signed_member (op, "stamp", record, signature, "comment", comment);
  json_builder_end_object (op);
  return send_op (f, TANAKA, op);
}

static void
assert_applied (JsonObject *result)
{
  if (json_object_has_member (result, "error"))
    g_test_message ("refused: %s",
                    json_object_get_string_member (json_object_get_object_member (result, "error"), "message"));
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "applied");
}

/* The approval adds exactly the punch the request carries, with its
 * receipt, for Sato, his manager and the auditor, never flagged skewed;
 * the punch cannot be sent again by itself. */
static void
test_correction_approved (Fixture *f,
                          gconstpointer data)
{
  g_auto(SignedPunch) wrong = { 0 };
  g_auto(SignedPunch) fix = { 0 };
  g_auto(Correction) c = { 0 };
  g_autofree char *op1 = g_uuid_string_random ();
  g_autofree char *op2 = g_uuid_string_random ();
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(JsonObject) approved = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(JsonObject) answer2 = NULL;
  g_autoptr(JsonObject) answer3 = NULL;
  g_autoptr(JsonObject) answer4 = NULL;
  g_autofree char *encoded = NULL;
  JsonObject *change;
  JsonObject *carried;

  make_punch (&wrong, "sato", &users[SATO], RINGI_PUNCH_CLOCK_IN, 0, NULL);
  result = send_punch (f, SATO, op1, &wrong, NULL);
  assert_applied (result);
  g_clear_pointer (&result, json_object_unref);

  /* Three hours back: far off the server's clock, on purpose. */
  make_correcting_punch (&fix, "sato", &users[SATO], RINGI_PUNCH_CLOCK_IN, -3 * 3600, "打刻忘れ", wrong.uuid);
  result = submit_correction (f, &c, "打刻修正", &fix, "打刻忘れ");
  assert_applied (result);

  /* The manager's request change carries the punch, as Sato signed it. */
  change = find_request_change (f, TANAKA, c.id, &answer4);
  g_assert_nonnull (change);
  carried = json_object_get_object_member (change, "correction");
  g_assert_nonnull (carried);
  encoded = g_base64_encode (g_bytes_get_data (fix.record, NULL), g_bytes_get_size (fix.record));
  g_assert_cmpstr (json_object_get_string_member (carried, "record"), ==, encoded);
  g_assert_cmpstr (json_object_get_string_member (carried, "note"), ==, "打刻忘れ");
  g_assert_true (json_object_has_member (carried, "signature"));

  /* Pending: no punch yet, and it cannot be sent as a punch op: the
   * request holds its uuid. */
  g_assert_null (find_punch_change (f, SATO, fix.uuid, &answer));
  again = send_punch (f, SATO, op2, &fix, "打刻忘れ");
  assert_refused (again, "duplicate-punch");

  approved = decide (f, &c, RINGI_ACTION_APPROVE);
  assert_applied (approved);

  change = find_punch_change (f, SATO, fix.uuid, &answer2);
  g_assert_nonnull (change);
  g_assert_cmpstr (json_object_get_string_member (change, "sha256"), ==, fix.sha256);
  g_assert_cmpstr (json_object_get_string_member (change, "note"), ==, "打刻忘れ");
  g_assert_false (json_object_get_boolean_member (change, "skewed"));
  {
    g_autofree char *receipt = check_receipt (f, json_object_get_object_member (change, "receipt"), fix.sha256);

    g_assert_cmpint (receipt_skew (receipt), >=, 3 * 3600);
  }
  g_assert_nonnull (find_punch_change (f, TANAKA, fix.uuid, &answer3));
  g_clear_pointer (&answer3, json_object_unref);
  g_assert_nonnull (find_punch_change (f, KANSA, fix.uuid, &answer3));
  g_clear_pointer (&answer3, json_object_unref);
  g_assert_null (find_punch_change (f, YAMADA, fix.uuid, &answer3));
}

/* A punch op naming a correction request is refused, approved or not:
 * one request adds one punch, its own. */
static void
test_correction_no_second_punch (Fixture *f,
                                 gconstpointer data)
{
  g_auto(SignedPunch) missing = { 0 };
  g_auto(SignedPunch) extra = { 0 };
  g_auto(Correction) c = { 0 };
  g_autofree char *op_id = g_uuid_string_random ();
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) approved = NULL;
  g_autoptr(JsonObject) refused = NULL;
  g_autoptr(JsonBuilder) op = json_builder_new ();

  make_punch (&missing, "sato", &users[SATO], RINGI_PUNCH_CLOCK_OUT, -600, "退勤漏れ");
  result = submit_correction (f, &c, "打刻修正", &missing, "退勤漏れ");
  assert_applied (result);
  approved = decide (f, &c, RINGI_ACTION_APPROVE);
  assert_applied (approved);

  make_punch (&extra, "sato", &users[SATO], RINGI_PUNCH_BREAK_START, -300, NULL);
  json_builder_begin_object (op);
  json_builder_set_member_name (op, "id");
  json_builder_add_string_value (op, op_id);
  json_builder_set_member_name (op, "type");
  json_builder_add_string_value (op, "punch");
  add_signed_member (op, "punch", extra.record, extra.signature, "note", NULL);
  json_builder_set_member_name (op, "correction_request");
  json_builder_add_string_value (op, c.id);
  json_builder_end_object (op);
  refused = send_op (f, SATO, op);
  assert_refused (refused, "invalid-correction");
}

/* A rejected correction adds nothing. */
static void
test_correction_rejected (Fixture *f,
                          gconstpointer data)
{
  g_auto(SignedPunch) fix = { 0 };
  g_auto(Correction) c = { 0 };
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) rejected = NULL;
  g_autoptr(JsonObject) answer = NULL;

  make_punch (&fix, "sato", &users[SATO], RINGI_PUNCH_CLOCK_IN, -7200, "打刻忘れ");
  result = submit_correction (f, &c, "打刻修正", &fix, "打刻忘れ");
  assert_applied (result);
  rejected = decide (f, &c, RINGI_ACTION_REJECT);
  assert_applied (rejected);

  g_assert_null (find_punch_change (f, SATO, fix.uuid, &answer));
  g_clear_pointer (&answer, json_object_unref);
  g_assert_null (find_punch_change (f, TANAKA, fix.uuid, &answer));
}

/* What a correction request carries is checked at submit, as a punch. */
static void
test_correction_refusals (Fixture *f,
                          gconstpointer data)
{
  g_auto(SignedPunch) yamadas = { 0 };
  g_auto(SignedPunch) others = { 0 };
  g_auto(SignedPunch) tampered = { 0 };
  g_auto(SignedPunch) steals = { 0 };
  g_auto(SignedPunch) good = { 0 };
  g_auto(Correction) c1 = { 0 };
  g_auto(Correction) c2 = { 0 };
  g_auto(Correction) c3 = { 0 };
  g_auto(Correction) c4 = { 0 };
  g_auto(Correction) c5 = { 0 };
  g_auto(Correction) c6 = { 0 };
  g_autofree char *op_id = g_uuid_string_random ();
  g_autoptr(JsonObject) stored = NULL;
  g_autoptr(JsonObject) bad_signature = NULL;
  g_autoptr(JsonObject) not_yours = NULL;
  g_autoptr(JsonObject) corrects_other = NULL;
  g_autoptr(JsonObject) without = NULL;
  g_autoptr(JsonObject) not_correction = NULL;
  g_autoptr(JsonObject) bad_note = NULL;

  /* Yamada's own punch, stored. */
  make_punch (&yamadas, "yamada", &users[YAMADA], RINGI_PUNCH_CLOCK_IN, 0, NULL);
  stored = send_punch (f, YAMADA, op_id, &yamadas, NULL);
  assert_applied (stored);

  /* A signature of other bytes. */
  make_punch (&tampered, "sato", &users[SATO], RINGI_PUNCH_CLOCK_IN, -3600, NULL);
  make_punch (&good, "sato", &users[SATO], RINGI_PUNCH_CLOCK_OUT, -60, NULL);
  g_bytes_unref (tampered.signature);
  tampered.signature = g_bytes_ref (good.signature);
  bad_signature = submit_correction (f, &c1, "打刻修正", &tampered, NULL);
  assert_refused (bad_signature, "bad-signature");

  /* Someone else's punch, signed by them. */
  make_punch (&others, "yamada", &users[YAMADA], RINGI_PUNCH_CLOCK_OUT, -3600, NULL);
  not_yours = submit_correction (f, &c2, "打刻修正", &others, NULL);
  assert_refused (not_yours, "forbidden");

  /* Sato's punch replacing Yamada's. */
  make_correcting_punch (&steals, "sato", &users[SATO], RINGI_PUNCH_CLOCK_IN, -3600, NULL, yamadas.uuid);
  corrects_other = submit_correction (f, &c3, "打刻修正", &steals, NULL);
  assert_refused (corrects_other, "invalid-correction");

  /* A note the punch does not sign. */
  bad_note = submit_correction (f, &c4, "打刻修正", &good, "ほかのメモ");
  assert_refused (bad_note, "invalid-request");

  /* A correction request without its punch; a punch on another request. */
  without = submit_correction (f, &c5, "打刻修正", NULL, NULL);
  assert_refused (without, "invalid-correction");
  not_correction = submit_correction (f, &c6, "休暇", &good, NULL);
  assert_refused (not_correction, "invalid-correction");
}

static JsonObject *
find_user (JsonObject *directory,
           const char *login)
{
  JsonArray *list = json_object_get_array_member (directory, "users");

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *user = json_array_get_object_element (list, i);

      if (g_str_equal (json_object_get_string_member (user, "login"), login))
        return user;
    }

  return NULL;
}

static void
test_settings (Fixture *f,
               gconstpointer data)
{
  g_autoptr(JsonObject) before = call (f, "GET", "/directory", f->tokens[SATO], NULL, SOUP_STATUS_OK);
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(RingiTestRun) set = NULL;
  g_autoptr(RingiTestRun) bad_rule = NULL;
  g_autoptr(RingiTestRun) bad_class = NULL;
  g_autoptr(RingiTestRun) nobody = NULL;

  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (before, "attendance"), "time_out"), ==, "not-work");
  g_assert_cmpstr (json_object_get_string_member (find_user (before, "sato"), "employee_class"), ==, "general");

  set = ringi_test_server_run ("attendance", "set", "--data", f->data, "--time-out", "work",
                               "--user", "sato", "--class", "high-demand", NULL);
  g_assert_cmpstr (set->err, ==, "");
  g_assert_cmpint (set->status, ==, 0);

  bad_rule = ringi_test_server_run ("attendance", "set", "--data", f->data, "--time-out", "sometimes", NULL);
  g_assert_cmpint (bad_rule->status, !=, 0);
  ringi_test_assert_contains (bad_rule->err, "sometimes");
  bad_class = ringi_test_server_run ("attendance", "set", "--data", f->data, "--user", "sato", "--class", "overtime", NULL);
  g_assert_cmpint (bad_class->status, !=, 0);
  ringi_test_assert_contains (bad_class->err, "overtime");
  nobody = ringi_test_server_run ("attendance", "set", "--data", f->data, "--user", "nobody", "--class", "general", NULL);
  g_assert_cmpint (nobody->status, !=, 0);
  ringi_test_assert_contains (nobody->err, "nobody");

  after = call (f, "GET", "/directory", f->tokens[YAMADA], NULL, SOUP_STATUS_OK);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (after, "attendance"), "time_out"), ==, "work");
  g_assert_cmpstr (json_object_get_string_member (find_user (after, "sato"), "employee_class"), ==, "high-demand");
  g_assert_cmpstr (json_object_get_string_member (find_user (after, "yamada"), "employee_class"), ==, "general");
}

static char *
day_years_ago (int years,
               int days)
{
  g_autoptr(GTimeZone) tokyo = g_time_zone_new_identifier ("Asia/Tokyo");
  g_autoptr(GDateTime) now = g_date_time_new_now (tokyo);
  g_autoptr(GDateTime) then = g_date_time_add_full (now, -years, 0, -days, 0, 0, 0);

  return g_date_time_format (then, "%Y-%m-%d");
}

/* Attendance is kept five years: a purge inside them is refused by the
 * command and, should anything get past it, by the database. */
static void
test_purge (Fixture *f,
            gconstpointer data)
{
  g_auto(SignedPunch) punch = { 0 };
  g_autofree char *op_id = g_uuid_string_random ();
  g_autofree char *last_year = day_years_ago (1, 0);
  g_autofree char *inside = day_years_ago (5, -1);
  g_autofree char *outside = day_years_ago (5, 1);
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(RingiTestRun) recent = NULL;
  g_autoptr(RingiTestRun) almost = NULL;
  g_autoptr(RingiTestRun) old = NULL;
  g_autoptr(RingiTestRun) bad = NULL;
  g_autoptr(RingiServerStorage) storage = NULL;
  g_autoptr(GError) error = NULL;
  guint n_punches = 0, n_closes = 0;

  make_punch (&punch, "sato", &users[SATO], RINGI_PUNCH_CLOCK_IN, 0, NULL);
  result = send_punch (f, SATO, op_id, &punch, NULL);
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "applied");

  recent = ringi_test_server_run ("purge", "--data", f->data, "--before", last_year, NULL);
  g_assert_cmpint (recent->status, ==, 1);
  ringi_test_assert_contains (recent->err, "労働基準法 109");
  almost = ringi_test_server_run ("purge", "--data", f->data, "--before", inside, NULL);
  g_assert_cmpint (almost->status, ==, 1);

  old = ringi_test_server_run ("purge", "--data", f->data, "--before", outside, NULL);
  g_assert_cmpstr (old->err, ==, "");
  g_assert_cmpint (old->status, ==, 0);
  ringi_test_assert_contains (old->out, "Purged 0 punches");

  bad = ringi_test_server_run ("purge", "--data", f->data, "--before", "yesterday", NULL);
  g_assert_cmpint (bad->status, ==, 2);

  /* The storage refuses too, whatever its caller asks. */
  storage = ringi_server_data_dir_open_storage (f->data, &error);
  g_assert_no_error (error);
  g_assert_false (ringi_server_storage_purge_attendance (storage, G_MAXINT64, &n_punches, &n_closes, &error));
  g_assert_error (error, RINGI_DB_ERROR, RINGI_DB_ERROR_CONSTRAINT);

  g_assert_nonnull (find_punch_change (f, SATO, punch.uuid, &answer));
}

/* The objective record's days (the `activity` op) */

/* Sends one `activity` op whose `activity` member is @activity_json. */
static JsonObject *
send_activity_text (Fixture *f,
                    Who who,
                    const char *op_id,
                    const char *activity_json)
{
  g_autofree char *body = g_strdup_printf ("{\"ops\": [{\"id\": \"%s\", \"type\": \"activity\", \"activity\": %s}]}",
                                           op_id, activity_json);
  g_autoptr(JsonObject) answer = call (f, "POST", "/ops", f->tokens[who], body, SOUP_STATUS_OK);
  JsonArray *results = json_object_get_array_member (answer, "results");

  g_assert_cmpuint (json_array_get_length (results), ==, 1);
  return json_object_ref (json_array_get_object_element (results, 0));
}

static JsonObject *
send_activity (Fixture *f,
               Who who,
               const char *op_id,
               const char *date,
               gint64 first,
               gint64 last)
{
  g_autofree char *activity = g_strdup_printf ("{\"date\": \"%s\", \"first\": %" G_GINT64_FORMAT ", \"last\": %" G_GINT64_FORMAT "}",
                                               date, first, last);

  return send_activity_text (f, who, op_id, activity);
}

/* Today in Asia/Tokyo, and its first second. */
static char *
today_tokyo (gint64 *out_midnight)
{
  g_autoptr(GTimeZone) tokyo = g_time_zone_new_identifier ("Asia/Tokyo");
  g_autoptr(GDateTime) now = g_date_time_new_now (tokyo);
  g_autoptr(GDateTime) midnight = g_date_time_new (tokyo, g_date_time_get_year (now), g_date_time_get_month (now),
                                                    g_date_time_get_day_of_month (now), 0, 0, 0);

  *out_midnight = g_date_time_to_unix (midnight);
  return g_date_time_format (now, "%Y-%m-%d");
}

/* The `activity` changes @who sees, of @login; the last in *out_last. */
static guint
count_activity_changes (Fixture *f,
                        Who who,
                        const char *login,
                        gint64 *out_first,
                        gint64 *out_last)
{
  g_autoptr(JsonObject) answer = NULL;
  JsonArray *changes = pull (f, who, &answer);
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *change = json_array_get_object_element (changes, i);

      if (!g_str_equal (json_object_get_string_member (change, "kind"), "activity") ||
          !g_str_equal (json_object_get_string_member (change, "login"), login))
        continue;
      n++;
      if (out_first != NULL)
        *out_first = json_object_get_int_member (change, "first");
      if (out_last != NULL)
        *out_last = json_object_get_int_member (change, "last");
    }

  return n;
}

/* A day sent again is stored once; sent as it grows, or out of order,
 * the server keeps its earliest first and latest last time. Sato, their
 * manager and the auditor see it; nobody else. */
static void
test_activity_merge (Fixture *f,
                     gconstpointer data)
{
  g_autofree char *op1 = g_uuid_string_random ();
  g_autofree char *op2 = g_uuid_string_random ();
  g_autofree char *op3 = g_uuid_string_random ();
  g_autoptr(JsonObject) applied = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(JsonObject) same = NULL;
  g_autoptr(JsonObject) wider = NULL;
  const gboolean sees[N_USERS] = { [SATO] = TRUE, [TANAKA] = TRUE, [KANSA] = TRUE };
  gint64 midnight = 0;
  g_autofree char *today = today_tokyo (&midnight);
  gint64 first = 0, last = 0;

  applied = send_activity (f, SATO, op1, today, midnight + 60, midnight + 120);
  g_assert_cmpstr (json_object_get_string_member (applied, "status"), ==, "applied");
  g_assert_cmpuint (count_activity_changes (f, SATO, "sato", &first, &last), ==, 1);
  g_assert_cmpint (first, ==, midnight + 60);
  g_assert_cmpint (last, ==, midnight + 120);

  /* The same op again, and the same times under a new op: no change more. */
  again = send_activity (f, SATO, op1, today, midnight + 60, midnight + 120);
  g_assert_cmpstr (json_object_get_string_member (again, "status"), ==, "applied");
  same = send_activity (f, SATO, op2, today, midnight + 60, midnight + 120);
  g_assert_cmpstr (json_object_get_string_member (same, "status"), ==, "applied");
  g_assert_cmpuint (count_activity_changes (f, SATO, "sato", NULL, NULL), ==, 1);

  /* An earlier first and an earlier last: the first widens, the last stays. */
  wider = send_activity (f, SATO, op3, today, midnight + 30, midnight + 90);
  g_assert_cmpstr (json_object_get_string_member (wider, "status"), ==, "applied");
  g_assert_cmpuint (count_activity_changes (f, SATO, "sato", &first, &last), ==, 2);
  g_assert_cmpint (first, ==, midnight + 30);
  g_assert_cmpint (last, ==, midnight + 120);

  for (guint i = 0; i < N_USERS; i++)
    {
      g_test_message ("viewer: %s", users[i].login);
      g_assert_cmpuint (count_activity_changes (f, i, "sato", NULL, NULL), ==, sees[i] ? 2 : 0);
    }
}

static void
assert_activity_refused (Fixture *f,
                         const char *activity_json,
                         const char *code)
{
  g_autofree char *op_id = g_uuid_string_random ();
  g_autoptr(JsonObject) result = send_activity_text (f, SATO, op_id, activity_json);

  g_test_message ("activity: %s", activity_json);
  assert_refused (result, code);
}

static void
test_activity_refusals (Fixture *f,
                        gconstpointer data)
{
  gint64 midnight = 0;
  g_autofree char *today = today_tokyo (&midnight);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *old_day = day_years_ago (6, 0);
  g_autoptr(GTimeZone) tokyo = g_time_zone_new_identifier ("Asia/Tokyo");
  g_autoptr(GDateTime) old = g_date_time_new (tokyo, (int) g_ascii_strtoll (old_day, NULL, 10),
                                               (int) g_ascii_strtoll (old_day + 5, NULL, 10),
                                               (int) g_ascii_strtoll (old_day + 8, NULL, 10), 9, 0, 0);
  g_autofree char *not_a_date = g_strdup_printf ("{\"date\": \"2026-02-30\", \"first\": %" G_GINT64_FORMAT ", \"last\": %" G_GINT64_FORMAT "}",
                                                 midnight, midnight);
  g_autofree char *slashes = g_strdup_printf ("{\"date\": \"2026/11/23\", \"first\": %" G_GINT64_FORMAT ", \"last\": %" G_GINT64_FORMAT "}",
                                              midnight, midnight);
  g_autofree char *reversed = g_strdup_printf ("{\"date\": \"%s\", \"first\": %" G_GINT64_FORMAT ", \"last\": %" G_GINT64_FORMAT "}",
                                               today, midnight + 120, midnight + 60);
  g_autofree char *day_before = g_strdup_printf ("{\"date\": \"%s\", \"first\": %" G_GINT64_FORMAT ", \"last\": %" G_GINT64_FORMAT "}",
                                                 today, midnight - 60, midnight + 60);
  g_autofree char *too_long = g_strdup_printf ("{\"date\": \"%s\", \"first\": %" G_GINT64_FORMAT ", \"last\": %" G_GINT64_FORMAT "}",
                                               old_day, g_date_time_to_unix (old), g_date_time_to_unix (old) + 3 * 86400);
  g_autofree char *future = g_strdup_printf ("{\"date\": \"%s\", \"first\": %" G_GINT64_FORMAT ", \"last\": %" G_GINT64_FORMAT "}",
                                             today, midnight, now + 10 * 60);
  g_autofree char *too_old = g_strdup_printf ("{\"date\": \"%s\", \"first\": %" G_GINT64_FORMAT ", \"last\": %" G_GINT64_FORMAT "}",
                                              old_day, g_date_time_to_unix (old), g_date_time_to_unix (old) + 60);
  g_autofree char *text_time = g_strdup_printf ("{\"date\": \"%s\", \"first\": \"09:00\", \"last\": %" G_GINT64_FORMAT "}",
                                                today, midnight);
  g_autofree char *no_date = g_strdup_printf ("{\"first\": %" G_GINT64_FORMAT ", \"last\": %" G_GINT64_FORMAT "}",
                                              midnight, midnight);
  g_autofree char *ok = g_strdup_printf ("{\"date\": \"%s\", \"first\": %" G_GINT64_FORMAT ", \"last\": %" G_GINT64_FORMAT "}",
                                         today, midnight, midnight + 60);
  g_autoptr(JsonObject) forbidden = NULL;

  assert_activity_refused (f, not_a_date, "malformed");
  assert_activity_refused (f, slashes, "malformed");
  assert_activity_refused (f, reversed, "invalid-request");
  assert_activity_refused (f, day_before, "invalid-request");
  assert_activity_refused (f, too_long, "invalid-request");
  assert_activity_refused (f, future, "invalid-request");
  assert_activity_refused (f, too_old, "invalid-request");
  assert_activity_refused (f, text_time, "invalid-request");
  assert_activity_refused (f, no_date, "invalid-request");
  assert_activity_refused (f, "[]", "invalid-request");
  g_assert_cmpuint (count_activity_changes (f, SATO, "sato", NULL, NULL), ==, 0);

  /* Auditors and administrators send no ops, this one neither. */
  for (Who who = KANSA; who <= KANRI; who++)
    {
      g_autofree char *body = g_strdup_printf ("{\"ops\": [{\"id\": \"%s\", \"type\": \"activity\", \"activity\": %s}]}",
                                               "7b0d6f4e-8a52-4c1e-9a43-5d1e2f3a4b5c", ok);

      forbidden = call (f, "POST", "/ops", f->tokens[who], body, SOUP_STATUS_FORBIDDEN);
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (forbidden, "error"), "code"), ==, "forbidden");
      g_clear_pointer (&forbidden, json_object_unref);
    }
  g_assert_cmpuint (count_activity_changes (f, KANSA, "kansa", NULL, NULL), ==, 0);
}

/* Activity times are kept as long as the punches they are compared
 * with: the storage refuses to purge a young day. */
static void
test_activity_purge (Fixture *f,
                     gconstpointer data)
{
  g_autofree char *op_id = g_uuid_string_random ();
  g_autofree char *outside = day_years_ago (5, 1);
  gint64 midnight = 0;
  g_autofree char *today = today_tokyo (&midnight);
  g_autoptr(JsonObject) result = send_activity (f, SATO, op_id, today, midnight, midnight + 60);
  g_autoptr(RingiTestRun) old = NULL;
  g_autoptr(RingiServerStorage) storage = NULL;
  g_autoptr(GError) error = NULL;
  guint n_days = 0;

  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "applied");

  old = ringi_test_server_run ("purge", "--data", f->data, "--before", outside, NULL);
  g_assert_cmpstr (old->err, ==, "");
  g_assert_cmpint (old->status, ==, 0);
  ringi_test_assert_contains (old->out, "Purged 0 days of activity times");

  storage = ringi_server_data_dir_open_storage (f->data, &error);
  g_assert_no_error (error);
  g_assert_false (ringi_server_storage_purge_activity (storage, G_MAXINT64, &n_days, &error));
  g_assert_error (error, RINGI_DB_ERROR, RINGI_DB_ERROR_CONSTRAINT);

  g_assert_cmpuint (count_activity_changes (f, TANAKA, "sato", NULL, NULL), ==, 1);
}

static guint
count_punch_changes (Fixture *f,
                     Who who,
                     const char *needle)
{
  g_autoptr(JsonObject) answer = NULL;
  JsonArray *changes = pull (f, who, &answer);
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *change = json_array_get_object_element (changes, i);
      g_autofree guchar *record = NULL;
      gsize size = 0;

      if (!g_str_equal (json_object_get_string_member (change, "kind"), "punch"))
        continue;
      record = g_base64_decode (json_object_get_string_member (change, "record"), &size);
      if (needle == NULL || g_strstr_len ((const char *) record, size, needle) != NULL)
        n++;
    }

  return n;
}

/* How many values of the server database's tables, every row and column,
 * hold @needle */
static guint
count_in_database (Fixture *f,
                   const char *needle)
{
  g_autofree char *path = g_build_filename (f->data, "server.db", NULL);
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint n = 0;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_master WHERE type = 'table'", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  g_assert_cmpuint (tables->len, >, 10);

  for (guint t = 0; t < tables->len; t++)
    {
      char *sql = sqlite3_mprintf ("SELECT * FROM \"%w\"", (const char *) g_ptr_array_index (tables, t));

      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_free (sql);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        for (int c = 0; c < sqlite3_column_count (stmt); c++)
          {
            const char *value = sqlite3_column_blob (stmt, c);

            if (value != NULL && g_strstr_len (value, sqlite3_column_bytes (stmt, c), needle) != NULL)
              n++;
          }
      sqlite3_finalize (stmt);
    }

  sqlite3_close (db);
  return n;
}

/* How many times the bytes of the server database's files, its
 * write-ahead log included, hold @needle: free pages and old copies of
 * pages too, which no query shows */
static guint
count_in_files (Fixture *f,
                const char *needle)
{
  const char *names[] = { "server.db", "server.db-wal" };
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (f->data, names[i], NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;
      gsize needle_length = strlen (needle);

      if (!g_file_get_contents (path, &contents, &length, NULL))
        continue;

      /* byte by byte: the file is full of NULs, where string searches stop */
      for (gsize at = 0; at + needle_length <= length; at++)
        if (memcmp (contents + at, needle, needle_length) == 0)
          n++;
    }

  return n;
}

/* A punch past the five years, stored as the server stores a received
 * one but with the old times the server would have given it then. */
static void
store_old_punch (RingiServerStorage *storage,
                 const SignedPunch *punch,
                 gint64 time)
{
  g_autoptr(GBytes) receipt = g_bytes_new_static ("receipt", 7);
  g_autofree char *record = g_base64_encode (g_bytes_get_data (punch->record, NULL), g_bytes_get_size (punch->record));
  g_autofree char *payload = g_strdup_printf ("{\"punch\": \"%s\", \"login\": \"sato\", \"record\": \"%s\"}",
                                              punch->uuid, record);
  g_autoptr(GError) error = NULL;
  RingiStoredPunch stored = {
    .punch = punch->uuid,
    .login = (char *) "sato",
    .sha256 = punch->sha256,
    .record = punch->record,
    .signature = punch->signature,
    .client_time = time,
    .server_time = time,
    .receipt = receipt,
    .receipt_signature = receipt,
    .kind = RINGI_PUNCH_CLOCK_IN,
    .place = RINGI_PUNCH_PLACE_HOME,
  };

  g_assert_cmpint (ringi_server_storage_add_punch (storage, &stored, payload, &error), >, 0);
  g_assert_no_error (error);
}

/* A purged punch leaves nothing behind: not its row, not its change in
 * the log, not the copy a later manager got, not a byte in the file. */
static void
test_purge_changes (Fixture *f,
                    gconstpointer data)
{
  g_auto(SignedPunch) old = { 0 };
  g_auto(SignedPunch) recent = { 0 };
  g_autofree char *op_id = g_uuid_string_random ();
  g_autofree char *outside = day_years_ago (5, 1);
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(RingiServerStorage) storage = NULL;
  g_autoptr(RingiTestRun) purge = NULL;
  g_autoptr(GError) error = NULL;
  gint64 six_years = (gint64) 6 * 365 * 24 * 60 * 60;
  guint shared = 0;

  make_punch (&old, "sato", &users[SATO], RINGI_PUNCH_CLOCK_IN, -six_years, NULL);
  make_punch (&recent, "sato", &users[SATO], RINGI_PUNCH_CLOCK_IN, 0, NULL);
  result = send_punch (f, SATO, op_id, &recent, NULL);
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "applied");

  storage = ringi_server_data_dir_open_storage (f->data, &error);
  g_assert_no_error (error);
  store_old_punch (storage, &old, g_get_real_time () / G_USEC_PER_SEC - six_years);
  /* what an op sent then would have kept: its result, with the receipt */
  g_assert_true (ringi_server_storage_record_op (storage, "0e0f6a7c-0000-4000-8000-000000000001", "sato", 200,
                                                 old.sha256, g_get_real_time () / G_USEC_PER_SEC - six_years,
                                                 &error));
  g_assert_no_error (error);
  /* Yamada becomes Sato's manager: a copy of both punches' changes. */
  g_assert_true (ringi_server_attendance_set_manager (storage, "sato", "yamada", g_get_real_time () / G_USEC_PER_SEC,
                                                      &shared, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (shared, ==, 2);
  g_clear_object (&storage);
  g_assert_cmpuint (count_punch_changes (f, YAMADA, NULL), ==, 2);
  /* its row, its change and the copy */
  g_assert_cmpuint (count_in_database (f, old.uuid), >=, 3);
  g_assert_cmpuint (count_in_files (f, old.uuid), >=, 3);

  purge = ringi_test_server_run ("purge", "--data", f->data, "--before", outside, NULL);
  g_assert_cmpstr (purge->err, ==, "");
  g_assert_cmpint (purge->status, ==, 0);
  ringi_test_assert_contains (purge->out, "Purged 1 punches");

  g_assert_cmpuint (count_in_database (f, old.uuid), ==, 0);
  g_assert_cmpuint (count_in_database (f, old.sha256), ==, 0);
  /* nor in the file's free pages or the log: a purge is not undone by
   * reading the file's bytes */
  g_assert_cmpuint (count_in_files (f, old.uuid), ==, 0);
  g_assert_cmpuint (count_in_files (f, old.sha256), ==, 0);
  g_assert_cmpuint (count_in_database (f, recent.uuid), >=, 3);
  g_assert_cmpuint (count_punch_changes (f, SATO, NULL), ==, 1);
  g_assert_cmpuint (count_punch_changes (f, YAMADA, NULL), ==, 1);
  g_assert_cmpuint (count_punch_changes (f, TANAKA, NULL), ==, 1);
}

/* A day of activity past the five years goes with its changes; a recent
 * one stays. */
static void
test_activity_purge_changes (Fixture *f,
                             gconstpointer data)
{
  gint64 then = g_get_real_time () / G_USEC_PER_SEC - (gint64) 6 * 365 * 24 * 60 * 60;
  g_autofree char *old_date = day_years_ago (6, 0);
  g_autofree char *outside = day_years_ago (5, 1);
  g_autofree char *payload = NULL;
  g_autofree char *op_id = g_uuid_string_random ();
  gint64 midnight = 0;
  g_autofree char *today = today_tokyo (&midnight);
  g_autoptr(JsonObject) result = send_activity (f, SATO, op_id, today, midnight, midnight + 60);
  RingiServerActivity day = { (char *) "sato", old_date, then, then + 3600 };
  g_autoptr(RingiServerStorage) storage = NULL;
  g_autoptr(RingiTestRun) purge = NULL;
  g_autoptr(GError) error = NULL;
  gboolean changed = FALSE;

  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "applied");
  storage = ringi_server_data_dir_open_storage (f->data, &error);
  g_assert_no_error (error);
  g_assert_true (ringi_server_storage_merge_activity (storage, &day, then, &changed, &error));
  g_assert_no_error (error);
  payload = g_strdup_printf ("{\"login\": \"sato\", \"date\": \"%s\", \"first\": %" G_GINT64_FORMAT
                             ", \"last\": %" G_GINT64_FORMAT "}",
                             old_date, day.first, day.last);
  g_assert_cmpint (ringi_server_storage_append_owner_change (storage, "activity", old_date, "sato", payload, then,
                                                             &error),
                   >, 0);
  g_assert_no_error (error);
  g_clear_object (&storage);
  g_assert_cmpuint (count_in_database (f, old_date), >=, 2);
  g_assert_cmpuint (count_activity_changes (f, TANAKA, "sato", NULL, NULL), ==, 2);

  purge = ringi_test_server_run ("purge", "--data", f->data, "--before", outside, NULL);
  g_assert_cmpstr (purge->err, ==, "");
  g_assert_cmpint (purge->status, ==, 0);
  ringi_test_assert_contains (purge->out, "Purged 1 days of activity times");

  g_assert_cmpuint (count_in_database (f, old_date), ==, 0);
  g_assert_cmpuint (count_activity_changes (f, TANAKA, "sato", NULL, NULL), ==, 1);
}

static char *
write_csv (Fixture *f,
           const char *name,
           const char *contents)
{
  char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, contents, -1, &error));
  g_assert_no_error (error);
  return path;
}

/* A legacy system's punches: a bad file is refused whole with the lines
 * of its bad rows; a good one is imported once, signed by the server. */
static void
test_import (Fixture *f,
             gconstpointer data)
{
  g_autofree char *bad = write_csv (f, "bad.csv",
                                    "login,date,time,kind,place\n"
                                    "sato,2025-03-31,08:30,clock-in,office\n"
                                    "nobody,2025-03-31,08:30,clock-in,office\n"
                                    "sato,2025-03-31,17:15,clock-out,office\n"
                                    "sato,2025-02-30,08:30,clock-in,beach\n");
  g_autofree char *good = write_csv (f, "good.csv",
                                     "login,date,time,kind,place\r\n"
                                     "sato,2025-03-31,08:30,clock-in,office\r\n"
                                     "sato,2025-03-31,17:15,clock-out,trip\r\n");
  g_autoptr(RingiTestRun) refused = NULL;
  g_autoptr(RingiTestRun) imported = NULL;
  g_autoptr(RingiTestRun) again = NULL;
  g_autoptr(RingiTestRun) no_header = NULL;
  g_autoptr(RingiTestRun) report = NULL;
  g_autofree char *server_fingerprint = NULL;
  g_autofree char *signer_line = NULL;

  refused = ringi_test_server_run ("attendance", "import", "--data", f->data, bad, NULL);
  g_assert_cmpint (refused->status, ==, 1);
  ringi_test_assert_contains (refused->err, "line 3");
  ringi_test_assert_contains (refused->err, "line 5");
  g_assert_null (strstr (refused->err, "line 2"));
  g_assert_null (strstr (refused->err, "line 4"));
  g_assert_cmpuint (count_punch_changes (f, SATO, NULL), ==, 0);

  imported = ringi_test_server_run ("attendance", "import", "--data", f->data, good, NULL);
  g_assert_cmpstr (imported->err, ==, "");
  g_assert_cmpint (imported->status, ==, 0);
  ringi_test_assert_contains (imported->out, "Imported 2 punches");

  /* Marked as imported, signed by the server's key; seen by the manager. */
  server_keyring (f, &server_fingerprint);
  signer_line = g_strconcat ("Signer-Key: ", server_fingerprint, "\n", NULL);
  g_assert_cmpuint (count_punch_changes (f, SATO, "Imported: yes\n"), ==, 2);
  g_assert_cmpuint (count_punch_changes (f, SATO, signer_line), ==, 2);
  g_assert_cmpuint (count_punch_changes (f, TANAKA, "Imported: yes\n"), ==, 2);
  g_assert_cmpuint (count_punch_changes (f, YAMADA, NULL), ==, 0);

  again = ringi_test_server_run ("attendance", "import", "--data", f->data, good, NULL);
  g_assert_cmpint (again->status, ==, 0);
  ringi_test_assert_contains (again->out, "Imported 0 punches (2 were there already)");
  g_assert_cmpuint (count_punch_changes (f, SATO, NULL), ==, 2);

  no_header = ringi_test_server_run ("attendance", "import", "--data", f->data, f->data, NULL);
  g_assert_cmpint (no_header->status, ==, 1);

  /* The report counts them: a day of 8:30–17:15 on a working day. */
  report = ringi_test_server_run ("attendance", "report", "--data", f->data, "--month", "2025-03", "--csv", NULL);
  g_assert_cmpstr (report->err, ==, "");
  g_assert_cmpint (report->status, ==, 0);
  g_assert_true (g_str_has_prefix (report->out, "login,month,days_worked,work_min,overtime_min,legal_overtime_min,"
                                                "late_night_min,holiday_min,break_min,time_out_min,telework_days,flags\n"));
  ringi_test_assert_contains (report->out, "\nsato,2025-03,1,465,0,0,0,0,60,0,0,auto-break\n");
  ringi_test_assert_contains (report->out, "\nyamada,2025-03,0,0,0,0,0,0,0,0,0,\n");
  g_assert_null (strstr (report->out, "kansa"));
}

int
main (int argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  make_users ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/ringi/server/attendance/punch/receipt", test_punch_receipt);
  ADD ("/ringi/server/attendance/punch/skew", test_punch_skew);
  ADD ("/ringi/server/attendance/punch/refusals", test_punch_refusals);
  ADD ("/ringi/server/attendance/punch/visibility", test_punch_visibility);
  ADD ("/ringi/server/attendance/correction/approved", test_correction_approved);
  ADD ("/ringi/server/attendance/correction/no-second-punch", test_correction_no_second_punch);
  ADD ("/ringi/server/attendance/correction/rejected", test_correction_rejected);
  ADD ("/ringi/server/attendance/correction/refusals", test_correction_refusals);
  ADD ("/ringi/server/attendance/settings", test_settings);
  ADD ("/ringi/server/attendance/purge", test_purge);
  ADD ("/ringi/server/attendance/purge/changes", test_purge_changes);
  ADD ("/ringi/server/attendance/import", test_import);
  ADD ("/ringi/server/attendance/activity/merge", test_activity_merge);
  ADD ("/ringi/server/attendance/activity/refusals", test_activity_refusals);
  ADD ("/ringi/server/attendance/activity/purge", test_activity_purge);
  ADD ("/ringi/server/attendance/activity/purge/changes", test_activity_purge_changes);

#undef ADD

  status = g_test_run ();
  ringi_test_server_remove_template ();
  clear_users ();
  return status;
}
