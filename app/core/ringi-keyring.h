/* ringi-keyring.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * RingiKeyringError:
 * @RINGI_KEYRING_ERROR_BAD_PASSPHRASE: the seal PIN does not unlock the
 *   key, or is empty
 * @RINGI_KEYRING_ERROR_NO_KEY: the key asked for, or the key a signature
 *   was made with, is not in this keyring
 * @RINGI_KEYRING_ERROR_BAD_SIGNATURE: the signature does not match the
 *   data, or was made with an expired or revoked key
 * @RINGI_KEYRING_ERROR_NOT_SIGNED: the signature data holds no signature,
 *   or more than one
 * @RINGI_KEYRING_ERROR_FAILED: GnuPG could not be run or failed otherwise;
 *   the message ends with GnuPG's own words
 *
 * Errors of the keyring. Cancellation gives %G_IO_ERROR_CANCELLED.
 */
typedef enum
{
  RINGI_KEYRING_ERROR_BAD_PASSPHRASE,
  RINGI_KEYRING_ERROR_NO_KEY,
  RINGI_KEYRING_ERROR_BAD_SIGNATURE,
  RINGI_KEYRING_ERROR_NOT_SIGNED,
  RINGI_KEYRING_ERROR_FAILED,
} RingiKeyringError;

#define RINGI_KEYRING_ERROR (ringi_keyring_error_quark ())
GQuark ringi_keyring_error_quark (void);

#define RINGI_TYPE_KEYRING (ringi_keyring_get_type ())
G_DECLARE_FINAL_TYPE (RingiKeyring, ringi_keyring, RINGI, KEYRING, GObject)

RingiKeyring *ringi_keyring_new (const char *home,
                                 GError **error);
const char *ringi_keyring_get_home (RingiKeyring *self);
void ringi_keyring_set_gpg_path (RingiKeyring *self,
                                 const char *gpg_path);

gboolean ringi_keyring_generate_key (RingiKeyring *self,
                                     const char *login,
                                     const char *display_name,
                                     const char *passphrase,
                                     char **out_fingerprint,
                                     GCancellable *cancellable,
                                     GError **error);
void ringi_keyring_generate_key_async (RingiKeyring *self,
                                       const char *login,
                                       const char *display_name,
                                       const char *passphrase,
                                       GCancellable *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer user_data);
char *ringi_keyring_generate_key_finish (RingiKeyring *self,
                                         GAsyncResult *result,
                                         GError **error);

GBytes *ringi_keyring_export_public (RingiKeyring *self,
                                     const char *fingerprint,
                                     GError **error);
void ringi_keyring_export_public_async (RingiKeyring *self,
                                        const char *fingerprint,
                                        GCancellable *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer user_data);
GBytes *ringi_keyring_export_public_finish (RingiKeyring *self,
                                            GAsyncResult *result,
                                            GError **error);
char *ringi_keyring_dup_user_id (RingiKeyring *self,
                                 const char *fingerprint,
                                 GError **error);
gboolean ringi_keyring_import (RingiKeyring *self,
                               GBytes *armored,
                               GStrv *out_fingerprints,
                               GError **error);

GBytes *ringi_keyring_sign_detached (RingiKeyring *self,
                                     const char *fingerprint,
                                     const char *passphrase,
                                     GBytes *data,
                                     GCancellable *cancellable,
                                     GError **error);
void ringi_keyring_sign_detached_async (RingiKeyring *self,
                                        const char *fingerprint,
                                        const char *passphrase,
                                        GBytes *data,
                                        GCancellable *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer user_data);
GBytes *ringi_keyring_sign_detached_finish (RingiKeyring *self,
                                            GAsyncResult *result,
                                            GError **error);

gboolean ringi_keyring_verify_detached (RingiKeyring *self,
                                        GBytes *data,
                                        GBytes *signature,
                                        char **out_fingerprint,
                                        GCancellable *cancellable,
                                        GError **error);
void ringi_keyring_verify_detached_async (RingiKeyring *self,
                                          GBytes *data,
                                          GBytes *signature,
                                          GCancellable *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer user_data);
gboolean ringi_keyring_verify_detached_finish (RingiKeyring *self,
                                               GAsyncResult *result,
                                               char **out_fingerprint,
                                               GError **error);

gboolean ringi_keyring_change_passphrase (RingiKeyring *self,
                                          const char *fingerprint,
                                          const char *old_passphrase,
                                          const char *new_passphrase,
                                          GCancellable *cancellable,
                                          GError **error);
void ringi_keyring_change_passphrase_async (RingiKeyring *self,
                                            const char *fingerprint,
                                            const char *old_passphrase,
                                            const char *new_passphrase,
                                            GCancellable *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer user_data);
gboolean ringi_keyring_change_passphrase_finish (RingiKeyring *self,
                                                 GAsyncResult *result,
                                                 GError **error);

void ringi_keyring_kill_agent (RingiKeyring *self);

G_END_DECLS
