#!/usr/bin/env bash
# The result cache (check --cache DIR, session/result_cache.h): a warm run
# prints byte for byte what a cold run prints, in every format; a changed
# header, a header that would shadow one, a changed rule or a corrupted
# entry is a miss; no full secret reaches the disk; concurrent writers are
# safe; nothing is written into the tree unless asked.
# usage: result_cache.sh DIFFVET WORK_DIR
set -u
dv=$(cd "$(dirname "$1")" && pwd)/$(basename "$1"); work=$2
export GIT_CEILING_DIRECTORIES="$work" GIT_CONFIG_NOSYSTEM=1 HOME="$work" NO_COLOR=1
rm -rf "$work"; mkdir -p "$work/p/inc" "$work/o"; cd "$work/p" || exit 2
pass=0; fail=0
ok() { pass=$((pass+1)); }
no() { echo "FAIL $1"; fail=$((fail+1)); }
same() { # name file1 file2 (in ../o; SARIF's commandLine names the options of the run,
	# GitLab's report the times of the scan)
	local a=../o/$2 b=../o/$3
	case $2 in
	*.sarif) grep -v '"commandLine"' "$a" > "$a.n"; grep -v '"commandLine"' "$b" > "$b.n"
		a=$a.n b=$b.n;;
	*.gitlab) # the scan's start and end times
		grep -v '"start_time"\|"end_time"' "$a" > "$a.n"; grep -v '"start_time"\|"end_time"' "$b" > "$b.n"
		a=$a.n b=$b.n;;
	esac
	if cmp -s "$a" "$b"; then ok; else no "$1: $2 and $3 differ"; diff "$a" "$b" | head -20; fi
}
# "hits misses stale stored invalid" of the run whose stderr is ../o/$1
counts() { sed -n 's/.*result cache: \([0-9]*\) hit(s), \([0-9]*\) miss(es), \([0-9]*\) stale, \([0-9]*\) stored, \([0-9]*\) invalid.*/\1 \2 \3 \4 \5/p' "../o/$1"; }
expect() { if [ "$2" = "$3" ]; then ok; else no "$1: got '$3', expected '$2'"; fi; }

printf '#include <stdlib.h>\n#define CMD getenv("X")\n' > inc/cfg.h
printf '#include "cfg.h"\nvoid f(void) { system(CMD); }\n' > a.c
printf '#include <stdio.h>\nint g(const char *p, int x)\n{\n\tFILE *f = fopen(p, "r");\n\tif (!f)\n\t\treturn -1;\n\tif (x)\n\t\treturn 1;\n\tfclose(f);\n\treturn 0;\n}\n' > b.c
printf 'const char *aws_key = "AKIAQWERTYUIOPASDFGH";\n' > c.c
flags="-I inc --fail-on never -j2"
run() { # name [options...]: ../o/name.{txt,json,sarif} (outside the tree), the
	# stderr of the first of the three runs in ../o/name.err
	local n=$1; shift
	"$dv" check $flags "$@" -v -o "../o/$n.txt" . 2>"../o/$n.err"
	"$dv" check $flags "$@" -q --format json -o "../o/$n.json" . 2>/dev/null
	"$dv" check $flags "$@" -q --format sarif -o "../o/$n.sarif" . 2>/dev/null
}

# cold (no cache), priming, warm
run cold
if [ -e .diffvet ] || [ -e ../cache ]; then no "a run without --cache wrote a cache"; else ok; fi
run prime --cache ../cache
expect "priming run stores every file" "0 4 0 4 0" "$(counts prime.err)"
run warm --cache ../cache
expect "warm run: every file a hit" "4 0 0 0 0" "$(counts warm.err)"
for f in txt json sarif; do
	same "priming run = cold ($f)" cold.$f prime.$f
	same "warm run = cold ($f)" cold.$f warm.$f
done
for f in markdown html gitlab; do
	"$dv" check $flags -q --format $f -o ../o/cold.$f . 2>/dev/null
	"$dv" check $flags -q --cache ../cache --format $f -o ../o/warm.$f . 2>/dev/null
	same "warm run = cold ($f)" cold.$f warm.$f
