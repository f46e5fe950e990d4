#!/usr/bin/env bash
# End-to-end checks of the CLI over loopback, on the release build. The bad peers and the garbage
# proxy are kwik-peer (Sources/kwik-peer), which builds its frames with the engine's own encoder.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.build/release/kwiktop
PEER=.build/release/kwik-peer
OUT=$(mktemp -d)
SERVER_PID=
SHAPED_PID=
TLS_PID=
cleanup() {
    for pid in $SERVER_PID $SHAPED_PID $TLS_PID; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
    rm -rf "$OUT"
}
trap cleanup EXIT

# start_server LOG ARGS…: starts `serve` on a free port range; sets STARTED_PORT and STARTED_PID.
start_server() {
    local log=$1; shift
    STARTED_PORT=$(python3 scripts/loopback.py 4)
    "$BIN" serve --port "$STARTED_PORT" "$@" >"$log" 2>&1 &
    STARTED_PID=$!
    for _ in $(seq 100); do
        grep -q "listening" "$log" && return 0
        sleep 0.1
    done
    cat "$log"; echo "FAIL: server did not start"; exit 1
}
start_server "$OUT/serve.log" --paths 4
PORT=$STARTED_PORT SERVER_PID=$STARTED_PID
# A second server whose paths are rate-limited, so a 256 MiB transfer lasts long enough for scripted actions.
start_server "$OUT/shaped.log" --paths 4 --profile 1:rate=150mbit --profile 2:rate=150mbit --profile 3:rate=150mbit --profile 4:rate=150mbit
SHAPED_PORT=$STARTED_PORT SHAPED_PID=$STARTED_PID
# The same shaping with every path in TLS, with the test fixtures of scripts/make-test-certs.sh.
TLS=Tests/Fixtures/tls
start_server "$OUT/tls.log" --paths 4 --tls-cert $TLS/server.pem --tls-key $TLS/server.key \
    --profile 1:rate=150mbit --profile 2:rate=150mbit --profile 3:rate=150mbit --profile 4:rate=150mbit
TLS_PORT=$STARTED_PORT TLS_PID=$STARTED_PID

run() {
    local name=$1; shift
    local port=$PORT
    if [ "$1" = "--shaped" ]; then port=$SHAPED_PORT; shift; fi
    if [ "$1" = "--tls" ]; then port=$TLS_PORT; shift; fi
    echo "== $name"
    if ! timeout 120 "$BIN" connect 127.0.0.1 --port "$port" --paths 4 --headless "$@" >"$OUT/$name.json" 2>"$OUT/$name.err"; then
        echo "FAIL: $name exited non-zero"; cat "$OUT/$name.err"; tail -1 "$OUT/$name.json"; exit 1
    fi
}
check() {
    local name=$1; shift
    python3 .ci/check_run.py "$OUT/$name.json" "$@" || { cat "$OUT/$name.err"; exit 1; }
}
SIZE=$((256 * 1024 * 1024))

run plain --bytes 256MiB
check plain --bytes $SIZE

run disable --shaped --bytes 256MiB --at 1s:disable:2 --at 2s:enable:2 --at 2500ms:disable:1
check disable --bytes $SIZE --failovers 2 --resumed --path-state 2=active --path-state 1=disabled

run kill --shaped --bytes 256MiB --interval 250ms --at 1s:kill:2
check kill --bytes $SIZE --resumed --event 2:killed:1:0.1 --path-state 2=active --carried-after 2=1.5

run blackhole --shaped --bytes 256MiB --interval 250ms --at 1s:blackhole:3 --at 3s:restore:3
check blackhole --bytes $SIZE --resumed --event 3:stale:1:0.6 --path-state 3=active --carried-after 3=3.25

run all-but-one --shaped --bytes 256MiB --at 1s:kill:1 --at 1s:kill:2 --at 1s:blackhole:3 --at 2s:restore:3
check all-but-one --bytes $SIZE --resumed --failovers 3 --path-state 3=active

run all-down --shaped --bytes 256MiB --interval 250ms \
    --at 1s:blackhole:1 --at 1s:blackhole:2 --at 1s:blackhole:3 --at 1s:blackhole:4 \
    --at 3s:restore:1 --at 3s:restore:2 --at 3s:restore:3 --at 3s:restore:4
