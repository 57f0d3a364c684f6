/* ringi-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ringi-preferences-window.h"

/* The server bound the person's key to this profile, so another server
 * means enrolling again. What can change here is how the same server is
 * reached: IT moves it to a new host name or re-issues its certificate.
 * The core checks the new address over TLS before keeping anything.
 * When the IT department locked the server, it is only shown. */

struct _RingiPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  RingiSync *sync;
  RingiConfig *config;
  GSettings *settings;
  char *fingerprint;
  char *login;
  gboolean busy;
  /* Cancelled when the window closes */
  GCancellable *cancellable;
  GtkFileChooserNative *chooser;
  GtkFileChooserNative *ca_chooser;
  /* The CA file to pin on Apply; %NULL for the system's */
  char *ca_choice;
  /* What the profile holds now, so that Apply is offered only for a
   * change: applying signs in again, which asks for the PIN */
  char *saved_url;
  char *saved_ca;
  /* Checking a new address; busy is also set for the PIN and export */
  gboolean moving;

  AdwPreferencesGroup *connection_group;
  AdwActionRow *server_row;
  AdwActionRow *ca_row;
  AdwEntryRow *server_entry_row;
  AdwActionRow *ca_choice_row;
  GtkWidget *move_box;
  GtkLabel *move_error_label;
  GtkSpinner *move_spinner;
  GtkWidget *move_button;
  AdwActionRow *login_row;
  AdwActionRow *fingerprint_row;
  GtkSwitch *notifications_switch;
  GtkWidget *pin_page;
  AdwPasswordEntryRow *old_pin_row;
  AdwPasswordEntryRow *new_pin_row;
  AdwPasswordEntryRow *new_pin_again_row;
  GtkLabel *pin_hint_label;
  GtkLabel *pin_error_label;
  GtkSpinner *pin_spinner;
  GtkWidget *change_pin_button;
};

G_DEFINE_FINAL_TYPE (RingiPreferencesWindow, ringi_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum
{
  PROP_0,
  PROP_SYNC,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * ringi_preferences_window_format_fingerprint:
 * @fingerprint: hex digits
 *
 * Groups the digits in fours, as people read them out to compare.
 *
 * Returns: (transfer full): e.g. `9B4C 0E1A …`
 */
char *
ringi_preferences_window_format_fingerprint (const char *fingerprint)
{
  GString *grouped = g_string_new (NULL);

  g_return_val_if_fail (fingerprint != NULL, NULL);

  for (gsize i = 0; fingerprint[i] != '\0'; i++)
    {
      if (i > 0 && i % 4 == 0)
        g_string_append_c (grouped, ' ');
      g_string_append_c (grouped, fingerprint[i]);
    }

  return g_string_free (grouped, FALSE);
}

static void update_connection (RingiPreferencesWindow *self);

static void
set_busy (RingiPreferencesWindow *self,
          gboolean busy)
{
  if (self->busy == busy)
    return;

  self->busy = busy;
  update_connection (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
toast (RingiPreferencesWindow *self,
       const char *text)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (text));
}

/* Connection and identity */

static gboolean
is_locked (RingiPreferencesWindow *self)
{
  return self->config != NULL && ringi_config_get_lock_server (self->config);
}

static const char *
ca_label (const char *ca_file)
{
  return ca_file ? ca_file : _("The system’s certificate authorities");
}

static gboolean
connection_changed (RingiPreferencesWindow *self)
{
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->server_entry_row))));

  return url[0] != '\0' && (g_strcmp0 (url, self->saved_url) != 0 || g_strcmp0 (self->ca_choice, self->saved_ca) != 0);
}

static void
update_connection (RingiPreferencesWindow *self)
{
  gboolean editable = !is_locked (self) && self->fingerprint != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.move-server",
                                 editable && !self->busy && connection_changed (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.choose-ca", editable && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.use-system-ca", editable && !self->busy);
  gtk_widget_set_visible (self->move_button, !self->moving);
  gtk_widget_set_visible (GTK_WIDGET (self->move_spinner), self->moving);
  gtk_spinner_set_spinning (self->move_spinner, self->moving);
}

