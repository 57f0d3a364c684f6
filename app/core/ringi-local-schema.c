/* ringi-local-schema.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-local-schema"

#include "config.h"

#include "ringi-local-schema.h"

/* Migrations are append-only: a released step is never edited, a change
 * is a new step. Each runs in its own transaction. */
static const RingiDbMigration local_migrations[] = {
  { 1,
    "CREATE TABLE profile ("
    " key TEXT PRIMARY KEY,"
    " value TEXT NOT NULL"
    ") STRICT;" },
  { 2,
    /* The directory as this profile last saw it. */
    "CREATE TABLE users ("
    " login TEXT PRIMARY KEY,"
    " display_name TEXT NOT NULL,"
    " seal_name TEXT NOT NULL,"
    " department TEXT NOT NULL,"
    " role TEXT NOT NULL DEFAULT 'staff'"
    "  CHECK (role IN ('staff', 'manager', 'admin', 'auditor')),"
    " manager TEXT,"
    " fingerprint TEXT CHECK (fingerprint IS NULL OR length (fingerprint) = 40),"
    " public_key BLOB,"
    " disabled INTEGER NOT NULL DEFAULT 0"
    ") STRICT;"
    "CREATE TABLE route_templates ("
    " category TEXT NOT NULL,"
    " min_amount INTEGER NOT NULL DEFAULT 0 CHECK (min_amount >= 0),"
    " route TEXT NOT NULL,"
    " PRIMARY KEY (category, min_amount)"
    ") STRICT;"
    /* PDF bytes, addressed by their sha256: a revision is never stored twice. */
    "CREATE TABLE blobs ("
    " sha256 TEXT PRIMARY KEY CHECK (length (sha256) = 64),"
    " data BLOB NOT NULL"
    ") STRICT;"
    "CREATE TABLE requests ("
    " id TEXT PRIMARY KEY,"
    " title TEXT NOT NULL,"
    " category TEXT NOT NULL DEFAULT '',"
    " amount INTEGER CHECK (amount IS NULL OR amount >= 0),"
    " counterparty TEXT NOT NULL DEFAULT '',"
    " transaction_date TEXT NOT NULL,"
    " applicant TEXT NOT NULL,"
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
    " record BLOB NOT NULL,"
    " signature BLOB NOT NULL,"
    " sha256 TEXT NOT NULL UNIQUE CHECK (length (sha256) = 64),"
    " PRIMARY KEY (request_id, seq)"
    ") STRICT;"
    "CREATE TABLE delegations ("
    " id TEXT PRIMARY KEY,"
    " from_login TEXT NOT NULL,"
    " to_login TEXT NOT NULL,"
    " valid_from TEXT NOT NULL,"
    " valid_until TEXT NOT NULL,"
    " record BLOB NOT NULL,"
    " signature BLOB NOT NULL"
    ") STRICT;"
    /* Nothing of the record is edited in place: history is append-only. */
    "CREATE TRIGGER stamps_append_only_update BEFORE UPDATE ON stamps"
    " BEGIN SELECT RAISE (ABORT, 'stamps are append-only'); END;"
    "CREATE TRIGGER stamps_append_only_delete BEFORE DELETE ON stamps"
    " BEGIN SELECT RAISE (ABORT, 'stamps are append-only'); END;"
    "CREATE TRIGGER revisions_append_only_update BEFORE UPDATE ON revisions"
    " BEGIN SELECT RAISE (ABORT, 'revisions are append-only'); END;"
    "CREATE TRIGGER revisions_append_only_delete BEFORE DELETE ON revisions"
    " BEGIN SELECT RAISE (ABORT, 'revisions are append-only'); END;"
    "CREATE TRIGGER delegations_append_only_update BEFORE UPDATE ON delegations"
    " BEGIN SELECT RAISE (ABORT, 'delegations are append-only'); END;" },
  { 3,
    /* Where this profile syncs with: one row, there from the start. */
    "CREATE TABLE sync_state ("
    " id INTEGER PRIMARY KEY CHECK (id = 1),"
    " server_url TEXT,"
    " ca_file TEXT,"
    " login TEXT,"
    " fingerprint TEXT CHECK (fingerprint IS NULL OR length (fingerprint) = 40),"
    " token TEXT,"
    " token_expires_at TEXT,"
    " cursor INTEGER NOT NULL DEFAULT 0 CHECK (cursor >= 0),"
    " directory_synced_at TEXT"
    ") STRICT;"
    "INSERT INTO sync_state (id) VALUES (1);"
    /* Local actions waiting for the server, in the order they were made.
     * A row is never deleted: it ends as sent or refused. */
    "CREATE TABLE outbox ("
    " position INTEGER PRIMARY KEY AUTOINCREMENT,"
    " id TEXT NOT NULL UNIQUE CHECK (length (id) = 36),"
    " type TEXT NOT NULL CHECK (type IN ('create-request', 'stamp', 'delegate')),"
    " body TEXT NOT NULL,"
    " request_id TEXT,"
    " blob_sha256 TEXT REFERENCES blobs (sha256),"
    " created_at TEXT NOT NULL,"
    " state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sent', 'refused')),"
    " error_code TEXT,"
    " error_message TEXT"
    ") STRICT;"
    "CREATE INDEX outbox_by_state ON outbox (state, position);"
    /* What a queued op changed locally, kept apart from the append-only
     * history so that a refused op can be undone. */
    "CREATE TABLE pending_requests ("
    " request_id TEXT PRIMARY KEY REFERENCES requests (id),"
    " op_id TEXT NOT NULL REFERENCES outbox (id)"
    ") STRICT;"
    "CREATE TABLE pending_revisions ("
    " request_id TEXT NOT NULL,"
    " revision INTEGER NOT NULL CHECK (revision >= 1),"
    " sha256 TEXT NOT NULL REFERENCES blobs (sha256),"
    " op_id TEXT NOT NULL REFERENCES outbox (id),"
    " PRIMARY KEY (request_id, revision)"
    ") STRICT;"
    "CREATE TABLE pending_stamps ("
    " position INTEGER PRIMARY KEY AUTOINCREMENT,"
    " request_id TEXT NOT NULL,"
    " op_id TEXT NOT NULL UNIQUE REFERENCES outbox (id),"
    " record BLOB NOT NULL,"
    " signature BLOB NOT NULL,"
    " sha256 TEXT NOT NULL UNIQUE CHECK (length (sha256) = 64),"
    " comment TEXT"
    ") STRICT;"
    "CREATE INDEX pending_stamps_by_request ON pending_stamps (request_id, position);"
    "CREATE TABLE pending_delegations ("
    " id TEXT PRIMARY KEY,"
    " op_id TEXT NOT NULL UNIQUE REFERENCES outbox (id),"
    " from_login TEXT NOT NULL,"
    " to_login TEXT NOT NULL,"
    " valid_from TEXT NOT NULL,"
    " valid_until TEXT NOT NULL,"
    " record BLOB NOT NULL,"
    " signature BLOB NOT NULL"
    ") STRICT;"
    /* Ops the server refused, with its reason, until the person has seen
     * them: a refusal is never dropped silently. */
    "CREATE TABLE refusals ("
    " op_id TEXT PRIMARY KEY REFERENCES outbox (id),"
    " type TEXT NOT NULL,"
    " action TEXT,"
    " request_id TEXT,"
    " title TEXT,"
    " code TEXT NOT NULL,"
    " message TEXT NOT NULL,"
    " refused_at TEXT NOT NULL,"
    " dismissed INTEGER NOT NULL DEFAULT 0"
    ") STRICT;"
    /* The server's signed receipt of each accepted stamp. */
    "CREATE TABLE receipts ("
    " stamp_sha256 TEXT PRIMARY KEY REFERENCES stamps (sha256),"
    " record BLOB NOT NULL,"
    " signature BLOB NOT NULL"
    ") STRICT;"
    /* Comments travel beside the stamps, which sign only their sha256. */
    "CREATE TABLE comments ("
    " sha256 TEXT PRIMARY KEY CHECK (length (sha256) = 64),"
    " text TEXT NOT NULL"
    ") STRICT;"
    "CREATE TRIGGER receipts_append_only_update BEFORE UPDATE ON receipts"
    " BEGIN SELECT RAISE (ABORT, 'receipts are append-only'); END;"
    "CREATE TRIGGER receipts_append_only_delete BEFORE DELETE ON receipts"
    " BEGIN SELECT RAISE (ABORT, 'receipts are append-only'); END;" },
  { 4,
    /* Attendance (勤怠). The outbox learns the `punch` and `close-month` ops: sqlite cannot
     * change a CHECK, so the table is rebuilt under the same name, with
     * the foreign keys that name it checked once it is back. */
    "CREATE TABLE outbox_v4 ("
    " position INTEGER PRIMARY KEY AUTOINCREMENT,"
    " id TEXT NOT NULL UNIQUE CHECK (length (id) = 36),"
    " type TEXT NOT NULL CHECK (type IN ('create-request', 'stamp', 'delegate', 'punch', 'close-month')),"
    " body TEXT NOT NULL,"
    " request_id TEXT,"
    " blob_sha256 TEXT REFERENCES blobs (sha256),"
    " created_at TEXT NOT NULL,"
    " state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sent', 'refused')),"
    " error_code TEXT,"
    " error_message TEXT"
    ") STRICT;"
    "INSERT INTO outbox_v4 (position, id, type, body, request_id, blob_sha256, created_at, state,"
    " error_code, error_message)"
    " SELECT position, id, type, body, request_id, blob_sha256, created_at, state, error_code, error_message"
    " FROM outbox;"
    "DROP TABLE outbox;"
    "ALTER TABLE outbox_v4 RENAME TO outbox;"
    "CREATE INDEX outbox_by_state ON outbox (state, position);"
    /* Which attendance rules apply to each person (docs/attendance-rules.md). */
    "ALTER TABLE users ADD COLUMN employee_class TEXT;"
    /* Punches: this person's own, from the moment they are made (op_id
     * names the op that sends them; the receipt comes once the server has
     * it), and those of others the server shows (a manager's team). */
    "CREATE TABLE punches ("
    " punch TEXT PRIMARY KEY,"
    " login TEXT NOT NULL,"
    " sha256 TEXT NOT NULL UNIQUE CHECK (length (sha256) = 64),"
    " record BLOB NOT NULL,"
    " signature BLOB NOT NULL,"
    " note TEXT,"
    " client_time INTEGER NOT NULL,"
    " op_id TEXT REFERENCES outbox (id),"
    " server_time INTEGER NOT NULL DEFAULT 0,"
    " skewed INTEGER NOT NULL DEFAULT 0 CHECK (skewed IN (0, 1)),"
    " receipt BLOB,"
    " receipt_signature BLOB,"
    /* what the rules need, read from the record once */
    " kind TEXT NOT NULL CHECK (kind IN ('clock-in', 'clock-out', 'break-start', 'break-end', 'out', 'in')),"
    " place TEXT NOT NULL CHECK (place IN ('home', 'office', 'satellite', 'trip')),"
    " corrects TEXT,"
    " imported INTEGER NOT NULL DEFAULT 0 CHECK (imported IN (0, 1))"
    ") STRICT;"
    "CREATE INDEX punches_by_login ON punches (login, client_time);"
    /* Monthly closes the server shows: the person's own, a manager's team's. */
    "CREATE TABLE month_closes ("
    " sha256 TEXT PRIMARY KEY CHECK (length (sha256) = 64),"
    " login TEXT NOT NULL,"
    " month TEXT NOT NULL CHECK (length (month) = 7),"
    " request_id TEXT NOT NULL,"
    " record BLOB NOT NULL,"
    " signature BLOB NOT NULL"
    ") STRICT;"
    "CREATE INDEX month_closes_by_month ON month_closes (login, month);",
    TRUE },
  { 5,
    /* The objective record (安衛則 52-7-3): when this computer was in use,
     * from the session's lock, unlock, sleep and wake and the app's own
     * start and quit. Kept here only; until is NULL while a period is
     * open. */
    "CREATE TABLE activity ("
    " id INTEGER PRIMARY KEY,"
    " since INTEGER NOT NULL,"
    " since_event TEXT NOT NULL,"
    " until INTEGER,"
    " until_event TEXT,"
    " CHECK (until IS NULL OR until >= since)"
    ") STRICT;"
    "CREATE INDEX activity_by_time ON activity (since);" },
  { 6,
    /* Each day's first and last activity times go to the server (the
     * `activity` op): the outbox learns the op, rebuilt as in step 4. */
    "CREATE TABLE outbox_v6 ("
    " position INTEGER PRIMARY KEY AUTOINCREMENT,"
    " id TEXT NOT NULL UNIQUE CHECK (length (id) = 36),"
    " type TEXT NOT NULL CHECK (type IN ('create-request', 'stamp', 'delegate', 'punch', 'close-month', 'activity')),"
    " body TEXT NOT NULL,"
    " request_id TEXT,"
    " blob_sha256 TEXT REFERENCES blobs (sha256),"
    " created_at TEXT NOT NULL,"
    " state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sent', 'refused')),"
    " error_code TEXT,"
    " error_message TEXT"
    ") STRICT;"
    "INSERT INTO outbox_v6 (position, id, type, body, request_id, blob_sha256, created_at, state,"
    " error_code, error_message)"
    " SELECT position, id, type, body, request_id, blob_sha256, created_at, state, error_code, error_message"
    " FROM outbox;"
    "DROP TABLE outbox;"
    "ALTER TABLE outbox_v6 RENAME TO outbox;"
    "CREATE INDEX outbox_by_state ON outbox (state, position);"
    /* What was last queued of each day of this computer's record, and
     * the op that carries it: a day is queued again only when it changed,
     * and a waiting op is replaced rather than joined by another. No
     * foreign key: a replaced op takes a new id. */
    "CREATE TABLE activity_sent ("
    " date TEXT PRIMARY KEY CHECK (length (date) = 10),"
    " first INTEGER NOT NULL,"
    " last INTEGER NOT NULL,"
    " op_id TEXT NOT NULL"
    ") STRICT;"
    /* The days the server shows: the person's own, a manager's team's. */
    "CREATE TABLE activity_days ("
    " login TEXT NOT NULL,"
    " date TEXT NOT NULL CHECK (length (date) = 10),"
    " first INTEGER NOT NULL,"
    " last INTEGER NOT NULL,"
    " PRIMARY KEY (login, date)"
    ") STRICT;",
    TRUE },
  { 7,
    /* The punch a correction request (打刻修正申請) carries, as the
     * request's change brought it: what its approval adds, shown to the
     * approvers and checked against the request's document. */
    "CREATE TABLE correction_punches ("
    " request_id TEXT PRIMARY KEY REFERENCES requests (id),"
    " punch TEXT NOT NULL,"
    " login TEXT NOT NULL,"
    " sha256 TEXT NOT NULL CHECK (length (sha256) = 64),"
    " record BLOB NOT NULL,"
    " signature BLOB NOT NULL,"
    " note TEXT"
    ") STRICT;"
    "CREATE TRIGGER correction_punches_append_only_update BEFORE UPDATE ON correction_punches"
    " BEGIN SELECT RAISE (ABORT, 'correction punches are append-only'); END;"
    "CREATE TRIGGER correction_punches_append_only_delete BEFORE DELETE ON correction_punches"
    " BEGIN SELECT RAISE (ABORT, 'correction punches are append-only'); END;" },
};

static const RingiDbSchema local_schema = {
  .kind = "profile",
  .application_id = RINGI_LOCAL_APPLICATION_ID,
  .migrations = local_migrations,
  .n_migrations = G_N_ELEMENTS (local_migrations),
};

/**
 * ringi_local_schema:
 *
 * Returns: (transfer none): the schema of a client profile's store
 */
const RingiDbSchema *
ringi_local_schema (void)
{
  return &local_schema;
}
