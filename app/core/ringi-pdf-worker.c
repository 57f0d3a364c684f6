/* ringi-pdf-worker.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-pdf-worker"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>

#include "ringi-pdf-worker.h"

/*
 * RingiPdfWorker: one thread that runs the poppler calls of one document.
 *
 * Poppler is not safe to call from two threads on the same document, so
 * every job of a document goes through its worker, one at a time. Jobs are
 * GTasks: the worker calls the job's function on its thread and the
 * function returns the task, which GIO delivers on the main context the
 * task was made in.
 *
 * Jobs carry a priority and, optionally, a slot (an owner pointer and a
 * number, e.g. a view and a page). Queuing a job for a slot that already
 * has one waiting replaces the waiting one: when the zoom changes ten times
 * in a row only the last size of each page is drawn.
 */

typedef struct
{
  GTask *task;
  GTaskThreadFunc func;
  RingiPdfPriority priority;
  gconstpointer owner;
  guint slot;
} Job;

/* Shared by the object and its thread, which may outlive each other. */
typedef struct
{
  GMutex mutex;
  GCond cond;
  GQueue jobs; /* of Job: most urgent first, then oldest first */
  Job *running;
  /* the running job was replaced or cancelled by its owner; its result
   * is stale */
  gboolean running_stale;
  /* from taking a job until its task is dropped, which may finalize
   * documents */
  gboolean busy;
  gboolean paused;
  gboolean quit;
} Queue;

struct _RingiPdfWorker
{
  GObject parent_instance;

  Queue *queue;
  GThread *thread;
};

G_DEFINE_FINAL_TYPE (RingiPdfWorker, ringi_pdf_worker, G_TYPE_OBJECT)

static void queue_release (Queue *queue);

/* Every worker's queue, and how many worker threads still run, for
 * stop_all_at_exit(). */
static GMutex live_lock;
static GCond live_cond;
static GList *live_queues;
static guint live_threads;

/* A process may exit with documents still alive, e.g. held by callbacks
 * that never ran. Their workers must not be inside poppler while poppler's
 * own globals are destroyed: this runs first, because it is registered
 * after them, and waits for the running jobs to end. */
static void
stop_all_at_exit (void)
{
  GList *queues;

  /* Not waiting under the lock: a job ending may finalize a worker,
   * which takes it. */
  g_mutex_lock (&live_lock);
  queues = g_list_copy_deep (live_queues, (GCopyFunc) g_atomic_rc_box_acquire, NULL);
  g_mutex_unlock (&live_lock);

  for (GList *l = queues; l != NULL; l = l->next)
    {
      Queue *queue = l->data;

      g_mutex_lock (&queue->mutex);
      queue->quit = TRUE;
      g_cond_broadcast (&queue->cond);
      while (queue->busy)
        g_cond_wait (&queue->cond, &queue->mutex);
      g_mutex_unlock (&queue->mutex);
    }

  /* A worker finalized on its own thread has let it go; wait until every
   * thread has ended, so that none is still inside poppler, or halfway
   * through freeing its queue, when the process ends. */
  g_mutex_lock (&live_lock);
  while (live_threads > 0)
    g_cond_wait (&live_cond, &live_lock);
  g_mutex_unlock (&live_lock);

  g_list_free_full (queues, (GDestroyNotify) queue_release);
}

static void
job_free (Job *job)
{
  g_clear_object (&job->task);
  g_free (job);
}

static gboolean
job_is_cancelled (Job *job)
{
  return g_cancellable_is_cancelled (g_task_get_cancellable (job->task));
}

static gboolean
job_in_slot (Job *job,
             gconstpointer owner,
             guint slot)
{
  return owner != NULL && job->owner == owner && job->slot == slot;
}

static gboolean
return_cancelled_cb (gpointer data)
{
  GTask *task = data;

  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           "%s", _("The page is no longer needed"));
  return G_SOURCE_REMOVE;
}

/* Completes a job that never ran. From an idle source rather than right
 * here, so that the caller of push() or cancel() is never re-entered by
 * the job's callback. */
