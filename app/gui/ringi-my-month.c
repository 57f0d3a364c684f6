/* ringi-my-month.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-my-month"

#include "config.h"

#include <glib/gi18n.h>

#include "ringi-attendance-format.h"
#include "ringi-attendance-request.h"
#include "ringi-day-table.h"
#include "ringi-month-close.h"
#include "ringi-keyring.h"
#include "ringi-my-month.h"
#include "ringi-pin-dialog.h"

/* My month: the month's days as the timesheet counts them beside the
 * objective record, the totals against the overtime caps, and the
 * monthly close (月次締め). A gap (乖離) between punches and activity above
 * RINGI_TIMESHEET_GAP_NOTICE_MINUTES is pointed out, as the MHLW
 * guideline asks the employer to check them. */

struct _RingiMyMonth
{
  AdwBin parent_instance;

  RingiSync *sync;
  GCancellable *cancellable;  /* of the close in flight */
  RingiPinDialog *pin_dialog; /* weak: asking the PIN of the close */
  int year;
  int month;
  gboolean busy;
  gboolean can_close;
  guint n_punches;
  RingiAttendanceTotals totals;

  GtkStack *stack;
  GtkLabel *month_label;
  AdwActionRow *close_row;
  GtkFlowBox *totals_box;
  GtkListBox *caps_list;
  RingiDayTable *day_table;
  GtkStack *recorded_stack;
  GtkListBox *recorded_list;
  GtkListBox *sent_list;
};

G_DEFINE_FINAL_TYPE (RingiMyMonth, ringi_my_month, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  MONTH_CHANGED,
  CLOSED,
  REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

GtkWidget *
ringi_my_month_new (void)
{
  return g_object_new (RINGI_TYPE_MY_MONTH, NULL);
}

static void
update_actions (RingiMyMonth *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "month.close",
                                 self->sync != NULL && !self->busy && self->can_close && self->n_punches > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "month.correction", self->sync != NULL && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "month.leave", self->sync != NULL && !self->busy);
}

static void
set_busy (RingiMyMonth *self,
          gboolean busy)
{
  if (self->busy == busy)
    return;

  self->busy = busy;
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
toast (RingiMyMonth *self,
       const char *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

static void
clear_children (GtkWidget *parent)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (parent)) != NULL)
    {
      if (GTK_IS_FLOW_BOX (parent))
        gtk_flow_box_remove (GTK_FLOW_BOX (parent), child);
      else if (GTK_IS_LIST_BOX (parent))
        gtk_list_box_remove (GTK_LIST_BOX (parent), child);
      else
        gtk_grid_remove (GTK_GRID (parent), child);
    }
}

static char *
month_title (int year,
             int month)
{
  g_autoptr(GDateTime) first = g_date_time_new (ringi_attendance_get_time_zone (), year, month, 1, 0, 0, 0);

  return g_date_time_format (first, "%B %Y");
}

/* The month's close as the server last said. */
static void
show_close (RingiMyMonth *self,
            const RingiAttendanceData *data)
{
  const char *title, *subtitle;

  self->can_close = data->close == NULL;
  if (data->close == NULL)
    {
      title = _("Not closed");
      subtitle = _("At the end of the month, check the days below and close the month: your manager approves it.");
    }
  else if (data->close->pending)
    {
      title = _("Closed, waiting to be sent");
      subtitle = _("The close is signed and goes to the server at the next connection.");
    }
  else
    switch (data->close->status)
      {
      case RINGI_REQUEST_DECIDED:
        title = _("Approved, locked");
        subtitle = _("Your manager approved the month. Changes now need an approved correction request.");
        break;
      case RINGI_REQUEST_IN_PROGRESS:
        title = _("Waiting for approval");
        subtitle = _("Your manager has the month's timesheet.");
        break;
      default:
        title = _("Sent back");
        subtitle = _("The close was returned: correct what is asked and close the month again.");
        self->can_close = TRUE;
        break;
      }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->close_row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->close_row), subtitle);
}

static void
add_total (RingiMyMonth *self,
           const char *caption,
           char *value)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *number = gtk_label_new (value);
  GtkWidget *label = gtk_label_new (caption);

  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (number, "title-3");
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (number, 8);
  gtk_widget_set_margin_bottom (label, 8);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_box_append (GTK_BOX (box), number);
  gtk_box_append (GTK_BOX (box), label);
  gtk_flow_box_append (self->totals_box, box);
  g_free (value);
}

