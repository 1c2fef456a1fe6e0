/* fc-timing-export.c: CSV, JSON Lines and NEMSIS v3.5 eTimes exports of timing events.
 *
 * CSV and JSON Lines stream the rows as they are read (nothing is kept). The NEMSIS extract needs
 * whole incidents, so it goes through FcReport (corrections applied) and writes one
 * PatientCareReport per incident. Times carry their recorded zone as ±hh:mm.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-report"

#include "config.h"

#include "fc-timing-export.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "fc-report.h"
#include "fc-report-private.h"

gboolean
fc_export_format_from_string (const char     *text,
                              FcExportFormat *format)
{
  g_return_val_if_fail (format != NULL, FALSE);

  if (g_strcmp0 (text, "csv") == 0)
    *format = FC_EXPORT_FORMAT_CSV;
  else if (g_strcmp0 (text, "jsonl") == 0 || g_strcmp0 (text, "json") == 0)
    *format = FC_EXPORT_FORMAT_JSONL;
  else if (g_strcmp0 (text, "nemsis") == 0)
    *format = FC_EXPORT_FORMAT_NEMSIS;
  else
    return FALSE;
  return TRUE;
}

typedef struct {
  FILE           *out;
  FcExportFormat  format;
  gboolean        include_training;
  GString        *line;     /* (owned) */
  guint64         written;
  gboolean        failed;
} Writer;

static void
csv_field (GString    *line,
           const char *value)
{
  if (value == NULL)
    return;
  if (strpbrk (value, ",\"\r\n") == NULL && value[0] != ' ')
    {
      g_string_append (line, value);
      return;
    }
  g_string_append_c (line, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (line, '"');
      g_string_append_c (line, *p);
    }
  g_string_append_c (line, '"');
}

static void
json_string (GString    *line,
             const char *value)
{
  if (value == NULL)
    {
      g_string_append (line, "null");
      return;
    }
  g_string_append_c (line, '"');
  for (const unsigned char *p = (const unsigned char *) value; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"':
          g_string_append (line, "\\\"");
          break;
        case '\\':
          g_string_append (line, "\\\\");
          break;
        case '\n':
          g_string_append (line, "\\n");
          break;
        case '\r':
          g_string_append (line, "\\r");
          break;
        case '\t':
          g_string_append (line, "\\t");
          break;
        default:
          if (*p < 0x20)
            g_string_append_printf (line, "\\u%04x", *p);
          else
            g_string_append_c (line, (char) *p);
        }
    }
  g_string_append_c (line, '"');
}

static void
write_line (Writer *writer)
{
  if (writer->failed)
    return;
  if (fwrite (writer->line->str, 1, writer->line->len, writer->out) != writer->line->len)
    writer->failed = TRUE;
}

static void
row_cb (const FcTimingRow *row,
        gpointer           user_data)
{
  Writer *writer = user_data;
  GString *line = writer->line;

  if (row->training && !writer->include_training)
    return;

  g_string_truncate (line, 0);
  if (writer->format == FC_EXPORT_FORMAT_CSV)
    {
      csv_field (line, row->incident_id);
      g_string_append_printf (line, ",%" G_GINT64_FORMAT ",", row->seq);
      csv_field (line, row->kind);
      g_string_append_c (line, ',');
      csv_field (line, row->detail);
      g_string_append_printf (line, ",%" G_GINT64_FORMAT ",", row->mono_us);
      csv_field (line, row->wall);
      g_string_append_c (line, ',');
      csv_field (line, row->unit_id);
      g_string_append_printf (line, ",%d,", row->training ? 1 : 0);
      csv_field (line, row->app_version);
      g_string_append_c (line, '\n');
    }
  else
    {
      g_string_append (line, "{\"incident_id\":");
      json_string (line, row->incident_id);
      g_string_append_printf (line, ",\"seq\":%" G_GINT64_FORMAT ",\"kind\":", row->seq);
      json_string (line, row->kind);
      g_string_append (line, ",\"detail\":");
      json_string (line, row->detail);
      g_string_append_printf (line, ",\"mono_us\":%" G_GINT64_FORMAT ",\"wall\":", row->mono_us);
      json_string (line, row->wall);
      g_string_append (line, ",\"unit_id\":");
      json_string (line, row->unit_id);
      g_string_append_printf (line, ",\"training\":%s,\"app_version\":",
                              row->training ? "true" : "false");
      json_string (line, row->app_version);
      g_string_append (line, "}\n");
    }
  write_line (writer);
  writer->written++;
}

