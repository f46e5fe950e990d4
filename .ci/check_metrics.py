#!/usr/bin/env python3
"""Checks two scrapes of a kwiktop /metrics endpoint taken a few seconds apart during a run: every
expected series is there for the role, and the ones that must move did.

usage: check_metrics.py FIRST SECOND --role client|server
"""
import argparse
import re
import sys

SENDING = ["kwik_path_inflight_target_bytes", "kwik_path_delivery_rate_bps", "kwik_path_hol_blocking_seconds_total",
           "kwik_path_opportunistic_reinjections_total", "kwik_session_peer_window_bytes",
           "kwik_session_window_limited_seconds_total"]
# In a download the server sends: it exports its own sender, the client the server's (from STATS).
SENDER_DIRECTION = {"client": 'direction="receive"', "server": 'direction="send"'}
PATH = ["kwik_path_info", "kwik_path_state", "kwik_path_rx_bytes_total", "kwik_path_delivered_bytes_total",
        "kwik_path_tx_bytes_total",
        "kwik_path_rx_packets_total", "kwik_path_tx_packets_total", "kwik_path_srtt_seconds",
        "kwik_path_rttvar_seconds", "kwik_path_in_flight_bytes", "kwik_path_pool_hits_total",
        "kwik_path_pool_misses_total", "kwik_path_pool_dropped_total", "kwik_path_alloc_free_packets_total", "kwik_path_ordering_violations_total",
        "kwik_path_reinjected_packets_total", "kwik_path_reinjected_bytes_total", "kwik_path_duplicates_total",
        "kwik_path_last_receive_age_seconds", "kwik_path_flaps_total",
        # The sending model: the server's own sender, the client's from the server's STATS (a download);
        # the model RTTs appear only after the sender's first samples.
        "kwik_path_inflight_target_bytes", "kwik_path_delivery_rate_bps", "kwik_path_hol_blocking_seconds_total",
        "kwik_path_opportunistic_reinjections_total"]
SESSION = ["kwik_session_info", "kwik_session_state", "kwik_session_uptime_seconds",
           "kwik_session_delivered_bytes_total",
           "kwik_session_verified_bytes_total", "kwik_session_corrupt_bytes_total", "kwik_session_sent_bytes_total",
           "kwik_session_delivery_order_violations_total", "kwik_session_duplicates_dropped_total",
           "kwik_session_reorder_events_total", "kwik_session_reorder_depth_packets",
           "kwik_session_reorder_depth_bytes", "kwik_session_reorder_high_water_packets",
           "kwik_session_head_of_line_stall_seconds_total", "kwik_session_limit_hits_total",
           "kwik_session_receive_window_bytes", "kwik_session_receive_window_budget_bytes",
           "kwik_session_peer_window_bytes", "kwik_session_window_limited_seconds_total"]
FAILOVER = ["kwik_failovers_total", "kwik_failover_resume_seconds_bucket", "kwik_failover_resume_seconds_sum",
            "kwik_failover_resume_seconds_count"]
SERVER = ["kwik_server_sessions", "kwik_server_refused_joins_total", "kwik_server_limit_hits_total"]
# Every limit is a label of the limit-hit counters from the start, at 0 until it is hit.
LIMITS = {"sessions_per_server", "paths_per_session", "handshake_timeout", "handshakes_pending",
          "handshakes_per_source", "frame_size", "payload_size", "receive_window", "reorder_bytes", "pool_size",
          "no_progress", "session_evicted", "malformed_frame", "protocol_violation"}
SESSION_LIMITS = LIMITS - {"sessions_per_server", "session_evicted", "handshakes_pending", "handshakes_per_source"}
# Series that move during any transfer (the client downloads, the server sends).
MOVING = {
    "client": ["kwik_path_rx_bytes_total", "kwik_path_rx_packets_total", "kwik_path_pool_hits_total",
               "kwik_path_alloc_free_packets_total", "kwik_session_uptime_seconds", "kwik_session_delivered_bytes_total",
               "kwik_session_verified_bytes_total"],
    "server": ["kwik_path_tx_bytes_total", "kwik_path_tx_packets_total", "kwik_session_uptime_seconds",
               "kwik_session_sent_bytes_total"],
}
SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$')


def parse(file):
    samples = {}
    for line in open(file):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        match = SAMPLE.match(line)
        if not match:
            fail(f"{file}: unparsable line {line!r}")
        samples[(match.group(1), match.group(2) or "")] = float(match.group(3))
    return samples


def fail(message):
    print(f"FAIL: {message}")
    sys.exit(1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("first")
    parser.add_argument("second")
    parser.add_argument("--role", choices=["client", "server"], required=True)
    args = parser.parse_args()
    first, second = parse(args.first), parse(args.second)
    role = f'role="{args.role}"'
    expected = PATH + SESSION + FAILOVER + (SERVER if args.role == "server" else [])
    for scrape, samples in (("first", first), ("second", second)):
        names = {name for name, labels in samples if role in labels or name in SERVER}
        missing = [name for name in expected if name not in names]
        if missing:
            fail(f"{args.role} {scrape} scrape lacks {', '.join(missing)}")
    for name, limits in (("kwik_session_limit_hits_total", SESSION_LIMITS), ("kwik_server_limit_hits_total", LIMITS)):
        if name not in expected:
            continue
        labelled = {re.search(r'limit="([^"]*)"', labels).group(1) for (n, labels) in second if n == name}
        if labelled != limits:
            fail(f"{args.role}: {name} has limits {sorted(labelled)}, expected {sorted(limits)}")
    direction = SENDER_DIRECTION[args.role]
    for name in SENDING:
        if not any(n == name and role in labels and direction in labels for (n, labels) in second):
            fail(f"{args.role}: {name} has no {direction} series (the sender of a download is the server)")
    for name in MOVING[args.role]:
        before = {labels: value for (n, labels), value in first.items() if n == name and role in labels}
        if not any(second.get((name, labels), value) > value for labels, value in before.items()):
            fail(f"{args.role}: {name} did not grow between the scrapes")
    for (name, labels), value in second.items():
        if name.endswith("_total") and (name, labels) in first and value < first[(name, labels)]:
            fail(f"{args.role}: counter {name}{labels} went backwards")
    print(f"ok: {args.role} metrics, {len(expected)} series names, {len(second)} samples")


main()
