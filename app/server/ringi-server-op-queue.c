/* ringi-server-op-queue.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ringi-api.h"
#include "ringi-server-activity-op.h"
#include "ringi-server-close-op.h"
#include "ringi-server-delegate-op.h"
#include "ringi-server-json.h"
#include "ringi-server-key.h"
#include "ringi-server-op-queue.h"
#include "ringi-server-punch-op.h"
#include "ringi-server-stamp-op.h"

/* Runs the batches of POST /ops, one op at a time for the whole server,
 * in the order they came: each op sees every op before it stored, so
 * two people stamping one request never race, and no op waits on
 * another op's gpg in a lock. The slow steps (checking signatures,
 * signing receipts) run in worker threads; the main loop serves other
 * requests meanwhile.
 *
 * Each op is applied exactly once: its id, its caller and its result are
 * stored in the same transaction as its effect, and an id seen before
 * gets the stored result back without running again. Refusals are
 * stored the same way. A fault of the server (a gpg that cannot run, a
 * full disk) stores nothing and ends the batch with an error; the client
 * sends it again and gets the stored results of the ops done so far. */

#define STATUS_APPLIED 200
#define STATUS_REFUSED 422

struct _RingiOpQueue
{
  GObject parent_instance;

  RingiServer *server; /* owns the queue */
  GQueue waiting;      /* GTask, batches not started */
  GTask *running;
};

G_DEFINE_FINAL_TYPE (RingiOpQueue, ringi_op_queue, G_TYPE_OBJECT)

typedef struct
{
  RingiUser *caller;
  JsonArray *ops;
  JsonBuilder *results;
  guint index;

  /* the op in progress */
  char *op_id;
  RingiStampOp *stamp_op;
  RingiDelegateOp *delegate_op;
  RingiPunchOp *punch_op;
  RingiCloseOp *close_op;
  RingiActivityOp *activity_op;
  GBytes *receipt;
  GBytes *punch_receipt; /* of the punch a correction's decision adds */
  GBytes *punch_receipt_signature;
  gint64 now;
} Batch;

static void
batch_clear_op (Batch *batch)
{
  g_clear_pointer (&batch->op_id, g_free);
  g_clear_pointer (&batch->stamp_op, ringi_stamp_op_free);
  g_clear_pointer (&batch->delegate_op, ringi_delegate_op_free);
  g_clear_pointer (&batch->punch_op, ringi_punch_op_free);
  g_clear_pointer (&batch->close_op, ringi_close_op_free);
  g_clear_pointer (&batch->activity_op, ringi_activity_op_free);
  g_clear_pointer (&batch->receipt, g_bytes_unref);
  g_clear_pointer (&batch->punch_receipt, g_bytes_unref);
  g_clear_pointer (&batch->punch_receipt_signature, g_bytes_unref);
}

static void
batch_free (Batch *batch)
{
  batch_clear_op (batch);
  g_clear_pointer (&batch->caller, ringi_user_free);
  g_clear_pointer (&batch->ops, json_array_unref);
  g_clear_object (&batch->results);
  g_free (batch);
}

static void
ringi_op_queue_dispose (GObject *object)
{
  RingiOpQueue *self = (RingiOpQueue *) object;

  /* The server waits for every request in flight before it goes. */
  g_assert (self->running == NULL && g_queue_is_empty (&self->waiting));

  G_OBJECT_CLASS (ringi_op_queue_parent_class)->dispose (object);
}

static void
ringi_op_queue_class_init (RingiOpQueueClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ringi_op_queue_dispose;
}

static void
ringi_op_queue_init (RingiOpQueue *self)
{
  g_queue_init (&self->waiting);
}

/**
 * ringi_op_queue_new:
 * @server: the server, which owns the queue and outlives it
 *
 * Returns: (transfer full): an idle queue
 */
RingiOpQueue *
ringi_op_queue_new (RingiServer *server)
{
  RingiOpQueue *self;

  g_return_val_if_fail (RINGI_IS_SERVER (server), NULL);

  self = g_object_new (RINGI_TYPE_OP_QUEUE, NULL);
  self->server = server;
  return self;
}

static void run_next_op (RingiOpQueue *self);

