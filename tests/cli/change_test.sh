#!/usr/bin/env bash
# Change intelligence end to end on real temporary git repositories:
# --new-only (moves, renames, line shifts, a second copy of a known
# finding, a shallow clone without the base), removed guards, --staged.
# usage: change_test.sh DIFFVET WORK_DIR
set -u
dv=$1; work=$2; here=$(cd "$(dirname "$0")" && pwd)
# git must never walk up from the work directory into diffvet's checkout
export GIT_CEILING_DIRECTORIES="$work"
rm -rf "$work"; mkdir -p "$work"
pass=0; fail=0
check() { # name expected_status actual_status
  if [ "$2" = "$3" ]; then pass=$((pass+1)); else echo "FAIL $1: exit $3, expected $2"; sed 's/^/  | /' "$work/out" | head -20; fail=$((fail+1)); fi
}
contains() { # name file pattern
  if grep -q -- "$3" "$2"; then pass=$((pass+1)); else echo "FAIL $1: '$3' not in $(basename "$2"):"; sed 's/^/  | /' "$2" | head -20; fail=$((fail+1)); fi
}
absent() {
  if grep -q -- "$3" "$2"; then echo "FAIL $1: '$3' unexpectedly in $(basename "$2")"; sed 's/^/  | /' "$2" | head -20; fail=$((fail+1)); else pass=$((pass+1)); fi
}
count() { # name file pattern expected
  local n; n=$(grep -c -- "$3" "$2"); if [ "$n" = "$4" ]; then pass=$((pass+1)); else echo "FAIL $1: $n lines match '$3', expected $4"; sed 's/^/  | /' "$2" | head -20; fail=$((fail+1)); fi
}
export GIT_CONFIG_NOSYSTEM=1 HOME="$work" NO_COLOR=1
gitc() { git -c user.name=t -c user.email=t@example.invalid -c init.defaultBranch=main "$@"; }
finding='\[[a-z0-9-]*/[a-z0-9-]*\]$' # the line of a finding ends with its rule id

# ---- --new-only ----
repo="$work/repo"; mkdir -p "$repo"; cd "$repo"; gitc init -q .
cat > app.c <<'C'
#include <stdio.h>
#include <stdlib.h>
void a(const char *s) { printf(s); } void (*a_cb)(const char *) = a;
int c(void) { return 0; }
void b(void) { system(getenv("CMD")); }
C
cat > old.c <<'C'
#include <stdio.h>
void legacy(const char *s) { printf(s); } void (*legacy_cb)(const char *) = legacy;
int one(void) { return 1; }
int two(void) { return 2; }
int three(void) { return 3; }
C
gitc add . && gitc commit -qm base && gitc checkout -qb feature
# a pure move refactor: the functions swap places, lines shift, a file is
# renamed and re-indented
cat > app.c <<'C'
#include <stdio.h>
#include <stdlib.h>

void b(void) { system(getenv("CMD")); }

int c(void) { return 0; }
void a(const char *s) { printf(s); } void (*a_cb)(const char *) = a;
C
gitc mv old.c renamed.c
sed -i 's/{ printf(s); }/{   printf(s);   }/' renamed.c
gitc commit -qam move
"$dv" diff --base main --fail-on note >"$work/out" 2>&1; check move-reported 1 $?
contains move-reported-a "$work/out" "app.c:7:.*injection/format-string"
"$dv" diff --base main --new-only --fail-on note >"$work/out" 2>&1; check move-new-only 0 $?
absent move-new-only-none "$work/out" "$finding"
contains move-new-only-note "$work/out" "already at the base revision"
for scope in lines functions files; do
  "$dv" diff --base main --new-only --scope $scope --fail-on note >"$work/out" 2>&1
  check "move-new-only-$scope" 0 $?
