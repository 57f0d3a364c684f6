/* ringi-client.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-client"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "ringi-client.h"

#define API_PREFIX "/api/v1"
/* Seconds without progress before a connection counts as broken */
#define IO_TIMEOUT 60
/* A quiet connection is probed this often, so that a dead link is noticed */
#define EVENTS_KEEPALIVE 30

/* The HTTP side of docs/api.md. Every request verifies the server's
 * certificate against the system's authorities or the pinned CA file;
 * nothing here ever accepts a certificate that fails that check. */
struct _RingiClient
{
  GObject parent_instance;

  char *server_url;
  SoupSession *session;

  RingiKeyring *keyring;
  char *login;
  char *fingerprint;
  RingiPassphraseFunc passphrase_func;
  gpointer passphrase_data;
  GDestroyNotify passphrase_destroy;

  char *token;
  char *token_expires_at;

  /* Tasks waiting for the sign-in in progress; NULL when none runs */
  GPtrArray *login_waiters;

  SoupWebsocketConnection *events;
};

G_DEFINE_FINAL_TYPE (RingiClient, ringi_client, G_TYPE_OBJECT)
G_DEFINE_QUARK (ringi-client-error-quark, ringi_client_error)

enum
{
  PROP_0,
  PROP_SERVER_URL,
  PROP_TOKEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  CHANGES_HINTED,
  EVENTS_CLOSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
ringi_client_dispose (GObject *object)
{
  RingiClient *self = (RingiClient *) object;

  ringi_client_disconnect_events (self);
  g_clear_object (&self->session);
  g_clear_object (&self->keyring);
  if (self->passphrase_destroy != NULL)
    self->passphrase_destroy (self->passphrase_data);
  self->passphrase_func = NULL;
  self->passphrase_destroy = NULL;

  G_OBJECT_CLASS (ringi_client_parent_class)->dispose (object);
}

static void
ringi_client_finalize (GObject *object)
{
  RingiClient *self = (RingiClient *) object;

  g_clear_pointer (&self->server_url, g_free);
  g_clear_pointer (&self->login, g_free);
  g_clear_pointer (&self->fingerprint, g_free);
  g_clear_pointer (&self->token, g_free);
  g_clear_pointer (&self->token_expires_at, g_free);
  g_clear_pointer (&self->login_waiters, g_ptr_array_unref);

  G_OBJECT_CLASS (ringi_client_parent_class)->finalize (object);
}

static void
ringi_client_get_property (GObject *object,
                           guint prop_id,
                           GValue *value,
                           GParamSpec *pspec)
{
  RingiClient *self = RINGI_CLIENT (object);

  switch (prop_id)
    {
    case PROP_SERVER_URL:
      g_value_set_string (value, self->server_url);
      break;

    case PROP_TOKEN:
      g_value_set_string (value, self->token);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ringi_client_class_init (RingiClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ringi_client_dispose;
  object_class->finalize = ringi_client_finalize;
  object_class->get_property = ringi_client_get_property;

  properties[PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * RingiClient:token:
   *
   * The bearer token of the current session; notified when a sign-in
   * gives a new one, so that it can be kept.
   */
  properties[PROP_TOKEN] =
    g_param_spec_string ("token", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RingiClient::changes-hinted:
   * @self: a #RingiClient
   * @seq: changes up to this sequence number exist
   *
   * The events socket says there are changes to pull.
   */
  signals[CHANGES_HINTED] =
    g_signal_new ("changes-hinted",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT64);

  /**
   * RingiClient::events-closed:
   * @self: a #RingiClient
   *
   * The events socket closed; connect again later.
   */
  signals[EVENTS_CLOSED] =
    g_signal_new ("events-closed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
ringi_client_init (RingiClient *self)
{
}

/**
 * ringi_client_error_is_transient:
 * @error: an error from a #RingiClient call
 *
 * Returns: %TRUE if trying again later may succeed without anyone doing
 *   anything: the network, a failing or busy server
 */
gboolean
ringi_client_error_is_transient (const GError *error)
{
  g_return_val_if_fail (error != NULL, FALSE);

  return g_error_matches (error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_NETWORK) ||
         g_error_matches (error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_SERVER) ||
         g_error_matches (error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_RATE_LIMITED);
}

static gboolean
is_loopback (const char *host)
{
  return g_ascii_strcasecmp (host, "localhost") == 0 ||
         g_str_equal (host, "127.0.0.1") ||
         g_str_equal (host, "::1");
}

static char *
check_server_url (const char *server_url,
                  GError **error)
{
  g_autoptr(GUri) uri = g_uri_parse (server_url, G_URI_FLAGS_NONE, NULL);
  const char *scheme = uri ? g_uri_get_scheme (uri) : NULL;
  const char *host = uri ? g_uri_get_host (uri) : NULL;
  char *base;

  if (uri == NULL || host == NULL || host[0] == '\0' ||
      (g_strcmp0 (scheme, "https") != 0 && g_strcmp0 (scheme, "http") != 0) ||
      g_uri_get_userinfo (uri) != NULL || g_uri_get_query (uri) != NULL ||
      g_uri_get_fragment (uri) != NULL)
    {
      g_set_error (error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_INVALID_URL,
                   _("“%s” is not a server address; write it as https://host:port"), server_url);
      return NULL;
    }

  /* Tokens and stamps must never cross a network in the clear. */
  if (g_str_equal (scheme, "http") && !is_loopback (host))
    {
      g_set_error (error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_INSECURE,
                   _("Ringi talks to %s over https:// only; plain http:// is allowed to this computer alone"),
                   host);
      return NULL;
    }

  base = g_strdup (server_url);
  while (g_str_has_suffix (base, "/"))
    base[strlen (base) - 1] = '\0';
  return base;
}

static GTlsDatabase *
load_ca_file (const char *ca_file,
              GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autolist(GTlsCertificate) certificates = g_tls_certificate_list_new_from_file (ca_file, &local_error);
  GTlsDatabase *database;

  if (certificates == NULL)
    {
      g_set_error (error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_BAD_CA,
                   _("“%s” holds no certificate authority: %s"), ca_file,
                   local_error ? local_error->message : _("the file has no certificate"));
      return NULL;
    }

  database = g_tls_file_database_new (ca_file, &local_error);
  if (database == NULL)
    g_set_error (error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_BAD_CA,
                 _("Could not read the certificate authority “%s”: %s"), ca_file, local_error->message);
  return database;
}

/**
 * ringi_client_new:
 * @server_url: the server, `https://host[:port]`; `http://` only to
 *   localhost, 127.0.0.1 or ::1
 * @ca_file: (nullable): a PEM file of the certificate authorities to
 *   trust instead of the system's (the municipality's own CA)
 * @error: return location for a #GError
 *
 * Makes a client. Nothing connects yet; a refused address or CA file
 * fails here, before any connection.
 *
 * Returns: (transfer full): the client, or %NULL with @error set
 */
RingiClient *
ringi_client_new (const char *server_url,
                  const char *ca_file,
                  GError **error)
{
  g_autoptr(RingiClient) self = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  g_autofree char *base = NULL;
  g_autofree char *user_agent = NULL;

  g_return_val_if_fail (server_url != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  base = check_server_url (server_url, error);
  if (base == NULL)
    return NULL;

  if (ca_file != NULL)
    {
      database = load_ca_file (ca_file, error);
      if (database == NULL)
        return NULL;
    }

  self = g_object_new (RINGI_TYPE_CLIENT, NULL);
  self->server_url = g_steal_pointer (&base);
  user_agent = g_strdup_printf ("Ringi/%s", PACKAGE_VERSION);
  self->session = soup_session_new_with_options ("timeout", IO_TIMEOUT,
                                                 "user-agent", user_agent,
                                                 NULL);
  if (database != NULL)
    soup_session_set_tls_database (self->session, database);

  return g_steal_pointer (&self);
}

const char *
ringi_client_get_server_url (RingiClient *self)
{
  g_return_val_if_fail (RINGI_IS_CLIENT (self), NULL);

  return self->server_url;
}

/**
 * ringi_client_set_identity:
 * @self: a #RingiClient
 * @keyring: the keyring holding the person's key
 * @login: the person's login
 * @fingerprint: the key the server binds to @login
 *
 * Says who signs in: needed for every call but health and enroll.
 */
void
ringi_client_set_identity (RingiClient *self,
                           RingiKeyring *keyring,
                           const char *login,
                           const char *fingerprint)
{
  g_return_if_fail (RINGI_IS_CLIENT (self));
  g_return_if_fail (RINGI_IS_KEYRING (keyring));
  g_return_if_fail (login != NULL && fingerprint != NULL);

  g_set_object (&self->keyring, keyring);
  g_free (self->login);
  self->login = g_strdup (login);
  g_free (self->fingerprint);
  self->fingerprint = g_strdup (fingerprint);
}

/**
 * ringi_client_set_passphrase_func:
 * @self: a #RingiClient
 * @func: (nullable): asks for the seal PIN when a sign-in needs it
 * @user_data: for @func
 * @destroy: (nullable): frees @user_data
 *
 * Without a function, or when it gives %NULL, a sign-in fails with
 * %RINGI_CLIENT_ERROR_NEEDS_PASSPHRASE.
 */
void
ringi_client_set_passphrase_func (RingiClient *self,
                                  RingiPassphraseFunc func,
                                  gpointer user_data,
                                  GDestroyNotify destroy)
{
  g_return_if_fail (RINGI_IS_CLIENT (self));

  if (self->passphrase_destroy != NULL)
    self->passphrase_destroy (self->passphrase_data);
  self->passphrase_func = func;
  self->passphrase_data = user_data;
  self->passphrase_destroy = destroy;
}

static void
set_token (RingiClient *self,
           const char *token,
           const char *expires_at)
{
  if (g_strcmp0 (self->token, token) == 0 && g_strcmp0 (self->token_expires_at, expires_at) == 0)
    return;

  g_free (self->token);
  self->token = g_strdup (token);
  g_free (self->token_expires_at);
  self->token_expires_at = g_strdup (expires_at);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKEN]);
}

/**
 * ringi_client_set_token:
 * @self: a #RingiClient
 * @token: (nullable): a bearer token kept from an earlier session
 * @expires_at: (nullable): when it expires, RFC 3339
 */
void
ringi_client_set_token (RingiClient *self,
                        const char *token,
                        const char *expires_at)
{
  g_return_if_fail (RINGI_IS_CLIENT (self));

  set_token (self, token, expires_at);
}

const char *
ringi_client_get_token (RingiClient *self)
{
  g_return_val_if_fail (RINGI_IS_CLIENT (self), NULL);

  return self->token;
}

const char *
ringi_client_get_token_expires_at (RingiClient *self)
{
  g_return_val_if_fail (RINGI_IS_CLIENT (self), NULL);

  return self->token_expires_at;
}

static gboolean
token_usable (RingiClient *self)
{
  g_autoptr(GDateTime) expires = NULL;
  g_autoptr(GDateTime) now = NULL;

  if (self->token == NULL)
    return FALSE;
  if (self->token_expires_at == NULL)
    return TRUE;

  expires = g_date_time_new_from_iso8601 (self->token_expires_at, NULL);
  now = g_date_time_new_now_utc ();
  return expires == NULL || g_date_time_compare (now, expires) < 0;
}

/* Errors */

static RingiClientError
code_for_status (guint status,
                 const char *code)
{
  switch (status)
    {
    case SOUP_STATUS_UNAUTHORIZED:
      return RINGI_CLIENT_ERROR_UNAUTHENTICATED;
    case SOUP_STATUS_FORBIDDEN:
      return g_strcmp0 (code, "invalid-code") == 0 ? RINGI_CLIENT_ERROR_INVALID_CODE
                                                   : RINGI_CLIENT_ERROR_FORBIDDEN;
    case SOUP_STATUS_NOT_FOUND:
      return RINGI_CLIENT_ERROR_NOT_FOUND;
    case SOUP_STATUS_CONFLICT:
      return RINGI_CLIENT_ERROR_CONFLICT;
    case SOUP_STATUS_GONE:
      return RINGI_CLIENT_ERROR_CODE_EXPIRED;
    case SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE:
      return RINGI_CLIENT_ERROR_TOO_LARGE;
    case 429: /* Too Many Requests, which libsoup 3.2 does not name */
      return RINGI_CLIENT_ERROR_RATE_LIMITED;
    case SOUP_STATUS_BAD_REQUEST:
    case SOUP_STATUS_UNPROCESSABLE_ENTITY:
      return RINGI_CLIENT_ERROR_REFUSED;
    default:
      return status >= 500 ? RINGI_CLIENT_ERROR_SERVER : RINGI_CLIENT_ERROR_PROTOCOL;
    }
}

static const char *
describe_code (RingiClientError code)
{
  switch (code)
    {
    case RINGI_CLIENT_ERROR_UNAUTHENTICATED:
      return _("The server did not accept who you are");
    case RINGI_CLIENT_ERROR_FORBIDDEN:
      return _("The server does not allow this");
    case RINGI_CLIENT_ERROR_INVALID_CODE:
      return _("The enrollment code is not right");
    case RINGI_CLIENT_ERROR_NOT_FOUND:
      return _("The server does not have this");
    case RINGI_CLIENT_ERROR_CONFLICT:
      return _("This was done already");
    case RINGI_CLIENT_ERROR_CODE_EXPIRED:
      return _("The enrollment code has expired; ask for a new one");
    case RINGI_CLIENT_ERROR_TOO_LARGE:
      return _("The server refuses something this large");
    case RINGI_CLIENT_ERROR_RATE_LIMITED:
      return _("Too many attempts; wait a little and try again");
    case RINGI_CLIENT_ERROR_REFUSED:
      return _("The server refused the request");
    case RINGI_CLIENT_ERROR_SERVER:
      return _("The server failed; try again later");
    default:
      return _("The server gave an answer Ringi does not understand");
    }
}

/* docs/api.md: every error is {"error": {"code", "message"}} */
static void
set_error_from_answer (GError **error,
                       guint status,
                       GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *code = NULL;
  const char *message = NULL;
  RingiClientError our_code;
  gsize size = 0;
  const char *data = body ? g_bytes_get_data (body, &size) : NULL;

  if (data != NULL && json_parser_load_from_data (parser, data, size, NULL))
    {
      JsonNode *root = json_parser_get_root (parser);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
      JsonNode *node = object ? json_object_get_member (object, "error") : NULL;
      JsonObject *inner = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

      if (inner != NULL)
        {
          code = json_object_get_string_member_with_default (inner, "code", NULL);
          message = json_object_get_string_member_with_default (inner, "message", NULL);
        }
    }

  our_code = code_for_status (status, code);
  if (message != NULL)
    g_set_error (error, RINGI_CLIENT_ERROR, our_code, "%s: %s", describe_code (our_code), message);
  else
    g_set_error (error, RINGI_CLIENT_ERROR, our_code, _("%s (HTTP %u)"), describe_code (our_code), status);
}

/* A TLS connection that ends in the middle (G_TLS_ERROR_EOF), whose
 * bytes stop making sense (G_TLS_ERROR_MISC: cut mid-record), or that is
 * closed before the handshake (G_TLS_ERROR_NOT_TLS, as a reverse proxy
 * whose server is down does) broke like any connection does, and trying
 * again may work; the certificate has nothing to do with it. */
static gboolean
is_broken_connection (const GError *cause)
{
  return g_error_matches (cause, G_TLS_ERROR, G_TLS_ERROR_EOF) ||
         g_error_matches (cause, G_TLS_ERROR, G_TLS_ERROR_MISC) ||
         g_error_matches (cause, G_TLS_ERROR, G_TLS_ERROR_NOT_TLS);
}

static void
set_error_from_transport (RingiClient *self,
                          GError **error,
                          GError *cause)
{
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_error_copy (cause));
  else if (cause->domain == G_TLS_ERROR && !is_broken_connection (cause))
    g_set_error (error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_TLS,
                 _("The certificate of %s is not trusted (%s); check the address and the certificate authority"),
                 self->server_url, cause->message);
  else
    g_set_error (error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_NETWORK,
                 _("Could not reach %s: %s"), self->server_url, cause->message);
}

/* Calls: one HTTP request, with a sign-in first when the session needs
 * one and once more after a 401 (the token expired meanwhile). */

typedef struct
{
  char *method;
  char *path;
  GBytes *body;
  const char *content_type;
  gboolean auth;
  gboolean websocket;
  gboolean retried;
  SoupMessage *msg;
} Call;

static void
call_free (Call *call)
{
  g_free (call->method);
  g_free (call->path);
  g_clear_pointer (&call->body, g_bytes_unref);
  g_clear_object (&call->msg);
  g_free (call);
}

static void call_send (GTask *task);
static void ensure_login (RingiClient *self,
                          GTask *task);

static SoupMessage *
new_message (RingiClient *self,
             Call *call)
{
  g_autofree char *url = g_strconcat (self->server_url, API_PREFIX, call->path, NULL);
  SoupMessage *msg = soup_message_new (call->method, url);

  g_assert (msg != NULL);
  /* A redirect could lead off to plain http or another host. */
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  if (call->body != NULL)
    soup_message_set_request_body_from_bytes (msg, call->content_type, call->body);
  if (call->auth && self->token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", self->token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", value);
    }
  return msg;
}

/* An expired or revoked token: sign in again, once, then resend. */
static gboolean
retry_after_login (RingiClient *self,
                   GTask *task,
                   Call *call,
                   guint status)
{
  if (status != SOUP_STATUS_UNAUTHORIZED || !call->auth || call->retried)
    return FALSE;

  call->retried = TRUE;
  set_token (self, NULL, NULL);
  ensure_login (self, task);
  return TRUE;
}

static void
call_sent_cb (GObject *source,
              GAsyncResult *result,
              gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  RingiClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) answer_error = NULL;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (body == NULL)
    {
      g_autoptr(GError) ours = NULL;

      set_error_from_transport (self, &ours, error);
      g_task_return_error (task, g_steal_pointer (&ours));
      return;
    }

  status = soup_message_get_status (call->msg);
  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_pointer (task, g_steal_pointer (&body), (GDestroyNotify) g_bytes_unref);
      return;
    }

  if (retry_after_login (self, task, call, status))
    return;

  set_error_from_answer (&answer_error, status, body);
  g_task_return_error (task, g_steal_pointer (&answer_error));
}

static void
events_message_cb (SoupWebsocketConnection *connection,
                   gint type,
                   GBytes *message,
                   gpointer user_data)
{
  RingiClient *self = user_data;
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size = 0;
  const char *data = g_bytes_get_data (message, &size);
  JsonObject *object;
  JsonNode *root;

  if (type != SOUP_WEBSOCKET_DATA_TEXT || !json_parser_load_from_data (parser, data, size, NULL))
    return;

  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return;

  object = json_node_get_object (root);
  if (g_strcmp0 (json_object_get_string_member_with_default (object, "type", NULL), "changes") == 0 &&
      json_object_has_member (object, "seq"))
    {
      gint64 seq = json_object_get_int_member (object, "seq");

      if (seq >= 0)
        g_signal_emit (self, signals[CHANGES_HINTED], 0, (guint64) seq);
    }
}

static void
events_closed_cb (SoupWebsocketConnection *connection,
                  gpointer user_data)
{
  RingiClient *self = user_data;

  ringi_client_disconnect_events (self);
  g_signal_emit (self, signals[EVENTS_CLOSED], 0);
}

static void
websocket_connected_cb (GObject *source,
                        GAsyncResult *result,
                        gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  RingiClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) ours = NULL;
  SoupWebsocketConnection *connection;
  guint status;

  connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  if (connection != NULL)
    {
      ringi_client_disconnect_events (self);
      self->events = connection;
      soup_websocket_connection_set_keepalive_interval (connection, EVENTS_KEEPALIVE);
      g_signal_connect_object (connection, "message", G_CALLBACK (events_message_cb), self, 0);
      g_signal_connect_object (connection, "closed", G_CALLBACK (events_closed_cb), self, 0);
      g_task_return_boolean (task, TRUE);
      return;
    }

  status = soup_message_get_status (call->msg);
  if (retry_after_login (self, task, call, status))
    return;

  if (status != SOUP_STATUS_NONE && !SOUP_STATUS_IS_SUCCESSFUL (status) &&
      status != SOUP_STATUS_SWITCHING_PROTOCOLS)
    set_error_from_answer (&ours, status, NULL);
  else
    set_error_from_transport (self, &ours, error);
  g_task_return_error (task, g_steal_pointer (&ours));
}

static void
call_send (GTask *task)
{
  RingiClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);

