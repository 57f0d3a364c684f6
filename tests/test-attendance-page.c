/* test-attendance-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-attendance-page"

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "ringi-attendance-format.h"
#include "ringi-attendance-page.h"
#include "ringi-my-day.h"
#include "ringi-my-month.h"
#include "ringi-pin-dialog.h"
#include "ringi-team-board.h"
#include "ringi-test-cli.h"
#include "ringi-test-server.h"
#include "ringi-test-utils.h"
#include "ringi-timesheet.h"

#define PIN "8642"

/* The attendance page over profiles enrolled with ringi-cli against the
 * real ringi-server: sato punches through the page, tanaka is sato's
 * manager and sees the board. */

typedef struct
{
  const char *login;
  const char *name;
  const char *role;
  const char *manager;
} Person;

/* the manager first: `--manager` names an existing user */
static const Person people[] = {
  { "tanaka", "田中 一郎", "manager", NULL },
  { "sato", "佐藤 花子", "staff", "tanaka" },
};

static const char *const categories[] = { "勤務月報", "打刻修正", "休暇" };

typedef struct
{
  char *dir;
  char *data;
  char *ca_file;
  GHashTable *codes; /* login → enrollment code */
  RingiTestServer *server;
  RingiProfile *profile;
  RingiSync *sync;
  GtkWidget *window;
  RingiAttendancePage *page;
  guint n_loaded;
} Fixture;

#define WAIT_UNTIL(condition)                \
  G_STMT_START                               \
  {                                          \
    while (!(condition))                     \
      g_main_context_iteration (NULL, TRUE); \
  }                                          \
  G_STMT_END

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

/* The last widget of TYPE in depth-first order. */
static GtkWidget *
find_last_widget (GtkWidget *root,
                  GType type)
{
  GtkWidget *found = G_TYPE_CHECK_INSTANCE_TYPE (root, type) ? root : NULL;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *last = find_last_widget (child, type);

      if (last != NULL)
        found = last;
    }
  return found;
}

static gboolean
has_text (GtkWidget *root,
          const char *needle)
{
  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_label (GTK_LABEL (root)), needle) != NULL)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (has_text (child, needle))
      return TRUE;
  return FALSE;
}

static GtkWidget *
find_action_button (GtkWidget *root,
                    const char *action)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_action_button (child, action);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A total of My month: the value label just before its caption. */
static const char *
total_of (GtkWidget *month,
          const char *caption)
{
  GtkWidget *flow = find_widget (month, GTK_TYPE_FLOW_BOX);

  for (GtkWidget *child = gtk_widget_get_first_child (flow); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *box = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));
      GtkWidget *value = gtk_widget_get_first_child (box);

      if (g_str_equal (gtk_label_get_label (GTK_LABEL (gtk_widget_get_next_sibling (value))), caption))
        return gtk_label_get_label (GTK_LABEL (value));
    }
  g_assert_not_reached ();
}

static AdwMessageDialog *
wait_for_dialog (void)
{
  while (TRUE)
    {
      GListModel *toplevels = gtk_window_get_toplevels ();

      for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

          if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
            return ADW_MESSAGE_DIALOG (window);
        }
      g_main_context_iteration (NULL, TRUE);
    }
}

static RingiPinDialog *
wait_for_pin_dialog (void)
{
  while (TRUE)
    {
      GListModel *toplevels = gtk_window_get_toplevels ();

      for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

          if (RINGI_IS_PIN_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
            return RINGI_PIN_DIALOG (window);
        }
      g_main_context_iteration (NULL, TRUE);
    }
}

/* Types @pin in the seal PIN dialog and confirms; waits for the answer:
 * the dialog gone, or saying what went wrong. Returns whether it is
 * gone. */
static gboolean
enter_pin (RingiPinDialog *dialog,
           const char *pin)
{
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  ringi_pin_dialog_set_pin (dialog, pin);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "pin.confirm", NULL));
  WAIT_UNTIL (dialog == NULL || !ringi_pin_dialog_get_busy (dialog));
  if (dialog == NULL)
    return TRUE;
  g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  return FALSE;
}

