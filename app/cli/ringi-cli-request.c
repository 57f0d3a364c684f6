/* ringi-cli-request.c
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

/* The applicant's commands: submit, resubmit, withdraw. Each works
 * offline; `ringi-cli sync` sends it. */

typedef struct
{
  char *title;
  char *category;
  char *amount;
  char *counterparty;
  char *date;
  char *route_template;
  char *route;
} SubmitOptions;

static void
submit_options_clear (SubmitOptions *o)
{
  g_free (o->title);
  g_free (o->category);
  g_free (o->amount);
  g_free (o->counterparty);
  g_free (o->date);
  g_free (o->route_template);
  g_free (o->route);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SubmitOptions, submit_options_clear)

/* The route given, or the template's for the category and amount */
static char *
choose_route (RingiCliSession *session,
              const SubmitOptions *o,
              gint64 amount,
              GError **error)
{
  if (o->route != NULL)
    return g_strdup (o->route);

  return ringi_store_find_route_template (ringi_profile_get_store (session->profile),
                                          o->route_template, amount, error);
}

static int
check_submit_options (GOptionContext *context,
                      const SubmitOptions *o,
                      gint64 *amount)
{
  if (o->title == NULL)
    return ringi_cli_usage_error (context, _("--title is required"));
  if ((o->route == NULL) == (o->route_template == NULL))
    return ringi_cli_usage_error (context, _("Give either --route-template or --route"));
  if (o->amount != NULL && !ringi_cli_parse_amount (o->amount, amount))
    return ringi_cli_usage_error (context, _("--amount is a whole number of yen"));
  if (o->date != NULL && !ringi_text_parse_date (o->date, NULL))
    return ringi_cli_usage_error (context, _("--date is a date of the form YYYY-MM-DD"));
  return RINGI_EXIT_OK;
}

/**
 * ringi_cli_submit:
 * @argc: number of arguments
 * @argv: the arguments; argv[0] is "ringi-cli submit"
 *
 * `submit FILE.pdf --title T [--category C] [--amount N] [--counterparty P]
 * [--date YYYY-MM-DD] (--route-template C | --route R)`: prints the new
 * request's id.
 *
 * Returns: the exit status
 */
int
ringi_cli_submit (int argc,
                  char **argv)
{
  g_auto(SubmitOptions) o = { 0 };
  const GOptionEntry entries[] = {
    { "title", 0, 0, G_OPTION_ARG_STRING, &o.title, N_("What the request is about"), N_("TITLE") },
    { "category", 0, 0, G_OPTION_ARG_STRING, &o.category, N_("Its category (default: the route template’s)"), N_("CATEGORY") },
    { "amount", 0, 0, G_OPTION_ARG_STRING, &o.amount, N_("The amount in yen"), N_("YEN") },
    { "counterparty", 0, 0, G_OPTION_ARG_STRING, &o.counterparty, N_("The other party of the transaction"), N_("NAME") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &o.date, N_("The transaction date (default: today)"), N_("YYYY-MM-DD") },
    { "route-template", 0, 0, G_OPTION_ARG_STRING, &o.route_template, N_("Take the route of this category’s template"), N_("CATEGORY") },
    { "route", 0, 0, G_OPTION_ARG_STRING, &o.route, N_("The route, e.g. \"approve=sato ; final=tanaka\""), N_("ROUTE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = ringi_cli_option_context_new (_("FILE.pdf"), _("Submit a new request with its PDF."), entries);
  g_auto(RingiCliSession) session = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *route = NULL;
  g_autofree char *pin = NULL;
  g_autofree char *id = NULL;
  RingiRequestInfo info = { 0 };
  gint64 amount = -1;
  int status;

  if ((status = ringi_cli_parse (context, &argc, &argv)) != RINGI_EXIT_OK)
    return status;
  if (argc != 2)
    return ringi_cli_usage_error (context, _("Give the PDF file of the request"));
  if ((status = check_submit_options (context, &o, &amount)) != RINGI_EXIT_OK)
    return status;

  if (!ringi_cli_session_open (&session, &error) ||
      !ringi_cli_read_pdf (argv[1], &pdf, &error) ||
      (route = choose_route (&session, &o, amount, &error)) == NULL ||
      (pin = ringi_cli_read_passphrase (&error)) == NULL)
    return ringi_cli_fail (argv[0], error);

  info.title = o.title;
  info.category = o.category ? o.category : o.route_template;
  info.amount = amount;
  info.counterparty = o.counterparty;
  info.transaction_date = o.date;
  ringi_sync_submit_async (session.sync, &info, pdf, route, pin, NULL, ringi_cli_store_result, &result);
  id = ringi_sync_submit_finish (session.sync, ringi_cli_wait (&result), &error);
  if (id == NULL)
    return ringi_cli_fail (argv[0], error);

  g_print ("%s\n", id);
  return RINGI_EXIT_OK;
}

/**
 * ringi_cli_resubmit:
 * @argc: number of arguments
 * @argv: the arguments; argv[0] is "ringi-cli resubmit"
 *
 * `resubmit ID FILE.pdf [--route R]`
 *
 * Returns: the exit status
 */
int
ringi_cli_resubmit (int argc,
                    char **argv)
{
  g_autofree char *route = NULL;
  const GOptionEntry entries[] = {
    { "route", 0, 0, G_OPTION_ARG_STRING, &route, N_("A new route (default: the same)"), N_("ROUTE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = ringi_cli_option_context_new (_("ID FILE.pdf"), _("Resubmit a returned request with a revised PDF."), entries);
  g_auto(RingiCliSession) session = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  RingiActionInput input = { .action = RINGI_ACTION_RESUBMIT };
  int status;

  if ((status = ringi_cli_parse (context, &argc, &argv)) != RINGI_EXIT_OK)
    return status;
  if (argc != 3)
    return ringi_cli_usage_error (context, _("Give the request’s id and the revised PDF file"));

  if (!ringi_cli_session_open (&session, &error) || !ringi_cli_read_pdf (argv[2], &pdf, &error))
    return ringi_cli_fail (argv[0], error);

  input.request_id = argv[1];
  input.pdf = pdf;
  input.route = route;
  return ringi_cli_run_action (argv[0], &session, &input);
}

/**
 * ringi_cli_withdraw:
 * @argc: number of arguments
 * @argv: the arguments; argv[0] is "ringi-cli withdraw"
 *
 * `withdraw ID`
 *
 * Returns: the exit status
 */
int
ringi_cli_withdraw (int argc,
                    char **argv)
{
  g_autoptr(GOptionContext) context = ringi_cli_option_context_new (_("ID"), _("Withdraw your request before anyone acts on it."), NULL);
  g_auto(RingiCliSession) session = { 0 };
  g_autoptr(GError) error = NULL;
  RingiActionInput input = { .action = RINGI_ACTION_WITHDRAW };
  int status;

  if ((status = ringi_cli_parse (context, &argc, &argv)) != RINGI_EXIT_OK)
    return status;
  if (argc != 2)
    return ringi_cli_usage_error (context, _("Give the request’s id"));

  if (!ringi_cli_session_open (&session, &error))
    return ringi_cli_fail (argv[0], error);

  input.request_id = argv[1];
  return ringi_cli_run_action (argv[0], &session, &input);
}
