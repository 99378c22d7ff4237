#!/usr/bin/env bash
# Builds the gateway sample firmware and records one QEMU run of it.
#
#   samples/gateway/build.sh [OUTDIR]     (default OUTDIR: this script's directory)
#
# Writes OUTDIR/gateway.elf and OUTDIR/capture.log (the raw bytes UART0 sent
# during the run: two boots, ended by the firmware through semihosting).
# Works from any current directory. See README.md for what the run contains.
set -euo pipefail

die() {
    echo "build.sh: $*" >&2
    exit 1
}

for tool in arm-none-eabi-gcc qemu-system-arm timeout; do
    command -v "$tool" >/dev/null 2>&1 || die "required tool '$tool' not found in PATH"
done

SAMPLE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SAMPLE_DIR/../.." && pwd)"
SAMPLE_REL="${SAMPLE_DIR#"$REPO_ROOT"/}"     # samples/gateway
OUT_DIR="${1:-$SAMPLE_DIR}"
mkdir -p "$OUT_DIR"
OUT_DIR="$(cd "$OUT_DIR" && pwd)"

case "$OUT_DIR" in
    *,*) die "OUTDIR must not contain a comma (QEMU's -serial file: option cannot take one)" ;;
esac

# Compile from the repository root with relative source names, and map the
# root to "." so the debug info carries no path of this machine: DW_AT_name is
# samples/gateway/firmware/net_task.c and DW_AT_comp_dir is ".", which
# addr2line prints as ./samples/gateway/firmware/net_task.c. (Mapping only
# the sample directory to samples/gateway would leave the compile directory
# and the source directory both mapped, and tools would join them into
# samples/gateway/samples/gateway/firmware/...)
cd "$REPO_ROOT"
FW="$SAMPLE_REL/firmware"

CFLAGS=(
    -mcpu=cortex-m3 -mthumb -O2 -g -std=gnu11
    -Wall -Wextra -Werror
    -ffunction-sections -fdata-sections -fno-common
    -funwind-tables                  # .ARM.exidx for call_stack.c's unwinder
    "-ffile-prefix-map=$REPO_ROOT=."
)
LDFLAGS=(
    -mcpu=cortex-m3 -mthumb
    -specs=nano.specs -nostartfiles
    -T "$FW/gateway.ld"
    "-Wl,--gc-sections"
    "-Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free"
    "-Wl,--build-id=none"
)

OBJ_DIR="$(mktemp -d)"
trap 'rm -rf "$OBJ_DIR"' EXIT

# Listed, not globbed: the link order (and so every address) must not depend
# on the locale's sort order.
SOURCES=(
    startup.c main.c boot_banner.c boot_state.c panic.c semihosting.c sbrk.c
    console_uart.c esp_log.c sim_clock.c scheduler.c
    call_stack.c heap_trace.c port_heap.c
    net_task.c uart_driver.c sensor_task.c console_task.c
)
objects=()
for src in "${SOURCES[@]}"; do
    obj="$OBJ_DIR/${src%.c}.o"
    arm-none-eabi-gcc "${CFLAGS[@]}" -c "$FW/$src" -o "$obj"
    objects+=("$obj")
done
arm-none-eabi-gcc "${LDFLAGS[@]}" "${objects[@]}" -o "$OUT_DIR/gateway.elf"

# -serial file: gets UART0's bytes untranslated; -monitor none keeps QEMU off
# stdin. The firmware reboots once (boot 1 -> boot 2) and then exits through
# semihosting SYS_EXIT, so QEMU ends by itself; the timeout only guards hangs.
status=0
timeout 60 qemu-system-arm -M mps2-an385 -nographic -monitor none \
    -semihosting \
    -serial "file:$OUT_DIR/capture.log" \
    -kernel "$OUT_DIR/gateway.elf" </dev/null || status=$?
if [ "$status" -ne 0 ]; then
    die "QEMU run failed with status $status (124 = timed out); see $OUT_DIR/capture.log"
fi

grep -aq "rst:0xc (SW_CPU_RESET)" "$OUT_DIR/capture.log" || die "capture has no second boot"
grep -aq "console: powering off" "$OUT_DIR/capture.log" || die "capture did not reach the end"
echo "build.sh: wrote $OUT_DIR/gateway.elf and $OUT_DIR/capture.log"
