/* ringi-sqlite-storage.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-sqlite-storage"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "ringi-db.h"
#include "ringi-sqlite-storage.h"

/* Every line of SQL the server runs is in this file: a PostgreSQL backend
 * would be a sibling of this file and nothing else would change.
 *
 * Migrations are append-only: a released step is never edited, a change
 * is a new step. Times the server keeps are INTEGER seconds since the
 * Unix epoch; times that come from signed records stay the text they were. */
static const RingiDbMigration server_migrations[] = {
  { 1,
    /* The server's own settings, such as its key's fingerprint. */
    "CREATE TABLE settings ("
    " key TEXT PRIMARY KEY,"
    " value TEXT NOT NULL"
    ") STRICT;"
    "CREATE TABLE users ("
    " login TEXT PRIMARY KEY,"
    " display_name TEXT NOT NULL,"
    " seal_name TEXT NOT NULL,"
    " department TEXT NOT NULL,"
    " role TEXT NOT NULL DEFAULT 'staff'"
    "  CHECK (role IN ('staff', 'manager', 'admin', 'auditor')),"
    " manager TEXT REFERENCES users (login),"
    " fingerprint TEXT UNIQUE CHECK (fingerprint IS NULL OR length (fingerprint) = 40),"
    " public_key BLOB,"
    " disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),"
    " created_at INTEGER NOT NULL"
    ") STRICT;"
    /* A reset user's old key: never bound again, kept to verify old stamps. */
    "CREATE TABLE revoked_keys ("
    " fingerprint TEXT PRIMARY KEY CHECK (length (fingerprint) = 40),"
    " login TEXT NOT NULL REFERENCES users (login),"
    " public_key BLOB,"
    " revoked_at INTEGER NOT NULL"
    ") STRICT;"
    /* Secrets are stored as their sha256 only. */
    "CREATE TABLE enrollment_codes ("
    " login TEXT PRIMARY KEY REFERENCES users (login),"
    " code_sha256 TEXT NOT NULL CHECK (length (code_sha256) = 64),"
    " expires_at INTEGER NOT NULL"
    ") STRICT;"
    /* No foreign key: a challenge is given for any login, so that the
     * answer does not tell who has an account. */
    "CREATE TABLE login_nonces ("
    " nonce TEXT PRIMARY KEY,"
    " login TEXT NOT NULL,"
    " expires_at INTEGER NOT NULL"
    ") STRICT;"
    "CREATE TABLE tokens ("
    " token_sha256 TEXT PRIMARY KEY CHECK (length (token_sha256) = 64),"
    " login TEXT NOT NULL REFERENCES users (login),"
    " created_at INTEGER NOT NULL,"
    " last_used_at INTEGER NOT NULL,"
    " expires_at INTEGER NOT NULL"
    ") STRICT;"
    "CREATE INDEX tokens_by_login ON tokens (login);"
    "CREATE TABLE route_templates ("
    " category TEXT NOT NULL,"
    " min_amount INTEGER NOT NULL DEFAULT 0 CHECK (min_amount >= 0),"
    " route TEXT NOT NULL,"
    " PRIMARY KEY (category, min_amount)"
    ") STRICT;"
    "CREATE TABLE blobs ("
    " sha256 TEXT PRIMARY KEY CHECK (length (sha256) = 64),"
    " size INTEGER NOT NULL CHECK (size >= 0),"
    " data BLOB NOT NULL,"
    " created_at INTEGER NOT NULL"
    ") STRICT;"
    "CREATE TABLE requests ("
    " id TEXT PRIMARY KEY,"
    " title TEXT NOT NULL,"
    " category TEXT NOT NULL DEFAULT '',"
    " amount INTEGER CHECK (amount IS NULL OR amount >= 0),"
    " counterparty TEXT NOT NULL DEFAULT '',"
    " transaction_date TEXT NOT NULL,"
    " applicant TEXT NOT NULL REFERENCES users (login),"
    " created_at TEXT NOT NULL"
    ") STRICT;"
    "CREATE INDEX requests_by_date ON requests (transaction_date);"
    "CREATE INDEX requests_by_amount ON requests (amount);"
    "CREATE INDEX requests_by_counterparty ON requests (counterparty);"
    "CREATE TABLE revisions ("
    " request_id TEXT NOT NULL REFERENCES requests (id),"
    " revision INTEGER NOT NULL CHECK (revision >= 1),"
    " sha256 TEXT NOT NULL REFERENCES blobs (sha256),"
    " PRIMARY KEY (request_id, revision)"
    ") STRICT;"
    /* Stamps in chain order: the exact signed bytes and their signature. */
    "CREATE TABLE stamps ("
    " request_id TEXT NOT NULL REFERENCES requests (id),"
    " seq INTEGER NOT NULL CHECK (seq >= 1),"
    " signer TEXT NOT NULL REFERENCES users (login),"
    " record BLOB NOT NULL,"
    " signature BLOB NOT NULL,"
    " sha256 TEXT NOT NULL UNIQUE CHECK (length (sha256) = 64),"
    " PRIMARY KEY (request_id, seq)"
    ") STRICT;"
    /* The server's signed acknowledgement of an accepted stamp. */
    "CREATE TABLE receipts ("
    " stamp_sha256 TEXT PRIMARY KEY REFERENCES stamps (sha256),"
    " change_seq INTEGER NOT NULL,"
    " server_time INTEGER NOT NULL,"
    " record BLOB NOT NULL,"
    " signature BLOB NOT NULL"
    ") STRICT;"
    /* Who may read a request: its applicant and everyone on any of its
     * routes, kept up to date by the handlers on submit and resubmit.
     * Auditors read everything; delegates are found through delegations. */
    "CREATE TABLE request_viewers ("
    " login TEXT NOT NULL REFERENCES users (login),"
    " request_id TEXT NOT NULL REFERENCES requests (id),"
    " PRIMARY KEY (login, request_id)"
    ") STRICT, WITHOUT ROWID;"
    "CREATE TABLE delegations ("
    " id TEXT PRIMARY KEY,"
    " from_login TEXT NOT NULL REFERENCES users (login),"
    " to_login TEXT NOT NULL REFERENCES users (login),"
    " valid_from TEXT NOT NULL,"
    " valid_until TEXT NOT NULL,"
    " record BLOB NOT NULL,"
    " signature BLOB NOT NULL"
    ") STRICT;"
    "CREATE INDEX delegations_by_delegate ON delegations (to_login);"
    /* What clients pull: AUTOINCREMENT so that a number is never reused,
     * even after the newest row is gone from a restored backup. */
    "CREATE TABLE changes ("
    " seq INTEGER PRIMARY KEY AUTOINCREMENT,"
    " kind TEXT NOT NULL,"
    " request_id TEXT REFERENCES requests (id),"
    " subject TEXT,"
    " payload TEXT,"
    " created_at INTEGER NOT NULL"
    ") STRICT;"
    "CREATE INDEX changes_by_request ON changes (request_id, seq);"
    /* Client operations already applied, by the UUID the client chose:
     * a repeated op gets the stored result instead of running twice. */
    "CREATE TABLE ops ("
    " id TEXT PRIMARY KEY,"
    " login TEXT NOT NULL REFERENCES users (login),"
    " status INTEGER NOT NULL,"
    " result TEXT NOT NULL,"
    " created_at INTEGER NOT NULL"
    ") STRICT;"
    /* History is never edited in place. */
    "CREATE TRIGGER stamps_append_only_update BEFORE UPDATE ON stamps"
    " BEGIN SELECT RAISE (ABORT, 'stamps are append-only'); END;"
    "CREATE TRIGGER stamps_append_only_delete BEFORE DELETE ON stamps"
    " BEGIN SELECT RAISE (ABORT, 'stamps are append-only'); END;"
    "CREATE TRIGGER revisions_append_only_update BEFORE UPDATE ON revisions"
    " BEGIN SELECT RAISE (ABORT, 'revisions are append-only'); END;"
    "CREATE TRIGGER revisions_append_only_delete BEFORE DELETE ON revisions"
    " BEGIN SELECT RAISE (ABORT, 'revisions are append-only'); END;"
    "CREATE TRIGGER receipts_append_only_update BEFORE UPDATE ON receipts"
    " BEGIN SELECT RAISE (ABORT, 'receipts are append-only'); END;"
    "CREATE TRIGGER receipts_append_only_delete BEFORE DELETE ON receipts"
    " BEGIN SELECT RAISE (ABORT, 'receipts are append-only'); END;"
    "CREATE TRIGGER changes_append_only_update BEFORE UPDATE ON changes"
    " BEGIN SELECT RAISE (ABORT, 'the change log is append-only'); END;"
    "CREATE TRIGGER changes_append_only_delete BEFORE DELETE ON changes"
    " BEGIN SELECT RAISE (ABORT, 'the change log is append-only'); END;" },
  { 2,
    /* Who may see each change, so that a viewer's pull reads their own
     * changes by an index and not the whole log. A request's change goes
     * to the request's viewers of the moment; someone who becomes a
     * viewer later (a new route on resubmit, a delegation) gets copies of
     * the request's earlier changes under new numbers, for them alone
     * (`audience`), since their cursor is already past the originals. */
    "ALTER TABLE changes ADD COLUMN audience TEXT REFERENCES users (login);"
    "CREATE TABLE change_viewers ("
    " login TEXT NOT NULL REFERENCES users (login),"
    " seq INTEGER NOT NULL REFERENCES changes (seq),"
    " PRIMARY KEY (login, seq)"
    ") STRICT, WITHOUT ROWID;"
    "INSERT INTO change_viewers (login, seq)"
    " SELECT v.login, c.seq FROM changes c JOIN request_viewers v ON v.request_id = c.request_id;"
    /* Who may download a document: the readers of a request using it. */
    "CREATE INDEX revisions_by_sha256 ON revisions (sha256);"
    "CREATE INDEX delegations_by_delegator ON delegations (from_login);" },
  { 3,
    /* A request's viewers by request: each new change of a request copies
     * them into change_viewers, which without this index read all of
     * request_viewers (its key starts with the login), so that an op cost
     * what the whole server holds (bench-sync). */
    "CREATE INDEX request_viewers_by_request ON request_viewers (request_id);" },
  { 4,
    /* Attendance (勤怠). Which rules apply to a person: docs/attendance-rules.md. */
    "ALTER TABLE users ADD COLUMN employee_class TEXT NOT NULL DEFAULT 'general'"
    " CHECK (employee_class IN ('general', 'high-demand'));"
    /* A change seen only by a person, their manager and the auditors
     * (a punch) names that person; the directory is what has neither a
     * request nor an owner, read by everyone through its own index. */
    "ALTER TABLE changes ADD COLUMN owner TEXT REFERENCES users (login);"
    "CREATE INDEX changes_directory ON changes (seq) WHERE request_id IS NULL AND owner IS NULL;"
    /* Punches: the exact signed bytes, the server's receipt, and the
     * client time as a number so that a month is a range of an index. */
    "CREATE TABLE punches ("
    " punch TEXT PRIMARY KEY,"
    " login TEXT NOT NULL REFERENCES users (login),"
    " sha256 TEXT NOT NULL UNIQUE CHECK (length (sha256) = 64),"
    " record BLOB NOT NULL,"
    " signature BLOB NOT NULL,"
    " note TEXT,"
    " client_time INTEGER NOT NULL,"
    " server_time INTEGER NOT NULL,"
    " skewed INTEGER NOT NULL CHECK (skewed IN (0, 1)),"
    " receipt BLOB NOT NULL,"
    " receipt_signature BLOB NOT NULL,"
    " change_seq INTEGER NOT NULL REFERENCES changes (seq),"
    /* what the rules need, read from the record once */
    " kind TEXT NOT NULL CHECK (kind IN ('clock-in', 'clock-out', 'break-start', 'break-end', 'out', 'in')),"
    " place TEXT NOT NULL CHECK (place IN ('home', 'office', 'satellite', 'trip')),"
    " corrects TEXT,"
    " imported INTEGER NOT NULL CHECK (imported IN (0, 1))"
    ") STRICT;"
    "CREATE INDEX punches_by_login ON punches (login, client_time);"
    "CREATE TRIGGER punches_append_only_update BEFORE UPDATE ON punches"
    " BEGIN SELECT RAISE (ABORT, 'punches are append-only'); END;"
    /* Monthly closes (月次締め): the signed list of a month's punches and
     * the 勤務月報 request that carries it; the month is locked once that
     * request is decided. */
    "CREATE TABLE month_closes ("
    " login TEXT NOT NULL REFERENCES users (login),"
    " month TEXT NOT NULL CHECK (length (month) = 7),"
    " request_id TEXT NOT NULL REFERENCES requests (id),"
    " sha256 TEXT NOT NULL UNIQUE CHECK (length (sha256) = 64),"
    " record BLOB NOT NULL,"
    " signature BLOB NOT NULL,"
    " created_at INTEGER NOT NULL,"
    " PRIMARY KEY (login, month, request_id)"
    ") STRICT;"
    "CREATE TRIGGER month_closes_append_only_update BEFORE UPDATE ON month_closes"
    " BEGIN SELECT RAISE (ABORT, 'month closes are append-only'); END;"
    /* Attendance records are kept five years (労働基準法 109). */
    "CREATE TRIGGER punches_retention BEFORE DELETE ON punches"
    " WHEN old.server_time > CAST (strftime ('%s', 'now', '-5 years') AS INTEGER)"
    " BEGIN SELECT RAISE (ABORT, 'punches are kept five years'); END;"
    "CREATE TRIGGER month_closes_retention BEFORE DELETE ON month_closes"
    " WHEN old.created_at > CAST (strftime ('%s', 'now', '-5 years') AS INTEGER)"
    " BEGIN SELECT RAISE (ABORT, 'monthly closes are kept five years'); END;" },
  { 5,
    /* The objective record (docs/activity-record.md): each day's first
     * and last activity times of a person's computer, widened as the day
     * is sent again; nothing else of the record leaves the computer.
     * Kept five years like the punches they are compared with. */
    "CREATE TABLE activity ("
    " login TEXT NOT NULL REFERENCES users (login),"
    " date TEXT NOT NULL CHECK (length (date) = 10),"
    " first INTEGER NOT NULL,"
    " last INTEGER NOT NULL CHECK (last >= first),"
    " updated_at INTEGER NOT NULL,"
    " PRIMARY KEY (login, date)"
    ") STRICT;"
    "CREATE TRIGGER activity_retention BEFORE DELETE ON activity"
    " WHEN old.updated_at > CAST (strftime ('%s', 'now', '-5 years') AS INTEGER)"
    " BEGIN SELECT RAISE (ABORT, 'activity times are kept five years'); END;" },
  { 6,
    /* The correcting punch a correction request (打刻修正申請) carries,
     * signed when the person asked: it becomes a punch when the request
     * is decided, so that what the approvers saw is exactly what is
     * added. One request, one punch. */
    "CREATE TABLE pending_punches ("
    " request_id TEXT PRIMARY KEY REFERENCES requests (id),"
    " punch TEXT NOT NULL UNIQUE,"
    " login TEXT NOT NULL REFERENCES users (login),"
    " sha256 TEXT NOT NULL UNIQUE CHECK (length (sha256) = 64),"
    " record BLOB NOT NULL,"
    " signature BLOB NOT NULL,"
    " note TEXT,"
    " client_time INTEGER NOT NULL,"
    " created_at INTEGER NOT NULL"
    ") STRICT;"
    "CREATE TRIGGER pending_punches_append_only_update BEFORE UPDATE ON pending_punches"
    " BEGIN SELECT RAISE (ABORT, 'pending punches are append-only'); END;" },
  { 7,
    /* The change log keeps the punch it tells of (its payload), and its
     * copies for late readers: a purged punch, close or day of activity
     * takes its changes with it, past the same five years (労働基準法
     * 109). Everything else in the log stays append-only. */
    "DROP TRIGGER changes_append_only_delete;"
    "CREATE TRIGGER changes_append_only_delete BEFORE DELETE ON changes"
    " WHEN old.kind NOT IN ('punch', 'month-close', 'activity')"
    " BEGIN SELECT RAISE (ABORT, 'the change log is append-only'); END;"
    "CREATE TRIGGER changes_retention BEFORE DELETE ON changes"
    " WHEN old.created_at > CAST (strftime ('%s', 'now', '-5 years') AS INTEGER)"
    " BEGIN SELECT RAISE (ABORT, 'attendance changes are kept five years'); END;" },
};

