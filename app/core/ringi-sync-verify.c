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

static gboolean
import_keys (RingiProfile *profile,
             GHashTable *logins,
             GError **error)
{
  RingiStore *store = ringi_profile_get_store (profile);
  GHashTableIter iter;
  const char *login;

  g_hash_table_iter_init (&iter, logins);
  while (g_hash_table_iter_next (&iter, (gpointer *) &login, NULL))
    {
      g_autoptr(RingiUser) user = ringi_store_get_user (store, login, NULL);
      g_auto(GStrv) imported = NULL;

      /* Unknown to the directory: the verifier says so for the stamp. */
      if (user == NULL || user->public_key == NULL)
        continue;

      if (!ringi_keyring_import (ringi_profile_get_keyring (profile), user->public_key, &imported, error))
        return FALSE;
    }

  return TRUE;
}

static RingiVerifier *
new_verifier (RingiProfile *profile,
              const char *request_id,
              GError **error)
{
  RingiStore *store = ringi_profile_get_store (profile);
  g_autofree char *cache_path = g_build_filename (ringi_profile_get_dir (profile), "verify-cache.db", NULL);
  g_autoptr(RingiVerifyCache) cache = NULL;
  g_autoptr(RingiVerifier) verifier = NULL;
  g_autoptr(GPtrArray) stamps = NULL;
  g_autoptr(GPtrArray) delegations = NULL;
  g_autoptr(GHashTable) bindings = NULL;
  g_autoptr(GHashTable) signers = NULL;
  g_autoptr(GError) local_error = NULL;
  guint n_revisions;

  if ((stamps = ringi_store_list_stamps (store, request_id, error)) == NULL ||
      (delegations = ringi_store_list_delegations (store, error)) == NULL ||
      (bindings = ringi_store_dup_bindings (store, error)) == NULL)
    return NULL;

  if (stamps->len == 0)
    {
      g_set_error (error, RINGI_STORE_ERROR, RINGI_STORE_ERROR_NOT_FOUND,
                   _("Request %s has no stamp the server accepted yet; sync first"), request_id);
      return NULL;
    }

  signers = collect_signers (stamps, delegations);
  if (!import_keys (profile, signers, error))
    return NULL;

  /* Without a cache, verification only takes longer. */
  cache = ringi_verify_cache_new (cache_path, &local_error);
  if (cache == NULL)
    g_debug ("No verification cache: %s", local_error->message);

  verifier = ringi_verifier_new (ringi_profile_get_keyring (profile), cache);
  ringi_verifier_set_directory (verifier, bindings);
  for (guint i = 0; i < stamps->len; i++)
    {
      RingiStoredStamp *s = stamps->pdata[i];
      ringi_verifier_add_stamp (verifier, s->record, s->signature);
    }
  for (guint i = 0; i < delegations->len; i++)
    {
      RingiStoredDelegation *d = delegations->pdata[i];
      ringi_verifier_add_delegation (verifier, d->record, d->signature);
    }

  n_revisions = ringi_store_get_n_revisions (store, request_id, error);
  for (guint revision = 1; revision <= n_revisions; revision++)
    {
      g_autoptr(GBytes) pdf = ringi_store_get_revision (store, request_id, revision, error);

      if (pdf == NULL)
        return NULL;
      ringi_verifier_add_revision_pdf (verifier, revision, pdf);
    }

  return g_steal_pointer (&verifier);
}

static void
verified_cb (GObject *source,
             GAsyncResult *result,
             gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *results = ringi_verifier_verify_finish (RINGI_VERIFIER (source), result, &error);

  if (results == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, results, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * ringi_sync_verify_async:
 * @self: a #RingiSync
 * @request_id: a request
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * Verifies the request's stamps the server accepted (pending ones are
 * not evidence yet): signatures, keys bound by the directory, document
 * hashes, the chain, delegations and the route.
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
  g_autoptr(RingiVerifier) verifier = NULL;

  g_return_if_fail (RINGI_IS_SYNC (self));
  g_return_if_fail (request_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ringi_sync_verify_async);

  verifier = new_verifier (self->profile, request_id, &error);
  if (verifier == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  ringi_verifier_verify_async (verifier, cancellable, verified_cb, g_steal_pointer (&task));
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
