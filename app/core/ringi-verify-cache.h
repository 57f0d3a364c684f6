/* ringi-verify-cache.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* "Rngv": marks a verification cache */
#define RINGI_VERIFY_CACHE_APPLICATION_ID 0x526E6776

#define RINGI_TYPE_VERIFY_CACHE (ringi_verify_cache_get_type ())
G_DECLARE_FINAL_TYPE (RingiVerifyCache, ringi_verify_cache, RINGI, VERIFY_CACHE, GObject)

RingiVerifyCache *ringi_verify_cache_new (const char *path,
                                          GError **error);
gboolean ringi_verify_cache_lookup (RingiVerifyCache *self,
                                    const char *record_sha256,
                                    const char *signature_sha256,
                                    const char *fingerprint);
gboolean ringi_verify_cache_store (RingiVerifyCache *self,
                                   const char *record_sha256,
                                   const char *signature_sha256,
                                   const char *fingerprint,
                                   GError **error);

G_END_DECLS
