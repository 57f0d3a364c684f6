/* ringi-store-punches.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ringi-db.h"
#include "ringi-store.h"

/* The punches (打刻) a profile keeps: the person's own, from the moment
 * they punch (queued by the outbox, which owns their op), and those the
 * server shows it. A punch is the same record everywhere; what the pull
 * adds is the server's receipt time, its flag and its receipt. And the
 * monthly closes (月次締め) the server shows, to tell a month's state. */

/**
 * ringi_store_put_punch:
 * @self: a #RingiStore
 * @punch: a punch the server sent, with its receipt
 * @error: return location for a #GError
 *
 * Keeps a punch of the change feed. A punch kept already (made here and
 * queued) gets the server's receipt time, flag and receipt; its record
 * never changes.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_store_put_punch (RingiStore *self,
                       const RingiStoredPunch *punch,
                       GError **error)
{
  RingiDb *db;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RINGI_IS_STORE (self), FALSE);
  g_return_val_if_fail (punch != NULL && punch->punch != NULL, FALSE);

  db = ringi_store_get_db (self);
  stmt = ringi_db_prepare (db,
                           "INSERT INTO punches (punch, login, sha256, record, signature, note, client_time,"
                           " server_time, skewed, receipt, receipt_signature, kind, place, corrects, imported)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                           " ON CONFLICT (punch) DO UPDATE SET"
                           " server_time = excluded.server_time, skewed = excluded.skewed,"
                           " receipt = excluded.receipt, receipt_signature = excluded.receipt_signature,"
                           " note = coalesce (note, excluded.note)",
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
  ringi_db_bind_text (stmt, 12, ringi_punch_kind_to_string (punch->kind));
  ringi_db_bind_text (stmt, 13, ringi_punch_place_to_string (punch->place));
  ringi_db_bind_text (stmt, 14, punch->corrects);
  sqlite3_bind_int (stmt, 15, punch->imported ? 1 : 0);
  return ringi_db_step_done (db, stmt, error);
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
  /* the CHECKs allow only these words */
  ringi_punch_kind_from_string ((const char *) sqlite3_column_text (stmt, 11), &punch->kind);
  ringi_punch_place_from_string ((const char *) sqlite3_column_text (stmt, 12), &punch->place);
  punch->corrects = ringi_db_column_dup_text (stmt, 13);
  punch->imported = sqlite3_column_int (stmt, 14) != 0;
  return punch;
}

/**
 * ringi_store_list_punches:
 * @self: a #RingiStore
 * @login: whose punches
 * @from: the first client time to list, seconds since the Unix epoch
 * @until: the first client time no longer listed
 * @error: return location for a #GError
 *
 * Lists the punches kept here, synced or still waiting to be sent (those
 * have no receipt yet).
 *
 * Returns: (transfer container) (element-type RingiStoredPunch): the
 *   punches in client-time order, or %NULL with @error set
 */
GPtrArray *
ringi_store_list_punches (RingiStore *self,
                          const char *login,
                          gint64 from,
                          gint64 until,
                          GError **error)
{
  sqlite3_stmt *stmt;
  RingiDb *db;

  g_return_val_if_fail (RINGI_IS_STORE (self), NULL);
  g_return_val_if_fail (login != NULL, NULL);

  db = ringi_store_get_db (self);
  stmt = ringi_db_prepare (db,
                           "SELECT punch, login, sha256, record, signature, note, client_time, server_time,"
                           " skewed, receipt, receipt_signature, kind, place, corrects, imported FROM punches"
                           " WHERE login = ?1 AND client_time >= ?2 AND client_time < ?3"
                           " ORDER BY client_time, rowid",
                           error);
  if (stmt == NULL)
    return NULL;

  ringi_db_bind_text (stmt, 1, login);
  sqlite3_bind_int64 (stmt, 2, from);
  sqlite3_bind_int64 (stmt, 3, until);
  return ringi_db_collect_rows (db, stmt, (RingiDbRowFunc) punch_from_row,
                                (GDestroyNotify) ringi_stored_punch_free, error);
}

