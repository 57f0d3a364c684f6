/* test-enrollment-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-enrollment-page"

#include "config.h"

#include <adwaita.h>

#include "ringi-enrollment-page.h"
#include "ringi-test-server.h"
#include "ringi-test-utils.h"

#define PIN "8642"

/* The first-run page against the real ringi-server on 127.0.0.1, with
 * the TLS certificate `ringi-server init` made. The rows are filled as a
 * person would, and Connect is activated as its button would. */
typedef struct
{
  char *dir;
  char *data;
  char *ca_file;
  char *code;
  RingiTestServer *server;
  RingiProfile *profile;
  RingiSync *sync;
  GtkWindow *window;
  RingiEnrollmentPage *page;
} Fixture;

static void
fixture_setup (Fixture *f,
               gconstpointer data)
{
  gboolean with_server = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;
  g_autofree char *profile_dir = NULL;

  f->dir = ringi_test_make_tmpdir ("renr");
  f->data = g_build_filename (f->dir, "data", NULL);
  f->ca_file = g_build_filename (f->data, "tls", "ca.pem", NULL);
  if (with_server)
    {
      ringi_test_server_init_copy (f->data);
      f->code = ringi_test_server_add_user (f->data, "suzuki", NULL);
      f->server = ringi_test_server_start (f->data);
    }

  profile_dir = g_build_filename (f->dir, "p", NULL);
  f->profile = ringi_profile_open (profile_dir, &error);
  g_assert_no_error (error);
  ringi_test_write_fast_agent_conf (ringi_keyring_get_home (ringi_profile_get_keyring (f->profile)));
  f->sync = ringi_sync_new (f->profile);

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 720, 820);
  f->page = RINGI_ENROLLMENT_PAGE (ringi_enrollment_page_new (f->sync));
  gtk_window_set_child (f->window, GTK_WIDGET (f->page));
  gtk_window_present (f->window);
}

static void
fixture_teardown (Fixture *f,
                  gconstpointer data)
{
  if (f->window != NULL)
    gtk_window_destroy (f->window);
  g_clear_object (&f->sync);
  ringi_keyring_kill_agent (ringi_profile_get_keyring (f->profile));
  g_clear_object (&f->profile);
  if (f->server != NULL)
    {
      g_assert_cmpint (ringi_test_server_stop (f->server), ==, 0);
      g_clear_pointer (&f->server, ringi_test_server_free);
    }
  ringi_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->data);
  g_free (f->ca_file);
  g_free (f->code);
}

static GtkWidget *
child (Fixture *f,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (f->page), RINGI_TYPE_ENROLLMENT_PAGE, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static const char *
text_of (Fixture *f,
         const char *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (child (f, row)));
}

static void
fill (Fixture *f,
      const char *server,
      const char *login,
      const char *code,
      const char *pin,
      const char *pin_again)
{
  gtk_widget_activate_action (GTK_WIDGET (f->page), "enrollment.start", NULL);
  gtk_editable_set_text (GTK_EDITABLE (child (f, "server_row")), server);
  gtk_editable_set_text (GTK_EDITABLE (child (f, "login_row")), login);
  gtk_editable_set_text (GTK_EDITABLE (child (f, "code_row")), code);
  gtk_editable_set_text (GTK_EDITABLE (child (f, "pin_row")), pin);
  gtk_editable_set_text (GTK_EDITABLE (child (f, "pin_again_row")), pin_again);
}

static gboolean
connect_enabled (Fixture *f)
{
  return gtk_widget_get_sensitive (child (f, "connect_button"));
}

static void
set_flag (gboolean *flag)
{
  *flag = TRUE;
}

static void
busy_changed_cb (RingiEnrollmentPage *page,
                 GParamSpec *pspec,
                 gboolean *done)
{
  if (!ringi_enrollment_page_get_busy (page))
    *done = TRUE;
}

static void
save_screenshot (Fixture *f,
                 const char *name);

/* Activates Connect and waits until the page is no longer busy; with
 * @screenshot, a picture of the page at work is taken first. */
