/* test-punch.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-punch"

#include "config.h"

#include <string.h>

#include "ringi-punch.h"
#include "ringi-test-utils.h"

#define PUNCH      "5b1f3c2e-7a4d-4e8f-9c0b-1d2e3f4a5b6c"
#define CORRECTION "0c9d8e7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f"
#define SATO_KEY   "90F9ECD53D50DCCBA981EE236E4B6ECCF9A4AAB7"
#define SERVER_KEY "D2A4C3B1E0F98765432100FEDCBA9876543210AB"

/* sha256 of CLOCK_IN_RECORD, computed with sha256sum */
#define CLOCK_IN_SHA256 "6c552bb40d3468bcda1ffb5635f1c05ea0bffb323e792a0c4454c76e5acaa30b"
/* sha256 of the UTF-8 bytes of "電車遅延のため在宅に切り替え" */
#define NOTE_SHA256 "aa6122a97d41358dca4b9d84e19bc513b578f188f640ae1bd33d15db22423997"

static const char CLOCK_IN_RECORD[] =
  "Ringi-Punch: 1\n"
  "Punch: " PUNCH "\n"
  "Login: sato\n"
  "Signer-Key: " SATO_KEY "\n"
  "Kind: clock-in\n"
  "Place: home\n"
  "Client-Time: 2026-11-24T08:29:41+09:00\n"
  "Note-SHA256: none\n";

static const char CORRECTION_RECORD[] =
  "Ringi-Punch: 1\n"
  "Punch: " CORRECTION "\n"
  "Login: sato\n"
  "Signer-Key: " SATO_KEY "\n"
  "Kind: break-start\n"
  "Place: satellite\n"
  "Client-Time: 2026-11-24T12:00:00+09:00\n"
  "Note-SHA256: " NOTE_SHA256 "\n"
  "Corrects: " PUNCH "\n";

static const char IMPORTED_RECORD[] =
  "Ringi-Punch: 1\n"
  "Punch: " CORRECTION "\n"
  "Login: tanaka.k\n"
  "Signer-Key: " SERVER_KEY "\n"
  "Kind: clock-out\n"
  "Place: trip\n"
  "Client-Time: 2025-03-31T23:59:00+09:00\n"
  "Note-SHA256: none\n"
  "Imported: yes\n";

static GBytes *
bytes_from_text (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

static void
assert_bytes_are (GBytes *bytes,
                  const char *expected)
{
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  g_assert_cmpstr (text, ==, expected);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, strlen (expected));
}

static GDateTime *
time_from (const char *text)
{
  GDateTime *time = g_date_time_new_from_iso8601 (text, NULL);

  g_assert_nonnull (time);
  return time;
}

static void
test_build_clock_in (void)
{
  g_autoptr(GError) error = NULL;
  /* the fraction of a second is dropped */
  g_autoptr(GDateTime) time = time_from ("2026-11-24T08:29:41.930+09:00");
  RingiPunchFields fields = {
    .punch = PUNCH,
    .login = "sato",
    .signer_key = SATO_KEY,
    .kind = RINGI_PUNCH_CLOCK_IN,
    .place = RINGI_PUNCH_PLACE_HOME,
    .client_time = time,
  };
  g_autoptr(RingiPunch) punch = ringi_punch_new (&fields, &error);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *sha256 = NULL;

  g_assert_no_error (error);
  bytes = ringi_punch_to_bytes (punch);
  assert_bytes_are (bytes, CLOCK_IN_RECORD);

  sha256 = ringi_punch_dup_sha256 (punch);
  g_assert_cmpstr (sha256, ==, CLOCK_IN_SHA256);
}

static void
test_build_correction (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) time = time_from ("2026-11-24T12:00:00+09:00");
  g_autofree char *note = ringi_punch_hash_note ("電車遅延のため在宅に切り替え");
  RingiPunchFields fields = {
    .punch = CORRECTION,
    .login = "sato",
    .signer_key = SATO_KEY,
    .kind = RINGI_PUNCH_BREAK_START,
    .place = RINGI_PUNCH_PLACE_SATELLITE,
    .client_time = time,
    .note_sha256 = note,
    .corrects = PUNCH,
  };
  g_autoptr(RingiPunch) punch = ringi_punch_new (&fields, &error);
  g_autoptr(GBytes) bytes = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (note, ==, NOTE_SHA256);
  bytes = ringi_punch_to_bytes (punch);
  assert_bytes_are (bytes, CORRECTION_RECORD);
}

