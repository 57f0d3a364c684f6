/* ringi-sqlite-storage-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ringi-db.h"
#include "ringi-sqlite-storage.h"

G_BEGIN_DECLS

struct _RingiSqliteStorage
{
  GObject parent_instance;

  RingiDb *db;
  /* A purge was written in the open transaction: its commit empties the
   * write-ahead log. */
  gboolean purged;
};

/* Helpers every part of the storage uses: one-line wrappers, inline so
 * that the parts call them as the single file did. */

static inline sqlite3_stmt *
prepare (RingiSqliteStorage *self,
         const char *sql,
         GError **error)
{
  return ringi_db_prepare (self->db, sql, error);
}

static inline gboolean
step_done (RingiSqliteStorage *self,
           sqlite3_stmt *stmt,
           GError **error)
{
  return ringi_db_step_done (self->db, stmt, error);
}

static inline gpointer
first_text_from_row (sqlite3_stmt *stmt)
{
  return ringi_db_column_dup_text (stmt, 0);
}

static inline int
n_changed_rows (RingiSqliteStorage *self)
{
  return sqlite3_changes (ringi_db_get_handle (self->db));
}

/* A write joins the caller's transaction when there is one, and makes
 * its own otherwise, so that every call is atomic on its own. */
static inline gboolean
write_begin (RingiSqliteStorage *self,
             gboolean *owned,
             GError **error)
{
  *owned = sqlite3_get_autocommit (ringi_db_get_handle (self->db));
  return !*owned || ringi_db_begin (self->db, error);
}

static inline gboolean
write_end (RingiSqliteStorage *self,
           gboolean owned,
           gboolean ok,
           GError **error)
{
  if (!owned)
    return ok;

  if (ok && ringi_db_commit (self->db, error))
    return TRUE;

  ringi_db_rollback (self->db);
  return FALSE;
}

typedef struct
{
  const char *kind;
  const char *request_id;
  const char *subject;
  const char *payload;
  gint64 created_at;
  const char *audience;
  const char *owner;
} NewChange;

gint64 ringi_sqlite_storage_insert_change_row (RingiSqliteStorage *self,
                                               const NewChange *change,
                                               GError **error);

static inline gint64
insert_change (RingiSqliteStorage *self,
               const char *kind,
               const char *request_id,
               const char *subject,
               const char *payload,
               gint64 now,
               GError **error)
{
  NewChange change = { kind, request_id, subject, payload, now, NULL, NULL };

  return ringi_sqlite_storage_insert_change_row (self, &change, error);
}

/* ringi-sqlite-storage.c */
void ringi_sqlite_storage_empty_log (RingiSqliteStorage *self);

/* ringi-sqlite-storage-changes.c */
gint64 ringi_sqlite_storage_append_change (RingiServerStorage *storage,
                                           const char *kind,
                                           const char *request_id,
                                           const char *subject,
                                           const char *payload,
                                           gint64 now,
                                           GError **error);
GPtrArray *ringi_sqlite_storage_list_changes (RingiServerStorage *storage,
                                              gint64 after_seq,
                                              const char *viewer,
                                              guint limit,
                                              GError **error);
gint64 ringi_sqlite_storage_get_last_change_seq (RingiServerStorage *storage,
                                                 GError **error);
gboolean ringi_sqlite_storage_reserve_change_seq (RingiServerStorage *storage,
                                                  gint64 last_used,
                                                  GError **error);
gint64 ringi_sqlite_storage_get_last_visible_seq (RingiServerStorage *storage,
                                                  const char *viewer,
                                                  GError **error);

/* ringi-sqlite-storage-users.c */
void ringi_sqlite_storage_set_not_found (GError **error,
                                         const char *login);
gboolean ringi_sqlite_storage_user_exists (RingiSqliteStorage *self,
                                           const char *login,
                                           gboolean *out_exists,
                                           GError **error);
gboolean ringi_sqlite_storage_add_user (RingiServerStorage *storage,
                                        const RingiUser *user,
                                        gint64 now,
                                        GError **error);
RingiUser *ringi_sqlite_storage_get_user (RingiServerStorage *storage,
                                          const char *login,
                                          GError **error);
GPtrArray *ringi_sqlite_storage_list_users (RingiServerStorage *storage,
                                            GError **error);
gboolean ringi_sqlite_storage_set_user_disabled (RingiServerStorage *storage,
                                                 const char *login,
                                                 gboolean disabled,
                                                 gint64 now,
                                                 GError **error);
