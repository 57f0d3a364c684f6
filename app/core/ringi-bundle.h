/* ringi-bundle.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ringi-receipt.h"
#include "ringi-store.h"

G_BEGIN_DECLS

/**
 * RingiBundleError:
 * @RINGI_BUNDLE_ERROR_UNREADABLE: the folder or a file cannot be read
 * @RINGI_BUNDLE_ERROR_FORMAT: the manifest is not a `ringi-bundle-1` one
 * @RINGI_BUNDLE_ERROR_MISSING_FILE: the manifest names a file that is absent
 * @RINGI_BUNDLE_ERROR_UNSAFE_PATH: a path leaves the bundle's folder
 * @RINGI_BUNDLE_ERROR_EXISTS: the export target already holds files
 *
 * Why a bundle could not be read or written. Any of these makes
 * `ringi-cli bundle verify` exit with status 2.
 */
typedef enum
{
  RINGI_BUNDLE_ERROR_UNREADABLE,
  RINGI_BUNDLE_ERROR_FORMAT,
  RINGI_BUNDLE_ERROR_MISSING_FILE,
  RINGI_BUNDLE_ERROR_UNSAFE_PATH,
  RINGI_BUNDLE_ERROR_EXISTS,
} RingiBundleError;

#define RINGI_BUNDLE_ERROR (ringi_bundle_error_quark ())
GQuark ringi_bundle_error_quark (void);

#define RINGI_BUNDLE_FORMAT "ringi-bundle-1"

/**
 * RingiSignedFile:
 * @path: the path inside the bundle, as the manifest gives it
 * @data: the file's exact bytes
 * @signature: the bytes of `path.asc`
 */
typedef struct
{
  char *path;
  GBytes *data;
  GBytes *signature;
} RingiSignedFile;

void ringi_signed_file_free (RingiSignedFile *file);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RingiSignedFile, ringi_signed_file_free)

/**
 * RingiBundleNoteSeverity:
 * @RINGI_BUNDLE_NOTE_INFO: worth telling; no verdict depends on it
 * @RINGI_BUNDLE_NOTE_INCONSISTENT: the manifest contradicts the stamps:
 *   the bundle is not valid, whatever the stamps' own verdicts
 *
 * How much a #RingiBundleNote matters.
 */
typedef enum
{
  RINGI_BUNDLE_NOTE_INFO,
  RINGI_BUNDLE_NOTE_INCONSISTENT,
} RingiBundleNoteSeverity;

/**
 * RingiBundleNote:
 * @severity: how much it matters
 * @text: one sentence for people, without control characters, so that it
 *   can be printed on a terminal as it is
 *
 * Something found while reading a bundle that does not stop it from
 * being read: see ringi_bundle_get_notes().
 */
typedef struct
{
  RingiBundleNoteSeverity severity;
  char *text;
} RingiBundleNote;

void ringi_bundle_note_free (RingiBundleNote *note);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RingiBundleNote, ringi_bundle_note_free)

#define RINGI_TYPE_BUNDLE (ringi_bundle_get_type ())
G_DECLARE_FINAL_TYPE (RingiBundle, ringi_bundle, RINGI, BUNDLE, GObject)

RingiBundle *ringi_bundle_load (const char *dir,
                                GError **error);
const char *ringi_bundle_get_document (RingiBundle *self);
const char *ringi_bundle_get_title (RingiBundle *self);
guint ringi_bundle_get_n_revisions (RingiBundle *self);
GBytes *ringi_bundle_get_revision (RingiBundle *self,
                                   guint revision);
GHashTable *ringi_bundle_get_signers (RingiBundle *self);
GPtrArray *ringi_bundle_get_stamps (RingiBundle *self);
GPtrArray *ringi_bundle_get_delegations (RingiBundle *self);
GPtrArray *ringi_bundle_get_keys (RingiBundle *self);
GPtrArray *ringi_bundle_get_notes (RingiBundle *self);
gboolean ringi_bundle_is_consistent (RingiBundle *self);

char *ringi_bundle_dup_key_user_id (RingiBundle *self,
                                    const char *fingerprint);
GPtrArray *ringi_bundle_verify (RingiBundle *self,
                                GCancellable *cancellable,
                                GError **error);
GPtrArray *ringi_bundle_get_receipts (RingiBundle *self);

gboolean ringi_bundle_export (RingiStore *store,
                              const char *request_id,
                              const char *dir,
                              GError **error);

G_END_DECLS
