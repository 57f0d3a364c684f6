/* ringi-pdf-document.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * RingiPdfError:
 * @RINGI_PDF_ERROR_NOT_PDF: the file is not a PDF document at all
 * @RINGI_PDF_ERROR_DAMAGED: the file claims to be a PDF but cannot be read
 *   as one, for example because it was cut short
 * @RINGI_PDF_ERROR_ENCRYPTED: the document is protected by a password and
 *   none was given; ask for one and open it again
 * @RINGI_PDF_ERROR_WRONG_PASSWORD: the password given does not open the
 *   document
 * @RINGI_PDF_ERROR_READ: the file could not be read (missing, no
 *   permission, I/O error)
 * @RINGI_PDF_ERROR_FAILED: poppler or cairo failed on a page of a document
 *   that opened
 *
 * Errors of opening and drawing PDF documents. Messages are for people; a
 * poppler or GIO message, when there is one, follows our sentence.
 */
typedef enum
{
  RINGI_PDF_ERROR_NOT_PDF,
  RINGI_PDF_ERROR_DAMAGED,
  RINGI_PDF_ERROR_ENCRYPTED,
  RINGI_PDF_ERROR_WRONG_PASSWORD,
  RINGI_PDF_ERROR_READ,
  RINGI_PDF_ERROR_FAILED,
} RingiPdfError;

#define RINGI_PDF_ERROR (ringi_pdf_error_quark ())
GQuark ringi_pdf_error_quark (void);

/**
 * RingiPdfRect:
 * @x: left edge, in PDF points from the left of the page
 * @y: top edge, in PDF points from the top of the page
 * @width: width in points
 * @height: height in points
 *
 * A rectangle on a page, unrotated, with the origin at the top left.
 */
typedef struct
{
  double x;
  double y;
  double width;
  double height;
} RingiPdfRect;

/* A match that runs onto the next line has one rectangle per line;
 * poppler matches at most two lines. */
#define RINGI_PDF_MATCH_MAX_RECTS 2

/**
 * RingiPdfMatch:
 * @page: the page index, from 0
 * @n_rects: how many of @rects are used, 1 or 2
 * @rects: the areas of the matched text, one per line
 *
 * One occurrence of the text searched for.
 */
typedef struct
{
  int page;
  guint n_rects;
  RingiPdfRect rects[RINGI_PDF_MATCH_MAX_RECTS];
} RingiPdfMatch;

/**
 * RingiPdfLink:
 * @area: the active area on its page
 * @dest_page: the page index the link goes to, or -1 for a link leaving
 *   the document
 * @dest_y: where on @dest_page, in points from its top, or -1 for its top
 * @uri: (nullable): the address of a link leaving the document
 *
 * A link on a page.
 */
typedef struct
{
  RingiPdfRect area;
  int dest_page;
  double dest_y;
  char *uri;
} RingiPdfLink;

#define RINGI_TYPE_PDF_DOCUMENT (ringi_pdf_document_get_type ())
G_DECLARE_FINAL_TYPE (RingiPdfDocument, ringi_pdf_document, RINGI, PDF_DOCUMENT, GObject)

void ringi_pdf_document_load_file_async (GFile *file,
                                         const char *password,
                                         GCancellable *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer user_data);
void ringi_pdf_document_load_bytes_async (GBytes *bytes,
                                          const char *password,
                                          GCancellable *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer user_data);
RingiPdfDocument *ringi_pdf_document_load_finish (GAsyncResult *result,
                                                  GError **error);
int ringi_pdf_document_get_n_pages (RingiPdfDocument *self);
void ringi_pdf_document_get_page_size (RingiPdfDocument *self,
                                       int page,
                                       double *width,
                                       double *height);
gboolean ringi_pdf_document_get_sizes_known (RingiPdfDocument *self);

void ringi_pdf_document_find_text_async (RingiPdfDocument *self,
                                         const char *text,
                                         GCancellable *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer user_data);
GArray *ringi_pdf_document_find_text_finish (RingiPdfDocument *self,
                                             GAsyncResult *result,
                                             GError **error);

void ringi_pdf_document_get_text_async (RingiPdfDocument *self,
                                        GCancellable *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer user_data);
char *ringi_pdf_document_get_text_finish (RingiPdfDocument *self,
                                          GAsyncResult *result,
                                          GError **error);

void ringi_pdf_document_get_links_async (RingiPdfDocument *self,
                                         int page,
                                         GCancellable *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer user_data);
GArray *ringi_pdf_document_get_links_finish (RingiPdfDocument *self,
                                             GAsyncResult *result,
                                             GError **error);

G_END_DECLS
