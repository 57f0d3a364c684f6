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
#include "ringi-text.h"
#include "ringi-verifier.h"

static const char *
stamp_file (RingiBundle *bundle,
            guint index)
{
  RingiSignedFile *file = g_ptr_array_index (ringi_bundle_get_stamps (bundle), index);

  return file->path;
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

  signer = ringi_text_printable (ringi_stamp_get_signer (r->stamp));
  when = g_date_time_format (ringi_stamp_get_time (r->stamp), "%Y-%m-%d %H:%M %:z");
  switch (r->status_after)
    {
    case RINGI_REQUEST_DECIDED:
      if (ringi_stamp_get_on_behalf_of (r->stamp) != NULL)
        {
          g_autofree char *absent = ringi_text_printable (ringi_stamp_get_on_behalf_of (r->stamp));

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

static GList *
sorted_logins (RingiBundle *bundle)
{
  return g_list_sort (g_hash_table_get_keys (ringi_bundle_get_signers (bundle)), (GCompareFunc) g_strcmp0);
}

/* The bindings are the bundle's own claim: show them, with whom each key
 * says it belongs to, so that a person can compare them with the
 * organisation's directory. */
static void
print_signers (RingiBundle *bundle)
{
  g_autoptr(GList) logins = sorted_logins (bundle);

  g_print ("%s\n", _("Signers as this bundle binds them; compare them with your organisation’s directory:"));
  for (const GList *l = logins; l != NULL; l = l->next)
    {
      const char *fingerprint = g_hash_table_lookup (ringi_bundle_get_signers (bundle), l->data);
      g_autofree char *user_id = ringi_bundle_dup_key_user_id (bundle, fingerprint);
      g_autofree char *expected = g_strdup_printf ("<%s@", (const char *) l->data);

      g_print ("  %-16s %s  %s%s\n", (const char *) l->data, fingerprint, user_id ? user_id : "?",
               user_id && strstr (user_id, expected) == NULL ? _("  (the key names someone else)") : "");
    }
}

static void
print_notes (RingiBundle *bundle)
{
  GPtrArray *notes = ringi_bundle_get_notes (bundle);

  for (guint i = 0; i < notes->len; i++)
    {
      RingiBundleNote *note = notes->pdata[i];

      if (note->severity == RINGI_BUNDLE_NOTE_INCONSISTENT)
        g_print (_("Problem: %s\n"), note->text);
      else
        g_print (_("Note: %s\n"), note->text);
    }
}

static RingiReceiptResult *
receipt_of (RingiBundle *bundle,
            guint index)
{
  GPtrArray *receipts = ringi_bundle_get_receipts (bundle);

  return index < receipts->len ? receipts->pdata[index] : NULL;
}

static guint
count_bad_receipts (RingiBundle *bundle)
{
  GPtrArray *receipts = ringi_bundle_get_receipts (bundle);
  guint n_bad = 0;

  for (guint i = 0; i < receipts->len; i++)
    n_bad += ((RingiReceiptResult *) receipts->pdata[i])->status == RINGI_RECEIPT_BAD;
  return n_bad;
}

/* "receipt ok (sequence 2)", "receipt missing", "receipt bad: why" */
static char *
receipt_text (RingiBundle *bundle,
              guint index)
{
  RingiReceiptResult *r = receipt_of (bundle, index);
  g_autofree char *explanation = NULL;

  if (r == NULL || r->status == RINGI_RECEIPT_MISSING)
    return g_strdup (_("receipt missing"));
  if (r->status == RINGI_RECEIPT_OK)
    return g_strdup_printf (_("receipt ok (sequence %u)"), r->sequence);

  explanation = ringi_text_printable (r->explanation);
  return g_strdup_printf (_("receipt bad: %s"), explanation);
}

static void
print_text (RingiBundle *bundle,
            GPtrArray *results)
{
  guint n_bad = 0;

  for (guint i = 0; i < results->len; i++)
    {
      RingiStampResult *r = results->pdata[i];
      g_autofree char *file = ringi_text_printable (stamp_file (bundle, i));
      g_autofree char *signer = ringi_text_printable (r->stamp ? ringi_stamp_get_signer (r->stamp) : "?");
      g_autofree char *explanation = ringi_text_printable (r->explanation);
      const char *action = r->stamp ? ringi_action_to_string (ringi_stamp_get_action (r->stamp)) : "?";

      g_autofree char *receipt = receipt_text (bundle, i);

      if (r->status == RINGI_STAMP_VALID)
        g_print ("%s  %-12s %-16s %s; %s\n", file, action, signer, _("valid"), receipt);
      else
        g_print ("%s  %-12s %-16s %s: %s; %s\n", file, action, signer,
                 ringi_stamp_status_to_string (r->status), explanation, receipt);
      n_bad += r->status != RINGI_STAMP_VALID;
    }

  print_signers (bundle);
  print_notes (bundle);

  if (n_bad > 0)
    g_print (_("Verdict: INVALID. %u of %u stamps failed verification.\n"), n_bad, results->len);
  else if (count_bad_receipts (bundle) > 0)
    g_print (ngettext ("Verdict: INVALID. The stamps are valid, but %u server receipt is bad.\n",
                       "Verdict: INVALID. The stamps are valid, but %u server receipts are bad.\n",
                       count_bad_receipts (bundle)),
             count_bad_receipts (bundle));
  else if (!ringi_bundle_is_consistent (bundle))
    g_print (_("Verdict: INVALID. The stamps are valid, but the manifest contradicts them.\n"));
  else
    {
      print_outcome (results);
      g_print (ngettext ("Verdict: valid. The %u stamp is valid and none is missing before it.\n",
                         "Verdict: valid. All %u stamps are valid and none is missing before the last one.\n",
                         results->len),
               results->len);
    }
}

static void
add_json_signers (JsonBuilder *builder,
                  RingiBundle *bundle)
{
  g_autoptr(GList) logins = sorted_logins (bundle);

  json_builder_set_member_name (builder, "signers");
  json_builder_begin_array (builder);
  for (const GList *l = logins; l != NULL; l = l->next)
    {
      const char *fingerprint = g_hash_table_lookup (ringi_bundle_get_signers (bundle), l->data);
      g_autofree char *user_id = ringi_bundle_dup_key_user_id (bundle, fingerprint);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "login");
      json_builder_add_string_value (builder, l->data);
      json_builder_set_member_name (builder, "fingerprint");
      json_builder_add_string_value (builder, fingerprint);
      json_builder_set_member_name (builder, "user_id");
      json_builder_add_string_value (builder, user_id);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_json_notes (JsonBuilder *builder,
                RingiBundle *bundle)
{
  GPtrArray *notes = ringi_bundle_get_notes (bundle);

  json_builder_set_member_name (builder, "notes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < notes->len; i++)
    {
      RingiBundleNote *note = notes->pdata[i];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "severity");
      json_builder_add_string_value (builder, note->severity == RINGI_BUNDLE_NOTE_INCONSISTENT ? "inconsistent" : "info");
      json_builder_set_member_name (builder, "text");
      json_builder_add_string_value (builder, note->text);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/* "receipt": {"status", "file", "sequence", "explanation"} */
static void
add_json_receipt (JsonBuilder *builder,
                  RingiReceiptResult *r)
{
  json_builder_set_member_name (builder, "receipt");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, ringi_receipt_status_to_string (r ? r->status : RINGI_RECEIPT_MISSING));
  json_builder_set_member_name (builder, "file");
  json_builder_add_string_value (builder, r ? r->file : NULL);
  json_builder_set_member_name (builder, "sequence");
  if (r != NULL && r->status == RINGI_RECEIPT_OK)
    json_builder_add_int_value (builder, r->sequence);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "explanation");
  json_builder_add_string_value (builder, r ? r->explanation : NULL);
  json_builder_end_object (builder);
}

static gboolean
bundle_is_valid (RingiBundle *bundle,
                 GPtrArray *results)
{
  return ringi_stamp_results_are_valid (results) && ringi_bundle_is_consistent (bundle);
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
  json_builder_add_string_value (builder, bundle_is_valid (bundle, results) ? "valid" : "invalid");
  json_builder_set_member_name (builder, "outcome");
  json_builder_add_string_value (builder, ringi_request_status_to_string (last_status (results)));
  add_json_signers (builder, bundle);
  add_json_notes (builder, bundle);
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
      add_json_receipt (builder, receipt_of (bundle, i));
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

  if (!bundle_is_valid (bundle, results))
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
