/* ringi-server-serve-command.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-server"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "ringi-command.h"
#include "ringi-server-commands-private.h"
#include "ringi-server-data-dir.h"
#include "ringi-server-error.h"
#include "ringi-server-key.h"
#include "ringi-server-log.h"
#include "ringi-server-tls.h"
#include "ringi-server.h"

#define DEFAULT_LISTEN "127.0.0.1:8443"
#define DEFAULT_PORT   8443

typedef struct
{
  RingiServer *server;
  GMainLoop *loop;
  gboolean stopping;
} Service;

/* ADDR:PORT with an IP address ([…] for IPv6), or localhost. */
static GSocketAddress *
parse_listen_address (const char *text,
                      GError **error)
{
  g_autoptr(GSocketConnectable) connectable = g_network_address_parse (text, DEFAULT_PORT, NULL);
  g_autoptr(GInetAddress) address = NULL;
  const char *host;

  if (connectable != NULL)
    {
      host = g_network_address_get_hostname (G_NETWORK_ADDRESS (connectable));
      if (g_str_equal (host, "localhost"))
        address = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
      else
        address = g_inet_address_new_from_string (host);
    }

  if (address == NULL)
    {
      g_set_error (error, RINGI_SERVER_ERROR, RINGI_SERVER_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not an address to listen at; give ADDRESS:PORT with an IP address, e.g. 0.0.0.0:8443"),
                   text);
      return NULL;
    }

  return g_inet_socket_address_new (address, g_network_address_get_port (G_NETWORK_ADDRESS (connectable)));
}

static GTlsCertificate *
load_certificate (const char *data_dir,
                  const char *cert_path,
                  const char *key_path,
                  GError **error)
{
  g_autofree char *default_cert = ringi_server_data_dir_tls_path (data_dir, "server.pem");
  g_autofree char *default_key = ringi_server_data_dir_tls_path (data_dir, "server-key.pem");

  if ((cert_path == NULL) != (key_path == NULL))
    {
      g_set_error (error, RINGI_SERVER_ERROR, RINGI_SERVER_ERROR_INVALID_ARGUMENT,
                   _("--tls-cert and --tls-key go together"));
      return NULL;
    }

  return ringi_server_tls_load (cert_path ? cert_path : default_cert,
                                key_path ? key_path : default_key, error);
}

/* The public keys users enrolled, in a GnuPG home of their own: the
 * database holds each bound key, so the home is filled again from it at
 * every start (after a restore from backup, say). Revoked keys stay out:
 * nothing new may be signed with them. */
static RingiKeyring *
open_directory_keyring (const char *data_dir,
                        RingiServerStorage *storage,
                        GError **error)
{
  g_autofree char *home = ringi_server_data_dir_keys_dir (data_dir);
  g_autoptr(RingiKeyring) keyring = ringi_keyring_new (home, error);
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GByteArray) keys = g_byte_array_new ();

  if (keyring == NULL || (users = ringi_server_storage_list_users (storage, error)) == NULL)
    return NULL;

  for (guint i = 0; i < users->len; i++)
    {
      RingiUser *user = g_ptr_array_index (users, i);
      gsize size = 0;
      gconstpointer data;

      if (user->public_key == NULL)
        continue;

      data = g_bytes_get_data (user->public_key, &size);
      g_byte_array_append (keys, data, size);
      g_byte_array_append (keys, (const guint8 *) "\n", 1);
    }

  if (keys->len > 0)
    {
      g_autoptr(GBytes) all = g_byte_array_free_to_bytes (g_steal_pointer (&keys));

      if (!ringi_keyring_import (keyring, all, NULL, error))
        {
          g_prefix_error (error, _("Could not load the users’ keys: "));
          return NULL;
        }
    }

  return g_steal_pointer (&keyring);
}

typedef struct
{
  RingiServerKey *receipt_key;
  RingiKeyring *keyring;
  RingiVerifyCache *verify_cache;
} Keys;

static void
keys_clear (Keys *keys)
{
  /* No gpg-agent outlives the server. */
  if (keys->keyring != NULL)
    ringi_keyring_kill_agent (keys->keyring);
  g_clear_object (&keys->receipt_key);
  g_clear_object (&keys->keyring);
  g_clear_object (&keys->verify_cache);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Keys, keys_clear)

static gboolean
open_keys (const char *data_dir,
           RingiServerStorage *storage,
           Keys *keys,
           GError **error)
{
  g_autofree char *cache_path = ringi_server_data_dir_verify_cache_path (data_dir);

  keys->receipt_key = ringi_server_key_open (data_dir, storage, error);
  if (keys->receipt_key == NULL)
    return FALSE;

  keys->keyring = open_directory_keyring (data_dir, storage, error);
  if (keys->keyring == NULL)
    return FALSE;

  keys->verify_cache = ringi_verify_cache_new (cache_path, error);
  return keys->verify_cache != NULL;
}

static void
on_shutdown_done (GObject *object,
                  GAsyncResult *result,
                  gpointer user_data)
{
  Service *service = user_data;

  ringi_server_shutdown_finish (RINGI_SERVER (object), result, NULL);
  g_main_loop_quit (service->loop);
}

