/* ringi-server-storage.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ringi-store.h"

G_BEGIN_DECLS

/**
 * RingiServerStorageError:
 * @RINGI_SERVER_STORAGE_ERROR_NOT_FOUND: no such user, code, token, blob…
 * @RINGI_SERVER_STORAGE_ERROR_EXISTS: the login, key or op is already stored
 * @RINGI_SERVER_STORAGE_ERROR_INVALID: a value the storage refuses (an
 *   unknown manager, a revoked key…)
 * @RINGI_SERVER_STORAGE_ERROR_EXPIRED: the code, nonce or token was valid
 *   once but its time is over
 * @RINGI_SERVER_STORAGE_ERROR_DISABLED: the user is disabled
 * @RINGI_SERVER_STORAGE_ERROR_CHAIN: a stamp does not continue the stored
 *   chain of its request
 *
 * Errors of the server's storage beyond those of the backend itself
 * (%RINGI_DB_ERROR for sqlite). Messages are for administrators; the HTTP
 * layer never sends them to clients as they are.
 */
typedef enum
{
  RINGI_SERVER_STORAGE_ERROR_NOT_FOUND,
  RINGI_SERVER_STORAGE_ERROR_EXISTS,
  RINGI_SERVER_STORAGE_ERROR_INVALID,
  RINGI_SERVER_STORAGE_ERROR_EXPIRED,
  RINGI_SERVER_STORAGE_ERROR_DISABLED,
  RINGI_SERVER_STORAGE_ERROR_CHAIN,
} RingiServerStorageError;

#define RINGI_SERVER_STORAGE_ERROR (ringi_server_storage_error_quark ())
GQuark ringi_server_storage_error_quark (void);

/**
 * RingiRouteTemplate:
 * @category: the request category the route is for
 * @min_amount: the route applies from this amount in yen upwards
 * @route: the canonical route text
 */
typedef struct
{
  char *category;
  gint64 min_amount;
  char *route;
} RingiRouteTemplate;

void ringi_route_template_free (RingiRouteTemplate *route_template);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RingiRouteTemplate, ringi_route_template_free)

/**
 * RingiServerChange:
 * @seq: the position in the change log; grows by one or more per change
 * @kind: what changed, e.g. "user", "route-template", "stamp"
 * @request_id: (nullable): the request concerned; %NULL for the directory
 * @subject: (nullable): the key of what changed (a login, a category…)
 * @payload: (nullable): JSON text the change carries
 * @created_at: server time, seconds since the Unix epoch
 */
typedef struct
{
  gint64 seq;
  char *kind;
  char *request_id;
  char *subject;
  char *payload;
  gint64 created_at;
} RingiServerChange;

void ringi_server_change_free (RingiServerChange *change);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RingiServerChange, ringi_server_change_free)

/**
 * RingiServerActivity:
 * @login: whose computer
 * @date: the day, `YYYY-MM-DD` in Asia/Tokyo
 * @first: the day's first activity time, seconds since the Unix epoch
 * @last: the day's last activity time
 *
 * One day of a person's objective record (docs/activity-record.md), as
 * the server keeps it: only its first and last times.
 */
typedef struct
{
  const char *login;
  const char *date;
  gint64 first;
  gint64 last;
} RingiServerActivity;

#define RINGI_TYPE_SERVER_STORAGE (ringi_server_storage_get_type ())
G_DECLARE_INTERFACE (RingiServerStorage, ringi_server_storage, RINGI, SERVER_STORAGE, GObject)

/**
 * RingiServerStorageInterface:
 *
 * Everything the server keeps, without a word of SQL: a backend (sqlite
 * today, PostgreSQL perhaps later) implements these. Times are seconds
 * since the Unix epoch and always given by the caller, so that the
 * server's clock is one place and tests can move it. Secrets (enrollment
 * codes, tokens) reach the storage only as their sha256.
 *
 * Every writing call is atomic on its own. Calls between begin() and
 * commit() share one transaction; when one of them fails the caller must
 * call rollback().
 */
