/* ringi-sqlite-storage-changes.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-sqlite-storage"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ringi-sqlite-storage-private.h"

/* The change log: what every viewer pulls, in order, and who sees which
 * change. */

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

gint64
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

gint64
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

GPtrArray *
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

gint64
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
gboolean
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

gint64
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
