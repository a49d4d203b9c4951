#!/usr/bin/env bash
# Prepares Open vSwitch 3.1 (Debian's openvswitch-source) with a
# compile_commands.json for lib/libopenvswitch.la, under $1 (default
# /tmp/dv-bench/ovs).  Repeatable: skips steps already done.
set -euo pipefail
dest=${1:-/tmp/dv-bench/ovs}
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
need=()
for p in openvswitch-source bear autoconf automake libtool python3 libssl-dev libcap-ng-dev libunbound-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${need[@]}"
fi
mkdir -p "$dest"
if [ ! -f "$dest/configure.ac" ]; then
  tarball=$(ls /usr/src/openvswitch/openvswitch.tar.* 2>/dev/null | head -n1 || true)
  tar -xf "$tarball" -C "$dest" --strip-components=1
fi
cd "$dest"
[ -x configure ] || ./boot.sh
[ -f Makefile ] || ./configure --enable-silent-rules >/dev/null
if [ ! -s compile_commands.json ]; then
  # generated headers first (make of a single target skips BUILT_SOURCES)
  make -k -j"$(nproc)" $(make -s -f - <<<"include Makefile
print-built: ; @echo \$(BUILT_SOURCES)" print-built 2>/dev/null) >/dev/null 2>&1 || true
  bear -- make -k -j"$(nproc)" lib/libopenvswitch.la >/dev/null 2>&1 || true
fi
python3 - <<'PY'
import json
db = json.load(open("compile_commands.json"))
print(f"compile_commands.json: {len(db)} translation units")
PY