struct _RingiServerStorageInterface
{
  GTypeInterface parent_iface;

  gboolean (*begin) (RingiServerStorage *self,
                     GError **error);
  gboolean (*commit) (RingiServerStorage *self,
                      GError **error);
  void (*rollback) (RingiServerStorage *self);

  gboolean (*add_user) (RingiServerStorage *self,
                        const RingiUser *user,
                        gint64 now,
                        GError **error);
  RingiUser *(*get_user) (RingiServerStorage *self,
                          const char *login,
                          GError **error);
  GPtrArray *(*list_users) (RingiServerStorage *self,
                            GError **error);
  gboolean (*set_user_disabled) (RingiServerStorage *self,
                                 const char *login,
                                 gboolean disabled,
                                 gint64 now,
                                 GError **error);
  gboolean (*bind_key) (RingiServerStorage *self,
                        const char *login,
                        const char *fingerprint,
                        GBytes *public_key,
                        gint64 now,
                        GError **error);
  gboolean (*revoke_key) (RingiServerStorage *self,
                          const char *login,
                          gint64 now,
                          GError **error);

  gboolean (*set_enrollment_code) (RingiServerStorage *self,
                                   const char *login,
                                   const char *code_sha256,
                                   gint64 expires_at,
                                   GError **error);
  gboolean (*check_enrollment_code) (RingiServerStorage *self,
                                     const char *login,
                                     const char *code_sha256,
                                     gint64 now,
                                     GError **error);
  gboolean (*redeem_enrollment_code) (RingiServerStorage *self,
                                      const char *login,
                                      const char *code_sha256,
                                      gint64 now,
                                      GError **error);

  gboolean (*add_login_nonce) (RingiServerStorage *self,
                               const char *nonce,
                               const char *login,
                               gint64 expires_at,
                               GError **error);
  gboolean (*take_login_nonce) (RingiServerStorage *self,
                                const char *nonce,
                                const char *login,
                                gint64 now,
                                GError **error);

  gboolean (*add_token) (RingiServerStorage *self,
                         const char *token_sha256,
                         const char *login,
                         gint64 now,
                         gint64 expires_at,
                         GError **error);
  char *(*lookup_token) (RingiServerStorage *self,
                         const char *token_sha256,
                         gint64 now,
                         gint64 idle_seconds,
                         GError **error);
  gboolean (*delete_token) (RingiServerStorage *self,
                            const char *token_sha256,
                            GError **error);

  gboolean (*put_route_template) (RingiServerStorage *self,
                                  const RingiRouteTemplate *route_template,
                                  gint64 now,
                                  GError **error);
  GPtrArray *(*list_route_templates) (RingiServerStorage *self,
                                      GError **error);

  gint64 (*append_change) (RingiServerStorage *self,
                           const char *kind,
                           const char *request_id,
                           const char *subject,
                           const char *payload,
                           gint64 now,
                           GError **error);
  GPtrArray *(*list_changes) (RingiServerStorage *self,
                              gint64 after_seq,
                              const char *viewer,
                              guint limit,
                              GError **error);
  gint64 (*get_last_change_seq) (RingiServerStorage *self,
                                 GError **error);
  gint64 (*get_last_visible_seq) (RingiServerStorage *self,
                                  const char *viewer,
                                  GError **error);
  gboolean (*reserve_change_seq) (RingiServerStorage *self,
                                  gint64 last_used,
                                  GError **error);

  gboolean (*lookup_op) (RingiServerStorage *self,
                         const char *op_id,
                         const char *login,
                         guint *out_status,
                         char **out_result,
                         GError **error);
  gboolean (*record_op) (RingiServerStorage *self,
                         const char *op_id,
                         const char *login,
                         guint status,
                         const char *result,
                         gint64 now,
                         GError **error);

