/* ringi-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ringi-local-schema.h"
#include "ringi-stamp.h"
#include "ringi-store.h"
#include "ringi-text.h"

struct _RingiStore
{
  GObject parent_instance;

  RingiDb *db;
};

G_DEFINE_FINAL_TYPE (RingiStore, ringi_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (ringi-store-error-quark, ringi_store_error)

static void
ringi_store_dispose (GObject *object)
{
  RingiStore *self = (RingiStore *) object;

  g_clear_object (&self->db);

  G_OBJECT_CLASS (ringi_store_parent_class)->dispose (object);
}

static void
ringi_store_class_init (RingiStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ringi_store_dispose;
}

static void
ringi_store_init (RingiStore *self)
{
}

RingiUser *
ringi_user_copy (const RingiUser *user)
{
  RingiUser *copy = g_new0 (RingiUser, 1);

  copy->login = g_strdup (user->login);
  copy->display_name = g_strdup (user->display_name);
  copy->seal_name = g_strdup (user->seal_name);
  copy->department = g_strdup (user->department);
  copy->role = g_strdup (user->role);
  copy->manager = g_strdup (user->manager);
  copy->fingerprint = g_strdup (user->fingerprint);
  copy->public_key = user->public_key ? g_bytes_ref (user->public_key) : NULL;
  copy->disabled = user->disabled;
  copy->employee_class = g_strdup (user->employee_class);
  return copy;
}

void
ringi_user_free (RingiUser *user)
{
  if (user == NULL)
    return;

  g_free (user->login);
  g_free (user->display_name);
  g_free (user->seal_name);
  g_free (user->department);
  g_free (user->role);
  g_free (user->manager);
  g_free (user->fingerprint);
  g_clear_pointer (&user->public_key, g_bytes_unref);
  g_free (user->employee_class);
  g_free (user);
}

void
ringi_stored_punch_free (RingiStoredPunch *punch)
{
  if (punch == NULL)
    return;

  g_free (punch->punch);
  g_free (punch->login);
  g_free (punch->sha256);
  g_clear_pointer (&punch->record, g_bytes_unref);
  g_clear_pointer (&punch->signature, g_bytes_unref);
  g_free (punch->note);
  g_clear_pointer (&punch->receipt, g_bytes_unref);
  g_clear_pointer (&punch->receipt_signature, g_bytes_unref);
  g_free (punch->corrects);
  g_free (punch);
}

/**
 * ringi_stored_punch_set_fields:
 * @stored: a punch to keep
 * @punch: its record, read
 *
 * Copies the fields the store keeps beside the record. @stored borrows
 * @punch's `Corrects`: it must not outlive @punch unless it is a copy
 * the store made.
 */
void
ringi_stored_punch_set_fields (RingiStoredPunch *stored,
                               RingiPunch *punch)
{
  g_return_if_fail (stored != NULL && punch != NULL);

  stored->kind = ringi_punch_get_kind (punch);
  stored->place = ringi_punch_get_place (punch);
  stored->corrects = (char *) ringi_punch_get_corrects (punch);
  stored->imported = ringi_punch_get_imported (punch);
}

void
ringi_stored_month_close_free (RingiStoredMonthClose *close)
{
  if (close == NULL)
    return;

  g_free (close->login);
  g_free (close->month);
  g_free (close->request_id);
  g_free (close->sha256);
  g_clear_pointer (&close->record, g_bytes_unref);
  g_clear_pointer (&close->signature, g_bytes_unref);
  g_free (close);
}

RingiRequestInfo *
ringi_request_info_copy (const RingiRequestInfo *info)
{
  RingiRequestInfo *copy = g_new0 (RingiRequestInfo, 1);

  copy->id = g_strdup (info->id);
  copy->title = g_strdup (info->title);
  copy->category = g_strdup (info->category);
  copy->amount = info->amount;
  copy->counterparty = g_strdup (info->counterparty);
  copy->transaction_date = g_strdup (info->transaction_date);
  copy->applicant = g_strdup (info->applicant);
  copy->created_at = g_strdup (info->created_at);
  return copy;
}

void
ringi_request_info_free (RingiRequestInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->id);
  g_free (info->title);
  g_free (info->category);
  g_free (info->counterparty);
  g_free (info->transaction_date);
  g_free (info->applicant);
  g_free (info->created_at);
  g_free (info);
}

void
ringi_stored_stamp_free (RingiStoredStamp *stamp)
{
  if (stamp == NULL)
    return;

  g_clear_pointer (&stamp->record, g_bytes_unref);
  g_clear_pointer (&stamp->signature, g_bytes_unref);
  g_free (stamp->sha256);
  g_free (stamp);
}

void
ringi_stored_delegation_free (RingiStoredDelegation *delegation)
{
  if (delegation == NULL)
    return;

  g_free (delegation->id);
  g_free (delegation->from_login);
  g_free (delegation->to_login);
  g_free (delegation->valid_from);
  g_free (delegation->valid_until);
  g_clear_pointer (&delegation->record, g_bytes_unref);
  g_clear_pointer (&delegation->signature, g_bytes_unref);
  g_free (delegation);
}

/**
 * ringi_store_open:
 * @path: the store file of a profile
 * @error: return location for a #GError
 *
 * Opens the profile store, creating or migrating it as needed.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
RingiStore *
ringi_store_open (const char *path,
                  GError **error)
{
  g_autoptr(RingiDb) db = ringi_db_open (path, ringi_local_schema (), error);
  RingiStore *self;

  if (db == NULL)
    return NULL;

  self = g_object_new (RINGI_TYPE_STORE, NULL);
  self->db = g_steal_pointer (&db);
  return self;
}

/**
 * ringi_store_get_db:
 * @self: a #RingiStore
 *
 * Returns: (transfer none): the database under the store
 */
RingiDb *
ringi_store_get_db (RingiStore *self)
{
  g_return_val_if_fail (RINGI_IS_STORE (self), NULL);

  return self->db;
}

