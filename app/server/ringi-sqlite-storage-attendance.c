/* ringi-sqlite-storage-attendance.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-sqlite-storage"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ringi-sqlite-storage-private.h"

/* Attendance: employee classes and managers, the sharing of a person's
 * punches and closes with a new manager, punches, monthly closes, activity
 * days and correcting punches waiting for their request. */

/* Attendance */

gboolean
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

gboolean
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

gboolean
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

gint64
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

gboolean
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

GPtrArray *
ringi_sqlite_storage_list_month_closes (RingiServerStorage *storage,
                                        const char *login,
                                        const char *month,
                                        GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  sqlite3_stmt *stmt;

  stmt = prepare (self,
                  "SELECT " RINGI_STORED_MONTH_CLOSE_COLUMNS " FROM month_closes"
                  " WHERE login = ? AND month = ? ORDER BY rowid",
                  error);
  if (stmt == NULL)
    return NULL;

  ringi_db_bind_text (stmt, 1, login);
  ringi_db_bind_text (stmt, 2, month);
  return ringi_db_collect_rows (self->db, stmt, (RingiDbRowFunc) ringi_stored_month_close_from_row,
                                (GDestroyNotify) ringi_stored_month_close_free, error);
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

gboolean
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

gint64
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

RingiStoredPunch *
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

GPtrArray *
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

/* The same rows as ringi_sqlite_storage_list_punches(), the large
 * columns left out: NULL in their place, so that punch_from_row() reads
 * both. */
GPtrArray *
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

gboolean
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

RingiStoredPunch *
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

char *
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