static void
show_connection (RingiPreferencesWindow *self,
                 const RingiSyncSettings *settings)
{
  gboolean locked = is_locked (self);
  gboolean editable = !locked && settings->fingerprint != NULL;

  adw_action_row_set_subtitle (self->server_row, settings->server_url ? settings->server_url : _("Not connected"));
  adw_action_row_set_subtitle (self->ca_row, ca_label (settings->ca_file));
  gtk_editable_set_text (GTK_EDITABLE (self->server_entry_row), settings->server_url ? settings->server_url : "");
  g_free (self->ca_choice);
  self->ca_choice = g_strdup (settings->ca_file);
  g_free (self->saved_ca);
  self->saved_ca = g_strdup (settings->ca_file);
  g_free (self->saved_url);
  self->saved_url = g_strdup (settings->server_url);
  adw_action_row_set_subtitle (self->ca_choice_row, ca_label (self->ca_choice));
  gtk_widget_set_visible (GTK_WIDGET (self->move_error_label), FALSE);

  gtk_widget_set_visible (GTK_WIDGET (self->server_row), !editable);
  gtk_widget_set_visible (GTK_WIDGET (self->ca_row), !editable);
  gtk_widget_set_visible (GTK_WIDGET (self->server_entry_row), editable);
  gtk_widget_set_visible (GTK_WIDGET (self->ca_choice_row), editable);
  gtk_widget_set_visible (self->move_box, editable);

  if (locked)
    adw_preferences_group_set_description (self->connection_group, _("Set by your IT department."));
  else
    adw_preferences_group_set_description (self->connection_group,
                                           _("Your seal key is registered with this server. Change these only when "
                                              "your IT department gives the server a new address or certificate; "
                                              "to use another server, Ringi must be set up again."));
}

static void
load_profile (RingiPreferencesWindow *self)
{
  g_autoptr(RingiSyncSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *grouped = NULL;

  /* One row of the profile's own small database */
  settings = ringi_profile_dup_settings (ringi_sync_get_profile (self->sync), &error);
  if (settings == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not read the profile: %s"), error->message);

      toast (self, text);
      return;
    }

  show_connection (self, settings);
  g_free (self->login);
  self->login = g_strdup (settings->login);
  g_free (self->fingerprint);
  self->fingerprint = g_strdup (settings->fingerprint);

  grouped = self->fingerprint ? ringi_preferences_window_format_fingerprint (self->fingerprint) : NULL;
  adw_action_row_set_subtitle (self->login_row, self->login ? self->login : _("Not connected"));
  adw_action_row_set_subtitle (self->fingerprint_row, grouped ? grouped : _("No key yet"));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.copy-fingerprint", self->fingerprint != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.export-key", self->fingerprint != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.show-change-pin", self->fingerprint != NULL);
  update_connection (self);
}

/**
 * ringi_preferences_window_set_config:
 * @self: a #RingiPreferencesWindow
 * @config: the system configuration
 *
 * Says whether the IT department set the server. The window reads the
 * system configuration itself when made; this replaces it.
 */
void
ringi_preferences_window_set_config (RingiPreferencesWindow *self,
                                     RingiConfig *config)
{
  g_return_if_fail (RINGI_IS_PREFERENCES_WINDOW (self));
  g_return_if_fail (RINGI_IS_CONFIG (config));

  if (g_set_object (&self->config, config))
    load_profile (self);
}

/* Moving to the server's new address or certificate */

/**
 * ringi_preferences_window_set_ca_file:
 * @self: a #RingiPreferencesWindow
 * @ca_file: (nullable): a PEM file of certificate authorities, or %NULL
 *   for the system's
 *
 * Picks the certificate authority to pin on Apply, as choosing a file or
 * the clear button does. Nothing is kept until Apply succeeds. Ignored
 * when the IT department locked the server.
 */
void
ringi_preferences_window_set_ca_file (RingiPreferencesWindow *self,
                                      const char *ca_file)
{
  g_return_if_fail (RINGI_IS_PREFERENCES_WINDOW (self));

  if (is_locked (self) || self->busy)
    return;

  g_free (self->ca_choice);
  self->ca_choice = g_strdup (ca_file);
  adw_action_row_set_subtitle (self->ca_choice_row, ca_label (ca_file));
  gtk_widget_set_visible (GTK_WIDGET (self->move_error_label), FALSE);
  update_connection (self);
}

static void
connection_changed_cb (RingiPreferencesWindow *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->move_error_label), FALSE);
  update_connection (self);
}

