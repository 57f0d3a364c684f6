/* ringi-enrollment-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-enrollment-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ringi-enrollment-page.h"
#include "ringi-route.h"

/* The first run: a welcome, then one form (server, account, seal PIN),
 * then key generation, enrollment and a first sync with their progress
 * shown. A failure keeps everything typed, so that only the wrong field
 * needs fixing. */

struct _RingiEnrollmentPage
{
  AdwBin parent_instance;

  RingiSync *sync;
  RingiConfig *config;
  /* The system configuration could not be read: nothing may be set up
   * until IT fixes it, or a locked server could be bypassed. */
  GError *config_error;
  char *ca_file;
  gboolean busy;
  /* Cancelled when the page leaves its window */
  GCancellable *cancellable;
  gulong phase_handler;
  GtkFileChooserNative *chooser;

  GtkStack *stack;
  AdwStatusPage *intro_page;
  AdwStatusPage *config_error_page;
  AdwPreferencesGroup *server_group;
  AdwEntryRow *server_row;
  AdwActionRow *ca_row;
  GtkWidget *ca_clear_button;
  AdwPreferencesGroup *account_group;
  AdwEntryRow *login_row;
  AdwEntryRow *code_row;
  AdwPreferencesGroup *pin_group;
  AdwPasswordEntryRow *pin_row;
  AdwPasswordEntryRow *pin_again_row;
  GtkLabel *hint_label;
  GtkLabel *error_label;
  GtkWidget *progress_box;
  GtkSpinner *spinner;
  GtkLabel *progress_label;
  GtkWidget *connect_button;
};

G_DEFINE_FINAL_TYPE (RingiEnrollmentPage, ringi_enrollment_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_SYNC,
  PROP_CONFIG,
  PROP_CA_FILE,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  ENROLLED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
server_is_locked (RingiEnrollmentPage *self)
{
  return self->config != NULL && ringi_config_get_lock_server (self->config);
}

/* Validation */

/* Why Connect cannot be used yet, in the order the form reads; %NULL
 * when everything is there. */
static char *
dup_missing (RingiEnrollmentPage *self)
{
  const char *server = gtk_editable_get_text (GTK_EDITABLE (self->server_row));
  const char *login = gtk_editable_get_text (GTK_EDITABLE (self->login_row));
  const char *code = gtk_editable_get_text (GTK_EDITABLE (self->code_row));
  const char *pin = gtk_editable_get_text (GTK_EDITABLE (self->pin_row));
  const char *pin_again = gtk_editable_get_text (GTK_EDITABLE (self->pin_again_row));
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiClient) client = NULL;

  if (server[0] == '\0')
    return g_strdup (_("Enter the address of your Ringi server."));

  /* The client's own rules, so that the form and the connection agree */
  client = ringi_client_new (server, NULL, &error);
  if (client == NULL)
    return g_strdup (error->message);

  if (login[0] == '\0')
    return g_strdup (_("Enter your login."));
  if (!ringi_route_login_is_valid (login))
    return g_strdup_printf (_("“%s” is not a login: use the one your IT department gave you."), login);
  if (code[0] == '\0')
    return g_strdup (_("Enter your enrollment code."));
  if (pin[0] == '\0')
    return g_strdup (_("Choose a seal PIN."));
  if (!g_str_equal (pin, pin_again))
    return g_strdup (pin_again[0] == '\0' ? _("Type the seal PIN again.") : _("The two seal PINs are not the same."));

  return NULL;
}

