/* ringi-pdf-texture-cache.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/**
 * RingiPdfTextureKey:
 * @page: the page index
 * @rotation: 0, 90, 180 or 270
 * @width: the width of the image in device pixels, which stands for the
 *   zoom and the screen's scale factor
 * @height: its height
 *
 * Which picture of a page a texture is.
 */
typedef struct
{
  int page;
  int rotation;
  int width;
  int height;
} RingiPdfTextureKey;

#define RINGI_TYPE_PDF_TEXTURE_CACHE (ringi_pdf_texture_cache_get_type ())
G_DECLARE_FINAL_TYPE (RingiPdfTextureCache, ringi_pdf_texture_cache, RINGI, PDF_TEXTURE_CACHE, GObject)

RingiPdfTextureCache *ringi_pdf_texture_cache_new (gsize budget);
void ringi_pdf_texture_cache_set_budget (RingiPdfTextureCache *self,
                                         gsize budget);
gsize ringi_pdf_texture_cache_get_budget (RingiPdfTextureCache *self);
gsize ringi_pdf_texture_cache_get_size (RingiPdfTextureCache *self);
guint ringi_pdf_texture_cache_get_n_textures (RingiPdfTextureCache *self);
void ringi_pdf_texture_cache_set_kept_pages (RingiPdfTextureCache *self,
                                             int first,
                                             int last);
GdkTexture *ringi_pdf_texture_cache_lookup (RingiPdfTextureCache *self,
                                            const RingiPdfTextureKey *key);
GdkTexture *ringi_pdf_texture_cache_lookup_page (RingiPdfTextureCache *self,
                                                 int page,
                                                 int rotation);
void ringi_pdf_texture_cache_insert (RingiPdfTextureCache *self,
                                     const RingiPdfTextureKey *key,
                                     GdkTexture *texture);
void ringi_pdf_texture_cache_clear (RingiPdfTextureCache *self);

G_END_DECLS
