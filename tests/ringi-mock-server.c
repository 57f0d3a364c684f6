/* ringi-mock-server.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-mock-server"

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "ringi-delegation.h"
#include "ringi-keyring.h"
#include "ringi-mock-server.h"
#include "ringi-stamp.h"
#include "ringi-test-tls.h"
#include "ringi-test-utils.h"

/* A stand-in for ringi-server, in the test process, on 127.0.0.1 over
 * TLS: enough of docs/api.md to run the sync engine end to end while the
 * real server is being written. It checks what the sync engine must get
 * right (sign-in signatures, blob hashes, op ids applied once, the stamp
 * chain) and skips what is the server's own business (stamp signatures,
 * the workflow, authorization: everyone sees everything). */
struct _RingiMockServer
{
  SoupServer *server;
  RingiTestCerts *certs;
  guint port;
  char *url;

  /* Verifies sign-ins against the keys bound at enrollment, and holds
   * the server's own key, which signs receipts */
  char *key_home;
  RingiKeyring *keyring;
  char *server_fingerprint;

  GHashTable *codes;        /* login → enrollment code */
  GHashTable *names;        /* login → display name */
  GHashTable *fingerprints; /* login → bound fingerprint */
  GHashTable *public_keys;  /* login → armoured key */
  JsonArray *templates;
  GHashTable *tokens;       /* token → login */
  GHashTable *nonces;       /* nonce → login */
  GHashTable *blobs;        /* sha256 → GBytes */
  GHashTable *results;      /* op id → JsonNode of the stored result */
  GHashTable *chain_ends;   /* request id → sha256 of its last stamp */
  GHashTable *stamp_counts; /* request id → number of stamps */
  GHashTable *positions;    /* stamp sha256 → its place in its chain */
  GHashTable *revisions;    /* request id → number of revisions */
  GPtrArray *changes;       /* JsonObject, in seq order */
  GPtrArray *sockets;       /* open event sockets */

  char *refuse_code;
  char *refuse_message;
  gboolean fail_next_answer;
  guint page_size;
  gsize blob_limit;
  guint n_ops;
};

static void
reply_json (SoupServerMessage *msg,
            guint status,
            JsonNode *node)
{
  g_autofree char *text = json_to_string (node, FALSE);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, text, strlen (text));
}

