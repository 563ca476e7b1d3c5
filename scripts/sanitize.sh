#!/usr/bin/env bash
# AddressSanitizer + UndefinedBehaviorSanitizer build in ./build-asan and its test run (UBSan aborts on the
# first error). LeakSanitizer is off for the suite because LibTorch and HDF5 keep process-lifetime
# allocations; run single test binaries with ASAN_OPTIONS=detect_leaks=1 to check our own code.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKINETIC_SANITIZE=ON -DKINETIC_BUILD_BENCH=OFF
cmake --build build-asan -j "$(nproc)"
ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=print_stacktrace=1 ctest --test-dir build-asan --output-on-failure -j "$(nproc)"