static RingiServerStorage *
storage_of (RingiOpQueue *self)
{
  return ringi_server_get_storage (self->server);
}

static Batch *
current_batch (RingiOpQueue *self)
{
  return g_task_get_task_data (self->running);
}

static void
start_next_batch (RingiOpQueue *self)
{
  if (self->running != NULL || g_queue_is_empty (&self->waiting))
    return;

  self->running = g_queue_pop_head (&self->waiting);
  run_next_op (self);
}

static void
finish_batch (RingiOpQueue *self,
              GError *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->running);
  Batch *batch = g_task_get_task_data (task);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    {
      json_builder_end_array (batch->results);
      json_builder_end_object (batch->results);
      g_task_return_pointer (task, json_builder_get_root (batch->results), (GDestroyNotify) json_node_unref);
    }

  start_next_batch (self);
}

static void
add_result (Batch *batch,
            JsonNode *result)
{
  json_builder_add_value (batch->results, result);
}

/* An op without a usable id cannot be stored; it is refused in place. */
static void
refuse_unstored (RingiOpQueue *self,
                 const char *id,
                 RingiOpRefusal *refusal)
{
  Batch *batch = current_batch (self);

  add_result (batch, ringi_op_result_refused (id, refusal));
  ringi_op_refusal_free (refusal);
  batch->index++;
  run_next_op (self);
}

static void
store_result (RingiOpQueue *self,
              guint status,
              JsonNode *result,
              GError **error)
{
  Batch *batch = current_batch (self);
  g_autofree char *text = ringi_server_json_to_text (result);

  ringi_server_storage_record_op (storage_of (self), batch->op_id, batch->caller->login, status, text,
                                  ringi_server_get_now (self->server), error);
}

static void
next_op (RingiOpQueue *self,
         JsonNode *result)
{
  Batch *batch = current_batch (self);

  add_result (batch, result);
  batch_clear_op (batch);
  batch->index++;
  run_next_op (self);
}

static void
refuse (RingiOpQueue *self,
        RingiOpRefusal *refusal)
{
  g_autoptr(RingiOpRefusal) owned = refusal;
  g_autoptr(GError) error = NULL;
  JsonNode *result = ringi_op_result_refused (current_batch (self)->op_id, refusal);

  store_result (self, STATUS_REFUSED, result, &error);
  if (error != NULL)
    {
      json_node_unref (result);
      finish_batch (self, g_steal_pointer (&error));
      return;
    }

  next_op (self, result);
}

static void
fail (RingiOpQueue *self,
      GError *error)
{
  g_message ("An op of %s could not be run: %s", current_batch (self)->caller->login, error->message);
  finish_batch (self, error);
}

static gboolean
apply_op (Batch *batch,
          GBytes *receipt_signature,
          GError **error)
{
  if (batch->stamp_op != NULL)
    {
      RingiPunchOp *approved = ringi_stamp_op_get_approved_punch (batch->stamp_op);

      return ringi_stamp_op_apply (batch->stamp_op, batch->receipt, receipt_signature, batch->now, error) &&
             (approved == NULL ||
              ringi_punch_op_apply (approved, batch->punch_receipt, batch->punch_receipt_signature, error));
    }
  if (batch->punch_op != NULL)
    return ringi_punch_op_apply (batch->punch_op, batch->receipt, receipt_signature, error);
  if (batch->close_op != NULL)
    return ringi_close_op_apply (batch->close_op, batch->now, error);
  if (batch->activity_op != NULL)
    return ringi_activity_op_apply (batch->activity_op, batch->now, error);
  return ringi_delegate_op_apply (batch->delegate_op, batch->now, error);
}

