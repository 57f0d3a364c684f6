/* test-seal.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-seal"

#include "config.h"

#include <cairo-pdf.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <poppler.h>

#include "ringi-seal-slot.h"
#include "ringi-seal.h"
#include "ringi-test-utils.h"

/* A pixel differs when one channel moves more than this; a snapshot
 * matches when at most SNAPSHOT_MAX_DIFFERING of its pixels differ. Font
 * rasterisers differ slightly between machines, layouts do not. */
#define SNAPSHOT_CHANNEL_TOLERANCE 48
#define SNAPSHOT_MAX_DIFFERING     0.01

#define TEST_DIAMETER 100
#define RING_WIDTH    0.045 /* as in ringi-seal.c */

typedef struct
{
  const char *file;
  RingiSealStyle style;
  const char *name;
  const char *department;
  double scale;
} SnapshotCase;

static const SnapshotCase snapshot_cases[] = {
  { "name-1x.png", RINGI_SEAL_NAME, "鈴木", NULL, 1 },
  { "name-2x.png", RINGI_SEAL_NAME, "鈴木", NULL, 2 },
  { "name-one-1x.png", RINGI_SEAL_NAME, "東", NULL, 1 },
  { "name-three-1x.png", RINGI_SEAL_NAME, "佐々木", NULL, 1 },
  { "name-four-1x.png", RINGI_SEAL_NAME, "勅使河原", NULL, 1 },
  { "date-1x.png", RINGI_SEAL_DATE, "鈴木", "総務課", 1 },
  { "date-2x.png", RINGI_SEAL_DATE, "鈴木", "総務課", 2 },
  { "date-long-1x.png", RINGI_SEAL_DATE, "佐々木", "子ども家庭支援センター", 1 },
};

typedef struct
{
  const char *label;
  RingiSealSpec spec;
  gboolean set_date;
} InvalidCase;

static const InvalidCase invalid_cases[] = {
  { "name/missing", { RINGI_SEAL_NAME, NULL, NULL, { 0 }, NULL }, FALSE },
  { "name/empty", { RINGI_SEAL_NAME, "", NULL, { 0 }, NULL }, FALSE },
  { "name/five-chars", { RINGI_SEAL_NAME, "勅使河原家", NULL, { 0 }, NULL }, FALSE },
  { "name/space", { RINGI_SEAL_NAME, "鈴 木", NULL, { 0 }, NULL }, FALSE },
  { "name/newline", { RINGI_SEAL_NAME, "鈴\n木", NULL, { 0 }, NULL }, FALSE },
  { "name/not-utf8", { RINGI_SEAL_NAME, "\xff\xfe", NULL, { 0 }, NULL }, FALSE },
  { "name/colour", { RINGI_SEAL_NAME, "鈴木", NULL, { 0 }, "vermilionish" }, FALSE },
  { "date/no-department", { RINGI_SEAL_DATE, "鈴木", NULL, { 0 }, NULL }, TRUE },
  { "date/empty-department", { RINGI_SEAL_DATE, "鈴木", "", { 0 }, NULL }, TRUE },
  { "date/long-department", { RINGI_SEAL_DATE, "鈴木", "あいうえおかきくけこさしすせそたち", { 0 }, NULL }, TRUE },
  { "date/no-name", { RINGI_SEAL_DATE, NULL, "総務課", { 0 }, NULL }, TRUE },
  { "date/empty-name", { RINGI_SEAL_DATE, "", "総務課", { 0 }, NULL }, TRUE },
  { "date/no-date", { RINGI_SEAL_DATE, "鈴木", "総務課", { 0 }, NULL }, FALSE },
  { "style/unknown", { (RingiSealStyle) 42, "鈴木", "総務課", { 0 }, NULL }, TRUE },
};

static RingiSealSpec
make_spec (RingiSealStyle style,
           const char *name,
           const char *department)
{
  RingiSealSpec spec = { 0 };

  spec.style = style;
  spec.name = name;
  spec.department = department;
  g_date_set_dmy (&spec.date, 23, G_DATE_NOVEMBER, 2026);
  return spec;
}

