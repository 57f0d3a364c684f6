/* ringi-request-view-actions.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The action bar of the request view: the actions the person may take
 * now, then, for the one chosen, the comment (and for approve, the seal's
 * place on the page), the PIN, and the stamp queued through RingiSync.
 * The stamp is queued even offline and sent when the server is reachable.
 */

#define G_LOG_DOMAIN "ringi-request-view"

#include "config.h"

#include <glib/gi18n.h>

#include "ringi-keyring.h"
#include "ringi-new-request-window.h"
#include "ringi-request-view-private.h"
#include "ringi-seal-slot.h"

static const char *const action_names[] = {
  "request.approve",
  "request.acknowledge",
  "request.send-back",
  "request.reject",
  "request.withdraw",
  "request.resubmit",
};

static gboolean
may (RingiRequestView *self,
     const char *word)
{
  return self->summary != NULL && g_strv_contains ((const char *const *) self->summary->actions, word);
}

/**
 * ringi_request_view_update_actions:
 * @self: a view
 *
 * Shows the actions the person may take now, and whether something of
 * theirs waits to be sent.
 */
void
ringi_request_view_update_actions (RingiRequestView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean ready = self->summary != NULL && ringi_pdf_view_get_document (self->pdf_view) != NULL && !self->busy;
  gboolean pending = self->summary != NULL && self->summary->pending;
  struct
  {
    const char *word;
    GtkWidget *button;
  } buttons[] = {
    { "approve", self->approve_button },
    { "acknowledge", self->acknowledge_button },
    { "send-back", self->send_back_button },
    { "reject", self->reject_button },
    { "withdraw", self->withdraw_button },
    { "resubmit", self->resubmit_button },
  };
  gboolean any = FALSE;

  G_STATIC_ASSERT (G_N_ELEMENTS (buttons) == G_N_ELEMENTS (action_names));

  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    {
      gboolean allowed = may (self, buttons[i].word);

      gtk_widget_set_visible (buttons[i].button, allowed);
      gtk_widget_action_set_enabled (widget, action_names[i], allowed && ready && !self->confirming);
      any |= allowed;
    }

  gtk_widget_set_visible (self->pending_box, pending);
  gtk_revealer_set_reveal_child (self->action_revealer, any || pending || self->confirming);
  gtk_widget_action_set_enabled (widget, "request.confirm", self->confirming && !self->busy);
  gtk_widget_action_set_enabled (widget, "request.cancel", self->confirming && !self->busy);
  gtk_widget_action_set_enabled (widget, "request.move-seal", self->placing && !self->busy);
}

/**
 * ringi_request_view_check_confirm:
 * @self: a view whose request was read again
 *
 * Leaves the action being confirmed when the request has moved on so
 * that it is no longer possible (withdrawn meanwhile, say), rather than
 * letting the person type the PIN for a refusal.
 */
void
ringi_request_view_check_confirm (RingiRequestView *self)
{
  if (!self->confirming || self->busy || may (self, ringi_action_to_string (self->action)))
    return;

  ringi_request_view_leave_confirm (self);
  adw_toast_overlay_add_toast (self->toast_overlay,
                               adw_toast_new (_("The request has changed: that action is no longer possible")));
}

/* The choices of a send-back: the applicant, then each earlier step */
static void
fill_send_back_steps (RingiRequestView *self)
{
  RingiRoute *route = ringi_workflow_get_route (self->data->workflow);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autofree char *applicant = g_strdup_printf (_("The applicant, %s"),
                                                ringi_request_data_get_name (self->data, self->data->info->applicant));
  guint zero = 0;

  g_clear_pointer (&self->to_steps, g_array_unref);
  self->to_steps = g_array_new (FALSE, FALSE, sizeof (guint));
  g_array_append_val (self->to_steps, zero);
  gtk_string_list_append (names, applicant);

  for (guint number = 1; route != NULL && number < self->summary->current_step; number++)
    {
      const RingiRouteStep *step = ringi_route_get_step (route, number);
      g_autofree char *label = g_strdup_printf (_("Step %u, %s"), number,
                                                ringi_request_data_get_name (self->data, step->logins[0]));

      g_array_append_val (self->to_steps, number);
      gtk_string_list_append (names, label);
    }

  gtk_drop_down_set_model (self->step_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->step_dropdown, 0);
}

