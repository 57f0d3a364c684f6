/* ringi-request-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One request as a page of the window: its latest revision with the seals
 * pressed on it, the route beside it, and the actions the person may take
 * now below. Everything is read off the main thread; the actions are in
 * ringi-request-view-actions.c, the exports in ringi-request-view-export.c.
 */

#define G_LOG_DOMAIN "ringi-request-view"

#include "config.h"

#include <glib/gi18n.h>

#include "ringi-month-close.h"
#include "ringi-request-view-private.h"
#include "ringi-texture.h"

G_DEFINE_FINAL_TYPE (RingiRequestView, ringi_request_view, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_SYNC,
  PROP_REQUEST_ID,
  PROP_TITLE,
  PROP_SUBTITLE,
  PROP_LOADING,
  PROP_VERIFYING,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void start_verify (RingiRequestView *self);
static void start_read_correction (RingiRequestView *self);

static void
set_loading (RingiRequestView *self,
             gboolean loading)
{
  if (self->loading == loading)
    return;

  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
set_verifying (RingiRequestView *self,
               gboolean verifying)
{
  if (self->verifying == verifying)
    return;

  self->verifying = verifying;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERIFYING]);
}

void
ringi_request_view_set_busy (RingiRequestView *self,
                             gboolean busy)
{
  if (self->busy == busy)
    return;

  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
set_string (RingiRequestView *self,
            char **field,
            const char *value,
            int prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static char *
dup_status_text (RingiRequestSummary *summary)
{
  switch (summary->status)
    {
    case RINGI_REQUEST_NEW:
      return g_strdup (_("Not submitted"));
    case RINGI_REQUEST_IN_PROGRESS:
      /* Translators: the status of a request travelling along its route */
      return g_strdup_printf (_("In progress, at step %u"), summary->current_step);
    case RINGI_REQUEST_SENT_BACK:
      return g_strdup (_("Sent back"));
    case RINGI_REQUEST_WITHDRAWN:
      return g_strdup (_("Withdrawn"));
    case RINGI_REQUEST_REJECTED:
      return g_strdup (_("Rejected"));
    case RINGI_REQUEST_DECIDED:
      return g_strdup (_("Decided"));
    default:
      g_assert_not_reached ();
    }
}

static void
update_titles (RingiRequestView *self)
{
  g_autofree char *status = dup_status_text (self->summary);

  set_string (self, &self->title, self->summary->info->title, PROP_TITLE);
  set_string (self, &self->subtitle, status, PROP_SUBTITLE);
  adw_window_title_set_title (self->window_title, self->title);
  adw_window_title_set_subtitle (self->window_title, self->subtitle);
}

static void
show_error (RingiRequestView *self,
            const char *message)
{
  adw_status_page_set_description (self->error_page, message);
  gtk_stack_set_visible_child_name (self->content_stack, "error");
}

static void
add_overlay (GArray *overlays,
             const RingiPlacement *placement,
             GdkTexture *texture)
{
  RingiPdfOverlay overlay = {
    .page = (int) placement->page - 1,
    .x = placement->x,
    .y = placement->y,
    .size = placement->size,
    .paintable = GDK_PAINTABLE (texture),
  };

  g_array_append_val (overlays, overlay);
}

/**
 * ringi_request_view_update_overlays:
 * @self: a view
 *
 * Draws the seals pressed on the latest revision, and mine while I place
 * it.
 */
void
ringi_request_view_update_overlays (RingiRequestView *self)
{
  g_autoptr(GArray) overlays = g_array_new (FALSE, FALSE, sizeof (RingiPdfOverlay));
  g_autoptr(GPtrArray) textures = g_ptr_array_new_with_free_func (g_object_unref);

  if (self->data == NULL || ringi_pdf_view_get_document (self->pdf_view) == NULL)
    return;

  for (guint i = 0; i < self->data->entries->len; i++)
    {
      RingiRequestEntry *entry = self->data->entries->pdata[i];
      const RingiPlacement *placement = entry->stamp ? ringi_stamp_get_placement (entry->stamp) : NULL;
      GdkTexture *texture;

      if (placement == NULL || entry->seal == NULL ||
          ringi_stamp_get_revision (entry->stamp) != self->data->revision)
        continue;

      texture = ringi_texture_new_for_surface (entry->seal);
      g_ptr_array_add (textures, texture);
      add_overlay (overlays, placement, texture);
    }

  if (self->placing && self->my_seal != NULL)
    add_overlay (overlays, &self->placement, self->my_seal);

  ringi_pdf_view_set_overlays (self->pdf_view, (RingiPdfOverlay *) (gpointer) overlays->data, overlays->len);
}

static void
document_loaded_cb (GObject *source,
                    GAsyncResult *result,
                    gpointer user_data)
{
  g_autoptr(RingiRequestView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiPdfDocument) document = ringi_pdf_document_load_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (document == NULL)
    {
      show_error (self, error->message);
      return;
    }

  ringi_pdf_view_set_document (self->pdf_view, document);
  gtk_stack_set_visible_child_name (self->content_stack, "document");
  ringi_request_view_update_overlays (self);
  ringi_request_view_update_actions (self);
}

static void
show_data (RingiRequestView *self)
{
  g_clear_object (&self->my_seal);
  if (self->data->my_seal != NULL)
    self->my_seal = ringi_texture_new_for_surface (self->data->my_seal);

  update_titles (self);
  ringi_route_panel_set_data (self->route_panel, self->data);
  ringi_request_view_check_confirm (self);
  ringi_request_view_update_actions (self);

  /* A new revision is a new document; the same one keeps its scroll. */
  if (self->shown_revision != self->data->revision)
    {
      self->shown_revision = self->data->revision;
      ringi_pdf_document_load_bytes_async (self->data->pdf, NULL, self->cancellable,
                                           document_loaded_cb, g_object_ref (self));
    }
  else if (ringi_pdf_view_get_document (self->pdf_view) != NULL)
    {
      gtk_stack_set_visible_child_name (self->content_stack, "document");
      ringi_request_view_update_overlays (self);
    }

  start_verify (self);
  start_read_correction (self);
}

static void
load_done (RingiRequestView *self,
           RingiRequestSummary *summary,
           const GError *error)
{
  if (summary == NULL)
    {
      g_clear_pointer (&self->loaded_data, ringi_request_data_free);
      show_error (self, error->message);
    }
  else
    {
      g_clear_pointer (&self->data, ringi_request_data_free);
      g_clear_pointer (&self->summary, ringi_request_summary_free);
      self->data = g_steal_pointer (&self->loaded_data);
      self->summary = summary;
      show_data (self);
    }

  set_loading (self, FALSE);
  if (self->reload_wanted)
    ringi_request_view_reload (self);
}

static void
summarized_cb (GObject *source,
               GAsyncResult *result,
               gpointer user_data)
{
  g_autoptr(RingiRequestView) self = user_data;
  g_autoptr(GError) error = NULL;
  RingiRequestSummary *summary = ringi_request_loader_summarize_finish (RINGI_REQUEST_LOADER (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  load_done (self, summary, error);
}

/* Then where the request stands, through the loader's connection: both
 * are read off the main thread. */
static void
data_loaded_cb (GObject *source,
                GAsyncResult *result,
                gpointer user_data)
{
  g_autoptr(RingiRequestView) self = user_data;
  g_autoptr(GError) error = NULL;
  RingiRequestData *data = ringi_request_data_load_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (data == NULL)
    {
      load_done (self, NULL, error);
      return;
    }

  g_clear_pointer (&self->loaded_data, ringi_request_data_free);
  self->loaded_data = data;
  ringi_request_loader_summarize_async (ringi_request_loader_get_for_sync (self->sync), self->request_id,
                                        self->cancellable, summarized_cb, g_object_ref (self));
}

/**
 * ringi_request_view_reload:
 * @self: a view
 *
 * Reads the request again, e.g. after a sync; a reload asked for while
 * one runs follows it.
 */
void
ringi_request_view_reload (RingiRequestView *self)
{
  g_return_if_fail (RINGI_IS_REQUEST_VIEW (self));

  if (self->loading)
    {
      self->reload_wanted = TRUE;
      return;
    }

  self->reload_wanted = FALSE;
  set_loading (self, TRUE);
  ringi_request_data_load_async (ringi_sync_get_profile (self->sync), self->request_id, self->cancellable,
                                 data_loaded_cb, g_object_ref (self));
}

static void
verified_cb (GObject *source,
             GAsyncResult *result,
             gpointer user_data)
{
  g_autoptr(RingiRequestView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = ringi_sync_verify_finish (RINGI_SYNC (source), result, &error);

  /* A verification started before the last reading is stale. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_task_get_cancellable (G_TASK (result)) != self->verify_cancellable)
    return;

  if (results == NULL)
    ringi_route_panel_set_verify_error (self->route_panel, error->message);
  else
    ringi_route_panel_set_verdicts (self->route_panel, results);

  set_verifying (self, FALSE);
}

static gboolean
has_accepted_stamps (RingiRequestData *data)
{
  return data->entries->len > 0 && !((RingiRequestEntry *) data->entries->pdata[0])->pending;
}

/* Stamps waiting for the server are not evidence yet: only the accepted
 * ones are checked. */
static void
start_verify (RingiRequestView *self)
{
  /* The verdicts of an older reading would land on the new rows. */
  g_cancellable_cancel (self->verify_cancellable);
  g_clear_object (&self->verify_cancellable);

  if (!has_accepted_stamps (self->data))
    {
      set_verifying (self, FALSE);
      return;
    }

  self->verify_cancellable = g_cancellable_new ();
  g_signal_connect_object (self->cancellable, "cancelled", G_CALLBACK (g_cancellable_cancel),
                           self->verify_cancellable, G_CONNECT_SWAPPED);
  set_verifying (self, TRUE);
  ringi_sync_verify_async (self->sync, self->request_id, self->verify_cancellable,
                           verified_cb, g_object_ref (self));
}

static void
correction_read_cb (GObject *source,
                    GAsyncResult *result,
                    gpointer user_data)
{
  g_autoptr(RingiRequestView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiCorrection) correction = ringi_sync_read_correction_finish (RINGI_SYNC (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  ringi_route_panel_set_correction (self->route_panel, correction, error ? error->message : NULL);
}

/* A correction request (打刻修正申請): the punch its approval adds, and
 * whether the document shows it, above the stamps. */
static void
start_read_correction (RingiRequestView *self)
{
  if (g_strcmp0 (self->data->info->category, RINGI_CATEGORY_CORRECTION) != 0)
    {
      ringi_route_panel_set_correction (self->route_panel, NULL, NULL);
      return;
    }

  ringi_sync_read_correction_async (self->sync, self->request_id, self->cancellable, correction_read_cb,
                                    g_object_ref (self));
}

/* After a sync round, or when an action of mine has gone out or come
 * back refused, the request may have changed. */
static void
on_sync_changed (RingiRequestView *self)
{
  ringi_request_view_reload (self);
}

/* Keeps the seal's square on its page. */
static void
clamp_to_page (RingiRequestView *self,
               RingiPlacement *placement)
{
  RingiPdfDocument *document = ringi_pdf_view_get_document (self->pdf_view);
  double width, height;

  ringi_pdf_document_get_page_size (document, (int) placement->page - 1, &width, &height);
  placement->x = CLAMP (placement->x, 0, MAX (width - placement->size, 0));
  placement->y = CLAMP (placement->y, 0, MAX (height - placement->size, 0));
}

static void
on_drag_begin (GtkGestureDrag *gesture,
               double x,
               double y,
               RingiRequestView *self)
{
  int page;
  double px, py;

  self->dragging = FALSE;
  if (!self->placing ||
      !ringi_pdf_view_widget_to_page (self->pdf_view, x, y, &page, &px, &py) ||
      (guint) page + 1 != self->placement.page ||
      px < self->placement.x || px > self->placement.x + self->placement.size ||
      py < self->placement.y || py > self->placement.y + self->placement.size)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }

  /* Where the seal was grabbed, so that it does not jump under the pointer */
  self->dragging = TRUE;
  self->drag_x = x;
  self->drag_y = y;
  self->grab_dx = px - self->placement.x;
  self->grab_dy = py - self->placement.y;
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
on_drag_update (GtkGestureDrag *gesture,
                double offset_x,
                double offset_y,
                RingiRequestView *self)
{
  double px, py;
  int page;

  if (!self->dragging || !self->placing ||
      !ringi_pdf_view_widget_to_page (self->pdf_view, self->drag_x + offset_x, self->drag_y + offset_y,
                                      &page, &px, &py))
    return;

  ringi_request_view_move_seal (self, &(RingiPlacement){
                                        .page = (guint) page + 1,
                                        .x = px - self->grab_dx,
                                        .y = py - self->grab_dy,
                                        .size = self->placement.size,
                                      });
}

static void
on_drag_end (GtkGestureDrag *gesture,
             double offset_x,
             double offset_y,
             RingiRequestView *self)
{
  self->dragging = FALSE;
}

/* A click elsewhere on a page puts the seal there, centred. */
static void
on_page_clicked (RingiRequestView *self,
                 int page,
                 double x,
                 double y)
{
  if (!self->placing)
    return;

  ringi_request_view_move_seal (self, &(RingiPlacement){
                                        .page = (guint) page + 1,
                                        .x = x - self->placement.size / 2,
                                        .y = y - self->placement.size / 2,
                                        .size = self->placement.size,
                                      });
}

static void
ringi_request_view_constructed (GObject *object)
{
  RingiRequestView *self = RINGI_REQUEST_VIEW (object);

  G_OBJECT_CLASS (ringi_request_view_parent_class)->constructed (object);

  /* After a round that pushed, refused or pulled something, and after
   * local actions: not after every round. */
  g_signal_connect_object (self->sync, "changed", G_CALLBACK (on_sync_changed), self, G_CONNECT_SWAPPED);

  ringi_request_view_reload (self);
}

static void
ringi_request_view_dispose (GObject *object)
{
  RingiRequestView *self = RINGI_REQUEST_VIEW (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  if (self->pin_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->pin_dialog));
  g_clear_weak_pointer (&self->pin_dialog);

  gtk_widget_dispose_template (GTK_WIDGET (self), RINGI_TYPE_REQUEST_VIEW);
  /* The template's top widget has no id for the disposal above to find. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->sync);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->verify_cancellable);
  g_clear_object (&self->my_seal);
  g_clear_pointer (&self->data, ringi_request_data_free);
  g_clear_pointer (&self->loaded_data, ringi_request_data_free);
  g_clear_pointer (&self->summary, ringi_request_summary_free);

  G_OBJECT_CLASS (ringi_request_view_parent_class)->dispose (object);
}

static void
ringi_request_view_finalize (GObject *object)
{
  RingiRequestView *self = RINGI_REQUEST_VIEW (object);

  g_free (self->request_id);
  g_free (self->title);
  g_free (self->subtitle);
  g_clear_pointer (&self->to_steps, g_array_unref);

  G_OBJECT_CLASS (ringi_request_view_parent_class)->finalize (object);
}

static void
ringi_request_view_get_property (GObject *object,
                                 guint prop_id,
                                 GValue *value,
                                 GParamSpec *pspec)
{
  RingiRequestView *self = RINGI_REQUEST_VIEW (object);

  switch (prop_id)
    {
    case PROP_SYNC:
      g_value_set_object (value, self->sync);
      break;
    case PROP_REQUEST_ID:
      g_value_set_string (value, self->request_id);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_SUBTITLE:
      g_value_set_string (value, self->subtitle);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_VERIFYING:
      g_value_set_boolean (value, self->verifying);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ringi_request_view_set_property (GObject *object,
                                 guint prop_id,
                                 const GValue *value,
                                 GParamSpec *pspec)
{
  RingiRequestView *self = RINGI_REQUEST_VIEW (object);

  switch (prop_id)
    {
    case PROP_SYNC:
      self->sync = g_value_dup_object (value);
      break;
    case PROP_REQUEST_ID:
      self->request_id = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ringi_request_view_class_init (RingiRequestViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ringi_request_view_constructed;
  object_class->dispose = ringi_request_view_dispose;
  object_class->finalize = ringi_request_view_finalize;
  object_class->get_property = ringi_request_view_get_property;
  object_class->set_property = ringi_request_view_set_property;

  properties[PROP_SYNC] =
    g_param_spec_object ("sync", NULL, NULL, RINGI_TYPE_SYNC,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REQUEST_ID] =
    g_param_spec_string ("request-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * RingiRequestView:title:
   *
   * The request's title, once read; for the window's title.
   */
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUBTITLE] =
    g_param_spec_string ("subtitle", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VERIFYING] =
    g_param_spec_boolean ("verifying", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (RINGI_TYPE_PDF_VIEW);
  g_type_ensure (RINGI_TYPE_ROUTE_PANEL);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ringi-request-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RingiRequestView, window_title);
  gtk_widget_class_bind_template_child (widget_class, RingiRequestView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RingiRequestView, flap);
  gtk_widget_class_bind_template_child (widget_class, RingiRequestView, content_stack);
  gtk_widget_class_bind_template_child (widget_class, RingiRequestView, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, RingiRequestView, error_page);
  gtk_widget_class_bind_template_child (widget_class, RingiRequestView, pdf_view);
  gtk_widget_class_bind_template_child (widget_class, RingiRequestView, route_panel);
  gtk_widget_class_bind_template_child (widget_class, RingiRequestView, action_revealer);
  gtk_widget_class_bind_template_child (widget_class, RingiRequestView, action_stack);
  gtk_widget_class_bind_template_child (widget_class, RingiRequestView, pending_box);
  gtk_widget_class_bind_template_child (widget_class, RingiRequestView, approve_button);
  gtk_widget_class_bind_template_child (widget_class, RingiRequestView, acknowledge_button);
  gtk_widget_class_bind_template_child (widget_class, RingiRequestView, send_back_button);
  gtk_widget_class_bind_template_child (widget_class, RingiRequestView, reject_button);
  gtk_widget_class_bind_template_child (widget_class, RingiRequestView, withdraw_button);
  gtk_widget_class_bind_template_child (widget_class, RingiRequestView, resubmit_button);
  gtk_widget_class_bind_template_child (widget_class, RingiRequestView, confirm_hint);
  gtk_widget_class_bind_template_child (widget_class, RingiRequestView, comment_entry);
  gtk_widget_class_bind_template_child (widget_class, RingiRequestView, step_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RingiRequestView, confirm_button);
  gtk_widget_class_bind_template_child (widget_class, RingiRequestView, comment_error);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "ringi-request-view");

  ringi_request_view_class_init_actions (widget_class);
  ringi_request_view_class_init_export (widget_class);
}

static void
ringi_request_view_init (RingiRequestView *self)
{
  GtkGesture *drag;

  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_spinner_start (self->loading_spinner);
  gtk_stack_set_visible_child_name (self->content_stack, "loading");

  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (drag), GTK_PHASE_CAPTURE);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self->pdf_view), GTK_EVENT_CONTROLLER (drag));
  g_signal_connect_swapped (self->pdf_view, "page-clicked", G_CALLBACK (on_page_clicked), self);
}

/**
 * ringi_request_view_new:
 * @sync: the profile's sync engine
 * @request_id: the request to show
 *
 * Returns: (transfer floating): a page for the window's leaflet, with its
 *   own header bar whose back button activates `win.back`
 */
GtkWidget *
ringi_request_view_new (RingiSync *sync,
                        const char *request_id)
{
  g_return_val_if_fail (RINGI_IS_SYNC (sync), NULL);
  g_return_val_if_fail (request_id != NULL, NULL);

  return g_object_new (RINGI_TYPE_REQUEST_VIEW, "sync", sync, "request-id", request_id, NULL);
}

RingiSync *
ringi_request_view_get_sync (RingiRequestView *self)
{
  g_return_val_if_fail (RINGI_IS_REQUEST_VIEW (self), NULL);

  return self->sync;
}

const char *
ringi_request_view_get_request_id (RingiRequestView *self)
{
  g_return_val_if_fail (RINGI_IS_REQUEST_VIEW (self), NULL);

  return self->request_id;
}

/**
 * ringi_request_view_get_title:
 * @self: a view
 *
 * Returns: (nullable): the request's title, %NULL until it is read
 */
const char *
ringi_request_view_get_title (RingiRequestView *self)
{
  g_return_val_if_fail (RINGI_IS_REQUEST_VIEW (self), NULL);

  return self->title;
}

/**
 * ringi_request_view_get_subtitle:
 * @self: a view
 *
 * Returns: (nullable): where the request stands, in words
 */
const char *
ringi_request_view_get_subtitle (RingiRequestView *self)
{
  g_return_val_if_fail (RINGI_IS_REQUEST_VIEW (self), NULL);

  return self->subtitle;
}

gboolean
ringi_request_view_get_loading (RingiRequestView *self)
{
  g_return_val_if_fail (RINGI_IS_REQUEST_VIEW (self), FALSE);

  return self->loading;
}

gboolean
ringi_request_view_get_verifying (RingiRequestView *self)
{
  g_return_val_if_fail (RINGI_IS_REQUEST_VIEW (self), FALSE);

  return self->verifying;
}

/**
 * ringi_request_view_get_busy:
 * @self: a view
 *
 * Returns: %TRUE while an action is being signed and queued
 */
gboolean
ringi_request_view_get_busy (RingiRequestView *self)
{
  g_return_val_if_fail (RINGI_IS_REQUEST_VIEW (self), FALSE);

  return self->busy;
}

/**
 * ringi_request_view_get_pending:
 * @self: a view
 *
 * Returns: %TRUE when something done here waits for the server
 */
gboolean
ringi_request_view_get_pending (RingiRequestView *self)
{
  g_return_val_if_fail (RINGI_IS_REQUEST_VIEW (self), FALSE);

  return self->summary != NULL && self->summary->pending;
}

/**
 * ringi_request_view_get_seal_placement:
 * @self: a view
 * @placement: (out caller-allocates) (optional): where my seal is now
 *
 * Returns: %TRUE while I am placing my seal to approve
 */
gboolean
ringi_request_view_get_seal_placement (RingiRequestView *self,
                                       RingiPlacement *placement)
{
  g_return_val_if_fail (RINGI_IS_REQUEST_VIEW (self), FALSE);

  if (self->placing && placement != NULL)
    *placement = self->placement;
  return self->placing;
}

/**
 * ringi_request_view_move_seal:
 * @self: a view placing my seal
 * @placement: the new place; kept inside its page
 *
 * Moves my seal, as dragging it does.
 */
void
ringi_request_view_move_seal (RingiRequestView *self,
                              const RingiPlacement *placement)
{
  RingiPdfDocument *document;

  g_return_if_fail (RINGI_IS_REQUEST_VIEW (self));
  g_return_if_fail (placement != NULL && placement->size > 0);
  g_return_if_fail (self->placing);

  document = ringi_pdf_view_get_document (self->pdf_view);
  g_return_if_fail (placement->page >= 1 && (int) placement->page <= ringi_pdf_document_get_n_pages (document));

  self->placement = *placement;
  clamp_to_page (self, &self->placement);
  ringi_request_view_update_overlays (self);
}

/**
 * ringi_request_view_get_route_panel:
 * @self: a view
 *
 * Returns: (transfer none): the route panel
 */
RingiRoutePanel *
ringi_request_view_get_route_panel (RingiRequestView *self)
{
  g_return_val_if_fail (RINGI_IS_REQUEST_VIEW (self), NULL);

  return self->route_panel;
}

/**
 * ringi_request_view_get_pin_dialog:
 * @self: a view
 *
 * Returns: (transfer none) (nullable): the PIN dialog while it is open
 */
RingiPinDialog *
ringi_request_view_get_pin_dialog (RingiRequestView *self)
{
  g_return_val_if_fail (RINGI_IS_REQUEST_VIEW (self), NULL);

  return self->pin_dialog;
}

/**
 * ringi_request_view_show_error_dialog:
 * @self: a view
 * @heading: what failed
 * @message: why, for people
 *
 * Tells about a failure that needs more than a toast.
 */
void
ringi_request_view_show_error_dialog (RingiRequestView *self,
                                      const char *heading,
                                      const char *message)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                              heading, message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}
