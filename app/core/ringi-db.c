/* ringi-db.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-db"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "ringi-db.h"

struct _RingiDb
{
  GObject parent_instance;

  char *path;
  sqlite3 *handle;
  /* SQL text → prepared statement, reused so that hot paths never parse */
  GHashTable *statements;
  guint schema_version;
};

G_DEFINE_FINAL_TYPE (RingiDb, ringi_db, G_TYPE_OBJECT)
G_DEFINE_QUARK (ringi-db-error-quark, ringi_db_error)

enum
{
  PROP_0,
  PROP_PATH,
  PROP_SCHEMA_VERSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ringi_db_finalize (GObject *object)
{
  RingiDb *self = (RingiDb *) object;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->handle, sqlite3_close_v2);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (ringi_db_parent_class)->finalize (object);
}

static void
ringi_db_get_property (GObject *object,
                       guint prop_id,
                       GValue *value,
                       GParamSpec *pspec)
{
  RingiDb *self = RINGI_DB (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_SCHEMA_VERSION:
      g_value_set_uint (value, self->schema_version);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ringi_db_class_init (RingiDbClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ringi_db_finalize;
  object_class->get_property = ringi_db_get_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_SCHEMA_VERSION] =
    g_param_spec_uint ("schema-version", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ringi_db_init (RingiDb *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) sqlite3_finalize);
}

static RingiDbError
error_code_from_sqlite (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_NOTADB:
      return RINGI_DB_ERROR_NOT_RINGI;

    case SQLITE_CORRUPT:
      return RINGI_DB_ERROR_CORRUPT;

    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return RINGI_DB_ERROR_READ_ONLY;

    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return RINGI_DB_ERROR_BUSY;

    case SQLITE_CONSTRAINT:
      return RINGI_DB_ERROR_CONSTRAINT;

    default:
      return RINGI_DB_ERROR_FAILED;
    }
}

/**
 * ringi_db_set_error:
 * @self: a #RingiDb
 * @rc: the sqlite result code
 * @error: return location for a #GError
 * @what: what was being done, in words for people
 *
 * Maps a sqlite failure into %RINGI_DB_ERROR, keeping sqlite's own text
 * after ours so that support can read it.
 */
void
ringi_db_set_error (RingiDb *self,
                    int rc,
                    GError **error,
                    const char *what)
{
  RingiDbError code = error_code_from_sqlite (rc);
  const char *detail = self->handle ? sqlite3_errmsg (self->handle) : sqlite3_errstr (rc);

  if (code == RINGI_DB_ERROR_NOT_RINGI)
    g_set_error (error, RINGI_DB_ERROR, code,
                 _("“%s” is not a Ringi database (%s)"),
                 self->path, detail);
  else
    g_set_error (error, RINGI_DB_ERROR, code, "%s (%s)", what, detail);
}

static gboolean
exec_sql (RingiDb *self,
          const char *sql,
          const char *what,
          GError **error)
{
  int rc = sqlite3_exec (self->handle, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      ringi_db_set_error (self, rc, error, what);
      return FALSE;
    }

  return TRUE;
}

/**
 * ringi_db_prepare:
 * @self: a #RingiDb
 * @sql: constant SQL text with `?` parameters
 * @error: return location for a #GError
 *
 * Returns a prepared statement for @sql, reset and with its bindings
 * cleared. The statement stays owned by @self.
 *
 * Returns: (transfer none): the statement, or %NULL with @error set
 */