static void
place_my_seal (RingiRequestView *self)
{
  g_autoptr(GArray) taken = ringi_request_data_dup_placements (self->data);
  double width, height;

  ringi_pdf_document_get_page_size (ringi_pdf_view_get_document (self->pdf_view), 0, &width, &height);
  ringi_seal_slot_next_free ((RingiPlacement *) (gpointer) taken->data, taken->len, width, &self->placement);
  self->placing = self->my_seal != NULL;
  ringi_pdf_view_go_to_page (self->pdf_view, 0);
  ringi_request_view_update_overlays (self);
}

static void
enter_confirm (RingiRequestView *self,
               RingiAction action,
               const char *hint,
               const char *button_label)
{
  self->confirming = TRUE;
  self->action = action;
  gtk_label_set_text (self->confirm_hint, hint);
  gtk_button_set_label (self->confirm_button, button_label);
  gtk_widget_set_visible (GTK_WIDGET (self->step_dropdown), action == RINGI_ACTION_SEND_BACK);
  gtk_widget_set_visible (GTK_WIDGET (self->comment_error), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->comment_entry), "error");
  gtk_editable_set_text (GTK_EDITABLE (self->comment_entry), "");

  if (action == RINGI_ACTION_REJECT)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->confirm_button), "suggested-action");
      gtk_widget_add_css_class (GTK_WIDGET (self->confirm_button), "destructive-action");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->confirm_button), "destructive-action");
      gtk_widget_add_css_class (GTK_WIDGET (self->confirm_button), "suggested-action");
    }

  if (action == RINGI_ACTION_SEND_BACK)
    fill_send_back_steps (self);
  if (action == RINGI_ACTION_APPROVE)
    place_my_seal (self);

  gtk_stack_set_visible_child_name (self->action_stack, "confirm");
  ringi_request_view_update_actions (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->comment_entry));
}

/**
 * ringi_request_view_leave_confirm:
 * @self: a view
 *
 * Back to the list of actions; my seal leaves the page.
 */
void
ringi_request_view_leave_confirm (RingiRequestView *self)
{
  self->confirming = FALSE;
  self->placing = FALSE;
  gtk_stack_set_visible_child_name (self->action_stack, "actions");
  ringi_request_view_update_overlays (self);
  ringi_request_view_update_actions (self);
}

static void
approve_action (GtkWidget *widget,
                const char *action_name,
                GVariant *parameter)
{
  enter_confirm (RINGI_REQUEST_VIEW (widget), RINGI_ACTION_APPROVE,
                 _("Drag your seal to its place on the document (or move it with Alt and the arrow keys), "
                    "add a comment if you wish, then stamp."),
                 _("_Stamp…"));
}

static void
acknowledge_action (GtkWidget *widget,
                    const char *action_name,
                    GVariant *parameter)
{
  enter_confirm (RINGI_REQUEST_VIEW (widget), RINGI_ACTION_ACKNOWLEDGE,
                 _("Acknowledge that you have seen this request."),
                 _("A_cknowledge…"));
}

static void
send_back_action (GtkWidget *widget,
                  const char *action_name,
                  GVariant *parameter)
{
  enter_confirm (RINGI_REQUEST_VIEW (widget), RINGI_ACTION_SEND_BACK,
                 _("Say what has to change, and choose to whom the request goes back."),
                 _("Send _Back…"));
}

static void
reject_action (GtkWidget *widget,
               const char *action_name,
               GVariant *parameter)
{
  enter_confirm (RINGI_REQUEST_VIEW (widget), RINGI_ACTION_REJECT,
                 _("Say why the request is rejected. Rejecting ends it for good."),
                 _("_Reject…"));
}

