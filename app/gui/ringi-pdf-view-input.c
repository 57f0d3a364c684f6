/* ringi-pdf-view-input.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-pdf-view"

#include "config.h"

#include <math.h>

#include "ringi-pdf-view-private.h"

/*
 * Keyboard, pointer and touch for RingiPdfView: the actions and their
 * shortcuts, Ctrl+scroll and pinch to zoom, clicks on links and pages.
 */

/* The zoom steps of zoom-in and zoom-out. */
static const double zoom_steps[] = {
  0.5, 0.67, 0.75, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0
};

typedef enum
{
  SCROLL_STEP_UP,
  SCROLL_STEP_DOWN,
  SCROLL_STEP_LEFT,
  SCROLL_STEP_RIGHT,
  SCROLL_PAGE_UP,
  SCROLL_PAGE_DOWN,
} ScrollKind;

static void
zoom_by_step (RingiPdfView *self,
              int direction)
{
  double zoom = self->zoom;
  double next = direction > 0 ? RINGI_PDF_VIEW_MAX_ZOOM : RINGI_PDF_VIEW_MIN_ZOOM;

  for (guint i = 0; i < G_N_ELEMENTS (zoom_steps); i++)
    {
      guint j = direction > 0 ? i : G_N_ELEMENTS (zoom_steps) - 1 - i;

      if ((direction > 0 && zoom_steps[j] > zoom + 0.001) ||
          (direction < 0 && zoom_steps[j] < zoom - 0.001))
        {
          next = zoom_steps[j];
          break;
        }
    }

  ringi_pdf_view_set_zoom (self, next);
}

static void
zoom_in_action (GtkWidget *widget,
                const char *action_name,
                GVariant *parameter)
{
  zoom_by_step (RINGI_PDF_VIEW (widget), 1);
}

static void
zoom_out_action (GtkWidget *widget,
                 const char *action_name,
                 GVariant *parameter)
{
  zoom_by_step (RINGI_PDF_VIEW (widget), -1);
}

static void
zoom_reset_action (GtkWidget *widget,
                   const char *action_name,
                   GVariant *parameter)
{
  ringi_pdf_view_set_zoom (RINGI_PDF_VIEW (widget), 1.0);
}

static void
zoom_fit_width_action (GtkWidget *widget,
                       const char *action_name,
                       GVariant *parameter)
{
  ringi_pdf_view_set_zoom_mode (RINGI_PDF_VIEW (widget), RINGI_PDF_ZOOM_FIT_WIDTH);
}

static void
zoom_fit_page_action (GtkWidget *widget,
                      const char *action_name,
                      GVariant *parameter)
{
  ringi_pdf_view_set_zoom_mode (RINGI_PDF_VIEW (widget), RINGI_PDF_ZOOM_FIT_PAGE);
}

static void
rotate_action (GtkWidget *widget,
               const char *action_name,
               GVariant *parameter)
{
  RingiPdfView *self = RINGI_PDF_VIEW (widget);
  int delta = g_str_equal (action_name, "pdf-view.rotate-left") ? -90 : 90;

  ringi_pdf_view_set_rotation (self, self->rotation + delta);
}

static void
page_action (GtkWidget *widget,
             const char *action_name,
             GVariant *parameter)
{
  RingiPdfView *self = RINGI_PDF_VIEW (widget);
  int last = self->document != NULL ? ringi_pdf_document_get_n_pages (self->document) - 1 : 0;
  int page = self->page;

  if (g_str_equal (action_name, "pdf-view.first-page"))
    page = 0;
  else if (g_str_equal (action_name, "pdf-view.last-page"))
    page = last;
  else if (g_str_equal (action_name, "pdf-view.next-page"))
    page = MIN (page + 1, last);
  else
    page = MAX (page - 1, 0);

  ringi_pdf_view_go_to_page (self, page);
}

static void
find_action (GtkWidget *widget,
             const char *action_name,
             GVariant *parameter)
{
  if (g_str_equal (action_name, "pdf-view.find-next"))
    ringi_pdf_view_find_next (RINGI_PDF_VIEW (widget));
  else
    ringi_pdf_view_find_previous (RINGI_PDF_VIEW (widget));
}

