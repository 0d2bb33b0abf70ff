#!/usr/bin/env bash
# Compares two builds or two runtime settings through the command line itself, `./luyue replay` pinned to one core, in
# A B B A order (as bench/compare-replay.sh does for the bench), and sums each side's CPU seconds (user + system, process
# start included) per round. Why not the bench alone (docs/performance.md, twenty-eighth session): the bench compiles
# the engine at run time, the command line starts from precompiled code, and a gen-0 budget of 128 MiB that cut the
# bench's CPU by 4-14 % in 4 of 4 rounds was worse here (2 of 2). Each run's findings are compared with the first run's by
# `cmp`: a setting or build that changes them is reported.
# Usage: bench/compare-cli.sh BUILD_A BUILD_B EVENTS.jsonl [ROUNDS]
#   where each BUILD is a directory holding a build of the command line with its recorded profile: a copy of
#   artifacts/cli (`cp -rp artifacts/cli /tmp/a` after `./luyue` has built and recorded it: -p keeps the profile newer
#   than the build, or the launcher records it again, inside the measured run). The same directory twice,
#   with ENV_A or ENV_B (environment variables for that side's runs, e.g. ENV_B=DOTNET_GCgen0size=0x8000000), compares
#   settings; an explicit one wins over the launcher's own.
# The input is read into the kernel's cache before every run: a replay lets go of the file's cached pages as it reads,
# so a run right after another would read it from the disk. GAP=35 waits that long after that, for cold figures.
# Runs on core 1 (CORE=N for another). Do not build or test anything meanwhile.
set -euo pipefail
if [ $# -lt 3 ]; then
  sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
a=$1 b=$2 events=$3 rounds=${4:-2}
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$here/bench/findings-check.sh"
work=$(mktemp -d /tmp/luyue-compare-cli.XXXX)
lines=$(wc -l < "$events")

run() { # build label environment -> "cpu-seconds" after printing the run's line
  local t wall user sys rss
  cat "$events" > /dev/null
  sleep "${GAP:-0}"
  # shellcheck disable=SC2086 # the assignments are words
  env ${3:-} LUYUE_BUILD="$1" /usr/bin/time -f "%e %U %S %M" -o "$work/time" \
    taskset -c "${CORE:-1}" "$here/luyue" replay "$events" > "$work/out.jsonl" 2> "$work/err" \
    || { cat "$work/err" >&2; exit 1; }
  read -r wall user sys rss < "$work/time"
  t=$(same_findings "$work/out.jsonl" "$work/first.jsonl")
  awk -v l="$2" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" -v n="$lines" -v t="$t" \
    'function grouped(x,  s, out) { s = sprintf("%.0f", x); while (length(s) > 3) { out = "," substr(s, length(s) - 2) out; s = substr(s, 1, length(s) - 3) } return s out }
     BEGIN { printf "  %s: %s events/s (wall, process start included), cpu %.2f s (user %.2f, system %.2f), peak %d MB, %s\n", l, grouped(n / w), u + s, u, s, r / 1024, t }' >&2
  awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f\n", u + s }'
}

# A discarded first run, as compare-replay.sh does without a gap: A's first run would be the only one after an idle spell.
if [ "${GAP:-0}" = 0 ]; then
  run "$a" "A, discarded" "${ENV_A:-}" > /dev/null
fi

for r in $(seq 1 "$rounds"); do
  echo "round $r" >&2
  a1=$(run "$a" A "${ENV_A:-}"); b1=$(run "$b" B "${ENV_B:-}")
  b2=$(run "$b" B "${ENV_B:-}"); a2=$(run "$a" A "${ENV_A:-}")
  awk -v r="$r" -v a1="$a1" -v a2="$a2" -v b1="$b1" -v b2="$b2" 'BEGIN { printf "round %d: A %.2f CPU-s, B %.2f CPU-s\n", r, a1 + a2, b1 + b2 }'
done
rm -rf "$work"
