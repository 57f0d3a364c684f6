/* ringi-server-tls.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-server-tls"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "ringi-server-error.h"
#include "ringi-server-tls.h"

/* The municipality's own CA, made by `ringi-server init` with the openssl
 * program: ECDSA P-256, a CA for ten years and a server certificate for
 * 825 days (the longest clients accept). Clients pin ca.pem. */
#define CA_DAYS     "3650"
#define SERVER_DAYS "825"

static gboolean
is_dns_label (const char *label)
{
  gsize length = strlen (label);

  if (length == 0 || length > 63 || label[0] == '-' || label[length - 1] == '-')
    return FALSE;

  for (const char *p = label; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-')
      return FALSE;

  return TRUE;
}

static gboolean
is_dns_name (const char *name)
{
  g_auto(GStrv) labels = NULL;

  if (strlen (name) > 253)
    return FALSE;

  labels = g_strsplit (name, ".", -1);
  for (guint i = 0; labels[i] != NULL; i++)
    if (!is_dns_label (labels[i]))
      return FALSE;

  return TRUE;
}

/**
 * ringi_server_tls_normalize_hostname:
 * @hostname: a host name or IP address as given on the command line
 * @error: return location for a #GError
 *
 * Checks that @hostname can stand in a certificate: an IP address, or a
 * DNS name (an international name is turned into its ASCII form).
 *
 * Returns: (transfer full): the name to certify, or %NULL with @error set
 */
char *
ringi_server_tls_normalize_hostname (const char *hostname,
                                     GError **error)
{
  g_autofree char *ascii = NULL;

  g_return_val_if_fail (hostname != NULL, NULL);

  if (g_hostname_is_ip_address (hostname))
    return g_strdup (hostname);

  ascii = g_hostname_to_ascii (hostname);
  if (ascii == NULL || !is_dns_name (ascii))
    {
      g_set_error (error, RINGI_SERVER_ERROR, RINGI_SERVER_ERROR_INVALID_ARGUMENT,
                   _("“%s” is neither a host name nor an IP address"), hostname);
      return NULL;
    }

  return g_ascii_strdown (ascii, -1);
}

static void
restrict_umask (gpointer data)
{
  umask (077);
}

static gboolean
run_openssl (const char *tls_dir,
             const char *const *args,
             GError **error)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *errors = NULL;

  g_subprocess_launcher_set_cwd (launcher, tls_dir);
  /* Private keys must never exist, even for an instant, readable by others. */
  g_subprocess_launcher_set_child_setup (launcher, restrict_umask, NULL, NULL);

  process = g_subprocess_launcher_spawnv (launcher, args, &local_error);
  if (process == NULL)
    {
      g_set_error (error, RINGI_SERVER_ERROR, RINGI_SERVER_ERROR_CERTIFICATE,
                   _("Could not run the openssl program to make the certificates; is the openssl package installed? (%s)"),
                   local_error->message);
      return FALSE;
    }

  if (!g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &errors, error))
    return FALSE;

  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    {
      g_set_error (error, RINGI_SERVER_ERROR, RINGI_SERVER_ERROR_CERTIFICATE,
                   _("openssl could not make the certificates (%s)"),
                   errors ? g_strstrip (errors) : "");
      return FALSE;
    }

  return TRUE;
}

static gboolean
make_key (const char *tls_dir,
          const char *name,
          GError **error)
{
  const char *const args[] = {
    "openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
    "-out", name, NULL
  };

  return run_openssl (tls_dir, args, error);
}

static gboolean
make_ca (const char *tls_dir,
         const char *hostname,
         GError **error)
{
  g_autofree char *subject = g_strdup_printf ("/O=Ringi/CN=Ringi CA for %s", hostname);
  /* -config /dev/null: only the extensions asked for here, whatever the
   * system's openssl.cnf says */
  const char *const args[] = {
    "openssl", "req", "-config", "/dev/null", "-new", "-x509", "-sha256",
    "-key", "ca-key.pem", "-out", "ca.pem", "-days", CA_DAYS, "-subj", subject,
    "-addext", "basicConstraints=critical,CA:TRUE,pathlen:0",
    "-addext", "keyUsage=critical,keyCertSign,cRLSign",
    NULL
  };

  return run_openssl (tls_dir, args, error);
}

static char *
subject_alt_names (const char *hostname)
{
  if (g_str_equal (hostname, "localhost") || g_str_equal (hostname, "127.0.0.1"))
    return g_strdup ("subjectAltName=DNS:localhost,IP:127.0.0.1");

  return g_strdup_printf ("subjectAltName=DNS:localhost,IP:127.0.0.1,%s:%s",
                          g_hostname_is_ip_address (hostname) ? "IP" : "DNS", hostname);
}