static JsonNode *
error_node (const char *code,
            const char *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
reply_error (SoupServerMessage *msg,
             guint status,
             const char *code,
             const char *message)
{
  g_autoptr(JsonNode) node = error_node (code, message);

  reply_json (msg, status, node);
}

static JsonObject *
request_object (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (!json_parser_load_from_data (parser, body->data, body->length, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static const char *
caller (RingiMockServer *mock,
        SoupServerMessage *msg)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");
  const char *login = NULL;

  if (header != NULL && g_str_has_prefix (header, "Bearer "))
    login = g_hash_table_lookup (mock->tokens, header + strlen ("Bearer "));
  if (login == NULL)
    reply_error (msg, SOUP_STATUS_UNAUTHORIZED, "unauthenticated", "no valid token");
  return login;
}

static void
handle_health (SoupServer *server,
               SoupServerMessage *msg,
               const char *path,
               GHashTable *query,
               gpointer user_data)
{
  g_autoptr(JsonNode) node = json_from_string ("{\"status\": \"ok\", \"version\": \"0.1.0\"}", NULL);

  reply_json (msg, SOUP_STATUS_OK, node);
}

static void
handle_enroll (SoupServer *server,
               SoupServerMessage *msg,
               const char *path,
               GHashTable *query,
               gpointer user_data)
{
  RingiMockServer *mock = user_data;
  g_autoptr(JsonObject) request = request_object (msg);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) imported = NULL;
  g_autoptr(GBytes) key = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *text = NULL;
  const char *login;
  const char *code;
  const char *public_key;

  login = request ? json_object_get_string_member_with_default (request, "login", NULL) : NULL;
  code = request ? json_object_get_string_member_with_default (request, "code", NULL) : NULL;
  public_key = request ? json_object_get_string_member_with_default (request, "public_key", NULL) : NULL;
  if (login == NULL || code == NULL || public_key == NULL)
    {
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid-request", "login, code and public_key");
      return;
    }

  if (g_strcmp0 (g_hash_table_lookup (mock->codes, login), code) != 0)
    {
      reply_error (msg, SOUP_STATUS_FORBIDDEN, "invalid-code", "The enrollment code is wrong");
      return;
    }

  key = g_bytes_new (public_key, strlen (public_key));
  ringi_keyring_import (mock->keyring, key, &imported, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (imported), ==, 1);

  g_hash_table_remove (mock->codes, login);
  g_hash_table_insert (mock->fingerprints, g_strdup (login), g_strdup (imported[0]));
  g_hash_table_insert (mock->public_keys, g_strdup (login), g_strdup (public_key));
  text = g_strdup_printf ("{\"login\": \"%s\", \"fingerprint\": \"%s\"}", login, imported[0]);
  answer = json_from_string (text, NULL);
  reply_json (msg, SOUP_STATUS_OK, answer);
}

static void
handle_nonce (SoupServer *server,
              SoupServerMessage *msg,
              const char *path,
              GHashTable *query,
              gpointer user_data)
{
  RingiMockServer *mock = user_data;
  g_autoptr(JsonObject) request = request_object (msg);
  const char *login = request ? json_object_get_string_member_with_default (request, "login", NULL) : NULL;
  g_autofree char *nonce = g_strdup_printf ("bm9uY2U%08x%08x", g_random_int (), g_random_int ());
  g_autofree char *text = g_strdup_printf ("{\"nonce\": \"%s\", \"expires_at\": \"2099-01-01T00:00:00Z\"}", nonce);
  g_autoptr(JsonNode) answer = json_from_string (text, NULL);

  if (login == NULL)
    {
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid-request", "login");
      return;
    }

  g_hash_table_insert (mock->nonces, g_strdup (nonce), g_strdup (login));
  reply_json (msg, SOUP_STATUS_OK, answer);
}

static void
handle_login (SoupServer *server,
              SoupServerMessage *msg,
              const char *path,
              GHashTable *query,
              gpointer user_data)
{
  RingiMockServer *mock = user_data;
  g_autoptr(JsonObject) request = request_object (msg);
  g_autoptr(GError) error = NULL;
  g_autofree char *signer = NULL;
  g_autofree char *token = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GBytes) nonce_bytes = NULL;
  g_autoptr(GBytes) signature = NULL;
  g_autoptr(JsonNode) answer = NULL;
  const char *login = json_object_get_string_member_with_default (request, "login", "");
  const char *nonce = json_object_get_string_member_with_default (request, "nonce", "");
  const char *signature_text = json_object_get_string_member_with_default (request, "signature", "");

  if (g_strcmp0 (g_hash_table_lookup (mock->nonces, nonce), login) != 0)
    {
      reply_error (msg, SOUP_STATUS_UNAUTHORIZED, "unauthenticated", "unknown nonce");
      return;
    }
  g_hash_table_remove (mock->nonces, nonce);

  nonce_bytes = g_bytes_new (nonce, strlen (nonce));
  signature = g_bytes_new (signature_text, strlen (signature_text));
  if (!ringi_keyring_verify_detached (mock->keyring, nonce_bytes, signature, &signer, NULL, &error) ||
      g_strcmp0 (signer, g_hash_table_lookup (mock->fingerprints, login)) != 0)
    {
      reply_error (msg, SOUP_STATUS_UNAUTHORIZED, "unauthenticated", "bad signature");
      return;
    }

  token = g_strdup_printf ("%08x%08x%08x%08x", g_random_int (), g_random_int (), g_random_int (), g_random_int ());
  g_hash_table_insert (mock->tokens, g_strdup (token), g_strdup (login));
  text = g_strdup_printf ("{\"token\": \"%s\", \"expires_at\": \"2099-01-01T00:00:00Z\"}", token);
  answer = json_from_string (text, NULL);
  reply_json (msg, SOUP_STATUS_OK, answer);
}

static void
add_user_entry (RingiMockServer *mock,
                JsonBuilder *builder,
                const char *login)
{
  const char *fingerprint = g_hash_table_lookup (mock->fingerprints, login);
  const char *public_key = g_hash_table_lookup (mock->public_keys, login);

  json_builder_set_member_name (builder, "login");
  json_builder_add_string_value (builder, login);
  json_builder_set_member_name (builder, "display_name");
  json_builder_add_string_value (builder, g_hash_table_lookup (mock->names, login));
  json_builder_set_member_name (builder, "seal_name");
  json_builder_add_string_value (builder, g_hash_table_lookup (mock->names, login));
  json_builder_set_member_name (builder, "department");
  json_builder_add_string_value (builder, "総務課");
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, "staff");
  json_builder_set_member_name (builder, "manager");
  json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "fingerprint");
  if (fingerprint)
    json_builder_add_string_value (builder, fingerprint);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "public_key");
  if (public_key)
    json_builder_add_string_value (builder, public_key);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "disabled");
  json_builder_add_boolean_value (builder, FALSE);
}

