/* test-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-preferences-window"

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "ringi-preferences-window.h"
#include "ringi-test-server.h"
#include "ringi-test-tls.h"
#include "ringi-test-utils.h"

#define PIN     "8642"
#define NEW_PIN "97531"

/* The preferences of a profile enrolled with the real ringi-server, as
 * the first-run page leaves it. */
typedef struct
{
  char *dir;
  char *data;
  char *ca_file;
  RingiTestServer *server;
  RingiProfile *profile;
  RingiSync *sync;
  RingiSyncSettings *settings;
  RingiPreferencesWindow *window;
} Fixture;

static void
result_cb (GObject *source,
           GAsyncResult *result,
           gpointer user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static char *
give_pin (gpointer user_data)
{
  return g_strdup (PIN);
}

static void
fixture_setup (Fixture *f,
               gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *profile_dir = NULL;
  g_autofree char *code = NULL;

  f->dir = ringi_test_make_tmpdir ("rprf");
  f->data = g_build_filename (f->dir, "data", NULL);
  f->ca_file = g_build_filename (f->data, "tls", "ca.pem", NULL);
  ringi_test_server_init_copy (f->data);
  code = ringi_test_server_add_user (f->data, "suzuki", NULL);
  f->server = ringi_test_server_start (f->data);

  profile_dir = g_build_filename (f->dir, "p", NULL);
  f->profile = ringi_profile_open (profile_dir, &error);
  g_assert_no_error (error);
  ringi_test_write_fast_agent_conf (ringi_keyring_get_home (ringi_profile_get_keyring (f->profile)));
  f->sync = ringi_sync_new (f->profile);
  ringi_sync_enroll_async (f->sync, ringi_test_server_get_url (f->server), f->ca_file, "suzuki", code, PIN,
                           NULL, result_cb, &result);
  g_assert_true (ringi_sync_enroll_finish (f->sync, wait_for (&result), &error));
  g_assert_no_error (error);
  f->settings = ringi_profile_dup_settings (f->profile, &error);
  g_assert_no_error (error);

  f->window = ringi_preferences_window_new (NULL, f->sync);
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
fixture_teardown (Fixture *f,
                  gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_pointer (&f->settings, ringi_sync_settings_free);
  g_clear_object (&f->sync);
  ringi_keyring_kill_agent (ringi_profile_get_keyring (f->profile));
  g_clear_object (&f->profile);
  g_assert_cmpint (ringi_test_server_stop (f->server), ==, 0);
  g_clear_pointer (&f->server, ringi_test_server_free);
  ringi_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->data);
  g_free (f->ca_file);
}

static GtkWidget *
child (Fixture *f,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (f->window), RINGI_TYPE_PREFERENCES_WINDOW, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static const char *
subtitle_of (Fixture *f,
             const char *row)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (child (f, row)));
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
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("RINGI_SCREENSHOT_DIR"), name, NULL);
  gboolean painted = FALSE;
  gulong handler;
  int width, height;

  while (!gtk_widget_get_mapped (widget))
    g_main_context_iteration (NULL, TRUE);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  /* Twice: the first frame can move the focus into an entry row, whose
   * title then needs another layout before it can be drawn. */
  for (guint i = 0; i < 2; i++)
    {
      painted = FALSE;
      gtk_widget_queue_draw (widget);
      ringi_test_wait_for_flag (&painted);
    }
  g_signal_handler_disconnect (clock, handler);

  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  /* The window's background and its own drawing: a widget paintable of
   * this toplevel holds no image on GTK 4.8. */
  gtk_snapshot_render_background (snapshot, gtk_widget_get_style_context (widget), 0, 0, width, height);
  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static void
text_read_cb (GObject *source,
              GAsyncResult *result,
              gpointer user_data)
{
  char **text = user_data;
  g_autoptr(GError) error = NULL;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  g_assert_no_error (error);
}

