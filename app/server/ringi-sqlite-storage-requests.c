/* ringi-sqlite-storage-requests.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-sqlite-storage"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ringi-sqlite-storage-private.h"

/* Ops sent again, documents, requests and who may read them, their
 * revisions, stamp chains and receipts, and delegations. */

/* Ops */

gboolean
ringi_sqlite_storage_lookup_op (RingiServerStorage *storage,
                                const char *op_id,
                                const char *login,
                                guint *out_status,
                                char **out_result,
                                GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *owner = NULL;
  sqlite3_stmt *stmt;

  stmt = prepare (self, "SELECT login, status, result FROM ops WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, op_id);
  if (!ringi_db_step_row (self->db, stmt, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND,
                     _("The operation %s is new"), op_id);
      return FALSE;
    }

  owner = ringi_db_column_dup_text (stmt, 0);
  if (out_status != NULL)
    *out_status = sqlite3_column_int (stmt, 1);
  if (out_result != NULL)
    *out_result = ringi_db_column_dup_text (stmt, 2);
  sqlite3_reset (stmt);

  /* An op id is the client's; another user's id is no answer to give. */
  if (!g_str_equal (owner, login))
    {
      if (out_result != NULL)
        g_clear_pointer (out_result, g_free);
      g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_EXISTS,
                   _("The operation id %s is already used by another user"), op_id);
      return FALSE;
    }

  return TRUE;
}

gboolean
ringi_sqlite_storage_record_op (RingiServerStorage *storage,
                                const char *op_id,
                                const char *login,
                                guint status,
                                const char *result,
                                gint64 now,
                                GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;

  stmt = prepare (self,
                  "INSERT INTO ops (id, login, status, result, created_at) VALUES (?, ?, ?, ?, ?)",
                  error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, op_id);
  ringi_db_bind_text (stmt, 2, login);
  sqlite3_bind_int (stmt, 3, status);
  ringi_db_bind_text (stmt, 4, result);
  sqlite3_bind_int64 (stmt, 5, now);
  if (step_done (self, stmt, &local_error))
    return TRUE;

  if (g_error_matches (local_error, RINGI_DB_ERROR, RINGI_DB_ERROR_CONSTRAINT))
    g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_EXISTS,
                 _("The operation %s was applied already"), op_id);
  else
    g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/* Blobs */

gboolean
ringi_sqlite_storage_put_blob (RingiServerStorage *storage,
                               const char *sha256,
                               GBytes *data,
                               gint64 now,
                               GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  sqlite3_stmt *stmt;

  stmt = prepare (self,
                  "INSERT INTO blobs (sha256, size, data, created_at) VALUES (?, ?, ?, ?)"
                  " ON CONFLICT (sha256) DO NOTHING",
                  error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, sha256);
  sqlite3_bind_int64 (stmt, 2, g_bytes_get_size (data));
  ringi_db_bind_bytes (stmt, 3, data);
  sqlite3_bind_int64 (stmt, 4, now);
  return step_done (self, stmt, error);
}

GBytes *
ringi_sqlite_storage_get_blob (RingiServerStorage *storage,
                               const char *sha256,
                               GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;
  GBytes *data;

  stmt = prepare (self, "SELECT data FROM blobs WHERE sha256 = ?", error);
  if (stmt == NULL)
    return NULL;

  ringi_db_bind_text (stmt, 1, sha256);
  if (!ringi_db_step_row (self->db, stmt, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND,
                     _("There is no document %s"), sha256);
      return NULL;
    }

  data = ringi_db_column_dup_bytes (stmt, 0);
  sqlite3_reset (stmt);
  return data;
}

gint64
ringi_sqlite_storage_get_blob_size (RingiServerStorage *storage,
                                    const char *sha256,
                                    GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;
  gint64 size;

  stmt = prepare (self, "SELECT size FROM blobs WHERE sha256 = ?", error);
  if (stmt == NULL)
    return -1;

  ringi_db_bind_text (stmt, 1, sha256);
  if (!ringi_db_step_row (self->db, stmt, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND,
                     _("There is no document %s"), sha256);
      return -1;
    }

  size = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return size;
}

/* Requests */

