/* ringi-server-user-command.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "ringi-attendance-rules.h"
#include "ringi-command.h"
#include "ringi-server-attendance.h"
#include "ringi-server-commands-private.h"
#include "ringi-server-error.h"
#include "ringi-server-secret.h"
#include "ringi-text.h"

/* An enrollment code is good for three days. */
#define CODE_LIFETIME_SECONDS (72 * 60 * 60)
#define MAX_LOGIN_LENGTH      64

static const char *const roles[] = { "staff", "manager", "admin", "auditor", NULL };

/* The same rule as logins in routes (docs/routes.md). */
static gboolean
check_login (const char *login,
             GError **error)
{
  gsize length = strlen (login);
  gboolean ok = length > 0 && length <= MAX_LOGIN_LENGTH;

  for (const char *p = login; ok && *p != '\0'; p++)
    ok = g_ascii_islower (*p) || g_ascii_isdigit (*p) || strchr ("._-", *p) != NULL;

  if (!ok)
    g_set_error (error, RINGI_SERVER_ERROR, RINGI_SERVER_ERROR_INVALID_ARGUMENT,
                 _("“%s” is not a login (lowercase letters a–z, digits, “.”, “_” and “-”, 1 to %d characters)"),
                 login, MAX_LOGIN_LENGTH);
  return ok;
}

