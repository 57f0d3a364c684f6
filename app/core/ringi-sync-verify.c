/* ringi-sync-verify.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ringi-delegation.h"
#include "ringi-sync-private.h"
#include "ringi-verifier.h"

/* Verifying a request's accepted history here, as the evidence bundle
 * would be verified: the same RingiVerifier, fed from the profile store.
 * The signers' public keys come from the directory into the profile's
 * keyring; good signatures are remembered in verify-cache.db. */

static void
add_login (GHashTable *logins,
           const char *login)
{
  if (login != NULL)
    g_hash_table_add (logins, g_strdup (login));
}

/* Everyone whose signature the history holds */
static GHashTable *
collect_signers (GPtrArray *stamps,
                 GPtrArray *delegations)
{
  GHashTable *logins = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < stamps->len; i++)
    {
      g_autoptr(RingiStamp) stamp = ringi_stamp_parse (((RingiStoredStamp *) stamps->pdata[i])->record, NULL);

      if (stamp != NULL)
        add_login (logins, ringi_stamp_get_signer (stamp));
    }

  for (guint i = 0; i < delegations->len; i++)
    add_login (logins, ((RingiStoredDelegation *) delegations->pdata[i])->from_login);

  return logins;
}

/* What verifying needs, read from the store on the calling thread (the
 * store's connection belongs to it); the worker thread then imports keys
 * and checks signatures, so gpg never runs on the main loop. */
typedef struct
{
  RingiKeyring *keyring;
  char *cache_path;
  GPtrArray *stamps;      /* RingiStoredStamp */
  GPtrArray *delegations; /* RingiStoredDelegation */
  GHashTable *bindings;
  GPtrArray *public_keys;       /* GBytes */
  GPtrArray *revisions;         /* GBytes, revision 1 first */
  RingiStoredPunch *correction; /* the punch a correction request carries */
} VerifyInput;

static void
verify_input_free (VerifyInput *input)
{
  g_clear_object (&input->keyring);
  g_free (input->cache_path);
  g_clear_pointer (&input->stamps, g_ptr_array_unref);
  g_clear_pointer (&input->delegations, g_ptr_array_unref);
  g_clear_pointer (&input->bindings, g_hash_table_unref);
  g_clear_pointer (&input->public_keys, g_ptr_array_unref);
  g_clear_pointer (&input->revisions, g_ptr_array_unref);
  g_clear_pointer (&input->correction, ringi_stored_punch_free);
  g_free (input);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VerifyInput, verify_input_free)

/* The public keys of everyone whose signature the history holds; one
 * unknown to the directory is left out, and the verifier says so. */
static GPtrArray *
collect_public_keys (RingiStore *store,
                     GHashTable *logins)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  GHashTableIter iter;
  const char *login;

  g_hash_table_iter_init (&iter, logins);
  while (g_hash_table_iter_next (&iter, (gpointer *) &login, NULL))
    {
      g_autoptr(RingiUser) user = ringi_store_get_user (store, login, NULL);

      if (user != NULL && user->public_key != NULL)
        g_ptr_array_add (keys, g_bytes_ref (user->public_key));
    }

  return keys;
}

static GPtrArray *
read_revisions (RingiStore *store,
                const char *request_id,
                GError **error)
{
  g_autoptr(GPtrArray) revisions = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  guint n_revisions = ringi_store_get_n_revisions (store, request_id, error);

  for (guint revision = 1; revision <= n_revisions; revision++)
    {
      GBytes *pdf = ringi_store_get_revision (store, request_id, revision, error);

      if (pdf == NULL)
        return NULL;
      g_ptr_array_add (revisions, pdf);
    }

  return g_steal_pointer (&revisions);
}

