/* test-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-window"

#include "config.h"

#include <adwaita.h>
#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "ringi-application.h"
#include "ringi-archive-page.h"
#include "ringi-enrollment-page.h"
#include "ringi-pin-dialog.h"
#include "ringi-request-item.h"
#include "ringi-request-list-page.h"
#include "ringi-request-loader.h"
#include "ringi-sync-indicator.h"
#include "ringi-test-cli.h"
#include "ringi-test-server.h"
#include "ringi-test-utils.h"
#include "ringi-window.h"

#define PIN   "8642"
#define ROUTE "approve=sato ; final=tanaka"

/* The window over profiles prepared with ringi-cli against the real
 * ringi-server. The person at the window is sato, the first approver of
 * suzuki's purchases. */

/* One application for the whole program: GApplication registers once. */
static RingiApplication *app;

/* The desktop's notification service, as GLib's freedesktop backend
 * talks to it over the session bus: it keeps "summary\nbody" of each
 * notification, so that tests see what reached the desktop. */
static const char notifications_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.Notifications'>"
  "    <method name='Notify'>"
  "      <arg type='s' direction='in'/><arg type='u' direction='in'/><arg type='s' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='as' direction='in'/>"
  "      <arg type='a{sv}' direction='in'/><arg type='i' direction='in'/><arg type='u' direction='out'/>"
  "    </method>"
  "    <method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "  </interface>"
  "</node>";

static GPtrArray *desktop_notifications;

static void
notifications_method_cb (GDBusConnection *connection,
                         const char *sender,
                         const char *object_path,
                         const char *interface_name,
                         const char *method_name,
                         GVariant *parameters,
                         GDBusMethodInvocation *invocation,
                         gpointer user_data)
{
  const char *summary, *body;

  if (!g_str_equal (method_name, "Notify"))
    {
      g_dbus_method_invocation_return_value (invocation, NULL);
      return;
    }

  g_variant_get (parameters, "(&su&s&s&sas@a{sv}i)", NULL, NULL, NULL, &summary, &body, NULL, NULL, NULL);
  g_ptr_array_add (desktop_notifications, g_strconcat (summary, "\n", body, NULL));
  g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", desktop_notifications->len));
}

static void
name_acquired_cb (GDBusConnection *connection,
                  const char *name,
                  gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
}

static void
serve_notifications (GDBusConnection *connection)
{
  static const GDBusInterfaceVTable vtable = { notifications_method_cb, NULL, NULL, { 0 } };
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (notifications_xml, NULL);
  g_autoptr(GError) error = NULL;
  gboolean acquired = FALSE;

  desktop_notifications = g_ptr_array_new_with_free_func (g_free);
  g_dbus_connection_register_object (connection, "/org/freedesktop/Notifications", info->interfaces[0],
                                     &vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  g_bus_own_name_on_connection (connection, "org.freedesktop.Notifications", G_BUS_NAME_OWNER_FLAGS_NONE,
                                name_acquired_cb, NULL, &acquired, NULL);
  ringi_test_wait_for_flag (&acquired);
}

typedef struct
{
  char *dir;
  char *data;
  char *ca_file;
  GHashTable *codes; /* login → enrollment code */
  RingiTestServer *server;
  GPtrArray *notifications; /* ids, in the order sent */
} Fixture;

static const char *const people[] = { "suzuki", "sato", "tanaka" };

/* Waiting */

#define WAIT_UNTIL(condition)                \
  G_STMT_START                               \
  {                                          \
    while (!(condition))                     \
      g_main_context_iteration (NULL, TRUE); \
  }                                          \
  G_STMT_END

static void
on_after_paint (GdkFrameClock *clock,
                gboolean *painted)
{
  *painted = TRUE;
}

static void
wait_for_frame (GtkWidget *widget)
{
  gboolean painted = FALSE;
  GdkFrameClock *clock;
  gulong handler;

  WAIT_UNTIL (gtk_widget_get_mapped (widget));

  clock = gtk_widget_get_frame_clock (widget);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &painted);
  gtk_widget_queue_draw (widget);
  ringi_test_wait_for_flag (&painted);
  g_signal_handler_disconnect (clock, handler);
}

/* Widgets */

static GtkWidget *
find_widget (GtkWidget *root,
             GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
has_label (GtkWidget *root,
           const char *needle)
{
  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_label (GTK_LABEL (root)), needle) != NULL)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (has_label (child, needle))
      return TRUE;
  return FALSE;
}

