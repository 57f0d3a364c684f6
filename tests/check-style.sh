#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Checks the project's own sources against .clang-format and .editorconfig,
# and that every source file carries an SPDX licence header.
set -uo pipefail

top=${1:-$(dirname "$0")/..}
cd "$top" || exit 1
status=0

mapfile -t c_files < <(git ls-files -co --exclude-standard '*.c' '*.h' 2>/dev/null || find app tests -name '*.[ch]')
mapfile -t all_files < <(git ls-files -co --exclude-standard -- ':!COPYING' ':!*.svg' ':!*.png' ':!*.po' ':!*.tar.gz' 2>/dev/null)

if ! command -v clang-format >/dev/null; then
  echo "clang-format is not installed"
  exit 1
fi
if ! build-aux/clang-format-check "${c_files[@]}"; then
  echo "Run: build-aux/clang-format-check --fix on the files above"
  status=1
fi

for f in "${all_files[@]}"; do
  [ -f "$f" ] || continue
  if grep -nE '[[:space:]]+$' "$f" >/dev/null; then
    echo "$f: trailing whitespace"; status=1
  fi
  if [ -s "$f" ] && [ "$(tail -c1 "$f" | od -An -c | tr -d ' ')" != '\n' ]; then
    echo "$f: no newline at end of file"; status=1
  fi
  case "$f" in
    *.c|*.h|*.ui|*.xml|*.xml.in|*.xml.in.in|*meson.build|*.sh|*.json|*.css|build-aux/*|.ci/*)
      if grep -nP '\t' "$f" >/dev/null; then
        echo "$f: tab characters (indent with spaces)"; status=1
      fi ;;
  esac
  case "$f" in
    *.c|*.h|*.ui|*meson.build|*meson_options.txt|*.sh|*.xml.in|*.xml.in.in|build-aux/*|.ci/*)
      if ! head -n 5 "$f" | grep -q 'SPDX-License-Identifier: GPL-3.0-or-later'; then
        echo "$f: missing the SPDX-License-Identifier header"; status=1
      fi ;;
  esac
done

[ "$status" -eq 0 ] && echo "style ok: ${#c_files[@]} C files, ${#all_files[@]} files"
exit "$status"