static void
show_totals (RingiMyMonth *self,
             const RingiAttendanceTotals *totals)
{
  clear_children (GTK_WIDGET (self->totals_box));
  add_total (self, _("Days worked"), g_strdup_printf ("%u", totals->days_worked));
  add_total (self, _("Work"), ringi_attendance_format_minutes (totals->work_min));
  add_total (self, _("Overtime"), ringi_attendance_format_minutes (totals->overtime_min));
  add_total (self, _("Legal overtime"), ringi_attendance_format_minutes (totals->legal_overtime_min));
  add_total (self, _("Late night"), ringi_attendance_format_minutes (totals->late_night_min));
  add_total (self, _("Holiday work"), ringi_attendance_format_minutes (totals->holiday_min));
  add_total (self, _("Breaks"), ringi_attendance_format_minutes (totals->break_min));
  add_total (self, _("Time out"), ringi_attendance_format_minutes (totals->time_out_min));
  add_total (self, _("Telework days"), g_strdup_printf ("%u", totals->telework_days));
}

static void
add_gauge (RingiMyMonth *self,
           const char *title,
           guint value,
           guint limit)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *bar = gtk_level_bar_new_for_interval (0, MAX (limit, 1));
  g_autofree char *shown = ringi_attendance_format_minutes (value);
  g_autofree char *of = ringi_attendance_format_minutes (limit);
  /* Translators: e.g. 12:30 of 45:00 */
  g_autofree char *subtitle = g_strdup_printf (_("%s of %s"), shown, of);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_level_bar_set_value (GTK_LEVEL_BAR (bar), MIN (value, MAX (limit, 1)));
  /* Past four fifths of the cap the bar turns to a warning. */
  gtk_level_bar_add_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_LOW, limit * 0.8);
  gtk_level_bar_add_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_HIGH, limit);
  gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (bar, 120, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), bar);
  gtk_list_box_append (self->caps_list, row);
}

static void
show_caps (RingiMyMonth *self,
           const RingiAttendanceData *data)
{
  const RingiTimesheet *sheet = data->sheet;
  const RingiAttendanceCaps *caps = &sheet->rules.caps;
  const RingiAttendanceTotals *totals = &sheet->summary.totals;
  guint with_holiday = totals->overtime_min + totals->holiday_min;

  clear_children (GTK_WIDGET (self->caps_list));
  add_gauge (self, _("Overtime against the monthly cap"),
             caps->month_counts_holiday ? with_holiday : totals->overtime_min, caps->month_limit);
  add_gauge (self, _("Overtime this fiscal year against the yearly cap"), data->year_overtime_min, caps->year_limit);
  /* Translators: 安衛則 52-2, the doctor's interview notice */
  add_gauge (self, _("Overtime and holiday work against the 80-hour notice"), with_holiday, caps->notice_threshold);

  for (guint i = 0; sheet->alerts != NULL && i < sheet->alerts->len; i++)
    {
      const RingiAttendanceAlert *alert = &g_array_index (sheet->alerts, RingiAttendanceAlert, i);
      g_autofree char *text = ringi_attendance_alert_describe (alert);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      gtk_widget_add_css_class (icon, "warning");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_list_box_append (self->caps_list, row);
    }
}

static void
show_recorded (RingiMyMonth *self,
               GPtrArray *activity)
{
  clear_children (GTK_WIDGET (self->recorded_list));
  for (guint i = 0; i < activity->len; i++)
    {
      RingiActivityPeriod *period = g_ptr_array_index (activity, i);
      g_autoptr(GDateTime) since = g_date_time_new_from_unix_utc (period->since);
      g_autoptr(GDateTime) local = g_date_time_to_timezone (since, ringi_attendance_get_time_zone ());
      g_autofree char *day = g_date_time_format (local, "%Y-%m-%d %a");
      g_autofree char *from = ringi_attendance_format_unix_clock (period->since);
      g_autofree char *to = period->until > 0 ? ringi_attendance_format_unix_clock (period->until) : g_strdup (_("now"));
      g_autofree char *title = g_strdup_printf ("%s  %s–%s", day, from, to);
      g_autofree char *subtitle =
        g_strdup_printf ("%s → %s", ringi_attendance_format_activity_event (period->since_event),
                         period->until_event ? ringi_attendance_format_activity_event (period->until_event) : "…");
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_append (self->recorded_list, row);
    }
  gtk_stack_set_visible_child_name (self->recorded_stack, activity->len > 0 ? "list" : "empty");
}

