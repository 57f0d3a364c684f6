/* ringi-test-utils.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

char *ringi_test_make_tmpdir (const char *prefix);
void ringi_test_remove_tree (const char *path);
char *ringi_test_file_sha256 (const char *path);
void ringi_test_wait_for_flag (const gboolean *flag);
const char *ringi_test_corpus_dir (void);
void ringi_test_write_fast_agent_conf (const char *home);
void ringi_test_kill_agent (const char *home);
void ringi_test_assert_contains (const char *text,
                                 const char *needle);

G_END_DECLS
