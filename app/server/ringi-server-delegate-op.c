/* ringi-server-delegate-op.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ringi-api.h"
#include "ringi-delegation.h"
#include "ringi-server-auth.h"
#include "ringi-server-delegate-op.h"
#include "ringi-server-json.h"

/* The `delegate` op: a delegation (代理) record signed by the delegator,
 * who sends it. Its signature is checked against the key the directory
 * binds to the delegator; once stored, the delegate reads what the
 * delegator reads (ringi_server_storage_add_delegation()), and every
 * client gets the record, to check the stamps made under it. */

struct _RingiDelegateOp
{
  RingiServer *server;
  RingiServerStorage *storage;
  char *fingerprint; /* the delegator's bound key */
  GBytes *record;
  GBytes *signature;
  RingiDelegation *delegation;
};

void
ringi_delegate_op_free (RingiDelegateOp *self)
{
  if (self == NULL)
    return;

  g_clear_object (&self->storage);
  g_free (self->fingerprint);
  g_clear_pointer (&self->record, g_bytes_unref);
  g_clear_pointer (&self->signature, g_bytes_unref);
  g_clear_pointer (&self->delegation, ringi_delegation_unref);
  g_free (self);
}

static gboolean
check_delegate (RingiDelegateOp *self,
                RingiOpRefusal **out_refusal,
                GError **error)
{
  const char *to = ringi_delegation_get_to (self->delegation);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(RingiUser) user = ringi_server_storage_get_user (self->storage, to, &local_error);

  if (user == NULL && !g_error_matches (local_error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (user == NULL || !ringi_user_may_act (user))
    {
      *out_refusal = ringi_op_refusal_new ("invalid-request", _("%s cannot be a delegate: there is no such user who takes part in requests"), to);
      return FALSE;
    }

  return TRUE;
}

/**
 * ringi_delegate_op_new:
 * @server: the server
 * @caller: who sent the op
 * @op: a `delegate` op (docs/api.md)
 * @out_refusal: (out): why the op is refused, when it is
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the op, ready to verify; %NULL with
 *   @out_refusal set when refused, or with @error set on a fault
 */
RingiDelegateOp *
ringi_delegate_op_new (RingiServer *server,
                       const RingiUser *caller,
                       JsonObject *op,
                       RingiOpRefusal **out_refusal,
                       GError **error)
{
  g_autoptr(RingiDelegateOp) self = g_new0 (RingiDelegateOp, 1);
  g_autoptr(GError) local_error = NULL;
  const char *from;

  g_return_val_if_fail (RINGI_IS_SERVER (server), NULL);
  g_return_val_if_fail (caller != NULL && op != NULL, NULL);
  g_return_val_if_fail (out_refusal != NULL && *out_refusal == NULL, NULL);

  self->server = server;
  self->storage = g_object_ref (ringi_server_get_storage (server));
  self->fingerprint = g_strdup (caller->fingerprint);

  if (!ringi_server_json_get_signed (op, "delegation", &self->record, &self->signature, &local_error))
    {
      *out_refusal = ringi_op_refusal_new_from_error (local_error);
      return NULL;
    }

  self->delegation = ringi_delegation_parse (self->record, &local_error);
  if (self->delegation == NULL)
    {
      *out_refusal = ringi_op_refusal_new ("malformed", "%s", local_error->message);
      return NULL;
    }

  from = ringi_delegation_get_from (self->delegation);
  if (!g_str_equal (from, caller->login))
    *out_refusal = ringi_op_refusal_new ("forbidden", _("The delegation is from %s: only %s may send it"), from, from);
  else if (g_strcmp0 (ringi_delegation_get_signer_key (self->delegation), self->fingerprint) != 0)
    *out_refusal = ringi_op_refusal_new ("key-not-bound", _("The delegation names key %s, but the directory binds %s to key %s"),
                                         ringi_delegation_get_signer_key (self->delegation), from,
                                         self->fingerprint ? self->fingerprint : _("none"));

  if (*out_refusal != NULL || !check_delegate (self, out_refusal, error))
    return NULL;

  return g_steal_pointer (&self);
}

void
ringi_delegate_op_verify_async (RingiDelegateOp *self,
                                GCancellable *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer user_data)
{
  g_return_if_fail (self != NULL);

  ringi_keyring_verify_detached_async (ringi_server_get_keyring (self->server), self->record, self->signature,
                                       cancellable, callback, user_data);
}

/**
 * ringi_delegate_op_verify_finish:
 * @self: a delegate op
 * @result: the result given to the callback
 * @out_refusal: (out): the refusal, when the signature is not good
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the delegator's bound key signed the record
 */
gboolean
ringi_delegate_op_verify_finish (RingiDelegateOp *self,
                                 GAsyncResult *result,
                                 RingiOpRefusal **out_refusal,
                                 GError **error)
{
  RingiKeyring *keyring = ringi_server_get_keyring (self->server);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *signed_by = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (out_refusal != NULL && *out_refusal == NULL, FALSE);

  if (ringi_keyring_verify_detached_finish (keyring, result, &signed_by, &local_error))
    {
      if (g_str_equal (signed_by, self->fingerprint))
        return TRUE;

      *out_refusal = ringi_op_refusal_new ("key-not-bound", _("The delegation was signed with key %s, not with key %s that it names"),
                                           signed_by, self->fingerprint);
    }
  else if (g_error_matches (local_error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_NO_KEY))
    *out_refusal = ringi_op_refusal_new ("unknown-key", "%s", local_error->message);
  else if (g_error_matches (local_error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_BAD_SIGNATURE) ||
           g_error_matches (local_error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_NOT_SIGNED))
    *out_refusal = ringi_op_refusal_new ("bad-signature", _("The signature does not match the delegation (%s)"),
                                         local_error->message);
  else
    g_propagate_error (error, g_steal_pointer (&local_error));

  return FALSE;
}

static char *
delegation_payload (RingiDelegateOp *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  ringi_server_json_add_nullable_string (builder, "id", ringi_delegation_get_id (self->delegation));
  ringi_server_json_add_record (builder, self->record, self->signature);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return ringi_server_json_to_text (root);
}

/**
 * ringi_delegate_op_apply:
 * @self: a verified delegate op
 * @now: the server time
 * @error: return location for a #GError
 *
 * Stores the delegation and its change, inside the caller's transaction.
 * Fails with %RINGI_SERVER_STORAGE_ERROR_EXISTS for a delegation id
 * stored already.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_delegate_op_apply (RingiDelegateOp *self,
                         gint64 now,
                         GError **error)
{
  g_autofree char *valid_from = g_date_time_format_iso8601 (ringi_delegation_get_valid_from (self->delegation));
  g_autofree char *valid_until = g_date_time_format_iso8601 (ringi_delegation_get_valid_until (self->delegation));
  g_autofree char *payload = delegation_payload (self);
  RingiStoredDelegation stored = {
    .id = (char *) ringi_delegation_get_id (self->delegation),
    .from_login = (char *) ringi_delegation_get_from (self->delegation),
    .to_login = (char *) ringi_delegation_get_to (self->delegation),
    .valid_from = valid_from,
    .valid_until = valid_until,
    .record = self->record,
    .signature = self->signature,
  };

  g_return_val_if_fail (self != NULL, FALSE);

  /* Everyone may need it to check a stamp: it goes to all, like the
   * directory. */
  return ringi_server_storage_add_delegation (self->storage, &stored, error) &&
         ringi_server_storage_append_change (self->storage, "delegation", NULL, stored.id, payload, now, error) > 0;
}