static const char *
describe_upload_state (RingiActivityUploadState state)
{
  switch (state)
    {
    case RINGI_ACTIVITY_UPLOAD_SENT:
      return _("Sent to the server");
    case RINGI_ACTIVITY_UPLOAD_REFUSED:
      return _("Refused by the server");
    case RINGI_ACTIVITY_UPLOAD_WAITING:
    default:
      return _("Waiting to be sent");
    }
}

/* The days whose first and last times were given to the server: all
 * that the person's manager may see of this record. */
static void
show_sent (RingiMyMonth *self,
           GArray *uploads)
{
  clear_children (GTK_WIDGET (self->sent_list));
  for (guint i = 0; i < uploads->len; i++)
    {
      const RingiActivityUpload *upload = &g_array_index (uploads, RingiActivityUpload, i);
      g_autoptr(GDateTime) first = g_date_time_new_from_unix_utc (upload->first);
      g_autoptr(GDateTime) local = g_date_time_to_timezone (first, ringi_attendance_get_time_zone ());
      g_autofree char *day = g_date_time_format (local, "%Y-%m-%d %a");
      g_autofree char *from = ringi_attendance_format_unix_clock (upload->first);
      g_autofree char *to = ringi_attendance_format_unix_clock (upload->last);
      /* Translators: a day sent to the server: its date, first and last activity times */
      g_autofree char *title = g_strdup_printf (_("%s  first %s, last %s"), day, from, to);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), describe_upload_state (upload->state));
      gtk_list_box_append (self->sent_list, row);
    }

  if (uploads->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Nothing of this month was sent to the server"));
      gtk_list_box_append (self->sent_list, row);
    }
}

/**
 * ringi_my_month_show:
 * @self: a #RingiMyMonth
 * @data: what the loader read for the month shown
 */
void
ringi_my_month_show (RingiMyMonth *self,
                     const RingiAttendanceData *data)
{
  g_autofree char *title = NULL;

  g_return_if_fail (RINGI_IS_MY_MONTH (self));
  g_return_if_fail (data != NULL && data->sheet != NULL);

  self->year = data->sheet->year;
  self->month = data->sheet->month;
  self->n_punches = data->sheet->n_punches;
  self->totals = data->sheet->summary.totals;
  title = month_title (self->year, self->month);
  gtk_label_set_label (self->month_label, title);
  show_close (self, data);
  show_totals (self, &data->sheet->summary.totals);
  show_caps (self, data);
  ringi_day_table_show (self->day_table, data, self->year, self->month);
  show_recorded (self, data->activity);
  show_sent (self, data->uploads);
  update_actions (self);
}

