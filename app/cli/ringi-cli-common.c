/* ringi-cli-common.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-cli"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "ringi-cli-common.h"
#include "ringi-command.h"
#include "ringi-seal-slot.h"

#define PASSPHRASE_MAX 1024

/* --profile, before the command or among its options */
static char *profile_dir;
static char *command_profile_dir;
/* The seal PIN, asked for once per run and kept only in memory */
static char *passphrase;

static const GOptionEntry common_entries[] = {
  { "profile", 0, 0, G_OPTION_ARG_FILENAME, &command_profile_dir,
    N_("The profile folder (default: the desktop app’s)"), N_("DIR") },
  { NULL }
};

/**
 * ringi_cli_take_global_options:
 * @argc: (inout): number of arguments
 * @argv: (inout): the arguments, as given to main()
 *
 * Takes `--profile DIR` (or `--profile=DIR`) written before the command
 * out of the arguments.
 */
void
ringi_cli_take_global_options (int *argc,
                               char **argv)
{
  while (*argc > 1)
    {
      int used = 0;

      if (g_str_equal (argv[1], "--profile") && *argc > 2)
        {
          g_free (profile_dir);
          profile_dir = g_strdup (argv[2]);
          used = 2;
        }
      else if (g_str_has_prefix (argv[1], "--profile="))
        {
          g_free (profile_dir);
          profile_dir = g_strdup (argv[1] + strlen ("--profile="));
          used = 1;
        }
      else
        return;

      memmove (argv + 1, argv + 1 + used, (*argc - used) * sizeof (char *));
      *argc -= used;
    }
}

/**
 * ringi_cli_option_context_new:
 * @parameters: what follows the options, e.g. "ID"
 * @summary: (nullable): one translated sentence on what the command does
 * @entries: the command's own options
 *
 * Returns: (transfer full): an option context with the command's
 *   options and the common ones
 */
GOptionContext *
ringi_cli_option_context_new (const char *parameters,
                              const char *summary,
                              const GOptionEntry *entries)
{
  GOptionContext *context = g_option_context_new (parameters);

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (summary != NULL)
    g_option_context_set_summary (context, summary);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, common_entries, GETTEXT_PACKAGE);
  return context;
}

/**
 * ringi_cli_parse:
 * @context: the command's options
 * @argc: (inout): number of arguments
 * @argv: (inout): the arguments
 *
 * Returns: %RINGI_EXIT_OK, or %RINGI_EXIT_USAGE after saying what is
 *   wrong
 */
int
ringi_cli_parse (GOptionContext *context,
                 int *argc,
                 char ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    return ringi_cli_usage_error (context, error->message);

  if (command_profile_dir != NULL)
    {
      g_free (profile_dir);
      profile_dir = g_steal_pointer (&command_profile_dir);
    }

  return RINGI_EXIT_OK;
}

/**
 * ringi_cli_usage_error:
 * @context: the command's options
 * @message: what is wrong, for people
 *
 * Returns: %RINGI_EXIT_USAGE
 */
int
ringi_cli_usage_error (GOptionContext *context,
                       const char *message)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

  g_printerr ("%s\n\n%s", message, help);
  return RINGI_EXIT_USAGE;
}

static char *
ask_on_terminal (GError **error)
{
  struct termios saved, quiet;
  char buffer[PASSPHRASE_MAX + 2] = { 0 };
  const char *prompt = _("Seal PIN: ");
  gboolean quieted;
  ssize_t n;
  int tty;
  char *newline;

  tty = open ("/dev/tty", O_RDWR | O_CLOEXEC);
  if (tty < 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("The seal PIN is needed: set RINGI_PASSPHRASE or run ringi-cli on a terminal"));
      return NULL;
    }

  /* Echo off, so that the PIN never shows on the screen. */
  quieted = tcgetattr (tty, &saved) == 0;
  if (quieted)
    {
      quiet = saved;
      quiet.c_lflag &= ~(ECHO | ECHONL);
      tcsetattr (tty, TCSAFLUSH, &quiet);
    }

  if (write (tty, prompt, strlen (prompt)) < 0)
    g_debug ("Could not write the prompt: %s", g_strerror (errno));
  n = read (tty, buffer, PASSPHRASE_MAX + 1);

  if (quieted)
    tcsetattr (tty, TCSAFLUSH, &saved);
  if (write (tty, "\n", 1) < 0)
    g_debug ("Could not end the prompt: %s", g_strerror (errno));
  close (tty);

  newline = n > 0 ? memchr (buffer, '\n', n) : NULL;
  if (newline == NULL)
    {
      memset (buffer, 0, sizeof buffer);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("No seal PIN was given"));
      return NULL;
    }

  *newline = '\0';
  {
    char *result = g_strdup (buffer);

    memset (buffer, 0, sizeof buffer);
    return result;
  }
}

