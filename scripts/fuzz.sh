#!/usr/bin/env bash
# Builds the libFuzzer targets under tests/fuzz/ with clang and runs each briefly.
# usage: scripts/fuzz.sh [SECONDS_PER_TARGET]   (default 20)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-20}
clang=/usr/lib/llvm-19/bin/clang
out="$top/build-fuzz"
mkdir -p "$out"
common=(-g -O1 -std=c11 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
        -D_POSIX_C_SOURCE=200809L -I"$top/include" -I"$top/src" -I/usr/include/cjson
        "$top/src/util/strbuf.c" "$top/src/util/xalloc.c" "$top/src/model/error.c")
"$clang" "${common[@]}" "$top/tests/fuzz/fuzz_diff.c" "$top/src/diff/diff.c" -o "$out/fuzz_diff"
"$clang" "${common[@]}" -DDV_FUZZ_RULES_DIR="\"$top/rules\"" "$top/tests/fuzz/fuzz_config.c" \
  "$top"/src/rules/*.c -lcjson -o "$out/fuzz_config"
# the suppression parser and pass; the secrets scanner and masking (engine/sink.c needs libclang)
model=("$top"/src/model/findings.c "$top"/src/model/notify.c "$top"/src/model/coverage.c
       "$top"/src/model/paths.c)
"$clang" "${common[@]}" -DDV_FUZZ_RULES_DIR="\"$top/rules\"" -I/usr/lib/llvm-19/include \
  "$top/tests/fuzz/fuzz_suppress.c" "$top/src/session/suppress.c" "${model[@]}" \
  "$top"/src/rules/*.c -lcjson -o "$out/fuzz_suppress"
"$clang" "${common[@]}" -DDV_FUZZ_RULES_DIR="\"$top/rules\"" -I/usr/lib/llvm-19/include \
  -DPCRE2_CODE_UNIT_WIDTH=8 "$top/tests/fuzz/fuzz_secrets.c" \
  "$top"/src/checkers/secrets_{load,match,scan,mask,entropy}.c \
  "$top/src/engine/sink.c" "$top/src/front/ast.c" "$top/src/front/fnptr.c" "${model[@]}" "$top"/src/rules/*.c \
  -L/usr/lib/llvm-19/lib -lclang -lpcre2-8 -lcjson -o "$out/fuzz_secrets"
for t in fuzz_diff fuzz_config fuzz_suppress fuzz_secrets; do
  mkdir -p "$out/corpus-$t"
  case $t in
    fuzz_diff) cp "$top"/testdata/demo/change.diff "$out/corpus-$t/" ;;
    fuzz_config) find "$top/testdata" -name .diffvet.json -exec cp {} "$out/corpus-$t/" \; || true
                 printf '{"disable":[],"levels":{},"ignore_paths":["a/**"]}' >"$out/corpus-$t/seed.json"
                 printf '{"rule_files":["rules.json"],"levels":{"injection/own":"error"}}' >"$out/corpus-$t/seed2.json" ;;
    fuzz_suppress) printf 'system(x); // diffvet-ignore[injection/command, secrets/*]: fixed */\n// diffvet-ignore[injection]\n' \
                     >"$out/corpus-$t/seed.c" ;;
    fuzz_secrets) find "$top/testdata/secrets" -type f -size -64k -exec cp {} "$out/corpus-$t/" \; || true ;;
  esac
  echo "== $t: ${secs}s"
  (cd "$out" && "./$t" -max_total_time="$secs" -max_len=65536 -print_final_stats=1 \
     "corpus-$t" 2>&1 | tail -n 4)
done
# front end + engine, fingerprints, reporters (their own source lists: the
# first two need most of the library, so `common`'s files are not reused)
flags=(-g -O1 -std=c11 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
       -D_POSIX_C_SOURCE=200809L -I"$top/include" -I"$top/src" -I/usr/include/cjson
       -I/usr/lib/llvm-19/include -DPCRE2_CODE_UNIT_WIDTH=8 -DDV_FUZZ_RULES_DIR="\"$top/rules\"")
lib=$(find "$top/src" -name '*.c' ! -path "$top/src/cli/*" | sort)
"$clang" "${flags[@]}" "$top/tests/fuzz/fuzz_front.c" $lib -L/usr/lib/llvm-19/lib -lclang \
  -Wl,-rpath,/usr/lib/llvm-19/lib -lpcre2-8 -lcjson -lpthread -o "$out/fuzz_front"
"$clang" "${flags[@]}" "$top/tests/fuzz/fuzz_fingerprint.c" "$top/src/model/findings.c" \
  "$top/src/util/strbuf.c" "$top/src/util/xalloc.c" -o "$out/fuzz_fingerprint"
"$clang" "${flags[@]}" "$top/tests/fuzz/fuzz_report.c" "$top"/src/report/*.c "$top"/src/gate/*.c "$top"/src/model/*.c \
  "$top"/src/rules/*.c "$top/src/util/strbuf.c" "$top/src/util/xalloc.c" -lpcre2-8 -lcjson \
  -o "$out/fuzz_report"
for t in fuzz_front fuzz_fingerprint fuzz_report; do
  mkdir -p "$out/corpus-$t"
  case $t in
    fuzz_front) find "$top/testdata" -name '*.c' -size -8k -exec cp {} "$out/corpus-$t/" \;
                cp "$top"/tests/fuzz/regress/front-* "$out/corpus-$t/" 2>/dev/null || true ;;
    fuzz_fingerprint) printf '\003\001secrets/hardcoded-token\000a.c\000b/c.c\000main\000  x =\t1;\000y\000m\000k' \
                        >"$out/corpus-$t/seed" ;;
    fuzz_report) printf '\005\377injection/x\000msg "q" <b>\000src/a.c\000b.c\000step\000 line\000fn\000why' \
                   >"$out/corpus-$t/seed" ;;
  esac
  echo "== $t: ${secs}s"
  (cd "$out" && "./$t" -max_total_time="$secs" -max_len=16384 -timeout=30 -rss_limit_mb=4096 \
     -print_final_stats=1 "corpus-$t" 2>&1 | tail -n 4)
done