static void
return_cancelled_later (Job *job)
{
  GSource *source = g_idle_source_new ();
  GMainContext *context = g_task_get_context (job->task);

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, return_cancelled_cb, g_steal_pointer (&job->task), g_object_unref);
  g_source_set_static_name (source, "[ringi] dropped pdf job");
  g_source_attach (source, context);
  g_source_unref (source);
  job_free (job);
}

static void
queue_free (Queue *queue)
{
  g_assert (queue->running == NULL);
  g_assert (g_queue_is_empty (&queue->jobs));

  g_mutex_clear (&queue->mutex);
  g_cond_clear (&queue->cond);
}

static void
queue_release (Queue *queue)
{
  g_atomic_rc_box_release_full (queue, (GDestroyNotify) queue_free);
}

/* Moves the queued jobs of @slot, or all cancelled ones when @owner is
 * %NULL, to @dropped. Called with the lock held. */
static void
take_jobs (Queue *queue,
           gconstpointer owner,
           guint slot,
           GPtrArray *dropped)
{
  GList *link = queue->jobs.head;

  while (link != NULL)
    {
      GList *next = link->next;
      Job *job = link->data;

      if (job_in_slot (job, owner, slot) || job_is_cancelled (job))
        {
          g_ptr_array_add (dropped, job);
          g_queue_delete_link (&queue->jobs, link);
        }
      link = next;
    }

  if (queue->running != NULL && job_in_slot (queue->running, owner, slot))
    queue->running_stale = TRUE;
}

static void
insert_job (Queue *queue,
            Job *job)
{
  GList *link = queue->jobs.tail;

  /* Behind the last job at least as urgent; usually the tail. */
  while (link != NULL && ((Job *) link->data)->priority > job->priority)
    link = link->prev;

  if (link == NULL)
    g_queue_push_head (&queue->jobs, job);
  else
    g_queue_insert_after (&queue->jobs, link, job);
}

static Job *
wait_for_job (Queue *queue)
{
  Job *job = NULL;

  g_mutex_lock (&queue->mutex);
  while (!queue->quit && (queue->paused || g_queue_is_empty (&queue->jobs)))
    g_cond_wait (&queue->cond, &queue->mutex);

  if (!queue->quit)
    {
      job = g_queue_pop_head (&queue->jobs);
      queue->running = job;
      queue->running_stale = FALSE;
      queue->busy = TRUE;
    }
  g_mutex_unlock (&queue->mutex);

  return job;
}

static void
run_job (Job *job)
{
  GTask *task = job->task;

  if (g_task_return_error_if_cancelled (task))
    return;

  job->func (task, g_task_get_source_object (task), g_task_get_task_data (task),
             g_task_get_cancellable (task));
}

static gpointer
worker_thread (gpointer data)
{
  Queue *queue = data;
  Job *job;

  while ((job = wait_for_job (queue)) != NULL)
    {
      run_job (job);

      g_mutex_lock (&queue->mutex);
      queue->running = NULL;
      g_mutex_unlock (&queue->mutex);

      /* Outside the lock: dropping the task may finalize its source
       * object, which may in turn finalize this worker. */
      job_free (job);

      g_mutex_lock (&queue->mutex);
      queue->busy = FALSE;
      g_cond_broadcast (&queue->cond);
      g_mutex_unlock (&queue->mutex);
    }

  /* Only now: a worker finalized from its own last job ends here. */
  g_mutex_lock (&live_lock);
  live_queues = g_list_remove (live_queues, queue);
  g_mutex_unlock (&live_lock);

  queue_release (queue);

  g_mutex_lock (&live_lock);
  live_threads--;
  g_cond_broadcast (&live_cond);
  g_mutex_unlock (&live_lock);
  return NULL;
}

