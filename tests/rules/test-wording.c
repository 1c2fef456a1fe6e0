/* test-wording.c: a safety check over every message, addendum and check item of
 * data/rules/rules.json, in Japanese and English.
 *
 * - A treatment word appears only in the allowed contexts of wording-check.h: rules gated on a
 *   measured finding, a negation, or R25's comparison with the crew's drugs.
 * - Every rule that infers a condition from a drug says so (推定・要確認 / "inferred — verify"),
 *   only those rules say it, and a drug-only rule that names a condition must be one of them.
 * - Every text has both languages, and every message names something to check or measure.
 *
 * The rules file is read directly with json-glib, independently of the rule engine.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "fc-rule-set.h"
#include "wording-check.h"

#define MEASURED_GROUP "GLU-MEASURED"
#define INFERRED_JA    "推定・要確認"
#define INFERRED_EN    "inferred — verify"

/* The rule whose messages may compare with the crew's drugs. */
#define CREW_DRUG_RULE "R25"

/* Drug-derived condition rules of clinical-rules.md §7 (epilepsy, CKD, angina). */
static const char * const drug_derived_rules[] = { "R17", "R21", "R24", NULL };

/* Conditions a message might state; a drug-only rule that names one must be inferred. */
static const char * const condition_words_ja[] = {
  "糖尿病", "てんかん", "腎臓病", "腎不全", "透析", "狭心症", "心不全", "心房細動", NULL
};
static const char * const condition_words_en[] = {
  "diabetes", "epilepsy", "kidney disease", "renal failure", "dialysis", "angina",
  "heart failure", "atrial fibrillation", NULL
};

static const char * const check_words_ja[] = { "確認", "測定", "注意", "申し送", "伝え", "評価",
                                               "報告", "聴取", NULL };
static const char * const check_words_en[] = { "check", "measure", "watch", "tell", "report",
                                               "ask", "assess", "verify", "look", "keep",
                                               "confirm", NULL };

static gboolean
contains_any (const char         *text,
              const char * const *words)
{
  for (guint i = 0; words[i] != NULL; i++)
    if (strstr (text, words[i]) != NULL)
      return TRUE;
  return FALSE;
}

/* ---- Reading rules.json ------------------------------------------------------------------- */

static JsonObject *
load_root (JsonParser *parser)
{
  g_autofree char *dir = fc_rule_set_default_dir ();
  g_autofree char *path = g_build_filename (dir, "rules.json", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

static JsonObject *
find_rule (JsonArray  *rules,
           const char *id)
{
  for (guint i = 0; i < json_array_get_length (rules); i++)
    {
      JsonObject *rule = json_array_get_object_element (rules, i);

      if (g_str_equal (json_object_get_string_member (rule, "id"), id))
        return rule;
    }
  return NULL;
}

/* Whether @node (a trigger, recursively) tests a measured glucose value. */
static gboolean
tests_measured_glucose (JsonNode *node)
{
  if (node == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (tests_measured_glucose (json_array_get_element (array, i)))
          return TRUE;
      return FALSE;
    }
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      const char *finding = json_object_get_string_member_with_default (object, "finding", NULL);
      const char *is = json_object_get_string_member_with_default (object, "is", NULL);
      g_autoptr(GList) members = json_object_get_members (object);

      if (g_strcmp0 (finding, "glucose") == 0 &&
          (g_strcmp0 (is, "low") == 0 || g_strcmp0 (is, "high") == 0 ||
           g_strcmp0 (is, "in_range") == 0 || g_strcmp0 (is, "measured") == 0))
        return TRUE;
      for (GList *l = members; l != NULL; l = l->next)
        if (tests_measured_glucose (json_object_get_member (object, l->data)))
          return TRUE;
    }
  return FALSE;
}

/* Whether every leaf of @node is a drug class or a finding, following rule references: the
 * rule speaks from drugs alone. */
static gboolean
drug_only (JsonArray *rules,
           JsonNode  *node,
           guint      depth)
{
  g_assert_cmpuint (depth, <, 50);
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      JsonObject *rule = find_rule (rules, json_node_get_string (node));

      g_assert_nonnull (rule);
      return drug_only (rules, json_object_get_member (rule, "trigger"), depth + 1);
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (!drug_only (rules, json_array_get_element (array, i), depth + 1))
          return FALSE;
      return TRUE;
    }
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);

      if (json_object_has_member (object, "any_class") ||
          json_object_has_member (object, "all_classes") ||
          json_object_has_member (object, "finding"))
        return TRUE;
      if (json_object_has_member (object, "rule"))
        {
          JsonObject *rule = find_rule (rules, json_object_get_string_member (object, "rule"));

          g_assert_nonnull (rule);
          return drug_only (rules, json_object_get_member (rule, "trigger"), depth + 1);
        }
      for (const char * const *kind = (const char * const[]) { "any_of", "all_of", "not", NULL };
           *kind != NULL; kind++)
        if (json_object_has_member (object, *kind))
          return drug_only (rules, json_object_get_member (object, *kind), depth + 1);
    }
  return FALSE;
}

