/* ringi-route.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * RingiStepKind:
 * @RINGI_STEP_APPROVE: 承認: one approver, or any one of a list
 * @RINGI_STEP_CONSULT: 合議: a group; all of them, or a quorum of N
 * @RINGI_STEP_CIRCULATE: 回覧: people who acknowledge; never blocks
 * @RINGI_STEP_FINAL: 決裁: the decider; its approval decides the request
 * @RINGI_STEP_POST_REVIEW: 後閲: the absent decider acknowledges after a
 *   substitute decision; added by the workflow, never written by people
 */
typedef enum
{
  RINGI_STEP_APPROVE,
  RINGI_STEP_CONSULT,
  RINGI_STEP_CIRCULATE,
  RINGI_STEP_FINAL,
  RINGI_STEP_POST_REVIEW,
} RingiStepKind;

/**
 * RingiRouteError:
 * @RINGI_ROUTE_ERROR_SYNTAX: the text does not follow the canonical form
 * @RINGI_ROUTE_ERROR_INVALID: the form is right but the route makes no
 *   sense (no final step, a quorum larger than the group, a login twice…)
 */
typedef enum
{
  RINGI_ROUTE_ERROR_SYNTAX,
  RINGI_ROUTE_ERROR_INVALID,
} RingiRouteError;

#define RINGI_ROUTE_ERROR (ringi_route_error_quark ())
GQuark ringi_route_error_quark (void);

/**
 * RingiRouteStep:
 * @kind: what the step is
 * @quorum: for consult steps, how many approvals suffice; 0 means all
 * @logins: (array zero-terminated=1): the people of the step
 */
typedef struct
{
  RingiStepKind kind;
  guint quorum;
  char **logins;
} RingiRouteStep;

typedef struct _RingiRoute RingiRoute;

#define RINGI_TYPE_ROUTE (ringi_route_get_type ())
GType ringi_route_get_type (void) G_GNUC_CONST;

RingiRoute *ringi_route_parse (const char *text,
                               GError **error);
RingiRoute *ringi_route_ref (RingiRoute *route);
void ringi_route_unref (RingiRoute *route);
char *ringi_route_to_string (const RingiRoute *route);
guint ringi_route_get_n_steps (const RingiRoute *route);
const RingiRouteStep *ringi_route_get_step (const RingiRoute *route,
                                            guint number);
RingiRoute *ringi_route_append_step (const RingiRoute *route,
                                     RingiStepKind kind,
                                     const char *const *logins);
gboolean ringi_route_has_login (const RingiRoute *route,
                                const char *login);
const char *ringi_step_kind_to_string (RingiStepKind kind);
gboolean ringi_route_login_is_valid (const char *login);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RingiRoute, ringi_route_unref)

G_END_DECLS
