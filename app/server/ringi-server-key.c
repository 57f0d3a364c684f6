/* ringi-server-key.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-server-key"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ringi-keyring.h"
#include "ringi-server-data-dir.h"
#include "ringi-server-key.h"
#include "ringi-server-secret.h"

/* The server's own OpenPGP key, which signs receipts. It lives in the
 * data folder's gnupg/ home; its passphrase is random, in a file only the
 * server's account may read, since nobody is there to type it. The
 * database keeps its fingerprint. */

/* A person's seal key is stretched so that a stolen key file resists
 * guessing of the PIN. The server's passphrase is 256 random bits kept
 * beside the key: stretching adds nothing to it, and would cost a
 * quarter of a second on every receipt. So the key is protected with
 * the least stretching gpg-agent allows. */
static const char server_agent_conf[] =
  "# Written by ringi-server init\n"
  "allow-loopback-pinentry\n"
  "s2k-count 65536\n";

#define LOGIN           "ringi-server"
#define FINGERPRINT_KEY "server-key-fingerprint"
#define PIN_BYTES       32

struct _RingiServerKey
{
  GObject parent_instance;

  RingiKeyring *keyring;
  char *fingerprint;
  char *pin;
};

G_DEFINE_FINAL_TYPE (RingiServerKey, ringi_server_key, G_TYPE_OBJECT)

static void
ringi_server_key_dispose (GObject *object)
{
  RingiServerKey *self = (RingiServerKey *) object;

  /* No gpg-agent outlives the program that started it. */
  if (self->keyring != NULL)
    ringi_keyring_kill_agent (self->keyring);
  g_clear_object (&self->keyring);

  G_OBJECT_CLASS (ringi_server_key_parent_class)->dispose (object);
}

static void
ringi_server_key_finalize (GObject *object)
{
  RingiServerKey *self = (RingiServerKey *) object;

  g_free (self->fingerprint);
  if (self->pin != NULL)
    memset (self->pin, 0, strlen (self->pin));
  g_free (self->pin);

  G_OBJECT_CLASS (ringi_server_key_parent_class)->finalize (object);
}

static void
ringi_server_key_class_init (RingiServerKeyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ringi_server_key_dispose;
  object_class->finalize = ringi_server_key_finalize;
}

static void
ringi_server_key_init (RingiServerKey *self)
{
}

static RingiServerKey *
new_key (const char *data_dir,
         GError **error)
{
  g_autofree char *home = ringi_server_data_dir_gnupg_dir (data_dir);
  g_autoptr(RingiServerKey) self = g_object_new (RINGI_TYPE_SERVER_KEY, NULL);

  self->keyring = ringi_keyring_new (home, error);
  return self->keyring != NULL ? g_steal_pointer (&self) : NULL;
}

