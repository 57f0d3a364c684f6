/* ringi-request-loader.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ringi-sync.h"

G_BEGIN_DECLS

/**
 * RingiRequestList:
 * @RINGI_REQUEST_LIST_INBOX: the requests waiting for the person, and
 *   those the person acted on while the action waits for the server
 * @RINGI_REQUEST_LIST_SENT: the requests the person submitted
 * @RINGI_REQUEST_LIST_SEARCH: the stored requests matching a
 *   #RingiSearchQuery
 *
 * Which list ringi_request_loader_list_async() reads.
 */
typedef enum
{
  RINGI_REQUEST_LIST_INBOX,
  RINGI_REQUEST_LIST_SENT,
  RINGI_REQUEST_LIST_SEARCH,
} RingiRequestList;

#define RINGI_TYPE_REQUEST_LOADER (ringi_request_loader_get_type ())
G_DECLARE_FINAL_TYPE (RingiRequestLoader, ringi_request_loader, RINGI, REQUEST_LOADER, GObject)

RingiRequestLoader *ringi_request_loader_get_for_sync (RingiSync *sync);

void ringi_request_loader_list_async (RingiRequestLoader *self,
                                      RingiRequestList list,
                                      const RingiSearchQuery *query,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data);
GPtrArray *ringi_request_loader_list_finish (RingiRequestLoader *self,
                                             GAsyncResult *result,
                                             GError **error);

void ringi_request_loader_summarize_async (RingiRequestLoader *self,
                                           const char *request_id,
                                           GCancellable *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer user_data);
RingiRequestSummary *ringi_request_loader_summarize_finish (RingiRequestLoader *self,
                                                            GAsyncResult *result,
                                                            GError **error);

G_END_DECLS