/* Inside a transaction the caller opened (the sync engine applies a whole
 * page of changes, or an action with its outgoing op, at once), the work
 * joins it: the caller commits or rolls back everything together. */
static gboolean
run_in_transaction (RingiStore *self,
                    gboolean (*func) (RingiStore *, gconstpointer, GError **),
                    gconstpointer data,
                    GError **error)
{
  if (!sqlite3_get_autocommit (ringi_db_get_handle (self->db)))
    return func (self, data, error);

  if (!ringi_db_begin (self->db, error))
    return FALSE;

  if (!func (self, data, error) || !ringi_db_commit (self->db, error))
    {
      ringi_db_rollback (self->db);
      return FALSE;
    }

  return TRUE;
}

gboolean
ringi_store_put_user (RingiStore *self,
                      const RingiUser *user,
                      GError **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RINGI_IS_STORE (self), FALSE);
  g_return_val_if_fail (user != NULL && user->login != NULL, FALSE);

  stmt = ringi_db_prepare (self->db,
                           "INSERT INTO users (login, display_name, seal_name, department, role,"
                           " manager, fingerprint, public_key, disabled, employee_class)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                           " ON CONFLICT (login) DO UPDATE SET"
                           " display_name = excluded.display_name, seal_name = excluded.seal_name,"
                           " department = excluded.department, role = excluded.role,"
                           " manager = excluded.manager, fingerprint = excluded.fingerprint,"
                           " public_key = excluded.public_key, disabled = excluded.disabled,"
                           " employee_class = excluded.employee_class",
                           error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, user->login);
  ringi_db_bind_text (stmt, 2, user->display_name ? user->display_name : user->login);
  ringi_db_bind_text (stmt, 3, user->seal_name ? user->seal_name : "");
  ringi_db_bind_text (stmt, 4, user->department ? user->department : "");
  ringi_db_bind_text (stmt, 5, user->role ? user->role : "staff");
  ringi_db_bind_text (stmt, 6, user->manager);
  ringi_db_bind_text (stmt, 7, user->fingerprint);
  ringi_db_bind_bytes (stmt, 8, user->public_key);
  sqlite3_bind_int (stmt, 9, user->disabled);
  ringi_db_bind_text (stmt, 10, user->employee_class);
  return ringi_db_step_done (self->db, stmt, error);
}

/**
 * ringi_user_from_row:
 * @stmt: a statement stepped to a row whose first columns are
 *   %RINGI_USER_COLUMNS
 *
 * Reads a user from a row of the profile's or the server's
 * `users` table, whose columns are the same: a #RingiDbRowFunc for
 * ringi_db_collect_rows().
 *
 * Returns: (transfer full): the user
 */
RingiUser *
ringi_user_from_row (sqlite3_stmt *stmt)
{
  RingiUser *user = g_new0 (RingiUser, 1);

  user->login = ringi_db_column_dup_text (stmt, 0);
  user->display_name = ringi_db_column_dup_text (stmt, 1);
  user->seal_name = ringi_db_column_dup_text (stmt, 2);
  user->department = ringi_db_column_dup_text (stmt, 3);
  user->role = ringi_db_column_dup_text (stmt, 4);
  user->manager = ringi_db_column_dup_text (stmt, 5);
  user->fingerprint = ringi_db_column_dup_text (stmt, 6);
  user->public_key = ringi_db_column_dup_bytes (stmt, 7);
  user->disabled = sqlite3_column_int (stmt, 8) != 0;
  user->employee_class = ringi_db_column_dup_text (stmt, 9);
  return user;
}

/**
 * ringi_store_get_user:
 * @self: a #RingiStore
 * @login: the login
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the user, or %NULL with @error set
 */
RingiUser *
ringi_store_get_user (RingiStore *self,
                      const char *login,
                      GError **error)
{
  sqlite3_stmt *stmt;
  RingiUser *user;

  g_return_val_if_fail (RINGI_IS_STORE (self), NULL);
  g_return_val_if_fail (login != NULL, NULL);

  stmt = ringi_db_prepare (self->db, "SELECT " RINGI_USER_COLUMNS " FROM users WHERE login = ?", error);
  if (stmt == NULL)
    return NULL;

  ringi_db_bind_text (stmt, 1, login);
  if (!ringi_db_step_row (self->db, stmt, error))
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, RINGI_STORE_ERROR, RINGI_STORE_ERROR_NOT_FOUND,
                     _("There is nobody with the login “%s” in the directory"), login);
      return NULL;
    }

  user = ringi_user_from_row (stmt);
  sqlite3_reset (stmt);
  return user;
}

/**
 * ringi_store_list_users:
 * @self: a #RingiStore
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type RingiUser): the directory,
 *   sorted by login
 */
GPtrArray *
ringi_store_list_users (RingiStore *self,
                        GError **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RINGI_IS_STORE (self), NULL);

  stmt = ringi_db_prepare (self->db, "SELECT " RINGI_USER_COLUMNS " FROM users ORDER BY login", error);
  if (stmt == NULL)
    return NULL;

  return ringi_db_collect_rows (self->db, stmt, (RingiDbRowFunc) ringi_user_from_row,
                                (GDestroyNotify) ringi_user_free, error);
}

/**
 * ringi_store_dup_bindings:
 * @self: a #RingiStore
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type utf8 utf8): login → fingerprint
 *   for every enrolled user, as the directory binds them
 */
GHashTable *
ringi_store_dup_bindings (RingiStore *self,
                          GError **error)
{
  g_autoptr(GHashTable) bindings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RINGI_IS_STORE (self), NULL);

  stmt = ringi_db_prepare (self->db,
                           "SELECT login, fingerprint FROM users WHERE fingerprint IS NOT NULL",
                           error);
  if (stmt == NULL)
    return NULL;

  while (ringi_db_step_row (self->db, stmt, &local_error))
    g_hash_table_insert (bindings, ringi_db_column_dup_text (stmt, 0), ringi_db_column_dup_text (stmt, 1));

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&bindings);
}