static cairo_surface_t *
render (const RingiSealSpec *spec,
        double scale)
{
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface = ringi_seal_render_image (spec, TEST_DIAMETER, scale, &error);

  g_assert_no_error (error);
  g_assert_nonnull (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  return surface;
}

static guint32
pixel_at (cairo_surface_t *surface,
          int x,
          int y)
{
  const guchar *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);

  g_assert_cmpint (cairo_image_surface_get_format (surface), ==, CAIRO_FORMAT_ARGB32);
  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (y, <, cairo_image_surface_get_height (surface));
  return *(const guint32 *) (data + y * stride + x * 4);
}

static guint
channel (guint32 pixel,
         guint shift)
{
  return (pixel >> shift) & 0xff;
}

/* Share of the image covered by ink, from 0 to 1. */
static double
ink_coverage (cairo_surface_t *surface,
              int x0,
              int y0,
              int size)
{
  double total = 0;

  cairo_surface_flush (surface);
  for (int y = y0; y < y0 + size; y++)
    for (int x = x0; x < x0 + size; x++)
      total += channel (pixel_at (surface, x, y), 24) / 255.0;
  return total / ((double) size * size);
}

static double
whole_coverage (cairo_surface_t *surface)
{
  return ink_coverage (surface, 0, 0, cairo_image_surface_get_width (surface));
}

/* Samples the middle of the ring all around and checks it is opaque ink
 * of roughly @red, @green, @blue (0–255, un-premultiplied). */
static void
assert_ring_colour (cairo_surface_t *surface,
                    double scale,
                    int red,
                    int green,
                    int blue)
{
  double centre = TEST_DIAMETER * scale / 2;
  double radius = centre * (1 - RING_WIDTH);

  cairo_surface_flush (surface);
  for (int i = 0; i < 24; i++)
    {
      double angle = i * G_PI / 12;
      guint32 pixel = pixel_at (surface,
                                (int) floor (centre + radius * cos (angle)),
                                (int) floor (centre + radius * sin (angle)));
      guint alpha = channel (pixel, 24);

      g_assert_cmpuint (alpha, >=, 200);
      g_assert_cmpint (abs ((int) (channel (pixel, 16) * 255 / alpha) - red), <=, 24);
      g_assert_cmpint (abs ((int) (channel (pixel, 8) * 255 / alpha) - green), <=, 24);
      g_assert_cmpint (abs ((int) (channel (pixel, 0) * 255 / alpha) - blue), <=, 24);
    }
}

static gboolean
seal_font_installed (void)
{
  PangoFontMap *map = pango_cairo_font_map_get_default ();
  g_autofree PangoFontFamily **families = NULL;
  int n_families = 0;

  pango_font_map_list_families (map, &families, &n_families);
  for (int i = 0; i < n_families; i++)
    {
      if (g_str_equal (pango_font_family_get_name (families[i]), "Noto Serif CJK JP"))
        return TRUE;
    }
  return FALSE;
}

static guint
count_differing_pixels (cairo_surface_t *actual,
                        cairo_surface_t *expected)
{
  int size = cairo_image_surface_get_width (actual);
  guint differing = 0;

  cairo_surface_flush (actual);
  cairo_surface_flush (expected);
  for (int y = 0; y < size; y++)
    for (int x = 0; x < size; x++)
      {
        guint32 a = pixel_at (actual, x, y);
        guint32 b = pixel_at (expected, x, y);

        for (guint shift = 0; shift < 32; shift += 8)
          {
            if (abs ((int) channel (a, shift) - (int) channel (b, shift)) > SNAPSHOT_CHANNEL_TOLERANCE)
              {
                differing++;
                break;
              }
          }
      }
  return differing;
}

static void
save_actual (cairo_surface_t *actual,
             const char *file)
{
  g_autofree char *name = g_strconcat ("actual-", file, NULL);
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, name, NULL);

  g_assert_cmpint (cairo_surface_write_to_png (actual, path), ==, CAIRO_STATUS_SUCCESS);
  g_test_message ("the rendered image is in %s", path);
}