static gboolean
check_new_user (const RingiUser *user,
                GError **error)
{
  RingiAttendanceClass klass;

  if (!check_login (user->login, error))
    return FALSE;

  if (user->display_name == NULL || user->seal_name == NULL || user->department == NULL ||
      *user->display_name == '\0' || *user->seal_name == '\0' || *user->department == '\0')
    {
      g_set_error (error, RINGI_SERVER_ERROR, RINGI_SERVER_ERROR_INVALID_ARGUMENT,
                   _("--name, --seal-name and --dept are required"));
      return FALSE;
    }

  if (!ringi_attendance_class_from_string (user->employee_class, &klass))
    {
      g_set_error (error, RINGI_SERVER_ERROR, RINGI_SERVER_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not an employee class; use general or high-demand"), user->employee_class);
      return FALSE;
    }

  if (!g_strv_contains (roles, user->role))
    {
      g_set_error (error, RINGI_SERVER_ERROR, RINGI_SERVER_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a role; use staff, manager, admin or auditor"), user->role);
      return FALSE;
    }

  return TRUE;
}

/* Makes a new code and stores its hash; only the person gets the code. */
static char *
issue_code (RingiServerStorage *storage,
            const char *login,
            gint64 expires_at,
            GError **error)
{
  g_autofree char *code = ringi_server_secret_new_code (error);
  g_autofree char *canonical = NULL;
  g_autofree char *hash = NULL;

  if (code == NULL)
    return NULL;

  canonical = ringi_server_secret_normalize_code (code);
  hash = ringi_server_secret_sha256 (canonical);
  if (!ringi_server_storage_set_enrollment_code (storage, login, hash, expires_at, error))
    return NULL;

  return g_steal_pointer (&code);
}

static void
print_code (const char *login,
            const char *code,
            gint64 expires_at)
{
  g_autoptr(GDateTime) expiry = g_date_time_new_from_unix_local (expires_at);
  g_autofree char *when = g_date_time_format (expiry, "%Y-%m-%d %H:%M %Z");

  g_print (_("Enrollment code for %s: %s\n"), login, code);
  g_print (_("It can be used once, until %s. Give it to the person only.\n"), when);
}

static char *
add_user_with_code (RingiServerStorage *storage,
                    const RingiUser *user,
                    gint64 now,
                    GError **error)
{
  g_autofree char *code = NULL;

  if (!ringi_server_storage_begin (storage, error))
    return NULL;

  if (!ringi_server_storage_add_user (storage, user, now, error) ||
      (code = issue_code (storage, user->login, now + CODE_LIFETIME_SECONDS, error)) == NULL ||
      !ringi_server_storage_commit (storage, error))
    {
      ringi_server_storage_rollback (storage);
      return NULL;
    }

  return g_steal_pointer (&code);
}

static int
run_user_add (const char *program,
              const char *data_dir,
              const RingiUser *user)
{
  g_autoptr(RingiServerStorage) storage = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  gint64 now = ringi_server_command_now ();

  if (!check_new_user (user, &error))
    return ringi_server_command_fail (program, error);

  storage = ringi_server_command_open_storage (program, data_dir);
  if (storage == NULL)
    return RINGI_EXIT_FAILURE;

  code = add_user_with_code (storage, user, now, &error);
  if (code == NULL)
    return ringi_server_command_fail (program, error);

  print_code (user->login, code, now + CODE_LIFETIME_SECONDS);
  return RINGI_EXIT_OK;
}

static int
user_add (int argc,
          char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *name = NULL;
  g_autofree char *seal_name = NULL;
  g_autofree char *dept = NULL;
  g_autofree char *role = NULL;
  g_autofree char *manager = NULL;
  g_autofree char *employee_class = NULL;
  g_autofree char *program = g_strdup (argv[0]);
  g_autoptr(GOptionContext) context = g_option_context_new (_("LOGIN"));
  const GOptionEntry entries[] = {
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, N_("The server data folder"), N_("DIR") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("The full name, e.g. 鈴木 一郎"), N_("NAME") },
    { "seal-name", 0, 0, G_OPTION_ARG_STRING, &seal_name, N_("The name on the seal, e.g. 鈴木"), N_("NAME") },
    { "dept", 0, 0, G_OPTION_ARG_STRING, &dept, N_("The department, e.g. 総務課"), N_("DEPT") },
    { "role", 0, 0, G_OPTION_ARG_STRING, &role, N_("staff (default), manager, admin or auditor"), N_("ROLE") },
    { "manager", 0, 0, G_OPTION_ARG_STRING, &manager, N_("The login of the person’s manager"), N_("LOGIN") },
    { "class", 0, 0, G_OPTION_ARG_STRING, &employee_class, N_("The attendance class: general (default) or high-demand"), N_("CLASS") },
    { NULL }
  };

  g_option_context_set_summary (context, _("Adds a user and prints a one-time enrollment code, valid for 72 hours."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!ringi_server_command_parse (context, &argc, &argv, 1, &data_dir))
    return RINGI_EXIT_USAGE;

  {
    RingiUser user = {
      .login = argv[1],
      .display_name = name,
      .seal_name = seal_name,
      .department = dept,
      .role = role ? role : (char *) "staff",
      .manager = manager,
      .employee_class = employee_class ? employee_class : (char *) "general",
    };

    return run_user_add (program, data_dir, &user);
  }
}

static const char *
user_status (const RingiUser *user)
{
  if (user->disabled)
    return _("disabled");
  if (user->fingerprint != NULL)
    return _("enrolled");
  return _("not enrolled");
}

static void
add_user_json (JsonBuilder *builder,
               const RingiUser *user)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "login");
  json_builder_add_string_value (builder, user->login);
  json_builder_set_member_name (builder, "display_name");
  json_builder_add_string_value (builder, user->display_name);
  json_builder_set_member_name (builder, "seal_name");
  json_builder_add_string_value (builder, user->seal_name);
  json_builder_set_member_name (builder, "department");
  json_builder_add_string_value (builder, user->department);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, user->role);
  json_builder_set_member_name (builder, "manager");
  json_builder_add_string_value (builder, user->manager);
  json_builder_set_member_name (builder, "fingerprint");
  json_builder_add_string_value (builder, user->fingerprint);
  json_builder_set_member_name (builder, "disabled");
  json_builder_add_boolean_value (builder, user->disabled);
  json_builder_set_member_name (builder, "employee_class");
  json_builder_add_string_value (builder, user->employee_class);
  json_builder_end_object (builder);
}

