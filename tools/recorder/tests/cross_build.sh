#!/bin/sh
# Compiles every recorder source (and an include check of lst_freertos.h) with one compiler.
#   cross_build.sh OUTDIR CC FLAGS...
# Fails on the first warning (FLAGS carry -Werror) or on a call to anything outside the
# recorder, and prints the objects' sizes.
set -eu
out=$1
cc=$2
shift 2
here=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out"
objects=""
for src in "$here"/lst_*.c; do
  obj="$out/$(basename "$src" .c).o"
  "$cc" "$@" -I"$here" -c "$src" -o "$obj"
  objects="$objects $obj"
done
# FreeRTOSConfig.h includes lst_freertos.h from C and from assembler files.
printf '#include "lst_freertos.h"\n' > "$out/freertos_include.c"
"$cc" "$@" -I"$here" -c "$out/freertos_include.c" -o "$out/freertos_include.o"
"$cc" "$@" -I"$here" -x assembler-with-cpp -c "$out/freertos_include.c" -o "$out/freertos_include_asm.o"
# No C library function, not even one the compiler introduces for a struct copy or a
# division: the recorder's objects may only refer to each other and to the wrapped allocator.
nm=$(printf '%s' "$cc" | sed 's/gcc$/nm/')
# shellcheck disable=SC2086
outside=$("$nm" $objects | awk '$1 == "U" && $2 !~ /^(lst_|__real_)/ { print $2 }' | sort -u)
if [ -n "$outside" ]; then
  echo "cross_build.sh: the recorder calls outside itself: $outside" >&2
  exit 1
fi
size=$(printf '%s' "$cc" | sed 's/gcc$/size/')
# shellcheck disable=SC2086
"$size" $objects
