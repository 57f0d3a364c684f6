/* ringi-attendance-request.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-attendance-request"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "ringi-attendance-format.h"
#include "ringi-attendance-pdf.h"
#include "ringi-attendance-request.h"
#include "ringi-attendance-rules.h"
#include "ringi-keyring.h"
#include "ringi-month-close.h"
#include "ringi-pin-dialog.h"
#include "ringi-text.h"

/* Correction (打刻修正申請) and leave (休暇申請) requests from My month:
 * a short form, then the seal PIN; the request is a one-page form PDF
 * on the category's route template, as `ringi-cli correct` and `ringi-cli
 * leave` make it, so that the manager approves it like any request. A
 * correction signs its punch at once and carries it
 * (ringi_sync_request_correction_async()): the approval adds it, and it
 * appears after a sync like any punch. */

typedef struct
{
  RingiSync *sync;
  RingiAttendanceRequestKind kind;
  GtkWidget *parent;
  /* the form's rows, those of the kind asked */
  GtkEditable *date;
  GtkEditable *until;
  GtkEditable *time;
  AdwComboRow *replaces;
  GPtrArray *replaceable; /* RingiStoredPunch: the day's punches, after "none" */
  AdwComboRow *punch_kind;
  AdwComboRow *place;
  AdwComboRow *leave_kind;
  GtkSpinButton *hours;
  AdwComboRow *leave_type;
  GtkEditable *reason;
  /* what is submitted, read from the rows before the form closes */
  char *title;
  RingiLeaveInput leave;
  char *first_day;
  char *last_day;
  char *leave_reason;
  RingiPunchInput correction;
  GDateTime *corrected_time;
  char *note;
  char *corrects;
  /* the PIN asked, and whether the task has its answer */
  RingiPinDialog *pin_dialog; /* weak */
  gboolean done;
} Form;

static void
form_free (Form *form)
{
  g_clear_object (&form->sync);
  g_clear_object (&form->parent);
  g_clear_weak_pointer (&form->pin_dialog);
  g_free (form->title);
  g_free (form->first_day);
  g_free (form->last_day);
  g_free (form->leave_reason);
  g_clear_pointer (&form->corrected_time, g_date_time_unref);
  g_clear_pointer (&form->replaceable, g_ptr_array_unref);
  g_free (form->note);
  g_free (form->corrects);
  g_free (form);
}

static gboolean
is_time (const char *text)
{
  int hour, minute;
  char end;

  return sscanf (text, "%2d:%2d%c", &hour, &minute, &end) == 2 && hour >= 0 && hour < 24 && minute >= 0 &&
         minute < 60 && strlen (text) == 5;
}

static GtkEditable *
add_entry (GtkListBox *list,
           const char *title,
           const char *text)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
  gtk_list_box_append (list, row);
  return GTK_EDITABLE (row);
}

static AdwComboRow *
add_combo (GtkListBox *list,
           const char *title,
           const char *const *choices)
{
  GtkWidget *row = adw_combo_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (gtk_string_list_new (choices)));
  gtk_list_box_append (list, row);
  return ADW_COMBO_ROW (row);
}

static gboolean
form_is_valid (Form *form)
{
  const char *reason = gtk_editable_get_text (form->reason);

  if (!ringi_text_parse_date (gtk_editable_get_text (form->date), NULL))
    return FALSE;
  if (form->kind == RINGI_ATTENDANCE_REQUEST_CORRECTION)
    return is_time (gtk_editable_get_text (form->time)) && reason[0] != '\0';

  return ringi_leave_input_check (&(RingiLeaveInput){
                                    .first_day = gtk_editable_get_text (form->date),
                                    .last_day = gtk_editable_get_text (form->until)[0] != '\0'
                                                  ? gtk_editable_get_text (form->until)
                                                  : NULL,
                                    .type = adw_combo_row_get_selected (form->leave_type),
                                    .length = adw_combo_row_get_selected (form->leave_kind),
                                    .hours = adw_combo_row_get_selected (form->leave_kind) == RINGI_LEAVE_HOURS
                                               ? gtk_spin_button_get_value_as_int (form->hours)
                                               : 0,
                                    .reason = reason,
                                  },
                                  NULL);
}

static void
form_changed_cb (AdwMessageDialog *dialog)
{
  Form *form = g_task_get_task_data (g_object_get_data (G_OBJECT (dialog), "ringi-task"));

  adw_message_dialog_set_response_enabled (dialog, "sign", form_is_valid (form));
}

/* The person's punches of @date still in force: those a correction
 * may replace. One day's rows of the local store. */
