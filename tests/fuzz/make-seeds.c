/* make-seeds.c: writes the card seeds of the fuzz corpus (not run by the tests).
 *
 * Usage: make-seeds TESTS_FUZZ_DIR. Writes data/test-ca.der (the fixed trust anchor of the card
 * targets), corpus/certificate/ (certificates issued by it) and corpus/apdu/ (whole card
 * conversations in fuzz-apdu.c's format). Run again only to renew the seeds: the CA key is
 * thrown away, so a new CA invalidates the old seeds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "fc-test-ca.h"

static const char *base;

static void
write_seed (const char *relative,
            const void *data,
            gsize       len)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (base, relative, NULL);
  g_autofree char *dir = g_path_get_dirname (path);

  g_mkdir_with_parents (dir, 0755);
  if (!g_file_set_contents (path, data, (gssize) len, &error))
    g_error ("%s", error->message);
  g_print ("%s (%" G_GSIZE_FORMAT " bytes)\n", path, len);
}

/* One answer: a 2-byte header (length) and the bytes. */
static void
answer (GByteArray   *conversation,
        const guint8 *data,
        gsize         len)
{
  guint8 header[2] = { len >> 8, len & 0xff };

  g_byte_array_append (conversation, header, 2);
  g_byte_array_append (conversation, data, len);
}

static void
answer_sw (GByteArray *conversation,
           guint16     sw)
{
  guint8 bytes[2] = { sw >> 8, sw & 0xff };

  answer (conversation, bytes, 2);
}

static void
answer_special (GByteArray *conversation,
                guint16     header)
{
  guint8 bytes[2] = { header >> 8, header & 0xff };

  g_byte_array_append (conversation, bytes, 2);
}

/* READ BINARY answers for @cert padded with FF filler to @file_len, @chunk bytes at a time. */
static void
answer_reads (GByteArray *conversation,
              GBytes     *cert,
              gsize       file_len,
              gsize       chunk)
{
  gsize cert_len;
  const guint8 *cert_data = g_bytes_get_data (cert, &cert_len);
  g_autofree guint8 *file = g_malloc (file_len);

  memset (file, 0xff, file_len);
  memcpy (file, cert_data, MIN (cert_len, file_len));
  for (gsize offset = 0; offset < cert_len; offset += chunk)
    {
      gsize n = offset == 0 ? MIN (chunk, file_len) : MIN (chunk, cert_len - offset);
      g_autofree guint8 *buf = g_malloc (n + 2);

      memcpy (buf, file + offset, n);
      buf[n] = 0x90;
      buf[n + 1] = 0x00;
      answer (conversation, buf, n + 2);
    }
}

static void
write_conversation (const char *name,
                    GByteArray *conversation)
{
  g_autofree char *relative = g_strconcat ("corpus/apdu/", name, NULL);

  write_seed (relative, conversation->data, conversation->len);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcTestCa) ca = NULL;
  g_autoptr(GBytes) cert = NULL;
  g_autoptr(GBytes) expired = NULL;
  GBytes *ca_der;
  gsize cert_len;
  const guint8 *cert_data;

  if (argc != 2)
    {
      g_printerr ("usage: %s TESTS_FUZZ_DIR\n", argv[0]);
      return 2;
    }
  base = argv[1];

  ca = fc_test_ca_new (&error);
  g_assert_no_error (error);
  cert = fc_test_ca_issue_auth_cert (ca, "FUZZ SEED", -30, 3650, &error);
  g_assert_no_error (error);
  expired = fc_test_ca_issue_auth_cert (ca, "FUZZ EXPIRED", -800, -30, &error);
  g_assert_no_error (error);
  ca_der = fc_test_ca_get_cert_der (ca);
  cert_data = g_bytes_get_data (cert, &cert_len);

  write_seed ("data/test-ca.der", g_bytes_get_data (ca_der, NULL), g_bytes_get_size (ca_der));

  /* Certificates as read from EF 000A. */
  write_seed ("corpus/certificate/good.der", cert_data, cert_len);
  write_seed ("corpus/certificate/expired.der", g_bytes_get_data (expired, NULL),
              g_bytes_get_size (expired));
  write_seed ("corpus/certificate/ca-as-card.der", g_bytes_get_data (ca_der, NULL),
              g_bytes_get_size (ca_der));
  {
    g_autofree guint8 *padded = g_malloc (2048);

    memset (padded, 0xff, 2048);
    memcpy (padded, cert_data, cert_len);
    write_seed ("corpus/certificate/good-with-filler.der", padded, 2048);
  }
  write_seed ("corpus/certificate/truncated.der", cert_data, cert_len / 2);
  write_seed ("corpus/certificate/header-only.der", cert_data, 4);

  /* Card conversations: SELECT AP, SELECT EF, READ BINARY… */
  {
    g_autoptr(GByteArray) c = g_byte_array_new ();
    guint8 flags = 0;

    g_byte_array_append (c, &flags, 1);
    answer_sw (c, 0x9000);
    answer_sw (c, 0x9000);
    answer_reads (c, cert, 2048, 256);
    write_conversation ("good-read", c);
  }
  {
    g_autoptr(GByteArray) c = g_byte_array_new ();
    guint8 flags = 1;

    g_byte_array_append (c, &flags, 1);
    answer_sw (c, 0x9000);
    answer_sw (c, 0x9000);
    answer_reads (c, cert, cert_len, 256);
    answer_sw (c, 0x9000);   /* PIN query: SELECT AP */
    answer_sw (c, 0x9000);   /* SELECT EF 0018 */
    answer_sw (c, 0x63c2);   /* VERIFY without data: 2 tries left */
    write_conversation ("good-read-pin-tries", c);
  }
  {
    g_autoptr(GByteArray) c = g_byte_array_new ();
    guint8 flags = 0;

    g_byte_array_append (c, &flags, 1);
    answer_sw (c, 0x6a82);
    write_conversation ("wrong-application", c);
  }
  {
    /* A transport error after the first chunk: re-select and resume at offset 256. */
    g_autoptr(GByteArray) c = g_byte_array_new ();
    g_autoptr(GBytes) rest = g_bytes_new_from_bytes (cert, 256, cert_len - 256);
    guint8 flags = 0;
    g_autofree guint8 *first = g_malloc (258);

    g_byte_array_append (c, &flags, 1);
    answer_sw (c, 0x9000);
    answer_sw (c, 0x9000);
    memcpy (first, cert_data, 256);
    first[256] = 0x90;
    first[257] = 0x00;
    answer (c, first, 258);
    answer_special (c, 0xffff);
    answer_sw (c, 0x9000);
    answer_sw (c, 0x9000);
    answer_reads (c, rest, cert_len - 256, 256);
    write_conversation ("resume-after-error", c);
  }
  {
    g_autoptr(GByteArray) c = g_byte_array_new ();
    guint8 flags = 0;

    g_byte_array_append (c, &flags, 1);
    answer_sw (c, 0x9000);
    answer_sw (c, 0x9000);
    answer_sw (c, 0x6400);
    answer_reads (c, cert, cert_len, 128);
    write_conversation ("transient-sw-small-chunks", c);
  }
  {
    g_autoptr(GByteArray) c = g_byte_array_new ();
    guint8 flags = 1;

    g_byte_array_append (c, &flags, 1);
    answer_sw (c, 0x9000);
    answer_sw (c, 0x9000);
    answer_special (c, 0xfffe);
    answer_sw (c, 0x9000);
    answer_sw (c, 0x9000);
    answer_sw (c, 0x6984);
    write_conversation ("removed-then-blocked-pin", c);
  }

  return 0;
}
