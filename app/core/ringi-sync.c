/* ringi-sync.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ringi-core-enums.h"
#include "ringi-sync-private.h"

/* Ops per POST /ops */
#define BATCH_SIZE 50
/* How old the directory may get before an automatic round fetches it */
#define DIRECTORY_MAX_AGE (G_TIME_SPAN_HOUR)
/* Retries: doubling from BACKOFF_BASE up to BACKOFF_MAX milliseconds */
#define BACKOFF_BASE 2000
#define BACKOFF_MAX  (15 * 60 * 1000)
/* Automatic mode pulls this often even without a hint (seconds) */
#define POLL_INTERVAL (5 * 60)
/* After the events socket closes, the round that reopens it (seconds) */
#define EVENTS_RETRY 30

/* The sync engine: local actions go to the outbox (ringi-sync-actions.c);
 * a round pushes the outbox, fetches the directory when it is old, and
 * pulls changes page by page (ringi-sync-apply.c). Rounds run one at a
 * time; callers arriving during a round are served by the next one, which
 * then includes what they just did. */

G_DEFINE_FINAL_TYPE (RingiSync, ringi_sync, G_TYPE_OBJECT)
G_DEFINE_QUARK (ringi-sync-error-quark, ringi_sync_error)

enum
{
  PROP_0,
  PROP_PROFILE,
  PROP_STATE,
  PROP_N_WAITING,
  PROP_N_REFUSED,
  PROP_ERROR_MESSAGE,
  PROP_NEEDS_SIGN_IN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  ENROLL_PHASE,
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void start_round (RingiSync *self);

static void
ringi_sync_dispose (GObject *object)
{
  RingiSync *self = (RingiSync *) object;

  ringi_sync_stop (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->profile);
  if (self->passphrase_destroy != NULL)
    self->passphrase_destroy (self->passphrase_data);
  self->passphrase_func = NULL;
  self->passphrase_destroy = NULL;

  G_OBJECT_CLASS (ringi_sync_parent_class)->dispose (object);
}

static void
ringi_sync_finalize (GObject *object)
{
  RingiSync *self = (RingiSync *) object;

  g_clear_pointer (&self->error_message, g_free);
  g_clear_pointer (&self->round_tasks, g_ptr_array_unref);
  g_clear_pointer (&self->next_tasks, g_ptr_array_unref);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (ringi_sync_parent_class)->finalize (object);
}

static void
ringi_sync_get_property (GObject *object,
                         guint prop_id,
                         GValue *value,
                         GParamSpec *pspec)
{
  RingiSync *self = RINGI_SYNC (object);

  switch (prop_id)
    {
    case PROP_PROFILE:
      g_value_set_object (value, self->profile);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_N_WAITING:
      g_value_set_uint (value, self->n_waiting);
      break;

    case PROP_N_REFUSED:
      g_value_set_uint (value, self->n_refused);
      break;

    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;

    case PROP_NEEDS_SIGN_IN:
      g_value_set_boolean (value, self->needs_sign_in);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ringi_sync_class_init (RingiSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ringi_sync_dispose;
  object_class->finalize = ringi_sync_finalize;
  object_class->get_property = ringi_sync_get_property;

  properties[PROP_PROFILE] =
    g_param_spec_object ("profile", NULL, NULL,
                         RINGI_TYPE_PROFILE,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * RingiSync:state:
   *
   * Synced, syncing, offline or error, for the status shown to people.
   */
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       RINGI_TYPE_SYNC_STATE, RINGI_SYNC_STATE_OFFLINE,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  /**
   * RingiSync:n-waiting:
   *
   * How many local actions wait to be sent.
   */
  properties[PROP_N_WAITING] =
    g_param_spec_uint ("n-waiting", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  /**
   * RingiSync:n-refused:
   *
   * How many refusals of the server the person has not dismissed yet.
   */
  properties[PROP_N_REFUSED] =
    g_param_spec_uint ("n-refused", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  /**
   * RingiSync:error-message:
   *
   * Why the last round failed, for people; %NULL after a success.
   */
  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  /**
   * RingiSync:needs-sign-in:
   *
   * Whether the last round stopped because signing in to the server
   * needs the seal PIN, which the passphrase function did not give: a
   * window asks the person, then pokes the sync.
   */
  properties[PROP_NEEDS_SIGN_IN] =
    g_param_spec_boolean ("needs-sign-in", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RingiSync::enroll-phase:
   * @self: the #RingiSync
   * @phase: the #RingiEnrollPhase that starts now
   *
   * Emitted as ringi_sync_enroll_async() moves on, so that people see
   * what the wait is for.
   */
  signals[ENROLL_PHASE] =
    g_signal_new ("enroll-phase",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, RINGI_TYPE_ENROLL_PHASE);

  /**
   * RingiSync::changed:
   *
   * Emitted on the main context after a round that pushed, refused or
   * pulled something, and after each local action: lists shown from the
   * store should be read again.
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

/* For ringi-sync-actions.c */
void
ringi_sync_emit_enroll_phase (RingiSync *self,
                              RingiEnrollPhase phase)
{
  g_signal_emit (self, signals[ENROLL_PHASE], 0, phase);
}

static void
ringi_sync_init (RingiSync *self)
{
  self->state = RINGI_SYNC_STATE_OFFLINE;
  self->cancellable = g_cancellable_new ();
  self->next_tasks = g_ptr_array_new_with_free_func (g_object_unref);
}

void
ringi_request_summary_free (RingiRequestSummary *summary)
{
  if (summary == NULL)
    return;

  ringi_request_info_free (summary->info);
  g_strfreev (summary->actions);
  g_free (summary->on_behalf_of);
  g_free (summary);
}

/**
 * ringi_sync_new:
 * @profile: the profile to sync
 *
 * Returns: (transfer full): the sync engine of @profile; it does nothing
 *   by itself until ringi_sync_start()
 */
RingiSync *
ringi_sync_new (RingiProfile *profile)
{
  RingiSync *self;

  g_return_val_if_fail (RINGI_IS_PROFILE (profile), NULL);

  self = g_object_new (RINGI_TYPE_SYNC, NULL);
  self->profile = g_object_ref (profile);
  ringi_sync_update_counts (self);
  return self;
}

RingiProfile *
ringi_sync_get_profile (RingiSync *self)
{
  g_return_val_if_fail (RINGI_IS_SYNC (self), NULL);

  return self->profile;
}

/**
 * ringi_sync_set_passphrase_func:
 * @self: a #RingiSync
 * @func: (nullable): asks for the seal PIN when signing in to the server
 *   needs it
 * @user_data: for @func
 * @destroy: (nullable): frees @user_data
 */
void
ringi_sync_set_passphrase_func (RingiSync *self,
                                RingiPassphraseFunc func,
                                gpointer user_data,
                                GDestroyNotify destroy)
{
  g_return_if_fail (RINGI_IS_SYNC (self));

  if (self->passphrase_destroy != NULL)
    self->passphrase_destroy (self->passphrase_data);
  self->passphrase_func = func;
  self->passphrase_data = user_data;
  self->passphrase_destroy = destroy;
}

RingiSyncState
ringi_sync_get_state (RingiSync *self)
{
  g_return_val_if_fail (RINGI_IS_SYNC (self), RINGI_SYNC_STATE_OFFLINE);

  return self->state;
}

guint
ringi_sync_get_n_waiting (RingiSync *self)
{
  g_return_val_if_fail (RINGI_IS_SYNC (self), 0);

  return self->n_waiting;
}

guint
ringi_sync_get_n_refused (RingiSync *self)
{
  g_return_val_if_fail (RINGI_IS_SYNC (self), 0);

  return self->n_refused;
}

const char *
ringi_sync_get_error_message (RingiSync *self)
{
  g_return_val_if_fail (RINGI_IS_SYNC (self), NULL);

  return self->error_message;
}

gboolean
ringi_sync_get_needs_sign_in (RingiSync *self)
{
  g_return_val_if_fail (RINGI_IS_SYNC (self), FALSE);

  return self->needs_sign_in;
}

static void
set_needs_sign_in (RingiSync *self,
                   const GError *error)
{
  /* A wrong PIN given to sign in still leaves signing in to do. */
  gboolean needs = g_error_matches (error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_NEEDS_PASSPHRASE) ||
                   g_error_matches (error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_BAD_PASSPHRASE);

  if (self->needs_sign_in != needs)
    {
      self->needs_sign_in = needs;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEEDS_SIGN_IN]);
    }
}

static void
set_state (RingiSync *self,
           RingiSyncState state,
           const char *message)
{
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }

  if (g_strcmp0 (self->error_message, message) != 0)
    {
      g_free (self->error_message);
      self->error_message = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
    }
}

/* Reads the counts the GUI shows back from the store. */
void
ringi_sync_update_counts (RingiSync *self)
{
  RingiOutbox *outbox = ringi_profile_get_outbox (self->profile);
  g_autoptr(GPtrArray) refusals = ringi_outbox_list_refusals (outbox, NULL);
  guint n_waiting = ringi_outbox_count_queued (outbox, NULL);
  guint n_refused = refusals ? refusals->len : 0;

  if (self->n_waiting != n_waiting)
    {
      self->n_waiting = n_waiting;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_WAITING]);
    }

  if (self->n_refused != n_refused)
    {
      self->n_refused = n_refused;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_REFUSED]);
    }
}

/* A local action was queued: show it waiting, and send it soon. */
void
ringi_sync_local_change (RingiSync *self)
{
  ringi_sync_update_counts (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  ringi_sync_poke (self);
}

static char *
client_passphrase_cb (gpointer user_data)
{
  RingiSync *self = user_data;

  return self->passphrase_func ? self->passphrase_func (self->passphrase_data) : NULL;
}

static void
token_changed_cb (RingiClient *client,
                  GParamSpec *pspec,
                  gpointer user_data)
{
  RingiSync *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ringi_profile_save_token (self->profile, ringi_client_get_token (client),
                                 ringi_client_get_token_expires_at (client), &error))
    g_warning ("Could not keep the session token: %s", error->message);
}

static void
changes_hinted_cb (RingiClient *client,
                   guint64 seq,
                   gpointer user_data)
{
  RingiSync *self = user_data;
  g_autoptr(RingiSyncSettings) settings = ringi_profile_dup_settings (self->profile, NULL);

  if (settings != NULL && seq > settings->cursor)
    ringi_sync_poke (self);
}

static gboolean
events_retry_cb (gpointer user_data)
{
  RingiSync *self = user_data;

  self->timer_source = 0;
  ringi_sync_poke (self);
  return G_SOURCE_REMOVE;
}

static void
events_closed_cb (RingiClient *client,
                  gpointer user_data)
{
  RingiSync *self = user_data;

  if (self->started && !self->round_running)
    {
      g_clear_handle_id (&self->timer_source, g_source_remove);
      self->timer_source = g_timeout_add_seconds (EVENTS_RETRY, events_retry_cb, self);
    }
}

/**
 * ringi_sync_ensure_client:
 * @self: a #RingiSync
 * @error: return location for a #GError
 *
 * Returns: (transfer none): the client for the profile's server, made on
 *   first use, or %NULL with @error set (the profile is not enrolled)
 */
RingiClient *
ringi_sync_ensure_client (RingiSync *self,
                          GError **error)
{
  g_autoptr(RingiSyncSettings) settings = NULL;
  g_autoptr(RingiClient) client = NULL;

  if (self->client != NULL)
    return self->client;

  settings = ringi_profile_dup_settings (self->profile, error);
  if (settings == NULL)
    return NULL;

  if (settings->server_url == NULL || settings->login == NULL || settings->fingerprint == NULL)
    {
      g_set_error_literal (error, RINGI_PROFILE_ERROR, RINGI_PROFILE_ERROR_NOT_ENROLLED,
                           _("This profile is not enrolled with a server yet"));
      return NULL;
    }

  client = ringi_client_new (settings->server_url, settings->ca_file, error);
  if (client == NULL)
    return NULL;

  ringi_client_set_identity (client, ringi_profile_get_keyring (self->profile),
                             settings->login, settings->fingerprint);
  ringi_client_set_token (client, settings->token, settings->token_expires_at);
  ringi_client_set_passphrase_func (client, client_passphrase_cb, self, NULL);
  g_signal_connect_object (client, "notify::token", G_CALLBACK (token_changed_cb), self, 0);
  g_signal_connect_object (client, "changes-hinted", G_CALLBACK (changes_hinted_cb), self, 0);
  g_signal_connect_object (client, "events-closed", G_CALLBACK (events_closed_cb), self, 0);
  self->client = g_steal_pointer (&client);
  return self->client;
}

/**
 * ringi_sync_drop_client:
 * @self: a #RingiSync
 *
 * Forgets the cached client, so that the next round makes one from the
 * profile's settings as they are now. A round still running keeps its
 * own reference; its token no longer reaches the profile.
 */
void
ringi_sync_drop_client (RingiSync *self)
{
  if (self->client == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->client, self);
  ringi_client_disconnect_events (self->client);
  g_clear_object (&self->client);
}

/* Backoff */

guint
ringi_sync_backoff_delay (guint attempt,
                          double random)
{
  guint delay = BACKOFF_MAX;

  if (attempt < 20)
    delay = MIN ((guint) BACKOFF_MAX, (guint) BACKOFF_BASE << attempt);

  /* "equal jitter": half fixed, so retries never come too fast; half
   * random, so that clients cut off together do not return together */
  return delay / 2 + (guint) (random * (delay / 2));
}

/* Rounds */

typedef struct
{
  RingiSync *self;
  RingiClient *client;
  GCancellable *cancellable;
  GPtrArray *tasks;
  GArray *cancel_handlers;
  RingiSyncReport report;
  gboolean want_directory;
  gboolean one_by_one;
  GPtrArray *batch;
  guint blob_index;
  JsonArray *changes;
  guint64 next;
  gboolean more;
  GPtrArray *missing;
  guint missing_index;
  GHashTable *blobs;
} Round;

typedef struct
{
  GCancellable *cancellable;
  gulong handler;
} CancelHandler;

static void
round_free (Round *round)
{
  for (guint i = 0; i < round->cancel_handlers->len; i++)
    {
      CancelHandler *h = &g_array_index (round->cancel_handlers, CancelHandler, i);

      g_cancellable_disconnect (h->cancellable, h->handler);
      g_object_unref (h->cancellable);
    }
  g_array_unref (round->cancel_handlers);
  g_clear_object (&round->self);
  g_clear_object (&round->client);
  g_clear_object (&round->cancellable);
  g_clear_pointer (&round->tasks, g_ptr_array_unref);
  g_clear_pointer (&round->batch, g_ptr_array_unref);
  g_clear_pointer (&round->changes, json_array_unref);
  g_clear_pointer (&round->missing, g_ptr_array_unref);
  g_clear_pointer (&round->blobs, g_hash_table_unref);
  g_free (round);
}

static void
schedule_round (RingiSync *self,
                guint delay_ms);

static gboolean
error_is_offline (const GError *error)
{
  return g_error_matches (error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_NETWORK);
}

static void
connect_events_cb (GObject *source,
                   GAsyncResult *result,
                   gpointer user_data)
{
  g_autoptr(RingiSync) self = user_data;
  g_autoptr(GError) error = NULL;

  self->events_connecting = FALSE;
  if (!ringi_client_connect_events_finish (RINGI_CLIENT (source), result, &error))
    g_debug ("No events socket: %s", error->message);
}

/* Automatic mode after a round: retry with backoff after a failure;
 * after a success, keep the events socket open and poll now and then. */
static void
plan_after_round (RingiSync *self,
                  const GError *error)
{
  if (!self->started)
    return;

  if (self->automatic_round_wanted || self->next_tasks->len > 0)
    return;

  /* Retrying cannot enroll the profile: that waits for the person. */
  if (g_error_matches (error, RINGI_PROFILE_ERROR, RINGI_PROFILE_ERROR_NOT_ENROLLED))
    return;

  if (error != NULL)
    {
      schedule_round (self, ringi_sync_backoff_delay (self->attempt++, g_random_double ()));
      return;
    }

  self->attempt = 0;
  if (self->client != NULL && !self->events_connecting)
    {
      self->events_connecting = TRUE;
      ringi_client_connect_events_async (self->client, self->cancellable, connect_events_cb, g_object_ref (self));
    }
  schedule_round (self, POLL_INTERVAL * 1000);
}

static void
finish_round (Round *round,
              GError *error)
{
  RingiSync *self = g_object_ref (round->self);
  const RingiSyncReport *report = &round->report;

  self->round_running = FALSE;
  ringi_sync_update_counts (self);
  /* Also after a failed round: the pages applied before it stay. */
  if (report->pushed + report->refused + report->pulled > 0)
    g_signal_emit (self, signals[SIGNAL_CHANGED], 0);

  set_needs_sign_in (self, error);
  if (error == NULL)
    set_state (self, RINGI_SYNC_STATE_SYNCED, NULL);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_state (self, RINGI_SYNC_STATE_OFFLINE, NULL);
  else if (error_is_offline (error))
    set_state (self, RINGI_SYNC_STATE_OFFLINE, error->message);
  else
    set_state (self, RINGI_SYNC_STATE_ERROR, error->message);

  for (guint i = 0; i < round->tasks->len; i++)
    {
      GTask *task = g_ptr_array_index (round->tasks, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_pointer (task, g_memdup2 (&round->report, sizeof round->report), g_free);
    }

  plan_after_round (self, error);
  round_free (round);

  if (self->next_tasks->len > 0 || self->automatic_round_wanted)
    start_round (self);
  g_object_unref (self);
}

static void finish_round_with (Round *round,
                               GError *error);

static void
finish_round_with (Round *round,
                   GError *error)
{
  g_autoptr(GError) owned = error;

  finish_round (round, owned);
}

static void pull_next_page (Round *round);
static void push_next_batch (Round *round);

/* Pull */

static void
apply_page (Round *round)
{
  g_autoptr(GError) error = NULL;

  if (!ringi_sync_apply_changes (round->self->profile, round->changes, round->next, round->blobs, &error))
    {
      finish_round_with (round, g_steal_pointer (&error));
      return;
    }

  round->report.pulled += json_array_get_length (round->changes);
  g_hash_table_remove_all (round->blobs);
  if (round->more)
    pull_next_page (round);
  else
    finish_round (round, NULL);
}

static void download_next_blob (Round *round);

static void
blob_downloaded_cb (GObject *source,
                    GAsyncResult *result,
                    gpointer user_data)
{
  Round *round = user_data;
  g_autoptr(GError) error = NULL;
  GBytes *blob = ringi_client_get_blob_finish (RINGI_CLIENT (source), result, &error);

  if (blob == NULL)
    {
      finish_round_with (round, g_steal_pointer (&error));
      return;
    }

  g_hash_table_insert (round->blobs, g_strdup (g_ptr_array_index (round->missing, round->missing_index)), blob);
  round->missing_index++;
  download_next_blob (round);
}

static void
download_next_blob (Round *round)
{
  if (round->missing_index >= round->missing->len)
    {
      apply_page (round);
      return;
    }

  ringi_client_get_blob_async (round->client, g_ptr_array_index (round->missing, round->missing_index),
                               round->cancellable, blob_downloaded_cb, round);
}

static void
page_cb (GObject *source,
         GAsyncResult *result,
         gpointer user_data)
{
  Round *round = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) page = ringi_client_get_changes_finish (RINGI_CLIENT (source), result, &error);
  g_autoptr(RingiSyncSettings) settings = NULL;

  if (page == NULL)
    {
      finish_round_with (round, g_steal_pointer (&error));
      return;
    }

  g_clear_pointer (&round->changes, json_array_unref);
  round->changes = json_array_ref (json_object_get_array_member (page, "changes"));
  round->next = json_object_get_int_member (page, "next");
  round->more = json_object_get_boolean_member_with_default (page, "more", FALSE);

  /* A server that says "more" without moving on would keep us here. */
  settings = ringi_profile_dup_settings (round->self->profile, &error);
  if (settings == NULL || (round->more && round->next <= settings->cursor))
    {
      if (error == NULL)
        g_set_error_literal (&error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_PROTOCOL,
                             _("The server’s list of changes does not move on"));
      finish_round_with (round, g_steal_pointer (&error));
      return;
    }

  g_clear_pointer (&round->missing, g_ptr_array_unref);
  round->missing = ringi_sync_list_missing_blobs (round->self->profile, round->changes, &error);
  if (round->missing == NULL)
    {
      finish_round_with (round, g_steal_pointer (&error));
      return;
    }

  round->missing_index = 0;
  download_next_blob (round);
}

static void
pull_next_page (Round *round)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiSyncSettings) settings = ringi_profile_dup_settings (round->self->profile, &error);

  if (settings == NULL)
    {
      finish_round_with (round, g_steal_pointer (&error));
      return;
    }

  ringi_client_get_changes_async (round->client, settings->cursor, 0, round->cancellable, page_cb, round);
}