static void
handle_directory (SoupServer *server,
                  SoupServerMessage *msg,
                  const char *path,
                  GHashTable *query,
                  gpointer user_data)
{
  RingiMockServer *mock = user_data;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GList) logins = NULL;

  if (caller (mock, msg) == NULL)
    return;

  logins = g_list_sort (g_hash_table_get_keys (mock->names), (GCompareFunc) g_strcmp0);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "users");
  json_builder_begin_array (builder);
  for (GList *l = logins; l != NULL; l = l->next)
    {
      json_builder_begin_object (builder);
      add_user_entry (mock, builder, l->data);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "route_templates");
  json_builder_add_value (builder, json_node_init_array (json_node_alloc (), mock->templates));
  json_builder_set_member_name (builder, "server_key");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "fingerprint");
  json_builder_add_string_value (builder, mock->server_fingerprint);
  json_builder_set_member_name (builder, "public_key");
  {
    g_autoptr(GBytes) key = ringi_keyring_export_public (mock->keyring, mock->server_fingerprint, NULL);
    g_autofree char *armored = g_strndup (g_bytes_get_data (key, NULL), g_bytes_get_size (key));

    json_builder_add_string_value (builder, armored);
  }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  answer = json_builder_get_root (builder);
  reply_json (msg, SOUP_STATUS_OK, answer);
}

static void
handle_changes (SoupServer *server,
                SoupServerMessage *msg,
                const char *path,
                GHashTable *query,
                gpointer user_data)
{
  RingiMockServer *mock = user_data;
  const char *since_text = query ? g_hash_table_lookup (query, "since") : NULL;
  guint64 since = since_text ? g_ascii_strtoull (since_text, NULL, 10) : 0;
  g_autoptr(JsonArray) page = json_array_new ();
  g_autoptr(JsonObject) answer = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  guint64 next = since;
  guint i;

  if (caller (mock, msg) == NULL)
    return;

  for (i = since; i < mock->changes->len && json_array_get_length (page) < mock->page_size; i++)
    {
      json_array_add_object_element (page, json_object_ref (g_ptr_array_index (mock->changes, i)));
      next = i + 1;
    }

  json_object_set_array_member (answer, "changes", g_steal_pointer (&page));
  json_object_set_int_member (answer, "next", next);
  json_object_set_boolean_member (answer, "more", next < mock->changes->len);
  node = json_node_init_object (json_node_alloc (), answer);
  reply_json (msg, SOUP_STATUS_OK, node);
}

