/* test-bundle-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Interoperability from the inside out: a bundle exported by Ringi,
 * checked with the `gpg` command line and sha256 alone, and its
 * stamped.pdf read back with poppler.
 */

#define G_LOG_DOMAIN "test-bundle-export"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <poppler.h>

#include "ringi-bundle.h"
#include "ringi-delegation.h"
#include "ringi-keyring.h"
#include "ringi-stamp.h"
#include "ringi-store.h"
#include "ringi-test-utils.h"

#define PIN      "1234-seal"
#define DOCUMENT "8e1f6c0a-2b3d-4e5f-8a9b-0c1d2e3f4a5b"

enum
{
  SUZUKI,
  SATO,
  TANAKA,
  N_USERS
};

static const char *logins[N_USERS] = { "suzuki", "sato", "tanaka" };
static const char *seal_names[N_USERS] = { "鈴木", "佐藤", "田中" };

/* Made once: key generation is the slow part of this program. */
static char *keyring_home;
static RingiKeyring *keyring;
static char *fingerprints[N_USERS];
static char *server_fingerprint; /* signs the receipts, as ringi-server does */

/* What a test changes in the fixture; %NULL members keep the default. */
typedef struct
{
  const char *title;
  const char *pdf;             /* the revision's bytes instead of a real PDF */
  const char *sato_department; /* shown on sato's seal */
  const char *sato_seal_name;
} Options;

typedef struct
{
  char *dir;
  RingiStore *store;
  GBytes *pdf;
  char *pdf_sha256;
  char *previous;
  guint minute;
} Fixture;

static void
make_keys (void)
{
  g_autoptr(GError) error = NULL;

  keyring_home = ringi_test_make_tmpdir ("rbx-gpg");
  ringi_test_write_fast_agent_conf (keyring_home);
  keyring = ringi_keyring_new (keyring_home, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < N_USERS; i++)
    {
      ringi_keyring_generate_key (keyring, logins[i], logins[i], PIN, &fingerprints[i], NULL, &error);
      g_assert_no_error (error);
    }
  ringi_keyring_generate_key (keyring, "server", "Ringi server", PIN, &server_fingerprint, NULL, &error);
  g_assert_no_error (error);
}

static void
add_users (Fixture *f,
           const Options *options)
{
  for (guint i = 0; i < N_USERS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) key = ringi_keyring_export_public (keyring, fingerprints[i], &error);
      gboolean sato = i == SATO && options != NULL;
      RingiUser user = {
        .login = (char *) logins[i],
        .display_name = (char *) logins[i],
        .seal_name = (char *) (sato && options->sato_seal_name ? options->sato_seal_name : seal_names[i]),
        .department = (char *) (sato && options->sato_department ? options->sato_department : "総務課"),
        .role = (char *) "staff",
        .fingerprint = fingerprints[i],
        .public_key = key,
      };

      g_assert_no_error (error);
      g_assert_true (ringi_store_put_user (f->store, &user, &error));
      g_assert_no_error (error);
    }
}

static void
fixture_setup (Fixture *f,
               gconstpointer data)
{
  const Options *options = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  g_autofree char *pdf_path = g_build_filename (ringi_test_corpus_dir (), "pdf", "jlshort.pdf", NULL);
  g_autofree char *contents = NULL;
  gsize length;
  RingiRequestInfo info = {
    .id = (char *) DOCUMENT,
    .title = (char *) "庁用車の購入",
    .category = (char *) "purchase",
    .amount = 2500000,
    .counterparty = (char *) "市内自動車販売",
    .transaction_date = (char *) "2026-11-23",
    .applicant = (char *) "suzuki",
  };

  if (options != NULL && options->title != NULL)
    info.title = (char *) options->title;

  f->dir = ringi_test_make_tmpdir ("rbx");
  db = g_build_filename (f->dir, "profile.db", NULL);
  f->store = ringi_store_open (db, &error);
  g_assert_no_error (error);
  add_users (f, options);

  if (options != NULL && options->pdf != NULL)
    {
      contents = g_strdup (options->pdf);
      length = strlen (contents);
    }
  else
    {
      g_file_get_contents (pdf_path, &contents, &length, &error);
      g_assert_no_error (error);
    }
  f->pdf = g_bytes_new_take (g_steal_pointer (&contents), length);
  f->pdf_sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, f->pdf);

  g_assert_true (ringi_store_add_request (f->store, &info, &error));
  g_assert_true (ringi_store_add_revision (f->store, DOCUMENT, 1, f->pdf, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *f,
                  gconstpointer data)
{
  g_assert_finalize_object (f->store);
  ringi_test_remove_tree (f->dir);
  g_free (f->dir);
  g_bytes_unref (f->pdf);
  g_free (f->pdf_sha256);
  g_free (f->previous);
}

static void
stamp_for (Fixture *f,
           guint who,
           const char *on_behalf_of,
           guint step,
           RingiAction action,
           const char *route,
           const RingiPlacement *placement)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 ("2026-11-23T09:00:00+09:00", NULL);
  g_autoptr(GDateTime) when = g_date_time_add_minutes (time, f->minute++);
  g_autoptr(RingiStamp) record = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) signature = NULL;
  RingiStampFields fields = {
    .document = DOCUMENT,
    .revision = 1,
    .document_sha256 = f->pdf_sha256,
    .step = step,
    .action = action,
    .signer = logins[who],
    .signer_key = fingerprints[who],
    .on_behalf_of = on_behalf_of,
    .time = when,
    .previous = f->previous,
    .route = route,
    .placement = placement,
  };

  record = ringi_stamp_new (&fields, &error);
  g_assert_no_error (error);
  bytes = ringi_stamp_to_bytes (record);
  signature = ringi_keyring_sign_detached (keyring, fingerprints[who], PIN, bytes, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (ringi_store_append_stamp (f->store, DOCUMENT, bytes, signature, f->previous, &error));
  g_assert_no_error (error);
  g_free (f->previous);
  f->previous = ringi_stamp_dup_sha256 (record);
}

