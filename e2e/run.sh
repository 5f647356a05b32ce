#!/bin/sh
# End-to-end browser test of `jirga serve`: builds the binaries, generates a synthetic
# store, starts the server on 127.0.0.1, drives Debian's chromium with Playwright
# (ui.test.mjs), then runs `jirga demo` (which ends by serving its store of the bundled
# articles and printing the address) and checks that UI too (demo.test.mjs). Screenshots
# and the first-render timings (metrics.json) go to e2e/screenshots/.
#
# Installs what it needs on a fresh Debian machine (chromium and, when missing, node and
# npm through apt-get; playwright-core through `npm ci` from package-lock.json). When that
# is impossible (no network, no root, no apt-get) it prints "e2e: SKIPPED: why" and exits
# 0, unless E2E_REQUIRED=1, when it exits 1. Exits non-zero when the test fails.
#
# Environment: CARGO_TARGET_DIR (where the binaries are built), JIRGA_BIN (a built jirga
# binary: skips building it), E2E_SERVER=bench (serve through jirga-serve-bench instead
# of the full CLI), CHROMIUM (browser binary, default /usr/bin/chromium).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
cd "$repo"

skip() {
  echo "e2e: SKIPPED: $*"
  if [ "${E2E_REQUIRED:-0}" = 1 ]; then exit 1; fi
  exit 0
}

apt_install() { # packages...
  command -v apt-get >/dev/null 2>&1 || return 1
  [ "$(id -u)" = 0 ] || return 1
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq "$@" >/dev/null 2>&1 && return 0
  apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq "$@" >/dev/null 2>&1
}

chromium=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
  echo "e2e: installing chromium"
  apt_install chromium || skip "chromium is not installed and apt-get could not install it (no root or no network)"
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "e2e: installing node and npm"
  apt_install nodejs npm || skip "node/npm are not installed and apt-get could not install them"
fi
if [ ! -d "$here/node_modules/playwright-core" ]; then
  echo "e2e: npm ci (playwright-core; no browser download: the system chromium is used)"
  (cd "$here" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent) \
    || skip "npm ci failed (no network or no npm registry?)"
fi

target=${CARGO_TARGET_DIR:-$repo/target}
if [ "${E2E_SERVER:-jirga}" = bench ]; then
  cargo build -q -p jirga-serve --bin jirga-serve-bench
elif [ -z "${JIRGA_BIN:-}" ]; then
  cargo build -q -p jirga -p jirga-serve --bin jirga --bin jirga-serve-bench
  JIRGA_BIN=$target/debug/jirga
fi
bench=${JIRGA_SERVE_BENCH:-$target/debug/jirga-serve-bench}

work=$(mktemp -d)
pid=
cleanup() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi; rm -rf "$work"; }
trap cleanup EXIT INT TERM
"$bench" --generate-only --events 20000 --db "$work/e2e.db"

port=$(( 20000 + $$ % 20000 ))
if [ "${E2E_SERVER:-jirga}" = bench ]; then
  # Same server through the serve crate's own binary (no full CLI build needed).
  "$bench" --db "$work/e2e.db" --serve "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
else
  "$JIRGA_BIN" serve --db "$work/e2e.db" --addr "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
fi
pid=$!
i=0
health="fetch('http://127.0.0.1:$port/api/health').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
until node -e "$health" >/dev/null 2>&1; do
  i=$((i + 1))
  if [ $i -gt 300 ] || ! kill -0 "$pid" 2>/dev/null; then
    echo "e2e: server did not start:"; cat "$work/serve.log"; exit 1
  fi
  sleep 0.1
done
# A binary built where npm was missing embeds stand-ins for Chart.js and Cytoscape.js.
standin="fetch('http://127.0.0.1:$port/ui/vendor/chart.umd.min.js').then(r => r.text()).then(t => process.exit(t.includes('was not available when jirga was built') ? 1 : 0), () => process.exit(1))"
if ! node -e "$standin"; then
  echo "e2e: FAILED: the server was built without the UI's chart and graph libraries (npm was missing or offline at build time); install npm, run crates/serve/ui/vendor.sh or rebuild"
  exit 1
fi
CHROMIUM=$chromium JIRGA_URL="http://127.0.0.1:$port/" node "$here/ui.test.mjs"
kill "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
pid=

if [ "${E2E_SERVER:-jirga}" != bench ]; then
  # `jirga demo` builds its store, then serves it and prints the address.
  port=$((port + 1))
  "$JIRGA_BIN" demo --db "$work/demo.db" --addr "127.0.0.1:$port" >"$work/demo.log" 2>&1 &
  pid=$!
  i=0
  until grep -q "Web UI on the demo store: http://127.0.0.1:$port/" "$work/demo.log"; do
    i=$((i + 1))
    if [ $i -gt 1200 ] || ! kill -0 "$pid" 2>/dev/null; then
      echo "e2e: jirga demo did not print its address:"; cat "$work/demo.log"; exit 1
    fi
    sleep 0.1
  done
  echo "e2e: $(grep 'Web UI on the demo store' "$work/demo.log")"
  CHROMIUM=$chromium JIRGA_URL="http://127.0.0.1:$port/" node "$here/demo.test.mjs"
fi
echo "e2e: passed; screenshots in $here/screenshots/"
