/* ringi-pdf-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-pdf-view"

#include "config.h"

#include <math.h>

#include "ringi-gui-enums.h"
#include "ringi-pdf-view-private.h"
#include "ringi-texture.h"

/*
 * RingiPdfView: every page of a document, one under the other, in a
 * GtkScrolledWindow.
 *
 * The view lays out all pages from their sizes (cheap: no poppler call),
 * and asks its renderer only for the pages on screen, then for the page
 * before and the page after as long as they fit in the texture budget. Renders
 * of pages scrolled away are dropped from the worker's queue. Pictures
 * arrive as cairo images on the main loop and go into a texture cache
 * bounded in bytes; until a page has its picture at the current zoom, an
 * older picture is stretched, or a white sheet is drawn.
 *
 * Input (keys, zoom gestures, clicks and links) is in
 * ringi-pdf-view-input.c, find in ringi-pdf-view-find.c.
 */

/* Around the pages, and between two pages, in logical pixels. */
#define MARGIN   12.0
#define PAGE_GAP 12.0

/* Pages drawn ahead on each side of the visible ones, as Papers does. */
#define PRELOAD_BEFORE 1
#define PRELOAD_AFTER  1

#define DEFAULT_CACHE_SIZE (64 * 1024 * 1024)

/* Lower bound of the fit modes on very small windows. */
#define MIN_FIT_ZOOM 0.05

typedef struct
{
  RingiPdfView *view;
  RingiPdfRenderer *renderer;
  RingiPdfTextureKey key;
  RingiPdfPriority priority;
} RenderRequest;

/* Where a point of the view is in the document, to keep it in place when
 * the layout changes. */
typedef struct
{
  int page;
  double fx;
  double fy;
} Anchor;

enum
{
  PROP_0,
  PROP_DOCUMENT,
  PROP_ERROR,
  PROP_LOADING,
  PROP_PAGE,
  PROP_ZOOM,
  PROP_ZOOM_MODE,
  PROP_ROTATION,
  PROP_CACHE_SIZE,
  N_PROPS,

  PROP_HADJUSTMENT,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
};

static GParamSpec *properties[N_PROPS];

enum
{
  RENDER_FINISHED,
  PAGE_CLICKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE_WITH_CODE (RingiPdfView, ringi_pdf_view, GTK_TYPE_WIDGET, G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, NULL))

static void update_visible (RingiPdfView *self);
static void on_page_rendered (GObject *object,
                              GAsyncResult *result,
                              gpointer user_data);

static void
render_request_free (RenderRequest *request)
{
  g_clear_object (&request->view);
  g_clear_object (&request->renderer);
  g_free (request);
}

/* Pages whose links are being read have a NULL entry. */
static void
links_free (GArray *links)
{
  if (links != NULL)
    g_array_unref (links);
}

static gboolean
key_equal (const RingiPdfTextureKey *a,
           const RingiPdfTextureKey *b)
{
  return a->page == b->page && a->rotation == b->rotation &&
         a->width == b->width && a->height == b->height;
}

static double
device_scale (RingiPdfView *self)
{
  return self->zoom * RINGI_PDF_VIEW_PIXELS_PER_POINT * self->layout_scale_factor;
}

static RingiPdfRenderSpec
page_spec (RingiPdfView *self,
           int page)
{
  return (RingiPdfRenderSpec){ page, device_scale (self), self->rotation };
}

static RingiPdfTextureKey
page_key (RingiPdfView *self,
          int page)
{
  RingiPdfRenderSpec spec = page_spec (self, page);
  RingiPdfTextureKey key = { page, self->rotation, 0, 0 };

  ringi_pdf_renderer_get_image_size (self->renderer, &spec, &key.width, &key.height);
  return key;
}

gboolean
ringi_pdf_view_has_layout (RingiPdfView *self)
{
  return self->tops != NULL && gtk_widget_get_width (GTK_WIDGET (self)) > 0;
}

/* Pages are drawn on whole device pixels, so a picture maps 1:1. */
static double
snap (RingiPdfView *self,
      double value)
{
  return round (value * self->layout_scale_factor) / self->layout_scale_factor;
}

static double
scroll_x (RingiPdfView *self)
{
  return self->hadjustment != NULL ? gtk_adjustment_get_value (self->hadjustment) : 0;
}

static double
scroll_y (RingiPdfView *self)
{
  return self->vadjustment != NULL ? gtk_adjustment_get_value (self->vadjustment) : 0;
}

/* Centred in the view, or in the document when it is wider. */
static double
page_left (RingiPdfView *self,
           int page)
{
  double width = MAX (self->content_width, gtk_widget_get_width (GTK_WIDGET (self)));

  return (width - self->widths[page]) / 2;
}

/**
 * ringi_pdf_view_get_page_rect:
 * @self: a view with a layout
 * @page: a page index
 * @rect: (out): where the page is drawn, in widget coordinates
 */
void
ringi_pdf_view_get_page_rect (RingiPdfView *self,
                              int page,
                              graphene_rect_t *rect)
{
  g_assert (ringi_pdf_view_has_layout (self));
  g_assert (page >= 0 && page < self->n_pages);

  graphene_rect_init (rect,
                      snap (self, page_left (self, page) - scroll_x (self)),
                      snap (self, self->tops[page] - scroll_y (self)),
                      self->widths[page], self->heights[page]);
}

/* The page size in points, turned by the view's rotation. */
static void
turned_page_size (RingiPdfView *self,
                  int page,
                  double *width,
                  double *height)
{
  double w, h;

  ringi_pdf_document_get_page_size (self->document, page, &w, &h);
  *width = self->rotation % 180 == 0 ? w : h;
  *height = self->rotation % 180 == 0 ? h : w;
}

/* From points on the unrotated page to logical pixels on the page as
 * drawn, from its top-left corner. */
static void
page_to_local (RingiPdfView *self,
               int page,
               double px,
               double py,
               double *lx,
               double *ly)
{
  double w, h, tw, th, ux, uy;

  ringi_pdf_document_get_page_size (self->document, page, &w, &h);
  switch (self->rotation)
    {
    case 90:
      ux = h - py, uy = px;
      break;

    case 180:
      ux = w - px, uy = h - py;
      break;

    case 270:
      ux = py, uy = w - px;
      break;

    default:
      ux = px, uy = py;
    }

  turned_page_size (self, page, &tw, &th);
  *lx = ux * self->widths[page] / tw;
  *ly = uy * self->heights[page] / th;
}

