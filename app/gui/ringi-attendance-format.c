/* ringi-attendance-format.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-attendance-format"

#include "config.h"

#include <glib/gi18n.h>

#include "ringi-attendance-format.h"
#include "ringi-attendance-rules.h"

/* The words and numbers of attendance as the pages show them, in one
 * place so that My day, My month and the manager board say the same. */

/* The wall-clock time in the attendance time zone of a time given in
 * seconds since the Unix epoch. */
char *
ringi_attendance_format_unix_clock (gint64 time)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time);

  return ringi_attendance_format_clock (utc);
}

/* H:MM, the way timesheets count minutes. */
char *
ringi_attendance_format_minutes (guint minutes)
{
  return g_strdup_printf ("%u:%02u", minutes / 60, minutes % 60);
}

/* The wall-clock time in the attendance time zone, e.g. 8:31. */
char *
ringi_attendance_format_clock (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;

  if (time == NULL)
    return g_strdup ("");

  local = g_date_time_to_timezone (time, ringi_attendance_get_time_zone ());
  return g_strdup_printf ("%d:%02d", g_date_time_get_hour (local), g_date_time_get_minute (local));
}

RingiDayState
ringi_attendance_state_after (RingiPunch *last)
{
  if (last == NULL)
    return RINGI_DAY_STATE_OFF;

  switch (ringi_punch_get_kind (last))
    {
    case RINGI_PUNCH_CLOCK_IN:
    case RINGI_PUNCH_BREAK_END:
    case RINGI_PUNCH_IN:
      return RINGI_DAY_STATE_WORKING;
    case RINGI_PUNCH_BREAK_START:
      return RINGI_DAY_STATE_BREAK;
    case RINGI_PUNCH_OUT:
      return RINGI_DAY_STATE_OUT;
    case RINGI_PUNCH_CLOCK_OUT:
      return RINGI_DAY_STATE_DONE;
    default:
      g_return_val_if_reached (RINGI_DAY_STATE_OFF);
    }
}

/* “Working since 8:31 at Home”, from the day's last punch. */
char *
ringi_attendance_describe_state (RingiPunch *last)
{
  g_autofree char *clock = last ? ringi_attendance_format_clock (ringi_punch_get_client_time (last)) : NULL;
  const char *place = last ? ringi_punch_place_get_label (ringi_punch_get_place (last)) : NULL;

  switch (ringi_attendance_state_after (last))
    {
    case RINGI_DAY_STATE_OFF:
      return g_strdup (_("Not working"));
    case RINGI_DAY_STATE_WORKING:
      /* Translators: e.g. Working since 8:31 at Home */
      return g_strdup_printf (_("Working since %s at %s"), clock, place);
    case RINGI_DAY_STATE_BREAK:
      return g_strdup_printf (_("On a break since %s"), clock);
    case RINGI_DAY_STATE_OUT:
      /* Translators: 中抜け, private time in the middle of the day */
      return g_strdup_printf (_("Out since %s (time out)"), clock);
    case RINGI_DAY_STATE_DONE:
      return g_strdup_printf (_("Clocked out at %s"), clock);
    default:
      g_return_val_if_reached (NULL);
    }
}

/* An event of the objective record, as RingiActivityRecorder names it. */
const char *
ringi_attendance_format_activity_event (const char *event)
{
  static const struct
  {
    const char *event;
    const char *text;
  } events[] = {
    { "session-start", N_("Ringi started in your session") },
    { "session-end", N_("Ringi quit") },
    { "lock", N_("screen locked") },
    { "unlock", N_("screen unlocked") },
    { "sleep", N_("computer went to sleep") },
    { "wake", N_("computer woke up") },
    { "not-recorded", N_("end not recorded (Ringi was stopped)") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (events); i++)
    if (g_strcmp0 (event, events[i].event) == 0)
      return _(events[i].text);
  return event;
}
