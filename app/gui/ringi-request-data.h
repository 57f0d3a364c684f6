/* ringi-request-data.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "ringi-profile.h"
#include "ringi-stamp.h"
#include "ringi-stamped-pdf.h"
#include "ringi-workflow.h"

G_BEGIN_DECLS

/**
 * RingiRequestEntry:
 * @stamp: (nullable): the stamp as read; %NULL when the record is not one
 * @sha256: the record's sha256
 * @pending: %TRUE while it waits for the server
 * @comment: (nullable): the comment that came with it
 * @name: the signer's name from the directory, or the login
 * @department: (nullable): the signer's department
 * @seal: (nullable): the signer's seal for this stamp, for the stamps
 *   that press one (submit, approve, acknowledge, resubmit)
 *
 * One stamp of a request's history as the request view shows it.
 */
typedef struct
{
  RingiStamp *stamp;
  char *sha256;
  gboolean pending;
  char *comment;
  char *name;
  char *department;
  cairo_surface_t *seal;
} RingiRequestEntry;

/**
 * RingiRequestData:
 * @info: the request
 * @entries: (element-type RingiRequestEntry): its stamps in chain order,
 *   the accepted ones first
 * @workflow: the state machine replayed over @entries
 * @people: (element-type utf8 RingiUser): the directory's entry of
 *   everyone on the route or in the history that the directory knows
 * @pdf: the latest revision, pending ones included
 * @revision: its number
 * @my_seal: (nullable): the profile's person's seal dated today, framed
 *   as something to move, to place
 *
 * Everything the request view reads from the profile, read off the main
 * thread in one go.
 */
typedef struct
{
  RingiRequestInfo *info;
  GPtrArray *entries;
  RingiWorkflow *workflow;
  GHashTable *people;
  GBytes *pdf;
  guint revision;
  cairo_surface_t *my_seal;
} RingiRequestData;

/* The side of the seal pictures, in pixels: sharp up to about 250 % */
#define RINGI_REQUEST_SEAL_PIXELS 160

void ringi_request_data_free (RingiRequestData *data);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RingiRequestData, ringi_request_data_free)

void ringi_request_data_load_async (RingiProfile *profile,
                                    const char *request_id,
                                    GCancellable *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer user_data);
RingiRequestData *ringi_request_data_load_finish (GAsyncResult *result,
                                                  GError **error);

const char *ringi_request_data_get_name (RingiRequestData *self,
                                         const char *login);
GArray *ringi_request_data_dup_placements (RingiRequestData *self);
GArray *ringi_request_data_dup_placed_seals (RingiRequestData *self,
                                             GPtrArray *strings);

G_END_DECLS
