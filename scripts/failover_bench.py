#!/usr/bin/env python3
"""Failover timing on loopback: for disable, kill and black-hole, the time from the action to delivery
resuming (the failover event's resume time, measured by the client), over N repetitions each.

usage: scripts/failover_bench.py [--binary .build/release/kwiktop] [--repetitions 20]
Prints a Markdown table (median and worst, in milliseconds).
"""
import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time

from loopback import free_base_port


def actions(kind, repetitions, spacing):
    args = []
    for i in range(repetitions):
        t = 1000 + i * spacing
        if kind == "disable":
            args += ["--at", f"{t}ms:disable:2", "--at", f"{t + spacing // 2}ms:enable:2"]
        elif kind == "kill":
            args += ["--at", f"{t}ms:kill:2"]
        else:
            args += ["--at", f"{t}ms:blackhole:2", "--at", f"{t + spacing // 2}ms:restore:2"]
    return args, [1.0 + i * spacing / 1000 for i in range(repetitions)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/kwiktop")
    parser.add_argument("--repetitions", type=int, default=20)
    options = parser.parse_args()
    port = free_base_port(4)
    server = subprocess.Popen([options.binary, "serve", "--port", str(port), "--paths", "4"],
                              stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    rows = []
    try:
        for kind, spacing in (("disable", 600), ("kill", 600), ("blackhole", 1600)):
            args, times = actions(kind, options.repetitions, spacing)
            duration = times[-1] + spacing / 1000 + 1
            with tempfile.TemporaryFile("w+") as out:
                subprocess.run([options.binary, "connect", "127.0.0.1", "--port", str(port), "--paths", "4",
                                "--headless", "--duration", f"{duration}s", "--interval", "1s"] + args,
                               stdout=out, check=True)
                out.seek(0)
                final = [json.loads(line) for line in out if line.strip()][-1]
            cause = {"disable": "disabled", "kill": "killed", "blackhole": "stale"}[kind]
            delays, detections = [], []
            for at in times:
                event = next((e for e in final["failovers"] if e["path"] == 2 and e["cause"] == cause
                              and at <= e["detected_at"] < at + spacing / 1000), None)
                if event is None or event.get("resumed_at") is None:
                    sys.exit(f"{kind} at {at:.1f}s: no resumed failover event")
                delays.append((event["resumed_at"] - at) * 1000)
                detections.append((event["detected_at"] - at) * 1000)
            assert final["corrupt_bytes"] == 0 and final["delivery_order_violations"] == 0
            rows.append((kind, statistics.median(detections), max(detections), statistics.median(delays), max(delays)))
    finally:
        server.terminate()
        server.wait()
    print(f"| action (n={options.repetitions}) | detection median | detection worst | action → delivery resumed, median | worst |")
    print("| --- | --- | --- | --- | --- |")
    for kind, dmed, dmax, med, worst in rows:
        print(f"| {kind} | {dmed:.2f} ms | {dmax:.2f} ms | {med:.2f} ms | {worst:.2f} ms |")


if __name__ == "__main__":
    main()
