/* ringi-server-close-op.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ringi-month-close.h"
#include "ringi-server-attendance.h"
#include "ringi-server-close-op.h"
#include "ringi-server-json.h"

/* The `close-month` op: the monthly close (月次締め, docs/month-close-
 * format.md), signed by the person, listing the sha256 of every punch of
 * the month. The server accepts it only when the list is exactly the
 * punches it holds for that month, so that the manager who approves the
 * 勤務月報 request approves those punches and no others; once the request
 * is decided the month is locked (ringi_server_attendance_is_locked()). */

struct _RingiCloseOp
{
  RingiServer *server;
  RingiServerStorage *storage;
  char *fingerprint; /* the caller's bound key */
  GBytes *record;
  GBytes *signature;
  RingiMonthClose *close;
};

void
ringi_close_op_free (RingiCloseOp *self)
{
  if (self == NULL)
    return;

  g_clear_object (&self->storage);
  g_free (self->fingerprint);
  g_clear_pointer (&self->record, g_bytes_unref);
  g_clear_pointer (&self->signature, g_bytes_unref);
  g_clear_pointer (&self->close, ringi_month_close_unref);
  g_free (self);
}

/* The close is carried by the caller's own 勤務月報 request. */
static gboolean
check_request (RingiCloseOp *self,
               const RingiUser *caller,
               RingiOpRefusal **out_refusal,
               GError **error)
{
  const char *request_id = ringi_month_close_get_request (self->close);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(RingiRequestInfo) info = ringi_server_storage_get_request (self->storage, request_id, &local_error);

  if (info == NULL && !g_error_matches (local_error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (info == NULL || !g_str_equal (info->applicant, caller->login) ||
      g_strcmp0 (info->category, RINGI_CATEGORY_MONTHLY_REPORT) != 0)
    {
      *out_refusal = ringi_op_refusal_new ("invalid-request", _("The month is closed with %s, which is not a request (%s) of yours; send that request first"),
                                           request_id, RINGI_CATEGORY_MONTHLY_REPORT);
      return FALSE;
    }

  return TRUE;
}

static GHashTable *
set_of (const char *const *hashes)
{
  GHashTable *set = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; hashes[i] != NULL; i++)
    g_hash_table_add (set, (gpointer) hashes[i]);
  return set;
}

/* The record lists the month's punches as the server holds them: none
 * more, none less. */
static gboolean
check_punches (RingiCloseOp *self,
               const RingiUser *caller,
               RingiOpRefusal **out_refusal,
               GError **error)
{
  const char *month = ringi_month_close_get_month (self->close);
  const char *const *listed = ringi_month_close_get_punches (self->close);
  g_autoptr(GHashTable) signed_set = set_of (listed);
  g_autoptr(GPtrArray) stored = NULL;
  guint missing = 0;

  stored = ringi_server_attendance_list_month_punches (self->storage, caller->login, month, error);
  if (stored == NULL)
    return FALSE;

  for (guint i = 0; i < stored->len; i++)
    {
      RingiStoredPunch *punch = g_ptr_array_index (stored, i);

      if (!g_hash_table_contains (signed_set, punch->sha256))
        missing++;
    }

  if (missing > 0 || g_hash_table_size (signed_set) != stored->len || g_strv_length ((GStrv) listed) != stored->len)
    {
      *out_refusal = ringi_op_refusal_new ("punches-differ", _("The close of %s lists %u punches; the server holds %u for that month. Sync, then close the month again"),
                                           month, g_strv_length ((GStrv) listed), stored->len);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_not_locked (RingiCloseOp *self,
                  const RingiUser *caller,
                  RingiOpRefusal **out_refusal,
                  GError **error)
{
  const char *month = ringi_month_close_get_month (self->close);
  gboolean locked = FALSE;

  if (!ringi_server_attendance_is_locked (self->storage, caller->login, month, &locked, error))
    return FALSE;

  if (locked)
    {
      *out_refusal = ringi_op_refusal_new ("month-closed", _("The month %s is closed and approved already"), month);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_close (RingiCloseOp *self,
            JsonObject *op,
            const RingiUser *caller,
            RingiOpRefusal **out_refusal)
{
  g_autoptr(GError) error = NULL;
  const char *login;

  if (!ringi_server_json_get_signed (op, "close", &self->record, &self->signature, &error))
    {
      *out_refusal = ringi_op_refusal_new_from_error (error);
      return FALSE;
    }

  self->close = ringi_month_close_parse (self->record, &error);
  if (self->close == NULL)
    {
      *out_refusal = ringi_op_refusal_new ("malformed", "%s", error->message);
      return FALSE;
    }

  login = ringi_month_close_get_login (self->close);
  if (!g_str_equal (login, caller->login))
    *out_refusal = ringi_op_refusal_new ("forbidden", _("The month close is %s’s: only %s may send it"), login, login);
  else if (g_strcmp0 (ringi_month_close_get_signer_key (self->close), self->fingerprint) != 0)
    *out_refusal = ringi_op_refusal_new ("key-not-bound", _("The month close names key %s, but the directory binds %s to key %s"),
                                         ringi_month_close_get_signer_key (self->close), login,
                                         self->fingerprint ? self->fingerprint : _("none"));
  else
    return TRUE;

  return FALSE;
}

/**
 * ringi_close_op_new:
 * @server: the server
 * @caller: who sent the op
 * @op: a `close-month` op (docs/api.md)
 * @out_refusal: (out): why the op is refused, when it is
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the op, ready to verify; %NULL with
 *   @out_refusal set when refused, or with @error set on a fault
 */
RingiCloseOp *
ringi_close_op_new (RingiServer *server,
                    const RingiUser *caller,
                    JsonObject *op,
                    RingiOpRefusal **out_refusal,
                    GError **error)
{
  g_autoptr(RingiCloseOp) self = g_new0 (RingiCloseOp, 1);

  g_return_val_if_fail (RINGI_IS_SERVER (server), NULL);
  g_return_val_if_fail (caller != NULL && op != NULL, NULL);
  g_return_val_if_fail (out_refusal != NULL && *out_refusal == NULL, NULL);

  self->server = server;
  self->storage = g_object_ref (ringi_server_get_storage (server));
  self->fingerprint = g_strdup (caller->fingerprint);

  if (!read_close (self, op, caller, out_refusal) ||
      !check_request (self, caller, out_refusal, error) ||
      !check_not_locked (self, caller, out_refusal, error) ||
      !check_punches (self, caller, out_refusal, error))
    return NULL;

  return g_steal_pointer (&self);
}

void
ringi_close_op_verify_async (RingiCloseOp *self,
                             GCancellable *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer user_data)
{
  g_return_if_fail (self != NULL);

  ringi_keyring_verify_detached_async (ringi_server_get_keyring (self->server), self->record, self->signature,
                                       cancellable, callback, user_data);
}

/**
 * ringi_close_op_verify_finish:
 * @self: a close op
 * @result: the result given to the callback
 * @out_refusal: (out): the refusal, when the signature is not good
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the caller's bound key signed the record
 */
gboolean
ringi_close_op_verify_finish (RingiCloseOp *self,
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

      *out_refusal = ringi_op_refusal_new ("key-not-bound", _("The month close was signed with key %s, not with key %s that it names"),
                                           signed_by, self->fingerprint);
    }
  else if (g_error_matches (local_error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_NO_KEY))
    *out_refusal = ringi_op_refusal_new ("unknown-key", "%s", local_error->message);
  else if (g_error_matches (local_error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_BAD_SIGNATURE) ||
           g_error_matches (local_error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_NOT_SIGNED))
    *out_refusal = ringi_op_refusal_new ("bad-signature", _("The signature does not match the month close (%s)"),
                                         local_error->message);
  else
    g_propagate_error (error, g_steal_pointer (&local_error));

  return FALSE;
}

static char *
close_payload (RingiCloseOp *self,
               const char *sha256)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  ringi_server_json_add_nullable_string (builder, "login", ringi_month_close_get_login (self->close));
  ringi_server_json_add_nullable_string (builder, "month", ringi_month_close_get_month (self->close));
  ringi_server_json_add_nullable_string (builder, "request_id", ringi_month_close_get_request (self->close));
  ringi_server_json_add_nullable_string (builder, "sha256", sha256);
  ringi_server_json_add_record (builder, self->record, self->signature);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return ringi_server_json_to_text (root);
}

/**
 * ringi_close_op_apply:
 * @self: a verified close op
 * @now: the server time
 * @error: return location for a #GError
 *
 * Stores the month close and its change inside the caller's transaction.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_close_op_apply (RingiCloseOp *self,
                      gint64 now,
                      GError **error)
{
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, self->record);
  g_autofree char *payload = close_payload (self, sha256);
  RingiStoredMonthClose stored = {
    .login = (char *) ringi_month_close_get_login (self->close),
    .month = (char *) ringi_month_close_get_month (self->close),
    .request_id = (char *) ringi_month_close_get_request (self->close),
    .sha256 = sha256,
    .record = self->record,
    .signature = self->signature,
  };

  g_return_val_if_fail (self != NULL, FALSE);

  return ringi_server_storage_add_month_close (self->storage, &stored, payload, now, error);
}
