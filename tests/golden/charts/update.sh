#!/bin/sh
# Regenerates the chart reference PNGs (tests/golden/charts/page-N.png) from samples/charts after
# an intended change. Usage, from the repository root: tests/golden/charts/update.sh [build/src/rapport]
set -eu
rapport=${1:-build/src/rapport}
here=$(dirname "$0")
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# The same environment as the e2e test (tests/e2e/CMakeLists.txt).
SOURCE_DATE_EPOCH=1637625600 RAPPORT_DATA_DIR=$(pwd) "$rapport" render samples/charts/report.xml -o "$out/charts.pdf"
rm -f "$here"/page-*.png
pdftoppm -r 50 -png "$out/charts.pdf" "$here/page"
ls -l "$here"/page-*.png
