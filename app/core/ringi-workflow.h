/* ringi-workflow.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "ringi-route.h"

G_BEGIN_DECLS

/**
 * RingiAction:
 *
 * What a stamp does. The names are the `Action:` words of a stamp record.
 */
typedef enum
{
  RINGI_ACTION_SUBMIT,
  RINGI_ACTION_APPROVE,
  RINGI_ACTION_REJECT,
  RINGI_ACTION_SEND_BACK,
  RINGI_ACTION_WITHDRAW,
  RINGI_ACTION_RESUBMIT,
  RINGI_ACTION_ACKNOWLEDGE,
} RingiAction;

/**
 * RingiRequestStatus:
 * @RINGI_REQUEST_NEW: nothing submitted yet
 * @RINGI_REQUEST_IN_PROGRESS: travelling along its route
 * @RINGI_REQUEST_SENT_BACK: returned to the applicant (差し戻し)
 * @RINGI_REQUEST_WITHDRAWN: pulled back by the applicant (引戻し)
 * @RINGI_REQUEST_REJECTED: refused (却下); final
 * @RINGI_REQUEST_DECIDED: decided (決裁済); final, though circulate and
 *   post-review steps may still be acknowledged
 */
typedef enum
{
  RINGI_REQUEST_NEW,
  RINGI_REQUEST_IN_PROGRESS,
  RINGI_REQUEST_SENT_BACK,
  RINGI_REQUEST_WITHDRAWN,
  RINGI_REQUEST_REJECTED,
  RINGI_REQUEST_DECIDED,
} RingiRequestStatus;

/**
 * RingiWorkflowError:
 *
 * Why an action was refused. Each code has a message for people.
 */
typedef enum
{
  RINGI_WORKFLOW_ERROR_NOT_SUBMITTED, /* nothing to act on before submit */
  RINGI_WORKFLOW_ERROR_ALREADY_SUBMITTED,
  RINGI_WORKFLOW_ERROR_FINISHED,      /* decided, rejected */
  RINGI_WORKFLOW_ERROR_NOT_APPLICANT, /* only the applicant may do this */
  RINGI_WORKFLOW_ERROR_NOT_ON_ROUTE,  /* the actor has no place on the route */
  RINGI_WORKFLOW_ERROR_NOT_YOUR_TURN, /* on the route, but not at this step now */
  RINGI_WORKFLOW_ERROR_WRONG_STEP,    /* Step names another step than the current one */
  RINGI_WORKFLOW_ERROR_ALREADY_ACTED, /* this person already stamped this step */
  RINGI_WORKFLOW_ERROR_COMMENT_REQUIRED,
  RINGI_WORKFLOW_ERROR_INVALID_TO_STEP, /* send back to a step that is not earlier */
  RINGI_WORKFLOW_ERROR_TOO_LATE,        /* withdraw after someone acted */
  RINGI_WORKFLOW_ERROR_NOT_RETURNED,    /* resubmit without a send-back or withdraw */
  RINGI_WORKFLOW_ERROR_ROUTE_REQUIRED,  /* submit or resubmit without a route */
  RINGI_WORKFLOW_ERROR_NOT_ALLOWED,     /* the action makes no sense at this step */
} RingiWorkflowError;

#define RINGI_WORKFLOW_ERROR (ringi_workflow_error_quark ())
GQuark ringi_workflow_error_quark (void);

/**
 * RingiWorkflowEvent:
 * @action: what is done
 * @step: 0 for submit, resubmit and withdraw; else the 1-based step
 * @to_step: for send-back to an earlier step; 0 means to the applicant
 * @signer: the login that signed
 * @on_behalf_of: (nullable): the login the signer acts for (代理); the
 *   caller has already checked the delegation and its period
 * @route: (nullable): the route, on submit and resubmit
 * @has_comment: whether a comment came with the action
 *
 * One stamp as the pure state machine sees it: no keys, no clock, no I/O.
 */
typedef struct
{
  RingiAction action;
  guint step;
  guint to_step;
  const char *signer;
  const char *on_behalf_of;
  RingiRoute *route;
  gboolean has_comment;
} RingiWorkflowEvent;

#define RINGI_TYPE_WORKFLOW (ringi_workflow_get_type ())
G_DECLARE_FINAL_TYPE (RingiWorkflow, ringi_workflow, RINGI, WORKFLOW, GObject)

RingiWorkflow *ringi_workflow_new (void);
RingiWorkflow *ringi_workflow_copy (RingiWorkflow *self);
gboolean ringi_workflow_apply (RingiWorkflow *self,
                               const RingiWorkflowEvent *event,
                               GError **error);
gboolean ringi_workflow_check (RingiWorkflow *self,
                               const RingiWorkflowEvent *event,
                               GError **error);
RingiRequestStatus ringi_workflow_get_status (RingiWorkflow *self);
const char *ringi_workflow_get_applicant (RingiWorkflow *self);
RingiRoute *ringi_workflow_get_route (RingiWorkflow *self);
guint ringi_workflow_get_revision (RingiWorkflow *self);
guint ringi_workflow_get_current_step (RingiWorkflow *self);
gboolean ringi_workflow_step_is_done (RingiWorkflow *self,
                                      guint step);
GStrv ringi_workflow_dup_actions_for (RingiWorkflow *self,
                                      const char *login,
                                      const char *on_behalf_of);

const char *ringi_action_to_string (RingiAction action);
gboolean ringi_action_from_string (const char *text,
                                   RingiAction *action);
const char *ringi_request_status_to_string (RingiRequestStatus status);

G_END_DECLS
