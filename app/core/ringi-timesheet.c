/* ringi-timesheet.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-timesheet"

#include "config.h"

#include <string.h>

#include "ringi-punch.h"
#include "ringi-timesheet.h"

/* A month's timesheet from the punches a profile keeps: what `ringi-cli
 * timesheet` prints and the GUI's month view shows. The numbers are the
 * rules' (docs/attendance-rules.md); this file only gathers the punches
 * (corrections applied) and the months the caps need. */

/* The fiscal year (年度) starts in April: the yearly caps count from it. */
#define FISCAL_YEAR_FIRST_MONTH 4
/* The 2–6 month averages of the year's first months reach back before it. */
#define AVERAGE_MONTHS_BEFORE 5
#define SECONDS_PER_DAY       (24 * 60 * 60)

void
ringi_timesheet_free (RingiTimesheet *sheet)
{
  if (sheet == NULL)
    return;

  g_free (sheet->login);
  g_free (sheet->close_request);
  g_clear_pointer (&sheet->days, g_array_unref);
  g_clear_pointer (&sheet->alerts, g_array_unref);
  g_free (sheet);
}

/**
 * ringi_timesheet_parse_month:
 * @text: `YYYY-MM`
 * @out_year: (out): the year
 * @out_month: (out): the month, 1 to 12
 *
 * Returns: %TRUE if @text is a month
 */
gboolean
ringi_timesheet_parse_month (const char *text,
                             int *out_year,
                             int *out_month)
{
  g_return_val_if_fail (text != NULL && out_year != NULL && out_month != NULL, FALSE);

  if (strlen (text) != 7 || text[4] != '-')
    return FALSE;
  for (guint i = 0; i < 7; i++)
    if (i != 4 && !g_ascii_isdigit (text[i]))
      return FALSE;

  *out_year = (int) g_ascii_strtoll (text, NULL, 10);
  *out_month = (int) g_ascii_strtoll (text + 5, NULL, 10);
  return *out_year >= 1970 && *out_month >= 1 && *out_month <= 12;
}

/**
 * ringi_timesheet_rules_for:
 * @store: a profile's store
 * @login: a person of the directory
 * @out_rules: (out caller-allocates): their rules
 *
 * The rules of the person's employee class with the organisation's
 * time-out option, as the directory last said; the defaults where it
 * said nothing.
 */
void
ringi_timesheet_rules_for (RingiStore *store,
                           const char *login,
                           RingiAttendanceRules *out_rules)
{
  g_autoptr(RingiUser) user = NULL;
  g_autofree char *time_out = NULL;
  RingiAttendanceClass klass = RINGI_ATTENDANCE_CLASS_GENERAL;
  RingiTimeOutRule rule;

  g_return_if_fail (RINGI_IS_STORE (store));
  g_return_if_fail (login != NULL && out_rules != NULL);

  user = ringi_store_get_user (store, login, NULL);
  if (user != NULL && user->employee_class != NULL)
    ringi_attendance_class_from_string (user->employee_class, &klass);

  ringi_attendance_rules_init (out_rules, klass);
  time_out = ringi_store_dup_time_out (store, NULL);
  if (time_out != NULL && ringi_attendance_time_out_from_string (time_out, &rule))
    out_rules->time_out = rule;
}

static void
attendance_punch_clear (gpointer data)
{
  RingiAttendancePunch *punch = data;

  g_clear_pointer (&punch->time, g_date_time_unref);
  g_clear_pointer (&punch->received, g_date_time_unref);
}

/* The punches the rules see: each correcting punch (打刻修正) in place of
 * the one it names; the corrected one is kept in the store, not counted.
 * The stores keep the fields the rules need beside each record, which is
 * therefore not read again here. */
