#!/usr/bin/env bash
# Acceptance checks of kwiktop over real (virtual) networks: a client namespace C and a server
# namespace S joined by veth pairs shaped with tbf, with silent outages, lost addresses, resets, IPv6
# and interfaces that come and go. Runs as root; every process and packet stays in the namespaces it
# creates, and everything is removed on exit.
#
# Needs: ip, tc and ss (iproute2; network namespaces, veth, the tbf and clsact qdiscs, and for silent
# drops either the matchall classifier with the gact action or the bpf classifier), timeout (coreutils),
# python3 (stdlib only, .ci/netns_check.py); iperf3 is used for the shaping check when installed.
# Nothing is installed here: without network namespaces or tbf the script prints `SKIP: reason`, exits 0.
#
#   KWIKTOP=path/to/kwiktop .ci/netns.sh [SCENARIO]    (default binary .build/release/kwiktop)
# Scenarios: bound silent3 silent30 addrgone reset60 ipv6 auto; all of them without an argument. Each
# prints its figures one a line, `scenario: figure = value (bound)`; every scenario runs, then the
# script exits 1 with a `FAIL:` line per failed check. NETNS_KEEP=1 keeps the run's files.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath "${KWIKTOP:-.build/release/kwiktop}")
CHECK=$(realpath .ci/netns_check.py)
OUT=$(mktemp -d /tmp/kwt-netns.XXXXXX)
PREFIX="kwt$$"
S="$PREFIX-s"
C="$PREFIX-c"
PROBE="$PREFIX-p"

# Link rates (tbf on both ends of each veth pair). Path 1's delivery during an outage of link 2 is
# checked against RATE1_BPS.
RATE1_BPS=100000000
RATE2_BPS=20000000
RATE3_BPS=20000000
RATE4_BPS=20000000
INTERVAL=250ms
# What path 1 must keep carrying during an outage, per interval, as a share of link 1's rate.
UP_SHARE=0.8
# How soon the failed path must be active again after its link comes back.
BACK_WITHIN=2
RESET_BACK_WITHIN=5
BEFORE_OUTAGE=4
AFTER_OUTAGE=6

ALL=(bound silent3 silent30 addrgone reset60 ipv6 auto)

cleanup() {
    local ns pid
    for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^$PREFIX-" || true); do
        # Only what this script started runs in its namespaces.
        for pid in $(ip netns pids "$ns" 2>/dev/null); do kill "$pid" 2>/dev/null || true; done
    done
    sleep 0.2
    for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^$PREFIX-" || true); do
        for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
        ip netns del "$ns" 2>/dev/null || true
    done
    if [ "${NETNS_KEEP:-}" = 1 ]; then echo "files kept in $OUT"; else rm -rf "$OUT"; fi
}
trap cleanup EXIT
SCENARIO_PID=
trap '[ -z "$SCENARIO_PID" ] || kill "$SCENARIO_PID" 2>/dev/null; exit 130' INT TERM

skip() { echo "SKIP: $*"; exit 0; }
now() { echo "$EPOCHREALTIME"; }
# sleep_until EPOCH
sleep_until() { sleep "$(awk -v t="$1" -v n="$EPOCHREALTIME" 'BEGIN { d = t - n; if (d < 0) d = 0; printf "%.3f", d }')"; }
later() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.6f", a + b }'; }

# tbf: a burst of 5 ms at the rate (at least 16 KiB) keeps a bulk TCP flow at ~95 % of the rate; the
# 20 ms queue stays far above the veth's bandwidth-delay product.
shape() { # NS DEV BPS
    local burst=$(($3 / 8 / 200))
    [ "$burst" -ge 16384 ] || burst=16384
    tc -n "$1" qdisc replace dev "$2" root tbf rate "$3bit" burst "$burst" latency 20ms
}

