#!/usr/bin/env bash
# Whole-CLI behaviour: exit codes, error messages, git modes, stdin patches.
# usage: cli_test.sh DIFFVET SOURCE_DIR WORK_DIR
set -u
dv=$1; src=$2; work=$3
# git must never walk up from the work directory into diffvet's checkout
export GIT_CEILING_DIRECTORIES="$work"
rm -rf "$work"; mkdir -p "$work"
pass=0; fail=0
check() { # name expected_status actual_status [stdout-file pattern]
  if [ "$2" = "$3" ]; then pass=$((pass+1)); else echo "FAIL $1: exit $3, expected $2"; fail=$((fail+1)); fi
}
contains() { # name file pattern
  if grep -q -- "$3" "$2"; then pass=$((pass+1)); else echo "FAIL $1: '$3' not in $(basename "$2"):"; sed 's/^/  | /' "$2" | head -20; fail=$((fail+1)); fi
}
absent() {
  if grep -q -- "$3" "$2"; then echo "FAIL $1: '$3' unexpectedly in $(basename "$2")"; fail=$((fail+1)); else pass=$((pass+1)); fi
}
export GIT_CONFIG_NOSYSTEM=1 HOME="$work" NO_COLOR=1
gitc() { git -c user.name=t -c user.email=t@example.invalid -c init.defaultBranch=main "$@"; }

"$dv" --version >"$work/out" 2>&1; check version 0 $?; contains version "$work/out" "diffvet 0"
"$dv" >"$work/out" 2>&1; check no-command 2 $?
"$dv" frobnicate >"$work/out" 2>&1; check unknown-command 2 $?; contains unknown-command "$work/out" "unknown command 'frobnicate'"
"$dv" check --bogus x.c >"$work/out" 2>&1; check unknown-option 2 $?; contains unknown-option "$work/out" "unknown option '--bogus'"
"$dv" check --format xml x.c >"$work/out" 2>&1; check bad-format 2 $?; contains bad-format "$work/out" "expected text, sarif, json, markdown, html or gitlab"
"$dv" check "$work/missing.c" >"$work/out" 2>&1; check missing-file 2 $?; contains missing-file "$work/out" "no such file"
"$dv" check --help >"$work/out" 2>&1; check help 0 $?; contains help "$work/out" "usage: diffvet check"
"$dv" diff --help >"$work/out" 2>&1; check diff-help 0 $?; contains diff-help "$work/out" "--patch"
"$dv" rules >"$work/out" 2>&1; check rules 0 $?; contains rules "$work/out" "injection/format-string"
"$dv" explain injection/format-string >"$work/out" 2>&1; check explain 0 $?; contains explain "$work/out" "CWE-134"
"$dv" explain format-string >"$work/out" 2>&1; check explain-unknown 2 $?; contains explain-unknown "$work/out" "did you mean 'injection/format-string'"

# a clean file and a file with a finding; stdout/stderr separation
cat >"$work/clean.c" <<'C'
#include <stdio.h>
int main(void) { printf("%s\n", "hi"); return 0; }
C
cat >"$work/bad.c" <<'C'
#include <stdio.h>
void say(const char *s) { printf(s); } void (*say_cb)(const char *) = say;
C
(cd "$work" && "$dv" check clean.c >"$work/out" 2>"$work/err"); check clean 0 $?; contains clean "$work/out" "no findings"
(cd "$work" && "$dv" check bad.c >"$work/out" 2>"$work/err"); check finding-below-fail-on 0 $?
(cd "$work" && "$dv" check --fail-on warning bad.c >"$work/out" 2>"$work/err"); check finding 1 $?
contains finding-format "$work/out" "bad.c:2:27: warning: .*\[injection/format-string\]"
contains finding-caret "$work/out" "\^"
absent finding-stderr "$work/err" "format-string"
(cd "$work" && "$dv" check --format json bad.c >"$work/out.json" 2>/dev/null)
contains json-function "$work/out.json" '"function":[[:space:]]*"say"'

(cd "$work" && "$dv" check --fail-on never bad.c >/dev/null 2>&1); check fail-on-never 0 $?
(cd "$work" && "$dv" check --fail-on error bad.c >/dev/null 2>&1); check fail-on-error-warning 0 $?
(cd "$work" && "$dv" check --fail-on warning -o "$work/report.txt" bad.c >"$work/out" 2>&1); check output-file 1 $?
contains output-file-content "$work/report.txt" "injection/format-string"

