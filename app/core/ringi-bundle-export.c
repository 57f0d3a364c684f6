/* ringi-bundle-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writes a request's evidence bundle (docs/bundle-format.md) from the
 * profile store.
 */

#define G_LOG_DOMAIN "ringi-bundle"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "ringi-bundle.h"
#include "ringi-fs.h"
#include "ringi-stamp.h"
#include "ringi-stamped-pdf.h"

typedef struct
{
  RingiStore *store;
  RingiRequestInfo *info;
  char *dir;                /* the partial folder being written */
  GPtrArray *revision_shas; /* char *, revision N at N-1 */
  GPtrArray *stamp_paths;   /* char * */
  GPtrArray *stamps;        /* RingiStamp */
  GPtrArray *delegation_paths;
  GHashTable *signers;      /* login → fingerprint */
  GPtrArray *receipt_paths; /* char * */
  char *server_key;         /* fingerprint, when receipts are written */
  gboolean has_correction;  /* correction/punch.txt is written */
  gboolean has_correction_note;
  char *stamped_pdf_gone; /* why stamped.pdf could not be written, or NULL */
} Export;

static void
export_clear (Export *e)
{
  g_clear_pointer (&e->info, ringi_request_info_free);
  g_clear_pointer (&e->dir, g_free);
  g_clear_pointer (&e->revision_shas, g_ptr_array_unref);
  g_clear_pointer (&e->stamp_paths, g_ptr_array_unref);
  g_clear_pointer (&e->stamps, g_ptr_array_unref);
  g_clear_pointer (&e->delegation_paths, g_ptr_array_unref);
  g_clear_pointer (&e->signers, g_hash_table_unref);
  g_clear_pointer (&e->receipt_paths, g_ptr_array_unref);
  g_clear_pointer (&e->server_key, g_free);
  g_clear_pointer (&e->stamped_pdf_gone, g_free);
}

static gboolean
write_bytes (Export *e,
             const char *name,
             GBytes *bytes,
             GError **error)
{
  g_autofree char *path = g_build_filename (e->dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);

  if (g_mkdir_with_parents (parent, 0755) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create the folder “%s”: %s"), parent, g_strerror (saved_errno));
      return FALSE;
    }

  return g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error);
}

static gboolean
write_revisions (Export *e,
                 GError **error)
{
  guint n = ringi_store_get_n_revisions (e->store, e->info->id, error);

  if (n == 0)
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, RINGI_STORE_ERROR, RINGI_STORE_ERROR_NOT_FOUND,
                     _("Request %s has no document stored on this computer"), e->info->id);
      return FALSE;
    }

  for (guint i = 1; i <= n; i++)
    {
      g_autoptr(GBytes) pdf = ringi_store_get_revision (e->store, e->info->id, i, error);
      g_autofree char *name = g_strdup_printf ("r%u.pdf", i);

      if (pdf == NULL || !write_bytes (e, name, pdf, error))
        return FALSE;
      g_ptr_array_add (e->revision_shas, g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf));
    }

  return TRUE;
}

/* Records the directory's binding for @login and writes the key it binds. */
static gboolean
add_signer (Export *e,
            const char *login,
            GError **error)
{
  g_autoptr(RingiUser) user = NULL;
  g_autofree char *name = NULL;

  if (login == NULL || g_hash_table_contains (e->signers, login))
    return TRUE;

  user = ringi_store_get_user (e->store, login, error);
  if (user == NULL)
    return FALSE;

  if (user->fingerprint == NULL || user->public_key == NULL)
    {
      g_set_error (error, RINGI_STORE_ERROR, RINGI_STORE_ERROR_NOT_FOUND,
                   _("The public key of %s is not known on this computer; synchronise the directory first"),
                   login);
      return FALSE;
    }

  name = g_strdup_printf ("keys/%s.asc", user->fingerprint);
  if (!write_bytes (e, name, user->public_key, error))
    return FALSE;

  g_hash_table_insert (e->signers, g_strdup (login), g_strdup (user->fingerprint));
  return TRUE;
}

