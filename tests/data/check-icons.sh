#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The app icon (128x128 canvas) and the symbolic icon (16x16, one colour)
# exist and are well-formed SVG.
#   check-icons.sh SOURCE_ROOT APP_ID
set -eu
root=$1
app_id=$2
icon=$root/data/icons/hicolor/scalable/apps/$app_id.svg
symbolic=$root/data/icons/hicolor/symbolic/apps/$app_id-symbolic.svg
status=0

well_formed ()
{
  if command -v xmllint >/dev/null 2>&1; then
    xmllint --noout "$1"
  else
    grep -q '<svg' "$1" && grep -q '</svg>' "$1"
  fi
}

for f in "$icon" "$symbolic"; do
  if [ ! -f "$f" ]; then
    echo "missing $f"
    status=1
    continue
  fi
  well_formed "$f" || { echo "not well-formed: $f"; status=1; }
done
[ $status -eq 0 ] || exit $status

grep -q 'viewBox="0 0 128 128"' "$icon" || { echo "the app icon is not on a 128x128 canvas"; status=1; }
grep -q 'viewBox="0 0 16 16"' "$symbolic" || { echo "the symbolic icon is not on a 16x16 canvas"; status=1; }
# A real icon, not a placeholder: several shapes and colours.
shapes=$(grep -oE '<(path|rect|circle|ellipse|polygon|use)[ >]' "$icon" | wc -l)
colours=$(grep -oiE '#[0-9a-f]{6}' "$icon" | sort -u | wc -l)
[ "$shapes" -ge 8 ] || { echo "the app icon has only $shapes shapes"; status=1; }
[ "$colours" -ge 4 ] || { echo "the app icon has only $colours colours"; status=1; }
# Symbolic icons are recoloured by the theme: one colour, no gradients or text.
other=$(grep -oiE '#[0-9a-f]{3,6}' "$symbolic" | grep -vi '^#2e3436$' | sort -u | tr '\n' ' ' || true)
[ -z "$other" ] || { echo "the symbolic icon uses colours other than #2e3436: $other"; status=1; }
if grep -qE '<(linearGradient|radialGradient|text|image)' "$symbolic"; then
  echo "the symbolic icon has gradients, text or images"
  status=1
fi
exit $status
