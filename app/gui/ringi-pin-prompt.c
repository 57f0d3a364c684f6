/* ringi-pin-prompt.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-pin-prompt"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ringi-keyring.h"
#include "ringi-pin-prompt.h"

/* Asks the seal PIN before something is signed. A small stand-in until a
 * shared PIN dialog lands: an AdwMessageDialog with a password entry,
 * nothing kept once answered. */

static void
response_cb (AdwMessageDialog *dialog,
             const char *response,
             GTask *task)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "ringi-pin-entry");
  const char *pin = gtk_editable_get_text (entry);

  /* Closing after an answer would answer "cancel" a second time. */
  g_signal_handlers_disconnect_by_func (dialog, response_cb, task);

  if (g_str_equal (response, "sign") && pin[0] != '\0')
    g_task_return_pointer (task, g_strdup (pin), g_free);
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Not signed"));

  gtk_editable_set_text (entry, "");
  g_object_unref (task);
}

/* Enter signs, as the Sign button does: answer, then close (a response
 * given in code leaves the dialog open). */
static void
entry_activate_cb (GtkWidget *entry,
                   AdwMessageDialog *dialog)
{
  adw_message_dialog_response (dialog, "sign");
  gtk_window_close (GTK_WINDOW (dialog));
}

/**
 * ringi_pin_prompt_ask_async:
 * @parent: the widget asking; the dialog is over its window
 * @heading: what is about to be signed
 * @body: (nullable): more about it
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the answer
 * @user_data: for @callback
 *
 * Asks the seal PIN in a modal dialog.
 */
void
ringi_pin_prompt_ask_async (GtkWidget *parent,
                            const char *heading,
                            const char *body,
                            GCancellable *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer user_data)
{
  GtkRoot *root;
  GtkWidget *dialog;
  GtkWidget *entry;
  GTask *task;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (heading != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ringi_pin_prompt_ask_async);

  root = gtk_widget_get_root (parent);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "sign", _("_Sign"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "sign", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "sign");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  /* A plain hidden entry: GTK 4.8's GtkPasswordEntry warns when its
   * dialog is destroyed while it has the focus. */
  entry = gtk_entry_new ();
  gtk_entry_set_visibility (GTK_ENTRY (entry), FALSE);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_PIN);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Seal PIN"), -1);
  g_object_set (entry, "placeholder-text", _("Seal PIN"), NULL);
  g_signal_connect (entry, "activate", G_CALLBACK (entry_activate_cb), dialog);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  g_object_set_data (G_OBJECT (dialog), "ringi-pin-entry", entry);

  g_signal_connect (dialog, "response", G_CALLBACK (response_cb), task);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/**
 * ringi_pin_prompt_ask_finish:
 * @result: the result
 * @error: return location for a #GError; %G_IO_ERROR_CANCELLED when the
 *   person cancelled
 *
 * Returns: (transfer full): the PIN, or %NULL with @error set
 */
char *
ringi_pin_prompt_ask_finish (GAsyncResult *result,
                             GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * ringi_pin_prompt_explain:
 * @error: why signing failed
 *
 * Returns: what to tell the person: a wrong PIN in our words, anything
 *   else as the error says it
 */
const char *
ringi_pin_prompt_explain (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (g_error_matches (error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_BAD_PASSPHRASE))
    return _("That PIN does not unlock your seal. Try again.");
  return error->message;
}
