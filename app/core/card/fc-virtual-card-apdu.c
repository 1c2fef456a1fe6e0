/* fc-virtual-card-apdu.c: how FcVirtualCard answers APDUs: SELECT (AP by AID, EF by FID), READ
 * BINARY (clipped at the end of the file, 6B00 past it) and VERIFY on the user-authentication PIN
 * (empty VERIFY reports the counter; a wrong PIN spends a try; 63C0 for the exhausting try and
 * 6984 after that), following myna-card's observations of real cards (card-protocol.md §2.4, §7).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-card"

#include "config.h"

#include "fc-virtual-card-private.h"

#include <string.h>

#include "fc-jpki.h"

/* Returns @der followed by FF filler up to a multiple of 256 bytes, as on a real card. */
GBytes *
fc_virtual_card_pad_ef (GBytes *der)
{
  gsize len = g_bytes_get_size (der);
  gsize padded = (len + 255) / 256 * 256;
  guint8 *data = g_malloc (padded);

  memcpy (data, g_bytes_get_data (der, NULL), len);
  memset (data + len, 0xff, padded - len);

  return g_bytes_new_take (data, padded);
}

GBytes *
fc_virtual_card_make_token_info (void)
{
  guint8 *data = g_malloc0 (TOKEN_INFO_LEN);

  /* CK_TOKEN_INFO: label[32], manufacturerID[32], model[16], serialNumber[16], all
   * space-padded; the rest stays zero. */
  memset (data, ' ', 96);
  memcpy (data, "JPKIAPICCTOKEN2", 15);
  memcpy (data + 32, "FieldCard Training", 18);
  memcpy (data + 64, "Virtual card", 12);

  return g_bytes_new_take (data, TOKEN_INFO_LEN);
}

static GByteArray *
response_sw (GByteArray *response,
             guint16     sw)
{
  guint8 bytes[2] = { sw >> 8, sw & 0xff };

  return g_byte_array_append (response, bytes, 2);
}

static GBytes *
ef_content_locked (FcVirtualCard *self)
{
  switch (self->current_ef)
    {
    case FC_JPKI_EF_AUTH_CERT:
      return self->ef_auth_cert;
    case FC_JPKI_EF_AUTH_CA_CERT:
      return self->ef_auth_ca_cert;
    case EF_TOKEN_INFO:
      return self->ef_token_info;
    case EF_CERT_AVAIL:
      return self->ef_cert_avail;
    default:
      return NULL;
    }
}

static gboolean
ef_exists (FcVirtualCard *self,
           guint16        fid)
{
  switch (fid)
    {
    case FC_JPKI_EF_AUTH_CERT:
      return self->ef_auth_cert != NULL;
    case FC_JPKI_EF_AUTH_CA_CERT:
      return self->ef_auth_ca_cert != NULL;
    case FC_JPKI_EF_AUTH_PIN:
    case EF_TOKEN_INFO:
    case EF_CERT_AVAIL:
      return TRUE;
    default:
      return FALSE;
    }
}

static guint16
select_locked (FcVirtualCard *self,
               guint8         p1,
               guint8         p2,
               const guint8  *data,
               gsize          lc)
{
  guint16 fid;

  if (p2 != 0x00 && p2 != 0x0c)
    return 0x6a86;

  switch (p1)
    {
    case 0x04:
      if (self->behaviour == FC_VIRTUAL_CARD_WRONG_APPLICATION ||
          lc != FC_JPKI_AID_LEN || memcmp (data, FC_JPKI_AID, FC_JPKI_AID_LEN) != 0)
        return 0x6a82;
      self->ap_selected = TRUE;
      self->current_ef = 0;
      return 0x9000;

    case 0x02:
      if (lc != 2)
        return 0x6700;
      fid = (data[0] << 8) | data[1];
      if (!self->ap_selected || !ef_exists (self, fid))
        return 0x6a82;
      self->current_ef = fid;
      return 0x9000;

    default:
      return 0x6a86;
    }
}

static guint16
read_binary_locked (FcVirtualCard *self,
                    guint8         p1,
                    guint8         p2,
                    guint          le,
                    GByteArray    *response)
{
  GBytes *content;
  gsize offset = (p1 << 8) | p2;
  gsize size;
  gsize n;

  /* Short EF identifiers in P1 are not emulated. */
  if (p1 & 0x80)
    return 0x6a86;

  if (self->behaviour == FC_VIRTUAL_CARD_ERROR_STATUS)
    return self->error_status;

  content = self->ap_selected ? ef_content_locked (self) : NULL;
  if (content == NULL)
    return 0x6986;

  size = g_bytes_get_size (content);
  if (offset >= size)
    return 0x6b00;

  n = MIN (le, size - offset);
  g_byte_array_append (response, (const guint8 *) g_bytes_get_data (content, NULL) + offset, n);

  return 0x9000;
}

static guint16
verify_locked (FcVirtualCard *self,
               guint8         p1,
               guint8         p2,
               const guint8  *data,
               gsize          lc)
{
  if (p1 != 0x00 || p2 != 0x80)
    return 0x6a86;

  if (!self->ap_selected || self->current_ef != FC_JPKI_EF_AUTH_PIN)
    return 0x6986;

  /* VERIFY with no data: how many tries are left, without spending one. */
  if (lc == 0)
    return 0x63c0 | self->pin_tries;

  if (self->pin_tries == 0)
    return 0x6984;

  if (lc == strlen (VIRTUAL_PIN) && memcmp (data, VIRTUAL_PIN, lc) == 0)
    {
      self->pin_tries = VIRTUAL_PIN_TRIES;
      return 0x9000;
    }

  self->pin_tries--;
  return 0x63c0 | self->pin_tries;
}

/* Answers one command APDU like a JPKI card. The response never carries more than 256 data
 * bytes. */
GByteArray *
fc_virtual_card_process_apdu_locked (FcVirtualCard *self,
                                     const guint8  *apdu,
                                     gsize          len)
{
  GByteArray *response = g_byte_array_sized_new (258);
  const guint8 *data = NULL;
  gsize lc = 0;
  guint le = 0;
  gboolean has_le = FALSE;

  if (len < 4)
    return response_sw (response, 0x6700);

  if (apdu[0] != 0x00)
    return response_sw (response, 0x6e00);

  /* Short APDU cases: 1 (header), 2 (header + Le), 3 (header + Lc + data),
   * 4 (header + Lc + data + Le). Extended lengths are not supported. */
  if (len == 5)
    {
      has_le = TRUE;
      le = apdu[4] == 0 ? 256 : apdu[4];
    }
  else if (len > 5)
    {
      lc = apdu[4];
      data = apdu + 5;
      if (lc == 0 || (len != 5 + lc && len != 6 + lc))
        return response_sw (response, 0x6700);
      if (len == 6 + lc)
        {
          has_le = TRUE;
          le = apdu[len - 1] == 0 ? 256 : apdu[len - 1];
        }
    }

  switch (apdu[1])
    {
    case 0xa4: /* SELECT */
      if (lc == 0)
        return response_sw (response, 0x6700);
      return response_sw (response, select_locked (self, apdu[2], apdu[3], data, lc));

    case 0xb0: /* READ BINARY */
      if (!has_le || lc != 0)
        return response_sw (response, 0x6700);
      return response_sw (response, read_binary_locked (self, apdu[2], apdu[3], le, response));

    case 0x20: /* VERIFY */
      if (has_le)
        return response_sw (response, 0x6700);
      return response_sw (response, verify_locked (self, apdu[2], apdu[3], data, lc));

    default:
      return response_sw (response, 0x6d00);
    }
}

