/* ringi-day-table.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-day-table"

#include "config.h"

#include <glib/gi18n.h>

#include "ringi-attendance-format.h"
#include "ringi-day-table.h"

/* My month's table: one row per day of the month as the timesheet counts
 * it, beside the objective record's first and last activity and the gap
 * (乖離) between them, highlighted above
 * RINGI_TIMESHEET_GAP_NOTICE_MINUTES. Days off are dimmed; a national
 * holiday says its name. */

struct _RingiDayTable
{
  AdwBin parent_instance;

  GtkGrid *grid;
};

G_DEFINE_FINAL_TYPE (RingiDayTable, ringi_day_table, ADW_TYPE_BIN)

GtkWidget *
ringi_day_table_new (void)
{
  return g_object_new (RINGI_TYPE_DAY_TABLE, NULL);
}

static char *
describe_flags (RingiAttendanceFlags flags)
{
  g_autoptr(GStrvBuilder) words = g_strv_builder_new ();
  g_auto(GStrv) list = NULL;

  if (flags & RINGI_ATTENDANCE_FLAG_AUTO_BREAK)
    g_strv_builder_add (words, _("break deducted"));
  if (flags & RINGI_ATTENDANCE_FLAG_MISSING_CLOCK_OUT)
    g_strv_builder_add (words, _("no clock-out"));
  if (flags & RINGI_ATTENDANCE_FLAG_UNMATCHED_PUNCH)
    g_strv_builder_add (words, _("unmatched punch"));
  if (flags & RINGI_ATTENDANCE_FLAG_CLOCK_SKEW)
    g_strv_builder_add (words, _("clock difference"));
  list = g_strv_builder_end (words);
  return g_strjoinv (", ", list);
}

static void
attach (RingiDayTable *self,
        int column,
        int row,
        const char *text,
        gboolean dim)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), column == 0 ? 0 : 1);
  if (row == 0)
    gtk_widget_add_css_class (label, "heading");
  if (dim)
    gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "numeric");
  gtk_grid_attach (self->grid, label, column, row, 1, 1);
}

static const RingiAttendanceDay *
find_day (const RingiTimesheet *sheet,
          const GDate *date)
{
  for (guint i = 0; i < sheet->days->len; i++)
    {
      const RingiAttendanceDay *day = &g_array_index (sheet->days, RingiAttendanceDay, i);

      if (g_date_compare (&day->date, date) == 0)
        return day;
    }
  return NULL;
}

static const char *const columns[] = {
  N_("Date"),
  N_("Start"),
  N_("End"),
  N_("Breaks"),
  N_("Time out"),
  N_("Work"),
  N_("Overtime"),
  N_("Late night"),
  N_("Holiday"),
  N_("Place"),
  N_("Activity"),
  N_("Gap"),
  N_("Flags"),
};

