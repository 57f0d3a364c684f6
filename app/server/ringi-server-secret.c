/* ringi-server-secret.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-server-secret"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ringi-server-secret.h"

/* Enrollment codes are typed by people: Crockford's base32 alphabet has
 * no I, L, O or U, and the reader forgives those look-alikes. */
static const char code_alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

#define CODE_GROUPS     5
#define CODE_GROUP_SIZE 4
#define CODE_LENGTH     (CODE_GROUPS * CODE_GROUP_SIZE)

/**
 * ringi_server_secret_random:
 * @n_bytes: how many bytes
 * @error: return location for a #GError
 *
 * Reads bytes from the kernel's random source. g_random_*() is not meant
 * for secrets, so codes, nonces and tokens come from here.
 *
 * Returns: (transfer full): @n_bytes random bytes, or %NULL with @error set
 */
GBytes *
ringi_server_secret_random (gsize n_bytes,
                            GError **error)
{
  g_autoptr(GFile) file = g_file_new_for_path ("/dev/urandom");
  g_autoptr(GFileInputStream) stream = NULL;
  g_autofree guint8 *buffer = g_malloc (n_bytes);
  gsize n_read = 0;

  g_return_val_if_fail (n_bytes > 0, NULL);

  stream = g_file_read (file, NULL, error);
  if (stream == NULL ||
      !g_input_stream_read_all (G_INPUT_STREAM (stream), buffer, n_bytes, &n_read, NULL, error))
    {
      g_prefix_error (error, _("Could not read random bytes: "));
      return NULL;
    }

  if (n_read != n_bytes)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not read random bytes: /dev/urandom ended early"));
      return NULL;
    }

  return g_bytes_new_take (g_steal_pointer (&buffer), n_bytes);
}

/**
 * ringi_server_secret_new_code:
 * @error: return location for a #GError
 *
 * Makes a one-time enrollment code of 100 random bits, written as five
 * groups of four characters such as `7KQ2-M9XD-4TRB-HN3W-PZ8C`.
 *
 * Returns: (transfer full): the code, or %NULL with @error set
 */
char *
ringi_server_secret_new_code (GError **error)
{
  g_autoptr(GBytes) random = ringi_server_secret_random (CODE_LENGTH, error);
  g_autoptr(GString) code = g_string_new (NULL);
  const guint8 *bytes;

  if (random == NULL)
    return NULL;

  /* 256 is a multiple of 32, so the low five bits of a byte are uniform. */
  bytes = g_bytes_get_data (random, NULL);
  for (guint i = 0; i < CODE_LENGTH; i++)
    {
      if (i > 0 && i % CODE_GROUP_SIZE == 0)
        g_string_append_c (code, '-');
      g_string_append_c (code, code_alphabet[bytes[i] & 31]);
    }

  return g_string_free (g_steal_pointer (&code), FALSE);
}

static char
normalize_code_char (char c)
{
  c = g_ascii_toupper (c);
  switch (c)
    {
    case 'O':
      return '0';
    case 'I':
    case 'L':
      return '1';
    default:
      return strchr (code_alphabet, c) != NULL ? c : '\0';
    }
}

/**
 * ringi_server_secret_normalize_code:
 * @code: an enrollment code as a person typed it
 *
 * Forgives case, dashes, spaces and look-alike letters, so that the hash
 * of what was typed matches the hash of what was printed.
 *
 * Returns: (transfer full) (nullable): the code's canonical form, or %NULL
 *   when it cannot be a code
 */
char *
ringi_server_secret_normalize_code (const char *code)
{
  g_autoptr(GString) canonical = g_string_new (NULL);

  g_return_val_if_fail (code != NULL, NULL);

  for (const char *p = code; *p != '\0'; p++)
    {
      char c;

      if (*p == '-' || *p == ' ')
        continue;

      c = normalize_code_char (*p);
      if (c == '\0')
        return NULL;
      g_string_append_c (canonical, c);
    }

  if (canonical->len != CODE_LENGTH)
    return NULL;

  return g_string_free (g_steal_pointer (&canonical), FALSE);
}

/**
 * ringi_server_secret_new_token:
 * @n_bytes: how many random bytes, 32 for a 256-bit token
 * @error: return location for a #GError
 *
 * Makes a bearer token or a login nonce: random bytes in base64.
 *
 * Returns: (transfer full): the token, or %NULL with @error set
 */
char *
ringi_server_secret_new_token (gsize n_bytes,
                               GError **error)
{
  g_autoptr(GBytes) random = ringi_server_secret_random (n_bytes, error);
  gsize size = 0;
  const guint8 *data;

  if (random == NULL)
    return NULL;

  data = g_bytes_get_data (random, &size);
  return g_base64_encode (data, size);
}

/**
 * ringi_server_secret_sha256:
 * @text: a code or token
 *
 * Returns: (transfer full): the sha256 of @text in lowercase hex, the only
 *   form in which secrets are stored
 */
char *
ringi_server_secret_sha256 (const char *text)
{
  g_return_val_if_fail (text != NULL, NULL);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}
