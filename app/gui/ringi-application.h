/* ringi-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ringi-sync.h"

G_BEGIN_DECLS

#define RINGI_TYPE_APPLICATION (ringi_application_get_type ())
G_DECLARE_FINAL_TYPE (RingiApplication, ringi_application, RINGI, APPLICATION, AdwApplication)

RingiApplication *ringi_application_new (void);
GSettings *ringi_application_get_settings (RingiApplication *self);

void ringi_application_open_profile (RingiApplication *self,
                                     const char *dir);
void ringi_application_close_profile (RingiApplication *self);
RingiSync *ringi_application_get_sync (RingiApplication *self);
gboolean ringi_application_get_enrolled (RingiApplication *self);
const char *ringi_application_get_profile_error (RingiApplication *self);
void ringi_application_profile_enrolled (RingiApplication *self);

void ringi_application_send_notification (RingiApplication *self,
                                          const char *id,
                                          GNotification *notification);

G_END_DECLS
