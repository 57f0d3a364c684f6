/* ringi-cli-evidence.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "ringi-bundle.h"
#include "ringi-cli-command.h"
#include "ringi-cli-common.h"
#include "ringi-command.h"
#include "ringi-verifier.h"

/* Evidence from the profile: verify a request's chain as stored here, or
 * export it as a bundle (docs/bundle-format.md) with the server's
 * receipts. `verify` exits as `bundle verify` does: 0 valid, 1 invalid,
 * 2 unreadable or a usage error. */

static JsonNode *
results_to_json (const char *id,
                 GPtrArray *results)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  ringi_cli_json_add_string (builder, "document", id);
  ringi_cli_json_add_string (builder, "verdict", ringi_stamp_results_are_valid (results) ? "valid" : "invalid");
  json_builder_set_member_name (builder, "stamps");
  json_builder_begin_array (builder);
  for (guint i = 0; i < results->len; i++)
    {
      RingiStampResult *r = results->pdata[i];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "position");
      json_builder_add_int_value (builder, i + 1);
      ringi_cli_json_add_string (builder, "action",
                                 r->stamp ? ringi_action_to_string (ringi_stamp_get_action (r->stamp)) : NULL);
      ringi_cli_json_add_string (builder, "signer", r->stamp ? ringi_stamp_get_signer (r->stamp) : NULL);
      ringi_cli_json_add_string (builder, "result", ringi_stamp_status_to_string (r->status));
      ringi_cli_json_add_string (builder, "explanation", r->explanation);
      ringi_cli_json_add_string (builder, "status_after", ringi_request_status_to_string (r->status_after));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
print_results (GPtrArray *results)
{
  guint n_bad = 0;

  for (guint i = 0; i < results->len; i++)
    {
      RingiStampResult *r = results->pdata[i];
      const char *action = r->stamp ? ringi_action_to_string (ringi_stamp_get_action (r->stamp)) : "?";
      const char *signer = r->stamp ? ringi_stamp_get_signer (r->stamp) : "?";

      if (r->status == RINGI_STAMP_VALID)
        g_print ("  %2u  %-12s %-16s %s\n", i + 1, action, signer, _("valid"));
      else
        g_print ("  %2u  %-12s %-16s %s: %s\n", i + 1, action, signer,
                 ringi_stamp_status_to_string (r->status), r->explanation);
      n_bad += r->status != RINGI_STAMP_VALID;
    }

  if (n_bad == 0)
    g_print (ngettext ("Verdict: valid. The %u stamp is valid.\n",
                       "Verdict: valid. All %u stamps are valid and in order.\n",
                       results->len),
             results->len);
  else
    g_print (_("Verdict: INVALID. %u of %u stamps failed verification.\n"), n_bad, results->len);
}

/**
 * ringi_cli_verify:
 * @argc: number of arguments
 * @argv: the arguments; argv[0] is "ringi-cli verify"
 *
 * `verify ID [--json]`
 *
 * Returns: 0 when every accepted stamp is valid, 1 when one is not, 2
 *   when the request cannot be read or on a usage error
 */
int
ringi_cli_verify (int argc,
                  char **argv)
{
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print the report as JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = ringi_cli_option_context_new (_("ID"), _("Verify the stamps of a request as stored here."), entries);
  g_auto(RingiCliSession) session = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autofree char *id = NULL;
  int status;

  if ((status = ringi_cli_parse (context, &argc, &argv)) != RINGI_EXIT_OK)
    return status;
  if (argc != 2)
    return ringi_cli_usage_error (context, _("Give the request’s id"));

  if (!ringi_cli_session_open (&session, &error) ||
      (id = ringi_cli_resolve_request (session.profile, argv[1], &error)) == NULL)
    {
      ringi_cli_fail (argv[0], error);
      return RINGI_EXIT_USAGE;
    }

  ringi_sync_verify_async (session.sync, id, NULL, ringi_cli_store_result, &result);
  results = ringi_sync_verify_finish (session.sync, ringi_cli_wait (&result), &error);
  if (results == NULL)
    {
      ringi_cli_fail (argv[0], error);
      return RINGI_EXIT_USAGE;
    }

  if (as_json)
    {
      g_autoptr(JsonNode) node = results_to_json (id, results);
      ringi_cli_print_json (node);
    }
  else
    print_results (results);

  return ringi_stamp_results_are_valid (results) ? RINGI_EXIT_OK : RINGI_EXIT_FAILURE;
}

/**
 * ringi_cli_export:
 * @argc: number of arguments
 * @argv: the arguments; argv[0] is "ringi-cli export"
 *
 * `export ID --out DIR`: the evidence bundle, with the server's receipts.
 *
 * Returns: the exit status
 */
int
ringi_cli_export (int argc,
                  char **argv)
{
  g_autofree char *out = NULL;
  const GOptionEntry entries[] = {
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, N_("The bundle’s folder, absent or empty"), N_("DIR") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = ringi_cli_option_context_new (_("ID"), _("Export a request as an evidence bundle."), entries);
  g_auto(RingiCliSession) session = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  int status;

  if ((status = ringi_cli_parse (context, &argc, &argv)) != RINGI_EXIT_OK)
    return status;
  if (argc != 2)
    return ringi_cli_usage_error (context, _("Give the request’s id"));
  if (out == NULL)
    return ringi_cli_usage_error (context, _("--out is required"));

  if (!ringi_cli_session_open (&session, &error) ||
      (id = ringi_cli_resolve_request (session.profile, argv[1], &error)) == NULL ||
      !ringi_bundle_export (ringi_profile_get_store (session.profile), id, out, &error))
    return ringi_cli_fail (argv[0], error);

  g_print (_("Exported %s to %s\n"), id, out);
  return RINGI_EXIT_OK;
}
