/* ringi-pdf-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ringi-pdf-document.h"

G_BEGIN_DECLS

/**
 * RingiPdfZoomMode:
 * @RINGI_PDF_ZOOM_FREE: the zoom set by the user, 50 to 400 %
 * @RINGI_PDF_ZOOM_FIT_WIDTH: the widest page fills the width of the view
 * @RINGI_PDF_ZOOM_FIT_PAGE: the largest page fits entirely in the view
 *
 * How the view chooses its zoom.
 */
typedef enum
{
  RINGI_PDF_ZOOM_FREE,
  RINGI_PDF_ZOOM_FIT_WIDTH,
  RINGI_PDF_ZOOM_FIT_PAGE,
} RingiPdfZoomMode;

/* The zoom range the user can choose; the fit modes may go below it on
 * small windows. 1.0 is 100 %: 96 pixels per inch. */
#define RINGI_PDF_VIEW_MIN_ZOOM 0.5
#define RINGI_PDF_VIEW_MAX_ZOOM 4.0

/**
 * RingiPdfOverlay:
 * @page: the page index, from 0
 * @x: left edge of the overlay, in PDF points from the page's left
 * @y: top edge, in PDF points from the page's top
 * @size: the side of the square the overlay fills, in PDF points
 * @paintable: what to draw, e.g. a seal texture; it turns with the page
 *
 * A picture drawn over a page, such as a seal (印影). Coordinates are those
 * of the unrotated page, the same as #RingiPdfView::page-clicked reports.
 */
typedef struct
{
  int page;
  double x;
  double y;
  double size;
  GdkPaintable *paintable;
} RingiPdfOverlay;

#define RINGI_TYPE_PDF_VIEW (ringi_pdf_view_get_type ())
G_DECLARE_FINAL_TYPE (RingiPdfView, ringi_pdf_view, RINGI, PDF_VIEW, GtkWidget)

GtkWidget *ringi_pdf_view_new (void);
void ringi_pdf_view_load_file (RingiPdfView *self,
                               GFile *file,
                               const char *password);
void ringi_pdf_view_set_document (RingiPdfView *self,
                                  RingiPdfDocument *document);
RingiPdfDocument *ringi_pdf_view_get_document (RingiPdfView *self);
const GError *ringi_pdf_view_get_error (RingiPdfView *self);
gboolean ringi_pdf_view_get_loading (RingiPdfView *self);

int ringi_pdf_view_get_page (RingiPdfView *self);
void ringi_pdf_view_go_to_page (RingiPdfView *self,
                                int page);
double ringi_pdf_view_get_zoom (RingiPdfView *self);
void ringi_pdf_view_set_zoom (RingiPdfView *self,
                              double zoom);
RingiPdfZoomMode ringi_pdf_view_get_zoom_mode (RingiPdfView *self);
void ringi_pdf_view_set_zoom_mode (RingiPdfView *self,
                                   RingiPdfZoomMode mode);
int ringi_pdf_view_get_rotation (RingiPdfView *self);
void ringi_pdf_view_set_rotation (RingiPdfView *self,
                                  int rotation);
gsize ringi_pdf_view_get_cache_size (RingiPdfView *self);
void ringi_pdf_view_set_cache_size (RingiPdfView *self,
                                    gsize bytes);

gboolean ringi_pdf_view_widget_to_page (RingiPdfView *self,
                                        double x,
                                        double y,
                                        int *page,
                                        double *page_x,
                                        double *page_y);
gboolean ringi_pdf_view_page_to_widget (RingiPdfView *self,
                                        int page,
                                        double page_x,
                                        double page_y,
                                        double *x,
                                        double *y);
void ringi_pdf_view_set_overlays (RingiPdfView *self,
                                  const RingiPdfOverlay *overlays,
                                  guint n_overlays);

void ringi_pdf_view_find_async (RingiPdfView *self,
                                const char *text,
                                GCancellable *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer user_data);
guint ringi_pdf_view_find_finish (RingiPdfView *self,
                                  GAsyncResult *result,
                                  GError **error);
void ringi_pdf_view_find_next (RingiPdfView *self);
void ringi_pdf_view_find_previous (RingiPdfView *self);
void ringi_pdf_view_find_clear (RingiPdfView *self);
guint ringi_pdf_view_get_n_matches (RingiPdfView *self);
int ringi_pdf_view_get_current_match (RingiPdfView *self);

G_END_DECLS