  g_clear_object (&call->msg);
  call->msg = new_message (self, call);

  if (call->websocket)
    soup_session_websocket_connect_async (self->session, call->msg, NULL, NULL, G_PRIORITY_DEFAULT,
                                          g_task_get_cancellable (task),
                                          websocket_connected_cb, g_object_ref (task));
  else
    soup_session_send_and_read_async (self->session, call->msg, G_PRIORITY_DEFAULT,
                                      g_task_get_cancellable (task),
                                      call_sent_cb, g_object_ref (task));
}

static void
call_start (GTask *task)
{
  RingiClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);

  if (call->auth && !token_usable (self))
    ensure_login (self, task);
  else
    call_send (task);
}

static void
call_async (RingiClient *self,
            const char *method,
            const char *path,
            GBytes *body,
            const char *content_type,
            gboolean auth,
            gpointer source_tag,
            GCancellable *cancellable,
            GAsyncReadyCallback callback,
            gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Call *call = g_new0 (Call, 1);

  call->method = g_strdup (method);
  call->path = g_strdup (path);
  call->body = body ? g_bytes_ref (body) : NULL;
  call->content_type = content_type;
  call->auth = auth;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);
  call_start (task);
}

static GBytes *
json_body (JsonNode *node)
{
  char *text = json_to_string (node, FALSE);

  return g_bytes_new_take (text, strlen (text));
}

