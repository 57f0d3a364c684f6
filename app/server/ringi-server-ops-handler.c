/* ringi-server-ops-handler.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ringi-api.h"
#include "ringi-server-auth.h"
#include "ringi-server-handlers.h"

/* A batch is at most this many ops; the 1 MiB body limit comes first
 * for ops with long signatures. */
#define MAX_OPS 500

typedef struct
{
  RingiServer *server;
  SoupServerMessage *msg;
} OpsCall;

static void
ops_call_free (OpsCall *call)
{
  g_clear_object (&call->server);
  g_clear_object (&call->msg);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpsCall, ops_call_free)

static void
on_ops_done (GObject *source,
             GAsyncResult *result,
             gpointer user_data)
{
  g_autoptr(OpsCall) call = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ringi_server_run_ops_finish (call->server, result, &error);

  soup_server_message_unpause (call->msg);
  if (answer == NULL)
    ringi_api_respond_error (call->msg, error);
  else
    ringi_api_respond_json (call->msg, SOUP_STATUS_OK, answer);
}

static JsonArray *
read_ops (SoupServerMessage *msg,
          GError **error)
{
  g_autoptr(JsonObject) request = ringi_api_read_object (msg, error);
  JsonNode *ops;

  if (request == NULL)
    return NULL;

  ops = json_object_get_member (request, "ops");
  if (ops == NULL || !JSON_NODE_HOLDS_ARRAY (ops))
    {
      g_set_error (error, RINGI_API_ERROR, RINGI_API_ERROR_INVALID_REQUEST, _("“ops” must be an array of ops"));
      return NULL;
    }

  if (json_array_get_length (json_node_get_array (ops)) > MAX_OPS)
    {
      g_set_error (error, RINGI_API_ERROR, RINGI_API_ERROR_INVALID_REQUEST,
                   _("A batch holds at most %d ops; send the rest in another"), MAX_OPS);
      return NULL;
    }

  return json_array_ref (json_node_get_array (ops));
}

/**
 * ringi_server_handle_ops:
 * @server: the server
 * @msg: an authenticated `POST /api/v1/ops` with `{"ops": […]}`
 * @rest: unused
 *
 * Queues the batch (RingiOpQueue) with @msg paused, and answers
 * `{"results": […]}` when every op is done. Only staff and managers act:
 * others get 403 `forbidden`.
 */
void
ringi_server_handle_ops (RingiServer *server,
                         SoupServerMessage *msg,
                         const char *rest)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) ops = NULL;
  OpsCall *call;

  if (!ringi_server_check_actor (msg, &error) || (ops = read_ops (msg, &error)) == NULL)
    {
      ringi_api_respond_error (msg, error);
      return;
    }

  call = g_new0 (OpsCall, 1);
  call->server = g_object_ref (server);
  call->msg = g_object_ref (msg);
  soup_server_message_pause (msg);
  ringi_server_run_ops_async (server, ringi_server_get_caller (msg), ops, on_ops_done, call);
}
