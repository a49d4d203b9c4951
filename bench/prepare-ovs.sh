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
if [ ! -s compile_commands.json ] || [ ! -f include/odp-netlink.h ]; then
  # Generated headers first: `make lib/libopenvswitch.la` alone skips BUILT_SOURCES.
  built=$(printf 'include Makefile\nprint-built:\n\t@echo $(BUILT_SOURCES)\n' | make -s -f - print-built)
  make -k -j"$(nproc)" $built >make-built.log 2>&1 || echo "some generated sources failed (see $dest/make-built.log)"
  [ -f include/odp-netlink.h ] || { echo "include/odp-netlink.h was not generated" >&2; exit 1; }
  rm -f compile_commands.json
  bear -- make -k -j"$(nproc)" lib/libopenvswitch.la >make-lib.log 2>&1 || echo "some objects failed (see $dest/make-lib.log)"
fi
python3 - <<'PY'
import json
db = json.load(open("compile_commands.json"))
print(f"compile_commands.json: {len(db)} translation units")
PY
