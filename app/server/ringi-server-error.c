/* ringi-server-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-server"

#include "config.h"

#include "ringi-server-error.h"

G_DEFINE_QUARK (ringi-server-error-quark, ringi_server_error)
