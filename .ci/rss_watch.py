#!/usr/bin/env python3
"""Samples a process's resident memory (VmRSS in /proc/PID/status) and prints its peak.

usage: rss_watch.py PID --bound-mib N [--seconds S] [--stop-mib M] [--every SECONDS]

Watches until the process exits, S seconds have passed, SIGTERM arrives, or the resident memory passes
M MiB (so a check can end an attack that would otherwise take the whole machine). Prints
`peak X MiB after T s (bound N MiB)`; exits 1 if the peak passed the bound, 2 if the process was gone at the start.
"""
import argparse
import signal
import sys
import time


def resident_mib(pid):
    """VmRSS in MiB, or None once the process is gone."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except (FileNotFoundError, ProcessLookupError):
        return None
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("pid", type=int)
    parser.add_argument("--bound-mib", type=float, required=True)
    parser.add_argument("--seconds", type=float, default=float("inf"))
    parser.add_argument("--stop-mib", type=float, default=float("inf"))
    parser.add_argument("--every", type=float, default=0.05)
    args = parser.parse_args()

    stopped = []
    signal.signal(signal.SIGTERM, lambda *_: stopped.append(True))
    peak = resident_mib(args.pid)
    if peak is None:
        print(f"process {args.pid} is not running")
        sys.exit(2)
    start = time.monotonic()
    peak_at = 0.0
    while not stopped and time.monotonic() < start + args.seconds and peak <= args.stop_mib:
        time.sleep(args.every)
        current = resident_mib(args.pid)
        if current is None:
            break
        if current > peak:
            peak, peak_at = current, time.monotonic() - start
    passed = peak > args.bound_mib
    print(f"peak {peak:.0f} MiB after {peak_at:.1f} s (bound {args.bound_mib:.0f} MiB)"
          f"{' PASSED THE BOUND' if passed else ''}")
    sys.exit(1 if passed else 0)


if __name__ == "__main__":
    main()
