#!/usr/bin/env bash
# Installs the dependencies, builds diffvet and runs it on the bundled example change.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
bash "$top/scripts/install-deps.sh"
cmake -S "$top" -B "$top/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$top/build" -j"$(nproc)" --target diffvet
cd "$top/testdata/demo"
echo "\$ diffvet diff --patch change.diff   (in testdata/demo)"
status=0
"$top/build/diffvet" diff --patch change.diff || status=$?
echo "(exit status $status: 1 means findings at or above --fail-on error)"
[ "$status" -le 1 ]