static void
stamp (Fixture *f,
       guint who,
       guint step,
       RingiAction action,
       const char *route,
       const RingiPlacement *placement)
{
  stamp_for (f, who, NULL, step, action, route, placement);
}

static const RingiPlacement sato_seal = { 1, 420.5, 30, 48 };
static const RingiPlacement tanaka_seal = { 1, 480, 30, 48 };

static void
stamp_whole_route (Fixture *f)
{
  stamp (f, SUZUKI, 0, RINGI_ACTION_SUBMIT, "approve=sato ; final=tanaka", NULL);
  stamp (f, SATO, 1, RINGI_ACTION_APPROVE, NULL, &sato_seal);
  stamp (f, TANAKA, 2, RINGI_ACTION_APPROVE, NULL, &tanaka_seal);
}

static char *export(Fixture *f)
{
  g_autoptr(GError) error = NULL;
  char *bundle = g_build_filename (f->dir, "bundle", NULL);

  g_assert_true (ringi_bundle_export (f->store, DOCUMENT, bundle, &error));
  g_assert_no_error (error);
  return bundle;
}

static int
run (const char *const *argv,
     char **out_stdout)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;

  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, out_stdout, NULL, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (proc);
}

static JsonObject *
read_manifest (const char *bundle,
               JsonParser *parser)
{
  g_autofree char *path = g_build_filename (bundle, "manifest.json", NULL);
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

/* What a person with only GnuPG and coreutils does, as VERIFY.txt says. */
static void
test_verifies_with_gpg_alone (Fixture *f,
                              gconstpointer data)
{
  g_autofree char *bundle = NULL;
  g_autofree char *home = ringi_test_make_tmpdir ("rbx-cli");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GDir) keys = NULL;
  g_autofree char *keys_dir = NULL;
  JsonObject *manifest, *signers;
  JsonArray *stamps;
  const char *name;

  stamp_whole_route (f);
  bundle = export(f);
  manifest = read_manifest (bundle, parser);
  signers = json_object_get_object_member (manifest, "signers");
  stamps = json_object_get_array_member (manifest, "stamps");
  g_assert_cmpuint (json_array_get_length (stamps), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (manifest, "format"), ==, "ringi-bundle-1");

  keys_dir = g_build_filename (bundle, "keys", NULL);
  keys = g_dir_open (keys_dir, 0, NULL);
  while ((name = g_dir_read_name (keys)) != NULL)
    {
      g_autofree char *key = g_build_filename (keys_dir, name, NULL);
      const char *argv[] = { "gpg", "--homedir", home, "--batch", "--import", key, NULL };

      g_assert_cmpint (run (argv, NULL), ==, 0);
    }

  for (guint i = 0; i < json_array_get_length (stamps); i++)
    {
      g_autofree char *record = g_build_filename (bundle, json_array_get_string_element (stamps, i), NULL);
      g_autofree char *asc = g_strconcat (record, ".asc", NULL);
      g_autofree char *status = NULL;
      g_autofree char *text = NULL;
      g_autofree char *expected_line = NULL;
      const char *argv[] = { "gpg", "--homedir", home, "--batch", "--status-fd", "1", "--verify", asc, record, NULL };
      const char *signer;

      g_assert_cmpint (run (argv, &status), ==, 0);
      g_file_get_contents (record, &text, NULL, NULL);
      signer = strstr (text, "\nSigner: ") + strlen ("\nSigner: ");
      signer = g_strndup (signer, strchr (signer, '\n') - signer);
      /* VALIDSIG names the primary key's fingerprint last. */
      g_assert_nonnull (strstr (status, json_object_get_string_member (signers, signer)));
      expected_line = g_strdup_printf ("Document-SHA256: %s\n", f->pdf_sha256);
      g_assert_nonnull (strstr (text, expected_line));
      g_free ((char *) signer);
    }

  {
    g_autofree char *pdf = g_build_filename (bundle, "r1.pdf", NULL);
    g_autofree char *sum = ringi_test_file_sha256 (pdf);

    g_assert_cmpstr (sum, ==, f->pdf_sha256);
  }

  {
    const char *kill[] = { "gpgconf", "--homedir", home, "--kill", "all", NULL };

    run (kill, NULL);
    ringi_test_remove_tree (home);
  }
}

