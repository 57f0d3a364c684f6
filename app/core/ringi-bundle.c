/* ringi-bundle.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-bundle"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <poppler.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ringi-bundle.h"
#include "ringi-text.h"
#include "ringi-fs.h"
#include "ringi-json-guard.h"
#include "ringi-keyring.h"
#include "ringi-punch.h"
#include "ringi-receipt.h"
#include "ringi-record-private.h"
#include "ringi-route.h"
#include "ringi-stamp.h"
#include "ringi-verifier.h"

/* Every file is refused before it is read when it is larger than what
 * Ringi ever writes of its kind: revisions are PDFs of at most the
 * server's blob limit, records are limited by their format, signatures
 * are a few hundred bytes and keys a few kilobytes (more with many
 * certifications). */
#define MAX_REVISION_SIZE  (256 * 1024 * 1024)
#define MAX_MANIFEST_SIZE  (1024 * 1024)
#define MAX_RECORD_SIZE    RINGI_RECORD_MAX_SIZE
#define MAX_SIGNATURE_SIZE (64 * 1024)
#define MAX_KEY_SIZE       (1024 * 1024)

/* A manifest nests three levels deep; json-glib 1.6 recurses per level
 * and crashes on a few hundred thousand. */
#define MAX_MANIFEST_DEPTH 64

/* The longest path a manifest may name: more than Ringi ever writes,
 * less than any file system refuses. */
#define MAX_PATH_LENGTH 255

struct _RingiBundle
{
  GObject parent_instance;

  int dirfd; /* the bundle's folder, opened once: every file is read below it */
  char *document;
  char *title;
  GPtrArray *revisions;        /* GBytes, revision N at index N-1 */
  GHashTable *signers;         /* login → fingerprint */
  GPtrArray *stamps;           /* RingiSignedFile, in chain order */
  GPtrArray *delegations;      /* RingiSignedFile */
  GPtrArray *receipts;         /* RingiSignedFile, as the manifest lists them */
  char *server_key;            /* the fingerprint that signs receipts, or NULL */
  GPtrArray *receipt_results;  /* RingiReceiptResult per stamp, once verified */
  RingiSignedFile *correction; /* the punch a correction request adds, or NULL */
  GBytes *correction_note;     /* its note, when it has one */
  gboolean correction_checked;
  GPtrArray *keys;      /* GBytes, armoured public keys */
  GPtrArray *notes;     /* RingiBundleNote */
  GHashTable *user_ids; /* fingerprint → the key's user ID, once verified */
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

void
ringi_bundle_note_free (RingiBundleNote *note)
{
  if (note == NULL)
    return;

  g_free (note->text);
  g_free (note);
}

static void
ringi_bundle_finalize (GObject *object)
{
  RingiBundle *self = (RingiBundle *) object;

  if (self->dirfd >= 0)
    g_close (self->dirfd, NULL);
  g_free (self->document);
  g_free (self->title);
  g_clear_pointer (&self->revisions, g_ptr_array_unref);
  g_clear_pointer (&self->signers, g_hash_table_unref);
  g_clear_pointer (&self->stamps, g_ptr_array_unref);
  g_clear_pointer (&self->delegations, g_ptr_array_unref);
  g_clear_pointer (&self->receipts, g_ptr_array_unref);
  g_free (self->server_key);
  g_clear_pointer (&self->receipt_results, g_ptr_array_unref);
  g_clear_pointer (&self->correction, ringi_signed_file_free);
  g_clear_pointer (&self->correction_note, g_bytes_unref);
  g_clear_pointer (&self->keys, g_ptr_array_unref);
  g_clear_pointer (&self->notes, g_ptr_array_unref);
  g_clear_pointer (&self->user_ids, g_hash_table_unref);

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
  self->receipts = g_ptr_array_new_with_free_func ((GDestroyNotify) ringi_signed_file_free);
  self->receipt_results = g_ptr_array_new_with_free_func ((GDestroyNotify) ringi_receipt_result_free);
  self->keys = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  self->notes = g_ptr_array_new_with_free_func ((GDestroyNotify) ringi_bundle_note_free);
  self->dirfd = -1;
}

static void
add_note (RingiBundle *self,
          RingiBundleNoteSeverity severity,
          char *text)
{
  RingiBundleNote *note = g_new0 (RingiBundleNote, 1);

  note->severity = severity;
  note->text = text;
  g_ptr_array_add (self->notes, note);
}

/* A manifest path must stay inside the bundle and be harmless to print:
 * only the names Ringi writes (r1.pdf, stamps/0001.txt, keys/<FPR>.asc…),
 * parts of letters, digits, ".", "_" and "-" joined by "/", never empty,
 * "." or "..". A name with a control character would otherwise reach the
 * terminal of whoever verifies the bundle. */
static gboolean
path_is_safe (const char *path)
{
  g_auto(GStrv) parts = NULL;
  gsize length;

  if (path == NULL)
    return FALSE;

  length = strlen (path);
  if (length == 0 || length > MAX_PATH_LENGTH)
    return FALSE;

  for (const char *p = path; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '.' && *p != '_' && *p != '-' && *p != '/')
        return FALSE;
    }

