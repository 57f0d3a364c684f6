/* ringi-cli-bundle.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `ringi-cli bundle verify DIR [--json]`: checks an evidence bundle.
 */

#define G_LOG_DOMAIN "ringi-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "ringi-bundle.h"
#include "ringi-cli-bundle.h"
#include "ringi-command.h"
#include "ringi-verifier.h"

static const char *
stamp_file (RingiBundle *bundle,
            guint index)
{
  RingiSignedFile *file = g_ptr_array_index (ringi_bundle_get_stamps (bundle), index);

  return file->path;
}

/* Everything printed comes from the bundle, which an attacker may have
 * written: control characters could redraw the terminal and forge a
 * verdict, so they are shown as escapes. */
static char *
printable (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text ? text : "", -1);
  GString *out = g_string_new (NULL);

  for (const char *p = valid; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029)
        g_string_append_printf (out, "\\x%02x", c);
      else
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

static RingiRequestStatus
last_status (GPtrArray *results)
{
  RingiStampResult *last = results->len ? results->pdata[results->len - 1] : NULL;

  return last ? last->status_after : RINGI_REQUEST_NEW;
}

/* The stamp that made the request's status what it is at the end. */
static RingiStampResult *
deciding_result (GPtrArray *results)
{
  RingiStampResult *last = results->len ? results->pdata[results->len - 1] : NULL;

  for (guint i = 0; last != NULL && i < results->len; i++)
    {
      RingiStampResult *r = results->pdata[i];

      if (r->status_after == last->status_after && r->stamp != NULL)
        return r;
    }

  return last;
}

static void
print_outcome (GPtrArray *results)
{
  RingiStampResult *r = deciding_result (results);
  g_autofree char *signer = NULL;
  g_autofree char *when = NULL;

  if (r == NULL || r->stamp == NULL)
    return;

  signer = printable (ringi_stamp_get_signer (r->stamp));
  when = g_date_time_format (ringi_stamp_get_time (r->stamp), "%Y-%m-%d %H:%M %:z");
  switch (r->status_after)
    {
    case RINGI_REQUEST_DECIDED:
      if (ringi_stamp_get_on_behalf_of (r->stamp) != NULL)
        {
          g_autofree char *absent = printable (ringi_stamp_get_on_behalf_of (r->stamp));

          g_print (_("Outcome: decided (決裁済) by %s on behalf of %s (代決), %s.\n"), signer, absent, when);
        }
      else
        g_print (_("Outcome: decided (決裁済) by %s, %s.\n"), signer, when);
      break;

    case RINGI_REQUEST_REJECTED:
      g_print (_("Outcome: rejected (却下) by %s, %s.\n"), signer, when);
      break;

    case RINGI_REQUEST_SENT_BACK:
      g_print (_("Outcome: sent back (差し戻し) by %s, %s; not decided.\n"), signer, when);
      break;

    case RINGI_REQUEST_WITHDRAWN:
      g_print (_("Outcome: withdrawn (引戻し) by %s, %s; not decided.\n"), signer, when);
      break;

    case RINGI_REQUEST_NEW:
    case RINGI_REQUEST_IN_PROGRESS:
    default:
      g_print (_("Outcome: still in progress; not decided.\n"));
    }
}

static void
print_text (RingiBundle *bundle,
            GPtrArray *results)
{
  guint n_bad = 0;

  for (guint i = 0; i < results->len; i++)
    {
      RingiStampResult *r = results->pdata[i];
      g_autofree char *file = printable (stamp_file (bundle, i));
      g_autofree char *signer = printable (r->stamp ? ringi_stamp_get_signer (r->stamp) : "?");
      g_autofree char *explanation = printable (r->explanation);
      const char *action = r->stamp ? ringi_action_to_string (ringi_stamp_get_action (r->stamp)) : "?";

      if (r->status == RINGI_STAMP_VALID)
        g_print ("%s  %-12s %-16s %s\n", file, action, signer, _("valid"));
      else
        g_print ("%s  %-12s %-16s %s: %s\n", file, action, signer,
                 ringi_stamp_status_to_string (r->status), explanation);
      n_bad += r->status != RINGI_STAMP_VALID;
    }

  if (n_bad == 0)
    print_outcome (results);

  if (n_bad == 0)
    g_print (ngettext ("Verdict: valid. The %u stamp is valid and none is missing before it.\n",
                       "Verdict: valid. All %u stamps are valid and none is missing before the last one.\n",
                       results->len),
             results->len);
  else
    g_print (_("Verdict: INVALID. %u of %u stamps failed verification.\n"), n_bad, results->len);
}

