/* test-bundle-load.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading evidence bundles that someone crafted to harm the reader: names
 * that paint on a terminal, paths and symbolic links that lead out of the
 * bundle, special and huge files, a manifest that nests without end or
 * contradicts its stamps. Each is refused by ringi_bundle_load() with a
 * message saying why, and by `ringi-cli bundle verify` with exit status 2
 * and the same message.
 */

#define G_LOG_DOMAIN "test-bundle-load"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ringi-bundle.h"
#include "ringi-json-guard.h"
#include "ringi-stamp.h"
#include "ringi-test-utils.h"

#define DOCUMENT       "2c4e6a80-1b3d-4f5a-9c7e-0a2b4c6d8e10"
#define OTHER_DOCUMENT "7d9f1b3c-5e7a-4c2d-8f0b-1d3f5a7c9e2b"
#define SATO_KEY       "0123456789ABCDEF0123456789ABCDEF01234567"
#define STAMP          "stamps/0001.txt"

/* Loading never parses the PDF, so a few bytes stand for one. */
static const char pdf[] = "%PDF-1.4\n% loading a bundle never parses its PDFs\n";

typedef struct
{
  char *dir;     /* the test's own folder */
  char *bundle;  /* dir/bundle */
  char *outside; /* dir/outside: what a bundle must never reach */
  char *pdf_sha256;

  /* The manifest that write_manifest() writes; tests change these. */
  const char *document;
  const char *revision_file;
  const char *revision_sha256;
  const char *stamp_path;
  const char *signer;
  const char *signer_key;
  const char *server_key;
} Fixture;

static void
write_file (const char *dir,
            const char *name,
            const char *contents,
            gssize length)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (parent, 0700), ==, 0);
  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
}

static GBytes *
make_stamp (const char *pdf_sha256)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 ("2026-11-23T10:15:00+09:00", NULL);
  g_autoptr(RingiStamp) stamp = NULL;
  RingiStampFields fields = {
    .document = DOCUMENT,
    .revision = 1,
    .document_sha256 = pdf_sha256,
    .action = RINGI_ACTION_SUBMIT,
    .signer = "sato",
    .signer_key = SATO_KEY,
    .time = time,
    .route = "approve=suzuki ; final=tanaka",
  };

  stamp = ringi_stamp_new (&fields, &error);
  g_assert_no_error (error);
  return ringi_stamp_to_bytes (stamp);
}

/* A bundle that loads: one revision, one stamp, one key. Signatures and
 * keys are placeholders, as loading checks no signature. */
static void
fixture_setup (Fixture *f,
               gconstpointer data)
{
  g_autoptr(GBytes) stamp = NULL;

  f->dir = ringi_test_make_tmpdir ("rbl");
  f->bundle = g_build_filename (f->dir, "bundle", NULL);
  f->outside = g_build_filename (f->dir, "outside", NULL);
  g_assert_cmpint (g_mkdir (f->bundle, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (f->outside, 0700), ==, 0);

  f->pdf_sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, pdf, -1);
  stamp = make_stamp (f->pdf_sha256);
  write_file (f->bundle, "r1.pdf", pdf, -1);
  write_file (f->bundle, STAMP, g_bytes_get_data (stamp, NULL), g_bytes_get_size (stamp));
  write_file (f->bundle, STAMP ".asc", "-----BEGIN PGP SIGNATURE-----\n", -1);
  write_file (f->bundle, "keys/" SATO_KEY ".asc", "-----BEGIN PGP PUBLIC KEY BLOCK-----\n", -1);

  f->document = DOCUMENT;
  f->revision_file = "r1.pdf";
  f->revision_sha256 = f->pdf_sha256;
  f->stamp_path = STAMP;
  f->signer = "sato";
  f->signer_key = SATO_KEY;
  f->server_key = NULL;
}

static void
fixture_teardown (Fixture *f,
                  gconstpointer data)
{
  ringi_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->bundle);
  g_free (f->outside);
  g_free (f->pdf_sha256);
}

