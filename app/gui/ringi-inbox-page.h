/* ringi-inbox-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ringi-sync.h"

G_BEGIN_DECLS

#define RINGI_TYPE_INBOX_PAGE (ringi_inbox_page_get_type ())
G_DECLARE_FINAL_TYPE (RingiInboxPage, ringi_inbox_page, RINGI, INBOX_PAGE, AdwBin)

GtkWidget *ringi_inbox_page_new (void);
RingiSync *ringi_inbox_page_get_sync (RingiInboxPage *self);
void ringi_inbox_page_set_sync (RingiInboxPage *self,
                                RingiSync *sync);
GListModel *ringi_inbox_page_get_model (RingiInboxPage *self);
gboolean ringi_inbox_page_get_loading (RingiInboxPage *self);
void ringi_inbox_page_reload (RingiInboxPage *self);

G_END_DECLS
