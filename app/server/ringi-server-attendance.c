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
#include "ringi-timesheet.h"
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

static GPtrArray *
list_from_storage (gpointer user_data,
                   const char *login,
                   gint64 from,
                   gint64 until,
                   GError **error)
{
  return ringi_server_storage_list_punch_fields (user_data, login, from, until, error);
}

/**
 * ringi_server_attendance_compute_timesheet:
 * @storage: the server's storage
 * @login: whose month
 * @rules: the rules of the person's class and the organisation
 * @year: the year
 * @month: the month, 1 to 12
 * @error: return location for a #GError
 *
 * The month's timesheet from the punches the server holds, as the
 * report and the clients compute it (ringi_timesheet_compute_from()).
 *
 * Returns: (transfer full): the timesheet, or %NULL with @error set
 */
RingiTimesheet *
ringi_server_attendance_compute_timesheet (RingiServerStorage *storage,
                                           const char *login,
                                           const RingiAttendanceRules *rules,
                                           int year,
                                           int month,
                                           GError **error)
{
  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (storage), NULL);

  return ringi_timesheet_compute_from (list_from_storage, storage, login, rules, year, month, error);
}

/**
 * ringi_server_attendance_find_locked_month:
 * @storage: the server's storage
 * @punch: a punch about to be stored
 * @out_month: (out) (transfer full) (nullable): a locked month the punch
 *   would change, or %NULL when it changes none
 * @error: return location for a #GError
 *
 * Whether storing @punch would change a locked month: its own month (that
 * of its shift's day among the person's stored punches, as the client
 * that closes the month counts it, so that the clock-out at 02:00 on the
 * 1st of a shift begun the evening before is the month before's), or the
 * month of a stored punch it would move to another day
 * (ringi_timesheet_months_of_punch()).
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_server_attendance_find_locked_month (RingiServerStorage *storage,
                                           const RingiStoredPunch *punch,
                                           char **out_month,
                                           GError **error)
{
  g_auto(GStrv) months = NULL;

  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (storage), FALSE);
  g_return_val_if_fail (punch != NULL, FALSE);
  g_return_val_if_fail (out_month != NULL, FALSE);

  *out_month = NULL;
  months = ringi_timesheet_months_of_punch (list_from_storage, storage, punch, error);
  if (months == NULL)
    return FALSE;

  for (guint i = 0; months[i] != NULL; i++)
    {
      gboolean locked = FALSE;

      if (!ringi_server_attendance_is_locked (storage, punch->login, months[i], &locked, error))
        return FALSE;
      if (locked)
        {
          *out_month = g_strdup (months[i]);
          return TRUE;
        }
    }

  return TRUE;
}

/**
 * ringi_server_attendance_list_month_punches:
 * @storage: the server's storage
 * @login: whose punches
 * @month: `YYYY-MM`, valid
 * @error: return location for a #GError
 *
 * The stored punches that belong to the month, as a close of it must
 * list them (ringi_timesheet_list_month_punches()).
 *
 * Returns: (transfer full) (element-type RingiStoredPunch): the punches,
 *   or %NULL with @error set
 */
GPtrArray *
ringi_server_attendance_list_month_punches (RingiServerStorage *storage,
                                            const char *login,
                                            const char *month,
                                            GError **error)
{
  int year, number;

  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (storage), NULL);
  g_return_val_if_fail (login != NULL && month != NULL, NULL);

  if (!ringi_timesheet_parse_month (month, &year, &number))
    g_return_val_if_reached (NULL);

  return ringi_timesheet_list_month_punches (list_from_storage, storage, login, year, number, error);
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
      RingiStoredMonthClose *close = g_ptr_array_index (closes, i);

      if (!ringi_server_attendance_is_decided (storage, close->request_id, out_locked, error))
        return FALSE;
    }

  return TRUE;
}

/* Whether @month of @login is locked, asked once per month */
static gboolean
month_is_locked (RingiServerStorage *storage,
                 const char *login,
                 const char *month,
                 GHashTable *known,
                 gboolean *out_locked,
                 GError **error)
{
  gpointer value;

  if (g_hash_table_lookup_extended (known, month, NULL, &value))
    {
      *out_locked = GPOINTER_TO_INT (value);
      return TRUE;
    }

  if (!ringi_server_attendance_is_locked (storage, login, month, out_locked, error))
    return FALSE;
  g_hash_table_insert (known, g_strdup (month), GINT_TO_POINTER (*out_locked));
  return TRUE;
}