gboolean ringi_sqlite_storage_bind_key (RingiServerStorage *storage,
                                        const char *login,
                                        const char *fingerprint,
                                        GBytes *public_key,
                                        gint64 now,
                                        GError **error);
gboolean ringi_sqlite_storage_revoke_key (RingiServerStorage *storage,
                                          const char *login,
                                          gint64 now,
                                          GError **error);
gboolean ringi_sqlite_storage_set_enrollment_code (RingiServerStorage *storage,
                                                   const char *login,
                                                   const char *code_sha256,
                                                   gint64 expires_at,
                                                   GError **error);
gboolean ringi_sqlite_storage_redeem_enrollment_code (RingiServerStorage *storage,
                                                      const char *login,
                                                      const char *code_sha256,
                                                      gint64 now,
                                                      GError **error);
gboolean ringi_sqlite_storage_check_enrollment_code (RingiServerStorage *storage,
                                                     const char *login,
                                                     const char *code_sha256,
                                                     gint64 now,
                                                     GError **error);
gboolean ringi_sqlite_storage_add_login_nonce (RingiServerStorage *storage,
                                               const char *nonce,
                                               const char *login,
                                               gint64 expires_at,
                                               GError **error);
gboolean ringi_sqlite_storage_take_login_nonce (RingiServerStorage *storage,
                                                const char *nonce,
                                                const char *login,
                                                gint64 now,
                                                GError **error);
gboolean ringi_sqlite_storage_add_token (RingiServerStorage *storage,
                                         const char *token_sha256,
                                         const char *login,
                                         gint64 now,
                                         gint64 expires_at,
                                         GError **error);
gboolean ringi_sqlite_storage_delete_token (RingiServerStorage *storage,
                                            const char *token_sha256,
                                            GError **error);
char *ringi_sqlite_storage_lookup_token (RingiServerStorage *storage,
                                         const char *token_sha256,
                                         gint64 now,
                                         gint64 idle_seconds,
                                         GError **error);
gboolean ringi_sqlite_storage_put_route_template (RingiServerStorage *storage,
                                                  const RingiRouteTemplate *route_template,
                                                  gint64 now,
                                                  GError **error);
GPtrArray *ringi_sqlite_storage_list_route_templates (RingiServerStorage *storage,
                                                      GError **error);

/* ringi-sqlite-storage-requests.c */
gboolean ringi_sqlite_storage_lookup_op (RingiServerStorage *storage,
                                         const char *op_id,
                                         const char *login,
                                         guint *out_status,
                                         char **out_result,
                                         GError **error);
gboolean ringi_sqlite_storage_record_op (RingiServerStorage *storage,
                                         const char *op_id,
                                         const char *login,
                                         guint status,
                                         const char *result,
                                         gint64 now,
                                         GError **error);
gboolean ringi_sqlite_storage_put_blob (RingiServerStorage *storage,
                                        const char *sha256,
                                        GBytes *data,
                                        gint64 now,
                                        GError **error);
GBytes *ringi_sqlite_storage_get_blob (RingiServerStorage *storage,
                                       const char *sha256,
                                       GError **error);
gint64 ringi_sqlite_storage_get_blob_size (RingiServerStorage *storage,
                                           const char *sha256,
                                           GError **error);
gboolean ringi_sqlite_storage_add_request (RingiServerStorage *storage,
                                           const RingiRequestInfo *info,
                                           const char *const *viewers,
                                           GError **error);
RingiRequestInfo *ringi_sqlite_storage_get_request (RingiServerStorage *storage,
                                                    const char *id,
                                                    GError **error);
gboolean ringi_sqlite_storage_add_viewers (RingiServerStorage *storage,
                                           const char *request_id,
                                           const char *const *logins,
                                           GError **error);
gboolean ringi_sqlite_storage_check_viewer (RingiServerStorage *storage,
                                            const char *request_id,
                                            const char *login,
                                            GError **error);
gboolean ringi_sqlite_storage_add_revision (RingiServerStorage *storage,
                                            const char *request_id,
                                            guint revision,
                                            const char *sha256,
                                            GError **error);
char *ringi_sqlite_storage_get_revision (RingiServerStorage *storage,
                                         const char *request_id,
                                         guint revision,
                                         GError **error);
GPtrArray *ringi_sqlite_storage_list_revisions (RingiServerStorage *storage,
                                                const char *request_id,
                                                GError **error);
gboolean ringi_sqlite_storage_check_blob_reader (RingiServerStorage *storage,
                                                 const char *sha256,
                                                 const char *login,
                                                 GError **error);
