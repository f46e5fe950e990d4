#!/usr/bin/env bash
# Drives the real dashboard in tmux: live numbers, toggling path 2 off and on, help, quit.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$PWD/.build/release/kwiktop
OUT=$(mktemp -d)
SESSION=kwiktop-smoke-$$
trap 'tmux kill-session -t "$SESSION" 2>/dev/null || true; rm -rf "$OUT"' EXIT
# The settings file the dashboard writes stays in this run's folder, whoever runs it.
export XDG_CONFIG_HOME=$OUT/config
SETTINGS=$XDG_CONFIG_HOME/kwiktop/kwiktop.toml

screen() { tmux capture-pane -t "$SESSION" -p; }
path_row() { screen | grep -E "^│ +$1 127\.0\.0\.1" || true; }
header_field() { screen | sed -n 2p | grep -oE "$1 [0-9.]+ [A-Za-z]+" | head -1; }

# wait_for DESCRIPTION COMMAND…: polls COMMAND for up to 20 s.
wait_for() {
    local what=$1; shift
    for _ in $(seq 200); do
        if "$@" >/dev/null 2>&1; then return 0; fi
        sleep 0.1
    done
    echo "FAIL: $what"; screen; exit 1
}
row_is() { path_row "$1" | grep -q "$2"; }
row_rx_zero() { path_row "$1" | grep -qE "$2 +0 bit/s"; }
shows() { screen | grep -q "$1"; }
hides() { ! screen | grep -q "$1"; }

for term in xterm-256color screen linux; do
    echo "== TERM=$term"
    rm -f "$OUT/exit"
    tmux new-session -d -s "$SESSION" -x 120 -y 40 "TERM=$term $BIN demo; echo \$? > $OUT/exit; sleep 60"
    wait_for "path table did not appear" row_is 4 active
    first=$(header_field delivered)
    sleep 1.5
    second=$(header_field delivered)
    [ "$first" != "$second" ] || { echo "FAIL: numbers are not live ($first)"; screen; exit 1; }
    echo "    live: delivered $first -> $second"

    tmux send-keys -t "$SESSION" 2
    wait_for "path 2 did not show as disabled" row_is 2 disabled
    wait_for "path 2 rate did not fall to 0" row_rx_zero 2 disabled
    before=$(header_field delivered)
    sleep 1
    after=$(header_field delivered)
    [ "$before" != "$after" ] || { echo "FAIL: total stopped while path 2 was disabled"; screen; exit 1; }
    echo "    path 2 disabled, rate 0, total goes on ($before -> $after)"

    tmux send-keys -t "$SESSION" 2
    wait_for "path 2 did not come back" row_is 2 active
    echo "    path 2 active again"

    tmux send-keys -t "$SESSION" '?'
    wait_for "help did not open" shows "help · esc closes"
    tmux send-keys -t "$SESSION" Escape
    wait_for "help did not close" row_is 1 active
    echo "    help opens and closes"

    # Enter opens the selected path (the first) in depth: its graphs, RTT spread, failovers, figures.
    tmux send-keys -t "$SESSION" Enter
    wait_for "path detail did not open" shows "path 1 · 127.0.0.1:[0-9]* .* · esc back"
    wait_for "path detail has no rx graph" shows "│ rx  .* · peak "
    wait_for "path detail has no pool graph" shows "│ pool hits "
    wait_for "path detail has no RTT spread" shows "│ rtt spread .* p50 "
    wait_for "path detail has no failovers line" shows "failovers 0 · reconnects 0"
    tmux send-keys -t "$SESSION" Escape
    wait_for "path detail did not close" hides "esc back"
    [ ! -e "$SETTINGS" ] || { echo "FAIL: settings written though none changed"; exit 1; }
    echo "    path detail opens on Enter and closes on Esc"

    tmux resize-window -t "$SESSION" -x 50 -y 12
    wait_for "no too-small message at 50x12" shows "too small"
    tmux resize-window -t "$SESSION" -x 100 -y 30
    wait_for "layout did not come back at 100x30" row_is 4 active
    echo "    resizes: too-small message at 50x12, table again at 100x30"

    # q must quit even from the too-small screen.
    tmux resize-window -t "$SESSION" -x 50 -y 12
    wait_for "no too-small message at 50x12" shows "too small"
    tmux send-keys -t "$SESSION" q
    wait_for "kwiktop did not exit on q" test -s "$OUT/exit"
    [ "$(cat "$OUT/exit")" = 0 ] || { echo "FAIL: exit status $(cat "$OUT/exit")"; exit 1; }
    [ "$(tmux display -p -t "$SESSION" '#{alternate_on}')" = 0 ] || { echo "FAIL: terminal left in the alternate screen"; exit 1; }
    echo "    q exits with 0 from the too-small screen and restores the terminal"
    tmux kill-session -t "$SESSION"
