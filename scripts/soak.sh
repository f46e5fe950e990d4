#!/usr/bin/env bash
# Soak run: a long transfer over 4 rate-limited loopback paths with a path action every few seconds
# (seeded), sampling the resident memory of both processes; every byte must verify.
# usage: scripts/soak.sh [binary] [seconds]     (default .build/release/kwiktop, 600)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-.build/release/kwiktop}
SECONDS_TOTAL=${2:-600}
OUT=$(mktemp -d)
PORT=$(python3 scripts/loopback.py 4)
"$BIN" serve --port "$PORT" --paths 4 --log-level warning \
    --profile 1:rate=150mbit --profile 2:rate=150mbit --profile 3:rate=150mbit --profile 4:rate=150mbit 2>"$OUT/serve.log" &
SERVER=$!
trap 'kill $SERVER $CLIENT 2>/dev/null || true; rm -rf "$OUT"' EXIT
sleep 0.5
COUNT=$((SECONDS_TOTAL / 3))
# shellcheck disable=SC2046
"$BIN" connect 127.0.0.1 --port "$PORT" --paths 4 --headless --duration "${SECONDS_TOTAL}s" --interval 10s \
    $(python3 .ci/random_actions.py 11 "$COUNT" $((SECONDS_TOTAL - 10)) 4) >"$OUT/run.json" 2>"$OUT/run.err" &
CLIENT=$!
rss() { awk '/VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
sleep 10
echo "| t (s) | client RSS (MiB) | server RSS (MiB) |"
echo "| --- | --- | --- |"
elapsed=10
while kill -0 "$CLIENT" 2>/dev/null; do
    printf '| %d | %.1f | %.1f |\n' "$elapsed" "$(echo "$(rss $CLIENT) / 1024" | bc -l)" "$(echo "$(rss $SERVER) / 1024" | bc -l)"
    sleep 60
    elapsed=$((elapsed + 60))
done
wait "$CLIENT" || { echo "FAIL: client exited non-zero"; cat "$OUT/run.err"; exit 1; }
python3 .ci/check_run.py "$OUT/run.json" --failovers 10 --resumed
python3 - "$OUT/run.json" <<'PY'
import json, sys
final = [json.loads(line) for line in open(sys.argv[1]) if line.strip()][-1]
print(f"{final['failovers_total']} failovers, {final['verified_bytes'] / 2**30:.1f} GiB verified, "
      f"{final['corrupt_bytes']} corrupt, {final['duplicates_dropped']} duplicates dropped")
PY
