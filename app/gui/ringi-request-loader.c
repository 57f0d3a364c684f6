/* ringi-request-loader.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-request-loader"

#include "config.h"

#include "ringi-history.h"
#include "ringi-request-item.h"
#include "ringi-request-loader.h"
#include "ringi-route.h"

/* Reads the request lists off the main thread. The profile's own store is
 * a single sqlite connection that the sync engine uses on the main thread,
 * so the loader opens the same profile folder a second time, on its worker
 * thread, and reads through that copy: WAL lets it read while the main
 * connection writes. The lock keeps one list being read at a time. */
struct _RingiRequestLoader
{
  GObject parent_instance;

  char *dir;

  GMutex lock;
  RingiProfile *profile; /* under lock, opened on first use */
  RingiSync *reader;     /* under lock, never started */
};

G_DEFINE_FINAL_TYPE (RingiRequestLoader, ringi_request_loader, G_TYPE_OBJECT)

static void
ringi_request_loader_finalize (GObject *object)
{
  RingiRequestLoader *self = (RingiRequestLoader *) object;

  g_clear_object (&self->reader);
  g_clear_object (&self->profile);
  g_clear_pointer (&self->dir, g_free);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (ringi_request_loader_parent_class)->finalize (object);
}

static void
ringi_request_loader_class_init (RingiRequestLoaderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ringi_request_loader_finalize;
}

static void
ringi_request_loader_init (RingiRequestLoader *self)
{
  g_mutex_init (&self->lock);
}

/**
 * ringi_request_loader_get_for_sync:
 * @sync: a #RingiSync
 *
 * Returns: (transfer none): the loader of @sync's profile, made on first
 *   use and kept as long as @sync
 */
RingiRequestLoader *
ringi_request_loader_get_for_sync (RingiSync *sync)
{
  RingiRequestLoader *self;

  g_return_val_if_fail (RINGI_IS_SYNC (sync), NULL);

  self = g_object_get_data (G_OBJECT (sync), "ringi-request-loader");
  if (self == NULL)
    {
      self = g_object_new (RINGI_TYPE_REQUEST_LOADER, NULL);
      self->dir = g_strdup (ringi_profile_get_dir (ringi_sync_get_profile (sync)));
      g_object_set_data_full (G_OBJECT (sync), "ringi-request-loader", self, g_object_unref);
    }
  return self;
}

typedef struct
{
  RingiRequestList list;
  char *date_from;
  char *date_to;
  gint64 min_amount;
  gint64 max_amount;
  char *counterparty;
  char *title;
} ListData;

static void
list_data_free (ListData *data)
{
  g_free (data->date_from);
  g_free (data->date_to);
  g_free (data->counterparty);
  g_free (data->title);
  g_free (data);
}

static gboolean
ensure_reader (RingiRequestLoader *self,
               GError **error)
{
  if (self->reader != NULL)
    return TRUE;

  self->profile = ringi_profile_open (self->dir, error);
  if (self->profile == NULL)
    return FALSE;

  self->reader = ringi_sync_new (self->profile);
  return TRUE;
}

/* The route's length and the steps done, replayed from the chain. */
static void
count_steps (RingiRequestLoader *self,
             const char *request_id,
             guint *n_steps,
             guint *n_done)
{
  g_autoptr(GPtrArray) chain = ringi_outbox_list_chain (ringi_profile_get_outbox (self->profile), request_id, NULL);
  g_autoptr(RingiWorkflow) workflow = chain ? ringi_history_replay (chain, NULL) : NULL;
  RingiRoute *route = workflow ? ringi_workflow_get_route (workflow) : NULL;

  *n_steps = route ? ringi_route_get_n_steps (route) : 0;
  *n_done = 0;
  for (guint step = 1; step <= *n_steps; step++)
    if (ringi_workflow_step_is_done (workflow, step))
      (*n_done)++;
}

