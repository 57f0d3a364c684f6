/* test-workflow.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-workflow"

#include "config.h"

#include "ringi-test-utils.h"
#include "ringi-workflow.h"

/* ---- helpers ---------------------------------------------------------- */

static RingiRoute *
route_new (const char *text)
{
  g_autoptr(GError) error = NULL;
  RingiRoute *route = ringi_route_parse (text, &error);

  g_assert_no_error (error);
  return route;
}

static RingiWorkflowEvent
stamp (RingiAction action,
       const char *signer,
       guint step)
{
  return (RingiWorkflowEvent){
    .action = action,
    .step = step,
    .signer = signer,
    .has_comment = TRUE,
  };
}

static void
assert_applies (RingiWorkflow *wf,
                const RingiWorkflowEvent *event)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ringi_workflow_apply (wf, event, &error));
  g_assert_no_error (error);
}

static void
assert_refused (RingiWorkflow *wf,
                const RingiWorkflowEvent *event,
                RingiWorkflowError code,
                const char *needle)
{
  g_autoptr(GError) error = NULL;
  RingiRequestStatus status = ringi_workflow_get_status (wf);
  guint current = ringi_workflow_get_current_step (wf);

  g_assert_false (ringi_workflow_apply (wf, event, &error));
  g_assert_error (error, RINGI_WORKFLOW_ERROR, (int) code);
  if (needle != NULL)
    ringi_test_assert_contains (error->message, needle);
  g_assert_cmpint (ringi_workflow_get_status (wf), ==, status);
  g_assert_cmpuint (ringi_workflow_get_current_step (wf), ==, current);
}

static void
assert_state (RingiWorkflow *wf,
              RingiRequestStatus status,
              guint current)
{
  g_assert_cmpstr (ringi_request_status_to_string (ringi_workflow_get_status (wf)), ==,
                   ringi_request_status_to_string (status));
  g_assert_cmpuint (ringi_workflow_get_current_step (wf), ==, current);
}

static void
assert_actions (RingiWorkflow *wf,
                const char *login,
                const char *on_behalf_of,
                const char *const *expected)
{
  g_auto(GStrv) actions = ringi_workflow_dup_actions_for (wf, login, on_behalf_of);

  g_assert_cmpstrv (actions, expected);
}

static RingiWorkflow *
submitted (RingiRoute *route)
{
  RingiWorkflow *wf = ringi_workflow_new ();
  RingiWorkflowEvent event = stamp (RINGI_ACTION_SUBMIT, "suzuki", 0);

  event.route = route;
  assert_applies (wf, &event);
  return wf;
}

static void
approve (RingiWorkflow *wf,
         const char *signer,
         guint step)
{
  RingiWorkflowEvent event = stamp (RINGI_ACTION_APPROVE, signer, step);

  assert_applies (wf, &event);
}

static void
acknowledge (RingiWorkflow *wf,
             const char *signer,
             guint step)
{
  RingiWorkflowEvent event = stamp (RINGI_ACTION_ACKNOWLEDGE, signer, step);

  assert_applies (wf, &event);
}

/* ---- the table: every state × action × kind of actor ------------------ */

#define TABLE_ROUTE "approve=kato ; circulate=mori ; consult:all=sato,yamada ; final=tanaka"

typedef enum
{
  STATE_NEW,
  STATE_AT_APPROVE,
  STATE_AT_CONSULT,
  STATE_AT_FINAL,
  STATE_SENT_BACK,
  STATE_WITHDRAWN,
  STATE_REJECTED,
  STATE_DECIDED,
  N_STATES
} State;

typedef enum
{
  ACTOR_APPLICANT,
  ACTOR_CURRENT,   /* a person of the current step */
  ACTOR_OTHER,     /* an approver of another step */
  ACTOR_DELEGATE,  /* acting on behalf of ACTOR_CURRENT */
  ACTOR_STRANGER,  /* not on the route */
  ACTOR_CIRCULATE, /* on the route only to acknowledge */
  N_ACTORS
} Actor;

static const char *const actor_names[] = {
  "applicant",
  "current",
  "other",
  "delegate",
  "stranger",
  "circulate",
};

#define N_ACTIONS (RINGI_ACTION_ACKNOWLEDGE + 1)

typedef struct
{
  RingiAction action;
  const char *signer;
  guint step;
} Stamp;

typedef struct
{
  const char *name;
  const Stamp *history; /* ends with a NULL signer */
  const char *current;  /* the approver of the current step, or who would be */
  const char *other;
  guint step; /* the step that decisions name */
} StateInfo;

static const Stamp history_new[] = { { 0 } };
static const Stamp history_at_approve[] = {
  { RINGI_ACTION_SUBMIT, "suzuki", 0 },
  { 0 },
};
static const Stamp history_at_consult[] = {
  { RINGI_ACTION_SUBMIT, "suzuki", 0 },
  { RINGI_ACTION_APPROVE, "kato", 1 },
  { 0 },
};
static const Stamp history_at_final[] = {
  { RINGI_ACTION_SUBMIT, "suzuki", 0 },
  { RINGI_ACTION_APPROVE, "kato", 1 },
  { RINGI_ACTION_APPROVE, "sato", 3 },
  { RINGI_ACTION_APPROVE, "yamada", 3 },
  { 0 },
};
static const Stamp history_sent_back[] = {
  { RINGI_ACTION_SUBMIT, "suzuki", 0 },
  { RINGI_ACTION_SEND_BACK, "kato", 1 },
  { 0 },
};
static const Stamp history_withdrawn[] = {
  { RINGI_ACTION_SUBMIT, "suzuki", 0 },
  { RINGI_ACTION_WITHDRAW, "suzuki", 0 },
  { 0 },
};
static const Stamp history_rejected[] = {
  { RINGI_ACTION_SUBMIT, "suzuki", 0 },
  { RINGI_ACTION_REJECT, "kato", 1 },
  { 0 },
};
static const Stamp history_decided[] = {
  { RINGI_ACTION_SUBMIT, "suzuki", 0 },
  { RINGI_ACTION_APPROVE, "kato", 1 },
  { RINGI_ACTION_APPROVE, "sato", 3 },
  { RINGI_ACTION_APPROVE, "yamada", 3 },
  { RINGI_ACTION_APPROVE, "tanaka", 4 },
  { 0 },
};

static const StateInfo states[] = {
  [STATE_NEW] = { "new", history_new, "kato", "tanaka", 1 },
  [STATE_AT_APPROVE] = { "at-approve", history_at_approve, "kato", "tanaka", 1 },
  [STATE_AT_CONSULT] = { "at-consult", history_at_consult, "sato", "tanaka", 3 },
  [STATE_AT_FINAL] = { "at-final", history_at_final, "tanaka", "kato", 4 },
  [STATE_SENT_BACK] = { "sent-back", history_sent_back, "kato", "tanaka", 1 },
  [STATE_WITHDRAWN] = { "withdrawn", history_withdrawn, "kato", "tanaka", 1 },
  [STATE_REJECTED] = { "rejected", history_rejected, "kato", "tanaka", 1 },
  [STATE_DECIDED] = { "decided", history_decided, "tanaka", "kato", 4 },
};

typedef struct
{
  gboolean allowed;
  int value; /* the new RingiRequestStatus, or the RingiWorkflowError */
  guint step;
} Outcome;