/* Before the keyring writes its defaults, which it never writes over. */
static gboolean
write_agent_conf (const char *data_dir,
                  GError **error)
{
  g_autofree char *home = ringi_server_data_dir_gnupg_dir (data_dir);
  g_autofree char *path = g_build_filename (home, "gpg-agent.conf", NULL);

  if (g_mkdir_with_parents (home, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create the folder “%s”: %s"), home, g_strerror (saved_errno));
      return FALSE;
    }

  return g_file_set_contents_full (path, server_agent_conf, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

static gboolean
write_pin (const char *data_dir,
           const char *pin,
           GError **error)
{
  g_autofree char *path = ringi_server_data_dir_key_pin_path (data_dir);

  return g_file_set_contents_full (path, pin, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

/**
 * ringi_server_key_create:
 * @data_dir: a new data folder
 * @hostname: the server's name, for the key's user id
 * @storage: the data folder's storage, where the fingerprint goes
 * @error: return location for a #GError
 *
 * Makes the server's key with a random passphrase.
 *
 * Returns: (transfer full): the key, or %NULL with @error set
 */
RingiServerKey *
ringi_server_key_create (const char *data_dir,
                         const char *hostname,
                         RingiServerStorage *storage,
                         GError **error)
{
  g_autoptr(RingiServerKey) self = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (data_dir != NULL, NULL);
  g_return_val_if_fail (hostname != NULL, NULL);
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (storage), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!write_agent_conf (data_dir, error))
    {
      g_prefix_error (error, _("Could not create the server’s key: "));
      return NULL;
    }

  self = new_key (data_dir, error);
  if (self == NULL)
    return NULL;

  self->pin = ringi_server_secret_new_token (PIN_BYTES, error);
  name = g_strdup_printf ("Ringi server %s", hostname);
  if (self->pin == NULL ||
      !write_pin (data_dir, self->pin, error) ||
      !ringi_keyring_generate_key (self->keyring, LOGIN, name, self->pin, &self->fingerprint, NULL, error) ||
      !ringi_server_storage_set_setting (storage, FINGERPRINT_KEY, self->fingerprint, error))
    {
      g_prefix_error (error, _("Could not create the server’s key: "));
      return NULL;
    }

  return g_steal_pointer (&self);
}

/**
 * ringi_server_key_open:
 * @data_dir: a data folder made by `ringi-server init`
 * @storage: its storage
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the server's key, ready to sign, or %NULL
 *   with @error set
 */
RingiServerKey *
ringi_server_key_open (const char *data_dir,
                       RingiServerStorage *storage,
                       GError **error)
{
  g_autoptr(RingiServerKey) self = NULL;
  g_autofree char *pin_path = NULL;

  g_return_val_if_fail (data_dir != NULL, NULL);
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (storage), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = new_key (data_dir, error);
  if (self == NULL)
    return NULL;

  pin_path = ringi_server_data_dir_key_pin_path (data_dir);
  self->fingerprint = ringi_server_storage_get_setting (storage, FINGERPRINT_KEY, error);
  if (self->fingerprint == NULL ||
      !g_file_get_contents (pin_path, &self->pin, NULL, error))
    {
      g_prefix_error (error, _("Could not open the server’s key: "));
      return NULL;
    }

  return g_steal_pointer (&self);
}

/**
 * ringi_server_key_get_fingerprint:
 * @self: a #RingiServerKey
 *
 * Returns: the key's fingerprint, 40 upper-case hex digits
 */
const char *
ringi_server_key_get_fingerprint (RingiServerKey *self)
{
  g_return_val_if_fail (RINGI_IS_SERVER_KEY (self), NULL);

  return self->fingerprint;
}

/**
 * ringi_server_key_export_public:
 * @self: a #RingiServerKey
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the armoured public key, for clients and
 *   evidence bundles, or %NULL with @error set
 */
GBytes *
ringi_server_key_export_public (RingiServerKey *self,
                                GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_KEY (self), NULL);

  return ringi_keyring_export_public (self->keyring, self->fingerprint, error);
}

/**
 * ringi_server_key_sign:
 * @self: a #RingiServerKey
 * @data: the exact bytes to sign, e.g. a receipt record
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Returns: (transfer full): a detached armoured signature, or %NULL with
 *   @error set
 */
GBytes *
ringi_server_key_sign (RingiServerKey *self,
                       GBytes *data,
                       GCancellable *cancellable,
                       GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_KEY (self), NULL);
  g_return_val_if_fail (data != NULL, NULL);

  return ringi_keyring_sign_detached (self->keyring, self->fingerprint, self->pin, data, cancellable, error);
}

/**
 * ringi_server_key_sign_async:
 * @self: a #RingiServerKey
 * @data: the exact bytes to sign
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the signature
 * @user_data: data for @callback
 *
 * Signs in a worker thread, so that the service goes on meanwhile.
 */
void
ringi_server_key_sign_async (RingiServerKey *self,
                             GBytes *data,
                             GCancellable *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer user_data)
{
  g_return_if_fail (RINGI_IS_SERVER_KEY (self));
  g_return_if_fail (data != NULL);

  ringi_keyring_sign_detached_async (self->keyring, self->fingerprint, self->pin, data,
                                     cancellable, callback, user_data);
}

/**
 * ringi_server_key_sign_finish:
 * @self: a #RingiServerKey
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): a detached armoured signature, or %NULL with
 *   @error set
 */
GBytes *
ringi_server_key_sign_finish (RingiServerKey *self,
                              GAsyncResult *result,
                              GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_KEY (self), NULL);

  return ringi_keyring_sign_detached_finish (self->keyring, result, error);
}
