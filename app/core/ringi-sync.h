/* ringi-sync.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ringi-client.h"
#include "ringi-leave.h"
#include "ringi-profile.h"
#include "ringi-punch.h"
#include "ringi-stamp.h"
#include "ringi-workflow.h"

G_BEGIN_DECLS

/**
 * RingiSyncError:
 * @RINGI_SYNC_ERROR_INVALID: what the person asked for cannot be done as
 *   given: not a PDF, an unknown login, a route that does not parse…
 * @RINGI_SYNC_ERROR_NOTHING_TO_DO: the person has no part to play in the
 *   request now (nothing to acknowledge, say)
 * @RINGI_SYNC_ERROR_HISTORY: what the server sent does not fit the history
 *   stored here; the page was not applied
 * @RINGI_SYNC_ERROR_NOT_SHOWN: the document of a correction request
 *   (打刻修正申請) does not show the punch its approval would add, or no
 *   punch came with the request; approving it is refused, sending it
 *   back or rejecting it is not
 *
 * Errors of local actions and of syncing, beyond those of the workflow
 * (%RINGI_WORKFLOW_ERROR), the keyring, the client and the store.
 */
typedef enum
{
  RINGI_SYNC_ERROR_INVALID,
  RINGI_SYNC_ERROR_NOTHING_TO_DO,
  RINGI_SYNC_ERROR_HISTORY,
  RINGI_SYNC_ERROR_NOT_SHOWN,
} RingiSyncError;

#define RINGI_SYNC_ERROR (ringi_sync_error_quark ())
GQuark ringi_sync_error_quark (void);

/**
 * RingiSyncState:
 * @RINGI_SYNC_STATE_SYNCED: everything done here is on the server and
 *   the last pull succeeded
 * @RINGI_SYNC_STATE_SYNCING: a sync round is running
 * @RINGI_SYNC_STATE_OFFLINE: the server cannot be reached; local actions
 *   wait (#RingiSync:n-waiting)
 * @RINGI_SYNC_STATE_ERROR: syncing failed for a reason someone must look
 *   at (#RingiSync:error-message); it is retried all the same
 *
 * What the sync engine is doing, for the GUI's status.
 */
typedef enum
{
  RINGI_SYNC_STATE_SYNCED,
  RINGI_SYNC_STATE_SYNCING,
  RINGI_SYNC_STATE_OFFLINE,
  RINGI_SYNC_STATE_ERROR,
} RingiSyncState;

/**
 * RingiEnrollPhase:
 * @RINGI_ENROLL_PHASE_CHECKING_SERVER: reaching the server and checking
 *   its certificate
 * @RINGI_ENROLL_PHASE_MAKING_KEY: making the person's seal key
 * @RINGI_ENROLL_PHASE_REGISTERING: having the server bind the key
 * @RINGI_ENROLL_PHASE_SIGNING_IN: signing in for the first time
 *
 * Where ringi_sync_enroll_async() is, for the #RingiSync::enroll-phase
 * signal.
 */
typedef enum
{
  RINGI_ENROLL_PHASE_CHECKING_SERVER,
  RINGI_ENROLL_PHASE_MAKING_KEY,
  RINGI_ENROLL_PHASE_REGISTERING,
  RINGI_ENROLL_PHASE_SIGNING_IN,
} RingiEnrollPhase;

/**
 * RingiSyncReport:
 * @pushed: ops the server applied
 * @refused: ops the server refused (their effect is undone; see
 *   ringi_outbox_list_refusals())
 * @pulled: changes from the server applied here
 *
 * What one sync round did.
 */
typedef struct
{
  guint pushed;
  guint refused;
  guint pulled;
} RingiSyncReport;

