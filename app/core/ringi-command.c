/* ringi-command.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-command"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "ringi-command.h"

static void
print_usage (FILE *out,
             const char *program,
             const char *description,
             const RingiCommand *commands)
{
  fprintf (out, _("Usage: %s COMMAND [OPTIONS…]\n"), program);
  fprintf (out, "\n%s\n\n", description);
  fprintf (out, "%s\n", _("Commands:"));
  for (const RingiCommand *c = commands; c->name != NULL; c++)
    fprintf (out, "  %-16s %s\n", c->name, _(c->summary));
  fprintf (out, "\n%s\n", _("Options:"));
  fprintf (out, "  %-16s %s\n", "--help", _("Show this help"));
  fprintf (out, "  %-16s %s\n", "--version", _("Show the version"));
  fprintf (out, "\n%s\n", _("Run a command with --help for its options."));
}

/**
 * ringi_command_dispatch:
 * @program: the program and any parent command, e.g. "ringi-cli bundle"
 * @description: one translated sentence for the help text
 * @commands: the commands, ending with an entry whose name is %NULL
 * @argc: number of arguments
 * @argv: the arguments; argv[1] names the command
 *
 * Runs the command that argv[1] names with the remaining arguments, or
 * answers --help and --version. Nested commands call this again.
 *
 * Returns: the process exit status
 */
int
ringi_command_dispatch (const char *program,
                        const char *description,
                        const RingiCommand *commands,
                        int argc,
                        char **argv)
{
  const char *word;

  g_return_val_if_fail (program != NULL, RINGI_EXIT_USAGE);
  g_return_val_if_fail (commands != NULL, RINGI_EXIT_USAGE);

  if (argc < 2)
    {
      print_usage (stderr, program, description, commands);
      return RINGI_EXIT_USAGE;
    }

  word = argv[1];
  if (g_str_equal (word, "--help") || g_str_equal (word, "-h") || g_str_equal (word, "help"))
    {
      print_usage (stdout, program, description, commands);
      return RINGI_EXIT_OK;
    }

  if (g_str_equal (word, "--version"))
    {
      g_print ("%s %s\n", program, PACKAGE_VERSION);
      return RINGI_EXIT_OK;
    }

  for (const RingiCommand *c = commands; c->name != NULL; c++)
    {
      if (g_str_equal (word, c->name))
        {
          g_autofree char *name = g_strdup_printf ("%s %s", program, c->name);
          char *saved = argv[1];
          int status;

          /* The handler sees itself as argv[0], as a program would. */
          argv[1] = name;
          status = c->run (argc - 1, argv + 1);
          argv[1] = saved;
          return status;
        }
    }

  g_printerr (_("%s: unknown command “%s”. Try “%s --help”.\n"), program, word, program);
  return RINGI_EXIT_USAGE;
}
