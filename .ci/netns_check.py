#!/usr/bin/env python3
"""Helpers of .ci/netns.sh (python3 stdlib only).

  stamp RAW STAMPS            copy NDJSON from stdin to RAW, and each line's arrival time (epoch s) to STAMPS
  probe HOST PORT [SECONDS]   one TCP connect: prints connected, refused, unreachable or timeout
  sink PORT                   accept one TCP connection; print the rate it received at (bit/s)
  blast HOST PORT SECONDS     send to a sink as fast as TCP goes for SECONDS
  snmp GROUP FIELD            a counter of /proc/net/snmp (the caller's network namespace)
  outage NAME RAW STAMPS EVENTS --rate-bps R --path-up 1 --path-down 2 --back-within S
                              the checks of an outage scenario (see check_outage)
  bound NAME RAW COUNTERS     each path's bytes against its interface's rx_bytes (COUNTERS: `path before after`)
  auto NAME RAW STAMPS EVENTS the paths of `--interfaces auto`, before and after a fourth link is added
  integrity NAME RAW [--bytes N]
Figures are printed one a line, `NAME: figure = value (bound)`; a failed check prints `FAIL: NAME: …`
and the command exits 1 after printing every figure.
"""
import argparse
import json
import socket
import statistics
import sys
import time


class Report:
    def __init__(self, name):
        self.name = name
        self.failures = []

    def figure(self, label, value, bound=None, ok=True):
        suffix = f" ({bound})" if bound else ""
        mark = "" if ok else "  <-- FAIL"
        print(f"{self.name}: {label} = {value}{suffix}{mark}")
        if not ok:
            self.failures.append(f"{label} = {value}{suffix}")

    def fail(self, reason):
        print(f"{self.name}: {reason}  <-- FAIL")
        self.failures.append(reason)

    def finish(self):
        for reason in self.failures:
            print(f"FAIL: {self.name}: {reason}")
        sys.exit(1 if self.failures else 0)


def load(raw):
    lines = []
    for text in open(raw):
        text = text.strip()
        if not text:
            continue
        try:
            lines.append(json.loads(text))
        except json.JSONDecodeError:
            pass
    return lines


def clock_offset(lines, stamps):
    """Epoch seconds of the session's start: a snapshot's `time` is its uptime, taken just before it is
    printed, so the least delayed line gives the closest offset."""
    arrivals = [float(x) for x in open(stamps).read().split()]
    pairs = list(zip(lines, arrivals))
    if not pairs:
        return None
    return min(arrival - line["time"] for line, arrival in pairs)


def events(path, offset):
    """`name epoch` lines written by the script, as session times."""
    result = {}
    for text in open(path):
        parts = text.split()
        if len(parts) == 2:
            result[parts[0]] = float(parts[1]) - offset
    return result


def path_of(snapshot, ident):
    return next((p for p in snapshot["paths"] if p["id"] == ident), None)


def integrity(report, lines, total=None):
    if not lines or not lines[-1].get("final"):
        report.fail("no final snapshot")
        return None
    final = lines[-1]
    order = final["delivery_order_violations"] + sum(p["ordering_violations"] for p in final["paths"])
    report.figure("corrupt bytes", final["corrupt_bytes"], "= 0", final["corrupt_bytes"] == 0)
    report.figure("order violations", order, "= 0", order == 0)
    if total is not None:
        report.figure("verified bytes", final["verified_bytes"], f"= {total}", final["verified_bytes"] == total)
    else:
        ok = final["verified_bytes"] == final["delivered_bytes"] and final["verified_bytes"] > 0
        report.figure("verified bytes", f"{final['verified_bytes']} of {final['delivered_bytes']} delivered",
                      "all, > 0", ok)
    if final.get("failure_reason"):
        report.figure("failure reason", json.dumps(final["failure_reason"]), ok=False)
    return final


def timed_run(args):
    """The report, the run's lines, its final line, and its scripted events on the session's clock."""
    report = Report(args.name)
    lines = load(args.raw)
    final = integrity(report, lines)
    offset = clock_offset(lines, args.stamps) if lines else None
    if final is None or offset is None:
        report.finish()
    return report, lines, final, events(args.events, offset)


