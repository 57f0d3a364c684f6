/* ringi-receipt.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-receipt"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ringi-receipt.h"
#include "ringi-record-private.h"

G_DEFINE_QUARK (ringi-receipt-error-quark, ringi_receipt_error)

/* The lines ringi_op_build_receipt() writes on the server, in order. */
static const char *const receipt_keys[] = {
  "Ringi-Receipt",
  "Stamp-SHA256",
  "Sequence",
  "Server-Time",
  "Server-Key",
  NULL
};

void
ringi_receipt_free (RingiReceipt *receipt)
{
  if (receipt == NULL)
    return;

  g_free (receipt->stamp_sha256);
  g_clear_pointer (&receipt->server_time, g_date_time_unref);
  g_free (receipt->server_key);
  g_free (receipt);
}

static gboolean
read_sequence (RingiRecordReader *reader,
               guint *out_sequence,
               GError **error)
{
  const char *value;

  if (!ringi_record_reader_take (reader, "Sequence", &value, error))
    return FALSE;

  if (!ringi_record_parse_uint (value, out_sequence) || *out_sequence == 0)
    {
      ringi_record_reader_fail (reader, error, _("the sequence number is not a whole number from 1"));
      return FALSE;
    }

  return TRUE;
}

/**
 * ringi_receipt_parse:
 * @bytes: the bytes of a receipt record
 * @error: return location for a #GError
 *
 * Reads a server receipt strictly: its lines in their order, nothing
 * else (docs/bundle-format.md). The signature is not checked here.
 *
 * Returns: (transfer full): the receipt, or %NULL with @error set
 */
RingiReceipt *
ringi_receipt_parse (GBytes *bytes,
                     GError **error)
{
  g_autoptr(RingiReceipt) self = g_new0 (RingiReceipt, 1);
  RingiRecordReader reader;
  gboolean ok;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ok = ringi_record_reader_init (&reader, bytes, _("Receipt"), receipt_keys,
                                 RINGI_RECEIPT_ERROR, RINGI_RECEIPT_ERROR_MALFORMED, error) &&
       ringi_record_reader_take_version (&reader, "Ringi-Receipt", RINGI_RECEIPT_FORMAT_VERSION,
                                         RINGI_RECEIPT_ERROR_UNSUPPORTED, error) &&
       ringi_record_reader_take_sha256 (&reader, "Stamp-SHA256", &self->stamp_sha256, error) &&
       read_sequence (&reader, &self->sequence, error) &&
       ringi_record_reader_take_time (&reader, "Server-Time", &self->server_time, error) &&
       ringi_record_reader_take_fingerprint (&reader, "Server-Key", &self->server_key, error) &&
       ringi_record_reader_finish (&reader, error);
  ringi_record_reader_clear (&reader);

  if (!ok)
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * ringi_receipt_status_to_string:
 * @status: a #RingiReceiptStatus
 *
 * Returns: the status's stable name, for `--json`: `ok`, `missing`, `bad`
 */
const char *
ringi_receipt_status_to_string (RingiReceiptStatus status)
{
  switch (status)
    {
    case RINGI_RECEIPT_OK:
      return "ok";
    case RINGI_RECEIPT_MISSING:
      return "missing";
    case RINGI_RECEIPT_BAD:
    default:
      return "bad";
    }
}

void
ringi_receipt_result_free (RingiReceiptResult *result)
{
  if (result == NULL)
    return;

  g_free (result->file);
  g_free (result->explanation);
  g_free (result);
}
