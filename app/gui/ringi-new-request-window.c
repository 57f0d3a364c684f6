/* ringi-new-request-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-new-request-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ringi-history.h"
#include "ringi-new-request-window.h"
#include "ringi-pdf-view.h"
#include "ringi-route-describe.h"
#include "ringi-route-editor.h"

/*
 * RingiNewRequestWindow: a new request (起案), or the next revision of one
 * that was sent back (再申請). The PDF is read once into memory; the preview
 * is made from those bytes and the same bytes are signed, so that what the
 * applicant saw is what the approvers get. Nothing typed is lost when a
 * submit fails: the window stays open with the error under the form.
 */

/* Above any yen amount a municipality approves; keeps gint64 safe. */
#define MAX_AMOUNT G_GINT64_CONSTANT (999999999999999)

struct _RingiNewRequestWindow
{
  AdwWindow parent_instance;

  AdwToastOverlay *toast_overlay;
  AdwWindowTitle *window_title;
  GtkWidget *submit_button;
  GtkWidget *spinner;
  GtkRevealer *connect_revealer;
  AdwLeaflet *leaflet;
  GtkWidget *form_box;
  AdwPreferencesGroup *document_group;
  AdwActionRow *document_row;
  GtkWidget *preview_button;
  AdwPreferencesGroup *details_group;
  AdwEntryRow *title_row;
  AdwComboRow *category_row;
  GtkStringList *category_list;
  AdwEntryRow *amount_row;
  AdwEntryRow *counterparty_row;
  GtkLabel *amount_error;
  AdwActionRow *custom_row;
  GtkSwitch *custom_switch;
  GtkListBox *template_list;
  RingiRouteEditor *route_editor;
  GtkLabel *route_message;
  GtkLabel *submit_error;
  GtkActionBar *preview_bar;
  GtkStack *preview_stack;
  RingiPdfView *pdf_view;
  AdwStatusPage *error_page;
  AdwStatusPage *password_page;
  GtkPasswordEntry *password_entry;

  RingiSync *sync;       /* nullable: no profile open yet */
  char *request_id;      /* the request resubmitted, or %NULL */
  RingiRoute *route_now; /* its route, kept unless changed */
  GHashTable *names;     /* login → name */

  /* Cancelled when the window goes, so that no late result touches it */
  GCancellable *cancellable;
  /* The document being read, replaced when another is chosen */
  GCancellable *load_cancellable;
  GFile *file;
  GBytes *bytes;
  RingiPdfDocument *document;
  gboolean protected_pdf;
  gboolean unlocking; /* the document is being opened with a password */

  char *template_route; /* the category's route for the amount, or %NULL */
  gboolean busy;
};

G_DEFINE_FINAL_TYPE (RingiNewRequestWindow, ringi_new_request_window, ADW_TYPE_WINDOW)

enum
{
  SUBMITTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void update_submit (RingiNewRequestWindow *self);

static char *
dup_display_name (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);

  return g_filename_display_name (basename ? basename : "");
}

/* `RINGI_TEST_REPORT_DRAFTS=1` makes the window say on stdout what it
 * shows, so that a test can watch `ringi FILE.pdf` run as a real
 * process. */
static void
report_for_tests (RingiNewRequestWindow *self,
                  const char *what)
{
  if (g_getenv ("RINGI_TEST_REPORT_DRAFTS") == NULL)
    return;

  g_autofree char *name = self->file ? dup_display_name (self->file) : g_strdup ("-");

  g_print ("new-request-window: %s: %s: %s\n", gtk_window_get_title (GTK_WINDOW (self)), name, what);
  fflush (stdout);
}

/* Results that arrive after the window was destroyed are dropped. */
static gboolean
is_gone (RingiNewRequestWindow *self)
{
  return self->cancellable == NULL;
}

static gboolean
is_enrolled (RingiNewRequestWindow *self)
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

static gboolean
get_amount (RingiNewRequestWindow *self,
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

  if (!get_amount (self, &amount) || amount < 0)
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
static char *
dup_category (RingiNewRequestWindow *self)
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
  g_autofree char *category = dup_category (self);
  g_autoptr(RingiRoute) route = NULL;
  gint64 amount = -1;

  g_clear_pointer (&self->template_route, g_free);
  if (is_enrolled (self) && category != NULL && get_amount (self, &amount))
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
  if (!is_enrolled (self))
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
static char *
dup_route_text (RingiNewRequestWindow *self,
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

/* Submitting */

static gboolean
can_submit (RingiNewRequestWindow *self)
{
  g_autofree char *route = NULL;
  g_autofree char *title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_row))));
  gint64 amount;

  if (self->busy || !is_enrolled (self) || self->document == NULL || self->protected_pdf)
    return FALSE;
  if (title[0] == '\0' || !get_amount (self, &amount))
    return FALSE;

  route = dup_route_text (self, NULL);
  return route != NULL;
}

