/* ringi-config.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-config"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ringi-client.h"
#include "ringi-config.h"

/* What an IT department sets for every desktop: a key file, usually
 * /etc/ringi/ringi.conf. It is read once at start. A mistake in it is an
 * error the app shows, never silently ignored: a typo in `lock-server`
 * must not leave the server unlocked without anyone noticing. Groups
 * other than those below are left for later versions. */

struct _RingiConfig
{
  GObject parent_instance;

  char *path;
  char *server_url;
  char *ca_file;
  gboolean lock_server;
  gboolean has_place;
  RingiPunchPlace place;
  gboolean has_class;
  RingiAttendanceClass klass;
};

G_DEFINE_FINAL_TYPE (RingiConfig, ringi_config, G_TYPE_OBJECT)
G_DEFINE_QUARK (ringi-config-error-quark, ringi_config_error)

static const char *const client_keys[] = { "server-url", "ca-file", "lock-server", NULL };
static const char *const attendance_keys[] = { "default-place", "class", NULL };

static void
ringi_config_finalize (GObject *object)
{
  RingiConfig *self = (RingiConfig *) object;

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->server_url, g_free);
  g_clear_pointer (&self->ca_file, g_free);

  G_OBJECT_CLASS (ringi_config_parent_class)->finalize (object);
}

static void
ringi_config_class_init (RingiConfigClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ringi_config_finalize;
}

static void
ringi_config_init (RingiConfig *self)
{
}

/* Flatpak keeps /etc for the runtime and will not share /etc/ringi; with
 * `--filesystem=host-etc:ro` the host's /etc shows at /run/host/etc. */
#define FLATPAK_HOST_ETC "/run/host/etc"

static gboolean
in_flatpak (void)
{
  return g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS);
}

/* Paths in the file are the host's, as IT wrote them. */
static char *
dup_host_path (const char *path)
{
  if (in_flatpak () && g_str_has_prefix (path, "/etc/"))
    return g_strconcat (FLATPAK_HOST_ETC, path + strlen ("/etc"), NULL);

  return g_strdup (path);
}

/**
 * ringi_config_dup_default_path:
 *
 * The system configuration: `$RINGI_CONFIG` when set (for tests and for
 * IT departments trying a file out), else `ringi/ringi.conf` in the
 * system configuration folder Ringi was built for; inside Flatpak, the
 * host's `/etc/ringi/ringi.conf` as the sandbox sees it.
 *
 * Returns: (transfer full): the path
 */
char *
ringi_config_dup_default_path (void)
{
  const char *from_environment = g_getenv ("RINGI_CONFIG");

  if (from_environment != NULL && from_environment[0] != '\0')
    return g_strdup (from_environment);

  if (in_flatpak ())
    return g_build_filename (FLATPAK_HOST_ETC, "ringi", "ringi.conf", NULL);

  return g_build_filename (SYSCONFDIR, "ringi", "ringi.conf", NULL);
}

/**
 * ringi_config_new:
 *
 * Returns: (transfer full): a configuration that sets nothing
 */
RingiConfig *
ringi_config_new (void)
{
  return g_object_new (RINGI_TYPE_CONFIG, NULL);
}

static void
set_invalid (GError **error,
             RingiConfig *self,
             const char *group,
             const char *key,
             const char *problem)
{
  g_set_error (error, RINGI_CONFIG_ERROR, RINGI_CONFIG_ERROR_INVALID,
               /* Translators: the first %s is a file, then [group] key, then what is wrong */
               _("%s: [%s] %s: %s"), self->path, group, key, problem);
}

static gboolean
check_known_keys (RingiConfig *self,
                  GKeyFile *file,
                  const char *group,
                  const char *const *known,
                  GError **error)
{
  g_auto(GStrv) keys = g_key_file_get_keys (file, group, NULL, NULL);

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      g_autofree char *expected = NULL;
      g_autofree char *problem = NULL;

      if (g_strv_contains (known, keys[i]))
        continue;

      expected = g_strjoinv (", ", (GStrv) known);
      /* Translators: %s is a list of the keys the group may hold */
      problem = g_strdup_printf (_("unknown key; this group knows %s"), expected);
      set_invalid (error, self, group, keys[i], problem);
      return FALSE;
    }

  return TRUE;
}

