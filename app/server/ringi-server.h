/* ringi-server.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "ringi-keyring.h"
#include "ringi-server-key.h"
#include "ringi-server-storage.h"
#include "ringi-verify-cache.h"

G_BEGIN_DECLS

/* Documents larger than this are refused unless `serve` says otherwise. */
#define RINGI_SERVER_DEFAULT_MAX_BLOB_SIZE (50 * 1000 * 1000)

#define RINGI_TYPE_SERVER (ringi_server_get_type ())
G_DECLARE_FINAL_TYPE (RingiServer, ringi_server, RINGI, SERVER, GObject)

/**
 * RingiServerHandler:
 * @server: the server
 * @msg: the request, its body read
 * @rest: (nullable): for a route ending in "/", the rest of the path
 *
 * Answers one API request, always with a status: JSON, or a JSON error
 * through ringi_api_respond_error(). A handler that needs more time
 * pauses @msg and answers later.
 */
typedef void (*RingiServerHandler) (RingiServer *server,
                                    SoupServerMessage *msg,
                                    const char *rest);

RingiServer *ringi_server_new (RingiServerStorage *storage,
                               GTlsCertificate *certificate,
                               RingiServerKey *receipt_key,
                               RingiKeyring *keyring,
                               RingiVerifyCache *verify_cache);
RingiServerStorage *ringi_server_get_storage (RingiServer *self);
RingiServerKey *ringi_server_get_receipt_key (RingiServer *self);
GBytes *ringi_server_get_receipt_public_key (RingiServer *self,
                                             GError **error);
RingiKeyring *ringi_server_get_keyring (RingiServer *self);
RingiVerifyCache *ringi_server_get_verify_cache (RingiServer *self);
gint64 ringi_server_get_now (RingiServer *self);
void ringi_server_set_max_blob_size (RingiServer *self,
                                     guint64 max_blob_size);
guint64 ringi_server_get_max_blob_size (RingiServer *self);

gboolean ringi_server_check_rate_limit (RingiServer *self,
                                        SoupServerMessage *msg,
                                        const char *login,
                                        GError **error);
void ringi_server_count_failure (RingiServer *self,
                                 SoupServerMessage *msg,
                                 const char *login);
void ringi_server_forget_failures (RingiServer *self,
                                   const char *login);
void ringi_server_changes_committed (RingiServer *self);
void ringi_server_run_ops_async (RingiServer *self,
                                 const RingiUser *caller,
                                 JsonArray *ops,
                                 GAsyncReadyCallback callback,
                                 gpointer user_data);
JsonNode *ringi_server_run_ops_finish (RingiServer *self,
                                       GAsyncResult *result,
                                       GError **error);

gboolean ringi_server_listen (RingiServer *self,
                              GSocketAddress *address,
                              GError **error);
char *ringi_server_dup_url (RingiServer *self);
GStrv ringi_server_dup_endpoints (void);
guint ringi_server_get_n_active (RingiServer *self);
void ringi_server_shutdown_async (RingiServer *self,
                                  GCancellable *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer user_data);
gboolean ringi_server_shutdown_finish (RingiServer *self,
                                       GAsyncResult *result,
                                       GError **error);

G_END_DECLS
