/* ringi-test-server.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-test-server"

#include "config.h"

#include <signal.h>
#include <string.h>

#include "ringi-test-server.h"
#include "ringi-test-utils.h"

/* Helpers to drive the real `ringi-server` program, as an administrator
 * or a supervisor would. */

static GSubprocessLauncher *
new_launcher (GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  /* Messages in English, whatever the developer's locale. */
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  return launcher;
}

static const char *
server_exe (void)
{
  const char *exe = g_getenv ("RINGI_SERVER_EXE");

  g_assert_nonnull (exe);
  return exe;
}

void
ringi_test_run_free (RingiTestRun *run)
{
  if (run == NULL)
    return;

  g_free (run->out);
  g_free (run->err);
  g_free (run);
}

/**
 * ringi_test_server_runv:
 * @args: the arguments after the program name
 *
 * Runs `ringi-server ARGS…` to its end.
 *
 * Returns: (transfer full): its exit status and output
 */
RingiTestRun *
ringi_test_server_runv (const char *const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = new_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                           G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  RingiTestRun *run = g_new0 (RingiTestRun, 1);

  g_ptr_array_add (argv, (char *) server_exe ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
  return run;
}

/**
 * ringi_test_server_run:
 * @first_arg: the first argument after the program name
 * @...: more arguments, ending with %NULL
 *
 * Returns: (transfer full): the exit status and output of `ringi-server`
 */
RingiTestRun *
ringi_test_server_run (const char *first_arg,
                       ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  return ringi_test_server_runv ((const char *const *) args->pdata);
}

/**
 * ringi_test_server_init:
 * @data_dir: a data folder to create
 * @hostname: (nullable): the --hostname to give
 *
 * Runs `ringi-server init` and checks that it worked.
 */
void
ringi_test_server_init (const char *data_dir,
                        const char *hostname)
{
  g_autoptr(RingiTestRun) run = NULL;

  if (hostname != NULL)
    run = ringi_test_server_run ("init", "--data", data_dir, "--hostname", hostname, NULL);
  else
    run = ringi_test_server_run ("init", "--data", data_dir, NULL);

  g_assert_cmpstr (run->err, ==, "");
  g_assert_cmpint (run->status, ==, 0);
}

/* One real init per test program; each test gets a copy, since making
 * the server's OpenPGP key takes gpg a second or two. */
static char *template_dir;

/**
 * ringi_test_server_init_copy:
 * @data_dir: a data folder to create
 *
 * Makes @data_dir a copy of a data folder that `ringi-server init
 * --hostname ringi.example.lg.jp` made once for the test program.
 */
void
ringi_test_server_init_copy (const char *data_dir)
{
  g_autoptr(GSubprocess) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *template_data = NULL;

  if (template_dir == NULL)
    {
      template_dir = ringi_test_make_tmpdir ("ringi-tpl");
      template_data = g_build_filename (template_dir, "data", NULL);
      ringi_test_server_init (template_data, "ringi.example.lg.jp");
    }

  g_clear_pointer (&template_data, g_free);
  template_data = g_build_filename (template_dir, "data", NULL);
  copy = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, "cp", "-a", template_data, data_dir, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (copy, NULL, &error);
  g_assert_no_error (error);
}

/**
 * ringi_test_server_remove_template:
 *
 * Removes the folder ringi_test_server_init_copy() copies, at the end of
 * the test program.
 */
void
ringi_test_server_remove_template (void)
{
  if (template_dir == NULL)
    return;

  ringi_test_remove_tree (template_dir);
  g_clear_pointer (&template_dir, g_free);
}

/**
 * ringi_test_server_add_user:
 * @data_dir: a data folder
 * @login: the new user
 * @role: (nullable): the role, staff when %NULL
 *
 * Returns: (transfer full): the enrollment code `user add` printed
 */
char *
ringi_test_server_add_user (const char *data_dir,
                            const char *login,
                            const char *role)
{
  g_autoptr(RingiTestRun) run = NULL;
  g_autoptr(GRegex) regex = g_regex_new ("^Enrollment code for [^:]+: ([0-9A-Z]{4}(-[0-9A-Z]{4}){4})$",
                                          G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  run = ringi_test_server_run ("user", "add", "--data", data_dir, login,
                               "--name", "試験 太郎", "--seal-name", "試験", "--dept", "総務課",
                               "--role", role ? role : "staff", NULL);
  g_assert_cmpstr (run->err, ==, "");
  g_assert_cmpint (run->status, ==, 0);
  g_assert_true (g_regex_match (regex, run->out, 0, &match));
  return g_match_info_fetch (match, 1);
}

struct _RingiTestServer
{
  char *data_dir;
  GSubprocess *process;
  GDataInputStream *out;
  GDataInputStream *err;
  GString *log;
  char *url;
  gboolean err_closed;
  gboolean exited;
};

static void read_log_line (RingiTestServer *server);

static void
on_log_line (GObject *object,
             GAsyncResult *result,
             gpointer user_data)
{
  RingiTestServer *server = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object),
                                                                     result, NULL, &error);

  g_assert_no_error (error);
  if (line == NULL)
    {
      server->err_closed = TRUE;
      return;
    }

  g_string_append_printf (server->log, "%s\n", line);
  read_log_line (server);
}

