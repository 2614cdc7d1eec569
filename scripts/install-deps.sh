#!/usr/bin/env bash
# Installs everything salesdesk needs to build, run and test, from Debian's packages and
# npm only. Idempotent: a second run installs nothing and takes a second or two.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates tzdata
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev sqlite3 libpq-dev
  libhowardhinnant-date-dev libfmt-dev libspdlog-dev libcli11-dev libsodium-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-14-dev
  chromium
  fonts-noto-cjk
  poppler-utils poppler-data
)

missing=()
# The machine image ships Node.js 20 with its own npm; Debian's npm conflicts with it.
command -v npm >/dev/null 2>&1 || apt_packages+=(nodejs npm)
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Web UI toolchain (Vite, TypeScript, ECharts, Playwright driver) and the demo's city data.
if [ -f web/package.json ]; then
  if [ ! -d web/node_modules ] || [ web/package-lock.json -nt web/node_modules/.install-stamp ]; then
    (cd web && npm ci --no-audit --no-fund --loglevel=error && touch node_modules/.install-stamp)
  fi
fi
