/* test-db.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-db"

#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "ringi-db.h"
#include "ringi-local-schema.h"
#include "ringi-test-utils.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static const RingiDbMigration two_migrations[] = {
  { 1, "CREATE TABLE a (id INTEGER PRIMARY KEY, name TEXT NOT NULL);" },
  { 2, "CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER NOT NULL REFERENCES a (id));"
       "INSERT INTO a (name) VALUES ('added by step 2');" },
};

static const RingiDbSchema schema_v1 = { "test", 0x54657374, two_migrations, 1 };
static const RingiDbSchema schema_v2 = { "test", 0x54657374, two_migrations, 2 };

static const RingiDbMigration broken_migrations[] = {
  { 1, "CREATE TABLE a (id INTEGER PRIMARY KEY, name TEXT NOT NULL);" },
  { 2, "CREATE TABLE c (id INTEGER PRIMARY KEY); THIS IS NOT SQL;" },
};

static const RingiDbSchema schema_broken = { "test", 0x54657374, broken_migrations, 2 };

/* Step 2 widens a CHECK of a table that another table's foreign key
 * names, the only way sqlite allows: a new table under the old name. */
static const RingiDbMigration rebuild_migrations[] = {
  { 1, "CREATE TABLE parent (id INTEGER PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('a')));"
       "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent (id));" },
  { 2, "CREATE TABLE parent_v2 (id INTEGER PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('a', 'b')));"
       "INSERT INTO parent_v2 (id, kind) SELECT id, kind FROM parent;"
       "DROP TABLE parent;"
       "ALTER TABLE parent_v2 RENAME TO parent;",
    TRUE },
};

static const RingiDbSchema schema_rebuild_v1 = { "test", 0x54657374, rebuild_migrations, 1 };
static const RingiDbSchema schema_rebuild_v2 = { "test", 0x54657374, rebuild_migrations, 2 };

/* The same, but the new table forgets a row a child names. */
static const RingiDbMigration lossy_rebuild_migrations[] = {
  { 1, "CREATE TABLE parent (id INTEGER PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('a')));"
       "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent (id));" },
  { 2, "CREATE TABLE parent_v2 (id INTEGER PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('a', 'b')));"
       "DROP TABLE parent;"
       "ALTER TABLE parent_v2 RENAME TO parent;",
    TRUE },
};

static const RingiDbSchema schema_lossy_rebuild = { "test", 0x54657374, lossy_rebuild_migrations, 2 };

/* Row 3's value has no absolute value in 64 bits: abs() fails there,
 * after rows 1 and 2 were read. */
static const RingiDbMigration rows_migrations[] = {
  { 1, "CREATE TABLE n (id INTEGER PRIMARY KEY, name TEXT NOT NULL, v INTEGER NOT NULL);"
       "INSERT INTO n VALUES (1, 'ichi', 1), (2, 'ni', 2), (3, 'san', -9223372036854775808), (4, 'yon', 4);" },
};

static const RingiDbSchema schema_rows = { "test", 0x54657374, rows_migrations, 1 };

static void
fixture_setup (Fixture *f,
               gconstpointer data)
{
  f->dir = ringi_test_make_tmpdir ("ringi-db");
  f->path = g_build_filename (f->dir, "store.db", NULL);
}

static void
fixture_teardown (Fixture *f,
                  gconstpointer data)
{
  ringi_test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static gint64
query_int (RingiDb *db,
           const char *sql)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = ringi_db_prepare (db, sql, &error);
  gint64 value;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

static char *
query_text (RingiDb *db,
            const char *sql)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = ringi_db_prepare (db, sql, &error);
  char *value;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return value;
}

