/* ringi-bundle.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-bundle"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "ringi-bundle.h"
#include "ringi-fs.h"
#include "ringi-keyring.h"
#include "ringi-verifier.h"

/* Revisions are PDFs of at most the server's blob limit; anything larger
 * in a bundle is refused before it is read into memory. */
#define MAX_FILE_SIZE (256 * 1024 * 1024)

struct _RingiBundle
{
  GObject parent_instance;

  char *dir;
  char *document;
  char *title;
  GPtrArray *revisions;   /* GBytes, revision N at index N-1 */
  GHashTable *signers;    /* login → fingerprint */
  GPtrArray *stamps;      /* RingiSignedFile, in chain order */
  GPtrArray *delegations; /* RingiSignedFile */
  GPtrArray *keys;        /* GBytes, armoured public keys */
};

G_DEFINE_FINAL_TYPE (RingiBundle, ringi_bundle, G_TYPE_OBJECT)
G_DEFINE_QUARK (ringi-bundle-error-quark, ringi_bundle_error)

void
ringi_signed_file_free (RingiSignedFile *file)
{
  if (file == NULL)
    return;

  g_free (file->path);
  g_clear_pointer (&file->data, g_bytes_unref);
  g_clear_pointer (&file->signature, g_bytes_unref);
  g_free (file);
}

static void
ringi_bundle_finalize (GObject *object)
{
  RingiBundle *self = (RingiBundle *) object;

  g_free (self->dir);
  g_free (self->document);
  g_free (self->title);
  g_clear_pointer (&self->revisions, g_ptr_array_unref);
  g_clear_pointer (&self->signers, g_hash_table_unref);
  g_clear_pointer (&self->stamps, g_ptr_array_unref);
  g_clear_pointer (&self->delegations, g_ptr_array_unref);
  g_clear_pointer (&self->keys, g_ptr_array_unref);

  G_OBJECT_CLASS (ringi_bundle_parent_class)->finalize (object);
}

static void
ringi_bundle_class_init (RingiBundleClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ringi_bundle_finalize;
}

static void
ringi_bundle_init (RingiBundle *self)
{
  self->revisions = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  self->signers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->stamps = g_ptr_array_new_with_free_func ((GDestroyNotify) ringi_signed_file_free);
  self->delegations = g_ptr_array_new_with_free_func ((GDestroyNotify) ringi_signed_file_free);
  self->keys = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
}

/* A manifest path must stay inside the bundle: relative, no "..", no
 * empty or "." parts, no backslashes. */
static gboolean
path_is_safe (const char *path)
{
  g_auto(GStrv) parts = NULL;

  if (path == NULL || path[0] == '\0' || path[0] == '/' || strchr (path, '\\') != NULL)
    return FALSE;

  parts = g_strsplit (path, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] == '\0' || g_str_equal (parts[i], ".") || g_str_equal (parts[i], ".."))
        return FALSE;
    }

  return TRUE;
}

static GBytes *
read_file (RingiBundle *self,
           const char *path,
           GError **error)
{
  g_autofree char *full = NULL;
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!path_is_safe (path))
    {
      g_set_error (error, RINGI_BUNDLE_ERROR, RINGI_BUNDLE_ERROR_UNSAFE_PATH,
                   _("The manifest names “%s”, which is not a file inside the bundle"), path ? path : "");
      return NULL;
    }

  full = g_build_filename (self->dir, path, NULL);
  if (!g_file_test (full, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, RINGI_BUNDLE_ERROR, RINGI_BUNDLE_ERROR_MISSING_FILE,
                   _("The bundle lacks the file “%s” that its manifest names"), path);
      return NULL;
    }

  mapped = g_mapped_file_new (full, FALSE, &local_error);
  if (mapped == NULL || g_mapped_file_get_length (mapped) > MAX_FILE_SIZE)
    {
      g_set_error (error, RINGI_BUNDLE_ERROR, RINGI_BUNDLE_ERROR_UNREADABLE,
                   _("Could not read “%s” of the bundle: %s"), path,
                   local_error ? local_error->message : _("the file is too large"));
      return NULL;
    }

  return g_mapped_file_get_bytes (mapped);
}