static void
read_log_line (RingiTestServer *server)
{
  g_data_input_stream_read_line_async (server->err, G_PRIORITY_DEFAULT, NULL, on_log_line, server);
}

static void
on_url_line (GObject *object,
             GAsyncResult *result,
             gpointer user_data)
{
  RingiTestServer *server = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object),
                                                                     result, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "Listening on https://127.0.0.1:"));
  server->url = g_strdup (line + strlen ("Listening on "));
}

/**
 * ringi_test_server_start_with_args:
 * @data_dir: a data folder made by `ringi-server init`
 * @extra_args: (nullable) (array zero-terminated=1): more options for
 *   `serve`, such as `--max-blob-size`
 *
 * Starts `ringi-server serve` on 127.0.0.1 with a port of the kernel's
 * choice, and spins the main context until it says where it listens.
 *
 * Returns: (transfer full): the running server
 */
/* In the sanitizer build, LeakSanitizer's own tracer crashes at exit in a
 * process that has served TLS (GnuTLS loaded through glib-networking),
 * which would fail every test on a clean shutdown. The serving process
 * keeps AddressSanitizer and UBSan; the server's storage and handlers are
 * leak-checked in-process by test-server-storage. */
static void
no_leak_check_after_tls (GSubprocessLauncher *launcher)
{
  const char *asan = g_getenv ("ASAN_OPTIONS");
  g_autofree char *options = NULL;

  if (asan == NULL)
    return;

  options = g_strconcat (asan, ":detect_leaks=0", NULL);
  g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", options, TRUE);
}

RingiTestServer *
ringi_test_server_start_with_args (const char *data_dir,
                                   const char *const *extra_args)
{
  g_autoptr(GSubprocessLauncher) launcher = new_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                           G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  RingiTestServer *server = g_new0 (RingiTestServer, 1);
  const char *const fixed[] = { server_exe (), "serve", "--data", data_dir, "--listen", "127.0.0.1:0" };

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    g_ptr_array_add (argv, (char *) fixed[i]);
  for (guint i = 0; extra_args != NULL && extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) extra_args[i]);
  g_ptr_array_add (argv, NULL);

  server->data_dir = g_strdup (data_dir);
  server->log = g_string_new (NULL);
  no_leak_check_after_tls (launcher);
  server->process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);

  server->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  server->err = g_data_input_stream_new (g_subprocess_get_stderr_pipe (server->process));
  read_log_line (server);
  g_data_input_stream_read_line_async (server->out, G_PRIORITY_DEFAULT, NULL, on_url_line, server);

  while (server->url == NULL)
    g_main_context_iteration (NULL, TRUE);

  return server;
}

/**
 * ringi_test_server_start:
 * @data_dir: a data folder made by `ringi-server init`
 *
 * Returns: (transfer full): the server, running with its defaults
 */
RingiTestServer *
ringi_test_server_start (const char *data_dir)
{
  return ringi_test_server_start_with_args (data_dir, NULL);
}

const char *
ringi_test_server_get_url (RingiTestServer *server)
{
  return server->url;
}

guint16
ringi_test_server_get_port (RingiTestServer *server)
{
  g_autoptr(GUri) uri = g_uri_parse (server->url, G_URI_FLAGS_NONE, NULL);

  g_assert_nonnull (uri);
  return g_uri_get_port (uri);
}

void
ringi_test_server_send_signal (RingiTestServer *server,
                               int signum)
{
  g_subprocess_send_signal (server->process, signum);
}

/**
 * ringi_test_server_wait_for_log:
 * @server: a running server
 * @needle: text a line of its log must contain
 *
 * Spins the main context until the server's stderr has a line with
 * @needle, and fails if the server closes stderr first.
 *
 * Returns: (transfer none): the whole log so far
 */
const char *
ringi_test_server_wait_for_log (RingiTestServer *server,
                                const char *needle)
{
  while (strstr (server->log->str, needle) == NULL && !server->err_closed)
    g_main_context_iteration (NULL, TRUE);

  ringi_test_assert_contains (server->log->str, needle);
  return server->log->str;
}

/**
 * ringi_test_server_get_log:
 * @server: a server
 *
 * Returns: (transfer none): what the server wrote on stderr so far
 */
const char *
ringi_test_server_get_log (RingiTestServer *server)
{
  return server->log->str;
}

static void
on_exited (GObject *object,
           GAsyncResult *result,
           gpointer user_data)
{
  RingiTestServer *server = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, &error);
  g_assert_no_error (error);
  server->exited = TRUE;
}

