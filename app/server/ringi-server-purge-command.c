/* ringi-server-purge-command.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ringi-attendance-rules.h"
#include "ringi-command.h"
#include "ringi-server-commands-private.h"
#include "ringi-server-error.h"

/* `ringi-server purge`: the one way records leave the server. Attendance
 * records are kept five years (労働基準法 109; Ringi keeps five, not the
 * three of the transitional clause), and so are requests: a date inside
 * that period is refused, here and again by the database. */

#define RETENTION_YEARS 5

/* The latest day a purge may reach: five years before today. */
static GDateTime *
dup_earliest_kept (gint64 now)
{
  g_autoptr(GDateTime) today = g_date_time_new_from_unix_utc (now);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (today, ringi_attendance_get_time_zone ());

  return g_date_time_add_years (local, -RETENTION_YEARS);
}

static gboolean
check_retention (GDateTime *before,
                 gint64 now,
                 GError **error)
{
  g_autoptr(GDateTime) earliest = dup_earliest_kept (now);
  g_autofree char *day = NULL;

  if (g_date_time_compare (before, earliest) <= 0)
    return TRUE;

  day = g_date_time_format (earliest, "%Y-%m-%d");
  g_set_error (error, RINGI_SERVER_ERROR, RINGI_SERVER_ERROR_INVALID_ARGUMENT,
               _("Attendance records and requests are kept %d years (労働基準法 109): nothing after %s may be purged"),
               RETENTION_YEARS, day);
  return FALSE;
}

/* Punches, closes and the activity times compared with them go
 * together, in one transaction. */
static gboolean
purge (RingiServerStorage *storage,
       gint64 before,
       guint *out_punches,
       guint *out_closes,
       guint *out_days,
       GError **error)
{
  if (!ringi_server_storage_begin (storage, error))
    return FALSE;

  if (!ringi_server_storage_purge_attendance (storage, before, out_punches, out_closes, error) ||
      !ringi_server_storage_purge_activity (storage, before, out_days, error) ||
      !ringi_server_storage_commit (storage, error))
    {
      ringi_server_storage_rollback (storage);
      return FALSE;
    }

  return TRUE;
}

/**
 * ringi_server_purge_command:
 * @argc: number of arguments
 * @argv: the arguments; argv[0] is "ringi-server purge"
 *
 * `ringi-server purge --data DIR --before DATE`: deletes the punches,
 * monthly closes and days of activity times from before DATE, which must be five years ago or more.
 *
 * Returns: the process exit status
 */
int
ringi_server_purge_command (int argc,
                            char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *before_text = NULL;
  g_autofree char *program = g_strdup (argv[0]);
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(RingiServerStorage) storage = NULL;
  g_autoptr(GDateTime) before = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = ringi_server_command_now ();
  guint n_punches = 0, n_closes = 0, n_days = 0;
  const GOptionEntry entries[] = {
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, N_("The server data folder"), N_("DIR") },
    { "before", 0, 0, G_OPTION_ARG_STRING, &before_text, N_("Delete what is older than this day, YYYY-MM-DD (Asia/Tokyo)"), N_("DATE") },
    { NULL }
  };

  g_option_context_set_summary (context, _("Deletes attendance records older than a day at least five years ago. Requests are kept."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!ringi_server_command_parse (context, &argc, &argv, 0, &data_dir))
    return RINGI_EXIT_USAGE;

  before = ringi_attendance_parse_day (before_text);
  if (before == NULL)
    {
      g_printerr (_("%s: --before YYYY-MM-DD is required\n"), program);
      return RINGI_EXIT_USAGE;
    }

  if (!check_retention (before, now, &error))
    return ringi_server_command_fail (program, error);

  storage = ringi_server_command_open_storage (program, data_dir);
  if (storage == NULL)
    return RINGI_EXIT_FAILURE;

  if (!purge (storage, g_date_time_to_unix (before), &n_punches, &n_closes, &n_days, &error))
    return ringi_server_command_fail (program, error);

  g_print (_("Purged %u punches and %u monthly closes from before %s.\n"), n_punches, n_closes, before_text);
  g_print (_("Purged %u days of activity times from before %s.\n"), n_days, before_text);
  return RINGI_EXIT_OK;
}
