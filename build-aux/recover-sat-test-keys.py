#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Recovers the RSA public keys of SAT's test certification authorities from
# certificates they signed, and proves that every SAT test certificate of the
# developer test set verifies under one of them.
#
#   recover-sat-test-keys.py [--testdata DIR] [--out DIR | --check DIR]
#
# SAT does not publish its test CA certificates ("AC UAT", "A.C. 2 de
# pruebas(4096)"). An RSA signature s of a certificate satisfies
# s^e = m (mod n), with m the PKCS#1 v1.5 encoding of the digest of the
# certificate's TBS part, so n divides s^e - m for every certificate the key
# signed: the gcd over two or more of them is n times, at most, a few small
# factors, which are divided out.
#
# Which certificates share a key is guessed from the issuer DN and authority
# key identifier; that guess is only a grouping hint, the signatures decide:
# a recovered key counts only if every certificate of its group verifies
# under it.
#
# Certificates considered: every end-entity certificate (.cer, .crt, .pem)
# under --testdata, except those signed by a CA certificate that is in the
# test data too (the production ones under ca/).
#
# --out DIR writes one PEM SubjectPublicKeyInfo per key, named after the
# CA's common name and the year of the earliest certificate it signed.
# --check DIR fails (exit 1) unless DIR holds exactly the keys recovered.
#
# Needs python3-gmpy2 (Debian). The gcd of two 4096-bit keys' s^e - m
# (about 270 million bits each) takes about a minute per key.

import argparse
import base64
import hashlib
import multiprocessing
import os
import re
import sys
import time

import gmpy2

E = 65537

# ---- DER

def der_read(data, pos):
    """(tag, header length, value length) of the TLV at pos."""
    tag = data[pos]
    length = data[pos + 1]
    header = 2
    if length & 0x80:
        count = length & 0x7F
        if count == 0 or count > 4:
            raise ValueError("unsupported DER length")
        length = int.from_bytes(data[pos + 2:pos + 2 + count], "big")
        header += count
    if pos + header + length > len(data):
        raise ValueError("truncated DER")
    return tag, header, length


def der_children(data, start, end):
    """(tag, raw TLV bytes, value bytes) of each element in data[start:end]."""
    pos = start
    while pos < end:
        tag, header, length = der_read(data, pos)
        yield tag, data[pos:pos + header + length], data[pos + header:pos + header + length]
        pos += header + length


def der_encode(tag, value):
    n = len(value)
    if n < 0x80:
        length = bytes([n])
    else:
        raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
        length = bytes([0x80 | len(raw)]) + raw
    return bytes([tag]) + length + value


