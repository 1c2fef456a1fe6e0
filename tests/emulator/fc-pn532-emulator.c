/* fc-pn532-emulator: an emulated PN532 reader with a virtual My Number card, on a pty.
 *
 *   fc-pn532-emulator [--link PATH] [--no-card] [--pace] [--remove-after N]
 *                     [--wrong-application] [--cert CERT.der] [--ca CA.der] [--write-ca CA.der]
 *                     [--pin-tries N] [--scenario SCENARIO.json]
 *
 * --ca serves that CA certificate from EF 000B (with --cert: the CA that issued it); --pin-tries
 * sets the user-authentication PIN counter (the virtual card's PIN is "1234").
 *
 * With --scenario the card is the training scenario's (FcTrainingKit): its certificate (an
 * expired one for an "expired" card) from a fresh test CA that --write-ca writes out so that the
 * app can trust it, and its behaviour on the reader: "absent" starts with no card ("place" puts
 * it there), "removed-after" leaves the field after the scenario's byte count (a PN532 timeout,
 * as with a real reader) and comes back after "reinsert_after_ms", "slow" paces every byte,
 * "wrong-application" and "error-status" answer like such cards. A trainer runs
 *
 *   fc-pn532-emulator --scenario data/scenarios/card-pulled-mid-read.json --write-ca /tmp/ca.der
 *   fieldcard --training --reader=pn532_uart:/dev/pts/N:115200
 *
 * and the crew taps the emulated card through the real libnfc path (docs/scenarios.md).
 *
 * Prints the pty path on the first line and the libnfc connstring on the second, then serves
 * until SIGINT/SIGTERM or "quit". Lines on standard input control it: "place", "remove",
 * "unplug", "plug", "pin-tries N", "quit". Use it with `fieldcard --reader=pn532_uart:/dev/pts/N:115200` or
 * `fieldcard-cli read-card --reader …` to exercise the real libnfc path without hardware.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-pn532-emu"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib-unix.h>

#include "fc-pn532-emu.h"
#include "fc-scenario.h"
#include "fc-test-ca.h"
#include "fc-training-kit.h"
#include "fc-virtual-card.h"

typedef struct
{
  GMainLoop     *loop;
  FcPn532Emu    *emu;
  FcVirtualCard *card;
  guint       reinsert_ms; /* --scenario with "removed-after": the card comes back */
  guint       reinsert_id;
} App;

/* The whole contents of @path, or NULL. */
static GBytes *
read_bytes (const char  *path,
            GError     **error)
{
  char *contents = NULL;
  gsize len;

  if (!g_file_get_contents (path, &contents, &len, error))
    return NULL;
  return g_bytes_new_take (contents, len);
}

static gboolean
reinsert_cb (gpointer user_data)
{
  App *app = user_data;

  app->reinsert_id = 0;
  fc_pn532_emu_set_card_present (app->emu, TRUE);
  g_printerr ("scenario: the card is back on the reader\n");
  return G_SOURCE_REMOVE;
}

/* A "removed-after" scenario card left the field (the reader thread takes it away without a
 * notification): put it back after the scenario's delay, once. */
static gboolean
removal_poll_cb (gpointer user_data)
{
  App *app = user_data;

  if (fc_pn532_emu_get_card_present (app->emu))
    return G_SOURCE_CONTINUE;
  g_printerr ("scenario: the card left the reader\n");
  app->reinsert_id = g_timeout_add (app->reinsert_ms, reinsert_cb, app);
  return G_SOURCE_REMOVE;
}

static gboolean
quit_cb (gpointer user_data)
{
  App *app = user_data;

  g_main_loop_quit (app->loop);
  return G_SOURCE_CONTINUE;
}

static void
print_paths (FcPn532Emu *emu)
{
  g_autofree char *pty = fc_pn532_emu_dup_pty_path (emu);
  g_autofree char *connstring = fc_pn532_emu_dup_connstring (emu);

  printf ("%s\n%s\n", pty != NULL ? pty : "(unplugged)", connstring);
  fflush (stdout);
}

