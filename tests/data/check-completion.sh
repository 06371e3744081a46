#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The bash completion completes efirma's commands and each command's options,
# with and without the bash-completion package.
#   check-completion.sh COMPLETION EFIRMA
set -u
completion=$1
efirma=$(realpath "$2")
status=0
unset G_DEBUG

# efirma as the completion finds it: by name, in PATH.
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
ln -s "$efirma" "$bin/efirma"
export PATH="$bin:$PATH" LC_ALL=C LANGUAGE=

# complete WORD... : prints the candidates for the last word, one a line.
complete_words()
{
    bash -c '
        source "$1"; shift
        COMP_WORDS=("$@")
        COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
        COMP_LINE="${COMP_WORDS[*]}"
        COMP_POINT=${#COMP_LINE}
        _efirma
        printf "%s\n" "${COMPREPLY[@]}"' _ "$completion" "$@"
}

expect()
{
    local want=$1; shift
    if ! complete_words "$@" | grep -qx -- "$want"; then
        echo "not ok: '$*' does not offer $want"
        status=1
    fi
}

reject()
{
    local unwanted=$1; shift
    if complete_words "$@" | grep -qx -- "$unwanted"; then
        echo "not ok: '$*' offers $unwanted"
        status=1
    fi
}

commands=$(efirma --list-commands)
[ -n "$commands" ] || { echo "efirma --list-commands printed nothing"; exit 1; }

for command in $commands; do
    expect "$command" efirma ""
    expect "$command" efirma "${command:0:2}"
    expect "$command" efirma help "${command:0:2}"
    # Every option the command's --help lists.
    for option in $(efirma "$command" --help | sed -n 's/^ *\(-[a-zA-Z], \)\{0,1\}\(--[a-z0-9-]*\).*/\2/p'); do
        expect "$option" efirma "$command" "${option:0:4}"
    done
done
reject inspect efirma ch

expect --batch efirma check --json --ba
expect --ocsp efirma check --cer x.cer --oc
expect --ca efirma check --ocsp --c
expect 4096 efirma request --bits ""
expect npie efirma id --kind n
expect --within efirma watch --json --wi
# A number of days or a time: no file names.
[ -z "$(complete_words efirma watch --within "")" ] || { echo "not ok: --within offers something"; status=1; }
expect --sucursal efirma sdg --cer x.cer --su
# A sucursal is a name: no file names.
[ -z "$(complete_words efirma sdg --sucursal "")" ] || { echo "not ok: --sucursal offers something"; status=1; }

# "--ocsp=" takes a URL: no file names, no options.
[ -z "$(complete_words efirma check --ocsp = "")" ] || { echo "not ok: --ocsp= offers something"; status=1; }

[ $status = 0 ] && echo "ok: completion of $(echo $commands | wc -w) commands and their options"
exit $status