static gboolean
write_stamps (Export *e,
              GError **error)
{
  g_autoptr(GPtrArray) stored = ringi_store_list_stamps (e->store, e->info->id, error);

  if (stored == NULL)
    return FALSE;

  for (guint i = 0; i < stored->len; i++)
    {
      RingiStoredStamp *s = stored->pdata[i];
      g_autofree char *name = g_strdup_printf ("stamps/%04u.txt", i + 1);
      g_autofree char *asc = g_strconcat (name, ".asc", NULL);
      RingiStamp *stamp = ringi_stamp_parse (s->record, error);

      if (stamp == NULL)
        return FALSE;
      g_ptr_array_add (e->stamps, stamp);

      if (!write_bytes (e, name, s->record, error) ||
          !write_bytes (e, asc, s->signature, error) ||
          !add_signer (e, ringi_stamp_get_signer (stamp), error))
        return FALSE;

      g_ptr_array_add (e->stamp_paths, g_steal_pointer (&name));
    }

  return TRUE;
}

/* The punch a correction request (打刻修正申請) carries, signed by the
 * applicant: what its approval adds, with its note, whose sha256 the
 * record names (docs/bundle-format.md). Other requests carry none. */
static gboolean
write_correction (Export *e,
                  GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(RingiStoredPunch) punch = ringi_store_get_correction (e->store, e->info->id, &local_error);

  if (punch == NULL)
    {
      if (g_error_matches (local_error, RINGI_STORE_ERROR, RINGI_STORE_ERROR_NOT_FOUND))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (!write_bytes (e, "correction/punch.txt", punch->record, error) ||
      !write_bytes (e, "correction/punch.txt.asc", punch->signature, error))
    return FALSE;

  if (punch->note != NULL)
    {
      g_autoptr(GBytes) note = g_bytes_new (punch->note, strlen (punch->note));

      if (!write_bytes (e, "correction/note.txt", note, error))
        return FALSE;
      e->has_correction_note = TRUE;
    }

  e->has_correction = TRUE;
  return TRUE;
}

/* The server's receipt of each stamp that has one, numbered as the stamp,
 * with the server's key beside the signers' (docs/bundle-format.md). */
static gboolean
write_receipts (Export *e,
                GError **error)
{
  g_autoptr(GBytes) server_key = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *key_name = NULL;

  for (guint i = 0; i < e->stamps->len; i++)
    {
      g_autofree char *sha256 = ringi_stamp_dup_sha256 (e->stamps->pdata[i]);
      g_autofree char *name = g_strdup_printf ("receipts/%04u.txt", i + 1);
      g_autofree char *asc = g_strconcat (name, ".asc", NULL);
      g_autoptr(GBytes) signature = NULL;
      g_autoptr(GBytes) record = ringi_store_get_receipt (e->store, sha256, &signature, NULL);

      if (record == NULL)
        continue;
      if (!write_bytes (e, name, record, error) || !write_bytes (e, asc, signature, error))
        return FALSE;
      g_ptr_array_add (e->receipt_paths, g_steal_pointer (&name));
    }

  /* Receipts without the key to check them would be of no use. */
  if (e->receipt_paths->len == 0)
    return TRUE;

  if (!ringi_store_get_server_key (e->store, &fingerprint, &server_key, error))
    return FALSE;

  key_name = g_strdup_printf ("keys/%s.asc", fingerprint);
  if (!write_bytes (e, key_name, server_key, error))
    return FALSE;

  e->server_key = g_steal_pointer (&fingerprint);
  return TRUE;
}

static gboolean
stamp_relies_on (Export *e,
                 RingiStoredDelegation *d)
{
  for (guint i = 0; i < e->stamps->len; i++)
    {
      RingiStamp *stamp = e->stamps->pdata[i];

      if (g_strcmp0 (ringi_stamp_get_on_behalf_of (stamp), d->from_login) == 0 &&
          g_strcmp0 (ringi_stamp_get_signer (stamp), d->to_login) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Only the delegations some stamp relies on go into the bundle. Each is
 * named by the sha256 of its record: the store's id is not a file name
 * (nothing stops it from holding "../"), the hash always is, and it is
 * how records are named anyway. */
static gboolean
write_delegations (Export *e,
                   GError **error)
{
  g_autoptr(GPtrArray) delegations = ringi_store_list_delegations (e->store, error);

  if (delegations == NULL)
    return FALSE;

  for (guint i = 0; i < delegations->len; i++)
    {
      RingiStoredDelegation *d = delegations->pdata[i];
      g_autofree char *sha256 = NULL;
      g_autofree char *name = NULL;
      g_autofree char *asc = NULL;

      if (!stamp_relies_on (e, d))
        continue;

      sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, d->record);
      name = g_strdup_printf ("delegations/%s.txt", sha256);
      if (g_ptr_array_find_with_equal_func (e->delegation_paths, name, g_str_equal, NULL))
        continue;

      asc = g_strconcat (name, ".asc", NULL);
      if (!write_bytes (e, name, d->record, error) ||
          !write_bytes (e, asc, d->signature, error) ||
          !add_signer (e, d->from_login, error))
        return FALSE;

      g_ptr_array_add (e->delegation_paths, g_steal_pointer (&name));
    }

  return TRUE;
}

static void
add_string_member (JsonBuilder *builder,
                   const char *name,
                   const char *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value ? value : "");
}

static void
add_string_array (JsonBuilder *builder,
                  const char *name,
                  GPtrArray *values)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < values->len; i++)
    json_builder_add_string_value (builder, values->pdata[i]);
  json_builder_end_array (builder);
}

