#!/usr/bin/env bash
# Hostile-peer acceptance checks on the release build: what a peer can make `kwiktop serve` hold must
# stay bounded, and a real client must still be served (the engine clamps a peer's window, evicts
# sessions that make no progress and caps pending handshakes; docs/SECURITY.md). Each check gets a fresh
# server on free ports (scripts/loopback.py); its resident memory is sampled from /proc (.ci/rss_watch.py).
#   greedy  `kwik-peer greedy` (receive window UInt32.max, every DATA acknowledged on its path and none
#           cumulatively) for GREEDY_SECONDS: the server's VmRSS must stay under GREEDY_RSS_MIB. The check
#           stops the server as soon as the bound is passed, so an unbounded server cannot take the machine.
#   flood   `kwik-peer flood` holds FLOOD_CREATORS connections that create a session and never read, and
#           FLOOD_SILENT that send nothing, re-opening what the server closes. While it holds, a real
#           4-path `kwiktop connect` of FLOOD_BYTES, tried again when refused, must get its session
#           within SESSION_WITHIN seconds of its first try and verify every byte (exit 0, checked again
#           by .ci/check_run.py), with the server's VmRSS under FLOOD_RSS_MIB.
# Every process runs under `timeout`; whatever is left is stopped on exit. Prints the measured peaks and
# exits 1 if any check failed (all of them run). GREEDY_SECONDS, FLOOD_CREATORS and FLOOD_SILENT may be
# set in the environment to try other loads.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.build/release/kwiktop
PEER=.build/release/kwik-peer
OUT=$(mktemp -d)

GREEDY_SECONDS=${GREEDY_SECONDS:-10}
# The engine keeps at most --max-send-buffer (32 MiB) for one session whatever window its peer offers;
# an idle 4-path server with a real session is about 35 MiB. This leaves room for both, not for more.
GREEDY_RSS_MIB=128
FLOOD_CREATORS=${FLOOD_CREATORS:-200}
FLOOD_SILENT=${FLOOD_SILENT:-500}
# The server closes a silent connection after its 5 s handshake timeout (100 a second for 500); twice
# that re-opens them as fast as they go and leaves as much for the creators it refuses.
FLOOD_REOPEN_RATE=200
FLOOD_BYTES=$((1 << 30))
SESSION_WITHIN=10
RETRY_EVERY=0.5
# A creator that never reads pins its session's in-flight packets and its path's write buffer, about
# 2 MiB: the server's 64 sessions of them, the real session and the idle server (~35 MiB) fit with room
# to spare; a server that let each of them fill a whole send buffer would not.
FLOOD_RSS_MIB=256
# The real transfer takes a few seconds on loopback; the flood holds for longer than it may take.
CONNECT_SECONDS=30
FLOOD_SECONDS=$((CONNECT_SECONDS + 15))
INTERVAL=250ms
# Both ends of 700+ connections, with room for the re-opened ones still closing.
ulimit -n 8192

SERVER_PID=
WRAPPER_PID=
BACKGROUND=()
cleanup() {
    for pid in "${BACKGROUND[@]}" $WRAPPER_PID; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$OUT"
}
trap cleanup EXIT
FAILED=()

# start_server LOG: `serve` on 4 free ports; sets PORT, WRAPPER_PID and SERVER_PID (the kwiktop process).
start_server() {
    local log=$1
    PORT=$(python3 scripts/loopback.py 4)
    timeout 600 "$BIN" serve --port "$PORT" --paths 4 >"$log" 2>&1 &
    WRAPPER_PID=$!
    for _ in $(seq 100); do
        if grep -qs "listening" "$log"; then
            SERVER_PID=$(pgrep -P "$WRAPPER_PID")
            return 0
        fi
        sleep 0.1
    done
    cat "$log"; echo "FAIL: server did not start"; exit 1
}
stop_server() {
    kill "$WRAPPER_PID" 2>/dev/null || true
    wait "$WRAPPER_PID" 2>/dev/null || true
    WRAPPER_PID=
}
microseconds() { echo "${EPOCHREALTIME/./}"; }

echo "== greedy: receive window UInt32.max, never a cumulative acknowledgement, ${GREEDY_SECONDS} s"
start_server "$OUT/greedy-serve.log"
timeout $((GREEDY_SECONDS + 20)) "$PEER" greedy "$PORT" --seconds "$GREEDY_SECONDS" >"$OUT/greedy.log" 2>&1 &
GREEDY_PID=$!
BACKGROUND+=("$GREEDY_PID")
if greedy_rss=$(python3 .ci/rss_watch.py "$SERVER_PID" --bound-mib "$GREEDY_RSS_MIB" --stop-mib "$GREEDY_RSS_MIB" \
    --seconds "$GREEDY_SECONDS"); then
    wait "$GREEDY_PID" || FAILED+=("greedy peer exited $?")
