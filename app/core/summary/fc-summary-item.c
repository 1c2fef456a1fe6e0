/* fc-summary-item.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-summary-item"

#include "config.h"

#include "fc-summary-item.h"

#include "fc-core-enums.h"

struct _FcSummaryItem
{
  GObject     parent_instance;

  FcItemKind  kind;
  char       *text;         /* (owned) never NULL */
  char       *date;         /* (owned) (nullable) */
  char       *source;       /* (owned) (nullable) */
  char       *status;       /* (owned) (nullable) */
  char       *category;     /* (owned) (nullable) */
  char       *criticality;  /* (owned) (nullable) */
  char       *detail;       /* (owned) (nullable) */
  char       *resource_id;  /* (owned) (nullable) */
  GPtrArray  *codings;      /* (owned) (element-type FcCoding) */
};

G_DEFINE_FINAL_TYPE (FcSummaryItem, fc_summary_item, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (FcCoding, fc_coding, fc_coding_copy, fc_coding_free)

enum {
  PROP_0,
  PROP_KIND,
  PROP_TEXT,
  PROP_DATE,
  PROP_SOURCE,
  PROP_STATUS,
  PROP_CATEGORY,
  PROP_CRITICALITY,
  PROP_DETAIL,
  PROP_RESOURCE_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Replaces the string in @field with a copy of @value and notifies @prop_id when it changed. */
static void
set_string_prop (FcSummaryItem  *self,
                 char          **field,
                 const char     *value,
                 guint           prop_id)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

/* FcCoding */

FcCoding *
fc_coding_new (const char *system,
               const char *code,
               const char *display)
{
  FcCoding *coding;

  g_return_val_if_fail (code != NULL, NULL);

  coding = g_new0 (FcCoding, 1);
  coding->system = g_strdup (system != NULL ? system : "");
  coding->code = g_strdup (code);
  coding->display = g_strdup (display);

  return coding;
}

FcCoding *
fc_coding_copy (const FcCoding *coding)
{
  g_return_val_if_fail (coding != NULL, NULL);

  return fc_coding_new (coding->system, coding->code, coding->display);
}

void
fc_coding_free (FcCoding *coding)
{
  if (coding == NULL)
    return;

  g_free (coding->system);
  g_free (coding->code);
  g_free (coding->display);
  g_free (coding);
}

/* FcSummaryItem */

static void
fc_summary_item_finalize (GObject *object)
{
  FcSummaryItem *self = (FcSummaryItem *)object;

  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->date, g_free);
  g_clear_pointer (&self->source, g_free);
  g_clear_pointer (&self->status, g_free);
  g_clear_pointer (&self->category, g_free);
  g_clear_pointer (&self->criticality, g_free);
  g_clear_pointer (&self->detail, g_free);
  g_clear_pointer (&self->resource_id, g_free);
  g_clear_pointer (&self->codings, g_ptr_array_unref);

  G_OBJECT_CLASS (fc_summary_item_parent_class)->finalize (object);
}

static void
fc_summary_item_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FcSummaryItem *self = FC_SUMMARY_ITEM (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;

    case PROP_DATE:
      g_value_set_string (value, self->date);
      break;

    case PROP_SOURCE:
      g_value_set_string (value, self->source);
      break;

    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;

    case PROP_CATEGORY:
      g_value_set_string (value, self->category);
      break;

    case PROP_CRITICALITY:
      g_value_set_string (value, self->criticality);
      break;

    case PROP_DETAIL:
      g_value_set_string (value, self->detail);
      break;

    case PROP_RESOURCE_ID:
      g_value_set_string (value, self->resource_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_summary_item_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  FcSummaryItem *self = FC_SUMMARY_ITEM (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;

    case PROP_TEXT:
      /* Construct-only: the display text never changes and is never NULL. */
      g_free (self->text);
      self->text = g_value_dup_string (value);
      if (self->text == NULL)
        self->text = g_strdup ("");
      break;

    case PROP_DATE:
      fc_summary_item_set_date (self, g_value_get_string (value));
      break;

    case PROP_SOURCE:
      fc_summary_item_set_source (self, g_value_get_string (value));
      break;

    case PROP_STATUS:
      fc_summary_item_set_status (self, g_value_get_string (value));
      break;

    case PROP_CATEGORY:
      fc_summary_item_set_category (self, g_value_get_string (value));
      break;

    case PROP_CRITICALITY:
      fc_summary_item_set_criticality (self, g_value_get_string (value));
      break;

    case PROP_DETAIL:
      fc_summary_item_set_detail (self, g_value_get_string (value));
      break;

    case PROP_RESOURCE_ID:
      fc_summary_item_set_resource_id (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_summary_item_class_init (FcSummaryItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fc_summary_item_finalize;
  object_class->get_property = fc_summary_item_get_property;
  object_class->set_property = fc_summary_item_set_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       FC_TYPE_ITEM_KIND, FC_ITEM_OTHER,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DATE] =
    g_param_spec_string ("date", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SOURCE] =
    g_param_spec_string ("source", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CATEGORY] =
    g_param_spec_string ("category", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CRITICALITY] =
    g_param_spec_string ("criticality", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DETAIL] =
    g_param_spec_string ("detail", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RESOURCE_ID] =
    g_param_spec_string ("resource-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fc_summary_item_init (FcSummaryItem *self)
{
  self->kind = FC_ITEM_OTHER;
  self->codings = g_ptr_array_new_with_free_func ((GDestroyNotify) fc_coding_free);
}

FcSummaryItem *
fc_summary_item_new (FcItemKind  kind,
                     const char *text)
{
  g_return_val_if_fail (kind >= FC_ITEM_MEDICATION && kind <= FC_ITEM_OTHER, NULL);
  g_return_val_if_fail (text != NULL, NULL);

  return g_object_new (FC_TYPE_SUMMARY_ITEM,
                       "kind", kind,
                       "text", text,
                       NULL);
}

FcItemKind
fc_summary_item_get_kind (FcSummaryItem *self)
{
  g_return_val_if_fail (FC_IS_SUMMARY_ITEM (self), FC_ITEM_OTHER);

  return self->kind;
}

const char *
fc_summary_item_get_text (FcSummaryItem *self)
{
  g_return_val_if_fail (FC_IS_SUMMARY_ITEM (self), NULL);

  return self->text;
}

const char *
fc_summary_item_get_date (FcSummaryItem *self)
{
  g_return_val_if_fail (FC_IS_SUMMARY_ITEM (self), NULL);

  return self->date;
}

void
fc_summary_item_set_date (FcSummaryItem *self,
                          const char    *date)
{
  g_return_if_fail (FC_IS_SUMMARY_ITEM (self));

  set_string_prop (self, &self->date, date, PROP_DATE);
}

const char *
fc_summary_item_get_source (FcSummaryItem *self)
{
  g_return_val_if_fail (FC_IS_SUMMARY_ITEM (self), NULL);

  return self->source;
}

void
fc_summary_item_set_source (FcSummaryItem *self,
                            const char    *source)
{
  g_return_if_fail (FC_IS_SUMMARY_ITEM (self));

  set_string_prop (self, &self->source, source, PROP_SOURCE);
}

const char *
fc_summary_item_get_status (FcSummaryItem *self)
{
  g_return_val_if_fail (FC_IS_SUMMARY_ITEM (self), NULL);

  return self->status;
}

void
fc_summary_item_set_status (FcSummaryItem *self,
                            const char    *status)
{
  g_return_if_fail (FC_IS_SUMMARY_ITEM (self));

  set_string_prop (self, &self->status, status, PROP_STATUS);
}

const char *
fc_summary_item_get_category (FcSummaryItem *self)
{
  g_return_val_if_fail (FC_IS_SUMMARY_ITEM (self), NULL);

  return self->category;
}

void
fc_summary_item_set_category (FcSummaryItem *self,
                              const char    *category)
{
  g_return_if_fail (FC_IS_SUMMARY_ITEM (self));

  set_string_prop (self, &self->category, category, PROP_CATEGORY);
}

const char *
fc_summary_item_get_criticality (FcSummaryItem *self)
{
  g_return_val_if_fail (FC_IS_SUMMARY_ITEM (self), NULL);

  return self->criticality;
}

void
fc_summary_item_set_criticality (FcSummaryItem *self,
                                 const char    *criticality)
{
  g_return_if_fail (FC_IS_SUMMARY_ITEM (self));

  set_string_prop (self, &self->criticality, criticality, PROP_CRITICALITY);
}

const char *
fc_summary_item_get_detail (FcSummaryItem *self)
{
  g_return_val_if_fail (FC_IS_SUMMARY_ITEM (self), NULL);

  return self->detail;
}

void
fc_summary_item_set_detail (FcSummaryItem *self,
                            const char    *detail)
{
  g_return_if_fail (FC_IS_SUMMARY_ITEM (self));

  set_string_prop (self, &self->detail, detail, PROP_DETAIL);
}

const char *
fc_summary_item_get_resource_id (FcSummaryItem *self)
{
  g_return_val_if_fail (FC_IS_SUMMARY_ITEM (self), NULL);

  return self->resource_id;
}

void
fc_summary_item_set_resource_id (FcSummaryItem *self,
                                 const char    *resource_id)
{
  g_return_if_fail (FC_IS_SUMMARY_ITEM (self));

  set_string_prop (self, &self->resource_id, resource_id, PROP_RESOURCE_ID);
}

GPtrArray *
fc_summary_item_get_codings (FcSummaryItem *self)
{
  g_return_val_if_fail (FC_IS_SUMMARY_ITEM (self), NULL);

  return self->codings;
}

void
fc_summary_item_add_coding (FcSummaryItem *self,
                            const char    *system,
                            const char    *code,
                            const char    *display)
{
  g_return_if_fail (FC_IS_SUMMARY_ITEM (self));
  g_return_if_fail (code != NULL);

  g_ptr_array_add (self->codings, fc_coding_new (system, code, display));
}

const char *
fc_summary_item_find_code (FcSummaryItem *self,
                           const char    *system)
{
  g_return_val_if_fail (FC_IS_SUMMARY_ITEM (self), NULL);
  g_return_val_if_fail (system != NULL, NULL);

  for (guint i = 0; i < self->codings->len; i++)
    {
      const FcCoding *coding = g_ptr_array_index (self->codings, i);

      if (g_strcmp0 (coding->system, system) == 0)
        return coding->code;
    }

  return NULL;
}
