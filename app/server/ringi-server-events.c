/* ringi-server-events.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "ringi-server-auth.h"
#include "ringi-server-events.h"

/* The clients of GET /events: each learns, as {"type": "changes",
 * "seq": N}, that it may pull changes up to N. The server checks after
 * each change it commits; a one-second timer, running while anybody
 * listens, catches changes that the administration commands make from
 * another process. A client whose session ended (expired, or the user
 * disabled) is disconnected at the next check. */

#define POLL_SECONDS 1

/* WebSocket close code 1008: policy violation, i.e. log in again. */
#define CLOSE_SESSION_ENDED SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION

typedef struct
{
  RingiServerEvents *events;
  SoupWebsocketConnection *connection;
  char *login;
  char *token_sha256;
  gint64 hinted;
} Client;

struct _RingiServerEvents
{
  GObject parent_instance;

  RingiServerStorage *storage;
  GPtrArray *clients; /* Client */
  gint64 last_seen;
  guint poll_id;
};

G_DEFINE_FINAL_TYPE (RingiServerEvents, ringi_server_events, G_TYPE_OBJECT)

static void on_closed (SoupWebsocketConnection *connection,
                       Client *client);
static void update_client (RingiServerEvents *self,
                           Client *client,
                           gint64 now);

static void
client_free (Client *client)
{
  g_signal_handlers_disconnect_by_func (client->connection, on_closed, client);
  g_clear_object (&client->connection);
  g_free (client->login);
  g_free (client->token_sha256);
  g_free (client);
}

static void
stop_polling (RingiServerEvents *self)
{
  g_clear_handle_id (&self->poll_id, g_source_remove);
}

static void
ringi_server_events_dispose (GObject *object)
{
  RingiServerEvents *self = (RingiServerEvents *) object;

  stop_polling (self);
  g_clear_pointer (&self->clients, g_ptr_array_unref);
  g_clear_object (&self->storage);

  G_OBJECT_CLASS (ringi_server_events_parent_class)->dispose (object);
}

static void
ringi_server_events_class_init (RingiServerEventsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ringi_server_events_dispose;
}

static void
ringi_server_events_init (RingiServerEvents *self)
{
  self->clients = g_ptr_array_new_with_free_func ((GDestroyNotify) client_free);
}

/**
 * ringi_server_events_new:
 * @storage: where the changes are
 *
 * Returns: (transfer full): a hub without clients
 */
RingiServerEvents *
ringi_server_events_new (RingiServerStorage *storage)
{
  RingiServerEvents *self;

  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (storage), NULL);

  self = g_object_new (RINGI_TYPE_SERVER_EVENTS, NULL);
  self->storage = g_object_ref (storage);
  self->last_seen = ringi_server_storage_get_last_change_seq (storage, NULL);
  return self;
}

static void
on_closed (SoupWebsocketConnection *connection,
           Client *client)
{
  RingiServerEvents *self = client->events;

  g_ptr_array_remove (self->clients, client);
  if (self->clients->len == 0)
    stop_polling (self);
}

static void
send_hint (Client *client,
           gint64 seq)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "changes");
  json_builder_set_member_name (builder, "seq");
  json_builder_add_int_value (builder, seq);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  soup_websocket_connection_send_text (client->connection, text);
  client->hinted = seq;
}

/* Returns FALSE when the client's session is over. */
static gboolean
session_lives (RingiServerEvents *self,
               Client *client,
               gint64 now)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *login = ringi_server_storage_lookup_token (self->storage, client->token_sha256,
                                                              now, RINGI_TOKEN_IDLE_SECONDS, &error);

  return login != NULL;
}

static void
update_client (RingiServerEvents *self,
               Client *client,
               gint64 now)
{
  g_autoptr(GError) error = NULL;
  gint64 seq;

  if (soup_websocket_connection_get_state (client->connection) != SOUP_WEBSOCKET_STATE_OPEN)
    return;

  if (!session_lives (self, client, now))
    {
      soup_websocket_connection_close (client->connection, CLOSE_SESSION_ENDED, _("The session has ended; log in again"));
      return;
    }

  seq = ringi_server_storage_get_last_visible_seq (self->storage, client->login, &error);
  if (seq < 0)
    g_message ("Could not look for changes for %s: %s", client->login, error->message);
  else if (seq > client->hinted)
    send_hint (client, seq);
}

