#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A throwaway PKI for the OCSP integration test: a CA, a delegated OCSP
# responder (id-kp-OCSPSigning), three end-entity certificates and the
# index.txt that `openssl ocsp -index` serves:
#   good.pem     listed as valid
#   revoked.pem  listed as revoked at 2025-03-04 05:06:07 UTC (keyCompromise)
#   unknown.pem  issued by the CA but not listed
# and rogue.pem/.key, a self-signed "responder" nobody delegated to.
# Serials are SAT-style: the bytes of 20 ASCII digits.
#
# Usage: make-ocsp-pki.sh OUTDIR
set -eu

out=$1
mkdir -p "$out"
cd "$out"

days=30
subj_base="/C=MX/O=Ventanilla pruebas"

# Each certificate gets its own extensions file; `openssl x509 -req` reads them.
cat > responder.ext <<'EXT'
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = OCSPSigning
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EXT
cat > leaf.ext <<'EXT'
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation, dataEncipherment, keyAgreement
extendedKeyUsage = emailProtection, clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EXT

openssl req -x509 -new -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem \
  -days "$days" -subj "$subj_base/CN=AC de pruebas OCSP" \
  -addext "basicConstraints=critical,CA:TRUE" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null

issue () {
  name=$1 cn=$2 serial=$3 ext=$4
  openssl req -new -newkey rsa:2048 -nodes -keyout "$name.key" -out "$name.csr" \
    -subj "$subj_base/CN=$cn" 2>/dev/null
  openssl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca.key -set_serial "$serial" \
    -days "$days" -sha256 -extfile "$ext" -out "$name.pem" 2>/dev/null
  rm -f "$name.csr"
}

# 0x3330…: "30001000000500000001" etc. read as ASCII.
hex_of () { printf '%s' "$1" | od -An -tx1 | tr -d ' \n'; }

issue responder "Servicio OCSP de pruebas" 0x$(hex_of 30001000000500000009) responder.ext
# Laid out as SAT's e.firma: RFC in x500UniqueIdentifier, CURP in serialNumber.
issue good "CONTRIBUYENTE VIGENTE/x500UniqueIdentifier=KAHO641101B39/serialNumber=KAHO641101HNTLKS06" \
  0x$(hex_of 30001000000500000001) leaf.ext
issue revoked "CONTRIBUYENTE REVOCADO/x500UniqueIdentifier=XIQB891116QE4/serialNumber=XIQB891116MGRMZR05" \
  0x$(hex_of 30001000000500000002) leaf.ext
issue unknown "CONTRIBUYENTE DESCONOCIDO/x500UniqueIdentifier=XOJI740919U48/serialNumber=XOJI740919MQTDMN02" \
  0x$(hex_of 30001000000500000003) leaf.ext

openssl req -x509 -new -newkey rsa:2048 -nodes -keyout rogue.key -out rogue.pem \
  -days "$days" -subj "$subj_base/CN=Servicio OCSP falso" \
  -addext "extendedKeyUsage=OCSPSigning" 2>/dev/null

# One index line per listed certificate, in `openssl ca`'s format:
# status, expiry, revocation[,reason], serial (hex), file, subject.
entry () {
  cert=$1 status=$2 revoked=$3
  serial=$(openssl x509 -in "$cert" -noout -serial | sed 's/^serial=//')
  subject=$(openssl x509 -in "$cert" -noout -subject -nameopt compat | sed 's/^subject=//')
  enddate=$(openssl x509 -in "$cert" -noout -enddate | sed 's/^notAfter=//')
  expiry=$(date -u -d "$enddate" +%y%m%d%H%M%SZ)
  printf '%s\t%s\t%s\t%s\tunknown\t%s\n' "$status" "$expiry" "$revoked" "$serial" "$subject"
}

{
  entry good.pem V ""
  entry revoked.pem R "250304050607Z,keyCompromise"
} > index.txt
printf 'unique_subject = no\n' > index.txt.attr

rm -f responder.ext leaf.ext
