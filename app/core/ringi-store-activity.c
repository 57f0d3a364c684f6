/* ringi-store-activity.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-store"

#include "config.h"

#include "ringi-attendance-rules.h"
#include "ringi-db.h"
#include "ringi-store.h"

/* The objective record's activity periods, in the profile's own store
 * only: they never leave this computer except each day's first and last
 * times, which the server shows the person's manager (activity_days
 * holds those the server sent, a team's). */

void
ringi_activity_period_free (RingiActivityPeriod *period)
{
  if (period == NULL)
    return;

  g_free (period->since_event);
  g_free (period->until_event);
  g_free (period);
}

/**
 * ringi_store_begin_activity:
 * @self: a profile's #RingiStore
 * @at: when the computer came into use, seconds since the Unix epoch
 * @event: what showed it: `session-start`, `unlock` or `wake`
 * @error: return location for a #GError
 *
 * Opens an activity period, unless one is open already (an unlock seen
 * twice is one period). A period left open by an app that was killed
 * has an unknown end: it is closed as `not-recorded` at its own start
 * rather than stretched over the time nothing was watched.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_store_begin_activity (RingiStore *self,
                            gint64 at,
                            const char *event,
                            GError **error)
{
  RingiDb *db;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RINGI_IS_STORE (self), FALSE);
  g_return_val_if_fail (event != NULL, FALSE);

  db = ringi_store_get_db (self);
  if (g_str_equal (event, "session-start"))
    {
      stmt = ringi_db_prepare (db, "UPDATE activity SET until = since, until_event = 'not-recorded' WHERE until IS NULL",
                               error);
      if (stmt == NULL || !ringi_db_step_done (db, stmt, error))
        return FALSE;
    }

  stmt = ringi_db_prepare (db,
                           "INSERT INTO activity (since, since_event)"
                           " SELECT ?1, ?2 WHERE NOT EXISTS (SELECT 1 FROM activity WHERE until IS NULL)",
                           error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, at);
  ringi_db_bind_text (stmt, 2, event);
  return ringi_db_step_done (db, stmt, error);
}

/**
 * ringi_store_end_activity:
 * @self: a profile's #RingiStore
 * @at: when the computer went out of use, seconds since the Unix epoch
 * @event: what showed it: `lock`, `sleep` or `session-end`
 * @error: return location for a #GError
 *
 * Closes the open activity period, if any.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_store_end_activity (RingiStore *self,
                          gint64 at,
                          const char *event,
                          GError **error)
{
  RingiDb *db;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RINGI_IS_STORE (self), FALSE);
  g_return_val_if_fail (event != NULL, FALSE);

  db = ringi_store_get_db (self);
  stmt = ringi_db_prepare (db, "UPDATE activity SET until = max (?1, since), until_event = ?2 WHERE until IS NULL",
                           error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, at);
  ringi_db_bind_text (stmt, 2, event);
  return ringi_db_step_done (db, stmt, error);
}

static RingiActivityPeriod *
period_from_row (sqlite3_stmt *stmt)
{
  RingiActivityPeriod *period = g_new0 (RingiActivityPeriod, 1);

  period->since = sqlite3_column_int64 (stmt, 0);
  period->since_event = ringi_db_column_dup_text (stmt, 1);
  period->until = sqlite3_column_int64 (stmt, 2);
  period->until_event = ringi_db_column_dup_text (stmt, 3);
  return period;
}

/**
 * ringi_store_list_activity:
 * @self: a profile's #RingiStore
 * @from: the first start time listed, seconds since the Unix epoch
 * @until: the first start time no longer listed
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type RingiActivityPeriod): the
 *   periods that started in the range, oldest first, or %NULL with @error
 *   set
 */
GPtrArray *
ringi_store_list_activity (RingiStore *self,
                           gint64 from,
                           gint64 until,
                           GError **error)
{
  sqlite3_stmt *stmt;
  RingiDb *db;

  g_return_val_if_fail (RINGI_IS_STORE (self), NULL);

  db = ringi_store_get_db (self);
  stmt = ringi_db_prepare (db,
                           "SELECT since, since_event, until, until_event FROM activity"
                           " WHERE since >= ?1 AND since < ?2 ORDER BY since, id",
                           error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, until);
  return ringi_db_collect_rows (db, stmt, (RingiDbRowFunc) period_from_row,
                                (GDestroyNotify) ringi_activity_period_free, error);
}

/**
 * ringi_activity_summarize_days:
 * @periods: (element-type RingiActivityPeriod): periods, oldest first
 *
 * Each day's first and last activity times: what the timesheet compares
 * with the punches (乖離), and the only part of the record meant to
 * leave this computer. A period belongs to the day it started on, in the
 * attendance time zone; one still open counts up to its start.
 *
 * Returns: (transfer full) (element-type RingiActivityDay): the days with
 *   activity, in date order
 */
GArray *
ringi_activity_summarize_days (GPtrArray *periods)
{
  GArray *days = g_array_new (FALSE, TRUE, sizeof (RingiActivityDay));
  GTimeZone *zone = ringi_attendance_get_time_zone ();

  g_return_val_if_fail (periods != NULL, days);

  for (guint i = 0; i < periods->len; i++)
    {
      RingiActivityPeriod *period = g_ptr_array_index (periods, i);
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (period->since);
      g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, zone);
      RingiActivityDay *last = days->len > 0 ? &g_array_index (days, RingiActivityDay, days->len - 1) : NULL;
      GDate date;

      g_date_clear (&date, 1);
      g_date_set_dmy (&date, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                      g_date_time_get_year (local));
      if (last == NULL || g_date_compare (&last->date, &date) != 0)
        {
          RingiActivityDay day = { .date = date, .first = period->since, .last = period->since };

          g_array_append_val (days, day);
          last = &g_array_index (days, RingiActivityDay, days->len - 1);
        }
      last->first = MIN (last->first, period->since);
      last->last = MAX (last->last, MAX (period->since, period->until));
    }
  return days;
}

