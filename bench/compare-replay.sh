#!/usr/bin/env bash
# Compares the replay of two builds of the bench on one core, in ABBA order (A B B A each round), and sums each build's
# CPU seconds per round. Why ABBA (docs/performance.md, eighteenth session): the first run of a series is often the
# slowest, and in A B A B order a runtime setting that changed no system call (DOTNET_GCRetainVM) won 8 of 9 pairs by
# running second, then 2 of 4 in A B B A order; the order of the runs must cancel out.
# Usage: bench/compare-replay.sh BENCH_DLL_A BENCH_DLL_B EVENTS.jsonl [ROUNDS]
#   where each BENCH_DLL is bench/Luyue.Benchmarks/bin/Release/net10.0/Luyue.Benchmarks.dll of a Release build (use a
#   git worktree per build: the bench writes its findings under its own repository's artifacts/bench/).
# Runs on core 1 (`taskset -c 1`; CORE=N for another). Do not build or test anything meanwhile.
set -euo pipefail
if [ $# -lt 3 ]; then
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
a=$1 b=$2 events=$3 rounds=${4:-2}

run() { # dll label -> "label cpu-seconds" after printing the run's line
  local out cpu
  out=$(taskset -c "${CORE:-1}" dotnet "$1" replay --events "$events" --warmup 0 --iterations 1 --sink file 2>&1)
  cpu=$(grep -o 'cpu [0-9.]* s' <<<"$out" | head -1 | awk '{print $2}')
  echo "  $2: $(grep 'events/s' <<<"$out" | head -1 | awk '{print $2}') events/s, cpu $cpu s, $(grep -o 'jit *[0-9.]* s' <<<"$out" | head -1 | tr -s ' ')" >&2
  echo "$cpu"
}

for r in $(seq 1 "$rounds"); do
  echo "round $r" >&2
  a1=$(run "$a" A); b1=$(run "$b" B); b2=$(run "$b" B); a2=$(run "$a" A)
  awk -v r="$r" -v a1="$a1" -v a2="$a2" -v b1="$b1" -v b2="$b2" 'BEGIN { printf "round %d: A %.2f CPU-s, B %.2f CPU-s\n", r, a1 + a2, b1 + b2 }'
done