/* The punch a correction request carries, if this one carries one */
static gboolean
read_correction (RingiStore *store,
                 const char *request_id,
                 RingiStoredPunch **out_correction,
                 GError **error)
{
  g_autoptr(GError) local_error = NULL;

  *out_correction = ringi_store_get_correction (store, request_id, &local_error);
  if (*out_correction != NULL || g_error_matches (local_error, RINGI_STORE_ERROR, RINGI_STORE_ERROR_NOT_FOUND))
    return TRUE;

  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static VerifyInput *
read_input (RingiProfile *profile,
            const char *request_id,
            GError **error)
{
  RingiStore *store = ringi_profile_get_store (profile);
  g_autoptr(VerifyInput) input = g_new0 (VerifyInput, 1);
  g_autoptr(GHashTable) signers = NULL;

  if ((input->stamps = ringi_store_list_stamps (store, request_id, error)) == NULL ||
      (input->delegations = ringi_store_list_delegations (store, error)) == NULL ||
      (input->bindings = ringi_store_dup_bindings (store, error)) == NULL)
    return NULL;

  if (input->stamps->len == 0)
    {
      g_set_error (error, RINGI_STORE_ERROR, RINGI_STORE_ERROR_NOT_FOUND,
                   _("Request %s has no stamp the server accepted yet; sync first"), request_id);
      return NULL;
    }

  if ((input->revisions = read_revisions (store, request_id, error)) == NULL ||
      !read_correction (store, request_id, &input->correction, error))
    return NULL;

  signers = collect_signers (input->stamps, input->delegations);
  input->public_keys = collect_public_keys (store, signers);
  input->keyring = g_object_ref (ringi_profile_get_keyring (profile));
  input->cache_path = g_build_filename (ringi_profile_get_dir (profile), "verify-cache.db", NULL);
  return g_steal_pointer (&input);
}

static RingiVerifier *
new_verifier (VerifyInput *input,
              GError **error)
{
  g_autoptr(RingiVerifyCache) cache = NULL;
  g_autoptr(RingiVerifier) verifier = NULL;
  g_autoptr(GError) local_error = NULL;

  for (guint i = 0; i < input->public_keys->len; i++)
    {
      g_auto(GStrv) imported = NULL;

      if (!ringi_keyring_import (input->keyring, input->public_keys->pdata[i], &imported, error))
        return NULL;
    }

  /* Without a cache, verification only takes longer. */
  cache = ringi_verify_cache_new (input->cache_path, &local_error);
  if (cache == NULL)
    g_debug ("No verification cache: %s", local_error->message);

  verifier = ringi_verifier_new (input->keyring, cache);
  ringi_verifier_set_directory (verifier, input->bindings);
  for (guint i = 0; i < input->stamps->len; i++)
    {
      RingiStoredStamp *s = input->stamps->pdata[i];
      ringi_verifier_add_stamp (verifier, s->record, s->signature);
    }
  for (guint i = 0; i < input->delegations->len; i++)
    {
      RingiStoredDelegation *d = input->delegations->pdata[i];
      ringi_verifier_add_delegation (verifier, d->record, d->signature);
    }
  for (guint i = 0; i < input->revisions->len; i++)
    ringi_verifier_add_revision_pdf (verifier, i + 1, input->revisions->pdata[i]);
  if (input->correction != NULL)
    ringi_verifier_set_correction (verifier, input->correction->record, input->correction->signature);

  return g_steal_pointer (&verifier);
}

static void
verify_thread (GTask *task,
               gpointer source_object,
               gpointer task_data,
               GCancellable *cancellable)
{
  g_autoptr(RingiVerifier) verifier = NULL;
  GError *error = NULL;
  GPtrArray *results;

  verifier = new_verifier (task_data, &error);
  results = verifier ? ringi_verifier_verify (verifier, cancellable, &error) : NULL;
  if (results == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, results, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * ringi_sync_verify_async:
 * @self: a #RingiSync
 * @request_id: the request
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * Verifies the request's accepted history: the store is read here, the
 * keys are imported and the signatures checked on a worker thread. The
 * punch a correction request carries is checked with the submit
 * (ringi_verifier_set_correction()).
 */
void
ringi_sync_verify_async (RingiSync *self,
                         const char *request_id,
                         GCancellable *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  VerifyInput *input;

  g_return_if_fail (RINGI_IS_SYNC (self));
  g_return_if_fail (request_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ringi_sync_verify_async);

  input = read_input (self->profile, request_id, &error);
  if (input == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_set_task_data (task, input, (GDestroyNotify) verify_input_free);
  g_task_run_in_thread (task, verify_thread);
}

/**
 * ringi_sync_verify_finish:
 * @self: a #RingiSync
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type RingiStampResult): one
 *   verdict per accepted stamp, in chain order, or %NULL with @error set
 *   when the history cannot be read
 */
GPtrArray *
ringi_sync_verify_finish (RingiSync *self,
                          GAsyncResult *result,
                          GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
