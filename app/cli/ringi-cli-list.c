/* ringi-cli-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "ringi-cli-command.h"
#include "ringi-cli-common.h"
#include "ringi-command.h"
#include "ringi-attendance-rules.h"
#include "ringi-history.h"
#include "ringi-month-close.h"
#include "ringi-stamp.h"
#include "ringi-text.h"

/* What is stored here: inbox, sent, search and show. None of them
 * contacts the server; `ringi-cli sync` brings what is new. */

static const char *
status_label (RingiRequestStatus status)
{
  switch (status)
    {
    case RINGI_REQUEST_NEW:
      return _("new");
    case RINGI_REQUEST_IN_PROGRESS:
      return _("in progress");
    case RINGI_REQUEST_SENT_BACK:
      return _("sent back");
    case RINGI_REQUEST_WITHDRAWN:
      return _("withdrawn");
    case RINGI_REQUEST_REJECTED:
      return _("rejected");
    case RINGI_REQUEST_DECIDED:
      return _("decided");
    default:
      g_assert_not_reached ();
    }
}

static void
add_info (JsonBuilder *builder,
          const RingiRequestInfo *info)
{
  ringi_cli_json_add_string (builder, "id", info->id);
  ringi_cli_json_add_string (builder, "title", info->title);
  ringi_cli_json_add_string (builder, "category", info->category);
  json_builder_set_member_name (builder, "amount");
  if (info->amount >= 0)
    json_builder_add_int_value (builder, info->amount);
  else
    json_builder_add_null_value (builder);
  ringi_cli_json_add_string (builder, "counterparty", info->counterparty);
  ringi_cli_json_add_string (builder, "transaction_date", info->transaction_date);
  ringi_cli_json_add_string (builder, "applicant", info->applicant);
  ringi_cli_json_add_string (builder, "created_at", info->created_at);
}

static void
add_summary (JsonBuilder *builder,
             const RingiRequestSummary *summary)
{
  add_info (builder, summary->info);
  ringi_cli_json_add_string (builder, "status", ringi_request_status_to_string (summary->status));
  json_builder_set_member_name (builder, "current_step");
  json_builder_add_int_value (builder, summary->current_step);
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, summary->revision);
  json_builder_set_member_name (builder, "pending");
  json_builder_add_boolean_value (builder, summary->pending);
  json_builder_set_member_name (builder, "actions");
  json_builder_begin_array (builder);
  for (guint i = 0; summary->actions[i] != NULL; i++)
    json_builder_add_string_value (builder, summary->actions[i]);
  json_builder_end_array (builder);
  ringi_cli_json_add_string (builder, "on_behalf_of", summary->on_behalf_of);
}

static void
print_summaries (GPtrArray *summaries,
                 gboolean as_json)
{
  if (as_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < summaries->len; i++)
        {
          json_builder_begin_object (builder);
          add_summary (builder, g_ptr_array_index (summaries, i));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      node = json_builder_get_root (builder);
      ringi_cli_print_json (node);
      return;
    }

  for (guint i = 0; i < summaries->len; i++)
    {
      RingiRequestSummary *s = g_ptr_array_index (summaries, i);
      g_autofree char *actions = g_strjoinv (", ", s->actions);
      g_autofree char *status = ringi_text_pad (status_label (s->status), 12);

      g_print ("%s  %s  %s  %s", s->info->id, s->info->transaction_date, status, s->info->title);
      if (s->pending)
        g_print ("  %s", _("[waiting to be sent]"));
      if (actions[0] != '\0' && s->on_behalf_of != NULL)
        /* Translators: what the person may do, for someone who delegated to them */
        g_print (_("  → %s (for %s)"), actions, s->on_behalf_of);
      else if (actions[0] != '\0')
        g_print ("  → %s", actions);
      g_print ("\n");
    }
}

typedef GPtrArray *(*ListFunc) (RingiSync *self,
                                GError **error);

