#!/usr/bin/env bash
# Installs diffvet's build and test dependencies from Debian 12 packages.
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
packages=(build-essential cmake pkg-config git libclang-19-dev clang-19 llvm-19-dev libclang-rt-19-dev
          libpcre2-dev libcjson-dev libcmocka-dev chromium neovim python3 python3-yaml)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# libclang-rt-19-dev (only recommended by clang-19) has the libFuzzer runtime the
# fuzz targets link; the SARIF validator test needs npm (Node.js); the HTML
# report test renders the page in headless Chromium; the docs test
# (ctest cli/docs) checks the CI recipes with python3-yaml.
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing: ${missing[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