static void
connection_activated_cb (RingiPreferencesWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "prefs.move-server", NULL);
}

static void
ca_chooser_response_cb (RingiPreferencesWindow *self,
                        int response,
                        GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    path = g_file_get_path (file);
  if (path != NULL)
    ringi_preferences_window_set_ca_file (self, path);

  g_clear_object (&self->ca_chooser);
}

static void
choose_ca_action (GtkWidget *widget,
                  const char *action_name,
                  GVariant *parameter)
{
  RingiPreferencesWindow *self = RINGI_PREFERENCES_WINDOW (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->ca_chooser != NULL)
    return;

  gtk_file_filter_set_name (filter, _("Certificates"));
  gtk_file_filter_add_pattern (filter, "*.pem");
  gtk_file_filter_add_pattern (filter, "*.crt");
  gtk_file_filter_add_pattern (filter, "*.cer");
  self->ca_chooser = gtk_file_chooser_native_new (_("Choose Certificate Authority"), GTK_WINDOW (self),
                                                  GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->ca_chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->ca_chooser), filter);
  g_signal_connect_object (self->ca_chooser, "response", G_CALLBACK (ca_chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->ca_chooser));
}

static void
use_system_ca_action (GtkWidget *widget,
                      const char *action_name,
                      GVariant *parameter)
{
  ringi_preferences_window_set_ca_file (RINGI_PREFERENCES_WINDOW (widget), NULL);
}

/* What went wrong, in the words of someone who was just handed a new
 * address or certificate by IT */
static char *
move_error_text (const GError *error)
{
  if (g_error_matches (error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_TLS))
    return g_strdup (_("The server’s certificate is not trusted with this certificate authority. "
                        "Choose the file your IT department gave you."));
  if (g_error_matches (error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_BAD_CA))
    return g_strdup (_("This file holds no certificate authority. Choose the file your IT department gave you."));
  if (g_error_matches (error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_NETWORK))
    return g_strdup (_("No server answers at this address. Check the address and that this computer is online."));
  if (g_error_matches (error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_INVALID_URL))
    return g_strdup (_("This is not a server address. It looks like https://ringi.example.jp."));
  if (g_error_matches (error, RINGI_CLIENT_ERROR, RINGI_CLIENT_ERROR_INSECURE))
    return g_strdup (_("The address must begin with https://."));
  return g_strdup_printf (_("Could not change the server: %s"), error->message);
}

static void
set_connection_sensitive (RingiPreferencesWindow *self,
                          gboolean sensitive)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->server_entry_row), sensitive);
  gtk_widget_set_sensitive (GTK_WIDGET (self->ca_choice_row), sensitive);
}

static void
moved_cb (GObject *source,
          GAsyncResult *result,
          gpointer user_data)
{
  g_autoptr(RingiPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (ringi_sync_move_server_finish (RINGI_SYNC (source), result, &error))
    {
      self->moving = FALSE;
      set_busy (self, FALSE);
      set_connection_sensitive (self, TRUE);
      load_profile (self);
      toast (self, _("Server settings saved"));
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* The values stay as typed, to be corrected. */
  self->moving = FALSE;
  set_busy (self, FALSE);
  set_connection_sensitive (self, TRUE);
  text = move_error_text (error);
  gtk_label_set_text (self->move_error_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->move_error_label), TRUE);
}

static void
move_server_action (GtkWidget *widget,
                    const char *action_name,
                    GVariant *parameter)
{
  RingiPreferencesWindow *self = RINGI_PREFERENCES_WINDOW (widget);
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->server_entry_row))));

  if (self->busy || is_locked (self) || self->fingerprint == NULL || !connection_changed (self))
    return;

  /* A focused row made insensitive would never hear it lost the focus. */
  gtk_root_set_focus (GTK_ROOT (self), NULL);
  set_connection_sensitive (self, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->move_error_label), FALSE);
  self->moving = TRUE;
  set_busy (self, TRUE);

  ringi_sync_move_server_async (self->sync, url, self->ca_choice, self->cancellable, moved_cb, g_object_ref (self));
}

