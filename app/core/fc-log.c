/* fc-log.c: a GLog writer that masks patient data.
 *
 * The patterns are applied in a fixed order, longest first, so that a certificate (base64) is
 * not half-masked as hex, and a glucose value keeps its keyword ("bgl=[value]").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-log"

#include "config.h"

#include "fc-log.h"

#include <string.h>

typedef struct {
  const char *pattern;
  const char *replacement; /* may use \1 … */
} FcLogRule;

/* A character that may not touch a code on either side. */
#define NOT_ALNUM_BEFORE "(?<![0-9A-Za-z])"
#define NOT_ALNUM_AFTER  "(?![0-9A-Za-z])"

static const FcLogRule rules[] = {
  /* Base64 (a DER certificate, a key): 40+ characters with a digit, an upper-case letter and
   * one character that hex does not have. */
  { "(?<![A-Za-z0-9+/])(?=[A-Za-z0-9+/]*[0-9])(?=[A-Za-z0-9+/]*[A-Z])"
    "(?=[A-Za-z0-9+/]*[G-Zg-z+/])[A-Za-z0-9+/]{40,}={0,2}",
    FC_LOG_REDACTED_B64 },
  /* Hex with colons (a serial or fingerprint as OpenSSL prints it). */
  { NOT_ALNUM_BEFORE "(?:[0-9A-Fa-f]{2}:){7,}[0-9A-Fa-f]{2}" NOT_ALNUM_AFTER, FC_LOG_REDACTED_HEX },
  /* Hex runs: SHA-256 of the certificate, serials, pseudonyms, keys. */
  { NOT_ALNUM_BEFORE "[0-9A-Fa-f]{16,}" NOT_ALNUM_AFTER, FC_LOG_REDACTED_HEX },
  /* Measured values: keep the keyword, mask the number. */
  { "(?i)(bgl|glucose|血糖)(\\s*(?:[=:]|is)?\\s*)[0-9]+(?:\\.[0-9]+)?", "\\1\\2" FC_LOG_REDACTED_VALUE },
  { "(?i)" NOT_ALNUM_BEFORE "[0-9]+(?:\\.[0-9]+)?(\\s*mg/dl)", FC_LOG_REDACTED_VALUE "\\1" },
  /* Drug, allergy and test codes: YJ (12), HOT (9, 13), JFAGY (YCM + YJ, 15), JLAC10 (17),
   * 一般名処方 …: 9 or more upper-case letters and digits, at least 4 of them digits. */
  { NOT_ALNUM_BEFORE "(?=(?:[A-Z]*[0-9]){4})[0-9A-Z]{9,}" NOT_ALNUM_AFTER, FC_LOG_REDACTED_CODE },
  /* ICD-10 with or without the dot. Rule ids (R04) look the same and are masked too: they hint at
   * the patient's conditions. */
  { NOT_ALNUM_BEFORE "[A-TV-Z][0-9]{2}(?:\\.[0-9A-Z]{1,4}|[0-9A-Z]{1,3})?" NOT_ALNUM_AFTER,
    FC_LOG_REDACTED_ICD },
};

static GRegex *compiled[G_N_ELEMENTS (rules)];

/* The record's texts (longest first, so that a text containing another is masked whole). */
static GMutex record_lock;
static GPtrArray *record_texts; /* (owned) (nullable) (element-type utf8) */
static guint record_token;
static gsize installed_once = 0;
static gint installed = 0;

static void
compile_rules (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
        {
          g_autoptr(GError) error = NULL;

          compiled[i] = g_regex_new (rules[i].pattern, G_REGEX_OPTIMIZE, 0, &error);
          /* The patterns are constants: a failure is a programming error. */
          g_assert_no_error (error);
        }
      g_once_init_leave (&once, 1);
    }
}

static int
compare_longest_first (gconstpointer a,
                       gconstpointer b)
{
  gsize la = strlen (*(const char * const *) a);
  gsize lb = strlen (*(const char * const *) b);

  return la < lb ? 1 : la > lb ? -1 : 0;
}

