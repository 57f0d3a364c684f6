/* ringi-verifier.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-verifier"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ringi-delegation.h"
#include "ringi-punch.h"
#include "ringi-record-private.h"
#include "ringi-verifier.h"
#include "ringi-workflow.h"

typedef struct
{
  GBytes *record;
  GBytes *signature;
} SignedRecord;

/* What a verification reads. The verifier keeps one that add_*() fill;
 * each run works on a copy, so that a run in a worker thread never sees
 * a change made meanwhile on the main thread. */
typedef struct
{
  RingiKeyring *keyring;
  RingiVerifyCache *cache;
  GPtrArray *stamps;        /* SignedRecord, in chain order */
  GPtrArray *delegations;   /* SignedRecord */
  GHashTable *revisions;    /* GUINT_TO_POINTER (revision) → sha256 */
  GHashTable *directory;    /* login → fingerprint */
  SignedRecord *correction; /* the punch a correction request carries */
} Inputs;

struct _RingiVerifier
{
  GObject parent_instance;

  Inputs *inputs;
};

G_DEFINE_FINAL_TYPE (RingiVerifier, ringi_verifier, G_TYPE_OBJECT)

static const char *const status_words[] = {
  [RINGI_STAMP_VALID] = "valid",
  [RINGI_STAMP_MALFORMED] = "malformed",
  [RINGI_STAMP_BAD_SIGNATURE] = "bad-signature",
  [RINGI_STAMP_UNKNOWN_KEY] = "unknown-key",
  [RINGI_STAMP_KEY_NOT_BOUND] = "key-not-bound",
  [RINGI_STAMP_CHAIN_BROKEN] = "chain-broken",
  [RINGI_STAMP_DOCUMENT_CHANGED] = "document-changed",
  [RINGI_STAMP_DELEGATION_INVALID] = "delegation-invalid",
  [RINGI_STAMP_NOT_ALLOWED] = "not-allowed",
};

/**
 * ringi_stamp_status_to_string:
 * @status: a #RingiStampStatus
 *
 * Returns: the status as a word for reports and JSON ("valid",
 *   "bad-signature", "chain-broken"…)
 */
const char *
ringi_stamp_status_to_string (RingiStampStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (status_words), NULL);

  return status_words[status];
}

void
ringi_stamp_result_free (RingiStampResult *result)
{
  g_clear_pointer (&result->explanation, g_free);
  g_clear_pointer (&result->stamp, ringi_stamp_unref);
  g_free (result);
}

/**
 * ringi_stamp_results_are_valid:
 * @results: (element-type RingiStampResult): what ringi_verifier_verify()
 *   returned
 *
 * The overall verdict. An empty chain proves nothing, so it is not valid.
 *
 * Returns: %TRUE when there is at least one stamp and every one is valid
 */
gboolean
ringi_stamp_results_are_valid (GPtrArray *results)
{
  g_return_val_if_fail (results != NULL, FALSE);

  for (guint i = 0; i < results->len; i++)
    {
      const RingiStampResult *result = g_ptr_array_index (results, i);

      if (result->status != RINGI_STAMP_VALID)
        return FALSE;
    }

  return results->len > 0;
}

static SignedRecord *
signed_record_new (GBytes *record,
                   GBytes *signature)
{
  SignedRecord *signed_record = g_new0 (SignedRecord, 1);

  signed_record->record = g_bytes_ref (record);
  signed_record->signature = g_bytes_ref (signature);
  return signed_record;
}

static gpointer
signed_record_copy (gconstpointer src,
                    gpointer user_data)
{
  const SignedRecord *signed_record = src;

  return signed_record_new (signed_record->record, signed_record->signature);
}

static void
signed_record_free (SignedRecord *signed_record)
{
  g_bytes_unref (signed_record->record);
  g_bytes_unref (signed_record->signature);
  g_free (signed_record);
}

static Inputs *
inputs_new (RingiKeyring *keyring,
            RingiVerifyCache *cache)
{
  Inputs *inputs = g_new0 (Inputs, 1);

  inputs->keyring = g_object_ref (keyring);
  inputs->cache = cache ? g_object_ref (cache) : NULL;
  inputs->stamps = g_ptr_array_new_with_free_func ((GDestroyNotify) signed_record_free);
  inputs->delegations = g_ptr_array_new_with_free_func ((GDestroyNotify) signed_record_free);
  inputs->revisions = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  inputs->directory = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return inputs;
}

