/* ringi-server-login-handler.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ringi-api.h"
#include "ringi-server-handlers.h"
#include "ringi-server-secret.h"

/* A login challenge: 32 random bytes, usable once, for two minutes. */
#define NONCE_BYTES      32
#define NONCE_LIFETIME   120
#define MAX_LOGIN_LENGTH 64

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
