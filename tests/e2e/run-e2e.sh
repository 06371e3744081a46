#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs an AT-SPI end-to-end test against the app built here: a session bus
# of its own, accessibility on, practice mode with a fresh data folder whose
# practice service already knows an account made with an earlier e.firma.
# It starts an X server of its own (xvfb-run); without Xvfb or dogtail it
# skips (77).
set -eu
script=$1
app=$2
sandbox=$3

command -v xvfb-run >/dev/null || { echo "no xvfb-run: skipped"; exit 77; }
/usr/bin/python3 -c 'import dogtail' 2>/dev/null || { echo "no dogtail: skipped"; exit 77; }

data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT INT TERM

# INGRID XODAR JIMENEZ registered with an older e.firma: the update's subject.
"$sandbox" --http --listen=127.0.0.1:0 --db="$data/practica.db" \
  --add-account=XOJI740919MQTDMN02,XOJI740919U48,"INGRID XODAR JIMENEZ",30001000000400002000 \
  >/dev/null 2>&1 &
pid=$!
sleep 2
kill "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true

export VENTANILLA_DATA_DIR="$data"
# The SAT test e.firmas the app ships for practice mode, from the source tree.
export VENTANILLA_DATADIR="${VENTANILLA_DATADIR:-${VENTANILLA_SOURCE_ROOT:-.}/data}"
export XDG_CONFIG_HOME="$data/config"
export GSETTINGS_BACKEND=keyfile
export GTK_A11Y=atspi
export LANGUAGE=es
# gettext ignores LANGUAGE in the C locale.
export LANG="${LANG:-C.UTF-8}"
[ "$LANG" != C ] || LANG=C.UTF-8
unset NO_AT_BRIDGE

xvfb-run -a -s "-screen 0 1280x1024x24" dbus-run-session -- sh -c \
  'gsettings set org.gnome.desktop.interface toolkit-accessibility true && exec /usr/bin/python3 "$0" "$1"' \
  "$script" "$app"
