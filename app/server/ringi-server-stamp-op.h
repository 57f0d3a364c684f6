/* ringi-server-stamp-op.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ringi-server-op.h"
#include "ringi-server-punch-op.h"
#include "ringi-server.h"

G_BEGIN_DECLS

typedef struct _RingiStampOp RingiStampOp;

RingiStampOp *ringi_stamp_op_new (RingiServer *server,
                                  const RingiUser *caller,
                                  JsonObject *op,
                                  gboolean create_request,
                                  RingiOpRefusal **out_refusal,
                                  GError **error);
void ringi_stamp_op_free (RingiStampOp *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RingiStampOp, ringi_stamp_op_free)

RingiPunchOp *ringi_stamp_op_get_correction (RingiStampOp *self);
RingiPunchOp *ringi_stamp_op_get_approved_punch (RingiStampOp *self);
void ringi_stamp_op_verify_async (RingiStampOp *self,
                                  GCancellable *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer user_data);
gboolean ringi_stamp_op_verify_finish (RingiStampOp *self,
                                       GAsyncResult *result,
                                       RingiOpRefusal **out_refusal,
                                       GError **error);
GBytes *ringi_stamp_op_build_receipt (RingiStampOp *self,
                                      gint64 now);
gboolean ringi_stamp_op_apply (RingiStampOp *self,
                               GBytes *receipt,
                               GBytes *receipt_signature,
                               gint64 now,
                               GError **error);

G_END_DECLS
