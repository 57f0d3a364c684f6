/* ringi-server-activity-op.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ringi-server-op.h"
#include "ringi-server.h"

G_BEGIN_DECLS

typedef struct _RingiActivityOp RingiActivityOp;

RingiActivityOp *ringi_activity_op_new (RingiServer *server,
                                        const RingiUser *caller,
                                        JsonObject *op,
                                        gint64 now,
                                        RingiOpRefusal **out_refusal);
void ringi_activity_op_free (RingiActivityOp *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RingiActivityOp, ringi_activity_op_free)

gboolean ringi_activity_op_apply (RingiActivityOp *self,
                                  gint64 now,
                                  GError **error);

G_END_DECLS
