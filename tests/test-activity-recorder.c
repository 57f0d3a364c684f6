/* test-activity-recorder.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-activity-recorder"

#include "config.h"

#include "ringi-activity-recorder.h"
#include "ringi-test-utils.h"

/* The objective record over a private session bus, where the test owns
 * org.gnome.ScreenSaver and announces ActiveChanged as GNOME Shell does;
 * and with no system bus, where logind's part records nothing. */

typedef struct
{
  char *dir;
  RingiStore *store;
  GTestDBus *bus;
  GDBusConnection *service; /* the fake screen saver's connection */
  GDBusConnection *client;  /* the recorder's */
  GPtrArray *events;        /* as RingiActivityRecorder::recorded says */
} Fixture;

static GDBusConnection *
connect_bus (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GDBusConnection *connection =
    g_dbus_connection_new_for_address_sync (g_test_dbus_get_bus_address (f->bus),
                                            G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                              G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                            NULL, NULL, &error);

  g_assert_no_error (error);
  return connection;
}

static void
name_acquired_cb (GDBusConnection *connection,
                  const char *name,
                  gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
}

static void
fixture_setup (Fixture *f,
               gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  gboolean acquired = FALSE;

  f->dir = ringi_test_make_tmpdir ("ract");
  path = g_build_filename (f->dir, "profile.db", NULL);
  f->store = ringi_store_open (path, &error);
  g_assert_no_error (error);
  f->events = g_ptr_array_new_with_free_func (g_free);

  f->bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (f->bus);
  f->service = connect_bus (f);
  f->client = connect_bus (f);
  g_bus_own_name_on_connection (f->service, "org.gnome.ScreenSaver", G_BUS_NAME_OWNER_FLAGS_NONE, name_acquired_cb,
                                NULL, &acquired, NULL);
  ringi_test_wait_for_flag (&acquired);
}

static void
fixture_teardown (Fixture *f,
                  gconstpointer data)
{
  g_dbus_connection_close_sync (f->service, NULL, NULL);
  g_dbus_connection_close_sync (f->client, NULL, NULL);
  g_clear_object (&f->service);
  g_clear_object (&f->client);
  g_test_dbus_down (f->bus);
  g_clear_object (&f->bus);
  g_assert_finalize_object (f->store);
  g_ptr_array_unref (f->events);
  ringi_test_remove_tree (f->dir);
  g_free (f->dir);
}

static void
recorded_cb (RingiActivityRecorder *recorder,
             const char *event,
             Fixture *f)
{
  g_ptr_array_add (f->events, g_strdup (event));
}

/* Signal subscriptions send their match rules to the bus without waiting;
 * a call answered by the bus on the same connection comes after them, so
 * once it returns the recorder hears every signal emitted next. */
static void
sync_with_bus (GDBusConnection *bus)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;

  if (bus == NULL)
    return;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                       "GetId", NULL, G_VARIANT_TYPE ("(s)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
}

static RingiActivityRecorder *
start_recorder (Fixture *f,
                GDBusConnection *session_bus)
{
  RingiActivityRecorder *recorder = ringi_activity_recorder_new (f->store);

  g_signal_connect (recorder, "recorded", G_CALLBACK (recorded_cb), f);
  ringi_activity_recorder_start (recorder, session_bus, NULL);
  sync_with_bus (session_bus);
  return recorder;
}

/* Announces the screen saver's state and waits until the recorder saw it. */
static void
screensaver_active (Fixture *f,
                    gboolean active)
{
  g_autoptr(GError) error = NULL;
  guint seen = f->events->len;

  g_dbus_connection_emit_signal (f->service, NULL, "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver",
                                 "ActiveChanged", g_variant_new ("(b)", active), &error);
  g_assert_no_error (error);
  while (f->events->len == seen)
    g_main_context_iteration (NULL, TRUE);
}

static GPtrArray *
list_all (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *periods = ringi_store_list_activity (f->store, 0, G_MAXINT64, &error);

  g_assert_no_error (error);
  return periods;
}

static void
assert_period (GPtrArray *periods,
               guint i,
               const char *since_event,
               const char *until_event)
{
  RingiActivityPeriod *period = g_ptr_array_index (periods, i);

  g_assert_cmpstr (period->since_event, ==, since_event);
  g_assert_cmpstr (period->until_event, ==, until_event);
  if (until_event != NULL)
    g_assert_cmpint (period->until, >=, period->since);
  else
    g_assert_cmpint (period->until, ==, 0);
}

