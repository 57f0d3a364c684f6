/* bench-pdf.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bench-pdf"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <sys/resource.h>
#include <unistd.h>

#include "ringi-pdf-document-private.h"
#include "ringi-pdf-view-private.h"

/*
 * bench-pdf: the PDF viewer against poppler itself.
 *
 *  (a) open → first page rendered, for a one-page PDF and for the 1,321
 *      pages of pgfmanual.pdf: opening must not cost more for more pages.
 *      The one-page PDFs carry pgfmanual's first page: redrawn through
 *      cairo's PDF writer, and cut out unchanged by qpdf. Only the second
 *      has the very same fonts and drawing to render, so the goal applies
 *      to it; poppler alone, opening and drawing the same page in a plain
 *      loop, is measured beside each;
 *  (b) pages 100–149 of pgfmanual at 100 % through the viewer's whole path
 *      (worker, texture, cache) against a plain loop of poppler_page_render
 *      on cairo images, in the same run;
 *  (c) every page of pgfmanual a screenful at a time: peak memory and the
 *      texture cache against its budget.
 *
 * Each part runs in a process of its own, so that memory and caches left
 * by one do not count in the next. Each figure is the median of a few
 * runs, the two sides of a comparison alternating so that a busy
 * neighbour on the machine hits both.
 */

#define RUNS   5
#define WIDTH  900
#define HEIGHT 800

typedef struct
{
  GtkWindow *window;
  RingiPdfView *view;
  char *dir;
  char *pgfmanual;
  char *one_page_cairo;
  char *one_page_cut;
} Bench;

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *values,
        guint n)
{
  qsort (values, n, sizeof *values, compare_doubles);
  return values[n / 2];
}

static void
report (const char *name,
        double value,
        const char *unit,
        const char *goal)
{
  g_print ("bench-pdf: %s: %.2f %s%s%s%s\n", name, value, unit,
           goal != NULL ? " (goal " : "", goal != NULL ? goal : "", goal != NULL ? ")" : "");
}