# --- preflight ---------------------------------------------------------------------------------------
[ "$(id -u)" = 0 ] || skip "not root"
for tool in ip tc ss timeout python3; do command -v "$tool" >/dev/null || skip "$tool is not installed"; done
[ -x "$BIN" ] || { echo "FAIL: no kwiktop binary at $BIN (set KWIKTOP)"; exit 1; }
ip netns add "$PROBE" 2>"$OUT/probe.err" || skip "ip netns add: $(head -1 "$OUT/probe.err")"
ip -n "$PROBE" link add name pa type veth peer name pb 2>"$OUT/probe.err" ||
    skip "veth pairs: $(head -1 "$OUT/probe.err")"
ip -n "$PROBE" link set pa up
tc -n "$PROBE" qdisc add dev pa root tbf rate 100mbit burst 64kb latency 20ms 2>"$OUT/probe.err" ||
    skip "tc qdisc tbf: $(head -1 "$OUT/probe.err")"
tc -n "$PROBE" qdisc add dev pb clsact 2>"$OUT/probe.err" || skip "tc qdisc clsact: $(head -1 "$OUT/probe.err")"
# A silent drop: a filter on the ingress of each end of the link, so that the wire loses the packets
# and neither sender sees a local error (an egress drop would return ENOBUFS to the sending socket).
if tc -n "$PROBE" filter add dev pb ingress pref 1 matchall action drop 2>"$OUT/matchall.err"; then
    DROP=(matchall action drop)
elif tc -n "$PROBE" filter add dev pb ingress pref 1 bpf da bytecode '1,6 0 0 2' 2>"$OUT/bpf.err"; then
    # Classic BPF `ret #2` in direct-action mode: TC_ACT_SHOT without the gact action.
    DROP=(bpf da bytecode '1,6 0 0 2')
    echo "note: matchall/gact unavailable ($(head -1 "$OUT/matchall.err")); silent drops use the bpf classifier"
else
    skip "no silent drop: matchall/gact: $(head -1 "$OUT/matchall.err"); bpf: $(head -1 "$OUT/bpf.err")"
fi
ip netns del "$PROBE"
echo "kwiktop: $BIN; silent drop: tc ingress ${DROP[*]}"

# --- topology ----------------------------------------------------------------------------------------
# add_link N BPS: veth cN (in C, 10.71.N.2) <-> sN (in S, 10.71.N.1), shaped both ways, with clsact
# on both ends for silent drops.
add_link() {
    local n=$1 bps=$2
    ip -n "$C" link add name "c$n" type veth peer name "s$n" netns "$S"
    ip -n "$C" addr add "10.71.$n.2/24" dev "c$n"
    ip -n "$S" addr add "10.71.$n.1/24" dev "s$n"
    if [ "$n" = 1 ]; then
        ip -n "$C" addr add fd71:1::2/64 dev c1 nodad
        ip -n "$S" addr add fd71:1::1/64 dev s1 nodad
    fi
    local ns dev
    for ns in "$C" "$S"; do
        if [ "$ns" = "$C" ]; then dev=c$n; else dev=s$n; fi
        shape "$ns" "$dev" "$bps"
        tc -n "$ns" qdisc add dev "$dev" clsact
        ip -n "$ns" link set "$dev" up
    done
}
# setup_net LINKS: fresh namespaces with links 1..LINKS; 10.71.9.1/32 on S's loopback, routed from C
# over every link (metric N on link N, so a socket bound to cN takes link N).
setup_net() {
    local links=$1 ns n
    teardown_net
    for ns in "$S" "$C"; do
        ip netns add "$ns"
        ip -n "$ns" link set lo up
        ip netns exec "$ns" sh -c 'for k in all default; do
            echo 0 >/proc/sys/net/ipv4/conf/$k/rp_filter; echo 0 >/proc/sys/net/ipv6/conf/$k/disable_ipv6; done'
    done
    ip -n "$S" addr add 10.71.9.1/32 dev lo
    local rates=("" "$RATE1_BPS" "$RATE2_BPS" "$RATE3_BPS" "$RATE4_BPS")
    for n in $(seq "$links"); do
        add_link "$n" "${rates[$n]}"
        ip -n "$C" route add 10.71.9.1/32 via "10.71.$n.1" dev "c$n" metric "$n"
    done
}
teardown_net() {
    local ns pid
    for ns in "$S" "$C"; do
        ip netns list | grep -q "^$ns\b" || continue
        for pid in $(ip netns pids "$ns"); do kill "$pid" 2>/dev/null || true; done
    done
    sleep 0.1
    for ns in "$S" "$C"; do ip netns del "$ns" 2>/dev/null || true; done
}