static void
assert_stamp_annot_at (PopplerPage *page,
                       const RingiPlacement *placement)
{
  GList *mappings = poppler_page_get_annot_mapping (page);
  double width, height;
  gboolean found = FALSE;

  poppler_page_get_size (page, &width, &height);
  for (GList *l = mappings; l != NULL; l = l->next)
    {
      PopplerAnnotMapping *m = l->data;

      if (poppler_annot_get_annot_type (m->annot) != POPPLER_ANNOT_STAMP)
        continue;
      g_test_message ("stamp annotation at %.1f,%.1f – %.1f,%.1f on a %.0f×%.0f page",
                      m->area.x1, m->area.y1, m->area.x2, m->area.y2, width, height);
      /* The mapping's area counts y upwards from the bottom of the page;
       * placements count downwards from the top. */
      if (G_APPROX_VALUE (m->area.x1, placement->x, 0.5) &&
          G_APPROX_VALUE (m->area.y2, height - placement->y, 0.5) &&
          G_APPROX_VALUE (m->area.x2 - m->area.x1, placement->size, 0.5))
        found = TRUE;
    }
  poppler_page_free_annot_mapping (mappings);
  g_assert_true (found);
}

/* Renders the page, annotations included, for a person to look at. */
static void
save_page_picture (PopplerPage *page,
                   const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("RINGI_SCREENSHOT_DIR"), name, NULL);
  cairo_surface_t *surface;
  double width, height;
  cairo_t *cr;

  poppler_page_get_size (page, &width, &height);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) width, (int) height);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
}

static void
test_stamped_pdf (Fixture *f,
                  gconstpointer data)
{
  g_autofree char *bundle = NULL;
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(GError) error = NULL;
  PopplerDocument *document;
  PopplerPage *page;

  stamp_whole_route (f);
  bundle = export(f);

  path = g_build_filename (bundle, "stamped.pdf", NULL);
  uri = g_filename_to_uri (path, NULL, NULL);
  document = poppler_document_new_from_file (uri, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_n_pages (document), ==, 108);

  page = poppler_document_get_page (document, 0);
  assert_stamp_annot_at (page, &sato_seal);
  assert_stamp_annot_at (page, &tanaka_seal);
  save_page_picture (page, "stamped-pdf-page1.png");
  g_object_unref (page);
  g_object_unref (document);
}

static void
test_refuses_non_empty_target (Fixture *f,
                               gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *bundle = g_build_filename (f->dir, "occupied", NULL);
  g_autofree char *mine = g_build_filename (bundle, "mine.txt", NULL);

  stamp_whole_route (f);
  g_mkdir (bundle, 0700);
  g_file_set_contents (mine, "keep me", -1, &error);

  g_assert_false (ringi_bundle_export (f->store, DOCUMENT, bundle, &error));
  g_assert_error (error, RINGI_BUNDLE_ERROR, RINGI_BUNDLE_ERROR_EXISTS);
  g_assert_true (g_file_test (mine, G_FILE_TEST_EXISTS));
}

