/* fc-drug-item.c: the normalised view of one medicine or drug allergen used for matching.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-rules"

#include "config.h"

#include "fc-drug-item.h"

char *
fc_drug_normalize_text (const char *text)
{
  g_autofree char *nfkc = NULL;
  g_autoptr(GString) stripped = NULL;

  if (text == NULL)
    return g_strdup ("");
  nfkc = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);
  if (nfkc == NULL)
    return g_strdup ("");
  stripped = g_string_new (nfkc);
  g_string_replace (stripped, "【般】", "", 0);
  return g_utf8_casefold (stripped->str, -1);
}

/* Upper-case ASCII, without spaces, dashes or dots, after NFKC (full-width digits become
 * ASCII). */
static char *
normalize_code (const char *code)
{
  g_autofree char *nfkc = g_utf8_normalize (code, -1, G_NORMALIZE_NFKC);
  GString *out = g_string_new (NULL);

  for (const char *p = nfkc != NULL ? nfkc : ""; *p != '\0'; p++)
    if (!g_ascii_isspace (*p) && *p != '-' && *p != '.')
      g_string_append_c (out, g_ascii_toupper (*p));
  return g_string_free (out, FALSE);
}

char *
fc_drug_class_code (const char *system,
                    const char *code)
{
  g_autofree char *normal = NULL;

  if (system == NULL || code == NULL)
    return NULL;
  normal = normalize_code (code);

  if (g_str_equal (system, "jfagy"))
    {
      /* YCM + YJ12 and GCM + YJ9 + ZZZ carry a drug; other meta codes (food, uncodable) do not. */
      if ((g_str_has_prefix (normal, "YCM") || g_str_has_prefix (normal, "GCM")) &&
          strlen (normal) >= 3 + 7)
        return g_strdup (normal + 3);
      return NULL;
    }
  if (g_str_equal (system, "yj") || g_str_equal (system, "general-order"))
    return strlen (normal) >= 7 ? g_steal_pointer (&normal) : NULL;
  return NULL;
}

FcDrugItem *
fc_drug_item_new (FcSummaryItem *item)
{
  FcDrugItem *info;
  GPtrArray *codings;
  g_autoptr(GString) all = NULL;

  g_return_val_if_fail (FC_IS_SUMMARY_ITEM (item), NULL);

  info = g_new0 (FcDrugItem, 1);
  info->item = item;
  info->codes = g_ptr_array_new_with_free_func (g_free);
  info->atc = g_ptr_array_new_with_free_func (g_free);
  info->label = fc_drug_normalize_text (fc_summary_item_get_text (item));

  all = g_string_new (fc_summary_item_get_text (item));
  codings = fc_summary_item_get_codings (item);
  for (guint i = 0; codings != NULL && i < codings->len; i++)
    {
      FcCoding *coding = g_ptr_array_index (codings, i);
      char *code = fc_drug_class_code (coding->system, coding->code);

      if (code != NULL)
        g_ptr_array_add (info->codes, code);
      else if (g_strcmp0 (coding->system, "atc") == 0 && coding->code != NULL)
        g_ptr_array_add (info->atc, normalize_code (coding->code));
      if (coding->display != NULL)
        {
          g_string_append_c (all, '\n');
          g_string_append (all, coding->display);
        }
    }
  info->text = fc_drug_normalize_text (all->str);
  return info;
}

void
fc_drug_item_free (FcDrugItem *info)
{
  if (info == NULL)
    return;
  g_free (info->text);
  g_free (info->label);
  g_ptr_array_unref (info->codes);
  g_ptr_array_unref (info->atc);
  g_free (info);
}

char *
fc_drug_item_identity_key (FcDrugItem *info)
{
  g_return_val_if_fail (info != NULL, NULL);

  if (info->codes->len > 0)
    return g_strndup (g_ptr_array_index (info->codes, 0), 7);
  return g_strdup (info->label);
}

gboolean
fc_drug_item_same_yj7 (FcDrugItem *a,
                       FcDrugItem *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  for (guint i = 0; i < a->codes->len; i++)
    for (guint j = 0; j < b->codes->len; j++)
      if (strncmp (g_ptr_array_index (a->codes, i), g_ptr_array_index (b->codes, j), 7) == 0)
        return TRUE;
  return FALSE;
}

char *
fc_drug_item_identity (FcSummaryItem *item)
{
  g_autoptr(FcDrugItem) info = fc_drug_item_new (item);

  return fc_drug_item_identity_key (info);
}
