/* ringi-pdf-document-find.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-pdf-document"

#include "config.h"

#include "ringi-pdf-document-private.h"

/*
 * Text search and links: poppler work on the document's worker, returned
 * in our top-left coordinates.
 */

/* Pages searched per job: a dense page takes a few milliseconds to lay
 * out as text, so visible renders queued meanwhile wait little. */
#define FIND_PAGES_PER_JOB 4

typedef struct
{
  char *text;
  int next;
  int n_pages;
  GArray *matches;
} FindData;

static void
find_data_free (FindData *data)
{
  g_free (data->text);
  g_clear_pointer (&data->matches, g_array_unref);
  g_free (data);
}

static void
add_match_rect (GArray *matches,
                int page,
                const PopplerRectangle *area,
                double page_height,
                gboolean continues_previous)
{
  RingiPdfMatch *match;

  if (!continues_previous || matches->len == 0)
    {
      RingiPdfMatch empty = { .page = page };

      g_array_append_val (matches, empty);
    }

  match = &g_array_index (matches, RingiPdfMatch, matches->len - 1);
  if (match->n_rects < RINGI_PDF_MATCH_MAX_RECTS)
    ringi_pdf_rect_from_poppler (&match->rects[match->n_rects++], area, page_height);
}

static void
find_on_page (PopplerDocument *poppler,
              int index,
              const char *text,
              GArray *matches)
{
  g_autoptr(PopplerPage) page = poppler_document_get_page (poppler, index);
  gboolean continues = FALSE;
  double width, height;
  GList *found;

  if (page == NULL)
    return;

  poppler_page_get_size (page, &width, &height);
  /* Case-insensitive, and across a line break: Japanese sentences wrap
   * anywhere. */
  found = poppler_page_find_text_with_options (page, text, POPPLER_FIND_MULTILINE);
  for (GList *l = found; l != NULL; l = l->next)
    {
      add_match_rect (matches, index, l->data, height, continues);
      continues = poppler_rectangle_find_get_match_continued (l->data);
    }
  g_list_free_full (found, (GDestroyNotify) poppler_rectangle_free);
}

static void
find_thread (GTask *task,
             gpointer source_object,
             gpointer task_data,
             GCancellable *cancellable)
{
  RingiPdfDocument *self = source_object;
  PopplerDocument *poppler = ringi_pdf_document_get_poppler (self);
  FindData *data = task_data;
  int end = MIN (data->next + FIND_PAGES_PER_JOB, data->n_pages);

  for (; data->next < end; data->next++)
    {
      find_on_page (poppler, data->next, data->text, data->matches);
      ringi_pdf_document_page_used (self);
    }

  if (data->next < data->n_pages)
    ringi_pdf_worker_push (ringi_pdf_document_get_worker (self), task,
                           RINGI_PDF_PRIORITY_TEXT, NULL, 0, find_thread);
  else
    g_task_return_pointer (task, g_steal_pointer (&data->matches), (GDestroyNotify) g_array_unref);
}

/**
 * ringi_pdf_document_find_text_async:
 * @self: a document
 * @text: what to look for, not empty
 * @cancellable: (nullable): a #GCancellable, checked between pages
 * @callback: called on the current thread-default main context
 * @user_data: data for @callback
 *
 * Searches every page for @text, ignoring case; a match may run onto the
 * next line. Works for Japanese as for any text poppler can extract.
 */
void
ringi_pdf_document_find_text_async (RingiPdfDocument *self,
                                    const char *text,
                                    GCancellable *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  FindData *data;

  g_return_if_fail (RINGI_IS_PDF_DOCUMENT (self));
  g_return_if_fail (text != NULL && *text != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (FindData, 1);
  data->text = g_strdup (text);
  data->n_pages = ringi_pdf_document_get_n_pages (self);
  data->matches = g_array_new (FALSE, TRUE, sizeof (RingiPdfMatch));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ringi_pdf_document_find_text_async);
  g_task_set_task_data (task, data, (GDestroyNotify) find_data_free);
  ringi_pdf_worker_push (ringi_pdf_document_get_worker (self), task,
                         RINGI_PDF_PRIORITY_TEXT, NULL, 0, find_thread);
}

/**
 * ringi_pdf_document_find_text_finish:
 * @self: a document
 * @result: the result passed to the callback
 * @error: return location for a #GError (only %G_IO_ERROR_CANCELLED)
 *
 * Returns: (transfer full) (element-type RingiPdfMatch): the matches in
 *   page order, possibly none; %NULL on error
 */
