/* ringi-notifier.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-notifier"

#include "config.h"

#include <glib/gi18n.h>

#include "ringi-notifier.h"
#include "ringi-request-item.h"
#include "ringi-request-loader.h"

/* Watches the inbox and says when requests arrive in it. The inbox as it
 * was when the profile opened is the baseline: only what a later pull
 * brings is new. Each reading compares with the one before, so a request
 * is announced once. Loads run one at a time; a change during a load asks
 * for one more.
 *
 * The notifier does not send anything itself: it emits ::arrived, and the
 * application turns that into desktop notifications. */
struct _RingiNotifier
{
  GObject parent_instance;

  RingiSync *sync;
  GCancellable *cancellable;
  GHashTable *known; /* request ids in the inbox at the last reading */
  gboolean have_baseline;
  gboolean loading;
  gboolean again;
};

G_DEFINE_FINAL_TYPE (RingiNotifier, ringi_notifier, G_TYPE_OBJECT)

enum
{
  SIGNAL_ARRIVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void load (RingiNotifier *self);

static void
ringi_notifier_dispose (GObject *object)
{
  RingiNotifier *self = RINGI_NOTIFIER (object);

  g_cancellable_cancel (self->cancellable);
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_clear_object (&self->sync);

  G_OBJECT_CLASS (ringi_notifier_parent_class)->dispose (object);
}

static void
ringi_notifier_finalize (GObject *object)
{
  RingiNotifier *self = RINGI_NOTIFIER (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->known, g_hash_table_unref);

  G_OBJECT_CLASS (ringi_notifier_parent_class)->finalize (object);
}

static void
ringi_notifier_class_init (RingiNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ringi_notifier_dispose;
  object_class->finalize = ringi_notifier_finalize;

  /**
   * RingiNotifier::arrived:
   * @self: the notifier
   * @items: (element-type RingiRequestItem): the requests new in the
   *   inbox, newest first
   */
  signals[SIGNAL_ARRIVED] =
    g_signal_new ("arrived",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_PTR_ARRAY);
}

static void
ringi_notifier_init (RingiNotifier *self)
{
  self->cancellable = g_cancellable_new ();
  self->known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* Remembers @items as the inbox, and returns those not in it before. */
static GPtrArray *
take_reading (RingiNotifier *self,
              GPtrArray *items)
{
  g_autoptr(GHashTable) known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) arrived = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < items->len; i++)
    {
      RingiRequestItem *item = g_ptr_array_index (items, i);
      const char *id = ringi_request_item_get_id (item);

      g_hash_table_add (known, g_strdup (id));
      if (self->have_baseline && !g_hash_table_contains (self->known, id))
        g_ptr_array_add (arrived, g_object_ref (item));
    }

  g_clear_pointer (&self->known, g_hash_table_unref);
  self->known = g_steal_pointer (&known);
  self->have_baseline = TRUE;
  return g_steal_pointer (&arrived);
}

static void
load_cb (GObject *source,
         GAsyncResult *result,
         gpointer user_data)
{
  g_autoptr(RingiNotifier) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = ringi_request_loader_list_finish (RINGI_REQUEST_LOADER (source), result, &error);
  g_autoptr(GPtrArray) arrived = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->loading = FALSE;
  /* Not fatal: the inbox page shows the same error; try at the next change. */
  if (items == NULL)
    g_debug ("Could not read the inbox: %s", error->message);
  else
    arrived = take_reading (self, items);

  if (arrived != NULL && arrived->len > 0)
    g_signal_emit (self, signals[SIGNAL_ARRIVED], 0, arrived);

  if (self->again)
    load (self);
}

static void
load (RingiNotifier *self)
{
  if (self->loading)
    {
      self->again = TRUE;
      return;
    }

  self->loading = TRUE;
  self->again = FALSE;
  ringi_request_loader_list_async (ringi_request_loader_get_for_sync (self->sync),
                                   RINGI_REQUEST_LIST_INBOX, NULL, self->cancellable,
                                   load_cb, g_object_ref (self));
}

/**
 * ringi_notifier_new:
 * @sync: the enrolled profile's sync engine
 *
 * Returns: (transfer full): a notifier that reads the inbox now, as the
 *   baseline, and again after every change
 */
RingiNotifier *
ringi_notifier_new (RingiSync *sync)
{
  RingiNotifier *self;

  g_return_val_if_fail (RINGI_IS_SYNC (sync), NULL);

  self = g_object_new (RINGI_TYPE_NOTIFIER, NULL);
  self->sync = g_object_ref (sync);
  g_signal_connect_object (sync, "changed", G_CALLBACK (load), self, G_CONNECT_SWAPPED);
  load (self);
  return self;
}
