/* ringi-server-stamp-op.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ringi-api.h"
#include "ringi-delegation.h"
#include "ringi-month-close.h"
#include "ringi-server-auth.h"
#include "ringi-server-json.h"
#include "ringi-server-key.h"
#include "ringi-server-stamp-op.h"

/* The `create-request` and `stamp` ops: a new stamp, checked before it
 * is stored, in three steps.
 *
 * 1. ringi_stamp_op_new() reads the op and what the storage knows (the
 *    request, its chain, its revisions, who may read it) and refuses
 *    what needs no signature check.
 * 2. ringi_stamp_op_verify_async() runs RingiVerifier over the stored
 *    chain and the new stamp in a worker thread: signature, the key the
 *    directory binds to the signer, document hash, chain position,
 *    delegation and the route replayed through RingiWorkflow. Stored
 *    stamps are in the verification cache and cost no gpg. Only the new
 *    stamp's verdict counts: an old stamp may read as key-not-bound
 *    today because its signer's key was reset since, which says nothing
 *    about the new one.
 * 3. ringi_stamp_op_apply() stores it, inside the caller's transaction.
 *
 * A correction request (打刻修正申請) carries the correcting punch at its
 * submit (ringi_stamp_op_get_correction(), checked like a punch op's);
 * the stamp that decides it brings that punch in
 * (ringi_stamp_op_get_approved_punch()), in the same transaction.
 */

struct _RingiStampOp
{
  RingiServer *server;
  RingiServerStorage *storage;
  char *caller;
  gboolean create_request;

  RingiRequestInfo *info;
  GBytes *record;
  GBytes *signature;
  char *comment;
  RingiStamp *stamp;
  char *stamp_sha256;

  GPtrArray *stored_stamps; /* RingiStoredStamp, the chain so far */
  guint position;           /* the new stamp's, from 1 */
  char *revision_sha256;    /* a new revision's document, or NULL */
  guint revision;           /* its number */
  GStrv new_viewers;        /* for a new route: its people and delegates */

  RingiVerifier *verifier;

  RingiPunchOp *correction; /* the punch a correction request carries */
  RingiPunchOp *approved;   /* the punch this stamp's decision adds */
};

void
ringi_stamp_op_free (RingiStampOp *self)
{
  if (self == NULL)
    return;

  g_clear_object (&self->storage);
  g_free (self->caller);
  g_clear_pointer (&self->info, ringi_request_info_free);
  g_clear_pointer (&self->record, g_bytes_unref);
  g_clear_pointer (&self->signature, g_bytes_unref);
  g_free (self->comment);
  g_clear_pointer (&self->stamp, ringi_stamp_unref);
  g_free (self->stamp_sha256);
  g_clear_pointer (&self->stored_stamps, g_ptr_array_unref);
  g_free (self->revision_sha256);
  g_strfreev (self->new_viewers);
  g_clear_object (&self->verifier);
  g_clear_pointer (&self->correction, ringi_punch_op_free);
  g_clear_pointer (&self->approved, ringi_punch_op_free);
  g_free (self);
}

/* Sets *out_refusal from a storage "not found" and returns FALSE; any
 * other failure is the server's own, for @error. */
static gboolean
refuse_if_missing (GError *local_error,
                   RingiOpRefusal **out_refusal,
                   GError **error,
                   const char *code,
                   const char *message)
{
  if (g_error_matches (local_error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND))
    *out_refusal = ringi_op_refusal_new (code, "%s", message);
  else
    g_propagate_error (error, g_error_copy (local_error));
  return FALSE;
}

