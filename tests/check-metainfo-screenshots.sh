#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Every screenshot the metainfo shows is a file of data/screenshots/ (put
# there from the GUI tests by build-aux/update-screenshots), a PNG.
set -euo pipefail

metainfo=$1
screenshots=$2
failed=0

urls=$(sed -n 's|.*<image[^>]*>\(.*\)</image>.*|\1|p' "$metainfo")
[ -n "$urls" ] || { echo "the metainfo shows no screenshots"; exit 1; }

for url in $urls; do
  file=$screenshots/${url##*/}
  if [ ! -s "$file" ]; then
    echo "missing $file for $url"
    failed=1
  elif [ "$(head -c 8 "$file" | od -An -tx1 | tr -d ' \n')" != "89504e470d0a1a0a" ]; then
    echo "$file is not a PNG"
    failed=1
  fi
done

[ "$failed" -eq 0 ] && echo "screenshots ok"
exit "$failed"
