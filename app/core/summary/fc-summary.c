/* fc-summary.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-summary"

#include "config.h"

#include "fc-summary.h"

#include <string.h>

#include "fc-core-enums.h"

struct _FcSummary
{
  GObject       parent_instance;

  char         *sex;                          /* (owned) never NULL */
  char         *age_band;                     /* (owned) never NULL */
  FcProvenance  provenance;
  GDateTime    *retrieved;                    /* (owned) (nullable) */
  char         *window;                       /* (owned) (nullable) */

  GListStore   *items;                        /* (owned) every item, in document order */
  GListStore   *sections[FC_N_ITEM_KINDS];    /* (owned) one list per kind */
  gboolean      none_known[FC_N_ITEM_KINDS];
  char         *windows[FC_N_ITEM_KINDS];     /* (owned) (nullable) */
};

G_DEFINE_FINAL_TYPE (FcSummary, fc_summary, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SEX,
  PROP_AGE_BAND,
  PROP_PROVENANCE,
  PROP_RETRIEVED,
  PROP_WINDOW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static inline gboolean
kind_is_valid (FcItemKind kind)
{
  return (int) kind >= FC_ITEM_MEDICATION && kind < FC_N_ITEM_KINDS;
}

/* Parses exactly @n_digits ASCII digits at @s into @out. */
static gboolean
parse_digits (const char *s,
              guint       n_digits,
              int        *out)
{
  int value = 0;

  for (guint i = 0; i < n_digits; i++)
    {
      if (!g_ascii_isdigit (s[i]))
        return FALSE;
      value = value * 10 + (s[i] - '0');
    }

  *out = value;
  return TRUE;
}

static void
fc_summary_dispose (GObject *object)
{
  FcSummary *self = (FcSummary *)object;

  g_clear_object (&self->items);
  for (guint i = 0; i < FC_N_ITEM_KINDS; i++)
    g_clear_object (&self->sections[i]);

  G_OBJECT_CLASS (fc_summary_parent_class)->dispose (object);
}

static void
fc_summary_finalize (GObject *object)
{
  FcSummary *self = (FcSummary *)object;

  g_clear_pointer (&self->sex, g_free);
  g_clear_pointer (&self->age_band, g_free);
  g_clear_pointer (&self->retrieved, g_date_time_unref);
  g_clear_pointer (&self->window, g_free);
  for (guint i = 0; i < FC_N_ITEM_KINDS; i++)
    g_clear_pointer (&self->windows[i], g_free);

  G_OBJECT_CLASS (fc_summary_parent_class)->finalize (object);
}

static void
fc_summary_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  FcSummary *self = FC_SUMMARY (object);

  switch (prop_id)
    {
    case PROP_SEX:
      g_value_set_string (value, self->sex);
      break;

    case PROP_AGE_BAND:
      g_value_set_string (value, self->age_band);
      break;

    case PROP_PROVENANCE:
      g_value_set_enum (value, self->provenance);
      break;

    case PROP_RETRIEVED:
      g_value_set_boxed (value, self->retrieved);
      break;

    case PROP_WINDOW:
      g_value_set_string (value, self->window);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_summary_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  FcSummary *self = FC_SUMMARY (object);

  switch (prop_id)
    {
    case PROP_SEX:
      fc_summary_set_sex (self, g_value_get_string (value));
      break;

    case PROP_AGE_BAND:
      fc_summary_set_age_band (self, g_value_get_string (value));
      break;

    case PROP_PROVENANCE:
      fc_summary_set_provenance (self, g_value_get_enum (value));
      break;

    case PROP_RETRIEVED:
      fc_summary_set_retrieved (self, g_value_get_boxed (value));
      break;

    case PROP_WINDOW:
      fc_summary_set_default_window (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_summary_class_init (FcSummaryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fc_summary_dispose;
  object_class->finalize = fc_summary_finalize;
  object_class->get_property = fc_summary_get_property;
  object_class->set_property = fc_summary_set_property;

  properties[PROP_SEX] =
    g_param_spec_string ("sex", NULL, NULL, "unknown",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AGE_BAND] =
    g_param_spec_string ("age-band", NULL, NULL, "unknown",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROVENANCE] =
    g_param_spec_enum ("provenance", NULL, NULL,
                       FC_TYPE_PROVENANCE, FC_PROVENANCE_NETWORK,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RETRIEVED] =
    g_param_spec_boxed ("retrieved", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WINDOW] =
    g_param_spec_string ("window", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fc_summary_init (FcSummary *self)
{
  self->sex = g_strdup ("unknown");
  self->age_band = g_strdup ("unknown");
  self->provenance = FC_PROVENANCE_NETWORK;
  self->items = g_list_store_new (FC_TYPE_SUMMARY_ITEM);
  for (guint i = 0; i < FC_N_ITEM_KINDS; i++)
    self->sections[i] = g_list_store_new (FC_TYPE_SUMMARY_ITEM);
}

FcSummary *
fc_summary_new (void)
{
  return g_object_new (FC_TYPE_SUMMARY, NULL);
}

const char *
fc_summary_get_sex (FcSummary *self)
{
  g_return_val_if_fail (FC_IS_SUMMARY (self), NULL);

  return self->sex;
}

/* @sex: (nullable): NULL or "" means "unknown". */
void
fc_summary_set_sex (FcSummary  *self,
                    const char *sex)
{
  g_return_if_fail (FC_IS_SUMMARY (self));

  if (sex == NULL || *sex == '\0')
    sex = "unknown";

  if (g_strcmp0 (self->sex, sex) == 0)
    return;

  g_free (self->sex);
  self->sex = g_strdup (sex);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEX]);
}

const char *
fc_summary_get_age_band (FcSummary *self)
{
  g_return_val_if_fail (FC_IS_SUMMARY (self), NULL);

  return self->age_band;
}

/* @age_band: (nullable): NULL or "" means "unknown". */
void
fc_summary_set_age_band (FcSummary  *self,
                         const char *age_band)
{
  g_return_if_fail (FC_IS_SUMMARY (self));

  if (age_band == NULL || *age_band == '\0')
    age_band = "unknown";

  if (g_strcmp0 (self->age_band, age_band) == 0)
    return;

  g_free (self->age_band);
  self->age_band = g_strdup (age_band);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AGE_BAND]);
}

/* Missing month or day is read as "not yet had the birthday this year/month": the band is that of
 * the youngest age the person can have. A malformed date, a date in the future or an age above
 * 130 gives "unknown". */
char *
fc_summary_age_band_for_birth_date (const char *birth_date,
                                    GDateTime  *today)
{
  g_autoptr(GDateTime) now = NULL;
  int year = 0, month = 0, day = 0;
  int t_year, t_month, t_day;
  int age;
  gsize len;

  if (birth_date == NULL)
    return g_strdup ("unknown");

  len = strlen (birth_date);
  if (len != 4 && len != 7 && len != 10)
    return g_strdup ("unknown");
  if (!parse_digits (birth_date, 4, &year))
    return g_strdup ("unknown");
  if (len >= 7)
    {
      if (birth_date[4] != '-' || !parse_digits (birth_date + 5, 2, &month)
          || month < 1 || month > 12)
        return g_strdup ("unknown");
    }
  if (len == 10)
    {
      if (birth_date[7] != '-' || !parse_digits (birth_date + 8, 2, &day)
          || day < 1 || day > g_date_get_days_in_month (month, year))
        return g_strdup ("unknown");
    }

  if (today == NULL)
    today = now = g_date_time_new_now_local ();

  g_date_time_get_ymd (today, &t_year, &t_month, &t_day);

  age = t_year - year;
  if (month == 0)
    {
      /* Year only: the birthday may still be ahead unless today is the last day of the year. */
      if (!(t_month == 12 && t_day == 31))
        age--;
    }
  else if (day == 0)
    {
      /* Year and month: the birthday has surely passed only once the month is over. */
      if (t_month <= month)
        age--;
    }
  else if (t_month < month || (t_month == month && t_day < day))
    {
      age--;
    }

  if (age < 0 || age > 130)
    return g_strdup ("unknown");

  return g_strdup_printf ("%ds", (age / 10) * 10);
}

FcProvenance
fc_summary_get_provenance (FcSummary *self)
{
  g_return_val_if_fail (FC_IS_SUMMARY (self), FC_PROVENANCE_NETWORK);

  return self->provenance;
}

void
fc_summary_set_provenance (FcSummary    *self,
                           FcProvenance  provenance)
{
  g_return_if_fail (FC_IS_SUMMARY (self));

  if (self->provenance == provenance)
    return;

  self->provenance = provenance;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROVENANCE]);
}

