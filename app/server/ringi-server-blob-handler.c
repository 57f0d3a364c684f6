/* ringi-server-blob-handler.c
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

/* Documents, addressed by the sha256 of their bytes. RingiServer checks
 * who uploads and the size limit before the body comes in (an upload
 * over the limit is cut off while it streams); here the bytes are held
 * to their name. */

static gboolean
check_name (const char *rest,
            GError **error)
{
  if (rest != NULL && ringi_server_is_sha256 (rest))
    return TRUE;

  g_set_error (error, RINGI_API_ERROR, RINGI_API_ERROR_NOT_FOUND,
               _("A document is named by its sha256, 64 lowercase hex digits"));
  return FALSE;
}

static JsonNode *
build_answer (const char *sha256,
              gsize size)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "sha256");
  json_builder_add_string_value (builder, sha256);
  json_builder_set_member_name (builder, "size");
  json_builder_add_int_value (builder, size);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gboolean
store_blob (RingiServer *server,
            SoupServerMessage *msg,
            const char *sha256,
            GBytes **out_data,
            GError **error)
{
  g_autoptr(GBytes) data = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autofree char *actual = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, data);

  if (!g_str_equal (actual, sha256))
    {
      g_set_error (error, RINGI_API_ERROR, RINGI_API_ERROR_HASH_MISMATCH,
                   _("The body’s sha256 is %s, not %s: the document was damaged on the way, or misnamed"),
                   actual, sha256);
      return FALSE;
    }

  if (!ringi_server_storage_put_blob (ringi_server_get_storage (server), sha256, data,
                                      ringi_server_get_now (server), error))
    return FALSE;

  *out_data = g_steal_pointer (&data);
  return TRUE;
}

/**
 * ringi_server_handle_put_blob:
 * @server: the server
 * @msg: `PUT /api/v1/blobs/<sha256>` from someone who may act, its body
 *   within the limit
 * @rest: the sha256
 *
 * Stores a document under its sha256 and answers `{"sha256", "size"}`;
 * sending one again is harmless. A body with another sha256 is 400
 * `hash-mismatch`.
 */
void
ringi_server_handle_put_blob (RingiServer *server,
                              SoupServerMessage *msg,
                              const char *rest)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) data = NULL;
  g_autoptr(JsonNode) answer = NULL;

  if (!check_name (rest, &error) || !store_blob (server, msg, rest, &data, &error))
    {
      ringi_api_respond_error (msg, error);
      return;
    }

  answer = build_answer (rest, g_bytes_get_size (data));
  ringi_api_respond_json (msg, SOUP_STATUS_OK, answer);
}

/**
 * ringi_server_handle_get_blob:
 * @server: the server
 * @msg: an authenticated `GET /api/v1/blobs/<sha256>`
 * @rest: the sha256
 *
 * Sends the document to those who may read a request using it; everyone
 * else gets 404 `not-found`, whether it exists or not.
 */
void
ringi_server_handle_get_blob (RingiServer *server,
                              SoupServerMessage *msg,
                              const char *rest)
{
  RingiServerStorage *storage = ringi_server_get_storage (server);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) data = NULL;
  const char *login = ringi_server_get_caller (msg)->login;

  if (!check_name (rest, &error) ||
      !ringi_server_storage_check_blob_reader (storage, rest, login, &error) ||
      (data = ringi_server_storage_get_blob (storage, rest, &error)) == NULL)
    {
      if (g_error_matches (error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND))
        {
          g_clear_error (&error);
          g_set_error (&error, RINGI_API_ERROR, RINGI_API_ERROR_NOT_FOUND, _("There is no document %s"), rest);
        }
      ringi_api_respond_error (msg, error);
      return;
    }

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (soup_server_message_get_response_headers (msg),
                                         "application/octet-stream", NULL);
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg), data);
}