static void
test_create_new (Fixture *f,
                 gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiDb) db = ringi_db_open (f->path, ringi_local_schema (), &error);
  g_autofree char *journal = NULL;
  const RingiDbSchema *schema = ringi_local_schema ();
  guint latest = schema->migrations[schema->n_migrations - 1].version;

  g_assert_no_error (error);
  g_assert_nonnull (db);
  g_assert_cmpuint (ringi_db_get_schema_version (db), ==, latest);
  g_assert_cmpstr (ringi_db_get_path (db), ==, f->path);

  journal = query_text (db, "PRAGMA journal_mode");
  g_assert_cmpstr (journal, ==, "wal");
  g_assert_cmpint (query_int (db, "PRAGMA synchronous"), ==, 2);
  g_assert_cmpint (query_int (db, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (query_int (db, "PRAGMA application_id"), ==, RINGI_LOCAL_APPLICATION_ID);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, latest);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM ringi_schema_history"), ==, schema->n_migrations);
  g_assert_true (ringi_db_check_integrity (db, &error));
  g_assert_no_error (error);
}

static void
test_reopen_keeps_data (Fixture *f,
                        gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  RingiDb *db = ringi_db_open (f->path, ringi_local_schema (), &error);
  sqlite3_stmt *stmt;

  g_assert_no_error (error);
  stmt = ringi_db_prepare (db, "INSERT INTO profile (key, value) VALUES (?, ?)", &error);
  g_assert_no_error (error);
  sqlite3_bind_text (stmt, 1, "login", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, "鈴木", -1, SQLITE_STATIC);
  g_assert_true (ringi_db_step_done (db, stmt, &error));
  g_assert_no_error (error);
  g_assert_finalize_object (db);

  db = ringi_db_open (f->path, ringi_local_schema (), &error);
  g_assert_no_error (error);
  {
    g_autofree char *value = query_text (db, "SELECT value FROM profile WHERE key = 'login'");
    g_assert_cmpstr (value, ==, "鈴木");
  }
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM ringi_schema_history"), ==, ringi_local_schema ()->n_migrations);
  g_assert_finalize_object (db);
}

static void
test_migrate_in_steps (Fixture *f,
                       gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  RingiDb *db = ringi_db_open (f->path, &schema_v1, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (ringi_db_get_schema_version (db), ==, 1);
  g_assert_finalize_object (db);

  db = ringi_db_open (f->path, &schema_v2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ringi_db_get_schema_version (db), ==, 2);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM ringi_schema_history"), ==, 2);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM a"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM b"), ==, 0);
  g_assert_finalize_object (db);

  /* Opening again applies nothing twice. */
  db = ringi_db_open (f->path, &schema_v2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM a"), ==, 1);
  g_assert_finalize_object (db);
}

static void
test_foreign_keys_enforced (Fixture *f,
                            gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiDb) db = ringi_db_open (f->path, &schema_v2, &error);
  sqlite3_stmt *stmt;

  g_assert_no_error (error);
  stmt = ringi_db_prepare (db, "INSERT INTO b (a_id) VALUES (?)", &error);
  g_assert_no_error (error);
  sqlite3_bind_int (stmt, 1, 999);
  g_assert_false (ringi_db_step_done (db, stmt, &error));
  g_assert_error (error, RINGI_DB_ERROR, RINGI_DB_ERROR_CONSTRAINT);
}

static void
exec_ok (RingiDb *db,
         const char *sql)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = ringi_db_prepare (db, sql, &error);

  g_assert_no_error (error);
  g_assert_true (ringi_db_step_done (db, stmt, &error));
  g_assert_no_error (error);
}

static void
test_rebuild_table (Fixture *f,
                    gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  RingiDb *db = ringi_db_open (f->path, &schema_rebuild_v1, &error);
  g_autofree char *child_sql = NULL;

  g_assert_no_error (error);
  exec_ok (db, "INSERT INTO parent (id, kind) VALUES (1, 'a')");
  exec_ok (db, "INSERT INTO child (parent_id) VALUES (1)");
  g_assert_finalize_object (db);

  db = ringi_db_open (f->path, &schema_rebuild_v2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM parent"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM child"), ==, 1);
  /* The child still names the table by its name; keys are on again. */
  child_sql = query_text (db, "SELECT sql FROM sqlite_schema WHERE name = 'child'");
  ringi_test_assert_contains (child_sql, "REFERENCES parent (id)");
  g_assert_cmpint (query_int (db, "PRAGMA foreign_keys"), ==, 1);
  exec_ok (db, "INSERT INTO parent (id, kind) VALUES (2, 'b')");
  g_assert_finalize_object (db);
}