static void
test_missing_key_leaves_nothing (Fixture *f,
                                 gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *bundle = g_build_filename (f->dir, "bundle", NULL);
  g_autoptr(GDir) dir = NULL;
  RingiUser stranger = { .login = (char *) "sato", .display_name = (char *) "sato" };
  const char *name;

  stamp_whole_route (f);
  /* The directory forgot sato's key: the bundle could not be checked. */
  g_assert_true (ringi_store_put_user (f->store, &stranger, &error));

  g_assert_false (ringi_bundle_export (f->store, DOCUMENT, bundle, &error));
  g_assert_error (error, RINGI_STORE_ERROR, RINGI_STORE_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (bundle, G_FILE_TEST_EXISTS));

  /* No half-written folder is left beside it either. */
  dir = g_dir_open (f->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_false (g_str_has_prefix (name, ".ringi-bundle-"));
}

static void
test_cli_verifies_export (Fixture *f,
                          gconstpointer data)
{
  g_autofree char *bundle = NULL;
  g_autofree char *out = NULL;

  stamp_whole_route (f);
  bundle = export(f);

  {
    const char *argv[] = { g_getenv ("RINGI_CLI_EXE"), "bundle", "verify", bundle, NULL };

    g_assert_cmpint (run (argv, &out), ==, 0);
    g_assert_nonnull (strstr (out, "Verdict: valid"));
  }
}

static void
test_ringi_reads_its_export (Fixture *f,
                             gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *bundle = NULL;
  g_autoptr(RingiBundle) loaded = NULL;

  stamp_whole_route (f);
  bundle = export(f);

  loaded = ringi_bundle_load (bundle, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ringi_bundle_get_document (loaded), ==, DOCUMENT);
  g_assert_cmpuint (ringi_bundle_get_stamps (loaded)->len, ==, 3);
  g_assert_cmpuint (ringi_bundle_get_keys (loaded)->len, ==, 3);
  g_assert_true (g_bytes_equal (ringi_bundle_get_revision (loaded, 1), f->pdf));
}

static char *
read_bundle_file (const char *bundle,
                  const char *name)
{
  g_autofree char *path = g_build_filename (bundle, name, NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

/* A delegation record signed with tanaka's key, stored under @id. */
static GBytes *
add_delegation (Fixture *f,
                const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) from = g_date_time_new_from_iso8601 ("2026-11-01T00:00:00+09:00", NULL);
  g_autoptr(GDateTime) until = g_date_time_new_from_iso8601 ("2026-12-01T00:00:00+09:00", NULL);
  g_autoptr(GDateTime) made = g_date_time_new_from_iso8601 ("2026-10-30T17:00:00+09:00", NULL);
  g_autoptr(RingiDelegation) delegation = NULL;
  g_autoptr(GBytes) signature = NULL;
  g_autofree char *valid_from = g_date_time_format_iso8601 (from);
  g_autofree char *valid_until = g_date_time_format_iso8601 (until);
  GBytes *record;
  RingiDelegationFields fields = {
    .id = "0d1e2f3a-4b5c-4d6e-8f7a-9b0c1d2e3f4a",
    .from = "tanaka",
    .to = "sato",
    .valid_from = from,
    .valid_until = until,
    .signer_key = fingerprints[TANAKA],
    .time = made,
  };

  delegation = ringi_delegation_new (&fields, &error);
  g_assert_no_error (error);
  record = ringi_delegation_to_bytes (delegation);
  signature = ringi_keyring_sign_detached (keyring, fingerprints[TANAKA], PIN, record, NULL, &error);
  g_assert_no_error (error);

  {
    RingiStoredDelegation stored = {
      .id = (char *) id,
      .from_login = (char *) "tanaka",
      .to_login = (char *) "sato",
      .valid_from = valid_from,
      .valid_until = valid_until,
      .record = record,
      .signature = signature,
    };

    g_assert_true (ringi_store_add_delegation (f->store, &stored, &error));
    g_assert_no_error (error);
  }

  return record;
}

/* The store's id of a delegation is not a file name: one that climbs out
 * of the bundle must not write there. */
static void
test_delegation_id_traversal (Fixture *f,
                              gconstpointer data)
{
  g_autoptr(GBytes) record = add_delegation (f, "../../escaped");
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, record);
  g_autofree char *name = g_strdup_printf ("delegations/%s.txt", sha256);
  g_autofree char *escaped = g_build_filename (f->dir, "escaped.txt", NULL);
  g_autofree char *bundle = NULL;
  g_autofree char *written = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *delegations;

  /* tanaka is away: sato approves for him. */
  stamp (f, SUZUKI, 0, RINGI_ACTION_SUBMIT, "approve=tanaka ; final=sato", NULL);
  stamp_for (f, SATO, "tanaka", 1, RINGI_ACTION_APPROVE, NULL, NULL);
  bundle = export(f);

  g_assert_false (g_file_test (escaped, G_FILE_TEST_EXISTS));
  delegations = json_object_get_array_member (read_manifest (bundle, parser), "delegations");
  g_assert_cmpuint (json_array_get_length (delegations), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (delegations, 0), ==, name);
  written = read_bundle_file (bundle, name);
  g_assert_cmpmem (written, strlen (written), g_bytes_get_data (record, NULL), g_bytes_get_size (record));

  {
    const char *argv[] = { g_getenv ("RINGI_CLI_EXE"), "bundle", "verify", bundle, NULL };
    g_autofree char *out = NULL;

    g_assert_cmpint (run (argv, &out), ==, 0);
    ringi_test_assert_contains (out, "Verdict: valid");
  }
}

static const Options hostile_title = {
  .title = "庁用車\n\033[31mVerdict: valid\r\t購入\xc2\x85",
};

/* VERIFY.txt is read with cat and less: the title is the only free text
 * in it, and it cannot add lines or escape sequences. */
static void
test_title_control_characters (Fixture *f,
                               gconstpointer data)
{
  const Options *options = data;
  g_autofree char *bundle = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  stamp_whole_route (f);
  bundle = export(f);
  text = read_bundle_file (bundle, "VERIFY.txt");

  ringi_test_assert_contains (text, "\nTitle: 庁用車  [31mVerdict: valid  購入 \n");
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != '\n' && g_unichar_iscntrl (c))
        g_assert_cmpstr (p, ==, "(no control character)");
    }

  /* The manifest is JSON, which escapes it: the title stays as it is. */
  g_assert_cmpstr (json_object_get_string_member (read_manifest (bundle, parser), "title"), ==, options->title);
}

