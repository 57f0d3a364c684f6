/* test-verifier.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-verifier"

#include "config.h"

#include <string.h>

#include "ringi-delegation.h"
#include "ringi-keyring.h"
#include "ringi-punch.h"
#include "ringi-test-utils.h"
#include "ringi-verifier.h"

#define PIN      "2468"
#define DOCUMENT "7c1d9e20-5a3b-4f6c-8d2e-1b0a9f8e7d6c"
#define ROUTE    "approve=suzuki ; final=tanaka"

enum
{
  SATO,
  SUZUKI,
  TANAKA,
  N_USERS
};

/* Everybody has a personal key in a home of their own, as on their own
 * machines; a separate home holds the public keys the verifier uses.
 * Key generation is the slow part, so all of this is made once. */
typedef struct
{
  const char *login;
  const char *name;
  char *home;
  RingiKeyring *keyring;
  char *fingerprint;
} User;

static User users[N_USERS] = {
  [SATO] = { "sato", "佐藤 花子" },
  [SUZUKI] = { "suzuki", "鈴木 一郎" },
  [TANAKA] = { "tanaka", "田中 課長" },
};

static char *public_home;
static RingiKeyring *public_keyring;
static GHashTable *directory;
static GBytes *pdf;
/* the document as resubmitted */
static GBytes *pdf_r2;
/* the plain chain submit, approve, decide */
static GPtrArray *happy_records;
static GPtrArray *happy_signatures;

typedef struct
{
  char *dir;
  GPtrArray *records;
  GPtrArray *signatures;
  GPtrArray *delegations; /* record, signature, record, signature… */
  char *previous;
  guint minute;
  /* a keyring a test makes in dir, its agent stopped at teardown */
  RingiKeyring *keyring;
} Fixture;

/* One stamp to add to a chain; `key` is whose key signs it. */
typedef struct
{
  guint signer;
  guint key;
  RingiAction action;
  guint step;
  int on_behalf_of;
  const char *comment;
  guint revision; /* 0 for 1 */
} StampSpec;

static void
generated_cb (GObject *source,
              GAsyncResult *result,
              gpointer user_data)
{
  g_autoptr(GError) error = NULL;
  User *user = user_data;

  user->fingerprint = ringi_keyring_generate_key_finish (RINGI_KEYRING (source), result, &error);
  g_assert_no_error (error);
}

static gboolean
all_generated (void)
{
  for (guint i = 0; i < N_USERS; i++)
    if (users[i].fingerprint == NULL)
      return FALSE;

  return TRUE;
}

static void
make_users (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf_path = g_build_filename (ringi_test_corpus_dir (), "pdf", "jlshort.pdf", NULL);
  GMappedFile *mapped;

  /* The three keys are made side by side. */
  for (guint i = 0; i < N_USERS; i++)
    {
      users[i].home = ringi_test_make_tmpdir ("rv");
      ringi_test_write_fast_agent_conf (users[i].home);
      users[i].keyring = ringi_keyring_new (users[i].home, &error);
      g_assert_no_error (error);
      ringi_keyring_generate_key_async (users[i].keyring, users[i].login, users[i].name, PIN,
                                        NULL, generated_cb, &users[i]);
    }
  while (!all_generated ())
    g_main_context_iteration (NULL, TRUE);

  public_home = ringi_test_make_tmpdir ("rv");
  public_keyring = ringi_keyring_new (public_home, &error);
  g_assert_no_error (error);
  directory = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < N_USERS; i++)
    {
      g_autoptr(GBytes) key = ringi_keyring_export_public (users[i].keyring, users[i].fingerprint, &error);

      g_assert_no_error (error);
      g_assert_true (ringi_keyring_import (public_keyring, key, NULL, &error));
      g_assert_no_error (error);
      g_hash_table_insert (directory, (gpointer) users[i].login, users[i].fingerprint);
    }

  mapped = g_mapped_file_new (pdf_path, FALSE, &error);
  g_assert_no_error (error);
  pdf = g_mapped_file_get_bytes (mapped);
  g_mapped_file_unref (mapped);
  pdf_r2 = g_bytes_new_static ("%PDF-1.4 revision 2\n", 20);
}

static void
clear_users (void)
{
  for (guint i = 0; i < N_USERS; i++)
    {
      ringi_keyring_kill_agent (users[i].keyring);
      g_clear_object (&users[i].keyring);
      ringi_test_remove_tree (users[i].home);
      g_clear_pointer (&users[i].home, g_free);
      g_clear_pointer (&users[i].fingerprint, g_free);
    }

  ringi_keyring_kill_agent (public_keyring);
  g_clear_object (&public_keyring);
  ringi_test_remove_tree (public_home);
  g_clear_pointer (&public_home, g_free);
  g_clear_pointer (&directory, g_hash_table_unref);
  g_clear_pointer (&pdf, g_bytes_unref);
  g_clear_pointer (&pdf_r2, g_bytes_unref);
  g_clear_pointer (&happy_records, g_ptr_array_unref);
  g_clear_pointer (&happy_signatures, g_ptr_array_unref);
}

