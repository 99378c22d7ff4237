#!/usr/bin/env bash
# Remakes this case's inputs from the bundled sample (see README.md here):
#   builds/a/gateway.elf  symlink to samples/gateway/gateway.elf (build A)
#   builds/b/gateway.elf  the same ELF after arm-none-eabi-strip --strip-debug (build B)
#   input.log             samples/gateway/capture.log with ESP-IDF's "ELF file SHA256" lines
#                         added: boot 0 names build A (startup and panic), boot 1 build B
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
sample=$(cd "$here/../../../samples/gateway" && pwd)
capture=$sample/capture.log

mkdir -p "$here/builds/a" "$here/builds/b"
ln -sfn ../../../../../samples/gateway/gateway.elf "$here/builds/a/gateway.elf"
arm-none-eabi-strip --strip-debug -o "$here/builds/b/gateway.elf" "$sample/gateway.elf"
sha_a=$(sha256sum "$sample/gateway.elf" | cut -c1-16)
sha_b=$(sha256sum "$here/builds/b/gateway.elf" | cut -c1-16)

# Line numbers in the capture: each boot's "Pro cpu up." and boot 0's "Rebooting...".
mapfile -t up < <(grep -an 'cpu_start: Pro cpu up\.' "$capture" | cut -d: -f1)
reboot=$(grep -an '^Rebooting\.\.\.' "$capture" | cut -d: -f1)
[ "${#up[@]}" -eq 2 ] && [ "${up[0]}" -lt "$reboot" ] && [ "$reboot" -lt "${up[1]}" ] ||
    { echo "make-inputs.sh: unexpected capture layout" >&2; exit 1; }

app_info() {  # ESP_EARLY_LOGI(TAG, "ELF file SHA256:  %s...", 16 digits), colour and CRLF
    printf '\e[0;32mI (217) %s: ELF file SHA256:  %s...\e[0m\r\n' "$1" "$2"
}
{
    sed -n "1,${up[0]}p" "$capture"
    app_info cpu_start "$sha_a"                      # ESP-IDF v3.3-v5.2 tag
    sed -n "$((up[0] + 1)),$((reboot - 1))p" "$capture"
    printf 'ELF file SHA256: %s\r\n\r\n' "$sha_a"    # panic output, before the reboot
    sed -n "${reboot},${up[1]}p" "$capture"
    app_info app_init "$sha_b"                       # ESP-IDF v5.3+ tag
    sed -n "$((up[1] + 1)),\$p" "$capture"
} > "$here/input.log"
echo "make-inputs.sh: build A $sha_a..., build B $sha_b..."
