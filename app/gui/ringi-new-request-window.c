/* ringi-new-request-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-new-request-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ringi-history.h"
#include "ringi-new-request-window-private.h"
#include "ringi-route-describe.h"

/*
 * RingiNewRequestWindow: a new request (起案), or the next revision of one
 * that was sent back (再申請). The PDF is read once into memory; the preview
 * is made from those bytes and the same bytes are signed, so that what the
 * applicant saw is what the approvers get. Nothing typed is lost when a
 * submit fails: the window stays open with the error under the form.
 *
 * This file has the form and the route; ringi-new-request-window-document.c
 * reads and previews the PDF, ringi-new-request-window-submit.c asks for
 * the seal PIN and hands the request to the sync engine.
 */

/* Above any yen amount a municipality approves; keeps gint64 safe. */
#define MAX_AMOUNT G_GINT64_CONSTANT (999999999999999)

G_DEFINE_FINAL_TYPE (RingiNewRequestWindow, ringi_new_request_window, ADW_TYPE_WINDOW)

enum
{
  SUBMITTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

char *
ringi_new_request_window_dup_file_name (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);

  return g_filename_display_name (basename ? basename : "");
}

/* `RINGI_TEST_REPORT_DRAFTS=1` makes the window say on stdout what it
 * shows, so that a test can watch `ringi FILE.pdf` run as a real
 * process. */
void
ringi_new_request_window_report (RingiNewRequestWindow *self,
                                 const char *what)
{
  g_autofree char *name = NULL;

  if (g_getenv ("RINGI_TEST_REPORT_DRAFTS") == NULL)
    return;

  name = self->file ? ringi_new_request_window_dup_file_name (self->file) : g_strdup ("-");
  g_print ("new-request-window: %s: %s: %s\n", gtk_window_get_title (GTK_WINDOW (self)), name, what);
  fflush (stdout);
}

/* The request is queued: say so, and go. */
void
ringi_new_request_window_finish (RingiNewRequestWindow *self,
                                 const char *request_id)
{
  g_signal_emit (self, signals[SUBMITTED], 0, request_id);
  gtk_window_close (GTK_WINDOW (self));
}

/* Results that arrive after the window was destroyed are dropped. */
gboolean
ringi_new_request_window_is_gone (RingiNewRequestWindow *self)
{
  return self->cancellable == NULL;
}

gboolean
ringi_new_request_window_is_enrolled (RingiNewRequestWindow *self)
{
  return self->sync != NULL && ringi_profile_is_enrolled (ringi_sync_get_profile (self->sync));
}

static RingiStore *
get_store (RingiNewRequestWindow *self)
{
  return ringi_profile_get_store (ringi_sync_get_profile (self->sync));
}

/* Amounts */

/* Whole yen, written as people write them: ASCII or full-width digits,
 * commas between. Empty is no amount (-1). */
static gboolean
parse_amount (const char *text,
              gint64 *amount,
              const char **message)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  gboolean seen_digit = FALSE;
  gint64 value = 0;

  *amount = -1;
  if (trimmed[0] == '\0')
    return TRUE;

  for (const char *p = trimmed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      int digit = g_unichar_digit_value (c);

      if (digit >= 0 && value > (MAX_AMOUNT - digit) / 10)
        {
          *message = _("The amount is too large");
          return FALSE;
        }
      if (digit >= 0)
        {
          value = value * 10 + digit;
          seen_digit = TRUE;
        }
      else if ((c == ',' || c == 0xFF0C) && seen_digit)
        continue;
      else if (p == trimmed && (c == '-' || c == 0x2212 || c == 0xFF0D))
        {
          *message = _("The amount cannot be negative");
          return FALSE;
        }
      else
        {
          *message = _("Write the amount as a whole number of yen, for example 52,000");
          return FALSE;
        }
    }

  *amount = value;
  return TRUE;
}

static char *
format_amount (gint64 amount)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, amount);
  GString *text = g_string_new (NULL);
  gsize n = strlen (digits);

  for (gsize i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append_c (text, ',');
      g_string_append_c (text, digits[i]);
    }

  return g_string_free (text, FALSE);
}

gboolean
ringi_new_request_window_get_amount (RingiNewRequestWindow *self,
                                     gint64 *amount)
{
  const char *message;

  return parse_amount (gtk_editable_get_text (GTK_EDITABLE (self->amount_row)), amount, &message);
}

