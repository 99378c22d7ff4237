#!/bin/sh
# Validates leakscope's CI outputs under ctest: JUnit XML against tests/data/junit.xsd with
# xmllint (libxml2-utils), SARIF against the SARIF 2.1.0 JSON schema with Debian's
# python3-jsonschema. The files: the hand-built report of tests/unit/ci_report.hpp (awkward
# names, every site status), and real runs over golden cases, each writing all of its outputs
# from one run.
#   validate.sh LEAKSCOPE FIXTURES PYTHON3 SOURCE_DIR WORK_DIR
set -eu
leakscope=$1 fixtures=$2 python=$3 root=$4 work=$5
rm -rf "$work"
mkdir -p "$work"
"$fixtures" "$work"

run() {  # run NAME ARGS...: one analyze run writing every CI format; exit 0 or 1 expected
  name=$1
  shift
  (cd "$root" && "$leakscope" analyze "$@" --output junit="$work/$name.junit.xml" \
    --output sarif="$work/$name.sarif" --output markdown="$work/$name.md" \
    --output github="$work/$name.github") || [ $? -eq 1 ]
}
run sample-gateway --elf samples/gateway/gateway.elf samples/gateway/capture.log
run trace-raw-gateway --elf samples/gateway/gateway.elf tests/golden/trace-raw-gateway/input.bin
run heap-cellular --heap-floor 15K tests/golden/heap-cellular-particle/input.log
run heap-reboots tests/golden/heap-esp-idf-reboots/input.log
run passing tests/golden/esp-idf-v5-all-mode/input.log --fail-on-leak 5000
run no-elf tests/golden/esp-idf-v4-leaks-mode/input.log
run gate-suppressions --elf samples/gateway/gateway.elf --suppressions \
  tests/golden/gate-suppressions/known.supp samples/gateway/capture.log

xmllint --noout --schema "$root/tests/data/junit.xsd" "$work"/*.junit.xml
"$python" "$root/tests/ci/validate_sarif.py" "$root/tests/data/sarif-schema-2.1.0.json" "$work"/*.sarif
