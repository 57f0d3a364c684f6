/* ringi-history.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-history"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ringi-history.h"
#include "ringi-outbox.h"
#include "ringi-stamp.h"

static gboolean
apply_stamp (RingiWorkflow *workflow,
             const RingiChainStamp *link,
             GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(RingiStamp) stamp = ringi_stamp_parse (link->stamp.record, &local_error);
  g_autoptr(RingiRoute) route = NULL;
  RingiWorkflowEvent event = { 0 };

  if (stamp == NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("Stamp %u of the request cannot be read: "), link->stamp.seq);
      return FALSE;
    }

  if (ringi_stamp_get_route (stamp) != NULL)
    {
      route = ringi_route_parse (ringi_stamp_get_route (stamp), error);
      if (route == NULL)
        return FALSE;
    }

  event.action = ringi_stamp_get_action (stamp);
  event.step = ringi_stamp_get_step (stamp);
  event.to_step = ringi_stamp_get_to_step (stamp);
  event.signer = ringi_stamp_get_signer (stamp);
  event.on_behalf_of = ringi_stamp_get_on_behalf_of (stamp);
  event.route = route;
  event.has_comment = ringi_stamp_get_comment_sha256 (stamp) != NULL;

  if (!ringi_workflow_apply (workflow, &event, &local_error))
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("Stamp %u of the request does not follow its route: "), link->stamp.seq);
      return FALSE;
    }

  return TRUE;
}

/**
 * ringi_history_replay:
 * @chain: (element-type RingiChainStamp): a request's stamps in chain
 *   order, as ringi_outbox_list_chain() gives them
 * @error: return location for a #GError
 *
 * Feeds the stamps to the approval state machine, to learn where the
 * request stands as this profile sees it, pending stamps included.
 * Signatures are not checked here: the server checked each stamp before
 * accepting it, and the verifier checks them for evidence.
 *
 * Returns: (transfer full): the state machine after the last stamp, or
 *   %NULL with @error set
 */
RingiWorkflow *
ringi_history_replay (GPtrArray *chain,
                      GError **error)
{
  g_autoptr(RingiWorkflow) workflow = ringi_workflow_new ();

  g_return_val_if_fail (chain != NULL, NULL);

  for (guint i = 0; i < chain->len; i++)
    if (!apply_stamp (workflow, g_ptr_array_index (chain, i), error))
      return NULL;

  return g_steal_pointer (&workflow);
}

/**
 * ringi_history_find_acknowledge_step:
 * @workflow: a request's state
 * @login: who would acknowledge
 * @on_behalf_of: (nullable): whom @login would act for
 *
 * Returns: the first circulate or post-review step that person may
 *   acknowledge now, or 0 when there is none
 */
guint
ringi_history_find_acknowledge_step (RingiWorkflow *workflow,
                                     const char *login,
                                     const char *on_behalf_of)
{
  RingiRoute *route;

  g_return_val_if_fail (RINGI_IS_WORKFLOW (workflow), 0);
  g_return_val_if_fail (login != NULL, 0);

  route = ringi_workflow_get_route (workflow);
  if (route == NULL)
    return 0;

  for (guint step = 1; step <= ringi_route_get_n_steps (route); step++)
    {
      RingiStepKind kind = ringi_route_get_step (route, step)->kind;
      RingiWorkflowEvent event = {
        .action = RINGI_ACTION_ACKNOWLEDGE,
        .step = step,
        .signer = login,
        .on_behalf_of = on_behalf_of,
      };

      if ((kind == RINGI_STEP_CIRCULATE || kind == RINGI_STEP_POST_REVIEW) &&
          ringi_workflow_check (workflow, &event, NULL))
        return step;
    }

  return 0;
}
