#!/bin/sh
# Re-vendors the front-end libraries embedded in the jirga-serve binary.
# Copies the minified distribution files (and their licences) from the npm registry
# packages into DEST (default crates/serve/ui/vendor/, which git ignores); the build script
# runs it with DEST in its OUT_DIR. Run from anywhere; needs npm.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dest=${1:-$here/vendor}
mkdir -p "$dest"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm init -y >/dev/null
npm install --no-audit --no-fund chart.js@4.4.7 cytoscape@3.30.4 >/dev/null
cp node_modules/chart.js/dist/chart.umd.js "$dest/chart.umd.min.js"
cp node_modules/chart.js/LICENSE.md "$dest/chart.js.LICENSE.md"
cp node_modules/cytoscape/dist/cytoscape.min.js "$dest/cytoscape.min.js"
cp node_modules/cytoscape/LICENSE "$dest/cytoscape.LICENSE"
echo "vendored into $dest:"
ls -l "$dest"
