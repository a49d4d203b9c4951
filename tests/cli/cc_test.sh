#!/usr/bin/env bash
# diffvet cc as CMAKE_C_COMPILER_LAUNCHER: the same findings as
# `diffvet check -p build/`, the build's outputs byte for byte those of a
# build without the launcher, the compiler's exit status kept.
# usage: cc_test.sh DIFFVET WORK_DIR
set -u
dv=$(cd "$(dirname "$1")" && pwd)/$(basename "$1"); work=$2
export GIT_CEILING_DIRECTORIES="$work" NO_COLOR=1
rm -rf "$work"; mkdir -p "$work"
pass=0; fail=0
ok() { pass=$((pass+1)); }
ko() { echo "FAIL $*"; fail=$((fail+1)); }

proj="$work/proj"; mkdir -p "$proj/src" "$proj/include"
cat > "$proj/CMakeLists.txt" <<'CM'
cmake_minimum_required(VERSION 3.13)
project(cctest C)
add_executable(app src/main.c src/util.c)
target_include_directories(app PRIVATE include)
target_compile_definitions(app PRIVATE APP_MODE=2)
CM
cat > "$proj/include/util.h" <<'C'
#ifndef UTIL_H
#define UTIL_H
void run(const char *cmd);
#endif
C
# APP_MODE and include/ come only from the build: without its flags the
# file does not compile, and the finding below is only analysed with them.
cat > "$proj/src/main.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
#include "util.h"
#ifndef APP_MODE
#error APP_MODE comes from the build
#endif
int main(int argc, char **argv)
{
	if (argc > 1)
		printf(argv[1]);
	run(getenv("CMD"));
	return APP_MODE - 2;
}
C
cat > "$proj/src/util.c" <<'C'
#include <stdlib.h>
#include "util.h"
void run(const char *cmd) { (void)cmd; system(getenv("HOOK")); }
C
(cd "$proj" && git init -q . 2>/dev/null)

cmake -S "$proj" -B "$work/plain" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null 2>&1 &&
	cmake --build "$work/plain" >/dev/null 2>&1 || { ko "plain build failed"; exit 1; }
cmake -S "$proj" -B "$work/launched" "-DCMAKE_C_COMPILER_LAUNCHER=$dv;cc;--" >"$work/cfg.log" 2>&1 &&
	cmake --build "$work/launched" >"$work/build.log" 2>&1 || { ko "launched build failed"; sed 's/^/  | /' "$work/build.log" | tail -20; exit 1; }

# the build's outputs are the same
for o in main.c.o util.c.o; do
	a=$(find "$work/plain" -name "$o" | head -1); b=$(find "$work/launched" -name "$o" | head -1)
	if [ -n "$a" ] && [ -n "$b" ] && cmp -s "$a" "$b"; then ok; else ko "object $o differs or is missing"; fi
	if [ -f "$b.diffvet.sarif" ]; then ok; else ko "no $o.diffvet.sarif next to the object"; fi
done
if [ -x "$work/launched/app" ]; then ok; else ko "the launched build made no executable"; fi

# merged launcher results = diffvet check -p build/
mapfile -t sarifs < <(find "$work/launched" -name '*.diffvet.sarif' | sort)
"$dv" merge "${sarifs[@]}" -o "$work/merged.sarif" || ko "merge failed"
(cd "$proj" && "$dv" check -q -p "$work/plain" --format sarif -o "$work/check.sarif" --fail-on never src) || ko "check failed"
keys() { python3 - "$1" <<'PY'
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
for r in run["results"]:
    loc = r["locations"][0]["physicalLocation"]
    print(r["ruleId"], loc["artifactLocation"]["uri"], loc["region"]["startLine"])
PY
}
keys "$work/merged.sarif" | sort > "$work/merged.keys"
keys "$work/check.sarif" | sort > "$work/check.keys"
if [ -s "$work/check.keys" ] && cmp -s "$work/merged.keys" "$work/check.keys"; then ok; else
	ko "launcher findings differ from check -p:"; diff "$work/check.keys" "$work/merged.keys" | sed 's/^/  | /'; fi
if grep -q 'injection/format-string src/main.c 10' "$work/merged.keys" &&
   grep -q 'injection/command src/util.c 3' "$work/merged.keys"; then ok; else
	ko "expected findings missing:"; sed 's/^/  | /' "$work/merged.keys"; fi

# the compiler's exit status is kept; a failing compile still fails
printf 'int broken(void) { return }\n' > "$work/bad.c"
(cd "$work" && "$dv" cc -q -- cc -c bad.c -o bad.o 2>/dev/null); st=$?
if [ "$st" = 1 ]; then ok; else ko "failing compile: exit $st, expected the compiler's 1"; fi
(cd "$work" && "$dv" cc -q -- sh -c 'exit 7'); st=$?
if [ "$st" = 7 ]; then ok; else ko "exit status of the command: $st, expected 7"; fi
(cd "$work" && "$dv" cc -q -- /nonexistent/cc -c x.c 2>/dev/null); st=$?
if [ "$st" = 127 ]; then ok; else ko "missing compiler: exit $st, expected 127"; fi
"$dv" cc 2>/dev/null; st=$?
if [ "$st" = 2 ]; then ok; else ko "no command: exit $st, expected 2"; fi

echo "cc: $pass passed, $fail failed"
[ "$fail" = 0 ]