static const RingiDbSchema server_schema = {
  .kind = "server",
  .application_id = RINGI_SERVER_APPLICATION_ID,
  .migrations = server_migrations,
  .n_migrations = G_N_ELEMENTS (server_migrations),
};

/* A token's last use is written at most this often: an idle expiry of an
 * hour does not need a disk write on every request. */
#define TOKEN_TOUCH_SECONDS 60

struct _RingiSqliteStorage
{
  GObject parent_instance;

  RingiDb *db;
};

static void storage_iface_init (RingiServerStorageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RingiSqliteStorage, ringi_sqlite_storage, G_TYPE_OBJECT, G_IMPLEMENT_INTERFACE (RINGI_TYPE_SERVER_STORAGE, storage_iface_init))

static void
ringi_sqlite_storage_dispose (GObject *object)
{
  RingiSqliteStorage *self = (RingiSqliteStorage *) object;

  g_clear_object (&self->db);

  G_OBJECT_CLASS (ringi_sqlite_storage_parent_class)->dispose (object);
}

static void
ringi_sqlite_storage_class_init (RingiSqliteStorageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ringi_sqlite_storage_dispose;
}

static void
ringi_sqlite_storage_init (RingiSqliteStorage *self)
{
}

/**
 * ringi_sqlite_storage_open:
 * @path: the database file; its folder must exist
 * @error: return location for a #GError
 *
 * Opens the server database, creating or migrating it as needed.
 *
 * Returns: (transfer full): the storage, or %NULL with @error set
 */
RingiSqliteStorage *
ringi_sqlite_storage_open (const char *path,
                           GError **error)
{
  g_autoptr(RingiDb) db = NULL;
  RingiSqliteStorage *self;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  db = ringi_db_open (path, &server_schema, error);
  if (db == NULL)
    return NULL;

  self = g_object_new (RINGI_TYPE_SQLITE_STORAGE, NULL);
  self->db = g_steal_pointer (&db);
  return self;
}

/* Helpers */

static sqlite3_stmt *
prepare (RingiSqliteStorage *self,
         const char *sql,
         GError **error)
{
  return ringi_db_prepare (self->db, sql, error);
}

static gboolean
step_done (RingiSqliteStorage *self,
           sqlite3_stmt *stmt,
           GError **error)
{
  return ringi_db_step_done (self->db, stmt, error);
}

static gpointer
first_text_from_row (sqlite3_stmt *stmt)
{
  return ringi_db_column_dup_text (stmt, 0);
}

static int
n_changed_rows (RingiSqliteStorage *self)
{
  return sqlite3_changes (ringi_db_get_handle (self->db));
}

/* A write joins the caller's transaction when there is one, and makes
 * its own otherwise, so that every call is atomic on its own. */
static gboolean
write_begin (RingiSqliteStorage *self,
             gboolean *owned,
             GError **error)
{
  *owned = sqlite3_get_autocommit (ringi_db_get_handle (self->db));
  return !*owned || ringi_db_begin (self->db, error);
}

static gboolean
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

static void
ringi_sqlite_storage_set_not_found (GError **error,
                                    const char *login)
{
  g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND,
               _("There is no user “%s”"), login);
}

/* Transactions */

static gboolean
storage_begin (RingiServerStorage *storage,
               GError **error)
{
  return ringi_db_begin (RINGI_SQLITE_STORAGE (storage)->db, error);
}

static gboolean
storage_commit (RingiServerStorage *storage,
                GError **error)
{
  return ringi_db_commit (RINGI_SQLITE_STORAGE (storage)->db, error);
}

static void
storage_rollback (RingiServerStorage *storage)
{
  ringi_db_rollback (RINGI_SQLITE_STORAGE (storage)->db);
}

/* Change log */

/* A request's change is seen by the request's viewers; a copy made for
 * one late viewer (@audience) by that viewer alone. */