static void
test_snapshot (gconstpointer data)
{
  const SnapshotCase *c = data;
  RingiSealSpec spec = make_spec (c->style, c->name, c->department);
  g_autofree char *reference = g_test_build_filename (G_TEST_DIST, "data", "seals", c->file, NULL);
  cairo_surface_t *actual;
  cairo_surface_t *expected;
  int size = (int) (TEST_DIAMETER * c->scale);
  guint differing;

  if (!seal_font_installed ())
    {
      g_test_skip ("Noto Serif CJK JP is not installed; the references are drawn with it");
      return;
    }

  actual = render (&spec, c->scale);
  g_assert_cmpint (cairo_image_surface_get_width (actual), ==, size);
  g_assert_cmpint (cairo_image_surface_get_height (actual), ==, size);
  assert_ring_colour (actual, c->scale, 0xd0, 0x31, 0x2d);
  g_assert_cmpfloat (whole_coverage (actual), >, 0.12);
  g_assert_cmpfloat (whole_coverage (actual), <, 0.5);

  if (g_strcmp0 (g_getenv ("RINGI_UPDATE_SNAPSHOTS"), "1") == 0)
    {
      g_assert_cmpint (cairo_surface_write_to_png (actual, reference), ==, CAIRO_STATUS_SUCCESS);
      g_test_message ("updated %s", reference);
    }

  expected = cairo_image_surface_create_from_png (reference);
  g_assert_cmpint (cairo_surface_status (expected), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (expected), ==, size);
  g_assert_cmpint (cairo_image_surface_get_height (expected), ==, size);

  differing = count_differing_pixels (actual, expected);
  if (differing > size * size * SNAPSHOT_MAX_DIFFERING)
    save_actual (actual, c->file);
  g_assert_cmpuint (differing, <=, (guint) (size * size * SNAPSHOT_MAX_DIFFERING));

  cairo_surface_destroy (expected);
  cairo_surface_destroy (actual);
}

static void
test_colour (void)
{
  RingiSealSpec spec = make_spec (RINGI_SEAL_NAME, "鈴木", NULL);
  cairo_surface_t *surface;

  spec.color = "#1a4f9c";
  surface = render (&spec, 1);
  assert_ring_colour (surface, 1, 0x1a, 0x4f, 0x9c);
  cairo_surface_destroy (surface);
}

static void
test_transparent_outside (void)
{
  RingiSealSpec spec = make_spec (RINGI_SEAL_DATE, "鈴木", "総務課");
  cairo_surface_t *surface = render (&spec, 1);
  int last = TEST_DIAMETER - 1;

  cairo_surface_flush (surface);
  g_assert_cmpuint (pixel_at (surface, 0, 0), ==, 0);
  g_assert_cmpuint (pixel_at (surface, last, 0), ==, 0);
  g_assert_cmpuint (pixel_at (surface, 0, last), ==, 0);
  g_assert_cmpuint (pixel_at (surface, last, last), ==, 0);
  cairo_surface_destroy (surface);
}

static void
test_one_char_centre (void)
{
  RingiSealSpec spec = make_spec (RINGI_SEAL_NAME, "東", NULL);
  cairo_surface_t *surface = render (&spec, 1);
  int box = TEST_DIAMETER / 5;

  /* The big single character covers the middle; the gap between it and
   * the ring stays clean. */
  g_assert_cmpfloat (ink_coverage (surface, (TEST_DIAMETER - box) / 2, (TEST_DIAMETER - box) / 2, box), >, 0.25);
  g_assert_cmpuint (channel (pixel_at (surface, TEST_DIAMETER / 2, (int) (TEST_DIAMETER * 0.12)), 24), <, 32);
  cairo_surface_destroy (surface);
}

/* The 2× image, averaged down by 2 × 2 blocks, matches the 1× image: the
 * layout does not depend on the resolution. */
static void
test_scale_invariance (gconstpointer data)
{
  RingiSealStyle style = GPOINTER_TO_INT (data);
  RingiSealSpec spec = make_spec (style, "鈴木", "総務課");
  cairo_surface_t *small = render (&spec, 1);
  cairo_surface_t *large = render (&spec, 2);
  double small_coverage = whole_coverage (small);
  double large_coverage = whole_coverage (large);
  double total_difference = 0;

  g_assert_cmpfloat (fabs (small_coverage - large_coverage) / small_coverage, <, 0.03);

  for (int y = 0; y < TEST_DIAMETER; y++)
    for (int x = 0; x < TEST_DIAMETER; x++)
      {
        double block = (channel (pixel_at (large, 2 * x, 2 * y), 24) +
                        channel (pixel_at (large, 2 * x + 1, 2 * y), 24) +
                        channel (pixel_at (large, 2 * x, 2 * y + 1), 24) +
                        channel (pixel_at (large, 2 * x + 1, 2 * y + 1), 24)) /
                       4.0;

        total_difference += fabs (block - channel (pixel_at (small, x, y), 24));
      }
  g_assert_cmpfloat (total_difference / (TEST_DIAMETER * TEST_DIAMETER), <, 2.0);

  cairo_surface_destroy (large);
  cairo_surface_destroy (small);
}

