/* wording-check.c: treatment words, negations and the crew-drug framing, in both languages.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wording-check.h"

/* Treatment words. Japanese: substrings. English: whole words, or word prefixes ending in '*'. */
static const char * const treatment_ja[] = {
  "ブドウ糖", "糖液", "投与", "投薬", "注射", "静注", "輸液", "点滴",
  "アドレナリン", "エピネフリン", "グルカゴン", "ナロキソン", NULL
};
static const char * const treatment_en[] = {
  "give", "gives", "given", "giving", "administer*", "inject*", "infus*", "dextrose",
  "glucose", "adrenaline", "epinephrine", "glucagon", "naloxone", NULL
};
static const char * const treatment_phrases_en[] = { "iv fluid", NULL };

/* "glucose" in these names a measurement and is taken out before the search. */
static const char * const measurement_phrases_en[] = {
  "blood glucose", "measured glucose", "low glucose", "normal glucose", "high glucose",
  "glucose level", NULL
};

static const char * const negations_ja[] = { "しない", "禁忌", "適応なし", "対象外", NULL };
static const char * const negations_en[] = {
  "do not", "don't", "never", "contraindicated", "not indicated", "does not apply", NULL
};

static const char * const crew_framing_ja[] = { "救急隊が使う薬剤", NULL };
static const char * const crew_framing_en[] = { "drug the crew uses", "drugs the crew uses", NULL };

static gboolean
contains_any (const char         *text,
              const char * const *words)
{
  for (guint i = 0; words[i] != NULL; i++)
    if (strstr (text, words[i]) != NULL)
      return TRUE;
  return FALSE;
}

static gboolean
word_matches (const char *word,
              const char *pattern)
{
  gsize len = strlen (pattern);

  if (len > 0 && pattern[len - 1] == '*')
    return strncmp (word, pattern, len - 1) == 0;
  return g_str_equal (word, pattern);
}

gboolean
wc_names_treatment (const char *sentence,
                    gboolean    japanese)
{
  g_autoptr(GString) text = NULL;
  g_autofree char *lower = NULL;
  g_auto(GStrv) words = NULL;

  if (japanese)
    return contains_any (sentence, treatment_ja);

  lower = g_utf8_strdown (sentence, -1);
  text = g_string_new (lower);
  for (guint i = 0; measurement_phrases_en[i] != NULL; i++)
    g_string_replace (text, measurement_phrases_en[i], " ", 0);
  if (contains_any (text->str, treatment_phrases_en))
    return TRUE;
  words = g_regex_split_simple ("[^a-z0-9]+", text->str, 0, 0);
  for (guint i = 0; words[i] != NULL; i++)
    for (guint j = 0; treatment_en[j] != NULL; j++)
      if (*words[i] != '\0' && word_matches (words[i], treatment_en[j]))
        return TRUE;
  return FALSE;
}

gboolean
wc_is_negation (const char *sentence,
                gboolean    japanese)
{
  g_autofree char *lower = g_utf8_strdown (sentence, -1);

  return contains_any (lower, japanese ? negations_ja : negations_en);
}

gboolean
wc_is_crew_drug_framing (const char *sentence,
                         gboolean    japanese)
{
  g_autofree char *lower = g_utf8_strdown (sentence, -1);

  return contains_any (lower, japanese ? crew_framing_ja : crew_framing_en);
}

char *
wc_find_unsafe_sentence (const char *text,
                         gboolean    japanese,
                         WcAllow     allow)
{
  g_auto(GStrv) sentences = NULL;

  /* Sentences (and clauses after a colon or semicolon) are judged one by one. */
  if (japanese)
    sentences = g_regex_split_simple ("[。：；]", text, 0, 0);
  else
    sentences = g_regex_split_simple ("(\\. |; |: |\\.$)", text, 0, 0);

  for (guint i = 0; sentences[i] != NULL; i++)
    {
      const char *s = sentences[i];

      if (!wc_names_treatment (s, japanese))
        continue;
      if ((allow & WC_ALLOW_MEASURED_GATE) != 0)
        continue;
      if (wc_is_negation (s, japanese))
        continue;
      if ((allow & WC_ALLOW_CREW_DRUGS) != 0 && wc_is_crew_drug_framing (s, japanese))
        continue;
      return g_strdup (s);
    }
  return NULL;
}
