/* ringi-test-cli.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * RingiCliRun:
 * @status: the exit status of ringi-cli
 * @out: what it wrote on stdout
 * @err: what it wrote on stderr
 */
typedef struct
{
  int status;
  char *out;
  char *err;
} RingiCliRun;

void ringi_cli_run_clear (RingiCliRun *run);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RingiCliRun, ringi_cli_run_clear)

void ringi_test_cli_runv (RingiCliRun *run,
                          const char *const *args,
                          const char *pin);
void ringi_test_cli_assert_ok (const RingiCliRun *run);

G_END_DECLS
