/* ringi-thumbnails.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-thumbnails"

#include "config.h"

#include "ringi-pdf-renderer.h"
#include "ringi-pdf-texture-cache.h"
#include "ringi-texture.h"
#include "ringi-thumbnails.h"

/*
 * RingiThumbnails: a sidebar of small pages for a RingiPdfView. The list
 * view creates rows only for what is on screen; each row asks for its
 * picture when bound, at thumbnail priority (after the view's own pages),
 * and drops the request when unbound.
 */

#define THUMBNAIL_WIDTH 120
#define CACHE_SIZE      (16 * 1024 * 1024)

struct _RingiThumbnails
{
  GtkWidget parent_instance;

  GtkListView *list;

  RingiPdfView *view;
  RingiPdfDocument *document;
  RingiPdfRenderer *renderer;
  RingiPdfTextureCache *cache;
  GtkSingleSelection *selection;
  GHashTable *bound; /* page → the GtkPicture showing it */
};

G_DEFINE_FINAL_TYPE (RingiThumbnails, ringi_thumbnails, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_VIEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  RingiThumbnails *self;
  RingiPdfRenderer *renderer;
  RingiPdfTextureKey key;
} ThumbnailRequest;

static void
thumbnail_request_free (ThumbnailRequest *request)
{
  g_clear_object (&request->self);
  g_clear_object (&request->renderer);
  g_free (request);
}

static RingiPdfRenderSpec
thumbnail_spec (RingiThumbnails *self,
                int page)
{
  double width;

  ringi_pdf_document_get_page_size (self->document, page, &width, NULL);
  return (RingiPdfRenderSpec){
    page, THUMBNAIL_WIDTH * gtk_widget_get_scale_factor (GTK_WIDGET (self)) / width, 0
  };
}

static void
on_thumbnail_rendered (GObject *object,
                       GAsyncResult *result,
                       gpointer user_data)
{
  ThumbnailRequest *request = user_data;
  RingiThumbnails *self = request->self;
  cairo_surface_t *surface;
  g_autoptr(GdkTexture) texture = NULL;
  GtkPicture *picture;

  surface = ringi_pdf_renderer_render_finish (request->renderer, result, NULL);
  if (surface != NULL && request->renderer == self->renderer)
    {
      texture = ringi_texture_new_for_surface (surface);
      ringi_pdf_texture_cache_insert (self->cache, &request->key, texture);
      picture = g_hash_table_lookup (self->bound, GINT_TO_POINTER (request->key.page));
      if (picture != NULL)
        gtk_picture_set_paintable (picture, GDK_PAINTABLE (texture));
    }

  g_clear_pointer (&surface, cairo_surface_destroy);
  thumbnail_request_free (request);
}

static void
show_thumbnail (RingiThumbnails *self,
                int page,
                GtkPicture *picture)
{
  RingiPdfRenderSpec spec = thumbnail_spec (self, page);
  RingiPdfTextureKey key = { page, 0, 0, 0 };
  ThumbnailRequest *request;
  GdkTexture *texture;

  ringi_pdf_renderer_get_image_size (self->renderer, &spec, &key.width, &key.height);
  texture = ringi_pdf_texture_cache_lookup (self->cache, &key);
  gtk_picture_set_paintable (picture, GDK_PAINTABLE (texture));
  if (texture != NULL)
    return;

  request = g_new0 (ThumbnailRequest, 1);
  request->self = g_object_ref (self);
  request->renderer = g_object_ref (self->renderer);
  request->key = key;
  ringi_pdf_renderer_render_async (self->renderer, &spec, RINGI_PDF_PRIORITY_THUMBNAIL, NULL,
                                   on_thumbnail_rendered, request);
}

static void
on_setup_item (GtkSignalListItemFactory *factory,
               GtkListItem *item,
               RingiThumbnails *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *picture = gtk_picture_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_size_request (picture, THUMBNAIL_WIDTH, THUMBNAIL_WIDTH * 297 / 210);
  gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_CONTAIN);
  gtk_widget_add_css_class (picture, "card");
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_box_append (GTK_BOX (box), picture);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_item_set_child (item, box);
}