static JsonObject *
parse_object (GBytes *body,
              GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size = 0;
  const char *data = g_bytes_get_data (body, &size);
  JsonNode *root;

  if (data == NULL || !json_parser_load_from_data (parser, data, size, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (root = json_parser_get_root (parser)))
    {
      g_set_error_literal (error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_PROTOCOL,
                           _("The server gave an answer Ringi does not understand"));
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

static JsonObject *
finish_object (RingiClient *self,
               GAsyncResult *result,
               gpointer source_tag,
               GError **error)
{
  g_autoptr(GBytes) body = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  body = g_task_propagate_pointer (G_TASK (result), error);
  if (body == NULL)
    return NULL;

  return parse_object (body, error);
}

static const char *
get_member_or_fail (JsonObject *object,
                    const char *member,
                    GError **error)
{
  const char *value = json_object_get_string_member_with_default (object, member, NULL);

  if (value == NULL)
    g_set_error (error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_PROTOCOL,
                 _("The server’s answer lacks “%s”"), member);
  return value;
}

static GBytes *
object_body (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return json_body (node);
}

/* Sign-in: nonce, signature, token (docs/api.md) */

typedef struct
{
  RingiClient *self;
  GCancellable *cancellable;
  char *nonce;
  char *passphrase;
} LoginData;

static void
login_data_free (LoginData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->cancellable);
  g_free (data->nonce);
  if (data->passphrase != NULL)
    {
      memset (data->passphrase, 0, strlen (data->passphrase));
      g_free (data->passphrase);
    }
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoginData, login_data_free)

static void
finish_login (RingiClient *self,
              GError *error)
{
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->login_waiters);

  for (guint i = 0; waiters != NULL && i < waiters->len; i++)
    {
      GTask *waiter = g_ptr_array_index (waiters, i);

      if (error != NULL)
        g_task_return_error (waiter, g_error_copy (error));
      else if (g_task_get_task_data (waiter) == NULL)
        g_task_return_boolean (waiter, TRUE);
      else
        call_send (waiter);
    }
}

static void
login_token_cb (GObject *source,
                GAsyncResult *result,
                gpointer user_data)
{
  g_autoptr(LoginData) data = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonObject) answer = NULL;
  const char *token;

  body = g_task_propagate_pointer (G_TASK (result), &error);
  if (body != NULL)
    answer = parse_object (body, &error);
  if (answer != NULL && (token = get_member_or_fail (answer, "token", &error)) != NULL)
    set_token (data->self, token, json_object_get_string_member_with_default (answer, "expires_at", NULL));

  finish_login (data->self, error);
}

