/* ringi-archive-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-archive-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ringi-archive-page.h"
#include "ringi-request-item.h"
#include "ringi-request-loader.h"
#include "ringi-request-row.h"
#include "ringi-text.h"

/* 保管: every stored request, searched the way the 電子帳簿保存法 asks:
 * transaction date range, amount range, counterparty and title, combined.
 * The results are read again when the sync engine says something changed. */
struct _RingiArchivePage
{
  AdwBin parent_instance;

  RingiSync *sync;
  GListStore *items;
  GCancellable *cancellable; /* of the search in flight */
  gboolean loading;

  AdwEntryRow *date_from_row;
  AdwEntryRow *date_to_row;
  AdwEntryRow *min_amount_row;
  AdwEntryRow *max_amount_row;
  AdwEntryRow *counterparty_row;
  AdwEntryRow *title_row;
  GtkStack *stack;
  GtkListBox *list;
  AdwStatusPage *error_page;
};

G_DEFINE_FINAL_TYPE (RingiArchivePage, ringi_archive_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_SYNC,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
ringi_archive_page_new (void)
{
  return g_object_new (RINGI_TYPE_ARCHIVE_PAGE, NULL);
}

static void
set_loading (RingiArchivePage *self,
             gboolean loading)
{
  if (self->loading == loading)
    return;

  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Empty text is no condition; a date must be a real YYYY-MM-DD day. */
static gboolean
read_date (AdwEntryRow *row,
           const char **out)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  GDate date;

  *out = NULL;
  if (text[0] == '\0')
    return TRUE;
  if (!ringi_text_parse_date (text, &date))
    return FALSE;

  *out = text;
  return TRUE;
}

/* Whole yen; separators as people type them are allowed. */
static gboolean
read_amount (AdwEntryRow *row,
             gint64 *out)
{
  g_autoptr(GString) digits = g_string_new (gtk_editable_get_text (GTK_EDITABLE (row)));
  guint64 value;

  *out = -1;
  g_string_replace (digits, ",", "", 0);
  g_string_replace (digits, " ", "", 0);
  if (digits->len == 0)
    return TRUE;
  if (!g_ascii_string_to_unsigned (digits->str, 10, 0, G_MAXINT64, &value, NULL))
    return FALSE;

  *out = (gint64) value;
  return TRUE;
}

static const char *
read_text (AdwEntryRow *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  return text[0] != '\0' ? text : NULL;
}

static void
mark_row (AdwEntryRow *row,
          gboolean valid)
{
  if (valid)
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
}

static void
list_cb (GObject *source,
         GAsyncResult *result,
         gpointer user_data)
{
  g_autoptr(RingiArchivePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = ringi_request_loader_list_finish (RINGI_REQUEST_LOADER (source), result, &error);

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
 * ringi_archive_page_reload:
 * @self: a #RingiArchivePage
 *
 * Searches again with the conditions in the form; a field that does not
 * read as a condition is marked and nothing is searched.
 */
void
ringi_archive_page_reload (RingiArchivePage *self)
{
  RingiSearchQuery query = RINGI_SEARCH_QUERY_INIT;
  gboolean valid = TRUE;
  gboolean ok;

  g_return_if_fail (RINGI_IS_ARCHIVE_PAGE (self));

  mark_row (self->date_from_row, ok = read_date (self->date_from_row, &query.date_from));
  valid &= ok;
  mark_row (self->date_to_row, ok = read_date (self->date_to_row, &query.date_to));
  valid &= ok;
  mark_row (self->min_amount_row, ok = read_amount (self->min_amount_row, &query.min_amount));
  valid &= ok;
  mark_row (self->max_amount_row, ok = read_amount (self->max_amount_row, &query.max_amount));
  valid &= ok;
  query.counterparty = read_text (self->counterparty_row);
  query.title = read_text (self->title_row);

  if (!valid || self->sync == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_loading (self, TRUE);
  ringi_request_loader_list_async (ringi_request_loader_get_for_sync (self->sync),
                                   RINGI_REQUEST_LIST_SEARCH, &query, self->cancellable,
                                   list_cb, g_object_ref (self));
}

static void
set_amount_text (AdwEntryRow *row,
                 gint64 amount)
{
  g_autofree char *text = amount >= 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, amount) : g_strdup ("");

  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

/**
 * ringi_archive_page_search:
 * @self: a #RingiArchivePage
 * @query: the conditions
 *
 * Fills the form with @query and searches.
 */
void
ringi_archive_page_search (RingiArchivePage *self,
                           const RingiSearchQuery *query)
{
  g_return_if_fail (RINGI_IS_ARCHIVE_PAGE (self));
  g_return_if_fail (query != NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->date_from_row), query->date_from ? query->date_from : "");
  gtk_editable_set_text (GTK_EDITABLE (self->date_to_row), query->date_to ? query->date_to : "");
  set_amount_text (self->min_amount_row, query->min_amount);
  set_amount_text (self->max_amount_row, query->max_amount);
  gtk_editable_set_text (GTK_EDITABLE (self->counterparty_row), query->counterparty ? query->counterparty : "");
  gtk_editable_set_text (GTK_EDITABLE (self->title_row), query->title ? query->title : "");
  ringi_archive_page_reload (self);
}

void
ringi_archive_page_focus_search (RingiArchivePage *self)
{
  g_return_if_fail (RINGI_IS_ARCHIVE_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->title_row));
}

static void
clear_cb (RingiArchivePage *self)
{
  RingiSearchQuery everything = RINGI_SEARCH_QUERY_INIT;

  ringi_archive_page_search (self, &everything);
}

RingiSync *
ringi_archive_page_get_sync (RingiArchivePage *self)
{
  g_return_val_if_fail (RINGI_IS_ARCHIVE_PAGE (self), NULL);

  return self->sync;
}

/**
 * ringi_archive_page_set_sync:
 * @self: a #RingiArchivePage
 * @sync: (nullable): the enrolled profile's sync engine
 */
void
ringi_archive_page_set_sync (RingiArchivePage *self,
                             RingiSync *sync)
{
  g_return_if_fail (RINGI_IS_ARCHIVE_PAGE (self));
  g_return_if_fail (sync == NULL || RINGI_IS_SYNC (sync));

  if (self->sync == sync)
    return;

  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_cancellable_cancel (self->cancellable);
  g_set_object (&self->sync, sync);
  if (sync != NULL)
    g_signal_connect_object (sync, "changed", G_CALLBACK (ringi_archive_page_reload), self, G_CONNECT_SWAPPED);

  g_list_store_remove_all (self->items);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  ringi_archive_page_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC]);
}

