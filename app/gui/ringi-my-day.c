/* ringi-my-day.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-my-day"

#include "config.h"

#include <glib/gi18n.h>

#include "ringi-attendance-format.h"
#include "ringi-keyring.h"
#include "ringi-my-day.h"
#include "ringi-pin-dialog.h"

/* My day: where the person's day stands, one big button to clock in or
 * out, break and time-out (中抜け) buttons, the place and a note, and
 * today's punches with their sync state. Each punch is signed with the
 * seal, so each asks the PIN; offline it is queued by the sync engine. */

struct _RingiMyDay
{
  AdwBin parent_instance;

  RingiSync *sync;
  GCancellable *cancellable;  /* of the punch in flight */
  RingiPinDialog *pin_dialog; /* weak: asking the PIN of this punch */
  RingiPunchKind pin_kind;
  RingiDayState state;
  gboolean place_chosen; /* by the person, since the page was shown */
  gboolean setting_place;
  gboolean busy;

  GtkLabel *state_label;
  GtkButton *clock_button;
  GtkButton *break_button;
  GtkButton *out_button;
  AdwComboRow *place_row;
  GtkStringList *places;
  AdwEntryRow *note_row;
  AdwActionRow *activity_row;
  GtkStack *timeline_stack;
  GtkListBox *timeline;
};

G_DEFINE_FINAL_TYPE (RingiMyDay, ringi_my_day, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  PUNCHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

GtkWidget *
ringi_my_day_new (void)
{
  return g_object_new (RINGI_TYPE_MY_DAY, NULL);
}

static void
set_place (RingiMyDay *self,
           RingiPunchPlace place)
{
  self->setting_place = TRUE;
  adw_combo_row_set_selected (self->place_row, place);
  self->setting_place = FALSE;
}

static void
update_buttons (RingiMyDay *self)
{
  gboolean on = self->state == RINGI_DAY_STATE_WORKING || self->state == RINGI_DAY_STATE_BREAK ||
                self->state == RINGI_DAY_STATE_OUT;
  gboolean ready = self->sync != NULL && !self->busy;

  gtk_button_set_label (self->clock_button, on ? _("Clock Out") : _("Clock In"));
  gtk_widget_remove_css_class (GTK_WIDGET (self->clock_button), on ? "suggested-action" : "destructive-action");
  gtk_widget_add_css_class (GTK_WIDGET (self->clock_button), on ? "destructive-action" : "suggested-action");
  gtk_button_set_label (self->break_button,
                        self->state == RINGI_DAY_STATE_BREAK ? _("End Break") : _("Start Break"));
  gtk_button_set_label (self->out_button, self->state == RINGI_DAY_STATE_OUT ? _("Back In") : _("Step Out"));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "day.clock", ready && self->state != RINGI_DAY_STATE_BREAK && self->state != RINGI_DAY_STATE_OUT);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "day.break", ready && (self->state == RINGI_DAY_STATE_WORKING || self->state == RINGI_DAY_STATE_BREAK));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "day.time-out", ready && (self->state == RINGI_DAY_STATE_WORKING || self->state == RINGI_DAY_STATE_OUT));
}

static void
set_busy (RingiMyDay *self,
          gboolean busy)
{
  if (self->busy == busy)
    return;

  self->busy = busy;
  update_buttons (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
toast (RingiMyDay *self,
       const char *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
  else
    g_message ("%s", message);
}

static GtkWidget *
make_punch_row (RingiStoredPunch *stored)
{
  g_autoptr(RingiPunch) punch = ringi_punch_parse (stored->record, NULL);
  g_autofree char *clock = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *state = NULL;
  GtkWidget *row = adw_action_row_new ();

  if (punch == NULL)
    return row;

  clock = ringi_attendance_format_clock (ringi_punch_get_client_time (punch));
  /* Translators: a punch of today's timeline, e.g. 8:31  Clock in */
  title = g_strdup_printf (_("%s  %s"), clock, ringi_punch_kind_get_label (ringi_punch_get_kind (punch)));
  if (stored->server_time > 0)
    {
      g_autoptr(GDateTime) received = g_date_time_new_from_unix_utc (stored->server_time);
      g_autoptr(GDateTime) local = g_date_time_to_timezone (received, ringi_attendance_get_time_zone ());

      state = g_date_time_format (local, _("received %k:%M:%S"));
      g_strstrip (state);
    }
  else
    state = g_strdup (_("waiting to be sent"));
  subtitle = g_strdup_printf ("%s · %s", ringi_punch_place_get_label (ringi_punch_get_place (punch)), state);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  if (stored->skewed)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
      const char *why = _("This computer's clock and the server's differed by more than 5 minutes");

      gtk_widget_set_tooltip_text (icon, why);
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, why, -1);
      gtk_widget_add_css_class (icon, "warning");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
    }
  return row;
}

/* Our own records, or ones the server checked: they parse. */
static RingiPunch *
parse_stored (RingiStoredPunch *stored)
{
  return ringi_punch_parse (stored->record, NULL);
}

