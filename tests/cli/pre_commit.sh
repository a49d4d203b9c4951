#!/usr/bin/env bash
# scripts/pre-commit in a scratch repository: refuses a commit whose staged
# change has a finding, lets a clean one through, refuses when a staged C
# file has unstaged edits (the hook would vet other code than is committed).
# usage: pre_commit.sh DIFFVET SOURCE_DIR WORK_DIR
set -u
dv=$1; src=$2; work=$3
rm -rf "$work"; mkdir -p "$work/bin" "$work/repo"
ln -s "$dv" "$work/bin/diffvet"
export PATH="$work/bin:$PATH" DIFFVET_RULES_DIR="$src/rules"
export GIT_CONFIG_NOSYSTEM=1 HOME="$work" GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com \
       GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
pass=0; fail=0
check() { if [ "$1" = "$2" ]; then pass=$((pass+1)); else echo "FAIL $3: exit $1, expected $2"; fail=$((fail+1)); fi; }
cd "$work/repo" && git init -q && printf 'int main(void) { return 0; }\n' > a.c && git add a.c &&
  git commit -qm init && cp "$src/scripts/pre-commit" .git/hooks/pre-commit && chmod +x .git/hooks/pre-commit
printf '#include <stdlib.h>\nint main(int c, char **v) { return system(v[1]); }\n' > a.c
git add a.c; git commit -qm bad > /dev/null 2>&1; check $? 1 "a staged command injection"
git log --oneline | grep -q bad && { echo "FAIL the bad commit was made"; fail=$((fail+1)); }
printf '#include <stdlib.h>\nint main(void) { return system("ls"); }\n' > a.c
git add a.c; git commit -qm good > /dev/null 2>&1; check $? 0 "a clean change"
printf 'int x;\n' >> a.c; git add a.c; printf 'int y;\n' >> a.c
git commit -qm partial > /dev/null 2>&1; check $? 1 "a partly staged file"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
