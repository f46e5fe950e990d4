#!/usr/bin/env python3
"""What TLS costs: the same loopback download with plaintext paths and with TLS paths, alternated in
one run so both see the same machine. Reports goodput and CPU per GiB (client + server), medians over
the repetitions, and the TLS/plaintext ratios.

usage: scripts/tls_cost.py [--binary .build/release/kwiktop] [--repetitions 5] [--bytes 1GiB] [--paths 1 4]
Prints a Markdown table.
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile

from loopback import free_base_port

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "Tests", "Fixtures", "tls")
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def start_server(binary, port, tls):
    args = [binary, "serve", "--port", str(port), "--paths", "4"]
    if tls:
        args += ["--tls-cert", f"{FIXTURES}/server.pem", "--tls-key", f"{FIXTURES}/server.key"]
    server = subprocess.Popen(args, stderr=subprocess.PIPE, text=True)
    for line in server.stderr:
        if "listening" in line:
            return server
    sys.exit("server did not start")


def run(binary, port, paths, size, tls, server):
    args = [binary, "connect", "127.0.0.1", "--port", str(port), "--paths", str(paths), "--headless",
            "--bytes", size, "--interval", "10s"]
    if tls:
        args += ["--tls-ca", f"{FIXTURES}/ca.pem"]
    server_before = cpu_seconds(server.pid)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with tempfile.TemporaryFile("w+") as out:
        subprocess.run(args, stdout=out, check=True)
        out.seek(0)
        final = [json.loads(line) for line in out if line.strip()][-1]
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime) + cpu_seconds(server.pid) - server_before
    assert final["corrupt_bytes"] == 0 and final["verified_bytes"] == final["delivered_bytes"] > 0
    gib = final["delivered_bytes"] / (1 << 30)
    # The final line's goodput_bps is the run's: delivered bytes from the session's start to its end.
    return final["goodput_bps"], cpu / gib


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/kwiktop")
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--bytes", default="1GiB")
    parser.add_argument("--paths", type=int, nargs="+", default=[1, 4])
    options = parser.parse_args()
    plain_port = free_base_port(4)
    plain = start_server(options.binary, plain_port, False)
    tls_port = free_base_port(4)
    tls = start_server(options.binary, tls_port, True)
    rows = []
    try:
        for paths in options.paths:
            samples = {False: [], True: []}
            for _ in range(options.repetitions):
                for encrypted in (False, True):
                    port, server = (tls_port, tls) if encrypted else (plain_port, plain)
                    samples[encrypted].append(run(options.binary, port, paths, options.bytes, encrypted, server))
            median = {k: (statistics.median(g for g, _ in v), statistics.median(c for _, c in v)) for k, v in samples.items()}
            rows.append((paths, median[False], median[True]))
    finally:
        for server in (plain, tls):
            server.terminate()
            server.wait()
    print(f"| paths (n={options.repetitions}, {options.bytes}) | plaintext goodput | TLS goodput | TLS / plaintext "
          "| plaintext CPU s/GiB | TLS CPU s/GiB | TLS / plaintext |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for paths, (pg, pc), (tg, tc) in rows:
        print(f"| {paths} | {pg / 1e9:.2f} Gbit/s | {tg / 1e9:.2f} Gbit/s | ×{tg / pg:.2f} | {pc:.2f} | {tc:.2f} | ×{tc / pc:.2f} |")


if __name__ == "__main__":
    main()