# drop_on N / drop_off N: link N silently loses every packet in both directions / carries again.
drop_side() { # on|off NS DEV
    if [ "$1" = on ]; then
        tc -n "$2" filter add dev "$3" ingress pref 1 "${DROP[@]}"
    else
        tc -n "$2" filter del dev "$3" ingress pref 1
    fi
}
drop_on() { drop_side on "$S" "s$1"; drop_side on "$C" "c$1"; }
drop_off() { drop_side off "$S" "s$1"; drop_side off "$C" "c$1"; }

# --- processes ---------------------------------------------------------------------------------------
# start_server NS NAME ARGS…: `serve` in NS; sets SERVER_PID.
start_server() {
    local ns=$1 name=$2; shift 2
    ip netns exec "$ns" timeout 300 "$BIN" serve "$@" >"$OUT/$name-serve.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 100); do
        grep -qs "listening" "$OUT/$name-serve.log" && return 0
        sleep 0.1
    done
    cat "$OUT/$name-serve.log"; echo "FAIL: $name: the server did not start"; exit 1
}
stop_server() { kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; }

# start_client NS NAME SECONDS ARGS…: `connect --headless` in NS, bounded by SECONDS, its NDJSON in
# $OUT/NAME.json with each line's arrival time in $OUT/NAME.stamps and its exit status in $OUT/NAME.rc.
start_client() {
    local ns=$1 name=$2 limit=$3; shift 3
    : >"$OUT/$name.events"
    (
        set +e
        ip netns exec "$ns" timeout "$limit" "$BIN" connect "$@" --headless 2>"$OUT/$name.err" |
            python3 "$CHECK" stamp "$OUT/$name.json" "$OUT/$name.stamps"
        echo "${PIPESTATUS[0]}" >"$OUT/$name.rc"
    ) &
    CLIENT_PID=$!
}
# wait_session NAME: until the first snapshot (the session is up); false if the client ended first.
wait_session() {
    for _ in $(seq 200); do
        [ -s "$OUT/$1.json" ] && return 0
        kill -0 "$CLIENT_PID" 2>/dev/null || break
        sleep 0.05
    done
    echo "$1: no session: $(head -3 "$OUT/$1.err" 2>/dev/null)"
    return 1
}
# finish_client NAME: waits for the client; prints its exit status; false unless 0.
finish_client() {
    wait "$CLIENT_PID" || true
    local rc
    rc=$(cat "$OUT/$1.rc" 2>/dev/null || echo none)
    echo "$1: connect exit status = $rc (0)"
    if [ "$rc" != 0 ]; then
        sed "s/^/$1: stderr: /" "$OUT/$1.err" | tail -5
        return 1
    fi
}
# mark NAME EVENT: the event's time, for the checks to place it on the session's clock; sets MARKED.
mark() { MARKED=$(now); echo "$2 $MARKED" >>"$OUT/$1.events"; }
# sample_path NAME PATH: path PATH's state in the latest snapshot.
latest_state() {
    tail -1 "$OUT/$1.json" 2>/dev/null | python3 -c 'import json, sys
try:
    s = json.loads(sys.stdin.read())
    print(next((p["state"] for p in s["paths"] if p["id"] == int(sys.argv[1])), "absent"))
except Exception:
    print("unknown")' "$2"
}
estab_resets() { ip netns exec "$C" python3 "$CHECK" snmp Tcp EstabResets; }
established_to() { ip netns exec "$C" ss -Htn state established dst "$1" | wc -l; }

