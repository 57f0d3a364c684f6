/* ringi-pin-prompt.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void ringi_pin_prompt_ask_async (GtkWidget *parent,
                                 const char *heading,
                                 const char *body,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer user_data);
char *ringi_pin_prompt_ask_finish (GAsyncResult *result,
                                   GError **error);
const char *ringi_pin_prompt_explain (const GError *error);

G_END_DECLS