# suppression with and without a reason
cat >"$work/supp.c" <<'C'
#include <stdio.h>
void a(const char *s) { printf(s); } void (*a_cb)(const char *) = a; // diffvet-ignore[injection/format-string]: s is a fixed banner
void b(const char *s) { printf(s); } void (*b_cb)(const char *) = b; // diffvet-ignore[injection/format-string]
C
(cd "$work" && "$dv" check --fail-on warning supp.c >"$work/out" 2>"$work/err"); check suppress 1 $?
contains suppress-kept "$work/out" "supp.c:3"
absent suppress-dropped "$work/out" "supp.c:2"
contains suppress-no-reason "$work/err" "reason is required"

# a broken config is exit 2 with file:line and field
printf '{\n  "disable": ["injection/nope"]\n}\n' >"$work/bad-config.json"
(cd "$work" && "$dv" check --config bad-config.json clean.c >"$work/out" 2>&1); check bad-config 2 $?
contains bad-config-msg "$work/out" "bad-config.json:2"
printf '{ "levels": { ' >"$work/broken.json"
(cd "$work" && "$dv" check --config broken.json clean.c >"$work/out" 2>&1); check broken-json 2 $?
contains broken-json-msg "$work/out" "broken.json:1"

# compile flags: from compile_commands.json (-p or ./build), a header takes its sibling's flags,
# fallback -D for files outside the database; a parse error is a note on stderr, not a failure
db="$work/dbproj"; mkdir -p "$db/build" "$db/inc"
cat >"$db/unsafe.c" <<'C'
#include <stdio.h>
#include "cfg.h"
#ifdef UNSAFE_LOG
void log_it(const char *s) { printf(s); } void (*log_it_cb)(const char *) = log_it;
#endif
C
cat >"$db/unsafe.h" <<'C'
#include <stdio.h>
#ifdef UNSAFE_LOG
static inline void log_h(const char *s) { printf(s); } void (*log_h_cb)(const char *) = log_h;
#endif
C
echo '#define CFG 1' >"$db/inc/cfg.h"
printf '[{"directory": "%s", "file": "unsafe.c", "arguments": ["cc", "-Iinc", "-DUNSAFE_LOG", "-c", "unsafe.c", "-o", "unsafe.o"]}]\n' "$db" >"$db/build/compile_commands.json"
(cd "$db" && "$dv" check --fail-on warning unsafe.c unsafe.h >"$work/out" 2>"$work/err"); check compdb-auto 1 $?
contains compdb-auto-c "$work/out" "unsafe.c:4"
contains compdb-header-sibling "$work/out" "unsafe.h:3"
absent compdb-no-parse-error "$work/err" "error"
(cd "$work" && "$dv" check -p "$db/build" --fail-on warning "$db/unsafe.c" >"$work/out" 2>&1); check compdb-p 1 $?
cp "$db/unsafe.c" "$work/loose.c"
(cd "$work" && "$dv" check --fail-on warning -I "$db/inc" loose.c >"$work/out" 2>"$work/err"); check fallback-no-define 0 $?
(cd "$work" && "$dv" check --fail-on warning -I "$db/inc" -D UNSAFE_LOG loose.c >"$work/out" 2>&1); check fallback-define 1 $?
(cd "$work" && "$dv" check --fail-on warning -D UNSAFE_LOG loose.c >"$work/out" 2>"$work/err"); check missing-header-partial 1 $?
# the header is in the tree: without a database its directory is inferred
contains missing-header-note "$work/err" "loose.c: no compile database: inferred flags -I.*inc"
(cd "$work" && "$dv" check -p "$work/nowhere" clean.c >"$work/out" 2>&1); check compdb-missing 2 $?
contains compdb-missing-msg "$work/out" "no readable compile_commands.json"