static void
add_revisions (Export *e,
               JsonBuilder *builder)
{
  json_builder_set_member_name (builder, "revisions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < e->revision_shas->len; i++)
    {
      g_autofree char *file = g_strdup_printf ("r%u.pdf", i + 1);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "revision");
      json_builder_add_int_value (builder, i + 1);
      add_string_member (builder, "file", file);
      add_string_member (builder, "sha256", e->revision_shas->pdata[i]);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_signers (Export *e,
             JsonBuilder *builder)
{
  g_autoptr(GList) logins = g_list_sort (g_hash_table_get_keys (e->signers), (GCompareFunc) g_strcmp0);

  json_builder_set_member_name (builder, "signers");
  json_builder_begin_object (builder);
  for (const GList *l = logins; l != NULL; l = l->next)
    add_string_member (builder, l->data, g_hash_table_lookup (e->signers, l->data));
  json_builder_end_object (builder);
}

static gboolean
write_manifest (Export *e,
                GError **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize length;
  char *text;

  json_builder_begin_object (builder);
  add_string_member (builder, "format", RINGI_BUNDLE_FORMAT);
  add_string_member (builder, "document", e->info->id);
  add_string_member (builder, "title", e->info->title);
  add_string_member (builder, "category", e->info->category);
  json_builder_set_member_name (builder, "amount");
  if (e->info->amount >= 0)
    json_builder_add_int_value (builder, e->info->amount);
  else
    json_builder_add_null_value (builder);
  add_string_member (builder, "counterparty", e->info->counterparty);
  add_string_member (builder, "transaction_date", e->info->transaction_date);
  add_string_member (builder, "applicant", e->info->applicant);
  add_revisions (e, builder);
  add_signers (e, builder);
  add_string_array (builder, "stamps", e->stamp_paths);
  add_string_array (builder, "delegations", e->delegation_paths);
  json_builder_set_member_name (builder, "server_key");
  if (e->server_key != NULL)
    json_builder_add_string_value (builder, e->server_key);
  else
    json_builder_add_null_value (builder);
  add_string_array (builder, "receipts", e->receipt_paths);
  if (e->has_correction)
    {
      json_builder_set_member_name (builder, "correction");
      json_builder_begin_object (builder);
      add_string_member (builder, "punch", "correction/punch.txt");
      json_builder_set_member_name (builder, "note");
      if (e->has_correction_note)
        json_builder_add_string_value (builder, "correction/note.txt");
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, &length);
  bytes = g_bytes_new_take (text, length);
  return write_bytes (e, "manifest.json", bytes, error);
}

/* Fills @seal for @stamp; the strings stay owned by @strings. */
static void
seal_spec_for (Export *e,
               RingiStamp *stamp,
               GPtrArray *strings,
               RingiPlacedSeal *seal)
{
  const char *login = ringi_stamp_get_signer (stamp);
  g_autoptr(RingiUser) user = ringi_store_get_user (e->store, login, NULL);

  ringi_seal_spec_init_date_seal (&seal->spec, user ? user->seal_name : NULL, user ? user->department : NULL, login,
                                  ringi_stamp_get_time (stamp), strings);
  seal->placement = *ringi_stamp_get_placement (stamp);
}

static gboolean
draw_stamped_pdf (Export *e,
                  GError **error)
{
  g_autoptr(GArray) seals = g_array_new (FALSE, TRUE, sizeof (RingiPlacedSeal));
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *path = g_build_filename (e->dir, "stamped.pdf", NULL);
  guint last = e->revision_shas->len;

  for (guint i = 0; i < e->stamps->len; i++)
    {
      RingiStamp *stamp = e->stamps->pdata[i];
      RingiPlacedSeal seal;

      /* Seals of an earlier revision belong to pages that may have moved. */
      if (ringi_stamp_get_placement (stamp) == NULL || ringi_stamp_get_revision (stamp) != last)
        continue;

      seal_spec_for (e, stamp, strings, &seal);
      g_array_append_val (seals, seal);
    }

  pdf = ringi_store_get_revision (e->store, e->info->id, last, error);
  if (pdf == NULL)
    return FALSE;

  return ringi_stamped_pdf_write (pdf, (RingiPlacedSeal *) (gpointer) seals->data, seals->len, path, error);
}

/* stamped.pdf is a copy for reading, never verified: whatever keeps it
 * from being written must not keep the evidence from being exported.
 * VERIFY.txt then says why it is missing. */
static void
write_stamped_pdf (Export *e)
{
  g_autoptr(GError) local_error = NULL;

  if (draw_stamped_pdf (e, &local_error))
    return;

  g_debug ("No stamped.pdf in the bundle of %s: %s", e->info->id,
           local_error ? local_error->message : "no reason given");
  /* VERIFY.txt is in English throughout; so is this fallback. */
  e->stamped_pdf_gone = g_strdup (local_error ? local_error->message : "the copy could not be drawn");
}

/* One line of VERIFY.txt from free text: every control character (a line
 * feed or an escape sequence would forge lines on a terminal) and every
 * invisible formatting one (a bidi override reorders what is shown) becomes
 * a space. */
static char *
plain_line (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  GString *line = g_string_new (NULL);

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      if (type == G_UNICODE_CONTROL || type == G_UNICODE_FORMAT ||
          type == G_UNICODE_LINE_SEPARATOR || type == G_UNICODE_PARAGRAPH_SEPARATOR)
        g_string_append_c (line, ' ');
      else
        g_string_append_unichar (line, c);
    }

  return g_string_free (line, FALSE);
}

static gboolean
write_verify_text (Export *e,
                   GError **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *id = plain_line (e->info->id);
  g_autofree char *title = plain_line (e->info->title);
  g_autofree char *correction = NULL;

  if (e->has_correction)
    correction = g_strdup_printf ("%u. The punch this correction request (打刻修正申請) adds once approved:\n"
                                  "   gpg --verify correction/punch.txt.asc correction/punch.txt\n"
                                  "   - its Login is the applicant, and its Signer-Key the applicant's key\n"
                                  "   - sha256sum correction/punch.txt is the SHA-256 the last r<N>.pdf\n"
                                  "     prints beside the punch's uuid: what the approvers stamped\n"
                                  "   - sha256sum correction/note.txt is its Note-SHA256, when it has one\n\n",
                                  e->server_key != NULL ? 6 : 5);

  g_string_append_printf (text,
                          "Ringi evidence bundle for request %s\n"
                          "Title: %s\n\n"
                          "This folder can be checked without Ringi, with GnuPG and coreutils.\n\n"
                          "1. The documents: compare each hash with manifest.json\n"
                          "   sha256sum r*.pdf\n\n"
                          "2. Import the signers' public keys into a new, empty GnuPG home\n"
                          "   export GNUPGHOME=$(mktemp -d)\n"
                          "   gpg --import keys/*.asc\n\n"
                          "3. Check every stamp and delegation signature\n"
                          "   for f in stamps/*.txt delegations/*.txt; do\n"
                          "     [ -e \"$f\" ] && gpg --verify \"$f.asc\" \"$f\"\n"
                          "   done\n\n"
                          "4. Read the stamps in order (stamps/0001.txt first). In each:\n"
                          "   - Document-SHA256 is the sha256 of that Revision's r<N>.pdf\n"
                          "   - Previous is the sha256 of the stamp before it:  sha256sum stamps/*.txt\n"
                          "   - Signer-Key is the key that made the signature, and manifest.json\n"
                          "     \"signers\" binds it to Signer; compare those fingerprints with your\n"
                          "     organisation's directory.\n\n"
                          "%s%s"
                          "The record format is described in Ringi's docs/stamp-format.md and the\n"
                          "bundle in docs/bundle-format.md. With Ringi installed:\n"
                          "   ringi-cli bundle verify .\n",
                          id, title,
                          e->server_key == NULL ? ""
                                                : "5. The server's receipts: each names the sha256 of the stamp with the\n"
                                                  "   same number, and is signed by the key manifest.json calls server_key\n"
                                                  "   for f in receipts/*.txt; do gpg --verify \"$f.asc\" \"$f\"; done\n\n",
                          correction != NULL ? correction : "");

  if (e->stamped_pdf_gone != NULL)
    {
      g_autofree char *why = plain_line (e->stamped_pdf_gone);

      g_string_append_printf (text,
                              "\nstamped.pdf is not in this bundle: %s\n"
                              "It is only a copy for reading, with the seals drawn on the last revision;\n"
                              "the evidence above is complete without it.\n",
                              why);
    }

  bytes = g_string_free_to_bytes (g_steal_pointer (&text));
  return write_bytes (e, "VERIFY.txt", bytes, error);
}

static gboolean
prepare_target (const char *dir,
                char **out_partial,
                GError **error)
{
  g_autofree char *parent = g_path_get_dirname (dir);
  g_autofree char *template = NULL;
  g_autoptr(GDir) existing = NULL;

  existing = g_dir_open (dir, 0, NULL);
  if (existing != NULL && g_dir_read_name (existing) != NULL)
    {
      g_set_error (error, RINGI_BUNDLE_ERROR, RINGI_BUNDLE_ERROR_EXISTS,
                   _("The folder “%s” is not empty; choose a new folder for the bundle"), dir);
      return FALSE;
    }

  template = g_build_filename (parent, ".ringi-bundle-XXXXXX", NULL);
  *out_partial = g_mkdtemp (g_steal_pointer (&template));
  if (*out_partial == NULL)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not write in “%s”: %s"), parent, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

static gboolean
finish_target (Export *e,
               const char *dir,
               GError **error)
{
  /* An empty target folder may stand where the bundle goes. */
  g_rmdir (dir);
  if (g_rename (e->dir, dir) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create the bundle “%s”: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

/**
 * ringi_bundle_export:
 * @store: the profile store holding the request
 * @request_id: the request
 * @dir: the bundle's folder, absent or empty
 * @error: return location for a #GError
 *
 * Writes the request's evidence bundle. Everything is written into a
 * hidden folder beside @dir first and renamed at the end, so that @dir
 * either holds a complete bundle or nothing.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_bundle_export (RingiStore *store,
                     const char *request_id,
                     const char *dir,
                     GError **error)
{
  Export e = { 0 };
  gboolean ok;

  g_return_val_if_fail (RINGI_IS_STORE (store), FALSE);
  g_return_val_if_fail (request_id != NULL && dir != NULL, FALSE);

  e.store = store;
  e.info = ringi_store_get_request (store, request_id, error);
  if (e.info == NULL || !prepare_target (dir, &e.dir, error))
    {
      export_clear (&e);
      return FALSE;
    }

  e.revision_shas = g_ptr_array_new_with_free_func (g_free);
  e.stamp_paths = g_ptr_array_new_with_free_func (g_free);
  e.stamps = g_ptr_array_new_with_free_func ((GDestroyNotify) ringi_stamp_unref);
  e.delegation_paths = g_ptr_array_new_with_free_func (g_free);
  e.signers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  e.receipt_paths = g_ptr_array_new_with_free_func (g_free);

  ok = write_revisions (&e, error) &&
       write_stamps (&e, error) &&
       write_receipts (&e, error) &&
       write_delegations (&e, error) &&
       write_correction (&e, error) &&
       write_manifest (&e, error);
  if (ok)
    {
      write_stamped_pdf (&e);
      ok = write_verify_text (&e, error) && finish_target (&e, dir, error);
    }

  if (!ok)
    ringi_fs_remove_tree (e.dir);
  export_clear (&e);
  return ok;
}
