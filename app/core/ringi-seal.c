/* ringi-seal.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-seal"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "ringi-seal.h"

/* Proportions of the seal, as fractions of its diameter. */
#define RING_WIDTH    0.045
#define RING_GAP      0.025 /* between the ring and the text */
#define DIVIDER_WIDTH 0.030 /* the two lines of a date seal */
#define BAND_HALF     0.135 /* half the height of the date band */
#define TIER_GAP      0.030 /* between a divider and the text of a tier */

/* Text is laid out at this size and scaled by cairo, so the look does not
 * depend on the size the seal is drawn at. */
#define LAYOUT_EM 100.0

/* The faces Ringi prefers: a Mincho first, as seal engravers use serif
 * forms, then whatever the system has. */
#define SEAL_FONT "Noto Serif CJK JP, Noto Sans CJK JP, serif Bold"

G_DEFINE_QUARK (ringi-seal-error-quark, ringi_seal_error)

/* Whether @text is 1 to @max_chars printable characters: a space or a
 * control character would leave a hole in the carved face. */
static gboolean
text_fits (const char *text,
           guint max_chars)
{
  if (text == NULL || *text == '\0' || !g_utf8_validate (text, -1, NULL))
    return FALSE;

  if (g_utf8_strlen (text, -1) > max_chars)
    return FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (!g_unichar_isgraph (g_utf8_get_char (p)))
        return FALSE;
    }

  return TRUE;
}

static gboolean
parse_color (const char *color,
             double rgb[3],
             GError **error)
{
  PangoColor parsed;

  if (!pango_color_parse (&parsed, color != NULL ? color : RINGI_SEAL_DEFAULT_COLOR))
    {
      g_set_error (error, RINGI_SEAL_ERROR, RINGI_SEAL_ERROR_INVALID,
                   _("“%s” is not a colour a seal can be drawn in"), color);
      return FALSE;
    }

  rgb[0] = parsed.red / 65535.0;
  rgb[1] = parsed.green / 65535.0;
  rgb[2] = parsed.blue / 65535.0;
  return TRUE;
}

static gboolean
check_date_seal (const RingiSealSpec *spec,
                 GError **error)
{
  if (!text_fits (spec->department, RINGI_SEAL_LINE_MAX_CHARS))
    {
      g_set_error (error, RINGI_SEAL_ERROR, RINGI_SEAL_ERROR_INVALID,
                   _("A date seal needs a department of 1 to %u characters, without spaces"),
                   RINGI_SEAL_LINE_MAX_CHARS);
      return FALSE;
    }

  /* A zeroed GDate is "cleared": g_date_valid() refuses it without a
   * warning, which is how an unset date is told apart. */
  if (!g_date_valid (&spec->date) || g_date_get_year (&spec->date) > 9999)
    {
      g_set_error_literal (error, RINGI_SEAL_ERROR, RINGI_SEAL_ERROR_INVALID,
                           _("A date seal needs a valid date"));
      return FALSE;
    }

  if (!text_fits (spec->name, RINGI_SEAL_LINE_MAX_CHARS))
    {
      g_set_error (error, RINGI_SEAL_ERROR, RINGI_SEAL_ERROR_INVALID,
                   _("A date seal needs a name of 1 to %u characters, without spaces"),
                   RINGI_SEAL_LINE_MAX_CHARS);
      return FALSE;
    }

  return TRUE;
}

/* A seal carries no space or control character and at most @max_chars
 * (ringi_seal_spec_validate()); the directory's texts are cleaned to fit,
 * rather than losing the seal. */
static char *
seal_text (const char *text,
           guint max_chars)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  GString *clean = g_string_new (NULL);
  guint n = 0;

  for (const char *p = valid; *p != '\0' && n < max_chars; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isgraph (c))
        {
          g_string_append_unichar (clean, c);
          n++;
        }
    }

  return g_string_free (clean, FALSE);
}