/* Directory */

static void
directory_cb (GObject *source,
              GAsyncResult *result,
              gpointer user_data)
{
  Round *round = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) directory = ringi_client_get_directory_finish (RINGI_CLIENT (source), result, &error);

  if (directory == NULL || !ringi_sync_apply_directory (round->self->profile, directory, &error))
    {
      finish_round_with (round, g_steal_pointer (&error));
      return;
    }

  pull_next_page (round);
}

static gboolean
directory_is_old (RingiSync *self)
{
  g_autoptr(RingiSyncSettings) settings = ringi_profile_dup_settings (self->profile, NULL);
  g_autoptr(GDateTime) synced = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  if (settings == NULL || settings->directory_synced_at == NULL)
    return TRUE;

  synced = g_date_time_new_from_iso8601 (settings->directory_synced_at, NULL);
  return synced == NULL || g_date_time_difference (now, synced) > DIRECTORY_MAX_AGE;
}

static void
refresh_directory (Round *round)
{
  if (!round->want_directory && !directory_is_old (round->self))
    {
      pull_next_page (round);
      return;
    }

  ringi_client_get_directory_async (round->client, round->cancellable, directory_cb, round);
}

/* Push */

static void
count_refusal (Round *round,
               const char *op_id,
               const char *code,
               const char *message,
               GError **error)
{
  if (ringi_outbox_mark_refused (ringi_profile_get_outbox (round->self->profile), op_id, code, message, error))
    round->report.refused++;
}

