/* test-new-request-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-new-request-window"

#include "config.h"

#include <adwaita.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "ringi-new-request-window.h"
#include "ringi-pdf-view.h"
#include "ringi-pin-dialog.h"
#include "ringi-route-editor.h"
#include "ringi-test-cli.h"
#include "ringi-test-server.h"
#include "ringi-test-utils.h"

#define PIN "8642"

/* The new request window against the real ringi-server: suzuki fills it
 * in, seals it and submits; the others see it through ringi-cli. */
typedef struct
{
  char *dir;
  char *data;
  char *ca_file;
  GHashTable *codes; /* login → enrollment code */
  RingiTestServer *server;
  RingiProfile *profile; /* suzuki's, in this process */
  RingiSync *sync;
  GtkWindow *parent;
  GtkWindow *window;
  char *submitted_id;
} Fixture;

typedef struct
{
  const char *login;
  const char *name;
  const char *seal;
  const char *dept;
} Person;

static const Person people[] = {
  { "suzuki", "鈴木 一郎", "鈴木", "総務課" },
  { "sato", "佐藤 花子", "佐藤", "総務課" },
  { "tanaka", "田中 次郎", "田中", "財政課" },
  { "yamada", "山田 三郎", "山田", "総務部" },
  { "kato", "加藤 四郎", "加藤", "会計課" },
};

#define SMALL_ROUTE "approve=sato ; final=tanaka"
#define LARGE_ROUTE "approve=sato ; consult:all=tanaka,kato ; final=yamada"

static char *
add_user (Fixture *f,
          const Person *person)
{
  g_autoptr(RingiTestRun) run = NULL;
  g_autoptr(GRegex) regex = g_regex_new ("^Enrollment code for [^:]+: ([0-9A-Z-]+)$", G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  run = ringi_test_server_run ("user", "add", "--data", f->data, person->login, "--name", person->name,
                               "--seal-name", person->seal, "--dept", person->dept, "--role", "staff", NULL);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_true (g_regex_match (regex, run->out, 0, &match));
  return g_match_info_fetch (match, 1);
}

static void
add_route (Fixture *f,
           const char *category,
           const char *min_amount,
           const char *route)
{
  g_autoptr(RingiTestRun) run = ringi_test_server_run ("route", "add", "--data", f->data, "--category", category,
                                                        "--min-amount", min_amount, "--route", route, NULL);

  g_assert_cmpstr (run->err, ==, "");
  g_assert_cmpint (run->status, ==, 0);
}

static void
result_cb (GObject *source,
           GAsyncResult *result,
           gpointer user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static char *
profile_of (Fixture *f,
            const char *login)
{
  return g_build_filename (f->dir, login, NULL);
}

static void
open_profile (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = profile_of (f, "suzuki");
  g_autofree char *home = g_build_filename (dir, "gnupg", NULL);

  g_assert_cmpint (g_mkdir_with_parents (home, 0700), ==, 0);
  ringi_test_write_fast_agent_conf (home);
  f->profile = ringi_profile_open (dir, &error);
  g_assert_no_error (error);
  f->sync = ringi_sync_new (f->profile);
}

static void
sync_suzuki (Fixture *f)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  RingiSyncReport report = { 0 };

  ringi_sync_run_async (f->sync, NULL, result_cb, &result);
  g_assert_true (ringi_sync_run_finish (f->sync, wait_for (&result), &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.refused, ==, 0);
}

/* A server with the directory above and two purchase routes (the larger
 * one from 1,000,000 yen); suzuki enrolled here and synced. */
static void
fixture_setup (Fixture *f,
               gconstpointer data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = ringi_test_make_tmpdir ("rnr");
  f->data = g_build_filename (f->dir, "data", NULL);
  f->ca_file = g_build_filename (f->data, "tls", "ca.pem", NULL);
  f->codes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  ringi_test_server_init_copy (f->data);
  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    g_hash_table_insert (f->codes, (gpointer) people[i].login, add_user (f, &people[i]));
  add_route (f, "purchase", "0", SMALL_ROUTE);
  add_route (f, "purchase", "1000000", LARGE_ROUTE);
  add_route (f, "travel", "0", "approve=tanaka ; final=yamada");
  f->server = ringi_test_server_start (f->data);

  open_profile (f);
  ringi_sync_enroll_async (f->sync, ringi_test_server_get_url (f->server), f->ca_file, "suzuki",
                           g_hash_table_lookup (f->codes, "suzuki"), PIN, NULL, result_cb, &result);
  g_assert_true (ringi_sync_enroll_finish (f->sync, wait_for (&result), &error));
  g_assert_no_error (error);
  sync_suzuki (f);

  f->parent = GTK_WINDOW (gtk_window_new ());
}

/* No server, no profile: the draft of someone not connected yet */
static void
fixture_setup_offline (Fixture *f,
                       gconstpointer data)
{
  f->dir = ringi_test_make_tmpdir ("rnr");
  f->parent = GTK_WINDOW (gtk_window_new ());
}

static void
kill_agent (Fixture *f,
            const char *login)
{
  g_autofree char *profile = profile_of (f, login);
  g_autofree char *home = g_build_filename (profile, "gnupg", NULL);
  const char *argv[] = { "gpgconf", "--homedir", home, "--kill", "all", NULL };

  if (g_file_test (home, G_FILE_TEST_IS_DIR))
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                  NULL, NULL, NULL, NULL, NULL, NULL);
}

static void
fixture_teardown (Fixture *f,
                  gconstpointer data)
{
  if (f->window != NULL)
    gtk_window_destroy (f->window);
  gtk_window_destroy (f->parent);

  if (f->sync != NULL)
    {
      ringi_sync_stop (f->sync);
      g_assert_finalize_object (f->sync);
      ringi_keyring_kill_agent (ringi_profile_get_keyring (f->profile));
      g_assert_finalize_object (f->profile);
    }

  if (f->server != NULL)
    {
      g_assert_cmpint (ringi_test_server_stop (f->server), ==, 0);
      g_clear_pointer (&f->server, ringi_test_server_free);
    }

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    kill_agent (f, people[i].login);

  g_clear_pointer (&f->codes, g_hash_table_unref);
  ringi_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->data);
  g_free (f->ca_file);
  g_free (f->submitted_id);
}