static void
test_rebuild_table_broken (Fixture *f,
                           gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  RingiDb *db = ringi_db_open (f->path, &schema_rebuild_v1, &error);

  g_assert_no_error (error);
  exec_ok (db, "INSERT INTO parent (id, kind) VALUES (1, 'a')");
  exec_ok (db, "INSERT INTO child (parent_id) VALUES (1)");
  g_assert_finalize_object (db);

  db = ringi_db_open (f->path, &schema_lossy_rebuild, &error);
  g_assert_null (db);
  g_assert_error (error, RINGI_DB_ERROR, RINGI_DB_ERROR_CONSTRAINT);
  g_clear_error (&error);

  db = ringi_db_open (f->path, &schema_rebuild_v1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM parent"), ==, 1);
  g_assert_finalize_object (db);
}

static void
test_failed_migration_rolls_back (Fixture *f,
                                  gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  RingiDb *db = ringi_db_open (f->path, &schema_v1, &error);

  g_assert_no_error (error);
  g_assert_finalize_object (db);

  db = ringi_db_open (f->path, &schema_broken, &error);
  g_assert_null (db);
  g_assert_error (error, RINGI_DB_ERROR, RINGI_DB_ERROR_FAILED);
  g_clear_error (&error);

  db = ringi_db_open (f->path, &schema_v1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM sqlite_schema WHERE name = 'c'"), ==, 0);
  g_assert_finalize_object (db);
}

static void
assert_refused_untouched (Fixture *f,
                          const RingiDbSchema *schema,
                          int code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = ringi_test_file_sha256 (f->path);
  g_autofree char *after = NULL;
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  RingiDb *db = ringi_db_open (f->path, schema, &error);

  g_assert_null (db);
  g_assert_error (error, RINGI_DB_ERROR, code);
  g_assert_nonnull (strstr (error->message, f->path));
  after = ringi_test_file_sha256 (f->path);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

static void
test_refuse_text_file (Fixture *f,
                       gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (f->path, "Meeting notes, not a database.\n", -1, &error);
  g_assert_no_error (error);
  assert_refused_untouched (f, ringi_local_schema (), RINGI_DB_ERROR_NOT_RINGI);
}

static void
test_refuse_foreign_sqlite (Fixture *f,
                            gconstpointer data)
{
  sqlite3 *other = NULL;

  g_assert_cmpint (sqlite3_open (f->path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('x')",
                                 NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (other);

  assert_refused_untouched (f, ringi_local_schema (), RINGI_DB_ERROR_NOT_RINGI);
}

static void
test_refuse_other_kind (Fixture *f,
                        gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  RingiDb *db = ringi_db_open (f->path, &schema_v1, &error);

  g_assert_no_error (error);
  g_assert_finalize_object (db);

  assert_refused_untouched (f, ringi_local_schema (), RINGI_DB_ERROR_NOT_RINGI);
}

static void
test_refuse_newer (Fixture *f,
                   gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  RingiDb *db = ringi_db_open (f->path, &schema_v2, &error);

  g_assert_no_error (error);
  g_assert_finalize_object (db);

  assert_refused_untouched (f, &schema_v1, RINGI_DB_ERROR_TOO_NEW);
}

static void
test_missing_folder (Fixture *f,
                     gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "no-such-folder", "store.db", NULL);
  g_autoptr(RingiDb) db = ringi_db_open (path, ringi_local_schema (), &error);

  g_assert_null (db);
  g_assert_error (error, RINGI_DB_ERROR, RINGI_DB_ERROR_FAILED);
}

/* Root may write anywhere, so the read-only cases run in a child that
 * gives up root first. */
static void
drop_root (void)
{
  if (geteuid () == 0)
    {
      g_assert_cmpint (setgid (65534), ==, 0);
      g_assert_cmpint (setuid (65534), ==, 0);
    }
}

static void
test_read_only_folder (Fixture *f,
                       gconstpointer data)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RingiDb) db = NULL;
      const char *dir = g_getenv ("RINGI_TEST_DIR");
      g_autofree char *path = g_build_filename (dir, "store.db", NULL);

      drop_root ();
      db = ringi_db_open (path, ringi_local_schema (), &error);
      g_assert_null (db);
      g_assert_error (error, RINGI_DB_ERROR, RINGI_DB_ERROR_READ_ONLY);
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
      return;
    }

  g_assert_cmpint (g_chmod (f->dir, 0555), ==, 0);
  g_setenv ("RINGI_TEST_DIR", f->dir, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_read_only_file (Fixture *f,
                     gconstpointer data)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RingiDb) db = NULL;
      const char *path = g_getenv ("RINGI_TEST_PATH");

      drop_root ();
      db = ringi_db_open (path, ringi_local_schema (), &error);
      g_assert_null (db);
      g_assert_error (error, RINGI_DB_ERROR, RINGI_DB_ERROR_READ_ONLY);
      return;
    }

  {
    g_autoptr(GError) error = NULL;
    RingiDb *db = ringi_db_open (f->path, ringi_local_schema (), &error);

    g_assert_no_error (error);
    g_assert_finalize_object (db);
  }

  g_assert_cmpint (g_chmod (f->dir, 0777), ==, 0);
  g_assert_cmpint (g_chmod (f->path, 0444), ==, 0);
  g_setenv ("RINGI_TEST_PATH", f->path, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_transaction_rollback (Fixture *f,
                           gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiDb) db = ringi_db_open (f->path, ringi_local_schema (), &error);
  sqlite3_stmt *stmt;

  g_assert_no_error (error);
  g_assert_true (ringi_db_begin (db, &error));
  stmt = ringi_db_prepare (db, "INSERT INTO profile (key, value) VALUES (?, ?)", &error);
  sqlite3_bind_text (stmt, 1, "server", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, "https://127.0.0.1:8443", -1, SQLITE_STATIC);
  g_assert_true (ringi_db_step_done (db, stmt, &error));
  ringi_db_rollback (db);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM profile"), ==, 0);

  /* The statement cache hands back the same statement, reset. */
  g_assert_true (ringi_db_prepare (db, "INSERT INTO profile (key, value) VALUES (?, ?)", &error) == stmt);
}

static gpointer
name_from_row (sqlite3_stmt *stmt)
{
  return ringi_db_column_dup_text (stmt, 0);
}

static GPtrArray *
collect_names (RingiDb *db,
               const char *sql,
               gint64 last_id,
               GError **error)
{
  sqlite3_stmt *stmt = ringi_db_prepare (db, sql, error);

  g_assert_nonnull (stmt);
  sqlite3_bind_int64 (stmt, 1, last_id);
  return ringi_db_collect_rows (db, stmt, name_from_row, g_free, error);
}

static void
test_collect_rows (Fixture *f,
                   gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiDb) db = ringi_db_open (f->path, &schema_rows, &error);
  g_autoptr(GPtrArray) names = NULL;

  g_assert_no_error (error);
  names = collect_names (db, "SELECT name FROM n WHERE id <= ? ORDER BY name DESC", 4, &error);
  g_assert_no_error (error);
  g_assert_nonnull (names);
  g_assert_cmpuint (names->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (names, 0), ==, "yon");
  g_assert_cmpstr (g_ptr_array_index (names, 1), ==, "san");
  g_assert_cmpstr (g_ptr_array_index (names, 2), ==, "ni");
  g_assert_cmpstr (g_ptr_array_index (names, 3), ==, "ichi");
}