static void
add_string (JsonBuilder *builder,
            const char *name,
            const char *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static char *
manifest_text (Fixture *f)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  add_string (builder, "format", "ringi-bundle-1");
  add_string (builder, "document", f->document);
  add_string (builder, "title", "公用車の購入");
  json_builder_set_member_name (builder, "revisions");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, 1);
  add_string (builder, "file", f->revision_file);
  add_string (builder, "sha256", f->revision_sha256);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "signers");
  json_builder_begin_object (builder);
  add_string (builder, f->signer, f->signer_key);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "stamps");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, f->stamp_path);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "delegations");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  add_string (builder, "server_key", f->server_key);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static void
write_manifest (Fixture *f)
{
  g_autofree char *text = manifest_text (f);

  write_file (f->bundle, "manifest.json", text, -1);
}

/* Copies a file of the bundle to another name, inside or outside it. */
static void
copy_file (const char *from,
           const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *parent = g_path_get_dirname (to);
  gsize length;

  g_file_get_contents (from, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (parent, 0700), ==, 0);
  g_file_set_contents (to, contents, length, &error);
  g_assert_no_error (error);
}

static void
copy_in_bundle (Fixture *f,
                const char *from,
                const char *to)
{
  g_autofree char *from_path = g_build_filename (f->bundle, from, NULL);
  g_autofree char *to_path = g_build_filename (f->bundle, to, NULL);

  copy_file (from_path, to_path);
}

/* Replaces @name in the bundle by a symbolic link to @target. */
static void
replace_by_link (Fixture *f,
                 const char *name,
                 const char *target)
{
  g_autofree char *path = g_build_filename (f->bundle, name, NULL);

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    ringi_test_remove_tree (path);
  else
    g_unlink (path);
  g_assert_cmpint (symlink (target, path), ==, 0);
}

/* Replaces @name in the bundle by a link to a copy of it outside, so
 * that following the link would find exactly the expected bytes. */
static void
move_outside_and_link (Fixture *f,
                       const char *name)
{
  g_autofree char *inside = g_build_filename (f->bundle, name, NULL);
  g_autofree char *target = g_build_filename (f->outside, name, NULL);
  g_autofree char *parent = g_path_get_dirname (target);

  g_assert_cmpint (g_mkdir_with_parents (parent, 0700), ==, 0);
  g_assert_cmpint (g_rename (inside, target), ==, 0);
  g_assert_cmpint (symlink (target, inside), ==, 0);
}

/* Not a byte that moves a terminal's cursor or starts an escape sequence:
 * only printable text and, with @newline_at_end, one final line feed. */
static void
assert_printable (const char *text,
                  gboolean newline_at_end)
{
  gsize length = strlen (text);

  if (newline_at_end)
    {
      g_assert_cmpuint (length, >, 0);
      g_assert_cmpint (text[length - 1], ==, '\n');
      length--;
    }

  for (gsize i = 0; i < length; i++)
    {
      guchar c = text[i];

      if (c < 0x20 || c == 0x7f)
        g_assert_cmpstr (text, ==, "(no control character)");
    }
}

static char *
bytes_to_string (GBytes *bytes)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  return size > 0 ? g_strndup (data, size) : g_strdup ("");
}

static int
run_cli (const char *bundle,
         char **out_stdout,
         char **out_stderr)
{
  const char *argv[] = { g_getenv ("RINGI_CLI_EXE"), "bundle", "verify", bundle, NULL };
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;

  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  /* Bytes, not UTF-8: what reached the terminal is checked as it is. */
  g_subprocess_communicate (proc, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  *out_stdout = bytes_to_string (out);
  *out_stderr = bytes_to_string (err);
  g_test_message ("ringi-cli bundle verify: exit %d\nstdout: %s\nstderr: %s",
                  g_subprocess_get_exit_status (proc), *out_stdout, *out_stderr);
  return g_subprocess_get_exit_status (proc);
}

/* The bundle is refused with @code and a message holding @fragment, by
 * the library and by the command line, and nothing it holds reaches the
 * terminal unescaped. */
static void
assert_refused_at (const char *bundle,
                   int code,
                   const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiBundle) loaded = ringi_bundle_load (bundle, &error);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_null (loaded);
  g_assert_error (error, RINGI_BUNDLE_ERROR, code);
  ringi_test_assert_contains (error->message, fragment);
  assert_printable (error->message, FALSE);

  g_assert_cmpint (run_cli (bundle, &out, &err), ==, 2);
  g_assert_cmpstr (out, ==, "");
  ringi_test_assert_contains (err, fragment);
  assert_printable (err, TRUE);
}