/* ringi-cli ARGS… --profile DIR/LOGIN, with the PIN */
static void
cli (Fixture *f,
     RingiCliRun *run,
     const char *login,
     ...)
{
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
  ringi_test_cli_runv (run, (const char *const *) argv->pdata, PIN);
}

static void
enroll_cli (Fixture *f,
            const char *login)
{
  g_auto(RingiCliRun) run = { 0 };
  g_autofree char *profile = profile_of (f, login);
  g_autofree char *home = g_build_filename (profile, "gnupg", NULL);

  g_assert_cmpint (g_mkdir_with_parents (home, 0700), ==, 0);
  ringi_test_write_fast_agent_conf (home);
  cli (f, &run, login, "enroll", "--server", ringi_test_server_get_url (f->server), "--ca", f->ca_file,
       "--login", login, "--code", g_hash_table_lookup (f->codes, login), NULL);
  ringi_test_cli_assert_ok (&run);
}

static void
sync_cli (Fixture *f,
          const char *login)
{
  g_auto(RingiCliRun) run = { 0 };

  cli (f, &run, login, "sync", NULL);
  ringi_test_cli_assert_ok (&run);
  ringi_test_assert_contains (run.out, "refused 0");
}

/* The request as @login's client shows it, after a sync */
static JsonObject *
show_as (Fixture *f,
         const char *login,
         const char *id)
{
  g_auto(RingiCliRun) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  sync_cli (f, login);
  cli (f, &run, login, "show", id, "--json", NULL);
  ringi_test_cli_assert_ok (&run);
  g_test_message ("%s", run.out);
  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static char *
write_pdf (Fixture *f,
           const char *name)
{
  g_autofree char *source = g_build_filename (ringi_test_corpus_dir (), "pdf", "jlshort.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);
  gsize length;

  g_file_get_contents (source, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
  return path;
}

/* Window parts */

static gpointer
part (Fixture *f,
      const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (f->window), RINGI_TYPE_NEW_REQUEST_WINDOW, name);

  g_assert_nonnull (object);
  return object;
}

static void
on_submitted (RingiNewRequestWindow *window,
              const char *id,
              Fixture *f)
{
  g_assert_null (f->submitted_id);
  f->submitted_id = g_strdup (id);
}

static void
on_window_destroy (GtkWidget *widget,
                   Fixture *f)
{
  f->window = NULL;
}

static void
present (Fixture *f,
         GtkWindow *window)
{
  f->window = window;
  g_signal_connect (window, "submitted", G_CALLBACK (on_submitted), f);
  g_signal_connect (window, "destroy", G_CALLBACK (on_window_destroy), f);
  gtk_window_present (f->parent);
  gtk_window_present (window);
}

static const char *
preview_page (Fixture *f)
{
  return gtk_stack_get_visible_child_name (part (f, "preview_stack"));
}

/* Spins until the preview settles on something else than “loading” */
static const char *
wait_for_preview (Fixture *f)
{
  while (g_str_equal (preview_page (f), "loading"))
    g_main_context_iteration (NULL, TRUE);
  return preview_page (f);
}

static void
open_draft (Fixture *f,
            const char *pdf_name)
{
  g_autofree char *path = write_pdf (f, pdf_name);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  present (f, ringi_new_request_window_new (f->parent, f->sync, file));
  g_assert_cmpstr (wait_for_preview (f), ==, "document");
}

static void
set_text (Fixture *f,
          const char *row,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (part (f, row)), text);
}

static void
choose_category (Fixture *f,
                 const char *category)
{
  GListModel *list = G_LIST_MODEL (part (f, "category_list"));

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (list, i);

      if (g_str_equal (gtk_string_object_get_string (item), category))
        {
          adw_combo_row_set_selected (part (f, "category_row"), i);
          return;
        }
    }

  g_assert_not_reached ();
}