static void
ringi_pdf_worker_finalize (GObject *object)
{
  RingiPdfWorker *self = (RingiPdfWorker *) object;
  Queue *queue = self->queue;
  GQueue left = G_QUEUE_INIT;
  Job *job;

  g_mutex_lock (&queue->mutex);
  queue->quit = TRUE;
  left = queue->jobs;
  g_queue_init (&queue->jobs);
  g_cond_signal (&queue->cond);
  g_mutex_unlock (&queue->mutex);

  while ((job = g_queue_pop_head (&left)) != NULL)
    return_cancelled_later (job);

  /* The last job's task may hold the last reference to us, and then we
   * are finalized on the worker thread itself: it ends on its own. */
  if (g_thread_self () == self->thread)
    g_thread_unref (self->thread);
  else
    g_thread_join (self->thread);
  self->thread = NULL;

  queue_release (queue);

  G_OBJECT_CLASS (ringi_pdf_worker_parent_class)->finalize (object);
}

static void
ringi_pdf_worker_class_init (RingiPdfWorkerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ringi_pdf_worker_finalize;
}

static void
ringi_pdf_worker_init (RingiPdfWorker *self)
{
  static gsize at_exit_registered;

  /* Before the first document exists, but after poppler's globals,
   * which come with the library. */
  if (g_once_init_enter (&at_exit_registered))
    {
      atexit (stop_all_at_exit);
      g_once_init_leave (&at_exit_registered, 1);
    }

  self->queue = g_atomic_rc_box_new0 (Queue);
  g_mutex_init (&self->queue->mutex);
  g_cond_init (&self->queue->cond);
  g_queue_init (&self->queue->jobs);

  g_mutex_lock (&live_lock);
  live_queues = g_list_prepend (live_queues, self->queue);
  live_threads++;
  g_mutex_unlock (&live_lock);

  self->thread = g_thread_new ("ringi-pdf", worker_thread, g_atomic_rc_box_acquire (self->queue));
}

/**
 * ringi_pdf_worker_new:
 *
 * Starts a worker thread. It ends when the worker is finalized.
 *
 * Returns: (transfer full): the worker
 */
RingiPdfWorker *
ringi_pdf_worker_new (void)
{
  return g_object_new (RINGI_TYPE_PDF_WORKER, NULL);
}

static void
drop_jobs (GPtrArray *dropped)
{
  for (guint i = 0; i < dropped->len; i++)
    return_cancelled_later (g_ptr_array_index (dropped, i));
}

/**
 * ringi_pdf_worker_push:
 * @self: a worker
 * @task: the job; its source object and task data are passed to @func
 * @priority: how urgent the job is
 * @owner: (nullable): with @slot, names the slot of the job; %NULL for a
 *   job without a slot
 * @slot: the slot number, e.g. a page index
 * @func: what to run on the worker thread; it must return @task (or push
 *   it again to go on later)
 *
 * Queues a job. A job waiting in the same slot is dropped: its task
 * returns %G_IO_ERROR_CANCELLED. A job of the slot that is running goes on,
 * but no longer counts as pending. Queued jobs whose cancellable is
 * cancelled are dropped the same way. Safe to call from any thread.
 */
void
ringi_pdf_worker_push (RingiPdfWorker *self,
                       GTask *task,
                       RingiPdfPriority priority,
                       gconstpointer owner,
                       guint slot,
                       GTaskThreadFunc func)
{
  g_autoptr(GPtrArray) dropped = g_ptr_array_new ();
  Queue *queue;
  Job *job;

  g_return_if_fail (RINGI_IS_PDF_WORKER (self));
  g_return_if_fail (G_IS_TASK (task));
  g_return_if_fail (func != NULL);

  job = g_new0 (Job, 1);
  job->task = g_object_ref (task);
  job->func = func;
  job->priority = priority;
  job->owner = owner;
  job->slot = slot;

  queue = self->queue;
  g_mutex_lock (&queue->mutex);
  take_jobs (queue, owner, slot, dropped);
  /* A job going on in steps may push its next step while the worker
   * is being finalized. */
  if (queue->quit)
    g_ptr_array_add (dropped, job);
  else
    insert_job (queue, job);
  g_cond_signal (&queue->cond);
  g_mutex_unlock (&queue->mutex);

  drop_jobs (dropped);
}

/**
 * ringi_pdf_worker_raise:
 * @self: a worker
 * @owner: the owner of the slot
 * @slot: the slot number
 * @priority: the new priority
 *
 * Makes the job waiting in the slot more urgent, e.g. a preloaded page
 * that scrolled into view. Unlike queuing the job again, this never runs
 * it twice when it has already started.
 */
