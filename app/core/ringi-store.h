/* ringi-store.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ringi-db.h"
#include "ringi-punch.h"

G_BEGIN_DECLS

/**
 * RingiStoreError:
 * @RINGI_STORE_ERROR_NOT_FOUND: no such user, request, revision or blob
 * @RINGI_STORE_ERROR_CHAIN: a stamp does not continue the stored chain
 * @RINGI_STORE_ERROR_INVALID: a value the store refuses (bad hash, login…)
 * @RINGI_STORE_ERROR_EXISTS: the request or revision is already stored
 *
 * Errors of the profile store beyond those of %RINGI_DB_ERROR.
 */
typedef enum
{
  RINGI_STORE_ERROR_NOT_FOUND,
  RINGI_STORE_ERROR_CHAIN,
  RINGI_STORE_ERROR_INVALID,
  RINGI_STORE_ERROR_EXISTS,
} RingiStoreError;

#define RINGI_STORE_ERROR (ringi_store_error_quark ())
GQuark ringi_store_error_quark (void);

/**
 * RingiUser:
 *
 * One person of the directory. @fingerprint is the 40-hex OpenPGP
 * fingerprint the server binds to @login, or %NULL before enrollment.
 * @employee_class is the attendance class (`general` or `high-demand`,
 * docs/attendance-rules.md), or %NULL when not known.
 */
typedef struct
{
  char *login;
  char *display_name;
  char *seal_name;
  char *department;
  char *role;
  char *manager;
  char *fingerprint;
  GBytes *public_key;
  gboolean disabled;
  char *employee_class;
} RingiUser;

RingiUser *ringi_user_copy (const RingiUser *user);
void ringi_user_free (RingiUser *user);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RingiUser, ringi_user_free)

/* The columns ringi_user_from_row() reads, in its order */
#define RINGI_USER_COLUMNS "login, display_name, seal_name, department, role, manager," \
                           " fingerprint, public_key, disabled, employee_class"
RingiUser *ringi_user_from_row (sqlite3_stmt *stmt);

/**
 * RingiRequestInfo:
 *
 * What describes a request besides its PDF and stamps. @amount is in yen,
 * -1 when the request has none. @transaction_date is `YYYY-MM-DD`.
 */
typedef struct
{
  char *id;
  char *title;
  char *category;
  gint64 amount;
  char *counterparty;
  char *transaction_date;
  char *applicant;
  char *created_at;
} RingiRequestInfo;

RingiRequestInfo *ringi_request_info_copy (const RingiRequestInfo *info);
void ringi_request_info_free (RingiRequestInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RingiRequestInfo, ringi_request_info_free)

/* The columns ringi_request_info_from_row() reads, in its order */
#define RINGI_REQUEST_INFO_COLUMNS "id, title, category, amount, counterparty, transaction_date," \
                                   " applicant, created_at"
RingiRequestInfo *ringi_request_info_from_row (sqlite3_stmt *stmt);

/**
 * RingiStoredStamp:
 * @seq: position in the chain, from 1
 * @record: the exact signed bytes
 * @signature: the detached ASCII-armoured signature
 * @sha256: sha256 of @record, lowercase hex
 */
typedef struct
{
  guint seq;
  GBytes *record;
  GBytes *signature;
  char *sha256;
} RingiStoredStamp;

void ringi_stored_stamp_free (RingiStoredStamp *stamp);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RingiStoredStamp, ringi_stored_stamp_free)

/* The columns ringi_stored_stamp_from_row() reads, in its order */
#define RINGI_STORED_STAMP_COLUMNS "seq, record, signature, sha256"
RingiStoredStamp *ringi_stored_stamp_from_row (sqlite3_stmt *stmt);

/**
 * RingiStoredDelegation:
 *
 * A delegation (代理) record as stored: the signed bytes and the fields
 * the store indexes. Times are RFC 3339.
 */
typedef struct
{
  char *id;
  char *from_login;
  char *to_login;
  char *valid_from;
  char *valid_until;
  GBytes *record;
  GBytes *signature;
} RingiStoredDelegation;

void ringi_stored_delegation_free (RingiStoredDelegation *delegation);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RingiStoredDelegation, ringi_stored_delegation_free)

/* The columns ringi_stored_delegation_from_row() reads, in its order */
#define RINGI_STORED_DELEGATION_COLUMNS "id, from_login, to_login, valid_from, valid_until, record, signature"
RingiStoredDelegation *ringi_stored_delegation_from_row (sqlite3_stmt *stmt);

/**
 * RingiStoredPunch:
 * @punch: the punch's uuid
 * @login: whose punch it is
 * @sha256: the sha256 of @record
 * @record: the exact signed punch record (docs/punch-format.md)
 * @signature: its armoured detached signature
 * @note: (nullable): the note the record hashes, or %NULL
 * @client_time: the record's `Client-Time`, seconds since the Unix epoch
 * @server_time: when the server received it; 0 while it has not
 * @skewed: whether @client_time and @server_time differ by more than
 *   the rules allow (flagged on the timesheet)
 * @receipt: (nullable): the server's receipt record, once received
 * @receipt_signature: (nullable): the server's signature of @receipt
 * @kind: the record's `Kind`
 * @place: the record's `Place`
 * @corrects: (nullable): the record's `Corrects`
 * @imported: the record's `Imported`
 *
 * A punch (打刻) as the server and profiles keep it: the signed record and
 * what the server says of it. The fields the rules need are kept beside
 * the record, so that a report does not read every record again.
 */