static void
print_users_json (GPtrArray *users)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < users->len; i++)
    add_user_json (builder, g_ptr_array_index (users, i));
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  ringi_server_command_print_json (root);
}

static void
print_user_row (const char *login,
                const char *name,
                const char *dept,
                const char *role,
                const char *status,
                const char *key)
{
  g_autofree char *login_column = ringi_text_pad (login, 16);
  g_autofree char *name_column = ringi_text_pad (name, 20);
  g_autofree char *dept_column = ringi_text_pad (dept, 14);
  g_autofree char *role_column = ringi_text_pad (role, 8);
  g_autofree char *status_column = ringi_text_pad (status, 13);

  g_print ("%s %s %s %s %s %s\n", login_column, name_column, dept_column,
           role_column, status_column, key);
}

static void
print_users_table (GPtrArray *users)
{
  print_user_row (_("LOGIN"), _("NAME"), _("DEPT"), _("ROLE"), _("STATUS"), _("KEY"));
  for (guint i = 0; i < users->len; i++)
    {
      const RingiUser *user = g_ptr_array_index (users, i);

      print_user_row (user->login, user->display_name, user->department, user->role,
                      user_status (user), user->fingerprint ? user->fingerprint : "-");
    }
}

static int
user_list (int argc,
           char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *program = g_strdup (argv[0]);
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(RingiServerStorage) storage = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, N_("The server data folder"), N_("DIR") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };

  g_option_context_set_summary (context, _("Lists the users."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!ringi_server_command_parse (context, &argc, &argv, 0, &data_dir))
    return RINGI_EXIT_USAGE;

  storage = ringi_server_command_open_storage (program, data_dir);
  if (storage == NULL)
    return RINGI_EXIT_FAILURE;

  users = ringi_server_storage_list_users (storage, &error);
  if (users == NULL)
    return ringi_server_command_fail (program, error);

  if (json)
    print_users_json (users);
  else
    print_users_table (users);
  return RINGI_EXIT_OK;
}

static int
set_disabled (int argc,
              char **argv,
              gboolean disabled)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *program = g_strdup (argv[0]);
  g_autoptr(GOptionContext) context = g_option_context_new (_("LOGIN"));
  g_autoptr(RingiServerStorage) storage = NULL;
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, N_("The server data folder"), N_("DIR") },
    { NULL }
  };

  g_option_context_set_summary (context, disabled ? _("Disables a user; their sessions end at once.") : _("Enables a disabled user again."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!ringi_server_command_parse (context, &argc, &argv, 1, &data_dir))
    return RINGI_EXIT_USAGE;

  storage = ringi_server_command_open_storage (program, data_dir);
  if (storage == NULL)
    return RINGI_EXIT_FAILURE;

  if (!ringi_server_storage_set_user_disabled (storage, argv[1], disabled, ringi_server_command_now (), &error))
    return ringi_server_command_fail (program, error);

  if (disabled)
    g_print (_("%s is disabled; their sessions have ended.\n"), argv[1]);
  else
    g_print (_("%s is enabled again.\n"), argv[1]);
  return RINGI_EXIT_OK;
}

static int
user_disable (int argc,
              char **argv)
{
  return set_disabled (argc, argv, TRUE);
}

static int
user_enable (int argc,
             char **argv)
{
  return set_disabled (argc, argv, FALSE);
}

static char *
reset_user (RingiServerStorage *storage,
            const char *login,
            gint64 now,
            char **out_revoked,
            GError **error)
{
  g_autoptr(RingiUser) user = NULL;
  g_autofree char *code = NULL;

  if (!ringi_server_storage_begin (storage, error))
    return NULL;

  if ((user = ringi_server_storage_get_user (storage, login, error)) == NULL ||
      !ringi_server_storage_revoke_key (storage, login, now, error) ||
      (code = issue_code (storage, login, now + CODE_LIFETIME_SECONDS, error)) == NULL ||
      !ringi_server_storage_commit (storage, error))
    {
      ringi_server_storage_rollback (storage);
      return NULL;
    }

  *out_revoked = g_steal_pointer (&user->fingerprint);
  return g_steal_pointer (&code);
}

