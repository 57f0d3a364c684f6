/* ringi-server-attendance-command.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ringi-command.h"
#include "ringi-server-attendance.h"
#include "ringi-server-commands-private.h"
#include "ringi-server-error.h"

/* `ringi-server attendance set`: the organisation's 中抜け option and a
 * person's employee class, the two attendance settings the server keeps
 * (docs/attendance-rules.md). Both reach clients through the directory. */

static gboolean
read_time_out (const char *text,
               RingiTimeOutRule *out_rule,
               GError **error)
{
  if (ringi_attendance_time_out_from_string (text, out_rule))
    return TRUE;

  g_set_error (error, RINGI_SERVER_ERROR, RINGI_SERVER_ERROR_INVALID_ARGUMENT,
               _("“%s” is not a time-out rule; use not-work (option 1) or work (option 2)"), text);
  return FALSE;
}

static gboolean
check_class_arguments (const char *login,
                       const char *employee_class,
                       GError **error)
{
  RingiAttendanceClass klass;

  if ((login == NULL) != (employee_class == NULL))
    g_set_error (error, RINGI_SERVER_ERROR, RINGI_SERVER_ERROR_INVALID_ARGUMENT,
                 _("--user and --class go together"));
  else if (employee_class != NULL && !ringi_attendance_class_from_string (employee_class, &klass))
    g_set_error (error, RINGI_SERVER_ERROR, RINGI_SERVER_ERROR_INVALID_ARGUMENT,
                 _("“%s” is not an employee class; use general or high-demand"), employee_class);
  else
    return TRUE;

  return FALSE;
}

static int
run_set (const char *program,
         const char *data_dir,
         const char *time_out,
         const char *login,
         const char *employee_class)
{
  g_autoptr(RingiServerStorage) storage = NULL;
  g_autoptr(GError) error = NULL;
  RingiTimeOutRule rule = RINGI_TIME_OUT_NOT_WORK;
  gint64 now = ringi_server_command_now ();

  if ((time_out != NULL && !read_time_out (time_out, &rule, &error)) ||
      !check_class_arguments (login, employee_class, &error))
    return ringi_server_command_fail (program, error);

  if (time_out == NULL && login == NULL)
    {
      g_printerr (_("%s: nothing to set; give --time-out, or --user with --class\n"), program);
      return RINGI_EXIT_USAGE;
    }

  storage = ringi_server_command_open_storage (program, data_dir);
  if (storage == NULL)
    return RINGI_EXIT_FAILURE;

  if (time_out != NULL && !ringi_server_attendance_set_time_out (storage, rule, now, &error))
    return ringi_server_command_fail (program, error);
  if (time_out != NULL)
    g_print (_("Time out (中抜け) now counts as: %s\n"), time_out);

  if (login != NULL && !ringi_server_storage_set_employee_class (storage, login, employee_class, now, &error))
    return ringi_server_command_fail (program, error);
  if (login != NULL)
    g_print (_("%s is now in the employee class %s\n"), login, employee_class);

  return RINGI_EXIT_OK;
}

static int
attendance_set (int argc,
                char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *time_out = NULL;
  g_autofree char *login = NULL;
  g_autofree char *employee_class = NULL;
  g_autofree char *program = g_strdup (argv[0]);
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  const GOptionEntry entries[] = {
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, N_("The server data folder"), N_("DIR") },
    { "time-out", 0, 0, G_OPTION_ARG_STRING, &time_out, N_("How time out (中抜け) counts: not-work (option 1) or work (option 2)"), N_("RULE") },
    { "user", 0, 0, G_OPTION_ARG_STRING, &login, N_("The person whose class to set"), N_("LOGIN") },
    { "class", 0, 0, G_OPTION_ARG_STRING, &employee_class, N_("Their employee class: general or high-demand"), N_("CLASS") },
    { NULL }
  };

  g_option_context_set_summary (context, _("Sets the organisation’s time-out rule, or a person’s employee class."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!ringi_server_command_parse (context, &argc, &argv, 0, &data_dir))
    return RINGI_EXIT_USAGE;

  return run_set (program, data_dir, time_out, login, employee_class);
}

static const RingiCommand attendance_commands[] = {
  { "set", N_("Set the time-out rule or a person’s employee class"), attendance_set },
  { NULL }
};

/**
 * ringi_server_attendance_command:
 * @argc: number of arguments
 * @argv: the arguments; argv[0] is "ringi-server attendance"
 *
 * `ringi-server attendance set …`
 *
 * Returns: the process exit status
 */
int
ringi_server_attendance_command (int argc,
                                 char **argv)
{
  return ringi_command_dispatch (argv[0], _("Manages the attendance settings."),
                                 attendance_commands, argc, argv);
}