static int
run_list (int argc,
          char **argv,
          const char *summary,
          ListFunc list)
{
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = ringi_cli_option_context_new (NULL, summary, entries);
  g_auto(RingiCliSession) session = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) summaries = NULL;
  int status;

  if ((status = ringi_cli_parse (context, &argc, &argv)) != RINGI_EXIT_OK)
    return status;
  if (argc != 1)
    return ringi_cli_usage_error (context, _("This command takes no arguments"));

  if (!ringi_cli_session_open (&session, &error) || (summaries = list (session.sync, &error)) == NULL)
    return ringi_cli_fail (argv[0], error);

  print_summaries (summaries, as_json);
  return RINGI_EXIT_OK;
}

/**
 * ringi_cli_inbox:
 * @argc: number of arguments
 * @argv: the arguments; argv[0] is "ringi-cli inbox"
 *
 * `inbox [--json]`: the requests waiting for the person, as last synced.
 *
 * Returns: the exit status
 */
int
ringi_cli_inbox (int argc,
                 char **argv)
{
  return run_list (argc, argv, _("List the requests waiting for you, as last synced."), ringi_sync_list_inbox);
}

/**
 * ringi_cli_sent:
 * @argc: number of arguments
 * @argv: the arguments; argv[0] is "ringi-cli sent"
 *
 * `sent [--json]`: the requests the person submitted.
 *
 * Returns: the exit status
 */
int
ringi_cli_sent (int argc,
                char **argv)
{
  return run_list (argc, argv, _("List the requests you submitted."), ringi_sync_list_sent);
}

typedef struct
{
  char *from;
  char *to;
  char *min_amount;
  char *max_amount;
  char *counterparty;
  char *title;
} SearchOptions;

static void
search_options_clear (SearchOptions *o)
{
  g_free (o->from);
  g_free (o->to);
  g_free (o->min_amount);
  g_free (o->max_amount);
  g_free (o->counterparty);
  g_free (o->title);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SearchOptions, search_options_clear)

static int
build_query (GOptionContext *context,
             const SearchOptions *o,
             RingiSearchQuery *query)
{
  if ((o->from != NULL && !ringi_text_parse_date (o->from, NULL)) || (o->to != NULL && !ringi_text_parse_date (o->to, NULL)))
    return ringi_cli_usage_error (context, _("--from and --to are dates of the form YYYY-MM-DD"));
  if ((o->min_amount != NULL && !ringi_cli_parse_amount (o->min_amount, &query->min_amount)) ||
      (o->max_amount != NULL && !ringi_cli_parse_amount (o->max_amount, &query->max_amount)))
    return ringi_cli_usage_error (context, _("--min-amount and --max-amount are whole numbers of yen"));

  query->date_from = o->from;
  query->date_to = o->to;
  query->counterparty = o->counterparty;
  query->title = o->title;
  return RINGI_EXIT_OK;
}

/**
 * ringi_cli_search:
 * @argc: number of arguments
 * @argv: the arguments; argv[0] is "ringi-cli search"
 *
 * `search [--from DATE] [--to DATE] [--min-amount N] [--max-amount N]
 * [--counterparty P] [--title T] [--json]`: conditions combine with AND,
 * ranges are inclusive (電子帳簿保存法).
 *
 * Returns: the exit status
 */