typedef struct
{
  State state;
  Actor actor;
  Outcome outcomes[N_ACTIONS]; /* indexed by RingiAction */
} Row;

#define OK(status, step)               \
  {                                    \
    TRUE, RINGI_REQUEST_##status, step \
  }
#define NO(code)                          \
  {                                       \
    FALSE, RINGI_WORKFLOW_ERROR_##code, 0 \
  }

/* Columns: submit, approve, reject, send-back (to the applicant),
 * withdraw, resubmit, acknowledge (the actor's own step). */
static const Row table[] = {
  { STATE_NEW, ACTOR_APPLICANT, { OK (IN_PROGRESS, 1), NO (NOT_SUBMITTED), NO (NOT_SUBMITTED), NO (NOT_SUBMITTED), NO (NOT_SUBMITTED), NO (NOT_SUBMITTED), NO (NOT_SUBMITTED) } },
  { STATE_NEW, ACTOR_CURRENT, { OK (IN_PROGRESS, 1), NO (NOT_SUBMITTED), NO (NOT_SUBMITTED), NO (NOT_SUBMITTED), NO (NOT_SUBMITTED), NO (NOT_SUBMITTED), NO (NOT_SUBMITTED) } },
  { STATE_NEW, ACTOR_OTHER, { OK (IN_PROGRESS, 1), NO (NOT_SUBMITTED), NO (NOT_SUBMITTED), NO (NOT_SUBMITTED), NO (NOT_SUBMITTED), NO (NOT_SUBMITTED), NO (NOT_SUBMITTED) } },
  { STATE_NEW, ACTOR_DELEGATE, { NO (NOT_ALLOWED), NO (NOT_SUBMITTED), NO (NOT_SUBMITTED), NO (NOT_SUBMITTED), NO (NOT_SUBMITTED), NO (NOT_SUBMITTED), NO (NOT_SUBMITTED) } },
  { STATE_NEW, ACTOR_STRANGER, { OK (IN_PROGRESS, 1), NO (NOT_SUBMITTED), NO (NOT_SUBMITTED), NO (NOT_SUBMITTED), NO (NOT_SUBMITTED), NO (NOT_SUBMITTED), NO (NOT_SUBMITTED) } },
  { STATE_NEW, ACTOR_CIRCULATE, { OK (IN_PROGRESS, 1), NO (NOT_SUBMITTED), NO (NOT_SUBMITTED), NO (NOT_SUBMITTED), NO (NOT_SUBMITTED), NO (NOT_SUBMITTED), NO (NOT_SUBMITTED) } },

  { STATE_AT_APPROVE, ACTOR_APPLICANT, { NO (ALREADY_SUBMITTED), NO (NOT_ON_ROUTE), NO (NOT_ON_ROUTE), NO (NOT_ON_ROUTE), OK (WITHDRAWN, 0), NO (NOT_RETURNED), NO (NOT_ON_ROUTE) } },
  { STATE_AT_APPROVE, ACTOR_CURRENT, { NO (ALREADY_SUBMITTED), OK (IN_PROGRESS, 3), OK (REJECTED, 0), OK (SENT_BACK, 0), NO (NOT_APPLICANT), NO (NOT_APPLICANT), NO (NOT_ALLOWED) } },
  { STATE_AT_APPROVE, ACTOR_OTHER, { NO (ALREADY_SUBMITTED), NO (NOT_YOUR_TURN), NO (NOT_YOUR_TURN), NO (NOT_YOUR_TURN), NO (NOT_APPLICANT), NO (NOT_APPLICANT), NO (NOT_ALLOWED) } },
  { STATE_AT_APPROVE, ACTOR_DELEGATE, { NO (ALREADY_SUBMITTED), OK (IN_PROGRESS, 3), OK (REJECTED, 0), OK (SENT_BACK, 0), NO (NOT_APPLICANT), NO (NOT_APPLICANT), NO (NOT_ALLOWED) } },
  { STATE_AT_APPROVE, ACTOR_STRANGER, { NO (ALREADY_SUBMITTED), NO (NOT_ON_ROUTE), NO (NOT_ON_ROUTE), NO (NOT_ON_ROUTE), NO (NOT_APPLICANT), NO (NOT_APPLICANT), NO (NOT_ON_ROUTE) } },
  { STATE_AT_APPROVE, ACTOR_CIRCULATE, { NO (ALREADY_SUBMITTED), NO (NOT_ALLOWED), NO (NOT_ALLOWED), NO (NOT_ALLOWED), NO (NOT_APPLICANT), NO (NOT_APPLICANT), NO (NOT_YOUR_TURN) } },

  { STATE_AT_CONSULT, ACTOR_APPLICANT, { NO (ALREADY_SUBMITTED), NO (NOT_ON_ROUTE), NO (NOT_ON_ROUTE), NO (NOT_ON_ROUTE), NO (TOO_LATE), NO (NOT_RETURNED), NO (NOT_ON_ROUTE) } },
  { STATE_AT_CONSULT, ACTOR_CURRENT, { NO (ALREADY_SUBMITTED), OK (IN_PROGRESS, 3), OK (REJECTED, 0), OK (SENT_BACK, 0), NO (NOT_APPLICANT), NO (NOT_APPLICANT), NO (NOT_ALLOWED) } },
  { STATE_AT_CONSULT, ACTOR_OTHER, { NO (ALREADY_SUBMITTED), NO (NOT_YOUR_TURN), NO (NOT_YOUR_TURN), NO (NOT_YOUR_TURN), NO (NOT_APPLICANT), NO (NOT_APPLICANT), NO (NOT_ALLOWED) } },
  { STATE_AT_CONSULT, ACTOR_DELEGATE, { NO (ALREADY_SUBMITTED), OK (IN_PROGRESS, 3), OK (REJECTED, 0), OK (SENT_BACK, 0), NO (NOT_APPLICANT), NO (NOT_APPLICANT), NO (NOT_ALLOWED) } },
  { STATE_AT_CONSULT, ACTOR_STRANGER, { NO (ALREADY_SUBMITTED), NO (NOT_ON_ROUTE), NO (NOT_ON_ROUTE), NO (NOT_ON_ROUTE), NO (NOT_APPLICANT), NO (NOT_APPLICANT), NO (NOT_ON_ROUTE) } },
  { STATE_AT_CONSULT, ACTOR_CIRCULATE, { NO (ALREADY_SUBMITTED), NO (NOT_ALLOWED), NO (NOT_ALLOWED), NO (NOT_ALLOWED), NO (NOT_APPLICANT), NO (NOT_APPLICANT), OK (IN_PROGRESS, 3) } },

  { STATE_AT_FINAL, ACTOR_APPLICANT, { NO (ALREADY_SUBMITTED), NO (NOT_ON_ROUTE), NO (NOT_ON_ROUTE), NO (NOT_ON_ROUTE), NO (TOO_LATE), NO (NOT_RETURNED), NO (NOT_ON_ROUTE) } },
  { STATE_AT_FINAL, ACTOR_CURRENT, { NO (ALREADY_SUBMITTED), OK (DECIDED, 0), OK (REJECTED, 0), OK (SENT_BACK, 0), NO (NOT_APPLICANT), NO (NOT_APPLICANT), NO (NOT_ALLOWED) } },
  { STATE_AT_FINAL, ACTOR_OTHER, { NO (ALREADY_SUBMITTED), NO (NOT_YOUR_TURN), NO (NOT_YOUR_TURN), NO (NOT_YOUR_TURN), NO (NOT_APPLICANT), NO (NOT_APPLICANT), NO (NOT_ALLOWED) } },
  { STATE_AT_FINAL, ACTOR_DELEGATE, { NO (ALREADY_SUBMITTED), OK (DECIDED, 0), OK (REJECTED, 0), OK (SENT_BACK, 0), NO (NOT_APPLICANT), NO (NOT_APPLICANT), NO (NOT_ALLOWED) } },
  { STATE_AT_FINAL, ACTOR_STRANGER, { NO (ALREADY_SUBMITTED), NO (NOT_ON_ROUTE), NO (NOT_ON_ROUTE), NO (NOT_ON_ROUTE), NO (NOT_APPLICANT), NO (NOT_APPLICANT), NO (NOT_ON_ROUTE) } },
  { STATE_AT_FINAL, ACTOR_CIRCULATE, { NO (ALREADY_SUBMITTED), NO (NOT_ALLOWED), NO (NOT_ALLOWED), NO (NOT_ALLOWED), NO (NOT_APPLICANT), NO (NOT_APPLICANT), OK (IN_PROGRESS, 4) } },

  { STATE_SENT_BACK, ACTOR_APPLICANT, { NO (ALREADY_SUBMITTED), NO (NOT_ON_ROUTE), NO (NOT_ON_ROUTE), NO (NOT_ON_ROUTE), NO (NOT_ALLOWED), OK (IN_PROGRESS, 1), NO (NOT_ON_ROUTE) } },
  { STATE_SENT_BACK, ACTOR_CURRENT, { NO (ALREADY_SUBMITTED), NO (NOT_YOUR_TURN), NO (NOT_YOUR_TURN), NO (NOT_YOUR_TURN), NO (NOT_APPLICANT), NO (NOT_APPLICANT), NO (NOT_ALLOWED) } },
  { STATE_SENT_BACK, ACTOR_OTHER, { NO (ALREADY_SUBMITTED), NO (NOT_YOUR_TURN), NO (NOT_YOUR_TURN), NO (NOT_YOUR_TURN), NO (NOT_APPLICANT), NO (NOT_APPLICANT), NO (NOT_ALLOWED) } },
  { STATE_SENT_BACK, ACTOR_DELEGATE, { NO (ALREADY_SUBMITTED), NO (NOT_YOUR_TURN), NO (NOT_YOUR_TURN), NO (NOT_YOUR_TURN), NO (NOT_APPLICANT), NO (NOT_APPLICANT), NO (NOT_ALLOWED) } },
  { STATE_SENT_BACK, ACTOR_STRANGER, { NO (ALREADY_SUBMITTED), NO (NOT_ON_ROUTE), NO (NOT_ON_ROUTE), NO (NOT_ON_ROUTE), NO (NOT_APPLICANT), NO (NOT_APPLICANT), NO (NOT_ON_ROUTE) } },
  { STATE_SENT_BACK, ACTOR_CIRCULATE, { NO (ALREADY_SUBMITTED), NO (NOT_YOUR_TURN), NO (NOT_YOUR_TURN), NO (NOT_YOUR_TURN), NO (NOT_APPLICANT), NO (NOT_APPLICANT), NO (NOT_YOUR_TURN) } },

  { STATE_WITHDRAWN, ACTOR_APPLICANT, { NO (ALREADY_SUBMITTED), NO (NOT_ON_ROUTE), NO (NOT_ON_ROUTE), NO (NOT_ON_ROUTE), NO (NOT_ALLOWED), OK (IN_PROGRESS, 1), NO (NOT_ON_ROUTE) } },
  { STATE_WITHDRAWN, ACTOR_CURRENT, { NO (ALREADY_SUBMITTED), NO (NOT_YOUR_TURN), NO (NOT_YOUR_TURN), NO (NOT_YOUR_TURN), NO (NOT_APPLICANT), NO (NOT_APPLICANT), NO (NOT_ALLOWED) } },
  { STATE_WITHDRAWN, ACTOR_OTHER, { NO (ALREADY_SUBMITTED), NO (NOT_YOUR_TURN), NO (NOT_YOUR_TURN), NO (NOT_YOUR_TURN), NO (NOT_APPLICANT), NO (NOT_APPLICANT), NO (NOT_ALLOWED) } },
  { STATE_WITHDRAWN, ACTOR_DELEGATE, { NO (ALREADY_SUBMITTED), NO (NOT_YOUR_TURN), NO (NOT_YOUR_TURN), NO (NOT_YOUR_TURN), NO (NOT_APPLICANT), NO (NOT_APPLICANT), NO (NOT_ALLOWED) } },
  { STATE_WITHDRAWN, ACTOR_STRANGER, { NO (ALREADY_SUBMITTED), NO (NOT_ON_ROUTE), NO (NOT_ON_ROUTE), NO (NOT_ON_ROUTE), NO (NOT_APPLICANT), NO (NOT_APPLICANT), NO (NOT_ON_ROUTE) } },
  { STATE_WITHDRAWN, ACTOR_CIRCULATE, { NO (ALREADY_SUBMITTED), NO (NOT_YOUR_TURN), NO (NOT_YOUR_TURN), NO (NOT_YOUR_TURN), NO (NOT_APPLICANT), NO (NOT_APPLICANT), NO (NOT_YOUR_TURN) } },

  { STATE_REJECTED, ACTOR_APPLICANT, { NO (FINISHED), NO (FINISHED), NO (FINISHED), NO (FINISHED), NO (FINISHED), NO (FINISHED), NO (FINISHED) } },
  { STATE_REJECTED, ACTOR_CURRENT, { NO (FINISHED), NO (FINISHED), NO (FINISHED), NO (FINISHED), NO (FINISHED), NO (FINISHED), NO (FINISHED) } },
  { STATE_REJECTED, ACTOR_OTHER, { NO (FINISHED), NO (FINISHED), NO (FINISHED), NO (FINISHED), NO (FINISHED), NO (FINISHED), NO (FINISHED) } },
  { STATE_REJECTED, ACTOR_DELEGATE, { NO (FINISHED), NO (FINISHED), NO (FINISHED), NO (FINISHED), NO (FINISHED), NO (FINISHED), NO (FINISHED) } },
  { STATE_REJECTED, ACTOR_STRANGER, { NO (FINISHED), NO (FINISHED), NO (FINISHED), NO (FINISHED), NO (FINISHED), NO (FINISHED), NO (FINISHED) } },
  { STATE_REJECTED, ACTOR_CIRCULATE, { NO (FINISHED), NO (FINISHED), NO (FINISHED), NO (FINISHED), NO (FINISHED), NO (FINISHED), NO (FINISHED) } },

  { STATE_DECIDED, ACTOR_APPLICANT, { NO (FINISHED), NO (FINISHED), NO (FINISHED), NO (FINISHED), NO (FINISHED), NO (FINISHED), NO (NOT_ON_ROUTE) } },
  { STATE_DECIDED, ACTOR_CURRENT, { NO (FINISHED), NO (FINISHED), NO (FINISHED), NO (FINISHED), NO (FINISHED), NO (FINISHED), NO (NOT_ALLOWED) } },
  { STATE_DECIDED, ACTOR_OTHER, { NO (FINISHED), NO (FINISHED), NO (FINISHED), NO (FINISHED), NO (FINISHED), NO (FINISHED), NO (NOT_ALLOWED) } },
  { STATE_DECIDED, ACTOR_DELEGATE, { NO (FINISHED), NO (FINISHED), NO (FINISHED), NO (FINISHED), NO (FINISHED), NO (FINISHED), NO (NOT_ALLOWED) } },
  { STATE_DECIDED, ACTOR_STRANGER, { NO (FINISHED), NO (FINISHED), NO (FINISHED), NO (FINISHED), NO (FINISHED), NO (FINISHED), NO (NOT_ON_ROUTE) } },
  { STATE_DECIDED, ACTOR_CIRCULATE, { NO (FINISHED), NO (FINISHED), NO (FINISHED), NO (FINISHED), NO (FINISHED), NO (FINISHED), OK (DECIDED, 0) } },
};

