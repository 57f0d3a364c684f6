/* ringi-test-utils.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-test-utils"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ringi-fs.h"
#include "ringi-test-utils.h"

/**
 * ringi_test_make_tmpdir:
 * @prefix: a short word naming the test
 *
 * Creates a fresh directory under /tmp. The path is kept short on purpose:
 * gpg-agent sockets live in it and fail on long paths.
 *
 * Returns: (transfer full): the path
 */
char *
ringi_test_make_tmpdir (const char *prefix)
{
  g_autofree char *template = g_strdup_printf ("/tmp/%s-XXXXXX", prefix);
  g_autoptr(GError) error = NULL;
  char *path = g_mkdtemp (g_steal_pointer (&template));

  g_assert_nonnull (path);
  g_assert_no_error (error);
  return path;
}

/**
 * ringi_test_remove_tree:
 * @path: a directory made by ringi_test_make_tmpdir()
 *
 * Deletes @path and everything below it.
 */
void
ringi_test_remove_tree (const char *path)
{
  /* Tests may leave read-only folders behind on purpose. */
  g_chmod (path, 0700);
  ringi_fs_remove_tree (path);
}

/**
 * ringi_test_file_sha256:
 * @path: a file
 *
 * Returns: (transfer full): the sha256 of the file's bytes, in hex
 */
char *
ringi_test_file_sha256 (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

/**
 * ringi_test_wait_for_flag:
 * @flag: set by a callback of the default main context
 *
 * Spins the default main context until @flag is %TRUE. The test suite's
 * own timeout ends a test that never gets there.
 */
void
ringi_test_wait_for_flag (const gboolean *flag)
{
  while (!*flag)
    g_main_context_iteration (NULL, TRUE);
}

/**
 * ringi_test_corpus_dir:
 *
 * Returns: the folder of shared test PDFs
 */
const char *
ringi_test_corpus_dir (void)
{
  const char *dir = g_getenv ("RINGI_CORPUS_DIR");

  g_assert_nonnull (dir);
  return dir;
}

/**
 * ringi_test_assert_contains:
 * @text: the text to search, e.g. an error message
 * @needle: what it must contain
 *
 * Fails the test unless @needle occurs in @text. The failure compares the
 * two in full, so the log shows the text that was there.
 */
void
ringi_test_assert_contains (const char *text,
                            const char *needle)
{
  if (strstr (text, needle) == NULL)
    g_assert_cmpstr (text, ==, needle);
}

/**
 * ringi_test_write_fast_agent_conf:
 * @home: a new GnuPG home, before any key is made in it
 *
 * Makes key protection cheap in a test home: a real seal key's passphrase
 * derivation costs a noticeable fraction of a second per signature, which
 * tests signing dozens of stamps do not need. test-keyring keeps the
 * defaults that Ringi really uses.
 */
void
ringi_test_write_fast_agent_conf (const char *home)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (home, "gpg-agent.conf", NULL);

  g_file_set_contents (path,
                       "allow-loopback-pinentry\n"
                       "ignore-cache-for-signing\n"
                       "s2k-count 65536\n",
                       -1, &error);
  g_assert_no_error (error);
}

/**
 * ringi_test_kill_agent:
 * @home: a GnuPG home, which need not exist
 *
 * Stops the gpg-agent a test started in @home, so that none outlives it.
 */
void
ringi_test_kill_agent (const char *home)
{
  const char *argv[] = { "gpgconf", "--homedir", home, "--kill", "all", NULL };

  if (g_file_test (home, G_FILE_TEST_IS_DIR))
    g_spawn_sync (NULL, (char **) argv, NULL,
                  G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                  NULL, NULL, NULL, NULL, NULL, NULL);
}
