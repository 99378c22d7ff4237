#!/usr/bin/env bash
# Builds the gateway sample firmware and records one QEMU run of it.
#
#   samples/gateway/build.sh [--variant esp-idf|trace] [--text-start ADDR] [OUTDIR]
#                                       (default: esp-idf, OUTDIR this script's directory)
#
# esp-idf: writes OUTDIR/gateway.elf and OUTDIR/capture.log (the raw bytes UART0
#          sent during the run: two boots, ended by the firmware through
#          semihosting), with ESP-IDF style heap trace dumps.
# trace:   the same firmware recording with the leakscope recorder
#          (tools/recorder): OUTDIR/gateway-trace.elf, OUTDIR/trace-capture.log
#          (UART0: the log with LSTRACE: lines), OUTDIR/trace.bin (UART1: raw
#          frames) and OUTDIR/ring.bin (the RAM ring buffer at the last heapdump).
# --text-start ADDR links the code at ADDR (e.g. 0x1000) instead of right after
#          the vector table: a shifted layout where every code address moves and
#          nothing else changes, for tests of what must survive a rebuild
#          (tests/e2e, leak fingerprints).
# Works from any current directory. See README.md for what the run contains.
set -euo pipefail

die() {
    echo "build.sh: $*" >&2
    exit 1
}

for tool in arm-none-eabi-gcc qemu-system-arm timeout; do
    command -v "$tool" >/dev/null 2>&1 || die "required tool '$tool' not found in PATH"
done

VARIANT=esp-idf
TEXT_START=
while [ $# -gt 0 ]; do
    case "$1" in
        --variant) VARIANT="${2:-}"; shift 2 || die "--variant needs a value" ;;
        --text-start) TEXT_START="${2:-}"; shift 2 || die "--text-start needs an address" ;;
        *) break ;;
    esac
done
case "$VARIANT" in
    esp-idf | trace) ;;
    *) die "unknown variant '$VARIANT' (esp-idf, trace)" ;;
esac

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
if [ -n "$TEXT_START" ]; then
    LDFLAGS+=("-Wl,--section-start=.text=$TEXT_START")
fi

OBJ_DIR="$(mktemp -d)"
trap 'rm -rf "$OBJ_DIR"' EXIT

# Listed, not globbed: the link order (and so every address) must not depend
# on the locale's sort order. The trace build swaps heap_trace.c (ESP-IDF style
# records and dump) for the leakscope recorder and its glue; everything else is
# the same code.
SOURCES=(
    startup.c main.c boot_banner.c boot_state.c panic.c semihosting.c sbrk.c
    console_uart.c esp_log.c sim_clock.c scheduler.c
    call_stack.c heap_trace.c port_heap.c
    net_task.c uart_driver.c sensor_task.c console_task.c
)
RECORDER=tools/recorder
if [ "$VARIANT" = trace ]; then
    SOURCES=("${SOURCES[@]/heap_trace.c/trace_recorder_port.c trace_uart.c semihost_file.c}")
    read -r -a SOURCES <<< "${SOURCES[*]}"
    CFLAGS+=(-I "$FW" -I "$RECORDER" "-DLST_CONFIG_HEADER=\"lst_gateway_config.h\"")
    # task_create is wrapped so each task is named in the trace as it is created.
    LDFLAGS+=("-Wl,--wrap=task_create")
    ELF="$OUT_DIR/gateway-trace.elf"
else
    ELF="$OUT_DIR/gateway.elf"
fi
objects=()
for src in "${SOURCES[@]}"; do
    obj="$OBJ_DIR/${src%.c}.o"
    arm-none-eabi-gcc "${CFLAGS[@]}" -c "$FW/$src" -o "$obj"
    objects+=("$obj")
done
if [ "$VARIANT" = trace ]; then
    for src in lst_frame.c lst_recorder.c lst_records.c lst_ring.c lst_stream_sink.c \
               lst_line_sink.c lst_wrap.c lst_port_defaults.c; do
        obj="$OBJ_DIR/${src%.c}.o"
        arm-none-eabi-gcc "${CFLAGS[@]}" -c "$RECORDER/$src" -o "$obj"
        objects+=("$obj")
    done
fi
arm-none-eabi-gcc "${LDFLAGS[@]}" "${objects[@]}" -o "$ELF"

# -serial file: gets a UART's bytes untranslated; -monitor none keeps QEMU off
# stdin. The firmware reboots once (boot 1 -> boot 2) and then exits through
# semihosting SYS_EXIT, so QEMU ends by itself; the timeout only guards hangs.
# The trace build also writes UART1 (second -serial) and, through semihosting,
# ring.bin in QEMU's working directory.
if [ "$VARIANT" = trace ]; then
    CAPTURE="$OUT_DIR/trace-capture.log"
    SERIALS=(-serial "file:$CAPTURE" -serial "file:$OUT_DIR/trace.bin")
else
    CAPTURE="$OUT_DIR/capture.log"
    SERIALS=(-serial "file:$CAPTURE")
fi
RUN_DIR="$OBJ_DIR/run"
mkdir "$RUN_DIR"
status=0
(cd "$RUN_DIR" && timeout 60 qemu-system-arm -M mps2-an385 -nographic -monitor none \
    -semihosting "${SERIALS[@]}" -kernel "$ELF" </dev/null) || status=$?
if [ "$status" -ne 0 ]; then
    die "QEMU run failed with status $status (124 = timed out); see $CAPTURE"
fi

grep -aq "rst:0xc (SW_CPU_RESET)" "$CAPTURE" || die "capture has no second boot"
grep -aq "console: powering off" "$CAPTURE" || die "capture did not reach the end"
if [ "$VARIANT" = trace ]; then
    [ -s "$RUN_DIR/ring.bin" ] || die "the firmware wrote no ring.bin"
    mv "$RUN_DIR/ring.bin" "$OUT_DIR/ring.bin"
    [ -s "$OUT_DIR/trace.bin" ] || die "UART1 carried no trace frames"
    echo "build.sh: wrote $ELF, $CAPTURE, $OUT_DIR/trace.bin and $OUT_DIR/ring.bin"
else
    echo "build.sh: wrote $ELF and $CAPTURE"
fi