static GArray *
to_attendance_punches (GPtrArray *stored,
                       guint *out_unsynced,
                       guint *out_stored_index)
{
  GArray *punches = g_array_new (FALSE, TRUE, sizeof (RingiAttendancePunch));
  g_autoptr(GHashTable) corrected = g_hash_table_new (g_str_hash, g_str_equal);

  g_array_set_clear_func (punches, attendance_punch_clear);
  *out_unsynced = 0;

  for (guint i = 0; i < stored->len; i++)
    {
      RingiStoredPunch *s = g_ptr_array_index (stored, i);

      if (s->corrects != NULL)
        g_hash_table_add (corrected, s->corrects);
    }

  for (guint i = 0; i < stored->len; i++)
    {
      RingiStoredPunch *s = g_ptr_array_index (stored, i);
      RingiAttendancePunch p = { 0 };

      if (g_hash_table_contains (corrected, s->punch))
        continue;

      p.kind = s->kind;
      p.place = s->place;
      p.time = g_date_time_new_from_unix_utc (s->client_time);
      /* The server's word on the skew counts (it does not flag imported
       * punches, nor those an approved correction brings late on
       * purpose): the rules see a receipt time only when it flagged one. */
      p.received = s->skewed && s->server_time > 0 ? g_date_time_new_from_unix_utc (s->server_time) : NULL;
      if (s->receipt == NULL)
        (*out_unsynced)++;
      if (out_stored_index != NULL)
        out_stored_index[punches->len] = i;
      g_array_append_val (punches, p);
    }

  return punches;
}

static void
date_of_unix (gint64 unix_time,
              GDate *out_date)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, ringi_attendance_get_time_zone ());

  g_date_clear (out_date, 1);
  g_date_set_dmy (out_date, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                  g_date_time_get_year (local));
}

/* A punch a correction replaced is not counted in any day: it goes with
 * the punch that replaced it (so that one close lists both), or by its
 * own date when that one is not among @stored. */
static void
assign_corrected (GPtrArray *stored,
                  const gboolean *counted,
                  GDate *dates)
{
  g_autoptr(GHashTable) corrector_of = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < stored->len; i++)
    {
      RingiStoredPunch *s = g_ptr_array_index (stored, i);

      if (s->corrects != NULL)
        g_hash_table_insert (corrector_of, s->corrects, GUINT_TO_POINTER (i + 1));
    }

  for (guint i = 0; i < stored->len; i++)
    {
      guint at = i;

      if (counted[i])
        continue;

      /* A correction may itself be corrected: follow the chain, at most
       * once round the list in case a faulty one loops. */
      for (guint hops = 0; hops < stored->len && !counted[at]; hops++)
        {
          guint next = GPOINTER_TO_UINT (g_hash_table_lookup (corrector_of, ((RingiStoredPunch *) g_ptr_array_index (stored, at))->punch));

          if (next == 0)
            break;
          at = next - 1;
        }

      if (counted[at])
        dates[i] = dates[at];
      else
        date_of_unix (((RingiStoredPunch *) g_ptr_array_index (stored, i))->client_time, &dates[i]);
    }
}

/**
 * ringi_timesheet_days_of_punches:
 * @stored: (element-type RingiStoredPunch): one person's punches, in
 *   client-time order, the whole shifts around those that matter
 *
 * The date of the day each punch counts in, by the rules' own walk
 * (ringi_attendance_assign_days()), corrections applied as for the
 * timesheet; a punch a correction replaced goes with the one that
 * replaced it. Its month is the month that closes and locks it.
 *
 * Returns: (transfer full) (array): one date per punch of @stored
 */
GDate *
ringi_timesheet_days_of_punches (GPtrArray *stored)
{
  g_autofree guint *stored_index = NULL;
  g_autofree gboolean *counted = NULL;
  g_autofree GDate *counted_dates = NULL;
  g_autoptr(GArray) punches = NULL;
  GDate *dates;
  guint unsynced;

  g_return_val_if_fail (stored != NULL, NULL);

  stored_index = g_new0 (guint, stored->len + 1);
  counted = g_new0 (gboolean, stored->len + 1);
  dates = g_new0 (GDate, stored->len + 1);
  punches = to_attendance_punches (stored, &unsynced, stored_index);
  counted_dates = g_new0 (GDate, punches->len + 1);
  ringi_attendance_assign_days ((RingiAttendancePunch *) punches->data, punches->len, counted_dates);
  for (guint i = 0; i < punches->len; i++)
    {
      dates[stored_index[i]] = counted_dates[i];
      counted[stored_index[i]] = TRUE;
    }

  assign_corrected (stored, counted, dates);
  return dates;
}

static gboolean
date_in_month (const GDate *date,
               int year,
               int month)
{
  return g_date_get_year (date) == (GDateYear) year && g_date_get_month (date) == (GDateMonth) month;
}