sqlite3_stmt *
ringi_db_prepare (RingiDb *self,
                  const char *sql,
                  GError **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (RINGI_IS_DB (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (self->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      ringi_db_set_error (self, rc, error, _("Could not read the database"));
      return NULL;
    }

  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

/**
 * ringi_db_step_done:
 * @self: a #RingiDb
 * @stmt: a statement from ringi_db_prepare()
 * @error: return location for a #GError
 *
 * Runs a statement that returns no rows, then resets it.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_db_step_done (RingiDb *self,
                    sqlite3_stmt *stmt,
                    GError **error)
{
  int rc;

  g_return_val_if_fail (RINGI_IS_DB (self), FALSE);
  g_return_val_if_fail (stmt != NULL, FALSE);

  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      ringi_db_set_error (self, rc, error, _("Could not save to the database"));
      return FALSE;
    }

  return TRUE;
}

/**
 * ringi_db_step_row:
 * @self: a #RingiDb
 * @stmt: a statement from ringi_db_prepare() that gives rows
 * @error: return location for a #GError
 *
 * Steps to the next row. At the end, or on failure, the statement is
 * reset; only a failure sets @error.
 *
 * Returns: %TRUE with a row to read
 */
gboolean
ringi_db_step_row (RingiDb *self,
                   sqlite3_stmt *stmt,
                   GError **error)
{
  int rc;

  g_return_val_if_fail (RINGI_IS_DB (self), FALSE);
  g_return_val_if_fail (stmt != NULL, FALSE);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;

  if (rc != SQLITE_DONE)
    ringi_db_set_error (self, rc, error, _("Could not read the database"));
  sqlite3_reset (stmt);
  return FALSE;
}

/**
 * ringi_db_collect_rows:
 * @self: a #RingiDb
 * @stmt: a statement from ringi_db_prepare() that gives rows, already bound
 * @make_row: reads one row into a new element
 * @free_row: (nullable): frees an element
 * @error: return location for a #GError
 *
 * Steps @stmt to its end, making one element per row in the order sqlite
 * gives them. The statement is reset afterwards, on failure as well, as
 * ringi_db_step_row() leaves it.
 *
 * Returns: (transfer container): the elements, freed with @free_row, or
 *   %NULL with @error set
 */
GPtrArray *
ringi_db_collect_rows (RingiDb *self,
                       sqlite3_stmt *stmt,
                       RingiDbRowFunc make_row,
                       GDestroyNotify free_row,
                       GError **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (RINGI_IS_DB (self), NULL);
  g_return_val_if_fail (stmt != NULL, NULL);
  g_return_val_if_fail (make_row != NULL, NULL);

  rows = g_ptr_array_new_with_free_func (free_row);
  while (ringi_db_step_row (self, stmt, &local_error))
    g_ptr_array_add (rows, make_row (stmt));

  /* A row read before the failure is freed with the array: callers get
   * all of the result or none of it. */
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&rows);
}

/**
 * ringi_db_query_text:
 * @self: a #RingiDb
 * @sql: constant SQL text with one `?` parameter, giving at most one row
 * @parameter: (nullable): the text bound to the parameter
 * @out_value: (out) (transfer full) (nullable): the first column of the
 *   row; %NULL when there is no row, the value is SQL NULL, or on failure
 * @error: return location for a #GError
 *
 * Looks up one text value, where finding none is no failure.
 *
 * Returns: %TRUE unless the database failed
 */
gboolean
ringi_db_query_text (RingiDb *self,
                     const char *sql,
                     const char *parameter,
                     char **out_value,
                     GError **error)
{
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RINGI_IS_DB (self), FALSE);
  g_return_val_if_fail (sql != NULL, FALSE);
  g_return_val_if_fail (out_value != NULL, FALSE);

  *out_value = NULL;
  stmt = ringi_db_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, parameter);
  if (ringi_db_step_row (self, stmt, &local_error))
    {
      *out_value = ringi_db_column_dup_text (stmt, 0);
      sqlite3_reset (stmt);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

/**
 * ringi_db_bind_text:
 * @stmt: a statement
 * @column: the parameter, from 1
 * @text: (nullable): the text; %NULL binds SQL NULL
 */
void
ringi_db_bind_text (sqlite3_stmt *stmt,
                    int column,
                    const char *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, column);
  else
    sqlite3_bind_text (stmt, column, text, -1, SQLITE_TRANSIENT);
}

/**
 * ringi_db_bind_bytes:
 * @stmt: a statement
 * @column: the parameter, from 1
 * @bytes: (nullable): the bytes; %NULL binds SQL NULL
 */
void
ringi_db_bind_bytes (sqlite3_stmt *stmt,
                     int column,
                     GBytes *bytes)
{
  gconstpointer data;
  gsize size = 0;

  if (bytes == NULL)
    {
      sqlite3_bind_null (stmt, column);
      return;
    }

  data = g_bytes_get_data (bytes, &size);
  /* sqlite reads a NULL pointer as SQL NULL, even for zero bytes */
  sqlite3_bind_blob64 (stmt, column, data ? data : "", size, SQLITE_TRANSIENT);
}

/**
 * ringi_db_column_dup_text:
 * @stmt: a statement on a row
 * @column: the column, from 0
 *
 * Returns: (transfer full) (nullable): the text, %NULL for SQL NULL
 */
char *
ringi_db_column_dup_text (sqlite3_stmt *stmt,
                          int column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/**
 * ringi_db_column_dup_bytes:
 * @stmt: a statement on a row
 * @column: the column, from 0
 *
 * Returns: (transfer full) (nullable): the bytes, %NULL for SQL NULL
 */
GBytes *
ringi_db_column_dup_bytes (sqlite3_stmt *stmt,
                           int column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return NULL;

  return g_bytes_new (sqlite3_column_blob (stmt, column), sqlite3_column_bytes (stmt, column));
}

gboolean
ringi_db_begin (RingiDb *self,
                GError **error)
{
  g_return_val_if_fail (RINGI_IS_DB (self), FALSE);

  /* IMMEDIATE takes the write lock up front, so that two writers never
   * both read and then fail half-way with SQLITE_BUSY. */
  return exec_sql (self, "BEGIN IMMEDIATE", _("Could not start a change"), error);
}

gboolean
ringi_db_commit (RingiDb *self,
                 GError **error)
{
  g_return_val_if_fail (RINGI_IS_DB (self), FALSE);

  return exec_sql (self, "COMMIT", _("Could not save the change"), error);
}

void
ringi_db_rollback (RingiDb *self)
{
  g_return_if_fail (RINGI_IS_DB (self));

  if (!sqlite3_get_autocommit (self->handle))
    sqlite3_exec (self->handle, "ROLLBACK", NULL, NULL, NULL);
}

static gboolean
query_int (RingiDb *self,
           const char *sql,
           gint64 *out_value,
           GError **error)
{
  sqlite3_stmt *stmt = ringi_db_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      ringi_db_set_error (self, rc, error, _("Could not read the database"));
      return FALSE;
    }

  *out_value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
check_location_writable (const char *path,
                         GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, RINGI_DB_ERROR, RINGI_DB_ERROR_FAILED,
                   _("The folder “%s” does not exist"), dir);
      return FALSE;
    }

  /* WAL keeps two files beside the database, so the folder must be
   * writable as well as the file itself. */
  if (access (dir, W_OK | X_OK) != 0 ||
      (g_file_test (path, G_FILE_TEST_EXISTS) && access (path, R_OK | W_OK) != 0))
    {
      g_set_error (error, RINGI_DB_ERROR, RINGI_DB_ERROR_READ_ONLY,
                   _("Ringi cannot write to “%s”. Choose a folder you may write to."),
                   path);
      return FALSE;
    }

  return TRUE;
}

