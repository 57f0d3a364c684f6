/* ringi-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-application"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ringi-activity-recorder.h"
#include "ringi-application.h"
#include "ringi-new-request-window.h"
#include "ringi-notifier.h"
#include "ringi-pin-dialog.h"
#include "ringi-preferences-window.h"
#include "ringi-request-item.h"
#include "ringi-window.h"

/* The application owns the profile and its sync engine. The profile is
 * opened on a worker thread when the first window is activated (the
 * folder given with --profile, or the default one); the windows follow
 * the "sync", "enrolled" and "profile-error" properties. */
struct _RingiApplication
{
  AdwApplication parent_instance;

  GSettings *settings;
  char *profile_dir;      /* from --profile; NULL for the default */
  gboolean profile_asked; /* opening was started at least once */
  GCancellable *open_cancellable;
  RingiSync *sync;
  gboolean enrolled;
  char *profile_error;
  RingiNotifier *notifier;
  GPtrArray *pending_drafts; /* GFile: opened once the profile is */
  char *sign_in_pin;         /* typed to sign in again, given once */
  RingiPinDialog *sign_in_dialog;
  RingiActivityRecorder *recorder;    /* once enrolled */
  GCancellable *recorder_cancellable; /* of the system bus lookup */
};

G_DEFINE_FINAL_TYPE (RingiApplication, ringi_application, ADW_TYPE_APPLICATION)

enum
{
  PROP_0,
  PROP_SYNC,
  PROP_ENROLLED,
  PROP_PROFILE_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_NOTIFICATION_SENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const GOptionEntry main_entries[] = {
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and exit"), NULL },
  { "profile", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Use the profile in this folder"), N_("DIR") },
  { NULL }
};

RingiApplication *
ringi_application_new (void)
{
  return g_object_new (RINGI_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", RESOURCE_BASE,
                       "flags", G_APPLICATION_DEFAULT_FLAGS | G_APPLICATION_HANDLES_OPEN,
                       NULL);
}

/**
 * ringi_application_get_settings:
 * @self: a #RingiApplication
 *
 * Returns: (transfer none): the application's settings
 */
GSettings *
ringi_application_get_settings (RingiApplication *self)
{
  g_return_val_if_fail (RINGI_IS_APPLICATION (self), NULL);

  return self->settings;
}

/**
 * ringi_application_get_sync:
 * @self: a #RingiApplication
 *
 * Returns: (transfer none) (nullable): the sync engine of the open
 *   profile; %NULL until the profile is open
 */
RingiSync *
ringi_application_get_sync (RingiApplication *self)
{
  g_return_val_if_fail (RINGI_IS_APPLICATION (self), NULL);

  return self->sync;
}

/**
 * ringi_application_get_enrolled:
 *
 * Returns: whether the open profile is enrolled with a server
 */
gboolean
ringi_application_get_enrolled (RingiApplication *self)
{
  g_return_val_if_fail (RINGI_IS_APPLICATION (self), FALSE);

  return self->enrolled;
}

/**
 * ringi_application_get_profile_error:
 *
 * Returns: (nullable): why the profile could not be opened, for people
 */
const char *
ringi_application_get_profile_error (RingiApplication *self)
{
  g_return_val_if_fail (RINGI_IS_APPLICATION (self), NULL);

  return self->profile_error;
}

/**
 * ringi_application_send_notification:
 * @self: a #RingiApplication
 * @id: (nullable): the notification's id
 * @notification: the notification
 *
 * Sends @notification with g_application_send_notification(), then emits
 * #RingiApplication::notification-sent, so that what was sent can be
 * observed.
 */
void
ringi_application_send_notification (RingiApplication *self,
                                     const char *id,
                                     GNotification *notification)
{
  g_return_if_fail (RINGI_IS_APPLICATION (self));
  g_return_if_fail (G_IS_NOTIFICATION (notification));

  g_application_send_notification (G_APPLICATION (self), id, notification);
  g_signal_emit (self, signals[SIGNAL_NOTIFICATION_SENT], 0, id, notification);
}

static void
notify_one (RingiApplication *self,
            RingiRequestItem *item)
{
  g_autoptr(GNotification) notification = g_notification_new (_("New request for your seal"));
  g_autofree char *id = g_strconcat ("request-", ringi_request_item_get_id (item), NULL);
  /* Translators: a notification's body: the request's title, then who asks */
  g_autofree char *body = g_strdup_printf (_("“%s” from %s"),
                                           ringi_request_item_get_title (item),
                                           ringi_request_item_get_applicant_name (item));

  g_notification_set_body (notification, body);
  g_notification_set_default_action_and_target (notification, "app.show-request", "s",
                                                ringi_request_item_get_id (item));
  ringi_application_send_notification (self, id, notification);
}

static void
notify_many (RingiApplication *self,
             guint n)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *title = g_strdup_printf (ngettext ("%u new request", "%u new requests", n), n);

  notification = g_notification_new (title);
  g_notification_set_body (notification, _("They wait for your seal in the inbox."));
  /* No default action: clicking activates the application, on the inbox. */
  ringi_application_send_notification (self, "new-requests", notification);
}

/* A handful get one notification each; a flood (a new profile's first
 * sync, a return after holidays) gets one that counts them. */
static void
arrived_cb (RingiNotifier *notifier,
            GPtrArray *items,
            RingiApplication *self)
{
  if (!g_settings_get_boolean (self->settings, "notifications"))
    return;

  if (items->len > RINGI_NOTIFIER_MAX_SINGLE)
    {
      notify_many (self, items->len);
      return;
    }

  for (guint i = 0; i < items->len; i++)
    notify_one (self, g_ptr_array_index (items, i));
}

static void
set_profile_error (RingiApplication *self,
                   const char *message)
{
  if (g_strcmp0 (self->profile_error, message) == 0)
    return;

  g_free (self->profile_error);
  self->profile_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE_ERROR]);
}

