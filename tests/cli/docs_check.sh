#!/usr/bin/env bash
# The documentation matches what ships:
# - docs/rules.md is exactly `diffvet rules --format markdown` (regenerate
#   with `diffvet rules --format markdown > docs/rules.md` after editing
#   rules/*.json);
# - every `.diffvet.json` example in docs/ marked <!-- config-example --> loads
#   with the shipped rules, and every <!-- rule-file-example --> loads as a
#   rule file;
# - the CI recipes in docs/ci.md are valid YAML (and the shell one valid sh),
#   and call only known actions with their documented inputs;
# - every `diffvet CMD` the docs and the man page mention is a command that
#   answers --help.
# - `cmake --install` puts the binary, the rules and the man page where the
#   installed diffvet finds its rules with no flag or environment variable.
# usage: docs_check.sh DIFFVET SOURCE_DIR WORK_DIR BUILD_DIR
set -u
dv=$1; src=$2; work=$3; build=$4
pass=0; fail=0
ok() { pass=$((pass+1)); }
ko() { echo "FAIL $*"; fail=$((fail+1)); }
rm -rf "$work"; mkdir -p "$work/empty"
export DIFFVET_RULES_DIR="$src/rules"

# 1. generated rules reference (run where no project config can change it)
if (cd "$work/empty" && "$dv" rules --format markdown) > "$work/rules.md" 2> "$work/err" &&
   diff -u "$src/docs/rules.md" "$work/rules.md" > "$work/rules.diff"; then ok; else
  ko "docs/rules.md is out of date with rules/*.json: run 'diffvet rules --format markdown > docs/rules.md'"
  head -20 "$work/rules.diff"; cat "$work/err"; fi