static void
test_identity (Fixture *f,
               gconstpointer data)
{
  g_autofree char *grouped = ringi_preferences_window_format_fingerprint (f->settings->fingerprint);
  g_autofree char *copied = NULL;
  const char *connection;
  GtkWidget *focus;

  /* 40 digits in ten groups of four */
  g_assert_cmpuint (strlen (grouped), ==, 49);
  g_assert_cmpstr (subtitle_of (f, "fingerprint_row"), ==, grouped);
  g_assert_cmpstr (subtitle_of (f, "login_row"), ==, "suzuki");
  g_assert_cmpstr (subtitle_of (f, "server_row"), ==, ringi_test_server_get_url (f->server));
  /* The profile's own copy of the CA, not the file chosen at enrollment */
  g_assert_cmpstr (subtitle_of (f, "ca_row"), ==, f->settings->ca_file);
  connection = adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (child (f, "connection_group")));
  ringi_test_assert_contains (connection, "set up again");
  save_screenshot (f, "preferences.png");
  /* The server address is not focused and selected, where one key
   * typed would replace it */
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_true (focus == NULL || !gtk_widget_is_ancestor (focus, child (f, "server_entry_row")));

  gtk_widget_activate_action (GTK_WIDGET (f->window), "prefs.copy-fingerprint", NULL);
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (f->window)), NULL, text_read_cb, &copied);
  while (copied == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (copied, ==, grouped);
}

static void
test_format_fingerprint (void)
{
  g_autofree char *empty = ringi_preferences_window_format_fingerprint ("");
  g_autofree char *short_one = ringi_preferences_window_format_fingerprint ("ABCD");
  g_autofree char *longer = ringi_preferences_window_format_fingerprint ("ABCDEF0123");

  g_assert_cmpstr (empty, ==, "");
  g_assert_cmpstr (short_one, ==, "ABCD");
  g_assert_cmpstr (longer, ==, "ABCD EF01 23");
}

/* The profile still points where enrollment left it. */
static void
assert_connection_kept (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiSyncSettings) now = ringi_profile_dup_settings (f->profile, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (now->server_url, ==, f->settings->server_url);
  g_assert_cmpstr (now->ca_file, ==, f->settings->ca_file);
  g_assert_cmpstr (now->fingerprint, ==, f->settings->fingerprint);
}

static void
apply_connection (Fixture *f)
{
  gtk_widget_activate_action (GTK_WIDGET (f->window), "prefs.move-server", NULL);
  g_assert_true (ringi_preferences_window_get_busy (f->window));
  g_assert_true (gtk_widget_get_visible (child (f, "move_spinner")));
  while (ringi_preferences_window_get_busy (f->window))
    g_main_context_iteration (NULL, TRUE);
}

/* IT re-issued the certificate from another CA, but the file picked is
 * not the right one: the window says so, keeps what was typed, and the
 * profile is untouched. */
static void
test_wrong_ca (Fixture *f,
               gconstpointer data)
{
  g_autoptr(RingiTestCerts) strangers = ringi_test_certs_new ();
  GtkEditable *server = GTK_EDITABLE (child (f, "server_entry_row"));

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (server)));
  g_assert_false (gtk_widget_get_visible (child (f, "server_row")));
  g_assert_cmpstr (gtk_editable_get_text (server), ==, ringi_test_server_get_url (f->server));
  g_assert_cmpstr (subtitle_of (f, "ca_choice_row"), ==, f->settings->ca_file);

  /* Nothing changed yet, so nothing to apply (it would sign in again) */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "prefs.move-server", NULL);
  g_assert_false (ringi_preferences_window_get_busy (f->window));

  ringi_preferences_window_set_ca_file (f->window, strangers->ca_file);
  g_assert_cmpstr (subtitle_of (f, "ca_choice_row"), ==, strangers->ca_file);
  apply_connection (f);

  g_assert_true (gtk_widget_get_visible (child (f, "move_error_label")));
  ringi_test_assert_contains (gtk_label_get_text (GTK_LABEL (child (f, "move_error_label"))), "not trusted");
  g_assert_cmpstr (subtitle_of (f, "ca_choice_row"), ==, strangers->ca_file);
  g_assert_cmpstr (gtk_editable_get_text (server), ==, ringi_test_server_get_url (f->server));
  assert_connection_kept (f);
  save_screenshot (f, "preferences-wrong-ca.png");

  /* Back to the system's authorities, which do not know this test CA */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "prefs.use-system-ca", NULL);
  g_assert_false (gtk_widget_get_visible (child (f, "move_error_label")));
  g_assert_cmpstr (subtitle_of (f, "ca_choice_row"), ==, "The system’s certificate authorities");
  apply_connection (f);
  g_assert_true (gtk_widget_get_visible (child (f, "move_error_label")));
  assert_connection_kept (f);
}