static gboolean
stdin_cb (GIOChannel   *channel,
          GIOCondition  condition,
          gpointer      user_data)
{
  App *app = user_data;
  g_autofree char *line = NULL;
  g_autoptr(GError) error = NULL;
  GIOStatus status;

  status = g_io_channel_read_line (channel, &line, NULL, NULL, &error);
  if (status == G_IO_STATUS_EOF || status == G_IO_STATUS_ERROR)
    return G_SOURCE_REMOVE; /* keep serving without a console */
  if (line == NULL)
    return G_SOURCE_CONTINUE;

  g_strstrip (line);
  if (g_str_equal (line, "place"))
    fc_pn532_emu_set_card_present (app->emu, TRUE);
  else if (g_str_equal (line, "remove"))
    fc_pn532_emu_set_card_present (app->emu, FALSE);
  else if (g_str_equal (line, "unplug"))
    fc_pn532_emu_set_unplugged (app->emu, TRUE, NULL);
  else if (g_str_equal (line, "plug"))
    {
      if (fc_pn532_emu_set_unplugged (app->emu, FALSE, &error))
        print_paths (app->emu);
      else
        g_printerr ("plug: %s\n", error->message);
    }
  else if (g_str_has_prefix (line, "pin-tries "))
    {
      guint64 tries = 0;

      if (g_ascii_string_to_unsigned (line + strlen ("pin-tries "), 10, 0, 3, &tries, &error))
        g_object_set (app->card, "pin-tries", (guint) tries, NULL);
      else
        g_printerr ("pin-tries: %s\n", error->message);
    }
  else if (g_str_equal (line, "quit"))
    g_main_loop_quit (app->loop);
  else if (*line != '\0')
    g_printerr ("commands: place, remove, unplug, plug, pin-tries N, quit\n");

  return G_SOURCE_CONTINUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcTestCa) ca = NULL;
  g_autoptr(GBytes) cert = NULL;
  g_autoptr(FcVirtualCard) card = NULL;
  g_autoptr(FcScenario) scenario = NULL;
  g_autoptr(FcTrainingKit) kit = NULL;
  g_autoptr(FcPn532Emu) emu = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GIOChannel) in = NULL;
  g_autofree char *link_path = NULL;
  g_autofree char *cert_path = NULL;
  g_autofree char *ca_out = NULL;
  g_autofree char *scenario_path = NULL;
  g_autofree char *ca_path = NULL;
  g_autoptr(GBytes) ca_file = NULL;
  GBytes *ca_der = NULL;
  int pin_tries = -1;
  gboolean no_card = FALSE;
  gboolean pace = FALSE;
  gboolean wrong_app = FALSE;
  int remove_after = 0;
  App app = { NULL, NULL, NULL, 0, 0 };
  const GOptionEntry entries[] = {
    { "link", 0, 0, G_OPTION_ARG_FILENAME, &link_path, "Keep a symlink at PATH pointing at the pty", "PATH" },
    { "no-card", 0, 0, G_OPTION_ARG_NONE, &no_card, "Start with no card on the reader", NULL },
    { "pace", 0, 0, G_OPTION_ARG_NONE, &pace, "Pace bytes at 115200 baud and 106 kbit/s", NULL },
    { "remove-after", 0, 0, G_OPTION_ARG_INT, &remove_after, "Remove the card after N response bytes", "N" },
    { "wrong-application", 0, 0, G_OPTION_ARG_NONE, &wrong_app, "A card without the JPKI application", NULL },
    { "cert", 0, 0, G_OPTION_ARG_FILENAME, &cert_path, "The card's auth certificate (DER); default: a generated one", "FILE" },
    { "ca", 0, 0, G_OPTION_ARG_FILENAME, &ca_path, "Serve this CA certificate (DER) from EF 000B", "FILE" },
    { "pin-tries", 0, 0, G_OPTION_ARG_INT, &pin_tries, "PIN tries left (0-3; the PIN is 1234)", "N" },
    { "write-ca", 0, 0, G_OPTION_ARG_FILENAME, &ca_out, "Write the generated test CA certificate (DER) to FILE", "FILE" },
    { "scenario", 0, 0, G_OPTION_ARG_FILENAME, &scenario_path, "Serve the card of a training scenario (data/scenarios/*.json)", "FILE" },
    { NULL }
  };

  context = g_option_context_new ("- emulated PN532 NFC reader on a pseudo-terminal");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  if (remove_after < 0)
    {
      g_printerr ("--remove-after must not be negative\n");
      return EXIT_FAILURE;
    }

  if (pin_tries > 3)
    {
      g_printerr ("--pin-tries must be between 0 and 3\n");
      return EXIT_FAILURE;
    }
  if (scenario_path != NULL && (cert_path != NULL || ca_path != NULL))
    {
      g_printerr ("--scenario cannot be used with --cert or --ca\n");
      return EXIT_FAILURE;
    }

  if (scenario_path != NULL)
    {
      scenario = fc_scenario_new_from_file (scenario_path, &error);
      if (scenario == NULL)
        {
          g_printerr ("%s\n", error->message);
          return EXIT_FAILURE;
        }
      kit = fc_training_kit_new (scenario, &error);
      if (kit == NULL)
        {
          g_printerr ("scenario: %s\n", error->message);
          return EXIT_FAILURE;
        }
      card = g_object_ref (FC_VIRTUAL_CARD (fc_training_kit_get_transport (kit)));
      ca_der = g_ptr_array_index (fc_training_kit_get_trust_anchors (kit), 0);

      /* The reader decides when the card is in the field: no arrival delay on the card, and a
       * card that is absent or leaves is modelled by the emulated reader, as in real life. */
      g_object_set (card, "arrival-delay-ms", 0, NULL);
      switch (fc_scenario_get_card_behaviour (scenario))
        {
        case FC_VIRTUAL_CARD_ABSENT:
          fc_virtual_card_set_behaviour (card, FC_VIRTUAL_CARD_PRESENT);
          no_card = TRUE;
          break;
        case FC_VIRTUAL_CARD_REMOVED_AFTER:
          fc_virtual_card_set_behaviour (card, FC_VIRTUAL_CARD_PRESENT);
          if (remove_after == 0)
            remove_after = (int) fc_scenario_get_remove_after_bytes (scenario);
          app.reinsert_ms = fc_scenario_get_card_reinsert_after_ms (scenario);
          break;
        case FC_VIRTUAL_CARD_PRESENT:
        case FC_VIRTUAL_CARD_WRONG_APPLICATION:
        case FC_VIRTUAL_CARD_ERROR_STATUS:
        default:
          break;
        }
      if (wrong_app)
        fc_virtual_card_set_behaviour (card, FC_VIRTUAL_CARD_WRONG_APPLICATION);
      g_printerr ("scenario: %s (card: %s)\n", fc_scenario_get_id (scenario),
                  fc_scenario_get_card_behaviour_name (scenario));
    }
  else
    {
      ca = fc_test_ca_new (&error);
      if (ca == NULL)
        {
          g_printerr ("test CA: %s\n", error->message);
          return EXIT_FAILURE;
        }

      if (cert_path != NULL)
        {
          cert = read_bytes (cert_path, &error);
          if (cert == NULL)
            {
              g_printerr ("%s\n", error->message);
              return EXIT_FAILURE;
            }
        }
      else
        {
          cert = fc_test_ca_issue_auth_cert (ca, "FIELDCARDTRAINING0001", -1, 365, &error);
          if (cert == NULL)
            {
              g_printerr ("certificate: %s\n", error->message);
              return EXIT_FAILURE;
            }
        }
      ca_der = fc_test_ca_get_cert_der (ca);
      if (ca_path != NULL)
        {
          ca_file = read_bytes (ca_path, &error);
          if (ca_file == NULL)
            {
              g_printerr ("%s\n", error->message);
              return EXIT_FAILURE;
            }
          ca_der = ca_file;
        }
      card = fc_virtual_card_new (cert, ca_der);
      if (wrong_app)
        fc_virtual_card_set_behaviour (card, FC_VIRTUAL_CARD_WRONG_APPLICATION);
    }

  if (ca_out != NULL)
    {
      if (!g_file_set_contents (ca_out, g_bytes_get_data (ca_der, NULL),
                                (gssize) g_bytes_get_size (ca_der), &error))
        {
          g_printerr ("%s\n", error->message);
          return EXIT_FAILURE;
        }
    }

  if (pin_tries >= 0)
    g_object_set (card, "pin-tries", (guint) pin_tries, NULL);

  emu = fc_pn532_emu_new (FC_CARD_TRANSPORT (card), link_path, &error);
  if (emu == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  fc_pn532_emu_set_card_present (emu, !no_card);
  fc_pn532_emu_set_pacing (emu, pace);
  if (remove_after > 0)
    fc_pn532_emu_set_remove_after_bytes (emu, (guint) remove_after);

  print_paths (emu);

  loop = g_main_loop_new (NULL, FALSE);
  app.loop = loop;
  app.emu = emu;
  app.card = card;
  if (app.reinsert_ms > 0)
    g_timeout_add (100, removal_poll_cb, &app);
  g_unix_signal_add (SIGINT, quit_cb, &app);
  g_unix_signal_add (SIGTERM, quit_cb, &app);

  in = g_io_channel_unix_new (STDIN_FILENO);
  g_io_add_watch (in, G_IO_IN | G_IO_HUP | G_IO_ERR, stdin_cb, &app);

  g_main_loop_run (loop);

  g_clear_handle_id (&app.reinsert_id, g_source_remove);
  return EXIT_SUCCESS;
}
