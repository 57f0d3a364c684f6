/* ringi-pdf-view-find.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-pdf-view"

#include "config.h"

#include "ringi-pdf-view-private.h"

/*
 * Find in RingiPdfView: the search runs on the document's worker; the view
 * keeps the matches, highlights them, and moves between them.
 */

static const RingiPdfMatch *
get_match (RingiPdfView *self,
           int index)
{
  return &g_array_index (self->matches, RingiPdfMatch, index);
}

/* Matches are in page order: the first one on @page or after it. */
static guint
first_match_from (RingiPdfView *self,
                  int page)
{
  guint low = 0, high = self->matches->len;

  while (low < high)
    {
      guint mid = (low + high) / 2;

      if (get_match (self, mid)->page < page)
        low = mid + 1;
      else
        high = mid;
    }
  return low;
}

/* Brings the current match to the upper third of the view unless it is in
 * sight already. */
static void
show_current_match (RingiPdfView *self)
{
  const RingiPdfMatch *match;
  graphene_rect_t rect;
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (self->current_match < 0 || !ringi_pdf_view_has_layout (self))
    return;

  match = get_match (self, self->current_match);
  ringi_pdf_view_page_rect_to_widget (self, match->page, &match->rects[0], &rect);
  if (rect.origin.x >= 0 && rect.origin.y >= 0 &&
      rect.origin.x + rect.size.width <= width && rect.origin.y + rect.size.height <= height)
    return;

  ringi_pdf_view_scroll_by (self,
                            rect.origin.x + rect.size.width > width || rect.origin.x < 0 ? rect.origin.x - width / 3.0 : 0,
                            rect.origin.y - height / 3.0);
}

static void
on_found (GObject *object,
          GAsyncResult *result,
          gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  RingiPdfView *self = g_task_get_source_object (task);
  GError *error = NULL;
  GArray *matches;

  matches = ringi_pdf_document_find_text_finish (RINGI_PDF_DOCUMENT (object), result, &error);
  if (matches == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (self->document != RINGI_PDF_DOCUMENT (object))
    {
      g_array_unref (matches);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               "The document was replaced during the search");
      return;
    }

  ringi_pdf_view_forget_matches (self);
  self->matches = matches;
  if (matches->len > 0)
    self->current_match = first_match_from (self, self->page) % matches->len;
  show_current_match (self);

  g_task_return_int (task, matches->len);
}

/**
 * ringi_pdf_view_find_async:
 * @self: a view showing a document
 * @text: what to look for, not empty
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when every page has been searched
 * @user_data: data for @callback
 *
 * Searches the document, ignoring case, then highlights every match and
 * shows the first one from the current page on. Japanese text is found as
 * well as any other.
 */
void
ringi_pdf_view_find_async (RingiPdfView *self,
                           const char *text,
                           GCancellable *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (RINGI_IS_PDF_VIEW (self));
  g_return_if_fail (text != NULL && *text != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ringi_pdf_view_find_async);

  if (self->document == NULL)
    {
      g_task_return_int (task, 0);
      return;
    }

  ringi_pdf_document_find_text_async (self->document, text, cancellable, on_found, g_steal_pointer (&task));
}

/**
 * ringi_pdf_view_find_finish:
 * @self: a view
 * @result: the result passed to the callback
 * @error: return location for a #GError (only %G_IO_ERROR_CANCELLED)
 *
 * Returns: the number of matches
 */
guint
ringi_pdf_view_find_finish (RingiPdfView *self,
                            GAsyncResult *result,
                            GError **error)
{
  gssize n;

  g_return_val_if_fail (RINGI_IS_PDF_VIEW (self), 0);
  g_return_val_if_fail (g_task_is_valid (result, self), 0);

  n = g_task_propagate_int (G_TASK (result), error);
  return n > 0 ? (guint) n : 0;
}

static void
move_match (RingiPdfView *self,
            int delta)
{
  int n;

  if (self->matches == NULL || self->matches->len == 0)
    return;

  n = self->matches->len;
  self->current_match = ((self->current_match + delta) % n + n) % n;
  show_current_match (self);
}

/**
 * ringi_pdf_view_find_next:
 * @self: a view
 *
 * Shows the next match, after the last one the first.
 */
void
ringi_pdf_view_find_next (RingiPdfView *self)
{
  g_return_if_fail (RINGI_IS_PDF_VIEW (self));

  move_match (self, 1);
}

/**
 * ringi_pdf_view_find_previous:
 * @self: a view
 *
 * Shows the previous match, before the first one the last.
 */
void
ringi_pdf_view_find_previous (RingiPdfView *self)
{
  g_return_if_fail (RINGI_IS_PDF_VIEW (self));

  move_match (self, -1);
}

/**
 * ringi_pdf_view_find_clear:
 * @self: a view
 *
 * Removes the highlights of the last search.
 */
void
ringi_pdf_view_find_clear (RingiPdfView *self)
{
  g_return_if_fail (RINGI_IS_PDF_VIEW (self));

  ringi_pdf_view_forget_matches (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
ringi_pdf_view_get_n_matches (RingiPdfView *self)
{
  g_return_val_if_fail (RINGI_IS_PDF_VIEW (self), 0);

  return self->matches != NULL ? self->matches->len : 0;
}

/**
 * ringi_pdf_view_get_current_match:
 * @self: a view
 *
 * Returns: the index of the match shown, or -1
 */
int
ringi_pdf_view_get_current_match (RingiPdfView *self)
{
  g_return_val_if_fail (RINGI_IS_PDF_VIEW (self), -1);

  return self->current_match;
}

void
ringi_pdf_view_forget_matches (RingiPdfView *self)
{
  g_clear_pointer (&self->matches, g_array_unref);
  self->current_match = -1;
}

void
ringi_pdf_view_snapshot_matches (RingiPdfView *self,
                                 GtkSnapshot *snapshot,
                                 int page)
{
  static const GdkRGBA match_colour = { 1.0, 0.85, 0.0, 0.35 };
  static const GdkRGBA current_colour = { 1.0, 0.5, 0.0, 0.5 };

  if (self->matches == NULL)
    return;

  for (guint i = first_match_from (self, page); i < self->matches->len; i++)
    {
      const RingiPdfMatch *match = get_match (self, i);

      if (match->page != page)
        break;

      for (guint r = 0; r < match->n_rects; r++)
        {
          graphene_rect_t rect;

          ringi_pdf_view_page_rect_to_widget (self, page, &match->rects[r], &rect);
          gtk_snapshot_append_color (snapshot,
                                     (int) i == self->current_match ? &current_colour : &match_colour,
                                     &rect);
        }
    }
}