static void
handle_blobs (SoupServer *server,
              SoupServerMessage *msg,
              const char *path,
              GHashTable *query,
              gpointer user_data)
{
  RingiMockServer *mock = user_data;
  const char *sha256 = path + strlen ("/api/v1/blobs/");
  GBytes *blob;

  if (caller (mock, msg) == NULL)
    return;

  if (g_str_equal (soup_server_message_get_method (msg), "PUT"))
    {
      SoupMessageBody *body = soup_server_message_get_request_body (msg);
      g_autoptr(GBytes) data = g_bytes_new (body->data, body->length);
      g_autofree char *actual = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, data);

      if ((gsize) body->length > mock->blob_limit)
        reply_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too-large", "The document is larger than 50 MB");
      else if (!g_str_equal (actual, sha256))
        reply_error (msg, SOUP_STATUS_BAD_REQUEST, "hash-mismatch", "The body does not match its sha256");
      else
        {
          g_hash_table_insert (mock->blobs, g_strdup (sha256), g_steal_pointer (&data));
          soup_server_message_set_status (msg, SOUP_STATUS_CREATED, NULL);
        }
      return;
    }

  blob = g_hash_table_lookup (mock->blobs, sha256);
  if (blob == NULL)
    {
      reply_error (msg, SOUP_STATUS_NOT_FOUND, "not-found", "No such document");
      return;
    }

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/octet-stream", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (blob, NULL), g_bytes_get_size (blob));
}

/* Ops */

static void
add_change (RingiMockServer *mock,
            JsonObject *change)
{
  json_object_set_int_member (change, "seq", mock->changes->len + 1);
  g_ptr_array_add (mock->changes, change);
}

static void
announce (RingiMockServer *mock)
{
  g_autofree char *hint = g_strdup_printf ("{\"type\": \"changes\", \"seq\": %u}", mock->changes->len);

  for (guint i = 0; i < mock->sockets->len; i++)
    {
      SoupWebsocketConnection *socket = g_ptr_array_index (mock->sockets, i);

      if (soup_websocket_connection_get_state (socket) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_send_text (socket, hint);
    }
}

#define SERVER_PIN "server-pin"

/* A receipt as ringi-server writes it (docs/bundle-format.md), signed
 * with the server's key: its sequence is the stamp's place in its chain. */
static JsonObject *
receipt_for (RingiMockServer *mock,
             const char *stamp_sha256)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *time = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S+00:00");
  guint position = GPOINTER_TO_UINT (g_hash_table_lookup (mock->positions, stamp_sha256));
  g_autofree char *record = g_strdup_printf ("Ringi-Receipt: 1\nStamp-SHA256: %s\nSequence: %u\n"
                                             "Server-Time: %s\nServer-Key: %s\n",
                                             stamp_sha256, position, time, mock->server_fingerprint);
  g_autoptr(GBytes) bytes = g_bytes_new (record, strlen (record));
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) signature = ringi_keyring_sign_detached (mock->keyring, mock->server_fingerprint, SERVER_PIN,
                                                              bytes, NULL, &error);
  g_autofree char *encoded = g_base64_encode ((const guchar *) record, strlen (record));
  g_autofree char *armored = NULL;
  JsonObject *receipt = json_object_new ();

  g_assert_no_error (error);
  armored = g_strndup (g_bytes_get_data (signature, NULL), g_bytes_get_size (signature));
  json_object_set_string_member (receipt, "record", encoded);
  json_object_set_string_member (receipt, "signature", armored);
  return receipt;
}

static JsonNode *
result_node (RingiMockServer *mock,
             const char *id,
             const char *code,
             const char *message,
             const char *stamp_sha256)
{
  JsonObject *result = json_object_new ();

  json_object_set_string_member (result, "id", id);
  if (code != NULL)
    {
      JsonObject *reason = json_object_new ();

      json_object_set_string_member (result, "status", "refused");
      json_object_set_string_member (reason, "code", code);
      json_object_set_string_member (reason, "message", message);
      json_object_set_object_member (result, "error", reason);
    }
  else
    {
      json_object_set_string_member (result, "status", "applied");
      if (stamp_sha256 != NULL)
        json_object_set_object_member (result, "receipt", receipt_for (mock, stamp_sha256));
    }
  return json_node_init_object (json_node_alloc (), result);
}

