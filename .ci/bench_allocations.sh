#!/usr/bin/env bash
# Builds the micro-benchmarks and checks, with the allocator's own counts, that the per-path receive hot
# path (decode → pool → multiplexer → delivery) and the send hot path (source → sender → writer →
# encoder) allocate nothing per packet in steady state.
set -euo pipefail
cd "$(dirname "$0")/../Benchmarks"
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT
for name in "hot path, 64 KiB reads" "hot path, 1500 B reads" "send hot path, 16 KiB packets"; do
    swift package --disable-sandbox benchmark --target KwikCoreBenchmarks --filter "^$name\$" --format markdown \
        --no-progress >"$OUT" 2>&1 || { tail -30 "$OUT"; echo "FAIL: benchmark '$name' did not run"; exit 1; }
    python3 - "$OUT" "$name" <<'PY'
import sys
text = open(sys.argv[1]).read()
rows = {}
for line in text.splitlines():
    cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
    if len(cells) >= 9 and cells[0] and not cells[0].startswith((":", "Metric")):
        rows[cells[0].rstrip(" *")] = cells[1:8]
mallocs, misses = rows.get("Malloc (total)"), rows.get("pool misses per 1000 packets")
# The send side has no receive pool: only its allocations count.
if misses is None and sys.argv[2].startswith("send"):
    misses = []
if mallocs is None or misses is None:
    sys.exit(f"FAIL: {sys.argv[2]}: no malloc or pool-miss row in the benchmark output")
if any(value != "0" for value in mallocs + misses):
    sys.exit(f"FAIL: {sys.argv[2]}: allocations per 1000 packets p0..p100 {mallocs}, pool misses {misses}")
print(f"    {sys.argv[2]}: 0 allocations and 0 pool misses per 1000 packets (p0..p100), "
      f"p50 {rows.get('Time (wall clock) (ns)', ['?'] * 3)[2]} ns per packet")
PY
done
