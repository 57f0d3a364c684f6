/* ringi-preferences-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ringi-config.h"
#include "ringi-sync.h"

G_BEGIN_DECLS

#define RINGI_TYPE_PREFERENCES_WINDOW (ringi_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (RingiPreferencesWindow, ringi_preferences_window, RINGI, PREFERENCES_WINDOW, AdwPreferencesWindow)

RingiPreferencesWindow *ringi_preferences_window_new (GtkWindow *parent,
                                                      RingiSync *sync);
RingiSync *ringi_preferences_window_get_sync (RingiPreferencesWindow *self);
void ringi_preferences_window_set_config (RingiPreferencesWindow *self,
                                          RingiConfig *config);
void ringi_preferences_window_set_ca_file (RingiPreferencesWindow *self,
                                           const char *ca_file);
void ringi_preferences_window_export_key (RingiPreferencesWindow *self,
                                          GFile *file);
gboolean ringi_preferences_window_get_busy (RingiPreferencesWindow *self);
char *ringi_preferences_window_format_fingerprint (const char *fingerprint);

G_END_DECLS