check all-down --bytes $SIZE --resumed --saw-state stalled

# shellcheck disable=SC2046
run random --shaped --duration 32s --interval 2s $(python3 .ci/random_actions.py 7 50 30 4)
check random --failovers 10 --resumed

run standby --shaped --bytes 256MiB --interval 250ms --standby 4 \
    --at 1s:disable:1 --at 1s:disable:2 --at 1s:disable:3 --at 2s:enable:1 --at 2s:enable:2 --at 2s:enable:3
check standby --bytes $SIZE --idle-between 4=0.25:0.75 --carried-between 4=1.25:1.75 --idle-between 4=2.5:3.25

echo "== garbage on one path of a running session"
PROXY_PORT=$(python3 scripts/loopback.py 1)
"$PEER" garbage-proxy "$PROXY_PORT" $((PORT + 2)) 500 >"$OUT/proxy.log" 2>&1 &
PROXY_PID=$!
for _ in $(seq 50); do grep -q ready "$OUT/proxy.log" && break; sleep 0.1; done
timeout 120 "$BIN" connect 127.0.0.1 --headless --bytes 256MiB --log-level warning \
    --endpoint 127.0.0.1:"$PORT" --endpoint 127.0.0.1:$((PORT + 1)) --endpoint 127.0.0.1:"$PROXY_PORT" \
    --endpoint 127.0.0.1:$((PORT + 3)) >"$OUT/garbage-path.json" 2>"$OUT/garbage-path.err" \
    || { echo "FAIL: session with a garbage path failed"; cat "$OUT/garbage-path.err"; exit 1; }
kill "$PROXY_PID"
grep -q "garbage injected" "$OUT/proxy.log" || { echo "FAIL: the proxy injected nothing"; exit 1; }
grep "closing path 3" "$OUT/garbage-path.err" | sed 's/^/    log: /'
grep -q "closing path 3.*exceeds the maximum" "$OUT/garbage-path.err" || { echo "FAIL: no logged reason"; exit 1; }
check garbage-path --bytes $SIZE

echo "== profiles: delay steers minrtt, rate limits"
start_server "$OUT/delay.log" --paths 2 --profile 1:delay=1ms --profile 2:delay=30ms
DELAY_PID=$STARTED_PID
timeout 60 "$BIN" connect 127.0.0.1 --port "$STARTED_PORT" --paths 2 --headless --duration 3s >"$OUT/delay.json"
kill "$DELAY_PID"; wait "$DELAY_PID" 2>/dev/null || true
check delay --most 1 --srtt-ms 2=27:35
start_server "$OUT/rate.log" --paths 1 --profile 1:rate=100mbit
RATE_PID=$STARTED_PID
timeout 60 "$BIN" connect 127.0.0.1 --port "$STARTED_PORT" --paths 1 --headless --duration 3s >"$OUT/rate.json"
kill "$RATE_PID"; wait "$RATE_PID" 2>/dev/null || true
check rate --rx-mbit 1=90:110

run both --bytes 256MiB --workload both
check both --bytes $SIZE --peer-bytes $SIZE

run roundrobin --bytes 256MiB --scheduler roundrobin
check roundrobin --bytes $SIZE --all-paths-carried

run steady --duration 3s --interval 500ms
check steady --steady-hit-rate 0.99

echo "== bad input: the server closes the offending connection and keeps serving"
for mode in garbage truncated huge version unknown; do
    timeout 20 "$PEER" hostile "$mode" "$PORT"
done
grep -q "closing path" "$OUT/serve.log" || { echo "FAIL: no logged reason for the closed connection"; exit 1; }
grep -E "closing path|refused" "$OUT/serve.log" | sed 's/^/    log: /' | head -5
run after-garbage --bytes 64MiB
check after-garbage --bytes $((64 * 1024 * 1024))