static gboolean
has_stamp_annot_at (PopplerPage *page,
                    const RingiPlacement *placement)
{
  GList *mappings = poppler_page_get_annot_mapping (page);
  double width, height;
  gboolean found = FALSE;

  poppler_page_get_size (page, &width, &height);
  for (GList *l = mappings; l != NULL; l = l->next)
    {
      PopplerAnnotMapping *m = l->data;

      if (poppler_annot_get_annot_type (m->annot) == POPPLER_ANNOT_STAMP &&
          G_APPROX_VALUE (m->area.x1, placement->x, 0.5) &&
          G_APPROX_VALUE (m->area.y2, height - placement->y, 0.5))
        found = TRUE;
    }
  poppler_page_free_annot_mapping (mappings);
  return found;
}

/* Exports with sato's seal at @sato_placement and tanaka's where it always
 * is; returns whether sato's seal is on page 1 of stamped.pdf. */
static gboolean
export_with_sato_seal (Fixture *f,
                       const RingiPlacement *sato_placement)
{
  g_autofree char *bundle = NULL;
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(GError) error = NULL;
  PopplerDocument *document;
  PopplerPage *page;
  gboolean found;

  stamp (f, SUZUKI, 0, RINGI_ACTION_SUBMIT, "approve=sato ; final=tanaka", NULL);
  stamp (f, SATO, 1, RINGI_ACTION_APPROVE, NULL, sato_placement);
  stamp (f, TANAKA, 2, RINGI_ACTION_APPROVE, NULL, &tanaka_seal);
  bundle = export(f);

  path = g_build_filename (bundle, "stamped.pdf", NULL);
  uri = g_filename_to_uri (path, NULL, NULL);
  document = poppler_document_new_from_file (uri, NULL, &error);
  g_assert_no_error (error);
  page = poppler_document_get_page (document, 0);
  assert_stamp_annot_at (page, &tanaka_seal);
  found = has_stamp_annot_at (page, sato_placement);
  g_object_unref (page);
  g_object_unref (document);
  return found;
}

/* Drawn, however small: 0.1 pt is a valid Placement size. */
static void
test_tiny_seal (Fixture *f,
                gconstpointer data)
{
  static const RingiPlacement tiny = { 1, 100, 200, 0.1 };

  g_assert_true (export_with_sato_seal (f, &tiny));
}

static void
test_huge_seal (Fixture *f,
                gconstpointer data)
{
  static const RingiPlacement huge = { 1, 10, 20, 999999.99 };

  g_assert_true (export_with_sato_seal (f, &huge));
}

/* The document has 108 pages; the seal is left out, the rest written. */
static void
test_seal_past_last_page (Fixture *f,
                          gconstpointer data)
{
  static const RingiPlacement beyond = { 500, 100, 200, 48 };

  g_assert_false (export_with_sato_seal (f, &beyond));
}

static const Options odd_seal_texts = {
  .sato_department = " 総務 課\t",
  .sato_seal_name = "佐藤佐藤佐藤佐藤佐藤佐藤佐藤佐藤佐藤佐藤",
};

/* The directory may hold texts a seal cannot carry; the seal shows them
 * without spaces and cut to what fits. */
static void
test_seal_texts_cleaned (Fixture *f,
                         gconstpointer data)
{
  g_assert_true (export_with_sato_seal (f, &sato_seal));
}

static const Options not_a_pdf = {
  .pdf = "This revision is a text, not a PDF.\n",
};

/* stamped.pdf is for reading only: without it the evidence is complete,
 * and VERIFY.txt says why it is missing. */
static void
test_stamped_pdf_impossible (Fixture *f,
                             gconstpointer data)
{
  g_autofree char *bundle = NULL;
  g_autofree char *stamped = NULL;
  g_autofree char *text = NULL;

  stamp_whole_route (f);
  bundle = export(f);

  stamped = g_build_filename (bundle, "stamped.pdf", NULL);
  g_assert_false (g_file_test (stamped, G_FILE_TEST_EXISTS));
  text = read_bundle_file (bundle, "VERIFY.txt");
  ringi_test_assert_contains (text, "stamped.pdf is not in this bundle: The document is not a readable PDF");

  {
    const char *argv[] = { g_getenv ("RINGI_CLI_EXE"), "bundle", "verify", bundle, NULL };
    g_autofree char *out = NULL;

    g_assert_cmpint (run (argv, &out), ==, 0);
  }
}