static void
local_to_page (RingiPdfView *self,
               int page,
               double lx,
               double ly,
               double *px,
               double *py)
{
  double w, h, tw, th, ux, uy;

  ringi_pdf_document_get_page_size (self->document, page, &w, &h);
  turned_page_size (self, page, &tw, &th);
  ux = lx * tw / self->widths[page];
  uy = ly * th / self->heights[page];

  switch (self->rotation)
    {
    case 90:
      *px = uy, *py = h - ux;
      break;

    case 180:
      *px = w - ux, *py = h - uy;
      break;

    case 270:
      *px = w - uy, *py = ux;
      break;

    default:
      *px = ux, *py = uy;
    }
}

/**
 * ringi_pdf_view_page_rect_to_widget:
 * @self: a view with a layout
 * @page: a page index
 * @area: a rectangle on the unrotated page, in points
 * @rect: (out): the same in widget coordinates
 */
void
ringi_pdf_view_page_rect_to_widget (RingiPdfView *self,
                                    int page,
                                    const RingiPdfRect *area,
                                    graphene_rect_t *rect)
{
  graphene_rect_t page_rect;
  double x1, y1, x2, y2;

  ringi_pdf_view_get_page_rect (self, page, &page_rect);
  page_to_local (self, page, area->x, area->y, &x1, &y1);
  page_to_local (self, page, area->x + area->width, area->y + area->height, &x2, &y2);
  graphene_rect_init (rect, page_rect.origin.x + MIN (x1, x2), page_rect.origin.y + MIN (y1, y2),
                      fabs (x2 - x1), fabs (y2 - y1));
}

/* The first page whose bottom edge is below @y, in document pixels. */
static int
page_at_y (RingiPdfView *self,
           double y)
{
  int low = 0, high = self->n_pages - 1;

  while (low < high)
    {
      int mid = (low + high) / 2;

      if (self->tops[mid] + self->heights[mid] + PAGE_GAP / 2 <= y)
        low = mid + 1;
      else
        high = mid;
    }
  return low;
}

static gboolean
capture_anchor (RingiPdfView *self,
                double x,
                double y,
                Anchor *anchor)
{
  double doc_x, doc_y;

  if (!ringi_pdf_view_has_layout (self))
    return FALSE;

  doc_x = x + scroll_x (self);
  doc_y = y + scroll_y (self);
  anchor->page = page_at_y (self, doc_y);
  anchor->fx = (doc_x - page_left (self, anchor->page)) / self->widths[anchor->page];
  anchor->fy = (doc_y - self->tops[anchor->page]) / self->heights[anchor->page];
  return TRUE;
}

/* Moves the adjustments without taking it for the user's scrolling. */
static void
set_scroll (RingiPdfView *self,
            double x,
            double y)
{
  gboolean was_scrolling_itself = self->scrolling_itself;

  self->scrolling_itself = TRUE;
  if (self->hadjustment != NULL)
    gtk_adjustment_set_value (self->hadjustment, x);
  if (self->vadjustment != NULL)
    gtk_adjustment_set_value (self->vadjustment, y);
  self->scrolling_itself = was_scrolling_itself;
}

static void
restore_anchor (RingiPdfView *self,
                const Anchor *anchor,
                double x,
                double y)
{
  int page = MIN (anchor->page, self->n_pages - 1);

  set_scroll (self,
              page_left (self, page) + anchor->fx * self->widths[page] - x,
              self->tops[page] + anchor->fy * self->heights[page] - y);
}

static void
clear_layout (RingiPdfView *self)
{
  g_clear_pointer (&self->tops, g_free);
  g_clear_pointer (&self->widths, g_free);
  g_clear_pointer (&self->heights, g_free);
  self->n_pages = 0;
  self->first_visible = 0;
  self->last_visible = -1;
}

/* Page sizes in pixels come from the renderer, rounded as it rounds, so
 * that a picture fills its page exactly. */
static void
compute_layout (RingiPdfView *self)
{
  double widest = 0;

  self->layout_scale_factor = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  if (self->tops == NULL)
    {
      self->n_pages = ringi_pdf_document_get_n_pages (self->document);
      self->tops = g_new (double, self->n_pages + 1);
      self->widths = g_new (double, self->n_pages);
      self->heights = g_new (double, self->n_pages);
    }

  self->tops[0] = MARGIN;
  for (int i = 0; i < self->n_pages; i++)
    {
      RingiPdfTextureKey key = page_key (self, i);

      self->widths[i] = (double) key.width / self->layout_scale_factor;
      self->heights[i] = (double) key.height / self->layout_scale_factor;
      self->tops[i + 1] = self->tops[i] + self->heights[i] + PAGE_GAP;
      widest = MAX (widest, self->widths[i]);
    }

  self->content_width = widest + 2 * MARGIN;
  self->content_height = self->tops[self->n_pages] - PAGE_GAP + MARGIN;
}

static void
configure_adjustment (GtkAdjustment *adjustment,
                      double size,
                      double content)
{
  double upper = MAX (size, content);

  if (adjustment == NULL)
    return;

  gtk_adjustment_configure (adjustment,
                            CLAMP (gtk_adjustment_get_value (adjustment), 0, upper - size),
                            0, upper, size * 0.1, size * 0.9, size);
}

static void
configure_adjustments (RingiPdfView *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  gboolean was_scrolling_itself = self->scrolling_itself;

  self->scrolling_itself = TRUE;
  configure_adjustment (self->hadjustment, width, self->content_width);
  configure_adjustment (self->vadjustment, height, self->content_height);
  self->scrolling_itself = was_scrolling_itself;
}

static double
fit_zoom (RingiPdfView *self,
          RingiPdfZoomMode mode)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  double widest = 0, tallest = 0, zoom;

  for (int i = 0; i < ringi_pdf_document_get_n_pages (self->document); i++)
    {
      double w, h;

      turned_page_size (self, i, &w, &h);
      widest = MAX (widest, w);
      tallest = MAX (tallest, h);
    }

  zoom = (width - 2 * MARGIN) / (widest * RINGI_PDF_VIEW_PIXELS_PER_POINT);
  if (mode == RINGI_PDF_ZOOM_FIT_PAGE)
    zoom = MIN (zoom, (height - 2 * MARGIN) / (tallest * RINGI_PDF_VIEW_PIXELS_PER_POINT));

  return CLAMP (zoom, MIN_FIT_ZOOM, RINGI_PDF_VIEW_MAX_ZOOM);
}

