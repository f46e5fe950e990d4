#!/usr/bin/env python3
"""kwiktop against iperf3 over loopback, alternated in one run: for each repetition and each path
count, a kwiktop download (`serve` + `connect`, every byte verified) and then iperf3 with as many
streams (which verifies nothing). Prints medians, the kwiktop/iperf3 ratio per path count, and CPU
seconds (user + system) per GiB delivered of the sending server and of the receiving client apart.
With --baseline, a second kwiktop build runs in the same alternation, for before/after figures.

usage: scripts/iperf_ratio.py [--binary .build/release/kwiktop] [--baseline OTHER_KWIKTOP]
                              [--paths 1 4 16] [--repetitions 3] [--bytes 8GiB] [--seconds 5]
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
    """Goodput and CPU s/GiB of server and client: the client is reaped before the server."""
    port = free_base_port(paths)
    before = children_cpu()
    after_client = None
    server = subprocess.Popen([binary, "serve", "--port", str(port), "--paths", str(paths)],
                              stderr=subprocess.DEVNULL)
    time.sleep(0.4)
    try:
        result = subprocess.run(
            [binary, "connect", "127.0.0.1", "--port", str(port), "--paths", str(paths), "--headless",
             "--bytes", size, "--interval", "60s"], capture_output=True, text=True, check=True, timeout=300)
        after_client = children_cpu()
    finally:
        server.terminate()
        server.wait()
    final = json.loads(result.stdout.strip().splitlines()[-1])
    if final["corrupt_bytes"] != 0 or final["verified_bytes"] != final["total_bytes"]:
        raise SystemExit(f"kwiktop, {paths} paths: not every byte verified: {final}")
    gib = final["verified_bytes"] / 2**30
    return final["goodput_bps"], (children_cpu() - after_client) / gib, (after_client - before) / gib


def iperf(streams, seconds):
    """As `kwiktop`; iperf3's client sends, so the server here is the receiving end."""
    port = free_base_port(1)
    before = children_cpu()
    after_client = None
    server = subprocess.Popen(["iperf3", "-s", "-1", "-p", str(port)], stdout=subprocess.DEVNULL)
    time.sleep(0.4)
    try:
        result = subprocess.run(["iperf3", "-c", "127.0.0.1", "-p", str(port), "-t", str(seconds),
                                 "-P", str(streams), "-J"], capture_output=True, text=True, check=True,
                                timeout=seconds + 60)
        after_client = children_cpu()
    finally:
        server.wait(timeout=20)
    received = json.loads(result.stdout)["end"]["sum_received"]
    gib = received["bytes"] / 2**30
    # Reported as sender, receiver, like kwiktop's server, client.
    return received["bits_per_second"], (after_client - before) / gib, (children_cpu() - after_client) / gib


def medians(samples):
    return [statistics.median(sample[column] for sample in samples) for column in range(3)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/kwiktop")
    parser.add_argument("--baseline", help="another kwiktop build, alternated with --binary")
    parser.add_argument("--paths", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--bytes", default="8GiB")
    parser.add_argument("--seconds", type=int, default=5)
    args = parser.parse_args()
    samples = {}
    for _ in range(args.repetitions):
        for paths in args.paths:
            if args.baseline:
                samples.setdefault(("baseline", paths), []).append(kwiktop(args.baseline, paths, args.bytes))
            samples.setdefault(("kwiktop", paths), []).append(kwiktop(args.binary, paths, args.bytes))
            samples.setdefault(("iperf3", paths), []).append(iperf(paths, args.seconds))
    print(f"Medians of {args.repetitions}; CPU is seconds per GiB delivered, sending end / receiving end.")
    print()
    print("| paths / streams | kwiktop | iperf3 | ratio | bar | kwiktop CPU | iperf3 CPU |"
          + (" baseline | ratio to baseline | baseline CPU |" if args.baseline else ""))
    print("| --- | --- | --- | --- | --- | --- | --- |" + (" --- | --- | --- |" if args.baseline else ""))
    for paths in args.paths:
        ours, our_send, our_receive = medians(samples[("kwiktop", paths)])
        theirs, their_send, their_receive = medians(samples[("iperf3", paths)])
        bar = BARS.get(paths)
        row = (f"| {paths} | {ours / 1e9:.2f} Gbit/s | {theirs / 1e9:.2f} Gbit/s | {ours / theirs:.2f} "
               f"| {'' if bar is None else f'≥ {bar}'} | {our_send:.2f} / {our_receive:.2f} "
               f"| {their_send:.2f} / {their_receive:.2f} |")
        if args.baseline:
            base, base_send, base_receive = medians(samples[("baseline", paths)])
            row += f" {base / 1e9:.2f} Gbit/s | {ours / base:.2f} | {base_send:.2f} / {base_receive:.2f} |"
        print(row)


if __name__ == "__main__":
    main()