static void
set_enrolled (RingiApplication *self,
              gboolean enrolled)
{
  if (self->enrolled == enrolled)
    return;

  self->enrolled = enrolled;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENROLLED]);
}

/**
 * ringi_application_close_profile:
 * @self: a #RingiApplication
 *
 * Stops syncing and lets go of the profile; an opening in flight is
 * abandoned. The next activation opens the profile given with
 * `--profile` (or the default one) again.
 */
void
ringi_application_close_profile (RingiApplication *self)
{
  g_return_if_fail (RINGI_IS_APPLICATION (self));

  g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  g_clear_object (&self->notifier);
  g_cancellable_cancel (self->recorder_cancellable);
  g_clear_object (&self->recorder_cancellable);
  if (self->recorder != NULL)
    ringi_activity_recorder_stop (self->recorder);
  g_clear_object (&self->recorder);
  /* The next activation opens the profile of the options again. */
  self->profile_asked = FALSE;
  set_enrolled (self, FALSE);
  set_profile_error (self, NULL);
  if (self->sync != NULL)
    {
      ringi_sync_stop (self->sync);
      g_clear_object (&self->sync);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC]);
    }
}

/* The objective record starts with the session as the app sees it, once
 * the system bus (for logind) answered or is known to be missing. */
static void
system_bus_cb (GObject *source,
               GAsyncResult *result,
               gpointer user_data)
{
  g_autoptr(RingiApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) system_bus = g_bus_get_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->sync == NULL)
    return;
  if (system_bus == NULL)
    g_debug ("No system bus, so no logind events in the activity record: %s", error->message);

  self->recorder = ringi_activity_recorder_new (ringi_profile_get_store (ringi_sync_get_profile (self->sync)));
  ringi_activity_recorder_start (self->recorder, g_application_get_dbus_connection (G_APPLICATION (self)),
                                 system_bus);
}

static void
start_recording (RingiApplication *self)
{
  g_cancellable_cancel (self->recorder_cancellable);
  g_clear_object (&self->recorder_cancellable);
  self->recorder_cancellable = g_cancellable_new ();
  g_bus_get (G_BUS_TYPE_SYSTEM, self->recorder_cancellable, system_bus_cb, g_object_ref (self));
}

/**
 * ringi_application_profile_enrolled:
 * @self: a #RingiApplication
 *
 * Starts syncing, once the open profile is enrolled: at opening, or when
 * the person finished enrolling.
 */
void
ringi_application_profile_enrolled (RingiApplication *self)
{
  g_return_if_fail (RINGI_IS_APPLICATION (self));
  g_return_if_fail (self->sync != NULL);

  if (self->enrolled || !ringi_profile_is_enrolled (ringi_sync_get_profile (self->sync)))
    return;

  self->notifier = ringi_notifier_new (self->sync);
  g_signal_connect_object (self->notifier, "arrived", G_CALLBACK (arrived_cb), self, 0);
  ringi_sync_start (self->sync);
  start_recording (self);
  set_enrolled (self, TRUE);
}

