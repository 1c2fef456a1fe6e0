/* fc-application.c: the FieldCard application.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-application"

#include "config.h"

#include "fc-application.h"

#include <glib/gi18n-lib.h>

#include "fc-window.h"

struct _FcApplication
{
  AdwApplication  parent_instance;

  gboolean        training;   /* --training was given */
  char           *reader;     /* (owned) (nullable): --reader */
  char           *server;     /* (owned) (nullable): --server */
};

G_DEFINE_FINAL_TYPE (FcApplication, fc_application, ADW_TYPE_APPLICATION)

/* GTK 4.8 reads GDK_DEBUG when it opens the display and GSK_RENDERER when a window is realised.
 *
 * The cairo renderer draws the summary page's first frame in about 3 ms of CPU at 1280 × 800
 * (tests/bench), well inside a frame, and this UI has few animations. GL costs memory that the
 * 80 MB budget cannot spare: GTK opens GL when the display opens, even for the cairo renderer,
 * and under Mesa's software rasteriser that alone is ~45 MB of RSS (an incident peaked at
 * 131 MB with GL against 73 MB without); a hardware driver adds its own tens of MB and shader
 * compilation on the first frame. So FieldCard asks for cairo with GL disabled everywhere. A
 * value already set is never overridden (g_setenv (…, FALSE); GDK_DEBUG only when unset, so its
 * other flags are kept), and FIELDCARD_KEEP_GL=1 leaves the choice to GTK. */
void
fc_application_choose_renderer (void)
{
  const char *renderer;

  if (g_getenv ("FIELDCARD_KEEP_GL") != NULL)
    return;
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  renderer = g_getenv ("GSK_RENDERER");
  if (renderer != NULL && g_str_equal (renderer, "cairo"))
    g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
}

static const GOptionEntry option_entries[] = {
  { "training", 't', G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Start in training mode (virtual card, made-up patients)"), NULL },
  { "reader", 'r', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("Card reader (libnfc connection string, e.g. pn532_uart:/dev/ttyUSB0)"), N_("CONNSTRING") },
  { "server", 's', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("Summary server base URL"), N_("URL") },
  { "version", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Print the version and exit"), NULL },
  { NULL }
};

static int
fc_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  FcApplication *self = FC_APPLICATION (application);
  const char *value = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("fieldcard %s\n", PACKAGE_VERSION);
      return 0;
    }

  self->training = g_variant_dict_contains (options, "training");
  if (g_variant_dict_lookup (options, "reader", "&s", &value))
    {
      g_free (self->reader);
      self->reader = g_strdup (value);
    }
  if (g_variant_dict_lookup (options, "server", "&s", &value))
    {
      g_free (self->server);
      self->server = g_strdup (value);
    }

  return -1;
}

/* The GSettings of FieldCard, or NULL when the schema is not installed (then real mode cannot
 * be configured and training mode says so). */
static GSettings *
load_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    return NULL;
  return g_settings_new_full (schema, NULL, NULL);
}

/* Training: the virtual card, or with --reader the card reader (e.g. the emulated PN532 serving
 * the scenario's card, docs/scenarios.md). */
static FcWindow *
create_training_window (FcApplication *self)
{
  if (self->reader != NULL && *self->reader != '\0')
    return fc_window_new_training_reader (GTK_APPLICATION (self), self->reader);
  return fc_window_new (GTK_APPLICATION (self), TRUE);
}

/* Real mode when not asked for training and the settings are complete; otherwise training
 * mode, saying what is missing (fc_window_new_with_config()). */
static FcWindow *
create_window (FcApplication *self)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(FcRealConfig) config = NULL;
  FcWindow *window;

  if (self->training)
    return create_training_window (self);

  settings = load_settings ();
  if (settings == NULL)
    {
      window = fc_window_new (GTK_APPLICATION (self), TRUE);
      fc_window_set_mode_notice (window,
                                 _("Real mode is not set up: the settings schema is not installed. Running in training mode."));
      return window;
    }
  if (g_settings_get_boolean (settings, "training-mode"))
    return create_training_window (self);

  config = fc_real_config_new_from_settings (settings, self->reader, self->server);
  return fc_window_new_with_config (GTK_APPLICATION (self), config);
}

static void
fc_application_activate (GApplication *application)
{
  FcApplication *self = FC_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      GAction *trainer = g_action_map_lookup_action (G_ACTION_MAP (self), "trainer-window");

      window = GTK_WINDOW (create_window (self));
      /* Only a training window has a trainer. */
      g_simple_action_set_enabled (G_SIMPLE_ACTION (trainer),
                                   fc_controller_get_training (fc_window_get_controller (FC_WINDOW (window))));
    }

  gtk_window_present (window);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  FcApplication *self = FC_APPLICATION (user_data);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window != NULL)
    gtk_window_destroy (window);
  g_application_quit (G_APPLICATION (self));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  FcApplication *self = FC_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "application-name", _("FieldCard"),
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "license-type", GTK_LICENSE_GPL_3_0,
                        /* Translators: put your names here. */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

/* Training: the trainer's panel in a window of its own (a second screen). */
static void
trainer_window_activated (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  FcApplication *self = FC_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  for (GList *l = windows; l != NULL; l = l->next)
    if (FC_IS_WINDOW (l->data))
      {
        fc_window_open_trainer_window (FC_WINDOW (l->data));
        return;
      }
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated, NULL, NULL, NULL, { 0 } },
  { "about", about_activated, NULL, NULL, NULL, { 0 } },
  { "trainer-window", trainer_window_activated, NULL, NULL, NULL, { 0 } },
};

static void
fc_application_startup (GApplication *application)
{
  static const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (fc_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (application), app_actions,
                                   G_N_ELEMENTS (app_actions), application);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit", quit_accels);
}

static void
fc_application_finalize (GObject *object)
{
  FcApplication *self = FC_APPLICATION (object);

  g_free (self->reader);
  g_free (self->server);

  G_OBJECT_CLASS (fc_application_parent_class)->finalize (object);
}

static void
fc_application_class_init (FcApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = fc_application_finalize;
  app_class->handle_local_options = fc_application_handle_local_options;
  app_class->activate = fc_application_activate;
  app_class->startup = fc_application_startup;
}

static void
fc_application_init (FcApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), NULL);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Read a patient's My Number card, show what to check, and log the times of the call."));
}

FcApplication *
fc_application_new (void)
{
  /* Before g_application_run() opens the display. */
  fc_application_choose_renderer ();
  return g_object_new (FC_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_BASE,
                       NULL);
}

gboolean
fc_application_get_training (FcApplication *self)
{
  g_return_val_if_fail (FC_IS_APPLICATION (self), FALSE);
  return self->training;
}

const char *
fc_application_get_reader (FcApplication *self)
{
  g_return_val_if_fail (FC_IS_APPLICATION (self), NULL);
  return self->reader;
}

const char *
fc_application_get_server (FcApplication *self)
{
  g_return_val_if_fail (FC_IS_APPLICATION (self), NULL);
  return self->server;
}