def check_outage(args):
    report, lines, final, marks = timed_run(args)
    start, restore = marks["outage"], marks["restore"]
    running = [l for l in lines if not l.get("final")]
    report.figure("outage", f"{start:.2f} s to {restore:.2f} s of the session ({restore - start:.1f} s)")
    if "reset" in marks:
        report.figure("reset at", f"{marks['reset']:.2f} s")
    states = sorted({(path_of(l, args.path_down) or {}).get("state", "absent")
                     for l in running if start <= l["time"] <= restore})
    report.figure(f"path {args.path_down} states during the outage", ",".join(states) or "none")
    causes = [f"{e['cause']}@{e['detected_at']:.2f}" for e in final["failovers"]
              if e["path"] == args.path_down and e["detected_at"] >= start - 0.5]
    report.figure(f"path {args.path_down} failovers", " ".join(causes) or "none")

    # Back: the first snapshot after the restore that shows the path active.
    back = next((l for l in running if l["time"] >= restore
                 and (path_of(l, args.path_down) or {}).get("state") == "active"), None)
    if back is None:
        last = (path_of(running[-1], args.path_down) or {}).get("state") if running else None
        report.figure(f"path {args.path_down} active again after the restore", f"never (last state {last})",
                      f"<= {args.back_within} s", False)
        back_at = running[-1]["time"] if running else restore
    else:
        back_at = back["time"]
        report.figure(f"path {args.path_down} active again after the restore", f"{back_at - restore:.2f} s",
                      f"<= {args.back_within} s", back_at - restore <= args.back_within)
        before = path_of(back, args.path_down)["rx_bytes"]
        after = path_of(final, args.path_down)["rx_bytes"]
        report.figure(f"path {args.path_down} rx after it came back", f"{after - before} bytes")

    # Every interval that overlaps [outage start, path back], within the timed run.
    end = args.duration if args.duration else float("inf")
    rows = []
    for prev, cur in zip(running, running[1:]):
        if cur["time"] <= start or prev["time"] >= back_at or cur["time"] > end:
            continue
        dt = cur["time"] - prev["time"]
        up = path_of(cur, args.path_up)["rx_bytes"] - path_of(prev, args.path_up)["rx_bytes"]
        delivered = cur["delivered_bytes"] - prev["delivered_bytes"]
        rows.append((prev["time"], dt, up, delivered))
    need = args.rate_bps / 8 * args.share
    if not rows:
        report.fail("no interval snapshot during the outage")
    else:
        worst = min(rows, key=lambda r: r[2] / r[1])
        low = sum(1 for r in rows if r[2] < need * r[1])
        report.figure(f"path {args.path_up} min rx per interval",
                      f"{worst[2]} bytes in {worst[1] * 1000:.0f} ms at {worst[0]:.2f} s "
                      f"= {worst[2] * 8 / worst[1] / 1e6:.1f} Mbit/s",
                      f">= {need * worst[1]:.0f} bytes, {args.share:.0%} of {args.rate_bps / 1e6:.0f} Mbit/s",
                      low == 0)
        report.figure(f"path {args.path_up} intervals under the bound", f"{low} of {len(rows)}", "0", low == 0)
        # In order, verified: what the application got, which the head of a window stuck on the
        # silent link would hold back while path 1 still carries packets.
        rates = [r[3] * 8 / r[1] / 1e6 for r in rows]
        short = sum(1 for r in rows if r[3] < need * r[1])
        report.figure("delivered goodput per interval during the outage",
                      f"min {min(rates):.1f} Mbit/s, median {statistics.median(rates):.1f} Mbit/s",
                      f">= {args.share * args.rate_bps / 1e6:.0f} Mbit/s in each of {len(rows)}", short == 0)
    if running:
        rates = [(c["delivered_bytes"] - p["delivered_bytes"]) * 8 / (c["time"] - p["time"]) / 1e6
                 for p, c in zip(running, running[1:]) if c["time"] <= end]
        if rates:
            report.figure("delivered goodput per interval, whole session",
                          f"min {min(rates):.1f} Mbit/s, median {statistics.median(rates):.1f} Mbit/s", "information")
    report.figure("run goodput", f"{final['goodput_bps'] / 1e6:.1f} Mbit/s", "information")
    report.finish()


def check_bound(args):
    report = Report(args.name)
    lines = load(args.raw)
    final = integrity(report, lines)
    if final is None:
        report.finish()
    for text in open(args.counters):
        ident, device, before, after = text.split()
        path = path_of(final, int(ident))
        if path is None:
            report.fail(f"path {ident} is not in the final snapshot")
            continue
        kernel = int(after) - int(before)
        ok = path["rx_bytes"] > 0 and kernel >= 0.9 * path["rx_bytes"]
        ratio = kernel / path["rx_bytes"] if path["rx_bytes"] else 0
        report.figure(f"path {ident} ({path['endpoint']}) {device} rx_bytes / path rx_bytes",
                      f"{kernel} / {path['rx_bytes']} = {ratio:.3f}", ">= 0.9", ok)
    report.finish()


def check_auto(args):
    report, lines, final, marks = timed_run(args)
    added = marks["added"]
    running = [l for l in lines if not l.get("final")]
    before = [l for l in running if l["time"] < added]
    most = max((sum(p["state"] == "active" for p in l["paths"]) for l in before), default=0)
    declared = max((len(l["paths"]) for l in before), default=0)
    endpoints = sorted({p["endpoint"] for l in before for p in l["paths"]})
    report.figure("paths before the fourth link", f"{declared} ({', '.join(endpoints)})", "= 3", declared == 3)
    report.figure("most active paths before the fourth link", most, "= 3", most == 3)
    report.figure("fourth link added at", f"{added:.2f} s")
    after = [l for l in running if l["time"] >= added]
    new_ids = sorted({p["id"] for l in after for p in l["paths"]} - {p["id"] for l in before for p in l["paths"]})
    if not new_ids:
        report.figure("new path after the fourth link", "none", "one", False)
    else:
        ident = new_ids[0]
        first = next(l for l in after if path_of(l, ident))
        active = next((l for l in after if (path_of(l, ident) or {}).get("state") == "active"), None)
        report.figure("new path after the fourth link",
                      f"id {ident} ({path_of(first, ident)['endpoint']}), seen {first['time'] - added:.2f} s after")
        report.figure(f"path {ident} active after the link was added",
                      "never" if active is None else f"{active['time'] - added:.2f} s", "active", active is not None)
        rx = (path_of(final, ident) or {}).get("rx_bytes", 0)
        report.figure(f"path {ident} rx bytes", rx, "> 0", rx > 0)
    report.figure("final path states", " ".join(f"{p['id']}={p['state']}" for p in final["paths"]))
    report.finish()


