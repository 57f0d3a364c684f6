/* ringi-pdf-renderer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-pdf-renderer"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "ringi-pdf-document-private.h"
#include "ringi-pdf-renderer.h"

/*
 * RingiPdfRenderer: draws pages into cairo images on the document's
 * worker, one slot per page. A view and its thumbnails each have their
 * own renderer, so their slots do not replace each other's jobs.
 */

struct _RingiPdfRenderer
{
  GObject parent_instance;

  RingiPdfDocument *document;
};

G_DEFINE_FINAL_TYPE (RingiPdfRenderer, ringi_pdf_renderer, G_TYPE_OBJECT)

static void
ringi_pdf_renderer_finalize (GObject *object)
{
  RingiPdfRenderer *self = (RingiPdfRenderer *) object;

  g_clear_object (&self->document);

  G_OBJECT_CLASS (ringi_pdf_renderer_parent_class)->finalize (object);
}

static void
ringi_pdf_renderer_class_init (RingiPdfRendererClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ringi_pdf_renderer_finalize;
}

static void
ringi_pdf_renderer_init (RingiPdfRenderer *self)
{
}

/**
 * ringi_pdf_renderer_new:
 * @document: an open document
 *
 * Returns: (transfer full): a renderer for @document
 */
RingiPdfRenderer *
ringi_pdf_renderer_new (RingiPdfDocument *document)
{
  RingiPdfRenderer *self;

  g_return_val_if_fail (RINGI_IS_PDF_DOCUMENT (document), NULL);

  self = g_object_new (RINGI_TYPE_PDF_RENDERER, NULL);
  self->document = g_object_ref (document);
  return self;
}

/**
 * ringi_pdf_renderer_get_document:
 * @self: a renderer
 *
 * Returns: (transfer none): the document
 */
RingiPdfDocument *
ringi_pdf_renderer_get_document (RingiPdfRenderer *self)
{
  g_return_val_if_fail (RINGI_IS_PDF_RENDERER (self), NULL);

  return self->document;
}

static gboolean
is_quarter_turn (int rotation)
{
  return rotation == 90 || rotation == 270;
}

/* Rounded up as pdftoppm and pdftocairo do, so that images compare pixel
 * for pixel; the epsilon keeps 10.000000001 from becoming 11. */
static void
image_size (double width,
            double height,
            const RingiPdfRenderSpec *spec,
            int *image_width,
            int *image_height)
{
  int w = MAX (1, (int) ceil (width * spec->scale - 1e-6));
  int h = MAX (1, (int) ceil (height * spec->scale - 1e-6));

  *image_width = is_quarter_turn (spec->rotation) ? h : w;
  *image_height = is_quarter_turn (spec->rotation) ? w : h;
}

/**
 * ringi_pdf_renderer_get_image_size:
 * @self: a renderer
 * @spec: what to draw
 * @width: (out): the width of the image in device pixels
 * @height: (out): its height
 *
 * The size of the image ringi_pdf_renderer_render_async() makes for @spec,
 * from the page size known now (see ringi_pdf_document_get_page_size()).
 */
void
ringi_pdf_renderer_get_image_size (RingiPdfRenderer *self,
                                   const RingiPdfRenderSpec *spec,
                                   int *width,
                                   int *height)
{
  double page_width, page_height;

  g_return_if_fail (RINGI_IS_PDF_RENDERER (self));
  g_return_if_fail (spec != NULL);

  ringi_pdf_document_get_page_size (self->document, spec->page, &page_width, &page_height);
  image_size (page_width, page_height, spec, width, height);
}

/* Turns the page clockwise about the image's top-left corner and moves
 * it back into the image. */
static void
apply_rotation (cairo_t *cr,
                int rotation,
                int image_width,
                int image_height)
{
  switch (rotation)
    {
    case 90:
      cairo_translate (cr, image_width, 0);
      break;

    case 180:
      cairo_translate (cr, image_width, image_height);
      break;

    case 270:
      cairo_translate (cr, 0, image_height);
      break;

    default:
      return;
    }

  cairo_rotate (cr, rotation * G_PI / 180.0);
}

static cairo_surface_t *
draw_page (PopplerPage *page,
           const RingiPdfRenderSpec *spec,
           GError **error)
{
  cairo_surface_t *surface;
  cairo_status_t status;
  double page_width, page_height;
  int width, height;
  cairo_t *cr;

  poppler_page_get_size (page, &page_width, &page_height);
  image_size (page_width, page_height, spec, &width, &height);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  /* Paper is white; poppler draws only what the page paints. */
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  apply_rotation (cr, spec->rotation, width, height);
  cairo_scale (cr, spec->scale, spec->scale);
  poppler_page_render (page, cr);
  status = cairo_status (cr);
  cairo_destroy (cr);

  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, RINGI_PDF_ERROR, RINGI_PDF_ERROR_FAILED,
                   _("Page %d could not be drawn (%s)."), spec->page + 1,
                   cairo_status_to_string (status));
      cairo_surface_destroy (surface);
      return NULL;
    }

  cairo_surface_flush (surface);
  return surface;
}