static RingiRequestItem *
make_item (RingiRequestLoader *self,
           RingiRequestSummary *summary)
{
  RingiStore *store = ringi_profile_get_store (self->profile);
  g_autoptr(RingiUser) applicant = ringi_store_get_user (store, summary->info->applicant, NULL);
  guint n_steps, n_done;

  count_steps (self, summary->info->id, &n_steps, &n_done);
  return ringi_request_item_new (summary, applicant ? applicant->display_name : NULL, n_steps, n_done);
}

static GPtrArray *
search (RingiRequestLoader *self,
        const ListData *data,
        GError **error)
{
  RingiSearchQuery query = {
    .date_from = data->date_from,
    .date_to = data->date_to,
    .min_amount = data->min_amount,
    .max_amount = data->max_amount,
    .counterparty = data->counterparty,
    .title = data->title,
  };
  g_autoptr(GPtrArray) found = ringi_store_search (ringi_profile_get_store (self->profile), &query, error);
  g_autoptr(GPtrArray) summaries = NULL;

  if (found == NULL)
    return NULL;

  summaries = g_ptr_array_new_with_free_func ((GDestroyNotify) ringi_request_summary_free);
  for (guint i = 0; i < found->len; i++)
    {
      RingiRequestInfo *info = g_ptr_array_index (found, i);
      RingiRequestSummary *summary = ringi_sync_summarize (self->reader, info->id, error);

      if (summary == NULL)
        return NULL;
      g_ptr_array_add (summaries, summary);
    }
  return g_steal_pointer (&summaries);
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const RingiRequestSummary *x = *(RingiRequestSummary **) a;
  const RingiRequestSummary *y = *(RingiRequestSummary **) b;
  int by_date = g_strcmp0 (y->info->transaction_date, x->info->transaction_date);

  return by_date != 0 ? by_date : g_strcmp0 (y->info->created_at, x->info->created_at);
}

/* The requests waiting for the person, and those the person just acted
 * on while the action waits for the server: they stay in view, marked
 * pending, until the server has them. */
static GPtrArray *
read_inbox (RingiRequestLoader *self,
            GError **error)
{
  ListData all = { .list = RINGI_REQUEST_LIST_SEARCH, .min_amount = -1, .max_amount = -1 };
  g_autoptr(RingiSyncSettings) settings = ringi_profile_dup_settings (self->profile, error);
  g_autoptr(GPtrArray) inbox = NULL;
  g_autoptr(GPtrArray) everything_found = NULL;
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);

  if (settings == NULL || (inbox = ringi_sync_list_inbox (self->reader, error)) == NULL ||
      (everything_found = search (self, &all, error)) == NULL)
    return NULL;

  for (guint i = 0; i < inbox->len; i++)
    g_hash_table_add (listed, ((RingiRequestSummary *) g_ptr_array_index (inbox, i))->info->id);

  for (guint i = 0; i < everything_found->len; i++)
    {
      RingiRequestSummary *summary = g_ptr_array_index (everything_found, i);

      if (summary->pending && g_strcmp0 (summary->info->applicant, settings->login) != 0 &&
          !g_hash_table_contains (listed, summary->info->id))
        g_ptr_array_add (inbox, g_ptr_array_steal_index (everything_found, i--));
    }

  g_ptr_array_sort (inbox, compare_newest_first);
  return g_steal_pointer (&inbox);
}

static GPtrArray *
read_list (RingiRequestLoader *self,
           const ListData *data,
           GError **error)
{
  g_autoptr(GPtrArray) summaries = NULL;
  GPtrArray *items;

  if (!ensure_reader (self, error))
    return NULL;

  switch (data->list)
    {
    case RINGI_REQUEST_LIST_INBOX:
      summaries = read_inbox (self, error);
      break;

    case RINGI_REQUEST_LIST_SENT:
      summaries = ringi_sync_list_sent (self->reader, error);
      break;

    case RINGI_REQUEST_LIST_SEARCH:
      summaries = search (self, data, error);
      break;

    default:
      g_assert_not_reached ();
    }

  if (summaries == NULL)
    return NULL;

  items = g_ptr_array_new_with_free_func (g_object_unref);
  /* The items take the summaries over. */
  g_ptr_array_set_free_func (summaries, NULL);
  for (guint i = 0; i < summaries->len; i++)
    g_ptr_array_add (items, make_item (self, g_ptr_array_index (summaries, i)));
  return items;
}

