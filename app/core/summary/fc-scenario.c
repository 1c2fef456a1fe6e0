/* fc-scenario.c
 *
 * A training scenario is one JSON file in data/scenarios/ plus the FHIR Bundle it names.
 * docs/scenarios.md is the trainer's guide to the format; this comment is the reference.
 *
 * Scenario file format 2 (UTF-8 JSON; fields marked * are required):
 *
 *   {
 *     "format": 2,                                   * 1 or 2 (format 1 is below)
 *     "title": {"ja": "…", "en": "…"},               * shown in the scenario list
 *     "brief": {"ja": "…", "en": "…"},                 for the trainer: what the case teaches
 *     "today": "2026-11-20",                           the day the case is set: the record's
 *                                                      dates and the patient's age are read as
 *                                                      of this day, and shifted to the real
 *                                                      date when the record is served
 *     "patient": {                                   * what the crew sees on arrival
 *       "age_band": "70s",                             "0s", "10s", … "130s" or "unknown"
 *       "sex": "male",                                 "male", "female", "other", "unknown"
 *       "presentation": {"ja": "…", "en": "…"},        the complaint / scene, read to the crew
 *       "consent": "gives",                            "gives", "refuses" (conscious, says no:
 *                                                      nothing may be read), "unable"
 *       "record_matches": true                         false: the record served is another
 *                                                      person's (wrong-person drill)
 *     },
 *     "bundle": "bundles/NAME.json",                 * IPS-shaped FHIR Bundle, relative to
 *                                                      this file (or absolute)
 *     "card": {                                        the virtual My Number card
 *       "behaviour": "present",                        "present", "absent", "removed-after",
 *                                                      "slow", "expired", "wrong-application"
 *                                                      (not a My Number card), "error-status"
 *       "delay_ms": 1500,                              time until the card "arrives"
 *       "remove_after_bytes": 600,                     required for "removed-after"
 *       "reinsert_after_ms": 3000,                     "removed-after": the card is back on the
 *                                                      reader this long after it left (0 or
 *                                                      absent: when the trainer puts it back)
 *       "byte_delay_us": 2000,                         link time per byte (any behaviour;
 *                                                      "slow" defaults to 2000)
 *       "error_status": "6982"                         SW1SW2 for "error-status"
 *     },
 *     "network": {                                     the summary service
 *       "mode": "online",                              "online", "offline", "503", "not-found",
 *                                                      "drops-after-fetch" (the first fetch
 *                                                      works, then the network is lost)
 *       "delay_ms": 300                                latency until the answer
 *     },
 *     "measured": {                                    values revealed when the crew measures or
 *       "bgl": 32,                                     observes them. Findings: bgl (10–600 or
 *       "consciousness": "impaired",                   "LO"/"HI"), consciousness (alert,
 *       "spo2": 95, "bp": "92/60", "hr": 64,           impaired), age (0–130), head-injury,
 *       "breathing": {"ja": "…", "en": "…"}            bleeding, anaphylaxis, seizure (true,
 *     },                                               false). Vital signs: spo2 (50–100), hr
 *                                                      (20–250), rr (0–80), bp ("S/D"), temp
 *                                                      (30–43), jcs (0…300), gcs (3–15); text
 *                                                      (string or ja/en): breathing, skin, ecg,
 *                                                      pupils
 *     "expected_warnings": ["R04", "R05", "G1"],       exactly the rules the crew sees while the
 *                                                      case is played (docs/scenarios.md)
 *     "targets": [                                     what the debrief measures
 *       {"id": "contact-to-summary", "label": {"ja": "…", "en": "…"},
 *        "from": "patient-contact", "to": "summary-shown", "within_s": 90},
 *       {"id": "glucose-first", "event": "finding:glucose",
 *        "before": ["warning-acknowledged:G1", "left-scene", "handover"]},
 *       {"id": "nothing-read", "never": "card-asked"}
 *     ]
 *   }
 *
 * Format 1 is the same without "today", "patient.consent", "patient.record_matches",
 * "card.reinsert_after_ms", "card.byte_delay_us", the behaviours "slow" and "expired", the
 * network mode "drops-after-fetch" and "targets"; its "measured" takes any name with a number,
 * string or boolean, and its "expected_warnings" are "at least these".
 *
 * Defaults: card present after 0 ms, network online after 0 ms, sex and age band "unknown", the
 * patient consents and the record is theirs. Members whose name starts with "_" are comments
 * and ignored; any other unknown member is an error, so that a misspelt field never passes
 * silently; so is a member given twice.
 *
 * Positions. json-glib 1.6 does not say where a node is, so before json-glib builds the tree a
 * small scanner walks the text once and records, for every member and element, the line and
 * column of its value and of its name, keyed by the path used in messages ("card.behaviour",
 * "expected_warnings[2]"). Every error, syntax or not, is then reported at the node at fault
 * ("pilot-1.json:12:18: …"). The scanner is a strict JSON checker too, so syntax errors get our
 * own clear, translated messages and the exact place (json-glib's own position points after the
 * token that confused it). Columns count characters from 1; a tab counts one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-scenario"

#include "config.h"

#include "fc-scenario.h"

#include <stdarg.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "fc-core-enums.h"
#include "fc-timeline.h"

#define MAX_DELAY_MS      600000u
#define MAX_BYTE_DELAY_US 100000u
#define SLOW_BYTE_DELAY_US 2000u
#define MAX_DEPTH         64
#define MAX_WITHIN_S      (6u * 3600u)

typedef struct
{
  char *ja; /* (owned) (nullable) */
  char *en; /* (owned) (nullable) */
} Localised;

typedef struct
{
  guint line;
  guint column;
} Pos;

struct _FcScenario
{
  GObject                 parent_instance;

  char                   *id;            /* (owned) */
  char                   *path;          /* (owned) absolute */
  int                     format;
  Localised               title;
  Localised               brief;
  Localised               presentation;
  GDateTime              *today;         /* (owned) (nullable) */
  char                   *age_band;      /* (owned) */
  char                   *sex;           /* (owned) */
  FcScenarioConsent       consent;
  gboolean                record_matches;
  char                   *bundle_path;   /* (owned) absolute */
  FcVirtualCardBehaviour  card_behaviour;
  char                   *card_behaviour_name; /* (owned) */
  guint                   card_delay_ms;
  guint                   remove_after_bytes;
  guint                   reinsert_after_ms;
  guint                   byte_delay_us;
  gboolean                card_expired;
  guint                   card_error_status;
  char                   *network;       /* (owned) */
  guint                   fetch_delay_ms;
  GPtrArray              *measured_names; /* (owned) NULL-terminated */
  GHashTable             *measured;       /* (owned) name → value */
  GPtrArray              *revealed_names; /* (owned) NULL-terminated */
  GHashTable             *revealed;       /* (owned) name → Localised */
  GPtrArray              *expected;       /* (owned) NULL-terminated */
  GPtrArray              *targets;        /* (owned) (element-type FcScenarioTarget) */
  GHashTable             *value_pos;      /* (owned) path → Pos */
  GHashTable             *key_pos;        /* (owned) path → Pos */
};

G_DEFINE_FINAL_TYPE (FcScenario, fc_scenario, G_TYPE_OBJECT)

G_DEFINE_QUARK (fc-scenario-error-quark, fc_scenario_error)

G_DEFINE_BOXED_TYPE (FcScenarioProblem, fc_scenario_problem,
                     fc_scenario_problem_copy, fc_scenario_problem_free)

