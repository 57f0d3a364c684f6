/* ringi-route.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-route"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ringi-route.h"

#define MAX_LOGIN_LENGTH 64

/* Immutable once built: callers share a route by reference, so the
 * workflow can hand out its route without copying it. */
struct _RingiRoute
{
  gatomicrefcount ref_count;
  guint n_steps;
  RingiRouteStep *steps;
};

G_DEFINE_BOXED_TYPE (RingiRoute, ringi_route, ringi_route_ref, ringi_route_unref)
G_DEFINE_QUARK (ringi-route-error-quark, ringi_route_error)

static const char *const kind_names[] = {
  [RINGI_STEP_APPROVE] = "approve",
  [RINGI_STEP_CONSULT] = "consult",
  [RINGI_STEP_CIRCULATE] = "circulate",
  [RINGI_STEP_FINAL] = "final",
  [RINGI_STEP_POST_REVIEW] = "post-review",
};

const char *
ringi_step_kind_to_string (RingiStepKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (kind_names), NULL);

  return kind_names[kind];
}

static gboolean
kind_from_string (const char *text,
                  RingiStepKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    {
      if (g_str_equal (text, kind_names[i]))
        {
          *kind = i;
          return TRUE;
        }
    }

  return FALSE;
}

static void
step_clear (RingiRouteStep *step)
{
  g_clear_pointer (&step->logins, g_strfreev);
}

static RingiRoute *
route_new_take (GArray *steps)
{
  RingiRoute *route = g_new0 (RingiRoute, 1);

  g_atomic_ref_count_init (&route->ref_count);
  route->n_steps = steps->len;
  route->steps = (RingiRouteStep *) (void *) g_array_free (steps, FALSE);

  return route;
}

static GArray *
steps_array_new (void)
{
  GArray *steps = g_array_new (FALSE, TRUE, sizeof (RingiRouteStep));

  g_array_set_clear_func (steps, (GDestroyNotify) step_clear);
  return steps;
}

RingiRoute *
ringi_route_ref (RingiRoute *route)
{
  g_return_val_if_fail (route != NULL, NULL);

  g_atomic_ref_count_inc (&route->ref_count);
  return route;
}

void
ringi_route_unref (RingiRoute *route)
{
  g_return_if_fail (route != NULL);

  if (!g_atomic_ref_count_dec (&route->ref_count))
    return;

  for (guint i = 0; i < route->n_steps; i++)
    step_clear (&route->steps[i]);
  g_free (route->steps);
  g_free (route);
}

/**
 * ringi_route_login_is_valid:
 * @login: a word
 *
 * The one login rule of Ringi, for routes, stamps and delegations alike:
 * 1 to 64 of lowercase a–z, digits, “.”, “_” and “-” (docs/routes.md).
 *
 * Returns: %TRUE when @login is a login
 */
gboolean
ringi_route_login_is_valid (const char *login)
{
  gsize length = strlen (login);

  if (length == 0 || length > MAX_LOGIN_LENGTH)
    return FALSE;

  for (const char *p = login; *p != '\0'; p++)
    {
      if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) &&
          *p != '.' && *p != '_' && *p != '-')
        return FALSE;
    }

  return TRUE;
}

/* Accepts exactly what ringi_route_to_string() writes: "all", or a
 * decimal number of 1 or more without a leading zero. */
static gboolean
parse_rule (const char *text,
            guint *quorum)
{
  guint64 value;

  if (g_str_equal (text, "all"))
    {
      *quorum = 0;
      return TRUE;
    }

  if (text[0] == '0' ||
      !g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT, &value, NULL))
    return FALSE;

  *quorum = (guint) value;
  return TRUE;
}