static void
test_screensaver (Fixture *f,
                  gconstpointer data)
{
  g_autoptr(RingiActivityRecorder) recorder = start_recorder (f, f->client);
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GPtrArray) periods = NULL;

  open = list_all (f);
  g_assert_cmpuint (open->len, ==, 1);
  assert_period (open, 0, "session-start", NULL);

  screensaver_active (f, TRUE);
  screensaver_active (f, FALSE);
  screensaver_active (f, TRUE);
  screensaver_active (f, FALSE);
  ringi_activity_recorder_stop (recorder);

  periods = list_all (f);
  g_assert_cmpuint (periods->len, ==, 3);
  assert_period (periods, 0, "session-start", "lock");
  assert_period (periods, 1, "unlock", "lock");
  assert_period (periods, 2, "unlock", "session-end");
  g_assert_cmpuint (f->events->len, ==, 6);
  g_assert_cmpstr (g_ptr_array_index (f->events, 5), ==, "session-end");
}

/* Another program's signal of the same name is not the screen saver. */
static void
test_other_sender (Fixture *f,
                   gconstpointer data)
{
  g_autoptr(RingiActivityRecorder) recorder = start_recorder (f, f->client);
  g_autoptr(GDBusConnection) other = connect_bus (f);
  g_autoptr(GPtrArray) periods = NULL;
  g_autoptr(GError) error = NULL;

  g_dbus_connection_emit_signal (other, NULL, "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver", "ActiveChanged",
                                 g_variant_new ("(b)", TRUE), &error);
  g_assert_no_error (error);
  g_dbus_connection_flush_sync (other, NULL, &error);
  g_assert_no_error (error);
  /* The real service's signals come after the other one's: once its
   * unlock is seen, anything taken from the other would be there too. */
  screensaver_active (f, TRUE);
  screensaver_active (f, FALSE);
  while (!g_str_equal (g_ptr_array_index (f->events, f->events->len - 1), "unlock"))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (f->events->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (f->events, 1), ==, "lock");

  periods = list_all (f);
  g_assert_cmpuint (periods->len, ==, 2);
  assert_period (periods, 0, "session-start", "lock");
  assert_period (periods, 1, "unlock", NULL);
  g_dbus_connection_close_sync (other, NULL, NULL);
}

/* A fake logind on the private bus, standing in for the system bus: it
 * names the session, then locks, unlocks, sleeps and wakes it. */
static const char login1_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.login1.Manager'>"
  "    <method name='GetSession'><arg type='s' direction='in'/><arg type='o' direction='out'/></method>"
  "  </interface>"
  "</node>";

#define SESSION_PATH "/org/freedesktop/login1/session/_32"

static void
login1_method_cb (GDBusConnection *connection,
                  const char *sender,
                  const char *object_path,
                  const char *interface_name,
                  const char *method_name,
                  GVariant *parameters,
                  GDBusMethodInvocation *invocation,
                  gpointer user_data)
{
  const char *id;

  g_variant_get (parameters, "(&s)", &id);
  /* Only "auto" is asked: the caller's own session. */
  g_assert_cmpstr (id, ==, "auto");
  g_dbus_method_invocation_return_value (invocation, g_variant_new ("(o)", SESSION_PATH));
}