/* NEMSIS */

/* NEMSIS "Not Value" code for a date/time that applies but was not recorded. */
#define NV_NOT_RECORDED "7701003"

typedef struct {
  const char *element;
  FcPoint     point;
  gboolean    nillable; /* eTimes.03 and .13 are not: a missing one is left out */
} ETimesMapping;

static const ETimesMapping etimes[] = {
  { "eTimes.01", FC_POINT_CALL, TRUE },
  { "eTimes.03", FC_POINT_DISPATCHED, FALSE },
  { "eTimes.05", FC_POINT_EN_ROUTE, TRUE },
  { "eTimes.06", FC_POINT_ARRIVED_SCENE, TRUE },
  { "eTimes.07", FC_POINT_PATIENT_CONTACT, TRUE },
  { "eTimes.09", FC_POINT_LEFT_SCENE, TRUE },
  { "eTimes.11", FC_POINT_ARRIVED_HOSPITAL, TRUE },
  { "eTimes.12", FC_POINT_TRANSFER_OF_CARE, TRUE },
  { "eTimes.13", FC_POINT_BACK_IN_SERVICE, FALSE },
};

typedef struct {
  const char *id;
  const char *title;
  const char *definition;
} CustomElement;

/* The custom elements (eCustomConfiguration CorrelationID → eCustomResults.02). */
static const CustomElement custom_elements[] = {
  { "FC.PatientLoaded", "Patient loaded into the ambulance (車内収容)",
    "Date/time the patient was loaded into the ambulance (FDMA time point 車内収容; no NEMSIS "
    "element). ISO-8601 with zone." },
  { "FC.CardAsked", "My Number card first asked for",
    "Date/time of the first card step: card asked for, card present or consent, whichever came "
    "first. ISO-8601 with zone." },
  { "FC.ConsentRecorded", "Consent for the card lookup recorded",
    "Date/time the consent basis (given, waived because unable, refused) was recorded." },
  { "FC.CardRead", "Card certificate read", "Date/time the card's certificate was read." },
  { "FC.RecordReceived", "Medication/history record received",
    "Date/time the summary record arrived (network or cache)." },
  { "FC.SummaryShown", "Summary shown to the crew", "Date/time the summary was on screen." },
  { "FC.CardUse", "Card use",
    "card-used (summary shown), attempted-failed (a card step without a summary shown, or wrong "
    "person) or not-attempted." },
  { "FC.HospitalCalls", "Hospital acceptance calls (照会)",
    "Number of hospital acceptance calls started during the incident." },
  { "FC.Synthetic", "Synthetic record",
    "yes: generated by fieldcard-cli simulate-log, not a real incident." },
  { "FC.Training", "Training record", "yes: recorded in training mode, not a real incident." },
};

static void
xml_custom_result (GString    *xml,
                   const char *id,
                   const char *value)
{
  g_autofree char *escaped = g_markup_escape_text (value, -1);

  g_string_append_printf (xml,
                          "        <eCustomResults.ResultsGroup>\n"
                          "          <eCustomResults.01>%s</eCustomResults.01>\n"
                          "          <eCustomResults.02>%s</eCustomResults.02>\n"
                          "        </eCustomResults.ResultsGroup>\n",
                          escaped, id);
}

static void
xml_custom_time (GString                *xml,
                 const char             *id,
                 const FcReportIncident *incident,
                 FcCardPoint             point)
{
  char buf[40];

  if (incident->card_us[point] == FC_NO_TIME)
    return;
  xml_custom_result (xml, id, fc_timing_format_wall (incident->card_us[point],
                                                     incident->card_offset[point], buf));
}

