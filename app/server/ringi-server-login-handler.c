/* ringi-server-login-handler.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ringi-api.h"
#include "ringi-server-auth.h"
#include "ringi-server-handlers.h"
#include "ringi-server-secret.h"

/* A login challenge: 32 random bytes, usable once, for two minutes. */
#define NONCE_BYTES      32
#define NONCE_LIFETIME   120
#define MAX_LOGIN_LENGTH 64
#define TOKEN_BYTES      32

static JsonNode *
build_nonce_answer (const char *nonce,
                    gint64 expires_at)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *expiry = ringi_api_format_time (expires_at);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "nonce");
  json_builder_add_string_value (builder, nonce);
  json_builder_set_member_name (builder, "expires_at");
  json_builder_add_string_value (builder, expiry);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static JsonNode *
issue_nonce (RingiServer *server,
             SoupServerMessage *msg,
             GError **error)
{
  g_autoptr(JsonObject) request = ringi_api_read_object (msg, error);
  g_autofree char *nonce = NULL;
  gint64 expires_at = ringi_server_get_now (server) + NONCE_LIFETIME;
  const char *login;

  if (request == NULL || (login = ringi_api_get_string (request, "login", error)) == NULL)
    return NULL;

  if (strlen (login) > MAX_LOGIN_LENGTH)
    {
      g_set_error (error, RINGI_API_ERROR, RINGI_API_ERROR_INVALID_REQUEST,
                   _("The login is longer than %d characters"), MAX_LOGIN_LENGTH);
      return NULL;
    }

  /* Every login gets a challenge, known or not, so that the answer does
   * not tell who has an account. */
  nonce = ringi_server_secret_new_token (NONCE_BYTES, error);
  if (nonce == NULL ||
      !ringi_server_storage_add_login_nonce (ringi_server_get_storage (server), nonce, login, expires_at, error))
    return NULL;

  return build_nonce_answer (nonce, expires_at);
}

/**
 * ringi_server_handle_login_nonce:
 * @server: the server
 * @msg: `POST /api/v1/login/nonce` with `{"login": …}`
 * @rest: unused
 *
 * Gives a challenge for the client to sign with its key (docs/api.md).
 */
void
ringi_server_handle_login_nonce (RingiServer *server,
                                 SoupServerMessage *msg,
                                 const char *rest)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = issue_nonce (server, msg, &error);

  if (answer == NULL)
    ringi_api_respond_error (msg, error);
  else
    ringi_api_respond_json (msg, SOUP_STATUS_OK, answer);
}

/* POST /login: the client signs the challenge's text with its key, and
 * gets a token if the key is the one bound to the login. Whatever is
 * wrong (the login, the challenge, the key, the signature) gets the same
 * answer and counts as a failure for the rate limit. */

typedef struct
{
  RingiServer *server;
  SoupServerMessage *msg;
  char *login;
  char *fingerprint;
} LoginCall;

static void
login_call_free (LoginCall *call)
{
  g_clear_object (&call->server);
  g_clear_object (&call->msg);
  g_free (call->login);
  g_free (call->fingerprint);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoginCall, login_call_free)

static void
refuse_login (RingiServer *server,
              SoupServerMessage *msg,
              const char *login)
{
  g_autoptr(GError) error = g_error_new_literal (RINGI_API_ERROR, RINGI_API_ERROR_UNAUTHENTICATED,
                                                  _("The login, the challenge or its signature is not right; ask for a new challenge"));

  ringi_server_count_failure (server, msg, login);
  ringi_api_respond_error (msg, error);
}

static JsonNode *
build_token_answer (const char *token,
                    gint64 expires_at)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *expiry = ringi_api_format_time (expires_at);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, token);
  json_builder_set_member_name (builder, "expires_at");
  json_builder_add_string_value (builder, expiry);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
