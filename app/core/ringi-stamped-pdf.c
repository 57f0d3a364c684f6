/* ringi-stamped-pdf.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-stamped-pdf"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <poppler.h>

#include "ringi-bundle.h"
#include "ringi-stamped-pdf.h"

/* Seal images are rendered at this many pixels per PDF point, enough for
 * a crisp print at 300 dpi. */
#define SEAL_PIXELS_PER_POINT 4.0

/* poppler-glib 22.12 declares no g_autoptr cleanups, hence the explicit
 * unrefs in this file. */
/* poppler-glib 22.12 reads a few bytes past the end of the pixels it is
 * given when it converts a stamp image; hand it a copy with a spare row
 * behind the pixels so that the over-read stays inside our buffer. */
static cairo_surface_t *
padded_copy (cairo_surface_t *image,
             guchar **out_buffer)
{
  int width = cairo_image_surface_get_width (image);
  int height = cairo_image_surface_get_height (image);
  int stride = cairo_format_stride_for_width (CAIRO_FORMAT_ARGB32, width);
  cairo_surface_t *copy;
  cairo_t *cr;

  *out_buffer = g_malloc0 ((gsize) stride * (height + 1));
  copy = cairo_image_surface_create_for_data (*out_buffer, CAIRO_FORMAT_ARGB32, width, height, stride);
  cr = cairo_create (copy);
  cairo_set_source_surface (cr, image, 0, 0);
  cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_flush (copy);
  return copy;
}

static gboolean
add_seal (PopplerDocument *document,
          const RingiPlacedSeal *seal,
          GError **error)
{
  PopplerPage *page;
  PopplerAnnot *annot;
  cairo_surface_t *image;
  cairo_surface_t *padded;
  guchar *buffer;
  PopplerRectangle rect;
  double width, height;
  gboolean ok;
  int n_pages = poppler_document_get_n_pages (document);

  if (seal->placement.page < 1 || (int) seal->placement.page > n_pages)
    {
      g_set_error (error, RINGI_BUNDLE_ERROR, RINGI_BUNDLE_ERROR_FORMAT,
                   _("A seal is placed on page %u, but the document has %d pages"),
                   seal->placement.page, n_pages);
      return FALSE;
    }

  page = poppler_document_get_page (document, seal->placement.page - 1);
  poppler_page_get_size (page, &width, &height);

  /* Placements count y downwards from the top of the page; PDF rectangles
   * count upwards from the bottom. */
  rect.x1 = seal->placement.x;
  rect.x2 = seal->placement.x + seal->placement.size;
  rect.y1 = height - seal->placement.y - seal->placement.size;
  rect.y2 = height - seal->placement.y;

  image = ringi_seal_render_image (&seal->spec, (int) (seal->placement.size * SEAL_PIXELS_PER_POINT), 1.0, error);
  if (image == NULL)
    {
      g_object_unref (page);
      return FALSE;
    }

  /* poppler needs the annotation on its page before it takes the image. */
  annot = poppler_annot_stamp_new (document, &rect);
  poppler_page_add_annot (page, annot);
  padded = padded_copy (image, &buffer);
  ok = poppler_annot_stamp_set_custom_image (POPPLER_ANNOT_STAMP (annot), padded, error);
  cairo_surface_destroy (padded);
  g_free (buffer);
  cairo_surface_destroy (image);
  g_object_unref (annot);
  g_object_unref (page);
  return ok;
}

/**
 * ringi_stamped_pdf_write:
 * @pdf: the document's bytes
 * @seals: (array length=n_seals): the seals to add
 * @n_seals: how many
 * @path: where to write the stamped copy
 * @error: return location for a #GError
 *
 * Writes a copy of @pdf with each seal added as a PDF stamp annotation.
 * The copy is written beside @path and renamed over it, so that a reader
 * never sees half a file.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_stamped_pdf_write (GBytes *pdf,
                         const RingiPlacedSeal *seals,
                         guint n_seals,
                         const char *path,
                         GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *tmp_path = g_strconcat (path, ".partial", NULL);
  g_autofree char *uri = NULL;
  PopplerDocument *document;
  gboolean saved;

  g_return_val_if_fail (pdf != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  document = poppler_document_new_from_bytes (pdf, NULL, &local_error);
  if (document == NULL)
    {
      g_set_error (error, RINGI_BUNDLE_ERROR, RINGI_BUNDLE_ERROR_FORMAT,
                   _("The document is not a readable PDF: %s"), local_error->message);
      return FALSE;
    }

  for (guint i = 0; i < n_seals; i++)
    {
      if (!add_seal (document, &seals[i], error))
        {
          g_object_unref (document);
          return FALSE;
        }
    }

  uri = g_filename_to_uri (tmp_path, NULL, error);
  saved = uri != NULL && poppler_document_save (document, uri, error);
  g_object_unref (document);
  if (!saved)
    {
      g_unlink (tmp_path);
      return FALSE;
    }

  if (g_rename (tmp_path, path) != 0)
    {
      int saved_errno = errno;

      g_unlink (tmp_path);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not write “%s”: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}