static GtkWidget *
find_widget_with_class (GtkWidget *root,
                        const char *css_class)
{
  if (gtk_widget_has_css_class (root, css_class))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget_with_class (child, css_class);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_button (GtkWidget *root,
             const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
debug_widths (GtkWidget *w, int depth)
{
  int min;
  gtk_widget_measure (w, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  if (min > 300 && depth < 40)
    g_printerr ("%*s%s %d\n", depth, "", G_OBJECT_TYPE_NAME (w), min);
  for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
    debug_widths (c, depth + 1);
}

static const char *
main_page_name (GtkWidget *window)
{
  GtkWidget *spinner_or_status = find_widget (window, ADW_TYPE_VIEW_STACK);
  GtkWidget *stack = gtk_widget_get_ancestor (spinner_or_status, GTK_TYPE_STACK);

  return gtk_stack_get_visible_child_name (GTK_STACK (stack));
}

static GdkTexture *
render_widget (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_to_node (snapshot);
  g_assert_nonnull (node);

  return gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
}

static guint
count_colours (GdkTexture *texture)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  gsize stride = (gsize) width * 4;
  g_autofree guchar *pixels = g_malloc (stride * height);
  g_autoptr(GHashTable) colours = g_hash_table_new (NULL, NULL);

  gdk_texture_download (texture, pixels, stride);
  for (gsize i = 0; i < stride * height; i += 4)
    {
      guint32 pixel;

      memcpy (&pixel, pixels + i, sizeof pixel);
      g_hash_table_add (colours, GUINT_TO_POINTER (pixel));
    }

  return g_hash_table_size (colours);
}

/* Writes the window as NAME.png into RINGI_SCREENSHOT_DIR. */
static void
screenshot (GtkWidget *window,
            const char *name)
{
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *png = g_build_filename (g_getenv ("RINGI_SCREENSHOT_DIR"), file, NULL);

  /* The header's switcher fades when it gives way to the title. */
  WAIT_UNTIL (!adw_squeezer_get_transition_running (ADW_SQUEEZER (find_widget (window, ADW_TYPE_SQUEEZER))));
  wait_for_frame (window);
  texture = render_widget (window);
  /* A blank or single-colour picture means nothing was drawn. */
  g_assert_cmpuint (count_colours (texture), >, 50);
  g_assert_true (gdk_texture_save_to_png (texture, png));
}

/* Fixture */

static void
notification_sent_cb (RingiApplication *application,
                      const char *id,
                      GNotification *notification,
                      Fixture *f)
{
  g_ptr_array_add (f->notifications, g_strdup (id));
}

static void
fixture_setup (Fixture *f,
               gconstpointer data)
{
  f->dir = ringi_test_make_tmpdir ("rwin");
  f->notifications = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_set_size (desktop_notifications, 0);
  g_signal_connect (app, "notification-sent", G_CALLBACK (notification_sent_cb), f);
}

static void
server_setup (Fixture *f,
              gconstpointer data)
{
  g_autoptr(RingiTestRun) route = NULL;

  fixture_setup (f, data);
  f->data = g_build_filename (f->dir, "data", NULL);
  f->ca_file = g_build_filename (f->data, "tls", "ca.pem", NULL);
  f->codes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  ringi_test_server_init_copy (f->data);

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    g_hash_table_insert (f->codes, (gpointer) people[i], ringi_test_server_add_user (f->data, people[i], NULL));

  route = ringi_test_server_run ("route", "add", "--data", f->data, "--category", "purchase", "--route", ROUTE, NULL);
  g_assert_cmpint (route->status, ==, 0);

  f->server = ringi_test_server_start (f->data);
}

static char *
profile_of (Fixture *f,
            const char *login)
{
  return g_build_filename (f->dir, login, NULL);
}

static void
destroy_windows (void)
{
  GList *windows;

  while ((windows = gtk_application_get_windows (GTK_APPLICATION (app))) != NULL)
    gtk_window_destroy (windows->data);
}

/* Closes the profile and waits until nothing uses it any more. */
static void
close_profile (void)
{
  RingiSync *sync = ringi_application_get_sync (app);
  RingiRequestLoader *loader = NULL;

  destroy_windows ();
  if (sync != NULL)
    {
      loader = ringi_request_loader_get_for_sync (sync);
      g_object_add_weak_pointer (G_OBJECT (sync), (gpointer *) &sync);
      g_object_add_weak_pointer (G_OBJECT (loader), (gpointer *) &loader);
    }
  ringi_application_close_profile (app);
  WAIT_UNTIL (sync == NULL && loader == NULL);
}

static void
kill_agent (const char *profile)
{
  g_autofree char *home = g_build_filename (profile, "gnupg", NULL);
  const char *argv[] = { "gpgconf", "--homedir", home, "--kill", "all", NULL };

  if (g_file_test (home, G_FILE_TEST_IS_DIR))
    g_spawn_sync (NULL, (char **) argv, NULL,
                  G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                  NULL, NULL, NULL, NULL, NULL, NULL);
}

static void
fixture_teardown (Fixture *f,
                  gconstpointer data)
{
  close_profile ();
  g_signal_handlers_disconnect_by_data (app, f);

  if (f->server != NULL)
    {
      g_assert_cmpint (ringi_test_server_stop (f->server), ==, 0);
      g_clear_pointer (&f->server, ringi_test_server_free);
    }

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      g_autofree char *profile = profile_of (f, people[i]);

      kill_agent (profile);
    }
  kill_agent (f->dir);

  g_clear_pointer (&f->codes, g_hash_table_unref);
  g_clear_pointer (&f->notifications, g_ptr_array_unref);
  ringi_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->data);
  g_free (f->ca_file);
}