int
ringi_cli_search (int argc,
                  char **argv)
{
  g_auto(SearchOptions) o = { 0 };
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &o.from, N_("Transaction date from this day"), N_("YYYY-MM-DD") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &o.to, N_("Transaction date up to this day"), N_("YYYY-MM-DD") },
    { "min-amount", 0, 0, G_OPTION_ARG_STRING, &o.min_amount, N_("Amount from this many yen"), N_("YEN") },
    { "max-amount", 0, 0, G_OPTION_ARG_STRING, &o.max_amount, N_("Amount up to this many yen"), N_("YEN") },
    { "counterparty", 0, 0, G_OPTION_ARG_STRING, &o.counterparty, N_("Counterparty containing this text"), N_("TEXT") },
    { "title", 0, 0, G_OPTION_ARG_STRING, &o.title, N_("Title containing this text"), N_("TEXT") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = ringi_cli_option_context_new (NULL, _("Search requests by transaction date, amount, counterparty and title."), entries);
  RingiSearchQuery query = RINGI_SEARCH_QUERY_INIT;
  g_auto(RingiCliSession) session = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) summaries = g_ptr_array_new_with_free_func ((GDestroyNotify) ringi_request_summary_free);
  int status;

  if ((status = ringi_cli_parse (context, &argc, &argv)) != RINGI_EXIT_OK)
    return status;
  if (argc != 1)
    return ringi_cli_usage_error (context, _("search takes no arguments besides its options"));
  if ((status = build_query (context, &o, &query)) != RINGI_EXIT_OK)
    return status;

  if (!ringi_cli_session_open (&session, &error) ||
      (found = ringi_store_search (ringi_profile_get_store (session.profile), &query, &error)) == NULL)
    return ringi_cli_fail (argv[0], error);

  for (guint i = 0; i < found->len; i++)
    {
      RingiRequestSummary *summary = ringi_sync_summarize (session.sync, ((RingiRequestInfo *) g_ptr_array_index (found, i))->id, &error);

      if (summary == NULL)
        return ringi_cli_fail (argv[0], error);
      g_ptr_array_add (summaries, summary);
    }

  print_summaries (summaries, as_json);
  return RINGI_EXIT_OK;
}

/* show */

static void
add_stamp (JsonBuilder *builder,
           const RingiChainStamp *link,
           RingiStamp *stamp,
           gboolean has_receipt)
{
  g_autofree char *time = g_date_time_format_iso8601 (ringi_stamp_get_time (stamp));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "position");
  json_builder_add_int_value (builder, link->stamp.seq);
  ringi_cli_json_add_string (builder, "action", ringi_action_to_string (ringi_stamp_get_action (stamp)));
  json_builder_set_member_name (builder, "step");
  json_builder_add_int_value (builder, ringi_stamp_get_step (stamp));
  json_builder_set_member_name (builder, "to_step");
  json_builder_add_int_value (builder, ringi_stamp_get_to_step (stamp));
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, ringi_stamp_get_revision (stamp));
  ringi_cli_json_add_string (builder, "signer", ringi_stamp_get_signer (stamp));
  ringi_cli_json_add_string (builder, "on_behalf_of", ringi_stamp_get_on_behalf_of (stamp));
  ringi_cli_json_add_string (builder, "time", time);
  ringi_cli_json_add_string (builder, "comment", link->comment);
  ringi_cli_json_add_string (builder, "sha256", link->stamp.sha256);
  json_builder_set_member_name (builder, "pending");
  json_builder_add_boolean_value (builder, link->pending);
  json_builder_set_member_name (builder, "receipt");
  json_builder_add_boolean_value (builder, has_receipt);
  json_builder_end_object (builder);
}

static void
print_stamp (const RingiChainStamp *link,
             RingiStamp *stamp)
{
  g_autofree char *time = g_date_time_format (ringi_stamp_get_time (stamp), "%Y-%m-%d %H:%M");

  g_print ("  %2u  %s  %-12s", link->stamp.seq, time, ringi_action_to_string (ringi_stamp_get_action (stamp)));
  if (ringi_stamp_get_step (stamp) > 0)
    /* Translators: a route step number */
    g_print (_("step %u  "), ringi_stamp_get_step (stamp));
  g_print ("%s", ringi_stamp_get_signer (stamp));
  if (ringi_stamp_get_on_behalf_of (stamp) != NULL)
    g_print (_(" for %s"), ringi_stamp_get_on_behalf_of (stamp));
  if (link->comment != NULL)
    g_print ("  “%s”", link->comment);
  if (link->pending)
    g_print ("  %s", _("[waiting to be sent]"));
  g_print ("\n");
}

static void print_correction (RingiCorrection *correction);

