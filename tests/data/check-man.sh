#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# efirma(1) renders without warnings and describes every command of efirma
# and every option of each.
#   check-man.sh PAGE EFIRMA
set -u
page=$1
efirma=$(realpath "$2")
status=0
unset G_DEBUG
export LC_ALL=C LANGUAGE=

command -v man >/dev/null 2>&1 || { echo "man is not installed"; exit 77; }

warnings=$(MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null)
if [ -n "$warnings" ]; then
  echo "not ok: man warns:"
  echo "$warnings"
  status=1
fi

text=$(MANWIDTH=200 man -l "$page" 2>/dev/null | col -b)
commands=$("$efirma" --list-commands)
[ -n "$commands" ] || { echo "efirma --list-commands printed nothing"; exit 1; }
for command in $commands; do
  # A paragraph of its own under COMMANDS, and a line in the synopsis.
  printf '%s\n' "$text" | sed -n '/^COMMANDS/,/^EXIT STATUS/p' | grep -Eq "^ {7}$command( |\$)" ||
    { echo "not ok: command $command is not described"; status=1; }
  printf '%s\n' "$text" | sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' | grep -q "efirma $command" ||
    { echo "not ok: command $command is not in the synopsis"; status=1; }
  for option in $("$efirma" "$command" --help | sed -n 's/^ *\(-[a-zA-Z], \)\{0,1\}\(--[a-z0-9-]*\).*/\2/p'); do
    [ "$option" = --help ] && continue
    printf '%s\n' "$text" | grep -q -- "$option" ||
      { echo "not ok: option $option of $command is not described"; status=1; }
  done
done

[ $status = 0 ] && echo "ok: efirma(1) describes $(echo $commands | wc -w) commands"
exit $status
