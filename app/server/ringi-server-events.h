/* ringi-server-events.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "ringi-server-storage.h"

G_BEGIN_DECLS

#define RINGI_TYPE_SERVER_EVENTS (ringi_server_events_get_type ())
G_DECLARE_FINAL_TYPE (RingiServerEvents, ringi_server_events, RINGI, SERVER_EVENTS, GObject)

RingiServerEvents *ringi_server_events_new (RingiServerStorage *storage);
void ringi_server_events_add (RingiServerEvents *self,
                              SoupWebsocketConnection *connection,
                              const char *login,
                              const char *token_sha256,
                              gint64 now);
void ringi_server_events_check (RingiServerEvents *self,
                                gint64 now);
guint ringi_server_events_get_n_clients (RingiServerEvents *self);
void ringi_server_events_close_all (RingiServerEvents *self);

G_END_DECLS