static gboolean
can_submit (Fixture *f)
{
  return gtk_widget_is_sensitive (part (f, "submit_button"));
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list)); child; child = gtk_widget_get_next_sibling (child))
    n += GTK_IS_LIST_BOX_ROW (child);
  return n;
}

static const char *
row_title (GtkListBox *list,
           int index)
{
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (gtk_list_box_get_row_at_index (list, index)));
}

/* The seal PIN dialog over the window, once it shows */
static RingiPinDialog *
wait_for_pin_dialog (Fixture *f)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (;;)
    {
      for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

          if (RINGI_IS_PIN_DIALOG (window) && gtk_window_get_transient_for (window) == f->window &&
              gtk_widget_get_visible (GTK_WIDGET (window)))
            return RINGI_PIN_DIALOG (window);
        }
      g_main_context_iteration (NULL, TRUE);
    }
}

/* Types @pin and confirms, then waits for the answer: the dialog gone,
 * or saying what went wrong. Returns whether it is gone. */
static gboolean
give_pin (RingiPinDialog *dialog,
          const char *pin)
{
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  ringi_pin_dialog_set_pin (dialog, pin);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "pin.confirm", NULL));
  while (dialog != NULL && ringi_pin_dialog_get_busy (dialog))
    g_main_context_iteration (NULL, TRUE);
  if (dialog == NULL)
    return TRUE;
  g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  return FALSE;
}

/* Submit, the PIN, and wait until the window says it is queued */
static char *
submit (Fixture *f)
{
  g_assert_true (can_submit (f));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "new-request.submit", NULL));
  g_assert_true (give_pin (wait_for_pin_dialog (f), PIN));
  while (f->submitted_id == NULL)
    g_main_context_iteration (NULL, TRUE);
  /* The window closes once the request is queued. */
  while (f->window != NULL)
    g_main_context_iteration (NULL, TRUE);
  return g_strdup (f->submitted_id);
}

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

  while (!gtk_widget_get_mapped (widget))
    g_main_context_iteration (NULL, TRUE);

  clock = gtk_widget_get_frame_clock (widget);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &painted);
  gtk_widget_queue_draw (widget);
  ringi_test_wait_for_flag (&painted);
  g_signal_handler_disconnect (clock, handler);
}

static void
on_render_finished (RingiPdfView *view,
                    int page,
                    gboolean *done)
{
  *done = TRUE;
}