# verify_silent NAME N ADDR: link N drops both ways (a TCP connect to a closed port times out instead
# of being refused, from either end) and the path's connection to ADDR is neither reset nor gone.
verify_silent() {
    local name=$1 n=$2 addr=$3 resets_before=$4 from_c from_s
    from_c=$(ip netns exec "$C" python3 "$CHECK" probe "10.71.$n.1" 9 0.5)
    from_s=$(ip netns exec "$S" python3 "$CHECK" probe "10.71.$n.2" 9 0.5)
    echo "$name: TCP probe over link $n during the drop = C->S $from_c, S->C $from_s (timeout)"
    local ok=0
    [ "$from_c" = timeout ] && [ "$from_s" = timeout ] || { echo "FAIL: $name: link $n does not drop"; ok=1; }
    local established resets
    established=$(established_to "$addr")
    resets=$(($(estab_resets) - resets_before))
    echo "$name: established connections to $addr $(awk -v t="$OUTAGE_AT" -v n="$EPOCHREALTIME" \
        'BEGIN { printf "%.1f", n - t }') s into the drop = $established (>= 1)"
    echo "$name: TCP resets received in C since the drop = $resets (0)"
    [ "$established" -ge 1 ] || { echo "FAIL: $name: no connection to $addr during the drop"; ok=1; }
    [ "$resets" = 0 ] || { echo "FAIL: $name: the drop reset a connection"; ok=1; }
    return $ok
}

# --- scenarios ---------------------------------------------------------------------------------------
scenario_bound() {
    local name=bound status=0
    setup_net 2
    start_server "$S" $name --host 10.71.9.1 --port 4433 --paths 2
    local before1 before2
    before1=$(ip netns exec "$C" cat /sys/class/net/c1/statistics/rx_bytes)
    before2=$(ip netns exec "$C" cat /sys/class/net/c2/statistics/rx_bytes)
    start_client "$C" $name 40 10.71.9.1 --endpoint 10.71.9.1:4433,dev=c1 --endpoint 10.71.9.1:4434,dev=c2 \
        --interval "$INTERVAL" --duration 6s
    finish_client $name || status=1
    {
        echo "1 c1 $before1 $(ip netns exec "$C" cat /sys/class/net/c1/statistics/rx_bytes)"
        echo "2 c2 $before2 $(ip netns exec "$C" cat /sys/class/net/c2/statistics/rx_bytes)"
    } >"$OUT/$name.counters"
    python3 "$CHECK" bound $name "$OUT/$name.json" "$OUT/$name.counters" || status=1
    stop_server
    return $status
}