GArray *
ringi_pdf_document_find_text_finish (RingiPdfDocument *self,
                                     GAsyncResult *result,
                                     GError **error)
{
  g_return_val_if_fail (RINGI_IS_PDF_DOCUMENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  int next;
  int n_pages;
  GString *text;
} TextData;

static void
text_data_free (TextData *data)
{
  if (data->text != NULL)
    g_string_free (data->text, TRUE);
  g_free (data);
}

static void
text_thread (GTask *task,
             gpointer source_object,
             gpointer task_data,
             GCancellable *cancellable)
{
  RingiPdfDocument *self = source_object;
  PopplerDocument *poppler = ringi_pdf_document_get_poppler (self);
  TextData *data = task_data;
  int end = MIN (data->next + FIND_PAGES_PER_JOB, data->n_pages);

  for (; data->next < end; data->next++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (poppler, data->next);
      g_autofree char *text = page ? poppler_page_get_text (page) : NULL;

      if (text != NULL)
        g_string_append (g_string_append (data->text, text), "\n");
      ringi_pdf_document_page_used (self);
    }

  if (data->next < data->n_pages)
    ringi_pdf_worker_push (ringi_pdf_document_get_worker (self), task,
                           RINGI_PDF_PRIORITY_TEXT, NULL, 0, text_thread);
  else
    g_task_return_pointer (task, g_string_free (g_steal_pointer (&data->text), FALSE), g_free);
}

/**
 * ringi_pdf_document_get_text_async:
 * @self: a document
 * @cancellable: (nullable): a #GCancellable, checked between pages
 * @callback: called on the current thread-default main context
 * @user_data: data for @callback
 *
 * Extracts the text of every page, in page order, as poppler lays it
 * out: lines end with a line break, a page with one more.
 */
void
ringi_pdf_document_get_text_async (RingiPdfDocument *self,
                                   GCancellable *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  TextData *data;

  g_return_if_fail (RINGI_IS_PDF_DOCUMENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (TextData, 1);
  data->n_pages = ringi_pdf_document_get_n_pages (self);
  data->text = g_string_new (NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ringi_pdf_document_get_text_async);
  g_task_set_task_data (task, data, (GDestroyNotify) text_data_free);
  ringi_pdf_worker_push (ringi_pdf_document_get_worker (self), task,
                         RINGI_PDF_PRIORITY_TEXT, NULL, 0, text_thread);
}

/**
 * ringi_pdf_document_get_text_finish:
 * @self: a document
 * @result: the result passed to the callback
 * @error: return location for a #GError (only %G_IO_ERROR_CANCELLED)
 *
 * Returns: (transfer full): the text of the document; %NULL on error
 */
char *
ringi_pdf_document_get_text_finish (RingiPdfDocument *self,
                                    GAsyncResult *result,
                                    GError **error)
{
  g_return_val_if_fail (RINGI_IS_PDF_DOCUMENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
link_clear (RingiPdfLink *link)
{
  g_clear_pointer (&link->uri, g_free);
}

static void
resolve_dest (PopplerDocument *poppler,
              const PopplerDest *dest,
              RingiPdfLink *link)
{
  PopplerDest *named = NULL;
  g_autoptr(PopplerPage) page = NULL;
  double height = 0;

  if (dest->type == POPPLER_DEST_NAMED)
    {
      named = poppler_document_find_dest (poppler, dest->named_dest);
      if (named == NULL)
        return;
      dest = named;
    }

  page = poppler_document_get_page (poppler, dest->page_num - 1);
  if (page != NULL)
    {
      link->dest_page = dest->page_num - 1;
      poppler_page_get_size (page, NULL, &height);
      if (dest->change_top)
        link->dest_y = CLAMP (height - dest->top, 0, height);
    }

  g_clear_pointer (&named, poppler_dest_free);
}

static void
links_thread (GTask *task,
              gpointer source_object,
              gpointer task_data,
              GCancellable *cancellable)
{
  PopplerDocument *poppler = ringi_pdf_document_get_poppler (source_object);
  g_autoptr(PopplerPage) page = poppler_document_get_page (poppler, GPOINTER_TO_INT (task_data));
  g_autoptr(GArray) links = g_array_new (FALSE, TRUE, sizeof (RingiPdfLink));
  double height = 0;
  GList *mapping;

  g_array_set_clear_func (links, (GDestroyNotify) link_clear);
  if (page == NULL)
    {
      g_task_return_pointer (task, g_steal_pointer (&links), (GDestroyNotify) g_array_unref);
      return;
    }

  ringi_pdf_document_page_used (source_object);
  poppler_page_get_size (page, NULL, &height);
  mapping = poppler_page_get_link_mapping (page);
  for (GList *l = mapping; l != NULL; l = l->next)
    {
      PopplerLinkMapping *map = l->data;
      RingiPdfLink link = { .dest_page = -1, .dest_y = -1 };

      if (map->action->type == POPPLER_ACTION_GOTO_DEST && map->action->goto_dest.dest != NULL)
        resolve_dest (poppler, map->action->goto_dest.dest, &link);
      else if (map->action->type == POPPLER_ACTION_URI)
        link.uri = g_strdup (map->action->uri.uri);

      if (link.dest_page < 0 && link.uri == NULL)
        continue;
      ringi_pdf_rect_from_poppler (&link.area, &map->area, height);
      g_array_append_val (links, link);
    }
  poppler_page_free_link_mapping (mapping);

  g_task_return_pointer (task, g_steal_pointer (&links), (GDestroyNotify) g_array_unref);
}

/**
 * ringi_pdf_document_get_links_async:
 * @self: a document
 * @page: a page index, from 0
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the current thread-default main context
 * @user_data: data for @callback
 *
 * Reads the links of a page, resolving named destinations.
 */
void
ringi_pdf_document_get_links_async (RingiPdfDocument *self,
                                    int page,
                                    GCancellable *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (RINGI_IS_PDF_DOCUMENT (self));
  g_return_if_fail (page >= 0 && page < ringi_pdf_document_get_n_pages (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ringi_pdf_document_get_links_async);
  g_task_set_task_data (task, GINT_TO_POINTER (page), NULL);
  ringi_pdf_worker_push (ringi_pdf_document_get_worker (self), task,
                         RINGI_PDF_PRIORITY_TEXT, NULL, 0, links_thread);
}

/**
 * ringi_pdf_document_get_links_finish:
 * @self: a document
 * @result: the result passed to the callback
 * @error: return location for a #GError (only %G_IO_ERROR_CANCELLED)
 *
 * Returns: (transfer full) (element-type RingiPdfLink): the links of the
 *   page, possibly none; %NULL on error
 */
GArray *
ringi_pdf_document_get_links_finish (RingiPdfDocument *self,
                                     GAsyncResult *result,
                                     GError **error)
{
  g_return_val_if_fail (RINGI_IS_PDF_DOCUMENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