static gboolean
insert_request (RingiSqliteStorage *self,
                const RingiRequestInfo *info,
                GError **error)
{
  sqlite3_stmt *stmt;

  stmt = prepare (self,
                  "INSERT INTO requests (id, title, category, amount, counterparty,"
                  " transaction_date, applicant, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                  error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, info->id);
  ringi_db_bind_text (stmt, 2, info->title ? info->title : "");
  ringi_db_bind_text (stmt, 3, info->category ? info->category : "");
  if (info->amount >= 0)
    sqlite3_bind_int64 (stmt, 4, info->amount);
  ringi_db_bind_text (stmt, 5, info->counterparty ? info->counterparty : "");
  ringi_db_bind_text (stmt, 6, info->transaction_date ? info->transaction_date : "");
  ringi_db_bind_text (stmt, 7, info->applicant);
  ringi_db_bind_text (stmt, 8, info->created_at ? info->created_at : "");
  return step_done (self, stmt, error);
}

static void
new_change_free (NewChange *change)
{
  g_free ((char *) change->kind);
  g_free ((char *) change->request_id);
  g_free ((char *) change->subject);
  g_free ((char *) change->payload);
  g_free (change);
}

static GPtrArray *
read_request_changes (RingiSqliteStorage *self,
                      const char *request_id,
                      GError **error)
{
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) new_change_free);
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;

  stmt = prepare (self,
                  "SELECT kind, subject, payload, created_at FROM changes"
                  " WHERE request_id = ? AND audience IS NULL ORDER BY seq",
                  error);
  if (stmt == NULL)
    return NULL;

  ringi_db_bind_text (stmt, 1, request_id);
  while (ringi_db_step_row (self->db, stmt, &local_error))
    {
      NewChange *change = g_new0 (NewChange, 1);

      change->kind = ringi_db_column_dup_text (stmt, 0);
      change->request_id = g_strdup (request_id);
      change->subject = ringi_db_column_dup_text (stmt, 1);
      change->payload = ringi_db_column_dup_text (stmt, 2);
      change->created_at = sqlite3_column_int64 (stmt, 3);
      g_ptr_array_add (changes, change);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&changes);
}

/* A new viewer's cursor may be past the request's changes: they get
 * copies of them, in order, under new numbers that only they see. */
static gboolean
replay_changes (RingiSqliteStorage *self,
                const char *request_id,
                const char *login,
                GError **error)
{
  g_autoptr(GPtrArray) changes = read_request_changes (self, request_id, error);

  if (changes == NULL)
    return FALSE;

  for (guint i = 0; i < changes->len; i++)
    {
      NewChange *change = g_ptr_array_index (changes, i);

      change->audience = login;
      if (ringi_sqlite_storage_insert_change_row (self, change, error) < 0)
        return FALSE;
    }

  return TRUE;
}

static gboolean
insert_viewer (RingiSqliteStorage *self,
               const char *request_id,
               const char *login,
               GError **error)
{
  sqlite3_stmt *stmt;

  stmt = prepare (self,
                  "INSERT INTO request_viewers (login, request_id) VALUES (?, ?)"
                  " ON CONFLICT DO NOTHING",
                  error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, login);
  ringi_db_bind_text (stmt, 2, request_id);
  if (!step_done (self, stmt, error))
    return FALSE;

  return n_changed_rows (self) == 0 || replay_changes (self, request_id, login, error);
}

static gboolean
insert_viewers (RingiSqliteStorage *self,
                const char *request_id,
                const char *const *logins,
                GError **error)
{
  for (guint i = 0; logins != NULL && logins[i] != NULL; i++)
    if (!insert_viewer (self, request_id, logins[i], error))
      return FALSE;

  return TRUE;
}

static gboolean
request_exists (RingiSqliteStorage *self,
                const char *id,
                GError **error)
{
  g_autofree char *found = NULL;

  if (!ringi_db_query_text (self->db, "SELECT id FROM requests WHERE id = ?", id, &found, error))
    return FALSE;

  if (found == NULL)
    {
      g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND,
                   _("There is no request %s"), id);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_new_request (RingiSqliteStorage *self,
                   const RingiRequestInfo *info,
                   GError **error)
{
  g_autofree char *found = NULL;

  if (!ringi_db_query_text (self->db, "SELECT id FROM requests WHERE id = ?", info->id, &found, error))
    return FALSE;

  if (found != NULL)
    {
      g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_EXISTS,
                   _("The request %s is stored already"), info->id);
      return FALSE;
    }

  return TRUE;
}

gboolean
ringi_sqlite_storage_add_request (RingiServerStorage *storage,
                                  const RingiRequestInfo *info,
                                  const char *const *viewers,
                                  GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  gboolean owned, ok;

  if (!write_begin (self, &owned, error))
    return FALSE;

  ok = check_new_request (self, info, error) &&
       insert_request (self, info, error) &&
       insert_viewer (self, info->id, info->applicant, error) &&
       insert_viewers (self, info->id, viewers, error);
  return write_end (self, owned, ok, error);
}

