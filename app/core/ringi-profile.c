/* ringi-profile.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-profile"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ringi-profile.h"

/* gpg-agent binds its sockets in the key folder when there is no
 * /run/user; a socket path longer than sun_path (108 bytes on Linux) fails
 * to bind. The longest socket name is "S.gpg-agent.browser"; keep a margin. */
#define SOCKET_PATH_MAX 100
#define LONGEST_SOCKET  "/S.gpg-agent.browser"

/* A folder of short links lives here when the key folder's own path is
 * too long; kept short on purpose. */
#define SHORT_BASE_MAX 40

struct _RingiProfile
{
  GObject parent_instance;

  char *dir;
  RingiStore *store;
  RingiKeyring *keyring;
  RingiOutbox *outbox;
};

G_DEFINE_FINAL_TYPE (RingiProfile, ringi_profile, G_TYPE_OBJECT)
G_DEFINE_QUARK (ringi-profile-error-quark, ringi_profile_error)

static void
ringi_profile_dispose (GObject *object)
{
  RingiProfile *self = (RingiProfile *) object;

  g_clear_object (&self->outbox);
  g_clear_object (&self->keyring);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ringi_profile_parent_class)->dispose (object);
}

static void
ringi_profile_finalize (GObject *object)
{
  RingiProfile *self = (RingiProfile *) object;

  g_clear_pointer (&self->dir, g_free);

  G_OBJECT_CLASS (ringi_profile_parent_class)->finalize (object);
}

static void
ringi_profile_class_init (RingiProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ringi_profile_dispose;
  object_class->finalize = ringi_profile_finalize;
}

static void
ringi_profile_init (RingiProfile *self)
{
}

void
ringi_sync_settings_free (RingiSyncSettings *settings)
{
  if (settings == NULL)
    return;

  g_free (settings->server_url);
  g_free (settings->ca_file);
  g_free (settings->login);
  g_free (settings->fingerprint);
  g_free (settings->token);
  g_free (settings->token_expires_at);
  g_free (settings->directory_synced_at);
  g_free (settings);
}

/**
 * ringi_profile_dup_default_dir:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/ringi/profile`, the profile the
 *   desktop app and ringi-cli use unless told otherwise
 */
char *
ringi_profile_dup_default_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "ringi", "profile", NULL);
}

static void set_errno_error (GError **error,
                             int saved_errno,
                             const char *format,
                             ...) G_GNUC_PRINTF (3, 4);

static void
set_errno_error (GError **error,
                 int saved_errno,
                 const char *format,
                 ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, RINGI_PROFILE_ERROR, RINGI_PROFILE_ERROR_FAILED,
               "%s (%s)", what, g_strerror (saved_errno));
}

static const char *
short_base_dir (void)
{
  const char *runtime = g_getenv ("XDG_RUNTIME_DIR");
  const char *tmp = g_get_tmp_dir ();

  if (runtime != NULL && g_path_is_absolute (runtime) && strlen (runtime) < SHORT_BASE_MAX &&
      g_file_test (runtime, G_FILE_TEST_IS_DIR))
    return runtime;
  if (g_path_is_absolute (tmp) && strlen (tmp) < SHORT_BASE_MAX)
    return tmp;
  return "/tmp";
}

/* Our own folder in a shared place: it must be a real folder, ours, that
 * nobody else may enter, or a link in it could be planted by someone. */
static char *
make_private_dir (GError **error)
{
  g_autofree char *name = g_strdup_printf ("ringi-%u", (guint) getuid ());
  g_autofree char *path = g_build_filename (short_base_dir (), name, NULL);
  struct stat st;

  if (g_mkdir (path, 0700) != 0 && errno != EEXIST)
    {
      int saved_errno = errno;

      set_errno_error (error, saved_errno, _("Could not create the folder “%s”"), path);
      return NULL;
    }

  if (lstat (path, &st) != 0)
    {
      int saved_errno = errno;

      set_errno_error (error, saved_errno, _("Could not inspect the folder “%s”"), path);
      return NULL;
    }

  if (!S_ISDIR (st.st_mode) || st.st_uid != getuid () || (st.st_mode & 077) != 0)
    {
      g_set_error (error, RINGI_PROFILE_ERROR, RINGI_PROFILE_ERROR_FAILED,
                   _("The folder “%s” is not private to you; remove it and try again"), path);
      return NULL;
    }

  return g_steal_pointer (&path);
}