static gboolean
read_signed_stamp (RingiStampOp *self,
                   JsonObject *op,
                   RingiOpRefusal **out_refusal)
{
  g_autoptr(GError) error = NULL;
  const char *comment;

  if (!ringi_server_json_get_signed (op, "stamp", &self->record, &self->signature, &error) ||
      !ringi_server_json_get_optional_string (ringi_server_json_get_object (op, "stamp", NULL),
                                              "comment", &comment, &error))
    {
      *out_refusal = ringi_op_refusal_new_from_error (error);
      return FALSE;
    }

  self->comment = g_strdup (comment);
  self->stamp_sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, self->record);

  self->stamp = ringi_stamp_parse (self->record, &error);
  if (self->stamp == NULL)
    {
      *out_refusal = ringi_op_refusal_new (ringi_stamp_status_to_string (RINGI_STAMP_MALFORMED), "%s", error->message);
      return FALSE;
    }

  return TRUE;
}

/* The stamp is the caller's, and its comment is the one it signed. */
static gboolean
check_signer (RingiStampOp *self,
              RingiOpRefusal **out_refusal)
{
  const char *signer = ringi_stamp_get_signer (self->stamp);
  const char *comment_sha256 = ringi_stamp_get_comment_sha256 (self->stamp);
  g_autofree char *given_sha256 = self->comment ? ringi_stamp_hash_comment (self->comment) : NULL;

  if (!g_str_equal (signer, self->caller))
    *out_refusal = ringi_op_refusal_new ("forbidden", _("The stamp is signed by %s: only %s may send it"),
                                         signer, signer);
  else if (g_strcmp0 (comment_sha256, given_sha256) != 0)
    *out_refusal = ringi_op_refusal_new ("invalid-request",
                                         comment_sha256 ? _("The comment sent is not the comment the stamp signs")
                                                        : _("The stamp signs no comment, but one was sent"));
  else
    return TRUE;

  return FALSE;
}

static gboolean
read_new_revision (RingiStampOp *self,
                   JsonObject *op,
                   guint revision,
                   RingiOpRefusal **out_refusal,
                   GError **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *sha256;

  if (!ringi_server_json_get_optional_string (op, "revision_sha256", &sha256, &local_error) ||
      sha256 == NULL || !ringi_server_is_sha256 (sha256))
    {
      *out_refusal = ringi_op_refusal_new ("invalid-request",
                                           _("“revision_sha256” must be the sha256 of the new document, in lowercase hex"));
      return FALSE;
    }

  if (ringi_server_storage_get_blob_size (self->storage, sha256, &local_error) < 0)
    {
      g_autofree char *message = g_strdup_printf (_("The server has no document %s: upload it first"), sha256);

      return refuse_if_missing (local_error, out_refusal, error, "missing-blob", message);
    }

  self->revision_sha256 = g_strdup (sha256);
  self->revision = revision;
  return TRUE;
}

static gboolean
add_delegates (RingiStampOp *self,
               const char *login,
               GHashTable *viewers,
               GError **error)
{
  g_autoptr(GPtrArray) delegations = ringi_server_storage_list_delegations (self->storage, login, NULL, error);
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (ringi_server_get_now (self->server));

  if (delegations == NULL)
    return FALSE;

  for (guint i = 0; i < delegations->len; i++)
    {
      RingiStoredDelegation *stored = g_ptr_array_index (delegations, i);
      g_autoptr(RingiDelegation) delegation = ringi_delegation_parse (stored->record, NULL);

      if (delegation != NULL && g_date_time_compare (ringi_delegation_get_valid_until (delegation), now) > 0)
        g_hash_table_add (viewers, g_strdup (stored->to_login));
    }

  return TRUE;
}

/* Everybody on the new route must be someone who may act; they, the
 * applicant and their delegates of the moment may read the request. */
