/* ringi-server-log.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

void ringi_server_log_request (SoupServerMessage *msg,
                               gint64 duration_us);
void ringi_server_log_event (const char *event,
                             const char *message);

G_END_DECLS
