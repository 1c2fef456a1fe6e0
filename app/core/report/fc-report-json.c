/* fc-report-json.c: fc_report_to_json(), the report as JSON (schema "fieldcard-report/1",
 * times in seconds).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-report"

#include "config.h"

#include "fc-report-state-private.h"

#include <math.h>

#include "fc-core-enums.h"

static void
add_number_or_null (JsonBuilder *builder,
                    const char  *name,
                    double       value)
{
  json_builder_set_member_name (builder, name);
  if (isnan (value))
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, round (value * 1000) / 1000);
}

static void
add_stats (JsonBuilder           *builder,
           const FcIntervalStats *s)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "n");
  json_builder_add_int_value (builder, s->n);
  json_builder_set_member_name (builder, "missing");
  json_builder_add_int_value (builder, s->missing);
  json_builder_set_member_name (builder, "excluded");
  json_builder_add_int_value (builder, s->excluded);
  add_number_or_null (builder, "median", s->median);
  add_number_or_null (builder, "p10", s->p10);
  add_number_or_null (builder, "q1", s->q1);
  add_number_or_null (builder, "q3", s->q3);
  add_number_or_null (builder, "p90", s->p90);
  add_number_or_null (builder, "iqr", s->iqr);
  add_number_or_null (builder, "mean", s->mean);
  add_number_or_null (builder, "min", s->min);
  add_number_or_null (builder, "max", s->max);
  json_builder_end_object (builder);
}

static const char *
nick (GType type,
      int   value)
{
  GEnumClass *klass = g_type_class_ref (type);
  GEnumValue *enum_value = g_enum_get_value (klass, value);
  const char *result = enum_value != NULL ? enum_value->value_nick : "?";

  g_type_class_unref (klass); /* Enum classes stay alive once created. */
  return result;
}

/* {"all": stats, "card-used": stats, …}: one bucket per card-use group. */
static void
add_group_stats (JsonBuilder          *builder,
                 const FcReportBucket  groups[FC_REPORT_N_GROUPS])
{
  json_builder_begin_object (builder);
  for (guint g = 0; g < FC_REPORT_N_GROUPS; g++)
    {
      json_builder_set_member_name (builder, nick (FC_TYPE_REPORT_GROUP, g));
      add_stats (builder, &groups[g].stats);
    }
  json_builder_end_object (builder);
}

static void
add_interval_groups (JsonBuilder    *builder,
                     FcReportBucket  intervals[FC_REPORT_N_INTERVALS][FC_REPORT_N_GROUPS])
{
  json_builder_begin_object (builder);
  for (guint i = 0; i < FC_REPORT_N_INTERVALS; i++)
    {
      json_builder_set_member_name (builder, nick (FC_TYPE_REPORT_INTERVAL, i));
      add_group_stats (builder, intervals[i]);
    }
  json_builder_end_object (builder);
}

static void
add_groups (JsonBuilder *builder,
            const guint  group_size[FC_REPORT_N_GROUPS])
{
  json_builder_begin_object (builder);
  for (guint g = 0; g < FC_REPORT_N_GROUPS; g++)
    {
      json_builder_set_member_name (builder, nick (FC_TYPE_REPORT_GROUP, g));
      json_builder_add_int_value (builder, group_size[g]);
    }
  json_builder_end_object (builder);
}

static void
add_steps (JsonBuilder    *builder,
           FcReportBucket  steps[FC_REPORT_N_STEPS])
{
  json_builder_begin_object (builder);
  for (guint s = 0; s < FC_REPORT_N_STEPS; s++)
    {
      json_builder_set_member_name (builder, nick (FC_TYPE_REPORT_STEP, s));
      add_stats (builder, &steps[s].stats);
    }
  json_builder_end_object (builder);
}

/**
 * fc_report_to_json:
 * @self: a report
 * @months: whether to add the monthly trend
 *
 * Returns: (transfer full): the report (schema "fieldcard-report/1"; times in seconds)
 */
JsonNode *
fc_report_to_json (FcReport *self,
                   gboolean  months)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  static const char * const source_names[] = { "database", "csv", "jsonl" };

  g_return_val_if_fail (FC_IS_REPORT (self), NULL);

  fc_report_ensure_computed (self);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "schema");
  json_builder_add_string_value (builder, "fieldcard-report/1");
  json_builder_set_member_name (builder, "app_version");
  json_builder_add_string_value (builder, PACKAGE_VERSION);
  json_builder_set_member_name (builder, "include_training");
  json_builder_add_boolean_value (builder, self->include_training);
  json_builder_set_member_name (builder, "bounds_s");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "min");
  json_builder_add_int_value (builder, 0);
  json_builder_set_member_name (builder, "max");
  json_builder_add_int_value (builder, FC_REPORT_MAX_INTERVAL_S);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "sources");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->sources->len; i++)
    {
      const FcReportSource *source = &g_array_index (self->sources, FcReportSource, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, source->path);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, source_names[source->source]);
      json_builder_set_member_name (builder, "events");
      json_builder_add_int_value (builder, (gint64) source->events);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "counts");
  json_builder_begin_object (builder);
  for (guint c = 0; c < FC_REPORT_N_COUNTS; c++)
    {
      json_builder_set_member_name (builder, nick (FC_TYPE_REPORT_COUNT, c));
      json_builder_add_int_value (builder, (gint64) self->counts[c]);
    }
  json_builder_set_member_name (builder, "training-excluded");
  json_builder_add_int_value (builder, self->include_training
                                       ? 0 : (gint64) self->counts[FC_REPORT_COUNT_TRAINING]);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "groups");
  add_groups (builder, self->group_size);
  json_builder_set_member_name (builder, "intervals");
  add_interval_groups (builder, self->intervals);
  json_builder_set_member_name (builder, "card-steps");
  add_steps (builder, self->steps);
  json_builder_set_member_name (builder, "card-share-of-scene");
  add_stats (builder, &self->share.stats);
  json_builder_set_member_name (builder, "hospital-calls");
  add_group_stats (builder, self->hospital_calls);

  if (months)
    {
      fc_report_compute_months (self);
      json_builder_set_member_name (builder, "months");
      json_builder_begin_array (builder);
      for (guint m = 0; m < self->months->len; m++)
        {
          FcReportMonth *month = g_ptr_array_index (self->months, m);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "month");
          json_builder_add_string_value (builder, month->label);
          json_builder_set_member_name (builder, "groups");
          add_groups (builder, month->group_size);
          json_builder_set_member_name (builder, "intervals");
          add_interval_groups (builder, month->intervals);
          json_builder_set_member_name (builder, "card-steps");
          add_steps (builder, month->steps);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