  gboolean (*put_blob) (RingiServerStorage *self,
                        const char *sha256,
                        GBytes *data,
                        gint64 now,
                        GError **error);
  GBytes *(*get_blob) (RingiServerStorage *self,
                       const char *sha256,
                       GError **error);
  gint64 (*get_blob_size) (RingiServerStorage *self,
                           const char *sha256,
                           GError **error);

  gboolean (*add_request) (RingiServerStorage *self,
                           const RingiRequestInfo *info,
                           const char *const *viewers,
                           GError **error);
  RingiRequestInfo *(*get_request) (RingiServerStorage *self,
                                    const char *id,
                                    GError **error);
  gboolean (*add_viewers) (RingiServerStorage *self,
                           const char *request_id,
                           const char *const *logins,
                           GError **error);
  gboolean (*check_viewer) (RingiServerStorage *self,
                            const char *request_id,
                            const char *login,
                            GError **error);
  gboolean (*add_revision) (RingiServerStorage *self,
                            const char *request_id,
                            guint revision,
                            const char *sha256,
                            GError **error);
  char *(*get_revision) (RingiServerStorage *self,
                         const char *request_id,
                         guint revision,
                         GError **error);
  GPtrArray *(*list_revisions) (RingiServerStorage *self,
                                const char *request_id,
                                GError **error);
  gboolean (*check_blob_reader) (RingiServerStorage *self,
                                 const char *sha256,
                                 const char *login,
                                 GError **error);
  gboolean (*append_stamp) (RingiServerStorage *self,
                            const char *request_id,
                            const char *signer,
                            GBytes *record,
                            GBytes *signature,
                            const char *previous_sha256,
                            guint *out_seq,
                            GError **error);
  GPtrArray *(*list_stamps) (RingiServerStorage *self,
                             const char *request_id,
                             GError **error);
  gboolean (*add_receipt) (RingiServerStorage *self,
                           const char *stamp_sha256,
                           gint64 change_seq,
                           gint64 server_time,
                           GBytes *record,
                           GBytes *signature,
                           GError **error);
  gboolean (*get_receipt) (RingiServerStorage *self,
                           const char *stamp_sha256,
                           GBytes **out_record,
                           GBytes **out_signature,
                           GError **error);

  gboolean (*add_delegation) (RingiServerStorage *self,
                              const RingiStoredDelegation *delegation,
                              GError **error);
  GPtrArray *(*list_delegations) (RingiServerStorage *self,
                                  const char *from_login,
                                  const char *to_login,
                                  GError **error);

  char *(*get_setting) (RingiServerStorage *self,
                        const char *key,
                        GError **error);
  gboolean (*set_setting) (RingiServerStorage *self,
                           const char *key,
                           const char *value,
                           GError **error);

  gboolean (*set_employee_class) (RingiServerStorage *self,
                                  const char *login,
                                  const char *employee_class,
                                  gint64 now,
                                  GError **error);
  gboolean (*set_manager) (RingiServerStorage *self,
                           const char *login,
                           const char *manager,
                           gint64 now,
                           GError **error);
  gboolean (*share_changes) (RingiServerStorage *self,
                             const char *owner,
                             const char *login,
                             GHashTable *subjects,
                             guint *out_shared,
                             GError **error);
  gint64 (*add_punch) (RingiServerStorage *self,
                       const RingiStoredPunch *punch,
                       const char *payload,
                       GError **error);
  RingiStoredPunch *(*get_punch) (RingiServerStorage *self,
                                  const char *punch,
                                  GError **error);
  GPtrArray *(*list_punches) (RingiServerStorage *self,
                              const char *login,
                              gint64 from,
                              gint64 until,
                              GError **error);
  GPtrArray *(*list_punch_fields) (RingiServerStorage *self,
                                   const char *login,
                                   gint64 from,
                                   gint64 until,
                                   GError **error);
  gboolean (*add_pending_punch) (RingiServerStorage *self,
                                 const char *request_id,
                                 const RingiStoredPunch *punch,
                                 gint64 now,
                                 GError **error);
  RingiStoredPunch *(*get_pending_punch) (RingiServerStorage *self,
                                          const char *request_id,
                                          GError **error);
  char *(*find_pending_punch) (RingiServerStorage *self,
                               const char *punch,
                               GError **error);

