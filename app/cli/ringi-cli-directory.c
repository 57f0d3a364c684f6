/* ringi-cli-directory.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "ringi-cli-command.h"
#include "ringi-cli-common.h"
#include "ringi-command.h"
#include "ringi-text.h"

static JsonNode *
directory_to_json (GPtrArray *users,
                   GPtrArray *templates)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "users");
  json_builder_begin_array (builder);
  for (guint i = 0; i < users->len; i++)
    {
      RingiUser *user = g_ptr_array_index (users, i);

      json_builder_begin_object (builder);
      ringi_cli_json_add_string (builder, "login", user->login);
      ringi_cli_json_add_string (builder, "display_name", user->display_name);
      ringi_cli_json_add_string (builder, "seal_name", user->seal_name);
      ringi_cli_json_add_string (builder, "department", user->department);
      ringi_cli_json_add_string (builder, "role", user->role);
      ringi_cli_json_add_string (builder, "manager", user->manager);
      ringi_cli_json_add_string (builder, "fingerprint", user->fingerprint);
      json_builder_set_member_name (builder, "disabled");
      json_builder_add_boolean_value (builder, user->disabled);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "route_templates");
  json_builder_begin_array (builder);
  for (guint i = 0; i < templates->len; i++)
    {
      RingiStoredRouteTemplate *template = g_ptr_array_index (templates, i);

      json_builder_begin_object (builder);
      ringi_cli_json_add_string (builder, "category", template->category);
      json_builder_set_member_name (builder, "min_amount");
      json_builder_add_int_value (builder, template->min_amount);
      ringi_cli_json_add_string (builder, "route", template->route);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
print_directory (GPtrArray *users,
                 GPtrArray *templates)
{
  g_print ("%s\n", _("People:"));
  for (guint i = 0; i < users->len; i++)
    {
      RingiUser *user = g_ptr_array_index (users, i);

      g_print ("  %-16s %s  (%s, %s)%s\n", user->login, user->display_name, user->department, user->role,
               user->disabled ? _(" — disabled") : (user->fingerprint ? "" : _(" — not enrolled")));
    }

  g_print ("%s\n", _("Route templates:"));
  for (guint i = 0; i < templates->len; i++)
    {
      RingiStoredRouteTemplate *template = g_ptr_array_index (templates, i);
      g_autofree char *amount = g_strdup_printf ("%" G_GINT64_FORMAT, template->min_amount);
      g_autofree char *category = ringi_text_pad (template->category, 16);

      /* Translators: a route template: category (padded), from this amount in yen, route */
      g_print (_("  %s from %s yen: %s\n"), category, amount, template->route);
    }
}

/**
 * ringi_cli_directory:
 * @argc: number of arguments
 * @argv: the arguments; argv[0] is "ringi-cli directory"
 *
 * `directory [--json]`: the people and route templates as last synced.
 *
 * Returns: the exit status
 */
int
ringi_cli_directory (int argc,
                     char **argv)
{
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = ringi_cli_option_context_new (NULL, _("List the people and route templates, as last synced."), entries);
  g_auto(RingiCliSession) session = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GPtrArray) templates = NULL;
  int status;

  if ((status = ringi_cli_parse (context, &argc, &argv)) != RINGI_EXIT_OK)
    return status;
  if (argc != 1)
    return ringi_cli_usage_error (context, _("directory takes no arguments"));

  if (!ringi_cli_session_open (&session, &error) ||
      (users = ringi_store_list_users (ringi_profile_get_store (session.profile), &error)) == NULL ||
      (templates = ringi_store_list_route_templates (ringi_profile_get_store (session.profile), &error)) == NULL)
    return ringi_cli_fail (argv[0], error);

  if (as_json)
    {
      g_autoptr(JsonNode) node = directory_to_json (users, templates);
      ringi_cli_print_json (node);
    }
  else
    print_directory (users, templates);

  return RINGI_EXIT_OK;
}
