/* ringi-server-close-op.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ringi-server-op.h"
#include "ringi-server.h"

G_BEGIN_DECLS

typedef struct _RingiCloseOp RingiCloseOp;

RingiCloseOp *ringi_close_op_new (RingiServer *server,
                                  const RingiUser *caller,
                                  JsonObject *op,
                                  RingiOpRefusal **out_refusal,
                                  GError **error);
void ringi_close_op_free (RingiCloseOp *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RingiCloseOp, ringi_close_op_free)

void ringi_close_op_verify_async (RingiCloseOp *self,
                                  GCancellable *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer user_data);
gboolean ringi_close_op_verify_finish (RingiCloseOp *self,
                                       GAsyncResult *result,
                                       RingiOpRefusal **out_refusal,
                                       GError **error);
gboolean ringi_close_op_apply (RingiCloseOp *self,
                               gint64 now,
                               GError **error);

G_END_DECLS
