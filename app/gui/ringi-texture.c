/* ringi-texture.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-texture"

#include "config.h"

#include "ringi-texture.h"

/**
 * ringi_texture_new_for_surface:
 * @surface: an ARGB32 cairo image, e.g. a rendered page or a seal
 *
 * Wraps the pixels of @surface in a texture without copying them: cairo's
 * premultiplied native-endian ARGB32 is GDK's default memory format. The
 * texture keeps @surface alive; do not draw on it afterwards.
 *
 * Returns: (transfer full): the texture, of the image's size in device
 *   pixels
 */
GdkTexture *
ringi_texture_new_for_surface (cairo_surface_t *surface)
{
  g_autoptr(GBytes) bytes = NULL;
  int width, height, stride;

  g_return_val_if_fail (surface != NULL, NULL);
  g_return_val_if_fail (cairo_surface_get_type (surface) == CAIRO_SURFACE_TYPE_IMAGE, NULL);
  g_return_val_if_fail (cairo_image_surface_get_format (surface) == CAIRO_FORMAT_ARGB32, NULL);

  cairo_surface_flush (surface);
  width = cairo_image_surface_get_width (surface);
  height = cairo_image_surface_get_height (surface);
  stride = cairo_image_surface_get_stride (surface);
  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      (gsize) stride * height,
                                      (GDestroyNotify) cairo_surface_destroy,
                                      cairo_surface_reference (surface));

  return gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, bytes, stride);
}
