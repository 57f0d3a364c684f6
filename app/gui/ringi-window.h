/* ringi-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ringi-application.h"

G_BEGIN_DECLS

#define RINGI_TYPE_WINDOW (ringi_window_get_type ())
G_DECLARE_FINAL_TYPE (RingiWindow, ringi_window, RINGI, WINDOW, AdwApplicationWindow)

RingiWindow *ringi_window_new (RingiApplication *application);
const char *ringi_window_get_visible_request (RingiWindow *self);
void ringi_window_show_toast (RingiWindow *self,
                              const char *text);

G_END_DECLS
