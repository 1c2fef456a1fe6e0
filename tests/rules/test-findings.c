/* test-findings.c: crew findings (consciousness, blood glucose, age, flags) and their parsing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fc-core-enums.h"
#include "fc-findings.h"

static void
count_cb (gpointer  instance,
          guint    *count)
{
  (*count)++;
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_new_defaults (void)
{
  FcFindings *findings = fc_findings_new ();

  g_assert_cmpint (fc_findings_get_consciousness (findings), ==, FC_CONSCIOUSNESS_UNKNOWN);
  g_assert_cmpint (fc_findings_get_glucose_state (findings), ==, FC_GLUCOSE_NOT_MEASURED);
  g_assert_cmpint (fc_findings_get_glucose_mg_dl (findings), ==, 0);
  g_assert_false (fc_findings_get_flag (findings, "head-injury"));
  g_assert_false (fc_findings_get_flag (findings, "bleeding"));
  g_assert_false (fc_findings_get_flag (findings, "anaphylaxis"));
  g_assert_false (fc_findings_get_flag (findings, "seizure"));
  g_assert_null (fc_findings_describe_glucose (findings));
  g_assert_cmpint (fc_findings_get_age (findings), ==, FC_AGE_NONE);
  g_assert_null (fc_findings_describe_age (findings));
  g_assert_finalize_object (findings);
}

static void
test_properties (void)
{
  g_autoptr(FcFindings) findings = fc_findings_new ();
  FcConsciousness consciousness;
  FcGlucoseState state;
  int mg_dl;
  gboolean head_injury, bleeding, anaphylaxis, seizure;

  g_object_set (findings,
                "consciousness", FC_CONSCIOUSNESS_IMPAIRED,
                "glucose-mg-dl", 42,
                "head-injury", TRUE,
                "bleeding", TRUE,
                "anaphylaxis", TRUE,
                "seizure", TRUE,
                NULL);
  g_object_get (findings,
                "consciousness", &consciousness,
                "glucose-state", &state,
                "glucose-mg-dl", &mg_dl,
                "head-injury", &head_injury,
                "bleeding", &bleeding,
                "anaphylaxis", &anaphylaxis,
                "seizure", &seizure,
                NULL);
  g_assert_cmpint (consciousness, ==, FC_CONSCIOUSNESS_IMPAIRED);
  g_assert_cmpint (state, ==, FC_GLUCOSE_VALUE);
  g_assert_cmpint (mg_dl, ==, 42);
  g_assert_true (head_injury && bleeding && anaphylaxis && seizure);

  g_object_set (findings, "glucose-state", FC_GLUCOSE_HI, NULL);
  g_object_get (findings, "glucose-state", &state, "glucose-mg-dl", &mg_dl, NULL);
  g_assert_cmpint (state, ==, FC_GLUCOSE_HI);
  g_assert_cmpint (mg_dl, ==, 0);

  fc_findings_set_flag (findings, "seizure", FALSE);
  g_assert_false (fc_findings_get_flag (findings, "seizure"));
  g_assert_true (fc_findings_is_flag_name ("bleeding"));
  g_assert_false (fc_findings_is_flag_name ("bgl"));
}

static void
test_parse_glucose_value (void)
{
  g_autoptr(FcFindings) findings = fc_findings_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *described = NULL;

  g_assert_true (fc_findings_parse (findings, "bgl=42", &error));
  g_assert_no_error (error);
  g_assert_cmpint (fc_findings_get_glucose_state (findings), ==, FC_GLUCOSE_VALUE);
  g_assert_cmpint (fc_findings_get_glucose_mg_dl (findings), ==, 42);
  described = fc_findings_describe_glucose (findings);
  g_assert_cmpstr (described, ==, "bgl=42 mg/dL");

  /* Spaces around the parts and the boundaries of the range are accepted. */
  g_assert_true (fc_findings_parse (findings, " bgl = 10 ", &error));
  g_assert_cmpint (fc_findings_get_glucose_mg_dl (findings), ==, 10);
  g_assert_true (fc_findings_parse (findings, "BGL=600", &error));
  g_assert_cmpint (fc_findings_get_glucose_mg_dl (findings), ==, 600);
  g_assert_no_error (error);
}

