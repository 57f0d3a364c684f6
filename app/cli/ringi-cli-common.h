/* ringi-cli-common.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ringi-sync.h"

G_BEGIN_DECLS

/**
 * RingiCliSession:
 * @profile: the profile of `--profile`, or the default one
 * @sync: its sync engine; asks for the seal PIN when signing in needs it
 *
 * What every command of ringi-cli works with.
 */
typedef struct
{
  RingiProfile *profile;
  RingiSync *sync;
} RingiCliSession;

void ringi_cli_take_global_options (int *argc,
                                    char **argv);
GOptionContext *ringi_cli_option_context_new (const char *parameters,
                                              const char *summary,
                                              const GOptionEntry *entries);
int ringi_cli_parse (GOptionContext *context,
                     int *argc,
                     char ***argv);
int ringi_cli_usage_error (GOptionContext *context,
                           const char *message);

gboolean ringi_cli_session_open (RingiCliSession *session,
                                 GError **error);
void ringi_cli_session_clear (RingiCliSession *session);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RingiCliSession, ringi_cli_session_clear)

char *ringi_cli_read_passphrase (GError **error);
gboolean ringi_cli_parse_encoding (const char *text,
                                   const char **out_encoding);
gboolean ringi_cli_write_payroll_csv (RingiStore *store,
                                      GPtrArray *people,
                                      int year,
                                      int month,
                                      const char *encoding,
                                      const char *path,
                                      GError **error);
GAsyncResult *ringi_cli_wait (GAsyncResult **slot);
void ringi_cli_store_result (GObject *source,
                             GAsyncResult *result,
                             gpointer user_data);
int ringi_cli_fail (const char *command,
                    const GError *error);

int ringi_cli_run_action (const char *command,
                          RingiCliSession *session,
                          RingiActionInput *input);
char *ringi_cli_resolve_request (RingiProfile *profile,
                                 const char *text,
                                 GError **error);
gboolean ringi_cli_read_pdf (const char *path,
                             GBytes **out_pdf,
                             GError **error);
gboolean ringi_cli_parse_amount (const char *text,
                                 gint64 *out_amount);
void ringi_cli_print_json (JsonNode *node);
void ringi_cli_json_add_string (JsonBuilder *builder,
                                const char *member,
                                const char *value);

G_END_DECLS