static void
spin_until_idle (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
wait_for_page (RingiPdfView *view,
               int page)
{
  while (ringi_pdf_view_get_page_texture (view, page) == NULL)
    g_main_context_iteration (NULL, TRUE);
}

/* Lets the document read its page sizes in the background before the
 * next measurement, so that the two do not compete. */
static void
wait_for_sizes (RingiPdfView *view)
{
  RingiPdfDocument *document = ringi_pdf_view_get_document (view);

  while (document != NULL && !ringi_pdf_document_get_sizes_known (document))
    g_main_context_iteration (NULL, TRUE);
}

/* A one-page PDF with the content of pgfmanual's first page, redrawn by
 * poppler into cairo's PDF writer: the two documents then differ in their
 * page count, not in what the first page costs to draw. */
static char *
make_cairo_copy (const char *dir,
                 const char *source)
{
  g_autofree char *uri = g_filename_to_uri (source, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PopplerDocument) document = poppler_document_new_from_file (uri, NULL, &error);
  g_autoptr(PopplerPage) page = NULL;
  char *path = g_build_filename (dir, "one-page-cairo.pdf", NULL);
  cairo_surface_t *surface;
  double width, height;
  cairo_t *cr;

  g_assert_no_error (error);
  page = poppler_document_get_page (document, 0);
  poppler_page_get_size (page, &width, &height);
  surface = cairo_pdf_surface_create (path, width, height);
  cr = cairo_create (surface);
  poppler_page_render_for_printing (page, cr);
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return path;
}

/* pgfmanual's first page alone, its objects copied as they are. */
static char *
make_cut_copy (const char *dir,
               const char *source)
{
  char *path = g_build_filename (dir, "one-page-cut.pdf", NULL);
  const char *argv[] = { "qpdf", "--empty", "--pages", source, "1", "--", path, NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
  return path;
}

static void
show_nothing (Bench *b)
{
  ringi_pdf_view_set_document (b->view, NULL);
  spin_until_idle ();
}

static double
time_open (Bench *b,
           const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  double start, elapsed;

  show_nothing (b);
  start = now_ms ();
  ringi_pdf_view_load_file (b->view, file, NULL);
  while (ringi_pdf_view_get_loading (b->view))
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (ringi_pdf_view_get_error (b->view));
  wait_for_page (b->view, 0);
  elapsed = now_ms () - start;

  wait_for_sizes (b->view);
  return elapsed;
}

/* Poppler alone: open and draw the first page at 100 %. */
static double
time_poppler_open (const char *path)
{
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  const double scale = RINGI_PDF_VIEW_PIXELS_PER_POINT;
  PopplerDocument *document;
  cairo_surface_t *surface;
  PopplerPage *page;
  double start, elapsed, width, height;
  cairo_t *cr;

  start = now_ms ();
  document = poppler_document_new_from_file (uri, NULL, NULL);
  g_assert_nonnull (document);
  page = poppler_document_get_page (document, 0);
  poppler_page_get_size (page, &width, &height);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                        (int) (width * scale + 0.5), (int) (height * scale + 0.5));
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  elapsed = now_ms () - start;

  cairo_surface_destroy (surface);
  g_object_unref (page);
  g_object_unref (document);
  return elapsed;
}

static void
bench_open (Bench *b)
{
  const char *paths[] = { b->one_page_cairo, b->one_page_cut, b->pgfmanual };
  const char *names[] = { "1-page-cairo", "1-page-cut", "pgfmanual" };
  double viewer[G_N_ELEMENTS (paths)][RUNS], poppler[G_N_ELEMENTS (paths)][RUNS];
  double viewer_ms[G_N_ELEMENTS (paths)], poppler_ms[G_N_ELEMENTS (paths)];

  /* Fonts and files warm in the system's caches first. */
  for (guint d = 0; d < G_N_ELEMENTS (paths); d++)
    time_open (b, paths[d]);

  for (int i = 0; i < RUNS; i++)
    {
      for (guint d = 0; d < G_N_ELEMENTS (paths); d++)
        {
          viewer[d][i] = time_open (b, paths[d]);
          poppler[d][i] = time_poppler_open (paths[d]);
        }
    }

  for (guint d = 0; d < G_N_ELEMENTS (paths); d++)
    {
      g_autofree char *viewer_name = g_strdup_printf ("open-to-first-page-%s", names[d]);
      g_autofree char *poppler_name = g_strdup_printf ("open-to-first-page-%s-poppler-alone", names[d]);

      viewer_ms[d] = median (viewer[d], RUNS);
      poppler_ms[d] = median (poppler[d], RUNS);
      report (viewer_name, viewer_ms[d], "ms", NULL);
      report (poppler_name, poppler_ms[d], "ms", NULL);
    }

  report ("open-to-first-page-ratio-pgfmanual-to-1-page-cut", viewer_ms[2] / viewer_ms[1], "x", "≤ 1.3");
  report ("open-to-first-page-ratio-pgfmanual-to-1-page-cairo", viewer_ms[2] / viewer_ms[0], "x", NULL);
  report ("open-to-first-page-ratio-poppler-alone-pgfmanual-to-1-page-cut", poppler_ms[2] / poppler_ms[1], "x", NULL);
}

/* Pages 100–149, as a reader paging down would ask for them. */
#define FIRST_PAGE 99
#define N_PAGES    50

static double
time_viewer (Bench *b)
{
  g_autoptr(GFile) file = g_file_new_for_path (b->pgfmanual);
  double start;

  show_nothing (b);
  ringi_pdf_view_load_file (b->view, file, NULL);
  while (ringi_pdf_view_get_loading (b->view))
    g_main_context_iteration (NULL, TRUE);
  wait_for_sizes (b->view);
  spin_until_idle ();

  start = now_ms ();
  for (int page = FIRST_PAGE; page < FIRST_PAGE + N_PAGES; page++)
    {
      ringi_pdf_view_go_to_page (b->view, page);
      wait_for_page (b->view, page);
    }
  return now_ms () - start;
}

static double
time_poppler (Bench *b)
{
  g_autofree char *uri = g_filename_to_uri (b->pgfmanual, NULL, NULL);
  g_autoptr(PopplerDocument) document = poppler_document_new_from_file (uri, NULL, NULL);
  const double scale = RINGI_PDF_VIEW_PIXELS_PER_POINT;
  double start;

  g_assert_nonnull (document);
  /* As the viewer's document had read every page size before. */
  for (int i = 0; i < poppler_document_get_n_pages (document); i++)
    g_object_unref (poppler_document_get_page (document, i));

  start = now_ms ();
  for (int i = FIRST_PAGE; i < FIRST_PAGE + N_PAGES; i++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (document, i);
      cairo_surface_t *surface;
      double width, height;
      cairo_t *cr;

      poppler_page_get_size (page, &width, &height);
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                            (int) (width * scale + 0.5), (int) (height * scale + 0.5));
      cr = cairo_create (surface);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      cairo_scale (cr, scale, scale);
      poppler_page_render (page, cr);
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
    }
  return now_ms () - start;
}

static void
bench_render (Bench *b)
{
  double viewer[RUNS], poppler[RUNS];
  double viewer_ms, poppler_ms;

  ringi_pdf_view_set_zoom (b->view, 1.0);
  time_poppler (b);

  for (int i = 0; i < RUNS; i++)
    {
      viewer[i] = time_viewer (b);
      poppler[i] = time_poppler (b);
    }

  viewer_ms = median (viewer, RUNS);
  poppler_ms = median (poppler, RUNS);
  report ("render-50-pages-viewer", viewer_ms, "ms", NULL);
  report ("render-50-pages-poppler", poppler_ms, "ms", NULL);
  report ("render-per-page-poppler", poppler_ms / N_PAGES, "ms", NULL);
  report ("render-ratio", viewer_ms / poppler_ms, "x", "≤ 1.1");
}

