#!/usr/bin/env bash
# A real LSP client: Neovim (nvim --headless, Debian package neovim) runs
# `diffvet lsp`, opens a fixture and writes the diagnostics it received;
# they must be the fixture's `// expect:` rules at the expected lines.
# usage: nvim_test.sh DIFFVET SOURCE_DIR WORK_DIR
set -uo pipefail
diffvet=$(readlink -f "$1"); src=$2; work=$3
if ! command -v nvim >/dev/null 2>&1; then
  echo "SKIP: nvim not installed (apt-get install neovim, or scripts/install-deps.sh)"
  exit 77
fi
rm -rf "$work" && mkdir -p "$work"
cp "$src/testdata/injection/command_bad.c" "$work/"
fixture="$work/command_bad.c"
grep -n 'expect: ' "$fixture" | sed -E 's/^([0-9]+):.*expect: ([a-z0-9_/-]+).*/\1 \2/' | LC_ALL=C sort >"$work/want"
DIFFVET="$diffvet" DIFFVET_LSP_FILE="$fixture" DIFFVET_LSP_OUT="$work/got" HOME="$work" \
  XDG_CONFIG_HOME="$work/config" XDG_STATE_HOME="$work/state" XDG_DATA_HOME="$work/data" \
  timeout 120 nvim --headless --clean -u "$src/tests/lsp/nvim_client.lua" >"$work/nvim.log" 2>&1
rc=$?
if [ "$rc" -ne 0 ] || ! diff -u "$work/want" "$work/got"; then
  echo "FAIL: neovim exited $rc; diagnostics differ from the expectations (above)"
  cat "$work/nvim.log" "$work/got" 2>/dev/null | head -40
  exit 1
fi
echo "ok: neovim received $(wc -l <"$work/got") diffvet diagnostics at the expected lines"
