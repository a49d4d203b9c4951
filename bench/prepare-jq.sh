#!/usr/bin/env bash
# Prepares jq's sources (a project of another style than OVS: a flex
# scanner and a bison parser, both generated, checked in as src/lexer.c
# and src/parser.c) under $1 (default /tmp/dv-bench/jq), with a
# compile_commands.json naming every src/*.c that clang parses without an
# error with these flags (jq's config.h is not generated: no configure).
# The sources come from a git repository: $JQ_GIT (a local clone or
# mirror) or https://github.com/jqlang/jq, at $JQ_REV (default the commit
# the figures in bench/README.md were taken at).  Repeatable.
set -euo pipefail
dest=${1:-/tmp/dv-bench/jq}
rev=${JQ_REV:-579e6f76}
clang=${CLANG:-/usr/lib/llvm-19/bin/clang}
mkdir -p "$dest"
if [ ! -f "$dest/src/lexer.c" ]; then
  git_dir=${JQ_GIT:-}
  if [ -z "$git_dir" ]; then
    git_dir="$dest.git"
    [ -d "$git_dir" ] || git clone -q --bare https://github.com/jqlang/jq "$git_dir"
  fi
  git --git-dir="$git_dir" archive "$rev" src | tar -x -C "$dest"
fi
cd "$dest"
python3 - "$clang" <<'PY'
import glob, json, os, subprocess, sys
clang = sys.argv[1]
flags = ["-Isrc", "-D_GNU_SOURCE"]
db = []
for f in sorted(glob.glob("src/*.c")):
    r = subprocess.run([clang, "-fsyntax-only", "-w"] + flags + [f],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if "error:" in r.stderr:
        continue
    db.append({"directory": os.getcwd(), "file": f,
               "arguments": ["cc"] + flags + ["-c", f, "-o", f[:-2] + ".o"]})
json.dump(db, open("compile_commands.json", "w"), indent=1)
print(f"compile_commands.json: {len(db)} translation units")
PY
