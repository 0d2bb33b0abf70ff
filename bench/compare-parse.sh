#!/usr/bin/env bash
# Compares two builds' parsing alone (the bench's stage "+ parse, scans, payments and shipments into reused views":
# lines into the views the engine reads, no engine) on one core, in A B B A order, each run one warm-up and three
# measured iterations. Parsing alone varies by a few per cent between runs where a whole replay varies by 10–20 %, so a
# change to the parser shows here first (twenty-fourth session, docs/performance.md); what it is worth in a replay,
# where the engine's state pushes the parser's tables out of the caches, bench/compare-replay.sh tells.
# Usage: bench/compare-parse.sh BENCH_DLL_A BENCH_DLL_B EVENTS.jsonl [ROUNDS]
#   each BENCH_DLL a Release build's bench/Luyue.Benchmarks/bin/Release/net10.0/Luyue.Benchmarks.dll (a copy of the
#   output directory, or a git worktree per build). Runs on core 1 (CORE=N for another). Build nothing meanwhile.
set -euo pipefail
if [ $# -lt 3 ]; then
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
a=$1 b=$2 events=$3 rounds=${4:-2}

run() { # dll label -> "cpu-seconds" after printing the run's line
  local out cpu
  out=$(taskset -c "${CORE:-1}" dotnet "$1" replay --events "$events" --only "reused views" --warmup 1 --iterations 3 2>&1)
  cpu=$(grep -o 'cpu [0-9.]* s' <<<"$out" | head -1 | awk '{print $2}')
  echo "  $2: cpu $cpu s median of 3 ($(grep -o 'cpu [0-9.]* s ([^)]*)' <<<"$out" | head -1 | sed 's/.*(//; s/)//'))" >&2
  echo "$cpu"
}

sum_a=0 sum_b=0
for r in $(seq 1 "$rounds"); do
  echo "round $r" >&2
  a1=$(run "$a" A); b1=$(run "$b" B); b2=$(run "$b" B); a2=$(run "$a" A)
  awk -v r="$r" -v a="$a1 $a2" -v b="$b1 $b2" 'BEGIN { split(a, x); split(b, y); printf "round %d: A %.2f CPU-s, B %.2f CPU-s\n", r, x[1] + x[2], y[1] + y[2] }'
  sum_a=$(awk -v s="$sum_a" -v p="$a1" -v q="$a2" 'BEGIN { print s + p + q }')
  sum_b=$(awk -v s="$sum_b" -v p="$b1" -v q="$b2" 'BEGIN { print s + p + q }')
done
awk -v a="$sum_a" -v b="$sum_b" 'BEGIN { printf "in all: A %.2f CPU-s, B %.2f CPU-s, B/A %.3f\n", a, b, b / a }'
