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
#include "ringi-server-commands-private.h"
#include "ringi-server-data-dir.h"

static const RingiCommand server_commands[] = {
  { "init", N_("Create a server data folder: database and certificates"), ringi_server_init_command },
  { "serve", N_("Run the HTTPS service"), ringi_server_serve_command },
  { "user", N_("Add, list, disable and reset users"), ringi_server_user_command },
  { "route", N_("Add and list route templates"), ringi_server_route_command },
  { "backup", N_("Copy the database while the server runs"), ringi_server_backup_command },
  { "restore", N_("Put a backup back in place while the server is stopped"), ringi_server_restore_command },
  { "attendance", N_("Set the attendance rules: time out, employee classes"), ringi_server_attendance_command },
  { "purge", N_("Delete attendance records older than five years"), ringi_server_purge_command },
  { NULL }
};

/**
 * ringi_server_command_parse:
 * @context: the command's options
 * @argc: (inout): number of arguments
 * @argv: (inout): the arguments; what remains are the positional ones
 * @n_positional: how many positional arguments the command takes
 * @data_dir: (nullable): where the value of --data lands; %NULL when the
 *   command has no --data
 *
 * Parses a command line and checks that --data and the positional
 * arguments are there; on a mistake, says so on stderr.
 *
 * Returns: %TRUE when the command may run; %FALSE is a usage error
 */
gboolean
ringi_server_command_parse (GOptionContext *context,
                            int *argc,
                            char ***argv,
                            guint n_positional,
                            char **data_dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *program = g_strdup ((*argv)[0]);

  if (!g_option_context_parse (context, argc, argv, &error))
    g_printerr ("%s: %s\n", program, error->message);
  else if (*argc != (int) n_positional + 1)
    g_printerr (_("%s: expected %u argument(s), got %d\n"), program, n_positional, *argc - 1);
  else if (data_dir != NULL && *data_dir == NULL)
    g_printerr (_("%s: --data DIR is required\n"), program);
  else
    return TRUE;

  g_printerr (_("Try “%s --help”.\n"), program);
  return FALSE;
}

/**
 * ringi_server_command_fail:
 * @program: the command, e.g. "ringi-server user add"
 * @error: what went wrong
 *
 * Returns: %RINGI_EXIT_FAILURE, after telling the user why
 */
int
ringi_server_command_fail (const char *program,
                           const GError *error)
{
  g_printerr ("%s: %s\n", program, error->message);
  return RINGI_EXIT_FAILURE;
}

/**
 * ringi_server_command_open_storage:
 * @program: the command, for messages
 * @data_dir: the value of --data
 *
 * Returns: (transfer full) (nullable): the storage, or %NULL after an
 *   error message on stderr
 */
RingiServerStorage *
ringi_server_command_open_storage (const char *program,
                                   const char *data_dir)
{
  g_autoptr(GError) error = NULL;
  RingiServerStorage *storage;

  storage = ringi_server_data_dir_open_storage (data_dir, &error);
  if (storage == NULL)
    ringi_server_command_fail (program, error);

  return storage;
}

/**
 * ringi_server_command_now:
 *
 * Returns: the server's clock, in seconds since the Unix epoch
 */
gint64
ringi_server_command_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/**
 * ringi_server_command_print_json:
 * @root: what to print
 *
 * Prints @root on stdout, indented, for `--json` listings.
 */
void
ringi_server_command_print_json (JsonNode *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

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
