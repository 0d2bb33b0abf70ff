#!/usr/bin/env bash
# Where a machine stands against issue 2's target, in rounds: the bench's `machine` figures (how much cache the VM gets
# that minute, hashing, the JIT), then a replay from cold through the bench, then one through `./luyue replay` (process
# start included), each pinned to one core and started GAP seconds (default 20) after the last replay ended, with the
# input read into the kernel's cache first. A round's three lines belong together: this VM's share of the cache and
# its speed change from minute to minute (thirtieth and thirty-first sessions, docs/performance.md), so a replay is read
# beside the machine figures taken just before it. Each command-line run's findings are compared with the first's by
# `cmp`.
# Usage: bench/cold-rounds.sh EVENTS.jsonl [ROUNDS]
# Needs a Release build of bench/Luyue.Benchmarks and a built ./luyue. Do not build or test anything meanwhile.
set -euo pipefail
if [ $# -lt 1 ]; then
  sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
events=$1 rounds=${2:-3}
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. bench/findings-check.sh
dll=bench/Luyue.Benchmarks/bin/Release/net10.0/Luyue.Benchmarks.dll
core=${CORE:-1}
work=$(mktemp -d /tmp/luyue-cold-rounds.XXXX)
lines=$(wc -l < "$events")

cold() { cat "$events" > /dev/null; sleep "${GAP:-20}"; }

for r in $(seq 1 "$rounds"); do
  echo "round $r ($(date -u +%T) UTC)"
  taskset -c "$core" dotnet "$dll" machine | tail -1
  cold
  taskset -c "$core" dotnet "$dll" replay --events "$events" --warmup 0 --iterations 1 --sink file 2>&1 \
    | grep -E 'events/s|cpu' | sed 's/^ */  bench: /'
  cold
  /usr/bin/time -f "%e %U %S" -o "$work/time" taskset -c "$core" ./luyue replay "$events" > "$work/out.jsonl" 2> "$work/err" \
    || { cat "$work/err" >&2; exit 1; }
  same=$(same_findings "$work/out.jsonl" "$work/first.jsonl")
  read -r wall user sys < "$work/time"
  awk -v w="$wall" -v u="$user" -v s="$sys" -v n="$lines" -v t="$same" \
    'function grouped(x,  s, out) { s = sprintf("%.0f", x); while (length(s) > 3) { out = "," substr(s, length(s) - 2) out; s = substr(s, 1, length(s) - 3) } return s out }
     BEGIN { printf "  luyue replay: %s events/s (wall, process start included), cpu %.2f s, %s\n", grouped(n / w), u + s, t }'
done
rm -rf "$work"