static gboolean
is_wider_than_view (RingiPdfView *self)
{
  return self->content_width > gtk_widget_get_width (GTK_WIDGET (self));
}

static gboolean
scroll_binding (GtkWidget *widget,
                GVariant *args,
                gpointer user_data)
{
  RingiPdfView *self = RINGI_PDF_VIEW (widget);
  double step_x = gtk_adjustment_get_step_increment (self->hadjustment);
  double step_y = gtk_adjustment_get_step_increment (self->vadjustment);
  double page_y = gtk_adjustment_get_page_increment (self->vadjustment);
  ScrollKind kind = g_variant_get_int32 (args);

  if (!ringi_pdf_view_has_layout (self))
    return FALSE;

  switch (kind)
    {
    case SCROLL_STEP_UP:
      ringi_pdf_view_scroll_by (self, 0, -step_y);
      break;

    case SCROLL_STEP_DOWN:
      ringi_pdf_view_scroll_by (self, 0, step_y);
      break;

    /* Sideways scrolling when the pages are wider than the view,
     * turning pages otherwise. */
    case SCROLL_STEP_LEFT:
      if (is_wider_than_view (self))
        ringi_pdf_view_scroll_by (self, -step_x, 0);
      else
        gtk_widget_activate_action (widget, "pdf-view.previous-page", NULL);
      break;

    case SCROLL_STEP_RIGHT:
      if (is_wider_than_view (self))
        ringi_pdf_view_scroll_by (self, step_x, 0);
      else
        gtk_widget_activate_action (widget, "pdf-view.next-page", NULL);
      break;

    case SCROLL_PAGE_UP:
      ringi_pdf_view_scroll_by (self, 0, -page_y);
      break;

    case SCROLL_PAGE_DOWN:
      ringi_pdf_view_scroll_by (self, 0, page_y);
      break;

    default:
      g_assert_not_reached ();
    }

  return TRUE;
}

static void
add_scroll_binding (GtkWidgetClass *widget_class,
                    guint keyval,
                    GdkModifierType modifiers,
                    ScrollKind kind)
{
  gtk_widget_class_add_binding (widget_class, keyval, modifiers, scroll_binding, "i", kind);
}

/**
 * ringi_pdf_view_class_init_input:
 * @widget_class: the class of #RingiPdfView
 *
 * Installs the `pdf-view.` actions and their keys: zoom-in (Ctrl++),
 * zoom-out (Ctrl+-), zoom-reset (Ctrl+0), zoom-fit-width, zoom-fit-page,
 * rotate-left (Ctrl+Left), rotate-right (Ctrl+Right), first-page (Home),
 * last-page (End), next-page, previous-page, find-next (Ctrl+G),
 * find-previous (Shift+Ctrl+G); and scrolling with the arrows, Page Up,
 * Page Down and Space.
 */