/**
 * ringi_cli_read_passphrase:
 * @error: return location for a #GError
 *
 * Gets the seal PIN from `RINGI_PASSPHRASE`, or asks for it on the
 * terminal without echo; once per run. It never comes from the command
 * line, where other users could read it.
 *
 * Returns: (transfer full): the PIN, or %NULL with @error set
 */
char *
ringi_cli_read_passphrase (GError **error)
{
  const char *from_environment = g_getenv ("RINGI_PASSPHRASE");

  if (passphrase == NULL)
    {
      if (from_environment != NULL && from_environment[0] != '\0')
        passphrase = g_strdup (from_environment);
      else
        passphrase = ask_on_terminal (error);
    }

  return g_strdup (passphrase);
}

static char *
session_passphrase_cb (gpointer user_data)
{
  g_autoptr(GError) error = NULL;
  char *pin = ringi_cli_read_passphrase (&error);

  if (pin == NULL)
    g_printerr ("%s\n", error->message);
  return pin;
}

/**
 * ringi_cli_session_open:
 * @session: (out caller-allocates): the session to fill
 * @error: return location for a #GError
 *
 * Opens the profile (of `--profile`, or the default one) and its sync
 * engine.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_cli_session_open (RingiCliSession *session,
                        GError **error)
{
  session->profile = ringi_profile_open (profile_dir, error);
  if (session->profile == NULL)
    return FALSE;

  session->sync = ringi_sync_new (session->profile);
  ringi_sync_set_passphrase_func (session->sync, session_passphrase_cb, NULL, NULL);
  return TRUE;
}

void
ringi_cli_session_clear (RingiCliSession *session)
{
  g_clear_object (&session->sync);
  g_clear_object (&session->profile);
}

/**
 * ringi_cli_store_result:
 * @source: the source object
 * @result: the result
 * @user_data: a `GAsyncResult **` to fill
 *
 * A #GAsyncReadyCallback for ringi_cli_wait().
 */
