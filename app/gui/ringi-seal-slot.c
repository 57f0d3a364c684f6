/* ringi-seal-slot.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Where a new seal goes before the person moves it: the seal boxes of a
 * paper 稟議書 run along the top of the first page from the right, each
 * approver pressing to the left of the seals already there.
 */

#define G_LOG_DOMAIN "ringi-seal-slot"

#include "config.h"

#include "ringi-seal-slot.h"

static gboolean
overlaps (const RingiPlacement *a,
          const RingiPlacement *b)
{
  return a->page == b->page &&
         a->x < b->x + b->size && b->x < a->x + a->size &&
         a->y < b->y + b->size && b->y < a->y + a->size;
}

static gboolean
is_free (const RingiPlacement *slot,
         const RingiPlacement *taken,
         guint n_taken)
{
  for (guint i = 0; i < n_taken; i++)
    if (overlaps (slot, &taken[i]))
      return FALSE;

  return TRUE;
}

/**
 * ringi_seal_slot_next_free:
 * @taken: (array length=n_taken) (nullable): the seals already placed
 * @n_taken: how many
 * @page_width: the width of page 1, in points
 * @slot: (out caller-allocates): the first free box
 *
 * Finds the first box on page 1, from the top right leftwards and then
 * row by row downwards, that no placed seal covers. A page too narrow
 * for a whole row still gets a box at its top left.
 */
void
ringi_seal_slot_next_free (const RingiPlacement *taken,
                           guint n_taken,
                           double page_width,
                           RingiPlacement *slot)
{
  const double step = RINGI_SEAL_SLOT_SIZE + RINGI_SEAL_SLOT_GAP;
  double right = page_width - RINGI_SEAL_SLOT_MARGIN - RINGI_SEAL_SLOT_SIZE;
  guint per_row = right >= RINGI_SEAL_SLOT_MARGIN ? (guint) ((right - RINGI_SEAL_SLOT_MARGIN) / step) + 1 : 1;

  g_return_if_fail (taken != NULL || n_taken == 0);
  g_return_if_fail (slot != NULL);

  right = MAX (right, 0);
  /* n_taken + 1 boxes always hold a free one. */
  for (guint i = 0; i <= n_taken; i++)
    {
      *slot = (RingiPlacement){
        .page = 1,
        .x = right - (i % per_row) * step,
        .y = RINGI_SEAL_SLOT_MARGIN + (i / per_row) * step,
        .size = RINGI_SEAL_SLOT_SIZE,
      };
      if (is_free (slot, taken, n_taken))
        return;
    }
  g_assert_not_reached ();
}