static void
save_widget (GtkWidget *widget,
             const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int width, height;

  wait_for_frame (GTK_WIDGET (gtk_widget_get_root (widget)));
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (g_getenv ("RINGI_SCREENSHOT_DIR"), name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static void
save_screenshot (Fixture *f,
                 const char *name)
{
  save_widget (GTK_WIDGET (f->window), name);
}

/* Tests */

static void
test_template_route (Fixture *f,
                     gconstpointer data)
{
  g_autoptr(JsonObject) request = NULL;
  g_autofree char *id = NULL;
  GtkListBox *steps;
  gboolean rendered = FALSE;

  open_draft (f, "copy-paper.pdf");
  g_assert_false (gtk_revealer_get_reveal_child (part (f, "connect_revealer")));
  ringi_test_assert_contains (adw_action_row_get_subtitle (part (f, "document_row")), "108 pages");
  g_assert_false (can_submit (f));

  set_text (f, "title_row", "コピー用紙の購入");
  set_text (f, "counterparty_row", "文具店");
  choose_category (f, "purchase");

  /* The category's route follows the amount. */
  steps = part (f, "template_list");
  set_text (f, "amount_row", "1200000");
  g_assert_cmpuint (count_rows (steps), ==, 3);
  g_assert_cmpstr (row_title (steps, 1), ==, "2. Consult (all of them)");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (gtk_list_box_get_row_at_index (steps, 1))), ==,
                   "田中 次郎, 加藤 四郎");
  set_text (f, "amount_row", "52000");
  g_signal_emit_by_name (part (f, "amount_row"), "entry-activated");
  g_assert_cmpstr (gtk_editable_get_text (part (f, "amount_row")), ==, "52,000");
  g_assert_cmpuint (count_rows (steps), ==, 2);
  g_assert_cmpstr (row_title (steps, 0), ==, "1. Approve");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (gtk_list_box_get_row_at_index (steps, 0))), ==, "佐藤 花子");
  g_assert_cmpstr (row_title (steps, 1), ==, "2. Final decision");

  /* The picture of the window, with the first page drawn */
  {
    RingiPdfView *view = part (f, "pdf_view");
    gulong handler = g_signal_connect (view, "render-finished", G_CALLBACK (on_render_finished), &rendered);

    wait_for_frame (GTK_WIDGET (f->window));
    ringi_test_wait_for_flag (&rendered);
    g_signal_handler_disconnect (view, handler);
  }
  save_screenshot (f, "new-request-window.png");

  id = submit (f);
  sync_suzuki (f);

  enroll_cli (f, "sato");
  request = show_as (f, "sato", id);
  g_assert_cmpstr (json_object_get_string_member (request, "title"), ==, "コピー用紙の購入");
  g_assert_cmpint (json_object_get_int_member (request, "amount"), ==, 52000);
  g_assert_cmpstr (json_object_get_string_member (request, "counterparty"), ==, "文具店");
  g_assert_cmpstr (json_object_get_string_member (request, "category"), ==, "purchase");
  g_assert_cmpstr (json_object_get_string_member (request, "route"), ==, SMALL_ROUTE);
  g_assert_cmpstr (json_object_get_string_member (request, "status"), ==, "in-progress");
  g_assert_false (json_object_get_boolean_member (request, "pending"));
}

/* The server is away: the request is signed and waits to be sent. */
static void
test_offline (Fixture *f,
              gconstpointer data)
{
  g_autofree char *id = NULL;

  g_assert_cmpint (ringi_test_server_stop (f->server), ==, 0);
  g_clear_pointer (&f->server, ringi_test_server_free);

  open_draft (f, "offline.pdf");
  set_text (f, "title_row", "消耗品の購入");
  choose_category (f, "purchase");
  set_text (f, "amount_row", "3,000");
  id = submit (f);
  g_assert_nonnull (id);
  g_assert_cmpuint (ringi_sync_get_n_waiting (f->sync), ==, 1);
}

static void
editor_action (Fixture *f,
               const char *name,
               const char *format,
               ...)
{
  RingiRouteEditor *editor = part (f, "route_editor");
  g_autofree char *action = g_strconcat ("route-editor.", name, NULL);
  GVariant *parameter = NULL;
  va_list args;

  if (format != NULL)
    {
      va_start (args, format);
      parameter = g_variant_new_va (format, NULL, &args);
      va_end (args);
    }

  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (editor), action, parameter));
}

static gpointer
editor_part (Fixture *f,
             const char *name)
{
  GObject *object = gtk_widget_get_template_child (part (f, "route_editor"), RINGI_TYPE_ROUTE_EDITOR, name);

  g_assert_nonnull (object);
  return object;
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The first step's person picker, as people use it: search, then Enter */
static void
pick_from_directory (Fixture *f,
                     const char *search)
{
  GtkListBox *steps = editor_part (f, "steps_list");
  GtkWidget *button, *popover, *entry;

  while (count_rows (steps) == 0)
    g_main_context_iteration (NULL, TRUE);
  button = find_descendant (GTK_WIDGET (gtk_list_box_get_row_at_index (steps, 0)), GTK_TYPE_MENU_BUTTON);
  g_assert_nonnull (button);
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
  g_assert_true (gtk_widget_get_visible (popover));
  entry = find_descendant (popover, GTK_TYPE_SEARCH_ENTRY);
  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), search);
  g_signal_emit_by_name (entry, "activate");
  g_assert_false (gtk_widget_get_visible (popover));
}

static char *
editor_text (Fixture *f,
             GError **error)
{
  return ringi_route_editor_dup_text (part (f, "route_editor"), error);
}

