/* ringi-archive-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ringi-sync.h"

G_BEGIN_DECLS

#define RINGI_TYPE_ARCHIVE_PAGE (ringi_archive_page_get_type ())
G_DECLARE_FINAL_TYPE (RingiArchivePage, ringi_archive_page, RINGI, ARCHIVE_PAGE, AdwBin)

GtkWidget *ringi_archive_page_new (void);
RingiSync *ringi_archive_page_get_sync (RingiArchivePage *self);
void ringi_archive_page_set_sync (RingiArchivePage *self,
                                  RingiSync *sync);
GListModel *ringi_archive_page_get_model (RingiArchivePage *self);
gboolean ringi_archive_page_get_loading (RingiArchivePage *self);
void ringi_archive_page_reload (RingiArchivePage *self);
void ringi_archive_page_search (RingiArchivePage *self,
                                const RingiSearchQuery *query);
void ringi_archive_page_focus_search (RingiArchivePage *self);

G_END_DECLS