static gboolean
insert_change_viewers (RingiSqliteStorage *self,
                       gint64 seq,
                       const char *request_id,
                       const char *audience,
                       GError **error)
{
  sqlite3_stmt *stmt;

  if (audience != NULL)
    stmt = prepare (self, "INSERT INTO change_viewers (login, seq) VALUES (?2, ?1)", error);
  else
    stmt = prepare (self,
                    "INSERT INTO change_viewers (login, seq)"
                    " SELECT login, ?1 FROM request_viewers WHERE request_id = ?2",
                    error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, seq);
  ringi_db_bind_text (stmt, 2, audience != NULL ? audience : request_id);
  return step_done (self, stmt, error);
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

static gint64
ringi_sqlite_storage_insert_change_row (RingiSqliteStorage *self,
                                        const NewChange *change,
                                        GError **error)
{
  sqlite3_stmt *stmt;
  gint64 seq;

  stmt = prepare (self,
                  "INSERT INTO changes (kind, request_id, subject, payload, created_at, audience, owner)"
                  " VALUES (?, ?, ?, ?, ?, ?, ?)",
                  error);
  if (stmt == NULL)
    return -1;

  ringi_db_bind_text (stmt, 1, change->kind);
  ringi_db_bind_text (stmt, 2, change->request_id);
  ringi_db_bind_text (stmt, 3, change->subject);
  ringi_db_bind_text (stmt, 4, change->payload);
  sqlite3_bind_int64 (stmt, 5, change->created_at);
  ringi_db_bind_text (stmt, 6, change->audience);
  ringi_db_bind_text (stmt, 7, change->owner);
  if (!step_done (self, stmt, error))
    return -1;

  seq = sqlite3_last_insert_rowid (ringi_db_get_handle (self->db));
  if (change->request_id != NULL &&
      !insert_change_viewers (self, seq, change->request_id, change->audience, error))
    return -1;

  return seq;
}

static gint64
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

static gint64
ringi_sqlite_storage_append_change (RingiServerStorage *storage,
                                    const char *kind,
                                    const char *request_id,
                                    const char *subject,
                                    const char *payload,
                                    gint64 now,
                                    GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  gboolean owned;
  gint64 seq;

  if (!write_begin (self, &owned, error))
    return -1;

  seq = insert_change (self, kind, request_id, subject, payload, now, error);
  return write_end (self, owned, seq > 0, error) ? seq : -1;
}

static RingiServerChange *
change_from_row (sqlite3_stmt *stmt)
{
  RingiServerChange *change = g_new0 (RingiServerChange, 1);

  change->seq = sqlite3_column_int64 (stmt, 0);
  change->kind = ringi_db_column_dup_text (stmt, 1);
  change->request_id = ringi_db_column_dup_text (stmt, 2);
  change->subject = ringi_db_column_dup_text (stmt, 3);
  change->payload = ringi_db_column_dup_text (stmt, 4);
  change->created_at = sqlite3_column_int64 (stmt, 5);
  return change;
}

#define CHANGE_COLUMNS "c.seq, c.kind, c.request_id, c.subject, c.payload, c.created_at"

typedef enum
{
  SEES_EVERYTHING, /* tests and administration: every original change */
  SEES_DIRECTORY,  /* admins: the directory, never a request */
  SEES_REQUESTS,   /* auditors: the directory and every request */
  SEES_OWN,        /* everyone else: the directory and their requests */
} Sight;

static gboolean
viewer_sight (RingiSqliteStorage *self,
              const char *viewer,
              Sight *out_sight,
              GError **error)
{
  g_autofree char *role = NULL;

  *out_sight = SEES_EVERYTHING;
  if (viewer == NULL)
    return TRUE;

  if (!ringi_db_query_text (self->db, "SELECT role FROM users WHERE login = ?", viewer, &role, error))
    return FALSE;

  if (g_strcmp0 (role, "admin") == 0)
    *out_sight = SEES_DIRECTORY;
  else if (g_strcmp0 (role, "auditor") == 0)
    *out_sight = SEES_REQUESTS;
  else
    *out_sight = SEES_OWN;
  return TRUE;
}

/* Each query walks an index in seq order and stops at the limit, so a
 * pull costs what it returns, not the size of the log. For SEES_OWN the
 * two arms (the viewer's rows of change_viewers, the directory's rows of
 * changes_by_request) are merged in order by sqlite, without a sort. */
static sqlite3_stmt *
prepare_changes_query (RingiSqliteStorage *self,
                       Sight sight,
                       GError **error)
{
  switch (sight)
    {
    case SEES_DIRECTORY:
      return prepare (self,
                      "SELECT " CHANGE_COLUMNS " FROM changes c"
                      " WHERE c.request_id IS NULL AND c.owner IS NULL AND c.seq > ?1 ORDER BY c.seq LIMIT ?2",
                      error);

    case SEES_OWN:
      return prepare (self,
                      /* v.seq, not c.seq: the index's order, so no sort */
                      "SELECT v.seq, c.kind, c.request_id, c.subject, c.payload, c.created_at"
                      " FROM change_viewers v JOIN changes c ON c.seq = v.seq"
                      " WHERE v.login = ?3 AND v.seq > ?1"
                      " UNION ALL"
                      " SELECT " CHANGE_COLUMNS " FROM changes c"
                      " WHERE c.request_id IS NULL AND c.owner IS NULL AND c.seq > ?1"
                      " ORDER BY 1 LIMIT ?2",
                      error);

    case SEES_EVERYTHING:
    case SEES_REQUESTS:
    default:
      return prepare (self,
                      "SELECT " CHANGE_COLUMNS " FROM changes c"
                      " WHERE c.seq > ?1 AND c.audience IS NULL ORDER BY c.seq LIMIT ?2",
                      error);
    }
}

static GPtrArray *
ringi_sqlite_storage_list_changes (RingiServerStorage *storage,
                                   gint64 after_seq,
                                   const char *viewer,
                                   guint limit,
                                   GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  sqlite3_stmt *stmt;
  Sight sight;

  if (!viewer_sight (self, viewer, &sight, error) ||
      (stmt = prepare_changes_query (self, sight, error)) == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, after_seq);
  sqlite3_bind_int64 (stmt, 2, limit);
  if (sight == SEES_OWN)
    ringi_db_bind_text (stmt, 3, viewer);

  return ringi_db_collect_rows (self->db, stmt, (RingiDbRowFunc) change_from_row,
                                (GDestroyNotify) ringi_server_change_free, error);
}

static gint64
ringi_sqlite_storage_get_last_change_seq (RingiServerStorage *storage,
                                          GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  sqlite3_stmt *stmt = prepare (self, "SELECT coalesce (max (seq), 0) FROM changes", error);
  gint64 seq;

  if (stmt == NULL || !ringi_db_step_row (self->db, stmt, error))
    return -1;

  seq = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return seq;
}

/* AUTOINCREMENT hands out numbers above sqlite_sequence's row for the
 * table, which has no row before the first change. */
static gboolean
ringi_sqlite_storage_reserve_change_seq (RingiServerStorage *storage,
                                         gint64 last_used,
                                         GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  sqlite3_stmt *stmt;

  if (!ringi_db_begin (self->db, error))
    return FALSE;

  stmt = prepare (self, "UPDATE sqlite_sequence SET seq = max (seq, ?1) WHERE name = 'changes'", error);
  if (stmt != NULL)
    sqlite3_bind_int64 (stmt, 1, last_used);
  if (stmt == NULL || !ringi_db_step_done (self->db, stmt, error))
    goto failed;

  if (sqlite3_changes (ringi_db_get_handle (self->db)) == 0)
    {
      stmt = prepare (self, "INSERT INTO sqlite_sequence (name, seq) VALUES ('changes', ?1)", error);
      if (stmt != NULL)
        sqlite3_bind_int64 (stmt, 1, last_used);
      if (stmt == NULL || !ringi_db_step_done (self->db, stmt, error))
        goto failed;
    }

  return ringi_db_commit (self->db, error);

failed:
  ringi_db_rollback (self->db);
  return FALSE;
}

static gint64
ringi_sqlite_storage_get_last_visible_seq (RingiServerStorage *storage,
                                           const char *viewer,
                                           GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;
  gint64 seq = 0;
  Sight sight;

  if (!viewer_sight (self, viewer, &sight, error))
    return -1;

  /* Each a lookup at the end of an index, whatever the log's size. */
  if (sight == SEES_DIRECTORY)
    stmt = prepare (self, "SELECT max (seq) FROM changes WHERE request_id IS NULL AND owner IS NULL", error);
  else if (sight == SEES_OWN)
    stmt = prepare (self,
                    /* two-argument max() is NULL when either is */
                    "SELECT max (coalesce ((SELECT max (seq) FROM change_viewers WHERE login = ?1), 0),"
                    " coalesce ((SELECT max (seq) FROM changes WHERE request_id IS NULL AND owner IS NULL), 0))",
                    error);
  else
    stmt = prepare (self, "SELECT seq FROM changes WHERE audience IS NULL ORDER BY seq DESC LIMIT 1", error);
  if (stmt == NULL)
    return -1;

  if (sight == SEES_OWN)
    ringi_db_bind_text (stmt, 1, viewer);
  if (ringi_db_step_row (self->db, stmt, &local_error))
    {
      seq = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return -1;
    }

  return seq;
}

/* Users */

static gboolean
ringi_sqlite_storage_user_exists (RingiSqliteStorage *self,
                                  const char *login,
                                  gboolean *out_exists,
                                  GError **error)
{
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt = prepare (self, "SELECT 1 FROM users WHERE login = ?", error);

  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, login);
  *out_exists = ringi_db_step_row (self->db, stmt, &local_error);
  sqlite3_reset (stmt);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_new_user (RingiSqliteStorage *self,
                const RingiUser *user,
                GError **error)
{
  gboolean exists;

  if (!ringi_sqlite_storage_user_exists (self, user->login, &exists, error))
    return FALSE;
  if (exists)
    {
      g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_EXISTS,
                   _("There is already a user “%s”"), user->login);
      return FALSE;
    }

  if (user->manager == NULL)
    return TRUE;

  if (!ringi_sqlite_storage_user_exists (self, user->manager, &exists, error))
    return FALSE;
  if (!exists)
    {
      g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_INVALID,
                   _("There is no user “%s” to be the manager of “%s”"),
                   user->manager, user->login);
      return FALSE;
    }

  return TRUE;
}