static void
print_request (const RingiRequestSummary *summary,
               RingiWorkflow *workflow,
               RingiCorrection *correction,
               const GError *correction_error)
{
  const RingiRequestInfo *info = summary->info;
  RingiRoute *route = ringi_workflow_get_route (workflow);
  g_autofree char *route_text = route ? ringi_route_to_string (route) : NULL;
  g_autofree char *actions = g_strjoinv (", ", summary->actions);

  g_print (_("Request %s\n"), info->id);
  g_print (_("  Title:         %s\n"), info->title);
  g_print (_("  Category:      %s\n"), info->category);
  if (info->amount >= 0)
    {
      g_autofree char *amount = g_strdup_printf ("%" G_GINT64_FORMAT, info->amount);
      g_print (_("  Amount:        %s yen\n"), amount);
    }
  g_print (_("  Counterparty:  %s\n"), info->counterparty);
  g_print (_("  Date:          %s\n"), info->transaction_date);
  g_print (_("  Applicant:     %s\n"), info->applicant);
  if (summary->current_step > 0)
    g_print (_("  Status:        %s, at step %u (revision %u)\n"), status_label (summary->status),
             summary->current_step, summary->revision);
  else
    g_print (_("  Status:        %s (revision %u)\n"), status_label (summary->status), summary->revision);
  if (route_text != NULL)
    g_print (_("  Route:         %s\n"), route_text);
  if (summary->pending)
    g_print (_("  Waiting:       something you did waits to be sent\n"));
  if (actions[0] != '\0' && summary->on_behalf_of != NULL)
    g_print (_("  You may:       %s (for %s)\n"), actions, summary->on_behalf_of);
  else if (actions[0] != '\0')
    g_print (_("  You may:       %s\n"), actions);
  if (correction != NULL)
    print_correction (correction);
  else if (correction_error != NULL)
    g_print (_("Punch this correction adds: %s\n"), correction_error->message);
  g_print ("%s\n", _("Stamps:"));
}

/* The punch a correction request (打刻修正申請) adds once approved: the
 * approver must see it in words, and whether the document names it. */
static RingiCorrection *
read_correction (RingiCliSession *session,
                 const RingiRequestInfo *info,
                 GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  if (g_strcmp0 (info->category, RINGI_CATEGORY_CORRECTION) != 0)
    return NULL;

  ringi_sync_read_correction_async (session->sync, info->id, NULL, ringi_cli_store_result, &result);
  return ringi_sync_read_correction_finish (session->sync, ringi_cli_wait (&result), error);
}

static char *
dup_punch_time (RingiPunch *punch)
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (ringi_punch_get_client_time (punch),
                                                         ringi_attendance_get_time_zone ());

  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

static void
add_correction (JsonBuilder *builder,
                RingiCorrection *correction)
{
  RingiPunch *punch = correction->punch;
  g_autofree char *time = punch ? dup_punch_time (punch) : NULL;

  json_builder_set_member_name (builder, "correction");
  json_builder_begin_object (builder);
  ringi_cli_json_add_string (builder, "punch", correction->uuid);
  ringi_cli_json_add_string (builder, "sha256", correction->sha256);
  ringi_cli_json_add_string (builder, "kind", punch ? ringi_punch_kind_to_string (ringi_punch_get_kind (punch)) : NULL);
  ringi_cli_json_add_string (builder, "place", punch ? ringi_punch_place_to_string (ringi_punch_get_place (punch)) : NULL);
  ringi_cli_json_add_string (builder, "time", time);
  ringi_cli_json_add_string (builder, "replaces", punch ? ringi_punch_get_corrects (punch) : NULL);
  ringi_cli_json_add_string (builder, "note", correction->note);
  json_builder_set_member_name (builder, "shown");
  json_builder_add_boolean_value (builder, correction->shown);
  json_builder_end_object (builder);
}

static void
print_correction (RingiCorrection *correction)
{
  RingiPunch *punch = correction->punch;

  g_print ("%s\n", _("Punch this correction adds:"));
  if (punch != NULL)
    {
      g_autofree char *time = dup_punch_time (punch);
      const char *corrects = ringi_punch_get_corrects (punch);

      g_print (_("  Kind:          %s\n"), ringi_punch_kind_get_label (ringi_punch_get_kind (punch)));
      g_print (_("  Place:         %s\n"), ringi_punch_place_get_label (ringi_punch_get_place (punch)));
      g_print (_("  Time:          %s\n"), time);
      if (corrects != NULL)
        g_print (_("  Replaces:      punch %s\n"), corrects);
      else
        g_print ("%s\n", _("  Replaces:      no punch (it adds a missing one)"));
    }
  else
    g_print ("%s\n", _("  The punch kept here is not a punch record: verify the request"));
  if (correction->note != NULL)
    {
      g_autofree char *note = ringi_text_printable (correction->note);
      g_print (_("  Reason:        %s\n"), note);
    }
  g_print (_("  Punch:         %s\n"), correction->uuid);
  g_print (_("  SHA-256:       %s\n"), correction->sha256);
  if (correction->shown)
    g_print ("%s\n", _("  Document:      shows this punch"));
  else
    g_print ("%s\n", _("  Document:      does NOT show this punch: do not approve, send it back"));
}

