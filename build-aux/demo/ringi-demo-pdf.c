/* ringi-demo-pdf.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writes a sample 稟議書 (request form) as a one-page A4 PDF, for the
 * demo organisation of `build-aux/dev run`:
 *   ringi-demo-pdf OUT.pdf TITLE DEPARTMENT AMOUNT COUNTERPARTY
 */

#define G_LOG_DOMAIN "ringi-demo-pdf"

#include "config.h"

#include <cairo-pdf.h>
#include <glib.h>
#include <pango/pangocairo.h>

#define A4_WIDTH  595.28
#define A4_HEIGHT 841.89
#define MARGIN    56.0

static void
show_text (cairo_t *cr,
           const char *text,
           double x,
           double y,
           double size,
           gboolean bold)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string ("Noto Serif CJK JP, serif");

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) ((A4_WIDTH - x - MARGIN) * PANGO_SCALE));
  pango_layout_set_text (layout, text, -1);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  pango_font_description_free (font);
  g_object_unref (layout);
}

/* The row of empty boxes at the top right where approvers press their
 * seals, as on a paper form. */
static void
draw_seal_boxes (cairo_t *cr)
{
  static const char *labels[] = { "係長", "課長", "部長", "決裁" };
  double box = 56, top = MARGIN, left = A4_WIDTH - MARGIN - box * G_N_ELEMENTS (labels);

  cairo_set_line_width (cr, 0.8);
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      cairo_rectangle (cr, left + i * box, top, box, 14);
      cairo_rectangle (cr, left + i * box, top + 14, box, box);
      show_text (cr, labels[i], left + i * box + 18, top + 1, 9, FALSE);
    }
  cairo_stroke (cr);
}

static void
draw_form (cairo_t *cr,
           char **argv)
{
  g_autofree char *amount = g_strdup_printf ("金額：%s 円", argv[4]);
  g_autofree char *counterparty = g_strdup_printf ("相手方：%s", argv[5]);
  g_autofree char *department = g_strdup_printf ("起案課：%s", argv[3]);

  cairo_set_source_rgb (cr, 0, 0, 0);
  draw_seal_boxes (cr);
  show_text (cr, "稟 議 書", MARGIN, 150, 24, TRUE);
  show_text (cr, argv[2], MARGIN, 200, 16, TRUE);
  show_text (cr, department, MARGIN, 240, 11, FALSE);
  show_text (cr, amount, MARGIN, 260, 11, FALSE);
  show_text (cr, counterparty, MARGIN, 280, 11, FALSE);
  show_text (cr,
             "標記の件について、下記のとおり執行したいので伺います。\n\n"
             "1. 目的　業務の円滑な遂行のため。\n"
             "2. 内容　別紙見積書のとおり。\n"
             "3. 予算　当該年度予算の範囲内で執行する。\n\n"
             "This is a sample request made for the Ringi demonstration.",
             MARGIN, 320, 11, FALSE);
}

int
main (int argc,
      char *argv[])
{
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;

  if (argc != 6)
    {
      g_printerr ("Usage: %s OUT.pdf TITLE DEPARTMENT AMOUNT COUNTERPARTY\n", argv[0]);
      return 2;
    }

  surface = cairo_pdf_surface_create (argv[1], A4_WIDTH, A4_HEIGHT);
  cr = cairo_create (surface);
  draw_form (cr, argv);
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_printerr ("%s: %s\n", argv[1], cairo_status_to_string (status));
      return 1;
    }

  return 0;
}