static void
connect_and_wait_with_screenshot (Fixture *f,
                                  const char *screenshot)
{
  gboolean done = FALSE;
  gulong handler = g_signal_connect (f->page, "notify::busy", G_CALLBACK (busy_changed_cb), &done);

  g_assert_true (connect_enabled (f));
  gtk_widget_activate_action (GTK_WIDGET (f->page), "enrollment.connect", NULL);
  g_assert_true (ringi_enrollment_page_get_busy (f->page));
  g_assert_false (gtk_widget_get_sensitive (child (f, "account_group")));
  g_assert_true (gtk_widget_get_visible (child (f, "progress_box")));
  if (screenshot != NULL)
    save_screenshot (f, screenshot);
  ringi_test_wait_for_flag (&done);
  g_signal_handler_disconnect (f->page, handler);
  g_assert_false (gtk_widget_get_visible (child (f, "progress_box")));
}

static void
connect_and_wait (Fixture *f)
{
  connect_and_wait_with_screenshot (f, NULL);
}

static void
after_paint_cb (GdkFrameClock *clock,
                gboolean *painted)
{
  *painted = TRUE;
}

static void
save_screenshot (Fixture *f,
                 const char *name)
{
  GtkWidget *widget = GTK_WIDGET (f->window);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("RINGI_SCREENSHOT_DIR"), name, NULL);
  gboolean painted = FALSE;
  gulong handler;
  int width, height;

  /* Laid out and drawn once as it is now */
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  gtk_widget_queue_draw (widget);
  ringi_test_wait_for_flag (&painted);
  g_signal_handler_disconnect (clock, handler);

  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (f->window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static void
progress_changed_cb (GtkLabel *label,
                     GParamSpec *pspec,
                     GPtrArray *seen)
{
  g_ptr_array_add (seen, g_strdup (gtk_label_get_text (label)));
}

static void
test_enroll (Fixture *f,
             gconstpointer data)
{
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(RingiSyncSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  gboolean enrolled = FALSE;

  save_screenshot (f, "enrollment-intro.png");

  fill (f, ringi_test_server_get_url (f->server), "suzuki", f->code, PIN, PIN);
  ringi_enrollment_page_set_ca_file (f->page, f->ca_file);
  g_assert_false (gtk_widget_get_visible (child (f, "hint_label")));
  save_screenshot (f, "enrollment-form.png");

  g_signal_connect_swapped (f->page, "enrolled", G_CALLBACK (set_flag), &enrolled);
  g_signal_connect (child (f, "progress_label"), "notify::label", G_CALLBACK (progress_changed_cb), seen);
  connect_and_wait_with_screenshot (f, "enrollment-connecting.png");
  g_assert_true (enrolled);
  g_assert_false (gtk_widget_get_visible (child (f, "error_label")));

  /* Each phase was shown while it ran. */
  g_ptr_array_add (seen, NULL);
  g_assert_true (g_strv_contains ((const char *const *) seen->pdata, "Creating your key…"));
  g_assert_true (g_strv_contains ((const char *const *) seen->pdata, "Registering with the server…"));
  g_assert_true (g_strv_contains ((const char *const *) seen->pdata, "First sync…"));

  settings = ringi_profile_dup_settings (f->profile, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (settings->login, ==, "suzuki");
  g_assert_cmpstr (settings->server_url, ==, ringi_test_server_get_url (f->server));
  g_assert_nonnull (settings->fingerprint);
  /* The profile keeps its own copy of the CA. */
  ringi_test_assert_contains (settings->ca_file, ringi_profile_get_dir (f->profile));
  /* The first sync ran: the directory is here. */
  g_assert_nonnull (settings->directory_synced_at);
}

static void
test_wrong_code (Fixture *f,
                 gconstpointer data)
{
  const char *url = ringi_test_server_get_url (f->server);
  gboolean enrolled = FALSE;

  fill (f, url, "suzuki", "WRONG-CODE", PIN, PIN);
  ringi_enrollment_page_set_ca_file (f->page, f->ca_file);
  g_signal_connect_swapped (f->page, "enrolled", G_CALLBACK (set_flag), &enrolled);
  connect_and_wait (f);

  g_assert_false (enrolled);
  g_assert_false (ringi_profile_is_enrolled (f->profile));
  g_assert_true (gtk_widget_get_visible (child (f, "error_label")));
  ringi_test_assert_contains (gtk_label_get_text (GTK_LABEL (child (f, "error_label"))),
                              "The enrollment code is not right");
  save_screenshot (f, "enrollment-wrong-code.png");

  /* Nothing typed is lost, and the person can try again at once. */
  g_assert_cmpstr (text_of (f, "server_row"), ==, url);
  g_assert_cmpstr (text_of (f, "login_row"), ==, "suzuki");
  g_assert_cmpstr (text_of (f, "code_row"), ==, "WRONG-CODE");
  g_assert_cmpstr (text_of (f, "pin_row"), ==, PIN);
  g_assert_cmpstr (text_of (f, "pin_again_row"), ==, PIN);
  g_assert_cmpstr (ringi_enrollment_page_get_ca_file (f->page), ==, f->ca_file);
  g_assert_true (gtk_widget_get_sensitive (child (f, "account_group")));
  g_assert_true (connect_enabled (f));

  /* Fixing the code is all it takes. */
  gtk_editable_set_text (GTK_EDITABLE (child (f, "code_row")), f->code);
  g_assert_false (gtk_widget_get_visible (child (f, "error_label")));
  connect_and_wait (f);
  g_assert_true (enrolled);
  g_assert_true (ringi_profile_is_enrolled (f->profile));
}

static void
test_closed (Fixture *f,
             gconstpointer data)
{
  g_autoptr(RingiEnrollmentPage) page = g_object_ref (f->page);
  gboolean enrolled = FALSE;
  gboolean done = FALSE;

  fill (f, ringi_test_server_get_url (f->server), "suzuki", f->code, PIN, PIN);
  ringi_enrollment_page_set_ca_file (f->page, f->ca_file);
  g_signal_connect_swapped (page, "enrolled", G_CALLBACK (set_flag), &enrolled);
  g_signal_connect (page, "notify::busy", G_CALLBACK (busy_changed_cb), &done);

  /* Closing the window while it connects stops the enrollment. */
  gtk_widget_activate_action (GTK_WIDGET (page), "enrollment.connect", NULL);
  g_assert_true (ringi_enrollment_page_get_busy (page));
  gtk_window_destroy (f->window);
  f->window = NULL;
  ringi_test_wait_for_flag (&done);

  g_assert_false (enrolled);
  g_assert_false (ringi_profile_is_enrolled (f->profile));
}

static void
test_untrusted (Fixture *f,
                gconstpointer data)
{
  /* The server's own CA is not chosen, and the system does not know it. */
  fill (f, ringi_test_server_get_url (f->server), "suzuki", f->code, PIN, PIN);
  connect_and_wait (f);

  g_assert_false (ringi_profile_is_enrolled (f->profile));
  ringi_test_assert_contains (gtk_label_get_text (GTK_LABEL (child (f, "error_label"))),
                              "certificate is not trusted");
}

static void
test_unreachable (Fixture *f,
                  gconstpointer data)
{
  /* Port 9 (discard) on this computer: nothing listens there. */
  fill (f, "https://127.0.0.1:9", "suzuki", "some-code", PIN, PIN);
  connect_and_wait (f);

  g_assert_false (ringi_profile_is_enrolled (f->profile));
  ringi_test_assert_contains (gtk_label_get_text (GTK_LABEL (child (f, "error_label"))),
                              "The server cannot be reached");
}

static void
test_pin_mismatch (Fixture *f,
                   gconstpointer data)
{
  const char *hint;

  fill (f, "https://ringi.example.lg.jp", "suzuki", "some-code", PIN, "8643");

  hint = gtk_label_get_text (GTK_LABEL (child (f, "hint_label")));
  g_assert_cmpstr (hint, ==, "The two seal PINs are not the same.");
  g_assert_true (gtk_widget_get_visible (child (f, "hint_label")));
  g_assert_true (gtk_widget_has_css_class (child (f, "pin_again_row"), "error"));
  g_assert_false (connect_enabled (f));

  /* Activating it anyway (Enter in the last row) does nothing. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "enrollment.connect", NULL);
  g_assert_false (ringi_enrollment_page_get_busy (f->page));
  save_screenshot (f, "enrollment-pin-mismatch.png");

  gtk_editable_set_text (GTK_EDITABLE (child (f, "pin_again_row")), PIN);
  g_assert_false (gtk_widget_has_css_class (child (f, "pin_again_row"), "error"));
  g_assert_true (connect_enabled (f));
}

typedef struct
{
  const char *server;
  const char *login;
  const char *code;
  const char *pin;
  const char *hint;
} MissingCase;

static void
test_incomplete (Fixture *f,
                 gconstpointer data)
{
  const MissingCase cases[] = {
    { "", "suzuki", "c", PIN, "Enter the address of your Ringi server." },
    { "http://ringi.example.lg.jp", "suzuki", "c", PIN, "https://" },
    { "https://ringi.example.lg.jp", "", "c", PIN, "Enter your login." },
    { "https://ringi.example.lg.jp", "Suzuki Ichiro", "c", PIN, "is not a login" },
    { "https://ringi.example.lg.jp", "suzuki", "", PIN, "Enter your enrollment code." },
    { "https://ringi.example.lg.jp", "suzuki", "c", "", "Choose a seal PIN." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("case %u", i);
      fill (f, cases[i].server, cases[i].login, cases[i].code, cases[i].pin, cases[i].pin);
      ringi_test_assert_contains (gtk_label_get_text (GTK_LABEL (child (f, "hint_label"))), cases[i].hint);
      g_assert_false (connect_enabled (f));
    }
}

static void
test_locked (Fixture *f,
             gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiConfig) config = NULL;
  g_autofree char *path = g_build_filename (f->dir, "ringi.conf", NULL);
  g_autofree char *ca_file = g_build_filename (f->dir, "ca.pem", NULL);
  g_autofree char *text = NULL;

  g_assert_true (g_file_set_contents (ca_file, "", -1, NULL));
  text = g_strdup_printf ("[client]\nserver-url=https://ringi.example.lg.jp:8443\nca-file=%s\nlock-server=true\n", ca_file);
  g_assert_true (g_file_set_contents (path, text, -1, &error));
  config = ringi_config_load (path, &error);
  g_assert_no_error (error);

  ringi_enrollment_page_set_config (f->page, config);
  gtk_widget_activate_action (GTK_WIDGET (f->page), "enrollment.start", NULL);

  g_assert_cmpstr (text_of (f, "server_row"), ==, "https://ringi.example.lg.jp:8443");
  g_assert_cmpstr (ringi_enrollment_page_get_ca_file (f->page), ==, ca_file);
  g_assert_false (gtk_widget_get_sensitive (child (f, "server_row")));
  g_assert_false (gtk_widget_get_sensitive (child (f, "ca_row")));
  g_assert_cmpstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (child (f, "server_group"))),
                   ==, "Set by your IT department.");
  /* The rest of the form is the person's to fill. */
  g_assert_true (gtk_widget_get_sensitive (child (f, "login_row")));
  g_assert_true (gtk_widget_get_sensitive (child (f, "pin_row")));
  save_screenshot (f, "enrollment-locked.png");
}

static void
test_config_error (Fixture *f,
                   gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "broken.conf", NULL);
  GtkWidget *page;
  GtkStack *stack;
  const char *description;

  g_assert_true (g_file_set_contents (path, "[client]\nlock-server=maybe\n", -1, NULL));
  g_setenv ("RINGI_CONFIG", path, TRUE);
  page = ringi_enrollment_page_new (f->sync);
  gtk_window_set_child (f->window, page);
  f->page = RINGI_ENROLLMENT_PAGE (page);
  g_setenv ("RINGI_CONFIG", "/nonexistent/ringi.conf", TRUE);

  stack = GTK_STACK (child (f, "stack"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "config-error");
  description = adw_status_page_get_description (ADW_STATUS_PAGE (child (f, "config_error_page")));
  ringi_test_assert_contains (description, path);
  ringi_test_assert_contains (description, "[client] lock-server");
  save_screenshot (f, "enrollment-config-error.png");
}

int
main (int argc,
      char *argv[])
{
  int status;

  /* Never the machine's own /etc/ringi/ringi.conf */
  g_setenv ("RINGI_CONFIG", "/nonexistent/ringi.conf", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* Screenshots show the end of a transition, and the app's icon as the
   * application would find it. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    RESOURCE_BASE "/icons");

#define ADD(path, func, server) g_test_add (path, Fixture, GINT_TO_POINTER (server), fixture_setup, func, fixture_teardown)
  ADD ("/ringi/enrollment-page/enroll", test_enroll, TRUE);
  ADD ("/ringi/enrollment-page/wrong-code", test_wrong_code, TRUE);
  ADD ("/ringi/enrollment-page/closed", test_closed, TRUE);
  ADD ("/ringi/enrollment-page/untrusted", test_untrusted, TRUE);
  ADD ("/ringi/enrollment-page/unreachable", test_unreachable, FALSE);
  ADD ("/ringi/enrollment-page/pin-mismatch", test_pin_mismatch, FALSE);
  ADD ("/ringi/enrollment-page/incomplete", test_incomplete, FALSE);
  ADD ("/ringi/enrollment-page/locked", test_locked, FALSE);
  ADD ("/ringi/enrollment-page/config-error", test_config_error, FALSE);
#undef ADD

  status = g_test_run ();
  ringi_test_server_remove_template ();
  return status;
}