/* Answers the seal PIN dialog as the person would. */
static void
give_pin (void)
{
  g_assert_true (enter_pin (wait_for_pin_dialog (), PIN));
}

/* A wrong PIN first: the dialog says so, and the right one is typed
 * again in it. */
static void
give_wrong_pin_then_right (void)
{
  RingiPinDialog *dialog = wait_for_pin_dialog ();

  g_assert_false (enter_pin (dialog, "0000"));
  ringi_test_assert_contains (ringi_pin_dialog_get_error (dialog), "does not unlock");
  g_assert_true (enter_pin (dialog, PIN));
}

/* The same, pressing Enter in the PIN field. */
static void
type_pin_and_enter (void)
{
  RingiPinDialog *dialog = wait_for_pin_dialog ();
  GtkWidget *row = find_widget (GTK_WIDGET (dialog), ADW_TYPE_PASSWORD_ENTRY_ROW);

  g_assert_nonnull (row);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  ringi_pin_dialog_set_pin (dialog, PIN);
  g_signal_emit_by_name (row, "entry-activated");
  WAIT_UNTIL (dialog == NULL);
}

static void
answer_dialog (const char *response)
{
  AdwMessageDialog *dialog = wait_for_dialog ();

  g_assert_true (adw_message_dialog_has_response (dialog, response));
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Writes the window as NAME.png into RINGI_SCREENSHOT_DIR. */
static void
on_after_paint (GdkFrameClock *clock,
                gboolean *painted)
{
  *painted = TRUE;
}

static void
screenshot (GtkWidget *window,
            const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *png = NULL;
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  gboolean painted = FALSE;
  gulong handler;
  int width, height;

  if (g_getenv ("RINGI_SCREENSHOT_DIR") == NULL)
    return;

  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &painted);
  gtk_widget_queue_draw (window);
  ringi_test_wait_for_flag (&painted);
  g_signal_handler_disconnect (clock, handler);

  width = gtk_widget_get_width (window);
  height = gtk_widget_get_height (window);
  paintable = gtk_widget_paintable_new (window);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  png = g_build_filename (g_getenv ("RINGI_SCREENSHOT_DIR"), file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, png));
}

/* Fixture */

static char *
profile_of (Fixture *f,
            const char *login)
{
  return g_build_filename (f->dir, login, NULL);
}

static char *
add_user (Fixture *f,
          const Person *person)
{
  g_autoptr(RingiTestRun) run = NULL;
  g_autoptr(GRegex) regex = g_regex_new ("^Enrollment code for [^:]+: (\\S+)$", G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *name = g_strconcat ("--name=", person->name, NULL);
  const char *args[] = { "user", "add", "--data", f->data, person->login, name, "--seal-name=試験", "--dept=総務課",
                         "--role", person->role, person->manager ? "--manager" : NULL, person->manager, NULL };

  run = ringi_test_server_runv (args);
  g_assert_cmpstr (run->err, ==, "");
  g_assert_cmpint (run->status, ==, 0);
  g_assert_true (g_regex_match (regex, run->out, 0, &match));
  return g_match_info_fetch (match, 1);
}

static void
fixture_setup (Fixture *f,
               gconstpointer data)
{
  f->dir = ringi_test_make_tmpdir ("ratp");
  f->data = g_build_filename (f->dir, "data", NULL);
  f->ca_file = g_build_filename (f->data, "tls", "ca.pem", NULL);
  f->codes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  ringi_test_server_init_copy (f->data);

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    g_hash_table_insert (f->codes, (gpointer) people[i].login, add_user (f, &people[i]));

  for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
    {
      g_autoptr(RingiTestRun) route = ringi_test_server_run ("route", "add", "--data", f->data, "--category",
                                                              categories[i], "--route", "final=tanaka", NULL);

      g_assert_cmpint (route->status, ==, 0);
    }

  f->server = ringi_test_server_start (f->data);
}

static void
close_page (Fixture *f)
{
  RingiSync *sync = f->sync;

  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  f->window = NULL;
  f->page = NULL;
  if (sync != NULL)
    {
      g_object_add_weak_pointer (G_OBJECT (sync), (gpointer *) &sync);
      g_clear_object (&f->sync);
      /* A load in flight holds the page, the page the sync. */
      WAIT_UNTIL (sync == NULL);
    }
  g_clear_object (&f->profile);
}

static void
fixture_teardown (Fixture *f,
                  gconstpointer data)
{
  close_page (f);
  if (f->server != NULL)
    g_assert_cmpint (ringi_test_server_stop (f->server), ==, 0);
  g_clear_pointer (&f->server, ringi_test_server_free);

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      g_autofree char *profile = profile_of (f, people[i].login);
      g_autofree char *home = g_build_filename (profile, "gnupg", NULL);

      if (g_file_test (home, G_FILE_TEST_IS_DIR))
        ringi_test_kill_agent (home);
    }

  g_hash_table_unref (f->codes);
  ringi_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->data);
  g_free (f->ca_file);
}

