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

#include "ringi-sqlite-storage-private.h"

/* Every line of SQL the server runs is in this file and its parts,
 * ringi-sqlite-storage-*.c (one an area, sharing
 * ringi-sqlite-storage-private.h): a PostgreSQL backend would be a sibling
 * of these files and nothing else would change. This one holds the type,
 * the migrations, transactions, settings and backups, and fills the
 * storage interface with the parts' functions.
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

/* Deleted rows are overwritten with zeros rather than left in the
 * file's free pages: what a purge deletes, or a revoked token, is gone
 * from the file and from every backup made after. The server deletes
 * rarely, so the extra writes cost little. */
static gboolean
zero_deleted_rows (RingiDb *db,
                   GError **error)
{
  sqlite3_stmt *stmt = ringi_db_prepare (db, "PRAGMA secure_delete = ON", error);

  return stmt != NULL && ringi_db_step_done (db, stmt, error);
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
  if (db == NULL || !zero_deleted_rows (db, error))
    return NULL;

  self = g_object_new (RINGI_TYPE_SQLITE_STORAGE, NULL);
  self->db = g_steal_pointer (&db);
  return self;
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
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);

  if (!ringi_db_commit (self->db, error))
    return FALSE;

  if (self->purged)
    ringi_sqlite_storage_empty_log (self);
  return TRUE;
}

static void
storage_rollback (RingiServerStorage *storage)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);

  self->purged = FALSE;
  ringi_db_rollback (self->db);
}

/**
 * ringi_sqlite_storage_empty_log:
 * @self: a #RingiSqliteStorage
 *
 * Copies the write-ahead log into the database file and truncates it,
 * after a purge is committed. The purge zeroed the rows it deleted in
 * the pages it wrote, but the log can still hold older copies of those
 * pages. A reader of the running server can keep the log from being
 * emptied: then it is overwritten as the server writes on, and removed
 * when the server stops. Either way the purge itself has succeeded.
 */
void
ringi_sqlite_storage_empty_log (RingiSqliteStorage *self)
{
  int rc;

  self->purged = FALSE;
  rc = sqlite3_wal_checkpoint_v2 (ringi_db_get_handle (self->db), NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
  if (rc != SQLITE_OK)
    g_debug ("The write-ahead log was not emptied after a purge: %s", sqlite3_errstr (rc));
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
