/* test-request-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-request-view"

#include "config.h"

#include <adwaita.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <sqlite3.h>

#include "ringi-bundle.h"
#include "ringi-pdf-view.h"
#include "ringi-request-view.h"
#include "ringi-seal-slot.h"
#include "ringi-test-cli.h"
#include "ringi-test-server.h"
#include "ringi-test-utils.h"

#define PIN   "8642"
#define ROUTE "approve=sato ; final=tanaka"

/* The request view against the real ringi-server: suzuki submits with
 * ringi-cli, sato looks at the request in the view (a profile and sync
 * engine in this process) and acts there; tanaka is the decider. */
typedef struct
{
  char *dir;
  char *data;
  char *ca_file;
  GHashTable *codes; /* login → enrollment code */
  RingiTestServer *server;
  RingiProfile *profile; /* sato's */
  RingiSync *sync;
  char *id;
  GtkWindow *window;
  RingiRequestView *view;
} Fixture;

static const struct
{
  const char *login;
  const char *name;
  const char *seal;
  const char *department;
} people[] = {
  { "suzuki", "鈴木 一郎", "鈴木", "財政課" },
  { "sato", "佐藤 花子", "佐藤", "財政課" },
  { "tanaka", "田中 次郎", "田中", "総務部" },
};

static char *
add_user (Fixture *f,
          guint i)
{
  g_autoptr(RingiTestRun) run = NULL;
  g_autoptr(GRegex) regex = g_regex_new ("^Enrollment code for [^:]+: ([0-9A-Z]{4}(-[0-9A-Z]{4}){4})$",
                                          G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  run = ringi_test_server_run ("user", "add", "--data", f->data, people[i].login, "--name", people[i].name,
                               "--seal-name", people[i].seal, "--dept", people[i].department, NULL);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_true (g_regex_match (regex, run->out, 0, &match));
  return g_match_info_fetch (match, 1);
}

static char *
profile_of (Fixture *f,
            const char *login)
{
  return g_build_filename (f->dir, login, NULL);
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
cli_enroll (Fixture *f,
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
show_text (cairo_t *cr,
           const char *text,
           double x,
           double y,
           double size)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string ("Noto Serif CJK JP, serif");

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  pango_font_description_free (font);
  g_object_unref (layout);
}

/* A one-page A4 稟議書 */
static char *
write_pdf (Fixture *f)
{
  char *path = g_build_filename (f->dir, "request.pdf", NULL);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 595.28, 841.89);
  cairo_t *cr = cairo_create (surface);

  show_text (cr, "稟 議 書", 56, 150, 24);
  show_text (cr, "コピー用紙の購入について", 56, 200, 16);
  show_text (cr, "金額：52,000 円　　相手方：文具店", 56, 240, 11);
  show_text (cr, "標記の件について、下記のとおり執行したいので伺います。", 56, 280, 11);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
  return path;
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
give_pin (gpointer user_data)
{
  return g_strdup (PIN);
}

static gboolean
run_sync (Fixture *f,
          RingiSyncReport *report,
          GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ringi_sync_run_async (f->sync, NULL, result_cb, &result);
  return ringi_sync_run_finish (f->sync, wait_for (&result), report, error);
}

static void
run_sync_ok (Fixture *f,
             RingiSyncReport *report)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (run_sync (f, report, &error));
  g_assert_no_error (error);
}

/* sato's profile in this process, enrolled through the core */
static void
enroll_sato (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *dir = profile_of (f, "sato");
  g_autofree char *home = g_build_filename (dir, "gnupg", NULL);

  g_assert_cmpint (g_mkdir_with_parents (home, 0700), ==, 0);
  ringi_test_write_fast_agent_conf (home);
  f->profile = ringi_profile_open (dir, &error);
  g_assert_no_error (error);
  f->sync = ringi_sync_new (f->profile);
  ringi_sync_set_passphrase_func (f->sync, give_pin, NULL, NULL);

  ringi_sync_enroll_async (f->sync, ringi_test_server_get_url (f->server), f->ca_file, "sato",
                           g_hash_table_lookup (f->codes, "sato"), PIN, NULL, result_cb, &result);
  g_assert_true (ringi_sync_enroll_finish (f->sync, wait_for (&result), &error));
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture *f,
               gconstpointer data)
{
  g_auto(RingiCliRun) run = { 0 };
  g_autoptr(RingiTestRun) route = NULL;
  g_autofree char *pdf = NULL;

  f->dir = ringi_test_make_tmpdir ("rrv");
  f->data = g_build_filename (f->dir, "data", NULL);
  f->ca_file = g_build_filename (f->data, "tls", "ca.pem", NULL);
  f->codes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  ringi_test_server_init_copy (f->data);
  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    g_hash_table_insert (f->codes, (gpointer) people[i].login, add_user (f, i));
  route = ringi_test_server_run ("route", "add", "--data", f->data, "--category", "purchase", "--route", ROUTE, NULL);
  g_assert_cmpint (route->status, ==, 0);
  f->server = ringi_test_server_start (f->data);

  cli_enroll (f, "suzuki");
  cli_enroll (f, "tanaka");
  enroll_sato (f);

  pdf = write_pdf (f);
  cli (f, &run, "suzuki", "submit", pdf, "--title", "コピー用紙の購入", "--amount", "52000",
       "--counterparty", "文具店", "--route-template", "purchase", NULL);
  ringi_test_cli_assert_ok (&run);
  f->id = g_strstrip (g_strdup (run.out));
  cli (f, &run, "suzuki", "sync", NULL);
  ringi_test_cli_assert_ok (&run);
  run_sync_ok (f, NULL);
}

static void
kill_agent (Fixture *f,
            const char *login)
{
  g_autofree char *profile = profile_of (f, login);
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
  if (f->window != NULL)
    gtk_window_destroy (f->window);
  /* Results of work the view started still arrive; let them. */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  if (f->server != NULL)
    g_assert_cmpint (ringi_test_server_stop (f->server), ==, 0);
  g_clear_pointer (&f->server, ringi_test_server_free);

  g_clear_object (&f->sync);
  g_clear_object (&f->profile);
  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    kill_agent (f, people[i].login);

  g_hash_table_unref (f->codes);
  ringi_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->data);
  g_free (f->ca_file);
  g_free (f->id);
}

