/* ringi-server-data-dir.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ringi-server-storage.h"

G_BEGIN_DECLS

char *ringi_server_data_dir_database_path (const char *dir);
char *ringi_server_data_dir_tls_dir (const char *dir);
char *ringi_server_data_dir_tls_path (const char *dir,
                                      const char *name);
char *ringi_server_data_dir_gnupg_dir (const char *dir);
char *ringi_server_data_dir_key_pin_path (const char *dir);
char *ringi_server_data_dir_keys_dir (const char *dir);
char *ringi_server_data_dir_verify_cache_path (const char *dir);
gboolean ringi_server_data_dir_create (const char *dir,
                                       GError **error);
void ringi_server_data_dir_discard (const char *dir,
                                    gboolean keep_dir);
int ringi_server_data_dir_lock (const char *dir,
                                GError **error);
RingiServerStorage *ringi_server_data_dir_open_storage (const char *dir,
                                                        GError **error);

G_END_DECLS
