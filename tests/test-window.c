/* test-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-window"

#include "config.h"

#include <adwaita.h>

#include "ringi-application.h"
#include "ringi-test-utils.h"
#include "ringi-window.h"

static void
on_after_paint (GdkFrameClock *clock,
                gboolean *painted)
{
  *painted = TRUE;
}

static void
wait_for_first_frame (GtkWidget *widget)
{
  gboolean painted = FALSE;
  GdkFrameClock *clock;
  gulong handler;

  while (!gtk_widget_get_mapped (widget))
    g_main_context_iteration (NULL, TRUE);

  clock = gtk_widget_get_frame_clock (widget);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &painted);
  gtk_widget_queue_draw (widget);
  ringi_test_wait_for_flag (&painted);
  g_signal_handler_disconnect (clock, handler);
}

static GdkTexture *
render_widget (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_to_node (snapshot);
  g_assert_nonnull (node);

  return gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
}

static guint
count_colours (GdkTexture *texture)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  gsize stride = (gsize) width * 4;
  g_autofree guchar *pixels = g_malloc (stride * height);
  g_autoptr(GHashTable) colours = g_hash_table_new (NULL, NULL);

  gdk_texture_download (texture, pixels, stride);
  for (gsize i = 0; i < stride * height; i += 4)
    {
      guint32 pixel;

      memcpy (&pixel, pixels + i, sizeof pixel);
      g_hash_table_add (colours, GUINT_TO_POINTER (pixel));
    }

  return g_hash_table_size (colours);
}

/* One application for the whole program: GApplication registers once. */
static RingiApplication *app;

static void
test_window_first_frame (void)
{
  g_autofree char *png = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkWindow *window;

  g_application_activate (G_APPLICATION (app));

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (RINGI_IS_WINDOW (window));
  g_assert_cmpstr (gtk_window_get_title (window), ==, "Ringi");

  wait_for_first_frame (GTK_WIDGET (window));
  texture = render_widget (GTK_WIDGET (window));

  /* The picture covers the whole window, which opens at the schema's
   * default of 1000×700 less any client-side border. */
  g_assert_cmpint (gdk_texture_get_width (texture), ==, gtk_widget_get_width (GTK_WIDGET (window)));
  g_assert_cmpint (gdk_texture_get_height (texture), ==, gtk_widget_get_height (GTK_WIDGET (window)));
  g_assert_cmpint (ABS (gdk_texture_get_width (texture) - 1000), <=, 20);
  g_assert_cmpint (ABS (gdk_texture_get_height (texture) - 700), <=, 20);
  /* A blank or single-colour picture means nothing was drawn. */
  g_assert_cmpuint (count_colours (texture), >, 50);

  png = g_build_filename (g_getenv ("RINGI_SCREENSHOT_DIR"), "window-not-connected.png", NULL);
  g_assert_true (gdk_texture_save_to_png (texture, png));

  gtk_window_destroy (window);
}

static void
test_window_remembers_size (void)
{
  GSettings *settings = ringi_application_get_settings (app);
  GtkWindow *window;
  int width, height;

  g_settings_set (settings, "window-size", "(ii)", 640, 480);

  window = GTK_WINDOW (ringi_window_new (app));
  gtk_window_present (window);
  gtk_window_get_default_size (window, &width, &height);
  g_assert_cmpint (width, ==, 640);
  g_assert_cmpint (height, ==, 480);

  wait_for_first_frame (GTK_WIDGET (window));
  gtk_window_set_default_size (window, 800, 600);
  gtk_window_close (window);

  g_settings_get (settings, "window-size", "(ii)", &width, &height);
  g_assert_cmpint (width, ==, 800);
  g_assert_cmpint (height, ==, 600);
  g_settings_reset (settings, "window-size");
}

int
main (int argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  app = ringi_application_new ();
  /* Test programs run side by side: do not fight over the bus name. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/ringi/window/first-frame", test_window_first_frame);
  g_test_add_func ("/ringi/window/remembers-size", test_window_remembers_size);

  status = g_test_run ();

  g_application_quit (G_APPLICATION (app));
  g_clear_object (&app);
  return status;
}
