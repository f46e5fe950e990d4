#!/usr/bin/env python3
"""Checks the NDJSON of a `kwiktop connect --headless` run against the acceptance rules.

usage: check_run.py FILE [--bytes N] [--peer-bytes N] [--steady-hit-rate R] [--failovers N]
                         [--path-carried ID] [--path-state ID=STATE] [--all-paths-carried]
"""
import argparse
import json
import sys


def fail(message):
    print(f"FAIL: {message}")
    sys.exit(1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--bytes", type=int)
    parser.add_argument("--peer-bytes", type=int)
    parser.add_argument("--steady-hit-rate", type=float)
    parser.add_argument("--failovers", type=int, help="at least this many failover events")
    parser.add_argument("--path-state", action="append", default=[], help="ID=STATE in the final snapshot")
    parser.add_argument("--all-paths-carried", action="store_true")
    parser.add_argument("--resumed", action="store_true", help="every failover has a resume time")
    parser.add_argument("--carried-after", action="append", default=[],
                        help="ID=SECONDS: path ID received DATA after that time")
    parser.add_argument("--event", action="append", default=[],
                        help="PATH:CAUSE:AT:WITHIN: a failover of PATH with CAUSE detected within WITHIN s after AT")
    parser.add_argument("--saw-state", help="some snapshot shows the session in this state")
    parser.add_argument("--idle-between", action="append", default=[], help="ID=FROM:TO: path ID received no DATA then")
    parser.add_argument("--carried-between", action="append", default=[], help="ID=FROM:TO: path ID received DATA then")
    parser.add_argument("--srtt-ms", action="append", default=[], help="ID=LOW:HIGH: final smoothed RTT in ms")
    parser.add_argument("--rx-mbit", action="append", default=[],
                        help="ID=LOW:HIGH: receive rate (Mbit/s) in the last interval snapshot")
    parser.add_argument("--most", type=int, help="this path received the most packets")
    args = parser.parse_args()

    lines = [json.loads(line) for line in open(args.file) if line.strip()]
    if not lines:
        fail("no output")
    final = lines[-1]
    if not final.get("final"):
        fail("last line is not the final snapshot")
    if final["corrupt_bytes"] != 0:
        fail(f"{final['corrupt_bytes']} corrupt bytes")
    if final["delivery_order_violations"] != 0:
        fail("delivery-order violations")
    for path in final["paths"]:
        if path["ordering_violations"] != 0:
            fail(f"path {path['id']}: {path['ordering_violations']} ordering violations")
    if args.bytes is not None and final["verified_bytes"] != args.bytes:
        fail(f"verified {final['verified_bytes']} of {args.bytes} bytes")
    if args.peer_bytes is not None:
        peer = final.get("peer") or {}
        if peer.get("verified_bytes") != args.peer_bytes or peer.get("corrupt_bytes", 1) != 0:
            fail(f"peer verified {peer.get('verified_bytes')} of {args.peer_bytes} bytes")
    if args.steady_hit_rate is not None:
        # Steady state: between the last two interval snapshots, after the pools have warmed up.
        running = [l for l in lines if not l.get("final")]
        if len(running) < 2:
            fail("need two interval snapshots for the steady-state hit rate")
        before, after = running[-2], running[-1]
        gets = sum(p["pool_gets"] for p in after["paths"]) - sum(p["pool_gets"] for p in before["paths"])
        hits = sum(p["pool_hits"] for p in after["paths"]) - sum(p["pool_hits"] for p in before["paths"])
        if gets <= 0:
            fail("no packets in the steady-state interval")
        rate = hits / gets
        print(f"steady-state pool hit rate {rate:.5f} over {gets} packets")
        if rate <= args.steady_hit_rate:
            fail(f"steady-state pool hit rate {rate:.5f} <= {args.steady_hit_rate}")
    # `failovers` holds the most recent events only; `failovers_total` counts them all.
    if args.failovers is not None and final["failovers_total"] < args.failovers:
        fail(f"{final['failovers_total']} failover events, expected at least {args.failovers}")
    if args.resumed:
        for event in final["failovers"]:
            if event.get("resume_ms") is None:
                fail(f"failover on path {event['path']} ({event['cause']}) never resumed")
    for assignment in args.path_state:
        ident, state = assignment.split("=")
        path = next((p for p in final["paths"] if p["id"] == int(ident)), None)
        if path is None or path["state"] != state:
            fail(f"path {ident} is {path and path['state']}, expected {state}")
    if args.all_paths_carried:
        for path in final["paths"]:
            if path["rx_packets"] == 0 and path["tx_packets"] == 0:
                fail(f"path {path['id']} carried nothing")
    for assignment in args.carried_after:
        ident, at = assignment.split("=")
        earlier = next((l for l in lines if l["time"] >= float(at)), None)
        if earlier is None or earlier is final:
            fail(f"no snapshot after {at} s to compare path {ident} with")
        count = lambda snapshot: next(p["rx_packets"] for p in snapshot["paths"] if p["id"] == int(ident))
        if count(final) <= count(earlier):
            fail(f"path {ident} carried nothing after {at} s")
    for spec in args.event:
        path, cause, at, within = spec.split(":")
        found = [e for e in final["failovers"] if e["path"] == int(path) and e["cause"] == cause
                 and float(at) <= e["detected_at"] <= float(at) + float(within)]
        if not found:
            fail(f"no {cause} failover of path {path} detected within {within} s after {at} s: {final['failovers']}")
        print(f"path {path} {cause}: detected {found[0]['detected_at'] - float(at):.3f} s after the action, "
              f"resumed after {found[0].get('resume_ms')} ms")
    if args.saw_state and not any(l["state"] == args.saw_state for l in lines):
        fail(f"no snapshot shows the session {args.saw_state}")
    def packets_at(ident, at):
        snapshot = next((l for l in lines if l["time"] >= at), final)
        return next(p["rx_packets"] for p in snapshot["paths"] if p["id"] == ident)

    for spec in args.idle_between + args.carried_between:
        ident, span = spec.split("=")
        start, end = (float(x) for x in span.split(":"))
        moved = packets_at(int(ident), end) - packets_at(int(ident), start)
        idle = spec in args.idle_between
        if idle and moved != 0:
            fail(f"path {ident} received {moved} packets between {start} and {end} s, expected none")
        if not idle and moved == 0:
            fail(f"path {ident} received nothing between {start} and {end} s")
    for spec in args.srtt_ms:
        ident, bounds = spec.split("=")
        low, high = (float(x) for x in bounds.split(":"))
        srtt = next(p.get("srtt_us") for p in final["paths"] if p["id"] == int(ident)) / 1000
        print(f"path {ident} srtt {srtt:.2f} ms")
        if not low <= srtt <= high:
            fail(f"path {ident} srtt {srtt:.2f} ms outside {low}..{high}")
    for spec in args.rx_mbit:
        ident, bounds = spec.split("=")
        low, high = (float(x) for x in bounds.split(":"))
        running = [l for l in lines if not l.get("final")]
        rate = next(p["rx_bps"] for p in running[-1]["paths"] if p["id"] == int(ident)) / 1e6
        print(f"path {ident} rx {rate:.1f} Mbit/s")
        if not low <= rate <= high:
            fail(f"path {ident} rx {rate:.1f} Mbit/s outside {low}..{high}")
    if args.most is not None:
        busiest = max(final["paths"], key=lambda p: p["rx_packets"])
        shares = {p["id"]: p["rx_packets"] for p in final["paths"]}
        print(f"packets per path: {shares}")
        if busiest["id"] != args.most:
            fail(f"path {busiest['id']} carried the most packets, expected {args.most}")
    # The run's goodput: delivered bytes over run_seconds (the session's start to its end).
    goodput = final["goodput_bps"] / 1e9
    print(f"ok: verified {final['verified_bytes']} bytes in {final['run_seconds']:.2f} s "
          f"(goodput {goodput:.2f} Gbit/s), {final['failovers_total']} failovers")


if __name__ == "__main__":
    main()
