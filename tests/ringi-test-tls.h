/* ringi-test-tls.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * RingiTestCerts:
 * @dir: where the files are
 * @ca_file: a test CA
 * @other_ca_file: a second CA that signed nothing here
 * @cert_file: a server certificate for 127.0.0.1 only, signed by @ca_file
 * @key_file: its key
 * @garbage_file: a file that holds no certificate
 */
typedef struct
{
  char *dir;
  char *ca_file;
  char *other_ca_file;
  char *cert_file;
  char *key_file;
  char *garbage_file;
} RingiTestCerts;

RingiTestCerts *ringi_test_certs_new (void);
void ringi_test_certs_free (RingiTestCerts *certs);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RingiTestCerts, ringi_test_certs_free)

G_END_DECLS
