/* test-config.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-config"

#include "config.h"

#include <glib/gstdio.h>

#include "ringi-config.h"
#include "ringi-test-utils.h"

typedef struct
{
  char *dir;
  char *path;
  char *ca_file;
} Fixture;

static void
fixture_setup (Fixture *f,
               gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = ringi_test_make_tmpdir ("rconf");
  f->path = g_build_filename (f->dir, "ringi.conf", NULL);
  f->ca_file = g_build_filename (f->dir, "ca.pem", NULL);
  g_file_set_contents (f->ca_file, "not checked here\n", -1, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *f,
                  gconstpointer data)
{
  ringi_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_free (f->ca_file);
}

/* Writes @text with every "@CA@" replaced by the fixture's CA file. */
static void
write_config (Fixture *f,
              const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) contents = g_string_new (text);

  g_string_replace (contents, "@CA@", f->ca_file, 0);
  g_file_set_contents (f->path, contents->str, -1, &error);
  g_assert_no_error (error);
}

static void
test_missing (Fixture *f,
              gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiConfig) config = ringi_config_load (f->path, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (ringi_config_get_path (config), ==, f->path);
  g_assert_null (ringi_config_get_server_url (config));
  g_assert_null (ringi_config_get_ca_file (config));
  g_assert_false (ringi_config_get_lock_server (config));
  g_assert_false (ringi_config_get_default_place (config, NULL));
  g_assert_false (ringi_config_get_attendance_class (config, NULL));
}

static void
test_full (Fixture *f,
           gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiConfig) config = NULL;
  RingiPunchPlace place = RINGI_PUNCH_PLACE_OFFICE;
  RingiAttendanceClass klass = RINGI_ATTENDANCE_CLASS_GENERAL;

  write_config (f,
                "# managed by IT\n"
                "[client]\n"
                "server-url=https://ringi.example.lg.jp:8443\n"
                "ca-file=@CA@\n"
                "lock-server=true\n"
                "[attendance]\n"
                "default-place=home\n"
                "class=high-demand\n"
                "[future]\n"
                "anything=goes\n");
  config = ringi_config_load (f->path, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (ringi_config_get_server_url (config), ==, "https://ringi.example.lg.jp:8443");
  g_assert_cmpstr (ringi_config_get_ca_file (config), ==, f->ca_file);
  g_assert_true (ringi_config_get_lock_server (config));
  g_assert_true (ringi_config_get_default_place (config, &place));
  g_assert_cmpint (place, ==, RINGI_PUNCH_PLACE_HOME);
  g_assert_true (ringi_config_get_attendance_class (config, &klass));
  g_assert_cmpint (klass, ==, RINGI_ATTENDANCE_CLASS_HIGH_DEMAND);
}

typedef struct
{
  const char *name;
  const char *text;
  const char *server_url;
  gboolean lock_server;
} GoodCase;

static const GoodCase good_cases[] = {
  { "empty", "", NULL, FALSE },
  { "comments-only", "# nothing yet\n\n", NULL, FALSE },
  { "loopback-http", "[client]\nserver-url=http://127.0.0.1:8080\n", "http://127.0.0.1:8080", FALSE },
  { "empty-value-is-unset", "[client]\nserver-url=\nlock-server=false\n", NULL, FALSE },
  { "spaces-trimmed", "[client]\nserver-url = https://a.example \nlock-server = true\n", "https://a.example", TRUE },
  { "empty-lock-server", "[client]\nlock-server=\n", NULL, FALSE },
  { "lock-server-1", "[client]\nserver-url=https://a.example\nlock-server=1\n", "https://a.example", TRUE },
};

