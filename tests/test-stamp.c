/* test-stamp.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-stamp"

#include "config.h"

#include <string.h>

#include "ringi-stamp.h"
#include "ringi-test-utils.h"

#define DOCUMENT   "3f2c9a4e-8b1d-4c7e-9f0a-5d6b7c8e9f01"
#define PDF_SHA256 "9b4c5d0a8e7f6a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6a7b8c9d"
#define SATO_KEY   "90F9ECD53D50DCCBA981EE236E4B6ECCF9A4AAB7"
#define SUZUKI_KEY "14B17E38CCD1F985FC0D8E46E05AF18E51C712FE"
#define ROUTE      "approve=suzuki ; final=tanaka"

/* sha256 of SUBMIT_RECORD, computed with sha256sum */
#define SUBMIT_SHA256 "6066721f170d4591e607d986c96e429c86a49990f25f7b8b59a3af514e99756f"
/* sha256 of the UTF-8 bytes of "至急お願いします。" */
#define COMMENT_SHA256 "57e8f0af2e4452aa6620c3a3903b47c1dff5117aa8ce58884dc0f98edfd96518"

static const char SUBMIT_RECORD[] =
  "Ringi-Stamp: 1\n"
  "Document: " DOCUMENT "\n"
  "Revision: 1\n"
  "Document-SHA256: " PDF_SHA256 "\n"
  "Step: 0\n"
  "Action: submit\n"
  "Signer: sato\n"
  "Signer-Key: " SATO_KEY "\n"
  "Time: 2026-11-23T10:15:00+09:00\n"
  "Previous: none\n"
  "Comment-SHA256: none\n"
  "Route: " ROUTE "\n"
  "Placement: 1 450.5 700 48\n";

static const char APPROVE_RECORD[] =
  "Ringi-Stamp: 1\n"
  "Document: " DOCUMENT "\n"
  "Revision: 1\n"
  "Document-SHA256: " PDF_SHA256 "\n"
  "Step: 1\n"
  "Action: approve\n"
  "Signer: suzuki\n"
  "Signer-Key: " SUZUKI_KEY "\n"
  "On-Behalf-Of: yamada\n"
  "Time: 2026-11-24T09:02:30+09:00\n"
  "Previous: " SUBMIT_SHA256 "\n"
  "Comment-SHA256: " COMMENT_SHA256 "\n"
  "Placement: 1 502.25 700 48\n";

static const char SEND_BACK_RECORD[] =
  "Ringi-Stamp: 1\n"
  "Document: " DOCUMENT "\n"
  "Revision: 2\n"
  "Document-SHA256: " PDF_SHA256 "\n"
  "Step: 3\n"
  "Action: send-back\n"
  "To-Step: 1\n"
  "Signer: suzuki\n"
  "Signer-Key: " SUZUKI_KEY "\n"
  "Time: 2026-11-25T17:45:00+00:00\n"
  "Previous: " SUBMIT_SHA256 "\n"
  "Comment-SHA256: " COMMENT_SHA256 "\n";

static const char WITHDRAW_RECORD[] =
  "Ringi-Stamp: 1\n"
  "Document: " DOCUMENT "\n"
  "Revision: 1\n"
  "Document-SHA256: " PDF_SHA256 "\n"
  "Step: 0\n"
  "Action: withdraw\n"
  "Signer: sato\n"
  "Signer-Key: " SATO_KEY "\n"
  "Time: 2026-11-23T10:20:00-05:30\n"
  "Previous: " SUBMIT_SHA256 "\n"
  "Comment-SHA256: none\n";

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
test_build_submit (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) time = time_from ("2026-11-23T10:15:00.734+09:00");
  RingiPlacement placement = { 1, 450.5, 700, 48 };
  RingiStampFields fields = {
    .document = DOCUMENT,
    .revision = 1,
    .document_sha256 = PDF_SHA256,
    .step = 0,
    .action = RINGI_ACTION_SUBMIT,
    .signer = "sato",
    .signer_key = SATO_KEY,
    .time = time,
    .route = ROUTE,
    .placement = &placement,
  };
  g_autoptr(RingiStamp) stamp = ringi_stamp_new (&fields, &error);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *sha256 = NULL;

  g_assert_no_error (error);
  bytes = ringi_stamp_to_bytes (stamp);
  assert_bytes_are (bytes, SUBMIT_RECORD);

  sha256 = ringi_stamp_dup_sha256 (stamp);
  g_assert_cmpstr (sha256, ==, SUBMIT_SHA256);
}

