/* ringi-server-punch-op.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ringi-server-op.h"
#include "ringi-server.h"

G_BEGIN_DECLS

typedef struct _RingiPunchOp RingiPunchOp;

RingiPunchOp *ringi_punch_op_new (RingiServer *server,
                                  const RingiUser *caller,
                                  JsonObject *op,
                                  RingiOpRefusal **out_refusal,
                                  GError **error);
RingiPunchOp *ringi_punch_op_new_correction (RingiServer *server,
                                             const RingiUser *caller,
                                             JsonObject *op,
                                             RingiOpRefusal **out_refusal,
                                             GError **error);
RingiPunchOp *ringi_punch_op_new_approved (RingiServer *server,
                                           const RingiStoredPunch *pending);
void ringi_punch_op_free (RingiPunchOp *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RingiPunchOp, ringi_punch_op_free)

void ringi_punch_op_verify_async (RingiPunchOp *self,
                                  GCancellable *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer user_data);
gboolean ringi_punch_op_verify_finish (RingiPunchOp *self,
                                       GAsyncResult *result,
                                       RingiOpRefusal **out_refusal,
                                       GError **error);
const char *ringi_punch_op_get_uuid (RingiPunchOp *self);
void ringi_punch_op_add_json (RingiPunchOp *self,
                              JsonBuilder *builder,
                              const char *member);
gboolean ringi_punch_op_keep_pending (RingiPunchOp *self,
                                      const char *request_id,
                                      gint64 now,
                                      GError **error);
GBytes *ringi_punch_op_build_receipt (RingiPunchOp *self,
                                      gint64 now);
gboolean ringi_punch_op_apply (RingiPunchOp *self,
                               GBytes *receipt,
                               GBytes *receipt_signature,
                               GError **error);

GBytes *ringi_op_build_punch_receipt (const char *punch_sha256,
                                      gint64 server_time,
                                      gint64 skew,
                                      const char *server_key);

G_END_DECLS