static gboolean
make_server_certificate (const char *tls_dir,
                         const char *hostname,
                         GError **error)
{
  g_autofree char *subject = g_strdup_printf ("/O=Ringi/CN=%s", hostname);
  g_autofree char *names = subject_alt_names (hostname);
  const char *const args[] = {
    "openssl", "req", "-config", "/dev/null", "-new", "-x509", "-sha256",
    "-key", "server-key.pem", "-CA", "ca.pem", "-CAkey", "ca-key.pem",
    "-out", "server.pem", "-days", SERVER_DAYS, "-subj", subject,
    "-addext", "basicConstraints=critical,CA:FALSE",
    "-addext", "keyUsage=critical,digitalSignature",
    "-addext", "extendedKeyUsage=serverAuth",
    "-addext", names,
    NULL
  };

  return run_openssl (tls_dir, args, error);
}

static gboolean
set_mode (const char *tls_dir,
          const char *name,
          int mode,
          GError **error)
{
  g_autofree char *path = g_build_filename (tls_dir, name, NULL);

  if (g_chmod (path, mode) == 0)
    return TRUE;

  g_set_error (error, RINGI_SERVER_ERROR, RINGI_SERVER_ERROR_CERTIFICATE,
               _("Could not set the permissions of “%s”: %s"), path, g_strerror (errno));
  return FALSE;
}

/**
 * ringi_server_tls_create:
 * @tls_dir: an empty, private folder
 * @hostname: a name from ringi_server_tls_normalize_hostname()
 * @error: return location for a #GError
 *
 * Makes a self-signed CA (ca.pem, ca-key.pem) and a server certificate
 * it signs (server.pem, server-key.pem) valid for localhost, 127.0.0.1
 * and @hostname. Private keys are readable by the owner only.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_server_tls_create (const char *tls_dir,
                         const char *hostname,
                         GError **error)
{
  g_return_val_if_fail (tls_dir != NULL, FALSE);
  g_return_val_if_fail (hostname != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return make_key (tls_dir, "ca-key.pem", error) &&
         make_ca (tls_dir, hostname, error) &&
         make_key (tls_dir, "server-key.pem", error) &&
         make_server_certificate (tls_dir, hostname, error) &&
         set_mode (tls_dir, "ca-key.pem", 0600, error) &&
         set_mode (tls_dir, "server-key.pem", 0600, error) &&
         set_mode (tls_dir, "ca.pem", 0644, error) &&
         set_mode (tls_dir, "server.pem", 0644, error);
}

/* glib-networking's GnuTLS backend takes its priority string from this
 * variable, once, when the first TLS connection is made. */
#define PRIORITY_VARIABLE "G_TLS_GNUTLS_PRIORITY"
#define OLD_VERSIONS_OFF  "-VERS-SSL3.0:-VERS-TLS1.0:-VERS-TLS1.1"

/**
 * ringi_server_tls_require_modern_versions:
 *
 * Makes the process speak TLS 1.2 and 1.3 only. glib-networking 2.74
 * appends to GnuTLS's system defaults, which on Debian 12 still accept
 * TLS 1.0 and 1.1; so SSL 3, TLS 1.0 and 1.1 are switched off here,
 * after any priority string the administrator set. Call it before the
 * first TLS connection.
 */
void
ringi_server_tls_require_modern_versions (void)
{
  const char *given = g_getenv (PRIORITY_VARIABLE);
  g_autofree char *priority = NULL;

  if (given != NULL && *given != '\0')
    priority = g_strconcat (given, ":" OLD_VERSIONS_OFF, NULL);
  else
    priority = g_strdup ("NORMAL:%COMPAT:" OLD_VERSIONS_OFF);

  g_setenv (PRIORITY_VARIABLE, priority, TRUE);
}

/**
 * ringi_server_tls_load:
 * @cert_path: the server certificate (PEM), possibly followed by its chain
 * @key_path: its private key (PEM)
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the certificate with its key, or %NULL with
 *   @error set
 */
GTlsCertificate *
ringi_server_tls_load (const char *cert_path,
                       const char *key_path,
                       GError **error)
{
  g_autoptr(GError) local_error = NULL;
  GTlsCertificate *certificate;

  g_return_val_if_fail (cert_path != NULL, NULL);
  g_return_val_if_fail (key_path != NULL, NULL);

  certificate = g_tls_certificate_new_from_files (cert_path, key_path, &local_error);
  if (certificate == NULL)
    g_set_error (error, RINGI_SERVER_ERROR, RINGI_SERVER_ERROR_CERTIFICATE,
                 _("Could not read the server certificate “%s” with its key “%s” (%s)"),
                 cert_path, key_path, local_error->message);

  return certificate;
}