def der_integer(value):
    raw = value.to_bytes(value.bit_length() // 8 + 1, "big")
    return der_encode(0x02, raw)


def oid_text(value):
    first = value[0]
    parts = [str(min(first // 40, 2)), str(first - 40 * min(first // 40, 2))]
    acc = 0
    for b in value[1:]:
        acc = (acc << 7) | (b & 0x7F)
        if not b & 0x80:
            parts.append(str(acc))
            acc = 0
    return ".".join(parts)


RSA_ENCRYPTION = "1.2.840.113549.1.1.1"
# Signature algorithm → (hashlib name, DER DigestInfo prefix of PKCS#1 v1.5).
SIGNATURE_HASHES = {
    "1.2.840.113549.1.1.4": ("md5", bytes.fromhex("3020300c06082a864886f70d020505000410")),
    "1.2.840.113549.1.1.5": ("sha1", bytes.fromhex("3021300906052b0e03021a05000414")),
    "1.2.840.113549.1.1.11": ("sha256", bytes.fromhex("3031300d060960864801650304020105000420")),
    "1.2.840.113549.1.1.12": ("sha384", bytes.fromhex("3041300d060960864801650304020205000430")),
    "1.2.840.113549.1.1.13": ("sha512", bytes.fromhex("3051300d060960864801650304020305000440")),
}
OID_CN = "2.5.4.3"
OID_BASIC_CONSTRAINTS = "2.5.29.19"
OID_AUTHORITY_KEY_ID = "2.5.29.35"


class Certificate:
    def __init__(self, der, path):
        self.der = der
        self.path = path
        tag, header, length = der_read(der, 0)
        if tag != 0x30 or header + length != len(der):
            raise ValueError("not a certificate")
        parts = list(der_children(der, header, header + length))
        if len(parts) != 3:
            raise ValueError("not a certificate")
        self.tbs = parts[0][1]
        algorithm = list(der_children(parts[1][2], 0, len(parts[1][2])))
        self.signature_oid = oid_text(algorithm[0][2])
        bits = parts[2][2]
        if parts[2][0] != 0x03 or bits[0] != 0:
            raise ValueError("bad signature field")
        self.signature = bits[1:]

        fields = list(der_children(parts[0][2], 0, len(parts[0][2])))
        if fields[0][0] == 0xA0:          # [0] version
            fields = fields[1:]
        self.serial = fields[0][2]
        self.issuer = fields[2][1]
        self.validity = fields[3][2]
        self.subject = fields[4][1]
        self.spki = fields[5][2]
        self.extensions = {}
        for tag, raw, value in fields[6:]:
            if tag == 0xA3:
                seq = list(der_children(value, 0, len(value)))[0][2]
                for _, _, ext in der_children(seq, 0, len(seq)):
                    items = list(der_children(ext, 0, len(ext)))
                    self.extensions[oid_text(items[0][2])] = items[-1][2]

    def is_ca(self):
        value = self.extensions.get(OID_BASIC_CONSTRAINTS)
        if value is None:
            return False
        inner = list(der_children(value, 0, len(value)))
        inner = list(der_children(inner[0][2], 0, len(inner[0][2])))
        return bool(inner) and inner[0][0] == 0x01 and inner[0][2] != b"\x00"

    def is_self_issued(self):
        return self.issuer == self.subject

    def authority_key_id(self):
        return self.extensions.get(OID_AUTHORITY_KEY_ID, b"")

    def rsa_key(self):
        """(n, e) of the certificate's own key, or None."""
        items = list(der_children(self.spki, 0, len(self.spki)))
        algorithm = list(der_children(items[0][2], 0, len(items[0][2])))
        if oid_text(algorithm[0][2]) != RSA_ENCRYPTION:
            return None
        bits = items[1][2][1:]
        key = list(der_children(bits, 0, len(bits)))
        key = list(der_children(key[0][2], 0, len(key[0][2])))
        return int.from_bytes(key[0][2], "big"), int.from_bytes(key[1][2], "big")

    def not_before_year(self):
        value = list(der_children(self.validity, 0, len(self.validity)))[0]
        text = value[2].decode("ascii")
        if value[0] == 0x17:              # UTCTime
            year = int(text[:2])
            return 1900 + year if year >= 50 else 2000 + year
        return int(text[:4])

    def issuer_cn(self):
        value = list(der_children(self.issuer, 0, len(self.issuer)))[0][2]
        for _, _, rdn in der_children(value, 0, len(value)):
            for _, _, attribute in der_children(rdn, 0, len(rdn)):
                items = list(der_children(attribute, 0, len(attribute)))
                if oid_text(items[0][2]) == OID_CN:
                    raw = items[1][2]
                    try:
                        return raw.decode("utf-8")
                    except UnicodeDecodeError:
                        return raw.decode("latin-1")
        return "unnamed"

    def encoded_digest(self):
        """m: the PKCS#1 v1.5 block the issuer signed, as an integer."""
        if self.signature_oid not in SIGNATURE_HASHES:
            return None
        name, prefix = SIGNATURE_HASHES[self.signature_oid]
        digest_info = prefix + hashlib.new(name, self.tbs).digest()
        k = len(self.signature)
        padding = k - len(digest_info) - 3
        if padding < 8:
            return None
        return int.from_bytes(b"\x00\x01" + b"\xff" * padding + b"\x00" + digest_info, "big")

    def verifies_under(self, n, e=E):
        m = self.encoded_digest()
        s = int.from_bytes(self.signature, "big")
        if m is None or (n.bit_length() + 7) // 8 != len(self.signature) or s >= n:
            return False
        return gmpy2.powmod(s, e, n) == m


# ---- Reading the test data

PEM_CERTIFICATE = re.compile(
    rb"-----BEGIN CERTIFICATE-----(.+?)-----END CERTIFICATE-----", re.S)


def read_certificates(root):
    """Every distinct certificate under root (DER or PEM files)."""
    seen = {}
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            if not name.lower().endswith((".cer", ".crt", ".pem")):
                continue
            path = os.path.join(folder, name)
            with open(path, "rb") as f:
                data = f.read()
            blobs = [base64.b64decode(b"".join(block.split()))
                     for block in PEM_CERTIFICATE.findall(data)]
            if not blobs and data[:1] == b"\x30":
                blobs = [data]
            for der in blobs:
                if der in seen:
                    continue
                try:
                    seen[der] = Certificate(der, os.path.relpath(path, root))
                except (ValueError, IndexError):
                    pass
    return list(seen.values())


# ---- Recovery

def small_primes(limit):
    sieve = bytearray([1]) * limit
    sieve[0:2] = b"\x00\x00"
    for i in range(2, int(limit ** 0.5) + 1):
        if sieve[i]:
            sieve[i * i::i] = bytearray(len(sieve[i * i::i]))
    return [i for i in range(limit) if sieve[i]]


PRIMES = small_primes(1 << 16)


def strip_small_factors(g):
    for p in PRIMES:
        while g % p == 0 and g > p:
            g //= p
    return g


def recover_modulus(group, log):
    """The modulus that signed every certificate of group, or None."""
    usable = [c for c in group if c.encoded_digest() is not None]
    if len(usable) < 2:
        return None
    k = len(usable[0].signature)

    def multiple(cert, g=None):
        s = gmpy2.mpz(int.from_bytes(cert.signature, "big"))
        m = gmpy2.mpz(cert.encoded_digest())
        if g is None:
            return s ** E - m
        return (gmpy2.powmod(s, E, g) - m) % g

    started = time.monotonic()
    g = gmpy2.gcd(multiple(usable[0]), multiple(usable[1]))
    log(f"    gcd of {usable[0].path} and {usable[1].path}: "
        f"{g.bit_length()} bits in {time.monotonic() - started:.0f} s")
    g = strip_small_factors(g)
    # A third signature, if the first two left a common factor behind.
    for cert in usable[2:]:
        if g.bit_length() <= 8 * k:
            break
        g = strip_small_factors(gmpy2.gcd(g, multiple(cert, g)))
    if not 8 * k - 8 < g.bit_length() <= 8 * k:
        return None
    return int(g)


def recover_group(group):
    """recover_modulus() in a worker process: (modulus, log lines)."""
    lines = []
    return recover_modulus(group, lines.append), lines


def group_by_issuer(certificates):
    groups = {}
    for cert in certificates:
        groups.setdefault((cert.issuer, cert.authority_key_id()), []).append(cert)
    return groups


def key_name(cn, year):
    slug = re.sub(r"[^a-z0-9]+", "-", cn.lower()).strip("-")
    return f"{slug}-{year}"


def spki_pem(n, e=E):
    rsa_key = der_encode(0x30, der_integer(n) + der_integer(e))
    algorithm = der_encode(0x30, der_encode(0x06, bytes.fromhex("2a864886f70d010101")) + b"\x05\x00")
    der = der_encode(0x30, algorithm + der_encode(0x03, b"\x00" + rsa_key))
    text = base64.b64encode(der).decode("ascii")
    lines = [text[i:i + 64] for i in range(0, len(text), 64)]
    return "-----BEGIN PUBLIC KEY-----\n" + "\n".join(lines) + "\n-----END PUBLIC KEY-----\n"


def read_spki_pem(path):
    with open(path, "rb") as f:
        data = f.read()
    match = re.search(rb"-----BEGIN PUBLIC KEY-----(.+?)-----END PUBLIC KEY-----", data, re.S)
    if match is None:
        raise ValueError(f"{path}: no PEM public key")
    der = base64.b64decode(b"".join(match.group(1).split()))
    _, header, length = der_read(der, 0)
    items = list(der_children(der, header, header + length))
    bits = items[1][2][1:]
    key = list(der_children(bits, 0, len(bits)))
    key = list(der_children(key[0][2], 0, len(key[0][2])))
    return int.from_bytes(key[0][2], "big"), int.from_bytes(key[1][2], "big")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(
        description="Recover the public keys of SAT's test CAs from certificates they signed.")
    parser.add_argument("--testdata", default=os.environ.get(
        "VENTANILLA_TESTDATA", os.path.join(here, "..", "..", "shared", "testdata", "sat")),
        help="the SAT test set (default: ../shared/testdata/sat)")
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--out", help="write the recovered keys here, as PEM")
    action.add_argument("--check", help="fail unless this folder holds exactly the recovered keys")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args()

    # The recovery takes minutes of both cores; a developer whose change
    # cannot touch these keys may skip it locally. CI never sets this.
    if args.check and os.environ.get("VENTANILLA_SKIP_KEY_RECOVERY") == "1":
        print("skipped: VENTANILLA_SKIP_KEY_RECOVERY=1", flush=True)
        return 77

    def log(text):
        if not args.quiet:
            print(text, flush=True)

    certificates = read_certificates(args.testdata)
    if not certificates:
        print(f"no certificates under {args.testdata}", file=sys.stderr)
        return 1

    # Keys the test data publishes: its CA certificates, and roots that
    # predate basicConstraints (self-issued).
    published = []
    for cert in certificates:
        key = cert.rsa_key()
        if (cert.is_ca() or cert.is_self_issued()) and key is not None:
            published.append((cert, key))

    def signed_by_published(cert):
        return any(cert.verifies_under(n, e) for _, (n, e) in published)

    subjects = [c for c in certificates if not c.is_ca() and not c.is_self_issued()]
    unpublished = [c for c in subjects if not signed_by_published(c)]
    log(f"{len(certificates)} certificates, {len(subjects)} end-entity; "
        f"{len(subjects) - len(unpublished)} signed by a CA in the test data, "
        f"{len(unpublished)} by an unpublished CA")

    # One process per key: each gcd is long, and they do not depend on
    # each other.
    groups = [group for _, group in sorted(group_by_issuer(unpublished).items(),
                                           key=lambda item: item[1][0].path)]
    with multiprocessing.Pool(max(1, min(len(groups), os.cpu_count() or 1))) as pool:
        results = pool.map(recover_group, groups)

    recovered = {}
    for group, (n, lines) in zip(groups, results):
        cn = group[0].issuer_cn()
        log(f"  {cn!r}: {len(group)} certificates")
        for line in lines:
            log(line)
        if n is None:
            log("    no modulus recovered")
            continue
        name = key_name(cn, min(c.not_before_year() for c in group))
        log(f"    {name}: {n.bit_length()}-bit modulus")
        recovered[name] = n

    # The proof: every certificate of an unpublished CA verifies under one
    # of the recovered keys, whatever group the hint put it in.
    failures = 0
    for cert in unpublished:
        keys = [name for name, n in recovered.items() if cert.verifies_under(n)]
        if len(keys) != 1:
            print(f"FAIL {cert.path}: verifies under {keys or 'no recovered key'}", file=sys.stderr)
            failures += 1
        else:
            log(f"  ok {cert.path}: {keys[0]}")
    if failures:
        return 1
    log(f"{len(unpublished)} test certificates verify under {len(recovered)} recovered keys")

    if args.out:
        os.makedirs(args.out, exist_ok=True)
        for name, n in sorted(recovered.items()):
            with open(os.path.join(args.out, name + ".pem"), "w", encoding="ascii") as f:
                f.write(spki_pem(n))
            log(f"wrote {os.path.join(args.out, name + '.pem')}")

    if args.check:
        shipped = {}
        for entry in sorted(os.listdir(args.check)):
            if entry.endswith(".pem"):
                shipped[entry[:-4]] = read_spki_pem(os.path.join(args.check, entry))
        expected = {name: (n, E) for name, n in recovered.items()}
        if shipped != expected:
            for name in sorted(set(shipped) | set(expected)):
                if shipped.get(name) != expected.get(name):
                    print(f"FAIL {name}: shipped and recovered keys differ", file=sys.stderr)
            return 1
        log(f"the {len(shipped)} keys in {args.check} are the recovered ones")

    return 0


if __name__ == "__main__":
    sys.exit(main())
