#!/usr/bin/env bash
# Compares the replay of two builds of the bench on one core, in ABBA order (A B B A each round), and sums each build's
# CPU seconds per round. Why ABBA (docs/performance.md, eighteenth session): the first run of a series is often the
# slowest, and in A B A B order a runtime setting that changed no system call (DOTNET_GCRetainVM) won 8 of 9 pairs by
# running second, then 2 of 4 in A B B A order; the order of the runs must cancel out.
# Usage: bench/compare-replay.sh BENCH_DLL_A BENCH_DLL_B EVENTS.jsonl [ROUNDS]
#   where each BENCH_DLL is bench/Luyue.Benchmarks/bin/Release/net10.0/Luyue.Benchmarks.dll of a Release build (use a
#   git worktree per build: the bench writes its findings under its own repository's artifacts/bench/).
# Runs on core 1 (`taskset -c 1`; CORE=N for another). Do not build or test anything meanwhile.
# A run that starts within about 30 s of another's end writes partly into memory the last one gave back, which the host
# still backs and which costs about a thirtieth as much (twenty-first session): fair between builds, since both get
# the same, but not a first replay's figure. GAP=35 waits that long before every run, for cold figures. MACHINE=1
# prints, after each round, the bench's `machine` figures (new memory, random reads, hashing) for the round's phase.
# ARGS_A and ARGS_B add options to each build's replay, to compare two settings of one build (twenty-third session:
# ARGS_A=--keep-cache GAP=35 bench/compare-replay.sh X.dll X.dll e1m.jsonl 2). ENV_A and ENV_B set environment
# variables for each side's runs, to compare runtime settings of one build (twenty-fifth session:
# ENV_B=DOTNET_TieredPGO=0 bench/compare-replay.sh X.dll X.dll e1m.jsonl 1); an explicit one wins over the bench's own.
set -euo pipefail
if [ $# -lt 3 ]; then
  sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
a=$1 b=$2 events=$3 rounds=${4:-2}

run() { # dll label [options] [environment] -> "label cpu-seconds" after printing the run's line
  local out cpu
  sleep "${GAP:-0}"
  # shellcheck disable=SC2086 # the options and the assignments are words
  out=$(env ${4:-} taskset -c "${CORE:-1}" dotnet "$1" replay --events "$events" --warmup 0 --iterations 1 --sink file ${3:-} 2>&1)
  cpu=$(grep -o 'cpu [0-9.]* s' <<<"$out" | head -1 | awk '{print $2}')
  echo "  $2: $(grep 'events/s' <<<"$out" | head -1 | awk '{print $2}') events/s, cpu $cpu s ($(grep -o 'kernel [0-9.]* s' <<<"$out" | head -1)), $(grep -o 'jit *[0-9.]* s' <<<"$out" | head -1 | tr -s ' ')" >&2
  echo "$cpu"
}

# Without a gap, every measured run follows another replay but the very first: a discarded run first, so that A's
# first run is not the only one on memory the host has taken back (it was, up to the twenty-first session).
if [ "${GAP:-0}" = 0 ]; then
  run "$a" "A, discarded" "${ARGS_A:-}" "${ENV_A:-}" > /dev/null
fi

for r in $(seq 1 "$rounds"); do
  echo "round $r" >&2
  a1=$(run "$a" A "${ARGS_A:-}" "${ENV_A:-}"); b1=$(run "$b" B "${ARGS_B:-}" "${ENV_B:-}")
  b2=$(run "$b" B "${ARGS_B:-}" "${ENV_B:-}"); a2=$(run "$a" A "${ARGS_A:-}" "${ENV_A:-}")
  awk -v r="$r" -v a1="$a1" -v a2="$a2" -v b1="$b1" -v b2="$b2" 'BEGIN { printf "round %d: A %.2f CPU-s, B %.2f CPU-s\n", r, a1 + a2, b1 + b2 }'
  if [ "${MACHINE:-0}" = 1 ]; then
    # Apart from the replays on either side, for the reason above (MachineBenchmark says how far).
    sleep 30
    taskset -c "${CORE:-1}" dotnet "$a" machine >&2 || taskset -c "${CORE:-1}" dotnet "$b" machine >&2 || echo "  (neither build has the machine mode)" >&2
    sleep 3
  fi
done