  gboolean (*add_month_close) (RingiServerStorage *self,
                               const RingiStoredMonthClose *close,
                               const char *payload,
                               gint64 now,
                               GError **error);
  GPtrArray *(*list_month_closes) (RingiServerStorage *self,
                                   const char *login,
                                   const char *month,
                                   GError **error);

  gboolean (*purge_attendance) (RingiServerStorage *self,
                                gint64 before,
                                guint *out_punches,
                                guint *out_closes,
                                GError **error);

  gboolean (*merge_activity) (RingiServerStorage *self,
                              RingiServerActivity *day,
                              gint64 now,
                              gboolean *out_changed,
                              GError **error);
  gint64 (*append_owner_change) (RingiServerStorage *self,
                                 const char *kind,
                                 const char *subject,
                                 const char *owner,
                                 const char *payload,
                                 gint64 now,
                                 GError **error);
  gboolean (*purge_activity) (RingiServerStorage *self,
                              gint64 before,
                              guint *out_days,
                              GError **error);

  gboolean (*backup) (RingiServerStorage *self,
                      const char *out_path,
                      GError **error);
  gboolean (*check_integrity) (RingiServerStorage *self,
                               GError **error);
};

gboolean ringi_server_storage_begin (RingiServerStorage *self,
                                     GError **error);
gboolean ringi_server_storage_commit (RingiServerStorage *self,
                                      GError **error);
void ringi_server_storage_rollback (RingiServerStorage *self);

gboolean ringi_server_storage_add_user (RingiServerStorage *self,
                                        const RingiUser *user,
                                        gint64 now,
                                        GError **error);
RingiUser *ringi_server_storage_get_user (RingiServerStorage *self,
                                          const char *login,
                                          GError **error);
GPtrArray *ringi_server_storage_list_users (RingiServerStorage *self,
                                            GError **error);
gboolean ringi_server_storage_set_user_disabled (RingiServerStorage *self,
                                                 const char *login,
                                                 gboolean disabled,
                                                 gint64 now,
                                                 GError **error);
gboolean ringi_server_storage_bind_key (RingiServerStorage *self,
                                        const char *login,
                                        const char *fingerprint,
                                        GBytes *public_key,
                                        gint64 now,
                                        GError **error);
gboolean ringi_server_storage_revoke_key (RingiServerStorage *self,
                                          const char *login,
                                          gint64 now,
                                          GError **error);

gboolean ringi_server_storage_set_enrollment_code (RingiServerStorage *self,
                                                   const char *login,
                                                   const char *code_sha256,
                                                   gint64 expires_at,
                                                   GError **error);
gboolean ringi_server_storage_check_enrollment_code (RingiServerStorage *self,
                                                     const char *login,
                                                     const char *code_sha256,
                                                     gint64 now,
                                                     GError **error);
gboolean ringi_server_storage_redeem_enrollment_code (RingiServerStorage *self,
                                                      const char *login,
                                                      const char *code_sha256,
                                                      gint64 now,
                                                      GError **error);

gboolean ringi_server_storage_add_login_nonce (RingiServerStorage *self,
                                               const char *nonce,
                                               const char *login,
                                               gint64 expires_at,
                                               GError **error);
gboolean ringi_server_storage_take_login_nonce (RingiServerStorage *self,
                                                const char *nonce,
                                                const char *login,
                                                gint64 now,
                                                GError **error);

gboolean ringi_server_storage_add_token (RingiServerStorage *self,
                                         const char *token_sha256,
                                         const char *login,
                                         gint64 now,
                                         gint64 expires_at,
                                         GError **error);
char *ringi_server_storage_lookup_token (RingiServerStorage *self,
                                         const char *token_sha256,
                                         gint64 now,
                                         gint64 idle_seconds,
                                         GError **error);