typedef struct
{
  const Row *row;
  RingiAction action;
} TableCase;

static RingiWorkflow *
build_state (const StateInfo *info,
             RingiRoute *route)
{
  RingiWorkflow *wf = ringi_workflow_new ();

  for (const Stamp *s = info->history; s->signer != NULL; s++)
    {
      RingiWorkflowEvent event = stamp (s->action, s->signer, s->step);

      event.route = route;
      assert_applies (wf, &event);
    }

  return wf;
}

static void
actor_logins (const StateInfo *info,
              Actor actor,
              const char **signer,
              const char **on_behalf_of)
{
  const char *const logins[] = {
    [ACTOR_APPLICANT] = "suzuki",
    [ACTOR_CURRENT] = info->current,
    [ACTOR_OTHER] = info->other,
    [ACTOR_DELEGATE] = "deputy",
    [ACTOR_STRANGER] = "outsider",
    [ACTOR_CIRCULATE] = "mori",
  };

  *signer = logins[actor];
  *on_behalf_of = actor == ACTOR_DELEGATE ? info->current : NULL;
}

/* The step an actor's own acknowledgement names: where they are on the
 * route, else the step decisions name. */
static guint
own_step (RingiRoute *route,
          const char *login,
          guint fallback)
{
  for (guint number = 1; number <= ringi_route_get_n_steps (route); number++)
    {
      if (g_strv_contains ((const char *const *) ringi_route_get_step (route, number)->logins, login))
        return number;
    }

  return fallback;
}

