/* ringi-bundle.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

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

GPtrArray *ringi_bundle_verify (RingiBundle *self,
                                GCancellable *cancellable,
                                GError **error);

gboolean ringi_bundle_export (RingiStore *store,
                              const char *request_id,
                              const char *dir,
                              GError **error);

G_END_DECLS
