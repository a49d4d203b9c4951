#!/usr/bin/env bash
# The HTML report in a real browser: headless Chromium loads the page of
# the demo change and of a hostile fixture (HTML/JS in a file name and in
# string literals), and the test checks that the page has no console
# error, that its DOM holds every finding (by its stable anchor) and the
# verdict, and that nothing from the analysed code became markup.
# usage: html_test.sh DIFFVET SOURCE_DIR WORK_DIR
set -uo pipefail
dv=$1; src=$2; work=$3
rm -rf "$work"; mkdir -p "$work"
chrome=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chrome" ]; then
  echo "FAIL: chromium is not installed (scripts/install-deps.sh installs it)"; exit 1
fi
fail=0; checks=0
ok() { checks=$((checks+1)); }
bad() { echo "FAIL $*"; fail=1; }

render() { # HTML -> DOM (stdout file) and browser log
  timeout 90 "$chrome" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/profile" --enable-logging=stderr --v=1 \
    --dump-dom "file://$1" >"$1.dom" 2>"$1.log"
}

check_page() { # NAME JSON HTML
  local name=$1 json=$2 html=$3 fp
  render "$html" || bad "$name: chromium failed"
  if grep -aE 'CONSOLE.*(Uncaught|Error|error)' "$html.log" >/dev/null; then
    bad "$name: console error:"; grep -aE 'CONSOLE' "$html.log" | head -3
  else ok; fi
  for fp in $(python3 -c 'import json,sys
for f in json.load(open(sys.argv[1]))["findings"]:
    if not f["suppressed"] or f.get("suppressed_in_change"): print(f["fingerprint"])' "$json"); do
    if grep -q "id=\"finding-$fp\"" "$html.dom"; then ok; else bad "$name: finding-$fp not in the DOM"; fi
  done
  verdict=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["verdict"]["verdict"])' "$json")
  grep -q "id=\"verdict\">$verdict<" "$html.dom" && ok || bad "$name: verdict '$verdict' not shown"
}

# 1. the demo change
(cd "$src/testdata/demo" && "$dv" diff --patch change.diff -q --format html -o "$work/demo.html"
 "$dv" diff --patch change.diff -q --format json -o "$work/demo.json")
check_page demo "$work/demo.json" "$work/demo.html"
n=$(grep -c 'class="finding ' "$work/demo.html.dom"); [ "$n" -ge 5 ] && ok || bad "demo: $n findings in the DOM, expected >= 5"

# 2. HTML and JS in a file name and in literals render as text
h="$work/hostile"; mkdir -p "$h"
name='<img src=x onerror=alert(1)>.c'
cat >"$h/$name" <<'C'
#include <stdio.h>
#include <stdlib.h>
int run(void)
{
	const char *label = "<script>document.title='pwned'</script>";
	char *fmt = getenv("</pre><script>alert(2)</script>");
	printf(label);
	printf(fmt);
	return system(getenv("X"));
}
C
(cd "$h" && "$dv" check -q --format html -o "$work/hostile.html" ./*.c
 "$dv" check -q --format json -o "$work/hostile.json" ./*.c)
check_page hostile "$work/hostile.json" "$work/hostile.html"
if grep -q "<img src=x\|<script>document\|<script>alert" "$work/hostile.html.dom"; then
  bad "hostile: analysed code became markup"; else ok; fi
grep -q '&lt;img src=x onerror=alert(1)&gt;.c' "$work/hostile.html.dom" && ok || bad "hostile: the file name is not shown as text"
grep -q "pwned" "$work/hostile.html.dom" && ok || bad "hostile: the literal is not shown"
title=$(grep -o '<title>[^<]*</title>' "$work/hostile.html.dom")
[ "$title" = "<title>diffvet report</title>" ] && ok || bad "hostile: page title changed: $title"
[ "$(grep -c '<script>' "$work/hostile.html.dom")" = 1 ] && ok || bad "hostile: more than the page's own script"

# 3. nothing fetched: no http(s) resource in the page besides links
if grep -oE '(src|href)="https?://[^"]*"' "$work/demo.html" | grep -v '^href=' >/dev/null; then
  bad "the page loads a remote resource"; else ok; fi

echo "html: $checks checks, $([ $fail = 0 ] && echo ok || echo FAILED)"
exit $fail
