#!/usr/bin/env bash
# `-o` to something that is not a regular file (a FIFO here; /dev/null in
# practice) is written into, never replaced by renaming a temporary file over
# it: as root that replaced /dev/null for the whole machine.
# usage: output_special.sh DIFFVET SOURCE_DIR WORK_DIR
set -u
dv=$1; src=$2; work=$3
rm -rf "$work"; mkdir -p "$work"
export DIFFVET_RULES_DIR="$src/rules"
mkfifo "$work/fifo"
timeout 60 cat "$work/fifo" > "$work/read.json" &
reader=$!
# (a timeout: with the bug, nothing ever opens the FIFO for writing)
(cd "$src/testdata/demo" && timeout 60 "$dv" diff --patch change.diff -q --format json -o "$work/fifo")
rc=$?
[ -p "$work/fifo" ] || kill "$reader" 2>/dev/null
wait "$reader"
fail=0
[ "$rc" -eq 1 ] || { echo "FAIL exit $rc, expected 1"; fail=1; }
[ -p "$work/fifo" ] || { echo "FAIL the FIFO was replaced by a regular file"; fail=1; }
grep -q '"injection/command"' "$work/read.json" || { echo "FAIL the report did not go through the FIFO"; fail=1; }
if [ "$fail" -eq 0 ]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
exit "$fail"