/* Lays the pages out again after a change of zoom, rotation, size or page
 * sizes, keeping the document point under (@x, @y) where it was. */
static void
relayout (RingiPdfView *self,
          double x,
          double y)
{
  Anchor anchor;
  gboolean anchored;

  if (self->document == NULL || gtk_widget_get_width (GTK_WIDGET (self)) <= 0)
    return;

  anchored = capture_anchor (self, x, y, &anchor);
  compute_layout (self);
  configure_adjustments (self);

  if (self->pending_page >= 0)
    {
      int page = self->pending_page;

      self->pending_page = -1;
      ringi_pdf_view_scroll_to (self, page, self->pending_y);
      return;
    }

  if (anchored)
    restore_anchor (self, &anchor, x, y);
  update_visible (self);
}

static void
set_zoom_value (RingiPdfView *self,
                double zoom)
{
  if (self->zoom == zoom)
    return;

  self->zoom = zoom;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

/**
 * ringi_pdf_view_set_zoom_at:
 * @self: a view
 * @mode: the zoom mode
 * @zoom: the zoom, for %RINGI_PDF_ZOOM_FREE
 * @anchor_x: the point of the widget that stays put, e.g. the pointer
 * @anchor_y: its y
 */
void
ringi_pdf_view_set_zoom_at (RingiPdfView *self,
                            RingiPdfZoomMode mode,
                            double zoom,
                            double anchor_x,
                            double anchor_y)
{
  gboolean mode_changed = self->zoom_mode != mode;

  self->zoom_mode = mode;
  if (mode == RINGI_PDF_ZOOM_FREE)
    zoom = CLAMP (zoom, RINGI_PDF_VIEW_MIN_ZOOM, RINGI_PDF_VIEW_MAX_ZOOM);
  else if (self->document != NULL && gtk_widget_get_width (GTK_WIDGET (self)) > 0)
    zoom = fit_zoom (self, mode);
  else
    zoom = self->zoom;

  if (zoom != self->zoom)
    {
      set_zoom_value (self, zoom);
      relayout (self, anchor_x, anchor_y);
      gtk_widget_queue_resize (GTK_WIDGET (self));
    }

  if (mode_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM_MODE]);
}

static void
schedule_render (RingiPdfView *self,
                 int page,
                 RingiPdfPriority priority)
{
  RingiPdfTextureKey key = page_key (self, page);
  RingiPdfRenderSpec spec = page_spec (self, page);
  RenderRequest *request;

  if (ringi_pdf_texture_cache_lookup (self->cache, &key) != NULL)
    return;

  request = g_hash_table_lookup (self->renders, GINT_TO_POINTER (page));
  if (request != NULL && key_equal (&request->key, &key))
    {
      if (priority < request->priority)
        {
          request->priority = priority;
          ringi_pdf_renderer_raise (self->renderer, page, priority);
        }
      return;
    }

  request = g_new0 (RenderRequest, 1);
  request->view = g_object_ref (self);
  request->renderer = g_object_ref (self->renderer);
  request->key = key;
  request->priority = priority;
  g_hash_table_replace (self->renders, GINT_TO_POINTER (page), request);

  ringi_pdf_renderer_render_async (self->renderer, &spec, priority, NULL,
                                   on_page_rendered, request);
}

static gsize
page_bytes (RingiPdfView *self,
            int page)
{
  RingiPdfTextureKey key = page_key (self, page);

  return (gsize) key.width * key.height * 4;
}

static gboolean
is_outside (gpointer key,
            gpointer value,
            gpointer user_data)
{
  RingiPdfView *self = ((RenderRequest *) value)->view;
  const int *range = user_data;
  int page = GPOINTER_TO_INT (key);

  if (page >= range[0] && page <= range[1])
    return FALSE;

  ringi_pdf_renderer_cancel (self->renderer, page);
  return TRUE;
}

/* Visible pages first, then neighbours while they fit in the budget
 * beside the visible ones; renders of all other pages are dropped. */
static void
schedule_renders (RingiPdfView *self)
{
  gsize budget = ringi_pdf_texture_cache_get_budget (self->cache);
  int range[2] = { self->first_visible, self->last_visible };
  gsize bytes = 0;

  for (int page = self->first_visible; page <= self->last_visible; page++)
    {
      schedule_render (self, page, RINGI_PDF_PRIORITY_VISIBLE);
      bytes += page_bytes (self, page);
    }

  for (int i = 1; i <= MAX (PRELOAD_BEFORE, PRELOAD_AFTER); i++)
    {
      int after = self->last_visible + i;
      int before = self->first_visible - i;

      if (i <= PRELOAD_AFTER && after < self->n_pages && bytes + page_bytes (self, after) <= budget)
        {
          schedule_render (self, after, RINGI_PDF_PRIORITY_PRELOAD);
          bytes += page_bytes (self, after);
          range[1] = after;
        }
      if (i <= PRELOAD_BEFORE && before >= 0 && bytes + page_bytes (self, before) <= budget)
        {
          schedule_render (self, before, RINGI_PDF_PRIORITY_PRELOAD);
          bytes += page_bytes (self, before);
          range[0] = before;
        }
    }

  g_hash_table_foreach_remove (self->renders, is_outside, range);
}

static void follow_click (RingiPdfView *self,
                          int page,
                          double page_x,
                          double page_y);

static void
on_links_read (GObject *object,
               GAsyncResult *result,
               gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  RingiPdfView *self = g_task_get_source_object (task);
  int page = GPOINTER_TO_INT (g_task_get_task_data (task));
  GArray *links = ringi_pdf_document_get_links_finish (RINGI_PDF_DOCUMENT (object), result, NULL);

  if (links == NULL || self->document != RINGI_PDF_DOCUMENT (object))
    {
      g_clear_pointer (&links, g_array_unref);
      return;
    }

  g_hash_table_replace (self->links, GINT_TO_POINTER (page), links);
  if (self->click_pending && self->click_page == page)
    {
      self->click_pending = FALSE;
      follow_click (self, page, self->click_x, self->click_y);
    }
}

/**
 * ringi_pdf_view_read_links:
 * @self: a view showing a document
 * @page: a page index
 *
 * Asks for the links of @page, unless they are known or on their way.
 */
