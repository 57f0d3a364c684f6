/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-server"

#include "config.h"

#include "ringi-server-command.h"

int
main (int argc,
      char *argv[])
{
  return ringi_server_command_run (argc, argv);
}
