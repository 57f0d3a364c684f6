/* ringi-cli-command.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

int ringi_cli_command_run (int argc,
                           char **argv);

/* One function per command, in the files of their groups */
int ringi_cli_punch (int argc,
                     char **argv);
int ringi_cli_timesheet (int argc,
                         char **argv);
int ringi_cli_close_month (int argc,
                           char **argv);
int ringi_cli_correct (int argc,
                       char **argv);
int ringi_cli_leave (int argc,
                     char **argv);
int ringi_cli_report (int argc,
                      char **argv);
int ringi_cli_enroll (int argc,
                      char **argv);
int ringi_cli_sync (int argc,
                    char **argv);
int ringi_cli_directory (int argc,
                         char **argv);
int ringi_cli_submit (int argc,
                      char **argv);
int ringi_cli_resubmit (int argc,
                        char **argv);
int ringi_cli_withdraw (int argc,
                        char **argv);
int ringi_cli_approve (int argc,
                       char **argv);
int ringi_cli_send_back (int argc,
                         char **argv);
int ringi_cli_reject (int argc,
                      char **argv);
int ringi_cli_acknowledge (int argc,
                           char **argv);
int ringi_cli_delegate (int argc,
                        char **argv);
int ringi_cli_inbox (int argc,
                     char **argv);
int ringi_cli_sent (int argc,
                    char **argv);
int ringi_cli_show (int argc,
                    char **argv);
int ringi_cli_search (int argc,
                      char **argv);
int ringi_cli_verify (int argc,
                      char **argv);
int ringi_cli_export (int argc,
                      char **argv);

G_END_DECLS
