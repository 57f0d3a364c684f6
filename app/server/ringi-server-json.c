/* ringi-server-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ringi-api.h"
#include "ringi-route.h"
#include "ringi-server-json.h"
#include "ringi-text.h"

/* The JSON forms of docs/api.md that several handlers share. Signed
 * records travel as base64 (their exact bytes matter); armoured
 * signatures are ASCII and travel as text. */

/**
 * ringi_server_json_add_nullable_string:
 * @builder: a builder inside an object
 * @member: the member's name
 * @value: (nullable): the value; %NULL is written as null
 */
void
ringi_server_json_add_nullable_string (JsonBuilder *builder,
                                       const char *member,
                                       const char *value)
{
  json_builder_set_member_name (builder, member);
  if (value == NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, value);
}

static char *
bytes_to_text (GBytes *bytes)
{
  gsize size = 0;
  gconstpointer data = g_bytes_get_data (bytes, &size);

  return g_strndup (data, size);
}

/**
 * ringi_server_json_add_user:
 * @builder: a builder inside an object
 * @user: a user
 *
 * Adds the members of a directory entry: `login`, `display_name`,
 * `seal_name`, `department`, `role`, `manager`, `fingerprint`,
 * `public_key` (armoured text), `disabled` and `employee_class`.
 */
void
ringi_server_json_add_user (JsonBuilder *builder,
                            const RingiUser *user)
{
  g_autofree char *public_key = user->public_key ? bytes_to_text (user->public_key) : NULL;

  ringi_server_json_add_nullable_string (builder, "login", user->login);
  ringi_server_json_add_nullable_string (builder, "display_name", user->display_name);
  ringi_server_json_add_nullable_string (builder, "seal_name", user->seal_name);
  ringi_server_json_add_nullable_string (builder, "department", user->department);
  ringi_server_json_add_nullable_string (builder, "role", user->role);
  ringi_server_json_add_nullable_string (builder, "manager", user->manager);
  ringi_server_json_add_nullable_string (builder, "fingerprint", user->fingerprint);
  ringi_server_json_add_nullable_string (builder, "public_key", public_key);
  json_builder_set_member_name (builder, "disabled");
  json_builder_add_boolean_value (builder, user->disabled);
  ringi_server_json_add_nullable_string (builder, "employee_class", user->employee_class);
}

/**
 * ringi_server_json_add_route_template:
 * @builder: a builder inside an array
 * @route_template: a route template
 *
 * Adds `{"category", "min_amount", "route"}`.
 */
void
ringi_server_json_add_route_template (JsonBuilder *builder,
                                      const RingiRouteTemplate *route_template)
{
  json_builder_begin_object (builder);
  ringi_server_json_add_nullable_string (builder, "category", route_template->category);
  json_builder_set_member_name (builder, "min_amount");
  json_builder_add_int_value (builder, route_template->min_amount);
  ringi_server_json_add_nullable_string (builder, "route", route_template->route);
  json_builder_end_object (builder);
}

/**
 * ringi_server_json_add_record:
 * @builder: a builder inside an object
 * @record: the exact signed bytes
 * @signature: the armoured detached signature
 *
 * Adds the members `record` (base64) and `signature` (text).
 */
void
ringi_server_json_add_record (JsonBuilder *builder,
                              GBytes *record,
                              GBytes *signature)
{
  gsize size = 0;
  gconstpointer data = g_bytes_get_data (record, &size);
  g_autofree char *encoded = g_base64_encode (data, size);
  g_autofree char *armored = bytes_to_text (signature);

  json_builder_set_member_name (builder, "record");
  json_builder_add_string_value (builder, encoded);
  json_builder_set_member_name (builder, "signature");
  json_builder_add_string_value (builder, armored);
}

/**
 * ringi_server_json_add_signed:
 * @builder: a builder inside an object
 * @member: the member's name
 * @record: the exact signed bytes
 * @signature: the armoured detached signature
 *
 * Adds `member: {"record": base64, "signature": text}`.
 */
void
ringi_server_json_add_signed (JsonBuilder *builder,
                              const char *member,
                              GBytes *record,
                              GBytes *signature)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  ringi_server_json_add_record (builder, record, signature);
  json_builder_end_object (builder);
}

/**
 * ringi_server_json_add_request:
 * @builder: a builder inside an object
 * @info: a request
 *
 * Adds the members of a request: `id`, `title`, `category`, `amount`
 * (null without one), `counterparty`, `transaction_date`, `applicant`
 * and `created_at`.
 */
void
ringi_server_json_add_request (JsonBuilder *builder,
                               const RingiRequestInfo *info)
{
  ringi_server_json_add_nullable_string (builder, "id", info->id);
  ringi_server_json_add_nullable_string (builder, "title", info->title);
  ringi_server_json_add_nullable_string (builder, "category", info->category);
  json_builder_set_member_name (builder, "amount");
  if (info->amount >= 0)
    json_builder_add_int_value (builder, info->amount);
  else
    json_builder_add_null_value (builder);
  ringi_server_json_add_nullable_string (builder, "counterparty", info->counterparty);
  ringi_server_json_add_nullable_string (builder, "transaction_date", info->transaction_date);
  ringi_server_json_add_nullable_string (builder, "applicant", info->applicant);
  ringi_server_json_add_nullable_string (builder, "created_at", info->created_at);
}

static gboolean
invalid (GError **error,
         const char *member,
         const char *what)
{
  g_set_error (error, RINGI_API_ERROR, RINGI_API_ERROR_INVALID_REQUEST,
               _("“%s” must be %s"), member, what);
  return FALSE;
}

static gboolean
holds_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

