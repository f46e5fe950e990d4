#!/usr/bin/env python3
"""Two builds of kwiktop against each other, alternated in one run on one machine, so a refactor or an
optimisation is judged by ratios measured side by side rather than against old figures.

usage: scripts/ab.py BASELINE_BINARY CANDIDATE_BINARY [--repetitions 3] [--bytes 2GiB] [--seconds 5]

For each repetition and each binary, in turn: `kwiktop bench --json` (the three reader modes, one
process) and a 4-path loopback download (`serve` + `connect`, per-path readers, every byte verified).
Prints a Markdown table of medians and the candidate/baseline ratio of each.
"""
import argparse
import json
import statistics
import subprocess

from compare import kwiktop


def bench(binary, seconds):
    result = subprocess.run([binary, "bench", "--json", "--duration", f"{seconds}s"],
                            capture_output=True, text=True, check=True, timeout=300)
    report = json.loads(result.stdout)
    return {entry["mode"]: entry["goodput_bps"] for entry in report["results"]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("baseline")
    parser.add_argument("candidate")
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--bytes", default="2GiB")
    parser.add_argument("--seconds", type=int, default=5)
    args = parser.parse_args()
    samples = {}
    for _ in range(args.repetitions):
        for label, binary in (("baseline", args.baseline), ("candidate", args.candidate)):
            for mode, goodput in bench(binary, args.seconds).items():
                samples.setdefault((f"bench, {mode}", label), []).append(goodput)
            loopback = kwiktop(binary, 4, "per-path", args.bytes)
            samples.setdefault(("loopback, 4 paths, per-path", label), []).append(loopback)
    print("| what (median of %d) | baseline | candidate | ratio |" % args.repetitions)
    print("| --- | --- | --- | --- |")
    for what in dict.fromkeys(key[0] for key in samples):
        base = statistics.median(samples[(what, "baseline")])
        candidate = statistics.median(samples[(what, "candidate")])
        print(f"| {what} | {base / 1e9:.2f} Gbit/s | {candidate / 1e9:.2f} Gbit/s | {candidate / base:.3f} |")


if __name__ == "__main__":
    main()