done
# a new sink, a second copy of a known finding, a new source feeding an
# unchanged sink
cat >> app.c <<'C'
void d(const char *s) { printf(s); } void (*d_cb)(const char *) = d;
void a2(const char *s) { printf(s); } void (*a2_cb)(const char *) = a2;
C
sed -i 's/int c(void) { return 0; }/int c(void) { return system(getenv("X")); }/' app.c
gitc commit -qam more
"$dv" diff --base main --new-only --fail-on note >"$work/out" 2>&1; check new-only-new 1 $?
contains new-only-d "$work/out" "app.c:8:.*injection/format-string"
contains new-only-a2 "$work/out" "app.c:9:.*injection/format-string"
contains new-only-c "$work/out" "app.c:6:.*injection/command"
count new-only-count "$work/out" "$finding" 3
# same function, same line text twice: one was there, one is new
printf 'void twice(const char *s) {\n\tprintf(s);\n}\nvoid (*twice_cb)(const char *) = twice;\n' >> renamed.c
gitc commit -qam twice; gitc tag two
sed -i 's/^\tprintf(s);$/\tprintf(s);\n\tprintf(s);/' renamed.c
gitc commit -qam dup
"$dv" diff --base two --new-only --scope files --fail-on note >"$work/out" 2>&1; check dup-copy 1 $?
count dup-copy-one "$work/out" "$finding" 1
# the working tree against HEAD
printf 'void e(const char *s) { printf(s); } void (*e_cb)(const char *) = e;\n' >> app.c
"$dv" diff --new-only --scope files --fail-on note >"$work/out" 2>&1; check worktree-new-only 1 $?
count worktree-new-only-one "$work/out" "$finding" 1
contains worktree-new-only-e "$work/out" "app.c:10:"
gitc checkout -q app.c
"$dv" diff --new-only --patch - </dev/null >"$work/out" 2>&1; check new-only-patch 2 $?
contains new-only-patch-msg "$work/out" "not --patch"

# ---- a shallow clone without the base commit ----
cd "$work"; gitc clone -q --depth=1 --no-single-branch "file://$repo" shallow 2>/dev/null
cd shallow; gitc checkout -q feature
"$dv" diff --base origin/main --new-only >"$work/out" 2>&1; check shallow 2 $?
contains shallow-fix "$work/out" "git fetch --deepen"
contains shallow-fix-actions "$work/out" "fetch-depth: 0"
count shallow-one-line "$work/out" "" 1
"$dv" diff --base origin/nosuch >"$work/out" 2>&1; check shallow-unknown 2 $?
contains shallow-unknown-msg "$work/out" "'origin/nosuch' is not in this shallow clone"

# ---- removed guards ----
repo="$work/guards"; mkdir -p "$repo"; cd "$repo"; gitc init -q .
cat > g.c <<'C'
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>
int is_admin(int uid);
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int counter;
int take(int x)
{
	pthread_mutex_lock(&m);
	if (x < 0) {
		pthread_mutex_unlock(&m);
		counter--;
		return -1;
	}
	counter += x;
	pthread_mutex_unlock(&m);
	return 0;
}
int handle_delete(int uid, const char *path)
{
	if (!is_admin(uid))
		return -1;
	counter++;
	return unlink(path);
}
int first(const char *path)
{
	FILE *f = fopen(path, "r");
	int c;
	if (!f)
		return -1;
	c = fgetc(f);
	fclose(f);
	counter++;
	return c;
}
int quiet(int x)
{
	printf("x=%d\n", x);
	counter++;
	return x;
}
C
gitc add . && gitc commit -qm base
sed -i -e '11d' -e '/if (!is_admin(uid))/,+1d' -e '/fclose(f);/d' -e '/printf("x=/d' g.c
"$dv" diff --fail-on note >"$work/out" 2>&1; check removed-guards 1 $?
contains removed-unlock "$work/out" "locks/held-at-return"
contains removed-unlock-line "$work/out" "removed this call to 'pthread_mutex_unlock' (line 11 of the base revision)"
contains removed-auth "$work/out" "permission/missing-check"
contains removed-auth-line "$work/out" "removed this call to 'is_admin' (line 21 of the base revision)"
contains removed-fclose "$work/out" "removed the call to 'fclose' at line 33 .*resources/leak"
count removed-guards-count "$work/out" "$finding" 3
"$dv" diff --format sarif >"$work/out.sarif" 2>/dev/null
contains removed-sarif-related "$work/out.sarif" "the change removed this call to 'fclose'"
# a removed log call on an error path: the unchanged return now leaves it silently
cat > db.c <<'C'
#include <syslog.h>
#include <sqlite3.h>
int purge(sqlite3 *db)
{
	if (sqlite3_exec(db, "DELETE FROM t", 0, 0, 0) != SQLITE_OK) {
		syslog(LOG_ERR, "purge failed: %s", sqlite3_errmsg(db));
		return -1;
	}
	return 0;
}
C
gitc add db.c && gitc commit -qm "db" && sed -i '/syslog(LOG_ERR/d' db.c
"$dv" diff --fail-on note >"$work/out" 2>&1; check removed-log 1 $?
contains removed-log-finding "$work/out" "db.c:6:3: warning: error return after 'sqlite3_exec' failed.*logging/silent-error-return"
gitc checkout -q db.c
# a moved unlock is no removed guard
gitc checkout -q g.c
sed -i '11d' g.c; sed -i '11a\		pthread_mutex_unlock(&m);' g.c
"$dv" diff --fail-on note >"$work/out" 2>&1; check moved-unlock 0 $?
gitc checkout -q g.c

