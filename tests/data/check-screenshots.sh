#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Every screenshot the metainfo points at (…/raw/main/PATH) is a PNG in the
# tree. Skipped while docs/screenshots holds no PNG yet.
#   check-screenshots.sh METAINFO SOURCE_ROOT
set -eu
metainfo=$1
root=$2
if ! ls "$root"/docs/screenshots/*.png >/dev/null 2>&1; then
  echo "no screenshots in docs/screenshots yet"
  exit 77
fi
status=0
urls=$(sed -n 's|.*<image>\(.*\)</image>.*|\1|p' "$metainfo")
[ -n "$urls" ] || { echo "the metainfo has no screenshots"; exit 1; }
for url in $urls; do
  path=${url#*/raw/main/}
  if [ "$path" = "$url" ]; then
    echo "not a raw URL of this repository: $url"
    status=1
  elif [ ! -f "$root/$path" ]; then
    echo "missing $path (referenced by the metainfo)"
    status=1
  elif [ "$(head -c 8 "$root/$path" | od -An -tx1 | tr -d ' \n')" != 89504e470d0a1a0a ]; then
    echo "$path is not a PNG"
    status=1
  fi
done
exit $status