/**
 * ringi_seal_spec_init_date_seal:
 * @spec: (out caller-allocates): the seal to fill
 * @seal_name: (nullable): the person's seal name from the directory
 * @department: (nullable): the person's department
 * @login: the person's login, the name when @seal_name has nothing
 *   printable
 * @time: the day the seal shows
 * @strings: receives the strings @spec borrows
 *
 * Describes the date seal (データネーム印) of a stamp, the same on screen
 * and in the evidence bundle's `stamped.pdf`: the department above, the
 * date, the seal name below, each cleaned to what a seal can hold.
 */
void
ringi_seal_spec_init_date_seal (RingiSealSpec *spec,
                                const char *seal_name,
                                const char *department,
                                const char *login,
                                GDateTime *time,
                                GPtrArray *strings)
{
  char *name = seal_text (seal_name, RINGI_SEAL_LINE_MAX_CHARS);
  char *top = seal_text (department, RINGI_SEAL_LINE_MAX_CHARS);

  g_return_if_fail (spec != NULL);
  g_return_if_fail (login != NULL);
  g_return_if_fail (time != NULL);
  g_return_if_fail (strings != NULL);

  if (*name == '\0')
    {
      g_free (name);
      name = seal_text (login, RINGI_SEAL_LINE_MAX_CHARS);
    }
  if (*top == '\0')
    {
      g_free (top);
      top = g_strdup ("-");
    }
  g_ptr_array_add (strings, name);
  g_ptr_array_add (strings, top);

  *spec = (RingiSealSpec){ .style = RINGI_SEAL_DATE, .name = name, .department = top };
  g_date_clear (&spec->date, 1);
  g_date_set_dmy (&spec->date, g_date_time_get_day_of_month (time), g_date_time_get_month (time),
                  g_date_time_get_year (time));
}

/**
 * ringi_seal_spec_validate:
 * @spec: a seal description
 * @error: return location for a #RINGI_SEAL_ERROR_INVALID
 *
 * Checks that @spec can be drawn: a name seal holds 1 to
 * %RINGI_SEAL_NAME_MAX_CHARS printable characters; a date seal needs a
 * department, a name and a valid date; the colour, if given, must parse.
 *
 * Returns: %TRUE if ringi_seal_draw() accepts @spec
 */
gboolean
ringi_seal_spec_validate (const RingiSealSpec *spec,
                          GError **error)
{
  double rgb[3];

  g_return_val_if_fail (spec != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!parse_color (spec->color, rgb, error))
    return FALSE;

  switch (spec->style)
    {
    case RINGI_SEAL_NAME:
      if (!text_fits (spec->name, RINGI_SEAL_NAME_MAX_CHARS))
        {
          g_set_error (error, RINGI_SEAL_ERROR, RINGI_SEAL_ERROR_INVALID,
                       _("A name seal needs a name of 1 to %u characters, without spaces"),
                       RINGI_SEAL_NAME_MAX_CHARS);
          return FALSE;
        }
      return TRUE;

    case RINGI_SEAL_DATE:
      return check_date_seal (spec, error);

    default:
      g_set_error (error, RINGI_SEAL_ERROR, RINGI_SEAL_ERROR_INVALID,
                   _("Unknown seal style %d"), (int) spec->style);
      return FALSE;
    }
}

static PangoLayout *
create_layout (cairo_t *cr)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoContext *context = pango_layout_get_context (layout);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (SEAL_FONT);
  cairo_font_options_t *options = cairo_font_options_create ();

  /* Unhinted outlines at unrounded positions: the seal then has the same
   * shape at every size and on every surface, which HiDPI screens, PDF
   * and the snapshot tests all rely on. */
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);
  pango_context_set_round_glyph_positions (context, FALSE);
  /* Japanese glyph forms when a fallback face covers several languages. */
  pango_context_set_language (context, pango_language_from_string ("ja"));

  pango_font_description_set_absolute_size (font, LAYOUT_EM * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_layout_context_changed (layout);
  return layout;
}

/* Whether the target keeps text as text, so a PDF of a stamped document
 * stays searchable. Raster targets get outlines instead: cairo 1.16 puts
 * glyphs on whole device pixels, which shifts the name by up to half a
 * pixel and makes the 1× and 2× seals differ. */
