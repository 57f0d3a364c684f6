/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-cli"

#include "config.h"

#include "ringi-cli-command.h"

int
main (int argc,
      char *argv[])
{
  return ringi_cli_command_run (argc, argv);
}
