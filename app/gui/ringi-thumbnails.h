/* ringi-thumbnails.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ringi-pdf-view.h"

G_BEGIN_DECLS

#define RINGI_TYPE_THUMBNAILS (ringi_thumbnails_get_type ())
G_DECLARE_FINAL_TYPE (RingiThumbnails, ringi_thumbnails, RINGI, THUMBNAILS, GtkWidget)

GtkWidget *ringi_thumbnails_new (void);
RingiPdfView *ringi_thumbnails_get_view (RingiThumbnails *self);
void ringi_thumbnails_set_view (RingiThumbnails *self,
                                RingiPdfView *view);
int ringi_thumbnails_get_selected_page (RingiThumbnails *self);
void ringi_thumbnails_activate_page (RingiThumbnails *self,
                                     int page);
guint ringi_thumbnails_get_n_rendered (RingiThumbnails *self);

G_END_DECLS
