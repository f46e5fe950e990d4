#!/usr/bin/env bash
# `kwiktop mptcp --headless` against the kernel's own MPTCP: in a network namespace of its own, an
# iperf3 transfer made MPTCP by mptcpize, with three more subflows from the endpoints 127.0.0.2-4,
# watched by kwiktop: `--headless` (the connection, its subflows, their flags, rates, RTTs and the
# owning process, the path manager's events), then the dashboard in tmux (the connection listed, its
# subflows below it, the joins in the event log, q quits).
# Runs as root; everything stays in the namespace, which is removed on exit. Without MPTCP
# (or mptcpize, iperf3) it prints `SKIP: reason` and exits 0.
#
#   KWIKTOP=path/to/kwiktop .ci/mptcp.sh    (default binary .build/release/kwiktop)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath "${KWIKTOP:-.build/release/kwiktop}")
NS="kwt$$-mptcp"
OUT=$(mktemp -d /tmp/kwt-mptcp.XXXXXX)
PORT=5201
SESSION="kwt-mptcp-$$"

cleanup() {
    tmux kill-session -t "$SESSION" 2>/dev/null || true
    ip netns pids "$NS" 2>/dev/null | xargs -r kill 2>/dev/null || true
    ip netns del "$NS" 2>/dev/null || true
    [ -n "${MPTCP_KEEP:-}" ] || rm -rf "$OUT"
}
trap cleanup EXIT

for tool in mptcpize iperf3 ip; do
    command -v "$tool" >/dev/null || { echo "SKIP: $tool is not installed"; exit 0; }
done
ip netns add "$NS" 2>/dev/null || { echo "SKIP: no network namespaces"; exit 0; }
in_ns() { ip netns exec "$NS" "$@"; }
in_ns ip link set lo up
if ! in_ns sysctl -qw net.mptcp.enabled=1 2>/dev/null || ! in_ns ip mptcp limits set subflow 4 add_addr_accepted 4; then
    echo "SKIP: the kernel has no MPTCP"
    exit 0
fi
for host in 2 3 4; do in_ns ip mptcp endpoint add "127.0.0.$host" dev lo subflow; done

# transfer SECONDS: an MPTCP iperf3 download in the namespace, in the background.
transfer() {
    in_ns mptcpize run iperf3 -s -1 -p "$PORT" >"$OUT/server.log" 2>&1 &
    for _ in $(seq 100); do
        in_ns ss -Mlnt 2>/dev/null | grep -q ":$PORT " && break
        sleep 0.1
    done
    in_ns mptcpize run iperf3 -c 127.0.0.1 -p "$PORT" -t "$1" -b 200M -J >"$OUT/client.json" 2>&1 &
}

# The namespace's own loopback: any port is free there. The watch prints its first report once it
# follows the path manager's events, and the transfer starts after it, so its subflows' events are seen.
in_ns timeout 20 "$BIN" mptcp --headless --interval 500ms --duration 4s --filter "$PORT" --metrics-port 9464 \
    >"$OUT/watch.ndjson" 2>"$OUT/watch.err" &
watcher=$!
for _ in $(seq 100); do [ -s "$OUT/watch.ndjson" ] && break; sleep 0.1; done
grep -q "no event log" "$OUT/watch.err" && { echo "FAIL: kwiktop mptcp: $(cat "$OUT/watch.err")"; exit 1; }
transfer 4
for _ in $(seq 50); do
    in_ns curl -sf http://127.0.0.1:9464/metrics -o "$OUT/metrics.txt" 2>/dev/null \
        && grep -q '^kwik_mptcp_subflow_tx_bytes_total' "$OUT/metrics.txt" && break
    sleep 0.1
done
wait "$watcher"
wait
if grep -q '^kwik_mptcp_subflow_tx_bytes_total{.*local="127.0.0.4:' "$OUT/metrics.txt" \
    && grep -q '^kwik_mptcp_connection_subflows{connection=".*"} 4' "$OUT/metrics.txt"; then
    echo "    mptcp: Prometheus series for the connection and each subflow: ok"
else
    echo "FAIL: kwiktop mptcp --metrics-port: no kwik_mptcp series"; head -40 "$OUT/metrics.txt"; exit 1
fi
if command -v promtool >/dev/null; then
    promtool check metrics <"$OUT/metrics.txt" || { echo "FAIL: promtool rejects the mptcp series"; exit 1; }
fi

python3 - "$OUT/watch.ndjson" "$OUT/client.json" <<'PY'
import json, statistics, sys
lines = [json.loads(line) for line in open(sys.argv[1])]
iperf = json.load(open(sys.argv[2]))["end"]["sum_sent"]["bits_per_second"]
failures = []
def check(what, ok):
    print(f"    mptcp: {what}: {'ok' if ok else 'FAIL'}")
    if not ok: failures.append(what)
