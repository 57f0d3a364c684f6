/* ringi-month-close.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The request categories of attendance, each with its route template */
#define RINGI_CATEGORY_MONTHLY_REPORT "勤務月報"
#define RINGI_CATEGORY_CORRECTION     "打刻修正"
#define RINGI_CATEGORY_LEAVE          "休暇"

/**
 * RingiMonthCloseError:
 * @RINGI_MONTH_CLOSE_ERROR_MALFORMED: the bytes are not a month-close
 *   record in the canonical form of docs/month-close-format.md
 * @RINGI_MONTH_CLOSE_ERROR_UNSUPPORTED: the record is of a format version
 *   this build does not know
 */
typedef enum
{
  RINGI_MONTH_CLOSE_ERROR_MALFORMED,
  RINGI_MONTH_CLOSE_ERROR_UNSUPPORTED,
} RingiMonthCloseError;

#define RINGI_MONTH_CLOSE_ERROR (ringi_month_close_error_quark ())
GQuark ringi_month_close_error_quark (void);

#define RINGI_MONTH_CLOSE_FORMAT_VERSION 1

/**
 * RingiMonthCloseFields:
 * @login: whose month
 * @signer_key: the fingerprint of the signing key, 40 upper-case hex
 * @year: the year
 * @month: the month, 1 to 12
 * @request: the uuid of the 勤務月報 request the month is submitted with
 * @time: when the person closed the month
 * @punches: (array zero-terminated=1): the sha256 of each of the month's
 *   punches, in the order of their client time
 *
 * Everything a month close says, for ringi_month_close_new().
 */
typedef struct
{
  const char *login;
  const char *signer_key;
  int year;
  int month;
  const char *request;
  GDateTime *time;
  const char *const *punches;
} RingiMonthCloseFields;

typedef struct _RingiMonthClose RingiMonthClose;

#define RINGI_TYPE_MONTH_CLOSE (ringi_month_close_get_type ())
GType ringi_month_close_get_type (void) G_GNUC_CONST;

RingiMonthClose *ringi_month_close_new (const RingiMonthCloseFields *fields,
                                        GError **error);
RingiMonthClose *ringi_month_close_parse (GBytes *bytes,
                                          GError **error);
RingiMonthClose *ringi_month_close_ref (RingiMonthClose *self);
void ringi_month_close_unref (RingiMonthClose *self);

GBytes *ringi_month_close_to_bytes (RingiMonthClose *self);
const char *ringi_month_close_get_login (RingiMonthClose *self);
const char *ringi_month_close_get_signer_key (RingiMonthClose *self);
const char *ringi_month_close_get_month (RingiMonthClose *self);
const char *ringi_month_close_get_request (RingiMonthClose *self);
GDateTime *ringi_month_close_get_time (RingiMonthClose *self);
const char *const *ringi_month_close_get_punches (RingiMonthClose *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RingiMonthClose, ringi_month_close_unref)

G_END_DECLS