/* Shows the amount with thousands separators once it is typed. */
static void
reformat_amount (RingiNewRequestWindow *self)
{
  g_autofree char *text = NULL;
  gint64 amount;

  if (!ringi_new_request_window_get_amount (self, &amount) || amount < 0)
    return;

  text = format_amount (amount);
  if (g_strcmp0 (text, gtk_editable_get_text (GTK_EDITABLE (self->amount_row))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->amount_row), text);
}

static void
update_amount_error (RingiNewRequestWindow *self)
{
  const char *message = NULL;
  gint64 amount;
  gboolean ok = parse_amount (gtk_editable_get_text (GTK_EDITABLE (self->amount_row)), &amount, &message);

  gtk_label_set_label (self->amount_error, ok ? "" : message);
  gtk_widget_set_visible (GTK_WIDGET (self->amount_error), !ok);
  if (ok)
    gtk_widget_remove_css_class (GTK_WIDGET (self->amount_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->amount_row), "error");
}

/* The route */

/* The first choice is “None”: a request may have no category. */
char *
ringi_new_request_window_dup_category (RingiNewRequestWindow *self)
{
  GtkStringObject *item = adw_combo_row_get_selected_item (self->category_row);

  if (item == NULL || adw_combo_row_get_selected (self->category_row) == 0)
    return NULL;

  return g_strdup (gtk_string_object_get_string (item));
}

static void
show_route (RingiNewRequestWindow *self,
            const RingiRoute *route)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->template_list))) != NULL)
    gtk_list_box_remove (self->template_list, child);

  for (guint number = 1; route != NULL && number <= ringi_route_get_n_steps (route); number++)
    {
      const RingiRouteStep *step = ringi_route_get_step (route, number);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *title = ringi_route_describe_step (step, number);
      g_autofree char *people = ringi_route_describe_people (step, self->names);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), people);
      gtk_list_box_append (self->template_list, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->template_list), route != NULL);
}

static void
show_route_message (RingiNewRequestWindow *self,
                    const char *message)
{
  gtk_label_set_label (self->route_message, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->route_message), message != NULL);
}

/* The category's route for the amount, from the directory's templates */
static void
find_template (RingiNewRequestWindow *self)
{
  g_autofree char *category = ringi_new_request_window_dup_category (self);
  g_autoptr(RingiRoute) route = NULL;
  gint64 amount = -1;

  g_clear_pointer (&self->template_route, g_free);
  if (ringi_new_request_window_is_enrolled (self) && category != NULL && ringi_new_request_window_get_amount (self, &amount))
    self->template_route = ringi_store_find_route_template (get_store (self), category, MAX (amount, 0), NULL);
  if (self->template_route != NULL)
    route = ringi_route_parse (self->template_route, NULL);

  if (gtk_switch_get_active (self->custom_switch))
    {
      show_route (self, NULL);
      show_route_message (self, NULL);
      return;
    }

  show_route (self, route);
  if (!ringi_new_request_window_is_enrolled (self))
    show_route_message (self, _("The route comes from your organisation’s directory once you are connected."));
  else if (category == NULL)
    show_route_message (self, _("Choose a category to see its route, or choose the people yourself."));
  else if (route == NULL)
    show_route_message (self, _("There is no route for this category and amount: choose the people yourself."));
  else
    show_route_message (self, NULL);
}

/* The resubmitted request keeps its route unless the applicant changes
 * it. */
static void
show_route_now (RingiNewRequestWindow *self)
{
  gboolean custom = gtk_switch_get_active (self->custom_switch);

  show_route (self, custom ? NULL : self->route_now);
  show_route_message (self, NULL);
}

static void
update_route (RingiNewRequestWindow *self)
{
  if (self->request_id != NULL)
    show_route_now (self);
  else
    find_template (self);
}

/* The route to sign: %NULL with @error when there is none yet. For a
 * resubmit that keeps its route, "" (the core keeps it when given none). */
