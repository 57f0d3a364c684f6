/* ringi-db.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/**
 * RingiDbError:
 * @RINGI_DB_ERROR_NOT_RINGI: the file exists but is not a Ringi database of
 *   the expected kind; it was left untouched
 * @RINGI_DB_ERROR_TOO_NEW: the database was written by a newer Ringi; it was
 *   left untouched
 * @RINGI_DB_ERROR_READ_ONLY: the file or its folder cannot be written
 * @RINGI_DB_ERROR_CORRUPT: sqlite reports the file as damaged
 * @RINGI_DB_ERROR_BUSY: another process holds the database locked
 * @RINGI_DB_ERROR_CONSTRAINT: a change broke a rule of the schema
 * @RINGI_DB_ERROR_FAILED: any other storage failure
 *
 * Errors of the storage layer. The message is meant for people; the raw
 * sqlite text is appended after it for support.
 */
typedef enum
{
  RINGI_DB_ERROR_NOT_RINGI,
  RINGI_DB_ERROR_TOO_NEW,
  RINGI_DB_ERROR_READ_ONLY,
  RINGI_DB_ERROR_CORRUPT,
  RINGI_DB_ERROR_BUSY,
  RINGI_DB_ERROR_CONSTRAINT,
  RINGI_DB_ERROR_FAILED,
} RingiDbError;

#define RINGI_DB_ERROR (ringi_db_error_quark ())
GQuark ringi_db_error_quark (void);

/**
 * RingiDbMigration:
 * @version: the schema version this step produces, counting from 1
 * @sql: the statements of the step; constant text, never built at run time
 * @rebuilds_tables: the step rebuilds a table that foreign keys of other
 *   tables name (sqlite changes a CHECK no other way): it runs with
 *   foreign keys off, and every foreign key is checked before it commits
 */
typedef struct
{
  guint version;
  const char *sql;
  gboolean rebuilds_tables;
} RingiDbMigration;

/**
 * RingiDbSchema:
 * @kind: short human name of the database kind, used in messages
 * @application_id: the sqlite `application_id` that marks this kind
 * @migrations: the steps, in increasing version order
 * @n_migrations: number of steps
 */
typedef struct
{
  const char *kind;
  gint32 application_id;
  const RingiDbMigration *migrations;
  guint n_migrations;
} RingiDbSchema;

/**
 * RingiDbRowFunc:
 * @stmt: a statement on a row
 *
 * Reads the current row of @stmt into a new element.
 *
 * Returns: (transfer full): the element
 */
typedef gpointer (*RingiDbRowFunc) (sqlite3_stmt *stmt);

#define RINGI_TYPE_DB (ringi_db_get_type ())
G_DECLARE_FINAL_TYPE (RingiDb, ringi_db, RINGI, DB, GObject)

RingiDb *ringi_db_open (const char *path,
                        const RingiDbSchema *schema,
                        GError **error);
const char *ringi_db_get_path (RingiDb *self);
guint ringi_db_get_schema_version (RingiDb *self);
sqlite3 *ringi_db_get_handle (RingiDb *self);
sqlite3_stmt *ringi_db_prepare (RingiDb *self,
                                const char *sql,
                                GError **error);
gboolean ringi_db_begin (RingiDb *self,
                         GError **error);
gboolean ringi_db_commit (RingiDb *self,
                          GError **error);
void ringi_db_rollback (RingiDb *self);
gboolean ringi_db_step_done (RingiDb *self,
                             sqlite3_stmt *stmt,
                             GError **error);
gboolean ringi_db_step_row (RingiDb *self,
                            sqlite3_stmt *stmt,
                            GError **error);
GPtrArray *ringi_db_collect_rows (RingiDb *self,
                                  sqlite3_stmt *stmt,
                                  RingiDbRowFunc make_row,
                                  GDestroyNotify free_row,
                                  GError **error);
gboolean ringi_db_query_text (RingiDb *self,
                              const char *sql,
                              const char *parameter,
                              char **out_value,
                              GError **error);
void ringi_db_bind_text (sqlite3_stmt *stmt,
                         int column,
                         const char *text);
void ringi_db_bind_bytes (sqlite3_stmt *stmt,
                          int column,
                          GBytes *bytes);
char *ringi_db_column_dup_text (sqlite3_stmt *stmt,
                                int column);
GBytes *ringi_db_column_dup_bytes (sqlite3_stmt *stmt,
                                   int column);
gboolean ringi_db_check_integrity (RingiDb *self,
                                   GError **error);
void ringi_db_set_error (RingiDb *self,
                         int rc,
                         GError **error,
                         const char *what);

G_END_DECLS
