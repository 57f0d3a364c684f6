/* ringi-pdf-renderer.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "ringi-pdf-document.h"
#include "ringi-pdf-worker.h"

G_BEGIN_DECLS

/**
 * RingiPdfRenderSpec:
 * @page: the page index, from 0
 * @scale: device pixels per PDF point: 96/72 at 100 % on a normal screen,
 *   twice that on a HiDPI one
 * @rotation: 0, 90, 180 or 270 degrees, clockwise
 *
 * What to draw.
 */
typedef struct
{
  int page;
  double scale;
  int rotation;
} RingiPdfRenderSpec;

#define RINGI_TYPE_PDF_RENDERER (ringi_pdf_renderer_get_type ())
G_DECLARE_FINAL_TYPE (RingiPdfRenderer, ringi_pdf_renderer, RINGI, PDF_RENDERER, GObject)

RingiPdfRenderer *ringi_pdf_renderer_new (RingiPdfDocument *document);
RingiPdfDocument *ringi_pdf_renderer_get_document (RingiPdfRenderer *self);
void ringi_pdf_renderer_get_image_size (RingiPdfRenderer *self,
                                        const RingiPdfRenderSpec *spec,
                                        int *width,
                                        int *height);
void ringi_pdf_renderer_render_async (RingiPdfRenderer *self,
                                      const RingiPdfRenderSpec *spec,
                                      RingiPdfPriority priority,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data);
cairo_surface_t *ringi_pdf_renderer_render_finish (RingiPdfRenderer *self,
                                                   GAsyncResult *result,
                                                   GError **error);
void ringi_pdf_renderer_raise (RingiPdfRenderer *self,
                               int page,
                               RingiPdfPriority priority);
void ringi_pdf_renderer_cancel (RingiPdfRenderer *self,
                                int page);
guint ringi_pdf_renderer_get_n_pending (RingiPdfRenderer *self,
                                        int page);

G_END_DECLS
