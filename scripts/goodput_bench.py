#!/usr/bin/env python3
"""Loopback goodput of kwiktop with 1 and 4 paths, and of one plain TCP stream (iperf3, if installed),
measured in the same run; every kwiktop byte is verified.

usage: scripts/goodput_bench.py [--binary .build/release/kwiktop] [--bytes 1GiB] [--repetitions 5]
Prints a Markdown table with medians and ratios to the 4-path kwiktop figure.
"""
import argparse
import json
import shutil
import socket
import statistics
import subprocess
import sys
import time


def free_base_port(count):
    for base in range(42000, 60000, 16):
        sockets = []
        try:
            for offset in range(count):
                s = socket.socket()
                s.bind(("127.0.0.1", base + offset))
                sockets.append(s)
            return base
        except OSError:
            continue
        finally:
            for s in sockets:
                s.close()
    sys.exit("no free ports")


def kwiktop_goodput(binary, port, paths, size, scheduler):
    result = subprocess.run(
        [binary, "connect", "127.0.0.1", "--port", str(port), "--paths", str(paths), "--headless",
         "--bytes", size, "--scheduler", scheduler, "--interval", "10s"],
        capture_output=True, text=True, check=True)
    final = json.loads(result.stdout.strip().splitlines()[-1])
    assert final["corrupt_bytes"] == 0 and final["verified_bytes"] == final["total_bytes"]
    # Over the session's whole life, connection set-up included.
    return final["verified_bytes"] * 8 / final["time"]


def iperf_goodput(streams):
    port = free_base_port(1)
    server = subprocess.Popen(["iperf3", "-s", "-1", "-p", str(port)], stdout=subprocess.DEVNULL)
    time.sleep(0.3)
    try:
        result = subprocess.run(["iperf3", "-c", "127.0.0.1", "-p", str(port), "-t", "3", "-P", str(streams), "-J"],
                                capture_output=True, text=True, check=True)
    finally:
        server.wait(timeout=10)
    return json.loads(result.stdout)["end"]["sum_received"]["bits_per_second"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/kwiktop")
    parser.add_argument("--bytes", default="1GiB")
    parser.add_argument("--repetitions", type=int, default=5)
    options = parser.parse_args()
    port = free_base_port(4)
    server = subprocess.Popen([options.binary, "serve", "--port", str(port), "--paths", "4"], stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    rows = []
    try:
        for label, paths, scheduler in (("kwiktop, 4 paths, minrtt", 4, "minrtt"),
                                        ("kwiktop, 4 paths, roundrobin", 4, "roundrobin"),
                                        ("kwiktop, 1 path", 1, "minrtt")):
            samples = [kwiktop_goodput(options.binary, port, paths, options.bytes, scheduler)
                       for _ in range(options.repetitions)]
            rows.append((label, statistics.median(samples), min(samples), max(samples)))
    finally:
        server.terminate()
        server.wait()
    if shutil.which("iperf3"):
        for streams in (1, 4):
            samples = [iperf_goodput(streams) for _ in range(3)]
            rows.append((f"plain TCP, iperf3, {streams} stream{'s' if streams > 1 else ''}", statistics.median(samples),
                         min(samples), max(samples)))
    reference = rows[0][1]
    print(f"| what ({options.bytes} per kwiktop run, median of {options.repetitions}) | goodput | min | max | ratio to kwiktop 4 paths |")
    print("| --- | --- | --- | --- | --- |")
    for label, median, low, high in rows:
        print(f"| {label} | {median / 1e9:.2f} Gbit/s | {low / 1e9:.2f} | {high / 1e9:.2f} | {median / reference:.2f} |")


if __name__ == "__main__":
    main()
