/* ringi-route-editor.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ringi-route.h"

G_BEGIN_DECLS

#define RINGI_TYPE_ROUTE_EDITOR (ringi_route_editor_get_type ())
G_DECLARE_FINAL_TYPE (RingiRouteEditor, ringi_route_editor, RINGI, ROUTE_EDITOR, GtkWidget)

GtkWidget *ringi_route_editor_new (void);
void ringi_route_editor_set_directory (RingiRouteEditor *self,
                                       GPtrArray *users);
void ringi_route_editor_set_route (RingiRouteEditor *self,
                                   const RingiRoute *route);
guint ringi_route_editor_get_n_steps (RingiRouteEditor *self);
char *ringi_route_editor_dup_text (RingiRouteEditor *self,
                                   GError **error);

G_END_DECLS