static GBytes *
decode_member (JsonObject *object,
               const char *member)
{
  const char *text = json_object_get_string_member_with_default (object, member, NULL);
  gsize length = 0;
  guchar *data;

  if (text == NULL)
    return NULL;

  data = g_base64_decode (text, &length);
  return g_bytes_new_take (data, length);
}

static JsonObject *
get_object_member (JsonObject *object,
                   const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gboolean
apply_result (Round *round,
              JsonObject *result,
              GError **error)
{
  RingiOutbox *outbox = ringi_profile_get_outbox (round->self->profile);
  const char *id = json_object_get_string_member_with_default (result, "id", NULL);
  const char *status = json_object_get_string_member_with_default (result, "status", NULL);

  if (id == NULL || status == NULL)
    return TRUE;

  if (g_str_equal (status, "applied"))
    {
      JsonObject *receipt = get_object_member (result, "receipt");
      g_autoptr(GBytes) record = receipt ? decode_member (receipt, "record") : NULL;
      const char *signature_text = receipt ? json_object_get_string_member_with_default (receipt, "signature", NULL) : NULL;
      g_autoptr(GBytes) signature = signature_text ? g_bytes_new (signature_text, strlen (signature_text)) : NULL;

      if (!ringi_outbox_mark_applied (outbox, id, record, signature, error))
        return FALSE;
      round->report.pushed++;
    }
  else if (g_str_equal (status, "refused"))
    {
      JsonObject *reason = get_object_member (result, "error");
      const char *code = reason ? json_object_get_string_member_with_default (reason, "code", NULL) : NULL;
      const char *message = reason ? json_object_get_string_member_with_default (reason, "message", NULL) : NULL;
      g_autoptr(GError) local_error = NULL;

      count_refusal (round, id, code ? code : "refused", message ? message : _("The server gave no reason"), &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  return TRUE;
}

/* A batch the server refuses as a whole hides the op it dislikes: send
 * one by one, so that only that op is refused and the rest goes on. */
static void
batch_refused (Round *round,
               GError *error)
{
  g_autoptr(GError) local_error = NULL;

  if (round->batch->len > 1)
    {
      round->one_by_one = TRUE;
      push_next_batch (round);
      return;
    }

  count_refusal (round, ((RingiOutboxOp *) g_ptr_array_index (round->batch, 0))->id,
                 "invalid-request", error->message, &local_error);
  if (local_error != NULL)
    {
      finish_round_with (round, g_steal_pointer (&local_error));
      return;
    }

  push_next_batch (round);
}

static void
ops_posted_cb (GObject *source,
               GAsyncResult *result,
               gpointer user_data)
{
  Round *round = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) results = ringi_client_post_ops_finish (RINGI_CLIENT (source), result, &error);
  guint before = round->report.pushed + round->report.refused;

  if (results == NULL)
    {
      if (g_error_matches (error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_REFUSED))
        batch_refused (round, error);
      else
        finish_round_with (round, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonNode *node = json_array_get_element (results, i);

      if (JSON_NODE_HOLDS_OBJECT (node) && !apply_result (round, json_node_get_object (node), &error))
        {
          finish_round_with (round, g_steal_pointer (&error));
          return;
        }
    }

  ringi_sync_update_counts (round->self);
  if (round->report.pushed + round->report.refused == before)
    {
      g_set_error_literal (&error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_PROTOCOL,
                           _("The server did not answer for the changes sent"));
      finish_round_with (round, g_steal_pointer (&error));
      return;
    }

  push_next_batch (round);
}

static void
post_batch (Round *round)
{
  g_autoptr(JsonArray) ops = json_array_new ();

  for (guint i = 0; i < round->batch->len; i++)
    {
      RingiOutboxOp *op = g_ptr_array_index (round->batch, i);
      JsonNode *node = json_from_string (op->body, NULL);

      /* The body was written by the outbox; it is JSON. */
      g_assert (node != NULL);
      json_array_add_element (ops, node);
    }

  ringi_client_post_ops_async (round->client, ops, round->cancellable, ops_posted_cb, round);
}

static void upload_next_blob (Round *round);

static void
blob_uploaded_cb (GObject *source,
                  GAsyncResult *result,
                  gpointer user_data)
{
  Round *round = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) local_error = NULL;
  RingiOutboxOp *op = g_ptr_array_index (round->batch, round->blob_index);

  if (ringi_client_put_blob_finish (RINGI_CLIENT (source), result, &error))
    {
      round->blob_index++;
      upload_next_blob (round);
      return;
    }

  /* The server will never take this document: the op fails, visibly. */
  if (g_error_matches (error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_TOO_LARGE) ||
      g_error_matches (error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_REFUSED))
    {
      count_refusal (round, op->id,
                     g_error_matches (error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_TOO_LARGE) ? "too-large" : "invalid-request",
                     error->message, &local_error);
      if (local_error != NULL)
        finish_round_with (round, g_steal_pointer (&local_error));
      else
        push_next_batch (round);
      return;
    }

  finish_round_with (round, g_steal_pointer (&error));
}

static void
upload_next_blob (Round *round)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) blob = NULL;
  RingiOutboxOp *op;

  while (round->blob_index < round->batch->len &&
         ((RingiOutboxOp *) g_ptr_array_index (round->batch, round->blob_index))->blob_sha256 == NULL)
    round->blob_index++;

  if (round->blob_index >= round->batch->len)
    {
      post_batch (round);
      return;
    }

  op = g_ptr_array_index (round->batch, round->blob_index);
  blob = ringi_store_get_blob (ringi_profile_get_store (round->self->profile), op->blob_sha256, &error);
  if (blob == NULL)
    {
      finish_round_with (round, g_steal_pointer (&error));
      return;
    }

  ringi_client_put_blob_async (round->client, blob, round->cancellable, blob_uploaded_cb, round);
}