static RingiWorkflowEvent
table_event (const TableCase *c,
             RingiRoute *route)
{
  const StateInfo *info = &states[c->row->state];
  const char *signer, *on_behalf_of;
  RingiWorkflowEvent event;

  actor_logins (info, c->row->actor, &signer, &on_behalf_of);
  event = stamp (c->action, signer, info->step);
  event.on_behalf_of = on_behalf_of;

  if (c->action == RINGI_ACTION_SUBMIT || c->action == RINGI_ACTION_RESUBMIT)
    event.route = route;
  if (c->action == RINGI_ACTION_SUBMIT || c->action == RINGI_ACTION_RESUBMIT ||
      c->action == RINGI_ACTION_WITHDRAW)
    event.step = 0;
  if (c->action == RINGI_ACTION_ACKNOWLEDGE)
    event.step = own_step (route, on_behalf_of ? on_behalf_of : signer, info->step);

  return event;
}

static void
test_table (gconstpointer data)
{
  const TableCase *c = data;
  const Outcome *expected = &c->row->outcomes[c->action];
  g_autoptr(RingiRoute) route = route_new (TABLE_ROUTE);
  g_autoptr(RingiWorkflow) wf = build_state (&states[c->row->state], route);
  RingiWorkflowEvent event = table_event (c, route);
  g_autoptr(GError) error = NULL;
  gboolean allowed = ringi_workflow_check (wf, &event, &error);

  if (error != NULL)
    g_test_message ("%s", error->message);

  if (!expected->allowed)
    {
      g_assert_false (allowed);
      g_assert_error (error, RINGI_WORKFLOW_ERROR, expected->value);
      g_assert_cmpstr (error->message, !=, "");
      assert_refused (wf, &event, expected->value, error->message);
      return;
    }

  g_assert_no_error (error);
  g_assert_true (allowed);
  assert_applies (wf, &event);
  assert_state (wf, expected->value, expected->step);
}

static void
test_table_complete (void)
{
  gboolean seen[N_STATES][N_ACTORS] = { { FALSE } };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_assert_false (seen[table[i].state][table[i].actor]);
      seen[table[i].state][table[i].actor] = TRUE;
    }
  g_assert_cmpuint (G_N_ELEMENTS (table), ==, N_STATES * N_ACTORS);
}

/* ---- scenarios -------------------------------------------------------- */

static void
test_full_route (void)
{
  g_autoptr(RingiRoute) route = route_new ("approve=kato ; consult:all=sato,yamada ; final=tanaka");
  g_autoptr(RingiWorkflow) wf = ringi_workflow_new ();
  RingiWorkflowEvent submit = stamp (RINGI_ACTION_SUBMIT, "suzuki", 0);
  RingiWorkflowEvent event;

  assert_state (wf, RINGI_REQUEST_NEW, 0);
  g_assert_null (ringi_workflow_get_applicant (wf));
  g_assert_null (ringi_workflow_get_route (wf));
  g_assert_cmpuint (ringi_workflow_get_revision (wf), ==, 0);
  g_assert_false (ringi_workflow_step_is_done (wf, 1));

  submit.route = route;
  assert_applies (wf, &submit);
  assert_state (wf, RINGI_REQUEST_IN_PROGRESS, 1);
  g_assert_cmpstr (ringi_workflow_get_applicant (wf), ==, "suzuki");
  g_assert_true (ringi_workflow_get_route (wf) == route);
  g_assert_cmpuint (ringi_workflow_get_revision (wf), ==, 1);
  assert_refused (wf, &submit, RINGI_WORKFLOW_ERROR_ALREADY_SUBMITTED, "already submitted by suzuki");

  approve (wf, "kato", 1);
  assert_state (wf, RINGI_REQUEST_IN_PROGRESS, 2);
  g_assert_true (ringi_workflow_step_is_done (wf, 1));
  g_assert_false (ringi_workflow_step_is_done (wf, 2));

  approve (wf, "sato", 2);
  assert_state (wf, RINGI_REQUEST_IN_PROGRESS, 2);
  g_assert_false (ringi_workflow_step_is_done (wf, 2));

  event = stamp (RINGI_ACTION_APPROVE, "sato", 2);
  assert_refused (wf, &event, RINGI_WORKFLOW_ERROR_ALREADY_ACTED, "sato has already approved step 2");
  event = stamp (RINGI_ACTION_APPROVE, "deputy", 2);
  event.on_behalf_of = "sato";
  assert_refused (wf, &event, RINGI_WORKFLOW_ERROR_ALREADY_ACTED, "sato has already approved step 2");
  event = stamp (RINGI_ACTION_SEND_BACK, "sato", 2);
  assert_refused (wf, &event, RINGI_WORKFLOW_ERROR_ALREADY_ACTED, NULL);

  approve (wf, "yamada", 2);
  assert_state (wf, RINGI_REQUEST_IN_PROGRESS, 3);
  g_assert_true (ringi_workflow_step_is_done (wf, 2));

  event = stamp (RINGI_ACTION_APPROVE, "tanaka", 1);
  assert_refused (wf, &event, RINGI_WORKFLOW_ERROR_WRONG_STEP, "Step 1 is not the current step (step 3 is)");

  approve (wf, "tanaka", 3);
  assert_state (wf, RINGI_REQUEST_DECIDED, 0);
  g_assert_true (ringi_workflow_step_is_done (wf, 3));
  /* Decided by the decider himself: no post-review. */
  g_assert_true (ringi_workflow_get_route (wf) == route);
  g_assert_cmpuint (ringi_workflow_get_revision (wf), ==, 1);
}

