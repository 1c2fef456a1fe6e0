/* test-hostile-input.c: regression tests for what fuzzing found in the rules loader.
 *
 * - Deeply nested JSON overflowed the stack inside json-glib 1.6 (it recurses once per level
 *   without a limit): about 70 000 brackets in rules.json or drug-classes.json crashed FieldCard.
 * - A syntax error quoted by json-glib can cut a UTF-8 character in two, and a file that is not
 *   UTF-8 at all was parsed anyway: both gave error messages that are not valid UTF-8.
 * The inputs the fuzzer found are in tests/fuzz/regress/rules/ (run by the 'fuzz' suite too).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "fc-rule-set.h"
#include "fc-rules-json.h"

#include "robustness-util.h"

/* A rules folder with @rules (and the real drug-classes.json unless @classes is given). */
static char *
make_rules_dir (const char *rules,
                gssize      rules_len,
                const char *classes,
                gssize      classes_len)
{
  g_autoptr(GError) error = NULL;
  char *dir = robustness_make_tmpdir ("rules");
  g_autofree char *rules_path = g_build_filename (dir, "rules.json", NULL);
  g_autofree char *classes_path = g_build_filename (dir, "drug-classes.json", NULL);
  g_autofree char *real_classes = NULL;
  g_autofree char *real_rules = NULL;
  gsize len = 0;

  if (rules == NULL)
    {
      g_assert_true (g_file_get_contents (FC_TEST_SRCDIR "/../data/rules/rules.json",
                                          &real_rules, &len, &error));
      rules = real_rules;
      rules_len = (gssize) len;
    }
  if (classes == NULL)
    {
      g_assert_true (g_file_get_contents (FC_TEST_SRCDIR "/../data/rules/drug-classes.json",
                                          &real_classes, &len, &error));
      classes = real_classes;
      classes_len = (gssize) len;
    }
  g_assert_true (g_file_set_contents (rules_path, rules, rules_len, &error));
  g_assert_true (g_file_set_contents (classes_path, classes, classes_len, &error));
  g_assert_no_error (error);
  return dir;
}

static void
test_depth_check (void)
{
  guint line = 0, column = 0;
  const char *text;

  g_assert_true (fc_rules_json_check_depth ("", 0, 1, NULL, NULL));
  g_assert_true (fc_rules_json_check_depth ("[1]", 3, 1, NULL, NULL));
  g_assert_false (fc_rules_json_check_depth ("[[1]]", 5, 1, &line, &column));
  g_assert_cmpuint (line, ==, 1);
  g_assert_cmpuint (column, ==, 2);
  /* Brackets inside strings, escaped quotes included, do not count. */
  text = "[\"[[{{\\\"[[\"]";
  g_assert_true (fc_rules_json_check_depth (text, strlen (text), 1, NULL, NULL));
  /* Closing brackets end a level; the deepest level is what counts. */
  g_assert_true (fc_rules_json_check_depth ("[[]][[]]", 8, 2, NULL, NULL));
  /* Lines and columns (in characters, UTF-8 aware) of the bracket that went too deep. */
  text = "{\n \"é\": [[";
  g_assert_false (fc_rules_json_check_depth (text, strlen (text), 2, &line, &column));
  g_assert_cmpuint (line, ==, 2);
  g_assert_cmpuint (column, ==, 8);
}

static void
assert_rules_error (const char *dir,
                    int         code,
                    const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcRuleSet) rules = fc_rule_set_new_from_dir (dir, &error);

  g_assert_null (rules);
  g_assert_error (error, FC_RULES_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  if (strstr (error->message, expected) == NULL)
    g_error ("expected “%s” in: %s", expected, error->message);
}

static void
test_deep_nesting (void)
{
  /* Well past json-glib's crash point (about 70 000 levels on an 8 MiB stack). */
  const gsize depth = 200000;
  g_autofree char *deep = g_malloc (depth + 32);
  g_autofree char *dir = NULL;
  g_autofree char *classes_dir = NULL;
  gsize len;

  len = g_strlcpy (deep, "{\"format\": 1, \"rules\": ", depth + 32);
  memset (deep + len, '[', depth);
  len += depth;

  dir = make_rules_dir (deep, (gssize) len, NULL, -1);
  assert_rules_error (dir, FC_RULES_ERROR_SYNTAX, "rules.json: line 1, column 87: the objects "
                                                  "and lists are nested too deeply");
  robustness_remove_tree (dir);

  classes_dir = make_rules_dir (NULL, -1, deep, (gssize) len);
  assert_rules_error (classes_dir, FC_RULES_ERROR_SYNTAX, "drug-classes.json: line 1");
  robustness_remove_tree (classes_dir);
}

static void
test_real_rules_are_not_too_deep (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_rules_dir (NULL, -1, NULL, -1);
  g_autoptr(FcRuleSet) rules = fc_rule_set_new_from_dir (dir, &error);

  /* The limit leaves room: the shipped files load. */
  g_assert_no_error (error);
  g_assert_nonnull (rules);
  g_assert_finalize_object (g_steal_pointer (&rules));
  robustness_remove_tree (dir);
}

static void
test_not_utf8 (void)
{
  static const char latin1[] = "{\"format\": 1,\n \"rules\": [{\"id\": \"R01\xe9\"}]}";
  g_autofree char *dir = make_rules_dir (latin1, sizeof latin1 - 1, NULL, -1);

  assert_rules_error (dir, FC_RULES_ERROR_SYNTAX, "rules.json: line 2, column 23: the text is "
                                                  "not valid UTF-8");
  robustness_remove_tree (dir);
}

static void
test_syntax_error_message_is_utf8 (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;
  g_autofree char *dir = NULL;
  gsize len = 0;

  /* The fuzzer's input: valid UTF-8, but json-glib's message cut a character of a string. */
  g_assert_true (g_file_get_contents (FC_TEST_SRCDIR
                                      "/fuzz/regress/rules/invalid-utf8-in-syntax-error.json",
                                      &found, &len, &error));
  g_assert_true (g_utf8_validate_len (found, len, NULL));
  dir = make_rules_dir (found, (gssize) len, NULL, -1);
  assert_rules_error (dir, FC_RULES_ERROR_SYNTAX, "rules.json: line 484, column 92:");
  robustness_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fc/robustness/json-depth-check-counts-only-brackets-outside-strings",
                   test_depth_check);
  g_test_add_func ("/fc/robustness/rules-nested-too-deeply-is-a-clear-error",
                   test_deep_nesting);
  g_test_add_func ("/fc/robustness/shipped-rules-are-within-the-depth-limit",
                   test_real_rules_are_not_too_deep);
  g_test_add_func ("/fc/robustness/rules-not-utf8-is-a-clear-error", test_not_utf8);
  g_test_add_func ("/fc/robustness/rules-syntax-error-message-is-valid-utf8",
                   test_syntax_error_message_is_utf8);

  return g_test_run ();
}
