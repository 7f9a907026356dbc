#!/bin/sh
# Makes the screenshots in docs/ from the sample company's October 2026 report, with the
# headless Chromium of the browser tests: screenshot.png (desktop, in the README),
# screenshot-phone.png and screenshot-phone-charts.png (390 px wide).
# Needs Chromium (or BATON_CHROMIUM) and Node.js; installs tests/browser's npm packages if missing.
# Usage: docs/screenshots.sh   (from anywhere in the repository)
set -eu
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cargo run --quiet -- build --input sample-data --out "$tmp/out" --today 2026-11-23 --quiet
if [ ! -d tests/browser/node_modules ]; then
  (cd tests/browser && npm ci --no-audit --no-fund --ignore-scripts)
fi
(cd tests/browser && node screenshots.mjs "$tmp/out/2026-10/index.html" "$root/docs")