gboolean ringi_server_storage_delete_token (RingiServerStorage *self,
                                            const char *token_sha256,
                                            GError **error);

gboolean ringi_server_storage_put_route_template (RingiServerStorage *self,
                                                  const RingiRouteTemplate *route_template,
                                                  gint64 now,
                                                  GError **error);
GPtrArray *ringi_server_storage_list_route_templates (RingiServerStorage *self,
                                                      GError **error);

gint64 ringi_server_storage_append_change (RingiServerStorage *self,
                                           const char *kind,
                                           const char *request_id,
                                           const char *subject,
                                           const char *payload,
                                           gint64 now,
                                           GError **error);
GPtrArray *ringi_server_storage_list_changes (RingiServerStorage *self,
                                              gint64 after_seq,
                                              const char *viewer,
                                              guint limit,
                                              GError **error);
gint64 ringi_server_storage_get_last_change_seq (RingiServerStorage *self,
                                                 GError **error);
gboolean ringi_server_storage_reserve_change_seq (RingiServerStorage *self,
                                                  gint64 last_used,
                                                  GError **error);
gint64 ringi_server_storage_get_last_visible_seq (RingiServerStorage *self,
                                                  const char *viewer,
                                                  GError **error);

gboolean ringi_server_storage_lookup_op (RingiServerStorage *self,
                                         const char *op_id,
                                         const char *login,
                                         guint *out_status,
                                         char **out_result,
                                         GError **error);
gboolean ringi_server_storage_record_op (RingiServerStorage *self,
                                         const char *op_id,
                                         const char *login,
                                         guint status,
                                         const char *result,
                                         gint64 now,
                                         GError **error);

gboolean ringi_server_storage_put_blob (RingiServerStorage *self,
                                        const char *sha256,
                                        GBytes *data,
                                        gint64 now,
                                        GError **error);
GBytes *ringi_server_storage_get_blob (RingiServerStorage *self,
                                       const char *sha256,
                                       GError **error);
gint64 ringi_server_storage_get_blob_size (RingiServerStorage *self,
                                           const char *sha256,
                                           GError **error);

gboolean ringi_server_storage_add_request (RingiServerStorage *self,
                                           const RingiRequestInfo *info,
                                           const char *const *viewers,
                                           GError **error);
RingiRequestInfo *ringi_server_storage_get_request (RingiServerStorage *self,
                                                    const char *id,
                                                    GError **error);
gboolean ringi_server_storage_add_viewers (RingiServerStorage *self,
                                           const char *request_id,
                                           const char *const *logins,
                                           GError **error);
gboolean ringi_server_storage_check_viewer (RingiServerStorage *self,
                                            const char *request_id,
                                            const char *login,
                                            GError **error);
gboolean ringi_server_storage_add_revision (RingiServerStorage *self,
                                            const char *request_id,
                                            guint revision,
                                            const char *sha256,
                                            GError **error);
char *ringi_server_storage_get_revision (RingiServerStorage *self,
                                         const char *request_id,
                                         guint revision,
                                         GError **error);
GPtrArray *ringi_server_storage_list_revisions (RingiServerStorage *self,
                                                const char *request_id,
                                                GError **error);
gboolean ringi_server_storage_check_blob_reader (RingiServerStorage *self,
                                                 const char *sha256,
                                                 const char *login,
                                                 GError **error);
gboolean ringi_server_storage_append_stamp (RingiServerStorage *self,
                                            const char *request_id,
                                            const char *signer,
                                            GBytes *record,
                                            GBytes *signature,
                                            const char *previous_sha256,
                                            guint *out_seq,
                                            GError **error);
GPtrArray *ringi_server_storage_list_stamps (RingiServerStorage *self,
                                             const char *request_id,
                                             GError **error);
gboolean ringi_server_storage_add_receipt (RingiServerStorage *self,
                                           const char *stamp_sha256,
                                           gint64 change_seq,
                                           gint64 server_time,
                                           GBytes *record,
                                           GBytes *signature,
                                           GError **error);
