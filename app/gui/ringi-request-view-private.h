/* ringi-request-view-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ringi-pdf-view.h"
#include "ringi-request-data.h"
#include "ringi-request-loader.h"
#include "ringi-request-view.h"

G_BEGIN_DECLS

struct _RingiRequestView
{
  GtkWidget parent_instance;

  RingiSync *sync;
  char *request_id;
  /* Cancelled on dispose, so that no late result touches the view */
  GCancellable *cancellable;
  GCancellable *verify_cancellable; /* of the verification running */

  RingiRequestData *data;
  RingiRequestData *loaded_data; /* read, waiting for its summary */
  RingiRequestSummary *summary;
  char *title;
  char *subtitle;
  guint shown_revision;
  gboolean loading;
  gboolean reload_wanted;
  gboolean verifying;
  gboolean busy;

  /* The action being confirmed in the action bar, and my seal's place */
  gboolean confirming;
  RingiAction action;
  gboolean placing;
  RingiPlacement placement;
  GdkTexture *my_seal;
  gboolean dragging; /* my seal, by the pointer */
  double drag_x;     /* where the drag began, in the PDF view */
  double drag_y;
  double grab_dx; /* from the seal's corner to there, in points */
  double grab_dy;
  GArray *to_steps; /* guint: the send-back choices of step_dropdown */
  RingiPinDialog *pin_dialog;

  AdwWindowTitle *window_title;
  AdwToastOverlay *toast_overlay;
  AdwFlap *flap;
  GtkStack *content_stack;
  GtkSpinner *loading_spinner;
  AdwStatusPage *error_page;
  RingiPdfView *pdf_view;
  RingiRoutePanel *route_panel;
  GtkRevealer *action_revealer;
  GtkStack *action_stack;
  GtkWidget *pending_box;
  GtkWidget *approve_button;
  GtkWidget *acknowledge_button;
  GtkWidget *send_back_button;
  GtkWidget *reject_button;
  GtkWidget *withdraw_button;
  GtkWidget *resubmit_button;
  GtkLabel *confirm_hint;
  GtkEntry *comment_entry;
  GtkDropDown *step_dropdown;
  GtkButton *confirm_button;
  GtkLabel *comment_error;
};

void ringi_request_view_update_overlays (RingiRequestView *self);
void ringi_request_view_set_busy (RingiRequestView *self,
                                  gboolean busy);
void ringi_request_view_show_error_dialog (RingiRequestView *self,
                                           const char *heading,
                                           const char *message);

void ringi_request_view_class_init_actions (GtkWidgetClass *widget_class);
void ringi_request_view_update_actions (RingiRequestView *self);
void ringi_request_view_leave_confirm (RingiRequestView *self);
void ringi_request_view_check_confirm (RingiRequestView *self);

void ringi_request_view_class_init_export (GtkWidgetClass *widget_class);

G_END_DECLS