static void
fixture_setup (Fixture *f,
               gconstpointer data)
{
  f->dir = ringi_test_make_tmpdir ("rv");
  f->records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  f->signatures = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  f->delegations = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
}

static void
fixture_teardown (Fixture *f,
                  gconstpointer data)
{
  if (f->keyring != NULL)
    ringi_keyring_kill_agent (f->keyring);
  g_clear_object (&f->keyring);
  ringi_test_remove_tree (f->dir);
  g_free (f->dir);
  g_ptr_array_unref (f->records);
  g_ptr_array_unref (f->signatures);
  g_ptr_array_unref (f->delegations);
  g_free (f->previous);
}

static GDateTime *
time_at (const char *text)
{
  GDateTime *time = g_date_time_new_from_iso8601 (text, NULL);

  g_assert_nonnull (time);
  return time;
}

static GBytes *
sign (guint user,
      GBytes *record)
{
  g_autoptr(GError) error = NULL;
  GBytes *signature = ringi_keyring_sign_detached (users[user].keyring, users[user].fingerprint, PIN,
                                                   record, NULL, &error);

  g_assert_no_error (error);
  return signature;
}

static void
add_signed (Fixture *f,
            GBytes *record,
            GBytes *signature)
{
  g_free (f->previous);
  f->previous = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, record);
  g_ptr_array_add (f->records, g_bytes_ref (record));
  g_ptr_array_add (f->signatures, g_bytes_ref (signature));
}

static RingiStamp *
make_stamp (Fixture *f,
            const StampSpec *s,
            const char *document)
{
  g_autoptr(GError) error = NULL;
  guint revision = MAX (s->revision, 1);
  g_autofree char *pdf_sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, revision == 1 ? pdf : pdf_r2);
  g_autofree char *comment = s->comment ? ringi_stamp_hash_comment (s->comment) : NULL;
  g_autoptr(GDateTime) start = time_at ("2026-11-23T10:00:00+09:00");
  g_autoptr(GDateTime) time = g_date_time_add_minutes (start, f->minute++);
  RingiStampFields fields = {
    .document = document,
    .revision = revision,
    .document_sha256 = pdf_sha256,
    .step = s->step,
    .action = s->action,
    .signer = users[s->signer].login,
    .signer_key = users[s->key].fingerprint,
    .on_behalf_of = s->on_behalf_of >= 0 ? users[s->on_behalf_of].login : NULL,
    .time = time,
    .previous = f->previous,
    .comment_sha256 = comment,
    .route = s->action == RINGI_ACTION_SUBMIT || s->action == RINGI_ACTION_RESUBMIT ? ROUTE : NULL,
  };
  RingiStamp *stamp = ringi_stamp_new (&fields, &error);

  g_assert_no_error (error);
  return stamp;
}

static void
add_stamp_of (Fixture *f,
              const StampSpec *s,
              const char *document)
{
  g_autoptr(RingiStamp) stamp = make_stamp (f, s, document);
  g_autoptr(GBytes) record = ringi_stamp_to_bytes (stamp);
  g_autoptr(GBytes) signature = sign (s->key, record);

  add_signed (f, record, signature);
}

static void
add_stamp (Fixture *f,
           const StampSpec *s)
{
  add_stamp_of (f, s, DOCUMENT);
}

#define SUBMIT         (&(StampSpec){ SATO, SATO, RINGI_ACTION_SUBMIT, 0, -1, NULL })
#define SUZUKI_APPROVE (&(StampSpec){ SUZUKI, SUZUKI, RINGI_ACTION_APPROVE, 1, -1, NULL })
#define TANAKA_DECIDE  (&(StampSpec){ TANAKA, TANAKA, RINGI_ACTION_APPROVE, 2, -1, NULL })

static gpointer
ref_bytes (gconstpointer bytes,
           gpointer user_data)
{
  return g_bytes_ref ((GBytes *) bytes);
}

/* Signing is slow too: the plain chain is signed once, then copied. */