gboolean
ringi_store_put_route_template (RingiStore *self,
                                const char *category,
                                gint64 min_amount,
                                const char *route,
                                GError **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RINGI_IS_STORE (self), FALSE);
  g_return_val_if_fail (category != NULL && route != NULL, FALSE);

  stmt = ringi_db_prepare (self->db,
                           "INSERT INTO route_templates (category, min_amount, route) VALUES (?, ?, ?)"
                           " ON CONFLICT (category, min_amount) DO UPDATE SET route = excluded.route",
                           error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, category);
  sqlite3_bind_int64 (stmt, 2, MAX (min_amount, 0));
  ringi_db_bind_text (stmt, 3, route);
  return ringi_db_step_done (self->db, stmt, error);
}

/**
 * ringi_store_find_route_template:
 * @self: a #RingiStore
 * @category: the request's category
 * @amount: the amount in yen, or -1 for none
 * @error: return location for a #GError
 *
 * Finds the route of @category whose threshold is the highest one not
 * above @amount: thresholds add steps as amounts grow.
 *
 * Returns: (transfer full): the canonical route text, or %NULL with
 *   @error set
 */
char *
ringi_store_find_route_template (RingiStore *self,
                                 const char *category,
                                 gint64 amount,
                                 GError **error)
{
  sqlite3_stmt *stmt;
  char *route;

  g_return_val_if_fail (RINGI_IS_STORE (self), NULL);
  g_return_val_if_fail (category != NULL, NULL);

  stmt = ringi_db_prepare (self->db,
                           "SELECT route FROM route_templates WHERE category = ? AND min_amount <= ?"
                           " ORDER BY min_amount DESC LIMIT 1",
                           error);
  if (stmt == NULL)
    return NULL;

  ringi_db_bind_text (stmt, 1, category);
  sqlite3_bind_int64 (stmt, 2, MAX (amount, 0));
  if (!ringi_db_step_row (self->db, stmt, error))
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, RINGI_STORE_ERROR, RINGI_STORE_ERROR_NOT_FOUND,
                     _("There is no route template for the category “%s”"), category);
      return NULL;
    }

  route = ringi_db_column_dup_text (stmt, 0);
  sqlite3_reset (stmt);
  return route;
}

void
ringi_stored_route_template_free (RingiStoredRouteTemplate *template)
{
  if (template == NULL)
    return;

  g_free (template->category);
  g_free (template->route);
  g_free (template);
}

static RingiStoredRouteTemplate *
route_template_from_row (sqlite3_stmt *stmt)
{
  RingiStoredRouteTemplate *template = g_new0 (RingiStoredRouteTemplate, 1);

  template->category = ringi_db_column_dup_text (stmt, 0);
  template->min_amount = sqlite3_column_int64 (stmt, 1);
  template->route = ringi_db_column_dup_text (stmt, 2);
  return template;
}

/**
 * ringi_store_list_route_templates:
 * @self: a #RingiStore
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type RingiStoredRouteTemplate): the
 *   route templates by category and threshold, or %NULL with @error set
 */
GPtrArray *
ringi_store_list_route_templates (RingiStore *self,
                                  GError **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RINGI_IS_STORE (self), NULL);

  stmt = ringi_db_prepare (self->db,
                           "SELECT category, min_amount, route FROM route_templates"
                           " ORDER BY category, min_amount",
                           error);
  if (stmt == NULL)
    return NULL;

  return ringi_db_collect_rows (self->db, stmt, (RingiDbRowFunc) route_template_from_row,
                                (GDestroyNotify) ringi_stored_route_template_free, error);
}

/**
 * ringi_store_clear_route_templates:
 * @self: a #RingiStore
 * @category: (nullable): forget this category's templates only, or all
 *   with %NULL
 * @error: return location for a #GError
 *
 * Forgets route templates, before the server's current ones are stored
 * in the same transaction.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_store_clear_route_templates (RingiStore *self,
                                   const char *category,
                                   GError **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RINGI_IS_STORE (self), FALSE);

  stmt = ringi_db_prepare (self->db, "DELETE FROM route_templates WHERE ?1 IS NULL OR category = ?1", error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, category);
  return ringi_db_step_done (self->db, stmt, error);
}

/**
 * ringi_store_put_blob:
 * @self: a #RingiStore
 * @data: the bytes
 * @error: return location for a #GError
 *
 * Stores @data under its sha256; storing the same bytes twice is a no-op.
 *
 * Returns: (transfer full): the sha256 in lowercase hex, or %NULL
 */
char *
ringi_store_put_blob (RingiStore *self,
                      GBytes *data,
                      GError **error)
{
  g_autofree char *sha256 = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RINGI_IS_STORE (self), NULL);
  g_return_val_if_fail (data != NULL, NULL);

  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, data);
  stmt = ringi_db_prepare (self->db,
                           "INSERT INTO blobs (sha256, data) VALUES (?, ?) ON CONFLICT (sha256) DO NOTHING",
                           error);
  if (stmt == NULL)
    return NULL;

  ringi_db_bind_text (stmt, 1, sha256);
  ringi_db_bind_bytes (stmt, 2, data);
  if (!ringi_db_step_done (self->db, stmt, error))
    return NULL;

  return g_steal_pointer (&sha256);
}

/**
 * ringi_store_get_blob:
 * @self: a #RingiStore
 * @sha256: the hash the bytes were stored under
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the bytes, or %NULL with @error set
 */
GBytes *
ringi_store_get_blob (RingiStore *self,
                      const char *sha256,
                      GError **error)
{
  sqlite3_stmt *stmt;
  GBytes *data;

  g_return_val_if_fail (RINGI_IS_STORE (self), NULL);
  g_return_val_if_fail (sha256 != NULL, NULL);

  stmt = ringi_db_prepare (self->db, "SELECT data FROM blobs WHERE sha256 = ?", error);
  if (stmt == NULL)
    return NULL;

  ringi_db_bind_text (stmt, 1, sha256);
  if (!ringi_db_step_row (self->db, stmt, error))
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, RINGI_STORE_ERROR, RINGI_STORE_ERROR_NOT_FOUND,
                     _("The document %s is not stored on this computer"), sha256);
      return NULL;
    }

  data = ringi_db_column_dup_bytes (stmt, 0);
  sqlite3_reset (stmt);
  return data;
}