check("one report per interval and a final one", len(lines) >= 5 and lines[-1]["final"] and not any(l["final"] for l in lines[:-1]))
events = [e for l in lines for e in l["events"]]
print("    mptcp: events: " + ", ".join(f"{k} {sum(e['kind'] == k for e in events)}" for k in sorted({e["kind"] for e in events})))
check("no event lost", all(l["events_lost"] == 0 for l in lines))
created = [e for e in events if e["kind"] == "created" and e.get("remote") == "127.0.0.1:5201"]
data_tokens = {e["token"] for e in created}
joins = [e for e in events if e["kind"] == "sf_established" and e["token"] in data_tokens]
check("the client's connections created and established",
      bool(created) and all(any(e["kind"] == "established" and e["token"] == t for e in events) for t in data_tokens))
check("the event log shows the subflows being established: from endpoints 1-3 on lo, not backup",
      any(sorted(e["local_id"] for e in joins if e["token"] == t) == [1, 2, 3] for t in data_tokens)
      and all(e.get("interface") == "lo" and e.get("backup") is False for e in joins))
check("each event in time order, within the watch", all(a["time"] <= b["time"] for a, b in zip(events, events[1:]))
      and all(0 <= e["time"] <= lines[-1]["time"] for e in events))
clients = [c for l in lines for c in l["connections"] if c["remote"] == "127.0.0.1:5201" and c.get("command") == "iperf3"]
check("the iperf3 client's data connection, owner found", bool(clients))
full = [c for c in clients if c["subflow_count"] == 4]
check("its four subflows (the first and three joins)", bool(full))
if full:
    last = full[-1]
    joins = [s for s in last["subflows"] if s["join"]]
    check("joins from endpoints 1-3, the first subflow id 0",
          sorted(s.get("local_id") for s in joins) == [1, 2, 3]
          and [s.get("local_id") for s in last["subflows"] if not s["join"]] == [0])
    check("the first subflow fully established", any(s["fully_established"] for s in last["subflows"] if not s["join"]))
    check("every subflow ESTAB on lo with an RTT", all(s["state"] == "ESTAB" and s.get("interface") == "lo" and s.get("srtt_us", 0) > 0 for s in last["subflows"]))
    check("the connection's token is its own", len(last.get("token", "")) == 8)
    counters = last.get("mptcp") or {}
    check("its mptcp_info: three subflows beyond the first, of at most 4, bytes sent and acked",
          counters.get("subflows") == 3 and counters.get("subflows_max") == 4
          and counters.get("bytes_sent", 0) >= counters.get("bytes_acked", 0) > 0)
# Whole intervals while iperf3 sends (it runs 4 s, the watch 3 s): the sum of the subflows' rates.
# iperf3 also holds a control connection: the data one is the busiest.
busiest = max((c for c in full), key=lambda c: c.get("tx_bps") or 0, default={}).get("token")
sums = [sum(s.get("tx_bps") or 0 for s in c["subflows"]) for c in full if c.get("token") == busiest][1:]
ours = statistics.median(sums) if sums else 0
print(f"    mptcp: subflow tx rates sum to {ours / 1e6:.1f} Mbit/s, iperf3 says {iperf / 1e6:.1f} Mbit/s")
check("the subflows' rates sum to within 10 % of iperf3's", abs(ours - iperf) <= 0.1 * iperf)
if failures:
    sys.exit("FAIL: kwiktop mptcp: " + ", ".join(failures))
PY

command -v tmux >/dev/null || { echo "SKIP: the dashboard check needs tmux"; exit 0; }
screen() { tmux capture-pane -t "$SESSION" -p; }
wait_for() {
    local what=$1; shift
    for _ in $(seq 200); do
        if "$@" >/dev/null 2>&1; then return 0; fi
        sleep 0.1
    done
    echo "FAIL: kwiktop mptcp dashboard: $what"; screen; exit 1
}
shows() { screen | grep -qE "$1"; }
tmux new-session -d -s "$SESSION" -x 140 -y 30 \
    "ip netns exec $NS $BIN mptcp --no-config --interval 500ms --filter $PORT; echo \$? > $OUT/exit; sleep 30"
