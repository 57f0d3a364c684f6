/* ringi-server-changes-handler.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ringi-api.h"
#include "ringi-server-auth.h"
#include "ringi-server-handlers.h"
#include "ringi-server-json.h"

/* GET /changes?since=N&limit=L: a page of the change log as the caller
 * may see it (docs/api.md "Changes"). Request, revision, stamp and
 * delegation changes carry the JSON their op stored; user and
 * route-template changes name what changed, and are filled in from the
 * directory as it is now. */

#define MAX_PAGE 500

typedef struct
{
  RingiServerStorage *storage;
  GHashTable *users;    /* login → RingiUser, read once per page */
  GPtrArray *templates; /* RingiRouteTemplate, read once per page */
} Page;

static void
page_clear (Page *page)
{
  g_clear_pointer (&page->users, g_hash_table_unref);
  g_clear_pointer (&page->templates, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Page, page_clear)

static gboolean
parse_number (GHashTable *query,
              const char *name,
              guint64 fallback,
              guint64 min,
              guint64 max,
              guint64 *out_value,
              GError **error)
{
  const char *text = query ? g_hash_table_lookup (query, name) : NULL;

  *out_value = fallback;
  if (text == NULL)
    return TRUE;

  if (!g_ascii_string_to_unsigned (text, 10, min, max, out_value, NULL))
    {
      g_autofree char *low = g_strdup_printf ("%" G_GUINT64_FORMAT, min);
      g_autofree char *high = g_strdup_printf ("%" G_GUINT64_FORMAT, max);

      g_set_error (error, RINGI_API_ERROR, RINGI_API_ERROR_INVALID_REQUEST,
                   _("“%s” must be a whole number from %s to %s"), name, low, high);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_query (SoupServerMessage *msg,
            guint64 *out_since,
            guint64 *out_limit,
            GError **error)
{
  const char *text = g_uri_get_query (soup_server_message_get_uri (msg));
  g_autoptr(GHashTable) query = text ? g_uri_parse_params (text, -1, "&", G_URI_PARAMS_NONE, NULL) : NULL;

  return parse_number (query, "since", 0, 0, G_MAXINT64, out_since, error) &&
         parse_number (query, "limit", MAX_PAGE, 1, MAX_PAGE, out_limit, error);
}

static gboolean
add_user (Page *page,
          JsonBuilder *builder,
          const char *login,
          GError **error)
{
  RingiUser *user = g_hash_table_lookup (page->users, login);

  if (user == NULL)
    {
      user = ringi_server_storage_get_user (page->storage, login, error);
      if (user == NULL)
        return FALSE;
      g_hash_table_insert (page->users, user->login, user);
    }

  ringi_server_json_add_user (builder, user);
  return TRUE;
}

static gboolean
add_route_templates (Page *page,
                     JsonBuilder *builder,
                     const char *category,
                     GError **error)
{
  if (page->templates == NULL)
    {
      page->templates = ringi_server_storage_list_route_templates (page->storage, error);
      if (page->templates == NULL)
        return FALSE;
    }

  ringi_server_json_add_nullable_string (builder, "category", category);
  json_builder_set_member_name (builder, "route_templates");
  json_builder_begin_array (builder);
  for (guint i = 0; i < page->templates->len; i++)
    {
      RingiRouteTemplate *route_template = g_ptr_array_index (page->templates, i);

      if (g_strcmp0 (route_template->category, category) == 0)
        ringi_server_json_add_route_template (builder, route_template);
    }
  json_builder_end_array (builder);
  return TRUE;
}

static gboolean
add_payload (JsonBuilder *builder,
             const char *payload,
             GError **error)
{
  g_autoptr(JsonObject) object = ringi_server_json_parse_object (payload, error);
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (object == NULL)
    return FALSE;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &value))
    {
      json_builder_set_member_name (builder, name);
      json_builder_add_value (builder, json_node_ref (value));
    }

  return TRUE;
}

static gboolean
add_change (Page *page,
            JsonBuilder *builder,
            const RingiServerChange *change,
            GError **error)
{
  gboolean ok = TRUE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "seq");
  json_builder_add_int_value (builder, change->seq);
  ringi_server_json_add_nullable_string (builder, "kind", change->kind);

  if (g_str_equal (change->kind, "user"))
    ok = add_user (page, builder, change->subject, error);
  else if (g_str_equal (change->kind, "route-template"))
    ok = add_route_templates (page, builder, change->subject, error);
  else if (change->payload != NULL)
    ok = add_payload (builder, change->payload, error);

  json_builder_end_object (builder);
  return ok;
}

static JsonNode *
build_page (RingiServerStorage *storage,
            GPtrArray *changes,
            gint64 since,
            gboolean more,
            GError **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_auto(Page) page = { storage, g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) ringi_user_free), NULL };
  gint64 next = since;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "changes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < changes->len; i++)
    {
      const RingiServerChange *change = g_ptr_array_index (changes, i);

      if (!add_change (&page, builder, change, error))
        return NULL;
      next = change->seq;
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "next");
  json_builder_add_int_value (builder, next);
  json_builder_set_member_name (builder, "more");
  json_builder_add_boolean_value (builder, more);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/**
 * ringi_server_handle_changes:
 * @server: the server
 * @msg: an authenticated `GET /api/v1/changes?since=N&limit=L`
 * @rest: unused
 *
 * Answers `{"changes": […], "next": M, "more": bool}`: what the caller
 * may see after N, at most L (500 when not given, never more). `next` is
 * the `since` of the next page; `more` says a next page may have more.
 */
void
ringi_server_handle_changes (RingiServer *server,
                             SoupServerMessage *msg,
                             const char *rest)
{
  RingiServerStorage *storage = ringi_server_get_storage (server);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(JsonNode) answer = NULL;
  guint64 since, limit;

  if (!read_query (msg, &since, &limit, &error) ||
      (changes = ringi_server_storage_list_changes (storage, since, ringi_server_get_caller (msg)->login,
                                                    limit, &error)) == NULL ||
      (answer = build_page (storage, changes, since, changes->len == limit, &error)) == NULL)
    {
      ringi_api_respond_error (msg, error);
      return;
    }

  ringi_api_respond_json (msg, SOUP_STATUS_OK, answer);
}