/* IT now names the same server by its host name: applying keeps the
 * enrollment, and the next sync goes there. */
static void
test_move_server (Fixture *f,
                  gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RingiSyncSettings) now = NULL;
  g_autoptr(GString) url = g_string_new (ringi_test_server_get_url (f->server));

  g_assert_cmpuint (g_string_replace (url, "127.0.0.1", "localhost", 1), ==, 1);
  gtk_editable_set_text (GTK_EDITABLE (child (f, "server_entry_row")), url->str);
  ringi_preferences_window_set_ca_file (f->window, f->ca_file);
  apply_connection (f);

  g_assert_false (gtk_widget_get_visible (child (f, "move_error_label")));
  now = ringi_profile_dup_settings (f->profile, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (now->server_url, ==, url->str);
  g_assert_cmpstr (now->fingerprint, ==, f->settings->fingerprint);
  g_assert_cmpstr (now->login, ==, "suzuki");
  ringi_test_assert_contains (now->ca_file, ringi_profile_get_dir (f->profile));
  /* The window shows what was kept: the profile's own copy of the CA */
  g_assert_cmpstr (subtitle_of (f, "ca_choice_row"), ==, now->ca_file);

  ringi_sync_set_passphrase_func (f->sync, give_pin, NULL, NULL);
  ringi_sync_run_async (f->sync, NULL, result_cb, &result);
  g_assert_true (ringi_sync_run_finish (f->sync, wait_for (&result), NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&now, ringi_sync_settings_free);
  now = ringi_profile_dup_settings (f->profile, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (now->server_url, ==, url->str);
  g_assert_nonnull (now->token);
}

static void
test_locked (Fixture *f,
             gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiConfig) config = NULL;
  g_autofree char *path = g_build_filename (f->dir, "ringi.conf", NULL);
  g_autofree char *text = g_strdup_printf ("[client]\nserver-url=%s\nlock-server=true\n",
                                           ringi_test_server_get_url (f->server));

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  config = ringi_config_load (path, &error);
  g_assert_no_error (error);
  ringi_preferences_window_set_config (f->window, config);

  g_assert_cmpstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (child (f, "connection_group"))),
                   ==, "Set by your IT department.");

  /* Shown, not editable */
  g_assert_true (gtk_widget_get_visible (child (f, "server_row")));
  g_assert_true (gtk_widget_get_visible (child (f, "ca_row")));
  g_assert_false (gtk_widget_get_visible (child (f, "server_entry_row")));
  g_assert_false (gtk_widget_get_visible (child (f, "ca_choice_row")));
  g_assert_false (gtk_widget_get_visible (child (f, "move_box")));
  ringi_preferences_window_set_ca_file (f->window, NULL);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "prefs.move-server", NULL);
  g_assert_false (ringi_preferences_window_get_busy (f->window));
  assert_connection_kept (f);
}

static void
test_notifications (Fixture *f,
                    gconstpointer data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkSwitch *toggle = GTK_SWITCH (child (f, "notifications_switch"));

  g_assert_true (g_settings_get_boolean (settings, "notifications"));
  g_assert_true (gtk_switch_get_active (toggle));

  gtk_switch_set_active (toggle, FALSE);
  g_assert_false (g_settings_get_boolean (settings, "notifications"));

  g_settings_set_boolean (settings, "notifications", TRUE);
  g_assert_true (gtk_switch_get_active (toggle));
}

static void
fill_pins (Fixture *f,
           const char *old_pin,
           const char *new_pin,
           const char *new_pin_again)
{
  gtk_editable_set_text (GTK_EDITABLE (child (f, "old_pin_row")), old_pin);
  gtk_editable_set_text (GTK_EDITABLE (child (f, "new_pin_row")), new_pin);
  gtk_editable_set_text (GTK_EDITABLE (child (f, "new_pin_again_row")), new_pin_again);
}

static void
busy_changed_cb (RingiPreferencesWindow *window,
                 GParamSpec *pspec,
                 gboolean *done)
{
  if (!ringi_preferences_window_get_busy (window))
    *done = TRUE;
}

static void
change_and_wait (Fixture *f)
{
  gboolean done = FALSE;
  gulong handler = g_signal_connect (f->window, "notify::busy", G_CALLBACK (busy_changed_cb), &done);

  g_assert_true (gtk_widget_get_sensitive (child (f, "change_pin_button")));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "prefs.change-pin", NULL);
  g_assert_true (ringi_preferences_window_get_busy (f->window));
  ringi_test_wait_for_flag (&done);
  g_signal_handler_disconnect (f->window, handler);
}

