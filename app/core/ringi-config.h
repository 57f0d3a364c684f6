/* ringi-config.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ringi-attendance-rules.h"
#include "ringi-punch.h"

G_BEGIN_DECLS

/**
 * RingiConfigError:
 * @RINGI_CONFIG_ERROR_READ: the file exists but cannot be read
 * @RINGI_CONFIG_ERROR_SYNTAX: the file is not a key file (`[group]` and
 *   `key=value` lines); the message quotes the line
 * @RINGI_CONFIG_ERROR_INVALID: a key is unknown, or its value is not one
 *   the key allows; the message names the group, the key and what is
 *   expected
 *
 * Errors of the system configuration. Every message starts with the
 * file's path, for the IT department that wrote it.
 */
typedef enum
{
  RINGI_CONFIG_ERROR_READ,
  RINGI_CONFIG_ERROR_SYNTAX,
  RINGI_CONFIG_ERROR_INVALID,
} RingiConfigError;

#define RINGI_CONFIG_ERROR (ringi_config_error_quark ())
GQuark ringi_config_error_quark (void);

#define RINGI_TYPE_CONFIG (ringi_config_get_type ())
G_DECLARE_FINAL_TYPE (RingiConfig, ringi_config, RINGI, CONFIG, GObject)

char *ringi_config_dup_default_path (void);
RingiConfig *ringi_config_new (void);
RingiConfig *ringi_config_load (const char *path,
                                GError **error);
RingiConfig *ringi_config_load_default (GError **error);

const char *ringi_config_get_path (RingiConfig *self);
const char *ringi_config_get_server_url (RingiConfig *self);
const char *ringi_config_get_ca_file (RingiConfig *self);
gboolean ringi_config_get_lock_server (RingiConfig *self);
gboolean ringi_config_get_default_place (RingiConfig *self,
                                         RingiPunchPlace *out_place);
gboolean ringi_config_get_attendance_class (RingiConfig *self,
                                            RingiAttendanceClass *out_class);

G_END_DECLS