static void
withdraw_action (GtkWidget *widget,
                 const char *action_name,
                 GVariant *parameter)
{
  enter_confirm (RINGI_REQUEST_VIEW (widget), RINGI_ACTION_WITHDRAW,
                 _("Withdraw the request before the next person acts? You can resubmit it later."),
                 _("_Withdraw…"));
}

static void
open_resubmit_window (RingiRequestView *self)
{
  GtkWindow *parent = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));

  gtk_window_present (ringi_new_request_window_new_resubmit (parent, self->sync, self->request_id));
}

static void
resubmit_action (GtkWidget *widget,
                 const char *action_name,
                 GVariant *parameter)
{
  open_resubmit_window (RINGI_REQUEST_VIEW (widget));
}

/* The keyboard's way to move the seal: Alt and the arrow keys */
static void
move_seal_action (GtkWidget *widget,
                  const char *action_name,
                  GVariant *parameter)
{
  RingiRequestView *self = RINGI_REQUEST_VIEW (widget);
  RingiPlacement placement = self->placement;
  double dx, dy;

  if (!self->placing)
    return;

  g_variant_get (parameter, "(dd)", &dx, &dy);
  placement.x += dx;
  placement.y += dy;
  ringi_request_view_move_seal (self, &placement);
}

static void
cancel_action (GtkWidget *widget,
               const char *action_name,
               GVariant *parameter)
{
  ringi_request_view_leave_confirm (RINGI_REQUEST_VIEW (widget));
}

static const char *
done_message (RingiAction action)
{
  switch (action)
    {
    case RINGI_ACTION_APPROVE:
      return _("Approved");
    case RINGI_ACTION_ACKNOWLEDGE:
      return _("Acknowledged");
    case RINGI_ACTION_SEND_BACK:
      return _("Sent back");
    case RINGI_ACTION_REJECT:
      return _("Rejected");
    case RINGI_ACTION_WITHDRAW:
      return _("Withdrawn");
    default:
      g_assert_not_reached ();
    }
}

static void
acted_cb (GObject *source,
          GAsyncResult *result,
          gpointer user_data)
{
  g_autoptr(RingiRequestView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ringi_sync_act_finish (RINGI_SYNC (source), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  ringi_request_view_set_busy (self, FALSE);

  if (g_error_matches (error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_BAD_PASSPHRASE) && self->pin_dialog != NULL)
    {
      ringi_pin_dialog_show_error (self->pin_dialog, _("That PIN does not unlock your seal. Try again."));
      ringi_request_view_update_actions (self);
      return;
    }

  if (self->pin_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->pin_dialog));

  if (error != NULL)
    {
      /* The comment and the seal's place stay, to try again. */
      ringi_request_view_show_error_dialog (self, _("Could Not Stamp"), error->message);
      ringi_request_view_update_actions (self);
      return;
    }

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (done_message (self->action)));
  ringi_request_view_leave_confirm (self);
  ringi_request_view_reload (self);
  ringi_sync_poke (self->sync);
}

static void
on_pin_entered (RingiRequestView *self,
                const char *pin)
{
  g_autofree char *comment = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->comment_entry))));
  guint selected = gtk_drop_down_get_selected (self->step_dropdown);
  RingiActionInput input = {
    .action = self->action,
    .request_id = self->request_id,
    .comment = *comment != '\0' ? comment : NULL,
    .on_behalf_of = self->summary->on_behalf_of,
    .placement = self->placing ? &self->placement : NULL,
  };

  if (self->action == RINGI_ACTION_SEND_BACK && self->to_steps != NULL && selected < self->to_steps->len)
    input.to_step = g_array_index (self->to_steps, guint, selected);

  ringi_request_view_set_busy (self, TRUE);
  ringi_request_view_update_actions (self);
  ringi_sync_act_async (self->sync, &input, pin, self->cancellable, acted_cb, g_object_ref (self));
}

static char *
dup_pin_question (RingiRequestView *self)
{
  /* Translators: %s is the title of the request */
  return g_strdup_printf (_("Enter your seal PIN to sign your stamp on “%s”."), self->title);
}

