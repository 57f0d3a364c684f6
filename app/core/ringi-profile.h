/* ringi-profile.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ringi-keyring.h"
#include "ringi-outbox.h"
#include "ringi-store.h"

G_BEGIN_DECLS

/**
 * RingiProfileError:
 * @RINGI_PROFILE_ERROR_FAILED: the profile folder or its key folder could
 *   not be made ready; the message says which and why
 * @RINGI_PROFILE_ERROR_NOT_ENROLLED: the profile has no server and key
 *   yet: enroll first
 * @RINGI_PROFILE_ERROR_ALREADY_ENROLLED: the profile already belongs to
 *   someone on a server
 *
 * Errors of a client profile, beyond those of its store and keyring.
 */
typedef enum
{
  RINGI_PROFILE_ERROR_FAILED,
  RINGI_PROFILE_ERROR_NOT_ENROLLED,
  RINGI_PROFILE_ERROR_ALREADY_ENROLLED,
} RingiProfileError;

#define RINGI_PROFILE_ERROR (ringi_profile_error_quark ())
GQuark ringi_profile_error_quark (void);

/**
 * RingiSyncSettings:
 * @server_url: (nullable): the server, e.g. `https://ringi.example:8443`
 * @ca_file: (nullable): the pinned CA certificates, a copy inside the
 *   profile; %NULL trusts the system's certificate authorities
 * @login: (nullable): whose profile this is
 * @fingerprint: (nullable): the key the server bound to @login
 * @token: (nullable): the bearer token of the current session
 * @token_expires_at: (nullable): when @token stops working, RFC 3339
 * @cursor: the sequence number of the last change applied here
 * @directory_synced_at: (nullable): when the directory was last fetched
 *
 * Where and as whom a profile syncs; %NULL members are not set yet.
 */
typedef struct
{
  char *server_url;
  char *ca_file;
  char *login;
  char *fingerprint;
  char *token;
  char *token_expires_at;
  guint64 cursor;
  char *directory_synced_at;
} RingiSyncSettings;

void ringi_sync_settings_free (RingiSyncSettings *settings);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RingiSyncSettings, ringi_sync_settings_free)

#define RINGI_TYPE_PROFILE (ringi_profile_get_type ())
G_DECLARE_FINAL_TYPE (RingiProfile, ringi_profile, RINGI, PROFILE, GObject)

char *ringi_profile_dup_default_dir (void);
RingiProfile *ringi_profile_open (const char *dir,
                                  GError **error);
const char *ringi_profile_get_dir (RingiProfile *self);
RingiStore *ringi_profile_get_store (RingiProfile *self);
RingiKeyring *ringi_profile_get_keyring (RingiProfile *self);
RingiOutbox *ringi_profile_get_outbox (RingiProfile *self);

RingiSyncSettings *ringi_profile_dup_settings (RingiProfile *self,
                                               GError **error);
gboolean ringi_profile_is_enrolled (RingiProfile *self);
gboolean ringi_profile_save_enrollment (RingiProfile *self,
                                        const char *server_url,
                                        const char *ca_file,
                                        const char *login,
                                        const char *fingerprint,
                                        GError **error);
gboolean ringi_profile_move_server (RingiProfile *self,
                                    const char *server_url,
                                    const char *ca_file,
                                    GError **error);
gboolean ringi_profile_save_token (RingiProfile *self,
                                   const char *token,
                                   const char *expires_at,
                                   GError **error);
gboolean ringi_profile_set_cursor (RingiProfile *self,
                                   guint64 cursor,
                                   GError **error);
gboolean ringi_profile_set_directory_synced (RingiProfile *self,
                                             const char *when,
                                             GError **error);

G_END_DECLS
