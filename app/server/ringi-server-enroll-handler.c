/* ringi-server-enroll-handler.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ringi-api.h"
#include "ringi-server-handlers.h"
#include "ringi-server-secret.h"

/* POST /enroll: a person's first contact. The one-time code the
 * administrator gave them proves who they are; the public key they send
 * is imported into the server's keyring of users' keys and its
 * fingerprint bound to their login, in the same transaction that uses
 * the code up. The code is checked once before the import, so that a
 * wrong code costs no gpg, and again when it is used. */

typedef struct
{
  RingiServer *server;
  SoupServerMessage *msg;
  char *login;
  char *code_sha256;
  GBytes *armored;
} EnrollCall;

static void
enroll_call_free (EnrollCall *call)
{
  g_clear_object (&call->server);
  g_clear_object (&call->msg);
  g_free (call->login);
  g_free (call->code_sha256);
  g_clear_pointer (&call->armored, g_bytes_unref);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EnrollCall, enroll_call_free)

typedef struct
{
  char *fingerprint;
  GBytes *public_key;
} ImportedKey;

static void
imported_key_free (ImportedKey *key)
{
  g_free (key->fingerprint);
  g_clear_pointer (&key->public_key, g_bytes_unref);
  g_free (key);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImportedKey, imported_key_free)

/* The storage's refusals, in the API's words; each but a disabled user
 * counts as a failure. Faults of the server stay as they are. */
static GError *
client_error (RingiServer *server,
              SoupServerMessage *msg,
              const char *login,
              const GError *storage_error)
{
  if (storage_error->domain != RINGI_SERVER_STORAGE_ERROR)
    return g_error_copy (storage_error);

  if (storage_error->code == RINGI_SERVER_STORAGE_ERROR_DISABLED)
    return g_error_new_literal (RINGI_API_ERROR, RINGI_API_ERROR_FORBIDDEN, _("This user is disabled"));

  ringi_server_count_failure (server, msg, login);
  switch (storage_error->code)
    {
    case RINGI_SERVER_STORAGE_ERROR_EXPIRED:
      return g_error_new_literal (RINGI_API_ERROR, RINGI_API_ERROR_CODE_EXPIRED,
                                  _("The enrollment code has expired; ask the administrator for a new one"));

    case RINGI_SERVER_STORAGE_ERROR_EXISTS:
    case RINGI_SERVER_STORAGE_ERROR_INVALID:
      /* A key of someone else's, a revoked key, or another key bound. */
      return g_error_new_literal (RINGI_API_ERROR, RINGI_API_ERROR_CONFLICT, storage_error->message);

    default:
      /* An unknown login or a wrong code: one answer, which tells nothing. */
      return g_error_new_literal (RINGI_API_ERROR, RINGI_API_ERROR_INVALID_CODE,
                                  _("This is not an enrollment code of this login"));
    }
}

static void
respond_code_error (RingiServer *server,
                    SoupServerMessage *msg,
                    const char *login,
                    const GError *storage_error)
{
  g_autoptr(GError) error = client_error (server, msg, login, storage_error);

  ringi_api_respond_error (msg, error);
}

static JsonNode *
build_answer (const char *login,
              const char *fingerprint)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "login");
  json_builder_add_string_value (builder, login);
  json_builder_set_member_name (builder, "fingerprint");
  json_builder_add_string_value (builder, fingerprint);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gboolean
bind (EnrollCall *call,
      ImportedKey *key,
      GError **error)
{
  RingiServerStorage *storage = ringi_server_get_storage (call->server);
  gint64 now = ringi_server_get_now (call->server);

  if (!ringi_server_storage_begin (storage, error))
    return FALSE;

  if (!ringi_server_storage_redeem_enrollment_code (storage, call->login, call->code_sha256, now, error) ||
      !ringi_server_storage_bind_key (storage, call->login, key->fingerprint, key->public_key, now, error) ||
      !ringi_server_storage_commit (storage, error))
    {
      ringi_server_storage_rollback (storage);
      return FALSE;
    }

  return TRUE;
}

static void
on_imported (GObject *source,
             GAsyncResult *result,
             gpointer user_data)
{
  g_autoptr(EnrollCall) call = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ImportedKey) key = g_task_propagate_pointer (G_TASK (result), &error);
  g_autoptr(JsonNode) answer = NULL;

  soup_server_message_unpause (call->msg);
  if (key == NULL)
    {
      ringi_api_respond_error (call->msg, error);
      return;
    }

  if (!bind (call, key, &error))
    {
      respond_code_error (call->server, call->msg, call->login, error);
      return;
    }

  ringi_server_forget_failures (call->server, call->login);
  ringi_server_changes_committed (call->server);
  answer = build_answer (call->login, key->fingerprint);
  ringi_api_respond_json (call->msg, SOUP_STATUS_OK, answer);
}