/* Stores the op's result and effect in one transaction. */
static void
commit (RingiOpQueue *self,
        GBytes *receipt_signature)
{
  Batch *batch = current_batch (self);
  RingiServerStorage *storage = storage_of (self);
  g_autoptr(GError) error = NULL;
  JsonNode *result = ringi_op_result_applied (batch->op_id, batch->receipt, receipt_signature);
  gboolean ok;

  ok = ringi_server_storage_begin (storage, &error);
  if (ok)
    {
      store_result (self, STATUS_APPLIED, result, &error);
      ok = error == NULL &&
           apply_op (batch, receipt_signature, &error) &&
           ringi_server_storage_commit (storage, &error);
      if (!ok)
        ringi_server_storage_rollback (storage);
    }

  if (ok)
    {
      ringi_server_changes_committed (self->server);
      next_op (self, result);
      return;
    }

  json_node_unref (result);
  /* Another op got there first: a stamp after the chain's end moved, a
   * delegation id or a punch taken. They are the client's to see, not
   * faults. */
  if (g_error_matches (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_CHAIN))
    refuse (self, ringi_op_refusal_new ("chain-broken", "%s", error->message));
  else if (g_error_matches (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_EXISTS))
    refuse (self, ringi_op_refusal_new (current_batch (self)->punch_op ? "duplicate-punch" : "conflict", "%s", error->message));
  else
    fail (self, g_steal_pointer (&error));
}

static void
on_receipt_signed (GObject *source,
                   GAsyncResult *result,
                   gpointer user_data)
{
  RingiOpQueue *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) signature = ringi_server_key_sign_finish (ringi_server_get_receipt_key (self->server),
                                                               result, &error);

  if (signature == NULL)
    fail (self, g_steal_pointer (&error));
  else
    commit (self, signature);
}

static void
sign_stamp_receipt (RingiOpQueue *self)
{
  Batch *batch = current_batch (self);

  batch->receipt = ringi_stamp_op_build_receipt (batch->stamp_op, batch->now);
  ringi_server_key_sign_async (ringi_server_get_receipt_key (self->server), batch->receipt, NULL,
                               on_receipt_signed, self);
}

static void
on_punch_receipt_signed (GObject *source,
                         GAsyncResult *result,
                         gpointer user_data)
{
  RingiOpQueue *self = user_data;
  Batch *batch = current_batch (self);
  g_autoptr(GError) error = NULL;

  batch->punch_receipt_signature = ringi_server_key_sign_finish (ringi_server_get_receipt_key (self->server),
                                                                 result, &error);
  if (batch->punch_receipt_signature == NULL)
    fail (self, g_steal_pointer (&error));
  else
    sign_stamp_receipt (self);
}

/* A stamp that decides a correction request brings its punch in, with
 * a receipt of its own, as a punch op would. */
static void
sign_receipts (RingiOpQueue *self)
{
  Batch *batch = current_batch (self);
  RingiPunchOp *approved = ringi_stamp_op_get_approved_punch (batch->stamp_op);

  batch->now = ringi_server_get_now (self->server);
  if (approved == NULL)
    {
      sign_stamp_receipt (self);
      return;
    }

  batch->punch_receipt = ringi_punch_op_build_receipt (approved, batch->now);
  ringi_server_key_sign_async (ringi_server_get_receipt_key (self->server), batch->punch_receipt, NULL,
                               on_punch_receipt_signed, self);
}

static void
on_correction_verified (GObject *source,
                        GAsyncResult *result,
                        gpointer user_data)
{
  RingiOpQueue *self = user_data;
  Batch *batch = current_batch (self);
  RingiOpRefusal *refusal = NULL;
  g_autoptr(GError) error = NULL;

  if (!ringi_punch_op_verify_finish (ringi_stamp_op_get_correction (batch->stamp_op), result, &refusal, &error))
    {
      if (refusal != NULL)
        refuse (self, refusal);
      else
        fail (self, g_steal_pointer (&error));
      return;
    }

  sign_receipts (self);
}

static void
on_stamp_verified (GObject *source,
                   GAsyncResult *result,
                   gpointer user_data)
{
  RingiOpQueue *self = user_data;
  Batch *batch = current_batch (self);
  RingiPunchOp *correction = ringi_stamp_op_get_correction (batch->stamp_op);
  RingiOpRefusal *refusal = NULL;
  g_autoptr(GError) error = NULL;

  if (!ringi_stamp_op_verify_finish (batch->stamp_op, result, &refusal, &error))
    {
      if (refusal != NULL)
        refuse (self, refusal);
      else
        fail (self, g_steal_pointer (&error));
      return;
    }

  if (correction != NULL)
    ringi_punch_op_verify_async (correction, NULL, on_correction_verified, self);
  else
    sign_receipts (self);
}