static void
add_revision_change (RingiMockServer *mock,
                     const char *request_id,
                     const char *sha256)
{
  JsonObject *change = json_object_new ();
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (mock->revisions, request_id)) + 1;

  g_hash_table_insert (mock->revisions, g_strdup (request_id), GUINT_TO_POINTER (n));
  json_object_set_string_member (change, "kind", "revision");
  json_object_set_string_member (change, "request_id", request_id);
  json_object_set_int_member (change, "revision", n);
  json_object_set_string_member (change, "sha256", sha256);
  json_object_set_int_member (change, "size", g_bytes_get_size (g_hash_table_lookup (mock->blobs, sha256)));
  add_change (mock, change);
}

static RingiStamp *
parse_signed_stamp (JsonObject *signed_stamp)
{
  const char *record_text = json_object_get_string_member_with_default (signed_stamp, "record", "");
  gsize length = 0;
  g_autofree guchar *data = g_base64_decode (record_text, &length);
  g_autoptr(GBytes) record = g_bytes_new (data, length);

  return ringi_stamp_parse (record, NULL);
}

/* Why the stamp cannot be the next of the request's chain, or NULL */
static const char *
check_chain (RingiMockServer *mock,
             const char *request_id,
             JsonObject *signed_stamp)
{
  g_autoptr(RingiStamp) stamp = signed_stamp ? parse_signed_stamp (signed_stamp) : NULL;

  if (stamp == NULL)
    return "malformed-record";
  if (g_strcmp0 (ringi_stamp_get_previous (stamp), g_hash_table_lookup (mock->chain_ends, request_id)) != 0)
    return "chain-broken";
  return NULL;
}

static void
add_stamp (RingiMockServer *mock,
           const char *request_id,
           JsonObject *signed_stamp,
           char **out_sha256)
{
  g_autoptr(RingiStamp) stamp = parse_signed_stamp (signed_stamp);
  JsonObject *change = json_object_new ();
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (mock->stamp_counts, request_id)) + 1;

  *out_sha256 = ringi_stamp_dup_sha256 (stamp);
  g_hash_table_insert (mock->stamp_counts, g_strdup (request_id), GUINT_TO_POINTER (n));
  g_hash_table_insert (mock->chain_ends, g_strdup (request_id), g_strdup (*out_sha256));
  g_hash_table_insert (mock->positions, g_strdup (*out_sha256), GUINT_TO_POINTER (n));

  json_object_set_string_member (change, "kind", "stamp");
  json_object_set_string_member (change, "request_id", request_id);
  json_object_set_int_member (change, "position", n);
  json_object_set_string_member (change, "record", json_object_get_string_member (signed_stamp, "record"));
  json_object_set_string_member (change, "signature",
                                 json_object_get_string_member_with_default (signed_stamp, "signature", ""));
  if (json_object_has_member (signed_stamp, "comment"))
    json_object_set_string_member (change, "comment", json_object_get_string_member (signed_stamp, "comment"));
  json_object_set_object_member (change, "receipt", receipt_for (mock, *out_sha256));
  add_change (mock, change);
}

static const char *
apply_create (RingiMockServer *mock,
              JsonObject *op,
              char **out_sha256)
{
  JsonObject *request = json_object_get_object_member (op, "request");
  JsonObject *signed_stamp = json_object_get_object_member (op, "stamp");
  const char *id = json_object_get_string_member_with_default (request, "id", "");
  const char *sha256 = json_object_get_string_member_with_default (op, "revision_sha256", "");
  const char *refused;
  JsonObject *change;

  if (g_hash_table_contains (mock->revisions, id))
    return "conflict";
  if (!g_hash_table_contains (mock->blobs, sha256))
    return "not-found";
  if ((refused = check_chain (mock, id, signed_stamp)) != NULL)
    return refused;

  change = json_object_ref (request);
  json_object_set_string_member (change, "kind", "request");
  add_change (mock, change);
  add_revision_change (mock, id, sha256);
  add_stamp (mock, id, signed_stamp, out_sha256);
  return NULL;
}

