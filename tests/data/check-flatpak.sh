#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The Flatpak manifest parses and flatpak-builder reads it without warnings
# (unknown properties, source types). No runtime is needed for that. Runs in
# a temporary folder so that no .flatpak-builder/ is left in the tree.
# It names a supported GNOME runtime and builds this version's release.
#   check-flatpak.sh MANIFEST APP_ID VERSION
set -eu
manifest=$1
app_id=$2
version=$3
unset G_DEBUG
command -v jq >/dev/null 2>&1 || { echo "jq is not installed"; exit 77; }

jq empty "$manifest"
status=0
[ "$(jq -r .id "$manifest")" = "$app_id" ] || { echo "id is not $app_id"; status=1; }
[ "$(jq -r .command "$manifest")" = ventanilla ] || { echo "command is not ventanilla"; status=1; }

# A supported GNOME runtime: GNOME keeps the last two releases; 49 came out in
# September 2025. Raise this when a runtime reaches its end of life.
min_gnome=49
check_runtime () {
  runtime=$(jq -r .runtime "$1")
  sdk=$(jq -r .sdk "$1")
  runtime_version=$(jq -r '."runtime-version"' "$1")
  [ "$runtime" = org.gnome.Platform ] && [ "$sdk" = org.gnome.Sdk ] \
    || { echo "runtime is $runtime/$sdk, not org.gnome.Platform/org.gnome.Sdk"; return 1; }
  case "$runtime_version" in
    ''|*[!0-9]*) echo "runtime-version '$runtime_version' is not a GNOME release number"; return 1;;
  esac
  [ "$runtime_version" -ge $min_gnome ] \
    || { echo "org.gnome.Platform $runtime_version is past its end of life: use $min_gnome or later"; return 1; }
}
check_runtime "$manifest" || status=1
# The check itself refuses an end-of-life runtime.
eol=$(mktemp)
jq '."runtime-version" = "47"' "$manifest" >"$eol"
if check_runtime "$eol" >/dev/null; then
  echo "the runtime check accepted org.gnome.Platform 47"
  status=1
fi
rm -f "$eol"

# The app is built from a released source (git tag or archive), never from
# whatever lies in the builder's folder.
types=$(jq -r '.modules[] | select(type == "object" and .name == "ventanilla") | .sources[].type' "$manifest")
[ -n "$types" ] || { echo "no ventanilla module"; status=1; }
for t in $types; do
  case "$t" in
    git|archive) ;;
    *) echo "the ventanilla module has a '$t' source: use git (with a tag or commit) or archive"; status=1;;
  esac
done
if jq -e '.modules[] | select(type == "object" and .name == "ventanilla") | .sources[]
          | select(.type == "git" and .tag == null and .commit == null)' "$manifest" >/dev/null; then
  echo "the git source names no tag or commit"
  status=1
fi
tag=$(jq -r '.modules[] | select(type == "object" and .name == "ventanilla") | .sources[] | select(.type == "git") | .tag // empty' "$manifest")
if [ -n "$tag" ] && [ "$tag" != "$version" ]; then
  echo "the git source builds tag $tag, not this version, $version"
  status=1
fi

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