done
echo "== settings stay: kwiktop.toml is written when one changes, read at the next start"
start_demo() {
    rm -f "$OUT/exit"
    tmux new-session -d -s "$SESSION" -x 120 -y 40 "TERM=xterm-256color $BIN demo; echo \$? > $OUT/exit; sleep 60"
    wait_for "path table did not appear" row_is 4 active
}
quit_demo() {
    tmux send-keys -t "$SESSION" q
    wait_for "kwiktop did not exit on q" test -s "$OUT/exit"
    [ "$(cat "$OUT/exit")" = 0 ] || { echo "FAIL: exit status $(cat "$OUT/exit")"; exit 1; }
    tmux kill-session -t "$SESSION"
}
start_demo
wait_for "graph does not span a minute" shows "last 1:00"
tmux send-keys -t "$SESSION" ']' L t
wait_for "] did not widen the graph" shows "throughput, stacked · last 2:00 .* ■1"
quit_demo
for line in 'graph_span = 120' 'legend = "top"' 'theme = "gruvbox"'; do
    grep -qx "$line" "$SETTINGS" || { echo "FAIL: $SETTINGS lacks $line"; cat "$SETTINGS"; exit 1; }
done
start_demo
wait_for "the saved span and legend were not used" shows "throughput, stacked · last 2:00 .* ■1"
quit_demo
echo "    ], L and t saved to kwiktop.toml and in force at the next start"
printf 'graph_span = 120\nrefresh = = 4\n' >"$SETTINGS"
start_demo
wait_for "a broken file did not name its line" shows "kwiktop.toml:2: "
wait_for "a broken file did not fall back to the defaults" shows "last 1:00"
tmux send-keys -t "$SESSION" ']'
wait_for "] did nothing" shows "last 2:00"
quit_demo
grep -q 'refresh = = 4' "$SETTINGS" || { echo "FAIL: the broken file was overwritten"; exit 1; }
rm -f "$SETTINGS"
echo "    a broken file: its line named, the defaults used, the file left as the user wrote it"

echo "== TERM=dumb: a one-line message and status 2, not a blank screen"
rm -f "$OUT/exit"
tmux new-session -d -s "$SESSION" -x 120 -y 40 "TERM=dumb $BIN demo 2>$OUT/dumb.err; echo \$? > $OUT/exit; sleep 60"
wait_for "kwiktop did not exit under TERM=dumb" test -s "$OUT/exit"
[ "$(cat "$OUT/exit")" = 2 ] || { echo "FAIL: TERM=dumb exit status $(cat "$OUT/exit")"; cat "$OUT/dumb.err"; exit 1; }
grep -q "TERM=dumb cannot draw the dashboard.*--headless" "$OUT/dumb.err" ||
    { echo "FAIL: TERM=dumb message: $(cat "$OUT/dumb.err")"; exit 1; }
