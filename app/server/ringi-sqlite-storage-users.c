/* ringi-sqlite-storage-users.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-sqlite-storage"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ringi-sqlite-storage-private.h"

/* The directory: users, their keys, enrollment codes, login challenges,
 * tokens and route templates. */

/* A token's last use is written at most this often: an idle expiry of an
 * hour does not need a disk write on every request. */
#define TOKEN_TOUCH_SECONDS 60

/* Users */

void
ringi_sqlite_storage_set_not_found (GError **error,
                                    const char *login)
{
  g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND,
               _("There is no user “%s”"), login);
}

gboolean
ringi_sqlite_storage_user_exists (RingiSqliteStorage *self,
                                  const char *login,
                                  gboolean *out_exists,
                                  GError **error)
{
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt = prepare (self, "SELECT 1 FROM users WHERE login = ?", error);

  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, login);
  *out_exists = ringi_db_step_row (self->db, stmt, &local_error);
  sqlite3_reset (stmt);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_new_user (RingiSqliteStorage *self,
                const RingiUser *user,
                GError **error)
{
  gboolean exists;

  if (!ringi_sqlite_storage_user_exists (self, user->login, &exists, error))
    return FALSE;
  if (exists)
    {
      g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_EXISTS,
                   _("There is already a user “%s”"), user->login);
      return FALSE;
    }

  if (user->manager == NULL)
    return TRUE;

  if (!ringi_sqlite_storage_user_exists (self, user->manager, &exists, error))
    return FALSE;
  if (!exists)
    {
      g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_INVALID,
                   _("There is no user “%s” to be the manager of “%s”"),
                   user->manager, user->login);
      return FALSE;
    }

  return TRUE;
}