static gboolean
link_points_to (const char *link,
                const char *target)
{
  g_autofree char *current = g_file_read_link (link, NULL);

  return current != NULL && g_str_equal (current, target);
}

/* A short name for a key folder whose path is too long for gpg-agent's
 * sockets: a link in a private folder, named after the target, so that
 * every run of every program finds the same agent. */
static char *
short_home_for (const char *home,
                GError **error)
{
  g_autofree char *private_dir = make_private_dir (error);
  g_autofree char *digest = NULL;
  g_autofree char *link = NULL;

  if (private_dir == NULL)
    return NULL;

  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, home, -1);
  digest[16] = '\0';
  link = g_build_filename (private_dir, digest, NULL);

  if (link_points_to (link, home))
    return g_steal_pointer (&link);

  g_unlink (link);
  if (symlink (home, link) != 0)
    {
      int saved_errno = errno;

      /* another program made the same link at the same moment */
      if (saved_errno == EEXIST && link_points_to (link, home))
        return g_steal_pointer (&link);

      set_errno_error (error, saved_errno, _("Could not link the key folder from “%s”"), link);
      return NULL;
    }

  return g_steal_pointer (&link);
}

static char *
keyring_home_for (const char *dir,
                  GError **error)
{
  g_autofree char *home = g_build_filename (dir, "gnupg", NULL);

  if (g_mkdir_with_parents (home, 0700) != 0)
    {
      int saved_errno = errno;

      set_errno_error (error, saved_errno, _("Could not create the key folder “%s”"), home);
      return NULL;
    }

  if (strlen (home) + strlen (LONGEST_SOCKET) < SOCKET_PATH_MAX)
    return g_steal_pointer (&home);

  return short_home_for (home, error);
}

/**
 * ringi_profile_open:
 * @dir: (nullable): the profile folder, or %NULL for
 *   ringi_profile_dup_default_dir(); created (mode 0700) when missing
 * @error: return location for a #GError
 *
 * Opens a client profile: `profile.db`, the store with its outbox, and
 * `gnupg/`, the person's keyring. A key folder whose path is too long for
 * gpg-agent's sockets is reached through a short private link.
 *
 * Returns: (transfer full): the profile, or %NULL with @error set
 */
RingiProfile *
ringi_profile_open (const char *dir,
                    GError **error)
{
  g_autoptr(RingiProfile) self = g_object_new (RINGI_TYPE_PROFILE, NULL);
  g_autofree char *given = dir ? g_strdup (dir) : ringi_profile_dup_default_dir ();
  g_autofree char *db_path = NULL;
  g_autofree char *home = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self->dir = g_canonicalize_filename (given, NULL);
  if (g_mkdir_with_parents (self->dir, 0700) != 0)
    {
      int saved_errno = errno;

      set_errno_error (error, saved_errno, _("Could not create the profile folder “%s”"), self->dir);
      return NULL;
    }

  db_path = g_build_filename (self->dir, "profile.db", NULL);
  self->store = ringi_store_open (db_path, error);
  if (self->store == NULL)
    return NULL;

  home = keyring_home_for (self->dir, error);
  if (home == NULL)
    return NULL;

  self->keyring = ringi_keyring_new (home, error);
  if (self->keyring == NULL)
    return NULL;

  self->outbox = ringi_outbox_new (self->store);
  return g_steal_pointer (&self);
}

const char *
ringi_profile_get_dir (RingiProfile *self)
{
  g_return_val_if_fail (RINGI_IS_PROFILE (self), NULL);

  return self->dir;
}

RingiStore *
ringi_profile_get_store (RingiProfile *self)
{
  g_return_val_if_fail (RINGI_IS_PROFILE (self), NULL);

  return self->store;
}

RingiKeyring *
ringi_profile_get_keyring (RingiProfile *self)
{
  g_return_val_if_fail (RINGI_IS_PROFILE (self), NULL);

  return self->keyring;
}

RingiOutbox *
ringi_profile_get_outbox (RingiProfile *self)
{
  g_return_val_if_fail (RINGI_IS_PROFILE (self), NULL);

  return self->outbox;
}

