/* ringi-request-list-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ringi-request-loader.h"
#include "ringi-sync.h"

G_BEGIN_DECLS

#define RINGI_TYPE_REQUEST_LIST_PAGE (ringi_request_list_page_get_type ())
G_DECLARE_FINAL_TYPE (RingiRequestListPage, ringi_request_list_page, RINGI, REQUEST_LIST_PAGE, AdwBin)

GtkWidget *ringi_request_list_page_new (RingiRequestList list);
RingiRequestList ringi_request_list_page_get_list (RingiRequestListPage *self);
RingiSync *ringi_request_list_page_get_sync (RingiRequestListPage *self);
void ringi_request_list_page_set_sync (RingiRequestListPage *self,
                                       RingiSync *sync);
GListModel *ringi_request_list_page_get_model (RingiRequestListPage *self);
gboolean ringi_request_list_page_get_loading (RingiRequestListPage *self);
void ringi_request_list_page_reload (RingiRequestListPage *self);

G_END_DECLS