static void
assert_refused (Fixture *f,
                int code,
                const char *fragment)
{
  assert_refused_at (f->bundle, code, fragment);
}

static RingiBundle *
load (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  RingiBundle *bundle = ringi_bundle_load (f->bundle, &error);

  g_assert_no_error (error);
  g_assert_nonnull (bundle);
  return bundle;
}

static void
test_loads (Fixture *f,
            gconstpointer data)
{
  g_autoptr(RingiBundle) bundle = NULL;
  RingiSignedFile *stamp;

  write_manifest (f);
  bundle = load (f);
  g_assert_cmpstr (ringi_bundle_get_document (bundle), ==, DOCUMENT);
  g_assert_cmpuint (ringi_bundle_get_n_revisions (bundle), ==, 1);
  g_assert_cmpmem (g_bytes_get_data (ringi_bundle_get_revision (bundle, 1), NULL),
                   g_bytes_get_size (ringi_bundle_get_revision (bundle, 1)), pdf, strlen (pdf));
  g_assert_cmpuint (ringi_bundle_get_stamps (bundle)->len, ==, 1);
  stamp = g_ptr_array_index (ringi_bundle_get_stamps (bundle), 0);
  g_assert_cmpstr (stamp->path, ==, STAMP);
  g_assert_cmpuint (ringi_bundle_get_keys (bundle)->len, ==, 1);
}

typedef struct
{
  const char *name;
  const char *path;
  gboolean create; /* put the stamp there, so only the name is wrong */
} PathCase;

static const PathCase path_cases[] = {
  /* What a review used to forge a "Verdict: valid" line on a terminal. */
  { "terminal-escape", "stamps/x\r\033[2Kstamps/0002.txt  approve  sato  valid\nVerdict: valid.\n\033[8m", TRUE },
  { "space", "stamps/0001 copy.txt", TRUE },
  { "non-ascii", "stamps/印.txt", TRUE },
  { "backslash", "stamps\\0001.txt", TRUE },
  { "parent", "../outside/0001.txt", FALSE },
  { "parent-inside", "stamps/../" STAMP, FALSE },
  { "dot", "./" STAMP, FALSE },
  { "empty-component", "stamps//0001.txt", FALSE },
  { "trailing-slash", "stamps/", FALSE },
  { "absolute", "/etc/passwd", FALSE },
  { "empty", "", FALSE },
  /* 258 bytes, in parts short enough to create */
  { "too-long", "stamps/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
                "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
    TRUE },
};

static void
test_unsafe_path (Fixture *f,
                  gconstpointer data)
{
  const PathCase *c = data;

  if (c->create)
    {
      g_autofree char *asc = g_strconcat (c->path, ".asc", NULL);

      copy_in_bundle (f, STAMP, c->path);
      copy_in_bundle (f, STAMP ".asc", asc);
    }
  {
    g_autofree char *outside = g_build_filename (f->outside, "0001.txt", NULL);
    g_autofree char *outside_asc = g_build_filename (f->outside, "0001.txt.asc", NULL);
    g_autofree char *stamp = g_build_filename (f->bundle, STAMP, NULL);
    g_autofree char *stamp_asc = g_build_filename (f->bundle, STAMP ".asc", NULL);

    copy_file (stamp, outside);
    copy_file (stamp_asc, outside_asc);
  }

  f->stamp_path = c->path;
  write_manifest (f);
  assert_refused (f, RINGI_BUNDLE_ERROR_UNSAFE_PATH, "which is not a file inside the bundle");
}