/**
 * ringi_timesheet_list_month_punches:
 * @source: where the punches come from
 * @user_data: for @source
 * @login: whose punches
 * @year: the year
 * @month: the month, 1 to 12
 * @error: return location for a #GError
 *
 * The punches that belong to the month: those whose day (the date of
 * their shift's clock-in, ringi_attendance_assign_days()) is in it, so
 * that the clock-out of a shift from the month's last evening is the
 * month's and not the next one's. What a monthly close lists and the
 * server compares it with; a corrected punch goes with its correction.
 *
 * Returns: (transfer full) (element-type RingiStoredPunch): the punches
 *   in client-time order, or %NULL with @error set
 */
GPtrArray *
ringi_timesheet_list_month_punches (RingiPunchSource source,
                                    gpointer user_data,
                                    const char *login,
                                    int year,
                                    int month,
                                    GError **error)
{
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) until = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  g_autofree GDate *dates = NULL;

  g_return_val_if_fail (source != NULL && login != NULL, NULL);
  g_return_val_if_fail (month >= 1 && month <= 12, NULL);

  ringi_attendance_month_punch_range (year, month, &from, &until);
  stored = source (user_data, login, g_date_time_to_unix (from), g_date_time_to_unix (until), error);
  if (stored == NULL)
    return NULL;

  dates = ringi_timesheet_days_of_punches (stored);
  /* Backwards, so that the indices of the dates still to look at hold. */
  for (guint i = stored->len; i > 0; i--)
    if (!date_in_month (&dates[i - 1], year, month))
      g_ptr_array_remove_index (stored, i - 1);

  return g_steal_pointer (&stored);
}

static char *
month_of_date (const GDate *date)
{
  return g_strdup_printf ("%04d-%02d", g_date_get_year (date), g_date_get_month (date));
}

static void
add_month (GPtrArray *months,
           char *month)
{
  if (g_ptr_array_find_with_equal_func (months, month, g_str_equal, NULL))
    g_free (month);
  else
    g_ptr_array_add (months, month);
}

/**
 * ringi_timesheet_months_of_punch:
 * @source: where the person's other punches come from
 * @user_data: for @source
 * @punch: a punch, kept by @source or about to be
 * @error: return location for a #GError
 *
 * The months a punch touches, for closing and locking: first the month
 * of its own day among the person's punches around it, exactly as
 * ringi_timesheet_list_month_punches() counts it; then, for a punch not
 * kept yet, the months of the punches it would move to another month —
 * a clock-in at 22:00 on the 31st arriving late takes the 02:00
 * clock-out of the 1st with it, out of the next month. Shifts are taken
 * to last less than a day.
 *
 * Returns: (transfer full): the months, `YYYY-MM`, or %NULL with @error
 *   set
 */
GStrv
ringi_timesheet_months_of_punch (RingiPunchSource source,
                                 gpointer user_data,
                                 const RingiStoredPunch *punch,
                                 GError **error)
{
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  g_autoptr(GPtrArray) months = g_ptr_array_new_with_free_func (g_free);
  g_autofree GDate *before = NULL;
  g_autofree GDate *after = NULL;
  guint at = G_MAXUINT;

  g_return_val_if_fail (source != NULL && punch != NULL, NULL);
  g_return_val_if_fail (punch->punch != NULL && punch->login != NULL, NULL);

  stored = source (user_data, punch->login, punch->client_time - SECONDS_PER_DAY,
                   punch->client_time + SECONDS_PER_DAY + 1, error);
  if (stored == NULL)
    return NULL;

  for (guint i = 0; i < stored->len; i++)
    if (g_str_equal (((RingiStoredPunch *) g_ptr_array_index (stored, i))->punch, punch->punch))
      at = i;

  if (at != G_MAXUINT)
    {
      after = ringi_timesheet_days_of_punches (stored);
      add_month (months, month_of_date (&after[at]));
    }
  else
    {
      /* Not kept yet: it comes after those kept at the same second. */
      for (at = 0; at < stored->len && ((RingiStoredPunch *) g_ptr_array_index (stored, at))->client_time <= punch->client_time; at++)
        ;
      for (guint i = 0; i < stored->len; i++)
        g_ptr_array_add (all, g_ptr_array_index (stored, i));
      g_ptr_array_insert (all, at, (gpointer) punch);

      before = ringi_timesheet_days_of_punches (stored);
      after = ringi_timesheet_days_of_punches (all);
      add_month (months, month_of_date (&after[at]));
      for (guint i = 0; i < stored->len; i++)
        {
          g_autofree char *was = month_of_date (&before[i]);
          g_autofree char *becomes = month_of_date (&after[i < at ? i : i + 1]);

          if (!g_str_equal (was, becomes))
            {
              add_month (months, g_steal_pointer (&was));
              add_month (months, g_steal_pointer (&becomes));
            }
        }
    }

  g_ptr_array_add (months, NULL);
  return (GStrv) g_ptr_array_steal (months, NULL);
}

