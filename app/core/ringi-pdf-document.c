/* ringi-pdf-document.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-pdf-document"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ringi-pdf-document-private.h"

/*
 * RingiPdfDocument: a PDF opened with poppler, and the worker thread that
 * makes every poppler call on it.
 *
 * Opening reads only the page count and the size of the first page, so a
 * thousand-page manual shows its first page as fast as a one-page form.
 * The other sizes are read afterwards at idle priority; until then every
 * page is assumed to have the size of the first one, and
 * RingiPdfDocument::page-sizes-changed tells when that was wrong.
 */

/* The PDF header may sit anywhere in the first kilobyte. */
#define HEADER_WINDOW 1024
/* Page sizes read per job; about 3 ms of poppler, so renders queued
 * meanwhile wait little. */
#define SIZES_PER_JOB 16
/* Poppler keeps the annotations of every page it drew or searched until
 * the document is closed: some 70 kB a page in a manual full of links,
 * 90 MB for all of pgfmanual. After this many pages the worker opens the
 * document afresh, which costs a few milliseconds. */
#define REOPEN_AFTER_PAGES 128

struct _RingiPdfDocument
{
  GObject parent_instance;

  RingiPdfWorker *worker;
  /* Used on the worker thread only: the document, how to open it again,
   * and how many pages poppler has loaded since it was opened. */
  PopplerDocument *poppler;
  struct _LoadData *source;
  char *etag;
  guint pages_used;
  int n_reopens; /* atomic: read by tests on the main thread */

  int n_pages;
  double *widths;
  double *heights;
  gboolean sizes_known;
};

G_DEFINE_FINAL_TYPE (RingiPdfDocument, ringi_pdf_document, G_TYPE_OBJECT)
G_DEFINE_QUARK (ringi-pdf-error-quark, ringi_pdf_error)

enum
{
  PROP_0,
  PROP_N_PAGES,
  PROP_SIZES_KNOWN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  PAGE_SIZES_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct _LoadData
{
  GFile *file;
  GBytes *bytes;
  char *password;
} LoadData;

/* The job does not hold the document between its steps: dropping a
 * document stops the reading. */
typedef struct
{
  GWeakRef document;
  int next;
  int n_pages;
  double *widths;
  double *heights;
} SizesData;

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->file);
  g_clear_pointer (&data->bytes, g_bytes_unref);
  g_clear_pointer (&data->password, g_free);
  g_free (data);
}

static LoadData *
load_data_copy (const LoadData *data)
{
  LoadData *copy = g_new0 (LoadData, 1);

  copy->file = data->file != NULL ? g_object_ref (data->file) : NULL;
  copy->bytes = data->bytes != NULL ? g_bytes_ref (data->bytes) : NULL;
  copy->password = g_strdup (data->password);
  return copy;
}

static void
sizes_data_free (SizesData *data)
{
  g_weak_ref_clear (&data->document);
  g_free (data->widths);
  g_free (data->heights);
  g_free (data);
}

static void
ringi_pdf_document_finalize (GObject *object)
{
  RingiPdfDocument *self = (RingiPdfDocument *) object;

  /* The worker first: it ends its thread, the only user of poppler. */
  g_clear_object (&self->worker);
  g_clear_object (&self->poppler);
  g_clear_pointer (&self->source, load_data_free);
  g_clear_pointer (&self->etag, g_free);
  g_clear_pointer (&self->widths, g_free);
  g_clear_pointer (&self->heights, g_free);

  G_OBJECT_CLASS (ringi_pdf_document_parent_class)->finalize (object);
}

