/* ringi-sqlite-storage.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ringi-server-storage.h"

G_BEGIN_DECLS

/* "Rngs": marks the database of a Ringi server */
#define RINGI_SERVER_APPLICATION_ID 0x526E6773

#define RINGI_TYPE_SQLITE_STORAGE (ringi_sqlite_storage_get_type ())
G_DECLARE_FINAL_TYPE (RingiSqliteStorage, ringi_sqlite_storage, RINGI, SQLITE_STORAGE, GObject)

RingiSqliteStorage *ringi_sqlite_storage_open (const char *path,
                                               GError **error);

G_END_DECLS
