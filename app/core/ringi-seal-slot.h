/* ringi-seal-slot.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "ringi-stamp.h"
#include "ringi-store.h"

G_BEGIN_DECLS

/* A 認印 of about 12 mm, the size ringi-cli gives a seal too */
#define RINGI_SEAL_SLOT_SIZE 36.0
/* From the page's top and right edges to the first box */
#define RINGI_SEAL_SLOT_MARGIN 36.0
/* Between two boxes */
#define RINGI_SEAL_SLOT_GAP 6.0

void ringi_seal_slot_next_free (const RingiPlacement *taken,
                                guint n_taken,
                                double page_width,
                                RingiPlacement *slot);
gboolean ringi_seal_slot_for_request (RingiStore *store,
                                      const char *request_id,
                                      RingiPlacement *slot,
                                      GError **error);

G_END_DECLS
