/* ringi-server-storage.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-server-storage"

#include "config.h"

#include "ringi-server-storage.h"

G_DEFINE_INTERFACE (RingiServerStorage, ringi_server_storage, G_TYPE_OBJECT)
G_DEFINE_QUARK (ringi-server-storage-error-quark, ringi_server_storage_error)

static void
ringi_server_storage_default_init (RingiServerStorageInterface *iface)
{
}

void
ringi_route_template_free (RingiRouteTemplate *route_template)
{
  if (route_template == NULL)
    return;

  g_free (route_template->category);
  g_free (route_template->route);
  g_free (route_template);
}

void
ringi_server_change_free (RingiServerChange *change)
{
  if (change == NULL)
    return;

  g_free (change->kind);
  g_free (change->request_id);
  g_free (change->subject);
  g_free (change->payload);
  g_free (change);
}

/**
 * ringi_server_storage_begin:
 * @self: a #RingiServerStorage
 * @error: return location for a #GError
 *
 * Starts a transaction that the following calls share, until
 * ringi_server_storage_commit() or ringi_server_storage_rollback().
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_server_storage_begin (RingiServerStorage *self,
                            GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->begin (self, error);
}

/**
 * ringi_server_storage_commit:
 * @self: a #RingiServerStorage
 * @error: return location for a #GError
 *
 * Makes the changes since ringi_server_storage_begin() durable.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_server_storage_commit (RingiServerStorage *self,
                             GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->commit (self, error);
}

/**
 * ringi_server_storage_rollback:
 * @self: a #RingiServerStorage
 *
 * Forgets the changes since ringi_server_storage_begin().
 */
void
ringi_server_storage_rollback (RingiServerStorage *self)
{
  g_return_if_fail (RINGI_IS_SERVER_STORAGE (self));

  RINGI_SERVER_STORAGE_GET_IFACE (self)->rollback (self);
}

/**
 * ringi_server_storage_add_user:
 * @self: a #RingiServerStorage
 * @user: the user; fingerprint and key are ignored
 * @now: the server time
 * @error: return location for a #GError
 *
 * Adds a user who has not enrolled yet. Fails with
 * %RINGI_SERVER_STORAGE_ERROR_EXISTS for a login already taken and
 * %RINGI_SERVER_STORAGE_ERROR_INVALID for an unknown manager.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_server_storage_add_user (RingiServerStorage *self,
                               const RingiUser *user,
                               gint64 now,
                               GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), FALSE);
  g_return_val_if_fail (user != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->add_user (self, user, now, error);
}

/**
 * ringi_server_storage_get_user:
 * @self: a #RingiServerStorage
 * @login: the user's login
 * @error: return location for a #GError
 *
 * Finds a user, disabled ones included.
 *
 * Returns: (transfer full): the user, or %NULL with @error set
 */
RingiUser *
ringi_server_storage_get_user (RingiServerStorage *self,
                               const char *login,
                               GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), NULL);
  g_return_val_if_fail (login != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->get_user (self, login, error);
}

/**
 * ringi_server_storage_list_users:
 * @self: a #RingiServerStorage
 * @error: return location for a #GError
 *
 * Lists every user, sorted by login.
 *
 * Returns: (transfer container) (element-type RingiUser): the users
 */
GPtrArray *
ringi_server_storage_list_users (RingiServerStorage *self,
                                 GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->list_users (self, error);
}

/**
 * ringi_server_storage_set_user_disabled:
 * @self: a #RingiServerStorage
 * @login: the user's login
 * @disabled: whether the user is to be disabled
 * @now: the server time
 * @error: return location for a #GError
 *
 * Disables or enables a user. Disabling deletes the user's tokens in the
 * same transaction, so that their sessions end at once.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_server_storage_set_user_disabled (RingiServerStorage *self,
                                        const char *login,
                                        gboolean disabled,
                                        gint64 now,
                                        GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), FALSE);
  g_return_val_if_fail (login != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->set_user_disabled (self, login, disabled, now, error);
}

/**
 * ringi_server_storage_bind_key:
 * @self: a #RingiServerStorage
 * @login: the user's login
 * @fingerprint: the 40-hex OpenPGP fingerprint
 * @public_key: (nullable): the exported public key
 * @now: the server time
 * @error: return location for a #GError
 *
 * Binds an OpenPGP key to a user at enrollment. A key bound to someone
 * else, or revoked before, is refused.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_server_storage_bind_key (RingiServerStorage *self,
                               const char *login,
                               const char *fingerprint,
                               GBytes *public_key,
                               gint64 now,
                               GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), FALSE);
  g_return_val_if_fail (login != NULL, FALSE);
  g_return_val_if_fail (fingerprint != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->bind_key (self, login, fingerprint, public_key, now, error);
}

/**
 * ringi_server_storage_revoke_key:
 * @self: a #RingiServerStorage
 * @login: the user's login
 * @now: the server time
 * @error: return location for a #GError
 *
 * Unbinds the user's key and keeps it as revoked (its stamps stay
 * verifiable; it can never be bound again), and ends the user's sessions.
 * A user without a key is left as is.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_server_storage_revoke_key (RingiServerStorage *self,
                                 const char *login,
                                 gint64 now,
                                 GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), FALSE);
  g_return_val_if_fail (login != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->revoke_key (self, login, now, error);
}

/**
 * ringi_server_storage_set_enrollment_code:
 * @self: a #RingiServerStorage
 * @login: the user's login
 * @code_sha256: sha256 of the normalised code, in hex
 * @expires_at: when it stops working
 * @error: return location for a #GError
 *
 * Stores the sha256 of a new one-time enrollment code for @login,
 * replacing any earlier code.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_server_storage_set_enrollment_code (RingiServerStorage *self,
                                          const char *login,
                                          const char *code_sha256,
                                          gint64 expires_at,
                                          GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), FALSE);
  g_return_val_if_fail (login != NULL, FALSE);
  g_return_val_if_fail (code_sha256 != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->set_enrollment_code (self, login, code_sha256, expires_at, error);
}

/**
 * ringi_server_storage_check_enrollment_code:
 * @self: a #RingiServerStorage
 * @login: the user enrolling
 * @code_sha256: the sha256 of the code's canonical form
 * @now: the server time
 * @error: return location for a #GError
 *
 * Checks a code as ringi_server_storage_redeem_enrollment_code() does,
 * without using it up: for a check before slow work (importing the key),
 * the redeem coming after it in the transaction that binds the key.
 *
 * Returns: %TRUE when the code would be accepted now
 */