static guint
latest_version (const RingiDbSchema *schema)
{
  return schema->n_migrations ? schema->migrations[schema->n_migrations - 1].version : 0;
}

/* Decides whether the file is ours before anything writes to it: a
 * foreign or newer file must come out of here byte for byte unchanged. */
static gboolean
check_identity (RingiDb *self,
                const RingiDbSchema *schema,
                GError **error)
{
  gint64 app_id, user_version, n_objects;

  if (!query_int (self, "PRAGMA application_id", &app_id, error) ||
      !query_int (self, "PRAGMA user_version", &user_version, error) ||
      !query_int (self, "SELECT count(*) FROM sqlite_schema", &n_objects, error))
    return FALSE;

  if (app_id == 0 && user_version == 0 && n_objects == 0)
    return TRUE;

  if (app_id != schema->application_id)
    {
      g_set_error (error, RINGI_DB_ERROR, RINGI_DB_ERROR_NOT_RINGI,
                   _("“%s” is not a Ringi %s database; it was left untouched"),
                   self->path, schema->kind);
      return FALSE;
    }

  if (user_version > latest_version (schema))
    {
      g_set_error (error, RINGI_DB_ERROR, RINGI_DB_ERROR_TOO_NEW,
                   _("“%s” was written by a newer version of Ringi (schema %u; this version knows up to %u). Update Ringi to open it; the file was left untouched."),
                   self->path, (guint) user_version, latest_version (schema));
      return FALSE;
    }

  return TRUE;
}

