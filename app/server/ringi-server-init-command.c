/* ringi-server-init-command.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-server"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ringi-command.h"
#include "ringi-server-commands-private.h"
#include "ringi-server-data-dir.h"
#include "ringi-server-key.h"
#include "ringi-server-tls.h"
#include "ringi-sqlite-storage.h"

/* Without --hostname the machine's own name goes into the certificate,
 * when it is a name a certificate can carry. */
static char *
choose_hostname (const char *given,
                 GError **error)
{
  g_autoptr(GError) ignored = NULL;
  char *name;

  if (given != NULL)
    return ringi_server_tls_normalize_hostname (given, error);

  name = ringi_server_tls_normalize_hostname (g_get_host_name (), &ignored);
  return name != NULL ? name : g_strdup ("localhost");
}

static gboolean
restrict_database (const char *path,
                   GError **error)
{
  int saved_errno;

  /* It holds token and code hashes: nobody else's business. */
  if (g_chmod (path, 0600) == 0)
    return TRUE;

  saved_errno = errno;
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               _("Could not set the permissions of “%s”: %s"), path, g_strerror (saved_errno));
  return FALSE;
}

static char *
populate (const char *data_dir,
          const char *hostname,
          GError **error)
{
  g_autofree char *path = ringi_server_data_dir_database_path (data_dir);
  g_autofree char *tls_dir = ringi_server_data_dir_tls_dir (data_dir);
  g_autoptr(RingiSqliteStorage) storage = NULL;
  g_autoptr(RingiServerKey) key = NULL;

  storage = ringi_sqlite_storage_open (path, error);
  if (storage == NULL ||
      !restrict_database (path, error) ||
      !ringi_server_tls_create (tls_dir, hostname, error))
    return NULL;

  key = ringi_server_key_create (data_dir, hostname, RINGI_SERVER_STORAGE (storage), error);
  return key ? g_strdup (ringi_server_key_get_fingerprint (key)) : NULL;
}

static void
print_summary (const char *data_dir,
               const char *hostname,
               const char *fingerprint)
{
  g_autofree char *absolute = g_canonicalize_filename (data_dir, NULL);
  g_autofree char *ca_path = ringi_server_data_dir_tls_path (absolute, "ca.pem");

  g_print (_("Created the Ringi server data folder %s\n"), absolute);
  g_print (_("CA certificate for clients: %s\n"), ca_path);
  g_print (_("The server certificate is valid for localhost, 127.0.0.1 and %s.\n"), hostname);
  g_print (_("Server key (signs receipts): %s\n"), fingerprint);
}

static int
run_init (const char *program,
          const char *data_dir,
          const char *given_hostname)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hostname = choose_hostname (given_hostname, &error);
  g_autofree char *fingerprint = NULL;
  gboolean existed;

  if (hostname == NULL)
    return ringi_server_command_fail (program, error);

  existed = g_file_test (data_dir, G_FILE_TEST_EXISTS);
  if (!ringi_server_data_dir_create (data_dir, &error))
    return ringi_server_command_fail (program, error);

  fingerprint = populate (data_dir, hostname, &error);
  if (fingerprint == NULL)
    {
      /* Half a data folder is worse than none: init can simply run again. */
      ringi_server_data_dir_discard (data_dir, existed);
      return ringi_server_command_fail (program, error);
    }

  print_summary (data_dir, hostname, fingerprint);
  return RINGI_EXIT_OK;
}

/**
 * ringi_server_init_command:
 * @argc: number of arguments
 * @argv: the arguments; argv[0] is "ringi-server init"
 *
 * `ringi-server init --data DIR [--hostname H]`
 *
 * Returns: the process exit status
 */
int
ringi_server_init_command (int argc,
                           char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *hostname = NULL;
  g_autofree char *program = g_strdup (argv[0]);
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  const GOptionEntry entries[] = {
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, N_("The new data folder"), N_("DIR") },
    { "hostname", 0, 0, G_OPTION_ARG_STRING, &hostname,
      N_("The name or address clients reach the server at (default: this machine’s name)"), N_("HOST") },
    { NULL }
  };

  g_option_context_set_summary (context, _("Creates a server data folder: the database, a CA of its own and a server certificate signed by it."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!ringi_server_command_parse (context, &argc, &argv, 0, &data_dir))
    return RINGI_EXIT_USAGE;

  return run_init (program, data_dir, hostname);
}