gboolean
ringi_server_storage_check_enrollment_code (RingiServerStorage *self,
                                            const char *login,
                                            const char *code_sha256,
                                            gint64 now,
                                            GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), FALSE);
  g_return_val_if_fail (login != NULL, FALSE);
  g_return_val_if_fail (code_sha256 != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->check_enrollment_code (self, login, code_sha256, now, error);
}

/**
 * ringi_server_storage_redeem_enrollment_code:
 * @self: a #RingiServerStorage
 * @login: the user's login
 * @code_sha256: sha256 of the normalised code, in hex
 * @now: the server time
 * @error: return location for a #GError
 *
 * Uses up the enrollment code of @login if @code_sha256 matches and has
 * not expired. A code works once.
 *
 * Returns: %TRUE when the code was valid
 */
gboolean
ringi_server_storage_redeem_enrollment_code (RingiServerStorage *self,
                                             const char *login,
                                             const char *code_sha256,
                                             gint64 now,
                                             GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), FALSE);
  g_return_val_if_fail (login != NULL, FALSE);
  g_return_val_if_fail (code_sha256 != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->redeem_enrollment_code (self, login, code_sha256, now, error);
}

/**
 * ringi_server_storage_add_login_nonce:
 * @self: a #RingiServerStorage
 * @nonce: the challenge, as sent to the client
 * @login: the user's login
 * @expires_at: when it stops working
 * @error: return location for a #GError
 *
 * Stores a login challenge. @login need not exist, so that the answer
 * does not tell who has an account.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_server_storage_add_login_nonce (RingiServerStorage *self,
                                      const char *nonce,
                                      const char *login,
                                      gint64 expires_at,
                                      GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), FALSE);
  g_return_val_if_fail (nonce != NULL, FALSE);
  g_return_val_if_fail (login != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->add_login_nonce (self, nonce, login, expires_at, error);
}

/**
 * ringi_server_storage_take_login_nonce:
 * @self: a #RingiServerStorage
 * @nonce: the challenge, as sent to the client
 * @login: the user's login
 * @now: the server time
 * @error: return location for a #GError
 *
 * Uses up a login challenge issued for @login, if it has not expired.
 *
 * Returns: %TRUE when the nonce was valid
 */
gboolean
ringi_server_storage_take_login_nonce (RingiServerStorage *self,
                                       const char *nonce,
                                       const char *login,
                                       gint64 now,
                                       GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), FALSE);
  g_return_val_if_fail (nonce != NULL, FALSE);
  g_return_val_if_fail (login != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->take_login_nonce (self, nonce, login, now, error);
}

/**
 * ringi_server_storage_add_token:
 * @self: a #RingiServerStorage
 * @token_sha256: sha256 of the token, in hex
 * @login: the user's login
 * @now: the server time
 * @expires_at: when it stops working
 * @error: return location for a #GError
 *
 * Stores a bearer token by its sha256.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_server_storage_add_token (RingiServerStorage *self,
                                const char *token_sha256,
                                const char *login,
                                gint64 now,
                                gint64 expires_at,
                                GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), FALSE);
  g_return_val_if_fail (token_sha256 != NULL, FALSE);
  g_return_val_if_fail (login != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->add_token (self, token_sha256, login, now, expires_at, error);
}

/**
 * ringi_server_storage_lookup_token:
 * @self: a #RingiServerStorage
 * @token_sha256: sha256 of the token, in hex
 * @now: the server time
 * @idle_seconds: how long a token may stay unused
 * @error: return location for a #GError
 *
 * Finds whose token this is. A token past @expires_at, unused for more
 * than @idle_seconds, or of a disabled user is refused. A valid token
 * counts as used now.
 *
 * Returns: (transfer full): the login, or %NULL with @error set
 */
char *
ringi_server_storage_lookup_token (RingiServerStorage *self,
                                   const char *token_sha256,
                                   gint64 now,
                                   gint64 idle_seconds,
                                   GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), NULL);
  g_return_val_if_fail (token_sha256 != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->lookup_token (self, token_sha256, now, idle_seconds, error);
}

