/* ringi-attendance-day.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-attendance"

#include "config.h"

#include "ringi-attendance-rules.h"

/* From punches to days (docs/attendance-rules.md). All arithmetic is in
 * whole minutes of Asia/Tokyo local time: each punch is cut to its
 * minute first, so that a day's minutes add up exactly and every
 * program that shows them agrees to the minute. */

#define MINUTES_PER_DAY 1440
/* 深夜: 22:00 to 05:00, as offsets from the midnight inside it */
#define LATE_NIGHT_BEFORE 120
#define LATE_NIGHT_AFTER  300

typedef enum
{
  STATE_OFF,
  STATE_WORK,
  STATE_BREAK,
  STATE_OUT,
} State;

typedef struct
{
  const RingiAttendancePunch *punch;
  gint64 unix_time;
  gint64 minute; /* local minutes since 1970-01-01 00:00 */
  guint order;
} Entry;

/* The walk through one person's punches, and the shift it is in */
typedef struct
{
  const RingiAttendanceRules *rules;
  GArray *days;

  State state;
  guint day;
  gint64 clock_in;
  gint64 last;
  gboolean had_break;
  guint work;
  guint late_night;
} Walk;

static gint64
floor_div (gint64 a,
           gint64 b)
{
  gint64 q = a / b;

  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static gint64
local_minute (GTimeZone *zone,
              gint64 unix_time)
{
  int interval = g_time_zone_find_interval (zone, G_TIME_TYPE_UNIVERSAL, unix_time);
  gint32 offset = g_time_zone_get_offset (zone, interval);

  return floor_div (unix_time + offset, 60);
}

static void
date_of_minute (gint64 minute,
                GDate *out_date)
{
  GDate epoch;

  g_date_clear (&epoch, 1);
  g_date_set_dmy (&epoch, 1, G_DATE_JANUARY, 1970);
  g_date_clear (out_date, 1);
  g_date_set_julian (out_date, g_date_get_julian (&epoch) + floor_div (minute, MINUTES_PER_DAY));
}

/* Minutes of [from, to) inside 22:00–05:00 of any night */
static guint
late_night_overlap (gint64 from,
                    gint64 to)
{
  guint total = 0;

  for (gint64 midnight = floor_div (from, MINUTES_PER_DAY) * MINUTES_PER_DAY;
       midnight - LATE_NIGHT_BEFORE < to;
       midnight += MINUTES_PER_DAY)
    {
      gint64 start = MAX (from, midnight - LATE_NIGHT_BEFORE);
      gint64 end = MIN (to, midnight + LATE_NIGHT_AFTER);

      if (end > start)
        total += end - start;
    }

  return total;
}

static void
day_clear (gpointer data)
{
  RingiAttendanceDay *day = data;

  g_clear_pointer (&day->start, g_date_time_unref);
  g_clear_pointer (&day->end, g_date_time_unref);
}

static RingiAttendanceDay *
day_at (Walk *walk,
        guint index)
{
  return &g_array_index (walk->days, RingiAttendanceDay, index);
}

/* The punches come in time order, so a new day is never before the last
 * one: only the last day needs looking at. */
static guint
day_for_minute (Walk *walk,
                gint64 minute)
{
  RingiAttendanceDay day = { 0 };

  date_of_minute (minute, &day.date);

  if (walk->days->len > 0 && g_date_compare (&day_at (walk, walk->days->len - 1)->date, &day.date) == 0)
    return walk->days->len - 1;

  day.day_off = ringi_attendance_rules_is_day_off (walk->rules, &day.date, &day.holiday_name);
  g_array_append_val (walk->days, day);
  return walk->days->len - 1;
}

static void
flag (Walk *walk,
      guint day,
      RingiAttendanceFlags flags)
{
  day_at (walk, day)->flags |= flags;
}

static void
count_work (Walk *walk,
            gint64 from,
            gint64 to)
{
  RingiAttendanceDay *day = day_at (walk, walk->day);
  guint late_night = late_night_overlap (from, to);

  day->work_min += to - from;
  day->late_night_min += late_night;
  walk->work += to - from;
  walk->late_night += late_night;
}

/* Counts the time since the shift's previous punch as its state says. */
static void
count_until (Walk *walk,
             gint64 minute)
{
  RingiAttendanceDay *day = day_at (walk, walk->day);

  switch (walk->state)
    {
    case STATE_WORK:
      count_work (walk, walk->last, minute);
      break;

    case STATE_BREAK:
      day->break_min += minute - walk->last;
      break;

    case STATE_OUT:
      day->time_out_min += minute - walk->last;
      if (walk->rules->time_out == RINGI_TIME_OUT_WORK)
        count_work (walk, walk->last, minute);
      break;

    case STATE_OFF:
    default:
      g_assert_not_reached ();
    }

  walk->last = minute;
}

/* A long shift without a punched break has the default break deducted,
 * from its daytime minutes first: the break is presumed to be taken
 * during the day, not at night. */
static void
deduct_auto_break (Walk *walk,
                   gint64 clock_out)
{
  RingiAttendanceDay *day = day_at (walk, walk->day);
  guint deducted, from_day, from_night;

  if (walk->had_break || walk->rules->auto_break == 0 ||
      clock_out - walk->clock_in <= walk->rules->auto_break_after)
    return;

  deducted = MIN (walk->rules->auto_break, walk->work);
  from_day = MIN (deducted, walk->work - walk->late_night);
  from_night = deducted - from_day;

  day->work_min -= deducted;
  day->late_night_min -= from_night;
  day->break_min += deducted;
  day->flags |= RINGI_ATTENDANCE_FLAG_AUTO_BREAK;
}

static guint
start_shift (Walk *walk,
             const Entry *entry)
{
  RingiAttendanceDay *day;

  walk->day = day_for_minute (walk, entry->minute);
  walk->state = STATE_WORK;
  walk->clock_in = walk->last = entry->minute;
  walk->had_break = FALSE;
  walk->work = walk->late_night = 0;

  /* A second shift on the same date: the day is open again. */
  day = day_at (walk, walk->day);
  g_clear_pointer (&day->end, g_date_time_unref);
  if (!day->clocked_in)
    {
      day->clocked_in = TRUE;
      day->place = entry->punch->place;
      day->start = g_date_time_ref (entry->punch->time);
    }

  return walk->day;
}

static void
end_shift (Walk *walk,
           const Entry *entry)
{
  RingiAttendanceDay *day = day_at (walk, walk->day);

  count_until (walk, entry->minute);
  if (walk->state != STATE_WORK)
    day->flags |= RINGI_ATTENDANCE_FLAG_UNMATCHED_PUNCH;
  else
    deduct_auto_break (walk, entry->minute);

  day->end = g_date_time_ref (entry->punch->time);
  walk->state = STATE_OFF;
}

/* A shift that ends without a clock-out counts up to its last punch. */
static void
abandon_shift (Walk *walk)
{
  flag (walk, walk->day, RINGI_ATTENDANCE_FLAG_MISSING_CLOCK_OUT);
  walk->state = STATE_OFF;
}

static guint
step_off (Walk *walk,
          const Entry *entry)
{
  guint day;

  if (entry->punch->kind == RINGI_PUNCH_CLOCK_IN)
    return start_shift (walk, entry);

  day = day_for_minute (walk, entry->minute);
  flag (walk, day, RINGI_ATTENDANCE_FLAG_UNMATCHED_PUNCH);
  return day;
}

/* The state a punch leads to from @state, or STATE_OFF when it does not
 * belong there. */
static State
next_state (State state,
            RingiPunchKind kind)
{
  if (state == STATE_WORK && kind == RINGI_PUNCH_BREAK_START)
    return STATE_BREAK;
  if (state == STATE_WORK && kind == RINGI_PUNCH_OUT)
    return STATE_OUT;
  if ((state == STATE_BREAK && kind == RINGI_PUNCH_BREAK_END) ||
      (state == STATE_OUT && kind == RINGI_PUNCH_IN))
    return STATE_WORK;
  return STATE_OFF;
}

static guint
step_in_shift (Walk *walk,
               const Entry *entry)
{
  RingiPunchKind kind = entry->punch->kind;
  State next;

  if (kind == RINGI_PUNCH_CLOCK_IN)
    {
      abandon_shift (walk);
      return start_shift (walk, entry);
    }

  if (kind == RINGI_PUNCH_CLOCK_OUT)
    {
      guint day = walk->day;

      end_shift (walk, entry);
      return day;
    }

  next = next_state (walk->state, kind);
  if (next == STATE_OFF)
    {
      flag (walk, walk->day, RINGI_ATTENDANCE_FLAG_UNMATCHED_PUNCH);
      return walk->day;
    }

  count_until (walk, entry->minute);
  walk->state = next;
  walk->had_break |= kind == RINGI_PUNCH_BREAK_START;
  return walk->day;
}

static gboolean
is_skewed (const RingiAttendanceRules *rules,
           const RingiAttendancePunch *punch)
{
  GTimeSpan difference;

  if (punch->received == NULL)
    return FALSE;

  difference = g_date_time_difference (punch->received, punch->time);
  return ABS (difference) > (GTimeSpan) rules->max_clock_skew * G_TIME_SPAN_SECOND;
}

/* Returns the index of the day the punch counts in. */
static guint
step (Walk *walk,
      const Entry *entry)
{
  guint day = walk->state == STATE_OFF ? step_off (walk, entry) : step_in_shift (walk, entry);

  if (is_skewed (walk->rules, entry->punch))
    flag (walk, day, RINGI_ATTENDANCE_FLAG_CLOCK_SKEW);
  return day;
}

static gint
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const Entry *x = a, *y = b;

  if (x->unix_time != y->unix_time)
    return x->unix_time < y->unix_time ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

/* Sorted by instant; punches at the same second keep their given order. */
static GArray *
make_entries (const RingiAttendancePunch *punches,
              guint n_punches)
{
  GTimeZone *zone = ringi_attendance_get_time_zone ();
  GArray *entries = g_array_sized_new (FALSE, FALSE, sizeof (Entry), n_punches);

  for (guint i = 0; i < n_punches; i++)
    {
      Entry entry = {
        .punch = &punches[i],
        .unix_time = g_date_time_to_unix (punches[i].time),
        .order = i,
      };

      entry.minute = local_minute (zone, entry.unix_time);
      g_array_append_val (entries, entry);
    }

  g_array_sort (entries, compare_entries);
  return entries;
}

static void
apply_day_rules (const RingiAttendanceRules *rules,
                 RingiAttendanceDay *day)
{
  guint scheduled = ringi_attendance_rules_get_scheduled_minutes (rules);

  if (day->day_off)
    day->holiday_min = day->work_min;
  else if (day->work_min > scheduled)
    day->overtime_min = day->work_min - scheduled;
}

/* 労基法 32: beyond the legal day, and beyond the legal week for the
 * minutes within the legal day, counted Monday to Sunday in date order,
 * so that the day crossing the week's limit carries the excess. Work on
 * the statutory rest day is holiday work, never legal overtime. Days of a
 * week before the span asked for must be among @days for the week to be
 * right: ringi_attendance_month_punch_range() gives that span. */
static void
apply_legal_overtime (const RingiAttendanceRules *rules,
                      GArray *days)
{
  guint week = 0;
  guint used = 0;

  for (guint i = 0; i < days->len; i++)
    {
      RingiAttendanceDay *day = &g_array_index (days, RingiAttendanceDay, i);
      GDateWeekday weekday = g_date_get_weekday (&day->date);
      guint monday = g_date_get_julian (&day->date) - (weekday - G_DATE_MONDAY);
      guint daily, before;

      if (monday != week)
        {
          week = monday;
          used = 0;
        }

      if (weekday == rules->legal_rest_day)
        continue;

      daily = day->work_min > rules->legal_day_limit ? day->work_min - rules->legal_day_limit : 0;
      before = used;
      used += day->work_min - daily;
      day->legal_overtime_min = daily;
      if (used > rules->legal_week_limit)
        day->legal_overtime_min += used - MAX (before, rules->legal_week_limit);
    }
}

/* The one walk from punches to days: every program that counts, closes
 * or locks a day uses it, so that they agree on which day (and month) a
 * punch belongs to. @out_day_of_punch, when given, receives for each
 * punch, in the given order, the index of its day. */
static GArray *
walk_punches (const RingiAttendanceRules *rules,
              const RingiAttendancePunch *punches,
              guint n_punches,
              guint *out_day_of_punch)
{
  g_autoptr(GArray) entries = NULL;
  Walk walk = { .rules = rules, .state = STATE_OFF };

  walk.days = g_array_new (FALSE, TRUE, sizeof (RingiAttendanceDay));
  g_array_set_clear_func (walk.days, day_clear);

  entries = make_entries (punches, n_punches);
  for (guint i = 0; i < entries->len; i++)
    {
      const Entry *entry = &g_array_index (entries, Entry, i);
      guint day = step (&walk, entry);

      if (out_day_of_punch != NULL)
        out_day_of_punch[entry->order] = day;
    }

  if (walk.state != STATE_OFF)
    abandon_shift (&walk);

  return walk.days;
}

/**
 * ringi_attendance_compute_days:
 * @rules: the person's rules
 * @punches: (array length=n_punches): the person's punches, corrections
 *   applied, in any order (they are taken in time order)
 * @n_punches: how many
 *
 * Turns one person's punches into days: a day is the date of a clock-in
 * in Asia/Tokyo, and holds the whole shift even past midnight. A punch
 * outside any shift makes a day of its own date holding only a flag.
 * Legal overtime on the weekly rule needs the earlier days of each week
 * among @punches; use ringi_attendance_month_punch_range() for a month.
 *
 * Returns: (transfer full) (element-type RingiAttendanceDay): the days
 *   with a punch, in date order
 */
GArray *
ringi_attendance_compute_days (const RingiAttendanceRules *rules,
                               const RingiAttendancePunch *punches,
                               guint n_punches)
{
  GArray *days;

  g_return_val_if_fail (rules != NULL, NULL);
  g_return_val_if_fail (punches != NULL || n_punches == 0, NULL);
  for (guint i = 0; i < n_punches; i++)
    g_return_val_if_fail (punches[i].time != NULL, NULL);

  days = walk_punches (rules, punches, n_punches, NULL);
  for (guint i = 0; i < days->len; i++)
    apply_day_rules (rules, &g_array_index (days, RingiAttendanceDay, i));
  apply_legal_overtime (rules, days);

  return days;
}

/**
 * ringi_attendance_assign_days:
 * @punches: (array length=n_punches): one person's punches, corrections
 *   applied, in any order
 * @n_punches: how many
 * @out_dates: (array length=n_punches) (out caller-allocates): for each
 *   punch, in the order given, the date of the day it belongs to
 *
 * Says which day each punch counts in, exactly as
 * ringi_attendance_compute_days() counts it: the date of its shift's
 * clock-in in Asia/Tokyo, so that the clock-out of a shift crossing
 * midnight (or a month's end) belongs to the day before; a punch outside
 * any shift, its own date. The month of that date is the month that
 * closes and locks the punch (docs/month-close-format.md). Which day a
 * punch falls in does not depend on any employee class's rules.
 */
void
ringi_attendance_assign_days (const RingiAttendancePunch *punches,
                              guint n_punches,
                              GDate *out_dates)
{
  g_autofree guint *day_of_punch = NULL;
  g_autoptr(GArray) days = NULL;
  RingiAttendanceRules rules;

  g_return_if_fail (punches != NULL || n_punches == 0);
  g_return_if_fail (out_dates != NULL || n_punches == 0);
  for (guint i = 0; i < n_punches; i++)
    g_return_if_fail (punches[i].time != NULL);

  ringi_attendance_rules_init (&rules, RINGI_ATTENDANCE_CLASS_GENERAL);
  day_of_punch = g_new0 (guint, MAX (n_punches, 1));
  days = walk_punches (&rules, punches, n_punches, day_of_punch);
  for (guint i = 0; i < n_punches; i++)
    out_dates[i] = g_array_index (days, RingiAttendanceDay, day_of_punch[i]).date;
}
