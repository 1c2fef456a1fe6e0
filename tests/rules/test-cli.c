/* test-cli.c: "fieldcard-cli evaluate" and "fieldcard-cli rules check" as an analyst, trainer
 * or admin runs them. The path of the built tool comes from meson in $FIELDCARD_CLI.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fc-test-cli.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#define BUNDLE FC_TEST_SRCDIR "/rules/bundles/diabetes-warfarin.json"
#define BROKEN FC_TEST_SRCDIR "/rules/bundles/broken.json"
#define INFECTION FC_TEST_SRCDIR "/rules/bundles/infection-contraindication.json"
#define TODAY  "--today=2026-11-01"

typedef struct {
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Runs fieldcard-cli with @args (NULL-terminated) and returns its exit status and output. */
static void
run_cli (Run                *run,
         const char * const *args)
{
  run->status = fc_test_run_cli (g_getenv ("FIELDCARD_CLI"), args, NULL, &run->out, &run->err);
}

/* Exit status 2 and exactly one line "fieldcard-cli: …" on stderr containing @part. */
static void
assert_one_line_error (Run        *run,
                       const char *part)
{
  const char *newline;

  g_test_message ("stderr: %s", run->err);
  g_assert_cmpint (run->status, ==, 2);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_true (g_str_has_prefix (run->err, "fieldcard-cli: "));
  newline = strchr (run->err, '\n');
  g_assert_nonnull (newline);
  g_assert_cmpint (newline[1], ==, '\0');
  g_assert_nonnull (strstr (run->err, part));
}

/* Parses the output and returns the "warnings" array; @parser keeps it alive. */
static JsonArray *
warnings_of (Run        *run,
             JsonParser *parser)
{
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  g_test_message ("stderr: %s", run->err);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->err, ==, "");
  g_assert_true (json_parser_load_from_data (parser, run->out, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_object_has_member (root, "summary"));
  return json_object_get_array_member (root, "warnings");
}

static char *
rule_list (JsonArray *warnings)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (warnings); i++)
    {
      JsonObject *warning = json_array_get_object_element (warnings, i);

      g_string_append_printf (text, "%s%s(%s)", i > 0 ? " " : "",
                              json_object_get_string_member (warning, "rule"),
                              json_object_get_string_member (warning, "severity"));
    }
  return g_string_free (text, FALSE);
}

static void
test_evaluate_history (void)
{
  const char * const args[] = { "evaluate", BUNDLE, TODAY, NULL };
  g_auto(Run) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *rules = NULL;
  JsonObject *summary;
  JsonObject *first;

  run_cli (&run, args);
  rules = rule_list (warnings_of (&run, parser));
  g_assert_cmpstr (rules, ==, "R01(caution) R04(caution) R07(caution) R26(caution)");

  summary = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                           "summary");
  g_assert_cmpstr (json_object_get_string_member (summary, "sex"), ==, "male");
  g_assert_cmpstr (json_object_get_string_member (summary, "age_band"), ==, "70s");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (summary, "counts"),
                                               "medication"), ==, 2);

  first = json_array_get_object_element (json_object_get_array_member (
    json_node_get_object (json_parser_get_root (parser)), "warnings"), 0);
  g_assert_cmpstr (json_object_get_string_member (
    json_array_get_object_element (json_object_get_array_member (first, "evidence"), 0), "code"),
    ==, "yj|2492413G4022");
}

typedef struct {
  const char *finding;
  const char *expected;
} FindingCase;

static const FindingCase finding_cases[] = {
  { "consciousness=impaired", "R05(critical) R01(caution) R07(caution) R26(caution)" },
  { "bgl=42", "G1(critical) R01(caution) R04(caution) R07(caution) R26(caution)" },
  { "bgl=HI", "G2(critical) R01(caution) R04(caution) R07(caution) R26(caution)" },
  { "bgl=120", "R01(caution) R04(caution) R07(caution) R26(caution) G3(info)" },
  { "head-injury=yes", "R07(critical) R01(caution) R04(caution) R26(caution)" },
};

