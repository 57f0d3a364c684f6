/* ringi-sqlite-storage-purge.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-sqlite-storage"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ringi-sqlite-storage-private.h"

/* Retention: punches, closes, activity days and op results older than
 * the retention period, and the changes that carried them. */

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

/* Ends a purge's writes. Its own transaction empties the log at once;
 * the caller's does when it commits. */
static gboolean
end_purge (RingiSqliteStorage *self,
           gboolean owned,
           gboolean ok,
           GError **error)
{
  if (!write_end (self, owned, ok, error))
    return FALSE;

  if (owned)
    ringi_sqlite_storage_empty_log (self);
  else
    self->purged = TRUE;
  return TRUE;
}

gboolean
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
  return end_purge (self, owned, ok, error);
}

gboolean
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
  return end_purge (self, owned, ok, error);
}