static void
login_signed_cb (GObject *source,
                 GAsyncResult *result,
                 gpointer user_data)
{
  g_autoptr(LoginData) data = user_data;
  RingiClient *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) signature = NULL;
  g_autoptr(JsonObject) request = json_object_new ();
  g_autoptr(GBytes) body = NULL;
  g_autofree char *armored = NULL;
  GCancellable *cancellable = data->cancellable;

  signature = ringi_keyring_sign_detached_finish (RINGI_KEYRING (source), result, &error);
  if (signature == NULL)
    {
      finish_login (self, error);
      return;
    }

  armored = g_strndup (g_bytes_get_data (signature, NULL), g_bytes_get_size (signature));
  json_object_set_string_member (request, "login", self->login);
  json_object_set_string_member (request, "nonce", data->nonce);
  json_object_set_string_member (request, "signature", armored);
  body = object_body (request);
  call_async (self, "POST", "/login", body, "application/json", FALSE, login_token_cb,
              cancellable, login_token_cb, g_steal_pointer (&data));
}

static void
login_nonce_cb (GObject *source,
                GAsyncResult *result,
                gpointer user_data)
{
  g_autoptr(LoginData) data = user_data;
  RingiClient *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GBytes) nonce = NULL;
  const char *text;

  body = g_task_propagate_pointer (G_TASK (result), &error);
  if (body != NULL)
    answer = parse_object (body, &error);
  if (answer == NULL || (text = get_member_or_fail (answer, "nonce", &error)) == NULL)
    {
      finish_login (self, error);
      return;
    }

  /* The signature covers the nonce's text exactly as the server sent it. */
  data->nonce = g_strdup (text);
  nonce = g_bytes_new (data->nonce, strlen (data->nonce));
  ringi_keyring_sign_detached_async (self->keyring, self->fingerprint, data->passphrase, nonce,
                                     data->cancellable, login_signed_cb, data);
  data = NULL;
}

