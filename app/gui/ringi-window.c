/* ringi-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ringi-window.h"

struct _RingiWindow
{
  AdwApplicationWindow parent_instance;

  /* Cancelled when the window closes, so that no late result touches it */
  GCancellable *cancellable;

  AdwStatusPage *status_page;
};

G_DEFINE_FINAL_TYPE (RingiWindow, ringi_window, ADW_TYPE_APPLICATION_WINDOW)

static GSettings *
ringi_window_get_settings (RingiWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  return ringi_application_get_settings (RINGI_APPLICATION (app));
}

static void
ringi_window_restore_size (RingiWindow *self)
{
  GSettings *settings = ringi_window_get_settings (self);
  int width, height;

  g_settings_get (settings, "window-size", "(ii)", &width, &height);
  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

RingiWindow *
ringi_window_new (RingiApplication *application)
{
  g_return_val_if_fail (RINGI_IS_APPLICATION (application), NULL);

  RingiWindow *self = g_object_new (RINGI_TYPE_WINDOW,
                                    "application", application,
                                    NULL);

  /* "application" is not a construct property, so the settings are only
   * reachable once g_object_new() has returned. */
  ringi_window_restore_size (self);

  return self;
}

/* Saved once on close rather than bound, so that a drag-resize does not
 * write the settings backend on every frame. */
static gboolean
ringi_window_close_request (GtkWindow *window)
{
  RingiWindow *self = RINGI_WINDOW (window);
  GSettings *settings = ringi_window_get_settings (self);
  int width, height;

  g_cancellable_cancel (self->cancellable);

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set (settings, "window-size", "(ii)", width, height);
  g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (window));

  return GTK_WINDOW_CLASS (ringi_window_parent_class)->close_request (window);
}

static void
ringi_window_constructed (GObject *object)
{
  RingiWindow *self = RINGI_WINDOW (object);

  G_OBJECT_CLASS (ringi_window_parent_class)->constructed (object);

  adw_status_page_set_icon_name (self->status_page, APP_ID);

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

static void
ringi_window_dispose (GObject *object)
{
  RingiWindow *self = RINGI_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), RINGI_TYPE_WINDOW);

  G_OBJECT_CLASS (ringi_window_parent_class)->dispose (object);
}

static void
ringi_window_class_init (RingiWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = ringi_window_constructed;
  object_class->dispose = ringi_window_dispose;

  window_class->close_request = ringi_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ringi-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RingiWindow, status_page);
}

static void
ringi_window_init (RingiWindow *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}
