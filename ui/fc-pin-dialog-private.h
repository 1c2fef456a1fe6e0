/* fc-pin-dialog-private.h: the state of FcPinDialog shared by its two files: fc-pin-dialog.c
 * (the window, the keypad, what is shown) and fc-pin-dialog-card.c (asking the card).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fc-pin-dialog.h"

G_BEGIN_DECLS

/* U+25CF BLACK CIRCLE, one per digit typed. */
#define PIN_DOT "\u25cf"

struct _FcPinDialog
{
  AdwWindow     parent_instance;

  FcController *controller;          /* (owned) */
  GCancellable *cancellable;         /* (owned) (nullable): the running card exchange */
  FcPinState    state;
  int           tries_left;          /* -1 = not known yet */
  /* The digits typed: never logged, never a property, wiped with explicit_bzero(). */
  char          pin[FC_PIN_LENGTH + 1];
  guint         pin_length;

  GtkLabel     *tries_label;
  GtkLabel     *last_try_label;
  GtkLabel     *display_label;
  GtkLabel     *message_label;
  GtkWidget    *confirm_box;
  GtkWidget    *keypad;
  GtkWidget    *key_0, *key_1, *key_2, *key_3, *key_4, *key_5, *key_6, *key_7, *key_8, *key_9;
  GtkWidget    *key_back;
  GtkWidget    *key_clear;
  GtkWidget    *key_ok;
  GtkWidget    *key_cancel;
  GtkWidget    *confirm_button;
  GtkWidget    *back_button;
  GtkWidget    *retry_button;
};

/* fc-pin-dialog.c */
/* Forgets the typed digits (explicit_bzero: the compiler may not drop it). */
void fc_pin_dialog_wipe_pin       (FcPinDialog *self);
/* The line under the display; @css_class: "inline-error", "success", "warning" or NULL. */
void fc_pin_dialog_set_message    (FcPinDialog *self,
                                   const char  *message,
                                   const char  *css_class);
void fc_pin_dialog_set_state      (FcPinDialog *self,
                                   FcPinState   state);
void fc_pin_dialog_set_tries_left (FcPinDialog *self,
                                   int          tries_left);

/* fc-pin-dialog-card.c */
/* Asks the card how many tries are left (VERIFY without data: spends none). */
void fc_pin_dialog_start_check    (FcPinDialog *self);
/* Hands the typed digits to the incident and wipes them here at once. */
void fc_pin_dialog_send_pin       (FcPinDialog *self,
                                   gboolean     confirmed_last_try);

G_END_DECLS