static void
test_fractional_scale (void)
{
  RingiSealSpec spec = make_spec (RINGI_SEAL_NAME, "鈴木", NULL);
  cairo_surface_t *surface = render (&spec, 1.5);
  double x_scale = 0;
  double y_scale = 0;

  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, (int) ceil (TEST_DIAMETER * 1.5));
  cairo_surface_get_device_scale (surface, &x_scale, &y_scale);
  g_assert_cmpfloat (x_scale, ==, 1.5);
  g_assert_cmpfloat (y_scale, ==, 1.5);
  assert_ring_colour (surface, 1.5, 0xd0, 0x31, 0x2d);
  cairo_surface_destroy (surface);
}

static cairo_status_t
read_bytes (void *closure,
            unsigned char *data,
            unsigned int length)
{
  GInputStream *stream = closure;
  gsize read = 0;

  if (!g_input_stream_read_all (stream, data, length, &read, NULL, NULL) || read != length)
    return CAIRO_STATUS_READ_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

static void
test_png (void)
{
  static const guchar signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  RingiSealSpec spec = make_spec (RINGI_SEAL_DATE, "鈴木", "総務課");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = ringi_seal_render_png (&spec, TEST_DIAMETER, 2, &error);
  g_autoptr(GInputStream) stream = NULL;
  cairo_surface_t *decoded;
  gsize length = 0;
  const guchar *bytes;

  g_assert_no_error (error);
  g_assert_nonnull (png);
  bytes = g_bytes_get_data (png, &length);
  g_assert_cmpuint (length, >, sizeof signature);
  g_assert_cmpmem (bytes, sizeof signature, signature, sizeof signature);

  stream = g_memory_input_stream_new_from_bytes (png);
  decoded = cairo_image_surface_create_from_png_stream (read_bytes, stream);
  g_assert_cmpint (cairo_surface_status (decoded), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (decoded), ==, 2 * TEST_DIAMETER);
  g_assert_cmpint (cairo_image_surface_get_format (decoded), ==, CAIRO_FORMAT_ARGB32);
  assert_ring_colour (decoded, 2, 0xd0, 0x31, 0x2d);
  cairo_surface_destroy (decoded);
}

typedef struct
{
  char *dir;
  char *path;
} PdfFixture;

static void
pdf_setup (PdfFixture *f,
           gconstpointer data)
{
  f->dir = ringi_test_make_tmpdir ("ringi-seal");
  f->path = g_build_filename (f->dir, "seals.pdf", NULL);
}

static void
pdf_teardown (PdfFixture *f,
              gconstpointer data)
{
  ringi_test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static void
write_seal_pdf (const char *path)
{
  RingiSealSpec date_seal = make_spec (RINGI_SEAL_DATE, "鈴木", "総務課");
  RingiSealSpec name_seal = make_spec (RINGI_SEAL_NAME, "東", NULL);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 200, 100);
  cairo_t *cr = cairo_create (surface);

  ringi_seal_draw (cr, &date_seal, 50, 50, 90);
  ringi_seal_draw (cr, &name_seal, 150, 50, 60);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
}

/* The seal goes into a PDF as vector ink with real text: poppler finds the
 * words and renders the ring red where it was drawn. */
static void
test_pdf (PdfFixture *f,
          gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *text = NULL;
  /* poppler 22.12 defines no autoptr cleanups */
  PopplerDocument *document;
  PopplerPage *page;
  cairo_surface_t *image;
  cairo_t *cr;
  guint32 ring;

  write_seal_pdf (f->path);

  uri = g_filename_to_uri (f->path, NULL, &error);
  g_assert_no_error (error);
  document = poppler_document_new_from_file (uri, NULL, &error);
  g_assert_no_error (error);
  page = poppler_document_get_page (document, 0);
  g_assert_nonnull (page);

  text = poppler_page_get_text (page);
  g_assert_nonnull (strstr (text, "2026.11.23"));
  g_assert_nonnull (strstr (text, "総務課"));
  g_assert_nonnull (strstr (text, "鈴木"));
  g_assert_nonnull (strstr (text, "東"));

  image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 200, 100);
  cr = cairo_create (image);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (image);
  /* the left edge of the date seal's ring, 5 + 2 units from the page edge */
  ring = pixel_at (image, 7, 50);
  g_assert_cmpuint (channel (ring, 24), >=, 200);
  g_assert_cmpuint (channel (ring, 16), >, 150);
  g_assert_cmpuint (channel (ring, 8), <, 110);
  cairo_surface_destroy (image);
  g_object_unref (page);
  g_object_unref (document);
}