static void
on_bind_item (GtkSignalListItemFactory *factory,
              GtkListItem *item,
              RingiThumbnails *self)
{
  int page = gtk_list_item_get_position (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *picture = gtk_widget_get_first_child (box);
  GtkWidget *label = gtk_widget_get_last_child (box);
  g_autofree char *number = g_strdup_printf ("%d", page + 1);

  gtk_label_set_text (GTK_LABEL (label), number);
  g_hash_table_replace (self->bound, GINT_TO_POINTER (page), picture);
  if (self->renderer != NULL)
    show_thumbnail (self, page, GTK_PICTURE (picture));
}

static void
on_unbind_item (GtkSignalListItemFactory *factory,
                GtkListItem *item,
                RingiThumbnails *self)
{
  int page = gtk_list_item_get_position (item);
  GtkWidget *picture = gtk_widget_get_first_child (gtk_list_item_get_child (item));

  if (g_hash_table_lookup (self->bound, GINT_TO_POINTER (page)) == picture)
    g_hash_table_remove (self->bound, GINT_TO_POINTER (page));
  if (self->renderer != NULL)
    ringi_pdf_renderer_cancel (self->renderer, page);
  gtk_picture_set_paintable (GTK_PICTURE (picture), NULL);
}

static void
on_activate (RingiThumbnails *self,
             guint position)
{
  ringi_thumbnails_activate_page (self, position);
}

static void
follow_page (RingiThumbnails *self)
{
  int page = ringi_pdf_view_get_page (self->view);

  if (self->selection == NULL || page >= (int) g_list_model_get_n_items (G_LIST_MODEL (self->selection)))
    return;

  gtk_single_selection_set_selected (self->selection, page);
  gtk_widget_activate_action (GTK_WIDGET (self->list), "list.scroll-to-item", "u", page);
}

static void
drop_document (RingiThumbnails *self)
{
  GHashTableIter iter;
  gpointer page;

  if (self->renderer != NULL)
    {
      g_hash_table_iter_init (&iter, self->bound);
      while (g_hash_table_iter_next (&iter, &page, NULL))
        ringi_pdf_renderer_cancel (self->renderer, GPOINTER_TO_INT (page));
    }

  g_clear_object (&self->renderer);
  g_clear_object (&self->document);
  ringi_pdf_texture_cache_clear (self->cache);
}

static void
follow_document (RingiThumbnails *self)
{
  RingiPdfDocument *document = self->view != NULL ? ringi_pdf_view_get_document (self->view) : NULL;
  g_autoptr(GtkStringList) pages = gtk_string_list_new (NULL);

  if (document == self->document && self->selection != NULL)
    return;

  gtk_list_view_set_model (self->list, NULL);
  g_clear_object (&self->selection);
  drop_document (self);

  if (document != NULL)
    {
      int n_pages = ringi_pdf_document_get_n_pages (document);

      self->document = g_object_ref (document);
      self->renderer = ringi_pdf_renderer_new (document);
      for (int i = 0; i < n_pages; i++)
        {
          g_autofree char *number = g_strdup_printf ("%d", i + 1);

          gtk_string_list_append (pages, number);
        }
    }

  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_steal_pointer (&pages)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_list_view_set_model (self->list, GTK_SELECTION_MODEL (self->selection));
  if (document != NULL)
    follow_page (self);
}

static void
ringi_thumbnails_dispose (GObject *object)
{
  RingiThumbnails *self = (RingiThumbnails *) object;

  if (self->view != NULL)
    g_signal_handlers_disconnect_by_data (self->view, self);
  g_clear_object (&self->view);
  if (self->list != NULL)
    gtk_list_view_set_model (self->list, NULL);
  g_clear_object (&self->selection);
  drop_document (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), RINGI_TYPE_THUMBNAILS);

  G_OBJECT_CLASS (ringi_thumbnails_parent_class)->dispose (object);
}

static void
ringi_thumbnails_finalize (GObject *object)
{
  RingiThumbnails *self = (RingiThumbnails *) object;

  g_clear_object (&self->cache);
  g_clear_pointer (&self->bound, g_hash_table_unref);

  G_OBJECT_CLASS (ringi_thumbnails_parent_class)->finalize (object);
}