/**
 * ringi_store_has_blob:
 * @self: a #RingiStore
 * @sha256: a document's sha256
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the bytes are stored here; %FALSE if not, or on error
 *   (then @error is set)
 */
gboolean
ringi_store_has_blob (RingiStore *self,
                      const char *sha256,
                      GError **error)
{
  sqlite3_stmt *stmt;
  gboolean found;

  g_return_val_if_fail (RINGI_IS_STORE (self), FALSE);
  g_return_val_if_fail (sha256 != NULL, FALSE);

  stmt = ringi_db_prepare (self->db, "SELECT 1 FROM blobs WHERE sha256 = ?", error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, sha256);
  found = ringi_db_step_row (self->db, stmt, error);
  sqlite3_reset (stmt);
  return found;
}

gboolean
ringi_store_add_request (RingiStore *self,
                         const RingiRequestInfo *info,
                         GError **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RINGI_IS_STORE (self), FALSE);
  g_return_val_if_fail (info != NULL && info->id != NULL && info->applicant != NULL, FALSE);

  if (info->title == NULL || info->title[0] == '\0')
    {
      g_set_error (error, RINGI_STORE_ERROR, RINGI_STORE_ERROR_INVALID,
                   _("A request needs a title"));
      return FALSE;
    }

  if (!ringi_text_parse_date (info->transaction_date, NULL))
    {
      g_set_error (error, RINGI_STORE_ERROR, RINGI_STORE_ERROR_INVALID,
                   _("“%s” is not a date of the form YYYY-MM-DD"),
                   info->transaction_date ? info->transaction_date : "");
      return FALSE;
    }

  stmt = ringi_db_prepare (self->db,
                           "INSERT INTO requests (id, title, category, amount, counterparty,"
                           " transaction_date, applicant, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, info->id);
  ringi_db_bind_text (stmt, 2, info->title);
  ringi_db_bind_text (stmt, 3, info->category ? info->category : "");
  if (info->amount >= 0)
    sqlite3_bind_int64 (stmt, 4, info->amount);
  ringi_db_bind_text (stmt, 5, info->counterparty ? info->counterparty : "");
  ringi_db_bind_text (stmt, 6, info->transaction_date);
  ringi_db_bind_text (stmt, 7, info->applicant);
  ringi_db_bind_text (stmt, 8, info->created_at ? info->created_at : info->transaction_date);

  if (!ringi_db_step_done (self->db, stmt, error))
    {
      if (error != NULL && g_error_matches (*error, RINGI_DB_ERROR, RINGI_DB_ERROR_CONSTRAINT))
        {
          g_clear_error (error);
          g_set_error (error, RINGI_STORE_ERROR, RINGI_STORE_ERROR_EXISTS,
                       _("The request %s is already stored"), info->id);
        }
      return FALSE;
    }

  return TRUE;
}

/**
 * ringi_request_info_from_row:
 * @stmt: a statement stepped to a row whose first columns are
 *   %RINGI_REQUEST_INFO_COLUMNS
 *
 * Reads a request's fields from a row of the profile's or the server's
 * `requests` table, whose columns are the same: a #RingiDbRowFunc for
 * ringi_db_collect_rows().
 *
 * Returns: (transfer full): the request
 */
RingiRequestInfo *
ringi_request_info_from_row (sqlite3_stmt *stmt)
{
  RingiRequestInfo *info = g_new0 (RingiRequestInfo, 1);

  info->id = ringi_db_column_dup_text (stmt, 0);
  info->title = ringi_db_column_dup_text (stmt, 1);
  info->category = ringi_db_column_dup_text (stmt, 2);
  info->amount = sqlite3_column_type (stmt, 3) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 3);
  info->counterparty = ringi_db_column_dup_text (stmt, 4);
  info->transaction_date = ringi_db_column_dup_text (stmt, 5);
  info->applicant = ringi_db_column_dup_text (stmt, 6);
  info->created_at = ringi_db_column_dup_text (stmt, 7);
  return info;
}

/**
 * ringi_store_get_request:
 * @self: a #RingiStore
 * @id: the request's uuid
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the request, or %NULL with @error set
 */
RingiRequestInfo *
ringi_store_get_request (RingiStore *self,
                         const char *id,
                         GError **error)
{
  sqlite3_stmt *stmt;
  RingiRequestInfo *info;

  g_return_val_if_fail (RINGI_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  stmt = ringi_db_prepare (self->db, "SELECT " RINGI_REQUEST_INFO_COLUMNS " FROM requests WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;

  ringi_db_bind_text (stmt, 1, id);
  if (!ringi_db_step_row (self->db, stmt, error))
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, RINGI_STORE_ERROR, RINGI_STORE_ERROR_NOT_FOUND,
                     _("There is no request %s on this computer"), id);
      return NULL;
    }

  info = ringi_request_info_from_row (stmt);
  sqlite3_reset (stmt);
  return info;
}

/* LIKE treats % and _ as wildcards: escape them so a search for "10%"
 * finds exactly that text. */