GDateTime *
fc_summary_get_retrieved (FcSummary *self)
{
  g_return_val_if_fail (FC_IS_SUMMARY (self), NULL);

  return self->retrieved;
}

void
fc_summary_set_retrieved (FcSummary *self,
                          GDateTime *retrieved)
{
  g_return_if_fail (FC_IS_SUMMARY (self));

  if (self->retrieved == retrieved
      || (self->retrieved != NULL && retrieved != NULL
          && g_date_time_equal (self->retrieved, retrieved)))
    return;

  g_clear_pointer (&self->retrieved, g_date_time_unref);
  if (retrieved != NULL)
    self->retrieved = g_date_time_ref (retrieved);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETRIEVED]);
}

GListModel *
fc_summary_get_items (FcSummary *self)
{
  g_return_val_if_fail (FC_IS_SUMMARY (self), NULL);

  return G_LIST_MODEL (self->items);
}

GListModel *
fc_summary_get_section (FcSummary  *self,
                        FcItemKind  kind)
{
  g_return_val_if_fail (FC_IS_SUMMARY (self), NULL);
  g_return_val_if_fail (kind_is_valid (kind), NULL);

  return G_LIST_MODEL (self->sections[kind]);
}

guint
fc_summary_count (FcSummary  *self,
                  FcItemKind  kind)
{
  g_return_val_if_fail (FC_IS_SUMMARY (self), 0);
  g_return_val_if_fail (kind_is_valid (kind), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->sections[kind]));
}