static GPtrArray *
list_replaceable (Form *form,
                  const char *date)
{
  RingiProfile *profile = ringi_sync_get_profile (form->sync);
  g_autoptr(RingiSyncSettings) settings = ringi_profile_dup_settings (profile, NULL);
  g_autoptr(GPtrArray) punches = NULL;
  g_autoptr(GDateTime) day = ringi_attendance_parse_day (date);
  GPtrArray *in_force = g_ptr_array_new_with_free_func ((GDestroyNotify) ringi_stored_punch_free);

  if (settings == NULL || day == NULL)
    return in_force;

  punches = ringi_store_list_punches (ringi_profile_get_store (profile), settings->login, g_date_time_to_unix (day),
                                      g_date_time_to_unix (day) + 24 * 60 * 60, NULL);
  for (guint i = 0; punches != NULL && i < punches->len; i++)
    {
      RingiStoredPunch *punch = g_ptr_array_index (punches, i);
      gboolean replaced = FALSE;

      for (guint j = 0; j < punches->len && !replaced; j++)
        replaced = g_strcmp0 (((RingiStoredPunch *) g_ptr_array_index (punches, j))->corrects, punch->punch) == 0;
      if (!replaced)
        g_ptr_array_add (in_force, g_ptr_array_steal_index (punches, i--));
    }
  return in_force;
}

/* "None (a missing punch)", then the day's punches: 8:45 出勤 在宅. */
static void
fill_replaces (Form *form)
{
  g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);

  g_clear_pointer (&form->replaceable, g_ptr_array_unref);
  form->replaceable = list_replaceable (form, gtk_editable_get_text (form->date));
  gtk_string_list_append (choices, _("None, a punch is missing"));
  for (guint i = 0; i < form->replaceable->len; i++)
    {
      RingiStoredPunch *punch = g_ptr_array_index (form->replaceable, i);
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (punch->client_time);
      g_autoptr(GDateTime) time = g_date_time_to_timezone (utc, ringi_attendance_get_time_zone ());
      g_autofree char *clock = ringi_attendance_format_clock (time);
      /* Translators: a punch a correction replaces: time, kind, place */
      g_autofree char *label = g_strdup_printf (_("%s %s, %s"), clock, ringi_punch_kind_get_label (punch->kind),
                                                ringi_punch_place_get_label (punch->place));

      gtk_string_list_append (choices, label);
    }
  adw_combo_row_set_model (form->replaces, G_LIST_MODEL (choices));
  adw_combo_row_set_selected (form->replaces, 0);
}

/* Replacing a punch starts from what it said. */
static void
replaces_selected_cb (Form *form)
{
  guint replaced = adw_combo_row_get_selected (form->replaces);
  RingiStoredPunch *punch;

  if (replaced == GTK_INVALID_LIST_POSITION || replaced == 0 || replaced > form->replaceable->len)
    return;

  punch = g_ptr_array_index (form->replaceable, replaced - 1);
  adw_combo_row_set_selected (form->punch_kind, punch->kind);
  adw_combo_row_set_selected (form->place, punch->place);
}

static GtkWidget *
build_correction (Form *form,
                  const char *today)
{
  GtkListBox *list = GTK_LIST_BOX (gtk_list_box_new ());
  const char *kinds[7] = { NULL };
  const char *places[5] = { NULL };

  for (RingiPunchKind kind = RINGI_PUNCH_CLOCK_IN; kind <= RINGI_PUNCH_IN; kind++)
    kinds[kind] = ringi_punch_kind_get_label (kind);
  for (RingiPunchPlace place = RINGI_PUNCH_PLACE_HOME; place <= RINGI_PUNCH_PLACE_TRIP; place++)
    places[place] = ringi_punch_place_get_label (place);

  form->date = add_entry (list, _("Day (YYYY-MM-DD)"), today);
  form->replaces = add_combo (list, _("Replaces"), NULL);
  fill_replaces (form);
  g_signal_connect_swapped (form->date, "changed", G_CALLBACK (fill_replaces), form);
  form->punch_kind = add_combo (list, _("Punch"), kinds);
  form->time = add_entry (list, _("Correct time (HH:MM)"), NULL);
  form->place = add_combo (list, _("Place of Work"), places);
  form->reason = add_entry (list, _("Reason"), NULL);
  g_signal_connect_swapped (form->replaces, "notify::selected", G_CALLBACK (replaces_selected_cb), form);
  return GTK_WIDGET (list);
}