typedef enum {
  TEXT_MESSAGE,
  TEXT_ADDENDUM,
  TEXT_CHECK,
} TextKind;

typedef void (*TextFunc) (JsonArray  *rules,
                          const char *rule_id,
                          JsonObject *rule,
                          TextKind    kind,
                          const char *ja,
                          const char *en);

/* Calls @func on the message, each addendum and each check item of every rule. */
static void
for_each_text (TextFunc func)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *rules = json_object_get_array_member (load_root (parser), "rules");

  g_assert_cmpuint (json_array_get_length (rules), >, 0);
  for (guint i = 0; i < json_array_get_length (rules); i++)
    {
      JsonObject *rule = json_array_get_object_element (rules, i);
      const char *id = json_object_get_string_member (rule, "id");
      JsonObject *message = json_object_get_object_member (rule, "message");
      JsonArray *checks = json_object_has_member (rule, "check")
                            ? json_object_get_array_member (rule, "check") : NULL;
      JsonArray *addenda = json_object_has_member (rule, "addenda")
                             ? json_object_get_array_member (rule, "addenda") : NULL;

      g_assert_nonnull (message);
      func (rules, id, rule, TEXT_MESSAGE,
            json_object_get_string_member_with_default (message, "ja", NULL),
            json_object_get_string_member_with_default (message, "en", NULL));
      for (guint a = 0; addenda != NULL && a < json_array_get_length (addenda); a++)
        {
          JsonObject *text = json_object_get_object_member (
            json_array_get_object_element (addenda, a), "message");

          func (rules, id, rule, TEXT_ADDENDUM,
                json_object_get_string_member_with_default (text, "ja", NULL),
                json_object_get_string_member_with_default (text, "en", NULL));
        }
      for (guint c = 0; checks != NULL && c < json_array_get_length (checks); c++)
        {
          JsonObject *check = json_array_get_object_element (checks, c);

          func (rules, id, rule, TEXT_CHECK,
                json_object_get_string_member_with_default (check, "ja", NULL),
                json_object_get_string_member_with_default (check, "en", NULL));
        }
    }
}

/* ---- Treatment words ---------------------------------------------------------------------- */

static WcAllow
allowed_for (const char *rule_id,
             JsonObject *rule)
{
  WcAllow allow = WC_ALLOW_NONE;

  if (tests_measured_glucose (json_object_get_member (rule, "trigger")) ||
      tests_measured_glucose (json_object_get_member (rule, "requires_finding")))
    allow |= WC_ALLOW_MEASURED_GATE;
  if (g_str_equal (rule_id, CREW_DRUG_RULE))
    allow |= WC_ALLOW_CREW_DRUGS;
  return allow;
}