typedef struct
{
  const char *name;
  const char *signer;
  const char *signer_key;
  const char *server_key;
  const char *fragment;
} SignerCase;

static const SignerCase signer_cases[] = {
  { "lower-case-key", "sato", "0123456789abcdef0123456789abcdef01234567", NULL, "which is not a fingerprint" },
  { "short-key", "sato", "0123456789ABCDEF0123456789ABCDEF0123456", NULL, "which is not a fingerprint" },
  { "key-path", "sato", "../../outside/key", NULL, "which is not a fingerprint" },
  { "key-escape", "sato", "\033[2J0123456789ABCDEF0123456789ABCDEF01234567", NULL, "which is not a fingerprint" },
  { "upper-case-login", "Sato", SATO_KEY, NULL, "which is not a login" },
  { "login-escape", "sato\r\033[31m", SATO_KEY, NULL, "which is not a login" },
  { "empty-login", "", SATO_KEY, NULL, "which is not a login" },
  { "server-key", "sato", SATO_KEY, "../server", "which is not a fingerprint" },
};

static void
test_bad_signer (Fixture *f,
                 gconstpointer data)
{
  const SignerCase *c = data;

  /* The key file is there under the name the manifest gives. */
  if (g_str_is_ascii (c->signer_key) && strchr (c->signer_key, '/') == NULL)
    {
      g_autofree char *name = g_strdup_printf ("keys/%s.asc", c->signer_key);

      copy_in_bundle (f, "keys/" SATO_KEY ".asc", name);
    }

  f->signer = c->signer;
  f->signer_key = c->signer_key;
  f->server_key = c->server_key;
  write_manifest (f);
  assert_refused (f, RINGI_BUNDLE_ERROR_FORMAT, c->fragment);
}

static void
test_bad_document (Fixture *f,
                   gconstpointer data)
{
  f->document = "2C4E6A80-1B3D-4F5A-9C7E-0A2B4C6D8E10";
  write_manifest (f);
  assert_refused (f, RINGI_BUNDLE_ERROR_FORMAT, "no valid “document”");

  f->document = "\033]0;pwned\007";
  write_manifest (f);
  assert_refused (f, RINGI_BUNDLE_ERROR_FORMAT, "no valid “document”");
}

static void
test_bad_revision_sha256 (Fixture *f,
                          gconstpointer data)
{
  f->revision_sha256 = "\033[2J";
  write_manifest (f);
  assert_refused (f, RINGI_BUNDLE_ERROR_FORMAT, "no valid “revisions”");
}

static char *
nested (guint depth)
{
  g_autoptr(GString) text = g_string_new ("{\"format\": \"ringi-bundle-1\", \"x\": ");

  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, '[');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, ']');
  g_string_append (text, "}");
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* json-glib 1.6 parses by recursion and runs out of stack on this. */
static void
test_deep_json (Fixture *f,
                gconstpointer data)
{
  g_autofree char *deep = nested (100000);

  write_file (f->bundle, "manifest.json", deep, -1);
  assert_refused (f, RINGI_BUNDLE_ERROR_FORMAT, "deeper than 64 levels");
}

/* Nesting to the limit is fine: the manifest object is one level, an
 * unknown member in it 63 more. */
static void
test_nesting_at_limit (Fixture *f,
                       gconstpointer data)
{
  g_autofree char *text = manifest_text (f);
  g_autoptr(GString) manifest = g_string_new (text);
  g_autoptr(GString) later = g_string_new ("\"later\": ");
  g_autoptr(RingiBundle) bundle = NULL;

  for (guint i = 0; i < 63; i++)
    g_string_append_c (later, '[');
  for (guint i = 0; i < 63; i++)
    g_string_append_c (later, ']');
  g_string_append (later, ", ");
  g_assert_cmpint (manifest->str[0], ==, '{');
  g_string_insert (manifest, 1, later->str);
  write_file (f->bundle, "manifest.json", manifest->str, manifest->len);

  bundle = load (f);
  g_assert_cmpstr (ringi_bundle_get_document (bundle), ==, DOCUMENT);
}

