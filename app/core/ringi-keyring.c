/* ringi-keyring.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-keyring"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gpgme.h>
#include <signal.h>
#include <string.h>

#include "ringi-keyring.h"
#include "ringi-route.h"

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gpgme_ctx_t, gpgme_release, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gpgme_data_t, gpgme_data_release, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gpgme_key_t, gpgme_key_unref, NULL)

/* Written into a home that has none, and never over an existing file.
 * Ringi must not reach key servers on its own, and the seal PIN is asked
 * for every stamp rather than remembered by the agent. */
static const char gpg_conf[] =
  "# Written by Ringi\n"
  "no-auto-key-retrieve\n"
  "no-auto-key-locate\n";

static const char gpg_agent_conf[] =
  "# Written by Ringi\n"
  "allow-loopback-pinentry\n"
  "ignore-cache-for-signing\n";

struct _RingiKeyring
{
  GObject parent_instance;

  char *home;
  /* NULL: the gpg gpgme finds */
  char *gpg_path;

  /* Guards the two below: verification runs on several threads. */
  GMutex lock;
  /* Verify contexts kept between operations: a fresh context makes gpgme
   * run `gpg --version` first, which doubled the cost of each check. */
  GPtrArray *idle_contexts;
  /* (sub)key fingerprint → primary fingerprint: fixed for a key's life */
  GHashTable *primary_of;
};

G_DEFINE_FINAL_TYPE (RingiKeyring, ringi_keyring, G_TYPE_OBJECT)
G_DEFINE_QUARK (ringi-keyring-error-quark, ringi_keyring_error)