static GtkWidget *
build_leave (Form *form,
             const char *today)
{
  GtkListBox *list = GTK_LIST_BOX (gtk_list_box_new ());
  const char *kinds[] = {
    ringi_leave_length_get_label (RINGI_LEAVE_DAY), ringi_leave_length_get_label (RINGI_LEAVE_HALF_AM),
    ringi_leave_length_get_label (RINGI_LEAVE_HALF_PM), ringi_leave_length_get_label (RINGI_LEAVE_HOURS), NULL
  };
  const char *types[] = { ringi_leave_type_get_label (RINGI_LEAVE_ANNUAL),
                          ringi_leave_type_get_label (RINGI_LEAVE_SPECIAL), NULL };
  GtkWidget *hours_row = adw_action_row_new ();

  form->date = add_entry (list, _("First day (YYYY-MM-DD)"), today);
  form->until = add_entry (list, _("Last day (empty for one day)"), NULL);
  form->leave_type = add_combo (list, _("Kind of leave"), types);
  form->leave_kind = add_combo (list, _("How long"), kinds);
  form->hours = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (1, 8, 1));
  gtk_widget_set_valign (GTK_WIDGET (form->hours), GTK_ALIGN_CENTER);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (hours_row), _("Hours, for leave by the hour"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (hours_row), GTK_WIDGET (form->hours));
  gtk_list_box_append (list, hours_row);
  form->reason = add_entry (list, _("Reason (for special leave)"), NULL);
  return GTK_WIDGET (list);
}

/* The form's day and time, in Asia/Tokyo; both were checked. */
static GDateTime *
corrected_time (Form *form)
{
  g_autoptr(GDateTime) day = ringi_attendance_parse_day (gtk_editable_get_text (form->date));
  const char *time = gtk_editable_get_text (form->time);
  int hour, minute;

  sscanf (time, "%2d:%2d", &hour, &minute);
  return g_date_time_add_full (day, 0, 0, 0, hour, minute, 0);
}

/* The form's lines, worded as `ringi-cli correct` and `leave` word them. */
static void
compose (Form *form)
{
  const char *date = gtk_editable_get_text (form->date);
  const char *reason = gtk_editable_get_text (form->reason);

  if (form->kind == RINGI_ATTENDANCE_REQUEST_CORRECTION)
    {
      guint replaced = adw_combo_row_get_selected (form->replaces);

      /* the core draws the form, with the signed punch's uuid and sha256 */
      form->title = g_strdup_printf ("%s %s", RINGI_CATEGORY_CORRECTION, date);
      form->corrected_time = corrected_time (form);

      form->note = g_strdup (reason);
      if (replaced != GTK_INVALID_LIST_POSITION && replaced > 0 && replaced <= form->replaceable->len)
        form->corrects = g_strdup (((RingiStoredPunch *) g_ptr_array_index (form->replaceable, replaced - 1))->punch);
      form->correction = (RingiPunchInput){
        .kind = adw_combo_row_get_selected (form->punch_kind),
        .place = adw_combo_row_get_selected (form->place),
        .note = form->note,
        .time = form->corrected_time,
        .corrects = form->corrects,
      };
    }
  else
    {
      const char *until = gtk_editable_get_text (form->until);

      form->first_day = g_strdup (date);
      form->last_day = until[0] != '\0' ? g_strdup (until) : NULL;
      form->leave_reason = reason[0] != '\0' ? g_strdup (reason) : NULL;
      form->leave = (RingiLeaveInput){
        .first_day = form->first_day,
        .last_day = form->last_day,
        .type = adw_combo_row_get_selected (form->leave_type),
        .length = adw_combo_row_get_selected (form->leave_kind),
        .reason = form->leave_reason,
      };
      if (form->leave.length == RINGI_LEAVE_HOURS)
        form->leave.hours = gtk_spin_button_get_value_as_int (form->hours);
      form->title = ringi_leave_dup_title (&form->leave);
    }
}

/* The answer: the PIN dialog closes with it. */
static void
finish (GTask *task,
        char *id,
        GError *error)
{
  Form *form = g_task_get_task_data (task);

  form->done = TRUE;
  if (form->pin_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (form->pin_dialog));
  if (id == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, id, g_free);
}

static void
submitted_cb (GObject *source,
              GAsyncResult *result,
              gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  Form *form = g_task_get_task_data (task);
  GError *error = NULL;
  char *id = form->kind == RINGI_ATTENDANCE_REQUEST_CORRECTION
               ? ringi_sync_request_correction_finish (RINGI_SYNC (source), result, &error)
               : ringi_sync_request_leave_finish (RINGI_SYNC (source), result, &error);

  /* A wrong PIN is said in the dialog, still open to try again. */
  if (g_error_matches (error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_BAD_PASSPHRASE) && form->pin_dialog != NULL)
    {
      ringi_pin_dialog_show_error (form->pin_dialog, _("That PIN does not unlock your seal. Try again."));
      g_error_free (error);
      return;
    }

  finish (task, id, error);
}

