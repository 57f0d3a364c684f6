/* test-pdf-document.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-pdf-document"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ringi-attendance-pdf.h"
#include "ringi-pdf-document-private.h"
#include "ringi-pdf-renderer.h"
#include "ringi-test-utils.h"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_setup (Fixture *f,
               gconstpointer data)
{
  f->dir = ringi_test_make_tmpdir ("ringi-pdf");
}

static void
fixture_teardown (Fixture *f,
                  gconstpointer data)
{
  ringi_test_remove_tree (f->dir);
  g_free (f->dir);
}

static char *
corpus_file (const char *name)
{
  return g_build_filename (ringi_test_corpus_dir (), "pdf", name, NULL);
}

static void
on_result (GObject *object,
           GAsyncResult *result,
           gpointer user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Spins the main context until an async call hands its result over. */
static GAsyncResult *
wait_for_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static RingiPdfDocument *
load_path (const char *path,
           const char *password,
           GError **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;

  ringi_pdf_document_load_file_async (file, password, NULL, on_result, &result);
  return ringi_pdf_document_load_finish (wait_for_result (&result), error);
}

static char *
run_tool (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&out);
}

/* The page count pdfinfo (poppler's own tool) reports. */
static int
pdfinfo_pages (const char *path)
{
  const char *argv[] = { "pdfinfo", path, NULL };
  g_autofree char *out = run_tool (argv);
  const char *line = strstr (out, "\nPages:");

  g_assert_nonnull (line);
  return atoi (line + strlen ("\nPages:"));
}

static void
wait_for_sizes (RingiPdfDocument *document)
{
  while (!ringi_pdf_document_get_sizes_known (document))
    g_main_context_iteration (NULL, TRUE);
}

