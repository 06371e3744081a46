#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The C lines changed since the commit named in build-aux/format-baseline must
# be as clang-format writes them with the repository's .clang-format, and at
# most 100 characters long. Older lines keep their hand alignment until they
# are touched; reformatting the whole tree at once would bury its history.
#
# check-format.sh ROOT   checks ROOT's working tree against the baseline
# Before that it checks itself on a throwaway repository with one badly
# formatted change, so that a check that lets everything through fails.
set -eu
root=$1

command -v git >/dev/null || { echo "git not found"; exit 77; }
format_diff=$(command -v clang-format-diff || command -v clang-format-diff-14 || true)
[ -n "$format_diff" ] || { echo "clang-format-diff not found"; exit 77; }

# Prints what is wrong with the lines changed since $2 in the checkout $1.
problems () {
  (
    cd "$1"
    # A hunk that only deletes ("+N,0") changes no line: clang-format-diff
    # would judge the untouched lines around it.
    git diff -U0 --no-color --no-ext-diff "$2" -- '*.c' '*.h' \
      | grep -v -E '^@@ [^@]* [+][0-9]+,0 @@' | "$format_diff" -p1 -style file
    # Added lines only ("+", not the "+++" header), measured in characters.
    git diff -U0 --no-color --no-ext-diff "$2" -- '*.c' '*.h' \
      | LC_ALL=C.UTF-8 awk '
          /^\+\+\+ / { file = substr($0, 7); next }
          /^@@ / { split($3, at, ","); line = substr(at[1], 2) + 0; next }
          /^\+/ { if (length($0) - 1 > 100) printf "%s:%d: longer than 100 characters\n", file, line; line++ }'
  )
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'int\nsum (int a,\n     int b)\n{\n  return a + b;\n}\n' > "$tmp/good.c"
printf 'int sum(int a,int b){return a+b;}\n' > "$tmp/bad.c"
printf 'const char *s = "%0101d";\n' 0 > "$tmp/long.c"
for f in good.c bad.c long.c; do
  repo=$tmp/repo-$f
  mkdir "$repo"
  cp "$root/.clang-format" "$repo/"
  git -C "$repo" init -q
  git -C "$repo" add .clang-format
  git -C "$repo" -c user.name=check -c user.email=check@localhost.invalid commit -q -m base
  cp "$tmp/$f" "$repo/"
  git -C "$repo" add -N "$f"
  found=$(problems "$repo" HEAD 2>&1)
  case "$f:$found" in
    good.c:) ;;
    good.c:*) echo "self-check: a well-formatted file was refused:"; echo "$found"; exit 1 ;;
    *:) echo "self-check: $f was let through"; exit 1 ;;
  esac
done

# A deletion alone leaves the hand-written lines beside it as they are.
repo=$tmp/repo-deletion
mkdir "$repo"
cp "$root/.clang-format" "$repo/"
printf 'int sum(int a,int b){return a+b;}\nint unused;\n' > "$repo/old.c"
git -C "$repo" init -q
git -C "$repo" add .clang-format old.c
git -C "$repo" -c user.name=check -c user.email=check@localhost.invalid commit -q -m base
printf 'int sum(int a,int b){return a+b;}\n' > "$repo/old.c"
found=$(problems "$repo" HEAD 2>&1)
[ -z "$found" ] || { echo "self-check: a deletion made its neighbours count as changed:"; echo "$found"; exit 1; }

git -C "$root" rev-parse --git-dir >/dev/null 2>&1 || { echo "not a git checkout"; exit 77; }
base=$(sed -n '/^[0-9a-f]\{40\}$/p' "$root/build-aux/format-baseline")
git -C "$root" cat-file -e "$base^{commit}" 2>/dev/null \
  || { echo "the baseline $base is not in this clone's history"; exit 77; }

found=$(problems "$root" "$base")
if [ -n "$found" ]; then
  echo "Lines changed since $base are not as .clang-format writes them"
  echo "(git clang-format $base, or clang-format-diff, fixes most):"
  echo "$found"
  exit 1
fi
echo "lines changed since $base: formatted"
