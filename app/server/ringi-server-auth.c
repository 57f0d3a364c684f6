/* ringi-server-auth.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ringi-api.h"
#include "ringi-server-auth.h"
#include "ringi-server-secret.h"

/* Bearer tokens: every endpoint but health, enrollment and login wants
 * `Authorization: Bearer <token>`. The storage keeps the token's sha256
 * only and knows its expiry; a disabled user's tokens are gone. */

#define CALLER_KEY "ringi-caller"
#define TOKEN_KEY  "ringi-caller-token"

static gboolean
unauthenticated (GError **error,
                 const char *message)
{
  g_set_error_literal (error, RINGI_API_ERROR, RINGI_API_ERROR_UNAUTHENTICATED, message);
  return FALSE;
}

static const char *
bearer_token (SoupServerMessage *msg)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Authorization");

  if (header == NULL || g_ascii_strncasecmp (header, "Bearer ", strlen ("Bearer ")) != 0)
    return NULL;

  header += strlen ("Bearer ");
  while (*header == ' ')
    header++;

  return *header != '\0' ? header : NULL;
}

static gboolean
explain_token_error (const GError *storage_error,
                     GError **error)
{
  if (g_error_matches (storage_error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_EXPIRED))
    return unauthenticated (error, _("The session has expired; log in again"));

  if (storage_error->domain == RINGI_SERVER_STORAGE_ERROR)
    return unauthenticated (error, _("The token is not valid; log in again"));

  g_propagate_error (error, g_error_copy (storage_error));
  return FALSE;
}

/**
 * ringi_server_authenticate:
 * @server: the server
 * @msg: a request
 * @error: return location for a #GError
 *
 * Checks the request's bearer token and remembers its user on @msg, for
 * ringi_server_get_caller() and for the request log. Unknown, expired
 * and disabled users' tokens are all `unauthenticated`, with the same
 * words but for expiry, so that the answer tells nothing about others.
 *
 * Returns: %TRUE when the caller is logged in
 */
gboolean
ringi_server_authenticate (RingiServer *server,
                           SoupServerMessage *msg,
                           GError **error)
{
  RingiServerStorage *storage = ringi_server_get_storage (server);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *token_sha256 = NULL;
  g_autofree char *login = NULL;
  RingiUser *user;
  const char *token;

  g_return_val_if_fail (RINGI_IS_SERVER (server), FALSE);
  g_return_val_if_fail (SOUP_IS_SERVER_MESSAGE (msg), FALSE);

  if (ringi_server_get_caller (msg) != NULL)
    return TRUE;

  token = bearer_token (msg);
  if (token == NULL)
    return unauthenticated (error, _("Log in first: this needs “Authorization: Bearer” with a token"));

  token_sha256 = ringi_server_secret_sha256 (token);
  login = ringi_server_storage_lookup_token (storage, token_sha256, ringi_server_get_now (server),
                                             RINGI_TOKEN_IDLE_SECONDS, &local_error);
  if (login == NULL)
    return explain_token_error (local_error, error);

  user = ringi_server_storage_get_user (storage, login, error);
  if (user == NULL)
    return FALSE;

  ringi_api_set_login (msg, login);
  g_object_set_data_full (G_OBJECT (msg), CALLER_KEY, user, (GDestroyNotify) ringi_user_free);
  g_object_set_data_full (G_OBJECT (msg), TOKEN_KEY, g_steal_pointer (&token_sha256), g_free);
  return TRUE;
}

/**
 * ringi_server_get_caller:
 * @msg: a request
 *
 * Returns: (transfer none) (nullable): the user ringi_server_authenticate()
 *   found, or %NULL
 */
const RingiUser *
ringi_server_get_caller (SoupServerMessage *msg)
{
  g_return_val_if_fail (SOUP_IS_SERVER_MESSAGE (msg), NULL);

  return g_object_get_data (G_OBJECT (msg), CALLER_KEY);
}

/**
 * ringi_server_get_caller_token:
 * @msg: an authenticated request
 *
 * Returns: (transfer none) (nullable): the sha256 of its token
 */
const char *
ringi_server_get_caller_token (SoupServerMessage *msg)
{
  g_return_val_if_fail (SOUP_IS_SERVER_MESSAGE (msg), NULL);

  return g_object_get_data (G_OBJECT (msg), TOKEN_KEY);
}

/**
 * ringi_user_may_act:
 * @user: a user
 *
 * Staff and managers submit, stamp and delegate. Admins manage the
 * directory and read no request; auditors read every request and act on
 * none.
 *
 * Returns: %TRUE when @user may send ops and documents
 */
gboolean
ringi_user_may_act (const RingiUser *user)
{
  g_return_val_if_fail (user != NULL, FALSE);

  return g_strcmp0 (user->role, "staff") == 0 || g_strcmp0 (user->role, "manager") == 0;
}

/**
 * ringi_server_check_actor:
 * @msg: an authenticated request
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the caller may act (ringi_user_may_act()), else
 *   %FALSE with `forbidden`
 */
gboolean
ringi_server_check_actor (SoupServerMessage *msg,
                          GError **error)
{
  const RingiUser *user = ringi_server_get_caller (msg);

  g_return_val_if_fail (user != NULL, FALSE);

  if (ringi_user_may_act (user))
    return TRUE;

  g_set_error (error, RINGI_API_ERROR, RINGI_API_ERROR_FORBIDDEN,
               _("Users with the role “%s” do not submit, stamp or delegate"), user->role);
  return FALSE;
}