static void
test_good (Fixture *f,
           gconstpointer data)
{
  for (guint i = 0; i < G_N_ELEMENTS (good_cases); i++)
    {
      const GoodCase *c = &good_cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(RingiConfig) config = NULL;

      g_test_message ("case %s", c->name);
      write_config (f, c->text);
      config = ringi_config_load (f->path, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (ringi_config_get_server_url (config), ==, c->server_url);
      g_assert_cmpint (ringi_config_get_lock_server (config), ==, c->lock_server);
    }
}

typedef struct
{
  const char *name;
  const char *text;
  RingiConfigError code;
  /* every one must be in the message */
  const char *needles[3];
} BadCase;

static const BadCase bad_cases[] = {
  { "not-a-key-file", "[client]\nthis line is wrong\n", RINGI_CONFIG_ERROR_SYNTAX, { "this line is wrong" } },
  { "no-group", "server-url=https://a.example\n", RINGI_CONFIG_ERROR_SYNTAX, { "not a valid configuration file" } },
  { "unknown-key", "[client]\nlock_server=true\n", RINGI_CONFIG_ERROR_INVALID, { "[client] lock_server", "lock-server" } },
  { "unknown-attendance-key", "[attendance]\nplace=home\n", RINGI_CONFIG_ERROR_INVALID, { "[attendance] place", "default-place" } },
  { "not-a-url", "[client]\nserver-url=ringi.example\n", RINGI_CONFIG_ERROR_INVALID, { "[client] server-url" } },
  { "plain-http", "[client]\nserver-url=http://ringi.example\n", RINGI_CONFIG_ERROR_INVALID, { "[client] server-url", "https://" } },
  { "relative-ca", "[client]\nca-file=ca.pem\n", RINGI_CONFIG_ERROR_INVALID, { "[client] ca-file", "absolute" } },
  { "missing-ca", "[client]\nca-file=/nonexistent/ca.pem\n", RINGI_CONFIG_ERROR_INVALID, { "[client] ca-file", "/nonexistent/ca.pem" } },
  { "lock-not-bool", "[client]\nserver-url=https://a.example\nlock-server=yes\n", RINGI_CONFIG_ERROR_INVALID, { "[client] lock-server", "“yes”", "true or false" } },
  { "lock-without-server", "[client]\nlock-server=true\n", RINGI_CONFIG_ERROR_INVALID, { "[client] lock-server", "server-url" } },
  { "bad-place", "[attendance]\ndefault-place=cafe\n", RINGI_CONFIG_ERROR_INVALID, { "[attendance] default-place", "“cafe”", "home, office, satellite or trip" } },
  { "bad-class", "[attendance]\nclass=managers\n", RINGI_CONFIG_ERROR_INVALID, { "[attendance] class", "“managers”", "general or high-demand" } },
};

static void
test_bad (Fixture *f,
          gconstpointer data)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      const BadCase *c = &bad_cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(RingiConfig) config = NULL;

      g_test_message ("case %s", c->name);
      write_config (f, c->text);
      config = ringi_config_load (f->path, &error);
      g_assert_error (error, RINGI_CONFIG_ERROR, (int) c->code);
      g_assert_null (config);
      /* The IT department must know which file to fix. */
      ringi_test_assert_contains (error->message, f->path);
      for (guint j = 0; j < G_N_ELEMENTS (c->needles) && c->needles[j] != NULL; j++)
        ringi_test_assert_contains (error->message, c->needles[j]);
    }
}

static void
test_unreadable (Fixture *f,
                 gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiConfig) config = NULL;

  /* A folder where the file should be cannot be read as one. */
  g_assert_cmpint (g_mkdir (f->path, 0700), ==, 0);
  config = ringi_config_load (f->path, &error);
  g_assert_error (error, RINGI_CONFIG_ERROR, RINGI_CONFIG_ERROR_READ);
  g_assert_null (config);
  ringi_test_assert_contains (error->message, f->path);
}

static void
test_environment (Fixture *f,
                  gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiConfig) config = NULL;
  g_autofree char *path = NULL;

  write_config (f, "[client]\nserver-url=https://from-env.example\n");
  g_setenv ("RINGI_CONFIG", f->path, TRUE);
  path = ringi_config_dup_default_path ();
  config = ringi_config_load_default (&error);
  g_unsetenv ("RINGI_CONFIG");

  g_assert_cmpstr (path, ==, f->path);
  g_assert_no_error (error);
  g_assert_cmpstr (ringi_config_get_server_url (config), ==, "https://from-env.example");

  g_clear_pointer (&path, g_free);
  path = ringi_config_dup_default_path ();
  g_assert_cmpstr (path, ==, SYSCONFDIR "/ringi/ringi.conf");
}

/* The installed example must load as it is, and with every key
 * uncommented: otherwise it teaches a mistake. */
static void
test_example (Fixture *f,
              gconstpointer data)
{
  g_autofree char *example = g_test_build_filename (G_TEST_DIST, "..", "data", "ringi.conf.example", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GRegex) commented_key = NULL;
  g_autofree char *uncommented = NULL;
  g_autoptr(GString) fixed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiConfig) as_is = NULL;
  g_autoptr(RingiConfig) all_set = NULL;

  as_is = ringi_config_load (example, &error);
  g_assert_no_error (error);
  g_assert_null (ringi_config_get_server_url (as_is));

  g_file_get_contents (example, &text, NULL, &error);
  g_assert_no_error (error);
  commented_key = g_regex_new ("^#([a-z-]+=)", G_REGEX_MULTILINE, 0, &error);
  g_assert_no_error (error);
  uncommented = g_regex_replace (commented_key, text, -1, 0, "\\1", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (uncommented, !=, text);
  /* The example names /etc/ringi/ca.pem, which this machine lacks. */
  fixed = g_string_new (uncommented);
  g_string_replace (fixed, "/etc/ringi/ca.pem", "@CA@", 0);
  write_config (f, fixed->str);

  all_set = ringi_config_load (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ringi_config_get_server_url (all_set), ==, "https://ringi.example.lg.jp:8443");
  g_assert_cmpstr (ringi_config_get_ca_file (all_set), ==, f->ca_file);
  g_assert_true (ringi_config_get_lock_server (all_set));
  g_assert_true (ringi_config_get_default_place (all_set, NULL));
  g_assert_true (ringi_config_get_attendance_class (all_set, NULL));
}

int
main (int argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/ringi/config/missing", test_missing);
  ADD ("/ringi/config/full", test_full);
  ADD ("/ringi/config/good", test_good);
  ADD ("/ringi/config/bad", test_bad);
  ADD ("/ringi/config/unreadable", test_unreadable);
  ADD ("/ringi/config/environment", test_environment);
  ADD ("/ringi/config/example", test_example);
#undef ADD

  return g_test_run ();
}
