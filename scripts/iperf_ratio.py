#!/usr/bin/env python3
"""kwiktop against iperf3 over loopback, alternated in one run: for each repetition and each path
count, a kwiktop download (`serve` + `connect`, every byte verified) and then iperf3 with as many
streams (which verifies nothing). Prints medians, the kwiktop/iperf3 ratio per path count, and CPU
seconds per GiB of both ends together (user + system of both processes).

usage: scripts/iperf_ratio.py [--binary .build/release/kwiktop] [--paths 1 4 16] [--repetitions 3]
                              [--bytes 8GiB] [--seconds 5]
Needs iperf3 (Debian package iperf3). The ratios kwiktop aims at are printed beside them: 1 path
≥ 1.0, 4 paths ≥ 0.9, 16 paths ≥ 0.85.
"""
import argparse
import json
import resource
import statistics
import subprocess
import time

from loopback import free_base_port

BARS = {1: 1.0, 4: 0.9, 16: 0.85}


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def kwiktop(binary, paths, size):
    port = free_base_port(paths)
    before = children_cpu()
    server = subprocess.Popen([binary, "serve", "--port", str(port), "--paths", str(paths)],
                              stderr=subprocess.DEVNULL)
    time.sleep(0.4)
    try:
        result = subprocess.run(
            [binary, "connect", "127.0.0.1", "--port", str(port), "--paths", str(paths), "--headless",
             "--bytes", size, "--interval", "60s"], capture_output=True, text=True, check=True, timeout=300)
    finally:
        server.terminate()
        server.wait()
    final = json.loads(result.stdout.strip().splitlines()[-1])
    if final["corrupt_bytes"] != 0 or final["verified_bytes"] != final["total_bytes"]:
        raise SystemExit(f"kwiktop, {paths} paths: not every byte verified: {final}")
    return final["goodput_bps"], (children_cpu() - before) / (final["verified_bytes"] / 2**30)


def iperf(streams, seconds):
    port = free_base_port(1)
    before = children_cpu()
    server = subprocess.Popen(["iperf3", "-s", "-1", "-p", str(port)], stdout=subprocess.DEVNULL)
    time.sleep(0.4)
    try:
        result = subprocess.run(["iperf3", "-c", "127.0.0.1", "-p", str(port), "-t", str(seconds),
                                 "-P", str(streams), "-J"], capture_output=True, text=True, check=True,
                                timeout=seconds + 60)
    finally:
        server.wait(timeout=20)
    received = json.loads(result.stdout)["end"]["sum_received"]
    return received["bits_per_second"], (children_cpu() - before) / (received["bytes"] / 2**30)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/kwiktop")
    parser.add_argument("--paths", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--bytes", default="8GiB")
    parser.add_argument("--seconds", type=int, default=5)
    args = parser.parse_args()
    samples = {}
    for _ in range(args.repetitions):
        for paths in args.paths:
            samples.setdefault(("kwiktop", paths), []).append(kwiktop(args.binary, paths, args.bytes))
            samples.setdefault(("iperf3", paths), []).append(iperf(paths, args.seconds))
    print(f"| paths / streams (median of {args.repetitions}) | kwiktop | iperf3 | ratio | bar "
          "| kwiktop CPU s/GiB | iperf3 CPU s/GiB |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for paths in args.paths:
        ours = statistics.median(rate for rate, _ in samples[("kwiktop", paths)])
        theirs = statistics.median(rate for rate, _ in samples[("iperf3", paths)])
        our_cpu = statistics.median(cpu for _, cpu in samples[("kwiktop", paths)])
        their_cpu = statistics.median(cpu for _, cpu in samples[("iperf3", paths)])
        bar = BARS.get(paths)
        print(f"| {paths} | {ours / 1e9:.2f} Gbit/s | {theirs / 1e9:.2f} Gbit/s | {ours / theirs:.2f} "
              f"| {'' if bar is None else f'≥ {bar}'} | {our_cpu:.2f} | {their_cpu:.2f} |")


if __name__ == "__main__":
    main()