static gboolean
target_keeps_text (cairo_t *cr)
{
  switch (cairo_surface_get_type (cairo_get_target (cr)))
    {
    case CAIRO_SURFACE_TYPE_PDF:
    case CAIRO_SURFACE_TYPE_PS:
    case CAIRO_SURFACE_TYPE_SVG:
    case CAIRO_SURFACE_TYPE_RECORDING:
    case CAIRO_SURFACE_TYPE_SCRIPT:
      return TRUE;

    default:
      return FALSE;
    }
}

/* Draws @text into @box: its height is one em, its width the advance of
 * the text, narrowed to fit and widened up to @max_widen times the height
 * scale. The ink is centred in the box, as an engraver would place it. */
static void
draw_text_in_box (cairo_t *cr,
                  PangoLayout *layout,
                  const char *text,
                  const cairo_rectangle_t *box,
                  double max_widen)
{
  PangoRectangle ink;
  PangoRectangle logical;
  double scale_y = box->height / LAYOUT_EM;
  double scale_x = scale_y;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_extents (layout, &ink, &logical);
  if (ink.width <= 0 || ink.height <= 0)
    return;

  if (logical.width > 0)
    scale_x = MIN (box->width / pango_units_to_double (logical.width), scale_y * max_widen);

  cairo_save (cr);
  cairo_translate (cr, box->x + box->width / 2, box->y + box->height / 2);
  cairo_scale (cr, scale_x, scale_y);
  cairo_translate (cr,
                   -pango_units_to_double (ink.x + ink.width / 2),
                   -pango_units_to_double (ink.y + ink.height / 2));
  /* No pango_cairo_update_layout(): under a stretched matrix pango would
   * lay the glyphs out again for that matrix, and the advances would no
   * longer match what was measured. Hinting is off, so nothing is lost. */
  if (target_keeps_text (cr))
    {
      pango_cairo_show_layout (cr, layout);
    }
  else
    {
      pango_cairo_layout_path (cr, layout);
      cairo_fill (cr);
    }
  cairo_restore (cr);
}

/* Half the width of the circle of @radius at height @y. */
static double
half_chord (double radius,
            double y)
{
  return y >= radius ? 0.0 : sqrt (radius * radius - y * y);
}

/* One to three characters stacked top to bottom. Each row is as tall as
 * the others and as wide as the circle allows at its outer edge, so the
 * name fills the round face like a carved seal. */
static void
draw_name_column (cairo_t *cr,
                  PangoLayout *layout,
                  GPtrArray *chars,
                  double radius)
{
  /* Height of the column as a fraction of the inner diameter, by count. */
  static const double column_fill[] = { 0.0, 0.70, 0.88, 0.92 };
  /* How much wider than tall a character may become (平体). */
  static const double max_widen[] = { 0.0, 1.0, 1.25, 1.45 };
  guint n = chars->len;
  double row_height = 2 * radius * column_fill[n] / n;
  double top = -row_height * n / 2;

  for (guint i = 0; i < n; i++)
    {
      double y0 = top + i * row_height;
      double y1 = y0 + row_height;
      double half = n == 1 ? row_height / 2 : half_chord (radius, MAX (fabs (y0), fabs (y1)));
      cairo_rectangle_t box = { -half, y0, 2 * half, row_height };

      draw_text_in_box (cr, layout, g_ptr_array_index (chars, i), &box, max_widen[n]);
    }
}

/* Four characters in two columns, read right column first, top to
 * bottom, as a vertical Japanese text is. */
static void
draw_name_grid (cairo_t *cr,
                PangoLayout *layout,
                GPtrArray *chars,
                double radius)
{
  double cell = radius * G_SQRT2 / 2 * 0.98;

  for (guint i = 0; i < 4; i++)
    {
      double x = i < 2 ? 0.0 : -cell;
      double y = (i % 2 == 0) ? -cell : 0.0;
      cairo_rectangle_t box = { x, y, cell, cell };

      draw_text_in_box (cr, layout, g_ptr_array_index (chars, i), &box, 1.0);
    }
}

static GPtrArray *
split_chars (const char *text)
{
  GPtrArray *chars = g_ptr_array_new_with_free_func (g_free);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    g_ptr_array_add (chars, g_strndup (p, g_utf8_next_char (p) - p));
  return chars;
}

