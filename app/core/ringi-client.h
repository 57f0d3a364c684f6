/* ringi-client.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ringi-keyring.h"

G_BEGIN_DECLS

/**
 * RingiClientError:
 * @RINGI_CLIENT_ERROR_INVALID_URL: the server address is not an http(s)
 *   URL with a host
 * @RINGI_CLIENT_ERROR_INSECURE: plain `http://` to a host other than this
 *   computer; refused before any connection
 * @RINGI_CLIENT_ERROR_BAD_CA: the pinned CA file holds no certificate
 * @RINGI_CLIENT_ERROR_TLS: the server's certificate is not trusted
 * @RINGI_CLIENT_ERROR_NETWORK: the server could not be reached, or the
 *   connection broke
 * @RINGI_CLIENT_ERROR_UNAUTHENTICATED: the server does not accept who we
 *   are (an unknown login, a key it does not bind, a disabled user)
 * @RINGI_CLIENT_ERROR_NEEDS_PASSPHRASE: signing in needs the seal PIN and
 *   none was given
 * @RINGI_CLIENT_ERROR_FORBIDDEN: the server says we may not do this
 * @RINGI_CLIENT_ERROR_NOT_FOUND: no such thing on the server, or not for us
 * @RINGI_CLIENT_ERROR_CONFLICT: already done (e.g. already enrolled)
 * @RINGI_CLIENT_ERROR_INVALID_CODE: the enrollment code is wrong
 * @RINGI_CLIENT_ERROR_CODE_EXPIRED: the enrollment code has expired
 * @RINGI_CLIENT_ERROR_TOO_LARGE: the server refuses a body this large
 * @RINGI_CLIENT_ERROR_RATE_LIMITED: too many attempts; wait and retry
 * @RINGI_CLIENT_ERROR_REFUSED: the server refused the request's content
 * @RINGI_CLIENT_ERROR_SERVER: the server failed; retry later
 * @RINGI_CLIENT_ERROR_PROTOCOL: the answer does not follow docs/api.md
 *   (not JSON, a blob whose sha256 differs…)
 *
 * Errors of talking to a Ringi server. Messages from the server are
 * quoted after ours. Cancellation gives %G_IO_ERROR_CANCELLED.
 */
typedef enum
{
  RINGI_CLIENT_ERROR_INVALID_URL,
  RINGI_CLIENT_ERROR_INSECURE,
  RINGI_CLIENT_ERROR_BAD_CA,
  RINGI_CLIENT_ERROR_TLS,
  RINGI_CLIENT_ERROR_NETWORK,
  RINGI_CLIENT_ERROR_UNAUTHENTICATED,
  RINGI_CLIENT_ERROR_NEEDS_PASSPHRASE,
  RINGI_CLIENT_ERROR_FORBIDDEN,
  RINGI_CLIENT_ERROR_NOT_FOUND,
  RINGI_CLIENT_ERROR_CONFLICT,
  RINGI_CLIENT_ERROR_INVALID_CODE,
  RINGI_CLIENT_ERROR_CODE_EXPIRED,
  RINGI_CLIENT_ERROR_TOO_LARGE,
  RINGI_CLIENT_ERROR_RATE_LIMITED,
  RINGI_CLIENT_ERROR_REFUSED,
  RINGI_CLIENT_ERROR_SERVER,
  RINGI_CLIENT_ERROR_PROTOCOL,
} RingiClientError;

#define RINGI_CLIENT_ERROR (ringi_client_error_quark ())
GQuark ringi_client_error_quark (void);

gboolean ringi_client_error_is_transient (const GError *error);

/**
 * RingiPassphraseFunc:
 * @user_data: what was given with the function
 *
 * Asks for the seal PIN when signing in needs it.
 *
 * Returns: (transfer full) (nullable): the PIN, or %NULL when there is
 *   none to give
 */
typedef char *(*RingiPassphraseFunc) (gpointer user_data);

#define RINGI_TYPE_CLIENT (ringi_client_get_type ())
G_DECLARE_FINAL_TYPE (RingiClient, ringi_client, RINGI, CLIENT, GObject)

RingiClient *ringi_client_new (const char *server_url,
                               const char *ca_file,
                               GError **error);
const char *ringi_client_get_server_url (RingiClient *self);
void ringi_client_set_identity (RingiClient *self,
                                RingiKeyring *keyring,
                                const char *login,
                                const char *fingerprint);
void ringi_client_set_passphrase_func (RingiClient *self,
                                       RingiPassphraseFunc func,
                                       gpointer user_data,
                                       GDestroyNotify destroy);
void ringi_client_set_token (RingiClient *self,
                             const char *token,
                             const char *expires_at);
const char *ringi_client_get_token (RingiClient *self);
const char *ringi_client_get_token_expires_at (RingiClient *self);

void ringi_client_health_async (RingiClient *self,
                                GCancellable *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer user_data);
gboolean ringi_client_health_finish (RingiClient *self,
                                     GAsyncResult *result,
                                     GError **error);

void ringi_client_enroll_async (RingiClient *self,
                                const char *login,
                                const char *code,
                                GBytes *public_key,
                                GCancellable *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer user_data);
char *ringi_client_enroll_finish (RingiClient *self,
                                  GAsyncResult *result,
                                  GError **error);

void ringi_client_login_async (RingiClient *self,
                               GCancellable *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer user_data);
gboolean ringi_client_login_finish (RingiClient *self,
                                    GAsyncResult *result,
                                    GError **error);

void ringi_client_get_directory_async (RingiClient *self,
                                       GCancellable *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer user_data);
JsonObject *ringi_client_get_directory_finish (RingiClient *self,
                                               GAsyncResult *result,
                                               GError **error);

void ringi_client_get_changes_async (RingiClient *self,
                                     guint64 since,
                                     guint limit,
                                     GCancellable *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer user_data);
JsonObject *ringi_client_get_changes_finish (RingiClient *self,
                                             GAsyncResult *result,
                                             GError **error);

void ringi_client_post_ops_async (RingiClient *self,
                                  JsonArray *ops,
                                  GCancellable *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer user_data);
JsonArray *ringi_client_post_ops_finish (RingiClient *self,
                                         GAsyncResult *result,
                                         GError **error);

void ringi_client_put_blob_async (RingiClient *self,
                                  GBytes *data,
                                  GCancellable *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer user_data);
gboolean ringi_client_put_blob_finish (RingiClient *self,
                                       GAsyncResult *result,
                                       GError **error);

void ringi_client_get_blob_async (RingiClient *self,
                                  const char *sha256,
                                  GCancellable *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer user_data);
GBytes *ringi_client_get_blob_finish (RingiClient *self,
                                      GAsyncResult *result,
                                      GError **error);

void ringi_client_connect_events_async (RingiClient *self,
                                        GCancellable *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer user_data);
gboolean ringi_client_connect_events_finish (RingiClient *self,
                                             GAsyncResult *result,
                                             GError **error);
void ringi_client_disconnect_events (RingiClient *self);

G_END_DECLS