static char *
like_pattern (const char *text)
{
  GString *pattern = g_string_new ("%");

  for (const char *p = text; *p; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');
  return g_string_free (pattern, FALSE);
}

/**
 * ringi_store_search:
 * @self: a #RingiStore
 * @query: the conditions
 * @error: return location for a #GError
 *
 * Finds requests matching every condition given, newest date first.
 *
 * Returns: (transfer container) (element-type RingiRequestInfo): the
 *   requests, or %NULL with @error set
 */
GPtrArray *
ringi_store_search (RingiStore *self,
                    const RingiSearchQuery *query,
                    GError **error)
{
  g_autofree char *counterparty = NULL;
  g_autofree char *title = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RINGI_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  /* One constant statement: an absent condition binds NULL and is true. */
  stmt = ringi_db_prepare (self->db,
                           "SELECT " RINGI_REQUEST_INFO_COLUMNS " FROM requests"
                           " WHERE (?1 IS NULL OR transaction_date >= ?1)"
                           " AND (?2 IS NULL OR transaction_date <= ?2)"
                           " AND (?3 IS NULL OR amount >= ?3)"
                           " AND (?4 IS NULL OR amount <= ?4)"
                           " AND (?5 IS NULL OR counterparty LIKE ?5 ESCAPE '\\')"
                           " AND (?6 IS NULL OR title LIKE ?6 ESCAPE '\\')"
                           " ORDER BY transaction_date DESC, created_at DESC, id",
                           error);
  if (stmt == NULL)
    return NULL;

  if (query->counterparty != NULL)
    counterparty = like_pattern (query->counterparty);
  if (query->title != NULL)
    title = like_pattern (query->title);

  ringi_db_bind_text (stmt, 1, query->date_from);
  ringi_db_bind_text (stmt, 2, query->date_to);
  if (query->min_amount >= 0)
    sqlite3_bind_int64 (stmt, 3, query->min_amount);
  if (query->max_amount >= 0)
    sqlite3_bind_int64 (stmt, 4, query->max_amount);
  ringi_db_bind_text (stmt, 5, counterparty);
  ringi_db_bind_text (stmt, 6, title);

  return ringi_db_collect_rows (self->db, stmt, (RingiDbRowFunc) ringi_request_info_from_row,
                                (GDestroyNotify) ringi_request_info_free, error);
}

typedef struct
{
  const char *request_id;
  guint revision;
  GBytes *pdf;
} RevisionData;

static gboolean
add_revision_locked (RingiStore *self,
                     gconstpointer data,
                     GError **error)
{
  const RevisionData *r = data;
  g_autofree char *sha256 = NULL;
  guint n_revisions;
  sqlite3_stmt *stmt;

  n_revisions = ringi_store_get_n_revisions (self, r->request_id, error);
  if (error != NULL && *error != NULL)
    return FALSE;

  /* Revisions come in order, each once: 1, 2, 3… */
  if (r->revision != n_revisions + 1)
    {
      g_set_error (error, RINGI_STORE_ERROR, RINGI_STORE_ERROR_EXISTS,
                   _("Revision %u cannot follow revision %u of request %s"),
                   r->revision, n_revisions, r->request_id);
      return FALSE;
    }

  sha256 = ringi_store_put_blob (self, r->pdf, error);
  if (sha256 == NULL)
    return FALSE;

  stmt = ringi_db_prepare (self->db,
                           "INSERT INTO revisions (request_id, revision, sha256) VALUES (?, ?, ?)",
                           error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, r->request_id);
  sqlite3_bind_int64 (stmt, 2, r->revision);
  ringi_db_bind_text (stmt, 3, sha256);
  return ringi_db_step_done (self->db, stmt, error);
}

/**
 * ringi_store_add_revision:
 * @self: a #RingiStore
 * @request_id: the request
 * @revision: the next revision number, from 1
 * @pdf: the revision's exact bytes
 * @error: return location for a #GError
 *
 * Adds a revision of a request's document, with its bytes, in one
 * transaction.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_store_add_revision (RingiStore *self,
                          const char *request_id,
                          guint revision,
                          GBytes *pdf,
                          GError **error)
{
  RevisionData data = { request_id, revision, pdf };

  g_return_val_if_fail (RINGI_IS_STORE (self), FALSE);
  g_return_val_if_fail (request_id != NULL && pdf != NULL, FALSE);

  return run_in_transaction (self, add_revision_locked, &data, error);
}

/**
 * ringi_store_get_revision:
 * @self: a #RingiStore
 * @request_id: the request
 * @revision: the revision number
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the revision's PDF bytes, or %NULL
 */
GBytes *
ringi_store_get_revision (RingiStore *self,
                          const char *request_id,
                          guint revision,
                          GError **error)
{
  sqlite3_stmt *stmt;
  GBytes *data;

  g_return_val_if_fail (RINGI_IS_STORE (self), NULL);
  g_return_val_if_fail (request_id != NULL, NULL);

  stmt = ringi_db_prepare (self->db,
                           "SELECT blobs.data FROM revisions JOIN blobs USING (sha256)"
                           " WHERE request_id = ? AND revision = ?",
                           error);
  if (stmt == NULL)
    return NULL;

  ringi_db_bind_text (stmt, 1, request_id);
  sqlite3_bind_int64 (stmt, 2, revision);
  if (!ringi_db_step_row (self->db, stmt, error))
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, RINGI_STORE_ERROR, RINGI_STORE_ERROR_NOT_FOUND,
                     _("Revision %u of request %s is not stored on this computer"),
                     revision, request_id);
      return NULL;
    }

  data = ringi_db_column_dup_bytes (stmt, 0);
  sqlite3_reset (stmt);
  return data;
}

/**
 * ringi_store_get_n_revisions:
 * @self: a #RingiStore
 * @request_id: the request
 * @error: return location for a #GError
 *
 * Returns: the number of revisions stored, 0 on error (with @error set)
 */