static void
inputs_free (Inputs *inputs)
{
  g_clear_object (&inputs->keyring);
  g_clear_object (&inputs->cache);
  g_clear_pointer (&inputs->stamps, g_ptr_array_unref);
  g_clear_pointer (&inputs->delegations, g_ptr_array_unref);
  g_clear_pointer (&inputs->revisions, g_hash_table_unref);
  g_clear_pointer (&inputs->directory, g_hash_table_unref);
  g_clear_pointer (&inputs->correction, signed_record_free);
  g_free (inputs);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Inputs, inputs_free)

static void
copy_strings (GHashTable *from,
              GHashTable *to,
              gboolean copy_keys)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, from);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (to, copy_keys ? g_strdup (key) : key, g_strdup (value));
}

static Inputs *
inputs_copy (const Inputs *inputs)
{
  Inputs *copy = inputs_new (inputs->keyring, inputs->cache);

  g_clear_pointer (&copy->stamps, g_ptr_array_unref);
  g_clear_pointer (&copy->delegations, g_ptr_array_unref);
  copy->stamps = g_ptr_array_copy (inputs->stamps, signed_record_copy, NULL);
  copy->delegations = g_ptr_array_copy (inputs->delegations, signed_record_copy, NULL);
  copy_strings (inputs->revisions, copy->revisions, FALSE);
  copy_strings (inputs->directory, copy->directory, TRUE);
  if (inputs->correction != NULL)
    copy->correction = signed_record_copy (inputs->correction, NULL);
  return copy;
}

static void
ringi_verifier_finalize (GObject *object)
{
  RingiVerifier *self = (RingiVerifier *) object;

  g_clear_pointer (&self->inputs, inputs_free);

  G_OBJECT_CLASS (ringi_verifier_parent_class)->finalize (object);
}

static void
ringi_verifier_class_init (RingiVerifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ringi_verifier_finalize;
}

static void
ringi_verifier_init (RingiVerifier *self)
{
}

/**
 * ringi_verifier_new:
 * @keyring: holds the public keys of the signers
 * @cache: (nullable): where good signatures are remembered, so that
 *   verifying the same chain again runs no gpg at all
 *
 * Returns: (transfer full): a verifier with nothing to verify yet
 */
RingiVerifier *
ringi_verifier_new (RingiKeyring *keyring,
                    RingiVerifyCache *cache)
{
  RingiVerifier *self;

  g_return_val_if_fail (RINGI_IS_KEYRING (keyring), NULL);
  g_return_val_if_fail (cache == NULL || RINGI_IS_VERIFY_CACHE (cache), NULL);

  self = g_object_new (RINGI_TYPE_VERIFIER, NULL);
  self->inputs = inputs_new (keyring, cache);
  return self;
}

/**
 * ringi_verifier_add_stamp:
 * @self: a #RingiVerifier
 * @record: the exact bytes of the next stamp record of the chain
 * @signature: its detached signature
 *
 * Stamps are verified in the order they are added.
 */
void
ringi_verifier_add_stamp (RingiVerifier *self,
                          GBytes *record,
                          GBytes *signature)
{
  g_return_if_fail (RINGI_IS_VERIFIER (self));
  g_return_if_fail (record != NULL && signature != NULL);

  g_ptr_array_add (self->inputs->stamps, signed_record_new (record, signature));
}

/**
 * ringi_verifier_add_delegation:
 * @self: a #RingiVerifier
 * @record: the exact bytes of a delegation record
 * @signature: its detached signature, by the delegator
 *
 * Offers a delegation that stamps with `On-Behalf-Of` may rely on.
 */
void
ringi_verifier_add_delegation (RingiVerifier *self,
                               GBytes *record,
                               GBytes *signature)
{
  g_return_if_fail (RINGI_IS_VERIFIER (self));
  g_return_if_fail (record != NULL && signature != NULL);

  g_ptr_array_add (self->inputs->delegations, signed_record_new (record, signature));
}

/**
 * ringi_verifier_add_revision:
 * @self: a #RingiVerifier
 * @revision: the revision number, from 1
 * @pdf_sha256: the sha256 of that revision's PDF, computed by the caller
 *   from the real bytes
 */
void
ringi_verifier_add_revision (RingiVerifier *self,
                             guint revision,
                             const char *pdf_sha256)
{
  g_return_if_fail (RINGI_IS_VERIFIER (self));
  g_return_if_fail (revision >= 1);
  g_return_if_fail (pdf_sha256 != NULL);

  g_hash_table_insert (self->inputs->revisions, GUINT_TO_POINTER (revision), g_ascii_strdown (pdf_sha256, -1));
}