/* ringi-cli */

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
  out = cli (f, login, "enroll", "--server", ringi_test_server_get_url (f->server), "--ca", f->ca_file, "--login",
             login, "--code", g_hash_table_lookup (f->codes, login), NULL);
}

static void
enroll_everyone (Fixture *f)
{
  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    enroll (f, people[i].login);
}

static void
sync_cli (Fixture *f,
          const char *login)
{
  g_autofree char *out = cli (f, login, "sync", NULL);

  ringi_test_assert_contains (out, "refused 0");
}

/* The page */

static void
loaded_cb (RingiAttendancePage *page,
           Fixture *f)
{
  f->n_loaded++;
}

/* Waits for the load that a change started to be shown. */
static void
wait_for_load (Fixture *f)
{
  guint seen = f->n_loaded;

  WAIT_UNTIL (f->n_loaded > seen && !ringi_attendance_page_get_loading (f->page));
}

static void
open_page (Fixture *f,
           const char *login,
           int width)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *profile = profile_of (f, login);

  f->profile = ringi_profile_open (profile, &error);
  g_assert_no_error (error);
  f->sync = ringi_sync_new (f->profile);

  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), width, 760);
  f->page = RINGI_ATTENDANCE_PAGE (ringi_attendance_page_new ());
  g_signal_connect (f->page, "loaded", G_CALLBACK (loaded_cb), f);
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->page));
  gtk_window_present (GTK_WINDOW (f->window));

  ringi_attendance_page_set_sync (f->page, f->sync);
  WAIT_UNTIL (f->n_loaded > 0 && !ringi_attendance_page_get_loading (f->page));
}

static void
store_result (GObject *source,
              GAsyncResult *result,
              gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
run_sync (Fixture *f)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  RingiSyncReport report = { 0 };

  ringi_sync_run_async (f->sync, NULL, store_result, &result);
  WAIT_UNTIL (result != NULL);
  g_assert_true (ringi_sync_run_finish (f->sync, result, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.refused, ==, 0);
}

static RingiMyDay *
my_day (Fixture *f)
{
  return RINGI_MY_DAY (find_widget (GTK_WIDGET (f->page), RINGI_TYPE_MY_DAY));
}

static RingiMyMonth *
my_month (Fixture *f)
{
  return RINGI_MY_MONTH (find_widget (GTK_WIDGET (f->page), RINGI_TYPE_MY_MONTH));
}

/* Whether the view switcher offers the manager board. */
static gboolean
team_offered (Fixture *f)
{
  AdwViewStack *stack = ADW_VIEW_STACK (find_widget (GTK_WIDGET (f->page), ADW_TYPE_VIEW_STACK));
  GtkWidget *board = find_widget (GTK_WIDGET (f->page), RINGI_TYPE_TEAM_BOARD);

  return adw_view_stack_page_get_visible (adw_view_stack_get_page (stack, board));
}

static void
punched_cb (RingiMyDay *day,
            const char *id,
            char **out_id)
{
  g_free (*out_id);
  *out_id = g_strdup (id);
}

/* Activates a My day action, gives the PIN, and waits until the page
 * shows the punch. */
static void
punch_through_page_with (Fixture *f,
                         const char *action,
                         void (*answer) (void))
{
  g_autofree char *id = NULL;
  gulong handler = g_signal_connect (my_day (f), "punched", G_CALLBACK (punched_cb), &id);
  guint seen = f->n_loaded;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (my_day (f)), action, NULL));
  answer ();
  WAIT_UNTIL (id != NULL);
  g_assert_cmpuint (strlen (id), ==, 36);
  g_signal_handler_disconnect (my_day (f), handler);
  WAIT_UNTIL (f->n_loaded > seen && !ringi_attendance_page_get_loading (f->page));
}