guint
fc_log_set_record_texts (const char * const *texts)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GMutexLocker) locker = NULL;

  for (guint i = 0; texts != NULL && texts[i] != NULL; i++)
    if (g_utf8_validate (texts[i], -1, NULL) && g_utf8_strlen (texts[i], -1) >= 2)
      g_ptr_array_add (list, g_strdup (texts[i]));
  g_ptr_array_sort (list, compare_longest_first);

  locker = g_mutex_locker_new (&record_lock);
  g_clear_pointer (&record_texts, g_ptr_array_unref);
  if (list->len > 0)
    record_texts = g_steal_pointer (&list);
  return ++record_token;
}

void
fc_log_clear_record_texts (guint token)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&record_lock);

  if (token == record_token)
    g_clear_pointer (&record_texts, g_ptr_array_unref);
}

/* Masks every record text in @text (owned; returned, possibly reallocated). */
static char *
redact_record_texts (char *text)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&record_lock);

  for (guint i = 0; record_texts != NULL && i < record_texts->len; i++)
    {
      const char *needle = g_ptr_array_index (record_texts, i);
      g_autoptr(GString) out = NULL;
      const char *from = text;
      const char *hit;

      if (strstr (text, needle) == NULL)
        continue;
      out = g_string_new (NULL);
      while ((hit = strstr (from, needle)) != NULL)
        {
          g_string_append_len (out, from, hit - from);
          g_string_append (out, FC_LOG_REDACTED_TEXT);
          from = hit + strlen (needle);
        }
      g_string_append (out, from);
      g_free (text);
      text = g_string_free (g_steal_pointer (&out), FALSE);
    }
  return text;
}

char *
fc_log_redact (const char *message)
{
  char *text;

  g_return_val_if_fail (message != NULL, NULL);

  compile_rules ();

  if (!g_utf8_validate (message, -1, NULL))
    text = g_utf8_make_valid (message, -1);
  else
    text = g_strdup (message);
  text = redact_record_texts (text);

  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    {
      char *next = g_regex_replace (compiled[i], text, -1, 0, rules[i].replacement, 0, NULL);

      /* A replacement can only fail on a bad pattern, which compile_rules() rules out. */
      if (next != NULL)
        {
          g_free (text);
          text = next;
        }
    }

  return text;
}

static const char *
find_field (const GLogField *fields,
            gsize            n_fields,
            const char      *key)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_strcmp0 (fields[i].key, key) == 0 && fields[i].length < 0)
      return fields[i].value;
  return NULL;
}

static GLogWriterOutput
redacting_writer (GLogLevelFlags   log_level,
                  const GLogField *fields,
                  gsize            n_fields,
                  gpointer         user_data)
{
  g_autofree GLogField *copy = NULL;
  g_autofree char *redacted = NULL;
  GLogWriterOutput result;

  /* Debug messages that nobody asked for are dropped before any work is done. */
  if (g_log_writer_default_would_drop (log_level, find_field (fields, n_fields, "GLIB_DOMAIN")))
    return G_LOG_WRITER_HANDLED;

  copy = g_new (GLogField, n_fields);
  memcpy (copy, fields, n_fields * sizeof (GLogField));

  for (gsize i = 0; i < n_fields; i++)
    {
      g_autofree char *original = NULL;

      if (g_strcmp0 (copy[i].key, "MESSAGE") != 0 || copy[i].value == NULL)
        continue;

      if (copy[i].length < 0)
        original = g_strdup (copy[i].value);
      else
        original = g_strndup (copy[i].value, (gsize) copy[i].length);
      g_free (redacted);
      redacted = fc_log_redact (original);
      copy[i].value = redacted;
      copy[i].length = -1;
    }

  result = g_log_writer_default (log_level, copy, n_fields, user_data);
  return result;
}

void
fc_log_install_redacting_writer (void)
{
  if (g_once_init_enter (&installed_once))
    {
      compile_rules ();
      g_log_set_writer_func (redacting_writer, NULL, NULL);
      g_atomic_int_set (&installed, 1);
      g_once_init_leave (&installed_once, 1);
    }
}

gboolean
fc_log_redacting_writer_installed (void)
{
  return g_atomic_int_get (&installed) != 0;
}