/**
 * ringi_server_storage_delete_token:
 * @self: a #RingiServerStorage
 * @token_sha256: sha256 of the token, in hex
 * @error: return location for a #GError
 *
 * Deletes a token (log out). Deleting an unknown token is not an error.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_server_storage_delete_token (RingiServerStorage *self,
                                   const char *token_sha256,
                                   GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), FALSE);
  g_return_val_if_fail (token_sha256 != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->delete_token (self, token_sha256, error);
}

/**
 * ringi_server_storage_put_route_template:
 * @self: a #RingiServerStorage
 * @route_template: the template
 * @now: the server time
 * @error: return location for a #GError
 *
 * Adds the route template of a category and threshold, or replaces the
 * one already there.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_server_storage_put_route_template (RingiServerStorage *self,
                                         const RingiRouteTemplate *route_template,
                                         gint64 now,
                                         GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), FALSE);
  g_return_val_if_fail (route_template != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->put_route_template (self, route_template, now, error);
}

/**
 * ringi_server_storage_list_route_templates:
 * @self: a #RingiServerStorage
 * @error: return location for a #GError
 *
 * Lists the route templates by category, then threshold.
 *
 * Returns: (transfer container) (element-type RingiRouteTemplate): the templates
 */
GPtrArray *
ringi_server_storage_list_route_templates (RingiServerStorage *self,
                                           GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->list_route_templates (self, error);
}

/**
 * ringi_server_storage_append_change:
 * @self: a #RingiServerStorage
 * @kind: what changed
 * @request_id: (nullable): the request concerned
 * @subject: (nullable): the key of what changed
 * @payload: (nullable): JSON text
 * @now: the server time
 * @error: return location for a #GError
 *
 * Appends to the change log that clients pull.
 *
 * Returns: the sequence number of the change, or -1 with @error set
 */
gint64
ringi_server_storage_append_change (RingiServerStorage *self,
                                    const char *kind,
                                    const char *request_id,
                                    const char *subject,
                                    const char *payload,
                                    gint64 now,
                                    GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), -1);
  g_return_val_if_fail (kind != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->append_change (self, kind, request_id, subject, payload, now, error);
}

/**
 * ringi_server_storage_list_changes:
 * @self: a #RingiServerStorage
 * @after_seq: the last sequence number the viewer has
 * @viewer: (nullable): the login asking
 * @limit: the most changes to return
 * @error: return location for a #GError
 *
 * Lists at most @limit changes after @after_seq, in order, that @viewer
 * may see: directory changes, and changes of requests the viewer may
 * read (auditors: every request; admins: none). Someone who became a
 * viewer of a request after its first changes gets copies of those under
 * new numbers, for them only. A %NULL @viewer sees every change but
 * those copies (administration, tests). The cost follows the number of
 * changes returned, not the size of the log.
 *
 * Returns: (transfer container) (element-type RingiServerChange): the changes
 */
GPtrArray *
ringi_server_storage_list_changes (RingiServerStorage *self,
                                   gint64 after_seq,
                                   const char *viewer,
                                   guint limit,
                                   GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->list_changes (self, after_seq, viewer, limit, error);
}

/**
 * ringi_server_storage_get_last_change_seq:
 * @self: a #RingiServerStorage
 * @error: return location for a #GError
 *
 * Finds the newest sequence number of the change log.
 *
 * Returns: the number, 0 for an empty log, or -1 with @error set
 */
gint64
ringi_server_storage_get_last_change_seq (RingiServerStorage *self,
                                          GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->get_last_change_seq (self, error);
}

/**
 * ringi_server_storage_reserve_change_seq:
 * @self: a #RingiServerStorage
 * @last_used: a sequence number handed out before
 * @error: return location for a #GError
 *
 * Makes sure the next change gets a number above @last_used. A restored
 * backup needs it: clients have pulled, and receipts carry, numbers up to
 * those of the database it replaces, and a number must never mean two
 * different changes.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_server_storage_reserve_change_seq (RingiServerStorage *self,
                                         gint64 last_used,
                                         GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), FALSE);
  g_return_val_if_fail (last_used >= 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->reserve_change_seq (self, last_used, error);
}

/**
 * ringi_server_storage_get_last_visible_seq:
 * @self: a #RingiServerStorage
 * @viewer: (nullable): the login asking; %NULL for everything
 * @error: return location for a #GError
 *
 * Finds the newest sequence number among the changes @viewer may see
 * (as ringi_server_storage_list_changes() lists them), cheaply enough to
 * ask for every connected client after every change.
 *
 * Returns: the number, 0 when there is none, or -1 with @error set
 */
gint64
ringi_server_storage_get_last_visible_seq (RingiServerStorage *self,
                                           const char *viewer,
                                           GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->get_last_visible_seq (self, viewer, error);
}

/**
 * ringi_server_storage_lookup_op:
 * @self: a #RingiServerStorage
 * @op_id: the op's UUID, chosen by the client
 * @login: the user's login
 * @out_status: (out): the stored HTTP status
 * @out_result: (out): the stored result (JSON text)
 * @error: return location for a #GError
 *
 * Finds the stored result of a client operation already applied, so
 * that a repeated op returns it instead of running twice. Fails with
 * %RINGI_SERVER_STORAGE_ERROR_NOT_FOUND when the op is new.
 *
 * Returns: %TRUE when the op was found
 */
