/* ringi-server-route-command.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ringi-command.h"
#include "ringi-route.h"
#include "ringi-server-commands-private.h"
#include "ringi-server-error.h"
#include "ringi-text.h"

/* A route naming someone the server does not know could never complete:
 * refuse it now rather than when a request gets stuck. */
static gboolean
check_route_logins (RingiServerStorage *storage,
                    const RingiRoute *route,
                    GError **error)
{
  for (guint i = 1; i <= ringi_route_get_n_steps (route); i++)
    {
      const RingiRouteStep *step = ringi_route_get_step (route, i);

      for (guint j = 0; step->logins[j] != NULL; j++)
        {
          g_autoptr(RingiUser) user = ringi_server_storage_get_user (storage, step->logins[j], error);

          if (user == NULL)
            {
              g_prefix_error (error, _("Step %u: "), i);
              return FALSE;
            }
        }
    }

  return TRUE;
}

static gboolean
check_template (char *category,
                gint64 min_amount,
                GError **error)
{
  if (category == NULL || *g_strstrip (category) == '\0')
    {
      g_set_error (error, RINGI_SERVER_ERROR, RINGI_SERVER_ERROR_INVALID_ARGUMENT,
                   _("--category and --route are required"));
      return FALSE;
    }

  if (min_amount < 0)
    {
      g_set_error (error, RINGI_SERVER_ERROR, RINGI_SERVER_ERROR_INVALID_ARGUMENT,
                   _("--min-amount must not be negative"));
      return FALSE;
    }

  return TRUE;
}

static int
run_route_add (const char *program,
               const char *data_dir,
               char *category,
               const char *route_text,
               gint64 min_amount)
{
  g_autoptr(RingiServerStorage) storage = NULL;
  g_autoptr(RingiRoute) route = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *amount = NULL;
  RingiRouteTemplate route_template = { category, min_amount, NULL };

  if (!check_template (category, min_amount, &error) ||
      (route = ringi_route_parse (route_text ? route_text : "", &error)) == NULL)
    return ringi_server_command_fail (program, error);

  storage = ringi_server_command_open_storage (program, data_dir);
  if (storage == NULL)
    return RINGI_EXIT_FAILURE;

  /* Stored in canonical form, the one clients and stamps use. */
  canonical = ringi_route_to_string (route);
  route_template.route = canonical;
  if (!check_route_logins (storage, route, &error) ||
      !ringi_server_storage_put_route_template (storage, &route_template, ringi_server_command_now (), &error))
    return ringi_server_command_fail (program, error);

  amount = g_strdup_printf ("%" G_GINT64_FORMAT, min_amount);
  /* Translators: the route of a category, e.g. "Route for 物品購入 from 0 yen: final=tanaka" */
  g_print (_("Route for %s from %s yen: %s\n"), category, amount, canonical);
  return RINGI_EXIT_OK;
}

static int
route_add (int argc,
           char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *category = NULL;
  g_autofree char *route = NULL;
  g_autofree char *program = g_strdup (argv[0]);
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  gint64 min_amount = 0;
  const GOptionEntry entries[] = {
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, N_("The server data folder"), N_("DIR") },
    { "category", 0, 0, G_OPTION_ARG_STRING, &category, N_("The request category, e.g. 物品購入"), N_("NAME") },
    { "route", 0, 0, G_OPTION_ARG_STRING, &route, N_("The route, e.g. \"approve=suzuki ; final=tanaka\""), N_("ROUTE") },
    { "min-amount", 0, 0, G_OPTION_ARG_INT64, &min_amount, N_("The route applies from this amount in yen (default 0)"), N_("N") },
    { NULL }
  };

  g_option_context_set_summary (context, _("Adds the route template of a category from an amount on, or replaces it."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!ringi_server_command_parse (context, &argc, &argv, 0, &data_dir))
    return RINGI_EXIT_USAGE;

  return run_route_add (program, data_dir, category, route, min_amount);
}

static void
print_templates_json (GPtrArray *templates)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < templates->len; i++)
    {
      const RingiRouteTemplate *route_template = g_ptr_array_index (templates, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "category");
      json_builder_add_string_value (builder, route_template->category);
      json_builder_set_member_name (builder, "min_amount");
      json_builder_add_int_value (builder, route_template->min_amount);
      json_builder_set_member_name (builder, "route");
      json_builder_add_string_value (builder, route_template->route);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  ringi_server_command_print_json (root);
}

static void
print_template_row (const char *category,
                    const char *min_amount,
                    const char *route)
{
  g_autofree char *category_column = ringi_text_pad (category, 16);

  g_print ("%s %12s  %s\n", category_column, min_amount, route);
}

static void
print_templates_table (GPtrArray *templates)
{
  print_template_row (_("CATEGORY"), _("FROM (YEN)"), _("ROUTE"));
  for (guint i = 0; i < templates->len; i++)
    {
      const RingiRouteTemplate *route_template = g_ptr_array_index (templates, i);
      g_autofree char *amount = g_strdup_printf ("%" G_GINT64_FORMAT, route_template->min_amount);

      print_template_row (route_template->category, amount, route_template->route);
    }
}

static int
route_list (int argc,
            char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *program = g_strdup (argv[0]);
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(RingiServerStorage) storage = NULL;
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, N_("The server data folder"), N_("DIR") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };

  g_option_context_set_summary (context, _("Lists the route templates."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!ringi_server_command_parse (context, &argc, &argv, 0, &data_dir))
    return RINGI_EXIT_USAGE;

  storage = ringi_server_command_open_storage (program, data_dir);
  if (storage == NULL)
    return RINGI_EXIT_FAILURE;

  templates = ringi_server_storage_list_route_templates (storage, &error);
  if (templates == NULL)
    return ringi_server_command_fail (program, error);

  if (json)
    print_templates_json (templates);
  else
    print_templates_table (templates);
  return RINGI_EXIT_OK;
}

static const RingiCommand route_commands[] = {
  { "add", N_("Add or replace a route template"), route_add },
  { "list", N_("List the route templates"), route_list },
  { NULL }
};

/**
 * ringi_server_route_command:
 * @argc: number of arguments
 * @argv: the arguments; argv[0] is "ringi-server route"
 *
 * `ringi-server route add|list …`
 *
 * Returns: the process exit status
 */
int
ringi_server_route_command (int argc,
                            char **argv)
{
  return ringi_command_dispatch (argv[0], _("Manages the route templates of request categories."),
                                 route_commands, argc, argv);
}
