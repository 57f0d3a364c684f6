/* ringi-outbox.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ringi-store.h"

G_BEGIN_DECLS

/**
 * RingiOutboxOp:
 * @id: the op's uuid; the server applies an id once
 * @type: `create-request`, `stamp`, `delegate`, `punch`, `close-month`
 *   or `activity` (docs/api.md)
 * @body: the op's JSON text, exactly as it is sent
 * @request_id: (nullable): the request it acts on
 * @blob_sha256: (nullable): a revision the server must have before the op
 * @created_at: when the person acted, RFC 3339
 *
 * One local action waiting for the server.
 */
typedef struct
{
  char *id;
  char *type;
  char *body;
  char *request_id;
  char *blob_sha256;
  char *created_at;
} RingiOutboxOp;

void ringi_outbox_op_free (RingiOutboxOp *op);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RingiOutboxOp, ringi_outbox_op_free)

/**
 * RingiRefusal:
 * @op_id: the refused op
 * @type: the op's type
 * @action: (nullable): the stamp's action word, for stamp and
 *   create-request ops
 * @request_id: (nullable): the request concerned
 * @title: (nullable): its title, kept because a refused new request is
 *   removed
 * @code: the server's stable error code (docs/api.md)
 * @message: the server's explanation for people
 * @refused_at: when the refusal arrived, RFC 3339
 *
 * An op the server refused; its local effect is already undone.
 */
typedef struct
{
  char *op_id;
  char *type;
  char *action;
  char *request_id;
  char *title;
  char *code;
  char *message;
  char *refused_at;
} RingiRefusal;

void ringi_refusal_free (RingiRefusal *refusal);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RingiRefusal, ringi_refusal_free)

/**
 * RingiChainStamp:
 * @stamp: the stamp as stored; @stamp.seq counts on after the stored
 *   stamps for pending ones
 * @pending: %TRUE while the server has not accepted it
 * @comment: (nullable): the comment, when the stamp has one and it is
 *   known here
 */
typedef struct
{
  RingiStoredStamp stamp;
  gboolean pending;
  char *comment;
} RingiChainStamp;

void ringi_chain_stamp_free (RingiChainStamp *stamp);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RingiChainStamp, ringi_chain_stamp_free)

/**
 * RingiActivityUploadState:
 * @RINGI_ACTIVITY_UPLOAD_WAITING: queued, not sent yet
 * @RINGI_ACTIVITY_UPLOAD_SENT: the server has the times
 * @RINGI_ACTIVITY_UPLOAD_REFUSED: the server refused them (the refusal is
 *   listed with the others)
 */
typedef enum
{
  RINGI_ACTIVITY_UPLOAD_WAITING,
  RINGI_ACTIVITY_UPLOAD_SENT,
  RINGI_ACTIVITY_UPLOAD_REFUSED,
} RingiActivityUploadState;

/**
 * RingiActivityUpload:
 * @date: the day
 * @first: the first activity time queued for the server, seconds since
 *   the Unix epoch
 * @last: the last activity time queued
 * @state: where those times are
 *
 * What of a day of this computer's objective record was given to the
 * server: its first and last times, nothing else.
 */
typedef struct
{
  GDate date;
  gint64 first;
  gint64 last;
  RingiActivityUploadState state;
} RingiActivityUpload;

#define RINGI_TYPE_OUTBOX (ringi_outbox_get_type ())
G_DECLARE_FINAL_TYPE (RingiOutbox, ringi_outbox, RINGI, OUTBOX, GObject)

RingiOutbox *ringi_outbox_new (RingiStore *store);

char *ringi_outbox_queue_submit (RingiOutbox *self,
                                 const RingiRequestInfo *info,
                                 GBytes *pdf,
                                 GBytes *record,
                                 GBytes *signature,
                                 GError **error);
char *ringi_outbox_queue_correction (RingiOutbox *self,
                                     const RingiRequestInfo *info,
                                     GBytes *pdf,
                                     GBytes *record,
                                     GBytes *signature,
                                     GBytes *punch_record,
                                     GBytes *punch_signature,
                                     const char *note,
                                     GError **error);
char *ringi_outbox_queue_stamp (RingiOutbox *self,
                                GBytes *pdf,
                                GBytes *record,
                                GBytes *signature,
                                const char *comment,
                                GError **error);
char *ringi_outbox_queue_delegation (RingiOutbox *self,
                                     GBytes *record,
                                     GBytes *signature,
                                     GError **error);
char *ringi_outbox_queue_punch (RingiOutbox *self,
                                GBytes *record,
                                GBytes *signature,
                                const char *note,
                                GError **error);
char *ringi_outbox_queue_close_month (RingiOutbox *self,
                                      GBytes *record,
                                      GBytes *signature,
                                      GError **error);
gboolean ringi_outbox_queue_activity (RingiOutbox *self,
                                      GArray *days,
                                      guint *out_n_queued,
                                      GError **error);
gboolean ringi_outbox_get_activity_resume (RingiOutbox *self,
                                           gint64 *out_since,
                                           GError **error);
GArray *ringi_outbox_list_activity_uploads (RingiOutbox *self,
                                            const GDate *from,
                                            const GDate *until,
                                            GError **error);

GPtrArray *ringi_outbox_list_queued (RingiOutbox *self,
                                     guint limit,
                                     GError **error);
guint ringi_outbox_count_queued (RingiOutbox *self,
                                 GError **error);
gboolean ringi_outbox_mark_applied (RingiOutbox *self,
                                    const char *op_id,
                                    GBytes *receipt_record,
                                    GBytes *receipt_signature,
                                    GError **error);
gboolean ringi_outbox_mark_refused (RingiOutbox *self,
                                    const char *op_id,
                                    const char *code,
                                    const char *message,
                                    GError **error);
GPtrArray *ringi_outbox_list_refusals (RingiOutbox *self,
                                       GError **error);
gboolean ringi_outbox_dismiss_refusals (RingiOutbox *self,
                                        GError **error);

GPtrArray *ringi_outbox_list_chain (RingiOutbox *self,
                                    const char *request_id,
                                    GError **error);
guint ringi_outbox_get_n_revisions (RingiOutbox *self,
                                    const char *request_id,
                                    GError **error);
GBytes *ringi_outbox_get_revision (RingiOutbox *self,
                                   const char *request_id,
                                   guint revision,
                                   GError **error);
gboolean ringi_outbox_is_request_pending (RingiOutbox *self,
                                          const char *request_id);
GPtrArray *ringi_outbox_list_delegations (RingiOutbox *self,
                                          GError **error);

gboolean ringi_outbox_settle_request (RingiOutbox *self,
                                      const char *request_id,
                                      GError **error);
gboolean ringi_outbox_settle_revision (RingiOutbox *self,
                                       const char *request_id,
                                       guint revision,
                                       const char *sha256,
                                       GError **error);
gboolean ringi_outbox_settle_stamp (RingiOutbox *self,
                                    const char *sha256,
                                    GError **error);
gboolean ringi_outbox_settle_delegation (RingiOutbox *self,
                                         const char *id,
                                         GError **error);

G_END_DECLS
