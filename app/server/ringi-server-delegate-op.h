/* ringi-server-delegate-op.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ringi-server-op.h"
#include "ringi-server.h"

G_BEGIN_DECLS

typedef struct _RingiDelegateOp RingiDelegateOp;

RingiDelegateOp *ringi_delegate_op_new (RingiServer *server,
                                        const RingiUser *caller,
                                        JsonObject *op,
                                        RingiOpRefusal **out_refusal,
                                        GError **error);
void ringi_delegate_op_free (RingiDelegateOp *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RingiDelegateOp, ringi_delegate_op_free)

void ringi_delegate_op_verify_async (RingiDelegateOp *self,
                                     GCancellable *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer user_data);
gboolean ringi_delegate_op_verify_finish (RingiDelegateOp *self,
                                          GAsyncResult *result,
                                          RingiOpRefusal **out_refusal,
                                          GError **error);
gboolean ringi_delegate_op_apply (RingiDelegateOp *self,
                                  gint64 now,
                                  GError **error);

G_END_DECLS