static void
copy_fingerprint_action (GtkWidget *widget,
                         const char *action_name,
                         GVariant *parameter)
{
  RingiPreferencesWindow *self = RINGI_PREFERENCES_WINDOW (widget);
  g_autofree char *grouped = ringi_preferences_window_format_fingerprint (self->fingerprint);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), grouped);
  toast (self, _("Fingerprint copied"));
}

/* Exporting the public key */

static void
saved_cb (GObject *source,
          GAsyncResult *result,
          gpointer user_data)
{
  g_autoptr(RingiPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  set_busy (self, FALSE);
  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = g_strdup_printf (_("Could not save the public key: %s"), error->message);

          toast (self, text);
        }
      return;
    }

  toast (self, _("Public key saved"));
}

typedef struct
{
  RingiPreferencesWindow *self;
  GFile *file;
} Export;

static void
export_free (Export *export)
{
  g_object_unref (export->self);
  g_object_unref (export->file);
  g_free (export);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Export, export_free)

static void
exported_cb (GObject *source,
             GAsyncResult *result,
             gpointer user_data)
{
  g_autoptr(Export) export = user_data;
  RingiPreferencesWindow *self = export->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) armored = ringi_keyring_export_public_finish (RINGI_KEYRING (source), result, &error);

  if (armored == NULL)
    {
      set_busy (self, FALSE);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = g_strdup_printf (_("Could not export the public key: %s"), error->message);

          toast (self, text);
        }
      return;
    }

  g_file_replace_contents_bytes_async (export->file, armored, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       self->cancellable, saved_cb, g_object_ref (self));
}

/**
 * ringi_preferences_window_export_key:
 * @self: a #RingiPreferencesWindow
 * @file: where to save the key
 *
 * Saves the person's armoured public key to @file, as "Export Public
 * Key…" does once a file is chosen; a toast says how it went, and
 * #RingiPreferencesWindow:busy is %TRUE meanwhile.
 */
void
ringi_preferences_window_export_key (RingiPreferencesWindow *self,
                                     GFile *file)
{
  RingiKeyring *keyring;
  Export *export;

  g_return_if_fail (RINGI_IS_PREFERENCES_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->busy || self->fingerprint == NULL)
    return;

  set_busy (self, TRUE);
  keyring = ringi_profile_get_keyring (ringi_sync_get_profile (self->sync));
  export = g_new0 (Export, 1);
  export->self = g_object_ref (self);
  export->file = g_object_ref (file);
  ringi_keyring_export_public_async (keyring, self->fingerprint, self->cancellable, exported_cb, export);
}

static void
chooser_response_cb (RingiPreferencesWindow *self,
                     int response,
                     GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    ringi_preferences_window_export_key (self, file);

  g_clear_object (&self->chooser);
}

