/* ringi-new-request-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ringi-sync.h"

G_BEGIN_DECLS

#define RINGI_TYPE_NEW_REQUEST_WINDOW (ringi_new_request_window_get_type ())
G_DECLARE_FINAL_TYPE (RingiNewRequestWindow, ringi_new_request_window, RINGI, NEW_REQUEST_WINDOW, AdwWindow)

GtkWindow *ringi_new_request_window_new (GtkWindow *parent,
                                         RingiSync *sync,
                                         GFile *pdf);
GtkWindow *ringi_new_request_window_new_resubmit (GtkWindow *parent,
                                                  RingiSync *sync,
                                                  const char *request_id);
void ringi_new_request_window_set_file (RingiNewRequestWindow *self,
                                        GFile *pdf);
GFile *ringi_new_request_window_get_file (RingiNewRequestWindow *self);
const char *ringi_new_request_window_get_request_id (RingiNewRequestWindow *self);

G_END_DECLS