static gboolean
start_login (RingiClient *self,
             GCancellable *cancellable,
             GError **error)
{
  g_autoptr(JsonObject) request = json_object_new ();
  g_autoptr(GBytes) body = NULL;
  LoginData *data;
  char *passphrase;

  if (self->keyring == NULL || self->login == NULL)
    {
      g_set_error_literal (error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_UNAUTHENTICATED,
                           _("This profile is not enrolled with a server yet"));
      return FALSE;
    }

  passphrase = self->passphrase_func ? self->passphrase_func (self->passphrase_data) : NULL;
  if (passphrase == NULL)
    {
      g_set_error_literal (error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_NEEDS_PASSPHRASE,
                           _("Signing in to the server needs your seal PIN"));
      return FALSE;
    }

  data = g_new0 (LoginData, 1);
  data->self = g_object_ref (self);
  data->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  data->passphrase = passphrase;

  json_object_set_string_member (request, "login", self->login);
  body = object_body (request);
  call_async (self, "POST", "/login/nonce", body, "application/json", FALSE, start_login,
              cancellable, login_nonce_cb, data);
  return TRUE;
}

/* Several calls may find the session gone at once: they wait for one
 * sign-in (one PIN prompt) together. */
static void
ensure_login (RingiClient *self,
              GTask *task)
{
  g_autoptr(GError) error = NULL;

  if (self->login_waiters != NULL)
    {
      g_ptr_array_add (self->login_waiters, g_object_ref (task));
      return;
    }

  self->login_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (self->login_waiters, g_object_ref (task));
  if (!start_login (self, g_task_get_cancellable (task), &error))
    finish_login (self, error);
}