  parts = g_strsplit (path, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] == '\0' || g_str_equal (parts[i], ".") || g_str_equal (parts[i], ".."))
        return FALSE;
    }

  return TRUE;
}

/* 40 upper-case hex digits, as docs/stamp-format.md spells a fingerprint. */
static gboolean
is_fingerprint (const char *text)
{
  gsize i;

  for (i = 0; text[i] != '\0'; i++)
    {
      if (!g_ascii_isdigit (text[i]) && !(text[i] >= 'A' && text[i] <= 'F'))
        return FALSE;
    }

  return i == 40;
}

static void
set_symlink_error (const char *shown,
                   const char *path,
                   GError **error)
{
  if (g_str_equal (shown, path))
    g_set_error (error, RINGI_BUNDLE_ERROR, RINGI_BUNDLE_ERROR_UNSAFE_PATH,
                 _("“%s” in the bundle is a symbolic link; a bundle holds only plain files and folders, so that nothing outside it is read"),
                 shown);
  else
    g_set_error (error, RINGI_BUNDLE_ERROR, RINGI_BUNDLE_ERROR_UNSAFE_PATH,
                 _("“%s” in the bundle is a symbolic link, so “%s” is not read; a bundle holds only plain files and folders, so that nothing outside it is read"),
                 shown, path);
}

static int
set_open_error (int saved_errno,
                const char *shown,
                const char *path,
                GError **error)
{
  if (saved_errno == ENOENT)
    g_set_error (error, RINGI_BUNDLE_ERROR, RINGI_BUNDLE_ERROR_MISSING_FILE,
                 _("The bundle lacks the file “%s” that its manifest names"), path);
  else if (saved_errno == ELOOP)
    set_symlink_error (shown, path, error);
  else
    g_set_error (error, RINGI_BUNDLE_ERROR, RINGI_BUNDLE_ERROR_UNREADABLE,
                 _("Could not read “%s” of the bundle: %s"), path, g_strerror (saved_errno));
  return -1;
}

/* Opens @name of the folder @dirfd, a folder when @folder and else a plain
 * file, never through a symbolic link. @shown is the path up to @name.
 * The type is looked at before opening, as opening a FIFO or a device may
 * block or do something; O_NOFOLLOW and O_NONBLOCK cover a swap between
 * the look and the opening. */