char *
ringi_new_request_window_dup_route_text (RingiNewRequestWindow *self,
                                         GError **error)
{
  if (gtk_switch_get_active (self->custom_switch))
    return ringi_route_editor_dup_text (self->route_editor, error);
  if (self->request_id != NULL && self->route_now != NULL)
    return g_strdup ("");
  if (self->request_id == NULL && self->template_route != NULL)
    return g_strdup (self->template_route);

  g_set_error_literal (error, RINGI_ROUTE_ERROR, RINGI_ROUTE_ERROR_INVALID, _("The request has no route yet"));
  return NULL;
}

/* Connecting is the main window's enrollment page (win.enroll); this
 * window notices the enrollment when it is active again. */
static void
connect_action (GtkWidget *widget,
                const char *action_name,
                GVariant *parameter)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (widget));

  if (parent == NULL || !gtk_widget_activate_action (GTK_WIDGET (parent), "win.enroll", NULL))
    adw_toast_overlay_add_toast (RINGI_NEW_REQUEST_WINDOW (widget)->toast_overlay,
                                 adw_toast_new (_("Connect from Ringi’s main window")));
}

static void
show_page_action (GtkWidget *widget,
                  const char *action_name,
                  GVariant *parameter)
{
  RingiNewRequestWindow *self = RINGI_NEW_REQUEST_WINDOW (widget);
  gboolean preview = g_str_equal (action_name, "new-request.show-preview");

  adw_leaflet_set_visible_child_name (self->leaflet, preview ? "preview" : "form");
}

/* The directory */

static void
fill_categories (RingiNewRequestWindow *self,
                 GPtrArray *templates)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->category_list));

  gtk_string_list_splice (self->category_list, 0, n, NULL);
  /* Translators: no category chosen for a request */
  gtk_string_list_append (self->category_list, C_("category", "None"));
  for (guint i = 0; templates != NULL && i < templates->len; i++)
    {
      const RingiStoredRouteTemplate *template = g_ptr_array_index (templates, i);

      if (g_hash_table_add (seen, template->category))
        gtk_string_list_append (self->category_list, template->category);
    }

  adw_combo_row_set_selected (self->category_row, 0);
}

/* Small local reads of the profile: the people and the route templates. */
static void
load_directory (RingiNewRequestWindow *self)
{
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GPtrArray) templates = NULL;

  if (!ringi_new_request_window_is_enrolled (self))
    {
      if (self->request_id == NULL)
        fill_categories (self, NULL);
      return;
    }

  users = ringi_store_list_users (get_store (self), NULL);
  if (users != NULL)
    {
      g_hash_table_unref (self->names);
      self->names = ringi_route_names_new (users);
      ringi_route_editor_set_directory (self->route_editor, users);
    }

  if (self->request_id == NULL)
    {
      templates = ringi_store_list_route_templates (get_store (self), NULL);
      fill_categories (self, templates);
    }
}

static void
update_connection (RingiNewRequestWindow *self)
{
  gboolean enrolled = ringi_new_request_window_is_enrolled (self);

  if (enrolled == !gtk_revealer_get_reveal_child (self->connect_revealer))
    return;

  gtk_revealer_set_reveal_child (self->connect_revealer, !enrolled);
  load_directory (self);
  update_route (self);
  ringi_new_request_window_update_submit (self);
}

static void
on_active (GtkWindow *window,
           GParamSpec *pspec,
           RingiNewRequestWindow *self)
{
  if (gtk_window_is_active (window))
    update_connection (self);
}

/* Form changes */

static void
on_form_changed (RingiNewRequestWindow *self)
{
  update_amount_error (self);
  update_route (self);
  ringi_new_request_window_update_submit (self);
}

static void
on_custom_toggled (RingiNewRequestWindow *self)
{
  g_autoptr(RingiRoute) template = NULL;

  /* Start from the usual route, to adapt it rather than begin again. */
  if (gtk_switch_get_active (self->custom_switch) && self->request_id == NULL &&
      ringi_route_editor_get_n_steps (self->route_editor) == 0 && self->template_route != NULL &&
      (template = ringi_route_parse (self->template_route, NULL)) != NULL)
    ringi_route_editor_set_route (self->route_editor, template);

  on_form_changed (self);
}

static void
on_amount_leave (GtkEventControllerFocus *controller,
                 RingiNewRequestWindow *self)
{
  reformat_amount (self);
}

static void
on_password_activate (RingiNewRequestWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "new-request.unlock", NULL);
}

