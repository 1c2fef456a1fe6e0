/* fc-save-file.c: "Save as…" with a native file chooser and a toast.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-save-file"

#include "config.h"

#include "fc-save-file.h"

#include <glib/gi18n-lib.h>

typedef struct
{
  GtkWidget  *page;     /* (owned) */
  char       *format;   /* (owned) */
  FcSaveFunc  func;
  void      (*done) (GtkWidget  *page,
                     const char *path);
} SaveJob;

static void
save_job_free (SaveJob *job)
{
  g_clear_object (&job->page);
  g_free (job->format);
  g_free (job);
}

static void
toast (GtkWidget  *page,
       const char *message)
{
  /* The crew's window shows it; a page elsewhere (the trainer window) has nowhere to. */
  if (!gtk_widget_activate_action (page, "window.toast", "s", message))
    g_message ("%s", message);
}

static void
write_file (SaveJob    *job,
            const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_filename_display_basename (path);
  g_autofree char *message = NULL;

  if (job->func (job->page, job->format, path, &error))
    {
      /* Translators: toast after a file was saved; %s is the file name. */
      message = g_strdup_printf (_("Saved %s"), name);
      toast (job->page, message);
      if (job->done != NULL)
        job->done (job->page, path);
    }
  else
    {
      /* Translators: toast; %s says why the file could not be saved. */
      message = g_strdup_printf (_("Could not save the file: %s"), error->message);
      toast (job->page, message);
      if (job->done != NULL)
        job->done (job->page, NULL);
    }
}

static void
response_cb (GtkNativeDialog *dialog,
             int              response,
             SaveJob         *job)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        write_file (job, path);
    }
  else if (job->done != NULL)
    job->done (job->page, NULL);

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  save_job_free (job);
}

void
fc_save_file (GtkWidget   *page,
              const char  *title,
              const char  *default_name,
              const char  *format,
              const char  *test_folder,
              FcSaveFunc   func,
              void       (*done) (GtkWidget  *page,
                                  const char *path))
{
  SaveJob *job;
  GtkFileChooserNative *chooser;
  GtkRoot *root;
  const char *documents;

  g_return_if_fail (GTK_IS_WIDGET (page));
  g_return_if_fail (default_name != NULL);
  g_return_if_fail (func != NULL);

  job = g_new0 (SaveJob, 1);
  job->page = g_object_ref (page);
  job->format = g_strdup (format);
  job->func = func;
  job->done = done;

  if (test_folder != NULL)
    {
      g_autofree char *path = g_build_filename (test_folder, default_name, NULL);

      write_file (job, path);
      save_job_free (job);
      return;
    }

  root = gtk_widget_get_root (page);
  chooser = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         /* Translators: file chooser button. */
                                         _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
  if (documents == NULL || !g_file_test (documents, G_FILE_TEST_IS_DIR))
    documents = g_get_home_dir ();
  if (documents != NULL && g_file_test (documents, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GFile) folder = g_file_new_for_path (documents);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
    }
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), default_name);
  g_signal_connect (chooser, "response", G_CALLBACK (response_cb), job);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
