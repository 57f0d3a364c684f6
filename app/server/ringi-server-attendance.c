/* ringi-server-attendance.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-server"

#include "config.h"

#include <json-glib/json-glib.h>

#include "ringi-server-attendance.h"
#include "ringi-server-json.h"
#include "ringi-server-op.h"
#include "ringi-stamp.h"
#include "ringi-workflow.h"

/* The organisation's attendance settings, kept among the server's
 * settings and sent to every client in the directory (per-person
 * settings, the employee class, live with the user); and whether a
 * person's month is locked by an approved monthly close. */

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

/**
 * ringi_server_attendance_month_of:
 * @time: a punch's client time
 *
 * Returns: (transfer full): the month, `YYYY-MM`, of @time in Asia/Tokyo:
 *   the month a punch counts in, for closing and locking
 */
char *
ringi_server_attendance_month_of (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (time != NULL, NULL);

  local = g_date_time_to_timezone (time, ringi_attendance_get_time_zone ());
  return g_date_time_format (local, "%Y-%m");
}

/**
 * ringi_server_attendance_month_range:
 * @month: `YYYY-MM`, valid
 * @out_from: (out): the month's first second in Asia/Tokyo, Unix time
 * @out_until: (out): the next month's first second
 */
void
ringi_server_attendance_month_range (const char *month,
                                     gint64 *out_from,
                                     gint64 *out_until)
{
  int year = (int) g_ascii_strtoll (month, NULL, 10);
  int number = (int) g_ascii_strtoll (month + 5, NULL, 10);
  g_autoptr(GDateTime) first = g_date_time_new (ringi_attendance_get_time_zone (), year, number, 1, 0, 0, 0);
  g_autoptr(GDateTime) next = g_date_time_add_months (first, 1);

  *out_from = g_date_time_to_unix (first);
  *out_until = g_date_time_to_unix (next);
}

/**
 * ringi_server_attendance_is_decided:
 * @storage: the server's storage
 * @request_id: a request
 * @out_decided: (out): whether its stamps decide it (決裁済)
 * @error: return location for a #GError
 *
 * Replays the request's stored stamps through the approval state machine.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_server_attendance_is_decided (RingiServerStorage *storage,
                                    const char *request_id,
                                    gboolean *out_decided,
                                    GError **error)
{
  g_autoptr(GPtrArray) stamps = ringi_server_storage_list_stamps (storage, request_id, error);
  g_autoptr(RingiWorkflow) workflow = ringi_workflow_new ();

  if (stamps == NULL)
    return FALSE;

  for (guint i = 0; i < stamps->len; i++)
    {
      RingiStoredStamp *stored = g_ptr_array_index (stamps, i);
      g_autoptr(RingiStamp) stamp = ringi_stamp_parse (stored->record, NULL);
      g_autoptr(RingiRoute) route = NULL;
      RingiWorkflowEvent event;

      /* Stored stamps were verified when they came. */
      if (stamp == NULL)
        continue;
      ringi_op_workflow_event_init (&event, stamp, &route);
      ringi_workflow_apply (workflow, &event, NULL);
    }

  *out_decided = ringi_workflow_get_status (workflow) == RINGI_REQUEST_DECIDED;
  return TRUE;
}

/**
 * ringi_server_attendance_is_locked:
 * @storage: the server's storage
 * @login: whose month
 * @month: `YYYY-MM`
 * @out_locked: (out): whether a close of the month is approved
 * @error: return location for a #GError
 *
 * A month is locked (締め済) once one of its monthly closes has its 勤務月報
 * request decided; a close sent back or rejected locks nothing.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_server_attendance_is_locked (RingiServerStorage *storage,
                                   const char *login,
                                   const char *month,
                                   gboolean *out_locked,
                                   GError **error)
{
  g_autoptr(GPtrArray) closes = ringi_server_storage_list_month_closes (storage, login, month, error);

  *out_locked = FALSE;
  if (closes == NULL)
    return FALSE;

  for (guint i = 0; i < closes->len && !*out_locked; i++)
    {
      RingiServerMonthClose *close = g_ptr_array_index (closes, i);

      if (!ringi_server_attendance_is_decided (storage, close->request_id, out_locked, error))
        return FALSE;
    }

  return TRUE;
}
