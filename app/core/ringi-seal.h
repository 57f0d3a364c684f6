/* ringi-seal.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/**
 * RingiSealStyle:
 * @RINGI_SEAL_NAME: 認印: a round seal with the name set vertically
 * @RINGI_SEAL_DATE: データネーム印: a round seal in three tiers, the
 *   department on top, the date in the middle band, the name below
 *
 * The kinds of seal image (印影) Ringi draws.
 */
typedef enum
{
  RINGI_SEAL_NAME,
  RINGI_SEAL_DATE,
} RingiSealStyle;

/**
 * RingiSealError:
 * @RINGI_SEAL_ERROR_INVALID: the seal description cannot be drawn: a text
 *   is missing, too long or not printable, the date or the colour is wrong
 * @RINGI_SEAL_ERROR_FAILED: cairo could not produce the image
 *
 * Errors of the seal images. The message says which field is wrong.
 */
typedef enum
{
  RINGI_SEAL_ERROR_INVALID,
  RINGI_SEAL_ERROR_FAILED,
} RingiSealError;

#define RINGI_SEAL_ERROR (ringi_seal_error_quark ())
GQuark ringi_seal_error_quark (void);

/* The most characters a name seal holds; real 認印 stop at four. */
#define RINGI_SEAL_NAME_MAX_CHARS 4
/* The most characters of one tier of a date seal; beyond it text is too
 * narrow to read. */
#define RINGI_SEAL_LINE_MAX_CHARS 16
/* 朱肉 vermilion, used when RingiSealSpec.color is %NULL. */
#define RINGI_SEAL_DEFAULT_COLOR "#d0312d"

/**
 * RingiSealSpec:
 * @style: which kind of seal
 * @name: the seal name (usually the surname), 1 to
 *   %RINGI_SEAL_NAME_MAX_CHARS characters for %RINGI_SEAL_NAME, up to
 *   %RINGI_SEAL_LINE_MAX_CHARS for the bottom tier of %RINGI_SEAL_DATE
 * @department: (nullable): the top tier of %RINGI_SEAL_DATE, up to
 *   %RINGI_SEAL_LINE_MAX_CHARS characters; ignored for %RINGI_SEAL_NAME
 * @date: the middle tier of %RINGI_SEAL_DATE, shown as `2026.11.23`;
 *   ignored for %RINGI_SEAL_NAME. A zeroed #GDate is "not set".
 * @color: (nullable): the ink, anything pango_color_parse() accepts
 *   (`#d0312d`, `red`); %NULL for %RINGI_SEAL_DEFAULT_COLOR
 *
 * What a seal shows. The strings are borrowed; zero-initialise the struct
 * and fill the fields the style needs.
 */
typedef struct
{
  RingiSealStyle style;
  const char *name;
  const char *department;
  GDate date;
  const char *color;
} RingiSealSpec;

void ringi_seal_spec_init_date_seal (RingiSealSpec *spec,
                                     const char *seal_name,
                                     const char *department,
                                     const char *login,
                                     GDateTime *time,
                                     GPtrArray *strings);
gboolean ringi_seal_spec_validate (const RingiSealSpec *spec,
                                   GError **error);
void ringi_seal_draw (cairo_t *cr,
                      const RingiSealSpec *spec,
                      double cx,
                      double cy,
                      double diameter);
cairo_surface_t *ringi_seal_render_image (const RingiSealSpec *spec,
                                          int diameter_px,
                                          double scale,
                                          GError **error);
GBytes *ringi_seal_render_png (const RingiSealSpec *spec,
                               int diameter_px,
                               double scale,
                               GError **error);

G_END_DECLS
