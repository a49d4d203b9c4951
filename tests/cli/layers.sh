#!/usr/bin/env bash
# The rule of the layers: a folder of src/ includes only folders of a lower
# layer (or its own, or the public include/diffvet/).  The CLI and the LSP
# server use only include/diffvet/.  Also: no file under src/ above 800 lines.
# usage: tests/cli/layers.sh SOURCE_DIR
set -uo pipefail
src="$1/src"
# layer of each folder (lower number = lower layer)
declare -A layer=([util]=0 [model]=1 [diff]=2 [rules]=2 [front]=2 [engine]=3 [checkers]=4 [index]=6
                  [gate]=5 [report]=6 [session]=7 [cli]=8 [lsp]=8)
fail=0
for f in $(find "$src" -name '*.[ch]' | sort); do
  dir=$(echo "${f#$src/}" | cut -d/ -f1)
  if [ -z "${layer[$dir]+x}" ]; then echo "FAIL $f: folder '$dir' has no layer (add it to tests/cli/layers.sh and docs/architecture.md)"; fail=1; continue; fi
  for t in $(grep -o '^#include "[a-z_]*/' "$f" | sed 's/#include "//; s#/##' | sort -u); do
    [ "$t" = "$dir" ] || [ "$t" = "diffvet" ] && continue
    if [ "$dir" = cli ] || [ "$dir" = lsp ]; then
      echo "FAIL $f: the $dir client includes src/$t/ (use include/diffvet/ only)"; fail=1; continue
    fi
    if [ -z "${layer[$t]+x}" ] || [ "${layer[$t]}" -ge "${layer[$dir]}" ]; then
      echo "FAIL $f: $dir (layer ${layer[$dir]}) includes $t (layer ${layer[$t]:-?})"; fail=1
    fi
  done
  n=$(wc -l <"$f")
  if [ "$n" -gt 800 ]; then echo "FAIL $f: $n lines (split it along its seams; at most 800)"; fail=1; fi
done
[ "$fail" -eq 0 ] && echo "layers: every include points down; no file above 800 lines"
exit "$fail"