static void
update_form (RingiEnrollmentPage *self)
{
  g_autofree char *missing = dup_missing (self);
  const char *pin = gtk_editable_get_text (GTK_EDITABLE (self->pin_row));
  const char *pin_again = gtk_editable_get_text (GTK_EDITABLE (self->pin_again_row));
  gboolean locked = server_is_locked (self);

  gtk_label_set_text (self->hint_label, missing ? missing : "");
  gtk_widget_set_visible (GTK_WIDGET (self->hint_label), missing != NULL && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "enrollment.connect", missing == NULL && !self->busy);

  if (pin_again[0] != '\0' && !g_str_equal (pin, pin_again))
    gtk_widget_add_css_class (GTK_WIDGET (self->pin_again_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->pin_again_row), "error");

  gtk_widget_set_sensitive (GTK_WIDGET (self->server_group), !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->server_row), !locked);
  gtk_widget_set_sensitive (GTK_WIDGET (self->ca_row), !locked);
  gtk_widget_set_sensitive (GTK_WIDGET (self->account_group), !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->pin_group), !self->busy);
  gtk_widget_set_visible (self->connect_button, !self->busy);
  gtk_widget_set_visible (self->progress_box, self->busy);
  gtk_spinner_set_spinning (self->spinner, self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "enrollment.choose-ca", !locked && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "enrollment.clear-ca", !locked && !self->busy);
}

static void
field_changed_cb (RingiEnrollmentPage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  update_form (self);
}

static void
entry_activated_cb (RingiEnrollmentPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "enrollment.connect", NULL);
}

static void
set_busy (RingiEnrollmentPage *self,
          gboolean busy)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->busy == busy)
    return;

  /* The form turns insensitive: a row that keeps the focus would never
   * learn that it lost it (GTK warns about it). */
  if (busy && root != NULL)
    gtk_root_set_focus (root, NULL);

  self->busy = busy;
  update_form (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* The CA file */

static void
update_ca_row (RingiEnrollmentPage *self)
{
  g_autofree char *name = self->ca_file ? g_filename_display_basename (self->ca_file) : NULL;

  adw_action_row_set_subtitle (self->ca_row, name ? name : _("The system’s certificate authorities"));
  gtk_widget_set_visible (self->ca_clear_button, self->ca_file != NULL);
}

const char *
ringi_enrollment_page_get_ca_file (RingiEnrollmentPage *self)
{
  g_return_val_if_fail (RINGI_IS_ENROLLMENT_PAGE (self), NULL);

  return self->ca_file;
}

/**
 * ringi_enrollment_page_set_ca_file:
 * @self: a #RingiEnrollmentPage
 * @ca_file: (nullable): the PEM file of the certificate authority to pin,
 *   or %NULL to trust the system's
 *
 * What the "Choose…" button sets. The profile keeps its own copy once
 * enrolled.
 */
void
ringi_enrollment_page_set_ca_file (RingiEnrollmentPage *self,
                                   const char *ca_file)
{
  g_return_if_fail (RINGI_IS_ENROLLMENT_PAGE (self));

  if (g_strcmp0 (self->ca_file, ca_file) == 0)
    return;

  g_free (self->ca_file);
  self->ca_file = g_strdup (ca_file);
  update_ca_row (self);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CA_FILE]);
}

static void
chooser_response_cb (RingiEnrollmentPage *self,
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
    ringi_enrollment_page_set_ca_file (self, path);

  g_clear_object (&self->chooser);
}

