/* test-route.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-route"

#include "config.h"

#include "ringi-route.h"
#include "ringi-test-utils.h"

#define LOGIN_64 "abcdefghijklmnopqrstuvwxyz0123456789.-_abcdefghijklmnopqrstuvwxy"
#define LOGIN_65 LOGIN_64 "z"

typedef struct
{
  const char *text;
  const char *canonical;
} ValidCase;

static const ValidCase valid_cases[] = {
  { "approve=suzuki ; consult:all=sato,yamada ; final=tanaka",
    "approve=suzuki ; consult:all=sato,yamada ; final=tanaka" },
  { "consult:1=sato,yamada ; final=tanaka", "consult:1=sato,yamada ; final=tanaka" },
  { "final=tanaka", "final=tanaka" },
  { "  approve = suzuki;consult : all = sato , yamada ;final=tanaka  ",
    "approve=suzuki ; consult:all=sato,yamada ; final=tanaka" },
  { "approve=kato,ito ; final=tanaka", "approve=kato,ito ; final=tanaka" },
  { "consult:2=sato,yamada ; final=tanaka", "consult:2=sato,yamada ; final=tanaka" },
  { "consult:12=a,b,c,d,e,f,g,h,i,j,k,l ; final=z", "consult:12=a,b,c,d,e,f,g,h,i,j,k,l ; final=z" },
  { "circulate=mori,ueda ; approve=kato ; circulate=ito ; final=tanaka",
    "circulate=mori,ueda ; approve=kato ; circulate=ito ; final=tanaka" },
  { "final=tanaka ; post-review=tanaka ; post-review=kato",
    "final=tanaka ; post-review=tanaka ; post-review=kato" },
  { "approve=sato ; final=sato", "approve=sato ; final=sato" },
  { "approve=kato ; final=tanaka ; circulate=mori,ueda", "approve=kato ; final=tanaka ; circulate=mori,ueda" },
  { "final=a.b_c-9", "final=a.b_c-9" },
  { "final=" LOGIN_64, "final=" LOGIN_64 },
};

typedef struct
{
  const char *text;
  RingiRouteError code;
  const char *needle; /* what the message must point at */
} InvalidCase;