typedef gboolean (*Condition) (Fixture *f);

static void
wait_until (Fixture *f,
            Condition condition)
{
  while (!condition (f))
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
view_is_ready (Fixture *f)
{
  RingiPdfView *pdf = RINGI_PDF_VIEW (gtk_widget_get_template_child (GTK_WIDGET (f->view), RINGI_TYPE_REQUEST_VIEW,
                                                                     "pdf_view"));

  return !ringi_request_view_get_loading (f->view) && !ringi_request_view_get_verifying (f->view) &&
         ringi_pdf_view_get_document (pdf) != NULL && !ringi_pdf_view_get_loading (pdf) &&
         ringi_pdf_view_page_to_widget (pdf, 0, 0, 0, NULL, NULL);
}

static gboolean
view_is_idle (Fixture *f)
{
  return !ringi_request_view_get_busy (f->view) && view_is_ready (f);
}

static gboolean
pin_dialog_is_waiting (Fixture *f)
{
  RingiPinDialog *dialog = ringi_request_view_get_pin_dialog (f->view);

  return dialog == NULL || !ringi_pin_dialog_get_busy (dialog);
}

static void
open_view_sized (Fixture *f,
                 int width)
{
  f->window = GTK_WINDOW (adw_window_new ());
  gtk_window_set_default_size (f->window, width, 760);
  f->view = RINGI_REQUEST_VIEW (ringi_request_view_new (f->sync, f->id));
  adw_window_set_content (ADW_WINDOW (f->window), GTK_WIDGET (f->view));
  gtk_window_present (f->window);
  wait_until (f, view_is_ready);
}

static void
open_view (Fixture *f)
{
  open_view_sized (f, 1100);
}

static void
on_after_paint (GdkFrameClock *clock,
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
  gboolean painted = FALSE;
  gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &painted);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  const char *dir = g_getenv ("RINGI_SCREENSHOT_DIR");

  gtk_widget_queue_draw (widget);
  ringi_test_wait_for_flag (&painted);
  g_signal_handler_disconnect (clock, handler);
  if (dir == NULL)
    return;

  paintable = gtk_widget_paintable_new (widget);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), gtk_widget_get_width (widget),
                          gtk_widget_get_height (widget));
  node = gtk_snapshot_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                                              gtk_widget_get_height (widget)));
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static gboolean
widget_visible (Fixture *f,
                const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (f->view), RINGI_TYPE_REQUEST_VIEW, name);

  return gtk_widget_get_visible (GTK_WIDGET (child));
}

