/* ringi-server-secret.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

GBytes *ringi_server_secret_random (gsize n_bytes,
                                    GError **error);
char *ringi_server_secret_new_code (GError **error);
char *ringi_server_secret_normalize_code (const char *code);
char *ringi_server_secret_new_token (gsize n_bytes,
                                     GError **error);
char *ringi_server_secret_sha256 (const char *text);

G_END_DECLS
