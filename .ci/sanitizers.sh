#!/usr/bin/env bash
# The whole test suite under AddressSanitizer with leak detection on, in a build folder of its own:
# a session, path or channel a test leaves alive (or a reference cycle in the engine) fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=/opt/swift/usr/bin:$PATH
export ASAN_SYMBOLIZER_PATH=/opt/swift/usr/bin/llvm-symbolizer
export ASAN_OPTIONS=detect_leaks=1
export LSAN_OPTIONS="suppressions=$PWD/.ci/lsan-suppressions.txt"
# The package has no XCTest tests, and the empty XCTest run leaks inside libXCTest itself.
swift test --sanitize=address --scratch-path .build-asan --disable-xctest