static RingiSignedFile *
read_signed_file (RingiBundle *self,
                  const char *path,
                  GError **error)
{
  g_autoptr(RingiSignedFile) file = g_new0 (RingiSignedFile, 1);
  g_autofree char *asc = g_strconcat (path ? path : "", ".asc", NULL);

  file->path = g_strdup (path);
  file->data = read_file (self, path, error);
  if (file->data == NULL)
    return NULL;

  file->signature = read_file (self, asc, error);
  if (file->signature == NULL)
    return NULL;

  return g_steal_pointer (&file);
}

static gboolean
format_error (GError **error,
              const char *member)
{
  g_set_error (error, RINGI_BUNDLE_ERROR, RINGI_BUNDLE_ERROR_FORMAT,
               _("The manifest of the bundle has no valid “%s”"), member);
  return FALSE;
}

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static gboolean
get_int (JsonObject *object,
         const char *member,
         gint64 *out_value)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;

  *out_value = json_node_get_int (node);
  return TRUE;
}

static JsonArray *
get_array (JsonObject *object,
           const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static gboolean
load_revisions (RingiBundle *self,
                JsonObject *manifest,
                GError **error)
{
  JsonArray *revisions = get_array (manifest, "revisions");
  guint n = revisions ? json_array_get_length (revisions) : 0;

  if (n == 0)
    return format_error (error, "revisions");

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (revisions, i);
      JsonObject *revision = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      gint64 number = 0;
      GBytes *bytes;

      /* Revisions are listed 1, 2, 3… so that index and number agree. */
      if (revision == NULL ||
          !get_int (revision, "revision", &number) ||
          number != i + 1 ||
          get_string (revision, "file") == NULL)
        return format_error (error, "revisions");

      bytes = read_file (self, get_string (revision, "file"), error);
      if (bytes == NULL)
        return FALSE;
      g_ptr_array_add (self->revisions, bytes);
    }

  return TRUE;
}

static gboolean
load_signers (RingiBundle *self,
              JsonObject *manifest,
              GError **error)
{
  JsonNode *node = json_object_get_member (manifest, "signers");
  JsonObject *signers;
  g_autoptr(GList) logins = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return format_error (error, "signers");

  signers = json_node_get_object (node);
  logins = json_object_get_members (signers);
  for (const GList *l = logins; l != NULL; l = l->next)
    {
      const char *fingerprint = get_string (signers, l->data);

      if (fingerprint == NULL)
        return format_error (error, "signers");
      g_hash_table_insert (self->signers, g_strdup (l->data), g_strdup (fingerprint));
    }

  return TRUE;
}

static gboolean
load_signed_files (RingiBundle *self,
                   JsonObject *manifest,
                   const char *member,
                   gboolean required,
                   GPtrArray *into,
                   GError **error)
{
  JsonArray *paths = get_array (manifest, member);
  guint n = paths ? json_array_get_length (paths) : 0;

  if (paths == NULL && !required && !json_object_has_member (manifest, member))
    return TRUE;
  if (paths == NULL || (required && n == 0))
    return format_error (error, member);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (paths, i);
      RingiSignedFile *file;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        return format_error (error, member);

      file = read_signed_file (self, json_node_get_string (node), error);
      if (file == NULL)
        return FALSE;
      g_ptr_array_add (into, file);
    }

  return TRUE;
}

/* Every signer's key, and the server's when named, comes from keys/. */
static gboolean
load_keys (RingiBundle *self,
           JsonObject *manifest,
           GError **error)
{
  g_autoptr(GPtrArray) fingerprints = g_ptr_array_new ();
  const char *server_key = get_string (manifest, "server_key");
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->signers);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (fingerprints, value);
  if (server_key != NULL)
    g_ptr_array_add (fingerprints, (gpointer) server_key);

  for (guint i = 0; i < fingerprints->len; i++)
    {
      g_autofree char *path = g_strdup_printf ("keys/%s.asc", (const char *) fingerprints->pdata[i]);
      GBytes *key = read_file (self, path, error);

      if (key == NULL)
        return FALSE;
      g_ptr_array_add (self->keys, key);
    }

  return TRUE;
}