/* ringi-cli */

/* ringi-cli ARGS… --profile DIR/LOGIN, with the PIN; fails the test when
 * the command fails. */
static char *
cli (Fixture *f,
     const char *login,
     ...)
{
  g_auto(RingiCliRun) run = { 0 };
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  va_list args;
  const char *arg;

  va_start (args, login);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, g_strdup ("--profile"));
  g_ptr_array_add (argv, profile_of (f, login));
  g_ptr_array_add (argv, NULL);
  ringi_test_cli_runv (&run, (const char *const *) argv->pdata, PIN);
  ringi_test_cli_assert_ok (&run);
  return g_strstrip (g_steal_pointer (&run.out));
}

static void
enroll (Fixture *f,
        const char *login)
{
  g_autofree char *profile = profile_of (f, login);
  g_autofree char *home = g_build_filename (profile, "gnupg", NULL);
  g_autofree char *out = NULL;

  g_assert_cmpint (g_mkdir_with_parents (home, 0700), ==, 0);
  ringi_test_write_fast_agent_conf (home);
  out = cli (f, login, "enroll", "--server", ringi_test_server_get_url (f->server), "--ca", f->ca_file,
             "--login", login, "--code", g_hash_table_lookup (f->codes, login), NULL);
}

static char *
write_pdf (Fixture *f,
           const char *name)
{
  char *path = g_build_filename (f->dir, name, NULL);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 595, 842);
  cairo_t *cr = cairo_create (surface);

  cairo_move_to (cr, 72, 72);
  cairo_show_text (cr, name);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
  return path;
}

/* Submits a purchase as @login, synced; returns its id. */
static char *
submit (Fixture *f,
        const char *login,
        const char *title,
        const char *amount,
        const char *counterparty)
{
  g_autofree char *pdf = write_pdf (f, "request.pdf");
  char *id = cli (f, login, "submit", pdf, "--title", title, "--category", "purchase", "--amount", amount,
                  "--counterparty", counterparty, "--route-template", "purchase", NULL);
  g_autofree char *out = cli (f, login, "sync", NULL);

  return id;
}

/* The window */

/* `ringi --profile DIR`: the option as GApplication hands it over, then
 * the activation. */
static GtkWidget *
activate_with_profile (const char *profile)
{
  g_autoptr(GVariantDict) options = g_variant_dict_new (NULL);
  GtkWidget *window;
  int status = 0;

  g_variant_dict_insert_value (options, "profile", g_variant_new_bytestring (profile));
  g_signal_emit_by_name (app, "handle-local-options", options, &status);
  /* -1: go on and activate */
  g_assert_cmpint (status, ==, -1);
  g_application_activate (G_APPLICATION (app));

  window = GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (RINGI_IS_WINDOW (window));
  g_assert_cmpstr (main_page_name (window), ==, "loading");
  return window;
}

/* Opens @login's profile the way `ringi --profile` does, and the window on
 * it, once enrolled. */
static GtkWidget *
open_window (Fixture *f,
             const char *login)
{
  g_autofree char *profile = profile_of (f, login);
  GtkWidget *window = activate_with_profile (profile);

  WAIT_UNTIL (ringi_application_get_enrolled (app));
  g_assert_cmpstr (main_page_name (window), ==, "views");
  return window;
}