# outage_scenario NAME SECONDS KIND: two paths, one per link; after BEFORE_OUTAGE s link 2 goes
# (KIND silent: silent drop; addrgone: address removed and link down; reset: the server resets path
# 2's connection, then silent drop) for SECONDS, then comes back; the run lasts AFTER_OUTAGE s more.
outage_scenario() {
    local name=$1 seconds=$2 kind=$3 status=0 back=$BACK_WITHIN
    [ "$kind" = reset ] && back=$RESET_BACK_WITHIN
    local duration=$((BEFORE_OUTAGE + seconds + AFTER_OUTAGE))
    setup_net 2
    start_server "$S" "$name" --host 0.0.0.0 --port 4433 --paths 2
    local started
    started=$(now)
    start_client "$C" "$name" $((duration + 30)) 10.71.1.1 --endpoint 10.71.1.1:4433 --endpoint 10.71.2.1:4434 \
        --interval "$INTERVAL" --duration "${duration}s"
    wait_session "$name" || { finish_client "$name"; return 1; }
    sleep_until "$(later "$started" "$BEFORE_OUTAGE")"
    echo "$name: path 2 before the outage = $(latest_state "$name" 2)"
    local resets_before
    resets_before=$(estab_resets)
    case $kind in
        silent)
            drop_on 2
            mark "$name" outage
            ;;
        addrgone)
            mark "$name" outage
            ip -n "$C" addr del 10.71.2.2/24 dev c2
            ip -n "$C" link set c2 down
            ;;
        reset)
            # Client to server drops first, so the reconnect cannot get through; the server's reset
            # still reaches the client, then server to client drops too.
            mark "$name" reset
            drop_side on "$S" s2
            ip netns exec "$S" ss -K -t dst 10.71.2.2 >"$OUT/$name.killed"
            drop_side on "$C" c2
            mark "$name" outage
            ;;
    esac
    OUTAGE_AT=$MARKED
    case $kind in
        silent) verify_silent "$name" 2 10.71.2.1 "$resets_before" || status=1 ;;
        addrgone)
            echo "$name: c2 during the outage = $(ip -n "$C" -br link show c2 | awk '{print $2}'), addresses:" \
                "$(ip -n "$C" -br -4 addr show c2 | awk '{print $3}')"
            ;;
        reset)
            local killed resets
            killed=$(grep -c "10.71.2.2" "$OUT/$name.killed" || true)
            resets=$(($(estab_resets) - resets_before))
            echo "$name: server sockets killed by ss -K = $killed (>= 1)"
            echo "$name: TCP resets received in C = $resets (>= 1)"
            [ "$killed" -ge 1 ] || { echo "FAIL: $name: ss -K killed no connection"; status=1; }
            [ "$resets" -ge 1 ] || { echo "FAIL: $name: the client received no reset"; status=1; }
            sleep 0.5
            echo "$name: TCP probe over link 2 during the drop = C->S" \
                "$(ip netns exec "$C" python3 "$CHECK" probe 10.71.2.1 9 0.5) (timeout)"
            ;;
    esac
    sleep_until "$(later "$OUTAGE_AT" "$seconds")"
    echo "$name: path 2 at the end of the outage = $(latest_state "$name" 2);" \
        "established connections to 10.71.2.1 = $(established_to 10.71.2.1)"
    case $kind in
        silent | reset) drop_off 2 ;;
        addrgone)
            ip -n "$C" link set c2 up
            ip -n "$C" addr add 10.71.2.2/24 dev c2
            ip -n "$C" route show 10.71.2.0/24 dev c2 | grep -q . ||
                ip -n "$C" route add 10.71.2.0/24 dev c2 src 10.71.2.2
            ;;
    esac
    mark "$name" restore
    finish_client "$name" || status=1
    python3 "$CHECK" outage "$name" "$OUT/$name.json" "$OUT/$name.stamps" "$OUT/$name.events" \
        --rate-bps "$RATE1_BPS" --share "$UP_SHARE" --back-within "$back" --duration "$duration" || status=1
    stop_server
    return $status
}
scenario_silent3() { outage_scenario silent3 3 silent; }
scenario_silent30() { outage_scenario silent30 30 silent; }
scenario_addrgone() { outage_scenario addrgone 5 addrgone; }
scenario_reset60() { outage_scenario reset60 60 reset; }

scenario_ipv6() {
    local status=0 size=$((64 * 1024 * 1024))
    setup_net 1
    start_server "$C" ipv6-loopback --host :: --port 4433 --paths 2
    start_client "$C" ipv6-loopback 60 ::1 --endpoint '[::1]:4433' --endpoint '[::1]:4434' --bytes 64MiB
    finish_client ipv6-loopback || status=1
    python3 "$CHECK" integrity ipv6-loopback "$OUT/ipv6-loopback.json" --bytes $size || status=1
    stop_server
    start_server "$S" ipv6-veth --host :: --port 4433 --paths 2
    start_client "$C" ipv6-veth 60 fd71:1::1 --endpoint '[fd71:1::1]:4433' --endpoint '[fd71:1::1]:4434' \
        --bytes 64MiB
    finish_client ipv6-veth || status=1
    python3 "$CHECK" integrity ipv6-veth "$OUT/ipv6-veth.json" --bytes $size || status=1
    stop_server
    return $status
}