static void
punch_through_page (Fixture *f,
                    const char *action)
{
  punch_through_page_with (f, action, give_pin);
}

static guint
count_rows (GtkWidget *list)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (list); child != NULL; child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

static GPtrArray *
own_punches_today (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now (ringi_attendance_get_time_zone ());
  GPtrArray *punches = ringi_store_list_punches (ringi_profile_get_store (f->profile), "sato",
                                                 g_date_time_to_unix (now) - 24 * 60 * 60,
                                                 g_date_time_to_unix (now) + 60, &error);

  g_assert_no_error (error);
  return punches;
}

/* Clock in at home, a break, clock out: each through the page with the
 * PIN; the place is kept; the timeline says what waits to be sent. */
static void
test_clock_in_out (Fixture *f,
                   gconstpointer data)
{
  g_autoptr(GPtrArray) punches = NULL;
  GtkWidget *day;
  GtkWidget *timeline;

  enroll_everyone (f);
  open_page (f, "sato", 800);
  day = GTK_WIDGET (my_day (f));
  g_assert_true (has_text (day, "Not working"));
  g_assert_true (has_text (day, "No punches yet today"));
  g_assert_true (has_text (day, "Nothing recorded yet today"));

  adw_combo_row_set_selected (ADW_COMBO_ROW (find_widget (day, ADW_TYPE_COMBO_ROW)), RINGI_PUNCH_PLACE_HOME);

  /* A wrong PIN signs nothing; given up, the page is ready again. */
  g_assert_true (gtk_widget_activate_action (day, "day.clock", NULL));
  {
    RingiPinDialog *dialog = wait_for_pin_dialog ();

    g_assert_false (enter_pin (dialog, "0000"));
    ringi_test_assert_contains (ringi_pin_dialog_get_error (dialog), "does not unlock");
    g_assert_true (ringi_my_day_get_busy (my_day (f)));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "pin.cancel", NULL));
  }
  WAIT_UNTIL (!ringi_my_day_get_busy (my_day (f)));
  punches = own_punches_today (f);
  g_assert_cmpuint (punches->len, ==, 0);
  g_clear_pointer (&punches, g_ptr_array_unref);
  g_assert_true (has_text (day, "Not working"));

  /* The computer has been in use since 2 minutes before. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (ringi_store_begin_activity (ringi_profile_get_store (f->profile),
                                               g_get_real_time () / G_USEC_PER_SEC - 2 * 60, "unlock", &error));
    g_assert_no_error (error);
  }
  /* A wrong PIN, then the right one in the same dialog. */
  punch_through_page_with (f, "day.clock", give_wrong_pin_then_right);
  g_assert_true (has_text (day, "Working since"));
  g_assert_true (has_text (day, "at Home"));
  g_assert_true (has_text (day, "0:02 from your clock-in"));
  g_assert_true (has_text (day, "waiting to be sent"));
  screenshot (f->window, "attendance-my-day");

  punch_through_page_with (f, "day.break", type_pin_and_enter);
  g_assert_true (has_text (day, "On a break since"));
  /* Clocking out on a break is not offered. */
  g_assert_false (gtk_widget_get_sensitive (find_action_button (day, "day.clock")));
  punch_through_page (f, "day.break");
  g_assert_true (has_text (day, "Working since"));

  /* Sent: the server's receipt time shows. */
  run_sync (f);
  wait_for_load (f);
  g_assert_true (has_text (day, "received"));

  punch_through_page (f, "day.clock");
  g_assert_true (has_text (day, "Clocked out at"));
  timeline = find_last_widget (day, GTK_TYPE_LIST_BOX);
  g_assert_cmpuint (count_rows (timeline), ==, 4);

  punches = own_punches_today (f);
  g_assert_cmpuint (punches->len, ==, 4);
  for (guint i = 0; i < punches->len; i++)
    {
      g_autoptr(RingiPunch) punch = ringi_punch_parse (((RingiStoredPunch *) g_ptr_array_index (punches, i))->record, NULL);

      g_assert_nonnull (punch);
      g_assert_cmpint (ringi_punch_get_place (punch), ==, RINGI_PUNCH_PLACE_HOME);
    }

  /* The next time, the place used last is the one offered. */
  close_page (f);
  open_page (f, "sato", 800);
  g_assert_cmpint (ringi_my_day_get_place (my_day (f)), ==, RINGI_PUNCH_PLACE_HOME);
  g_assert_true (has_text (GTK_WIDGET (my_day (f)), "Clocked out at"));
}