run tls --tls --bytes 256MiB --interval 250ms --tls-ca $TLS/ca.pem --at 1s:kill:2 --at 1500ms:blackhole:3 --at 3s:restore:3
check tls --bytes $SIZE --resumed --event 2:killed:1:0.1 --event 3:stale:1.5:0.6 --path-state 2=active --path-state 3=active
grep -q "listening.*(TLS)" "$OUT/tls.log" || { echo "FAIL: the TLS server does not say it speaks TLS"; exit 1; }
tail -1 "$OUT/tls.json" | grep -q '"encryption":"tls"' || { echo "FAIL: the snapshot does not say the session is TLS"; exit 1; }

run tls-insecure --tls --bytes 16MiB --insecure
grep -q "WARNING: --insecure" "$OUT/tls-insecure.err" || { echo "FAIL: --insecure is not said loudly"; exit 1; }
tail -1 "$OUT/tls-insecure.json" | grep -q '"encryption":"tls-unverified"' || { echo "FAIL: --insecure is not flagged in the snapshot"; exit 1; }
check tls-insecure --bytes $((16 * 1024 * 1024))

echo "== kwiktop bench --json --duration 5s"
timeout 120 "$BIN" bench --json --duration 5s >"$OUT/bench.json" 2>"$OUT/bench.err" || { echo "FAIL: bench"; cat "$OUT/bench.err"; exit 1; }
python3 - "$OUT/bench.json" <<'PY' || exit 1
import json, sys
results = {r["mode"]: r for r in json.load(open(sys.argv[1]))["results"]}
def need(condition, message):
    if not condition:
        sys.exit(f"FAIL: bench: {message}")
need(set(results) == {"per-path", "global-pool", "naive"}, f"modes {sorted(results)}")
for mode, r in results.items():
    need(r["verified_bytes"] > 0 and r["corrupt_bytes"] == 0 and r["delivery_order_violations"] == 0, f"{mode} integrity")
    print(f"    {mode}: {r['goodput_bps'] / 1e9:.2f} Gbit/s, {r['buffer_allocations_per_packet']:.4f} allocs/packet, "
          f"{r['ordering_violations']} ordering violations, p99 {r['latency_p99_micros'] / 1000:.1f} ms")
need(results["per-path"]["ordering_violations"] == 0, "per-path has ordering violations")
# The bench holds the window fixed and fills each pool for it first: a path's pool allocates only when the
# path holds more buffers at once than that, which the fixed window rules out but for a rare spell.
need(results["per-path"]["buffer_allocations_per_packet"] < 1e-3, "per-path allocates per packet")
need(results["global-pool"]["ordering_violations"] > 0, "global-pool shows no ordering violation")
need(results["naive"]["buffer_allocations_per_packet"] >= 1, "naive allocates less than once per packet")
PY

echo "== one-line errors"
expect_error() {
    local name=$1 pattern=$2; shift 2
    if "$BIN" "$@" >"$OUT/$name.out" 2>"$OUT/$name.err"; then echo "FAIL: $name succeeded"; exit 1; fi
    # The first line names the problem (argument errors add ArgumentParser's usage lines after it).
    if ! head -1 "$OUT/$name.err" | grep -q "$pattern" || grep -qi "fatal\|backtrace" "$OUT/$name.err"; then
        echo "FAIL: $name error is not a clear line:"; cat "$OUT/$name.err"; exit 1
    fi
    echo "    $name: $(head -1 "$OUT/$name.err")"
}
CLOSED=$(python3 scripts/loopback.py 1)
expect_error refused "refused" connect 127.0.0.1 --port "$CLOSED" --paths 1 --headless --bytes 1MiB
expect_error unknown-host "kwiktop:" connect no-such-host.invalid --port "$PORT" --headless --bytes 1MiB
expect_error bad-profile "not a duration" connect 127.0.0.1 --profile 2:delay=2Oms --headless
expect_error bad-bytes "bytes" connect 127.0.0.1 --bytes lots --headless
expect_error tls-wrong-ca "not signed by a trusted CA" connect 127.0.0.1 --port "$TLS_PORT" --headless --bytes 1MiB --tls-ca $TLS/other-ca.pem
expect_error tls-plaintext-client "TLS" connect 127.0.0.1 --port "$TLS_PORT" --headless --bytes 1MiB
expect_error tls-client-plaintext-server "TLS" connect 127.0.0.1 --port "$PORT" --headless --bytes 1MiB --tls-ca $TLS/ca.pem
expect_error tls-missing-key "no such file" serve --port 0 --tls-cert $TLS/server.pem --tls-key $TLS/missing.key
expect_error tls-key-mismatch "does not belong" serve --port 0 --tls-cert $TLS/server.pem --tls-key $TLS/elsewhere.key
grep -q "does not trust this certificate's CA" "$OUT/tls.log" || { echo "FAIL: the TLS server did not log why the wrong-CA client left"; exit 1; }