static const InvalidCase invalid_cases[] = {
  /* Not the canonical form. */
  { "", RINGI_ROUTE_ERROR_SYNTAX, "empty" },
  { "   ", RINGI_ROUTE_ERROR_SYNTAX, "empty" },
  { "final", RINGI_ROUTE_ERROR_SYNTAX, "Step 1" },
  { "final=tanaka ;", RINGI_ROUTE_ERROR_SYNTAX, "Step 2 is empty" },
  { "; final=tanaka", RINGI_ROUTE_ERROR_SYNTAX, "Step 1 is empty" },
  { "approve=suzuki ; ; final=tanaka", RINGI_ROUTE_ERROR_SYNTAX, "Step 2 is empty" },
  { "review=sato ; final=tanaka", RINGI_ROUTE_ERROR_SYNTAX, "“review”" },
  { "Final=tanaka", RINGI_ROUTE_ERROR_SYNTAX, "“Final”" },
  { "approve=suzuki ; final=Tanaka", RINGI_ROUTE_ERROR_SYNTAX, "Step 2: “Tanaka”" },
  { "final=田中", RINGI_ROUTE_ERROR_SYNTAX, "“田中”" },
  { "final=ta naka", RINGI_ROUTE_ERROR_SYNTAX, "“ta naka”" },
  { "final=tanaka=sato", RINGI_ROUTE_ERROR_SYNTAX, "“tanaka=sato”" },
  { "final=" LOGIN_65, RINGI_ROUTE_ERROR_SYNTAX, "Step 1" },
  { "final=sato,,yamada", RINGI_ROUTE_ERROR_SYNTAX, "Step 1: a login is missing" },
  { "final=sato,", RINGI_ROUTE_ERROR_SYNTAX, "Step 1: a login is missing" },
  { "consult=sato,yamada ; final=tanaka", RINGI_ROUTE_ERROR_SYNTAX, "Step 1: a consult step needs a rule" },
  { "consult:=sato ; final=tanaka", RINGI_ROUTE_ERROR_SYNTAX, "Step 1: “” is not a rule" },
  { "consult:0=sato ; final=tanaka", RINGI_ROUTE_ERROR_SYNTAX, "“0”" },
  { "consult:01=sato ; final=tanaka", RINGI_ROUTE_ERROR_SYNTAX, "“01”" },
  { "consult:-1=sato ; final=tanaka", RINGI_ROUTE_ERROR_SYNTAX, "“-1”" },
  { "consult:+1=sato ; final=tanaka", RINGI_ROUTE_ERROR_SYNTAX, "“+1”" },
  { "consult:two=sato,yamada ; final=tanaka", RINGI_ROUTE_ERROR_SYNTAX, "“two”" },
  { "consult:ALL=sato ; final=tanaka", RINGI_ROUTE_ERROR_SYNTAX, "“ALL”" },
  { "consult:all:1=sato ; final=tanaka", RINGI_ROUTE_ERROR_SYNTAX, "“all:1”" },
  { "consult:99999999999999999999=sato ; final=tanaka", RINGI_ROUTE_ERROR_SYNTAX, "Step 1" },
  /* Well formed, but not a route that makes sense. */
  { "approve=suzuki", RINGI_ROUTE_ERROR_INVALID, "no final step" },
  { "approve=suzuki ; circulate=mori", RINGI_ROUTE_ERROR_INVALID, "no final step" },
  { "final=kato ; final=tanaka", RINGI_ROUTE_ERROR_INVALID, "Step 2 is a second final step" },
  { "final=tanaka ; approve=kato", RINGI_ROUTE_ERROR_INVALID, "Step 2 (approve) comes after the final step 1" },
  { "final=tanaka ; consult:all=sato ; post-review=tanaka", RINGI_ROUTE_ERROR_INVALID, "Step 2 (consult)" },
  { "post-review=tanaka ; final=tanaka", RINGI_ROUTE_ERROR_INVALID, "Step 1: a post-review step" },
  { "approve= ; final=tanaka", RINGI_ROUTE_ERROR_INVALID, "Step 1 (approve) names nobody" },
  { "approve=kato ; consult:all= ; final=tanaka", RINGI_ROUTE_ERROR_INVALID, "Step 2 (consult) names nobody" },
  { "final=", RINGI_ROUTE_ERROR_INVALID, "Step 1 (final) names nobody" },
  { "approve:all=kato ; final=tanaka", RINGI_ROUTE_ERROR_INVALID, "Step 1 (approve) takes no rule" },
  { "approve=kato ; final:1=tanaka", RINGI_ROUTE_ERROR_INVALID, "Step 2 (final) takes no rule" },
  { "circulate:all=mori ; final=tanaka", RINGI_ROUTE_ERROR_INVALID, "Step 1 (circulate) takes no rule" },
  { "approve=kato ; consult:3=sato,yamada ; final=tanaka", RINGI_ROUTE_ERROR_INVALID, "Step 2 asks for 3 approvals but names only 2" },
  { "consult:all=sato,yamada,sato ; final=tanaka", RINGI_ROUTE_ERROR_INVALID, "Step 1 names sato twice" },
  { "approve=kato ; final=tanaka , tanaka", RINGI_ROUTE_ERROR_INVALID, "Step 2 names tanaka twice" },
};

static void
test_parse_valid (gconstpointer data)
{
  const ValidCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiRoute) route = ringi_route_parse (c->text, &error);
  g_autoptr(RingiRoute) again = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text_again = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (route);
  text = ringi_route_to_string (route);
  g_assert_cmpstr (text, ==, c->canonical);

  again = ringi_route_parse (text, &error);
  g_assert_no_error (error);
  text_again = ringi_route_to_string (again);
  g_assert_cmpstr (text_again, ==, text);
  g_assert_cmpuint (ringi_route_get_n_steps (again), ==, ringi_route_get_n_steps (route));
}

static void
test_parse_invalid (gconstpointer data)
{
  const InvalidCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiRoute) route = ringi_route_parse (c->text, &error);

  g_assert_null (route);
  g_assert_error (error, RINGI_ROUTE_ERROR, (int) c->code);
  g_test_message ("%s → %s", c->text, error->message);
  ringi_test_assert_contains (error->message, c->needle);
}

static void
assert_step (const RingiRoute *route,
             guint number,
             RingiStepKind kind,
             guint quorum,
             const char *const *logins)
{
  const RingiRouteStep *step = ringi_route_get_step (route, number);

  g_assert_nonnull (step);
  g_assert_cmpint (step->kind, ==, kind);
  g_assert_cmpuint (step->quorum, ==, quorum);
  g_assert_cmpstrv (step->logins, logins);
}

static void
test_steps (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiRoute) route = ringi_route_parse ("approve=suzuki ; consult:1=sato,yamada ; circulate=mori ; final=tanaka", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (ringi_route_get_n_steps (route), ==, 4);
  assert_step (route, 1, RINGI_STEP_APPROVE, 0, (const char *const[]){ "suzuki", NULL });
  assert_step (route, 2, RINGI_STEP_CONSULT, 1, (const char *const[]){ "sato", "yamada", NULL });
  assert_step (route, 3, RINGI_STEP_CIRCULATE, 0, (const char *const[]){ "mori", NULL });
  assert_step (route, 4, RINGI_STEP_FINAL, 0, (const char *const[]){ "tanaka", NULL });

  g_assert_true (ringi_route_has_login (route, "suzuki"));
  g_assert_true (ringi_route_has_login (route, "yamada"));
  g_assert_true (ringi_route_has_login (route, "mori"));
  g_assert_false (ringi_route_has_login (route, "kato"));
  g_assert_false (ringi_route_has_login (route, "sat"));
}

