#!/usr/bin/env bash
# Where a replay's time goes, each sample counted in exactly one part so that the parts add up to 100 %: runs the
# bench's replay pinned to one core under `perf record -g`, then assigns every sample by its stack. The leaf decides
# first (the kernel clearing a new page, the JIT, the runtime's own code); otherwise the innermost frame that names a
# part does (writing findings, judging, parsing, the lookahead, the sweeps, applying events to state), so a page fault
# inside a judgement counts as a first write and a table lookup inside a judgement as judging. Inclusive shares of a
# call-graph profile overlap (a scan's judgement is inside applying the scan); these do not (twenty-first session,
# docs/decisions/0012-replay-data-path-proposal.md).
# Usage: bench/profile-parts.sh EVENTS.jsonl
# Needs perf and a Release build of bench/Luyue.Benchmarks; writes into a temporary directory it names at the end.
set -euo pipefail
if [ $# -lt 1 ]; then
  sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
events=$1
cd "$(dirname "${BASH_SOURCE[0]}")/.."
dll=bench/Luyue.Benchmarks/bin/Release/net10.0/Luyue.Benchmarks.dll
work=$(mktemp -d /tmp/luyue-parts.XXXX)

env DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 \
  perf record -g -F 999 -o "$work/perf.data" -- taskset -c 1 dotnet "$dll" replay --events "$events" --warmup 0 --iterations 1 --sink file \
  > "$work/run.txt" 2>&1 || true
grep -E 'events/s|cpu ' "$work/run.txt" || true
perf script -i "$work/perf.data" -F ip,sym,dso 2> /dev/null > "$work/stacks.txt"

python3 - "$work/stacks.txt" "$(grep -o 'cpu [0-9.]* s' "$work/run.txt" | head -1 | awk '{print $2}')" <<'EOF'
import collections, sys
# Parts named by an engine or parser frame, tried from the innermost frame outward; the first that matches wins.
outer = [
    ("writing findings", ("EmitForOrder", "FindingWriter", "BufferedStream::Write")),
    ("judging (rules, differences, timers)", ("ComplianceEngine::Reevaluate(",)),
    ("parsing (lines into views)", ("EventParser", "JsonLines::Read", "Utf8StringCache", "ScanTexts")),
    ("lookahead (keys, fetching ahead)", ("ComplianceEngine::Foresee", "Lookahead")),
    ("daily sweeps", ("ComplianceEngine::Sweep(",)),
    ("applying events to state", ("ComplianceEngine::ScanArrived", "ComplianceEngine::Paid(", "ComplianceEngine::Shipped(",
                                  "ComplianceEngine::Apply", "EngineFeed::Advance")),
]

def part(stack):
    leaf = stack[0]
    if "clear_page" in leaf:
        return "first writes of new memory (the kernel clearing pages)"
    if any("libclrjit" in frame for frame in stack):
        return "JIT"
    if "libcoreclr" in leaf or "JIT_CopiedWriteBarriers" in leaf:
        return "runtime (collections, write barriers, allocation)"
    kernel = "[kernel" in leaf
    for frame in stack:
        for name, patterns in outer:
            if any(p in frame for p in patterns):
                return f"{name}, in the kernel" if kernel else name
    return "kernel, elsewhere" if kernel else "elsewhere"

counts, total, stack = collections.Counter(), 0, []
for line in list(open(sys.argv[1], errors="replace")) + [""]:
    if line.strip():
        stack.append(line.strip())
    elif stack:
        # The bench reads the stream into the kernel's cache before each run, outside the run's figures: not a part.
        if not any("IntoCache" in frame for frame in stack):
            total += 1
            counts[part(stack)] += 1
        stack = []
# The run's CPU time (the bench's own figure) shared out by the parts' samples, when the run reported it. The samples
# also cover the processes' start (a second or so), which that figure leaves out: right for long streams only.
cpu = float(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2] else None
print(f"{total} samples" + (f", {cpu:.2f} CPU-s" if cpu else ""))
for name, n in counts.most_common():
    print(f"{100 * n / total:6.2f} %" + (f" {cpu * n / total:6.2f} CPU-s" if cpu else "") + f"  {name}")
EOF
echo "(files in $work)"