static void
on_pin_entered (RingiPinDialog *dialog,
                const char *pin,
                GTask *task)
{
  Form *form = g_task_get_task_data (task);

  if (form->kind == RINGI_ATTENDANCE_REQUEST_CORRECTION)
    ringi_sync_request_correction_async (form->sync, &form->correction, pin, g_task_get_cancellable (task),
                                         submitted_cb, g_object_ref (task));
  else
    ringi_sync_request_leave_async (form->sync, &form->leave, pin, g_task_get_cancellable (task), submitted_cb,
                                    g_object_ref (task));
}

/* Cancelled, or closed once a wrong PIN was said. A request still being
 * signed answers when it is done. */
static void
on_pin_dialog_destroy (RingiPinDialog *dialog,
                       GTask *task)
{
  Form *form = g_task_get_task_data (task);

  if (form->done || ringi_pin_dialog_get_busy (dialog))
    return;

  form->done = TRUE;
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Not sent"));
}

static void
response_cb (AdwMessageDialog *dialog,
             const char *response,
             gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  Form *form = g_task_get_task_data (task);
  GtkRoot *root = gtk_widget_get_root (form->parent);
  g_autofree char *question = NULL;

  /* One answer only: closing afterwards would answer "cancel" again. */
  g_signal_handlers_disconnect_by_func (dialog, response_cb, user_data);
  if (!g_str_equal (response, "sign") || !form_is_valid (form))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Not sent"));
      return;
    }

  compose (form);
  /* Translators: %s is the title of the request */
  question = g_strdup_printf (_("Enter your seal PIN to sign your stamp on “%s”."), form->title);
  g_set_weak_pointer (&form->pin_dialog,
                      ringi_pin_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, question));
  g_signal_connect (form->pin_dialog, "pin-entered", G_CALLBACK (on_pin_entered), task);
  g_signal_connect_data (form->pin_dialog, "destroy", G_CALLBACK (on_pin_dialog_destroy), g_steal_pointer (&task),
                         (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  gtk_window_present (GTK_WINDOW (form->pin_dialog));
}

/**
 * ringi_attendance_request_ask_async:
 * @parent: the widget asking; the dialogs are over its window
 * @sync: the enrolled profile's sync engine
 * @kind: which request
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once submitted, or not
 * @user_data: for @callback
 *
 * Asks what the request says, then the seal PIN, and submits it.
 */
void
ringi_attendance_request_ask_async (GtkWidget *parent,
                                    RingiSync *sync,
                                    RingiAttendanceRequestKind kind,
                                    GCancellable *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer user_data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (ringi_attendance_get_time_zone ());
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  GtkRoot *root;
  GtkWidget *dialog;
  GtkWidget *list;
  GTask *task;
  Form *form;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (RINGI_IS_SYNC (sync));

  form = g_new0 (Form, 1);
  form->sync = g_object_ref (sync);
  form->kind = kind;
  form->parent = g_object_ref (parent);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ringi_attendance_request_ask_async);
  g_task_set_task_data (task, form, (GDestroyNotify) form_free);

  root = gtk_widget_get_root (parent);
  if (kind == RINGI_ATTENDANCE_REQUEST_CORRECTION)
    dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _("Correction Request"),
                                     _("A missing or wrong punch: the punch is signed now, and added once your "
                                        "manager approves the correction. The original punch is kept."));
  else
    dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _("Leave Request"),
                                     _("Annual leave by the day, half day or hour, or special leave: your manager "
                                        "approves it."));
  list = kind == RINGI_ATTENDANCE_REQUEST_CORRECTION ? build_correction (form, today) : build_leave (form, today);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "sign", _("_Sign and Send…"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "sign", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "ringi-task", task);

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      if (GTK_IS_EDITABLE (row))
        g_signal_connect_swapped (row, "changed", G_CALLBACK (form_changed_cb), dialog);
      else if (ADW_IS_COMBO_ROW (row))
        g_signal_connect_swapped (row, "notify::selected", G_CALLBACK (form_changed_cb), dialog);
    }
  form_changed_cb (ADW_MESSAGE_DIALOG (dialog));
  g_signal_connect (dialog, "response", G_CALLBACK (response_cb), task);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * ringi_attendance_request_ask_finish:
 * @result: the result
 * @error: return location for a #GError; %G_IO_ERROR_CANCELLED when the
 *   person gave up
 *
 * Returns: (transfer full): the new request's id, or %NULL with @error set
 */
char *
ringi_attendance_request_ask_finish (GAsyncResult *result,
                                     GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