static gboolean
parse_logins (const char *text,
              guint number,
              RingiRouteStep *step,
              GError **error)
{
  g_auto(GStrv) logins = NULL;

  /* "approve=" is well formed; validation says that it names nobody. */
  if (text[0] == '\0')
    {
      step->logins = g_new0 (char *, 1);
      return TRUE;
    }

  logins = g_strsplit (text, ",", -1);
  for (guint i = 0; logins[i] != NULL; i++)
    {
      g_strstrip (logins[i]);
      if (logins[i][0] == '\0')
        {
          g_set_error (error, RINGI_ROUTE_ERROR, RINGI_ROUTE_ERROR_SYNTAX,
                       _("Step %u: a login is missing between or after the commas"),
                       number);
          return FALSE;
        }
      if (!ringi_route_login_is_valid (logins[i]))
        {
          g_set_error (error, RINGI_ROUTE_ERROR, RINGI_ROUTE_ERROR_SYNTAX,
                       _("Step %u: “%s” is not a login (lowercase letters a–z, digits, “.”, “_” and “-”, 1 to %d characters)"),
                       number, logins[i], MAX_LOGIN_LENGTH);
          return FALSE;
        }
    }

  step->logins = g_steal_pointer (&logins);
  return TRUE;
}

static gboolean
parse_head (char *head,
            guint number,
            RingiRouteStep *step,
            GError **error)
{
  char *colon = strchr (head, ':');
  const char *rule = NULL;

  if (colon != NULL)
    {
      *colon = '\0';
      rule = g_strstrip (colon + 1);
    }
  g_strstrip (head);

  if (!kind_from_string (head, &step->kind))
    {
      g_set_error (error, RINGI_ROUTE_ERROR, RINGI_ROUTE_ERROR_SYNTAX,
                   _("Step %u: “%s” is not a kind of step (approve, consult, circulate, final or post-review)"),
                   number, head);
      return FALSE;
    }

  if (rule != NULL && !parse_rule (rule, &step->quorum))
    {
      g_set_error (error, RINGI_ROUTE_ERROR, RINGI_ROUTE_ERROR_SYNTAX,
                   _("Step %u: “%s” is not a rule; write “all” or a number of 1 or more"),
                   number, rule);
      return FALSE;
    }

  if (rule != NULL && step->kind != RINGI_STEP_CONSULT)
    {
      g_set_error (error, RINGI_ROUTE_ERROR, RINGI_ROUTE_ERROR_INVALID,
                   _("Step %u (%s) takes no rule; only consult steps do"),
                   number, kind_names[step->kind]);
      return FALSE;
    }

  if (rule == NULL && step->kind == RINGI_STEP_CONSULT)
    {
      g_set_error (error, RINGI_ROUTE_ERROR, RINGI_ROUTE_ERROR_SYNTAX,
                   _("Step %u: a consult step needs a rule: “consult:all=” or “consult:N=”"),
                   number);
      return FALSE;
    }

  return TRUE;
}

static gboolean
parse_step (const char *text,
            guint number,
            RingiRouteStep *step,
            GError **error)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  char *equals;

  if (copy[0] == '\0')
    {
      g_set_error (error, RINGI_ROUTE_ERROR, RINGI_ROUTE_ERROR_SYNTAX,
                   _("Step %u is empty"), number);
      return FALSE;
    }

  equals = strchr (copy, '=');
  if (equals == NULL)
    {
      g_set_error (error, RINGI_ROUTE_ERROR, RINGI_ROUTE_ERROR_SYNTAX,
                   _("Step %u (“%s”) has no “=” before its people"), number, copy);
      return FALSE;
    }
  *equals = '\0';

  return parse_head (copy, number, step, error) &&
         parse_logins (g_strstrip (equals + 1), number, step, error);
}