static void
test_evaluate_with_finding (gconstpointer data)
{
  const FindingCase *c = data;
  const char * const args[] = { "evaluate", BUNDLE, TODAY, "--finding", c->finding, NULL };
  g_auto(Run) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *rules = NULL;
  JsonArray *warnings;
  JsonArray *findings;

  run_cli (&run, args);
  warnings = warnings_of (&run, parser);
  rules = rule_list (warnings);
  g_assert_cmpstr (rules, ==, c->expected);

  /* The finding is shown as the evidence of the warning it shaped. */
  findings = json_object_get_array_member (json_array_get_object_element (warnings, 0),
                                           "findings");
  if (!g_str_has_prefix (c->finding, "bgl=120"))
    g_assert_cmpuint (json_array_get_length (findings), >=, 1);
}

static void
test_findings_combine (void)
{
  const char * const args[] = {
    "evaluate", "-f", "consciousness=impaired", "--finding=bgl=LO", TODAY, BUNDLE, NULL
  };
  g_auto(Run) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *rules = NULL;

  run_cli (&run, args);
  rules = rule_list (warnings_of (&run, parser));
  g_assert_cmpstr (rules, ==, "G1(critical) R01(caution) R04(caution) R07(caution) R26(caution)");
}

static void
test_missing_file (void)
{
  const char * const args[] = { "evaluate", "/nonexistent/bundle.json", NULL };
  g_auto(Run) run = { 0 };

  run_cli (&run, args);
  assert_one_line_error (&run, "/nonexistent/bundle.json");
}

static void
test_broken_bundle (void)
{
  const char * const args[] = { "evaluate", BROKEN, NULL };
  g_auto(Run) run = { 0 };

  run_cli (&run, args);
  assert_one_line_error (&run, "broken.json: line 3, column ");
}

static void
test_bad_finding (void)
{
  const char * const out_of_range[] = { "evaluate", BUNDLE, "--finding", "bgl=700", NULL };
  const char * const unknown[] = { "evaluate", BUNDLE, "--finding", "pulse=80", NULL };
  g_auto(Run) run = { 0 };
  g_auto(Run) run2 = { 0 };

  run_cli (&run, out_of_range);
  assert_one_line_error (&run, "bgl=700");
  run_cli (&run2, unknown);
  assert_one_line_error (&run2, "pulse");
}

static void
test_missing_rules (void)
{
  const char * const args[] = { "evaluate", BUNDLE, "--rules", "/nonexistent/rules", NULL };
  g_auto(Run) run = { 0 };

  run_cli (&run, args);
  assert_one_line_error (&run, "/nonexistent/rules");
}

static void
test_usage_errors (void)
{
  static const char * const none[] = { NULL };
  static const char * const unknown[] = { "frobnicate", NULL };
  static const char * const no_bundle[] = { "evaluate", NULL };
  static const char * const two_bundles[] = { "evaluate", BUNDLE, BUNDLE, NULL };
  static const char * const bad_option[] = { "evaluate", "--bogus", BUNDLE, NULL };
  static const char * const bad_today[] = { "evaluate", "--today=1.11.2026", BUNDLE, NULL };
  const char * const *cases[] = { none, unknown, no_bundle, two_bundles, bad_option, bad_today };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0 };

      run_cli (&run, cases[i]);
      g_test_message ("case %u: %s", i, run.err);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_true (g_str_has_prefix (run.err, "fieldcard-cli") ||
                     g_str_has_prefix (run.err, "Usage"));
    }
}