void
ringi_my_month_set_sync (RingiMyMonth *self,
                         RingiSync *sync)
{
  g_return_if_fail (RINGI_IS_MY_MONTH (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_set_object (&self->sync, sync);
  update_actions (self);
}

/**
 * ringi_my_month_set_month:
 * @self: a #RingiMyMonth
 * @year: the year
 * @month: the month, 1 to 12
 *
 * Shows another month: emits #RingiMyMonth::month-changed, so that the
 * page reads it.
 */
void
ringi_my_month_set_month (RingiMyMonth *self,
                          int year,
                          int month)
{
  g_autofree char *title = NULL;

  g_return_if_fail (RINGI_IS_MY_MONTH (self));
  g_return_if_fail (month >= 1 && month <= 12);

  if (self->year == year && self->month == month)
    return;

  self->year = year;
  self->month = month;
  self->can_close = FALSE;
  title = month_title (year, month);
  gtk_label_set_label (self->month_label, title);
  update_actions (self);
  g_signal_emit (self, signals[MONTH_CHANGED], 0);
}

int
ringi_my_month_get_year (RingiMyMonth *self)
{
  g_return_val_if_fail (RINGI_IS_MY_MONTH (self), 0);

  return self->year;
}

int
ringi_my_month_get_month (RingiMyMonth *self)
{
  g_return_val_if_fail (RINGI_IS_MY_MONTH (self), 0);

  return self->month;
}

gboolean
ringi_my_month_get_busy (RingiMyMonth *self)
{
  g_return_val_if_fail (RINGI_IS_MY_MONTH (self), FALSE);

  return self->busy;
}

static void
step_month (RingiMyMonth *self,
            int step)
{
  int index = self->year * 12 + (self->month - 1) + step;

  ringi_my_month_set_month (self, index / 12, index % 12 + 1);
}

static void
previous_action (GtkWidget *widget,
                 const char *action_name,
                 GVariant *parameter)
{
  step_month (RINGI_MY_MONTH (widget), -1);
}

static void
next_action (GtkWidget *widget,
             const char *action_name,
             GVariant *parameter)
{
  step_month (RINGI_MY_MONTH (widget), 1);
}

static void
closed_cb (GObject *source,
           GAsyncResult *result,
           gpointer user_data)
{
  g_autoptr(RingiMyMonth) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = ringi_sync_close_month_finish (RINGI_SYNC (source), result, &error);

  /* A wrong PIN is said in the dialog, still open to try again. */
  if (g_error_matches (error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_BAD_PASSPHRASE) && self->pin_dialog != NULL)
    {
      ringi_pin_dialog_show_error (self->pin_dialog, _("That PIN does not unlock your seal. Try again."));
      return;
    }

  set_busy (self, FALSE);
  if (self->pin_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->pin_dialog));
  if (id == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }

  toast (self, _("Month closed: it now waits for your manager's approval"));
  g_signal_emit (self, signals[CLOSED], 0, id);
}

static void
on_pin_entered (RingiMyMonth *self,
                const char *pin)
{
  if (self->sync == NULL)
    {
      set_busy (self, FALSE);
      gtk_window_destroy (GTK_WINDOW (self->pin_dialog));
      return;
    }

  ringi_sync_close_month_async (self->sync, self->year, self->month, pin, self->cancellable, closed_cb,
                                g_object_ref (self));
}

/* Cancelled, or closed once a wrong PIN was said: the page is ready
 * again. A close still being signed says itself when it is done. */
static void
on_pin_dialog_destroy (RingiMyMonth *self,
                       GtkWidget *dialog)
{
  if (!ringi_pin_dialog_get_busy (RINGI_PIN_DIALOG (dialog)))
    set_busy (self, FALSE);
}

static void
confirm_close_cb (AdwMessageDialog *dialog,
                  const char *response,
                  RingiMyMonth *self)
{
  g_autoptr(RingiMyMonth) owned = self;
  g_autofree char *title = month_title (self->year, self->month);
  /* Translators: the heading of the PIN prompt, e.g. Sign the Close of November 2026? */
  g_autofree char *heading = g_strdup_printf (_("Sign the Close of %s?"), title);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  /* One answer only: closing afterwards would answer "cancel" again. */
  g_signal_handlers_disconnect_by_func (dialog, confirm_close_cb, self);
  if (!g_str_equal (response, "close"))
    {
      set_busy (self, FALSE);
      return;
    }

  g_set_weak_pointer (&self->pin_dialog,
                      ringi_pin_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading));
  g_signal_connect_object (self->pin_dialog, "pin-entered", G_CALLBACK (on_pin_entered), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->pin_dialog, "destroy", G_CALLBACK (on_pin_dialog_destroy), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (self->pin_dialog));
}

