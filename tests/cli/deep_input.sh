#!/usr/bin/env bash
# Deep expressions: clang recurses on expression depth, and these inputs
# overflowed libclang's 8 MB parse thread (SIGSEGV, every result lost).
# Each run names a deep file and a file with a finding: the run must not
# crash and the other file's finding must still be reported.
# usage: deep_input.sh DIFFVET WORK_DIR
set -u
dv=$1; work=$2
rm -rf "$work"; mkdir -p "$work"
pass=0; fail=0
ok() { pass=$((pass+1)); }
bad() { echo "FAIL $1"; fail=$((fail+1)); }

cat >"$work/other.c" <<'C'
#include <stdlib.h>
int main(void) { return system(getenv("CMD")); }
C
python3 - "$work" <<'PY'
import sys
w = sys.argv[1]
def body(expr):
    return "int f(int a, int *p) { (void)p; return %s; }\n" % expr
open(w + "/plus.c", "w").write(body("+".join(["a"] * 100000)))
open(w + "/and.c", "w").write(body("&&".join(["a"] * 40000)))
open(w + "/comma.c", "w").write(body("(" + ",".join(["a"] * 100000) + ")"))
open(w + "/cond.c", "w").write(body("a ? a : " * 20000 + "a"))
open(w + "/nested_cond.c", "w").write(body("a ? " * 20000 + "a" + " : a" * 20000))
# deeper than even the large parse stack: libclang's crash recovery must
# catch the overflow, and the file becomes a not-analysed notification
open(w + "/too_deep.c", "w").write(body("*&" * 400000 + "*p"))
PY

for f in plus and comma cond nested_cond too_deep; do
  "$dv" check -j2 "$work/$f.c" "$work/other.c" >"$work/$f.out" 2>"$work/$f.err"
  st=$?
  if [ "$st" -ge 128 ]; then bad "$f: killed by signal $((st-128))"; continue; fi
  if [ "$st" = 1 ]; then ok; else bad "$f: exit $st, expected 1"; sed 's/^/  | /' "$work/$f.err" | tail -5; fi
  if grep -q "other.c:2:.*\[injection/command\]" "$work/$f.out"; then ok
  else bad "$f: the other file's finding is missing"; fi
done
if grep -q "too_deep.c: .*not analysed" "$work/too_deep.err"; then ok
else bad "too_deep: no not-analysed notification"; sed 's/^/  | /' "$work/too_deep.err" | tail -5; fi

echo "deep input: $pass passed, $fail failed"
[ "$fail" = 0 ]