static void
test_build_imported (void)
{
  g_autoptr(GError) error = NULL;
  /* written in the offset it is given in, as every record time */
  g_autoptr(GDateTime) time = time_from ("2025-03-31T23:59:00+09:00");
  RingiPunchFields fields = {
    .punch = CORRECTION,
    .login = "tanaka.k",
    .signer_key = SERVER_KEY,
    .kind = RINGI_PUNCH_CLOCK_OUT,
    .place = RINGI_PUNCH_PLACE_TRIP,
    .client_time = time,
    .imported = TRUE,
  };
  g_autoptr(RingiPunch) punch = ringi_punch_new (&fields, &error);
  g_autoptr(GBytes) bytes = NULL;

  g_assert_no_error (error);
  bytes = ringi_punch_to_bytes (punch);
  assert_bytes_are (bytes, IMPORTED_RECORD);
}

static void
test_build_refuses (void)
{
  g_autoptr(GDateTime) time = time_from ("2026-11-24T08:29:41+09:00");
  RingiPunchFields base = {
    .punch = PUNCH,
    .login = "sato",
    .signer_key = SATO_KEY,
    .kind = RINGI_PUNCH_CLOCK_IN,
    .place = RINGI_PUNCH_PLACE_OFFICE,
    .client_time = time,
  };
  struct
  {
    const char *name;
    RingiPunchFields fields;
  } cases[] = {
    { "a forged line in a field", base },
    { "an upper-case uuid", base },
    { "a bad login", base },
    { "correcting itself", base },
    { "a note hash in capitals", base },
  };

  cases[0].fields.login = "sato\nImported: yes";
  cases[1].fields.punch = "5B1F3C2E-7A4D-4E8F-9C0B-1D2E3F4A5B6C";
  cases[2].fields.login = "Sato";
  cases[3].fields.corrects = PUNCH;
  cases[4].fields.note_sha256 = "AA6122A97D41358DCA4B9D84E19BC513B578F188F640AE1BD33D15DB22423997";

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RingiPunch) punch = ringi_punch_new (&cases[i].fields, &error);

      g_test_message ("case: %s", cases[i].name);
      g_assert_null (punch);
      g_assert_error (error, RINGI_PUNCH_ERROR, RINGI_PUNCH_ERROR_MALFORMED);
    }
}

static void
assert_round_trip (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) input = bytes_from_text (text);
  g_autoptr(RingiPunch) punch = ringi_punch_parse (input, &error);
  g_autoptr(GBytes) output = NULL;

  g_assert_no_error (error);
  output = ringi_punch_to_bytes (punch);
  g_assert_true (g_bytes_equal (input, output));
}

static void
test_parse_round_trip (void)
{
  assert_round_trip (CLOCK_IN_RECORD);
  assert_round_trip (CORRECTION_RECORD);
  assert_round_trip (IMPORTED_RECORD);
}

static void
test_parse_fields (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) input = bytes_from_text (CORRECTION_RECORD);
  g_autoptr(RingiPunch) punch = ringi_punch_parse (input, &error);
  g_autoptr(GDateTime) expected_time = time_from ("2026-11-24T03:00:00Z");

  g_assert_no_error (error);
  g_assert_cmpstr (ringi_punch_get_punch (punch), ==, CORRECTION);
  g_assert_cmpstr (ringi_punch_get_login (punch), ==, "sato");
  g_assert_cmpstr (ringi_punch_get_signer_key (punch), ==, SATO_KEY);
  g_assert_cmpint (ringi_punch_get_kind (punch), ==, RINGI_PUNCH_BREAK_START);
  g_assert_cmpint (ringi_punch_get_place (punch), ==, RINGI_PUNCH_PLACE_SATELLITE);
  g_assert_true (g_date_time_equal (ringi_punch_get_client_time (punch), expected_time));
  g_assert_cmpint (g_date_time_get_utc_offset (ringi_punch_get_client_time (punch)), ==, 9 * G_TIME_SPAN_HOUR);
  g_assert_cmpstr (ringi_punch_get_note_sha256 (punch), ==, NOTE_SHA256);
  g_assert_cmpstr (ringi_punch_get_corrects (punch), ==, PUNCH);
  g_assert_false (ringi_punch_get_imported (punch));
}

static void
test_parse_optional_absent (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) input = bytes_from_text (CLOCK_IN_RECORD);
  g_autoptr(RingiPunch) punch = ringi_punch_parse (input, &error);

  g_assert_no_error (error);
  g_assert_null (ringi_punch_get_note_sha256 (punch));
  g_assert_null (ringi_punch_get_corrects (punch));
  g_assert_false (ringi_punch_get_imported (punch));
}

