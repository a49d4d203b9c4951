#!/usr/bin/env bash
# Every verdict and every reason kind of the review gate, in every output
# format: each case is a change in a temporary git repository; each format
# must name the verdict and carry the reason's message.
# usage: verdict_matrix.sh DIFFVET WORK_DIR
set -u
dv=$(cd "$(dirname "$1")" && pwd)/$(basename "$1"); work=$2
export GIT_CEILING_DIRECTORIES="$work" GIT_CONFIG_NOSYSTEM=1 HOME="$work" NO_COLOR=1
rm -rf "$work"; mkdir -p "$work"
pass=0; fail=0
gitc() { git -c user.name=t -c user.email=t@example.invalid -c init.defaultBranch=main "$@"; }
formats="text json sarif markdown html gitlab"

# new_repo NAME: a repository with base.c and the given .diffvet.json (may be empty)
new_repo() {
	repo="$work/$1"; mkdir -p "$repo/crit"; cd "$repo" || exit 2; gitc init -q .
	[ -n "${2:-}" ] && printf '%s\n' "$2" > .diffvet.json
	cat > base.c <<'C'
#include <pthread.h>
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int counter;
void bump(void)
{
	pthread_mutex_lock(&m);
	counter++;
	pthread_mutex_unlock(&m);
}
C
	cat > io.c <<'C'
#include <stdio.h>
int first_byte(const char *path)
{
	FILE *f = fopen(path, "r");
	int c;

	if (!f)
		return -1;
	c = fgetc(f);
	fclose(f);
	return c;
}
C
	printf 'int crit_value;\n' > crit/c.c
	gitc add -A && gitc commit -qm base
}

# expect CASE VERDICT KIND FRAGMENT: every format names VERDICT, and FRAGMENT
# (a piece of the reason's message without markup characters)
expect() {
	local f out
	for f in $formats; do
		out="$work/$1.$f"
		"$dv" diff --format "$f" --fail-on never >"$out" 2>&1
		if ! grep -q -- "$2" "$out"; then
			echo "FAIL $1 [$f]: verdict '$2' missing"; sed 's/^/  | /' "$out" | head -12; fail=$((fail+1))
		elif ! grep -q -- "$4" "$out"; then
			echo "FAIL $1 [$f]: reason '$4' missing"; sed 's/^/  | /' "$out" | head -12; fail=$((fail+1))
		else
			pass=$((pass+1))
		fi
	done
	"$dv" diff --format json --fail-on never 2>/dev/null | python3 -c '
import json, sys
doc = json.load(sys.stdin); want_v, want_k = sys.argv[1], sys.argv[2]
kinds = [r["kind"] for r in doc["verdict"]["reasons"]]
ok = doc["verdict"]["verdict"] == want_v and want_k in kinds
print("ok" if ok else "verdict %s, reasons %s" % (doc["verdict"]["verdict"], kinds))' "$2" "$3" > "$work/$1.kind"
	if [ "$(cat "$work/$1.kind")" = ok ]; then pass=$((pass+1)); else
		echo "FAIL $1: expected $2 with a '$3' reason, got $(cat "$work/$1.kind")"; fail=$((fail+1)); fi
}

new_repo pass ''
printf 'int added_value;\n' >> base.c
expect pass pass findings "no findings"

new_repo warning ''
printf '#include <stdio.h>\nvoid say(const char *s) { printf(s); } void (*say_cb)(const char *) = say;\n' > w.c
expect warning review findings "1 warning"

new_repo error '{"gate": {"critical_severity": 10.0}}'
printf '#include <stdlib.h>\nvoid run(void) { system(getenv("CMD")); }\n' > e.c
expect error dual-review findings "1 error"

new_repo critical ''
printf '#include <stdlib.h>\nvoid run(void) { system(getenv("CMD")); }\n' > e.c
expect critical senior-approval critical-rule "critical-severity error"

new_repo critpath '{"critical_paths": ["crit/"]}'
printf 'int more_crit;\n' >> crit/c.c
expect critpath senior-approval critical-path "modifies a critical path"

new_repo demands ''
printf '#include <stdlib.h>\nint reset_data(void) { return system("rm -rf /var/lib/app/data"); }\n' > d.c
expect demands senior-approval rule-demands "permission/destructive-operation needs senior-approval"

new_repo inactive ''
printf '#if 0\n#include <stdlib.h>\nvoid off(void) { system(getenv("X")); }\n#endif\n' > i.c
expect inactive review not-analysed "not analysed"

new_repo suppress ''
printf '#include <stdio.h>\nvoid say(const char *s) { printf(s); } void (*say_cb)(const char *) = say; // diffvet-ignore[injection/format-string]: s is a constant\n' > s.c
expect suppress review suppression-added "adds a suppression"

new_repo config '{"critical_paths": ["crit/"]}'
printf '{"critical_paths": ["crit/", "more/"]}\n' > .diffvet.json
expect config review config-changed "configuration"

new_repo guard ''
grep -v 'fclose' io.c > io.tmp && mv io.tmp io.c
expect guard dual-review guard-removed "removed"

new_repo size ''
python3 -c 'print("\n".join("int v%d = %d;" % (i, i) for i in range(1100)))' >> base.c
expect size review change-size "a large change"

echo "verdict matrix: $pass passed, $fail failed"
[ "$fail" = 0 ]
