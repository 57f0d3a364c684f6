/* ringi-workflow.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-workflow"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ringi-workflow.h"

/* The approval engine as a pure state machine: stamps go in, in the order
 * they were made, and the state of the request comes out. No clock, no
 * keys, no storage, so the same history always gives the same state. */
struct _RingiWorkflow
{
  GObject parent_instance;

  RingiRequestStatus status;
  char *applicant;
  RingiRoute *route;
  guint revision;
  /* the blocking step the request waits at; 0 unless in progress */
  guint current_step;
  /* one GPtrArray of logins per step, index = step number - 1: who
   * approved (blocking steps) or acknowledged (the others) in this
   * revision; a delegate's stamp counts for the person represented */
  GPtrArray *progress;
  /* the first person to approve or send back since the last submit or
   * resubmit; from then on it is too late to withdraw */
  char *first_actor;
};

G_DEFINE_FINAL_TYPE (RingiWorkflow, ringi_workflow, G_TYPE_OBJECT)
G_DEFINE_QUARK (ringi-workflow-error-quark, ringi_workflow_error)

static const char *const action_names[] = {
  [RINGI_ACTION_SUBMIT] = "submit",
  [RINGI_ACTION_APPROVE] = "approve",
  [RINGI_ACTION_REJECT] = "reject",
  [RINGI_ACTION_SEND_BACK] = "send-back",
  [RINGI_ACTION_WITHDRAW] = "withdraw",
  [RINGI_ACTION_RESUBMIT] = "resubmit",
  [RINGI_ACTION_ACKNOWLEDGE] = "acknowledge",
};

static const char *const status_names[] = {
  [RINGI_REQUEST_NEW] = "new",
  [RINGI_REQUEST_IN_PROGRESS] = "in-progress",
  [RINGI_REQUEST_SENT_BACK] = "sent-back",
  [RINGI_REQUEST_WITHDRAWN] = "withdrawn",
  [RINGI_REQUEST_REJECTED] = "rejected",
  [RINGI_REQUEST_DECIDED] = "decided",
};

const char *
ringi_action_to_string (RingiAction action)
{
  g_return_val_if_fail (action < G_N_ELEMENTS (action_names), NULL);

  return action_names[action];
}

/**
 * ringi_action_from_string:
 * @text: an action word such as "send-back"
 * @action: (out): where to store the action
 *
 * Returns: %TRUE if @text names an action
 */