/**
 * ringi_activity_days_find:
 * @days: (element-type RingiActivityDay): days in date order
 * @date: a date
 *
 * Returns: (nullable) (transfer none): the day of @date, or %NULL
 */
const RingiActivityDay *
ringi_activity_days_find (GArray *days,
                          const GDate *date)
{
  g_return_val_if_fail (days != NULL && date != NULL, NULL);

  for (guint i = 0; i < days->len; i++)
    {
      const RingiActivityDay *day = &g_array_index (days, RingiActivityDay, i);

      if (g_date_compare (&day->date, date) == 0)
        return day;
    }
  return NULL;
}

static void
format_date (const GDate *date,
             char out[11])
{
  g_snprintf (out, 11, "%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date), g_date_get_day (date));
}

/**
 * ringi_activity_day_format_date:
 * @day: a day
 *
 * Returns: (transfer full): its date as `YYYY-MM-DD`, as the server names it
 */
char *
ringi_activity_day_format_date (const RingiActivityDay *day)
{
  char text[11];

  g_return_val_if_fail (day != NULL, NULL);

  format_date (&day->date, text);
  return g_strdup (text);
}

/**
 * ringi_store_put_activity_day:
 * @self: a profile's #RingiStore
 * @login: whose day
 * @date: the day, `YYYY-MM-DD`
 * @first: its first activity time, seconds since the Unix epoch
 * @last: its last activity time
 * @error: return location for a #GError
 *
 * Keeps a day of someone's objective record as the server holds it (an
 * `activity` change), replacing what an earlier change said.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_store_put_activity_day (RingiStore *self,
                              const char *login,
                              const char *date,
                              gint64 first,
                              gint64 last,
                              GError **error)
{
  RingiDb *db;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RINGI_IS_STORE (self), FALSE);
  g_return_val_if_fail (login != NULL && date != NULL, FALSE);

  db = ringi_store_get_db (self);
  stmt = ringi_db_prepare (db,
                           "INSERT INTO activity_days (login, date, first, last) VALUES (?1, ?2, ?3, ?4)"
                           " ON CONFLICT (login, date) DO UPDATE SET first = ?3, last = ?4",
                           error);
  if (stmt == NULL)
    return FALSE;

  ringi_db_bind_text (stmt, 1, login);
  ringi_db_bind_text (stmt, 2, date);
  sqlite3_bind_int64 (stmt, 3, first);
  sqlite3_bind_int64 (stmt, 4, last);
  return ringi_db_step_done (db, stmt, error);
}

/**
 * ringi_store_list_activity_days:
 * @self: a profile's #RingiStore
 * @login: whose days
 * @from: the first date listed
 * @until: the first date no longer listed
 * @error: return location for a #GError
 *
 * The first and last activity times the server sent for @login: a team
 * member's, for their manager. The person's own full record is
 * ringi_store_list_activity().
 *
 * Returns: (transfer full) (element-type RingiActivityDay): the days in
 *   date order, or %NULL with @error set
 */
GArray *
ringi_store_list_activity_days (RingiStore *self,
                                const char *login,
                                const GDate *from,
                                const GDate *until,
                                GError **error)
{
  g_autoptr(GArray) days = g_array_new (FALSE, TRUE, sizeof (RingiActivityDay));
  g_autoptr(GError) local_error = NULL;
  char from_text[11], until_text[11];
  sqlite3_stmt *stmt;
  RingiDb *db;

  g_return_val_if_fail (RINGI_IS_STORE (self), NULL);
  g_return_val_if_fail (login != NULL && from != NULL && until != NULL, NULL);

  db = ringi_store_get_db (self);
  stmt = ringi_db_prepare (db,
                           "SELECT date, first, last FROM activity_days"
                           " WHERE login = ?1 AND date >= ?2 AND date < ?3 ORDER BY date",
                           error);
  if (stmt == NULL)
    return NULL;

  format_date (from, from_text);
  format_date (until, until_text);
  ringi_db_bind_text (stmt, 1, login);
  ringi_db_bind_text (stmt, 2, from_text);
  ringi_db_bind_text (stmt, 3, until_text);
  while (ringi_db_step_row (db, stmt, &local_error))
    {
      RingiActivityDay day = { .first = sqlite3_column_int64 (stmt, 1), .last = sqlite3_column_int64 (stmt, 2) };

      const char *date = (const char *) sqlite3_column_text (stmt, 0);
      GDateYear year = (GDateYear) g_ascii_strtoll (date, NULL, 10);
      GDateMonth month = (GDateMonth) g_ascii_strtoll (date + 5, NULL, 10);
      GDateDay day_of_month = (GDateDay) g_ascii_strtoll (date + 8, NULL, 10);

      /* Only a valid date comes from the server (docs/api.md). */
      if (!g_date_valid_dmy (day_of_month, month, year))
        continue;
      g_date_clear (&day.date, 1);
      g_date_set_dmy (&day.date, day_of_month, month, year);
      g_array_append_val (days, day);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&days);
}
