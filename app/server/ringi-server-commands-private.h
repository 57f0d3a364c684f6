/* ringi-server-commands-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ringi-server-storage.h"

G_BEGIN_DECLS

/* The sub-commands of ringi-server, one file each */
int ringi_server_attendance_command (int argc,
                                     char **argv);
int ringi_server_purge_command (int argc,
                                char **argv);
int ringi_server_init_command (int argc,
                               char **argv);
int ringi_server_serve_command (int argc,
                                char **argv);
int ringi_server_user_command (int argc,
                               char **argv);
int ringi_server_route_command (int argc,
                                char **argv);
int ringi_server_backup_command (int argc,
                                 char **argv);
int ringi_server_restore_command (int argc,
                                  char **argv);

/* What they share */
gboolean ringi_server_command_parse (GOptionContext *context,
                                     int *argc,
                                     char ***argv,
                                     guint n_positional,
                                     char **data_dir);
int ringi_server_command_fail (const char *program,
                               const GError *error);
RingiServerStorage *ringi_server_command_open_storage (const char *program,
                                                       const char *data_dir);
gint64 ringi_server_command_now (void);
void ringi_server_command_print_json (JsonNode *root);

G_END_DECLS
