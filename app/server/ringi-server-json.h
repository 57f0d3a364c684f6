/* ringi-server-json.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ringi-server-storage.h"

G_BEGIN_DECLS

void ringi_server_json_add_user (JsonBuilder *builder,
                                 const RingiUser *user);
void ringi_server_json_add_route_template (JsonBuilder *builder,
                                           const RingiRouteTemplate *route_template);
void ringi_server_json_add_record (JsonBuilder *builder,
                                   GBytes *record,
                                   GBytes *signature);
void ringi_server_json_add_signed (JsonBuilder *builder,
                                   const char *member,
                                   GBytes *record,
                                   GBytes *signature);
void ringi_server_json_add_request (JsonBuilder *builder,
                                    const RingiRequestInfo *info);
void ringi_server_json_add_nullable_string (JsonBuilder *builder,
                                            const char *member,
                                            const char *value);

gboolean ringi_server_json_get_signed (JsonObject *object,
                                       const char *member,
                                       GBytes **out_record,
                                       GBytes **out_signature,
                                       GError **error);
gboolean ringi_server_json_get_optional_string (JsonObject *object,
                                                const char *member,
                                                const char **out_value,
                                                GError **error);
JsonObject *ringi_server_json_get_object (JsonObject *object,
                                          const char *member,
                                          GError **error);
RingiRequestInfo *ringi_server_json_get_request (JsonObject *object,
                                                 GError **error);
char *ringi_server_json_to_text (JsonNode *node);
gboolean ringi_server_is_sha256 (const char *text);
JsonObject *ringi_server_json_parse_object (const char *text,
                                            GError **error);

G_END_DECLS