static void
check_no_treatment_from_history (JsonArray  *rules,
                                 const char *rule_id,
                                 JsonObject *rule,
                                 TextKind    kind,
                                 const char *ja,
                                 const char *en)
{
  const char *group = json_object_get_string_member_with_default (rule, "group", NULL);
  WcAllow allow = allowed_for (rule_id, rule);
  g_autofree char *unsafe_ja = wc_find_unsafe_sentence (ja, TRUE, allow);
  g_autofree char *unsafe_en = wc_find_unsafe_sentence (en, FALSE, allow);

  /* The measured group is exactly the rules gated on a measured value. */
  g_assert_cmpint ((allow & WC_ALLOW_MEASURED_GATE) != 0, ==,
                   g_strcmp0 (group, MEASURED_GROUP) == 0);
  if (unsafe_ja != NULL || unsafe_en != NULL)
    g_test_message ("rule %s recommends a treatment from history: “%s”", rule_id,
                    unsafe_ja != NULL ? unsafe_ja : unsafe_en);
  g_assert_null (unsafe_ja);
  g_assert_null (unsafe_en);
}

static void
test_no_treatment_from_history (void)
{
  for_each_text (check_no_treatment_from_history);
}

/* The glucose-not-measured rules say "measure" and forbid glucose from the history. */
static void
test_unmeasured_glucose_rules_forbid (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *rules = json_object_get_array_member (load_root (parser), "rules");
  static const char * const ids[] = { "R04", "R05", "G0", NULL };

  for (guint i = 0; ids[i] != NULL; i++)
    {
      JsonObject *message = json_object_get_object_member (find_rule (rules, ids[i]), "message");
      const char *ja = json_object_get_string_member (message, "ja");
      const char *en = json_object_get_string_member (message, "en");

      g_test_message ("rule %s", ids[i]);
      g_assert_nonnull (strstr (ja, "測定"));
      g_assert_nonnull (strstr (ja, "ブドウ糖を投与しない"));
      g_assert_nonnull (strstr (en, "measure"));
      g_assert_nonnull (strstr (en, "Do not give glucose"));
      g_assert_false (tests_measured_glucose (json_object_get_member (find_rule (rules, ids[i]),
                                                                      "trigger")));
    }
}

