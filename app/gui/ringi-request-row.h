/* ringi-request-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ringi-request-item.h"

G_BEGIN_DECLS

/**
 * RingiRequestRowKind:
 * @RINGI_REQUEST_ROW_INBOX: who asks, how much, what for and since when
 * @RINGI_REQUEST_ROW_SENT: how far along the route it is
 * @RINGI_REQUEST_ROW_ARCHIVE: the fields the archive is searched by
 *
 * What a row tells about its request, by the list it is in.
 */
typedef enum
{
  RINGI_REQUEST_ROW_INBOX,
  RINGI_REQUEST_ROW_SENT,
  RINGI_REQUEST_ROW_ARCHIVE,
} RingiRequestRowKind;

#define RINGI_TYPE_REQUEST_ROW (ringi_request_row_get_type ())
G_DECLARE_FINAL_TYPE (RingiRequestRow, ringi_request_row, RINGI, REQUEST_ROW, AdwActionRow)

GtkWidget *ringi_request_row_new (RingiRequestItem *item,
                                  RingiRequestRowKind kind);
RingiRequestItem *ringi_request_row_get_item (RingiRequestRow *self);

G_END_DECLS
