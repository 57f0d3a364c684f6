/* ringi-server-backup-command.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ringi-command.h"
#include "ringi-server-commands-private.h"

/**
 * ringi_server_backup_command:
 * @argc: number of arguments
 * @argv: the arguments; argv[0] is "ringi-server backup"
 *
 * `ringi-server backup --data DIR OUT`: a consistent copy of the database,
 * taken while the server may be running, and checked.
 *
 * Returns: the process exit status
 */
int
ringi_server_backup_command (int argc,
                             char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *program = g_strdup (argv[0]);
  g_autoptr(GOptionContext) context = g_option_context_new (_("OUT"));
  g_autoptr(RingiServerStorage) storage = NULL;
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, N_("The server data folder"), N_("DIR") },
    { NULL }
  };

  g_option_context_set_summary (context, _("Writes a consistent, checked copy of the server database to OUT, a new file. The server may keep running. The TLS keys in DIR/tls are not part of it: keep a copy of them once."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!ringi_server_command_parse (context, &argc, &argv, 1, &data_dir))
    return RINGI_EXIT_USAGE;

  storage = ringi_server_command_open_storage (program, data_dir);
  if (storage == NULL)
    return RINGI_EXIT_FAILURE;

  if (!ringi_server_storage_backup (storage, argv[1], &error))
    return ringi_server_command_fail (program, error);

  g_print (_("Backup written to %s; its integrity check passed.\n"), argv[1]);
  return RINGI_EXIT_OK;
}