/**
 * ringi_test_server_wait:
 * @server: a server told to stop
 *
 * Waits, on the main context, for the server to exit and its log to end.
 *
 * Returns: the exit status, or -1 when it did not exit normally
 */
int
ringi_test_server_wait (RingiTestServer *server)
{
  g_subprocess_wait_async (server->process, NULL, on_exited, server);
  while (!server->exited || !server->err_closed)
    g_main_context_iteration (NULL, TRUE);

  if (!g_subprocess_get_if_exited (server->process))
    return -1;

  return g_subprocess_get_exit_status (server->process);
}

/**
 * ringi_test_server_stop:
 * @server: a running server
 *
 * Sends SIGTERM and waits for the server to exit.
 *
 * Returns: the exit status, or -1 when it did not exit normally
 */
int
ringi_test_server_stop (RingiTestServer *server)
{
  g_subprocess_send_signal (server->process, SIGTERM);
  return ringi_test_server_wait (server);
}

/* A server stopped gracefully stops its gpg-agents itself; one killed
 * cannot. */
static void
kill_agents (const char *data_dir)
{
  const char *const homes[] = { "gnupg", "keys" };

  for (guint i = 0; i < G_N_ELEMENTS (homes); i++)
    {
      g_autofree char *home = g_build_filename (data_dir, homes[i], NULL);
      const char *argv[] = { "gpgconf", "--homedir", home, "--kill", "all", NULL };

      if (g_file_test (home, G_FILE_TEST_IS_DIR))
        g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                      NULL, NULL, NULL, NULL, NULL, NULL);
    }
}

/**
 * ringi_test_server_kill:
 * @server: a running server
 *
 * Kills the server with SIGKILL, as a power cut or the OOM killer would,
 * waits for it, and stops the gpg-agents it could not stop itself.
 */
void
ringi_test_server_kill (RingiTestServer *server)
{
  g_subprocess_send_signal (server->process, SIGKILL);
  g_assert_cmpint (ringi_test_server_wait (server), ==, -1);
  kill_agents (server->data_dir);
}

void
ringi_test_server_free (RingiTestServer *server)
{
  if (server == NULL)
    return;

  /* A test that failed half-way leaves no server behind. */
  if (!server->exited)
    {
      g_subprocess_force_exit (server->process);
      g_subprocess_wait (server->process, NULL, NULL);
      kill_agents (server->data_dir);
    }

  /* The log reader's callback must not outlive @server. */
  while (!server->err_closed)
    g_main_context_iteration (NULL, TRUE);

  g_clear_object (&server->out);
  g_clear_object (&server->err);
  g_clear_object (&server->process);
  g_string_free (server->log, TRUE);
  g_free (server->url);
  g_free (server->data_dir);
  g_free (server);
}

/**
 * ringi_test_server_connect_tls:
 * @server: a running server
 * @ca_path: the CA to trust
 * @error: return location for a #GError
 *
 * Opens a raw TLS connection, for requests a client library would not
 * send (stopping half-way, lying about the length…).
 *
 * Returns: (transfer full): the stream, or %NULL with @error set
 */
GIOStream *
ringi_test_server_connect_tls (RingiTestServer *server,
                               const char *ca_path,
                               GError **error)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GSocketConnectable) identity = g_network_address_new ("127.0.0.1", ringi_test_server_get_port (server));
  g_autoptr(GTlsDatabase) database = g_tls_file_database_new (ca_path, NULL);
  g_autoptr(GIOStream) tls = NULL;

  connection = g_socket_client_connect (client, identity, NULL, error);
  if (connection == NULL)
    return NULL;

  tls = g_tls_client_connection_new (G_IO_STREAM (connection), identity, error);
  g_assert_nonnull (tls);
  g_tls_connection_set_database (G_TLS_CONNECTION (tls), database);
  if (!g_tls_connection_handshake (G_TLS_CONNECTION (tls), NULL, error))
    return NULL;

  return g_steal_pointer (&tls);
}

/**
 * ringi_test_write_text:
 * @stream: a raw connection
 * @text: what to send
 */
void
ringi_test_write_text (GIOStream *stream,
                       const char *text)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (g_io_stream_get_output_stream (stream), text, strlen (text), NULL, NULL, &error);
  g_assert_no_error (error);
}

/**
 * ringi_test_read_head:
 * @in: the connection's input, reading CR LF lines
 * @headers: where the header lines go, one per line
 *
 * Reads a response head.
 *
 * Returns: (transfer full): its status line
 */
char *
ringi_test_read_head (GDataInputStream *in,
                      GString *headers)
{
  g_autoptr(GError) error = NULL;
  char *status = g_data_input_stream_read_line_utf8 (in, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (status);
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (in, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (line);
      g_strchomp (line);
      if (*line == '\0')
        break;
      g_string_append_printf (headers, "%s\n", line);
    }

  return g_strchomp (status);
}