/**
 * RingiActionInput:
 * @action: approve, reject, send-back, withdraw, resubmit or acknowledge
 * @request_id: the request
 * @comment: (nullable): the comment; required to reject and send back
 * @to_step: for send-back, the earlier step to return to; 0 for the
 *   applicant
 * @on_behalf_of: (nullable): act for this person (代理); %NULL picks the
 *   person's own turn first, then anyone who delegated to them
 * @placement: (nullable): where the seal is drawn
 * @pdf: (nullable): the new revision, for resubmit only
 * @route: (nullable): for resubmit, a new route; %NULL keeps the route
 *
 * One action on an existing request, for ringi_sync_act_async().
 */
typedef struct
{
  RingiAction action;
  const char *request_id;
  const char *comment;
  guint to_step;
  const char *on_behalf_of;
  const RingiPlacement *placement;
  GBytes *pdf;
  const char *route;
} RingiActionInput;

/**
 * RingiRequestSummary:
 * @info: the request
 * @status: where it stands, pending local stamps included
 * @current_step: the step it waits at; 0 when not in progress
 * @revision: the latest revision
 * @pending: %TRUE while something done here waits for the server
 * @actions: what this profile's person may do now (action words)
 * @on_behalf_of: (nullable): set when @actions are as a delegate for
 *   this person
 *
 * A request as lists show it.
 */
typedef struct
{
  RingiRequestInfo *info;
  RingiRequestStatus status;
  guint current_step;
  guint revision;
  gboolean pending;
  GStrv actions;
  char *on_behalf_of;
} RingiRequestSummary;

void ringi_request_summary_free (RingiRequestSummary *summary);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RingiRequestSummary, ringi_request_summary_free)

#define RINGI_TYPE_SYNC (ringi_sync_get_type ())
G_DECLARE_FINAL_TYPE (RingiSync, ringi_sync, RINGI, SYNC, GObject)

RingiSync *ringi_sync_new (RingiProfile *profile);
RingiProfile *ringi_sync_get_profile (RingiSync *self);
void ringi_sync_set_passphrase_func (RingiSync *self,
                                     RingiPassphraseFunc func,
                                     gpointer user_data,
                                     GDestroyNotify destroy);

RingiSyncState ringi_sync_get_state (RingiSync *self);
guint ringi_sync_get_n_waiting (RingiSync *self);
guint ringi_sync_get_n_refused (RingiSync *self);
const char *ringi_sync_get_error_message (RingiSync *self);
gboolean ringi_sync_get_needs_sign_in (RingiSync *self);

void ringi_sync_enroll_async (RingiSync *self,
                              const char *server_url,
                              const char *ca_file,
                              const char *login,
                              const char *code,
                              const char *passphrase,
                              GCancellable *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer user_data);
gboolean ringi_sync_enroll_finish (RingiSync *self,
                                   GAsyncResult *result,
                                   GError **error);

void ringi_sync_move_server_async (RingiSync *self,
                                   const char *server_url,
                                   const char *ca_file,
                                   GCancellable *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer user_data);
gboolean ringi_sync_move_server_finish (RingiSync *self,
                                        GAsyncResult *result,
                                        GError **error);

void ringi_sync_run_async (RingiSync *self,
                           GCancellable *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer user_data);
gboolean ringi_sync_run_finish (RingiSync *self,
                                GAsyncResult *result,
                                RingiSyncReport *out_report,
                                GError **error);

void ringi_sync_start (RingiSync *self);
void ringi_sync_stop (RingiSync *self);
void ringi_sync_poke (RingiSync *self);

void ringi_sync_submit_async (RingiSync *self,
                              const RingiRequestInfo *info,
                              GBytes *pdf,
                              const char *route,
                              const char *passphrase,
                              GCancellable *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer user_data);
char *ringi_sync_submit_finish (RingiSync *self,
                                GAsyncResult *result,
                                GError **error);

void ringi_sync_act_async (RingiSync *self,
                           const RingiActionInput *input,
                           const char *passphrase,
                           GCancellable *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer user_data);
gboolean ringi_sync_act_finish (RingiSync *self,
                                GAsyncResult *result,
                                GError **error);

