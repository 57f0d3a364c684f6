/* ringi-punch.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * RingiPunchError:
 * @RINGI_PUNCH_ERROR_MALFORMED: the bytes are not a punch record in the
 *   canonical form of docs/punch-format.md; the message names the line
 * @RINGI_PUNCH_ERROR_UNSUPPORTED: the record is of a format version this
 *   build does not know
 */
typedef enum
{
  RINGI_PUNCH_ERROR_MALFORMED,
  RINGI_PUNCH_ERROR_UNSUPPORTED,
} RingiPunchError;

#define RINGI_PUNCH_ERROR (ringi_punch_error_quark ())
GQuark ringi_punch_error_quark (void);

/* The one format version this build reads and writes */
#define RINGI_PUNCH_FORMAT_VERSION 1

/**
 * RingiPunchKind:
 * @RINGI_PUNCH_CLOCK_IN: start of the working day (出勤), `clock-in`
 * @RINGI_PUNCH_CLOCK_OUT: end of the working day (退勤), `clock-out`
 * @RINGI_PUNCH_BREAK_START: a break begins (休憩), `break-start`
 * @RINGI_PUNCH_BREAK_END: the break ends, `break-end`
 * @RINGI_PUNCH_OUT: private time out begins (中抜け), `out`
 * @RINGI_PUNCH_IN: back from the time out, `in`
 */
typedef enum
{
  RINGI_PUNCH_CLOCK_IN,
  RINGI_PUNCH_CLOCK_OUT,
  RINGI_PUNCH_BREAK_START,
  RINGI_PUNCH_BREAK_END,
  RINGI_PUNCH_OUT,
  RINGI_PUNCH_IN,
} RingiPunchKind;

/**
 * RingiPunchPlace:
 * @RINGI_PUNCH_PLACE_HOME: at home (在宅), `home`
 * @RINGI_PUNCH_PLACE_OFFICE: at the town hall (庁舎), `office`
 * @RINGI_PUNCH_PLACE_SATELLITE: at a satellite office (サテライト), `satellite`
 * @RINGI_PUNCH_PLACE_TRIP: on a business trip (出張), `trip`
 */
typedef enum
{
  RINGI_PUNCH_PLACE_HOME,
  RINGI_PUNCH_PLACE_OFFICE,
  RINGI_PUNCH_PLACE_SATELLITE,
  RINGI_PUNCH_PLACE_TRIP,
} RingiPunchPlace;

/**
 * RingiPunchFields:
 * @punch: the punch's uuid, lower-case
 * @login: whose punch it is
 * @signer_key: the fingerprint of the signing key, 40 upper-case hex
 * @kind: what the punch records
 * @place: where the person works
 * @client_time: when, by the clock of the device that punched; written to
 *   the second, in its own offset
 * @note_sha256: (nullable): sha256 of the note, or %NULL without one
 * @corrects: (nullable): the uuid of the punch an approved correction
 *   replaces, or %NULL
 * @imported: %TRUE for a punch imported from a legacy system
 *
 * Everything a punch says, for ringi_punch_new().
 */
typedef struct
{
  const char *punch;
  const char *login;
  const char *signer_key;
  RingiPunchKind kind;
  RingiPunchPlace place;
  GDateTime *client_time;
  const char *note_sha256;
  const char *corrects;
  gboolean imported;
} RingiPunchFields;

typedef struct _RingiPunch RingiPunch;

#define RINGI_TYPE_PUNCH (ringi_punch_get_type ())
GType ringi_punch_get_type (void) G_GNUC_CONST;

const char *ringi_punch_kind_to_string (RingiPunchKind kind);
gboolean ringi_punch_kind_from_string (const char *text,
                                       RingiPunchKind *out_kind);
const char *ringi_punch_place_to_string (RingiPunchPlace place);
const char *ringi_punch_kind_get_label (RingiPunchKind kind);
const char *ringi_punch_place_get_label (RingiPunchPlace place);
gboolean ringi_punch_place_from_string (const char *text,
                                        RingiPunchPlace *out_place);

RingiPunch *ringi_punch_new (const RingiPunchFields *fields,
                             GError **error);
RingiPunch *ringi_punch_parse (GBytes *bytes,
                               GError **error);
RingiPunch *ringi_punch_ref (RingiPunch *self);
void ringi_punch_unref (RingiPunch *self);

GBytes *ringi_punch_to_bytes (RingiPunch *self);
char *ringi_punch_dup_sha256 (RingiPunch *self);

const char *ringi_punch_get_punch (RingiPunch *self);
const char *ringi_punch_get_login (RingiPunch *self);
const char *ringi_punch_get_signer_key (RingiPunch *self);
RingiPunchKind ringi_punch_get_kind (RingiPunch *self);
RingiPunchPlace ringi_punch_get_place (RingiPunch *self);
GDateTime *ringi_punch_get_client_time (RingiPunch *self);
const char *ringi_punch_get_note_sha256 (RingiPunch *self);
const char *ringi_punch_get_corrects (RingiPunch *self);
gboolean ringi_punch_get_imported (RingiPunch *self);

char *ringi_punch_hash_note (const char *note);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RingiPunch, ringi_punch_unref)

G_END_DECLS