static void
test_parse_imported (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) input = bytes_from_text (IMPORTED_RECORD);
  g_autoptr(RingiPunch) punch = ringi_punch_parse (input, &error);

  g_assert_no_error (error);
  g_assert_true (ringi_punch_get_imported (punch));
  g_assert_cmpint (ringi_punch_get_kind (punch), ==, RINGI_PUNCH_CLOCK_OUT);
  g_assert_cmpint (ringi_punch_get_place (punch), ==, RINGI_PUNCH_PLACE_TRIP);
}

/* Each malformed case is a valid record with one edit. */
typedef struct
{
  const char *name;
  const char *base;
  const char *find;
  const char *replace;
  guint line;
} MalformedCase;

static const MalformedCase malformed_cases[] = {
  { "crlf", CLOCK_IN_RECORD, "Kind: clock-in\n", "Kind: clock-in\r\n", 5 },
  { "no final line feed", CLOCK_IN_RECORD, "none\n", "none", 8 },
  { "empty line at the end", CLOCK_IN_RECORD, "none\n", "none\n\n", 9 },
  { "trailing data", CLOCK_IN_RECORD, "none\n", "none\nhello\n", 9 },
  { "wrong order", CLOCK_IN_RECORD, "Kind: clock-in\nPlace: home\n", "Place: home\nKind: clock-in\n", 5 },
  { "unknown key", CLOCK_IN_RECORD, "Kind: clock-in\n", "Mood: good\nKind: clock-in\n", 5 },
  { "missing place", CLOCK_IN_RECORD, "Place: home\n", "", 6 },
  { "missing note line", CLOCK_IN_RECORD, "Note-SHA256: none\n", "", 8 },
  { "repeated line", CLOCK_IN_RECORD, "Login: sato\n", "Login: sato\nLogin: sato\n", 4 },
  { "trailing space", CLOCK_IN_RECORD, "Place: home", "Place: home ", 6 },
  { "version text", CLOCK_IN_RECORD, "Ringi-Punch: 1", "Ringi-Punch: one", 1 },
  { "upper-case uuid", CLOCK_IN_RECORD, "Punch: 5b1f", "Punch: 5B1F", 2 },
  { "bad login", CLOCK_IN_RECORD, "Login: sato", "Login: Sato", 3 },
  { "lower-case fingerprint", CLOCK_IN_RECORD, "Signer-Key: 90F9", "Signer-Key: 90f9", 4 },
  { "unknown kind", CLOCK_IN_RECORD, "Kind: clock-in", "Kind: clock_in", 5 },
  { "kind in capitals", CLOCK_IN_RECORD, "Kind: clock-in", "Kind: Clock-in", 5 },
  { "japanese kind", CLOCK_IN_RECORD, "Kind: clock-in", "Kind: 出勤", 5 },
  { "unknown place", CLOCK_IN_RECORD, "Place: home", "Place: cafe", 6 },
  { "time without offset", CLOCK_IN_RECORD, "08:29:41+09:00", "08:29:41", 7 },
  { "time in Z", CLOCK_IN_RECORD, "08:29:41+09:00", "23:29:41Z", 7 },
  { "time with fraction", CLOCK_IN_RECORD, "08:29:41+09:00", "08:29:41.5+09:00", 7 },
  { "time without seconds", CLOCK_IN_RECORD, "08:29:41+09:00", "08:29+09:00", 7 },
  { "note in capitals", CLOCK_IN_RECORD, "Note-SHA256: none", "Note-SHA256: NONE", 8 },
  { "note hash short", CORRECTION_RECORD, "Note-SHA256: aa61", "Note-SHA256: a61", 8 },
  { "corrects not a uuid", CORRECTION_RECORD, "Corrects: 5b1f3c2e-", "Corrects: 5b1f3c2e", 9 },
  { "corrects upper-case", CORRECTION_RECORD, "Corrects: 5b1f", "Corrects: 5B1F", 9 },
  { "corrects itself", CORRECTION_RECORD, "Corrects: " PUNCH, "Corrects: " CORRECTION, 9 },
  { "imported no", IMPORTED_RECORD, "Imported: yes", "Imported: no", 9 },
  { "imported in capitals", IMPORTED_RECORD, "Imported: yes", "Imported: Yes", 9 },
  { "imported before corrects", CORRECTION_RECORD, "Corrects: " PUNCH "\n", "Imported: yes\nCorrects: " PUNCH "\n", 10 },
};