void ringi_sync_delegate_async (RingiSync *self,
                                const char *to,
                                GDateTime *valid_from,
                                GDateTime *valid_until,
                                const char *passphrase,
                                GCancellable *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer user_data);
char *ringi_sync_delegate_finish (RingiSync *self,
                                  GAsyncResult *result,
                                  GError **error);

/**
 * RingiPunchInput:
 * @kind: what the punch records
 * @place: where the person works
 * @note: (nullable): a note, e.g. why a punch is late
 * @time: (nullable): the time punched; %NULL for now. Only a correction
 *   gives another time
 * @corrects: (nullable): the uuid of the punch a correction replaces;
 *   only for ringi_sync_request_correction_async()
 *
 * A punch to make, for ringi_sync_punch_async(), or to ask for, for
 * ringi_sync_request_correction_async().
 */
typedef struct
{
  RingiPunchKind kind;
  RingiPunchPlace place;
  const char *note;
  GDateTime *time;
  const char *corrects;
} RingiPunchInput;

void ringi_sync_punch_async (RingiSync *self,
                             const RingiPunchInput *input,
                             const char *passphrase,
                             GCancellable *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer user_data);
char *ringi_sync_punch_finish (RingiSync *self,
                               GAsyncResult *result,
                               GError **error);

void ringi_sync_request_correction_async (RingiSync *self,
                                          const RingiPunchInput *input,
                                          const char *passphrase,
                                          GCancellable *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer user_data);
void ringi_sync_request_leave_async (RingiSync *self,
                                     const RingiLeaveInput *input,
                                     const char *passphrase,
                                     GCancellable *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer user_data);
char *ringi_sync_request_leave_finish (RingiSync *self,
                                       GAsyncResult *result,
                                       GError **error);
char *ringi_sync_request_correction_finish (RingiSync *self,
                                            GAsyncResult *result,
                                            GError **error);

/**
 * RingiCorrection:
 * @uuid: the punch's uuid, as kept with the request
 * @sha256: the sha256 of the punch record's bytes as kept here
 * @punch: (nullable): the punch record, or %NULL when the bytes kept here
 *   are no punch record
 * @note: (nullable): the punch's note: the reason for the correction
 * @shown: whether the request's latest revision shows @uuid and @sha256,
 *   so that the approvers' stamps cover exactly this punch
 *
 * The punch a correction request (打刻修正申請) adds once approved, as
 * this profile keeps it, from ringi_sync_read_correction_async().
 */
typedef struct
{
  char *uuid;
  char *sha256;
  RingiPunch *punch;
  char *note;
  gboolean shown;
} RingiCorrection;

void ringi_correction_free (RingiCorrection *correction);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RingiCorrection, ringi_correction_free)

void ringi_sync_read_correction_async (RingiSync *self,
                                       const char *request_id,
                                       GCancellable *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer user_data);
RingiCorrection *ringi_sync_read_correction_finish (RingiSync *self,
                                                    GAsyncResult *result,
                                                    GError **error);

void ringi_sync_close_month_async (RingiSync *self,
                                   int year,
                                   int month,
                                   const char *passphrase,
                                   GCancellable *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer user_data);
char *ringi_sync_close_month_finish (RingiSync *self,
                                     GAsyncResult *result,
                                     GError **error);

void ringi_sync_verify_async (RingiSync *self,
                              const char *request_id,
                              GCancellable *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer user_data);
GPtrArray *ringi_sync_verify_finish (RingiSync *self,
                                     GAsyncResult *result,
                                     GError **error);

RingiRequestSummary *ringi_sync_summarize (RingiSync *self,
                                           const char *request_id,
                                           GError **error);
GPtrArray *ringi_sync_list_inbox (RingiSync *self,
                                  GError **error);
GPtrArray *ringi_sync_list_sent (RingiSync *self,
                                 GError **error);

G_END_DECLS