static gboolean
insert_user (RingiSqliteStorage *self,
             const RingiUser *user,
             gint64 now,
             GError **error)
{
  sqlite3_stmt *stmt;

  stmt = prepare (self,
                  "INSERT INTO users (login, display_name, seal_name, department, role,"
                  " manager, disabled, created_at, employee_class) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, user->login);
  ringi_db_bind_text (stmt, 2, user->display_name ? user->display_name : user->login);
  ringi_db_bind_text (stmt, 3, user->seal_name ? user->seal_name : "");
  ringi_db_bind_text (stmt, 4, user->department ? user->department : "");
  ringi_db_bind_text (stmt, 5, user->role ? user->role : "staff");
  ringi_db_bind_text (stmt, 6, user->manager);
  sqlite3_bind_int (stmt, 7, user->disabled ? 1 : 0);
  sqlite3_bind_int64 (stmt, 8, now);
  ringi_db_bind_text (stmt, 9, user->employee_class ? user->employee_class : "general");
  return step_done (self, stmt, error);
}

gboolean
ringi_sqlite_storage_add_user (RingiServerStorage *storage,
                               const RingiUser *user,
                               gint64 now,
                               GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  gboolean owned, ok;

  if (!write_begin (self, &owned, error))
    return FALSE;

  ok = check_new_user (self, user, error) &&
       insert_user (self, user, now, error) &&
       insert_change (self, "user", NULL, user->login, NULL, now, error) > 0;
  return write_end (self, owned, ok, error);
}

RingiUser *
ringi_sqlite_storage_get_user (RingiServerStorage *storage,
                               const char *login,
                               GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;
  RingiUser *user;

  stmt = prepare (self, "SELECT " RINGI_USER_COLUMNS " FROM users WHERE login = ?", error);
  if (stmt == NULL)
    return NULL;

  ringi_db_bind_text (stmt, 1, login);
  if (!ringi_db_step_row (self->db, stmt, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        ringi_sqlite_storage_set_not_found (error, login);
      return NULL;
    }

  user = ringi_user_from_row (stmt);
  sqlite3_reset (stmt);
  return user;
}

GPtrArray *
ringi_sqlite_storage_list_users (RingiServerStorage *storage,
                                 GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  sqlite3_stmt *stmt;

  stmt = prepare (self, "SELECT " RINGI_USER_COLUMNS " FROM users ORDER BY login", error);
  if (stmt == NULL)
    return NULL;

  return ringi_db_collect_rows (self->db, stmt, (RingiDbRowFunc) ringi_user_from_row,
                                (GDestroyNotify) ringi_user_free, error);
}

static gboolean
delete_sessions (RingiSqliteStorage *self,
                 const char *login,
                 GError **error)
{
  sqlite3_stmt *stmt = prepare (self, "DELETE FROM tokens WHERE login = ?", error);

  if (stmt == NULL)
    return FALSE;
  ringi_db_bind_text (stmt, 1, login);
  if (!step_done (self, stmt, error))
    return FALSE;

  stmt = prepare (self, "DELETE FROM login_nonces WHERE login = ?", error);
  if (stmt == NULL)
    return FALSE;
  ringi_db_bind_text (stmt, 1, login);
  return step_done (self, stmt, error);
}

static gboolean
update_disabled (RingiSqliteStorage *self,
                 const char *login,
                 gboolean disabled,
                 GError **error)
{
  sqlite3_stmt *stmt = prepare (self, "UPDATE users SET disabled = ? WHERE login = ?", error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int (stmt, 1, disabled ? 1 : 0);
  ringi_db_bind_text (stmt, 2, login);
  if (!step_done (self, stmt, error))
    return FALSE;

  if (n_changed_rows (self) == 0)
    {
      ringi_sqlite_storage_set_not_found (error, login);
      return FALSE;
    }

  return TRUE;
}

gboolean
ringi_sqlite_storage_set_user_disabled (RingiServerStorage *storage,
                                        const char *login,
                                        gboolean disabled,
                                        gint64 now,
                                        GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  gboolean owned, ok;

  if (!write_begin (self, &owned, error))
    return FALSE;

  ok = update_disabled (self, login, disabled, error) &&
       (!disabled || delete_sessions (self, login, error)) &&
       insert_change (self, "user", NULL, login, NULL, now, error) > 0;
  return write_end (self, owned, ok, error);
}

/* Keys */

static gboolean
is_fingerprint (const char *text)
{
  if (strlen (text) != 40)
    return FALSE;

  for (const char *p = text; *p; p++)
    if (!g_ascii_isxdigit (*p))
      return FALSE;

  return TRUE;
}

static gboolean
check_key_free (RingiSqliteStorage *self,
                const char *login,
                const char *fingerprint,
                GError **error)
{
  g_autofree char *revoked_for = NULL;
  g_autofree char *bound_to = NULL;

  if (!ringi_db_query_text (self->db, "SELECT login FROM revoked_keys WHERE fingerprint = ?",
                            fingerprint, &revoked_for, error) ||
      !ringi_db_query_text (self->db, "SELECT login FROM users WHERE fingerprint = ?",
                            fingerprint, &bound_to, error))
    return FALSE;

  if (revoked_for != NULL)
    {
      g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_INVALID,
                   _("The key %s was revoked; enroll with a new key"), fingerprint);
      return FALSE;
    }

  if (bound_to != NULL && !g_str_equal (bound_to, login))
    {
      g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_EXISTS,
                   _("The key %s already belongs to another user"), fingerprint);
      return FALSE;
    }

  return TRUE;
}

static gboolean
update_key (RingiSqliteStorage *self,
            const char *login,
            const char *fingerprint,
            GBytes *public_key,
            GError **error)
{
  g_autoptr(RingiUser) user = ringi_sqlite_storage_get_user (RINGI_SERVER_STORAGE (self), login, error);
  sqlite3_stmt *stmt;

  if (user == NULL)
    return FALSE;

  if (user->fingerprint != NULL)
    {
      if (g_str_equal (user->fingerprint, fingerprint))
        return TRUE;

      g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_EXISTS,
                   _("“%s” already has a key; reset the user to bind another one"), login);
      return FALSE;
    }

  stmt = prepare (self, "UPDATE users SET fingerprint = ?, public_key = ? WHERE login = ?", error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, fingerprint);
  ringi_db_bind_bytes (stmt, 2, public_key);
  ringi_db_bind_text (stmt, 3, login);
  return step_done (self, stmt, error);
}

gboolean
ringi_sqlite_storage_bind_key (RingiServerStorage *storage,
                               const char *login,
                               const char *fingerprint,
                               GBytes *public_key,
                               gint64 now,
                               GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  g_autofree char *upper = g_ascii_strup (fingerprint, -1);
  gboolean owned, ok;

  if (!is_fingerprint (upper))
    {
      g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_INVALID,
                   _("“%s” is not an OpenPGP fingerprint"), fingerprint);
      return FALSE;
    }

  if (!write_begin (self, &owned, error))
    return FALSE;

  ok = check_key_free (self, login, upper, error) &&
       update_key (self, login, upper, public_key, error) &&
       insert_change (self, "user", NULL, login, NULL, now, error) > 0;
  return write_end (self, owned, ok, error);
}