static void
on_punch_verified (GObject *source,
                   GAsyncResult *result,
                   gpointer user_data)
{
  RingiOpQueue *self = user_data;
  Batch *batch = current_batch (self);
  RingiOpRefusal *refusal = NULL;
  g_autoptr(GError) error = NULL;

  if (!ringi_punch_op_verify_finish (batch->punch_op, result, &refusal, &error))
    {
      if (refusal != NULL)
        refuse (self, refusal);
      else
        fail (self, g_steal_pointer (&error));
      return;
    }

  batch->now = ringi_server_get_now (self->server);
  batch->receipt = ringi_punch_op_build_receipt (batch->punch_op, batch->now);
  ringi_server_key_sign_async (ringi_server_get_receipt_key (self->server), batch->receipt, NULL,
                               on_receipt_signed, self);
}

static void
on_close_verified (GObject *source,
                   GAsyncResult *result,
                   gpointer user_data)
{
  RingiOpQueue *self = user_data;
  Batch *batch = current_batch (self);
  RingiOpRefusal *refusal = NULL;
  g_autoptr(GError) error = NULL;

  if (!ringi_close_op_verify_finish (batch->close_op, result, &refusal, &error))
    {
      if (refusal != NULL)
        refuse (self, refusal);
      else
        fail (self, g_steal_pointer (&error));
      return;
    }

  batch->now = ringi_server_get_now (self->server);
  commit (self, NULL);
}

static void
on_delegation_verified (GObject *source,
                        GAsyncResult *result,
                        gpointer user_data)
{
  RingiOpQueue *self = user_data;
  Batch *batch = current_batch (self);
  RingiOpRefusal *refusal = NULL;
  g_autoptr(GError) error = NULL;

  if (!ringi_delegate_op_verify_finish (batch->delegate_op, result, &refusal, &error))
    {
      if (refusal != NULL)
        refuse (self, refusal);
      else
        fail (self, g_steal_pointer (&error));
      return;
    }

  batch->now = ringi_server_get_now (self->server);
  commit (self, NULL);
}

static void
start_op (RingiOpQueue *self,
          JsonObject *op)
{
  Batch *batch = current_batch (self);
  const char *type = NULL;
  RingiOpRefusal *refusal = NULL;
  g_autoptr(GError) error = NULL;

  ringi_server_json_get_optional_string (op, "type", &type, NULL);
  if (type == NULL)
    refusal = ringi_op_refusal_new ("invalid-request", _("“type” must be create-request, stamp, delegate, punch, close-month or activity"));
  else if (g_str_equal (type, "create-request") || g_str_equal (type, "stamp"))
    batch->stamp_op = ringi_stamp_op_new (self->server, batch->caller, op, g_str_equal (type, "create-request"),
                                          &refusal, &error);
  else if (g_str_equal (type, "delegate"))
    batch->delegate_op = ringi_delegate_op_new (self->server, batch->caller, op, &refusal, &error);
  else if (g_str_equal (type, "punch"))
    batch->punch_op = ringi_punch_op_new (self->server, batch->caller, op, &refusal, &error);
  else if (g_str_equal (type, "close-month"))
    batch->close_op = ringi_close_op_new (self->server, batch->caller, op, &refusal, &error);
  else if (g_str_equal (type, "activity"))
    {
      batch->now = ringi_server_get_now (self->server);
      batch->activity_op = ringi_activity_op_new (self->server, batch->caller, op, batch->now, &refusal);
    }
  else
    refusal = ringi_op_refusal_new ("invalid-request", _("“type” must be create-request, stamp, delegate, punch, close-month or activity"));

  if (refusal != NULL)
    refuse (self, refusal);
  else if (error != NULL)
    fail (self, g_steal_pointer (&error));
  else if (batch->stamp_op != NULL)
    ringi_stamp_op_verify_async (batch->stamp_op, NULL, on_stamp_verified, self);
  else if (batch->punch_op != NULL)
    ringi_punch_op_verify_async (batch->punch_op, NULL, on_punch_verified, self);
  else if (batch->close_op != NULL)
    ringi_close_op_verify_async (batch->close_op, NULL, on_close_verified, self);
  else if (batch->activity_op != NULL)
    commit (self, NULL); /* a machine record: nothing is signed */
  else
    ringi_delegate_op_verify_async (batch->delegate_op, NULL, on_delegation_verified, self);
}

