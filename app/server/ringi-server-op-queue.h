/* ringi-server-op-queue.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ringi-server.h"

G_BEGIN_DECLS

#define RINGI_TYPE_OP_QUEUE (ringi_op_queue_get_type ())
G_DECLARE_FINAL_TYPE (RingiOpQueue, ringi_op_queue, RINGI, OP_QUEUE, GObject)

RingiOpQueue *ringi_op_queue_new (RingiServer *server);
void ringi_op_queue_run_async (RingiOpQueue *self,
                               const RingiUser *caller,
                               JsonArray *ops,
                               GAsyncReadyCallback callback,
                               gpointer user_data);
JsonNode *ringi_op_queue_run_finish (RingiOpQueue *self,
                                     GAsyncResult *result,
                                     GError **error);
guint ringi_op_queue_get_n_pending (RingiOpQueue *self);

G_END_DECLS
