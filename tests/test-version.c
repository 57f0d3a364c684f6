/* test-version.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-version"

#include "config.h"

#include <gio/gio.h>

typedef struct
{
  const char *env;
  const char *name;
} Program;

static const Program programs[] = {
  { "RINGI_EXE", "ringi" },
  { "RINGI_SERVER_EXE", "ringi-server" },
  { "RINGI_CLI_EXE", "ringi-cli" },
};

static void
run_program (const char *env,
             const char *const *args,
             int *out_status,
             char **out_stdout,
             char **out_stderr)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (gpointer) g_getenv (env));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char *const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, out_stdout, out_stderr, &error);
  g_assert_no_error (error);
  *out_status = g_subprocess_get_exit_status (proc);
}

static void
test_version (gconstpointer data)
{
  const Program *program = data;
  const char *args[] = { "--version", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected = g_strdup_printf ("%s %s\n", program->name, PACKAGE_VERSION);
  int status;

  run_program (program->env, args, &status, &out, &err);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (out, ==, expected);
}

static void
test_unknown_command (gconstpointer data)
{
  const Program *program = data;
  const char *args[] = { "frobnicate", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  run_program (program->env, args, &status, &out, &err);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "frobnicate"));
}

static void
test_help (gconstpointer data)
{
  const Program *program = data;
  const char *args[] = { "--help", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  run_program (program->env, args, &status, &out, &err);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "--version"));
}

int
main (int argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (programs); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ringi/version/%s", programs[i].name);

      g_test_add_data_func (path, &programs[i], test_version);
    }

  /* The GUI's own options belong to GApplication; only our tools have
   * commands. */
  for (guint i = 1; i < G_N_ELEMENTS (programs); i++)
    {
      g_autofree char *unknown = g_strdup_printf ("/ringi/command/%s/unknown", programs[i].name);
      g_autofree char *help = g_strdup_printf ("/ringi/command/%s/help", programs[i].name);

      g_test_add_data_func (unknown, &programs[i], test_unknown_command);
      g_test_add_data_func (help, &programs[i], test_help);
    }

  return g_test_run ();
}