/**
 * ringi_verifier_add_revision_pdf:
 * @self: a #RingiVerifier
 * @revision: the revision number, from 1
 * @pdf: that revision's PDF; hashed now
 */
void
ringi_verifier_add_revision_pdf (RingiVerifier *self,
                                 guint revision,
                                 GBytes *pdf)
{
  g_autofree char *sha256 = NULL;

  g_return_if_fail (RINGI_IS_VERIFIER (self));
  g_return_if_fail (pdf != NULL);

  sha256 = ringi_record_sha256 (pdf);
  ringi_verifier_add_revision (self, revision, sha256);
}

/**
 * ringi_verifier_set_correction:
 * @self: a #RingiVerifier
 * @record: the exact bytes of the punch record a correction request
 *   (打刻修正申請) carries (docs/punch-format.md)
 * @signature: its detached signature
 *
 * The punch is checked like a stamp: a punch record of the applicant
 * (the submit's signer), naming the key the directory binds to them and
 * signed with it. A correction request's submit stands with the punch it
 * asks for, so a punch that fails makes the submit's verdict fail, with
 * the reason.
 */
void
ringi_verifier_set_correction (RingiVerifier *self,
                               GBytes *record,
                               GBytes *signature)
{
  g_return_if_fail (RINGI_IS_VERIFIER (self));
  g_return_if_fail (record != NULL && signature != NULL);

  g_clear_pointer (&self->inputs->correction, signed_record_free);
  self->inputs->correction = signed_record_new (record, signature);
}

/**
 * ringi_verifier_set_directory:
 * @self: a #RingiVerifier
 * @fingerprints: (element-type utf8 utf8): login → the fingerprint the
 *   directory binds to it; copied
 */
void
ringi_verifier_set_directory (RingiVerifier *self,
                              GHashTable *fingerprints)
{
  g_return_if_fail (RINGI_IS_VERIFIER (self));
  g_return_if_fail (fingerprints != NULL);

  g_hash_table_remove_all (self->inputs->directory);
  copy_strings (fingerprints, self->inputs->directory, TRUE);
}

/* A delegation offered to the run, read once and checked at most once. */
typedef struct
{
  const SignedRecord *signed_record;
  RingiDelegation *delegation;
  gboolean checked;
  /* why it is not good; NULL when it is */
  char *problem;
} Delegation;

static void
delegation_free (Delegation *delegation)
{
  g_clear_pointer (&delegation->delegation, ringi_delegation_unref);
  g_free (delegation->problem);
  g_free (delegation);
}

/* What gpg said about one signature, asked ahead of the chain walk. */
typedef struct
{
  const SignedRecord *signed_record;
  gboolean good;
  char *signed_by;
  GError *error;
} GpgAnswer;

static void
gpg_answer_free (GpgAnswer *answer)
{
  g_free (answer->signed_by);
  g_clear_error (&answer->error);
  g_free (answer);
}