void
ringi_pdf_view_read_links (RingiPdfView *self,
                           int page)
{
  GTask *task;

  if (self->document == NULL || g_hash_table_contains (self->links, GINT_TO_POINTER (page)))
    return;

  g_hash_table_insert (self->links, GINT_TO_POINTER (page), NULL);
  /* A task only to hold the view until the links arrive. */
  task = g_task_new (self, NULL, NULL, NULL);
  g_task_set_task_data (task, GINT_TO_POINTER (page), NULL);
  ringi_pdf_document_get_links_async (self->document, page, self->cancellable, on_links_read, task);
}

static void
set_page (RingiPdfView *self,
          int page)
{
  if (self->page == page)
    return;

  self->page = page;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}

static void
update_visible (RingiPdfView *self)
{
  double top, bottom;

  if (!ringi_pdf_view_has_layout (self))
    return;

  top = scroll_y (self);
  bottom = top + gtk_widget_get_height (GTK_WIDGET (self));
  self->first_visible = page_at_y (self, top);
  self->last_visible = self->first_visible;
  while (self->last_visible + 1 < self->n_pages && self->tops[self->last_visible + 1] < bottom)
    self->last_visible++;

  /* The page the reader is on: the one across the upper third. */
  if (!self->scrolling_itself)
    set_page (self, page_at_y (self, top + (bottom - top) / 3));

  ringi_pdf_texture_cache_set_kept_pages (self->cache, self->first_visible, self->last_visible);
  schedule_renders (self);

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_page_rendered (GObject *object,
                  GAsyncResult *result,
                  gpointer user_data)
{
  RenderRequest *request = user_data;
  RingiPdfView *self = request->view;
  int page = request->key.page;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  cairo_surface_t *surface;

  surface = ringi_pdf_renderer_render_finish (request->renderer, result, &error);
  if (self->renders != NULL && g_hash_table_lookup (self->renders, GINT_TO_POINTER (page)) == request)
    g_hash_table_remove (self->renders, GINT_TO_POINTER (page));

  if (surface == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Page %d not drawn: %s", page + 1, error->message);
    }
  else if (request->renderer == self->renderer && ringi_pdf_view_has_layout (self))
    {
      RingiPdfTextureKey key = page_key (self, page);

      /* A picture for an older zoom or rotation is not kept. */
      if (key_equal (&key, &request->key))
        {
          texture = ringi_texture_new_for_surface (surface);
          ringi_pdf_texture_cache_insert (self->cache, &key, texture);
          gtk_widget_queue_draw (GTK_WIDGET (self));
          g_signal_emit (self, signals[RENDER_FINISHED], 0, page);
        }
    }

  g_clear_pointer (&surface, cairo_surface_destroy);
  render_request_free (request);
}

static void
on_scrolled (RingiPdfView *self)
{
  update_visible (self);
}

static void
set_adjustment (RingiPdfView *self,
                GtkAdjustment **slot,
                GtkAdjustment *adjustment)
{
  if (*slot == adjustment && adjustment != NULL)
    return;

  if (*slot != NULL)
    g_signal_handlers_disconnect_by_func (*slot, on_scrolled, self);
  g_clear_object (slot);

  if (adjustment == NULL)
    adjustment = gtk_adjustment_new (0, 0, 0, 0, 0, 0);
  *slot = g_object_ref_sink (adjustment);
  g_signal_connect_swapped (adjustment, "value-changed", G_CALLBACK (on_scrolled), self);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

static void
drop_document (RingiPdfView *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->renderer != NULL)
    {
      GHashTableIter iter;
      gpointer page;

      g_hash_table_iter_init (&iter, self->renders);
      while (g_hash_table_iter_next (&iter, &page, NULL))
        ringi_pdf_renderer_cancel (self->renderer, GPOINTER_TO_INT (page));
      g_hash_table_remove_all (self->renders);
    }

  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);

  g_clear_object (&self->renderer);
  g_clear_object (&self->document);
  ringi_pdf_texture_cache_clear (self->cache);
  g_hash_table_remove_all (self->links);
  self->click_pending = FALSE;
  ringi_pdf_view_forget_matches (self);
  clear_layout (self);
}

static void
ringi_pdf_view_dispose (GObject *object)
{
  RingiPdfView *self = (RingiPdfView *) object;

  if (self->renders != NULL)
    drop_document (self);
  g_clear_pointer (&self->renders, g_hash_table_unref);
  ringi_pdf_view_set_overlays (self, NULL, 0);

  G_OBJECT_CLASS (ringi_pdf_view_parent_class)->dispose (object);
}

static void
ringi_pdf_view_finalize (GObject *object)
{
  RingiPdfView *self = (RingiPdfView *) object;

  if (self->hadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->hadjustment, on_scrolled, self);
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->vadjustment, on_scrolled, self);
  g_clear_object (&self->hadjustment);
  g_clear_object (&self->vadjustment);
  g_clear_object (&self->cache);
  g_clear_pointer (&self->links, g_hash_table_unref);
  g_clear_pointer (&self->overlays, g_array_unref);
  g_clear_pointer (&self->matches, g_array_unref);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (ringi_pdf_view_parent_class)->finalize (object);
}

