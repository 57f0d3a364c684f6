/* ringi-attendance-pdf.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-attendance-pdf"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "ringi-attendance-pdf.h"
#include "ringi-punch.h"

/* The documents of attendance requests, so that approvers see what they
 * approve: the month's timesheet for a 勤務月報 (monthly close), a short
 * form for a correction or a leave request. A4, drawn with cairo and
 * pango, one or more pages. */

#define PAGE_WIDTH  595.0 /* A4 in points */
#define PAGE_HEIGHT 842.0
#define MARGIN      48.0
#define LINE_HEIGHT 15.0

typedef struct
{
  cairo_surface_t *surface;
  cairo_t *cr;
  GByteArray *bytes;
  double y;
} Page;

static cairo_status_t
write_cb (void *closure,
          const unsigned char *data,
          unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static void
page_init (Page *page)
{
  page->bytes = g_byte_array_new ();
  page->surface = cairo_pdf_surface_create_for_stream (write_cb, page->bytes, PAGE_WIDTH, PAGE_HEIGHT);
  page->cr = cairo_create (page->surface);
  page->y = MARGIN;
}

#define CONTENT_WIDTH (PAGE_WIDTH - 2 * MARGIN)

/* Draws @text at @x on the current line, wrapped to @width points (to
 * the right margin when 0, not at all when negative); returns its
 * height. */
static double
draw_text_wrapped (Page *page,
                   double x,
                   double width,
                   const char *text,
                   const char *font)
{
  PangoLayout *layout = pango_cairo_create_layout (page->cr);
  PangoFontDescription *description = pango_font_description_from_string (font);
  int height = 0;

  /* Font sizes in the page's own points, not at the screen's 96 dpi */
  pango_cairo_context_set_resolution (pango_layout_get_context (layout), 72);
  pango_layout_context_changed (layout);
  pango_layout_set_font_description (layout, description);
  if (width >= 0)
    pango_layout_set_width (layout, (int) ((width > 0 ? width : MARGIN + CONTENT_WIDTH - x) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text, -1);
  cairo_move_to (page->cr, x, page->y);
  pango_cairo_show_layout (page->cr, layout);
  pango_layout_get_size (layout, NULL, &height);
  pango_font_description_free (description);
  g_object_unref (layout);
  return (double) height / PANGO_SCALE;
}

static double
draw_text (Page *page,
           double x,
           const char *text,
           const char *font)
{
  return draw_text_wrapped (page, x, 0, text, font);
}

static void
next_line (Page *page,
           double height)
{
  page->y += height;
  if (page->y > PAGE_HEIGHT - MARGIN)
    {
      cairo_show_page (page->cr);
      page->y = MARGIN;
    }
}

static GBytes *
page_finish (Page *page,
             GError **error)
{
  cairo_status_t status;

  cairo_destroy (page->cr);
  cairo_surface_finish (page->surface);
  status = cairo_surface_status (page->surface);
  cairo_surface_destroy (page->surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_byte_array_unref (page->bytes);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not draw the document (%s)"),
                   cairo_status_to_string (status));
      return NULL;
    }

  return g_byte_array_free_to_bytes (page->bytes);
}

static char *
minutes (guint value)
{
  return g_strdup_printf ("%u:%02u", value / 60, value % 60);
}

static char *
clock_of (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;

  if (time == NULL)
    return g_strdup ("—");
  local = g_date_time_to_timezone (time, ringi_attendance_get_time_zone ());
  return g_date_time_format (local, "%H:%M");
}

/* Columns: date, place, start, end, break, time out, work, overtime,
 * late night, holiday work, flags (to the margin, wrapped) */
static const double columns[] = { 0, 62, 110, 146, 182, 216, 250, 288, 324, 358, 392 };

static void
draw_row (Page *page,
          const char *const *cells,
          const char *font)
{
  double height = LINE_HEIGHT;

  for (guint i = 0; i < G_N_ELEMENTS (columns) && cells[i] != NULL; i++)
    {
      /* the flags wrap at the margin; the numbers fit their columns */
      double width = i + 1 < G_N_ELEMENTS (columns) ? -1 : 0;

      height = MAX (height, draw_text_wrapped (page, MARGIN + columns[i], width, cells[i], font) + 3);
    }
  next_line (page, height);
}

static void
draw_day (Page *page,
          const RingiAttendanceDay *day)
{
  char date[16];
  g_autofree char *start = clock_of (day->start);
  g_autofree char *end = clock_of (day->end);
  g_autofree char *breaks = minutes (day->break_min);
  g_autofree char *out = minutes (day->time_out_min);
  g_autofree char *work = minutes (day->work_min);
  g_autofree char *over = minutes (day->overtime_min);
  g_autofree char *night = minutes (day->late_night_min);
  g_autofree char *holiday = minutes (day->holiday_min);
  GString *flags = g_string_new (NULL);
  g_autofree char *flag_text = NULL;
  const char *cells[12];

  g_date_strftime (date, sizeof date, "%m/%d %a", &day->date);
  for (guint bit = 1; bit <= RINGI_ATTENDANCE_FLAG_CLOCK_SKEW; bit <<= 1)
    if (day->flags & bit)
      g_string_append_printf (flags, "%s%s", flags->len ? " " : "", ringi_attendance_flag_to_string (bit));
  flag_text = g_string_free (flags, FALSE);

  cells[0] = date;
  cells[1] = day->clocked_in ? ringi_punch_place_get_label (day->place) : "—";
  cells[2] = start;
  cells[3] = end;
  cells[4] = breaks;
  cells[5] = out;
  cells[6] = work;
  cells[7] = over;
  cells[8] = night;
  cells[9] = holiday;
  cells[10] = flag_text;
  cells[11] = NULL;
  draw_row (page, cells, "Sans 9");
}

static void
draw_totals (Page *page,
             const RingiTimesheet *sheet)
{
  const RingiAttendanceTotals *t = &sheet->summary.totals;
  g_autofree char *work = minutes (t->work_min);
  g_autofree char *over = minutes (t->overtime_min);
  g_autofree char *legal = minutes (t->legal_overtime_min);
  g_autofree char *night = minutes (t->late_night_min);
  g_autofree char *holiday = minutes (t->holiday_min);
  g_autofree char *line = g_strdup_printf (_("Days worked %u (telework %u) · work %s · overtime %s (legal %s) · late night %s · holiday work %s"),
                                           t->days_worked, t->telework_days, work, over, legal, night, holiday);

  next_line (page, LINE_HEIGHT / 2);
  next_line (page, draw_text (page, MARGIN, line, "Sans 10") + LINE_HEIGHT / 2);

  for (guint i = 0; i < sheet->alerts->len; i++)
    {
      g_autofree char *alert = ringi_attendance_alert_describe (&g_array_index (sheet->alerts, RingiAttendanceAlert, i));

      next_line (page, draw_text (page, MARGIN, alert, "Sans Bold 10") + 4);
    }
}

/**
 * ringi_attendance_pdf_timesheet:
 * @sheet: a month's timesheet
 * @display_name: the person's name, e.g. 佐藤 花子
 * @error: return location for a #GError
 *
 * Draws the timesheet (勤務表) the monthly close submits.
 *
 * Returns: (transfer full): the PDF's bytes, or %NULL with @error set
 */
GBytes *
ringi_attendance_pdf_timesheet (const RingiTimesheet *sheet,
                                const char *display_name,
                                GError **error)
{
  g_autofree char *title = NULL;
  const char *header[] = { _("Date"), _("Place"), _("Start"), _("End"), _("Break"), _("Out"),
                           _("Work"), _("Over"), _("Night"), _("Hol."), _("Flags"), NULL };
  Page page;

  g_return_val_if_fail (sheet != NULL, NULL);

  title = g_strdup_printf (_("Timesheet %04d-%02d — %s (%s)"), sheet->year, sheet->month,
                           display_name ? display_name : sheet->login, sheet->login);
  page_init (&page);
  next_line (&page, draw_text (&page, MARGIN, title, "Sans Bold 16") + LINE_HEIGHT / 2);
  draw_row (&page, header, "Sans Bold 9");
  for (guint i = 0; i < sheet->days->len; i++)
    draw_day (&page, &g_array_index (sheet->days, RingiAttendanceDay, i));
  draw_totals (&page, sheet);
  return page_finish (&page, error);
}

/**
 * ringi_attendance_pdf_form:
 * @title: the form's title, e.g. 打刻修正申請
 * @lines: (array zero-terminated=1): what the request asks, line by line
 * @error: return location for a #GError
 *
 * Draws a one-page request form: a correction (打刻修正申請) or a leave
 * request (休暇申請).
 *
 * Returns: (transfer full): the PDF's bytes, or %NULL with @error set
 */
GBytes *
ringi_attendance_pdf_form (const char *title,
                           const char *const *lines,
                           GError **error)
{
  Page page;

  g_return_val_if_fail (title != NULL && lines != NULL, NULL);

  page_init (&page);
  next_line (&page, draw_text (&page, MARGIN, title, "Sans Bold 18") + LINE_HEIGHT);
  for (guint i = 0; lines[i] != NULL; i++)
    next_line (&page, draw_text (&page, MARGIN, lines[i], "Sans 12") + LINE_HEIGHT / 2);
  return page_finish (&page, error);
}
