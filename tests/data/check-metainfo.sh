#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Validates the built AppStream metainfo (offline) and that it agrees with the
# desktop entry and the icons it refers to.
# It describes every procedure of the registry and links where About does.
#   check-metainfo.sh METAINFO DESKTOP SOURCE_ROOT VERSION WEBSITE ISSUES
set -eu
metainfo=$1
desktop=$2
root=$3
version=$4
website=$5
issues=$6
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

# Every procedure of the registry (one VNT_PROCEDURE line each) is described
# by its name, as the start window shows it: a new procedure adds itself.
list="$root/src/ui/procedures/vnt-procedure-list.h"
folders=$(sed -n 's/^VNT_PROCEDURE ([a-z_0-9]*, "\([^"]*\)")$/\1/p' "$list")
[ -n "$folders" ] || { echo "no VNT_PROCEDURE line in $list"; status=1; }
for folder in $folders; do
  name=$(cat "$root/src/ui/procedures/$folder"/*.c \
         | sed -n 's/^ *\.name = N_("\(.*\)"),$/\1/p' | head -n 1)
  if [ -z "$name" ]; then
    echo "no .name = N_(\"…\") in src/ui/procedures/$folder"
    status=1
  elif ! grep -qF "<li>$name:" "$metainfo"; then
    echo "the metainfo does not describe the procedure “$name” ($folder): add <li>$name: …</li>"
    status=1
  fi
done

# The links of the About window are the metainfo's.
for kind in homepage bugtracker; do
  url=$(sed -n "s|.*<url type=\"$kind\">\(.*\)</url>.*|\1|p" "$metainfo")
  expected=$([ $kind = homepage ] && echo "$website" || echo "$issues")
  [ "$url" = "$expected" ] || { echo "<url type=\"$kind\"> is '$url', the app's is '$expected'"; status=1; }
done

# Branding colours for software centres, light and dark.
for scheme in light dark; do
  grep -qE "<color type=\"primary\" scheme_preference=\"$scheme\">#[0-9a-fA-F]{6}</color>" "$metainfo" \
    || { echo "no primary branding colour for the $scheme style"; status=1; }
done
exit $status