static void
test_large_manifest (Fixture *f,
                     gconstpointer data)
{
  g_autofree char *text = manifest_text (f);
  g_autoptr(GString) manifest = g_string_new (text);

  /* Valid JSON, padded with white space beyond 1 MiB. */
  while (manifest->len <= 1024 * 1024)
    g_string_append (manifest, "                                ");
  write_file (f->bundle, "manifest.json", manifest->str, manifest->len);
  assert_refused (f, RINGI_BUNDLE_ERROR_UNREADABLE, "“manifest.json” in the bundle is larger than");
}

typedef struct
{
  const char *name;
  const char *link;   /* the bundle entry to replace by a link */
  const char *target; /* %NULL: to its own copy outside the bundle */
  const char *fragment;
} LinkCase;

static const LinkCase link_cases[] = {
  { "revision", "r1.pdf", NULL, "“r1.pdf” in the bundle is a symbolic link" },
  { "revision-etc-passwd", "r1.pdf", "/etc/passwd", "“r1.pdf” in the bundle is a symbolic link" },
  { "revision-dev-zero", "r1.pdf", "/dev/zero", "“r1.pdf” in the bundle is a symbolic link" },
  { "stamp", STAMP, NULL, "“" STAMP "” in the bundle is a symbolic link" },
  { "signature", STAMP ".asc", NULL, "“" STAMP ".asc” in the bundle is a symbolic link" },
  { "stamps-folder", "stamps", NULL, "“stamps” in the bundle is a symbolic link" },
  { "keys-folder", "keys", NULL, "“keys” in the bundle is a symbolic link" },
  { "key", "keys/" SATO_KEY ".asc", NULL, "“keys/" SATO_KEY ".asc” in the bundle is a symbolic link" },
  { "manifest", "manifest.json", NULL, "“manifest.json” in the bundle is a symbolic link" },
  { "inside", "r1.pdf", "keys/" SATO_KEY ".asc", "“r1.pdf” in the bundle is a symbolic link" },
};

static void
test_symlink (Fixture *f,
              gconstpointer data)
{
  const LinkCase *c = data;

  write_manifest (f);
  if (c->target != NULL)
    replace_by_link (f, c->link, c->target);
  else
    move_outside_and_link (f, c->link);

  assert_refused (f, RINGI_BUNDLE_ERROR_UNSAFE_PATH, c->fragment);
}

/* The folder named on the command line is the bundle itself. */
static void
test_bundle_is_symlink (Fixture *f,
                        gconstpointer data)
{
  g_autofree char *link = g_build_filename (f->dir, "link", NULL);

  write_manifest (f);
  g_assert_cmpint (symlink (f->bundle, link), ==, 0);
  assert_refused_at (link, RINGI_BUNDLE_ERROR_UNSAFE_PATH, "is a symbolic link");
}

/* A FIFO would block a reader that opened it for ever. */
static void
test_fifo (Fixture *f,
           gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->bundle, "r1.pdf", NULL);

  write_manifest (f);
  g_unlink (path);
  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  assert_refused (f, RINGI_BUNDLE_ERROR_UNREADABLE, "“r1.pdf” in the bundle is not a plain file");
}

static void
test_folder_as_file (Fixture *f,
                     gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->bundle, "r1.pdf", NULL);

  write_manifest (f);
  g_unlink (path);
  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
  assert_refused (f, RINGI_BUNDLE_ERROR_UNREADABLE, "“r1.pdf” in the bundle is not a plain file");
}

static void
truncate_to (Fixture *f,
             const char *name,
             goffset size)
{
  g_autofree char *path = g_build_filename (f->bundle, name, NULL);

  /* Sparse: no disk space is used. */
  g_assert_cmpint (truncate (path, size), ==, 0);
}

