/* ringi-sync-indicator.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-sync-indicator"

#include "config.h"

#include <glib/gi18n.h>

#include "ringi-sync-indicator.h"

/* The header's sync status: an icon (a spinner while syncing) whose
 * tooltip says the state in words, opening a popover with the reason of an
 * error, the actions waiting to be sent, and a button to sync now. */
struct _RingiSyncIndicator
{
  AdwBin parent_instance;

  RingiSync *sync;
  char *summary;

  GtkMenuButton *button;
  GtkStack *icon_stack;
  GtkImage *icon;
  GtkSpinner *spinner;
  GtkLabel *heading_label;
  GtkLabel *detail_label;
  GtkWidget *sign_in_button;
  GtkWidget *sync_button;
};

G_DEFINE_FINAL_TYPE (RingiSyncIndicator, ringi_sync_indicator, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_SYNC,
  PROP_SUMMARY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
ringi_sync_indicator_new (void)
{
  return g_object_new (RINGI_TYPE_SYNC_INDICATOR, NULL);
}

static const char *
state_heading (RingiSyncState state)
{
  switch (state)
    {
    case RINGI_SYNC_STATE_SYNCED:
      return _("Up to date");
    case RINGI_SYNC_STATE_SYNCING:
      return _("Syncing…");
    case RINGI_SYNC_STATE_OFFLINE:
      return _("Offline");
    case RINGI_SYNC_STATE_ERROR:
      return _("Sync failed");
    default:
      g_assert_not_reached ();
    }
}

static const char *
state_icon (RingiSyncState state)
{
  switch (state)
    {
    case RINGI_SYNC_STATE_SYNCED:
    case RINGI_SYNC_STATE_SYNCING:
      return "emblem-ok-symbolic";
    case RINGI_SYNC_STATE_OFFLINE:
      return "network-offline-symbolic";
    case RINGI_SYNC_STATE_ERROR:
      return "dialog-warning-symbolic";
    default:
      g_assert_not_reached ();
    }
}

/* The details under the heading: why it failed, and what waits. */
static char *
dup_detail (RingiSync *sync)
{
  RingiSyncState state = ringi_sync_get_state (sync);
  const char *reason = ringi_sync_get_error_message (sync);
  guint n_waiting = ringi_sync_get_n_waiting (sync);
  GString *detail = g_string_new (NULL);

  if (reason != NULL && (state == RINGI_SYNC_STATE_ERROR || state == RINGI_SYNC_STATE_OFFLINE))
    g_string_append (detail, reason);

  if (n_waiting > 0)
    {
      if (detail->len > 0)
        g_string_append_c (detail, '\n');
      g_string_append_printf (detail,
                              ngettext ("%u action waits to be sent.",
                                        "%u actions wait to be sent.", n_waiting),
                              n_waiting);
    }
  else if (state == RINGI_SYNC_STATE_SYNCED)
    g_string_append (detail, _("Everything you did is on the server."));

  return g_string_free (detail, FALSE);
}

static void
update (RingiSyncIndicator *self)
{
  g_autofree char *detail = NULL;
  g_autofree char *summary = NULL;
  RingiSyncState state;

  gtk_widget_set_visible (GTK_WIDGET (self), self->sync != NULL);
  if (self->sync == NULL)
    return;

  state = ringi_sync_get_state (self->sync);
  detail = dup_detail (self->sync);
  summary = detail[0] != '\0' ? g_strdup_printf ("%s\n%s", state_heading (state), detail)
                              : g_strdup (state_heading (state));

  gtk_image_set_from_icon_name (self->icon, state_icon (state));
  gtk_spinner_set_spinning (self->spinner, state == RINGI_SYNC_STATE_SYNCING);
  gtk_stack_set_visible_child (self->icon_stack, state == RINGI_SYNC_STATE_SYNCING ? GTK_WIDGET (self->spinner)
                                                                                   : GTK_WIDGET (self->icon));
  if (state == RINGI_SYNC_STATE_ERROR)
    gtk_widget_add_css_class (GTK_WIDGET (self->button), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->button), "error");

  /* When the seal PIN is what is missing, signing in is the way on. */
  gtk_widget_set_visible (self->sign_in_button, ringi_sync_get_needs_sign_in (self->sync));
  gtk_widget_set_visible (self->sync_button, !ringi_sync_get_needs_sign_in (self->sync));
  gtk_label_set_label (self->heading_label, state_heading (state));
  gtk_label_set_label (self->detail_label, detail);
  gtk_widget_set_visible (GTK_WIDGET (self->detail_label), detail[0] != '\0');
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), summary);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, summary,
                                  -1);

  if (g_strcmp0 (self->summary, summary) != 0)
    {
      g_free (self->summary);
      self->summary = g_steal_pointer (&summary);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);
    }
}