static void
draw_name_seal (cairo_t *cr,
                PangoLayout *layout,
                const RingiSealSpec *spec,
                double diameter)
{
  g_autoptr(GPtrArray) chars = split_chars (spec->name);
  double radius = diameter * (0.5 - RING_WIDTH - RING_GAP);

  if (chars->len == 4)
    draw_name_grid (cr, layout, chars, radius);
  else
    draw_name_column (cr, layout, chars, radius);
}

/* The box of a tier of a date seal: the text sits @edge away from the
 * centre (a divider plus a gap) and grows outwards, in direction @sign.
 * Long text is first condensed (長体), down to @min_condense of its
 * width; beyond that the box gets lower, which also makes it wider. */
static cairo_rectangle_t
fit_tier (PangoLayout *layout,
          const char *text,
          double radius,
          double edge,
          double sign,
          double height)
{
  const double min_condense = 0.6;
  PangoRectangle logical;
  double em_width;
  double half = 0;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_extents (layout, NULL, &logical);
  em_width = pango_units_to_double (logical.width) / LAYOUT_EM;

  for (guint i = 0; i < 12; i++)
    {
      half = half_chord (radius, edge + height) * 0.92;
      if (em_width * height * min_condense <= 2 * half)
        break;
      height *= 0.9;
    }

  if (sign < 0)
    return (cairo_rectangle_t){ -half, -(edge + height), 2 * half, height };
  return (cairo_rectangle_t){ -half, edge, 2 * half, height };
}

static void
draw_dividers (cairo_t *cr,
               double radius,
               double band_half,
               double line_width)
{
  cairo_save (cr);
  cairo_arc (cr, 0, 0, radius, 0, 2 * G_PI);
  cairo_clip (cr);
  cairo_set_line_width (cr, line_width);
  cairo_move_to (cr, -radius, -band_half);
  cairo_line_to (cr, radius, -band_half);
  cairo_move_to (cr, -radius, band_half);
  cairo_line_to (cr, radius, band_half);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_date_seal (cairo_t *cr,
                PangoLayout *layout,
                const RingiSealSpec *spec,
                double diameter)
{
  double inner = diameter * (0.5 - RING_WIDTH);
  double radius = diameter * (0.5 - RING_WIDTH - RING_GAP);
  double band_half = diameter * BAND_HALF;
  double edge = band_half + diameter * (DIVIDER_WIDTH / 2 + TIER_GAP);
  double tier_height = (radius - edge) * 0.68;
  double date_height = 2 * band_half * 0.62;
  g_autofree char *date = g_strdup_printf ("%04u.%02u.%02u",
                                           g_date_get_year (&spec->date),
                                           g_date_get_month (&spec->date),
                                           g_date_get_day (&spec->date));
  cairo_rectangle_t date_box = { -half_chord (inner, band_half) * 0.80, -date_height / 2,
                                 half_chord (inner, band_half) * 1.60, date_height };
  cairo_rectangle_t box;

  draw_dividers (cr, inner, band_half, diameter * DIVIDER_WIDTH);

  box = fit_tier (layout, spec->department, radius, edge, -1, tier_height);
  draw_text_in_box (cr, layout, spec->department, &box, 1.0);
  draw_text_in_box (cr, layout, date, &date_box, 1.0);
  box = fit_tier (layout, spec->name, radius, edge, +1, tier_height);
  draw_text_in_box (cr, layout, spec->name, &box, 1.0);
}

/**
 * ringi_seal_draw:
 * @cr: where to draw; any surface (image, PDF, recording) and transform
 * @spec: a seal that ringi_seal_spec_validate() accepts
 * @cx: horizontal centre, in user units of @cr
 * @cy: vertical centre, in user units of @cr
 * @diameter: outer diameter of the ring, in user units of @cr
 *
 * Draws the seal image in its ink colour over what is on @cr. On PDF, PS,
 * SVG and recording surfaces the text stays text, so a stamped PDF keeps
 * the name and the date searchable; on raster surfaces it is filled as
 * outlines placed to a fraction of a pixel. The state of @cr, its current
 * path included, is left as it was.
 */
void
ringi_seal_draw (cairo_t *cr,
                 const RingiSealSpec *spec,
                 double cx,
                 double cy,
                 double diameter)
{
  g_autoptr(PangoLayout) layout = NULL;
  cairo_path_t *caller_path;
  double rgb[3];

  g_return_if_fail (cr != NULL);
  g_return_if_fail (spec != NULL);
  g_return_if_fail (diameter > 0);
  g_return_if_fail (ringi_seal_spec_validate (spec, NULL));

  parse_color (spec->color, rgb, NULL);

  /* cairo_save() keeps everything but the path. */
  caller_path = cairo_copy_path (cr);
  cairo_new_path (cr);
  cairo_save (cr);
  cairo_translate (cr, cx, cy);
  cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);

  cairo_set_line_width (cr, diameter * RING_WIDTH);
  cairo_arc (cr, 0, 0, diameter * (1 - RING_WIDTH) / 2, 0, 2 * G_PI);
  cairo_stroke (cr);

  layout = create_layout (cr);
  if (spec->style == RINGI_SEAL_NAME)
    draw_name_seal (cr, layout, spec, diameter);
  else
    draw_date_seal (cr, layout, spec, diameter);

  cairo_restore (cr);
  cairo_new_path (cr);
  cairo_append_path (cr, caller_path);
  cairo_path_destroy (caller_path);
}

