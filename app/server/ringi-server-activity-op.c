/* ringi-server-activity-op.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ringi-api.h"
#include "ringi-attendance-rules.h"
#include "ringi-server-activity-op.h"
#include "ringi-server-json.h"

/* The `activity` op: one day's first and last activity times from the
 * objective record (docs/activity-record.md), sent by the person's own
 * computer in the background. It is a machine record, not a declaration:
 * it carries no signature (sending it must not ask for the PIN), and the
 * session token says whose computer sent it. The server keeps the widest
 * times it was sent for the day, so that a day sent again as it grows,
 * or twice, is stored once. */

/* Kept, and accepted, as long as punches (労働基準法 109). */
#define RETENTION_YEARS 5

struct _RingiActivityOp
{
  RingiServerStorage *storage;
  char *login;
  char *date;
  gint64 first;
  gint64 last;
};

void
ringi_activity_op_free (RingiActivityOp *self)
{
  if (self == NULL)
    return;

  g_clear_object (&self->storage);
  g_free (self->login);
  g_free (self->date);
  g_free (self);
}

static gboolean
get_time (JsonObject *object,
          const char *member,
          gint64 *out_time,
          RingiOpRefusal **out_refusal)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      *out_refusal = ringi_op_refusal_new ("invalid-request", _("“%s” must be a time in seconds since 1970, a whole number"),
                                           member);
      return FALSE;
    }

  *out_time = json_node_get_int (node);
  return TRUE;
}

static gboolean
read_activity (RingiActivityOp *self,
               JsonObject *op,
               RingiOpRefusal **out_refusal)
{
  g_autoptr(GError) error = NULL;
  JsonObject *activity = ringi_server_json_get_object (op, "activity", &error);
  const char *date = NULL;

  if (activity == NULL || (date = ringi_api_get_string (activity, "date", &error)) == NULL)
    {
      *out_refusal = ringi_op_refusal_new_from_error (error);
      return FALSE;
    }

  self->date = g_strdup (date);
  return get_time (activity, "first", &self->first, out_refusal) &&
         get_time (activity, "last", &self->last, out_refusal);
}

static guint
max_clock_skew (const RingiUser *caller)
{
  RingiAttendanceClass klass = RINGI_ATTENDANCE_CLASS_GENERAL;
  RingiAttendanceRules rules;

  if (caller->employee_class != NULL)
    ringi_attendance_class_from_string (caller->employee_class, &klass);
  ringi_attendance_rules_init (&rules, klass);
  return rules.max_clock_skew;
}

static char *
format_unix (gint64 time)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time);
  g_autoptr(GDateTime) local = utc ? g_date_time_to_timezone (utc, ringi_attendance_get_time_zone ()) : NULL;

  return local ? g_date_time_format (local, "%Y-%m-%d %H:%M:%S") : g_strdup_printf ("%" G_GINT64_FORMAT, time);
}

/* A day as ringi_activity_summarize_days() makes it: its first time on
 * the date, in the attendance time zone; its last no earlier, and at
 * most the end of the next day, since a period begun late in the evening
 * may end after midnight. Neither is in the future beyond the clock skew
 * the rules allow a punch, and the day is not older than what is kept. */