static void
export_key_action (GtkWidget *widget,
                   const char *action_name,
                   GVariant *parameter)
{
  RingiPreferencesWindow *self = RINGI_PREFERENCES_WINDOW (widget);
  g_autofree char *name = NULL;

  if (self->chooser != NULL || self->fingerprint == NULL)
    return;

  /* Translators: the file name offered for the exported key; %s is the login */
  name = g_strdup_printf (_("%s-seal-key.asc"), self->login ? self->login : "ringi");
  self->chooser = gtk_file_chooser_native_new (_("Export Public Key"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* Changing the seal PIN */

static const char *
text_of (AdwPasswordEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static const char *
pin_missing (RingiPreferencesWindow *self)
{
  if (text_of (self->old_pin_row)[0] == '\0')
    return _("Enter your current seal PIN.");
  if (text_of (self->new_pin_row)[0] == '\0')
    return _("Choose a new seal PIN.");
  if (text_of (self->new_pin_again_row)[0] == '\0')
    return _("Type the new seal PIN again.");
  if (!g_str_equal (text_of (self->new_pin_row), text_of (self->new_pin_again_row)))
    return _("The two new seal PINs are not the same.");
  return NULL;
}

static void
update_pin_page (RingiPreferencesWindow *self)
{
  const char *missing = pin_missing (self);
  const char *again = text_of (self->new_pin_again_row);

  gtk_label_set_text (self->pin_hint_label, missing ? missing : "");
  gtk_widget_set_visible (GTK_WIDGET (self->pin_hint_label), missing != NULL && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.change-pin", missing == NULL && !self->busy);
  gtk_widget_set_visible (self->change_pin_button, !self->busy);
  gtk_widget_set_visible (GTK_WIDGET (self->pin_spinner), self->busy);
  gtk_spinner_set_spinning (self->pin_spinner, self->busy);

  if (again[0] != '\0' && !g_str_equal (text_of (self->new_pin_row), again))
    gtk_widget_add_css_class (GTK_WIDGET (self->new_pin_again_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->new_pin_again_row), "error");
}

static void
pin_changed_cb (RingiPreferencesWindow *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->pin_error_label), FALSE);
  update_pin_page (self);
}

static void
pin_activated_cb (RingiPreferencesWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "prefs.change-pin", NULL);
}

static void
clear_pin_rows (RingiPreferencesWindow *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->old_pin_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->new_pin_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->new_pin_again_row), "");
}

static void
show_change_pin_action (GtkWidget *widget,
                        const char *action_name,
                        GVariant *parameter)
{
  RingiPreferencesWindow *self = RINGI_PREFERENCES_WINDOW (widget);

  gtk_widget_set_visible (GTK_WIDGET (self->pin_error_label), FALSE);
  update_pin_page (self);
  adw_preferences_window_present_subpage (ADW_PREFERENCES_WINDOW (self), self->pin_page);
  gtk_widget_grab_focus (GTK_WIDGET (self->old_pin_row));
}

static void
close_change_pin_action (GtkWidget *widget,
                         const char *action_name,
                         GVariant *parameter)
{
  RingiPreferencesWindow *self = RINGI_PREFERENCES_WINDOW (widget);

  /* The PINs are not kept on screen for the next visitor. */
  clear_pin_rows (self);
  adw_preferences_window_close_subpage (ADW_PREFERENCES_WINDOW (self));
}

static void
pin_changed_done_cb (GObject *source,
                     GAsyncResult *result,
                     gpointer user_data)
{
  g_autoptr(RingiPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gboolean changed = ringi_keyring_change_passphrase_finish (RINGI_KEYRING (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_widget_set_sensitive (GTK_WIDGET (self->pin_page), TRUE);
  set_busy (self, FALSE);
  update_pin_page (self);

  if (changed)
    {
      close_change_pin_action (GTK_WIDGET (self), NULL, NULL);
      toast (self, _("Seal PIN changed"));
      return;
    }

  if (g_error_matches (error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_BAD_PASSPHRASE))
    {
      text = g_strdup (_("The current seal PIN is not right."));
      gtk_widget_grab_focus (GTK_WIDGET (self->old_pin_row));
    }
  else
    {
      text = g_strdup_printf (_("Could not change the seal PIN: %s"), error->message);
    }

  gtk_label_set_text (self->pin_error_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->pin_error_label), TRUE);
}

static void
change_pin_action (GtkWidget *widget,
                   const char *action_name,
                   GVariant *parameter)
{
  RingiPreferencesWindow *self = RINGI_PREFERENCES_WINDOW (widget);
  RingiKeyring *keyring = ringi_profile_get_keyring (ringi_sync_get_profile (self->sync));

  if (self->busy || self->fingerprint == NULL || pin_missing (self) != NULL)
    return;

  /* A focused row made insensitive would never hear it lost the focus. */
  gtk_root_set_focus (GTK_ROOT (self), NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->pin_page), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->pin_error_label), FALSE);
  set_busy (self, TRUE);
  update_pin_page (self);

  ringi_keyring_change_passphrase_async (keyring, self->fingerprint,
                                         text_of (self->old_pin_row), text_of (self->new_pin_row),
                                         self->cancellable, pin_changed_done_cb, g_object_ref (self));
}