static void
test_parse_glucose_lo_hi (void)
{
  g_autoptr(FcFindings) findings = fc_findings_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *lo = NULL;
  g_autofree char *hi = NULL;

  g_assert_true (fc_findings_parse (findings, "bgl=LO", &error));
  g_assert_no_error (error);
  g_assert_cmpint (fc_findings_get_glucose_state (findings), ==, FC_GLUCOSE_LO);
  lo = fc_findings_describe_glucose (findings);
  g_assert_cmpstr (lo, ==, "bgl=LO");

  g_assert_true (fc_findings_parse (findings, "bgl=hi", &error));
  g_assert_cmpint (fc_findings_get_glucose_state (findings), ==, FC_GLUCOSE_HI);
  hi = fc_findings_describe_glucose (findings);
  g_assert_cmpstr (hi, ==, "bgl=HI");

  g_assert_true (fc_findings_parse (findings, "bgl=none", &error));
  g_assert_cmpint (fc_findings_get_glucose_state (findings), ==, FC_GLUCOSE_NOT_MEASURED);
  g_assert_no_error (error);
}

static void
test_parse_consciousness_and_flags (void)
{
  g_autoptr(FcFindings) findings = fc_findings_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (fc_findings_parse (findings, "consciousness=impaired", &error));
  g_assert_cmpint (fc_findings_get_consciousness (findings), ==, FC_CONSCIOUSNESS_IMPAIRED);
  g_assert_true (fc_findings_parse (findings, "consciousness=Alert", &error));
  g_assert_cmpint (fc_findings_get_consciousness (findings), ==, FC_CONSCIOUSNESS_ALERT);

  g_assert_true (fc_findings_parse (findings, "head-injury=yes", &error));
  g_assert_true (fc_findings_get_flag (findings, "head-injury"));
  g_assert_true (fc_findings_parse (findings, "head-injury=no", &error));
  g_assert_false (fc_findings_get_flag (findings, "head-injury"));
  g_assert_true (fc_findings_parse (findings, "bleeding=true", &error));
  g_assert_true (fc_findings_parse (findings, "anaphylaxis=1", &error));
  g_assert_true (fc_findings_parse (findings, "seizure=YES", &error));
  g_assert_true (fc_findings_get_flag (findings, "bleeding"));
  g_assert_true (fc_findings_get_flag (findings, "anaphylaxis"));
  g_assert_true (fc_findings_get_flag (findings, "seizure"));
  g_assert_no_error (error);
}

static void
test_parse_invalid (void)
{
  static const struct {
    const char *text;
    const char *message_part;
  } cases[] = {
    { "bgl", "name=value" },
    { "", "name=value" },
    { "bgl=", "not a number" },
    { "bgl=abc", "not a number" },
    { "bgl=42.5", "not a number" },
    { "bgl=-3", "not a number" },
    { "bgl=9", "outside" },
    { "bgl=601", "outside" },
    { "bgl=99999999999", "not a number" },
    { "pulse=80", "Unknown finding" },
    { "=impaired", "Unknown finding" },
    { "consciousness=sleepy", "impaired or alert" },
    { "head-injury=maybe", "yes or no" },
    { "age=", "not a number of years" },
    { "age=twelve", "not a number of years" },
    { "age=-3", "not a number of years" },
    { "age=12.5", "not a number of years" },
    { "age=131", "outside 0–130" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(FcFindings) findings = fc_findings_new ();
      g_autoptr(GError) error = NULL;
      guint changed = 0;

      g_test_message ("parsing “%s”", cases[i].text);
      g_signal_connect (findings, "changed", G_CALLBACK (count_cb), &changed);
      g_assert_false (fc_findings_parse (findings, cases[i].text, &error));
      g_assert_error (error, FC_FINDINGS_ERROR, FC_FINDINGS_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, cases[i].message_part));
      /* A refused entry leaves the findings as they were. */
      g_assert_cmpuint (changed, ==, 0);
      g_assert_cmpint (fc_findings_get_glucose_state (findings), ==, FC_GLUCOSE_NOT_MEASURED);
      g_assert_cmpint (fc_findings_get_consciousness (findings), ==, FC_CONSCIOUSNESS_UNKNOWN);
      g_assert_cmpint (fc_findings_get_age (findings), ==, FC_AGE_NONE);
    }
}