static gboolean
read_new_route (RingiStampOp *self,
                const char *applicant,
                RingiOpRefusal **out_refusal,
                GError **error)
{
  g_autoptr(GHashTable) people = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) viewers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(RingiRoute) route = NULL;
  GHashTableIter iter;
  gpointer login;

  /* A stamp without a route is the verifier's to refuse. */
  if (ringi_stamp_get_route (self->stamp) == NULL)
    return TRUE;

  route = ringi_route_parse (ringi_stamp_get_route (self->stamp), NULL);
  g_hash_table_add (people, g_strdup (applicant));
  for (guint n = 1; n <= ringi_route_get_n_steps (route); n++)
    for (char **p = ringi_route_get_step (route, n)->logins; *p != NULL; p++)
      g_hash_table_add (people, g_strdup (*p));

  g_hash_table_iter_init (&iter, people);
  while (g_hash_table_iter_next (&iter, &login, NULL))
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(RingiUser) user = ringi_server_storage_get_user (self->storage, login, &local_error);

      if (user == NULL)
        {
          g_autofree char *message = g_strdup_printf (_("The route names %s, who is not a user of this server"),
                                                      (const char *) login);

          return refuse_if_missing (local_error, out_refusal, error, "invalid-route", message);
        }

      if (!ringi_user_may_act (user))
        {
          *out_refusal = ringi_op_refusal_new ("invalid-route", _("The route names %s, whose role “%s” takes no part in requests"),
                                               user->login, user->role);
          return FALSE;
        }

      g_hash_table_add (viewers, g_strdup (login));
      if (!add_delegates (self, login, viewers, error))
        return FALSE;
    }

  self->new_viewers = (GStrv) g_hash_table_get_keys_as_array (viewers, NULL);
  g_hash_table_steal_all (viewers);
  return TRUE;
}

/* A correction request carries exactly one correcting punch; no other
 * request carries one. */
static gboolean
read_correction (RingiStampOp *self,
                 const RingiUser *caller,
                 JsonObject *op,
                 RingiOpRefusal **out_refusal,
                 GError **error)
{
  gboolean is_correction = g_strcmp0 (self->info->category, RINGI_CATEGORY_CORRECTION) == 0;

  if (json_object_has_member (op, "correction") != is_correction)
    {
      *out_refusal = ringi_op_refusal_new ("invalid-correction",
                                           is_correction ? _("A correction request (%s) carries the punch it asks for")
                                                         : _("Only a correction request (%s) carries a punch"),
                                           RINGI_CATEGORY_CORRECTION);
      return FALSE;
    }

  if (!is_correction)
    return TRUE;

  self->correction = ringi_punch_op_new_correction (self->server, caller, op, out_refusal, error);
  return self->correction != NULL;
}