typedef struct
{
  const Inputs *inputs;
  GCancellable *cancellable;
  RingiWorkflow *workflow;
  GPtrArray *delegations; /* Delegation */
  GHashTable *answers;    /* SignedRecord → GpgAnswer */
  guint index;
  char *document;
  char *previous_sha256;
  GDateTime *previous_time;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->answers, g_hash_table_unref);
  g_clear_pointer (&run->document, g_free);
  g_clear_pointer (&run->previous_sha256, g_free);
  g_clear_pointer (&run->previous_time, g_date_time_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

typedef struct
{
  RingiStampStatus status;
  char *explanation;
} Verdict;

static gboolean fail (Verdict *verdict,
                      RingiStampStatus status,
                      const char *format,
                      ...) G_GNUC_PRINTF (3, 4);

/* Records the first failure only; always returns FALSE so that checks
 * read as `return fail (…)`. */
static gboolean
fail (Verdict *verdict,
      RingiStampStatus status,
      const char *format,
      ...)
{
  va_list args;

  if (verdict->status != RINGI_STAMP_VALID)
    return FALSE;

  va_start (args, format);
  verdict->status = status;
  verdict->explanation = g_strdup_vprintf (format, args);
  va_end (args);
  return FALSE;
}

/* Sets @verdict when the signature is not good by @fingerprint. Returns
 * FALSE only when gpg could not be asked at all, or the run was
 * cancelled: then @error is set and the whole verification stops, since
 * no verdict about this signature can be given. */
static gboolean
check_signature (Run *run,
                 const SignedRecord *signed_record,
                 const char *fingerprint,
                 Verdict *verdict,
                 GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *record_sha256 = ringi_record_sha256 (signed_record->record);
  g_autofree char *signature_sha256 = ringi_record_sha256 (signed_record->signature);
  g_autofree char *signed_by = NULL;
  RingiVerifyCache *cache = run->inputs->cache;

  GpgAnswer *answer = g_hash_table_lookup (run->answers, signed_record);
  gboolean good;

  if (cache != NULL && ringi_verify_cache_lookup (cache, record_sha256, signature_sha256, fingerprint))
    return TRUE;

  if (answer != NULL)
    {
      good = answer->good;
      signed_by = g_strdup (answer->signed_by);
      local_error = answer->error ? g_error_copy (answer->error) : NULL;
    }
  else
    good = ringi_keyring_verify_detached (run->inputs->keyring, signed_record->record, signed_record->signature,
                                          &signed_by, run->cancellable, &local_error);

  if (!good)
    {
      if (g_error_matches (local_error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_NO_KEY))
        {
          fail (verdict, RINGI_STAMP_UNKNOWN_KEY, "%s", local_error->message);
          return TRUE;
        }

      if (g_error_matches (local_error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_BAD_SIGNATURE) ||
          g_error_matches (local_error, RINGI_KEYRING_ERROR, RINGI_KEYRING_ERROR_NOT_SIGNED))
        {
          fail (verdict, RINGI_STAMP_BAD_SIGNATURE,
                _("The signature does not match the record: the record or its signature was changed after signing (%s)"),
                local_error->message);
          return TRUE;
        }

      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (!g_str_equal (signed_by, fingerprint))
    {
      fail (verdict, RINGI_STAMP_KEY_NOT_BOUND,
            _("The signature was made with key %s, not with key %s that the record names"),
            signed_by, fingerprint);
      return TRUE;
    }

  if (cache != NULL && !ringi_verify_cache_store (cache, record_sha256, signature_sha256, fingerprint, &local_error))
    g_debug ("Could not remember a good signature: %s", local_error->message);

  return TRUE;
}

/* The key must be the one the directory binds to the signer, and the
 * signature must be good and by that key. */
static gboolean
key_bound_twice (GHashTable *directory,
                 const char *login,
                 const char *key)
{
  GHashTableIter iter;
  gpointer other, fingerprint;

  g_hash_table_iter_init (&iter, directory);
  while (g_hash_table_iter_next (&iter, &other, &fingerprint))
    {
      if (g_str_equal (fingerprint, key) && !g_str_equal (other, login))
        return TRUE;
    }

  return FALSE;
}

static gboolean
check_key (Run *run,
           RingiStamp *stamp,
           const SignedRecord *signed_record,
           Verdict *verdict,
           GError **error)
{
  const char *signer = ringi_stamp_get_signer (stamp);
  const char *key = ringi_stamp_get_signer_key (stamp);
  const char *bound = g_hash_table_lookup (run->inputs->directory, signer);

  if (bound == NULL)
    return fail (verdict, RINGI_STAMP_KEY_NOT_BOUND, _("The directory binds no key to %s"), signer);

  if (!g_str_equal (bound, key))
    return fail (verdict, RINGI_STAMP_KEY_NOT_BOUND,
                 _("The stamp names key %s, but the directory binds %s to key %s"), key, signer, bound);

  if (key_bound_twice (run->inputs->directory, signer, key))
    return fail (verdict, RINGI_STAMP_KEY_NOT_BOUND,
                 _("Key %s is bound to %s and to someone else: one key cannot stand for two people"), key, signer);

  return check_signature (run, signed_record, key, verdict, error) &&
         verdict->status == RINGI_STAMP_VALID;
}

static gboolean
check_chain (Run *run,
             RingiStamp *stamp,
             Verdict *verdict)
{
  const char *previous = ringi_stamp_get_previous (stamp);

  if (run->index == 0 && (previous != NULL || ringi_stamp_get_action (stamp) != RINGI_ACTION_SUBMIT))
    return fail (verdict, RINGI_STAMP_CHAIN_BROKEN,
                 _("The first stamp must be the submit, with “Previous: none”: earlier stamps are missing"));

  if (run->index > 0 && g_strcmp0 (previous, run->previous_sha256) != 0)
    return fail (verdict, RINGI_STAMP_CHAIN_BROKEN,
                 _("“Previous” does not name the stamp before this one: a stamp is missing, inserted or out of order"));

  if (run->document != NULL && !g_str_equal (run->document, ringi_stamp_get_document (stamp)))
    return fail (verdict, RINGI_STAMP_CHAIN_BROKEN,
                 _("The stamp belongs to document %s, not to %s"), ringi_stamp_get_document (stamp), run->document);

  /* A chain is written in time order; a stamp dated before the one it
   * follows was back-dated, e.g. into a delegation's period. */
  if (run->previous_time != NULL && g_date_time_compare (ringi_stamp_get_time (stamp), run->previous_time) < 0)
    return fail (verdict, RINGI_STAMP_CHAIN_BROKEN,
                 _("The stamp is dated before the stamp it follows"));

  return TRUE;
}

static gboolean
check_document (Run *run,
                RingiStamp *stamp,
                Verdict *verdict)
{
  guint revision = ringi_stamp_get_revision (stamp);
  const char *stamped = ringi_stamp_get_document_sha256 (stamp);
  const char *actual = g_hash_table_lookup (run->inputs->revisions, GUINT_TO_POINTER (revision));

  if (actual == NULL)
    return fail (verdict, RINGI_STAMP_DOCUMENT_CHANGED,
                 _("Revision %u of the document, which this stamp is on, is missing"), revision);

  if (!g_str_equal (actual, stamped))
    return fail (verdict, RINGI_STAMP_DOCUMENT_CHANGED,
                 _("Revision %u of the document is not the one stamped: its sha256 is %s, the stamp names %s"),
                 revision, actual, stamped);

  return TRUE;
}

/* A delegation is good when the directory binds its Signer-Key to the
 * delegator and the delegator's signature over it is good. Checked once
 * per run, however many stamps rely on it. */
static gboolean
check_delegation_signature (Run *run,
                            Delegation *delegation,
                            GError **error)
{
  RingiDelegation *d = delegation->delegation;
  const char *from = ringi_delegation_get_from (d);
  const char *bound = g_hash_table_lookup (run->inputs->directory, from);
  Verdict verdict = { RINGI_STAMP_VALID, NULL };

  if (delegation->checked)
    return TRUE;

  if (g_strcmp0 (bound, ringi_delegation_get_signer_key (d)) != 0)
    verdict.explanation = g_strdup_printf (_("it is not signed with the key the directory binds to %s"), from);
  else if (!check_signature (run, delegation->signed_record, bound, &verdict, error))
    return FALSE;

  delegation->checked = TRUE;
  delegation->problem = verdict.explanation;
  return TRUE;
}

static gboolean
check_delegation (Run *run,
                  RingiStamp *stamp,
                  Verdict *verdict,
                  GError **error)
{
  const char *from = ringi_stamp_get_on_behalf_of (stamp);
  const char *to = ringi_stamp_get_signer (stamp);
  GDateTime *time = ringi_stamp_get_time (stamp);
  g_autofree char *problem = NULL;

  if (from == NULL)
    return TRUE;

  for (guint i = 0; i < run->delegations->len; i++)
    {
      Delegation *delegation = g_ptr_array_index (run->delegations, i);
      RingiDelegation *d = delegation->delegation;

      if (!g_str_equal (ringi_delegation_get_from (d), from) || !g_str_equal (ringi_delegation_get_to (d), to))
        continue;

      if (!ringi_delegation_covers (d, from, to, time))
        {
          g_autofree char *start = ringi_record_format_time (ringi_delegation_get_valid_from (d));
          g_autofree char *end = ringi_record_format_time (ringi_delegation_get_valid_until (d));

          g_free (problem);
          problem = g_strdup_printf (_("its period, from %s until %s, does not cover the stamp"), start, end);
          continue;
        }

      if (g_date_time_compare (ringi_delegation_get_time (d), time) > 0)
        {
          g_free (problem);
          problem = g_strdup (_("it was made after the stamp"));
          continue;
        }

      if (!check_delegation_signature (run, delegation, error))
        return FALSE;

      if (delegation->problem == NULL)
        return TRUE;

      g_free (problem);
      problem = g_strdup (delegation->problem);
    }

  if (problem == NULL)
    return fail (verdict, RINGI_STAMP_DELEGATION_INVALID,
                 _("%s acted on behalf of %s, but no delegation from %s to %s was supplied"), to, from, from, to);

  return fail (verdict, RINGI_STAMP_DELEGATION_INVALID,
               _("%s acted on behalf of %s, but the delegation does not allow it: %s"), to, from, problem);
}

static guint
expected_revision (Run *run,
                   RingiStamp *stamp)
{
  switch (ringi_stamp_get_action (stamp))
    {
    case RINGI_ACTION_SUBMIT:
      return 1;

    case RINGI_ACTION_RESUBMIT:
      return ringi_workflow_get_revision (run->workflow) + 1;

    default:
      return ringi_workflow_get_revision (run->workflow);
    }
}

/* Every readable stamp moves the replay on, even one that failed another
 * check: each stamp is then judged as if those before it happened, and
 * the blame stays with the stamp that is wrong. A refusal changes nothing. */
static void
replay (Run *run,
        RingiStamp *stamp,
        Verdict *verdict)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiRoute) route = NULL;
  guint expected = expected_revision (run, stamp);
  RingiWorkflowEvent event = {
    .action = ringi_stamp_get_action (stamp),
    .step = ringi_stamp_get_step (stamp),
    .to_step = ringi_stamp_get_to_step (stamp),
    .signer = ringi_stamp_get_signer (stamp),
    .on_behalf_of = ringi_stamp_get_on_behalf_of (stamp),
    .has_comment = ringi_stamp_get_comment_sha256 (stamp) != NULL,
  };

  /* The stamp parser has already refused routes that do not parse. */
  if (ringi_stamp_get_route (stamp) != NULL)
    route = ringi_route_parse (ringi_stamp_get_route (stamp), NULL);
  event.route = route;

  if (!ringi_workflow_apply (run->workflow, &event, &error))
    fail (verdict, RINGI_STAMP_NOT_ALLOWED, "%s", error->message);
  else if (ringi_stamp_get_revision (stamp) != expected)
    fail (verdict, RINGI_STAMP_NOT_ALLOWED,
          _("The stamp is on revision %u, but the request was at revision %u"),
          ringi_stamp_get_revision (stamp), expected);
}