static void
add_happy_path (Fixture *f)
{
  if (happy_records == NULL)
    {
      add_stamp (f, SUBMIT);
      add_stamp (f, SUZUKI_APPROVE);
      add_stamp (f, TANAKA_DECIDE);
      happy_records = g_ptr_array_copy (f->records, ref_bytes, NULL);
      happy_signatures = g_ptr_array_copy (f->signatures, ref_bytes, NULL);
      return;
    }

  g_assert_cmpuint (f->records->len, ==, 0);
  for (guint i = 0; i < happy_records->len; i++)
    add_signed (f, happy_records->pdata[i], happy_signatures->pdata[i]);
  f->minute = happy_records->len;
}

static void
add_delegation (Fixture *f,
                guint from,
                guint to,
                guint key,
                const char *valid_from,
                const char *valid_until)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) start = time_at (valid_from);
  g_autoptr(GDateTime) end = time_at (valid_until);
  g_autoptr(GDateTime) made = time_at ("2026-11-20T09:00:00+09:00");
  RingiDelegationFields fields = {
    .id = "0d6c1f0e-2b8a-4c3d-9e7f-5a4b3c2d1e0f",
    .from = users[from].login,
    .to = users[to].login,
    .valid_from = start,
    .valid_until = end,
    .signer_key = users[key].fingerprint,
    .time = made,
  };
  g_autoptr(RingiDelegation) delegation = ringi_delegation_new (&fields, &error);
  g_autoptr(GBytes) record = NULL;

  g_assert_no_error (error);
  record = ringi_delegation_to_bytes (delegation);
  g_ptr_array_add (f->delegations, g_bytes_ref (record));
  g_ptr_array_add (f->delegations, sign (key, record));
}

static RingiVerifier *
make_verifier (Fixture *f,
               RingiKeyring *keyring,
               RingiVerifyCache *cache,
               GBytes *document)
{
  RingiVerifier *verifier = ringi_verifier_new (keyring, cache);

  ringi_verifier_set_directory (verifier, directory);
  ringi_verifier_add_revision_pdf (verifier, 1, document);
  ringi_verifier_add_revision_pdf (verifier, 2, pdf_r2);
  for (guint i = 0; i < f->records->len; i++)
    ringi_verifier_add_stamp (verifier, f->records->pdata[i], f->signatures->pdata[i]);
  for (guint i = 0; i + 1 < f->delegations->len; i += 2)
    ringi_verifier_add_delegation (verifier, f->delegations->pdata[i], f->delegations->pdata[i + 1]);

  return verifier;
}

static GPtrArray *
verify_with (Fixture *f,
             RingiKeyring *keyring,
             RingiVerifyCache *cache,
             GBytes *document)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiVerifier) verifier = make_verifier (f, keyring, cache, document);
  GPtrArray *results = ringi_verifier_verify (verifier, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (results);
  g_assert_cmpuint (results->len, ==, f->records->len);
  return results;
}

/* The statuses as words, "valid valid chain-broken", for readable
 * assertions; each explanation is printed with -d. */
static char *
statuses_of (GPtrArray *results)
{
  g_autoptr(GString) words = g_string_new (NULL);

  for (guint i = 0; i < results->len; i++)
    {
      const RingiStampResult *result = g_ptr_array_index (results, i);

      g_test_message ("stamp %u: %s: %s", i + 1, ringi_stamp_status_to_string (result->status), result->explanation);
      g_assert_nonnull (result->explanation);
      g_assert_cmpstr (result->explanation, !=, "");
      if (i > 0)
        g_string_append_c (words, ' ');
      g_string_append (words, ringi_stamp_status_to_string (result->status));
    }

  return g_string_free (g_steal_pointer (&words), FALSE);
}

static void
assert_statuses (Fixture *f,
                 GBytes *document,
                 const char *expected)
{
  g_autoptr(GPtrArray) results = verify_with (f, public_keyring, NULL, document);
  g_autofree char *statuses = statuses_of (results);

  g_auto(GStrv) words = g_strsplit (expected, " ", -1);
  gboolean all_valid = TRUE;

  for (guint i = 0; words[i] != NULL; i++)
    all_valid = all_valid && g_str_equal (words[i], "valid");

  g_assert_cmpstr (statuses, ==, expected);
  g_assert_cmpint (ringi_stamp_results_are_valid (results), ==, all_valid);
}