# ---- --staged ----
repo="$work/staged"; mkdir -p "$repo"; cd "$repo"; gitc init -q .
printf 'int main(void) { return 0; }\n' > m.c; gitc add m.c; gitc commit -qm base
printf '#include <stdlib.h>\nint main(int argc, char **argv) { (void)argc; return system(argv[1]); }\n' > m.c
gitc add m.c; gitc checkout -q HEAD -- 2>/dev/null; printf 'int main(void) { return 0; }\n' > m.c
"$dv" diff --fail-on note >"$work/out" 2>&1; check staged-worktree-clean 0 $?
"$dv" diff --staged --fail-on note >"$work/out" 2>&1; check staged 1 $?
contains staged-finding "$work/out" "m.c:2:.*injection/command"
contains staged-source-line "$work/out" "return system(argv\[1\]);"
"$dv" diff --staged --new-only --fail-on note >"$work/out" 2>&1; check staged-new-only 1 $?
printf 'junk\n' > untracked.c
"$dv" diff --staged --fail-on note >"$work/out" 2>&1; check staged-no-untracked 1 $?
absent staged-no-untracked-msg "$work/out" "untracked.c"
"$dv" diff --staged --base main >"$work/out" 2>&1; check staged-base 2 $?
gitc reset -q m.c
"$dv" diff --staged --fail-on note >"$work/out" 2>&1; check staged-empty 0 $?
DIFFVET="$dv" DIFFVET_ARGS="--fail-on note" sh "$here/../../contrib/pre-commit" >"$work/out" 2>&1
check pre-commit-clean 0 $?

# ---- the gate as data ----
repo="$work/gate"; mkdir -p "$repo/crit"; cd "$repo"; gitc init -q .
printf '{"critical_paths": ["crit/"]}\n' > .diffvet.json
printf 'int x;\n' > crit/a.c; printf 'int y;\n' > plain.c
gitc add . && gitc commit -qm base
printf 'int z;\n' >> plain.c
"$dv" diff --fail-on review >"$work/out" 2>&1; check gate-plain-pass 0 $?
contains gate-plain-text "$work/out" "\[gate: pass\]"
printf 'int w;\n' >> crit/a.c
"$dv" diff >"$work/out" 2>&1; check gate-critical-default 0 $?
contains gate-critical-text "$work/out" "no findings \[gate: senior-approval\]"
for v in review dual-review senior-approval; do
  "$dv" diff -q --fail-on $v >"$work/out" 2>&1; check "gate-fail-on-$v" 1 $?