static gboolean
configure_connection (RingiDb *self,
                      GError **error)
{
  sqlite3_busy_timeout (self->handle, 5000);

  return exec_sql (self, "PRAGMA journal_mode = WAL", _("Could not configure the database"), error) &&
         exec_sql (self, "PRAGMA synchronous = FULL", _("Could not configure the database"), error) &&
         exec_sql (self, "PRAGMA foreign_keys = ON", _("Could not configure the database"), error);
}

static gboolean
record_version (RingiDb *self,
                const RingiDbSchema *schema,
                guint version,
                GError **error)
{
  g_autofree char *pragma = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format_iso8601 (now);
  sqlite3_stmt *stmt;

  stmt = ringi_db_prepare (self, "INSERT INTO ringi_schema_history (version, applied_at) VALUES (?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, version);
  sqlite3_bind_text (stmt, 2, stamp, -1, SQLITE_TRANSIENT);
  if (!ringi_db_step_done (self, stmt, error))
    return FALSE;

  /* PRAGMAs take no parameters; both numbers come from our own constant
   * tables, never from input. */
  pragma = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %u",
                            schema->application_id, version);
  return exec_sql (self, pragma, _("Could not record the schema version"), error);
}

/* A rebuilt table is dropped and made again under its name: the foreign
 * keys naming it hold again only at the end, so they are checked then. */
static gboolean
check_foreign_keys (RingiDb *self,
                    const char *what,
                    GError **error)
{
  gint64 n_broken;

  if (!query_int (self, "SELECT count(*) FROM pragma_foreign_key_check", &n_broken, error))
    return FALSE;

  if (n_broken > 0)
    {
      g_set_error (error, RINGI_DB_ERROR, RINGI_DB_ERROR_CONSTRAINT, "%s", what);
      return FALSE;
    }

  return TRUE;
}

static gboolean
apply_migration_locked (RingiDb *self,
                        const RingiDbSchema *schema,
                        const RingiDbMigration *migration,
                        GError **error)
{
  gint64 current;

  if (!ringi_db_begin (self, error))
    return FALSE;

  /* Another process may have migrated while we waited for the lock. */
  if (!query_int (self, "PRAGMA user_version", &current, error))
    goto failed;

  if (current < migration->version)
    {
      g_autofree char *what = g_strdup_printf (_("Could not upgrade the database to schema %u"),
                                               migration->version);

      if (!exec_sql (self,
                     "CREATE TABLE IF NOT EXISTS ringi_schema_history ("
                     " version INTEGER PRIMARY KEY,"
                     " applied_at TEXT NOT NULL)",
                     what, error) ||
          !exec_sql (self, migration->sql, what, error) ||
          (migration->rebuilds_tables && !check_foreign_keys (self, what, error)) ||
          !record_version (self, schema, migration->version, error))
        goto failed;
    }

  if (!ringi_db_commit (self, error))
    goto failed;

  return TRUE;

failed:
  ringi_db_rollback (self);
  return FALSE;
}

