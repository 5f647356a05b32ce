#!/bin/sh
# Re-vendors the front-end libraries embedded in the jirga-serve binary.
# Copies the minified distribution files (and their licences) from the npm registry
# packages into crates/serve/ui/vendor/. Run from anywhere; needs npm.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm init -y >/dev/null
npm install --no-audit --no-fund chart.js@4.4.7 cytoscape@3.30.4 >/dev/null
cp node_modules/chart.js/dist/chart.umd.js "$here/vendor/chart.umd.min.js"
cp node_modules/chart.js/LICENSE.md "$here/vendor/chart.js.LICENSE.md"
cp node_modules/cytoscape/dist/cytoscape.min.js "$here/vendor/cytoscape.min.js"
cp node_modules/cytoscape/LICENSE "$here/vendor/cytoscape.LICENSE"
echo "vendored into $here/vendor:"
ls -l "$here/vendor"
