#!/usr/bin/env bash
# Runs the phases of `make test`, stops at the first that fails, and prints each phase's wall
# time at the end (also when one failed).
#   Tests/phases.sh "build=swift build …" "tests=swift test …" "&lessons=cliplab lesson check" "&jupyter=…"
# Phases marked `&` run one after another beside the unmarked phase before them (on a 2-core
# machine the tests leave a core idle a third of the time, and the lessons train on one
# thread): their output goes to a log that is printed when both sides are done.
set -uo pipefail
status=0
beside_log=$(mktemp); beside_times=$(mktemp); main_times=$(mktemp)
trap 'rm -f "$beside_log" "$beside_times" "$main_times"' EXIT
wall_start=$(date +%s.%N)

elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

# Runs "name=command" phases in order; records "name seconds status" lines in $1.
run_phases() {
    local record=$1; shift
    for phase in "$@"; do
        local name=${phase%%=*} command=${phase#*=} start result
        echo "== $name: $command"
        start=$(date +%s.%N)
        bash -c "$command"; result=$?
        echo "$name $(elapsed "$start") $result" >> "$record"
        [ $result -eq 0 ] || return $result
    done
}

# Split the arguments: each unmarked phase, with the marked phases that follow it.
main=(); declare -A beside=()
for phase in "$@"; do
    if [[ $phase == \&* ]]; then
        beside[${#main[@]}]+="${phase#&}"$'\x1f'
    else
        main+=("$phase")
    fi
done

for i in "${!main[@]}"; do
    side_pid=""
    if [ -n "${beside[$((i + 1))]:-}" ]; then
        IFS=$'\x1f' read -r -a side <<< "${beside[$((i + 1))]%$'\x1f'}"
        echo "== beside ${main[$i]%%=*}: ${side[*]%%=*} (output below when done)"
        run_phases "$beside_times" "${side[@]}" > "$beside_log" 2>&1 &
        side_pid=$!
    fi
    run_phases "$main_times" "${main[$i]}"; status=$?
    if [ -n "$side_pid" ]; then
        wait "$side_pid"; side_status=$?
        echo; echo "== output of the phases beside ${main[$i]%%=*}"; cat "$beside_log"
        [ $status -ne 0 ] || status=$side_status
    fi
    [ $status -eq 0 ] || break
done

echo
echo "phase            time"
while read -r name time result; do
    printf '%-12s %8.1f s%s\n' "$name" "$time" "$([ "$result" -eq 0 ] || echo "  failed (exit $result)")"
done < <(cat "$main_times" "$beside_times")
printf '%-12s %8.1f s  (%s, %s cores; phases marked & ran beside the one before)\n' "wall" "$(elapsed "$wall_start")" \
    "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" "$(nproc)"
exit $status
