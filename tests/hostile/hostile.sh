#!/usr/bin/env bash
# Hostile-repository matrix: diffvet must never obey the repository it reads.
#
# usage: hostile.sh DIFFVET WORK_DIR [CASE...]     (no CASE: every case)
#
# Each case builds a fresh temporary git repository (plain git, before any
# trap is set), then arms it: the repository's own .git/config names
# programs for core.fsmonitor, clean/smudge/process filters, a textconv and
# an external diff driver, diff.external, hooks (core.hooksPath and
# .git/hooks), the pager, and GIT_EXTERNAL_DIFF is set in diffvet's
# environment.  Every program is a script that creates a marker file.  Then
# diffvet runs once per --format (text, sarif, json, markdown) and every run
# is checked for:
#   - the exit code and the messages the case expects;
#   - no marker file (nothing the repository named was run);
#   - no planted secret, in full, in any byte of stdout or stderr;
#   - nothing outside the root read: OUTSIDE/secret.txt (beside the
#     repository) and the runner's environment hold a GitHub token that
#     would be reported, redacted, as 'ghp_…' if either were read; the
#     control case shows that the same token inside the repository is.
#
# Adding a case: write a function case_NAME that calls new_repo, builds
# the repository, optionally arm_git_config, then run_dv ARGS... and
# expect_* checks; add NAME to the CASES table at the end.
#
# TODO (not covered yet):
#   - .diffvet.json (or a rule file it names) that is a symbolic link to a
#     file outside the root, at the base revision and in the working tree
#   - diffvet-ignore with an unknown rule id, a family name, no reason
#   - compile_commands.json whose command names a file outside the root
#   - 100,000-term a+a+..., && and comma chains, 20,000 nested ?: (generated)
set -u
dv=$(cd "$(dirname "$1")" && pwd)/$(basename "$1"); work=$2; shift 2
rm -rf "$work"; mkdir -p "$work"
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null HOME="$work" NO_COLOR=1 LC_ALL=C
# The work directory usually lies inside diffvet's own checkout: git must
# never walk up into it (a failed `git init` once let a case commit into
# the enclosing repository).
export GIT_CEILING_DIRECTORIES="$(cd "$work" && pwd)"
if [ ! -c /dev/null ]; then echo "FAIL: /dev/null is not a character device on this machine"; exit 1; fi
unset GIT_DIR GIT_WORK_TREE GIT_EXTERNAL_DIFF GIT_CONFIG_PARAMETERS GIT_CONFIG_COUNT

# Secrets planted by the cases.  Built from pieces so that this script
# itself holds none whole.
INSIDE_SECRET="AKIA""QWERTYUIOPASDFGH"                        # aws-access-key-id
OUTSIDE_SECRET="ghp_""k3J9qLw2Zx8VbN4mTf7RyH1cPd6GsA0eUo5i"  # github-pat, 40 chars
ENV_SECRET="ghp_""Qz7Wm2Kc9Lr4Tx1Bv8Nh3Jd6Fp0Gs5Ya2Uer"     # github-pat, 40 chars
OUTSIDE_REPORTED='ghp\\?_…'  # a github-pat finding, redacted (markdown escapes '_'); grep -E
FORMATS="text sarif json markdown"

failures=0; checks=0; case_failed=0
fail() { echo "  FAIL [$case_name${fmt:+ --format $fmt}] $*"; case_failed=1; }
gitq() { git -C "$R" -c user.name=t -c user.email=t@example.invalid -c init.defaultBranch=main "$@" >/dev/null 2>&1 || fail "setup: git $*"; }

# new_repo: $C (case dir), $R (the repository root), $O (outside the root),
# $M (marker directory), $S (scripts); OUTSIDE/secret.txt holds a token.
new_repo() {
  C="$work/$case_name"; R="$C/repo"; O="$C/outside"; M="$C/markers"; S="$C/scripts"
  mkdir -p "$R" "$O" "$M" "$S"
  git init -q -b main "$R" || { fail "git init"; exit 1; }
  [ "$(git -C "$R" rev-parse --show-toplevel 2>/dev/null)" = "$(cd "$R" && pwd -P)" ] ||
    { fail "the case repository is not its own top level"; exit 1; }
  printf 'token = "%s"\n' "$OUTSIDE_SECRET" >"$O/secret.txt"
  marker_script env-ext-diff  # GIT_EXTERNAL_DIFF of every run
  printf 'int base;\n' >"$R/base.c"
  gitq add -A; gitq commit -qm base
  outside_forbidden=1
}
commit() { gitq add -A; gitq commit -qm "${1:-change}"; }