static void
test_custom_route (Fixture *f,
                   gconstpointer data)
{
  g_autoptr(JsonObject) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *text = NULL;
  GtkWidget *editor;
  RingiPinDialog *dialog;

  open_draft (f, "study.pdf");
  set_text (f, "title_row", "研修会の開催");
  editor = part (f, "route_editor");
  g_assert_false (gtk_widget_get_visible (editor));
  gtk_switch_set_active (part (f, "custom_switch"), TRUE);
  g_assert_true (gtk_widget_get_visible (editor));
  g_assert_false (can_submit (f));

  editor_action (f, "add-step", NULL);
  pick_from_directory (f, "佐藤");
  text = editor_text (f, &error);
  g_assert_error (error, RINGI_ROUTE_ERROR, RINGI_ROUTE_ERROR_INVALID);
  g_assert_null (text);
  g_clear_error (&error);
  /* The editor says why, and submitting waits. */
  g_assert_true (gtk_widget_get_visible (editor_part (f, "error_label")));
  g_assert_false (can_submit (f));

  /* The second step added is the decider's; later ones go before it. */
  editor_action (f, "add-step", NULL);
  editor_action (f, "add-person", "(us)", 2, "tanaka");
  editor_action (f, "add-step", NULL);
  editor_action (f, "set-kind", "(us)", 2, "consult");
  editor_action (f, "add-person", "(us)", 2, "yamada");
  editor_action (f, "add-person", "(us)", 2, "kato");
  editor_action (f, "add-person", "(us)", 2, "suzuki");
  editor_action (f, "remove-person", "(us)", 2, "suzuki");
  editor_action (f, "set-quorum", "(uu)", 2, 1);
  g_free (text);
  text = editor_text (f, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "approve=sato ; consult:1=yamada,kato ; final=tanaka");
  g_assert_true (can_submit (f));

  /* Nothing may come after the final decision but circulation. */
  editor_action (f, "move-step-down", "u", 2);
  g_clear_pointer (&text, g_free);
  g_assert_null (editor_text (f, &error));
  g_assert_error (error, RINGI_ROUTE_ERROR, RINGI_ROUTE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (can_submit (f));
  editor_action (f, "move-step-up", "u", 3);
  /* A step added and removed again leaves no trace. */
  editor_action (f, "add-step", NULL);
  editor_action (f, "remove-step", "u", 3);
  text = editor_text (f, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "approve=sato ; consult:1=yamada,kato ; final=tanaka");

  /* The rows follow the steps once the editor is idle. */
  while (count_rows (editor_part (f, "steps_list")) != 3)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (row_title (editor_part (f, "steps_list"), 1), ==, "2. Consult (1 of them)");
  g_assert_false (gtk_widget_get_visible (editor_part (f, "error_label")));
  gtk_widget_grab_focus (GTK_WIDGET (part (f, "custom_switch")));
  save_widget (editor, "new-request-route-editor.png");

  /* A wrong PIN is said in the dialog and tried again there; the form
   * is kept. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "new-request.submit", NULL));
  dialog = wait_for_pin_dialog (f);
  g_assert_false (give_pin (dialog, "0000"));
  ringi_test_assert_contains (ringi_pin_dialog_get_error (dialog), "does not unlock");
  g_assert_null (f->submitted_id);
  g_assert_cmpstr (gtk_editable_get_text (part (f, "title_row")), ==, "研修会の開催");
  g_assert_true (give_pin (dialog, PIN));
  while (f->submitted_id == NULL)
    g_main_context_iteration (NULL, TRUE);
  id = g_strdup (f->submitted_id);
  sync_suzuki (f);

  enroll_cli (f, "sato");
  request = show_as (f, "sato", id);
  g_assert_cmpstr (json_object_get_string_member (request, "route"), ==, "approve=sato ; consult:1=yamada,kato ; final=tanaka");
  /* Neither category nor amount was given (the server keeps a missing
   * category as ""). */
  g_assert_true (json_object_get_null_member (request, "category") ||
                 g_str_equal (json_object_get_string_member (request, "category"), ""));
  g_assert_true (json_object_get_null_member (request, "amount"));
}

/* A refusal shows under the form; the window and what was typed stay. */
static void
test_submit_error (Fixture *f,
                   gconstpointer data)
{
  GtkWidget *error_label;

  open_draft (f, "refused.pdf");
  set_text (f, "title_row", "名簿にない人");
  set_text (f, "counterparty_row", "商店");
  gtk_switch_set_active (part (f, "custom_switch"), TRUE);
  editor_action (f, "add-step", NULL);
  editor_action (f, "add-person", "(us)", 1, "nobody");
  editor_action (f, "add-step", NULL);
  editor_action (f, "add-person", "(us)", 2, "tanaka");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "new-request.submit", NULL));
  g_assert_true (give_pin (wait_for_pin_dialog (f), PIN));
  error_label = part (f, "submit_error");
  while (!gtk_widget_get_visible (error_label))
    g_main_context_iteration (NULL, TRUE);

  ringi_test_assert_contains (gtk_label_get_label (GTK_LABEL (error_label)), "nobody");
  g_assert_null (f->submitted_id);
  g_assert_nonnull (f->window);
  g_assert_cmpstr (gtk_editable_get_text (part (f, "title_row")), ==, "名簿にない人");
  g_assert_cmpstr (gtk_editable_get_text (part (f, "counterparty_row")), ==, "商店");
  g_assert_true (can_submit (f));
  g_assert_cmpuint (ringi_sync_get_n_waiting (f->sync), ==, 0);
}

