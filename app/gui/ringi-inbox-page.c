/* ringi-inbox-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-inbox-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ringi-inbox-page.h"
#include "ringi-request-item.h"
#include "ringi-request-loader.h"
#include "ringi-request-row.h"

/* 未処理: the requests waiting for the person's seal, newest first, read
 * again whenever the sync engine says something changed. */
struct _RingiInboxPage
{
  AdwBin parent_instance;

  RingiSync *sync;
  GListStore *items;
  GCancellable *cancellable; /* of the load in flight */
  gboolean loading;

  GtkStack *stack;
  GtkListBox *list;
  AdwStatusPage *error_page;
};

G_DEFINE_FINAL_TYPE (RingiInboxPage, ringi_inbox_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_SYNC,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
ringi_inbox_page_new (void)
{
  return g_object_new (RINGI_TYPE_INBOX_PAGE, NULL);
}

static void
set_loading (RingiInboxPage *self,
             gboolean loading)
{
  if (self->loading == loading)
    return;

  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
list_cb (GObject *source,
         GAsyncResult *result,
         gpointer user_data)
{
  g_autoptr(RingiInboxPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = ringi_request_loader_list_finish (RINGI_REQUEST_LOADER (source), result, &error);

  /* A newer load replaced this one, or the page went away. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (items == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
    }
  else
    {
      g_list_store_splice (self->items, 0, g_list_model_get_n_items (G_LIST_MODEL (self->items)),
                           items->pdata, items->len);
      gtk_stack_set_visible_child_name (self->stack, items->len > 0 ? "list" : "empty");
    }
  set_loading (self, FALSE);
}

/**
 * ringi_inbox_page_reload:
 * @self: a #RingiInboxPage
 *
 * Reads the inbox again, off the main thread; a load in flight is
 * replaced.
 */
void
ringi_inbox_page_reload (RingiInboxPage *self)
{
  g_return_if_fail (RINGI_IS_INBOX_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->sync == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  set_loading (self, TRUE);
  ringi_request_loader_list_async (ringi_request_loader_get_for_sync (self->sync),
                                   RINGI_REQUEST_LIST_INBOX, NULL, self->cancellable,
                                   list_cb, g_object_ref (self));
}

RingiSync *
ringi_inbox_page_get_sync (RingiInboxPage *self)
{
  g_return_val_if_fail (RINGI_IS_INBOX_PAGE (self), NULL);

  return self->sync;
}

/**
 * ringi_inbox_page_set_sync:
 * @self: a #RingiInboxPage
 * @sync: (nullable): the enrolled profile's sync engine
 */
void
ringi_inbox_page_set_sync (RingiInboxPage *self,
                           RingiSync *sync)
{
  g_return_if_fail (RINGI_IS_INBOX_PAGE (self));
  g_return_if_fail (sync == NULL || RINGI_IS_SYNC (sync));

  if (self->sync == sync)
    return;

  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_set_object (&self->sync, sync);
  if (sync != NULL)
    g_signal_connect_object (sync, "changed", G_CALLBACK (ringi_inbox_page_reload), self, G_CONNECT_SWAPPED);

  g_list_store_remove_all (self->items);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  ringi_inbox_page_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC]);
}

/**
 * ringi_inbox_page_get_model:
 *
 * Returns: (transfer none): the requests shown, #RingiRequestItem
 */
GListModel *
ringi_inbox_page_get_model (RingiInboxPage *self)
{
  g_return_val_if_fail (RINGI_IS_INBOX_PAGE (self), NULL);

  return G_LIST_MODEL (self->items);
}

gboolean
ringi_inbox_page_get_loading (RingiInboxPage *self)
{
  g_return_val_if_fail (RINGI_IS_INBOX_PAGE (self), FALSE);

  return self->loading;
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  return ringi_request_row_new (item, RINGI_REQUEST_ROW_INBOX);
}

static void
row_activated_cb (RingiInboxPage *self,
                  GtkListBoxRow *row)
{
  RingiRequestItem *item = ringi_request_row_get_item (RINGI_REQUEST_ROW (row));

  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-request", "s", ringi_request_item_get_id (item));
}

static void
ringi_inbox_page_dispose (GObject *object)
{
  RingiInboxPage *self = RINGI_INBOX_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->sync);
  g_clear_object (&self->items);
  /* The bin's child is a template child: let the bin drop it first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), RINGI_TYPE_INBOX_PAGE);

  G_OBJECT_CLASS (ringi_inbox_page_parent_class)->dispose (object);
}

static void
ringi_inbox_page_get_property (GObject *object,
                               guint prop_id,
                               GValue *value,
                               GParamSpec *pspec)
{
  RingiInboxPage *self = RINGI_INBOX_PAGE (object);

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
ringi_inbox_page_set_property (GObject *object,
                               guint prop_id,
                               const GValue *value,
                               GParamSpec *pspec)
{
  RingiInboxPage *self = RINGI_INBOX_PAGE (object);

  switch (prop_id)
    {
    case PROP_SYNC:
      ringi_inbox_page_set_sync (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ringi_inbox_page_class_init (RingiInboxPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ringi_inbox_page_dispose;
  object_class->get_property = ringi_inbox_page_get_property;
  object_class->set_property = ringi_inbox_page_set_property;

  properties[PROP_SYNC] =
    g_param_spec_object ("sync", NULL, NULL,
                         RINGI_TYPE_SYNC,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ringi-inbox-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RingiInboxPage, stack);
  gtk_widget_class_bind_template_child (widget_class, RingiInboxPage, list);
  gtk_widget_class_bind_template_child (widget_class, RingiInboxPage, error_page);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
}

static void
ringi_inbox_page_init (RingiInboxPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->items = g_list_store_new (RINGI_TYPE_REQUEST_ITEM);
  gtk_list_box_bind_model (self->list, G_LIST_MODEL (self->items), create_row, NULL, NULL);
}
