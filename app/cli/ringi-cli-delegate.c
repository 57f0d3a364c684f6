/* ringi-cli-delegate.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "ringi-cli-command.h"
#include "ringi-cli-common.h"
#include "ringi-text.h"
#include "ringi-command.h"

/* A day (YYYY-MM-DD, local time) or an instant (RFC 3339). A day given
 * as the end counts whole: the period ends at the next midnight. */
static GDateTime *
parse_moment (const char *text,
              gboolean end_of_day)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autoptr(GDateTime) midnight = NULL;

  if (text == NULL)
    return NULL;

  if (!ringi_text_parse_date (text, NULL))
    return g_date_time_new_from_iso8601 (text, local);

  midnight = g_date_time_new (local, g_ascii_strtoll (text, NULL, 10), g_ascii_strtoll (text + 5, NULL, 10),
                              g_ascii_strtoll (text + 8, NULL, 10), 0, 0, 0);
  if (midnight == NULL)
    return NULL;
  return end_of_day ? g_date_time_add_days (midnight, 1) : g_date_time_ref (midnight);
}

/**
 * ringi_cli_delegate:
 * @argc: number of arguments
 * @argv: the arguments; argv[0] is "ringi-cli delegate"
 *
 * `delegate --to LOGIN --from DATE --until DATE`: prints the delegation's
 * id. --until is the last day covered.
 *
 * Returns: the exit status
 */
int
ringi_cli_delegate (int argc,
                    char **argv)
{
  g_autofree char *to = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *until_text = NULL;
  const GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Who may act for you"), N_("LOGIN") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, N_("The first day (or instant) covered"), N_("DATE") },
    { "until", 0, 0, G_OPTION_ARG_STRING, &until_text, N_("The last day covered (or the instant it ends)"), N_("DATE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = ringi_cli_option_context_new (NULL, _("Let someone act for you for a period (代理)."), entries);
  g_auto(RingiCliSession) session = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) until = NULL;
  g_autofree char *pin = NULL;
  g_autofree char *id = NULL;
  int status;

  if ((status = ringi_cli_parse (context, &argc, &argv)) != RINGI_EXIT_OK)
    return status;
  if (argc != 1)
    return ringi_cli_usage_error (context, _("delegate takes no arguments besides its options"));
  if (to == NULL || from_text == NULL || until_text == NULL)
    return ringi_cli_usage_error (context, _("--to, --from and --until are required"));

  from = parse_moment (from_text, FALSE);
  until = parse_moment (until_text, TRUE);
  if (from == NULL || until == NULL)
    return ringi_cli_usage_error (context, _("Dates are YYYY-MM-DD, or RFC 3339 instants"));

  if (!ringi_cli_session_open (&session, &error) || (pin = ringi_cli_read_passphrase (&error)) == NULL)
    return ringi_cli_fail (argv[0], error);

  ringi_sync_delegate_async (session.sync, to, from, until, pin, NULL, ringi_cli_store_result, &result);
  id = ringi_sync_delegate_finish (session.sync, ringi_cli_wait (&result), &error);
  if (id == NULL)
    return ringi_cli_fail (argv[0], error);

  g_print ("%s\n", id);
  return RINGI_EXIT_OK;
}
