#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Parses the Flatpak manifest with flatpak-builder and refuses sandbox
# holes we never need. Exit 77 tells meson the test was skipped.
set -euo pipefail

manifest=$1

if ! command -v flatpak-builder >/dev/null; then
  echo "flatpak-builder is not installed: skipped"
  exit 77
fi

G_DEBUG=fatal-warnings flatpak-builder --show-manifest "$manifest" > /dev/null

bad=$(python3 - "$manifest" <<'PY'
import json, sys
manifest = json.load(open(sys.argv[1]))
refused = ("--filesystem=home", "--filesystem=host", "--socket=gpg-agent")
for arg in manifest.get("finish-args", []):
    if arg.startswith(refused) or arg.startswith("--filesystem=~"):
        print(arg)
PY
)
if [ -n "$bad" ]; then
  echo "finish-args grant what Ringi must not have:"
  echo "$bad"
  exit 1
fi
echo "manifest ok"