static void
nemsis_incident_cb (const FcReportIncident *incident,
                    gpointer                user_data)
{
  static const char * const card_use[] = {
    [FC_REPORT_GROUP_ALL] = "all",
    [FC_REPORT_GROUP_CARD_USED] = "card-used",
    [FC_REPORT_GROUP_ATTEMPTED_FAILED] = "attempted-failed",
    [FC_REPORT_GROUP_NOT_ATTEMPTED] = "not-attempted",
  };
  Writer *writer = user_data;
  GString *xml = writer->line;
  g_autofree char *id = g_markup_escape_text (incident->id, -1);
  g_autofree char *calls = g_strdup_printf ("%u", incident->hospital_calls);
  char buf[40];

  g_string_truncate (xml, 0);
  g_string_append_printf (xml,
                          "    <PatientCareReport UUID=\"%s\">\n"
                          "      <eRecord>\n"
                          "        <eRecord.01>%s</eRecord.01>\n"
                          "        <eRecord.SoftwareApplicationGroup>\n"
                          "          <eRecord.02>FieldCard project</eRecord.02>\n"
                          "          <eRecord.03>FieldCard</eRecord.03>\n"
                          "          <eRecord.04>%s</eRecord.04>\n"
                          "        </eRecord.SoftwareApplicationGroup>\n"
                          "      </eRecord>\n"
                          "      <eTimes>\n",
                          id, id, PACKAGE_VERSION);
  for (guint i = 0; i < G_N_ELEMENTS (etimes); i++)
    {
      FcPoint point = etimes[i].point;

      if (incident->point_us[point] != FC_NO_TIME)
        g_string_append_printf (xml, "        <%s>%s</%s>\n", etimes[i].element,
                                fc_timing_format_wall (incident->point_us[point],
                                                       incident->point_offset[point], buf),
                                etimes[i].element);
      else if (etimes[i].nillable)
        g_string_append_printf (xml, "        <%s xsi:nil=\"true\" NV=\"%s\"/>\n",
                                etimes[i].element, NV_NOT_RECORDED);
    }
  g_string_append (xml, "      </eTimes>\n      <eCustomResults>\n");
  if (incident->point_us[FC_POINT_PATIENT_LOADED] != FC_NO_TIME)
    xml_custom_result (xml, "FC.PatientLoaded",
                       fc_timing_format_wall (incident->point_us[FC_POINT_PATIENT_LOADED],
                                              incident->point_offset[FC_POINT_PATIENT_LOADED],
                                              buf));
  xml_custom_time (xml, "FC.CardAsked", incident, FC_CARD_ASKED);
  xml_custom_time (xml, "FC.ConsentRecorded", incident, FC_CARD_CONSENT);
  xml_custom_time (xml, "FC.CardRead", incident, FC_CARD_READ);
  xml_custom_time (xml, "FC.RecordReceived", incident, FC_CARD_FETCHED);
  xml_custom_time (xml, "FC.SummaryShown", incident, FC_CARD_SHOWN);
  xml_custom_result (xml, "FC.CardUse", card_use[incident->group]);
  xml_custom_result (xml, "FC.HospitalCalls", calls);
  if (incident->synthetic)
    xml_custom_result (xml, "FC.Synthetic", "yes");
  if (incident->training)
    xml_custom_result (xml, "FC.Training", "yes");
  g_string_append (xml, "      </eCustomResults>\n    </PatientCareReport>\n");

  write_line (writer);
  writer->written++;
}