# A script that creates $M/NAME and passes stdin through (or prints
# nothing, for a textconv: if it ran, the change would vanish).
marker_script() { # NAME [silent]
  if [ "${2:-}" = silent ]; then printf '#!/bin/sh\ntouch "%s/%s"\n' "$M" "$1" >"$S/$1"
  else printf '#!/bin/sh\ntouch "%s/%s"\ncat\n' "$M" "$1" >"$S/$1"; fi
  chmod +x "$S/$1"
}

# Every program a repository's own configuration can name for the
# commands diffvet runs; .git/info/attributes sends every path through
# them (no file in the work tree, which working-tree mode would analyse).
arm_git_config() {
  local n h
  for n in clean smudge process ext-diff driver-command fsmonitor pager hook; do marker_script "$n"; done
  marker_script textconv silent
  git -C "$R" config filter.evil.clean "$S/clean"
  git -C "$R" config filter.evil.smudge "$S/smudge"
  git -C "$R" config filter.evil.process "$S/process"
  git -C "$R" config filter.evil.required true
  git -C "$R" config diff.evil.textconv "$S/textconv"
  git -C "$R" config diff.evil.command "$S/driver-command"
  git -C "$R" config diff.external "$S/ext-diff"
  git -C "$R" config core.fsmonitor "$S/fsmonitor"
  git -C "$R" config core.pager "$S/pager"
  git -C "$R" config pager.diff "$S/pager"
  mkdir -p "$C/hooks" "$R/.git/hooks"
  for h in pre-commit post-commit post-checkout post-index-change reference-transaction \
           pre-auto-gc post-rewrite fsmonitor-watchman; do
    cp "$S/hook" "$C/hooks/$h"; cp "$S/hook" "$R/.git/hooks/$h"
  done
  git -C "$R" config core.hooksPath "$C/hooks"
  mkdir -p "$R/.git/info"
  printf '* filter=evil diff=evil\n' >"$R/.git/info/attributes"
  armed=1
}

# run_dv ARGS...: diffvet in $R once per format; $C/out.FMT, $C/err.FMT,
# rc.FMT; checks markers and secrets after every run.
run_dv() {
  local f
  for f in $FORMATS; do
    fmt=$f
    (cd "$R" && HOSTILE_TOKEN="$ENV_SECRET" GIT_EXTERNAL_DIFF="$S/env-ext-diff" \
      "$dv" "$@" --format "$f" >"$C/out.$f" 2>"$C/err.$f"); echo $? >"$C/rc.$f"
    no_markers
    no_secrets "$C/out.$f" "$C/err.$f"
  done
  fmt=
}