enum {
  PROP_0,
  PROP_ID,
  PROP_PATH,
  PROP_TITLE,
  PROP_BRIEF,
  PROP_PRESENTATION,
  PROP_TITLE_JA,
  PROP_TITLE_EN,
  PROP_AGE_BAND,
  PROP_SEX,
  PROP_BUNDLE_PATH,
  PROP_CARD_BEHAVIOUR,
  PROP_CARD_DELAY_MS,
  PROP_REMOVE_AFTER_BYTES,
  PROP_FETCH_DELAY_MS,
  PROP_NETWORK,
  PROP_FORMAT,
  PROP_CONSENT,
  PROP_RECORD_MATCHES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const struct {
  const char             *name;
  FcVirtualCardBehaviour  behaviour;
  int                     since_format;
} card_behaviours[] = {
  { "present", FC_VIRTUAL_CARD_PRESENT, 1 },
  { "absent", FC_VIRTUAL_CARD_ABSENT, 1 },
  { "removed-after", FC_VIRTUAL_CARD_REMOVED_AFTER, 1 },
  { "slow", FC_VIRTUAL_CARD_PRESENT, 2 },
  { "expired", FC_VIRTUAL_CARD_PRESENT, 2 },
  { "wrong-application", FC_VIRTUAL_CARD_WRONG_APPLICATION, 1 },
  { "error-status", FC_VIRTUAL_CARD_ERROR_STATUS, 1 },
};

static const char * const network_modes_v1[] = { "online", "offline", "503", "not-found", NULL };
static const char * const network_modes_v2[] = {
  "online", "offline", "503", "not-found", "drops-after-fetch", NULL
};
static const char * const sexes[] = { "male", "female", "other", "unknown", NULL };

static const struct {
  const char        *name;
  FcScenarioConsent  consent;
} consents[] = {
  { "gives", FC_SCENARIO_CONSENT_GIVES },
  { "refuses", FC_SCENARIO_CONSENT_REFUSES },
  { "unable", FC_SCENARIO_CONSENT_UNABLE },
};

typedef enum {
  MEASURED_GLUCOSE,
  MEASURED_CONSCIOUSNESS,
  MEASURED_AGE,
  MEASURED_FLAG,
  MEASURED_INT,
  MEASURED_NUMBER,
  MEASURED_BP,
  MEASURED_JCS,
  MEASURED_TEXT,
} MeasuredType;

static const struct {
  const char   *name;
  MeasuredType  type;
  int           min;
  int           max;
  gboolean      finding;
} measured_specs[] = {
  { "bgl", MEASURED_GLUCOSE, 10, 600, TRUE },
  { "consciousness", MEASURED_CONSCIOUSNESS, 0, 0, TRUE },
  { "age", MEASURED_AGE, 0, 130, TRUE },
  { "head-injury", MEASURED_FLAG, 0, 0, TRUE },
  { "bleeding", MEASURED_FLAG, 0, 0, TRUE },
  { "anaphylaxis", MEASURED_FLAG, 0, 0, TRUE },
  { "seizure", MEASURED_FLAG, 0, 0, TRUE },
  { "spo2", MEASURED_INT, 50, 100, FALSE },
  { "hr", MEASURED_INT, 20, 250, FALSE },
  { "rr", MEASURED_INT, 0, 80, FALSE },
  { "bp", MEASURED_BP, 40, 300, FALSE },
  { "temp", MEASURED_NUMBER, 30, 43, FALSE },
  { "jcs", MEASURED_JCS, 0, 300, FALSE },
  { "gcs", MEASURED_INT, 3, 15, FALSE },
  { "breathing", MEASURED_TEXT, 0, 0, FALSE },
  { "skin", MEASURED_TEXT, 0, 0, FALSE },
  { "ecg", MEASURED_TEXT, 0, 0, FALSE },
  { "pupils", MEASURED_TEXT, 0, 0, FALSE },
};

static const char * const jcs_values[] = {
  "0", "1", "2", "3", "10", "20", "30", "100", "200", "300", NULL
};

/* Event kinds a target may refer to. */
static const char * const event_kinds[] = {
  FC_EVENT_INCIDENT_STARTED, FC_EVENT_CALL_RECEIVED, FC_EVENT_DISPATCHED, FC_EVENT_EN_ROUTE,
  FC_EVENT_ARRIVED_SCENE, FC_EVENT_PATIENT_CONTACT, FC_EVENT_PATIENT_LOADED,
  FC_EVENT_LEFT_SCENE, FC_EVENT_ARRIVED_HOSPITAL, FC_EVENT_TRANSFER_OF_CARE,
  FC_EVENT_BACK_IN_SERVICE, FC_EVENT_HOSPITAL_CALL_START, FC_EVENT_HOSPITAL_CALL_END,
  FC_EVENT_CARD_PRESENT, FC_EVENT_WRONG_PERSON, FC_EVENT_CONSENT, FC_EVENT_CARD_ASKED,
  FC_EVENT_CARD_DETECTED, FC_EVENT_CARD_READ, FC_EVENT_FETCH_STARTED, FC_EVENT_FETCH_DONE,
  FC_EVENT_SUMMARY_SHOWN, FC_EVENT_FINDING, FC_EVENT_WARNING_ACK, FC_EVENT_FAILURE,
  FC_EVENT_HANDOVER, FC_EVENT_TRAINING_PAUSED, FC_EVENT_TRAINING_RESUMED,
  FC_EVENT_TRAINING_FAULT, FC_EVENT_TRAINING_REVEAL, NULL
};

static void
localised_clear (Localised *l)
{
  g_clear_pointer (&l->ja, g_free);
  g_clear_pointer (&l->en, g_free);
}

static void
localised_free (Localised *l)
{
  localised_clear (l);
  g_free (l);
}

/* Whether the UI language is Japanese: the first entry of g_get_language_names() that is not the
 * C locale starts with "ja". */
static gboolean
ui_is_japanese (void)
{
  const char * const *names = g_get_language_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *name = names[i];

      if (g_str_equal (name, "C") || g_str_has_prefix (name, "C.") || g_str_equal (name, "POSIX"))
        continue;
      return g_str_has_prefix (name, "ja");
    }

  return FALSE;
}

static const char *
localised_pick (const Localised *l)
{
  if (ui_is_japanese ())
    return l->ja != NULL ? l->ja : l->en;
  return l->en != NULL ? l->en : l->ja;
}

static void
target_free (FcScenarioTarget *target)
{
  g_free (target->id);
  g_free (target->label_ja);
  g_free (target->label_en);
  g_free (target->from);
  g_free (target->to);
  g_free (target->event);
  g_strfreev (target->before);
  g_free (target);
}

/* Problems */

FcScenarioProblem *
fc_scenario_problem_new (const char *file,
                         guint       line,
                         guint       column,
                         const char *message)
{
  FcScenarioProblem *problem;

  g_return_val_if_fail (file != NULL, NULL);
  g_return_val_if_fail (message != NULL, NULL);

  problem = g_new0 (FcScenarioProblem, 1);
  problem->file = g_strdup (file);
  problem->line = line;
  problem->column = column;
  problem->message = g_strdup (message);
  return problem;
}

FcScenarioProblem *
fc_scenario_problem_copy (const FcScenarioProblem *problem)
{
  g_return_val_if_fail (problem != NULL, NULL);

  return fc_scenario_problem_new (problem->file, problem->line, problem->column,
                                  problem->message);
}

void
fc_scenario_problem_free (FcScenarioProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->file);
  g_free (problem->message);
  g_free (problem);
}

char *
fc_scenario_problem_to_string (const FcScenarioProblem *problem)
{
  g_return_val_if_fail (problem != NULL, NULL);

  if (problem->line == 0)
    return g_strdup_printf ("%s: %s", problem->file, problem->message);
  return g_strdup_printf ("%s:%u:%u: %s", problem->file, problem->line, problem->column,
                          problem->message);
}

/* The position scanner (see the top of the file) */

typedef struct
{
  const char *p;
  const char *end;
  guint       line;
  guint       column;
  guint       depth;
  GHashTable *values;         /* (unowned) path → Pos */
  GHashTable *keys;           /* (unowned) path → Pos */
  char       *message;        /* (owned) (nullable): the first syntax error */
  Pos         error_pos;
  char       *duplicate;      /* (owned) (nullable): path of the first member given twice */
} Scanner;

static inline char
scan_peek (Scanner *s)
{
  return s->p < s->end ? *s->p : '\0';
}

/* Consumes one byte. Columns count characters: continuation bytes of UTF-8 do not count. */
static void
scan_advance (Scanner *s)
{
  guchar byte;

  if (s->p >= s->end)
    return;
  byte = (guchar) *s->p++;
  if (byte == '\n')
    {
      s->line++;
      s->column = 1;
    }
  else if ((byte & 0xc0) != 0x80)
    {
      s->column++;
    }
}

static Pos
scan_pos (Scanner *s)
{
  Pos pos = { s->line, s->column };

  return pos;
}

G_GNUC_PRINTF (3, 4)
static gboolean
scan_fail (Scanner    *s,
           Pos         pos,
           const char *format,
           ...)
{
  va_list args;

  if (s->message != NULL)
    return FALSE;
  va_start (args, format);
  s->message = g_strdup_vprintf (format, args);
  va_end (args);
  s->error_pos = pos;
  return FALSE;
}

static void
scan_record (GHashTable *table,
             const char *path,
             Pos         pos)
{
  Pos *stored = g_new (Pos, 1);

  *stored = pos;
  g_hash_table_replace (table, g_strdup (path), stored);
}

static void
scan_whitespace (Scanner *s)
{
  for (;;)
    {
      char c = scan_peek (s);

      if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
        return;
      scan_advance (s);
    }
}

static int
scan_hex4 (Scanner *s)
{
  int value = 0;

  for (int i = 0; i < 4; i++)
    {
      char c = scan_peek (s);

      if (!g_ascii_isxdigit (c))
        return -1;
      value = value * 16 + g_ascii_xdigit_value (c);
      scan_advance (s);
    }
  return value;
}

/* A string; its text goes to @out (nullable). */
static gboolean
scan_string (Scanner *s,
             GString *out)
{
  Pos start = scan_pos (s);

  scan_advance (s); /* the opening quote */
  for (;;)
    {
      guchar c;

      if (s->p >= s->end)
        return scan_fail (s, start, _("this string is not closed (a double quote is missing)"));
      c = (guchar) *s->p;
      if (c == '"')
        {
          scan_advance (s);
          return TRUE;
        }
      if (c < 0x20)
        return scan_fail (s, scan_pos (s),
                          _("a line break or control character inside a string (close the "
                            "string, or write \\n)"));
      if (c == '\\')
        {
          Pos escape = scan_pos (s);
          char e;

          scan_advance (s);
          e = scan_peek (s);
          switch (e)
            {
            case '"': case '\\': case '/':
              if (out != NULL)
                g_string_append_c (out, e);
              scan_advance (s);
              break;
            case 'b': case 'f': case 'n': case 'r': case 't':
              if (out != NULL)
                g_string_append_c (out, e == 'b' ? '\b' : e == 'f' ? '\f' : e == 'n' ? '\n'
                                        : e == 'r' ? '\r' : '\t');
              scan_advance (s);
              break;
            case 'u':
              {
                int unit;
                gunichar ch;

                scan_advance (s);
                unit = scan_hex4 (s);
                if (unit < 0)
                  return scan_fail (s, escape, _("“\\u” must be followed by four hex digits"));
                ch = (gunichar) unit;
                if (unit >= 0xd800 && unit <= 0xdbff && s->end - s->p >= 6
                    && s->p[0] == '\\' && s->p[1] == 'u')
                  {
                    int low;

                    scan_advance (s);
                    scan_advance (s);
                    low = scan_hex4 (s);
                    if (low < 0xdc00 || low > 0xdfff)
                      return scan_fail (s, escape, _("a broken surrogate pair in “\\u” escapes"));
                    ch = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
                  }
                if (out != NULL)
                  g_string_append_unichar (out, g_unichar_validate (ch) ? ch : 0xfffd);
              }
              break;
            default:
              return scan_fail (s, escape, _("unknown escape “\\%c” in a string"),
                                g_ascii_isprint (e) ? e : '?');
            }
          continue;
        }
      if (out != NULL)
        g_string_append_c (out, (char) c);
      scan_advance (s);
    }
}