/* The server's receipt of the stamp at @index (from 0), with @sequence,
 * written as ringi-server writes it (ringi_op_build_receipt). */
static void
add_receipt (Fixture *f,
             guint index,
             guint sequence)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stamps = ringi_store_list_stamps (f->store, DOCUMENT, &error);
  RingiStoredStamp *s;
  g_autofree char *text = NULL;
  g_autoptr(GBytes) record = NULL;
  g_autoptr(GBytes) signature = NULL;
  g_autoptr(GBytes) key = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (index, <, stamps->len);
  s = stamps->pdata[index];
  text = g_strdup_printf ("Ringi-Receipt: 1\nStamp-SHA256: %s\nSequence: %u\n"
                          "Server-Time: 2026-11-23T00:%02u:00+00:00\nServer-Key: %s\n",
                          s->sha256, sequence, index, server_fingerprint);
  record = g_bytes_new (text, strlen (text));
  signature = ringi_keyring_sign_detached (keyring, server_fingerprint, PIN, record, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ringi_store_put_receipt (f->store, s->sha256, record, signature, &error));
  g_assert_no_error (error);

  key = ringi_keyring_export_public (keyring, server_fingerprint, &error);
  g_assert_no_error (error);
  g_assert_true (ringi_store_put_server_key (f->store, server_fingerprint, key, &error));
  g_assert_no_error (error);
}

static void
add_all_receipts (Fixture *f)
{
  for (guint i = 0; i < 3; i++)
    add_receipt (f, i, i + 1);
}

/* `bundle verify --json` of @bundle: its exit status, and the receipt
 * status of each stamp in @out_statuses ("ok,missing,bad"). */
static int
verify_receipts (const char *bundle,
                 char **out_statuses,
                 char **out_text)
{
  const char *json_argv[] = { g_getenv ("RINGI_CLI_EXE"), "bundle", "verify", "--json", bundle, NULL };
  const char *text_argv[] = { g_getenv ("RINGI_CLI_EXE"), "bundle", "verify", bundle, NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) statuses = g_ptr_array_new ();
  g_autofree char *out = NULL;
  JsonArray *stamps;
  int status = run (json_argv, &out);

  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  stamps = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "stamps");
  for (guint i = 0; i < json_array_get_length (stamps); i++)
    {
      JsonObject *receipt = json_object_get_object_member (json_array_get_object_element (stamps, i), "receipt");

      g_ptr_array_add (statuses, (char *) json_object_get_string_member (receipt, "status"));
    }
  g_ptr_array_add (statuses, NULL);
  *out_statuses = g_strjoinv (",", (char **) statuses->pdata);

  g_assert_cmpint (run (text_argv, out_text), ==, status);
  return status;
}

static void
test_receipts_ok (Fixture *f,
                  gconstpointer data)
{
  g_autofree char *bundle = NULL;
  g_autofree char *statuses = NULL;
  g_autofree char *text = NULL;

  stamp_whole_route (f);
  add_all_receipts (f);
  bundle = export(f);

  g_assert_cmpint (verify_receipts (bundle, &statuses, &text), ==, 0);
  g_assert_cmpstr (statuses, ==, "ok,ok,ok");
  ringi_test_assert_contains (text, "stamps/0002.txt  approve");
  ringi_test_assert_contains (text, "receipt ok (sequence 2)");
  ringi_test_assert_contains (text, "Verdict: valid");
}

/* Written before the server had the last stamp: told, not a failure. */
static void
test_receipt_missing (Fixture *f,
                      gconstpointer data)
{
  g_autofree char *bundle = NULL;
  g_autofree char *statuses = NULL;
  g_autofree char *text = NULL;

  stamp_whole_route (f);
  add_receipt (f, 0, 1);
  add_receipt (f, 1, 2);
  bundle = export(f);

  g_assert_cmpint (verify_receipts (bundle, &statuses, &text), ==, 0);
  g_assert_cmpstr (statuses, ==, "ok,ok,missing");
  ringi_test_assert_contains (text, "receipt missing");
  ringi_test_assert_contains (text, "Note: 1 stamp has no server receipt");
  ringi_test_assert_contains (text, "Verdict: valid");
}

static void
test_no_receipts (Fixture *f,
                  gconstpointer data)
{
  g_autofree char *bundle = NULL;
  g_autofree char *statuses = NULL;
  g_autofree char *text = NULL;

  stamp_whole_route (f);
  bundle = export(f);

  g_assert_cmpint (verify_receipts (bundle, &statuses, &text), ==, 0);
  g_assert_cmpstr (statuses, ==, "missing,missing,missing");
}