no_markers() {
  local m
  for m in "$M"/*; do
    [ -e "$m" ] || continue
    fail "'$(basename "$m")' ran (a program named by the repository)"; rm -f "$m"
  done
  checks=$((checks+1))
}

no_secrets() {
  local file s
  for file in "$@"; do
    for s in "$INSIDE_SECRET" "$OUTSIDE_SECRET" "$ENV_SECRET"; do
      grep -qaF -- "$s" "$file" && fail "full secret '${s:0:4}…' in $(basename "$file")"
    done
    if [ "$outside_forbidden" = 1 ] && grep -qaE -- "$OUTSIDE_REPORTED" "$file"; then
      fail "a token from outside the root (OUTSIDE/secret.txt or the environment) is reported in $(basename "$file"):"
      grep -aE -- "$OUTSIDE_REPORTED" "$file" | head -3 | sed 's/^/      | /'
    fi
    checks=$((checks+1))
  done
}

expect_exit() { # CODE: in every format
  local f rc
  for f in $FORMATS; do
    rc=$(cat "$C/rc.$f"); checks=$((checks+1))
    [ "$rc" = "$1" ] || { fail "--format $f: exit $rc, expected $1"; sed 's/^/      | /' "$C/err.$f" | head -5; }
  done
}
expect_stderr() { # PATTERN (grep -E): in the text run's stderr
  checks=$((checks+1))
  grep -qaE -- "$1" "$C/err.text" || { fail "stderr lacks '$1':"; sed 's/^/      | /' "$C/err.text" | head -8; }
}
expect_stdout() { # FORMAT PATTERN (grep -E)
  checks=$((checks+1))
  grep -qaE -- "$2" "$C/out.$1" || { fail "--format $1 stdout lacks '$2':"; head -c 600 "$C/out.$1" | sed 's/^/      | /'; }
}
expect_not_stdout() { # FORMAT PATTERN (grep -E)
  checks=$((checks+1))
  grep -qaE -- "$2" "$C/out.$1" && fail "--format $1 stdout has '$2'"
}

# ---- cases ---------------------------------------------------------------

# Control: secrets inside the repository are reported, redacted, in every
# format; this is what "read outside the root" would look like.
case_control_inside_secrets_reported() {
  new_repo
  printf 'const char *k = "%s";\nconst char *t = "%s";\n' "$INSIDE_SECRET" "$OUTSIDE_SECRET" >"$R/keys.c"
  outside_forbidden=0  # the github token is inside here, on purpose
  run_dv diff
  expect_exit 1
  local f; for f in $FORMATS; do expect_stdout "$f" "$OUTSIDE_REPORTED"; expect_stdout "$f" 'AKIA…'; done
}

# Working tree against HEAD with every git trap armed: nothing runs, and a
# textconv cannot hide the change.
case_git_config_traps_working_tree() {
  new_repo
  printf 'int a;\n' >"$R/a.c"; commit
  printf 'int a;\nconst char *k = "%s";\n' "$INSIDE_SECRET" >"$R/a.c"
  printf 'const char *n = "%s";\n' "$INSIDE_SECRET" >"$R/new.c"
  arm_git_config
  run_dv diff
  expect_exit 1
  expect_stdout text "a.c:2:"
  expect_stdout text "new.c:1:"
}

case_git_config_traps_base() {
  new_repo
  gitq checkout -q -b topic
  printf 'const char *k = "%s";\n' "$INSIDE_SECRET" >"$R/a.c"; commit
  printf 'int dirty;\n' >"$R/base.c" # a stat-dirty tracked file for the filters
  arm_git_config
  run_dv diff --base main
  expect_exit 1
  expect_stdout text "a.c:1:"
}

# A "-diff" attribute committed by the change must not turn its C files
# into "Binary files differ".
case_binary_attribute_does_not_hide() {
  new_repo
  gitq checkout -q -b topic
  printf '*.c -diff\n' >"$R/.gitattributes"
  printf 'const char *k = "%s";\n' "$INSIDE_SECRET" >"$R/hidden.c"; commit
  run_dv diff --base main
  expect_exit 1
  expect_stdout text "hidden.c:1:"
}

# Committed links to a secret outside the root (relative and absolute)
# and to the runner's environment: each is its link text.
case_committed_links_not_followed() {
  new_repo
  gitq checkout -q -b topic
  ln -s ../outside/secret.txt "$R/rel.c"
  ln -s "$O/secret.txt" "$R/abs.txt"
  ln -s /proc/self/environ "$R/env.h"
  commit
  run_dv diff --base main --fail-on note
  expect_exit 0
}

# A committed link to a directory outside the root is a file too.
case_committed_directory_link() {
  new_repo
  gitq checkout -q -b topic
  ln -s "$O" "$R/dirlink"; commit
  run_dv diff --base main --fail-on note
  expect_exit 0
}

case_untracked_links_not_followed() {
  new_repo
  ln -s ../outside/secret.txt "$R/rel.c"
  ln -s /proc/self/environ "$R/environ.txt"
  run_dv diff --fail-on note
  expect_exit 0
}

# `+++ b//abs/path`: an input error naming the patch line, nothing read.
case_patch_absolute_path() {
  new_repo
  printf 'diff --git a%s b/%s\n--- a%s\n+++ b/%s\n@@ -1 +1 @@\n-x\n+y\n' \
    "$O/secret.txt" "$O/secret.txt" "$O/secret.txt" "$O/secret.txt" >"$C/abs.diff"
  run_dv diff --patch "$C/abs.diff"
  expect_exit 2
  expect_stderr "abs.diff:1: file name '$O/secret.txt' is absolute"
  expect_stderr "relative to the repository root"
}

case_patch_dotdot_path() {
  new_repo
  printf -- '--- a/../outside/secret.txt\n+++ b/../outside/secret.txt\n@@ -1 +1 @@\n-x\n+y\n' >"$C/up.diff"
  run_dv diff --patch "$C/up.diff"
  expect_exit 2
  expect_stderr "up.diff:1: file name '../outside/secret.txt' has a '..' component"
}

# A patch naming a file below a directory link (git never makes one): not
# read, and said so.
case_patch_through_directory_link() {
  new_repo
  ln -s ../outside "$R/lnk"; commit
  printf -- '--- a/lnk/secret.txt\n+++ b/lnk/secret.txt\n@@ -1 +1 @@\n-x\n+token = "y"\n' >"$C/lnk.diff"
  run_dv diff --patch "$C/lnk.diff" --require-complete
  expect_exit 1
  expect_stderr "lnk/secret.txt.*symbolic link"
}

# check mode: a directory walk does not follow links; a link named on
# the command line is its link text.
case_check_mode_links() {
  new_repo
  ln -s ../outside/secret.txt "$R/leak.c"
  ln -s /proc/self/environ "$R/env.c"
  ln -s "$O" "$R/dirlink"
  cp "$O/secret.txt" "$O/secret.c"
  run_dv check --fail-on note .
  expect_exit 0
  run_dv check --fail-on note leak.c env.c
  expect_exit 0
}

# core.worktree in the repository's config must not move the root.
case_core_worktree_elsewhere() {
  new_repo
  cp "$O/secret.txt" "$O/secret.c"
  git -C "$R" config core.worktree "$O"
  run_dv diff
  expect_exit 2
  expect_stderr "core.worktree"
}

# The change disables a rule in .diffvet.json: the base's config is obeyed,
# the finding is reported, and the config change is a senior-approval reason.
case_config_change_cannot_disable() {
  new_repo
  printf '{}\n' >"$R/.diffvet.json"; commit
  printf '{"disable": ["injection/command"], "ignore_paths": ["**"]}\n' >"$R/.diffvet.json"
  printf '#include <stdlib.h>\nint run(void) { return system(getenv("CMD")); }\n' >"$R/run.c"
  run_dv diff
  expect_exit 1
  expect_stdout json '"rule":[[:space:]]*"injection/command"'
  expect_stdout json '"verdict":[[:space:]]*"senior-approval"'
  expect_stdout markdown "rule 'injection/command' disabled"
  expect_stdout markdown "ignore.{1,2}paths gained"
  expect_stderr "modifies diffvet's configuration"
}

# A suppression the change adds does not lower the gate.
case_suppression_added_by_change() {
  new_repo
  printf '#include <stdlib.h>\nint run(void) {\n\treturn system(getenv("CMD")); // diffvet-ignore[injection/command]: trust me\n}\n' >"$R/run.c"
  run_dv diff
  expect_exit 1
  expect_stdout json '"suppressed_in_change":[[:space:]]*true'
  expect_stdout json '"kind":[[:space:]]*"suppression-added"'
  expect_stdout sarif '"status":[[:space:]]*"underReview"'
  expect_stdout text "injection/command"
}

# A token pasted without quotes: clang quotes it in a diagnostic; no
# format may carry it whole.
case_unquoted_secret_in_diagnostics() {
  new_repo
  printf 'int use(void) { return %s; }\n' "$OUTSIDE_SECRET" >"$R/paste.c"
  outside_forbidden=0
  run_dv diff --fail-on never
  expect_exit 0
  expect_stderr "undeclared identifier"
}

# Input that is not a diff, and a patch not applied to this tree: exit 2.
case_not_a_diff() {
  new_repo
  git -C "$R" log >"$C/log.txt" 2>/dev/null
  printf 'fatal: could not read from remote\n' >>"$C/log.txt"
  run_dv diff --patch "$C/log.txt"
  expect_exit 2
  expect_stderr "not a unified diff"
  printf -- '--- a/missing.c\n+++ b/missing.c\n@@ -0,0 +1 @@\n+int x;\n' >"$C/missing.diff"
  run_dv diff --patch "$C/missing.diff"
  expect_exit 2
  expect_stderr "missing.c.*not (found|in)"
}

# Code diffvet cannot analyse never reads as clean: a file with NUL bytes,
# changed lines in an inactive #if block, a function past the CFG cap.
case_unanalysed_is_not_clean() {
  new_repo
  printf 'int a;\0\0token\n' >"$R/nul.c"
  { printf 'int f(int a) {\n#if 0\n  system(getenv("X"));\n#endif\n  return a'
    for i in $(seq 1 1700); do printf ' && a'; done; printf ';\n}\n'; } >"$R/deep.c"
  run_dv diff --require-complete
  expect_exit 1
  expect_stdout text "changed lines NOT analysed"
  expect_stdout json '"complete":[[:space:]]*false'
  expect_stdout json '"kind":[[:space:]]*"not-analysed"'
  expect_stdout markdown "### Not analysed"
  expect_stdout sarif '"diffvet/coverage"'
  expect_stderr "inactive preprocessor block"
  expect_stderr "nul.c: not analysed"
}

# A patch made on a branch, given on the base checkout (`curl PR.diff |
# diffvet diff --patch -`): its added lines are not in the files, so
# the line numbers would point at other code.  Exit 2, saying what to do.
# Whitespace-only differences (CRLF, re-indented lines) still match.
case_patch_not_applied() {
  new_repo || return
  printf 'int a;\nint b;\n' >"$R/a.c"; commit
  gitq checkout -q -b topic
  printf '#include <stdlib.h>\nint run(void) { return system(getenv("C")); }\nint b;\n' >"$R/a.c"; commit
  git -C "$R" diff main topic >"$C/pr.diff"
  gitq checkout -q main
  run_dv diff --patch "$C/pr.diff"
  expect_exit 2
  expect_stderr "pr.diff: the patch does not match 'a.c'"
  expect_stderr "added line 1 is not in the file"
  expect_stderr "apply it first \(git apply\)"
  # applied, with the file's whitespace rewritten: accepted
  printf '#include  <stdlib.h>\r\nint run(void)\t{ return system(getenv("C")); }\r\nint b;\r\n' >"$R/a.c"
  run_dv diff --patch "$C/pr.diff" --fail-on never
  expect_exit 0
  expect_stdout text "a.c:2:"
}

# The change breaks .diffvet.json: diff mode obeys the base's config,
# reports the finding and demands senior approval for the breakage;
# check mode, which has no other config, fails (exit 2).
case_broken_config_in_change() {
  new_repo || return
  printf '{}\n' >"$R/.diffvet.json"; commit
  printf '{"disable": [\n' >"$R/.diffvet.json"
  printf '#include <stdlib.h>\nint run(void) { return system(getenv("CMD")); }\n' >"$R/run.c"
  run_dv diff
  expect_exit 1
  expect_stdout json '"rule":[[:space:]]*"injection/command"'
  expect_stdout json '"verdict":[[:space:]]*"senior-approval"'
  expect_stdout markdown "the change breaks it: .*diffvet.json"
  expect_stderr "modifies diffvet's configuration: the change breaks it"
  run_dv check run.c
  expect_exit 2
  expect_stderr "diffvet.json"
}

# A file nobody may read (chmod 000): an error or a gap, never "no
# findings".  root reads it anyway, so diffvet runs as an unprivileged
# user (setpriv, or su); skipped, saying so, when that is impossible.
case_unreadable_file() {
  local as_user=
  new_repo || return
  printf 'int x;\n' >"$R/locked.c"; commit
  printf '#include <stdlib.h>\nint run(void) { return system(getenv("CMD")); }\n' >"$R/locked.c"
  chmod 000 "$R/locked.c"
  if [ "$(id -u)" != 0 ]; then as_user=self
  elif command -v setpriv >/dev/null && setpriv --reuid=nobody --regid=nogroup --clear-groups true 2>/dev/null; then
    as_user="setpriv --reuid=nobody --regid=nogroup --clear-groups"
  fi
  if [ -z "$as_user" ]; then echo "  skip [$case_name] cannot run as an unprivileged user here"; return; fi
  chmod -R a+rwX "$C"; chmod 000 "$R/locked.c"; chmod a+x "$work"
  git config --file "$C/gitconfig" safe.directory '*'
  chmod 644 "$R/locked.c"; git -C "$R" diff >"$C/p.diff"; chmod 000 "$R/locked.c"
  local f args
  # working tree against HEAD, and the same change as a patch (gate held
  # by --require-complete: the gap must count)
  for args in "diff" "diff --patch $C/p.diff --require-complete" "check locked.c"; do
  for f in $FORMATS; do
    fmt=$f
    if [ "$as_user" = self ]; then
      (cd "$R" && "$dv" $args --format "$f" >"$C/out.$f" 2>"$C/err.$f"); echo $? >"$C/rc.$f"
    else
      (cd "$R" && GIT_CONFIG_GLOBAL="$C/gitconfig" $as_user "$dv" $args --format "$f" >"$C/out.$f" 2>"$C/err.$f"); echo $? >"$C/rc.$f"
    fi
    no_secrets "$C/out.$f" "$C/err.$f"
    checks=$((checks+1))
    # an input diffvet cannot read is an error saying what to do, never
    # a verdict (git's own 'open(...): Permission denied' is not enough)
    [ "$(cat "$C/rc.$f")" = 2 ] || { fail "$args --format $f: exit $(cat "$C/rc.$f"), expected 2"
                                      sed 's/^/      | /' "$C/err.$f" | head -5; }
    grep -qaE "diffvet: 'locked.c': cannot read \(Permission denied\).*fix its permissions or run diffvet as a user who can read it" "$C/err.$f" ||
      { fail "$args --format $f: stderr lacks the unreadable-file error"; sed 's/^/      | /' "$C/err.$f" | head -5; }
  done
  done
  fmt=
  chmod 644 "$R/locked.c"
}

# A header outside the root that libclang would quote: an unquoted token
# becomes "use of undeclared identifier 'ghp_…'" (redacted, but read).
plant_outside_header() {
  printf 'int leak_%s = %s;\n' "$1" "$OUTSIDE_SECRET" >"$O/$1.h"
}
# No byte of an outside header in any format, in working-tree diff mode
# and in check mode; the include itself is reported as not read.
expect_includes_not_read() { # FILE...
  run_dv diff --require-complete
  expect_exit 1
  expect_stderr "outside the repository.*not read"
  run_dv check "$@"
  expect_stderr "outside the repository.*not read"
}

case_include_outside_root() {
  new_repo
  plant_outside_header abs; plant_outside_header rel
  printf '#include "%s/abs.h"\n#include "../outside/rel.h"\nint use(void) { return 0; }\n' "$O" >"$R/main.c"
  expect_includes_not_read main.c
  # an include directory the command line names is trusted: read
  outside_forbidden=0
  run_dv check main.c -I "$O"
  checks=$((checks+1))
  grep -qaE "outside the repository" "$C/err.text" && fail "-I OUTSIDE: its headers still not read"
  expect_stderr "undeclared identifier"
}

# A link in the tree (to the header, or to its directory), reached by a
# quoted include or through -I: the real path decides.
case_include_through_link() {
  new_repo
  plant_outside_header file; plant_outside_header dir
  mkdir -p "$R/inc"; ln -s "$O/file.h" "$R/inc/file.h"; ln -s "$O" "$R/inc/out"
  printf '#include "inc/file.h"\n#include "inc/out/dir.h"\nint use(void) { return 0; }\n' >"$R/main.c"
  commit
  printf '\nint more(void) { return 1; }\n' >>"$R/main.c"
  expect_includes_not_read main.c -I inc
}

CASES=(
  control_inside_secrets_reported
  git_config_traps_working_tree
  git_config_traps_base
  binary_attribute_does_not_hide
  committed_links_not_followed
  committed_directory_link
  untracked_links_not_followed
  patch_absolute_path
  patch_dotdot_path
  patch_through_directory_link
  check_mode_links
  core_worktree_elsewhere
  config_change_cannot_disable
  suppression_added_by_change
  unquoted_secret_in_diagnostics
  not_a_diff
  unanalysed_is_not_clean
  patch_not_applied
  broken_config_in_change
  unreadable_file
  include_outside_root
  include_through_link
)

[ $# -gt 0 ] && CASES=("$@")
for case_name in "${CASES[@]}"; do
  case_failed=0; fmt=; armed=0
  if declare -F "case_$case_name" >/dev/null; then "case_$case_name"; else fail "no such case"; fi
  if [ "$case_failed" = 0 ]; then echo "ok   $case_name"; else echo "FAIL $case_name"; failures=$((failures+1)); fi
done
echo "hostile: ${#CASES[@]} cases, $checks checks, $failures failed"
[ "$failures" = 0 ]