static char *
column_dup_text (sqlite3_stmt *stmt,
                 int column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/**
 * ringi_profile_dup_settings:
 * @self: a #RingiProfile
 * @error: return location for a #GError
 *
 * Returns: (transfer full): where and as whom the profile syncs, or %NULL
 *   with @error set
 */
RingiSyncSettings *
ringi_profile_dup_settings (RingiProfile *self,
                            GError **error)
{
  RingiDb *db;
  RingiSyncSettings *settings;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (RINGI_IS_PROFILE (self), NULL);

  db = ringi_store_get_db (self->store);
  stmt = ringi_db_prepare (db,
                           "SELECT server_url, ca_file, login, fingerprint, token, token_expires_at,"
                           " cursor, directory_synced_at FROM sync_state WHERE id = 1",
                           error);
  if (stmt == NULL)
    return NULL;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      ringi_db_set_error (db, rc, error, _("Could not read the sync settings"));
      return NULL;
    }

  settings = g_new0 (RingiSyncSettings, 1);
  settings->server_url = column_dup_text (stmt, 0);
  settings->ca_file = column_dup_text (stmt, 1);
  settings->login = column_dup_text (stmt, 2);
  settings->fingerprint = column_dup_text (stmt, 3);
  settings->token = column_dup_text (stmt, 4);
  settings->token_expires_at = column_dup_text (stmt, 5);
  settings->cursor = sqlite3_column_int64 (stmt, 6);
  settings->directory_synced_at = column_dup_text (stmt, 7);
  sqlite3_reset (stmt);
  return settings;
}

/**
 * ringi_profile_is_enrolled:
 * @self: a #RingiProfile
 *
 * Returns: %TRUE if the profile has a server, a login and a bound key
 */
gboolean
ringi_profile_is_enrolled (RingiProfile *self)
{
  g_autoptr(RingiSyncSettings) settings = NULL;

  g_return_val_if_fail (RINGI_IS_PROFILE (self), FALSE);

  settings = ringi_profile_dup_settings (self, NULL);
  return settings != NULL && settings->server_url != NULL &&
         settings->login != NULL && settings->fingerprint != NULL;
}

/* The pinned CA is copied into the profile, so that the profile keeps
 * working when the downloaded file is moved or deleted. */
static char *
copy_ca_file (RingiProfile *self,
              const char *ca_file,
              GError **error)
{
  g_autofree char *target = g_build_filename (self->dir, "server-ca.pem", NULL);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (g_str_equal (ca_file, target))
    return g_steal_pointer (&target);

  if (!g_file_get_contents (ca_file, &contents, &length, &local_error) ||
      !g_file_set_contents_full (target, contents, length, G_FILE_SET_CONTENTS_CONSISTENT, 0644, &local_error))
    {
      g_set_error (error, RINGI_PROFILE_ERROR, RINGI_PROFILE_ERROR_FAILED,
                   _("Could not keep the server’s certificate authority in the profile: %s"),
                   local_error->message);
      return NULL;
    }

  return g_steal_pointer (&target);
}

static void
bind_text (sqlite3_stmt *stmt,
           int column,
           const char *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, column);
  else
    sqlite3_bind_text (stmt, column, text, -1, SQLITE_TRANSIENT);
}