static gboolean
validate_step (const RingiRouteStep *step,
               guint number,
               GError **error)
{
  guint n_logins = g_strv_length (step->logins);

  if (n_logins == 0)
    {
      g_set_error (error, RINGI_ROUTE_ERROR, RINGI_ROUTE_ERROR_INVALID,
                   _("Step %u (%s) names nobody"), number, kind_names[step->kind]);
      return FALSE;
    }

  for (guint i = 1; i < n_logins; i++)
    {
      for (guint j = 0; j < i; j++)
        {
          if (g_str_equal (step->logins[i], step->logins[j]))
            {
              g_set_error (error, RINGI_ROUTE_ERROR, RINGI_ROUTE_ERROR_INVALID,
                           _("Step %u names %s twice"), number, step->logins[i]);
              return FALSE;
            }
        }
    }

  if (step->quorum > n_logins)
    {
      g_set_error (error, RINGI_ROUTE_ERROR, RINGI_ROUTE_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "Step %u asks for %u approvals but names only %u person",
                                "Step %u asks for %u approvals but names only %u people",
                                n_logins),
                   number, step->quorum, n_logins);
      return FALSE;
    }

  return TRUE;
}

/* The order of kinds: anything but post-review up to the one final step,
 * then only steps that never block: circulation after the decision
 * (供覧) and post-review. */