static GBytes *
apply_edit (const char *base,
            const char *find,
            const char *replace)
{
  const char *at = strstr (base, find);
  GByteArray *edited = g_byte_array_new ();

  g_assert_nonnull (at);
  g_byte_array_append (edited, (const guint8 *) base, at - base);
  g_byte_array_append (edited, (const guint8 *) replace, strlen (replace));
  at += strlen (find);
  g_byte_array_append (edited, (const guint8 *) at, strlen (at));
  return g_byte_array_free_to_bytes (edited);
}

static void
test_parse_malformed (gconstpointer data)
{
  const MalformedCase *c = data;
  g_autoptr(GBytes) bytes = apply_edit (c->base, c->find, c->replace);
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiPunch) punch = ringi_punch_parse (bytes, &error);
  g_autofree char *where = g_strdup_printf ("line %u:", c->line);

  g_assert_null (punch);
  g_assert_error (error, RINGI_PUNCH_ERROR, RINGI_PUNCH_ERROR_MALFORMED);
  g_test_message ("%s", error->message);
  ringi_test_assert_contains (error->message, where);
}

static void
test_parse_newer_version (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = apply_edit (CLOCK_IN_RECORD, "Ringi-Punch: 1", "Ringi-Punch: 2");
  g_autoptr(RingiPunch) punch = ringi_punch_parse (bytes, &error);

  g_assert_null (punch);
  g_assert_error (error, RINGI_PUNCH_ERROR, RINGI_PUNCH_ERROR_UNSUPPORTED);
}

static void
test_parse_empty (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new (NULL, 0);
  g_autoptr(RingiPunch) punch = ringi_punch_parse (bytes, &error);

  g_assert_null (punch);
  g_assert_error (error, RINGI_PUNCH_ERROR, RINGI_PUNCH_ERROR_MALFORMED);
}

static void
test_words (void)
{
  static const char *const kinds[] = { "clock-in", "clock-out", "break-start", "break-end", "out", "in" };
  static const char *const places[] = { "home", "office", "satellite", "trip" };
  RingiPunchKind kind;
  RingiPunchPlace place;

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_assert_true (ringi_punch_kind_from_string (kinds[i], &kind));
      g_assert_cmpint (kind, ==, i);
      g_assert_cmpstr (ringi_punch_kind_to_string (kind), ==, kinds[i]);
    }

  for (guint i = 0; i < G_N_ELEMENTS (places); i++)
    {
      g_assert_true (ringi_punch_place_from_string (places[i], &place));
      g_assert_cmpint (place, ==, i);
      g_assert_cmpstr (ringi_punch_place_to_string (place), ==, places[i]);
    }

  g_assert_false (ringi_punch_kind_from_string ("lunch", &kind));
  g_assert_false (ringi_punch_kind_from_string ("", &kind));
  g_assert_false (ringi_punch_place_from_string ("Home", &place));
}

static void
test_refcount (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) input = bytes_from_text (CLOCK_IN_RECORD);
  RingiPunch *punch = ringi_punch_parse (input, &error);
  GValue value = G_VALUE_INIT;

  g_assert_no_error (error);
  g_value_init (&value, RINGI_TYPE_PUNCH);
  g_value_set_boxed (&value, punch);
  ringi_punch_unref (punch);
  g_assert_cmpstr (ringi_punch_get_login (g_value_get_boxed (&value)), ==, "sato");
  g_value_unset (&value);
}

int
main (int argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ringi/punch/build/clock-in", test_build_clock_in);
  g_test_add_func ("/ringi/punch/build/correction", test_build_correction);
  g_test_add_func ("/ringi/punch/build/imported", test_build_imported);
  g_test_add_func ("/ringi/punch/build/refuses", test_build_refuses);
  g_test_add_func ("/ringi/punch/parse/round-trip", test_parse_round_trip);
  g_test_add_func ("/ringi/punch/parse/fields", test_parse_fields);
  g_test_add_func ("/ringi/punch/parse/optional-absent", test_parse_optional_absent);
  g_test_add_func ("/ringi/punch/parse/imported", test_parse_imported);
  g_test_add_func ("/ringi/punch/parse/empty", test_parse_empty);
  g_test_add_func ("/ringi/punch/parse/newer-version", test_parse_newer_version);
  g_test_add_func ("/ringi/punch/words", test_words);
  g_test_add_func ("/ringi/punch/refcount", test_refcount);

  for (guint i = 0; i < G_N_ELEMENTS (malformed_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ringi/punch/parse/malformed/%s", malformed_cases[i].name);

      g_strdelimit (path, " ", '-');
      g_test_add_data_func (path, &malformed_cases[i], test_parse_malformed);
    }

  return g_test_run ();
}
