/* ringi-server-key.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ringi-server-storage.h"

G_BEGIN_DECLS

#define RINGI_TYPE_SERVER_KEY (ringi_server_key_get_type ())
G_DECLARE_FINAL_TYPE (RingiServerKey, ringi_server_key, RINGI, SERVER_KEY, GObject)

RingiServerKey *ringi_server_key_create (const char *data_dir,
                                         const char *hostname,
                                         RingiServerStorage *storage,
                                         GError **error);
RingiServerKey *ringi_server_key_open (const char *data_dir,
                                       RingiServerStorage *storage,
                                       GError **error);
const char *ringi_server_key_get_fingerprint (RingiServerKey *self);
GBytes *ringi_server_key_export_public (RingiServerKey *self,
                                        GError **error);
GBytes *ringi_server_key_sign (RingiServerKey *self,
                               GBytes *data,
                               GCancellable *cancellable,
                               GError **error);
void ringi_server_key_sign_async (RingiServerKey *self,
                                  GBytes *data,
                                  GCancellable *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer user_data);
GBytes *ringi_server_key_sign_finish (RingiServerKey *self,
                                      GAsyncResult *result,
                                      GError **error);

G_END_DECLS