/* Drawn into a recording surface, the seal's ink stays within the circle
 * it was given, and the caller's path and source survive. */
static void
test_recording (void)
{
  RingiSealSpec spec = make_spec (RINGI_SEAL_DATE, "鈴木", "総務課");
  cairo_surface_t *surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *cr = cairo_create (surface);
  cairo_pattern_t *source;
  double x, y, width, height;

  cairo_set_source_rgb (cr, 0, 0, 1);
  source = cairo_get_source (cr);
  cairo_move_to (cr, 3, 4);
  cairo_line_to (cr, 5, 6);

  ringi_seal_draw (cr, &spec, 50, 40, 80);

  g_assert_true (cairo_get_source (cr) == source);
  g_assert_true (cairo_has_current_point (cr));
  cairo_get_current_point (cr, &x, &y);
  g_assert_cmpfloat (x, ==, 5);
  g_assert_cmpfloat (y, ==, 6);
  cairo_destroy (cr);

  cairo_recording_surface_ink_extents (surface, &x, &y, &width, &height);
  g_assert_cmpfloat_with_epsilon (x, 10, 1.0);
  g_assert_cmpfloat_with_epsilon (y, 0, 1.0);
  g_assert_cmpfloat_with_epsilon (width, 80, 2.0);
  g_assert_cmpfloat_with_epsilon (height, 80, 2.0);
  cairo_surface_destroy (surface);
}

static void
test_valid_names (void)
{
  static const char *const names[] = { "東", "鈴木", "佐々木", "勅使河原", "さとう", "Li" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      RingiSealSpec spec = make_spec (RINGI_SEAL_NAME, names[i], NULL);
      g_autoptr(GError) error = NULL;

      g_assert_true (ringi_seal_spec_validate (&spec, &error));
      g_assert_no_error (error);
    }
}

/* The directory's texts become a seal that validates, whatever they hold. */
static void
test_date_seal_from_directory (void)
{
  const struct
  {
    const char *seal_name, *department, *login, *name, *top;
  } cases[] = {
    { "高橋", "財政課", "takahashi", "高橋", "財政課" },
    { "高橋 一郎", "総務部　総務課", "takahashi", "高橋一郎", "総務部総務課" },
    { NULL, NULL, "sato", "sato", "-" },
    { " \t", "", "sato", "sato", "-" },
    { "寿限無寿限無五劫の擦り切れ海砂利水魚の", "a\nb", "x", "寿限無寿限無五劫の擦り切れ海砂利", "ab" },
  };
  g_autoptr(GDateTime) time = g_date_time_new_local (2026, 11, 23, 23, 59, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GError) error = NULL;
      RingiSealSpec spec;

      ringi_seal_spec_init_date_seal (&spec, cases[i].seal_name, cases[i].department, cases[i].login, time, strings);
      g_assert_cmpint (spec.style, ==, RINGI_SEAL_DATE);
      g_assert_cmpstr (spec.name, ==, cases[i].name);
      g_assert_cmpstr (spec.department, ==, cases[i].top);
      g_assert_cmpuint (g_date_get_day (&spec.date), ==, 23);
      g_assert_null (spec.color);
      ringi_seal_spec_validate (&spec, &error);
      g_assert_no_error (error);
    }
}