/* Last month's punches, imported: two ordinary days and a long one. */
static void
import_month (Fixture *f,
              int *out_year,
              int *out_month,
              int *out_first_day)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (ringi_attendance_get_time_zone ());
  g_autoptr(GDateTime) last = g_date_time_add_months (now, -1);
  g_autoptr(GString) csv = g_string_new ("login,date,time,kind,place\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiTestRun) run = NULL;
  g_autofree char *path = g_build_filename (f->dir, "month.csv", NULL);
  int year = g_date_time_get_year (last);
  int month = g_date_time_get_month (last);
  guint n_days = 0;

  /* The first three working days of the month. */
  for (int d = 1; n_days < 3; d++)
    {
      GDate date;
      const char *end = n_days == 2 ? "20:15" : "17:15";

      g_date_set_dmy (&date, d, month, year);
      if (g_date_get_weekday (&date) >= G_DATE_SATURDAY)
        continue;
      if (n_days == 0 && out_first_day != NULL)
        *out_first_day = d;
      g_string_append_printf (csv, "sato,%04d-%02d-%02d,08:30,clock-in,%s\n", year, month, d,
                              n_days == 0 ? "office" : "home");
      g_string_append_printf (csv, "sato,%04d-%02d-%02d,12:00,break-start,home\n", year, month, d);
      g_string_append_printf (csv, "sato,%04d-%02d-%02d,13:00,break-end,home\n", year, month, d);
      g_string_append_printf (csv, "sato,%04d-%02d-%02d,%s,clock-out,home\n", year, month, d, end);
      n_days++;
    }
  g_file_set_contents (path, csv->str, -1, &error);
  g_assert_no_error (error);
  run = ringi_test_server_run ("attendance", "import", "--data", f->data, path, NULL);
  g_assert_cmpint (run->status, ==, 0);
  *out_year = year;
  *out_month = month;
}

static void
show_month (Fixture *f,
            int year,
            int month)
{
  guint seen = f->n_loaded;

  ringi_attendance_page_show_view (f->page, "month");
  ringi_my_month_set_month (my_month (f), year, month);
  WAIT_UNTIL (f->n_loaded > seen && !ringi_attendance_page_get_loading (f->page));
}

