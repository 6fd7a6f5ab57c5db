#!/usr/bin/env bash
# Runs each cargo-fuzz target in fuzz/ for N seconds (default 60) on the
# nightly toolchain, from the committed seeds plus what earlier runs found
# (fuzz/corpus/, not committed). A crash fails the run; libFuzzer saves the
# input under fuzz/artifacts/<target>/, and `cargo +nightly fuzz run <target>
# <that file>` replays it.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds="${1:-60}"
for target in $(cargo +nightly fuzz list); do
  mkdir -p "corpus/$target"
  cargo +nightly fuzz run -O "$target" "corpus/$target" "seeds/$target" -- \
    -max_total_time="$seconds" -print_final_stats=1
done