gboolean
ringi_server_storage_lookup_op (RingiServerStorage *self,
                                const char *op_id,
                                const char *login,
                                guint *out_status,
                                char **out_result,
                                GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), FALSE);
  g_return_val_if_fail (op_id != NULL, FALSE);
  g_return_val_if_fail (login != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->lookup_op (self, op_id, login, out_status, out_result, error);
}

/**
 * ringi_server_storage_record_op:
 * @self: a #RingiServerStorage
 * @op_id: the op's UUID, chosen by the client
 * @login: the user's login
 * @status: the HTTP status of the result
 * @result: the result as JSON text
 * @now: the server time
 * @error: return location for a #GError
 *
 * Stores the result of a client operation. Call it in the transaction
 * that applies the op, so that both happen or neither.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_server_storage_record_op (RingiServerStorage *self,
                                const char *op_id,
                                const char *login,
                                guint status,
                                const char *result,
                                gint64 now,
                                GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), FALSE);
  g_return_val_if_fail (op_id != NULL, FALSE);
  g_return_val_if_fail (login != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->record_op (self, op_id, login, status, result, now, error);
}

/**
 * ringi_server_storage_put_blob:
 * @self: a #RingiServerStorage
 * @sha256: the sha256 of the bytes, in lowercase hex
 * @data: the bytes
 * @now: the server time
 * @error: return location for a #GError
 *
 * Stores bytes under their sha256, which the caller has checked.
 * Storing the same bytes again is a no-op.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_server_storage_put_blob (RingiServerStorage *self,
                               const char *sha256,
                               GBytes *data,
                               gint64 now,
                               GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), FALSE);
  g_return_val_if_fail (sha256 != NULL, FALSE);
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->put_blob (self, sha256, data, now, error);
}

/**
 * ringi_server_storage_get_blob:
 * @self: a #RingiServerStorage
 * @sha256: the sha256 of the bytes, in lowercase hex
 * @error: return location for a #GError
 *
 * Reads stored bytes.
 *
 * Returns: (transfer full): the bytes, or %NULL with @error set
 */
GBytes *
ringi_server_storage_get_blob (RingiServerStorage *self,
                               const char *sha256,
                               GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), NULL);
  g_return_val_if_fail (sha256 != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->get_blob (self, sha256, error);
}

/**
 * ringi_server_storage_get_blob_size:
 * @self: a #RingiServerStorage
 * @sha256: the document's sha256
 * @error: return location for a #GError
 *
 * Tells whether a document is stored, without reading it.
 *
 * Returns: its size in bytes, or -1 with @error set
 *   (%RINGI_SERVER_STORAGE_ERROR_NOT_FOUND when there is none)
 */
gint64
ringi_server_storage_get_blob_size (RingiServerStorage *self,
                                    const char *sha256,
                                    GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), -1);
  g_return_val_if_fail (sha256 != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->get_blob_size (self, sha256, error);
}

/**
 * ringi_server_storage_add_request:
 * @self: a #RingiServerStorage
 * @info: the request
 * @viewers: (nullable) (array zero-terminated=1): who else may read it
 * @error: return location for a #GError
 *
 * Stores a new request. Its applicant and @viewers (the people on its
 * route) may read it from now on.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_server_storage_add_request (RingiServerStorage *self,
                                  const RingiRequestInfo *info,
                                  const char *const *viewers,
                                  GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), FALSE);
  g_return_val_if_fail (info != NULL && info->id != NULL && info->applicant != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->add_request (self, info, viewers, error);
}

/**
 * ringi_server_storage_get_request:
 * @self: a #RingiServerStorage
 * @id: the request's id
 * @error: return location for a #GError
 *
 * Reads a request.
 *
 * Returns: (transfer full): the request, or %NULL with @error set
 */
RingiRequestInfo *
ringi_server_storage_get_request (RingiServerStorage *self,
                                  const char *id,
                                  GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->get_request (self, id, error);
}

/**
 * ringi_server_storage_add_viewers:
 * @self: a #RingiServerStorage
 * @request_id: (nullable): the request concerned
 * @logins: (array zero-terminated=1): the logins
 * @error: return location for a #GError
 *
 * Lets more people read a request, e.g. those of a new route after a
 * resubmit. Nobody loses access. Each new viewer gets copies of the
 * request's changes so far in the change log (see
 * ringi_server_storage_list_changes()).
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_server_storage_add_viewers (RingiServerStorage *self,
                                  const char *request_id,
                                  const char *const *logins,
                                  GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), FALSE);
  g_return_val_if_fail (logins != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->add_viewers (self, request_id, logins, error);
}

/**
 * ringi_server_storage_check_viewer:
 * @self: a #RingiServerStorage
 * @request_id: (nullable): the request concerned
 * @login: the user's login
 * @error: return location for a #GError
 *
 * Checks that @login may read the request: its applicant, someone on
 * one of its routes, or an auditor. Fails with
 * %RINGI_SERVER_STORAGE_ERROR_NOT_FOUND otherwise, as for a request that
 * does not exist, so that the answer tells nothing.
 *
 * Returns: %TRUE when @login may read it
 */