static void
choose_ca_action (GtkWidget *widget,
                  const char *action_name,
                  GVariant *parameter)
{
  RingiEnrollmentPage *self = RINGI_ENROLLMENT_PAGE (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->chooser != NULL)
    return;

  gtk_file_filter_set_name (filter, _("Certificates"));
  gtk_file_filter_add_mime_type (filter, "application/x-x509-ca-cert");
  gtk_file_filter_add_pattern (filter, "*.pem");
  gtk_file_filter_add_pattern (filter, "*.crt");
  gtk_file_filter_add_pattern (filter, "*.cer");

  self->chooser = gtk_file_chooser_native_new (_("Choose the Certificate Authority"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
clear_ca_action (GtkWidget *widget,
                 const char *action_name,
                 GVariant *parameter)
{
  ringi_enrollment_page_set_ca_file (RINGI_ENROLLMENT_PAGE (widget), NULL);
}

/* The configuration */

static void
show_config_error (RingiEnrollmentPage *self)
{
  g_autofree char *text = NULL;

  /* Translators: %s explains what is wrong in the system configuration file */
  text = g_strdup_printf (_("Ringi cannot be set up on this computer until the system configuration is corrected. "
                             "Tell your IT department: %s"),
                          self->config_error->message);
  adw_status_page_set_description (self->config_error_page, text);
  gtk_stack_set_visible_child_name (self->stack, "config-error");
}

static void
apply_config (RingiEnrollmentPage *self)
{
  const char *server_url = ringi_config_get_server_url (self->config);
  gboolean locked = ringi_config_get_lock_server (self->config);

  if (server_url != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->server_row), server_url);
  if (ringi_config_get_ca_file (self->config) != NULL || locked)
    ringi_enrollment_page_set_ca_file (self, ringi_config_get_ca_file (self->config));

  adw_preferences_group_set_description (self->server_group,
                                         locked ? _("Set by your IT department.") : NULL);
  if (g_str_equal (gtk_stack_get_visible_child_name (self->stack), "config-error"))
    gtk_stack_set_visible_child_name (self->stack, "intro");
  update_form (self);
}

RingiConfig *
ringi_enrollment_page_get_config (RingiEnrollmentPage *self)
{
  g_return_val_if_fail (RINGI_IS_ENROLLMENT_PAGE (self), NULL);

  return self->config;
}

/**
 * ringi_enrollment_page_set_config:
 * @self: a #RingiEnrollmentPage
 * @config: (nullable): the system configuration; %NULL for none
 *
 * Prefills the server and CA from @config, and makes them read-only when
 * it locks them. The page reads the system configuration itself when
 * made; this replaces it (tests, and a shell that already read it).
 */
void
ringi_enrollment_page_set_config (RingiEnrollmentPage *self,
                                  RingiConfig *config)
{
  g_autoptr(RingiConfig) empty = NULL;

  g_return_if_fail (RINGI_IS_ENROLLMENT_PAGE (self));
  g_return_if_fail (config == NULL || RINGI_IS_CONFIG (config));

  if (config == NULL)
    config = empty = ringi_config_new ();

  g_clear_error (&self->config_error);
  if (!g_set_object (&self->config, config))
    return;

  apply_config (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONFIG]);
}

/* Enrollment */

static char *
explain_error (RingiEnrollmentPage *self,
               const GError *error,
               GtkWidget **out_row)
{
  *out_row = NULL;

  if (error->domain == RINGI_CLIENT_ERROR)
    {
      switch ((RingiClientError) error->code)
        {
        case RINGI_CLIENT_ERROR_INVALID_CODE:
          *out_row = GTK_WIDGET (self->code_row);
          return g_strdup (_("The enrollment code is not right. Check it, or ask your IT department for a new one."));

        case RINGI_CLIENT_ERROR_CODE_EXPIRED:
          *out_row = GTK_WIDGET (self->code_row);
          return g_strdup (_("The enrollment code has expired. Ask your IT department for a new one."));

        case RINGI_CLIENT_ERROR_NOT_FOUND:
        case RINGI_CLIENT_ERROR_UNAUTHENTICATED:
          *out_row = GTK_WIDGET (self->login_row);
          return g_strdup (_("The server does not know this login, or does not accept it. Check your login."));

        case RINGI_CLIENT_ERROR_CONFLICT:
          *out_row = GTK_WIDGET (self->code_row);
          return g_strdup (_("This login is already enrolled. Ask your IT department for a new enrollment code."));

        case RINGI_CLIENT_ERROR_NETWORK:
          *out_row = GTK_WIDGET (self->server_row);
          return g_strdup (_("The server cannot be reached. Check the server address and your network connection."));

        case RINGI_CLIENT_ERROR_TLS:
          *out_row = GTK_WIDGET (self->ca_row);
          return g_strdup (_("The server’s certificate is not trusted. If your IT department gave you a certificate authority file, choose it above; otherwise tell them."));

        case RINGI_CLIENT_ERROR_BAD_CA:
          *out_row = GTK_WIDGET (self->ca_row);
          return g_strdup (_("The certificate authority file holds no certificate. Choose the file your IT department gave you."));

        case RINGI_CLIENT_ERROR_RATE_LIMITED:
          return g_strdup (_("Too many attempts. Wait a few minutes, then try again."));

        case RINGI_CLIENT_ERROR_SERVER:
          return g_strdup (_("The server failed. Try again later; if it keeps failing, tell your IT department."));

        default:
          break;
        }
    }

  if (g_error_matches (error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_FAILED))
    return g_strdup_printf (_("Your seal key could not be made: %s"), error->message);

  /* Our own words already (an address the client refuses, a profile
   * already enrolled…) */
  return g_strdup_printf (_("Could not connect: %s"), error->message);
}

static void
show_error (RingiEnrollmentPage *self,
            const GError *error)
{
  GtkWidget *row = NULL;
  g_autofree char *text = explain_error (self, error, &row);

  gtk_label_set_text (self->error_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  if (row != NULL && gtk_widget_get_sensitive (row))
    gtk_widget_grab_focus (row);
}

static void
show_progress (RingiEnrollmentPage *self,
               const char *text)
{
  gtk_label_set_text (self->progress_label, text);
}

static void
phase_cb (RingiEnrollmentPage *self,
          RingiEnrollPhase phase)
{
  switch (phase)
    {
    case RINGI_ENROLL_PHASE_CHECKING_SERVER:
      show_progress (self, _("Checking the server…"));
      break;

    case RINGI_ENROLL_PHASE_MAKING_KEY:
      show_progress (self, _("Creating your key…"));
      break;

    case RINGI_ENROLL_PHASE_REGISTERING:
      show_progress (self, _("Registering with the server…"));
      break;

    case RINGI_ENROLL_PHASE_SIGNING_IN:
      show_progress (self, _("Signing in…"));
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
first_sync_cb (GObject *source,
               GAsyncResult *result,
               gpointer user_data)
{
  g_autoptr(RingiEnrollmentPage) self = user_data;
  g_autoptr(GError) error = NULL;

  /* Enrolled either way: the sync engine retries on its own and shows
   * its state in the main window. */
  if (!ringi_sync_run_finish (RINGI_SYNC (source), result, NULL, &error))
    g_debug ("The first sync failed: %s", error->message);

  set_busy (self, FALSE);

  /* The window closed: enrolled all the same, which the next start sees */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_signal_emit (self, signals[ENROLLED], 0);
}

static void
enrolled_cb (GObject *source,
             GAsyncResult *result,
             gpointer user_data)
{
  g_autoptr(RingiEnrollmentPage) self = user_data;
  g_autoptr(GError) error = NULL;

  g_clear_signal_handler (&self->phase_handler, self->sync);

  if (!ringi_sync_enroll_finish (RINGI_SYNC (source), result, &error))
    {
      set_busy (self, FALSE);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      return;
    }

  show_progress (self, _("First sync…"));
  ringi_sync_run_async (self->sync, self->cancellable, first_sync_cb, g_object_ref (self));
}

static void
connect_action (GtkWidget *widget,
                const char *action_name,
                GVariant *parameter)
{
  RingiEnrollmentPage *self = RINGI_ENROLLMENT_PAGE (widget);
  g_autofree char *missing = dup_missing (self);

  if (self->busy || missing != NULL)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  show_progress (self, _("Connecting…"));
  set_busy (self, TRUE);

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->phase_handler = g_signal_connect_object (self->sync, "enroll-phase", G_CALLBACK (phase_cb),
                                                 self, G_CONNECT_SWAPPED);

  ringi_sync_enroll_async (self->sync,
                           gtk_editable_get_text (GTK_EDITABLE (self->server_row)),
                           self->ca_file,
                           gtk_editable_get_text (GTK_EDITABLE (self->login_row)),
                           gtk_editable_get_text (GTK_EDITABLE (self->code_row)),
                           gtk_editable_get_text (GTK_EDITABLE (self->pin_row)),
                           self->cancellable, enrolled_cb, g_object_ref (self));
}

static void
start_action (GtkWidget *widget,
              const char *action_name,
              GVariant *parameter)
{
  RingiEnrollmentPage *self = RINGI_ENROLLMENT_PAGE (widget);

  gtk_stack_set_visible_child_name (self->stack, "form");
  if (gtk_widget_get_sensitive (GTK_WIDGET (self->server_row)) &&
      gtk_editable_get_text (GTK_EDITABLE (self->server_row))[0] == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->server_row));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->login_row));
}

/* GObject */

static void
ringi_enrollment_page_unroot (GtkWidget *widget)
{
  RingiEnrollmentPage *self = RINGI_ENROLLMENT_PAGE (widget);

  /* The window closes: nothing more may happen on its behalf. */
  g_cancellable_cancel (self->cancellable);

  GTK_WIDGET_CLASS (ringi_enrollment_page_parent_class)->unroot (widget);
}

static void
ringi_enrollment_page_constructed (GObject *object)
{
  RingiEnrollmentPage *self = RINGI_ENROLLMENT_PAGE (object);
  g_autoptr(RingiConfig) config = NULL;

  G_OBJECT_CLASS (ringi_enrollment_page_parent_class)->constructed (object);

  /* A small local file: read here, at once */
  config = ringi_config_load_default (&self->config_error);
  if (config != NULL)
    ringi_enrollment_page_set_config (self, config);
  else
    show_config_error (self);
}

static void
ringi_enrollment_page_dispose (GObject *object)
{
  RingiEnrollmentPage *self = RINGI_ENROLLMENT_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->sync != NULL)
    g_clear_signal_handler (&self->phase_handler, self->sync);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), RINGI_TYPE_ENROLLMENT_PAGE);
  g_clear_object (&self->sync);
  g_clear_object (&self->config);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (ringi_enrollment_page_parent_class)->dispose (object);
}

