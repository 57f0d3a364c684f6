/* ringi-server-rate-limit.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define RINGI_TYPE_RATE_LIMIT (ringi_rate_limit_get_type ())
G_DECLARE_FINAL_TYPE (RingiRateLimit, ringi_rate_limit, RINGI, RATE_LIMIT, GObject)

RingiRateLimit *ringi_rate_limit_new (guint max_failures,
                                      gint64 window_seconds);
gboolean ringi_rate_limit_is_blocked (RingiRateLimit *self,
                                      const char *key,
                                      gint64 now,
                                      gint64 *out_retry_after);
void ringi_rate_limit_add_failure (RingiRateLimit *self,
                                   const char *key,
                                   gint64 now);
void ringi_rate_limit_forget (RingiRateLimit *self,
                              const char *key);

G_END_DECLS
