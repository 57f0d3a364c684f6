/* ringi-api.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-api"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ringi-api.h"

G_DEFINE_QUARK (ringi-api-error-quark, ringi_api_error)

static const struct
{
  const char *code;
  guint status;
} api_errors[] = {
  [RINGI_API_ERROR_MALFORMED_JSON] = { "malformed-json", SOUP_STATUS_BAD_REQUEST },
  [RINGI_API_ERROR_INVALID_REQUEST] = { "invalid-request", SOUP_STATUS_BAD_REQUEST },
  [RINGI_API_ERROR_HASH_MISMATCH] = { "hash-mismatch", SOUP_STATUS_BAD_REQUEST },
  [RINGI_API_ERROR_UNAUTHENTICATED] = { "unauthenticated", SOUP_STATUS_UNAUTHORIZED },
  [RINGI_API_ERROR_FORBIDDEN] = { "forbidden", SOUP_STATUS_FORBIDDEN },
  [RINGI_API_ERROR_INVALID_CODE] = { "invalid-code", SOUP_STATUS_FORBIDDEN },
  [RINGI_API_ERROR_NOT_FOUND] = { "not-found", SOUP_STATUS_NOT_FOUND },
  [RINGI_API_ERROR_METHOD_NOT_ALLOWED] = { "method-not-allowed", SOUP_STATUS_METHOD_NOT_ALLOWED },
  [RINGI_API_ERROR_CONFLICT] = { "conflict", SOUP_STATUS_CONFLICT },
  [RINGI_API_ERROR_CODE_EXPIRED] = { "code-expired", SOUP_STATUS_GONE },
  [RINGI_API_ERROR_TOO_LARGE] = { "too-large", SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE },
  [RINGI_API_ERROR_RATE_LIMITED] = { "rate-limited", 429 } /* libsoup 3.2 has no name for it */,
  [RINGI_API_ERROR_INTERNAL] = { "internal", SOUP_STATUS_INTERNAL_SERVER_ERROR },
};

/**
 * ringi_api_error_get_code:
 * @error: a #RingiApiError
 *
 * Returns: the stable code clients match on
 */
const char *
ringi_api_error_get_code (RingiApiError error)
{
  g_return_val_if_fail (error < G_N_ELEMENTS (api_errors), "internal");

  return api_errors[error].code;
}

/**
 * ringi_api_error_get_status:
 * @error: a #RingiApiError
 *
 * Returns: the HTTP status that goes with @error
 */
guint
ringi_api_error_get_status (RingiApiError error)
{
  g_return_val_if_fail (error < G_N_ELEMENTS (api_errors), SOUP_STATUS_INTERNAL_SERVER_ERROR);

  return api_errors[error].status;
}

/**
 * ringi_api_respond_json:
 * @msg: the request
 * @status: the HTTP status
 * @body: the JSON answer
 *
 * Answers @msg with @body.
 */
void
ringi_api_respond_json (SoupServerMessage *msg,
                        guint status,
                        JsonNode *body)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gsize length = 0;
  char *text;

  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));
  g_return_if_fail (body != NULL);

  json_generator_set_root (generator, body);
  text = json_generator_to_data (generator, &length);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, text, length);
}

static JsonNode *
build_error (const char *code,
             const char *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/**
 * ringi_api_respond_error:
 * @msg: the request
 * @error: why it failed
 *
 * Answers @msg with the JSON error form. An error of %RINGI_API_ERROR
 * is sent as it is; any other one is a fault of the server: it goes to
 * the log, and the client gets `internal` without the details (no SQL,
 * no paths, no stack).
 */
void
ringi_api_respond_error (SoupServerMessage *msg,
                         const GError *error)
{
  g_autoptr(JsonNode) body = NULL;
  RingiApiError code = RINGI_API_ERROR_INTERNAL;
  const char *message = _("The server could not do this; its administrator will find the reason in the server log");

  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));
  g_return_if_fail (error != NULL);

  if (error->domain == RINGI_API_ERROR && (guint) error->code < G_N_ELEMENTS (api_errors))
    {
      code = error->code;
      message = error->message;
    }
  else
    g_message ("%s %s: %s", soup_server_message_get_method (msg),
               g_uri_get_path (soup_server_message_get_uri (msg)), error->message);

  body = build_error (ringi_api_error_get_code (code), message);
  ringi_api_respond_json (msg, ringi_api_error_get_status (code), body);
}

/**
 * ringi_api_read_object:
 * @msg: a request with a JSON body
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the body's JSON object, or %NULL with @error
 *   set to `malformed-json`, `invalid-request` or `too-large`
 */
JsonObject *
ringi_api_read_object (SoupServerMessage *msg,
                       GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GBytes) bytes = NULL;
  SoupMessageBody *body;
  gconstpointer data;
  JsonNode *root;
  gsize size = 0;

  g_return_val_if_fail (SOUP_IS_SERVER_MESSAGE (msg), NULL);

  body = soup_server_message_get_request_body (msg);
  if (body->length > RINGI_API_MAX_JSON_BODY)
    {
      g_set_error (error, RINGI_API_ERROR, RINGI_API_ERROR_TOO_LARGE,
                   _("The request is larger than %d bytes"), RINGI_API_MAX_JSON_BODY);
      return NULL;
    }

  bytes = soup_message_body_flatten (body);
  data = g_bytes_get_data (bytes, &size);
  /* json-glib reads empty text as a document without a root. */
  if (data == NULL || !json_parser_load_from_data (parser, data, size, NULL) ||
      json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, RINGI_API_ERROR, RINGI_API_ERROR_MALFORMED_JSON,
                   _("The request body is not valid JSON"));
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, RINGI_API_ERROR, RINGI_API_ERROR_INVALID_REQUEST,
                   _("The request body must be a JSON object"));
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

/**
 * ringi_api_get_string:
 * @object: a request's JSON object
 * @member: the name of a required string member
 * @error: return location for a #GError
 *
 * Returns: (transfer none): the non-empty string, or %NULL with @error set
 *   to `invalid-request`
 */
const char *
ringi_api_get_string (JsonObject *object,
                      const char *member,
                      GError **error)
{
  JsonNode *node;
  const char *value = NULL;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (member != NULL, NULL);

  node = json_object_get_member (object, member);
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    value = json_node_get_string (node);

  if (value == NULL || *value == '\0')
    {
      g_set_error (error, RINGI_API_ERROR, RINGI_API_ERROR_INVALID_REQUEST,
                   _("“%s” is missing or not a non-empty string"), member);
      return NULL;
    }

  return value;
}

/**
 * ringi_api_set_login:
 * @msg: a request
 * @login: who sent it, once the token is checked
 *
 * Remembers the caller, for handlers and for the request log.
 */
void
ringi_api_set_login (SoupServerMessage *msg,
                     const char *login)
{
  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));

  g_object_set_data_full (G_OBJECT (msg), "ringi-login", g_strdup (login), g_free);
}

/**
 * ringi_api_get_login:
 * @msg: a request
 *
 * Returns: (nullable): the authenticated caller, or %NULL
 */
const char *
ringi_api_get_login (SoupServerMessage *msg)
{
  g_return_val_if_fail (SOUP_IS_SERVER_MESSAGE (msg), NULL);

  return g_object_get_data (G_OBJECT (msg), "ringi-login");
}

/**
 * ringi_api_format_time:
 * @unix_time: seconds since the Unix epoch
 *
 * Returns: (transfer full): the time in RFC 3339, UTC, as the API writes
 *   every time
 */
char *
ringi_api_format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_time);

  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}