static void
on_folded (AdwLeaflet *leaflet,
           GParamSpec *pspec,
           RingiNewRequestWindow *self)
{
  gboolean folded = adw_leaflet_get_folded (leaflet);

  gtk_widget_set_visible (self->preview_button, folded);
  gtk_action_bar_set_revealed (self->preview_bar, folded);
}

/* Construction */

static RingiNewRequestWindow *
window_new (GtkWindow *parent,
            RingiSync *sync)
{
  RingiNewRequestWindow *self = g_object_new (RINGI_TYPE_NEW_REQUEST_WINDOW,
                                              "transient-for", parent,
                                              "application", parent ? gtk_window_get_application (parent) : NULL,
                                              NULL);

  g_set_object (&self->sync, sync);
  gtk_revealer_set_reveal_child (self->connect_revealer, !ringi_new_request_window_is_enrolled (self));
  return self;
}

/**
 * ringi_new_request_window_new:
 * @parent: (nullable): the main window
 * @sync: (nullable): the profile's sync engine; %NULL before a profile is
 *   open, when the draft can be prepared but not submitted
 * @pdf: (nullable): the PDF to start with
 *
 * A new request (起案). #RingiNewRequestWindow::submitted tells when it is
 * queued; the window then closes.
 *
 * Returns: (transfer none): the window, not shown yet
 */
GtkWindow *
ringi_new_request_window_new (GtkWindow *parent,
                              RingiSync *sync,
                              GFile *pdf)
{
  RingiNewRequestWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (sync == NULL || RINGI_IS_SYNC (sync), NULL);
  g_return_val_if_fail (pdf == NULL || G_IS_FILE (pdf), NULL);

  self = window_new (parent, sync);
  load_directory (self);
  update_route (self);
  ringi_new_request_window_update_submit (self);
  if (pdf != NULL)
    ringi_new_request_window_set_file (self, pdf);

  return GTK_WINDOW (self);
}

/* The request as it stands here: what it is about and its route */
static gboolean
preset_resubmit (RingiNewRequestWindow *self,
                 GError **error)
{
  RingiProfile *profile = ringi_sync_get_profile (self->sync);
  g_autoptr(RingiRequestInfo) info = NULL;
  g_autoptr(GPtrArray) chain = NULL;
  g_autoptr(RingiWorkflow) workflow = NULL;
  g_autofree char *amount = NULL;

  if ((info = ringi_store_get_request (get_store (self), self->request_id, error)) == NULL ||
      (chain = ringi_outbox_list_chain (ringi_profile_get_outbox (profile), self->request_id, error)) == NULL ||
      (workflow = ringi_history_replay (chain, error)) == NULL)
    return FALSE;

  gtk_editable_set_text (GTK_EDITABLE (self->title_row), info->title);
  gtk_string_list_append (self->category_list, C_("category", "None"));
  if (info->category != NULL)
    gtk_string_list_append (self->category_list, info->category);
  adw_combo_row_set_selected (self->category_row, info->category ? 1 : 0);
  amount = info->amount >= 0 ? format_amount (info->amount) : g_strdup ("");
  gtk_editable_set_text (GTK_EDITABLE (self->amount_row), amount);
  gtk_editable_set_text (GTK_EDITABLE (self->counterparty_row), info->counterparty ? info->counterparty : "");

  if (ringi_workflow_get_route (workflow) != NULL)
    {
      self->route_now = ringi_route_ref (ringi_workflow_get_route (workflow));
      ringi_route_editor_set_route (self->route_editor, self->route_now);
    }

  return TRUE;
}

/**
 * ringi_new_request_window_new_resubmit:
 * @parent: (nullable): the main window
 * @sync: the profile's sync engine
 * @request_id: a request sent back or withdrawn
 *
 * The next revision of @request_id (再申請): a new PDF, the same route or
 * another. What the request is about stays as it was.
 *
 * Returns: (transfer none): the window, not shown yet
 */
