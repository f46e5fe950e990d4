#!/usr/bin/env bash
# Regenerates the TLS fixtures used by the tests and the end-to-end checks: a CA, a server
# certificate it signs (localhost, 127.0.0.1, ::1), one it signs for another name only
# (kwik.example.org), and an unrelated CA a client can wrongly trust.
# Valid for 100 years so the suite never starts failing on a date. Test keys only: never deploy them.
set -euo pipefail
out="${1:-$(dirname "$0")/../Tests/Fixtures/tls}"
mkdir -p "$out"
cd "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

ec() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

ec "$work/ca.key"
openssl req -x509 -new -key "$work/ca.key" -sha256 -days 36500 -subj "/CN=kwiktop test CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign" -out ca.pem

ec "$work/other-ca.key"
openssl req -x509 -new -key "$work/other-ca.key" -sha256 -days 36500 -subj "/CN=kwiktop unrelated CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign" -out other-ca.pem

# leaf NAME CN SAN: a server certificate NAME.pem with key NAME.key, signed by the CA.
leaf() {
    ec "$1.key"
    openssl req -new -key "$1.key" -subj "/CN=$2" -out "$work/$1.csr"
    printf '%s\n' "subjectAltName=$3" "extendedKeyUsage=serverAuth" "basicConstraints=critical,CA:FALSE" > "$work/$1.ext"
    openssl x509 -req -in "$work/$1.csr" -CA ca.pem -CAkey "$work/ca.key" -CAcreateserial -days 36500 -sha256 \
        -extfile "$work/$1.ext" -out "$1.pem" 2>/dev/null
}
leaf server localhost "DNS:localhost,IP:127.0.0.1,IP:::1"
leaf elsewhere kwik.example.org "DNS:kwik.example.org"
rm -f ca.srl
echo "wrote $(pwd)/{ca,other-ca,server,elsewhere}.pem and {server,elsewhere}.key"