static void
ringi_pdf_view_get_property (GObject *object,
                             guint prop_id,
                             GValue *value,
                             GParamSpec *pspec)
{
  RingiPdfView *self = RINGI_PDF_VIEW (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;

    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    case PROP_PAGE:
      g_value_set_int (value, self->page);
      break;

    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;

    case PROP_ZOOM_MODE:
      g_value_set_enum (value, self->zoom_mode);
      break;

    case PROP_ROTATION:
      g_value_set_int (value, self->rotation);
      break;

    case PROP_CACHE_SIZE:
      g_value_set_uint64 (value, ringi_pdf_texture_cache_get_budget (self->cache));
      break;

    case PROP_HADJUSTMENT:
      g_value_set_object (value, self->hadjustment);
      break;

    case PROP_VADJUSTMENT:
      g_value_set_object (value, self->vadjustment);
      break;

    case PROP_HSCROLL_POLICY:
      g_value_set_enum (value, self->hscroll_policy);
      break;

    case PROP_VSCROLL_POLICY:
      g_value_set_enum (value, self->vscroll_policy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ringi_pdf_view_set_property (GObject *object,
                             guint prop_id,
                             const GValue *value,
                             GParamSpec *pspec)
{
  RingiPdfView *self = RINGI_PDF_VIEW (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      ringi_pdf_view_set_document (self, g_value_get_object (value));
      break;

    case PROP_PAGE:
      ringi_pdf_view_go_to_page (self, g_value_get_int (value));
      break;

    case PROP_ZOOM:
      ringi_pdf_view_set_zoom (self, g_value_get_double (value));
      break;

    case PROP_ZOOM_MODE:
      ringi_pdf_view_set_zoom_mode (self, g_value_get_enum (value));
      break;

    case PROP_ROTATION:
      ringi_pdf_view_set_rotation (self, g_value_get_int (value));
      break;

    case PROP_CACHE_SIZE:
      ringi_pdf_view_set_cache_size (self, g_value_get_uint64 (value));
      break;

    case PROP_HADJUSTMENT:
      set_adjustment (self, &self->hadjustment, g_value_get_object (value));
      break;

    case PROP_VADJUSTMENT:
      set_adjustment (self, &self->vadjustment, g_value_get_object (value));
      break;

    case PROP_HSCROLL_POLICY:
      if (self->hscroll_policy != (guint) g_value_get_enum (value))
        {
          self->hscroll_policy = g_value_get_enum (value);
          gtk_widget_queue_resize (GTK_WIDGET (self));
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_VSCROLL_POLICY:
      if (self->vscroll_policy != (guint) g_value_get_enum (value))
        {
          self->vscroll_policy = g_value_get_enum (value);
          gtk_widget_queue_resize (GTK_WIDGET (self));
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ringi_pdf_view_measure (GtkWidget *widget,
                        GtkOrientation orientation,
                        int for_size,
                        int *minimum,
                        int *natural,
                        int *minimum_baseline,
                        int *natural_baseline)
{
  RingiPdfView *self = RINGI_PDF_VIEW (widget);
  gboolean horizontal = orientation == GTK_ORIENTATION_HORIZONTAL;

  *minimum = 0;
  *natural = 0;
  if (self->tops != NULL)
    *natural = (int) ceil (horizontal ? self->content_width : self->content_height);
}

static void
ringi_pdf_view_size_allocate (GtkWidget *widget,
                              int width,
                              int height,
                              int baseline)
{
  RingiPdfView *self = RINGI_PDF_VIEW (widget);

  if (self->document == NULL)
    {
      configure_adjustments (self);
      return;
    }

  if (self->zoom_mode != RINGI_PDF_ZOOM_FREE)
    set_zoom_value (self, fit_zoom (self, self->zoom_mode));

  /* The top-left corner stays on the same spot of the same page. */
  relayout (self, 0, 0);
}

static void
snapshot_overlays (RingiPdfView *self,
                   GtkSnapshot *snapshot,
                   int page)
{
  for (guint i = 0; self->overlays != NULL && i < self->overlays->len; i++)
    {
      const RingiPdfOverlay *overlay = &g_array_index (self->overlays, RingiPdfOverlay, i);
      RingiPdfRect area = { overlay->x, overlay->y, overlay->size, overlay->size };
      graphene_rect_t rect;

      if (overlay->page != page)
        continue;

      ringi_pdf_view_page_rect_to_widget (self, page, &area, &rect);
      /* Turned with the page, about its own centre. */
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (rect.origin.x + rect.size.width / 2,
                                                              rect.origin.y + rect.size.height / 2));
      gtk_snapshot_rotate (snapshot, self->rotation);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (-rect.size.width / 2, -rect.size.height / 2));
      gdk_paintable_snapshot (overlay->paintable, GDK_SNAPSHOT (snapshot),
                              rect.size.width, rect.size.height);
      gtk_snapshot_restore (snapshot);
    }
}

static void
snapshot_page (RingiPdfView *self,
               GtkSnapshot *snapshot,
               int page)
{
  static const GdkRGBA edge = { 0, 0, 0, 0.25 };
  static const GdkRGBA paper = { 1, 1, 1, 1 };
  RingiPdfTextureKey key = page_key (self, page);
  GdkTexture *texture;
  graphene_rect_t rect;

  ringi_pdf_view_get_page_rect (self, page, &rect);
  gtk_snapshot_append_color (snapshot, &edge,
                             &GRAPHENE_RECT_INIT (rect.origin.x - 1, rect.origin.y - 1,
                                                  rect.size.width + 2, rect.size.height + 2));

  texture = ringi_pdf_texture_cache_lookup (self->cache, &key);
  if (texture == NULL)
    texture = ringi_pdf_texture_cache_lookup_page (self->cache, page, self->rotation);

  if (texture != NULL)
    gtk_snapshot_append_texture (snapshot, texture, &rect);
  else
    gtk_snapshot_append_color (snapshot, &paper, &rect);

  ringi_pdf_view_snapshot_matches (self, snapshot, page);
  snapshot_overlays (self, snapshot, page);
}

static void
ringi_pdf_view_snapshot (GtkWidget *widget,
                         GtkSnapshot *snapshot)
{
  RingiPdfView *self = RINGI_PDF_VIEW (widget);

  if (!ringi_pdf_view_has_layout (self))
    return;

  for (int page = self->first_visible; page <= self->last_visible; page++)
    snapshot_page (self, snapshot, page);
}

static void
on_scale_factor_changed (RingiPdfView *self)
{
  relayout (self, 0, 0);
}

static void
ringi_pdf_view_class_init (RingiPdfViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ringi_pdf_view_dispose;
  object_class->finalize = ringi_pdf_view_finalize;
  object_class->get_property = ringi_pdf_view_get_property;
  object_class->set_property = ringi_pdf_view_set_property;

  widget_class->measure = ringi_pdf_view_measure;
  widget_class->size_allocate = ringi_pdf_view_size_allocate;
  widget_class->snapshot = ringi_pdf_view_snapshot;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL,
                         RINGI_TYPE_PDF_DOCUMENT,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  /**
   * RingiPdfView:error:
   *
   * Why the last file given to ringi_pdf_view_load_file() could not be
   * shown, as a #RingiPdfError, or %NULL. %RINGI_PDF_ERROR_ENCRYPTED
   * means: ask for the password and load again with it.
   */
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL,
                        G_TYPE_ERROR,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  properties[PROP_PAGE] =
    g_param_spec_int ("page", NULL, NULL,
                      0, G_MAXINT, 0,
                      (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL,
                         MIN_FIT_ZOOM, RINGI_PDF_VIEW_MAX_ZOOM, 1.0,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  properties[PROP_ZOOM_MODE] =
    g_param_spec_enum ("zoom-mode", NULL, NULL,
                       RINGI_TYPE_PDF_ZOOM_MODE, RINGI_PDF_ZOOM_FREE,
                       (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  properties[PROP_ROTATION] =
    g_param_spec_int ("rotation", NULL, NULL,
                      0, 270, 0,
                      (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  /**
   * RingiPdfView:cache-size:
   *
   * The most bytes of rendered pages to keep. Visible pages are always
   * kept, even when they alone need more.
   */
  properties[PROP_CACHE_SIZE] =
    g_param_spec_uint64 ("cache-size", NULL, NULL,
                         0, G_MAXUINT64, DEFAULT_CACHE_SIZE,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

  /**
   * RingiPdfView::render-finished:
   * @page: the page index
   *
   * The picture of @page at the current zoom and rotation has arrived and
   * is drawn from now on.
   */
  signals[RENDER_FINISHED] =
    g_signal_new ("render-finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT);

  /**
   * RingiPdfView::page-clicked:
   * @page: the page index
   * @x: in PDF points from the left of the unrotated page
   * @y: in PDF points from its top
   *
   * The user clicked on a page, not on a link. Use it to place a seal.
   */
  signals[PAGE_CLICKED] =
    g_signal_new ("page-clicked",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_INT, G_TYPE_DOUBLE, G_TYPE_DOUBLE);

  gtk_widget_class_set_css_name (widget_class, "ringi-pdf-view");
  ringi_pdf_view_class_init_input (widget_class);
}

static void
ringi_pdf_view_init (RingiPdfView *self)
{
  self->zoom = 1.0;
  self->page = 0;
  self->pending_page = -1;
  self->pending_y = -1;
  self->layout_scale_factor = 1;
  self->first_visible = 0;
  self->last_visible = -1;
  self->cache = ringi_pdf_texture_cache_new (DEFAULT_CACHE_SIZE);
  self->renders = g_hash_table_new_full (NULL, NULL, NULL, NULL);
  self->links = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) links_free);
  self->current_match = -1;

  set_adjustment (self, &self->hadjustment, NULL);
  set_adjustment (self, &self->vadjustment, NULL);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  g_signal_connect (self, "notify::scale-factor", G_CALLBACK (on_scale_factor_changed), NULL);

  ringi_pdf_view_init_input (self);
}

/**
 * ringi_pdf_view_new:
 *
 * Returns: (transfer floating): a view with no document; put it in a
 *   #GtkScrolledWindow
 */
GtkWidget *
ringi_pdf_view_new (void)
{
  return g_object_new (RINGI_TYPE_PDF_VIEW, NULL);
}

static void
set_error (RingiPdfView *self,
           const GError *error)
{
  if (self->error == NULL && error == NULL)
    return;

  g_clear_error (&self->error);
  self->error = error != NULL ? g_error_copy (error) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
set_loading (RingiPdfView *self,
             gboolean loading)
{
  if (self->loading == loading)
    return;

  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
on_size_changed (RingiPdfView *self)
{
  relayout (self, 0, 0);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/**
 * ringi_pdf_view_set_document:
 * @self: a view
 * @document: (nullable): an open document
 *
 * Shows @document from its first page, or nothing. Clears the error,
 * the search and the overlays.
 */
void
ringi_pdf_view_set_document (RingiPdfView *self,
                             RingiPdfDocument *document)
{
  g_return_if_fail (RINGI_IS_PDF_VIEW (self));
  g_return_if_fail (document == NULL || RINGI_IS_PDF_DOCUMENT (document));

  if (self->document == document)
    return;

  drop_document (self);
  ringi_pdf_view_set_overlays (self, NULL, 0);
  set_error (self, NULL);
  self->cancellable = g_cancellable_new ();

  if (document != NULL)
    {
      self->document = g_object_ref (document);
      self->renderer = ringi_pdf_renderer_new (document);
      g_signal_connect_object (document, "page-sizes-changed", G_CALLBACK (on_size_changed),
                               self, G_CONNECT_SWAPPED);
    }

  if (self->pending_page < 0)
    {
      self->pending_page = 0;
      self->pending_y = -1;
    }
  set_page (self, self->pending_page);
  set_scroll (self, 0, 0);

  /* A view already on screen lays the pages out now rather than at the
   * next frame: the first page is asked for without waiting. */
  if (document != NULL && gtk_widget_get_width (GTK_WIDGET (self)) > 0)
    {
      if (self->zoom_mode != RINGI_PDF_ZOOM_FREE)
        set_zoom_value (self, fit_zoom (self, self->zoom_mode));
      relayout (self, 0, 0);
    }
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
}

/**
 * ringi_pdf_view_get_document:
 * @self: a view
 *
 * Returns: (transfer none) (nullable): the document shown
 */
RingiPdfDocument *
ringi_pdf_view_get_document (RingiPdfView *self)
{
  g_return_val_if_fail (RINGI_IS_PDF_VIEW (self), NULL);

  return self->document;
}

static void
on_loaded (GObject *object,
           GAsyncResult *result,
           gpointer user_data)
{
  g_autoptr(RingiPdfView) self = user_data;
  g_autoptr(RingiPdfDocument) document = NULL;
  g_autoptr(GError) error = NULL;

  document = ringi_pdf_document_load_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_loading (self, FALSE);
  if (document == NULL)
    set_error (self, error);
  else
    ringi_pdf_view_set_document (self, document);
}

/**
 * ringi_pdf_view_load_file:
 * @self: a view
 * @file: a PDF file
 * @password: (nullable): its password, if it has one
 *
 * Opens @file on a worker thread and shows it. Meanwhile
 * #RingiPdfView:loading is %TRUE; if it cannot be shown,
 * #RingiPdfView:error says why.
 */
void
ringi_pdf_view_load_file (RingiPdfView *self,
                          GFile *file,
                          const char *password)
{
  g_return_if_fail (RINGI_IS_PDF_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));

  ringi_pdf_view_set_document (self, NULL);
  set_error (self, NULL);
  set_loading (self, TRUE);
  ringi_pdf_document_load_file_async (file, password, self->cancellable, on_loaded, g_object_ref (self));
}

/**
 * ringi_pdf_view_get_error:
 * @self: a view
 *
 * Returns: (transfer none) (nullable): why the last file could not be
 *   shown
 */
const GError *
ringi_pdf_view_get_error (RingiPdfView *self)
{
  g_return_val_if_fail (RINGI_IS_PDF_VIEW (self), NULL);

  return self->error;
}

gboolean
ringi_pdf_view_get_loading (RingiPdfView *self)
{
  g_return_val_if_fail (RINGI_IS_PDF_VIEW (self), FALSE);

  return self->loading;
}

/**
 * ringi_pdf_view_get_page:
 * @self: a view
 *
 * Returns: the index of the page being read: the one last gone to, or the
 *   one across the upper third of the view after scrolling
 */
int
ringi_pdf_view_get_page (RingiPdfView *self)
{
  g_return_val_if_fail (RINGI_IS_PDF_VIEW (self), 0);

  return self->page;
}

/**
 * ringi_pdf_view_scroll_to:
 * @self: a view
 * @page: a page index
 * @page_y: a point on the page in points from its top, brought to the top
 *   of the view; -1 for the page's top edge
 */
void
ringi_pdf_view_scroll_to (RingiPdfView *self,
                          int page,
                          double page_y)
{
  double x = scroll_x (self), lx, ly;

  set_page (self, page);
  if (!ringi_pdf_view_has_layout (self))
    {
      self->pending_page = page;
      self->pending_y = page_y;
      return;
    }

  /* On a page turned a quarter, a height on the page is a width on
   * screen: show the whole page instead. */
  if (page_y < 0 || self->rotation % 180 != 0)
    ly = -PAGE_GAP / 2;
  else
    page_to_local (self, page, 0, page_y, &lx, &ly);

  self->scrolling_itself = TRUE;
  set_scroll (self, x, self->tops[page] + ly);
  update_visible (self);
  self->scrolling_itself = FALSE;
}

/**
 * ringi_pdf_view_go_to_page:
 * @self: a view
 * @page: a page index, from 0
 *
 * Scrolls so that the top of @page is at the top of the view.
 */
void
ringi_pdf_view_go_to_page (RingiPdfView *self,
                           int page)
{
  g_return_if_fail (RINGI_IS_PDF_VIEW (self));
  g_return_if_fail (page >= 0);

  if (self->document != NULL)
    page = MIN (page, ringi_pdf_document_get_n_pages (self->document) - 1);
  ringi_pdf_view_scroll_to (self, page, -1);
}

void
ringi_pdf_view_scroll_by (RingiPdfView *self,
                          double dx,
                          double dy)
{
  set_scroll (self, scroll_x (self) + dx, scroll_y (self) + dy);
  update_visible (self);
}

double
ringi_pdf_view_get_zoom (RingiPdfView *self)
{
  g_return_val_if_fail (RINGI_IS_PDF_VIEW (self), 1.0);

  return self->zoom;
}

static void
view_centre (RingiPdfView *self,
             double *x,
             double *y)
{
  *x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
  *y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
}

/**
 * ringi_pdf_view_set_zoom:
 * @self: a view
 * @zoom: 1.0 for 100 %; clamped to %RINGI_PDF_VIEW_MIN_ZOOM –
 *   %RINGI_PDF_VIEW_MAX_ZOOM
 *
 * Zooms about the centre of the view and sets the zoom mode to
 * %RINGI_PDF_ZOOM_FREE.
 */
void
ringi_pdf_view_set_zoom (RingiPdfView *self,
                         double zoom)
{
  double x, y;

  g_return_if_fail (RINGI_IS_PDF_VIEW (self));

  view_centre (self, &x, &y);
  ringi_pdf_view_set_zoom_at (self, RINGI_PDF_ZOOM_FREE, zoom, x, y);
}

RingiPdfZoomMode
ringi_pdf_view_get_zoom_mode (RingiPdfView *self)
{
  g_return_val_if_fail (RINGI_IS_PDF_VIEW (self), RINGI_PDF_ZOOM_FREE);

  return self->zoom_mode;
}

void
ringi_pdf_view_set_zoom_mode (RingiPdfView *self,
                              RingiPdfZoomMode mode)
{
  double x, y;

  g_return_if_fail (RINGI_IS_PDF_VIEW (self));

  view_centre (self, &x, &y);
  ringi_pdf_view_set_zoom_at (self, mode, self->zoom, x, y);
}

int
ringi_pdf_view_get_rotation (RingiPdfView *self)
{
  g_return_val_if_fail (RINGI_IS_PDF_VIEW (self), 0);

  return self->rotation;
}

/**
 * ringi_pdf_view_set_rotation:
 * @self: a view
 * @rotation: degrees clockwise, a multiple of 90 (any sign)
 *
 * Turns every page, keeping the page at the centre of the view.
 */
void
ringi_pdf_view_set_rotation (RingiPdfView *self,
                             int rotation)
{
  int page;

  g_return_if_fail (RINGI_IS_PDF_VIEW (self));
  g_return_if_fail (rotation % 90 == 0);

  rotation = ((rotation % 360) + 360) % 360;
  if (self->rotation == rotation)
    return;

  page = self->page;
  self->rotation = rotation;
  if (self->zoom_mode != RINGI_PDF_ZOOM_FREE && self->document != NULL &&
      gtk_widget_get_width (GTK_WIDGET (self)) > 0)
    set_zoom_value (self, fit_zoom (self, self->zoom_mode));
  if (ringi_pdf_view_has_layout (self))
    {
      compute_layout (self);
      configure_adjustments (self);
      ringi_pdf_view_go_to_page (self, page);
    }
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROTATION]);
}

gsize
ringi_pdf_view_get_cache_size (RingiPdfView *self)
{
  g_return_val_if_fail (RINGI_IS_PDF_VIEW (self), 0);

  return ringi_pdf_texture_cache_get_budget (self->cache);
}

/**
 * ringi_pdf_view_set_cache_size:
 * @self: a view
 * @bytes: the most bytes of rendered pages to keep
 */
void
ringi_pdf_view_set_cache_size (RingiPdfView *self,
                               gsize bytes)
{
  g_return_if_fail (RINGI_IS_PDF_VIEW (self));

  if (ringi_pdf_texture_cache_get_budget (self->cache) == bytes)
    return;

  ringi_pdf_texture_cache_set_budget (self->cache, bytes);
  update_visible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CACHE_SIZE]);
}

/**
 * ringi_pdf_view_widget_to_page:
 * @self: a view
 * @x: a point of the widget
 * @y: its y
 * @page: (out) (optional): the page index under the point
 * @page_x: (out) (optional): in points from the left of the unrotated
 *   page
 * @page_y: (out) (optional): in points from its top
 *
 * Returns: %TRUE if the point is on a page
 */
gboolean
ringi_pdf_view_widget_to_page (RingiPdfView *self,
                               double x,
                               double y,
                               int *page,
                               double *page_x,
                               double *page_y)
{
  graphene_rect_t rect;
  double px, py;
  int index;

  g_return_val_if_fail (RINGI_IS_PDF_VIEW (self), FALSE);

  if (!ringi_pdf_view_has_layout (self))
    return FALSE;

  index = page_at_y (self, y + scroll_y (self));
  ringi_pdf_view_get_page_rect (self, index, &rect);
  if (!graphene_rect_contains_point (&rect, &GRAPHENE_POINT_INIT (x, y)))
    return FALSE;

  local_to_page (self, index, x - rect.origin.x, y - rect.origin.y, &px, &py);
  if (page != NULL)
    *page = index;
  if (page_x != NULL)
    *page_x = px;
  if (page_y != NULL)
    *page_y = py;
  return TRUE;
}

/**
 * ringi_pdf_view_page_to_widget:
 * @self: a view
 * @page: a page index
 * @page_x: in points from the left of the unrotated page
 * @page_y: in points from its top
 * @x: (out) (optional): the point in widget coordinates
 * @y: (out) (optional): its y
 *
 * Returns: %TRUE if the view has a layout; the point may be scrolled out
 *   of sight
 */
gboolean
ringi_pdf_view_page_to_widget (RingiPdfView *self,
                               int page,
                               double page_x,
                               double page_y,
                               double *x,
                               double *y)
{
  graphene_rect_t rect;
  double lx, ly;

  g_return_val_if_fail (RINGI_IS_PDF_VIEW (self), FALSE);

  if (!ringi_pdf_view_has_layout (self) || page < 0 || page >= self->n_pages)
    return FALSE;

  ringi_pdf_view_get_page_rect (self, page, &rect);
  page_to_local (self, page, page_x, page_y, &lx, &ly);
  if (x != NULL)
    *x = rect.origin.x + lx;
  if (y != NULL)
    *y = rect.origin.y + ly;
  return TRUE;
}

static void
overlay_clear (RingiPdfOverlay *overlay)
{
  g_clear_object (&overlay->paintable);
}

/**
 * ringi_pdf_view_set_overlays:
 * @self: a view
 * @overlays: (array length=n_overlays) (nullable): pictures to draw over
 *   the pages, e.g. seals at their placement
 * @n_overlays: how many
 *
 * Replaces the overlays. The array is copied and each paintable
 * referenced; a paintable that changes is not redrawn by itself, call this
 * again.
 */
void
ringi_pdf_view_set_overlays (RingiPdfView *self,
                             const RingiPdfOverlay *overlays,
                             guint n_overlays)
{
  g_return_if_fail (RINGI_IS_PDF_VIEW (self));
  g_return_if_fail (overlays != NULL || n_overlays == 0);

  for (guint i = 0; i < n_overlays; i++)
    {
      g_return_if_fail (GDK_IS_PAINTABLE (overlays[i].paintable));
      g_return_if_fail (overlays[i].size > 0);
    }

  if (self->overlays == NULL && n_overlays == 0)
    return;

  g_clear_pointer (&self->overlays, g_array_unref);
  if (n_overlays > 0)
    {
      self->overlays = g_array_sized_new (FALSE, FALSE, sizeof (RingiPdfOverlay), n_overlays);
      g_array_set_clear_func (self->overlays, (GDestroyNotify) overlay_clear);
      g_array_append_vals (self->overlays, overlays, n_overlays);
      for (guint i = 0; i < n_overlays; i++)
        g_object_ref (g_array_index (self->overlays, RingiPdfOverlay, i).paintable);
    }

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * ringi_pdf_view_find_link:
 * @self: a view
 * @page: a page index
 * @page_x: in points from the left of the unrotated page
 * @page_y: in points from its top
 *
 * Returns: (nullable): the link at that point, if its page's links have
 *   been read
 */
const RingiPdfLink *
ringi_pdf_view_find_link (RingiPdfView *self,
                          int page,
                          double page_x,
                          double page_y)
{
  GArray *links = g_hash_table_lookup (self->links, GINT_TO_POINTER (page));

  for (guint i = 0; links != NULL && i < links->len; i++)
    {
      const RingiPdfLink *link = &g_array_index (links, RingiPdfLink, i);

      if (page_x >= link->area.x && page_x <= link->area.x + link->area.width &&
          page_y >= link->area.y && page_y <= link->area.y + link->area.height)
        return link;
    }
  return NULL;
}

static void
follow_click (RingiPdfView *self,
              int page,
              double page_x,
              double page_y)
{
  const RingiPdfLink *link = ringi_pdf_view_find_link (self, page, page_x, page_y);

  if (link != NULL && link->dest_page >= 0)
    ringi_pdf_view_scroll_to (self, link->dest_page, link->dest_y);
  else
    g_signal_emit (self, signals[PAGE_CLICKED], 0, page, page_x, page_y);
}

/**
 * ringi_pdf_view_handle_click:
 * @self: a view
 * @x: where the primary button was released, in widget coordinates
 * @y: its y
 *
 * Follows a link inside the document, or emits
 * #RingiPdfView::page-clicked. If the page's links have not been read,
 * this happens when they arrive.
 */
void
ringi_pdf_view_handle_click (RingiPdfView *self,
                             double x,
                             double y)
{
  double page_x, page_y;
  int page;

  self->click_pending = FALSE;
  if (!ringi_pdf_view_widget_to_page (self, x, y, &page, &page_x, &page_y))
    return;

  if (g_hash_table_lookup (self->links, GINT_TO_POINTER (page)) == NULL)
    {
      self->click_pending = TRUE;
      self->click_page = page;
      self->click_x = page_x;
      self->click_y = page_y;
      ringi_pdf_view_read_links (self, page);
      return;
    }

  follow_click (self, page, page_x, page_y);
}

RingiPdfTextureCache *
ringi_pdf_view_get_texture_cache (RingiPdfView *self)
{
  return self->cache;
}

RingiPdfRenderer *
ringi_pdf_view_get_renderer (RingiPdfView *self)
{
  return self->renderer;
}

/**
 * ringi_pdf_view_get_page_texture:
 * @self: a view
 * @page: a page index
 *
 * Returns: (transfer none) (nullable): the picture of @page at the current
 *   zoom and rotation, if it has arrived
 */
GdkTexture *
ringi_pdf_view_get_page_texture (RingiPdfView *self,
                                 int page)
{
  RingiPdfTextureKey key;

  if (!ringi_pdf_view_has_layout (self) || page < 0 || page >= self->n_pages)
    return NULL;

  key = page_key (self, page);
  return ringi_pdf_texture_cache_lookup (self->cache, &key);
}
