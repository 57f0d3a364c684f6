/* ringi-team-board.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-team-board"

#include "config.h"

#include <glib/gi18n.h>

#include "ringi-attendance-format.h"
#include "ringi-team-board.h"

/* The manager board: the reports' punches as the change feed brought
 * them — who works now and where, the month's totals, the alerts (caps,
 * the 80-hour notice, clock differences), and the monthly closes waiting
 * for the manager's seal, which open like any request in the inbox. */

struct _RingiTeamBoard
{
  AdwBin parent_instance;

  GtkStack *stack;
  AdwPreferencesGroup *waiting_group;
  GtkListBox *waiting_list;
  GtkListBox *now_list;
  AdwPreferencesGroup *month_group;
  GtkListBox *month_list;
  AdwPreferencesGroup *alerts_group;
  GtkListBox *alerts_list;
};

G_DEFINE_FINAL_TYPE (RingiTeamBoard, ringi_team_board, ADW_TYPE_BIN)

GtkWidget *
ringi_team_board_new (void)
{
  return g_object_new (RINGI_TYPE_TEAM_BOARD, NULL);
}

static void
clear (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static GtkWidget *
add_row (GtkListBox *list,
         const char *title,
         const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_append (list, row);
  return row;
}

static const char *
name_of (const RingiTeamMember *member)
{
  return member->user->display_name ? member->user->display_name : member->user->login;
}

/* A report's name for a login; the login itself for someone else. */
static const char *
applicant_name (const RingiAttendanceData *data,
                const char *login)
{
  for (guint i = 0; i < data->team->len; i++)
    {
      const RingiTeamMember *member = g_ptr_array_index (data->team, i);

      if (g_strcmp0 (member->user->login, login) == 0)
        return name_of (member);
    }
  return login;
}

static void
show_now (RingiTeamBoard *self,
          const RingiTeamMember *member)
{
  g_autofree char *state = ringi_attendance_describe_state (member->last_punch);
  GtkWidget *row = add_row (self->now_list, name_of (member), state);
  RingiDayState work = ringi_attendance_state_after (member->last_punch);
  GtkWidget *dot = gtk_image_new_from_icon_name (work == RINGI_DAY_STATE_WORKING ? "media-record-symbolic"
                                                                                 : "media-playback-pause-symbolic");

  gtk_widget_add_css_class (dot, work == RINGI_DAY_STATE_WORKING ? "success" : "dim-label");
  gtk_accessible_update_property (GTK_ACCESSIBLE (dot), GTK_ACCESSIBLE_PROPERTY_LABEL, state, -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), dot);
}

static void
show_month (RingiTeamBoard *self,
            const RingiTeamMember *member,
            RingiAttendanceTotals *team)
{
  const RingiAttendanceTotals *totals = &member->sheet->summary.totals;
  g_autofree char *work = ringi_attendance_format_minutes (totals->work_min);
  g_autofree char *overtime = ringi_attendance_format_minutes (totals->overtime_min);
  g_autofree char *holiday = ringi_attendance_format_minutes (totals->holiday_min);
  /* Translators: a report's month on the manager board */
  g_autofree char *subtitle = g_strdup_printf (ngettext ("%u day · work %s · overtime %s · holiday %s · telework %u",
                                                         "%u days · work %s · overtime %s · holiday %s · telework %u",
                                                         totals->days_worked),
                                               totals->days_worked, work, overtime, holiday, totals->telework_days);

  add_row (self->month_list, name_of (member), subtitle);
  team->days_worked += totals->days_worked;
  team->work_min += totals->work_min;
  team->overtime_min += totals->overtime_min;
  team->holiday_min += totals->holiday_min;
}