static char *
explain_valid (RingiStamp *stamp)
{
  const char *on_behalf_of = ringi_stamp_get_on_behalf_of (stamp);

  if (on_behalf_of != NULL)
    return g_strdup_printf (_("Stamped by %s on behalf of %s, with the key the directory binds to %s"),
                            ringi_stamp_get_signer (stamp), on_behalf_of, ringi_stamp_get_signer (stamp));

  return g_strdup_printf (_("Stamped by %s with the key the directory binds to them"),
                          ringi_stamp_get_signer (stamp));
}

static RingiStampResult *
result_new (RingiStampStatus status,
            char *explanation,
            RingiStamp *stamp)
{
  RingiStampResult *result = g_new0 (RingiStampResult, 1);

  result->status = status;
  result->explanation = explanation;
  result->stamp = stamp ? ringi_stamp_ref (stamp) : NULL;
  return result;
}

static RingiStampResult *
verify_stamp (Run *run,
              const SignedRecord *signed_record,
              GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(RingiStamp) stamp = ringi_stamp_parse (signed_record->record, &local_error);
  Verdict verdict = { RINGI_STAMP_VALID, NULL };
  RingiStampResult *result;

  if (stamp == NULL)
    {
      result = result_new (RINGI_STAMP_MALFORMED, g_strdup (local_error->message), NULL);
      result->status_after = ringi_workflow_get_status (run->workflow);
      return result;
    }

  if (check_key (run, stamp, signed_record, &verdict, &local_error) &&
      check_chain (run, stamp, &verdict) &&
      check_document (run, stamp, &verdict))
    check_delegation (run, stamp, &verdict, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      g_free (verdict.explanation);
      return NULL;
    }

  replay (run, stamp, &verdict);

  if (run->document == NULL)
    run->document = g_strdup (ringi_stamp_get_document (stamp));

  if (verdict.status == RINGI_STAMP_VALID)
    verdict.explanation = explain_valid (stamp);

  g_clear_pointer (&run->previous_time, g_date_time_unref);
  run->previous_time = g_date_time_ref (ringi_stamp_get_time (stamp));

  result = result_new (verdict.status, verdict.explanation, stamp);
  result->status_after = ringi_workflow_get_status (run->workflow);
  return result;
}