/* The month's table and totals are the timesheet's. */
static void
test_month_totals (Fixture *f,
                   gconstpointer data)
{
  g_autoptr(RingiTimesheet) sheet = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *work = NULL;
  g_autofree char *overtime = NULL;
  GtkWidget *month;
  g_autoptr(GDateTime) start = NULL;
  int year, month_number, first_day;
  RingiStore *store;

  enroll_everyone (f);
  import_month (f, &year, &month_number, &first_day);
  sync_cli (f, "sato");
  open_page (f, "sato", 1000);

  /* This computer was in use from 8:00 to 17:20 on the first day: 35
   * minutes away from the punches (8:30–17:15). */
  store = ringi_profile_get_store (f->profile);
  start = g_date_time_new (ringi_attendance_get_time_zone (), year, month_number, first_day, 8, 0, 0);
  g_assert_true (ringi_store_begin_activity (store, g_date_time_to_unix (start), "unlock", &error));
  g_assert_true (ringi_store_end_activity (store, g_date_time_to_unix (start) + 560 * 60, "lock", &error));
  g_assert_no_error (error);
  show_month (f, year, month_number);
  month = GTK_WIDGET (my_month (f));

  sheet = ringi_timesheet_compute (ringi_profile_get_store (f->profile), "sato", year, month_number, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sheet->summary.totals.days_worked, ==, 3);
  /* 7:45 a day, and 3 hours more on the third */
  g_assert_cmpuint (sheet->summary.totals.work_min, ==, 3 * 465 + 180);
  g_assert_cmpuint (sheet->summary.totals.overtime_min, ==, 180);
  g_assert_cmpuint (sheet->summary.totals.telework_days, ==, 2);

  work = ringi_attendance_format_minutes (sheet->summary.totals.work_min);
  overtime = ringi_attendance_format_minutes (sheet->summary.totals.overtime_min);
  g_assert_cmpstr (total_of (month, "Work"), ==, work);
  g_assert_cmpstr (total_of (month, "Overtime"), ==, overtime);
  g_assert_cmpstr (total_of (month, "Days worked"), ==, "3");
  g_assert_cmpstr (total_of (month, "Telework days"), ==, "2");
  g_assert_true (has_text (month, "20:15"));
  g_assert_true (has_text (month, "8:00–17:20"));
  g_assert_true (has_text (month, "0:35"));
  g_assert_true (has_text (month, "Not closed"));
  /* The caps: the month's and the fiscal year's overtime. */
  g_assert_true (has_text (month, "3:00 of 45:00"));
  g_assert_true (has_text (month, "3:00 of 360:00"));
  screenshot (f->window, "attendance-my-month");

  /* What is recorded: exactly that period. */
  g_assert_true (gtk_widget_activate_action (month, "month.show-recorded", NULL));
  g_assert_true (has_text (month, "8:00–17:20"));
  g_assert_true (has_text (month, "screen unlocked → screen locked"));
  screenshot (f->window, "attendance-what-is-recorded");
}

static void
closed_cb (RingiMyMonth *month,
           const char *id,
           char **out_id)
{
  *out_id = g_strdup (id);
}

/* Sato closes the month through the page; tanaka's board shows sato at
 * work and the month waiting for approval. */
static void
test_close_and_board (Fixture *f,
                      gconstpointer data)
{
  g_autofree char *request = NULL;
  g_autofree char *out = NULL;
  GtkWidget *board;
  int year, month;

  enroll_everyone (f);
  import_month (f, &year, &month, NULL);
  sync_cli (f, "sato");
  out = cli (f, "sato", "punch", "clock-in", "--place", "satellite", NULL);

  open_page (f, "sato", 800);
  show_month (f, year, month);
  g_signal_connect (my_month (f), "closed", G_CALLBACK (closed_cb), &request);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (my_month (f)), "month.close", NULL));
  answer_dialog ("close");
  give_pin ();
  WAIT_UNTIL (request != NULL);
  wait_for_load (f);
  g_assert_true (has_text (GTK_WIDGET (my_month (f)), "Closed, waiting to be sent"));
  run_sync (f);
  wait_for_load (f);
  g_assert_true (has_text (GTK_WIDGET (my_month (f)), "Waiting for approval"));
  close_page (f);

  sync_cli (f, "tanaka");
  open_page (f, "tanaka", 800);
  ringi_attendance_page_show_view (f->page, "team");
  board = find_widget (GTK_WIDGET (f->page), RINGI_TYPE_TEAM_BOARD);
  g_assert_true (team_offered (f));
  g_assert_true (gtk_widget_get_mapped (board));
  g_assert_true (has_text (board, "佐藤 花子"));
  g_assert_true (has_text (board, "1 day worked"));
  g_assert_true (has_text (board, "Working since"));
  g_assert_true (has_text (board, "Satellite Office"));
  g_assert_true (has_text (board, "Months Waiting for Your Approval"));
  g_assert_true (has_text (board, "勤務月報"));
  screenshot (f->window, "attendance-team-board");
}