RingiRequestInfo *
ringi_sqlite_storage_get_request (RingiServerStorage *storage,
                                  const char *id,
                                  GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  g_autoptr(GError) local_error = NULL;
  RingiRequestInfo *info;
  sqlite3_stmt *stmt;

  stmt = prepare (self,
                  "SELECT " RINGI_REQUEST_INFO_COLUMNS " FROM requests WHERE id = ?",
                  error);
  if (stmt == NULL)
    return NULL;

  ringi_db_bind_text (stmt, 1, id);
  if (!ringi_db_step_row (self->db, stmt, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND,
                     _("There is no request %s"), id);
      return NULL;
    }

  info = ringi_request_info_from_row (stmt);
  sqlite3_reset (stmt);
  return info;
}

gboolean
ringi_sqlite_storage_add_viewers (RingiServerStorage *storage,
                                  const char *request_id,
                                  const char *const *logins,
                                  GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  gboolean owned, ok;

  if (!write_begin (self, &owned, error))
    return FALSE;

  ok = request_exists (self, request_id, error) &&
       insert_viewers (self, request_id, logins, error);
  return write_end (self, owned, ok, error);
}

/* Delegates are viewers of their own: add_delegation() makes them so. */
gboolean
ringi_sqlite_storage_check_viewer (RingiServerStorage *storage,
                                   const char *request_id,
                                   const char *login,
                                   GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;
  gboolean allowed;

  stmt = prepare (self,
                  "SELECT 1 FROM requests r WHERE r.id = ?1"
                  " AND (EXISTS (SELECT 1 FROM request_viewers v WHERE v.login = ?2 AND v.request_id = r.id)"
                  "  OR EXISTS (SELECT 1 FROM users u WHERE u.login = ?2 AND u.role = 'auditor'))",
                  error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, request_id);
  ringi_db_bind_text (stmt, 2, login);
  allowed = ringi_db_step_row (self->db, stmt, &local_error);
  sqlite3_reset (stmt);

  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else if (!allowed)
    g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND,
                 _("There is no request %s for %s"), request_id, login);
  return allowed;
}

/* Revisions */

gboolean
ringi_sqlite_storage_add_revision (RingiServerStorage *storage,
                                   const char *request_id,
                                   guint revision,
                                   const char *sha256,
                                   GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;

  stmt = prepare (self, "INSERT INTO revisions (request_id, revision, sha256) VALUES (?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, request_id);
  sqlite3_bind_int64 (stmt, 2, revision);
  ringi_db_bind_text (stmt, 3, sha256);
  if (step_done (self, stmt, &local_error))
    return TRUE;

  /* The request and the blob exist, or the revision is there already. */
  if (g_error_matches (local_error, RINGI_DB_ERROR, RINGI_DB_ERROR_CONSTRAINT))
    g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_INVALID,
                 _("Revision %u of request %s cannot be stored: the request or the document %s is missing, or the revision exists"),
                 revision, request_id, sha256);
  else
    g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

char *
ringi_sqlite_storage_get_revision (RingiServerStorage *storage,
                                   const char *request_id,
                                   guint revision,
                                   GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;
  char *sha256;

  stmt = prepare (self, "SELECT sha256 FROM revisions WHERE request_id = ? AND revision = ?", error);
  if (stmt == NULL)
    return NULL;

  ringi_db_bind_text (stmt, 1, request_id);
  sqlite3_bind_int64 (stmt, 2, revision);
  if (!ringi_db_step_row (self->db, stmt, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND,
                     _("Request %s has no revision %u"), request_id, revision);
      return NULL;
    }

  sha256 = ringi_db_column_dup_text (stmt, 0);
  sqlite3_reset (stmt);
  return sha256;
}

GPtrArray *
ringi_sqlite_storage_list_revisions (RingiServerStorage *storage,
                                     const char *request_id,
                                     GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  sqlite3_stmt *stmt;

  stmt = prepare (self, "SELECT sha256 FROM revisions WHERE request_id = ? ORDER BY revision", error);
  if (stmt == NULL)
    return NULL;

  ringi_db_bind_text (stmt, 1, request_id);
  return ringi_db_collect_rows (self->db, stmt, first_text_from_row, g_free, error);
}

gboolean
ringi_sqlite_storage_check_blob_reader (RingiServerStorage *storage,
                                        const char *sha256,
                                        const char *login,
                                        GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;
  gboolean allowed;

  stmt = prepare (self,
                  "SELECT 1 FROM revisions r WHERE r.sha256 = ?1"
                  " AND (EXISTS (SELECT 1 FROM request_viewers v WHERE v.login = ?2 AND v.request_id = r.request_id)"
                  "  OR EXISTS (SELECT 1 FROM users u WHERE u.login = ?2 AND u.role = 'auditor'))"
                  " LIMIT 1",
                  error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, sha256);
  ringi_db_bind_text (stmt, 2, login);
  allowed = ringi_db_step_row (self->db, stmt, &local_error);
  sqlite3_reset (stmt);

  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else if (!allowed)
    g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND,
                 _("There is no document %s for %s"), sha256, login);
  return allowed;
}