static void
show_day (RingiDayTable *self,
          const RingiAttendanceData *data,
          GArray *activity_days,
          GDateTime *midnight,
          int row)
{
  const RingiTimesheet *sheet = data->sheet;
  GDate date;
  const RingiAttendanceDay *day;
  const char *holiday = NULL;
  gboolean day_off;
  g_autofree char *date_text = g_date_time_format (midnight, "%-d %a");
  g_autofree char *activity = NULL;
  g_autofree char *gap = NULL;
  g_autofree char *flags = NULL;
  const RingiActivityDay *activity_day;
  guint gap_min = 0;

  g_date_set_dmy (&date, g_date_time_get_day_of_month (midnight), g_date_time_get_month (midnight),
                  g_date_time_get_year (midnight));
  day = find_day (sheet, &date);
  day_off = ringi_attendance_rules_is_day_off (&sheet->rules, &date, &holiday);
  if (holiday != NULL)
    {
      g_autofree char *plain = g_steal_pointer (&date_text);

      date_text = g_strdup_printf ("%s %s", plain, holiday);
    }
  attach (self, 0, row, date_text, day_off);

  activity_day = ringi_activity_days_find (activity_days, &date);
  if (activity_day != NULL)
    {
      g_autofree char *a = ringi_attendance_format_unix_clock (activity_day->first);
      g_autofree char *b = activity_day->last > activity_day->first ? ringi_attendance_format_unix_clock (activity_day->last) : g_strdup ("…");

      activity = g_strdup_printf ("%s–%s", a, b);
    }
  if (ringi_timesheet_activity_gap (day, activity_day, &gap_min))
    gap = ringi_attendance_format_minutes (gap_min);

  if (day != NULL)
    {
      g_autofree char *start = ringi_attendance_format_clock (day->start);
      g_autofree char *end = ringi_attendance_format_clock (day->end);
      g_autofree char *breaks = ringi_attendance_format_minutes (day->break_min);
      g_autofree char *out = ringi_attendance_format_minutes (day->time_out_min);
      g_autofree char *work = ringi_attendance_format_minutes (day->work_min);
      g_autofree char *overtime = ringi_attendance_format_minutes (day->overtime_min);
      g_autofree char *night = ringi_attendance_format_minutes (day->late_night_min);
      g_autofree char *holiday_work = ringi_attendance_format_minutes (day->holiday_min);

      attach (self, 1, row, start, FALSE);
      attach (self, 2, row, end, FALSE);
      attach (self, 3, row, breaks, FALSE);
      attach (self, 4, row, out, FALSE);
      attach (self, 5, row, work, FALSE);
      attach (self, 6, row, overtime, FALSE);
      attach (self, 7, row, night, FALSE);
      attach (self, 8, row, holiday_work, FALSE);
      attach (self, 9, row, day->clocked_in ? ringi_punch_place_get_label (day->place) : "", FALSE);
      flags = describe_flags (day->flags);
    }
  attach (self, 10, row, activity ? activity : "", TRUE);
  attach (self, 11, row, gap ? gap : "", gap_min <= RINGI_TIMESHEET_GAP_NOTICE_MINUTES);
  if (gap_min > RINGI_TIMESHEET_GAP_NOTICE_MINUTES)
    gtk_widget_add_css_class (gtk_grid_get_child_at (self->grid, 11, row), "warning");
  attach (self, 12, row, flags ? flags : "", FALSE);
}

/**
 * ringi_day_table_show:
 * @self: a #RingiDayTable
 * @data: what the loader read for the month
 * @year: the month's year
 * @month: the month, 1 to 12
 *
 * Shows every day of the month, worked or not.
 */
void
ringi_day_table_show (RingiDayTable *self,
                      const RingiAttendanceData *data,
                      int year,
                      int month)
{
  g_autoptr(GDateTime) first = NULL;
  g_autoptr(GArray) activity_days = NULL;
  GtkWidget *child;
  int n_days;

  g_return_if_fail (RINGI_IS_DAY_TABLE (self));
  g_return_if_fail (data != NULL && data->sheet != NULL);
  g_return_if_fail (month >= 1 && month <= 12);

  first = g_date_time_new (ringi_attendance_get_time_zone (), year, month, 1, 0, 0, 0);
  activity_days = ringi_activity_summarize_days (data->activity);
  n_days = g_date_get_days_in_month (month, year);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))) != NULL)
    gtk_grid_remove (self->grid, child);
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    attach (self, i, 0, _(columns[i]), FALSE);
  for (int d = 0; d < n_days; d++)
    {
      g_autoptr(GDateTime) midnight = g_date_time_add_days (first, d);

      show_day (self, data, activity_days, midnight, d + 1);
    }
}

static void
ringi_day_table_class_init (RingiDayTableClass *klass)
{
}

static void
ringi_day_table_init (RingiDayTable *self)
{
  self->grid = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_column_spacing (self->grid, 14);
  gtk_grid_set_row_spacing (self->grid, 4);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->grid), 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->grid), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Days of the month"),
                                  -1);
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->grid));
}
