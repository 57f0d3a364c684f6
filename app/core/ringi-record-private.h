/* ringi-record-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Records larger than this are refused before they are read: a stamp or a
 * delegation is a few hundred bytes, a long route a few kilobytes. */
#define RINGI_RECORD_MAX_SIZE (64 * 1024)

/**
 * RingiRecordReader:
 *
 * Reads the `Key: value` lines of a signed record (docs/stamp-format.md)
 * strictly in order. Every failure names the line, so that a person can
 * find it in the file.
 */
typedef struct
{
  /*< private >*/
  const char *what;
  GQuark domain;
  int code;
  const char *const *keys;
  char **lines;
  guint n_lines;
  guint next;
} RingiRecordReader;

gboolean ringi_record_reader_init (RingiRecordReader *reader,
                                   GBytes *bytes,
                                   const char *what,
                                   const char *const *keys,
                                   GQuark domain,
                                   int code,
                                   GError **error);
void ringi_record_reader_clear (RingiRecordReader *reader);
gboolean ringi_record_reader_take (RingiRecordReader *reader,
                                   const char *key,
                                   const char **out_value,
                                   GError **error);
gboolean ringi_record_reader_take_optional (RingiRecordReader *reader,
                                            const char *key,
                                            const char **out_value,
                                            GError **error);
gboolean ringi_record_reader_take_version (RingiRecordReader *reader,
                                           const char *key,
                                           guint version,
                                           int unsupported_code,
                                           GError **error);
gboolean ringi_record_reader_take_uuid (RingiRecordReader *reader,
                                        const char *key,
                                        char **out_value,
                                        GError **error);
gboolean ringi_record_reader_take_login (RingiRecordReader *reader,
                                         const char *key,
                                         char **out_value,
                                         GError **error);
gboolean ringi_record_reader_take_fingerprint (RingiRecordReader *reader,
                                               const char *key,
                                               char **out_value,
                                               GError **error);
gboolean ringi_record_reader_take_sha256 (RingiRecordReader *reader,
                                          const char *key,
                                          char **out_value,
                                          GError **error);
gboolean ringi_record_reader_take_time (RingiRecordReader *reader,
                                        const char *key,
                                        GDateTime **out_time,
                                        GError **error);
gboolean ringi_record_reader_finish (RingiRecordReader *reader,
                                     GError **error);
void ringi_record_reader_fail (RingiRecordReader *reader,
                               GError **error,
                               const char *format,
                               ...) G_GNUC_PRINTF (3, 4);

void ringi_record_append (GString *record,
                          const char *key,
                          const char *value);
gboolean ringi_record_value_is_safe (const char *value);

gboolean ringi_record_parse_uint (const char *text,
                                  guint *out_value);
gboolean ringi_record_is_sha256 (const char *text);
gboolean ringi_record_is_uuid (const char *text);
char *ringi_record_format_time (GDateTime *time);
char *ringi_record_sha256 (GBytes *bytes);

G_END_DECLS