static gboolean
scan_digits (Scanner *s)
{
  if (!g_ascii_isdigit (scan_peek (s)))
    return FALSE;
  while (g_ascii_isdigit (scan_peek (s)))
    scan_advance (s);
  return TRUE;
}

static gboolean
scan_number (Scanner *s)
{
  Pos start = scan_pos (s);

  if (scan_peek (s) == '-')
    scan_advance (s);
  if (scan_peek (s) == '0')
    {
      scan_advance (s);
      if (g_ascii_isdigit (scan_peek (s)))
        return scan_fail (s, start, _("a number must not start with 0 (write 7, not 07)"));
    }
  else if (!scan_digits (s))
    {
      return scan_fail (s, start, _("this is not a number"));
    }
  if (scan_peek (s) == '.')
    {
      scan_advance (s);
      if (!scan_digits (s))
        return scan_fail (s, start, _("a decimal point must be followed by digits"));
    }
  if (scan_peek (s) == 'e' || scan_peek (s) == 'E')
    {
      scan_advance (s);
      if (scan_peek (s) == '+' || scan_peek (s) == '-')
        scan_advance (s);
      if (!scan_digits (s))
        return scan_fail (s, start, _("an exponent must have digits"));
    }
  return TRUE;
}

static gboolean
scan_literal (Scanner *s)
{
  static const char * const literals[] = { "true", "false", "null" };
  Pos start = scan_pos (s);

  for (guint i = 0; i < G_N_ELEMENTS (literals); i++)
    {
      gsize len = strlen (literals[i]);

      if ((gsize) (s->end - s->p) >= len && memcmp (s->p, literals[i], len) == 0
          && !g_ascii_isalnum (s->p + len < s->end ? s->p[len] : ' '))
        {
          for (gsize j = 0; j < len; j++)
            scan_advance (s);
          return TRUE;
        }
    }
  return scan_fail (s, start,
                    _("expected a value: an object, a list, a string in double quotes, a "
                      "number, true, false or null"));
}

static char *
join_path (const char *parent,
           const char *member)
{
  if (parent == NULL || *parent == '\0')
    return g_strdup (member);
  return g_strdup_printf ("%s.%s", parent, member);
}

static gboolean scan_value (Scanner    *s,
                            const char *path);

static gboolean
scan_object (Scanner    *s,
             const char *path)
{
  scan_advance (s); /* { */
  scan_whitespace (s);
  if (scan_peek (s) == '}')
    {
      scan_advance (s);
      return TRUE;
    }

  for (;;)
    {
      g_autoptr(GString) key = g_string_new (NULL);
      g_autofree char *child = NULL;
      Pos key_pos;

      scan_whitespace (s);
      key_pos = scan_pos (s);
      if (scan_peek (s) == '}')
        return scan_fail (s, key_pos, _("a comma before “}”: remove the comma after the last "
                                        "member"));
      if (scan_peek (s) != '"')
        return scan_fail (s, key_pos, s->p >= s->end
                          ? _("the file ends inside an object (a “}” is missing)")
                          : _("expected a member name in double quotes"));
      if (!scan_string (s, key))
        return FALSE;

      child = join_path (path, key->str);
      if (g_hash_table_contains (s->keys, child) && s->duplicate == NULL && key->str[0] != '_')
        s->duplicate = g_strdup (child);
      scan_record (s->keys, child, key_pos);

      scan_whitespace (s);
      if (scan_peek (s) != ':')
        return scan_fail (s, scan_pos (s), _("expected “:” after the member name “%s”"),
                          key->str);
      scan_advance (s);
      if (!scan_value (s, child))
        return FALSE;

      scan_whitespace (s);
      if (scan_peek (s) == ',')
        {
          scan_advance (s);
          continue;
        }
      if (scan_peek (s) == '}')
        {
          scan_advance (s);
          return TRUE;
        }
      return scan_fail (s, scan_pos (s), s->p >= s->end
                        ? _("the file ends inside an object (a “}” is missing)")
                        : _("expected “,” or “}” after the value of “%s” (is a comma missing?)"),
                        key->str);
    }
}

static gboolean
scan_array (Scanner    *s,
            const char *path)
{
  guint index = 0;

  scan_advance (s); /* [ */
  scan_whitespace (s);
  if (scan_peek (s) == ']')
    {
      scan_advance (s);
      return TRUE;
    }

  for (;;)
    {
      g_autofree char *child = g_strdup_printf ("%s[%u]", path, index++);

      scan_whitespace (s);
      if (scan_peek (s) == ']')
        return scan_fail (s, scan_pos (s), _("a comma before “]”: remove the comma after the "
                                             "last element"));
      if (!scan_value (s, child))
        return FALSE;

      scan_whitespace (s);
      if (scan_peek (s) == ',')
        {
          scan_advance (s);
          continue;
        }
      if (scan_peek (s) == ']')
        {
          scan_advance (s);
          return TRUE;
        }
      return scan_fail (s, scan_pos (s), s->p >= s->end
                        ? _("the file ends inside a list (a “]” is missing)")
                        : _("expected “,” or “]” after a list element (is a comma missing?)"));
    }
}

static gboolean
scan_value (Scanner    *s,
            const char *path)
{
  gboolean ok;
  char c;

  scan_whitespace (s);
  scan_record (s->values, path, scan_pos (s));

  c = scan_peek (s);
  if (s->p >= s->end)
    return scan_fail (s, scan_pos (s), _("the file ends where a value is expected"));

  if (c == '{' || c == '[')
    {
      if (++s->depth > MAX_DEPTH)
        return scan_fail (s, scan_pos (s), _("the objects and lists are nested too deeply"));
      ok = c == '{' ? scan_object (s, path) : scan_array (s, path);
      s->depth--;
      return ok;
    }
  if (c == '"')
    return scan_string (s, NULL);
  if (c == '-' || g_ascii_isdigit (c))
    return scan_number (s);
  return scan_literal (s);
}

/* Scans the whole document; on a syntax error *message (owned) and *pos say what and where. */
static gboolean
scan_document (const char  *text,
               gsize        length,
               GHashTable  *values,
               GHashTable  *keys,
               char       **duplicate,
               char       **message,
               Pos         *pos)
{
  Scanner s = { 0 };
  const char *invalid = NULL;

  s.p = text;
  s.end = text + length;
  s.line = 1;
  s.column = 1;
  s.values = values;
  s.keys = keys;

  if (!g_utf8_validate_len (text, length, &invalid))
    {
      s.end = invalid;
      while (s.p < s.end)
        scan_advance (&s);
      scan_fail (&s, scan_pos (&s), _("the text is not valid UTF-8 (save the file as UTF-8)"));
    }
  else
    {
      scan_whitespace (&s);
      if (s.p >= s.end)
        scan_fail (&s, scan_pos (&s), _("the file is empty"));
      else if (scan_value (&s, ""))
        {
          scan_whitespace (&s);
          if (s.p < s.end)
            scan_fail (&s, scan_pos (&s),
                       _("more text after the end of the document (one object per file)"));
        }
    }

  *duplicate = g_steal_pointer (&s.duplicate);
  *pos = s.error_pos;
  *message = g_steal_pointer (&s.message);
  return *message == NULL;
}

/* The loader */

typedef struct
{
  FcScenario *self;
  const char *file;      /* base name, for the GError message */
  int         format;
  /* The problem (out). */
  guint       line;
  guint       column;
  char       *message;   /* (owned) (nullable) */
} Loader;

static gboolean
lookup_position (GHashTable *values,
                 GHashTable *keys,
                 const char *path,
                 gboolean    at_key,
                 Pos        *out)
{
  g_autofree char *current = g_strdup (path != NULL ? path : "");
  Pos *found;

  if (at_key && keys != NULL && (found = g_hash_table_lookup (keys, current)) != NULL)
    {
      *out = *found;
      return TRUE;
    }

  for (;;)
    {
      char *cut;

      if (values != NULL && (found = g_hash_table_lookup (values, current)) != NULL)
        {
          *out = *found;
          return TRUE;
        }
      if (*current == '\0')
        break;

      /* Up one level: "a.b[2]" → "a.b" → "a" → "". */
      cut = strrchr (current, '[');
      if (cut == NULL || strchr (cut, '.') != NULL)
        cut = strrchr (current, '.');
      if (cut == NULL)
        cut = current;
      *cut = '\0';
    }

  out->line = 0;
  out->column = 0;
  return FALSE;
}

/* Fails with FC_SCENARIO_ERROR @code at the node @path (its name when @at_key): the GError says
 * "FILE:LINE:COLUMN: MESSAGE" and the loader keeps the parts. */
G_GNUC_PRINTF (6, 7)
static gboolean
fail_at (Loader          *ld,
         GError         **error,
         FcScenarioError  code,
         const char      *path,
         gboolean         at_key,
         const char      *format,
         ...)
{
  g_autofree char *message = NULL;
  Pos pos;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  lookup_position (ld->self->value_pos, ld->self->key_pos, path, at_key, &pos);
  ld->line = pos.line;
  ld->column = pos.column;
  g_free (ld->message);
  ld->message = g_strdup (message);

  if (pos.line > 0)
    g_set_error (error, FC_SCENARIO_ERROR, code, "%s:%u:%u: %s", ld->file, pos.line,
                 pos.column, message);
  else
    g_set_error (error, FC_SCENARIO_ERROR, code, "%s: %s", ld->file, message);
  return FALSE;
}

/* Fails when @object (at @path) has a member that is not in @allowed (NULL-terminated) and does
 * not start with "_". */
