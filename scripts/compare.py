#!/usr/bin/env python3
"""kwiktop against the real alternatives, in one run on one machine, over loopback:

- plain TCP: iperf3 with 1 and 4 streams;
- Linux kernel MPTCP with 4 subflows: `mptcpize run iperf3`, with subflow endpoints on 127.0.0.2-4
  (set up here with `ip mptcp`, and removed at the end; needs root and net.mptcp.enabled=1);
- kwiktop with 4 paths (`serve` and `connect` as two processes, 16 KiB packets) in each reader mode,
  and with 1 path; every kwiktop byte is verified.

usage: scripts/compare.py [--binary .build/release/kwiktop] [--bytes 2GiB] [--repetitions 3] [--seconds 5]
Prints a Markdown table: median goodput and its ratio to kwiktop per-path with 4 paths. Needs iperf3
and mptcpize (Debian packages of the same names) for the reference lines; without them those lines
are skipped with a note.
"""
import argparse
import json
import shutil
import statistics
import subprocess
import time

from loopback import free_base_port


def kwiktop(binary, paths, reader, size):
    port = free_base_port(paths)
    server = subprocess.Popen([binary, "serve", "--port", str(port), "--paths", str(paths), "--reader", reader],
                              stderr=subprocess.DEVNULL)
    time.sleep(0.4)
    try:
        result = subprocess.run(
            [binary, "connect", "127.0.0.1", "--port", str(port), "--paths", str(paths), "--headless",
             "--bytes", size, "--reader", reader, "--interval", "60s"],
            capture_output=True, text=True, check=True)
    finally:
        server.terminate()
        server.wait()
    final = json.loads(result.stdout.strip().splitlines()[-1])
    assert final["corrupt_bytes"] == 0 and final["verified_bytes"] == final["total_bytes"]
    # The run's goodput: from the session's start (connection set-up included) to its end.
    return final["goodput_bps"]


def iperf(streams, seconds, wrapper=()):
    port = free_base_port(1)
    server = subprocess.Popen([*wrapper, "iperf3", "-s", "-1", "-p", str(port)], stdout=subprocess.DEVNULL)
    time.sleep(0.4)
    try:
        result = subprocess.run([*wrapper, "iperf3", "-c", "127.0.0.1", "-p", str(port), "-t", str(seconds),
                                 "-P", str(streams), "-J"], capture_output=True, text=True, check=True)
    finally:
        server.wait(timeout=20)
    return json.loads(result.stdout)["end"]["sum_received"]["bits_per_second"]


class MPTCPEndpoints:
    """Three extra loopback addresses as MPTCP subflow endpoints: 4 subflows per connection."""

    def __enter__(self):
        self.saved = subprocess.run(["ip", "mptcp", "limits", "show"], capture_output=True, text=True).stdout.split()
        subprocess.run(["ip", "mptcp", "limits", "set", "subflows", "4", "add_addr_accepted", "4"], check=True)
        for host in (2, 3, 4):
            subprocess.run(["ip", "mptcp", "endpoint", "add", f"127.0.0.{host}", "dev", "lo", "subflow"], check=True)
        return self

    def __exit__(self, *_):
        subprocess.run(["ip", "mptcp", "endpoint", "flush"], check=False)
        limits = dict(zip(self.saved[::2], self.saved[1::2]))
        subprocess.run(["ip", "mptcp", "limits", "set", "subflows", limits.get("subflows", "2"),
                        "add_addr_accepted", limits.get("add_addr_accepted", "0")], check=False)


def median(samples):
    return statistics.median(samples), min(samples), max(samples)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/kwiktop")
    parser.add_argument("--bytes", default="2GiB")
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=5, help="iperf3 run length")
    options = parser.parse_args()
    rows, notes = [], []
    for label, paths, reader in (("kwiktop, 4 paths, per-path readers", 4, "per-path"),
                                 ("kwiktop, 4 paths, global-pool", 4, "global-pool"),
                                 ("kwiktop, 4 paths, naive", 4, "naive"),
                                 ("kwiktop, 1 path, per-path reader", 1, "per-path")):
        rows.append((label, *median([kwiktop(options.binary, paths, reader, options.bytes)
                                     for _ in range(options.repetitions)])))
    if shutil.which("iperf3"):
        for streams in (1, 4):
            rows.append((f"plain TCP, iperf3, {streams} stream{'s' if streams > 1 else ''}",
                         *median([iperf(streams, options.seconds) for _ in range(options.repetitions)])))
        if shutil.which("mptcpize"):
            with MPTCPEndpoints():
                rows.append(("kernel MPTCP, 4 subflows (mptcpize iperf3)",
                             *median([iperf(1, options.seconds, ("mptcpize", "run"))
                                      for _ in range(options.repetitions)])))
        else:
            notes.append("mptcpize not installed: kernel MPTCP skipped")
    else:
        notes.append("iperf3 not installed: plain TCP and MPTCP skipped")
    reference = rows[0][1]
    print(f"| what (median of {options.repetitions}; kwiktop {options.bytes} per run, iperf3 {options.seconds} s) "
          f"| goodput | min | max | ratio to kwiktop 4 paths per-path |")
    print("| --- | --- | --- | --- | --- |")
    for label, mid, low, high in rows:
        print(f"| {label} | {mid / 1e9:.2f} Gbit/s | {low / 1e9:.2f} | {high / 1e9:.2f} | {mid / reference:.2f} |")
    for note in notes:
        print(f"\n{note}")


if __name__ == "__main__":
    main()