static gboolean
insert_user (RingiSqliteStorage *self,
             const RingiUser *user,
             gint64 now,
             GError **error)
{
  sqlite3_stmt *stmt;

  stmt = prepare (self,
                  "INSERT INTO users (login, display_name, seal_name, department, role,"
                  " manager, disabled, created_at, employee_class) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, user->login);
  ringi_db_bind_text (stmt, 2, user->display_name ? user->display_name : user->login);
  ringi_db_bind_text (stmt, 3, user->seal_name ? user->seal_name : "");
  ringi_db_bind_text (stmt, 4, user->department ? user->department : "");
  ringi_db_bind_text (stmt, 5, user->role ? user->role : "staff");
  ringi_db_bind_text (stmt, 6, user->manager);
  sqlite3_bind_int (stmt, 7, user->disabled ? 1 : 0);
  sqlite3_bind_int64 (stmt, 8, now);
  ringi_db_bind_text (stmt, 9, user->employee_class ? user->employee_class : "general");
  return step_done (self, stmt, error);
}

static gboolean
ringi_sqlite_storage_add_user (RingiServerStorage *storage,
                               const RingiUser *user,
                               gint64 now,
                               GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  gboolean owned, ok;

  if (!write_begin (self, &owned, error))
    return FALSE;

  ok = check_new_user (self, user, error) &&
       insert_user (self, user, now, error) &&
       insert_change (self, "user", NULL, user->login, NULL, now, error) > 0;
  return write_end (self, owned, ok, error);
}

#define USER_COLUMNS "login, display_name, seal_name, department, role, manager," \
                     " fingerprint, public_key, disabled, employee_class"

static RingiUser *
user_from_row (sqlite3_stmt *stmt)
{
  RingiUser *user = g_new0 (RingiUser, 1);

  user->login = ringi_db_column_dup_text (stmt, 0);
  user->display_name = ringi_db_column_dup_text (stmt, 1);
  user->seal_name = ringi_db_column_dup_text (stmt, 2);
  user->department = ringi_db_column_dup_text (stmt, 3);
  user->role = ringi_db_column_dup_text (stmt, 4);
  user->manager = ringi_db_column_dup_text (stmt, 5);
  user->fingerprint = ringi_db_column_dup_text (stmt, 6);
  user->public_key = ringi_db_column_dup_bytes (stmt, 7);
  user->disabled = sqlite3_column_int (stmt, 8) != 0;
  user->employee_class = ringi_db_column_dup_text (stmt, 9);
  return user;
}

static RingiUser *
ringi_sqlite_storage_get_user (RingiServerStorage *storage,
                               const char *login,
                               GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;
  RingiUser *user;

  stmt = prepare (self, "SELECT " USER_COLUMNS " FROM users WHERE login = ?", error);
  if (stmt == NULL)
    return NULL;

  ringi_db_bind_text (stmt, 1, login);
  if (!ringi_db_step_row (self->db, stmt, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        ringi_sqlite_storage_set_not_found (error, login);
      return NULL;
    }

  user = user_from_row (stmt);
  sqlite3_reset (stmt);
  return user;
}

static GPtrArray *
ringi_sqlite_storage_list_users (RingiServerStorage *storage,
                                 GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  sqlite3_stmt *stmt;

  stmt = prepare (self, "SELECT " USER_COLUMNS " FROM users ORDER BY login", error);
  if (stmt == NULL)
    return NULL;

  return ringi_db_collect_rows (self->db, stmt, (RingiDbRowFunc) user_from_row,
                                (GDestroyNotify) ringi_user_free, error);
}

static gboolean
delete_sessions (RingiSqliteStorage *self,
                 const char *login,
                 GError **error)
{
  sqlite3_stmt *stmt = prepare (self, "DELETE FROM tokens WHERE login = ?", error);

  if (stmt == NULL)
    return FALSE;
  ringi_db_bind_text (stmt, 1, login);
  if (!step_done (self, stmt, error))
    return FALSE;

  stmt = prepare (self, "DELETE FROM login_nonces WHERE login = ?", error);
  if (stmt == NULL)
    return FALSE;
  ringi_db_bind_text (stmt, 1, login);
  return step_done (self, stmt, error);
}

static gboolean
update_disabled (RingiSqliteStorage *self,
                 const char *login,
                 gboolean disabled,
                 GError **error)
{
  sqlite3_stmt *stmt = prepare (self, "UPDATE users SET disabled = ? WHERE login = ?", error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int (stmt, 1, disabled ? 1 : 0);
  ringi_db_bind_text (stmt, 2, login);
  if (!step_done (self, stmt, error))
    return FALSE;

  if (n_changed_rows (self) == 0)
    {
      ringi_sqlite_storage_set_not_found (error, login);
      return FALSE;
    }

  return TRUE;
}

static gboolean
ringi_sqlite_storage_set_user_disabled (RingiServerStorage *storage,
                                        const char *login,
                                        gboolean disabled,
                                        gint64 now,
                                        GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  gboolean owned, ok;

  if (!write_begin (self, &owned, error))
    return FALSE;

  ok = update_disabled (self, login, disabled, error) &&
       (!disabled || delete_sessions (self, login, error)) &&
       insert_change (self, "user", NULL, login, NULL, now, error) > 0;
  return write_end (self, owned, ok, error);
}

/* Keys */

static gboolean
is_fingerprint (const char *text)
{
  if (strlen (text) != 40)
    return FALSE;

  for (const char *p = text; *p; p++)
    if (!g_ascii_isxdigit (*p))
      return FALSE;

  return TRUE;
}

static gboolean
check_key_free (RingiSqliteStorage *self,
                const char *login,
                const char *fingerprint,
                GError **error)
{
  g_autofree char *revoked_for = NULL;
  g_autofree char *bound_to = NULL;

  if (!ringi_db_query_text (self->db, "SELECT login FROM revoked_keys WHERE fingerprint = ?",
                            fingerprint, &revoked_for, error) ||
      !ringi_db_query_text (self->db, "SELECT login FROM users WHERE fingerprint = ?",
                            fingerprint, &bound_to, error))
    return FALSE;

  if (revoked_for != NULL)
    {
      g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_INVALID,
                   _("The key %s was revoked; enroll with a new key"), fingerprint);
      return FALSE;
    }

  if (bound_to != NULL && !g_str_equal (bound_to, login))
    {
      g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_EXISTS,
                   _("The key %s already belongs to another user"), fingerprint);
      return FALSE;
    }

  return TRUE;
}

static gboolean
update_key (RingiSqliteStorage *self,
            const char *login,
            const char *fingerprint,
            GBytes *public_key,
            GError **error)
{
  g_autoptr(RingiUser) user = ringi_sqlite_storage_get_user (RINGI_SERVER_STORAGE (self), login, error);
  sqlite3_stmt *stmt;

  if (user == NULL)
    return FALSE;

  if (user->fingerprint != NULL)
    {
      if (g_str_equal (user->fingerprint, fingerprint))
        return TRUE;

      g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_EXISTS,
                   _("“%s” already has a key; reset the user to bind another one"), login);
      return FALSE;
    }

  stmt = prepare (self, "UPDATE users SET fingerprint = ?, public_key = ? WHERE login = ?", error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, fingerprint);
  ringi_db_bind_bytes (stmt, 2, public_key);
  ringi_db_bind_text (stmt, 3, login);
  return step_done (self, stmt, error);
}

static gboolean
ringi_sqlite_storage_bind_key (RingiServerStorage *storage,
                               const char *login,
                               const char *fingerprint,
                               GBytes *public_key,
                               gint64 now,
                               GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  g_autofree char *upper = g_ascii_strup (fingerprint, -1);
  gboolean owned, ok;

  if (!is_fingerprint (upper))
    {
      g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_INVALID,
                   _("“%s” is not an OpenPGP fingerprint"), fingerprint);
      return FALSE;
    }

  if (!write_begin (self, &owned, error))
    return FALSE;

  ok = check_key_free (self, login, upper, error) &&
       update_key (self, login, upper, public_key, error) &&
       insert_change (self, "user", NULL, login, NULL, now, error) > 0;
  return write_end (self, owned, ok, error);
}

static gboolean
move_key_to_revoked (RingiSqliteStorage *self,
                     const RingiUser *user,
                     gint64 now,
                     GError **error)
{
  sqlite3_stmt *stmt;

  stmt = prepare (self,
                  "INSERT INTO revoked_keys (fingerprint, login, public_key, revoked_at)"
                  " VALUES (?, ?, ?, ?)",
                  error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, user->fingerprint);
  ringi_db_bind_text (stmt, 2, user->login);
  ringi_db_bind_bytes (stmt, 3, user->public_key);
  sqlite3_bind_int64 (stmt, 4, now);
  if (!step_done (self, stmt, error))
    return FALSE;

  stmt = prepare (self, "UPDATE users SET fingerprint = NULL, public_key = NULL WHERE login = ?", error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, user->login);
  return step_done (self, stmt, error);
}

static gboolean
revoke_locked (RingiSqliteStorage *self,
               const char *login,
               gint64 now,
               GError **error)
{
  g_autoptr(RingiUser) user = ringi_sqlite_storage_get_user (RINGI_SERVER_STORAGE (self), login, error);

  if (user == NULL)
    return FALSE;

  if (user->fingerprint != NULL && !move_key_to_revoked (self, user, now, error))
    return FALSE;

  return delete_sessions (self, login, error) &&
         insert_change (self, "user", NULL, login, NULL, now, error) > 0;
}

static gboolean
ringi_sqlite_storage_revoke_key (RingiServerStorage *storage,
                                 const char *login,
                                 gint64 now,
                                 GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  gboolean owned;

  if (!write_begin (self, &owned, error))
    return FALSE;

  return write_end (self, owned, revoke_locked (self, login, now, error), error);
}

/* Enrollment codes */

static gboolean
ringi_sqlite_storage_set_enrollment_code (RingiServerStorage *storage,
                                          const char *login,
                                          const char *code_sha256,
                                          gint64 expires_at,
                                          GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  sqlite3_stmt *stmt;
  gboolean exists;

  if (!ringi_sqlite_storage_user_exists (self, login, &exists, error))
    return FALSE;
  if (!exists)
    {
      ringi_sqlite_storage_set_not_found (error, login);
      return FALSE;
    }

  stmt = prepare (self,
                  "INSERT INTO enrollment_codes (login, code_sha256, expires_at) VALUES (?, ?, ?)"
                  " ON CONFLICT (login) DO UPDATE SET"
                  " code_sha256 = excluded.code_sha256, expires_at = excluded.expires_at",
                  error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, login);
  ringi_db_bind_text (stmt, 2, code_sha256);
  sqlite3_bind_int64 (stmt, 3, expires_at);
  return step_done (self, stmt, error);
}

static gboolean
delete_enrollment_code (RingiSqliteStorage *self,
                        const char *login,
                        GError **error)
{
  sqlite3_stmt *stmt = prepare (self, "DELETE FROM enrollment_codes WHERE login = ?", error);

  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, login);
  return step_done (self, stmt, error);
}

static gboolean
check_enrollment_code (RingiSqliteStorage *self,
                       const char *login,
                       const char *code_sha256,
                       gint64 now,
                       GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *stored = NULL;
  gint64 expires_at = 0;
  gboolean disabled = FALSE;
  sqlite3_stmt *stmt;

  stmt = prepare (self,
                  "SELECT c.code_sha256, c.expires_at, u.disabled FROM enrollment_codes c"
                  " JOIN users u ON u.login = c.login WHERE c.login = ?",
                  error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, login);
  if (ringi_db_step_row (self->db, stmt, &local_error))
    {
      stored = ringi_db_column_dup_text (stmt, 0);
      expires_at = sqlite3_column_int64 (stmt, 1);
      disabled = sqlite3_column_int (stmt, 2) != 0;
      sqlite3_reset (stmt);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (stored == NULL || !g_str_equal (stored, code_sha256))
    g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND,
                 _("This is not the enrollment code of “%s”"), login);
  else if (disabled)
    g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_DISABLED,
                 _("The user “%s” is disabled"), login);
  else if (now >= expires_at)
    g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_EXPIRED,
                 _("The enrollment code of “%s” has expired; ask for a new one"), login);
  else
    return TRUE;

  return FALSE;
}

static gboolean
ringi_sqlite_storage_redeem_enrollment_code (RingiServerStorage *storage,
                                             const char *login,
                                             const char *code_sha256,
                                             gint64 now,
                                             GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  gboolean owned, ok;

  if (!write_begin (self, &owned, error))
    return FALSE;

  ok = check_enrollment_code (self, login, code_sha256, now, error) &&
       delete_enrollment_code (self, login, error);
  return write_end (self, owned, ok, error);
}

static gboolean
ringi_sqlite_storage_check_enrollment_code (RingiServerStorage *storage,
                                            const char *login,
                                            const char *code_sha256,
                                            gint64 now,
                                            GError **error)
{
  return check_enrollment_code (RINGI_SQLITE_STORAGE (storage), login, code_sha256, now, error);
}

/* Login challenges */

static gboolean
ringi_sqlite_storage_add_login_nonce (RingiServerStorage *storage,
                                      const char *nonce,
                                      const char *login,
                                      gint64 expires_at,
                                      GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  sqlite3_stmt *stmt;

  stmt = prepare (self, "INSERT INTO login_nonces (nonce, login, expires_at) VALUES (?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, nonce);
  ringi_db_bind_text (stmt, 2, login);
  sqlite3_bind_int64 (stmt, 3, expires_at);
  return step_done (self, stmt, error);
}

static gboolean
delete_expired_nonces (RingiSqliteStorage *self,
                       gint64 now,
                       GError **error)
{
  sqlite3_stmt *stmt = prepare (self, "DELETE FROM login_nonces WHERE expires_at <= ?", error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, now);
  return step_done (self, stmt, error);
}

static gboolean
delete_nonce (RingiSqliteStorage *self,
              const char *nonce,
              const char *login,
              GError **error)
{
  sqlite3_stmt *stmt = prepare (self, "DELETE FROM login_nonces WHERE nonce = ? AND login = ?", error);

  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, nonce);
  ringi_db_bind_text (stmt, 2, login);
  if (!step_done (self, stmt, error))
    return FALSE;

  if (n_changed_rows (self) == 0)
    {
      g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND,
                   _("Unknown or expired login challenge for “%s”"), login);
      return FALSE;
    }

  return TRUE;
}

