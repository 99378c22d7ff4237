#!/usr/bin/env bash
# Builds the recorder's cost benchmark for Cortex-M3 (-Os) and runs it under QEMU with
# -icount shift=0 (README.md, "Footprint"). Prints the benchmark's report.
#   tools/recorder/bench/run_bench.sh [WORKDIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
recorder=$(cd "$here/.." && pwd)
work=${1:-$(mktemp -d)}
mkdir -p "$work"
for tool in arm-none-eabi-gcc qemu-system-arm timeout; do
  command -v "$tool" >/dev/null || { echo "run_bench.sh: $tool not found" >&2; exit 1; }
done
flags=(-mcpu=cortex-m3 -mthumb -Os -std=c99 -Wall -Wextra -Werror -ffunction-sections
       -fdata-sections -funwind-tables "-DLST_CONFIG_HEADER=\"bench_config.h\"" -I"$recorder" -I"$here")
objects=()
for src in "$recorder"/lst_*.c "$here"/bench_main.c "$here"/bench_board.c "$here"/bench_unwind.c; do
  obj="$work/$(basename "$src" .c).o"
  arm-none-eabi-gcc "${flags[@]}" -c "$src" -o "$obj"
  objects+=("$obj")
done
arm-none-eabi-gcc -mcpu=cortex-m3 -mthumb -specs=nano.specs -nostartfiles -T "$here/bench.ld" \
  -Wl,--gc-sections -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free \
  "${objects[@]}" -o "$work/recorder_bench.elf"
timeout 120 qemu-system-arm -M mps2-an385 -nographic -monitor none -semihosting \
  -icount shift=0 -serial "file:$work/bench.txt" -kernel "$work/recorder_bench.elf" </dev/null
cat "$work/bench.txt"
grep -q "^bench: done" "$work/bench.txt"
