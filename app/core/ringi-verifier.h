/* ringi-verifier.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ringi-keyring.h"
#include "ringi-stamp.h"
#include "ringi-verify-cache.h"

G_BEGIN_DECLS

/**
 * RingiStampStatus:
 * @RINGI_STAMP_VALID: signed by the key the directory binds to the
 *   signer, in its place in the chain, on the revision's exact bytes, and
 *   allowed by the route at that point
 * @RINGI_STAMP_MALFORMED: the record is not a canonical stamp record
 * @RINGI_STAMP_BAD_SIGNATURE: the signature does not match the record's
 *   bytes, or is not a signature
 * @RINGI_STAMP_UNKNOWN_KEY: the signing key is not in the keyring
 * @RINGI_STAMP_KEY_NOT_BOUND: the directory binds another key (or none) to
 *   the signer, or the signature was made with another key than
 *   `Signer-Key`
 * @RINGI_STAMP_CHAIN_BROKEN: `Previous` does not name the record before
 *   (a stamp missing, inserted or reordered), the first stamp is not a
 *   submit with `Previous: none`, or the stamp is of another document
 * @RINGI_STAMP_DOCUMENT_CHANGED: `Document-SHA256` is not the sha256 of
 *   that revision's bytes, or the revision is unknown
 * @RINGI_STAMP_DELEGATION_INVALID: `On-Behalf-Of` without a validly signed
 *   delegation from that person to the signer covering the stamp's time
 * @RINGI_STAMP_NOT_ALLOWED: the route, replayed from the submit and
 *   resubmit stamps, does not allow this action by this person now
 *
 * One verdict per stamp. When several apply, the first in this order
 * after %RINGI_STAMP_VALID is given.
 */
typedef enum
{
  RINGI_STAMP_VALID,
  RINGI_STAMP_MALFORMED,
  RINGI_STAMP_BAD_SIGNATURE,
  RINGI_STAMP_UNKNOWN_KEY,
  RINGI_STAMP_KEY_NOT_BOUND,
  RINGI_STAMP_CHAIN_BROKEN,
  RINGI_STAMP_DOCUMENT_CHANGED,
  RINGI_STAMP_DELEGATION_INVALID,
  RINGI_STAMP_NOT_ALLOWED,
} RingiStampStatus;

const char *ringi_stamp_status_to_string (RingiStampStatus status);

/**
 * RingiStampResult:
 * @status: the verdict
 * @explanation: why, in words for people
 * @stamp: (nullable): the stamp as read, or %NULL when malformed
 * @status_after: the request's status once the route replay has taken
 *   this stamp (unchanged when the replay refused it)
 */
typedef struct
{
  RingiStampStatus status;
  char *explanation;
  RingiStamp *stamp;
  RingiRequestStatus status_after;
} RingiStampResult;

void ringi_stamp_result_free (RingiStampResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RingiStampResult, ringi_stamp_result_free)

gboolean ringi_stamp_results_are_valid (GPtrArray *results);

#define RINGI_TYPE_VERIFIER (ringi_verifier_get_type ())
G_DECLARE_FINAL_TYPE (RingiVerifier, ringi_verifier, RINGI, VERIFIER, GObject)

RingiVerifier *ringi_verifier_new (RingiKeyring *keyring,
                                   RingiVerifyCache *cache);
void ringi_verifier_add_stamp (RingiVerifier *self,
                               GBytes *record,
                               GBytes *signature);
void ringi_verifier_add_delegation (RingiVerifier *self,
                                    GBytes *record,
                                    GBytes *signature);
void ringi_verifier_add_revision (RingiVerifier *self,
                                  guint revision,
                                  const char *pdf_sha256);
void ringi_verifier_add_revision_pdf (RingiVerifier *self,
                                      guint revision,
                                      GBytes *pdf);
void ringi_verifier_set_correction (RingiVerifier *self,
                                    GBytes *record,
                                    GBytes *signature);
void ringi_verifier_set_directory (RingiVerifier *self,
                                   GHashTable *fingerprints);

GPtrArray *ringi_verifier_verify (RingiVerifier *self,
                                  GCancellable *cancellable,
                                  GError **error);
void ringi_verifier_verify_async (RingiVerifier *self,
                                  GCancellable *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer user_data);
GPtrArray *ringi_verifier_verify_finish (RingiVerifier *self,
                                         GAsyncResult *result,
                                         GError **error);

G_END_DECLS
