#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The Flatpak manifest parses and flatpak-builder reads it without warnings
# (unknown properties, source types). No runtime is needed for that. Runs in
# a temporary folder so that no .flatpak-builder/ is left in the tree.
#   check-flatpak.sh MANIFEST APP_ID
set -eu
manifest=$1
app_id=$2
unset G_DEBUG
command -v jq >/dev/null 2>&1 || { echo "jq is not installed"; exit 77; }

jq empty "$manifest"
status=0
[ "$(jq -r .id "$manifest")" = "$app_id" ] || { echo "id is not $app_id"; status=1; }
[ "$(jq -r .command "$manifest")" = ventanilla ] || { echo "command is not ventanilla"; status=1; }
if jq -e '."finish-args"[] | select(test("^--filesystem=(home|host)"))' "$manifest" >/dev/null; then
  echo "finish-args open the home folder: files come through portals"
  status=1
fi

if ! command -v flatpak-builder >/dev/null 2>&1; then
  echo "flatpak-builder is not installed: only the JSON was checked"
  exit $status
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$manifest" "$tmp/"
cd "$tmp"
if ! flatpak-builder --show-manifest "$(basename "$manifest")" >out.txt 2>err.txt; then
  cat err.txt
  exit 1
fi
if grep -i 'warning' out.txt err.txt; then
  status=1
fi
exit $status