static void
test_build_approve (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) time = time_from ("2026-11-24T09:02:30+09:00");
  g_autofree char *comment = ringi_stamp_hash_comment ("至急お願いします。");
  /* 502.249 rounds to the hundredth a record can carry */
  RingiPlacement placement = { 1, 502.249, 700.001, 48 };
  RingiStampFields fields = {
    .document = DOCUMENT,
    .revision = 1,
    .document_sha256 = PDF_SHA256,
    .step = 1,
    .action = RINGI_ACTION_APPROVE,
    .signer = "suzuki",
    .signer_key = SUZUKI_KEY,
    .on_behalf_of = "yamada",
    .time = time,
    .previous = SUBMIT_SHA256,
    .comment_sha256 = comment,
    .placement = &placement,
  };
  g_autoptr(RingiStamp) stamp = ringi_stamp_new (&fields, &error);
  g_autoptr(GBytes) bytes = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (comment, ==, COMMENT_SHA256);
  bytes = ringi_stamp_to_bytes (stamp);
  assert_bytes_are (bytes, APPROVE_RECORD);
}

static void
test_build_send_back (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) time = time_from ("2026-11-25T17:45:00Z");
  RingiStampFields fields = {
    .document = DOCUMENT,
    .revision = 2,
    .document_sha256 = PDF_SHA256,
    .step = 3,
    .action = RINGI_ACTION_SEND_BACK,
    .to_step = 1,
    .signer = "suzuki",
    .signer_key = SUZUKI_KEY,
    .time = time,
    .previous = SUBMIT_SHA256,
    .comment_sha256 = COMMENT_SHA256,
  };
  g_autoptr(RingiStamp) stamp = ringi_stamp_new (&fields, &error);
  g_autoptr(GBytes) bytes = NULL;

  g_assert_no_error (error);
  bytes = ringi_stamp_to_bytes (stamp);
  assert_bytes_are (bytes, SEND_BACK_RECORD);
}

static void
test_build_refuses (void)
{
  g_autoptr(GDateTime) time = time_from ("2026-11-23T10:15:00+09:00");
  RingiPlacement off_page = { 1, -3, 700, 48 };
  RingiStampFields base = {
    .document = DOCUMENT,
    .revision = 1,
    .document_sha256 = PDF_SHA256,
    .step = 1,
    .action = RINGI_ACTION_APPROVE,
    .signer = "suzuki",
    .signer_key = SUZUKI_KEY,
    .time = time,
    .previous = SUBMIT_SHA256,
  };
  struct
  {
    const char *name;
    RingiStampFields fields;
  } cases[] = {
    { "a forged line in a field", base },
    { "a route on an approval", base },
    { "a seal off the page", base },
    { "a step on a submit", base },
    { "an upper-case document", base },
  };

  cases[0].fields.signer = "suzuki\nOn-Behalf-Of: tanaka";
  cases[1].fields.route = ROUTE;
  cases[2].fields.placement = &off_page;
  cases[3].fields.action = RINGI_ACTION_SUBMIT;
  cases[4].fields.document = "3F2C9A4E-8B1D-4C7E-9F0A-5D6B7C8E9F01";

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RingiStamp) stamp = ringi_stamp_new (&cases[i].fields, &error);

      g_test_message ("case: %s", cases[i].name);
      g_assert_null (stamp);
      g_assert_error (error, RINGI_STAMP_ERROR, RINGI_STAMP_ERROR_MALFORMED);
    }
}

static void
assert_round_trip (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) input = bytes_from_text (text);
  g_autoptr(RingiStamp) stamp = ringi_stamp_parse (input, &error);
  g_autoptr(GBytes) output = NULL;

  g_assert_no_error (error);
  output = ringi_stamp_to_bytes (stamp);
  g_assert_true (g_bytes_equal (input, output));
}

static void
test_parse_round_trip (void)
{
  assert_round_trip (SUBMIT_RECORD);
  assert_round_trip (APPROVE_RECORD);
  assert_round_trip (SEND_BACK_RECORD);
  assert_round_trip (WITHDRAW_RECORD);
}