static void
test_age (void)
{
  g_autoptr(FcFindings) findings = fc_findings_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *described = NULL;
  guint changed = 0;
  guint notified = 0;
  int age = 0;

  g_signal_connect (findings, "changed", G_CALLBACK (count_cb), &changed);
  g_signal_connect (findings, "notify::age", G_CALLBACK (count_notify_cb), &notified);

  /* Parsed from the command line (an estimate is entered the same way). */
  g_assert_true (fc_findings_parse (findings, " AGE = 12 ", &error));
  g_assert_no_error (error);
  g_assert_cmpint (fc_findings_get_age (findings), ==, 12);
  described = fc_findings_describe_age (findings);
  g_assert_cmpstr (described, ==, "age=12");
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpuint (notified, ==, 1);

  /* Property round trip; the same value again is not a change. */
  g_object_set (findings, "age", 70, NULL);
  g_object_get (findings, "age", &age, NULL);
  g_assert_cmpint (age, ==, 70);
  g_object_set (findings, "age", 70, NULL);
  g_assert_cmpuint (changed, ==, 2);
  g_assert_cmpuint (notified, ==, 2);

  /* Boundaries, the range error (keeping the earlier value), and clearing. */
  g_assert_true (fc_findings_set_age (findings, 0, &error));
  g_assert_true (fc_findings_set_age (findings, FC_AGE_MAX, &error));
  g_assert_false (fc_findings_set_age (findings, FC_AGE_MAX + 1, &error));
  g_assert_error (error, FC_FINDINGS_ERROR, FC_FINDINGS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (fc_findings_set_age (findings, -2, &error));
  g_assert_error (error, FC_FINDINGS_ERROR, FC_FINDINGS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (fc_findings_get_age (findings), ==, FC_AGE_MAX);
  g_assert_true (fc_findings_parse (findings, "age=none", &error));
  g_assert_cmpint (fc_findings_get_age (findings), ==, FC_AGE_NONE);
  g_object_set (findings, "age", 40, NULL);
  g_object_set (findings, "age", FC_AGE_NONE, NULL);
  g_assert_cmpint (fc_findings_get_age (findings), ==, FC_AGE_NONE);
  g_assert_no_error (error);
}

static void
test_glucose_range_error (void)
{
  g_autoptr(FcFindings) findings = fc_findings_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (fc_findings_set_glucose_mg_dl (findings, 120, &error));
  g_assert_false (fc_findings_set_glucose_mg_dl (findings, FC_GLUCOSE_MAX_MG_DL + 1, &error));
  g_assert_error (error, FC_FINDINGS_ERROR, FC_FINDINGS_ERROR_INVALID);
  /* The earlier measured value is kept. */
  g_assert_cmpint (fc_findings_get_glucose_mg_dl (findings), ==, 120);
  g_clear_error (&error);
  g_assert_false (fc_findings_set_glucose_mg_dl (findings, FC_GLUCOSE_MIN_MG_DL - 1, &error));
  g_assert_error (error, FC_FINDINGS_ERROR, FC_FINDINGS_ERROR_INVALID);
}

static void
test_changed_signal (void)
{
  g_autoptr(FcFindings) findings = fc_findings_new ();
  guint changed = 0;
  guint notified = 0;

  g_signal_connect (findings, "changed", G_CALLBACK (count_cb), &changed);
  g_signal_connect (findings, "notify", G_CALLBACK (count_notify_cb), &notified);

  fc_findings_set_consciousness (findings, FC_CONSCIOUSNESS_IMPAIRED);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpuint (notified, ==, 1);

  /* Setting the same value again is not a change. */
  fc_findings_set_consciousness (findings, FC_CONSCIOUSNESS_IMPAIRED);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpuint (notified, ==, 1);

  /* A measured value changes two properties but is one change. */
  g_assert_true (fc_findings_set_glucose_mg_dl (findings, 42, NULL));
  g_assert_cmpuint (changed, ==, 2);
  g_assert_cmpuint (notified, ==, 3);

  g_assert_true (fc_findings_parse (findings, "bgl=42", NULL));
  g_assert_cmpuint (changed, ==, 2);

  g_assert_true (fc_findings_parse (findings, "head-injury=yes", NULL));
  g_assert_cmpuint (changed, ==, 3);
  g_assert_true (fc_findings_parse (findings, "head-injury=yes", NULL));
  g_assert_cmpuint (changed, ==, 3);

  fc_findings_set_glucose_state (findings, FC_GLUCOSE_LO);
  g_assert_cmpuint (changed, ==, 4);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fc/rules/findings/new-defaults", test_new_defaults);
  g_test_add_func ("/fc/rules/findings/properties", test_properties);
  g_test_add_func ("/fc/rules/findings/parse-glucose-value", test_parse_glucose_value);
  g_test_add_func ("/fc/rules/findings/parse-glucose-lo-hi", test_parse_glucose_lo_hi);
  g_test_add_func ("/fc/rules/findings/parse-consciousness-and-flags",
                   test_parse_consciousness_and_flags);
  g_test_add_func ("/fc/rules/findings/parse-invalid", test_parse_invalid);
  g_test_add_func ("/fc/rules/findings/glucose-range-error", test_glucose_range_error);
  g_test_add_func ("/fc/rules/findings/changed-signal", test_changed_signal);
  g_test_add_func ("/fc/rules/findings/age", test_age);

  return g_test_run ();
}