gboolean ringi_sqlite_storage_append_stamp (RingiServerStorage *storage,
                                            const char *request_id,
                                            const char *signer,
                                            GBytes *record,
                                            GBytes *signature,
                                            const char *previous_sha256,
                                            guint *out_seq,
                                            GError **error);
GPtrArray *ringi_sqlite_storage_list_stamps (RingiServerStorage *storage,
                                             const char *request_id,
                                             GError **error);
gboolean ringi_sqlite_storage_add_receipt (RingiServerStorage *storage,
                                           const char *stamp_sha256,
                                           gint64 change_seq,
                                           gint64 server_time,
                                           GBytes *record,
                                           GBytes *signature,
                                           GError **error);
gboolean ringi_sqlite_storage_get_receipt (RingiServerStorage *storage,
                                           const char *stamp_sha256,
                                           GBytes **out_record,
                                           GBytes **out_signature,
                                           GError **error);
gboolean ringi_sqlite_storage_add_delegation (RingiServerStorage *storage,
                                              const RingiStoredDelegation *delegation,
                                              GError **error);
GPtrArray *ringi_sqlite_storage_list_delegations (RingiServerStorage *storage,
                                                  const char *from_login,
                                                  const char *to_login,
                                                  GError **error);

/* ringi-sqlite-storage-attendance.c */
gboolean ringi_sqlite_storage_set_employee_class (RingiServerStorage *storage,
                                                  const char *login,
                                                  const char *employee_class,
                                                  gint64 now,
                                                  GError **error);
gboolean ringi_sqlite_storage_set_manager (RingiServerStorage *storage,
                                           const char *login,
                                           const char *manager,
                                           gint64 now,
                                           GError **error);
gboolean ringi_sqlite_storage_share_changes (RingiServerStorage *storage,
                                             const char *owner,
                                             const char *login,
                                             GHashTable *subjects,
                                             guint *out_shared,
                                             GError **error);
gint64 ringi_sqlite_storage_add_punch (RingiServerStorage *storage,
                                       const RingiStoredPunch *punch,
                                       const char *payload,
                                       GError **error);
gboolean ringi_sqlite_storage_add_month_close (RingiServerStorage *storage,
                                               const RingiStoredMonthClose *close,
                                               const char *payload,
                                               gint64 now,
                                               GError **error);
GPtrArray *ringi_sqlite_storage_list_month_closes (RingiServerStorage *storage,
                                                   const char *login,
                                                   const char *month,
                                                   GError **error);
gboolean ringi_sqlite_storage_merge_activity (RingiServerStorage *storage,
                                              RingiServerActivity *day,
                                              gint64 now,
                                              gboolean *out_changed,
                                              GError **error);
gint64 ringi_sqlite_storage_append_owner_change (RingiServerStorage *storage,
                                                 const char *kind,
                                                 const char *subject,
                                                 const char *owner,
                                                 const char *payload,
                                                 gint64 now,
                                                 GError **error);
RingiStoredPunch *ringi_sqlite_storage_get_punch (RingiServerStorage *storage,
                                                  const char *uuid,
                                                  GError **error);
GPtrArray *ringi_sqlite_storage_list_punches (RingiServerStorage *storage,
                                              const char *login,
                                              gint64 from,
                                              gint64 until,
                                              GError **error);
GPtrArray *ringi_sqlite_storage_list_punch_fields (RingiServerStorage *storage,
                                                   const char *login,
                                                   gint64 from,
                                                   gint64 until,
                                                   GError **error);
gboolean ringi_sqlite_storage_add_pending_punch (RingiServerStorage *storage,
                                                 const char *request_id,
                                                 const RingiStoredPunch *punch,
                                                 gint64 now,
                                                 GError **error);
RingiStoredPunch *ringi_sqlite_storage_get_pending_punch (RingiServerStorage *storage,
                                                          const char *request_id,
                                                          GError **error);
char *ringi_sqlite_storage_find_pending_punch (RingiServerStorage *storage,
                                               const char *punch,
                                               GError **error);

/* ringi-sqlite-storage-purge.c */
gboolean ringi_sqlite_storage_purge_attendance (RingiServerStorage *storage,
                                                gint64 before,
                                                guint *out_punches,
                                                guint *out_closes,
                                                GError **error);
gboolean ringi_sqlite_storage_purge_activity (RingiServerStorage *storage,
                                              gint64 before,
                                              guint *out_days,
                                              GError **error);

G_END_DECLS