/**
 * ringi_store_get_punch:
 * @self: a #RingiStore
 * @punch: a punch's uuid
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the punch kept here, or %NULL with @error set
 *   (%RINGI_STORE_ERROR_NOT_FOUND when none has that uuid)
 */
RingiStoredPunch *
ringi_store_get_punch (RingiStore *self,
                       const char *punch,
                       GError **error)
{
  g_autoptr(GError) local_error = NULL;
  RingiStoredPunch *found = NULL;
  sqlite3_stmt *stmt;
  RingiDb *db;

  g_return_val_if_fail (RINGI_IS_STORE (self), NULL);
  g_return_val_if_fail (punch != NULL, NULL);

  db = ringi_store_get_db (self);
  stmt = ringi_db_prepare (db,
                           "SELECT punch, login, sha256, record, signature, note, client_time, server_time,"
                           " skewed, receipt, receipt_signature, kind, place, corrects, imported FROM punches"
                           " WHERE punch = ?1",
                           error);
  if (stmt == NULL)
    return NULL;

  ringi_db_bind_text (stmt, 1, punch);
  if (ringi_db_step_row (db, stmt, &local_error))
    found = punch_from_row (stmt);
  sqlite3_reset (stmt);

  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else if (found == NULL)
    g_set_error (error, RINGI_STORE_ERROR, RINGI_STORE_ERROR_NOT_FOUND, _("There is no punch %s here"), punch);
  return found;
}

/**
 * ringi_store_put_month_close:
 * @self: a #RingiStore
 * @close: a monthly close the server sent
 * @error: return location for a #GError
 *
 * Keeps a monthly close; the same one twice is kept once.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_store_put_month_close (RingiStore *self,
                             const RingiStoredMonthClose *close,
                             GError **error)
{
  RingiDb *db;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RINGI_IS_STORE (self), FALSE);
  g_return_val_if_fail (close != NULL && close->sha256 != NULL, FALSE);

  db = ringi_store_get_db (self);
  stmt = ringi_db_prepare (db,
                           "INSERT INTO month_closes (sha256, login, month, request_id, record, signature)"
                           " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING",
                           error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, close->sha256);
  ringi_db_bind_text (stmt, 2, close->login);
  ringi_db_bind_text (stmt, 3, close->month);
  ringi_db_bind_text (stmt, 4, close->request_id);
  ringi_db_bind_bytes (stmt, 5, close->record);
  ringi_db_bind_bytes (stmt, 6, close->signature);
  return ringi_db_step_done (db, stmt, error);
}

/**
 * ringi_stored_month_close_from_row:
 * @stmt: a statement stepped to a row whose first columns are
 *   %RINGI_STORED_MONTH_CLOSE_COLUMNS
 *
 * Reads a monthly close from a row of the profile's or the server's
 * `month_closes` table, whose columns are the same: a #RingiDbRowFunc for
 * ringi_db_collect_rows().
 *
 * Returns: (transfer full): the monthly close
 */
RingiStoredMonthClose *
ringi_stored_month_close_from_row (sqlite3_stmt *stmt)
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

/**
 * ringi_store_list_month_closes:
 * @self: a #RingiStore
 * @login: whose month
 * @month: the month, `YYYY-MM`
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type RingiStoredMonthClose): the
 *   month's closes kept here, oldest first, or %NULL with @error set
 */
GPtrArray *
ringi_store_list_month_closes (RingiStore *self,
                               const char *login,
                               const char *month,
                               GError **error)
{
  sqlite3_stmt *stmt;
  RingiDb *db;

  g_return_val_if_fail (RINGI_IS_STORE (self), NULL);
  g_return_val_if_fail (login != NULL && month != NULL, NULL);

  db = ringi_store_get_db (self);
  stmt = ringi_db_prepare (db,
                           "SELECT " RINGI_STORED_MONTH_CLOSE_COLUMNS " FROM month_closes"
                           " WHERE login = ? AND month = ? ORDER BY rowid",
                           error);
  if (stmt == NULL)
    return NULL;

  ringi_db_bind_text (stmt, 1, login);
  ringi_db_bind_text (stmt, 2, month);
  return ringi_db_collect_rows (db, stmt, (RingiDbRowFunc) ringi_stored_month_close_from_row,
                                (GDestroyNotify) ringi_stored_month_close_free, error);
}

