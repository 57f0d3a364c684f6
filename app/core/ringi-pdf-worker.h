/* ringi-pdf-worker.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * RingiPdfPriority:
 * @RINGI_PDF_PRIORITY_URGENT: opening the document; nothing else can run
 *   before it
 * @RINGI_PDF_PRIORITY_VISIBLE: pages on screen
 * @RINGI_PDF_PRIORITY_TEXT: text search and the links of visible pages,
 *   which the user is waiting for
 * @RINGI_PDF_PRIORITY_PRELOAD: pages next to the visible ones
 * @RINGI_PDF_PRIORITY_THUMBNAIL: the thumbnails sidebar
 * @RINGI_PDF_PRIORITY_IDLE: housekeeping such as reading every page size
 *
 * The order in which the worker runs queued jobs, most urgent first. Jobs
 * of the same priority run in the order they were queued.
 */
typedef enum
{
  RINGI_PDF_PRIORITY_URGENT,
  RINGI_PDF_PRIORITY_VISIBLE,
  RINGI_PDF_PRIORITY_TEXT,
  RINGI_PDF_PRIORITY_PRELOAD,
  RINGI_PDF_PRIORITY_THUMBNAIL,
  RINGI_PDF_PRIORITY_IDLE,
} RingiPdfPriority;

#define RINGI_TYPE_PDF_WORKER (ringi_pdf_worker_get_type ())
G_DECLARE_FINAL_TYPE (RingiPdfWorker, ringi_pdf_worker, RINGI, PDF_WORKER, GObject)

RingiPdfWorker *ringi_pdf_worker_new (void);
void ringi_pdf_worker_push (RingiPdfWorker *self,
                            GTask *task,
                            RingiPdfPriority priority,
                            gconstpointer owner,
                            guint slot,
                            GTaskThreadFunc func);
void ringi_pdf_worker_raise (RingiPdfWorker *self,
                             gconstpointer owner,
                             guint slot,
                             RingiPdfPriority priority);
void ringi_pdf_worker_cancel (RingiPdfWorker *self,
                              gconstpointer owner,
                              guint slot);
guint ringi_pdf_worker_count_pending (RingiPdfWorker *self,
                                      gconstpointer owner,
                                      guint slot);
guint ringi_pdf_worker_count_queued (RingiPdfWorker *self);
void ringi_pdf_worker_set_paused (RingiPdfWorker *self,
                                  gboolean paused);

G_END_DECLS
