/* fc-scenario-private.h: the FcScenario instance and what its modules share (see the top of
 * fc-scenario.c): the position scanner (fc-scenario-scan.c), the typed field readers
 * (fc-scenario-fields.c), the measured values (fc-scenario-measured.c), the targets and expected
 * warnings (fc-scenario-targets.c) and the loader (fc-scenario-load.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "fc-scenario.h"

G_BEGIN_DECLS

/* A text in both languages; either may be missing. */
typedef struct
{
  char *ja; /* (owned) (nullable) */
  char *en; /* (owned) (nullable) */
} FcScenarioLocalised;

/* A place in the scenario file: 1-based line and column (in characters). */
typedef struct
{
  guint line;
  guint column;
} FcScenarioPos;

struct _FcScenario
{
  GObject                 parent_instance;

  char                   *id;            /* (owned) */
  char                   *path;          /* (owned) absolute */
  int                     format;
  FcScenarioLocalised     title;
  FcScenarioLocalised     brief;
  FcScenarioLocalised     presentation;
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
  GHashTable             *revealed;       /* (owned) name → FcScenarioLocalised */
  GPtrArray              *expected;       /* (owned) NULL-terminated */
  GPtrArray              *targets;        /* (owned) (element-type FcScenarioTarget) */
  GHashTable             *value_pos;      /* (owned) path → FcScenarioPos */
  GHashTable             *key_pos;        /* (owned) path → FcScenarioPos */
};

/* The state of one fc_scenario_new_from_file_full(). */
typedef struct
{
  FcScenario *self;
  const char *file;      /* base name, for the GError message */
  int         format;
  /* The problem (out). */
  guint       line;
  guint       column;
  char       *message;   /* (owned) (nullable) */
} FcScenarioLoader;

/* fc-scenario.c */
void        fc_scenario_localised_clear (FcScenarioLocalised *l);
void        fc_scenario_localised_free  (FcScenarioLocalised *l);
/* The text for the UI language: Japanese when the UI is Japanese, English otherwise, the other
 * language when that one is missing (NULL when both are). Also used by FcDebrief. */
const char *fc_scenario_pick_language   (const char          *ja,
                                         const char          *en);

/* fc-scenario-scan.c: the path of @member below @parent ("card" + "behaviour" →
 * "card.behaviour"); the scanner over the whole file (FALSE with *@message and *@pos on a syntax
 * error, *@duplicate: the first member given twice); and where the node @path is (its name when
 * @at_key), else the nearest enclosing node, FALSE (and 0, 0) without any. */
G_GNUC_WARN_UNUSED_RESULT
char       *fc_scenario_join_path       (const char          *parent,
                                         const char          *member);
gboolean    fc_scenario_scan_document   (const char          *text,
                                         gsize                length,
                                         GHashTable          *values,
                                         GHashTable          *keys,
                                         char               **duplicate,
                                         char               **message,
                                         FcScenarioPos       *pos);
gboolean    fc_scenario_scan_lookup     (GHashTable          *values,
                                         GHashTable          *keys,
                                         const char          *path,
                                         gboolean             at_key,
                                         FcScenarioPos       *out);

/* fc-scenario-fields.c */
/* Fails with FC_SCENARIO_ERROR @code at the node @path (its name when @at_key): the GError says
 * "FILE:LINE:COLUMN: message" and the loader keeps the parts. Returns FALSE. */
gboolean    fc_scenario_loader_fail_code     (FcScenarioLoader    *ld,
                                              GError             **error,
                                              FcScenarioError      code,
                                              const char          *path,
                                              gboolean             at_key,
                                              const char          *format,
                                              ...) G_GNUC_PRINTF (6, 7);
/* The same with FC_SCENARIO_ERROR_INVALID, the code of nearly every problem. */
#define fc_scenario_loader_fail(ld, error, path, at_key, ...) \
  fc_scenario_loader_fail_code ((ld), (error), FC_SCENARIO_ERROR_INVALID, (path), (at_key), \
                                __VA_ARGS__)
gboolean    fc_scenario_loader_check_members (FcScenarioLoader    *ld,
                                              JsonObject          *object,
                                              const char          *path,
                                              const char * const  *allowed,
                                              GError             **error);
gboolean    fc_scenario_loader_get_string    (FcScenarioLoader    *ld,
                                              JsonObject          *object,
                                              const char          *path,
                                              const char          *member,
                                              gboolean             required,
                                              const char         **out,
                                              GError             **error);
gboolean    fc_scenario_loader_get_object    (FcScenarioLoader    *ld,
                                              JsonObject          *object,
                                              const char          *path,
                                              const char          *member,
                                              gboolean             required,
                                              JsonObject         **out,
                                              GError             **error);
gboolean    fc_scenario_loader_get_uint      (FcScenarioLoader    *ld,
                                              JsonObject          *object,
                                              const char          *path,
                                              const char          *member,
                                              guint                max,
                                              guint               *out,
                                              GError             **error);
gboolean    fc_scenario_loader_get_boolean   (FcScenarioLoader    *ld,
                                              JsonObject          *object,
                                              const char          *path,
                                              const char          *member,
                                              gboolean            *out,
                                              GError             **error);
gboolean    fc_scenario_loader_read_localised (FcScenarioLoader    *ld,
                                               JsonNode            *node,
                                               const char          *field,
                                               FcScenarioLocalised *out,
                                               GError             **error);
gboolean    fc_scenario_loader_get_localised (FcScenarioLoader    *ld,
                                              JsonObject          *object,
                                              const char          *path,
                                              const char          *member,
                                              gboolean             required,
                                              FcScenarioLocalised *out,
                                              GError             **error);
gboolean    fc_scenario_node_is_type         (JsonNode            *node,
                                              GType                type);

/* fc-scenario-measured.c */
gboolean    fc_scenario_loader_read_measured (FcScenarioLoader    *ld,
                                              JsonObject          *root,
                                              GError             **error);

/* fc-scenario-targets.c */
gboolean    fc_scenario_loader_read_expected (FcScenarioLoader    *ld,
                                              JsonObject          *root,
                                              GError             **error);
gboolean    fc_scenario_loader_read_targets  (FcScenarioLoader    *ld,
                                              JsonObject          *root,
                                              GError             **error);

G_END_DECLS
