#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Spanish first: fails on a source file with translatable strings that is not
# in POTFILES.in, on a string missing from es.po, and on untranslated or fuzzy
# entries.
set -eu
root=$1
cd "$root"
status=0

listed=$(grep -v '^#' po/POTFILES.in | sed '/^$/d')
skipped=$(grep -v '^#' po/POTFILES.skip 2>/dev/null | sed '/^$/d' || true)

for f in $(git ls-files 'src/*.c' 'data/*.ui' 2>/dev/null || find src data -name '*.c' -o -name '*.ui'); do
  if grep -qE '(^|[^A-Za-z0-9_])(_|N_|C_|g_dngettext|ngettext)\s*\(\s*"|translatable="yes"' "$f"; then
    if ! printf '%s\n' "$listed" "$skipped" | grep -qx "$f"; then
      echo "not in po/POTFILES.in: $f"
      status=1
    fi
  fi
done

for f in $listed; do
  [ -f "$f" ] || { echo "listed in po/POTFILES.in but missing: $f"; status=1; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
xgettext --from-code=UTF-8 --add-comments --keyword=_ --keyword=N_ --keyword=C_:1c,2 \
  --keyword=NC_:1c,2 --keyword=g_dngettext:2,3 --keyword=ngettext:1,2 \
  --files-from=po/POTFILES.in --directory="$root" --output="$tmp/ventanilla.pot" 2>"$tmp/xgettext.log" \
  || { cat "$tmp/xgettext.log"; exit 1; }
msgmerge --quiet --no-fuzzy-matching --output-file="$tmp/es.po" po/es.po "$tmp/ventanilla.pot"
stats=$(msgfmt --check --statistics -o /dev/null "$tmp/es.po" 2>&1)
echo "es: $stats"
case "$stats" in
  *untranslated*|*fuzzy*)
    echo "po/es.po lacks these strings:"
    msgattrib --untranslated --no-obsolete "$tmp/es.po" | grep '^msgid' | sed 1d
    status=1;;
esac
exit $status