static void
test_consult_all (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiRoute) route = ringi_route_parse ("consult:all=sato,yamada ; final=tanaka", &error);

  g_assert_no_error (error);
  assert_step (route, 1, RINGI_STEP_CONSULT, 0, (const char *const[]){ "sato", "yamada", NULL });
}

static void
test_step_out_of_range (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(RingiRoute) route = ringi_route_parse ("final=tanaka", NULL);

      g_assert_null (ringi_route_get_step (route, 0));
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*number >= 1*");
}

static void
test_append_step (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RingiRoute) route = ringi_route_parse ("approve=kato ; final=tanaka", &error);
  g_autoptr(RingiRoute) longer = NULL;
  g_autoptr(RingiRoute) reread = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *reread_text = NULL;

  g_assert_no_error (error);
  longer = ringi_route_append_step (route, RINGI_STEP_POST_REVIEW, (const char *const[]){ "tanaka", NULL });
  g_assert_nonnull (longer);
  g_assert_true (longer != route);

  before = ringi_route_to_string (route);
  after = ringi_route_to_string (longer);
  g_assert_cmpstr (before, ==, "approve=kato ; final=tanaka");
  g_assert_cmpstr (after, ==, "approve=kato ; final=tanaka ; post-review=tanaka");
  g_assert_cmpuint (ringi_route_get_n_steps (route), ==, 2);
  g_assert_cmpuint (ringi_route_get_n_steps (longer), ==, 3);
  assert_step (longer, 3, RINGI_STEP_POST_REVIEW, 0, (const char *const[]){ "tanaka", NULL });

  reread = ringi_route_parse (after, &error);
  g_assert_no_error (error);
  reread_text = ringi_route_to_string (reread);
  g_assert_cmpstr (reread_text, ==, after);
}

/* A step that would break the route is a programming error. */
static void
test_append_invalid (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(RingiRoute) route = ringi_route_parse ("final=tanaka", NULL);
      g_autoptr(RingiRoute) longer = ringi_route_append_step (route, RINGI_STEP_APPROVE,
                                                               (const char *const[]){ "kato", NULL });

      g_assert_null (longer);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*Step 2 (approve) comes after the final step 1*");
}

static void
test_refcount (void)
{
  RingiRoute *route = ringi_route_parse ("final=tanaka", NULL);
  RingiRoute *copy = g_boxed_copy (RINGI_TYPE_ROUTE, route);

  /* Immutable, so a boxed copy is the same route, shared. */
  g_assert_true (copy == route);
  g_assert_true (ringi_route_ref (route) == route);
  ringi_route_unref (route);
  g_boxed_free (RINGI_TYPE_ROUTE, copy);
  g_assert_cmpuint (ringi_route_get_n_steps (route), ==, 1);
  ringi_route_unref (route);
}

static void
test_kind_names (void)
{
  g_assert_cmpstr (ringi_step_kind_to_string (RINGI_STEP_APPROVE), ==, "approve");
  g_assert_cmpstr (ringi_step_kind_to_string (RINGI_STEP_CONSULT), ==, "consult");
  g_assert_cmpstr (ringi_step_kind_to_string (RINGI_STEP_CIRCULATE), ==, "circulate");
  g_assert_cmpstr (ringi_step_kind_to_string (RINGI_STEP_FINAL), ==, "final");
  g_assert_cmpstr (ringi_step_kind_to_string (RINGI_STEP_POST_REVIEW), ==, "post-review");
}

int
main (int argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (valid_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ringi/route/parse/valid/%u", i);

      g_test_add_data_func (path, &valid_cases[i], test_parse_valid);
    }
  for (guint i = 0; i < G_N_ELEMENTS (invalid_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ringi/route/parse/%s/%u",
                                               invalid_cases[i].code == RINGI_ROUTE_ERROR_SYNTAX ? "syntax" : "invalid",
                                               i);

      g_test_add_data_func (path, &invalid_cases[i], test_parse_invalid);
    }

  g_test_add_func ("/ringi/route/steps", test_steps);
  g_test_add_func ("/ringi/route/consult-all", test_consult_all);
  g_test_add_func ("/ringi/route/step-out-of-range", test_step_out_of_range);
  g_test_add_func ("/ringi/route/append-step", test_append_step);
  g_test_add_func ("/ringi/route/append-invalid", test_append_invalid);
  g_test_add_func ("/ringi/route/refcount", test_refcount);
  g_test_add_func ("/ringi/route/kind-names", test_kind_names);

  return g_test_run ();
}
