/* ringi-server-op.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-server"

#include "config.h"

#include <string.h>

#include "ringi-api.h"
#include "ringi-server-json.h"
#include "ringi-server-op.h"

/* What the kinds of op share: refusals and their codes, receipts, and
 * the result objects of POST /ops (docs/api.md "Operations"). */

/**
 * ringi_op_refusal_new:
 * @code: the stable code
 * @format: the message for people, printf-style
 * @...: its arguments
 *
 * Returns: (transfer full): a refusal
 */
RingiOpRefusal *
ringi_op_refusal_new (const char *code,
                      const char *format,
                      ...)
{
  RingiOpRefusal *refusal = g_new0 (RingiOpRefusal, 1);
  va_list args;

  va_start (args, format);
  refusal->code = g_strdup (code);
  refusal->message = g_strdup_vprintf (format, args);
  va_end (args);
  return refusal;
}

/**
 * ringi_op_refusal_new_from_error:
 * @error: an error of %RINGI_API_ERROR, such as `invalid-request`
 *
 * Returns: (transfer full): the refusal with @error's code and message
 */
RingiOpRefusal *
ringi_op_refusal_new_from_error (const GError *error)
{
  g_return_val_if_fail (error != NULL && error->domain == RINGI_API_ERROR, NULL);

  return ringi_op_refusal_new (ringi_api_error_get_code (error->code), "%s", error->message);
}

void
ringi_op_refusal_free (RingiOpRefusal *refusal)
{
  if (refusal == NULL)
    return;

  g_free (refusal->code);
  g_free (refusal->message);
  g_free (refusal);
}

static const char *const workflow_codes[] = {
  [RINGI_WORKFLOW_ERROR_NOT_SUBMITTED] = "not-submitted",
  [RINGI_WORKFLOW_ERROR_ALREADY_SUBMITTED] = "already-submitted",
  [RINGI_WORKFLOW_ERROR_FINISHED] = "finished",
  [RINGI_WORKFLOW_ERROR_NOT_APPLICANT] = "not-applicant",
  [RINGI_WORKFLOW_ERROR_NOT_ON_ROUTE] = "not-on-route",
  [RINGI_WORKFLOW_ERROR_NOT_YOUR_TURN] = "not-your-turn",
  [RINGI_WORKFLOW_ERROR_WRONG_STEP] = "wrong-step",
  [RINGI_WORKFLOW_ERROR_ALREADY_ACTED] = "already-acted",
  [RINGI_WORKFLOW_ERROR_COMMENT_REQUIRED] = "comment-required",
  [RINGI_WORKFLOW_ERROR_INVALID_TO_STEP] = "invalid-to-step",
  [RINGI_WORKFLOW_ERROR_TOO_LATE] = "too-late",
  [RINGI_WORKFLOW_ERROR_NOT_RETURNED] = "not-returned",
  [RINGI_WORKFLOW_ERROR_ROUTE_REQUIRED] = "route-required",
  [RINGI_WORKFLOW_ERROR_NOT_ALLOWED] = "not-allowed",
};

/**
 * ringi_op_workflow_code:
 * @error: a refusal of the approval state machine
 *
 * Returns: its stable code for clients, e.g. "not-your-turn"
 */
const char *
ringi_op_workflow_code (const GError *error)
{
  g_return_val_if_fail (error != NULL, "not-allowed");

  if (error->domain != RINGI_WORKFLOW_ERROR || (guint) error->code >= G_N_ELEMENTS (workflow_codes) ||
      workflow_codes[error->code] == NULL)
    return "not-allowed";

  return workflow_codes[error->code];
}

/**
 * ringi_op_workflow_event_init:
 * @event: the event to fill
 * @stamp: a stamp record
 * @out_route: (out) (transfer full): the route @event points to, for the
 *   caller to free after use; %NULL without one
 *
 * Reads a stamp as the state machine sees it, as the verifier does.
 */
