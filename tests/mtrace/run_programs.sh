#!/bin/sh
# Runs each mtrace test program with glibc's malloc tracing on (glibc >= 2.34 traces only with
# its malloc debug library preloaded), writing DIR/NAME.trace. Each runs by its absolute path,
# so the trace names it by that path and glibc's script finds it from any directory.
#   run_programs.sh DIR NAME...
set -eu
dir=$1
shift
for name in "$@"; do
  trace=$dir/$name.trace
  rm -f "$trace"
  MALLOC_TRACE=$trace LD_PRELOAD=libc_malloc_debug.so.0 "$dir/$name"
  if [ ! -s "$trace" ]; then
    echo "run_programs.sh: $name wrote no trace (is libc_malloc_debug.so.0 there?)" >&2
    exit 1
  fi
done
