#!/usr/bin/env bash
# What the dashboard itself costs in CPU.
#
#   scripts/dashboard_cpu.sh [binary]        (default: .build/release/kwiktop)
#
# Starts `kwiktop serve` on free loopback ports with every path rate-limited to 200 Mbit/s (so the
# engine does the same work in every run), then measures the CPU time (utime + stime from
# /proc/PID/stat) of the client over a WINDOW-second window (after WARMUP seconds):
#   (a) connect --headless --duration 14s                      (engine only)
#   (b) the same connect with the dashboard, in a detached 120×40 tmux session, 4 Hz
#   (a) and (b) alternate REPEAT (default 3) times and their means are compared;
#   (c) an idle dashboard at 4 Hz: --bytes 1MiB finishes at once, the dashboard stays until `q`
# and prints each as % of one core, plus (b) − (a): the dashboard's own cost under load.
# Everything it starts (server, clients, its own tmux server on a private socket) is stopped on exit.
set -euo pipefail

BIN=${1:-.build/release/kwiktop}
WARMUP=${WARMUP:-2}
WINDOW=${WINDOW:-10}
REPEAT=${REPEAT:-3}
DURATION=${DURATION:-14s}
RATE=${RATE:-200mbit}
PATHS=4
COLS=120
ROWS=40
[[ -x $BIN ]] || { echo "no executable at $BIN" >&2; exit 1; }
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
command -v tmux >/dev/null || { echo "tmux is required" >&2; exit 1; }

WORK=$(mktemp -d /tmp/dashboard_cpu.XXXXXX)
TMUX_SOCKET="kwik-cpu-$$"
SESSION="kwikcpu"
SERVER_PID=""
CLIENT_PID=""

cleanup() {
    [[ -n $CLIENT_PID ]] && kill "$CLIENT_PID" 2>/dev/null || true
    tmux -L "$TMUX_SOCKET" kill-server 2>/dev/null || true
    rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$TMUX_SOCKET"
    if [[ -n $SERVER_PID ]]; then
        kill -INT "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

# A base port with PATHS consecutive free ports on 127.0.0.1.
PORT=$(python3 - "$PATHS" <<'EOF'
import random, socket, sys
paths = int(sys.argv[1])
for _ in range(200):
    base = random.randrange(20000, 60000 - paths)
    socks = []
    try:
        for port in range(base, base + paths):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind(("127.0.0.1", port))
            socks.append(s)
    except OSError:
        continue
    finally:
        for s in socks:
            s.close()
    print(base)
    break
else:
    sys.exit("no free port range")
EOF
)

. "$(dirname "$0")/lib/cpu.sh"

wait_gone() {
    local pid=$1
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
    kill "$pid" 2>/dev/null || true
}

PROFILES=()
for id in $(seq "$PATHS"); do PROFILES+=(--profile "$id:rate=$RATE"); done

"$BIN" serve --port "$PORT" --paths "$PATHS" "${PROFILES[@]}" --log-level error >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 50); do
    python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $PORT), 0.2).close()" 2>/dev/null && break
    sleep 0.1
done
server_before=$(cpu_ticks "$SERVER_PID")

echo "binary:  $BIN"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "server:  127.0.0.1:$PORT-$((PORT + PATHS - 1)), every path rate=$RATE; window ${WINDOW}s after ${WARMUP}s warm-up"
echo

CONNECT=(connect 127.0.0.1 --port "$PORT" --paths "$PATHS")

# Runs `connect ARGS…` with the dashboard in a detached tmux session; prints the client's pid.
start_dashboard() {
    tmux -L "$TMUX_SOCKET" -f /dev/null new-session -d -s "$SESSION" -x "$COLS" -y "$ROWS" \
        "exec '$BIN' ${CONNECT[*]} $*"
    tmux -L "$TMUX_SOCKET" display-message -p -t "$SESSION" '#{pane_pid}'
}

stop_dashboard() {
    local pid=$1
    tmux -L "$TMUX_SOCKET" send-keys -t "$SESSION" q 2>/dev/null || true
    wait_gone "$pid"
    tmux -L "$TMUX_SOCKET" kill-server 2>/dev/null || true
}

# Average goodput (Mbit/s) of a headless run, from its final NDJSON line.
headless_goodput() {
    python3 - "$1" <<'EOF'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if l.strip().startswith("{")]
final = [l for l in lines if l.get("final")]
rec = final[-1] if final else (lines[-1] if lines else {})
# goodput_bps: the run's, from the session's start to its end (on an interval line: so far).
goodput = rec.get("goodput_bps")
print(f"{goodput / 1e6:.0f}" if goodput else "n/a")
EOF
}


# (a) and (b) alternate REPEAT times, so drift of the machine hits both alike.
HEADLESS=()
DASHBOARD=()
for run in $(seq "$REPEAT"); do
    # (a) headless.
    "$BIN" "${CONNECT[@]}" --headless --duration "$DURATION" >"$WORK/headless.ndjson" 2>"$WORK/headless.err" &
    CLIENT_PID=$!
    HEADLESS+=("$(measure "$CLIENT_PID")")
    wait "$CLIENT_PID" || true
    CLIENT_PID=""
    echo "run $run (a) headless:  ${HEADLESS[-1]}% of one core; goodput $(headless_goodput "$WORK/headless.ndjson") Mbit/s"

    # (b) dashboard under the same load.
    CLIENT_PID=$(start_dashboard --duration "$DURATION")
    DASHBOARD+=("$(measure "$CLIENT_PID")")
    # The header of the last frame, as evidence the dashboard was drawing a live session.
    header=$(tmux -L "$TMUX_SOCKET" capture-pane -p -t "$SESSION" 2>/dev/null | sed -n '1,2p' | tr -s ' ' | paste -sd'|')
    stop_dashboard "$CLIENT_PID"
    CLIENT_PID=""
    echo "run $run (b) dashboard: ${DASHBOARD[-1]}% of one core; screen: ${header:0:150}"
done

# (c) idle dashboard: the transfer is over at once, the dashboard keeps redrawing at 4 Hz.
CLIENT_PID=$(start_dashboard --bytes 1MiB)
idle=$(measure "$CLIENT_PID")
stop_dashboard "$CLIENT_PID"
CLIENT_PID=""

server_after=$(cpu_ticks "$SERVER_PID")
headless=$(mean "${HEADLESS[@]}")
dashboard=$(mean "${DASHBOARD[@]}")

echo
echo "means over $REPEAT alternating runs, client process only:"
printf '%-52s %6s%% of one core\n' "(a) connect --headless (engine only)" "$headless"
printf '%-52s %6s%% of one core\n' "(b) connect with dashboard, ${COLS}x${ROWS}, 4 Hz" "$dashboard"
printf '%-52s %6s%% of one core\n' "    dashboard's own cost (b) - (a)" "$(awk -v a="$headless" -v b="$dashboard" 'BEGIN { printf "%.1f", b - a }')"
printf '%-52s %6s%% of one core\n' "(c) idle dashboard (--bytes 1MiB done), 4 Hz" "$idle"
echo "server CPU over the whole script: $(( (server_after - server_before) / TICKS )) s"