gboolean
ringi_server_storage_check_viewer (RingiServerStorage *self,
                                   const char *request_id,
                                   const char *login,
                                   GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), FALSE);
  g_return_val_if_fail (login != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->check_viewer (self, request_id, login, error);
}

/**
 * ringi_server_storage_add_revision:
 * @self: a #RingiServerStorage
 * @request_id: (nullable): the request concerned
 * @revision: the revision number, from 1
 * @sha256: the sha256 of the bytes, in lowercase hex
 * @error: return location for a #GError
 *
 * Records a revision of a request: the sha256 of its PDF, whose bytes
 * are stored already. Revisions are never changed.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_server_storage_add_revision (RingiServerStorage *self,
                                   const char *request_id,
                                   guint revision,
                                   const char *sha256,
                                   GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), FALSE);
  g_return_val_if_fail (sha256 != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->add_revision (self, request_id, revision, sha256, error);
}

/**
 * ringi_server_storage_get_revision:
 * @self: a #RingiServerStorage
 * @request_id: (nullable): the request concerned
 * @revision: the revision number, from 1
 * @error: return location for a #GError
 *
 * Finds the PDF of a revision.
 *
 * Returns: (transfer full): its sha256, or %NULL with @error set
 */
char *
ringi_server_storage_get_revision (RingiServerStorage *self,
                                   const char *request_id,
                                   guint revision,
                                   GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->get_revision (self, request_id, revision, error);
}

/**
 * ringi_server_storage_list_revisions:
 * @self: a #RingiServerStorage
 * @request_id: the request
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type utf8): the sha256 of each
 *   revision's document, revision 1 first; empty for an unknown request;
 *   %NULL with @error set on failure
 */
GPtrArray *
ringi_server_storage_list_revisions (RingiServerStorage *self,
                                     const char *request_id,
                                     GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), NULL);
  g_return_val_if_fail (request_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->list_revisions (self, request_id, error);
}

/**
 * ringi_server_storage_check_blob_reader:
 * @self: a #RingiServerStorage
 * @sha256: a document's sha256
 * @login: who asks for it
 * @error: return location for a #GError
 *
 * A document may be read by whoever may read a request with a revision
 * of it. Fails with %RINGI_SERVER_STORAGE_ERROR_NOT_FOUND otherwise,
 * whether the document exists or not.
 *
 * Returns: %TRUE when @login may read the document
 */
gboolean
ringi_server_storage_check_blob_reader (RingiServerStorage *self,
                                        const char *sha256,
                                        const char *login,
                                        GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), FALSE);
  g_return_val_if_fail (sha256 != NULL, FALSE);
  g_return_val_if_fail (login != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->check_blob_reader (self, sha256, login, error);
}

/**
 * ringi_server_storage_append_stamp:
 * @self: a #RingiServerStorage
 * @request_id: (nullable): the request concerned
 * @signer: the login that signed the stamp
 * @record: the exact signed bytes
 * @signature: the detached armoured signature
 * @previous_sha256: (nullable): the last stamp's sha256 as the record names it, %NULL for the first
 * @out_seq: (out) (optional): the stamp's place in the chain, from 1
 * @error: return location for a #GError
 *
 * Appends a checked stamp at the end of its request's chain. Fails
 * with %RINGI_SERVER_STORAGE_ERROR_CHAIN when @previous_sha256 is not
 * the chain's last stamp.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_server_storage_append_stamp (RingiServerStorage *self,
                                   const char *request_id,
                                   const char *signer,
                                   GBytes *record,
                                   GBytes *signature,
                                   const char *previous_sha256,
                                   guint *out_seq,
                                   GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), FALSE);
  g_return_val_if_fail (signer != NULL, FALSE);
  g_return_val_if_fail (record != NULL, FALSE);
  g_return_val_if_fail (signature != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->append_stamp (self, request_id, signer, record, signature, previous_sha256, out_seq, error);
}

/**
 * ringi_server_storage_list_stamps:
 * @self: a #RingiServerStorage
 * @request_id: (nullable): the request concerned
 * @error: return location for a #GError
 *
 * Lists a request's stamps in chain order.
 *
 * Returns: (transfer container) (element-type RingiStoredStamp): the stamps
 */
GPtrArray *
ringi_server_storage_list_stamps (RingiServerStorage *self,
                                  const char *request_id,
                                  GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->list_stamps (self, request_id, error);
}

/**
 * ringi_server_storage_add_receipt:
 * @self: a #RingiServerStorage
 * @stamp_sha256: the stamp's sha256
 * @change_seq: the sequence number of the stamp's change
 * @server_time: when the server accepted the stamp
 * @record: the exact signed bytes
 * @signature: the detached armoured signature
 * @error: return location for a #GError
 *
 * Stores the server's signed receipt of an accepted stamp.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_server_storage_add_receipt (RingiServerStorage *self,
                                  const char *stamp_sha256,
                                  gint64 change_seq,
                                  gint64 server_time,
                                  GBytes *record,
                                  GBytes *signature,
                                  GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), FALSE);
  g_return_val_if_fail (stamp_sha256 != NULL, FALSE);
  g_return_val_if_fail (record != NULL, FALSE);
  g_return_val_if_fail (signature != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->add_receipt (self, stamp_sha256, change_seq, server_time, record, signature, error);
}

/**
 * ringi_server_storage_get_receipt:
 * @self: a #RingiServerStorage
 * @stamp_sha256: the stamp's sha256
 * @out_record: (out) (optional): the receipt record
 * @out_signature: (out) (optional): its signature
 * @error: return location for a #GError
 *
 * Reads the receipt of a stamp.
 *
 * Returns: %TRUE when there is one
 */