static void
day_clear (gpointer data)
{
  RingiAttendanceDay *day = data;

  g_clear_pointer (&day->start, g_date_time_unref);
  g_clear_pointer (&day->end, g_date_time_unref);
}

/* The month's own days, without the week before it nor the next
 * month's first day, moved out of @days. */
static GArray *
days_of_month (GArray *days,
               int year,
               int month)
{
  GArray *mine = g_array_new (FALSE, TRUE, sizeof (RingiAttendanceDay));

  g_array_set_clear_func (mine, day_clear);
  for (guint i = 0; i < days->len; i++)
    {
      RingiAttendanceDay *day = &g_array_index (days, RingiAttendanceDay, i);

      if (date_in_month (&day->date, year, month))
        {
          g_array_append_val (mine, *day);
          /* moved: the copy owns them now */
          day->start = NULL;
          day->end = NULL;
        }
    }

  return mine;
}

/* The punches counted whose client time is within the month's range
 * (ringi_attendance_month_punch_range()), and how many of them the server
 * has not received. */
static void
count_month_punches (GPtrArray *stored,
                     GArray *punches,
                     const guint *stored_index,
                     int year,
                     int month,
                     RingiTimesheet *sheet)
{
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) until = NULL;

  ringi_attendance_month_punch_range (year, month, &from, &until);
  for (guint i = 0; i < punches->len; i++)
    {
      RingiStoredPunch *s = g_ptr_array_index (stored, stored_index[i]);

      if (s->client_time < g_date_time_to_unix (from) || s->client_time >= g_date_time_to_unix (until))
        continue;
      sheet->n_punches++;
      if (s->receipt == NULL)
        sheet->n_unsynced++;
    }
}

static void
month_before (int *year,
              int *month)
{
  if (--(*month) == 0)
    {
      *month = 12;
      (*year)--;
    }
}

/* The months the caps of @month need, oldest first, and the index of
 * the fiscal year's first one. */
static guint
months_for_caps (int year,
                 int month,
                 int *out_first_year,
                 int *out_first_month,
                 guint *out_year_start)
{
  guint n_in_year = (guint) ((month - FISCAL_YEAR_FIRST_MONTH + 12) % 12) + 1;
  guint n = n_in_year + AVERAGE_MONTHS_BEFORE;

  *out_first_year = year;
  *out_first_month = month;
  for (guint i = 1; i < n; i++)
    month_before (out_first_year, out_first_month);
  *out_year_start = AVERAGE_MONTHS_BEFORE;
  return n;
}

/* Keeps the alerts of the sheet's own month. */
static GArray *
alerts_of_month (GArray *alerts,
                 int year,
                 int month)
{
  GArray *mine = g_array_new (FALSE, FALSE, sizeof (RingiAttendanceAlert));

  for (guint i = 0; i < alerts->len; i++)
    {
      RingiAttendanceAlert *alert = &g_array_index (alerts, RingiAttendanceAlert, i);

      if (alert->year == year && alert->month == month)
        g_array_append_val (mine, *alert);
    }

  return mine;
}

/**
 * ringi_timesheet_compute_from:
 * @source: where the punches come from
 * @user_data: for @source
 * @login: whose month
 * @rules: the person's rules
 * @year: the year
 * @month: the month, 1 to 12
 * @error: return location for a #GError
 *
 * Computes the month from the punches @source lists, and checks the caps
 * over the fiscal year so far (from April, and the five months before
 * for the averages). The same numbers wherever the punches are kept.
 *
 * Returns: (transfer full): the timesheet, or %NULL with @error set
 */
