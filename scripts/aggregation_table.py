#!/usr/bin/env python3
"""The Markdown table of a `kwiktop bench --aggregation --json` document, with the issue's two bounds
checked on every all-paths run:

- each path's smoothed RTT within 1.5 × its min RTT plus the time to send two packets at its rate
  ("unmeasured" when a path had no RTT sample in the run, so the bound could not be checked);
- the reorder high-water below 2 × (sum of the rates × the largest smoothed RTT).

usage: kwiktop bench --aggregation --json | scripts/aggregation_table.py
"""
import json
import sys


def rate(bps):
    return f"{bps / 1e6:.3g} Mbit/s"


def main():
    document = json.load(sys.stdin)
    packet = document["packet_size"]
    cases = {case["name"]: case for case in document["cases"]}
    runs = {}
    for run in document["runs"]:
        runs[(run["case_name"], run["scheduler"], run["subset"])] = run
    print("| case (rate/one-way delay) | scheduler | sum of rates | each path alone | all together | all ÷ sum "
          "| all ÷ best alone | share per path (all) | srtt / min RTT per path (all) | srtt bound "
          "| reorder high-water (all) | reorder bound |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for summary in document["summaries"]:
        name, scheduler = summary["case_name"], summary["scheduler"]
        paths = cases[name]["paths"]
        alone = [runs.get((name, scheduler, f"path {index + 1}")) for index in range(len(paths))]
        every = runs.get((name, scheduler, "all"))
        if every is None:
            continue
        rtts, within, unmeasured = [], True, False
        for spec, measured in zip(paths, every["paths"]):
            srtt, low = measured.get("smoothed_rtt_micros"), measured.get("min_rtt_micros")
            if srtt is None or low is None:
                rtts.append("–")
                unmeasured = True
                continue
            bound = 1.5 * low + 2 * packet * 8 / spec["rate_bps"] * 1e6
            within = within and srtt <= bound
            rtts.append(f"{srtt / 1000:.3g}/{low / 1000:.3g} ms")
        largest = max((p.get("smoothed_rtt_micros") or 0) for p in every["paths"]) / 1e6
        reorder_bound = 2 * summary["sum_of_rates_bps"] / 8 * largest
        high = every["reorder_high_water_bytes"]
        shares = " / ".join(f"{p['share'] * 100:.0f} %" for p in every["paths"])
        print(f"| `{name}` | {scheduler} | {rate(summary['sum_of_rates_bps'])} "
              f"| {' / '.join(rate(r['goodput_bps']) if r else '–' for r in alone)} | {rate(every['goodput_bps'])} "
              f"| {summary['aggregate_to_sum_of_rates']:.2f} | {summary['aggregate_to_best_alone']:.2f} "
              f"| {shares} | {' / '.join(rtts)} "
              f"| {'**beyond**' if not within else 'unmeasured' if unmeasured else 'within'} "
              f"| {every['reorder_high_water_packets']} "
              f"({high / 2**20:.1f} MiB) | {'below' if high < reorder_bound else '**above**'} "
              f"({reorder_bound / 2**20:.1f} MiB) |")


if __name__ == "__main__":
    main()
