#!/usr/bin/env bash
# The gate's thresholds in .diffvet.json ("gate"): they change the verdict,
# bad values are errors with file and line, a large change is a reason,
# and a change that lowers a threshold needs senior approval (the config
# comes from the base revision).
# usage: gate_policy.sh DIFFVET WORK_DIR
set -u
dv=$(cd "$(dirname "$1")" && pwd)/$(basename "$1"); work=$2
export GIT_CEILING_DIRECTORIES="$work" GIT_CONFIG_NOSYSTEM=1 HOME="$work" NO_COLOR=1
rm -rf "$work"; mkdir -p "$work"; cd "$work" || exit 2
pass=0; fail=0
expect() { # name expected actual
	if [ "$2" = "$3" ]; then pass=$((pass+1)); else echo "FAIL $1: got '$3', expected '$2'"; fail=$((fail+1)); fi
}
verdict() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["verdict"]["verdict"])' "$1"; }
kinds() { python3 -c 'import json,sys; print(" ".join(sorted(set(r["kind"] for r in json.load(open(sys.argv[1]))["verdict"]["reasons"]))))' "$1"; }
gitc() { git -c user.name=t -c user.email=t@example.invalid -c init.defaultBranch=main "$@"; }

# check mode: thresholds change the verdict of the same finding
mkdir chk && cd chk
printf '#include <stdlib.h>\nvoid f(void) { system(getenv("X")); }\n' > a.c
"$dv" check -q --format json -o out.json --fail-on never a.c
expect "default: critical error" senior-approval "$(verdict out.json)"
printf '{"version": 1, "gate": {"critical_severity": 10.0, "error": "review"}}\n' > .diffvet.json
"$dv" check -q --format json -o out.json --fail-on never a.c
expect "thresholds applied" review "$(verdict out.json)"
printf '{"version": 1,\n "gate": {"critical_severity": 10.0,\n  "eror": "review"}}\n' > .diffvet.json
"$dv" check -q a.c 2>err.txt; st=$?
expect "unknown key exit" 2 "$st"
if grep -q '\.diffvet\.json:3:.*eror' err.txt; then pass=$((pass+1)); else echo "FAIL unknown key message: $(cat err.txt)"; fail=$((fail+1)); fi
printf '{"version": 1, "gate": {"max_changed_lines": -3}}\n' > .diffvet.json
"$dv" check -q a.c 2>err.txt; st=$?
expect "negative max_changed_lines" 2 "$st"
printf '{"version": 1, "gate": {"warning": "nobody"}}\n' > .diffvet.json
"$dv" check -q a.c 2>err.txt; st=$?
expect "unknown verdict" 2 "$st"
cd ..

# diff mode: a large change is a reason; the config's limit is from the base
mkdir big && cd big && gitc init -q .
printf 'int keep(void) { return 0; }\n' > a.c
gitc add a.c && gitc commit -qm base
python3 -c 'import sys; [print("int f%d(int x) { return x + %d; }" % (i, i)) for i in range(1200)]' >> a.c
"$dv" diff -q --format json -o out.json --fail-on never
expect "large change verdict" review "$(verdict out.json)"
expect "large change reason" change-size "$(kinds out.json)"
git checkout -q a.c
printf '{"version": 1, "gate": {"max_changed_lines": 5000}}\n' > .diffvet.json
gitc add .diffvet.json && gitc commit -qm "raise the limit"
python3 -c 'import sys; [print("int f%d(int x) { return x + %d; }" % (i, i)) for i in range(1200)]' >> a.c
"$dv" diff -q --format json -o out.json --fail-on never
expect "limit from the base config" pass "$(verdict out.json)"
git checkout -q a.c
# the change lowers the gate: the base's thresholds apply, and it needs a senior
printf '{"version": 1, "gate": {"max_changed_lines": 5000, "error": "pass", "critical_severity": 10.0}}\n' > .diffvet.json
printf '#include <stdlib.h>\nvoid g(void) { system(getenv("X")); }\n' > b.c
"$dv" diff -q --format json -o out.json --fail-on never
expect "lowering the gate" senior-approval "$(verdict out.json)"
if python3 -c 'import json,sys; m=" ".join(r["message"] for r in json.load(open(sys.argv[1]))["verdict"]["reasons"]); sys.exit(0 if "gate.error lowered" in m and "gate.critical_severity" in m else 1)' out.json; then pass=$((pass+1)); else echo "FAIL config-change reasons:"; python3 -m json.tool out.json | grep message; fail=$((fail+1)); fi
cd ..

echo "gate-policy: $pass passed, $fail failed"
[ "$fail" = 0 ]