gboolean ringi_server_storage_get_receipt (RingiServerStorage *self,
                                           const char *stamp_sha256,
                                           GBytes **out_record,
                                           GBytes **out_signature,
                                           GError **error);

gboolean ringi_server_storage_add_delegation (RingiServerStorage *self,
                                              const RingiStoredDelegation *delegation,
                                              GError **error);
GPtrArray *ringi_server_storage_list_delegations (RingiServerStorage *self,
                                                  const char *from_login,
                                                  const char *to_login,
                                                  GError **error);

char *ringi_server_storage_get_setting (RingiServerStorage *self,
                                        const char *key,
                                        GError **error);
gboolean ringi_server_storage_set_setting (RingiServerStorage *self,
                                           const char *key,
                                           const char *value,
                                           GError **error);

gboolean ringi_server_storage_set_employee_class (RingiServerStorage *self,
                                                  const char *login,
                                                  const char *employee_class,
                                                  gint64 now,
                                                  GError **error);
gboolean ringi_server_storage_set_manager (RingiServerStorage *self,
                                           const char *login,
                                           const char *manager,
                                           gint64 now,
                                           GError **error);
gboolean ringi_server_storage_share_changes (RingiServerStorage *self,
                                             const char *owner,
                                             const char *login,
                                             GHashTable *subjects,
                                             guint *out_shared,
                                             GError **error);
gint64 ringi_server_storage_add_punch (RingiServerStorage *self,
                                       const RingiStoredPunch *punch,
                                       const char *payload,
                                       GError **error);
RingiStoredPunch *ringi_server_storage_get_punch (RingiServerStorage *self,
                                                  const char *punch,
                                                  GError **error);
GPtrArray *ringi_server_storage_list_punches (RingiServerStorage *self,
                                              const char *login,
                                              gint64 from,
                                              gint64 until,
                                              GError **error);
GPtrArray *ringi_server_storage_list_punch_fields (RingiServerStorage *self,
                                                   const char *login,
                                                   gint64 from,
                                                   gint64 until,
                                                   GError **error);
gboolean ringi_server_storage_add_pending_punch (RingiServerStorage *self,
                                                 const char *request_id,
                                                 const RingiStoredPunch *punch,
                                                 gint64 now,
                                                 GError **error);
RingiStoredPunch *ringi_server_storage_get_pending_punch (RingiServerStorage *self,
                                                          const char *request_id,
                                                          GError **error);
char *ringi_server_storage_find_pending_punch (RingiServerStorage *self,
                                               const char *punch,
                                               GError **error);

gboolean ringi_server_storage_add_month_close (RingiServerStorage *self,
                                               const RingiStoredMonthClose *close,
                                               const char *payload,
                                               gint64 now,
                                               GError **error);
GPtrArray *ringi_server_storage_list_month_closes (RingiServerStorage *self,
                                                   const char *login,
                                                   const char *month,
                                                   GError **error);

gboolean ringi_server_storage_purge_attendance (RingiServerStorage *self,
                                                gint64 before,
                                                guint *out_punches,
                                                guint *out_closes,
                                                GError **error);

gboolean ringi_server_storage_merge_activity (RingiServerStorage *self,
                                              RingiServerActivity *day,
                                              gint64 now,
                                              gboolean *out_changed,
                                              GError **error);
gint64 ringi_server_storage_append_owner_change (RingiServerStorage *self,
                                                 const char *kind,
                                                 const char *subject,
                                                 const char *owner,
                                                 const char *payload,
                                                 gint64 now,
                                                 GError **error);
gboolean ringi_server_storage_purge_activity (RingiServerStorage *self,
                                              gint64 before,
                                              guint *out_days,
                                              GError **error);

gboolean ringi_server_storage_backup (RingiServerStorage *self,
                                      const char *out_path,
                                      GError **error);
gboolean ringi_server_storage_check_integrity (RingiServerStorage *self,
                                               GError **error);

G_END_DECLS