static const char *
apply_stamp_op (RingiMockServer *mock,
                JsonObject *op,
                char **out_sha256)
{
  const char *request_id = json_object_get_string_member_with_default (op, "request_id", "");
  const char *sha256 = json_object_get_string_member_with_default (op, "revision_sha256", NULL);
  JsonObject *signed_stamp = json_object_get_object_member (op, "stamp");
  const char *refused;

  if (!g_hash_table_contains (mock->revisions, request_id))
    return "not-found";
  if (sha256 != NULL && !g_hash_table_contains (mock->blobs, sha256))
    return "not-found";
  if ((refused = check_chain (mock, request_id, signed_stamp)) != NULL)
    return refused;

  if (sha256 != NULL)
    add_revision_change (mock, request_id, sha256);
  add_stamp (mock, request_id, signed_stamp, out_sha256);
  return NULL;
}

static const char *
apply_delegate (RingiMockServer *mock,
                JsonObject *op)
{
  JsonObject *signed_record = json_object_get_object_member (op, "delegation");
  const char *record_text = json_object_get_string_member_with_default (signed_record, "record", "");
  gsize length = 0;
  g_autofree guchar *data = g_base64_decode (record_text, &length);
  g_autoptr(GBytes) record = g_bytes_new (data, length);
  g_autoptr(RingiDelegation) delegation = ringi_delegation_parse (record, NULL);
  JsonObject *change;

  if (delegation == NULL)
    return "malformed-record";

  change = json_object_new ();
  json_object_set_string_member (change, "kind", "delegation");
  json_object_set_string_member (change, "id", ringi_delegation_get_id (delegation));
  json_object_set_string_member (change, "record", record_text);
  json_object_set_string_member (change, "signature",
                                 json_object_get_string_member_with_default (signed_record, "signature", ""));
  add_change (mock, change);
  return NULL;
}

static JsonNode *
apply_op (RingiMockServer *mock,
          JsonObject *op)
{
  const char *id = json_object_get_string_member_with_default (op, "id", "");
  const char *type = json_object_get_string_member_with_default (op, "type", "");
  g_autofree char *stamp_sha256 = NULL;
  const char *refused = NULL;
  JsonNode *stored = g_hash_table_lookup (mock->results, id);
  JsonNode *result;

  /* The same id again: the stored result, nothing applied twice. */
  if (stored != NULL)
    return json_node_ref (stored);

  if (mock->refuse_code != NULL)
    {
      result = result_node (mock, id, mock->refuse_code, mock->refuse_message, NULL);
      g_clear_pointer (&mock->refuse_code, g_free);
      g_clear_pointer (&mock->refuse_message, g_free);
    }
  else
    {
      if (g_str_equal (type, "create-request"))
        refused = apply_create (mock, op, &stamp_sha256);
      else if (g_str_equal (type, "stamp"))
        refused = apply_stamp_op (mock, op, &stamp_sha256);
      else if (g_str_equal (type, "delegate"))
        refused = apply_delegate (mock, op);
      else
        refused = "invalid-request";

      if (refused == NULL)
        mock->n_ops++;
      result = result_node (mock, id, refused, refused ? "The mock server refuses this" : NULL, stamp_sha256);
    }

  g_hash_table_insert (mock->results, g_strdup (id), json_node_ref (result));
  return result;
}

