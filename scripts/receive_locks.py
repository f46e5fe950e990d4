#!/usr/bin/env python3
"""Mutex acquisitions per delivered packet in the receiving end of a loopback download: `serve` and
`connect` as two processes, the client counted with a perf uprobe on libc's pthread_mutex_lock. It
counts every lock the client process takes (event loops, the multiplexer, the verifier, the pools,
acknowledgements), so it is an upper bound on the receive side's own.

usage: scripts/receive_locks.py [--binary .build/release/kwiktop] [--paths 4 16] [--bytes 2GiB]
Needs root and perf (Debian package linux-perf); adds the uprobe probe_libc:pthread_mutex_lock once.
"""
import argparse
import json
import re
import subprocess
import time

from loopback import free_base_port

EVENT = "probe_libc:pthread_mutex_lock"


def libc(binary):
    found = re.search(r"=> (\S*libc\.so\.6)", subprocess.run(["ldd", binary], capture_output=True, text=True).stdout)
    if not found:
        raise SystemExit(f"{binary}: no libc.so.6 in its ldd output")
    return found.group(1)


def ensure_probe(binary):
    listed = subprocess.run(["perf", "probe", "-l"], capture_output=True, text=True).stdout
    if EVENT not in listed:
        subprocess.run(["perf", "probe", "-q", "-x", libc(binary), "pthread_mutex_lock"], check=True)


def locks_per_packet(binary, paths, size):
    port = free_base_port(paths)
    server = subprocess.Popen([binary, "serve", "--port", str(port), "--paths", str(paths)],
                              stderr=subprocess.DEVNULL)
    time.sleep(0.4)
    try:
        result = subprocess.run(
            ["perf", "stat", "-x", ",", "-e", EVENT, "--", binary, "connect", "127.0.0.1", "--port", str(port),
             "--paths", str(paths), "--headless", "--bytes", size, "--interval", "60s"],
            capture_output=True, text=True, check=True, timeout=300)
    finally:
        server.terminate()
        server.wait()
    final = json.loads(result.stdout.strip().splitlines()[-1])
    if final["corrupt_bytes"] != 0 or final["verified_bytes"] != final["total_bytes"]:
        raise SystemExit(f"{paths} paths: not every byte verified: {final}")
    counted = [line.split(",") for line in result.stderr.splitlines() if EVENT in line]
    if not counted or not counted[0][0].isdigit():
        raise SystemExit(f"perf counted nothing: {result.stderr.strip()}")
    packets = -(-final["delivered_bytes"] // final["packet_size"])
    return int(counted[0][0]) / packets, final["goodput_bps"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/kwiktop")
    parser.add_argument("--paths", type=int, nargs="+", default=[4, 16])
    parser.add_argument("--bytes", default="2GiB")
    args = parser.parse_args()
    ensure_probe(args.binary)
    print("| paths | mutex locks per delivered packet (client process) | goodput |")
    print("| --- | --- | --- |")
    for paths in args.paths:
        locks, goodput = locks_per_packet(args.binary, paths, args.bytes)
        print(f"| {paths} | {locks:.2f} | {goodput / 1e9:.2f} Gbit/s |")


if __name__ == "__main__":
    main()