static gboolean
load_manifest (RingiBundle *self,
               GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) bytes = read_file (self, "manifest.json", error);
  g_autoptr(GError) local_error = NULL;
  JsonObject *manifest;
  JsonNode *root;

  if (bytes == NULL)
    return FALSE;

  if (!json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &local_error))
    {
      g_set_error (error, RINGI_BUNDLE_ERROR, RINGI_BUNDLE_ERROR_FORMAT,
                   _("The manifest of the bundle is not valid JSON: %s"), local_error->message);
      return FALSE;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return format_error (error, "format");
  manifest = json_node_get_object (root);

  if (g_strcmp0 (get_string (manifest, "format"), RINGI_BUNDLE_FORMAT) != 0)
    {
      g_set_error (error, RINGI_BUNDLE_ERROR, RINGI_BUNDLE_ERROR_FORMAT,
                   _("This is not a Ringi evidence bundle of format %s"), RINGI_BUNDLE_FORMAT);
      return FALSE;
    }

  if (get_string (manifest, "document") == NULL)
    return format_error (error, "document");
  self->document = g_strdup (get_string (manifest, "document"));
  self->title = g_strdup (get_string (manifest, "title"));

  return load_revisions (self, manifest, error) &&
         load_signers (self, manifest, error) &&
         load_signed_files (self, manifest, "stamps", TRUE, self->stamps, error) &&
         load_signed_files (self, manifest, "delegations", FALSE, self->delegations, error) &&
         load_keys (self, manifest, error);
}

/**
 * ringi_bundle_load:
 * @dir: the bundle's folder
 * @error: return location for a #GError
 *
 * Reads a bundle's manifest and every file it names. Nothing is verified
 * here beyond the format: see ringi_verifier_verify().
 *
 * Returns: (transfer full): the bundle, or %NULL with @error set
 */