static gboolean
check_members (Loader             *ld,
               JsonObject         *object,
               const char         *path,
               const char * const *allowed,
               GError            **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      g_autofree char *field = NULL;

      if (name[0] == '_' || g_strv_contains (allowed, name))
        continue;
      field = join_path (path, name);
      return fail_at (ld, error, FC_SCENARIO_ERROR_INVALID, field, TRUE,
                      _("unknown field “%s”"), field);
    }

  return TRUE;
}

/* Reads an optional string member into @out (unchanged when absent). */
static gboolean
get_string (Loader      *ld,
            JsonObject  *object,
            const char  *path,
            const char  *member,
            gboolean     required,
            const char **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autofree char *field = join_path (path, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        return fail_at (ld, error, FC_SCENARIO_ERROR_INVALID, path, FALSE,
                        _("“%s” is missing"), field);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING
      || *json_node_get_string (node) == '\0')
    return fail_at (ld, error, FC_SCENARIO_ERROR_INVALID, field, FALSE,
                    _("“%s” must be a non-empty string"), field);

  *out = json_node_get_string (node);
  return TRUE;
}

/* Reads an optional object member; *out is NULL when absent. */
static gboolean
get_object (Loader      *ld,
            JsonObject  *object,
            const char  *path,
            const char  *member,
            gboolean     required,
            JsonObject **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autofree char *field = join_path (path, member);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        return fail_at (ld, error, FC_SCENARIO_ERROR_INVALID, path, FALSE,
                        _("“%s” is missing"), field);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail_at (ld, error, FC_SCENARIO_ERROR_INVALID, field, FALSE,
                    _("“%s” must be an object"), field);

  *out = json_node_get_object (node);
  return TRUE;
}

/* Reads an optional whole number in 0…@max into @out (unchanged when absent). */
static gboolean
get_uint (Loader      *ld,
          JsonObject  *object,
          const char  *path,
          const char  *member,
          guint        max,
          guint       *out,
          GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autofree char *field = join_path (path, member);
  gint64 value;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return fail_at (ld, error, FC_SCENARIO_ERROR_INVALID, field, FALSE,
                    _("“%s” must be a whole number between 0 and %u"), field, max);

  value = json_node_get_int (node);
  if (value < 0 || value > (gint64) max)
    return fail_at (ld, error, FC_SCENARIO_ERROR_INVALID, field, FALSE,
                    _("“%s” must be a whole number between 0 and %u"), field, max);

  *out = (guint) value;
  return TRUE;
}

/* Reads an optional boolean member into @out (unchanged when absent). */
static gboolean
get_boolean (Loader      *ld,
             JsonObject  *object,
             const char  *path,
             const char  *member,
             gboolean    *out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autofree char *field = join_path (path, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fail_at (ld, error, FC_SCENARIO_ERROR_INVALID, field, FALSE,
                    _("“%s” must be true or false"), field);
  *out = json_node_get_boolean (node);
  return TRUE;
}

/* Reads a {"ja": …, "en": …} node at @field; at least one language. */
static gboolean
read_localised_node (Loader     *ld,
                     JsonNode   *node,
                     const char *field,
                     Localised  *out,
                     GError    **error)
{
  static const char * const languages[] = { "ja", "en", NULL };
  JsonObject *localised;
  const char *ja = NULL;
  const char *en = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail_at (ld, error, FC_SCENARIO_ERROR_INVALID, field, FALSE,
                    _("“%s” must be an object with “ja” and “en” text"), field);
  localised = json_node_get_object (node);

  if (!check_members (ld, localised, field, languages, error)
      || !get_string (ld, localised, field, "ja", FALSE, &ja, error)
      || !get_string (ld, localised, field, "en", FALSE, &en, error))
    return FALSE;

  if (ja == NULL && en == NULL)
    return fail_at (ld, error, FC_SCENARIO_ERROR_INVALID, field, FALSE,
                    _("“%s” needs Japanese (“ja”) or English (“en”) text"), field);

  out->ja = g_strdup (ja);
  out->en = g_strdup (en);
  return TRUE;
}

/* Reads an optional localised member. */
static gboolean
get_localised (Loader      *ld,
               JsonObject  *object,
               const char  *path,
               const char  *member,
               gboolean     required,
               Localised   *out,
               GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autofree char *field = join_path (path, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        return fail_at (ld, error, FC_SCENARIO_ERROR_INVALID, path, FALSE,
                        _("“%s” is missing"), field);
      return TRUE;
    }
  return read_localised_node (ld, node, field, out, error);
}

static gboolean
age_band_is_valid (const char *band)
{
  gsize len = strlen (band);
  guint64 value;
  char *end = NULL;

  if (g_str_equal (band, "unknown"))
    return TRUE;
  if (len < 2 || len > 4 || band[len - 1] != 's' || !g_ascii_isdigit (band[0]))
    return FALSE;

  value = g_ascii_strtoull (band, &end, 10);
  return end == band + len - 1 && value % 10 == 0 && value <= 130
         && (band[0] != '0' || len == 2);
}

/* A format 1 measured value as text: numbers as written, strings as they are, booleans as
 * yes/no. */
static char *
measured_value_v1 (JsonNode *node)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

    case G_TYPE_DOUBLE:
      return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.15g", json_node_get_double (node)));

    case G_TYPE_STRING:
      return *json_node_get_string (node) != '\0' ? g_strdup (json_node_get_string (node)) : NULL;

    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "yes" : "no");

    default:
      return NULL;
    }
}

static gboolean
rule_id_is_valid (const char *id)
{
  gsize len = strlen (id);

  /* "R04" and the measured-glucose rules "G0", "G1A". */
  if (len == 3 && id[0] == 'R' && g_ascii_isdigit (id[1]) && g_ascii_isdigit (id[2]))
    return TRUE;
  return len >= 2 && len <= 4 && id[0] == 'G' && g_ascii_isdigit (id[1])
         && (len < 3 || g_ascii_isalpha (id[2])) && (len < 4 || g_ascii_isalpha (id[3]));
}

/* Parses "YYYY-MM-DD" as local noon; NULL when malformed. */
static GDateTime *
parse_day (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, "-", -1);
  guint64 year = 0;
  guint64 month = 0;
  guint64 day = 0;

  if (g_strv_length (parts) != 3 || strlen (parts[0]) != 4 || strlen (parts[1]) != 2
      || strlen (parts[2]) != 2
      || !g_ascii_string_to_unsigned (parts[0], 10, 1900, 9999, &year, NULL)
      || !g_ascii_string_to_unsigned (parts[1], 10, 1, 12, &month, NULL)
      || !g_ascii_string_to_unsigned (parts[2], 10, 1, 31, &day, NULL))
    return NULL;
  return g_date_time_new_local ((int) year, (int) month, (int) day, 12, 0, 0);
}

static gboolean
read_card (Loader      *ld,
           JsonObject  *card,
           GError     **error)
{
  static const char * const members_v1[] = {
    "behaviour", "delay_ms", "remove_after_bytes", "error_status", NULL
  };
  static const char * const members_v2[] = {
    "behaviour", "delay_ms", "remove_after_bytes", "reinsert_after_ms", "byte_delay_us",
    "error_status", NULL
  };
  FcScenario *self = ld->self;
  const char *behaviour = NULL;
  gboolean found = FALSE;
  JsonNode *status;

  if (card == NULL)
    return TRUE;

  if (!check_members (ld, card, "card", ld->format >= 2 ? members_v2 : members_v1, error)
      || !get_string (ld, card, "card", "behaviour", FALSE, &behaviour, error)
      || !get_uint (ld, card, "card", "delay_ms", MAX_DELAY_MS, &self->card_delay_ms, error)
      || !get_uint (ld, card, "card", "remove_after_bytes", 65535, &self->remove_after_bytes,
                    error)
      || !get_uint (ld, card, "card", "reinsert_after_ms", MAX_DELAY_MS,
                    &self->reinsert_after_ms, error)
      || !get_uint (ld, card, "card", "byte_delay_us", MAX_BYTE_DELAY_US, &self->byte_delay_us,
                    error))
    return FALSE;

  if (behaviour != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (card_behaviours); i++)
        {
          if (card_behaviours[i].since_format <= ld->format
              && g_str_equal (behaviour, card_behaviours[i].name))
            {
              self->card_behaviour = card_behaviours[i].behaviour;
              g_free (self->card_behaviour_name);
              self->card_behaviour_name = g_strdup (behaviour);
              found = TRUE;
            }
        }
      if (!found)
        return fail_at (ld, error, FC_SCENARIO_ERROR_INVALID, "card.behaviour", FALSE,
                        _("“%s” must be one of: %s"), "card.behaviour",
                        ld->format >= 2
                        ? "present, absent, removed-after, slow, expired, wrong-application, "
                          "error-status"
                        : "present, absent, removed-after, wrong-application, error-status");
    }

  if (self->card_behaviour == FC_VIRTUAL_CARD_REMOVED_AFTER
      && !json_object_has_member (card, "remove_after_bytes"))
    return fail_at (ld, error, FC_SCENARIO_ERROR_INVALID, "card", FALSE,
                    _("“%s” is needed when the card behaviour is “removed-after”"),
                    "card.remove_after_bytes");
  /* The card answers both SELECTs (2 bytes each) before it can be seen to leave. */
  if (ld->format >= 2 && self->card_behaviour == FC_VIRTUAL_CARD_REMOVED_AFTER
      && self->remove_after_bytes < 4)
    return fail_at (ld, error, FC_SCENARIO_ERROR_INVALID, "card.remove_after_bytes", FALSE,
                    _("“%s” must be at least 4 (the card answers the selection first)"),
                    "card.remove_after_bytes");

  if (g_str_equal (self->card_behaviour_name, "slow") && self->byte_delay_us == 0)
    {
      if (json_object_has_member (card, "byte_delay_us"))
        return fail_at (ld, error, FC_SCENARIO_ERROR_INVALID, "card.byte_delay_us", FALSE,
                        _("a “slow” card needs “%s” above 0"), "card.byte_delay_us");
      self->byte_delay_us = SLOW_BYTE_DELAY_US;
    }
  self->card_expired = g_str_equal (self->card_behaviour_name, "expired");

  status = json_object_get_member (card, "error_status");
  if (status != NULL && !JSON_NODE_HOLDS_NULL (status))
    {
      guint64 value = G_MAXUINT64;

      if (JSON_NODE_HOLDS_VALUE (status) && json_node_get_value_type (status) == G_TYPE_INT64
          && json_node_get_int (status) >= 0)
        {
          value = (guint64) json_node_get_int (status);
        }
      else if (JSON_NODE_HOLDS_VALUE (status)
               && json_node_get_value_type (status) == G_TYPE_STRING)
        {
          const char *text = json_node_get_string (status);
          char *end = NULL;

          if (g_str_has_prefix (text, "0x") || g_str_has_prefix (text, "0X"))
            text += 2;
          if (strlen (text) == 4)
            {
              value = g_ascii_strtoull (text, &end, 16);
              if (end == NULL || *end != '\0')
                value = G_MAXUINT64;
            }
        }

      if (value > 0xFFFF)
        return fail_at (ld, error, FC_SCENARIO_ERROR_INVALID, "card.error_status", FALSE,
                        _("“%s” must be a status word such as “6982”"), "card.error_status");
      self->card_error_status = (guint) value;
    }

  return TRUE;
}

