/* ringi-server-log.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-server"

#include "config.h"

#include <json-glib/json-glib.h>

#include "ringi-api.h"
#include "ringi-server-log.h"

/* The server's log: one JSON object per line on stderr, for journald or
 * a log collector; json-glib escapes whatever a client put in a path. */

static void
write_line (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *line = NULL;

  json_generator_set_root (generator, root);
  line = json_generator_to_data (generator, NULL);
  g_printerr ("%s\n", line);
}

static void
begin_line (JsonBuilder *builder)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *time = g_date_time_format_iso8601 (now);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "time");
  json_builder_add_string_value (builder, time);
}

/**
 * ringi_server_log_request:
 * @msg: a request that is answered or aborted
 * @duration_us: from its headers to its end, in microseconds
 *
 * Logs the method, the path without its query, the status, the time
 * taken in milliseconds (rounded up), the client's address and, once
 * authenticated, its login. Never a header or a body: no token and no
 * document content ever reaches the log.
 */
void
ringi_server_log_request (SoupServerMessage *msg,
                          gint64 duration_us)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *login = ringi_api_get_login (msg);

  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));

  begin_line (builder);
  json_builder_set_member_name (builder, "method");
  json_builder_add_string_value (builder, soup_server_message_get_method (msg));
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, g_uri_get_path (soup_server_message_get_uri (msg)));
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, soup_server_message_get_status (msg));
  json_builder_set_member_name (builder, "duration_ms");
  json_builder_add_int_value (builder, (duration_us + 999) / 1000);
  json_builder_set_member_name (builder, "remote");
  json_builder_add_string_value (builder, soup_server_message_get_remote_host (msg));
  if (login != NULL)
    {
      json_builder_set_member_name (builder, "user");
      json_builder_add_string_value (builder, login);
    }
  json_builder_end_object (builder);
  write_line (builder);
}

/**
 * ringi_server_log_event:
 * @event: a stable word: "stopping", "stopped"…
 * @message: the same for people
 *
 * Logs something the service does by itself.
 */
void
ringi_server_log_event (const char *event,
                        const char *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_if_fail (event != NULL);
  g_return_if_fail (message != NULL);

  begin_line (builder);
  json_builder_set_member_name (builder, "event");
  json_builder_add_string_value (builder, event);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  write_line (builder);
}
