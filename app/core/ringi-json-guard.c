/* ringi-json-guard.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A look at JSON text before json-glib parses it. json-glib 1.6 parses
 * arrays and objects by recursion, so a few hundred kilobytes of `[`
 * exhaust the stack and crash the process; untrusted JSON (a bundle's
 * manifest, a request to the server) passes this check first.
 */

#define G_LOG_DOMAIN "ringi-json-guard"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ringi-json-guard.h"

/**
 * ringi_json_guard_check:
 * @data: (array length=length): JSON text, not necessarily valid
 * @length: the length of @data in bytes
 * @max_depth: the deepest nesting of arrays and objects accepted
 * @error: return location for a #GError
 *
 * Counts how deep the arrays and objects of @data nest, skipping the
 * inside of strings (escapes included), and refuses text that nests
 * deeper than @max_depth. Nothing else is checked: the text may still be
 * invalid JSON, which the parser then reports.
 *
 * Returns: %TRUE when @data nests no deeper than @max_depth; otherwise
 *   %FALSE with @error set to %G_IO_ERROR_INVALID_DATA
 */
gboolean
ringi_json_guard_check (const char *data,
                        gsize length,
                        guint max_depth,
                        GError **error)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          /* A backslash takes the next byte with it, so `\"` does not
           * end the string. */
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > max_depth)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The JSON text nests arrays and objects deeper than %u levels"), max_depth);
              return FALSE;
            }
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }

  return TRUE;
}