gboolean
ringi_server_storage_get_receipt (RingiServerStorage *self,
                                  const char *stamp_sha256,
                                  GBytes **out_record,
                                  GBytes **out_signature,
                                  GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), FALSE);
  g_return_val_if_fail (stamp_sha256 != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->get_receipt (self, stamp_sha256, out_record, out_signature, error);
}

/**
 * ringi_server_storage_add_delegation:
 * @self: a #RingiServerStorage
 * @delegation: a delegation whose record and signature the caller checked
 * @error: return location for a #GError
 *
 * Stores a delegation (代理). From now on the delegate may read every
 * request the delegator may read; adding the delegate to the requests
 * that come later is the caller's business, as is the change log entry.
 * Fails with %RINGI_SERVER_STORAGE_ERROR_EXISTS for an id stored already.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_server_storage_add_delegation (RingiServerStorage *self,
                                     const RingiStoredDelegation *delegation,
                                     GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), FALSE);
  g_return_val_if_fail (delegation != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->add_delegation (self, delegation, error);
}

/**
 * ringi_server_storage_list_delegations:
 * @self: a #RingiServerStorage
 * @from_login: (nullable): only those of this delegator
 * @to_login: (nullable): only those to this delegate
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type RingiStoredDelegation): the
 *   delegations in the order they were stored, or %NULL with @error set
 */
GPtrArray *
ringi_server_storage_list_delegations (RingiServerStorage *self,
                                       const char *from_login,
                                       const char *to_login,
                                       GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->list_delegations (self, from_login, to_login, error);
}

/**
 * ringi_server_storage_get_setting:
 * @self: a #RingiServerStorage
 * @key: the setting's name, e.g. "server-key-fingerprint"
 * @error: return location for a #GError
 *
 * Reads one of the server's own settings. Fails with
 * %RINGI_SERVER_STORAGE_ERROR_NOT_FOUND when it was never set.
 *
 * Returns: (transfer full): the value, or %NULL with @error set
 */
char *
ringi_server_storage_get_setting (RingiServerStorage *self,
                                  const char *key,
                                  GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->get_setting (self, key, error);
}

/**
 * ringi_server_storage_set_setting:
 * @self: a #RingiServerStorage
 * @key: the setting's name
 * @value: its new value
 * @error: return location for a #GError
 *
 * Sets one of the server's own settings.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_server_storage_set_setting (RingiServerStorage *self,
                                  const char *key,
                                  const char *value,
                                  GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->set_setting (self, key, value, error);
}

/**
 * ringi_server_storage_set_employee_class:
 * @self: a #RingiServerStorage
 * @login: the user
 * @employee_class: `general` or `high-demand` (docs/attendance-rules.md)
 * @now: the server time
 * @error: return location for a #GError
 *
 * Sets which attendance rules apply to the user, and tells every client
 * through a `user` change. Fails with %RINGI_SERVER_STORAGE_ERROR_NOT_FOUND
 * for an unknown login.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_server_storage_set_employee_class (RingiServerStorage *self,
                                         const char *login,
                                         const char *employee_class,
                                         gint64 now,
                                         GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), FALSE);
  g_return_val_if_fail (login != NULL && employee_class != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->set_employee_class (self, login, employee_class, now, error);
}

/**
 * ringi_server_storage_set_manager:
 * @self: a #RingiServerStorage
 * @login: a user
 * @manager: (nullable): their new manager, an existing user other than
 *   @login, or %NULL for none
 * @now: the server time
 * @error: return location for a #GError
 *
 * Changes a person's manager (異動) and tells every client through a
 * `user` change. From now on the person's punches and monthly closes go
 * to the new manager; what they had before is shared with
 * ringi_server_storage_share_changes(). Fails with
 * %RINGI_SERVER_STORAGE_ERROR_NOT_FOUND for an unknown login,
 * %RINGI_SERVER_STORAGE_ERROR_INVALID for an unknown manager or a person
 * made their own manager.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_server_storage_set_manager (RingiServerStorage *self,
                                  const char *login,
                                  const char *manager,
                                  gint64 now,
                                  GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), FALSE);
  g_return_val_if_fail (login != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->set_manager (self, login, manager, now, error);
}

/**
 * ringi_server_storage_share_changes:
 * @self: a #RingiServerStorage
 * @owner: whose changes (the puncher)
 * @login: who gets them: someone whose cursor may be past them
 * @subjects: (element-type utf8 utf8): a set of change subjects: punch
 *   uuids, month-close sha256s
 * @out_shared: (out): how many changes were copied
 * @error: return location for a #GError
 *
 * Copies @owner's own changes (punches, monthly closes) whose subject is
 * in @subjects, in order, under new sequence numbers that @login alone
 * sees, as a late reader of a request gets its earlier changes (docs/
 * api.md). Changes @login sees already are not copied again.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_server_storage_share_changes (RingiServerStorage *self,
                                    const char *owner,
                                    const char *login,
                                    GHashTable *subjects,
                                    guint *out_shared,
                                    GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), FALSE);
  g_return_val_if_fail (owner != NULL && login != NULL && subjects != NULL, FALSE);
  g_return_val_if_fail (out_shared != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->share_changes (self, owner, login, subjects, out_shared, error);
}

/**
 * ringi_server_storage_add_punch:
 * @self: a #RingiServerStorage
 * @punch: a punch whose record, signature and receipt the caller checked
 * @payload: the JSON text of its `punch` change
 * @error: return location for a #GError
 *
 * Stores a punch and its change, which the punch's owner, their manager
 * of the moment and the auditors see. Punches are never edited or
 * deleted. Fails with %RINGI_SERVER_STORAGE_ERROR_EXISTS for a punch
 * uuid or record stored already.
 *
 * Returns: the change's sequence number, or -1 with @error set
 */