guint
ringi_store_get_n_revisions (RingiStore *self,
                             const char *request_id,
                             GError **error)
{
  sqlite3_stmt *stmt;
  guint n = 0;

  g_return_val_if_fail (RINGI_IS_STORE (self), 0);

  stmt = ringi_db_prepare (self->db,
                           "SELECT count(*) FROM revisions WHERE request_id = ?",
                           error);
  if (stmt == NULL)
    return 0;

  ringi_db_bind_text (stmt, 1, request_id);
  if (ringi_db_step_row (self->db, stmt, error))
    n = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

typedef struct
{
  const char *request_id;
  GBytes *record;
  GBytes *signature;
  const char *previous_sha256;
} StampData;

static gboolean
read_chain_end (RingiStore *self,
                const char *request_id,
                guint *out_seq,
                char **out_sha256,
                GError **error)
{
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;

  stmt = ringi_db_prepare (self->db,
                           "SELECT seq, sha256 FROM stamps WHERE request_id = ? ORDER BY seq DESC LIMIT 1",
                           error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, request_id);
  *out_seq = 0;
  *out_sha256 = NULL;
  if (ringi_db_step_row (self->db, stmt, &local_error))
    {
      *out_seq = sqlite3_column_int (stmt, 0);
      *out_sha256 = ringi_db_column_dup_text (stmt, 1);
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
append_stamp_locked (RingiStore *self,
                     gconstpointer data,
                     GError **error)
{
  const StampData *s = data;
  g_autoptr(RingiStamp) stamp = NULL;
  g_autofree char *last_sha256 = NULL;
  g_autofree char *sha256 = NULL;
  sqlite3_stmt *stmt;
  guint last_seq;

  /* What the record itself says decides, not what the caller claims. */
  stamp = ringi_stamp_parse (s->record, error);
  if (stamp == NULL)
    return FALSE;

  if (!g_str_equal (ringi_stamp_get_document (stamp), s->request_id))
    {
      g_set_error (error, RINGI_STORE_ERROR, RINGI_STORE_ERROR_INVALID,
                   _("The stamp is for request %s, not for request %s"),
                   ringi_stamp_get_document (stamp), s->request_id);
      return FALSE;
    }

  if (!read_chain_end (self, s->request_id, &last_seq, &last_sha256, error))
    return FALSE;

  /* The chain grows at its end only: the stamp must name the last one. */
  if (g_strcmp0 (last_sha256, ringi_stamp_get_previous (stamp)) != 0 ||
      g_strcmp0 (last_sha256, s->previous_sha256) != 0)
    {
      g_set_error (error, RINGI_STORE_ERROR, RINGI_STORE_ERROR_CHAIN,
                   _("The stamp does not follow the last stamp of request %s; synchronise and try again"),
                   s->request_id);
      return FALSE;
    }

  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, s->record);
  stmt = ringi_db_prepare (self->db,
                           "INSERT INTO stamps (request_id, seq, record, signature, sha256)"
                           " VALUES (?, ?, ?, ?, ?)",
                           error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, s->request_id);
  sqlite3_bind_int64 (stmt, 2, last_seq + 1);
  ringi_db_bind_bytes (stmt, 3, s->record);
  ringi_db_bind_bytes (stmt, 4, s->signature);
  ringi_db_bind_text (stmt, 5, sha256);
  return ringi_db_step_done (self->db, stmt, error);
}

/**
 * ringi_store_append_stamp:
 * @self: a #RingiStore
 * @request_id: the request
 * @record: the exact signed record
 * @signature: its detached signature
 * @previous_sha256: (nullable): the `Previous:` hash the record names,
 *   %NULL for the first stamp
 * @error: return location for a #GError
 *
 * Appends a stamp at the end of a request's chain, in one transaction.
 * Refuses a stamp whose @previous_sha256 is not the chain's last stamp.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_store_append_stamp (RingiStore *self,
                          const char *request_id,
                          GBytes *record,
                          GBytes *signature,
                          const char *previous_sha256,
                          GError **error)
{
  StampData data = { request_id, record, signature, previous_sha256 };

  g_return_val_if_fail (RINGI_IS_STORE (self), FALSE);
  g_return_val_if_fail (request_id != NULL && record != NULL && signature != NULL, FALSE);

  return run_in_transaction (self, append_stamp_locked, &data, error);
}

/**
 * ringi_stored_stamp_from_row:
 * @stmt: a statement stepped to a row whose first columns are
 *   %RINGI_STORED_STAMP_COLUMNS
 *
 * Reads a stamp from a row of the profile's or the server's
 * `stamps` table, whose columns are the same: a #RingiDbRowFunc for
 * ringi_db_collect_rows().
 *
 * Returns: (transfer full): the stamp
 */
RingiStoredStamp *
ringi_stored_stamp_from_row (sqlite3_stmt *stmt)
{
  RingiStoredStamp *stamp = g_new0 (RingiStoredStamp, 1);

  stamp->seq = sqlite3_column_int (stmt, 0);
  stamp->record = ringi_db_column_dup_bytes (stmt, 1);
  stamp->signature = ringi_db_column_dup_bytes (stmt, 2);
  stamp->sha256 = ringi_db_column_dup_text (stmt, 3);
  return stamp;
}

/**
 * ringi_store_list_stamps:
 * @self: a #RingiStore
 * @request_id: the request
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type RingiStoredStamp): the
 *   stamps in chain order, or %NULL with @error set
 */
GPtrArray *
ringi_store_list_stamps (RingiStore *self,
                         const char *request_id,
                         GError **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RINGI_IS_STORE (self), NULL);
  g_return_val_if_fail (request_id != NULL, NULL);

  stmt = ringi_db_prepare (self->db,
                           "SELECT " RINGI_STORED_STAMP_COLUMNS " FROM stamps"
                           " WHERE request_id = ? ORDER BY seq",
                           error);
  if (stmt == NULL)
    return NULL;

  ringi_db_bind_text (stmt, 1, request_id);
  return ringi_db_collect_rows (self->db, stmt, (RingiDbRowFunc) ringi_stored_stamp_from_row,
                                (GDestroyNotify) ringi_stored_stamp_free, error);
}

gboolean
ringi_store_add_delegation (RingiStore *self,
                            const RingiStoredDelegation *delegation,
                            GError **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RINGI_IS_STORE (self), FALSE);
  g_return_val_if_fail (delegation != NULL && delegation->id != NULL, FALSE);

  stmt = ringi_db_prepare (self->db,
                           "INSERT INTO delegations (id, from_login, to_login, valid_from,"
                           " valid_until, record, signature) VALUES (?, ?, ?, ?, ?, ?, ?)"
                           " ON CONFLICT (id) DO NOTHING",
                           error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, delegation->id);
  ringi_db_bind_text (stmt, 2, delegation->from_login);
  ringi_db_bind_text (stmt, 3, delegation->to_login);
  ringi_db_bind_text (stmt, 4, delegation->valid_from);
  ringi_db_bind_text (stmt, 5, delegation->valid_until);
  ringi_db_bind_bytes (stmt, 6, delegation->record);
  ringi_db_bind_bytes (stmt, 7, delegation->signature);
  return ringi_db_step_done (self->db, stmt, error);
}

