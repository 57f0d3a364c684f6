/* ringi-new-request-window-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ringi-new-request-window.h"
#include "ringi-pdf-view.h"
#include "ringi-pin-dialog.h"
#include "ringi-route-editor.h"

G_BEGIN_DECLS

struct _RingiNewRequestWindow
{
  AdwWindow parent_instance;

  AdwToastOverlay *toast_overlay;
  AdwWindowTitle *window_title;
  GtkWidget *submit_button;
  GtkWidget *spinner;
  GtkRevealer *connect_revealer;
  AdwLeaflet *leaflet;
  GtkWidget *form_box;
  AdwPreferencesGroup *document_group;
  AdwActionRow *document_row;
  GtkWidget *preview_button;
  AdwPreferencesGroup *details_group;
  AdwEntryRow *title_row;
  AdwComboRow *category_row;
  GtkStringList *category_list;
  AdwEntryRow *amount_row;
  AdwEntryRow *counterparty_row;
  GtkLabel *amount_error;
  AdwActionRow *custom_row;
  GtkSwitch *custom_switch;
  GtkListBox *template_list;
  RingiRouteEditor *route_editor;
  GtkLabel *route_message;
  GtkLabel *submit_error;
  GtkActionBar *preview_bar;
  GtkStack *preview_stack;
  RingiPdfView *pdf_view;
  AdwStatusPage *error_page;
  AdwStatusPage *password_page;
  GtkPasswordEntry *password_entry;

  RingiSync *sync;       /* nullable: no profile open yet */
  char *request_id;      /* the request resubmitted, or %NULL */
  RingiRoute *route_now; /* its route, kept unless changed */
  GHashTable *names;     /* login → name */

  /* Cancelled when the window goes, so that no late result touches it */
  GCancellable *cancellable;
  /* The document being read, replaced when another is chosen */
  GCancellable *load_cancellable;
  GFile *file;
  GBytes *bytes;
  RingiPdfDocument *document;
  gboolean protected_pdf;
  gboolean unlocking; /* the document is being opened with a password */

  char *template_route; /* the category's route for the amount, or %NULL */
  gboolean busy;
  RingiPinDialog *pin_dialog; /* weak: asking the PIN of this submission */
};

/* ringi-new-request-window.c */
gboolean ringi_new_request_window_is_gone (RingiNewRequestWindow *self);
gboolean ringi_new_request_window_is_enrolled (RingiNewRequestWindow *self);
gboolean ringi_new_request_window_get_amount (RingiNewRequestWindow *self,
                                              gint64 *amount);
char *ringi_new_request_window_dup_category (RingiNewRequestWindow *self);
char *ringi_new_request_window_dup_route_text (RingiNewRequestWindow *self,
                                               GError **error);
char *ringi_new_request_window_dup_file_name (GFile *file);
void ringi_new_request_window_report (RingiNewRequestWindow *self,
                                      const char *what);
void ringi_new_request_window_finish (RingiNewRequestWindow *self,
                                      const char *request_id);

/* ringi-new-request-window-document.c */
void ringi_new_request_window_choose_pdf_action (GtkWidget *widget,
                                                 const char *action_name,
                                                 GVariant *parameter);
void ringi_new_request_window_unlock_action (GtkWidget *widget,
                                             const char *action_name,
                                             GVariant *parameter);

/* ringi-new-request-window-submit.c */
gboolean ringi_new_request_window_can_submit (RingiNewRequestWindow *self);
void ringi_new_request_window_update_submit (RingiNewRequestWindow *self);
void ringi_new_request_window_show_submit_error (RingiNewRequestWindow *self,
                                                 const char *message);
void ringi_new_request_window_submit_action (GtkWidget *widget,
                                             const char *action_name,
                                             GVariant *parameter);

G_END_DECLS
