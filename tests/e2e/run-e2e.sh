#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs an AT-SPI end-to-end test against the app built here: a session bus
# of its own, accessibility on, practice mode with a fresh data folder whose
# practice service already knows an account made with an earlier e.firma.
# Needs a display (run the suite under Xvfb) and dogtail; else it skips (77).
set -eu
script=$1
app=$2
sandbox=$3

[ -n "${DISPLAY:-}" ] || { echo "no display: skipped"; exit 77; }
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
export XDG_CONFIG_HOME="$data/config"
export GSETTINGS_BACKEND=keyfile
export GTK_A11Y=atspi
export LANGUAGE=es
unset NO_AT_BRIDGE

exec dbus-run-session -- sh -c \
  'gsettings set org.gnome.desktop.interface toolkit-accessibility true && exec /usr/bin/python3 "$0" "$1"' \
  "$script" "$app"
