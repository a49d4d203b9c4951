#!/usr/bin/env bash
# Times diffvet against `clang -fsyntax-only` on the same Open vSwitch
# translation units, in one run.  diffvet runs with bench/ovs.diffvet.json,
# which teaches the locks checker OVS's lock wrappers (ovs_mutex_lock() is a
# macro for ovs_mutex_lock_at()).  usage: bench/ovs-time.sh [OVS_DIR] [DIFFVET]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
ovs=${1:-/tmp/dv-bench/ovs}
diffvet=${2:-$top/build/diffvet}
clang=/usr/lib/llvm-19/bin/clang
cd "$ovs"
mapfile -t files < <(python3 -c '
import json
seen=set()
for e in json.load(open("compile_commands.json")):
    f=e["file"]
    if f.endswith(".c") and f not in seen:
        seen.add(f); print(f)')
echo "translation units: ${#files[@]}"
start=$(date +%s.%N)
python3 - "$clang" <<'PY'
import json, subprocess, sys, shlex
clang = sys.argv[1]
seen = set()
for e in json.load(open("compile_commands.json")):
    if e["file"] in seen or not e["file"].endswith(".c"):
        continue
    seen.add(e["file"])
    args = e.get("arguments") or shlex.split(e["command"])
    out = []
    skip = False
    for a in args[1:]:
        if skip: skip = False; continue
        if a in ("-o", "-MF", "-MT", "-MQ"): skip = True; continue
        if a in ("-c", "-MD", "-MMD", "-MP"): continue
        out.append(a)
    subprocess.run([clang, "-fsyntax-only", "-w"] + out, cwd=e["directory"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
PY
mid=$(date +%s.%N)
status=0
"$diffvet" check -q -j1 --fail-on never --config "$top/bench/ovs.diffvet.json" --format json -o /tmp/dv-bench/ovs-findings.json "${files[@]}" || status=$?
end=$(date +%s.%N)
python3 - "$start" "$mid" "$end" "$status" <<'PY'
import sys, json
s, m, e, st = map(float, sys.argv[1:5])
clang, dv = m - s, e - m
f = json.load(open("/tmp/dv-bench/ovs-findings.json"))
by = {}
for x in f:
    by[x["rule"]] = by.get(x["rule"], 0) + 1
print(f"clang -fsyntax-only: {clang:.1f} s   diffvet (all checkers, -j1): {dv:.1f} s   ratio {dv/clang:.2f}x   exit {int(st)}")
print("findings:", len(f), json.dumps(by, indent=1, sort_keys=True))
PY