static gboolean
ringi_sqlite_storage_take_login_nonce (RingiServerStorage *storage,
                                       const char *nonce,
                                       const char *login,
                                       gint64 now,
                                       GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  gboolean owned, ok;

  if (!write_begin (self, &owned, error))
    return FALSE;

  /* Expired challenges go first, so that an expired one is "not found". */
  ok = delete_expired_nonces (self, now, error) &&
       delete_nonce (self, nonce, login, error);
  return write_end (self, owned, ok, error);
}

/* Tokens */

static gboolean
check_user_active (RingiSqliteStorage *self,
                   const char *login,
                   GError **error)
{
  g_autoptr(RingiUser) user = ringi_sqlite_storage_get_user (RINGI_SERVER_STORAGE (self), login, error);

  if (user == NULL)
    return FALSE;

  if (user->disabled)
    {
      g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_DISABLED,
                   _("The user “%s” is disabled"), login);
      return FALSE;
    }

  return TRUE;
}

static gboolean
ringi_sqlite_storage_add_token (RingiServerStorage *storage,
                                const char *token_sha256,
                                const char *login,
                                gint64 now,
                                gint64 expires_at,
                                GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  sqlite3_stmt *stmt;

  if (!check_user_active (self, login, error))
    return FALSE;

  stmt = prepare (self,
                  "INSERT INTO tokens (token_sha256, login, created_at, last_used_at, expires_at)"
                  " VALUES (?, ?, ?, ?, ?)",
                  error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, token_sha256);
  ringi_db_bind_text (stmt, 2, login);
  sqlite3_bind_int64 (stmt, 3, now);
  sqlite3_bind_int64 (stmt, 4, now);
  sqlite3_bind_int64 (stmt, 5, expires_at);
  return step_done (self, stmt, error);
}

static gboolean
ringi_sqlite_storage_delete_token (RingiServerStorage *storage,
                                   const char *token_sha256,
                                   GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  sqlite3_stmt *stmt = prepare (self, "DELETE FROM tokens WHERE token_sha256 = ?", error);

  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, token_sha256);
  return step_done (self, stmt, error);
}

static gboolean
touch_token (RingiSqliteStorage *self,
             const char *token_sha256,
             gint64 now,
             GError **error)
{
  sqlite3_stmt *stmt = prepare (self, "UPDATE tokens SET last_used_at = ? WHERE token_sha256 = ?", error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, now);
  ringi_db_bind_text (stmt, 2, token_sha256);
  return step_done (self, stmt, error);
}

typedef struct
{
  char *login;
  gint64 last_used_at;
  gint64 expires_at;
  gboolean disabled;
} TokenRow;

static gboolean
read_token (RingiSqliteStorage *self,
            const char *token_sha256,
            TokenRow *row,
            GError **error)
{
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;

  stmt = prepare (self,
                  "SELECT t.login, t.last_used_at, t.expires_at, u.disabled FROM tokens t"
                  " JOIN users u ON u.login = t.login WHERE t.token_sha256 = ?",
                  error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, token_sha256);
  if (!ringi_db_step_row (self->db, stmt, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND,
                     _("Unknown token"));
      return FALSE;
    }

  row->login = ringi_db_column_dup_text (stmt, 0);
  row->last_used_at = sqlite3_column_int64 (stmt, 1);
  row->expires_at = sqlite3_column_int64 (stmt, 2);
  row->disabled = sqlite3_column_int (stmt, 3) != 0;
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
check_token (RingiSqliteStorage *self,
             const char *token_sha256,
             const TokenRow *row,
             gint64 now,
             gint64 idle_seconds,
             GError **error)
{
  if (row->disabled)
    g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_DISABLED,
                 _("The user “%s” is disabled"), row->login);
  else if (now >= row->expires_at || now - row->last_used_at > idle_seconds)
    g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_EXPIRED,
                 _("The session has expired; log in again"));
  else if (now - row->last_used_at >= TOKEN_TOUCH_SECONDS)
    return touch_token (self, token_sha256, now, error);
  else
    return TRUE;

  /* A dead token is of no use to anyone; deleting it keeps the table small. */
  ringi_sqlite_storage_delete_token (RINGI_SERVER_STORAGE (self), token_sha256, NULL);
  return FALSE;
}

/* Reads need no transaction of their own: the one row read is
 * consistent, and a touch or a deletion is a single statement. */
static char *
ringi_sqlite_storage_lookup_token (RingiServerStorage *storage,
                                   const char *token_sha256,
                                   gint64 now,
                                   gint64 idle_seconds,
                                   GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  TokenRow row = { NULL, 0, 0, FALSE };

  if (!read_token (self, token_sha256, &row, error))
    return NULL;

  if (!check_token (self, token_sha256, &row, now, idle_seconds, error))
    g_clear_pointer (&row.login, g_free);

  return row.login;
}

/* Route templates */

static gboolean
upsert_route_template (RingiSqliteStorage *self,
                       const RingiRouteTemplate *route_template,
                       GError **error)
{
  sqlite3_stmt *stmt;

  stmt = prepare (self,
                  "INSERT INTO route_templates (category, min_amount, route) VALUES (?, ?, ?)"
                  " ON CONFLICT (category, min_amount) DO UPDATE SET route = excluded.route",
                  error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, route_template->category);
  sqlite3_bind_int64 (stmt, 2, MAX (route_template->min_amount, 0));
  ringi_db_bind_text (stmt, 3, route_template->route);
  return step_done (self, stmt, error);
}

static gboolean
ringi_sqlite_storage_put_route_template (RingiServerStorage *storage,
                                         const RingiRouteTemplate *route_template,
                                         gint64 now,
                                         GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  gboolean owned, ok;

  if (!write_begin (self, &owned, error))
    return FALSE;

  ok = upsert_route_template (self, route_template, error) &&
       insert_change (self, "route-template", NULL, route_template->category, NULL, now, error) > 0;
  return write_end (self, owned, ok, error);
}

static RingiRouteTemplate *
route_template_from_row (sqlite3_stmt *stmt)
{
  RingiRouteTemplate *route_template = g_new0 (RingiRouteTemplate, 1);

  route_template->category = ringi_db_column_dup_text (stmt, 0);
  route_template->min_amount = sqlite3_column_int64 (stmt, 1);
  route_template->route = ringi_db_column_dup_text (stmt, 2);
  return route_template;
}

static GPtrArray *
ringi_sqlite_storage_list_route_templates (RingiServerStorage *storage,
                                           GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  sqlite3_stmt *stmt;

  stmt = prepare (self,
                  "SELECT category, min_amount, route FROM route_templates"
                  " ORDER BY category, min_amount",
                  error);
  if (stmt == NULL)
    return NULL;

  return ringi_db_collect_rows (self->db, stmt, (RingiDbRowFunc) route_template_from_row,
                                (GDestroyNotify) ringi_route_template_free, error);
}

/* Ops */

static gboolean
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

static gboolean
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

static gboolean
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

static GBytes *
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

static gint64
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

static gboolean
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

static RingiRequestInfo *
request_from_row (sqlite3_stmt *stmt)
{
  RingiRequestInfo *info = g_new0 (RingiRequestInfo, 1);

  info->id = ringi_db_column_dup_text (stmt, 0);
  info->title = ringi_db_column_dup_text (stmt, 1);
  info->category = ringi_db_column_dup_text (stmt, 2);
  info->amount = sqlite3_column_type (stmt, 3) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 3);
  info->counterparty = ringi_db_column_dup_text (stmt, 4);
  info->transaction_date = ringi_db_column_dup_text (stmt, 5);
  info->applicant = ringi_db_column_dup_text (stmt, 6);
  info->created_at = ringi_db_column_dup_text (stmt, 7);
  return info;
}

static RingiRequestInfo *
ringi_sqlite_storage_get_request (RingiServerStorage *storage,
                                  const char *id,
                                  GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  g_autoptr(GError) local_error = NULL;
  RingiRequestInfo *info;
  sqlite3_stmt *stmt;

  stmt = prepare (self,
                  "SELECT id, title, category, amount, counterparty, transaction_date,"
                  " applicant, created_at FROM requests WHERE id = ?",
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

  info = request_from_row (stmt);
  sqlite3_reset (stmt);
  return info;
}

static gboolean
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
static gboolean
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

static gboolean
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

static char *
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

static GPtrArray *
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

static gboolean
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

static gboolean
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

static RingiStoredStamp *
stamp_from_row (sqlite3_stmt *stmt)
{
  RingiStoredStamp *stamp = g_new0 (RingiStoredStamp, 1);

  stamp->seq = sqlite3_column_int (stmt, 0);
  stamp->record = ringi_db_column_dup_bytes (stmt, 1);
  stamp->signature = ringi_db_column_dup_bytes (stmt, 2);
  stamp->sha256 = ringi_db_column_dup_text (stmt, 3);
  return stamp;
}

static GPtrArray *
ringi_sqlite_storage_list_stamps (RingiServerStorage *storage,
                                  const char *request_id,
                                  GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  sqlite3_stmt *stmt;

  stmt = prepare (self,
                  "SELECT seq, record, signature, sha256 FROM stamps WHERE request_id = ? ORDER BY seq",
                  error);
  if (stmt == NULL)
    return NULL;

  ringi_db_bind_text (stmt, 1, request_id);
  return ringi_db_collect_rows (self->db, stmt, (RingiDbRowFunc) stamp_from_row,
                                (GDestroyNotify) ringi_stored_stamp_free, error);
}

/* Receipts */

static gboolean
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

static gboolean
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

static gboolean
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

static RingiStoredDelegation *
delegation_from_row (sqlite3_stmt *stmt)
{
  RingiStoredDelegation *delegation = g_new0 (RingiStoredDelegation, 1);

  delegation->id = ringi_db_column_dup_text (stmt, 0);
  delegation->from_login = ringi_db_column_dup_text (stmt, 1);
  delegation->to_login = ringi_db_column_dup_text (stmt, 2);
  delegation->valid_from = ringi_db_column_dup_text (stmt, 3);
  delegation->valid_until = ringi_db_column_dup_text (stmt, 4);
  delegation->record = ringi_db_column_dup_bytes (stmt, 5);
  delegation->signature = ringi_db_column_dup_bytes (stmt, 6);
  return delegation;
}

static GPtrArray *
ringi_sqlite_storage_list_delegations (RingiServerStorage *storage,
                                       const char *from_login,
                                       const char *to_login,
                                       GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  sqlite3_stmt *stmt;

  stmt = prepare (self,
                  "SELECT id, from_login, to_login, valid_from, valid_until, record, signature"
                  " FROM delegations WHERE (?1 IS NULL OR from_login = ?1) AND (?2 IS NULL OR to_login = ?2)"
                  " ORDER BY rowid",
                  error);
  if (stmt == NULL)
    return NULL;

  ringi_db_bind_text (stmt, 1, from_login);
  ringi_db_bind_text (stmt, 2, to_login);
  return ringi_db_collect_rows (self->db, stmt, (RingiDbRowFunc) delegation_from_row,
                                (GDestroyNotify) ringi_stored_delegation_free, error);
}

/* Attendance */

static gboolean
ringi_sqlite_storage_set_employee_class (RingiServerStorage *storage,
                                         const char *login,
                                         const char *employee_class,
                                         gint64 now,
                                         GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;
  gboolean owned, ok;

  if (!write_begin (self, &owned, error))
    return FALSE;

  stmt = prepare (self, "UPDATE users SET employee_class = ?2 WHERE login = ?1", error);
  ok = stmt != NULL;
  if (ok)
    {
      ringi_db_bind_text (stmt, 1, login);
      ringi_db_bind_text (stmt, 2, employee_class);
      ok = step_done (self, stmt, &local_error);
      if (!ok && g_error_matches (local_error, RINGI_DB_ERROR, RINGI_DB_ERROR_CONSTRAINT))
        g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_INVALID,
                     _("“%s” is not an employee class; use general or high-demand"), employee_class);
      else if (!ok)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else if (n_changed_rows (self) == 0)
        {
          ringi_sqlite_storage_set_not_found (error, login);
          ok = FALSE;
        }
    }

  ok = ok && insert_change (self, "user", NULL, login, NULL, now, error) > 0;
  return write_end (self, owned, ok, error);
}

