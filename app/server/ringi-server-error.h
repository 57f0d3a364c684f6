/* ringi-server-error.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * RingiServerError:
 * @RINGI_SERVER_ERROR_DATA_DIR_EXISTS: init was given a folder that is
 *   not empty; it was left untouched
 * @RINGI_SERVER_ERROR_NOT_A_DATA_DIR: the folder holds no server data
 * @RINGI_SERVER_ERROR_CERTIFICATE: the TLS certificate or key could not be
 *   made or read
 * @RINGI_SERVER_ERROR_INVALID_ARGUMENT: a value given on the command line
 *   is not acceptable (a host name, an address, a login…)
 * @RINGI_SERVER_ERROR_LISTEN: the server could not listen where asked
 * @RINGI_SERVER_ERROR_IN_USE: another ringi-server serves the data folder
 *
 * Errors of the server program outside its storage.
 */
typedef enum
{
  RINGI_SERVER_ERROR_DATA_DIR_EXISTS,
  RINGI_SERVER_ERROR_NOT_A_DATA_DIR,
  RINGI_SERVER_ERROR_CERTIFICATE,
  RINGI_SERVER_ERROR_INVALID_ARGUMENT,
  RINGI_SERVER_ERROR_LISTEN,
  RINGI_SERVER_ERROR_IN_USE,
} RingiServerError;

#define RINGI_SERVER_ERROR (ringi_server_error_quark ())
GQuark ringi_server_error_quark (void);

G_END_DECLS