static gboolean
signs_with (Fixture *f,
            const char *pin)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) data = g_bytes_new_static ("x\n", 2);
  g_autoptr(GBytes) signature = ringi_keyring_sign_detached (ringi_profile_get_keyring (f->profile),
                                                              f->settings->fingerprint, pin, data, NULL, &error);

  if (signature == NULL)
    g_assert_error (error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_BAD_PASSPHRASE);
  return signature != NULL;
}

static void
test_change_pin (Fixture *f,
                 gconstpointer data)
{
  GtkWidget *error_label;

  gtk_widget_activate_action (GTK_WIDGET (f->window), "prefs.show-change-pin", NULL);
  g_assert_true (gtk_widget_get_mapped (child (f, "pin_page")));

  /* A wrong current PIN: said plainly, everything kept */
  fill_pins (f, "1111", NEW_PIN, NEW_PIN);
  change_and_wait (f);
  error_label = child (f, "pin_error_label");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (error_label)), ==, "The current seal PIN is not right.");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (f, "new_pin_row"))), ==, NEW_PIN);
  g_assert_true (signs_with (f, PIN));
  save_screenshot (f, "preferences-change-pin.png");

  gtk_editable_set_text (GTK_EDITABLE (child (f, "old_pin_row")), PIN);
  g_assert_false (gtk_widget_get_visible (error_label));
  change_and_wait (f);
  g_assert_false (gtk_widget_get_visible (error_label));

  /* Back on the main page, with nothing left in the rows */
  g_assert_false (gtk_widget_get_mapped (child (f, "pin_page")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (f, "old_pin_row"))), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (f, "new_pin_row"))), ==, "");

  g_assert_false (signs_with (f, PIN));
  g_assert_true (signs_with (f, NEW_PIN));
}

static void
test_export (Fixture *f,
             gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "suzuki.asc", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) expected = NULL;
  g_autofree char *saved = NULL;
  gsize length = 0;
  gboolean done = FALSE;

  g_signal_connect (f->window, "notify::busy", G_CALLBACK (busy_changed_cb), &done);
  ringi_preferences_window_export_key (f->window, file);
  g_assert_true (ringi_preferences_window_get_busy (f->window));
  ringi_test_wait_for_flag (&done);

  expected = ringi_keyring_export_public (ringi_profile_get_keyring (f->profile), f->settings->fingerprint, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &saved, &length, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (saved, "-----BEGIN PGP PUBLIC KEY BLOCK-----"));
  g_assert_cmpmem (saved, length, g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
}

static void
test_pin_mismatch (Fixture *f,
                   gconstpointer data)
{
  gtk_widget_activate_action (GTK_WIDGET (f->window), "prefs.show-change-pin", NULL);
  fill_pins (f, PIN, NEW_PIN, "97532");

  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (f, "pin_hint_label"))), ==,
                   "The two new seal PINs are not the same.");
  g_assert_true (gtk_widget_has_css_class (child (f, "new_pin_again_row"), "error"));
  g_assert_false (gtk_widget_get_sensitive (child (f, "change_pin_button")));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "prefs.change-pin", NULL);
  g_assert_false (ringi_preferences_window_get_busy (f->window));
  g_assert_true (signs_with (f, PIN));

  /* Leaving the page forgets what was typed. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "prefs.close-change-pin", NULL);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (f, "old_pin_row"))), ==, "");
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
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add_func ("/ringi/preferences-window/format-fingerprint", test_format_fingerprint);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/ringi/preferences-window/identity", test_identity);
  ADD ("/ringi/preferences-window/locked", test_locked);
  ADD ("/ringi/preferences-window/wrong-ca", test_wrong_ca);
  ADD ("/ringi/preferences-window/move-server", test_move_server);
  ADD ("/ringi/preferences-window/notifications", test_notifications);
  ADD ("/ringi/preferences-window/export", test_export);
  ADD ("/ringi/preferences-window/change-pin", test_change_pin);
  ADD ("/ringi/preferences-window/pin-mismatch", test_pin_mismatch);
#undef ADD

  status = g_test_run ();
  ringi_test_server_remove_template ();
  return status;
}
