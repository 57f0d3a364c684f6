/* ringi-server-punch-op.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ringi-attendance-rules.h"
#include "ringi-month-close.h"
#include "ringi-punch.h"
#include "ringi-server-attendance.h"
#include "ringi-server-json.h"
#include "ringi-server-key.h"
#include "ringi-server-punch-op.h"

/* The `punch` op: a punch record (打刻, docs/punch-format.md) signed by
 * the person it is about, who sends it, perhaps long after punching
 * offline. Its signature is checked against the key the directory binds
 * to the caller; the server adds its receipt time, flags a client clock
 * that differs from it by more than the rules allow, and signs a receipt
 * as it does for stamps. The same punch uuid is stored once.
 *
 * A correcting punch (one with `Corrects`) and any punch for a month
 * whose close is approved never come through this op: the person signs
 * such a punch when asking for the correction (打刻修正申請), it travels
 * with the request's submit (ringi_punch_op_new_correction()) and waits
 * beside the request; the server adds it when the request is decided
 * (ringi_punch_op_new_approved()), so that one approval adds exactly the
 * punch the approvers saw. */

struct _RingiPunchOp
{
  RingiServer *server;
  RingiServerStorage *storage;
  char *fingerprint; /* the caller's bound key */
  char *employee_class;
  GBytes *record;
  GBytes *signature;
  char *note;
  RingiPunch *punch;
  char *sha256;
  gboolean corrected; /* carried by a correction request */

  /* set by ringi_punch_op_build_receipt() */
  gint64 server_time;
  gboolean skewed;
};

void
ringi_punch_op_free (RingiPunchOp *self)
{
  if (self == NULL)
    return;

  g_clear_object (&self->storage);
  g_free (self->fingerprint);
  g_free (self->employee_class);
  g_clear_pointer (&self->record, g_bytes_unref);
  g_clear_pointer (&self->signature, g_bytes_unref);
  g_free (self->note);
  g_clear_pointer (&self->punch, ringi_punch_unref);
  g_free (self->sha256);
  g_free (self);
}

static gboolean
read_signed_punch (RingiPunchOp *self,
                   JsonObject *op,
                   const char *member,
                   RingiOpRefusal **out_refusal)
{
  g_autoptr(GError) error = NULL;
  const char *note = NULL;

  if (!ringi_server_json_get_signed (op, member, &self->record, &self->signature, &error) ||
      !ringi_server_json_get_optional_string (ringi_server_json_get_object (op, member, NULL), "note", &note, &error))
    {
      *out_refusal = ringi_op_refusal_new_from_error (error);
      return FALSE;
    }

  self->note = g_strdup (note);
  self->sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, self->record);
  self->punch = ringi_punch_parse (self->record, &error);
  if (self->punch == NULL)
    {
      *out_refusal = ringi_op_refusal_new ("malformed", "%s", error->message);
      return FALSE;
    }

  return TRUE;
}

/* The punch is the caller's own, signed with their bound key, with the
 * note it hashes; the server alone imports punches. */
static gboolean
check_punch (RingiPunchOp *self,
             const RingiUser *caller,
             RingiOpRefusal **out_refusal)
{
  const char *login = ringi_punch_get_login (self->punch);
  const char *signer_key = ringi_punch_get_signer_key (self->punch);
  g_autofree char *given_sha256 = self->note ? ringi_punch_hash_note (self->note) : NULL;

  if (!g_str_equal (login, caller->login))
    *out_refusal = ringi_op_refusal_new ("forbidden", _("The punch is %s’s: only %s may send it"), login, login);
  else if (g_strcmp0 (signer_key, self->fingerprint) != 0)
    *out_refusal = ringi_op_refusal_new ("key-not-bound", _("The punch names key %s, but the directory binds %s to key %s"),
                                         signer_key, login, self->fingerprint ? self->fingerprint : _("none"));
  else if (g_strcmp0 (ringi_punch_get_note_sha256 (self->punch), given_sha256) != 0)
    *out_refusal = ringi_op_refusal_new ("invalid-request",
                                         ringi_punch_get_note_sha256 (self->punch) ? _("The note sent is not the note the punch signs")
                                                                                   : _("The punch signs no note, but one was sent"));
  else if (ringi_punch_get_imported (self->punch))
    *out_refusal = ringi_op_refusal_new ("forbidden", _("Only the server imports punches from a legacy system"));
  else
    return TRUE;

  return FALSE;
}