GtkWindow *
ringi_new_request_window_new_resubmit (GtkWindow *parent,
                                       RingiSync *sync,
                                       const char *request_id)
{
  RingiNewRequestWindow *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (RINGI_IS_SYNC (sync), NULL);
  g_return_val_if_fail (request_id != NULL, NULL);

  self = window_new (parent, sync);
  self->request_id = g_strdup (request_id);
  load_directory (self);
  gtk_window_set_title (GTK_WINDOW (self), _("Resubmit Request"));
  adw_window_title_set_title (self->window_title, _("Resubmit Request"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->details_group), FALSE);
  adw_preferences_group_set_description (self->details_group, _("These stay as they were first submitted."));
  adw_action_row_set_subtitle (self->document_row, _("Choose the revised PDF"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->custom_row), _("Change the Route"));
  adw_action_row_set_subtitle (self->custom_row, _("Otherwise the request keeps its route"));

  if (!ringi_new_request_window_is_enrolled (self) || !preset_resubmit (self, &error))
    ringi_new_request_window_show_submit_error (self, error ? error->message : _("Connect to your organisation’s Ringi server first"));

  update_route (self);
  ringi_new_request_window_update_submit (self);
  return GTK_WINDOW (self);
}

/**
 * ringi_new_request_window_get_request_id:
 * @self: a #RingiNewRequestWindow
 *
 * Returns: (nullable): the request being resubmitted, or %NULL for a new one
 */
const char *
ringi_new_request_window_get_request_id (RingiNewRequestWindow *self)
{
  g_return_val_if_fail (RINGI_IS_NEW_REQUEST_WINDOW (self), NULL);

  return self->request_id;
}

/* While the seal is being pressed the window stays: closing it would
 * leave the applicant not knowing whether the request went. */
static gboolean
ringi_new_request_window_close_request (GtkWindow *window)
{
  RingiNewRequestWindow *self = RINGI_NEW_REQUEST_WINDOW (window);

  if (self->busy)
    return TRUE;

  return GTK_WINDOW_CLASS (ringi_new_request_window_parent_class)->close_request (window);
}

static void
ringi_new_request_window_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ringi_new_request_window_parent_class)->map (widget);

  ringi_new_request_window_report (RINGI_NEW_REQUEST_WINDOW (widget), "mapped");
}

static void
ringi_new_request_window_dispose (GObject *object)
{
  RingiNewRequestWindow *self = RINGI_NEW_REQUEST_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->load_cancellable);
  if (self->pin_dialog != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->pin_dialog, self);
      gtk_window_destroy (GTK_WINDOW (self->pin_dialog));
    }
  g_clear_weak_pointer (&self->pin_dialog);
  g_clear_object (&self->sync);
  g_clear_object (&self->file);
  g_clear_object (&self->document);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->route_now, ringi_route_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), RINGI_TYPE_NEW_REQUEST_WINDOW);

  G_OBJECT_CLASS (ringi_new_request_window_parent_class)->dispose (object);
}

static void
ringi_new_request_window_finalize (GObject *object)
{
  RingiNewRequestWindow *self = RINGI_NEW_REQUEST_WINDOW (object);

  g_free (self->request_id);
  g_free (self->template_route);
  g_hash_table_unref (self->names);

  G_OBJECT_CLASS (ringi_new_request_window_parent_class)->finalize (object);
}

