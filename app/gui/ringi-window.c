/* ringi-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ringi-archive-page.h"
#include "ringi-attendance-page.h"
#include "ringi-enrollment-page.h"
#include "ringi-new-request-window.h"
#include "ringi-request-list-page.h"
#include "ringi-request-view.h"
#include "ringi-sync-indicator.h"
#include "ringi-window.h"

/* The main window: a leaflet of the main page (the view stack of Inbox,
 * My requests, Archive and Attendance under a header with the sync state)
 * and, when a request is opened, the request's page. What the main page
 * shows follows the application's profile: opening, not enrolled, could
 * not open, or the views. Refusals of the server arrive as toasts. */
struct _RingiWindow
{
  AdwApplicationWindow parent_instance;

  /* Cancelled when the window closes, so that no late result touches it */
  GCancellable *cancellable;

  RingiSync *sync;
  GHashTable *shown_refusals; /* op ids already told as a toast */
  GtkWidget *request_page;
  char *request_id;
  char *pending_request_id; /* asked for before the profile was open */
  guint switcher_idle;

  AdwToastOverlay *toast_overlay;
  AdwLeaflet *leaflet;
  GtkWidget *main_page;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewSwitcherBar *switcher_bar;
  GtkStack *main_stack;
  AdwStatusPage *status_page;
  AdwStatusPage *error_page;
  AdwViewStack *view_stack;
  RingiSyncIndicator *sync_indicator;
  RingiRequestListPage *inbox_page;
  RingiAttendancePage *attendance_page;
  RingiRequestListPage *sent_page;
  RingiArchivePage *archive_page;
};

G_DEFINE_FINAL_TYPE (RingiWindow, ringi_window, ADW_TYPE_APPLICATION_WINDOW)

static RingiApplication *
ringi_window_get_app (RingiWindow *self)
{
  return RINGI_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
}

