#!/usr/bin/env bash
# Validates diffvet's SARIF with Microsoft's SARIF validator and GitHub's
# rule set, the contract in docs (zero errors and zero warnings):
#
#   validate.sh <path-to-diffvet> <source-dir> <binary-dir>
#
# Runs `diffvet check --format sarif` over every fixture under
# <source-dir>/testdata (*.c, *.cpp) from <source-dir>, so that paths are
# relative to the source root, then `Sarif.Multitool validate --rule-kind
# "Gh;Sarif"` on the log.  The multitool comes from npm
# (@microsoft/sarif-multitool, a self-contained .NET binary) and is
# installed once into <binary-dir>/npm-cache-sarif.
#
# The binary is run directly: the package's npx wrapper passes its
# arguments through a shell, which splits "Gh;Sarif" at the semicolon.
set -u

if [ $# -ne 3 ]; then
	echo "usage: $0 <path-to-diffvet> <source-dir> <binary-dir>" >&2
	exit 2
fi
DIFFVET=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
SRC=$(cd "$2" && pwd) || exit 1
BIN=$(cd "$3" && pwd) || exit 1
NPM_DIR=$BIN/npm-cache-sarif
WORK=$BIN/sarif-validate
OUT=$WORK/diffvet.sarif
RESULT=$WORK/validation.sarif
LOG=$WORK/validation.log

fail() {
	echo "sarif/validate: $*" >&2
	exit 1
}

[ -x "$DIFFVET" ] || fail "diffvet binary '$DIFFVET' not found or not executable"

find_multitool() {
	local dir
	for dir in "$NPM_DIR"/node_modules/@microsoft/sarif-multitool*/; do
		if [ -f "$dir/Sarif.Multitool" ]; then
			echo "$dir/Sarif.Multitool"
			return 0
		fi
	done
	return 1
}

MT=$(find_multitool)
if [ -z "$MT" ]; then
	command -v npm >/dev/null 2>&1 ||
		fail "npm is not installed (apt-get install npm): it is needed to install @microsoft/sarif-multitool"
	echo "sarif/validate: installing @microsoft/sarif-multitool into $NPM_DIR"
	mkdir -p "$NPM_DIR" || fail "cannot create $NPM_DIR"
	npm install --prefix "$NPM_DIR" --no-audit --no-fund @microsoft/sarif-multitool >"$NPM_DIR/install.log" 2>&1 || {
		cat "$NPM_DIR/install.log" >&2
		fail "npm install @microsoft/sarif-multitool failed (log above)"
	}
	MT=$(find_multitool) ||
		fail "npm installed @microsoft/sarif-multitool but no Sarif.Multitool binary for this platform is under $NPM_DIR/node_modules/@microsoft"
fi
# The package's postinstall sets the execute bit; npm may skip install scripts.
[ -x "$MT" ] || chmod u+x "$MT" || fail "cannot make $MT executable"
# No ICU needed for validation; without this the .NET runtime aborts on
# machines that lack libicu.
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1
"$MT" --version >/dev/null 2>&1 || fail "$MT does not run on this machine ('$MT --version' failed)"

mkdir -p "$WORK" || fail "cannot create $WORK"
rm -f "$OUT" "$RESULT" "$LOG"

cd "$SRC" || fail "cannot enter $SRC"
[ -d testdata ] || fail "no testdata directory in $SRC"
mapfile -t FIXTURES < <(find testdata -type f \( -name '*.c' -o -name '*.cpp' \) | LC_ALL=C sort)
[ ${#FIXTURES[@]} -gt 0 ] || fail "no fixture files (*.c, *.cpp) under $SRC/testdata"

"$DIFFVET" check --format sarif -o "$OUT" "${FIXTURES[@]}" 2>"$WORK/diffvet.stderr"
rc=$?
if [ $rc -ne 0 ] && [ $rc -ne 1 ]; then
	cat "$WORK/diffvet.stderr" >&2
	fail "diffvet check exited with $rc (0 or 1 expected)"
fi
[ -s "$OUT" ] || fail "diffvet wrote no SARIF to $OUT"

validate_log() { # SARIF_FILE RESULT_FILE LOG_FILE
	local OUT=$1 RESULT=$2 LOG=$3 rc
	rm -f "$RESULT" "$LOG" # the validator refuses to overwrite its output
	"$MT" validate --rule-kind "Gh;Sarif" --output "$RESULT" "$OUT" >"$LOG" 2>&1
	rc=$?
	cat "$LOG"
	[ $rc -eq 0 ] || fail "the validator exited with $rc"
	[ -s "$RESULT" ] || fail "the validator wrote no result file"

	# A validator result without a level is a warning (SARIF's default).
	node -e '
	const fs = require("fs");
	const log = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
	const ours = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
	const found = (log.runs || []).flatMap(r => r.results || []);
	const bad = found.filter(r => ["error", "warning"].includes(r.level || "warning"));
	const results = (ours.runs || []).reduce((n, r) => n + (r.results || []).length, 0);
	console.log(`sarif/validate: ${results} diffvet results in ${process.argv[2]}; ` +
	            `validator: ${bad.filter(r => (r.level || "warning") === "error").length} errors, ` +
	            `${bad.filter(r => (r.level || "warning") === "warning").length} warnings, ` +
	            `${found.length - bad.length} notes`);
	for (const r of bad) {
		const text = r.message && (r.message.text || (r.message.arguments || []).join(" | "));
		console.log(`  ${r.level || "warning"} ${r.ruleId}: ${text}`);
	}
	if (results === 0) {
		console.log("sarif/validate: the fixtures produced no results, so results went unvalidated");
		process.exit(1);
	}
	process.exit(bad.length ? 1 : 0);
	' "$RESULT" "$OUT" || fail "the SARIF log is not clean (see above; full report in $RESULT)"
}

validate_log "$OUT" "$RESULT" "$LOG"

# The issue's acceptance case: a changed C file in a git repository,
# `git diff | diffvet diff --patch - --format sarif -o out.sarif`.
REPO=$WORK/repo
rm -rf "$REPO" && mkdir -p "$REPO" || fail "cannot create $REPO"
(
	cd "$REPO" || exit 1
	export GIT_CONFIG_NOSYSTEM=1 HOME=$WORK
	git init -q . && printf '#include <stdio.h>\nint main(void) { return 0; }\n' >app.c &&
		git add app.c && git -c user.name=t -c user.email=t@example.invalid commit -q -m base &&
		printf '#include <stdio.h>\n#include <stdlib.h>\nint main(int argc, char **argv)\n{\n\tprintf(argv[1]);\n\treturn system(getenv("CMD"));\n}\n' >app.c &&
		git diff | "$DIFFVET" diff --patch - --format sarif -o "$WORK/patch.sarif"
	[ $? -le 1 ]
) || fail "diffvet diff --patch - in a git repository failed"
validate_log "$WORK/patch.sarif" "$WORK/patch-validation.sarif" "$WORK/patch-validation.log"
echo "sarif/validate: passed"