void
ringi_cli_store_result (GObject *source,
                        GAsyncResult *result,
                        gpointer user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

/**
 * ringi_cli_wait:
 * @slot: filled by ringi_cli_store_result()
 *
 * Runs the main context until the operation is done.
 *
 * Returns: (transfer none): the result
 */
GAsyncResult *
ringi_cli_wait (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

/**
 * ringi_cli_fail:
 * @command: the command, e.g. "ringi-cli approve"
 * @error: what went wrong
 *
 * Returns: %RINGI_EXIT_FAILURE, after saying why
 */
int
ringi_cli_fail (const char *command,
                const GError *error)
{
  g_printerr ("%s: %s\n", command, error->message);
  return RINGI_EXIT_FAILURE;
}

/**
 * ringi_cli_resolve_request:
 * @profile: the profile
 * @text: a request's id, or enough of its beginning to tell it apart
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the request's full id, or %NULL with @error set
 */
char *
ringi_cli_resolve_request (RingiProfile *profile,
                           const char *text,
                           GError **error)
{
  RingiStore *store = ringi_profile_get_store (profile);
  RingiSearchQuery everything = RINGI_SEARCH_QUERY_INIT;
  g_autoptr(RingiRequestInfo) exact = ringi_store_get_request (store, text, NULL);
  g_autoptr(GPtrArray) all = NULL;
  const char *found = NULL;

  if (exact != NULL)
    return g_strdup (exact->id);

  all = ringi_store_search (store, &everything, error);
  if (all == NULL)
    return NULL;

  for (guint i = 0; i < all->len; i++)
    {
      RingiRequestInfo *info = g_ptr_array_index (all, i);

      if (text[0] == '\0' || !g_str_has_prefix (info->id, text))
        continue;
      if (found != NULL)
        {
          g_set_error (error, RINGI_SYNC_ERROR, RINGI_SYNC_ERROR_INVALID,
                       _("“%s” is the beginning of more than one request; give more of the id"), text);
          return NULL;
        }
      found = info->id;
    }

  if (found == NULL)
    {
      g_set_error (error, RINGI_STORE_ERROR, RINGI_STORE_ERROR_NOT_FOUND,
                   _("There is no request %s on this computer; run “ringi-cli sync” first"), text);
      return NULL;
    }

  return g_strdup (found);
}

static void
print_done (RingiAction action,
            const char *id)
{
  switch (action)
    {
    case RINGI_ACTION_APPROVE:
      g_print (_("Approved %s; it is sent at the next sync\n"), id);
      break;
    case RINGI_ACTION_REJECT:
      g_print (_("Rejected %s; it is sent at the next sync\n"), id);
      break;
    case RINGI_ACTION_SEND_BACK:
      g_print (_("Sent back %s; it is sent at the next sync\n"), id);
      break;
    case RINGI_ACTION_WITHDRAW:
      g_print (_("Withdrew %s; it is sent at the next sync\n"), id);
      break;
    case RINGI_ACTION_RESUBMIT:
      g_print (_("Resubmitted %s; it is sent at the next sync\n"), id);
      break;
    case RINGI_ACTION_ACKNOWLEDGE:
      g_print (_("Acknowledged %s; it is sent at the next sync\n"), id);
      break;
    case RINGI_ACTION_SUBMIT:
    default:
      g_assert_not_reached ();
    }
}

/* Where the request view would first put the seal: the next free box at
 * the top right of page 1. Without one the approval still goes, with no
 * seal drawn, as the person asked to approve. */
static const RingiPlacement *
default_seal_place (RingiCliSession *session,
                    const char *id,
                    RingiPlacement *slot)
{
  g_autoptr(GError) error = NULL;

  if (ringi_seal_slot_for_request (ringi_profile_get_store (session->profile), id, slot, &error))
    return slot;

  g_printerr (_("Your seal is not drawn on the document: %s\n"), error->message);
  return NULL;
}

/**
 * ringi_cli_run_action:
 * @command: argv[0], for messages
 * @session: an open session
 * @input: the action; @input->request_id may be the beginning of the id
 *
 * Signs and queues an action on a request (the seal PIN from
 * RINGI_PASSPHRASE or the terminal); works offline.
 *
 * Returns: the exit status
 */
int
ringi_cli_run_action (const char *command,
                      RingiCliSession *session,
                      RingiActionInput *input)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *pin = NULL;
  RingiPlacement slot;

  id = ringi_cli_resolve_request (session->profile, input->request_id, &error);
  if (id == NULL || (pin = ringi_cli_read_passphrase (&error)) == NULL)
    return ringi_cli_fail (command, error);

  input->request_id = id;
  if (input->action == RINGI_ACTION_APPROVE && input->placement == NULL)
    input->placement = default_seal_place (session, id, &slot);
  ringi_sync_act_async (session->sync, input, pin, NULL, ringi_cli_store_result, &result);
  if (!ringi_sync_act_finish (session->sync, ringi_cli_wait (&result), &error))
    return ringi_cli_fail (command, error);

  print_done (input->action, id);
  return RINGI_EXIT_OK;
}

/**
 * ringi_cli_read_pdf:
 * @path: a file
 * @out_pdf: (out): its bytes
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the file could be read
 */
gboolean
ringi_cli_read_pdf (const char *path,
                    GBytes **out_pdf,
                    GError **error)
{
  g_autoptr(GError) local_error = NULL;
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not read the document: %s"), local_error->message);
      return FALSE;
    }

  *out_pdf = g_bytes_new_take (contents, length);
  return TRUE;
}

/**
 * ringi_cli_parse_amount:
 * @text: an amount in yen, digits only
 * @out_amount: (out): the amount
 *
 * Returns: %TRUE if @text is an amount
 */
gboolean
ringi_cli_parse_amount (const char *text,
                        gint64 *out_amount)
{
  guint64 value = 0;

  if (text == NULL || text[0] == '\0' || strlen (text) > 15)
    return FALSE;

  for (const char *p = text; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;

  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &value, NULL))
    return FALSE;

  *out_amount = (gint64) value;
  return TRUE;
}

/**
 * ringi_cli_print_json:
 * @node: what to print
 *
 * Prints @node on standard output, indented, with a final newline.
 */
void
ringi_cli_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  /* JSON is UTF-8 whatever the locale: the bytes as they are */
  fputs (text, stdout);
  fputc ('\n', stdout);
  fflush (stdout);
}

/**
 * ringi_cli_json_add_string:
 * @builder: a builder inside an object
 * @member: the member's name
 * @value: (nullable): its value; %NULL writes null
 */
void
ringi_cli_json_add_string (JsonBuilder *builder,
                           const char *member,
                           const char *value)
{
  json_builder_set_member_name (builder, member);
  if (value == NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, value);
}
