/* ringi-test-cli.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-test-cli"

#include "config.h"

#include <gio/gio.h>
#include <unistd.h>

#include "ringi-test-cli.h"

void
ringi_cli_run_clear (RingiCliRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
  run->status = 0;
}

/* No controlling terminal: the PIN can only come from the environment,
 * and a missing one fails instead of waiting for a keyboard. */
static void
detach_from_terminal (gpointer user_data)
{
  setsid ();
}

static void
communicated_cb (GObject *source,
                 GAsyncResult *result,
                 gpointer user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/**
 * ringi_test_cli_runv:
 * @run: (out caller-allocates): filled with the status and the output
 * @args: the arguments after the program, %NULL-terminated
 * @pin: (nullable): the seal PIN in RINGI_PASSPHRASE, or %NULL for none
 *
 * Runs `$RINGI_CLI_EXE ARGS…` and spins the default main context while it
 * runs, so that a server in this process can answer it.
 */
void
ringi_test_cli_runv (RingiCliRun *run,
                     const char *const *args,
                     const char *pin)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ringi_cli_run_clear (run);
  g_ptr_array_add (argv, (char *) g_getenv ("RINGI_CLI_EXE"));
  g_assert_nonnull (argv->pdata[0]);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  if (pin == NULL)
    g_subprocess_launcher_unsetenv (launcher, "RINGI_PASSPHRASE");
  else
    g_subprocess_launcher_setenv (launcher, "RINGI_PASSPHRASE", pin, TRUE);
  g_subprocess_launcher_set_child_setup (launcher, detach_from_terminal, NULL, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicated_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_subprocess_communicate_utf8_finish (process, result, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
}

/**
 * ringi_test_cli_assert_ok:
 * @run: a finished run
 *
 * Fails the test, showing stderr, unless ringi-cli exited with 0.
 */
void
ringi_test_cli_assert_ok (const RingiCliRun *run)
{
  if (run->status != 0)
    g_assert_cmpstr (run->err, ==, "");
  g_assert_cmpint (run->status, ==, 0);
}