wait_for "the dashboard does not start" shows "no path-manager event yet"
transfer 15
wait_for "the iperf3 connection is not listed" shows "iperf3/[0-9]+"
wait_for "the event log does not show the joins" shows "sf_established +127\.0\.0\.[234]:[0-9]+ → 127\.0\.0\.1:$PORT +[123]>0 +lo"
wait_for "its four subflows are not counted" shows "connections [0-9]+ +subflows [0-9]+"
wait_for "no subflow table" shows "subflows of 127\.0\.0\.1:[0-9]+ → 127\.0\.0\.[0-9]:[0-9]+"
wait_for "the joined subflows are not shown" shows "^│ 127\.0\.0\.[0-9]:[0-9]+ .* F?JB? +ESTAB +lo +127\.0\.0\.[0-9]:[0-9]+"
wait_for "no live rate" shows ":$PORT .*[0-9.]+ [MG]bit/s"
echo "    mptcp dashboard: the connection and its subflows, live, the joins in the event log"
tmux send-keys -t "$SESSION" g
wait_for "g does not show the subflows stacked" shows "rx\+tx of 127\.0\.0\.1:[0-9]+ → 127\.0\.0\.1:[0-9]+, stacked · peak [0-9.]+ [kMG]?bit/s"
tmux send-keys -t "$SESSION" g
wait_for "g does not go back to the subflow table" shows "subflows of 127\.0\.0\.1:[0-9]+ → "
echo "    mptcp dashboard: g shows the subflows' rates stacked, and the table again"

# Failover on the kernel's own traffic, steered from the dashboard: endpoint 3 (127.0.0.4) marked
# backup, then removed, then added back, each confirmed with y; a headless watch records the shares.
in_ns timeout 30 "$BIN" mptcp --headless --interval 500ms --duration 9s --filter "$PORT" >"$OUT/steer.ndjson" &
steer=$!
reports() { [ "$(wc -l <"$OUT/steer.ndjson")" -ge "$1" ]; }
endpoints() { in_ns ip mptcp endpoint show; }
wait_for "no report from the second watch" reports 5
tmux send-keys -t "$SESSION" Tab Down Down b
wait_for "no confirmation asked for the backup flag" shows "mark endpoint 3 \(127\.0\.0\.4\) as backup\? y to confirm"
tmux send-keys -t "$SESSION" y
wait_for "the backup flag was not set" shows "endpoint 3 is a backup now"
endpoints | grep -q "^127\.0\.0\.4 id 3 .*backup" || { echo "FAIL: ip mptcp endpoint show: no backup flag"; endpoints; exit 1; }
echo "    mptcp dashboard: b y marks endpoint 3 backup: $(endpoints | grep 'id 3')"
wait_for "no report after the backup flag" reports 11
tmux send-keys -t "$SESSION" d
wait_for "no confirmation asked for the removal" shows "remove endpoint 3 \(127\.0\.0\.4\), closing its subflows\? y to confirm"
tmux send-keys -t "$SESSION" y
wait_for "the endpoint was not removed" shows "endpoint 3 removed: a to add it back"
wait_for "the event log does not show the subflow closed" shows "sf_closed +127\.0\.0\.4:[0-9]+ → 127\.0\.0\.1:$PORT"
if endpoints | grep -q "id 3 "; then echo "FAIL: endpoint 3 is still there"; endpoints; exit 1; fi
echo "    mptcp dashboard: d y removes endpoint 3, its subflow closes in the event log"
tmux send-keys -t "$SESSION" a y
wait_for "the endpoint was not added back" shows "endpoint 3 added back"
endpoints | grep -q "^127\.0\.0\.4 id 3 subflow backup" || { echo "FAIL: endpoint 3 not back as it was"; endpoints; exit 1; }
echo "    mptcp dashboard: a y adds endpoint 3 back as it was"
wait "$steer"
python3 - "$OUT/steer.ndjson" <<'PY'
import json, statistics, sys
lines = [json.loads(line) for line in open(sys.argv[1])]
def share(line, backup):
    for c in line["connections"]:
        subflows = [s for s in c["subflows"] if s.get("tx_bps") is not None]
        total = sum(s["tx_bps"] for s in subflows)
        third = [s for s in subflows if s.get("local_id") == 3 and s["join"] and s["backup"] == backup]
        if c.get("command") == "iperf3" and total > 50e6 and third:
            return third[0]["tx_bps"] / total
    return None
before = [x for x in (share(l, False) for l in lines[1:]) if x is not None]
after = [x for x in (share(l, True) for l in lines) if x is not None][1:]
closed = [e for l in lines for e in l["events"] if e["kind"] == "sf_closed" and (e.get("local") or "").startswith("127.0.0.4:")]
print(f"    mptcp: endpoint 3's share of the sending rate: {before} as a subflow, {after} as a backup")
failures = []
if not before or not after or max(after) >= statistics.median(before) / 2:
    failures.append("the backup subflow's share did not fall")
if not closed:
    failures.append("no sf_closed event for the removed endpoint's subflow")
if failures:
    sys.exit("FAIL: kwiktop mptcp: " + ", ".join(failures))
PY
tmux send-keys -t "$SESSION" q
wait_for "q did not quit" test -s "$OUT/exit"
[ "$(cat "$OUT/exit")" = 0 ] || { echo "FAIL: kwiktop mptcp dashboard exited with $(cat "$OUT/exit")"; exit 1; }
echo "    mptcp dashboard: q quits with status 0"
wait