/* Enters @pin in the open PIN dialog and waits for the answer. */
static void
enter_pin (Fixture *f,
           const char *pin)
{
  RingiPinDialog *dialog = ringi_request_view_get_pin_dialog (f->view);

  g_assert_nonnull (dialog);
  ringi_pin_dialog_set_pin (dialog, pin);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "pin.confirm", NULL));
  wait_until (f, pin_dialog_is_waiting);
}

static GPtrArray *
chain_of_sato (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *chain = ringi_outbox_list_chain (ringi_profile_get_outbox (f->profile), f->id, &error);

  g_assert_no_error (error);
  return chain;
}

static RingiStamp *
last_stamp (GPtrArray *chain,
            gboolean *pending)
{
  RingiChainStamp *link = g_ptr_array_index (chain, chain->len - 1);
  g_autoptr(GError) error = NULL;
  RingiStamp *stamp = ringi_stamp_parse (link->stamp.record, &error);

  g_assert_no_error (error);
  *pending = link->pending;
  return stamp;
}

static gboolean
action_bar_is_shown (Fixture *f)
{
  GObject *revealer = gtk_widget_get_template_child (GTK_WIDGET (f->view), RINGI_TYPE_REQUEST_VIEW,
                                                     "action_revealer");

  return gtk_revealer_get_child_revealed (GTK_REVEALER (revealer));
}

static GtkGesture *
find_drag_gesture (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_DRAG (controller))
        return GTK_GESTURE (controller);
    }

  g_assert_not_reached ();
}

/* Drags my seal by its middle, (dx, dy) pixels, through the drag
 * gesture's own signals. */
static void
drag_seal (Fixture *f,
           double dx,
           double dy)
{
  GtkWidget *pdf = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->view), RINGI_TYPE_REQUEST_VIEW,
                                                              "pdf_view"));
  GtkGesture *drag = find_drag_gesture (pdf);
  RingiPlacement before, after;
  double x, y, moved_x, moved_y;

  g_assert_true (ringi_request_view_get_seal_placement (f->view, &before));
  g_assert_true (ringi_pdf_view_page_to_widget (RINGI_PDF_VIEW (pdf), (int) before.page - 1,
                                                before.x + before.size / 2, before.y + before.size / 2, &x, &y));
  g_signal_emit_by_name (drag, "drag-begin", x, y);
  g_signal_emit_by_name (drag, "drag-update", dx / 2, dy / 2);
  g_signal_emit_by_name (drag, "drag-update", dx, dy);
  g_signal_emit_by_name (drag, "drag-end", dx, dy);

  /* The seal's middle is where the pointer went. */
  g_assert_true (ringi_request_view_get_seal_placement (f->view, &after));
  g_assert_true (ringi_pdf_view_page_to_widget (RINGI_PDF_VIEW (pdf), (int) after.page - 1,
                                                after.x + after.size / 2, after.y + after.size / 2,
                                                &moved_x, &moved_y));
  g_assert_cmpfloat_with_epsilon (moved_x, x + dx, 0.5);
  g_assert_cmpfloat_with_epsilon (moved_y, y + dy, 0.5);
  g_assert_cmpfloat (after.size, ==, before.size);
}

