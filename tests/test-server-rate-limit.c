/* test-server-rate-limit.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-server-rate-limit"

#include "config.h"

#include "ringi-server-rate-limit.h"

/* Failures counted per key in a sliding window; the clock is the
 * caller's, so these tests move it. */

#define NOW    1800000000
#define WINDOW 300

static void
test_blocks_after_max (void)
{
  g_autoptr(RingiRateLimit) limit = ringi_rate_limit_new (3, WINDOW);
  gint64 retry = 0;

  for (guint i = 0; i < 3; i++)
    {
      g_assert_false (ringi_rate_limit_is_blocked (limit, "login:sato", NOW + i, &retry));
      ringi_rate_limit_add_failure (limit, "login:sato", NOW + i);
    }

  /* Blocked until the oldest of the three failures leaves the window. */
  g_assert_true (ringi_rate_limit_is_blocked (limit, "login:sato", NOW + 10, &retry));
  g_assert_cmpint (retry, ==, WINDOW - 10);
  g_assert_true (ringi_rate_limit_is_blocked (limit, "login:sato", NOW + WINDOW - 1, &retry));
  g_assert_cmpint (retry, ==, 1);
  g_assert_false (ringi_rate_limit_is_blocked (limit, "login:sato", NOW + WINDOW, NULL));

  /* Others are not held up. */
  g_assert_false (ringi_rate_limit_is_blocked (limit, "login:suzuki", NOW + 10, NULL));
}

static void
test_window_slides (void)
{
  g_autoptr(RingiRateLimit) limit = ringi_rate_limit_new (2, WINDOW);

  /* Failures further apart than the window never add up. */
  for (guint i = 0; i < 10; i++)
    {
      ringi_rate_limit_add_failure (limit, "address:127.0.0.1", NOW + i * WINDOW);
      g_assert_false (ringi_rate_limit_is_blocked (limit, "address:127.0.0.1", NOW + i * WINDOW, NULL));
    }

  ringi_rate_limit_add_failure (limit, "address:127.0.0.1", NOW + 10 * WINDOW - 1);
  g_assert_true (ringi_rate_limit_is_blocked (limit, "address:127.0.0.1", NOW + 10 * WINDOW - 1, NULL));
}

static void
test_forget (void)
{
  g_autoptr(RingiRateLimit) limit = ringi_rate_limit_new (1, WINDOW);

  ringi_rate_limit_add_failure (limit, "login:sato", NOW);
  g_assert_true (ringi_rate_limit_is_blocked (limit, "login:sato", NOW, NULL));
  ringi_rate_limit_forget (limit, "login:sato");
  g_assert_false (ringi_rate_limit_is_blocked (limit, "login:sato", NOW, NULL));
}

static void
test_many_keys (void)
{
  g_autoptr(RingiRateLimit) limit = ringi_rate_limit_new (1, WINDOW);

  /* Guesses at ten thousand logins: old ones are swept, recent ones kept. */
  for (guint i = 0; i < 10000; i++)
    {
      g_autofree char *key = g_strdup_printf ("login:guess%u", i);
      ringi_rate_limit_add_failure (limit, key, NOW + i);
    }

  g_assert_false (ringi_rate_limit_is_blocked (limit, "login:guess0", NOW + 10000, NULL));
  g_assert_true (ringi_rate_limit_is_blocked (limit, "login:guess9999", NOW + 10000, NULL));
}

int
main (int argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ringi/server/rate-limit/blocks-after-max", test_blocks_after_max);
  g_test_add_func ("/ringi/server/rate-limit/window-slides", test_window_slides);
  g_test_add_func ("/ringi/server/rate-limit/forget", test_forget);
  g_test_add_func ("/ringi/server/rate-limit/many-keys", test_many_keys);

  return g_test_run ();
}