static gboolean
read_network (Loader      *ld,
              JsonObject  *network,
              GError     **error)
{
  static const char * const members[] = { "mode", "delay_ms", NULL };
  FcScenario *self = ld->self;
  const char * const *modes = ld->format >= 2 ? network_modes_v2 : network_modes_v1;
  const char *mode = NULL;

  if (network == NULL)
    return TRUE;

  if (!check_members (ld, network, "network", members, error)
      || !get_string (ld, network, "network", "mode", FALSE, &mode, error)
      || !get_uint (ld, network, "network", "delay_ms", MAX_DELAY_MS, &self->fetch_delay_ms,
                    error))
    return FALSE;

  if (mode != NULL)
    {
      if (!g_strv_contains (modes, mode))
        {
          g_autofree char *list = g_strjoinv (", ", (char **) modes);

          return fail_at (ld, error, FC_SCENARIO_ERROR_INVALID, "network.mode", FALSE,
                          _("“%s” must be one of: %s"), "network.mode", list);
        }
      g_free (self->network);
      self->network = g_strdup (mode);
    }

  return TRUE;
}

static void
add_revealed (FcScenario *self,
              const char *name,
              const char *ja,
              const char *en,
              gboolean    finding)
{
  Localised *value = g_new0 (Localised, 1);

  value->ja = g_strdup (ja);
  value->en = g_strdup (en != NULL ? en : ja);
  if (value->ja == NULL)
    value->ja = g_strdup (en);

  if (!g_hash_table_contains (self->revealed, name))
    g_ptr_array_insert (self->revealed_names, self->revealed_names->len - 1, g_strdup (name));
  g_hash_table_replace (self->revealed, g_strdup (name), value);

  if (finding)
    {
      if (!g_hash_table_contains (self->measured, name))
        g_ptr_array_insert (self->measured_names, self->measured_names->len - 1, g_strdup (name));
      g_hash_table_replace (self->measured, g_strdup (name), g_strdup (value->en));
    }
}

static int
measured_spec (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (measured_specs); i++)
    if (g_str_equal (measured_specs[i].name, name))
      return (int) i;
  return -1;
}

gboolean
fc_scenario_is_finding_name (const char *name)
{
  int spec;

  g_return_val_if_fail (name != NULL, FALSE);

  spec = measured_spec (name);
  return spec >= 0 && measured_specs[spec].finding;
}

static gboolean
node_is_type (JsonNode *node,
              GType     type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

/* Reads one format 2 measured value: checked by its kind, stored as text. */
static gboolean
read_measured_v2 (Loader      *ld,
                  const char  *name,
                  JsonNode    *node,
                  GError     **error)
{
  FcScenario *self = ld->self;
  g_autofree char *field = g_strdup_printf ("measured.%s", name);
  g_autofree char *text = NULL;
  int index = measured_spec (name);
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (index < 0)
    return fail_at (ld, error, FC_SCENARIO_ERROR_INVALID, field, TRUE,
                    _("unknown measured value “%s” (findings: bgl, consciousness, age, "
                      "head-injury, bleeding, anaphylaxis, seizure; vital signs: spo2, hr, rr, "
                      "bp, temp, jcs, gcs, breathing, skin, ecg, pupils)"), name);

  switch (measured_specs[index].type)
    {
    case MEASURED_GLUCOSE:
      if (node_is_type (node, G_TYPE_INT64))
        {
          gint64 value = json_node_get_int (node);

          if (value < measured_specs[index].min || value > measured_specs[index].max)
            return fail_at (ld, error, FC_SCENARIO_ERROR_INVALID, field, FALSE,
                            _("“%s” must be %d–%d mg/dL; a meter shows “LO” or “HI” outside"),
                            field, measured_specs[index].min, measured_specs[index].max);
          text = g_strdup_printf ("%" G_GINT64_FORMAT, value);
        }
      else if (node_is_type (node, G_TYPE_STRING)
               && (g_ascii_strcasecmp (json_node_get_string (node), "LO") == 0
                   || g_ascii_strcasecmp (json_node_get_string (node), "HI") == 0))
        {
          text = g_ascii_strup (json_node_get_string (node), -1);
        }
      else
        {
          return fail_at (ld, error, FC_SCENARIO_ERROR_INVALID, field, FALSE,
                          _("“%s” must be a number of mg/dL, “LO” or “HI”"), field);
        }
      break;

    case MEASURED_CONSCIOUSNESS:
      if (!node_is_type (node, G_TYPE_STRING)
          || (!g_str_equal (json_node_get_string (node), "alert")
              && !g_str_equal (json_node_get_string (node), "impaired")))
        return fail_at (ld, error, FC_SCENARIO_ERROR_INVALID, field, FALSE,
                        _("“%s” must be one of: %s"), field, "alert, impaired");
      text = g_strdup (json_node_get_string (node));
      break;

    case MEASURED_FLAG:
      if (node_is_type (node, G_TYPE_BOOLEAN))
        text = g_strdup (json_node_get_boolean (node) ? "yes" : "no");
      else if (node_is_type (node, G_TYPE_STRING)
               && (g_str_equal (json_node_get_string (node), "yes")
                   || g_str_equal (json_node_get_string (node), "no")))
        text = g_strdup (json_node_get_string (node));
      else
        return fail_at (ld, error, FC_SCENARIO_ERROR_INVALID, field, FALSE,
                        _("“%s” must be true or false"), field);
      break;

    case MEASURED_AGE:
    case MEASURED_INT:
      if (!node_is_type (node, G_TYPE_INT64) || json_node_get_int (node) < measured_specs[index].min
          || json_node_get_int (node) > measured_specs[index].max)
        return fail_at (ld, error, FC_SCENARIO_ERROR_INVALID, field, FALSE,
                        _("“%s” must be a whole number between %d and %d"), field,
                        measured_specs[index].min, measured_specs[index].max);
      text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      break;

    case MEASURED_NUMBER:
      {
        double value;

        if (node_is_type (node, G_TYPE_INT64))
          value = (double) json_node_get_int (node);
        else if (node_is_type (node, G_TYPE_DOUBLE))
          value = json_node_get_double (node);
        else
          value = -1;
        if (value < measured_specs[index].min || value > measured_specs[index].max)
          return fail_at (ld, error, FC_SCENARIO_ERROR_INVALID, field, FALSE,
                          _("“%s” must be a number between %d and %d"), field,
                          measured_specs[index].min, measured_specs[index].max);
        text = g_strdup (g_ascii_formatd (buf, sizeof buf, "%.1f", value));
      }
      break;

    case MEASURED_BP:
      {
        g_auto(GStrv) parts = NULL;
        guint64 systolic = 0;
        guint64 diastolic = 0;

        if (node_is_type (node, G_TYPE_STRING))
          parts = g_strsplit (json_node_get_string (node), "/", -1);
        if (parts == NULL || g_strv_length (parts) != 2
            || !g_ascii_string_to_unsigned (parts[0], 10, 40, 300, &systolic, NULL)
            || !g_ascii_string_to_unsigned (parts[1], 10, 10, 200, &diastolic, NULL)
            || diastolic >= systolic)
          return fail_at (ld, error, FC_SCENARIO_ERROR_INVALID, field, FALSE,
                          _("“%s” must be systolic/diastolic in mmHg, such as “92/60”"), field);
        text = g_strdup_printf ("%" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT, systolic, diastolic);
      }
      break;

    case MEASURED_JCS:
      if (node_is_type (node, G_TYPE_INT64))
        text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      else if (node_is_type (node, G_TYPE_STRING))
        text = g_strdup (json_node_get_string (node));
      if (text == NULL || !g_strv_contains (jcs_values, text))
        return fail_at (ld, error, FC_SCENARIO_ERROR_INVALID, field, FALSE,
                        _("“%s” must be a JCS level: 0, 1, 2, 3, 10, 20, 30, 100, 200 or 300"),
                        field);
      break;

    case MEASURED_TEXT:
      if (node_is_type (node, G_TYPE_STRING) && *json_node_get_string (node) != '\0')
        {
          add_revealed (self, name, json_node_get_string (node), NULL, FALSE);
          return TRUE;
        }
      else
        {
          Localised value = { NULL, NULL };
          gboolean ok = read_localised_node (ld, node, field, &value, error);

          if (ok)
            add_revealed (self, name, value.ja, value.en, FALSE);
          localised_clear (&value);
          return ok;
        }

    default:
      g_assert_not_reached ();
    }

  add_revealed (self, name, text, NULL, measured_specs[index].finding);
  return TRUE;
}

static gboolean
read_measured (Loader      *ld,
               JsonObject  *root,
               GError     **error)
{
  FcScenario *self = ld->self;
  g_autoptr(GList) members = NULL;
  JsonObject *measured = NULL;

  if (!get_object (ld, root, "", "measured", FALSE, &measured, error))
    return FALSE;
  if (measured == NULL)
    return TRUE;

  members = json_object_get_members (measured);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *node = json_object_get_member (measured, name);

      if (name[0] == '_')
        continue;

      if (ld->format >= 2)
        {
          if (!read_measured_v2 (ld, name, node, error))
            return FALSE;
        }
      else
        {
          g_autofree char *value = measured_value_v1 (node);
          g_autofree char *field = NULL;

          if (value == NULL)
            {
              field = g_strdup_printf ("measured.%s", name);
              return fail_at (ld, error, FC_SCENARIO_ERROR_INVALID, field, FALSE,
                              _("“%s” must be a number or a non-empty string"), field);
            }
          add_revealed (self, name, value, NULL, TRUE);
        }
    }

  return TRUE;
}