static int
open_entry (int dirfd,
            const char *name,
            gboolean folder,
            const char *shown,
            const char *path,
            GError **error)
{
  int flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC | (folder ? O_DIRECTORY : O_NONBLOCK);
  struct stat st;
  int fd;

  if (fstatat (dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
    return set_open_error (errno, shown, path, error);

  if (S_ISLNK (st.st_mode))
    return set_open_error (ELOOP, shown, path, error);

  if (folder && !S_ISDIR (st.st_mode))
    {
      g_set_error (error, RINGI_BUNDLE_ERROR, RINGI_BUNDLE_ERROR_UNREADABLE,
                   _("“%s” in the bundle is not a folder, so “%s” cannot be read"), shown, path);
      return -1;
    }

  if (!folder && !S_ISREG (st.st_mode))
    {
      g_set_error (error, RINGI_BUNDLE_ERROR, RINGI_BUNDLE_ERROR_UNREADABLE,
                   _("“%s” in the bundle is not a plain file"), path);
      return -1;
    }

  do
    fd = openat (dirfd, name, flags);
  while (fd < 0 && errno == EINTR);

  if (fd < 0)
    return set_open_error (errno, shown, path, error);

  return fd;
}

/* Walks @path one part at a time from the bundle's folder. */
static int
open_in_bundle (RingiBundle *self,
                const char *path,
                GError **error)
{
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  g_autoptr(GString) shown = g_string_new (NULL);
  int dirfd = self->dirfd;
  int fd = -1;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      gboolean last = parts[i + 1] == NULL;

      g_string_append (shown, parts[i]);
      fd = open_entry (dirfd, parts[i], !last, shown->str, path, error);
      if (dirfd != self->dirfd)
        g_close (dirfd, NULL);
      if (fd < 0)
        return -1;

      dirfd = fd;
      g_string_append_c (shown, '/');
    }

  return fd;
}

/* Reads the whole plain file @fd into memory: a copy, not a mapping, so a
 * file cut short meanwhile cannot crash Ringi with SIGBUS. The type and
 * size are those of the open file, whatever stood at its name before. */
static GBytes *
read_all (int fd,
          const char *path,
          gsize max_size,
          GError **error)
{
  g_autofree guchar *buffer = NULL;
  struct stat st;
  gsize size, done = 0;

  if (fstat (fd, &st) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, RINGI_BUNDLE_ERROR, RINGI_BUNDLE_ERROR_UNREADABLE,
                   _("Could not read “%s” of the bundle: %s"), path, g_strerror (saved_errno));
      return NULL;
    }

  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, RINGI_BUNDLE_ERROR, RINGI_BUNDLE_ERROR_UNREADABLE,
                   _("“%s” in the bundle is not a plain file"), path);
      return NULL;
    }

  if (st.st_size < 0 || (guint64) st.st_size > max_size)
    {
      g_autofree char *limit = g_format_size_full (max_size, G_FORMAT_SIZE_IEC_UNITS);

      g_set_error (error, RINGI_BUNDLE_ERROR, RINGI_BUNDLE_ERROR_UNREADABLE,
                   _("“%s” in the bundle is larger than %s, more than such a file ever holds"), path, limit);
      return NULL;
    }

  size = st.st_size;
  buffer = g_try_malloc (MAX (size, 1));
  if (buffer == NULL)
    {
      g_set_error (error, RINGI_BUNDLE_ERROR, RINGI_BUNDLE_ERROR_UNREADABLE,
                   _("Not enough memory to read “%s” of the bundle"), path);
      return NULL;
    }

  while (done < size)
    {
      gssize n = read (fd, buffer + done, size - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved_errno = errno;

          g_set_error (error, RINGI_BUNDLE_ERROR, RINGI_BUNDLE_ERROR_UNREADABLE,
                       _("Could not read “%s” of the bundle: %s"), path,
                       n < 0 ? g_strerror (saved_errno) : _("the file was cut short while it was read"));
          return NULL;
        }
      done += n;
    }

  return g_bytes_new_take (g_steal_pointer (&buffer), size);
}

/* Reads @path of the bundle, refusing a path that leaves it, a symbolic
 * link anywhere on the way, anything but a plain file, and a file larger
 * than @max_size. */
static GBytes *
read_file (RingiBundle *self,
           const char *path,
           gsize max_size,
           GError **error)
{
  GBytes *bytes;
  int fd;

  if (!path_is_safe (path))
    {
      /* Escaped: the path is not known to be harmless on a terminal. */
      g_autofree char *shown = g_strescape (path ? path : "", NULL);

      g_set_error (error, RINGI_BUNDLE_ERROR, RINGI_BUNDLE_ERROR_UNSAFE_PATH,
                   _("The manifest names “%s”, which is not a file inside the bundle (a bundle’s paths are made of letters, digits, “.”, “_”, “-” and “/”)"),
                   shown);
      return NULL;
    }

  fd = open_in_bundle (self, path, error);
  if (fd < 0)
    return NULL;

  bytes = read_all (fd, path, max_size, error);
  g_close (fd, NULL);
  return bytes;
}