/**
 * ringi_client_login_async:
 * @self: a #RingiClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * Signs in: asks for a nonce, signs it with the person's key (asking the
 * passphrase function for the seal PIN) and keeps the token. Other calls
 * sign in by themselves when needed.
 */
void
ringi_client_login_async (RingiClient *self,
                          GCancellable *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (RINGI_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ringi_client_login_async);
  ensure_login (self, task);
}

gboolean
ringi_client_login_finish (RingiClient *self,
                           GAsyncResult *result,
                           GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Health */

void
ringi_client_health_async (RingiClient *self,
                           GCancellable *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer user_data)
{
  g_return_if_fail (RINGI_IS_CLIENT (self));

  call_async (self, "GET", "/health", NULL, NULL, FALSE, ringi_client_health_async,
              cancellable, callback, user_data);
}

/**
 * ringi_client_health_finish:
 * @self: a #RingiClient
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the server answered, over a trusted connection, that
 *   it is well
 */
gboolean
ringi_client_health_finish (RingiClient *self,
                            GAsyncResult *result,
                            GError **error)
{
  g_autoptr(JsonObject) answer = finish_object (self, result, ringi_client_health_async, error);
  const char *status;

  if (answer == NULL)
    return FALSE;

  status = get_member_or_fail (answer, "status", error);
  if (status == NULL)
    return FALSE;

  if (!g_str_equal (status, "ok"))
    {
      g_set_error (error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_SERVER,
                   _("The server reports a problem: %s"), status);
      return FALSE;
    }

  return TRUE;
}

/* Enrollment */

/**
 * ringi_client_enroll_async:
 * @self: a #RingiClient
 * @login: the person's login
 * @code: the one-time enrollment code from the administrator
 * @public_key: the person's new ASCII-armoured public key
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * Asks the server to bind @public_key to @login.
 */
void
ringi_client_enroll_async (RingiClient *self,
                           const char *login,
                           const char *code,
                           GBytes *public_key,
                           GCancellable *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer user_data)
{
  g_autoptr(JsonObject) request = json_object_new ();
  g_autoptr(GBytes) body = NULL;
  g_autofree char *armored = NULL;

  g_return_if_fail (RINGI_IS_CLIENT (self));
  g_return_if_fail (login != NULL && code != NULL && public_key != NULL);

  armored = g_strndup (g_bytes_get_data (public_key, NULL), g_bytes_get_size (public_key));
  json_object_set_string_member (request, "login", login);
  json_object_set_string_member (request, "code", code);
  json_object_set_string_member (request, "public_key", armored);
  body = object_body (request);
  call_async (self, "POST", "/enroll", body, "application/json", FALSE, ringi_client_enroll_async,
              cancellable, callback, user_data);
}

/**
 * ringi_client_enroll_finish:
 * @self: a #RingiClient
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the fingerprint the server bound, or %NULL
 *   with @error set
 */
char *
ringi_client_enroll_finish (RingiClient *self,
                            GAsyncResult *result,
                            GError **error)
{
  g_autoptr(JsonObject) answer = finish_object (self, result, ringi_client_enroll_async, error);
  const char *fingerprint;

  if (answer == NULL)
    return NULL;

  fingerprint = get_member_or_fail (answer, "fingerprint", error);
  return fingerprint ? g_ascii_strup (fingerprint, -1) : NULL;
}

/* Directory and changes */

void
ringi_client_get_directory_async (RingiClient *self,
                                  GCancellable *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer user_data)
{
  g_return_if_fail (RINGI_IS_CLIENT (self));

  call_async (self, "GET", "/directory", NULL, NULL, TRUE, ringi_client_get_directory_async,
              cancellable, callback, user_data);
}

/**
 * ringi_client_get_directory_finish:
 * @self: a #RingiClient
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the directory object of docs/api.md, or
 *   %NULL with @error set
 */
JsonObject *
ringi_client_get_directory_finish (RingiClient *self,
                                   GAsyncResult *result,
                                   GError **error)
{
  return finish_object (self, result, ringi_client_get_directory_async, error);
}

/**
 * ringi_client_get_changes_async:
 * @self: a #RingiClient
 * @since: the sequence number of the last change already applied
 * @limit: the most changes in the page; 0 for the server's default
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * Fetches one page of changes.
 */
void
ringi_client_get_changes_async (RingiClient *self,
                                guint64 since,
                                guint limit,
                                GCancellable *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (RINGI_IS_CLIENT (self));

  if (limit > 0)
    path = g_strdup_printf ("/changes?since=%" G_GUINT64_FORMAT "&limit=%u", since, limit);
  else
    path = g_strdup_printf ("/changes?since=%" G_GUINT64_FORMAT, since);
  call_async (self, "GET", path, NULL, NULL, TRUE, ringi_client_get_changes_async,
              cancellable, callback, user_data);
}

/**
 * ringi_client_get_changes_finish:
 * @self: a #RingiClient
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): `{"changes", "next", "more"}`, checked to
 *   have those members, or %NULL with @error set
 */
JsonObject *
ringi_client_get_changes_finish (RingiClient *self,
                                 GAsyncResult *result,
                                 GError **error)
{
  g_autoptr(JsonObject) answer = finish_object (self, result, ringi_client_get_changes_async, error);
  JsonNode *changes;

  if (answer == NULL)
    return NULL;

  changes = json_object_get_member (answer, "changes");
  if (changes == NULL || !JSON_NODE_HOLDS_ARRAY (changes) ||
      !json_object_has_member (answer, "next") || json_object_get_int_member (answer, "next") < 0)
    {
      g_set_error_literal (error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_PROTOCOL,
                           _("The server’s list of changes is incomplete"));
      return NULL;
    }

  return g_steal_pointer (&answer);
}

/* Ops */

/**
 * ringi_client_post_ops_async:
 * @self: a #RingiClient
 * @ops: the ops, each a JSON object with its uuid
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * Sends a batch of ops. Sending the same ids again is safe: the server
 * answers with the stored results.
 */
void
ringi_client_post_ops_async (RingiClient *self,
                             JsonArray *ops,
                             GCancellable *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer user_data)
{
  g_autoptr(JsonObject) request = json_object_new ();
  g_autoptr(GBytes) body = NULL;

  g_return_if_fail (RINGI_IS_CLIENT (self));
  g_return_if_fail (ops != NULL);

  json_object_set_array_member (request, "ops", json_array_ref (ops));
  body = object_body (request);
  call_async (self, "POST", "/ops", body, "application/json", TRUE, ringi_client_post_ops_async,
              cancellable, callback, user_data);
}

/**
 * ringi_client_post_ops_finish:
 * @self: a #RingiClient
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the results, one object per op, or %NULL with
 *   @error set
 */
JsonArray *
ringi_client_post_ops_finish (RingiClient *self,
                              GAsyncResult *result,
                              GError **error)
{
  g_autoptr(JsonObject) answer = finish_object (self, result, ringi_client_post_ops_async, error);
  JsonNode *results;

  if (answer == NULL)
    return NULL;

  results = json_object_get_member (answer, "results");
  if (results == NULL || !JSON_NODE_HOLDS_ARRAY (results))
    {
      g_set_error_literal (error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_PROTOCOL,
                           _("The server’s answer to the changes sent has no results"));
      return NULL;
    }

  return json_array_ref (json_node_get_array (results));
}

/* Blobs */

/**
 * ringi_client_put_blob_async:
 * @self: a #RingiClient
 * @data: a document's bytes
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * Uploads @data under its sha256; uploading it again is harmless.
 */
void
ringi_client_put_blob_async (RingiClient *self,
                             GBytes *data,
                             GCancellable *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer user_data)
{
  g_autofree char *sha256 = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (RINGI_IS_CLIENT (self));
  g_return_if_fail (data != NULL);

  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, data);
  path = g_strconcat ("/blobs/", sha256, NULL);
  call_async (self, "PUT", path, data, "application/octet-stream", TRUE, ringi_client_put_blob_async,
              cancellable, callback, user_data);
}