static void
update_submit (RingiNewRequestWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "new-request.submit", can_submit (self));
}

static void
set_busy (RingiNewRequestWindow *self,
          gboolean busy)
{
  self->busy = busy;
  gtk_widget_set_visible (self->spinner, busy);
  gtk_widget_set_sensitive (self->form_box, !busy);
  update_submit (self);
}

static void
show_submit_error (RingiNewRequestWindow *self,
                   const char *message)
{
  gtk_label_set_label (self->submit_error, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->submit_error), message != NULL);
  if (message != NULL)
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("The request was not submitted")));
}

static void ask_pin (RingiNewRequestWindow *self,
                     const char *message);

/* Done: the request is queued (sent now, or when the server is back). */
static void
submitted (RingiNewRequestWindow *self,
           const char *id,
           GError *error)
{
  set_busy (self, FALSE);

  if (g_error_matches (error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_BAD_PASSPHRASE))
    {
      ask_pin (self, _("That PIN does not unlock your seal. Try again."));
      return;
    }
  if (error != NULL)
    {
      show_submit_error (self, error->message);
      return;
    }

  g_signal_emit (self, signals[SUBMITTED], 0, id);
  gtk_window_close (GTK_WINDOW (self));
}

static void
submit_cb (GObject *source,
           GAsyncResult *result,
           gpointer user_data)
{
  g_autoptr(RingiNewRequestWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = ringi_sync_submit_finish (RINGI_SYNC (source), result, &error);

  if (!is_gone (self))
    submitted (self, id, error);
}

static void
resubmit_cb (GObject *source,
             GAsyncResult *result,
             gpointer user_data)
{
  g_autoptr(RingiNewRequestWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  ringi_sync_act_finish (RINGI_SYNC (source), result, &error);
  if (!is_gone (self))
    submitted (self, self->request_id, error);
}

static void
start_resubmit (RingiNewRequestWindow *self,
                const char *route,
                const char *pin)
{
  RingiActionInput input = {
    .action = RINGI_ACTION_RESUBMIT,
    .request_id = self->request_id,
    .pdf = self->bytes,
    .route = route[0] != '\0' ? route : NULL,
  };

  ringi_sync_act_async (self->sync, &input, pin, self->cancellable, resubmit_cb, g_object_ref (self));
}

static void
start_submit (RingiNewRequestWindow *self,
              const char *pin)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *route = dup_route_text (self, &error);
  g_autofree char *title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_row))));
  g_autofree char *counterparty = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->counterparty_row))));
  g_autofree char *category = dup_category (self);
  RingiRequestInfo info = { 0 };

  if (route == NULL || !can_submit (self))
    {
      show_submit_error (self, error ? error->message : _("The request is not complete yet"));
      return;
    }

  show_submit_error (self, NULL);
  set_busy (self, TRUE);
  if (self->request_id != NULL)
    {
      start_resubmit (self, route, pin);
      return;
    }

  info.title = title;
  info.category = category;
  get_amount (self, &info.amount);
  info.counterparty = counterparty[0] != '\0' ? counterparty : NULL;
  ringi_sync_submit_async (self->sync, &info, self->bytes, route, pin, self->cancellable, submit_cb, g_object_ref (self));
}

/* The seal PIN */

static void
on_pin_changed (GtkEditable *entry,
                AdwMessageDialog *dialog)
{
  adw_message_dialog_set_response_enabled (dialog, "seal", gtk_editable_get_text (entry)[0] != '\0');
}

static void
on_pin_response (AdwMessageDialog *dialog,
                 const char *response,
                 RingiNewRequestWindow *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *pin = g_strdup (gtk_editable_get_text (entry));

  gtk_editable_set_text (entry, "");
  /* GTK 4.8's password entry reacts to focus changes of its window after
   * it is gone when the dialog is destroyed with the focus in it. */
  gtk_window_set_focus (GTK_WINDOW (dialog), NULL);
  if (g_str_equal (response, "seal") && pin[0] != '\0')
    start_submit (self, pin);
}