else
    FAILED+=("greedy: server VmRSS $greedy_rss")
    # Passed the bound: stop the server before it takes the machine; the peer then sees the close.
    stop_server
    wait "$GREEDY_PID" || true
fi
echo "    server VmRSS $greedy_rss"
sed 's/^/    /' "$OUT/greedy.log"
stop_server

echo "== flood: $FLOOD_CREATORS creators that never read, $FLOOD_SILENT silent connections, and a real session"
start_server "$OUT/flood-serve.log"
flood_started=$(microseconds)
timeout $((FLOOD_SECONDS + 30)) "$PEER" flood "$PORT" --creators "$FLOOD_CREATORS" --silent "$FLOOD_SILENT" \
    --reopen-rate "$FLOOD_REOPEN_RATE" --seconds "$FLOOD_SECONDS" >"$OUT/flood.log" 2>&1 &
FLOOD_PID=$!
BACKGROUND+=("$FLOOD_PID")
for _ in $(seq 300); do grep -qs "holding" "$OUT/flood.log" && break; sleep 0.1; done
grep -q "holding" "$OUT/flood.log" || { cat "$OUT/flood.log"; echo "FAIL: the flood never held its connections"; exit 1; }
sed 's/^/    /' "$OUT/flood.log"
# Sampled for as long as the flood holds, whatever becomes of the real session.
python3 .ci/rss_watch.py "$SERVER_PID" --bound-mib "$FLOOD_RSS_MIB" \
    --seconds $((FLOOD_SECONDS - ($(microseconds) - flood_started) / 1000000)) >"$OUT/flood-rss.txt" &
WATCH_PID=$!
BACKGROUND+=("$WATCH_PID")

# A full server refuses at once: the client tries again, as a person would, every RETRY_EVERY seconds
# until SESSION_WITHIN seconds after its first try. Its first snapshot comes one interval after its
# session started and says how long ago that was.
started=$(microseconds)
deadline=$((started + (SESSION_WITHIN + 1) * 1000000))
attempts=0
first_line_at=
last_error=
while [ -z "$first_line_at" ] && [ "$(microseconds)" -lt "$deadline" ]; do
    attempts=$((attempts + 1))
    timeout "$CONNECT_SECONDS" "$BIN" connect 127.0.0.1 --port "$PORT" --paths 4 --headless --bytes "$FLOOD_BYTES" \
        --interval "$INTERVAL" >"$OUT/connect.json" 2>"$OUT/connect.err" &
    CONNECT_PID=$!
    BACKGROUND+=("$CONNECT_PID")
    while [ "$(microseconds)" -lt "$deadline" ]; do
        if [ -s "$OUT/connect.json" ]; then first_line_at=$(microseconds); break; fi
        kill -0 "$CONNECT_PID" 2>/dev/null || break
        sleep 0.05
    done
    if [ -z "$first_line_at" ]; then
        kill "$CONNECT_PID" 2>/dev/null || true
        wait "$CONNECT_PID" 2>/dev/null || true
        last_error=$(head -1 "$OUT/connect.err")
        sleep "$RETRY_EVERY"
    fi
done
if [ -n "$first_line_at" ]; then
    session_after=$(python3 -c 'import json, sys
uptime = json.loads(open(sys.argv[3]).readline())["time"]
print(f"{(int(sys.argv[1]) - int(sys.argv[2])) / 1e6 - uptime:.2f}")' "$first_line_at" "$started" "$OUT/connect.json")
    echo "    session after $session_after s, at attempt $attempts (bound $SESSION_WITHIN s)"
    if python3 -c 'import sys; sys.exit(float(sys.argv[1]) > float(sys.argv[2]))' "$session_after" "$SESSION_WITHIN"; then
        if wait "$CONNECT_PID"; then
            if ! python3 .ci/check_run.py "$OUT/connect.json" --bytes "$FLOOD_BYTES" | sed 's/^/    /'; then
                FAILED+=("flood: the transfer's check")
            fi
        else
            FAILED+=("flood: connect exited $?: $(head -1 "$OUT/connect.err")")
        fi
    else
        FAILED+=("flood: the session took $session_after s")
    fi
else
    FAILED+=("flood: no session within $SESSION_WITHIN s in $attempts attempts; the last: ${last_error:-no answer by then}")
fi
wait "$WATCH_PID" || FAILED+=("flood: server VmRSS $(cat "$OUT/flood-rss.txt")")
echo "    server VmRSS $(cat "$OUT/flood-rss.txt")"
wait "$FLOOD_PID" || FAILED+=("flood peer exited $?")
tail -1 "$OUT/flood.log" | sed 's/^/    /'
stop_server

if [ ${#FAILED[@]} -gt 0 ]; then
    printf 'FAIL: %s\n' "${FAILED[@]}"
    exit 1
fi
echo "flood: all passed"