static void
test_parse_fields (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) input = bytes_from_text (APPROVE_RECORD);
  g_autoptr(RingiStamp) stamp = ringi_stamp_parse (input, &error);
  g_autoptr(GDateTime) expected_time = time_from ("2026-11-24T00:02:30Z");
  const RingiPlacement *placement;

  g_assert_no_error (error);
  g_assert_cmpstr (ringi_stamp_get_document (stamp), ==, DOCUMENT);
  g_assert_cmpuint (ringi_stamp_get_revision (stamp), ==, 1);
  g_assert_cmpstr (ringi_stamp_get_document_sha256 (stamp), ==, PDF_SHA256);
  g_assert_cmpuint (ringi_stamp_get_step (stamp), ==, 1);
  g_assert_cmpint (ringi_stamp_get_action (stamp), ==, RINGI_ACTION_APPROVE);
  g_assert_cmpuint (ringi_stamp_get_to_step (stamp), ==, 0);
  g_assert_cmpstr (ringi_stamp_get_signer (stamp), ==, "suzuki");
  g_assert_cmpstr (ringi_stamp_get_signer_key (stamp), ==, SUZUKI_KEY);
  g_assert_cmpstr (ringi_stamp_get_on_behalf_of (stamp), ==, "yamada");
  g_assert_true (g_date_time_equal (ringi_stamp_get_time (stamp), expected_time));
  g_assert_cmpint (g_date_time_get_utc_offset (ringi_stamp_get_time (stamp)), ==, 9 * G_TIME_SPAN_HOUR);
  g_assert_cmpstr (ringi_stamp_get_previous (stamp), ==, SUBMIT_SHA256);
  g_assert_cmpstr (ringi_stamp_get_comment_sha256 (stamp), ==, COMMENT_SHA256);
  g_assert_null (ringi_stamp_get_route (stamp));

  placement = ringi_stamp_get_placement (stamp);
  g_assert_nonnull (placement);
  g_assert_cmpuint (placement->page, ==, 1);
  g_assert_cmpfloat (placement->x, ==, 502.25);
  g_assert_cmpfloat (placement->y, ==, 700);
  g_assert_cmpfloat (placement->size, ==, 48);
}