/**
 * ringi_archive_page_get_model:
 *
 * Returns: (transfer none): the requests found, #RingiRequestItem
 */
GListModel *
ringi_archive_page_get_model (RingiArchivePage *self)
{
  g_return_val_if_fail (RINGI_IS_ARCHIVE_PAGE (self), NULL);

  return G_LIST_MODEL (self->items);
}

gboolean
ringi_archive_page_get_loading (RingiArchivePage *self)
{
  g_return_val_if_fail (RINGI_IS_ARCHIVE_PAGE (self), FALSE);

  return self->loading;
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  return ringi_request_row_new (item, RINGI_REQUEST_ROW_ARCHIVE);
}

static void
row_activated_cb (RingiArchivePage *self,
                  GtkListBoxRow *row)
{
  RingiRequestItem *item = ringi_request_row_get_item (RINGI_REQUEST_ROW (row));

  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-request", "s", ringi_request_item_get_id (item));
}

static void
ringi_archive_page_dispose (GObject *object)
{
  RingiArchivePage *self = RINGI_ARCHIVE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->sync);
  g_clear_object (&self->items);
  /* The bin's child is a template child: let the bin drop it first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), RINGI_TYPE_ARCHIVE_PAGE);

  G_OBJECT_CLASS (ringi_archive_page_parent_class)->dispose (object);
}

static void
ringi_archive_page_get_property (GObject *object,
                                 guint prop_id,
                                 GValue *value,
                                 GParamSpec *pspec)
{
  RingiArchivePage *self = RINGI_ARCHIVE_PAGE (object);

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
ringi_archive_page_set_property (GObject *object,
                                 guint prop_id,
                                 const GValue *value,
                                 GParamSpec *pspec)
{
  RingiArchivePage *self = RINGI_ARCHIVE_PAGE (object);

  switch (prop_id)
    {
    case PROP_SYNC:
      ringi_archive_page_set_sync (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ringi_archive_page_class_init (RingiArchivePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ringi_archive_page_dispose;
  object_class->get_property = ringi_archive_page_get_property;
  object_class->set_property = ringi_archive_page_set_property;

  properties[PROP_SYNC] =
    g_param_spec_object ("sync", NULL, NULL,
                         RINGI_TYPE_SYNC,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ringi-archive-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RingiArchivePage, date_from_row);
  gtk_widget_class_bind_template_child (widget_class, RingiArchivePage, date_to_row);
  gtk_widget_class_bind_template_child (widget_class, RingiArchivePage, min_amount_row);
  gtk_widget_class_bind_template_child (widget_class, RingiArchivePage, max_amount_row);
  gtk_widget_class_bind_template_child (widget_class, RingiArchivePage, counterparty_row);
  gtk_widget_class_bind_template_child (widget_class, RingiArchivePage, title_row);
  gtk_widget_class_bind_template_child (widget_class, RingiArchivePage, stack);
  gtk_widget_class_bind_template_child (widget_class, RingiArchivePage, list);
  gtk_widget_class_bind_template_child (widget_class, RingiArchivePage, error_page);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, ringi_archive_page_reload);
  gtk_widget_class_bind_template_callback (widget_class, clear_cb);
}

static void
ringi_archive_page_init (RingiArchivePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->items = g_list_store_new (RINGI_TYPE_REQUEST_ITEM);
  gtk_list_box_bind_model (self->list, G_LIST_MODEL (self->items), create_row, NULL, NULL);
}