/* Returns FALSE when the op was answered from the store, or refused. */
static gboolean
check_new_op (RingiOpQueue *self,
              JsonObject *op)
{
  Batch *batch = current_batch (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = NULL;
  g_autoptr(JsonParser) parser = NULL;
  const char *id = NULL;

  ringi_server_json_get_optional_string (op, "id", &id, NULL);
  if (id == NULL || !g_uuid_string_is_valid (id))
    {
      refuse_unstored (self, id, ringi_op_refusal_new ("invalid-request", _("Each op needs an “id”, a UUID")));
      return FALSE;
    }

  if (ringi_server_storage_lookup_op (storage_of (self), id, batch->caller->login, NULL, &stored, &error))
    {
      parser = json_parser_new_immutable ();
      if (!json_parser_load_from_data (parser, stored, -1, &error))
        fail (self, g_steal_pointer (&error));
      else
        {
          add_result (batch, json_node_ref (json_parser_get_root (parser)));
          batch->index++;
          run_next_op (self);
        }
      return FALSE;
    }

  if (g_error_matches (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_EXISTS))
    refuse_unstored (self, id, ringi_op_refusal_new ("conflict", _("The op id %s is taken; make a new one"), id));
  else if (!g_error_matches (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND))
    fail (self, g_steal_pointer (&error));
  else
    {
      batch->op_id = g_strdup (id);
      return TRUE;
    }

  return FALSE;
}

static void
run_next_op (RingiOpQueue *self)
{
  Batch *batch = current_batch (self);
  JsonNode *node;

  if (batch->index == json_array_get_length (batch->ops))
    {
      finish_batch (self, NULL);
      return;
    }

  node = json_array_get_element (batch->ops, batch->index);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    refuse_unstored (self, NULL, ringi_op_refusal_new ("invalid-request", _("Each op must be a JSON object")));
  else if (check_new_op (self, json_node_get_object (node)))
    start_op (self, json_node_get_object (node));
}

/**
 * ringi_op_queue_run_async:
 * @self: a #RingiOpQueue
 * @caller: who sent the ops, authenticated and allowed to act
 * @ops: the `ops` array of POST /ops
 * @callback: called with the results
 * @user_data: data for @callback
 *
 * Queues a batch behind those that came before it.
 */
void
ringi_op_queue_run_async (RingiOpQueue *self,
                          const RingiUser *caller,
                          JsonArray *ops,
                          GAsyncReadyCallback callback,
                          gpointer user_data)
{
  GTask *task;
  Batch *batch;

  g_return_if_fail (RINGI_IS_OP_QUEUE (self));
  g_return_if_fail (caller != NULL && ops != NULL);

  batch = g_new0 (Batch, 1);
  batch->caller = ringi_user_copy (caller);
  batch->ops = json_array_ref (ops);
  batch->results = json_builder_new ();
  json_builder_begin_object (batch->results);
  json_builder_set_member_name (batch->results, "results");
  json_builder_begin_array (batch->results);

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, ringi_op_queue_run_async);
  g_task_set_task_data (task, batch, (GDestroyNotify) batch_free);
  g_queue_push_tail (&self->waiting, task);
  start_next_batch (self);
}

/**
 * ringi_op_queue_run_finish:
 * @self: a #RingiOpQueue
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): `{"results": […]}`, one result per op in
 *   order, or %NULL with @error set on a fault of the server
 */
JsonNode *
ringi_op_queue_run_finish (RingiOpQueue *self,
                           GAsyncResult *result,
                           GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

guint
ringi_op_queue_get_n_pending (RingiOpQueue *self)
{
  g_return_val_if_fail (RINGI_IS_OP_QUEUE (self), 0);

  return g_queue_get_length (&self->waiting) + (self->running != NULL ? 1 : 0);
}