static void
ringi_enrollment_page_finalize (GObject *object)
{
  RingiEnrollmentPage *self = RINGI_ENROLLMENT_PAGE (object);

  g_clear_error (&self->config_error);
  g_clear_pointer (&self->ca_file, g_free);

  G_OBJECT_CLASS (ringi_enrollment_page_parent_class)->finalize (object);
}

static void
ringi_enrollment_page_get_property (GObject *object,
                                    guint prop_id,
                                    GValue *value,
                                    GParamSpec *pspec)
{
  RingiEnrollmentPage *self = RINGI_ENROLLMENT_PAGE (object);

  switch (prop_id)
    {
    case PROP_SYNC:
      g_value_set_object (value, self->sync);
      break;

    case PROP_CONFIG:
      g_value_set_object (value, self->config);
      break;

    case PROP_CA_FILE:
      g_value_set_string (value, self->ca_file);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ringi_enrollment_page_set_property (GObject *object,
                                    guint prop_id,
                                    const GValue *value,
                                    GParamSpec *pspec)
{
  RingiEnrollmentPage *self = RINGI_ENROLLMENT_PAGE (object);

  switch (prop_id)
    {
    case PROP_SYNC:
      self->sync = g_value_dup_object (value);
      break;

    case PROP_CONFIG:
      ringi_enrollment_page_set_config (self, g_value_get_object (value));
      break;

    case PROP_CA_FILE:
      ringi_enrollment_page_set_ca_file (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ringi_enrollment_page_class_init (RingiEnrollmentPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ringi_enrollment_page_constructed;
  object_class->dispose = ringi_enrollment_page_dispose;
  object_class->finalize = ringi_enrollment_page_finalize;
  object_class->get_property = ringi_enrollment_page_get_property;
  object_class->set_property = ringi_enrollment_page_set_property;
  widget_class->unroot = ringi_enrollment_page_unroot;

  properties[PROP_SYNC] =
    g_param_spec_object ("sync", NULL, NULL,
                         RINGI_TYPE_SYNC,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * RingiEnrollmentPage:config:
   *
   * The system configuration that prefills and may lock the server.
   */
  properties[PROP_CONFIG] =
    g_param_spec_object ("config", NULL, NULL,
                         RINGI_TYPE_CONFIG,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  /**
   * RingiEnrollmentPage:ca-file:
   *
   * The certificate authority chosen for the server, or %NULL for the
   * system's.
   */
  properties[PROP_CA_FILE] =
    g_param_spec_string ("ca-file", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  /**
   * RingiEnrollmentPage:busy:
   *
   * %TRUE while connecting: key generation, enrollment, first sync.
   */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RingiEnrollmentPage::enrolled:
   *
   * The profile is enrolled and has synced once (or tried to: the sync
   * engine retries on its own).
   */
  signals[ENROLLED] =
    g_signal_new ("enrolled",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ringi-enrollment-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RingiEnrollmentPage, stack);
  gtk_widget_class_bind_template_child (widget_class, RingiEnrollmentPage, intro_page);
  gtk_widget_class_bind_template_child (widget_class, RingiEnrollmentPage, config_error_page);
  gtk_widget_class_bind_template_child (widget_class, RingiEnrollmentPage, server_group);
  gtk_widget_class_bind_template_child (widget_class, RingiEnrollmentPage, server_row);
  gtk_widget_class_bind_template_child (widget_class, RingiEnrollmentPage, ca_row);
  gtk_widget_class_bind_template_child (widget_class, RingiEnrollmentPage, ca_clear_button);
  gtk_widget_class_bind_template_child (widget_class, RingiEnrollmentPage, account_group);
  gtk_widget_class_bind_template_child (widget_class, RingiEnrollmentPage, login_row);
  gtk_widget_class_bind_template_child (widget_class, RingiEnrollmentPage, code_row);
  gtk_widget_class_bind_template_child (widget_class, RingiEnrollmentPage, pin_group);
  gtk_widget_class_bind_template_child (widget_class, RingiEnrollmentPage, pin_row);
  gtk_widget_class_bind_template_child (widget_class, RingiEnrollmentPage, pin_again_row);
  gtk_widget_class_bind_template_child (widget_class, RingiEnrollmentPage, hint_label);
  gtk_widget_class_bind_template_child (widget_class, RingiEnrollmentPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, RingiEnrollmentPage, progress_box);
  gtk_widget_class_bind_template_child (widget_class, RingiEnrollmentPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, RingiEnrollmentPage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, RingiEnrollmentPage, connect_button);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);

  gtk_widget_class_install_action (widget_class, "enrollment.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "enrollment.connect", NULL, connect_action);
  gtk_widget_class_install_action (widget_class, "enrollment.choose-ca", NULL, choose_ca_action);
  gtk_widget_class_install_action (widget_class, "enrollment.clear-ca", NULL, clear_ca_action);
}

static void
ringi_enrollment_page_init (RingiEnrollmentPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  adw_status_page_set_icon_name (self->intro_page, APP_ID);
  update_ca_row (self);
  update_form (self);
}

/**
 * ringi_enrollment_page_new:
 * @sync: the sync engine of a profile not enrolled yet
 *
 * Returns: (transfer floating): the first-run page; it emits
 *   #RingiEnrollmentPage::enrolled when done
 */
GtkWidget *
ringi_enrollment_page_new (RingiSync *sync)
{
  g_return_val_if_fail (RINGI_IS_SYNC (sync), NULL);

  return g_object_new (RINGI_TYPE_ENROLLMENT_PAGE, "sync", sync, NULL);
}

RingiSync *
ringi_enrollment_page_get_sync (RingiEnrollmentPage *self)
{
  g_return_val_if_fail (RINGI_IS_ENROLLMENT_PAGE (self), NULL);

  return self->sync;
}

gboolean
ringi_enrollment_page_get_busy (RingiEnrollmentPage *self)
{
  g_return_val_if_fail (RINGI_IS_ENROLLMENT_PAGE (self), FALSE);

  return self->busy;
}
