#!/usr/bin/env bash
# The README's example output is real: the block after "Real output of" in
# README.md must be exactly what `diffvet diff --patch change.diff` prints in
# testdata/demo/ on standard output (no colors; the notes on stderr are not shown there).
# usage: readme_demo.sh DIFFVET SOURCE_DIR
set -u
dv=$(cd "$(dirname "$1")" && pwd)/$(basename "$1"); src=$2
want=$(awk '/Real output of/ {armed=1} armed && /^```$/ {if (inside) exit; inside=1; next} inside {print}' "$src/README.md")
if [ -z "$want" ]; then echo "FAIL: no example block after 'Real output of' in README.md"; exit 1; fi
got=$(cd "$src/testdata/demo" && NO_COLOR=1 "$dv" diff --patch change.diff 2>/dev/null)
if [ "$got" = "$want" ]; then echo "README demo output: up to date"; exit 0; fi
echo "FAIL: README.md's example output differs from the real output (update README.md):"
diff <(printf '%s\n' "$want") <(printf '%s\n' "$got") | sed 's/^/  | /' | head -40
exit 1
