#!/usr/bin/env bash
# Runs the phases of `make test` in order, stops at the first that fails, and prints each
# phase's wall time at the end (also when one failed).
#   Tests/phases.sh "build=swift build …" "tests=swift test …" "lessons=cliplab lesson check"
set -uo pipefail
names=(); seconds=(); status=0
for phase in "$@"; do
    name=${phase%%=*}; command=${phase#*=}
    echo "== $name: $command"
    start=$(date +%s.%N)
    bash -c "$command"; status=$?
    names+=("$name"); seconds+=("$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')")
    [ $status -eq 0 ] || break
done
echo
echo "phase            time"
total=0
for i in "${!names[@]}"; do
    printf '%-12s %8.1f s\n' "${names[$i]}" "${seconds[$i]}"
    total=$(awk -v a="$total" -v b="${seconds[$i]}" 'BEGIN { printf "%.1f", a + b }')
done
printf '%-12s %8.1f s  (%s, %s cores)\n' total "$total" "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" "$(nproc)"
[ $status -eq 0 ] || echo "phase '${names[-1]}' failed (exit $status)"
exit $status