static gboolean
prepare_create (RingiStampOp *self,
                const RingiUser *caller,
                JsonObject *op,
                RingiOpRefusal **out_refusal,
                GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(RingiRequestInfo) existing = NULL;
  JsonObject *request = ringi_server_json_get_object (op, "request", &local_error);

  if (request == NULL || (self->info = ringi_server_json_get_request (request, &local_error)) == NULL)
    {
      *out_refusal = ringi_op_refusal_new_from_error (local_error);
      return FALSE;
    }

  if (!g_str_equal (self->info->applicant, self->caller))
    {
      *out_refusal = ringi_op_refusal_new ("forbidden", _("A request is sent by its applicant, %s"), self->info->applicant);
      return FALSE;
    }

  if (!g_str_equal (self->info->id, ringi_stamp_get_document (self->stamp)))
    {
      *out_refusal = ringi_op_refusal_new ("invalid-request", _("The stamp is for request %s, not %s"),
                                           ringi_stamp_get_document (self->stamp), self->info->id);
      return FALSE;
    }

  existing = ringi_server_storage_get_request (self->storage, self->info->id, &local_error);
  if (existing != NULL)
    {
      *out_refusal = ringi_op_refusal_new ("conflict", _("There is already a request %s"), self->info->id);
      return FALSE;
    }
  if (!g_error_matches (local_error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  self->stored_stamps = g_ptr_array_new_with_free_func ((GDestroyNotify) ringi_stored_stamp_free);
  return read_new_revision (self, op, 1, out_refusal, error) &&
         read_new_route (self, self->info->applicant, out_refusal, error) &&
         read_correction (self, caller, op, out_refusal, error);
}

static gboolean
prepare_stamp (RingiStampOp *self,
               JsonObject *op,
               GPtrArray *revisions,
               RingiOpRefusal **out_refusal,
               GError **error)
{
  gboolean resubmit = ringi_stamp_get_action (self->stamp) == RINGI_ACTION_RESUBMIT;
  const char *sha256 = NULL;

  if (!resubmit)
    {
      ringi_server_json_get_optional_string (op, "revision_sha256", &sha256, NULL);
      if (json_object_has_member (op, "revision_sha256") && sha256 != NULL)
        {
          *out_refusal = ringi_op_refusal_new ("invalid-request", _("Only a resubmit brings a new document"));
          return FALSE;
        }
      return TRUE;
    }

  return read_new_revision (self, op, revisions->len + 1, out_refusal, error) &&
         read_new_route (self, self->info->applicant, out_refusal, error);
}

static gboolean
read_request (RingiStampOp *self,
              JsonObject *op,
              RingiOpRefusal **out_refusal,
              GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *message = NULL;
  const char *request_id = ringi_api_get_string (op, "request_id", &local_error);

  if (request_id == NULL)
    {
      *out_refusal = ringi_op_refusal_new_from_error (local_error);
      return FALSE;
    }

  /* Someone who may not read a request learns nothing of it. */
  message = g_strdup_printf (_("There is no request %s"), request_id);
  if (!ringi_server_storage_check_viewer (self->storage, request_id, self->caller, &local_error) ||
      (self->info = ringi_server_storage_get_request (self->storage, request_id, &local_error)) == NULL)
    return refuse_if_missing (local_error, out_refusal, error, "not-found", message);

  if (!g_str_equal (request_id, ringi_stamp_get_document (self->stamp)))
    {
      *out_refusal = ringi_op_refusal_new ("invalid-request", _("The stamp is for request %s, not %s"),
                                           ringi_stamp_get_document (self->stamp), request_id);
      return FALSE;
    }

  self->stored_stamps = ringi_server_storage_list_stamps (self->storage, request_id, error);
  return self->stored_stamps != NULL;
}

/* The directory as far as this chain needs it: the signers, those they
 * act for, and the delegations between them. */
static gboolean
add_people (RingiStampOp *self,
            GPtrArray *stamps,
            GError **error)
{
  g_autoptr(GHashTable) directory = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) pairs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < stamps->len; i++)
    {
      RingiStamp *stamp = g_ptr_array_index (stamps, i);
      const char *logins[] = { ringi_stamp_get_signer (stamp), ringi_stamp_get_on_behalf_of (stamp) };

      for (guint j = 0; j < G_N_ELEMENTS (logins); j++)
        {
          g_autoptr(RingiUser) user = NULL;

          if (logins[j] == NULL || g_hash_table_contains (directory, logins[j]))
            continue;

          user = ringi_server_storage_get_user (self->storage, logins[j], NULL);
          if (user != NULL && user->fingerprint != NULL)
            g_hash_table_insert (directory, g_strdup (user->login), g_strdup (user->fingerprint));
        }

      if (logins[1] != NULL && g_hash_table_add (pairs, g_strdup_printf ("%s\n%s", logins[1], logins[0])))
        {
          g_autoptr(GPtrArray) delegations = ringi_server_storage_list_delegations (self->storage, logins[1],
                                                                                     logins[0], error);

          if (delegations == NULL)
            return FALSE;

          for (guint k = 0; k < delegations->len; k++)
            {
              RingiStoredDelegation *delegation = g_ptr_array_index (delegations, k);

              ringi_verifier_add_delegation (self->verifier, delegation->record, delegation->signature);
            }
        }
    }

  ringi_verifier_set_directory (self->verifier, directory);
  return TRUE;
}

