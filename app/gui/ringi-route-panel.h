/* ringi-route-panel.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ringi-request-data.h"
#include "ringi-sync.h"
#include "ringi-verifier.h"

G_BEGIN_DECLS

#define RINGI_TYPE_ROUTE_PANEL (ringi_route_panel_get_type ())
G_DECLARE_FINAL_TYPE (RingiRoutePanel, ringi_route_panel, RINGI, ROUTE_PANEL, GtkWidget)

GtkWidget *ringi_route_panel_new (void);
void ringi_route_panel_set_data (RingiRoutePanel *self,
                                 RingiRequestData *data);
void ringi_route_panel_set_verdicts (RingiRoutePanel *self,
                                     GPtrArray *results);
void ringi_route_panel_set_verify_error (RingiRoutePanel *self,
                                         const char *message);
void ringi_route_panel_set_correction (RingiRoutePanel *self,
                                       RingiCorrection *correction,
                                       const char *problem);
const char *ringi_route_panel_get_correction_text (RingiRoutePanel *self);
guint ringi_route_panel_get_n_stamps (RingiRoutePanel *self);
const char *ringi_route_panel_get_badge (RingiRoutePanel *self,
                                         guint index);
const char *ringi_route_panel_get_state (RingiRoutePanel *self,
                                         guint index);

const char *ringi_stamp_status_to_sentence (RingiStampStatus status);

G_END_DECLS