def check_integrity(args):
    report = Report(args.name)
    final = integrity(report, load(args.raw), args.bytes)
    if final is not None:
        report.figure("goodput", f"{final['goodput_bps'] / 1e6:.1f} Mbit/s in {final['run_seconds']:.2f} s",
                      "information")
        report.figure("paths", " ".join(f"{p['id']}={p['endpoint']}:{p['state']}:{p['rx_bytes']}"
                                        for p in final["paths"]))
    report.finish()


def stamp(args):
    with open(args.raw, "w") as raw, open(args.stamps, "w") as stamps:
        for line in sys.stdin:
            now = time.time()
            raw.write(line)
            raw.flush()
            stamps.write(f"{now:.6f}\n")
            stamps.flush()


def probe(args):
    family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.settimeout(args.seconds)
    try:
        sock.connect((args.host, args.port))
        print("connected")
    except ConnectionRefusedError:
        print("refused")
    except socket.timeout:
        print("timeout")
    except OSError as error:
        print(f"unreachable ({error.strerror})")
    finally:
        sock.close()


def sink(args):
    """Accepts one connection and prints the rate it received at, in bit/s, leaving out its first
    0.3 s (slow start)."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("0.0.0.0", args.port))
    server.listen(1)
    server.settimeout(10)
    print("listening", flush=True)
    conn, _ = server.accept()
    conn.settimeout(10)
    first = None
    counted_from = None
    received = 0
    last = None
    while True:
        data = conn.recv(1 << 20)
        if not data:
            break
        last = time.monotonic()
        if first is None:
            first = last
        if counted_from is None:
            if last - first >= 0.3:
                counted_from, received = last, 0
            continue
        received += len(data)
    conn.close()
    if counted_from is None or last <= counted_from:
        print(0)
    else:
        print(f"{received * 8 / (last - counted_from):.0f}")


def blast(args):
    sock = socket.create_connection((args.host, args.port), timeout=5)
    chunk = b"\0" * (1 << 16)
    end = time.monotonic() + args.seconds
    while time.monotonic() < end:
        sock.sendall(chunk)
    sock.close()


def snmp(args):
    rows = [line.split() for line in open("/proc/net/snmp")]
    for header, values in zip(rows[::2], rows[1::2]):
        if header[0] == args.group + ":":
            print(values[header.index(args.field)])
            return
    sys.exit(f"no {args.group} {args.field} in /proc/net/snmp")


def main():
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("stamp")
    p.add_argument("raw")
    p.add_argument("stamps")
    p.set_defaults(run=stamp)
    p = commands.add_parser("probe")
    p.add_argument("host")
    p.add_argument("port", type=int)
    p.add_argument("seconds", type=float, nargs="?", default=1.0)
    p.set_defaults(run=probe)
    p = commands.add_parser("sink")
    p.add_argument("port", type=int)
    p.set_defaults(run=sink)
    p = commands.add_parser("blast")
    p.add_argument("host")
    p.add_argument("port", type=int)
    p.add_argument("seconds", type=float)
    p.set_defaults(run=blast)
    p = commands.add_parser("snmp")
    p.add_argument("group")
    p.add_argument("field")
    p.set_defaults(run=snmp)
    p = commands.add_parser("outage")
    for name in ("name", "raw", "stamps", "events"):
        p.add_argument(name)
    p.add_argument("--rate-bps", type=float, required=True, help="link rate of the path that stays up")
    p.add_argument("--share", type=float, default=0.8)
    p.add_argument("--path-up", type=int, default=1)
    p.add_argument("--path-down", type=int, default=2)
    p.add_argument("--back-within", type=float, default=2.0)
    p.add_argument("--duration", type=float, help="the run's --duration: intervals after it are the drain")
    p.set_defaults(run=check_outage)
    p = commands.add_parser("bound")
    for name in ("name", "raw", "counters"):
        p.add_argument(name)
    p.set_defaults(run=check_bound)
    p = commands.add_parser("auto")
    for name in ("name", "raw", "stamps", "events"):
        p.add_argument(name)
    p.set_defaults(run=check_auto)
    p = commands.add_parser("integrity")
    p.add_argument("name")
    p.add_argument("raw")
    p.add_argument("--bytes", type=int)
    p.set_defaults(run=check_integrity)
    args = parser.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