enum
{
  PROP_0,
  PROP_HOME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ringi_keyring_finalize (GObject *object)
{
  RingiKeyring *self = (RingiKeyring *) object;

  g_clear_pointer (&self->home, g_free);
  g_clear_pointer (&self->gpg_path, g_free);
  g_clear_pointer (&self->idle_contexts, g_ptr_array_unref);
  g_clear_pointer (&self->primary_of, g_hash_table_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (ringi_keyring_parent_class)->finalize (object);
}

static void
ringi_keyring_get_property (GObject *object,
                            guint prop_id,
                            GValue *value,
                            GParamSpec *pspec)
{
  RingiKeyring *self = RINGI_KEYRING (object);

  switch (prop_id)
    {
    case PROP_HOME:
      g_value_set_string (value, self->home);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ringi_keyring_class_init (RingiKeyringClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  struct sigaction action = { 0 };

  object_class->finalize = ringi_keyring_finalize;
  object_class->get_property = ringi_keyring_get_property;

  properties[PROP_HOME] =
    g_param_spec_string ("home", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* gpgme must be initialised once, before any context, and class_init
   * runs exactly once under GType's lock. */
  gpgme_check_version (NULL);

  /* gpgme talks to gpg through pipes; a gpg that exits early must not
   * kill us with SIGPIPE (GPGME manual, "Signal Handling"). */
  if (sigaction (SIGPIPE, NULL, &action) == 0 && action.sa_handler == SIG_DFL)
    signal (SIGPIPE, SIG_IGN);
}

static void
ringi_keyring_init (RingiKeyring *self)
{
  g_mutex_init (&self->lock);
  self->idle_contexts = g_ptr_array_new_with_free_func ((GDestroyNotify) gpgme_release);
  self->primary_of = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static void
set_error_from_gpgme (GError **error,
                      gpgme_error_t err,
                      const char *what)
{
  switch (gpgme_err_code (err))
    {
    case GPG_ERR_CANCELED:
    case GPG_ERR_FULLY_CANCELED:
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The operation was cancelled"));
      break;

    case GPG_ERR_BAD_PASSPHRASE:
    case GPG_ERR_NO_PASSPHRASE:
      g_set_error (error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_BAD_PASSPHRASE,
                   _("%s: the seal PIN is not correct"), what);
      break;

    case GPG_ERR_EOF:
    case GPG_ERR_NOT_FOUND:
    case GPG_ERR_NO_PUBKEY:
    case GPG_ERR_NO_SECKEY:
    case GPG_ERR_UNUSABLE_PUBKEY:
    case GPG_ERR_UNUSABLE_SECKEY:
      g_set_error (error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_NO_KEY,
                   _("%s: the key is not in this keyring"), what);
      break;

    case GPG_ERR_BAD_SIGNATURE:
      g_set_error (error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_BAD_SIGNATURE,
                   _("%s: the signature does not match the data"), what);
      break;

    case GPG_ERR_NO_DATA:
      g_set_error (error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_NOT_SIGNED,
                   _("%s: the signature data holds no OpenPGP signature"), what);
      break;

    default:
      g_set_error (error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_FAILED,
                   _("%s: GnuPG failed (%s)"), what, gpgme_strerror (err));
    }
}

static gboolean
write_file_if_missing (const char *home,
                       const char *name,
                       const char *contents,
                       GError **error)
{
  g_autofree char *path = g_build_filename (home, name, NULL);

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;

  return g_file_set_contents_full (path, contents, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

static gboolean
prepare_home (const char *home,
              GError **error)
{
  g_autoptr(GError) local_error = NULL;

  if (g_mkdir_with_parents (home, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_FAILED,
                   _("Could not create the key folder “%s” (%s)"), home, g_strerror (saved_errno));
      return FALSE;
    }

  if (!write_file_if_missing (home, "gpg.conf", gpg_conf, &local_error) ||
      !write_file_if_missing (home, "gpg-agent.conf", gpg_agent_conf, &local_error))
    {
      g_set_error (error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_FAILED,
                   _("Could not set up the key folder “%s” (%s)"), home, local_error->message);
      return FALSE;
    }

  return TRUE;
}

/**
 * ringi_keyring_new:
 * @home: the GnuPG home folder; created with mode 0700 when missing. Keep
 *   the path short: gpg-agent puts its sockets there when /run/user is
 *   missing, and sockets fail on paths over about 100 bytes.
 * @error: return location for a #GError
 *
 * Opens the keyring of one GnuPG home. A new home gets a `gpg.conf` that
 * keeps gpg off the network and a `gpg-agent.conf` that lets Ringi pass
 * the seal PIN itself and never caches it for signing; existing files
 * are left alone.
 *
 * Returns: (transfer full): the keyring, or %NULL with @error set
 */
RingiKeyring *
ringi_keyring_new (const char *home,
                   GError **error)
{
  RingiKeyring *self;

  g_return_val_if_fail (home != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* gpgme is initialised by class_init, before anything below. */
  g_type_ensure (RINGI_TYPE_KEYRING);

  if (!prepare_home (home, error))
    return NULL;

  self = g_object_new (RINGI_TYPE_KEYRING, NULL);
  self->home = g_strdup (home);
  return self;
}

const char *
ringi_keyring_get_home (RingiKeyring *self)
{
  g_return_val_if_fail (RINGI_IS_KEYRING (self), NULL);

  return self->home;
}

/**
 * ringi_keyring_set_gpg_path:
 * @self: a #RingiKeyring
 * @gpg_path: (nullable): the gpg program to run, or %NULL for the one
 *   gpgme finds
 *
 * For installations with gpg in an unusual place, and for tests that
 * prove no gpg runs. Call it before starting any operation.
 */
void
ringi_keyring_set_gpg_path (RingiKeyring *self,
                            const char *gpg_path)
{
  g_return_if_fail (RINGI_IS_KEYRING (self));

  g_mutex_lock (&self->lock);
  g_free (self->gpg_path);
  self->gpg_path = g_strdup (gpg_path);
  /* Kept contexts run the old program. */
  g_ptr_array_set_size (self->idle_contexts, 0);
  g_mutex_unlock (&self->lock);
}

static gpgme_error_t
passphrase_cb (void *hook,
               const char *uid_hint,
               const char *passphrase_info,
               int prev_was_bad,
               int fd)
{
  const char *passphrase = hook;

  /* Asking again with the same PIN cannot help. */
  if (prev_was_bad)
    return gpg_error (GPG_ERR_BAD_PASSPHRASE);

  if (gpgme_io_writen (fd, passphrase, strlen (passphrase)) != 0 ||
      gpgme_io_writen (fd, "\n", 1) != 0)
    return gpgme_error_from_syserror ();

  return 0;
}

/* A context per operation: contexts are not shared between threads, and
 * each one carries its own passphrase. */
static gpgme_ctx_t
new_context (RingiKeyring *self,
             const char *passphrase,
             GError **error)
{
  g_auto(gpgme_ctx_t) ctx = NULL;
  g_autofree char *gpg_path = NULL;
  gpgme_engine_info_t info;
  gpgme_error_t err;

  /* set_gpg_path() may run on another thread. */
  g_mutex_lock (&self->lock);
  gpg_path = g_strdup (self->gpg_path);
  g_mutex_unlock (&self->lock);

  err = gpgme_new (&ctx);
  if (err == 0)
    err = gpgme_ctx_set_engine_info (ctx, GPGME_PROTOCOL_OpenPGP, gpg_path, self->home);
  if (err != 0)
    {
      set_error_from_gpgme (error, err, _("Could not start GnuPG"));
      return NULL;
    }

  /* gpgme reports success with no result when gpg cannot be run at all,
   * so check for the program ourselves. */
  info = gpgme_ctx_get_engine_info (ctx);
  if (info == NULL || info->file_name == NULL || !g_file_test (info->file_name, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_set_error (error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_FAILED,
                   _("GnuPG cannot be run from “%s”; is it installed?"),
                   info && info->file_name ? info->file_name : "gpg");
      return NULL;
    }

  gpgme_set_armor (ctx, 1);
  gpgme_set_offline (ctx, 1);
  gpgme_set_pinentry_mode (ctx, GPGME_PINENTRY_MODE_LOOPBACK);
  if (passphrase != NULL)
    gpgme_set_passphrase_cb (ctx, passphrase_cb, (gpointer) passphrase);

  return g_steal_pointer (&ctx);
}

/* At most this many verify contexts wait for reuse; more threads than
 * that simply make their own. */
#define MAX_IDLE_CONTEXTS 8

static gpgme_ctx_t
take_verify_context (RingiKeyring *self,
                     GError **error)
{
  gpgme_ctx_t ctx = NULL;

  g_mutex_lock (&self->lock);
  if (self->idle_contexts->len > 0)
    ctx = g_ptr_array_steal_index_fast (self->idle_contexts, self->idle_contexts->len - 1);
  g_mutex_unlock (&self->lock);

  return ctx != NULL ? ctx : new_context (self, NULL, error);
}

static void
give_back_verify_context (RingiKeyring *self,
                          gpgme_ctx_t ctx)
{
  g_mutex_lock (&self->lock);
  if (self->idle_contexts->len < MAX_IDLE_CONTEXTS)
    {
      g_ptr_array_add (self->idle_contexts, ctx);
      ctx = NULL;
    }
  g_mutex_unlock (&self->lock);

  g_clear_pointer (&ctx, gpgme_release);
}

static void
cancel_cb (GCancellable *cancellable,
           gpgme_ctx_t ctx)
{
  gpgme_cancel_async (ctx);
}

/* gpgme_cancel_async() may be called from any thread; the operation then
 * ends with GPG_ERR_CANCELED at its next I/O. */
static gulong
watch_cancellable (GCancellable *cancellable,
                   gpgme_ctx_t ctx)
{
  if (cancellable == NULL)
    return 0;

  return g_cancellable_connect (cancellable, G_CALLBACK (cancel_cb), ctx, NULL);
}

static void
unwatch_cancellable (GCancellable *cancellable,
                     gulong id)
{
  if (cancellable != NULL)
    g_cancellable_disconnect (cancellable, id);
}

static gpgme_data_t
data_from_bytes (GBytes *bytes)
{
  gpgme_data_t data = NULL;
  gsize size = 0;
  const char *contents = g_bytes_get_data (bytes, &size);

  /* copy = 0: gpgme reads the GBytes' memory, which outlives the data */
  if (gpgme_data_new_from_mem (&data, contents ? contents : "", size, 0) != 0)
    g_error ("gpgme could not wrap %" G_GSIZE_FORMAT " bytes", size);

  return data;
}

static GBytes *
bytes_from_data (gpgme_data_t data)
{
  size_t size = 0;
  char *contents = gpgme_data_release_and_get_mem (data, &size);
  GBytes *bytes = g_bytes_new (contents, size);

  gpgme_free (contents);
  return bytes;
}

static gboolean
check_passphrase (const char *passphrase,
                  GError **error)
{
  if (passphrase[0] == '\0')
    {
      g_set_error_literal (error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_BAD_PASSPHRASE,
                           _("The seal PIN may not be empty"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_display_name (const char *display_name,
                    GError **error)
{
  for (const char *p = display_name; *p != '\0'; p++)
    {
      if (*p == '<' || *p == '>' || (guchar) *p < 0x20)
        {
          g_set_error_literal (error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_FAILED,
                               _("The name on a key may not contain “<”, “>” or control characters"));
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * ringi_keyring_generate_key:
 * @self: a #RingiKeyring
 * @login: the person's login; the key's address is `login@ringi.invalid`
 * @display_name: the person's name as it should read on the key
 * @passphrase: the seal PIN that will protect the key; not empty
 * @out_fingerprint: (out) (transfer full) (optional): the new key's
 *   fingerprint, 40 upper-case hex digits
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Makes a personal seal key: an ed25519 primary key for signing only,
 * without expiry. A person may have several keys; the directory says
 * which one is theirs. This takes a while: use the async variant from
 * the main thread.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_keyring_generate_key (RingiKeyring *self,
                            const char *login,
                            const char *display_name,
                            const char *passphrase,
                            char **out_fingerprint,
                            GCancellable *cancellable,
                            GError **error)
{
  g_auto(gpgme_ctx_t) ctx = NULL;
  g_autofree char *userid = NULL;
  gpgme_genkey_result_t result;
  gpgme_error_t err;
  gulong watch;

  g_return_val_if_fail (RINGI_IS_KEYRING (self), FALSE);
  g_return_val_if_fail (login != NULL && display_name != NULL && passphrase != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !check_passphrase (passphrase, error) ||
      !check_display_name (display_name, error))
    return FALSE;

  if (!ringi_route_login_is_valid (login))
    {
      g_set_error (error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_FAILED,
                   _("Could not create the seal key: “%s” is not a login"), login);
      return FALSE;
    }

  ctx = new_context (self, passphrase, error);
  if (ctx == NULL)
    return FALSE;

  userid = g_strdup_printf ("%s <%s@ringi.invalid>", display_name, login);
  watch = watch_cancellable (cancellable, ctx);
  /* FORCE: a person who lost their PIN makes a new key with the same name */
  err = gpgme_op_createkey (ctx, userid, "ed25519", 0, 0, NULL,
                            GPGME_CREATE_SIGN | GPGME_CREATE_NOEXPIRE | GPGME_CREATE_FORCE);
  unwatch_cancellable (cancellable, watch);

  if (err != 0)
    {
      set_error_from_gpgme (error, err, _("Could not create the seal key"));
      return FALSE;
    }

  result = gpgme_op_genkey_result (ctx);
  if (out_fingerprint != NULL)
    *out_fingerprint = g_ascii_strup (result->fpr, -1);
  return TRUE;
}

/* gpg-agent asks for the current PIN first, then for the new one; a
 * second request for the current PIN means it was wrong. */
typedef struct
{
  const char *old_passphrase;
  const char *new_passphrase;
  guint asked;
} PasswdPins;

static gpgme_error_t
passwd_passphrase_cb (void *hook,
                      const char *uid_hint,
                      const char *passphrase_info,
                      int prev_was_bad,
                      int fd)
{
  PasswdPins *pins = hook;
  const char *pin = pins->asked++ == 0 ? pins->old_passphrase : pins->new_passphrase;

  if (prev_was_bad)
    return gpg_error (GPG_ERR_BAD_PASSPHRASE);

  if (gpgme_io_writen (fd, pin, strlen (pin)) != 0 ||
      gpgme_io_writen (fd, "\n", 1) != 0)
    return gpgme_error_from_syserror ();

  return 0;
}

/**
 * ringi_keyring_change_passphrase:
 * @self: a #RingiKeyring
 * @fingerprint: the key's fingerprint
 * @old_passphrase: the seal PIN that protects the key now
 * @new_passphrase: the seal PIN that will protect it; not empty
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Changes the seal PIN of a key. The key, and every stamp signed with
 * it, stay the same. Runs gpg: use the async variant from the main
 * thread.
 *
 * Returns: %TRUE on success; %RINGI_KEYRING_ERROR_BAD_PASSPHRASE when
 *   @old_passphrase is wrong or @new_passphrase empty
 */
gboolean
ringi_keyring_change_passphrase (RingiKeyring *self,
                                 const char *fingerprint,
                                 const char *old_passphrase,
                                 const char *new_passphrase,
                                 GCancellable *cancellable,
                                 GError **error)
{
  g_auto(gpgme_ctx_t) ctx = NULL;
  g_auto(gpgme_key_t) key = NULL;
  PasswdPins pins = { old_passphrase, new_passphrase, 0 };
  gpgme_error_t err;
  gulong watch;

  g_return_val_if_fail (RINGI_IS_KEYRING (self), FALSE);
  g_return_val_if_fail (fingerprint != NULL && old_passphrase != NULL && new_passphrase != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !check_passphrase (new_passphrase, error))
    return FALSE;

  ctx = new_context (self, NULL, error);
  if (ctx == NULL)
    return FALSE;

  err = gpgme_get_key (ctx, fingerprint, &key, 1);
  if (err != 0)
    {
      set_error_from_gpgme (error, err, _("Could not change the seal PIN"));
      return FALSE;
    }

  gpgme_set_passphrase_cb (ctx, passwd_passphrase_cb, &pins);
  watch = watch_cancellable (cancellable, ctx);
  err = gpgme_op_passwd (ctx, key, 0);
  unwatch_cancellable (cancellable, watch);

  if (err != 0)
    {
      set_error_from_gpgme (error, err, _("Could not change the seal PIN"));
      return FALSE;
    }

  return TRUE;
}

/**
 * ringi_keyring_dup_user_id:
 * @self: a #RingiKeyring
 * @fingerprint: a primary key's fingerprint
 * @error: return location for a #GError
 *
 * The key's first user ID, e.g. `Sato Hanako <sato@ringi.invalid>`: what
 * the key's owner claims to be, for people to compare with the binding.
 *
 * Returns: (transfer full): the user ID, or %NULL with @error set
 */
char *
ringi_keyring_dup_user_id (RingiKeyring *self,
                           const char *fingerprint,
                           GError **error)
{
  g_auto(gpgme_ctx_t) ctx = NULL;
  g_auto(gpgme_key_t) key = NULL;
  gpgme_error_t err;

  g_return_val_if_fail (RINGI_IS_KEYRING (self), NULL);
  g_return_val_if_fail (fingerprint != NULL, NULL);

  ctx = new_context (self, NULL, error);
  if (ctx == NULL)
    return NULL;

  err = gpgme_get_key (ctx, fingerprint, &key, 0);
  if (err != 0)
    {
      set_error_from_gpgme (error, err, _("Could not look up the key"));
      return NULL;
    }

  if (key->uids == NULL || key->uids->uid == NULL)
    {
      g_set_error (error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_NO_KEY,
                   _("Key %s names nobody"), fingerprint);
      return NULL;
    }

  return g_strdup (key->uids->uid);
}

/**
 * ringi_keyring_export_public:
 * @self: a #RingiKeyring
 * @fingerprint: the key's fingerprint
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the armoured public key, or %NULL with
 *   @error set (%RINGI_KEYRING_ERROR_NO_KEY for an unknown key)
 */
GBytes *
ringi_keyring_export_public (RingiKeyring *self,
                             const char *fingerprint,
                             GError **error)
{
  g_auto(gpgme_ctx_t) ctx = NULL;
  gpgme_data_t out = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gpgme_error_t err;

  g_return_val_if_fail (RINGI_IS_KEYRING (self), NULL);
  /* an empty pattern would export every key */
  g_return_val_if_fail (fingerprint != NULL && fingerprint[0] != '\0', NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ctx = new_context (self, NULL, error);
  if (ctx == NULL)
    return NULL;

  gpgme_data_new (&out);
  err = gpgme_op_export (ctx, fingerprint, 0, out);
  bytes = bytes_from_data (out);

  if (err != 0)
    {
      set_error_from_gpgme (error, err, _("Could not export the key"));
      return NULL;
    }

  if (g_bytes_get_size (bytes) == 0)
    {
      g_set_error (error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_NO_KEY,
                   _("Could not export the key: %s is not in this keyring"), fingerprint);
      return NULL;
    }

  return g_steal_pointer (&bytes);
}

static GStrv
imported_fingerprints (gpgme_import_result_t result)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  /* gpg reports one status per new part of a key; list each key once */
  for (gpgme_import_status_t status = result->imports; status != NULL; status = status->next)
    {
      g_autofree char *fingerprint = NULL;

      if (status->result != 0 || status->fpr == NULL || !g_hash_table_add (seen, status->fpr))
        continue;

      fingerprint = g_ascii_strup (status->fpr, -1);
      g_strv_builder_add (builder, fingerprint);
    }

  return g_strv_builder_end (builder);
}

/**
 * ringi_keyring_import:
 * @self: a #RingiKeyring
 * @armored: one or more public keys, armoured or binary
 * @out_fingerprints: (out) (transfer full) (optional): the fingerprints of
 *   the keys imported or already present
 * @error: return location for a #GError
 *
 * Returns: %TRUE when @armored held at least one key that is now in the
 *   keyring
 */
gboolean
ringi_keyring_import (RingiKeyring *self,
                      GBytes *armored,
                      GStrv *out_fingerprints,
                      GError **error)
{
  g_auto(gpgme_ctx_t) ctx = NULL;
  g_auto(gpgme_data_t) in = NULL;
  g_auto(GStrv) fingerprints = NULL;
  gpgme_error_t err;

  g_return_val_if_fail (RINGI_IS_KEYRING (self), FALSE);
  g_return_val_if_fail (armored != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ctx = new_context (self, NULL, error);
  if (ctx == NULL)
    return FALSE;

  in = data_from_bytes (armored);
  err = gpgme_op_import (ctx, in);
  if (err != 0)
    {
      set_error_from_gpgme (error, err, _("Could not import the key"));
      return FALSE;
    }

  fingerprints = imported_fingerprints (gpgme_op_import_result (ctx));
  if (fingerprints[0] == NULL)
    {
      g_set_error_literal (error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_FAILED,
                           _("Could not import the key: the data holds no usable OpenPGP key"));
      return FALSE;
    }

  if (out_fingerprints != NULL)
    *out_fingerprints = g_steal_pointer (&fingerprints);
  return TRUE;
}

static gboolean
add_signer (gpgme_ctx_t ctx,
            const char *fingerprint,
            GError **error)
{
  g_auto(gpgme_key_t) key = NULL;
  gpgme_error_t err;

  err = gpgme_get_key (ctx, fingerprint, &key, 1);
  if (err == 0)
    err = gpgme_signers_add (ctx, key);

  if (err != 0)
    {
      set_error_from_gpgme (error, err, _("Could not sign"));
      return FALSE;
    }

  return TRUE;
}

/**
 * ringi_keyring_sign_detached:
 * @self: a #RingiKeyring
 * @fingerprint: the secret key to sign with
 * @passphrase: the seal PIN of that key; never stored or logged
 * @data: the exact bytes to sign
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the detached, armoured OpenPGP signature over
 *   @data, or %NULL with @error set
 */
GBytes *
ringi_keyring_sign_detached (RingiKeyring *self,
                             const char *fingerprint,
                             const char *passphrase,
                             GBytes *data,
                             GCancellable *cancellable,
                             GError **error)
{
  g_auto(gpgme_ctx_t) ctx = NULL;
  g_auto(gpgme_data_t) in = NULL;
  gpgme_data_t out = NULL;
  g_autoptr(GBytes) signature = NULL;
  gpgme_error_t err;
  gulong watch;

  g_return_val_if_fail (RINGI_IS_KEYRING (self), NULL);
  g_return_val_if_fail (fingerprint != NULL && passphrase != NULL && data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !check_passphrase (passphrase, error))
    return NULL;

  ctx = new_context (self, passphrase, error);
  if (ctx == NULL || !add_signer (ctx, fingerprint, error))
    return NULL;

  in = data_from_bytes (data);
  gpgme_data_new (&out);
  watch = watch_cancellable (cancellable, ctx);
  err = gpgme_op_sign (ctx, in, out, GPGME_SIG_MODE_DETACH);
  unwatch_cancellable (cancellable, watch);
  signature = bytes_from_data (out);

  if (err != 0)
    {
      set_error_from_gpgme (error, err, _("Could not sign"));
      return NULL;
    }

  return g_steal_pointer (&signature);
}

static gboolean
set_error_from_signature (gpgme_signature_t signature,
                          GError **error)
{
  switch (gpgme_err_code (signature->status))
    {
    case GPG_ERR_NO_ERROR:
      return TRUE;

    case GPG_ERR_NO_PUBKEY:
      g_set_error (error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_NO_KEY,
                   _("The signature was made with a key that is not in this keyring (%s)"),
                   signature->fpr ? signature->fpr : "?");
      return FALSE;

    case GPG_ERR_KEY_EXPIRED:
    case GPG_ERR_SIG_EXPIRED:
      g_set_error_literal (error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_BAD_SIGNATURE,
                           _("The signature or its key has expired"));
      return FALSE;

    case GPG_ERR_CERT_REVOKED:
      g_set_error_literal (error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_BAD_SIGNATURE,
                           _("The signature was made with a key that has been revoked"));
      return FALSE;

    default:
      set_error_from_gpgme (error, signature->status, _("The signature is not valid"));
      return FALSE;
    }
}

/* The signature names the (sub)key that made it; people and the
 * directory know keys by their primary fingerprint. */
static char *
primary_fingerprint (gpgme_ctx_t ctx,
                     const char *fingerprint,
                     GError **error)
{
  g_auto(gpgme_key_t) key = NULL;
  gpgme_error_t err = gpgme_get_key (ctx, fingerprint, &key, 0);

  if (err != 0)
    {
      set_error_from_gpgme (error, err, _("Could not look up the signing key"));
      return NULL;
    }

  return g_ascii_strup (key->subkeys->fpr, -1);
}

static char *
cached_primary_fingerprint (RingiKeyring *self,
                            gpgme_ctx_t ctx,
                            const char *fingerprint,
                            GError **error)
{
  char *primary;

  g_mutex_lock (&self->lock);
  primary = g_strdup (g_hash_table_lookup (self->primary_of, fingerprint));
  g_mutex_unlock (&self->lock);
  if (primary != NULL)
    return primary;

  primary = primary_fingerprint (ctx, fingerprint, error);
  if (primary != NULL)
    {
      g_mutex_lock (&self->lock);
      g_hash_table_replace (self->primary_of, g_strdup (fingerprint), g_strdup (primary));
      g_mutex_unlock (&self->lock);
    }

  return primary;
}

static gboolean
check_verify_result (RingiKeyring *self,
                     gpgme_ctx_t ctx,
                     char **out_fingerprint,
                     GError **error)
{
  gpgme_verify_result_t result = gpgme_op_verify_result (ctx);
  gpgme_signature_t signature = result ? result->signatures : NULL;

  if (signature == NULL || signature->next != NULL)
    {
      g_set_error_literal (error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_NOT_SIGNED,
                           signature == NULL ? _("The signature data holds no OpenPGP signature")
                                             : _("The signature data holds more than one signature"));
      return FALSE;
    }

  if (!set_error_from_signature (signature, error))
    return FALSE;

  if (out_fingerprint != NULL)
    {
      *out_fingerprint = cached_primary_fingerprint (self, ctx, signature->fpr, error);
      if (*out_fingerprint == NULL)
        return FALSE;
    }

  return TRUE;
}

/* gpg did run (new_context() checked that), so a failure to read the
 * signature data means the data is not a signature: a public key or
 * another file picked by mistake gives a general error, not NO_DATA. */
static void
set_verify_error (GError **error,
                  gpgme_error_t err)
{
  switch (gpgme_err_code (err))
    {
    case GPG_ERR_GENERAL:
    case GPG_ERR_UNEXPECTED:
    case GPG_ERR_BAD_DATA:
    case GPG_ERR_INV_PACKET:
      g_set_error_literal (error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_NOT_SIGNED,
                           _("The signature data could not be read as an OpenPGP signature"));
      break;

    default:
      set_error_from_gpgme (error, err, _("Could not check the signature"));
    }
}

/**
 * ringi_keyring_verify_detached:
 * @self: a #RingiKeyring
 * @data: the exact bytes that were signed
 * @signature: one detached OpenPGP signature, armoured or binary
 * @out_fingerprint: (out) (transfer full) (optional): the primary
 *   fingerprint of the key that signed, 40 upper-case hex digits
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Checks the signature cryptographically. Web-of-trust validity is not
 * asked for: whose key it must be is the directory's business, so the
 * caller compares @out_fingerprint with the key it expects.
 *
 * Returns: %TRUE when GnuPG reports a good signature
 */
gboolean
ringi_keyring_verify_detached (RingiKeyring *self,
                               GBytes *data,
                               GBytes *signature,
                               char **out_fingerprint,
                               GCancellable *cancellable,
                               GError **error)
{
  g_auto(gpgme_data_t) signed_text = NULL;
  g_auto(gpgme_data_t) sig = NULL;
  gpgme_ctx_t ctx;
  gpgme_error_t err;
  gboolean ok;
  gulong watch;

  g_return_val_if_fail (RINGI_IS_KEYRING (self), FALSE);
  g_return_val_if_fail (data != NULL && signature != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  ctx = take_verify_context (self, error);
  if (ctx == NULL)
    return FALSE;

  signed_text = data_from_bytes (data);
  sig = data_from_bytes (signature);
  watch = watch_cancellable (cancellable, ctx);
  err = gpgme_op_verify (ctx, sig, signed_text, NULL);
  unwatch_cancellable (cancellable, watch);

  if (err != 0)
    {
      set_verify_error (error, err);
      ok = FALSE;
    }
  else
    ok = check_verify_result (self, ctx, out_fingerprint, error);

  /* A cancelled context may be left mid-operation: never reuse it. */
  if (g_cancellable_is_cancelled (cancellable))
    gpgme_release (ctx);
  else
    give_back_verify_context (self, ctx);

  return ok;
}

/**
 * ringi_keyring_kill_agent:
 * @self: a #RingiKeyring
 *
 * Stops the gpg-agent of this home (`gpgconf --homedir H --kill all`), for
 * test teardown and for command-line programs on exit.
 */
void
ringi_keyring_kill_agent (RingiKeyring *self)
{
  const char *argv[] = { "gpgconf", "--homedir", NULL, "--kill", "all", NULL };
  g_autoptr(GError) error = NULL;

  g_return_if_fail (RINGI_IS_KEYRING (self));

  argv[2] = self->home;
  if (!g_spawn_sync (NULL, (char **) argv, NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, NULL, &error))
    g_debug ("Could not stop the gpg-agent of %s: %s", self->home, error->message);
}

/* Async variants: each copies its inputs into the task, runs the sync
 * function in a worker thread and returns the result to the caller's
 * main context. */

typedef struct
{
  char *login;
  char *display_name;
  char *passphrase;
  char *new_passphrase;
  char *fingerprint;
  GBytes *data;
  GBytes *signature;
} TaskData;

static void
scrub_free (char *secret)
{
  if (secret != NULL)
    {
      explicit_bzero (secret, strlen (secret));
      g_free (secret);
    }
}

static void
task_data_free (TaskData *data)
{
  g_free (data->login);
  g_free (data->display_name);
  scrub_free (data->passphrase);
  scrub_free (data->new_passphrase);
  g_free (data->fingerprint);
  g_clear_pointer (&data->data, g_bytes_unref);
  g_clear_pointer (&data->signature, g_bytes_unref);
  g_free (data);
}

static GTask *
new_task (RingiKeyring *self,
          gpointer source_tag,
          TaskData *data,
          GCancellable *cancellable,
          GAsyncReadyCallback callback,
          gpointer user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, (GDestroyNotify) task_data_free);
  return task;
}

static void
generate_key_thread (GTask *task,
                     gpointer source_object,
                     gpointer task_data,
                     GCancellable *cancellable)
{
  TaskData *data = task_data;
  GError *error = NULL;
  char *fingerprint = NULL;

  if (ringi_keyring_generate_key (source_object, data->login, data->display_name, data->passphrase,
                                  &fingerprint, cancellable, &error))
    g_task_return_pointer (task, fingerprint, g_free);
  else
    g_task_return_error (task, error);
}

void
ringi_keyring_generate_key_async (RingiKeyring *self,
                                  const char *login,
                                  const char *display_name,
                                  const char *passphrase,
                                  GCancellable *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  TaskData *data;

  g_return_if_fail (RINGI_IS_KEYRING (self));
  g_return_if_fail (login != NULL && display_name != NULL && passphrase != NULL);

  data = g_new0 (TaskData, 1);
  data->login = g_strdup (login);
  data->display_name = g_strdup (display_name);
  data->passphrase = g_strdup (passphrase);

  task = new_task (self, ringi_keyring_generate_key_async, data, cancellable, callback, user_data);
  g_task_run_in_thread (task, generate_key_thread);
}

/**
 * ringi_keyring_generate_key_finish:
 * @self: a #RingiKeyring
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the new key's fingerprint, or %NULL with
 *   @error set
 */
char *
ringi_keyring_generate_key_finish (RingiKeyring *self,
                                   GAsyncResult *result,
                                   GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ringi_keyring_generate_key_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
sign_thread (GTask *task,
             gpointer source_object,
             gpointer task_data,
             GCancellable *cancellable)
{
  TaskData *data = task_data;
  GError *error = NULL;
  GBytes *signature;

  signature = ringi_keyring_sign_detached (source_object, data->fingerprint, data->passphrase,
                                           data->data, cancellable, &error);
  if (signature != NULL)
    g_task_return_pointer (task, signature, (GDestroyNotify) g_bytes_unref);
  else
    g_task_return_error (task, error);
}

void
ringi_keyring_sign_detached_async (RingiKeyring *self,
                                   const char *fingerprint,
                                   const char *passphrase,
                                   GBytes *data,
                                   GCancellable *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  TaskData *task_data;

  g_return_if_fail (RINGI_IS_KEYRING (self));
  g_return_if_fail (fingerprint != NULL && passphrase != NULL && data != NULL);

  task_data = g_new0 (TaskData, 1);
  task_data->fingerprint = g_strdup (fingerprint);
  task_data->passphrase = g_strdup (passphrase);
  task_data->data = g_bytes_ref (data);

  task = new_task (self, ringi_keyring_sign_detached_async, task_data, cancellable, callback, user_data);
  g_task_run_in_thread (task, sign_thread);
}

/**
 * ringi_keyring_sign_detached_finish:
 * @self: a #RingiKeyring
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the armoured signature, or %NULL with @error
 *   set
 */
GBytes *
ringi_keyring_sign_detached_finish (RingiKeyring *self,
                                    GAsyncResult *result,
                                    GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ringi_keyring_sign_detached_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
verify_thread (GTask *task,
               gpointer source_object,
               gpointer task_data,
               GCancellable *cancellable)
{
  TaskData *data = task_data;
  GError *error = NULL;
  char *fingerprint = NULL;

  if (ringi_keyring_verify_detached (source_object, data->data, data->signature,
                                     &fingerprint, cancellable, &error))
    g_task_return_pointer (task, fingerprint, g_free);
  else
    g_task_return_error (task, error);
}

void
ringi_keyring_verify_detached_async (RingiKeyring *self,
                                     GBytes *data,
                                     GBytes *signature,
                                     GCancellable *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  TaskData *task_data;

  g_return_if_fail (RINGI_IS_KEYRING (self));
  g_return_if_fail (data != NULL && signature != NULL);

  task_data = g_new0 (TaskData, 1);
  task_data->data = g_bytes_ref (data);
  task_data->signature = g_bytes_ref (signature);

  task = new_task (self, ringi_keyring_verify_detached_async, task_data, cancellable, callback, user_data);
  g_task_run_in_thread (task, verify_thread);
}

/**
 * ringi_keyring_verify_detached_finish:
 * @self: a #RingiKeyring
 * @result: the result passed to the callback
 * @out_fingerprint: (out) (transfer full) (optional): the primary
 *   fingerprint of the key that signed
 * @error: return location for a #GError
 *
 * Returns: %TRUE when GnuPG reported a good signature
 */
gboolean
ringi_keyring_verify_detached_finish (RingiKeyring *self,
                                      GAsyncResult *result,
                                      char **out_fingerprint,
                                      GError **error)
{
  g_autofree char *fingerprint = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ringi_keyring_verify_detached_async, FALSE);

  fingerprint = g_task_propagate_pointer (G_TASK (result), error);
  if (fingerprint == NULL)
    return FALSE;

  if (out_fingerprint != NULL)
    *out_fingerprint = g_steal_pointer (&fingerprint);
  return TRUE;
}

static void
change_passphrase_thread (GTask *task,
                          gpointer source_object,
                          gpointer task_data,
                          GCancellable *cancellable)
{
  TaskData *data = task_data;
  GError *error = NULL;

  if (ringi_keyring_change_passphrase (source_object, data->fingerprint, data->passphrase,
                                       data->new_passphrase, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
ringi_keyring_change_passphrase_async (RingiKeyring *self,
                                       const char *fingerprint,
                                       const char *old_passphrase,
                                       const char *new_passphrase,
                                       GCancellable *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  TaskData *data;

  g_return_if_fail (RINGI_IS_KEYRING (self));
  g_return_if_fail (fingerprint != NULL && old_passphrase != NULL && new_passphrase != NULL);

  data = g_new0 (TaskData, 1);
  data->fingerprint = g_strdup (fingerprint);
  data->passphrase = g_strdup (old_passphrase);
  data->new_passphrase = g_strdup (new_passphrase);

  task = new_task (self, ringi_keyring_change_passphrase_async, data, cancellable, callback, user_data);
  g_task_run_in_thread (task, change_passphrase_thread);
}

/**
 * ringi_keyring_change_passphrase_finish:
 * @self: a #RingiKeyring
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the key now opens with the new seal PIN only
 */
gboolean
ringi_keyring_change_passphrase_finish (RingiKeyring *self,
                                        GAsyncResult *result,
                                        GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ringi_keyring_change_passphrase_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
export_public_thread (GTask *task,
                      gpointer source_object,
                      gpointer task_data,
                      GCancellable *cancellable)
{
  TaskData *data = task_data;
  GError *error = NULL;
  GBytes *armored = ringi_keyring_export_public (source_object, data->fingerprint, &error);

  if (armored != NULL)
    g_task_return_pointer (task, armored, (GDestroyNotify) g_bytes_unref);
  else
    g_task_return_error (task, error);
}

void
ringi_keyring_export_public_async (RingiKeyring *self,
                                   const char *fingerprint,
                                   GCancellable *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  TaskData *data;

  g_return_if_fail (RINGI_IS_KEYRING (self));
  g_return_if_fail (fingerprint != NULL && fingerprint[0] != '\0');

  data = g_new0 (TaskData, 1);
  data->fingerprint = g_strdup (fingerprint);

  task = new_task (self, ringi_keyring_export_public_async, data, cancellable, callback, user_data);
  g_task_run_in_thread (task, export_public_thread);
}

/**
 * ringi_keyring_export_public_finish:
 * @self: a #RingiKeyring
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the armoured public key, or %NULL with
 *   @error set
 */
GBytes *
ringi_keyring_export_public_finish (RingiKeyring *self,
                                    GAsyncResult *result,
                                    GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ringi_keyring_export_public_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