done
"$dv" diff -q --format json >"$work/out" 2>&1
contains gate-json-verdict "$work/out" '"verdict":.*"senior-approval"'
contains gate-json-reason "$work/out" '"kind":.*"critical-path"'
contains gate-json-message "$work/out" "the change modifies a critical path: crit/a.c"
"$dv" diff -q --format sarif >"$work/out" 2>&1
contains gate-sarif-verdict "$work/out" '"senior-approval"'
contains gate-sarif-reason "$work/out" "the change modifies a critical path: crit/a.c"
"$dv" diff -q --format markdown >"$work/out" 2>&1
contains gate-markdown "$work/out" "review gate: senior-approval"
contains gate-markdown-reason "$work/out" "the change modifies a critical path: crit/a.c"
# the change cannot take its own file off the critical paths
printf '{"critical_paths": []}\n' > .diffvet.json
"$dv" diff -q --fail-on senior-approval >"$work/out" 2>&1; check gate-critical-own-config 1 $?
gitc checkout -q .diffvet.json crit/a.c
"$dv" diff -q --fail-on review >"$work/out" 2>&1; check gate-review-pass 0 $?
"$dv" diff -q --fail-on bogus >"$work/out" 2>&1; check gate-fail-on-bogus 2 $?
contains gate-fail-on-bogus-msg "$work/out" "dual-review"
# a removed guard is a reason of its own
cd "$work/guards"; sed -i '/fclose(f);/d' g.c
"$dv" diff -q --format json >"$work/out" 2>&1
contains gate-guard-kind "$work/out" '"kind":.*"guard-removed"'
contains gate-guard-msg "$work/out" "removed the call to 'fclose' in first()"
gitc checkout -q g.c

# ---- --shard K/N and diffvet merge ----
mkdir -p "$work/shards"; cd "$work/shards"
for i in 1 2 3 4 5 6 7; do
  printf '#include <stdio.h>\nvoid f%s(const char *s) { printf(s); }\nvoid (*cb)(const char *) = f%s;\n' $i $i > "f$i.c"
done
printf '#include <stdlib.h>\nint main(int c, char **v) { (void)c; return system(v[1]); }\n' > main.c
"$dv" check -q --format sarif -o all.sarif . >/dev/null 2>&1; check shard-all 1 $?
for k in 1 2 3; do "$dv" check -q --shard $k/3 --format sarif -o "s$k.sarif" . >/dev/null 2>&1; done
"$dv" merge s1.sarif s2.sarif s3.sarif -o merged.sarif >"$work/out" 2>&1; check merge 0 $?
results() { python3 - "$1" <<'PY'
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
assert len(rules) == len(set(rules)), "duplicate rules"
for r in run["results"]:
    assert rules[r["ruleIndex"]] == r["ruleId"], "bad ruleIndex"
    loc = r["locations"][0]["physicalLocation"]
    print(r["ruleId"], loc["artifactLocation"]["uri"], loc["region"]["startLine"])
print("verdict", run["properties"]["diffvet/verdict"]["verdict"])
PY
}
results all.sarif | sort >all.txt; results merged.sarif | sort >merged.txt
if cmp -s all.txt merged.txt && [ "$(wc -l <all.txt)" = 9 ]; then pass=$((pass+1)); else echo "FAIL shard-merge-same"; diff all.txt merged.txt | head; fail=$((fail+1)); fi
n1=$(results s1.sarif | grep -vc verdict); n2=$(results s2.sarif | grep -vc verdict); n3=$(results s3.sarif | grep -vc verdict)
if [ $((n1 + n2 + n3)) = 8 ] && [ "$n1" -lt 8 ] && [ "$n2" -lt 8 ] && [ "$n3" -lt 8 ]; then pass=$((pass+1)); else echo "FAIL shard-split: $n1 $n2 $n3"; fail=$((fail+1)); fi
python3 -c 'import json,sys; r=json.load(open("merged.sarif"))["runs"][0]["results"]; l=[x.get("level","warning") for x in r]; sys.exit(0 if l[0]=="error" else 1)'
check merge-most-severe-first 0 $?
"$dv" check -q --shard 0/3 . >"$work/out" 2>&1; check shard-bad 2 $?
"$dv" check -q --shard 4/3 . >"$work/out" 2>&1; check shard-bad-k 2 $?
"$dv" merge s1.sarif >"$work/out" 2>&1; check merge-no-output 2 $?
printf 'not json' > bad.sarif
"$dv" merge s1.sarif bad.sarif -o x.sarif >"$work/out" 2>&1; check merge-bad-input 2 $?
contains merge-bad-input-msg "$work/out" "bad.sarif"

cd "$work"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
