/* ringi-server.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ringi-api.h"
#include "ringi-server-auth.h"
#include "ringi-server-events.h"
#include "ringi-server-handlers.h"
#include "ringi-server-log.h"
#include "ringi-server-op-queue.h"
#include "ringi-server-rate-limit.h"
#include "ringi-server.h"

/* The HTTPS service: routes requests to the handlers, writes one log line
 * per request, and shuts down gracefully. TLS is glib-networking's GnuTLS
 * backend, limited to TLS 1.2 and 1.3 by
 * ringi_server_tls_require_modern_versions(), which `serve` calls first. */

typedef enum
{
  OPEN,      /* anyone */
  LOGGED_IN, /* a bearer token */
  UPLOAD,    /* a bearer token of someone who may act; a document body */
} Access;

typedef struct
{
  const char *method;
  const char *path; /* a path ending in "/" matches everything below it */
  RingiServerHandler handler;
  Access access;
} Route;

static const Route routes[] = {
  { "GET", "/api/v1/health", ringi_server_handle_health, OPEN },
  { "POST", "/api/v1/enroll", ringi_server_handle_enroll, OPEN },
  { "POST", "/api/v1/login/nonce", ringi_server_handle_login_nonce, OPEN },
  { "POST", "/api/v1/login", ringi_server_handle_login, OPEN },
  { "GET", "/api/v1/directory", ringi_server_handle_directory, LOGGED_IN },
  { "GET", "/api/v1/changes", ringi_server_handle_changes, LOGGED_IN },
  { "POST", "/api/v1/ops", ringi_server_handle_ops, LOGGED_IN },
  { "PUT", "/api/v1/blobs/", ringi_server_handle_put_blob, UPLOAD },
  { "GET", "/api/v1/blobs/", ringi_server_handle_get_blob, LOGGED_IN },
};

#define EVENTS_PATH "/api/v1/events"

/* Failed logins and enrollments: five per login and twenty per client
 * address in five minutes. An address is often a whole office behind
 * one proxy, so it gets more. */
#define LOGIN_FAILURES   5
#define ADDRESS_FAILURES 20
#define FAILURE_WINDOW   (5 * 60)

struct _RingiServer
{
  GObject parent_instance;

