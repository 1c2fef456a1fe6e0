/* fc-warning.c: one decision-support warning: what to check, and why.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-warning"

#include "config.h"

#include "fc-warning.h"

#include "fc-core-enums.h"

struct _FcWarning
{
  GObject     parent_instance;

  char       *rule_id;          /* (owned) */
  FcSeverity  severity;
  char       *message_ja;       /* (owned) */
  char       *message_en;       /* (owned) */
  gboolean    inferred;
  gboolean    acknowledged;
  GPtrArray  *evidence;         /* (owned) (element-type FcSummaryItem) */
  GPtrArray  *finding_evidence; /* (owned) NULL-terminated strings */
  GPtrArray  *sources;          /* (owned) NULL-terminated strings */
  GPtrArray  *checks_ja;        /* (owned) NULL-terminated strings */
  GPtrArray  *checks_en;        /* (owned) NULL-terminated strings */
};

G_DEFINE_FINAL_TYPE (FcWarning, fc_warning, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RULE_ID,
  PROP_SEVERITY,
  PROP_MESSAGE_JA,
  PROP_MESSAGE_EN,
  PROP_MESSAGE,
  PROP_INFERRED,
  PROP_ACKNOWLEDGED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GPtrArray *
new_strv_array (void)
{
  GPtrArray *array = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (array, NULL);
  return array;
}

/* Appends @text to a NULL-terminated array unless it is already there. */
static void
strv_array_add_unique (GPtrArray  *array,
                       const char *text)
{
  for (guint i = 0; i + 1 < array->len; i++)
    if (g_strcmp0 (g_ptr_array_index (array, i), text) == 0)
      return;
  g_ptr_array_insert (array, (int) array->len - 1, g_strdup (text));
}

/* Whether the first language of the current locale is Japanese. */
static gboolean
ui_language_is_japanese (void)
{
  const char * const *languages = g_get_language_names ();

  return languages != NULL && languages[0] != NULL && g_str_has_prefix (languages[0], "ja");
}

static void
fc_warning_finalize (GObject *object)
{
  FcWarning *self = FC_WARNING (object);

  g_clear_pointer (&self->rule_id, g_free);
  g_clear_pointer (&self->message_ja, g_free);
  g_clear_pointer (&self->message_en, g_free);
  g_clear_pointer (&self->evidence, g_ptr_array_unref);
  g_clear_pointer (&self->finding_evidence, g_ptr_array_unref);
  g_clear_pointer (&self->sources, g_ptr_array_unref);
  g_clear_pointer (&self->checks_ja, g_ptr_array_unref);
  g_clear_pointer (&self->checks_en, g_ptr_array_unref);

  G_OBJECT_CLASS (fc_warning_parent_class)->finalize (object);
}

static void
fc_warning_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  FcWarning *self = FC_WARNING (object);

  switch (prop_id)
    {
    case PROP_RULE_ID:
      g_value_set_string (value, self->rule_id);
      break;
    case PROP_SEVERITY:
      g_value_set_enum (value, self->severity);
      break;
    case PROP_MESSAGE_JA:
      g_value_set_string (value, self->message_ja);
      break;
    case PROP_MESSAGE_EN:
      g_value_set_string (value, self->message_en);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, fc_warning_get_message (self));
      break;
    case PROP_INFERRED:
      g_value_set_boolean (value, self->inferred);
      break;
    case PROP_ACKNOWLEDGED:
      g_value_set_boolean (value, self->acknowledged);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_warning_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  FcWarning *self = FC_WARNING (object);

  switch (prop_id)
    {
    case PROP_RULE_ID:
      self->rule_id = g_value_dup_string (value);
      break;
    case PROP_SEVERITY:
      self->severity = g_value_get_enum (value);
      break;
    case PROP_MESSAGE_JA:
      self->message_ja = g_value_dup_string (value);
      break;
    case PROP_MESSAGE_EN:
      self->message_en = g_value_dup_string (value);
      break;
    case PROP_INFERRED:
      self->inferred = g_value_get_boolean (value);
      break;
    case PROP_ACKNOWLEDGED:
      fc_warning_set_acknowledged (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_warning_class_init (FcWarningClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fc_warning_finalize;
  object_class->get_property = fc_warning_get_property;
  object_class->set_property = fc_warning_set_property;

  properties[PROP_RULE_ID] =
    g_param_spec_string ("rule-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEVERITY] =
    g_param_spec_enum ("severity", NULL, NULL,
                       FC_TYPE_SEVERITY, FC_SEVERITY_INFO,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE_JA] =
    g_param_spec_string ("message-ja", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE_EN] =
    g_param_spec_string ("message-en", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_INFERRED] =
    g_param_spec_boolean ("inferred", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACKNOWLEDGED] =
    g_param_spec_boolean ("acknowledged", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fc_warning_init (FcWarning *self)
{
  self->evidence = g_ptr_array_new_with_free_func (g_object_unref);
  self->finding_evidence = new_strv_array ();
  self->sources = new_strv_array ();
  self->checks_ja = new_strv_array ();
  self->checks_en = new_strv_array ();
}

FcWarning *
fc_warning_new (const char *rule_id,
                FcSeverity  severity,
                const char *message_ja,
                const char *message_en,
                gboolean    inferred)
{
  g_return_val_if_fail (rule_id != NULL && *rule_id != '\0', NULL);
  g_return_val_if_fail (severity <= FC_SEVERITY_CRITICAL, NULL);
  g_return_val_if_fail (message_ja != NULL, NULL);
  g_return_val_if_fail (message_en != NULL, NULL);

  return g_object_new (FC_TYPE_WARNING,
                       "rule-id", rule_id,
                       "severity", severity,
                       "message-ja", message_ja,
                       "message-en", message_en,
                       "inferred", inferred,
                       NULL);
}

const char *
fc_warning_get_rule_id (FcWarning *self)
{
  g_return_val_if_fail (FC_IS_WARNING (self), NULL);

  return self->rule_id;
}

FcSeverity
fc_warning_get_severity (FcWarning *self)
{
  g_return_val_if_fail (FC_IS_WARNING (self), FC_SEVERITY_INFO);

  return self->severity;
}

const char *
fc_warning_get_message_ja (FcWarning *self)
{
  g_return_val_if_fail (FC_IS_WARNING (self), NULL);

  return self->message_ja;
}

const char *
fc_warning_get_message_en (FcWarning *self)
{
  g_return_val_if_fail (FC_IS_WARNING (self), NULL);

  return self->message_en;
}

const char *
fc_warning_get_message (FcWarning *self)
{
  g_return_val_if_fail (FC_IS_WARNING (self), NULL);

  return ui_language_is_japanese () ? self->message_ja : self->message_en;
}

gboolean
fc_warning_get_inferred (FcWarning *self)
{
  g_return_val_if_fail (FC_IS_WARNING (self), FALSE);

  return self->inferred;
}

gboolean
fc_warning_get_acknowledged (FcWarning *self)
{
  g_return_val_if_fail (FC_IS_WARNING (self), FALSE);

  return self->acknowledged;
}

void
fc_warning_set_acknowledged (FcWarning *self,
                             gboolean   acknowledged)
{
  g_return_if_fail (FC_IS_WARNING (self));

  acknowledged = !!acknowledged;
  if (self->acknowledged == acknowledged)
    return;
  self->acknowledged = acknowledged;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACKNOWLEDGED]);
}

/**
 * fc_warning_get_evidence:
 *
 * Returns: (transfer none) (element-type FcSummaryItem): the items that triggered the rule.
 */
GPtrArray *
fc_warning_get_evidence (FcWarning *self)
{
  g_return_val_if_fail (FC_IS_WARNING (self), NULL);

  return self->evidence;
}

/* Adds @item once; adding the same item again does nothing. */
void
fc_warning_add_evidence (FcWarning     *self,
                         FcSummaryItem *item)
{
  g_return_if_fail (FC_IS_WARNING (self));
  g_return_if_fail (FC_IS_SUMMARY_ITEM (item));

  if (g_ptr_array_find (self->evidence, item, NULL))
    return;
  g_ptr_array_add (self->evidence, g_object_ref (item));
}

/**
 * fc_warning_get_finding_evidence:
 *
 * Returns: (transfer none): NULL-terminated descriptions such as "bgl=42 mg/dL"; owned by
 *   @self, do not free.
 */
GStrv
fc_warning_get_finding_evidence (FcWarning *self)
{
  g_return_val_if_fail (FC_IS_WARNING (self), NULL);

  return (GStrv) self->finding_evidence->pdata;
}

void
fc_warning_add_finding_evidence (FcWarning  *self,
                                 const char *finding)
{
  g_return_if_fail (FC_IS_WARNING (self));
  g_return_if_fail (finding != NULL);

  strv_array_add_unique (self->finding_evidence, finding);
}

/**
 * fc_warning_get_sources:
 *
 * Returns: (transfer none): NULL-terminated source ids; owned by @self, do not free.
 */
GStrv
fc_warning_get_sources (FcWarning *self)
{
  g_return_val_if_fail (FC_IS_WARNING (self), NULL);

  return (GStrv) self->sources->pdata;
}

void
fc_warning_set_sources (FcWarning          *self,
                        const char * const *sources)
{
  g_return_if_fail (FC_IS_WARNING (self));

  g_ptr_array_unref (self->sources);
  self->sources = new_strv_array ();
  for (guint i = 0; sources != NULL && sources[i] != NULL; i++)
    strv_array_add_unique (self->sources, sources[i]);
}

/**
 * fc_warning_add_check:
 *
 * Adds one thing to check or measure, in both languages.
 */
void
fc_warning_add_check (FcWarning  *self,
                      const char *check_ja,
                      const char *check_en)
{
  g_return_if_fail (FC_IS_WARNING (self));
  g_return_if_fail (check_ja != NULL && check_en != NULL);

  g_ptr_array_insert (self->checks_ja, (int) self->checks_ja->len - 1, g_strdup (check_ja));
  g_ptr_array_insert (self->checks_en, (int) self->checks_en->len - 1, g_strdup (check_en));
}

/**
 * fc_warning_get_checks:
 * @language: "ja" or "en"; %NULL for the current UI language
 *
 * Returns: (transfer none): NULL-terminated list of things to check; owned by @self.
 */
GStrv
fc_warning_get_checks (FcWarning  *self,
                       const char *language)
{
  gboolean ja;

  g_return_val_if_fail (FC_IS_WARNING (self), NULL);

  ja = language != NULL ? g_str_equal (language, "ja") : ui_language_is_japanese ();
  return (GStrv) (ja ? self->checks_ja->pdata : self->checks_en->pdata);
}

const char *
fc_severity_to_string (FcSeverity severity)
{
  switch (severity)
    {
    case FC_SEVERITY_INFO:
      return "info";
    case FC_SEVERITY_CAUTION:
      return "caution";
    case FC_SEVERITY_CRITICAL:
      return "critical";
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * fc_severity_from_string:
 *
 * Returns: %TRUE and the severity in @out for "info", "caution" or "critical".
 */
gboolean
fc_severity_from_string (const char *text,
                         FcSeverity *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  for (FcSeverity s = FC_SEVERITY_INFO; s <= FC_SEVERITY_CRITICAL; s++)
    if (g_strcmp0 (text, fc_severity_to_string (s)) == 0)
      {
        *out = s;
        return TRUE;
      }
  return FALSE;
}

static void
add_nullable_string (JsonBuilder *builder,
                     const char  *name,
                     const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_strv_member (JsonBuilder *builder,
                 const char  *name,
                 GStrv        strv)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; strv[i] != NULL; i++)
    json_builder_add_string_value (builder, strv[i]);
  json_builder_end_array (builder);
}

gboolean
fc_warning_item_is_unconfirmed (FcSummaryItem *item)
{
  static const char * const unconfirmed[] = {
    "unconfirmed", "provisional", "differential", NULL
  };
  const char *status;
  const char *text;

  g_return_val_if_fail (FC_IS_SUMMARY_ITEM (item), FALSE);

  if (fc_summary_item_get_kind (item) != FC_ITEM_CONDITION)
    return FALSE;
  status = fc_summary_item_get_status (item);
  text = fc_summary_item_get_text (item);
  return (status != NULL && g_strv_contains (unconfirmed, status)) ||
         (text != NULL && strstr (text, "疑い") != NULL);
}

/**
 * fc_warning_item_label:
 * @language: "ja" or "en"
 *
 * Returns: (nullable): the label shown next to an evidence item, e.g. 「疑い」 for a suspected
 *   diagnosis, or %NULL when it needs none.
 */
const char *
fc_warning_item_label (FcSummaryItem *item,
                       const char    *language)
{
  g_return_val_if_fail (FC_IS_SUMMARY_ITEM (item), NULL);

  if (!fc_warning_item_is_unconfirmed (item))
    return NULL;
  return g_strcmp0 (language, "ja") == 0 ? "疑い" : "suspected (unconfirmed)";
}

static void
add_item_json (JsonBuilder   *builder,
               FcSummaryItem *item)
{
  GEnumClass *kinds = g_type_class_ref (FC_TYPE_ITEM_KIND);
  GEnumValue *kind = g_enum_get_value (kinds, fc_summary_item_get_kind (item));
  GPtrArray *codings = fc_summary_item_get_codings (item);
  gboolean unconfirmed = fc_warning_item_is_unconfirmed (item);
  g_autofree char *code = NULL;

  if (codings != NULL && codings->len > 0)
    {
      FcCoding *coding = g_ptr_array_index (codings, 0);

      code = g_strdup_printf ("%s|%s", coding->system, coding->code);
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, kind != NULL ? kind->value_nick : "other");
  add_nullable_string (builder, "text", fc_summary_item_get_text (item));
  add_nullable_string (builder, "date", fc_summary_item_get_date (item));
  add_nullable_string (builder, "source", fc_summary_item_get_source (item));
  add_nullable_string (builder, "status", fc_summary_item_get_status (item));
  add_nullable_string (builder, "detail", fc_summary_item_get_detail (item));
  add_nullable_string (builder, "code", code);
  json_builder_set_member_name (builder, "codes");
  json_builder_begin_array (builder);
  for (guint i = 0; codings != NULL && i < codings->len; i++)
    {
      FcCoding *coding = g_ptr_array_index (codings, i);
      g_autofree char *each = g_strdup_printf ("%s|%s", coding->system, coding->code);

      json_builder_add_string_value (builder, each);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "unconfirmed");
  json_builder_add_boolean_value (builder, unconfirmed);
  json_builder_set_member_name (builder, "label");
  if (unconfirmed)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ja");
      json_builder_add_string_value (builder, fc_warning_item_label (item, "ja"));
      json_builder_set_member_name (builder, "en");
      json_builder_add_string_value (builder, fc_warning_item_label (item, "en"));
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  g_type_class_unref (kinds);
}

/* Contract: returns a new JSON object (see the header); "check" lists the things to check in
 * both languages (empty when the rule names none). */
JsonNode *
fc_warning_to_json (FcWarning *self)
{
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_val_if_fail (FC_IS_WARNING (self), NULL);

  builder = json_builder_new ();
  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "rule");
  json_builder_add_string_value (builder, self->rule_id);
  json_builder_set_member_name (builder, "severity");
  json_builder_add_string_value (builder, fc_severity_to_string (self->severity));

  json_builder_set_member_name (builder, "message");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ja");
  json_builder_add_string_value (builder, self->message_ja);
  json_builder_set_member_name (builder, "en");
  json_builder_add_string_value (builder, self->message_en);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "inferred");
  json_builder_add_boolean_value (builder, self->inferred);
  json_builder_set_member_name (builder, "acknowledged");
  json_builder_add_boolean_value (builder, self->acknowledged);

  json_builder_set_member_name (builder, "check");
  json_builder_begin_array (builder);
  for (guint i = 0; i + 1 < self->checks_ja->len; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ja");
      json_builder_add_string_value (builder, g_ptr_array_index (self->checks_ja, i));
      json_builder_set_member_name (builder, "en");
      json_builder_add_string_value (builder, g_ptr_array_index (self->checks_en, i));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "evidence");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->evidence->len; i++)
    add_item_json (builder, g_ptr_array_index (self->evidence, i));
  json_builder_end_array (builder);

  add_strv_member (builder, "findings", (GStrv) self->finding_evidence->pdata);
  add_strv_member (builder, "sources", (GStrv) self->sources->pdata);

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