/**
 * ringi_store_put_correction:
 * @self: a #RingiStore
 * @request_id: a correction request (打刻修正申請) kept here
 * @punch: the punch the request carries: @punch, @login, @sha256,
 *   @record, @signature and @note are kept
 * @error: return location for a #GError
 *
 * Keeps the punch a correction request carries, which its approval
 * adds. The same punch again is kept once; another one for the same
 * request is refused with %RINGI_STORE_ERROR_EXISTS, since a request
 * carries one punch for good.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_store_put_correction (RingiStore *self,
                            const char *request_id,
                            const RingiStoredPunch *punch,
                            GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(RingiStoredPunch) kept = NULL;
  RingiDb *db;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RINGI_IS_STORE (self), FALSE);
  g_return_val_if_fail (request_id != NULL && punch != NULL && punch->sha256 != NULL, FALSE);

  kept = ringi_store_get_correction (self, request_id, &local_error);
  if (kept != NULL)
    {
      if (g_str_equal (kept->sha256, punch->sha256))
        return TRUE;
      g_set_error (error, RINGI_STORE_ERROR, RINGI_STORE_ERROR_EXISTS,
                   _("Request %s carries another punch already"), request_id);
      return FALSE;
    }
  if (!g_error_matches (local_error, RINGI_STORE_ERROR, RINGI_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  db = ringi_store_get_db (self);
  stmt = ringi_db_prepare (db,
                           "INSERT INTO correction_punches (request_id, punch, login, sha256, record, signature, note)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?)",
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
  return ringi_db_step_done (db, stmt, error);
}

/**
 * ringi_store_get_correction:
 * @self: a #RingiStore
 * @request_id: a request
 * @error: return location for a #GError
 *
 * The punch a correction request carries, as kept here: only its uuid,
 * login, sha256, record, signature and note are set; the record is read
 * by whoever checks it, since it may have been changed since.
 *
 * Returns: (transfer full): the punch, or %NULL with @error set
 *   (%RINGI_STORE_ERROR_NOT_FOUND when the request carries none here)
 */
RingiStoredPunch *
ringi_store_get_correction (RingiStore *self,
                            const char *request_id,
                            GError **error)
{
  g_autoptr(GError) local_error = NULL;
  RingiStoredPunch *punch;
  sqlite3_stmt *stmt;
  RingiDb *db;

  g_return_val_if_fail (RINGI_IS_STORE (self), NULL);
  g_return_val_if_fail (request_id != NULL, NULL);

  db = ringi_store_get_db (self);
  stmt = ringi_db_prepare (db,
                           "SELECT punch, login, sha256, record, signature, note FROM correction_punches"
                           " WHERE request_id = ?",
                           error);
  if (stmt == NULL)
    return NULL;

  ringi_db_bind_text (stmt, 1, request_id);
  if (!ringi_db_step_row (db, stmt, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, RINGI_STORE_ERROR, RINGI_STORE_ERROR_NOT_FOUND,
                     _("Request %s carries no punch here"), request_id);
      return NULL;
    }

  punch = g_new0 (RingiStoredPunch, 1);
  punch->punch = ringi_db_column_dup_text (stmt, 0);
  punch->login = ringi_db_column_dup_text (stmt, 1);
  punch->sha256 = ringi_db_column_dup_text (stmt, 2);
  punch->record = ringi_db_column_dup_bytes (stmt, 3);
  punch->signature = ringi_db_column_dup_bytes (stmt, 4);
  punch->note = ringi_db_column_dup_text (stmt, 5);
  sqlite3_reset (stmt);
  return punch;
}