# 2. examples: a marker comment, then the next fenced block
extract() { # FILE MARKER OUTPREFIX -> writes OUTPREFIX.N, prints count
  awk -v marker="<!-- $2" -v out="$3" '
    index($0, marker) == 1 { want = 1; next }
    want && /^```/ && !inside { inside = 1; n++; f = out "." n; printf "" > f; next }
    inside && /^```/ { inside = 0; want = 0; close(f); next }
    inside { print >> f }
    END { print n + 0 }' "$1"
}
for doc in "$src"/docs/*.md; do
  base=$(basename "$doc" .md)
  n=$(extract "$doc" "config-example" "$work/$base.config")
  for ((i = 1; i <= n; i++)); do
    if (cd "$work/empty" && "$dv" rules --config "$work/$base.config.$i") > /dev/null 2> "$work/err"; then ok; else
      ko "$base.md config example $i is rejected: $(cat "$work/err")"; fi
  done
  n=$(extract "$doc" "rule-file-example" "$work/$base.rulefile")
  for ((i = 1; i <= n; i++)); do
    mkdir -p "$work/rf-$base-$i"; cp "$work/$base.rulefile.$i" "$work/rf-$base-$i/example.json"
    if (cd "$work/empty" && "$dv" rules --rules "$work/rf-$base-$i") > /dev/null 2> "$work/err"; then ok; else
      ko "$base.md rule file example $i is rejected: $(cat "$work/err")"; fi
  done
done
# a config example must actually be found (a broken marker would test nothing)
n=$(extract "$src/docs/configuration.md" "config-example" "$work/count"); [ "$n" -ge 8 ] && ok || ko "configuration.md: only $n config examples found"
# and a wrong config must be rejected (the check above can fail)
printf '{"disable": ["injection/comand"]}\n' > "$work/bad.json"
if (cd "$work/empty" && "$dv" rules --config "$work/bad.json") > /dev/null 2>&1; then ko "a bad config was accepted"; else ok; fi

# 3. CI recipes
for kind in github gitlab shell; do
  n=$(extract "$src/docs/ci.md" "ci-example: $kind" "$work/ci-$kind")
  [ "$n" -eq 1 ] || { ko "docs/ci.md: expected one $kind example, found $n"; continue; }
  if [ "$kind" = shell ]; then
    if sh -n "$work/ci-$kind.1" 2> "$work/err"; then ok; else ko "ci.md shell step: $(cat "$work/err")"; fi
    continue
  fi
  if python3 "$src/tests/cli/ci_yaml_check.py" "$kind" "$work/ci-$kind.1" > "$work/err" 2>&1; then ok; else
    ko "ci.md $kind example: $(cat "$work/err")"; fi
done

# 4. every command the docs name exists
# (in `code`, in code blocks, and in the man page's .SS headings)
mapfile -t cmds < <(cat "$src"/docs/*.md "$src"/docs/diffvet.1 "$src"/README.md | awk '
  /^```/ { fence = !fence; next }
  { line = $0
    while (match(line, /`diffvet [a-z][a-z-]+/)) { print substr(line, RSTART + 9, RLENGTH - 9); line = substr(line, RSTART + RLENGTH) }
    if ((fence || /^\.SS /) && match($0, /(^|[|;] *|^\.SS |^ *- )diffvet [a-z][a-z-]+/)) {
      w = substr($0, RSTART, RLENGTH); sub(/.*diffvet /, "", w); print w } }' | sort -u)
for c in "${cmds[@]}"; do
  if "$dv" "$c" --help > /dev/null 2>&1; then ok; else ko "the docs mention 'diffvet $c', which has no --help"; fi
done
[ "${#cmds[@]}" -ge 5 ] && ok || ko "only ${#cmds[@]} commands found in the docs"

# 5. diffvet init: a starter config diffvet accepts, never over an existing one
mkdir -p "$work/init/src/auth" "$work/init/third_party" "$work/init/lib"
printf '#include <stdbool.h>\nbool user_can_delete(int uid);\nint check_token(const char *t);\nchar *sql_escape(const char *s);\nint parse_header(const char *h);\n' > "$work/init/lib/acl.c"
printf 'int vendored_is_admin(void);\n' > "$work/init/third_party/v.c"
if (cd "$work/init" && "$dv" init > "$work/init.out" 2>&1) &&
   grep -qx '  "ignore_paths": \["third_party/"\],' "$work/init/.diffvet.json" &&
   grep -qx '  "critical_paths": \["src/auth/"\],' "$work/init/.diffvet.json" &&
   grep -qx '        {"function": "user_can_delete", "pass": "nonzero"},' "$work/init/.diffvet.json" &&
   grep -qx '        {"function": "check_token"}' "$work/init/.diffvet.json" &&
   grep -qx '        "sql_escape": {"return": true, "rules": \["injection/sql"\]}' "$work/init/.diffvet.json" &&
   ! grep -q 'parse_header\|vendored_is_admin' "$work/init/.diffvet.json" &&
   (cd "$work/empty" && "$dv" rules --config "$work/init/.diffvet.json" > /dev/null); then ok; else
  ko "diffvet init: $(cat "$work/init.out")"; cat "$work/init/.diffvet.json"; fi
cp "$work/init/.diffvet.json" "$work/init.before"
(cd "$work/init" && "$dv" init > /dev/null 2>&1); rc=$?
if [ "$rc" -eq 2 ] && cmp -s "$work/init.before" "$work/init/.diffvet.json"; then ok; else
  ko "diffvet init over an existing .diffvet.json: exit $rc (expected 2, file unchanged)"; fi

# 6. the installed layout works without flags, and the man page is clean roff
if cmake --install "$build" --prefix "$work/prefix" > "$work/install.log" 2>&1 &&
   [ -f "$work/prefix/share/man/man1/diffvet.1" ] &&
   (cd "$work/empty" && env -u DIFFVET_RULES_DIR "$work/prefix/bin/diffvet" rules) > "$work/installed-rules" 2> "$work/err" &&
   [ "$(wc -l < "$work/installed-rules")" -eq "$(cd "$work/empty" && "$dv" rules | wc -l)" ]; then ok; else
  ko "cmake --install: $(tail -3 "$work/install.log") $(cat "$work/err" 2>/dev/null)"; fi
# the installed binary reads the installed rules, not the source tree's: mark them
f="$work/prefix/share/diffvet/rules/injection.json"
if cmp -s "$src/rules/injection.json" "$f" &&
   sed -i 's/"Untrusted data reaches a shell command"/"INSTALLED-COPY"/' "$f" &&
   (cd "$work/empty" && env -u DIFFVET_RULES_DIR "$work/prefix/bin/diffvet" rules) | grep -q 'INSTALLED-COPY'; then ok; else
  ko "the installed diffvet does not read the installed rules ($f)"; fi
if command -v groff > /dev/null; then
  if groff -man -ww -z "$src/docs/diffvet.1" 2> "$work/err" && [ ! -s "$work/err" ]; then ok; else
    ko "docs/diffvet.1: $(cat "$work/err")"; fi
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
