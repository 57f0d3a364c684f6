/* ringi-server-restore-command.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-server"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "ringi-command.h"
#include "ringi-server-commands-private.h"
#include "ringi-server-data-dir.h"
#include "ringi-sqlite-storage.h"

static gboolean
rename_or_fail (const char *from,
                const char *to,
                GError **error)
{
  int saved_errno;

  if (g_rename (from, to) == 0)
    return TRUE;

  saved_errno = errno;
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               _("Could not rename “%s” to “%s”: %s"), from, to, g_strerror (saved_errno));
  return FALSE;
}

/* The backup is copied beside the database and opened there: opening
 * runs the schema migrations (a backup from an older version comes back
 * upgraded) and refuses a file that is not a Ringi server database or is
 * newer than this program. The backup itself is never written to. */
static char *
stage_backup (const char *backup_path,
              const char *database_path,
              gint64 last_used_seq,
              GError **error)
{
  g_autofree char *staged = g_strconcat (database_path, ".restoring", NULL);
  g_autoptr(GFile) source = g_file_new_for_path (backup_path);
  g_autoptr(GFile) target = g_file_new_for_path (staged);
  g_autoptr(RingiSqliteStorage) storage = NULL;

  g_unlink (staged);
  if (!g_file_copy (source, target, G_FILE_COPY_NONE, NULL, NULL, NULL, error))
    return NULL;

  storage = ringi_sqlite_storage_open (staged, error);
  if (storage == NULL ||
      !ringi_server_storage_check_integrity (RINGI_SERVER_STORAGE (storage), error) ||
      !ringi_server_storage_reserve_change_seq (RINGI_SERVER_STORAGE (storage), last_used_seq, error))
    {
      g_prefix_error (error, _("“%s” cannot be restored: "), backup_path);
      g_clear_object (&storage);
      g_unlink (staged);
      return NULL;
    }

  return g_steal_pointer (&staged);
}

/* Change numbers reached clients' cursors and receipts, so the restored
 * database goes on after the newest number of the one it replaces. When
 * that one cannot be read (the reason to restore, often), a jump far
 * ahead keeps the numbers unique all the same. */
#define UNREADABLE_SEQ_JUMP G_GINT64_CONSTANT (1000000000)

static gint64
find_last_used_seq (const char *database_path)
{
  g_autoptr(RingiSqliteStorage) live = NULL;
  g_autoptr(GError) error = NULL;
  gint64 seq = -1;

  if (!g_file_test (database_path, G_FILE_TEST_EXISTS))
    return 0;

  live = ringi_sqlite_storage_open (database_path, &error);
  if (live != NULL)
    seq = ringi_server_storage_get_last_change_seq (RINGI_SERVER_STORAGE (live), &error);
  if (seq >= 0)
    return seq;

  {
    g_autofree char *jump = g_strdup_printf ("%" G_GINT64_FORMAT, UNREADABLE_SEQ_JUMP);

    g_printerr (_("The database in place cannot be read (%s); change numbers of the restored one jump ahead by %s.\n"),
                error->message, jump);
  }
  return -1;
}

/* The database in place is kept under a dated name, with its journal
 * files, so that a restore from the wrong backup loses nothing. */
static char *
set_aside (const char *database_path,
           GError **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  g_autofree char *aside = g_strdup_printf ("%s.before-restore-%s", database_path, stamp);
  const char *suffixes[] = { "-wal", "-shm" };

  if (!g_file_test (database_path, G_FILE_TEST_EXISTS))
    return g_strdup ("");

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (database_path, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (aside, suffixes[i], NULL);

      if (g_file_test (from, G_FILE_TEST_EXISTS) && !rename_or_fail (from, to, error))
        return NULL;
    }

  if (!rename_or_fail (database_path, aside, error))
    return NULL;
  return g_steal_pointer (&aside);
}

static gboolean
restore (const char *data_dir,
         const char *backup_path,
         char **out_aside,
         GError **error)
{
  g_autofree char *database_path = ringi_server_data_dir_database_path (data_dir);
  g_autofree char *staged = NULL;
  g_autofree char *aside = NULL;
  gint64 last_used_seq = find_last_used_seq (database_path);

  if (last_used_seq < 0)
    last_used_seq = UNREADABLE_SEQ_JUMP;
  staged = stage_backup (backup_path, database_path, last_used_seq, error);
  if (staged == NULL)
    return FALSE;

  aside = set_aside (database_path, error);
  if (aside == NULL || !rename_or_fail (staged, database_path, error))
    {
      g_unlink (staged);
      return FALSE;
    }

  *out_aside = g_steal_pointer (&aside);
  return TRUE;
}

/**
 * ringi_server_restore_command:
 * @argc: number of arguments
 * @argv: the arguments; argv[0] is "ringi-server restore"
 *
 * `ringi-server restore --data DIR BACKUP`: puts a backup made by
 * `ringi-server backup` back in place while the server is stopped.
 *
 * Returns: the process exit status
 */
int
ringi_server_restore_command (int argc,
                              char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *program = g_strdup (argv[0]);
  g_autofree char *database_path = NULL;
  g_autofree char *aside = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new (_("BACKUP"));
  g_autoptr(RingiServerStorage) storage = NULL;
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, N_("The server data folder"), N_("DIR") },
    { NULL }
  };
  gboolean ok;
  int lock_fd;

  g_option_context_set_summary (context, _("Puts BACKUP, a file written by “ringi-server backup”, back as the database of DIR. The server must be stopped. The database it replaces is kept beside it under a dated name; a backup from an older version is upgraded."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!ringi_server_command_parse (context, &argc, &argv, 1, &data_dir))
    return RINGI_EXIT_USAGE;

  /* Only a folder made by init has the keys a database belongs with. */
  storage = ringi_server_command_open_storage (program, data_dir);
  if (storage == NULL)
    return RINGI_EXIT_FAILURE;
  g_clear_object (&storage);

  if ((lock_fd = ringi_server_data_dir_lock (data_dir, &error)) < 0)
    return ringi_server_command_fail (program, error);

  ok = restore (data_dir, argv[1], &aside, &error);
  close (lock_fd);
  if (!ok)
    return ringi_server_command_fail (program, error);

  database_path = ringi_server_data_dir_database_path (data_dir);
  g_print (_("Restored %s from %s; its integrity check passed.\n"), database_path, argv[1]);
  if (*aside != '\0')
    g_print (_("The database it replaced is kept as %s.\n"), aside);
  return RINGI_EXIT_OK;
}