static RingiRequestListPage *
list_page_of (GtkWidget *root,
              RingiRequestList list)
{
  if (RINGI_IS_REQUEST_LIST_PAGE (root) && ringi_request_list_page_get_list (RINGI_REQUEST_LIST_PAGE (root)) == list)
    return RINGI_REQUEST_LIST_PAGE (root);

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      RingiRequestListPage *found = list_page_of (child, list);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static RingiRequestListPage *
inbox_of (GtkWidget *window)
{
  return list_page_of (window, RINGI_REQUEST_LIST_INBOX);
}

static guint
inbox_count (GtkWidget *window)
{
  return g_list_model_get_n_items (ringi_request_list_page_get_model (inbox_of (window)));
}

static const char *
indicator_summary (GtkWidget *window)
{
  RingiSyncIndicator *indicator = RINGI_SYNC_INDICATOR (find_widget (window, RINGI_TYPE_SYNC_INDICATOR));
  const char *summary = ringi_sync_indicator_get_summary (indicator);

  return summary ? summary : "";
}

static void
show_page (GtkWidget *window,
           const char *name)
{
  gtk_widget_activate_action (window, "win.show-page", "s", name);
}

/* Tests */

static void
test_not_connected (Fixture *f,
                    gconstpointer data)
{
  g_autofree char *profile = profile_of (f, "nobody");
  g_autoptr(GdkTexture) texture = NULL;
  GtkWidget *window;

  window = activate_with_profile (profile);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Ringi");

  /* Opening, then not enrolled: the status page says what to do. */
  WAIT_UNTIL (ringi_application_get_sync (app) != NULL);
  g_assert_false (ringi_application_get_enrolled (app));
  g_assert_cmpstr (main_page_name (window), ==, "setup");
  g_assert_true (has_label (window, "Not connected yet"));
  g_assert_false (gtk_widget_get_visible (find_widget (window, RINGI_TYPE_SYNC_INDICATOR)));

  wait_for_frame (window);
  texture = render_widget (window);
  /* The window opens at the schema's default of 1000×700. */
  g_assert_cmpint (ABS (gdk_texture_get_width (texture) - 1000), <=, 20);
  g_assert_cmpint (ABS (gdk_texture_get_height (texture) - 700), <=, 20);
  screenshot (window, "window-not-connected");

  /* Set Up… leads to the enrollment page; back returns. */
  gtk_widget_activate_action (window, "win.enroll", NULL);
  g_assert_nonnull (find_widget (window, RINGI_TYPE_ENROLLMENT_PAGE));
  g_assert_true (has_label (window, "Welcome to Ringi"));
  gtk_widget_activate_action (window, "win.back", NULL);
  g_assert_null (ringi_window_get_visible_request (RINGI_WINDOW (window)));
}

static void
test_profile_error (Fixture *f,
                    gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_build_filename (f->dir, "not-a-folder", NULL);
  GtkWidget *window;

  /* A file where the profile folder should be. */
  g_file_set_contents (file, "", 0, &error);
  g_assert_no_error (error);
  window = activate_with_profile (file);

  WAIT_UNTIL (ringi_application_get_profile_error (app) != NULL);
  g_assert_null (ringi_application_get_sync (app));
  g_assert_cmpstr (main_page_name (window), ==, "error");
  g_assert_true (has_label (window, "Could Not Open Your Profile"));
  g_assert_true (has_label (window, ringi_application_get_profile_error (app)));
}

static void
test_shortcuts (Fixture *f,
                gconstpointer data)
{
  static const struct
  {
    const char *action;
    const char *accel;
  } shortcuts[] = {
    { "win.new-request", "<Control>n" },
    { "win.search-archive", "<Control>f" },
    { "win.sync", "F5" },
    { "win.sync", "<Control>r" },
    { "app.quit", "<Control>q" },
    { "win.back", "<Alt>Left" },
    { "win.show-page::inbox", "<Control>1" },
    { "win.show-page::sent", "<Control>2" },
    { "win.show-page::archive", "<Control>3" },
    { "win.show-page::attendance", "<Control>4" },
    { "win.show-help-overlay", "<Control>question" },
  };
  g_autofree char *profile = profile_of (f, "nobody");
  GtkWidget *window = activate_with_profile (profile);
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));

  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), shortcuts[i].action);

      g_test_message ("%s", shortcuts[i].action);
      g_assert_true (g_strv_contains ((const char *const *) accels, shortcuts[i].accel));
    }

  /* The window of shortcuts lists them. */
  g_assert_nonnull (overlay);
  g_assert_true (has_label (GTK_WIDGET (overlay), "Search the Archive"));
  g_assert_true (has_label (GTK_WIDGET (overlay), "Attendance"));
}

static void
test_remembers_size (Fixture *f,
                     gconstpointer data)
{
  g_autofree char *profile = profile_of (f, "nobody");
  GSettings *settings = ringi_application_get_settings (app);
  GtkWindow *window;
  int width, height;

  ringi_application_open_profile (app, profile);
  g_settings_set (settings, "window-size", "(ii)", 640, 480);

  window = GTK_WINDOW (ringi_window_new (app));
  gtk_window_present (window);
  gtk_window_get_default_size (window, &width, &height);
  g_assert_cmpint (width, ==, 640);
  g_assert_cmpint (height, ==, 480);

  wait_for_frame (GTK_WIDGET (window));
  gtk_window_set_default_size (window, 800, 600);
  gtk_window_close (window);

  g_settings_get (settings, "window-size", "(ii)", &width, &height);
  g_assert_cmpint (width, ==, 800);
  g_assert_cmpint (height, ==, 600);
  g_settings_reset (settings, "window-size");
}

static void
test_empty (Fixture *f,
            gconstpointer data)
{
  GtkWidget *window;

  enroll (f, "sato");
  window = open_window (f, "sato");

  /* Nothing anywhere: each list says what to do instead. */
  WAIT_UNTIL (ringi_sync_get_state (ringi_application_get_sync (app)) == RINGI_SYNC_STATE_SYNCED &&
              !ringi_request_list_page_get_loading (inbox_of (window)));
  g_assert_cmpuint (inbox_count (window), ==, 0);
  g_assert_true (has_label (window, "Nothing Waits for Your Seal"));
  show_page (window, "sent");
  g_assert_true (has_label (window, "No Requests Yet"));
  /* Ctrl+F: the archive's search, ready to type. */
  gtk_widget_activate_action (window, "win.search-archive", NULL);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (find_widget (window, ADW_TYPE_VIEW_STACK))), ==,
                   "archive");
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (window)),
                                         find_widget (window, RINGI_TYPE_ARCHIVE_PAGE)));
  g_assert_true (has_label (window, "No Matching Requests"));
  show_page (window, "attendance");
  /* The attendance page, read off the main thread: nobody clocked in. */
  WAIT_UNTIL (has_label (window, "Not working"));
  g_assert_true (has_label (window, "No punches yet today"));
  screenshot (window, "window-attendance");
  g_assert_cmpuint (f->notifications->len, ==, 0);

  /* On a phone-sized window the page switcher moves to the bottom. */
  {
    AdwViewSwitcherBar *bar = ADW_VIEW_SWITCHER_BAR (find_widget (window, ADW_TYPE_VIEW_SWITCHER_BAR));

    g_assert_false (adw_view_switcher_bar_get_reveal (bar));
    show_page (window, "inbox");
    gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
    WAIT_UNTIL (adw_view_switcher_bar_get_reveal (bar));
    screenshot (window, "window-narrow");
    /* Nothing holds the window wider than a phone. */
    g_assert_cmpint (gtk_widget_get_width (window), <=, 360);
    debug_widths (window, 0);
    gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
    WAIT_UNTIL (!adw_view_switcher_bar_get_reveal (bar));
  }
}