static gboolean
check_day (RingiActivityOp *self,
           const RingiUser *caller,
           gint64 now,
           RingiOpRefusal **out_refusal)
{
  g_autoptr(GDateTime) start = ringi_attendance_parse_day (self->date);
  g_autoptr(GDateTime) next = NULL;
  g_autoptr(GDateTime) now_utc = g_date_time_new_from_unix_utc (now);
  g_autoptr(GDateTime) now_local = NULL;
  g_autoptr(GDateTime) oldest = NULL;
  g_autofree char *first = format_unix (self->first);
  g_autofree char *last = format_unix (self->last);
  gint64 from, until;

  if (start == NULL)
    {
      *out_refusal = ringi_op_refusal_new ("malformed", _("“%s” is not a date: the activity’s date is YYYY-MM-DD"),
                                           self->date);
      return FALSE;
    }

  next = g_date_time_add_days (start, 1);
  from = g_date_time_to_unix (start);
  until = g_date_time_to_unix (next);
  now_local = g_date_time_to_timezone (now_utc, ringi_attendance_get_time_zone ());
  oldest = g_date_time_add_years (now_local, -RETENTION_YEARS);

  if (self->first > self->last)
    *out_refusal = ringi_op_refusal_new ("invalid-request", _("The first activity time (%s) is after the last (%s)"),
                                         first, last);
  else if (self->first < from || self->first >= until)
    *out_refusal = ringi_op_refusal_new ("invalid-request", _("The first activity time (%s) is not on %s"),
                                         first, self->date);
  else if (self->last >= until + (until - from))
    *out_refusal = ringi_op_refusal_new ("invalid-request", _("The last activity time (%s) is too late for a period begun on %s"),
                                         last, self->date);
  else if (self->last > now + (gint64) max_clock_skew (caller))
    *out_refusal = ringi_op_refusal_new ("invalid-request", _("The activity time %s is in the future: check this computer’s clock"),
                                         last);
  else if (g_date_time_compare (next, oldest) <= 0)
    *out_refusal = ringi_op_refusal_new ("invalid-request", _("Activity times of %s are older than the %d years they are kept"),
                                         self->date, RETENTION_YEARS);
  else
    return TRUE;

  return FALSE;
}

/**
 * ringi_activity_op_new:
 * @server: the server
 * @caller: who sent the op: the day is theirs
 * @op: an `activity` op (docs/api.md)
 * @now: the server time
 * @out_refusal: (out): why the op is refused, when it is
 *
 * Returns: (transfer full): the op, ready to apply; %NULL with
 *   @out_refusal set when refused
 */
RingiActivityOp *
ringi_activity_op_new (RingiServer *server,
                       const RingiUser *caller,
                       JsonObject *op,
                       gint64 now,
                       RingiOpRefusal **out_refusal)
{
  g_autoptr(RingiActivityOp) self = g_new0 (RingiActivityOp, 1);

  g_return_val_if_fail (RINGI_IS_SERVER (server), NULL);
  g_return_val_if_fail (caller != NULL && op != NULL, NULL);
  g_return_val_if_fail (out_refusal != NULL && *out_refusal == NULL, NULL);

  self->storage = g_object_ref (ringi_server_get_storage (server));
  self->login = g_strdup (caller->login);
  if (!read_activity (self, op, out_refusal) ||
      !check_day (self, caller, now, out_refusal))
    return NULL;

  return g_steal_pointer (&self);
}

static char *
activity_payload (const RingiServerActivity *day)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  ringi_server_json_add_nullable_string (builder, "login", day->login);
  ringi_server_json_add_nullable_string (builder, "date", day->date);
  json_builder_set_member_name (builder, "first");
  json_builder_add_int_value (builder, day->first);
  json_builder_set_member_name (builder, "last");
  json_builder_add_int_value (builder, day->last);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return ringi_server_json_to_text (root);
}

/**
 * ringi_activity_op_apply:
 * @self: an activity op
 * @now: the server time
 * @error: return location for a #GError
 *
 * Widens the stored day with the op's times inside the caller's
 * transaction and, when that changed it, tells the person, their manager
 * and the auditors with an `activity` change of the day as stored.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_activity_op_apply (RingiActivityOp *self,
                         gint64 now,
                         GError **error)
{
  RingiServerActivity day = { self->login, self->date, self->first, self->last };
  g_autofree char *payload = NULL;
  gboolean changed = FALSE;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!ringi_server_storage_merge_activity (self->storage, &day, now, &changed, error))
    return FALSE;
  if (!changed)
    return TRUE;

  payload = activity_payload (&day);
  return ringi_server_storage_append_owner_change (self->storage, "activity", day.date, day.login, payload, now,
                                                   error) > 0;
}