static RingiSignedFile *
read_signed_file (RingiBundle *self,
                  const char *path,
                  GError **error)
{
  g_autoptr(RingiSignedFile) file = g_new0 (RingiSignedFile, 1);
  g_autofree char *asc = g_strconcat (path ? path : "", ".asc", NULL);

  file->path = g_strdup (path);
  file->data = read_file (self, path, MAX_RECORD_SIZE, error);
  if (file->data == NULL)
    return NULL;

  file->signature = read_file (self, asc, MAX_SIGNATURE_SIZE, error);
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

/* The manifest's sha256 of a revision is a convenience for people with
 * sha256sum; the stamps' Document-SHA256 decide. A difference is told,
 * not fatal: a changed PDF must still show as document-changed stamps. */
static void
check_revision_sha256 (RingiBundle *self,
                       const char *file,
                       const char *expected,
                       GBytes *bytes)
{
  g_autofree char *actual = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);

  if (g_str_equal (actual, expected))
    return;

  add_note (self, RINGI_BUNDLE_NOTE_INFO,
            g_strdup_printf (_("The manifest gives %s the sha256 %s, but its bytes hash to %s; the stamps’ Document-SHA256 decide whether it is the document they were made on"),
                             file, expected, actual));
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
      const char *file = revision ? get_string (revision, "file") : NULL;
      const char *sha256 = revision ? get_string (revision, "sha256") : NULL;
      gint64 number = 0;
      GBytes *bytes;

      /* Revisions are listed 1, 2, 3… so that index and number agree. */
      if (revision == NULL ||
          !get_int (revision, "revision", &number) ||
          number != i + 1 ||
          file == NULL ||
          sha256 == NULL ||
          !ringi_record_is_sha256 (sha256))
        return format_error (error, "revisions");

      bytes = read_file (self, file, MAX_REVISION_SIZE, error);
      if (bytes == NULL)
        return FALSE;
      g_ptr_array_add (self->revisions, bytes);
      check_revision_sha256 (self, file, sha256, bytes);
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
      const char *login = l->data;
      const char *fingerprint = get_string (signers, login);

      if (fingerprint == NULL)
        return format_error (error, "signers");

      /* Both are printed and the fingerprint names a file: each must be
       * what the record format allows, nothing else. */
      if (!ringi_route_login_is_valid (login))
        {
          g_autofree char *shown = g_strescape (login, NULL);

          g_set_error (error, RINGI_BUNDLE_ERROR, RINGI_BUNDLE_ERROR_FORMAT,
                       _("The manifest of the bundle names “%s” among the signers, which is not a login"), shown);
          return FALSE;
        }

      if (!is_fingerprint (fingerprint))
        {
          g_autofree char *shown = g_strescape (fingerprint, NULL);

          g_set_error (error, RINGI_BUNDLE_ERROR, RINGI_BUNDLE_ERROR_FORMAT,
                       _("The manifest of the bundle binds %s to “%s”, which is not a fingerprint (40 upper-case hexadecimal digits)"),
                       login, shown);
          return FALSE;
        }

      g_hash_table_insert (self->signers, g_strdup (login), g_strdup (fingerprint));
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

/* A correction request's punch, when the bundle has one:
 * `{"punch": PATH, "note": PATH or null}`. */
static gboolean
load_correction (RingiBundle *self,
                 JsonObject *manifest,
                 GError **error)
{
  JsonNode *node = json_object_get_member (manifest, "correction");
  JsonObject *correction;
  const char *note;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return format_error (error, "correction");

  correction = json_node_get_object (node);
  note = get_string (correction, "note");
  if (get_string (correction, "punch") == NULL ||
      (note == NULL && !(json_object_has_member (correction, "note") &&
                         JSON_NODE_HOLDS_NULL (json_object_get_member (correction, "note")))))
    return format_error (error, "correction");

  self->correction = read_signed_file (self, get_string (correction, "punch"), error);
  if (self->correction == NULL)
    return FALSE;
  if (note != NULL && (self->correction_note = read_file (self, note, MAX_RECORD_SIZE, error)) == NULL)
    return FALSE;

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

  if (server_key != NULL && !is_fingerprint (server_key))
    {
      g_autofree char *shown = g_strescape (server_key, NULL);

      g_set_error (error, RINGI_BUNDLE_ERROR, RINGI_BUNDLE_ERROR_FORMAT,
                   _("The manifest of the bundle gives “%s” as the server’s key, which is not a fingerprint (40 upper-case hexadecimal digits)"),
                   shown);
      return FALSE;
    }

  g_hash_table_iter_init (&iter, self->signers);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (fingerprints, value);
  if (server_key != NULL)
    {
      g_ptr_array_add (fingerprints, (gpointer) server_key);
      self->server_key = g_strdup (server_key);
    }

  for (guint i = 0; i < fingerprints->len; i++)
    {
      g_autofree char *path = g_strdup_printf ("keys/%s.asc", (const char *) fingerprints->pdata[i]);
      GBytes *key = read_file (self, path, MAX_KEY_SIZE, error);

      if (key == NULL)
        return FALSE;
      g_ptr_array_add (self->keys, key);
    }

  return TRUE;
}

/* Every stamp must be on the request the manifest describes; a bundle
 * whose stamps are of another request is not evidence for this one. The
 * verifier judges each stamp against the first, so this compares the
 * manifest with all of them. A stamp that does not parse is left to the
 * verifier, which calls it malformed. */
static void
check_documents (RingiBundle *self)
{
  for (guint i = 0; i < self->stamps->len; i++)
    {
      RingiSignedFile *file = self->stamps->pdata[i];
      g_autoptr(RingiStamp) stamp = ringi_stamp_parse (file->data, NULL);

      if (stamp == NULL || g_str_equal (ringi_stamp_get_document (stamp), self->document))
        continue;

      add_note (self, RINGI_BUNDLE_NOTE_INCONSISTENT,
                g_strdup_printf (_("The manifest describes request %s, but %s is a stamp on request %s"),
                                 self->document, file->path, ringi_stamp_get_document (stamp)));
    }
}

static JsonParser *
parse_manifest (RingiBundle *self,
                GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) bytes = read_file (self, "manifest.json", MAX_MANIFEST_SIZE, error);
  g_autoptr(GError) local_error = NULL;
  gsize length;
  const char *data;

  if (bytes == NULL)
    return NULL;

  data = g_bytes_get_data (bytes, &length);
  if (!ringi_json_guard_check (data, length, MAX_MANIFEST_DEPTH, &local_error) ||
      !json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, RINGI_BUNDLE_ERROR, RINGI_BUNDLE_ERROR_FORMAT,
                   _("The manifest of the bundle is not valid JSON: %s"), local_error->message);
      return NULL;
    }

  return g_steal_pointer (&parser);
}

