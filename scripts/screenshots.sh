#!/usr/bin/env bash
# Regenerate the dashboard screenshots in screenshots/ from the embedded demo.
#
#   scripts/screenshots.sh [path/to/kwiktop [SHOT...]]     (default: .build/release/kwiktop, every shot)
#
# Shots: default light tty help failover detail bench server mptcp. `mptcp` runs as root: an
# mptcpize'd iperf3 with four subflows in a network namespace of its own, removed afterwards.
#
# Each shot runs `kwiktop demo` in a detached 120x40 tmux session (private tmux server, no user
# config), waits until the dashboard shows live data, sends keys, captures the pane with its
# escapes and renders it with scripts/ansi2png.py. With TERM=xterm-256color and
# COLORTERM=truecolor kwiktop redefines palette slots 16+ to the theme's exact RGB values (OSC 4);
# a capture only records the slot numbers, so the pane's raw output is logged with pipe-pane and
# ansi2png.py reads the palette from it.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${1:-.build/release/kwiktop}
shift || true
shots=("$@")
want() { ((${#shots[@]} == 0)) || [[ " ${shots[*]} " == *" $1 "* ]]; }
[[ $bin == /* ]] || bin=$PWD/$bin
[[ -x $bin ]] || { echo "error: $bin is not an executable kwiktop binary" >&2; exit 1; }
cd "$repo"

command -v tmux >/dev/null || { echo "error: tmux is required (apt-get install tmux)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "error: python3 is required" >&2; exit 1; }
if ! python3 -c 'import PIL' 2>/dev/null; then
    echo "Pillow is missing: installing it with 'python3 -m pip install --user pillow'"
    python3 -m pip install --quiet --user pillow || python3 -m pip install --quiet pillow
fi

cols=120 rows=40
work=$(mktemp -d)
tmux_() { tmux -f /dev/null -S "$work/tmux.sock" "$@"; }  # a private tmux server
cleanup() { tmux_ kill-server 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
mkdir -p screenshots
export XDG_CONFIG_HOME=$work/config  # no saved settings of the user's, and none written to theirs

# start SESSION TERM COLORTERM [demo options...]: run the demo with its raw output logged.
start() {
    local session=$1 term=$2 colorterm=$3; shift 3
    local cmd
    cmd=$(printf '%q ' ${inside:+ip netns exec "$inside"} env TERM="$term" COLORTERM="$colorterm" LANG=C.UTF-8 \
        "$bin" "${command:-demo}" "$@")
    # The pane waits for the signal so that pipe-pane is attached before kwiktop's first output.
    tmux_ new-session -d -s "$session" -x "$cols" -y "$rows" "tmux wait-for go-$session; exec $cmd"
    tmux_ pipe-pane -t "$session" -o "cat > '$work/$session.raw'"
    tmux_ wait-for -S "go-$session"
}

screen() { tmux_ capture-pane -p -t "$1" 2>/dev/null || true; }

# wait_for SESSION REGEX [TIMEOUT]: poll the pane until its text matches.
wait_for() {
    local session=$1 regex=$2 deadline=$((SECONDS + ${3:-20}))
    until screen "$session" | grep -Eq -- "$regex"; do
        if ((SECONDS >= deadline)) || ! tmux_ has-session -t "$session" 2>/dev/null; then
            echo "error: timed out waiting for /$regex/ in '$session'; the pane shows:" >&2
            screen "$session" >&2
            exit 1
        fi
        sleep 0.2
    done
}

# wait_uptime SESSION SECONDS: until the header's "up N.Ns" reaches SECONDS (graphs get history).
wait_uptime() {
    local session=$1 seconds=$2 deadline=$((SECONDS + $2 + 20)) up
    wait_for "$session" 'goodput [0-9.]+ [kMG]bit/s'
    while :; do
        up=$(screen "$session" | grep -Eo 'up [0-9]+\.[0-9]s' | head -n1 | tr -dc '0-9.' || true)
        [[ -n $up ]] && ((${up%.*} >= seconds)) && return
        ((SECONDS < deadline)) || { echo "error: '$session' never reached up ${seconds}s" >&2; exit 1; }
        sleep 0.2
    done
}

# shoot SESSION NAME [ansi2png options...]: capture, quit, render screenshots/NAME.png.
shoot() {
    local session=$1 name=$2; shift 2
    tmux_ capture-pane -e -p -t "$session" > "$work/$name.ans"
    cp "$work/$session.raw" "$work/$name.palette"  # the palette as it is now (quitting resets it)
    tmux_ send-keys -t "$session" q
    for _ in $(seq 50); do tmux_ has-session -t "$session" 2>/dev/null || break; sleep 0.1; done
    tmux_ kill-session -t "$session" 2>/dev/null || true
    python3 scripts/ansi2png.py "$work/$name.ans" -o "screenshots/$name.png" --cols "$cols" --rows "$rows" \
        --palette-from "$work/$name.palette" "$@"
    echo "screenshots/$name.png"
}

dark=(--bg '#1e1e2e' --fg '#cdd6f4')

if want default; then
    start default xterm-256color truecolor
    wait_uptime default 30
    shoot default dashboard-default "${dark[@]}"
fi

if want light; then
    start light xterm-256color truecolor --theme light
    wait_uptime light 30
    shoot light dashboard-light --bg '#eff1f5' --fg '#4c4f69'
fi

if want tty; then
    # A basic 16-colour terminal (no truecolor, no palette changes).
    tty_term=rxvt-unicode  # 88 colours but without COLORTERM kwiktop uses its 16-colour mode
    infocmp xterm-16color >/dev/null 2>&1 && tty_term=xterm-16color
    start tty "$tty_term" '' --theme tty
    wait_uptime tty 30
    shoot tty dashboard-tty --bg '#000000' --fg '#e5e5e5'
fi

if want help; then
    start help xterm-256color truecolor
    wait_uptime help 5
    tmux_ send-keys -t help '?'
    wait_for help 'help · esc closes'
    shoot help help "${dark[@]}"
fi

if want failover; then
    # Disable path 2, select path 3 (two rows down from path 1) and kill it.
    start failover xterm-256color truecolor
    wait_uptime failover 25
    tmux_ send-keys -t failover 2
    wait_for failover '^│ +2 [0-9.:…]+ +disabled'
    tmux_ send-keys -t failover j j x
    wait_for failover '^│ +3 killed'
    sleep 1
    shoot failover failover "${dark[@]}"
fi

if want detail; then
    # Path 2 (8 ms ± 1 ms at 400 Mbit/s in the demo) in depth, once its graphs have half a minute to show.
    start detail xterm-256color truecolor
    wait_uptime detail 30
    tmux_ send-keys -t detail j Enter
    wait_for detail 'path 2 · .* · esc back'
    sleep 1
    shoot detail path-detail "${dark[@]}"
fi

if want bench; then
    # The live benchmark, once its three modes have run.
    command=bench start bench xterm-256color truecolor --warmup 1s --duration 3s
    wait_for bench 'finished' 60
    shoot bench bench "${dark[@]}"
fi

if want server; then
    # The server's dashboard with three clients of different rates and workloads, then one session opened.
    server_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    clients=()
    stop_clients() { for pid in "${clients[@]}"; do kill -INT "$pid" 2>/dev/null || true; done; }
    trap 'stop_clients; cleanup' EXIT
    for session in server server-session; do
        command=serve start "$session" xterm-256color truecolor --port "$server_port" --paths 3 \
            --profile 2:delay=10ms --profile 3:rate=80mbit
        wait_for "$session" 'no sessions yet'
        for client in "download 300mbit 3" "upload 120mbit 2" "both 40mbit 3"; do
            read -r workload rate paths <<<"$client"
            "$bin" connect 127.0.0.1 --port "$server_port" --paths "$paths" --workload "$workload" --rate "$rate" \
                --duration 60s --headless >/dev/null 2>&1 &
            clients+=($!)
        done
        wait_for "$session" 'sessions 3 running'
        sleep 12
        if [[ $session == server-session ]]; then
            tmux_ send-keys -t "$session" Enter
            wait_for "$session" '\(server\)'
            sleep 1
        fi
        shoot "$session" "$session" "${dark[@]}"
        stop_clients
        clients=()
        sleep 1
    done
fi

# The kernel's MPTCP: iperf3 made MPTCP by mptcpize, three more subflows from the endpoints
# 127.0.0.2-4, in a namespace of its own, watched by `kwiktop mptcp`.
if want mptcp; then
    ns=kwt-shot-$$
    ip netns add "$ns"
    trap 'ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null || true; ip netns del "$ns" 2>/dev/null || true; cleanup' EXIT
    ip netns exec "$ns" ip link set lo up
    ip netns exec "$ns" ip mptcp limits set subflow 4 add_addr_accepted 4
    for host in 2 3 4; do ip netns exec "$ns" ip mptcp endpoint add "127.0.0.$host" dev lo subflow; done
    # The dashboard first, so that its event log shows the connection being made.
    inside=$ns command=mptcp start mptcp xterm-256color truecolor --interval 500ms --filter 5201
    wait_for mptcp 'no path-manager event yet'
    ip netns exec "$ns" mptcpize run iperf3 -s -1 -p 5201 >/dev/null 2>&1 &
    sleep 1
    ip netns exec "$ns" mptcpize run iperf3 -c 127.0.0.1 -p 5201 -t 30 -b 300M >/dev/null 2>&1 &
    wait_for mptcp 'iperf3/[0-9]+'
    # The data connection is the busy one: select it.
    for _ in 1 2 3 4; do
        screen mptcp | sed -n '/subflows of/,/endpoints/p' | grep -Eq '[0-9.]+ [MG]bit/s' && break
        tmux_ send-keys -t mptcp j
        sleep 1
    done
    sleep 6
    # Endpoint 3 made a backup: its subflow's sparkline falls while the others take its share.
    tmux_ send-keys -t mptcp Tab Down Down b
    wait_for mptcp 'as backup\? y to confirm'
    tmux_ send-keys -t mptcp y
    wait_for mptcp 'endpoint 3 is a backup now'
    sleep 6
    shoot mptcp mptcp "${dark[@]}"
fi
