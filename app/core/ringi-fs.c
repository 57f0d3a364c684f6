/* ringi-fs.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-fs"

#include "config.h"

#include <glib/gstdio.h>

#include "ringi-fs.h"

/**
 * ringi_fs_remove_tree:
 * @path: a file or folder
 *
 * Deletes @path and, for a folder, everything below it. Symbolic links are
 * removed, never followed. Used for temporary folders Ringi made itself.
 */
void
ringi_fs_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (g_file_test (path, G_FILE_TEST_IS_SYMLINK) || !g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_unlink (path);
      return;
    }

  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      ringi_fs_remove_tree (child);
    }
  g_rmdir (path);
}
