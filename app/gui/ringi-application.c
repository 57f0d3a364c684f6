/* ringi-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-application"

#include "config.h"

#include <glib/gi18n.h>

#include "ringi-application.h"
#include "ringi-new-request-window.h"
#include "ringi-window.h"

struct _RingiApplication
{
  AdwApplication parent_instance;

  GSettings *settings;
};

G_DEFINE_FINAL_TYPE (RingiApplication, ringi_application, ADW_TYPE_APPLICATION)

static const GOptionEntry main_entries[] = {
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and exit"), NULL },
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

static int
ringi_application_handle_local_options (GApplication *app,
                                        GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("ringi %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  return G_APPLICATION_CLASS (ringi_application_parent_class)->handle_local_options (app, options);
}

static void
ringi_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (ringi_window_new (RINGI_APPLICATION (app)));

  gtk_window_present (window);
}

/* integration: the shell's ringi_application_get_sync (self); until a
 * profile is open, a draft opens all the same and asks to connect first. */
static RingiSync *
ringi_application_sync_for_drafts (RingiApplication *self)
{
  return NULL;
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
  GtkWindow *parent = NULL;

  g_application_activate (app);
  /* Over the main window, not over another draft */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL && parent == NULL; l = l->next)
    if (RINGI_IS_WINDOW (l->data))
      parent = l->data;

  for (int i = 0; i < n_files; i++)
    gtk_window_present (ringi_new_request_window_new (parent, ringi_application_sync_for_drafts (self), files[i]));
}

static void
ringi_application_startup (GApplication *app)
{
  RingiApplication *self = RINGI_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };

  G_APPLICATION_CLASS (ringi_application_parent_class)->startup (app);

  self->settings = g_settings_new (APP_ID);

  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close", close_accels);
}

static void
ringi_application_finalize (GObject *object)
{
  RingiApplication *self = (RingiApplication *) object;

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ringi_application_parent_class)->finalize (object);
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
ringi_application_quit_action (GSimpleAction *action,
                               GVariant *parameter,
                               gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "about", ringi_application_about_action },
  { "quit", ringi_application_quit_action },
};

static void
ringi_application_class_init (RingiApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = ringi_application_finalize;

  app_class->activate = ringi_application_activate;
  app_class->open = ringi_application_open;
  app_class->startup = ringi_application_startup;
  app_class->handle_local_options = ringi_application_handle_local_options;
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
