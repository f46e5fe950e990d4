#!/usr/bin/env bash
# What the server's dashboard costs in CPU with many sessions listed.
#
#   scripts/server_dashboard_cpu.sh [binary]        (default: .build/release/kwiktop)
#
# Runs SESSIONS (default 64) one-path clients at RATE (default 2mbit) each against `kwiktop serve`
# on a free loopback port, and measures the CPU time (utime + stime) of the server process over a
# WINDOW-second window after WARMUP seconds, once for each of:
#   (a) serve --headless                                       (engine only)
#   (b) serve with its dashboard in a detached 120×40 tmux session, 4 Hz, listing every session
# (a) and (b) alternate REPEAT (default 2) times; the means and (b) − (a) are printed.
# Everything it starts (server, clients, its own tmux server on a private socket) is stopped on exit.
set -euo pipefail

BIN=${1:-.build/release/kwiktop}
SESSIONS=${SESSIONS:-64}
RATE=${RATE:-2mbit}
WARMUP=${WARMUP:-3}
WINDOW=${WINDOW:-10}
REPEAT=${REPEAT:-2}
COLS=120
ROWS=40
[[ -x $BIN ]] || { echo "no executable at $BIN" >&2; exit 1; }
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
command -v tmux >/dev/null || { echo "tmux is required" >&2; exit 1; }
. "$(dirname "$0")/lib/cpu.sh"

WORK=$(mktemp -d /tmp/server_dashboard_cpu.XXXXXX)
TMUX_SOCKET="kwik-scpu-$$"
SESSION="kwikscpu"
SERVER_PID=""
CLIENTS=()

stop_clients() {
    for pid in "${CLIENTS[@]}"; do kill -INT "$pid" 2>/dev/null || true; done
    for pid in "${CLIENTS[@]}"; do wait "$pid" 2>/dev/null || true; done
    CLIENTS=()
}

stop_server() {
    [[ -n $SERVER_PID ]] || return 0
    tmux -L "$TMUX_SOCKET" send-keys -t "$SESSION" q 2>/dev/null || true
    kill -INT "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    tmux -L "$TMUX_SOCKET" kill-server 2>/dev/null || true
    SERVER_PID=""
}

cleanup() {
    stop_clients
    stop_server
    rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$TMUX_SOCKET"
    rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
SERVE=(serve --port "$PORT" --paths 1 --log-level error)

wait_listening() {
    for _ in $(seq 100); do
        python3 -c "import socket; socket.create_connection(('127.0.0.1', $PORT), 0.2).close()" 2>/dev/null && return 0
        sleep 0.1
    done
    echo "the server did not listen on $PORT" >&2
    return 1
}

start_clients() {
    local duration=$((WARMUP + WINDOW + 10))
    for _ in $(seq "$SESSIONS"); do
        "$BIN" connect 127.0.0.1 --port "$PORT" --paths 1 --rate "$RATE" --duration "${duration}s" --headless \
            >/dev/null 2>>"$WORK/clients.err" &
        CLIENTS+=($!)
    done
}

echo "binary:   $BIN"
echo "machine:  $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "load:     $SESSIONS sessions of one path at $RATE each; window ${WINDOW}s after ${WARMUP}s warm-up"
echo

HEADLESS=()
DASHBOARD=()
for run in $(seq "$REPEAT"); do
    "$BIN" "${SERVE[@]}" --headless >"$WORK/server.log" 2>&1 &
    SERVER_PID=$!
    wait_listening
    start_clients
    HEADLESS+=("$(measure "$SERVER_PID")")
    echo "run $run (a) headless:  ${HEADLESS[-1]}% of one core"
    stop_clients
    stop_server

    tmux -L "$TMUX_SOCKET" -f /dev/null new-session -d -s "$SESSION" -x "$COLS" -y "$ROWS" \
        "exec '$BIN' ${SERVE[*]}"
    SERVER_PID=$(tmux -L "$TMUX_SOCKET" display-message -p -t "$SESSION" '#{pane_pid}')
    wait_listening
    start_clients
    DASHBOARD+=("$(measure "$SERVER_PID")")
    listed=$(tmux -L "$TMUX_SOCKET" capture-pane -p -t "$SESSION" | sed -n 2p | tr -s ' ' | cut -c1-100)
    echo "run $run (b) dashboard: ${DASHBOARD[-1]}% of one core; header:${listed}"
    stop_clients
    stop_server
done

headless=$(mean "${HEADLESS[@]}")
dashboard=$(mean "${DASHBOARD[@]}")
echo
echo "means over $REPEAT alternating runs, server process only:"
printf '%-52s %6s%% of one core\n' "(a) serve --headless (engine only)" "$headless"
printf '%-52s %6s%% of one core\n' "(b) serve with dashboard, ${COLS}x${ROWS}, 4 Hz" "$dashboard"
printf '%-52s %6s%% of one core\n' "    dashboard's own cost (b) - (a)" \
    "$(awk -v a="$headless" -v b="$dashboard" 'BEGIN { printf "%.1f", b - a }')"
