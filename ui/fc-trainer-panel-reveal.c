/* fc-trainer-panel-reveal.c: the trainer panel's rows of measured values — one per value the
 * scenario can reveal, with a "Reveal" button until the crew has measured it, then the value.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-trainer-panel"

#include "config.h"

#include "fc-trainer-panel.h"
#include "fc-trainer-panel-private.h"

#include <glib/gi18n-lib.h>

void
fc_trainer_panel_reveal_row_free (RevealRow *row)
{
  g_free (row->name);
  g_free (row);
}

static void
clear_reveal_rows (FcTrainerPanel *self)
{
  for (guint i = 0; i < self->reveal_rows->len; i++)
    {
      RevealRow *row = g_ptr_array_index (self->reveal_rows, i);

      gtk_list_box_remove (self->measured_list, row->row);
    }
  g_ptr_array_set_size (self->reveal_rows, 0);
  g_clear_object (&self->rows_scenario);
}

static void
build_reveal_rows (FcTrainerPanel *self,
                   FcScenario     *scenario)
{
  const char * const *names;

  if (scenario == self->rows_scenario)
    return;
  clear_reveal_rows (self);
  if (scenario == NULL)
    return;

  self->rows_scenario = g_object_ref (scenario);
  names = fc_scenario_get_revealed_names (scenario);
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      RevealRow *row = g_new0 (RevealRow, 1);

      row->name = g_strdup (names[i]);
      row->row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->row),
                                     fc_trainer_panel_measured_label (names[i]));
      /* The title is plain text, not markup (libadwaita 1.2 parses it). */
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row->row), FALSE);
      gtk_widget_add_css_class (row->row, "reveal-row");

      row->value = GTK_LABEL (gtk_label_new (NULL));
      gtk_label_set_wrap (row->value, TRUE);
      /* A number and its unit on one line when there is room; long observations wrap. */
      gtk_label_set_natural_wrap_mode (row->value, GTK_NATURAL_WRAP_NONE);
      gtk_label_set_xalign (row->value, 1);
      gtk_widget_add_css_class (GTK_WIDGET (row->value), "reveal-value");
      gtk_widget_set_valign (GTK_WIDGET (row->value), GTK_ALIGN_CENTER);

      /* Translators: trainer panel: show the value the crew gets when they measure. */
      row->button = gtk_button_new_with_label (_("Reveal"));
      gtk_widget_set_valign (row->button, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row->button), "trainer.reveal");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row->button), "s", names[i]);
      gtk_widget_add_css_class (row->button, "reveal-button");

      adw_action_row_add_suffix (ADW_ACTION_ROW (row->row), GTK_WIDGET (row->value));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row->row), row->button);

      gtk_list_box_append (self->measured_list, row->row);
      g_ptr_array_add (self->reveal_rows, row);
    }
}

void
fc_trainer_panel_update_reveal_rows (FcTrainerPanel *self,
                    FcScenario     *scenario,
                    FcTrainingKit  *kit)
{
  const char * const *revealed = kit != NULL ? fc_training_kit_get_revealed (kit) : NULL;

  build_reveal_rows (self, scenario);
  gtk_widget_set_visible (self->measured_box, self->reveal_rows->len > 0);

  for (guint i = 0; i < self->reveal_rows->len; i++)
    {
      RevealRow *row = g_ptr_array_index (self->reveal_rows, i);
      gboolean shown = revealed != NULL && g_strv_contains (revealed, row->name);
      const char *value = scenario != NULL ? fc_scenario_get_revealed (scenario, row->name) : NULL;

      if (shown && value != NULL)
        {
          g_autofree char *text = fc_trainer_panel_format_measured (row->name, value);

          gtk_label_set_text (row->value, text);
        }
      else
        gtk_label_set_text (row->value, "");
      gtk_widget_set_visible (GTK_WIDGET (row->value), shown);
      gtk_widget_set_visible (row->button, !shown);
      gtk_widget_set_sensitive (row->button, kit != NULL && fc_trainer_panel_incident_open (self));
    }
}

static RevealRow *
find_reveal_row (FcTrainerPanel *self,
                 const char     *name)
{
  for (guint i = 0; i < self->reveal_rows->len; i++)
    {
      RevealRow *row = g_ptr_array_index (self->reveal_rows, i);

      if (g_str_equal (row->name, name))
        return row;
    }
  return NULL;
}

GtkWidget *
fc_trainer_panel_get_reveal_button (FcTrainerPanel *self,
                                    const char     *name)
{
  RevealRow *row;

  g_return_val_if_fail (FC_IS_TRAINER_PANEL (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  row = find_reveal_row (self, name);
  return row != NULL ? row->button : NULL;
}

GtkLabel *
fc_trainer_panel_get_reveal_label (FcTrainerPanel *self,
                                   const char     *name)
{
  RevealRow *row;

  g_return_val_if_fail (FC_IS_TRAINER_PANEL (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  row = find_reveal_row (self, name);
  return row != NULL ? row->value : NULL;
}
