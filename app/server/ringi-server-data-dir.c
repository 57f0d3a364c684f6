/* ringi-server-data-dir.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-server-data-dir"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "ringi-server-data-dir.h"
#include "ringi-server-error.h"
#include "ringi-sqlite-storage.h"

/* The layout of a server's data folder:
 *   server.db   the database (with its -wal and -shm files while open)
 *   tls/        ca.pem, ca-key.pem, server.pem, server-key.pem
 *   gnupg/      the server's own OpenPGP key, which signs receipts
 *   server-key.pin  its random passphrase
 *   keys/       a GnuPG home with the public keys users enrolled, which
 *               check their logins and stamps; rebuilt from the database
 *               whenever the server starts
 *   verify-cache.db  the signatures found good already (RingiVerifyCache)
 *   server.lock  locked by the serving process, so that a restore cannot
 *               swap the database under it
 * The folders are 0700, the private keys and the passphrase 0600. */

char *
ringi_server_data_dir_database_path (const char *dir)
{
  g_return_val_if_fail (dir != NULL, NULL);

  return g_build_filename (dir, "server.db", NULL);
}

char *
ringi_server_data_dir_tls_dir (const char *dir)
{
  g_return_val_if_fail (dir != NULL, NULL);

  return g_build_filename (dir, "tls", NULL);
}

char *
ringi_server_data_dir_tls_path (const char *dir,
                                const char *name)
{
  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_build_filename (dir, "tls", name, NULL);
}

char *
ringi_server_data_dir_gnupg_dir (const char *dir)
{
  g_return_val_if_fail (dir != NULL, NULL);

  return g_build_filename (dir, "gnupg", NULL);
}

char *
ringi_server_data_dir_key_pin_path (const char *dir)
{
  g_return_val_if_fail (dir != NULL, NULL);

  return g_build_filename (dir, "server-key.pin", NULL);
}

char *
ringi_server_data_dir_keys_dir (const char *dir)
{
  g_return_val_if_fail (dir != NULL, NULL);

  return g_build_filename (dir, "keys", NULL);
}

char *
ringi_server_data_dir_verify_cache_path (const char *dir)
{
  g_return_val_if_fail (dir != NULL, NULL);

  return g_build_filename (dir, "verify-cache.db", NULL);
}

static gboolean
check_fresh (const char *dir,
             GError **error)
{
  g_autoptr(GDir) listing = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!g_file_test (dir, G_FILE_TEST_EXISTS))
    return TRUE;

  if (g_file_test (dir, G_FILE_TEST_IS_DIR))
    listing = g_dir_open (dir, 0, &local_error);

  if (listing == NULL || g_dir_read_name (listing) != NULL)
    {
      g_set_error (error, RINGI_SERVER_ERROR, RINGI_SERVER_ERROR_DATA_DIR_EXISTS,
                   _("“%s” already exists and is not an empty folder; it was left untouched. Give a new folder to “ringi-server init”."),
                   dir);
      return FALSE;
    }

  return TRUE;
}

static gboolean
make_private_dir (const char *path,
                  GError **error)
{
  int saved_errno;

  if (g_mkdir_with_parents (path, 0700) == 0 && g_chmod (path, 0700) == 0)
    return TRUE;

  saved_errno = errno;
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               _("Could not create the folder “%s”: %s"), path, g_strerror (saved_errno));
  return FALSE;
}

/**
 * ringi_server_data_dir_create:
 * @dir: the data folder to make; it must not exist, or be empty
 * @error: return location for a #GError
 *
 * Makes an empty data folder and its tls/ folder, readable by the owner
 * only. A folder with anything in it is refused and left untouched.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_server_data_dir_create (const char *dir,
                              GError **error)
{
  g_autofree char *tls_dir = NULL;

  g_return_val_if_fail (dir != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_fresh (dir, error))
    return FALSE;

  tls_dir = ringi_server_data_dir_tls_dir (dir);
  return make_private_dir (dir, error) && make_private_dir (tls_dir, error);
}

static void
remove_children (GFile *file);

static void
remove_tree (GFile *file)
{
  remove_children (file);
  g_file_delete (file, NULL, NULL);
}

static void
remove_children (GFile *file)
{
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  while (children != NULL &&
         g_file_enumerator_iterate (children, &info, NULL, NULL, NULL) && info != NULL)
    {
      g_autoptr(GFile) child = g_file_get_child (file, g_file_info_get_name (info));
      remove_tree (child);
    }
}

/**
 * ringi_server_data_dir_discard:
 * @dir: a data folder that ringi_server_data_dir_create() has just made
 * @keep_dir: whether @dir itself stays (it was there, empty, before)
 *
 * Removes what a failed init wrote, so that init can be run again. Only
 * for a folder this run created or found empty.
 */
void
ringi_server_data_dir_discard (const char *dir,
                               gboolean keep_dir)
{
  g_autoptr(GFile) file = NULL;

  g_return_if_fail (dir != NULL);

  file = g_file_new_for_path (dir);
  if (keep_dir)
    remove_children (file);
  else
    remove_tree (file);
}

/**
 * ringi_server_data_dir_lock:
 * @dir: a data folder made by `ringi-server init`
 * @error: return location for a #GError
 *
 * Takes the data folder for this process: `serve` holds it while it runs
 * and `restore` while it swaps the database, so the two never meet. The
 * lock goes with the process, even when it is killed.
 *
 * Returns: the descriptor holding the lock, to close when done, or -1
 *   with @error set (%RINGI_SERVER_ERROR_IN_USE when someone holds it)
 */
int
ringi_server_data_dir_lock (const char *dir,
                            GError **error)
{
  g_autofree char *path = NULL;
  int saved_errno;
  int fd;

  g_return_val_if_fail (dir != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  path = g_build_filename (dir, "server.lock", NULL);
  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd >= 0 && flock (fd, LOCK_EX | LOCK_NB) == 0)
    return fd;

  saved_errno = errno;
  if (fd >= 0)
    close (fd);
  if (saved_errno == EWOULDBLOCK)
    g_set_error (error, RINGI_SERVER_ERROR, RINGI_SERVER_ERROR_IN_USE,
                 _("A ringi-server is serving “%s”; stop it first (for example “systemctl stop ringi-server”)"),
                 dir);
  else
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                 _("Could not lock “%s”: %s"), path, g_strerror (saved_errno));
  return -1;
}

/**
 * ringi_server_data_dir_open_storage:
 * @dir: a data folder made by `ringi-server init`
 * @error: return location for a #GError
 *
 * Opens the storage of a data folder. Unlike opening a database file,
 * this never creates one: a wrong --data is an error, not a new server.
 *
 * Returns: (transfer full): the storage, or %NULL with @error set
 */
RingiServerStorage *
ringi_server_data_dir_open_storage (const char *dir,
                                    GError **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  path = ringi_server_data_dir_database_path (dir);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, RINGI_SERVER_ERROR, RINGI_SERVER_ERROR_NOT_A_DATA_DIR,
                   _("“%s” holds no Ringi server data. Create it with “ringi-server init --data %s”."),
                   dir, dir);
      return NULL;
    }

  return RINGI_SERVER_STORAGE (ringi_sqlite_storage_open (path, error));
}
