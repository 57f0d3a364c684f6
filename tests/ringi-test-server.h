/* ringi-test-server.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * RingiTestRun:
 * @status: the exit status
 * @out: what the command wrote on stdout
 * @err: what it wrote on stderr
 */
typedef struct
{
  int status;
  char *out;
  char *err;
} RingiTestRun;

void ringi_test_run_free (RingiTestRun *run);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RingiTestRun, ringi_test_run_free)

RingiTestRun *ringi_test_server_run (const char *first_arg,
                                     ...) G_GNUC_NULL_TERMINATED;
RingiTestRun *ringi_test_server_runv (const char *const *args);
void ringi_test_server_init (const char *data_dir,
                             const char *hostname);
void ringi_test_server_init_copy (const char *data_dir);
void ringi_test_server_remove_template (void);
char *ringi_test_server_add_user (const char *data_dir,
                                  const char *login,
                                  const char *role);

typedef struct _RingiTestServer RingiTestServer;

RingiTestServer *ringi_test_server_start (const char *data_dir);
RingiTestServer *ringi_test_server_start_with_args (const char *data_dir,
                                                    const char *const *extra_args);
const char *ringi_test_server_get_url (RingiTestServer *server);
guint16 ringi_test_server_get_port (RingiTestServer *server);
void ringi_test_server_send_signal (RingiTestServer *server,
                                    int signum);
const char *ringi_test_server_wait_for_log (RingiTestServer *server,
                                            const char *needle);
const char *ringi_test_server_get_log (RingiTestServer *server);
int ringi_test_server_wait (RingiTestServer *server);
int ringi_test_server_stop (RingiTestServer *server);
void ringi_test_server_kill (RingiTestServer *server);
void ringi_test_server_free (RingiTestServer *server);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RingiTestServer, ringi_test_server_free)

GIOStream *ringi_test_server_connect_tls (RingiTestServer *server,
                                          const char *ca_path,
                                          GError **error);
void ringi_test_write_text (GIOStream *stream,
                            const char *text);
char *ringi_test_read_head (GDataInputStream *in,
                            GString *headers);

G_END_DECLS