/**
 * ringi_profile_save_enrollment:
 * @self: a #RingiProfile
 * @server_url: the server
 * @ca_file: (nullable): the CA file to pin, copied into the profile; %NULL
 *   for the system's certificate authorities
 * @login: the person
 * @fingerprint: the key the server bound to @login
 * @error: return location for a #GError
 *
 * Records that the profile now belongs to @login on @server_url.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_profile_save_enrollment (RingiProfile *self,
                               const char *server_url,
                               const char *ca_file,
                               const char *login,
                               const char *fingerprint,
                               GError **error)
{
  g_autofree char *kept_ca = NULL;
  RingiDb *db;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RINGI_IS_PROFILE (self), FALSE);
  g_return_val_if_fail (server_url != NULL && login != NULL && fingerprint != NULL, FALSE);

  if (ca_file != NULL)
    {
      kept_ca = copy_ca_file (self, ca_file, error);
      if (kept_ca == NULL)
        return FALSE;
    }

  db = ringi_store_get_db (self->store);
  stmt = ringi_db_prepare (db,
                           "UPDATE sync_state SET server_url = ?, ca_file = ?, login = ?, fingerprint = ?,"
                           " token = NULL, token_expires_at = NULL WHERE id = 1",
                           error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, server_url);
  bind_text (stmt, 2, kept_ca);
  bind_text (stmt, 3, login);
  bind_text (stmt, 4, fingerprint);
  return ringi_db_step_done (db, stmt, error);
}

/**
 * ringi_profile_move_server:
 * @self: a #RingiProfile
 * @server_url: the server's new address
 * @ca_file: (nullable): the CA file to pin from now on, copied into the
 *   profile; %NULL for the system's certificate authorities
 * @error: return location for a #GError
 *
 * Records that the same server now answers at @server_url, or with a
 * certificate from another CA. The key stays bound on the server, so the
 * login and fingerprint are kept; the session token is dropped so that
 * the next round signs in at the new address. Nothing checks the server
 * here: ringi_sync_move_server_async() does that first.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_profile_move_server (RingiProfile *self,
                           const char *server_url,
                           const char *ca_file,
                           GError **error)
{
  g_autofree char *kept_ca = NULL;
  RingiDb *db;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RINGI_IS_PROFILE (self), FALSE);
  g_return_val_if_fail (server_url != NULL, FALSE);

  if (!ringi_profile_is_enrolled (self))
    {
      g_set_error_literal (error, RINGI_PROFILE_ERROR, RINGI_PROFILE_ERROR_NOT_ENROLLED,
                           _("This profile is not enrolled with a server yet"));
      return FALSE;
    }

  if (ca_file != NULL)
    {
      kept_ca = copy_ca_file (self, ca_file, error);
      if (kept_ca == NULL)
        return FALSE;
    }

  db = ringi_store_get_db (self->store);
  stmt = ringi_db_prepare (db,
                           "UPDATE sync_state SET server_url = ?, ca_file = ?,"
                           " token = NULL, token_expires_at = NULL WHERE id = 1",
                           error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, server_url);
  bind_text (stmt, 2, kept_ca);
  return ringi_db_step_done (db, stmt, error);
}

/**
 * ringi_profile_save_token:
 * @self: a #RingiProfile
 * @token: (nullable): the session's bearer token, or %NULL to forget it
 * @expires_at: (nullable): when it stops working, RFC 3339
 * @error: return location for a #GError
 *
 * Keeps the session so that the next run need not sign in again. The
 * profile folder is private (mode 0700).
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_profile_save_token (RingiProfile *self,
                          const char *token,
                          const char *expires_at,
                          GError **error)
{
  RingiDb *db;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RINGI_IS_PROFILE (self), FALSE);

  db = ringi_store_get_db (self->store);
  stmt = ringi_db_prepare (db, "UPDATE sync_state SET token = ?, token_expires_at = ? WHERE id = 1", error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, token);
  bind_text (stmt, 2, token ? expires_at : NULL);
  return ringi_db_step_done (db, stmt, error);
}

/**
 * ringi_profile_set_cursor:
 * @self: a #RingiProfile
 * @cursor: the sequence number of the last change applied
 * @error: return location for a #GError
 *
 * Call it in the transaction that applies the changes up to @cursor.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_profile_set_cursor (RingiProfile *self,
                          guint64 cursor,
                          GError **error)
{
  RingiDb *db;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RINGI_IS_PROFILE (self), FALSE);
  g_return_val_if_fail (cursor <= G_MAXINT64, FALSE);

  db = ringi_store_get_db (self->store);
  stmt = ringi_db_prepare (db, "UPDATE sync_state SET cursor = ? WHERE id = 1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, (gint64) cursor);
  return ringi_db_step_done (db, stmt, error);
}

/**
 * ringi_profile_set_directory_synced:
 * @self: a #RingiProfile
 * @when: when the directory was fetched, RFC 3339
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_profile_set_directory_synced (RingiProfile *self,
                                    const char *when,
                                    GError **error)
{
  RingiDb *db;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RINGI_IS_PROFILE (self), FALSE);
  g_return_val_if_fail (when != NULL, FALSE);

  db = ringi_store_get_db (self->store);
  stmt = ringi_db_prepare (db, "UPDATE sync_state SET directory_synced_at = ? WHERE id = 1", error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, when);
  return ringi_db_step_done (db, stmt, error);
}
