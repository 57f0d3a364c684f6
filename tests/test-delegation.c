/* test-delegation.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-delegation"

#include "config.h"

#include <string.h>

#include "ringi-delegation.h"
#include "ringi-test-utils.h"

#define DELEGATION_ID "6a1e0c52-93f4-4d8b-a2c7-0e5f1b3d9a64"
#define TANAKA_KEY    "D2A4C3B1E0F98765432100FEDCBA9876543210AB"

static const char DELEGATION_RECORD[] =
  "Ringi-Delegation: 1\n"
  "Delegation: " DELEGATION_ID "\n"
  "From: tanaka\n"
  "To: suzuki\n"
  "Valid-From: 2026-12-01T00:00:00+09:00\n"
  "Valid-Until: 2026-12-08T00:00:00+09:00\n"
  "Signer-Key: " TANAKA_KEY "\n"
  "Time: 2026-11-30T16:40:12+09:00\n";

static GDateTime *
time_from (const char *text)
{
  GDateTime *time = g_date_time_new_from_iso8601 (text, NULL);

  g_assert_nonnull (time);
  return time;
}

static GBytes *
bytes_from_text (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

static RingiDelegation *
parse_golden (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = bytes_from_text (DELEGATION_RECORD);
  RingiDelegation *delegation = ringi_delegation_parse (bytes, &error);

  g_assert_no_error (error);
  g_assert_nonnull (delegation);
  return delegation;
}

static void
test_build (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) valid_from = time_from ("2026-12-01T00:00:00+09:00");
  g_autoptr(GDateTime) valid_until = time_from ("2026-12-08T00:00:00+09:00");
  g_autoptr(GDateTime) time = time_from ("2026-11-30T16:40:12.5+09:00");
  RingiDelegationFields fields = {
    .id = DELEGATION_ID,
    .from = "tanaka",
    .to = "suzuki",
    .valid_from = valid_from,
    .valid_until = valid_until,
    .signer_key = TANAKA_KEY,
    .time = time,
  };
  g_autoptr(RingiDelegation) delegation = ringi_delegation_new (&fields, &error);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) expected = bytes_from_text (DELEGATION_RECORD);
  g_autofree char *sha256 = NULL;
  g_autofree char *expected_sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, DELEGATION_RECORD, -1);

  g_assert_no_error (error);
  bytes = ringi_delegation_to_bytes (delegation);
  g_assert_true (g_bytes_equal (bytes, expected));
  sha256 = ringi_delegation_dup_sha256 (delegation);
  g_assert_cmpstr (sha256, ==, expected_sha256);
}

static void
test_build_refuses (void)
{
  g_autoptr(GDateTime) start = time_from ("2026-12-01T00:00:00+09:00");
  g_autoptr(GDateTime) end = time_from ("2026-12-08T00:00:00+09:00");
  RingiDelegationFields base = {
    .id = DELEGATION_ID,
    .from = "tanaka",
    .to = "suzuki",
    .valid_from = start,
    .valid_until = end,
    .signer_key = TANAKA_KEY,
    .time = start,
  };
  RingiDelegationFields cases[] = { base, base, base };

  cases[0].to = "tanaka";
  cases[1].valid_from = end;
  cases[1].valid_until = start;
  cases[2].from = "tanaka\nTo: sato";

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RingiDelegation) delegation = ringi_delegation_new (&cases[i], &error);

      g_assert_null (delegation);
      g_assert_error (error, RINGI_DELEGATION_ERROR, RINGI_DELEGATION_ERROR_MALFORMED);
    }
}

static void
test_parse_fields (void)
{
  g_autoptr(RingiDelegation) delegation = parse_golden ();
  g_autoptr(GBytes) bytes = ringi_delegation_to_bytes (delegation);
  g_autoptr(GBytes) expected = bytes_from_text (DELEGATION_RECORD);
  g_autoptr(GDateTime) time = time_from ("2026-11-30T07:40:12Z");

  g_assert_true (g_bytes_equal (bytes, expected));
  g_assert_cmpstr (ringi_delegation_get_id (delegation), ==, DELEGATION_ID);
  g_assert_cmpstr (ringi_delegation_get_from (delegation), ==, "tanaka");
  g_assert_cmpstr (ringi_delegation_get_to (delegation), ==, "suzuki");
  g_assert_cmpstr (ringi_delegation_get_signer_key (delegation), ==, TANAKA_KEY);
  g_assert_true (g_date_time_equal (ringi_delegation_get_time (delegation), time));
  g_assert_cmpint (g_date_time_get_day_of_month (ringi_delegation_get_valid_from (delegation)), ==, 1);
  g_assert_cmpint (g_date_time_get_day_of_month (ringi_delegation_get_valid_until (delegation)), ==, 8);
}

typedef struct
{
  const char *name;
  const char *find;
  const char *replace;
  guint line;
} MalformedCase;

static const MalformedCase malformed_cases[] = {
  { "crlf", "To: suzuki\n", "To: suzuki\r\n", 4 },
  { "no final line feed", "16:40:12+09:00\n", "16:40:12+09:00", 8 },
  { "trailing data", "16:40:12+09:00\n", "16:40:12+09:00\nComment: x\n", 9 },
  { "wrong order", "From: tanaka\nTo: suzuki\n", "To: suzuki\nFrom: tanaka\n", 3 },
  { "missing field", "Signer-Key: " TANAKA_KEY "\n", "", 7 },
  { "upper-case uuid", "6a1e0c52", "6A1E0C52", 2 },
  { "to oneself", "To: suzuki", "To: tanaka", 4 },
  { "period reversed", "2026-12-08T", "2026-11-08T", 6 },
  { "empty period", "2026-12-08T00:00:00+09:00", "2026-12-01T00:00:00+09:00", 6 },
  { "lower-case key", "Signer-Key: D2A4", "Signer-Key: d2a4", 7 },
  { "stamp version line", "Ringi-Delegation: 1", "Ringi-Stamp: 1", 1 },
};

static void
test_parse_malformed (gconstpointer data)
{
  const MalformedCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (DELEGATION_RECORD);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(RingiDelegation) delegation = NULL;
  g_autofree char *where = g_strdup_printf ("line %u:", c->line);

  g_assert_cmpuint (g_string_replace (text, c->find, c->replace, 1), ==, 1);
  bytes = g_bytes_new (text->str, text->len);
  delegation = ringi_delegation_parse (bytes, &error);
  g_assert_null (delegation);
  g_assert_error (error, RINGI_DELEGATION_ERROR, RINGI_DELEGATION_ERROR_MALFORMED);
  g_test_message ("%s", error->message);
  ringi_test_assert_contains (error->message, where);
}

static void
test_parse_newer_version (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (DELEGATION_RECORD);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(RingiDelegation) delegation = NULL;

  g_string_replace (text, "Ringi-Delegation: 1", "Ringi-Delegation: 2", 1);
  bytes = g_bytes_new (text->str, text->len);
  delegation = ringi_delegation_parse (bytes, &error);
  g_assert_null (delegation);
  g_assert_error (error, RINGI_DELEGATION_ERROR, RINGI_DELEGATION_ERROR_UNSUPPORTED);
}

typedef struct
{
  const char *from;
  const char *to;
  const char *time;
  gboolean covered;
} CoverCase;

static void
test_covers (void)
{
  static const CoverCase cases[] = {
    { "tanaka", "suzuki", "2026-12-03T11:00:00+09:00", TRUE },
    { "tanaka", "suzuki", "2026-12-01T00:00:00+09:00", TRUE },
    /* the same instant as the start, written in UTC */
    { "tanaka", "suzuki", "2026-11-30T15:00:00Z", TRUE },
    { "tanaka", "suzuki", "2026-11-30T23:59:59+09:00", FALSE },
    { "tanaka", "suzuki", "2026-12-07T23:59:59+09:00", TRUE },
    { "tanaka", "suzuki", "2026-12-08T00:00:00+09:00", FALSE },
    { "suzuki", "tanaka", "2026-12-03T11:00:00+09:00", FALSE },
    { "tanaka", "sato", "2026-12-03T11:00:00+09:00", FALSE },
    { "sato", "suzuki", "2026-12-03T11:00:00+09:00", FALSE },
  };
  g_autoptr(RingiDelegation) delegation = parse_golden ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) time = time_from (cases[i].time);

      g_test_message ("%s → %s at %s", cases[i].from, cases[i].to, cases[i].time);
      g_assert_cmpint (ringi_delegation_covers (delegation, cases[i].from, cases[i].to, time), ==, cases[i].covered);
    }
}

int
main (int argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ringi/delegation/build", test_build);
  g_test_add_func ("/ringi/delegation/build/refuses", test_build_refuses);
  g_test_add_func ("/ringi/delegation/parse/fields", test_parse_fields);
  g_test_add_func ("/ringi/delegation/parse/newer-version", test_parse_newer_version);
  g_test_add_func ("/ringi/delegation/covers", test_covers);

  for (guint i = 0; i < G_N_ELEMENTS (malformed_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ringi/delegation/parse/malformed/%s", malformed_cases[i].name);

      g_strdelimit (path, " ", '-');
      g_test_add_data_func (path, &malformed_cases[i], test_parse_malformed);
    }

  return g_test_run ();
}
