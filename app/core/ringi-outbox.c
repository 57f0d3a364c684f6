/* ringi-outbox.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-outbox"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "ringi-attendance-rules.h"
#include "ringi-delegation.h"
#include "ringi-outbox.h"
#include "ringi-punch.h"
#include "ringi-record-private.h"
#include "ringi-stamp.h"

/* The outbox keeps what this profile did but the server has not accepted
 * yet: the op to send, and its local effect in pending tables beside the
 * append-only history. The history only ever receives what the server
 * accepted; a refused op is undone by deleting its pending rows. */
struct _RingiOutbox
{
  GObject parent_instance;

  RingiStore *store;
  RingiDb *db;
};

G_DEFINE_FINAL_TYPE (RingiOutbox, ringi_outbox, G_TYPE_OBJECT)

static void
ringi_outbox_dispose (GObject *object)
{
  RingiOutbox *self = (RingiOutbox *) object;

  g_clear_object (&self->store);
  self->db = NULL;

  G_OBJECT_CLASS (ringi_outbox_parent_class)->dispose (object);
}

static void
ringi_outbox_class_init (RingiOutboxClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ringi_outbox_dispose;
}

static void
ringi_outbox_init (RingiOutbox *self)
{
}

void
ringi_outbox_op_free (RingiOutboxOp *op)
{
  if (op == NULL)
    return;

  g_free (op->id);
  g_free (op->type);
  g_free (op->body);
  g_free (op->request_id);
  g_free (op->blob_sha256);
  g_free (op->created_at);
  g_free (op);
}

void
ringi_refusal_free (RingiRefusal *refusal)
{
  if (refusal == NULL)
    return;

  g_free (refusal->op_id);
  g_free (refusal->type);
  g_free (refusal->action);
  g_free (refusal->request_id);
  g_free (refusal->title);
  g_free (refusal->code);
  g_free (refusal->message);
  g_free (refusal->refused_at);
  g_free (refusal);
}

void
ringi_chain_stamp_free (RingiChainStamp *stamp)
{
  if (stamp == NULL)
    return;

  g_clear_pointer (&stamp->stamp.record, g_bytes_unref);
  g_clear_pointer (&stamp->stamp.signature, g_bytes_unref);
  g_free (stamp->stamp.sha256);
  g_free (stamp->comment);
  g_free (stamp);
}

/**
 * ringi_outbox_new:
 * @store: the profile store whose schema holds the outbox tables
 *
 * Returns: (transfer full): the outbox of @store
 */
RingiOutbox *
ringi_outbox_new (RingiStore *store)
{
  RingiOutbox *self;

  g_return_val_if_fail (RINGI_IS_STORE (store), NULL);

  self = g_object_new (RINGI_TYPE_OUTBOX, NULL);
  self->store = g_object_ref (store);
  self->db = ringi_store_get_db (store);
  return self;
}

/* Runs one statement with one text parameter, or none for %NULL. */
static gboolean
exec_with_text (RingiOutbox *self,
                const char *sql,
                const char *text,
                GError **error)
{
  sqlite3_stmt *stmt = ringi_db_prepare (self->db, sql, error);

  if (stmt == NULL)
    return FALSE;

  if (text != NULL)
    ringi_db_bind_text (stmt, 1, text);
  return ringi_db_step_done (self->db, stmt, error);
}

/* As in RingiStore: work joins a transaction the caller already holds. */
static gboolean
run_in_transaction (RingiOutbox *self,
                    gboolean (*func) (RingiOutbox *, gpointer, GError **),
                    gpointer data,
                    GError **error)
{
  if (!sqlite3_get_autocommit (ringi_db_get_handle (self->db)))
    return func (self, data, error);

  if (!ringi_db_begin (self->db, error))
    return FALSE;

  if (!func (self, data, error) || !ringi_db_commit (self->db, error))
    {
      ringi_db_rollback (self->db);
      return FALSE;
    }

  return TRUE;
}

static char *
now_rfc3339 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return ringi_record_format_time (now);
}

static void
set_invalid (GError **error,
             const char *message)
{
  g_set_error_literal (error, RINGI_STORE_ERROR, RINGI_STORE_ERROR_INVALID, message);
}

/* JSON of the ops, docs/api.md "Operations" */

static void
add_signed (JsonBuilder *builder,
            const char *member,
            GBytes *record,
            GBytes *signature,
            const char *comment)
{
  gsize size = 0;
  gconstpointer data = g_bytes_get_data (record, &size);
  g_autofree char *encoded = g_base64_encode (data, size);
  g_autofree char *armored = g_strndup (g_bytes_get_data (signature, NULL), g_bytes_get_size (signature));

  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "record");
  json_builder_add_string_value (builder, encoded);
  json_builder_set_member_name (builder, "signature");
  json_builder_add_string_value (builder, armored);
  if (comment != NULL)
    {
      json_builder_set_member_name (builder, "comment");
      json_builder_add_string_value (builder, comment);
    }
  json_builder_end_object (builder);
}

/* A punch's note travels as `note`, where a stamp's comment is `comment`. */
static void
add_signed_punch (JsonBuilder *builder,
                  const char *member,
                  GBytes *record,
                  GBytes *signature,
                  const char *note)
{
  gsize size = 0;
  gconstpointer data = g_bytes_get_data (record, &size);
  g_autofree char *encoded = g_base64_encode (data, size);
  g_autofree char *armored = g_strndup (g_bytes_get_data (signature, NULL), g_bytes_get_size (signature));

  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "record");
  json_builder_add_string_value (builder, encoded);
  json_builder_set_member_name (builder, "signature");
  json_builder_add_string_value (builder, armored);
  if (note != NULL)
    {
      json_builder_set_member_name (builder, "note");
      json_builder_add_string_value (builder, note);
    }
  json_builder_end_object (builder);
}

static void
add_string (JsonBuilder *builder,
            const char *member,
            const char *value)
{
  json_builder_set_member_name (builder, member);
  if (value == NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, value);
}

static void
add_request (JsonBuilder *builder,
             const RingiRequestInfo *info)
{
  json_builder_set_member_name (builder, "request");
  json_builder_begin_object (builder);
  add_string (builder, "id", info->id);
  add_string (builder, "title", info->title);
  add_string (builder, "category", info->category ? info->category : "");
  json_builder_set_member_name (builder, "amount");
  if (info->amount >= 0)
    json_builder_add_int_value (builder, info->amount);
  else
    json_builder_add_null_value (builder);
  add_string (builder, "counterparty", info->counterparty ? info->counterparty : "");
  add_string (builder, "transaction_date", info->transaction_date);
  add_string (builder, "applicant", info->applicant);
  add_string (builder, "created_at", info->created_at);
  json_builder_end_object (builder);
}

