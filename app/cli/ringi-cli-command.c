/* ringi-cli-command.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "ringi-cli-bundle.h"
#include "ringi-cli-command.h"
#include "ringi-command.h"

static const RingiCommand cli_commands[] = {
  { "bundle", N_("Check evidence bundles"), ringi_cli_bundle_run },
  { NULL }
};

/**
 * ringi_cli_command_run:
 * @argc: number of arguments
 * @argv: the arguments, as given to main()
 *
 * Parses the command line of `ringi-cli` and runs the command named.
 *
 * Returns: the process exit status
 */
int
ringi_cli_command_run (int argc,
                       char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  return ringi_command_dispatch ("ringi-cli",
                                 _("The Ringi command-line client: approvals without a window."),
                                 cli_commands, argc, argv);
}
