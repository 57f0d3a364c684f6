/* ringi-sync-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ringi-sync.h"

G_BEGIN_DECLS

struct _RingiSync
{
  GObject parent_instance;

  RingiProfile *profile;
  RingiClient *client;
  RingiPassphraseFunc passphrase_func;
  gpointer passphrase_data;
  GDestroyNotify passphrase_destroy;

  RingiSyncState state;
  guint n_waiting;
  guint n_refused;
  char *error_message;
  gboolean needs_sign_in;

  /* Rounds: callers waiting for the round running now, and for the next */
  gboolean round_running;
  GPtrArray *round_tasks;
  GPtrArray *next_tasks;
  GCancellable *cancellable;

  /* Automatic mode (ringi_sync_start()) */
  gboolean started;
  gboolean automatic_round_wanted;
  guint attempt;
  guint timer_source;
  gulong network_handler;
  gboolean events_connecting;
};

RingiClient *ringi_sync_ensure_client (RingiSync *self,
                                       GError **error);
void ringi_sync_drop_client (RingiSync *self);
void ringi_sync_update_counts (RingiSync *self);
void ringi_sync_local_change (RingiSync *self);
void ringi_sync_submit_correction_async (RingiSync *self,
                                         const RingiRequestInfo *info,
                                         GBytes *pdf,
                                         const char *route,
                                         GBytes *punch_record,
                                         GBytes *punch_signature,
                                         const char *note,
                                         const char *passphrase,
                                         GCancellable *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer user_data);
gboolean ringi_sync_queue_activity (RingiSync *self,
                                    GError **error);
void ringi_sync_emit_enroll_phase (RingiSync *self,
                                   RingiEnrollPhase phase);

/* ringi-sync-apply.c: what the server sends, into the store */
GPtrArray *ringi_sync_list_missing_blobs (RingiProfile *profile,
                                          JsonArray *changes,
                                          GError **error);
gboolean ringi_sync_apply_changes (RingiProfile *profile,
                                   JsonArray *changes,
                                   guint64 next,
                                   GHashTable *blobs,
                                   GError **error);
gboolean ringi_sync_apply_directory (RingiProfile *profile,
                                     JsonObject *directory,
                                     GError **error);

/* The delay before retry number @attempt (from 0), in milliseconds:
 * doubling from 2 s up to 15 min, then jittered by @random in [0, 1)
 * over its upper half so that many clients do not return together. */
guint ringi_sync_backoff_delay (guint attempt,
                                double random);

G_END_DECLS