static gboolean
move_key_to_revoked (RingiSqliteStorage *self,
                     const RingiUser *user,
                     gint64 now,
                     GError **error)
{
  sqlite3_stmt *stmt;

  stmt = prepare (self,
                  "INSERT INTO revoked_keys (fingerprint, login, public_key, revoked_at)"
                  " VALUES (?, ?, ?, ?)",
                  error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, user->fingerprint);
  ringi_db_bind_text (stmt, 2, user->login);
  ringi_db_bind_bytes (stmt, 3, user->public_key);
  sqlite3_bind_int64 (stmt, 4, now);
  if (!step_done (self, stmt, error))
    return FALSE;

  stmt = prepare (self, "UPDATE users SET fingerprint = NULL, public_key = NULL WHERE login = ?", error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, user->login);
  return step_done (self, stmt, error);
}

static gboolean
revoke_locked (RingiSqliteStorage *self,
               const char *login,
               gint64 now,
               GError **error)
{
  g_autoptr(RingiUser) user = ringi_sqlite_storage_get_user (RINGI_SERVER_STORAGE (self), login, error);

  if (user == NULL)
    return FALSE;

  if (user->fingerprint != NULL && !move_key_to_revoked (self, user, now, error))
    return FALSE;

  return delete_sessions (self, login, error) &&
         insert_change (self, "user", NULL, login, NULL, now, error) > 0;
}

gboolean
ringi_sqlite_storage_revoke_key (RingiServerStorage *storage,
                                 const char *login,
                                 gint64 now,
                                 GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  gboolean owned;

  if (!write_begin (self, &owned, error))
    return FALSE;

  return write_end (self, owned, revoke_locked (self, login, now, error), error);
}

/* Enrollment codes */

gboolean
ringi_sqlite_storage_set_enrollment_code (RingiServerStorage *storage,
                                          const char *login,
                                          const char *code_sha256,
                                          gint64 expires_at,
                                          GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  sqlite3_stmt *stmt;
  gboolean exists;

  if (!ringi_sqlite_storage_user_exists (self, login, &exists, error))
    return FALSE;
  if (!exists)
    {
      ringi_sqlite_storage_set_not_found (error, login);
      return FALSE;
    }

  stmt = prepare (self,
                  "INSERT INTO enrollment_codes (login, code_sha256, expires_at) VALUES (?, ?, ?)"
                  " ON CONFLICT (login) DO UPDATE SET"
                  " code_sha256 = excluded.code_sha256, expires_at = excluded.expires_at",
                  error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, login);
  ringi_db_bind_text (stmt, 2, code_sha256);
  sqlite3_bind_int64 (stmt, 3, expires_at);
  return step_done (self, stmt, error);
}

static gboolean
delete_enrollment_code (RingiSqliteStorage *self,
                        const char *login,
                        GError **error)
{
  sqlite3_stmt *stmt = prepare (self, "DELETE FROM enrollment_codes WHERE login = ?", error);

  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, login);
  return step_done (self, stmt, error);
}

static gboolean
check_enrollment_code (RingiSqliteStorage *self,
                       const char *login,
                       const char *code_sha256,
                       gint64 now,
                       GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *stored = NULL;
  gint64 expires_at = 0;
  gboolean disabled = FALSE;
  sqlite3_stmt *stmt;

  stmt = prepare (self,
                  "SELECT c.code_sha256, c.expires_at, u.disabled FROM enrollment_codes c"
                  " JOIN users u ON u.login = c.login WHERE c.login = ?",
                  error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, login);
  if (ringi_db_step_row (self->db, stmt, &local_error))
    {
      stored = ringi_db_column_dup_text (stmt, 0);
      expires_at = sqlite3_column_int64 (stmt, 1);
      disabled = sqlite3_column_int (stmt, 2) != 0;
      sqlite3_reset (stmt);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (stored == NULL || !g_str_equal (stored, code_sha256))
    g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND,
                 _("This is not the enrollment code of “%s”"), login);
  else if (disabled)
    g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_DISABLED,
                 _("The user “%s” is disabled"), login);
  else if (now >= expires_at)
    g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_EXPIRED,
                 _("The enrollment code of “%s” has expired; ask for a new one"), login);
  else
    return TRUE;

  return FALSE;
}

gboolean
ringi_sqlite_storage_redeem_enrollment_code (RingiServerStorage *storage,
                                             const char *login,
                                             const char *code_sha256,
                                             gint64 now,
                                             GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  gboolean owned, ok;

  if (!write_begin (self, &owned, error))
    return FALSE;

  ok = check_enrollment_code (self, login, code_sha256, now, error) &&
       delete_enrollment_code (self, login, error);
  return write_end (self, owned, ok, error);
}