void
ringi_pdf_worker_raise (RingiPdfWorker *self,
                        gconstpointer owner,
                        guint slot,
                        RingiPdfPriority priority)
{
  Queue *queue;

  g_return_if_fail (RINGI_IS_PDF_WORKER (self));
  g_return_if_fail (owner != NULL);

  queue = self->queue;
  g_mutex_lock (&queue->mutex);
  for (GList *l = queue->jobs.head; l != NULL; l = l->next)
    {
      Job *job = l->data;

      if (job_in_slot (job, owner, slot) && job->priority > priority)
        {
          g_queue_delete_link (&queue->jobs, l);
          job->priority = priority;
          insert_job (queue, job);
          break;
        }
    }
  g_mutex_unlock (&queue->mutex);
}

/**
 * ringi_pdf_worker_cancel:
 * @self: a worker
 * @owner: the owner of the slot
 * @slot: the slot number
 *
 * Drops the job waiting in the slot, if any; its task returns
 * %G_IO_ERROR_CANCELLED. A running job of the slot finishes, and no longer
 * counts as pending.
 */
void
ringi_pdf_worker_cancel (RingiPdfWorker *self,
                         gconstpointer owner,
                         guint slot)
{
  g_autoptr(GPtrArray) dropped = g_ptr_array_new ();
  Queue *queue;

  g_return_if_fail (RINGI_IS_PDF_WORKER (self));
  g_return_if_fail (owner != NULL);

  queue = self->queue;
  g_mutex_lock (&queue->mutex);
  take_jobs (queue, owner, slot, dropped);
  g_mutex_unlock (&queue->mutex);

  drop_jobs (dropped);
}

/**
 * ringi_pdf_worker_count_pending:
 * @self: a worker
 * @owner: the owner of the slot
 * @slot: the slot number
 *
 * Counts the jobs of a slot whose result is still wanted: queued and not
 * cancelled, or running and not replaced. Never more than one.
 *
 * Returns: the number of jobs
 */
guint
ringi_pdf_worker_count_pending (RingiPdfWorker *self,
                                gconstpointer owner,
                                guint slot)
{
  Queue *queue;
  guint count = 0;

  g_return_val_if_fail (RINGI_IS_PDF_WORKER (self), 0);
  g_return_val_if_fail (owner != NULL, 0);

  queue = self->queue;
  g_mutex_lock (&queue->mutex);
  for (GList *l = queue->jobs.head; l != NULL; l = l->next)
    {
      if (job_in_slot (l->data, owner, slot) && !job_is_cancelled (l->data))
        count++;
    }
  if (queue->running != NULL && job_in_slot (queue->running, owner, slot) &&
      !queue->running_stale && !job_is_cancelled (queue->running))
    count++;
  g_mutex_unlock (&queue->mutex);

  return count;
}

/**
 * ringi_pdf_worker_count_queued:
 * @self: a worker
 *
 * Returns: the number of jobs waiting to run, cancelled or not
 */
guint
ringi_pdf_worker_count_queued (RingiPdfWorker *self)
{
  guint count;

  g_return_val_if_fail (RINGI_IS_PDF_WORKER (self), 0);

  g_mutex_lock (&self->queue->mutex);
  count = self->queue->jobs.length;
  g_mutex_unlock (&self->queue->mutex);

  return count;
}

/**
 * ringi_pdf_worker_set_paused:
 * @self: a worker
 * @paused: whether to hold the queue
 *
 * While paused, the worker starts no job; the running one finishes. Tests
 * use it to look at the queue without racing the thread.
 */
void
ringi_pdf_worker_set_paused (RingiPdfWorker *self,
                             gboolean paused)
{
  g_return_if_fail (RINGI_IS_PDF_WORKER (self));

  g_mutex_lock (&self->queue->mutex);
  self->queue->paused = !!paused;
  g_cond_signal (&self->queue->cond);
  g_mutex_unlock (&self->queue->mutex);
}
