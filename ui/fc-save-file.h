/* fc-save-file.h: "Save as…" for the pages that export a file (debrief, access receipt): a native
 * file chooser with a default name, the write, and a toast naming the file. Not a widget.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Writes the file at @path; FALSE with @error when it cannot. */
typedef gboolean (*FcSaveFunc) (GtkWidget   *page,
                                const char  *format,
                                const char  *path,
                                GError     **error);

/* Asks where to save (GtkFileChooserNative, SAVE, @default_name in the Documents folder) and
 * then calls @func; says the outcome with the "window.toast" action of an ancestor of @page.
 * When @test_folder is set the chooser is skipped and the file goes to @test_folder/@default_name
 * (tests). @done (nullable) gets the path written, or NULL after a failure or cancel. */
void fc_save_file (GtkWidget   *page,
                   const char  *title,
                   const char  *default_name,
                   const char  *format,
                   const char  *test_folder,
                   FcSaveFunc   func,
                   void       (*done) (GtkWidget  *page,
                                       const char *path));

G_END_DECLS
