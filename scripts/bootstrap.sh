#!/usr/bin/env bash
# Installs what `npm run demo`, `npm test` and `npm run bench` need and is missing:
# npm packages (npm ci when node_modules is absent), and redis-server and chromium from
# Debian's packages when running as root on Debian. Anywhere else it names what to install
# and exits non-zero. `--npm-only` checks npm packages only (for typecheck). `--bench` also wants
# the baselines the benchmarks measure against: `pdftotext` (poppler-utils) and `tesseract`
# (tesseract-ocr with its English model, tesseract-ocr-eng).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "[bootstrap] $*" >&2; }

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  say "Node.js 20 or newer is required (found: $(node --version 2>/dev/null || echo none)). Install Node 20 and run again."
  exit 1
fi

if [ ! -d node_modules ] || [ ! -x node_modules/.bin/tsx ] || [ ! -x node_modules/.bin/vitest ]; then
  say "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund >&2
fi

[ "${1:-}" = "--npm-only" ] && exit 0

missing=()
[ -n "${REDIS_URL:-}" ] || command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
chromium_path="${RPA_BROWSER__EXECUTABLE_PATH:-/usr/bin/chromium}"
[ -x "$chromium_path" ] || missing+=(chromium)
if [ "${1:-}" = "--bench" ]; then
  command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
  command -v tesseract >/dev/null 2>&1 || missing+=(tesseract-ocr tesseract-ocr-eng)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = "0" ] && [ -r /etc/debian_version ] && command -v apt-get >/dev/null 2>&1; then
  say "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq "${missing[@]}" >&2
  # The package starts a system-wide redis-server; the project runs its own private one.
  if [[ " ${missing[*]} " == *" redis-server "* ]] && command -v systemctl >/dev/null 2>&1; then
    systemctl disable --now redis-server >/dev/null 2>&1 || true
  fi
  exit 0
fi

say "missing: ${missing[*]}"
say "This project needs Debian's packages: ${missing[*]}."
say "Install them as root, e.g.:  sudo apt-get install -y ${missing[*]}"
say "(or set REDIS_URL to a running Redis and RPA_BROWSER__EXECUTABLE_PATH to a Chromium binary)"
exit 1
