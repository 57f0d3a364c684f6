/* ringi-request-item.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ringi-sync.h"

G_BEGIN_DECLS

#define RINGI_TYPE_REQUEST_ITEM (ringi_request_item_get_type ())
G_DECLARE_FINAL_TYPE (RingiRequestItem, ringi_request_item, RINGI, REQUEST_ITEM, GObject)

RingiRequestItem *ringi_request_item_new (RingiRequestSummary *summary,
                                          const char *applicant_name,
                                          guint n_steps,
                                          guint n_done);
const RingiRequestSummary *ringi_request_item_get_summary (RingiRequestItem *self);
const char *ringi_request_item_get_id (RingiRequestItem *self);
const char *ringi_request_item_get_title (RingiRequestItem *self);
const char *ringi_request_item_get_applicant_name (RingiRequestItem *self);
gboolean ringi_request_item_get_pending (RingiRequestItem *self);
guint ringi_request_item_get_n_steps (RingiRequestItem *self);
guint ringi_request_item_get_n_done (RingiRequestItem *self);

const char *ringi_request_item_get_status_text (RingiRequestItem *self);
char *ringi_request_item_dup_amount_text (RingiRequestItem *self);
char *ringi_request_item_dup_progress_text (RingiRequestItem *self);
char *ringi_request_item_dup_age_text (RingiRequestItem *self,
                                       GDateTime *now);

G_END_DECLS
