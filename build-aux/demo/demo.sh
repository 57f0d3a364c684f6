# SPDX-License-Identifier: GPL-3.0-or-later
#
# The demo organisation of `build-aux/dev run`: a local ringi-server on
# loopback with the departments 総務課, 財政課 and 企画課, staff, 係長, 課長
# and 部長, route templates, and a few sample requests already moving.
# Sourced by build-aux/dev, which sets $top.

demo_dir=$top/_build/demo
demo_data=$demo_dir/server
demo_port=${RINGI_DEMO_PORT:-8443}
demo_url=https://127.0.0.1:$demo_port
# Every demo profile's seal PIN; a real one is chosen by its owner.
export RINGI_PASSPHRASE=demo-pin
demo_server_pid=

server_bin=$top/_build/app/server/ringi-server
cli_bin=$top/_build/app/cli/ringi-cli
pdf_bin=$top/_build/build-aux/demo/ringi-demo-pdf

# login|full name|seal name|department|role|manager — managers first:
# 部長 tanaka, 課長 takahashi, 係長 sato, then staff
demo_users=(
  "tanaka|田中 誠|田中|総務部|manager|"
  "takahashi|高橋 健|高橋|総務課|manager|tanaka"
  "sato|佐藤 花子|佐藤|総務課|staff|takahashi"
  "suzuki|鈴木 一郎|鈴木|総務課|staff|sato"
  "yamamoto|山本 由美|山本|財政課|staff|"
  "kobayashi|小林 大輔|小林|企画課|staff|"
)

# category|from yen|route
demo_routes=(
  "物品購入|0|approve=sato ; final=takahashi"
  "物品購入|1000000|approve=sato ; approve=takahashi ; consult:all=yamamoto ; final=tanaka"
  "出張|0|approve=sato ; final=takahashi ; circulate=kobayashi"
)

demo_cli () {
  local login=$1
  shift
  LC_ALL=C.UTF-8 LANGUAGE= "$cli_bin" --profile "$demo_dir/profiles/$login" "$@"
}

demo_add_people () {
  local entry login name seal dept role manager code
  for entry in "${demo_users[@]}"; do
    IFS='|' read -r login name seal dept role manager <<<"$entry"
    code=$(LC_ALL=C.UTF-8 LANGUAGE= "$server_bin" user add --data "$demo_data" "$login" \
             --name "$name" --seal-name "$seal" --dept "$dept" --role "$role" \
             ${manager:+--manager "$manager"} | sed -n 's/^Enrollment code for [^:]*: //p')
    echo "$login $code" >> "$demo_dir/codes"
  done
  for entry in "${demo_routes[@]}"; do
    IFS='|' read -r category from route <<<"$entry"
    "$server_bin" route add --data "$demo_data" --category "$category" --min-amount "$from" --route "$route" > /dev/null
  done
}

demo_start_server () {
  local line="" waited=0
  "$server_bin" serve --data "$demo_data" --listen "127.0.0.1:$demo_port" \
    > "$demo_dir/server.out" 2> "$demo_dir/server.log" &
  demo_server_pid=$!
  trap demo_stop_server EXIT
  # The server prints its address once it listens.
  while [ -z "$line" ]; do
    if ! kill -0 "$demo_server_pid" 2> /dev/null; then
      echo "The demo server did not start; see $demo_dir/server.log" >&2
      tail -5 "$demo_dir/server.log" >&2
      return 1
    fi
    [ "$waited" -ge 100 ] && { echo "The demo server did not answer in 20 s" >&2; return 1; }
    sleep 0.2
    waited=$((waited + 1))
    line=$(head -n 1 "$demo_dir/server.out" 2> /dev/null | grep '^Listening on' || true)
  done
}

demo_stop_server () {
  if [ -n "$demo_server_pid" ]; then
    kill -TERM "$demo_server_pid" 2> /dev/null || true
    wait "$demo_server_pid" 2> /dev/null || true
    demo_server_pid=
  fi
}

demo_enroll_everyone () {
  local login code
  while read -r login code; do
    demo_cli "$login" enroll --server "$demo_url" --ca "$demo_data/tls/ca.pem" \
      --login "$login" --code "$code" > /dev/null
  done < "$demo_dir/codes"
}

# A few requests at different points of their routes.
demo_sample_requests () {
  local pdfs=$demo_dir/pdf id
  mkdir -p "$pdfs"
  "$pdf_bin" "$pdfs/toner.pdf" "複合機トナーの購入について" "総務課" "48,400" "株式会社オフィス機器"
  "$pdf_bin" "$pdfs/car.pdf" "庁用車の購入について" "総務課" "2,500,000" "市内自動車販売株式会社"
  "$pdf_bin" "$pdfs/trip.pdf" "先進自治体視察の出張について" "総務課" "86,000" "（旅費）"

  demo_cli suzuki submit "$pdfs/toner.pdf" --title "複合機トナーの購入" --amount 48400 \
    --counterparty "株式会社オフィス機器" --route-template 物品購入 > /dev/null
  id=$(demo_cli suzuki submit "$pdfs/car.pdf" --title "庁用車の購入" --amount 2500000 \
         --counterparty "市内自動車販売株式会社" --route-template 物品購入)
  demo_cli suzuki submit "$pdfs/trip.pdf" --title "先進自治体視察の出張" --amount 86000 \
    --counterparty "旅費" --route-template 出張 > /dev/null
  demo_cli suzuki sync > /dev/null

  # 係長 sato has stamped the car purchase; it now waits for 課長 takahashi.
  demo_cli sato sync > /dev/null
  demo_cli sato approve "$id" --comment "確認しました" --page 1 --x 319.28 --y 74 > /dev/null
  demo_cli sato sync > /dev/null
  demo_cli takahashi sync > /dev/null
}

# Makes the demo organisation once; later runs reuse it.
demo_prepare () {
  if [ -f "$demo_dir/ready" ]; then
    return 0
  fi
  say "Creating the demo organisation in $demo_dir"
  rm -rf "$demo_dir"
  mkdir -p "$demo_dir/profiles"
  "$server_bin" init --data "$demo_data" --hostname localhost > /dev/null
  demo_add_people
  demo_start_server
  demo_enroll_everyone
  demo_sample_requests
  demo_stop_server
  touch "$demo_dir/ready"
}