issue_token (LoginCall *call)
{
  RingiServerStorage *storage = ringi_server_get_storage (call->server);
  gint64 now = ringi_server_get_now (call->server);
  gint64 expires_at = now + RINGI_TOKEN_LIFETIME_SECONDS;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *token = ringi_server_secret_new_token (TOKEN_BYTES, &error);
  g_autofree char *token_sha256 = NULL;

  if (token == NULL)
    {
      ringi_api_respond_error (call->msg, error);
      return;
    }

  /* Only the hash is kept: a copy of the database holds no session. */
  token_sha256 = ringi_server_secret_sha256 (token);
  if (!ringi_server_storage_add_token (storage, token_sha256, call->login, now, expires_at, &error))
    {
      if (g_error_matches (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_DISABLED))
        refuse_login (call->server, call->msg, call->login);
      else
        ringi_api_respond_error (call->msg, error);
      return;
    }

  ringi_server_forget_failures (call->server, call->login);
  ringi_api_set_login (call->msg, call->login);
  answer = build_token_answer (token, expires_at);
  ringi_api_respond_json (call->msg, SOUP_STATUS_OK, answer);
}

static void
on_signature_checked (GObject *source,
                      GAsyncResult *result,
                      gpointer user_data)
{
  g_autoptr(LoginCall) call = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *signed_by = NULL;

  gboolean good = ringi_keyring_verify_detached_finish (RINGI_KEYRING (source), result, &signed_by, &error);

  soup_server_message_unpause (call->msg);
  /* A gpg that cannot run is the server's fault, not the client's. */
  if (!good && (error->domain != RINGI_KEYRING_ERROR || error->code == RINGI_KEYRING_ERROR_FAILED))
    ringi_api_respond_error (call->msg, error);
  else if (!good || !g_str_equal (signed_by, call->fingerprint))
    refuse_login (call->server, call->msg, call->login);
  else
    issue_token (call);
}

/* The challenge is used up whatever comes next: it is never good twice. */
static gboolean
take_challenge (RingiServer *server,
                SoupServerMessage *msg,
                const char *login,
                const char *nonce,
                RingiUser **out_user)
{
  RingiServerStorage *storage = ringi_server_get_storage (server);
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiUser) user = NULL;

  if (ringi_server_storage_take_login_nonce (storage, nonce, login, ringi_server_get_now (server), &error))
    user = ringi_server_storage_get_user (storage, login, &error);

  if (error != NULL && error->domain != RINGI_SERVER_STORAGE_ERROR)
    {
      ringi_api_respond_error (msg, error);
      return FALSE;
    }

  if (user == NULL || user->fingerprint == NULL || user->disabled)
    {
      refuse_login (server, msg, login);
      return FALSE;
    }

  *out_user = g_steal_pointer (&user);
  return TRUE;
}

/**
 * ringi_server_handle_login:
 * @server: the server
 * @msg: `POST /api/v1/login` with `{"login", "nonce", "signature"}`
 * @rest: unused
 *
 * Checks the signature of a challenge against the key bound to the
 * login, in a worker thread, and answers `{"token", "expires_at"}`.
 */
void
ringi_server_handle_login (RingiServer *server,
                           SoupServerMessage *msg,
                           const char *rest)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) request = ringi_api_read_object (msg, &error);
  g_autoptr(RingiUser) user = NULL;
  g_autoptr(GBytes) nonce_bytes = NULL;
  g_autoptr(GBytes) signature_bytes = NULL;
  const char *login = NULL, *nonce = NULL, *signature = NULL;
  LoginCall *call;

  if (request == NULL ||
      (login = ringi_api_get_string (request, "login", &error)) == NULL ||
      (nonce = ringi_api_get_string (request, "nonce", &error)) == NULL ||
      (signature = ringi_api_get_string (request, "signature", &error)) == NULL ||
      !ringi_server_check_rate_limit (server, msg, login, &error))
    {
      ringi_api_respond_error (msg, error);
      return;
    }

  if (!take_challenge (server, msg, login, nonce, &user))
    return;

  call = g_new0 (LoginCall, 1);
  call->server = g_object_ref (server);
  call->msg = g_object_ref (msg);
  call->login = g_strdup (login);
  call->fingerprint = g_strdup (user->fingerprint);

  nonce_bytes = g_bytes_new (nonce, strlen (nonce));
  signature_bytes = g_bytes_new (signature, strlen (signature));
  soup_server_message_pause (msg);
  ringi_keyring_verify_detached_async (ringi_server_get_keyring (server), nonce_bytes, signature_bytes,
                                       NULL, on_signature_checked, call);
}