  RingiServerStorage *storage;
  GTlsCertificate *certificate;
  RingiServerKey *receipt_key;
  GBytes *receipt_public_key; /* exported once, on first use */
  RingiKeyring *keyring;
  RingiVerifyCache *verify_cache;
  guint64 max_blob_size;
  SoupServer *soup;
  RingiRateLimit *login_failures;
  RingiRateLimit *address_failures;
  RingiServerEvents *events;
  RingiOpQueue *ops;
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
  PROP_RECEIPT_KEY,
  PROP_KEYRING,
  PROP_VERIFY_CACHE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What the log needs of a request, kept on the message, and how much
 * body it may still send. */
typedef struct
{
  gint64 started_at;
  guint64 body_limit;
  guint64 body_received;
} RequestInfo;

#define REQUEST_INFO_KEY "ringi-request-info"

static void
ringi_server_dispose (GObject *object)
{
  RingiServer *self = (RingiServer *) object;

  g_clear_object (&self->soup);
  g_clear_object (&self->events);
  g_clear_object (&self->ops);
  g_clear_object (&self->login_failures);
  g_clear_object (&self->address_failures);
  g_clear_object (&self->receipt_key);
  g_clear_pointer (&self->receipt_public_key, g_bytes_unref);
  g_clear_object (&self->keyring);
  g_clear_object (&self->verify_cache);
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

    case PROP_RECEIPT_KEY:
      g_value_set_object (value, self->receipt_key);
      break;

    case PROP_KEYRING:
      g_value_set_object (value, self->keyring);
      break;

    case PROP_VERIFY_CACHE:
      g_value_set_object (value, self->verify_cache);
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

    case PROP_RECEIPT_KEY:
      self->receipt_key = g_value_dup_object (value);
      break;

    case PROP_KEYRING:
      self->keyring = g_value_dup_object (value);
      break;

    case PROP_VERIFY_CACHE:
      self->verify_cache = g_value_dup_object (value);
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

static const Route *
find_route (const char *method,
            const char *path,
            const char **rest);

static void
respond_early (SoupServerMessage *msg,
               GError *error)
{
  g_autoptr(GError) owned = error;

  /* The body still comes in, and goes nowhere; the connection closes
   * after the answer, so a large upload ends with it. */
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  soup_message_body_truncate (soup_server_message_get_request_body (msg));
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
  ringi_api_respond_error (msg, error);
}

static GError *
too_large (guint64 limit)
{
  /* xgettext cannot read G_GUINT64_FORMAT inside a message. */
  g_autofree char *bytes = g_strdup_printf ("%" G_GUINT64_FORMAT, limit);

  return g_error_new (RINGI_API_ERROR, RINGI_API_ERROR_TOO_LARGE,
                      _("The body is larger than %s bytes, the most this server takes here"), bytes);
}

/* Counts the body as it streams in, and stops keeping it past the limit:
 * a request without Content-Length (chunked) is cut off here. */
static void
on_got_chunk (SoupServerMessage *msg,
              GBytes *chunk,
              RingiServer *self)
{
  RequestInfo *info = g_object_get_data (G_OBJECT (msg), REQUEST_INFO_KEY);

  if (info == NULL || soup_server_message_get_status (msg) != 0)
    return;

  info->body_received += g_bytes_get_size (chunk);
  if (info->body_received > info->body_limit)
    respond_early (msg, too_large (info->body_limit));
}

/* Uploads are checked before their body is read: who sends it, and the
 * size it announces. */
static gboolean
check_upload (RingiServer *self,
              SoupServerMessage *msg,
              guint64 limit)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  GError *error = NULL;

  if (!ringi_server_authenticate (self, msg, &error) || !ringi_server_check_actor (msg, &error))
    {
      respond_early (msg, error);
      return FALSE;
    }

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      (guint64) soup_message_headers_get_content_length (headers) > limit)
    {
      respond_early (msg, too_large (limit));
      return FALSE;
    }

  return TRUE;
}

static void
limit_body (RingiServer *self,
            SoupServerMessage *msg,
            RequestInfo *info)
{
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));
  const char *rest;
  const Route *route = find_route (soup_server_message_get_method (msg), path, &rest);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  info->body_limit = route != NULL && route->access == UPLOAD ? self->max_blob_size : RINGI_API_MAX_JSON_BODY;
  if (route != NULL && route->access == UPLOAD)
    {
      if (!check_upload (self, msg, info->body_limit))
        return;
    }
  else if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
           (guint64) soup_message_headers_get_content_length (headers) > info->body_limit)
    {
      respond_early (msg, too_large (info->body_limit));
      return;
    }

  g_signal_connect_object (msg, "got-chunk", G_CALLBACK (on_got_chunk), self, 0);
}

static void
on_got_headers (SoupServerMessage *msg,
                RingiServer *self)
{
  RequestInfo *info = g_new0 (RequestInfo, 1);

  info->started_at = g_get_monotonic_time ();
  g_object_set_data_full (G_OBJECT (msg), REQUEST_INFO_KEY, info, g_free);
  self->n_active++;
  limit_body (self, msg, info);
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
request_done (RingiServer *self,
              SoupServerMessage *msg)
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

static void
on_request_done (SoupServer *soup,
                 SoupServerMessage *msg,
                 RingiServer *self)
{
  request_done (self, msg);
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

static const Route *
find_route (const char *method,
            const char *path,
            const char **rest)
{
  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    if (g_str_equal (method, routes[i].method) && route_matches (&routes[i], path, rest))
      return &routes[i];

  return NULL;
}

/* The methods a path takes, for the Allow header; NULL for none. */
static char *
allowed_methods (const char *path)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) methods = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      const char *rest;

      if (route_matches (&routes[i], path, &rest))
        g_strv_builder_add (builder, routes[i].method);
    }

  methods = g_strv_builder_end (builder);
  return methods[0] != NULL ? g_strjoinv (", ", methods) : NULL;
}

