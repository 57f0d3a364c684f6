/* ringi-texture.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <gtk/gtk.h>

G_BEGIN_DECLS

GdkTexture *ringi_texture_new_for_surface (cairo_surface_t *surface);

G_END_DECLS
