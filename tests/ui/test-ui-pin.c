/* test-ui-pin.c: the card PIN dialog (issue 3) with the training kit's virtual card (PIN 1234,
 * 3 tries): right PIN, wrong PIN, the last try only after a separate confirmation, a blocked
 * card, no card on the reader, and cancel wiping what was typed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-ui-pin"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "fc-identity-block.h"
#include "fc-pin-dialog.h"
#include "fc-summary-page.h"
#include "fc-virtual-card.h"
#include "fc-window.h"
#include "ui-test-util.h"

#define RIGHT_PIN "1234"
#define WRONG_PIN "9999"

/* The card has been read and the record is on screen: where the crew opens the PIN check. */
static FcVirtualCard *
read_card (Fixture *fixture)
{
  FcController *controller = fc_window_get_controller (fixture->window);
  FcTrainingKit *kit;

  ui_start_scenario (fixture->window, DIABETES_SCENARIO);
  ui_consent_and_wait_summary (fixture->window);
  kit = fc_controller_get_training_kit (controller);
  g_assert_nonnull (kit);
  g_assert_true (fc_controller_get_card_transport (controller) ==
                 fc_training_kit_get_transport (kit));
  return FC_VIRTUAL_CARD (fc_training_kit_get_transport (kit));
}

static guint
card_tries (FcVirtualCard *card)
{
  guint tries = 0;

  g_object_get (card, "pin-tries", &tries, NULL);
  return tries;
}

static FcPinDialog *
open_dialog (Fixture *fixture)
{
  FcPinDialog *dialog = fc_pin_dialog_new (fc_window_get_controller (fixture->window),
                                           GTK_WINDOW (fixture->window));

  g_object_ref_sink (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (dialog)), WAIT_MS));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) ==
                 GTK_WINDOW (fixture->window));
  return dialog;
}

static void
close_dialog (FcPinDialog *dialog)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
  ui_spin (50);
  g_assert_true (fc_pin_dialog_is_wiped_for_testing (dialog));
  g_assert_finalize_object (dialog);
}

static void
wait_state (FcPinDialog *dialog,
            FcPinState   state)
{
  g_assert_true (WAIT_FOR (fc_pin_dialog_get_state (dialog) == state, CARD_WAIT_MS));
}

/* Taps @digits on the keypad; the display shows one dot per digit and never a digit. */
static void
type_pin (FcPinDialog *dialog,
          const char  *digits)
{
  GtkLabel *display = fc_pin_dialog_get_label (dialog, "display");

  for (const char *d = digits; *d != '\0'; d++)
    {
      char key[2] = { *d, '\0' };
      guint before = fc_pin_dialog_get_length (dialog);

      ui_tap (fc_pin_dialog_get_key (dialog, key));
      g_assert_cmpuint (fc_pin_dialog_get_length (dialog), ==, before + 1);
      g_assert_cmpuint (g_utf8_strlen (gtk_label_get_text (display), -1), ==, before + 1);
      g_assert_null (strpbrk (gtk_label_get_text (display), "0123456789"));
    }
}

/* No string property of @object holds @secret. */
static void
assert_no_property_holds (GObject    *object,
                          const char *secret)
{
  guint n = 0;
  g_autofree GParamSpec **specs = g_object_class_list_properties (G_OBJECT_GET_CLASS (object), &n);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *value = NULL;

      if (specs[i]->value_type != G_TYPE_STRING || !(specs[i]->flags & G_PARAM_READABLE))
        continue;
      g_object_get (object, specs[i]->name, &value, NULL);
      g_assert_null (value != NULL ? strstr (value, secret) : NULL);
    }
}

/* No timeline event of the incident names @secret. */
static void
assert_timeline_free_of (FcWindow   *window,
                         const char *secret)
{
  FcController *controller = fc_window_get_controller (window);
  GListModel *events = fc_timeline_get_events (fc_controller_get_timeline (controller));

  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(FcTimelineEvent) event = g_list_model_get_item (events, i);
      const char *detail = fc_timeline_event_get_detail (event);

      g_assert_null (detail != NULL ? strstr (detail, secret) : NULL);
    }
}

