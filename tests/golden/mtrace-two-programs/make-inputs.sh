#!/usr/bin/env bash
# Remakes this case's inputs (see README.md here) from the mtrace test programs:
#   leaks_in_helper, realloc_chains    tests/mtrace/programs/*.c built with gcc -g -O0 (PIE),
#                                      source paths recorded relative to the repository
#   *.trace                            each program's glibc mtrace trace, written by running it
#                                      here as ./NAME with address randomization off
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../../.." && pwd)
for name in leaks_in_helper realloc_chains; do
  # From the repository root: DWARF names tests/mtrace/programs/NAME.c in the directory "."
  (cd "$root" && gcc -g -O0 -pie -fpie "-ffile-prefix-map=$root=." \
     -o "$here/$name" "tests/mtrace/programs/$name.c")
done
cd "$here"
for name in leaks_in_helper realloc_chains; do
  rm -f "$name.trace"
  MALLOC_TRACE=$name.trace LD_PRELOAD=libc_malloc_debug.so.0 setarch "$(uname -m)" -R "./$name"
  test -s "$name.trace"
done
echo "make-inputs.sh: $(wc -l < leaks_in_helper.trace) + $(wc -l < realloc_chains.trace) trace lines"
