/* fc-receipt-page.c: the patient access receipt, on screen and as a PDF.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-receipt-page"

#include "config.h"

#include "fc-receipt-page.h"
#include "fc-widget-util.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "fc-audit.h"
#include "fc-save-file.h"

struct _FcReceiptPage
{
  GtkWidget     parent_instance;

  FcController *controller;   /* (owned) (nullable) */
  char         *text;         /* (owned) (nullable) */
  GdkTexture   *texture;      /* (owned) (nullable) */
  char         *save_folder;  /* (owned) (nullable): tests */
  char         *last_saved;   /* (owned) (nullable) */

  GtkButton    *save_button;
  GtkLabel     *error_label;
  GtkPicture   *picture;
  GtkLabel     *text_label;
};

G_DEFINE_FINAL_TYPE (FcReceiptPage, fc_receipt_page, GTK_TYPE_WIDGET)

static void
show_error (FcReceiptPage *self,
            const char    *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static gboolean
write_cb (GtkWidget   *page,
          const char  *format,
          const char  *path,
          GError     **error)
{
  return fc_receipt_page_save_pdf (FC_RECEIPT_PAGE (page), path, error);
}

static void
saved_cb (GtkWidget  *page,
          const char *path)
{
  FcReceiptPage *self = FC_RECEIPT_PAGE (page);

  if (path != NULL)
    {
      g_free (self->last_saved);
      self->last_saved = g_strdup (path);
    }
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FcReceiptPage *self = FC_RECEIPT_PAGE (widget);
  g_autofree char *name = NULL;

  if (self->text == NULL)
    return;
  name = fc_receipt_page_dup_default_name (self);
  /* Translators: file chooser title. */
  fc_save_file (widget, _("Save the access receipt as PDF"), name, "pdf", self->save_folder,
                write_cb, saved_cb);
}

static void
fc_receipt_page_dispose (GObject *object)
{
  FcReceiptPage *self = FC_RECEIPT_PAGE (object);

  g_clear_object (&self->controller);
  g_clear_object (&self->texture);
  fc_widget_dispose_template_children (GTK_WIDGET (self), FC_TYPE_RECEIPT_PAGE);

  G_OBJECT_CLASS (fc_receipt_page_parent_class)->dispose (object);
}

static void
fc_receipt_page_finalize (GObject *object)
{
  FcReceiptPage *self = FC_RECEIPT_PAGE (object);

  g_free (self->text);
  g_free (self->save_folder);
  g_free (self->last_saved);

  G_OBJECT_CLASS (fc_receipt_page_parent_class)->finalize (object);
}

static void
fc_receipt_page_class_init (FcReceiptPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fc_receipt_page_dispose;
  object_class->finalize = fc_receipt_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/fc-receipt-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FcReceiptPage, save_button);
  gtk_widget_class_bind_template_child (widget_class, FcReceiptPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, FcReceiptPage, picture);
  gtk_widget_class_bind_template_child (widget_class, FcReceiptPage, text_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "receipt.save", NULL, save_action);
}

static void
fc_receipt_page_init (FcReceiptPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "receipt.save", FALSE);
}

void
fc_receipt_page_set_controller (FcReceiptPage *self,
                                FcController  *controller)
{
  g_return_if_fail (FC_IS_RECEIPT_PAGE (self));
  g_return_if_fail (controller == NULL || FC_IS_CONTROLLER (controller));

  g_set_object (&self->controller, controller);
}

void
fc_receipt_page_refresh (FcReceiptPage *self)
{
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (FC_IS_RECEIPT_PAGE (self));

  g_clear_pointer (&self->text, g_free);
  g_clear_object (&self->texture);
  show_error (self, NULL);

  if (self->controller != NULL)
    self->text = fc_controller_build_receipt (self->controller);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "receipt.save", self->text != NULL);

  if (self->text == NULL)
    {
      gtk_picture_set_paintable (self->picture, NULL);
      /* Translators: the receipt page when nothing of the patient was read. */
      gtk_label_set_text (self->text_label, _("Nothing of the patient's record was read in this incident, so there is no receipt."));
      return;
    }

  gtk_label_set_text (self->text_label, self->text);
  png = fc_audit_render_receipt_png (self->text, &error);
  if (png != NULL)
    self->texture = gdk_texture_new_from_bytes (png, &error);
  if (self->texture == NULL)
    {
      /* Translators: %s says why the receipt picture could not be made; the text is still shown. */
      g_autofree char *message = g_strdup_printf (_("The receipt picture could not be made (%s). Show the text instead."),
                                                  error->message);
      show_error (self, message);
    }
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (self->texture));
}

const char *
fc_receipt_page_get_text (FcReceiptPage *self)
{
  g_return_val_if_fail (FC_IS_RECEIPT_PAGE (self), NULL);
  return self->text;
}

GdkTexture *
fc_receipt_page_get_texture (FcReceiptPage *self)
{
  g_return_val_if_fail (FC_IS_RECEIPT_PAGE (self), NULL);
  return self->texture;
}

char *
fc_receipt_page_dup_default_name (FcReceiptPage *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d-%H%M");

  g_return_val_if_fail (FC_IS_RECEIPT_PAGE (self), NULL);

  return g_strdup_printf ("access-receipt-%s.pdf", stamp);
}

gboolean
fc_receipt_page_save_pdf (FcReceiptPage *self,
                          const char    *path,
                          GError       **error)
{
  g_return_val_if_fail (FC_IS_RECEIPT_PAGE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->text == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("Nothing of the patient's record was read in this incident, so there is no receipt."));
      return FALSE;
    }
  return fc_audit_render_receipt_pdf (self->text, path, error);
}

void
fc_receipt_page_set_save_folder_for_testing (FcReceiptPage *self,
                                             const char    *dir)
{
  g_return_if_fail (FC_IS_RECEIPT_PAGE (self));

  g_free (self->save_folder);
  self->save_folder = g_strdup (dir);
}

const char *
fc_receipt_page_get_last_saved (FcReceiptPage *self)
{
  g_return_val_if_fail (FC_IS_RECEIPT_PAGE (self), NULL);
  return self->last_saved;
}

GtkWidget *
fc_receipt_page_get_save_button (FcReceiptPage *self)
{
  g_return_val_if_fail (FC_IS_RECEIPT_PAGE (self), NULL);
  return GTK_WIDGET (self->save_button);
}

GtkWidget *
fc_receipt_page_get_picture (FcReceiptPage *self)
{
  g_return_val_if_fail (FC_IS_RECEIPT_PAGE (self), NULL);
  return GTK_WIDGET (self->picture);
}

GtkLabel *
fc_receipt_page_get_text_label (FcReceiptPage *self)
{
  g_return_val_if_fail (FC_IS_RECEIPT_PAGE (self), NULL);
  return self->text_label;
}
