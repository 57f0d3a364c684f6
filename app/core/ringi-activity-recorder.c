/* ringi-activity-recorder.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-activity-recorder"

#include "config.h"

#include "ringi-activity-recorder.h"

/* The objective record (安衛則 52-7-3, the MHLW telework guideline): when
 * this computer was in use, from what the desktop already announces —
 * the screen saver's ActiveChanged on the session bus, and logind's Lock,
 * Unlock and PrepareForSleep on the system bus — plus the app's own start
 * and quit. Nothing is asked of the person and nothing else is watched.
 * Where a bus or a service is missing, its events are simply not
 * recorded. Periods go to the profile's store (a single small write per
 * event). */

#define SCREENSAVER_NAME "org.gnome.ScreenSaver"
#define SCREENSAVER_PATH "/org/gnome/ScreenSaver"
#define LOGIN1_NAME      "org.freedesktop.login1"
#define LOGIN1_PATH      "/org/freedesktop/login1"
#define LOGIN1_MANAGER   "org.freedesktop.login1.Manager"
#define LOGIN1_SESSION   "org.freedesktop.login1.Session"

struct _RingiActivityRecorder
{
  GObject parent_instance;

  RingiStore *store;
  GDBusConnection *session_bus;
  GDBusConnection *system_bus;
  GCancellable *cancellable; /* of the session lookup */
  guint screensaver_id;
  guint sleep_id;
  guint lock_id;
  guint unlock_id;
  gboolean started;
};

G_DEFINE_FINAL_TYPE (RingiActivityRecorder, ringi_activity_recorder, G_TYPE_OBJECT)

enum
{
  RECORDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/**
 * ringi_activity_recorder_new:
 * @store: the profile's store, where periods are kept
 *
 * Returns: (transfer full): a recorder, not recording until started
 */
RingiActivityRecorder *
ringi_activity_recorder_new (RingiStore *store)
{
  RingiActivityRecorder *self;

  g_return_val_if_fail (RINGI_IS_STORE (store), NULL);

  self = g_object_new (RINGI_TYPE_ACTIVITY_RECORDER, NULL);
  self->store = g_object_ref (store);
  return self;
}

/* A failed write loses one event of a record the person can see; it is
 * not worth stopping anything for, but is logged. */
static void
record (RingiActivityRecorder *self,
        gboolean begins,
        const char *event)
{
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gboolean ok = begins ? ringi_store_begin_activity (self->store, now, event, &error)
                       : ringi_store_end_activity (self->store, now, event, &error);

  if (!ok)
    g_message ("Could not record “%s” in the activity record: %s", event, error->message);
  g_signal_emit (self, signals[RECORDED], 0, event);
}

static void
screensaver_cb (GDBusConnection *connection,
                const char *sender,
                const char *path,
                const char *interface,
                const char *signal,
                GVariant *parameters,
                gpointer user_data)
{
  gboolean active;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(b)")))
    return;

  g_variant_get (parameters, "(b)", &active);
  record (user_data, !active, active ? "lock" : "unlock");
}

static void
sleep_cb (GDBusConnection *connection,
          const char *sender,
          const char *path,
          const char *interface,
          const char *signal,
          GVariant *parameters,
          gpointer user_data)
{
  gboolean sleeping;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(b)")))
    return;

  g_variant_get (parameters, "(b)", &sleeping);
  record (user_data, !sleeping, sleeping ? "sleep" : "wake");
}

static void
session_lock_cb (GDBusConnection *connection,
                 const char *sender,
                 const char *path,
                 const char *interface,
                 const char *signal,
                 GVariant *parameters,
                 gpointer user_data)
{
  gboolean unlock = g_str_equal (signal, "Unlock");

  record (user_data, unlock, unlock ? "unlock" : "lock");
}

static guint
subscribe (RingiActivityRecorder *self,
           GDBusConnection *bus,
           const char *sender,
           const char *interface,
           const char *member,
           const char *path,
           GDBusSignalCallback callback)
{
  return g_dbus_connection_signal_subscribe (bus, sender, interface, member, path, NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                             callback, self, NULL);
}

/* logind names this process's session; its Lock and Unlock come on the
 * session's own object. */
static void
session_found_cb (GObject *source,
                  GAsyncResult *result,
                  gpointer user_data)
{
  g_autoptr(RingiActivityRecorder) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  const char *path;

  if (reply == NULL || !self->started)
    {
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No login session to watch: %s", error->message);
      return;
    }

  g_variant_get (reply, "(&o)", &path);
  self->lock_id = subscribe (self, self->system_bus, LOGIN1_NAME, LOGIN1_SESSION, "Lock", path, session_lock_cb);
  self->unlock_id = subscribe (self, self->system_bus, LOGIN1_NAME, LOGIN1_SESSION, "Unlock", path, session_lock_cb);
}

static void
watch_login1 (RingiActivityRecorder *self)
{
  self->sleep_id = subscribe (self, self->system_bus, LOGIN1_NAME, LOGIN1_MANAGER, "PrepareForSleep", LOGIN1_PATH,
                              sleep_cb);
  /* "auto": the caller's own session, which works inside a sandbox too,
   * where our process id means nothing to logind. */
  g_dbus_connection_call (self->system_bus, LOGIN1_NAME, LOGIN1_PATH, LOGIN1_MANAGER, "GetSession",
                          g_variant_new ("(s)", "auto"), G_VARIANT_TYPE ("(o)"), G_DBUS_CALL_FLAGS_NO_AUTO_START, -1,
                          self->cancellable, session_found_cb, g_object_ref (self));
}

/**
 * ringi_activity_recorder_start:
 * @self: a #RingiActivityRecorder
 * @session_bus: (nullable): the session bus, for the screen saver
 * @system_bus: (nullable): the system bus, for logind
 *
 * Records the session's start (now: the app starts within the session)
 * and watches the buses given; a %NULL bus is not watched.
 */
void
ringi_activity_recorder_start (RingiActivityRecorder *self,
                               GDBusConnection *session_bus,
                               GDBusConnection *system_bus)
{
  g_return_if_fail (RINGI_IS_ACTIVITY_RECORDER (self));
  g_return_if_fail (session_bus == NULL || G_IS_DBUS_CONNECTION (session_bus));
  g_return_if_fail (system_bus == NULL || G_IS_DBUS_CONNECTION (system_bus));
  g_return_if_fail (!self->started);

  self->started = TRUE;
  self->cancellable = g_cancellable_new ();
  record (self, TRUE, "session-start");

  if (session_bus != NULL)
    {
      self->session_bus = g_object_ref (session_bus);
      self->screensaver_id = subscribe (self, session_bus, SCREENSAVER_NAME, SCREENSAVER_NAME, "ActiveChanged",
                                        SCREENSAVER_PATH, screensaver_cb);
    }
  if (system_bus != NULL)
    {
      self->system_bus = g_object_ref (system_bus);
      watch_login1 (self);
    }
}

static void
unsubscribe (GDBusConnection *bus,
             guint *id)
{
  if (*id != 0)
    g_dbus_connection_signal_unsubscribe (bus, *id);
  *id = 0;
}

static void
stop_watching (RingiActivityRecorder *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->session_bus != NULL)
    unsubscribe (self->session_bus, &self->screensaver_id);
  if (self->system_bus != NULL)
    {
      unsubscribe (self->system_bus, &self->sleep_id);
      unsubscribe (self->system_bus, &self->lock_id);
      unsubscribe (self->system_bus, &self->unlock_id);
    }
  g_clear_object (&self->session_bus);
  g_clear_object (&self->system_bus);
}