echo "== a closed stdout ends a headless run quietly"
set +o pipefail
timeout 30 "$BIN" demo --headless --interval 100ms 2>"$OUT/pipe.err" | head -1 >"$OUT/pipe.json"
status=${PIPESTATUS[0]}
set -o pipefail
[ "$(wc -l <"$OUT/pipe.json")" -eq 1 ] || { echo "FAIL: | head -1 did not get one line"; exit 1; }
if [ "$status" -ge 124 ] || grep -qi "fatal\|backtrace" "$OUT/pipe.err"; then
    cat "$OUT/pipe.err"; echo "FAIL: a closed stdout crashed or hung the run (exit $status)"; exit 1
fi
echo "    exit $status: $(tail -1 "$OUT/pipe.err")"

echo "== serve --headless --json: a line per session per interval, a final one as each ends"
# Its NDJSON and its log share one file here; the check reads the JSON lines.
start_server "$OUT/serve.ndjson" --paths 1 --headless --json --interval 200ms
JSON_PID=$STARTED_PID
timeout 60 "$BIN" connect 127.0.0.1 --port "$STARTED_PORT" --paths 1 --bytes 64MiB --rate 200mbit --headless \
    >"$OUT/json-client.json" 2>"$OUT/json-client.err" || { cat "$OUT/json-client.err"; echo "FAIL: client"; exit 1; }
ID=$(tail -1 "$OUT/json-client.json" | python3 -c 'import json, sys; print(json.load(sys.stdin)["session"])')
for _ in $(seq 100); do grep -q "\"final\":true.*\"session\":\"$ID\"" "$OUT/serve.ndjson" && break; sleep 0.1; done
kill -INT "$JSON_PID"; wait "$JSON_PID" || { echo "FAIL: serve --json exit status $?"; exit 1; }
python3 - "$OUT/serve.ndjson" "$ID" $((64 * 1024 * 1024)) <<'EOF'
import json, sys
path, session, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
lines = [json.loads(l) for l in open(path) if l.startswith("{")]
mine = [l for l in lines if l["session"] == session]
running = [l for l in mine if not l["final"]]
final = [l for l in mine if l["final"]]
assert len(running) >= 3, f"{len(running)} interval lines for the session"
assert len(final) == 1, f"{len(final)} final lines"
last = final[0]
assert last["role"] == "server" and last["state"] == "completed", (last["role"], last["state"])
assert last["peer"]["delivered_bytes"] == size and last["peer"]["verified_bytes"] == size, last["peer"]
print(f"    {len(running)} interval lines, then final: {last['state']}, the client verified {size} bytes")
EOF

echo "== the binary on its own, run from another folder, has every bundled theme"
mkdir -p "$OUT/installed/bin" "$OUT/home"
cp "$BIN" "$OUT/installed/bin/kwiktop"
(cd / && HOME="$OUT/home" XDG_CONFIG_HOME= "$OUT/installed/bin/kwiktop" themes) >"$OUT/themes.txt"
for file in Themes/*.theme; do
    name=$(basename "$file" .theme)
    grep -qE "^$name +bundled$" "$OUT/themes.txt" || { cat "$OUT/themes.txt"; echo "FAIL: $name is not bundled"; exit 1; }
done
echo "    $(wc -l <"$OUT/themes.txt") themes, each loaded from the binary"

echo "== server stops cleanly on SIGTERM"
kill -TERM "$SERVER_PID"
wait "$SERVER_PID" && echo "    exit 0" || { echo "FAIL: server exit status $?"; exit 1; }
SERVER_PID=
echo "e2e: all passed"