echo "    $(cat "$OUT/dumb.err")"
tmux kill-session -t "$SESSION"
echo "== kwiktop bench (live view)"
rm -f "$OUT/exit"
tmux new-session -d -s "$SESSION" -x 120 -y 40 "TERM=xterm-256color $BIN bench --warmup 300ms --duration 1s; echo \$? > $OUT/exit; sleep 60"
wait_for "bench did not start measuring" shows "per-path"
for _ in $(seq 300); do shows "finished" && break; sleep 0.1; done
shows "finished" || { echo "FAIL: bench did not finish"; screen; exit 1; }
for mode in per-path global-pool naive; do
    screen | grep -qE "^│ *$mode .*bit/s" || { echo "FAIL: no result row for $mode"; screen; exit 1; }
done
screen | grep -E "^│ *(per-path|global-pool|naive) " | sed 's/^/    /'
tmux send-keys -t "$SESSION" q
wait_for "bench did not exit on q" test -s "$OUT/exit"
[ "$(cat "$OUT/exit")" = 0 ] || { echo "FAIL: bench exit status $(cat "$OUT/exit")"; exit 1; }
[ "$(tmux display -p -t "$SESSION" '#{alternate_on}')" = 0 ] || { echo "FAIL: bench left the alternate screen on"; exit 1; }
for mode in per-path global-pool naive; do
    screen | grep -qE "^│ *$mode .*bit/s" || { echo "FAIL: the results were not printed on exit ($mode)"; screen; exit 1; }
done
echo "    results table shown, q exits with 0 and leaves the table on the terminal"
tmux kill-session -t "$SESSION"
echo "== kwiktop serve (server dashboard) with two clients"
rm -f "$OUT/exit"
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
tmux new-session -d -s "$SESSION" -x 120 -y 40 "TERM=xterm-256color $BIN serve --port $PORT --paths 1; echo \$? > $OUT/exit; sleep 60"
wait_for "server dashboard did not appear" shows "no sessions yet"
CLIENTS=()
for workload in download upload; do
    "$BIN" connect 127.0.0.1 --port "$PORT" --paths 1 --workload "$workload" --rate 20mbit --duration 30s --headless \
        >"$OUT/client-$workload.ndjson" 2>"$OUT/client-$workload.err" &
    CLIENTS+=($!)
done
stop_clients() { for pid in "${CLIENTS[@]}"; do kill -INT "$pid" 2>/dev/null || true; done; }
trap 'stop_clients; tmux kill-session -t "$SESSION" 2>/dev/null || true; rm -rf "$OUT"' EXIT
wait_for "both sessions did not appear" shows "sessions 2 running"
session_rows() { screen | grep -cE "^│ [0-9a-f]{8} 127\.0\.0\.1 .* running" || true; }
wait_for "two running session rows" test "$(session_rows)" = 2
wait_for "a session row shows no goodput" bash -c "tmux capture-pane -t $SESSION -p | grep -E '^│ [0-9a-f]{8} ' | grep -vqE ' 0 bit/s'"
screen | grep -E "^│ (session|[0-9a-f]{8}) " | sed 's/^/    /'
tmux send-keys -t "$SESSION" Enter
wait_for "Enter did not open the session" shows "(server)"
wait_for "the opened session has no path table" shows "paths 1/1 active"
wait_for "the opened session shows no goodput" bash -c "tmux capture-pane -t $SESSION -p | sed -n 2p | grep -qE 'goodput( at peer)? [1-9]'"
echo "    Enter opens a session: $(screen | sed -n 2p | tr -s ' ' | cut -c1-90)"
tmux send-keys -t "$SESSION" Escape
wait_for "Esc did not go back to the list" shows "sessions 2 running"
tmux send-keys -t "$SESSION" q
wait_for "serve did not exit on q" test -s "$OUT/exit"
[ "$(cat "$OUT/exit")" = 0 ] || { echo "FAIL: serve exit status $(cat "$OUT/exit")"; exit 1; }
echo "    Esc returns to the list, q exits with 0"
stop_clients
tmux kill-session -t "$SESSION"
echo "ui smoke: all passed"
