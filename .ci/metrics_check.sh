#!/usr/bin/env bash
# Prometheus export end to end, on the release build: a `serve` and a headless `connect`, each with
# --metrics-port. Scrapes both twice during the run, checks every series is there and moving
# (check_metrics.py), and lints each scrape with promtool.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.build/release/kwiktop
OUT=$(mktemp -d)
SERVER_PID=
CLIENT_PID=
cleanup() {
    for pid in $CLIENT_PID $SERVER_PID; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
    rm -rf "$OUT"
}
trap cleanup EXIT

# Ports BASE…BASE+3 carry the paths, BASE+4 and BASE+5 the server's and the client's metrics.
BASE=$(python3 scripts/loopback.py 6)
SERVER_METRICS=$((BASE + 4)) CLIENT_METRICS=$((BASE + 5))
"$BIN" serve --port "$BASE" --paths 4 --metrics-port "$SERVER_METRICS" >"$OUT/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 100); do grep -q "listening" "$OUT/serve.log" && break; sleep 0.1; done
grep -q "listening" "$OUT/serve.log" || { cat "$OUT/serve.log"; echo "FAIL: server did not start"; exit 1; }

# A disable/enable early on, so the failover series exist by the first scrape.
"$BIN" connect 127.0.0.1 --port "$BASE" --paths 4 --headless --duration 6s --metrics-port "$CLIENT_METRICS" \
    --at 1s:disable:2 --at 1500ms:enable:2 >"$OUT/connect.json" 2>"$OUT/connect.err" &
CLIENT_PID=$!

scrape() { curl -sf --max-time 5 "http://127.0.0.1:$1/metrics" >"$OUT/$2.txt" || { echo "FAIL: scrape of port $1 ($2)"; exit 1; }; }
sleep 2.5
scrape "$CLIENT_METRICS" client1
scrape "$SERVER_METRICS" server1
sleep 2
scrape "$CLIENT_METRICS" client2
scrape "$SERVER_METRICS" server2
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$CLIENT_METRICS/other")" = 404 ] || { echo "FAIL: /other is not 404"; exit 1; }

if ! wait "$CLIENT_PID"; then CLIENT_PID=; cat "$OUT/connect.err"; echo "FAIL: connect exited non-zero"; exit 1; fi
CLIENT_PID=
[ -s "$OUT/connect.err" ] && { cat "$OUT/connect.err"; echo "FAIL: connect wrote to stderr"; exit 1; }
python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$OUT/connect.json" || { echo "FAIL: stdout is not clean NDJSON"; exit 1; }

python3 .ci/check_metrics.py "$OUT/client1.txt" "$OUT/client2.txt" --role client
python3 .ci/check_metrics.py "$OUT/server1.txt" "$OUT/server2.txt" --role server
for scrape in client1 client2 server1 server2; do
    problems=$(promtool check metrics <"$OUT/$scrape.txt" 2>&1) || true
    if [ -n "$problems" ]; then echo "$problems"; echo "FAIL: promtool check metrics ($scrape)"; exit 1; fi
done
echo "ok: promtool check metrics found no problems"

# A metrics port already taken: a one-line error and a non-zero exit.
if "$BIN" connect 127.0.0.1 --port "$BASE" --paths 4 --headless --duration 1s --metrics-port "$SERVER_METRICS" \
    >"$OUT/taken.json" 2>"$OUT/taken.err"; then echo "FAIL: a taken metrics port was accepted"; exit 1; fi
[ "$(wc -l <"$OUT/taken.err")" -eq 1 ] || { cat "$OUT/taken.err"; echo "FAIL: expected a one-line error"; exit 1; }
echo "ok: a taken metrics port fails with: $(cat "$OUT/taken.err")"