/* /fc/ui/pin/right-pin-verified: the tries are shown before anything is sent, the right PIN
 * says so plainly, and the digits are nowhere but on the card. */
static void
test_right_pin (Fixture       *fixture,
                gconstpointer  data)
{
  FcController *controller = fc_window_get_controller (fixture->window);
  FcVirtualCard *card = read_card (fixture);
  g_autofree char *three = g_strdup_printf (ngettext ("%d try left", "%d tries left", 3), 3);
  FcPinDialog *dialog = NULL;
  FcIdentityBlock *identity;
  GList *toplevels;

  /* What the crew taps: "Check the card PIN…" in the identity block of the summary page opens a
   * modal dialog over the window. */
  identity = fc_summary_page_get_identity_block (fc_window_get_summary_page (fixture->window));
  g_assert_true (WAIT_FOR (gtk_widget_get_mapped (fc_identity_block_get_check_pin_button (identity)),
                           WAIT_MS));
  ui_tap (fc_identity_block_get_check_pin_button (identity));
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (FC_IS_PIN_DIALOG (l->data))
      dialog = g_object_ref (l->data);
  g_list_free (toplevels);
  g_assert_nonnull (dialog);
  g_assert_true (fc_pin_dialog_get_controller (dialog) == controller);

  wait_state (dialog, FC_PIN_STATE_ENTRY);
  g_assert_cmpint (fc_pin_dialog_get_tries_left (dialog), ==, 3);
  g_assert_cmpuint (card_tries (card), ==, 3);
  g_assert_cmpstr (gtk_label_get_text (fc_pin_dialog_get_label (dialog, "tries")), ==, three);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (fc_pin_dialog_get_label (dialog, "last-try"))));
  /* Check PIN waits for 4 digits. */
  g_assert_false (gtk_widget_is_sensitive (fc_pin_dialog_get_key (dialog, "OK")));

  type_pin (dialog, "12");
  ui_save_png (GTK_WIDGET (dialog), "pin-dialog.png");
  type_pin (dialog, "34");
  /* A fifth digit is not taken. */
  g_assert_false (gtk_widget_is_sensitive (fc_pin_dialog_get_key (dialog, "5")));
  assert_no_property_holds (G_OBJECT (dialog), RIGHT_PIN);

  ui_tap (fc_pin_dialog_get_key (dialog, "OK"));
  /* Sent: the dialog's copy is gone at once. */
  g_assert_true (fc_pin_dialog_is_wiped_for_testing (dialog));
  wait_state (dialog, FC_PIN_STATE_VERIFIED);
  g_assert_cmpstr (gtk_label_get_text (fc_pin_dialog_get_label (dialog, "message")), ==,
                   _("Identity check: the PIN matches."));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (fc_pin_dialog_get_label (dialog, "message")),
                                           "success"));
  g_assert_false (gtk_widget_get_mapped (fc_pin_dialog_get_key (dialog, "1")));
  g_assert_cmpuint (card_tries (card), ==, 3);
  g_assert_true (WAIT_FOR (ui_count_events (fixture->window, "pin-verified", NULL) == 1, WAIT_MS));
  assert_timeline_free_of (fixture->window, RIGHT_PIN);
  ui_save_png (GTK_WIDGET (dialog), "pin-verified.png");

  /* The same button closes the dialog once there is an outcome. */
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (fc_pin_dialog_get_key (dialog, "cancel"))), ==,
                   _("Close"));
  ui_tap (fc_pin_dialog_get_key (dialog, "cancel"));
  ui_spin (50);
  g_assert_true (fc_pin_dialog_is_wiped_for_testing (dialog));
  g_assert_finalize_object (dialog);
}

