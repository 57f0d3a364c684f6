/* ringi-pdf-document-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <poppler.h>

#include "ringi-pdf-document.h"
#include "ringi-pdf-worker.h"

G_BEGIN_DECLS

/* Poppler declares these itself from 25.06 on. */
#if !POPPLER_CHECK_VERSION(25, 6, 0)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)
#endif

RingiPdfWorker *ringi_pdf_document_get_worker (RingiPdfDocument *self);
PopplerDocument *ringi_pdf_document_get_poppler (RingiPdfDocument *self);
void ringi_pdf_document_page_used (RingiPdfDocument *self);
int ringi_pdf_document_get_n_reopens (RingiPdfDocument *self);
void ringi_pdf_rect_from_poppler (RingiPdfRect *rect,
                                  const PopplerRectangle *area,
                                  double page_height);

G_END_DECLS