/* A drag that does not start on my seal leaves it where it is. */
static void
drag_beside_seal (Fixture *f)
{
  GtkWidget *pdf = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->view), RINGI_TYPE_REQUEST_VIEW,
                                                              "pdf_view"));
  GtkGesture *drag = find_drag_gesture (pdf);
  RingiPlacement before, after;
  double x, y;

  g_assert_true (ringi_request_view_get_seal_placement (f->view, &before));
  g_assert_true (ringi_pdf_view_page_to_widget (RINGI_PDF_VIEW (pdf), (int) before.page - 1,
                                                before.x - 20, before.y + 100, &x, &y));
  g_signal_emit_by_name (drag, "drag-begin", x, y);
  g_signal_emit_by_name (drag, "drag-update", 50.0, 50.0);
  g_signal_emit_by_name (drag, "drag-end", 50.0, 50.0);
  g_assert_true (ringi_request_view_get_seal_placement (f->view, &after));
  g_assert_cmpfloat (after.x, ==, before.x);
  g_assert_cmpfloat (after.y, ==, before.y);
}

static void
test_approve_with_seal (Fixture *f,
                        gconstpointer data)
{
  g_autoptr(GPtrArray) chain = NULL;
  g_autoptr(RingiStamp) stamp = NULL;
  RingiPlacement placement;
  RingiSyncReport report = { 0 };
  RingiRoutePanel *panel;
  gboolean pending;

  open_view (f);
  g_assert_cmpstr (ringi_request_view_get_title (f->view), ==, "コピー用紙の購入");
  g_assert_true (widget_visible (f, "approve_button"));
  g_assert_true (widget_visible (f, "send_back_button"));
  g_assert_false (widget_visible (f, "withdraw_button"));

  /* My seal starts in the first free box at the top right of page 1. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "request.approve", NULL));
  g_assert_true (ringi_request_view_get_seal_placement (f->view, &placement));
  g_assert_cmpuint (placement.page, ==, 1);
  g_assert_cmpfloat_with_epsilon (placement.x, 595.28 - RINGI_SEAL_SLOT_MARGIN - RINGI_SEAL_SLOT_SIZE, 0.01);
  g_assert_cmpfloat_with_epsilon (placement.y, RINGI_SEAL_SLOT_MARGIN, 0.01);
  g_assert_cmpfloat (placement.size, ==, RINGI_SEAL_SLOT_SIZE);

  /* Dragged elsewhere, and kept on the page when dragged beyond it */
  drag_seal (f, -120, 80);
  drag_beside_seal (f);
  ringi_request_view_move_seal (f->view, &(RingiPlacement){ 1, 900, -20, RINGI_SEAL_SLOT_SIZE });
  g_assert_true (ringi_request_view_get_seal_placement (f->view, &placement));
  g_assert_cmpfloat_with_epsilon (placement.x, 595.28 - RINGI_SEAL_SLOT_SIZE, 0.01);
  g_assert_cmpfloat (placement.y, ==, 0);
  ringi_request_view_move_seal (f->view, &(RingiPlacement){ 1, 406.5, 54, RINGI_SEAL_SLOT_SIZE });
  /* Alt and the arrow keys move it too. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "request.move-seal", "(dd)", -6.0, 6.0));
  g_assert_true (ringi_request_view_get_seal_placement (f->view, &placement));
  g_assert_cmpfloat (placement.x, ==, 400.5);
  g_assert_cmpfloat (placement.y, ==, 60);
  ringi_request_view_set_comment (f->view, "確認しました");
  wait_until (f, action_bar_is_shown);
  save_screenshot (f, "request-view-placing.png");

  /* A wrong PIN is said in the dialog; nothing is lost. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "request.confirm", NULL));
  g_assert_cmpstr (ringi_pin_dialog_get_confirm_label (ringi_request_view_get_pin_dialog (f->view)), ==, "_Stamp");
  enter_pin (f, "0000");
  g_assert_nonnull (ringi_request_view_get_pin_dialog (f->view));
  g_assert_cmpstr (ringi_pin_dialog_get_error (ringi_request_view_get_pin_dialog (f->view)), ==,
                   "That PIN does not unlock your seal. Try again.");
  g_assert_true (ringi_request_view_get_seal_placement (f->view, &placement));
  g_assert_cmpfloat (placement.x, ==, 400.5);

  enter_pin (f, PIN);
  g_assert_null (ringi_request_view_get_pin_dialog (f->view));
  g_assert_false (ringi_request_view_get_seal_placement (f->view, NULL));

  /* The stamp carries the placement, and waits for the server. */
  chain = chain_of_sato (f);
  g_assert_cmpuint (chain->len, ==, 2);
  stamp = last_stamp (chain, &pending);
  g_assert_true (pending);
  g_assert_cmpint (ringi_stamp_get_action (stamp), ==, RINGI_ACTION_APPROVE);
  g_assert_cmpuint (ringi_stamp_get_placement (stamp)->page, ==, 1);
  g_assert_cmpfloat (ringi_stamp_get_placement (stamp)->x, ==, 400.5);
  g_assert_cmpfloat (ringi_stamp_get_placement (stamp)->y, ==, 60);
  g_assert_cmpfloat (ringi_stamp_get_placement (stamp)->size, ==, RINGI_SEAL_SLOT_SIZE);

  /* The server accepts it. */
  run_sync_ok (f, &report);
  g_assert_cmpuint (report.pushed, ==, 1);
  g_assert_cmpuint (report.refused, ==, 0);
  g_clear_pointer (&chain, g_ptr_array_unref);
  g_clear_pointer (&stamp, ringi_stamp_unref);
  chain = chain_of_sato (f);
  stamp = last_stamp (chain, &pending);
  g_assert_false (pending);

  /* The view reads it again: both stamps verify. */
  wait_until (f, view_is_idle);
  g_assert_false (ringi_request_view_get_pending (f->view));
  panel = ringi_request_view_get_route_panel (f->view);
  g_assert_cmpuint (ringi_route_panel_get_n_stamps (panel), ==, 2);
  g_assert_cmpstr (ringi_route_panel_get_state (panel, 1), ==, "Approved");
  for (guint i = 0; i < 2; i++)
    g_assert_cmpstr (ringi_route_panel_get_badge (panel, i), ==, "Verified");
  g_assert_false (widget_visible (f, "approve_button"));
  save_screenshot (f, "request-view-route.png");
}

