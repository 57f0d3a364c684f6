/* ringi-new-request-window-document.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-new-request-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ringi-new-request-window-private.h"

/* The document: read once into memory, previewed from those bytes, and
 * what went wrong said in the preview. */

static void
show_preview_state (RingiNewRequestWindow *self,
                    const char *page,
                    const char *report)
{
  gtk_stack_set_visible_child_name (self->preview_stack, page);
  ringi_new_request_window_report (self, report);
  ringi_new_request_window_update_submit (self);
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
  g_autofree char *name = ringi_new_request_window_dup_file_name (self->file);
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
  g_autofree char *name = ringi_new_request_window_dup_file_name (self->file);
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
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || ringi_new_request_window_is_gone (self))
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

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || ringi_new_request_window_is_gone (self))
    return;

  if (bytes == NULL)
    {
      g_autofree char *name = ringi_new_request_window_dup_file_name (self->file);
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

  name = ringi_new_request_window_dup_file_name (pdf);
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

void
ringi_new_request_window_unlock_action (GtkWidget *widget,
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
void
ringi_new_request_window_choose_pdf_action (GtkWidget *widget,
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