/* GObject */

static gboolean
ringi_preferences_window_close_request (GtkWindow *window)
{
  RingiPreferencesWindow *self = RINGI_PREFERENCES_WINDOW (window);

  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (ringi_preferences_window_parent_class)->close_request (window);
}

static void
ringi_preferences_window_show (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ringi_preferences_window_parent_class)->show (widget);

  /* Opening with the server address focused and selected would let the
   * first key typed replace it. */
  gtk_window_set_focus (GTK_WINDOW (widget), NULL);
}

static void
ringi_preferences_window_constructed (GObject *object)
{
  RingiPreferencesWindow *self = RINGI_PREFERENCES_WINDOW (object);
  g_autoptr(GError) error = NULL;

  G_OBJECT_CLASS (ringi_preferences_window_parent_class)->constructed (object);

  /* A broken configuration is shown by the first-run page and the shell;
   * here it only decides one sentence. */
  self->config = ringi_config_load_default (&error);
  if (self->config == NULL)
    g_debug ("%s", error->message);

  load_profile (self);
}

static void
ringi_preferences_window_dispose (GObject *object)
{
  RingiPreferencesWindow *self = RINGI_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->ca_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->ca_chooser));
  g_clear_object (&self->ca_chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), RINGI_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->sync);
  g_clear_object (&self->config);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (ringi_preferences_window_parent_class)->dispose (object);
}

static void
ringi_preferences_window_finalize (GObject *object)
{
  RingiPreferencesWindow *self = RINGI_PREFERENCES_WINDOW (object);

  g_clear_pointer (&self->fingerprint, g_free);
  g_clear_pointer (&self->login, g_free);
  g_clear_pointer (&self->ca_choice, g_free);
  g_clear_pointer (&self->saved_url, g_free);
  g_clear_pointer (&self->saved_ca, g_free);

  G_OBJECT_CLASS (ringi_preferences_window_parent_class)->finalize (object);
}