static void
login1_signal (Fixture *f,
               const char *path,
               const char *interface,
               const char *member,
               GVariant *parameters)
{
  g_autoptr(GError) error = NULL;
  guint seen = f->events->len;

  g_dbus_connection_emit_signal (f->service, NULL, path, interface, member, parameters, &error);
  g_assert_no_error (error);
  while (f->events->len == seen)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_login1 (Fixture *f,
             gconstpointer data)
{
  static const GDBusInterfaceVTable vtable = { login1_method_cb, NULL, NULL, { 0 } };
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (login1_xml, NULL);
  g_autoptr(RingiActivityRecorder) recorder = NULL;
  g_autoptr(GPtrArray) periods = NULL;
  g_autoptr(GError) error = NULL;
  gboolean acquired = FALSE;

  g_dbus_connection_register_object (f->service, "/org/freedesktop/login1", info->interfaces[0], &vtable, NULL, NULL,
                                     &error);
  g_assert_no_error (error);
  g_bus_own_name_on_connection (f->service, "org.freedesktop.login1", G_BUS_NAME_OWNER_FLAGS_NONE, name_acquired_cb,
                                NULL, &acquired, NULL);
  ringi_test_wait_for_flag (&acquired);

  recorder = ringi_activity_recorder_new (f->store);
  g_signal_connect (recorder, "recorded", G_CALLBACK (recorded_cb), f);
  ringi_activity_recorder_start (recorder, NULL, f->client);
  while (!ringi_activity_recorder_get_watching_login1 (recorder))
    g_main_context_iteration (NULL, TRUE);
  sync_with_bus (f->client);

  login1_signal (f, SESSION_PATH, "org.freedesktop.login1.Session", "Lock", NULL);
  login1_signal (f, SESSION_PATH, "org.freedesktop.login1.Session", "Unlock", NULL);
  login1_signal (f, "/org/freedesktop/login1", "org.freedesktop.login1.Manager", "PrepareForSleep",
                 g_variant_new ("(b)", TRUE));
  login1_signal (f, "/org/freedesktop/login1", "org.freedesktop.login1.Manager", "PrepareForSleep",
                 g_variant_new ("(b)", FALSE));
  ringi_activity_recorder_stop (recorder);

  periods = list_all (f);
  g_assert_cmpuint (periods->len, ==, 3);
  assert_period (periods, 0, "session-start", "lock");
  assert_period (periods, 1, "unlock", "sleep");
  assert_period (periods, 2, "wake", "session-end");
}

/* Without a system bus, logind's part records nothing; without any bus,
 * only the app's own start and end are recorded. */
static void
test_no_buses (Fixture *f,
               gconstpointer data)
{
  g_autoptr(RingiActivityRecorder) recorder = start_recorder (f, NULL);
  g_autoptr(GPtrArray) periods = NULL;

  g_assert_false (ringi_activity_recorder_get_watching_login1 (recorder));
  ringi_activity_recorder_stop (recorder);
  ringi_activity_recorder_stop (recorder);

  periods = list_all (f);
  g_assert_cmpuint (periods->len, ==, 1);
  assert_period (periods, 0, "session-start", "session-end");
  g_assert_cmpuint (f->events->len, ==, 2);
}

/* A period left open by a killed app is closed as not recorded, never
 * stretched to the next session. */
static void
test_killed (Fixture *f,
             gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) periods = NULL;

  g_assert_true (ringi_store_begin_activity (f->store, 1000, "session-start", &error));
  g_assert_no_error (error);
  g_assert_true (ringi_store_begin_activity (f->store, 1500, "unlock", &error));
  g_assert_true (ringi_store_begin_activity (f->store, 90000, "session-start", &error));
  g_assert_true (ringi_store_end_activity (f->store, 91000, "lock", &error));
  g_assert_true (ringi_store_end_activity (f->store, 92000, "lock", &error));
  g_assert_no_error (error);

  periods = list_all (f);
  g_assert_cmpuint (periods->len, ==, 2);
  assert_period (periods, 0, "session-start", "not-recorded");
  g_assert_cmpint (((RingiActivityPeriod *) g_ptr_array_index (periods, 0))->until, ==, 1000);
  assert_period (periods, 1, "session-start", "lock");
  g_assert_cmpint (((RingiActivityPeriod *) g_ptr_array_index (periods, 1))->until, ==, 91000);
}

/* Each day's first and last times, by the day a period started on in
 * Japan: what the month view compares with the punches. */
static void
test_days (Fixture *f,
           gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) periods = NULL;
  g_autoptr(GArray) days = NULL;
  /* 2026-11-02 08:25 JST, as Unix time */
  const gint64 morning = 1793575500;
  const RingiActivityDay *day;

  g_assert_true (ringi_store_begin_activity (f->store, morning, "session-start", &error));
  g_assert_true (ringi_store_end_activity (f->store, morning + 3 * 3600, "lock", &error));
  g_assert_true (ringi_store_begin_activity (f->store, morning + 4 * 3600, "unlock", &error));
  g_assert_true (ringi_store_end_activity (f->store, morning + 9 * 3600, "session-end", &error));
  /* the next day, still open */
  g_assert_true (ringi_store_begin_activity (f->store, morning + 24 * 3600, "session-start", &error));
  g_assert_no_error (error);

  periods = list_all (f);
  days = ringi_activity_summarize_days (periods);
  g_assert_cmpuint (days->len, ==, 2);
  day = &g_array_index (days, RingiActivityDay, 0);
  g_assert_cmpint (g_date_get_year (&day->date), ==, 2026);
  g_assert_cmpint (g_date_get_month (&day->date), ==, 11);
  g_assert_cmpint (g_date_get_day (&day->date), ==, 2);
  g_assert_cmpint (day->first, ==, morning);
  g_assert_cmpint (day->last, ==, morning + 9 * 3600);
  day = &g_array_index (days, RingiActivityDay, 1);
  g_assert_cmpint (g_date_get_day (&day->date), ==, 3);
  g_assert_cmpint (day->first, ==, morning + 24 * 3600);
  g_assert_cmpint (day->last, ==, morning + 24 * 3600);
}

int
main (int argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/ringi/activity-recorder/screensaver", Fixture, NULL, fixture_setup, test_screensaver,
              fixture_teardown);
  g_test_add ("/ringi/activity-recorder/other-sender", Fixture, NULL, fixture_setup, test_other_sender,
              fixture_teardown);
  g_test_add ("/ringi/activity-recorder/login1", Fixture, NULL, fixture_setup, test_login1, fixture_teardown);
  g_test_add ("/ringi/activity-recorder/no-buses", Fixture, NULL, fixture_setup, test_no_buses, fixture_teardown);
  g_test_add ("/ringi/activity-recorder/days", Fixture, NULL, fixture_setup, test_days, fixture_teardown);
  g_test_add ("/ringi/activity-recorder/killed", Fixture, NULL, fixture_setup, test_killed, fixture_teardown);

  return g_test_run ();
}