static void
handle_ops (SoupServer *server,
            SoupServerMessage *msg,
            const char *path,
            GHashTable *query,
            gpointer user_data)
{
  RingiMockServer *mock = user_data;
  g_autoptr(JsonObject) request = NULL;
  g_autoptr(JsonArray) results = json_array_new ();
  g_autoptr(JsonObject) answer = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  JsonArray *ops;

  if (caller (mock, msg) == NULL)
    return;

  request = request_object (msg);
  if (request == NULL || !json_object_has_member (request, "ops"))
    {
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, "malformed-json", "The body is not an ops batch");
      return;
    }

  ops = json_object_get_array_member (request, "ops");
  for (guint i = 0; i < json_array_get_length (ops); i++)
    json_array_add_element (results, apply_op (mock, json_array_get_object_element (ops, i)));
  announce (mock);

  /* The ops are applied, but the answer is lost on its way back. */
  if (mock->fail_next_answer)
    {
      mock->fail_next_answer = FALSE;
      reply_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable", "The answer was lost");
      return;
    }

  json_object_set_array_member (answer, "results", g_steal_pointer (&results));
  node = json_node_init_object (json_node_alloc (), answer);
  reply_json (msg, SOUP_STATUS_OK, node);
}

static void
socket_closed_cb (SoupWebsocketConnection *socket,
                  gpointer user_data)
{
  RingiMockServer *mock = user_data;

  g_ptr_array_remove (mock->sockets, socket);
}

static void
handle_events (SoupServer *server,
               SoupServerMessage *msg,
               const char *path,
               SoupWebsocketConnection *connection,
               gpointer user_data)
{
  RingiMockServer *mock = user_data;

  g_signal_connect (connection, "closed", G_CALLBACK (socket_closed_cb), mock);
  g_ptr_array_add (mock->sockets, g_object_ref (connection));
}

