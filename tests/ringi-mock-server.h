/* ringi-mock-server.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _RingiMockServer RingiMockServer;

RingiMockServer *ringi_mock_server_new (void);
void ringi_mock_server_free (RingiMockServer *mock);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RingiMockServer, ringi_mock_server_free)

const char *ringi_mock_server_get_url (RingiMockServer *mock);
const char *ringi_mock_server_get_ca_file (RingiMockServer *mock);

void ringi_mock_server_add_user (RingiMockServer *mock,
                                 const char *login,
                                 const char *display_name,
                                 const char *code);
void ringi_mock_server_add_route_template (RingiMockServer *mock,
                                           const char *category,
                                           gint64 min_amount,
                                           const char *route);

void ringi_mock_server_refuse_next_op (RingiMockServer *mock,
                                       const char *code,
                                       const char *message);
void ringi_mock_server_fail_next_answer (RingiMockServer *mock);
void ringi_mock_server_set_page_size (RingiMockServer *mock,
                                      guint page_size);
void ringi_mock_server_set_blob_limit (RingiMockServer *mock,
                                       gsize limit);
void ringi_mock_server_stop (RingiMockServer *mock);
void ringi_mock_server_restart (RingiMockServer *mock);

guint ringi_mock_server_count_stamps (RingiMockServer *mock,
                                      const char *request_id);
guint ringi_mock_server_count_ops (RingiMockServer *mock);
guint64 ringi_mock_server_get_last_seq (RingiMockServer *mock);

G_END_DECLS