static void
dispatch (SoupServer *soup,
          SoupServerMessage *msg,
          const char *path,
          GHashTable *query,
          gpointer user_data)
{
  RingiServer *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *allowed = NULL;
  const char *rest;
  const Route *route;

  /* While stopping, a kept-alive connection gets its answer and is closed. */
  if (self->shutdown != NULL)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "Connection", "close");

  route = find_route (soup_server_message_get_method (msg), path, &rest);
  if (route != NULL)
    {
      if (route->access != OPEN && !ringi_server_authenticate (self, msg, &error))
        ringi_api_respond_error (msg, error);
      else
        route->handler (self, msg, rest);
      return;
    }

  allowed = allowed_methods (path);
  if (allowed != NULL)
    respond_method_not_allowed (msg, allowed);
  else
    respond_not_found (msg);
}

/* GET /events, before the WebSocket handshake: only for the logged in. */
static void
check_events_request (SoupServer *soup,
                      SoupServerMessage *msg,
                      const char *path,
                      GHashTable *query,
                      gpointer user_data)
{
  RingiServer *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (path, EVENTS_PATH))
    respond_not_found (msg);
  else if (!g_str_equal (soup_server_message_get_method (msg), "GET"))
    respond_method_not_allowed (msg, "GET");
  else if (!ringi_server_authenticate (self, msg, &error))
    ringi_api_respond_error (msg, error);
  else if (!soup_websocket_server_check_handshake (msg, NULL, NULL, NULL, &error))
    {
      g_autoptr(GError) invalid = g_error_new (RINGI_API_ERROR, RINGI_API_ERROR_INVALID_REQUEST,
                                                _("%s is a WebSocket: %s"), EVENTS_PATH, error->message);
      ringi_api_respond_error (msg, invalid);
    }
  /* else no status: libsoup goes on with the handshake. */
}

/* The upgraded connection is no request any more: libsoup reports no
 * end for it, so its log line is written here. */
static void
on_events_connected (SoupServer *soup,
                     SoupServerMessage *msg,
                     const char *path,
                     SoupWebsocketConnection *connection,
                     gpointer user_data)
{
  RingiServer *self = user_data;
  const RingiUser *caller = ringi_server_get_caller (msg);

  if (self->shutdown != NULL)
    soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
  else
    ringi_server_events_add (self->events, connection, caller->login, ringi_server_get_caller_token (msg),
                             ringi_server_get_now (self));

  request_done (self, msg);
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
  soup_server_add_handler (self->soup, EVENTS_PATH, check_events_request, self, NULL);
  soup_server_add_websocket_handler (self->soup, EVENTS_PATH, NULL, NULL, on_events_connected, self, NULL);
  self->events = ringi_server_events_new (self->storage);
  self->ops = ringi_op_queue_new (self);
  self->login_failures = ringi_rate_limit_new (LOGIN_FAILURES, FAILURE_WINDOW);
  self->address_failures = ringi_rate_limit_new (ADDRESS_FAILURES, FAILURE_WINDOW);
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

  properties[PROP_RECEIPT_KEY] =
    g_param_spec_object ("receipt-key", NULL, NULL,
                         RINGI_TYPE_SERVER_KEY,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_KEYRING] =
    g_param_spec_object ("keyring", NULL, NULL,
                         RINGI_TYPE_KEYRING,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_VERIFY_CACHE] =
    g_param_spec_object ("verify-cache", NULL, NULL,
                         RINGI_TYPE_VERIFY_CACHE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ringi_server_init (RingiServer *self)
{
  self->max_blob_size = RINGI_SERVER_DEFAULT_MAX_BLOB_SIZE;
}

/**
 * ringi_server_new:
 * @storage: where everything is kept
 * @certificate: the server certificate with its private key
 * @receipt_key: the server's own key, which signs receipts
 * @keyring: the public keys users enrolled, which check their signatures
 * @verify_cache: (nullable): the signatures found good already
 *
 * Returns: (transfer full): a server that does not listen yet
 */
RingiServer *
ringi_server_new (RingiServerStorage *storage,
                  GTlsCertificate *certificate,
                  RingiServerKey *receipt_key,
                  RingiKeyring *keyring,
                  RingiVerifyCache *verify_cache)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (storage), NULL);
  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);
  g_return_val_if_fail (RINGI_IS_SERVER_KEY (receipt_key), NULL);
  g_return_val_if_fail (RINGI_IS_KEYRING (keyring), NULL);
  g_return_val_if_fail (verify_cache == NULL || RINGI_IS_VERIFY_CACHE (verify_cache), NULL);

  return g_object_new (RINGI_TYPE_SERVER,
                       "storage", storage,
                       "certificate", certificate,
                       "receipt-key", receipt_key,
                       "keyring", keyring,
                       "verify-cache", verify_cache,
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
 * ringi_server_get_receipt_key:
 * @self: a #RingiServer
 *
 * Returns: (transfer none): the key that signs receipts
 */
RingiServerKey *
ringi_server_get_receipt_key (RingiServer *self)
{
  g_return_val_if_fail (RINGI_IS_SERVER (self), NULL);

  return self->receipt_key;
}

/**
 * ringi_server_get_receipt_public_key:
 * @self: a #RingiServer
 * @error: return location for a #GError
 *
 * Returns: (transfer none): the armoured public key that checks
 *   receipts, or %NULL with @error set
 */
GBytes *
ringi_server_get_receipt_public_key (RingiServer *self,
                                     GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER (self), NULL);

  if (self->receipt_public_key == NULL)
    self->receipt_public_key = ringi_server_key_export_public (self->receipt_key, error);

  return self->receipt_public_key;
}

