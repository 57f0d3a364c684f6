/* ringi-server-op.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ringi-verifier.h"
#include "ringi-workflow.h"

G_BEGIN_DECLS

/**
 * RingiOpRefusal:
 * @code: the stable code of docs/api.md, e.g. "not-your-turn"
 * @message: why, for people
 *
 * Why the server refuses a client operation. A refusal is the op's
 * result, stored and given again for the same op id; it is not an error
 * of the server.
 */
typedef struct
{
  char *code;
  char *message;
} RingiOpRefusal;

RingiOpRefusal *ringi_op_refusal_new (const char *code,
                                      const char *format,
                                      ...) G_GNUC_PRINTF (2, 3);
RingiOpRefusal *ringi_op_refusal_new_from_error (const GError *error);
void ringi_op_refusal_free (RingiOpRefusal *refusal);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RingiOpRefusal, ringi_op_refusal_free)

const char *ringi_op_workflow_code (const GError *error);
RingiOpRefusal *ringi_op_refusal_for_stamp (const RingiStampResult *result,
                                            RingiWorkflow *workflow,
                                            RingiStamp *stamp);
void ringi_op_workflow_event_init (RingiWorkflowEvent *event,
                                   RingiStamp *stamp,
                                   RingiRoute **out_route);

GBytes *ringi_op_build_receipt (const char *stamp_sha256,
                                guint position,
                                gint64 server_time,
                                const char *server_key);

JsonNode *ringi_op_result_applied (const char *id,
                                   GBytes *receipt,
                                   GBytes *receipt_signature);
JsonNode *ringi_op_result_refused (const char *id,
                                   const RingiOpRefusal *refusal);

G_END_DECLS