/* A list to walk while closing connections removes their clients from
 * the real one. It owns nothing: a copy keeps the free function. */
static GPtrArray *
borrow_clients (RingiServerEvents *self)
{
  GPtrArray *clients = g_ptr_array_copy (self->clients, NULL, NULL);

  g_ptr_array_set_free_func (clients, NULL);
  return clients;
}

static void
update_all (RingiServerEvents *self,
            gint64 now)
{
  g_autoptr(GPtrArray) clients = borrow_clients (self);

  for (guint i = 0; i < clients->len; i++)
    update_client (self, g_ptr_array_index (clients, i), now);
}

/* Every second, whether the log grew or not, so that a session that
 * ends (a user disabled by the administration command) ends here too. */
static gboolean
on_poll (gpointer user_data)
{
  RingiServerEvents *self = user_data;

  self->last_seen = MAX (self->last_seen, ringi_server_storage_get_last_change_seq (self->storage, NULL));
  update_all (self, g_get_real_time () / G_USEC_PER_SEC);
  return G_SOURCE_CONTINUE;
}

/**
 * ringi_server_events_add:
 * @self: a #RingiServerEvents
 * @connection: an open WebSocket
 * @login: the authenticated user
 * @token_sha256: the hash of the token they connected with
 * @now: the server time
 *
 * Starts telling @connection of changes. It gets a first hint at once
 * when changes it may see exist, so that it never misses one that came
 * between its last pull and the connection.
 */
void
ringi_server_events_add (RingiServerEvents *self,
                         SoupWebsocketConnection *connection,
                         const char *login,
                         const char *token_sha256,
                         gint64 now)
{
  Client *client;

  g_return_if_fail (RINGI_IS_SERVER_EVENTS (self));
  g_return_if_fail (SOUP_IS_WEBSOCKET_CONNECTION (connection));
  g_return_if_fail (login != NULL && token_sha256 != NULL);

  client = g_new0 (Client, 1);
  client->events = self;
  client->connection = g_object_ref (connection);
  client->login = g_strdup (login);
  client->token_sha256 = g_strdup (token_sha256);
  g_ptr_array_add (self->clients, client);
  g_signal_connect (connection, "closed", G_CALLBACK (on_closed), client);

  if (self->poll_id == 0)
    self->poll_id = g_timeout_add_seconds (POLL_SECONDS, on_poll, self);

  update_client (self, client, now);
}

/**
 * ringi_server_events_check:
 * @self: a #RingiServerEvents
 * @now: the server time
 *
 * Tells each client of the changes it may see since its last hint. Call
 * it after committing changes; it costs a token lookup and an indexed
 * lookup per client, and nothing when the log has not grown.
 */
void
ringi_server_events_check (RingiServerEvents *self,
                           gint64 now)
{
  gint64 last;

  g_return_if_fail (RINGI_IS_SERVER_EVENTS (self));

  last = ringi_server_storage_get_last_change_seq (self->storage, NULL);
  if (last <= self->last_seen || self->clients->len == 0)
    {
      self->last_seen = MAX (self->last_seen, last);
      return;
    }

  self->last_seen = last;
  update_all (self, now);
}

guint
ringi_server_events_get_n_clients (RingiServerEvents *self)
{
  g_return_val_if_fail (RINGI_IS_SERVER_EVENTS (self), 0);

  return self->clients->len;
}

/**
 * ringi_server_events_close_all:
 * @self: a #RingiServerEvents
 *
 * Says goodbye to every client, for a server going down.
 */
void
ringi_server_events_close_all (RingiServerEvents *self)
{
  g_autoptr(GPtrArray) clients = NULL;

  g_return_if_fail (RINGI_IS_SERVER_EVENTS (self));

  stop_polling (self);
  clients = borrow_clients (self);
  for (guint i = 0; i < clients->len; i++)
    {
      Client *client = g_ptr_array_index (clients, i);

      if (soup_websocket_connection_get_state (client->connection) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (client->connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
    }
}
