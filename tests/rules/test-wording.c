/* test-wording.c: a safety check over every message in data/rules/rules.json (ja and en).
 *
 * - No sentence recommends giving glucose or any drug (投与 / give / administer) unless the rule
 *   belongs to the measured-glucose group, or the sentence forbids it (投与しない, do not give),
 *   or it is explicitly conditional on a measured value (測定値 … のみ, only … measured).
 * - Every rule that infers a condition from a drug says so (推定・要確認 / inferred), and only
 *   those rules say it.
 * - Every message and check item has both languages, and every message names something to check
 *   or measure.
 *
 * The rules file is read directly with json-glib, independently of the rule engine.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "fc-rule-set.h"

#define MEASURED_GROUP "GLU-MEASURED"

static const char * const give_words_ja[] = { "投与", "投薬", "与える", NULL };
static const char * const give_words_en[] = { "give", "giving", "gave", "administer", "treat",
                                              NULL };
static const char * const negations_ja[] = { "しない", "禁忌", "適応なし", NULL };
static const char * const negations_en[] = { "do not", "don't", "never", "not indicated",
                                              "contraindicated", NULL };
static const char * const check_words_ja[] = { "確認", "測定", "注意", "申し送", "伝え", "評価",
                                               "報告", "聴取", NULL };
static const char * const check_words_en[] = { "check", "measure", "watch", "tell", "report",
                                               "ask", "assess", "verify", "look", "keep", NULL };

static gboolean
contains_any (const char         *text,
              const char * const *words)
{
  for (guint i = 0; words[i] != NULL; i++)
    if (strstr (text, words[i]) != NULL)
      return TRUE;
  return FALSE;
}

/* Returns the first sentence of @message that gives a drug without being a prohibition or
 * conditional on a measured value, or NULL. */
static char *
find_unsafe_sentence (const char *message,
                      gboolean    japanese,
                      gboolean    measured_group)
{
  g_autofree char *lower = g_utf8_strdown (message, -1);
  g_auto(GStrv) sentences = NULL;

  if (japanese)
    sentences = g_regex_split_simple ("[。：]", message, 0, 0);
  else
    sentences = g_regex_split_simple ("(\\. |; |: |\\.$)", lower, 0, 0);

  for (guint i = 0; sentences[i] != NULL; i++)
    {
      const char *s = sentences[i];
      gboolean gives = contains_any (s, japanese ? give_words_ja : give_words_en);
      gboolean forbids = contains_any (s, japanese ? negations_ja : negations_en);
      gboolean on_measured_value = japanese
        ? (strstr (s, "測定値") != NULL && (strstr (s, "のみ") != NULL || strstr (s, "限る") != NULL))
        : (strstr (s, "measured") != NULL && strstr (s, "only") != NULL);

      if (gives && !measured_group && !forbids && !on_measured_value)
        return g_strdup (s);
    }
  return NULL;
}

/* Whether @trigger tests a measured glucose value (low, high, in_range or measured). */
static gboolean
tests_measured_glucose (JsonNode *trigger)
{
  JsonObject *object;
  const char *finding;
  const char *is;

  if (trigger == NULL || !JSON_NODE_HOLDS_OBJECT (trigger))
    return FALSE;
  object = json_node_get_object (trigger);
  finding = json_object_get_string_member_with_default (object, "finding", NULL);
  is = json_object_get_string_member_with_default (object, "is", NULL);
  return g_strcmp0 (finding, "glucose") == 0 &&
         (g_strcmp0 (is, "low") == 0 || g_strcmp0 (is, "high") == 0 ||
          g_strcmp0 (is, "in_range") == 0 || g_strcmp0 (is, "measured") == 0);
}

static JsonArray *
load_rules (JsonParser *parser)
{
  g_autofree char *dir = fc_rule_set_default_dir ();
  g_autofree char *path = g_build_filename (dir, "rules.json", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  return json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                       "rules");
}

typedef void (*TextFunc) (const char *rule_id,
                          JsonObject *rule,
                          const char *what,
                          const char *ja,
                          const char *en);

/* Calls @func on the message and each check item of every rule. */
static void
for_each_text (TextFunc func)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *rules = load_rules (parser);

  g_assert_cmpuint (json_array_get_length (rules), >, 0);
  for (guint i = 0; i < json_array_get_length (rules); i++)
    {
      JsonObject *rule = json_array_get_object_element (rules, i);
      const char *id = json_object_get_string_member (rule, "id");
      JsonObject *message = json_object_get_object_member (rule, "message");
      JsonArray *checks = json_object_has_member (rule, "check")
                            ? json_object_get_array_member (rule, "check") : NULL;

      g_assert_nonnull (message);
      func (id, rule, "message",
            json_object_get_string_member_with_default (message, "ja", NULL),
            json_object_get_string_member_with_default (message, "en", NULL));
      for (guint c = 0; checks != NULL && c < json_array_get_length (checks); c++)
        {
          JsonObject *check = json_array_get_object_element (checks, c);

          func (id, rule, "check",
                json_object_get_string_member_with_default (check, "ja", NULL),
                json_object_get_string_member_with_default (check, "en", NULL));
        }
    }
}