static void
wait_for_lists (GtkWidget *window,
                guint n_inbox,
                guint n_sent,
                guint n_archive)
{
  RingiRequestListPage *sent = list_page_of (window, RINGI_REQUEST_LIST_SENT);
  RingiArchivePage *archive = RINGI_ARCHIVE_PAGE (find_widget (window, RINGI_TYPE_ARCHIVE_PAGE));

  WAIT_UNTIL (inbox_count (window) == n_inbox && !ringi_request_list_page_get_loading (inbox_of (window)));
  WAIT_UNTIL (g_list_model_get_n_items (ringi_request_list_page_get_model (sent)) == n_sent &&
              !ringi_request_list_page_get_loading (sent));
  WAIT_UNTIL (g_list_model_get_n_items (ringi_archive_page_get_model (archive)) == n_archive &&
              !ringi_archive_page_get_loading (archive));
}

/* Screenshots of the three lists, named with @suffix. */
static void
screenshots (GtkWidget *window,
             const char *suffix)
{
  static const char *const pages[] = { "inbox", "sent", "archive" };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *name = g_strdup_printf ("window-%s%s", pages[i], suffix);

      show_page (window, pages[i]);
      screenshot (window, name);
    }
}

/* Japanese through the catalogue built in this tree; GTK reads the
 * translations when the templates are built, so a new window. */
static void
screenshots_in_japanese (Fixture *f)
{
  g_autofree char *po_dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "po", NULL);
  g_autofree char *mo = g_build_filename (po_dir, "ja", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  g_autofree char *old_locale = g_strdup (setlocale (LC_ALL, NULL));
  GtkWidget *window;

  if (!g_file_test (mo, G_FILE_TEST_EXISTS))
    {
      g_test_message ("No %s in the build tree: no Japanese screenshots", mo);
      return;
    }

  /* LANGUAGE is ignored in the "C" locale. */
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "ja", TRUE);
  bindtextdomain (GETTEXT_PACKAGE, po_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  destroy_windows ();
  window = GTK_WIDGET (ringi_window_new (app));
  gtk_window_present (GTK_WINDOW (window));
  /* The catalogue is the one in use. */
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "Main Menu"), ==, "メインメニュー");
  wait_for_lists (window, 5, 1, 6);
  screenshots (window, "-ja");

  /* gettext keeps what it looked up until the locale changes: changing it
   * twice makes the next tests English again whatever old_locale is. */
  g_unsetenv ("LANGUAGE");
  setlocale (LC_ALL, "C");
  setlocale (LC_ALL, old_locale);
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "Main Menu"), ==, "Main Menu");
}

