/* ringi-new-request-window-submit.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-new-request-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ringi-new-request-window-private.h"

/* Submitting: the seal PIN, then the signed request queued by the sync
 * engine, or its refusal shown under the form. */

gboolean
ringi_new_request_window_can_submit (RingiNewRequestWindow *self)
{
  g_autofree char *route = NULL;
  g_autofree char *title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_row))));
  gint64 amount;

  if (self->busy || !ringi_new_request_window_is_enrolled (self) || self->document == NULL || self->protected_pdf)
    return FALSE;
  if (title[0] == '\0' || !ringi_new_request_window_get_amount (self, &amount))
    return FALSE;

  route = ringi_new_request_window_dup_route_text (self, NULL);
  return route != NULL;
}

void
ringi_new_request_window_update_submit (RingiNewRequestWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "new-request.submit", ringi_new_request_window_can_submit (self));
}

static void
set_busy (RingiNewRequestWindow *self,
          gboolean busy)
{
  self->busy = busy;
  gtk_widget_set_visible (self->spinner, busy);
  gtk_widget_set_sensitive (self->form_box, !busy);
  ringi_new_request_window_update_submit (self);
}

void
ringi_new_request_window_show_submit_error (RingiNewRequestWindow *self,
                                            const char *message)
{
  gtk_label_set_label (self->submit_error, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->submit_error), message != NULL);
}

static void ask_pin (RingiNewRequestWindow *self,
                     const char *message);

/* Done: the request is queued (sent now, or when the server is back). */
static void
submitted (RingiNewRequestWindow *self,
           const char *id,
           GError *error)
{
  set_busy (self, FALSE);

  if (g_error_matches (error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_BAD_PASSPHRASE))
    {
      ask_pin (self, _("That PIN does not unlock your seal. Try again."));
      return;
    }
  if (error != NULL)
    {
      ringi_new_request_window_show_submit_error (self, error->message);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("The request was not submitted")));
      return;
    }

  ringi_new_request_window_finish (self, id);
}

static void
submit_cb (GObject *source,
           GAsyncResult *result,
           gpointer user_data)
{
  g_autoptr(RingiNewRequestWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = ringi_sync_submit_finish (RINGI_SYNC (source), result, &error);

  if (!ringi_new_request_window_is_gone (self))
    submitted (self, id, error);
}

static void
resubmit_cb (GObject *source,
             GAsyncResult *result,
             gpointer user_data)
{
  g_autoptr(RingiNewRequestWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  ringi_sync_act_finish (RINGI_SYNC (source), result, &error);
  if (!ringi_new_request_window_is_gone (self))
    submitted (self, self->request_id, error);
}

static void
start_resubmit (RingiNewRequestWindow *self,
                const char *route,
                const char *pin)
{
  RingiActionInput input = {
    .action = RINGI_ACTION_RESUBMIT,
    .request_id = self->request_id,
    .pdf = self->bytes,
    .route = route[0] != '\0' ? route : NULL,
  };

  ringi_sync_act_async (self->sync, &input, pin, self->cancellable, resubmit_cb, g_object_ref (self));
}

static void
start_submit (RingiNewRequestWindow *self,
              const char *pin)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *route = ringi_new_request_window_dup_route_text (self, &error);
  g_autofree char *title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_row))));
  g_autofree char *counterparty = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->counterparty_row))));
  g_autofree char *category = ringi_new_request_window_dup_category (self);
  RingiRequestInfo info = { 0 };

  if (route == NULL || !ringi_new_request_window_can_submit (self))
    {
      ringi_new_request_window_show_submit_error (self, error ? error->message : _("The request is not complete yet"));
      return;
    }

  ringi_new_request_window_show_submit_error (self, NULL);
  set_busy (self, TRUE);
  if (self->request_id != NULL)
    {
      start_resubmit (self, route, pin);
      return;
    }

  info.title = title;
  info.category = category;
  ringi_new_request_window_get_amount (self, &info.amount);
  info.counterparty = counterparty[0] != '\0' ? counterparty : NULL;
  ringi_sync_submit_async (self->sync, &info, self->bytes, route, pin, self->cancellable, submit_cb, g_object_ref (self));
}

/* The seal PIN */

static void
on_pin_changed (GtkEditable *entry,
                AdwMessageDialog *dialog)
{
  adw_message_dialog_set_response_enabled (dialog, "seal", gtk_editable_get_text (entry)[0] != '\0');
}

static void
on_pin_response (AdwMessageDialog *dialog,
                 const char *response,
                 RingiNewRequestWindow *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *pin = g_strdup (gtk_editable_get_text (entry));

  gtk_editable_set_text (entry, "");
  /* GTK 4.8's password entry reacts to focus changes of its window after
   * it is gone when the dialog is destroyed with the focus in it. */
  gtk_window_set_focus (GTK_WINDOW (dialog), NULL);
  if (g_str_equal (response, "seal") && pin[0] != '\0')
    start_submit (self, pin);
}

/* The PIN is asked each time and kept only for the signing. */
static void
ask_pin (RingiNewRequestWindow *self,
         const char *message)
{
  AdwMessageDialog *dialog;
  GtkWidget *entry = gtk_password_entry_new ();

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Seal the Request"),
                                                       message ? message : _("Enter your seal PIN to sign the request with your seal.")));
  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (entry), TRUE);
  g_object_set (entry, "activates-default", TRUE, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Seal PIN"), -1);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "seal", _("_Seal and Submit"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "seal", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (dialog, "seal", FALSE);
  adw_message_dialog_set_default_response (dialog, "seal");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (entry, "changed", G_CALLBACK (on_pin_changed), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_pin_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

void
ringi_new_request_window_submit_action (GtkWidget *widget,
                                        const char *action_name,
                                        GVariant *parameter)
{
  RingiNewRequestWindow *self = RINGI_NEW_REQUEST_WINDOW (widget);

  if (ringi_new_request_window_can_submit (self))
    ask_pin (self, NULL);
}