static void
test_consult_quorum (void)
{
  g_autoptr(RingiRoute) route = route_new ("consult:1=sato,yamada ; final=tanaka");
  g_autoptr(RingiWorkflow) wf = submitted (route);
  RingiWorkflowEvent late = stamp (RINGI_ACTION_APPROVE, "yamada", 1);

  assert_state (wf, RINGI_REQUEST_IN_PROGRESS, 1);
  approve (wf, "sato", 1);
  assert_state (wf, RINGI_REQUEST_IN_PROGRESS, 2);
  g_assert_true (ringi_workflow_step_is_done (wf, 1));

  assert_refused (wf, &late, RINGI_WORKFLOW_ERROR_NOT_YOUR_TURN, "yamada does not act at step 2");
  approve (wf, "tanaka", 2);
  assert_state (wf, RINGI_REQUEST_DECIDED, 0);
}

static void
test_consult_quorum_two_of_three (void)
{
  g_autoptr(RingiRoute) route = route_new ("consult:2=sato,yamada,ito ; final=tanaka");
  g_autoptr(RingiWorkflow) wf = submitted (route);

  approve (wf, "ito", 1);
  assert_state (wf, RINGI_REQUEST_IN_PROGRESS, 1);
  approve (wf, "sato", 1);
  assert_state (wf, RINGI_REQUEST_IN_PROGRESS, 2);
}

static void
test_send_back_and_resubmit (void)
{
  g_autoptr(RingiRoute) route = route_new ("approve=kato ; consult:all=sato,yamada ; final=tanaka");
  g_autoptr(RingiRoute) shorter = route_new ("approve=kato ; final=tanaka");
  g_autoptr(RingiWorkflow) wf = submitted (route);
  RingiWorkflowEvent event;

  approve (wf, "kato", 1);

  event = stamp (RINGI_ACTION_SEND_BACK, "sato", 2);
  event.has_comment = FALSE;
  assert_refused (wf, &event, RINGI_WORKFLOW_ERROR_COMMENT_REQUIRED, "comment");
  event.has_comment = TRUE;
  assert_applies (wf, &event);
  assert_state (wf, RINGI_REQUEST_SENT_BACK, 0);

  event = stamp (RINGI_ACTION_APPROVE, "yamada", 2);
  assert_refused (wf, &event, RINGI_WORKFLOW_ERROR_NOT_YOUR_TURN, "sent back to suzuki");

  event = stamp (RINGI_ACTION_RESUBMIT, "kato", 0);
  event.route = route;
  assert_refused (wf, &event, RINGI_WORKFLOW_ERROR_NOT_APPLICANT, "Only the applicant, suzuki");

  event = stamp (RINGI_ACTION_RESUBMIT, "suzuki", 0);
  assert_refused (wf, &event, RINGI_WORKFLOW_ERROR_ROUTE_REQUIRED, NULL);
  event.route = shorter;
  event.step = 1;
  assert_refused (wf, &event, RINGI_WORKFLOW_ERROR_WRONG_STEP, NULL);
  event.step = 0;
  assert_applies (wf, &event);
  assert_state (wf, RINGI_REQUEST_IN_PROGRESS, 1);
  g_assert_cmpuint (ringi_workflow_get_revision (wf), ==, 2);
  g_assert_true (ringi_workflow_get_route (wf) == shorter);
  g_assert_false (ringi_workflow_step_is_done (wf, 1));
  assert_refused (wf, &event, RINGI_WORKFLOW_ERROR_NOT_RETURNED, NULL);

  /* The new route is the one that counts. */
  event = stamp (RINGI_ACTION_APPROVE, "sato", 1);
  assert_refused (wf, &event, RINGI_WORKFLOW_ERROR_NOT_ON_ROUTE, "sato is not on the route of this request");
  approve (wf, "kato", 1);
  approve (wf, "tanaka", 2);
  assert_state (wf, RINGI_REQUEST_DECIDED, 0);
  g_assert_cmpuint (ringi_workflow_get_revision (wf), ==, 2);
}

static void
test_reject (void)
{
  g_autoptr(RingiRoute) route = route_new ("approve=kato ; final=tanaka");
  g_autoptr(RingiWorkflow) wf = submitted (route);
  RingiWorkflowEvent event = stamp (RINGI_ACTION_REJECT, "deputy", 1);

  event.on_behalf_of = "kato";
  event.has_comment = FALSE;
  assert_refused (wf, &event, RINGI_WORKFLOW_ERROR_COMMENT_REQUIRED, "comment");
  event.has_comment = TRUE;
  assert_applies (wf, &event);
  assert_state (wf, RINGI_REQUEST_REJECTED, 0);

  event = stamp (RINGI_ACTION_RESUBMIT, "suzuki", 0);
  event.route = route;
  assert_refused (wf, &event, RINGI_WORKFLOW_ERROR_FINISHED, "rejected");
}

static void
test_send_back_to_earlier_step (void)
{
  g_autoptr(RingiRoute) route = route_new ("approve=kato ; circulate=mori ; consult:all=sato,yamada ; final=tanaka");
  g_autoptr(RingiWorkflow) wf = submitted (route);
  static const guint bad_targets[] = { 2, 4, 9 };
  RingiWorkflowEvent event;

  approve (wf, "kato", 1);
  acknowledge (wf, "mori", 2);
  approve (wf, "sato", 3);
  approve (wf, "yamada", 3);
  assert_state (wf, RINGI_REQUEST_IN_PROGRESS, 4);

  /* Not to a circulate step, the current step, or past the end. */
  event = stamp (RINGI_ACTION_SEND_BACK, "tanaka", 4);
  for (guint i = 0; i < G_N_ELEMENTS (bad_targets); i++)
    {
      event.to_step = bad_targets[i];
      assert_refused (wf, &event, RINGI_WORKFLOW_ERROR_INVALID_TO_STEP, "send back to step");
    }
  event.to_step = 3;
  event.has_comment = FALSE;
  assert_refused (wf, &event, RINGI_WORKFLOW_ERROR_COMMENT_REQUIRED, NULL);
  event.has_comment = TRUE;
  assert_applies (wf, &event);
  assert_state (wf, RINGI_REQUEST_IN_PROGRESS, 3);
  g_assert_true (ringi_workflow_step_is_done (wf, 1));
  g_assert_true (ringi_workflow_step_is_done (wf, 2));
  g_assert_false (ringi_workflow_step_is_done (wf, 3));

  /* The consultation starts over: sato approves again. */
  approve (wf, "sato", 3);
  event = stamp (RINGI_ACTION_SEND_BACK, "sato", 3);
  event.to_step = 1;
  assert_refused (wf, &event, RINGI_WORKFLOW_ERROR_ALREADY_ACTED, NULL);

  event = stamp (RINGI_ACTION_SEND_BACK, "yamada", 3);
  event.to_step = 1;
  assert_applies (wf, &event);
  assert_state (wf, RINGI_REQUEST_IN_PROGRESS, 1);
  g_assert_false (ringi_workflow_step_is_done (wf, 1));
  g_assert_false (ringi_workflow_step_is_done (wf, 2));
  g_assert_false (ringi_workflow_step_is_done (wf, 3));

  /* Mori's acknowledgement was cleared, and step 2 is not reached now. */
  event = stamp (RINGI_ACTION_ACKNOWLEDGE, "mori", 2);
  assert_refused (wf, &event, RINGI_WORKFLOW_ERROR_NOT_YOUR_TURN, "has not reached step 2");

  event = stamp (RINGI_ACTION_WITHDRAW, "suzuki", 0);
  assert_refused (wf, &event, RINGI_WORKFLOW_ERROR_TOO_LATE, "kato has already acted");

  approve (wf, "kato", 1);
  acknowledge (wf, "mori", 2);
  assert_state (wf, RINGI_REQUEST_IN_PROGRESS, 3);
}

