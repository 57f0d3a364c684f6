/* ringi-server-command.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-server"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "ringi-command.h"
#include "ringi-server-command.h"

static const RingiCommand server_commands[] = {
  { NULL }
};

/**
 * ringi_server_command_run:
 * @argc: number of arguments
 * @argv: the arguments, as given to main()
 *
 * Parses the command line of `ringi-server` and runs the command named.
 *
 * Returns: the process exit status
 */
int
ringi_server_command_run (int argc,
                          char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  return ringi_command_dispatch ("ringi-server",
                                 _("The Ringi server: keeps requests and stamps for an organisation."),
                                 server_commands, argc, argv);
}