static void
test_help_and_version (void)
{
  static const char * const help[] = { "--help", NULL };
  static const char * const version[] = { "--version", NULL };
  static const char * const evaluate_help[] = { "evaluate", "--help", NULL };
  g_auto(Run) run_help = { 0 };
  g_auto(Run) run_version = { 0 };
  g_auto(Run) run_evaluate_help = { 0 };

  run_cli (&run_help, help);
  g_assert_cmpint (run_help.status, ==, 0);
  g_assert_nonnull (strstr (run_help.out, "evaluate"));

  run_cli (&run_version, version);
  g_assert_cmpint (run_version.status, ==, 0);
  g_assert_cmpstr (run_version.out, ==, "fieldcard-cli " PACKAGE_VERSION "\n");

  run_cli (&run_evaluate_help, evaluate_help);
  g_assert_cmpint (run_evaluate_help.status, ==, 0);
  g_assert_nonnull (strstr (run_evaluate_help.out, "--finding"));
  g_assert_nonnull (strstr (run_evaluate_help.out, "BUNDLE.json"));
}

/* The full warning object: checks, evidence with dates, codes and sources, findings. */
static void
test_evaluate_full_objects (void)
{
  const char * const args[] = { "evaluate", INFECTION, TODAY, "-f", "age=40", NULL };
  g_auto(Run) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *warnings;
  JsonObject *r25;
  JsonObject *r27;
  JsonObject *evidence;
  JsonArray *given;

  run_cli (&run, args);
  warnings = warnings_of (&run, parser);
  g_assert_cmpuint (json_array_get_length (warnings), ==, 2);
  r25 = json_array_get_object_element (warnings, 0);
  r27 = json_array_get_object_element (warnings, 1);
  g_assert_cmpstr (json_object_get_string_member (r25, "rule"), ==, "R25");
  g_assert_cmpstr (json_object_get_string_member (r27, "rule"), ==, "R27");
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *warning = json_array_get_object_element (warnings, i);

      g_assert_true (json_object_has_member (warning, "check"));
      g_assert_true (json_object_has_member (warning, "findings"));
      g_assert_false (json_object_get_boolean_member (warning, "acknowledged"));
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (warning, "sources")),
                        >=, 1);
    }
  g_assert_cmpstr (json_object_get_string_member (
    json_array_get_object_element (json_object_get_array_member (r27, "check"), 0), "en"),
    ==, "Standard precautions (gloves, mask, eye protection)");
  evidence = json_array_get_object_element (json_object_get_array_member (r27, "evidence"), 0);
  g_assert_cmpstr (json_object_get_string_member (evidence, "date"), ==, "2025-04-01");
  g_assert_cmpstr (json_object_get_string_member (evidence, "kind"), ==, "observation");
  g_assert_cmpstr (json_object_get_string_member (evidence, "detail"), ==, "陽性 (POS)");
  /* R25 shows the allergens and the prescribed medicine that matches one of them. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (r25, "evidence")), ==, 3);
  evidence = json_array_get_object_element (json_object_get_array_member (r25, "evidence"), 2);
  g_assert_cmpstr (json_object_get_string_member (evidence, "kind"), ==, "medication");
  g_assert_cmpstr (json_object_get_string_member (evidence, "date"), ==, "2026-10-25");

  given = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                        "findings");
  g_assert_cmpstr (json_array_get_string_element (given, 0), ==, "age=40");
}

/* Parses "LABEL: N…" from the output of "rules check". */
static guint
count_of (const char *out,
          const char *label)
{
  g_autofree char *key = g_strdup_printf ("\n%s: ", label);
  const char *at = strstr (out, key);
  guint64 value = 0;

  g_assert_nonnull (at);
  value = g_ascii_strtoull (at + strlen (key), NULL, 10);
  return (guint) value;
}

