/* ringi-pin-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Asks for the seal PIN that unlocks the person's key for one stamp. It
 * stays open while the stamp is signed, so that a wrong PIN is said here
 * and tried again without losing the comment or the seal's place.
 */

#define G_LOG_DOMAIN "ringi-pin-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ringi-pin-dialog.h"

struct _RingiPinDialog
{
  AdwWindow parent_instance;

  GtkLabel *description_label;
  AdwPasswordEntryRow *pin_row;
  GtkLabel *error_label;
  GtkSpinner *spinner;
  GtkWidget *confirm_button;

  char *error;
  gboolean busy;
};

G_DEFINE_FINAL_TYPE (RingiPinDialog, ringi_pin_dialog, ADW_TYPE_WINDOW)

enum
{
  PIN_ENTERED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_busy (RingiPinDialog *self,
          gboolean busy)
{
  self->busy = busy;
  /* Not insensitive: a focused text field made insensitive keeps a
   * blinking cursor that GTK then complains about. */
  gtk_editable_set_editable (GTK_EDITABLE (self->pin_row), !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pin.confirm", !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
}

static void
confirm_action (GtkWidget *widget,
                const char *action_name,
                GVariant *parameter)
{
  RingiPinDialog *self = RINGI_PIN_DIALOG (widget);
  const char *pin = gtk_editable_get_text (GTK_EDITABLE (self->pin_row));

  if (self->busy)
    return;

  if (*pin == '\0')
    {
      ringi_pin_dialog_show_error (self, _("Enter the PIN of your seal."));
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  set_busy (self, TRUE);
  g_signal_emit (self, signals[PIN_ENTERED], 0, pin);
}

static void
cancel_action (GtkWidget *widget,
               const char *action_name,
               GVariant *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static void
on_entry_activated (RingiPinDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "pin.confirm", NULL);
}

static void
ringi_pin_dialog_finalize (GObject *object)
{
  RingiPinDialog *self = RINGI_PIN_DIALOG (object);

  g_free (self->error);

  G_OBJECT_CLASS (ringi_pin_dialog_parent_class)->finalize (object);
}

static void
ringi_pin_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), RINGI_TYPE_PIN_DIALOG);

  G_OBJECT_CLASS (ringi_pin_dialog_parent_class)->dispose (object);
}

static void
ringi_pin_dialog_class_init (RingiPinDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ringi_pin_dialog_dispose;
  object_class->finalize = ringi_pin_dialog_finalize;

  /**
   * RingiPinDialog::pin-entered:
   * @pin: what the person typed
   *
   * The person confirmed. The dialog waits, busy, until the caller closes
   * it or calls ringi_pin_dialog_show_error().
   */
  signals[PIN_ENTERED] =
    g_signal_new ("pin-entered",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ringi-pin-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RingiPinDialog, description_label);
  gtk_widget_class_bind_template_child (widget_class, RingiPinDialog, pin_row);
  gtk_widget_class_bind_template_child (widget_class, RingiPinDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, RingiPinDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, RingiPinDialog, confirm_button);

  gtk_widget_class_install_action (widget_class, "pin.confirm", NULL, confirm_action);
  gtk_widget_class_install_action (widget_class, "pin.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "pin.cancel", NULL);
}

static void
ringi_pin_dialog_init (RingiPinDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (self->pin_row, "entry-activated", G_CALLBACK (on_entry_activated), self);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->confirm_button);
}

/**
 * ringi_pin_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @description: what the PIN is for, in a sentence
 *
 * Returns: (transfer none): a new dialog; present it
 */
RingiPinDialog *
ringi_pin_dialog_new (GtkWindow *parent,
                      const char *description)
{
  RingiPinDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (description != NULL, NULL);

  self = g_object_new (RINGI_TYPE_PIN_DIALOG, "transient-for", parent, NULL);
  gtk_label_set_text (self->description_label, description);
  return self;
}

/**
 * ringi_pin_dialog_set_confirm_label:
 * @self: a dialog
 * @label: the confirm button's label, with a mnemonic: what the seal
 *   signs (`_Punch`, `_Submit`, `_Sign In`); the default is `_Stamp`
 */
void
ringi_pin_dialog_set_confirm_label (RingiPinDialog *self,
                                    const char *label)
{
  g_return_if_fail (RINGI_IS_PIN_DIALOG (self));
  g_return_if_fail (label != NULL);

  gtk_button_set_label (GTK_BUTTON (self->confirm_button), label);
}

const char *
ringi_pin_dialog_get_confirm_label (RingiPinDialog *self)
{
  g_return_val_if_fail (RINGI_IS_PIN_DIALOG (self), NULL);

  return gtk_button_get_label (GTK_BUTTON (self->confirm_button));
}

/**
 * ringi_pin_dialog_set_pin:
 * @self: a dialog
 * @pin: the text of the PIN field
 *
 * Fills the PIN field, as typing would.
 */
void
ringi_pin_dialog_set_pin (RingiPinDialog *self,
                          const char *pin)
{
  g_return_if_fail (RINGI_IS_PIN_DIALOG (self));
  g_return_if_fail (pin != NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->pin_row), pin);
}

/**
 * ringi_pin_dialog_show_error:
 * @self: a dialog
 * @message: what went wrong, for people
 *
 * Shows @message, empties the PIN field and lets the person try again.
 */
void
ringi_pin_dialog_show_error (RingiPinDialog *self,
                             const char *message)
{
  g_return_if_fail (RINGI_IS_PIN_DIALOG (self));
  g_return_if_fail (message != NULL);

  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->pin_row), "");
  set_busy (self, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->pin_row));
}

/**
 * ringi_pin_dialog_get_error:
 * @self: a dialog
 *
 * Returns: (nullable): the last message of ringi_pin_dialog_show_error()
 */
const char *
ringi_pin_dialog_get_error (RingiPinDialog *self)
{
  g_return_val_if_fail (RINGI_IS_PIN_DIALOG (self), NULL);

  return self->error;
}

/**
 * ringi_pin_dialog_get_busy:
 * @self: a dialog
 *
 * Returns: %TRUE from the confirmation until the answer comes back
 */
gboolean
ringi_pin_dialog_get_busy (RingiPinDialog *self)
{
  g_return_val_if_fail (RINGI_IS_PIN_DIALOG (self), FALSE);

  return self->busy;
}
