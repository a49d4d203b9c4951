#!/usr/bin/env bash
# --format gitlab on the bundled demo change: the report matches GitLab's SAST
# report schema 15.0.x field list (gitlab_report.py), one vulnerability per
# finding; and the checker rejects a report that breaks the schema.
# usage: gitlab_report.sh DIFFVET SOURCE_DIR WORK_DIR
set -u
dv=$1; src=$2; work=$3
rm -rf "$work"; mkdir -p "$work"
export DIFFVET_RULES_DIR="$src/rules"
fail=0
(cd "$src/testdata/demo" && "$dv" diff --patch change.diff --format gitlab -o "$work/gl.json" -q)
rc=$?
[ "$rc" -eq 1 ] || { echo "FAIL exit status $rc, expected 1 (findings)"; fail=1; }
python3 "$src/tests/cli/gitlab_report.py" "$work/gl.json" 7 || fail=1
# no secret leaves in full (the demo's hard-coded password, see orders.c)
if grep -q 'Wh4rehouse!2024-prod' "$work/gl.json"; then echo "FAIL the report holds a full secret"; fail=1; fi
grep -q 'Wh4rehouse!2024-prod' "$src/testdata/demo/orders.c" || { echo "FAIL demo secret moved"; fail=1; }
# the checker can fail: a report without scan.type and with a lower-case severity
python3 - "$work/gl.json" "$work/bad.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); del d["scan"]["type"]; d["vulnerabilities"][0]["severity"] = "high"
json.dump(d, open(sys.argv[2], "w"))
PY
if python3 "$src/tests/cli/gitlab_report.py" "$work/bad.json" 7 > /dev/null; then
  echo "FAIL the field check accepted a broken report"; fail=1; fi
if [ "$fail" -eq 0 ]; then echo "2 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
exit "$fail"
