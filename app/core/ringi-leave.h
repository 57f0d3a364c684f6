/* ringi-leave.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * RingiLeaveType:
 * @RINGI_LEAVE_ANNUAL: annual paid leave (年次有給休暇)
 * @RINGI_LEAVE_SPECIAL: special leave (特別休暇), which says why
 */
typedef enum
{
  RINGI_LEAVE_ANNUAL,
  RINGI_LEAVE_SPECIAL,
} RingiLeaveType;

/**
 * RingiLeaveLength:
 * @RINGI_LEAVE_DAY: whole days
 * @RINGI_LEAVE_HALF_AM: the morning of one day (午前半休)
 * @RINGI_LEAVE_HALF_PM: the afternoon of one day (午後半休)
 * @RINGI_LEAVE_HOURS: hours of one day (時間休)
 */
typedef enum
{
  RINGI_LEAVE_DAY,
  RINGI_LEAVE_HALF_AM,
  RINGI_LEAVE_HALF_PM,
  RINGI_LEAVE_HOURS,
} RingiLeaveLength;

/* Leave by the hour: at most one scheduled day's hours */
#define RINGI_LEAVE_MAX_HOURS 8

/**
 * RingiLeaveInput:
 * @first_day: the first day, `YYYY-MM-DD`
 * @last_day: (nullable): the last day, `YYYY-MM-DD`; %NULL for one day
 * @type: annual or special
 * @length: whole days, half a day or hours
 * @hours: for %RINGI_LEAVE_HOURS, 1 to %RINGI_LEAVE_MAX_HOURS; else 0
 * @reason: (nullable): why; required for special leave
 *
 * A leave request (休暇申請) as the person fills it in.
 */
typedef struct
{
  const char *first_day;
  const char *last_day;
  RingiLeaveType type;
  RingiLeaveLength length;
  guint hours;
  const char *reason;
} RingiLeaveInput;

gboolean ringi_leave_type_from_string (const char *text,
                                       RingiLeaveType *out_type);
gboolean ringi_leave_length_from_string (const char *text,
                                         RingiLeaveLength *out_length);
const char *ringi_leave_type_get_label (RingiLeaveType type);
const char *ringi_leave_length_get_label (RingiLeaveLength length);

gboolean ringi_leave_input_check (const RingiLeaveInput *input,
                                  GError **error);
char *ringi_leave_dup_title (const RingiLeaveInput *input);
GStrv ringi_leave_dup_form_lines (const RingiLeaveInput *input);

G_END_DECLS