/**
 * ringi_server_get_keyring:
 * @self: a #RingiServer
 *
 * Returns: (transfer none): the keyring of the users' public keys
 */
RingiKeyring *
ringi_server_get_keyring (RingiServer *self)
{
  g_return_val_if_fail (RINGI_IS_SERVER (self), NULL);

  return self->keyring;
}

/**
 * ringi_server_get_verify_cache:
 * @self: a #RingiServer
 *
 * Returns: (transfer none) (nullable): the cache of good signatures
 */
RingiVerifyCache *
ringi_server_get_verify_cache (RingiServer *self)
{
  g_return_val_if_fail (RINGI_IS_SERVER (self), NULL);

  return self->verify_cache;
}

/**
 * ringi_server_set_max_blob_size:
 * @self: a #RingiServer
 * @max_blob_size: the largest document accepted, in bytes
 */
void
ringi_server_set_max_blob_size (RingiServer *self,
                                guint64 max_blob_size)
{
  g_return_if_fail (RINGI_IS_SERVER (self));
  g_return_if_fail (max_blob_size > 0);

  self->max_blob_size = max_blob_size;
}

guint64
ringi_server_get_max_blob_size (RingiServer *self)
{
  g_return_val_if_fail (RINGI_IS_SERVER (self), 0);

  return self->max_blob_size;
}

static char *
login_key (const char *login)
{
  return g_strconcat ("login:", login, NULL);
}

static char *
address_key (SoupServerMessage *msg)
{
  const char *remote = soup_server_message_get_remote_host (msg);

  return g_strconcat ("address:", remote ? remote : "", NULL);
}

/**
 * ringi_server_check_rate_limit:
 * @self: a #RingiServer
 * @msg: a login or enrollment request
 * @login: the login it is for
 * @error: return location for a #GError
 *
 * Returns: %TRUE unless @login or the client's address failed too often
 *   lately; then %FALSE with `rate-limited`, and a `Retry-After` header
 *   on @msg
 */