void
ringi_op_workflow_event_init (RingiWorkflowEvent *event,
                              RingiStamp *stamp,
                              RingiRoute **out_route)
{
  const char *route = ringi_stamp_get_route (stamp);

  /* The stamp parser has already refused routes that do not parse. */
  *out_route = route != NULL ? ringi_route_parse (route, NULL) : NULL;
  *event = (RingiWorkflowEvent){
    .action = ringi_stamp_get_action (stamp),
    .step = ringi_stamp_get_step (stamp),
    .to_step = ringi_stamp_get_to_step (stamp),
    .signer = ringi_stamp_get_signer (stamp),
    .on_behalf_of = ringi_stamp_get_on_behalf_of (stamp),
    .route = *out_route,
    .has_comment = ringi_stamp_get_comment_sha256 (stamp) != NULL,
  };
}

/**
 * ringi_op_refusal_for_stamp:
 * @result: the verifier's verdict on a new stamp, not valid
 * @workflow: the request's state machine as the stamps before it left it
 * @stamp: (nullable): the stamp, when it could be read
 *
 * The code is the verifier's word ("bad-signature", "key-not-bound"…);
 * a stamp the approval state machine refuses gets the machine's more
 * precise code instead of "not-allowed" ("not-your-turn"…).
 *
 * Returns: (transfer full): the refusal
 */
RingiOpRefusal *
ringi_op_refusal_for_stamp (const RingiStampResult *result,
                            RingiWorkflow *workflow,
                            RingiStamp *stamp)
{
  g_autoptr(RingiRoute) route = NULL;
  g_autoptr(GError) error = NULL;
  RingiWorkflowEvent event;

  g_return_val_if_fail (result != NULL && result->status != RINGI_STAMP_VALID, NULL);

  if (result->status != RINGI_STAMP_NOT_ALLOWED || stamp == NULL)
    return ringi_op_refusal_new (ringi_stamp_status_to_string (result->status), "%s", result->explanation);

  ringi_op_workflow_event_init (&event, stamp, &route);
  if (ringi_workflow_check (workflow, &event, &error))
    return ringi_op_refusal_new ("not-allowed", "%s", result->explanation);

  return ringi_op_refusal_new (ringi_op_workflow_code (error), "%s", result->explanation);
}

/**
 * ringi_op_build_receipt:
 * @stamp_sha256: the accepted stamp record's sha256
 * @position: its place in its request's chain, from 1
 * @server_time: when the server accepted it
 * @server_key: the fingerprint of the key that signs the receipt
 *
 * Writes a receipt record (docs/api.md "Receipts") in the stamp record's
 * encoding: one `Key: value` line each, LF endings.
 *
 * Returns: (transfer full): the record's bytes, to be signed
 */
GBytes *
ringi_op_build_receipt (const char *stamp_sha256,
                        guint position,
                        gint64 server_time,
                        const char *server_key)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (server_time);
  g_autofree char *when = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S+00:00");
  char *text;

  g_return_val_if_fail (stamp_sha256 != NULL && server_key != NULL, NULL);

  text = g_strdup_printf ("Ringi-Receipt: 1\n"
                          "Stamp-SHA256: %s\n"
                          "Sequence: %u\n"
                          "Server-Time: %s\n"
                          "Server-Key: %s\n",
                          stamp_sha256, position, when, server_key);
  return g_bytes_new_take (text, strlen (text));
}

/**
 * ringi_op_result_applied:
 * @id: the op's id
 * @receipt: (nullable): the receipt of the op's stamp
 * @receipt_signature: (nullable): its signature
 *
 * Returns: (transfer full): `{"id", "status": "applied", "receipt"?}`
 */
JsonNode *
ringi_op_result_applied (const char *id,
                         GBytes *receipt,
                         GBytes *receipt_signature)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  ringi_server_json_add_nullable_string (builder, "id", id);
  ringi_server_json_add_nullable_string (builder, "status", "applied");
  if (receipt != NULL)
    ringi_server_json_add_signed (builder, "receipt", receipt, receipt_signature);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/**
 * ringi_op_result_refused:
 * @id: (nullable): the op's id, %NULL when it had none
 * @refusal: why
 *
 * Returns: (transfer full): `{"id", "status": "refused", "error": {"code", "message"}}`
 */
JsonNode *
ringi_op_result_refused (const char *id,
                         const RingiOpRefusal *refusal)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  ringi_server_json_add_nullable_string (builder, "id", id);
  ringi_server_json_add_nullable_string (builder, "status", "refused");
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  ringi_server_json_add_nullable_string (builder, "code", refusal->code);
  ringi_server_json_add_nullable_string (builder, "message", refusal->message);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
