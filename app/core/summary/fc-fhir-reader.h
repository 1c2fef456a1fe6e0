/* fc-fhir-reader.h: reads an IPS-shaped HL7 FHIR R4 Bundle (JP Core codes) into an FcSummary.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "fc-types.h"
#include "fc-summary.h"

G_BEGIN_DECLS

#define FC_FHIR_ERROR (fc_fhir_error_quark ())

/**
 * FcFhirError:
 * @FC_FHIR_ERROR_SYNTAX: not JSON
 * @FC_FHIR_ERROR_NOT_BUNDLE: JSON, but not a FHIR Bundle
 * @FC_FHIR_ERROR_INVALID: a Bundle whose content cannot be read (the message says where)
 */
typedef enum {
  FC_FHIR_ERROR_SYNTAX,
  FC_FHIR_ERROR_NOT_BUNDLE,
  FC_FHIR_ERROR_INVALID,
} FcFhirError;

GQuark     fc_fhir_error_quark           (void);
/* Maps a code-system URI or OID URN (every JP Core alias) to FcCoding's short name; returns
 * @system itself when unknown. */
const char *fc_fhir_normalize_system     (const char *system);
/* @today: (nullable) reference date for the age band (tests pass a fixed one). */
G_GNUC_WARN_UNUSED_RESULT
FcSummary *fc_fhir_read_bundle           (const char  *json,
                                          gssize       length,
                                          GDateTime   *today,
                                          GError     **error);
/* Like fc_fhir_read_bundle(); the summary's provenance is FC_PROVENANCE_FILE. */
G_GNUC_WARN_UNUSED_RESULT
FcSummary *fc_fhir_read_bundle_file      (const char  *path,
                                          GDateTime   *today,
                                          GError     **error);
/* Parses @data (UTF-8 JSON; @length may be -1) into its root node. Fails with
 * FC_FHIR_ERROR_SYNTAX and a message that starts with "line L, column C: " when it can say where
 * (empty input and invalid UTF-8 included). Shared with the scenario loader. */
G_GNUC_WARN_UNUSED_RESULT
JsonNode  *fc_fhir_parse_json            (const char  *data,
                                          gssize       length,
                                          GError     **error);

G_END_DECLS
