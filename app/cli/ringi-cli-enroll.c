/* ringi-cli-enroll.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "ringi-cli-command.h"
#include "ringi-cli-common.h"
#include "ringi-command.h"

/**
 * ringi_cli_enroll:
 * @argc: number of arguments
 * @argv: the arguments; argv[0] is "ringi-cli enroll"
 *
 * `enroll --server URL [--ca FILE] --login L --code C`: makes the seal key
 * (the PIN from RINGI_PASSPHRASE or the terminal), has the server bind it,
 * then syncs once.
 *
 * Returns: the exit status
 */
int
ringi_cli_enroll (int argc,
                  char **argv)
{
  g_autofree char *server = NULL;
  g_autofree char *ca_file = NULL;
  g_autofree char *login = NULL;
  g_autofree char *code = NULL;
  const GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &server, N_("The server, https://host:port"), N_("URL") },
    { "ca", 0, 0, G_OPTION_ARG_FILENAME, &ca_file, N_("The certificate authority to trust for it"), N_("FILE") },
    { "login", 0, 0, G_OPTION_ARG_STRING, &login, N_("Your login"), N_("LOGIN") },
    { "code", 0, 0, G_OPTION_ARG_STRING, &code, N_("The one-time enrollment code"), N_("CODE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = ringi_cli_option_context_new (NULL, _("Make your seal key and enroll with a server."), entries);
  g_auto(RingiCliSession) session = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) synced = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiSyncSettings) settings = NULL;
  g_autofree char *pin = NULL;
  int status;

  if ((status = ringi_cli_parse (context, &argc, &argv)) != RINGI_EXIT_OK)
    return status;
  if (argc != 1)
    return ringi_cli_usage_error (context, _("enroll takes no arguments besides its options"));
  if (server == NULL || login == NULL || code == NULL)
    return ringi_cli_usage_error (context, _("--server, --login and --code are required"));

  if (!ringi_cli_session_open (&session, &error) ||
      (pin = ringi_cli_read_passphrase (&error)) == NULL)
    return ringi_cli_fail (argv[0], error);

  ringi_sync_enroll_async (session.sync, server, ca_file, login, code, pin, NULL,
                           ringi_cli_store_result, &result);
  if (!ringi_sync_enroll_finish (session.sync, ringi_cli_wait (&result), &error))
    return ringi_cli_fail (argv[0], error);

  settings = ringi_profile_dup_settings (session.profile, &error);
  if (settings == NULL)
    return ringi_cli_fail (argv[0], error);
  g_print (_("Enrolled as %s on %s with the key %s\n"), settings->login, settings->server_url, settings->fingerprint);

  /* The directory and what there is to see, right away */
  ringi_sync_run_async (session.sync, NULL, ringi_cli_store_result, &synced);
  if (!ringi_sync_run_finish (session.sync, ringi_cli_wait (&synced), NULL, &error))
    g_printerr (_("The first sync failed: %s. Run “ringi-cli sync” later.\n"), error->message);

  return RINGI_EXIT_OK;
}