static GBytes *
replace_byte (GBytes *bytes,
              gsize offset,
              guint8 value)
{
  g_autoptr(GByteArray) array = g_byte_array_sized_new (g_bytes_get_size (bytes));

  g_byte_array_append (array, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_cmpuint (offset, <, array->len);
  g_assert_cmpuint (array->data[offset], !=, value);
  array->data[offset] = value;
  return g_byte_array_free_to_bytes (g_steal_pointer (&array));
}

static void
test_valid (Fixture *f,
            gconstpointer data)
{
  g_autoptr(GPtrArray) results = NULL;
  const RingiStampResult *last;

  add_happy_path (f);
  results = verify_with (f, public_keyring, NULL, pdf);
  g_assert_true (ringi_stamp_results_are_valid (results));

  last = g_ptr_array_index (results, 2);
  g_assert_cmpint (last->status, ==, RINGI_STAMP_VALID);
  g_assert_cmpstr (ringi_stamp_get_signer (last->stamp), ==, "tanaka");
  ringi_test_assert_contains (last->explanation, "tanaka");
}

/* A correcting punch of @login naming @key's fingerprint, signed by
 * @signer; @tamper changes a byte of the record after signing. */
typedef struct
{
  const char *name;
  guint login;
  guint key;
  guint signer;
  gboolean tamper;
  const char *expected;
} CorrectionCase;

static const CorrectionCase correction_cases[] = {
  { "good", SATO, SATO, SATO, FALSE, "valid valid valid" },
  { "tampered", SATO, SATO, SATO, TRUE, "bad-signature valid valid" },
  { "not-the-applicant", SUZUKI, SUZUKI, SUZUKI, FALSE, "not-allowed valid valid" },
  { "other-key", SATO, SUZUKI, SUZUKI, FALSE, "key-not-bound valid valid" },
  { "signed-by-another", SATO, SATO, SUZUKI, FALSE, "key-not-bound valid valid" },
};

static void
test_correction (Fixture *f,
                 gconstpointer data)
{
  g_autoptr(GDateTime) time = time_at ("2026-11-23T08:30:00+09:00");
  g_autofree char *note = ringi_punch_hash_note ("打刻忘れ");

  add_happy_path (f);
  for (guint i = 0; i < G_N_ELEMENTS (correction_cases); i++)
    {
      const CorrectionCase *c = &correction_cases[i];
      RingiPunchFields fields = {
        .punch = "0c9d8e7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f",
        .login = users[c->login].login,
        .signer_key = users[c->key].fingerprint,
        .kind = RINGI_PUNCH_CLOCK_IN,
        .place = RINGI_PUNCH_PLACE_HOME,
        .client_time = time,
        .note_sha256 = note,
      };
      g_autoptr(GError) error = NULL;
      g_autoptr(RingiPunch) punch = ringi_punch_new (&fields, &error);
      g_autoptr(GBytes) record = NULL;
      g_autoptr(GBytes) signature = NULL;
      g_autoptr(RingiVerifier) verifier = NULL;
      g_autoptr(GPtrArray) results = NULL;
      g_autofree char *statuses = NULL;

      g_test_message ("case %s", c->name);
      g_assert_no_error (error);
      record = ringi_punch_to_bytes (punch);
      signature = sign (c->signer, record);
      if (c->tamper)
        {
          g_autoptr(GBytes) signed_record = g_steal_pointer (&record);
          gsize last = g_bytes_get_size (signed_record) - 2; /* the note hash's last digit */
          guint8 digit = ((const guint8 *) g_bytes_get_data (signed_record, NULL))[last];

          record = replace_byte (signed_record, last, digit == '0' ? '1' : '0');
        }

      verifier = make_verifier (f, public_keyring, NULL, pdf);
      ringi_verifier_set_correction (verifier, record, signature);
      results = ringi_verifier_verify (verifier, NULL, &error);
      g_assert_no_error (error);
      statuses = statuses_of (results);
      g_assert_cmpstr (statuses, ==, c->expected);
      if (!g_str_has_prefix (c->expected, "valid"))
        ringi_test_assert_contains (((RingiStampResult *) results->pdata[0])->explanation,
                                    "The punch this correction request carries does not verify");
    }
}

static void
test_empty (Fixture *f,
            gconstpointer data)
{
  g_autoptr(GPtrArray) results = verify_with (f, public_keyring, NULL, pdf);

  g_assert_cmpuint (results->len, ==, 0);
  g_assert_false (ringi_stamp_results_are_valid (results));
}

static void
test_document_changed (Fixture *f,
                       gconstpointer data)
{
  g_autoptr(GBytes) changed = replace_byte (pdf, g_bytes_get_size (pdf) / 2, 0x00);

  add_happy_path (f);
  assert_statuses (f, changed, "document-changed document-changed document-changed");
}

static void
test_unknown_revision (Fixture *f,
                       gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiVerifier) verifier = ringi_verifier_new (public_keyring, NULL);
  g_autoptr(GPtrArray) results = NULL;
  g_autofree char *statuses = NULL;

  add_happy_path (f);
  ringi_verifier_set_directory (verifier, directory);
  ringi_verifier_add_revision_pdf (verifier, 2, pdf);
  for (guint i = 0; i < f->records->len; i++)
    ringi_verifier_add_stamp (verifier, f->records->pdata[i], f->signatures->pdata[i]);

  results = ringi_verifier_verify (verifier, NULL, &error);
  g_assert_no_error (error);
  statuses = statuses_of (results);
  g_assert_cmpstr (statuses, ==, "document-changed document-changed document-changed");
}