void
ringi_pdf_view_class_init_input (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "pdf-view.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "pdf-view.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "pdf-view.zoom-reset", NULL, zoom_reset_action);
  gtk_widget_class_install_action (widget_class, "pdf-view.zoom-fit-width", NULL, zoom_fit_width_action);
  gtk_widget_class_install_action (widget_class, "pdf-view.zoom-fit-page", NULL, zoom_fit_page_action);
  gtk_widget_class_install_action (widget_class, "pdf-view.rotate-left", NULL, rotate_action);
  gtk_widget_class_install_action (widget_class, "pdf-view.rotate-right", NULL, rotate_action);
  gtk_widget_class_install_action (widget_class, "pdf-view.first-page", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "pdf-view.last-page", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "pdf-view.next-page", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "pdf-view.previous-page", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "pdf-view.find-next", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "pdf-view.find-previous", NULL, find_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "pdf-view.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "pdf-view.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "pdf-view.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "pdf-view.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "pdf-view.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "pdf-view.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_CONTROL_MASK, "pdf-view.rotate-left", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_CONTROL_MASK, "pdf-view.rotate-right", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "pdf-view.first-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, GDK_CONTROL_MASK, "pdf-view.first-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_End, 0, "pdf-view.last-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_End, GDK_CONTROL_MASK, "pdf-view.last-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK, "pdf-view.find-next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_G, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "pdf-view.find-previous", NULL);

  add_scroll_binding (widget_class, GDK_KEY_Up, 0, SCROLL_STEP_UP);
  add_scroll_binding (widget_class, GDK_KEY_Down, 0, SCROLL_STEP_DOWN);
  add_scroll_binding (widget_class, GDK_KEY_Left, 0, SCROLL_STEP_LEFT);
  add_scroll_binding (widget_class, GDK_KEY_Right, 0, SCROLL_STEP_RIGHT);
  add_scroll_binding (widget_class, GDK_KEY_Page_Up, 0, SCROLL_PAGE_UP);
  add_scroll_binding (widget_class, GDK_KEY_Page_Down, 0, SCROLL_PAGE_DOWN);
  add_scroll_binding (widget_class, GDK_KEY_space, 0, SCROLL_PAGE_DOWN);
  add_scroll_binding (widget_class, GDK_KEY_space, GDK_SHIFT_MASK, SCROLL_PAGE_UP);
}

static gboolean
on_scroll (GtkEventControllerScroll *controller,
           double dx,
           double dy,
           RingiPdfView *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));

  if (!(state & GDK_CONTROL_MASK) || dy == 0)
    return FALSE;

  /* A wheel click is ±1; a touchpad sends fractions. */
  ringi_pdf_view_set_zoom_at (self, RINGI_PDF_ZOOM_FREE, self->zoom * pow (1.1, -dy),
                              self->pointer_x, self->pointer_y);
  return TRUE;
}

static void
on_pinch_begin (GtkGesture *gesture,
                GdkEventSequence *sequence,
                RingiPdfView *self)
{
  self->pinch_start_zoom = self->zoom;
}

static void
on_pinch_scale_changed (GtkGestureZoom *gesture,
                        double scale,
                        RingiPdfView *self)
{
  double x, y;

  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    x = self->pointer_x, y = self->pointer_y;
  ringi_pdf_view_set_zoom_at (self, RINGI_PDF_ZOOM_FREE, self->pinch_start_zoom * scale, x, y);
}

static void
on_motion (GtkEventControllerMotion *controller,
           double x,
           double y,
           RingiPdfView *self)
{
  double page_x, page_y;
  gboolean on_link = FALSE;
  int page;

  self->pointer_x = x;
  self->pointer_y = y;

  if (ringi_pdf_view_widget_to_page (self, x, y, &page, &page_x, &page_y))
    {
      ringi_pdf_view_read_links (self, page);
      on_link = ringi_pdf_view_find_link (self, page, page_x, page_y) != NULL;
    }
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), on_link ? "pointer" : NULL);
}

static void
on_pressed (GtkGestureClick *gesture,
            int n_press,
            double x,
            double y,
            RingiPdfView *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
on_released (GtkGestureClick *gesture,
             int n_press,
             double x,
             double y,
             RingiPdfView *self)
{
  if (n_press == 1)
    ringi_pdf_view_handle_click (self, x, y);
}

/**
 * ringi_pdf_view_init_input:
 * @self: a new view
 *
 * Adds the event controllers.
 */
void
ringi_pdf_view_init_input (RingiPdfView *self)
{
  GtkEventController *scroll;
  GtkEventController *motion;
  GtkGesture *pinch;
  GtkGesture *click;

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (scroll, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  pinch = gtk_gesture_zoom_new ();
  g_signal_connect (pinch, "begin", G_CALLBACK (on_pinch_begin), self);
  g_signal_connect (pinch, "scale-changed", G_CALLBACK (on_pinch_scale_changed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (pinch));

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_pressed), self);
  g_signal_connect (click, "released", G_CALLBACK (on_released), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}