/**
 * ringi_stored_delegation_from_row:
 * @stmt: a statement stepped to a row whose first columns are
 *   %RINGI_STORED_DELEGATION_COLUMNS
 *
 * Reads a delegation from a row of the profile's or the server's
 * `delegations` table, whose columns are the same: a #RingiDbRowFunc for
 * ringi_db_collect_rows().
 *
 * Returns: (transfer full): the delegation
 */
RingiStoredDelegation *
ringi_stored_delegation_from_row (sqlite3_stmt *stmt)
{
  RingiStoredDelegation *d = g_new0 (RingiStoredDelegation, 1);

  d->id = ringi_db_column_dup_text (stmt, 0);
  d->from_login = ringi_db_column_dup_text (stmt, 1);
  d->to_login = ringi_db_column_dup_text (stmt, 2);
  d->valid_from = ringi_db_column_dup_text (stmt, 3);
  d->valid_until = ringi_db_column_dup_text (stmt, 4);
  d->record = ringi_db_column_dup_bytes (stmt, 5);
  d->signature = ringi_db_column_dup_bytes (stmt, 6);
  return d;
}

/**
 * ringi_store_list_delegations:
 * @self: a #RingiStore
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type RingiStoredDelegation): every
 *   delegation known to this profile, or %NULL with @error set
 */
GPtrArray *
ringi_store_list_delegations (RingiStore *self,
                              GError **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RINGI_IS_STORE (self), NULL);

  stmt = ringi_db_prepare (self->db,
                           "SELECT " RINGI_STORED_DELEGATION_COLUMNS
                           " FROM delegations ORDER BY valid_from, id",
                           error);
  if (stmt == NULL)
    return NULL;

  return ringi_db_collect_rows (self->db, stmt, (RingiDbRowFunc) ringi_stored_delegation_from_row,
                                (GDestroyNotify) ringi_stored_delegation_free, error);
}

/**
 * ringi_store_has_stamp:
 * @self: a #RingiStore
 * @sha256: the sha256 of a stamp record
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the stamp is in a chain here; %FALSE if not, or on
 *   error (then @error is set)
 */
gboolean
ringi_store_has_stamp (RingiStore *self,
                       const char *sha256,
                       GError **error)
{
  sqlite3_stmt *stmt;
  gboolean found;

  g_return_val_if_fail (RINGI_IS_STORE (self), FALSE);
  g_return_val_if_fail (sha256 != NULL, FALSE);

  stmt = ringi_db_prepare (self->db, "SELECT 1 FROM stamps WHERE sha256 = ?", error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, sha256);
  found = ringi_db_step_row (self->db, stmt, error);
  sqlite3_reset (stmt);
  return found;
}

/**
 * ringi_store_put_receipt:
 * @self: a #RingiStore
 * @stamp_sha256: the stamp the server accepted; it must be stored
 * @record: the receipt record's exact bytes
 * @signature: the server's detached signature of @record
 * @error: return location for a #GError
 *
 * Keeps the server's receipt of a stamp. A stamp has one receipt: a
 * second one for the same stamp is ignored.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_store_put_receipt (RingiStore *self,
                         const char *stamp_sha256,
                         GBytes *record,
                         GBytes *signature,
                         GError **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RINGI_IS_STORE (self), FALSE);
  g_return_val_if_fail (stamp_sha256 != NULL && record != NULL && signature != NULL, FALSE);

  stmt = ringi_db_prepare (self->db,
                           "INSERT INTO receipts (stamp_sha256, record, signature) VALUES (?, ?, ?)"
                           " ON CONFLICT (stamp_sha256) DO NOTHING",
                           error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, stamp_sha256);
  ringi_db_bind_bytes (stmt, 2, record);
  ringi_db_bind_bytes (stmt, 3, signature);
  return ringi_db_step_done (self->db, stmt, error);
}

/**
 * ringi_store_get_receipt:
 * @self: a #RingiStore
 * @stamp_sha256: the stamp
 * @out_signature: (out) (transfer full): the receipt's signature
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the receipt record, or %NULL with @error set
 *   (%RINGI_STORE_ERROR_NOT_FOUND when the stamp has none yet)
 */
GBytes *
ringi_store_get_receipt (RingiStore *self,
                         const char *stamp_sha256,
                         GBytes **out_signature,
                         GError **error)
{
  sqlite3_stmt *stmt;
  GBytes *record;

  g_return_val_if_fail (RINGI_IS_STORE (self), NULL);
  g_return_val_if_fail (stamp_sha256 != NULL && out_signature != NULL, NULL);

  stmt = ringi_db_prepare (self->db,
                           "SELECT record, signature FROM receipts WHERE stamp_sha256 = ?",
                           error);
  if (stmt == NULL)
    return NULL;

  ringi_db_bind_text (stmt, 1, stamp_sha256);
  if (!ringi_db_step_row (self->db, stmt, error))
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, RINGI_STORE_ERROR, RINGI_STORE_ERROR_NOT_FOUND,
                     _("The server’s receipt of stamp %s is not stored on this computer"), stamp_sha256);
      return NULL;
    }

  record = ringi_db_column_dup_bytes (stmt, 0);
  *out_signature = ringi_db_column_dup_bytes (stmt, 1);
  sqlite3_reset (stmt);
  return record;
}