static gboolean
read_expected (Loader      *ld,
               JsonObject  *root,
               GError     **error)
{
  FcScenario *self = ld->self;
  JsonNode *node = json_object_get_member (root, "expected_warnings");
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail_at (ld, error, FC_SCENARIO_ERROR_INVALID, "expected_warnings", FALSE,
                    _("“%s” must be a list of rule ids such as “R04”"), "expected_warnings");

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *field = g_strdup_printf ("expected_warnings[%u]", i);
      const char *id;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING
          || !rule_id_is_valid (json_node_get_string (element)))
        return fail_at (ld, error, FC_SCENARIO_ERROR_INVALID, field, FALSE,
                        _("“%s” must be a list of rule ids such as “R04”"), "expected_warnings");

      id = json_node_get_string (element);
      if (g_strv_contains ((const char * const *) self->expected->pdata, id))
        return fail_at (ld, error, FC_SCENARIO_ERROR_INVALID, field, FALSE,
                        _("“%s” is listed twice in “%s”"), id, "expected_warnings");
      g_ptr_array_insert (self->expected, self->expected->len - 1, g_strdup (id));
    }

  return TRUE;
}

/* Reads an event reference at @field into @out. */
static gboolean
get_reference (Loader      *ld,
               JsonObject  *object,
               const char  *path,
               const char  *member,
               char       **out,
               GError     **error)
{
  g_autofree char *field = join_path (path, member);
  const char *reference = NULL;

  if (!get_string (ld, object, path, member, TRUE, &reference, error))
    return FALSE;
  if (!fc_scenario_event_reference_is_valid (reference))
    return fail_at (ld, error, FC_SCENARIO_ERROR_INVALID, field, FALSE,
                    _("“%s” is not a timeline event: use an event kind such as "
                      "“patient-contact”, “card-read” or “summary-shown”, optionally with "
                      "“:VALUE” (“finding:glucose”)"), reference);
  *out = g_strdup (reference);
  return TRUE;
}

static gboolean
read_target (Loader      *ld,
             JsonNode    *node,
             const char  *path,
             GError     **error)
{
  static const char * const members[] = {
    "id", "label", "from", "to", "within_s", "event", "before", "never", NULL
  };
  FcScenario *self = ld->self;
  g_autoptr(GPtrArray) before = NULL;
  FcScenarioTarget *target;
  Localised label = { NULL, NULL };
  JsonObject *object;
  const char *id = NULL;
  gboolean interval;
  gboolean event;
  gboolean never;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail_at (ld, error, FC_SCENARIO_ERROR_INVALID, path, FALSE,
                    _("a target must be an object with “id” and either “from”, “to” and "
                      "“within_s”, or “event”, or “never”"));
  object = json_node_get_object (node);

  if (!check_members (ld, object, path, members, error)
      || !get_string (ld, object, path, "id", TRUE, &id, error))
    return FALSE;

  for (guint i = 0; i < self->targets->len; i++)
    {
      FcScenarioTarget *other = g_ptr_array_index (self->targets, i);

      if (g_str_equal (other->id, id))
        {
          g_autofree char *field = join_path (path, "id");

          return fail_at (ld, error, FC_SCENARIO_ERROR_INVALID, field, FALSE,
                          _("two targets have the id “%s”"), id);
        }
    }

  interval = json_object_has_member (object, "from") || json_object_has_member (object, "to")
             || json_object_has_member (object, "within_s");
  event = json_object_has_member (object, "event") || json_object_has_member (object, "before");
  never = json_object_has_member (object, "never");
  if ((interval ? 1 : 0) + (event ? 1 : 0) + (never ? 1 : 0) != 1)
    return fail_at (ld, error, FC_SCENARIO_ERROR_INVALID, path, FALSE,
                    _("target “%s” needs exactly one of: “from”, “to” and “within_s”; "
                      "“event”; “never”"), id);

  target = g_new0 (FcScenarioTarget, 1);
  target->id = g_strdup (id);
  g_ptr_array_add (self->targets, target);

  if (!get_localised (ld, object, path, "label", FALSE, &label, error))
    return FALSE;
  target->label_ja = g_steal_pointer (&label.ja);
  target->label_en = g_steal_pointer (&label.en);

  if (interval)
    {
      g_autofree char *within_field = join_path (path, "within_s");

      target->kind = FC_SCENARIO_TARGET_INTERVAL;
      if (!get_reference (ld, object, path, "from", &target->from, error)
          || !get_reference (ld, object, path, "to", &target->to, error))
        return FALSE;
      if (!json_object_has_member (object, "within_s"))
        return fail_at (ld, error, FC_SCENARIO_ERROR_INVALID, path, FALSE,
                        _("“%s” is missing"), within_field);
      if (!get_uint (ld, object, path, "within_s", MAX_WITHIN_S, &target->within_s, error))
        return FALSE;
      if (target->within_s == 0)
        return fail_at (ld, error, FC_SCENARIO_ERROR_INVALID, within_field, FALSE,
                        _("“%s” must be at least 1 second"), within_field);
      return TRUE;
    }

  if (never)
    {
      target->kind = FC_SCENARIO_TARGET_NEVER;
      return get_reference (ld, object, path, "never", &target->event, error);
    }

  target->kind = FC_SCENARIO_TARGET_EVENT;
  if (!get_reference (ld, object, path, "event", &target->event, error))
    return FALSE;

  if (json_object_has_member (object, "before"))
    {
      JsonNode *list = json_object_get_member (object, "before");
      g_autofree char *before_field = join_path (path, "before");

      if (!JSON_NODE_HOLDS_ARRAY (list) || json_array_get_length (json_node_get_array (list)) == 0)
        return fail_at (ld, error, FC_SCENARIO_ERROR_INVALID, before_field, FALSE,
                        _("“%s” must be a list of timeline events"), before_field);

      before = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
        {
          JsonNode *element = json_array_get_element (json_node_get_array (list), i);
          g_autofree char *element_field = g_strdup_printf ("%s[%u]", before_field, i);

          if (!node_is_type (element, G_TYPE_STRING)
              || !fc_scenario_event_reference_is_valid (json_node_get_string (element)))
            return fail_at (ld, error, FC_SCENARIO_ERROR_INVALID, element_field, FALSE,
                            _("“%s” is not a timeline event: use an event kind such as "
                              "“patient-contact”, “card-read” or “summary-shown”, optionally "
                              "with “:VALUE” (“finding:glucose”)"),
                            node_is_type (element, G_TYPE_STRING)
                            ? json_node_get_string (element) : element_field);
          g_ptr_array_add (before, g_strdup (json_node_get_string (element)));
        }
      g_ptr_array_add (before, NULL);
      target->before = (char **) g_ptr_array_free (g_steal_pointer (&before), FALSE);
    }

  return TRUE;
}