static void
test_invalid (gconstpointer data)
{
  const InvalidCase *c = data;
  RingiSealSpec spec = c->spec;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = NULL;
  cairo_surface_t *surface;

  if (c->set_date)
    g_date_set_dmy (&spec.date, 23, G_DATE_NOVEMBER, 2026);

  g_assert_false (ringi_seal_spec_validate (&spec, &error));
  g_assert_error (error, RINGI_SEAL_ERROR, RINGI_SEAL_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  surface = ringi_seal_render_image (&spec, TEST_DIAMETER, 1, &error);
  g_assert_null (surface);
  g_assert_error (error, RINGI_SEAL_ERROR, RINGI_SEAL_ERROR_INVALID);
  g_clear_error (&error);

  png = ringi_seal_render_png (&spec, TEST_DIAMETER, 1, &error);
  g_assert_null (png);
  g_assert_error (error, RINGI_SEAL_ERROR, RINGI_SEAL_ERROR_INVALID);
}

static void
test_seal_slots (void)
{
  RingiPlacement taken[3];
  RingiPlacement slot;

  ringi_seal_slot_next_free (NULL, 0, 595.28, &taken[0]);
  g_assert_cmpuint (taken[0].page, ==, 1);
  g_assert_cmpfloat_with_epsilon (taken[0].x, 523.28, 0.001);

  /* Each next seal to the left of the ones there */
  ringi_seal_slot_next_free (taken, 1, 595.28, &taken[1]);
  g_assert_cmpfloat_with_epsilon (taken[1].x, 523.28 - RINGI_SEAL_SLOT_SIZE - RINGI_SEAL_SLOT_GAP, 0.001);
  g_assert_cmpfloat (taken[1].y, ==, taken[0].y);

  /* A seal elsewhere on the page takes no box; one across a box does. */
  taken[0] = (RingiPlacement){ 1, 100, 400, 36 };
  taken[1] = (RingiPlacement){ 2, 523.28, 36, 36 };
  taken[2] = (RingiPlacement){ 1, 530, 50, 36 };
  ringi_seal_slot_next_free (taken, 3, 595.28, &slot);
  g_assert_cmpfloat_with_epsilon (slot.x, 523.28 - RINGI_SEAL_SLOT_SIZE - RINGI_SEAL_SLOT_GAP, 0.001);

  /* A full row goes on below. */
  ringi_seal_slot_next_free (NULL, 0, 100, &taken[0]);
  ringi_seal_slot_next_free (taken, 1, 100, &slot);
  g_assert_cmpfloat (slot.x, ==, taken[0].x);
  g_assert_cmpfloat (slot.y, ==, taken[0].y + RINGI_SEAL_SLOT_SIZE + RINGI_SEAL_SLOT_GAP);
}

int
main (int argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (snapshot_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ringi/seal/snapshot/%s", snapshot_cases[i].file);
      g_test_add_data_func (path, &snapshot_cases[i], test_snapshot);
    }

  g_test_add_func ("/ringi/seal/colour", test_colour);
  g_test_add_func ("/ringi/seal/transparent-outside", test_transparent_outside);
  g_test_add_func ("/ringi/seal/one-char-centre", test_one_char_centre);
  g_test_add_data_func ("/ringi/seal/scale-invariance/name", GINT_TO_POINTER (RINGI_SEAL_NAME), test_scale_invariance);
  g_test_add_data_func ("/ringi/seal/scale-invariance/date", GINT_TO_POINTER (RINGI_SEAL_DATE), test_scale_invariance);
  g_test_add_func ("/ringi/seal/fractional-scale", test_fractional_scale);
  g_test_add_func ("/ringi/seal/png", test_png);
  g_test_add ("/ringi/seal/pdf", PdfFixture, NULL, pdf_setup, test_pdf, pdf_teardown);
  g_test_add_func ("/ringi/seal/recording", test_recording);
  g_test_add_func ("/ringi/seal/valid-names", test_valid_names);
  g_test_add_func ("/ringi/seal/date-seal-from-directory", test_date_seal_from_directory);
  g_test_add_func ("/ringi/seal/slots", test_seal_slots);

  for (guint i = 0; i < G_N_ELEMENTS (invalid_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ringi/seal/invalid/%s", invalid_cases[i].label);
      g_test_add_data_func (path, &invalid_cases[i], test_invalid);
    }

  return g_test_run ();
}