static void
ringi_thumbnails_get_property (GObject *object,
                               guint prop_id,
                               GValue *value,
                               GParamSpec *pspec)
{
  RingiThumbnails *self = RINGI_THUMBNAILS (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      g_value_set_object (value, self->view);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ringi_thumbnails_set_property (GObject *object,
                               guint prop_id,
                               const GValue *value,
                               GParamSpec *pspec)
{
  RingiThumbnails *self = RINGI_THUMBNAILS (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      ringi_thumbnails_set_view (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ringi_thumbnails_class_init (RingiThumbnailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ringi_thumbnails_dispose;
  object_class->finalize = ringi_thumbnails_finalize;
  object_class->get_property = ringi_thumbnails_get_property;
  object_class->set_property = ringi_thumbnails_set_property;

  properties[PROP_VIEW] =
    g_param_spec_object ("view", NULL, NULL,
                         RINGI_TYPE_PDF_VIEW,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ringi-thumbnails.ui");
  gtk_widget_class_bind_template_child (widget_class, RingiThumbnails, list);
  gtk_widget_class_bind_template_callback (widget_class, on_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_setup_item);
  gtk_widget_class_bind_template_callback (widget_class, on_bind_item);
  gtk_widget_class_bind_template_callback (widget_class, on_unbind_item);
  gtk_widget_class_set_css_name (widget_class, "ringi-thumbnails");
}

static void
ringi_thumbnails_init (RingiThumbnails *self)
{
  self->cache = ringi_pdf_texture_cache_new (CACHE_SIZE);
  self->bound = g_hash_table_new (NULL, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ringi_thumbnails_new:
 *
 * Returns: (transfer floating): a sidebar; give it a view with
 *   ringi_thumbnails_set_view()
 */
GtkWidget *
ringi_thumbnails_new (void)
{
  return g_object_new (RINGI_TYPE_THUMBNAILS, NULL);
}

/**
 * ringi_thumbnails_get_view:
 * @self: a sidebar
 *
 * Returns: (transfer none) (nullable): the view it follows
 */
RingiPdfView *
ringi_thumbnails_get_view (RingiThumbnails *self)
{
  g_return_val_if_fail (RINGI_IS_THUMBNAILS (self), NULL);

  return self->view;
}

/**
 * ringi_thumbnails_set_view:
 * @self: a sidebar
 * @view: (nullable): the view whose document to show
 *
 * Shows the pages of @view's document, follows its current page, and
 * sends it to the page of a thumbnail clicked.
 */
void
ringi_thumbnails_set_view (RingiThumbnails *self,
                           RingiPdfView *view)
{
  g_return_if_fail (RINGI_IS_THUMBNAILS (self));
  g_return_if_fail (view == NULL || RINGI_IS_PDF_VIEW (view));

  if (self->view == view)
    return;

  if (self->view != NULL)
    g_signal_handlers_disconnect_by_data (self->view, self);
  g_set_object (&self->view, view);
  if (view != NULL)
    {
      g_signal_connect_object (view, "notify::document", G_CALLBACK (follow_document), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (view, "notify::page", G_CALLBACK (follow_page), self, G_CONNECT_SWAPPED);
    }

  follow_document (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}

/**
 * ringi_thumbnails_get_selected_page:
 * @self: a sidebar
 *
 * Returns: the page highlighted, the view's current page, or -1
 */
int
ringi_thumbnails_get_selected_page (RingiThumbnails *self)
{
  guint selected;

  g_return_val_if_fail (RINGI_IS_THUMBNAILS (self), -1);

  if (self->selection == NULL)
    return -1;

  selected = gtk_single_selection_get_selected (self->selection);
  return selected == GTK_INVALID_LIST_POSITION ? -1 : (int) selected;
}

/**
 * ringi_thumbnails_activate_page:
 * @self: a sidebar
 * @page: a page index
 *
 * Does what a click on the thumbnail of @page does: the view goes there.
 */
void
ringi_thumbnails_activate_page (RingiThumbnails *self,
                                int page)
{
  g_return_if_fail (RINGI_IS_THUMBNAILS (self));

  if (self->view != NULL && self->document != NULL)
    ringi_pdf_view_go_to_page (self->view, page);
}

/**
 * ringi_thumbnails_get_n_rendered:
 * @self: a sidebar
 *
 * Returns: how many thumbnails have their picture
 */
guint
ringi_thumbnails_get_n_rendered (RingiThumbnails *self)
{
  g_return_val_if_fail (RINGI_IS_THUMBNAILS (self), 0);

  return ringi_pdf_texture_cache_get_n_textures (self->cache);
}
