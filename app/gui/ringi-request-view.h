/* ringi-request-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ringi-pin-dialog.h"
#include "ringi-route-panel.h"
#include "ringi-stamp.h"
#include "ringi-sync.h"

G_BEGIN_DECLS

#define RINGI_TYPE_REQUEST_VIEW (ringi_request_view_get_type ())
G_DECLARE_FINAL_TYPE (RingiRequestView, ringi_request_view, RINGI, REQUEST_VIEW, GtkWidget)

GtkWidget *ringi_request_view_new (RingiSync *sync,
                                   const char *request_id);
RingiSync *ringi_request_view_get_sync (RingiRequestView *self);
const char *ringi_request_view_get_request_id (RingiRequestView *self);
const char *ringi_request_view_get_title (RingiRequestView *self);
const char *ringi_request_view_get_subtitle (RingiRequestView *self);
gboolean ringi_request_view_get_loading (RingiRequestView *self);
gboolean ringi_request_view_get_verifying (RingiRequestView *self);
gboolean ringi_request_view_get_busy (RingiRequestView *self);
gboolean ringi_request_view_get_pending (RingiRequestView *self);
void ringi_request_view_reload (RingiRequestView *self);

gboolean ringi_request_view_get_seal_placement (RingiRequestView *self,
                                                RingiPlacement *placement);
void ringi_request_view_move_seal (RingiRequestView *self,
                                   const RingiPlacement *placement);
void ringi_request_view_set_comment (RingiRequestView *self,
                                     const char *comment);
void ringi_request_view_set_send_back_step (RingiRequestView *self,
                                            guint to_step);

void ringi_request_view_export_bundle_async (RingiRequestView *self,
                                             const char *path,
                                             GAsyncReadyCallback callback,
                                             gpointer user_data);
void ringi_request_view_export_stamped_pdf_async (RingiRequestView *self,
                                                  const char *path,
                                                  GAsyncReadyCallback callback,
                                                  gpointer user_data);
gboolean ringi_request_view_export_finish (RingiRequestView *self,
                                           GAsyncResult *result,
                                           GError **error);

RingiRoutePanel *ringi_request_view_get_route_panel (RingiRequestView *self);
RingiPinDialog *ringi_request_view_get_pin_dialog (RingiRequestView *self);

G_END_DECLS
