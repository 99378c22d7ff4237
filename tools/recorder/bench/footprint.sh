#!/usr/bin/env bash
# Code and static RAM of the recorder per architecture at -Os with the default configuration,
# and the stack frames of the functions one record passes through (Cortex-M3, from
# -fstack-usage). README.md, "Footprint", was made with it.
#   tools/recorder/bench/footprint.sh [WORKDIR]
set -euo pipefail
recorder=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$(mktemp -d)}
mkdir -p "$work"
common=(-Os -std=c99 -Wall -Wextra -Wpedantic -Werror -ffunction-sections -fdata-sections -I"$recorder")
declare -A arch_flags=(
  [cortex-m3]="arm-none-eabi- -mcpu=cortex-m3 -mthumb"
  [cortex-m0]="arm-none-eabi- -mcpu=cortex-m0 -mthumb"
  [riscv32-imc]="riscv64-unknown-elf- -march=rv32imc -mabi=ilp32 -ffreestanding"
  [xtensa-lx106]="xtensa-lx106-elf- -mlongcalls -ffreestanding"
)
# Groups: what every user links, then each optional part.
declare -A groups=(
  [core]="lst_frame lst_recorder lst_records lst_port_defaults"
  [ring_sink]="lst_ring"
  [stream_sink]="lst_stream_sink"
  [line_sink]="lst_line_sink"
  [wrap]="lst_wrap"
)
printf '%-13s %-12s %6s %6s\n' arch part code bss
for arch in cortex-m3 cortex-m0 riscv32-imc xtensa-lx106; do
  read -r prefix flags <<<"${arch_flags[$arch]}"
  command -v "${prefix}gcc" >/dev/null || { echo "$arch: ${prefix}gcc not installed"; continue; }
  mkdir -p "$work/$arch"
  total=0
  for part in core ring_sink stream_sink line_sink wrap; do
    code=0
    bss=0
    for name in ${groups[$part]}; do
      # shellcheck disable=SC2086
      "${prefix}gcc" "${common[@]}" $flags -fstack-usage -c "$recorder/$name.c" -o "$work/$arch/$name.o"
      read -r text data b _ < <("${prefix}size" "$work/$arch/$name.o" | tail -1)
      code=$((code + text + data))
      bss=$((bss + b))
    done
    total=$((total + code))
    printf '%-13s %-12s %6d %6d\n' "$arch" "$part" "$code" "$bss"
  done
  printf '%-13s %-12s %6d\n' "$arch" "all" "$total"
done
echo
echo "Stack frames on cortex-m3 (bytes, -fstack-usage), the path of one record:"
cat "$work"/cortex-m3/*.su | grep -E ':(lst_record_alloc|record_block|lst_emit|commit_loss|ring_commit|line_commit|lst_frame_stamp|lst_crc32|lst_put_stack|lst_put_varint)\b' \
  | awk -F'\t' '{ split($1, a, ":"); printf "  %-18s %4s %s\n", a[4], $2, $3 }'