static void
push_next_batch (Round *round)
{
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&round->batch, g_ptr_array_unref);
  round->batch = ringi_outbox_list_queued (ringi_profile_get_outbox (round->self->profile),
                                           round->one_by_one ? 1 : BATCH_SIZE, &error);
  if (round->batch == NULL)
    {
      finish_round_with (round, g_steal_pointer (&error));
      return;
    }

  if (round->batch->len == 0)
    {
      refresh_directory (round);
      return;
    }

  round->blob_index = 0;
  upload_next_blob (round);
}

static void
task_cancelled_cb (GCancellable *cancellable,
                   gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static void
start_round (RingiSync *self)
{
  g_autoptr(GError) error = NULL;
  Round *round;

  g_assert (!self->round_running);

  round = g_new0 (Round, 1);
  round->self = g_object_ref (self);
  round->tasks = g_steal_pointer (&self->next_tasks);
  self->next_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  round->cancellable = g_cancellable_new ();
  round->cancel_handlers = g_array_new (FALSE, FALSE, sizeof (CancelHandler));
  round->blobs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  /* Someone asked for this round: fetch everything, the directory too. */
  round->want_directory = round->tasks->len > 0;
  self->automatic_round_wanted = FALSE;
  self->round_running = TRUE;
  g_clear_handle_id (&self->timer_source, g_source_remove);

  for (guint i = 0; i < round->tasks->len; i++)
    {
      GCancellable *cancellable = g_task_get_cancellable (g_ptr_array_index (round->tasks, i));
      CancelHandler h = { cancellable, 0 };

      if (cancellable == NULL)
        continue;
      g_object_ref (cancellable);
      h.handler = g_cancellable_connect (cancellable, G_CALLBACK (task_cancelled_cb),
                                         g_object_ref (round->cancellable), g_object_unref);
      g_array_append_val (round->cancel_handlers, h);
    }
  {
    CancelHandler h = { g_object_ref (self->cancellable), 0 };
    h.handler = g_cancellable_connect (self->cancellable, G_CALLBACK (task_cancelled_cb),
                                       g_object_ref (round->cancellable), g_object_unref);
    g_array_append_val (round->cancel_handlers, h);
  }

  round->client = ringi_sync_ensure_client (self, &error);
  if (round->client == NULL)
    {
      finish_round_with (round, g_steal_pointer (&error));
      return;
    }

  g_object_ref (round->client);
  set_state (self, RINGI_SYNC_STATE_SYNCING, NULL);
  /* The record's days are machine data: a fault queueing them must not
   * keep the person's own actions from the server. */
  if (!ringi_sync_queue_activity (self, &error))
    g_message ("The activity times could not be queued: %s", error->message);
  push_next_batch (round);
}

/**
 * ringi_sync_run_async:
 * @self: a #RingiSync
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the round is over
 * @user_data: for @callback
 *
 * Runs a sync round now: pushes the outbox, fetches the directory, pulls
 * every change since the stored cursor. If a round is running, the next
 * one serves this call, so that it includes every action made so far.
 */
void
ringi_sync_run_async (RingiSync *self,
                      GCancellable *cancellable,
                      GAsyncReadyCallback callback,
                      gpointer user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (RINGI_IS_SYNC (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ringi_sync_run_async);
  g_ptr_array_add (self->next_tasks, g_steal_pointer (&task));

  if (!self->round_running)
    start_round (self);
}

/**
 * ringi_sync_run_finish:
 * @self: a #RingiSync
 * @result: the result
 * @out_report: (out) (optional): what the round did
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the round went through
 */
gboolean
ringi_sync_run_finish (RingiSync *self,
                       GAsyncResult *result,
                       RingiSyncReport *out_report,
                       GError **error)
{
  g_autofree RingiSyncReport *report = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ringi_sync_run_async, FALSE);

  report = g_task_propagate_pointer (G_TASK (result), error);
  if (report == NULL)
    return FALSE;

  if (out_report != NULL)
    *out_report = *report;
  return TRUE;
}

/* Automatic mode */

static gboolean
timer_cb (gpointer user_data)
{
  RingiSync *self = user_data;

  self->timer_source = 0;
  ringi_sync_poke (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_round (RingiSync *self,
                guint delay_ms)
{
  g_clear_handle_id (&self->timer_source, g_source_remove);
  self->timer_source = g_timeout_add (delay_ms, timer_cb, self);
}

static void
network_changed_cb (GNetworkMonitor *monitor,
                    gboolean available,
                    gpointer user_data)
{
  RingiSync *self = user_data;

  if (available)
    {
      /* Back online: no reason to wait out the backoff. */
      self->attempt = 0;
      ringi_sync_poke (self);
      return;
    }

  g_clear_handle_id (&self->timer_source, g_source_remove);
  if (!self->round_running)
    set_state (self, RINGI_SYNC_STATE_OFFLINE, NULL);
}

/**
 * ringi_sync_start:
 * @self: a #RingiSync
 *
 * Syncs by itself from now on: at once, after every local action, when
 * the server hints at new changes (within seconds), when the network
 * comes back, every few minutes, and after failures with exponential
 * backoff and jitter.
 */
void
ringi_sync_start (RingiSync *self)
{
  GNetworkMonitor *monitor;

  g_return_if_fail (RINGI_IS_SYNC (self));

  if (self->started)
    return;

  self->started = TRUE;
  monitor = g_network_monitor_get_default ();
  self->network_handler = g_signal_connect_object (monitor, "network-changed",
                                                   G_CALLBACK (network_changed_cb), self, 0);
  if (g_network_monitor_get_network_available (monitor))
    ringi_sync_poke (self);
  else
    set_state (self, RINGI_SYNC_STATE_OFFLINE, NULL);
}

/**
 * ringi_sync_stop:
 * @self: a #RingiSync
 *
 * Stops syncing by itself; a round in progress is cancelled.
 */
void
ringi_sync_stop (RingiSync *self)
{
  g_return_if_fail (RINGI_IS_SYNC (self));

  if (!self->started)
    return;

  self->started = FALSE;
  self->automatic_round_wanted = FALSE;
  g_clear_signal_handler (&self->network_handler, g_network_monitor_get_default ());
  g_clear_handle_id (&self->timer_source, g_source_remove);
  if (self->client != NULL)
    ringi_client_disconnect_events (self->client);

  /* A fresh cancellable for the rounds callers may still ask for */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
}

/**
 * ringi_sync_poke:
 * @self: a #RingiSync
 *
 * In automatic mode, syncs as soon as possible: now, or right after the
 * round in progress. Does nothing before ringi_sync_start().
 */
void
ringi_sync_poke (RingiSync *self)
{
  g_return_if_fail (RINGI_IS_SYNC (self));

  if (!self->started)
    return;

  if (self->round_running)
    {
      self->automatic_round_wanted = TRUE;
      return;
    }

  self->automatic_round_wanted = TRUE;
  start_round (self);
}