static void
requested_cb (RingiMyMonth *month,
              const char *id,
              char **out_id)
{
  *out_id = g_strdup (id);
}

static AdwComboRow *
combo_row_titled (GtkWidget *list,
                  const char *title)
{
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_COMBO_ROW (row) && g_str_equal (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title))
      return ADW_COMBO_ROW (row);

  g_assert_not_reached ();
}

/* Fills the request form's entry rows in order; a correction replaces
 * the day's punch numbered @replaced (from 1; 0 for a missing punch).
 * Then sends it. */
static void
fill_form (const char *const *texts,
           guint replaced)
{
  AdwMessageDialog *dialog = wait_for_dialog ();
  GtkWidget *list = find_widget (GTK_WIDGET (dialog), GTK_TYPE_LIST_BOX);
  guint i = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_ENTRY_ROW (row) && texts[i] != NULL)
      gtk_editable_set_text (GTK_EDITABLE (row), texts[i++]);
  if (replaced > 0)
    {
      AdwComboRow *replaces = combo_row_titled (list, "Replaces");

      /* the day's punches were read again for the date typed */
      g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (replaces)), ==, 2);
      adw_combo_row_set_selected (replaces, replaced);
      /* the replaced punch's kind and place are where the person starts */
      g_assert_cmpuint (adw_combo_row_get_selected (combo_row_titled (list, "Punch")), ==, RINGI_PUNCH_CLOCK_IN);
      g_assert_cmpuint (adw_combo_row_get_selected (combo_row_titled (list, "Place of Work")), ==,
                        RINGI_PUNCH_PLACE_HOME);
      adw_combo_row_set_selected (combo_row_titled (list, "Place of Work"), RINGI_PUNCH_PLACE_OFFICE);
    }
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "sign"));
  adw_message_dialog_response (dialog, "sign");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static char *
request_through_page (Fixture *f,
                      const char *action,
                      const char *const *texts,
                      guint replaced)
{
  g_autofree char *request = NULL;
  gulong handler = g_signal_connect (my_month (f), "requested", G_CALLBACK (requested_cb), &request);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (my_month (f)), action, NULL));
  fill_form (texts, replaced);
  give_pin ();
  WAIT_UNTIL (request != NULL);
  g_signal_handler_disconnect (my_month (f), handler);
  return g_steal_pointer (&request);
}

/* Sato's punch of the day: the one a correction replaces. */
static RingiStoredPunch *
dup_only_punch (Fixture *f,
                const char *login,
                gint64 from)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) punches = ringi_store_list_punches (ringi_profile_get_store (f->profile), login, from,
                                                            from + 24 * 60 * 60, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (punches->len, ==, 1);
  return g_ptr_array_steal_index (punches, 0);
}

/* A correction and a leave request from My month reach the manager; the
 * approved correction replaces the punch picked in its form. */