/* The PIN is asked each time and kept only for the signing. */
static void
ask_pin (RingiNewRequestWindow *self,
         const char *message)
{
  AdwMessageDialog *dialog;
  GtkWidget *entry = gtk_password_entry_new ();

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Seal the Request"),
                                                       message ? message : _("Enter your seal PIN to sign the request with your seal.")));
  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (entry), TRUE);
  g_object_set (entry, "activates-default", TRUE, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Seal PIN"), -1);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "seal", _("_Seal and Submit"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "seal", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (dialog, "seal", FALSE);
  adw_message_dialog_set_default_response (dialog, "seal");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (entry, "changed", G_CALLBACK (on_pin_changed), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_pin_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
submit_action (GtkWidget *widget,
               const char *action_name,
               GVariant *parameter)
{
  RingiNewRequestWindow *self = RINGI_NEW_REQUEST_WINDOW (widget);

  if (can_submit (self))
    ask_pin (self, NULL);
}

/* The document */

static void
show_preview_state (RingiNewRequestWindow *self,
                    const char *page,
                    const char *report)
{
  gtk_stack_set_visible_child_name (self->preview_stack, page);
  report_for_tests (self, report);
  update_submit (self);
}

/* @description is markup, as the status page takes it */
static void
show_file_error (RingiNewRequestWindow *self,
                 const char *title,
                 const char *description,
                 const char *report)
{
  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, description);
  show_preview_state (self, "error", report);
}

static void
show_document (RingiNewRequestWindow *self,
               RingiPdfDocument *document,
               gboolean with_password)
{
  int n_pages = ringi_pdf_document_get_n_pages (document);
  g_autofree char *name = dup_display_name (self->file);
  g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s — %d page", "%s — %d pages", n_pages),
                                               name, n_pages);
  g_autofree char *report = g_strdup_printf ("document %d pages", n_pages);

  g_set_object (&self->document, document);
  self->protected_pdf = with_password;
  ringi_pdf_view_set_document (self->pdf_view, document);
  adw_action_row_set_subtitle (self->document_row, subtitle);
  adw_preferences_group_set_description (self->document_group,
                                         with_password ? _("Approvers could not open a PDF protected by a password. Submit a copy without the password.")
                                                       : NULL);
  show_preview_state (self, "document", report);
}

/* What went wrong, in the words of the preview */
static void
show_document_error (RingiNewRequestWindow *self,
                     const GError *error)
{
  g_autofree char *name = dup_display_name (self->file);
  g_autofree char *description = NULL;

  if (g_error_matches (error, RINGI_PDF_ERROR, RINGI_PDF_ERROR_ENCRYPTED) ||
      g_error_matches (error, RINGI_PDF_ERROR, RINGI_PDF_ERROR_WRONG_PASSWORD))
    {
      gboolean wrong = error->code == RINGI_PDF_ERROR_WRONG_PASSWORD;

      adw_status_page_set_description (self->password_page,
                                       wrong ? _("That password does not open it. Try again.")
                                             : _("Enter its password to see it."));
      gtk_editable_set_text (GTK_EDITABLE (self->password_entry), "");
      show_preview_state (self, "password", wrong ? "error wrong-password" : "error encrypted");
      return;
    }

  if (g_error_matches (error, RINGI_PDF_ERROR, RINGI_PDF_ERROR_NOT_PDF))
    {
      description = g_markup_printf_escaped (_("“%s” is not a PDF document. Choose the PDF of the request."), name);
      show_file_error (self, _("This File Is Not a PDF"), description, "error not-pdf");
    }
  else if (g_error_matches (error, RINGI_PDF_ERROR, RINGI_PDF_ERROR_DAMAGED))
    {
      description = g_markup_printf_escaped (_("“%s” cannot be read as a PDF: it may be incomplete. Choose another copy."), name);
      show_file_error (self, _("The PDF Is Damaged"), description, "error damaged");
    }
  else
    {
      description = g_markup_escape_text (error->message, -1);
      show_file_error (self, _("The File Cannot Be Read"), description, "error read");
    }
}

