#!/usr/bin/env python3
"""The embedded demo with every subset of its paths, and with each scheduler, in one run: the demo's
promise is that its paths together deliver more than any subset of them.

usage: scripts/demo_subsets.py [BINARY] [--seconds 5] [--paths 4] [--rate 300mbit]

A subset is the demo with the other paths disabled from the start (`--at 0s:disable:N`); goodput is
the final NDJSON line's (delivered bytes / run time). Then all paths once per scheduler, with each
path's share of the received bytes and the duplicates dropped, first as fast as the paths carry (every
scheduler then fills every path), then paced at --rate (each scheduler then puts the stream its own
way). Prints Markdown tables.
"""
import argparse
import itertools
import json
import subprocess

SCHEDULERS = ["ecf", "minrtt", "roundrobin", "weighted", "redundant"]


def demo(binary, seconds, extra):
    command = [binary, "demo", "--headless", "--duration", f"{seconds}s", "--interval", "1s", *extra]
    result = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    final = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")][-1]
    if not final.get("final"):
        raise SystemExit(f"no final line from {' '.join(command)}: {result.stderr}")
    return final


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary", nargs="?", default=".build/release/kwiktop")
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--paths", type=int, default=4)
    parser.add_argument("--rate", default="300mbit", help="the paced stream's rate for the second table")
    args = parser.parse_args()
    ids = list(range(1, args.paths + 1))
    results = {}
    print("| paths | goodput |")
    print("| --- | --- |")
    for size in range(1, len(ids) + 1):
        for subset in itertools.combinations(ids, size):
            extra = [f"--at=0s:disable:{path}" for path in ids if path not in subset]
            goodput = demo(args.binary, args.seconds, extra)["goodput_bps"]
            results[subset] = goodput
            print(f"| {'+'.join(map(str, subset))} | {goodput / 1e6:.0f} Mbit/s |", flush=True)
    everything = results[tuple(ids)]
    best_subset, best = max(((s, g) for s, g in results.items() if s != tuple(ids)), key=lambda item: item[1])
    verdict = "more" if everything > best else "NOT more"
    print(f"\nall paths: {everything / 1e6:.0f} Mbit/s, {verdict} than the best subset "
          f"({'+'.join(map(str, best_subset))}, {best / 1e6:.0f} Mbit/s): ratio {everything / best:.3f}\n")
    schedulers_table(args, ids, [], "as fast as the paths carry")
    schedulers_table(args, ids, ["--rate", args.rate], f"a stream paced at {args.rate}")


def schedulers_table(args, ids, extra, title):
    """Each scheduler once: each path's share of the bytes received, the duplicates dropped and the
    head-of-line time."""
    print(f"\n{title}:\n")
    print("| scheduler | goodput | " + " | ".join(f"path {path} share" for path in ids)
          + " | duplicates dropped | head-of-line |")
    print("| --- | --- | " + " | ".join("---" for _ in ids) + " | --- | --- |")
    for scheduler in SCHEDULERS:
        final = demo(args.binary, args.seconds, ["--scheduler", scheduler, *extra])
        received = {path["id"]: path["rx_bytes"] for path in final["paths"]}
        total = sum(received.values()) or 1
        shares = " | ".join(f"{100 * received.get(path, 0) / total:.1f} %" for path in ids)
        print(f"| {scheduler} | {final['goodput_bps'] / 1e6:.0f} Mbit/s | {shares} | "
              f"{final['duplicates_dropped']} | {final['head_of_line_stall_ms']:.0f} ms |", flush=True)


if __name__ == "__main__":
    main()