static void
print_json (RingiBundle *bundle,
            GPtrArray *results)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "document");
  json_builder_add_string_value (builder, ringi_bundle_get_document (bundle));
  json_builder_set_member_name (builder, "verdict");
  json_builder_add_string_value (builder, ringi_stamp_results_are_valid (results) ? "valid" : "invalid");
  json_builder_set_member_name (builder, "outcome");
  json_builder_add_string_value (builder, ringi_request_status_to_string (last_status (results)));
  json_builder_set_member_name (builder, "stamps");
  json_builder_begin_array (builder);
  for (guint i = 0; i < results->len; i++)
    {
      RingiStampResult *r = results->pdata[i];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "file");
      json_builder_add_string_value (builder, stamp_file (bundle, i));
      json_builder_set_member_name (builder, "action");
      json_builder_add_string_value (builder, r->stamp ? ringi_action_to_string (ringi_stamp_get_action (r->stamp)) : NULL);
      json_builder_set_member_name (builder, "signer");
      json_builder_add_string_value (builder, r->stamp ? ringi_stamp_get_signer (r->stamp) : NULL);
      json_builder_set_member_name (builder, "result");
      json_builder_add_string_value (builder, ringi_stamp_status_to_string (r->status));
      json_builder_set_member_name (builder, "explanation");
      json_builder_add_string_value (builder, r->explanation);
      json_builder_set_member_name (builder, "status_after");
      json_builder_add_string_value (builder, ringi_request_status_to_string (r->status_after));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

static int
bundle_verify (int argc,
               char **argv)
{
  gboolean json = FALSE;
  gboolean require_decided = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the report as JSON"), NULL },
    { "require-decided", 0, 0, G_OPTION_ARG_NONE, &require_decided,
      N_("Count the bundle as invalid unless its request was decided"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("DIR — check an evidence bundle"));
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiBundle) bundle = NULL;
  g_autoptr(GPtrArray) results = NULL;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context, _("Exit status: 0 when every stamp is valid and the chain complete, 1 when some stamp is invalid, 2 when the bundle cannot be read."));
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2)
    {
      g_printerr ("%s: %s\n", argv[0], error ? error->message : _("name one bundle folder"));
      return RINGI_EXIT_USAGE;
    }

  bundle = ringi_bundle_load (argv[1], &error);
  if (bundle != NULL)
    results = ringi_bundle_verify (bundle, NULL, &error);
  if (results == NULL)
    {
      g_printerr (_("Cannot verify the bundle: %s\n"), error->message);
      return RINGI_EXIT_USAGE;
    }

  if (json)
    print_json (bundle, results);
  else
    print_text (bundle, results);

  if (!ringi_stamp_results_are_valid (results))
    return RINGI_EXIT_FAILURE;

  if (require_decided && last_status (results) != RINGI_REQUEST_DECIDED)
    {
      g_printerr (_("The stamps are valid, but the request was not decided.\n"));
      return RINGI_EXIT_FAILURE;
    }

  return RINGI_EXIT_OK;
}

static const RingiCommand bundle_commands[] = {
  { "verify", N_("Check an evidence bundle with its keys and documents"), bundle_verify },
  { NULL }
};

/**
 * ringi_cli_bundle_run:
 * @argc: number of arguments
 * @argv: the arguments, argv[0] being "ringi-cli bundle"
 *
 * Returns: the exit status
 */
int
ringi_cli_bundle_run (int argc,
                      char **argv)
{
  return ringi_command_dispatch (argv[0], _("Evidence bundles: folders that prove a request's stamps."),
                                 bundle_commands, argc, argv);
}