/* A punch a correction request carries is that request's to add. */
static gboolean
check_not_pending (RingiPunchOp *self,
                   RingiOpRefusal **out_refusal,
                   GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *request_id = ringi_server_storage_find_pending_punch (self->storage, ringi_punch_get_punch (self->punch),
                                                                         &local_error);

  if (request_id != NULL)
    {
      *out_refusal = ringi_op_refusal_new ("duplicate-punch", _("The punch %s is carried by the correction request %s"),
                                           ringi_punch_get_punch (self->punch), request_id);
      return FALSE;
    }

  if (!g_error_matches (local_error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

/* A punch uuid names one punch: sent again under a new op id, it is
 * refused, not stored twice. */
static gboolean
check_new_punch (RingiPunchOp *self,
                 RingiOpRefusal **out_refusal,
                 GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(RingiStoredPunch) stored = ringi_server_storage_get_punch (self->storage, ringi_punch_get_punch (self->punch),
                                                                        &local_error);

  if (stored != NULL)
    {
      *out_refusal = ringi_op_refusal_new ("duplicate-punch", _("The punch %s is stored already"),
                                           ringi_punch_get_punch (self->punch));
      return FALSE;
    }

  if (!g_error_matches (local_error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return check_not_pending (self, out_refusal, error);
}

/* A correction's punch comes with its request and is added by its
 * approval; so does any punch for a locked month. */
static gboolean
check_month (RingiPunchOp *self,
             const RingiUser *caller,
             JsonObject *op,
             RingiOpRefusal **out_refusal,
             GError **error)
{
  g_autofree char *month = NULL;
  RingiStoredPunch stored = {
    .punch = (char *) ringi_punch_get_punch (self->punch),
    .login = caller->login,
    .client_time = g_date_time_to_unix (ringi_punch_get_client_time (self->punch)),
  };

  if (json_object_has_member (op, "correction_request") || ringi_punch_get_corrects (self->punch) != NULL)
    {
      *out_refusal = ringi_op_refusal_new ("invalid-correction",
                                           _("A correcting punch is sent with its correction request, and added when the request is approved"));
      return FALSE;
    }

  /* The month of its shift (a clock-out after midnight on the 1st is
   * locked with the month before), and of any punch it would move. */
  ringi_stored_punch_set_fields (&stored, self->punch);
  if (!ringi_server_attendance_find_locked_month (self->storage, &stored, &month, error))
    return FALSE;

  if (month != NULL)
    {
      *out_refusal = ringi_op_refusal_new ("month-closed",
                                           _("The month %s is closed and approved; a change needs an approved correction request"),
                                           month);
      return FALSE;
    }

  return TRUE;
}

/* The punch a correction replaces is one of the caller's own. */
static gboolean
check_corrects (RingiPunchOp *self,
                const RingiUser *caller,
                RingiOpRefusal **out_refusal,
                GError **error)
{
  const char *corrects = ringi_punch_get_corrects (self->punch);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(RingiStoredPunch) stored = NULL;

  if (corrects == NULL)
    return TRUE;

  stored = ringi_server_storage_get_punch (self->storage, corrects, &local_error);
  if (stored == NULL && !g_error_matches (local_error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (stored == NULL || !g_str_equal (stored->login, caller->login))
    {
      *out_refusal = ringi_op_refusal_new ("invalid-correction", _("The punch corrects %s, which is no punch of yours"),
                                           corrects);
      return FALSE;
    }

  return TRUE;
}

static RingiPunchOp *
punch_op_alloc (RingiServer *server,
                const char *fingerprint,
                const char *employee_class)
{
  RingiPunchOp *self = g_new0 (RingiPunchOp, 1);

  self->server = server;
  self->storage = g_object_ref (ringi_server_get_storage (server));
  self->fingerprint = g_strdup (fingerprint);
  self->employee_class = g_strdup (employee_class);
  return self;
}

/**
 * ringi_punch_op_new:
 * @server: the server
 * @caller: who sent the op
 * @op: a `punch` op (docs/api.md)
 * @out_refusal: (out): why the op is refused, when it is
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the op, ready to verify; %NULL with
 *   @out_refusal set when refused, or with @error set on a fault
 */
RingiPunchOp *
ringi_punch_op_new (RingiServer *server,
                    const RingiUser *caller,
                    JsonObject *op,
                    RingiOpRefusal **out_refusal,
                    GError **error)
{
  g_autoptr(RingiPunchOp) self = NULL;

  g_return_val_if_fail (RINGI_IS_SERVER (server), NULL);
  g_return_val_if_fail (caller != NULL && op != NULL, NULL);
  g_return_val_if_fail (out_refusal != NULL && *out_refusal == NULL, NULL);

  self = punch_op_alloc (server, caller->fingerprint, caller->employee_class);
  if (!read_signed_punch (self, op, "punch", out_refusal) ||
      !check_punch (self, caller, out_refusal) ||
      !check_new_punch (self, out_refusal, error) ||
      !check_month (self, caller, op, out_refusal, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * ringi_punch_op_new_correction:
 * @server: the server
 * @caller: who sent the op
 * @op: a `create-request` op of a correction request, with its
 *   `correction` member (docs/api.md)
 * @out_refusal: (out): why the punch is refused, when it is
 * @error: return location for a #GError
 *
 * Reads and checks the correcting punch a correction request (打刻修正申請)
 * carries, as a punch op's punch: the caller's own, naming their bound
 * key, with the note it hashes, not imported, new; its `Corrects`, if
 * any, names a stored punch of the caller's. A locked month is no
 * refusal here: the request's approval is what permits the change.
 *
 * Returns: (transfer full): the punch, ready to verify; %NULL with
 *   @out_refusal set when refused, or with @error set on a fault
 */
RingiPunchOp *
ringi_punch_op_new_correction (RingiServer *server,
                               const RingiUser *caller,
                               JsonObject *op,
                               RingiOpRefusal **out_refusal,
                               GError **error)
{
  g_autoptr(RingiPunchOp) self = NULL;

  g_return_val_if_fail (RINGI_IS_SERVER (server), NULL);
  g_return_val_if_fail (caller != NULL && op != NULL, NULL);
  g_return_val_if_fail (out_refusal != NULL && *out_refusal == NULL, NULL);

  self = punch_op_alloc (server, caller->fingerprint, caller->employee_class);
  self->corrected = TRUE;
  if (!read_signed_punch (self, op, "correction", out_refusal) ||
      !check_punch (self, caller, out_refusal) ||
      !check_new_punch (self, out_refusal, error) ||
      !check_corrects (self, caller, out_refusal, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * ringi_punch_op_new_approved:
 * @server: the server
 * @pending: the punch a correction request carries, as stored with it
 *
 * The punch to add now that its correction request is decided; it was
 * checked when the request came, and is never flagged skewed, since a
 * correction comes late on purpose.
 *
 * Returns: (transfer full): the punch, ready for its receipt
 */
RingiPunchOp *
ringi_punch_op_new_approved (RingiServer *server,
                             const RingiStoredPunch *pending)
{
  RingiPunchOp *self;

  g_return_val_if_fail (RINGI_IS_SERVER (server), NULL);
  g_return_val_if_fail (pending != NULL, NULL);

  self = punch_op_alloc (server, NULL, NULL);
  self->corrected = TRUE;
  self->record = g_bytes_ref (pending->record);
  self->signature = g_bytes_ref (pending->signature);
  self->note = g_strdup (pending->note);
  self->sha256 = g_strdup (pending->sha256);
  /* It parsed when it came. */
  self->punch = ringi_punch_parse (self->record, NULL);
  g_assert (self->punch != NULL);
  return self;
}

/**
 * ringi_punch_op_get_uuid:
 * @self: a punch op
 *
 * Returns: the punch's uuid
 */
const char *
ringi_punch_op_get_uuid (RingiPunchOp *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return ringi_punch_get_punch (self->punch);
}

static void
fill_stored (RingiPunchOp *self,
             RingiStoredPunch *stored)
{
  stored->punch = (char *) ringi_punch_get_punch (self->punch);
  stored->login = (char *) ringi_punch_get_login (self->punch);
  stored->sha256 = self->sha256;
  stored->record = self->record;
  stored->signature = self->signature;
  stored->note = self->note;
  stored->client_time = g_date_time_to_unix (ringi_punch_get_client_time (self->punch));
  ringi_stored_punch_set_fields (stored, self->punch);
}

/**
 * ringi_punch_op_keep_pending:
 * @self: a verified correcting punch
 * @request_id: the correction request that carries it
 * @now: the server time
 * @error: return location for a #GError
 *
 * Keeps the punch beside its request, inside the caller's transaction,
 * until the request is decided.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_punch_op_keep_pending (RingiPunchOp *self,
                             const char *request_id,
                             gint64 now,
                             GError **error)
{
  RingiStoredPunch stored = { 0 };

  g_return_val_if_fail (self != NULL && request_id != NULL, FALSE);

  fill_stored (self, &stored);
  return ringi_server_storage_add_pending_punch (self->storage, request_id, &stored, now, error);
}

/**
 * ringi_punch_op_add_json:
 * @self: a punch op
 * @builder: a builder inside an object
 * @member: the member's name
 *
 * Adds `member: {"record": base64, "signature": text, "note": text or
 * null}`, the punch as a `punch` op sends it.
 */
void
ringi_punch_op_add_json (RingiPunchOp *self,
                         JsonBuilder *builder,
                         const char *member)
{
  g_return_if_fail (self != NULL && JSON_IS_BUILDER (builder) && member != NULL);

  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  ringi_server_json_add_record (builder, self->record, self->signature);
  ringi_server_json_add_nullable_string (builder, "note", self->note);
  json_builder_end_object (builder);
}

void
ringi_punch_op_verify_async (RingiPunchOp *self,
                             GCancellable *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer user_data)
{
  g_return_if_fail (self != NULL);

  ringi_keyring_verify_detached_async (ringi_server_get_keyring (self->server), self->record, self->signature,
                                       cancellable, callback, user_data);
}

/**
 * ringi_punch_op_verify_finish:
 * @self: a punch op
 * @result: the result given to the callback
 * @out_refusal: (out): the refusal, when the signature is not good
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the caller's bound key signed the record
 */
gboolean
ringi_punch_op_verify_finish (RingiPunchOp *self,
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

      *out_refusal = ringi_op_refusal_new ("key-not-bound", _("The punch was signed with key %s, not with key %s that it names"),
                                           signed_by, self->fingerprint);
    }
  else if (g_error_matches (local_error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_NO_KEY))
    *out_refusal = ringi_op_refusal_new ("unknown-key", "%s", local_error->message);
  else if (g_error_matches (local_error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_BAD_SIGNATURE) ||
           g_error_matches (local_error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_NOT_SIGNED))
    *out_refusal = ringi_op_refusal_new ("bad-signature", _("The signature does not match the punch (%s)"),
                                         local_error->message);
  else
    g_propagate_error (error, g_steal_pointer (&local_error));

  return FALSE;
}

/**
 * ringi_op_build_punch_receipt:
 * @punch_sha256: the accepted punch record's sha256
 * @server_time: when the server received it
 * @skew: the server time less the punch's client time, in seconds
 * @server_key: the fingerprint of the key that signs the receipt
 *
 * Writes a punch receipt record (docs/api.md "Receipts").
 *
 * Returns: (transfer full): the record's bytes, to be signed
 */
GBytes *
ringi_op_build_punch_receipt (const char *punch_sha256,
                              gint64 server_time,
                              gint64 skew,
                              const char *server_key)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (server_time);
  g_autofree char *when = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S+00:00");
  char *text;

  g_return_val_if_fail (punch_sha256 != NULL && server_key != NULL, NULL);

  text = g_strdup_printf ("Ringi-Punch-Receipt: 1\n"
                          "Punch-SHA256: %s\n"
                          "Server-Time: %s\n"
                          "Clock-Skew: %" G_GINT64_FORMAT "\n"
                          "Server-Key: %s\n",
                          punch_sha256, when, skew, server_key);
  return g_bytes_new_take (text, strlen (text));
}

static guint
max_clock_skew (RingiPunchOp *self)
{
  RingiAttendanceClass klass = RINGI_ATTENDANCE_CLASS_GENERAL;
  RingiAttendanceRules rules;

  if (self->employee_class != NULL)
    ringi_attendance_class_from_string (self->employee_class, &klass);
  ringi_attendance_rules_init (&rules, klass);
  return rules.max_clock_skew;
}

/**
 * ringi_punch_op_build_receipt:
 * @self: a verified punch op
 * @now: the server time, which becomes the punch's receipt time
 *
 * Returns: (transfer full): the receipt record for the punch
 */
GBytes *
ringi_punch_op_build_receipt (RingiPunchOp *self,
                              gint64 now)
{
  RingiServerKey *key = ringi_server_get_receipt_key (self->server);
  gint64 skew = now - g_date_time_to_unix (ringi_punch_get_client_time (self->punch));

  g_return_val_if_fail (self != NULL, NULL);

  self->server_time = now;
  /* A correction comes late on purpose, with the time it corrects. */
  self->skewed = !self->corrected && ABS (skew) > (gint64) max_clock_skew (self);
  return ringi_op_build_punch_receipt (self->sha256, now, skew, ringi_server_key_get_fingerprint (key));
}

static char *
punch_payload (RingiPunchOp *self,
               GBytes *receipt,
               GBytes *receipt_signature)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  ringi_server_json_add_nullable_string (builder, "punch", ringi_punch_get_punch (self->punch));
  ringi_server_json_add_nullable_string (builder, "login", ringi_punch_get_login (self->punch));
  ringi_server_json_add_nullable_string (builder, "sha256", self->sha256);
  ringi_server_json_add_record (builder, self->record, self->signature);
  ringi_server_json_add_nullable_string (builder, "note", self->note);
  json_builder_set_member_name (builder, "server_time");
  json_builder_add_int_value (builder, self->server_time);
  json_builder_set_member_name (builder, "skewed");
  json_builder_add_boolean_value (builder, self->skewed);
  ringi_server_json_add_signed (builder, "receipt", receipt, receipt_signature);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return ringi_server_json_to_text (root);
}

/**
 * ringi_punch_op_apply:
 * @self: a verified punch op with its receipt built
 * @receipt: its receipt record
 * @receipt_signature: the server's signature of @receipt
 * @error: return location for a #GError
 *
 * Stores the punch, its receipt and its change inside the caller's
 * transaction. Fails with %RINGI_SERVER_STORAGE_ERROR_EXISTS when the
 * same punch got there first.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_punch_op_apply (RingiPunchOp *self,
                      GBytes *receipt,
                      GBytes *receipt_signature,
                      GError **error)
{
  g_autofree char *payload = NULL;
  RingiStoredPunch stored = { 0 };

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (receipt != NULL && receipt_signature != NULL, FALSE);

  payload = punch_payload (self, receipt, receipt_signature);
  fill_stored (self, &stored);
  stored.server_time = self->server_time;
  stored.skewed = self->skewed;
  stored.receipt = receipt;
  stored.receipt_signature = receipt_signature;
  return ringi_server_storage_add_punch (self->storage, &stored, payload, error) > 0;
}