static gboolean
on_stop_signal (gpointer user_data)
{
  Service *service = user_data;

  if (!service->stopping)
    {
      service->stopping = TRUE;
      g_autofree char *message = g_strdup_printf (_("No new connections; waiting for %u request(s) in progress"),
                                                  ringi_server_get_n_active (service->server));

      ringi_server_log_event ("stopping", message);
      ringi_server_shutdown_async (service->server, NULL, on_shutdown_done, service);
    }

  return G_SOURCE_CONTINUE;
}

static int
serve (const char *program,
       RingiServer *server,
       GSocketAddress *address)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *url = NULL;
  Service service = { server, loop, FALSE };
  guint term_id, int_id;

  if (!ringi_server_listen (server, address, &error))
    return ringi_server_command_fail (program, error);

  /* Before saying it listens: a SIGTERM sent as soon as a script reads
   * that line must still stop the server gracefully. */
  term_id = g_unix_signal_add (SIGTERM, on_stop_signal, &service);
  int_id = g_unix_signal_add (SIGINT, on_stop_signal, &service);

  /* The first line on stdout, flushed: scripts and tests read the real
   * port from it when they asked for port 0. */
  url = ringi_server_dup_url (server);
  g_print ("Listening on %s\n", url);
  fflush (stdout);

  g_main_loop_run (loop);
  g_source_remove (term_id);
  g_source_remove (int_id);
  return RINGI_EXIT_OK;
}

typedef struct
{
  const char *listen;
  const char *cert_path;
  const char *key_path;
  gint64 max_blob_size;
} ServeOptions;

static int
run_serve (const char *program,
           const char *data_dir,
           const ServeOptions *options)
{
  g_autoptr(RingiServerStorage) storage = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(RingiServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Keys) keys = { NULL, NULL, NULL };
  int lock_fd;
  int status;

  if (options->max_blob_size <= 0)
    {
      g_set_error (&error, RINGI_SERVER_ERROR, RINGI_SERVER_ERROR_INVALID_ARGUMENT,
                   _("--max-blob-size must be a number of bytes above 0"));
      return ringi_server_command_fail (program, error);
    }

  ringi_server_tls_require_modern_versions ();
  if ((address = parse_listen_address (options->listen ? options->listen : DEFAULT_LISTEN, &error)) == NULL ||
      (certificate = load_certificate (data_dir, options->cert_path, options->key_path, &error)) == NULL)
    return ringi_server_command_fail (program, error);

  if ((lock_fd = ringi_server_data_dir_lock (data_dir, &error)) < 0)
    return ringi_server_command_fail (program, error);

  storage = ringi_server_command_open_storage (program, data_dir);
  if (storage == NULL)
    {
      close (lock_fd);
      return RINGI_EXIT_FAILURE;
    }

  if (!open_keys (data_dir, storage, &keys, &error))
    {
      close (lock_fd);
      return ringi_server_command_fail (program, error);
    }

  server = ringi_server_new (storage, certificate, keys.receipt_key, keys.keyring, keys.verify_cache);
  ringi_server_set_max_blob_size (server, options->max_blob_size);
  status = serve (program, server, address);

  /* The server goes before the storage, so the database closes last. */
  g_clear_object (&server);
  g_clear_object (&storage);
  close (lock_fd);
  if (status == RINGI_EXIT_OK)
    ringi_server_log_event ("stopped", _("Every request is answered and the database is closed"));
  return status;
}

/**
 * ringi_server_serve_command:
 * @argc: number of arguments
 * @argv: the arguments; argv[0] is "ringi-server serve"
 *
 * `ringi-server serve --data DIR [--listen ADDR:PORT] [--tls-cert F --tls-key F]
 * [--max-blob-size BYTES]`
 *
 * Returns: the process exit status: 0 after SIGTERM or SIGINT
 */
int
ringi_server_serve_command (int argc,
                            char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *cert_path = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *program = g_strdup (argv[0]);
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  gint64 max_blob_size = RINGI_SERVER_DEFAULT_MAX_BLOB_SIZE;
  const GOptionEntry entries[] = {
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, N_("The server data folder"), N_("DIR") },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen, N_("Where to listen (default 127.0.0.1:8443; port 0 picks a free one)"), N_("ADDR:PORT") },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &cert_path, N_("A server certificate instead of DIR/tls/server.pem"), N_("FILE") },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &key_path, N_("Its private key instead of DIR/tls/server-key.pem"), N_("FILE") },
    { "max-blob-size", 0, 0, G_OPTION_ARG_INT64, &max_blob_size, N_("The largest document accepted (default 50000000)"), N_("BYTES") },
    { NULL }
  };

  g_option_context_set_summary (context, _("Runs the HTTPS service until SIGTERM or SIGINT, which let the requests in progress finish."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!ringi_server_command_parse (context, &argc, &argv, 0, &data_dir))
    return RINGI_EXIT_USAGE;

  {
    ServeOptions options = { listen, cert_path, key_path, max_blob_size };

    return run_serve (program, data_dir, &options);
  }
}