static void
ringi_preferences_window_get_property (GObject *object,
                                       guint prop_id,
                                       GValue *value,
                                       GParamSpec *pspec)
{
  RingiPreferencesWindow *self = RINGI_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SYNC:
      g_value_set_object (value, self->sync);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ringi_preferences_window_set_property (GObject *object,
                                       guint prop_id,
                                       const GValue *value,
                                       GParamSpec *pspec)
{
  RingiPreferencesWindow *self = RINGI_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SYNC:
      self->sync = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ringi_preferences_window_class_init (RingiPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = ringi_preferences_window_constructed;
  object_class->dispose = ringi_preferences_window_dispose;
  object_class->finalize = ringi_preferences_window_finalize;
  object_class->get_property = ringi_preferences_window_get_property;
  object_class->set_property = ringi_preferences_window_set_property;
  window_class->close_request = ringi_preferences_window_close_request;
  widget_class->show = ringi_preferences_window_show;

  properties[PROP_SYNC] =
    g_param_spec_object ("sync", NULL, NULL,
                         RINGI_TYPE_SYNC,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * RingiPreferencesWindow:busy:
   *
   * %TRUE while the seal PIN is being changed, the key exported or the
   * new server address checked.
   */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ringi-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RingiPreferencesWindow, connection_group);
  gtk_widget_class_bind_template_child (widget_class, RingiPreferencesWindow, server_row);
  gtk_widget_class_bind_template_child (widget_class, RingiPreferencesWindow, ca_row);
  gtk_widget_class_bind_template_child (widget_class, RingiPreferencesWindow, server_entry_row);
  gtk_widget_class_bind_template_child (widget_class, RingiPreferencesWindow, ca_choice_row);
  gtk_widget_class_bind_template_child (widget_class, RingiPreferencesWindow, move_box);
  gtk_widget_class_bind_template_child (widget_class, RingiPreferencesWindow, move_error_label);
  gtk_widget_class_bind_template_child (widget_class, RingiPreferencesWindow, move_spinner);
  gtk_widget_class_bind_template_child (widget_class, RingiPreferencesWindow, move_button);
  gtk_widget_class_bind_template_child (widget_class, RingiPreferencesWindow, login_row);
  gtk_widget_class_bind_template_child (widget_class, RingiPreferencesWindow, fingerprint_row);
  gtk_widget_class_bind_template_child (widget_class, RingiPreferencesWindow, notifications_switch);
  gtk_widget_class_bind_template_child (widget_class, RingiPreferencesWindow, pin_page);
  gtk_widget_class_bind_template_child (widget_class, RingiPreferencesWindow, old_pin_row);
  gtk_widget_class_bind_template_child (widget_class, RingiPreferencesWindow, new_pin_row);
  gtk_widget_class_bind_template_child (widget_class, RingiPreferencesWindow, new_pin_again_row);
  gtk_widget_class_bind_template_child (widget_class, RingiPreferencesWindow, pin_hint_label);
  gtk_widget_class_bind_template_child (widget_class, RingiPreferencesWindow, pin_error_label);
  gtk_widget_class_bind_template_child (widget_class, RingiPreferencesWindow, pin_spinner);
  gtk_widget_class_bind_template_child (widget_class, RingiPreferencesWindow, change_pin_button);
  gtk_widget_class_bind_template_callback (widget_class, pin_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, pin_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, connection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, connection_activated_cb);

  gtk_widget_class_install_action (widget_class, "prefs.copy-fingerprint", NULL, copy_fingerprint_action);
  gtk_widget_class_install_action (widget_class, "prefs.export-key", NULL, export_key_action);
  gtk_widget_class_install_action (widget_class, "prefs.show-change-pin", NULL, show_change_pin_action);
  gtk_widget_class_install_action (widget_class, "prefs.close-change-pin", NULL, close_change_pin_action);
  gtk_widget_class_install_action (widget_class, "prefs.change-pin", NULL, change_pin_action);
  gtk_widget_class_install_action (widget_class, "prefs.choose-ca", NULL, choose_ca_action);
  gtk_widget_class_install_action (widget_class, "prefs.use-system-ca", NULL, use_system_ca_action);
  gtk_widget_class_install_action (widget_class, "prefs.move-server", NULL, move_server_action);
}

static void
ringi_preferences_window_init (RingiPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "notifications", self->notifications_switch, "active", G_SETTINGS_BIND_DEFAULT);
  update_pin_page (self);
  update_connection (self);
}

/**
 * ringi_preferences_window_new:
 * @parent: (nullable): the main window
 * @sync: the sync engine of the open profile
 *
 * Returns: (transfer full): the preferences, modal for @parent
 */
RingiPreferencesWindow *
ringi_preferences_window_new (GtkWindow *parent,
                              RingiSync *sync)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (RINGI_IS_SYNC (sync), NULL);

  return g_object_new (RINGI_TYPE_PREFERENCES_WINDOW,
                       "sync", sync,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
}

RingiSync *
ringi_preferences_window_get_sync (RingiPreferencesWindow *self)
{
  g_return_val_if_fail (RINGI_IS_PREFERENCES_WINDOW (self), NULL);

  return self->sync;
}

gboolean
ringi_preferences_window_get_busy (RingiPreferencesWindow *self)
{
  g_return_val_if_fail (RINGI_IS_PREFERENCES_WINDOW (self), FALSE);

  return self->busy;
}
