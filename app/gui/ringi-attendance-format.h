/* ringi-attendance-format.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "ringi-punch.h"

G_BEGIN_DECLS

/**
 * RingiDayState:
 * @RINGI_DAY_STATE_OFF: not clocked in today
 * @RINGI_DAY_STATE_WORKING: clocked in
 * @RINGI_DAY_STATE_BREAK: on a break (休憩)
 * @RINGI_DAY_STATE_OUT: on time out (中抜け)
 * @RINGI_DAY_STATE_DONE: clocked out
 *
 * Where a person's day stands, from its last punch.
 */
typedef enum
{
  RINGI_DAY_STATE_OFF,
  RINGI_DAY_STATE_WORKING,
  RINGI_DAY_STATE_BREAK,
  RINGI_DAY_STATE_OUT,
  RINGI_DAY_STATE_DONE,
} RingiDayState;

char *ringi_attendance_format_minutes (guint minutes);
char *ringi_attendance_format_clock (GDateTime *time);
char *ringi_attendance_format_unix_clock (gint64 time);
RingiDayState ringi_attendance_state_after (RingiPunch *last);
char *ringi_attendance_describe_state (RingiPunch *last);
const char *ringi_attendance_format_activity_event (const char *event);

G_END_DECLS
