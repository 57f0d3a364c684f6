/* ringi-sync-apply.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ringi-attendance-rules.h"
#include "ringi-delegation.h"
#include "ringi-month-close.h"
#include "ringi-punch.h"
#include "ringi-record-private.h"
#include "ringi-stamp.h"
#include "ringi-sync-private.h"

/* What the server sends (docs/api.md, "Changes" and "Directory") goes
 * into the store here: a page of changes, or the directory, in one
 * transaction each, so that an interrupted pull leaves the store as it
 * was before the page. */

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
require_string (JsonObject *object,
                const char *member,
                const char *kind,
                const char **out_value,
                GError **error)
{
  *out_value = get_string (object, member);
  if (*out_value != NULL)
    return TRUE;

  g_set_error (error, RINGI_SYNC_ERROR, RINGI_SYNC_ERROR_HISTORY,
               _("The server sent a %s without “%s”"), kind, member);
  return FALSE;
}

static gint64
get_int (JsonObject *object,
         const char *member,
         gint64 absent)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return absent;
  return json_node_get_int (node);
}

static GBytes *
decode_base64 (const char *text)
{
  gsize length = 0;
  guchar *data = g_base64_decode (text, &length);

  return g_bytes_new_take (data, length);
}

static GBytes *
text_bytes (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

/* The punch a correction request (打刻修正申請) carries comes with the
 * request: the applicant's own, for the approvers to see and to check
 * against the document. Its signature is checked with the request's
 * (ringi_sync_verify_async()), not here. */
static gboolean
apply_correction (RingiStore *store,
                  const RingiRequestInfo *info,
                  JsonObject *change,
                  GError **error)
{
  JsonNode *node = json_object_get_member (change, "correction");
  JsonObject *correction = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(RingiPunch) punch = NULL;
  g_autoptr(GBytes) record = NULL;
  g_autoptr(GBytes) signature = NULL;
  g_autofree char *sha256 = NULL;
  const char *record_text;
  const char *signature_text;
  RingiStoredPunch stored = { 0 };

  if (correction == NULL)
    return TRUE;

  if (!require_string (correction, "record", _("correction"), &record_text, error) ||
      !require_string (correction, "signature", _("correction"), &signature_text, error))
    return FALSE;

  record = decode_base64 (record_text);
  signature = text_bytes (signature_text);
  punch = ringi_punch_parse (record, &local_error);
  if (punch == NULL || !g_str_equal (ringi_punch_get_login (punch), info->applicant))
    {
      g_set_error (error, RINGI_SYNC_ERROR, RINGI_SYNC_ERROR_HISTORY,
                   _("The server sent the punch of correction request %s, which cannot be read: %s"), info->id,
                   local_error ? local_error->message : _("it is not the applicant’s"));
      return FALSE;
    }

  sha256 = ringi_punch_dup_sha256 (punch);
  stored.punch = (char *) ringi_punch_get_punch (punch);
  stored.login = (char *) info->applicant;
  stored.sha256 = sha256;
  stored.record = record;
  stored.signature = signature;
  stored.note = (char *) get_string (correction, "note");
  return ringi_store_put_correction (store, info->id, &stored, error);
}

static gboolean
apply_request (RingiProfile *profile,
               JsonObject *change,
               GError **error)
{
  RingiStore *store = ringi_profile_get_store (profile);
  g_autoptr(RingiRequestInfo) existing = NULL;
  RingiRequestInfo info = { 0 };

  if (!require_string (change, "id", _("request"), (const char **) &info.id, error) ||
      !require_string (change, "title", _("request"), (const char **) &info.title, error) ||
      !require_string (change, "transaction_date", _("request"), (const char **) &info.transaction_date, error) ||
      !require_string (change, "applicant", _("request"), (const char **) &info.applicant, error))
    return FALSE;

  info.category = (char *) get_string (change, "category");
  info.amount = get_int (change, "amount", -1);
  info.counterparty = (char *) get_string (change, "counterparty");
  info.created_at = (char *) get_string (change, "created_at");

  /* Our own new request comes back: it is here already. */
  existing = ringi_store_get_request (store, info.id, NULL);
  if (existing == NULL && !ringi_store_add_request (store, &info, error))
    return FALSE;

  return apply_correction (store, &info, change, error) &&
         ringi_outbox_settle_request (ringi_profile_get_outbox (profile), info.id, error);
}

static gboolean
apply_revision (RingiProfile *profile,
                JsonObject *change,
                GHashTable *blobs,
                GError **error)
{
  RingiStore *store = ringi_profile_get_store (profile);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *actual = NULL;
  const char *request_id;
  const char *sha256;
  gint64 revision = get_int (change, "revision", 0);
  g_autofree char *revision_text = g_strdup_printf ("%" G_GINT64_FORMAT, revision);
  guint n;

  if (!require_string (change, "request_id", _("revision"), &request_id, error) ||
      !require_string (change, "sha256", _("revision"), &sha256, error))
    return FALSE;

  n = ringi_store_get_n_revisions (store, request_id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (revision < 1 || revision > n + 1)
    {
      g_set_error (error, RINGI_SYNC_ERROR, RINGI_SYNC_ERROR_HISTORY,
                   _("The server sent revision %s of request %s, but %u revisions are stored here"),
                   revision_text, request_id, n);
      return FALSE;
    }

  if (revision == n + 1)
    {
      GBytes *downloaded = blobs ? g_hash_table_lookup (blobs, sha256) : NULL;

      pdf = downloaded ? g_bytes_ref (downloaded) : ringi_store_get_blob (store, sha256, error);
      if (pdf == NULL)
        return FALSE;

      actual = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
      if (!g_str_equal (actual, sha256))
        {
          g_set_error (error, RINGI_SYNC_ERROR, RINGI_SYNC_ERROR_HISTORY,
                       _("The document of revision %s of request %s is not the one announced"),
                       revision_text, request_id);
          return FALSE;
        }

      if (!ringi_store_add_revision (store, request_id, revision, pdf, error))
        return FALSE;
    }

  return ringi_outbox_settle_revision (ringi_profile_get_outbox (profile), request_id, revision, sha256, error);
}

static gboolean
apply_receipt (RingiStore *store,
               const char *stamp_sha256,
               JsonObject *change,
               GError **error)
{
  JsonNode *node = json_object_get_member (change, "receipt");
  g_autoptr(GBytes) record = NULL;
  g_autoptr(GBytes) signature = NULL;
  const char *record_text;
  const char *signature_text;
  JsonObject *receipt;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return TRUE;

  receipt = json_node_get_object (node);
  if (!require_string (receipt, "record", _("receipt"), &record_text, error) ||
      !require_string (receipt, "signature", _("receipt"), &signature_text, error))
    return FALSE;

  record = decode_base64 (record_text);
  signature = text_bytes (signature_text);
  return ringi_store_put_receipt (store, stamp_sha256, record, signature, error);
}

static gboolean
apply_comment (RingiStore *store,
               RingiStamp *stamp,
               JsonObject *change,
               GError **error)
{
  const char *comment = get_string (change, "comment");
  g_autofree char *sha256 = NULL;

  if (comment == NULL)
    return TRUE;

  sha256 = g_utf8_validate (comment, -1, NULL) ? ringi_stamp_hash_comment (comment) : NULL;
  if (g_strcmp0 (sha256, ringi_stamp_get_comment_sha256 (stamp)) != 0)
    {
      g_set_error_literal (error, RINGI_SYNC_ERROR, RINGI_SYNC_ERROR_HISTORY,
                           _("The server sent a comment that is not the one the stamp was signed with"));
      return FALSE;
    }

  return ringi_store_put_comment (store, comment, error);
}

static gboolean
apply_stamp (RingiProfile *profile,
             JsonObject *change,
             GError **error)
{
  RingiStore *store = ringi_profile_get_store (profile);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(RingiStamp) stamp = NULL;
  g_autoptr(GBytes) record = NULL;
  g_autoptr(GBytes) signature = NULL;
  g_autofree char *sha256 = NULL;
  const char *request_id;
  const char *record_text;
  const char *signature_text;
  gboolean stored;

  if (!require_string (change, "request_id", _("stamp"), &request_id, error) ||
      !require_string (change, "record", _("stamp"), &record_text, error) ||
      !require_string (change, "signature", _("stamp"), &signature_text, error))
    return FALSE;

  record = decode_base64 (record_text);
  signature = text_bytes (signature_text);
  stamp = ringi_stamp_parse (record, &local_error);
  if (stamp == NULL || !g_str_equal (ringi_stamp_get_document (stamp), request_id))
    {
      g_set_error (error, RINGI_SYNC_ERROR, RINGI_SYNC_ERROR_HISTORY,
                   _("The server sent a stamp of request %s that cannot be read: %s"), request_id,
                   local_error ? local_error->message : _("it names another document"));
      return FALSE;
    }

  sha256 = ringi_stamp_dup_sha256 (stamp);
  stored = ringi_store_has_stamp (store, sha256, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (!stored &&
      !ringi_store_append_stamp (store, request_id, record, signature, ringi_stamp_get_previous (stamp), &local_error))
    {
      g_set_error (error, RINGI_SYNC_ERROR, RINGI_SYNC_ERROR_HISTORY,
                   _("The server sent a stamp that does not continue the history of request %s here (%s)"),
                   request_id, local_error->message);
      return FALSE;
    }

  return apply_comment (store, stamp, change, error) &&
         apply_receipt (store, sha256, change, error) &&
         ringi_outbox_settle_stamp (ringi_profile_get_outbox (profile), sha256, error);
}

static gboolean
apply_delegation (RingiProfile *profile,
                  JsonObject *change,
                  GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(RingiDelegation) delegation = NULL;
  g_autoptr(GBytes) record = NULL;
  g_autoptr(GBytes) signature = NULL;
  g_autofree char *valid_from = NULL;
  g_autofree char *valid_until = NULL;
  RingiStoredDelegation stored = { 0 };
  const char *record_text;
  const char *signature_text;

  if (!require_string (change, "record", _("delegation"), &record_text, error) ||
      !require_string (change, "signature", _("delegation"), &signature_text, error))
    return FALSE;

  record = decode_base64 (record_text);
  signature = text_bytes (signature_text);
  delegation = ringi_delegation_parse (record, &local_error);
  if (delegation == NULL)
    {
      g_set_error (error, RINGI_SYNC_ERROR, RINGI_SYNC_ERROR_HISTORY,
                   _("The server sent a delegation that cannot be read: %s"), local_error->message);
      return FALSE;
    }

  valid_from = ringi_record_format_time (ringi_delegation_get_valid_from (delegation));
  valid_until = ringi_record_format_time (ringi_delegation_get_valid_until (delegation));
  stored.id = (char *) ringi_delegation_get_id (delegation);
  stored.from_login = (char *) ringi_delegation_get_from (delegation);
  stored.to_login = (char *) ringi_delegation_get_to (delegation);
  stored.valid_from = valid_from;
  stored.valid_until = valid_until;
  stored.record = record;
  stored.signature = signature;

  return ringi_store_add_delegation (ringi_profile_get_store (profile), &stored, error) &&
         ringi_outbox_settle_delegation (ringi_profile_get_outbox (profile), stored.id, error);
}

static gboolean
apply_user (RingiProfile *profile,
            JsonObject *entry,
            GError **error)
{
  const char *public_key = get_string (entry, "public_key");
  g_autoptr(GBytes) key = public_key ? text_bytes (public_key) : NULL;
  JsonNode *disabled = json_object_get_member (entry, "disabled");
  g_autofree char *fingerprint = NULL;
  RingiUser user = { 0 };

  if (!require_string (entry, "login", _("user"), (const char **) &user.login, error))
    return FALSE;

  if (get_string (entry, "fingerprint") != NULL)
    fingerprint = g_ascii_strup (get_string (entry, "fingerprint"), -1);

  user.display_name = (char *) get_string (entry, "display_name");
  user.seal_name = (char *) get_string (entry, "seal_name");
  user.department = (char *) get_string (entry, "department");
  user.role = (char *) get_string (entry, "role");
  user.manager = (char *) get_string (entry, "manager");
  user.fingerprint = fingerprint;
  user.public_key = key;
  user.disabled = disabled != NULL && JSON_NODE_HOLDS_VALUE (disabled) && json_node_get_boolean (disabled);
  user.employee_class = (char *) get_string (entry, "employee_class");
  return ringi_store_put_user (ringi_profile_get_store (profile), &user, error);
}

/* A punch (打刻) of the person or, for a manager, of their team. The
 * server checked its signature; the record must at least be a punch, of
 * the login it is filed under. */
static gboolean
apply_punch (RingiProfile *profile,
             JsonObject *change,
             GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(RingiPunch) punch = NULL;
  g_autoptr(GBytes) record = NULL;
  g_autoptr(GBytes) signature = NULL;
  g_autoptr(GBytes) receipt = NULL;
  g_autoptr(GBytes) receipt_signature = NULL;
  g_autofree char *sha256 = NULL;
  JsonNode *receipt_node = json_object_get_member (change, "receipt");
  JsonObject *receipt_object = receipt_node && JSON_NODE_HOLDS_OBJECT (receipt_node) ? json_node_get_object (receipt_node) : NULL;
  JsonNode *skewed = json_object_get_member (change, "skewed");
  const char *login;
  const char *record_text;
  const char *signature_text;
  RingiStoredPunch stored = { 0 };

  if (!require_string (change, "login", _("punch"), &login, error) ||
      !require_string (change, "record", _("punch"), &record_text, error) ||
      !require_string (change, "signature", _("punch"), &signature_text, error))
    return FALSE;

  record = decode_base64 (record_text);
  signature = text_bytes (signature_text);
  punch = ringi_punch_parse (record, &local_error);
  if (punch == NULL || !g_str_equal (ringi_punch_get_login (punch), login))
    {
      g_set_error (error, RINGI_SYNC_ERROR, RINGI_SYNC_ERROR_HISTORY,
                   _("The server sent a punch of %s that cannot be read: %s"), login,
                   local_error ? local_error->message : _("it is someone else’s"));
      return FALSE;
    }

  if (receipt_object != NULL && get_string (receipt_object, "record") && get_string (receipt_object, "signature"))
    {
      receipt = decode_base64 (get_string (receipt_object, "record"));
      receipt_signature = text_bytes (get_string (receipt_object, "signature"));
    }

  sha256 = ringi_punch_dup_sha256 (punch);
  stored.punch = (char *) ringi_punch_get_punch (punch);
  stored.login = (char *) login;
  stored.sha256 = sha256;
  stored.record = record;
  stored.signature = signature;
  stored.note = (char *) get_string (change, "note");
  stored.client_time = g_date_time_to_unix (ringi_punch_get_client_time (punch));
  stored.server_time = get_int (change, "server_time", 0);
  stored.skewed = skewed != NULL && JSON_NODE_HOLDS_VALUE (skewed) && json_node_get_boolean (skewed);
  stored.receipt = receipt;
  stored.receipt_signature = receipt_signature;
  ringi_stored_punch_set_fields (&stored, punch);
  return ringi_store_put_punch (ringi_profile_get_store (profile), &stored, error);
}

/* A monthly close of the person's, or of their team's for a manager:
 * the record must say what the change files it under. */
static gboolean
apply_month_close (RingiProfile *profile,
                   JsonObject *change,
                   GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(RingiMonthClose) close = NULL;
  g_autoptr(GBytes) record = NULL;
  g_autoptr(GBytes) signature = NULL;
  g_autofree char *sha256 = NULL;
  const char *login;
  const char *record_text;
  const char *signature_text;
  RingiStoredMonthClose stored = { 0 };

  if (!require_string (change, "login", _("month close"), &login, error) ||
      !require_string (change, "record", _("month close"), &record_text, error) ||
      !require_string (change, "signature", _("month close"), &signature_text, error))
    return FALSE;

  record = decode_base64 (record_text);
  signature = text_bytes (signature_text);
  close = ringi_month_close_parse (record, &local_error);
  if (close == NULL || !g_str_equal (ringi_month_close_get_login (close), login))
    {
      g_set_error (error, RINGI_SYNC_ERROR, RINGI_SYNC_ERROR_HISTORY,
                   _("The server sent a month close of %s that cannot be read: %s"), login,
                   local_error ? local_error->message : _("it is someone else’s"));
      return FALSE;
    }

  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, record);
  stored.login = (char *) login;
  stored.month = (char *) ringi_month_close_get_month (close);
  stored.request_id = (char *) ringi_month_close_get_request (close);
  stored.sha256 = sha256;
  stored.record = record;
  stored.signature = signature;
  return ringi_store_put_month_close (ringi_profile_get_store (profile), &stored, error);
}

/* A day of someone's objective record: their first and last activity
 * times as the server holds them now (docs/activity-record.md). */
static gboolean
apply_activity (RingiProfile *profile,
                JsonObject *change,
                GError **error)
{
  const char *login;
  const char *date;
  gint64 first = get_int (change, "first", -1);
  gint64 last = get_int (change, "last", -1);

  if (!require_string (change, "login", _("day of activity"), &login, error) ||
      !require_string (change, "date", _("day of activity"), &date, error))
    return FALSE;

  if (strlen (date) != 10 || first < 0 || last < first)
    {
      g_set_error (error, RINGI_SYNC_ERROR, RINGI_SYNC_ERROR_HISTORY,
                   _("The server sent activity times of %s that cannot be read"), login);
      return FALSE;
    }

  return ringi_store_put_activity_day (ringi_profile_get_store (profile), login, date, first, last, error);
}

/* The organisation's attendance settings, from a change or the
 * directory; a word this version does not know is kept out. */
static gboolean
apply_attendance_settings (RingiProfile *profile,
                           JsonObject *settings,
                           GError **error)
{
  const char *time_out = get_string (settings, "time_out");
  RingiTimeOutRule rule;

  if (time_out == NULL || !ringi_attendance_time_out_from_string (time_out, &rule))
    return TRUE;

  return ringi_store_put_time_out (ringi_profile_get_store (profile), time_out, error);
}

static gboolean apply_route_templates (RingiStore *store,
                                       const char *category,
                                       JsonArray *templates,
                                       GError **error);

/* A category's route templates changed: its whole current list */
static gboolean
apply_route_template_change (RingiProfile *profile,
                             JsonObject *change,
                             GError **error)
{
  JsonNode *templates = json_object_get_member (change, "route_templates");
  const char *category;

  if (!require_string (change, "category", _("route template"), &category, error))
    return FALSE;

  if (templates == NULL || !JSON_NODE_HOLDS_ARRAY (templates))
    {
      g_set_error_literal (error, RINGI_SYNC_ERROR, RINGI_SYNC_ERROR_HISTORY,
                           _("The server sent a route template change without its templates"));
      return FALSE;
    }

  return apply_route_templates (ringi_profile_get_store (profile), category, json_node_get_array (templates), error);
}

static gboolean
apply_change (RingiProfile *profile,
              JsonNode *node,
              GHashTable *blobs,
              GError **error)
{
  JsonObject *change = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  const char *kind = change ? get_string (change, "kind") : NULL;

  if (kind == NULL)
    {
      g_set_error_literal (error, RINGI_SYNC_ERROR, RINGI_SYNC_ERROR_HISTORY,
                           _("The server sent a change of no kind"));
      return FALSE;
    }

  if (g_str_equal (kind, "request"))
    return apply_request (profile, change, error);
  if (g_str_equal (kind, "revision"))
    return apply_revision (profile, change, blobs, error);
  if (g_str_equal (kind, "stamp"))
    return apply_stamp (profile, change, error);
  if (g_str_equal (kind, "delegation"))
    return apply_delegation (profile, change, error);
  if (g_str_equal (kind, "user"))
    return apply_user (profile, change, error);
  if (g_str_equal (kind, "route-template"))
    return apply_route_template_change (profile, change, error);
  if (g_str_equal (kind, "punch"))
    return apply_punch (profile, change, error);
  if (g_str_equal (kind, "attendance-settings"))
    return apply_attendance_settings (profile, change, error);
  if (g_str_equal (kind, "month-close"))
    return apply_month_close (profile, change, error);
  if (g_str_equal (kind, "activity"))
    return apply_activity (profile, change, error);

  /* A kind a later server knows: nothing this version shows. */
  g_debug ("Skipping a change of kind “%s”", kind);
  return TRUE;
}

/**
 * ringi_sync_list_missing_blobs:
 * @profile: a #RingiProfile
 * @changes: a page of changes
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type utf8): the sha256 of every
 *   revision in @changes whose bytes are not stored here, once each
 */
GPtrArray *
ringi_sync_list_missing_blobs (RingiProfile *profile,
                               JsonArray *changes,
                               GError **error)
{
  RingiStore *store = ringi_profile_get_store (profile);
  g_autoptr(GPtrArray) missing = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonNode *node = json_array_get_element (changes, i);
      JsonObject *change = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *sha256 = change ? get_string (change, "sha256") : NULL;
      g_autoptr(GError) local_error = NULL;

      if (change == NULL || g_strcmp0 (get_string (change, "kind"), "revision") != 0 || sha256 == NULL)
        continue;

      if (!ringi_record_is_sha256 (sha256))
        {
          g_set_error (error, RINGI_SYNC_ERROR, RINGI_SYNC_ERROR_HISTORY,
                       _("The server sent a revision whose checksum “%s” is not a sha256"), sha256);
          return NULL;
        }

      if (ringi_store_has_blob (store, sha256, &local_error) ||
          g_ptr_array_find_with_equal_func (missing, sha256, g_str_equal, NULL))
        continue;

      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }

      g_ptr_array_add (missing, g_strdup (sha256));
    }

  return g_steal_pointer (&missing);
}

