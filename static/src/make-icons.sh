#!/bin/sh
# Regenerates the raster icons from static/images/favicon.svg (run by hand
# after changing the SVG; the PNG/ICO outputs are committed):
#   static/images/apple-touch-icon.png  180x180, square (iOS rounds it)
#   static/images/favicon.ico           48x48 PNG inside an ICO container
# Needs Debian's chromium and python3; no npm packages.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
images="$here/../images"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

render() { # size square(0|1) out.png
  svg=$(sed 's/ rx="7"//' "$images/favicon.svg")
  [ "$2" = 1 ] || svg=$(cat "$images/favicon.svg")
  printf '<!doctype html><html><body style="margin:0">%s</body></html>' \
    "$(printf '%s' "$svg" | sed "s/width=\"32\" height=\"32\"/width=\"$1\" height=\"$1\" style=\"display:block\"/")" \
    > "$tmp/icon.html"
  chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --disable-quic \
    --hide-scrollbars --default-background-color=00000000 \
    --screenshot="$3" --window-size="$1,$1" "file://$tmp/icon.html" >/dev/null 2>&1
}

render 180 1 "$images/apple-touch-icon.png"
render 48 0 "$tmp/favicon-48.png"

python3 - "$tmp/favicon-48.png" "$images/favicon.ico" <<'PY'
import struct, sys
png = open(sys.argv[1], "rb").read()
header = struct.pack("<HHH", 0, 1, 1)
entry = struct.pack("<BBBBHHII", 48, 48, 0, 0, 1, 32, len(png), 6 + 16)
open(sys.argv[2], "wb").write(header + entry + png)
PY
echo "wrote apple-touch-icon.png and favicon.ico in $images"