gboolean
ringi_server_check_rate_limit (RingiServer *self,
                               SoupServerMessage *msg,
                               const char *login,
                               GError **error)
{
  g_autofree char *by_login = login_key (login);
  g_autofree char *by_address = address_key (msg);
  g_autofree char *retry = NULL;
  gint64 now = ringi_server_get_now (self);
  gint64 wait = 0;

  g_return_val_if_fail (RINGI_IS_SERVER (self), FALSE);

  if (!ringi_rate_limit_is_blocked (self->login_failures, by_login, now, &wait) &&
      !ringi_rate_limit_is_blocked (self->address_failures, by_address, now, &wait))
    return TRUE;

  retry = g_strdup_printf ("%" G_GINT64_FORMAT, wait);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", retry);
  g_set_error (error, RINGI_API_ERROR, RINGI_API_ERROR_RATE_LIMITED,
               _("Too many failed attempts; try again in %s seconds"), retry);
  return FALSE;
}

/**
 * ringi_server_count_failure:
 * @self: a #RingiServer
 * @msg: a login or enrollment request that failed
 * @login: the login it was for
 *
 * Counts the failure against @login and the client's address.
 */
void
ringi_server_count_failure (RingiServer *self,
                            SoupServerMessage *msg,
                            const char *login)
{
  g_autofree char *by_login = login_key (login);
  g_autofree char *by_address = address_key (msg);
  gint64 now = ringi_server_get_now (self);

  g_return_if_fail (RINGI_IS_SERVER (self));

  ringi_rate_limit_add_failure (self->login_failures, by_login, now);
  ringi_rate_limit_add_failure (self->address_failures, by_address, now);
}

/**
 * ringi_server_forget_failures:
 * @self: a #RingiServer
 * @login: a login that just succeeded
 *
 * Clears the failures of @login (not of the address: someone guessing
 * at several logins from one place stays counted).
 */
void
ringi_server_forget_failures (RingiServer *self,
                              const char *login)
{
  g_autofree char *by_login = login_key (login);

  g_return_if_fail (RINGI_IS_SERVER (self));

  ringi_rate_limit_forget (self->login_failures, by_login);
}

/**
 * ringi_server_changes_committed:
 * @self: a #RingiServer
 *
 * Says that the change log grew: the clients of GET /events who may see
 * the new changes hear of them now.
 */
void
ringi_server_changes_committed (RingiServer *self)
{
  g_return_if_fail (RINGI_IS_SERVER (self));

  ringi_server_events_check (self->events, ringi_server_get_now (self));
}

/**
 * ringi_server_run_ops_async:
 * @self: a #RingiServer
 * @caller: who sent the ops, allowed to act
 * @ops: the ops of a POST /ops
 * @callback: called with the results
 * @user_data: data for @callback
 *
 * Runs a batch of ops after those already queued (see RingiOpQueue).
 */
void
ringi_server_run_ops_async (RingiServer *self,
                            const RingiUser *caller,
                            JsonArray *ops,
                            GAsyncReadyCallback callback,
                            gpointer user_data)
{
  g_return_if_fail (RINGI_IS_SERVER (self));

  ringi_op_queue_run_async (self->ops, caller, ops, callback, user_data);
}

/**
 * ringi_server_run_ops_finish:
 * @self: a #RingiServer
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): `{"results": […]}`, or %NULL with @error set
 */
JsonNode *
ringi_server_run_ops_finish (RingiServer *self,
                             GAsyncResult *result,
                             GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER (self), NULL);

  return ringi_op_queue_run_finish (self->ops, result, error);
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
 * ringi_server_dup_endpoints:
 *
 * Every endpoint the server answers, as `METHOD PATH` (a path ending in
 * `/` takes one more part, such as a document's sha256), the events
 * WebSocket included. Tests walk it, so that an endpoint added here
 * without its authorization checks fails them.
 *
 * Returns: (transfer full): the endpoints, in the router's order
 */
GStrv
ringi_server_dup_endpoints (void)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      g_autofree char *endpoint = g_strconcat (routes[i].method, " ", routes[i].path, NULL);

      g_strv_builder_add (builder, endpoint);
    }
  g_strv_builder_add (builder, "GET " EVENTS_PATH);

  return g_strv_builder_end (builder);
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
  ringi_server_events_close_all (self->events);
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