static void
test_rules_check (void)
{
  const char * const args[] = { "rules", "check", NULL };
  const char * const list_args[] = { "rules", "check", "--list", "--rules",
                                     FC_TEST_SRCDIR "/../data/rules", NULL };
  g_auto(Run) run = { 0 };
  g_auto(Run) list = { 0 };

  run_cli (&run, args);
  g_test_message ("%s%s", run.out, run.err);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_true (g_str_has_prefix (run.out, "Rule files in "));
  g_assert_cmpuint (count_of (run.out, "rules"), >=, 33);
  g_assert_nonnull (strstr (run.out, "(critical "));
  g_assert_cmpuint (count_of (run.out, "inferred rules"), ==, 3);
  g_assert_cmpuint (count_of (run.out, "drug classes"), >=, 20);
  g_assert_cmpuint (count_of (run.out, "crew drugs"), ==, 3);
  g_assert_cmpuint (count_of (run.out, "sources"), >=, 20);
  g_assert_nonnull (strstr (run.out, "protocol minimum age 15"));

  run_cli (&list, list_args);
  g_assert_cmpint (list.status, ==, 0);
  g_assert_nonnull (strstr (list.out, "\nR21   info     inferred S7,S24\n"));
  g_assert_nonnull (strstr (list.out, "\nR25   critical -        S2,S3\n"));
  g_assert_nonnull (strstr (list.out, "\nG1    critical"));
}

/* A broken rule file: exit 2 and one line naming the file, the rule and the field. */
static void
test_rules_check_invalid (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("fc-cli-rules-XXXXXX", &error);
  g_autofree char *classes = NULL;
  g_autofree char *rules = NULL;
  g_autofree char *classes_text = NULL;
  g_auto(Run) run = { 0 };
  g_auto(Run) missing = { 0 };
  g_auto(Run) usage = { 0 };
  const char *args[] = { "rules", "check", "--rules", NULL, NULL };
  const char * const missing_args[] = { "rules", "check", "--rules", "/nonexistent/rules", NULL };
  const char * const usage_args[] = { "rules", "list", NULL };

  g_assert_no_error (error);
  classes = g_build_filename (dir, "drug-classes.json", NULL);
  rules = g_build_filename (dir, "rules.json", NULL);
  g_assert_true (g_file_get_contents (FC_TEST_SRCDIR "/../data/rules/drug-classes.json",
                                      &classes_text, NULL, NULL));
  g_assert_true (g_file_set_contents (classes, classes_text, -1, NULL));
  g_assert_true (g_file_set_contents (rules,
    "{\"format\": 1, \"rules\": [{\"id\": \"R07\", \"severity\": \"severe\", "
    "\"trigger\": {\"any_class\": [\"warfarin\"]}, \"message\": {\"ja\": \"確認\", \"en\": \"Check\"}}]}",
    -1, NULL));
  args[3] = dir;

  run_cli (&run, args);
  assert_one_line_error (&run, "rules.json: rule R07: field 'severity': unknown value 'severe'");
  run_cli (&missing, missing_args);
  assert_one_line_error (&missing, "/nonexistent/rules");
  run_cli (&usage, usage_args);
  g_assert_cmpint (usage.status, ==, 2);
  g_assert_nonnull (strstr (usage.err, "check"));

  g_assert_cmpint (g_unlink (classes), ==, 0);
  g_assert_cmpint (g_unlink (rules), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fc/rules/cli/evaluate-history", test_evaluate_history);
  for (guint i = 0; i < G_N_ELEMENTS (finding_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/rules/cli/evaluate-with/%s",
                                               finding_cases[i].finding);

      g_strdelimit (path, "=", '-');

      g_test_add_data_func (path, &finding_cases[i], test_evaluate_with_finding);
    }
  g_test_add_func ("/fc/rules/cli/findings-combine", test_findings_combine);
  g_test_add_func ("/fc/rules/cli/missing-file", test_missing_file);
  g_test_add_func ("/fc/rules/cli/broken-bundle", test_broken_bundle);
  g_test_add_func ("/fc/rules/cli/bad-finding", test_bad_finding);
  g_test_add_func ("/fc/rules/cli/missing-rules", test_missing_rules);
  g_test_add_func ("/fc/rules/cli/usage-errors", test_usage_errors);
  g_test_add_func ("/fc/rules/cli/help-and-version", test_help_and_version);
  g_test_add_func ("/fc/rules/cli/evaluate-full-objects", test_evaluate_full_objects);
  g_test_add_func ("/fc/rules/cli/rules-check", test_rules_check);
  g_test_add_func ("/fc/rules/cli/rules-check-invalid", test_rules_check_invalid);

  return g_test_run ();
}
