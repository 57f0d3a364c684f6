/* ringi-local-schema.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-local-schema"

#include "config.h"

#include "ringi-local-schema.h"

/* Migrations are append-only: a released step is never edited, a change
 * is a new step. Each runs in its own transaction. */
static const RingiDbMigration local_migrations[] = {
  { 1,
    "CREATE TABLE profile ("
    " key TEXT PRIMARY KEY,"
    " value TEXT NOT NULL"
    ") STRICT;" },
};

static const RingiDbSchema local_schema = {
  .kind = "profile",
  .application_id = RINGI_LOCAL_APPLICATION_ID,
  .migrations = local_migrations,
  .n_migrations = G_N_ELEMENTS (local_migrations),
};

/**
 * ringi_local_schema:
 *
 * Returns: (transfer none): the schema of a client profile's store
 */
const RingiDbSchema *
ringi_local_schema (void)
{
  return &local_schema;
}