static void
open_thread (GTask *task,
             gpointer source_object,
             gpointer task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  RingiProfile *profile = ringi_profile_open (task_data, &error);

  if (profile == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, profile, g_object_unref);
}

static void open_drafts (RingiApplication *self);

static void
forget_sign_in_pin (RingiApplication *self)
{
  if (self->sign_in_pin != NULL)
    memset (self->sign_in_pin, 0, strlen (self->sign_in_pin));
  g_clear_pointer (&self->sign_in_pin, g_free);
}

/* The app never keeps the seal PIN: signing in again uses the one the
 * person just typed for it (app.sign-in), once. */
static char *
take_sign_in_pin (gpointer user_data)
{
  RingiApplication *self = user_data;

  return g_steal_pointer (&self->sign_in_pin);
}

static void
open_cb (GObject *source,
         GAsyncResult *result,
         gpointer user_data)
{
  RingiApplication *self = RINGI_APPLICATION (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiProfile) profile = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->open_cancellable);
  if (profile == NULL)
    {
      set_profile_error (self, error->message);
      open_drafts (self);
      return;
    }

  self->sync = ringi_sync_new (profile);
  ringi_sync_set_passphrase_func (self->sync, take_sign_in_pin, self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC]);
  ringi_application_profile_enrolled (self);
  open_drafts (self);
}

/**
 * ringi_application_open_profile:
 * @self: a #RingiApplication
 * @dir: (nullable): the profile folder; %NULL for the default one
 *
 * Opens the profile on a worker thread, in place of the one open; once
 * open, #RingiApplication:sync is set and, if the profile is enrolled,
 * syncing starts. This is what `--profile` does.
 */
void
ringi_application_open_profile (RingiApplication *self,
                                const char *dir)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (RINGI_IS_APPLICATION (self));

  ringi_application_close_profile (self);
  self->profile_asked = TRUE;
  self->open_cancellable = g_cancellable_new ();

  task = g_task_new (self, self->open_cancellable, open_cb, NULL);
  g_task_set_source_tag (task, ringi_application_open_profile);
  g_task_set_task_data (task, dir ? g_strdup (dir) : ringi_profile_dup_default_dir (), g_free);
  g_task_run_in_thread (task, open_thread);
}

static int
ringi_application_handle_local_options (GApplication *app,
                                        GVariantDict *options)
{
  RingiApplication *self = RINGI_APPLICATION (app);
  const char *profile = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("ringi %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  /* Kept for this process only: a second `ringi` hands over to the
   * first, which keeps the profile it has open. */
  if (g_variant_dict_lookup (options, "profile", "^&ay", &profile))
    {
      g_free (self->profile_dir);
      self->profile_dir = g_strdup (profile);
    }

  return G_APPLICATION_CLASS (ringi_application_parent_class)->handle_local_options (app, options);
}

static void
ringi_application_activate (GApplication *app)
{
  RingiApplication *self = RINGI_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (!self->profile_asked)
    ringi_application_open_profile (self, self->profile_dir);

  if (window == NULL)
    window = GTK_WINDOW (ringi_window_new (self));

  gtk_window_present (window);
}

static GtkWindow *
find_main_window (RingiApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (RINGI_IS_WINDOW (l->data))
      return l->data;

  return NULL;
}

/* Drafts wait for the profile to open, so that one from an enrolled
 * profile can be submitted; when it cannot open, they open all the same
 * and ask to connect first. */
static void
draft_submitted_cb (GtkWindow *parent,
                    const char *request_id)
{
  gtk_widget_activate_action (GTK_WIDGET (parent), "win.show-request", "s", request_id);
}

static void
open_drafts (RingiApplication *self)
{
  g_autoptr(GPtrArray) files = g_steal_pointer (&self->pending_drafts);
  GtkWindow *parent = find_main_window (self);

  for (guint i = 0; files != NULL && i < files->len; i++)
    {
      GtkWindow *draft = ringi_new_request_window_new (parent, self->sync, g_ptr_array_index (files, i));

      if (parent != NULL)
        g_signal_connect_object (draft, "submitted", G_CALLBACK (draft_submitted_cb), parent, G_CONNECT_SWAPPED);
      gtk_window_present (draft);
    }
}

/* “Open with Ringi” and `ringi FILE.pdf`: each file a new request draft
 * over the main window. */
static void
ringi_application_open (GApplication *app,
                        GFile **files,
                        int n_files,
                        const char *hint)
{
  RingiApplication *self = RINGI_APPLICATION (app);

  g_application_activate (app);
  if (self->pending_drafts == NULL)
    self->pending_drafts = g_ptr_array_new_with_free_func (g_object_unref);
  for (int i = 0; i < n_files; i++)
    g_ptr_array_add (self->pending_drafts, g_object_ref (files[i]));

  if (self->sync != NULL || self->profile_error != NULL)
    open_drafts (self);
}

static void
ringi_application_startup (GApplication *app)
{
  RingiApplication *self = RINGI_APPLICATION (app);
  static const struct
  {
    const char *action;
    const char *accels[3];
  } shortcuts[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "window.close", { "<Control>w", NULL } },
    { "win.new-request", { "<Control>n", NULL } },
    { "win.search-archive", { "<Control>f", NULL } },
    { "win.sync", { "F5", "<Control>r", NULL } },
    { "win.back", { "<Alt>Left", NULL } },
    { "win.show-page::inbox", { "<Control>1", NULL } },
    { "win.show-page::sent", { "<Control>2", NULL } },
    { "win.show-page::archive", { "<Control>3", NULL } },
    { "win.show-page::attendance", { "<Control>4", NULL } },
  };

  G_APPLICATION_CLASS (ringi_application_parent_class)->startup (app);

  self->settings = g_settings_new (APP_ID);

  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), shortcuts[i].action, shortcuts[i].accels);
}