/**
 * ringi_sync_apply_changes:
 * @profile: a #RingiProfile
 * @changes: one page of changes, in order
 * @next: the page's `next`: the cursor after it
 * @blobs: (nullable) (element-type utf8 GBytes): downloaded documents by
 *   sha256, for the page's revisions not stored yet
 * @error: return location for a #GError
 *
 * Applies the page and moves the cursor, in one transaction: after a
 * failure or a crash, nothing of the page is applied and it is fetched
 * again.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_sync_apply_changes (RingiProfile *profile,
                          JsonArray *changes,
                          guint64 next,
                          GHashTable *blobs,
                          GError **error)
{
  RingiDb *db = ringi_store_get_db (ringi_profile_get_store (profile));

  if (!ringi_db_begin (db, error))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      if (!apply_change (profile, json_array_get_element (changes, i), blobs, error))
        {
          ringi_db_rollback (db);
          return FALSE;
        }
    }

  if (!ringi_profile_set_cursor (profile, next, error) || !ringi_db_commit (db, error))
    {
      ringi_db_rollback (db);
      return FALSE;
    }

  return TRUE;
}

/* The templates of one category (@category), or all (%NULL) */
static gboolean
apply_route_templates (RingiStore *store,
                       const char *category,
                       JsonArray *templates,
                       GError **error)
{
  if (!ringi_store_clear_route_templates (store, category, error))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (templates); i++)
    {
      JsonNode *node = json_array_get_element (templates, i);
      JsonObject *template = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *template_category;
      const char *route;

      if (template == NULL ||
          !require_string (template, "category", _("route template"), &template_category, error) ||
          !require_string (template, "route", _("route template"), &route, error) ||
          !ringi_store_put_route_template (store, template_category, get_int (template, "min_amount", 0), route, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
is_fingerprint (const char *text)
{
  if (strlen (text) != 40)
    return FALSE;

  for (const char *p = text; *p; p++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'A' && *p <= 'F'))
      return FALSE;

  return TRUE;
}

/* The key that signs receipts, kept for evidence bundles */
static gboolean
apply_server_key (RingiProfile *profile,
                  JsonObject *directory,
                  GError **error)
{
  JsonNode *node = json_object_get_member (directory, "server_key");
  JsonObject *server = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  const char *fingerprint = server ? get_string (server, "fingerprint") : NULL;
  const char *public_key = server ? get_string (server, "public_key") : NULL;
  g_autoptr(GBytes) key = NULL;
  g_autofree char *upper = NULL;

  if (fingerprint == NULL || public_key == NULL)
    return TRUE;

  upper = g_ascii_strup (fingerprint, -1);
  if (!is_fingerprint (upper))
    {
      g_set_error (error, RINGI_SYNC_ERROR, RINGI_SYNC_ERROR_HISTORY,
                   _("The server’s key “%s” is not a fingerprint"), fingerprint);
      return FALSE;
    }

  key = text_bytes (public_key);
  return ringi_store_put_server_key (ringi_profile_get_store (profile), upper, key, error);
}

static gboolean
apply_directory_locked (RingiProfile *profile,
                        JsonObject *directory,
                        GError **error)
{
  JsonNode *users = json_object_get_member (directory, "users");
  JsonNode *templates = json_object_get_member (directory, "route_templates");
  JsonNode *attendance = json_object_get_member (directory, "attendance");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *when = ringi_record_format_time (now);

  if (users == NULL || !JSON_NODE_HOLDS_ARRAY (users) || templates == NULL || !JSON_NODE_HOLDS_ARRAY (templates))
    {
      g_set_error_literal (error, RINGI_SYNC_ERROR, RINGI_SYNC_ERROR_HISTORY,
                           _("The server’s directory lacks its users or route templates"));
      return FALSE;
    }

  for (guint i = 0; i < json_array_get_length (json_node_get_array (users)); i++)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (users), i);

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      if (!apply_user (profile, json_node_get_object (node), error))
        return FALSE;
    }

  return apply_route_templates (ringi_profile_get_store (profile), NULL, json_node_get_array (templates), error) &&
         apply_server_key (profile, directory, error) &&
         (attendance == NULL || !JSON_NODE_HOLDS_OBJECT (attendance) ||
          apply_attendance_settings (profile, json_node_get_object (attendance), error)) &&
         ringi_profile_set_directory_synced (profile, when, error);
}

/**
 * ringi_sync_apply_directory:
 * @profile: a #RingiProfile
 * @directory: the directory object of docs/api.md
 * @error: return location for a #GError
 *
 * Stores the directory's users and replaces the route templates, in one
 * transaction.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_sync_apply_directory (RingiProfile *profile,
                            JsonObject *directory,
                            GError **error)
{
  RingiDb *db = ringi_store_get_db (ringi_profile_get_store (profile));

  if (!ringi_db_begin (db, error))
    return FALSE;

  if (!apply_directory_locked (profile, directory, error) || !ringi_db_commit (db, error))
    {
      ringi_db_rollback (db);
      return FALSE;
    }

  return TRUE;
}