scenario_auto() {
    local name=auto status=0 started
    setup_net 3
    start_server "$S" $name --host 10.71.9.1 --port 4433 --paths 8
    started=$(now)
    start_client "$C" $name 50 10.71.9.1 --interfaces auto --port 4433 --interval "$INTERVAL" --duration 12s
    wait_session $name || { finish_client $name; return 1; }
    sleep_until "$(later "$started" "$BEFORE_OUTAGE")"
    add_link 4 "$RATE4_BPS"
    ip -n "$C" route add 10.71.9.1/32 via 10.71.4.1 dev c4 metric 4
    mark $name added
    finish_client $name || status=1
    # Information: what each client interface received (the paths' endpoints do not name their interface).
    local n counters=
    for n in 1 2 3 4; do
        counters+=" c$n=$(ip netns exec "$C" cat /sys/class/net/c$n/statistics/rx_bytes)"
    done
    echo "$name: client interfaces' rx_bytes =$counters (information)"
    python3 "$CHECK" auto $name "$OUT/$name.json" "$OUT/$name.stamps" "$OUT/$name.events" || status=1
    stop_server
    return $status
}

# The shaping: a bulk TCP flow from S to C on each link gets ~95 % of the link's rate.
check_shaping() {
    setup_net 2
    local n rate bps status=0
    for n in 1 2; do
        if [ "$n" = 1 ]; then bps=$RATE1_BPS; else bps=$RATE2_BPS; fi
        if command -v iperf3 >/dev/null; then
            ip netns exec "$C" timeout 20 iperf3 -s -1 -p 5201 >/dev/null 2>&1 &
            sleep 0.5
            # -O 1 leaves slow start out: the check is about the steady rate tbf lets through.
            rate=$(ip netns exec "$S" timeout 20 iperf3 -c "10.71.$n.2" -p 5201 -t 3 -O 1 -J |
                python3 -c 'import json, sys; print(int(json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"]))')
            wait || true
        else
            ip netns exec "$C" timeout 20 python3 "$CHECK" sink 5201 >"$OUT/sink.txt" &
            local sink=$!
            for _ in $(seq 50); do grep -qs listening "$OUT/sink.txt" && break; sleep 0.05; done
            ip netns exec "$S" timeout 20 python3 "$CHECK" blast "10.71.$n.2" 5201 2
            wait "$sink" || true
            rate=$(tail -1 "$OUT/sink.txt")
        fi
        local share tool=python3 bound="0.90..1.02"
        share=$(awk -v r="$rate" -v b="$bps" 'BEGIN { printf "%.3f", r / b }')
        if command -v iperf3 >/dev/null; then
            tool=iperf3
            awk -v s="$share" 'BEGIN { exit !(s >= 0.90 && s <= 1.02) }' || status=1
        else
            # Without iperf3 the check is skipped: a Python sender on a loaded machine measures itself.
            bound="information: iperf3 not installed, check skipped"
        fi
        echo "shaping: link $n TCP rate = $(awk -v r="$rate" 'BEGIN { printf "%.1f", r / 1e6 }') Mbit/s" \
            "= $share of $((bps / 1000000)) Mbit/s ($bound; $tool)"
    done
    teardown_net
    return $status
}

# --- main --------------------------------------------------------------------------------------------
if [ $# -gt 0 ]; then
    case " ${ALL[*]} " in *" $1 "*) ;; *) echo "unknown scenario '$1' (${ALL[*]})"; exit 2 ;; esac
    RUN=("$1")
else
    RUN=("${ALL[@]}")
fi
FAILED=()
begin=$SECONDS
echo "== shaping"
check_shaping || FAILED+=("shaping: a link's TCP rate is not ~95 % of its tbf rate")
for scenario in "${RUN[@]}"; do
    echo "== $scenario"
    scenario_begin=$SECONDS
    # A subshell per scenario, outside any condition so that `set -e` holds in it; in the background,
    # so that a signal to this script stops it at once.
    (set -e; scenario_"$scenario") &
    SCENARIO_PID=$!
    rc=0
    wait "$SCENARIO_PID" || rc=$?
    SCENARIO_PID=
    teardown_net
    echo "$scenario: run time = $((SECONDS - scenario_begin)) s"
    [ $rc = 0 ] || FAILED+=("$scenario")
done
echo "== total run time $((SECONDS - begin)) s"
if [ ${#FAILED[@]} -gt 0 ]; then
    printf 'FAIL: %s\n' "${FAILED[@]}"
    exit 1
fi
echo "netns: all passed"
