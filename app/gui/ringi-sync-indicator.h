/* ringi-sync-indicator.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ringi-sync.h"

G_BEGIN_DECLS

#define RINGI_TYPE_SYNC_INDICATOR (ringi_sync_indicator_get_type ())
G_DECLARE_FINAL_TYPE (RingiSyncIndicator, ringi_sync_indicator, RINGI, SYNC_INDICATOR, AdwBin)

GtkWidget *ringi_sync_indicator_new (void);
RingiSync *ringi_sync_indicator_get_sync (RingiSyncIndicator *self);
void ringi_sync_indicator_set_sync (RingiSyncIndicator *self,
                                    RingiSync *sync);
const char *ringi_sync_indicator_get_summary (RingiSyncIndicator *self);

G_END_DECLS
