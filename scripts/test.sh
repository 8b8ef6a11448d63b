#!/usr/bin/env bash
# Runs every test: type-check, offline build, then vitest (unit, fixture-server, browser, studio).
# Installs what the tests need when it is missing and we are root (Chromium for the browser tests, redis-server
# and PostgreSQL for Studio's multi-instance tests); otherwise says how.
set -uo pipefail
cd "$(dirname "$0")/.."

# Redis and PostgreSQL: without them the multi-instance tests are skipped (outside CI), so install them when we can.
if [ ! -x /usr/bin/redis-server ] || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "redis-server or PostgreSQL is missing: installing Debian's redis-server and postgresql with apt-get (for Studio's multi-instance tests)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server postgresql >/dev/null || {
      echo "ERROR: could not install redis-server and postgresql with apt-get. Install them yourself (apt-get install -y redis-server postgresql)."; exit 1; }
  else
    echo "NOTE: redis-server or PostgreSQL is missing, so Studio's multi-instance tests will be skipped."
    echo "      Install them as root with: apt-get update && apt-get install -y redis-server postgresql"
  fi
fi

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