static void
listen_on (RingiMockServer *mock,
           guint port)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  soup_server_listen_local (mock->server, port, SOUP_SERVER_LISTEN_IPV4_ONLY | SOUP_SERVER_LISTEN_HTTPS, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (mock->server);
  mock->port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

/**
 * ringi_mock_server_new:
 *
 * Starts a mock server on 127.0.0.1, on a free port, with a fresh test CA.
 *
 * Returns: (transfer full): the server
 */
RingiMockServer *
ringi_mock_server_new (void)
{
  RingiMockServer *mock = g_new0 (RingiMockServer, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;

  mock->certs = ringi_test_certs_new ();
  mock->key_home = ringi_test_make_tmpdir ("rm-key");
  ringi_test_write_fast_agent_conf (mock->key_home);
  mock->keyring = ringi_keyring_new (mock->key_home, &error);
  g_assert_no_error (error);
  ringi_keyring_generate_key (mock->keyring, "ringi-server", "Ringi test server", SERVER_PIN,
                              &mock->server_fingerprint, NULL, &error);
  g_assert_no_error (error);

  mock->codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  mock->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  mock->fingerprints = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  mock->public_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  mock->templates = json_array_new ();
  mock->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  mock->nonces = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  mock->blobs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  mock->results = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_node_unref);
  mock->chain_ends = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  mock->stamp_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  mock->positions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  mock->revisions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  mock->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  mock->sockets = g_ptr_array_new_with_free_func (g_object_unref);
  mock->page_size = 500;
  mock->blob_limit = 50 * 1024 * 1024;

  certificate = g_tls_certificate_new_from_files (mock->certs->cert_file, mock->certs->key_file, &error);
  g_assert_no_error (error);
  mock->server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (mock->server, "/api/v1/health", handle_health, mock, NULL);
  soup_server_add_handler (mock->server, "/api/v1/enroll", handle_enroll, mock, NULL);
  soup_server_add_handler (mock->server, "/api/v1/login/nonce", handle_nonce, mock, NULL);
  soup_server_add_handler (mock->server, "/api/v1/login", handle_login, mock, NULL);
  soup_server_add_handler (mock->server, "/api/v1/directory", handle_directory, mock, NULL);
  soup_server_add_handler (mock->server, "/api/v1/changes", handle_changes, mock, NULL);
  soup_server_add_handler (mock->server, "/api/v1/blobs/", handle_blobs, mock, NULL);
  soup_server_add_handler (mock->server, "/api/v1/ops", handle_ops, mock, NULL);
  soup_server_add_websocket_handler (mock->server, "/api/v1/events", NULL, NULL, handle_events, mock, NULL);

  listen_on (mock, 0);
  mock->url = g_strdup_printf ("https://127.0.0.1:%u", mock->port);
  return mock;
}

void
ringi_mock_server_free (RingiMockServer *mock)
{
  if (mock == NULL)
    return;

  for (guint i = 0; i < mock->sockets->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (mock->sockets, i), mock);
  g_ptr_array_unref (mock->sockets);
  soup_server_disconnect (mock->server);
  g_object_unref (mock->server);
  ringi_keyring_kill_agent (mock->keyring);
  g_object_unref (mock->keyring);
  ringi_test_remove_tree (mock->key_home);
  g_free (mock->key_home);
  ringi_test_certs_free (mock->certs);
  g_hash_table_unref (mock->codes);
  g_hash_table_unref (mock->names);
  g_hash_table_unref (mock->fingerprints);
  g_hash_table_unref (mock->public_keys);
  json_array_unref (mock->templates);
  g_hash_table_unref (mock->tokens);
  g_hash_table_unref (mock->nonces);
  g_hash_table_unref (mock->blobs);
  g_hash_table_unref (mock->results);
  g_hash_table_unref (mock->chain_ends);
  g_hash_table_unref (mock->stamp_counts);
  g_hash_table_unref (mock->positions);
  g_hash_table_unref (mock->revisions);
  g_ptr_array_unref (mock->changes);
  g_free (mock->refuse_code);
  g_free (mock->refuse_message);
  g_free (mock->url);
  g_free (mock->server_fingerprint);
  g_free (mock);
}

const char *
ringi_mock_server_get_url (RingiMockServer *mock)
{
  return mock->url;
}

const char *
ringi_mock_server_get_ca_file (RingiMockServer *mock)
{
  return mock->certs->ca_file;
}

void
ringi_mock_server_add_user (RingiMockServer *mock,
                            const char *login,
                            const char *display_name,
                            const char *code)
{
  g_hash_table_insert (mock->names, g_strdup (login), g_strdup (display_name));
  g_hash_table_insert (mock->codes, g_strdup (login), g_strdup (code));
}

void
ringi_mock_server_add_route_template (RingiMockServer *mock,
                                      const char *category,
                                      gint64 min_amount,
                                      const char *route)
{
  JsonObject *template = json_object_new ();

  json_object_set_string_member (template, "category", category);
  json_object_set_int_member (template, "min_amount", min_amount);
  json_object_set_string_member (template, "route", route);
  json_array_add_object_element (mock->templates, template);
}

/* The next op, whatever it is, is refused with this reason. */
void
ringi_mock_server_refuse_next_op (RingiMockServer *mock,
                                  const char *code,
                                  const char *message)
{
  g_free (mock->refuse_code);
  mock->refuse_code = g_strdup (code);
  g_free (mock->refuse_message);
  mock->refuse_message = g_strdup (message);
}

/* The next batch of ops is applied, but answered with 503. */
void
ringi_mock_server_fail_next_answer (RingiMockServer *mock)
{
  mock->fail_next_answer = TRUE;
}

void
ringi_mock_server_set_page_size (RingiMockServer *mock,
                                 guint page_size)
{
  mock->page_size = page_size;
}

void
ringi_mock_server_set_blob_limit (RingiMockServer *mock,
                                  gsize limit)
{
  mock->blob_limit = limit;
}

/* Closes the port and every connection: the network is gone. */
void
ringi_mock_server_stop (RingiMockServer *mock)
{
  soup_server_disconnect (mock->server);
}

void
ringi_mock_server_restart (RingiMockServer *mock)
{
  listen_on (mock, mock->port);
}

guint
ringi_mock_server_count_stamps (RingiMockServer *mock,
                                const char *request_id)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (mock->stamp_counts, request_id));
}

guint
ringi_mock_server_count_ops (RingiMockServer *mock)
{
  return mock->n_ops;
}

guint64
ringi_mock_server_get_last_seq (RingiMockServer *mock)
{
  return mock->changes->len;
}