static void
test_withdraw (void)
{
  g_autoptr(RingiRoute) route = route_new ("approve=kato ; final=tanaka");
  g_autoptr(RingiWorkflow) wf = submitted (route);
  RingiWorkflowEvent withdraw = stamp (RINGI_ACTION_WITHDRAW, "suzuki", 0);
  RingiWorkflowEvent event;

  event = stamp (RINGI_ACTION_WITHDRAW, "kato", 0);
  assert_refused (wf, &event, RINGI_WORKFLOW_ERROR_NOT_APPLICANT, "Only the applicant, suzuki, may withdraw");
  event = stamp (RINGI_ACTION_WITHDRAW, "deputy", 0);
  event.on_behalf_of = "suzuki";
  assert_refused (wf, &event, RINGI_WORKFLOW_ERROR_NOT_APPLICANT, NULL);
  event = stamp (RINGI_ACTION_WITHDRAW, "suzuki", 1);
  assert_refused (wf, &event, RINGI_WORKFLOW_ERROR_WRONG_STEP, "step 1");

  assert_applies (wf, &withdraw);
  assert_state (wf, RINGI_REQUEST_WITHDRAWN, 0);
  assert_refused (wf, &withdraw, RINGI_WORKFLOW_ERROR_NOT_ALLOWED, "nothing to withdraw");
  event = stamp (RINGI_ACTION_APPROVE, "kato", 1);
  assert_refused (wf, &event, RINGI_WORKFLOW_ERROR_NOT_YOUR_TURN, "withdrawn by suzuki");

  event = stamp (RINGI_ACTION_RESUBMIT, "suzuki", 0);
  event.route = route;
  assert_applies (wf, &event);
  assert_state (wf, RINGI_REQUEST_IN_PROGRESS, 1);
  g_assert_cmpuint (ringi_workflow_get_revision (wf), ==, 2);

  approve (wf, "kato", 1);
  assert_refused (wf, &withdraw, RINGI_WORKFLOW_ERROR_TOO_LATE, "Too late to withdraw: kato has already acted");
}

/* An acknowledgement is not an action on the request that blocks a
 * withdrawal. */
static void
test_withdraw_after_acknowledgement (void)
{
  g_autoptr(RingiRoute) route = route_new ("circulate=mori ; approve=kato ; final=tanaka");
  g_autoptr(RingiWorkflow) wf = submitted (route);
  RingiWorkflowEvent withdraw = stamp (RINGI_ACTION_WITHDRAW, "suzuki", 0);

  acknowledge (wf, "mori", 1);
  assert_applies (wf, &withdraw);
  assert_state (wf, RINGI_REQUEST_WITHDRAWN, 0);
}

static void
test_substitute_decision (void)
{
  g_autoptr(RingiRoute) route = route_new ("approve=kato ; final=tanaka");
  g_autoptr(RingiWorkflow) wf = submitted (route);
  g_autofree char *text = NULL;
  RingiWorkflowEvent event;

  approve (wf, "kato", 1);
  event = stamp (RINGI_ACTION_APPROVE, "deputy", 2);
  event.on_behalf_of = "tanaka";
  assert_applies (wf, &event);
  assert_state (wf, RINGI_REQUEST_DECIDED, 0);

  /* 代決 adds 後閲 for the decider; the route given at submit is intact. */
  text = ringi_route_to_string (ringi_workflow_get_route (wf));
  g_assert_cmpstr (text, ==, "approve=kato ; final=tanaka ; post-review=tanaka");
  g_assert_cmpuint (ringi_route_get_n_steps (route), ==, 2);
  g_assert_false (ringi_workflow_step_is_done (wf, 3));
  assert_actions (wf, "tanaka", NULL, (const char *const[]){ "acknowledge", NULL });
  assert_actions (wf, "deputy", "tanaka", (const char *const[]){ NULL });

  event = stamp (RINGI_ACTION_ACKNOWLEDGE, "deputy", 3);
  event.on_behalf_of = "tanaka";
  assert_refused (wf, &event, RINGI_WORKFLOW_ERROR_NOT_ALLOWED, "Only tanaka may post-review");
  event.on_behalf_of = NULL;
  assert_refused (wf, &event, RINGI_WORKFLOW_ERROR_NOT_ON_ROUTE, "deputy is not on the route");
  event = stamp (RINGI_ACTION_ACKNOWLEDGE, "kato", 3);
  assert_refused (wf, &event, RINGI_WORKFLOW_ERROR_NOT_YOUR_TURN, "kato is not among the people of step 3");
  event = stamp (RINGI_ACTION_ACKNOWLEDGE, "tanaka", 2);
  assert_refused (wf, &event, RINGI_WORKFLOW_ERROR_NOT_ALLOWED, "approved, not acknowledged");

  acknowledge (wf, "tanaka", 3);
  assert_state (wf, RINGI_REQUEST_DECIDED, 0);
  g_assert_true (ringi_workflow_step_is_done (wf, 3));
  event = stamp (RINGI_ACTION_ACKNOWLEDGE, "tanaka", 3);
  assert_refused (wf, &event, RINGI_WORKFLOW_ERROR_ALREADY_ACTED, "tanaka has already acknowledged step 3");
  event = stamp (RINGI_ACTION_APPROVE, "tanaka", 2);
  assert_refused (wf, &event, RINGI_WORKFLOW_ERROR_FINISHED, "decided");
  assert_actions (wf, "tanaka", NULL, (const char *const[]){ NULL });
}

/* A delegate at an ordinary step is no substitute decision. */
static void
test_delegate_at_approve_step (void)
{
  g_autoptr(RingiRoute) route = route_new ("approve=kato ; final=tanaka");
  g_autoptr(RingiWorkflow) wf = submitted (route);
  RingiWorkflowEvent event = stamp (RINGI_ACTION_APPROVE, "deputy", 1);

  event.on_behalf_of = "kato";
  assert_applies (wf, &event);
  approve (wf, "tanaka", 2);
  assert_state (wf, RINGI_REQUEST_DECIDED, 0);
  g_assert_cmpuint (ringi_route_get_n_steps (ringi_workflow_get_route (wf)), ==, 2);
}