/**
 * ringi_server_json_get_optional_string:
 * @object: a request's JSON object
 * @member: the member's name
 * @out_value: (out) (transfer none) (nullable): the string, or %NULL when
 *   the member is missing or null
 * @error: return location for a #GError
 *
 * Returns: %FALSE with `invalid-request` when the member is there and
 *   neither a string nor null
 */
gboolean
ringi_server_json_get_optional_string (JsonObject *object,
                                       const char *member,
                                       const char **out_value,
                                       GError **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out_value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!holds_string (node))
    return invalid (error, member, _("a string"));

  *out_value = json_node_get_string (node);
  return TRUE;
}

/**
 * ringi_server_json_get_object:
 * @object: a request's JSON object
 * @member: the name of a required object member
 * @error: return location for a #GError
 *
 * Returns: (transfer none): the member, or %NULL with `invalid-request`
 */
JsonObject *
ringi_server_json_get_object (JsonObject *object,
                              const char *member,
                              GError **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      invalid (error, member, _("an object"));
      return NULL;
    }

  return json_node_get_object (node);
}

/**
 * ringi_server_json_get_signed:
 * @object: an op
 * @member: the member holding `{"record", "signature"}`
 * @out_record: (out) (transfer full): the record's bytes
 * @out_signature: (out) (transfer full): the signature's bytes
 * @error: return location for a #GError
 *
 * Returns: %TRUE, or %FALSE with `invalid-request`
 */
gboolean
ringi_server_json_get_signed (JsonObject *object,
                              const char *member,
                              GBytes **out_record,
                              GBytes **out_signature,
                              GError **error)
{
  JsonObject *signed_record = ringi_server_json_get_object (object, member, error);
  const char *record, *signature;
  guchar *decoded;
  gsize size = 0;

  if (signed_record == NULL ||
      (record = ringi_api_get_string (signed_record, "record", error)) == NULL ||
      (signature = ringi_api_get_string (signed_record, "signature", error)) == NULL)
    return FALSE;

  decoded = g_base64_decode (record, &size);
  if (size == 0)
    {
      g_free (decoded);
      return invalid (error, "record", _("the record’s bytes in base64"));
    }

  *out_record = g_bytes_new_take (decoded, size);
  *out_signature = g_bytes_new (signature, strlen (signature));
  return TRUE;
}

static gboolean
get_optional_amount (JsonObject *object,
                     gint64 *out_amount,
                     GError **error)
{
  JsonNode *node = json_object_get_member (object, "amount");

  *out_amount = -1;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < 0)
    return invalid (error, "amount", _("a whole number of yen, 0 or more, or null"));

  *out_amount = json_node_get_int (node);
  return TRUE;
}

static gboolean
check_request (const RingiRequestInfo *info,
               GError **error)
{
  if (!g_uuid_string_is_valid (info->id) || strpbrk (info->id, "ABCDEF") != NULL)
    return invalid (error, "id", _("a lowercase UUID"));

  if (info->title == NULL || *info->title == '\0' || !g_utf8_validate (info->title, -1, NULL))
    return invalid (error, "title", _("a title"));

  if (!ringi_route_login_is_valid (info->applicant))
    return invalid (error, "applicant", _("a login"));

  if (*info->transaction_date != '\0' && !ringi_text_parse_date (info->transaction_date, NULL))
    return invalid (error, "transaction_date", _("a date written YYYY-MM-DD, or null"));

  return TRUE;
}

/**
 * ringi_server_json_get_request:
 * @object: the `request` object of a create-request op
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the request, or %NULL with `invalid-request`
 */
RingiRequestInfo *
ringi_server_json_get_request (JsonObject *object,
                               GError **error)
{
  g_autoptr(RingiRequestInfo) info = g_new0 (RingiRequestInfo, 1);
  const char *id, *title, *applicant, *category, *counterparty, *date, *created_at;

  if ((id = ringi_api_get_string (object, "id", error)) == NULL ||
      (title = ringi_api_get_string (object, "title", error)) == NULL ||
      (applicant = ringi_api_get_string (object, "applicant", error)) == NULL ||
      !ringi_server_json_get_optional_string (object, "category", &category, error) ||
      !ringi_server_json_get_optional_string (object, "counterparty", &counterparty, error) ||
      !ringi_server_json_get_optional_string (object, "transaction_date", &date, error) ||
      !ringi_server_json_get_optional_string (object, "created_at", &created_at, error) ||
      !get_optional_amount (object, &info->amount, error))
    return NULL;

  info->id = g_strdup (id);
  info->title = g_strdup (title);
  info->applicant = g_strdup (applicant);
  info->category = g_strdup (category ? category : "");
  info->counterparty = g_strdup (counterparty ? counterparty : "");
  info->transaction_date = g_strdup (date ? date : "");
  info->created_at = g_strdup (created_at ? created_at : "");
  return check_request (info, error) ? g_steal_pointer (&info) : NULL;
}

/**
 * ringi_server_json_to_text:
 * @node: a JSON value
 *
 * Returns: (transfer full): compact JSON text
 */
char *
ringi_server_json_to_text (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

/**
 * ringi_server_json_parse_object:
 * @text: JSON text the server wrote itself
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the object, or %NULL with @error set
 */
JsonObject *
ringi_server_json_parse_object (const char *text,
                                GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;

  if (!json_parser_load_from_data (parser, text, -1, error))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                   _("Stored JSON is not an object"));
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

/**
 * ringi_server_is_sha256:
 * @text: a string
 *
 * Returns: %TRUE when @text is a sha256 as Ringi writes it: 64
 *   lowercase hex digits
 */
gboolean
ringi_server_is_sha256 (const char *text)
{
  g_return_val_if_fail (text != NULL, FALSE);

  if (strlen (text) != 64)
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
      return FALSE;

  return TRUE;
}
