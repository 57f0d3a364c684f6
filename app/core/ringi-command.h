/* ringi-command.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses shared by ringi-cli and ringi-server */
#define RINGI_EXIT_OK      0
#define RINGI_EXIT_FAILURE 1
#define RINGI_EXIT_USAGE   2

/**
 * RingiCommandFunc:
 * @argc: number of arguments, the command's name included
 * @argv: the arguments; argv[0] is "program command"
 *
 * Returns: the process exit status
 */
typedef int (*RingiCommandFunc) (int argc,
                                 char **argv);

/**
 * RingiCommand:
 * @name: the word that names the command
 * @summary: one line for the help text, marked with N_()
 * @run: the handler
 */
typedef struct
{
  const char *name;
  const char *summary;
  RingiCommandFunc run;
} RingiCommand;

int ringi_command_dispatch (const char *program,
                            const char *description,
                            const RingiCommand *commands,
                            int argc,
                            char **argv);

G_END_DECLS
