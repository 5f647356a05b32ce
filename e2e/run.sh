#!/bin/sh
# End-to-end browser test of `jirga serve`: builds the binaries, generates a small
# synthetic store, starts the server on 127.0.0.1, drives Debian's chromium with
# Playwright (ui.test.mjs) and saves screenshots to e2e/screenshots/.
# Exits non-zero on failure. Needs root (or chromium already installed) and npm.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
cd "$repo"

if [ ! -x /usr/bin/chromium ]; then
  apt-get install -y chromium >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y chromium >/dev/null; }
fi
(cd "$here" && npm install --no-audit --no-fund --silent)

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
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT INT TERM
"$bench" --generate-only --events 3000 --db "$work/e2e.db"

port=$(( 20000 + $$ % 20000 ))
if [ "${E2E_SERVER:-jirga}" = bench ]; then
  # Same server through the serve crate's own binary (no full CLI build needed).
  "$bench" --db "$work/e2e.db" --serve "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
else
  "$JIRGA_BIN" serve --db "$work/e2e.db" --addr "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
fi
pid=$!
i=0
until curl -sf "http://127.0.0.1:$port/api/health" >/dev/null; do
  i=$((i + 1))
  if [ $i -gt 100 ] || ! kill -0 "$pid" 2>/dev/null; then
    echo "server did not start:"; cat "$work/serve.log"; exit 1
  fi
  sleep 0.1
done
JIRGA_URL="http://127.0.0.1:$port/" node "$here/ui.test.mjs"
echo "screenshots in $here/screenshots/"