/* On a narrow window the route folds away behind its button. */
static void
test_narrow (Fixture *f,
             gconstpointer data)
{
  GObject *flap;

  open_view_sized (f, 560);
  flap = gtk_widget_get_template_child (GTK_WIDGET (f->view), RINGI_TYPE_REQUEST_VIEW, "flap");
  g_assert_true (adw_flap_get_folded (ADW_FLAP (flap)));
  g_assert_false (adw_flap_get_reveal_flap (ADW_FLAP (flap)));
  save_screenshot (f, "request-view-narrow.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "request.approve", NULL));
  wait_until (f, action_bar_is_shown);
  save_screenshot (f, "request-view-narrow-placing.png");
}

static void
test_send_back (Fixture *f,
                gconstpointer data)
{
  g_auto(RingiCliRun) run = { 0 };
  g_autoptr(GPtrArray) chain = NULL;
  g_autoptr(RingiStamp) stamp = NULL;
  RingiSyncReport report = { 0 };
  gboolean pending;

  open_view (f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "request.send-back", NULL));
  g_assert_false (ringi_request_view_get_seal_placement (f->view, NULL));

  /* Without a comment, the view says so and asks for no PIN. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "request.confirm", NULL));
  g_assert_true (widget_visible (f, "comment_error"));
  g_assert_null (ringi_request_view_get_pin_dialog (f->view));

  ringi_request_view_set_comment (f->view, "見積書を添付してください");
  ringi_request_view_set_send_back_step (f->view, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "request.confirm", NULL));
  g_assert_false (widget_visible (f, "comment_error"));
  g_assert_cmpstr (ringi_pin_dialog_get_confirm_label (ringi_request_view_get_pin_dialog (f->view)), ==, "Send _Back");
  enter_pin (f, PIN);
  g_assert_null (ringi_request_view_get_pin_dialog (f->view));

  chain = chain_of_sato (f);
  stamp = last_stamp (chain, &pending);
  g_assert_cmpint (ringi_stamp_get_action (stamp), ==, RINGI_ACTION_SEND_BACK);
  g_assert_cmpuint (ringi_stamp_get_to_step (stamp), ==, 0);
  g_assert_cmpstr (((RingiChainStamp *) g_ptr_array_index (chain, chain->len - 1))->comment, ==,
                   "見積書を添付してください");

  run_sync_ok (f, &report);
  g_assert_cmpuint (report.pushed, ==, 1);
  g_assert_cmpuint (report.refused, ==, 0);
  wait_until (f, view_is_idle);
  g_assert_cmpstr (ringi_request_view_get_subtitle (f->view), ==, "Sent back");

  /* The applicant gets it back, with the comment. */
  cli (f, &run, "suzuki", "sync", NULL);
  ringi_test_cli_assert_ok (&run);
  cli (f, &run, "suzuki", "show", f->id, NULL);
  ringi_test_cli_assert_ok (&run);
  ringi_test_assert_contains (run.out, "sent back");
  ringi_test_assert_contains (run.out, "You may:       resubmit");
  ringi_test_assert_contains (run.out, "見積書を添付してください");
}