static guint
show_alerts (RingiTeamBoard *self,
             const RingiTeamMember *member)
{
  const RingiTimesheet *sheet = member->sheet;
  guint n = 0;

  for (guint i = 0; sheet->alerts != NULL && i < sheet->alerts->len; i++, n++)
    {
      g_autofree char *text = ringi_attendance_alert_describe (&g_array_index (sheet->alerts, RingiAttendanceAlert, i));

      add_row (self->alerts_list, name_of (member), text);
    }
  if (sheet->summary.totals.flags & RINGI_ATTENDANCE_FLAG_CLOCK_SKEW)
    {
      add_row (self->alerts_list, name_of (member),
               _("Some punches came from a computer whose clock differed from the server's by more than 5 minutes"));
      n++;
    }
  return n;
}

/**
 * ringi_team_board_show:
 * @self: a #RingiTeamBoard
 * @data: what the loader read
 */
void
ringi_team_board_show (RingiTeamBoard *self,
                       const RingiAttendanceData *data)
{
  RingiAttendanceTotals team = { 0 };
  g_autofree char *work = NULL;
  g_autofree char *overtime = NULL;
  g_autofree char *description = NULL;
  guint n_alerts = 0;

  g_return_if_fail (RINGI_IS_TEAM_BOARD (self));
  g_return_if_fail (data != NULL);

  clear (self->waiting_list);
  clear (self->now_list);
  clear (self->month_list);
  clear (self->alerts_list);
  gtk_stack_set_visible_child_name (self->stack, data->team->len > 0 ? "team" : "empty");

  for (guint i = 0; i < data->waiting->len; i++)
    {
      RingiRequestSummary *summary = g_ptr_array_index (data->waiting, i);
      GtkWidget *row = add_row (self->waiting_list, summary->info->title, applicant_name (data, summary->info->applicant));

      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      g_object_set_data_full (G_OBJECT (row), "ringi-request-id", g_strdup (summary->info->id), g_free);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->waiting_group), data->waiting->len > 0);

  for (guint i = 0; i < data->team->len; i++)
    {
      const RingiTeamMember *member = g_ptr_array_index (data->team, i);

      show_now (self, member);
      show_month (self, member, &team);
      n_alerts += show_alerts (self, member);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->alerts_group), n_alerts > 0);

  work = ringi_attendance_format_minutes (team.work_min);
  overtime = ringi_attendance_format_minutes (team.overtime_min);
  adw_preferences_group_set_title (self->month_group, _("This Month"));
  /* Translators: the team's totals of the month */
  description = g_strdup_printf (ngettext ("Team: %u day worked, work %s, overtime %s",
                                           "Team: %u days worked, work %s, overtime %s", team.days_worked),
                                 team.days_worked, work, overtime);
  adw_preferences_group_set_description (self->month_group, description);
}

static void
waiting_activated_cb (RingiTeamBoard *self,
                      GtkListBoxRow *row)
{
  const char *id = g_object_get_data (G_OBJECT (row), "ringi-request-id");

  if (id != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-request", "s", id);
}

static void
ringi_team_board_dispose (GObject *object)
{
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), RINGI_TYPE_TEAM_BOARD);

  G_OBJECT_CLASS (ringi_team_board_parent_class)->dispose (object);
}

static void
ringi_team_board_class_init (RingiTeamBoardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ringi_team_board_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ringi-team-board.ui");
  gtk_widget_class_bind_template_child (widget_class, RingiTeamBoard, stack);
  gtk_widget_class_bind_template_child (widget_class, RingiTeamBoard, waiting_group);
  gtk_widget_class_bind_template_child (widget_class, RingiTeamBoard, waiting_list);
  gtk_widget_class_bind_template_child (widget_class, RingiTeamBoard, now_list);
  gtk_widget_class_bind_template_child (widget_class, RingiTeamBoard, month_group);
  gtk_widget_class_bind_template_child (widget_class, RingiTeamBoard, month_list);
  gtk_widget_class_bind_template_child (widget_class, RingiTeamBoard, alerts_group);
  gtk_widget_class_bind_template_child (widget_class, RingiTeamBoard, alerts_list);
  gtk_widget_class_bind_template_callback (widget_class, waiting_activated_cb);
}

static void
ringi_team_board_init (RingiTeamBoard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