static void
ringi_application_shutdown (GApplication *app)
{
  ringi_application_close_profile (RINGI_APPLICATION (app));

  G_APPLICATION_CLASS (ringi_application_parent_class)->shutdown (app);
}

static void
ringi_application_dispose (GObject *object)
{
  RingiApplication *self = (RingiApplication *) object;

  g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  g_clear_object (&self->notifier);
  g_cancellable_cancel (self->recorder_cancellable);
  g_clear_object (&self->recorder_cancellable);
  g_clear_object (&self->recorder);
  g_clear_object (&self->sync);
  g_clear_pointer (&self->pending_drafts, g_ptr_array_unref);
  g_clear_weak_pointer (&self->sign_in_dialog);

  G_OBJECT_CLASS (ringi_application_parent_class)->dispose (object);
}

static void
ringi_application_finalize (GObject *object)
{
  RingiApplication *self = (RingiApplication *) object;

  g_clear_object (&self->settings);
  g_clear_pointer (&self->profile_dir, g_free);
  g_clear_pointer (&self->profile_error, g_free);
  forget_sign_in_pin (self);

  G_OBJECT_CLASS (ringi_application_parent_class)->finalize (object);
}

static void
ringi_application_get_property (GObject *object,
                                guint prop_id,
                                GValue *value,
                                GParamSpec *pspec)
{
  RingiApplication *self = RINGI_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_SYNC:
      g_value_set_object (value, self->sync);
      break;

    case PROP_ENROLLED:
      g_value_set_boolean (value, self->enrolled);
      break;

    case PROP_PROFILE_ERROR:
      g_value_set_string (value, self->profile_error);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ringi_application_about_action (GSimpleAction *action,
                                GVariant *parameter,
                                gpointer user_data)
{
  static const char *developers[] = { "The Ringi developers", NULL };
  RingiApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  AdwAboutWindow *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", window,
                        "application-name", _("Ringi"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Ringi developers"),
                        "developers", developers,
                        "version", PACKAGE_VERSION,
                        "license-type", GTK_LICENSE_GPL_3_0,
                        /* Translators: put your names here, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
ringi_application_show_preferences (RingiApplication *self)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  /* Everything it shows belongs to the open profile. */
  if (self->sync == NULL)
    return;

  gtk_window_present (GTK_WINDOW (ringi_preferences_window_new (parent, self->sync)));
}

static void
ringi_application_preferences_action (GSimpleAction *action,
                                      GVariant *parameter,
                                      gpointer user_data)
{
  ringi_application_show_preferences (user_data);
}

static void
ringi_application_show_request_action (GSimpleAction *action,
                                       GVariant *parameter,
                                       gpointer user_data)
{
  RingiApplication *self = user_data;
  GtkWindow *window;

  g_application_activate (G_APPLICATION (self));
  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  gtk_widget_activate_action_variant (GTK_WIDGET (window), "win.show-request", parameter);
}

static void
ringi_application_quit_action (GSimpleAction *action,
                               GVariant *parameter,
                               gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
sign_in_done_cb (GObject *source,
                 GAsyncResult *result,
                 gpointer user_data)
{
  g_autoptr(RingiApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  ringi_sync_run_finish (RINGI_SYNC (source), result, NULL, &error);
  forget_sign_in_pin (self);
  if (self->sign_in_dialog == NULL)
    return;

  if (g_error_matches (error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_BAD_PASSPHRASE))
    ringi_pin_dialog_show_error (self->sign_in_dialog, _("That PIN does not unlock your seal. Try again."));
  else if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    ringi_pin_dialog_show_error (self->sign_in_dialog, error->message);
  else
    gtk_window_destroy (GTK_WINDOW (self->sign_in_dialog));
}

static void
sign_in_pin_entered_cb (RingiApplication *self,
                        const char *pin)
{
  if (self->sync == NULL)
    return;

  forget_sign_in_pin (self);
  self->sign_in_pin = g_strdup (pin);
  ringi_sync_run_async (self->sync, NULL, sign_in_done_cb, g_object_ref (self));
}

static void
ringi_application_sign_in_action (GSimpleAction *action,
                                  GVariant *parameter,
                                  gpointer user_data)
{
  RingiApplication *self = RINGI_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (self->sync == NULL)
    return;

  if (self->sign_in_dialog == NULL)
    {
      g_set_weak_pointer (&self->sign_in_dialog,
                          ringi_pin_dialog_new (parent, _("Your session on the server has ended. Enter your seal PIN to sign in again; what you did meanwhile waits here and is sent then.")));
      ringi_pin_dialog_set_confirm_label (self->sign_in_dialog, _("_Sign In"));
      gtk_window_set_application (GTK_WINDOW (self->sign_in_dialog), GTK_APPLICATION (self));
      g_signal_connect_object (self->sign_in_dialog, "pin-entered", G_CALLBACK (sign_in_pin_entered_cb), self, G_CONNECT_SWAPPED);
    }
  gtk_window_present (GTK_WINDOW (self->sign_in_dialog));
}

static const GActionEntry app_actions[] = {
  { "about", ringi_application_about_action },
  { "preferences", ringi_application_preferences_action },
  { "sign-in", ringi_application_sign_in_action },
  { "show-request", ringi_application_show_request_action, "s" },
  { "quit", ringi_application_quit_action },
};

static void
ringi_application_class_init (RingiApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = ringi_application_dispose;
  object_class->finalize = ringi_application_finalize;
  object_class->get_property = ringi_application_get_property;

  app_class->activate = ringi_application_activate;
  app_class->open = ringi_application_open;
  app_class->startup = ringi_application_startup;
  app_class->shutdown = ringi_application_shutdown;
  app_class->handle_local_options = ringi_application_handle_local_options;

  /**
   * RingiApplication:sync:
   *
   * The open profile's sync engine; %NULL while the profile opens.
   */
  properties[PROP_SYNC] =
    g_param_spec_object ("sync", NULL, NULL,
                         RINGI_TYPE_SYNC,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  /**
   * RingiApplication:enrolled:
   *
   * Whether the open profile is enrolled, and so syncing.
   */
  properties[PROP_ENROLLED] =
    g_param_spec_boolean ("enrolled", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  /**
   * RingiApplication:profile-error:
   *
   * Why the profile could not be opened, for people; %NULL otherwise.
   */
  properties[PROP_PROFILE_ERROR] =
    g_param_spec_string ("profile-error", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RingiApplication::notification-sent:
   * @self: the application
   * @id: (nullable): the notification's id
   * @notification: what was sent
   *
   * Emitted after each desktop notification the application sends.
   */
  signals[SIGNAL_NOTIFICATION_SENT] =
    g_signal_new ("notification-sent",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_NOTIFICATION);
}

static void
ringi_application_init (RingiApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), main_entries);
  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   app_actions,
                                   G_N_ELEMENTS (app_actions),
                                   self);
}
