#!/usr/bin/env bash
# Builds the libFuzzer target in Fuzz/ (frame decoder and handshake, address and leak sanitizers on) and
# runs it for FUZZ_SECONDS (default 60) on the seed corpus: a crash, a broken invariant, a leak or a
# hang fails the run. The seeds are written by `kwik-peer corpus` with the engine's own encoder, and the
# copy in Fuzz/Corpus must be what it writes (to regenerate it: `.build/debug/kwik-peer corpus Fuzz/Corpus`).
# New inputs stay in a temporary directory; a failing one is kept in Fuzz/.build/fuzz-artifacts for
# reproduction (`.build/release/KwikFuzz <file>` from Fuzz/).
set -euo pipefail
cd "$(dirname "$0")/../Fuzz"
export PATH=/opt/swift/usr/bin:$PATH
SECONDS_TO_RUN=${FUZZ_SECONDS:-60}
# Release (-O) runs several times the executions per second of a debug build; -enable-testing keeps
# `@testable import KwikCore` working there.
BUILD=(swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -enable-testing)

# libFuzzer comes with the toolchain's clang runtime, not from a distribution package.
ls /opt/swift/usr/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1 \
    || { echo "FAIL: the toolchain has no libFuzzer runtime (libclang_rt.fuzzer)"; exit 1; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
ARTIFACTS=.build/fuzz-artifacts
mkdir -p "$ARTIFACTS"

# The seeds, from the main package's debug build (what `swift build` leaves there).
(cd .. && swift build --product kwik-peer >"$WORK/peer-build.log" 2>&1) \
    || { tail -40 "$WORK/peer-build.log"; echo "FAIL: kwik-peer did not build"; exit 1; }
"$(cd .. && swift build --show-bin-path)/kwik-peer" corpus "$WORK/corpus" >/dev/null
diff -r Corpus "$WORK/corpus" >/dev/null \
    || { echo "FAIL: Fuzz/Corpus is not what kwik-peer writes; regenerate it with kwik-peer corpus"; exit 1; }

start=$(date +%s)
# gold warns about every ASan helper symbol it cannot export: noise, filtered out.
"${BUILD[@]}" >"$WORK/build.log" 2>&1 \
    || { grep -v "Cannot export local symbol" "$WORK/build.log" | tail -40; echo "FAIL: the fuzz target did not build"; exit 1; }
echo "    built in $(( $(date +%s) - start )) s"
BIN="$("${BUILD[@]}" --show-bin-path)/KwikFuzz"

# Swift's own backtracer would race libFuzzer's crash handler; libFuzzer's report names the input.
status=0
SWIFT_BACKTRACE=enable=no ASAN_SYMBOLIZER_PATH=/opt/swift/usr/bin/llvm-symbolizer "$BIN" \
    -max_total_time="$SECONDS_TO_RUN" -max_len=4200 -timeout=10 -print_final_stats=1 -artifact_prefix="$ARTIFACTS/" \
    "$WORK/corpus" >"$WORK/fuzz.log" 2>&1 || status=$?
if [ "$status" -ne 0 ]; then
    grep -E "Fatal error|ERROR|SUMMARY|^ +#[0-9]+ |leak|Test unit|Base64" "$WORK/fuzz.log" | head -80
    echo "FAIL: the fuzz target found a crash, leak or hang (exit $status); input in Fuzz/$ARTIFACTS/"
    exit 1
fi
python3 - "$WORK/fuzz.log" "$(ls Corpus | wc -l)" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
stats = dict(re.findall(r"stat::(\w+):\s+(\d+)", text))
done = re.findall(r"#\d+\s+DONE\s+cov: (\d+) ft: (\d+) corp: (\d+)/", text)
if not stats or not done:
    sys.exit("FAIL: no statistics in the fuzzer's output")
cov, features, corpus = done[-1]
print(f"    {stats['number_of_executed_units']} inputs, {stats['average_exec_per_sec']} exec/s, no crash or leak; "
      f"coverage {cov} edges, {features} features; corpus {sys.argv[2]} seeds -> {corpus} inputs")
PY