static void
test_changed_record_byte (Fixture *f,
                          gconstpointer data)
{
  GBytes *record;
  const char *text;
  const char *minute;

  add_happy_path (f);

  /* suzuki's stamp moved by one minute: same length, one byte changed */
  record = f->records->pdata[1];
  text = g_bytes_get_data (record, NULL);
  minute = strstr (text, "T10:01:00");
  g_assert_nonnull (minute);
  f->records->pdata[1] = replace_byte (record, minute - text + 5, '2');
  g_bytes_unref (record);

  /* the next stamp names the original bytes, so the chain breaks too */
  assert_statuses (f, pdf, "valid bad-signature chain-broken");
}

static void
test_not_a_signature (Fixture *f,
                      gconstpointer data)
{
  add_happy_path (f);
  g_bytes_unref (f->signatures->pdata[1]);
  f->signatures->pdata[1] = g_bytes_new_static ("not a signature\n", 16);

  assert_statuses (f, pdf, "valid bad-signature valid");
}

static void
test_other_stamps_signature (Fixture *f,
                             gconstpointer data)
{
  add_happy_path (f);
  g_bytes_unref (f->signatures->pdata[1]);
  f->signatures->pdata[1] = g_bytes_ref (f->signatures->pdata[2]);

  assert_statuses (f, pdf, "valid bad-signature valid");
}

static void
test_removed_stamp (Fixture *f,
                    gconstpointer data)
{
  add_happy_path (f);
  g_ptr_array_remove_index (f->records, 1);
  g_ptr_array_remove_index (f->signatures, 1);

  assert_statuses (f, pdf, "valid chain-broken");
}

static void
test_removed_first (Fixture *f,
                    gconstpointer data)
{
  add_happy_path (f);
  g_ptr_array_remove_index (f->records, 0);
  g_ptr_array_remove_index (f->signatures, 0);

  /* Every later stamp is refused by the route too, but the missing
   * submit is what breaks the first. */
  assert_statuses (f, pdf, "chain-broken not-allowed");
}

static void
swap (GPtrArray *array,
      guint a,
      guint b)
{
  gpointer tmp = array->pdata[a];

  array->pdata[a] = array->pdata[b];
  array->pdata[b] = tmp;
}

static void
test_reordered (Fixture *f,
                gconstpointer data)
{
  add_happy_path (f);
  swap (f->records, 1, 2);
  swap (f->signatures, 1, 2);

  assert_statuses (f, pdf, "valid chain-broken chain-broken");
}

static void
test_inserted_copy (Fixture *f,
                    gconstpointer data)
{
  add_happy_path (f);
  g_ptr_array_insert (f->records, 2, g_bytes_ref (f->records->pdata[1]));
  g_ptr_array_insert (f->signatures, 2, g_bytes_ref (f->signatures->pdata[1]));

  assert_statuses (f, pdf, "valid valid chain-broken valid");
}

static void
test_other_document (Fixture *f,
                     gconstpointer data)
{
  add_stamp (f, SUBMIT);
  add_stamp_of (f, SUZUKI_APPROVE, "0b1c2d3e-4f50-4617-8899-aabbccddeeff");
  add_stamp (f, TANAKA_DECIDE);

  assert_statuses (f, pdf, "valid chain-broken valid");
}

static void
test_first_not_submit (Fixture *f,
                       gconstpointer data)
{
  add_stamp (f, SUZUKI_APPROVE);

  assert_statuses (f, pdf, "chain-broken");
}

static void
test_signed_with_other_key (Fixture *f,
                            gconstpointer data)
{
  /* suzuki's stamp naming suzuki's key, but signed with tanaka's */
  g_autoptr(RingiStamp) stamp = NULL;
  g_autoptr(GBytes) record = NULL;
  g_autoptr(GBytes) signature = NULL;

  add_stamp (f, SUBMIT);
  stamp = make_stamp (f, SUZUKI_APPROVE, DOCUMENT);
  record = ringi_stamp_to_bytes (stamp);
  signature = sign (TANAKA, record);
  add_signed (f, record, signature);

  assert_statuses (f, pdf, "valid key-not-bound");
}