static void
ringi_new_request_window_class_init (RingiNewRequestWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ringi_new_request_window_dispose;
  object_class->finalize = ringi_new_request_window_finalize;
  widget_class->map = ringi_new_request_window_map;
  window_class->close_request = ringi_new_request_window_close_request;

  /**
   * RingiNewRequestWindow::submitted:
   * @self: the window
   * @request_id: the request, new or resubmitted
   *
   * The request is signed and queued; the sync engine sends it now, or
   * when the server can be reached.
   */
  signals[SUBMITTED] = g_signal_new ("submitted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (RINGI_TYPE_PDF_VIEW);
  g_type_ensure (RINGI_TYPE_ROUTE_EDITOR);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ringi-new-request-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RingiNewRequestWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RingiNewRequestWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, RingiNewRequestWindow, submit_button);
  gtk_widget_class_bind_template_child (widget_class, RingiNewRequestWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, RingiNewRequestWindow, connect_revealer);
  gtk_widget_class_bind_template_child (widget_class, RingiNewRequestWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, RingiNewRequestWindow, form_box);
  gtk_widget_class_bind_template_child (widget_class, RingiNewRequestWindow, document_group);
  gtk_widget_class_bind_template_child (widget_class, RingiNewRequestWindow, document_row);
  gtk_widget_class_bind_template_child (widget_class, RingiNewRequestWindow, preview_button);
  gtk_widget_class_bind_template_child (widget_class, RingiNewRequestWindow, details_group);
  gtk_widget_class_bind_template_child (widget_class, RingiNewRequestWindow, title_row);
  gtk_widget_class_bind_template_child (widget_class, RingiNewRequestWindow, category_row);
  gtk_widget_class_bind_template_child (widget_class, RingiNewRequestWindow, category_list);
  gtk_widget_class_bind_template_child (widget_class, RingiNewRequestWindow, amount_row);
  gtk_widget_class_bind_template_child (widget_class, RingiNewRequestWindow, counterparty_row);
  gtk_widget_class_bind_template_child (widget_class, RingiNewRequestWindow, amount_error);
  gtk_widget_class_bind_template_child (widget_class, RingiNewRequestWindow, custom_row);
  gtk_widget_class_bind_template_child (widget_class, RingiNewRequestWindow, custom_switch);
  gtk_widget_class_bind_template_child (widget_class, RingiNewRequestWindow, template_list);
  gtk_widget_class_bind_template_child (widget_class, RingiNewRequestWindow, route_editor);
  gtk_widget_class_bind_template_child (widget_class, RingiNewRequestWindow, route_message);
  gtk_widget_class_bind_template_child (widget_class, RingiNewRequestWindow, submit_error);
  gtk_widget_class_bind_template_child (widget_class, RingiNewRequestWindow, preview_bar);
  gtk_widget_class_bind_template_child (widget_class, RingiNewRequestWindow, preview_stack);
  gtk_widget_class_bind_template_child (widget_class, RingiNewRequestWindow, pdf_view);
  gtk_widget_class_bind_template_child (widget_class, RingiNewRequestWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, RingiNewRequestWindow, password_page);
  gtk_widget_class_bind_template_child (widget_class, RingiNewRequestWindow, password_entry);

  gtk_widget_class_install_action (widget_class, "new-request.submit", NULL, ringi_new_request_window_submit_action);
  gtk_widget_class_install_action (widget_class, "new-request.choose-pdf", NULL, ringi_new_request_window_choose_pdf_action);
  gtk_widget_class_install_action (widget_class, "new-request.unlock", NULL, ringi_new_request_window_unlock_action);
  gtk_widget_class_install_action (widget_class, "new-request.connect", NULL, connect_action);
  gtk_widget_class_install_action (widget_class, "new-request.show-preview", NULL, show_page_action);
  gtk_widget_class_install_action (widget_class, "new-request.show-form", NULL, show_page_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "new-request.choose-pdf", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "new-request.submit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ringi_new_request_window_init (RingiNewRequestWindow *self)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  self->cancellable = g_cancellable_new ();
  self->load_cancellable = g_cancellable_new ();
  self->names = g_hash_table_new (g_str_hash, g_str_equal);

  gtk_widget_init_template (GTK_WIDGET (self));

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  g_signal_connect_swapped (self->title_row, "changed", G_CALLBACK (ringi_new_request_window_update_submit), self);
  g_signal_connect_swapped (self->amount_row, "changed", G_CALLBACK (on_form_changed), self);
  g_signal_connect_swapped (self->amount_row, "entry-activated", G_CALLBACK (reformat_amount), self);
  g_signal_connect_swapped (self->category_row, "notify::selected", G_CALLBACK (on_form_changed), self);
  g_signal_connect_swapped (self->custom_switch, "notify::active", G_CALLBACK (on_custom_toggled), self);
  g_signal_connect_swapped (self->route_editor, "changed", G_CALLBACK (on_form_changed), self);
  g_signal_connect_swapped (self->password_entry, "activate", G_CALLBACK (on_password_activate), self);
  g_signal_connect (self->leaflet, "notify::folded", G_CALLBACK (on_folded), self);
  g_signal_connect (self, "notify::is-active", G_CALLBACK (on_active), self);

  g_signal_connect (focus, "leave", G_CALLBACK (on_amount_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self->amount_row), focus);

  ringi_pdf_view_set_zoom_mode (self->pdf_view, RINGI_PDF_ZOOM_FIT_WIDTH);
  on_folded (self->leaflet, NULL, self);
}