/* /fc/ui/pin/wrong-pin-tries-decrease: a wrong PIN costs one try and says how many are left;
 * the right one afterwards still works. Backspace and Clear edit what is typed. */
static void
test_wrong_pin (Fixture       *fixture,
                gconstpointer  data)
{
  FcVirtualCard *card = read_card (fixture);
  FcPinDialog *dialog = open_dialog (fixture);
  g_autofree char *two = g_strdup_printf (ngettext ("%d try left", "%d tries left", 2), 2);
  g_autofree char *wrong = g_strdup_printf (ngettext ("Wrong PIN. %d try left: check the number with the patient before typing again.",
                                                      "Wrong PIN. %d tries left: check the number with the patient before typing again.",
                                                      2), 2);
  GtkLabel *message = fc_pin_dialog_get_label (dialog, "message");

  wait_state (dialog, FC_PIN_STATE_ENTRY);
  type_pin (dialog, "98");
  ui_tap (fc_pin_dialog_get_key (dialog, "back"));
  g_assert_cmpuint (fc_pin_dialog_get_length (dialog), ==, 1);
  ui_tap (fc_pin_dialog_get_key (dialog, "clear"));
  g_assert_cmpuint (fc_pin_dialog_get_length (dialog), ==, 0);
  g_assert_true (fc_pin_dialog_is_wiped_for_testing (dialog));

  type_pin (dialog, WRONG_PIN);
  ui_tap (fc_pin_dialog_get_key (dialog, "OK"));
  wait_state (dialog, FC_PIN_STATE_WRONG);
  g_assert_cmpint (fc_pin_dialog_get_tries_left (dialog), ==, 2);
  g_assert_cmpuint (card_tries (card), ==, 2);
  g_assert_cmpstr (gtk_label_get_text (fc_pin_dialog_get_label (dialog, "tries")), ==, two);
  g_assert_cmpstr (gtk_label_get_text (message), ==, wrong);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (message), "inline-error"));
  g_assert_true (fc_pin_dialog_is_wiped_for_testing (dialog));
  g_assert_cmpuint (ui_count_events (fixture->window, "pin-failed", NULL), ==, 1);
  ui_save_png (GTK_WIDGET (dialog), "pin-wrong.png");

  /* Type again: the right PIN. */
  type_pin (dialog, RIGHT_PIN);
  ui_tap (fc_pin_dialog_get_key (dialog, "OK"));
  wait_state (dialog, FC_PIN_STATE_VERIFIED);
  g_assert_cmpuint (card_tries (card), ==, 3);
  assert_timeline_free_of (fixture->window, WRONG_PIN);
  close_dialog (dialog);
}

/* /fc/ui/pin/last-try-needs-confirmation: with one try left the warning is on screen from the
 * start, and nothing reaches the card until the separate confirmation. */
