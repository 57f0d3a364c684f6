/* ringi-pdf-texture-cache.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-pdf-texture-cache"

#include "config.h"

#include "ringi-pdf-texture-cache.h"

/*
 * RingiPdfTextureCache: rendered pages, at most one picture per page,
 * bounded in bytes. When over budget it drops the least recently used
 * pictures, except those of the kept pages (the visible ones): a page on
 * screen never turns blank because of the budget.
 */

typedef struct
{
  RingiPdfTextureKey key;
  GdkTexture *texture;
  gsize bytes;
  GList link; /* in the LRU queue; data is the entry */
} Entry;

struct _RingiPdfTextureCache
{
  GObject parent_instance;

  GHashTable *pages; /* page index → Entry */
  GQueue lru;        /* most recently used first */
  gsize size;
  gsize budget;
  int kept_first;
  int kept_last;
};

G_DEFINE_FINAL_TYPE (RingiPdfTextureCache, ringi_pdf_texture_cache, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_BUDGET,
  PROP_SIZE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
entry_free (Entry *entry)
{
  g_clear_object (&entry->texture);
  g_free (entry);
}

static void
remove_entry (RingiPdfTextureCache *self,
              Entry *entry)
{
  g_queue_unlink (&self->lru, &entry->link);
  self->size -= entry->bytes;
  g_hash_table_remove (self->pages, GINT_TO_POINTER (entry->key.page));
}

static gboolean
is_kept (RingiPdfTextureCache *self,
         int page)
{
  return page >= self->kept_first && page <= self->kept_last;
}

static void
evict (RingiPdfTextureCache *self)
{
  gsize before = self->size;
  GList *link = self->lru.tail;

  while (self->size > self->budget && link != NULL)
    {
      GList *prev = link->prev;
      Entry *entry = link->data;

      if (!is_kept (self, entry->key.page))
        remove_entry (self, entry);
      link = prev;
    }

  if (self->size != before)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIZE]);
}

static void
ringi_pdf_texture_cache_finalize (GObject *object)
{
  RingiPdfTextureCache *self = (RingiPdfTextureCache *) object;

  g_clear_pointer (&self->pages, g_hash_table_unref);

  G_OBJECT_CLASS (ringi_pdf_texture_cache_parent_class)->finalize (object);
}