/**
 * ringi_activity_recorder_stop:
 * @self: a #RingiActivityRecorder
 *
 * Records the session's end (the app quits, or the profile closes) and
 * stops watching.
 */
void
ringi_activity_recorder_stop (RingiActivityRecorder *self)
{
  g_return_if_fail (RINGI_IS_ACTIVITY_RECORDER (self));

  if (!self->started)
    return;

  stop_watching (self);
  self->started = FALSE;
  record (self, FALSE, "session-end");
}

/**
 * ringi_activity_recorder_get_watching_login1:
 * @self: a #RingiActivityRecorder
 *
 * Returns: whether logind's session lock signals are watched: %FALSE
 *   without a system bus, or before logind named the session
 */
gboolean
ringi_activity_recorder_get_watching_login1 (RingiActivityRecorder *self)
{
  g_return_val_if_fail (RINGI_IS_ACTIVITY_RECORDER (self), FALSE);

  return self->lock_id != 0;
}

static void
ringi_activity_recorder_dispose (GObject *object)
{
  RingiActivityRecorder *self = RINGI_ACTIVITY_RECORDER (object);

  stop_watching (self);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ringi_activity_recorder_parent_class)->dispose (object);
}

static void
ringi_activity_recorder_class_init (RingiActivityRecorderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ringi_activity_recorder_dispose;

  /**
   * RingiActivityRecorder::recorded:
   * @event: what was seen: `session-start`, `lock`, `unlock`, `sleep`,
   *   `wake` or `session-end`
   *
   * Emitted after an event went into the store.
   */
  signals[RECORDED] = g_signal_new ("recorded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
ringi_activity_recorder_init (RingiActivityRecorder *self)
{
}
