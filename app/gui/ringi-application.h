/* ringi-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define RINGI_TYPE_APPLICATION (ringi_application_get_type ())
G_DECLARE_FINAL_TYPE (RingiApplication, ringi_application, RINGI, APPLICATION, AdwApplication)

RingiApplication *ringi_application_new (void);
GSettings *ringi_application_get_settings (RingiApplication *self);

G_END_DECLS