RingiSync *
ringi_sync_indicator_get_sync (RingiSyncIndicator *self)
{
  g_return_val_if_fail (RINGI_IS_SYNC_INDICATOR (self), NULL);

  return self->sync;
}

/**
 * ringi_sync_indicator_set_sync:
 * @self: a #RingiSyncIndicator
 * @sync: (nullable): the sync engine to show; %NULL hides the indicator
 */
void
ringi_sync_indicator_set_sync (RingiSyncIndicator *self,
                               RingiSync *sync)
{
  static const char *const watched[] = { "notify::state", "notify::n-waiting", "notify::error-message", "notify::needs-sign-in" };

  g_return_if_fail (RINGI_IS_SYNC_INDICATOR (self));
  g_return_if_fail (sync == NULL || RINGI_IS_SYNC (sync));

  if (self->sync == sync)
    return;

  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_set_object (&self->sync, sync);
  for (guint i = 0; sync != NULL && i < G_N_ELEMENTS (watched); i++)
    g_signal_connect_object (sync, watched[i], G_CALLBACK (update), self, G_CONNECT_SWAPPED);

  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC]);
}

/**
 * ringi_sync_indicator_get_summary:
 *
 * Returns: (nullable): the state in words as the tooltip says it
 */
const char *
ringi_sync_indicator_get_summary (RingiSyncIndicator *self)
{
  g_return_val_if_fail (RINGI_IS_SYNC_INDICATOR (self), NULL);

  return self->summary;
}

static void
ringi_sync_indicator_dispose (GObject *object)
{
  RingiSyncIndicator *self = RINGI_SYNC_INDICATOR (object);

  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_clear_object (&self->sync);
  /* The bin's child is a template child: let the bin drop it first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), RINGI_TYPE_SYNC_INDICATOR);

  G_OBJECT_CLASS (ringi_sync_indicator_parent_class)->dispose (object);
}

static void
ringi_sync_indicator_finalize (GObject *object)
{
  RingiSyncIndicator *self = RINGI_SYNC_INDICATOR (object);

  g_free (self->summary);

  G_OBJECT_CLASS (ringi_sync_indicator_parent_class)->finalize (object);
}

static void
ringi_sync_indicator_get_property (GObject *object,
                                   guint prop_id,
                                   GValue *value,
                                   GParamSpec *pspec)
{
  RingiSyncIndicator *self = RINGI_SYNC_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_SYNC:
      g_value_set_object (value, self->sync);
      break;

    case PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ringi_sync_indicator_set_property (GObject *object,
                                   guint prop_id,
                                   const GValue *value,
                                   GParamSpec *pspec)
{
  RingiSyncIndicator *self = RINGI_SYNC_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_SYNC:
      ringi_sync_indicator_set_sync (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ringi_sync_indicator_class_init (RingiSyncIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ringi_sync_indicator_dispose;
  object_class->finalize = ringi_sync_indicator_finalize;
  object_class->get_property = ringi_sync_indicator_get_property;
  object_class->set_property = ringi_sync_indicator_set_property;

  properties[PROP_SYNC] =
    g_param_spec_object ("sync", NULL, NULL,
                         RINGI_TYPE_SYNC,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  /**
   * RingiSyncIndicator:summary:
   *
   * The state in words, as the tooltip shows it.
   */
  properties[PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ringi-sync-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, RingiSyncIndicator, button);
  gtk_widget_class_bind_template_child (widget_class, RingiSyncIndicator, icon_stack);
  gtk_widget_class_bind_template_child (widget_class, RingiSyncIndicator, icon);
  gtk_widget_class_bind_template_child (widget_class, RingiSyncIndicator, spinner);
  gtk_widget_class_bind_template_child (widget_class, RingiSyncIndicator, heading_label);
  gtk_widget_class_bind_template_child (widget_class, RingiSyncIndicator, detail_label);
  gtk_widget_class_bind_template_child (widget_class, RingiSyncIndicator, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, RingiSyncIndicator, sync_button);
}

static void
ringi_sync_indicator_init (RingiSyncIndicator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update (self);
}