/* The checker itself must catch unsafe wording, and let each allowed context through. */
static void
test_checker_catches_unsafe_wording (void)
{
  static const struct {
    const char *text;
    gboolean    japanese;
    WcAllow     allow;
    const char *unsafe;
  } cases[] = {
    { "糖尿病の記録あり。ブドウ糖を投与する。", TRUE, WC_ALLOW_NONE, "ブドウ糖を投与する" },
    { "Diabetes on record. Give 50% glucose.", FALSE, WC_ALLOW_NONE, "Give 50% glucose" },
    { "On insulin: administer dextrose; measure later.", FALSE, WC_ALLOW_NONE,
      "administer dextrose" },
    { "Start IV fluids.", FALSE, WC_ALLOW_NONE, "Start IV fluids" },
    { "アドレナリンを準備。", TRUE, WC_ALLOW_NONE, "アドレナリンを準備" },
    { "Inject glucagon.", FALSE, WC_ALLOW_NONE, "Inject glucagon" },
    /* A crew-drug sentence outside R25, and a glucose sentence outside the measured gate. */
    { "救急隊が使う薬剤（ブドウ糖）と一致。", TRUE, WC_ALLOW_NONE,
      "救急隊が使う薬剤（ブドウ糖）と一致" },
    { "Meets the criteria for glucose.", FALSE, WC_ALLOW_CREW_DRUGS,
      "Meets the criteria for glucose" },
    /* Allowed: negation, measured gate, crew framing in R25, measurements. */
    { "既往だけでブドウ糖を投与しない。", TRUE, WC_ALLOW_NONE, NULL },
    { "Do not give glucose on the history alone.", FALSE, WC_ALLOW_NONE, NULL },
    { "Glucose is contraindicated.", FALSE, WC_ALLOW_NONE, NULL },
    { "Meets the criteria for glucose.", FALSE, WC_ALLOW_MEASURED_GATE, NULL },
    { "救急隊が使う薬剤（アドレナリン・ブドウ糖・輸液）と一致する場合は報告。", TRUE,
      WC_ALLOW_CREW_DRUGS, NULL },
    { "If it matches a drug the crew uses (adrenaline, glucose, IV fluids), report it.", FALSE,
      WC_ALLOW_CREW_DRUGS, NULL },
    { "Measure blood glucose; low glucose may recur.", FALSE, WC_ALLOW_NONE, NULL },
    { "血糖を測定。", TRUE, WC_ALLOW_NONE, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *unsafe = wc_find_unsafe_sentence (cases[i].text, cases[i].japanese,
                                                         cases[i].allow);

      g_test_message ("case %u: %s", i, cases[i].text);
      g_assert_cmpstr (unsafe, ==, cases[i].unsafe);
    }
  /* Strict on purpose: any form of "give" counts, whatever it means. */
  g_assert_true (wc_names_treatment ("Given the evidence, check", FALSE));
  g_assert_false (wc_names_treatment ("the record may be out of date", FALSE));
}

/* ---- Languages, inferred label, what to check --------------------------------------------- */

static void
check_both_languages (JsonArray  *rules,
                      const char *rule_id,
                      JsonObject *rule,
                      TextKind    kind,
                      const char *ja,
                      const char *en)
{
  g_autofree char *ja_copy = NULL;
  g_autofree char *en_copy = NULL;

  g_test_message ("rule %s text kind %d", rule_id, kind);
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
check_inferred_is_labelled (JsonArray  *rules,
                            const char *rule_id,
                            JsonObject *rule,
                            TextKind    kind,
                            const char *ja,
                            const char *en)
{
  gboolean inferred = json_object_get_boolean_member_with_default (rule, "inferred", FALSE);
  g_autofree char *lower_en = g_utf8_strdown (en, -1);

  if (kind != TEXT_MESSAGE)
    return;
  g_test_message ("rule %s: inferred=%d", rule_id, inferred);
  if (g_strv_contains (drug_derived_rules, rule_id))
    g_assert_true (inferred);
  if (inferred)
    {
      g_assert_nonnull (strstr (ja, INFERRED_JA));
      g_assert_nonnull (strstr (lower_en, INFERRED_EN));
    }
  else
    {
      /* (推定年齢 / "estimated age" is not the label.) */
      g_assert_null (strstr (ja, INFERRED_JA));
      g_assert_null (strstr (lower_en, "inferred"));
    }

  /* A rule that speaks from drugs alone and names a condition must label it inferred. */
  if (drug_only (rules, json_object_get_member (rule, "trigger"), 0) &&
      (contains_any (ja, condition_words_ja) || contains_any (lower_en, condition_words_en)))
    {
      g_test_message ("rule %s names a condition from drugs alone", rule_id);
      g_assert_true (inferred);
    }
}

static void
test_inferred_is_labelled (void)
{
  for_each_text (check_inferred_is_labelled);
}

static void
check_names_what_to_check (JsonArray  *rules,
                           const char *rule_id,
                           JsonObject *rule,
                           TextKind    kind,
                           const char *ja,
                           const char *en)
{
  g_autofree char *lower_en = g_utf8_strdown (en, -1);

  if (kind == TEXT_CHECK)
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
  g_test_add_func ("/fc/rules/wording/unmeasured-glucose-rules-forbid",
                   test_unmeasured_glucose_rules_forbid);
  g_test_add_func ("/fc/rules/wording/checker-catches-unsafe-wording",
                   test_checker_catches_unsafe_wording);
  g_test_add_func ("/fc/rules/wording/both-languages", test_both_languages);
  g_test_add_func ("/fc/rules/wording/inferred-is-labelled", test_inferred_is_labelled);
  g_test_add_func ("/fc/rules/wording/names-what-to-check", test_names_what_to_check);

  return g_test_run ();
}