/* Stamps */

static gboolean
read_chain_end (RingiSqliteStorage *self,
                const char *request_id,
                guint *out_seq,
                char **out_sha256,
                GError **error)
{
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;

  stmt = prepare (self,
                  "SELECT seq, sha256 FROM stamps WHERE request_id = ? ORDER BY seq DESC LIMIT 1",
                  error);
  if (stmt == NULL)
    return FALSE;

  *out_seq = 0;
  *out_sha256 = NULL;
  ringi_db_bind_text (stmt, 1, request_id);
  if (ringi_db_step_row (self->db, stmt, &local_error))
    {
      *out_seq = sqlite3_column_int (stmt, 0);
      *out_sha256 = ringi_db_column_dup_text (stmt, 1);
      sqlite3_reset (stmt);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

typedef struct
{
  const char *request_id;
  const char *signer;
  GBytes *record;
  GBytes *signature;
  const char *previous_sha256;
} NewStamp;

static gboolean
insert_stamp (RingiSqliteStorage *self,
              const NewStamp *stamp,
              guint *out_seq,
              GError **error)
{
  g_autofree char *last_sha256 = NULL;
  g_autofree char *sha256 = NULL;
  sqlite3_stmt *stmt;
  guint last_seq;

  if (!request_exists (self, stamp->request_id, error) ||
      !read_chain_end (self, stamp->request_id, &last_seq, &last_sha256, error))
    return FALSE;

  /* The chain grows at its end only: the stamp must name the last one. */
  if (g_strcmp0 (last_sha256, stamp->previous_sha256) != 0)
    {
      g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_CHAIN,
                   _("The stamp does not follow the last stamp of request %s"), stamp->request_id);
      return FALSE;
    }

  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, stamp->record);
  stmt = prepare (self,
                  "INSERT INTO stamps (request_id, seq, signer, record, signature, sha256)"
                  " VALUES (?, ?, ?, ?, ?, ?)",
                  error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, stamp->request_id);
  sqlite3_bind_int64 (stmt, 2, last_seq + 1);
  ringi_db_bind_text (stmt, 3, stamp->signer);
  ringi_db_bind_bytes (stmt, 4, stamp->record);
  ringi_db_bind_bytes (stmt, 5, stamp->signature);
  ringi_db_bind_text (stmt, 6, sha256);
  if (!step_done (self, stmt, error))
    return FALSE;

  if (out_seq != NULL)
    *out_seq = last_seq + 1;
  return TRUE;
}

gboolean
ringi_sqlite_storage_append_stamp (RingiServerStorage *storage,
                                   const char *request_id,
                                   const char *signer,
                                   GBytes *record,
                                   GBytes *signature,
                                   const char *previous_sha256,
                                   guint *out_seq,
                                   GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  NewStamp stamp = { request_id, signer, record, signature, previous_sha256 };
  gboolean owned;

  if (!write_begin (self, &owned, error))
    return FALSE;

  return write_end (self, owned, insert_stamp (self, &stamp, out_seq, error), error);
}

GPtrArray *
ringi_sqlite_storage_list_stamps (RingiServerStorage *storage,
                                  const char *request_id,
                                  GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  sqlite3_stmt *stmt;

  stmt = prepare (self,
                  "SELECT " RINGI_STORED_STAMP_COLUMNS " FROM stamps WHERE request_id = ? ORDER BY seq",
                  error);
  if (stmt == NULL)
    return NULL;

  ringi_db_bind_text (stmt, 1, request_id);
  return ringi_db_collect_rows (self->db, stmt, (RingiDbRowFunc) ringi_stored_stamp_from_row,
                                (GDestroyNotify) ringi_stored_stamp_free, error);
}

/* Receipts */

gboolean
ringi_sqlite_storage_add_receipt (RingiServerStorage *storage,
                                  const char *stamp_sha256,
                                  gint64 change_seq,
                                  gint64 server_time,
                                  GBytes *record,
                                  GBytes *signature,
                                  GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  sqlite3_stmt *stmt;

  stmt = prepare (self,
                  "INSERT INTO receipts (stamp_sha256, change_seq, server_time, record, signature)"
                  " VALUES (?, ?, ?, ?, ?)",
                  error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, stamp_sha256);
  sqlite3_bind_int64 (stmt, 2, change_seq);
  sqlite3_bind_int64 (stmt, 3, server_time);
  ringi_db_bind_bytes (stmt, 4, record);
  ringi_db_bind_bytes (stmt, 5, signature);
  return step_done (self, stmt, error);
}