gboolean
ringi_action_from_string (const char *text,
                          RingiAction *action)
{
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (action != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (action_names); i++)
    {
      if (g_str_equal (text, action_names[i]))
        {
          *action = i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
ringi_request_status_to_string (RingiRequestStatus status)
{
  g_return_val_if_fail (status < G_N_ELEMENTS (status_names), NULL);

  return status_names[status];
}

static void
ringi_workflow_finalize (GObject *object)
{
  RingiWorkflow *self = (RingiWorkflow *) object;

  g_clear_pointer (&self->applicant, g_free);
  g_clear_pointer (&self->route, ringi_route_unref);
  g_clear_pointer (&self->progress, g_ptr_array_unref);
  g_clear_pointer (&self->first_actor, g_free);

  G_OBJECT_CLASS (ringi_workflow_parent_class)->finalize (object);
}

static void
ringi_workflow_class_init (RingiWorkflowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ringi_workflow_finalize;
}

static void
ringi_workflow_init (RingiWorkflow *self)
{
  self->status = RINGI_REQUEST_NEW;
  self->progress = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
}

RingiWorkflow *
ringi_workflow_new (void)
{
  return g_object_new (RINGI_TYPE_WORKFLOW, NULL);
}

static GPtrArray *
login_set_new (void)
{
  return g_ptr_array_new_with_free_func (g_free);
}

/**
 * ringi_workflow_copy:
 * @self: a #RingiWorkflow
 *
 * Makes an independent copy, e.g. to try a stamp before making it. The
 * route is shared: routes never change.
 *
 * Returns: (transfer full): the copy
 */
RingiWorkflow *
ringi_workflow_copy (RingiWorkflow *self)
{
  RingiWorkflow *copy;

  g_return_val_if_fail (RINGI_IS_WORKFLOW (self), NULL);

  copy = ringi_workflow_new ();
  copy->status = self->status;
  copy->applicant = g_strdup (self->applicant);
  copy->route = self->route ? ringi_route_ref (self->route) : NULL;
  copy->revision = self->revision;
  copy->current_step = self->current_step;
  copy->first_actor = g_strdup (self->first_actor);
  for (guint i = 0; i < self->progress->len; i++)
    {
      GPtrArray *logins = g_ptr_array_index (self->progress, i);

      g_ptr_array_add (copy->progress,
                       g_ptr_array_copy (logins, (GCopyFunc) (void (*) (void)) g_strdup, NULL));
    }

  return copy;
}

static gboolean
is_blocking (RingiStepKind kind)
{
  return kind == RINGI_STEP_APPROVE || kind == RINGI_STEP_CONSULT || kind == RINGI_STEP_FINAL;
}

static const RingiRouteStep *
get_step (RingiWorkflow *self,
          guint number)
{
  return ringi_route_get_step (self->route, number);
}

static gboolean
step_has_login (const RingiRouteStep *step,
                const char *login)
{
  return g_strv_contains ((const char *const *) step->logins, login);
}

/* The first blocking step after @after, or 0. */
static guint
next_blocking_step (RingiWorkflow *self,
                    guint after)
{
  for (guint number = after + 1; number <= ringi_route_get_n_steps (self->route); number++)
    {
      if (is_blocking (get_step (self, number)->kind))
        return number;
    }

  return 0;
}

static GPtrArray *
step_progress (RingiWorkflow *self,
               guint number)
{
  return g_ptr_array_index (self->progress, number - 1);
}

static gboolean
has_acted (RingiWorkflow *self,
           guint number,
           const char *login)
{
  return g_ptr_array_find_with_equal_func (step_progress (self, number), login, g_str_equal, NULL);
}

static guint
needed_for (const RingiRouteStep *step)
{
  if (step->kind == RINGI_STEP_APPROVE || step->kind == RINGI_STEP_FINAL)
    return 1;
  if (step->kind == RINGI_STEP_CONSULT && step->quorum > 0)
    return step->quorum;
  return g_strv_length (step->logins);
}

static gboolean
step_complete (RingiWorkflow *self,
               guint number)
{
  return step_progress (self, number)->len >= needed_for (get_step (self, number));
}

/* Non-blocking steps open once the request has reached or passed them. */
static gboolean
step_reached (RingiWorkflow *self,
              guint number)
{
  if (self->status == RINGI_REQUEST_DECIDED)
    return TRUE;

  return self->status == RINGI_REQUEST_IN_PROGRESS && self->current_step > number;
}

/* The person whose place on the route the stamp uses. */
static const char *
represented (const RingiWorkflowEvent *event)
{
  return event->on_behalf_of ? event->on_behalf_of : event->signer;
}

static gboolean
is_delegated (const RingiWorkflowEvent *event)
{
  return event->on_behalf_of != NULL && !g_str_equal (event->on_behalf_of, event->signer);
}

static gboolean
route_has_blocking_login (RingiWorkflow *self,
                          const char *login)
{
  for (guint number = 1; number <= ringi_route_get_n_steps (self->route); number++)
    {
      const RingiRouteStep *step = get_step (self, number);

      if (is_blocking (step->kind) && step_has_login (step, login))
        return TRUE;
    }

  return FALSE;
}

static gboolean refuse (GError **error,
                        RingiWorkflowError code,
                        const char *format,
                        ...) G_GNUC_PRINTF (3, 4);

static gboolean
refuse (GError **error,
        RingiWorkflowError code,
        const char *format,
        ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error_literal (error, RINGI_WORKFLOW_ERROR, code, message);
  return FALSE;
}

/* What no action may get past, whoever does it. */
static gboolean
check_common (RingiWorkflow *self,
              const RingiWorkflowEvent *event,
              GError **error)
{
  if (self->status == RINGI_REQUEST_NEW && event->action != RINGI_ACTION_SUBMIT)
    return refuse (error, RINGI_WORKFLOW_ERROR_NOT_SUBMITTED,
                   _("The request has not been submitted yet"));

  if (self->status == RINGI_REQUEST_REJECTED)
    return refuse (error, RINGI_WORKFLOW_ERROR_FINISHED,
                   _("The request was rejected; nothing more can be done with it"));

  if (self->status == RINGI_REQUEST_DECIDED && event->action != RINGI_ACTION_ACKNOWLEDGE)
    return refuse (error, RINGI_WORKFLOW_ERROR_FINISHED,
                   _("The request is decided; it can only be acknowledged now"));

  if (event->action != RINGI_ACTION_SEND_BACK && event->to_step != 0)
    return refuse (error, RINGI_WORKFLOW_ERROR_INVALID_TO_STEP,
                   _("Only a send-back names a step to return to, not “%s”"),
                   action_names[event->action]);

  return TRUE;
}

/* Submit, withdraw and resubmit concern the whole request, not a step. */
static gboolean
check_no_step (const RingiWorkflowEvent *event,
               GError **error)
{
  if (event->step != 0)
    return refuse (error, RINGI_WORKFLOW_ERROR_WRONG_STEP,
                   _("“%s” concerns the whole request and names no step, but step %u was given"),
                   action_names[event->action], event->step);

  return TRUE;
}

static gboolean
check_submit (RingiWorkflow *self,
              const RingiWorkflowEvent *event,
              GError **error)
{
  if (self->status != RINGI_REQUEST_NEW)
    return refuse (error, RINGI_WORKFLOW_ERROR_ALREADY_SUBMITTED,
                   _("The request was already submitted by %s"), self->applicant);

  if (is_delegated (event))
    return refuse (error, RINGI_WORKFLOW_ERROR_NOT_ALLOWED,
                   _("%s cannot submit on behalf of %s: a request is submitted in one’s own name"),
                   event->signer, event->on_behalf_of);

  if (!check_no_step (event, error))
    return FALSE;

  if (event->route == NULL)
    return refuse (error, RINGI_WORKFLOW_ERROR_ROUTE_REQUIRED,
                   _("A request needs a route to be submitted"));

  return TRUE;
}

static gboolean
is_applicant (RingiWorkflow *self,
              const RingiWorkflowEvent *event)
{
  return !is_delegated (event) && g_str_equal (event->signer, self->applicant);
}

static gboolean
check_withdraw (RingiWorkflow *self,
                const RingiWorkflowEvent *event,
                GError **error)
{
  if (!is_applicant (self, event))
    return refuse (error, RINGI_WORKFLOW_ERROR_NOT_APPLICANT,
                   _("Only the applicant, %s, may withdraw this request"), self->applicant);

  if (self->status != RINGI_REQUEST_IN_PROGRESS)
    return refuse (error, RINGI_WORKFLOW_ERROR_NOT_ALLOWED,
                   _("The request is already back with %s; there is nothing to withdraw"),
                   self->applicant);

  if (!check_no_step (event, error))
    return FALSE;

  if (self->first_actor != NULL)
    return refuse (error, RINGI_WORKFLOW_ERROR_TOO_LATE,
                   _("Too late to withdraw: %s has already acted on this request"),
                   self->first_actor);

  return TRUE;
}

static gboolean
check_resubmit (RingiWorkflow *self,
                const RingiWorkflowEvent *event,
                GError **error)
{
  if (!is_applicant (self, event))
    return refuse (error, RINGI_WORKFLOW_ERROR_NOT_APPLICANT,
                   _("Only the applicant, %s, may resubmit this request"), self->applicant);

  if (self->status != RINGI_REQUEST_SENT_BACK && self->status != RINGI_REQUEST_WITHDRAWN)
    return refuse (error, RINGI_WORKFLOW_ERROR_NOT_RETURNED,
                   _("Only a request that was sent back or withdrawn can be resubmitted; this one is still on its route"));

  if (!check_no_step (event, error))
    return FALSE;

  if (event->route == NULL)
    return refuse (error, RINGI_WORKFLOW_ERROR_ROUTE_REQUIRED,
                   _("A request needs a route to be resubmitted"));

  return TRUE;
}

static gboolean
check_on_route (RingiWorkflow *self,
                const char *person,
                GError **error)
{
  if (!ringi_route_has_login (self->route, person))
    return refuse (error, RINGI_WORKFLOW_ERROR_NOT_ON_ROUTE,
                   _("%s is not on the route of this request"), person);

  return TRUE;
}

static gboolean
check_send_back_target (RingiWorkflow *self,
                        const RingiWorkflowEvent *event,
                        GError **error)
{
  guint to_step = event->to_step;

  if (to_step == 0)
    return TRUE;

  if (to_step >= self->current_step || !is_blocking (get_step (self, to_step)->kind))
    return refuse (error, RINGI_WORKFLOW_ERROR_INVALID_TO_STEP,
                   _("Cannot send back to step %u: choose the applicant or an approve, consult or final step before the current step %u"),
                   to_step, self->current_step);

  return TRUE;
}

/* Approve, reject and send back: the people of the current blocking step. */
static gboolean
check_decision (RingiWorkflow *self,
                const RingiWorkflowEvent *event,
                GError **error)
{
  const char *person = represented (event);
  guint current = self->current_step;

  if (!check_on_route (self, person, error))
    return FALSE;

  if (self->status == RINGI_REQUEST_SENT_BACK)
    return refuse (error, RINGI_WORKFLOW_ERROR_NOT_YOUR_TURN,
                   _("The request was sent back to %s; nobody on the route acts until it is resubmitted"),
                   self->applicant);

  if (self->status == RINGI_REQUEST_WITHDRAWN)
    return refuse (error, RINGI_WORKFLOW_ERROR_NOT_YOUR_TURN,
                   _("The request was withdrawn by %s; nobody on the route acts until it is resubmitted"),
                   self->applicant);

  if (!route_has_blocking_login (self, person))
    return refuse (error, RINGI_WORKFLOW_ERROR_NOT_ALLOWED,
                   _("%s is on the route of this request only to acknowledge it"), person);

  if (!step_has_login (get_step (self, current), person))
    return refuse (error, RINGI_WORKFLOW_ERROR_NOT_YOUR_TURN,
                   _("%s does not act at step %u, where the request is now"), person, current);

  if (event->step != current)
    return refuse (error, RINGI_WORKFLOW_ERROR_WRONG_STEP,
                   _("Step %u is not the current step (step %u is)"), event->step, current);

  if (has_acted (self, current, person))
    return refuse (error, RINGI_WORKFLOW_ERROR_ALREADY_ACTED,
                   _("%s has already approved step %u"), person, current);

  if (event->action == RINGI_ACTION_REJECT && !event->has_comment)
    return refuse (error, RINGI_WORKFLOW_ERROR_COMMENT_REQUIRED,
                   _("A comment is required to reject a request: say why"));

  if (event->action == RINGI_ACTION_SEND_BACK && !event->has_comment)
    return refuse (error, RINGI_WORKFLOW_ERROR_COMMENT_REQUIRED,
                   _("A comment is required to send a request back: say what to change"));

  if (event->action == RINGI_ACTION_SEND_BACK)
    return check_send_back_target (self, event, error);

  return TRUE;
}

static gboolean
check_acknowledge (RingiWorkflow *self,
                   const RingiWorkflowEvent *event,
                   GError **error)
{
  const char *person = represented (event);
  const RingiRouteStep *step;

  if (!check_on_route (self, person, error))
    return FALSE;

  if (event->step == 0 || event->step > ringi_route_get_n_steps (self->route))
    return refuse (error, RINGI_WORKFLOW_ERROR_WRONG_STEP,
                   _("This request has no step %u"), event->step);

  step = get_step (self, event->step);
  if (is_blocking (step->kind))
    return refuse (error, RINGI_WORKFLOW_ERROR_NOT_ALLOWED,
                   _("Step %u (%s) is approved, not acknowledged"),
                   event->step, ringi_step_kind_to_string (step->kind));

  if (!step_has_login (step, person))
    return refuse (error, RINGI_WORKFLOW_ERROR_NOT_YOUR_TURN,
                   _("%s is not among the people of step %u"), person, event->step);

  if (!step_reached (self, event->step))
    return refuse (error, RINGI_WORKFLOW_ERROR_NOT_YOUR_TURN,
                   _("The request has not reached step %u yet"), event->step);

  /* 後閲 is the absent decider's own review of what was decided for him. */
  if (step->kind == RINGI_STEP_POST_REVIEW && is_delegated (event))
    return refuse (error, RINGI_WORKFLOW_ERROR_NOT_ALLOWED,
                   _("Only %s may post-review this decision, not a delegate"), person);

  if (has_acted (self, event->step, person))
    return refuse (error, RINGI_WORKFLOW_ERROR_ALREADY_ACTED,
                   _("%s has already acknowledged step %u"), person, event->step);

  return TRUE;
}

static gboolean
check_event (RingiWorkflow *self,
             const RingiWorkflowEvent *event,
             GError **error)
{
  if (!check_common (self, event, error))
    return FALSE;

  switch (event->action)
    {
    case RINGI_ACTION_SUBMIT:
      return check_submit (self, event, error);

    case RINGI_ACTION_WITHDRAW:
      return check_withdraw (self, event, error);

    case RINGI_ACTION_RESUBMIT:
      return check_resubmit (self, event, error);

    case RINGI_ACTION_APPROVE:
    case RINGI_ACTION_REJECT:
    case RINGI_ACTION_SEND_BACK:
      return check_decision (self, event, error);

    case RINGI_ACTION_ACKNOWLEDGE:
      return check_acknowledge (self, event, error);

    default:
      g_assert_not_reached ();
    }

  return FALSE;
}

static void
reset_progress (RingiWorkflow *self)
{
  g_ptr_array_set_size (self->progress, 0);
  for (guint i = 0; i < ringi_route_get_n_steps (self->route); i++)
    g_ptr_array_add (self->progress, login_set_new ());
}

static void
start_revision (RingiWorkflow *self,
                RingiRoute *route,
                guint revision)
{
  g_clear_pointer (&self->route, ringi_route_unref);
  self->route = ringi_route_ref (route);
  self->revision = revision;
  self->status = RINGI_REQUEST_IN_PROGRESS;
  self->current_step = next_blocking_step (self, 0);
  g_clear_pointer (&self->first_actor, g_free);
  reset_progress (self);
}

static void
end_route (RingiWorkflow *self,
           RingiRequestStatus status)
{
  self->status = status;
  self->current_step = 0;
}

static void
note_actor (RingiWorkflow *self,
            const char *person)
{
  if (self->first_actor == NULL)
    self->first_actor = g_strdup (person);
}

/* 代決: the decider was absent, so he reviews the decision afterwards. */
static void
add_post_review (RingiWorkflow *self,
                 const char *decider)
{
  const char *const logins[] = { decider, NULL };
  RingiRoute *route = ringi_route_append_step (self->route, RINGI_STEP_POST_REVIEW, logins);

  g_assert (route != NULL);
  ringi_route_unref (self->route);
  self->route = route;
  g_ptr_array_add (self->progress, login_set_new ());
}

static void
apply_approve (RingiWorkflow *self,
               const RingiWorkflowEvent *event)
{
  guint current = self->current_step;

  g_ptr_array_add (step_progress (self, current), g_strdup (represented (event)));
  note_actor (self, represented (event));

  if (!step_complete (self, current))
    return;

  if (get_step (self, current)->kind != RINGI_STEP_FINAL)
    {
      self->current_step = next_blocking_step (self, current);
      g_assert (self->current_step != 0);
      return;
    }

  end_route (self, RINGI_REQUEST_DECIDED);
  if (is_delegated (event))
    add_post_review (self, event->on_behalf_of);
}

static void
apply_send_back (RingiWorkflow *self,
                 const RingiWorkflowEvent *event)
{
  note_actor (self, represented (event));

  if (event->to_step == 0)
    {
      end_route (self, RINGI_REQUEST_SENT_BACK);
      return;
    }

  for (guint number = event->to_step; number <= self->progress->len; number++)
    g_ptr_array_set_size (step_progress (self, number), 0);
  self->current_step = event->to_step;
}

static void
apply_event (RingiWorkflow *self,
             const RingiWorkflowEvent *event)
{
  switch (event->action)
    {
    case RINGI_ACTION_SUBMIT:
      g_free (self->applicant);
      self->applicant = g_strdup (event->signer);
      start_revision (self, event->route, 1);
      break;

    case RINGI_ACTION_RESUBMIT:
      start_revision (self, event->route, self->revision + 1);
      break;

    case RINGI_ACTION_WITHDRAW:
      end_route (self, RINGI_REQUEST_WITHDRAWN);
      break;

    case RINGI_ACTION_APPROVE:
      apply_approve (self, event);
      break;

    case RINGI_ACTION_REJECT:
      end_route (self, RINGI_REQUEST_REJECTED);
      break;

    case RINGI_ACTION_SEND_BACK:
      apply_send_back (self, event);
      break;

    case RINGI_ACTION_ACKNOWLEDGE:
      g_ptr_array_add (step_progress (self, event->step), g_strdup (represented (event)));
      break;

    default:
      g_assert_not_reached ();
    }
}

/**
 * ringi_workflow_check:
 * @self: a #RingiWorkflow
 * @event: the stamp to try
 * @error: return location for a #GError
 *
 * Says whether @event may happen now, without changing anything.
 *
 * Returns: %TRUE if allowed, else %FALSE with a %RINGI_WORKFLOW_ERROR
 *   whose message says who or which step is wrong
 */
gboolean
ringi_workflow_check (RingiWorkflow *self,
                      const RingiWorkflowEvent *event,
                      GError **error)
{
  g_return_val_if_fail (RINGI_IS_WORKFLOW (self), FALSE);
  g_return_val_if_fail (event != NULL, FALSE);
  g_return_val_if_fail (event->action < G_N_ELEMENTS (action_names), FALSE);
  g_return_val_if_fail (event->signer != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return check_event (self, event, error);
}

/**
 * ringi_workflow_apply:
 * @self: a #RingiWorkflow
 * @event: the next stamp of the request's history
 * @error: return location for a #GError
 *
 * Checks @event as ringi_workflow_check() does and, if it is allowed,
 * moves the request on. A refused event changes nothing.
 *
 * Returns: %TRUE if applied
 */
gboolean
ringi_workflow_apply (RingiWorkflow *self,
                      const RingiWorkflowEvent *event,
                      GError **error)
{
  if (!ringi_workflow_check (self, event, error))
    return FALSE;

  apply_event (self, event);
  return TRUE;
}

RingiRequestStatus
ringi_workflow_get_status (RingiWorkflow *self)
{
  g_return_val_if_fail (RINGI_IS_WORKFLOW (self), RINGI_REQUEST_NEW);

  return self->status;
}

/**
 * ringi_workflow_get_applicant:
 * @self: a #RingiWorkflow
 *
 * Returns: (nullable): the login that submitted the request, or %NULL
 *   before it was submitted
 */
const char *
ringi_workflow_get_applicant (RingiWorkflow *self)
{
  g_return_val_if_fail (RINGI_IS_WORKFLOW (self), NULL);

  return self->applicant;
}

/**
 * ringi_workflow_get_route:
 * @self: a #RingiWorkflow
 *
 * The route of the current revision, including any post-review step a
 * substitute decision added.
 *
 * Returns: (transfer none) (nullable): the route, or %NULL before submit
 */
RingiRoute *
ringi_workflow_get_route (RingiWorkflow *self)
{
  g_return_val_if_fail (RINGI_IS_WORKFLOW (self), NULL);

  return self->route;
}

guint
ringi_workflow_get_revision (RingiWorkflow *self)
{
  g_return_val_if_fail (RINGI_IS_WORKFLOW (self), 0);

  return self->revision;
}

/**
 * ringi_workflow_get_current_step:
 * @self: a #RingiWorkflow
 *
 * Returns: the number of the blocking step the request waits at, or 0
 *   when the request is not in progress
 */
guint
ringi_workflow_get_current_step (RingiWorkflow *self)
{
  g_return_val_if_fail (RINGI_IS_WORKFLOW (self), 0);

  return self->current_step;
}

/**
 * ringi_workflow_step_is_done:
 * @self: a #RingiWorkflow
 * @step: a step number of the route
 *
 * Whether a step is complete in this revision: enough approvals for a
 * blocking step, everyone's acknowledgement for the others.
 *
 * Returns: %TRUE if done; %FALSE before submit
 */
gboolean
ringi_workflow_step_is_done (RingiWorkflow *self,
                             guint step)
{
  g_return_val_if_fail (RINGI_IS_WORKFLOW (self), FALSE);

  if (self->route == NULL)
    return FALSE;

  g_return_val_if_fail (step >= 1 && step <= ringi_route_get_n_steps (self->route), FALSE);

  return step_complete (self, step);
}

static gboolean
may_acknowledge_any (RingiWorkflow *self,
                     RingiWorkflowEvent *event)
{
  for (guint number = 1; number <= ringi_route_get_n_steps (self->route); number++)
    {
      event->step = number;
      if (check_event (self, event, NULL))
        return TRUE;
    }

  return FALSE;
}

static gboolean
may_do (RingiWorkflow *self,
        RingiWorkflowEvent *event)
{
  g_autoptr(GError) error = NULL;

  if (event->action == RINGI_ACTION_ACKNOWLEDGE)
    return self->route != NULL && may_acknowledge_any (self, event);

  if (check_event (self, event, &error))
    return TRUE;

  /* The route comes with the submit form, so its absence here says
   * nothing about whether the person may submit. */
  return g_error_matches (error, RINGI_WORKFLOW_ERROR, RINGI_WORKFLOW_ERROR_ROUTE_REQUIRED);
}

/**
 * ringi_workflow_dup_actions_for:
 * @self: a #RingiWorkflow
 * @login: the person who would sign
 * @on_behalf_of: (nullable): the person @login would act for
 *
 * Lists what @login may do now, for the buttons of the GUI. Approve,
 * reject and send-back are listed when the person may do them at the
 * current step with a comment; send-back then at least to the applicant.
 *
 * Returns: (transfer full): action words, in the order of #RingiAction
 */
GStrv
ringi_workflow_dup_actions_for (RingiWorkflow *self,
                                const char *login,
                                const char *on_behalf_of)
{
  g_autoptr(GPtrArray) actions = g_ptr_array_new ();

  g_return_val_if_fail (RINGI_IS_WORKFLOW (self), NULL);
  g_return_val_if_fail (login != NULL, NULL);

  for (guint action = 0; action < G_N_ELEMENTS (action_names); action++)
    {
      gboolean whole_request = action == RINGI_ACTION_SUBMIT ||
                               action == RINGI_ACTION_WITHDRAW ||
                               action == RINGI_ACTION_RESUBMIT;
      RingiWorkflowEvent event = {
        .action = action,
        .step = whole_request ? 0 : self->current_step,
        .signer = login,
        .on_behalf_of = on_behalf_of,
        .route = self->route,
        .has_comment = TRUE,
      };

      if (may_do (self, &event))
        g_ptr_array_add (actions, g_strdup (action_names[action]));
    }
  g_ptr_array_add (actions, NULL);

  return (GStrv) g_ptr_array_free (g_steal_pointer (&actions), FALSE);
}
