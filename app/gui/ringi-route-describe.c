/* ringi-route-describe.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-route-describe"

#include "config.h"

#include <glib/gi18n.h>

#include "ringi-route-describe.h"
#include "ringi-store.h"

/* A route in words for people: the template a new request takes and the
 * steps of the route editor read the same way. */

/**
 * ringi_step_kind_label:
 * @kind: a step kind
 *
 * Returns: the kind as the UI names it
 */
const char *
ringi_step_kind_label (RingiStepKind kind)
{
  switch (kind)
    {
    case RINGI_STEP_APPROVE:
      /* Translators: a route step, 承認 */
      return _("Approve");
    case RINGI_STEP_CONSULT:
      /* Translators: a route step, 合議 */
      return _("Consult");
    case RINGI_STEP_CIRCULATE:
      /* Translators: a route step, 回覧 */
      return _("Circulate");
    case RINGI_STEP_FINAL:
      /* Translators: a route step, 決裁 */
      return _("Final decision");
    case RINGI_STEP_POST_REVIEW:
      /* Translators: a route step, 後閲 */
      return _("Post-review");
    default:
      g_assert_not_reached ();
    }
}

/**
 * ringi_route_describe_step:
 * @step: a step
 * @number: its number, from 1
 *
 * Returns: (transfer full): e.g. “2. Consult (all of them)”
 */
char *
ringi_route_describe_step (const RingiRouteStep *step,
                           guint number)
{
  const char *kind = ringi_step_kind_label (step->kind);

  if (step->kind != RINGI_STEP_CONSULT)
    /* Translators: a route step: its number and kind */
    return g_strdup_printf (_("%u. %s"), number, kind);
  if (step->quorum == 0)
    /* Translators: a consult step where everybody must approve */
    return g_strdup_printf (_("%u. %s (all of them)"), number, kind);

  /* Translators: a consult step where N approvals suffice */
  return g_strdup_printf (_("%u. %s (%u of them)"), number, kind, step->quorum);
}

/**
 * ringi_route_describe_people:
 * @step: a step
 * @names: (element-type utf8 utf8): login → name, from
 *   ringi_route_names_new()
 *
 * Returns: (transfer full): the people of the step by name, or a note
 *   that it names nobody yet
 */
char *
ringi_route_describe_people (const RingiRouteStep *step,
                             GHashTable *names)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; step->logins != NULL && step->logins[i] != NULL; i++)
    {
      const char *name = g_hash_table_lookup (names, step->logins[i]);

      if (text->len > 0)
        /* Translators: between the names of a route step */
        g_string_append (text, _(", "));
      g_string_append (text, name ? name : step->logins[i]);
    }

  if (text->len == 0)
    return g_strdup (_("Nobody yet"));

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * ringi_route_names_new:
 * @users: (element-type RingiUser): the directory
 *
 * Returns: (transfer full) (element-type utf8 utf8): login → the name
 *   people know them by
 */
GHashTable *
ringi_route_names_new (GPtrArray *users)
{
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; users != NULL && i < users->len; i++)
    {
      const RingiUser *user = g_ptr_array_index (users, i);
      const char *name = user->display_name && user->display_name[0] ? user->display_name : user->login;

      g_hash_table_insert (names, g_strdup (user->login), g_strdup (name));
    }

  return names;
}