/* Delegations that cannot be read are left out: a stamp relying on one
 * then finds no delegation and says so. */
static GPtrArray *
read_delegations (const Inputs *inputs)
{
  GPtrArray *delegations = g_ptr_array_new_with_free_func ((GDestroyNotify) delegation_free);

  for (guint i = 0; i < inputs->delegations->len; i++)
    {
      const SignedRecord *signed_record = g_ptr_array_index (inputs->delegations, i);
      g_autoptr(GError) error = NULL;
      RingiDelegation *d = ringi_delegation_parse (signed_record->record, &error);
      Delegation *delegation;

      if (d == NULL)
        {
          g_debug ("Delegation %u left out: %s", i + 1, error->message);
          continue;
        }

      delegation = g_new0 (Delegation, 1);
      delegation->signed_record = signed_record;
      delegation->delegation = d;
      g_ptr_array_add (delegations, delegation);
    }

  return delegations;
}

typedef struct
{
  RingiKeyring *keyring;
  GCancellable *cancellable;
} Prefetch;

static void
prefetch_one (gpointer data,
              gpointer user_data)
{
  GpgAnswer *answer = data;
  Prefetch *prefetch = user_data;

  answer->good = ringi_keyring_verify_detached (prefetch->keyring,
                                                answer->signed_record->record,
                                                answer->signed_record->signature,
                                                &answer->signed_by,
                                                prefetch->cancellable,
                                                &answer->error);
}

