/* ringi-pdf-view-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ringi-pdf-renderer.h"
#include "ringi-pdf-texture-cache.h"
#include "ringi-pdf-view.h"

G_BEGIN_DECLS

/* Logical pixels per PDF point at 100 %: 96 dpi, as pdftoppm -r 96. */
#define RINGI_PDF_VIEW_PIXELS_PER_POINT (96.0 / 72.0)

struct _RingiPdfView
{
  GtkWidget parent_instance;

  RingiPdfDocument *document;
  RingiPdfRenderer *renderer;
  RingiPdfTextureCache *cache;
  /* Loading, links and search of the current document; cancelled when
   * the document changes or the view goes away. */
  GCancellable *cancellable;
  GError *error;
  gboolean loading;

  GtkAdjustment *hadjustment;
  GtkAdjustment *vadjustment;
  guint hscroll_policy : 1;
  guint vscroll_policy : 1;
  /* Set while the view moves its own adjustments. */
  guint scrolling_itself : 1;

  double zoom;
  RingiPdfZoomMode zoom_mode;
  int rotation;

  /* The layout, in logical pixels of the whole document. Page i sits at
   * tops[i], widths[i] × heights[i], centred horizontally. */
  int n_pages;
  double *tops;
  double *widths;
  double *heights;
  double content_width;
  double content_height;
  int layout_scale_factor;
  int first_visible;
  int last_visible;
  int page;
  /* Asked for before the first layout: applied by it. */
  int pending_page;
  double pending_y;

  GHashTable *renders; /* page → its RenderRequest, owned by the callback */
  /* page → GArray of RingiPdfLink, NULL while read. Read only when the
   * pointer comes over a page or clicks it: resolving a manual's named
   * destinations costs poppler more than drawing the page. */
  GHashTable *links;
  /* A click that waits for the links of its page. */
  gboolean click_pending;
  int click_page;
  double click_x;
  double click_y;
  GArray *overlays; /* of RingiPdfOverlay; the paintables are ours */
  GArray *matches;  /* of RingiPdfMatch */
  int current_match;

  double pointer_x;
  double pointer_y;
  double pinch_start_zoom;
};

/* ringi-pdf-view.c */
gboolean ringi_pdf_view_has_layout (RingiPdfView *self);
void ringi_pdf_view_get_page_rect (RingiPdfView *self,
                                   int page,
                                   graphene_rect_t *rect);
void ringi_pdf_view_page_rect_to_widget (RingiPdfView *self,
                                         int page,
                                         const RingiPdfRect *area,
                                         graphene_rect_t *rect);
void ringi_pdf_view_set_zoom_at (RingiPdfView *self,
                                 RingiPdfZoomMode mode,
                                 double zoom,
                                 double anchor_x,
                                 double anchor_y);
void ringi_pdf_view_scroll_to (RingiPdfView *self,
                               int page,
                               double page_y);
void ringi_pdf_view_scroll_by (RingiPdfView *self,
                               double dx,
                               double dy);
void ringi_pdf_view_handle_click (RingiPdfView *self,
                                  double x,
                                  double y);
void ringi_pdf_view_read_links (RingiPdfView *self,
                                int page);
const RingiPdfLink *ringi_pdf_view_find_link (RingiPdfView *self,
                                              int page,
                                              double page_x,
                                              double page_y);
RingiPdfTextureCache *ringi_pdf_view_get_texture_cache (RingiPdfView *self);
RingiPdfRenderer *ringi_pdf_view_get_renderer (RingiPdfView *self);
GdkTexture *ringi_pdf_view_get_page_texture (RingiPdfView *self,
                                             int page);

/* ringi-pdf-view-input.c */
void ringi_pdf_view_class_init_input (GtkWidgetClass *widget_class);
void ringi_pdf_view_init_input (RingiPdfView *self);

/* ringi-pdf-view-find.c */
void ringi_pdf_view_snapshot_matches (RingiPdfView *self,
                                      GtkSnapshot *snapshot,
                                      int page);
void ringi_pdf_view_forget_matches (RingiPdfView *self);

G_END_DECLS
