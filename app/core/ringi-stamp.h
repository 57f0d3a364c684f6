/* ringi-stamp.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "ringi-workflow.h"

G_BEGIN_DECLS

/**
 * RingiStampError:
 * @RINGI_STAMP_ERROR_MALFORMED: the bytes are not a stamp record in the
 *   canonical form of docs/stamp-format.md; the message names the line
 * @RINGI_STAMP_ERROR_UNSUPPORTED: the record is of a format version this
 *   build does not know
 */
typedef enum
{
  RINGI_STAMP_ERROR_MALFORMED,
  RINGI_STAMP_ERROR_UNSUPPORTED,
} RingiStampError;

#define RINGI_STAMP_ERROR (ringi_stamp_error_quark ())
GQuark ringi_stamp_error_quark (void);

/* The one format version this build reads and writes */
#define RINGI_STAMP_FORMAT_VERSION 1

/**
 * RingiPlacement:
 * @page: the page, counting from 1
 * @x: left edge of the seal's square, in PDF points from the page's left
 * @y: top edge of the seal's square, in PDF points from the page's top
 * @size: side of the square, in PDF points
 *
 * Where a seal is drawn. The numbers are kept to hundredths of a point;
 * see docs/stamp-format.md for the coordinate system.
 */
typedef struct
{
  guint page;
  double x;
  double y;
  double size;
} RingiPlacement;

/**
 * RingiStampFields:
 * @document: the request's document uuid, lower-case
 * @revision: the revision stamped, from 1
 * @document_sha256: sha256 of that revision's PDF, lower-case hex
 * @step: 0 for submit, resubmit and withdraw; else the 1-based route step
 * @action: what the stamp does
 * @to_step: for send-back to an earlier step, that step; 0 otherwise
 * @signer: the login whose key signs
 * @signer_key: the fingerprint of the signing key, 40 upper-case hex
 * @on_behalf_of: (nullable): the login the signer acts for (代理)
 * @time: when; written to the second, in its own offset
 * @previous: (nullable): sha256 of the previous record, or %NULL for the
 *   first stamp
 * @comment_sha256: (nullable): sha256 of the comment, or %NULL without one
 * @route: (nullable): the canonical route; exactly on submit and resubmit
 * @placement: (nullable): where the seal is drawn
 *
 * Everything a stamp says, for ringi_stamp_new().
 */
typedef struct
{
  const char *document;
  guint revision;
  const char *document_sha256;
  guint step;
  RingiAction action;
  guint to_step;
  const char *signer;
  const char *signer_key;
  const char *on_behalf_of;
  GDateTime *time;
  const char *previous;
  const char *comment_sha256;
  const char *route;
  const RingiPlacement *placement;
} RingiStampFields;

typedef struct _RingiStamp RingiStamp;

#define RINGI_TYPE_STAMP (ringi_stamp_get_type ())
GType ringi_stamp_get_type (void) G_GNUC_CONST;

RingiStamp *ringi_stamp_new (const RingiStampFields *fields,
                             GError **error);
RingiStamp *ringi_stamp_parse (GBytes *bytes,
                               GError **error);
RingiStamp *ringi_stamp_ref (RingiStamp *self);
void ringi_stamp_unref (RingiStamp *self);

GBytes *ringi_stamp_to_bytes (RingiStamp *self);
char *ringi_stamp_dup_sha256 (RingiStamp *self);

const char *ringi_stamp_get_document (RingiStamp *self);
guint ringi_stamp_get_revision (RingiStamp *self);
const char *ringi_stamp_get_document_sha256 (RingiStamp *self);
guint ringi_stamp_get_step (RingiStamp *self);
RingiAction ringi_stamp_get_action (RingiStamp *self);
guint ringi_stamp_get_to_step (RingiStamp *self);
const char *ringi_stamp_get_signer (RingiStamp *self);
const char *ringi_stamp_get_signer_key (RingiStamp *self);
const char *ringi_stamp_get_on_behalf_of (RingiStamp *self);
GDateTime *ringi_stamp_get_time (RingiStamp *self);
const char *ringi_stamp_get_previous (RingiStamp *self);
const char *ringi_stamp_get_comment_sha256 (RingiStamp *self);
const char *ringi_stamp_get_route (RingiStamp *self);
const RingiPlacement *ringi_stamp_get_placement (RingiStamp *self);

char *ringi_stamp_hash_comment (const char *comment);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RingiStamp, ringi_stamp_unref)

G_END_DECLS
