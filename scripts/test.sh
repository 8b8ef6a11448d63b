#!/usr/bin/env bash
# Runs every test: type-check, offline build, then vitest (unit, fixture-server, browser, studio).
# Installs Chromium when it is missing and we are root; otherwise says how.
set -uo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ] && [ -z "${CHROMIUM_PATH:-}" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "Chromium is missing: installing Debian's chromium with apt-get (needed for the browser tests)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null || {
      echo "ERROR: could not install chromium with apt-get. Install it yourself (apt-get install -y chromium) or set CHROMIUM_PATH."; exit 1; }
  else
    echo "ERROR: Chromium not found at /usr/bin/chromium. The browser tests need it."
    echo "       Install it as root with: apt-get update && apt-get install -y chromium"
    echo "       or point CHROMIUM_PATH at a Chromium binary."
    exit 1
  fi
fi

[ -d node_modules ] || npm ci

export TZ=Europe/Amsterdam OBSERVABLE_TELEMETRY_DISABLE=true
npx tsc --noEmit || { echo "type-check failed"; exit 1; }
npx vitest run "$@"
