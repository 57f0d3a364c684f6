/* ringi-server-tls.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

char *ringi_server_tls_normalize_hostname (const char *hostname,
                                           GError **error);
gboolean ringi_server_tls_create (const char *tls_dir,
                                  const char *hostname,
                                  GError **error);
void ringi_server_tls_require_modern_versions (void);
GTlsCertificate *ringi_server_tls_load (const char *cert_path,
                                        const char *key_path,
                                        GError **error);

G_END_DECLS