static void
test_document_corpus (void)
{
  g_autofree char *dir_path = g_build_filename (ringi_test_corpus_dir (), "pdf", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  gboolean saw_pgfmanual = FALSE;
  guint n_files = 0;
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autoptr(RingiPdfDocument) document = NULL;
      g_autoptr(GError) error = NULL;
      double width, height;

      if (!g_str_has_suffix (name, ".pdf"))
        continue;

      document = load_path (path, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (ringi_pdf_document_get_n_pages (document), ==, pdfinfo_pages (path));
      if (g_str_equal (name, "pgfmanual.pdf"))
        {
          g_assert_cmpint (ringi_pdf_document_get_n_pages (document), ==, 1321);
          saw_pgfmanual = TRUE;
        }

      /* Every corpus document is A4 throughout. */
      wait_for_sizes (document);
      for (int i = 0; i < ringi_pdf_document_get_n_pages (document); i++)
        {
          ringi_pdf_document_get_page_size (document, i, &width, &height);
          g_assert_cmpfloat_with_epsilon (width, 595.28, 0.01);
          g_assert_cmpfloat_with_epsilon (height, 841.89, 0.01);
        }
      n_files++;
    }

  g_assert_cmpuint (n_files, >=, 4);
  g_assert_true (saw_pgfmanual);
}

static void
assert_load_fails (const char *path,
                   const char *password,
                   int code)
{
  g_autoptr(RingiPdfDocument) document = NULL;
  g_autoptr(GError) error = NULL;

  document = load_path (path, password, &error);
  g_assert_error (error, RINGI_PDF_ERROR, code);
  g_assert_null (document);
  g_assert_cmpuint (strlen (error->message), >, 10);
}

static void
test_document_not_pdf (Fixture *f,
                       gconstpointer data)
{
  g_autofree char *text = g_build_filename (f->dir, "notes.pdf", NULL);
  g_autofree char *empty = g_build_filename (f->dir, "empty.pdf", NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (text, "Meeting notes, not a PDF at all.\n", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (empty, "", 0, &error);
  g_assert_no_error (error);

  assert_load_fails (text, NULL, RINGI_PDF_ERROR_NOT_PDF);
  assert_load_fails (empty, NULL, RINGI_PDF_ERROR_NOT_PDF);
}

static void
test_document_missing (Fixture *f,
                       gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "no-such.pdf", NULL);

  assert_load_fails (path, NULL, RINGI_PDF_ERROR_READ);
}

static void
test_document_truncated (Fixture *f,
                         gconstpointer data)
{
  g_autofree char *source = corpus_file ("jlshort.pdf");
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  /* The header only; about half the file. */
  const gsize cuts[] = { 4096, 200000 };

  g_file_get_contents (source, &contents, &length, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/cut-%zu.pdf", f->dir, cuts[i]);

      g_assert_cmpuint (cuts[i], <, length);
      g_file_set_contents (path, contents, cuts[i], &error);
      g_assert_no_error (error);
      assert_load_fails (path, NULL, RINGI_PDF_ERROR_DAMAGED);
    }
}

static void
test_document_encrypted (Fixture *f,
                         gconstpointer data)
{
  g_autofree char *source = corpus_file ("texlive-ja.pdf");
  g_autofree char *path = g_build_filename (f->dir, "locked.pdf", NULL);
  const char *argv[] = { "qpdf", "--encrypt", "user", "owner", "256", "--", source, path, NULL };
  g_autoptr(RingiPdfDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = run_tool (argv);

  assert_load_fails (path, NULL, RINGI_PDF_ERROR_ENCRYPTED);
  assert_load_fails (path, "", RINGI_PDF_ERROR_ENCRYPTED);
  assert_load_fails (path, "wrong", RINGI_PDF_ERROR_WRONG_PASSWORD);

  document = load_path (path, "user", &error);
  g_assert_no_error (error);
  g_assert_cmpint (ringi_pdf_document_get_n_pages (document), ==, 71);
}

static void
test_document_bytes (void)
{
  g_autofree char *path = corpus_file ("jlshort.pdf");
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) junk = g_bytes_new_static ("GIF89a", 6);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) junk_result = NULL;
  g_autoptr(RingiPdfDocument) document = NULL;
  g_autoptr(RingiPdfDocument) no_document = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (mapped);
  bytes = g_mapped_file_get_bytes (mapped);
  ringi_pdf_document_load_bytes_async (bytes, NULL, NULL, on_result, &result);
  document = ringi_pdf_document_load_finish (wait_for_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (ringi_pdf_document_get_n_pages (document), ==, 108);

  ringi_pdf_document_load_bytes_async (junk, NULL, NULL, on_result, &junk_result);
  no_document = ringi_pdf_document_load_finish (wait_for_result (&junk_result), &error);
  g_assert_error (error, RINGI_PDF_ERROR, RINGI_PDF_ERROR_NOT_PDF);
  g_assert_null (no_document);
}

static void
test_document_cancel_load (void)
{
  g_autofree char *path = corpus_file ("pgfmanual.pdf");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RingiPdfDocument) document = NULL;
  g_autoptr(GError) error = NULL;

  ringi_pdf_document_load_file_async (file, NULL, cancellable, on_result, &result);
  g_cancellable_cancel (cancellable);
  document = ringi_pdf_document_load_finish (wait_for_result (&result), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (document);
}

/* The pages on which pdftotext finds @word, from 0. */
static GArray *
pdftotext_pages_with (const char *path,
                      int n_pages,
                      const char *word)
{
  GArray *pages = g_array_new (FALSE, FALSE, sizeof (int));

  for (int i = 0; i < n_pages; i++)
    {
      g_autofree char *first = g_strdup_printf ("%d", i + 1);
      const char *argv[] = { "pdftotext", "-f", first, "-l", first, path, "-", NULL };
      g_autofree char *text = run_tool (argv);

      if (strstr (text, word) != NULL)
        g_array_append_val (pages, i);
    }

  return pages;
}

static void
test_document_find_japanese (void)
{
  g_autofree char *path = corpus_file ("jlshort.pdf");
  g_autoptr(RingiPdfDocument) document = load_path (path, NULL, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GArray) matches = NULL;
  g_autoptr(GArray) expected = NULL;
  g_autoptr(GError) error = NULL;
  int last_page = -1;
  guint n_pages_found = 0;
  double width, height;

  g_assert_nonnull (document);
  /* 冊子 (booklet) is on the licence pages, in running text. */
  ringi_pdf_document_find_text_async (document, "冊子", NULL, on_result, &result);
  matches = ringi_pdf_document_find_text_finish (document, wait_for_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (matches->len, >=, 4);

  ringi_pdf_document_get_page_size (document, 0, &width, &height);
  for (guint i = 0; i < matches->len; i++)
    {
      RingiPdfMatch *match = &g_array_index (matches, RingiPdfMatch, i);

      g_assert_cmpint (match->page, >=, last_page);
      g_assert_cmpuint (match->n_rects, >=, 1);
      g_assert_cmpuint (match->n_rects, <=, RINGI_PDF_MATCH_MAX_RECTS);
      /* Two characters of body text: a small box inside the page. */
      g_assert_cmpfloat (match->rects[0].x, >, 0);
      g_assert_cmpfloat (match->rects[0].y, >, 0);
      g_assert_cmpfloat (match->rects[0].x + match->rects[0].width, <, width);
      g_assert_cmpfloat (match->rects[0].y + match->rects[0].height, <, height);
      g_assert_cmpfloat (match->rects[0].height, <, 20);
      if (match->page != last_page)
        n_pages_found++;
      last_page = match->page;
    }

  /* The same pages as poppler's pdftotext, give or take a word broken
   * across two lines, which only our multi-line search finds. */
  expected = pdftotext_pages_with (path, 12, "冊子");
  g_assert_cmpuint (expected->len, >=, 1);
  for (guint i = 0; i < expected->len; i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; j < matches->len && !found; j++)
        found = g_array_index (matches, RingiPdfMatch, j).page == g_array_index (expected, int, i);
      g_assert_true (found);
    }
}

static void
test_document_find_nothing (void)
{
  g_autofree char *path = corpus_file ("texlive-ja.pdf");
  g_autoptr(RingiPdfDocument) document = load_path (path, NULL, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GArray) matches = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (document);
  ringi_pdf_document_find_text_async (document, "稟議書zzqx", NULL, on_result, &result);
  matches = ringi_pdf_document_find_text_finish (document, wait_for_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (matches->len, ==, 0);
}

/* The whole text, in page order: a uuid cut at a hyphen by a line break
 * keeps its hyphen, so that a correction's check finds it whole once
 * white space is left out (ringi-sync-correction.c). */
static void
test_document_text (void)
{
  const char *lines[] = { "The correcting punch, signed by the applicant: 5459aa6b-6fdb-4d70-896f-", "c9bb1b599e24",
                          "9c229d2f06eb385fe5a0d960aeea7f65241dda04a8d3e933ef5152206abe63be", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = ringi_attendance_pdf_form ("打刻修正 2026-11-24", lines, &error);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) text_result = NULL;
  g_autoptr(RingiPdfDocument) document = NULL;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  ringi_pdf_document_load_bytes_async (pdf, NULL, NULL, on_result, &result);
  document = ringi_pdf_document_load_finish (wait_for_result (&result), &error);
  g_assert_no_error (error);

  ringi_pdf_document_get_text_async (document, NULL, on_result, &text_result);
  text = ringi_pdf_document_get_text_finish (document, wait_for_result (&text_result), &error);
  g_assert_no_error (error);
  g_assert_true (g_regex_match_simple ("4d70-896f-\\s+c9bb1b599e24", text, 0, 0));
  ringi_test_assert_contains (text, "打刻修正 2026-11-24");
  ringi_test_assert_contains (text, lines[2]);
}

static void
test_document_links (void)
{
  g_autofree char *path = corpus_file ("pgfmanual.pdf");
  g_autoptr(RingiPdfDocument) document = load_path (path, NULL, NULL);
  guint n_internal = 0;

  g_assert_nonnull (document);
  /* The table of contents starts on the third page. */
  for (int page = 2; page < 6; page++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GArray) links = NULL;
      g_autoptr(GError) error = NULL;

      ringi_pdf_document_get_links_async (document, page, NULL, on_result, &result);
      links = ringi_pdf_document_get_links_finish (document, wait_for_result (&result), &error);
      g_assert_no_error (error);

      for (guint i = 0; i < links->len; i++)
        {
          RingiPdfLink *link = &g_array_index (links, RingiPdfLink, i);

          g_assert_cmpfloat (link->area.width, >, 0);
          g_assert_cmpfloat (link->area.height, >, 0);
          g_assert_cmpfloat (link->area.y, >=, 0);
          g_assert_cmpfloat (link->area.y, <, 842);
          if (link->dest_page >= 0)
            {
              g_assert_cmpint (link->dest_page, <, 1321);
              g_assert_cmpfloat (link->dest_y, <=, 842);
              n_internal++;
            }
        }
    }

  g_assert_cmpuint (n_internal, >, 50);
}

static guint32
pixel_at (cairo_surface_t *surface,
          int x,
          int y)
{
  const guchar *data = cairo_image_surface_get_data (surface);
  guint32 pixel;

  memcpy (&pixel, data + y * cairo_image_surface_get_stride (surface) + x * 4, sizeof pixel);
  return pixel;
}

static guint
count_non_white (cairo_surface_t *surface)
{
  guint count = 0;

  for (int y = 0; y < cairo_image_surface_get_height (surface); y++)
    {
      for (int x = 0; x < cairo_image_surface_get_width (surface); x++)
        count += pixel_at (surface, x, y) != 0xffffffff;
    }
  return count;
}

static cairo_surface_t *
render (RingiPdfRenderer *renderer,
        int page,
        double scale,
        int rotation,
        GError **error)
{
  RingiPdfRenderSpec spec = { page, scale, rotation };
  g_autoptr(GAsyncResult) result = NULL;

  ringi_pdf_renderer_render_async (renderer, &spec, RINGI_PDF_PRIORITY_VISIBLE, NULL, on_result, &result);
  return ringi_pdf_renderer_render_finish (renderer, wait_for_result (&result), error);
}

static void
test_renderer_pages (void)
{
  g_autofree char *path = corpus_file ("jlshort.pdf");
  g_autoptr(RingiPdfDocument) document = load_path (path, NULL, NULL);
  g_autoptr(RingiPdfRenderer) renderer = ringi_pdf_renderer_new (document);
  g_autoptr(GError) error = NULL;
  cairo_surface_t *upright, *turned;
  int width, height;

  upright = render (renderer, 0, 1.0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cairo_image_surface_get_format (upright), ==, CAIRO_FORMAT_ARGB32);
  g_assert_cmpint (cairo_image_surface_get_width (upright), ==, 596);
  g_assert_cmpint (cairo_image_surface_get_height (upright), ==, 842);
  /* Corners are paper; the title is ink. */
  g_assert_cmphex (pixel_at (upright, 0, 0), ==, 0xffffffff);
  g_assert_cmpuint (count_non_white (upright), >, 2000);

  turned = render (renderer, 0, 1.0, 90, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cairo_image_surface_get_width (turned), ==, 842);
  g_assert_cmpint (cairo_image_surface_get_height (turned), ==, 596);
  /* A quarter turn moves the same ink, it does not add or lose any. */
  g_assert_cmpuint (count_non_white (turned), >, count_non_white (upright) * 9 / 10);
  g_assert_cmpuint (count_non_white (turned), <, count_non_white (upright) * 11 / 10);

  ringi_pdf_renderer_get_image_size (renderer, &(RingiPdfRenderSpec){ 0, 2.0, 270 }, &width, &height);
  g_assert_cmpint (width, ==, 1684);
  g_assert_cmpint (height, ==, 1191);

  cairo_surface_destroy (upright);
  cairo_surface_destroy (turned);
}

typedef struct
{
  guint n_done;
  guint n_cancelled;
  int last_width;
} RenderCount;

static void
on_counted_render (GObject *object,
                   GAsyncResult *result,
                   gpointer user_data)
{
  RenderCount *count = user_data;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface = ringi_pdf_renderer_render_finish (RINGI_PDF_RENDERER (object), result, &error);

  if (surface == NULL)
    {
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      count->n_cancelled++;
    }
  else
    {
      count->last_width = cairo_image_surface_get_width (surface);
      cairo_surface_destroy (surface);
    }
  count->n_done++;
}

static void
test_renderer_replaces (void)
{
  g_autofree char *path = corpus_file ("jlshort.pdf");
  g_autoptr(RingiPdfDocument) document = load_path (path, NULL, NULL);
  g_autoptr(RingiPdfRenderer) renderer = ringi_pdf_renderer_new (document);
  g_autoptr(RingiPdfRenderer) other = ringi_pdf_renderer_new (document);
  RingiPdfWorker *worker = ringi_pdf_document_get_worker (document);
  RenderCount count = { 0 };

  wait_for_sizes (document);
  ringi_pdf_worker_set_paused (worker, TRUE);
  for (int i = 1; i <= 10; i++)
    {
      RingiPdfRenderSpec spec = { 3, 0.1 * i, 0 };

      ringi_pdf_renderer_render_async (renderer, &spec, RINGI_PDF_PRIORITY_VISIBLE, NULL, on_counted_render, &count);
      g_assert_cmpuint (ringi_pdf_renderer_get_n_pending (renderer, 3), ==, 1);
    }
  /* Another page and another renderer have slots of their own. */
  ringi_pdf_renderer_render_async (renderer, &(RingiPdfRenderSpec){ 4, 0.5, 0 },
                                   RINGI_PDF_PRIORITY_PRELOAD, NULL, on_counted_render, &count);
  ringi_pdf_renderer_render_async (other, &(RingiPdfRenderSpec){ 3, 0.5, 0 },
                                   RINGI_PDF_PRIORITY_THUMBNAIL, NULL, on_counted_render, &count);
  g_assert_cmpuint (ringi_pdf_renderer_get_n_pending (renderer, 3), ==, 1);
  g_assert_cmpuint (ringi_pdf_renderer_get_n_pending (renderer, 4), ==, 1);
  g_assert_cmpuint (ringi_pdf_renderer_get_n_pending (other, 3), ==, 1);
  g_assert_cmpuint (ringi_pdf_worker_count_queued (worker), ==, 3);

  /* Cancelling a page drops its job at once. */
  ringi_pdf_renderer_cancel (renderer, 4);
  g_assert_cmpuint (ringi_pdf_renderer_get_n_pending (renderer, 4), ==, 0);

  while (count.n_cancelled < 10)
    g_main_context_iteration (NULL, TRUE);

  ringi_pdf_worker_set_paused (worker, FALSE);
  while (count.n_done < 12)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (count.n_cancelled, ==, 10);
  g_assert_cmpuint (ringi_pdf_renderer_get_n_pending (renderer, 3), ==, 0);
  g_assert_cmpuint (ringi_pdf_worker_count_queued (worker), ==, 0);
}

static void
on_order_render (GObject *object,
                 GAsyncResult *result,
                 gpointer user_data)
{
  GArray *order = user_data;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface = ringi_pdf_renderer_render_finish (RINGI_PDF_RENDERER (object), result, &error);
  /* The width tells the jobs apart: page index + 10 pixels. */
  int width = cairo_image_surface_get_width (surface);

  g_assert_no_error (error);
  g_array_append_val (order, width);
  cairo_surface_destroy (surface);
}

static void
test_renderer_priorities (void)
{
  g_autofree char *path = corpus_file ("texlive-ja.pdf");
  g_autoptr(RingiPdfDocument) document = load_path (path, NULL, NULL);
  g_autoptr(RingiPdfRenderer) renderer = ringi_pdf_renderer_new (document);
  RingiPdfWorker *worker = ringi_pdf_document_get_worker (document);
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (int));
  const RingiPdfPriority priorities[] = {
    RINGI_PDF_PRIORITY_THUMBNAIL,
    RINGI_PDF_PRIORITY_PRELOAD,
    RINGI_PDF_PRIORITY_VISIBLE,
    RINGI_PDF_PRIORITY_THUMBNAIL,
    RINGI_PDF_PRIORITY_VISIBLE,
  };
  const int expected[] = { 30, 50, 20, 10, 40 };

  wait_for_sizes (document);
  ringi_pdf_worker_set_paused (worker, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (priorities); i++)
    {
      /* 10, 20, … pixels wide */
      RingiPdfRenderSpec spec = { i, 10.0 * (i + 1) / 595.28, 0 };

      ringi_pdf_renderer_render_async (renderer, &spec, priorities[i], NULL, on_order_render, order);
    }
  ringi_pdf_worker_set_paused (worker, FALSE);

  while (order->len < G_N_ELEMENTS (expected))
    g_main_context_iteration (NULL, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpint (g_array_index (order, int, i), ==, expected[i]);
}

static void
on_finalized (gpointer data,
              GObject *where_the_object_was)
{
  g_atomic_int_set ((int *) data, TRUE);
}

static void
test_document_outlives_caller (void)
{
  g_autofree char *path = corpus_file ("pgfmanual.pdf");
  RingiPdfDocument *document = load_path (path, NULL, NULL);
  g_autoptr(RingiPdfRenderer) renderer = ringi_pdf_renderer_new (document);
  g_autoptr(GAsyncResult) result = NULL;
  cairo_surface_t *surface;
  int finalized = FALSE;

  g_object_weak_ref (G_OBJECT (document), on_finalized, &finalized);

  /* Dropping the caller's reference while jobs are queued is safe: the
   * jobs keep the document, and the worker ends after them. */
  ringi_pdf_renderer_render_async (renderer, &(RingiPdfRenderSpec){ 10, 0.5, 0 },
                                   RINGI_PDF_PRIORITY_VISIBLE, NULL, on_result, &result);
  g_object_unref (document);
  surface = ringi_pdf_renderer_render_finish (renderer, wait_for_result (&result), NULL);
  g_assert_nonnull (surface);
  cairo_surface_destroy (surface);
  g_clear_object (&result);
  g_clear_object (&renderer);

  /* The last reference may go on the worker thread, which then ends
   * itself rather than wait for itself. */
  while (!g_atomic_int_get (&finalized))
    {
      g_main_context_iteration (NULL, FALSE);
      g_thread_yield ();
    }
}

static gboolean
same_pixels (cairo_surface_t *a,
             cairo_surface_t *b)
{
  int height = cairo_image_surface_get_height (a);
  int stride = cairo_image_surface_get_stride (a);

  return cairo_image_surface_get_width (a) == cairo_image_surface_get_width (b) &&
         height == cairo_image_surface_get_height (b) &&
         stride == cairo_image_surface_get_stride (b) &&
         memcmp (cairo_image_surface_get_data (a), cairo_image_surface_get_data (b), (gsize) stride * height) == 0;
}

/* Renders every page of @document once, small: poppler keeps each. */
static void
render_all (RingiPdfRenderer *renderer,
            int n_pages)
{
  for (int page = 0; page < n_pages; page++)
    {
      g_autoptr(GError) error = NULL;
      cairo_surface_t *surface = render (renderer, page, 0.1, 0, &error);

      g_assert_no_error (error);
      cairo_surface_destroy (surface);
    }
}

/* Copies a corpus PDF into @dir; returns the copy's path. */
static char *
copy_file (const char *name,
           const char *dir,
           const char *copy_name)
{
  g_autofree char *source = corpus_file (name);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, copy_name, NULL);
  gsize length;

  g_file_get_contents (source, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
  return path;
}

static void
test_document_reopens (Fixture *f,
                       gconstpointer data)
{
  g_autofree char *path = copy_file ("jlshort.pdf", f->dir, "copy.pdf");
  g_autofree char *new_path = g_build_filename (f->dir, "new.pdf", NULL);
  g_autoptr(RingiPdfDocument) document = NULL;
  g_autoptr(RingiPdfRenderer) renderer = NULL;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *before, *after;

  document = load_path (path, NULL, &error);
  g_assert_no_error (error);
  renderer = ringi_pdf_renderer_new (document);
  before = render (renderer, 0, 1.0, 0, &error);
  g_assert_no_error (error);

  /* 108 pages, twice: poppler is opened afresh on the way, and draws
   * the same. */
  render_all (renderer, 108);
  render_all (renderer, 108);
  g_assert_cmpint (ringi_pdf_document_get_n_reopens (document), >=, 1);
  after = render (renderer, 0, 1.0, 0, &error);
  g_assert_no_error (error);
  g_assert_true (same_pixels (before, after));
  cairo_surface_destroy (after);

  /* The file replaced on disk: what was opened stays on screen. */
  g_clear_object (&renderer);
  g_clear_object (&document);
  document = load_path (path, NULL, &error);
  g_assert_no_error (error);
  renderer = ringi_pdf_renderer_new (document);
  g_free (copy_file ("texlive-ja.pdf", f->dir, "new.pdf"));
  g_assert_cmpint (g_rename (new_path, path), ==, 0);
  render_all (renderer, 108);
  render_all (renderer, 108);
  g_assert_cmpint (ringi_pdf_document_get_n_reopens (document), ==, 0);
  after = render (renderer, 0, 1.0, 0, &error);
  g_assert_no_error (error);
  g_assert_true (same_pixels (before, after));

  cairo_surface_destroy (after);
  cairo_surface_destroy (before);
}

int
main (int argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ringi/pdf-document/corpus", test_document_corpus);
  g_test_add ("/ringi/pdf-document/not-pdf", Fixture, NULL, fixture_setup, test_document_not_pdf, fixture_teardown);
  g_test_add ("/ringi/pdf-document/missing", Fixture, NULL, fixture_setup, test_document_missing, fixture_teardown);
  g_test_add ("/ringi/pdf-document/truncated", Fixture, NULL, fixture_setup, test_document_truncated, fixture_teardown);
  g_test_add ("/ringi/pdf-document/encrypted", Fixture, NULL, fixture_setup, test_document_encrypted, fixture_teardown);
  g_test_add_func ("/ringi/pdf-document/bytes", test_document_bytes);
  g_test_add_func ("/ringi/pdf-document/cancel-load", test_document_cancel_load);
  g_test_add_func ("/ringi/pdf-document/find-japanese", test_document_find_japanese);
  g_test_add_func ("/ringi/pdf-document/find-nothing", test_document_find_nothing);
  g_test_add_func ("/ringi/pdf-document/text", test_document_text);
  g_test_add_func ("/ringi/pdf-document/links", test_document_links);
  g_test_add_func ("/ringi/pdf-document/outlives-caller", test_document_outlives_caller);
  g_test_add_func ("/ringi/pdf-renderer/pages", test_renderer_pages);
  g_test_add_func ("/ringi/pdf-renderer/replaces", test_renderer_replaces);
  g_test_add_func ("/ringi/pdf-renderer/priorities", test_renderer_priorities);
  g_test_add ("/ringi/pdf-document/reopens", Fixture, NULL, fixture_setup, test_document_reopens, fixture_teardown);

  return g_test_run ();
}