gboolean
ringi_client_put_blob_finish (RingiClient *self,
                              GAsyncResult *result,
                              GError **error)
{
  g_autoptr(GBytes) body = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  body = g_task_propagate_pointer (G_TASK (result), error);
  return body != NULL;
}

static gboolean
is_sha256 (const char *text)
{
  if (strlen (text) != 64)
    return FALSE;

  for (const char *p = text; *p; p++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
      return FALSE;

  return TRUE;
}

/**
 * ringi_client_get_blob_async:
 * @self: a #RingiClient
 * @sha256: the document's sha256, lower-case hex
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * Downloads a document; the finish function checks its hash.
 */
void
ringi_client_get_blob_async (RingiClient *self,
                             const char *sha256,
                             GCancellable *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (RINGI_IS_CLIENT (self));
  g_return_if_fail (sha256 != NULL && is_sha256 (sha256));

  path = g_strconcat ("/blobs/", sha256, NULL);
  call_async (self, "GET", path, NULL, NULL, TRUE, ringi_client_get_blob_async,
              cancellable, callback, user_data);
}

/**
 * ringi_client_get_blob_finish:
 * @self: a #RingiClient
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the bytes, whose sha256 is the one asked for,
 *   or %NULL with @error set (%RINGI_CLIENT_ERROR_PROTOCOL when the
 *   server sent other bytes)
 */
GBytes *
ringi_client_get_blob_finish (RingiClient *self,
                              GAsyncResult *result,
                              GError **error)
{
  g_autoptr(GBytes) body = NULL;
  g_autofree char *sha256 = NULL;
  Call *call;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  call = g_task_get_task_data (G_TASK (result));
  body = g_task_propagate_pointer (G_TASK (result), error);
  if (body == NULL)
    return NULL;

  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, body);
  if (!g_str_equal (call->path + strlen ("/blobs/"), sha256))
    {
      g_set_error (error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_PROTOCOL,
                   _("The server sent a document whose checksum is not %s"), call->path + strlen ("/blobs/"));
      return NULL;
    }

  return g_steal_pointer (&body);
}

