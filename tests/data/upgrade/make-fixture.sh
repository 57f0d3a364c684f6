#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Writes the upgrade test's fixture: a server data folder and three
# enrolled client profiles, with a request half-way along its route, made
# by a given build of Ringi. Run it with the build of the release before a
# schema change, then commit the tarball it writes:
#
#   tests/data/upgrade/make-fixture.sh _build tests/data/upgrade/fixture.tar.gz
#
# The server listens on port 47613 while the fixture is made: the
# profiles remember that address, so the test serves there again.
set -euo pipefail

build=$(realpath "$1")
out=$(realpath -m "$2")
server=$build/app/server/ringi-server
cli=$build/app/cli/ringi-cli
port=47613
work=$(mktemp -d /tmp/rupg.XXXXXX)
trap 'for p in "$work"/profiles/*/gnupg; do gpgconf --homedir "$p" --kill all; done 2>/dev/null; kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
export RINGI_PASSPHRASE=8642 LC_ALL=C.UTF-8 LANGUAGE=

"$server" init --data "$work/server" > /dev/null
for user in "tanaka|manager" "sato|manager" "suzuki|staff"; do
  IFS='|' read -r login role <<<"$user"
  "$server" user add --data "$work/server" "$login" --name "$login" --seal-name "$login" \
    --dept 総務課 --role "$role" | sed -n 's/^Enrollment code for [^:]*: //p' > "$work/$login.code"
done
"$server" route add --data "$work/server" --category purchase --route "approve=sato ; final=tanaka" > /dev/null

"$server" serve --data "$work/server" --listen 127.0.0.1:$port > "$work/serve.out" 2> "$work/serve.err" &
pid=$!
until grep -q "Listening on" "$work/serve.out"; do
  kill -0 "$pid"
  sleep 0.1
done

for login in tanaka sato suzuki; do
  mkdir -p -m 0700 "$work/profiles/$login/gnupg"
  printf 'allow-loopback-pinentry\nignore-cache-for-signing\ns2k-count 65536\n' > "$work/profiles/$login/gnupg/gpg-agent.conf"
  "$cli" --profile "$work/profiles/$login" enroll --server "https://127.0.0.1:$port" \
    --ca "$work/server/tls/ca.pem" --login "$login" --code "$(cat "$work/$login.code")" > /dev/null
done

# A one-page PDF without fonts keeps the fixture small.
python3 - "$work/request.pdf" <<'PY'
import sys
objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
           b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
           b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>"]
stream = b"0 0 1 rg 72 700 200 50 re f"
objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
out = bytearray(b"%PDF-1.4\n")
offsets = []
for number, body in enumerate(objects, 1):
    offsets.append(len(out))
    out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
xref = len(out)
out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
for offset in offsets:
    out += b"%010d 00000 n \n" % offset
out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
open(sys.argv[1], "wb").write(out)
PY
id=$("$cli" --profile "$work/profiles/suzuki" submit "$work/request.pdf" --title コピー用紙の購入 \
       --amount 52000 --counterparty 文具店 --route-template purchase)
"$cli" --profile "$work/profiles/suzuki" sync > /dev/null
"$cli" --profile "$work/profiles/sato" sync > /dev/null
"$cli" --profile "$work/profiles/sato" approve "$id" --comment 確認しました > /dev/null
"$cli" --profile "$work/profiles/sato" sync > /dev/null
"$cli" --profile "$work/profiles/tanaka" sync > /dev/null
echo "$id" > "$work/request-id"

kill -TERM "$pid"
wait "$pid"
for p in "$work"/profiles/*/gnupg "$work/server/gnupg" "$work/server/keys"; do
  gpgconf --homedir "$p" --kill all 2>/dev/null || true
done
find "$work" -name 'S.*' -type s -delete
git -C "$(dirname "$0")" rev-parse HEAD > "$work/made-by-commit" 2>/dev/null || echo unknown > "$work/made-by-commit"
tar -C "$work" --owner=0 --group=0 --sort=name -czf "$out" server profiles request-id made-by-commit
echo "wrote $out (request $id)"