static void
test_requests (Fixture *f,
               gconstpointer data)
{
  const char *const correction[] = { "2026-11-02", "08:30", "Clocked in at the office", NULL };
  const char *const leave[] = { "2026-12-24", "", "", NULL };
  g_autofree char *csv = g_build_filename (f->dir, "one-punch.csv", NULL);
  g_autoptr(GDateTime) day = g_date_time_new (ringi_attendance_get_time_zone (), 2026, 11, 2, 0, 0, 0);
  g_autoptr(RingiTestRun) import = NULL;
  g_autoptr(RingiStoredPunch) wrong = NULL;
  g_autoptr(RingiStoredPunch) corrected = NULL;
  g_autofree char *correction_id = NULL;
  g_autofree char *leave_id = NULL;
  g_autoptr(GPtrArray) punches = NULL;
  g_autoptr(GPtrArray) inbox = NULL;
  g_autoptr(GError) error = NULL;
  gboolean seen_correction = FALSE, seen_leave = FALSE;

  enroll_everyone (f);
  g_file_set_contents (csv, "login,date,time,kind,place\nsato,2026-11-02,08:45,clock-in,home\n", -1, &error);
  g_assert_no_error (error);
  import = ringi_test_server_run ("attendance", "import", "--data", f->data, csv, NULL);
  g_assert_cmpint (import->status, ==, 0);
  sync_cli (f, "sato");

  open_page (f, "sato", 800);
  wrong = dup_only_punch (f, "sato", g_date_time_to_unix (day));
  ringi_attendance_page_show_view (f->page, "month");
  correction_id = request_through_page (f, "month.correction", correction, 1);
  leave_id = request_through_page (f, "month.leave", leave, 0);
  run_sync (f);
  close_page (f);

  sync_cli (f, "tanaka");
  open_page (f, "tanaka", 800);
  inbox = ringi_sync_list_inbox (f->sync, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < inbox->len; i++)
    {
      RingiRequestSummary *summary = g_ptr_array_index (inbox, i);

      if (g_str_equal (summary->info->id, correction_id))
        {
          g_assert_cmpstr (summary->info->category, ==, "打刻修正");
          g_assert_cmpstr (summary->info->title, ==, "打刻修正 2026-11-02");
          seen_correction = TRUE;
        }
      if (g_str_equal (summary->info->id, leave_id))
        {
          g_assert_cmpstr (summary->info->category, ==, "休暇");
          seen_leave = TRUE;
        }
    }
  g_assert_true (seen_correction);
  g_assert_true (seen_leave);
  close_page (f);

  /* Approved, the correction's punch replaces the 08:45 one. */
  g_free (cli (f, "tanaka", "approve", correction_id, NULL));
  sync_cli (f, "tanaka");
  sync_cli (f, "sato");
  open_page (f, "sato", 800);
  punches = ringi_store_list_punches (ringi_profile_get_store (f->profile), "sato", g_date_time_to_unix (day),
                                      g_date_time_to_unix (day) + 24 * 60 * 60, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (punches->len, ==, 2);
  corrected = g_ptr_array_steal_index (punches, 0);
  g_assert_cmpstr (corrected->corrects, ==, wrong->punch);
  g_assert_cmpint (corrected->kind, ==, RINGI_PUNCH_CLOCK_IN);
  g_assert_cmpint (corrected->place, ==, RINGI_PUNCH_PLACE_OFFICE);
  g_assert_cmpint (corrected->client_time, ==, g_date_time_to_unix (day) + 8 * 3600 + 30 * 60);
}

/* Without a team, the board is not offered. */
static void
test_no_team (Fixture *f,
              gconstpointer data)
{
  enroll_everyone (f);
  open_page (f, "sato", 360);
  g_assert_false (team_offered (f));
  screenshot (f->window, "attendance-my-day-narrow");
  /* The month fits a phone: the table scrolls sideways on its own. */
  ringi_attendance_page_show_view (f->page, "month");
  screenshot (f->window, "attendance-my-month-narrow");
  g_assert_cmpint (gtk_widget_get_width (f->window), <=, 360);
}

int
main (int argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* Screenshots show the end of a change, not a fade half-way. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/ringi/attendance-page/clock-in-out", test_clock_in_out);
  ADD ("/ringi/attendance-page/month-totals", test_month_totals);
  ADD ("/ringi/attendance-page/close-and-board", test_close_and_board);
  ADD ("/ringi/attendance-page/requests", test_requests);
  ADD ("/ringi/attendance-page/no-team", test_no_team);
#undef ADD

  return g_test_run ();
}
