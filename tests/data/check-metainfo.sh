#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Validates the built AppStream metainfo (offline) and that it agrees with the
# desktop entry and the icons it refers to.
#   check-metainfo.sh METAINFO DESKTOP SOURCE_ROOT VERSION
set -eu
metainfo=$1
desktop=$2
root=$3
version=$4
status=0
unset G_DEBUG

if command -v appstreamcli >/dev/null 2>&1; then
  appstreamcli validate --no-net --no-color "$metainfo" || status=1
  checked=yes
fi
if command -v appstream-util >/dev/null 2>&1; then
  appstream-util validate-relax --nonet "$metainfo" || status=1
  checked=yes
fi
if [ -z "${checked:-}" ]; then
  echo "neither appstreamcli nor appstream-util is installed" >&2
  exit 77
fi

id=$(sed -n 's|.*<id>\(.*\)</id>.*|\1|p' "$metainfo" | head -n 1)
launchable=$(sed -n 's|.*<launchable type="desktop-id">\(.*\)</launchable>.*|\1|p' "$metainfo")
if [ "$launchable" != "$(basename "$desktop")" ]; then
  echo "launchable '$launchable' is not the desktop file $(basename "$desktop")"
  status=1
fi
icon=$(sed -n 's/^Icon=//p' "$desktop")
if [ "$icon" != "$id" ]; then
  echo "desktop Icon=$icon differs from the component id $id"
  status=1
fi
for f in "data/icons/hicolor/scalable/apps/$id.svg" "data/icons/hicolor/symbolic/apps/$id-symbolic.svg"; do
  [ -f "$root/$f" ] || { echo "missing icon $f"; status=1; }
done
grep -q '<project_license>GPL-3.0-or-later</project_license>' "$metainfo" \
  || { echo "project_license is not GPL-3.0-or-later"; status=1; }
grep -q "<release version=\"$version\"" "$metainfo" \
  || { echo "no <release> for version $version"; status=1; }
grep -q 'xml:lang="es"' "$metainfo" \
  || { echo "the metainfo carries no Spanish translation"; status=1; }
exit $status