gint64
ringi_server_storage_add_punch (RingiServerStorage *self,
                                const RingiStoredPunch *punch,
                                const char *payload,
                                GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), -1);
  g_return_val_if_fail (punch != NULL && payload != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->add_punch (self, punch, payload, error);
}

/**
 * ringi_server_storage_get_punch:
 * @self: a #RingiServerStorage
 * @punch: a punch uuid
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the stored punch, or %NULL with @error set
 *   (%RINGI_SERVER_STORAGE_ERROR_NOT_FOUND when there is none)
 */
RingiStoredPunch *
ringi_server_storage_get_punch (RingiServerStorage *self,
                                const char *punch,
                                GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), NULL);
  g_return_val_if_fail (punch != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->get_punch (self, punch, error);
}

/**
 * ringi_server_storage_list_punches:
 * @self: a #RingiServerStorage
 * @login: whose punches
 * @from: the first client time to list, seconds since the Unix epoch
 * @until: the first client time no longer listed
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type RingiStoredPunch): the
 *   punches in client-time order, or %NULL with @error set
 */
GPtrArray *
ringi_server_storage_list_punches (RingiServerStorage *self,
                                   const char *login,
                                   gint64 from,
                                   gint64 until,
                                   GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), NULL);
  g_return_val_if_fail (login != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->list_punches (self, login, from, until, error);
}

/**
 * ringi_server_storage_list_punch_fields:
 * @self: a #RingiServerStorage
 * @login: whose punches
 * @from: the first client time to list, seconds since the Unix epoch
 * @until: the first client time no longer listed
 * @error: return location for a #GError
 *
 * ringi_server_storage_list_punches() without what the rules never read —
 * the record, its signature, the note and the receipt — for reports and
 * month checks over many punches.
 *
 * Returns: (transfer container) (element-type RingiStoredPunch): the
 *   punches in client-time order, their record, signature, note and
 *   receipt %NULL; or %NULL with @error set
 */
GPtrArray *
ringi_server_storage_list_punch_fields (RingiServerStorage *self,
                                        const char *login,
                                        gint64 from,
                                        gint64 until,
                                        GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), NULL);
  g_return_val_if_fail (login != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->list_punch_fields (self, login, from, until, error);
}

/**
 * ringi_server_storage_add_pending_punch:
 * @self: a #RingiServerStorage
 * @request_id: the correction request (打刻修正申請) that carries it
 * @punch: the correcting punch, its record and signature checked; no
 *   receipt yet
 * @now: the server time
 * @error: return location for a #GError
 *
 * Keeps the punch a correction request asks for beside the request,
 * until the request is decided and the punch becomes a stored punch.
 * One request carries one punch. Fails with
 * %RINGI_SERVER_STORAGE_ERROR_EXISTS when the request has a punch or
 * another request carries this punch uuid.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_server_storage_add_pending_punch (RingiServerStorage *self,
                                        const char *request_id,
                                        const RingiStoredPunch *punch,
                                        gint64 now,
                                        GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), FALSE);
  g_return_val_if_fail (request_id != NULL && punch != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->add_pending_punch (self, request_id, punch, now, error);
}

/**
 * ringi_server_storage_get_pending_punch:
 * @self: a #RingiServerStorage
 * @request_id: a correction request
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the punch @request_id carries, without
 *   receipt, or %NULL with @error set (%RINGI_SERVER_STORAGE_ERROR_NOT_FOUND
 *   when it carries none)
 */
RingiStoredPunch *
ringi_server_storage_get_pending_punch (RingiServerStorage *self,
                                        const char *request_id,
                                        GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), NULL);
  g_return_val_if_fail (request_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->get_pending_punch (self, request_id, error);
}

/**
 * ringi_server_storage_find_pending_punch:
 * @self: a #RingiServerStorage
 * @punch: a punch uuid
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the id of the correction request that
 *   carries the punch, or %NULL with @error set
 *   (%RINGI_SERVER_STORAGE_ERROR_NOT_FOUND when none does)
 */
char *
ringi_server_storage_find_pending_punch (RingiServerStorage *self,
                                         const char *punch,
                                         GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), NULL);
  g_return_val_if_fail (punch != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->find_pending_punch (self, punch, error);
}