static gboolean
read_targets (Loader      *ld,
              JsonObject  *root,
              GError     **error)
{
  JsonNode *node = json_object_get_member (root, "targets");
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail_at (ld, error, FC_SCENARIO_ERROR_INVALID, "targets", FALSE,
                    _("“%s” must be a list of targets"), "targets");

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("targets[%u]", i);

      if (!read_target (ld, json_array_get_element (array, i), path, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
read_patient (Loader      *ld,
              JsonObject  *patient,
              GError     **error)
{
  static const char * const members_v1[] = { "age_band", "sex", "presentation", NULL };
  static const char * const members_v2[] = {
    "age_band", "sex", "presentation", "consent", "record_matches", NULL
  };
  FcScenario *self = ld->self;
  const char *age_band = NULL;
  const char *sex = NULL;
  const char *consent = NULL;

  if (!check_members (ld, patient, "patient", ld->format >= 2 ? members_v2 : members_v1, error)
      || !get_string (ld, patient, "patient", "age_band", FALSE, &age_band, error)
      || !get_string (ld, patient, "patient", "sex", FALSE, &sex, error)
      || !get_localised (ld, patient, "patient", "presentation", FALSE, &self->presentation,
                         error)
      || !get_string (ld, patient, "patient", "consent", FALSE, &consent, error)
      || !get_boolean (ld, patient, "patient", "record_matches", &self->record_matches, error))
    return FALSE;

  if (age_band != NULL)
    {
      if (!age_band_is_valid (age_band))
        return fail_at (ld, error, FC_SCENARIO_ERROR_INVALID, "patient.age_band", FALSE,
                        _("“%s” must be a decade such as “70s”, or “unknown”"),
                        "patient.age_band");
      g_free (self->age_band);
      self->age_band = g_strdup (age_band);
    }

  if (sex != NULL)
    {
      if (!g_strv_contains (sexes, sex))
        return fail_at (ld, error, FC_SCENARIO_ERROR_INVALID, "patient.sex", FALSE,
                        _("“%s” must be one of: %s"), "patient.sex",
                        "male, female, other, unknown");
      g_free (self->sex);
      self->sex = g_strdup (sex);
    }

  if (consent != NULL)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (consents); i++)
        if (g_str_equal (consent, consents[i].name))
          {
            self->consent = consents[i].consent;
            found = TRUE;
          }
      if (!found)
        return fail_at (ld, error, FC_SCENARIO_ERROR_INVALID, "patient.consent", FALSE,
                        _("“%s” must be one of: %s"), "patient.consent",
                        "gives, refuses, unable");
    }

  return TRUE;
}

/* Fills @self from the parsed scenario @root_node; @dir is the folder the bundle path is
 * relative to. */
static gboolean
read_scenario (Loader      *ld,
               JsonNode    *root_node,
               const char  *dir,
               GError     **error)
{
  static const char * const members_v1[] = {
    "format", "title", "brief", "patient", "bundle", "card", "network", "measured",
    "expected_warnings", NULL
  };
  static const char * const members_v2[] = {
    "format", "title", "brief", "today", "patient", "bundle", "card", "network", "measured",
    "expected_warnings", "targets", NULL
  };
  FcScenario *self = ld->self;
  JsonObject *root;
  JsonObject *patient = NULL;
  JsonObject *card = NULL;
  JsonObject *network = NULL;
  JsonNode *format;
  const char *bundle = NULL;
  const char *today = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (root_node))
    return fail_at (ld, error, FC_SCENARIO_ERROR_INVALID, "", FALSE,
                    _("a scenario must be a JSON object"));
  root = json_node_get_object (root_node);

  format = json_object_get_member (root, "format");
  if (format == NULL)
    return fail_at (ld, error, FC_SCENARIO_ERROR_INVALID, "", FALSE, _("“%s” is missing"),
                    "format");
  if (!JSON_NODE_HOLDS_VALUE (format) || json_node_get_value_type (format) != G_TYPE_INT64
      || json_node_get_int (format) < 1 || json_node_get_int (format) > 2)
    return fail_at (ld, error, FC_SCENARIO_ERROR_INVALID, "format", FALSE,
                    _("“format” must be 1 or 2 (the scenario formats this version reads)"));
  ld->format = self->format = (int) json_node_get_int (format);

  if (!check_members (ld, root, "", ld->format >= 2 ? members_v2 : members_v1, error))
    return FALSE;

  if (!get_localised (ld, root, "", "title", TRUE, &self->title, error)
      || !get_localised (ld, root, "", "brief", FALSE, &self->brief, error)
      || !get_string (ld, root, "", "today", FALSE, &today, error)
      || !get_object (ld, root, "", "patient", TRUE, &patient, error)
      || !read_patient (ld, patient, error)
      || !get_string (ld, root, "", "bundle", TRUE, &bundle, error)
      || !get_object (ld, root, "", "card", FALSE, &card, error)
      || !get_object (ld, root, "", "network", FALSE, &network, error)
      || !read_card (ld, card, error)
      || !read_network (ld, network, error)
      || !read_measured (ld, root, error)
      || !read_expected (ld, root, error)
      || !read_targets (ld, root, error))
    return FALSE;

  if (today != NULL)
    {
      self->today = parse_day (today);
      if (self->today == NULL)
        return fail_at (ld, error, FC_SCENARIO_ERROR_INVALID, "today", FALSE,
                        _("“%s” must be a date such as “2026-11-20”"), "today");
    }

  if (g_path_is_absolute (bundle))
    self->bundle_path = g_strdup (bundle);
  else
    self->bundle_path = g_build_filename (dir, bundle, NULL);

  if (!g_file_test (self->bundle_path, G_FILE_TEST_IS_REGULAR))
    return fail_at (ld, error, FC_SCENARIO_ERROR_BUNDLE, "bundle", FALSE,
                    _("the bundle “%s” does not exist"), bundle);

  return TRUE;
}

static void
fc_scenario_finalize (GObject *object)
{
  FcScenario *self = (FcScenario *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->path, g_free);
  localised_clear (&self->title);
  localised_clear (&self->brief);
  localised_clear (&self->presentation);
  g_clear_pointer (&self->today, g_date_time_unref);
  g_clear_pointer (&self->age_band, g_free);
  g_clear_pointer (&self->sex, g_free);
  g_clear_pointer (&self->bundle_path, g_free);
  g_clear_pointer (&self->card_behaviour_name, g_free);
  g_clear_pointer (&self->network, g_free);
  g_clear_pointer (&self->measured_names, g_ptr_array_unref);
  g_clear_pointer (&self->measured, g_hash_table_unref);
  g_clear_pointer (&self->revealed_names, g_ptr_array_unref);
  g_clear_pointer (&self->revealed, g_hash_table_unref);
  g_clear_pointer (&self->expected, g_ptr_array_unref);
  g_clear_pointer (&self->targets, g_ptr_array_unref);
  g_clear_pointer (&self->value_pos, g_hash_table_unref);
  g_clear_pointer (&self->key_pos, g_hash_table_unref);

  G_OBJECT_CLASS (fc_scenario_parent_class)->finalize (object);
}

static void
fc_scenario_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  FcScenario *self = FC_SCENARIO (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_TITLE:
      g_value_set_string (value, fc_scenario_get_title (self));
      break;

    case PROP_BRIEF:
      g_value_set_string (value, fc_scenario_get_brief (self));
      break;

    case PROP_PRESENTATION:
      g_value_set_string (value, fc_scenario_get_presentation (self));
      break;

    case PROP_TITLE_JA:
      g_value_set_string (value, self->title.ja);
      break;

    case PROP_TITLE_EN:
      g_value_set_string (value, self->title.en);
      break;

    case PROP_AGE_BAND:
      g_value_set_string (value, self->age_band);
      break;

    case PROP_SEX:
      g_value_set_string (value, self->sex);
      break;

    case PROP_BUNDLE_PATH:
      g_value_set_string (value, self->bundle_path);
      break;

    case PROP_CARD_BEHAVIOUR:
      g_value_set_enum (value, self->card_behaviour);
      break;

    case PROP_CARD_DELAY_MS:
      g_value_set_uint (value, self->card_delay_ms);
      break;

    case PROP_REMOVE_AFTER_BYTES:
      g_value_set_uint (value, self->remove_after_bytes);
      break;

    case PROP_FETCH_DELAY_MS:
      g_value_set_uint (value, self->fetch_delay_ms);
      break;

    case PROP_NETWORK:
      g_value_set_string (value, self->network);
      break;

    case PROP_FORMAT:
      g_value_set_int (value, self->format);
      break;

    case PROP_CONSENT:
      g_value_set_enum (value, self->consent);
      break;

    case PROP_RECORD_MATCHES:
      g_value_set_boolean (value, self->record_matches);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_scenario_class_init (FcScenarioClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = fc_scenario_finalize;
  object_class->get_property = fc_scenario_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_PATH] = g_param_spec_string ("path", NULL, NULL, NULL, flags);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_BRIEF] = g_param_spec_string ("brief", NULL, NULL, NULL, flags);
  properties[PROP_PRESENTATION] = g_param_spec_string ("presentation", NULL, NULL, NULL, flags);
  properties[PROP_TITLE_JA] = g_param_spec_string ("title-ja", NULL, NULL, NULL, flags);
  properties[PROP_TITLE_EN] = g_param_spec_string ("title-en", NULL, NULL, NULL, flags);
  properties[PROP_AGE_BAND] = g_param_spec_string ("age-band", NULL, NULL, "unknown", flags);
  properties[PROP_SEX] = g_param_spec_string ("sex", NULL, NULL, "unknown", flags);
  properties[PROP_BUNDLE_PATH] = g_param_spec_string ("bundle-path", NULL, NULL, NULL, flags);
  properties[PROP_CARD_BEHAVIOUR] =
    g_param_spec_enum ("card-behaviour", NULL, NULL,
                       FC_TYPE_VIRTUAL_CARD_BEHAVIOUR, FC_VIRTUAL_CARD_PRESENT, flags);
  properties[PROP_CARD_DELAY_MS] =
    g_param_spec_uint ("card-delay-ms", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_REMOVE_AFTER_BYTES] =
    g_param_spec_uint ("remove-after-bytes", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_FETCH_DELAY_MS] =
    g_param_spec_uint ("fetch-delay-ms", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_NETWORK] = g_param_spec_string ("network", NULL, NULL, "online", flags);
  properties[PROP_FORMAT] = g_param_spec_int ("format", NULL, NULL, 1, 2, 1, flags);
  properties[PROP_CONSENT] =
    g_param_spec_enum ("consent", NULL, NULL,
                       FC_TYPE_SCENARIO_CONSENT, FC_SCENARIO_CONSENT_GIVES, flags);
  properties[PROP_RECORD_MATCHES] =
    g_param_spec_boolean ("record-matches", NULL, NULL, TRUE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fc_scenario_init (FcScenario *self)
{
  self->format = 1;
  self->age_band = g_strdup ("unknown");
  self->sex = g_strdup ("unknown");
  self->consent = FC_SCENARIO_CONSENT_GIVES;
  self->record_matches = TRUE;
  self->network = g_strdup ("online");
  self->card_behaviour = FC_VIRTUAL_CARD_PRESENT;
  self->card_behaviour_name = g_strdup ("present");
  self->measured_names = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->measured_names, NULL);
  self->measured = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->revealed_names = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->revealed_names, NULL);
  self->revealed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) localised_free);
  self->expected = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->expected, NULL);
  self->targets = g_ptr_array_new_with_free_func ((GDestroyNotify) target_free);
  self->value_pos = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->key_pos = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