static void
test_large_record (Fixture *f,
                   gconstpointer data)
{
  write_manifest (f);
  truncate_to (f, STAMP, 1024 * 1024);
  assert_refused (f, RINGI_BUNDLE_ERROR_UNREADABLE, "“" STAMP "” in the bundle is larger than");
}

static void
test_large_revision (Fixture *f,
                     gconstpointer data)
{
  write_manifest (f);
  truncate_to (f, "r1.pdf", 257 * 1024 * 1024);
  assert_refused (f, RINGI_BUNDLE_ERROR_UNREADABLE, "“r1.pdf” in the bundle is larger than");
}

static void
test_missing_file (Fixture *f,
                   gconstpointer data)
{
  f->stamp_path = "stamps/9999.txt";
  write_manifest (f);
  assert_refused (f, RINGI_BUNDLE_ERROR_MISSING_FILE, "lacks the file “stamps/9999.txt”");
}

static void
test_file_as_folder (Fixture *f,
                     gconstpointer data)
{
  f->stamp_path = "r1.pdf/0001.txt";
  write_manifest (f);
  assert_refused (f, RINGI_BUNDLE_ERROR_UNREADABLE, "“r1.pdf” in the bundle is not a folder");
}

static void
test_consistent (Fixture *f,
                 gconstpointer data)
{
  g_autoptr(RingiBundle) bundle = NULL;

  write_manifest (f);
  bundle = load (f);
  g_assert_cmpuint (ringi_bundle_get_notes (bundle)->len, ==, 0);
  g_assert_true (ringi_bundle_is_consistent (bundle));
}

/* Valid stamps of one request, presented as the evidence of another. */
static void
test_document_mismatch (Fixture *f,
                        gconstpointer data)
{
  g_autoptr(RingiBundle) bundle = NULL;
  RingiBundleNote *note;

  f->document = OTHER_DOCUMENT;
  write_manifest (f);
  bundle = load (f);

  g_assert_false (ringi_bundle_is_consistent (bundle));
  g_assert_cmpuint (ringi_bundle_get_notes (bundle)->len, ==, 1);
  note = g_ptr_array_index (ringi_bundle_get_notes (bundle), 0);
  g_assert_cmpint (note->severity, ==, RINGI_BUNDLE_NOTE_INCONSISTENT);
  ringi_test_assert_contains (note->text, "The manifest describes request " OTHER_DOCUMENT ", but " STAMP
                                          " is a stamp on request " DOCUMENT);
}

/* The stamps' Document-SHA256 decide; the manifest's sha256 is told. */
static void
test_revision_hash_mismatch (Fixture *f,
                             gconstpointer data)
{
  g_autoptr(RingiBundle) bundle = NULL;
  g_autofree char *expected = NULL;
  RingiBundleNote *note;

  f->revision_sha256 = "0000000000000000000000000000000000000000000000000000000000000000";
  write_manifest (f);
  bundle = load (f);

  g_assert_true (ringi_bundle_is_consistent (bundle));
  g_assert_cmpuint (ringi_bundle_get_notes (bundle)->len, ==, 1);
  note = g_ptr_array_index (ringi_bundle_get_notes (bundle), 0);
  g_assert_cmpint (note->severity, ==, RINGI_BUNDLE_NOTE_INFO);
  expected = g_strdup_printf ("The manifest gives r1.pdf the sha256 %s, but its bytes hash to %s",
                              f->revision_sha256, f->pdf_sha256);
  ringi_test_assert_contains (note->text, expected);
}

typedef struct
{
  const char *json;
  gssize length; /* -1: all of it */
  guint max_depth;
  gboolean accepted;
} GuardCase;