static void
test_last_try (Fixture       *fixture,
               gconstpointer  data)
{
  FcVirtualCard *card = read_card (fixture);
  FcPinDialog *dialog;
  GtkLabel *warning;
  guint apdus;

  g_object_set (card, "pin-tries", 1, NULL);
  dialog = open_dialog (fixture);
  wait_state (dialog, FC_PIN_STATE_ENTRY);
  g_assert_cmpint (fc_pin_dialog_get_tries_left (dialog), ==, 1);
  warning = fc_pin_dialog_get_label (dialog, "last-try");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (warning)));
  g_assert_cmpstr (gtk_label_get_text (warning), ==,
                   _("Last try: a wrong PIN locks the card; it can only be unlocked at the city office."));

  /* OK asks; the card sees nothing. */
  type_pin (dialog, WRONG_PIN);
  apdus = fc_virtual_card_get_apdu_count (card);
  ui_tap (fc_pin_dialog_get_key (dialog, "OK"));
  g_assert_cmpint (fc_pin_dialog_get_state (dialog), ==, FC_PIN_STATE_CONFIRM_LAST);
  g_assert_true (WAIT_FOR (gtk_widget_get_mapped (fc_pin_dialog_get_key (dialog, "confirm")), WAIT_MS));
  g_assert_false (gtk_widget_get_mapped (fc_pin_dialog_get_key (dialog, "OK")));
  ui_save_png (GTK_WIDGET (dialog), "pin-last-try.png");
  ui_spin (100);
  g_assert_cmpuint (fc_virtual_card_get_apdu_count (card), ==, apdus);
  g_assert_cmpuint (card_tries (card), ==, 1);

  /* "Do not send": back to the keypad, the digits forgotten, still one try. */
  ui_tap (fc_pin_dialog_get_key (dialog, "no-send"));
  g_assert_cmpint (fc_pin_dialog_get_state (dialog), ==, FC_PIN_STATE_ENTRY);
  g_assert_true (fc_pin_dialog_is_wiped_for_testing (dialog));
  g_assert_cmpuint (fc_virtual_card_get_apdu_count (card), ==, apdus);
  g_assert_cmpuint (card_tries (card), ==, 1);

  /* The right PIN, confirmed: verified, and the card is back to 3 tries. */
  type_pin (dialog, RIGHT_PIN);
  ui_tap (fc_pin_dialog_get_key (dialog, "OK"));
  g_assert_cmpint (fc_pin_dialog_get_state (dialog), ==, FC_PIN_STATE_CONFIRM_LAST);
  ui_tap (fc_pin_dialog_get_key (dialog, "confirm"));
  g_assert_true (fc_pin_dialog_is_wiped_for_testing (dialog));
  wait_state (dialog, FC_PIN_STATE_VERIFIED);
  g_assert_cmpuint (card_tries (card), ==, 3);
  close_dialog (dialog);
}

/* /fc/ui/pin/blocked-card-said-plainly: a wrong last try locks the card; opened again, the
 * dialog says so before anything is typed and offers no keypad. */
static void
test_blocked (Fixture       *fixture,
              gconstpointer  data)
{
  FcVirtualCard *card = read_card (fixture);
  FcPinDialog *dialog;

  g_object_set (card, "pin-tries", 1, NULL);
  dialog = open_dialog (fixture);
  wait_state (dialog, FC_PIN_STATE_ENTRY);
  type_pin (dialog, WRONG_PIN);
  ui_tap (fc_pin_dialog_get_key (dialog, "OK"));
  ui_tap (fc_pin_dialog_get_key (dialog, "confirm"));
  wait_state (dialog, FC_PIN_STATE_BLOCKED);
  g_assert_cmpint (fc_pin_dialog_get_tries_left (dialog), ==, 0);
  g_assert_cmpuint (card_tries (card), ==, 0);
  g_assert_cmpstr (gtk_label_get_text (fc_pin_dialog_get_label (dialog, "tries")), ==, _("No tries left"));
  close_dialog (dialog);

  dialog = open_dialog (fixture);
  wait_state (dialog, FC_PIN_STATE_BLOCKED);
  g_assert_cmpuint (card_tries (card), ==, 0);
  g_assert_false (gtk_widget_get_mapped (fc_pin_dialog_get_key (dialog, "OK")));
  g_assert_false (gtk_widget_is_sensitive (fc_pin_dialog_get_key (dialog, "1")));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (fc_pin_dialog_get_label (dialog, "message")),
                                           "inline-error"));
  ui_save_png (GTK_WIDGET (dialog), "pin-blocked.png");
  close_dialog (dialog);
}

/* /fc/ui/pin/card-not-on-reader: said plainly with Try again; once the card is back the tries
 * are read and the PIN can be typed. */