static gboolean
load_manifest (RingiBundle *self,
               GError **error)
{
  g_autoptr(JsonParser) parser = parse_manifest (self, error);
  JsonObject *manifest;
  JsonNode *root;
  const char *document;

  if (parser == NULL)
    return FALSE;

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

  /* A lower-case uuid, as every stamp's Document: is. */
  document = get_string (manifest, "document");
  if (document == NULL || !ringi_record_is_uuid (document))
    return format_error (error, "document");
  self->document = g_strdup (document);
  self->title = g_strdup (get_string (manifest, "title"));

  if (!load_revisions (self, manifest, error) ||
      !load_signers (self, manifest, error) ||
      !load_signed_files (self, manifest, "stamps", TRUE, self->stamps, error) ||
      !load_signed_files (self, manifest, "delegations", FALSE, self->delegations, error) ||
      !load_signed_files (self, manifest, "receipts", FALSE, self->receipts, error) ||
      !load_correction (self, manifest, error) ||
      !load_keys (self, manifest, error))
    return FALSE;

  check_documents (self);
  return TRUE;
}

/* The bundle's folder itself must not be a link either: everything is
 * read below this one descriptor. */
static gboolean
open_bundle_dir (RingiBundle *self,
                 const char *dir,
                 GError **error)
{
  struct stat st;
  int saved_errno;

  self->dirfd = open (dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (self->dirfd >= 0)
    return TRUE;

  saved_errno = errno;
  if (lstat (dir, &st) == 0 && S_ISLNK (st.st_mode))
    g_set_error (error, RINGI_BUNDLE_ERROR, RINGI_BUNDLE_ERROR_UNSAFE_PATH,
                 _("“%s” is a symbolic link; name the bundle’s folder itself"), dir);
  else if (saved_errno == ENOENT || saved_errno == ENOTDIR)
    g_set_error (error, RINGI_BUNDLE_ERROR, RINGI_BUNDLE_ERROR_UNREADABLE,
                 _("“%s” is not a folder; an evidence bundle is a folder"), dir);
  else
    g_set_error (error, RINGI_BUNDLE_ERROR, RINGI_BUNDLE_ERROR_UNREADABLE,
                 _("Could not open the bundle “%s”: %s"), dir, g_strerror (saved_errno));
  return FALSE;
}

/**
 * ringi_bundle_load:
 * @dir: the bundle's folder
 * @error: return location for a #GError
 *
 * Reads a bundle's manifest and every file it names. Nothing is verified
 * here beyond the format: see ringi_bundle_verify(). The files are read
 * below the folder only: a path that leaves it, a symbolic link, anything
 * but a plain file, or a file larger than its kind ever is, is refused.
 * Whatever comes back can be printed: paths, logins, fingerprints and
 * the document are checked to be what the format allows (the title is
 * free text and is not).
 *
 * Returns: (transfer full): the bundle, or %NULL with @error set
 */
RingiBundle *
ringi_bundle_load (const char *dir,
                   GError **error)
{
  g_autoptr(RingiBundle) self = NULL;

  g_return_val_if_fail (dir != NULL, NULL);

  self = g_object_new (RINGI_TYPE_BUNDLE, NULL);
  if (!open_bundle_dir (self, dir, error) || !load_manifest (self, error))
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

/**
 * ringi_bundle_get_notes:
 * @self: a #RingiBundle
 *
 * What reading the bundle found that did not stop it from being read: a
 * revision whose bytes do not match the manifest's sha256 (told only: the
 * stamps decide), a stamp on another request than the manifest describes
 * (the bundle is then not valid: see ringi_bundle_is_consistent()). Each
 * text is one sentence, safe to print on a terminal.
 *
 * Returns: (transfer none) (element-type RingiBundleNote): the notes, in
 *   the order found; empty for a bundle without any
 */
GPtrArray *
ringi_bundle_get_notes (RingiBundle *self)
{
  g_return_val_if_fail (RINGI_IS_BUNDLE (self), NULL);

  return self->notes;
}

/**
 * ringi_bundle_is_consistent:
 * @self: a #RingiBundle
 *
 * Whether the manifest agrees with the stamps: no note of
 * %RINGI_BUNDLE_NOTE_INCONSISTENT. A bundle is valid when this holds and
 * every result of ringi_bundle_verify() is valid; the notes say what is
 * wrong otherwise.
 *
 * Returns: %TRUE when no note makes the bundle invalid
 */
gboolean
ringi_bundle_is_consistent (RingiBundle *self)
{
  g_return_val_if_fail (RINGI_IS_BUNDLE (self), FALSE);

  for (guint i = 0; i < self->notes->len; i++)
    {
      RingiBundleNote *note = self->notes->pdata[i];

      if (note->severity == RINGI_BUNDLE_NOTE_INCONSISTENT)
        return FALSE;
    }

  return TRUE;
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

/* The bindings come from the bundle itself, so show people whom each key
 * says it belongs to, for comparison with the organisation's directory. */
static void
read_user_ids (RingiBundle *self,
               RingiKeyring *keyring)
{
  GHashTableIter iter;
  gpointer fingerprint;

  g_clear_pointer (&self->user_ids, g_hash_table_unref);
  self->user_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_hash_table_iter_init (&iter, self->signers);
  while (g_hash_table_iter_next (&iter, NULL, &fingerprint))
    {
      char *user_id = ringi_keyring_dup_user_id (keyring, fingerprint, NULL);

      if (user_id != NULL)
        g_hash_table_replace (self->user_ids, g_strdup (fingerprint), user_id);
    }
}

/**
 * ringi_bundle_dup_key_user_id:
 * @self: a #RingiBundle
 * @fingerprint: a signer's fingerprint
 *
 * After ringi_bundle_verify(), the user ID the key itself carries, made
 * safe to print with ringi_text_printable().
 *
 * Returns: (transfer full) (nullable): the user ID
 */
char *
ringi_bundle_dup_key_user_id (RingiBundle *self,
                              const char *fingerprint)
{
  const char *user_id;

  g_return_val_if_fail (RINGI_IS_BUNDLE (self), NULL);

  user_id = self->user_ids ? g_hash_table_lookup (self->user_ids, fingerprint) : NULL;
  return user_id ? ringi_text_printable (user_id) : NULL;
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
  /* The submit stands with the punch it asks for (its signature, signer
   * and key); what the document and the note say of it is below. */
  if (self->correction != NULL)
    ringi_verifier_set_correction (verifier, self->correction->data, self->correction->signature);

  return verifier;
}

/* The text of every page of @pdf, for what the approvers saw. poppler
 * 22.12 has no g_autoptr for its types. */
static char *
document_text (GBytes *pdf)
{
  PopplerDocument *document = poppler_document_new_from_bytes (pdf, NULL, NULL);
  GString *text = g_string_new (NULL);

  for (int i = 0; document != NULL && i < poppler_document_get_n_pages (document); i++)
    {
      PopplerPage *page = poppler_document_get_page (document, i);
      g_autofree char *page_text = page ? poppler_page_get_text (page) : NULL;

      g_string_append (text, page_text ? page_text : "");
      g_string_append_c (text, '\n');
      g_clear_object (&page);
    }

  g_clear_object (&document);
  return g_string_free (text, FALSE);
}

/* Why the correction's punch is not what the approvers stamped, or NULL:
 * the last revision prints its uuid and sha256, and the note is the one
 * the punch hashes. */
static char *
judge_correction (RingiBundle *self)
{
  g_autoptr(RingiPunch) punch = ringi_punch_parse (self->correction->data, NULL);
  g_autofree char *sha256 = ringi_record_sha256 (self->correction->data);
  g_autofree char *note_sha256 = NULL;
  g_autofree char *text = NULL;
  const char *words[] = { sha256, NULL, NULL };

  if (punch == NULL)
    return g_strdup_printf (_("%s is not a punch record"), self->correction->path);

  words[1] = ringi_punch_get_punch (punch);
  text = document_text (self->revisions->pdata[self->revisions->len - 1]);
  if (!ringi_text_contains_unwrapped (text, words))
    return g_strdup (_("the last revision does not print its uuid and sha256, so the approvers did not stamp it"));

  if (self->correction_note != NULL)
    note_sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, self->correction_note);
  if (g_strcmp0 (note_sha256, ringi_punch_get_note_sha256 (punch)) != 0)
    return g_strdup (_("its note is not the one its record hashes"));

  return NULL;
}

/* Once, however often the bundle is verified. */
static void
check_correction (RingiBundle *self)
{
  g_autofree char *why = NULL;

  if (self->correction == NULL || self->correction_checked)
    return;

  self->correction_checked = TRUE;
  why = judge_correction (self);
  if (why != NULL)
    add_note (self, RINGI_BUNDLE_NOTE_INCONSISTENT,
              g_strdup_printf (_("The punch this correction adds, %s, is not what was approved: %s"),
                               self->correction->path, why));
}

/* A receipt goes with the stamp of the same number (receipts/0002.txt
 * with stamps/0002.txt), as the export writes them. */
static RingiSignedFile *
find_receipt_file (RingiBundle *self,
                   RingiSignedFile *stamp)
{
  g_autofree char *name = g_path_get_basename (stamp->path);

  for (guint i = 0; i < self->receipts->len; i++)
    {
      RingiSignedFile *file = self->receipts->pdata[i];
      g_autofree char *receipt_name = g_path_get_basename (file->path);

      if (g_str_equal (name, receipt_name))
        return file;
    }

  return NULL;
}

/* Why @file is not a good receipt of @stamp, or NULL when it is; the
 * receipt's sequence number must be above @previous_sequence. */
static char *
judge_receipt (RingiBundle *self,
               RingiKeyring *keyring,
               RingiSignedFile *stamp,
               RingiSignedFile *file,
               guint previous_sequence,
               guint *out_sequence,
               GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiReceipt) receipt = NULL;
  g_autofree char *signed_by = NULL;
  g_autofree char *stamp_sha256 = ringi_record_sha256 (stamp->data);

  if (self->server_key == NULL)
    return g_strdup (_("the manifest names no server key to check it with"));

  receipt = ringi_receipt_parse (file->data, &error);
  if (receipt == NULL)
    return g_strdup (error->message);

  if (!ringi_keyring_verify_detached (keyring, file->data, file->signature, &signed_by, cancellable, &error))
    return g_strdup_printf (_("its signature does not hold: %s"), error->message);
  if (!g_str_equal (signed_by, self->server_key) || !g_str_equal (receipt->server_key, self->server_key))
    return g_strdup_printf (_("it is signed by %s, not by the server key %s"), signed_by, self->server_key);
  if (!g_str_equal (receipt->stamp_sha256, stamp_sha256))
    return g_strdup_printf (_("it is the receipt of stamp %s, not of this one (%s)"),
                            receipt->stamp_sha256, stamp_sha256);
  if (receipt->sequence <= previous_sequence)
    return g_strdup_printf (_("its sequence number %u is not above the previous receipt’s, %u"),
                            receipt->sequence, previous_sequence);

  *out_sequence = receipt->sequence;
  return NULL;
}

static RingiReceiptResult *
check_receipt (RingiBundle *self,
               RingiKeyring *keyring,
               RingiSignedFile *stamp,
               guint *sequence,
               GCancellable *cancellable)
{
  RingiReceiptResult *result = g_new0 (RingiReceiptResult, 1);
  RingiSignedFile *file = find_receipt_file (self, stamp);
  g_autofree char *why = NULL;

  if (file == NULL)
    {
      result->status = RINGI_RECEIPT_MISSING;
      return result;
    }

  why = judge_receipt (self, keyring, stamp, file, *sequence, &result->sequence, cancellable);

  result->file = g_strdup (file->path);
  /* Parts of it come from the file: made safe to print, as notes are. */
  result->explanation = why ? ringi_text_printable (why) : NULL;
  result->status = result->explanation == NULL ? RINGI_RECEIPT_OK : RINGI_RECEIPT_BAD;
  if (result->status == RINGI_RECEIPT_OK)
    *sequence = result->sequence;
  else
    add_note (self, RINGI_BUNDLE_NOTE_INCONSISTENT,
              g_strdup_printf (_("The receipt %s is bad: %s"), file->path, result->explanation));
  return result;
}

/* A receipt that goes with no stamp proves nothing, and a bundle that
 * carries one was not written by Ringi as it is. */
static void
check_unmatched_receipts (RingiBundle *self)
{
  for (guint i = 0; i < self->receipts->len; i++)
    {
      RingiSignedFile *file = self->receipts->pdata[i];
      gboolean matched = FALSE;

      for (guint j = 0; j < self->receipt_results->len && !matched; j++)
        matched = g_strcmp0 (((RingiReceiptResult *) self->receipt_results->pdata[j])->file, file->path) == 0;

      if (!matched)
        add_note (self, RINGI_BUNDLE_NOTE_INCONSISTENT,
                  g_strdup_printf (_("The receipt %s has no stamp of the same number"), file->path));
    }
}

static void
check_receipts (RingiBundle *self,
                RingiKeyring *keyring,
                GCancellable *cancellable)
{
  guint sequence = 0;
  guint n_missing = 0;

  /* Notes are added once, however often the bundle is verified. */
  if (self->receipt_results->len > 0)
    return;

  for (guint i = 0; i < self->stamps->len; i++)
    {
      RingiReceiptResult *result = check_receipt (self, keyring, self->stamps->pdata[i], &sequence, cancellable);

      n_missing += result->status == RINGI_RECEIPT_MISSING;
      g_ptr_array_add (self->receipt_results, result);
    }

  check_unmatched_receipts (self);
  if (n_missing > 0)
    add_note (self, RINGI_BUNDLE_NOTE_INFO,
              g_strdup_printf (ngettext ("%u stamp has no server receipt: it was exported before the server accepted it, or its receipt was left out",
                                         "%u stamps have no server receipt: they were exported before the server accepted them, or their receipts were left out",
                                         n_missing),
                               n_missing));
}

/**
 * ringi_bundle_get_receipts:
 * @self: a #RingiBundle
 *
 * After ringi_bundle_verify(), what the server's receipts say of each
 * stamp: ok, missing or bad. A bad receipt also adds an inconsistent note,
 * so the bundle is then not valid; a missing one adds a note only, since
 * a bundle exported before the server accepted its stamps has none.
 *
 * Returns: (transfer none) (element-type RingiReceiptResult): one result
 *   per stamp in chain order; empty before ringi_bundle_verify()
 */
GPtrArray *
ringi_bundle_get_receipts (RingiBundle *self)
{
  g_return_val_if_fail (RINGI_IS_BUNDLE (self), NULL);

  return self->receipt_results;
}

/**
 * ringi_bundle_verify:
 * @self: a #RingiBundle
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Verifies every stamp of the bundle against the keys, bindings and
 * documents it carries, and each stamp's server receipt (see
 * ringi_bundle_get_receipts()). The keys go into a fresh, temporary GnuPG home
 * (short, under /tmp, for gpg-agent's socket) that is removed afterwards;
 * the user's own keyring is never touched.
 *
 * The results judge the stamps alone. Whether the manifest agrees with
 * them (the request it describes) is ringi_bundle_is_consistent(): a
 * bundle is valid only when both say so.
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
      read_user_ids (self, keyring);
      if (results != NULL)
        {
          check_receipts (self, keyring, cancellable);
          check_correction (self);
        }
    }

  if (keyring != NULL)
    ringi_keyring_kill_agent (keyring);
  ringi_fs_remove_tree (home);
  return results;
}
