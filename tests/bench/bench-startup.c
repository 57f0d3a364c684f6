/* bench-startup.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Time from exec to the first frame of the main window, for Ringi and for
 * gnome-text-editor measured the same way in the same run, alternating so
 * that both see the same machine. "First frame" is the X server's first
 * damage report for a new top-level window of the launched program: what
 * a person sees, taken from outside, without help from either program.
 *
 * Ringi is launched twice over: on a fresh home, where it shows the
 * first-run page, and, when RINGI_BENCH_PROFILE names an enrolled profile
 * (build-aux/dev bench passes the demo's 課長), on that profile, where it
 * opens the store and shows the inbox. The server is not running then:
 * the window must come without it.
 */

#define G_LOG_DOMAIN "bench-startup"

#include "config.h"

#include <X11/Xlib.h>
#include <X11/extensions/Xdamage.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sys/wait.h>

#include "ringi-test-utils.h"

#define N_RUNS       12
#define TIMEOUT_USEC (30 * G_USEC_PER_SEC)

typedef struct
{
  Display *display;
  int damage_event;
} Watch;

static int
ignore_x_errors (Display *display,
                 XErrorEvent *event)
{
  /* Input-only windows cannot be watched for damage, and windows may be
   * gone before we look: neither matters here. */
  return 0;
}

static void
watch_new_window (Watch *s,
                  Window window)
{
  XDamageCreate (s->display, window, XDamageReportNonEmpty);
  XFlush (s->display);
}

/* Waits for the first damage of a window created after the call began;
 * returns the time it came, or 0 on timeout. */
static gint64
wait_first_frame (Watch *s,
                  GPid pid)
{
  gint64 deadline = g_get_monotonic_time () + TIMEOUT_USEC;
  int fd = ConnectionNumber (s->display);

  while (g_get_monotonic_time () < deadline)
    {
      XEvent event;
      GPollFD poll_fd = { fd, G_IO_IN, 0 };

      if (XPending (s->display) == 0)
        {
          g_poll (&poll_fd, 1, 100);
          continue;
        }

      XNextEvent (s->display, &event);
      if (event.type == CreateNotify)
        watch_new_window (s, event.xcreatewindow.window);
      else if (event.type == s->damage_event + XDamageNotify)
        return g_get_monotonic_time ();
    }

  return 0;
}

static void
drain_events (Watch *s)
{
  while (XPending (s->display) > 0)
    {
      XEvent event;

      XNextEvent (s->display, &event);
    }
}

static void
stop_program (GPid pid)
{
  int status;

  kill (pid, SIGTERM);
  waitpid (pid, &status, 0);
  g_spawn_close_pid (pid);
}

/* One launch in a fresh home, so that neither program restores state. */
static double
launch_once (Watch *s,
             const char *const *argv)
{
  g_autofree char *home = ringi_test_make_tmpdir ("rbst");
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GError) error = NULL;
  gint64 start, frame;
  GPid pid;

  env = g_environ_setenv (env, "HOME", home, TRUE);
  env = g_environ_setenv (env, "XDG_CONFIG_HOME", home, TRUE);
  env = g_environ_setenv (env, "XDG_DATA_HOME", home, TRUE);
  env = g_environ_setenv (env, "XDG_STATE_HOME", home, TRUE);
  env = g_environ_setenv (env, "XDG_CACHE_HOME", home, TRUE);
  env = g_environ_setenv (env, "GDK_BACKEND", "x11", TRUE);

  drain_events (s);
  start = g_get_monotonic_time ();
  if (!g_spawn_async (NULL, (char **) argv, env, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                      NULL, NULL, &pid, &error))
    g_error ("bench-startup: %s: %s", argv[0], error->message);

  frame = wait_first_frame (s, pid);
  stop_program (pid);
  ringi_test_remove_tree (home);
  if (frame == 0)
    g_error ("bench-startup: %s showed no window within 30 s", argv[0]);
  return (frame - start) / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (GArray *times)
{
  g_array_sort (times, compare_doubles);
  return g_array_index (times, double, times->len / 2);
}

static gboolean
open_screen (Watch *s)
{
  int error_base;

  s->display = XOpenDisplay (NULL);
  if (s->display == NULL || !XDamageQueryExtension (s->display, &s->damage_event, &error_base))
    return FALSE;

  XSetErrorHandler (ignore_x_errors);
  XSelectInput (s->display, DefaultRootWindow (s->display), SubstructureNotifyMask);
  XFlush (s->display);
  return TRUE;
}

int
main (int argc,
      char *argv[])
{
  const char *ringi = g_getenv ("RINGI_EXE");
  const char *profile = g_getenv ("RINGI_BENCH_PROFILE");
  g_autofree char *editor = g_find_program_in_path ("gnome-text-editor");
  g_autoptr(GArray) ringi_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) editor_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) enrolled_times = g_array_new (FALSE, FALSE, sizeof (double));
  Watch s = { 0 };

  if (ringi == NULL || editor == NULL || !open_screen (&s))
    {
      g_print ("bench-startup: skipped (needs RINGI_EXE, gnome-text-editor and an X display with DAMAGE)\n");
      return 0;
    }

  {
    /* The fresh XDG_DATA_HOME of each launch holds a new, empty profile. */
    const char *const ringi_argv[] = { ringi, NULL };
    const char *const editor_argv[] = { editor, "--standalone", NULL };
    const char *const enrolled_argv[] = { ringi, "--profile", profile, NULL };

    /* One launch each to warm the disk cache, not counted. */
    launch_once (&s, ringi_argv);
    launch_once (&s, editor_argv);
    if (profile != NULL)
      launch_once (&s, enrolled_argv);
    for (guint i = 0; i < N_RUNS; i++)
      {
        double t = launch_once (&s, ringi_argv);

        g_array_append_val (ringi_times, t);
        t = launch_once (&s, editor_argv);
        g_array_append_val (editor_times, t);
        if (profile != NULL)
          {
            t = launch_once (&s, enrolled_argv);
            g_array_append_val (enrolled_times, t);
          }
      }
  }

  {
    double ringi_ms = median (ringi_times);
    double editor_ms = median (editor_times);

    g_print ("bench-startup: exec to first frame, ringi: %.1f ms (median of %u, min %.1f, max %.1f)\n", ringi_ms, N_RUNS,
             g_array_index (ringi_times, double, 0), g_array_index (ringi_times, double, ringi_times->len - 1));
    g_print ("bench-startup: exec to first frame, gnome-text-editor: %.1f ms (median of %u, min %.1f, max %.1f)\n",
             editor_ms, N_RUNS, g_array_index (editor_times, double, 0),
             g_array_index (editor_times, double, editor_times->len - 1));
    g_print ("bench-startup: ratio ringi / gnome-text-editor: %.2f x (goal <= 1.0)\n", ringi_ms / editor_ms);
    if (profile != NULL)
      {
        double enrolled_ms = median (enrolled_times);

        g_print ("bench-startup: exec to first frame, ringi on an enrolled profile: %.1f ms (median of %u, min %.1f, "
                 "max %.1f)\n",
                 enrolled_ms, N_RUNS, g_array_index (enrolled_times, double, 0),
                 g_array_index (enrolled_times, double, enrolled_times->len - 1));
        g_print ("bench-startup: ratio enrolled ringi / gnome-text-editor: %.2f x (goal <= 1.0)\n",
                 enrolled_ms / editor_ms);
      }
    else
      g_print ("bench-startup: no RINGI_BENCH_PROFILE, the enrolled start was not measured\n");
  }

  XCloseDisplay (s.display);
  return 0;
}