FcScenario *
fc_scenario_new_from_file_full (const char         *path,
                                FcScenarioProblem **problem,
                                GError            **error)
{
  g_autoptr(FcScenario) self = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *absolute = NULL;
  g_autofree char *file = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *duplicate = NULL;
  g_autofree char *syntax = NULL;
  Loader ld = { 0 };
  gsize length = 0;
  Pos pos = { 0, 0 };

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (problem == NULL || *problem == NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  absolute = g_canonicalize_filename (path, NULL);
  file = g_path_get_basename (absolute);
  dir = g_path_get_dirname (absolute);

  if (!g_file_get_contents (absolute, &contents, &length, &local_error))
    {
      if (problem != NULL)
        *problem = fc_scenario_problem_new (path, 0, 0, local_error->message);
      g_set_error (error, local_error->domain, local_error->code, "%s: %s", file,
                   local_error->message);
      return NULL;
    }

  self = g_object_new (FC_TYPE_SCENARIO, NULL);
  self->path = g_strdup (absolute);
  if (g_str_has_suffix (file, ".json"))
    self->id = g_strndup (file, strlen (file) - strlen (".json"));
  else
    self->id = g_strdup (file);

  ld.self = self;
  ld.file = file;
  ld.format = 1;

  if (!scan_document (contents, length, self->value_pos, self->key_pos, &duplicate, &syntax,
                      &pos))
    {
      if (problem != NULL)
        *problem = fc_scenario_problem_new (path, pos.line, pos.column, syntax);
      g_set_error (error, FC_SCENARIO_ERROR, FC_SCENARIO_ERROR_SYNTAX, "%s:%u:%u: %s", file,
                   pos.line, pos.column, syntax);
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, contents, (gssize) length, &local_error))
    {
      /* The scanner accepted it, so this is rare (json-glib's own limits); no position. */
      if (problem != NULL)
        *problem = fc_scenario_problem_new (path, 0, 0, local_error->message);
      g_set_error (error, FC_SCENARIO_ERROR, FC_SCENARIO_ERROR_SYNTAX, "%s: %s", file,
                   local_error->message);
      return NULL;
    }

  if (duplicate != NULL)
    fail_at (&ld, error, FC_SCENARIO_ERROR_INVALID, duplicate, TRUE,
             _("“%s” is given twice"), duplicate);
  else
    read_scenario (&ld, json_parser_get_root (parser), dir, error);

  if (ld.message != NULL)
    {
      if (problem != NULL)
        *problem = fc_scenario_problem_new (path, ld.line, ld.column, ld.message);
      g_free (ld.message);
      return NULL;
    }

  return g_steal_pointer (&self);
}

FcScenario *
fc_scenario_new_from_file (const char  *path,
                           GError     **error)
{
  return fc_scenario_new_from_file_full (path, NULL, error);
}

const char *
fc_scenario_get_id (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), NULL);

  return self->id;
}

const char *
fc_scenario_get_path (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), NULL);

  return self->path;
}

int
fc_scenario_get_format (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), 0);

  return self->format;
}

const char *
fc_scenario_get_title (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), NULL);

  return localised_pick (&self->title);
}

const char *
fc_scenario_get_title_ja (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), NULL);

  return self->title.ja;
}

const char *
fc_scenario_get_title_en (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), NULL);

  return self->title.en;
}

const char *
fc_scenario_get_brief (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), NULL);

  return localised_pick (&self->brief);
}

const char *
fc_scenario_get_brief_ja (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), NULL);

  return self->brief.ja;
}

const char *
fc_scenario_get_brief_en (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), NULL);

  return self->brief.en;
}

const char *
fc_scenario_get_presentation (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), NULL);

  return localised_pick (&self->presentation);
}

const char *
fc_scenario_get_presentation_ja (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), NULL);

  return self->presentation.ja;
}

const char *
fc_scenario_get_presentation_en (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), NULL);

  return self->presentation.en;
}

GDateTime *
fc_scenario_get_today (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), NULL);

  return self->today;
}

const char *
fc_scenario_get_age_band (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), NULL);

  return self->age_band;
}

const char *
fc_scenario_get_sex (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), NULL);

  return self->sex;
}

FcScenarioConsent
fc_scenario_get_consent (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), FC_SCENARIO_CONSENT_GIVES);

  return self->consent;
}

gboolean
fc_scenario_get_record_matches (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), TRUE);

  return self->record_matches;
}

const char *
fc_scenario_get_bundle_path (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), NULL);

  return self->bundle_path;
}

const char *
fc_scenario_get_network (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), NULL);

  return self->network;
}

FcVirtualCardBehaviour
fc_scenario_get_card_behaviour (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), FC_VIRTUAL_CARD_PRESENT);

  return self->card_behaviour;
}

const char *
fc_scenario_get_card_behaviour_name (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), NULL);

  return self->card_behaviour_name;
}

guint
fc_scenario_get_card_delay_ms (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), 0);

  return self->card_delay_ms;
}

guint
fc_scenario_get_remove_after_bytes (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), 0);

  return self->remove_after_bytes;
}

guint
fc_scenario_get_card_reinsert_after_ms (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), 0);

  return self->reinsert_after_ms;
}

guint
fc_scenario_get_card_byte_delay_us (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), 0);

  return self->byte_delay_us;
}

gboolean
fc_scenario_get_card_expired (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), FALSE);

  return self->card_expired;
}

guint
fc_scenario_get_card_error_status (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), 0);

  return self->card_error_status;
}

guint
fc_scenario_get_fetch_delay_ms (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), 0);

  return self->fetch_delay_ms;
}

const char * const *
fc_scenario_get_measured_names (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), NULL);

  return (const char * const *) self->measured_names->pdata;
}

const char *
fc_scenario_get_measured (FcScenario *self,
                          const char *name)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_hash_table_lookup (self->measured, name);
}

const char * const *
fc_scenario_get_revealed_names (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), NULL);

  return (const char * const *) self->revealed_names->pdata;
}

const char *
fc_scenario_get_revealed (FcScenario *self,
                          const char *name)
{
  Localised *value;

  g_return_val_if_fail (FC_IS_SCENARIO (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  value = g_hash_table_lookup (self->revealed, name);
  return value != NULL ? localised_pick (value) : NULL;
}

const char * const *
fc_scenario_get_expected_warnings (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), NULL);

  return (const char * const *) self->expected->pdata;
}

guint
fc_scenario_get_n_targets (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), 0);

  return self->targets->len;
}

const FcScenarioTarget *
fc_scenario_get_target (FcScenario *self,
                        guint       index)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), NULL);
  g_return_val_if_fail (index < self->targets->len, NULL);

  return g_ptr_array_index (self->targets, index);
}

gboolean
fc_scenario_lookup_position (FcScenario *self,
                             const char *path,
                             gboolean    at_key,
                             guint      *line,
                             guint      *column)
{
  Pos pos;
  gboolean found;

  g_return_val_if_fail (FC_IS_SCENARIO (self), FALSE);

  found = lookup_position (self->value_pos, self->key_pos, path, at_key, &pos);
  if (line != NULL)
    *line = pos.line;
  if (column != NULL)
    *column = pos.column;
  return found;
}

gboolean
fc_scenario_event_reference_is_valid (const char *reference)
{
  g_autofree char *kind = NULL;
  const char *colon;

  g_return_val_if_fail (reference != NULL, FALSE);

  colon = strchr (reference, ':');
  if (colon != NULL)
    {
      if (colon[1] == '\0' || strchr (colon + 1, ' ') != NULL)
        return FALSE;
      kind = g_strndup (reference, colon - reference);
    }
  else
    {
      kind = g_strdup (reference);
    }
  return g_strv_contains (event_kinds, kind);
}

gboolean
fc_scenario_event_matches (const char *reference,
                           const char *kind,
                           const char *detail)
{
  g_auto(GStrv) words = NULL;
  const char *colon;
  const char *value;
  gsize kind_len;

  g_return_val_if_fail (reference != NULL, FALSE);
  g_return_val_if_fail (kind != NULL, FALSE);

  colon = strchr (reference, ':');
  kind_len = colon != NULL ? (gsize) (colon - reference) : strlen (reference);
  if (strlen (kind) != kind_len || strncmp (reference, kind, kind_len) != 0)
    return FALSE;
  if (colon == NULL)
    return TRUE;
  if (detail == NULL)
    return FALSE;

  value = colon + 1;
  words = g_strsplit (detail, " ", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      const char *equals = strchr (words[i], '=');

      if (g_str_equal (words[i], value) || (equals != NULL && g_str_equal (equals + 1, value)))
        return TRUE;
    }
  return FALSE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

GListModel *
fc_scenario_load_directory (const char  *dir,
                            GPtrArray  **errors_out)
{
  g_autoptr(GListStore) store = g_list_store_new (FC_TYPE_SCENARIO);
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) gdir = NULL;
  const char *name;

  g_return_val_if_fail (dir != NULL, NULL);

  gdir = g_dir_open (dir, 0, &error);
  if (gdir == NULL)
    {
      g_ptr_array_add (errors, g_strdup_printf ("%s: %s", dir, error->message));
    }
  else
    {
      while ((name = g_dir_read_name (gdir)) != NULL)
        {
          g_autofree char *path = NULL;

          if (!g_str_has_suffix (name, ".json") || name[0] == '.')
            continue;
          path = g_build_filename (dir, name, NULL);
          if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
            continue;
          g_ptr_array_add (names, g_strdup (name));
        }
    }

  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
      g_autoptr(FcScenario) scenario = NULL;

      g_clear_error (&error);
      scenario = fc_scenario_new_from_file (path, &error);
      if (scenario == NULL)
        {
          /* The message already starts with the file name. */
          g_debug ("Skipping scenario: %s", error->message);
          g_ptr_array_add (errors, g_strdup (error->message));
          continue;
        }
      g_list_store_append (store, scenario);
    }

  if (errors_out != NULL)
    *errors_out = g_steal_pointer (&errors);

  return G_LIST_MODEL (g_steal_pointer (&store));
}
