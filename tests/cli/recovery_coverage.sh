#!/usr/bin/env bash
# The coverage record of functions with compile errors (a project header
# absent from the tree): what the preprocessor removed (inactive #if
# blocks, directive lines, empty macros) does not make a function a gap;
# a statement error recovery really dropped, that may call something,
# still does, and so does a call kept only as a recovery expression; C++
# functions with errors are judged like C ones.  The fixture's findings are checked by golden/recovery.
# usage: recovery_coverage.sh DIFFVET SOURCE_DIR WORK_DIR
set -u
dv=$1; src=$2; work=$3
export GIT_CEILING_DIRECTORIES="$work" NO_COLOR=1
rm -rf "$work"; mkdir -p "$work"
cp "$src/testdata/recovery/preprocessor/stats.c" "$src/testdata/recovery/cplusplus/session.cpp" "$work/"
cd "$work" || exit 1
"$dv" check --format json -o out.json stats.c 2> err.txt
"$dv" check --format json -o out-cxx.json session.cpp 2> err-cxx.txt
python3 - out.json err.txt out-cxx.json <<'PY'
import json, sys
rep = json.load(open(sys.argv[1]))
err = open(sys.argv[2]).read()
cxx = json.load(open(sys.argv[3]))
fails = []
gaps = rep["coverage"]["gaps"] + cxx["coverage"]["gaps"]
def gap(fn, checker):
    return [g for g in gaps if g.get("function") == fn and g.get("checker") == checker]
for fn in ("stats_update", "stats_reset", "stats_send"):
    for ck in ("locks", "resources"):
        if gap(fn, ck):
            fails.append("%s has a %s gap: %s" % (fn, ck, gap(fn, ck)[0]["reason"]))
for ck in ("locks", "resources"):
    g = gap("stats_port_set", ck)
    if not g or "may call or jump" not in g[0]["reason"]:
        fails.append("stats_port_set: no %s gap for its dropped call" % ck)
# C++: functions with errors are judged when their statements survived; a
# call kept only as a recovery expression is a gap
for fn in ("session_send", "session_buffer"):
    for ck in ("locks", "resources"):
        if gap(fn, ck):
            fails.append("%s has a %s gap: %s" % (fn, ck, gap(fn, ck)[0]["reason"]))
g = gap("session_close", "locks")
if not g or "could not resolve" not in g[0]["reason"]:
    fails.append("session_close: no locks gap for its unresolved call")
if "stand-in for absent" not in err or "project/stats.h" not in err:
    fails.append("the absent header's stand-in is not reported")
if rep["coverage"]["functions"]["total"] != 4:
    fails.append("functions: %s" % rep["coverage"]["functions"])
for f in fails:
    print("FAIL " + f)
print("recovery coverage: %d failures" % len(fails))
sys.exit(1 if fails else 0)
PY