static gboolean
view_left_confirm (Fixture *f)
{
  return view_is_idle (f) && !ringi_request_view_get_seal_placement (f->view, NULL);
}

/* The applicant withdraws while I am placing my seal: the view sees it
 * after the next sync and takes the approval back before any PIN. */
static void
test_withdrawn_meanwhile (Fixture *f,
                          gconstpointer data)
{
  g_auto(RingiCliRun) run = { 0 };

  open_view (f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "request.approve", NULL));
  g_assert_true (ringi_request_view_get_seal_placement (f->view, NULL));

  cli (f, &run, "suzuki", "withdraw", f->id, NULL);
  ringi_test_cli_assert_ok (&run);
  cli (f, &run, "suzuki", "sync", NULL);
  ringi_test_cli_assert_ok (&run);
  run_sync_ok (f, NULL);

  wait_until (f, view_left_confirm);
  g_assert_cmpstr (ringi_request_view_get_subtitle (f->view), ==, "Withdrawn");
  g_assert_false (widget_visible (f, "approve_button"));
  g_assert_null (ringi_request_view_get_pin_dialog (f->view));
}

static gboolean
view_shows_pending (Fixture *f)
{
  return view_is_idle (f) && ringi_request_view_get_pending (f->view);
}

static gboolean
view_shows_sent (Fixture *f)
{
  return view_is_idle (f) && !ringi_request_view_get_pending (f->view);
}