static void
test_circulate (void)
{
  g_autoptr(RingiRoute) route = route_new ("circulate=mori,ueda ; approve=kato ; circulate=ito ; final=tanaka");
  g_autoptr(RingiWorkflow) wf = submitted (route);
  RingiWorkflowEvent event;

  /* Circulate steps never hold the request. */
  assert_state (wf, RINGI_REQUEST_IN_PROGRESS, 2);
  acknowledge (wf, "mori", 1);
  assert_state (wf, RINGI_REQUEST_IN_PROGRESS, 2);
  g_assert_false (ringi_workflow_step_is_done (wf, 1));

  event = stamp (RINGI_ACTION_ACKNOWLEDGE, "ito", 3);
  assert_refused (wf, &event, RINGI_WORKFLOW_ERROR_NOT_YOUR_TURN, "has not reached step 3");
  event.step = 1;
  assert_refused (wf, &event, RINGI_WORKFLOW_ERROR_NOT_YOUR_TURN, "ito is not among the people of step 1");
  event = stamp (RINGI_ACTION_APPROVE, "ito", 2);
  assert_refused (wf, &event, RINGI_WORKFLOW_ERROR_NOT_ALLOWED, "ito is on the route of this request only to acknowledge it");

  approve (wf, "kato", 2);
  assert_state (wf, RINGI_REQUEST_IN_PROGRESS, 4);
  approve (wf, "tanaka", 4);
  assert_state (wf, RINGI_REQUEST_DECIDED, 0);

  /* Still open after the decision; a delegate may acknowledge. */
  acknowledge (wf, "ito", 3);
  event = stamp (RINGI_ACTION_ACKNOWLEDGE, "deputy", 1);
  event.on_behalf_of = "ueda";
  assert_applies (wf, &event);
  g_assert_true (ringi_workflow_step_is_done (wf, 1));
  g_assert_true (ringi_workflow_step_is_done (wf, 3));
  assert_state (wf, RINGI_REQUEST_DECIDED, 0);

  event = stamp (RINGI_ACTION_ACKNOWLEDGE, "ueda", 1);
  assert_refused (wf, &event, RINGI_WORKFLOW_ERROR_ALREADY_ACTED, "ueda has already acknowledged step 1");
  event = stamp (RINGI_ACTION_ACKNOWLEDGE, "mori", 0);
  assert_refused (wf, &event, RINGI_WORKFLOW_ERROR_WRONG_STEP, "no step 0");
  event.step = 5;
  assert_refused (wf, &event, RINGI_WORKFLOW_ERROR_WRONG_STEP, "no step 5");
}

/* 供覧: circulation after the decision opens only once it is decided. */
static void
test_circulate_after_decision (void)
{
  g_autoptr(RingiRoute) route = route_new ("approve=kato ; final=tanaka ; circulate=mori,ueda");
  g_autoptr(RingiWorkflow) wf = submitted (route);
  RingiWorkflowEvent event = stamp (RINGI_ACTION_ACKNOWLEDGE, "mori", 3);

  assert_state (wf, RINGI_REQUEST_IN_PROGRESS, 1);
  assert_refused (wf, &event, RINGI_WORKFLOW_ERROR_NOT_YOUR_TURN, "has not reached step 3");

  approve (wf, "kato", 1);
  approve (wf, "tanaka", 2);
  assert_state (wf, RINGI_REQUEST_DECIDED, 0);

  acknowledge (wf, "mori", 3);
  acknowledge (wf, "ueda", 3);
  g_assert_true (ringi_workflow_step_is_done (wf, 3));
  assert_state (wf, RINGI_REQUEST_DECIDED, 0);
}

static void
test_circulate_after_reject (void)
{
  g_autoptr(RingiRoute) route = route_new ("circulate=mori ; final=tanaka");
  g_autoptr(RingiWorkflow) wf = submitted (route);
  RingiWorkflowEvent event = stamp (RINGI_ACTION_REJECT, "tanaka", 2);

  assert_applies (wf, &event);
  event = stamp (RINGI_ACTION_ACKNOWLEDGE, "mori", 1);
  assert_refused (wf, &event, RINGI_WORKFLOW_ERROR_FINISHED, NULL);
}

static void
test_actions_for (void)
{
  g_autoptr(RingiRoute) route = route_new ("approve=kato ; circulate=mori ; final=tanaka");
  g_autoptr(RingiWorkflow) wf = ringi_workflow_new ();
  const char *const none[] = { NULL };
  const char *const decide[] = { "approve", "reject", "send-back", NULL };
  const char *const ack[] = { "acknowledge", NULL };
  RingiWorkflowEvent event = stamp (RINGI_ACTION_SUBMIT, "suzuki", 0);

  assert_actions (wf, "outsider", NULL, (const char *const[]){ "submit", NULL });
  assert_actions (wf, "deputy", "kato", none);

  event.route = route;
  assert_applies (wf, &event);
  assert_actions (wf, "suzuki", NULL, (const char *const[]){ "withdraw", NULL });
  assert_actions (wf, "kato", NULL, decide);
  assert_actions (wf, "deputy", "kato", decide);
  assert_actions (wf, "tanaka", NULL, none);
  assert_actions (wf, "mori", NULL, none);
  assert_actions (wf, "outsider", NULL, none);

  approve (wf, "kato", 1);
  assert_actions (wf, "suzuki", NULL, none);
  assert_actions (wf, "kato", NULL, none);
  assert_actions (wf, "mori", NULL, ack);
  assert_actions (wf, "tanaka", NULL, decide);

  event = stamp (RINGI_ACTION_SEND_BACK, "tanaka", 3);
  assert_applies (wf, &event);
  assert_actions (wf, "suzuki", NULL, (const char *const[]){ "resubmit", NULL });
  assert_actions (wf, "tanaka", NULL, none);
  assert_actions (wf, "mori", NULL, none);

  event = stamp (RINGI_ACTION_RESUBMIT, "suzuki", 0);
  event.route = route;
  assert_applies (wf, &event);
  approve (wf, "kato", 1);
  approve (wf, "tanaka", 3);
  assert_actions (wf, "mori", NULL, ack);
  assert_actions (wf, "tanaka", NULL, none);
  assert_actions (wf, "suzuki", NULL, none);

  acknowledge (wf, "mori", 2);
  assert_actions (wf, "mori", NULL, none);
}

static void
test_applicant_on_route (void)
{
  g_autoptr(RingiRoute) route = route_new ("approve=suzuki ; final=tanaka");
  g_autoptr(RingiWorkflow) wf = submitted (route);
  RingiWorkflowEvent event = stamp (RINGI_ACTION_APPROVE, "suzuki", 2);

  approve (wf, "suzuki", 1);
  assert_state (wf, RINGI_REQUEST_IN_PROGRESS, 2);
  assert_refused (wf, &event, RINGI_WORKFLOW_ERROR_NOT_YOUR_TURN, "suzuki does not act at step 2");
}

