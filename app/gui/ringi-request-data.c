/* ringi-request-data.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads what the request view shows — the request, its stamps with the
 * pending ones, the people, the latest revision and the seal pictures —
 * on a worker thread, through a connection of its own to the profile's
 * database (WAL lets it read beside the main thread's).
 */

#define G_LOG_DOMAIN "ringi-request-data"

#include "config.h"

#include <glib/gi18n.h>

#include "ringi-history.h"
#include "ringi-outbox.h"
#include "ringi-request-data.h"
#include "ringi-seal.h"
#include "ringi-store.h"

typedef struct
{
  char *db_path;
  char *request_id;
  char *login; /* the profile's person, or NULL before enrollment */
} LoadInput;

static void
load_input_free (LoadInput *input)
{
  g_free (input->db_path);
  g_free (input->request_id);
  g_free (input->login);
  g_free (input);
}

static void
entry_free (RingiRequestEntry *entry)
{
  g_clear_pointer (&entry->stamp, ringi_stamp_unref);
  g_free (entry->sha256);
  g_free (entry->comment);
  g_free (entry->name);
  g_free (entry->department);
  g_clear_pointer (&entry->seal, cairo_surface_destroy);
  g_free (entry);
}

void
ringi_request_data_free (RingiRequestData *data)
{
  if (data == NULL)
    return;

  g_clear_pointer (&data->info, ringi_request_info_free);
  g_clear_pointer (&data->entries, g_ptr_array_unref);
  g_clear_object (&data->workflow);
  g_clear_pointer (&data->people, g_hash_table_unref);
  g_clear_pointer (&data->pdf, g_bytes_unref);
  g_clear_pointer (&data->my_seal, cairo_surface_destroy);
  g_free (data);
}

static cairo_surface_t *
render_seal (RingiUser *user,
             const char *login,
             GDateTime *time)
{
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  RingiSealSpec spec;
  cairo_surface_t *image;

  ringi_seal_spec_init_date_seal (&spec, user ? user->seal_name : NULL, user ? user->department : NULL, login, time,
                                  strings);
  image = ringi_seal_render_image (&spec, RINGI_REQUEST_SEAL_PIXELS, 1.0, &error);
  if (image == NULL)
    g_debug ("No seal picture for %s: %s", login, error->message);
  return image;
}

/* My seal while I place it: a dashed frame says it can be moved. */
static cairo_surface_t *
render_movable_seal (RingiUser *user,
                     const char *login)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  cairo_surface_t *image = render_seal (user, login, now);
  const double dash[] = { 8, 6 };
  cairo_t *cr;

  if (image == NULL)
    return NULL;

  cr = cairo_create (image);
  cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.9);
  cairo_set_line_width (cr, 3);
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  cairo_rectangle (cr, 1.5, 1.5, RINGI_REQUEST_SEAL_PIXELS - 3, RINGI_REQUEST_SEAL_PIXELS - 3);
  cairo_stroke (cr);
  cairo_destroy (cr);
  return image;
}

static gboolean
presses_seal (RingiAction action)
{
  return action == RINGI_ACTION_SUBMIT || action == RINGI_ACTION_RESUBMIT ||
         action == RINGI_ACTION_APPROVE || action == RINGI_ACTION_ACKNOWLEDGE;
}

static void
add_person (RingiRequestData *data,
            RingiStore *store,
            const char *login)
{
  RingiUser *user;

  if (login == NULL || g_hash_table_contains (data->people, login))
    return;

  user = ringi_store_get_user (store, login, NULL);
  if (user != NULL)
    g_hash_table_insert (data->people, g_strdup (login), user);
}

static void
add_route_people (RingiRequestData *data,
                  RingiStore *store)
{
  RingiRoute *route = ringi_workflow_get_route (data->workflow);
  guint n_steps = route ? ringi_route_get_n_steps (route) : 0;

  for (guint number = 1; number <= n_steps; number++)
    {
      const RingiRouteStep *step = ringi_route_get_step (route, number);

      for (guint i = 0; step->logins[i] != NULL; i++)
        add_person (data, store, step->logins[i]);
    }
}

static RingiRequestEntry *
new_entry (RingiRequestData *data,
           RingiStore *store,
           RingiChainStamp *link)
{
  RingiRequestEntry *entry = g_new0 (RingiRequestEntry, 1);
  RingiUser *user;
  const char *login;

  entry->stamp = ringi_stamp_parse (link->stamp.record, NULL);
  entry->sha256 = g_strdup (link->stamp.sha256);
  entry->pending = link->pending;
  entry->comment = g_strdup (link->comment);
  if (entry->stamp == NULL)
    {
      entry->name = g_strdup (_("Unreadable stamp"));
      return entry;
    }

  login = ringi_stamp_get_signer (entry->stamp);
  add_person (data, store, login);
  add_person (data, store, ringi_stamp_get_on_behalf_of (entry->stamp));
  user = g_hash_table_lookup (data->people, login);
  entry->name = g_strdup (user && user->display_name && *user->display_name ? user->display_name : login);
  entry->department = g_strdup (user ? user->department : NULL);
  if (presses_seal (ringi_stamp_get_action (entry->stamp)))
    entry->seal = render_seal (user, login, ringi_stamp_get_time (entry->stamp));
  return entry;
}