static void
test_inbox (Fixture *f,
            gconstpointer data)
{
  static const char *const titles[] = { "コピー用紙の購入", "プリンタートナー", "会議室の椅子", "来客用の茶菓" };
  g_autofree char *own = NULL;
  g_autofree char *latest = NULL;
  g_autofree char *latest_notification = NULL;
  GtkWidget *window;
  RingiRequestItem *first;

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    enroll (f, people[i]);

  /* sato's own request, and four of suzuki's waiting for sato. */
  {
    g_autofree char *pdf = write_pdf (f, "own.pdf");
    g_autofree char *out = NULL;

    own = cli (f, "sato", "submit", pdf, "--title", "研修参加費", "--category", "training", "--amount", "15000",
               "--counterparty", "自治大学校", "--route", "approve=tanaka ; final=suzuki", NULL);
    out = cli (f, "sato", "sync", NULL);
    g_free (out);
    out = cli (f, "tanaka", "sync", NULL);
    g_free (out);
    out = cli (f, "tanaka", "approve", own, NULL);
    g_free (out);
    out = cli (f, "tanaka", "sync", NULL);
  }
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      g_autofree char *amount = g_strdup_printf ("%u", 52000 + 1000 * i);
      g_autofree char *id = submit (f, "suzuki", titles[i], amount, "文具店");
    }

  /* Asked for from a notification before the profile is open: the
   * request shows once it is. */
  {
    g_autofree char *profile = profile_of (f, "sato");

    window = activate_with_profile (profile);
    g_action_group_activate_action (G_ACTION_GROUP (app), "show-request", g_variant_new_string (own));
    WAIT_UNTIL (ringi_application_get_enrolled (app));
    g_assert_cmpstr (ringi_window_get_visible_request (RINGI_WINDOW (window)), ==, own);
    gtk_widget_activate_action (window, "win.back", NULL);
  }

  /* The first sync brings the four at once: one notification counts them. */
  wait_for_lists (window, 4, 1, 5);
  g_assert_cmpuint (f->notifications->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->notifications, 0), ==, "new-requests");
  WAIT_UNTIL (desktop_notifications->len == 1);
  g_assert_cmpstr (g_ptr_array_index (desktop_notifications, 0), ==, "4 new requests\nThey wait for your seal in the inbox.");

  /* Another one, pulled by a sync: the list follows, and it is announced. */
  latest = submit (f, "suzuki", "庁用車のタイヤ交換", "88000", "自動車整備店");
  latest_notification = g_strconcat ("request-", latest, NULL);
  gtk_widget_activate_action (window, "win.sync", NULL);
  wait_for_lists (window, 5, 1, 6);
  WAIT_UNTIL (f->notifications->len == 2);
  g_assert_cmpstr (g_ptr_array_index (f->notifications, 1), ==, latest_notification);
  WAIT_UNTIL (desktop_notifications->len == 2);
  g_assert_cmpstr (g_ptr_array_index (desktop_notifications, 1), ==, "New request for your seal\n“庁用車のタイヤ交換” from 試験 太郎");

  /* My request shows how far along its route it is. */
  {
    RingiRequestListPage *sent = list_page_of (window, RINGI_REQUEST_LIST_SENT);
    g_autoptr(RingiRequestItem) item = g_list_model_get_item (ringi_request_list_page_get_model (sent), 0);
    g_autofree char *progress = ringi_request_item_dup_progress_text (item);

    g_assert_cmpuint (ringi_request_item_get_n_steps (item), ==, 2);
    g_assert_cmpuint (ringi_request_item_get_n_done (item), ==, 1);
    g_assert_cmpstr (progress, ==, "1 of 2 steps");
  }

  first = g_list_model_get_item (ringi_request_list_page_get_model (inbox_of (window)), 0);
  g_assert_cmpstr (ringi_request_item_get_applicant_name (first), !=, "");
  g_object_unref (first);

  /* A request opens in its page, and back returns to the lists. */
  gtk_widget_activate_action (window, "win.show-request", "s", latest);
  g_assert_cmpstr (ringi_window_get_visible_request (RINGI_WINDOW (window)), ==, latest);
  g_assert_true (has_label (window, "庁用車のタイヤ交換"));
  gtk_widget_activate_action (window, "win.back", NULL);
  g_assert_null (ringi_window_get_visible_request (RINGI_WINDOW (window)));

  WAIT_UNTIL (g_str_has_prefix (indicator_summary (window), "Up to date"));
  screenshots (window, "");

  /* The archive searches by amount range and counterparty, combined. */
  {
    RingiArchivePage *archive = RINGI_ARCHIVE_PAGE (find_widget (window, RINGI_TYPE_ARCHIVE_PAGE));
    RingiSearchQuery query = RINGI_SEARCH_QUERY_INIT;
    GListModel *found = ringi_archive_page_get_model (archive);
    g_autoptr(RingiRequestItem) item = NULL;

    query.min_amount = 53000;
    query.max_amount = 60000;
    query.counterparty = "文具";
    ringi_archive_page_search (archive, &query);
    WAIT_UNTIL (!ringi_archive_page_get_loading (archive));
    g_assert_cmpuint (g_list_model_get_n_items (found), ==, 3);

    query.title = "椅子";
    ringi_archive_page_search (archive, &query);
    WAIT_UNTIL (!ringi_archive_page_get_loading (archive));
    g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
    item = g_list_model_get_item (found, 0);
    g_assert_cmpstr (ringi_request_item_get_title (item), ==, "会議室の椅子");

    /* Not a day: the field is marked, and the results stay. */
    query.date_from = "2026-02-30";
    ringi_archive_page_search (archive, &query);
    g_assert_false (ringi_archive_page_get_loading (archive));
    g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
    g_assert_true (gtk_widget_has_css_class (find_widget_with_class (GTK_WIDGET (archive), "error"), "error"));

    ringi_archive_page_search (archive, &(RingiSearchQuery) RINGI_SEARCH_QUERY_INIT);
    g_assert_null (find_widget_with_class (GTK_WIDGET (archive), "error"));
    WAIT_UNTIL (!ringi_archive_page_get_loading (archive));

    /* A sign is not a digit: the date reader is the strict one. */
    query.date_from = "+026-01-01";
    ringi_archive_page_search (archive, &query);
    g_assert_false (ringi_archive_page_get_loading (archive));
    g_assert_nonnull (find_widget_with_class (GTK_WIDGET (archive), "error"));

    ringi_archive_page_search (archive, &(RingiSearchQuery) RINGI_SEARCH_QUERY_INIT);
    g_assert_null (find_widget_with_class (GTK_WIDGET (archive), "error"));
  }

  screenshots_in_japanese (f);
}