/**
 * ringi_server_storage_add_month_close:
 * @self: a #RingiServerStorage
 * @close: a month close whose record and signature the caller checked
 * @payload: the JSON text of its `month-close` change
 * @now: the server time
 * @error: return location for a #GError
 *
 * Stores a monthly close and its change, which the person, their manager
 * and the auditors see. Fails with %RINGI_SERVER_STORAGE_ERROR_EXISTS for
 * a record stored already.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_server_storage_add_month_close (RingiServerStorage *self,
                                      const RingiStoredMonthClose *close,
                                      const char *payload,
                                      gint64 now,
                                      GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), FALSE);
  g_return_val_if_fail (close != NULL && payload != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->add_month_close (self, close, payload, now, error);
}

/**
 * ringi_server_storage_list_month_closes:
 * @self: a #RingiServerStorage
 * @login: whose month
 * @month: the month, `YYYY-MM`
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type RingiStoredMonthClose): the
 *   month's closes, oldest first (a month sent back is closed again), or
 *   %NULL with @error set
 */
GPtrArray *
ringi_server_storage_list_month_closes (RingiServerStorage *self,
                                        const char *login,
                                        const char *month,
                                        GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), NULL);
  g_return_val_if_fail (login != NULL && month != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->list_month_closes (self, login, month, error);
}

/**
 * ringi_server_storage_purge_attendance:
 * @self: a #RingiServerStorage
 * @before: delete what is older than this, seconds since the Unix epoch
 * @out_punches: (out): how many punches were deleted
 * @out_closes: (out): how many monthly closes were deleted
 * @error: return location for a #GError
 *
 * Deletes attendance records older than @before, in one transaction. The
 * storage itself refuses to delete any younger than five years (労働基準法
 * 109), with %RINGI_DB_ERROR_CONSTRAINT.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_server_storage_purge_attendance (RingiServerStorage *self,
                                       gint64 before,
                                       guint *out_punches,
                                       guint *out_closes,
                                       GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), FALSE);
  g_return_val_if_fail (out_punches != NULL && out_closes != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->purge_attendance (self, before, out_punches, out_closes, error);
}

/**
 * ringi_server_storage_merge_activity:
 * @self: a #RingiServerStorage
 * @day: (inout): a day of someone's objective record; on return, the
 *   day as stored
 * @now: the server time
 * @out_changed: (out): whether the stored day changed
 * @error: return location for a #GError
 *
 * Stores a day's first and last activity times, or widens the stored
 * ones: the earliest first and the latest last are kept, so that the same
 * day sent again, or sent as it grows, never loses a time.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_server_storage_merge_activity (RingiServerStorage *self,
                                     RingiServerActivity *day,
                                     gint64 now,
                                     gboolean *out_changed,
                                     GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), FALSE);
  g_return_val_if_fail (day != NULL && day->login != NULL && day->date != NULL, FALSE);
  g_return_val_if_fail (out_changed != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->merge_activity (self, day, now, out_changed, error);
}

/**
 * ringi_server_storage_append_owner_change:
 * @self: a #RingiServerStorage
 * @kind: the change's kind, e.g. "activity"
 * @subject: (nullable): the key of what changed
 * @owner: whose record it is
 * @payload: the change's JSON text
 * @now: the server time
 * @error: return location for a #GError
 *
 * Appends a change that @owner, their manager of the moment and the
 * auditors see, as a punch's.
 *
 * Returns: the change's sequence number, or -1 with @error set
 */
gint64
ringi_server_storage_append_owner_change (RingiServerStorage *self,
                                          const char *kind,
                                          const char *subject,
                                          const char *owner,
                                          const char *payload,
                                          gint64 now,
                                          GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), -1);
  g_return_val_if_fail (kind != NULL && owner != NULL && payload != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->append_owner_change (self, kind, subject, owner, payload, now, error);
}

/**
 * ringi_server_storage_purge_activity:
 * @self: a #RingiServerStorage
 * @before: delete what is older than this, seconds since the Unix epoch
 * @out_days: (out): how many days of activity times were deleted
 * @error: return location for a #GError
 *
 * Deletes the days of the objective record older than @before. Like
 * punches, they are kept five years: the storage refuses to delete a
 * younger one, with %RINGI_DB_ERROR_CONSTRAINT.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_server_storage_purge_activity (RingiServerStorage *self,
                                     gint64 before,
                                     guint *out_days,
                                     GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), FALSE);
  g_return_val_if_fail (out_days != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->purge_activity (self, before, out_days, error);
}

/**
 * ringi_server_storage_backup:
 * @self: a #RingiServerStorage
 * @out_path: the file to write
 * @error: return location for a #GError
 *
 * Writes a consistent copy of everything to @out_path while the server
 * keeps running, and checks the copy. @out_path must not exist.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_server_storage_backup (RingiServerStorage *self,
                             const char *out_path,
                             GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), FALSE);
  g_return_val_if_fail (out_path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->backup (self, out_path, error);
}

/**
 * ringi_server_storage_check_integrity:
 * @self: a #RingiServerStorage
 * @error: return location for a #GError
 *
 * Runs the backend's own consistency check.
 *
 * Returns: %TRUE when the storage is sound
 */
gboolean
ringi_server_storage_check_integrity (RingiServerStorage *self,
                                      GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return RINGI_SERVER_STORAGE_GET_IFACE (self)->check_integrity (self, error);
}