static void
test_invalid_amount (Fixture *f,
                     gconstpointer data)
{
  GtkWidget *error_label;

  open_draft (f, "amount.pdf");
  set_text (f, "title_row", "備品の購入");
  choose_category (f, "purchase");
  error_label = part (f, "amount_error");
  g_assert_true (can_submit (f));

  const struct
  {
    const char *text;
    const char *message;
  } bad[] = {
    { "12a", "whole number" },
    { "-5", "negative" },
    { "1.5", "whole number" },
    { "9999999999999999", "too large" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      set_text (f, "amount_row", bad[i].text);
      g_assert_true (gtk_widget_get_visible (error_label));
      ringi_test_assert_contains (gtk_label_get_label (GTK_LABEL (error_label)), bad[i].message);
      g_assert_false (can_submit (f));
      /* Leaving the field keeps what was typed. */
      g_signal_emit_by_name (part (f, "amount_row"), "entry-activated");
      g_assert_cmpstr (gtk_editable_get_text (part (f, "amount_row")), ==, bad[i].text);
    }

  /* Activating submit anyway does nothing. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "new-request.submit", NULL);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  for (guint i = 0; i < g_list_model_get_n_items (gtk_window_get_toplevels ()); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (gtk_window_get_toplevels (), i);

      g_assert_false (ADW_IS_MESSAGE_DIALOG (window));
    }

  /* Full-width digits and commas are what people type too. */
  set_text (f, "amount_row", "１２３４５６７");
  g_assert_false (gtk_widget_get_visible (error_label));
  g_signal_emit_by_name (part (f, "amount_row"), "entry-activated");
  g_assert_cmpstr (gtk_editable_get_text (part (f, "amount_row")), ==, "1,234,567");
  g_assert_cmpuint (count_rows (part (f, "template_list")), ==, 3);
  g_assert_cmpstr (gtk_editable_get_text (part (f, "title_row")), ==, "備品の購入");
  g_assert_true (can_submit (f));

  /* No amount at all is allowed: the request has none. */
  set_text (f, "amount_row", "");
  g_assert_false (gtk_widget_get_visible (error_label));
  g_assert_true (can_submit (f));

  /* Choosing the people starts from the category's route. */
  gtk_switch_set_active (part (f, "custom_switch"), TRUE);
  g_assert_cmpuint (ringi_route_editor_get_n_steps (part (f, "route_editor")), ==, 2);
  g_assert_false (gtk_widget_get_visible (part (f, "template_list")));
  g_assert_true (can_submit (f));
}

static void
open_file (Fixture *f,
           const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  if (f->window == NULL)
    present (f, ringi_new_request_window_new (f->parent, f->sync, file));
  else
    ringi_new_request_window_set_file (RINGI_NEW_REQUEST_WINDOW (f->window), file);
}

static void
assert_error_page (Fixture *f,
                   const char *title)
{
  g_assert_cmpstr (wait_for_preview (f), ==, "error");
  g_assert_cmpstr (adw_status_page_get_title (part (f, "error_page")), ==, title);
  g_assert_false (can_submit (f));
}

static void
test_not_pdf (Fixture *f,
              gconstpointer data)
{
  g_autofree char *text = g_build_filename (f->dir, "notes <&>.pdf", NULL);
  g_autofree char *cut = g_build_filename (f->dir, "cut.pdf", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "missing.pdf", NULL);
  g_autofree char *source = g_build_filename (ringi_test_corpus_dir (), "pdf", "jlshort.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_file_set_contents (text, "This is not a PDF, whatever its name says.\n", -1, &error);
  g_assert_no_error (error);
  g_file_get_contents (source, &contents, NULL, &error);
  g_assert_no_error (error);
  g_file_set_contents (cut, contents, 4096, &error);
  g_assert_no_error (error);

  open_file (f, text);
  assert_error_page (f, "This File Is Not a PDF");
  /* The name is shown as it is, not taken for markup. */
  ringi_test_assert_contains (adw_status_page_get_description (part (f, "error_page")), "notes &lt;&amp;&gt;.pdf");
  /* Not connected: the banner says so. */
  g_assert_true (gtk_revealer_get_reveal_child (part (f, "connect_revealer")));

  open_file (f, cut);
  assert_error_page (f, "The PDF Is Damaged");

  open_file (f, missing);
  assert_error_page (f, "The File Cannot Be Read");

  /* A good one after them all */
  open_file (f, source);
  g_assert_cmpstr (wait_for_preview (f), ==, "document");
  g_assert_cmpstr (adw_preferences_group_get_description (part (f, "document_group")), ==, "");
}

static void
test_protected_pdf (Fixture *f,
                    gconstpointer data)
{
  g_autofree char *source = g_build_filename (ringi_test_corpus_dir (), "pdf", "jlshort.pdf", NULL);
  g_autofree char *locked = g_build_filename (f->dir, "locked.pdf", NULL);
  const char *argv[] = { "qpdf", "--encrypt", "user", "owner", "256", "--", source, locked, NULL };
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);

  open_file (f, locked);
  g_assert_cmpstr (wait_for_preview (f), ==, "password");

  gtk_editable_set_text (part (f, "password_entry"), "wrong");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "new-request.unlock", NULL));
  g_assert_cmpstr (wait_for_preview (f), ==, "password");
  ringi_test_assert_contains (adw_status_page_get_description (part (f, "password_page")), "does not open");

  gtk_editable_set_text (part (f, "password_entry"), "user");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "new-request.unlock", NULL));
  g_assert_cmpstr (wait_for_preview (f), ==, "document");
  /* Seen, but approvers could not open it: it cannot be submitted. */
  ringi_test_assert_contains (adw_preferences_group_get_description (part (f, "document_group")), "password");
  g_assert_false (can_submit (f));
}