static gboolean
add_unlocked_closes (RingiServerStorage *storage,
                     const char *login,
                     const char *month,
                     GHashTable *known,
                     GHashTable *subjects,
                     GError **error)
{
  g_autoptr(GPtrArray) closes = NULL;
  gboolean locked = FALSE;

  if (!month_is_locked (storage, login, month, known, &locked, error))
    return FALSE;
  if (locked)
    return TRUE;

  closes = ringi_server_storage_list_month_closes (storage, login, month, error);
  if (closes == NULL)
    return FALSE;
  for (guint i = 0; i < closes->len; i++)
    g_hash_table_add (subjects, g_strdup (((RingiStoredMonthClose *) g_ptr_array_index (closes, i))->sha256));
  return TRUE;
}

static char *
month_text (int year,
            int month)
{
  return g_strdup_printf ("%04d-%02d", year, month);
}

/* The subjects of the person's punch and month-close changes of every
 * month not locked: the months of their punches (each by its shift's
 * day), and this month and the one before, which may be closed without
 * a punch. */
static GHashTable *
unlocked_subjects (RingiServerStorage *storage,
                   const char *login,
                   gint64 now,
                   GError **error)
{
  g_autoptr(GHashTable) subjects = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) punches = ringi_server_storage_list_punches (storage, login, G_MININT64, G_MAXINT64, error);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (now);
  g_autoptr(GDateTime) today = g_date_time_to_timezone (utc, ringi_attendance_get_time_zone ());
  g_autoptr(GDateTime) last_month = g_date_time_add_months (today, -1);
  g_autoptr(GPtrArray) months = g_ptr_array_new_with_free_func (g_free);
  g_autofree GDate *days = NULL;
  GHashTableIter iter;
  gpointer key;

  if (punches == NULL)
    return NULL;

  days = ringi_timesheet_days_of_punches (punches);
  for (guint i = 0; i < punches->len; i++)
    {
      g_autofree char *month = month_text (g_date_get_year (&days[i]), g_date_get_month (&days[i]));
      gboolean locked = FALSE;

      if (!month_is_locked (storage, login, month, known, &locked, error))
        return NULL;
      if (!locked)
        g_hash_table_add (subjects, g_strdup (((RingiStoredPunch *) g_ptr_array_index (punches, i))->punch));
    }

  g_ptr_array_add (months, g_date_time_format (last_month, "%Y-%m"));
  g_ptr_array_add (months, g_date_time_format (today, "%Y-%m"));
  g_hash_table_iter_init (&iter, known);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (months, g_strdup (key));
  for (guint i = 0; i < months->len; i++)
    if (!add_unlocked_closes (storage, login, g_ptr_array_index (months, i), known, subjects, error))
      return NULL;

  return g_steal_pointer (&subjects);
}

/**
 * ringi_server_attendance_set_manager:
 * @storage: the server's storage
 * @login: a person
 * @manager: (nullable): their new manager, or %NULL for none
 * @now: the server time
 * @out_shared: (out): how many earlier changes the new manager was given
 * @error: return location for a #GError
 *
 * Changes a person's manager (異動), in one transaction with what the new
 * manager must see: a punch or month-close change goes to the manager of
 * the moment, so the new one gets copies of the person's punches and
 * closes of every month not locked (whose close is not approved), for
 * them alone (docs/api.md), to approve this month's 勤務月報. Locked
 * months are not shared; the old manager keeps what they had.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_server_attendance_set_manager (RingiServerStorage *storage,
                                     const char *login,
                                     const char *manager,
                                     gint64 now,
                                     guint *out_shared,
                                     GError **error)
{
  g_autoptr(GHashTable) subjects = NULL;

  g_return_val_if_fail (RINGI_IS_SERVER_STORAGE (storage), FALSE);
  g_return_val_if_fail (login != NULL && out_shared != NULL, FALSE);

  *out_shared = 0;
  if (!ringi_server_storage_begin (storage, error))
    return FALSE;

  if (!ringi_server_storage_set_manager (storage, login, manager, now, error) ||
      (manager != NULL && (subjects = unlocked_subjects (storage, login, now, error)) == NULL) ||
      (manager != NULL && !ringi_server_storage_share_changes (storage, login, manager, subjects, out_shared, error)) ||
      !ringi_server_storage_commit (storage, error))
    {
      ringi_server_storage_rollback (storage);
      *out_shared = 0;
      return FALSE;
    }

  return TRUE;
}
