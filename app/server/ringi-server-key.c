/* ringi-server-key.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-server-key"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ringi-keyring.h"
#include "ringi-server-data-dir.h"
#include "ringi-server-key.h"
#include "ringi-server-secret.h"

/* The server's own OpenPGP key, which signs receipts. It lives in the
 * data folder's gnupg/ home; its passphrase is random, in a file only the
 * server's account may read, since nobody is there to type it. The
 * database keeps its fingerprint. */

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
