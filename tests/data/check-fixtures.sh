#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The generated fixtures are what fixtures.json says: every listed file
# exists, certificates parse with the stated serial and key size, keys open
# with the password and match their certificate, rejected files are rejected
# by GnuTLS too, and the broken signature really fails against the fixture CA.
#   check-fixtures.sh FIXTURES_DIR
set -eu
dir=$1
unset G_DEBUG
command -v jq >/dev/null 2>&1 || { echo "jq is not installed"; exit 77; }
command -v certtool >/dev/null 2>&1 || { echo "certtool is not installed"; exit 77; }
manifest=$dir/fixtures.json
[ -f "$manifest" ] || { echo "missing $manifest"; exit 1; }
jq empty "$manifest"
status=0
fail () { echo "$*"; status=1; }

# Every file named anywhere is listed in "files", and every listed file exists.
listed=$(jq -r '.files[]' "$manifest")
named=$(jq -r '[.ca.certificate, .ca.certificate_pem, .ca.private_key_pem, .password_file, .batch,
                 (.certificates[] | .file, .key), (.keys[] | .file, .certificate),
                 (.mismatched_pairs[] | .cer, .key), (.rejected[] | .file)] | unique | .[]' "$manifest")
for f in $named; do
  printf '%s\n' "$listed" | grep -qx "$f" || fail "$f is used but not in files"
done
for f in $listed; do
  [ -f "$dir/$f" ] || fail "missing fixture $f"
done
[ $status -eq 0 ] || exit $status

password=$(jq -r .password "$manifest")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ "$(cat "$dir/$(jq -r .password_file "$manifest")")" = "$password" ] || fail "password file differs"

# certtool reads DER with --inder, PEM without.
info ()
{
  if head -c 11 "$1" | grep -q -- '-----BEGIN'; then
    certtool -i --infile "$1" </dev/null 2>/dev/null
  else
    certtool -i --inder --infile "$1" </dev/null 2>/dev/null
  fi
}
#   key_info FILE [PASSWORD]
key_info ()
{
  if head -c 11 "$1" | grep -q -- '-----BEGIN'; then
    certtool -k --infile "$1" --password "${2:-$password}" </dev/null 2>/dev/null
  else
    certtool -k --inder --infile "$1" --password "${2:-$password}" </dev/null 2>/dev/null
  fi
}
pubkey_id () { grep -A2 'Public Key ID' | grep -o 'sha256:[0-9a-f]*' | head -n 1; }

tab=$(printf '\t')
jq -r '.certificates[] | [.file, .key, .certificate_number, .key_bits] | @tsv' "$manifest" >"$tmp/certs"
while IFS=$tab read -r cer key number bits; do
  text=$(info "$dir/$cer") || { fail "$cer: certtool cannot read it"; continue; }
  serial=$(printf '%s' "$number" | od -An -v -tx1 | tr -d ' \n')
  printf '%s\n' "$text" | grep -q "Serial Number (hex): $serial\$" || fail "$cer: serial is not $number"
  printf '%s\n' "$text" | grep -q "Modulus (bits $bits)" || fail "$cer: key is not $bits bits"
  cid=$(printf '%s\n' "$text" | pubkey_id)
  kid=$(key_info "$dir/$key" | pubkey_id) || true
  [ -n "$kid" ] || { fail "$key: does not open with the password"; continue; }
  [ "$cid" = "$kid" ] || fail "$cer and $key do not match"
done <"$tmp/certs"

# Keys with other passwords: a Windows-1252 one opens with those bytes only.
jq -r '.keys[] | [.file, .certificate, .password, (.password_cp1252_hex // "")] | @tsv' "$manifest" >"$tmp/keys"
while IFS=$tab read -r key cer pw hex; do
  raw=$pw
  if [ -n "$hex" ]; then
    # shellcheck disable=SC2059
    raw=$(for b in $(printf '%s' "$hex" | sed 's/../& /g'); do printf "\\$(printf '%03o' "0x$b")"; done)
    if key_info "$dir/$key" "$pw" | grep -q 'Public Key ID'; then
      fail "$key: opens with the UTF-8 form of its password"
    fi
  fi
  kid=$(key_info "$dir/$key" "$raw" | pubkey_id) || true
  [ -n "$kid" ] || { fail "$key: does not open with its password"; continue; }
  [ "$(info "$dir/$cer" | pubkey_id)" = "$kid" ] || fail "$key does not match $cer"
done <"$tmp/keys"

for pair in $(jq -r '.mismatched_pairs[] | "\(.cer):\(.key)"' "$manifest"); do
  cid=$(info "$dir/${pair%%:*}" | pubkey_id)
  kid=$(key_info "$dir/${pair#*:}" | pubkey_id)
  [ "$cid" != "$kid" ] || fail "${pair%%:*} and ${pair#*:} match but are listed as mismatched"
done

for f in $(jq -r '.rejected[] | select(.open_as == "certificate") | .file' "$manifest"); do
  if info "$dir/$f" | grep -q 'Serial Number'; then
    fail "$f: GnuTLS reads it as a certificate"
  fi
done
for f in $(jq -r '.rejected[] | select(.open_as == "private-key") | .file' "$manifest"); do
  if key_info "$dir/$f" | grep -q 'Public Key ID'; then
    fail "$f: GnuTLS opens it as a key"
  fi
done

# Chain facts against the fixture CA.
ca=$dir/$(jq -r .ca.certificate_pem "$manifest")
for c in $(jq -r '.certificates[] | select(.chain_with_ca != null) | "\(.file):\(.chain_with_ca)"' "$manifest"); do
  f=${c%%:*}
  want=${c#*:}
  if head -c 11 "$dir/$f" | grep -q -- '-----BEGIN'; then
    cp "$dir/$f" "$tmp/c.pem"
  else
    certtool -i --inder --infile "$dir/$f" --no-text --outfile "$tmp/c.pem" 2>/dev/null
  fi
  out=$(certtool --verify --load-ca-certificate "$ca" --infile "$tmp/c.pem" 2>&1 || true)
  case $want in
    valid)
      printf '%s\n' "$out" | grep -q 'Chain verification output: Verified' || fail "$f: does not verify against the fixture CA";;
    bad-signature)
      printf '%s\n' "$out" | grep -q 'signature in the certificate is invalid' || fail "$f: its signature is not broken";;
    untrusted)
      printf '%s\n' "$out" | grep -q 'Chain verification output: Verified' && fail "$f: verifies against the fixture CA";;
  esac
done
exit $status
