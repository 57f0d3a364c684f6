/* ringi-local-schema.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ringi-db.h"

G_BEGIN_DECLS

/* "Rngc": marks the store of a client profile */
#define RINGI_LOCAL_APPLICATION_ID 0x526E6763

const RingiDbSchema *ringi_local_schema (void);

G_END_DECLS
