/* ringi-server-health-handler.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-server"

#include "config.h"

#include "ringi-api.h"
#include "ringi-server-handlers.h"

/**
 * ringi_server_handle_health:
 * @server: the server
 * @msg: `GET /api/v1/health`
 * @rest: unused
 *
 * Answers `{"status": "ok", "version": …}`, without authentication, for
 * monitoring and for clients checking the server and its certificate.
 */
void
ringi_server_handle_health (RingiServer *server,
                            SoupServerMessage *msg,
                            const char *rest)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, "ok");
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, PACKAGE_VERSION);
  json_builder_end_object (builder);

  body = json_builder_get_root (builder);
  ringi_api_respond_json (msg, SOUP_STATUS_OK, body);
}