# git: working tree vs HEAD, untracked files, --base, --patch -
repo="$work/repo"; mkdir -p "$repo"; cd "$repo"
gitc init -q .
printf '#include <stdio.h>\nvoid first(const char *s) { printf(s); } void (*first_cb)(const char *) = first;\n' > first.c
gitc add first.c
"$dv" diff --fail-on warning >"$work/out" 2>&1; check diff-no-commits 1 $?; contains diff-no-commits-finding "$work/out" "first.c:2"
gitc rm -q --cached first.c; rm -f first.c
cat > app.c <<'C'
#include <stdio.h>
void log_line(const char *s) { printf("%s\n", s); }
C
gitc add app.c; gitc commit -q -m base
gitc checkout -q -b feature
cat > app.c <<'C'
#include <stdio.h>
void log_line(const char *s) { printf("%s\n", s); }
void log_raw(const char *s) { printf(s); } void (*log_raw_cb)(const char *) = log_raw;
C
"$dv" diff --fail-on warning >"$work/out" 2>&1; check diff-worktree 1 $?; contains diff-worktree-finding "$work/out" "app.c:3"
cat > new.c <<'C'
#include <stdio.h>
void fresh(const char *s) { fprintf(stderr, s); } void (*fresh_cb)(const char *) = fresh;
C
"$dv" diff --fail-on warning >"$work/out" 2>&1; check diff-untracked 1 $?; contains diff-untracked-finding "$work/out" "new.c:2"
printf '#include <stdio.h>\nvoid odd(const char *s) { printf(s); } void (*odd_cb)(const char *) = odd;\n' > 'q"uote d.c'
"$dv" diff --fail-on warning >"$work/out" 2>&1; check diff-untracked-quoted 1 $?; contains diff-untracked-quoted-finding "$work/out" 'q"uote d.c:2'
gitc add -A; gitc commit -q -m feature
"$dv" diff --fail-on warning >"$work/out" 2>&1; check diff-clean-tree 0 $?
"$dv" diff --base main --fail-on warning >"$work/out" 2>&1; check diff-base 1 $?; contains diff-base-finding "$work/out" "app.c:3"
absent diff-base-old "$work/out" "app.c:2"
gitc diff main | "$dv" diff --patch - --fail-on warning --format sarif -o "$work/out.sarif"; check patch-stdin-sarif 1 $?
contains patch-sarif-uri "$work/out.sarif" '"uri":.*"app.c"'
"$dv" diff --base no-such-rev >"$work/out" 2>&1; check diff-bad-base 2 $?
printf 'diff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n@@ -1,2 +1,2 @@\n+only one line\n' | "$dv" diff --patch - >"$work/out" 2>&1
check malformed-patch 2 $?; contains malformed-patch-line "$work/out" "<stdin>:"
# markdown links: --link-base, else GitHub Actions' environment; a bad base is a usage error
"$dv" diff --base main --format markdown --fail-on never --link-base https://git.example/o/r/blob/c0ffee >"$work/out" 2>&1
contains md-link-base "$work/out" '(https://git.example/o/r/blob/c0ffee/app.c#L3)'
GITHUB_SERVER_URL=https://github.com GITHUB_REPOSITORY=o/r GITHUB_SHA=beef "$dv" diff --base main --format markdown --fail-on never >"$work/out" 2>&1
contains md-link-github "$work/out" '(https://github.com/o/r/blob/beef/app.c#L3)'
"$dv" diff --base main --format markdown --fail-on never >"$work/out" 2>&1
absent md-no-link "$work/out" '#L3)'
"$dv" diff --link-base 'javascript:alert(1)' >"$work/out" 2>&1; check md-link-bad 2 $?
# the project index: -v counts analysed and reused files; an unchanged
# file is never analysed again, a changed one is, and a callee's change
# reaches its caller's findings
mkdir -p "$work/proj"
cat >"$work/proj/lockw.h" <<'C'
#include <pthread.h>
struct conn { pthread_mutex_t mu; int n; };
void conn_lock(struct conn *c);
void conn_unlock(struct conn *c);
C
cat >"$work/proj/lockw.c" <<'C'
#include "lockw.h"
void conn_lock(struct conn *c) { pthread_mutex_lock(&c->mu); }
void conn_unlock(struct conn *c) { pthread_mutex_unlock(&c->mu); }
C
cat >"$work/proj/use.c" <<'C'
#include "lockw.h"
int bump(struct conn *c, int by)
{
	conn_lock(c);
	if (by < 0)
		return -1;
	c->n += by;
	conn_unlock(c);
	return 0;
}
C
(cd "$work/proj" && "$dv" index -v . >"$work/out" 2>&1); check index-cold 0 $?
contains index-cold-count "$work/out" "index: 3 files: 3 analysed, 0 unchanged (reused)"
(cd "$work/proj" && "$dv" index -v . >"$work/out" 2>&1); check index-warm 0 $?
contains index-warm-count "$work/out" "index: 3 files: 0 analysed, 3 unchanged (reused)"
(cd "$work/proj" && "$dv" check --fail-on never --index .diffvet/index use.c >"$work/out" 2>&1)
contains index-lock-wrapper "$work/out" "use.c:6:.*locks/held-at-return"
(cd "$work/proj" && "$dv" check --fail-on never use.c >"$work/out" 2>&1)
absent no-index-no-lock-wrapper "$work/out" "held-at-return"
# conn_lock stops locking: after re-indexing only lockw.c, the caller's
# finding is gone
sed -i 's/pthread_mutex_lock(&c->mu);/(void)c;/' "$work/proj/lockw.c"
(cd "$work/proj" && "$dv" index -v . >"$work/out" 2>&1)
contains index-changed-count "$work/out" "index: 3 files: 1 analysed, 2 unchanged (reused)"
(cd "$work/proj" && "$dv" check --fail-on never --index .diffvet/index use.c >"$work/out" 2>&1)
absent index-callee-changed "$work/out" "held-at-return"
cd "$work"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