static int
user_reset (int argc,
            char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *program = g_strdup (argv[0]);
  g_autoptr(GOptionContext) context = g_option_context_new (_("LOGIN"));
  g_autoptr(RingiServerStorage) storage = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *revoked = NULL;
  g_autofree char *code = NULL;
  gint64 now = ringi_server_command_now ();
  const GOptionEntry entries[] = {
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, N_("The server data folder"), N_("DIR") },
    { NULL }
  };

  g_option_context_set_summary (context, _("Revokes the user’s key, ends their sessions and prints a new enrollment code."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!ringi_server_command_parse (context, &argc, &argv, 1, &data_dir))
    return RINGI_EXIT_USAGE;

  storage = ringi_server_command_open_storage (program, data_dir);
  if (storage == NULL)
    return RINGI_EXIT_FAILURE;

  code = reset_user (storage, argv[1], now, &revoked, &error);
  if (code == NULL)
    return ringi_server_command_fail (program, error);

  if (revoked != NULL)
    g_print (_("The key %s of %s is revoked.\n"), revoked, argv[1]);
  print_code (argv[1], code, now + CODE_LIFETIME_SECONDS);
  return RINGI_EXIT_OK;
}

static int
user_set_manager (int argc,
                  char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *program = g_strdup (argv[0]);
  g_autoptr(GOptionContext) context = g_option_context_new (_("LOGIN MANAGER"));
  g_autoptr(RingiServerStorage) storage = NULL;
  g_autoptr(GError) error = NULL;
  gboolean none = FALSE;
  const char *manager;
  guint shared = 0;
  const GOptionEntry entries[] = {
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, N_("The server data folder"), N_("DIR") },
    { NULL }
  };

  g_option_context_set_summary (context, _("Gives a person a new manager (異動), “-” for none. The new manager "
                                            "gets the person’s punches and closes of every month not locked yet."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!ringi_server_command_parse (context, &argc, &argv, 2, &data_dir))
    return RINGI_EXIT_USAGE;

  storage = ringi_server_command_open_storage (program, data_dir);
  if (storage == NULL)
    return RINGI_EXIT_FAILURE;

  none = g_str_equal (argv[2], "-");
  manager = none ? NULL : argv[2];
  if (!ringi_server_attendance_set_manager (storage, argv[1], manager, ringi_server_command_now (), &shared, &error))
    return ringi_server_command_fail (program, error);

  if (none)
    g_print (_("%s has no manager now.\n"), argv[1]);
  else
    g_print (_("%s is the manager of %s now; %u earlier punches and closes were shared with them.\n"), manager,
             argv[1], shared);
  return RINGI_EXIT_OK;
}

static const RingiCommand user_commands[] = {
  { "add", N_("Add a user and print their enrollment code"), user_add },
  { "list", N_("List the users"), user_list },
  { "disable", N_("Disable a user; their sessions end at once"), user_disable },
  { "enable", N_("Enable a disabled user again"), user_enable },
  { "reset", N_("Revoke a user’s key and print a new enrollment code"), user_reset },
  { "set-manager", N_("Give a user a new manager"), user_set_manager },
  { NULL }
};

/**
 * ringi_server_user_command:
 * @argc: number of arguments
 * @argv: the arguments; argv[0] is "ringi-server user"
 *
 * `ringi-server user add|list|disable|enable|reset|set-manager …`
 *
 * Returns: the process exit status
 */
int
ringi_server_user_command (int argc,
                           char **argv)
{
  return ringi_command_dispatch (argv[0], _("Manages the people who may use the server."),
                                 user_commands, argc, argv);
}
