/* ringi-server-handlers.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ringi-server.h"

G_BEGIN_DECLS

/* The API's endpoints; ringi-server.c routes requests to them. */
void ringi_server_handle_health (RingiServer *server,
                                 SoupServerMessage *msg,
                                 const char *rest);
void ringi_server_handle_enroll (RingiServer *server,
                                 SoupServerMessage *msg,
                                 const char *rest);
void ringi_server_handle_login_nonce (RingiServer *server,
                                      SoupServerMessage *msg,
                                      const char *rest);
void ringi_server_handle_login (RingiServer *server,
                                SoupServerMessage *msg,
                                const char *rest);
void ringi_server_handle_directory (RingiServer *server,
                                    SoupServerMessage *msg,
                                    const char *rest);
void ringi_server_handle_changes (RingiServer *server,
                                  SoupServerMessage *msg,
                                  const char *rest);
void ringi_server_handle_ops (RingiServer *server,
                              SoupServerMessage *msg,
                              const char *rest);
void ringi_server_handle_put_blob (RingiServer *server,
                                   SoupServerMessage *msg,
                                   const char *rest);
void ringi_server_handle_get_blob (RingiServer *server,
                                   SoupServerMessage *msg,
                                   const char *rest);

G_END_DECLS