/* The key a record claims, or NULL for a record that does not parse (the
 * walk reports it as malformed and never asks gpg). */
static char *
claimed_key (const SignedRecord *signed_record,
             gboolean is_stamp)
{
  if (is_stamp)
    {
      g_autoptr(RingiStamp) stamp = ringi_stamp_parse (signed_record->record, NULL);

      return stamp ? g_strdup (ringi_stamp_get_signer_key (stamp)) : NULL;
    }
  else
    {
      g_autoptr(RingiDelegation) delegation = ringi_delegation_parse (signed_record->record, NULL);

      return delegation ? g_strdup (ringi_delegation_get_signer_key (delegation)) : NULL;
    }
}

static void
queue_uncached (const Inputs *inputs,
                GPtrArray *records,
                gboolean are_stamps,
                GPtrArray *queue)
{
  for (guint i = 0; i < records->len; i++)
    {
      const SignedRecord *signed_record = g_ptr_array_index (records, i);
      g_autofree char *key = claimed_key (signed_record, are_stamps);
      g_autofree char *record_sha256 = NULL;
      g_autofree char *signature_sha256 = NULL;
      GpgAnswer *answer;

      if (key == NULL)
        continue;

      record_sha256 = ringi_record_sha256 (signed_record->record);
      signature_sha256 = ringi_record_sha256 (signed_record->signature);
      if (inputs->cache != NULL &&
          ringi_verify_cache_lookup (inputs->cache, record_sha256, signature_sha256, key))
        continue;

      answer = g_new0 (GpgAnswer, 1);
      answer->signed_record = signed_record;
      g_ptr_array_add (queue, answer);
    }
}

/* Each gpg check is a process of its own and most of its time is spent
 * starting up, so the signatures that the cache does not know are checked
 * side by side, one worker per processor, before the walk along the chain
 * (which must stay in order) reads the answers. */
static GHashTable *
prefetch_signatures (const Inputs *inputs,
                     GCancellable *cancellable)
{
  GHashTable *answers = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) gpg_answer_free);
  g_autoptr(GPtrArray) queue = g_ptr_array_new ();
  Prefetch prefetch = { inputs->keyring, cancellable };
  guint n_workers = CLAMP (g_get_num_processors (), 1, 8);
  GThreadPool *pool;

  queue_uncached (inputs, inputs->stamps, TRUE, queue);
  queue_uncached (inputs, inputs->delegations, FALSE, queue);
  for (guint i = 0; i < queue->len; i++)
    g_hash_table_insert (answers, (gpointer) ((GpgAnswer *) queue->pdata[i])->signed_record, queue->pdata[i]);

  if (queue->len < 2 || n_workers < 2)
    {
      /* Nothing to gain from threads: let the walk ask gpg itself. */
      g_hash_table_remove_all (answers);
      return answers;
    }

  pool = g_thread_pool_new (prefetch_one, &prefetch, MIN (n_workers, queue->len), FALSE, NULL);
  for (guint i = 0; i < queue->len; i++)
    g_thread_pool_push (pool, queue->pdata[i], NULL);
  g_thread_pool_free (pool, FALSE, TRUE);

  return answers;
}

/* The punch a correction request carries, by the applicant's bound key */
static gboolean
check_correction (Run *run,
                  RingiStampResult *submit,
                  Verdict *verdict,
                  GError **error)
{
  const SignedRecord *signed_record = run->inputs->correction;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(RingiPunch) punch = ringi_punch_parse (signed_record->record, &local_error);
  const char *applicant = ringi_stamp_get_signer (submit->stamp);
  const char *login, *key, *bound;

  if (punch == NULL)
    return fail (verdict, RINGI_STAMP_MALFORMED, "%s", local_error->message);

  login = ringi_punch_get_login (punch);
  key = ringi_punch_get_signer_key (punch);
  bound = g_hash_table_lookup (run->inputs->directory, login);
  if (!g_str_equal (login, applicant))
    return fail (verdict, RINGI_STAMP_NOT_ALLOWED, _("The punch is %s’s, but %s asked for the correction"), login,
                 applicant);
  if (bound == NULL)
    return fail (verdict, RINGI_STAMP_KEY_NOT_BOUND, _("The directory binds no key to %s"), login);
  if (!g_str_equal (bound, key))
    return fail (verdict, RINGI_STAMP_KEY_NOT_BOUND,
                 _("The punch names key %s, but the directory binds %s to key %s"), key, login, bound);

  return check_signature (run, signed_record, key, verdict, error);
}