/**
 * ringi_seal_render_image:
 * @spec: a seal description
 * @diameter_px: the diameter in logical pixels, 1 to 4096
 * @scale: the device scale (2 on a HiDPI screen), 0.25 to 8
 * @error: return location for a #RingiSealError
 *
 * Draws the seal on a transparent ARGB32 image of @diameter_px × @scale
 * device pixels whose device scale is @scale, so it can be painted at
 * @diameter_px logical pixels.
 *
 * Returns: (transfer full) (nullable): the image, or %NULL if @spec is
 *   invalid or cairo failed
 */
cairo_surface_t *
ringi_seal_render_image (const RingiSealSpec *spec,
                         int diameter_px,
                         double scale,
                         GError **error)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  int size;

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (diameter_px > 0 && diameter_px <= 4096, NULL);
  g_return_val_if_fail (scale >= 0.25 && scale <= 8, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!ringi_seal_spec_validate (spec, error))
    return NULL;

  size = (int) ceil (diameter_px * scale);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, size, size);
  cairo_surface_set_device_scale (surface, scale, scale);
  cr = cairo_create (surface);
  ringi_seal_draw (cr, spec, diameter_px / 2.0, diameter_px / 2.0, diameter_px);
  status = cairo_status (cr);
  cairo_destroy (cr);

  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, RINGI_SEAL_ERROR, RINGI_SEAL_ERROR_FAILED,
                   _("Could not draw the seal image: %s"),
                   cairo_status_to_string (status));
      cairo_surface_destroy (surface);
      return NULL;
    }

  return surface;
}

static cairo_status_t
append_to_array (void *closure,
                 const unsigned char *data,
                 unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/**
 * ringi_seal_render_png:
 * @spec: a seal description
 * @diameter_px: the diameter in logical pixels, 1 to 4096
 * @scale: the device scale, 0.25 to 8
 * @error: return location for a #RingiSealError
 *
 * Like ringi_seal_render_image(), encoded as PNG with a transparent
 * background. The PNG has @diameter_px × @scale pixels on a side.
 *
 * Returns: (transfer full) (nullable): the PNG bytes, or %NULL on error
 */
GBytes *
ringi_seal_render_png (const RingiSealSpec *spec,
                       int diameter_px,
                       double scale,
                       GError **error)
{
  g_autoptr(GByteArray) png = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  surface = ringi_seal_render_image (spec, diameter_px, scale, error);
  if (surface == NULL)
    return NULL;

  png = g_byte_array_new ();
  status = cairo_surface_write_to_png_stream (surface, append_to_array, png);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, RINGI_SEAL_ERROR, RINGI_SEAL_ERROR_FAILED,
                   _("Could not encode the seal image: %s"),
                   cairo_status_to_string (status));
      return NULL;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&png));
}