gboolean
ringi_sqlite_storage_check_enrollment_code (RingiServerStorage *storage,
                                            const char *login,
                                            const char *code_sha256,
                                            gint64 now,
                                            GError **error)
{
  return check_enrollment_code (RINGI_SQLITE_STORAGE (storage), login, code_sha256, now, error);
}

/* Login challenges */

gboolean
ringi_sqlite_storage_add_login_nonce (RingiServerStorage *storage,
                                      const char *nonce,
                                      const char *login,
                                      gint64 expires_at,
                                      GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  sqlite3_stmt *stmt;

  stmt = prepare (self, "INSERT INTO login_nonces (nonce, login, expires_at) VALUES (?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, nonce);
  ringi_db_bind_text (stmt, 2, login);
  sqlite3_bind_int64 (stmt, 3, expires_at);
  return step_done (self, stmt, error);
}

static gboolean
delete_expired_nonces (RingiSqliteStorage *self,
                       gint64 now,
                       GError **error)
{
  sqlite3_stmt *stmt = prepare (self, "DELETE FROM login_nonces WHERE expires_at <= ?", error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, now);
  return step_done (self, stmt, error);
}

static gboolean
delete_nonce (RingiSqliteStorage *self,
              const char *nonce,
              const char *login,
              GError **error)
{
  sqlite3_stmt *stmt = prepare (self, "DELETE FROM login_nonces WHERE nonce = ? AND login = ?", error);

  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, nonce);
  ringi_db_bind_text (stmt, 2, login);
  if (!step_done (self, stmt, error))
    return FALSE;

  if (n_changed_rows (self) == 0)
    {
      g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND,
                   _("Unknown or expired login challenge for “%s”"), login);
      return FALSE;
    }

  return TRUE;
}

gboolean
ringi_sqlite_storage_take_login_nonce (RingiServerStorage *storage,
                                       const char *nonce,
                                       const char *login,
                                       gint64 now,
                                       GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  gboolean owned, ok;

  if (!write_begin (self, &owned, error))
    return FALSE;

  /* Expired challenges go first, so that an expired one is "not found". */
  ok = delete_expired_nonces (self, now, error) &&
       delete_nonce (self, nonce, login, error);
  return write_end (self, owned, ok, error);
}

/* Tokens */

static gboolean
check_user_active (RingiSqliteStorage *self,
                   const char *login,
                   GError **error)
{
  g_autoptr(RingiUser) user = ringi_sqlite_storage_get_user (RINGI_SERVER_STORAGE (self), login, error);

  if (user == NULL)
    return FALSE;

  if (user->disabled)
    {
      g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_DISABLED,
                   _("The user “%s” is disabled"), login);
      return FALSE;
    }

  return TRUE;
}

gboolean
ringi_sqlite_storage_add_token (RingiServerStorage *storage,
                                const char *token_sha256,
                                const char *login,
                                gint64 now,
                                gint64 expires_at,
                                GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  sqlite3_stmt *stmt;

  if (!check_user_active (self, login, error))
    return FALSE;

  stmt = prepare (self,
                  "INSERT INTO tokens (token_sha256, login, created_at, last_used_at, expires_at)"
                  " VALUES (?, ?, ?, ?, ?)",
                  error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, token_sha256);
  ringi_db_bind_text (stmt, 2, login);
  sqlite3_bind_int64 (stmt, 3, now);
  sqlite3_bind_int64 (stmt, 4, now);
  sqlite3_bind_int64 (stmt, 5, expires_at);
  return step_done (self, stmt, error);
}

gboolean
ringi_sqlite_storage_delete_token (RingiServerStorage *storage,
                                   const char *token_sha256,
                                   GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  sqlite3_stmt *stmt = prepare (self, "DELETE FROM tokens WHERE token_sha256 = ?", error);

  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, token_sha256);
  return step_done (self, stmt, error);
}

static gboolean
touch_token (RingiSqliteStorage *self,
             const char *token_sha256,
             gint64 now,
             GError **error)
{
  sqlite3_stmt *stmt = prepare (self, "UPDATE tokens SET last_used_at = ? WHERE token_sha256 = ?", error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, now);
  ringi_db_bind_text (stmt, 2, token_sha256);
  return step_done (self, stmt, error);
}

