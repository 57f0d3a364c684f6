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

#include <glib/gi18n-lib.h>
#include <poppler.h>

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

/* The width of the first page of @pdf, in points. poppler 22.12 has no
 * g_autoptr for its types. */
static gboolean
first_page_width (GBytes *pdf,
                  double *width,
                  GError **error)
{
  g_autoptr(GError) local_error = NULL;
  PopplerDocument *document = poppler_document_new_from_bytes (pdf, NULL, &local_error);
  PopplerPage *page = document ? poppler_document_get_page (document, 0) : NULL;
  gboolean found = page != NULL;

  if (found)
    poppler_page_get_size (page, width, NULL);
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The request’s document has no page to stamp: %s"),
                 local_error ? local_error->message : _("it is empty"));

  g_clear_object (&page);
  g_clear_object (&document);
  return found;
}

/* The seals placed on @revision: those of an earlier revision belong to
 * pages that may have changed. */
static GArray *
placements_on (GPtrArray *stamps,
               guint revision)
{
  GArray *taken = g_array_new (FALSE, FALSE, sizeof (RingiPlacement));

  for (guint i = 0; i < stamps->len; i++)
    {
      RingiStoredStamp *stored = stamps->pdata[i];
      g_autoptr(RingiStamp) stamp = ringi_stamp_parse (stored->record, NULL);

      if (stamp != NULL && ringi_stamp_get_revision (stamp) == revision && ringi_stamp_get_placement (stamp) != NULL)
        g_array_append_vals (taken, ringi_stamp_get_placement (stamp), 1);
    }

  return taken;
}

/**
 * ringi_seal_slot_for_request:
 * @store: the profile's store
 * @request_id: a stored request
 * @slot: (out caller-allocates): the first free box
 * @error: return location for a #GError
 *
 * ringi_seal_slot_next_free() for the latest revision of a stored
 * request, with the seals already on it: where an approval made without
 * choosing a place (`ringi-cli approve`) puts its seal, as the request
 * view does before the person moves it.
 *
 * Returns: %TRUE with @slot set
 */
gboolean
ringi_seal_slot_for_request (RingiStore *store,
                             const char *request_id,
                             RingiPlacement *slot,
                             GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GPtrArray) stamps = NULL;
  g_autoptr(GArray) taken = NULL;
  guint revision;
  double width = 0;

  g_return_val_if_fail (RINGI_IS_STORE (store), FALSE);
  g_return_val_if_fail (request_id != NULL, FALSE);
  g_return_val_if_fail (slot != NULL, FALSE);

  revision = ringi_store_get_n_revisions (store, request_id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (revision == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("The document of request %s is not stored here yet"),
                   request_id);
      return FALSE;
    }

  if ((pdf = ringi_store_get_revision (store, request_id, revision, error)) == NULL ||
      !first_page_width (pdf, &width, error) || (stamps = ringi_store_list_stamps (store, request_id, error)) == NULL)
    return FALSE;

  taken = placements_on (stamps, revision);
  ringi_seal_slot_next_free ((RingiPlacement *) (gpointer) taken->data, taken->len, width, slot);
  return TRUE;
}
