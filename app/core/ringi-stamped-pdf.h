/* ringi-stamped-pdf.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ringi-seal.h"
#include "ringi-stamp.h"

G_BEGIN_DECLS

/**
 * RingiPlacedSeal:
 * @spec: what the seal shows
 * @placement: where it goes, as a stamp's `Placement:` line says
 */
typedef struct
{
  RingiSealSpec spec;
  RingiPlacement placement;
} RingiPlacedSeal;

gboolean ringi_stamped_pdf_write (GBytes *pdf,
                                  const RingiPlacedSeal *seals,
                                  guint n_seals,
                                  const char *path,
                                  GError **error);

G_END_DECLS