/* A string value, %NULL when the key is missing; empty counts as missing
 * so that `server-url=` can switch a key off. */
static char *
dup_string (GKeyFile *file,
            const char *group,
            const char *key)
{
  g_autofree char *value = g_key_file_get_string (file, group, key, NULL);

  if (value != NULL)
    g_strstrip (value);
  if (value == NULL || value[0] == '\0')
    return NULL;
  return g_steal_pointer (&value);
}

static gboolean
read_server_url (RingiConfig *self,
                 GKeyFile *file,
                 GError **error)
{
  g_autoptr(RingiClient) client = NULL;
  g_autoptr(GError) local_error = NULL;

  self->server_url = dup_string (file, "client", "server-url");
  if (self->server_url == NULL)
    return TRUE;

  /* The client's own rules: https://, or http:// to this computer only */
  client = ringi_client_new (self->server_url, NULL, &local_error);
  if (client == NULL)
    {
      set_invalid (error, self, "client", "server-url", local_error->message);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_ca_file (RingiConfig *self,
              GKeyFile *file,
              GError **error)
{
  g_autofree char *written = dup_string (file, "client", "ca-file");

  if (written == NULL)
    return TRUE;

  self->ca_file = dup_host_path (written);
  if (!g_path_is_absolute (self->ca_file))
    {
      set_invalid (error, self, "client", "ca-file",
                   _("expected the absolute path of a PEM file, such as /etc/ringi/ca.pem"));
      return FALSE;
    }

  if (!g_file_test (self->ca_file, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *problem = g_strdup_printf (_("the file “%s” does not exist"), self->ca_file);

      set_invalid (error, self, "client", "ca-file", problem);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_lock_server (RingiConfig *self,
                  GKeyFile *file,
                  GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *value = dup_string (file, "client", "lock-server");

  if (value == NULL)
    return TRUE;

  self->lock_server = g_key_file_get_boolean (file, "client", "lock-server", &local_error);
  if (local_error != NULL)
    {
      g_autofree char *problem = g_strdup_printf (_("“%s” is not allowed; expected true or false"), value);

      set_invalid (error, self, "client", "lock-server", problem);
      return FALSE;
    }

  /* Locking an empty address would leave people no way to connect. */
  if (self->lock_server && self->server_url == NULL)
    {
      set_invalid (error, self, "client", "lock-server",
                   _("true needs server-url in the same group"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_attendance (RingiConfig *self,
                 GKeyFile *file,
                 GError **error)
{
  g_autofree char *place = dup_string (file, "attendance", "default-place");
  g_autofree char *klass = dup_string (file, "attendance", "class");

  if (place != NULL && !(self->has_place = ringi_punch_place_from_string (place, &self->place)))
    {
      g_autofree char *problem = g_strdup_printf (_("“%s” is not allowed; expected home, office, satellite or trip"), place);

      set_invalid (error, self, "attendance", "default-place", problem);
      return FALSE;
    }

  if (klass != NULL && !(self->has_class = ringi_attendance_class_from_string (klass, &self->klass)))
    {
      g_autofree char *problem = g_strdup_printf (_("“%s” is not allowed; expected general or high-demand"), klass);

      set_invalid (error, self, "attendance", "class", problem);
      return FALSE;
    }

  return TRUE;
}

/* Read first and parsed second, so that a file that cannot be read and
 * a file that is not a key file get different words. */
static gboolean
read_file (RingiConfig *self,
           GKeyFile *file,
           GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (self->path, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;

      g_set_error (error, RINGI_CONFIG_ERROR, RINGI_CONFIG_ERROR_READ,
                   _("Could not read the configuration file %s: %s"), self->path, local_error->message);
      return FALSE;
    }

  if (!g_key_file_load_from_data (file, contents, length, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, RINGI_CONFIG_ERROR, RINGI_CONFIG_ERROR_SYNTAX,
                   _("%s is not a valid configuration file: %s"), self->path, local_error->message);
      return FALSE;
    }

  return TRUE;
}

/**
 * ringi_config_load:
 * @path: the key file
 * @error: return location for a #GError
 *
 * Reads @path. A missing file is an empty configuration; a file that
 * cannot be read or parsed, an unknown key in a known group and a value
 * a key does not allow are errors.
 *
 * Returns: (transfer full): the configuration, or %NULL with @error set
 */
RingiConfig *
ringi_config_load (const char *path,
                   GError **error)
{
  g_autoptr(RingiConfig) self = NULL;
  g_autoptr(GKeyFile) file = g_key_file_new ();

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = ringi_config_new ();
  self->path = g_strdup (path);

  if (!read_file (self, file, error) ||
      !check_known_keys (self, file, "client", client_keys, error) ||
      !check_known_keys (self, file, "attendance", attendance_keys, error) ||
      !read_server_url (self, file, error) ||
      !read_ca_file (self, file, error) ||
      !read_lock_server (self, file, error) ||
      !read_attendance (self, file, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * ringi_config_load_default:
 * @error: return location for a #GError
 *
 * Reads the file ringi_config_dup_default_path() names.
 *
 * Returns: (transfer full): the configuration, or %NULL with @error set
 */
RingiConfig *
ringi_config_load_default (GError **error)
{
  g_autofree char *path = ringi_config_dup_default_path ();

  return ringi_config_load (path, error);
}

/**
 * ringi_config_get_path:
 * @self: a #RingiConfig
 *
 * Returns: (nullable): the file read, or %NULL for ringi_config_new()
 */
const char *
ringi_config_get_path (RingiConfig *self)
{
  g_return_val_if_fail (RINGI_IS_CONFIG (self), NULL);

  return self->path;
}

/**
 * ringi_config_get_server_url:
 * @self: a #RingiConfig
 *
 * Returns: (nullable): `[client] server-url`, checked as the client
 *   checks addresses, or %NULL when not set
 */
const char *
ringi_config_get_server_url (RingiConfig *self)
{
  g_return_val_if_fail (RINGI_IS_CONFIG (self), NULL);

  return self->server_url;
}

/**
 * ringi_config_get_ca_file:
 * @self: a #RingiConfig
 *
 * Returns: (nullable): `[client] ca-file`, an absolute path that existed
 *   when the file was read, or %NULL to trust the system's authorities
 */
const char *
ringi_config_get_ca_file (RingiConfig *self)
{
  g_return_val_if_fail (RINGI_IS_CONFIG (self), NULL);

  return self->ca_file;
}

/**
 * ringi_config_get_lock_server:
 * @self: a #RingiConfig
 *
 * Returns: %TRUE when people may not change the server and the CA
 *   (`[client] lock-server`); the server is then always set
 */
gboolean
ringi_config_get_lock_server (RingiConfig *self)
{
  g_return_val_if_fail (RINGI_IS_CONFIG (self), FALSE);

  return self->lock_server;
}

/**
 * ringi_config_get_default_place:
 * @self: a #RingiConfig
 * @out_place: (out) (optional): `[attendance] default-place`
 *
 * Returns: %TRUE when the place is set
 */
gboolean
ringi_config_get_default_place (RingiConfig *self,
                                RingiPunchPlace *out_place)
{
  g_return_val_if_fail (RINGI_IS_CONFIG (self), FALSE);

  if (self->has_place && out_place != NULL)
    *out_place = self->place;
  return self->has_place;
}

/**
 * ringi_config_get_attendance_class:
 * @self: a #RingiConfig
 * @out_class: (out) (optional): `[attendance] class`
 *
 * Returns: %TRUE when the class is set
 */
gboolean
ringi_config_get_attendance_class (RingiConfig *self,
                                   RingiAttendanceClass *out_class)
{
  g_return_val_if_fail (RINGI_IS_CONFIG (self), FALSE);

  if (self->has_class && out_class != NULL)
    *out_class = self->klass;
  return self->has_class;
}