static void
test_collect_rows_empty (Fixture *f,
                         gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiDb) db = ringi_db_open (f->path, &schema_rows, &error);
  g_autoptr(GPtrArray) names = NULL;

  g_assert_no_error (error);
  names = collect_names (db, "SELECT name FROM n WHERE id <= ? ORDER BY id", 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (names);
  g_assert_cmpuint (names->len, ==, 0);
}

static void
test_collect_rows_error (Fixture *f,
                         gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiDb) db = ringi_db_open (f->path, &schema_rows, &error);
  g_autoptr(GPtrArray) names = NULL;
  sqlite3_stmt *stmt;

  g_assert_no_error (error);
  stmt = ringi_db_prepare (db, "SELECT name || abs(v) FROM n WHERE id <= ? ORDER BY id", &error);
  g_assert_no_error (error);
  sqlite3_bind_int64 (stmt, 1, 4);
  names = ringi_db_collect_rows (db, stmt, name_from_row, g_free, &error);
  g_assert_error (error, RINGI_DB_ERROR, RINGI_DB_ERROR_FAILED);
  g_assert_null (names);
  g_clear_error (&error);

  /* sqlite refuses to bind a statement that was not reset. */
  g_assert_cmpint (sqlite3_bind_int64 (stmt, 1, 2), ==, SQLITE_OK);
  names = ringi_db_collect_rows (db, stmt, name_from_row, g_free, &error);
  g_assert_no_error (error);
  g_assert_nonnull (names);
  g_assert_cmpuint (names->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (names, 0), ==, "ichi1");
  g_assert_cmpstr (g_ptr_array_index (names, 1), ==, "ni2");
  g_clear_pointer (&names, g_ptr_array_unref);

  /* Reset at the end as well. */
  g_assert_cmpint (sqlite3_bind_int64 (stmt, 1, 1), ==, SQLITE_OK);
  names = ringi_db_collect_rows (db, stmt, name_from_row, g_free, &error);
  g_assert_no_error (error);
  g_assert_nonnull (names);
  g_assert_cmpuint (names->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (names, 0), ==, "ichi1");
}