static void
render_thread (GTask *task,
               gpointer source_object,
               gpointer task_data,
               GCancellable *cancellable)
{
  RingiPdfRenderer *self = source_object;
  const RingiPdfRenderSpec *spec = task_data;
  PopplerDocument *poppler = ringi_pdf_document_get_poppler (self->document);
  g_autoptr(PopplerPage) page = poppler_document_get_page (poppler, spec->page);
  cairo_surface_t *surface;
  GError *error = NULL;

  if (page == NULL)
    {
      g_task_return_new_error (task, RINGI_PDF_ERROR, RINGI_PDF_ERROR_FAILED,
                               _("Page %d could not be read."), spec->page + 1);
      return;
    }

  ringi_pdf_document_page_used (self->document);
  surface = draw_page (page, spec, &error);
  if (surface == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, surface, (GDestroyNotify) cairo_surface_destroy);
}

/**
 * ringi_pdf_renderer_render_async:
 * @self: a renderer
 * @spec: what to draw
 * @priority: how urgent it is
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the current thread-default main context
 * @user_data: data for @callback
 *
 * Draws a page on white, on the document's worker. A render of the same
 * page still waiting is replaced by this one and returns
 * %G_IO_ERROR_CANCELLED.
 */
void
ringi_pdf_renderer_render_async (RingiPdfRenderer *self,
                                 const RingiPdfRenderSpec *spec,
                                 RingiPdfPriority priority,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (RINGI_IS_PDF_RENDERER (self));
  g_return_if_fail (spec != NULL);
  g_return_if_fail (spec->page >= 0 && spec->page < ringi_pdf_document_get_n_pages (self->document));
  g_return_if_fail (spec->scale > 0 && spec->scale <= 64);
  g_return_if_fail (spec->rotation == 0 || spec->rotation == 90 ||
                    spec->rotation == 180 || spec->rotation == 270);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ringi_pdf_renderer_render_async);
  g_task_set_task_data (task, g_memdup2 (spec, sizeof *spec), g_free);
  ringi_pdf_worker_push (ringi_pdf_document_get_worker (self->document), task,
                         priority, self, spec->page, render_thread);
}

/**
 * ringi_pdf_renderer_render_finish:
 * @self: a renderer
 * @result: the result passed to the callback
 * @error: return location for a #RingiPdfError or %G_IO_ERROR_CANCELLED
 *
 * Returns: (transfer full) (nullable): an ARGB32 image of the page, or
 *   %NULL on error
 */
cairo_surface_t *
ringi_pdf_renderer_render_finish (RingiPdfRenderer *self,
                                  GAsyncResult *result,
                                  GError **error)
{
  g_return_val_if_fail (RINGI_IS_PDF_RENDERER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * ringi_pdf_renderer_raise:
 * @self: a renderer
 * @page: a page index
 * @priority: the new priority
 *
 * Makes the render of @page still waiting, if any, more urgent.
 */
void
ringi_pdf_renderer_raise (RingiPdfRenderer *self,
                          int page,
                          RingiPdfPriority priority)
{
  g_return_if_fail (RINGI_IS_PDF_RENDERER (self));
  g_return_if_fail (page >= 0);

  ringi_pdf_worker_raise (ringi_pdf_document_get_worker (self->document), self, page, priority);
}

/**
 * ringi_pdf_renderer_cancel:
 * @self: a renderer
 * @page: a page index
 *
 * Drops the render of @page still waiting, if any. A render already
 * running completes but no longer counts as pending.
 */
void
ringi_pdf_renderer_cancel (RingiPdfRenderer *self,
                           int page)
{
  g_return_if_fail (RINGI_IS_PDF_RENDERER (self));
  g_return_if_fail (page >= 0);

  ringi_pdf_worker_cancel (ringi_pdf_document_get_worker (self->document), self, page);
}

/**
 * ringi_pdf_renderer_get_n_pending:
 * @self: a renderer
 * @page: a page index
 *
 * Returns: how many renders of @page are wanted and not done: 0 or 1
 */
guint
ringi_pdf_renderer_get_n_pending (RingiPdfRenderer *self,
                                  int page)
{
  g_return_val_if_fail (RINGI_IS_PDF_RENDERER (self), 0);
  g_return_val_if_fail (page >= 0, 0);

  return ringi_pdf_worker_count_pending (ringi_pdf_document_get_worker (self->document), self, page);
}
