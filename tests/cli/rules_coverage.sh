#!/usr/bin/env bash
# Every shipped rule has a positive fixture (an `expect: RULE` line under
# testdata/) and a heading in docs/rules.md, and every family directory has
# negative fixtures (files that
# expect nothing, so any finding there fails the golden run).
# usage: rules_coverage.sh DIFFVET SOURCE_DIR
set -u
dv=$1; src=$2
pass=0; fail=0
mapfile -t ids < <("$dv" rules | awk '{print $1}')
[ "${#ids[@]}" -gt 0 ] || { echo "no rules listed"; echo "0 passed, 1 failed"; exit 1; }
for id in "${ids[@]}"; do
  if grep -rqE "expect:.*(^|[ ,:])${id}([^a-z0-9_/-]|$)" "$src/testdata"; then
    pass=$((pass+1))
  else
    echo "FAIL $id: no positive fixture (no 'expect: $id' under testdata/)"; fail=$((fail+1))
  fi
done
# every rule is documented under its id (SARIF helpUri points at docs/rules.md#<id>)
for id in "${ids[@]}"; do
  if grep -qx "## $id" "$src/docs/rules.md"; then pass=$((pass+1)); else
    echo "FAIL $id: no '## $id' heading in docs/rules.md"; fail=$((fail+1)); fi
done
for family in $(printf '%s\n' "${ids[@]}" | cut -d/ -f1 | sort -u); do
  dir="$src/testdata/$family"
  negatives=0
  while IFS= read -r -d '' f; do
    grep -q "expect:" "$f" || negatives=$((negatives+1))
  done < <(find "$dir" -type f \( -name '*.c' -o -name '*.cpp' -o -name '*.tmpl' -o -name '*.h' \) -print0 2>/dev/null)
  if [ "$negatives" -gt 0 ]; then pass=$((pass+1)); else
    echo "FAIL $family: no negative fixture file (one without expectations) in testdata/$family"; fail=$((fail+1)); fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
