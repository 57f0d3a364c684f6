/* ringi-server-directory-handler.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-server"

#include "config.h"

#include "ringi-api.h"
#include "ringi-server-attendance.h"
#include "ringi-server-handlers.h"
#include "ringi-server-json.h"
#include "ringi-server-key.h"

static void
add_server_key (JsonBuilder *builder,
                RingiServerKey *key,
                GBytes *public_key)
{
  g_autofree char *armored = g_strndup (g_bytes_get_data (public_key, NULL), g_bytes_get_size (public_key));

  json_builder_set_member_name (builder, "server_key");
  json_builder_begin_object (builder);
  ringi_server_json_add_nullable_string (builder, "fingerprint", ringi_server_key_get_fingerprint (key));
  ringi_server_json_add_nullable_string (builder, "public_key", armored);
  json_builder_end_object (builder);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

/* Every department someone is in, once, in order. */
static void
add_departments (JsonBuilder *builder,
                 GPtrArray *users)
{
  g_autoptr(GPtrArray) departments = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < users->len; i++)
    {
      RingiUser *user = g_ptr_array_index (users, i);

      if (user->department != NULL && g_hash_table_add (seen, user->department))
        g_ptr_array_add (departments, user->department);
    }
  g_ptr_array_sort (departments, compare_names);

  json_builder_set_member_name (builder, "departments");
  json_builder_begin_array (builder);
  for (guint i = 0; i < departments->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (departments, i));
  json_builder_end_array (builder);
}

static void
add_attendance (JsonBuilder *builder,
                RingiTimeOutRule time_out)
{
  json_builder_set_member_name (builder, "attendance");
  json_builder_begin_object (builder);
  ringi_server_json_add_nullable_string (builder, "time_out", ringi_attendance_time_out_to_string (time_out));
  json_builder_end_object (builder);
}

static JsonNode *
build_directory (RingiServer *server,
                 GBytes *server_public_key,
                 GPtrArray *users,
                 GPtrArray *templates,
                 RingiTimeOutRule time_out)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_server_key (builder, ringi_server_get_receipt_key (server), server_public_key);
  json_builder_set_member_name (builder, "users");
  json_builder_begin_array (builder);
  for (guint i = 0; i < users->len; i++)
    {
      json_builder_begin_object (builder);
      ringi_server_json_add_user (builder, g_ptr_array_index (users, i));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  add_departments (builder, users);

  json_builder_set_member_name (builder, "route_templates");
  json_builder_begin_array (builder);
  for (guint i = 0; i < templates->len; i++)
    ringi_server_json_add_route_template (builder, g_ptr_array_index (templates, i));
  json_builder_end_array (builder);
  add_attendance (builder, time_out);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/**
 * ringi_server_handle_directory:
 * @server: the server
 * @msg: an authenticated `GET /api/v1/directory`
 * @rest: unused
 *
 * Answers with the server's own key (which signs receipts), everyone
 * (disabled users included, for their old stamps) with their bound keys,
 * the route templates and the organisation's attendance settings: what
 * every role may read.
 */
void
ringi_server_handle_directory (RingiServer *server,
                               SoupServerMessage *msg,
                               const char *rest)
{
  RingiServerStorage *storage = ringi_server_get_storage (server);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(JsonNode) answer = NULL;
  GBytes *server_public_key;
  RingiTimeOutRule time_out;

  if ((server_public_key = ringi_server_get_receipt_public_key (server, &error)) == NULL ||
      (users = ringi_server_storage_list_users (storage, &error)) == NULL ||
      (templates = ringi_server_storage_list_route_templates (storage, &error)) == NULL ||
      !ringi_server_attendance_get_time_out (storage, &time_out, &error))
    {
      ringi_api_respond_error (msg, error);
      return;
    }

  answer = build_directory (server, server_public_key, users, templates, time_out);
  ringi_api_respond_json (msg, SOUP_STATUS_OK, answer);
}