static RingiRequestData *
load (LoadInput *input,
      GError **error)
{
  g_autoptr(RingiRequestData) data = g_new0 (RingiRequestData, 1);
  g_autoptr(RingiStore) store = NULL;
  g_autoptr(RingiOutbox) outbox = NULL;
  g_autoptr(GPtrArray) chain = NULL;
  g_autoptr(GError) local_error = NULL;

  if ((store = ringi_store_open (input->db_path, error)) == NULL)
    return NULL;
  outbox = ringi_outbox_new (store);

  if ((data->info = ringi_store_get_request (store, input->request_id, error)) == NULL ||
      (chain = ringi_outbox_list_chain (outbox, input->request_id, error)) == NULL ||
      (data->workflow = ringi_history_replay (chain, error)) == NULL)
    return NULL;

  data->revision = ringi_outbox_get_n_revisions (outbox, input->request_id, &local_error);
  if (data->revision == 0 && local_error == NULL)
    g_set_error (&local_error, RINGI_STORE_ERROR, RINGI_STORE_ERROR_NOT_FOUND,
                 _("The document of request %s is not on this computer yet"), input->request_id);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if ((data->pdf = ringi_outbox_get_revision (outbox, input->request_id, data->revision, error)) == NULL)
    return NULL;

  data->people = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) ringi_user_free);
  data->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  for (guint i = 0; i < chain->len; i++)
    g_ptr_array_add (data->entries, new_entry (data, store, chain->pdata[i]));
  add_route_people (data, store);
  add_person (data, store, input->login);

  if (input->login != NULL)
    data->my_seal = render_movable_seal (g_hash_table_lookup (data->people, input->login), input->login);

  return g_steal_pointer (&data);
}

static void
load_thread (GTask *task,
             gpointer source_object,
             gpointer task_data,
             GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  RingiRequestData *data = load (task_data, &error);

  if (data == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, data, (GDestroyNotify) ringi_request_data_free);
}

/**
 * ringi_request_data_load_async:
 * @profile: the profile
 * @request_id: the request
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on this thread's main context when done
 * @user_data: for @callback
 *
 * Reads the request as this profile sees it, on a worker thread.
 */
void
ringi_request_data_load_async (RingiProfile *profile,
                               const char *request_id,
                               GCancellable *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(RingiSyncSettings) settings = NULL;
  LoadInput *input;

  g_return_if_fail (RINGI_IS_PROFILE (profile));
  g_return_if_fail (request_id != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ringi_request_data_load_async);

  /* One small row: who this profile is. */
  settings = ringi_profile_dup_settings (profile, NULL);

  input = g_new0 (LoadInput, 1);
  input->db_path = g_build_filename (ringi_profile_get_dir (profile), "profile.db", NULL);
  input->request_id = g_strdup (request_id);
  input->login = g_strdup (settings ? settings->login : NULL);
  g_task_set_task_data (task, input, (GDestroyNotify) load_input_free);
  g_task_run_in_thread (task, load_thread);
}

/**
 * ringi_request_data_load_finish:
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the request's data, or %NULL with @error set
 */
RingiRequestData *
ringi_request_data_load_finish (GAsyncResult *result,
                                GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * ringi_request_data_get_name:
 * @self: the data
 * @login: a login
 *
 * Returns: the person's name from the directory, or @login
 */
const char *
ringi_request_data_get_name (RingiRequestData *self,
                             const char *login)
{
  RingiUser *user = g_hash_table_lookup (self->people, login);

  return user && user->display_name && *user->display_name ? user->display_name : login;
}

/**
 * ringi_request_data_dup_placements:
 * @self: the data
 *
 * The seals drawn on the latest revision: those of stamps on an earlier
 * revision belong to pages that may have changed.
 *
 * Returns: (transfer full) (element-type RingiPlacement): the placements
 */
GArray *
ringi_request_data_dup_placements (RingiRequestData *self)
{
  GArray *placements = g_array_new (FALSE, FALSE, sizeof (RingiPlacement));

  for (guint i = 0; i < self->entries->len; i++)
    {
      RingiRequestEntry *entry = self->entries->pdata[i];

      if (entry->stamp != NULL && ringi_stamp_get_placement (entry->stamp) != NULL &&
          ringi_stamp_get_revision (entry->stamp) == self->revision)
        g_array_append_vals (placements, ringi_stamp_get_placement (entry->stamp), 1);
    }

  return placements;
}

/**
 * ringi_request_data_dup_placed_seals:
 * @self: the data
 * @strings: (element-type utf8): keeps the seals' texts
 *
 * The seals of the accepted stamps on the latest revision, for
 * ringi_stamped_pdf_write(): the same as the evidence bundle's copy.
 *
 * Returns: (transfer full) (element-type RingiPlacedSeal): the seals
 */
GArray *
ringi_request_data_dup_placed_seals (RingiRequestData *self,
                                     GPtrArray *strings)
{
  GArray *seals = g_array_new (FALSE, TRUE, sizeof (RingiPlacedSeal));

  for (guint i = 0; i < self->entries->len; i++)
    {
      RingiRequestEntry *entry = self->entries->pdata[i];
      RingiPlacedSeal seal;
      const char *login;
      RingiUser *user;

      if (entry->pending || entry->stamp == NULL || ringi_stamp_get_placement (entry->stamp) == NULL ||
          ringi_stamp_get_revision (entry->stamp) != self->revision)
        continue;

      login = ringi_stamp_get_signer (entry->stamp);
      user = g_hash_table_lookup (self->people, login);
      ringi_seal_spec_init_date_seal (&seal.spec, user ? user->seal_name : NULL, user ? user->department : NULL, login,
                                      ringi_stamp_get_time (entry->stamp), strings);
      seal.placement = *ringi_stamp_get_placement (entry->stamp);
      g_array_append_val (seals, seal);
    }

  return seals;
}