gboolean
ringi_sqlite_storage_get_receipt (RingiServerStorage *storage,
                                  const char *stamp_sha256,
                                  GBytes **out_record,
                                  GBytes **out_signature,
                                  GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;

  stmt = prepare (self, "SELECT record, signature FROM receipts WHERE stamp_sha256 = ?", error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, stamp_sha256);
  if (!ringi_db_step_row (self->db, stmt, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND,
                     _("The stamp %s has no receipt"), stamp_sha256);
      return FALSE;
    }

  if (out_record != NULL)
    *out_record = ringi_db_column_dup_bytes (stmt, 0);
  if (out_signature != NULL)
    *out_signature = ringi_db_column_dup_bytes (stmt, 1);
  sqlite3_reset (stmt);
  return TRUE;
}

/* Delegations */

static gboolean
insert_delegation (RingiSqliteStorage *self,
                   const RingiStoredDelegation *delegation,
                   GError **error)
{
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;

  stmt = prepare (self,
                  "INSERT INTO delegations (id, from_login, to_login, valid_from, valid_until, record, signature)"
                  " VALUES (?, ?, ?, ?, ?, ?, ?)",
                  error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, delegation->id);
  ringi_db_bind_text (stmt, 2, delegation->from_login);
  ringi_db_bind_text (stmt, 3, delegation->to_login);
  ringi_db_bind_text (stmt, 4, delegation->valid_from);
  ringi_db_bind_text (stmt, 5, delegation->valid_until);
  ringi_db_bind_bytes (stmt, 6, delegation->record);
  ringi_db_bind_bytes (stmt, 7, delegation->signature);
  if (step_done (self, stmt, &local_error))
    return TRUE;

  if (g_error_matches (local_error, RINGI_DB_ERROR, RINGI_DB_ERROR_CONSTRAINT))
    g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_EXISTS,
                 _("The delegation %s is stored already, or names someone who is not a user"), delegation->id);
  else
    g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/* The delegate may act on what the delegator may read, so reads it too:
 * every request of the delegator's now, and (by the handlers, who add
 * delegates with the route) those to come while the delegation lasts. */
static gboolean
share_requests (RingiSqliteStorage *self,
                const char *from_login,
                const char *to_login,
                GError **error)
{
  g_autoptr(GPtrArray) request_ids = NULL;
  sqlite3_stmt *stmt;

  stmt = prepare (self,
                  "SELECT request_id FROM request_viewers WHERE login = ?1"
                  " EXCEPT SELECT request_id FROM request_viewers WHERE login = ?2",
                  error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, from_login);
  ringi_db_bind_text (stmt, 2, to_login);
  request_ids = ringi_db_collect_rows (self->db, stmt, first_text_from_row, g_free, error);
  if (request_ids == NULL)
    return FALSE;

  for (guint i = 0; i < request_ids->len; i++)
    if (!insert_viewer (self, g_ptr_array_index (request_ids, i), to_login, error))
      return FALSE;

  return TRUE;
}

gboolean
ringi_sqlite_storage_add_delegation (RingiServerStorage *storage,
                                     const RingiStoredDelegation *delegation,
                                     GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  gboolean owned, ok;

  if (!write_begin (self, &owned, error))
    return FALSE;

  ok = insert_delegation (self, delegation, error) &&
       share_requests (self, delegation->from_login, delegation->to_login, error);
  return write_end (self, owned, ok, error);
}

GPtrArray *
ringi_sqlite_storage_list_delegations (RingiServerStorage *storage,
                                       const char *from_login,
                                       const char *to_login,
                                       GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  sqlite3_stmt *stmt;

  stmt = prepare (self,
                  "SELECT " RINGI_STORED_DELEGATION_COLUMNS
                  " FROM delegations WHERE (?1 IS NULL OR from_login = ?1) AND (?2 IS NULL OR to_login = ?2)"
                  " ORDER BY rowid",
                  error);
  if (stmt == NULL)
    return NULL;

  ringi_db_bind_text (stmt, 1, from_login);
  ringi_db_bind_text (stmt, 2, to_login);
  return ringi_db_collect_rows (self->db, stmt, (RingiDbRowFunc) ringi_stored_delegation_from_row,
                                (GDestroyNotify) ringi_stored_delegation_free, error);
}