/* Today's objective record beside the clock-in: the gap (乖離) the
 * person should see before the manager does. */
static void
show_activity (RingiMyDay *self,
               const RingiAttendanceData *data,
               RingiPunch *first_punch)
{
  g_autoptr(GArray) days = ringi_activity_summarize_days (data->today_activity);
  g_autofree char *text = NULL;

  if (days->len == 0)
    text = g_strdup (_("Nothing recorded yet today"));
  else
    {
      const RingiActivityDay *day = &g_array_index (days, RingiActivityDay, 0);
      g_autofree char *since = ringi_attendance_format_unix_clock (day->first);

      if (first_punch != NULL && ringi_punch_get_kind (first_punch) == RINGI_PUNCH_CLOCK_IN)
        {
          gint64 clock_in = g_date_time_to_unix (ringi_punch_get_client_time (first_punch));
          g_autofree char *gap = ringi_attendance_format_minutes (
            (guint) ((clock_in > day->first ? clock_in - day->first : day->first - clock_in) / 60));

          /* Translators: e.g. Since 8:25 · 0:06 from your clock-in */
          text = g_strdup_printf (_("Since %s · %s from your clock-in"), since, gap);
        }
      else
        text = g_strdup_printf (_("Since %s"), since);
    }
  adw_action_row_set_subtitle (self->activity_row, text);
}

/**
 * ringi_my_day_show:
 * @self: a #RingiMyDay
 * @data: what the loader read
 *
 * Shows today's punches and the state they leave the day in.
 */
void
ringi_my_day_show (RingiMyDay *self,
                   const RingiAttendanceData *data)
{
  g_autoptr(RingiPunch) first = NULL;
  g_autoptr(RingiPunch) last = NULL;
  g_autofree char *state = NULL;
  GtkWidget *child;

  g_return_if_fail (RINGI_IS_MY_DAY (self));
  g_return_if_fail (data != NULL);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->timeline))) != NULL)
    gtk_list_box_remove (self->timeline, child);
  for (guint i = 0; i < data->today->len; i++)
    gtk_list_box_append (self->timeline, make_punch_row (g_ptr_array_index (data->today, i)));
  gtk_stack_set_visible_child_name (self->timeline_stack, data->today->len > 0 ? "list" : "empty");

  if (data->today->len > 0)
    {
      first = parse_stored (g_ptr_array_index (data->today, 0));
      last = parse_stored (g_ptr_array_index (data->today, data->today->len - 1));
    }
  show_activity (self, data, first);
  self->state = ringi_attendance_state_after (last);
  state = ringi_attendance_describe_state (last);
  gtk_label_set_label (self->state_label, state);

  if (!self->place_chosen && data->has_last_place)
    set_place (self, data->last_place);
  update_buttons (self);
}

/**
 * ringi_my_day_set_sync:
 * @self: a #RingiMyDay
 * @sync: (nullable): the enrolled profile's sync engine
 * @config: (nullable): the organisation's settings, for the default place
 */
void
ringi_my_day_set_sync (RingiMyDay *self,
                       RingiSync *sync,
                       RingiConfig *config)
{
  RingiPunchPlace place = RINGI_PUNCH_PLACE_OFFICE;

  g_return_if_fail (RINGI_IS_MY_DAY (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_set_object (&self->sync, sync);
  self->place_chosen = FALSE;
  if (config != NULL)
    ringi_config_get_default_place (config, &place);
  set_place (self, place);
  update_buttons (self);
}

RingiPunchPlace
ringi_my_day_get_place (RingiMyDay *self)
{
  g_return_val_if_fail (RINGI_IS_MY_DAY (self), RINGI_PUNCH_PLACE_OFFICE);

  return (RingiPunchPlace) adw_combo_row_get_selected (self->place_row);
}

gboolean
ringi_my_day_get_busy (RingiMyDay *self)
{
  g_return_val_if_fail (RINGI_IS_MY_DAY (self), FALSE);

  return self->busy;
}

static void
punched_cb (GObject *source,
            GAsyncResult *result,
            gpointer user_data)
{
  g_autoptr(RingiMyDay) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = ringi_sync_punch_finish (RINGI_SYNC (source), result, &error);

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

  gtk_editable_set_text (GTK_EDITABLE (self->note_row), "");
  g_signal_emit (self, signals[PUNCHED], 0, id);
}

static void
on_pin_entered (RingiMyDay *self,
                const char *pin)
{
  const char *note = gtk_editable_get_text (GTK_EDITABLE (self->note_row));
  RingiPunchInput input = { 0 };

  if (self->sync == NULL)
    {
      set_busy (self, FALSE);
      gtk_window_destroy (GTK_WINDOW (self->pin_dialog));
      return;
    }

  input.kind = self->pin_kind;
  input.place = ringi_my_day_get_place (self);
  input.note = note[0] != '\0' ? note : NULL;
  ringi_sync_punch_async (self->sync, &input, pin, self->cancellable, punched_cb, g_object_ref (self));
}

/* Cancelled, or closed once a wrong PIN was said: the page is ready
 * again. A punch still being signed says itself when it is done. */
static void
on_pin_dialog_destroy (RingiMyDay *self,
                       GtkWidget *dialog)
{
  if (!ringi_pin_dialog_get_busy (RINGI_PIN_DIALOG (dialog)))
    set_busy (self, FALSE);
}

static void
punch (RingiMyDay *self,
       RingiPunchKind kind)
{
  /* Translators: the heading of the PIN prompt, e.g. Sign “Clock in”? */
  g_autofree char *heading = g_strdup_printf (_("Sign “%s”?"), ringi_punch_kind_get_label (kind));
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->pin_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->pin_dialog));
      return;
    }

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  self->pin_kind = kind;
  set_busy (self, TRUE);
  g_set_weak_pointer (&self->pin_dialog,
                      ringi_pin_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                            _("The punch is signed with your seal. Without a connection it waits "
                                               "here and is sent later, with the time you punched.")));
  gtk_window_set_title (GTK_WINDOW (self->pin_dialog), heading);
  ringi_pin_dialog_set_confirm_label (self->pin_dialog, _("_Punch"));
  g_signal_connect_object (self->pin_dialog, "pin-entered", G_CALLBACK (on_pin_entered), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->pin_dialog, "destroy", G_CALLBACK (on_pin_dialog_destroy), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (self->pin_dialog));
}