static gboolean
build_verifier (RingiStampOp *self,
                GPtrArray *revisions,
                GError **error)
{
  g_autoptr(GPtrArray) stamps = g_ptr_array_new_with_free_func ((GDestroyNotify) ringi_stamp_unref);

  self->verifier = ringi_verifier_new (ringi_server_get_keyring (self->server),
                                       ringi_server_get_verify_cache (self->server));

  for (guint i = 0; i < self->stored_stamps->len; i++)
    {
      RingiStoredStamp *stored = g_ptr_array_index (self->stored_stamps, i);
      RingiStamp *stamp = ringi_stamp_parse (stored->record, NULL);

      ringi_verifier_add_stamp (self->verifier, stored->record, stored->signature);
      if (stamp != NULL)
        g_ptr_array_add (stamps, stamp);
    }
  ringi_verifier_add_stamp (self->verifier, self->record, self->signature);
  g_ptr_array_add (stamps, ringi_stamp_ref (self->stamp));

  for (guint i = 0; revisions != NULL && i < revisions->len; i++)
    ringi_verifier_add_revision (self->verifier, i + 1, g_ptr_array_index (revisions, i));
  if (self->revision_sha256 != NULL)
    ringi_verifier_add_revision (self->verifier, self->revision, self->revision_sha256);

  self->position = self->stored_stamps->len + 1;
  return add_people (self, stamps, error);
}

static RingiWorkflow *replay_stored (RingiStampOp *self);

/* The stamp that decides a correction request (決裁) adds the punch the
 * request carries; a request sent back, withdrawn or rejected adds
 * nothing. A stamp the verifier refuses later is never applied. */
