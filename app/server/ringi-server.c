/* ringi-server.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ringi-api.h"
#include "ringi-server-handlers.h"
#include "ringi-server-log.h"
#include "ringi-server.h"

/* The HTTPS service: routes requests to the handlers, writes one log line
 * per request, and shuts down gracefully. TLS is glib-networking's GnuTLS
 * backend, limited to TLS 1.2 and 1.3 by
 * ringi_server_tls_require_modern_versions(), which `serve` calls first. */

typedef struct
{
  const char *method;
  const char *path; /* a path ending in "/" matches everything below it */
  RingiServerHandler handler;
} Route;

static const Route routes[] = {
  { "GET", "/api/v1/health", ringi_server_handle_health },
  { "POST", "/api/v1/login/nonce", ringi_server_handle_login_nonce },
};

struct _RingiServer
{
  GObject parent_instance;

  RingiServerStorage *storage;
  GTlsCertificate *certificate;
  SoupServer *soup;
  /* requests whose headers are read and whose answer is not sent yet */
  guint n_active;
  GTask *shutdown;
};

G_DEFINE_FINAL_TYPE (RingiServer, ringi_server, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_STORAGE,
  PROP_CERTIFICATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What the log needs of a request, kept on the message. */
typedef struct
{
  gint64 started_at;
} RequestInfo;

#define REQUEST_INFO_KEY "ringi-request-info"

static void
ringi_server_dispose (GObject *object)
{
  RingiServer *self = (RingiServer *) object;

  g_clear_object (&self->soup);
  g_clear_object (&self->storage);
  g_clear_object (&self->certificate);
  g_clear_object (&self->shutdown);

  G_OBJECT_CLASS (ringi_server_parent_class)->dispose (object);
}

static void
ringi_server_get_property (GObject *object,
                           guint prop_id,
                           GValue *value,
                           GParamSpec *pspec)
{
  RingiServer *self = RINGI_SERVER (object);

  switch (prop_id)
    {
    case PROP_STORAGE:
      g_value_set_object (value, self->storage);
      break;

    case PROP_CERTIFICATE:
      g_value_set_object (value, self->certificate);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ringi_server_set_property (GObject *object,
                           guint prop_id,
                           const GValue *value,
                           GParamSpec *pspec)
{
  RingiServer *self = RINGI_SERVER (object);

  switch (prop_id)
    {
    case PROP_STORAGE:
      self->storage = g_value_dup_object (value);
      break;

    case PROP_CERTIFICATE:
      self->certificate = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
finish_shutdown_if_idle (RingiServer *self)
{
  if (self->shutdown != NULL && self->n_active == 0)
    {
      g_autoptr(GTask) task = g_steal_pointer (&self->shutdown);
      g_task_return_boolean (task, TRUE);
    }
}

static void
on_got_headers (SoupServerMessage *msg,
                RingiServer *self)
{
  RequestInfo *info = g_new0 (RequestInfo, 1);

  info->started_at = g_get_monotonic_time ();
  g_object_set_data_full (G_OBJECT (msg), REQUEST_INFO_KEY, info, g_free);
  self->n_active++;
}

static void
on_request_started (SoupServer *soup,
                    SoupServerMessage *msg,
                    RingiServer *self)
{
  /* "request-started" also fires for a connection merely waiting for its
   * next request; a request counts from its headers on. */
  g_signal_connect_object (msg, "got-headers", G_CALLBACK (on_got_headers), self, 0);
}

static void
on_request_done (SoupServer *soup,
                 SoupServerMessage *msg,
                 RingiServer *self)
{
  RequestInfo *info = g_object_steal_data (G_OBJECT (msg), REQUEST_INFO_KEY);

  if (info == NULL)
    return;

  ringi_server_log_request (msg, g_get_monotonic_time () - info->started_at);
  g_free (info);

  g_assert (self->n_active > 0);
  self->n_active--;
  finish_shutdown_if_idle (self);
}

static gboolean
route_matches (const Route *route,
               const char *path,
               const char **rest)
{
  if (g_str_has_suffix (route->path, "/"))
    {
      *rest = path + strlen (route->path);
      return g_str_has_prefix (path, route->path) && **rest != '\0';
    }

  *rest = NULL;
  return g_str_equal (path, route->path);
}

static void
respond_not_found (SoupServerMessage *msg)
{
  g_autoptr(GError) error = g_error_new (RINGI_API_ERROR, RINGI_API_ERROR_NOT_FOUND,
                                          _("There is nothing at %s"),
                                          g_uri_get_path (soup_server_message_get_uri (msg)));

  ringi_api_respond_error (msg, error);
}

static void
respond_method_not_allowed (SoupServerMessage *msg,
                            const char *allowed)
{
  g_autoptr(GError) error = g_error_new (RINGI_API_ERROR, RINGI_API_ERROR_METHOD_NOT_ALLOWED,
                                          _("%s takes %s, not %s"),
                                          g_uri_get_path (soup_server_message_get_uri (msg)),
                                          allowed, soup_server_message_get_method (msg));

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", allowed);
  ringi_api_respond_error (msg, error);
}

static void
dispatch (SoupServer *soup,
          SoupServerMessage *msg,
          const char *path,
          GHashTable *query,
          gpointer user_data)
{
  RingiServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  const char *allowed = NULL;

  /* While stopping, a kept-alive connection gets its answer and is closed. */
  if (self->shutdown != NULL)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "Connection", "close");

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      const char *rest;

      if (!route_matches (&routes[i], path, &rest))
        continue;

      if (g_str_equal (method, routes[i].method))
        {
          routes[i].handler (self, msg, rest);
          return;
        }
      allowed = routes[i].method;
    }

  if (allowed != NULL)
    respond_method_not_allowed (msg, allowed);
  else
    respond_not_found (msg);
}

static void
ringi_server_constructed (GObject *object)
{
  RingiServer *self = (RingiServer *) object;

  G_OBJECT_CLASS (ringi_server_parent_class)->constructed (object);

  self->soup = g_object_new (SOUP_TYPE_SERVER,
                             "tls-certificate", self->certificate,
                             "server-header", "ringi-server",
                             NULL);
  soup_server_add_handler (self->soup, NULL, dispatch, self, NULL);
  g_signal_connect_object (self->soup, "request-started", G_CALLBACK (on_request_started), self, 0);
  g_signal_connect_object (self->soup, "request-finished", G_CALLBACK (on_request_done), self, 0);
  /* libsoup reports a 500 answer as aborted; it is logged all the same. */
  g_signal_connect_object (self->soup, "request-aborted", G_CALLBACK (on_request_done), self, 0);
}

static void
ringi_server_class_init (RingiServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = ringi_server_constructed;
  object_class->dispose = ringi_server_dispose;
  object_class->get_property = ringi_server_get_property;
  object_class->set_property = ringi_server_set_property;

  properties[PROP_STORAGE] =
    g_param_spec_object ("storage", NULL, NULL,
                         RINGI_TYPE_SERVER_STORAGE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CERTIFICATE] =
    g_param_spec_object ("certificate", NULL, NULL,
                         G_TYPE_TLS_CERTIFICATE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ringi_server_init (RingiServer *self)
{
}

/**
 * ringi_server_new:
 * @storage: where everything is kept
 * @certificate: the server certificate with its private key
 *
 * Returns: (transfer full): a server that does not listen yet
 */
RingiServer *
ringi_server_new (RingiServerStorage *storage,
                  GTlsCertificate *certificate)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (storage), NULL);
  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  return g_object_new (RINGI_TYPE_SERVER,
                       "storage", storage,
                       "certificate", certificate,
                       NULL);
}

/**
 * ringi_server_get_storage:
 * @self: a #RingiServer
 *
 * Returns: (transfer none): the storage the handlers use
 */
RingiServerStorage *
ringi_server_get_storage (RingiServer *self)
{
  g_return_val_if_fail (RINGI_IS_SERVER (self), NULL);

  return self->storage;
}

/**
 * ringi_server_get_now:
 * @self: a #RingiServer
 *
 * Returns: the server's clock, in seconds since the Unix epoch: the one
 *   time every handler uses
 */
gint64
ringi_server_get_now (RingiServer *self)
{
  g_return_val_if_fail (RINGI_IS_SERVER (self), 0);

  return g_get_real_time () / G_USEC_PER_SEC;
}

/**
 * ringi_server_listen:
 * @self: a #RingiServer
 * @address: where to listen; port 0 picks a free port
 * @error: return location for a #GError
 *
 * Starts listening for HTTPS, and only HTTPS, at @address.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_server_listen (RingiServer *self,
                     GSocketAddress *address,
                     GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER (self), FALSE);
  g_return_val_if_fail (G_IS_SOCKET_ADDRESS (address), FALSE);

  return soup_server_listen (self->soup, address, SOUP_SERVER_LISTEN_HTTPS, error);
}

/**
 * ringi_server_dup_url:
 * @self: a listening #RingiServer
 *
 * Returns: (transfer full) (nullable): the URL it listens at, such as
 *   `https://127.0.0.1:8443`, with the real port
 */
char *
ringi_server_dup_url (RingiServer *self)
{
  GSList *uris;
  char *url = NULL;

  g_return_val_if_fail (RINGI_IS_SERVER (self), NULL);

  uris = soup_server_get_uris (self->soup);
  if (uris != NULL)
    {
      url = g_uri_to_string (uris->data);
      if (g_str_has_suffix (url, "/"))
        url[strlen (url) - 1] = '\0';
    }

  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return url;
}

/**
 * ringi_server_get_n_active:
 * @self: a #RingiServer
 *
 * Returns: how many requests are being answered now
 */
guint
ringi_server_get_n_active (RingiServer *self)
{
  g_return_val_if_fail (RINGI_IS_SERVER (self), 0);

  return self->n_active;
}

static void
stop_listening (RingiServer *self)
{
  GSList *sockets = soup_server_get_listeners (self->soup);

  /* soup_server_disconnect() would also cut the requests in flight; closing
   * the listening sockets refuses new connections and nothing else. */
  for (GSList *l = sockets; l != NULL; l = l->next)
    g_socket_close (l->data, NULL);

  g_slist_free (sockets);
}

/**
 * ringi_server_shutdown_async:
 * @self: a #RingiServer
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the last request in flight is answered
 * @user_data: data for @callback
 *
 * Stops accepting connections and lets the requests in flight finish.
 * Connections kept alive are closed after their current answer.
 */
void
ringi_server_shutdown_async (RingiServer *self,
                             GCancellable *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (RINGI_IS_SERVER (self));
  g_return_if_fail (self->shutdown == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ringi_server_shutdown_async);

  stop_listening (self);
  self->shutdown = g_steal_pointer (&task);
  finish_shutdown_if_idle (self);
}

gboolean
ringi_server_shutdown_finish (RingiServer *self,
                              GAsyncResult *result,
                              GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
