/* ringi-cli-sync.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "ringi-cli-command.h"
#include "ringi-cli-common.h"
#include "ringi-command.h"

static JsonNode *
refusal_to_json (const RingiRefusal *refusal)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  ringi_cli_json_add_string (builder, "op", refusal->op_id);
  ringi_cli_json_add_string (builder, "type", refusal->type);
  ringi_cli_json_add_string (builder, "action", refusal->action);
  ringi_cli_json_add_string (builder, "request", refusal->request_id);
  ringi_cli_json_add_string (builder, "title", refusal->title);
  ringi_cli_json_add_string (builder, "code", refusal->code);
  ringi_cli_json_add_string (builder, "message", refusal->message);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
print_refusal (const RingiRefusal *refusal)
{
  const char *what = refusal->action ? refusal->action : refusal->type;

  if (refusal->title != NULL)
    /* Translators: "approve “Purchase of paper” (7a4c…) was refused: reason [code]" */
    g_print (_("Refused: %s “%s” (%s): %s [%s]\n"), what, refusal->title, refusal->request_id,
             refusal->message, refusal->code);
  else
    g_print (_("Refused: %s: %s [%s]\n"), what, refusal->message, refusal->code);
}

/* Refusals are shown once, here, and then count as seen. */
static gboolean
report_refusals (RingiCliSession *session,
                 JsonArray *json,
                 GError **error)
{
  RingiOutbox *outbox = ringi_profile_get_outbox (session->profile);
  g_autoptr(GPtrArray) refusals = ringi_outbox_list_refusals (outbox, error);

  if (refusals == NULL)
    return FALSE;

  for (guint i = 0; i < refusals->len; i++)
    {
      if (json != NULL)
        json_array_add_element (json, refusal_to_json (g_ptr_array_index (refusals, i)));
      else
        print_refusal (g_ptr_array_index (refusals, i));
    }

  return ringi_outbox_dismiss_refusals (outbox, error);
}

static void
print_report_json (const RingiSyncReport *report,
                   guint n_waiting,
                   JsonArray *refusals,
                   const GError *failure)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) node = NULL;

  json_object_set_boolean_member (object, "ok", failure == NULL);
  if (failure != NULL)
    json_object_set_string_member (object, "error", failure->message);
  json_object_set_int_member (object, "pushed", report->pushed);
  json_object_set_int_member (object, "pulled", report->pulled);
  json_object_set_int_member (object, "refused", report->refused);
  json_object_set_int_member (object, "waiting", n_waiting);
  json_object_set_array_member (object, "refusals", json_array_ref (refusals));
  node = json_node_init_object (json_node_alloc (), object);
  ringi_cli_print_json (node);
}

/**
 * ringi_cli_sync:
 * @argc: number of arguments
 * @argv: the arguments; argv[0] is "ringi-cli sync"
 *
 * `sync [--json]`: one sync round; says what was pushed, pulled and
 * refused, and why each refusal happened.
 *
 * Returns: the exit status
 */
int
ringi_cli_sync (int argc,
                char **argv)
{
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Report as JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = ringi_cli_option_context_new (NULL, _("Send what you did and fetch what others did."), entries);
  g_auto(RingiCliSession) session = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) failure = NULL;
  g_autoptr(JsonArray) refusals = json_array_new ();
  RingiSyncReport report = { 0 };
  int status;

  if ((status = ringi_cli_parse (context, &argc, &argv)) != RINGI_EXIT_OK)
    return status;
  if (argc != 1)
    return ringi_cli_usage_error (context, _("sync takes no arguments"));

  if (!ringi_cli_session_open (&session, &error))
    return ringi_cli_fail (argv[0], error);

  ringi_sync_run_async (session.sync, NULL, ringi_cli_store_result, &result);
  ringi_sync_run_finish (session.sync, ringi_cli_wait (&result), &report, &failure);

  if (!report_refusals (&session, as_json ? refusals : NULL, &error))
    return ringi_cli_fail (argv[0], error);

  if (as_json)
    print_report_json (&report, ringi_sync_get_n_waiting (session.sync), refusals, failure);
  else if (failure == NULL)
    g_print (_("Pushed %u, pulled %u, refused %u\n"), report.pushed, report.pulled, report.refused);

  if (failure != NULL)
    {
      if (!as_json)
        g_printerr (_("%s: %s (%u actions wait to be sent)\n"), argv[0], failure->message,
                    ringi_sync_get_n_waiting (session.sync));
      return RINGI_EXIT_FAILURE;
    }

  return RINGI_EXIT_OK;
}
