#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs the build into a scratch DESTDIR and checks that what IT
# installs is complete and works: the programs run, and the desktop file,
# metainfo, schema, icons, translations, the server's systemd unit, its
# system user and its example settings are where they belong and valid.
set -euo pipefail

build_dir=$1
prefix=$2
app_id=$3

destdir=$(mktemp -d "${TMPDIR:-/tmp}/ringi-install.XXXXXX")
trap 'rm -rf "$destdir"' EXIT
root=$destdir$prefix
failed=0

fail () {
  echo "FAIL: $*"
  failed=1
}

meson install -C "$build_dir" --destdir "$destdir" --no-rebuild --quiet

for program in ringi-server ringi-cli ringi; do
  if out=$("$root/bin/$program" --version 2>&1); then
    echo "$out"
  else
    fail "$program --version: $out"
  fi
done

expect () {
  for path in "$@"; do
    [ -s "$destdir$path" ] || fail "missing $path"
  done
}

expect \
  "$prefix/share/applications/$app_id.desktop" \
  "$prefix/share/metainfo/$app_id.metainfo.xml" \
  "$prefix/share/glib-2.0/schemas/$app_id.gschema.xml" \
  "$prefix/share/icons/hicolor/scalable/apps/$app_id.svg" \
  "$prefix/share/icons/hicolor/symbolic/apps/$app_id-symbolic.svg" \
  "$prefix/share/locale/ja/LC_MESSAGES/ringi.mo" \
  "$prefix/etc/ringi/ringi-server.conf.example" \
  "$prefix/share/doc/ringi/README.md" \
  "$prefix/share/doc/ringi/ringi.conf.example"

unit=$(find "$destdir" -name ringi-server.service -path '*systemd/system*' | head -n 1)
sysusers=$(find "$destdir" -name ringi-server.conf -path '*sysusers.d*' | head -n 1)
[ -n "$unit" ] || fail "the systemd unit ringi-server.service is not installed"
[ -n "$sysusers" ] || fail "the sysusers.d entry for the ringi user is not installed"

if [ -n "$unit" ]; then
  exec_start=$(sed -n 's/^ExecStart=\([^ ]*\).*/\1/p' "$unit")
  [ -x "$destdir$exec_start" ] || fail "the unit starts $exec_start, which is not installed"
  for setting in ProtectSystem=strict ProtectHome=yes NoNewPrivileges=yes \
                 PrivateTmp=yes StateDirectory=ringi-server RestrictAddressFamilies=; do
    grep -q "^$setting" "$unit" || fail "the unit lacks $setting"
  done
  if command -v systemd-analyze >/dev/null; then
    # Verified as installed, but with ExecStart pointing into DESTDIR so
    # that systemd can check the program; the ringi user exists only once
    # systemd-sysusers ran, so that one complaint is expected.
    check_dir=$(mktemp -d "${TMPDIR:-/tmp}/ringi-unit.XXXXXX")
    sed "s|^ExecStart=$exec_start|ExecStart=$destdir$exec_start|" "$unit" > "$check_dir/ringi-server.service"
    out=$(systemd-analyze verify "$check_dir/ringi-server.service" 2>&1 \
          | grep -v -e "Failed to resolve user" -e "user ringi" || true)
    rm -rf "$check_dir"
    [ -z "$out" ] || fail "systemd-analyze verify: $out"
  fi
fi

if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$destdir$prefix/share/applications/$app_id.desktop" || fail "desktop file"
fi
if command -v appstreamcli >/dev/null; then
  appstreamcli validate --no-net "$destdir$prefix/share/metainfo/$app_id.metainfo.xml" || fail "metainfo"
fi
glib-compile-schemas --strict --dry-run "$destdir$prefix/share/glib-2.0/schemas" || fail "schema"

if [ "$failed" -ne 0 ]; then
  exit 1
fi
echo "install ok"
