/* ringi-leave.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-leave"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ringi-leave.h"
#include "ringi-month-close.h"
#include "ringi-sync.h"
#include "ringi-text.h"

/* Leave requests (休暇申請): what the person asks for, checked, and the
 * words of the one-page form the manager approves, the same from
 * `ringi-cli leave` and from My month. The form is for people: it says
 * 年次休暇 and 午前, never the command line's words. */

static const char *const type_names[] = { "annual", "special" };
static const char *const length_names[] = { "day", "half-am", "half-pm", "hours" };

static gboolean
index_of (const char *const *names,
          guint n_names,
          const char *text,
          guint *out_index)
{
  for (guint i = 0; i < n_names; i++)
    if (g_strcmp0 (names[i], text) == 0)
      {
        *out_index = i;
        return TRUE;
      }

  return FALSE;
}

/**
 * ringi_leave_type_from_string:
 * @text: `annual` or `special`
 * @out_type: (out): the type
 *
 * Returns: %TRUE if @text names a type of leave
 */
gboolean
ringi_leave_type_from_string (const char *text,
                              RingiLeaveType *out_type)
{
  guint index;

  if (!index_of (type_names, G_N_ELEMENTS (type_names), text, &index))
    return FALSE;

  *out_type = index;
  return TRUE;
}

/**
 * ringi_leave_length_from_string:
 * @text: `day`, `half-am`, `half-pm` or `hours`
 * @out_length: (out): the length
 *
 * Returns: %TRUE if @text names a length of leave
 */
gboolean
ringi_leave_length_from_string (const char *text,
                                RingiLeaveLength *out_length)
{
  guint index;

  if (!index_of (length_names, G_N_ELEMENTS (length_names), text, &index))
    return FALSE;

  *out_length = index;
  return TRUE;
}

const char *
ringi_leave_type_get_label (RingiLeaveType type)
{
  switch (type)
    {
    case RINGI_LEAVE_ANNUAL:
      return _("Annual leave");
    case RINGI_LEAVE_SPECIAL:
      return _("Special leave");
    default:
      g_return_val_if_reached ("");
    }
}

const char *
ringi_leave_length_get_label (RingiLeaveLength length)
{
  switch (length)
    {
    case RINGI_LEAVE_DAY:
      return _("Whole day");
    case RINGI_LEAVE_HALF_AM:
      return _("Half day, morning");
    case RINGI_LEAVE_HALF_PM:
      return _("Half day, afternoon");
    case RINGI_LEAVE_HOURS:
      return _("Hours");
    default:
      g_return_val_if_reached ("");
    }
}

/**
 * ringi_leave_input_check:
 * @input: a leave request as filled in
 * @error: return location for a %RINGI_SYNC_ERROR_INVALID
 *
 * Days are real dates, the last not before the first; half days and
 * hours are of one day; hours are 1 to %RINGI_LEAVE_MAX_HOURS; special
 * leave says why.
 *
 * Returns: %TRUE if @input can be asked for
 */
gboolean
ringi_leave_input_check (const RingiLeaveInput *input,
                         GError **error)
{
  GDate first, last;
  const char *why = NULL;

  g_return_val_if_fail (input != NULL, FALSE);

  if (!ringi_text_parse_date (input->first_day, &first))
    why = _("The first day of leave is a date, YYYY-MM-DD");
  else if (input->last_day != NULL && !ringi_text_parse_date (input->last_day, &last))
    why = _("The last day of leave is a date, YYYY-MM-DD");
  else if (input->last_day != NULL && g_date_compare (&last, &first) < 0)
    why = _("The last day of leave comes before the first");
  else if (input->length != RINGI_LEAVE_DAY && input->last_day != NULL && g_date_compare (&last, &first) != 0)
    why = _("Half a day or hours of leave are of one day");
  else if ((input->length == RINGI_LEAVE_HOURS) != (input->hours > 0) || input->hours > RINGI_LEAVE_MAX_HOURS)
    why = _("Leave by the hour is 1 to 8 hours, and only leave by the hour counts hours");
  else if (input->type == RINGI_LEAVE_SPECIAL && (input->reason == NULL || *input->reason == '\0'))
    why = _("Special leave says why");

  if (why == NULL)
    return TRUE;

  g_set_error_literal (error, RINGI_SYNC_ERROR, RINGI_SYNC_ERROR_INVALID, why);
  return FALSE;
}

/**
 * ringi_leave_dup_title:
 * @input: a checked leave request
 *
 * Returns: (transfer full): the request's title, `休暇 2026-12-24`
 */
char *
ringi_leave_dup_title (const RingiLeaveInput *input)
{
  g_return_val_if_fail (input != NULL, NULL);

  return g_strdup_printf ("%s %s", RINGI_CATEGORY_LEAVE, input->first_day);
}

/**
 * ringi_leave_dup_form_lines:
 * @input: a checked leave request
 *
 * Returns: (transfer full): the lines of the request's form: the period,
 *   the leave in words, the reason
 */
GStrv
ringi_leave_dup_form_lines (const RingiLeaveInput *input)
{
  g_autoptr(GStrvBuilder) lines = g_strv_builder_new ();
  const char *type = ringi_leave_type_get_label (input->type);
  g_autofree char *period = NULL;
  g_autofree char *what = NULL;
  g_autofree char *why = NULL;

  g_return_val_if_fail (input != NULL, NULL);

  period = g_strdup_printf (_("Period: %s – %s"), input->first_day,
                            input->last_day != NULL ? input->last_day : input->first_day);
  if (input->length == RINGI_LEAVE_HOURS)
    what = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Leave: %s, %u hour", "Leave: %s, %u hours", input->hours),
                            type, input->hours);
  else
    what = g_strdup_printf (_("Leave: %s, %s"), type, ringi_leave_length_get_label (input->length));
  why = g_strdup_printf (_("Reason: %s"), input->reason != NULL && *input->reason != '\0' ? input->reason : "—");

  g_strv_builder_add_many (lines, period, what, why, NULL);
  return g_strv_builder_end (lines);
}