static void
test_no_card (Fixture       *fixture,
              gconstpointer  data)
{
  FcController *controller = fc_window_get_controller (fixture->window);
  FcVirtualCard *card = read_card (fixture);
  FcPinDialog *dialog;

  g_assert_true (fc_controller_training_inject (controller, FC_TRAINING_FAULT_PULL_CARD, NULL));
  dialog = open_dialog (fixture);
  wait_state (dialog, FC_PIN_STATE_NO_CARD);
  g_assert_true (WAIT_FOR (gtk_widget_get_mapped (fc_pin_dialog_get_key (dialog, "retry")), WAIT_MS));
  g_assert_cmpuint (strlen (gtk_label_get_text (fc_pin_dialog_get_label (dialog, "message"))), >, 0);
  g_assert_false (gtk_widget_is_sensitive (fc_pin_dialog_get_key (dialog, "1")));
  g_assert_cmpuint (card_tries (card), ==, 3);

  fc_training_kit_set_time_scale (fc_controller_get_training_kit (controller), 0);
  g_assert_true (fc_controller_training_inject (controller, FC_TRAINING_FAULT_REINSERT_CARD, NULL));
  g_assert_true (WAIT_FOR (!fc_training_kit_get_card_pulled (fc_controller_get_training_kit (controller)),
                           WAIT_MS));
  ui_tap (fc_pin_dialog_get_key (dialog, "retry"));
  wait_state (dialog, FC_PIN_STATE_ENTRY);
  g_assert_cmpint (fc_pin_dialog_get_tries_left (dialog), ==, 3);
  close_dialog (dialog);
}

/* /fc/ui/pin/cancel-wipes-digits: Cancel (and closing the window) forgets what was typed and
 * sends nothing. */
static void
test_cancel_wipes (Fixture       *fixture,
                   gconstpointer  data)
{
  FcVirtualCard *card = read_card (fixture);
  FcPinDialog *dialog = open_dialog (fixture);
  guint apdus;

  wait_state (dialog, FC_PIN_STATE_ENTRY);
  apdus = fc_virtual_card_get_apdu_count (card);
  type_pin (dialog, "123");
  g_assert_false (fc_pin_dialog_is_wiped_for_testing (dialog));
  ui_tap (fc_pin_dialog_get_key (dialog, "cancel"));
  g_assert_true (fc_pin_dialog_is_wiped_for_testing (dialog));
  g_assert_cmpuint (fc_pin_dialog_get_length (dialog), ==, 0);
  g_assert_true (WAIT_FOR (!gtk_widget_get_visible (GTK_WIDGET (dialog)), WAIT_MS));
  ui_spin (50);
  g_assert_cmpuint (fc_virtual_card_get_apdu_count (card), ==, apdus);
  g_assert_cmpuint (card_tries (card), ==, 3);
  g_assert_finalize_object (dialog);

  /* The window's close button (close-request) too. */
  dialog = open_dialog (fixture);
  wait_state (dialog, FC_PIN_STATE_ENTRY);
  type_pin (dialog, RIGHT_PIN);
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (fc_pin_dialog_is_wiped_for_testing (dialog));
  ui_spin (50);
  g_assert_cmpuint (card_tries (card), ==, 3);
  g_assert_cmpuint (ui_count_events (fixture->window, "pin-verified", NULL), ==, 0);
  g_assert_finalize_object (dialog);
}

int
main (int   argc,
      char *argv[])
{
  int exit_code = 0;

  if (!ui_test_init (&argc, &argv, &exit_code))
    return exit_code;

  ui_test_add ("/fc/ui/pin/right-pin-verified", test_right_pin);
  ui_test_add ("/fc/ui/pin/wrong-pin-tries-decrease", test_wrong_pin);
  ui_test_add ("/fc/ui/pin/last-try-needs-confirmation", test_last_try);
  ui_test_add ("/fc/ui/pin/blocked-card-said-plainly", test_blocked);
  ui_test_add ("/fc/ui/pin/card-not-on-reader", test_no_card);
  ui_test_add ("/fc/ui/pin/cancel-wipes-digits", test_cancel_wipes);

  return g_test_run ();
}
