/* ringi-text.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-text"

#include "config.h"

#include <string.h>

#include "ringi-text.h"

/**
 * ringi_text_printable:
 * @text: (nullable): text that came from outside, e.g. from a bundle
 *
 * Makes @text safe to show on a terminal: invalid UTF-8 is replaced and
 * control and line-separating characters, which could redraw the screen
 * and forge what a person reads, are shown as `\xNN` escapes. Other
 * characters, Japanese included, stay as they are.
 *
 * Returns: (transfer full): the printable text
 */
char *
ringi_text_printable (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text ? text : "", -1);
  GString *out = g_string_new (NULL);

  for (const char *p = valid; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029 ||
          (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
        g_string_append_printf (out, "\\x%02x", c);
      else
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

/**
 * ringi_text_pad:
 * @text: UTF-8 text for a table column
 * @width: the column's width on a terminal
 *
 * Pads @text with spaces to @width columns; a CJK character takes two,
 * which printf's widths, counting bytes, get wrong.
 *
 * Returns: (transfer full): the padded text
 */
char *
ringi_text_pad (const char *text,
                guint width)
{
  GString *padded = g_string_new (text);
  guint columns = 0;

  g_return_val_if_fail (text != NULL, NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    columns += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;

  for (; columns < width; columns++)
    g_string_append_c (padded, ' ');

  return g_string_free (padded, FALSE);
}

/**
 * ringi_text_contains_unwrapped:
 * @text: text read out of a document, perhaps not UTF-8
 * @words: (array zero-terminated=1): what must appear
 *
 * Whether each of @words appears in @text once every white space is
 * taken out of it: a line may wrap a uuid or a sha256 anywhere, even at
 * a hyphen, and the word still counts.
 *
 * Returns: %TRUE if @text is UTF-8 and holds every one of @words
 */
gboolean
ringi_text_contains_unwrapped (const char *text,
                               const char *const *words)
{
  g_autoptr(GString) packed = NULL;

  g_return_val_if_fail (words != NULL, FALSE);

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return FALSE;

  packed = g_string_sized_new (strlen (text));
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c))
        g_string_append_unichar (packed, c);
    }

  for (guint i = 0; words[i] != NULL; i++)
    if (strstr (packed->str, words[i]) == NULL)
      return FALSE;

  return TRUE;
}

/**
 * ringi_text_parse_date:
 * @text: (nullable): a date, `YYYY-MM-DD`
 * @out_date: (out) (optional): the day
 *
 * Reads a date written `YYYY-MM-DD` and nothing else: four, two and two
 * digits, a real day of the calendar. ISO 8601's other forms (week
 * dates, ordinal dates, times) are refused, so that a date means one
 * thing everywhere Ringi reads one.
 *
 * Returns: %TRUE if @text is such a date
 */
gboolean
ringi_text_parse_date (const char *text,
                       GDate *out_date)
{
  int year, month, day;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;

  year = (int) g_ascii_strtoll (text, NULL, 10);
  month = (int) g_ascii_strtoll (text + 5, NULL, 10);
  day = (int) g_ascii_strtoll (text + 8, NULL, 10);
  if (!g_date_valid_dmy (day, month, year))
    return FALSE;

  if (out_date != NULL)
    {
      g_date_clear (out_date, 1);
      g_date_set_dmy (out_date, day, month, year);
    }
  return TRUE;
}
