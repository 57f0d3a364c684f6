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

/* Done: the request is queued (sent now, or when the server is back). */
static void
submitted (RingiNewRequestWindow *self,
           const char *id,
           GError *error)
{
  set_busy (self, FALSE);

  /* A wrong PIN is said in the dialog, still open to try again. */
  if (g_error_matches (error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_BAD_PASSPHRASE) && self->pin_dialog != NULL)
    {
      ringi_pin_dialog_show_error (self->pin_dialog, _("That PIN does not unlock your seal. Try again."));
      return;
    }
  if (self->pin_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->pin_dialog));
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
      gtk_window_destroy (GTK_WINDOW (self->pin_dialog));
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

/* The seal PIN, asked each time and kept only for the signing. */
static void
ask_pin (RingiNewRequestWindow *self)
{
  if (self->pin_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->pin_dialog));
      return;
    }

  g_set_weak_pointer (&self->pin_dialog,
                      ringi_pin_dialog_new (GTK_WINDOW (self), _("Enter your seal PIN to sign the request with your seal.")));
  gtk_window_set_title (GTK_WINDOW (self->pin_dialog), _("Seal the Request"));
  ringi_pin_dialog_set_confirm_label (self->pin_dialog, _("_Submit"));
  g_signal_connect_object (self->pin_dialog, "pin-entered", G_CALLBACK (start_submit), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (self->pin_dialog));
}

void
ringi_new_request_window_submit_action (GtkWidget *widget,
                                        const char *action_name,
                                        GVariant *parameter)
{
  RingiNewRequestWindow *self = RINGI_NEW_REQUEST_WINDOW (widget);

  if (ringi_new_request_window_can_submit (self))
    ask_pin (self);
}