static void
test_claims_other_key (Fixture *f,
                       gconstpointer data)
{
  /* suzuki's stamp naming and signed with tanaka's key */
  add_stamp (f, SUBMIT);
  add_stamp (f, &(StampSpec){ SUZUKI, TANAKA, RINGI_ACTION_APPROVE, 1, -1, NULL });

  assert_statuses (f, pdf, "valid key-not-bound");
}

static void
test_signer_not_in_directory (Fixture *f,
                              gconstpointer data)
{
  g_autoptr(RingiVerifier) verifier = NULL;
  g_autoptr(GHashTable) partial = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *statuses = NULL;

  add_happy_path (f);
  g_hash_table_insert (partial, (gpointer) "sato", users[SATO].fingerprint);
  g_hash_table_insert (partial, (gpointer) "suzuki", users[SUZUKI].fingerprint);
  verifier = make_verifier (f, public_keyring, NULL, pdf);
  ringi_verifier_set_directory (verifier, partial);

  results = ringi_verifier_verify (verifier, NULL, &error);
  g_assert_no_error (error);
  statuses = statuses_of (results);
  g_assert_cmpstr (statuses, ==, "valid valid key-not-bound");
}

static void
test_unknown_key (Fixture *f,
                  gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autofree char *statuses = NULL;

  f->keyring = ringi_keyring_new (f->dir, &error);
  g_assert_no_error (error);
  for (guint i = SATO; i <= SUZUKI; i++)
    {
      g_autoptr(GBytes) key = ringi_keyring_export_public (users[i].keyring, users[i].fingerprint, &error);

      g_assert_no_error (error);
      g_assert_true (ringi_keyring_import (f->keyring, key, NULL, &error));
      g_assert_no_error (error);
    }

  add_happy_path (f);
  results = verify_with (f, f->keyring, NULL, pdf);
  statuses = statuses_of (results);
  g_assert_cmpstr (statuses, ==, "valid valid unknown-key");
}

static void
test_not_allowed (Fixture *f,
                  gconstpointer data)
{
  g_autoptr(GPtrArray) results = NULL;
  g_autofree char *statuses = NULL;
  const RingiStampResult *result;

  /* tanaka decides before suzuki approved */
  add_stamp (f, SUBMIT);
  add_stamp (f, TANAKA_DECIDE);
  add_stamp (f, SUZUKI_APPROVE);

  results = verify_with (f, public_keyring, NULL, pdf);
  statuses = statuses_of (results);
  g_assert_cmpstr (statuses, ==, "valid not-allowed valid");
  result = g_ptr_array_index (results, 1);
  g_assert_nonnull (result->stamp);
}

static void
test_not_on_route (Fixture *f,
                   gconstpointer data)
{
  add_stamp (f, SUBMIT);
  add_stamp (f, &(StampSpec){ SATO, SATO, RINGI_ACTION_APPROVE, 1, -1, NULL });

  assert_statuses (f, pdf, "valid not-allowed");
}

static void
test_send_back_and_resubmit (Fixture *f,
                             gconstpointer data)
{
  add_stamp (f, SUBMIT);
  add_stamp (f, &(StampSpec){ SUZUKI, SUZUKI, RINGI_ACTION_SEND_BACK, 1, -1, "見積書を添付してください" });
  add_stamp (f, &(StampSpec){ SATO, SATO, RINGI_ACTION_RESUBMIT, 0, -1, NULL, 2 });
  add_stamp (f, &(StampSpec){ SUZUKI, SUZUKI, RINGI_ACTION_APPROVE, 1, -1, NULL, 2 });
  add_stamp (f, &(StampSpec){ TANAKA, TANAKA, RINGI_ACTION_APPROVE, 2, -1, NULL, 2 });

  assert_statuses (f, pdf, "valid valid valid valid valid");
}

static void
test_wrong_revision (Fixture *f,
                     gconstpointer data)
{
  add_stamp (f, SUBMIT);
  add_stamp (f, &(StampSpec){ SUZUKI, SUZUKI, RINGI_ACTION_SEND_BACK, 1, -1, "見積書を添付してください" });
  /* the resubmit keeps revision 1, so the approval on revision 2 follows it wrongly too */
  add_stamp (f, &(StampSpec){ SATO, SATO, RINGI_ACTION_RESUBMIT, 0, -1, NULL, 1 });
  add_stamp (f, &(StampSpec){ SUZUKI, SUZUKI, RINGI_ACTION_APPROVE, 1, -1, NULL, 2 });

  assert_statuses (f, pdf, "valid valid not-allowed valid");
}