static gboolean
export_nemsis (const char * const  *paths,
               Writer              *writer,
               GError             **error)
{
  g_autoptr(FcReport) report = fc_report_new ();
  GString *xml = writer->line;

  fc_report_set_include_training (report, writer->include_training);
  for (guint i = 0; paths[i] != NULL; i++)
    if (!fc_report_add_file (report, paths[i], error))
      return FALSE;
  fc_report_compute (report);

  g_string_assign (xml,
                   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<!-- FieldCard timing export: NEMSIS v3.5 eTimes extract\n"
                   "     (docs/timing-export.md).\n"
                   "     Not a complete EMSDataSet: only eRecord, eTimes and custom results are\n"
                   "     filled; merge them into the agency's records. No patient data. -->\n");
  if (fc_report_get_count (report, FC_REPORT_COUNT_SYNTHETIC) > 0)
    g_string_append (xml, "<!-- SYNTHETIC DATA from fieldcard-cli simulate-log: "
                          "not real incidents. -->\n");
  g_string_append (xml,
                   "<EMSDataSet xmlns=\"http://www.nemsis.org\" "
                   "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n"
                   "  <Header>\n"
                   "    <eCustomConfiguration>\n");
  for (guint i = 0; i < G_N_ELEMENTS (custom_elements); i++)
    {
      g_autofree char *title = g_markup_escape_text (custom_elements[i].title, -1);
      g_autofree char *definition = g_markup_escape_text (custom_elements[i].definition, -1);

      g_string_append_printf (xml,
                              "      <eCustomConfiguration.CustomGroup CorrelationID=\"%s\">\n"
                              "        <eCustomConfiguration.01 nemsisElement=\"%s\">%s"
                              "</eCustomConfiguration.01>\n"
                              "        <eCustomConfiguration.02>%s</eCustomConfiguration.02>\n"
                              "      </eCustomConfiguration.CustomGroup>\n",
                              custom_elements[i].id,
                              i == 0 ? "eTimes" : "eCustomResults", title, definition);
    }
  g_string_append (xml, "    </eCustomConfiguration>\n");
  write_line (writer);

  fc_report_foreach_incident (report, nemsis_incident_cb, writer);

  g_string_assign (xml, "  </Header>\n</EMSDataSet>\n");
  write_line (writer);
  return TRUE;
}

/**
 * fc_timing_export:
 * @paths: (array zero-terminated=1): timing.db files or exports
 * @format: the output format
 * @include_training: whether training events are written
 * @out: where to write
 * @written: (out) (optional): rows (CSV, JSON Lines) or incidents (NEMSIS) written
 * @skipped: (out) (optional): rows left out because they could not be read (CSV, JSON Lines)
 * @error: return location for a #FC_REPORT_ERROR
 *
 * Returns: whether every file was read and everything written
 */
gboolean
fc_timing_export (const char * const  *paths,
                  FcExportFormat       format,
                  gboolean             include_training,
                  FILE                *out,
                  guint64             *written,
                  guint64             *skipped,
                  GError             **error)
{
  Writer writer = { NULL, };
  guint64 unreadable = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (paths != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  writer.out = out;
  writer.format = format;
  writer.include_training = include_training;
  writer.line = g_string_sized_new (256);

  if (format == FC_EXPORT_FORMAT_NEMSIS)
    {
      ok = export_nemsis (paths, &writer, error);
    }
  else
    {
      if (format == FC_EXPORT_FORMAT_CSV)
        {
          g_string_assign (writer.line, "incident_id,seq,kind,detail,mono_us,wall,unit_id,"
                                        "training,app_version\n");
          write_line (&writer);
        }
      for (guint i = 0; ok && paths[i] != NULL; i++)
        ok = fc_timing_read_file (paths[i], FC_TIMING_READ_ALL, row_cb, &writer, NULL,
                                  &unreadable, error);
    }

  if (ok && (writer.failed || fflush (out) != 0 || ferror (out)))
    {
      int saved_errno = errno;

      g_set_error (error, FC_REPORT_ERROR, FC_REPORT_ERROR_WRITE,
                   /* Translators: %s is the system's reason, e.g. "No space left on device". */
                   _("Cannot write the export: %s"), g_strerror (saved_errno));
      ok = FALSE;
    }
  if (written != NULL)
    *written = writer.written;
  if (skipped != NULL)
    *skipped = unreadable;
  g_string_free (writer.line, TRUE);
  return ok;
}