static void
list_thread (GTask *task,
             gpointer source_object,
             gpointer task_data,
             GCancellable *cancellable)
{
  RingiRequestLoader *self = source_object;
  GError *error = NULL;
  GPtrArray *items;

  g_mutex_lock (&self->lock);
  items = read_list (self, task_data, &error);
  g_mutex_unlock (&self->lock);

  if (items == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, items, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * ringi_request_loader_list_async:
 * @self: a #RingiRequestLoader
 * @list: which list
 * @query: (nullable): the conditions, for %RINGI_REQUEST_LIST_SEARCH
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the current thread-default main context
 * @user_data: for @callback
 *
 * Reads a list of requests on a worker thread.
 */
void
ringi_request_loader_list_async (RingiRequestLoader *self,
                                 RingiRequestList list,
                                 const RingiSearchQuery *query,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  RingiSearchQuery everything = RINGI_SEARCH_QUERY_INIT;
  ListData *data;

  g_return_if_fail (RINGI_IS_REQUEST_LOADER (self));

  if (query == NULL)
    query = &everything;

  data = g_new0 (ListData, 1);
  data->list = list;
  data->date_from = g_strdup (query->date_from);
  data->date_to = g_strdup (query->date_to);
  data->min_amount = query->min_amount;
  data->max_amount = query->max_amount;
  data->counterparty = g_strdup (query->counterparty);
  data->title = g_strdup (query->title);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ringi_request_loader_list_async);
  g_task_set_task_data (task, data, (GDestroyNotify) list_data_free);
  g_task_run_in_thread (task, list_thread);
}

/**
 * ringi_request_loader_list_finish:
 *
 * Returns: (transfer container) (element-type RingiRequestItem): the
 *   requests, or %NULL with @error set
 */
GPtrArray *
ringi_request_loader_list_finish (RingiRequestLoader *self,
                                  GAsyncResult *result,
                                  GError **error)
{
  g_return_val_if_fail (RINGI_IS_REQUEST_LOADER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
summarize_thread (GTask *task,
                  gpointer source_object,
                  gpointer task_data,
                  GCancellable *cancellable)
{
  RingiRequestLoader *self = source_object;
  GError *error = NULL;
  RingiRequestSummary *summary = NULL;

  g_mutex_lock (&self->lock);
  if (ensure_reader (self, &error))
    summary = ringi_sync_summarize (self->reader, task_data, &error);
  g_mutex_unlock (&self->lock);

  if (summary == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, summary, (GDestroyNotify) ringi_request_summary_free);
}

/**
 * ringi_request_loader_summarize_async:
 * @self: a #RingiRequestLoader
 * @request_id: a stored request
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the current thread-default main context
 * @user_data: for @callback
 *
 * Reads where one request stands and what the person may do with it
 * (ringi_sync_summarize()) on a worker thread.
 */
void
ringi_request_loader_summarize_async (RingiRequestLoader *self,
                                      const char *request_id,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (RINGI_IS_REQUEST_LOADER (self));
  g_return_if_fail (request_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ringi_request_loader_summarize_async);
  g_task_set_task_data (task, g_strdup (request_id), g_free);
  g_task_run_in_thread (task, summarize_thread);
}

/**
 * ringi_request_loader_summarize_finish:
 *
 * Returns: (transfer full): the summary, or %NULL with @error set
 */
RingiRequestSummary *
ringi_request_loader_summarize_finish (RingiRequestLoader *self,
                                       GAsyncResult *result,
                                       GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