static void
clock_action (GtkWidget *widget,
              const char *action_name,
              GVariant *parameter)
{
  RingiMyDay *self = RINGI_MY_DAY (widget);

  punch (self, self->state == RINGI_DAY_STATE_WORKING ? RINGI_PUNCH_CLOCK_OUT : RINGI_PUNCH_CLOCK_IN);
}

static void
break_action (GtkWidget *widget,
              const char *action_name,
              GVariant *parameter)
{
  RingiMyDay *self = RINGI_MY_DAY (widget);

  punch (self, self->state == RINGI_DAY_STATE_BREAK ? RINGI_PUNCH_BREAK_END : RINGI_PUNCH_BREAK_START);
}

static void
time_out_action (GtkWidget *widget,
                 const char *action_name,
                 GVariant *parameter)
{
  RingiMyDay *self = RINGI_MY_DAY (widget);

  punch (self, self->state == RINGI_DAY_STATE_OUT ? RINGI_PUNCH_IN : RINGI_PUNCH_OUT);
}

static void
place_selected_cb (RingiMyDay *self)
{
  if (!self->setting_place)
    self->place_chosen = TRUE;
}

static void
ringi_my_day_dispose (GObject *object)
{
  RingiMyDay *self = RINGI_MY_DAY (object);

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
  gtk_widget_dispose_template (GTK_WIDGET (self), RINGI_TYPE_MY_DAY);

  G_OBJECT_CLASS (ringi_my_day_parent_class)->dispose (object);
}

static void
ringi_my_day_get_property (GObject *object,
                           guint prop_id,
                           GValue *value,
                           GParamSpec *pspec)
{
  RingiMyDay *self = RINGI_MY_DAY (object);

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
ringi_my_day_class_init (RingiMyDayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ringi_my_day_dispose;
  object_class->get_property = ringi_my_day_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE, (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RingiMyDay::punched:
   * @id: the new punch's uuid
   *
   * Emitted once a punch is signed and kept (queued when offline).
   */
  signals[PUNCHED] = g_signal_new ("punched", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "day.clock", NULL, clock_action);
  gtk_widget_class_install_action (widget_class, "day.break", NULL, break_action);
  gtk_widget_class_install_action (widget_class, "day.time-out", NULL, time_out_action);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ringi-my-day.ui");
  gtk_widget_class_bind_template_child (widget_class, RingiMyDay, state_label);
  gtk_widget_class_bind_template_child (widget_class, RingiMyDay, clock_button);
  gtk_widget_class_bind_template_child (widget_class, RingiMyDay, break_button);
  gtk_widget_class_bind_template_child (widget_class, RingiMyDay, out_button);
  gtk_widget_class_bind_template_child (widget_class, RingiMyDay, place_row);
  gtk_widget_class_bind_template_child (widget_class, RingiMyDay, places);
  gtk_widget_class_bind_template_child (widget_class, RingiMyDay, note_row);
  gtk_widget_class_bind_template_child (widget_class, RingiMyDay, activity_row);
  gtk_widget_class_bind_template_child (widget_class, RingiMyDay, timeline_stack);
  gtk_widget_class_bind_template_child (widget_class, RingiMyDay, timeline);
}

static void
ringi_my_day_init (RingiMyDay *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* In the order of RingiPunchPlace: the row's position is the place. */
  for (RingiPunchPlace place = RINGI_PUNCH_PLACE_HOME; place <= RINGI_PUNCH_PLACE_TRIP; place++)
    gtk_string_list_append (self->places, ringi_punch_place_get_label (place));
  g_signal_connect_swapped (self->place_row, "notify::selected", G_CALLBACK (place_selected_cb), self);
  gtk_label_set_label (self->state_label, _("Not working"));
  update_buttons (self);
}