static void
check_no_treatment_from_history (const char *rule_id,
                                 JsonObject *rule,
                                 const char *what,
                                 const char *ja,
                                 const char *en)
{
  const char *group = json_object_get_string_member_with_default (rule, "group", NULL);
  gboolean measured = g_strcmp0 (group, MEASURED_GROUP) == 0;
  g_autofree char *unsafe_ja = NULL;
  g_autofree char *unsafe_en = NULL;

  /* Membership of the measured group must be earned by the trigger itself. */
  if (measured)
    g_assert_true (tests_measured_glucose (json_object_get_member (rule, "trigger")) ||
                   tests_measured_glucose (json_object_get_member (rule, "requires_finding")));

  unsafe_ja = find_unsafe_sentence (ja, TRUE, measured);
  unsafe_en = find_unsafe_sentence (en, FALSE, measured);
  if (unsafe_ja != NULL || unsafe_en != NULL)
    g_test_message ("rule %s %s recommends a treatment from history: “%s”", rule_id, what,
                    unsafe_ja != NULL ? unsafe_ja : unsafe_en);
  g_assert_null (unsafe_ja);
  g_assert_null (unsafe_en);
}

static void
test_no_treatment_from_history (void)
{
  for_each_text (check_no_treatment_from_history);
}

/* The checker itself must catch an unsafe sentence. */
static void
test_checker_catches_unsafe_wording (void)
{
  g_autofree char *a = find_unsafe_sentence ("糖尿病の記録あり。ブドウ糖を投与する。", TRUE, FALSE);
  g_autofree char *b = find_unsafe_sentence ("Diabetes on record. Give 50% glucose.", FALSE, FALSE);
  g_autofree char *c = find_unsafe_sentence ("On insulin: administer glucose; measure later.",
                                             FALSE, FALSE);
  g_autofree char *d = find_unsafe_sentence ("既往だけでブドウ糖を投与しない。", TRUE, FALSE);
  g_autofree char *e = find_unsafe_sentence ("Do not give glucose on the history alone.",
                                             FALSE, FALSE);
  g_autofree char *f = find_unsafe_sentence ("Glucose may be given only when the measured value "
                                             "is below 50 mg/dL.", FALSE, FALSE);
  g_autofree char *g = find_unsafe_sentence ("ブドウ糖を投与。", TRUE, TRUE);

  g_assert_cmpstr (a, ==, "ブドウ糖を投与する");
  g_assert_cmpstr (b, ==, "give 50% glucose");
  g_assert_cmpstr (c, ==, "administer glucose");
  g_assert_null (d);
  g_assert_null (e);
  g_assert_null (f);
  g_assert_null (g);
}

static void
check_both_languages (const char *rule_id,
                      JsonObject *rule,
                      const char *what,
                      const char *ja,
                      const char *en)
{
  g_autofree char *ja_copy = NULL;
  g_autofree char *en_copy = NULL;

  g_test_message ("rule %s %s", rule_id, what);
  g_assert_nonnull (ja);
  g_assert_nonnull (en);
  ja_copy = g_strdup (ja);
  en_copy = g_strdup (en);
  g_assert_cmpstr (g_strstrip (ja_copy), !=, "");
  g_assert_cmpstr (g_strstrip (en_copy), !=, "");
  /* The Japanese text is Japanese, not a copy of the English. */
  g_assert_cmpstr (ja, !=, en);
}

static void
test_both_languages (void)
{
  for_each_text (check_both_languages);
}

static void
check_inferred_is_labelled (const char *rule_id,
                            JsonObject *rule,
                            const char *what,
                            const char *ja,
                            const char *en)
{
  gboolean inferred = json_object_get_boolean_member_with_default (rule, "inferred", FALSE);
  g_autofree char *lower_en = g_utf8_strdown (en, -1);

  if (!g_str_equal (what, "message"))
    return;
  g_test_message ("rule %s: inferred=%d", rule_id, inferred);
  if (inferred)
    {
      g_assert_nonnull (strstr (ja, "推定・要確認"));
      g_assert_nonnull (strstr (lower_en, "inferred"));
    }
  else
    {
      g_assert_null (strstr (ja, "推定"));
      g_assert_null (strstr (lower_en, "inferred"));
    }
}

static void
test_inferred_is_labelled (void)
{
  for_each_text (check_inferred_is_labelled);
}

static void
check_names_what_to_check (const char *rule_id,
                           JsonObject *rule,
                           const char *what,
                           const char *ja,
                           const char *en)
{
  g_autofree char *lower_en = g_utf8_strdown (en, -1);

  if (!g_str_equal (what, "message"))
    return;
  g_test_message ("rule %s", rule_id);
  g_assert_true (contains_any (ja, check_words_ja));
  g_assert_true (contains_any (lower_en, check_words_en));
}

static void
test_names_what_to_check (void)
{
  for_each_text (check_names_what_to_check);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fc/rules/wording/no-treatment-from-history", test_no_treatment_from_history);
  g_test_add_func ("/fc/rules/wording/checker-catches-unsafe-wording",
                   test_checker_catches_unsafe_wording);
  g_test_add_func ("/fc/rules/wording/both-languages", test_both_languages);
  g_test_add_func ("/fc/rules/wording/inferred-is-labelled", test_inferred_is_labelled);
  g_test_add_func ("/fc/rules/wording/names-what-to-check", test_names_what_to_check);

  return g_test_run ();
}