RingiTimesheet *
ringi_timesheet_compute_from (RingiPunchSource source,
                              gpointer user_data,
                              const char *login,
                              const RingiAttendanceRules *rules,
                              int year,
                              int month,
                              GError **error)
{
  g_autoptr(RingiTimesheet) sheet = g_new0 (RingiTimesheet, 1);
  g_autofree RingiAttendanceMonth *months = NULL;
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) until = NULL;
  g_autoptr(GDateTime) unused_from = NULL;
  g_autoptr(GDateTime) unused_until = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GArray) punches = NULL;
  g_autoptr(GArray) days = NULL;
  g_autoptr(GArray) alerts = NULL;
  g_autofree guint *stored_index = NULL;
  int y, m;
  guint year_start, unsynced;
  guint n;

  g_return_val_if_fail (source != NULL && login != NULL && rules != NULL, NULL);
  g_return_val_if_fail (month >= 1 && month <= 12, NULL);

  sheet->login = g_strdup (login);
  sheet->year = year;
  sheet->month = month;
  sheet->rules = *rules;

  /* The punches of every month the caps need, read once and walked once:
   * each month's days are the same as from its own range alone, since a
   * shift and a week begin within the span. */
  n = months_for_caps (year, month, &y, &m, &year_start);
  ringi_attendance_month_punch_range (y, m, &from, &unused_until);
  ringi_attendance_month_punch_range (year, month, &unused_from, &until);
  stored = source (user_data, login, g_date_time_to_unix (from), g_date_time_to_unix (until), error);
  if (stored == NULL)
    return NULL;

  stored_index = g_new0 (guint, stored->len + 1);
  punches = to_attendance_punches (stored, &unsynced, stored_index);
  days = ringi_attendance_compute_days (&sheet->rules, (RingiAttendancePunch *) punches->data, punches->len);

  months = g_new0 (RingiAttendanceMonth, n);
  for (guint i = 0; i < n; i++)
    {
      ringi_attendance_summarize_month (days, y, m, &months[i]);
      m = m % 12 + 1;
      y += m == 1 ? 1 : 0;
    }

  sheet->days = days_of_month (days, year, month);
  count_month_punches (stored, punches, stored_index, year, month, sheet);
  sheet->summary = months[n - 1];
  alerts = ringi_attendance_check_caps (&sheet->rules.caps, months, n, year_start);
  sheet->alerts = alerts_of_month (alerts, year, month);
  return g_steal_pointer (&sheet);
}

static GPtrArray *
list_from_store (gpointer user_data,
                 const char *login,
                 gint64 from,
                 gint64 until,
                 GError **error)
{
  return ringi_store_list_punches (user_data, login, from, until, error);
}

/**
 * ringi_timesheet_compute:
 * @store: a profile's store
 * @login: whose month: the profile's person, or someone whose punches the
 *   server shows this profile (a manager's team)
 * @year: the year
 * @month: the month, 1 to 12
 * @error: return location for a #GError
 *
 * Computes the month from the punches kept here, with the rules the
 * directory gives @login. Reads the store: call it from a worker thread
 * in a window.
 *
 * Returns: (transfer full): the timesheet, or %NULL with @error set
 */
RingiTimesheet *
ringi_timesheet_compute (RingiStore *store,
                         const char *login,
                         int year,
                         int month,
                         GError **error)
{
  g_autoptr(RingiTimesheet) sheet = NULL;
  g_autoptr(GPtrArray) closes = NULL;
  g_autofree char *month_text = NULL;
  RingiAttendanceRules rules;

  g_return_val_if_fail (RINGI_IS_STORE (store), NULL);
  g_return_val_if_fail (login != NULL, NULL);

  ringi_timesheet_rules_for (store, login, &rules);
  sheet = ringi_timesheet_compute_from (list_from_store, store, login, &rules, year, month, error);
  if (sheet == NULL)
    return NULL;

  month_text = g_strdup_printf ("%04d-%02d", year, month);
  closes = ringi_store_list_month_closes (store, login, month_text, error);
  if (closes == NULL)
    return NULL;
  if (closes->len > 0)
    sheet->close_request = g_strdup (((RingiStoredMonthClose *) g_ptr_array_index (closes, closes->len - 1))->request_id);

  return g_steal_pointer (&sheet);
}