static gboolean
read_approved_punch (RingiStampOp *self,
                     GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(RingiWorkflow) workflow = NULL;
  g_autoptr(RingiRoute) route = NULL;
  g_autoptr(RingiStoredPunch) pending = NULL;
  RingiWorkflowEvent event;

  if (g_strcmp0 (self->info->category, RINGI_CATEGORY_CORRECTION) != 0)
    return TRUE;

  workflow = replay_stored (self);
  if (ringi_workflow_get_status (workflow) == RINGI_REQUEST_DECIDED)
    return TRUE;

  ringi_op_workflow_event_init (&event, self->stamp, &route);
  if (!ringi_workflow_apply (workflow, &event, NULL) || ringi_workflow_get_status (workflow) != RINGI_REQUEST_DECIDED)
    return TRUE;

  pending = ringi_server_storage_get_pending_punch (self->storage, self->info->id, &local_error);
  if (pending != NULL)
    self->approved = ringi_punch_op_new_approved (self->server, pending);
  else if (!g_error_matches (local_error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

/**
 * ringi_stamp_op_new:
 * @server: the server
 * @caller: who sent the op
 * @op: a `create-request` or `stamp` op (docs/api.md)
 * @create_request: which of the two
 * @out_refusal: (out): why the op is refused, when it is
 * @error: return location for a #GError
 *
 * Reads the op and checks what needs no signature check. Ops for a
 * request the caller may not read are refused as `not-found`.
 *
 * Returns: (transfer full): the op, ready to verify; %NULL with
 *   @out_refusal set when refused, or with @error set on a fault
 */
RingiStampOp *
ringi_stamp_op_new (RingiServer *server,
                    const RingiUser *caller,
                    JsonObject *op,
                    gboolean create_request,
                    RingiOpRefusal **out_refusal,
                    GError **error)
{
  g_autoptr(RingiStampOp) self = g_new0 (RingiStampOp, 1);
  g_autoptr(GPtrArray) revisions = NULL;
  gboolean ok;

  g_return_val_if_fail (RINGI_IS_SERVER (server), NULL);
  g_return_val_if_fail (caller != NULL && op != NULL, NULL);
  g_return_val_if_fail (out_refusal != NULL && *out_refusal == NULL, NULL);

  self->server = server;
  self->storage = g_object_ref (ringi_server_get_storage (server));
  self->caller = g_strdup (caller->login);
  self->create_request = create_request;

  if (!read_signed_stamp (self, op, out_refusal) || !check_signer (self, out_refusal))
    return NULL;

  if (create_request)
    ok = prepare_create (self, caller, op, out_refusal, error);
  else
    ok = read_request (self, op, out_refusal, error) &&
         (revisions = ringi_server_storage_list_revisions (self->storage, self->info->id, error)) != NULL &&
         prepare_stamp (self, op, revisions, out_refusal, error);

  if (!ok || !build_verifier (self, revisions, error) ||
      (!create_request && !read_approved_punch (self, error)))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * ringi_stamp_op_get_correction:
 * @self: a stamp op
 *
 * Returns: (nullable) (transfer none): the correcting punch the submit of
 *   a correction request carries, whose signature is to be checked too
 */
RingiPunchOp *
ringi_stamp_op_get_correction (RingiStampOp *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->correction;
}

/**
 * ringi_stamp_op_get_approved_punch:
 * @self: a stamp op
 *
 * Returns: (nullable) (transfer none): the punch this stamp's decision of
 *   a correction request adds, which needs its receipt
 */
RingiPunchOp *
ringi_stamp_op_get_approved_punch (RingiStampOp *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->approved;
}

void
ringi_stamp_op_verify_async (RingiStampOp *self,
                             GCancellable *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer user_data)
{
  g_return_if_fail (self != NULL);

  ringi_verifier_verify_async (self->verifier, cancellable, callback, user_data);
}

/* The request's state machine just before the new stamp, for the
 * refusal's code. */
static RingiWorkflow *
replay_stored (RingiStampOp *self)
{
  RingiWorkflow *workflow = ringi_workflow_new ();

  for (guint i = 0; i < self->stored_stamps->len; i++)
    {
      RingiStoredStamp *stored = g_ptr_array_index (self->stored_stamps, i);
      g_autoptr(RingiStamp) stamp = ringi_stamp_parse (stored->record, NULL);
      g_autoptr(RingiRoute) route = NULL;
      RingiWorkflowEvent event;

      if (stamp == NULL)
        continue;

      ringi_op_workflow_event_init (&event, stamp, &route);
      ringi_workflow_apply (workflow, &event, NULL);
    }

  return workflow;
}

/**
 * ringi_stamp_op_verify_finish:
 * @self: a stamp op
 * @result: the result given to the callback
 * @out_refusal: (out): the refusal, when the stamp is not valid
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the new stamp is valid; %FALSE with @out_refusal
 *   set when it is not, or with @error set when it could not be checked
 */
gboolean
ringi_stamp_op_verify_finish (RingiStampOp *self,
                              GAsyncResult *result,
                              RingiOpRefusal **out_refusal,
                              GError **error)
{
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(RingiWorkflow) workflow = NULL;
  RingiStampResult *verdict;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (out_refusal != NULL && *out_refusal == NULL, FALSE);

  results = ringi_verifier_verify_finish (self->verifier, result, error);
  if (results == NULL)
    return FALSE;

  g_assert (results->len == self->position);
  verdict = g_ptr_array_index (results, results->len - 1);
  if (verdict->status == RINGI_STAMP_VALID)
    return TRUE;

  workflow = replay_stored (self);
  *out_refusal = ringi_op_refusal_for_stamp (verdict, workflow, self->stamp);
  return FALSE;
}

/**
 * ringi_stamp_op_build_receipt:
 * @self: a verified stamp op
 * @now: the server time
 *
 * Returns: (transfer full): the receipt record for the new stamp
 */
GBytes *
ringi_stamp_op_build_receipt (RingiStampOp *self,
                              gint64 now)
{
  RingiServerKey *key = ringi_server_get_receipt_key (self->server);

  return ringi_op_build_receipt (self->stamp_sha256, self->position, now,
                                 ringi_server_key_get_fingerprint (key));
}

/* A correction request's change carries its punch, so that every
 * reader's client can show what the approval adds and check that the
 * document names it; readers who come later get a copy of this change. */
static char *
request_payload (RingiStampOp *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  ringi_server_json_add_request (builder, self->info);
  if (self->correction != NULL)
    ringi_punch_op_add_json (self->correction, builder, "correction");
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return ringi_server_json_to_text (root);
}

static char *
revision_payload (RingiStampOp *self,
                  gint64 size)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  ringi_server_json_add_nullable_string (builder, "request_id", self->info->id);
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, self->revision);
  ringi_server_json_add_nullable_string (builder, "sha256", self->revision_sha256);
  json_builder_set_member_name (builder, "size");
  json_builder_add_int_value (builder, size);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return ringi_server_json_to_text (root);
}

static char *
stamp_payload (RingiStampOp *self,
               GBytes *receipt,
               GBytes *receipt_signature)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  ringi_server_json_add_nullable_string (builder, "request_id", self->info->id);
  json_builder_set_member_name (builder, "position");
  json_builder_add_int_value (builder, self->position);
  ringi_server_json_add_nullable_string (builder, "sha256", self->stamp_sha256);
  ringi_server_json_add_record (builder, self->record, self->signature);
  ringi_server_json_add_nullable_string (builder, "comment", self->comment);
  ringi_server_json_add_signed (builder, "receipt", receipt, receipt_signature);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return ringi_server_json_to_text (root);
}

static gboolean
append_change (RingiStampOp *self,
               const char *kind,
               const char *subject,
               const char *payload,
               gint64 now,
               gint64 *out_seq,
               GError **error)
{
  gint64 seq = ringi_server_storage_append_change (self->storage, kind, self->info->id, subject, payload, now, error);

  if (out_seq != NULL)
    *out_seq = seq;
  return seq > 0;
}

static gboolean
apply_request (RingiStampOp *self,
               gint64 now,
               GError **error)
{
  g_autofree char *payload = NULL;

  if (!self->create_request)
    return self->new_viewers == NULL ||
           ringi_server_storage_add_viewers (self->storage, self->info->id,
                                             (const char *const *) self->new_viewers, error);

  payload = request_payload (self);
  return ringi_server_storage_add_request (self->storage, self->info, (const char *const *) self->new_viewers, error) &&
         append_change (self, "request", self->info->id, payload, now, NULL, error) &&
         (self->correction == NULL || ringi_punch_op_keep_pending (self->correction, self->info->id, now, error));
}

static gboolean
apply_revision (RingiStampOp *self,
                gint64 now,
                GError **error)
{
  g_autofree char *payload = NULL;
  gint64 size;

  if (self->revision_sha256 == NULL)
    return TRUE;

  size = ringi_server_storage_get_blob_size (self->storage, self->revision_sha256, error);
  if (size < 0)
    return FALSE;

  payload = revision_payload (self, size);
  return ringi_server_storage_add_revision (self->storage, self->info->id, self->revision, self->revision_sha256, error) &&
         append_change (self, "revision", self->revision_sha256, payload, now, NULL, error);
}

/**
 * ringi_stamp_op_apply:
 * @self: a verified stamp op
 * @receipt: its receipt record
 * @receipt_signature: the server's signature of @receipt
 * @now: the server time
 * @error: return location for a #GError
 *
 * Stores the op's effect inside the caller's transaction: the request
 * and the people who may read it, the new revision, the stamp and its
 * receipt, and their changes in the log. Fails with
 * %RINGI_SERVER_STORAGE_ERROR_CHAIN when the chain grew meanwhile.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_stamp_op_apply (RingiStampOp *self,
                      GBytes *receipt,
                      GBytes *receipt_signature,
                      gint64 now,
                      GError **error)
{
  RingiStoredStamp *last = NULL;
  g_autofree char *payload = NULL;
  guint position = 0;
  gint64 seq;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (receipt != NULL && receipt_signature != NULL, FALSE);

  if (self->stored_stamps->len > 0)
    last = g_ptr_array_index (self->stored_stamps, self->stored_stamps->len - 1);

  payload = stamp_payload (self, receipt, receipt_signature);
  if (!apply_request (self, now, error) ||
      !apply_revision (self, now, error) ||
      !ringi_server_storage_append_stamp (self->storage, self->info->id, self->caller, self->record,
                                          self->signature, last ? last->sha256 : NULL, &position, error) ||
      !append_change (self, "stamp", self->stamp_sha256, payload, now, &seq, error))
    return FALSE;

  g_assert (position == self->position);
  return ringi_server_storage_add_receipt (self->storage, self->stamp_sha256, seq, now, receipt,
                                           receipt_signature, error);
}