static void
test_not_enrolled (Fixture *f,
                   gconstpointer data)
{
  open_profile (f);
  open_draft (f, "draft.pdf");

  g_assert_true (gtk_revealer_get_reveal_child (part (f, "connect_revealer")));
  set_text (f, "title_row", "下書き");
  set_text (f, "amount_row", "1000");
  g_assert_false (gtk_widget_get_visible (part (f, "amount_error")));
  gtk_switch_set_active (part (f, "custom_switch"), TRUE);
  g_assert_false (can_submit (f));
  ringi_test_assert_contains (adw_action_row_get_subtitle (part (f, "document_row")), "108 pages");

  /* On a phone the form comes first and the document a tap away. */
  gtk_window_set_default_size (f->window, 360, 720);
  while (!adw_leaflet_get_folded (part (f, "leaflet")))
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (gtk_widget_get_visible (part (f, "preview_button")));
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (part (f, "leaflet")), ==, "form");
  save_screenshot (f, "new-request-window-narrow.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "new-request.show-preview", NULL));
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (part (f, "leaflet")), ==, "preview");
  g_assert_true (gtk_action_bar_get_revealed (part (f, "preview_bar")));
}

static void
test_resubmit (Fixture *f,
               gconstpointer data)
{
  g_auto(RingiCliRun) run = { 0 };
  g_autoptr(JsonObject) request = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = write_pdf (f, "first.pdf");
  g_autofree char *revised = write_pdf (f, "revised.pdf");
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *id = NULL;
  g_autofree char *again = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (revised);
  gsize length;
  RingiRequestInfo info = {
    .title = (char *) "出張旅費",
    .category = (char *) "travel",
    .amount = 30000,
    .counterparty = (char *) "旅行会社",
  };

  g_file_get_contents (first, &contents, &length, &error);
  g_assert_no_error (error);
  pdf = g_bytes_new_take (g_steal_pointer (&contents), length);
  ringi_sync_submit_async (f->sync, &info, pdf, "approve=tanaka ; final=yamada", PIN, NULL, result_cb, &result);
  id = ringi_sync_submit_finish (f->sync, wait_for (&result), &error);
  g_assert_no_error (error);
  sync_suzuki (f);

  enroll_cli (f, "tanaka");
  sync_cli (f, "tanaka");
  cli (f, &run, "tanaka", "send-back", id, "--comment", "領収書を添付してください", NULL);
  ringi_test_cli_assert_ok (&run);
  sync_cli (f, "tanaka");
  sync_suzuki (f);

  present (f, ringi_new_request_window_new_resubmit (f->parent, f->sync, id));
  g_assert_cmpstr (gtk_window_get_title (f->window), ==, "Resubmit Request");
  g_assert_cmpstr (gtk_editable_get_text (part (f, "title_row")), ==, "出張旅費");
  g_assert_cmpstr (gtk_editable_get_text (part (f, "amount_row")), ==, "30,000");
  g_assert_false (gtk_widget_is_sensitive (part (f, "title_row")));
  /* The route it has, until changed */
  g_assert_cmpuint (count_rows (part (f, "template_list")), ==, 2);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (gtk_list_box_get_row_at_index (part (f, "template_list"), 1))), ==,
                   "山田 三郎");
  /* A revised PDF first */
  g_assert_false (can_submit (f));
  ringi_new_request_window_set_file (RINGI_NEW_REQUEST_WINDOW (f->window), file);
  g_assert_cmpstr (wait_for_preview (f), ==, "document");

  /* The applicant adds a step before the decision. */
  gtk_switch_set_active (part (f, "custom_switch"), TRUE);
  editor_action (f, "add-step", NULL);
  editor_action (f, "add-person", "(us)", 2, "kato");

  again = submit (f);
  g_assert_cmpstr (again, ==, id);
  sync_suzuki (f);

  request = show_as (f, "tanaka", id);
  g_assert_cmpint (json_object_get_int_member (request, "revision"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (request, "status"), ==, "in-progress");
  g_assert_cmpstr (json_object_get_string_member (request, "route"), ==, "approve=tanaka ; approve=kato ; final=yamada");
}