typedef struct
{
  char *punch;
  char *login;
  char *sha256;
  GBytes *record;
  GBytes *signature;
  char *note;
  gint64 client_time;
  gint64 server_time;
  gboolean skewed;
  GBytes *receipt;
  GBytes *receipt_signature;
  RingiPunchKind kind;
  RingiPunchPlace place;
  char *corrects;
  gboolean imported;
} RingiStoredPunch;

void ringi_stored_punch_set_fields (RingiStoredPunch *stored,
                                    RingiPunch *punch);

void ringi_stored_punch_free (RingiStoredPunch *punch);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RingiStoredPunch, ringi_stored_punch_free)

/**
 * RingiStoredMonthClose:
 * @login: whose month
 * @month: the month, `YYYY-MM`
 * @request_id: the 勤務月報 request it was submitted with
 * @sha256: the sha256 of @record
 * @record: the exact signed month-close record
 *   (docs/month-close-format.md)
 * @signature: its armoured detached signature
 *
 * A monthly close (月次締め) as the server and profiles keep it. The month
 * is locked once its request is decided.
 */
typedef struct
{
  char *login;
  char *month;
  char *request_id;
  char *sha256;
  GBytes *record;
  GBytes *signature;
} RingiStoredMonthClose;

void ringi_stored_month_close_free (RingiStoredMonthClose *close);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RingiStoredMonthClose, ringi_stored_month_close_free)

/* The columns ringi_stored_month_close_from_row() reads, in its order */
#define RINGI_STORED_MONTH_CLOSE_COLUMNS "login, month, request_id, sha256, record, signature"
RingiStoredMonthClose *ringi_stored_month_close_from_row (sqlite3_stmt *stmt);

/**
 * RingiActivityPeriod:
 * @since: when the computer came into use, seconds since the Unix epoch
 * @since_event: what showed it: `session-start`, `unlock` or `wake`
 * @until: when it went out of use; 0 while the period goes on
 * @until_event: (nullable): `lock`, `sleep`, `session-end`, or
 *   `not-recorded` when the app was stopped without seeing the end
 *
 * A period of the objective record (安衛則 52-7-3), kept only in the
 * person's own profile.
 */
typedef struct
{
  gint64 since;
  char *since_event;
  gint64 until;
  char *until_event;
} RingiActivityPeriod;

void ringi_activity_period_free (RingiActivityPeriod *period);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RingiActivityPeriod, ringi_activity_period_free)

/**
 * RingiActivityDay:
 * @date: the day, in the attendance time zone
 * @first: the first activity time, seconds since the Unix epoch
 * @last: the last activity time
 *
 * A day of the objective record as it may be shown to others.
 */
typedef struct
{
  GDate date;
  gint64 first;
  gint64 last;
} RingiActivityDay;

GArray *ringi_activity_summarize_days (GPtrArray *periods);
const RingiActivityDay *ringi_activity_days_find (GArray *days,
                                                  const GDate *date);
char *ringi_activity_day_format_date (const RingiActivityDay *day);

/**
 * RingiSearchQuery:
 *
 * Search conditions, all optional and combined with AND, as the
 * 電子帳簿保存法 asks: a date range (`YYYY-MM-DD`, inclusive), an amount
 * range (-1 for none), the counterparty and words of the title.
 */
typedef struct
{
  const char *date_from;
  const char *date_to;
  gint64 min_amount;
  gint64 max_amount;
  const char *counterparty;
  const char *title;
} RingiSearchQuery;

#define RINGI_SEARCH_QUERY_INIT    \
  {                                \
    NULL, NULL, -1, -1, NULL, NULL \
  }

/**
 * RingiStoredRouteTemplate:
 * @category: the request category it is for
 * @min_amount: the lowest amount in yen it applies from
 * @route: the canonical route text
 */
typedef struct
{
  char *category;
  gint64 min_amount;
  char *route;
} RingiStoredRouteTemplate;

void ringi_stored_route_template_free (RingiStoredRouteTemplate *template);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RingiStoredRouteTemplate, ringi_stored_route_template_free)

#define RINGI_TYPE_STORE (ringi_store_get_type ())
G_DECLARE_FINAL_TYPE (RingiStore, ringi_store, RINGI, STORE, GObject)

RingiStore *ringi_store_open (const char *path,
                              GError **error);
RingiDb *ringi_store_get_db (RingiStore *self);

gboolean ringi_store_put_user (RingiStore *self,
                               const RingiUser *user,
                               GError **error);
RingiUser *ringi_store_get_user (RingiStore *self,
                                 const char *login,
                                 GError **error);
GPtrArray *ringi_store_list_users (RingiStore *self,
                                   GError **error);
