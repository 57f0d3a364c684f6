/* ringi-text.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *ringi_text_printable (const char *text);
gboolean ringi_text_parse_date (const char *text,
                                GDate *out_date);
gboolean ringi_text_contains_unwrapped (const char *text,
                                        const char *const *words);
char *ringi_text_pad (const char *text,
                      guint width);

G_END_DECLS