/* `ringi FILE.pdf` as a real program: the draft opens over the main
 * window; a file that is not a PDF opens too and says so. */
static void
test_open_with_ringi (Fixture *f,
                      gconstpointer data)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = write_pdf (f, "from-files.pdf");
  g_autofree char *text = g_build_filename (f->dir, "letter.pdf", NULL);
  g_autofree char *home = g_build_filename (f->dir, "home", NULL);
  g_autofree char *data_home = g_build_filename (home, "data", NULL);
  g_autofree char *config_home = g_build_filename (home, "config", NULL);
  g_autofree char *cache_home = g_build_filename (home, "cache", NULL);
  gboolean good = FALSE, bad = FALSE;
  guint mapped = 0;

  g_file_set_contents (text, "Dear colleague,\n", -1, &error);
  g_assert_no_error (error);

  g_subprocess_launcher_setenv (launcher, "RINGI_TEST_REPORT_DRAFTS", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", cache_home, TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("RINGI_EXE"), pdf, text, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));

  while (!good || !bad || mapped < 2)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (line);
      g_test_message ("ringi: %s", line);
      if (g_str_has_prefix (line, "new-request-window: New Request: ") && g_str_has_suffix (line, ": mapped"))
        mapped++;
      good |= g_str_equal (line, "new-request-window: New Request: from-files.pdf: document 108 pages");
      bad |= g_str_equal (line, "new-request-window: New Request: letter.pdf: error not-pdf");
    }

  /* Another `ringi FILE.pdf` hands the file to the running one and ends. */
  {
    g_autofree char *other = write_pdf (f, "second.pdf");
    g_autoptr(GSubprocess) second = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("RINGI_EXE"), other, NULL);

    g_assert_no_error (error);
    g_subprocess_wait_check (second, NULL, &error);
    g_assert_no_error (error);
  }
  for (good = FALSE; !good;)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (line);
      good = g_str_equal (line, "new-request-window: New Request: second.pdf: document 108 pages");
    }

  g_subprocess_force_exit (process);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
}

int
main (int argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();
  /* Screenshots show the widgets at rest, not half way through a change. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

#define ADD(path, func)         g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
#define ADD_OFFLINE(path, func) g_test_add (path, Fixture, NULL, fixture_setup_offline, func, fixture_teardown)
  ADD ("/ringi/new-request-window/template-route", test_template_route);
  ADD ("/ringi/new-request-window/custom-route", test_custom_route);
  ADD ("/ringi/new-request-window/invalid-amount", test_invalid_amount);
  ADD ("/ringi/new-request-window/resubmit", test_resubmit);
  ADD ("/ringi/new-request-window/offline", test_offline);
  ADD ("/ringi/new-request-window/submit-error", test_submit_error);
  ADD_OFFLINE ("/ringi/new-request-window/not-pdf", test_not_pdf);
  ADD_OFFLINE ("/ringi/new-request-window/protected-pdf", test_protected_pdf);
  ADD_OFFLINE ("/ringi/new-request-window/not-enrolled", test_not_enrolled);
  ADD_OFFLINE ("/ringi/new-request-window/open-with-ringi", test_open_with_ringi);
#undef ADD
#undef ADD_OFFLINE

  status = g_test_run ();
  ringi_test_server_remove_template ();
  return status;
}
