/* test-upgrade.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-upgrade"

#include "config.h"

#include "ringi-db.h"
#include "ringi-store.h"
#include "ringi-test-cli.h"
#include "ringi-test-server.h"
#include "ringi-test-utils.h"

#define PIN "8642"
/* The address the fixture's profiles were enrolled with */
#define FIXTURE_PORT 47613

/* IT upgrades Ringi: a server data folder and the staff's profiles made
 * by an earlier release (tests/data/upgrade/make-fixture.sh), with a
 * request waiting at its last step, meet the programs of this build. The
 * schema migrations run when each side opens its database, and the work
 * goes on: the last approver decides, every stamp still verifies, and
 * both databases pass sqlite's integrity check. */
typedef struct
{
  char *dir;
  char *data;
  char *request_id;
  RingiTestServer *server;
} Fixture;

static const char *const people[] = { "suzuki", "sato", "tanaka" };

static char *
profile_of (Fixture *f,
            const char *login)
{
  return g_build_filename (f->dir, "profiles", login, NULL);
}

static void
extract_fixture (Fixture *f)
{
  g_autofree char *tarball = g_test_build_filename (G_TEST_DIST, "data", "upgrade", "fixture.tar.gz", NULL);
  g_autofree char *id_path = g_build_filename (f->dir, "request-id", NULL);
  const char *argv[] = { "tar", "-xzf", tarball, "-C", f->dir, NULL };
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  g_file_get_contents (id_path, &f->request_id, NULL, &error);
  g_assert_no_error (error);
  g_strstrip (f->request_id);
}

static void
fixture_setup (Fixture *f,
               gconstpointer data)
{
  f->dir = ringi_test_make_tmpdir ("rupg");
  f->data = g_build_filename (f->dir, "server", NULL);
  extract_fixture (f);
}

static void
fixture_teardown (Fixture *f,
                  gconstpointer data)
{
  if (f->server != NULL)
    g_assert_cmpint (ringi_test_server_stop (f->server), ==, 0);
  g_clear_pointer (&f->server, ringi_test_server_free);

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      g_autofree char *profile = profile_of (f, people[i]);
      g_autofree char *home = g_build_filename (profile, "gnupg", NULL);

      ringi_test_kill_agent (home);
    }

  ringi_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->data);
  g_free (f->request_id);
}

/* The fixture's server certificate has a date after which it must be
 * made again; the test says so instead of failing on TLS. */
static gboolean
certificate_still_valid (Fixture *f)
{
  g_autofree char *path = g_build_filename (f->data, "tls", "server.pem", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = g_tls_certificate_new_from_file (path, &error);
  g_autoptr(GDateTime) until = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_assert_no_error (error);
  g_object_get (certificate, "not-valid-after", &until, NULL);
  return g_date_time_compare (now, until) < 0;
}

static gboolean
port_is_free (guint16 port)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);

  return g_socket_listener_add_address (listener, address, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                        NULL, NULL, NULL);
}

static void
cli (Fixture *f,
     RingiCliRun *run,
     const char *login,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  va_list args;
  const char *arg;

  va_start (args, login);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  if (login != NULL)
    {
      g_ptr_array_add (argv, g_strdup ("--profile"));
      g_ptr_array_add (argv, profile_of (f, login));
    }
  g_ptr_array_add (argv, NULL);
  ringi_cli_run_clear (run);
  ringi_test_cli_runv (run, (const char *const *) argv->pdata, PIN);
  ringi_test_cli_assert_ok (run);
}

static void
assert_profile_sound (Fixture *f,
                      const char *login)
{
  g_autofree char *profile = profile_of (f, login);
  g_autofree char *path = g_build_filename (profile, "profile.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiStore) store = ringi_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_true (ringi_db_check_integrity (ringi_store_get_db (store), &error));
  g_assert_no_error (error);
}

static void
test_upgrade (Fixture *f,
              gconstpointer data)
{
  g_auto(RingiCliRun) run = { 0 };
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%u", FIXTURE_PORT);
  g_autofree char *backup = g_build_filename (f->dir, "after-upgrade.db", NULL);
  g_autofree char *bundle = g_build_filename (f->dir, "bundle", NULL);
  g_autoptr(RingiTestRun) admin = NULL;
  const char *const args[] = { "--listen", listen, NULL };

  if (!certificate_still_valid (f))
    {
      g_test_skip ("The upgrade fixture's server certificate has expired: make it again with tests/data/upgrade/make-fixture.sh");
      return;
    }
  if (!port_is_free (FIXTURE_PORT))
    {
      g_test_skip ("Port 47613, where the fixture's profiles find their server, is taken");
      return;
    }

  f->server = ringi_test_server_start_with_args (f->data, args);

  /* The last approver, whose client was last opened by the old release */
  cli (f, &run, "tanaka", "sync", NULL);
  cli (f, &run, "tanaka", "approve", f->request_id, NULL);
  cli (f, &run, "tanaka", "sync", NULL);
  ringi_test_assert_contains (run.out, "refused 0");

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      cli (f, &run, people[i], "sync", NULL);
      cli (f, &run, people[i], "show", f->request_id, NULL);
      ringi_test_assert_contains (run.out, "decided");
      cli (f, &run, people[i], "verify", f->request_id, NULL);
    }

  cli (f, &run, "suzuki", "export", f->request_id, "--out", bundle, NULL);
  cli (f, &run, NULL, "bundle", "verify", bundle, "--require-decided", NULL);

  /* Both sides' databases are sound: the server's through its checked
   * backup, the profiles' directly. */
  admin = ringi_test_server_run ("backup", "--data", f->data, backup, NULL);
  g_assert_cmpint (admin->status, ==, 0);
  ringi_test_assert_contains (admin->out, "integrity check passed");
  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    assert_profile_sound (f, people[i]);
}

int
main (int argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/ringi/upgrade/previous-release", Fixture, NULL, fixture_setup, test_upgrade, fixture_teardown);
  return g_test_run ();
}