/* The PIN dialog's button says what the seal signs. */
static const char *
pin_confirm_label (RingiAction action)
{
  switch (action)
    {
    case RINGI_ACTION_ACKNOWLEDGE:
      return _("A_cknowledge");
    case RINGI_ACTION_SEND_BACK:
      return _("Send _Back");
    case RINGI_ACTION_REJECT:
      return _("_Reject");
    case RINGI_ACTION_WITHDRAW:
      return _("_Withdraw");
    default:
      return _("_Stamp");
    }
}

static void
confirm_action (GtkWidget *widget,
                const char *action_name,
                GVariant *parameter)
{
  RingiRequestView *self = RINGI_REQUEST_VIEW (widget);
  const char *comment = gtk_editable_get_text (GTK_EDITABLE (self->comment_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (comment));
  g_autofree char *question = NULL;

  if ((self->action == RINGI_ACTION_SEND_BACK || self->action == RINGI_ACTION_REJECT) && *stripped == '\0')
    {
      gtk_label_set_text (self->comment_error, _("Write a comment: the applicant needs to know why."));
      gtk_widget_set_visible (GTK_WIDGET (self->comment_error), TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->comment_entry), "error");
      gtk_widget_grab_focus (GTK_WIDGET (self->comment_entry));
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->comment_error), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->comment_entry), "error");
  if (self->pin_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->pin_dialog));
      return;
    }

  /* A text field keeping the focus of a window gone inactive makes GTK
   * complain of a lost focus-out; the button is where focus would be had
   * it been clicked. */
  gtk_widget_grab_focus (GTK_WIDGET (self->confirm_button));
  question = dup_pin_question (self);
  g_set_weak_pointer (&self->pin_dialog,
                      ringi_pin_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), question));
  ringi_pin_dialog_set_confirm_label (self->pin_dialog, pin_confirm_label (self->action));
  g_signal_connect_object (self->pin_dialog, "pin-entered", G_CALLBACK (on_pin_entered), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (self->pin_dialog));
}

/**
 * ringi_request_view_set_comment:
 * @self: a view confirming an action
 * @comment: the text of the comment field
 *
 * Fills the comment field, as typing would.
 */
void
ringi_request_view_set_comment (RingiRequestView *self,
                                const char *comment)
{
  g_return_if_fail (RINGI_IS_REQUEST_VIEW (self));
  g_return_if_fail (comment != NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->comment_entry), comment);
}

/**
 * ringi_request_view_set_send_back_step:
 * @self: a view confirming a send-back
 * @to_step: 0 for the applicant, or an earlier step
 *
 * Chooses to whom the request goes back, as the drop-down does.
 */
void
ringi_request_view_set_send_back_step (RingiRequestView *self,
                                       guint to_step)
{
  g_return_if_fail (RINGI_IS_REQUEST_VIEW (self));
  g_return_if_fail (self->to_steps != NULL);

  for (guint i = 0; i < self->to_steps->len; i++)
    if (g_array_index (self->to_steps, guint, i) == to_step)
      {
        gtk_drop_down_set_selected (self->step_dropdown, i);
        return;
      }

  g_return_if_reached ();
}

void
ringi_request_view_class_init_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "request.approve", NULL, approve_action);
  gtk_widget_class_install_action (widget_class, "request.acknowledge", NULL, acknowledge_action);
  gtk_widget_class_install_action (widget_class, "request.send-back", NULL, send_back_action);
  gtk_widget_class_install_action (widget_class, "request.reject", NULL, reject_action);
  gtk_widget_class_install_action (widget_class, "request.withdraw", NULL, withdraw_action);
  gtk_widget_class_install_action (widget_class, "request.resubmit", NULL, resubmit_action);
  gtk_widget_class_install_action (widget_class, "request.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "request.confirm", NULL, confirm_action);
  gtk_widget_class_install_action (widget_class, "request.move-seal", "(dd)", move_seal_action);

  /* A sixth of a seal box a press */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "request.move-seal", "(dd)", -6.0, 0.0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "request.move-seal", "(dd)", 6.0, 0.0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK, "request.move-seal", "(dd)", 0.0, -6.0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK, "request.move-seal", "(dd)", 0.0, 6.0);
}