static void
test_parse_optional_absent (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) input = bytes_from_text (WITHDRAW_RECORD);
  g_autoptr(RingiStamp) stamp = ringi_stamp_parse (input, &error);

  g_assert_no_error (error);
  g_assert_cmpint (ringi_stamp_get_action (stamp), ==, RINGI_ACTION_WITHDRAW);
  g_assert_null (ringi_stamp_get_on_behalf_of (stamp));
  g_assert_null (ringi_stamp_get_comment_sha256 (stamp));
  g_assert_null (ringi_stamp_get_route (stamp));
  g_assert_null (ringi_stamp_get_placement (stamp));
  g_assert_cmpuint (ringi_stamp_get_to_step (stamp), ==, 0);
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
  { "crlf", SUBMIT_RECORD, "Step: 0\n", "Step: 0\r\n", 5 },
  { "no final line feed", SUBMIT_RECORD, "48\n", "48", 13 },
  { "empty line at the end", SUBMIT_RECORD, "48\n", "48\n\n", 14 },
  { "trailing data", WITHDRAW_RECORD, "Comment-SHA256: none\n", "Comment-SHA256: none\nhello\n", 12 },
  { "trailing known key", WITHDRAW_RECORD, "Comment-SHA256: none\n", "Comment-SHA256: none\nSigner: sato\n", 12 },
  { "wrong order", SUBMIT_RECORD, "Signer: sato\nSigner-Key: " SATO_KEY "\n", "Signer-Key: " SATO_KEY "\nSigner: sato\n", 7 },
  { "unknown key", SUBMIT_RECORD, "Step: 0\n", "Colour: red\nStep: 0\n", 5 },
  { "lower-case key", SUBMIT_RECORD, "Signer: sato", "signer: sato", 7 },
  { "missing field", SUBMIT_RECORD, "Time: 2026-11-23T10:15:00+09:00\n", "", 9 },
  { "missing last field", WITHDRAW_RECORD, "Comment-SHA256: none\n", "", 11 },
  { "repeated line", SUBMIT_RECORD, "Signer: sato\n", "Signer: sato\nSigner: sato\n", 8 },
  { "no space after colon", SUBMIT_RECORD, "Signer: sato", "Signer:sato", 7 },
  { "two spaces after colon", SUBMIT_RECORD, "Signer: sato", "Signer:  sato", 7 },
  { "trailing space", SUBMIT_RECORD, "Signer: sato", "Signer: sato ", 7 },
  { "empty value", SUBMIT_RECORD, "Signer: sato", "Signer: ", 7 },
  { "tab in value", SUBMIT_RECORD, "Route: approve=suzuki", "Route: approve=\tsuzuki", 12 },
  { "not utf-8", SUBMIT_RECORD, "Route: approve=suzuki", "Route: approve=\xff", 12 },
  { "version text", SUBMIT_RECORD, "Ringi-Stamp: 1", "Ringi-Stamp: one", 1 },
  { "upper-case document", SUBMIT_RECORD, "3f2c9a4e", "3F2C9A4E", 2 },
  { "bad document", SUBMIT_RECORD, "3f2c9a4e-8b1d", "3f2c9a4e8b1d", 2 },
  { "revision 0", SUBMIT_RECORD, "Revision: 1", "Revision: 0", 3 },
  { "revision with a leading zero", SUBMIT_RECORD, "Revision: 1", "Revision: 01", 3 },
  { "revision with a sign", SUBMIT_RECORD, "Revision: 1", "Revision: +1", 3 },
  { "upper-case document hash", SUBMIT_RECORD, "Document-SHA256: 9b4c", "Document-SHA256: 9B4C", 4 },
  { "short document hash", SUBMIT_RECORD, "Document-SHA256: 9b4c", "Document-SHA256: 9b4", 4 },
  { "step on a submit", SUBMIT_RECORD, "Step: 0", "Step: 1", 6 },
  { "no step on an approval", APPROVE_RECORD, "Step: 1", "Step: 0", 6 },
  { "unknown action", APPROVE_RECORD, "Action: approve", "Action: Approve", 6 },
  { "to-step on an approval", APPROVE_RECORD, "Action: approve\n", "Action: approve\nTo-Step: 1\n", 7 },
  { "to-step not earlier", SEND_BACK_RECORD, "To-Step: 1", "To-Step: 3", 7 },
  { "to-step zero", SEND_BACK_RECORD, "To-Step: 1", "To-Step: 0", 7 },
  { "bad login", SUBMIT_RECORD, "Signer: sato", "Signer: Sato", 7 },
  { "login with a space", SUBMIT_RECORD, "Signer: sato", "Signer: sa to", 7 },
  { "lower-case fingerprint", SUBMIT_RECORD, "Signer-Key: 90F9", "Signer-Key: 90f9", 8 },
  { "short fingerprint", SUBMIT_RECORD, "Signer-Key: 90F9", "Signer-Key: 0F9", 8 },
  { "acting for oneself", APPROVE_RECORD, "On-Behalf-Of: yamada", "On-Behalf-Of: suzuki", 9 },
  { "time without offset", SUBMIT_RECORD, "10:15:00+09:00", "10:15:00", 9 },
  { "time in Z", SUBMIT_RECORD, "10:15:00+09:00", "01:15:00Z", 9 },
  { "time with fraction", SUBMIT_RECORD, "10:15:00+09:00", "10:15:00.5+09:00", 9 },
  { "time without seconds", SUBMIT_RECORD, "10:15:00+09:00", "10:15+09:00", 9 },
  { "time minus zero", SUBMIT_RECORD, "10:15:00+09:00", "10:15:00-00:00", 9 },
  { "time on a day that does not exist", SUBMIT_RECORD, "2026-11-23T", "2026-02-30T", 9 },
  { "time with a space", SUBMIT_RECORD, "2026-11-23T", "2026-11-23 ", 9 },
  { "previous in capitals", SUBMIT_RECORD, "Previous: none", "Previous: NONE", 10 },
  { "previous upper-case hex", APPROVE_RECORD, "Previous: 6066721f", "Previous: 6066721F", 11 },
  { "comment hash short", APPROVE_RECORD, "Comment-SHA256: 57e8", "Comment-SHA256: 7e8", 12 },
  { "route that does not parse", SUBMIT_RECORD, "Route: " ROUTE, "Route: approve=suzuki", 12 },
  { "route not canonical", SUBMIT_RECORD, "Route: " ROUTE, "Route: approve=suzuki;final=tanaka", 12 },
  { "route missing on submit", SUBMIT_RECORD, "Route: " ROUTE "\n", "", 12 },
  { "route on an approval", APPROVE_RECORD, "Comment-SHA256: " COMMENT_SHA256 "\n", "Comment-SHA256: " COMMENT_SHA256 "\nRoute: " ROUTE "\n", 13 },
  { "placement with a trailing zero", SUBMIT_RECORD, "450.5 700", "450.50 700", 13 },
  { "placement with three decimals", SUBMIT_RECORD, "450.5 700", "450.505 700", 13 },
  { "placement with a point and nothing", SUBMIT_RECORD, "450.5 700", "450.5 700.", 13 },
  { "placement with a zero fraction", SUBMIT_RECORD, "450.5 700", "450.5 700.0", 13 },
  { "placement negative", SUBMIT_RECORD, "450.5 700", "-450.5 700", 13 },
  { "placement on page 0", SUBMIT_RECORD, "Placement: 1 ", "Placement: 0 ", 13 },
  { "placement of size 0", SUBMIT_RECORD, "700 48", "700 0", 13 },
  { "placement with an exponent", SUBMIT_RECORD, "700 48", "7e2 48", 13 },
  { "placement with three numbers", SUBMIT_RECORD, "700 48", "700", 13 },
  { "placement with two spaces", SUBMIT_RECORD, "700 48", "700  48", 13 },
  { "placement before route", SUBMIT_RECORD, "Route: " ROUTE "\nPlacement: 1 450.5 700 48\n", "Placement: 1 450.5 700 48\nRoute: " ROUTE "\n", 12 },
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
assert_malformed (GBytes *bytes,
                  guint line)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiStamp) stamp = ringi_stamp_parse (bytes, &error);
  g_autofree char *where = g_strdup_printf ("line %u:", line);

  g_assert_null (stamp);
  g_assert_error (error, RINGI_STAMP_ERROR, RINGI_STAMP_ERROR_MALFORMED);
  g_test_message ("%s", error->message);
  ringi_test_assert_contains (error->message, where);
}