static void
act_cb (GObject *source,
        GAsyncResult *result,
        gpointer user_data)
{
  g_autoptr(GError) error = NULL;
  gboolean *done = user_data;

  g_assert_true (ringi_sync_act_finish (RINGI_SYNC (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
approve (const char *request_id)
{
  RingiActionInput input = { .action = RINGI_ACTION_APPROVE, .request_id = request_id };
  gboolean done = FALSE;

  ringi_sync_act_async (ringi_application_get_sync (app), &input, PIN, NULL, act_cb, &done);
  ringi_test_wait_for_flag (&done);
}

static void
test_offline (Fixture *f,
              gconstpointer data)
{
  g_autofree char *id = NULL;
  g_autofree char *port = NULL;
  const char *listen[3] = { "--listen", NULL, NULL };
  RingiSync *sync;
  GtkWidget *window;

  enroll (f, "suzuki");
  enroll (f, "sato");
  id = submit (f, "suzuki", "コピー用紙の購入", "52000", "文具店");
  window = open_window (f, "sato");
  sync = ringi_application_get_sync (app);
  wait_for_lists (window, 1, 0, 1);
  WAIT_UNTIL (g_str_has_prefix (indicator_summary (window), "Up to date"));

  /* The server goes away; the approval waits, and the header says so. */
  port = g_strdup_printf ("127.0.0.1:%u", ringi_test_server_get_port (f->server));
  g_assert_cmpint (ringi_test_server_stop (f->server), ==, 0);
  g_clear_pointer (&f->server, ringi_test_server_free);
  approve (id);
  gtk_widget_activate_action (window, "win.sync", NULL);
  WAIT_UNTIL (ringi_sync_get_state (sync) == RINGI_SYNC_STATE_OFFLINE && ringi_sync_get_n_waiting (sync) == 1);
  ringi_test_assert_contains (indicator_summary (window), "Offline");
  ringi_test_assert_contains (indicator_summary (window), "1 action waits to be sent");
  /* Approved here, it stays in the inbox, marked, until the server has it. */
  {
    g_autoptr(RingiRequestItem) item = NULL;

    wait_for_lists (window, 1, 0, 1);
    item = g_list_model_get_item (ringi_request_list_page_get_model (inbox_of (window)), 0);
    g_assert_true (ringi_request_item_get_pending (item));
  }
  g_assert_true (has_label (window, "Waiting to be sent"));
  screenshot (window, "window-offline");

  /* Back on the same address: sync now sends it. */
  listen[1] = port;
  f->server = ringi_test_server_start_with_args (f->data, listen);
  gtk_widget_activate_action (window, "win.sync", NULL);
  WAIT_UNTIL (ringi_sync_get_state (sync) == RINGI_SYNC_STATE_SYNCED && ringi_sync_get_n_waiting (sync) == 0);
  g_assert_cmpstr (indicator_summary (window), ==, "Up to date\nEverything you did is on the server.");
  /* Approved, it left the inbox. */
  wait_for_lists (window, 0, 0, 1);
}

static void
test_refusal (Fixture *f,
              gconstpointer data)
{
  g_autofree char *id = NULL;
  g_autofree char *out = NULL;
  RingiSync *sync;
  GtkWidget *window;

  enroll (f, "suzuki");
  enroll (f, "sato");
  id = submit (f, "suzuki", "コピー用紙の購入", "52000", "文具店");
  window = open_window (f, "sato");
  sync = ringi_application_get_sync (app);
  wait_for_lists (window, 1, 0, 1);

  /* sato approves while not syncing, after suzuki has withdrawn it: the
   * server refuses, and the window says why. */
  ringi_sync_stop (sync);
  out = cli (f, "suzuki", "withdraw", id, NULL);
  g_free (out);
  out = cli (f, "suzuki", "sync", NULL);
  approve (id);
  g_assert_cmpuint (ringi_sync_get_n_waiting (sync), ==, 1);
  g_assert_false (has_label (window, "The server refused"));

  ringi_sync_start (sync);
  WAIT_UNTIL (ringi_sync_get_n_refused (sync) == 1);
  g_assert_true (has_label (window, "“コピー用紙の購入” was refused: "));
  screenshot (window, "window-refusal");

  /* Details give the server's whole reason. */
  {
    g_autoptr(GPtrArray) refusals = ringi_outbox_list_refusals (ringi_profile_get_outbox (ringi_sync_get_profile (sync)), NULL);
    const RingiRefusal *refusal = g_ptr_array_index (refusals, 0);
    GtkWidget *details = find_button (window, "_Details");
    GtkWidget *dialog = NULL;
    GListModel *toplevels = gtk_window_get_toplevels ();

    g_assert_nonnull (details);
    g_signal_emit_by_name (details, "clicked");
    for (guint i = 0; i < g_list_model_get_n_items (toplevels) && dialog == NULL; i++)
      {
        g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

        if (ADW_IS_MESSAGE_DIALOG (toplevel))
          dialog = toplevel;
      }
    g_assert_nonnull (dialog);
    ringi_test_assert_contains (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), refusal->message);
    gtk_window_destroy (GTK_WINDOW (dialog));
  }

  /* Told once: another change does not repeat it. */
  gtk_widget_activate_action (window, "win.sync", NULL);
  WAIT_UNTIL (ringi_sync_get_state (sync) == RINGI_SYNC_STATE_SYNCED);
  g_assert_cmpuint (ringi_sync_get_n_refused (sync), ==, 1);
}

static void
test_notifications_off (Fixture *f,
                        gconstpointer data)
{
  GSettings *settings = ringi_application_get_settings (app);
  g_autofree char *id = NULL;
  GtkWidget *window;

  enroll (f, "suzuki");
  enroll (f, "sato");
  g_settings_set_boolean (settings, "notifications", FALSE);
  window = open_window (f, "sato");
  WAIT_UNTIL (ringi_sync_get_state (ringi_application_get_sync (app)) == RINGI_SYNC_STATE_SYNCED);

  id = submit (f, "suzuki", "コピー用紙の購入", "52000", "文具店");
  gtk_widget_activate_action (window, "win.sync", NULL);
  wait_for_lists (window, 1, 0, 1);
  g_assert_cmpuint (f->notifications->len, ==, 0);
  g_settings_reset (settings, "notifications");
}

static RingiPinDialog *
find_pin_dialog (void)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (RINGI_IS_PIN_DIALOG (l->data))
      return l->data;

  return NULL;
}

/* The session ended while the app was closed: the header offers to sign
 * in, the PIN typed then is used once, and syncing goes on. */
static void
test_sign_in (Fixture *f,
              gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = profile_of (f, "sato");
  RingiSyncIndicator *indicator;
  RingiSync *sync;
  GtkWidget *window;

  enroll (f, "sato");
  {
    g_autoptr(RingiProfile) profile = ringi_profile_open (dir, &error);

    g_assert_no_error (error);
    g_assert_true (ringi_profile_save_token (profile, "expired", "2026-01-01T00:00:00Z", &error));
    g_assert_no_error (error);
  }

  window = open_window (f, "sato");
  sync = ringi_application_get_sync (app);
  WAIT_UNTIL (ringi_sync_get_needs_sign_in (sync));
  indicator = RINGI_SYNC_INDICATOR (find_widget (window, RINGI_TYPE_SYNC_INDICATOR));
  ringi_test_assert_contains (ringi_sync_indicator_get_summary (indicator), "seal PIN");

  /* A wrong PIN is said in the dialog, which stays. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "sign-in", NULL);
  WAIT_UNTIL (find_pin_dialog () != NULL);
  ringi_pin_dialog_set_pin (find_pin_dialog (), "0000");
  gtk_widget_activate_action (GTK_WIDGET (find_pin_dialog ()), "pin.confirm", NULL);
  WAIT_UNTIL (ringi_pin_dialog_get_error (find_pin_dialog ()) != NULL);
  g_assert_true (ringi_sync_get_needs_sign_in (sync));

  ringi_pin_dialog_set_pin (find_pin_dialog (), PIN);
  gtk_widget_activate_action (GTK_WIDGET (find_pin_dialog ()), "pin.confirm", NULL);
  WAIT_UNTIL (find_pin_dialog () == NULL);
  g_assert_false (ringi_sync_get_needs_sign_in (sync));
  g_assert_cmpint (ringi_sync_get_state (sync), ==, RINGI_SYNC_STATE_SYNCED);
}

int
main (int argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  app = ringi_application_new ();
  /* Test programs run side by side: do not fight over the bus name. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  serve_notifications (g_application_get_dbus_connection (G_APPLICATION (app)));
  /* Screenshots show where transitions end, not a frame in between. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

#define ADD(path, setup, func) g_test_add (path, Fixture, NULL, setup, func, fixture_teardown)
  ADD ("/ringi/window/not-connected", fixture_setup, test_not_connected);
  ADD ("/ringi/window/remembers-size", fixture_setup, test_remembers_size);
  ADD ("/ringi/window/shortcuts", fixture_setup, test_shortcuts);
  ADD ("/ringi/window/profile-error", fixture_setup, test_profile_error);
  ADD ("/ringi/window/empty", server_setup, test_empty);
  ADD ("/ringi/window/inbox", server_setup, test_inbox);
  ADD ("/ringi/window/offline", server_setup, test_offline);
  ADD ("/ringi/window/refusal", server_setup, test_refusal);
  ADD ("/ringi/window/notifications-off", server_setup, test_notifications_off);
  ADD ("/ringi/window/sign-in", server_setup, test_sign_in);
#undef ADD

  status = g_test_run ();

  g_application_quit (G_APPLICATION (app));
  g_clear_object (&app);
  g_clear_pointer (&desktop_notifications, g_ptr_array_unref);
  ringi_test_server_remove_template ();
  return status;
}
