/* ringi-sent-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ringi-sync.h"

G_BEGIN_DECLS

#define RINGI_TYPE_SENT_PAGE (ringi_sent_page_get_type ())
G_DECLARE_FINAL_TYPE (RingiSentPage, ringi_sent_page, RINGI, SENT_PAGE, AdwBin)

GtkWidget *ringi_sent_page_new (void);
RingiSync *ringi_sent_page_get_sync (RingiSentPage *self);
void ringi_sent_page_set_sync (RingiSentPage *self,
                               RingiSync *sync);
GListModel *ringi_sent_page_get_model (RingiSentPage *self);
gboolean ringi_sent_page_get_loading (RingiSentPage *self);
void ringi_sent_page_reload (RingiSentPage *self);

G_END_DECLS
