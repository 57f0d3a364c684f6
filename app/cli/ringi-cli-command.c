/* ringi-cli-command.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "ringi-cli-bundle.h"
#include "ringi-cli-command.h"
#include "ringi-cli-common.h"
#include "ringi-command.h"

static const RingiCommand cli_commands[] = {
  { "enroll", N_("Make your seal key and enroll with a server"), ringi_cli_enroll },
  { "sync", N_("Send what you did and fetch what others did"), ringi_cli_sync },
  { "directory", N_("List the people and route templates"), ringi_cli_directory },
  { "submit", N_("Submit a new request with its PDF"), ringi_cli_submit },
  { "inbox", N_("List the requests waiting for you"), ringi_cli_inbox },
  { "sent", N_("List the requests you submitted"), ringi_cli_sent },
  { "show", N_("Show a request and its stamps"), ringi_cli_show },
  { "approve", N_("Approve a request at your step"), ringi_cli_approve },
  { "send-back", N_("Send a request back, with a comment"), ringi_cli_send_back },
  { "reject", N_("Reject a request, with a comment"), ringi_cli_reject },
  { "withdraw", N_("Withdraw your request before anyone acts on it"), ringi_cli_withdraw },
  { "resubmit", N_("Resubmit a returned request with a revised PDF"), ringi_cli_resubmit },
  { "acknowledge", N_("Acknowledge a request you are to see"), ringi_cli_acknowledge },
  { "delegate", N_("Let someone act for you for a period"), ringi_cli_delegate },
  { "search", N_("Search requests by date, amount, counterparty and title"), ringi_cli_search },
  { "verify", N_("Verify the stamps of a request as stored here"), ringi_cli_verify },
  { "export", N_("Export a request as an evidence bundle, with receipts"), ringi_cli_export },
  { "bundle", N_("Check evidence bundles"), ringi_cli_bundle_run },
  { "punch", N_("Punch the clock: clock-in, clock-out, breaks and time out"), ringi_cli_punch },
  { "clock-in", N_("Punch in: the working day starts (出勤)"), ringi_cli_punch },
  { "clock-out", N_("Punch out: the working day ends (退勤)"), ringi_cli_punch },
  { "break-start", N_("Start a break (休憩)"), ringi_cli_punch },
  { "break-end", N_("End a break"), ringi_cli_punch },
  { "out", N_("Step out for private time (中抜け)"), ringi_cli_punch },
  { "in", N_("Come back from private time"), ringi_cli_punch },
  { "timesheet", N_("Show a month of attendance"), ringi_cli_timesheet },
  { "close-month", N_("Close a month and send its timesheet for approval"), ringi_cli_close_month },
  { "correct", N_("Ask for a correction of a punch; its approval adds it"), ringi_cli_correct },
  { "leave", N_("Ask for leave"), ringi_cli_leave },
  { "report", N_("Write the payroll CSV of a month"), ringi_cli_report },
  { NULL }
};

/**
 * ringi_cli_command_run:
 * @argc: number of arguments
 * @argv: the arguments, as given to main()
 *
 * Parses the command line of `ringi-cli` and runs the command named.
 *
 * Returns: the process exit status
 */
int
ringi_cli_command_run (int argc,
                       char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  ringi_cli_take_global_options (&argc, argv);
  return ringi_command_dispatch ("ringi-cli",
                                 _("The Ringi command-line client: approvals without a window."),
                                 cli_commands, argc, argv);
}