static GSettings *
ringi_window_get_settings (RingiWindow *self)
{
  return ringi_application_get_settings (ringi_window_get_app (self));
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

/**
 * ringi_window_show_toast:
 * @self: a #RingiWindow
 * @text: what to say, in plain words
 */
void
ringi_window_show_toast (RingiWindow *self,
                         const char *text)
{
  g_return_if_fail (RINGI_IS_WINDOW (self));
  g_return_if_fail (text != NULL);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static char *
dup_refusal_text (const RingiRefusal *refusal)
{
  if (refusal->title != NULL)
    /* Translators: a toast; the request's title, then the server's reason */
    return g_strdup_printf (_("“%s” was refused: %s"), refusal->title, refusal->message);

  /* Translators: a toast; %s is the server's reason */
  return g_strdup_printf (_("An action was refused: %s"), refusal->message);
}

/* The toast may cut a long reason short: the whole of it, on request. */
static void
refusal_details_cb (AdwToast *toast,
                    RingiWindow *self)
{
  const char *body = g_object_get_data (G_OBJECT (toast), "ringi-refusal");
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("The Server Refused Your Action"), body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_refusal (RingiWindow *self,
              const RingiRefusal *refusal)
{
  g_autofree char *text = dup_refusal_text (refusal);
  AdwToast *toast = adw_toast_new (text);

  /* Long enough to read a server's reason. */
  adw_toast_set_timeout (toast, 10);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_button_label (toast, _("_Details"));
  g_object_set_data_full (G_OBJECT (toast), "ringi-refusal", g_steal_pointer (&text), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (refusal_details_cb), self, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Each refusal is told once, however often the counts change. The list is
 * a small local read. */
static void
show_refusals (RingiWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) refusals = NULL;

  if (self->sync == NULL || ringi_sync_get_n_refused (self->sync) == 0)
    return;

  refusals = ringi_outbox_list_refusals (ringi_profile_get_outbox (ringi_sync_get_profile (self->sync)), &error);
  if (refusals == NULL)
    {
      g_debug ("Could not read the refusals: %s", error->message);
      return;
    }

  for (guint i = 0; i < refusals->len; i++)
    {
      const RingiRefusal *refusal = g_ptr_array_index (refusals, i);

      if (g_hash_table_add (self->shown_refusals, g_strdup (refusal->op_id)))
        show_refusal (self, refusal);
    }
}

static void
set_sync (RingiWindow *self,
          RingiSync *sync)
{
  if (self->sync == sync)
    return;

  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_set_object (&self->sync, sync);
  g_hash_table_remove_all (self->shown_refusals);
  if (sync != NULL)
    {
      g_signal_connect_object (sync, "changed", G_CALLBACK (show_refusals), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (sync, "notify::n-refused", G_CALLBACK (show_refusals), self, G_CONNECT_SWAPPED);
    }

  ringi_sync_indicator_set_sync (self->sync_indicator, sync);
  ringi_request_list_page_set_sync (self->inbox_page, sync);
  ringi_request_list_page_set_sync (self->sent_page, sync);
  ringi_archive_page_set_sync (self->archive_page, sync);
  ringi_attendance_page_set_sync (self->attendance_page, sync);
  show_refusals (self);
}

static gboolean
reveal_switcher_bar (gpointer user_data)
{
  RingiWindow *self = user_data;
  gboolean views = g_str_equal (gtk_stack_get_visible_child_name (self->main_stack), "views");

  self->switcher_idle = 0;
  adw_view_switcher_bar_set_reveal (self->switcher_bar,
                                    views && adw_view_switcher_title_get_title_visible (self->switcher_title));
  return G_SOURCE_REMOVE;
}

/* The bottom switcher shows when the header has no room for the top one.
 * The header says so while it is being allocated; revealing the bar right
 * then would resize the window inside its own allocation. */
static void
update_switcher_bar (RingiWindow *self)
{
  if (self->switcher_idle == 0)
    self->switcher_idle = g_idle_add (reveal_switcher_bar, self);
}

static void
enable_action (RingiWindow *self,
               const char *name,
               gboolean enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

/* What the main page shows, from the application's profile. */
static void
update_profile (RingiWindow *self)
{
  RingiApplication *app = ringi_window_get_app (self);
  RingiSync *sync = ringi_application_get_sync (app);
  const char *error = ringi_application_get_profile_error (app);
  gboolean enrolled = ringi_application_get_enrolled (app);
  const char *page;

  if (error != NULL)
    {
      adw_status_page_set_description (self->error_page, error);
      page = "error";
    }
  else if (sync == NULL)
    page = "loading";
  else if (!enrolled)
    page = "setup";
  else
    page = "views";

  gtk_stack_set_visible_child_name (self->main_stack, page);
  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, enrolled);
  set_sync (self, enrolled ? sync : NULL);
  enable_action (self, "new-request", enrolled);
  enable_action (self, "sync", enrolled);
  enable_action (self, "search-archive", enrolled);
  enable_action (self, "show-page", enrolled);
  enable_action (self, "enroll", sync != NULL && !enrolled);
  update_switcher_bar (self);

  if (enrolled && self->pending_request_id != NULL)
    {
      g_autofree char *request_id = g_steal_pointer (&self->pending_request_id);

      gtk_widget_activate_action (GTK_WIDGET (self), "win.show-request", "s", request_id);
    }
}

RingiWindow *
ringi_window_new (RingiApplication *application)
{
  g_return_val_if_fail (RINGI_IS_APPLICATION (application), NULL);

  RingiWindow *self = g_object_new (RINGI_TYPE_WINDOW,
                                    "application", application,
                                    NULL);

  /* "application" is not a construct property, so the settings and the
   * profile are only reachable once g_object_new() has returned. */
  ringi_window_restore_size (self);
  g_signal_connect_object (application, "notify::sync", G_CALLBACK (update_profile), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (application, "notify::enrolled", G_CALLBACK (update_profile), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (application, "notify::profile-error", G_CALLBACK (update_profile), self, G_CONNECT_SWAPPED);
  update_profile (self);

  return self;
}

/**
 * ringi_window_get_visible_request:
 *
 * Returns: (nullable): the id of the request whose page is shown
 */
const char *
ringi_window_get_visible_request (RingiWindow *self)
{
  g_return_val_if_fail (RINGI_IS_WINDOW (self), NULL);

  if (self->request_page == NULL || adw_leaflet_get_visible_child (self->leaflet) != self->request_page)
    return NULL;
  return self->request_id;
}

static GtkWidget *
ringi_window_create_request_page (RingiWindow *self,
                                  const char *request_id)
{
  return ringi_request_view_new (self->sync, request_id);
}

static void
show_leaflet_page (RingiWindow *self,
                   GtkWidget *page)
{
  if (self->request_page != NULL)
    adw_leaflet_remove (self->leaflet, self->request_page);
  self->request_page = page;
  adw_leaflet_append (self->leaflet, page);
  adw_leaflet_set_visible_child (self->leaflet, page);
}

static void
show_request_action (GSimpleAction *action,
                     GVariant *parameter,
                     gpointer user_data)
{
  RingiWindow *self = RINGI_WINDOW (user_data);
  const char *request_id = g_variant_get_string (parameter, NULL);

  /* From a notification, the window may open before the profile does. */
  if (self->sync == NULL)
    {
      g_free (self->pending_request_id);
      self->pending_request_id = g_strdup (request_id);
      return;
    }

  g_free (self->request_id);
  self->request_id = g_strdup (request_id);
  show_leaflet_page (self, ringi_window_create_request_page (self, request_id));
}

static void
back_action (GSimpleAction *action,
             GVariant *parameter,
             gpointer user_data)
{
  RingiWindow *self = RINGI_WINDOW (user_data);

  adw_leaflet_set_visible_child (self->leaflet, self->main_page);
}

static void
submitted_cb (RingiWindow *self,
              const char *request_id)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-request", "s", request_id);
}

static void
ringi_window_show_new_request (RingiWindow *self)
{
  RingiSync *sync = ringi_application_get_sync (ringi_window_get_app (self));
  GtkWindow *window = ringi_new_request_window_new (GTK_WINDOW (self), sync, NULL);

  g_signal_connect_object (window, "submitted", G_CALLBACK (submitted_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (window);
}

static void
new_request_action (GSimpleAction *action,
                    GVariant *parameter,
                    gpointer user_data)
{
  ringi_window_show_new_request (RINGI_WINDOW (user_data));
}

static void
enrolled_cb (RingiWindow *self)
{
  adw_leaflet_set_visible_child (self->leaflet, self->main_page);
  ringi_application_profile_enrolled (ringi_window_get_app (self));
}

/* The window's own sync is set once enrolled; enrolling uses the open
 * profile's. */
static GtkWidget *
ringi_window_create_enrollment_page (RingiWindow *self,
                                     RingiSync *sync)
{
  GtkWidget *page = ringi_enrollment_page_new (sync);

  g_signal_connect_object (page, "enrolled", G_CALLBACK (enrolled_cb), self, G_CONNECT_SWAPPED);
  return page;
}

static void
enroll_action (GSimpleAction *action,
               GVariant *parameter,
               gpointer user_data)
{
  RingiWindow *self = RINGI_WINDOW (user_data);
  RingiSync *sync = ringi_application_get_sync (ringi_window_get_app (self));

  if (sync == NULL)
    return;

  g_clear_pointer (&self->request_id, g_free);
  show_leaflet_page (self, ringi_window_create_enrollment_page (self, sync));
}

static void
sync_action (GSimpleAction *action,
             GVariant *parameter,
             gpointer user_data)
{
  RingiWindow *self = RINGI_WINDOW (user_data);

  if (self->sync != NULL)
    ringi_sync_poke (self->sync);
}

static void
show_page_action (GSimpleAction *action,
                  GVariant *parameter,
                  gpointer user_data)
{
  RingiWindow *self = RINGI_WINDOW (user_data);

  adw_leaflet_set_visible_child (self->leaflet, self->main_page);
  adw_view_stack_set_visible_child_name (self->view_stack, g_variant_get_string (parameter, NULL));
}

static void
search_archive_action (GSimpleAction *action,
                       GVariant *parameter,
                       gpointer user_data)
{
  RingiWindow *self = RINGI_WINDOW (user_data);

  adw_leaflet_set_visible_child (self->leaflet, self->main_page);
  adw_view_stack_set_visible_child_name (self->view_stack, "archive");
  ringi_archive_page_focus_search (self->archive_page);
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
  g_clear_handle_id (&self->switcher_idle, g_source_remove);
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_clear_object (&self->sync);

  gtk_widget_dispose_template (GTK_WIDGET (self), RINGI_TYPE_WINDOW);

  G_OBJECT_CLASS (ringi_window_parent_class)->dispose (object);
}

static void
ringi_window_finalize (GObject *object)
{
  RingiWindow *self = RINGI_WINDOW (object);

  g_clear_pointer (&self->shown_refusals, g_hash_table_unref);
  g_clear_pointer (&self->request_id, g_free);
  g_clear_pointer (&self->pending_request_id, g_free);

  G_OBJECT_CLASS (ringi_window_parent_class)->finalize (object);
}

static const GActionEntry win_actions[] = {
  { "show-request", show_request_action, "s" },
  { "back", back_action },
  { "new-request", new_request_action },
  { "enroll", enroll_action },
  { "sync", sync_action },
  { "search-archive", search_archive_action },
  { "show-page", show_page_action, "s" },
};

static void
ringi_window_class_init (RingiWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = ringi_window_constructed;
  object_class->dispose = ringi_window_dispose;
  object_class->finalize = ringi_window_finalize;

  window_class->close_request = ringi_window_close_request;

  g_type_ensure (RINGI_TYPE_ARCHIVE_PAGE);
  g_type_ensure (RINGI_TYPE_ATTENDANCE_PAGE);
  g_type_ensure (RINGI_TYPE_REQUEST_LIST_PAGE);
  g_type_ensure (RINGI_TYPE_SYNC_INDICATOR);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ringi-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RingiWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RingiWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, RingiWindow, main_page);
  gtk_widget_class_bind_template_child (widget_class, RingiWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, RingiWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, RingiWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, RingiWindow, status_page);
  gtk_widget_class_bind_template_child (widget_class, RingiWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, RingiWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, RingiWindow, sync_indicator);
  gtk_widget_class_bind_template_child (widget_class, RingiWindow, inbox_page);
  gtk_widget_class_bind_template_child (widget_class, RingiWindow, sent_page);
  gtk_widget_class_bind_template_child (widget_class, RingiWindow, archive_page);
  gtk_widget_class_bind_template_child (widget_class, RingiWindow, attendance_page);
}

static void
ringi_window_init (RingiWindow *self)
{
  self->cancellable = g_cancellable_new ();
  self->shown_refusals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions, G_N_ELEMENTS (win_actions), self);
  g_signal_connect_object (self->switcher_title, "notify::title-visible",
                           G_CALLBACK (update_switcher_bar), self, G_CONNECT_SWAPPED);
}