static const GuardCase guard_cases[] = {
  { "", -1, 0, TRUE },
  { "42", -1, 0, TRUE },
  { "[]", -1, 0, FALSE },
  { "[]", -1, 1, TRUE },
  { "[[]]", -1, 1, FALSE },
  { "[[], [], {}]", -1, 2, TRUE },
  { "{\"a\": [1, {\"b\": 2}]}", -1, 3, TRUE },
  { "{\"a\": [1, {\"b\": 2}]}", -1, 2, FALSE },
  /* Brackets in strings do not count, escaped quotes do not end them. */
  { "[\"[[[[{{{{\"]", -1, 1, TRUE },
  { "[\"\\\"[[[[\"]", -1, 1, TRUE },
  /* An escaped backslash does not escape the quote after it. */
  { "[\"\\\\\", [[]]]", -1, 2, FALSE },
  /* Closing more than was opened does not make room for more. */
  { "]]]]][[", -1, 1, FALSE },
  { "[[[[", 2, 2, TRUE },
  { "[[[[", 3, 2, FALSE },
};

static void
test_json_guard (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (guard_cases); i++)
    {
      const GuardCase *c = &guard_cases[i];
      gsize length = c->length < 0 ? strlen (c->json) : (gsize) c->length;
      g_autoptr(GError) error = NULL;
      gboolean accepted;

      g_test_message ("%s (%" G_GSIZE_FORMAT " bytes), at most %u deep", c->json, length, c->max_depth);
      accepted = ringi_json_guard_check (c->json, length, c->max_depth, &error);
      g_assert_cmpint (accepted, ==, c->accepted);
      if (accepted)
        g_assert_no_error (error);
      else
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    }
}

/* What the guard lets through, json-glib parses without trouble; what it
 * refuses would have crashed it. */
static void
test_json_guard_deep (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 1000000; i++)
    g_string_append_c (text, i % 2 ? '{' : '[');
  g_assert_false (ringi_json_guard_check (text->str, text->len, 64, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  ringi_test_assert_contains (error->message, "deeper than 64 levels");
}

int
main (int argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, data) g_test_add (path, Fixture, data, fixture_setup, func, fixture_teardown)
  ADD ("/ringi/bundle-load/loads", test_loads, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (path_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ringi/bundle-load/unsafe-path/%s", path_cases[i].name);

      ADD (path, test_unsafe_path, &path_cases[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (signer_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ringi/bundle-load/bad-signer/%s", signer_cases[i].name);

      ADD (path, test_bad_signer, &signer_cases[i]);
    }
  ADD ("/ringi/bundle-load/bad-document", test_bad_document, NULL);
  ADD ("/ringi/bundle-load/bad-revision-sha256", test_bad_revision_sha256, NULL);
  ADD ("/ringi/bundle-load/deep-json", test_deep_json, NULL);
  ADD ("/ringi/bundle-load/nesting-at-limit", test_nesting_at_limit, NULL);
  ADD ("/ringi/bundle-load/large-manifest", test_large_manifest, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (link_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ringi/bundle-load/symlink/%s", link_cases[i].name);

      ADD (path, test_symlink, &link_cases[i]);
    }
  ADD ("/ringi/bundle-load/symlink/bundle", test_bundle_is_symlink, NULL);
  ADD ("/ringi/bundle-load/fifo", test_fifo, NULL);
  ADD ("/ringi/bundle-load/folder-as-file", test_folder_as_file, NULL);
  ADD ("/ringi/bundle-load/file-as-folder", test_file_as_folder, NULL);
  ADD ("/ringi/bundle-load/large-record", test_large_record, NULL);
  ADD ("/ringi/bundle-load/large-revision", test_large_revision, NULL);
  ADD ("/ringi/bundle-load/missing-file", test_missing_file, NULL);
  ADD ("/ringi/bundle-load/consistent", test_consistent, NULL);
  ADD ("/ringi/bundle-load/document-mismatch", test_document_mismatch, NULL);
  ADD ("/ringi/bundle-load/revision-hash-mismatch", test_revision_hash_mismatch, NULL);
#undef ADD

  /* The guard has no test program of its own yet: the bundle is its
   * first user. */
  g_test_add_func ("/ringi/json-guard/depth", test_json_guard);
  g_test_add_func ("/ringi/json-guard/deep", test_json_guard_deep);

  return g_test_run ();
}