static gboolean
check_manager (RingiSqliteStorage *self,
               const char *login,
               const char *manager,
               GError **error)
{
  gboolean exists = FALSE;

  if (manager == NULL)
    return TRUE;

  if (g_str_equal (manager, login))
    {
      g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_INVALID,
                   _("“%s” cannot be their own manager"), login);
      return FALSE;
    }

  if (!ringi_sqlite_storage_user_exists (self, manager, &exists, error))
    return FALSE;
  if (!exists)
    g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_INVALID,
                 _("There is no user “%s” to be the manager of “%s”"), manager, login);
  return exists;
}

static gboolean
ringi_sqlite_storage_set_manager (RingiServerStorage *storage,
                                  const char *login,
                                  const char *manager,
                                  gint64 now,
                                  GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  sqlite3_stmt *stmt = NULL;
  gboolean owned, ok;

  if (!write_begin (self, &owned, error))
    return FALSE;

  ok = check_manager (self, login, manager, error) &&
       (stmt = prepare (self, "UPDATE users SET manager = ?2 WHERE login = ?1", error)) != NULL;
  if (ok)
    {
      ringi_db_bind_text (stmt, 1, login);
      ringi_db_bind_text (stmt, 2, manager);
      ok = step_done (self, stmt, error);
      if (ok && n_changed_rows (self) == 0)
        {
          ringi_sqlite_storage_set_not_found (error, login);
          ok = FALSE;
        }
    }

  ok = ok && insert_change (self, "user", NULL, login, NULL, now, error) > 0;
  return write_end (self, owned, ok, error);
}

/* The original changes @owner sees of their own (punches, closes), in
 * order, whose subject is in @subjects and that @login does not see:
 * read through the owner's rows of change_viewers, so that the cost is
 * the owner's share of the log, not the log. */
static GArray *
list_changes_to_share (RingiSqliteStorage *self,
                       const char *owner,
                       const char *login,
                       GHashTable *subjects,
                       GError **error)
{
  g_autoptr(GArray) seqs = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;

  stmt = prepare (self,
                  "SELECT c.seq, c.subject FROM change_viewers v JOIN changes c ON c.seq = v.seq"
                  " WHERE v.login = ?1 AND c.owner = ?1 AND c.audience IS NULL"
                  " AND NOT EXISTS (SELECT 1 FROM change_viewers w WHERE w.login = ?2 AND w.seq = c.seq)"
                  " ORDER BY v.seq",
                  error);
  if (stmt == NULL)
    return NULL;

  ringi_db_bind_text (stmt, 1, owner);
  ringi_db_bind_text (stmt, 2, login);
  while (ringi_db_step_row (self->db, stmt, &local_error))
    {
      gint64 seq = sqlite3_column_int64 (stmt, 0);
      const char *subject = (const char *) sqlite3_column_text (stmt, 1);

      if (subject != NULL && g_hash_table_contains (subjects, subject))
        g_array_append_val (seqs, seq);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&seqs);
}

/* A copy of change @seq under a new number, for @login alone */
static gboolean
copy_change_for (RingiSqliteStorage *self,
                 gint64 seq,
                 const char *login,
                 GError **error)
{
  sqlite3_stmt *stmt;
  gint64 copy;

  stmt = prepare (self,
                  "INSERT INTO changes (kind, request_id, subject, payload, created_at, audience, owner)"
                  " SELECT kind, request_id, subject, payload, created_at, ?2, owner FROM changes WHERE seq = ?1",
                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, seq);
  ringi_db_bind_text (stmt, 2, login);
  if (!step_done (self, stmt, error))
    return FALSE;

  copy = sqlite3_last_insert_rowid (ringi_db_get_handle (self->db));
  stmt = prepare (self, "INSERT INTO change_viewers (login, seq) VALUES (?2, ?1)", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, copy);
  ringi_db_bind_text (stmt, 2, login);
  return step_done (self, stmt, error);
}

static gboolean
ringi_sqlite_storage_share_changes (RingiServerStorage *storage,
                                    const char *owner,
                                    const char *login,
                                    GHashTable *subjects,
                                    guint *out_shared,
                                    GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  g_autoptr(GArray) seqs = NULL;
  gboolean owned, ok;

  *out_shared = 0;
  if (!write_begin (self, &owned, error))
    return FALSE;

  seqs = list_changes_to_share (self, owner, login, subjects, error);
  ok = seqs != NULL;
  for (guint i = 0; ok && i < seqs->len; i++)
    ok = copy_change_for (self, g_array_index (seqs, gint64, i), login, error);
  if (ok)
    *out_shared = seqs->len;

  return write_end (self, owned, ok, error);
}

/* A punch's change goes to its owner and their manager of the moment;
 * auditors read every change. */
static gboolean
insert_owner_viewers (RingiSqliteStorage *self,
                      gint64 seq,
                      const char *login,
                      GError **error)
{
  sqlite3_stmt *stmt;

  stmt = prepare (self,
                  "INSERT INTO change_viewers (login, seq)"
                  " SELECT login, ?1 FROM users WHERE login = ?2"
                  " UNION SELECT manager, ?1 FROM users WHERE login = ?2 AND manager IS NOT NULL",
                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, seq);
  ringi_db_bind_text (stmt, 2, login);
  return step_done (self, stmt, error);
}

static gboolean
insert_punch (RingiSqliteStorage *self,
              const RingiStoredPunch *punch,
              gint64 seq,
              GError **error)
{
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;

  stmt = prepare (self,
                  "INSERT INTO punches (punch, login, sha256, record, signature, note, client_time,"
                  " server_time, skewed, receipt, receipt_signature, change_seq, kind, place, corrects, imported)"
                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, punch->punch);
  ringi_db_bind_text (stmt, 2, punch->login);
  ringi_db_bind_text (stmt, 3, punch->sha256);
  ringi_db_bind_bytes (stmt, 4, punch->record);
  ringi_db_bind_bytes (stmt, 5, punch->signature);
  ringi_db_bind_text (stmt, 6, punch->note);
  sqlite3_bind_int64 (stmt, 7, punch->client_time);
  sqlite3_bind_int64 (stmt, 8, punch->server_time);
  sqlite3_bind_int (stmt, 9, punch->skewed ? 1 : 0);
  ringi_db_bind_bytes (stmt, 10, punch->receipt);
  ringi_db_bind_bytes (stmt, 11, punch->receipt_signature);
  sqlite3_bind_int64 (stmt, 12, seq);
  ringi_db_bind_text (stmt, 13, ringi_punch_kind_to_string (punch->kind));
  ringi_db_bind_text (stmt, 14, ringi_punch_place_to_string (punch->place));
  ringi_db_bind_text (stmt, 15, punch->corrects);
  sqlite3_bind_int (stmt, 16, punch->imported ? 1 : 0);
  if (step_done (self, stmt, &local_error))
    return TRUE;

  if (g_error_matches (local_error, RINGI_DB_ERROR, RINGI_DB_ERROR_CONSTRAINT))
    g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_EXISTS,
                 _("The punch %s is stored already"), punch->punch);
  else
    g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static gint64
ringi_sqlite_storage_add_punch (RingiServerStorage *storage,
                                const RingiStoredPunch *punch,
                                const char *payload,
                                GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  NewChange change = { "punch", NULL, punch->punch, payload, punch->server_time, NULL, punch->login };
  gboolean owned, ok;
  gint64 seq;

  if (!write_begin (self, &owned, error))
    return -1;

  seq = ringi_sqlite_storage_insert_change_row (self, &change, error);
  ok = seq > 0 &&
       insert_owner_viewers (self, seq, punch->login, error) &&
       insert_punch (self, punch, seq, error);
  return write_end (self, owned, ok, error) ? seq : -1;
}

static gboolean
insert_month_close (RingiSqliteStorage *self,
                    const RingiStoredMonthClose *close,
                    gint64 now,
                    GError **error)
{
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;

  stmt = prepare (self,
                  "INSERT INTO month_closes (login, month, request_id, sha256, record, signature, created_at)"
                  " VALUES (?, ?, ?, ?, ?, ?, ?)",
                  error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, close->login);
  ringi_db_bind_text (stmt, 2, close->month);
  ringi_db_bind_text (stmt, 3, close->request_id);
  ringi_db_bind_text (stmt, 4, close->sha256);
  ringi_db_bind_bytes (stmt, 5, close->record);
  ringi_db_bind_bytes (stmt, 6, close->signature);
  sqlite3_bind_int64 (stmt, 7, now);
  if (step_done (self, stmt, &local_error))
    return TRUE;

  if (g_error_matches (local_error, RINGI_DB_ERROR, RINGI_DB_ERROR_CONSTRAINT))
    g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_EXISTS,
                 _("The month %s of %s is closed already with request %s"), close->month, close->login,
                 close->request_id);
  else
    g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static gboolean
ringi_sqlite_storage_add_month_close (RingiServerStorage *storage,
                                      const RingiStoredMonthClose *close,
                                      const char *payload,
                                      gint64 now,
                                      GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  NewChange change = { "month-close", NULL, close->sha256, payload, now, NULL, close->login };
  gboolean owned, ok;
  gint64 seq;

  if (!write_begin (self, &owned, error))
    return FALSE;

  ok = insert_month_close (self, close, now, error) &&
       (seq = ringi_sqlite_storage_insert_change_row (self, &change, error)) > 0 &&
       insert_owner_viewers (self, seq, close->login, error);
  return write_end (self, owned, ok, error);
}

static RingiStoredMonthClose *
month_close_from_row (sqlite3_stmt *stmt)
{
  RingiStoredMonthClose *close = g_new0 (RingiStoredMonthClose, 1);

  close->login = ringi_db_column_dup_text (stmt, 0);
  close->month = ringi_db_column_dup_text (stmt, 1);
  close->request_id = ringi_db_column_dup_text (stmt, 2);
  close->sha256 = ringi_db_column_dup_text (stmt, 3);
  close->record = ringi_db_column_dup_bytes (stmt, 4);
  close->signature = ringi_db_column_dup_bytes (stmt, 5);
  return close;
}