static void
test_offline_approve (Fixture *f,
                      gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%u", ringi_test_server_get_port (f->server));
  const char *const args[] = { "--listen", listen, NULL };
  RingiSyncReport report = { 0 };

  open_view (f);
  g_assert_cmpint (ringi_test_server_stop (f->server), ==, 0);
  g_clear_pointer (&f->server, ringi_test_server_free);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "request.approve", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "request.confirm", NULL));
  enter_pin (f, PIN);
  g_assert_null (ringi_request_view_get_pin_dialog (f->view));

  /* Queued: the server cannot be reached, the view says it waits. */
  g_assert_false (run_sync (f, NULL, &error));
  g_assert_error (error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_NETWORK);
  g_assert_cmpint (ringi_sync_get_state (f->sync), ==, RINGI_SYNC_STATE_OFFLINE);
  wait_until (f, view_shows_pending);
  g_assert_true (widget_visible (f, "pending_box"));
  g_assert_cmpstr (ringi_route_panel_get_badge (ringi_request_view_get_route_panel (f->view), 1), ==,
                   "Waiting to be sent");
  save_screenshot (f, "request-view-offline.png");

  /* The server is back on the same address: the stamp goes out. */
  f->server = ringi_test_server_start_with_args (f->data, args);
  run_sync_ok (f, &report);
  g_assert_cmpuint (report.pushed, ==, 1);
  g_assert_cmpuint (report.refused, ==, 0);
  wait_until (f, view_shows_sent);
  g_assert_false (widget_visible (f, "pending_box"));
  g_assert_cmpstr (ringi_route_panel_get_badge (ringi_request_view_get_route_panel (f->view), 1), ==, "Verified");
}

/* An attacker with access to the profile rewrites the submit stamp's
 * time; the append-only trigger has to go first. */
