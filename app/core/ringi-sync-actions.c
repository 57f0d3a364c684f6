/* ringi-sync-actions.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ringi-delegation.h"
#include "ringi-history.h"
#include "ringi-month-close.h"
#include "ringi-punch.h"
#include "ringi-record-private.h"
#include "ringi-sync-private.h"
#include "ringi-text.h"

/* Local actions work offline: each is checked against the request's
 * history as this profile sees it (the state machine replayed over the
 * stored and pending stamps), signed with the person's key, and written
 * with its outgoing op in one transaction. The server checks it again. */

static GDateTime *
now_to_the_second (void)
{
  return g_date_time_new_from_unix_local (g_get_real_time () / G_USEC_PER_SEC);
}

static RingiSyncSettings *
dup_enrolled_settings (RingiSync *self,
                       GError **error)
{
  g_autoptr(RingiSyncSettings) settings = ringi_profile_dup_settings (self->profile, error);

  if (settings == NULL)
    return NULL;

  if (settings->login == NULL || settings->fingerprint == NULL)
    {
      g_set_error_literal (error, RINGI_PROFILE_ERROR, RINGI_PROFILE_ERROR_NOT_ENROLLED,
                           _("This profile is not enrolled with a server yet"));
      return NULL;
    }

  return g_steal_pointer (&settings);
}

/* Enrollment */

typedef struct
{
  RingiClient *client;
  char *server_url;
  char *ca_file;
  char *login;
  char *code;
  char *passphrase;
  char *fingerprint;
} EnrollData;

static void
scrub_free (char *secret)
{
  if (secret == NULL)
    return;

  memset (secret, 0, strlen (secret));
  g_free (secret);
}

static void
enroll_data_free (EnrollData *data)
{
  g_clear_object (&data->client);
  g_free (data->server_url);
  g_free (data->ca_file);
  g_free (data->login);
  scrub_free (data->code);
  scrub_free (data->passphrase);
  g_free (data->fingerprint);
  g_free (data);
}

static char *
enroll_passphrase_cb (gpointer user_data)
{
  EnrollData *data = user_data;

  return g_strdup (data->passphrase);
}

static void
enroll_login_cb (GObject *source,
                 GAsyncResult *result,
                 gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  RingiSync *self = g_task_get_source_object (task);
  RingiClient *client = RINGI_CLIENT (source);
  g_autoptr(GError) error = NULL;

  /* Enrolled either way: a failed first sign-in is retried by the next
   * sync, which then asks for the PIN again. */
  if (!ringi_client_login_finish (client, result, &error) ||
      !ringi_profile_save_token (self->profile, ringi_client_get_token (client),
                                 ringi_client_get_token_expires_at (client), &error))
    g_debug ("Enrolled, but the first sign-in failed: %s", error->message);

  g_task_return_boolean (task, TRUE);
  ringi_sync_poke (self);
}