/* Events */

/**
 * ringi_client_connect_events_async:
 * @self: a #RingiClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when connected or failed
 * @user_data: for @callback
 *
 * Opens the events WebSocket; from then on #RingiClient::changes-hinted
 * says when there is something to pull, until
 * #RingiClient::events-closed.
 */
void
ringi_client_connect_events_async (RingiClient *self,
                                   GCancellable *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  Call *call;

  g_return_if_fail (RINGI_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  call = g_new0 (Call, 1);
  call->method = g_strdup ("GET");
  call->path = g_strdup ("/events");
  call->auth = TRUE;
  call->websocket = TRUE;
  g_task_set_source_tag (task, ringi_client_connect_events_async);
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);
  call_start (task);
}

gboolean
ringi_client_connect_events_finish (RingiClient *self,
                                    GAsyncResult *result,
                                    GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * ringi_client_disconnect_events:
 * @self: a #RingiClient
 *
 * Closes the events WebSocket, if open.
 */
void
ringi_client_disconnect_events (RingiClient *self)
{
  g_autoptr(SoupWebsocketConnection) connection = NULL;

  g_return_if_fail (RINGI_IS_CLIENT (self));

  connection = g_steal_pointer (&self->events);
  if (connection == NULL)
    return;

  g_signal_handlers_disconnect_by_data (connection, self);
  if (soup_websocket_connection_get_state (connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
}