static void
overwrite_file (const char *bundle,
                const char *name,
                const char *contents,
                gssize length)
{
  g_autofree char *path = g_build_filename (bundle, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
}

static void
test_receipt_tampered (Fixture *f,
                       gconstpointer data)
{
  g_autofree char *bundle = NULL;
  g_autofree char *statuses = NULL;
  g_autofree char *text = NULL;
  g_autofree char *receipt = NULL;
  char *sequence;

  stamp_whole_route (f);
  add_all_receipts (f);
  bundle = export(f);

  /* The second stamp's receipt now claims another place in the chain. */
  receipt = read_bundle_file (bundle, "receipts/0002.txt");
  sequence = strstr (receipt, "Sequence: 2");
  g_assert_nonnull (sequence);
  sequence[strlen ("Sequence: ")] = '7';
  overwrite_file (bundle, "receipts/0002.txt", receipt, -1);

  g_assert_cmpint (verify_receipts (bundle, &statuses, &text), ==, 1);
  g_assert_cmpstr (statuses, ==, "ok,bad,ok");
  ringi_test_assert_contains (text, "receipt bad: its signature does not hold");
  ringi_test_assert_contains (text, "Problem: The receipt receipts/0002.txt is bad");
  ringi_test_assert_contains (text, "Verdict: INVALID. The stamps are valid, but 1 server receipt is bad.");
}

/* A genuine receipt, but of the first stamp, put where the second's was. */
static void
test_receipt_of_another_stamp (Fixture *f,
                               gconstpointer data)
{
  g_autofree char *bundle = NULL;
  g_autofree char *statuses = NULL;
  g_autofree char *text = NULL;
  g_autofree char *record = NULL;
  g_autofree char *signature = NULL;

  stamp_whole_route (f);
  add_all_receipts (f);
  bundle = export(f);

  record = read_bundle_file (bundle, "receipts/0001.txt");
  signature = read_bundle_file (bundle, "receipts/0001.txt.asc");
  overwrite_file (bundle, "receipts/0002.txt", record, -1);
  overwrite_file (bundle, "receipts/0002.txt.asc", signature, -1);

  g_assert_cmpint (verify_receipts (bundle, &statuses, &text), ==, 1);
  g_assert_cmpstr (statuses, ==, "ok,bad,ok");
  ringi_test_assert_contains (text, "receipt bad: it is the receipt of stamp ");
}

/* Sequence numbers must rise along the chain. */
static void
test_receipt_sequence_not_increasing (Fixture *f,
                                      gconstpointer data)
{
  g_autofree char *bundle = NULL;
  g_autofree char *statuses = NULL;
  g_autofree char *text = NULL;

  stamp_whole_route (f);
  add_receipt (f, 0, 1);
  add_receipt (f, 1, 3);
  add_receipt (f, 2, 2);
  bundle = export(f);

  g_assert_cmpint (verify_receipts (bundle, &statuses, &text), ==, 1);
  g_assert_cmpstr (statuses, ==, "ok,ok,bad");
  ringi_test_assert_contains (text, "receipt bad: its sequence number 2 is not above the previous receipt’s, 3");
}

/* A receipt signed by a key other than the manifest's server_key: here a
 * signer's, whose key the bundle carries anyway. */
static void
test_receipt_wrong_key (Fixture *f,
                        gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *bundle = NULL;
  g_autofree char *statuses = NULL;
  g_autofree char *text = NULL;
  g_autofree char *record = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) signature = NULL;

  stamp_whole_route (f);
  add_all_receipts (f);
  bundle = export(f);

  record = read_bundle_file (bundle, "receipts/0003.txt");
  bytes = g_bytes_new (record, strlen (record));
  signature = ringi_keyring_sign_detached (keyring, fingerprints[TANAKA], PIN, bytes, NULL, &error);
  g_assert_no_error (error);
  overwrite_file (bundle, "receipts/0003.txt.asc", g_bytes_get_data (signature, NULL), g_bytes_get_size (signature));

  g_assert_cmpint (verify_receipts (bundle, &statuses, &text), ==, 1);
  g_assert_cmpstr (statuses, ==, "ok,ok,bad");
  ringi_test_assert_contains (text, "not by the server key");
}

static void
sign_into_bundle (const char *bundle,
                  const char *name,
                  const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GBytes) signature = ringi_keyring_sign_detached (keyring, server_fingerprint, PIN, bytes, NULL, &error);
  g_autofree char *asc = g_strconcat (name, ".asc", NULL);

  g_assert_no_error (error);
  overwrite_file (bundle, name, text, -1);
  overwrite_file (bundle, asc, g_bytes_get_data (signature, NULL), g_bytes_get_size (signature));
}