/* Says exactly what is about to be signed before the PIN is asked. */
static void
close_action (GtkWidget *widget,
              const char *action_name,
              GVariant *parameter)
{
  RingiMyMonth *self = RINGI_MY_MONTH (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *title = month_title (self->year, self->month);
  g_autofree char *heading = g_strdup_printf (_("Close %s?"), title);
  g_autofree char *work = ringi_attendance_format_minutes (self->totals.work_min);
  g_autofree char *overtime = ringi_attendance_format_minutes (self->totals.overtime_min);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  body = g_strdup_printf (_("You sign the list of the month's %u punches, and the timesheet (%u days, work %s, "
                             "overtime %s) goes to your manager for approval. Once approved, the month is locked: "
                             "later changes need a correction request."),
                          self->n_punches, self->totals.days_worked, work, overtime);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "close", _("C_lose Month"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "close", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (confirm_close_cb), g_object_ref (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
requested_cb (GObject *source,
              GAsyncResult *result,
              gpointer user_data)
{
  g_autoptr(RingiMyMonth) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = ringi_attendance_request_ask_finish (result, &error);

  set_busy (self, FALSE);
  if (id == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }

  toast (self, _("Request sent: your manager decides it"));
  g_signal_emit (self, signals[REQUESTED], 0, id);
}

static void
request_action (GtkWidget *widget,
                const char *action_name,
                GVariant *parameter)
{
  RingiMyMonth *self = RINGI_MY_MONTH (widget);
  RingiAttendanceRequestKind kind = g_str_equal (action_name, "month.correction") ? RINGI_ATTENDANCE_REQUEST_CORRECTION
                                                                                  : RINGI_ATTENDANCE_REQUEST_LEAVE;

  if (self->sync == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  ringi_attendance_request_ask_async (widget, self->sync, kind, self->cancellable, requested_cb, g_object_ref (self));
}

static void
show_recorded_action (GtkWidget *widget,
                      const char *action_name,
                      GVariant *parameter)
{
  gtk_stack_set_visible_child_name (RINGI_MY_MONTH (widget)->stack, "recorded");
}

static void
show_month_action (GtkWidget *widget,
                   const char *action_name,
                   GVariant *parameter)
{
  gtk_stack_set_visible_child_name (RINGI_MY_MONTH (widget)->stack, "month");
}

static void
ringi_my_month_dispose (GObject *object)
{
  RingiMyMonth *self = RINGI_MY_MONTH (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->pin_dialog != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->pin_dialog, self);
      gtk_window_destroy (GTK_WINDOW (self->pin_dialog));
    }
  g_clear_weak_pointer (&self->pin_dialog);
  g_clear_object (&self->sync);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), RINGI_TYPE_MY_MONTH);

  G_OBJECT_CLASS (ringi_my_month_parent_class)->dispose (object);
}

static void
ringi_my_month_get_property (GObject *object,
                             guint prop_id,
                             GValue *value,
                             GParamSpec *pspec)
{
  RingiMyMonth *self = RINGI_MY_MONTH (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ringi_my_month_class_init (RingiMyMonthClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ringi_my_month_dispose;
  object_class->get_property = ringi_my_month_get_property;

  g_type_ensure (RINGI_TYPE_DAY_TABLE);

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE, (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RingiMyMonth::month-changed:
   *
   * Emitted when the person moves to another month.
   */
  signals[MONTH_CHANGED] = g_signal_new ("month-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                         NULL, G_TYPE_NONE, 0);
  /**
   * RingiMyMonth::closed:
   * @request_id: the 勤務月報 request made
   *
   * Emitted once the month's close is signed and queued.
   */
  /**
   * RingiMyMonth::requested:
   * @request_id: the correction or leave request made
   *
   * Emitted once a correction or leave request is signed and queued.
   */
  signals[REQUESTED] = g_signal_new ("requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                     G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[CLOSED] = g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "month.previous", NULL, previous_action);
  gtk_widget_class_install_action (widget_class, "month.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "month.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "month.correction", NULL, request_action);
  gtk_widget_class_install_action (widget_class, "month.leave", NULL, request_action);
  gtk_widget_class_install_action (widget_class, "month.show-recorded", NULL, show_recorded_action);
  gtk_widget_class_install_action (widget_class, "month.show-month", NULL, show_month_action);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ringi-my-month.ui");
  gtk_widget_class_bind_template_child (widget_class, RingiMyMonth, stack);
  gtk_widget_class_bind_template_child (widget_class, RingiMyMonth, month_label);
  gtk_widget_class_bind_template_child (widget_class, RingiMyMonth, close_row);
  gtk_widget_class_bind_template_child (widget_class, RingiMyMonth, totals_box);
  gtk_widget_class_bind_template_child (widget_class, RingiMyMonth, caps_list);
  gtk_widget_class_bind_template_child (widget_class, RingiMyMonth, day_table);
  gtk_widget_class_bind_template_child (widget_class, RingiMyMonth, recorded_stack);
  gtk_widget_class_bind_template_child (widget_class, RingiMyMonth, recorded_list);
  gtk_widget_class_bind_template_child (widget_class, RingiMyMonth, sent_list);
}

static void
ringi_my_month_init (RingiMyMonth *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (ringi_attendance_get_time_zone ());

  gtk_widget_init_template (GTK_WIDGET (self));
  self->year = g_date_time_get_year (now);
  self->month = g_date_time_get_month (now);
  update_actions (self);
}
