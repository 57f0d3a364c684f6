/* ringi-attendance-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-attendance-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ringi-attendance-loader.h"
#include "ringi-attendance-page.h"
#include "ringi-config.h"
#include "ringi-my-day.h"
#include "ringi-my-month.h"
#include "ringi-team-board.h"

/* 勤怠: My day, My month and, for managers, the team board, all fed by
 * one load off the main thread, read again whenever the sync engine says
 * something changed, or the person punched, closed or changed month. */
struct _RingiAttendancePage
{
  AdwBin parent_instance;

  RingiSync *sync;
  RingiAttendanceData *data; /* what the views show */
  GCancellable *cancellable; /* of the load in flight */
  gboolean loading;

  GtkStack *stack;
  AdwStatusPage *error_page;
  AdwViewStack *view_stack;
  RingiMyDay *my_day;
  RingiMyMonth *my_month;
  AdwViewStackPage *team_page;
  RingiTeamBoard *team_board;
};

G_DEFINE_FINAL_TYPE (RingiAttendancePage, ringi_attendance_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_SYNC,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  LOADED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

GtkWidget *
ringi_attendance_page_new (void)
{
  return g_object_new (RINGI_TYPE_ATTENDANCE_PAGE, NULL);
}

static void
set_loading (RingiAttendancePage *self,
             gboolean loading)
{
  if (self->loading == loading)
    return;

  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
show_data (RingiAttendancePage *self,
           RingiAttendanceData *data)
{
  /* The views read the new data before the old is freed. */
  g_autoptr(RingiAttendanceData) old = g_steal_pointer (&self->data);

  self->data = data;
  ringi_my_day_show (self->my_day, data);
  ringi_my_month_show (self->my_month, data);
  ringi_team_board_show (self->team_board, data);
  adw_view_stack_page_set_visible (self->team_page, data->team->len > 0 || data->waiting->len > 0);
  gtk_stack_set_visible_child_name (self->stack, "attendance");
}

static void
load_cb (GObject *source,
         GAsyncResult *result,
         gpointer user_data)
{
  g_autoptr(RingiAttendancePage) self = user_data;
  g_autoptr(GError) error = NULL;
  RingiAttendanceData *data = ringi_attendance_loader_load_finish (RINGI_ATTENDANCE_LOADER (source), result, &error);

  /* A newer load replaced this one, or the page went away. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (data == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
    }
  else
    show_data (self, data);
  set_loading (self, FALSE);
  g_signal_emit (self, signals[LOADED], 0);
}

/**
 * ringi_attendance_page_reload:
 * @self: a #RingiAttendancePage
 *
 * Reads today and the month shown again, off the main thread; a load in
 * flight is replaced.
 */
void
ringi_attendance_page_reload (RingiAttendancePage *self)
{
  g_return_if_fail (RINGI_IS_ATTENDANCE_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->sync == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  set_loading (self, TRUE);
  ringi_attendance_loader_load_async (ringi_attendance_loader_get_for_sync (self->sync),
                                      ringi_my_month_get_year (self->my_month),
                                      ringi_my_month_get_month (self->my_month), self->cancellable, load_cb,
                                      g_object_ref (self));
}

static void
reload_cb (RingiAttendancePage *self)
{
  ringi_attendance_page_reload (self);
}

RingiSync *
ringi_attendance_page_get_sync (RingiAttendancePage *self)
{
  g_return_val_if_fail (RINGI_IS_ATTENDANCE_PAGE (self), NULL);

  return self->sync;
}

/**
 * ringi_attendance_page_set_sync:
 * @self: a #RingiAttendancePage
 * @sync: (nullable): the enrolled profile's sync engine
 */
void
ringi_attendance_page_set_sync (RingiAttendancePage *self,
                                RingiSync *sync)
{
  /* A few lines from /etc: the organisation's default place of work. */
  g_autoptr(RingiConfig) config = NULL;

  g_return_if_fail (RINGI_IS_ATTENDANCE_PAGE (self));
  g_return_if_fail (sync == NULL || RINGI_IS_SYNC (sync));

  if (self->sync == sync)
    return;

  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_set_object (&self->sync, sync);
  if (sync != NULL)
    {
      config = ringi_config_load_default (NULL);
      g_signal_connect_object (sync, "changed", G_CALLBACK (ringi_attendance_page_reload), self, G_CONNECT_SWAPPED);
    }

  ringi_my_day_set_sync (self->my_day, sync, config);
  ringi_my_month_set_sync (self->my_month, sync);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  ringi_attendance_page_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC]);
}

gboolean
ringi_attendance_page_get_loading (RingiAttendancePage *self)
{
  g_return_val_if_fail (RINGI_IS_ATTENDANCE_PAGE (self), FALSE);

  return self->loading;
}

/**
 * ringi_attendance_page_show_view:
 * @self: a #RingiAttendancePage
 * @name: `day`, `month` or `team`
 */
void
ringi_attendance_page_show_view (RingiAttendancePage *self,
                                 const char *name)
{
  g_return_if_fail (RINGI_IS_ATTENDANCE_PAGE (self));

  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

static void
ringi_attendance_page_dispose (GObject *object)
{
  RingiAttendancePage *self = RINGI_ATTENDANCE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_clear_object (&self->sync);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), RINGI_TYPE_ATTENDANCE_PAGE);
  g_clear_pointer (&self->data, ringi_attendance_data_free);

  G_OBJECT_CLASS (ringi_attendance_page_parent_class)->dispose (object);
}

static void
ringi_attendance_page_get_property (GObject *object,
                                    guint prop_id,
                                    GValue *value,
                                    GParamSpec *pspec)
{
  RingiAttendancePage *self = RINGI_ATTENDANCE_PAGE (object);

  switch (prop_id)
    {
    case PROP_SYNC:
      g_value_set_object (value, self->sync);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ringi_attendance_page_set_property (GObject *object,
                                    guint prop_id,
                                    const GValue *value,
                                    GParamSpec *pspec)
{
  RingiAttendancePage *self = RINGI_ATTENDANCE_PAGE (object);

  switch (prop_id)
    {
    case PROP_SYNC:
      ringi_attendance_page_set_sync (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ringi_attendance_page_class_init (RingiAttendancePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ringi_attendance_page_dispose;
  object_class->get_property = ringi_attendance_page_get_property;
  object_class->set_property = ringi_attendance_page_set_property;

  properties[PROP_SYNC] = g_param_spec_object ("sync", NULL, NULL, RINGI_TYPE_SYNC,
                                               (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE, (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RingiAttendancePage::loaded:
   *
   * Emitted after a load finished, shown or failed.
   */
  signals[LOADED] = g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 0);

  g_type_ensure (RINGI_TYPE_MY_DAY);
  g_type_ensure (RINGI_TYPE_MY_MONTH);
  g_type_ensure (RINGI_TYPE_TEAM_BOARD);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ringi-attendance-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RingiAttendancePage, stack);
  gtk_widget_class_bind_template_child (widget_class, RingiAttendancePage, error_page);
  gtk_widget_class_bind_template_child (widget_class, RingiAttendancePage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, RingiAttendancePage, my_day);
  gtk_widget_class_bind_template_child (widget_class, RingiAttendancePage, my_month);
  gtk_widget_class_bind_template_child (widget_class, RingiAttendancePage, team_page);
  gtk_widget_class_bind_template_child (widget_class, RingiAttendancePage, team_board);
  gtk_widget_class_bind_template_callback (widget_class, reload_cb);
}

static void
ringi_attendance_page_init (RingiAttendancePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