/* A correction request's submit is valid only with a good punch. */
static gboolean
verify_correction (Run *run,
                   GPtrArray *results,
                   GError **error)
{
  RingiStampResult *submit = results->len > 0 ? g_ptr_array_index (results, 0) : NULL;
  g_autoptr(GError) local_error = NULL;
  Verdict verdict = { RINGI_STAMP_VALID, NULL };

  if (run->inputs->correction == NULL || submit == NULL || submit->stamp == NULL ||
      submit->status != RINGI_STAMP_VALID)
    return TRUE;

  /* FALSE with no error is a failed check, given in the verdict. */
  if (!check_correction (run, submit, &verdict, &local_error) && local_error != NULL)
    {
      g_free (verdict.explanation);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (verdict.status != RINGI_STAMP_VALID)
    {
      submit->status = verdict.status;
      g_free (submit->explanation);
      submit->explanation = g_strdup_printf (_("The punch this correction request carries does not verify: %s"),
                                             verdict.explanation);
      g_free (verdict.explanation);
    }

  return TRUE;
}

static GPtrArray *
run_verification (const Inputs *inputs,
                  GCancellable *cancellable,
                  GError **error)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) ringi_stamp_result_free);
  g_autoptr(RingiWorkflow) workflow = ringi_workflow_new ();
  g_autoptr(GPtrArray) delegations = read_delegations (inputs);
  g_auto(Run) run = {
    .inputs = inputs,
    .cancellable = cancellable,
    .workflow = workflow,
    .delegations = delegations,
    .answers = prefetch_signatures (inputs, cancellable),
  };

  for (run.index = 0; run.index < inputs->stamps->len; run.index++)
    {
      const SignedRecord *signed_record = g_ptr_array_index (inputs->stamps, run.index);
      RingiStampResult *result;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      result = verify_stamp (&run, signed_record, error);
      if (result == NULL)
        return NULL;

      g_ptr_array_add (results, result);
      g_free (run.previous_sha256);
      run.previous_sha256 = ringi_record_sha256 (signed_record->record);
    }

  if (!verify_correction (&run, results, error))
    return NULL;

  return g_steal_pointer (&results);
}

/**
 * ringi_verifier_verify:
 * @self: a #RingiVerifier
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Verifies every stamp added, in order, as docs/stamp-format.md says:
 * record form, signature and key binding, chain, document hashes,
 * delegations, then the route replayed through #RingiWorkflow. Good
 * signatures found in the cache are not checked with gpg again; every
 * other check is always made. This runs gpg: prefer the async variant on
 * the main thread.
 *
 * Returns: (transfer full) (element-type RingiStampResult): one
 *   result per stamp, or %NULL with @error set when gpg could not be run
 *   or the verification was cancelled
 */
GPtrArray *
ringi_verifier_verify (RingiVerifier *self,
                       GCancellable *cancellable,
                       GError **error)
{
  g_autoptr(Inputs) inputs = NULL;

  g_return_val_if_fail (RINGI_IS_VERIFIER (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  inputs = inputs_copy (self->inputs);
  return run_verification (inputs, cancellable, error);
}

static void
verify_thread (GTask *task,
               gpointer source_object,
               gpointer task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *results = run_verification (task_data, cancellable, &error);

  if (results != NULL)
    g_task_return_pointer (task, results, (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_return_error (task, error);
}

void
ringi_verifier_verify_async (RingiVerifier *self,
                             GCancellable *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (RINGI_IS_VERIFIER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ringi_verifier_verify_async);
  g_task_set_task_data (task, inputs_copy (self->inputs), (GDestroyNotify) inputs_free);
  g_task_run_in_thread (task, verify_thread);
}

/**
 * ringi_verifier_verify_finish:
 * @self: a #RingiVerifier
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type RingiStampResult): one
 *   result per stamp, or %NULL with @error set
 */
GPtrArray *
ringi_verifier_verify_finish (RingiVerifier *self,
                              GAsyncResult *result,
                              GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ringi_verifier_verify_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