static gboolean
has_receipt (RingiStore *store,
             const RingiChainStamp *link)
{
  g_autoptr(GBytes) signature = NULL;
  g_autoptr(GBytes) receipt = NULL;

  if (link->pending)
    return FALSE;
  receipt = ringi_store_get_receipt (store, link->stamp.sha256, &signature, NULL);
  return receipt != NULL;
}

static int
show_request (const char *command,
              RingiCliSession *session,
              const char *id,
              gboolean as_json)
{
  RingiStore *store = ringi_profile_get_store (session->profile);
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiRequestSummary) summary = NULL;
  g_autoptr(GPtrArray) chain = NULL;
  g_autoptr(RingiWorkflow) workflow = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(RingiCorrection) correction = NULL;

  if ((summary = ringi_sync_summarize (session->sync, id, &error)) == NULL ||
      (chain = ringi_outbox_list_chain (ringi_profile_get_outbox (session->profile), id, &error)) == NULL ||
      (workflow = ringi_history_replay (chain, &error)) == NULL)
    return ringi_cli_fail (command, error);

  /* A correction request without its punch here is shown as such. */
  correction = read_correction (session, summary->info, &error);
  if (error != NULL && !g_error_matches (error, RINGI_SYNC_ERROR, RINGI_SYNC_ERROR_NOT_SHOWN))
    return ringi_cli_fail (command, error);

  json_builder_begin_object (builder);
  add_summary (builder, summary);
  if (ringi_workflow_get_route (workflow) != NULL)
    {
      g_autofree char *route = ringi_route_to_string (ringi_workflow_get_route (workflow));
      ringi_cli_json_add_string (builder, "route", route);
    }
  if (correction != NULL)
    add_correction (builder, correction);
  json_builder_set_member_name (builder, "stamps");
  json_builder_begin_array (builder);
  if (!as_json)
    print_request (summary, workflow, correction, error);

  for (guint i = 0; i < chain->len; i++)
    {
      RingiChainStamp *link = g_ptr_array_index (chain, i);
      g_autoptr(RingiStamp) stamp = ringi_stamp_parse (link->stamp.record, &error);

      if (stamp == NULL)
        return ringi_cli_fail (command, error);
      if (as_json)
        add_stamp (builder, link, stamp, has_receipt (store, link));
      else
        print_stamp (link, stamp);
    }

  json_builder_end_array (builder);
  json_builder_end_object (builder);
  if (as_json)
    {
      node = json_builder_get_root (builder);
      ringi_cli_print_json (node);
    }
  return RINGI_EXIT_OK;
}

/**
 * ringi_cli_show:
 * @argc: number of arguments
 * @argv: the arguments; argv[0] is "ringi-cli show"
 *
 * `show ID [--json]`: the request, where it stands, what the person may
 * do, and its stamps (those waiting to be sent marked).
 *
 * Returns: the exit status
 */
int
ringi_cli_show (int argc,
                char **argv)
{
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = ringi_cli_option_context_new (_("ID"), _("Show a request and its stamps."), entries);
  g_auto(RingiCliSession) session = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  int status;

  if ((status = ringi_cli_parse (context, &argc, &argv)) != RINGI_EXIT_OK)
    return status;
  if (argc != 2)
    return ringi_cli_usage_error (context, _("Give the request’s id"));

  if (!ringi_cli_session_open (&session, &error) ||
      (id = ringi_cli_resolve_request (session.profile, argv[1], &error)) == NULL)
    return ringi_cli_fail (argv[0], error);

  return show_request (argv[0], &session, id, as_json);
}
