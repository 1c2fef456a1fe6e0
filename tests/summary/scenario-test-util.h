/* scenario-test-util.h: the scenario fixtures shared by test-scenario and test-scenario-source:
 * shipped and test scenario paths, loading, and a temporary folder to write scenarios into.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "fc-scenario.h"

G_BEGIN_DECLS

#define FIXTURE_DIR SUMMARY_TEST_DIR "/scenarios"

/* A temporary folder with a copy of the minimal bundle as "bundle.json". */
typedef struct
{
  char *dir;
} TmpFixture;

/* The path of shipped scenario @id (under $FIELDCARD_DATA_DIR/scenarios). */
char       *shipped_path   (const char    *id);
/* Loads the scenario at @path, asserting success. */
FcScenario *load           (const char    *path);
void        tmp_setup      (TmpFixture    *fixture,
                            gconstpointer  user_data);
void        tmp_teardown   (TmpFixture    *fixture,
                            gconstpointer  user_data);
/* Writes @json as NAME.json into the fixture folder and returns its path. */
char       *write_scenario (TmpFixture    *fixture,
                            const char    *name,
                            const char    *json);

G_END_DECLS
