/* ringi-server-rate-limit.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-server"

#include "config.h"

#include "ringi-server-rate-limit.h"

/* Counts recent failures (wrong signatures, wrong enrollment codes) per
 * key, such as a login or a client address, in memory: a restart
 * forgets them, which costs an attacker a restart per few guesses. A key
 * with max_failures failures inside the window is blocked until the
 * oldest of them leaves it. */

/* Beyond this many keys, a failure first sweeps out the stale ones, so
 * that guesses at many logins cannot grow the table without end. */
#define SWEEP_THRESHOLD 4096

struct _RingiRateLimit
{
  GObject parent_instance;

  guint max_failures;
  gint64 window;
  /* key → GArray of gint64: failure times, oldest first, at most max */
  GHashTable *failures;
};

G_DEFINE_FINAL_TYPE (RingiRateLimit, ringi_rate_limit, G_TYPE_OBJECT)

static void
ringi_rate_limit_finalize (GObject *object)
{
  RingiRateLimit *self = (RingiRateLimit *) object;

  g_clear_pointer (&self->failures, g_hash_table_unref);

  G_OBJECT_CLASS (ringi_rate_limit_parent_class)->finalize (object);
}

static void
ringi_rate_limit_class_init (RingiRateLimitClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ringi_rate_limit_finalize;
}

static void
ringi_rate_limit_init (RingiRateLimit *self)
{
  self->failures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
}

/**
 * ringi_rate_limit_new:
 * @max_failures: how many failures a key may have inside the window
 * @window_seconds: how long a failure counts
 *
 * Returns: (transfer full): a limit with no failures yet
 */
RingiRateLimit *
ringi_rate_limit_new (guint max_failures,
                      gint64 window_seconds)
{
  RingiRateLimit *self;

  g_return_val_if_fail (max_failures > 0, NULL);
  g_return_val_if_fail (window_seconds > 0, NULL);

  self = g_object_new (RINGI_TYPE_RATE_LIMIT, NULL);
  self->max_failures = max_failures;
  self->window = window_seconds;
  return self;
}

/* Drops the failures that left the window; TRUE when none is left. */
static gboolean
expire (RingiRateLimit *self,
        GArray *times,
        gint64 now)
{
  guint n_old = 0;

  while (n_old < times->len && g_array_index (times, gint64, n_old) <= now - self->window)
    n_old++;

  g_array_remove_range (times, 0, n_old);
  return times->len == 0;
}

/**
 * ringi_rate_limit_is_blocked:
 * @self: a #RingiRateLimit
 * @key: what is limited, e.g. "login:tanaka"
 * @now: the server time
 * @out_retry_after: (out) (optional): seconds until it is allowed again
 *
 * Returns: %TRUE when @key has had too many failures lately
 */
gboolean
ringi_rate_limit_is_blocked (RingiRateLimit *self,
                             const char *key,
                             gint64 now,
                             gint64 *out_retry_after)
{
  GArray *times;

  g_return_val_if_fail (RINGI_IS_RATE_LIMIT (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  times = g_hash_table_lookup (self->failures, key);
  if (times == NULL)
    return FALSE;

  if (expire (self, times, now))
    {
      g_hash_table_remove (self->failures, key);
      return FALSE;
    }

  if (times->len < self->max_failures)
    return FALSE;

  if (out_retry_after != NULL)
    *out_retry_after = MAX (1, g_array_index (times, gint64, 0) + self->window - now);
  return TRUE;
}

static void
sweep (RingiRateLimit *self,
       gint64 now)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->failures);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (expire (self, value, now))
      g_hash_table_iter_remove (&iter);
}

/**
 * ringi_rate_limit_add_failure:
 * @self: a #RingiRateLimit
 * @key: what failed
 * @now: the server time
 *
 * Counts one failure of @key.
 */
void
ringi_rate_limit_add_failure (RingiRateLimit *self,
                              const char *key,
                              gint64 now)
{
  GArray *times;

  g_return_if_fail (RINGI_IS_RATE_LIMIT (self));
  g_return_if_fail (key != NULL);

  if (g_hash_table_size (self->failures) >= SWEEP_THRESHOLD)
    sweep (self, now);

  times = g_hash_table_lookup (self->failures, key);
  if (times == NULL)
    {
      times = g_array_sized_new (FALSE, FALSE, sizeof (gint64), self->max_failures);
      g_hash_table_insert (self->failures, g_strdup (key), times);
    }

  /* Only the newest max_failures matter. */
  if (times->len == self->max_failures)
    g_array_remove_index (times, 0);
  g_array_append_val (times, now);
}

/**
 * ringi_rate_limit_forget:
 * @self: a #RingiRateLimit
 * @key: what succeeded
 *
 * Clears the failures of @key, e.g. after a good login.
 */
void
ringi_rate_limit_forget (RingiRateLimit *self,
                         const char *key)
{
  g_return_if_fail (RINGI_IS_RATE_LIMIT (self));
  g_return_if_fail (key != NULL);

  g_hash_table_remove (self->failures, key);
}
