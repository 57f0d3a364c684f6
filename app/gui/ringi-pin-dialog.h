/* ringi-pin-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define RINGI_TYPE_PIN_DIALOG (ringi_pin_dialog_get_type ())
G_DECLARE_FINAL_TYPE (RingiPinDialog, ringi_pin_dialog, RINGI, PIN_DIALOG, AdwWindow)

RingiPinDialog *ringi_pin_dialog_new (GtkWindow *parent,
                                      const char *description);
void ringi_pin_dialog_set_confirm_label (RingiPinDialog *self,
                                         const char *label);
const char *ringi_pin_dialog_get_confirm_label (RingiPinDialog *self);
void ringi_pin_dialog_set_pin (RingiPinDialog *self,
                               const char *pin);
void ringi_pin_dialog_show_error (RingiPinDialog *self,
                                  const char *message);
const char *ringi_pin_dialog_get_error (RingiPinDialog *self);
gboolean ringi_pin_dialog_get_busy (RingiPinDialog *self);

G_END_DECLS
