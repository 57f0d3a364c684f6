/* ringi-delegation.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * RingiDelegationError:
 * @RINGI_DELEGATION_ERROR_MALFORMED: the bytes are not a delegation record
 *   in the canonical form of docs/stamp-format.md; the message names the
 *   line
 * @RINGI_DELEGATION_ERROR_UNSUPPORTED: the record is of a format version
 *   this build does not know
 */
typedef enum
{
  RINGI_DELEGATION_ERROR_MALFORMED,
  RINGI_DELEGATION_ERROR_UNSUPPORTED,
} RingiDelegationError;

#define RINGI_DELEGATION_ERROR (ringi_delegation_error_quark ())
GQuark ringi_delegation_error_quark (void);

/* The one format version this build reads and writes */
#define RINGI_DELEGATION_FORMAT_VERSION 1

/**
 * RingiDelegationFields:
 * @id: the delegation's uuid, lower-case
 * @from: the delegator, who signs the record
 * @to: the delegate, who may then act on behalf of @from
 * @valid_from: the first instant covered
 * @valid_until: the first instant no longer covered; after @valid_from
 * @signer_key: the fingerprint of @from's key, 40 upper-case hex
 * @time: when the delegation was made
 *
 * Everything a delegation (代理) says, for ringi_delegation_new(). Times
 * are written to the second, each in its own offset.
 */
typedef struct
{
  const char *id;
  const char *from;
  const char *to;
  GDateTime *valid_from;
  GDateTime *valid_until;
  const char *signer_key;
  GDateTime *time;
} RingiDelegationFields;

typedef struct _RingiDelegation RingiDelegation;

#define RINGI_TYPE_DELEGATION (ringi_delegation_get_type ())
GType ringi_delegation_get_type (void) G_GNUC_CONST;

RingiDelegation *ringi_delegation_new (const RingiDelegationFields *fields,
                                       GError **error);
RingiDelegation *ringi_delegation_parse (GBytes *bytes,
                                         GError **error);
RingiDelegation *ringi_delegation_ref (RingiDelegation *self);
void ringi_delegation_unref (RingiDelegation *self);

GBytes *ringi_delegation_to_bytes (RingiDelegation *self);
char *ringi_delegation_dup_sha256 (RingiDelegation *self);

const char *ringi_delegation_get_id (RingiDelegation *self);
const char *ringi_delegation_get_from (RingiDelegation *self);
const char *ringi_delegation_get_to (RingiDelegation *self);
GDateTime *ringi_delegation_get_valid_from (RingiDelegation *self);
GDateTime *ringi_delegation_get_valid_until (RingiDelegation *self);
const char *ringi_delegation_get_signer_key (RingiDelegation *self);
GDateTime *ringi_delegation_get_time (RingiDelegation *self);

gboolean ringi_delegation_covers (RingiDelegation *self,
                                  const char *from,
                                  const char *to,
                                  GDateTime *time);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RingiDelegation, ringi_delegation_unref)

G_END_DECLS