static double
peak_rss_mb (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

/* Resident memory now, from /proc. */
static double
current_rss_mb (void)
{
  g_autofree char *statm = NULL;
  g_auto(GStrv) fields = NULL;

  if (!g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL))
    return 0;
  fields = g_strsplit (statm, " ", -1);
  return g_ascii_strtod (fields[1], NULL) * sysconf (_SC_PAGESIZE) / (1024.0 * 1024.0);
}

static void
bench_scroll (Bench *b)
{
  g_autoptr(GFile) file = g_file_new_for_path (b->pgfmanual);
  RingiPdfTextureCache *cache = ringi_pdf_view_get_texture_cache (b->view);
  double budget = ringi_pdf_view_get_cache_size (b->view) / (1024.0 * 1024.0);
  double start, peak_cache = 0;
  int n_pages;

  show_nothing (b);
  report ("rss-before-scroll", current_rss_mb (), "MB", NULL);
  ringi_pdf_view_set_zoom (b->view, 1.0);
  ringi_pdf_view_load_file (b->view, file, NULL);
  while (ringi_pdf_view_get_loading (b->view))
    g_main_context_iteration (NULL, TRUE);

  start = now_ms ();
  n_pages = ringi_pdf_document_get_n_pages (ringi_pdf_view_get_document (b->view));
  for (int page = 0; page < n_pages; page = b->view->last_visible + 1)
    {
      ringi_pdf_view_go_to_page (b->view, page);
      for (int p = b->view->first_visible; p <= b->view->last_visible; p++)
        wait_for_page (b->view, p);
      peak_cache = MAX (peak_cache, ringi_pdf_texture_cache_get_size (cache) / (1024.0 * 1024.0));
    }

  report ("scroll-1321-pages", (now_ms () - start) / 1000.0, "s", NULL);
  report ("rss-after-scroll", current_rss_mb (), "MB", NULL);
  report ("scroll-peak-rss", peak_rss_mb (), "MB", "< 250 MB");
  report ("scroll-texture-cache-peak", peak_cache, "MB", budget <= 64 ? "≤ 64 MB budget" : "≤ budget");
}

static void
on_after_paint (GdkFrameClock *clock,
                gboolean *painted)
{
  *painted = TRUE;
}

static void
present (Bench *b)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  gboolean painted = FALSE;

  b->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (b->window, WIDTH, HEIGHT);
  b->view = RINGI_PDF_VIEW (ringi_pdf_view_new ());
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (b->view));
  gtk_window_set_child (b->window, scrolled);
  gtk_window_present (b->window);

  while (!gtk_widget_get_mapped (GTK_WIDGET (b->view)))
    g_main_context_iteration (NULL, TRUE);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (b->window)), "after-paint",
                    G_CALLBACK (on_after_paint), &painted);
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
}

static const char *const parts[] = { "open", "render", "scroll" };

/* Runs each part in a fresh process: this program again, with the part's
 * name as argument. */
static int
run_parts (const char *self_path)
{
  int failed = 0;

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      const char *argv[] = { self_path, parts[i], NULL };
      g_autoptr(GError) error = NULL;
      int status = 0;

      if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                         NULL, NULL, &status, &error) ||
          !g_spawn_check_wait_status (status, &error))
        {
          g_printerr ("bench-pdf: %s: %s\n", parts[i], error->message);
          failed = 1;
        }
    }

  return failed;
}

int
main (int argc,
      char *argv[])
{
  const char *corpus = g_getenv ("RINGI_CORPUS_DIR");
  Bench bench = { 0 };

  if (argc < 2)
    return run_parts (argv[0]);
  if (!g_strv_contains (parts, argv[1]))
    {
      g_printerr ("Usage: %s [open|render|scroll]\n", argv[0]);
      return 2;
    }

  gtk_init ();
  if (corpus == NULL)
    corpus = RINGI_CORPUS_DEFAULT;

  bench.pgfmanual = g_build_filename (corpus, "pdf", "pgfmanual.pdf", NULL);
  bench.dir = g_dir_make_tmp ("bench-pdf-XXXXXX", NULL);
  g_assert_nonnull (bench.dir);

  present (&bench);
  if (g_str_equal (argv[1], "open"))
    {
      bench.one_page_cairo = make_cairo_copy (bench.dir, bench.pgfmanual);
      bench.one_page_cut = make_cut_copy (bench.dir, bench.pgfmanual);
      bench_open (&bench);
      g_unlink (bench.one_page_cairo);
      g_unlink (bench.one_page_cut);
    }
  else if (g_str_equal (argv[1], "render"))
    {
      bench_render (&bench);
    }
  else
    {
      bench_scroll (&bench);
    }

  gtk_window_destroy (bench.window);
  g_rmdir (bench.dir);
  g_free (bench.one_page_cairo);
  g_free (bench.one_page_cut);
  g_free (bench.pgfmanual);
  g_free (bench.dir);
  return 0;
}