static void
test_query_text (Fixture *f,
                 gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiDb) db = ringi_db_open (f->path, &schema_rows, &error);
  g_autofree char *stale = g_strdup ("left over");
  char *value = NULL;

  g_assert_no_error (error);
  g_assert_true (ringi_db_query_text (db, "SELECT id FROM n WHERE name = ?", "san", &value, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "3");
  g_clear_pointer (&value, g_free);

  /* No row is no failure. */
  value = stale;
  g_assert_true (ringi_db_query_text (db, "SELECT id FROM n WHERE name = ?", "go", &value, &error));
  g_assert_no_error (error);
  g_assert_null (value);

  value = stale;
  g_assert_false (ringi_db_query_text (db, "SELECT abs(v) FROM n WHERE name = ?", "san", &value, &error));
  g_assert_error (error, RINGI_DB_ERROR, RINGI_DB_ERROR_FAILED);
  g_assert_null (value);
}

int
main (int argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/ringi/db/create-new", test_create_new);
  ADD ("/ringi/db/reopen-keeps-data", test_reopen_keeps_data);
  ADD ("/ringi/db/migrate-in-steps", test_migrate_in_steps);
  ADD ("/ringi/db/foreign-keys-enforced", test_foreign_keys_enforced);
  ADD ("/ringi/db/failed-migration-rolls-back", test_failed_migration_rolls_back);
  ADD ("/ringi/db/rebuild-table", test_rebuild_table);
  ADD ("/ringi/db/rebuild-table-broken", test_rebuild_table_broken);
  ADD ("/ringi/db/refuse/text-file", test_refuse_text_file);
  ADD ("/ringi/db/refuse/foreign-sqlite", test_refuse_foreign_sqlite);
  ADD ("/ringi/db/refuse/other-kind", test_refuse_other_kind);
  ADD ("/ringi/db/refuse/newer-schema", test_refuse_newer);
  ADD ("/ringi/db/refuse/missing-folder", test_missing_folder);
  ADD ("/ringi/db/refuse/read-only-folder", test_read_only_folder);
  ADD ("/ringi/db/refuse/read-only-file", test_read_only_file);
  ADD ("/ringi/db/transaction-rollback", test_transaction_rollback);
  ADD ("/ringi/db/collect-rows", test_collect_rows);
  ADD ("/ringi/db/collect-rows/empty", test_collect_rows_empty);
  ADD ("/ringi/db/collect-rows/error", test_collect_rows_error);
  ADD ("/ringi/db/query-text", test_query_text);
#undef ADD

  return g_test_run ();
}
