/* ringi-request-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-request-row"

#include "config.h"

#include <glib/gi18n.h>

#include "ringi-request-row.h"

struct _RingiRequestRow
{
  AdwActionRow parent_instance;

  RingiRequestItem *item;

  GtkImage *pending_icon;
  GtkLabel *status_label;
};

G_DEFINE_FINAL_TYPE (RingiRequestRow, ringi_request_row, ADW_TYPE_ACTION_ROW)

static void
ringi_request_row_dispose (GObject *object)
{
  RingiRequestRow *self = RINGI_REQUEST_ROW (object);

  g_clear_object (&self->item);
  gtk_widget_dispose_template (GTK_WIDGET (self), RINGI_TYPE_REQUEST_ROW);

  G_OBJECT_CLASS (ringi_request_row_parent_class)->dispose (object);
}

static void
ringi_request_row_class_init (RingiRequestRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ringi_request_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ringi-request-row.ui");
  gtk_widget_class_bind_template_child (widget_class, RingiRequestRow, pending_icon);
  gtk_widget_class_bind_template_child (widget_class, RingiRequestRow, status_label);
}

static void
ringi_request_row_init (RingiRequestRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* The parts of the subtitle, joined with a middle dot; empty ones left out. */
static char *
join_parts (const char *const *parts,
            guint n_parts)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n_parts; i++)
    {
      if (parts[i] == NULL || parts[i][0] == '\0')
        continue;
      if (text->len > 0)
        g_string_append (text, " · ");
      g_string_append (text, parts[i]);
    }
  return g_string_free (text, FALSE);
}

static char *
dup_subtitle (RingiRequestItem *item,
              RingiRequestRowKind kind)
{
  const RingiRequestInfo *info = ringi_request_item_get_summary (item)->info;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *amount = ringi_request_item_dup_amount_text (item);
  g_autofree char *age = ringi_request_item_dup_age_text (item, now);
  g_autofree char *progress = ringi_request_item_dup_progress_text (item);

  switch (kind)
    {
    case RINGI_REQUEST_ROW_INBOX:
      {
        const char *parts[] = { ringi_request_item_get_applicant_name (item), amount, info->category, age };

        return join_parts (parts, G_N_ELEMENTS (parts));
      }

    case RINGI_REQUEST_ROW_SENT:
      {
        const char *parts[] = { progress, amount, age };

        return join_parts (parts, G_N_ELEMENTS (parts));
      }

    case RINGI_REQUEST_ROW_ARCHIVE:
      {
        const char *parts[] = { info->transaction_date, info->counterparty, amount,
                                ringi_request_item_get_applicant_name (item) };

        return join_parts (parts, G_N_ELEMENTS (parts));
      }

    default:
      g_assert_not_reached ();
    }
}

/**
 * ringi_request_row_new:
 * @item: the request
 * @kind: which list the row is in
 *
 * Returns: (transfer floating): an activatable row for @item
 */
GtkWidget *
ringi_request_row_new (RingiRequestItem *item,
                       RingiRequestRowKind kind)
{
  RingiRequestRow *self;
  g_autofree char *subtitle = NULL;

  g_return_val_if_fail (RINGI_IS_REQUEST_ITEM (item), NULL);

  self = g_object_new (RINGI_TYPE_REQUEST_ROW, NULL);
  self->item = g_object_ref (item);
  subtitle = dup_subtitle (item, kind);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), ringi_request_item_get_title (item));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->pending_icon), ringi_request_item_get_pending (item));
  /* The inbox holds requests in progress: no status to tell there, but
   * whether what the person did there still waits for the server. */
  if (kind == RINGI_REQUEST_ROW_INBOX)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->status_label), ringi_request_item_get_pending (item));
      gtk_label_set_label (self->status_label, _("Waiting to be sent"));
    }
  else
    gtk_label_set_label (self->status_label, ringi_request_item_get_status_text (item));
  return GTK_WIDGET (self);
}

RingiRequestItem *
ringi_request_row_get_item (RingiRequestRow *self)
{
  g_return_val_if_fail (RINGI_IS_REQUEST_ROW (self), NULL);

  return self->item;
}
