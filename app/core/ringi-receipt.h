/* ringi-receipt.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * RingiReceiptError:
 * @RINGI_RECEIPT_ERROR_MALFORMED: the bytes are not a receipt record of
 *   the form docs/bundle-format.md gives; the message names the line
 * @RINGI_RECEIPT_ERROR_UNSUPPORTED: the record is of a format version this
 *   build does not know
 */
typedef enum
{
  RINGI_RECEIPT_ERROR_MALFORMED,
  RINGI_RECEIPT_ERROR_UNSUPPORTED,
} RingiReceiptError;

#define RINGI_RECEIPT_ERROR (ringi_receipt_error_quark ())
GQuark ringi_receipt_error_quark (void);

/* The one receipt format version this build reads */
#define RINGI_RECEIPT_FORMAT_VERSION 1

/**
 * RingiReceipt:
 * @stamp_sha256: the sha256 of the stamp record the server accepted
 * @sequence: the stamp's place in its request's chain, from 1
 * @server_time: when the server accepted it
 * @server_key: the fingerprint of the key that signs the receipt
 *
 * What a server receipt says: the server accepted this exact stamp at
 * this place of the chain, at this time.
 */
typedef struct
{
  char *stamp_sha256;
  guint sequence;
  GDateTime *server_time;
  char *server_key;
} RingiReceipt;

RingiReceipt *ringi_receipt_parse (GBytes *bytes,
                                   GError **error);
void ringi_receipt_free (RingiReceipt *receipt);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RingiReceipt, ringi_receipt_free)

/**
 * RingiReceiptStatus:
 * @RINGI_RECEIPT_OK: the stamp has a receipt, signed by the server's key,
 *   for its exact bytes, numbered after the receipts before it
 * @RINGI_RECEIPT_MISSING: the stamp has no receipt: it was exported
 *   before the server accepted it, or the receipt was removed
 * @RINGI_RECEIPT_BAD: the stamp's receipt does not hold: see the
 *   explanation. The bundle is then not valid.
 *
 * What a bundle's receipt says of one stamp.
 */
typedef enum
{
  RINGI_RECEIPT_OK,
  RINGI_RECEIPT_MISSING,
  RINGI_RECEIPT_BAD,
} RingiReceiptStatus;

const char *ringi_receipt_status_to_string (RingiReceiptStatus status);

/**
 * RingiReceiptResult:
 * @status: what the receipt says of the stamp
 * @file: (nullable): the receipt's path in the bundle, %NULL when missing
 * @sequence: the receipt's sequence number, 0 unless @status is ok
 * @explanation: (nullable): why the receipt is bad, for people
 *
 * The receipt check of one stamp: see ringi_bundle_get_receipts().
 */
typedef struct
{
  RingiReceiptStatus status;
  char *file;
  guint sequence;
  char *explanation;
} RingiReceiptResult;

void ringi_receipt_result_free (RingiReceiptResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RingiReceiptResult, ringi_receipt_result_free)

G_END_DECLS