static GPtrArray *
ringi_sqlite_storage_list_month_closes (RingiServerStorage *storage,
                                        const char *login,
                                        const char *month,
                                        GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  sqlite3_stmt *stmt;

  stmt = prepare (self,
                  "SELECT login, month, request_id, sha256, record, signature FROM month_closes"
                  " WHERE login = ? AND month = ? ORDER BY rowid",
                  error);
  if (stmt == NULL)
    return NULL;

  ringi_db_bind_text (stmt, 1, login);
  ringi_db_bind_text (stmt, 2, month);
  return ringi_db_collect_rows (self->db, stmt, (RingiDbRowFunc) month_close_from_row,
                                (GDestroyNotify) ringi_stored_month_close_free, error);
}

static gboolean
delete_older (RingiSqliteStorage *self,
              const char *sql,
              gint64 before,
              guint *out_count,
              GError **error)
{
  sqlite3_stmt *stmt = prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, before);
  if (!step_done (self, stmt, error))
    return FALSE;

  *out_count = (guint) n_changed_rows (self);
  return TRUE;
}

/* Punch, close and activity changes whose punch, close or day is no
 * longer stored. The log has no index by subject: one pass over it, for a
 * purge that runs a few times a year. */
#define ORPHANED_CHANGES                                                                                  \
  "SELECT c.seq FROM changes c WHERE"                                                                     \
  " (c.kind = 'punch' AND NOT EXISTS (SELECT 1 FROM punches p WHERE p.punch = c.subject))"                \
  " OR (c.kind = 'month-close' AND NOT EXISTS (SELECT 1 FROM month_closes m WHERE m.sha256 = c.subject))" \
  " OR (c.kind = 'activity' AND NOT EXISTS"                                                               \
  "     (SELECT 1 FROM activity a WHERE a.login = c.owner AND a.date = c.subject))"

static gboolean
delete_orphaned_changes (RingiSqliteStorage *self,
                         GError **error)
{
  sqlite3_stmt *stmt;

  stmt = prepare (self, "DELETE FROM change_viewers WHERE seq IN (" ORPHANED_CHANGES ")", error);
  if (stmt == NULL || !step_done (self, stmt, error))
    return FALSE;

  stmt = prepare (self, "DELETE FROM changes WHERE seq IN (" ORPHANED_CHANGES ")", error);
  return stmt != NULL && step_done (self, stmt, error);
}

/* The results kept for ops sent again: a punch op's holds the punch's
 * receipt. Past the retention period no client sends an op again. */
static gboolean
delete_old_ops (RingiSqliteStorage *self,
                gint64 before,
                GError **error)
{
  guint n_ops = 0;

  return delete_older (self, "DELETE FROM ops WHERE created_at < ?", before, &n_ops, error);
}

static gboolean
ringi_sqlite_storage_purge_attendance (RingiServerStorage *storage,
                                       gint64 before,
                                       guint *out_punches,
                                       guint *out_closes,
                                       GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  gboolean owned, ok;

  if (!write_begin (self, &owned, error))
    return FALSE;

  /* A month's close goes with the month: it is older than @before when
   * all its punches are. The triggers refuse anything younger than the
   * retention period, whatever the caller computed. Then the changes
   * that carried them go, every copy: their punch or close is gone. */
  ok = delete_older (self, "DELETE FROM month_closes WHERE created_at < ?", before, out_closes, error) &&
       delete_older (self, "DELETE FROM punches WHERE server_time < ?1 AND client_time < ?1", before, out_punches, error) &&
       delete_orphaned_changes (self, error) && delete_old_ops (self, before, error);
  return write_end (self, owned, ok, error);
}

/* The stored day, when there is one. */
static gboolean
read_activity (RingiSqliteStorage *self,
               const RingiServerActivity *day,
               gboolean *out_found,
               gint64 *out_first,
               gint64 *out_last,
               GError **error)
{
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;

  stmt = prepare (self, "SELECT first, last FROM activity WHERE login = ? AND date = ?", error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, day->login);
  ringi_db_bind_text (stmt, 2, day->date);
  *out_found = ringi_db_step_row (self->db, stmt, &local_error);
  if (*out_found)
    {
      *out_first = sqlite3_column_int64 (stmt, 0);
      *out_last = sqlite3_column_int64 (stmt, 1);
      sqlite3_reset (stmt);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

static gboolean
write_activity (RingiSqliteStorage *self,
                const RingiServerActivity *day,
                gint64 now,
                GError **error)
{
  sqlite3_stmt *stmt;

  stmt = prepare (self,
                  "INSERT INTO activity (login, date, first, last, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)"
                  " ON CONFLICT (login, date) DO UPDATE SET first = ?3, last = ?4, updated_at = ?5",
                  error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, day->login);
  ringi_db_bind_text (stmt, 2, day->date);
  sqlite3_bind_int64 (stmt, 3, day->first);
  sqlite3_bind_int64 (stmt, 4, day->last);
  sqlite3_bind_int64 (stmt, 5, now);
  return step_done (self, stmt, error);
}

static gboolean
ringi_sqlite_storage_merge_activity (RingiServerStorage *storage,
                                     RingiServerActivity *day,
                                     gint64 now,
                                     gboolean *out_changed,
                                     GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  gboolean owned, ok, found = FALSE;
  gint64 first = 0, last = 0;

  if (!write_begin (self, &owned, error))
    return FALSE;

  ok = read_activity (self, day, &found, &first, &last, error);
  if (ok && found)
    {
      *out_changed = day->first < first || day->last > last;
      day->first = MIN (day->first, first);
      day->last = MAX (day->last, last);
    }
  else
    *out_changed = ok;

  ok = ok && (!*out_changed || write_activity (self, day, now, error));
  return write_end (self, owned, ok, error);
}

static gint64
ringi_sqlite_storage_append_owner_change (RingiServerStorage *storage,
                                          const char *kind,
                                          const char *subject,
                                          const char *owner,
                                          const char *payload,
                                          gint64 now,
                                          GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  NewChange change = { kind, NULL, subject, payload, now, NULL, owner };
  gboolean owned, ok;
  gint64 seq;

  if (!write_begin (self, &owned, error))
    return -1;

  seq = ringi_sqlite_storage_insert_change_row (self, &change, error);
  ok = seq > 0 && insert_owner_viewers (self, seq, owner, error);
  return write_end (self, owned, ok, error) ? seq : -1;
}

static gboolean
ringi_sqlite_storage_purge_activity (RingiServerStorage *storage,
                                     gint64 before,
                                     guint *out_days,
                                     GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  gboolean owned, ok;

  if (!write_begin (self, &owned, error))
    return FALSE;

  /* The trigger refuses anything younger than the retention period; the
   * changes that carried the days go with them, every copy. */
  ok = delete_older (self, "DELETE FROM activity WHERE updated_at < ?1 AND last < ?1", before, out_days, error) &&
       delete_orphaned_changes (self, error);
  return write_end (self, owned, ok, error);
}

#define PUNCH_COLUMNS "punch, login, sha256, record, signature, note, client_time, server_time," \
                      " skewed, receipt, receipt_signature, kind, place, corrects, imported"

/* The stored words; the CHECKs allow no others. */
static void
read_punch_fields (RingiStoredPunch *punch,
                   sqlite3_stmt *stmt,
                   int first)
{
  ringi_punch_kind_from_string ((const char *) sqlite3_column_text (stmt, first), &punch->kind);
  ringi_punch_place_from_string ((const char *) sqlite3_column_text (stmt, first + 1), &punch->place);
  punch->corrects = ringi_db_column_dup_text (stmt, first + 2);
  punch->imported = sqlite3_column_int (stmt, first + 3) != 0;
}

static RingiStoredPunch *
punch_from_row (sqlite3_stmt *stmt)
{
  RingiStoredPunch *punch = g_new0 (RingiStoredPunch, 1);

  punch->punch = ringi_db_column_dup_text (stmt, 0);
  punch->login = ringi_db_column_dup_text (stmt, 1);
  punch->sha256 = ringi_db_column_dup_text (stmt, 2);
  punch->record = ringi_db_column_dup_bytes (stmt, 3);
  punch->signature = ringi_db_column_dup_bytes (stmt, 4);
  punch->note = ringi_db_column_dup_text (stmt, 5);
  punch->client_time = sqlite3_column_int64 (stmt, 6);
  punch->server_time = sqlite3_column_int64 (stmt, 7);
  punch->skewed = sqlite3_column_int (stmt, 8) != 0;
  punch->receipt = ringi_db_column_dup_bytes (stmt, 9);
  punch->receipt_signature = ringi_db_column_dup_bytes (stmt, 10);
  read_punch_fields (punch, stmt, 11);
  return punch;
}

static RingiStoredPunch *
ringi_sqlite_storage_get_punch (RingiServerStorage *storage,
                                const char *uuid,
                                GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  g_autoptr(GError) local_error = NULL;
  RingiStoredPunch *punch;
  sqlite3_stmt *stmt;

  stmt = prepare (self, "SELECT " PUNCH_COLUMNS " FROM punches WHERE punch = ?", error);
  if (stmt == NULL)
    return NULL;

  ringi_db_bind_text (stmt, 1, uuid);
  if (!ringi_db_step_row (self->db, stmt, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND,
                     _("There is no punch %s"), uuid);
      return NULL;
    }

  punch = punch_from_row (stmt);
  sqlite3_reset (stmt);
  return punch;
}

static GPtrArray *
ringi_sqlite_storage_list_punches (RingiServerStorage *storage,
                                   const char *login,
                                   gint64 from,
                                   gint64 until,
                                   GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  sqlite3_stmt *stmt;

  stmt = prepare (self,
                  "SELECT " PUNCH_COLUMNS " FROM punches"
                  " WHERE login = ?1 AND client_time >= ?2 AND client_time < ?3"
                  " ORDER BY client_time, rowid",
                  error);
  if (stmt == NULL)
    return NULL;

  ringi_db_bind_text (stmt, 1, login);
  sqlite3_bind_int64 (stmt, 2, from);
  sqlite3_bind_int64 (stmt, 3, until);
  return ringi_db_collect_rows (self->db, stmt, (RingiDbRowFunc) punch_from_row,
                                (GDestroyNotify) ringi_stored_punch_free, error);
}

/* The same rows as ringi_sqlite_storage_list_punches(), the large columns left out:
 * NULL in their place, so that punch_from_row() reads both. */
static GPtrArray *
ringi_sqlite_storage_list_punch_fields (RingiServerStorage *storage,
                                        const char *login,
                                        gint64 from,
                                        gint64 until,
                                        GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  sqlite3_stmt *stmt;

  stmt = prepare (self,
                  "SELECT punch, login, sha256, NULL, NULL, NULL, client_time, server_time,"
                  " skewed, NULL, NULL, kind, place, corrects, imported FROM punches"
                  " WHERE login = ?1 AND client_time >= ?2 AND client_time < ?3"
                  " ORDER BY client_time, rowid",
                  error);
  if (stmt == NULL)
    return NULL;

  ringi_db_bind_text (stmt, 1, login);
  sqlite3_bind_int64 (stmt, 2, from);
  sqlite3_bind_int64 (stmt, 3, until);
  return ringi_db_collect_rows (self->db, stmt, (RingiDbRowFunc) punch_from_row,
                                (GDestroyNotify) ringi_stored_punch_free, error);
}

/* Correcting punches waiting for their request's decision */

static gboolean
ringi_sqlite_storage_add_pending_punch (RingiServerStorage *storage,
                                        const char *request_id,
                                        const RingiStoredPunch *punch,
                                        gint64 now,
                                        GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;

  stmt = prepare (self,
                  "INSERT INTO pending_punches (request_id, punch, login, sha256, record, signature, note,"
                  " client_time, created_at)"
                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, request_id);
  ringi_db_bind_text (stmt, 2, punch->punch);
  ringi_db_bind_text (stmt, 3, punch->login);
  ringi_db_bind_text (stmt, 4, punch->sha256);
  ringi_db_bind_bytes (stmt, 5, punch->record);
  ringi_db_bind_bytes (stmt, 6, punch->signature);
  ringi_db_bind_text (stmt, 7, punch->note);
  sqlite3_bind_int64 (stmt, 8, punch->client_time);
  sqlite3_bind_int64 (stmt, 9, now);
  if (step_done (self, stmt, &local_error))
    return TRUE;

  if (g_error_matches (local_error, RINGI_DB_ERROR, RINGI_DB_ERROR_CONSTRAINT))
    g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_EXISTS,
                 _("The punch %s is carried by a correction request already"), punch->punch);
  else
    g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static RingiStoredPunch *
ringi_sqlite_storage_get_pending_punch (RingiServerStorage *storage,
                                        const char *request_id,
                                        GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  g_autoptr(GError) local_error = NULL;
  RingiStoredPunch *punch;
  sqlite3_stmt *stmt;

  stmt = prepare (self,
                  "SELECT punch, login, sha256, record, signature, note, client_time"
                  " FROM pending_punches WHERE request_id = ?",
                  error);
  if (stmt == NULL)
    return NULL;

  ringi_db_bind_text (stmt, 1, request_id);
  if (!ringi_db_step_row (self->db, stmt, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND,
                     _("The request %s carries no punch"), request_id);
      return NULL;
    }

  punch = g_new0 (RingiStoredPunch, 1);
  punch->punch = ringi_db_column_dup_text (stmt, 0);
  punch->login = ringi_db_column_dup_text (stmt, 1);
  punch->sha256 = ringi_db_column_dup_text (stmt, 2);
  punch->record = ringi_db_column_dup_bytes (stmt, 3);
  punch->signature = ringi_db_column_dup_bytes (stmt, 4);
  punch->note = ringi_db_column_dup_text (stmt, 5);
  punch->client_time = sqlite3_column_int64 (stmt, 6);
  sqlite3_reset (stmt);
  return punch;
}

static char *
ringi_sqlite_storage_find_pending_punch (RingiServerStorage *storage,
                                         const char *punch,
                                         GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  char *request_id = NULL;

  if (!ringi_db_query_text (self->db, "SELECT request_id FROM pending_punches WHERE punch = ?", punch, &request_id, error))
    return NULL;

  if (request_id == NULL)
    g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND,
                 _("No correction request carries the punch %s"), punch);
  return request_id;
}

/* Settings */

static char *
storage_get_setting (RingiServerStorage *storage,
                     const char *key,
                     GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  char *value = NULL;

  if (!ringi_db_query_text (self->db, "SELECT value FROM settings WHERE key = ?", key, &value, error))
    return NULL;

  if (value == NULL)
    g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND,
                 _("The server setting “%s” is not set"), key);
  return value;
}

