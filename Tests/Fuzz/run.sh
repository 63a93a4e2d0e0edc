#!/usr/bin/env bash
# Builds the libFuzzer targets with AddressSanitizer and runs each for FUZZ_SECONDS.
#   Tests/Fuzz/run.sh [SECONDS] [TARGET…]        (make fuzz FUZZ_SECONDS=600 FUZZ_TARGETS="png jpeg")
# New inputs go to .build-fuzz/corpus/<target>, crashes to .build-fuzz/crashes/<target>;
# the committed seeds in Tests/Fuzz/Corpus/<target> are only read. Exit 1 if any target crashed.
set -uo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}; shift || true
targets=${*:-safetensors npy png jpeg config tokenizer command-line lesson expression kernel-message}
scratch=$PWD/.build-fuzz

# The build plan is regenerated each time: SwiftPM does not notice files added to the
# parent package from here. Optimised, with Swift's overflow and bounds checks kept
# (this package's release configuration would mean -Ounchecked).
rm -f "$scratch/debug.yaml"
swift build --package-path Tests/Fuzz --scratch-path "$scratch" -c debug -Xswiftc -O \
    -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=fuzzer-no-link,address \
    -Xswiftc -use-ld=lld -Xlinker --export-dynamic-symbol=LLVMFuzzerRunDriver 2>&1 \
    | grep -v "Cannot export" | grep -E "error|warning: |Compiling|Build" || true
binary=$scratch/debug/cliplab-fuzz
[ -x "$binary" ] || { echo "fuzz build failed"; exit 1; }

failed=0
printf '%-14s %10s %8s %8s %s\n' target runs exec/s cov result
for target in $targets; do
    mkdir -p "$scratch/corpus/$target" "$scratch/crashes/$target"
    log=$scratch/$target.log
    SWIFT_BACKTRACE=enable=no CLIPLAB_FUZZ_TARGET=$target ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1 "$binary" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=3072 -max_len=65536 -print_final_stats=1 \
        -artifact_prefix="$scratch/crashes/$target/" \
        "$scratch/corpus/$target" "Tests/Fuzz/Corpus/$target" >"$log" 2>&1
    status=$?
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
    speed=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || true)
    if [ $status -eq 0 ]; then result=ok; else result="CRASH (see $log, $scratch/crashes/$target)"; failed=1; fi
    printf '%-14s %10s %8s %8s %s\n' "$target" "${runs:-?}" "${speed:-?}" "${cov:-?}" "$result"
done
exit $failed
