/* ringi-verify-cache.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-verify-cache"

#include "config.h"

#include "ringi-db.h"
#include "ringi-verify-cache.h"

/* Only good signatures are kept. A failure may come from a key that is
 * missing today and imported tomorrow, so it is always checked again;
 * a good signature over the same bytes by the same key stays good. */
static const RingiDbMigration cache_migrations[] = {
  { 1,
    "CREATE TABLE good_signature ("
    " record_sha256 TEXT NOT NULL CHECK (length (record_sha256) = 64),"
    " signature_sha256 TEXT NOT NULL CHECK (length (signature_sha256) = 64),"
    " fingerprint TEXT NOT NULL CHECK (length (fingerprint) = 40),"
    " checked_at TEXT NOT NULL,"
    " PRIMARY KEY (record_sha256, signature_sha256, fingerprint)"
    ") STRICT, WITHOUT ROWID;" },
};

static const RingiDbSchema cache_schema = {
  .kind = "verification cache",
  .application_id = RINGI_VERIFY_CACHE_APPLICATION_ID,
  .migrations = cache_migrations,
  .n_migrations = G_N_ELEMENTS (cache_migrations),
};

struct _RingiVerifyCache
{
  GObject parent_instance;

  /* The verifier runs in worker threads; one connection, one at a time. */
  GMutex lock;
  RingiDb *db;
};

G_DEFINE_FINAL_TYPE (RingiVerifyCache, ringi_verify_cache, G_TYPE_OBJECT)

static void
ringi_verify_cache_finalize (GObject *object)
{
  RingiVerifyCache *self = (RingiVerifyCache *) object;

  g_clear_object (&self->db);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (ringi_verify_cache_parent_class)->finalize (object);
}

static void
ringi_verify_cache_class_init (RingiVerifyCacheClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ringi_verify_cache_finalize;
}

static void
ringi_verify_cache_init (RingiVerifyCache *self)
{
  g_mutex_init (&self->lock);
}

/**
 * ringi_verify_cache_new:
 * @path: the cache's database file; its folder must exist
 * @error: return location for a #GError
 *
 * Opens or creates the cache of good signatures that spares gpg when the
 * same chain is verified again. Losing the file loses nothing but time.
 *
 * Returns: (transfer full): the cache, or %NULL with a %RINGI_DB_ERROR
 */
RingiVerifyCache *
ringi_verify_cache_new (const char *path,
                        GError **error)
{
  g_autoptr(RingiDb) db = NULL;
  RingiVerifyCache *self;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  db = ringi_db_open (path, &cache_schema, error);
  if (db == NULL)
    return NULL;

  self = g_object_new (RINGI_TYPE_VERIFY_CACHE, NULL);
  self->db = g_steal_pointer (&db);
  return self;
}

/**
 * ringi_verify_cache_lookup:
 * @self: a #RingiVerifyCache
 * @record_sha256: sha256 of the signed bytes
 * @signature_sha256: sha256 of the signature's bytes
 * @fingerprint: the primary fingerprint expected to have signed
 *
 * Safe to call from any thread.
 *
 * Returns: %TRUE when gpg once found this signature over these bytes good
 *   and made by @fingerprint; %FALSE when unknown or the cache is unreadable
 */
gboolean
ringi_verify_cache_lookup (RingiVerifyCache *self,
                           const char *record_sha256,
                           const char *signature_sha256,
                           const char *fingerprint)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  gboolean found;

  g_return_val_if_fail (RINGI_IS_VERIFY_CACHE (self), FALSE);
  g_return_val_if_fail (record_sha256 != NULL && signature_sha256 != NULL && fingerprint != NULL, FALSE);

  locker = g_mutex_locker_new (&self->lock);
  stmt = ringi_db_prepare (self->db,
                           "SELECT 1 FROM good_signature"
                           " WHERE record_sha256 = ? AND signature_sha256 = ? AND fingerprint = ?",
                           &error);
  if (stmt == NULL)
    {
      /* A cache that cannot be read only costs a gpg run. */
      g_debug ("Verification cache unreadable: %s", error->message);
      return FALSE;
    }

  sqlite3_bind_text (stmt, 1, record_sha256, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, signature_sha256, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, fingerprint, -1, SQLITE_TRANSIENT);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return found;
}

/**
 * ringi_verify_cache_store:
 * @self: a #RingiVerifyCache
 * @record_sha256: sha256 of the signed bytes
 * @signature_sha256: sha256 of the signature's bytes
 * @fingerprint: the primary fingerprint gpg reported for the good signature
 * @error: return location for a #GError
 *
 * Remembers a good signature. Safe to call from any thread.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_verify_cache_store (RingiVerifyCache *self,
                          const char *record_sha256,
                          const char *signature_sha256,
                          const char *fingerprint,
                          GError **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *checked_at = g_date_time_format_iso8601 (now);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RINGI_IS_VERIFY_CACHE (self), FALSE);
  g_return_val_if_fail (record_sha256 != NULL && signature_sha256 != NULL && fingerprint != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->lock);
  stmt = ringi_db_prepare (self->db,
                           "INSERT OR IGNORE INTO good_signature"
                           " (record_sha256, signature_sha256, fingerprint, checked_at)"
                           " VALUES (?, ?, ?, ?)",
                           error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, record_sha256, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, signature_sha256, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, fingerprint, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, checked_at, -1, SQLITE_TRANSIENT);
  return ringi_db_step_done (self->db, stmt, error);
}
