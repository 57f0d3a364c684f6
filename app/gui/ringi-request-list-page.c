/* ringi-request-list-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-request-list-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ringi-gui-enums.h"
#include "ringi-request-item.h"
#include "ringi-request-list-page.h"
#include "ringi-request-loader.h"
#include "ringi-request-row.h"

/* One list of requests, newest first, read again whenever the sync
 * engine says something changed: the inbox (未処理, waiting for the
 * person's seal) or the person's own requests (申請, with how far along
 * its route each one is). */
struct _RingiRequestListPage
{
  AdwBin parent_instance;

  RingiRequestList list;
  RingiSync *sync;
  GListStore *items;
  GCancellable *cancellable; /* of the load in flight */
  gboolean loading;

  GtkStack *stack;
  GtkListBox *list_box;
  AdwStatusPage *empty_page;
  AdwStatusPage *error_page;
};

G_DEFINE_FINAL_TYPE (RingiRequestListPage, ringi_request_list_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_LIST,
  PROP_SYNC,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * ringi_request_list_page_new:
 * @list: %RINGI_REQUEST_LIST_INBOX or %RINGI_REQUEST_LIST_SENT
 *
 * Returns: (transfer floating): a new page showing @list
 */
GtkWidget *
ringi_request_list_page_new (RingiRequestList list)
{
  g_return_val_if_fail (list == RINGI_REQUEST_LIST_INBOX || list == RINGI_REQUEST_LIST_SENT, NULL);

  return g_object_new (RINGI_TYPE_REQUEST_LIST_PAGE, "list", list, NULL);
}

RingiRequestList
ringi_request_list_page_get_list (RingiRequestListPage *self)
{
  g_return_val_if_fail (RINGI_IS_REQUEST_LIST_PAGE (self), RINGI_REQUEST_LIST_INBOX);

  return self->list;
}

static void
set_loading (RingiRequestListPage *self,
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
  g_autoptr(RingiRequestListPage) self = user_data;
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
 * ringi_request_list_page_reload:
 * @self: a #RingiRequestListPage
 *
 * Reads the list again, off the main thread; a load in flight is
 * replaced.
 */
void
ringi_request_list_page_reload (RingiRequestListPage *self)
{
  g_return_if_fail (RINGI_IS_REQUEST_LIST_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->sync == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  set_loading (self, TRUE);
  ringi_request_loader_list_async (ringi_request_loader_get_for_sync (self->sync),
                                   self->list, NULL, self->cancellable,
                                   list_cb, g_object_ref (self));
}

RingiSync *
ringi_request_list_page_get_sync (RingiRequestListPage *self)
{
  g_return_val_if_fail (RINGI_IS_REQUEST_LIST_PAGE (self), NULL);

  return self->sync;
}

/**
 * ringi_request_list_page_set_sync:
 * @self: a #RingiRequestListPage
 * @sync: (nullable): the enrolled profile's sync engine
 */
void
ringi_request_list_page_set_sync (RingiRequestListPage *self,
                                  RingiSync *sync)
{
  g_return_if_fail (RINGI_IS_REQUEST_LIST_PAGE (self));
  g_return_if_fail (sync == NULL || RINGI_IS_SYNC (sync));

  if (self->sync == sync)
    return;

  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_set_object (&self->sync, sync);
  if (sync != NULL)
    g_signal_connect_object (sync, "changed", G_CALLBACK (ringi_request_list_page_reload), self, G_CONNECT_SWAPPED);

  g_list_store_remove_all (self->items);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  ringi_request_list_page_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC]);
}

/**
 * ringi_request_list_page_get_model:
 *
 * Returns: (transfer none): the requests shown, #RingiRequestItem
 */
GListModel *
ringi_request_list_page_get_model (RingiRequestListPage *self)
{
  g_return_val_if_fail (RINGI_IS_REQUEST_LIST_PAGE (self), NULL);

  return G_LIST_MODEL (self->items);
}

gboolean
ringi_request_list_page_get_loading (RingiRequestListPage *self)
{
  g_return_val_if_fail (RINGI_IS_REQUEST_LIST_PAGE (self), FALSE);

  return self->loading;
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  RingiRequestListPage *self = user_data;

  return ringi_request_row_new (item, self->list == RINGI_REQUEST_LIST_SENT ? RINGI_REQUEST_ROW_SENT
                                                                            : RINGI_REQUEST_ROW_INBOX);
}

/* What the empty page says, and what a screen reader calls the list. */
static void
describe_list (RingiRequestListPage *self)
{
  if (self->list == RINGI_REQUEST_LIST_SENT)
    {
      adw_status_page_set_icon_name (self->empty_page, "document-send-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Requests Yet"));
      adw_status_page_set_description (self->empty_page,
                                       _("To ask for approval, press New Request and choose the PDF document. "
                                          "Your requests and how far they got appear here."));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Your requests"), -1);
    }
  else
    {
      adw_status_page_set_icon_name (self->empty_page, "mail-unread-symbolic");
      adw_status_page_set_title (self->empty_page, _("Nothing Waits for Your Seal"));
      adw_status_page_set_description (self->empty_page,
                                       _("Requests you are asked to approve, acknowledge or resubmit appear here. "
                                          "Press F5 to check the server for new ones."));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Requests waiting for your seal"), -1);
    }
}

