/* ringi-server-auth.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ringi-server.h"

G_BEGIN_DECLS

/* A session ends 12 hours after login, or after an hour without use. */
#define RINGI_TOKEN_LIFETIME_SECONDS (12 * 60 * 60)
#define RINGI_TOKEN_IDLE_SECONDS     (60 * 60)

gboolean ringi_server_authenticate (RingiServer *server,
                                    SoupServerMessage *msg,
                                    GError **error);
const RingiUser *ringi_server_get_caller (SoupServerMessage *msg);
const char *ringi_server_get_caller_token (SoupServerMessage *msg);
gboolean ringi_server_check_actor (SoupServerMessage *msg,
                                   GError **error);
gboolean ringi_user_may_act (const RingiUser *user);

G_END_DECLS
