/* ringi-request-view-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Exports from the request view: the evidence bundle (a folder anyone can
 * check with stock gpg and sha256sum) and the stamped PDF (the latest
 * revision with the accepted seals drawn on it). The person picks where;
 * the writing runs on a worker thread.
 */

#define G_LOG_DOMAIN "ringi-request-view"

#include "config.h"

#include <glib/gi18n.h>

#include "ringi-bundle.h"
#include "ringi-request-view-private.h"
#include "ringi-stamped-pdf.h"

typedef struct
{
  char *db_path;    /* bundle: the profile's database, opened on the thread */
  char *request_id; /* bundle */
  GBytes *pdf;      /* stamped PDF: the latest revision */
  GArray *seals;    /* stamped PDF: RingiPlacedSeal */
  GPtrArray *strings;
  char *path;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_free (job->db_path);
  g_free (job->request_id);
  g_clear_pointer (&job->pdf, g_bytes_unref);
  g_clear_pointer (&job->seals, g_array_unref);
  g_clear_pointer (&job->strings, g_ptr_array_unref);
  g_free (job->path);
  g_free (job);
}

static void
bundle_thread (GTask *task,
               gpointer source_object,
               gpointer task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiStore) store = ringi_store_open (job->db_path, &error);

  if (store != NULL && ringi_bundle_export (store, job->request_id, job->path, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
stamped_pdf_thread (GTask *task,
                    gpointer source_object,
                    gpointer task_data,
                    GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autoptr(GError) error = NULL;

  if (ringi_stamped_pdf_write (job->pdf, (RingiPlacedSeal *) (gpointer) job->seals->data, job->seals->len,
                               job->path, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
run_job (RingiRequestView *self,
         ExportJob *job,
         GTaskThreadFunc thread,
         GAsyncReadyCallback callback,
         gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, callback, user_data);

  g_task_set_source_tag (task, run_job);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (task, thread);
}

/**
 * ringi_request_view_export_bundle_async:
 * @self: a view
 * @path: the bundle's folder, absent or empty
 * @callback: called when done
 * @user_data: for @callback
 *
 * Writes the evidence bundle on a worker thread.
 */
void
ringi_request_view_export_bundle_async (RingiRequestView *self,
                                        const char *path,
                                        GAsyncReadyCallback callback,
                                        gpointer user_data)
{
  ExportJob *job;

  g_return_if_fail (RINGI_IS_REQUEST_VIEW (self));
  g_return_if_fail (path != NULL);

  job = g_new0 (ExportJob, 1);
  job->db_path = g_build_filename (ringi_profile_get_dir (ringi_sync_get_profile (self->sync)), "profile.db", NULL);
  job->request_id = g_strdup (self->request_id);
  job->path = g_strdup (path);
  run_job (self, job, bundle_thread, callback, user_data);
}

/**
 * ringi_request_view_export_stamped_pdf_async:
 * @self: a view showing a request
 * @path: the PDF file to write
 * @callback: called when done
 * @user_data: for @callback
 *
 * Writes the latest revision with the accepted seals on it, on a worker
 * thread.
 */
void
ringi_request_view_export_stamped_pdf_async (RingiRequestView *self,
                                             const char *path,
                                             GAsyncReadyCallback callback,
                                             gpointer user_data)
{
  ExportJob *job;

  g_return_if_fail (RINGI_IS_REQUEST_VIEW (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (self->data != NULL);

  job = g_new0 (ExportJob, 1);
  job->strings = g_ptr_array_new_with_free_func (g_free);
  job->seals = ringi_request_data_dup_placed_seals (self->data, job->strings);
  job->pdf = g_bytes_ref (self->data->pdf);
  job->path = g_strdup (path);
  run_job (self, job, stamped_pdf_thread, callback, user_data);
}

/**
 * ringi_request_view_export_finish:
 * @self: a view
 * @result: the result of either export
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the export was written
 */
gboolean
ringi_request_view_export_finish (RingiRequestView *self,
                                  GAsyncResult *result,
                                  GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
exported_cb (GObject *source,
             GAsyncResult *result,
             gpointer user_data)
{
  RingiRequestView *self = RINGI_REQUEST_VIEW (source);
  const char *done = user_data;
  g_autoptr(GError) error = NULL;

  if (ringi_request_view_export_finish (self, result, &error))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (done));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    ringi_request_view_show_error_dialog (self, _("Could Not Export"), error->message);
}

/* A file name from the title, without what file systems refuse */
static char *
dup_suggested_name (RingiRequestView *self,
                    const char *suffix)
{
  g_autofree char *base = g_strdup (self->title != NULL ? self->title : self->request_id);

  g_strdelimit (base, "/\\:*?\"<>|", '_');
  return g_strconcat (base, suffix, NULL);
}

static void
on_chooser_response (GtkNativeDialog *chooser,
                     int response,
                     RingiRequestView *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  gboolean bundle = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "ringi-bundle"));

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    path = g_file_get_path (file);

  if (path == NULL)
    ;
  else if (bundle)
    ringi_request_view_export_bundle_async (self, path, exported_cb, _("Evidence bundle exported"));
  else
    ringi_request_view_export_stamped_pdf_async (self, path, exported_cb, _("Stamped PDF exported"));

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
choose_target (RingiRequestView *self,
               gboolean bundle)
{
  GtkWindow *parent = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
  g_autofree char *name = dup_suggested_name (self, bundle ? _("-evidence") : _("-stamped.pdf"));
  GtkFileChooserNative *chooser =
    gtk_file_chooser_native_new (bundle ? _("Export Evidence Bundle") : _("Export Stamped PDF"),
                                 parent, GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));

  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data (G_OBJECT (chooser), "ringi-bundle", GINT_TO_POINTER (bundle));
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_bundle_action (GtkWidget *widget,
                      const char *action_name,
                      GVariant *parameter)
{
  choose_target (RINGI_REQUEST_VIEW (widget), TRUE);
}

static void
export_pdf_action (GtkWidget *widget,
                   const char *action_name,
                   GVariant *parameter)
{
  RingiRequestView *self = RINGI_REQUEST_VIEW (widget);

  if (self->data != NULL)
    choose_target (self, FALSE);
}

void
ringi_request_view_class_init_export (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "request.export-bundle", NULL, export_bundle_action);
  gtk_widget_class_install_action (widget_class, "request.export-pdf", NULL, export_pdf_action);
}