typedef struct
{
  char *login;
  gint64 last_used_at;
  gint64 expires_at;
  gboolean disabled;
} TokenRow;

static gboolean
read_token (RingiSqliteStorage *self,
            const char *token_sha256,
            TokenRow *row,
            GError **error)
{
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;

  stmt = prepare (self,
                  "SELECT t.login, t.last_used_at, t.expires_at, u.disabled FROM tokens t"
                  " JOIN users u ON u.login = t.login WHERE t.token_sha256 = ?",
                  error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, token_sha256);
  if (!ringi_db_step_row (self->db, stmt, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND,
                     _("Unknown token"));
      return FALSE;
    }

  row->login = ringi_db_column_dup_text (stmt, 0);
  row->last_used_at = sqlite3_column_int64 (stmt, 1);
  row->expires_at = sqlite3_column_int64 (stmt, 2);
  row->disabled = sqlite3_column_int (stmt, 3) != 0;
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
check_token (RingiSqliteStorage *self,
             const char *token_sha256,
             const TokenRow *row,
             gint64 now,
             gint64 idle_seconds,
             GError **error)
{
  if (row->disabled)
    g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_DISABLED,
                 _("The user “%s” is disabled"), row->login);
  else if (now >= row->expires_at || now - row->last_used_at > idle_seconds)
    g_set_error (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_EXPIRED,
                 _("The session has expired; log in again"));
  else if (now - row->last_used_at >= TOKEN_TOUCH_SECONDS)
    return touch_token (self, token_sha256, now, error);
  else
    return TRUE;

  /* A dead token is of no use to anyone; deleting it keeps the table small. */
  ringi_sqlite_storage_delete_token (RINGI_SERVER_STORAGE (self), token_sha256, NULL);
  return FALSE;
}

/* Reads need no transaction of their own: the one row read is
 * consistent, and a touch or a deletion is a single statement. */
char *
ringi_sqlite_storage_lookup_token (RingiServerStorage *storage,
                                   const char *token_sha256,
                                   gint64 now,
                                   gint64 idle_seconds,
                                   GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  TokenRow row = { NULL, 0, 0, FALSE };

  if (!read_token (self, token_sha256, &row, error))
    return NULL;

  if (!check_token (self, token_sha256, &row, now, idle_seconds, error))
    g_clear_pointer (&row.login, g_free);

  return row.login;
}

/* Route templates */

static gboolean
upsert_route_template (RingiSqliteStorage *self,
                       const RingiRouteTemplate *route_template,
                       GError **error)
{
  sqlite3_stmt *stmt;

  stmt = prepare (self,
                  "INSERT INTO route_templates (category, min_amount, route) VALUES (?, ?, ?)"
                  " ON CONFLICT (category, min_amount) DO UPDATE SET route = excluded.route",
                  error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, route_template->category);
  sqlite3_bind_int64 (stmt, 2, MAX (route_template->min_amount, 0));
  ringi_db_bind_text (stmt, 3, route_template->route);
  return step_done (self, stmt, error);
}

gboolean
ringi_sqlite_storage_put_route_template (RingiServerStorage *storage,
                                         const RingiRouteTemplate *route_template,
                                         gint64 now,
                                         GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  gboolean owned, ok;

  if (!write_begin (self, &owned, error))
    return FALSE;

  ok = upsert_route_template (self, route_template, error) &&
       insert_change (self, "route-template", NULL, route_template->category, NULL, now, error) > 0;
  return write_end (self, owned, ok, error);
}

static RingiRouteTemplate *
route_template_from_row (sqlite3_stmt *stmt)
{
  RingiRouteTemplate *route_template = g_new0 (RingiRouteTemplate, 1);

  route_template->category = ringi_db_column_dup_text (stmt, 0);
  route_template->min_amount = sqlite3_column_int64 (stmt, 1);
  route_template->route = ringi_db_column_dup_text (stmt, 2);
  return route_template;
}

GPtrArray *
ringi_sqlite_storage_list_route_templates (RingiServerStorage *storage,
                                           GError **error)
{
  RingiSqliteStorage *self = RINGI_SQLITE_STORAGE (storage);
  sqlite3_stmt *stmt;

  stmt = prepare (self,
                  "SELECT category, min_amount, route FROM route_templates"
                  " ORDER BY category, min_amount",
                  error);
  if (stmt == NULL)
    return NULL;

  return ringi_db_collect_rows (self->db, stmt, (RingiDbRowFunc) route_template_from_row,
                                (GDestroyNotify) ringi_route_template_free, error);
}
