/* ringi-cli-act.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "ringi-cli-command.h"
#include "ringi-cli-common.h"
#include "ringi-command.h"
#include "ringi-seal-slot.h"

/* The approver's commands: approve, send-back, reject, acknowledge. The
 * person acts at their own step, or for someone who delegated to them. */

/* After the options are parsed: the one argument is the request. */
static int
run (int argc,
     char **argv,
     GOptionContext *context,
     RingiActionInput *input)
{
  g_auto(RingiCliSession) session = { 0 };
  g_autoptr(GError) error = NULL;

  if (argc != 2)
    return ringi_cli_usage_error (context, _("Give the request’s id"));

  if (!ringi_cli_session_open (&session, &error))
    return ringi_cli_fail (argv[0], error);

  input->request_id = argv[1];
  return ringi_cli_run_action (argv[0], &session, input);
}

/**
 * ringi_cli_approve:
 * @argc: number of arguments
 * @argv: the arguments; argv[0] is "ringi-cli approve"
 *
 * `approve ID [--comment C] [--page P --x X --y Y] [--on-behalf-of L]`:
 * without a place, the seal goes in the next free box at the top right
 * of page 1, as in the request view.
 *
 * Returns: the exit status
 */
int
ringi_cli_approve (int argc,
                   char **argv)
{
  g_autofree char *comment = NULL;
  g_autofree char *on_behalf_of = NULL;
  int page = 0;
  double x = -1, y = -1;
  const GOptionEntry entries[] = {
    { "comment", 0, 0, G_OPTION_ARG_STRING, &comment, N_("A comment"), N_("TEXT") },
    { "page", 0, 0, G_OPTION_ARG_INT, &page, N_("The page the seal goes on, from 1; without it, the next free box at the top right of page 1"), N_("PAGE") },
    { "x", 0, 0, G_OPTION_ARG_DOUBLE, &x, N_("The seal’s left edge, in points from the page’s left"), N_("X") },
    { "y", 0, 0, G_OPTION_ARG_DOUBLE, &y, N_("The seal’s top edge, in points from the page’s top"), N_("Y") },
    { "on-behalf-of", 0, 0, G_OPTION_ARG_STRING, &on_behalf_of, N_("Act for this person, who delegated to you"), N_("LOGIN") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = ringi_cli_option_context_new (_("ID"), _("Approve a request at your step."), entries);
  RingiPlacement placement = { 0 };
  RingiActionInput input = { .action = RINGI_ACTION_APPROVE };
  int status;

  if ((status = ringi_cli_parse (context, &argc, &argv)) != RINGI_EXIT_OK)
    return status;

  if (page != 0 || x >= 0 || y >= 0)
    {
      if (page < 1 || x < 0 || y < 0)
        return ringi_cli_usage_error (context, _("Place the seal with --page, --x and --y together"));
      placement = (RingiPlacement){ .page = page, .x = x, .y = y, .size = RINGI_SEAL_SLOT_SIZE };
      input.placement = &placement;
    }

  input.comment = comment;
  input.on_behalf_of = on_behalf_of;
  return run (argc, argv, context, &input);
}

/**
 * ringi_cli_send_back:
 * @argc: number of arguments
 * @argv: the arguments; argv[0] is "ringi-cli send-back"
 *
 * `send-back ID --comment C [--to-step N]`
 *
 * Returns: the exit status
 */
int
ringi_cli_send_back (int argc,
                     char **argv)
{
  g_autofree char *comment = NULL;
  g_autofree char *on_behalf_of = NULL;
  int to_step = 0;
  const GOptionEntry entries[] = {
    { "comment", 0, 0, G_OPTION_ARG_STRING, &comment, N_("Why; required"), N_("TEXT") },
    { "to-step", 0, 0, G_OPTION_ARG_INT, &to_step, N_("Return to this earlier step (default: the applicant)"), N_("N") },
    { "on-behalf-of", 0, 0, G_OPTION_ARG_STRING, &on_behalf_of, N_("Act for this person, who delegated to you"), N_("LOGIN") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = ringi_cli_option_context_new (_("ID"), _("Send a request back, with a comment."), entries);
  RingiActionInput input = { .action = RINGI_ACTION_SEND_BACK };
  int status;

  if ((status = ringi_cli_parse (context, &argc, &argv)) != RINGI_EXIT_OK)
    return status;
  if (comment == NULL)
    return ringi_cli_usage_error (context, _("--comment is required"));
  if (to_step < 0)
    return ringi_cli_usage_error (context, _("--to-step is a step number"));

  input.comment = comment;
  input.to_step = to_step;
  input.on_behalf_of = on_behalf_of;
  return run (argc, argv, context, &input);
}

/**
 * ringi_cli_reject:
 * @argc: number of arguments
 * @argv: the arguments; argv[0] is "ringi-cli reject"
 *
 * `reject ID --comment C`
 *
 * Returns: the exit status
 */
int
ringi_cli_reject (int argc,
                  char **argv)
{
  g_autofree char *comment = NULL;
  g_autofree char *on_behalf_of = NULL;
  const GOptionEntry entries[] = {
    { "comment", 0, 0, G_OPTION_ARG_STRING, &comment, N_("Why; required"), N_("TEXT") },
    { "on-behalf-of", 0, 0, G_OPTION_ARG_STRING, &on_behalf_of, N_("Act for this person, who delegated to you"), N_("LOGIN") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = ringi_cli_option_context_new (_("ID"), _("Reject a request, with a comment."), entries);
  RingiActionInput input = { .action = RINGI_ACTION_REJECT };
  int status;

  if ((status = ringi_cli_parse (context, &argc, &argv)) != RINGI_EXIT_OK)
    return status;
  if (comment == NULL)
    return ringi_cli_usage_error (context, _("--comment is required"));

  input.comment = comment;
  input.on_behalf_of = on_behalf_of;
  return run (argc, argv, context, &input);
}

/**
 * ringi_cli_acknowledge:
 * @argc: number of arguments
 * @argv: the arguments; argv[0] is "ringi-cli acknowledge"
 *
 * `acknowledge ID [--comment C]`: for circulation (回覧) and post-review
 * (後閲) steps.
 *
 * Returns: the exit status
 */
int
ringi_cli_acknowledge (int argc,
                       char **argv)
{
  g_autofree char *comment = NULL;
  const GOptionEntry entries[] = {
    { "comment", 0, 0, G_OPTION_ARG_STRING, &comment, N_("A comment"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = ringi_cli_option_context_new (_("ID"), _("Acknowledge a request you are to see."), entries);
  RingiActionInput input = { .action = RINGI_ACTION_ACKNOWLEDGE };
  int status;

  if ((status = ringi_cli_parse (context, &argc, &argv)) != RINGI_EXIT_OK)
    return status;

  input.comment = comment;
  return run (argc, argv, context, &input);
}