static void
test_delegation (Fixture *f,
                 gconstpointer data)
{
  /* tanaka is away: suzuki decides for him (代決), tanaka reviews (後閲) */
  add_delegation (f, TANAKA, SUZUKI, TANAKA, "2026-11-22T00:00:00+09:00", "2026-11-24T00:00:00+09:00");
  add_stamp (f, SUBMIT);
  add_stamp (f, SUZUKI_APPROVE);
  add_stamp (f, &(StampSpec){ SUZUKI, SUZUKI, RINGI_ACTION_APPROVE, 2, TANAKA, NULL });
  add_stamp (f, &(StampSpec){ TANAKA, TANAKA, RINGI_ACTION_ACKNOWLEDGE, 3, -1, NULL });

  assert_statuses (f, pdf, "valid valid valid valid");
}

static void
test_delegation_out_of_period (Fixture *f,
                               gconstpointer data)
{
  add_delegation (f, TANAKA, SUZUKI, TANAKA, "2026-11-01T00:00:00+09:00", "2026-11-23T10:02:00+09:00");
  add_stamp (f, SUBMIT);
  add_stamp (f, SUZUKI_APPROVE);
  /* made at 10:02, the first instant the delegation no longer covers */
  add_stamp (f, &(StampSpec){ SUZUKI, SUZUKI, RINGI_ACTION_APPROVE, 2, TANAKA, NULL });

  assert_statuses (f, pdf, "valid valid delegation-invalid");
}

static void
test_delegation_missing (Fixture *f,
                         gconstpointer data)
{
  add_stamp (f, SUBMIT);
  add_stamp (f, SUZUKI_APPROVE);
  add_stamp (f, &(StampSpec){ SUZUKI, SUZUKI, RINGI_ACTION_APPROVE, 2, TANAKA, NULL });

  assert_statuses (f, pdf, "valid valid delegation-invalid");
}

static void
test_delegation_forged (Fixture *f,
                        gconstpointer data)
{
  /* suzuki writes himself a delegation "from tanaka" and signs it */
  add_delegation (f, TANAKA, SUZUKI, SUZUKI, "2026-11-22T00:00:00+09:00", "2026-11-24T00:00:00+09:00");
  add_stamp (f, SUBMIT);
  add_stamp (f, SUZUKI_APPROVE);
  add_stamp (f, &(StampSpec){ SUZUKI, SUZUKI, RINGI_ACTION_APPROVE, 2, TANAKA, NULL });

  assert_statuses (f, pdf, "valid valid delegation-invalid");
}

static void
test_malformed (Fixture *f,
                gconstpointer data)
{
  g_autoptr(GBytes) garbage = g_bytes_new_static ("Ringi-Stamp: 1\r\n", 16);
  g_autoptr(GBytes) signature = sign (SUZUKI, garbage);
  g_autoptr(GPtrArray) results = NULL;
  g_autofree char *statuses = NULL;
  const RingiStampResult *result;

  add_stamp (f, SUBMIT);
  add_signed (f, garbage, signature);

  results = verify_with (f, public_keyring, NULL, pdf);
  statuses = statuses_of (results);
  g_assert_cmpstr (statuses, ==, "valid malformed");
  result = g_ptr_array_index (results, 1);
  g_assert_null (result->stamp);
  ringi_test_assert_contains (result->explanation, "line 1");
}

/* The second verification of a chain must run no gpg at all: it uses a
 * keyring whose gpg does not exist, which fails without the cache. */
static void
test_cache_spares_gpg (Fixture *f,
                       gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cache_path = g_build_filename (f->dir, "verify-cache.db", NULL);
  g_autoptr(RingiVerifyCache) cache = ringi_verify_cache_new (cache_path, &error);
  g_autoptr(RingiKeyring) no_gpg = ringi_keyring_new (public_home, &error);
  g_autoptr(GBytes) changed = replace_byte (pdf, 100, 0x00);
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GPtrArray) refused = NULL;
  g_autoptr(GPtrArray) rehashed = NULL;
  g_autofree char *statuses = NULL;

  g_assert_no_error (error);
  ringi_keyring_set_gpg_path (no_gpg, "/nonexistent/gpg");
  add_happy_path (f);

  first = verify_with (f, public_keyring, cache, pdf);
  g_assert_true (ringi_stamp_results_are_valid (first));

  second = verify_with (f, no_gpg, cache, pdf);
  g_assert_true (ringi_stamp_results_are_valid (second));

  /* Without the cache the same keyring cannot verify anything. */
  {
    g_autoptr(RingiVerifier) verifier = make_verifier (f, no_gpg, NULL, pdf);

    refused = ringi_verifier_verify (verifier, NULL, &error);
    g_assert_null (refused);
    g_assert_error (error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_FAILED);
    g_clear_error (&error);
  }

  /* Only signatures are cached: the document is hashed again. */
  rehashed = verify_with (f, no_gpg, cache, changed);
  statuses = statuses_of (rehashed);
  g_assert_cmpstr (statuses, ==, "document-changed document-changed document-changed");
}