static void
tamper_first_stamp (Fixture *f)
{
  g_autofree char *path = g_build_filename (profile_of (f, "sato"), "profile.db", NULL);
  g_autoptr(GPtrArray) chain = chain_of_sato (f);
  GBytes *record = ((RingiChainStamp *) g_ptr_array_index (chain, 0))->stamp.record;
  g_autofree char *text = g_strndup (g_bytes_get_data (record, NULL), g_bytes_get_size (record));
  char *time = strstr (text, "Time: ");
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_nonnull (time);
  /* the first digit of the year: still a valid record */
  time[6] = time[6] == '2' ? '3' : '2';

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DROP TRIGGER stamps_append_only_update", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "UPDATE stamps SET record = ? WHERE request_id = ? AND seq = 1", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_blob (stmt, 1, text, (int) strlen (text), SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, f->id, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
test_verify_badges (Fixture *f,
                    gconstpointer data)
{
  RingiRoutePanel *panel;

  open_view (f);
  panel = ringi_request_view_get_route_panel (f->view);
  g_assert_cmpuint (ringi_route_panel_get_n_stamps (panel), ==, 1);
  g_assert_cmpstr (ringi_route_panel_get_state (panel, 0), ==, "Submitted");
  g_assert_cmpstr (ringi_route_panel_get_badge (panel, 0), ==, "Verified");

  tamper_first_stamp (f);
  ringi_request_view_reload (f->view);
  wait_until (f, view_is_idle);
  g_assert_cmpstr (ringi_route_panel_get_badge (panel, 0), ==,
                   ringi_stamp_status_to_sentence (RINGI_STAMP_BAD_SIGNATURE));
  save_screenshot (f, "request-view-tampered.png");
}

static gboolean
correction_is_shown (Fixture *f)
{
  return ringi_route_panel_get_correction_text (ringi_request_view_get_route_panel (f->view)) != NULL;
}

/* Suzuki asks for a correction on a route to Sato: above the stamps,
 * Sato sees the punch it adds and that the document shows it, and
 * approves it there. */
static void
test_correction (Fixture *f,
                 gconstpointer data)
{
  g_auto(RingiCliRun) run = { 0 };
  g_autoptr(RingiTestRun) route = NULL;
  g_autoptr(GTimeZone) tokyo = g_time_zone_new_identifier ("Asia/Tokyo");
  g_autoptr(GDateTime) now = g_date_time_new_now (tokyo);
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr(GPtrArray) chain = NULL;
  g_autoptr(RingiStamp) stamp = NULL;
  const char *text;
  gboolean pending;

  route = ringi_test_server_run ("route", "add", "--data", f->data, "--category", "打刻修正", "--route", "final=sato",
                                 NULL);
  g_assert_cmpint (route->status, ==, 0);
  cli (f, &run, "suzuki", "sync", NULL);
  ringi_test_cli_assert_ok (&run);
  cli (f, &run, "suzuki", "correct", "--date", date, "--time", "08:30", "--kind", "clock-in", "--place", "home",
       "--reason", "電車遅延のため在宅に切り替え", NULL);
  ringi_test_cli_assert_ok (&run);
  g_free (f->id);
  f->id = g_strstrip (g_strdup (run.out));
  cli (f, &run, "suzuki", "sync", NULL);
  ringi_test_cli_assert_ok (&run);
  run_sync_ok (f, NULL);

  open_view (f);
  wait_until (f, correction_is_shown);
  text = ringi_route_panel_get_correction_text (ringi_request_view_get_route_panel (f->view));
  ringi_test_assert_contains (text, "Clock in · Home");
  ringi_test_assert_contains (text, "8:30");
  ringi_test_assert_contains (text, "Replaces: No punch: it adds a missing one");
  ringi_test_assert_contains (text, "Reason: 電車遅延のため在宅に切り替え");
  ringi_test_assert_contains (text, "Document: Shows this punch");
  save_screenshot (f, "request-view-correction.png");

  /* Shown, so it may be approved. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "request.approve", NULL));
  wait_until (f, action_bar_is_shown);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "request.confirm", NULL));
  enter_pin (f, PIN);
  g_assert_null (ringi_request_view_get_pin_dialog (f->view));
  chain = chain_of_sato (f);
  stamp = last_stamp (chain, &pending);
  g_assert_true (pending);
  g_assert_cmpint (ringi_stamp_get_action (stamp), ==, RINGI_ACTION_APPROVE);
}

static void
test_export (Fixture *f,
             gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) pdf_result = NULL;
  g_auto(RingiCliRun) run = { 0 };
  g_autofree char *bundle = g_build_filename (f->dir, "bundle", NULL);
  g_autofree char *stamped = g_build_filename (f->dir, "stamped.pdf", NULL);
  g_autofree char *contents = NULL;
  const char *argv[] = { "bundle", "verify", bundle, NULL };

  open_view (f);
  ringi_request_view_export_bundle_async (f->view, bundle, result_cb, &result);
  g_assert_true (ringi_request_view_export_finish (f->view, wait_for (&result), &error));
  g_assert_no_error (error);
  ringi_test_cli_runv (&run, argv, NULL);
  ringi_test_cli_assert_ok (&run);

  /* A folder that already holds a bundle is not written over. */
  g_clear_object (&result);
  ringi_request_view_export_bundle_async (f->view, bundle, result_cb, &result);
  g_assert_false (ringi_request_view_export_finish (f->view, wait_for (&result), &error));
  g_assert_error (error, RINGI_BUNDLE_ERROR, RINGI_BUNDLE_ERROR_EXISTS);
  g_clear_error (&error);

  ringi_request_view_export_stamped_pdf_async (f->view, stamped, result_cb, &pdf_result);
  g_assert_true (ringi_request_view_export_finish (f->view, wait_for (&pdf_result), &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (stamped, &contents, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
}

int
main (int argc,
      char *argv[])
{
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/ringi/request-view/approve-with-seal", test_approve_with_seal);
  ADD ("/ringi/request-view/narrow", test_narrow);
  ADD ("/ringi/request-view/send-back", test_send_back);
  ADD ("/ringi/request-view/offline-approve", test_offline_approve);
  ADD ("/ringi/request-view/withdrawn-meanwhile", test_withdrawn_meanwhile);
  ADD ("/ringi/request-view/verify-badges", test_verify_badges);
  ADD ("/ringi/request-view/export", test_export);
  ADD ("/ringi/request-view/correction", test_correction);
#undef ADD

  status = g_test_run ();
  ringi_test_server_remove_template ();
  return status;
}