static void
enrolled_cb (GObject *source,
             GAsyncResult *result,
             gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  RingiSync *self = g_task_get_source_object (task);
  EnrollData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *bound = ringi_client_enroll_finish (data->client, result, &error);

  if (bound == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!g_str_equal (bound, data->fingerprint))
    {
      g_task_return_new_error (task, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_PROTOCOL,
                               _("The server bound the key %s, not the key made here (%s)"),
                               bound, data->fingerprint);
      return;
    }

  if (!ringi_profile_save_enrollment (self->profile, data->server_url, data->ca_file,
                                      data->login, data->fingerprint, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_clear_object (&self->client);
  ringi_client_set_identity (data->client, ringi_profile_get_keyring (self->profile),
                             data->login, data->fingerprint);
  ringi_client_set_passphrase_func (data->client, enroll_passphrase_cb, data, NULL);
  ringi_sync_emit_enroll_phase (self, RINGI_ENROLL_PHASE_SIGNING_IN);
  ringi_client_login_async (data->client, g_task_get_cancellable (task), enroll_login_cb, g_object_ref (task));
}

static void
key_made_cb (GObject *source,
             GAsyncResult *result,
             gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  EnrollData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) public_key = NULL;

  data->fingerprint = ringi_keyring_generate_key_finish (RINGI_KEYRING (source), result, &error);
  if (data->fingerprint != NULL)
    public_key = ringi_keyring_export_public (RINGI_KEYRING (source), data->fingerprint, &error);
  if (public_key == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  ringi_sync_emit_enroll_phase (g_task_get_source_object (task), RINGI_ENROLL_PHASE_REGISTERING);
  ringi_client_enroll_async (data->client, data->login, data->code, public_key,
                             g_task_get_cancellable (task), enrolled_cb, g_object_ref (task));
}

static void
health_cb (GObject *source,
           GAsyncResult *result,
           gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  RingiSync *self = g_task_get_source_object (task);
  EnrollData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* The server and its certificate are checked before a key is made. */
  if (!ringi_client_health_finish (data->client, result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  ringi_sync_emit_enroll_phase (self, RINGI_ENROLL_PHASE_MAKING_KEY);
  ringi_keyring_generate_key_async (ringi_profile_get_keyring (self->profile), data->login, data->login,
                                    data->passphrase, g_task_get_cancellable (task),
                                    key_made_cb, g_object_ref (task));
}

/**
 * ringi_sync_enroll_async:
 * @self: a #RingiSync
 * @server_url: the server
 * @ca_file: (nullable): the CA file to pin; %NULL trusts the system's
 * @login: the person's login
 * @code: the one-time enrollment code
 * @passphrase: the seal PIN that will protect the new key
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * Makes the person's seal key, has the server bind it to @login, keeps
 * the server's address and CA in the profile and signs in.
 */
void
ringi_sync_enroll_async (RingiSync *self,
                         const char *server_url,
                         const char *ca_file,
                         const char *login,
                         const char *code,
                         const char *passphrase,
                         GCancellable *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  EnrollData *data;

  g_return_if_fail (RINGI_IS_SYNC (self));
  g_return_if_fail (server_url != NULL && login != NULL && code != NULL && passphrase != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ringi_sync_enroll_async);

  if (ringi_profile_is_enrolled (self->profile))
    {
      g_task_return_new_error (task, RINGI_PROFILE_ERROR, RINGI_PROFILE_ERROR_ALREADY_ENROLLED,
                               _("This profile is already enrolled; use another profile folder"));
      return;
    }

  data = g_new0 (EnrollData, 1);
  g_task_set_task_data (task, data, (GDestroyNotify) enroll_data_free);
  data->server_url = g_strdup (server_url);
  data->ca_file = g_strdup (ca_file);
  data->login = g_strdup (login);
  data->code = g_strdup (code);
  data->passphrase = g_strdup (passphrase);
  data->client = ringi_client_new (server_url, ca_file, &error);
  if (data->client == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  ringi_sync_emit_enroll_phase (self, RINGI_ENROLL_PHASE_CHECKING_SERVER);
  ringi_client_health_async (data->client, cancellable, health_cb, g_steal_pointer (&task));
}

gboolean
ringi_sync_enroll_finish (RingiSync *self,
                          GAsyncResult *result,
                          GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Moving the server */

typedef struct
{
  RingiClient *client;
  char *server_url;
  char *ca_file;
} MoveData;

static void
move_data_free (MoveData *data)
{
  g_clear_object (&data->client);
  g_free (data->server_url);
  g_free (data->ca_file);
  g_free (data);
}

static void
move_health_cb (GObject *source,
                GAsyncResult *result,
                gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  RingiSync *self = g_task_get_source_object (task);
  MoveData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* Nothing is kept unless the server answers over a trusted connection. */
  if (!ringi_client_health_finish (data->client, result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!ringi_profile_move_server (self->profile, data->server_url, data->ca_file, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  ringi_sync_drop_client (self);
  g_task_return_boolean (task, TRUE);
  ringi_sync_poke (self);
}

/**
 * ringi_sync_move_server_async:
 * @self: a #RingiSync
 * @server_url: the server's new address
 * @ca_file: (nullable): the CA file to pin; %NULL trusts the system's
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * For when IT moves the same server to a new host name or re-issues its
 * certificate: checks that the server answers at @server_url with a
 * certificate @ca_file trusts, then keeps the new address and CA in the
 * profile. The seal key stays bound on the server, so the enrollment
 * goes on; the next round signs in again. If the check fails, nothing
 * changes.
 */
void
ringi_sync_move_server_async (RingiSync *self,
                              const char *server_url,
                              const char *ca_file,
                              GCancellable *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  MoveData *data;

  g_return_if_fail (RINGI_IS_SYNC (self));
  g_return_if_fail (server_url != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ringi_sync_move_server_async);

  if (!ringi_profile_is_enrolled (self->profile))
    {
      g_task_return_new_error (task, RINGI_PROFILE_ERROR, RINGI_PROFILE_ERROR_NOT_ENROLLED,
                               _("This profile is not enrolled with a server yet"));
      return;
    }

  data = g_new0 (MoveData, 1);
  g_task_set_task_data (task, data, (GDestroyNotify) move_data_free);
  data->server_url = g_strdup (server_url);
  data->ca_file = g_strdup (ca_file);
  /* The same address rules as every connection: https, or http only to
   * this computer */
  data->client = ringi_client_new (server_url, ca_file, &error);
  if (data->client == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  ringi_client_health_async (data->client, cancellable, move_health_cb, g_steal_pointer (&task));
}

gboolean
ringi_sync_move_server_finish (RingiSync *self,
                               GAsyncResult *result,
                               GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Signing and queueing */

typedef enum
{
  QUEUE_SUBMIT,
  QUEUE_STAMP,
  QUEUE_DELEGATION,
  QUEUE_PUNCH,
} QueueKind;

typedef struct
{
  QueueKind kind;
  GBytes *record;
  GBytes *pdf;
  char *comment;
  RingiRequestInfo *info;
  GBytes *punch_record; /* the punch a correction request carries */
  GBytes *punch_signature;
  char *result_id;
  char *signer_key; /* held while a correction's document is checked */
  char *passphrase;
} ActionData;

static void
action_data_free (ActionData *data)
{
  g_clear_pointer (&data->record, g_bytes_unref);
  g_clear_pointer (&data->pdf, g_bytes_unref);
  g_free (data->comment);
  g_clear_pointer (&data->info, ringi_request_info_free);
  g_clear_pointer (&data->punch_record, g_bytes_unref);
  g_clear_pointer (&data->punch_signature, g_bytes_unref);
  g_free (data->result_id);
  g_free (data->signer_key);
  scrub_free (data->passphrase);
  g_free (data);
}

static void
signed_cb (GObject *source,
           GAsyncResult *result,
           gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  RingiSync *self = g_task_get_source_object (task);
  ActionData *data = g_task_get_task_data (task);
  RingiOutbox *outbox = ringi_profile_get_outbox (self->profile);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) signature = NULL;
  g_autofree char *op_id = NULL;

  signature = ringi_keyring_sign_detached_finish (RINGI_KEYRING (source), result, &error);
  if (signature == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  switch (data->kind)
    {
    case QUEUE_SUBMIT:
      if (data->punch_record != NULL)
        op_id = ringi_outbox_queue_correction (outbox, data->info, data->pdf, data->record, signature, data->punch_record,
                                               data->punch_signature, data->comment, &error);
      else
        op_id = ringi_outbox_queue_submit (outbox, data->info, data->pdf, data->record, signature, &error);
      break;

    case QUEUE_STAMP:
      op_id = ringi_outbox_queue_stamp (outbox, data->pdf, data->record, signature, data->comment, &error);
      break;

    case QUEUE_DELEGATION:
      op_id = ringi_outbox_queue_delegation (outbox, data->record, signature, &error);
      break;

    case QUEUE_PUNCH:
      op_id = ringi_outbox_queue_punch (outbox, data->record, signature, data->comment, &error);
      break;

    default:
      g_assert_not_reached ();
    }

  if (op_id == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  ringi_sync_local_change (self);
  g_task_return_pointer (task, g_steal_pointer (&data->result_id), g_free);
}

static void
sign_and_queue (RingiSync *self,
                GTask *task,
                const char *fingerprint,
                const char *passphrase)
{
  ActionData *data = g_task_get_task_data (task);

  ringi_keyring_sign_detached_async (ringi_profile_get_keyring (self->profile), fingerprint, passphrase,
                                     data->record, g_task_get_cancellable (task),
                                     signed_cb, g_object_ref (task));
}

static GTask *
new_action_task (RingiSync *self,
                 QueueKind kind,
                 gpointer source_tag,
                 GCancellable *cancellable,
                 GAsyncReadyCallback callback,
                 gpointer user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  ActionData *data = g_new0 (ActionData, 1);

  data->kind = kind;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, (GDestroyNotify) action_data_free);
  return task;
}

/* Checks shared by submit and resubmit */

static gboolean
check_pdf (GBytes *pdf,
           GError **error)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (pdf, &size);

  if (size < 5 || memcmp (data, "%PDF-", 5) != 0)
    {
      g_set_error_literal (error, RINGI_SYNC_ERROR, RINGI_SYNC_ERROR_INVALID,
                           _("The document is not a PDF file"));
      return FALSE;
    }

  return TRUE;
}

/* The route in its one canonical spelling, naming people the directory
 * knows (the server checks again). */
static RingiRoute *
parse_route (RingiSync *self,
             const char *text,
             GError **error)
{
  RingiStore *store = ringi_profile_get_store (self->profile);
  g_autoptr(RingiRoute) route = ringi_route_parse (text, error);

  if (route == NULL)
    return NULL;

  for (guint step = 1; step <= ringi_route_get_n_steps (route); step++)
    {
      const RingiRouteStep *s = ringi_route_get_step (route, step);

      for (guint i = 0; s->logins[i] != NULL; i++)
        {
          g_autoptr(RingiUser) user = ringi_store_get_user (store, s->logins[i], NULL);

          if (user == NULL)
            {
              g_set_error (error, RINGI_SYNC_ERROR, RINGI_SYNC_ERROR_INVALID,
                           _("Step %u of the route names “%s”, who is not in the directory"),
                           step, s->logins[i]);
              return NULL;
            }
        }
    }

  return g_steal_pointer (&route);
}

static gboolean
check_date (const char *date,
            GError **error)
{
  if (!ringi_text_parse_date (date, NULL))
    {
      g_set_error (error, RINGI_SYNC_ERROR, RINGI_SYNC_ERROR_INVALID,
                   _("“%s” is not a date of the form YYYY-MM-DD"), date ? date : "");
      return FALSE;
    }

  return TRUE;
}

/* Submit */

static GBytes *
build_stamp (const RingiStampFields *fields,
             GError **error)
{
  g_autoptr(RingiStamp) stamp = ringi_stamp_new (fields, error);

  return stamp ? ringi_stamp_to_bytes (stamp) : NULL;
}

static RingiRequestInfo *
new_request_info (const RingiRequestInfo *given,
                  const char *applicant,
                  GDateTime *now,
                  GError **error)
{
  g_autofree char *title = g_strstrip (g_strdup (given->title ? given->title : ""));
  RingiRequestInfo *info;

  if (title[0] == '\0')
    {
      g_set_error_literal (error, RINGI_SYNC_ERROR, RINGI_SYNC_ERROR_INVALID, _("A request needs a title"));
      return NULL;
    }

  info = ringi_request_info_copy (given);
  g_free (info->id);
  info->id = g_uuid_string_random ();
  g_free (info->applicant);
  info->applicant = g_strdup (applicant);
  g_free (info->created_at);
  info->created_at = ringi_record_format_time (now);
  if (info->transaction_date == NULL)
    info->transaction_date = g_date_time_format (now, "%Y-%m-%d");
  return info;
}

/* Checks, signs and queues a submit, for @task (an action task). */
static void
start_submit (RingiSync *self,
              GTask *task,
              const RingiRequestInfo *info,
              GBytes *pdf,
              const char *route,
              const char *passphrase)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiSyncSettings) settings = NULL;
  g_autoptr(RingiRoute) parsed = NULL;
  g_autoptr(RingiWorkflow) workflow = ringi_workflow_new ();
  g_autoptr(GDateTime) now = now_to_the_second ();
  g_autofree char *canonical = NULL;
  g_autofree char *sha256 = NULL;
  ActionData *data = g_task_get_task_data (task);

  settings = dup_enrolled_settings (self, &error);
  if (settings == NULL || !check_pdf (pdf, &error) ||
      (info->transaction_date != NULL && !check_date (info->transaction_date, &error)) ||
      (parsed = parse_route (self, route, &error)) == NULL ||
      (data->info = new_request_info (info, settings->login, now, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  {
    RingiWorkflowEvent event = {
      .action = RINGI_ACTION_SUBMIT,
      .signer = settings->login,
      .route = parsed,
    };

    if (!ringi_workflow_check (workflow, &event, &error))
      {
        g_task_return_error (task, g_steal_pointer (&error));
        return;
      }
  }

  canonical = ringi_route_to_string (parsed);
  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
  {
    RingiStampFields fields = {
      .document = data->info->id,
      .revision = 1,
      .document_sha256 = sha256,
      .step = 0,
      .action = RINGI_ACTION_SUBMIT,
      .signer = settings->login,
      .signer_key = settings->fingerprint,
      .time = now,
      .route = canonical,
    };

    data->record = build_stamp (&fields, &error);
  }
  if (data->record == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data->pdf = g_bytes_ref (pdf);
  data->result_id = g_strdup (data->info->id);
  sign_and_queue (self, task, settings->fingerprint, passphrase);
}

/**
 * ringi_sync_submit_async:
 * @self: a #RingiSync
 * @info: what describes the request: title, category, amount,
 *   counterparty, transaction date (today when %NULL); the id, applicant
 *   and creation time are filled in
 * @pdf: the document
 * @route: the route, in the text form of docs/routes.md
 * @passphrase: the seal PIN
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * Submits (起案) a new request: checks it, signs the submit stamp and
 * queues it. Works offline.
 */
void
ringi_sync_submit_async (RingiSync *self,
                         const RingiRequestInfo *info,
                         GBytes *pdf,
                         const char *route,
                         const char *passphrase,
                         GCancellable *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (RINGI_IS_SYNC (self));
  g_return_if_fail (info != NULL && pdf != NULL && route != NULL && passphrase != NULL);

  task = new_action_task (self, QUEUE_SUBMIT, ringi_sync_submit_async, cancellable, callback, user_data);
  start_submit (self, task, info, pdf, route, passphrase);
}

/**
 * ringi_sync_submit_correction_async:
 * @self: a #RingiSync
 * @info: as for ringi_sync_submit_async(), of category 打刻修正
 * @pdf: the document, which names the punch and its sha256
 * @route: the route
 * @punch_record: the correcting punch, signed already
 * @punch_signature: its detached signature
 * @note: the note @punch_record hashes
 * @passphrase: the seal PIN
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * Submits a correction request (打刻修正申請) that carries its punch;
 * finish with ringi_sync_submit_finish().
 */
void
ringi_sync_submit_correction_async (RingiSync *self,
                                    const RingiRequestInfo *info,
                                    GBytes *pdf,
                                    const char *route,
                                    GBytes *punch_record,
                                    GBytes *punch_signature,
                                    const char *note,
                                    const char *passphrase,
                                    GCancellable *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  ActionData *data;

  g_return_if_fail (RINGI_IS_SYNC (self));
  g_return_if_fail (info != NULL && pdf != NULL && route != NULL && passphrase != NULL);
  g_return_if_fail (punch_record != NULL && punch_signature != NULL);

  task = new_action_task (self, QUEUE_SUBMIT, ringi_sync_submit_correction_async, cancellable, callback, user_data);
  data = g_task_get_task_data (task);
  data->punch_record = g_bytes_ref (punch_record);
  data->punch_signature = g_bytes_ref (punch_signature);
  data->comment = g_strdup (note);
  start_submit (self, task, info, pdf, route, passphrase);
}

/**
 * ringi_sync_submit_finish:
 * @self: a #RingiSync
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the new request's id, or %NULL with @error set
 */
char *
ringi_sync_submit_finish (RingiSync *self,
                          GAsyncResult *result,
                          GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Actions on a request */

static gboolean
delegation_covers (RingiSync *self,
                   const char *from,
                   const char *to,
                   GDateTime *when)
{
  g_autoptr(GPtrArray) delegations = ringi_outbox_list_delegations (ringi_profile_get_outbox (self->profile), NULL);

  for (guint i = 0; delegations != NULL && i < delegations->len; i++)
    {
      RingiStoredDelegation *stored = g_ptr_array_index (delegations, i);
      g_autoptr(RingiDelegation) delegation = NULL;

      if (!g_str_equal (stored->from_login, from) || !g_str_equal (stored->to_login, to))
        continue;

      delegation = ringi_delegation_parse (stored->record, NULL);
      if (delegation != NULL && ringi_delegation_covers (delegation, from, to, when))
        return TRUE;
    }

  return FALSE;
}

static gboolean
equal_or_both_null (gconstpointer a,
                    gconstpointer b)
{
  return g_strcmp0 (a, b) == 0;
}

/* Everyone @login may act for at @when: himself first, then whoever
 * delegated to him for that moment. */
static GPtrArray *
list_principals (RingiSync *self,
                 const char *login,
                 GDateTime *when)
{
  g_autoptr(GPtrArray) delegations = ringi_outbox_list_delegations (ringi_profile_get_outbox (self->profile), NULL);
  GPtrArray *principals = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (principals, NULL);
  for (guint i = 0; delegations != NULL && i < delegations->len; i++)
    {
      RingiStoredDelegation *stored = g_ptr_array_index (delegations, i);
      g_autoptr(RingiDelegation) delegation = NULL;

      if (!g_str_equal (stored->to_login, login) ||
          g_ptr_array_find_with_equal_func (principals, stored->from_login, equal_or_both_null, NULL))
        continue;

      delegation = ringi_delegation_parse (stored->record, NULL);
      if (delegation != NULL && ringi_delegation_covers (delegation, stored->from_login, login, when))
        g_ptr_array_add (principals, g_strdup (stored->from_login));
    }

  return principals;
}

typedef struct
{
  const RingiActionInput *input;
  const char *login;
  RingiWorkflow *workflow;
  RingiRoute *route;
  guint step;
  char *on_behalf_of;
} ActPlan;

static void
act_plan_clear (ActPlan *plan)
{
  g_clear_pointer (&plan->route, ringi_route_unref);
  g_clear_pointer (&plan->on_behalf_of, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ActPlan, act_plan_clear)

static gboolean
plan_as (ActPlan *plan,
         const char *on_behalf_of,
         GError **error)
{
  RingiAction action = plan->input->action;
  RingiWorkflowEvent event = {
    .action = action,
    .to_step = plan->input->to_step,
    .signer = plan->login,
    .on_behalf_of = on_behalf_of,
    .route = plan->route,
    .has_comment = plan->input->comment != NULL,
  };

  if (action == RINGI_ACTION_ACKNOWLEDGE)
    {
      event.step = ringi_history_find_acknowledge_step (plan->workflow, plan->login, on_behalf_of);
      if (event.step == 0)
        {
          g_set_error_literal (error, RINGI_SYNC_ERROR, RINGI_SYNC_ERROR_NOTHING_TO_DO,
                               _("There is nothing for you to acknowledge on this request now"));
          return FALSE;
        }
    }
  else if (action != RINGI_ACTION_WITHDRAW && action != RINGI_ACTION_RESUBMIT)
    event.step = ringi_workflow_get_current_step (plan->workflow);

  if (!ringi_workflow_check (plan->workflow, &event, error))
    return FALSE;

  plan->step = event.step;
  g_free (plan->on_behalf_of);
  plan->on_behalf_of = g_strdup (on_behalf_of);
  return TRUE;
}

/* As himself if he may; else for someone who delegated to him. The
 * refusal shown is the one for acting as himself. */
static gboolean
plan_action (RingiSync *self,
             ActPlan *plan,
             GDateTime *now,
             GError **error)
{
  g_autoptr(GPtrArray) principals = NULL;
  g_autoptr(GError) own_error = NULL;
  const char *chosen = plan->input->on_behalf_of;

  if (chosen != NULL)
    {
      if (!delegation_covers (self, chosen, plan->login, now))
        {
          g_set_error (error, RINGI_SYNC_ERROR, RINGI_SYNC_ERROR_INVALID,
                       _("No delegation lets you act for “%s” now"), chosen);
          return FALSE;
        }
      return plan_as (plan, chosen, error);
    }

  if (plan_as (plan, NULL, &own_error))
    return TRUE;

  /* Withdraw and resubmit are the applicant's own. */
  if (plan->input->action != RINGI_ACTION_WITHDRAW && plan->input->action != RINGI_ACTION_RESUBMIT)
    {
      principals = list_principals (self, plan->login, now);
      for (guint i = 1; i < principals->len; i++)
        if (plan_as (plan, g_ptr_array_index (principals, i), NULL))
          return TRUE;
    }

  g_propagate_error (error, g_steal_pointer (&own_error));
  return FALSE;
}

static char *
dup_revision_sha256 (RingiSync *self,
                     const char *request_id,
                     guint revision,
                     GError **error)
{
  g_autoptr(GBytes) pdf = ringi_outbox_get_revision (ringi_profile_get_outbox (self->profile),
                                                      request_id, revision, error);

  return pdf ? g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf) : NULL;
}

static const char *
chain_end (GPtrArray *chain)
{
  return chain->len > 0 ? ((RingiChainStamp *) g_ptr_array_index (chain, chain->len - 1))->stamp.sha256 : NULL;
}

static gboolean
prepare_resubmit (RingiSync *self,
                  ActPlan *plan,
                  GError **error)
{
  const RingiActionInput *input = plan->input;

  if (input->pdf == NULL)
    {
      g_set_error_literal (error, RINGI_SYNC_ERROR, RINGI_SYNC_ERROR_INVALID,
                           _("A resubmit needs the revised document"));
      return FALSE;
    }

  if (!check_pdf (input->pdf, error))
    return FALSE;

  if (input->route != NULL)
    plan->route = parse_route (self, input->route, error);
  else if (ringi_workflow_get_route (plan->workflow) != NULL)
    plan->route = ringi_route_ref (ringi_workflow_get_route (plan->workflow));
  else
    g_set_error_literal (error, RINGI_SYNC_ERROR, RINGI_SYNC_ERROR_INVALID,
                         _("The request has no route to resubmit with"));

  return plan->route != NULL;
}

static void
correction_read_cb (GObject *source,
                    GAsyncResult *result,
                    gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  RingiSync *self = RINGI_SYNC (source);
  ActionData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiCorrection) correction = ringi_sync_read_correction_finish (self, result, &error);

  if (correction != NULL && !correction->shown)
    g_set_error_literal (&error, RINGI_SYNC_ERROR, RINGI_SYNC_ERROR_NOT_SHOWN,
                         _("The document does not show the punch this correction adds; send it back"));
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  sign_and_queue (self, task, data->signer_key, data->passphrase);
}

/* Approving a correction request (打刻修正申請), for oneself or for
 * someone else (代決), adds the punch the request carries: the approver
 * signs the document, so the document must show that very punch. */
static void
check_correction_then_sign (RingiSync *self,
                            GTask *task,
                            const char *fingerprint,
                            const char *passphrase)
{
  ActionData *data = g_task_get_task_data (task);

  data->signer_key = g_strdup (fingerprint);
  data->passphrase = g_strdup (passphrase);
  ringi_sync_read_correction_async (self, data->result_id, g_task_get_cancellable (task), correction_read_cb,
                                    g_object_ref (task));
}

/**
 * ringi_sync_act_async:
 * @self: a #RingiSync
 * @input: what to do
 * @passphrase: the seal PIN
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * Stamps a request: checks the action against the state machine replayed
 * over the request's history here (pending stamps included), signs it and
 * queues it. Works offline. A refusal of the state machine comes as
 * %RINGI_WORKFLOW_ERROR. Approving a correction request whose document
 * does not show the punch it carries is refused with
 * %RINGI_SYNC_ERROR_NOT_SHOWN (ringi_sync_read_correction_async()).
 */
void
ringi_sync_act_async (RingiSync *self,
                      const RingiActionInput *input,
                      const char *passphrase,
                      GCancellable *cancellable,
                      GAsyncReadyCallback callback,
                      gpointer user_data)
{
  RingiOutbox *outbox = ringi_profile_get_outbox (self->profile);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiSyncSettings) settings = NULL;
  g_autoptr(RingiRequestInfo) info = NULL;
  g_autoptr(GPtrArray) chain = NULL;
  g_autoptr(RingiWorkflow) workflow = NULL;
  g_autoptr(GDateTime) now = now_to_the_second ();
  g_autofree char *sha256 = NULL;
  g_autofree char *comment_sha256 = NULL;
  g_autofree char *route_text = NULL;
  g_auto(ActPlan) plan = { input, NULL, NULL, NULL, 0, NULL };
  ActionData *data;
  guint revision;

  g_return_if_fail (RINGI_IS_SYNC (self));
  g_return_if_fail (input != NULL && input->request_id != NULL && passphrase != NULL);
  g_return_if_fail (input->action != RINGI_ACTION_SUBMIT);

  task = new_action_task (self, QUEUE_STAMP, ringi_sync_act_async, cancellable, callback, user_data);
  data = g_task_get_task_data (task);

  if ((settings = dup_enrolled_settings (self, &error)) == NULL ||
      (info = ringi_store_get_request (ringi_profile_get_store (self->profile), input->request_id, &error)) == NULL ||
      (chain = ringi_outbox_list_chain (outbox, input->request_id, &error)) == NULL ||
      (workflow = ringi_history_replay (chain, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  plan.login = settings->login;
  plan.workflow = workflow;
  if (input->action == RINGI_ACTION_RESUBMIT && !prepare_resubmit (self, &plan, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  revision = ringi_outbox_get_n_revisions (outbox, input->request_id, &error);
  if (input->action == RINGI_ACTION_RESUBMIT)
    {
      revision++;
      sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, input->pdf);
      data->pdf = g_bytes_ref (input->pdf);
      route_text = ringi_route_to_string (plan.route);
    }
  else if (error == NULL)
    sha256 = dup_revision_sha256 (self, input->request_id, revision, &error);

  if (error != NULL || !plan_action (self, &plan, now, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (input->comment != NULL)
    comment_sha256 = ringi_stamp_hash_comment (input->comment);

  {
    RingiStampFields fields = {
      .document = input->request_id,
      .revision = revision,
      .document_sha256 = sha256,
      .step = plan.step,
      .action = input->action,
      .to_step = input->action == RINGI_ACTION_SEND_BACK ? input->to_step : 0,
      .signer = settings->login,
      .signer_key = settings->fingerprint,
      .on_behalf_of = plan.on_behalf_of,
      .time = now,
      .previous = chain_end (chain),
      .comment_sha256 = comment_sha256,
      .route = route_text,
      .placement = input->placement,
    };

    data->record = build_stamp (&fields, &error);
  }
  if (data->record == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data->comment = g_strdup (input->comment);
  data->result_id = g_strdup (input->request_id);
  if (input->action == RINGI_ACTION_APPROVE && g_strcmp0 (info->category, RINGI_CATEGORY_CORRECTION) == 0)
    check_correction_then_sign (self, task, settings->fingerprint, passphrase);
  else
    sign_and_queue (self, task, settings->fingerprint, passphrase);
}

gboolean
ringi_sync_act_finish (RingiSync *self,
                       GAsyncResult *result,
                       GError **error)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  id = g_task_propagate_pointer (G_TASK (result), error);
  return id != NULL;
}

/* Delegation */

/**
 * ringi_sync_delegate_async:
 * @self: a #RingiSync
 * @to: the login who may act for the profile's person
 * @valid_from: the first instant covered
 * @valid_until: the first instant no longer covered
 * @passphrase: the seal PIN
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * Delegates (代理) to @to for a period: signs the record and queues it.
 */
void
ringi_sync_delegate_async (RingiSync *self,
                           const char *to,
                           GDateTime *valid_from,
                           GDateTime *valid_until,
                           const char *passphrase,
                           GCancellable *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiSyncSettings) settings = NULL;
  g_autoptr(RingiUser) delegate = NULL;
  g_autoptr(RingiDelegation) delegation = NULL;
  g_autoptr(GDateTime) now = now_to_the_second ();
  g_autofree char *id = g_uuid_string_random ();
  ActionData *data;

  g_return_if_fail (RINGI_IS_SYNC (self));
  g_return_if_fail (to != NULL && valid_from != NULL && valid_until != NULL && passphrase != NULL);

  task = new_action_task (self, QUEUE_DELEGATION, ringi_sync_delegate_async, cancellable, callback, user_data);
  data = g_task_get_task_data (task);

  settings = dup_enrolled_settings (self, &error);
  if (settings != NULL && g_str_equal (to, settings->login))
    g_set_error_literal (&error, RINGI_SYNC_ERROR, RINGI_SYNC_ERROR_INVALID,
                         _("You cannot delegate to yourself"));
  else if (settings != NULL && (delegate = ringi_store_get_user (ringi_profile_get_store (self->profile), to, NULL)) == NULL)
    g_set_error (&error, RINGI_SYNC_ERROR, RINGI_SYNC_ERROR_INVALID,
                 _("There is nobody with the login “%s” in the directory"), to);
  else if (settings != NULL)
    {
      RingiDelegationFields fields = {
        .id = id,
        .from = settings->login,
        .to = to,
        .valid_from = valid_from,
        .valid_until = valid_until,
        .signer_key = settings->fingerprint,
        .time = now,
      };

      delegation = ringi_delegation_new (&fields, &error);
    }

  if (delegation == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data->record = ringi_delegation_to_bytes (delegation);
  data->result_id = g_steal_pointer (&id);
  sign_and_queue (self, task, settings->fingerprint, passphrase);
}

/**
 * ringi_sync_delegate_finish:
 * @self: a #RingiSync
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the delegation's id, or %NULL with @error set
 */
char *
ringi_sync_delegate_finish (RingiSync *self,
                            GAsyncResult *result,
                            GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Attendance */

/**
 * ringi_sync_punch_async:
 * @self: a #RingiSync
 * @input: the punch
 * @passphrase: the seal PIN
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * Punches (打刻), by this computer's clock unless @input gives the time
 * of a correction: signs the punch record with the person's key and
 * queues it. It counts here at once and is sent when the server can be
 * reached; the server adds its receipt time.
 */
void
ringi_sync_punch_async (RingiSync *self,
                        const RingiPunchInput *input,
                        const char *passphrase,
                        GCancellable *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiSyncSettings) settings = NULL;
  g_autoptr(RingiPunch) punch = NULL;
  g_autoptr(GDateTime) now = now_to_the_second ();
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *note_sha256 = NULL;
  ActionData *data;

  g_return_if_fail (RINGI_IS_SYNC (self));
  g_return_if_fail (input != NULL && passphrase != NULL);

  note_sha256 = input->note ? ringi_punch_hash_note (input->note) : NULL;

  task = new_action_task (self, QUEUE_PUNCH, ringi_sync_punch_async, cancellable, callback, user_data);
  data = g_task_get_task_data (task);

  settings = dup_enrolled_settings (self, &error);
  if (settings != NULL)
    {
      RingiPunchFields fields = {
        .punch = id,
        .login = settings->login,
        .signer_key = settings->fingerprint,
        .kind = input->kind,
        .place = input->place,
        .client_time = input->time ? input->time : now,
        .note_sha256 = note_sha256,
        .corrects = input->corrects,
      };

      punch = ringi_punch_new (&fields, &error);
    }

  if (punch == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data->record = ringi_punch_to_bytes (punch);
  data->comment = g_strdup (input->note);
  data->result_id = g_steal_pointer (&id);
  sign_and_queue (self, task, settings->fingerprint, passphrase);
}

/**
 * ringi_sync_punch_finish:
 * @self: a #RingiSync
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the punch's uuid, or %NULL with @error set
 */
char *
ringi_sync_punch_finish (RingiSync *self,
                         GAsyncResult *result,
                         GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Lists */

/* What may be done to an existing request: submitting it again never. */
static GStrv
dup_request_actions (RingiWorkflow *workflow,
                     const char *login,
                     const char *on_behalf_of)
{
  g_auto(GStrv) all = ringi_workflow_dup_actions_for (workflow, login, on_behalf_of);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; all[i] != NULL; i++)
    if (!g_str_equal (all[i], "submit"))
      g_strv_builder_add (builder, all[i]);

  return g_strv_builder_end (builder);
}

static RingiRequestSummary *
summarize (RingiSync *self,
           RingiRequestInfo *info,
           const char *login,
           GDateTime *now,
           GError **error)
{
  RingiOutbox *outbox = ringi_profile_get_outbox (self->profile);
  g_autoptr(RingiRequestSummary) summary = g_new0 (RingiRequestSummary, 1);
  g_autoptr(GPtrArray) chain = ringi_outbox_list_chain (outbox, info->id, error);
  g_autoptr(RingiWorkflow) workflow = NULL;
  g_autoptr(GPtrArray) principals = NULL;

  summary->info = info;
  if (chain == NULL || (workflow = ringi_history_replay (chain, error)) == NULL)
    return NULL;

  summary->status = ringi_workflow_get_status (workflow);
  summary->current_step = ringi_workflow_get_current_step (workflow);
  summary->revision = ringi_workflow_get_revision (workflow);
  summary->pending = ringi_outbox_is_request_pending (outbox, info->id);

  principals = login ? list_principals (self, login, now) : NULL;
  for (guint i = 0; principals != NULL && i < principals->len; i++)
    {
      const char *principal = g_ptr_array_index (principals, i);
      g_auto(GStrv) actions = dup_request_actions (workflow, login, principal);

      if (actions[0] == NULL)
        continue;

      summary->actions = g_steal_pointer (&actions);
      summary->on_behalf_of = g_strdup (principal);
      break;
    }

  if (summary->actions == NULL)
    summary->actions = g_new0 (char *, 1);
  return g_steal_pointer (&summary);
}

/**
 * ringi_sync_summarize:
 * @self: a #RingiSync
 * @request_id: the request
 * @error: return location for a #GError
 *
 * Returns: (transfer full): where the request stands and what the
 *   profile's person may do, or %NULL with @error set
 */
RingiRequestSummary *
ringi_sync_summarize (RingiSync *self,
                      const char *request_id,
                      GError **error)
{
  g_autoptr(RingiSyncSettings) settings = NULL;
  g_autoptr(GDateTime) now = now_to_the_second ();
  RingiRequestInfo *info;

  g_return_val_if_fail (RINGI_IS_SYNC (self), NULL);
  g_return_val_if_fail (request_id != NULL, NULL);

  settings = ringi_profile_dup_settings (self->profile, error);
  if (settings == NULL)
    return NULL;

  info = ringi_store_get_request (ringi_profile_get_store (self->profile), request_id, error);
  if (info == NULL)
    return NULL;

  return summarize (self, info, settings->login, now, error);
}

static GPtrArray *
list_requests (RingiSync *self,
               gboolean (*keep) (const RingiRequestSummary *, const char *),
               GError **error)
{
  RingiSearchQuery everything = RINGI_SEARCH_QUERY_INIT;
  g_autoptr(RingiSyncSettings) settings = dup_enrolled_settings (self, error);
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GPtrArray) summaries = NULL;
  g_autoptr(GDateTime) now = now_to_the_second ();

  if (settings == NULL)
    return NULL;

  requests = ringi_store_search (ringi_profile_get_store (self->profile), &everything, error);
  if (requests == NULL)
    return NULL;

  summaries = g_ptr_array_new_with_free_func ((GDestroyNotify) ringi_request_summary_free);
  for (guint i = 0; i < requests->len; i++)
    {
      g_autoptr(RingiRequestSummary) summary =
        summarize (self, g_ptr_array_steal_index (requests, i--), settings->login, now, error);

      if (summary == NULL)
        return NULL;
      if (keep (summary, settings->login))
        g_ptr_array_add (summaries, g_steal_pointer (&summary));
    }

  return g_steal_pointer (&summaries);
}

/* Waiting for the person: anything to do but withdrawing their own. */
static gboolean
may_act (const RingiRequestSummary *summary,
         const char *login)
{
  for (guint i = 0; summary->actions[i] != NULL; i++)
    if (!g_str_equal (summary->actions[i], "withdraw"))
      return TRUE;

  return FALSE;
}

static gboolean
is_own (const RingiRequestSummary *summary,
        const char *login)
{
  return g_str_equal (summary->info->applicant, login);
}

/**
 * ringi_sync_list_inbox:
 * @self: a #RingiSync
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type RingiRequestSummary): the
 *   requests waiting for the profile's person (or someone who delegated
 *   to them): to approve, acknowledge, resubmit…, newest date first
 */
GPtrArray *
ringi_sync_list_inbox (RingiSync *self,
                       GError **error)
{
  g_return_val_if_fail (RINGI_IS_SYNC (self), NULL);

  return list_requests (self, may_act, error);
}

/**
 * ringi_sync_list_sent:
 * @self: a #RingiSync
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type RingiRequestSummary): the
 *   requests the profile's person submitted, newest date first
 */
GPtrArray *
ringi_sync_list_sent (RingiSync *self,
                      GError **error)
{
  g_return_val_if_fail (RINGI_IS_SYNC (self), NULL);

  return list_requests (self, is_own, error);
}