RingiBundle *
ringi_bundle_load (const char *dir,
                   GError **error)
{
  g_autoptr(RingiBundle) self = NULL;

  g_return_val_if_fail (dir != NULL, NULL);

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, RINGI_BUNDLE_ERROR, RINGI_BUNDLE_ERROR_UNREADABLE,
                   _("“%s” is not a folder; an evidence bundle is a folder"), dir);
      return NULL;
    }

  self = g_object_new (RINGI_TYPE_BUNDLE, NULL);
  self->dir = g_strdup (dir);
  if (!load_manifest (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
ringi_bundle_get_document (RingiBundle *self)
{
  g_return_val_if_fail (RINGI_IS_BUNDLE (self), NULL);

  return self->document;
}

const char *
ringi_bundle_get_title (RingiBundle *self)
{
  g_return_val_if_fail (RINGI_IS_BUNDLE (self), NULL);

  return self->title;
}

guint
ringi_bundle_get_n_revisions (RingiBundle *self)
{
  g_return_val_if_fail (RINGI_IS_BUNDLE (self), 0);

  return self->revisions->len;
}

/**
 * ringi_bundle_get_revision:
 * @self: a #RingiBundle
 * @revision: the revision number, from 1
 *
 * Returns: (transfer none) (nullable): the revision's bytes
 */
GBytes *
ringi_bundle_get_revision (RingiBundle *self,
                           guint revision)
{
  g_return_val_if_fail (RINGI_IS_BUNDLE (self), NULL);

  if (revision == 0 || revision > self->revisions->len)
    return NULL;

  return self->revisions->pdata[revision - 1];
}

/**
 * ringi_bundle_get_signers:
 * @self: a #RingiBundle
 *
 * Returns: (transfer none) (element-type utf8 utf8): login → fingerprint
 */
GHashTable *
ringi_bundle_get_signers (RingiBundle *self)
{
  g_return_val_if_fail (RINGI_IS_BUNDLE (self), NULL);

  return self->signers;
}

/**
 * ringi_bundle_get_stamps:
 * @self: a #RingiBundle
 *
 * Returns: (transfer none) (element-type RingiSignedFile): the stamps in
 *   the manifest's order
 */
GPtrArray *
ringi_bundle_get_stamps (RingiBundle *self)
{
  g_return_val_if_fail (RINGI_IS_BUNDLE (self), NULL);

  return self->stamps;
}

/**
 * ringi_bundle_get_delegations:
 * @self: a #RingiBundle
 *
 * Returns: (transfer none) (element-type RingiSignedFile): the delegations
 */
GPtrArray *
ringi_bundle_get_delegations (RingiBundle *self)
{
  g_return_val_if_fail (RINGI_IS_BUNDLE (self), NULL);

  return self->delegations;
}

/**
 * ringi_bundle_get_keys:
 * @self: a #RingiBundle
 *
 * Returns: (transfer none) (element-type GBytes): the armoured public keys
 */
GPtrArray *
ringi_bundle_get_keys (RingiBundle *self)
{
  g_return_val_if_fail (RINGI_IS_BUNDLE (self), NULL);

  return self->keys;
}

static gboolean
import_keys (RingiBundle *self,
             RingiKeyring *keyring,
             GError **error)
{
  for (guint i = 0; i < self->keys->len; i++)
    {
      g_auto(GStrv) fingerprints = NULL;

      if (!ringi_keyring_import (keyring, self->keys->pdata[i], &fingerprints, error))
        return FALSE;
    }

  return TRUE;
}

static RingiVerifier *
make_verifier (RingiBundle *self,
               RingiKeyring *keyring)
{
  RingiVerifier *verifier = ringi_verifier_new (keyring, NULL);

  for (guint i = 0; i < self->revisions->len; i++)
    ringi_verifier_add_revision_pdf (verifier, i + 1, self->revisions->pdata[i]);
  for (guint i = 0; i < self->stamps->len; i++)
    {
      RingiSignedFile *file = self->stamps->pdata[i];

      ringi_verifier_add_stamp (verifier, file->data, file->signature);
    }
  for (guint i = 0; i < self->delegations->len; i++)
    {
      RingiSignedFile *file = self->delegations->pdata[i];

      ringi_verifier_add_delegation (verifier, file->data, file->signature);
    }
  ringi_verifier_set_directory (verifier, self->signers);

  return verifier;
}

/**
 * ringi_bundle_verify:
 * @self: a #RingiBundle
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Verifies every stamp of the bundle against the keys, bindings and
 * documents it carries. The keys go into a fresh, temporary GnuPG home
 * (short, under /tmp, for gpg-agent's socket) that is removed afterwards;
 * the user's own keyring is never touched.
 *
 * Returns: (transfer container) (element-type RingiStampResult): one
 *   result per stamp in chain order, or %NULL with @error set when the
 *   check itself could not run
 */
GPtrArray *
ringi_bundle_verify (RingiBundle *self,
                     GCancellable *cancellable,
                     GError **error)
{
  g_autofree char *home = g_dir_make_tmp ("ringi-v-XXXXXX", error);
  g_autoptr(RingiKeyring) keyring = NULL;
  g_autoptr(RingiVerifier) verifier = NULL;
  GPtrArray *results = NULL;

  g_return_val_if_fail (RINGI_IS_BUNDLE (self), NULL);

  if (home == NULL)
    return NULL;

  keyring = ringi_keyring_new (home, error);
  if (keyring != NULL && import_keys (self, keyring, error))
    {
      verifier = make_verifier (self, keyring);
      results = ringi_verifier_verify (verifier, cancellable, error);
    }

  if (keyring != NULL)
    ringi_keyring_kill_agent (keyring);
  ringi_fs_remove_tree (home);
  return results;
}