static void
test_parse_malformed (gconstpointer data)
{
  const MalformedCase *c = data;
  g_autoptr(GBytes) bytes = apply_edit (c->base, c->find, c->replace);

  assert_malformed (bytes, c->line);
}

/* A C string cannot hold the NUL, so this case has its own test. */
static void
test_parse_nul_byte (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new ("Ringi-Stamp: 1\nDocument: \0\n", 27);

  assert_malformed (bytes, 2);
}

static void
test_parse_empty (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new (NULL, 0);
  g_autoptr(RingiStamp) stamp = ringi_stamp_parse (bytes, &error);

  g_assert_null (stamp);
  g_assert_error (error, RINGI_STAMP_ERROR, RINGI_STAMP_ERROR_MALFORMED);
}

static void
test_parse_newer_version (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = apply_edit (SUBMIT_RECORD, "Ringi-Stamp: 1", "Ringi-Stamp: 2");
  g_autoptr(RingiStamp) stamp = ringi_stamp_parse (bytes, &error);

  g_assert_null (stamp);
  g_assert_error (error, RINGI_STAMP_ERROR, RINGI_STAMP_ERROR_UNSUPPORTED);
}

static void
test_refcount (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) input = bytes_from_text (SUBMIT_RECORD);
  RingiStamp *stamp = ringi_stamp_parse (input, &error);
  GValue value = G_VALUE_INIT;

  g_assert_no_error (error);
  g_value_init (&value, RINGI_TYPE_STAMP);
  g_value_set_boxed (&value, stamp);
  ringi_stamp_unref (stamp);
  g_assert_cmpstr (ringi_stamp_get_signer (g_value_get_boxed (&value)), ==, "sato");
  g_value_unset (&value);
}

int
main (int argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ringi/stamp/build/submit", test_build_submit);
  g_test_add_func ("/ringi/stamp/build/approve", test_build_approve);
  g_test_add_func ("/ringi/stamp/build/send-back", test_build_send_back);
  g_test_add_func ("/ringi/stamp/build/refuses", test_build_refuses);
  g_test_add_func ("/ringi/stamp/parse/round-trip", test_parse_round_trip);
  g_test_add_func ("/ringi/stamp/parse/fields", test_parse_fields);
  g_test_add_func ("/ringi/stamp/parse/optional-absent", test_parse_optional_absent);
  g_test_add_func ("/ringi/stamp/parse/empty", test_parse_empty);
  g_test_add_func ("/ringi/stamp/parse/nul-byte", test_parse_nul_byte);
  g_test_add_func ("/ringi/stamp/parse/newer-version", test_parse_newer_version);
  g_test_add_func ("/ringi/stamp/refcount", test_refcount);

  for (guint i = 0; i < G_N_ELEMENTS (malformed_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ringi/stamp/parse/malformed/%s", malformed_cases[i].name);

      g_strdelimit (path, " ", '-');
      g_test_add_data_func (path, &malformed_cases[i], test_parse_malformed);
    }

  return g_test_run ();
}
