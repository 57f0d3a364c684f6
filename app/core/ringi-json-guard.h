/* ringi-json-guard.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean ringi_json_guard_check (const char *data,
                                 gsize length,
                                 guint max_depth,
                                 GError **error);

G_END_DECLS