static void
document_loaded_cb (GObject *source,
                    GAsyncResult *result,
                    gpointer user_data)
{
  g_autoptr(RingiNewRequestWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiPdfDocument) document = ringi_pdf_document_load_finish (result, &error);

  /* Cancelled: another file was chosen, or the window went. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || is_gone (self))
    return;

  if (document == NULL)
    show_document_error (self, error);
  else
    show_document (self, document, self->unlocking);
}

/* With a password the document is read again from its file: poppler
 * 22.12 crashes opening bytes with a wrong password. A protected PDF is
 * never submitted, so its preview need not come from the bytes read. */
static void
load_document (RingiNewRequestWindow *self,
               const char *password)
{
  self->unlocking = password != NULL;
  gtk_stack_set_visible_child_name (self->preview_stack, "loading");
  if (password != NULL)
    ringi_pdf_document_load_file_async (self->file, password, self->load_cancellable, document_loaded_cb, g_object_ref (self));
  else
    ringi_pdf_document_load_bytes_async (self->bytes, NULL, self->load_cancellable, document_loaded_cb, g_object_ref (self));
}

static void
bytes_loaded_cb (GObject *source,
                 GAsyncResult *result,
                 gpointer user_data)
{
  g_autoptr(RingiNewRequestWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_file_load_bytes_finish (G_FILE (source), result, NULL, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || is_gone (self))
    return;

  if (bytes == NULL)
    {
      g_autofree char *name = dup_display_name (self->file);
      g_autofree char *description = g_markup_printf_escaped (_("“%s” could not be read: %s"), name, error->message);

      show_file_error (self, _("The File Cannot Be Read"), description, "error read");
      return;
    }

  self->bytes = g_steal_pointer (&bytes);
  load_document (self, NULL);
}

/**
 * ringi_new_request_window_set_file:
 * @self: a #RingiNewRequestWindow
 * @pdf: the PDF of the request
 *
 * Reads @pdf and shows it; a file that is not a readable PDF is
 * explained in the preview and cannot be submitted.
 */
void
ringi_new_request_window_set_file (RingiNewRequestWindow *self,
                                   GFile *pdf)
{
  g_autofree char *name = NULL;

  g_return_if_fail (RINGI_IS_NEW_REQUEST_WINDOW (self));
  g_return_if_fail (G_IS_FILE (pdf));

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  g_set_object (&self->file, pdf);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_object (&self->document);
  self->protected_pdf = FALSE;
  ringi_pdf_view_set_document (self->pdf_view, NULL);
  adw_preferences_group_set_description (self->document_group, NULL);

  name = dup_display_name (pdf);
  adw_action_row_set_subtitle (self->document_row, name);
  adw_window_title_set_subtitle (self->window_title, name);
  show_preview_state (self, "loading", "loading");

  g_file_load_bytes_async (pdf, self->load_cancellable, bytes_loaded_cb, g_object_ref (self));
}

/**
 * ringi_new_request_window_get_file:
 * @self: a #RingiNewRequestWindow
 *
 * Returns: (transfer none) (nullable): the PDF chosen
 */
GFile *
ringi_new_request_window_get_file (RingiNewRequestWindow *self)
{
  g_return_val_if_fail (RINGI_IS_NEW_REQUEST_WINDOW (self), NULL);

  return self->file;
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

static void
unlock_action (GtkWidget *widget,
               const char *action_name,
               GVariant *parameter)
{
  RingiNewRequestWindow *self = RINGI_NEW_REQUEST_WINDOW (widget);
  g_autofree char *password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->password_entry)));

  if (self->bytes == NULL || password[0] == '\0')
    return;

  load_document (self, password);
}

static void
on_password_activate (RingiNewRequestWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "new-request.unlock", NULL);
}

static void
on_chooser_response (GtkNativeDialog *chooser,
                     int response,
                     RingiNewRequestWindow *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    ringi_new_request_window_set_file (self, file);

  g_object_unref (chooser);
}

/* Through the file chooser portal in Flatpak: no file access needed. */
static void
choose_pdf_action (GtkWidget *widget,
                   const char *action_name,
                   GVariant *parameter)
{
  RingiNewRequestWindow *self = RINGI_NEW_REQUEST_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Choose the PDF of the Request"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_suffix (filter, "pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_chooser_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* integration: the shell's enrollment page (win.enroll on the main
 * window); the window notices the enrollment when it is active again. */
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

  if (!is_enrolled (self))
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
  gboolean enrolled = is_enrolled (self);

  if (enrolled == !gtk_revealer_get_reveal_child (self->connect_revealer))
    return;

  gtk_revealer_set_reveal_child (self->connect_revealer, !enrolled);
  load_directory (self);
  update_route (self);
  update_submit (self);
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
  update_submit (self);
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
  gtk_revealer_set_reveal_child (self->connect_revealer, !is_enrolled (self));
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
  update_submit (self);
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

  if (!is_enrolled (self) || !preset_resubmit (self, &error))
    show_submit_error (self, error ? error->message : _("Connect to your organisation’s Ringi server first"));

  update_route (self);
  update_submit (self);
  return GTK_WINDOW (self);
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

  report_for_tests (RINGI_NEW_REQUEST_WINDOW (widget), "mapped");
}

static void
ringi_new_request_window_dispose (GObject *object)
{
  RingiNewRequestWindow *self = RINGI_NEW_REQUEST_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->load_cancellable);
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

  gtk_widget_class_install_action (widget_class, "new-request.submit", NULL, submit_action);
  gtk_widget_class_install_action (widget_class, "new-request.choose-pdf", NULL, choose_pdf_action);
  gtk_widget_class_install_action (widget_class, "new-request.unlock", NULL, unlock_action);
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

  g_signal_connect_swapped (self->title_row, "changed", G_CALLBACK (update_submit), self);
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