GHashTable *ringi_store_dup_bindings (RingiStore *self,
                                      GError **error);

gboolean ringi_store_put_route_template (RingiStore *self,
                                         const char *category,
                                         gint64 min_amount,
                                         const char *route,
                                         GError **error);
char *ringi_store_find_route_template (RingiStore *self,
                                       const char *category,
                                       gint64 amount,
                                       GError **error);
GPtrArray *ringi_store_list_route_templates (RingiStore *self,
                                             GError **error);
gboolean ringi_store_clear_route_templates (RingiStore *self,
                                            const char *category,
                                            GError **error);

char *ringi_store_put_blob (RingiStore *self,
                            GBytes *data,
                            GError **error);
GBytes *ringi_store_get_blob (RingiStore *self,
                              const char *sha256,
                              GError **error);
gboolean ringi_store_has_blob (RingiStore *self,
                               const char *sha256,
                               GError **error);

gboolean ringi_store_add_request (RingiStore *self,
                                  const RingiRequestInfo *info,
                                  GError **error);
RingiRequestInfo *ringi_store_get_request (RingiStore *self,
                                           const char *id,
                                           GError **error);
GPtrArray *ringi_store_search (RingiStore *self,
                               const RingiSearchQuery *query,
                               GError **error);

gboolean ringi_store_add_revision (RingiStore *self,
                                   const char *request_id,
                                   guint revision,
                                   GBytes *pdf,
                                   GError **error);
GBytes *ringi_store_get_revision (RingiStore *self,
                                  const char *request_id,
                                  guint revision,
                                  GError **error);
guint ringi_store_get_n_revisions (RingiStore *self,
                                   const char *request_id,
                                   GError **error);

gboolean ringi_store_append_stamp (RingiStore *self,
                                   const char *request_id,
                                   GBytes *record,
                                   GBytes *signature,
                                   const char *previous_sha256,
                                   GError **error);
GPtrArray *ringi_store_list_stamps (RingiStore *self,
                                    const char *request_id,
                                    GError **error);
gboolean ringi_store_has_stamp (RingiStore *self,
                                const char *sha256,
                                GError **error);

gboolean ringi_store_put_receipt (RingiStore *self,
                                  const char *stamp_sha256,
                                  GBytes *record,
                                  GBytes *signature,
                                  GError **error);
GBytes *ringi_store_get_receipt (RingiStore *self,
                                 const char *stamp_sha256,
                                 GBytes **out_signature,
                                 GError **error);

gboolean ringi_store_put_server_key (RingiStore *self,
                                     const char *fingerprint,
                                     GBytes *public_key,
                                     GError **error);
gboolean ringi_store_put_time_out (RingiStore *self,
                                   const char *time_out,
                                   GError **error);
char *ringi_store_dup_time_out (RingiStore *self,
                                GError **error);
gboolean ringi_store_put_punch (RingiStore *self,
                                const RingiStoredPunch *punch,
                                GError **error);
RingiStoredPunch *ringi_store_get_punch (RingiStore *self,
                                         const char *punch,
                                         GError **error);
GPtrArray *ringi_store_list_punches (RingiStore *self,
                                     const char *login,
                                     gint64 from,
                                     gint64 until,
                                     GError **error);
gboolean ringi_store_put_correction (RingiStore *self,
                                     const char *request_id,
                                     const RingiStoredPunch *punch,
                                     GError **error);
RingiStoredPunch *ringi_store_get_correction (RingiStore *self,
                                              const char *request_id,
                                              GError **error);
gboolean ringi_store_put_month_close (RingiStore *self,
                                      const RingiStoredMonthClose *close,
                                      GError **error);
GPtrArray *ringi_store_list_month_closes (RingiStore *self,
                                          const char *login,
                                          const char *month,
                                          GError **error);
gboolean ringi_store_begin_activity (RingiStore *self,
                                     gint64 at,
                                     const char *event,
                                     GError **error);
gboolean ringi_store_end_activity (RingiStore *self,
                                   gint64 at,
                                   const char *event,
                                   GError **error);
GPtrArray *ringi_store_list_activity (RingiStore *self,
                                      gint64 from,
                                      gint64 until,
                                      GError **error);
gboolean ringi_store_put_activity_day (RingiStore *self,
                                       const char *login,
                                       const char *date,
                                       gint64 first,
                                       gint64 last,
                                       GError **error);
GArray *ringi_store_list_activity_days (RingiStore *self,
                                        const char *login,
                                        const GDate *from,
                                        const GDate *until,
                                        GError **error);
gboolean ringi_store_get_server_key (RingiStore *self,
                                     char **out_fingerprint,
                                     GBytes **out_public_key,
                                     GError **error);

gboolean ringi_store_put_comment (RingiStore *self,
                                  const char *comment,
                                  GError **error);
char *ringi_store_get_comment (RingiStore *self,
                               const char *sha256,
                               GError **error);

gboolean ringi_store_add_delegation (RingiStore *self,
                                     const RingiStoredDelegation *delegation,
                                     GError **error);
GPtrArray *ringi_store_list_delegations (RingiStore *self,
                                         GError **error);

G_END_DECLS