static gboolean
validate_order (const RingiRoute *route,
                GError **error)
{
  guint final = 0;

  for (guint number = 1; number <= route->n_steps; number++)
    {
      RingiStepKind kind = route->steps[number - 1].kind;

      if (kind == RINGI_STEP_FINAL && final != 0)
        {
          g_set_error (error, RINGI_ROUTE_ERROR, RINGI_ROUTE_ERROR_INVALID,
                       _("Step %u is a second final step; step %u is already final"),
                       number, final);
          return FALSE;
        }
      if (kind == RINGI_STEP_FINAL)
        final = number;
      else if (kind == RINGI_STEP_POST_REVIEW && final == 0)
        {
          g_set_error (error, RINGI_ROUTE_ERROR, RINGI_ROUTE_ERROR_INVALID,
                       _("Step %u: a post-review step may only follow the final step"),
                       number);
          return FALSE;
        }
      else if (kind != RINGI_STEP_POST_REVIEW && kind != RINGI_STEP_CIRCULATE && final != 0)
        {
          g_set_error (error, RINGI_ROUTE_ERROR, RINGI_ROUTE_ERROR_INVALID,
                       _("Step %u (%s) comes after the final step %u; only circulation and post-review may follow it"),
                       number, kind_names[kind], final);
          return FALSE;
        }
    }

  if (final == 0)
    {
      g_set_error_literal (error, RINGI_ROUTE_ERROR, RINGI_ROUTE_ERROR_INVALID,
                           _("The route has no final step"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
validate (const RingiRoute *route,
          GError **error)
{
  for (guint number = 1; number <= route->n_steps; number++)
    {
      if (!validate_step (&route->steps[number - 1], number, error))
        return FALSE;
    }

  return validate_order (route, error);
}

/**
 * ringi_route_parse:
 * @text: a route in canonical form, e.g.
 *   `approve=suzuki ; consult:all=sato,yamada ; final=tanaka`
 * @error: return location for a #GError
 *
 * Reads a route. Spaces around the separators are tolerated; anything
 * else that ringi_route_to_string() would not write is refused.
 *
 * Returns: (transfer full): the route, or %NULL with @error set
 */
RingiRoute *
ringi_route_parse (const char *text,
                   GError **error)
{
  g_autoptr(GArray) steps = NULL;
  g_autoptr(RingiRoute) route = NULL;
  g_auto(GStrv) parts = NULL;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parts = g_strsplit (text, ";", -1);
  if (parts[0] == NULL || (parts[1] == NULL && g_strstrip (parts[0])[0] == '\0'))
    {
      g_set_error_literal (error, RINGI_ROUTE_ERROR, RINGI_ROUTE_ERROR_SYNTAX,
                           _("The route is empty"));
      return NULL;
    }

  steps = steps_array_new ();
  for (guint i = 0; parts[i] != NULL; i++)
    {
      RingiRouteStep step = { 0 };

      if (!parse_step (parts[i], i + 1, &step, error))
        {
          step_clear (&step);
          return NULL;
        }
      g_array_append_val (steps, step);
    }

  route = route_new_take (g_steal_pointer (&steps));
  if (!validate (route, error))
    return NULL;

  return g_steal_pointer (&route);
}

/**
 * ringi_route_to_string:
 * @route: a #RingiRoute
 *
 * Writes the canonical form: steps joined by ` ; `, each
 * `kind[:rule]=login,login`, the rule only on consult steps.
 *
 * Returns: (transfer full): the text
 */
char *
ringi_route_to_string (const RingiRoute *route)
{
  GString *text;

  g_return_val_if_fail (route != NULL, NULL);

  text = g_string_new (NULL);
  for (guint i = 0; i < route->n_steps; i++)
    {
      const RingiRouteStep *step = &route->steps[i];
      g_autofree char *logins = g_strjoinv (",", step->logins);

      if (i > 0)
        g_string_append (text, " ; ");
      g_string_append (text, kind_names[step->kind]);
      if (step->kind == RINGI_STEP_CONSULT && step->quorum == 0)
        g_string_append (text, ":all");
      else if (step->kind == RINGI_STEP_CONSULT)
        g_string_append_printf (text, ":%u", step->quorum);
      g_string_append_printf (text, "=%s", logins);
    }

  return g_string_free (text, FALSE);
}

guint
ringi_route_get_n_steps (const RingiRoute *route)
{
  g_return_val_if_fail (route != NULL, 0);

  return route->n_steps;
}

/**
 * ringi_route_get_step:
 * @route: a #RingiRoute
 * @number: the step number, from 1 to ringi_route_get_n_steps()
 *
 * Returns: (transfer none): the step
 */
const RingiRouteStep *
ringi_route_get_step (const RingiRoute *route,
                      guint number)
{
  g_return_val_if_fail (route != NULL, NULL);
  g_return_val_if_fail (number >= 1 && number <= route->n_steps, NULL);

  return &route->steps[number - 1];
}

/**
 * ringi_route_append_step:
 * @route: a #RingiRoute
 * @kind: the kind of the new last step
 * @logins: (array zero-terminated=1): its people
 *
 * Makes a new route with one more step at the end; @route itself never
 * changes. The workflow uses it to add the 後閲 step after a 代決, so the
 * result must still be a valid route: in practice @kind is
 * %RINGI_STEP_POST_REVIEW.
 *
 * Returns: (transfer full) (nullable): the new route, or %NULL if the
 *   result would not be a valid route (a programming error)
 */
RingiRoute *
ringi_route_append_step (const RingiRoute *route,
                         RingiStepKind kind,
                         const char *const *logins)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiRoute) result = NULL;
  GArray *steps;
  RingiRouteStep step = { kind, 0, NULL };

  g_return_val_if_fail (route != NULL, NULL);
  g_return_val_if_fail (kind < G_N_ELEMENTS (kind_names), NULL);
  g_return_val_if_fail (logins != NULL, NULL);

  for (guint i = 0; logins[i] != NULL; i++)
    g_return_val_if_fail (ringi_route_login_is_valid (logins[i]), NULL);

  steps = steps_array_new ();
  for (guint i = 0; i < route->n_steps; i++)
    {
      RingiRouteStep copy = route->steps[i];

      copy.logins = g_strdupv (copy.logins);
      g_array_append_val (steps, copy);
    }
  step.logins = g_strdupv ((char **) logins);
  g_array_append_val (steps, step);

  result = route_new_take (steps);
  if (!validate (result, &error))
    {
      g_critical ("%s: %s", G_STRFUNC, error->message);
      return NULL;
    }

  return g_steal_pointer (&result);
}

/**
 * ringi_route_has_login:
 * @route: a #RingiRoute
 * @login: a login
 *
 * Returns: whether @login is among the people of any step
 */
gboolean
ringi_route_has_login (const RingiRoute *route,
                       const char *login)
{
  g_return_val_if_fail (route != NULL, FALSE);
  g_return_val_if_fail (login != NULL, FALSE);

  for (guint i = 0; i < route->n_steps; i++)
    {
      if (g_strv_contains ((const char *const *) route->steps[i].logins, login))
        return TRUE;
    }

  return FALSE;
}