/**
 * ringi_store_put_comment:
 * @self: a #RingiStore
 * @comment: a comment, valid UTF-8
 * @error: return location for a #GError
 *
 * Keeps a comment under the sha256 a stamp's `Comment-SHA256` names.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_store_put_comment (RingiStore *self,
                         const char *comment,
                         GError **error)
{
  g_autofree char *sha256 = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RINGI_IS_STORE (self), FALSE);
  g_return_val_if_fail (comment != NULL, FALSE);

  if (!g_utf8_validate (comment, -1, NULL))
    {
      g_set_error_literal (error, RINGI_STORE_ERROR, RINGI_STORE_ERROR_INVALID,
                           _("A comment must be UTF-8 text"));
      return FALSE;
    }

  sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, comment, -1);
  stmt = ringi_db_prepare (self->db,
                           "INSERT INTO comments (sha256, text) VALUES (?, ?) ON CONFLICT (sha256) DO NOTHING",
                           error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, sha256);
  ringi_db_bind_text (stmt, 2, comment);
  return ringi_db_step_done (self->db, stmt, error);
}

/**
 * ringi_store_get_comment:
 * @self: a #RingiStore
 * @sha256: a stamp's `Comment-SHA256`
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the comment, or %NULL with @error set
 */
char *
ringi_store_get_comment (RingiStore *self,
                         const char *sha256,
                         GError **error)
{
  sqlite3_stmt *stmt;
  char *text;

  g_return_val_if_fail (RINGI_IS_STORE (self), NULL);
  g_return_val_if_fail (sha256 != NULL, NULL);

  stmt = ringi_db_prepare (self->db, "SELECT text FROM comments WHERE sha256 = ?", error);
  if (stmt == NULL)
    return NULL;

  ringi_db_bind_text (stmt, 1, sha256);
  if (!ringi_db_step_row (self->db, stmt, error))
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, RINGI_STORE_ERROR, RINGI_STORE_ERROR_NOT_FOUND,
                     _("The comment %s is not stored on this computer"), sha256);
      return NULL;
    }

  text = ringi_db_column_dup_text (stmt, 0);
  sqlite3_reset (stmt);
  return text;
}

static gboolean
put_profile_value (RingiStore *self,
                   const char *key,
                   const char *value,
                   GError **error)
{
  sqlite3_stmt *stmt;

  stmt = ringi_db_prepare (self->db,
                           "INSERT INTO profile (key, value) VALUES (?, ?)"
                           " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                           error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, key);
  ringi_db_bind_text (stmt, 2, value);
  return ringi_db_step_done (self->db, stmt, error);
}

static char *
get_profile_value (RingiStore *self,
                   const char *key,
                   GError **error)
{
  char *value = NULL;

  ringi_db_query_text (self->db, "SELECT value FROM profile WHERE key = ?", key, &value, error);
  return value;
}

/**
 * ringi_store_put_server_key:
 * @self: a #RingiStore
 * @fingerprint: the fingerprint of the key the server signs receipts with
 * @public_key: that key, ASCII-armoured
 * @error: return location for a #GError
 *
 * Keeps the server's receipt key, for evidence bundles.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_store_put_server_key (RingiStore *self,
                            const char *fingerprint,
                            GBytes *public_key,
                            GError **error)
{
  g_autofree char *armored = NULL;

  g_return_val_if_fail (RINGI_IS_STORE (self), FALSE);
  g_return_val_if_fail (fingerprint != NULL && public_key != NULL, FALSE);

  armored = g_strndup (g_bytes_get_data (public_key, NULL), g_bytes_get_size (public_key));
  return put_profile_value (self, "server-fingerprint", fingerprint, error) &&
         put_profile_value (self, "server-public-key", armored, error);
}

/**
 * ringi_store_put_time_out:
 * @self: a #RingiStore
 * @time_out: the organisation's 中抜け option as the server says it,
 *   `not-work` or `work`
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_store_put_time_out (RingiStore *self,
                          const char *time_out,
                          GError **error)
{
  g_return_val_if_fail (RINGI_IS_STORE (self), FALSE);
  g_return_val_if_fail (time_out != NULL, FALSE);

  return put_profile_value (self, "attendance-time-out", time_out, error);
}

/**
 * ringi_store_dup_time_out:
 * @self: a #RingiStore
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the organisation's 中抜け option,
 *   or %NULL (without @error) before the directory told it
 */
char *
ringi_store_dup_time_out (RingiStore *self,
                          GError **error)
{
  g_return_val_if_fail (RINGI_IS_STORE (self), NULL);

  return get_profile_value (self, "attendance-time-out", error);
}

/**
 * ringi_store_get_server_key:
 * @self: a #RingiStore
 * @out_fingerprint: (out) (transfer full): the server key's fingerprint
 * @out_public_key: (out) (transfer full): the key, ASCII-armoured
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the key is known here; %FALSE with
 *   %RINGI_STORE_ERROR_NOT_FOUND before the directory was synced
 */
gboolean
ringi_store_get_server_key (RingiStore *self,
                            char **out_fingerprint,
                            GBytes **out_public_key,
                            GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *fingerprint = NULL;
  char *armored = NULL;

  g_return_val_if_fail (RINGI_IS_STORE (self), FALSE);
  g_return_val_if_fail (out_fingerprint != NULL && out_public_key != NULL, FALSE);

  fingerprint = get_profile_value (self, "server-fingerprint", &local_error);
  if (fingerprint != NULL)
    armored = get_profile_value (self, "server-public-key", &local_error);

  if (armored == NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error_literal (error, RINGI_STORE_ERROR, RINGI_STORE_ERROR_NOT_FOUND,
                             _("The server’s receipt key is not known on this computer; synchronise first"));
      return FALSE;
    }

  *out_fingerprint = g_steal_pointer (&fingerprint);
  *out_public_key = g_bytes_new_take (armored, strlen (armored));
  return TRUE;
}
