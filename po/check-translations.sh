#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Fails when POTFILES.in misses a file with translatable strings, when a
# catalogue does not compile, or when any string is untranslated or fuzzy.
set -euo pipefail

top=${1:-$(dirname "$0")/..}
cd "$top"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0

# 1. POTFILES.in is sorted and complete.
grep -v '^#' po/POTFILES.in | grep -v '^$' > "$work/listed"
if ! sort -c "$work/listed" 2>/dev/null; then
  echo "po/POTFILES.in is not sorted"
  status=1
fi
{
  grep -rlE '(^|[^A-Za-z0-9_])(N?C?_|g_dngettext|ngettext)\s*\(' --include='*.c' app || true
  grep -rl 'translatable="yes"' --include='*.ui' app || true
  ls data/*.desktop.in.in data/*.metainfo.xml.in.in data/*.gschema.xml.in 2>/dev/null || true
} | sort -u > "$work/needed"
missing=$(comm -23 "$work/needed" <(sort "$work/listed"))
if [ -n "$missing" ]; then
  echo "Files with translatable strings missing from po/POTFILES.in:"
  echo "$missing"
  status=1
fi

# 2. Extract a fresh template the way i18n.gettext(preset: 'glib') does.
xgettext --from-code=UTF-8 --add-comments --sort-by-file \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --keyword=ngettext:1,2 \
  --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
  --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
  --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
  --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
  --flag=g_markup_printf_escaped:1:c-format --flag=g_log:3:c-format \
  --flag=g_print:1:c-format --flag=g_printerr:1:c-format \
  --flag=g_printf:1:c-format --flag=g_fprintf:2:c-format --flag=g_sprintf:2:c-format \
  --flag=g_snprintf:3:c-format \
  -f "$work/listed" -o "$work/ringi.pot"

for lang in $(grep -v '^#' po/LINGUAS); do
  po="po/$lang.po"
  if ! msgfmt --check --check-accelerators=_ -o /dev/null "$po"; then
    echo "$po: msgfmt --check failed"
    status=1
  fi
  # 3. Every string of the template is in the catalogue and translated.
  if ! msgcmp "$po" "$work/ringi.pot"; then
    echo "$po: strings of the sources are missing or untranslated (run ninja ringi-update-po)"
    status=1
  fi
  untranslated=$(msgattrib --untranslated --no-obsolete "$po" | grep -c '^msgid ' || true)
  fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$po" | grep -c '^msgid ' || true)
  # msgattrib prints the header entry when anything else is printed
  [ "$untranslated" -gt 0 ] && untranslated=$((untranslated - 1))
  [ "$fuzzy" -gt 0 ] && fuzzy=$((fuzzy - 1))
  if [ "$untranslated" -ne 0 ] || [ "$fuzzy" -ne 0 ]; then
    echo "$po: $untranslated untranslated and $fuzzy fuzzy strings"
    msgattrib --untranslated --no-obsolete "$po" | sed -n '/^msgid ""$/,+0d;/^msgid /p' | head -20
    msgattrib --only-fuzzy --no-obsolete "$po" | sed -n '/^msgid /p' | head -20
    status=1
  fi
done

if [ "$status" -eq 0 ]; then
  echo "translations complete"
fi
exit "$status"