static void
test_messages (void)
{
  g_autoptr(RingiRoute) route = route_new ("approve=kato ; final=tanaka");
  g_autoptr(RingiWorkflow) fresh = ringi_workflow_new ();
  g_autoptr(RingiWorkflow) wf = submitted (route);
  RingiWorkflowEvent event;

  event = stamp (RINGI_ACTION_APPROVE, "kato", 1);
  assert_refused (fresh, &event, RINGI_WORKFLOW_ERROR_NOT_SUBMITTED, "not been submitted");

  event = stamp (RINGI_ACTION_SUBMIT, "suzuki", 1);
  event.route = route;
  assert_refused (fresh, &event, RINGI_WORKFLOW_ERROR_WRONG_STEP, "names no step");
  event.step = 0;
  event.route = NULL;
  assert_refused (fresh, &event, RINGI_WORKFLOW_ERROR_ROUTE_REQUIRED, "route");
  event = stamp (RINGI_ACTION_SUBMIT, "deputy", 0);
  event.on_behalf_of = "suzuki";
  event.route = route;
  assert_refused (fresh, &event, RINGI_WORKFLOW_ERROR_NOT_ALLOWED, "deputy cannot submit on behalf of suzuki");

  event = stamp (RINGI_ACTION_APPROVE, "sato", 1);
  assert_refused (wf, &event, RINGI_WORKFLOW_ERROR_NOT_ON_ROUTE, "sato is not on the route of this request");
  event = stamp (RINGI_ACTION_APPROVE, "sato", 1);
  event.on_behalf_of = "yamada";
  assert_refused (wf, &event, RINGI_WORKFLOW_ERROR_NOT_ON_ROUTE, "yamada is not on the route of this request");
  event = stamp (RINGI_ACTION_APPROVE, "kato", 2);
  assert_refused (wf, &event, RINGI_WORKFLOW_ERROR_WRONG_STEP, "Step 2 is not the current step (step 1 is)");
  event = stamp (RINGI_ACTION_APPROVE, "tanaka", 2);
  assert_refused (wf, &event, RINGI_WORKFLOW_ERROR_NOT_YOUR_TURN, "tanaka does not act at step 1");
  event = stamp (RINGI_ACTION_APPROVE, "kato", 1);
  event.to_step = 1;
  assert_refused (wf, &event, RINGI_WORKFLOW_ERROR_INVALID_TO_STEP, "Only a send-back");
  event = stamp (RINGI_ACTION_SEND_BACK, "kato", 1);
  event.to_step = 1;
  assert_refused (wf, &event, RINGI_WORKFLOW_ERROR_INVALID_TO_STEP, "Cannot send back to step 1");
}

static void
test_check_changes_nothing (void)
{
  g_autoptr(RingiRoute) route = route_new ("consult:all=sato,yamada ; final=tanaka");
  g_autoptr(RingiWorkflow) wf = submitted (route);
  RingiWorkflowEvent event = stamp (RINGI_ACTION_APPROVE, "sato", 1);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 3; i++)
    {
      g_assert_true (ringi_workflow_check (wf, &event, &error));
      g_assert_no_error (error);
    }
  approve (wf, "sato", 1);
  g_assert_false (ringi_workflow_check (wf, &event, &error));
  g_assert_error (error, RINGI_WORKFLOW_ERROR, RINGI_WORKFLOW_ERROR_ALREADY_ACTED);
}

static void
test_copy (void)
{
  g_autoptr(RingiRoute) route = route_new ("consult:all=sato,yamada ; final=tanaka");
  g_autoptr(RingiWorkflow) wf = submitted (route);
  RingiWorkflow *copy;
  RingiWorkflowEvent event = stamp (RINGI_ACTION_APPROVE, "yamada", 1);

  approve (wf, "sato", 1);
  copy = ringi_workflow_copy (wf);
  g_assert_cmpstr (ringi_workflow_get_applicant (copy), ==, "suzuki");
  g_assert_cmpuint (ringi_workflow_get_revision (copy), ==, 1);
  g_assert_true (ringi_workflow_get_route (copy) == route);

  /* The copy remembers sato's approval but moves on alone. */
  event.signer = "sato";
  assert_refused (copy, &event, RINGI_WORKFLOW_ERROR_ALREADY_ACTED, NULL);
  approve (copy, "yamada", 1);
  approve (copy, "tanaka", 2);
  assert_state (copy, RINGI_REQUEST_DECIDED, 0);
  assert_state (wf, RINGI_REQUEST_IN_PROGRESS, 1);
  g_assert_false (ringi_workflow_step_is_done (wf, 1));
  g_assert_finalize_object (copy);

  approve (wf, "yamada", 1);
  assert_state (wf, RINGI_REQUEST_IN_PROGRESS, 2);
}

static void
test_names (void)
{
  static const char *const actions[] = {
    "submit",
    "approve",
    "reject",
    "send-back",
    "withdraw",
    "resubmit",
    "acknowledge",
  };
  static const char *const statuses[] = {
    "new",
    "in-progress",
    "sent-back",
    "withdrawn",
    "rejected",
    "decided",
  };
  RingiAction action;

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      g_assert_cmpstr (ringi_action_to_string (i), ==, actions[i]);
      g_assert_true (ringi_action_from_string (actions[i], &action));
      g_assert_cmpint (action, ==, i);
    }
  g_assert_false (ringi_action_from_string ("Approve", &action));
  g_assert_false (ringi_action_from_string ("approve ", &action));
  g_assert_false (ringi_action_from_string ("", &action));

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    g_assert_cmpstr (ringi_request_status_to_string (i), ==, statuses[i]);
}

int
main (int argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      for (guint action = 0; action < N_ACTIONS; action++)
        {
          TableCase *c = g_new0 (TableCase, 1);
          g_autofree char *path = NULL;

          c->row = &table[i];
          c->action = action;
          path = g_strdup_printf ("/ringi/workflow/table/%s/%s/%s",
                                  states[table[i].state].name,
                                  ringi_action_to_string (action),
                                  actor_names[table[i].actor]);
          g_test_add_data_func_full (path, c, test_table, g_free);
        }
    }
  g_test_add_func ("/ringi/workflow/table/complete", test_table_complete);

  g_test_add_func ("/ringi/workflow/full-route", test_full_route);
  g_test_add_func ("/ringi/workflow/consult-quorum", test_consult_quorum);
  g_test_add_func ("/ringi/workflow/consult-quorum-two-of-three", test_consult_quorum_two_of_three);
  g_test_add_func ("/ringi/workflow/send-back-and-resubmit", test_send_back_and_resubmit);
  g_test_add_func ("/ringi/workflow/send-back-to-earlier-step", test_send_back_to_earlier_step);
  g_test_add_func ("/ringi/workflow/reject", test_reject);
  g_test_add_func ("/ringi/workflow/withdraw", test_withdraw);
  g_test_add_func ("/ringi/workflow/withdraw-after-acknowledgement", test_withdraw_after_acknowledgement);
  g_test_add_func ("/ringi/workflow/substitute-decision", test_substitute_decision);
  g_test_add_func ("/ringi/workflow/delegate-at-approve-step", test_delegate_at_approve_step);
  g_test_add_func ("/ringi/workflow/circulate", test_circulate);
  g_test_add_func ("/ringi/workflow/circulate-after-reject", test_circulate_after_reject);
  g_test_add_func ("/ringi/workflow/circulate-after-decision", test_circulate_after_decision);
  g_test_add_func ("/ringi/workflow/actions-for", test_actions_for);
  g_test_add_func ("/ringi/workflow/applicant-on-route", test_applicant_on_route);
  g_test_add_func ("/ringi/workflow/messages", test_messages);
  g_test_add_func ("/ringi/workflow/check-changes-nothing", test_check_changes_nothing);
  g_test_add_func ("/ringi/workflow/copy", test_copy);
  g_test_add_func ("/ringi/workflow/names", test_names);

  return g_test_run ();
}