done
grep -q 'injection/command' ../o/warm.json && grep -q 'resources/leak' ../o/warm.json &&
	grep -q 'secrets/aws-access-key-id' ../o/warm.json && ok || no "warm findings missing"
if grep -rq 'AKIAQWERTYUIOPASDFGH' ../cache; then no "a full secret reached the cache"; else ok; fi

# a changed header: a.c (which includes it) and the header itself miss
printf '#include <stdlib.h>\n#define CMD "ls"\n' > inc/cfg.h
run cold2
run hdr --cache ../cache
expect "changed header: its includer is stale, itself a miss" "2 1 1 2 0" "$(counts hdr.err)"
for f in txt json sarif; do same "changed header ($f)" cold2.$f hdr.$f; done
if grep -q 'injection/command' ../o/hdr.json; then no "stale result after a header change"; else ok; fi

# a header that would shadow the one used (quoted includes search the
# includer's directory first): a.c misses
printf '#include <stdlib.h>\n#define CMD getenv("Y")\n' > cfg.h
run cold3
run shadow --cache ../cache
grep -q 'injection/command' ../o/cold3.json && ok || no "shadowing header not used by the cold run"
for f in txt json sarif; do same "shadowing header ($f)" cold3.$f shadow.$f; done
# inc/cfg.h a hit; a.c, b.c, c.c stale (a new header-like name in their
# directory); the new cfg.h a miss
expect "shadowing header" "1 1 3 4 0" "$(counts shadow.err)"
rm cfg.h

# a changed rule (the config disables one): every file misses
run prime4 --cache ../cache >/dev/null
printf '{"version": 1, "disable": ["resources/leak"]}\n' > .diffvet.json
run cold4
run rule --cache ../cache
expect "changed rule: every file misses" "0 4 0 4 0" "$(counts rule.err)"
for f in txt json sarif; do same "changed rule ($f)" cold4.$f rule.$f; done
if grep -q 'resources/leak' ../o/rule.json; then no "disabled rule still reported from the cache"; else ok; fi
rm .diffvet.json

# corrupted entries: a miss each (counted invalid), never a crash, rewritten
rm -rf ../cache5; run prime5 --cache ../cache5
n=0
for e in ../cache5/*.json; do
	case $n in
	0) printf '{"format": 1, "key": "x"' > "$e" ;;                           # truncated
	1) sed -i 's/"findings":\[/"findings":[7,/' "$e" ;;                   # wrong type
	2) sed -i 's/"parsed":true/"parsed":"yes"/; s/"parsed":false/"parsed":"no"/' "$e" ;;
	esac
	n=$((n+1))
done
run corrupt --cache ../cache5
expect "corrupted entries: 3 invalid, rewritten" "1 0 0 3 3" "$(counts corrupt.err)"
for f in txt json sarif; do same "corrupted entries ($f)" cold2.$f corrupt.$f; done

# concurrent writers on an empty cache, then a warm run
rm -rf ../cache2
"$dv" check $flags -q --cache ../cache2 -o ../o/c1.txt . 2>/dev/null &
"$dv" check $flags -q --cache ../cache2 -o ../o/c2.txt . 2>/dev/null &
wait
run conc --cache ../cache2
expect "after concurrent writers: every file a hit" "4 0 0 0 0" "$(counts conc.err)"
same "concurrent writers (txt)" cold2.txt c1.txt
same "concurrent writers (txt)" cold2.txt c2.txt
same "after concurrent writers (json)" cold2.json conc.json
if ls ../cache2 | grep -v '\.json$' | grep -q .; then no "temporary files left in the cache"; else ok; fi

# --index DIR puts the cache in DIR/results; --no-cache keeps it off
"$dv" index -q -I inc --index ../idx . 2>/dev/null
"$dv" check $flags -q --index ../idx -o ../o/i.txt . 2>/dev/null
[ -n "$(ls ../idx/results 2>/dev/null)" ] && ok || no "--index did not use DIR/results"
rm -rf ../idx2; "$dv" index -q -I inc --index ../idx2 . 2>/dev/null
"$dv" check $flags -q --index ../idx2 --no-cache -o ../o/i2.txt . 2>/dev/null
[ -e ../idx2/results ] && no "--no-cache wrote a cache" || ok
same "--index with and without the cache" i.txt i2.txt

echo "result cache: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