static char *
builder_to_text (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

static JsonBuilder *
begin_op (const char *id,
          const char *type)
{
  JsonBuilder *builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_string (builder, "id", id);
  add_string (builder, "type", type);
  return builder;
}

/* Reading the pending state */

static char *
dup_revision_sha256 (RingiOutbox *self,
                     const char *request_id,
                     guint revision,
                     GError **error)
{
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;
  char *sha256 = NULL;

  stmt = ringi_db_prepare (self->db,
                           "SELECT sha256 FROM revisions WHERE request_id = ?1 AND revision = ?2"
                           " UNION ALL SELECT sha256 FROM pending_revisions WHERE request_id = ?1 AND revision = ?2"
                           " LIMIT 1",
                           error);
  if (stmt == NULL)
    return NULL;

  ringi_db_bind_text (stmt, 1, request_id);
  sqlite3_bind_int64 (stmt, 2, revision);
  if (ringi_db_step_row (self->db, stmt, &local_error))
    {
      sha256 = ringi_db_column_dup_text (stmt, 0);
      sqlite3_reset (stmt);
      return sha256;
    }

  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    g_set_error (error, RINGI_STORE_ERROR, RINGI_STORE_ERROR_NOT_FOUND,
                 _("Revision %u of request %s is not stored on this computer"), revision, request_id);
  return NULL;
}

static char *
dup_comment (RingiOutbox *self,
             GBytes *record)
{
  g_autoptr(RingiStamp) stamp = ringi_stamp_parse (record, NULL);

  if (stamp == NULL || ringi_stamp_get_comment_sha256 (stamp) == NULL)
    return NULL;

  return ringi_store_get_comment (self->store, ringi_stamp_get_comment_sha256 (stamp), NULL);
}

static RingiChainStamp *
pending_stamp_from_row (sqlite3_stmt *stmt)
{
  RingiChainStamp *stamp = g_new0 (RingiChainStamp, 1);

  stamp->stamp.record = ringi_db_column_dup_bytes (stmt, 0);
  stamp->stamp.signature = ringi_db_column_dup_bytes (stmt, 1);
  stamp->stamp.sha256 = ringi_db_column_dup_text (stmt, 2);
  stamp->comment = ringi_db_column_dup_text (stmt, 3);
  stamp->pending = TRUE;
  return stamp;
}

static gboolean
append_pending_stamps (RingiOutbox *self,
                       const char *request_id,
                       GPtrArray *chain,
                       GError **error)
{
  g_autoptr(GPtrArray) pending = NULL;
  sqlite3_stmt *stmt;

  stmt = ringi_db_prepare (self->db,
                           "SELECT record, signature, sha256, comment FROM pending_stamps"
                           " WHERE request_id = ? ORDER BY position",
                           error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, request_id);
  pending = ringi_db_collect_rows (self->db, stmt, (RingiDbRowFunc) pending_stamp_from_row,
                                   (GDestroyNotify) ringi_chain_stamp_free, error);
  if (pending == NULL)
    return FALSE;

  /* pending stamps continue the accepted chain */
  for (guint i = 0; i < pending->len; i++)
    {
      RingiChainStamp *stamp = g_ptr_array_index (pending, i);

      stamp->stamp.seq = chain->len + i + 1;
    }
  g_ptr_array_extend_and_steal (chain, g_steal_pointer (&pending));
  return TRUE;
}

/**
 * ringi_outbox_list_chain:
 * @self: a #RingiOutbox
 * @request_id: the request
 * @error: return location for a #GError
 *
 * Lists a request's stamps as this profile sees them: the accepted
 * history, then the stamps still waiting for the server.
 *
 * Returns: (transfer container) (element-type RingiChainStamp): the
 *   stamps in chain order, or %NULL with @error set
 */
GPtrArray *
ringi_outbox_list_chain (RingiOutbox *self,
                         const char *request_id,
                         GError **error)
{
  g_autoptr(GPtrArray) chain = g_ptr_array_new_with_free_func ((GDestroyNotify) ringi_chain_stamp_free);
  g_autoptr(GPtrArray) stored = NULL;

  g_return_val_if_fail (RINGI_IS_OUTBOX (self), NULL);
  g_return_val_if_fail (request_id != NULL, NULL);

  stored = ringi_store_list_stamps (self->store, request_id, error);
  if (stored == NULL)
    return NULL;

  for (guint i = 0; i < stored->len; i++)
    {
      RingiStoredStamp *s = g_ptr_array_index (stored, i);
      RingiChainStamp *stamp = g_new0 (RingiChainStamp, 1);

      stamp->stamp.seq = s->seq;
      stamp->stamp.record = g_bytes_ref (s->record);
      stamp->stamp.signature = g_bytes_ref (s->signature);
      stamp->stamp.sha256 = g_strdup (s->sha256);
      stamp->comment = dup_comment (self, s->record);
      g_ptr_array_add (chain, stamp);
    }

  if (!append_pending_stamps (self, request_id, chain, error))
    return NULL;

  return g_steal_pointer (&chain);
}

static guint
count_with_text (RingiOutbox *self,
                 const char *sql,
                 const char *text,
                 GError **error)
{
  sqlite3_stmt *stmt = ringi_db_prepare (self->db, sql, error);
  guint n = 0;

  if (stmt == NULL)
    return 0;

  if (text != NULL)
    ringi_db_bind_text (stmt, 1, text);
  if (ringi_db_step_row (self->db, stmt, error))
    n = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

/**
 * ringi_outbox_get_n_revisions:
 * @self: a #RingiOutbox
 * @request_id: the request
 * @error: return location for a #GError
 *
 * Returns: the number of revisions, those waiting for the server
 *   included; 0 on error (with @error set)
 */
guint
ringi_outbox_get_n_revisions (RingiOutbox *self,
                              const char *request_id,
                              GError **error)
{
  g_return_val_if_fail (RINGI_IS_OUTBOX (self), 0);
  g_return_val_if_fail (request_id != NULL, 0);

  return count_with_text (self,
                          "SELECT (SELECT count(*) FROM revisions WHERE request_id = ?1)"
                          " + (SELECT count(*) FROM pending_revisions WHERE request_id = ?1)",
                          request_id, error);
}

/**
 * ringi_outbox_get_revision:
 * @self: a #RingiOutbox
 * @request_id: the request
 * @revision: the revision, from 1
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the revision's PDF bytes, accepted or still
 *   waiting for the server, or %NULL with @error set
 */
GBytes *
ringi_outbox_get_revision (RingiOutbox *self,
                           const char *request_id,
                           guint revision,
                           GError **error)
{
  g_autofree char *sha256 = NULL;

  g_return_val_if_fail (RINGI_IS_OUTBOX (self), NULL);
  g_return_val_if_fail (request_id != NULL, NULL);

  sha256 = dup_revision_sha256 (self, request_id, revision, error);
  if (sha256 == NULL)
    return NULL;

  return ringi_store_get_blob (self->store, sha256, error);
}

/**
 * ringi_outbox_is_request_pending:
 * @self: a #RingiOutbox
 * @request_id: the request
 *
 * Returns: %TRUE if something done here to the request still waits to be
 *   sent
 */
gboolean
ringi_outbox_is_request_pending (RingiOutbox *self,
                                 const char *request_id)
{
  g_return_val_if_fail (RINGI_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (request_id != NULL, FALSE);

  return count_with_text (self,
                          "SELECT count(*) FROM outbox WHERE request_id = ? AND state = 'queued'",
                          request_id, NULL) > 0;
}

static RingiStoredDelegation *
pending_delegation_from_row (sqlite3_stmt *stmt)
{
  RingiStoredDelegation *d = g_new0 (RingiStoredDelegation, 1);

  d->id = ringi_db_column_dup_text (stmt, 0);
  d->from_login = ringi_db_column_dup_text (stmt, 1);
  d->to_login = ringi_db_column_dup_text (stmt, 2);
  d->valid_from = ringi_db_column_dup_text (stmt, 3);
  d->valid_until = ringi_db_column_dup_text (stmt, 4);
  d->record = ringi_db_column_dup_bytes (stmt, 5);
  d->signature = ringi_db_column_dup_bytes (stmt, 6);
  return d;
}

/**
 * ringi_outbox_list_delegations:
 * @self: a #RingiOutbox
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type RingiStoredDelegation): the
 *   accepted delegations, then those waiting for the server, or %NULL
 *   with @error set
 */
GPtrArray *
ringi_outbox_list_delegations (RingiOutbox *self,
                               GError **error)
{
  g_autoptr(GPtrArray) delegations = NULL;
  GPtrArray *pending;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RINGI_IS_OUTBOX (self), NULL);

  delegations = ringi_store_list_delegations (self->store, error);
  if (delegations == NULL)
    return NULL;

  stmt = ringi_db_prepare (self->db,
                           "SELECT id, from_login, to_login, valid_from, valid_until, record, signature"
                           " FROM pending_delegations ORDER BY valid_from, id",
                           error);
  if (stmt == NULL)
    return NULL;

  pending = ringi_db_collect_rows (self->db, stmt, (RingiDbRowFunc) pending_delegation_from_row,
                                   (GDestroyNotify) ringi_stored_delegation_free, error);
  if (pending == NULL)
    return NULL;

  g_ptr_array_extend_and_steal (delegations, pending);
  return g_steal_pointer (&delegations);
}

/* Queueing */

static gboolean
insert_op (RingiOutbox *self,
           const char *id,
           const char *type,
           const char *body,
           const char *request_id,
           const char *blob_sha256,
           GError **error)
{
  g_autofree char *now = now_rfc3339 ();
  sqlite3_stmt *stmt;

  stmt = ringi_db_prepare (self->db,
                           "INSERT INTO outbox (id, type, body, request_id, blob_sha256, created_at)"
                           " VALUES (?, ?, ?, ?, ?, ?)",
                           error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, id);
  ringi_db_bind_text (stmt, 2, type);
  ringi_db_bind_text (stmt, 3, body);
  ringi_db_bind_text (stmt, 4, request_id);
  ringi_db_bind_text (stmt, 5, blob_sha256);
  ringi_db_bind_text (stmt, 6, now);
  return ringi_db_step_done (self->db, stmt, error);
}

static gboolean
insert_pending_request (RingiOutbox *self,
                        const char *request_id,
                        const char *op_id,
                        GError **error)
{
  sqlite3_stmt *stmt;

  stmt = ringi_db_prepare (self->db, "INSERT INTO pending_requests (request_id, op_id) VALUES (?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, request_id);
  ringi_db_bind_text (stmt, 2, op_id);
  return ringi_db_step_done (self->db, stmt, error);
}

static gboolean
insert_pending_revision (RingiOutbox *self,
                         const char *request_id,
                         guint revision,
                         const char *sha256,
                         const char *op_id,
                         GError **error)
{
  sqlite3_stmt *stmt;

  stmt = ringi_db_prepare (self->db,
                           "INSERT INTO pending_revisions (request_id, revision, sha256, op_id)"
                           " VALUES (?, ?, ?, ?)",
                           error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, request_id);
  sqlite3_bind_int64 (stmt, 2, revision);
  ringi_db_bind_text (stmt, 3, sha256);
  ringi_db_bind_text (stmt, 4, op_id);
  return ringi_db_step_done (self->db, stmt, error);
}

static gboolean
insert_pending_stamp (RingiOutbox *self,
                      RingiStamp *stamp,
                      GBytes *signature,
                      const char *comment,
                      const char *op_id,
                      GError **error)
{
  g_autoptr(GBytes) record = ringi_stamp_to_bytes (stamp);
  g_autofree char *sha256 = ringi_stamp_dup_sha256 (stamp);
  sqlite3_stmt *stmt;

  stmt = ringi_db_prepare (self->db,
                           "INSERT INTO pending_stamps (request_id, op_id, record, signature, sha256, comment)"
                           " VALUES (?, ?, ?, ?, ?, ?)",
                           error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, ringi_stamp_get_document (stamp));
  ringi_db_bind_text (stmt, 2, op_id);
  ringi_db_bind_bytes (stmt, 3, record);
  ringi_db_bind_bytes (stmt, 4, signature);
  ringi_db_bind_text (stmt, 5, sha256);
  ringi_db_bind_text (stmt, 6, comment);
  return ringi_db_step_done (self->db, stmt, error);
}

/* The stamp must continue the chain as this profile sees it: someone
 * else's stamp may have arrived since it was made. */
static gboolean
check_chain_end (RingiOutbox *self,
                 RingiStamp *stamp,
                 GError **error)
{
  g_autoptr(GPtrArray) chain = ringi_outbox_list_chain (self, ringi_stamp_get_document (stamp), error);
  const char *last = NULL;

  if (chain == NULL)
    return FALSE;

  if (chain->len > 0)
    last = ((RingiChainStamp *) g_ptr_array_index (chain, chain->len - 1))->stamp.sha256;

  if (g_strcmp0 (last, ringi_stamp_get_previous (stamp)) != 0)
    {
      g_set_error (error, RINGI_STORE_ERROR, RINGI_STORE_ERROR_CHAIN,
                   _("Request %s changed while the stamp was being made; look at it again"),
                   ringi_stamp_get_document (stamp));
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_comment (RingiStamp *stamp,
               const char *comment,
               GError **error)
{
  g_autofree char *sha256 = comment ? ringi_stamp_hash_comment (comment) : NULL;

  if (g_strcmp0 (sha256, ringi_stamp_get_comment_sha256 (stamp)) != 0)
    {
      set_invalid (error, _("The comment is not the one the stamp was signed with"));
      return FALSE;
    }

  return TRUE;
}

typedef struct
{
  const RingiRequestInfo *info;
  GBytes *pdf;
  RingiStamp *stamp;
  GBytes *signature;
  const char *comment;
  char *op_id;
  /* the punch a correction request carries */
  GBytes *punch_record;
  GBytes *punch_signature;
  const char *punch_note;
} QueueData;

static void
queue_data_clear (QueueData *q)
{
  g_clear_pointer (&q->stamp, ringi_stamp_unref);
  g_clear_pointer (&q->op_id, g_free);
}

static gboolean
queue_submit_locked (RingiOutbox *self,
                     gpointer data,
                     GError **error)
{
  QueueData *q = data;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *body = NULL;
  g_autofree char *sha256 = NULL;
  const char *id = q->info->id;

  if (!ringi_store_add_request (self->store, q->info, error))
    return FALSE;

  sha256 = ringi_store_put_blob (self->store, q->pdf, error);
  if (sha256 == NULL)
    return FALSE;

  builder = begin_op (q->op_id, "create-request");
  add_request (builder, q->info);
  add_string (builder, "revision_sha256", sha256);
  {
    g_autoptr(GBytes) record = ringi_stamp_to_bytes (q->stamp);
    add_signed (builder, "stamp", record, q->signature, q->comment);
  }
  if (q->punch_record != NULL)
    add_signed_punch (builder, "correction", q->punch_record, q->punch_signature, q->punch_note);
  json_builder_end_object (builder);
  body = builder_to_text (builder);

  return insert_op (self, q->op_id, "create-request", body, id, sha256, error) &&
         insert_pending_request (self, id, q->op_id, error) &&
         insert_pending_revision (self, id, 1, sha256, q->op_id, error) &&
         insert_pending_stamp (self, q->stamp, q->signature, q->comment, q->op_id, error);
}

static gboolean
check_submit (const QueueData *q,
              GError **error)
{
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, q->pdf);
  RingiStamp *stamp = q->stamp;

  if (ringi_stamp_get_action (stamp) != RINGI_ACTION_SUBMIT ||
      g_strcmp0 (ringi_stamp_get_document (stamp), q->info->id) != 0 ||
      ringi_stamp_get_revision (stamp) != 1 ||
      ringi_stamp_get_previous (stamp) != NULL ||
      g_strcmp0 (ringi_stamp_get_signer (stamp), q->info->applicant) != 0)
    {
      set_invalid (error, _("The stamp is not the submit stamp of this request"));
      return FALSE;
    }

  if (!g_str_equal (sha256, ringi_stamp_get_document_sha256 (stamp)))
    {
      set_invalid (error, _("The stamp was made for another document than the one given"));
      return FALSE;
    }

  return check_comment (stamp, q->comment, error);
}

static char *
queue_submit (RingiOutbox *self,
              QueueData *q,
              GBytes *record,
              GError **error)
{
  char *op_id;

  q->stamp = ringi_stamp_parse (record, error);
  if (q->stamp == NULL || !check_submit (q, error))
    {
      queue_data_clear (q);
      return NULL;
    }

  q->op_id = g_uuid_string_random ();
  if (!run_in_transaction (self, queue_submit_locked, q, error))
    {
      queue_data_clear (q);
      return NULL;
    }

  op_id = g_steal_pointer (&q->op_id);
  queue_data_clear (q);
  return op_id;
}

/**
 * ringi_outbox_queue_submit:
 * @self: a #RingiOutbox
 * @info: the new request; @info->id is a fresh uuid
 * @pdf: its document, revision 1
 * @record: the signed submit stamp
 * @signature: its detached signature
 * @error: return location for a #GError
 *
 * Stores a new request with its first revision and submit stamp as
 * pending, and queues the `create-request` op, in one transaction.
 *
 * Returns: (transfer full): the op's id, or %NULL with @error set
 */
char *
ringi_outbox_queue_submit (RingiOutbox *self,
                           const RingiRequestInfo *info,
                           GBytes *pdf,
                           GBytes *record,
                           GBytes *signature,
                           GError **error)
{
  QueueData q = { info, pdf, NULL, signature, NULL, NULL };

  g_return_val_if_fail (RINGI_IS_OUTBOX (self), NULL);
  g_return_val_if_fail (info != NULL && info->id != NULL && info->applicant != NULL, NULL);
  g_return_val_if_fail (pdf != NULL && record != NULL && signature != NULL, NULL);

  return queue_submit (self, &q, record, error);
}

/**
 * ringi_outbox_queue_correction:
 * @self: a #RingiOutbox
 * @info: the new correction request (打刻修正申請); @info->id is a fresh uuid
 * @pdf: its document, revision 1, which names the punch
 * @record: the signed submit stamp
 * @signature: its detached signature
 * @punch_record: the signed correcting punch the request carries
 * @punch_signature: its detached signature
 * @note: the note @punch_record hashes: the reason
 * @error: return location for a #GError
 *
 * As ringi_outbox_queue_submit(), with the punch in the op's
 * `correction`. The punch is not kept as a punch here: the server adds
 * it when the request is decided, and it comes back as a change.
 *
 * Returns: (transfer full): the op's id, or %NULL with @error set
 */
char *
ringi_outbox_queue_correction (RingiOutbox *self,
                               const RingiRequestInfo *info,
                               GBytes *pdf,
                               GBytes *record,
                               GBytes *signature,
                               GBytes *punch_record,
                               GBytes *punch_signature,
                               const char *note,
                               GError **error)
{
  QueueData q = { info, pdf, NULL, signature, NULL, NULL, punch_record, punch_signature, note };

  g_return_val_if_fail (RINGI_IS_OUTBOX (self), NULL);
  g_return_val_if_fail (info != NULL && info->id != NULL && info->applicant != NULL, NULL);
  g_return_val_if_fail (pdf != NULL && record != NULL && signature != NULL, NULL);
  g_return_val_if_fail (punch_record != NULL && punch_signature != NULL, NULL);

  return queue_submit (self, &q, record, error);
}

/* An action on an existing request: a new revision only with resubmit,
 * else the stamp names the latest revision as it is. */
static gboolean
check_stamp_revision (RingiOutbox *self,
                      const QueueData *q,
                      GError **error)
{
  const char *request_id = ringi_stamp_get_document (q->stamp);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *sha256 = NULL;
  guint n = ringi_outbox_get_n_revisions (self, request_id, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (q->pdf != NULL)
    {
      if (ringi_stamp_get_action (q->stamp) != RINGI_ACTION_RESUBMIT ||
          ringi_stamp_get_revision (q->stamp) != n + 1)
        {
          set_invalid (error, _("Only a resubmit brings a new revision, numbered after the last one"));
          return FALSE;
        }
      sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, q->pdf);
    }
  else
    {
      if (ringi_stamp_get_revision (q->stamp) != n)
        {
          set_invalid (error, _("The stamp is not for the latest revision of the request"));
          return FALSE;
        }
      sha256 = dup_revision_sha256 (self, request_id, n, error);
      if (sha256 == NULL)
        return FALSE;
    }

  if (!g_str_equal (sha256, ringi_stamp_get_document_sha256 (q->stamp)))
    {
      set_invalid (error, _("The stamp was made for another document than the one given"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
queue_stamp_locked (RingiOutbox *self,
                    gpointer data,
                    GError **error)
{
  QueueData *q = data;
  const char *request_id = ringi_stamp_get_document (q->stamp);
  g_autoptr(RingiRequestInfo) info = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GBytes) record = NULL;
  g_autofree char *body = NULL;
  g_autofree char *sha256 = NULL;

  info = ringi_store_get_request (self->store, request_id, error);
  if (info == NULL ||
      !check_chain_end (self, q->stamp, error) ||
      !check_stamp_revision (self, q, error))
    return FALSE;

  builder = begin_op (q->op_id, "stamp");
  add_string (builder, "request_id", request_id);
  if (q->pdf != NULL)
    {
      sha256 = ringi_store_put_blob (self->store, q->pdf, error);
      if (sha256 == NULL)
        return FALSE;
      add_string (builder, "revision_sha256", sha256);
    }
  record = ringi_stamp_to_bytes (q->stamp);
  add_signed (builder, "stamp", record, q->signature, q->comment);
  json_builder_end_object (builder);
  body = builder_to_text (builder);

  return insert_op (self, q->op_id, "stamp", body, request_id, sha256, error) &&
         (sha256 == NULL ||
          insert_pending_revision (self, request_id, ringi_stamp_get_revision (q->stamp),
                                   sha256, q->op_id, error)) &&
         insert_pending_stamp (self, q->stamp, q->signature, q->comment, q->op_id, error);
}

/**
 * ringi_outbox_queue_stamp:
 * @self: a #RingiOutbox
 * @pdf: (nullable): the new revision, for a resubmit only
 * @record: the signed stamp; its `Document` names a stored request
 * @signature: its detached signature
 * @comment: (nullable): the comment whose sha256 the stamp carries
 * @error: return location for a #GError
 *
 * Stores a stamp (and a resubmit's revision) as pending and queues the
 * `stamp` op, in one transaction. Refuses, with
 * %RINGI_STORE_ERROR_CHAIN, a stamp that does not continue the chain as
 * it stands here, pending stamps included.
 *
 * Returns: (transfer full): the op's id, or %NULL with @error set
 */
char *
ringi_outbox_queue_stamp (RingiOutbox *self,
                          GBytes *pdf,
                          GBytes *record,
                          GBytes *signature,
                          const char *comment,
                          GError **error)
{
  QueueData q = { NULL, pdf, NULL, signature, comment, NULL };
  char *op_id;

  g_return_val_if_fail (RINGI_IS_OUTBOX (self), NULL);
  g_return_val_if_fail (record != NULL && signature != NULL, NULL);

  q.stamp = ringi_stamp_parse (record, error);
  if (q.stamp == NULL || !check_comment (q.stamp, comment, error))
    {
      queue_data_clear (&q);
      return NULL;
    }

  if (ringi_stamp_get_action (q.stamp) == RINGI_ACTION_SUBMIT)
    {
      set_invalid (error, _("A submit stamp makes a new request"));
      queue_data_clear (&q);
      return NULL;
    }

  q.op_id = g_uuid_string_random ();
  if (!run_in_transaction (self, queue_stamp_locked, &q, error))
    {
      queue_data_clear (&q);
      return NULL;
    }

  op_id = g_steal_pointer (&q.op_id);
  queue_data_clear (&q);
  return op_id;
}

typedef struct
{
  RingiDelegation *delegation;
  GBytes *signature;
  char *op_id;
} DelegationData;

static gboolean
queue_delegation_locked (RingiOutbox *self,
                         gpointer data,
                         GError **error)
{
  DelegationData *d = data;
  g_autoptr(GBytes) record = ringi_delegation_to_bytes (d->delegation);
  g_autofree char *valid_from = ringi_record_format_time (ringi_delegation_get_valid_from (d->delegation));
  g_autofree char *valid_until = ringi_record_format_time (ringi_delegation_get_valid_until (d->delegation));
  g_autoptr(JsonBuilder) builder = begin_op (d->op_id, "delegate");
  g_autofree char *body = NULL;
  sqlite3_stmt *stmt;

  add_signed (builder, "delegation", record, d->signature, NULL);
  json_builder_end_object (builder);
  body = builder_to_text (builder);

  if (!insert_op (self, d->op_id, "delegate", body, NULL, NULL, error))
    return FALSE;

  stmt = ringi_db_prepare (self->db,
                           "INSERT INTO pending_delegations (id, op_id, from_login, to_login,"
                           " valid_from, valid_until, record, signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, ringi_delegation_get_id (d->delegation));
  ringi_db_bind_text (stmt, 2, d->op_id);
  ringi_db_bind_text (stmt, 3, ringi_delegation_get_from (d->delegation));
  ringi_db_bind_text (stmt, 4, ringi_delegation_get_to (d->delegation));
  ringi_db_bind_text (stmt, 5, valid_from);
  ringi_db_bind_text (stmt, 6, valid_until);
  ringi_db_bind_bytes (stmt, 7, record);
  ringi_db_bind_bytes (stmt, 8, d->signature);
  return ringi_db_step_done (self->db, stmt, error);
}

/**
 * ringi_outbox_queue_delegation:
 * @self: a #RingiOutbox
 * @record: the signed delegation record
 * @signature: its detached signature
 * @error: return location for a #GError
 *
 * Stores a delegation as pending and queues the `delegate` op, in one
 * transaction.
 *
 * Returns: (transfer full): the op's id, or %NULL with @error set
 */
char *
ringi_outbox_queue_delegation (RingiOutbox *self,
                               GBytes *record,
                               GBytes *signature,
                               GError **error)
{
  DelegationData d = { NULL, signature, NULL };
  char *op_id = NULL;

  g_return_val_if_fail (RINGI_IS_OUTBOX (self), NULL);
  g_return_val_if_fail (record != NULL && signature != NULL, NULL);

  d.delegation = ringi_delegation_parse (record, error);
  if (d.delegation == NULL)
    return NULL;

  d.op_id = g_uuid_string_random ();
  if (run_in_transaction (self, queue_delegation_locked, &d, error))
    op_id = g_steal_pointer (&d.op_id);

  g_free (d.op_id);
  ringi_delegation_unref (d.delegation);
  return op_id;
}

typedef struct
{
  RingiPunch *punch;
  GBytes *record;
  GBytes *signature;
  const char *note;
  char *op_id;
} PunchData;

static gboolean
queue_punch_locked (RingiOutbox *self,
                    gpointer data,
                    GError **error)
{
  PunchData *d = data;
  g_autoptr(JsonBuilder) builder = begin_op (d->op_id, "punch");
  g_autofree char *body = NULL;
  g_autofree char *sha256 = ringi_punch_dup_sha256 (d->punch);
  sqlite3_stmt *stmt;

  add_signed_punch (builder, "punch", d->record, d->signature, d->note);
  json_builder_end_object (builder);
  body = builder_to_text (builder);

  if (!insert_op (self, d->op_id, "punch", body, NULL, NULL, error))
    return FALSE;

  stmt = ringi_db_prepare (self->db,
                           "INSERT INTO punches (punch, login, sha256, record, signature, note, client_time, op_id,"
                           " kind, place, corrects)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, ringi_punch_get_punch (d->punch));
  ringi_db_bind_text (stmt, 2, ringi_punch_get_login (d->punch));
  ringi_db_bind_text (stmt, 3, sha256);
  ringi_db_bind_bytes (stmt, 4, d->record);
  ringi_db_bind_bytes (stmt, 5, d->signature);
  ringi_db_bind_text (stmt, 6, d->note);
  sqlite3_bind_int64 (stmt, 7, g_date_time_to_unix (ringi_punch_get_client_time (d->punch)));
  ringi_db_bind_text (stmt, 8, d->op_id);
  ringi_db_bind_text (stmt, 9, ringi_punch_kind_to_string (ringi_punch_get_kind (d->punch)));
  ringi_db_bind_text (stmt, 10, ringi_punch_place_to_string (ringi_punch_get_place (d->punch)));
  ringi_db_bind_text (stmt, 11, ringi_punch_get_corrects (d->punch));
  return ringi_db_step_done (self->db, stmt, error);
}

/**
 * ringi_outbox_queue_punch:
 * @self: a #RingiOutbox
 * @record: the signed punch record
 * @signature: its detached signature
 * @note: (nullable): the note the record hashes
 * @error: return location for a #GError
 *
 * Keeps a punch (打刻) and queues the `punch` op, in one transaction: the
 * punch counts on this computer at once, offline too.
 *
 * Returns: (transfer full): the op's id, or %NULL with @error set
 */
char *
ringi_outbox_queue_punch (RingiOutbox *self,
                          GBytes *record,
                          GBytes *signature,
                          const char *note,
                          GError **error)
{
  PunchData d = { NULL, record, signature, note, NULL };
  char *op_id = NULL;

  g_return_val_if_fail (RINGI_IS_OUTBOX (self), NULL);
  g_return_val_if_fail (record != NULL && signature != NULL, NULL);

  d.punch = ringi_punch_parse (record, error);
  if (d.punch == NULL)
    return NULL;

  d.op_id = g_uuid_string_random ();
  if (run_in_transaction (self, queue_punch_locked, &d, error))
    op_id = g_steal_pointer (&d.op_id);

  g_free (d.op_id);
  ringi_punch_unref (d.punch);
  return op_id;
}

typedef struct
{
  GBytes *record;
  GBytes *signature;
  char *op_id;
} CloseData;

static gboolean
queue_close_locked (RingiOutbox *self,
                    gpointer data,
                    GError **error)
{
  CloseData *d = data;
  g_autoptr(JsonBuilder) builder = begin_op (d->op_id, "close-month");
  g_autofree char *body = NULL;

  add_signed (builder, "close", d->record, d->signature, NULL);
  json_builder_end_object (builder);
  body = builder_to_text (builder);
  return insert_op (self, d->op_id, "close-month", body, NULL, NULL, error);
}

/**
 * ringi_outbox_queue_close_month:
 * @self: a #RingiOutbox
 * @record: the signed month-close record (docs/month-close-format.md)
 * @signature: its detached signature
 * @error: return location for a #GError
 *
 * Queues the `close-month` op, after the punches and the 勤務月報 request
 * queued before it.
 *
 * Returns: (transfer full): the op's id, or %NULL with @error set
 */
char *
ringi_outbox_queue_close_month (RingiOutbox *self,
                                GBytes *record,
                                GBytes *signature,
                                GError **error)
{
  CloseData d = { record, signature, g_uuid_string_random () };
  char *op_id = NULL;

  g_return_val_if_fail (RINGI_IS_OUTBOX (self), NULL);
  g_return_val_if_fail (record != NULL && signature != NULL, NULL);

  if (run_in_transaction (self, queue_close_locked, &d, error))
    op_id = g_steal_pointer (&d.op_id);

  g_free (d.op_id);
  return op_id;
}

/* The objective record: each day's first and last times */

typedef struct
{
  GArray *days;
  guint n_queued;
} ActivityData;

static char *
activity_body (const char *op_id,
               const char *date,
               const RingiActivityDay *day)
{
  g_autoptr(JsonBuilder) builder = begin_op (op_id, "activity");

  json_builder_set_member_name (builder, "activity");
  json_builder_begin_object (builder);
  add_string (builder, "date", date);
  json_builder_set_member_name (builder, "first");
  json_builder_add_int_value (builder, day->first);
  json_builder_set_member_name (builder, "last");
  json_builder_add_int_value (builder, day->last);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return builder_to_text (builder);
}

/* What was queued last for @date, and whether its op still waits. */
static gboolean
read_activity_sent (RingiOutbox *self,
                    const char *date,
                    RingiActivityDay *out_sent,
                    char **out_waiting_op,
                    gboolean *out_found,
                    GError **error)
{
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;

  stmt = ringi_db_prepare (self->db,
                           "SELECT s.first, s.last, s.op_id, o.state = 'queued' FROM activity_sent s"
                           " LEFT JOIN outbox o ON o.id = s.op_id WHERE s.date = ?",
                           error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, date);
  *out_found = ringi_db_step_row (self->db, stmt, &local_error);
  if (*out_found)
    {
      out_sent->first = sqlite3_column_int64 (stmt, 0);
      out_sent->last = sqlite3_column_int64 (stmt, 1);
      *out_waiting_op = sqlite3_column_int (stmt, 3) ? ringi_db_column_dup_text (stmt, 2) : NULL;
      sqlite3_reset (stmt);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

/* A waiting op takes the day's new times under a new id: the server may
 * have applied the old id in a batch whose answer was lost, and would
 * answer the same id with that old result. */
static gboolean
replace_waiting_op (RingiOutbox *self,
                    const char *old_id,
                    const char *new_id,
                    const char *body,
                    GError **error)
{
  sqlite3_stmt *stmt;

  stmt = ringi_db_prepare (self->db, "UPDATE outbox SET id = ?, body = ? WHERE id = ? AND state = 'queued'", error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, new_id);
  ringi_db_bind_text (stmt, 2, body);
  ringi_db_bind_text (stmt, 3, old_id);
  return ringi_db_step_done (self->db, stmt, error);
}

static gboolean
write_activity_sent (RingiOutbox *self,
                     const char *date,
                     const RingiActivityDay *day,
                     const char *op_id,
                     GError **error)
{
  sqlite3_stmt *stmt;

  stmt = ringi_db_prepare (self->db,
                           "INSERT INTO activity_sent (date, first, last, op_id) VALUES (?1, ?2, ?3, ?4)"
                           " ON CONFLICT (date) DO UPDATE SET first = ?2, last = ?3, op_id = ?4",
                           error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, date);
  sqlite3_bind_int64 (stmt, 2, day->first);
  sqlite3_bind_int64 (stmt, 3, day->last);
  ringi_db_bind_text (stmt, 4, op_id);
  return ringi_db_step_done (self->db, stmt, error);
}

static gboolean
queue_activity_day (RingiOutbox *self,
                    const RingiActivityDay *day,
                    gboolean *out_queued,
                    GError **error)
{
  g_autofree char *date = ringi_activity_day_format_date (day);
  g_autofree char *waiting_op = NULL;
  g_autofree char *op_id = NULL;
  g_autofree char *body = NULL;
  RingiActivityDay sent = { 0 };
  gboolean found = FALSE;

  *out_queued = FALSE;
  if (!read_activity_sent (self, date, &sent, &waiting_op, &found, error))
    return FALSE;
  if (found && sent.first == day->first && sent.last == day->last)
    return TRUE;

  op_id = g_uuid_string_random ();
  body = activity_body (op_id, date, day);
  if (waiting_op != NULL ? !replace_waiting_op (self, waiting_op, op_id, body, error)
                         : !insert_op (self, op_id, "activity", body, NULL, NULL, error))
    return FALSE;

  *out_queued = TRUE;
  return write_activity_sent (self, date, day, op_id, error);
}

static gboolean
queue_activity_locked (RingiOutbox *self,
                       gpointer data,
                       GError **error)
{
  ActivityData *d = data;

  for (guint i = 0; i < d->days->len; i++)
    {
      gboolean queued = FALSE;

      if (!queue_activity_day (self, &g_array_index (d->days, RingiActivityDay, i), &queued, error))
        return FALSE;
      d->n_queued += queued ? 1 : 0;
    }
  return TRUE;
}

/**
 * ringi_outbox_queue_activity:
 * @self: a #RingiOutbox
 * @days: (element-type RingiActivityDay): this computer's days, from
 *   ringi_activity_summarize_days()
 * @out_n_queued: (out) (optional): how many days were queued
 * @error: return location for a #GError
 *
 * Queues an `activity` op for each day whose first and last times differ
 * from those queued before; today is queued again as it grows. A day
 * whose op still waits has that op replaced, so that a day is never
 * waiting twice.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_outbox_queue_activity (RingiOutbox *self,
                             GArray *days,
                             guint *out_n_queued,
                             GError **error)
{
  ActivityData d = { days, 0 };

  g_return_val_if_fail (RINGI_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (days != NULL, FALSE);

  if (!run_in_transaction (self, queue_activity_locked, &d, error))
    return FALSE;

  if (out_n_queued != NULL)
    *out_n_queued = d.n_queued;
  return TRUE;
}

/**
 * ringi_outbox_get_activity_resume:
 * @self: a #RingiOutbox
 * @out_since: (out): the start of the day before the latest day queued,
 *   seconds since the Unix epoch; 0 when none was
 * @error: return location for a #GError
 *
 * Where the record may have changed since the last queueing: periods are
 * only added at the present, and one begun the day before may have ended
 * since.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_outbox_get_activity_resume (RingiOutbox *self,
                                  gint64 *out_since,
                                  GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *latest = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RINGI_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (out_since != NULL, FALSE);

  *out_since = 0;
  stmt = ringi_db_prepare (self->db, "SELECT max (date) FROM activity_sent", error);
  if (stmt == NULL)
    return FALSE;

  if (ringi_db_step_row (self->db, stmt, &local_error))
    {
      latest = ringi_db_column_dup_text (stmt, 0);
      sqlite3_reset (stmt);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (latest != NULL)
    {
      g_autoptr(GDateTime) day = g_date_time_new (ringi_attendance_get_time_zone (), (int) g_ascii_strtoll (latest, NULL, 10),
                                                   (int) g_ascii_strtoll (latest + 5, NULL, 10),
                                                   (int) g_ascii_strtoll (latest + 8, NULL, 10), 0, 0, 0);
      g_autoptr(GDateTime) before = day ? g_date_time_add_days (day, -1) : NULL;

      *out_since = before ? g_date_time_to_unix (before) : 0;
    }
  return TRUE;
}

static RingiActivityUploadState
upload_state_of (const char *state)
{
  if (g_strcmp0 (state, "sent") == 0)
    return RINGI_ACTIVITY_UPLOAD_SENT;
  if (g_strcmp0 (state, "refused") == 0)
    return RINGI_ACTIVITY_UPLOAD_REFUSED;
  return RINGI_ACTIVITY_UPLOAD_WAITING;
}

/**
 * ringi_outbox_list_activity_uploads:
 * @self: a #RingiOutbox
 * @from: the first date listed
 * @until: the first date no longer listed
 * @error: return location for a #GError
 *
 * What this computer gave the server of its objective record, for the
 * person to see (docs/activity-record.md).
 *
 * Returns: (transfer full) (element-type RingiActivityUpload): the days
 *   in date order, or %NULL with @error set
 */
GArray *
ringi_outbox_list_activity_uploads (RingiOutbox *self,
                                    const GDate *from,
                                    const GDate *until,
                                    GError **error)
{
  g_autoptr(GArray) uploads = g_array_new (FALSE, TRUE, sizeof (RingiActivityUpload));
  g_autoptr(GError) local_error = NULL;
  RingiActivityDay from_day = { *from }, until_day = { *until };
  g_autofree char *from_text = ringi_activity_day_format_date (&from_day);
  g_autofree char *until_text = ringi_activity_day_format_date (&until_day);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RINGI_IS_OUTBOX (self), NULL);

  stmt = ringi_db_prepare (self->db,
                           "SELECT s.date, s.first, s.last, o.state FROM activity_sent s"
                           " LEFT JOIN outbox o ON o.id = s.op_id WHERE s.date >= ? AND s.date < ? ORDER BY s.date",
                           error);
  if (stmt == NULL)
    return NULL;

  ringi_db_bind_text (stmt, 1, from_text);
  ringi_db_bind_text (stmt, 2, until_text);
  while (ringi_db_step_row (self->db, stmt, &local_error))
    {
      const char *date = (const char *) sqlite3_column_text (stmt, 0);
      RingiActivityUpload upload = {
        .first = sqlite3_column_int64 (stmt, 1),
        .last = sqlite3_column_int64 (stmt, 2),
        .state = upload_state_of ((const char *) sqlite3_column_text (stmt, 3)),
      };

      /* Only queue_activity_day() writes the date, valid. */
      g_date_clear (&upload.date, 1);
      g_date_set_dmy (&upload.date, (GDateDay) g_ascii_strtoll (date + 8, NULL, 10),
                      (GDateMonth) g_ascii_strtoll (date + 5, NULL, 10), (GDateYear) g_ascii_strtoll (date, NULL, 10));
      g_array_append_val (uploads, upload);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&uploads);
}

/* Sending */

static RingiOutboxOp *
op_from_row (sqlite3_stmt *stmt)
{
  RingiOutboxOp *op = g_new0 (RingiOutboxOp, 1);

  op->id = ringi_db_column_dup_text (stmt, 0);
  op->type = ringi_db_column_dup_text (stmt, 1);
  op->body = ringi_db_column_dup_text (stmt, 2);
  op->request_id = ringi_db_column_dup_text (stmt, 3);
  op->blob_sha256 = ringi_db_column_dup_text (stmt, 4);
  op->created_at = ringi_db_column_dup_text (stmt, 5);
  return op;
}

/**
 * ringi_outbox_list_queued:
 * @self: a #RingiOutbox
 * @limit: the most ops to return
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type RingiOutboxOp): the oldest
 *   ops still to send, in the order they were made, or %NULL with @error
 *   set
 */
GPtrArray *
ringi_outbox_list_queued (RingiOutbox *self,
                          guint limit,
                          GError **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RINGI_IS_OUTBOX (self), NULL);

  stmt = ringi_db_prepare (self->db,
                           "SELECT id, type, body, request_id, blob_sha256, created_at FROM outbox"
                           " WHERE state = 'queued' ORDER BY position LIMIT ?",
                           error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, limit);
  return ringi_db_collect_rows (self->db, stmt, (RingiDbRowFunc) op_from_row,
                                (GDestroyNotify) ringi_outbox_op_free, error);
}

/**
 * ringi_outbox_count_queued:
 * @self: a #RingiOutbox
 * @error: return location for a #GError
 *
 * The objective record's `activity` ops are not counted: they are no
 * action of the person's, who is told how many of theirs wait.
 *
 * Returns: how many of the person's ops wait to be sent
 */
guint
ringi_outbox_count_queued (RingiOutbox *self,
                           GError **error)
{
  g_return_val_if_fail (RINGI_IS_OUTBOX (self), 0);

  return count_with_text (self, "SELECT count(*) FROM outbox WHERE state = 'queued' AND type != 'activity'",
                          NULL, error);
}

typedef struct
{
  const char *op_id;
  char *type;
  char *request_id;
  gint64 position;
  gboolean queued;
} OpRow;

static void
op_row_clear (OpRow *row)
{
  g_clear_pointer (&row->type, g_free);
  g_clear_pointer (&row->request_id, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (OpRow, op_row_clear)

static gboolean
read_op (RingiOutbox *self,
         const char *op_id,
         OpRow *row,
         GError **error)
{
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;

  stmt = ringi_db_prepare (self->db,
                           "SELECT type, request_id, position, state = 'queued' FROM outbox WHERE id = ?",
                           error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, op_id);
  if (!ringi_db_step_row (self->db, stmt, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, RINGI_STORE_ERROR, RINGI_STORE_ERROR_NOT_FOUND,
                     _("There is no outgoing change %s"), op_id);
      return FALSE;
    }

  row->op_id = op_id;
  row->type = ringi_db_column_dup_text (stmt, 0);
  row->request_id = ringi_db_column_dup_text (stmt, 1);
  row->position = sqlite3_column_int64 (stmt, 2);
  row->queued = sqlite3_column_int (stmt, 3);
  sqlite3_reset (stmt);
  return TRUE;
}

/* Moves an accepted op's revisions into the history, unless a pull
 * brought them first; a revision that cannot follow yet stays pending
 * until the pull that brings the ones before it. */
static gboolean
promote_revisions (RingiOutbox *self,
                   const char *op_id,
                   GError **error)
{
  g_autoptr(GPtrArray) requests = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) revisions = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) hashes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;

  stmt = ringi_db_prepare (self->db,
                           "SELECT request_id, revision, sha256 FROM pending_revisions WHERE op_id = ?",
                           error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, op_id);
  while (ringi_db_step_row (self->db, stmt, &local_error))
    {
      guint revision = sqlite3_column_int (stmt, 1);

      g_ptr_array_add (requests, ringi_db_column_dup_text (stmt, 0));
      g_array_append_val (revisions, revision);
      g_ptr_array_add (hashes, ringi_db_column_dup_text (stmt, 2));
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  for (guint i = 0; i < requests->len; i++)
    {
      const char *request_id = g_ptr_array_index (requests, i);
      guint revision = g_array_index (revisions, guint, i);
      guint stored = ringi_store_get_n_revisions (self->store, request_id, &local_error);
      g_autoptr(GBytes) pdf = NULL;

      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      if (stored + 1 < revision)
        continue;

      if (stored + 1 == revision)
        {
          pdf = ringi_store_get_blob (self->store, g_ptr_array_index (hashes, i), error);
          if (pdf == NULL ||
              !ringi_store_add_revision (self->store, request_id, revision, pdf, error))
            return FALSE;
        }

      if (!ringi_outbox_settle_revision (self, request_id, revision, g_ptr_array_index (hashes, i), error))
        return FALSE;
    }

  return TRUE;
}

typedef struct
{
  char *request_id;
  GBytes *record;
  GBytes *signature;
  char *sha256;
  char *comment;
} PendingStamp;

static void
pending_stamp_clear (PendingStamp *p)
{
  g_clear_pointer (&p->request_id, g_free);
  g_clear_pointer (&p->record, g_bytes_unref);
  g_clear_pointer (&p->signature, g_bytes_unref);
  g_clear_pointer (&p->sha256, g_free);
  g_clear_pointer (&p->comment, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PendingStamp, pending_stamp_clear)

static gboolean
read_pending_stamp (RingiOutbox *self,
                    const char *op_id,
                    PendingStamp *p,
                    gboolean *found,
                    GError **error)
{
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;

  stmt = ringi_db_prepare (self->db,
                           "SELECT request_id, record, signature, sha256, comment FROM pending_stamps"
                           " WHERE op_id = ?",
                           error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, op_id);
  *found = ringi_db_step_row (self->db, stmt, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (*found)
    {
      p->request_id = ringi_db_column_dup_text (stmt, 0);
      p->record = ringi_db_column_dup_bytes (stmt, 1);
      p->signature = ringi_db_column_dup_bytes (stmt, 2);
      p->sha256 = ringi_db_column_dup_text (stmt, 3);
      p->comment = ringi_db_column_dup_text (stmt, 4);
      sqlite3_reset (stmt);
    }

  return TRUE;
}

/* Appends the accepted stamp to the history. If the history does not end
 * where the stamp expects (a revision still on its way, say), it stays
 * pending until the pull brings it from the server. */
static gboolean
promote_stamp (RingiOutbox *self,
               const char *op_id,
               GBytes *receipt_record,
               GBytes *receipt_signature,
               GError **error)
{
  g_auto(PendingStamp) p = { 0 };
  g_autoptr(RingiStamp) stamp = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean found;

  if (!read_pending_stamp (self, op_id, &p, &found, error))
    return FALSE;
  if (!found)
    return TRUE;

  if (p.comment != NULL && !ringi_store_put_comment (self->store, p.comment, error))
    return FALSE;

  if (!ringi_store_has_stamp (self->store, p.sha256, &local_error))
    {
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      stamp = ringi_stamp_parse (p.record, error);
      if (stamp == NULL)
        return FALSE;

      if (!ringi_store_append_stamp (self->store, p.request_id, p.record, p.signature,
                                     ringi_stamp_get_previous (stamp), &local_error))
        {
          if (!g_error_matches (local_error, RINGI_STORE_ERROR, RINGI_STORE_ERROR_CHAIN))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          g_debug ("Stamp %s waits for the pull: %s", p.sha256, local_error->message);
          return TRUE;
        }
    }

  if (receipt_record != NULL && receipt_signature != NULL &&
      !ringi_store_put_receipt (self->store, p.sha256, receipt_record, receipt_signature, error))
    return FALSE;

  return exec_with_text (self, "DELETE FROM pending_stamps WHERE sha256 = ?", p.sha256, error);
}

static gboolean
promote_delegation (RingiOutbox *self,
                    const char *op_id,
                    GError **error)
{
  g_autoptr(GError) local_error = NULL;
  RingiStoredDelegation d = { 0 };
  sqlite3_stmt *stmt;
  gboolean ok;

  stmt = ringi_db_prepare (self->db,
                           "SELECT id, from_login, to_login, valid_from, valid_until, record, signature"
                           " FROM pending_delegations WHERE op_id = ?",
                           error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, op_id);
  if (!ringi_db_step_row (self->db, stmt, &local_error))
    {
      if (local_error == NULL)
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  d.id = ringi_db_column_dup_text (stmt, 0);
  d.from_login = ringi_db_column_dup_text (stmt, 1);
  d.to_login = ringi_db_column_dup_text (stmt, 2);
  d.valid_from = ringi_db_column_dup_text (stmt, 3);
  d.valid_until = ringi_db_column_dup_text (stmt, 4);
  d.record = ringi_db_column_dup_bytes (stmt, 5);
  d.signature = ringi_db_column_dup_bytes (stmt, 6);
  sqlite3_reset (stmt);

  ok = ringi_store_add_delegation (self->store, &d, error) &&
       exec_with_text (self, "DELETE FROM pending_delegations WHERE id = ?", d.id, error);

  g_free (d.id);
  g_free (d.from_login);
  g_free (d.to_login);
  g_free (d.valid_from);
  g_free (d.valid_until);
  g_bytes_unref (d.record);
  g_bytes_unref (d.signature);
  return ok;
}

/* The receipt is kept at once; the receipt time and the flag come with
 * the punch's change, in the pull that follows. */
static gboolean
promote_punch (RingiOutbox *self,
               const char *op_id,
               GBytes *receipt_record,
               GBytes *receipt_signature,
               GError **error)
{
  sqlite3_stmt *stmt;

  if (receipt_record == NULL || receipt_signature == NULL)
    return TRUE;

  stmt = ringi_db_prepare (self->db,
                           "UPDATE punches SET receipt = ?, receipt_signature = ? WHERE op_id = ? AND receipt IS NULL",
                           error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_bytes (stmt, 1, receipt_record);
  ringi_db_bind_bytes (stmt, 2, receipt_signature);
  ringi_db_bind_text (stmt, 3, op_id);
  return ringi_db_step_done (self->db, stmt, error);
}

typedef struct
{
  const char *op_id;
  GBytes *receipt_record;
  GBytes *receipt_signature;
} AppliedData;

static gboolean
mark_applied_locked (RingiOutbox *self,
                     gpointer data,
                     GError **error)
{
  AppliedData *a = data;
  g_auto(OpRow) row = { 0 };

  if (!read_op (self, a->op_id, &row, error))
    return FALSE;

  /* The same result twice (a batch resent after a crash) is one result. */
  if (!row.queued)
    return TRUE;

  return exec_with_text (self, "DELETE FROM pending_requests WHERE op_id = ?", a->op_id, error) &&
         promote_revisions (self, a->op_id, error) &&
         promote_stamp (self, a->op_id, a->receipt_record, a->receipt_signature, error) &&
         promote_delegation (self, a->op_id, error) &&
         (g_strcmp0 (row.type, "punch") != 0 ||
          promote_punch (self, a->op_id, a->receipt_record, a->receipt_signature, error)) &&
         exec_with_text (self, "UPDATE outbox SET state = 'sent' WHERE id = ?", a->op_id, error);
}

/**
 * ringi_outbox_mark_applied:
 * @self: a #RingiOutbox
 * @op_id: an op the server applied
 * @receipt_record: (nullable): the server's receipt of the op's stamp
 * @receipt_signature: (nullable): the receipt's signature
 * @error: return location for a #GError
 *
 * Moves what the op did into the history and stops sending it, in one
 * transaction. Marking an op that is no longer queued does nothing.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_outbox_mark_applied (RingiOutbox *self,
                           const char *op_id,
                           GBytes *receipt_record,
                           GBytes *receipt_signature,
                           GError **error)
{
  AppliedData a = { op_id, receipt_record, receipt_signature };

  g_return_val_if_fail (RINGI_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (op_id != NULL, FALSE);

  return run_in_transaction (self, mark_applied_locked, &a, error);
}

typedef struct
{
  const char *op_id;
  const char *code;
  const char *message;
} RefusedData;

static char *
dup_pending_action (RingiOutbox *self,
                    const char *op_id,
                    GError **error)
{
  g_auto(PendingStamp) p = { 0 };
  g_autoptr(RingiStamp) stamp = NULL;
  gboolean found;

  if (!read_pending_stamp (self, op_id, &p, &found, error) || !found)
    return NULL;

  stamp = ringi_stamp_parse (p.record, NULL);
  return stamp ? g_strdup (ringi_action_to_string (ringi_stamp_get_action (stamp))) : NULL;
}

static gboolean
record_refusal (RingiOutbox *self,
                const OpRow *row,
                const char *code,
                const char *message,
                GError **error)
{
  g_autoptr(RingiRequestInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *action = NULL;
  g_autofree char *now = now_rfc3339 ();
  sqlite3_stmt *stmt;

  action = dup_pending_action (self, row->op_id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (row->request_id != NULL)
    info = ringi_store_get_request (self->store, row->request_id, NULL);

  stmt = ringi_db_prepare (self->db,
                           "INSERT INTO refusals (op_id, type, action, request_id, title, code, message,"
                           " refused_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, row->op_id);
  ringi_db_bind_text (stmt, 2, row->type);
  ringi_db_bind_text (stmt, 3, action);
  ringi_db_bind_text (stmt, 4, row->request_id);
  ringi_db_bind_text (stmt, 5, info ? info->title : NULL);
  ringi_db_bind_text (stmt, 6, code);
  ringi_db_bind_text (stmt, 7, message);
  ringi_db_bind_text (stmt, 8, now);
  return ringi_db_step_done (self->db, stmt, error);
}

/* A refused new request disappears, unless the server had it already. */
static gboolean
remove_unaccepted_request (RingiOutbox *self,
                           const char *op_id,
                           const char *request_id,
                           GError **error)
{
  g_autoptr(GError) local_error = NULL;

  if (count_with_text (self, "SELECT count(*) FROM pending_requests WHERE op_id = ?", op_id, &local_error) == 0)
    {
      if (local_error == NULL)
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return exec_with_text (self, "DELETE FROM pending_requests WHERE op_id = ?", op_id, error) &&
         exec_with_text (self,
                         "DELETE FROM requests WHERE id = ?1"
                         " AND NOT EXISTS (SELECT 1 FROM revisions WHERE request_id = ?1)"
                         " AND NOT EXISTS (SELECT 1 FROM stamps WHERE request_id = ?1)"
                         " AND NOT EXISTS (SELECT 1 FROM pending_revisions WHERE request_id = ?1)"
                         " AND NOT EXISTS (SELECT 1 FROM pending_stamps WHERE request_id = ?1)",
                         request_id, error);
}

/* A refused revision's bytes go too, when nothing else uses them. */
static gboolean
remove_unused_blob (RingiOutbox *self,
                    const char *op_id,
                    GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *sha256 = NULL;
  sqlite3_stmt *stmt;

  stmt = ringi_db_prepare (self->db, "SELECT blob_sha256 FROM outbox WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, op_id);
  if (ringi_db_step_row (self->db, stmt, &local_error))
    {
      sha256 = ringi_db_column_dup_text (stmt, 0);
      sqlite3_reset (stmt);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (sha256 == NULL)
    return TRUE;

  return exec_with_text (self, "UPDATE outbox SET blob_sha256 = NULL WHERE id = ?", op_id, error) &&
         exec_with_text (self,
                         "DELETE FROM blobs WHERE sha256 = ?1"
                         " AND NOT EXISTS (SELECT 1 FROM revisions WHERE sha256 = ?1)"
                         " AND NOT EXISTS (SELECT 1 FROM pending_revisions WHERE sha256 = ?1)"
                         " AND NOT EXISTS (SELECT 1 FROM outbox WHERE blob_sha256 = ?1)",
                         sha256, error);
}

static gboolean
set_refused (RingiOutbox *self,
             const char *op_id,
             const char *code,
             const char *message,
             GError **error)
{
  sqlite3_stmt *stmt;

  stmt = ringi_db_prepare (self->db,
                           "UPDATE outbox SET state = 'refused', error_code = ?, error_message = ? WHERE id = ?",
                           error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, code);
  ringi_db_bind_text (stmt, 2, message);
  ringi_db_bind_text (stmt, 3, op_id);
  return ringi_db_step_done (self->db, stmt, error);
}

static gboolean
undo_op (RingiOutbox *self,
         const OpRow *row,
         const char *code,
         const char *message,
         GError **error)
{
  return record_refusal (self, row, code, message, error) &&
         exec_with_text (self, "DELETE FROM pending_stamps WHERE op_id = ?", row->op_id, error) &&
         exec_with_text (self, "DELETE FROM pending_revisions WHERE op_id = ?", row->op_id, error) &&
         exec_with_text (self, "DELETE FROM pending_delegations WHERE op_id = ?", row->op_id, error) &&
         /* a punch the server has (a duplicate) comes back with the pull */
         exec_with_text (self, "DELETE FROM punches WHERE op_id = ? AND receipt IS NULL", row->op_id, error) &&
         remove_unused_blob (self, row->op_id, error) &&
         (row->request_id == NULL ||
          remove_unaccepted_request (self, row->op_id, row->request_id, error)) &&
         set_refused (self, row->op_id, code, message, error);
}

static gpointer
id_from_row (sqlite3_stmt *stmt)
{
  return ringi_db_column_dup_text (stmt, 0);
}

static GPtrArray *
list_later_ops (RingiOutbox *self,
                const OpRow *row,
                GError **error)
{
  sqlite3_stmt *stmt;

  stmt = ringi_db_prepare (self->db,
                           "SELECT id FROM outbox WHERE request_id = ? AND position > ?"
                           " AND state = 'queued' ORDER BY position DESC",
                           error);
  if (stmt == NULL)
    return NULL;

  ringi_db_bind_text (stmt, 1, row->request_id);
  sqlite3_bind_int64 (stmt, 2, row->position);
  return ringi_db_collect_rows (self->db, stmt, id_from_row, g_free, error);
}

/* Every later action on the same request was made on top of the refused
 * one (stamps form a chain), so none of them can be accepted either: they
 * are undone with it, newest first, and each is shown with the reason. */
static gboolean
undo_later_ops (RingiOutbox *self,
                const OpRow *row,
                const char *message,
                GError **error)
{
  g_autoptr(GPtrArray) later = NULL;
  g_autofree char *reason = NULL;

  if (row->request_id == NULL)
    return TRUE;

  later = list_later_ops (self, row, error);
  if (later == NULL)
    return FALSE;

  reason = g_strdup_printf (_("An earlier action on this request was refused: %s"), message);
  for (guint i = 0; i < later->len; i++)
    {
      g_auto(OpRow) later_row = { 0 };

      if (!read_op (self, g_ptr_array_index (later, i), &later_row, error) ||
          !undo_op (self, &later_row, "depends-on-refused", reason, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
mark_refused_locked (RingiOutbox *self,
                     gpointer data,
                     GError **error)
{
  RefusedData *r = data;
  g_auto(OpRow) row = { 0 };

  if (!read_op (self, r->op_id, &row, error))
    return FALSE;

  if (!row.queued)
    return TRUE;

  return undo_later_ops (self, &row, r->message, error) &&
         undo_op (self, &row, r->code, r->message, error);
}

/**
 * ringi_outbox_mark_refused:
 * @self: a #RingiOutbox
 * @op_id: an op the server refused
 * @code: the server's error code
 * @message: the server's reason, for people
 * @error: return location for a #GError
 *
 * Undoes the op's local effect (a refused new request disappears) and
 * records the refusal for the person to see, in one transaction. Queued
 * ops on the same request made after it are undone with it: they build
 * on it. Marking an op that is no longer queued does nothing.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_outbox_mark_refused (RingiOutbox *self,
                           const char *op_id,
                           const char *code,
                           const char *message,
                           GError **error)
{
  RefusedData r = { op_id, code, message };

  g_return_val_if_fail (RINGI_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (op_id != NULL && code != NULL && message != NULL, FALSE);

  return run_in_transaction (self, mark_refused_locked, &r, error);
}

static RingiRefusal *
refusal_from_row (sqlite3_stmt *stmt)
{
  RingiRefusal *r = g_new0 (RingiRefusal, 1);

  r->op_id = ringi_db_column_dup_text (stmt, 0);
  r->type = ringi_db_column_dup_text (stmt, 1);
  r->action = ringi_db_column_dup_text (stmt, 2);
  r->request_id = ringi_db_column_dup_text (stmt, 3);
  r->title = ringi_db_column_dup_text (stmt, 4);
  r->code = ringi_db_column_dup_text (stmt, 5);
  r->message = ringi_db_column_dup_text (stmt, 6);
  r->refused_at = ringi_db_column_dup_text (stmt, 7);
  return r;
}

/**
 * ringi_outbox_list_refusals:
 * @self: a #RingiOutbox
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type RingiRefusal): the
 *   refusals not yet dismissed, oldest first, or %NULL with @error set
 */
GPtrArray *
ringi_outbox_list_refusals (RingiOutbox *self,
                            GError **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RINGI_IS_OUTBOX (self), NULL);

  stmt = ringi_db_prepare (self->db,
                           "SELECT refusals.op_id, refusals.type, action, refusals.request_id, title, code,"
                           " message, refused_at FROM refusals JOIN outbox ON outbox.id = refusals.op_id"
                           " WHERE dismissed = 0 ORDER BY outbox.position",
                           error);
  if (stmt == NULL)
    return NULL;

  return ringi_db_collect_rows (self->db, stmt, (RingiDbRowFunc) refusal_from_row,
                                (GDestroyNotify) ringi_refusal_free, error);
}

/**
 * ringi_outbox_dismiss_refusals:
 * @self: a #RingiOutbox
 * @error: return location for a #GError
 *
 * Records that the person has seen every refusal listed so far.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_outbox_dismiss_refusals (RingiOutbox *self,
                               GError **error)
{
  g_return_val_if_fail (RINGI_IS_OUTBOX (self), FALSE);

  return exec_with_text (self, "UPDATE refusals SET dismissed = 1 WHERE dismissed = 0",
                         NULL, error);
}

/* Settling: the server's history reached this profile. Each runs inside
 * the transaction of the page of changes being applied. */

/**
 * ringi_outbox_settle_request:
 * @self: a #RingiOutbox
 * @request_id: a request the server sent
 * @error: return location for a #GError
 *
 * The server has the request: it no longer counts as created here only.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_outbox_settle_request (RingiOutbox *self,
                             const char *request_id,
                             GError **error)
{
  g_return_val_if_fail (RINGI_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (request_id != NULL, FALSE);

  return exec_with_text (self, "DELETE FROM pending_requests WHERE request_id = ?", request_id, error);
}

/**
 * ringi_outbox_settle_revision:
 * @self: a #RingiOutbox
 * @request_id: the request
 * @revision: a revision the server sent
 * @sha256: its hash
 * @error: return location for a #GError
 *
 * Drops the pending copy of a revision the history now holds. A pending
 * revision with another hash stays: its op will be refused.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_outbox_settle_revision (RingiOutbox *self,
                              const char *request_id,
                              guint revision,
                              const char *sha256,
                              GError **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RINGI_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (request_id != NULL && sha256 != NULL, FALSE);

  stmt = ringi_db_prepare (self->db,
                           "DELETE FROM pending_revisions WHERE request_id = ? AND revision = ? AND sha256 = ?",
                           error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, request_id);
  sqlite3_bind_int64 (stmt, 2, revision);
  ringi_db_bind_text (stmt, 3, sha256);
  return ringi_db_step_done (self->db, stmt, error);
}

/**
 * ringi_outbox_settle_stamp:
 * @self: a #RingiOutbox
 * @sha256: a stamp the server sent
 * @error: return location for a #GError
 *
 * Drops the pending copy of a stamp the history now holds. Its op counts
 * as sent: the server applied it, even if its answer never arrived.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_outbox_settle_stamp (RingiOutbox *self,
                           const char *sha256,
                           GError **error)
{
  g_return_val_if_fail (RINGI_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (sha256 != NULL, FALSE);

  return exec_with_text (self,
                         "UPDATE outbox SET state = 'sent' WHERE state = 'queued'"
                         " AND id = (SELECT op_id FROM pending_stamps WHERE sha256 = ?)",
                         sha256, error) &&
         exec_with_text (self,
                         "DELETE FROM pending_requests WHERE op_id ="
                         " (SELECT op_id FROM pending_stamps WHERE sha256 = ?)",
                         sha256, error) &&
         exec_with_text (self, "DELETE FROM pending_stamps WHERE sha256 = ?", sha256, error);
}

/**
 * ringi_outbox_settle_delegation:
 * @self: a #RingiOutbox
 * @id: a delegation the server sent
 * @error: return location for a #GError
 *
 * As ringi_outbox_settle_stamp(), for a delegation.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_outbox_settle_delegation (RingiOutbox *self,
                                const char *id,
                                GError **error)
{
  g_return_val_if_fail (RINGI_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  return exec_with_text (self,
                         "UPDATE outbox SET state = 'sent' WHERE state = 'queued'"
                         " AND id = (SELECT op_id FROM pending_delegations WHERE id = ?)",
                         id, error) &&
         exec_with_text (self, "DELETE FROM pending_delegations WHERE id = ?", id, error);
}