/* Signed by the server's key, but not a receipt this version reads. */
static void
test_receipt_malformed (Fixture *f,
                        gconstpointer data)
{
  g_autofree char *bundle = NULL;
  g_autofree char *statuses = NULL;
  g_autofree char *text = NULL;

  stamp_whole_route (f);
  add_all_receipts (f);
  bundle = export(f);
  sign_into_bundle (bundle, "receipts/0001.txt", "Ringi-Receipt: 2\nStamp-SHA256: x\n");

  g_assert_cmpint (verify_receipts (bundle, &statuses, &text), ==, 1);
  g_assert_cmpstr (statuses, ==, "bad,ok,ok");
  ringi_test_assert_contains (text, "receipt bad: Receipt: format version 2 is unknown");
}

/* A receipt listed in the manifest for a stamp the bundle lacks */
static void
test_receipt_without_stamp (Fixture *f,
                            gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *bundle = NULL;
  g_autofree char *statuses = NULL;
  g_autofree char *text = NULL;
  g_autofree char *record = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *manifest_path = NULL;
  JsonObject *manifest;

  stamp_whole_route (f);
  add_all_receipts (f);
  bundle = export(f);

  record = read_bundle_file (bundle, "receipts/0003.txt");
  signature = read_bundle_file (bundle, "receipts/0003.txt.asc");
  overwrite_file (bundle, "receipts/0009.txt", record, -1);
  overwrite_file (bundle, "receipts/0009.txt.asc", signature, -1);
  manifest = read_manifest (bundle, parser);
  json_array_add_string_element (json_object_get_array_member (manifest, "receipts"), "receipts/0009.txt");
  json_generator_set_root (generator, json_parser_get_root (parser));
  manifest_path = g_build_filename (bundle, "manifest.json", NULL);
  json_generator_to_file (generator, manifest_path, &error);
  g_assert_no_error (error);

  g_assert_cmpint (verify_receipts (bundle, &statuses, &text), ==, 1);
  g_assert_cmpstr (statuses, ==, "ok,ok,ok");
  ringi_test_assert_contains (text, "Problem: The receipt receipts/0009.txt has no stamp of the same number");
}

int
main (int argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  make_keys ();

#define ADD(path, func)               g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
#define ADD_WITH(path, options, func) g_test_add (path, Fixture, options, fixture_setup, func, fixture_teardown)
  ADD ("/ringi/bundle-export/verifies-with-gpg-alone", test_verifies_with_gpg_alone);
  ADD ("/ringi/bundle-export/stamped-pdf", test_stamped_pdf);
  ADD ("/ringi/bundle-export/refuses-non-empty-target", test_refuses_non_empty_target);
  ADD ("/ringi/bundle-export/missing-key-leaves-nothing", test_missing_key_leaves_nothing);
  ADD ("/ringi/bundle-export/ringi-reads-its-export", test_ringi_reads_its_export);
  ADD ("/ringi/bundle-export/cli-verifies-export", test_cli_verifies_export);
  ADD ("/ringi/bundle-export/receipts/ok", test_receipts_ok);
  ADD ("/ringi/bundle-export/receipts/missing", test_receipt_missing);
  ADD ("/ringi/bundle-export/receipts/none", test_no_receipts);
  ADD ("/ringi/bundle-export/receipts/tampered", test_receipt_tampered);
  ADD ("/ringi/bundle-export/receipts/of-another-stamp", test_receipt_of_another_stamp);
  ADD ("/ringi/bundle-export/receipts/sequence-not-increasing", test_receipt_sequence_not_increasing);
  ADD ("/ringi/bundle-export/receipts/wrong-key", test_receipt_wrong_key);
  ADD ("/ringi/bundle-export/receipts/malformed", test_receipt_malformed);
  ADD ("/ringi/bundle-export/receipts/without-stamp", test_receipt_without_stamp);
  ADD ("/ringi/bundle-export/delegation-id-traversal", test_delegation_id_traversal);
  ADD_WITH ("/ringi/bundle-export/title-control-characters", &hostile_title, test_title_control_characters);
  ADD ("/ringi/bundle-export/seal/tiny", test_tiny_seal);
  ADD ("/ringi/bundle-export/seal/huge", test_huge_seal);
  ADD ("/ringi/bundle-export/seal/past-last-page", test_seal_past_last_page);
  ADD_WITH ("/ringi/bundle-export/seal/texts-cleaned", &odd_seal_texts, test_seal_texts_cleaned);
  ADD_WITH ("/ringi/bundle-export/stamped-pdf-impossible", &not_a_pdf, test_stamped_pdf_impossible);
#undef ADD_WITH
#undef ADD

  status = g_test_run ();

  ringi_keyring_kill_agent (keyring);
  g_clear_object (&keyring);
  ringi_test_remove_tree (keyring_home);
  g_free (keyring_home);
  for (guint i = 0; i < N_USERS; i++)
    g_free (fingerprints[i]);
  g_free (server_fingerprint);
  return status;
}
