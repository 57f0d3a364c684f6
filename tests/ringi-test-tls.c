/* ringi-test-tls.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-test-tls"

#include "config.h"

#include <glib/gstdio.h>

#include "ringi-test-tls.h"
#include "ringi-test-utils.h"

static void
run_openssl (const char *dir,
             const char *const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err_output = NULL;
  int status = 0;

  g_ptr_array_add (argv, (char *) "openssl");
  for (const char *const *a = args; *a != NULL; a++)
    g_ptr_array_add (argv, (char *) *a);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (dir, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, &err_output, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_assert_cmpstr (err_output, ==, "");
}

static void
make_ca (const char *dir,
         const char *name)
{
  g_autofree char *key = g_strconcat (name, ".key", NULL);
  g_autofree char *pem = g_strconcat (name, ".pem", NULL);
  const char *args[] = {
    "req", "-x509", "-new", "-nodes", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
    "-keyout", key, "-out", pem, "-days", "2", "-subj", "/CN=Ringi test CA",
    "-addext", "basicConstraints=critical,CA:TRUE",
    "-addext", "keyUsage=critical,keyCertSign,cRLSign", NULL
  };

  run_openssl (dir, args);
}

/**
 * ringi_test_certs_new:
 *
 * Makes throwaway certificates with the openssl command line, in a fresh
 * directory: a CA, a server certificate it signs for 127.0.0.1 (and no
 * other name), and an unrelated CA.
 *
 * Returns: (transfer full): the files
 */
RingiTestCerts *
ringi_test_certs_new (void)
{
  static const char extensions[] =
    "subjectAltName=IP:127.0.0.1\n"
    "basicConstraints=CA:FALSE\n"
    "extendedKeyUsage=serverAuth\n";
  const char *request[] = {
    "req", "-new", "-nodes", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
    "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1", NULL
  };
  const char *sign[] = {
    "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
    "-out", "server.pem", "-days", "2", "-extfile", "server.ext", NULL
  };
  RingiTestCerts *certs = g_new0 (RingiTestCerts, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *ext = NULL;

  certs->dir = ringi_test_make_tmpdir ("rt-tls");
  make_ca (certs->dir, "ca");
  make_ca (certs->dir, "other");
  ext = g_build_filename (certs->dir, "server.ext", NULL);
  g_file_set_contents (ext, extensions, -1, &error);
  g_assert_no_error (error);
  run_openssl (certs->dir, request);
  run_openssl (certs->dir, sign);

  certs->ca_file = g_build_filename (certs->dir, "ca.pem", NULL);
  certs->other_ca_file = g_build_filename (certs->dir, "other.pem", NULL);
  certs->cert_file = g_build_filename (certs->dir, "server.pem", NULL);
  certs->key_file = g_build_filename (certs->dir, "server.key", NULL);
  certs->garbage_file = g_build_filename (certs->dir, "garbage.pem", NULL);
  g_file_set_contents (certs->garbage_file, "not a certificate\n", -1, &error);
  g_assert_no_error (error);
  return certs;
}

void
ringi_test_certs_free (RingiTestCerts *certs)
{
  if (certs == NULL)
    return;

  ringi_test_remove_tree (certs->dir);
  g_free (certs->dir);
  g_free (certs->ca_file);
  g_free (certs->other_ca_file);
  g_free (certs->cert_file);
  g_free (certs->key_file);
  g_free (certs->garbage_file);
  g_free (certs);
}
