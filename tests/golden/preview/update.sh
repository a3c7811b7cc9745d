#!/bin/sh
# Rewrites the --boxes reference used by tests/e2e/test_preview.py after an intended change to the
# layout or the overlay. Usage: tests/golden/preview/update.sh BUILD/src/rapport (from the repo root).
set -eu
rapport=${1:?usage: tests/golden/preview/update.sh PATH/TO/rapport}
here=$(dirname "$0")
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
RAPPORT_DATA_DIR=${RAPPORT_DATA_DIR:-$(cd "$here/../../.." && pwd)} SOURCE_DATE_EPOCH=1637625600 \
  "$rapport" preview samples/hello/report.xml --boxes --pages 3 --dpi 60 -o "$out"
cp "$out/page-3.png" "$here/hello-p3-boxes-60dpi.png"
echo "wrote $here/hello-p3-boxes-60dpi.png"
