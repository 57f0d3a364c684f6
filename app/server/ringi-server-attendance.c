/* ringi-server-attendance.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-server"

#include "config.h"

#include <json-glib/json-glib.h>

#include "ringi-server-attendance.h"
#include "ringi-server-json.h"

/* The organisation's attendance settings, kept among the server's
 * settings and sent to every client in the directory. Per-person
 * settings (the employee class) live with the user. */

#define TIME_OUT_KEY "attendance.time_out"

/**
 * ringi_server_attendance_get_time_out:
 * @storage: the server's storage
 * @out_rule: (out): how time out (中抜け) counts
 * @error: return location for a #GError
 *
 * Option 1 (`not-work`) until an administrator chooses otherwise.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_server_attendance_get_time_out (RingiServerStorage *storage,
                                      RingiTimeOutRule *out_rule,
                                      GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *value = NULL;

  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (storage), FALSE);
  g_return_val_if_fail (out_rule != NULL, FALSE);

  *out_rule = RINGI_TIME_OUT_NOT_WORK;
  value = ringi_server_storage_get_setting (storage, TIME_OUT_KEY, &local_error);
  if (value != NULL)
    {
      /* Only ringi_server_attendance_set_time_out() writes it. */
      ringi_attendance_time_out_from_string (value, out_rule);
      return TRUE;
    }

  if (g_error_matches (local_error, RINGI_SERVER_STORAGE_ERROR, RINGI_SERVER_STORAGE_ERROR_NOT_FOUND))
    return TRUE;

  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static char *
settings_payload (RingiTimeOutRule rule)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  ringi_server_json_add_nullable_string (builder, "time_out", ringi_attendance_time_out_to_string (rule));
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return ringi_server_json_to_text (root);
}

/**
 * ringi_server_attendance_set_time_out:
 * @storage: the server's storage
 * @rule: how time out (中抜け) counts from now on
 * @now: the server time
 * @error: return location for a #GError
 *
 * Stores the organisation's choice and tells every client with an
 * `attendance-settings` change.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_server_attendance_set_time_out (RingiServerStorage *storage,
                                      RingiTimeOutRule rule,
                                      gint64 now,
                                      GError **error)
{
  g_autofree char *payload = settings_payload (rule);

  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (storage), FALSE);

  if (!ringi_server_storage_begin (storage, error))
    return FALSE;

  if (!ringi_server_storage_set_setting (storage, TIME_OUT_KEY, ringi_attendance_time_out_to_string (rule), error) ||
      ringi_server_storage_append_change (storage, "attendance-settings", NULL, NULL, payload, now, error) <= 0 ||
      !ringi_server_storage_commit (storage, error))
    {
      ringi_server_storage_rollback (storage);
      return FALSE;
    }

  return TRUE;
}