static void
ringi_pdf_document_get_property (GObject *object,
                                 guint prop_id,
                                 GValue *value,
                                 GParamSpec *pspec)
{
  RingiPdfDocument *self = RINGI_PDF_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_N_PAGES:
      g_value_set_int (value, self->n_pages);
      break;

    case PROP_SIZES_KNOWN:
      g_value_set_boolean (value, self->sizes_known);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ringi_pdf_document_class_init (RingiPdfDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ringi_pdf_document_finalize;
  object_class->get_property = ringi_pdf_document_get_property;

  properties[PROP_N_PAGES] =
    g_param_spec_int ("n-pages", NULL, NULL,
                      0, G_MAXINT, 0,
                      (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_SIZES_KNOWN] =
    g_param_spec_boolean ("sizes-known", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RingiPdfDocument::page-sizes-changed:
   *
   * Every page size has been read and some differ from the first page's,
   * which they were assumed to be until now.
   */
  signals[PAGE_SIZES_CHANGED] =
    g_signal_new ("page-sizes-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
ringi_pdf_document_init (RingiPdfDocument *self)
{
  self->worker = ringi_pdf_worker_new ();
}

static void
set_error_from_poppler (GError **error,
                        const GError *poppler_error,
                        const char *password)
{
  if (g_error_matches (poppler_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_error_copy (poppler_error));
    }
  else if (g_error_matches (poppler_error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
    {
      if (password == NULL || *password == '\0')
        g_set_error (error, RINGI_PDF_ERROR, RINGI_PDF_ERROR_ENCRYPTED,
                     _("This PDF document is protected by a password."));
      else
        g_set_error (error, RINGI_PDF_ERROR, RINGI_PDF_ERROR_WRONG_PASSWORD,
                     _("The password does not open this PDF document."));
    }
  else if (poppler_error->domain == G_IO_ERROR ||
           g_error_matches (poppler_error, POPPLER_ERROR, POPPLER_ERROR_OPEN_FILE))
    {
      g_set_error (error, RINGI_PDF_ERROR, RINGI_PDF_ERROR_READ,
                   _("The file could not be read (%s)."), poppler_error->message);
    }
  else
    {
      g_set_error (error, RINGI_PDF_ERROR, RINGI_PDF_ERROR_DAMAGED,
                   _("This PDF document is damaged and cannot be shown (%s)."),
                   poppler_error->message);
    }
}

static gboolean
check_header (const char *head,
              gsize length,
              GError **error)
{
  for (gsize i = 0; i + 5 <= length; i++)
    {
      if (memcmp (head + i, "%PDF-", 5) == 0)
        return TRUE;
    }

  g_set_error (error, RINGI_PDF_ERROR, RINGI_PDF_ERROR_NOT_PDF,
               _("This file is not a PDF document."));
  return FALSE;
}

static gboolean
check_file_header (GFile *file,
                   GCancellable *cancellable,
                   GError **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  char head[HEADER_WINDOW];
  gsize length = 0;

  stream = g_file_read (file, cancellable, &local_error);
  if (stream != NULL)
    g_input_stream_read_all (G_INPUT_STREAM (stream), head, sizeof head, &length,
                             cancellable, &local_error);
  if (local_error != NULL)
    {
      set_error_from_poppler (error, local_error, NULL);
      return FALSE;
    }

  return check_header (head, length, error);
}

static PopplerDocument *
open_poppler (LoadData *data,
              GCancellable *cancellable,
              GError **error)
{
  PopplerDocument *poppler = NULL;
  g_autoptr(GError) local_error = NULL;

  if (data->file != NULL)
    {
      if (!check_file_header (data->file, cancellable, error))
        return NULL;
      poppler = poppler_document_new_from_gfile (data->file, data->password,
                                                 cancellable, &local_error);
    }
  else
    {
      gsize length = g_bytes_get_size (data->bytes);

      if (!check_header (g_bytes_get_data (data->bytes, NULL), MIN (length, HEADER_WINDOW), error))
        return NULL;
      poppler = poppler_document_new_from_bytes (data->bytes, data->password, &local_error);
    }

  if (poppler == NULL)
    {
      set_error_from_poppler (error, local_error, data->password);
      return NULL;
    }

  if (poppler_document_get_n_pages (poppler) < 1)
    {
      g_set_error (error, RINGI_PDF_ERROR, RINGI_PDF_ERROR_DAMAGED,
                   _("This PDF document has no pages."));
      g_object_unref (poppler);
      return NULL;
    }

  return poppler;
}

/* Tells whether the file changed since it was opened; memory does not. */
static char *
source_etag (const LoadData *source)
{
  g_autoptr(GFileInfo) info = NULL;

  if (source->file == NULL)
    return NULL;

  info = g_file_query_info (source->file, G_FILE_ATTRIBUTE_ETAG_VALUE,
                            G_FILE_QUERY_INFO_NONE, NULL, NULL);
  if (info == NULL)
    return g_strdup ("");
  return g_strdup (g_file_info_get_etag (info));
}

/* Opens the document again to let poppler drop what it cached, unless
 * the file changed meanwhile: then what was read stays. */
static void
reopen (RingiPdfDocument *self)
{
  g_autofree char *etag = source_etag (self->source);
  PopplerDocument *fresh;

  self->pages_used = 0;
  if (g_strcmp0 (etag, self->etag) != 0)
    return;

  fresh = open_poppler (self->source, NULL, NULL);
  if (fresh == NULL || poppler_document_get_n_pages (fresh) != self->n_pages)
    {
      g_clear_object (&fresh);
      return;
    }

  g_object_unref (self->poppler);
  self->poppler = fresh;
  g_atomic_int_inc (&self->n_reopens);
}

static void
read_page_size (PopplerDocument *poppler,
                int index,
                double *width,
                double *height)
{
  PopplerPage *page = poppler_document_get_page (poppler, index);

  *width = *height = 0;
  if (page != NULL)
    {
      poppler_page_get_size (page, width, height);
      g_object_unref (page);
    }

  /* A page without a usable box still gets a place in the view. */
  if (!(*width > 0 && *height > 0))
    {
      *width = 595.0;
      *height = 842.0;
    }
}

static void
load_thread (GTask *task,
             gpointer source_object,
             gpointer task_data,
             GCancellable *cancellable)
{
  RingiPdfDocument *self = source_object;
  GError *error = NULL;
  double width, height;

  self->poppler = open_poppler (task_data, cancellable, &error);
  if (self->poppler == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  self->source = load_data_copy (task_data);
  self->etag = source_etag (self->source);

  self->n_pages = poppler_document_get_n_pages (self->poppler);
  self->widths = g_new (double, self->n_pages);
  self->heights = g_new (double, self->n_pages);
  read_page_size (self->poppler, 0, &width, &height);
  for (int i = 0; i < self->n_pages; i++)
    {
      self->widths[i] = width;
      self->heights[i] = height;
    }

  g_task_return_boolean (task, TRUE);
}

static void
sizes_thread (GTask *task,
              gpointer source_object,
              gpointer task_data,
              GCancellable *cancellable)
{
  SizesData *data = task_data;
  g_autoptr(RingiPdfDocument) self = g_weak_ref_get (&data->document);
  int end = MIN (data->next + SIZES_PER_JOB, data->n_pages);

  if (self == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               "%s", _("The document was closed"));
      return;
    }

  for (; data->next < end; data->next++)
    read_page_size (self->poppler, data->next, &data->widths[data->next], &data->heights[data->next]);

  /* Go on in a later job, so that renders queued meanwhile come first. */
  if (data->next < data->n_pages)
    ringi_pdf_worker_push (self->worker, task, RINGI_PDF_PRIORITY_IDLE, NULL, 0, sizes_thread);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_sizes_read (GObject *object,
               GAsyncResult *result,
               gpointer user_data)
{
  SizesData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(RingiPdfDocument) self = g_weak_ref_get (&data->document);
  gboolean changed = FALSE;

  if (!g_task_propagate_boolean (G_TASK (result), NULL) || self == NULL)
    return;

  for (int i = 0; i < self->n_pages; i++)
    {
      changed |= data->widths[i] != self->widths[i] || data->heights[i] != self->heights[i];
      self->widths[i] = data->widths[i];
      self->heights[i] = data->heights[i];
    }
  self->sizes_known = TRUE;

  if (changed)
    g_signal_emit (self, signals[PAGE_SIZES_CHANGED], 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIZES_KNOWN]);
}

static void
read_sizes (RingiPdfDocument *self)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, on_sizes_read, NULL);
  SizesData *data = g_new0 (SizesData, 1);

  g_weak_ref_init (&data->document, self);
  data->n_pages = self->n_pages;
  data->widths = g_new (double, self->n_pages);
  data->heights = g_new (double, self->n_pages);
  g_task_set_source_tag (task, read_sizes);
  g_task_set_task_data (task, data, (GDestroyNotify) sizes_data_free);
  ringi_pdf_worker_push (self->worker, task, RINGI_PDF_PRIORITY_IDLE, NULL, 0, sizes_thread);
}

/* After the caller had its document, so that its first render is queued
 * before the first step of reading sizes. */
static gboolean
start_reading_sizes (gpointer data)
{
  read_sizes (data);
  return G_SOURCE_REMOVE;
}

static void
on_loaded (GObject *object,
           GAsyncResult *result,
           gpointer user_data)
{
  RingiPdfDocument *self = RINGI_PDF_DOCUMENT (object);
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (self->n_pages > 1)
    g_idle_add_full (G_PRIORITY_LOW, start_reading_sizes, g_object_ref (self), g_object_unref);
  else
    self->sizes_known = TRUE;

  g_task_return_pointer (task, g_object_ref (self), g_object_unref);
}

static void
load_async (LoadData *data,
            GCancellable *cancellable,
            GAsyncReadyCallback callback,
            gpointer user_data)
{
  g_autoptr(RingiPdfDocument) self = g_object_new (RINGI_TYPE_PDF_DOCUMENT, NULL);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GTask) open_task = g_task_new (self, cancellable, on_loaded, g_object_ref (task));

  g_task_set_source_tag (task, load_async);
  g_task_set_source_tag (open_task, load_thread);
  g_task_set_task_data (open_task, data, (GDestroyNotify) load_data_free);
  ringi_pdf_worker_push (self->worker, open_task, RINGI_PDF_PRIORITY_URGENT, NULL, 0, load_thread);
}

/**
 * ringi_pdf_document_load_file_async:
 * @file: the PDF file
 * @password: (nullable): the password of an encrypted document
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the current thread-default main context
 * @user_data: data for @callback
 *
 * Opens a PDF document on a new worker thread; the calling thread never
 * waits for poppler. Finish with ringi_pdf_document_load_finish().
 */
void
ringi_pdf_document_load_file_async (GFile *file,
                                    const char *password,
                                    GCancellable *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer user_data)
{
  LoadData *data;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (LoadData, 1);
  data->file = g_object_ref (file);
  data->password = g_strdup (password);
  load_async (data, cancellable, callback, user_data);
}

/**
 * ringi_pdf_document_load_bytes_async:
 * @bytes: the whole PDF file
 * @password: (nullable): the password of an encrypted document
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the current thread-default main context
 * @user_data: data for @callback
 *
 * Like ringi_pdf_document_load_file_async(), for a document in memory.
 */
void
ringi_pdf_document_load_bytes_async (GBytes *bytes,
                                     const char *password,
                                     GCancellable *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer user_data)
{
  LoadData *data;

  g_return_if_fail (bytes != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (LoadData, 1);
  data->bytes = g_bytes_ref (bytes);
  data->password = g_strdup (password);
  load_async (data, cancellable, callback, user_data);
}

/**
 * ringi_pdf_document_load_finish:
 * @result: the result passed to the callback
 * @error: return location for a #RingiPdfError, or %G_IO_ERROR_CANCELLED
 *
 * Returns: (transfer full) (nullable): the document, or %NULL on error
 */
RingiPdfDocument *
ringi_pdf_document_load_finish (GAsyncResult *result,
                                GError **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * ringi_pdf_document_get_n_pages:
 * @self: a document
 *
 * Returns: the number of pages, at least 1
 */
int
ringi_pdf_document_get_n_pages (RingiPdfDocument *self)
{
  g_return_val_if_fail (RINGI_IS_PDF_DOCUMENT (self), 0);

  return self->n_pages;
}

/**
 * ringi_pdf_document_get_page_size:
 * @self: a document
 * @page: a page index, from 0
 * @width: (out): the width in points
 * @height: (out): the height in points
 *
 * The size of a page as poppler draws it (its own /Rotate applied). Until
 * ringi_pdf_document_get_sizes_known() is %TRUE this may be the size of
 * the first page instead.
 */
void
ringi_pdf_document_get_page_size (RingiPdfDocument *self,
                                  int page,
                                  double *width,
                                  double *height)
{
  g_return_if_fail (RINGI_IS_PDF_DOCUMENT (self));
  g_return_if_fail (page >= 0 && page < self->n_pages);

  if (width != NULL)
    *width = self->widths[page];
  if (height != NULL)
    *height = self->heights[page];
}

/**
 * ringi_pdf_document_get_sizes_known:
 * @self: a document
 *
 * Returns: whether every page size has been read
 */
gboolean
ringi_pdf_document_get_sizes_known (RingiPdfDocument *self)
{
  g_return_val_if_fail (RINGI_IS_PDF_DOCUMENT (self), FALSE);

  return self->sizes_known;
}

RingiPdfWorker *
ringi_pdf_document_get_worker (RingiPdfDocument *self)
{
  g_return_val_if_fail (RINGI_IS_PDF_DOCUMENT (self), NULL);

  return self->worker;
}

/**
 * ringi_pdf_document_get_poppler:
 * @self: a document
 *
 * For jobs on the worker thread only, once at their start: the document
 * may be opened afresh here, and pages of the previous one must not be
 * mixed with it.
 *
 * Returns: (transfer none): the poppler document
 */
PopplerDocument *
ringi_pdf_document_get_poppler (RingiPdfDocument *self)
{
  g_return_val_if_fail (RINGI_IS_PDF_DOCUMENT (self), NULL);

  if (self->pages_used >= REOPEN_AFTER_PAGES)
    reopen (self);
  return self->poppler;
}

/* How often the worker opened the document afresh; for tests. */
int
ringi_pdf_document_get_n_reopens (RingiPdfDocument *self)
{
  g_return_val_if_fail (RINGI_IS_PDF_DOCUMENT (self), 0);

  return g_atomic_int_get (&self->n_reopens);
}

/**
 * ringi_pdf_document_page_used:
 * @self: a document
 *
 * For jobs on the worker thread: counts a page drawn, searched or read for
 * links, which poppler then keeps in memory.
 */
void
ringi_pdf_document_page_used (RingiPdfDocument *self)
{
  g_return_if_fail (RINGI_IS_PDF_DOCUMENT (self));

  self->pages_used++;
}

/* Poppler counts y from the bottom of the page; we count from the top. */
void
ringi_pdf_rect_from_poppler (RingiPdfRect *rect,
                             const PopplerRectangle *area,
                             double page_height)
{
  rect->x = MIN (area->x1, area->x2);
  rect->width = ABS (area->x2 - area->x1);
  rect->y = page_height - MAX (area->y1, area->y2);
  rect->height = ABS (area->y2 - area->y1);
}
