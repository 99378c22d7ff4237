#!/bin/sh
# Renders leakscope's HTML reports in headless Chromium: each page must load, its script must
# run to the end (it sets <body data-ready="N">, N the charts drawn) and no script error may be
# logged. Run by ctest when Chromium is installed: render.sh LEAKSCOPE CHROMIUM SOURCE_DIR WORK_DIR
set -eu
leakscope=$1 chromium=$2 root=$3 work=$4
mkdir -p "$work"
fail=0

check() {  # check NAME CHARTS ARGS...
  name=$1 charts=$2
  shift 2
  page="$work/$name.html"
  "$leakscope" analyze --format html -o "$page" "$@" || [ $? -eq 1 ]
  # A fresh profile each time: a shared one would be locked by a run still closing.
  "$chromium" --headless --no-sandbox --disable-gpu --user-data-dir="$work/profile-$name" \
    --enable-logging=stderr --v=0 --dump-dom "file://$page" >"$work/$name.dom" 2>"$work/$name.log" || {
    echo "$name: chromium failed"; cat "$work/$name.log"; fail=1; return; }
  if ! grep -q "<body data-ready=\"$charts\">" "$work/$name.dom"; then
    echo "$name: the page's script did not finish with $charts charts:"
    grep -o '<body[^>]*>' "$work/$name.dom" || true
    fail=1
  fi
  if grep -E "Uncaught|SyntaxError|ReferenceError|TypeError" "$work/$name.log"; then
    echo "$name: script error"
    fail=1
  fi
  for id in $(grep -o 'id="heap-chart-[0-9]*"' "$page"); do
    grep -q "$id" "$work/$name.dom" || { echo "$name: $id not in the rendered page"; fail=1; }
  done
  echo "$name: rendered, $charts charts"
}

check cellular 1 --heap-floor 15K "$root/tests/golden/heap-cellular-particle/input.log"
check reboots 3 "$root/tests/golden/heap-esp-idf-reboots/input.log"
check gateway-trace 2 --elf "$root/samples/gateway/gateway.elf" "$root/tests/golden/trace-raw-gateway/input.bin"
exit $fail