static gboolean
apply_migration (RingiDb *self,
                 const RingiDbSchema *schema,
                 const RingiDbMigration *migration,
                 GError **error)
{
  gboolean ok;

  /* Foreign keys are switched outside a transaction only. */
  if (!migration->rebuilds_tables)
    return apply_migration_locked (self, schema, migration, error);

  if (!exec_sql (self, "PRAGMA foreign_keys = OFF", _("Could not configure the database"), error))
    return FALSE;
  ok = apply_migration_locked (self, schema, migration, error);
  if (!exec_sql (self, "PRAGMA foreign_keys = ON", _("Could not configure the database"), ok ? error : NULL))
    return FALSE;
  return ok;
}

static gboolean
migrate (RingiDb *self,
         const RingiDbSchema *schema,
         GError **error)
{
  gint64 current;

  if (!query_int (self, "PRAGMA user_version", &current, error))
    return FALSE;

  for (guint i = 0; i < schema->n_migrations; i++)
    {
      const RingiDbMigration *migration = &schema->migrations[i];

      g_assert (i == 0 || migration->version > schema->migrations[i - 1].version);

      if (migration->version <= current)
        continue;

      if (!apply_migration (self, schema, migration, error))
        return FALSE;
    }

  self->schema_version = latest_version (schema);
  return TRUE;
}

/**
 * ringi_db_open:
 * @path: the database file; its folder must exist
 * @schema: what kind of database this is and how to migrate it
 * @error: return location for a #GError
 *
 * Opens or creates a database of @schema's kind and brings it to the
 * newest schema, one migration per transaction. A file that is not of
 * this kind, or is newer than this build, is refused and left untouched.
 *
 * Returns: (transfer full): the database, or %NULL with @error set
 */
RingiDb *
ringi_db_open (const char *path,
               const RingiDbSchema *schema,
               GError **error)
{
  g_autoptr(RingiDb) self = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (schema != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_location_writable (path, error))
    return NULL;

  self = g_object_new (RINGI_TYPE_DB, NULL);
  self->path = g_strdup (path);

  rc = sqlite3_open_v2 (path, &self->handle,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      ringi_db_set_error (self, rc, error, _("Could not open the database"));
      return NULL;
    }

  sqlite3_extended_result_codes (self->handle, TRUE);

  if (sqlite3_db_readonly (self->handle, "main") == 1)
    {
      g_set_error (error, RINGI_DB_ERROR, RINGI_DB_ERROR_READ_ONLY,
                   _("Ringi cannot write to “%s”. Choose a folder you may write to."),
                   path);
      return NULL;
    }

  if (!check_identity (self, schema, error) ||
      !configure_connection (self, error) ||
      !migrate (self, schema, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
ringi_db_get_path (RingiDb *self)
{
  g_return_val_if_fail (RINGI_IS_DB (self), NULL);

  return self->path;
}

guint
ringi_db_get_schema_version (RingiDb *self)
{
  g_return_val_if_fail (RINGI_IS_DB (self), 0);

  return self->schema_version;
}

/**
 * ringi_db_get_handle:
 * @self: a #RingiDb
 *
 * Returns: (transfer none): the sqlite connection, for the storage modules
 */
sqlite3 *
ringi_db_get_handle (RingiDb *self)
{
  g_return_val_if_fail (RINGI_IS_DB (self), NULL);

  return self->handle;
}

/**
 * ringi_db_check_integrity:
 * @self: a #RingiDb
 * @error: return location for a #GError
 *
 * Runs sqlite's full integrity check.
 *
 * Returns: %TRUE when sqlite reports "ok"
 */
gboolean
ringi_db_check_integrity (RingiDb *self,
                          GError **error)
{
  sqlite3_stmt *stmt;
  gboolean ok;
  int rc;

  g_return_val_if_fail (RINGI_IS_DB (self), FALSE);

  stmt = ringi_db_prepare (self, "PRAGMA integrity_check", error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  ok = rc == SQLITE_ROW && g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;
  if (!ok)
    g_set_error (error, RINGI_DB_ERROR, RINGI_DB_ERROR_CORRUPT,
                 _("The database “%s” is damaged (%s)"), self->path,
                 rc == SQLITE_ROW ? (const char *) sqlite3_column_text (stmt, 0) : sqlite3_errstr (rc));
  sqlite3_reset (stmt);

  return ok;
}