static void
ringi_pdf_texture_cache_get_property (GObject *object,
                                      guint prop_id,
                                      GValue *value,
                                      GParamSpec *pspec)
{
  RingiPdfTextureCache *self = RINGI_PDF_TEXTURE_CACHE (object);

  switch (prop_id)
    {
    case PROP_BUDGET:
      g_value_set_uint64 (value, self->budget);
      break;

    case PROP_SIZE:
      g_value_set_uint64 (value, self->size);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ringi_pdf_texture_cache_set_property (GObject *object,
                                      guint prop_id,
                                      const GValue *value,
                                      GParamSpec *pspec)
{
  RingiPdfTextureCache *self = RINGI_PDF_TEXTURE_CACHE (object);

  switch (prop_id)
    {
    case PROP_BUDGET:
      ringi_pdf_texture_cache_set_budget (self, g_value_get_uint64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ringi_pdf_texture_cache_class_init (RingiPdfTextureCacheClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ringi_pdf_texture_cache_finalize;
  object_class->get_property = ringi_pdf_texture_cache_get_property;
  object_class->set_property = ringi_pdf_texture_cache_set_property;

  properties[PROP_BUDGET] =
    g_param_spec_uint64 ("budget", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  properties[PROP_SIZE] =
    g_param_spec_uint64 ("size", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ringi_pdf_texture_cache_init (RingiPdfTextureCache *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) entry_free);
  self->kept_first = 0;
  self->kept_last = -1;
}

/**
 * ringi_pdf_texture_cache_new:
 * @budget: the most bytes of pixels to hold
 *
 * Returns: (transfer full): an empty cache
 */
RingiPdfTextureCache *
ringi_pdf_texture_cache_new (gsize budget)
{
  return g_object_new (RINGI_TYPE_PDF_TEXTURE_CACHE, "budget", (guint64) budget, NULL);
}

void
ringi_pdf_texture_cache_set_budget (RingiPdfTextureCache *self,
                                    gsize budget)
{
  g_return_if_fail (RINGI_IS_PDF_TEXTURE_CACHE (self));

  if (self->budget == budget)
    return;

  self->budget = budget;
  evict (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUDGET]);
}

gsize
ringi_pdf_texture_cache_get_budget (RingiPdfTextureCache *self)
{
  g_return_val_if_fail (RINGI_IS_PDF_TEXTURE_CACHE (self), 0);

  return self->budget;
}

/**
 * ringi_pdf_texture_cache_get_size:
 * @self: a cache
 *
 * Returns: the bytes of pixels held now. Above the budget only when the
 *   kept pages alone need more.
 */
gsize
ringi_pdf_texture_cache_get_size (RingiPdfTextureCache *self)
{
  g_return_val_if_fail (RINGI_IS_PDF_TEXTURE_CACHE (self), 0);

  return self->size;
}

guint
ringi_pdf_texture_cache_get_n_textures (RingiPdfTextureCache *self)
{
  g_return_val_if_fail (RINGI_IS_PDF_TEXTURE_CACHE (self), 0);

  return self->lru.length;
}

/**
 * ringi_pdf_texture_cache_set_kept_pages:
 * @self: a cache
 * @first: the first page to keep
 * @last: the last page to keep; less than @first for none
 *
 * Names the pages never dropped to meet the budget, usually the visible
 * ones, and drops others if the cache is over budget.
 */
void
ringi_pdf_texture_cache_set_kept_pages (RingiPdfTextureCache *self,
                                        int first,
                                        int last)
{
  g_return_if_fail (RINGI_IS_PDF_TEXTURE_CACHE (self));

  self->kept_first = first;
  self->kept_last = last;
  evict (self);
}

static gboolean
key_equal (const RingiPdfTextureKey *a,
           const RingiPdfTextureKey *b)
{
  return a->page == b->page && a->rotation == b->rotation &&
         a->width == b->width && a->height == b->height;
}

static Entry *
touch (RingiPdfTextureCache *self,
       int page)
{
  Entry *entry = g_hash_table_lookup (self->pages, GINT_TO_POINTER (page));

  if (entry != NULL)
    {
      g_queue_unlink (&self->lru, &entry->link);
      g_queue_push_head_link (&self->lru, &entry->link);
    }
  return entry;
}

/**
 * ringi_pdf_texture_cache_lookup:
 * @self: a cache
 * @key: the picture wanted
 *
 * Returns: (transfer none) (nullable): the texture, or %NULL if the cache
 *   has no picture of the page at that size and rotation
 */
GdkTexture *
ringi_pdf_texture_cache_lookup (RingiPdfTextureCache *self,
                                const RingiPdfTextureKey *key)
{
  Entry *entry;

  g_return_val_if_fail (RINGI_IS_PDF_TEXTURE_CACHE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  entry = touch (self, key->page);
  return entry != NULL && key_equal (&entry->key, key) ? entry->texture : NULL;
}

/**
 * ringi_pdf_texture_cache_lookup_page:
 * @self: a cache
 * @page: a page index
 * @rotation: the rotation wanted
 *
 * A picture of the page at any size, e.g. at the zoom before the last:
 * better stretched than blank until the right one is drawn.
 *
 * Returns: (transfer none) (nullable): the texture, or %NULL
 */
GdkTexture *
ringi_pdf_texture_cache_lookup_page (RingiPdfTextureCache *self,
                                     int page,
                                     int rotation)
{
  Entry *entry;

  g_return_val_if_fail (RINGI_IS_PDF_TEXTURE_CACHE (self), NULL);

  entry = g_hash_table_lookup (self->pages, GINT_TO_POINTER (page));
  return entry != NULL && entry->key.rotation == rotation ? entry->texture : NULL;
}

/**
 * ringi_pdf_texture_cache_insert:
 * @self: a cache
 * @key: which picture @texture is
 * @texture: the picture
 *
 * Adds a picture, replacing the page's previous one, then drops the least
 * recently used pictures of pages not kept while over budget — possibly
 * this one, if it alone is over budget and its page is not kept.
 */
void
ringi_pdf_texture_cache_insert (RingiPdfTextureCache *self,
                                const RingiPdfTextureKey *key,
                                GdkTexture *texture)
{
  Entry *entry;

  g_return_if_fail (RINGI_IS_PDF_TEXTURE_CACHE (self));
  g_return_if_fail (key != NULL);
  g_return_if_fail (GDK_IS_TEXTURE (texture));

  entry = g_hash_table_lookup (self->pages, GINT_TO_POINTER (key->page));
  if (entry != NULL)
    remove_entry (self, entry);

  entry = g_new0 (Entry, 1);
  entry->key = *key;
  entry->texture = g_object_ref (texture);
  entry->bytes = (gsize) gdk_texture_get_width (texture) * gdk_texture_get_height (texture) * 4;
  entry->link.data = entry;
  g_queue_push_head_link (&self->lru, &entry->link);
  g_hash_table_insert (self->pages, GINT_TO_POINTER (key->page), entry);
  self->size += entry->bytes;

  evict (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIZE]);
}

void
ringi_pdf_texture_cache_clear (RingiPdfTextureCache *self)
{
  g_return_if_fail (RINGI_IS_PDF_TEXTURE_CACHE (self));

  if (self->size == 0 && self->lru.length == 0)
    return;

  g_queue_init (&self->lru);
  g_hash_table_remove_all (self->pages);
  self->size = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIZE]);
}