void
fc_summary_add_item (FcSummary     *self,
                     FcSummaryItem *item)
{
  FcItemKind kind;

  g_return_if_fail (FC_IS_SUMMARY (self));
  g_return_if_fail (FC_IS_SUMMARY_ITEM (item));

  kind = fc_summary_item_get_kind (item);
  g_return_if_fail (kind_is_valid (kind));

  g_list_store_append (self->items, item);
  g_list_store_append (self->sections[kind], item);
}

FcSectionState
fc_summary_get_section_state (FcSummary  *self,
                              FcItemKind  kind)
{
  g_return_val_if_fail (FC_IS_SUMMARY (self), FC_SECTION_NO_INFORMATION);
  g_return_val_if_fail (kind_is_valid (kind), FC_SECTION_NO_INFORMATION);

  if (g_list_model_get_n_items (G_LIST_MODEL (self->sections[kind])) > 0)
    return FC_SECTION_PRESENT;
  if (self->none_known[kind])
    return FC_SECTION_NONE_KNOWN;
  return FC_SECTION_NO_INFORMATION;
}

void
fc_summary_set_none_known (FcSummary  *self,
                           FcItemKind  kind)
{
  g_return_if_fail (FC_IS_SUMMARY (self));
  g_return_if_fail (kind_is_valid (kind));

  self->none_known[kind] = TRUE;
}

gboolean
fc_summary_get_none_known (FcSummary  *self,
                           FcItemKind  kind)
{
  g_return_val_if_fail (FC_IS_SUMMARY (self), FALSE);
  g_return_val_if_fail (kind_is_valid (kind), FALSE);

  return self->none_known[kind];
}

const char *
fc_summary_get_window (FcSummary  *self,
                       FcItemKind  kind)
{
  g_return_val_if_fail (FC_IS_SUMMARY (self), NULL);
  g_return_val_if_fail (kind_is_valid (kind), NULL);

  if (self->windows[kind] != NULL)
    return self->windows[kind];
  return self->window;
}

void
fc_summary_set_window (FcSummary  *self,
                       FcItemKind  kind,
                       const char *window)
{
  g_return_if_fail (FC_IS_SUMMARY (self));
  g_return_if_fail (kind_is_valid (kind));

  g_free (self->windows[kind]);
  self->windows[kind] = (window != NULL && *window != '\0') ? g_strdup (window) : NULL;
}

const char *
fc_summary_get_default_window (FcSummary *self)
{
  g_return_val_if_fail (FC_IS_SUMMARY (self), NULL);

  return self->window;
}

void
fc_summary_set_default_window (FcSummary  *self,
                               const char *window)
{
  g_return_if_fail (FC_IS_SUMMARY (self));

  if (window != NULL && *window == '\0')
    window = NULL;

  if (g_strcmp0 (self->window, window) == 0)
    return;

  g_free (self->window);
  self->window = g_strdup (window);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WINDOW]);
}
