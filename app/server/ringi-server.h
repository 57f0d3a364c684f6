/* ringi-server.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "ringi-server-storage.h"

G_BEGIN_DECLS

#define RINGI_TYPE_SERVER (ringi_server_get_type ())
G_DECLARE_FINAL_TYPE (RingiServer, ringi_server, RINGI, SERVER, GObject)

/**
 * RingiServerHandler:
 * @server: the server
 * @msg: the request, its body read
 * @rest: (nullable): for a route ending in "/", the rest of the path
 *
 * Answers one API request, always with a status: JSON, or a JSON error
 * through ringi_api_respond_error().
 */
typedef void (*RingiServerHandler) (RingiServer *server,
                                    SoupServerMessage *msg,
                                    const char *rest);

RingiServer *ringi_server_new (RingiServerStorage *storage,
                               GTlsCertificate *certificate);
RingiServerStorage *ringi_server_get_storage (RingiServer *self);
gint64 ringi_server_get_now (RingiServer *self);
gboolean ringi_server_listen (RingiServer *self,
                              GSocketAddress *address,
                              GError **error);
char *ringi_server_dup_url (RingiServer *self);
guint ringi_server_get_n_active (RingiServer *self);
void ringi_server_shutdown_async (RingiServer *self,
                                  GCancellable *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer user_data);
gboolean ringi_server_shutdown_finish (RingiServer *self,
                                       GAsyncResult *result,
                                       GError **error);

G_END_DECLS