/* In a worker thread: gpg imports the key, then exports it alone and
 * clean, as the directory will hand it out. */
static void
import_thread (GTask *task,
               gpointer source_object,
               gpointer task_data,
               GCancellable *cancellable)
{
  RingiKeyring *keyring = ringi_server_get_keyring (source_object);
  GBytes *armored = task_data;
  g_autoptr(ImportedKey) key = g_new0 (ImportedKey, 1);
  g_auto(GStrv) fingerprints = NULL;
  GError *error = NULL;

  if (!ringi_keyring_import (keyring, armored, &fingerprints, NULL))
    {
      g_task_return_new_error (task, RINGI_API_ERROR, RINGI_API_ERROR_INVALID_REQUEST,
                               _("“public_key” holds no OpenPGP public key"));
      return;
    }

  if (g_strv_length (fingerprints) != 1)
    {
      g_task_return_new_error (task, RINGI_API_ERROR, RINGI_API_ERROR_INVALID_REQUEST,
                               _("“public_key” must hold exactly one key, not %u"), g_strv_length (fingerprints));
      return;
    }

  key->fingerprint = g_strdup (fingerprints[0]);
  key->public_key = ringi_keyring_export_public (keyring, key->fingerprint, &error);
  if (key->public_key == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&key), (GDestroyNotify) imported_key_free);
}

static gboolean
read_request (SoupServerMessage *msg,
              const char **out_login,
              char **out_code,
              const char **out_key,
              JsonObject **out_request,
              GError **error)
{
  g_autoptr(JsonObject) request = ringi_api_read_object (msg, error);

  if (request == NULL ||
      (*out_login = ringi_api_get_string (request, "login", error)) == NULL ||
      ringi_api_get_string (request, "code", error) == NULL ||
      (*out_key = ringi_api_get_string (request, "public_key", error)) == NULL)
    return FALSE;

  /* Only public keys go into the server's keyring. */
  if (strstr (*out_key, "PRIVATE KEY BLOCK") != NULL)
    {
      g_set_error (error, RINGI_API_ERROR, RINGI_API_ERROR_INVALID_REQUEST,
                   _("“public_key” holds a private key: send the public key only, and keep the private one to yourself"));
      return FALSE;
    }

  *out_code = ringi_server_secret_normalize_code (json_object_get_string_member (request, "code"));
  *out_request = g_steal_pointer (&request);
  return TRUE;
}

/**
 * ringi_server_handle_enroll:
 * @server: the server
 * @msg: `POST /api/v1/enroll` with `{"login", "code", "public_key"}`
 * @rest: unused
 *
 * Binds the key's fingerprint to the login and answers
 * `{"login", "fingerprint"}`. Wrong codes are 403 `invalid-code`,
 * expired ones 410 `code-expired`, a key someone has or had 409
 * `conflict`; repeated failures 429.
 */
void
ringi_server_handle_enroll (RingiServer *server,
                            SoupServerMessage *msg,
                            const char *rest)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) request = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *code = NULL;
  const char *login = NULL, *key = NULL;
  EnrollCall *call;

  if (!read_request (msg, &login, &code, &key, &request, &error) ||
      !ringi_server_check_rate_limit (server, msg, login, &error))
    {
      ringi_api_respond_error (msg, error);
      return;
    }

  call = g_new0 (EnrollCall, 1);
  call->server = g_object_ref (server);
  call->msg = g_object_ref (msg);
  call->login = g_strdup (login);
  /* A text that cannot be a code matches no stored hash. */
  call->code_sha256 = ringi_server_secret_sha256 (code ? code : "");
  call->armored = g_bytes_new (key, strlen (key));

  if (!ringi_server_storage_check_enrollment_code (ringi_server_get_storage (server), call->login,
                                                   call->code_sha256, ringi_server_get_now (server), &error))
    {
      respond_code_error (server, msg, login, error);
      enroll_call_free (call);
      return;
    }

  soup_server_message_pause (msg);
  task = g_task_new (server, NULL, on_imported, call);
  g_task_set_source_tag (task, ringi_server_handle_enroll);
  g_task_set_task_data (task, g_bytes_ref (call->armored), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, import_thread);
}