typedef struct
{
  gboolean done;
  GPtrArray *results;
  GError *error;
} AsyncOutcome;

static void
verified_cb (GObject *source,
             GAsyncResult *result,
             gpointer user_data)
{
  AsyncOutcome *outcome = user_data;

  outcome->results = ringi_verifier_verify_finish (RINGI_VERIFIER (source), result, &outcome->error);
  outcome->done = TRUE;
}

static void
test_async (Fixture *f,
            gconstpointer data)
{
  g_autoptr(RingiVerifier) verifier = NULL;
  g_autofree char *statuses = NULL;
  AsyncOutcome outcome = { 0 };

  add_happy_path (f);
  verifier = make_verifier (f, public_keyring, NULL, pdf);
  ringi_verifier_verify_async (verifier, NULL, verified_cb, &outcome);

  /* Inputs added after the start do not reach the running verification. */
  ringi_verifier_add_stamp (verifier, f->records->pdata[0], f->signatures->pdata[0]);

  ringi_test_wait_for_flag (&outcome.done);
  g_assert_no_error (outcome.error);
  statuses = statuses_of (outcome.results);
  g_assert_cmpstr (statuses, ==, "valid valid valid");
  g_ptr_array_unref (outcome.results);
}

static void
test_cancelled (Fixture *f,
                gconstpointer data)
{
  g_autoptr(RingiVerifier) verifier = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  AsyncOutcome outcome = { 0 };

  add_happy_path (f);
  verifier = make_verifier (f, public_keyring, NULL, pdf);
  g_cancellable_cancel (cancellable);
  ringi_verifier_verify_async (verifier, cancellable, verified_cb, &outcome);
  ringi_test_wait_for_flag (&outcome.done);
  g_assert_null (outcome.results);
  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&outcome.error);
}

int
main (int argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  make_users ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/ringi/verifier/valid", test_valid);
  ADD ("/ringi/verifier/empty", test_empty);
  ADD ("/ringi/verifier/correction", test_correction);
  ADD ("/ringi/verifier/document-changed", test_document_changed);
  ADD ("/ringi/verifier/document-changed/unknown-revision", test_unknown_revision);
  ADD ("/ringi/verifier/bad-signature/changed-record-byte", test_changed_record_byte);
  ADD ("/ringi/verifier/bad-signature/not-a-signature", test_not_a_signature);
  ADD ("/ringi/verifier/bad-signature/other-stamps-signature", test_other_stamps_signature);
  ADD ("/ringi/verifier/chain-broken/removed", test_removed_stamp);
  ADD ("/ringi/verifier/chain-broken/removed-first", test_removed_first);
  ADD ("/ringi/verifier/chain-broken/reordered", test_reordered);
  ADD ("/ringi/verifier/chain-broken/inserted-copy", test_inserted_copy);
  ADD ("/ringi/verifier/chain-broken/other-document", test_other_document);
  ADD ("/ringi/verifier/chain-broken/first-not-submit", test_first_not_submit);
  ADD ("/ringi/verifier/key-not-bound/signed-with-other-key", test_signed_with_other_key);
  ADD ("/ringi/verifier/key-not-bound/claims-other-key", test_claims_other_key);
  ADD ("/ringi/verifier/key-not-bound/not-in-directory", test_signer_not_in_directory);
  ADD ("/ringi/verifier/unknown-key", test_unknown_key);
  ADD ("/ringi/verifier/not-allowed/out-of-turn", test_not_allowed);
  ADD ("/ringi/verifier/not-allowed/not-on-route", test_not_on_route);
  ADD ("/ringi/verifier/send-back-and-resubmit", test_send_back_and_resubmit);
  ADD ("/ringi/verifier/not-allowed/wrong-revision", test_wrong_revision);
  ADD ("/ringi/verifier/delegation/valid", test_delegation);
  ADD ("/ringi/verifier/delegation/out-of-period", test_delegation_out_of_period);
  ADD ("/ringi/verifier/delegation/missing", test_delegation_missing);
  ADD ("/ringi/verifier/delegation/forged", test_delegation_forged);
  ADD ("/ringi/verifier/malformed", test_malformed);
  ADD ("/ringi/verifier/cache-spares-gpg", test_cache_spares_gpg);
  ADD ("/ringi/verifier/async", test_async);
  ADD ("/ringi/verifier/cancelled", test_cancelled);
#undef ADD

  status = g_test_run ();
  clear_users ();
  return status;
}