static void
ringi_request_list_page_constructed (GObject *object)
{
  RingiRequestListPage *self = RINGI_REQUEST_LIST_PAGE (object);

  G_OBJECT_CLASS (ringi_request_list_page_parent_class)->constructed (object);

  describe_list (self);
  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (self->items), create_row, self, NULL);
}

static void
row_activated_cb (RingiRequestListPage *self,
                  GtkListBoxRow *row)
{
  RingiRequestItem *item = ringi_request_row_get_item (RINGI_REQUEST_ROW (row));

  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-request", "s", ringi_request_item_get_id (item));
}

static void
ringi_request_list_page_dispose (GObject *object)
{
  RingiRequestListPage *self = RINGI_REQUEST_LIST_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->sync);
  g_clear_object (&self->items);
  /* The bin's child is a template child: let the bin drop it first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), RINGI_TYPE_REQUEST_LIST_PAGE);

  G_OBJECT_CLASS (ringi_request_list_page_parent_class)->dispose (object);
}

static void
ringi_request_list_page_get_property (GObject *object,
                                      guint prop_id,
                                      GValue *value,
                                      GParamSpec *pspec)
{
  RingiRequestListPage *self = RINGI_REQUEST_LIST_PAGE (object);

  switch (prop_id)
    {
    case PROP_LIST:
      g_value_set_enum (value, self->list);
      break;

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
ringi_request_list_page_set_property (GObject *object,
                                      guint prop_id,
                                      const GValue *value,
                                      GParamSpec *pspec)
{
  RingiRequestListPage *self = RINGI_REQUEST_LIST_PAGE (object);

  switch (prop_id)
    {
    case PROP_LIST:
      self->list = g_value_get_enum (value);
      break;

    case PROP_SYNC:
      ringi_request_list_page_set_sync (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ringi_request_list_page_class_init (RingiRequestListPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ringi_request_list_page_constructed;
  object_class->dispose = ringi_request_list_page_dispose;
  object_class->get_property = ringi_request_list_page_get_property;
  object_class->set_property = ringi_request_list_page_set_property;

  properties[PROP_LIST] =
    g_param_spec_enum ("list", NULL, NULL,
                       RINGI_TYPE_REQUEST_LIST,
                       RINGI_REQUEST_LIST_INBOX,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SYNC] =
    g_param_spec_object ("sync", NULL, NULL,
                         RINGI_TYPE_SYNC,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ringi-request-list-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RingiRequestListPage, stack);
  gtk_widget_class_bind_template_child (widget_class, RingiRequestListPage, list_box);
  gtk_widget_class_bind_template_child (widget_class, RingiRequestListPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, RingiRequestListPage, error_page);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
}

static void
ringi_request_list_page_init (RingiRequestListPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->items = g_list_store_new (RINGI_TYPE_REQUEST_ITEM);
}