void
ringi_work_status_clear (RingiWorkStatus *status)
{
  g_clear_pointer (&status->since, g_date_time_unref);
}

static RingiWorkState
state_after (RingiPunchKind kind)
{
  switch (kind)
    {
    case RINGI_PUNCH_CLOCK_IN:
    case RINGI_PUNCH_BREAK_END:
    case RINGI_PUNCH_IN:
      return RINGI_WORK_STATE_WORKING;
    case RINGI_PUNCH_BREAK_START:
      return RINGI_WORK_STATE_BREAK;
    case RINGI_PUNCH_OUT:
      return RINGI_WORK_STATE_TIME_OUT;
    case RINGI_PUNCH_CLOCK_OUT:
    default:
      return RINGI_WORK_STATE_OFF;
    }
}

/**
 * ringi_timesheet_get_work_status:
 * @store: a profile's store
 * @login: the person: the profile's, or one of a manager's team
 * @now: the time to look from
 * @out_status: (out caller-allocates): the state; clear it with
 *   ringi_work_status_clear()
 * @error: return location for a #GError
 *
 * Where the person's day stands at @now, from their last punch in the day
 * before it (shifts are taken to last less than a day), corrections
 * applied: what the clock button of "My day" offers next, and what a
 * manager's board shows.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_timesheet_get_work_status (RingiStore *store,
                                 const char *login,
                                 GDateTime *now,
                                 RingiWorkStatus *out_status,
                                 GError **error)
{
  gint64 until = g_date_time_to_unix (now) + 1;
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GArray) punches = NULL;
  guint unsynced;

  g_return_val_if_fail (RINGI_IS_STORE (store), FALSE);
  g_return_val_if_fail (login != NULL && now != NULL && out_status != NULL, FALSE);

  *out_status = (RingiWorkStatus){ RINGI_WORK_STATE_OFF, RINGI_PUNCH_PLACE_OFFICE, NULL };
  stored = ringi_store_list_punches (store, login, until - 24 * 60 * 60, until, error);
  if (stored == NULL)
    return FALSE;

  punches = to_attendance_punches (stored, &unsynced, NULL);
  if (punches->len > 0)
    {
      RingiAttendancePunch *last = &g_array_index (punches, RingiAttendancePunch, punches->len - 1);

      /* Listed by client time; a correction may sit earlier than what it
       * replaced, so the latest is looked for. */
      for (guint i = 0; i < punches->len; i++)
        {
          RingiAttendancePunch *p = &g_array_index (punches, RingiAttendancePunch, i);

          if (g_date_time_compare (p->time, last->time) > 0)
            last = p;
        }

      out_status->state = state_after (last->kind);
      out_status->place = last->place;
      out_status->since = g_date_time_to_timezone (last->time, ringi_attendance_get_time_zone ());
    }

  return TRUE;
}

static guint
minutes_between (gint64 a,
                 gint64 b)
{
  return (guint) ((a > b ? a - b : b - a) / 60);
}

/**
 * ringi_timesheet_activity_gap:
 * @day: (nullable): a day of a timesheet
 * @activity: (nullable): the first and last activity times of its date
 * @out_minutes: (out): the gap (乖離): minutes between the clock-in and the
 *   first activity, plus those between the clock-out and the last one
 *   when both are known
 *
 * The one comparison of punches with the objective record, for My month
 * and for a manager's view of a team member alike.
 *
 * Returns: %TRUE when there is something to compare: a clocked-in day
 *   with activity; @out_minutes is 0 otherwise
 */
gboolean
ringi_timesheet_activity_gap (const RingiAttendanceDay *day,
                              const RingiActivityDay *activity,
                              guint *out_minutes)
{
  g_return_val_if_fail (out_minutes != NULL, FALSE);

  *out_minutes = 0;
  if (day == NULL || !day->clocked_in || day->start == NULL || activity == NULL || activity->first == 0)
    return FALSE;

  *out_minutes = minutes_between (g_date_time_to_unix (day->start), activity->first);
  if (day->end != NULL && activity->last > activity->first)
    *out_minutes += minutes_between (g_date_time_to_unix (day->end), activity->last);
  return TRUE;
}