static gboolean
storage_set_setting (RingiServerStorage *storage,
                     const char *key,
                     const char *value,
                     GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  sqlite3_stmt *stmt;

  stmt = prepare (self,
                  "INSERT INTO settings (key, value) VALUES (?, ?)"
                  " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                  error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, key);
  ringi_db_bind_text (stmt, 2, value);
  return step_done (self, stmt, error);
}

/* Backup */

static gboolean
copy_database (RingiSqliteStorage *self,
               const char *out_path,
               GError **error)
{
  sqlite3 *target = NULL;
  sqlite3_backup *backup;
  int rc;

  rc = sqlite3_open_v2 (out_path, &target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc == SQLITE_OK)
    {
      backup = sqlite3_backup_init (target, "main", ringi_db_get_handle (self->db), "main");
      if (backup == NULL)
        rc = sqlite3_errcode (target);
      else
        {
          /* One step copies every page under one read transaction: the
           * copy is a snapshot, and WAL lets the server write meanwhile. */
          rc = sqlite3_backup_step (backup, -1);
          sqlite3_backup_finish (backup);
          rc = rc == SQLITE_DONE ? sqlite3_errcode (target) : rc;
        }
    }

  if (rc != SQLITE_OK)
    g_set_error (error, RINGI_DB_ERROR, RINGI_DB_ERROR_FAILED,
                 _("Could not copy the server database to “%s” (%s)"),
                 out_path, target ? sqlite3_errmsg (target) : sqlite3_errstr (rc));
  sqlite3_close_v2 (target);
  return rc == SQLITE_OK;
}

static gboolean
check_copy (const char *path,
            GError **error)
{
  g_autoptr(RingiDb) copy = ringi_db_open (path, &server_schema, error);

  return copy != NULL && ringi_db_check_integrity (copy, error);
}

static char *
make_temporary_file (const char *out_path,
                     GError **error)
{
  g_autofree char *template = g_strconcat (out_path, ".partial-XXXXXX", NULL);
  int fd = g_mkstemp_full (template, O_RDWR, 0600);
  int saved_errno = errno;

  if (fd < 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create “%s”: %s"), out_path, g_strerror (saved_errno));
      return NULL;
    }

  close (fd);
  return g_steal_pointer (&template);
}

static gboolean
storage_backup (RingiServerStorage *storage,
                const char *out_path,
                GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  g_autofree char *partial = NULL;

  if (g_file_test (out_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_EXISTS,
                   _("“%s” already exists; choose a new file for the backup"), out_path);
      return FALSE;
    }

  /* The copy is written beside the target and renamed once checked, so
   * that a file at @out_path is always a complete, sound backup. */
  partial = make_temporary_file (out_path, error);
  if (partial == NULL)
    return FALSE;

  if (!copy_database (self, partial, error) || !check_copy (partial, error))
    {
      g_unlink (partial);
      return FALSE;
    }

  if (g_rename (partial, out_path) != 0)
    {
      int saved_errno = errno;

      g_unlink (partial);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create “%s”: %s"), out_path, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

static gboolean
storage_check_integrity (RingiServerStorage *storage,
                         GError **error)
{
  return ringi_db_check_integrity (RINGI_SQLITE_STORAGE (storage)->db, error);
}

static void
storage_iface_init (RingiServerStorageInterface *iface)
{
  iface->begin = storage_begin;
  iface->commit = storage_commit;
  iface->rollback = storage_rollback;
  iface->add_user = ringi_sqlite_storage_add_user;
  iface->get_user = ringi_sqlite_storage_get_user;
  iface->list_users = ringi_sqlite_storage_list_users;
  iface->set_user_disabled = ringi_sqlite_storage_set_user_disabled;
  iface->bind_key = ringi_sqlite_storage_bind_key;
  iface->revoke_key = ringi_sqlite_storage_revoke_key;
  iface->set_enrollment_code = ringi_sqlite_storage_set_enrollment_code;
  iface->check_enrollment_code = ringi_sqlite_storage_check_enrollment_code;
  iface->redeem_enrollment_code = ringi_sqlite_storage_redeem_enrollment_code;
  iface->add_login_nonce = ringi_sqlite_storage_add_login_nonce;
  iface->take_login_nonce = ringi_sqlite_storage_take_login_nonce;
  iface->add_token = ringi_sqlite_storage_add_token;
  iface->lookup_token = ringi_sqlite_storage_lookup_token;
  iface->delete_token = ringi_sqlite_storage_delete_token;
  iface->put_route_template = ringi_sqlite_storage_put_route_template;
  iface->list_route_templates = ringi_sqlite_storage_list_route_templates;
  iface->append_change = ringi_sqlite_storage_append_change;
  iface->list_changes = ringi_sqlite_storage_list_changes;
  iface->get_last_change_seq = ringi_sqlite_storage_get_last_change_seq;
  iface->reserve_change_seq = ringi_sqlite_storage_reserve_change_seq;
  iface->get_last_visible_seq = ringi_sqlite_storage_get_last_visible_seq;
  iface->lookup_op = ringi_sqlite_storage_lookup_op;
  iface->record_op = ringi_sqlite_storage_record_op;
  iface->put_blob = ringi_sqlite_storage_put_blob;
  iface->get_blob = ringi_sqlite_storage_get_blob;
  iface->get_blob_size = ringi_sqlite_storage_get_blob_size;
  iface->add_request = ringi_sqlite_storage_add_request;
  iface->get_request = ringi_sqlite_storage_get_request;
  iface->add_viewers = ringi_sqlite_storage_add_viewers;
  iface->check_viewer = ringi_sqlite_storage_check_viewer;
  iface->add_revision = ringi_sqlite_storage_add_revision;
  iface->get_revision = ringi_sqlite_storage_get_revision;
  iface->list_revisions = ringi_sqlite_storage_list_revisions;
  iface->check_blob_reader = ringi_sqlite_storage_check_blob_reader;
  iface->append_stamp = ringi_sqlite_storage_append_stamp;
  iface->list_stamps = ringi_sqlite_storage_list_stamps;
  iface->add_receipt = ringi_sqlite_storage_add_receipt;
  iface->get_receipt = ringi_sqlite_storage_get_receipt;
  iface->add_delegation = ringi_sqlite_storage_add_delegation;
  iface->list_delegations = ringi_sqlite_storage_list_delegations;
  iface->get_setting = storage_get_setting;
  iface->set_setting = storage_set_setting;
  iface->set_employee_class = ringi_sqlite_storage_set_employee_class;
  iface->set_manager = ringi_sqlite_storage_set_manager;
  iface->share_changes = ringi_sqlite_storage_share_changes;
  iface->add_punch = ringi_sqlite_storage_add_punch;
  iface->get_punch = ringi_sqlite_storage_get_punch;
  iface->list_punches = ringi_sqlite_storage_list_punches;
  iface->list_punch_fields = ringi_sqlite_storage_list_punch_fields;
  iface->add_pending_punch = ringi_sqlite_storage_add_pending_punch;
  iface->get_pending_punch = ringi_sqlite_storage_get_pending_punch;
  iface->find_pending_punch = ringi_sqlite_storage_find_pending_punch;
  iface->add_month_close = ringi_sqlite_storage_add_month_close;
  iface->list_month_closes = ringi_sqlite_storage_list_month_closes;
  iface->purge_attendance = ringi_sqlite_storage_purge_attendance;
  iface->merge_activity = ringi_sqlite_storage_merge_activity;
  iface->append_owner_change = ringi_sqlite_storage_append_owner_change;
  iface->purge_activity = ringi_sqlite_storage_purge_activity;
  iface->backup = storage_backup;
  iface->check_integrity = storage_check_integrity;
}
