/* ringi-sync-correction.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ringi-pdf-document.h"
#include "ringi-sync-private.h"
#include "ringi-text.h"

/* What a correction request (打刻修正申請) adds, and whether its document
 * says so. The approvers see only the PDF, which the applicant's client
 * drew; the request carries the punch the approval adds. A modified
 * client could draw a harmless punch and carry another one, so each
 * reader's client looks for the carried punch's uuid and sha256 in the
 * text of the latest revision (poppler, on the document's own worker),
 * white space left out, before anyone may approve. The server never
 * parses PDFs. */

/**
 * ringi_correction_free:
 * @correction: (nullable): a #RingiCorrection
 */
void
ringi_correction_free (RingiCorrection *correction)
{
  if (correction == NULL)
    return;

  g_free (correction->uuid);
  g_free (correction->sha256);
  g_clear_pointer (&correction->punch, ringi_punch_unref);
  g_free (correction->note);
  g_free (correction);
}

typedef struct
{
  RingiCorrection *correction;
  RingiPdfDocument *document;
} ReadData;

static void
read_data_free (ReadData *data)
{
  g_clear_pointer (&data->correction, ringi_correction_free);
  g_clear_object (&data->document);
  g_free (data);
}

static void
return_correction (GTask *task,
                   gboolean shown)
{
  ReadData *data = g_task_get_task_data (task);

  data->correction->shown = shown;
  g_task_return_pointer (task, g_steal_pointer (&data->correction), (GDestroyNotify) ringi_correction_free);
}

static void
text_cb (GObject *source,
         GAsyncResult *result,
         gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  ReadData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = ringi_pdf_document_get_text_finish (RINGI_PDF_DOCUMENT (source), result, &error);
  const char *words[] = { data->correction->sha256, data->correction->uuid, NULL };

  if (text == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  return_correction (task, ringi_text_contains_unwrapped (text, words));
}

static void
loaded_cb (GObject *source,
           GAsyncResult *result,
           gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  ReadData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  data->document = ringi_pdf_document_load_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* A document poppler cannot open shows nothing. */
  if (data->document == NULL)
    {
      g_debug ("The correction's document does not open: %s", error->message);
      return_correction (task, FALSE);
      return;
    }

  ringi_pdf_document_get_text_async (data->document, g_task_get_cancellable (task), text_cb, g_object_ref (task));
}

static RingiCorrection *
read_stored (RingiStore *store,
             const char *request_id,
             GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(RingiStoredPunch) stored = ringi_store_get_correction (store, request_id, &local_error);
  RingiCorrection *correction;

  if (stored == NULL)
    {
      if (g_error_matches (local_error, RINGI_STORE_ERROR, RINGI_STORE_ERROR_NOT_FOUND))
        g_set_error (error, RINGI_SYNC_ERROR, RINGI_SYNC_ERROR_NOT_SHOWN,
                     _("This correction request carries no punch here, so what its approval adds cannot be checked: sync, or send it back"));
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  /* Read again from the bytes: the columns may say otherwise. */
  correction = g_new0 (RingiCorrection, 1);
  correction->sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, stored->record);
  correction->punch = ringi_punch_parse (stored->record, NULL);
  correction->uuid = g_strdup (correction->punch ? ringi_punch_get_punch (correction->punch) : stored->punch);
  correction->note = g_strdup (stored->note);
  return correction;
}

/**
 * ringi_sync_read_correction_async:
 * @self: a #RingiSync
 * @request_id: a correction request (打刻修正申請)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * Reads the punch the request carries, as kept here, and looks for its
 * uuid and the sha256 of its record in the text of the request's latest
 * revision (pending ones included): the approvers' stamps sign that
 * document, so it must name exactly the punch the approval adds. The
 * store is read here; poppler runs on the document's worker thread.
 */
void
ringi_sync_read_correction_async (RingiSync *self,
                                  const char *request_id,
                                  GCancellable *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer user_data)
{
  RingiOutbox *outbox;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  ReadData *data;
  guint n_revisions;

  g_return_if_fail (RINGI_IS_SYNC (self));
  g_return_if_fail (request_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ringi_sync_read_correction_async);
  data = g_new0 (ReadData, 1);
  g_task_set_task_data (task, data, (GDestroyNotify) read_data_free);

  outbox = ringi_profile_get_outbox (self->profile);
  data->correction = read_stored (ringi_profile_get_store (self->profile), request_id, &error);
  if (data->correction != NULL)
    {
      n_revisions = ringi_outbox_get_n_revisions (outbox, request_id, &error);
      if (error == NULL)
        pdf = ringi_outbox_get_revision (outbox, request_id, n_revisions, &error);
    }
  if (pdf == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  ringi_pdf_document_load_bytes_async (pdf, NULL, cancellable, loaded_cb, g_steal_pointer (&task));
}

/**
 * ringi_sync_read_correction_finish:
 * @self: a #RingiSync
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the punch the request adds and whether its
 *   document shows it, or %NULL with @error set
 *   (%RINGI_SYNC_ERROR_NOT_SHOWN when the request carries no punch here)
 */
RingiCorrection *
ringi_sync_read_correction_finish (RingiSync *self,
                                   GAsyncResult *result,
                                   GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
