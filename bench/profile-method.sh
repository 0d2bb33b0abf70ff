#!/usr/bin/env bash
# Where a replay's time goes inside one method: runs the bench's replay pinned to one core with the JIT's listing of the
# method (DOTNET_JitDisasm) and perf sampling the process, then prints the samples that fell in the method's optimised
# code block by block, with the instructions of the blocks that hold 4 % or more of them (eighteenth session:
# this is how TopLevel.Find's loads showed as two fifths of reading a scan line, and the phrase automaton's checks).
# Usage: bench/profile-method.sh METHOD EVENTS.jsonl
#   METHOD: a method's name (TryPlainScan), or Class:Method where several classes have one of that name (StateTable`1:Grow).
# Needs perf and a Release build of bench/Luyue.Benchmarks; writes into a temporary directory it names at the end.
set -euo pipefail
if [ $# -lt 2 ]; then
  sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
method=$1 events=$2
cd "$(dirname "${BASH_SOURCE[0]}")/.."
dll=bench/Luyue.Benchmarks/bin/Release/net10.0/Luyue.Benchmarks.dll
work=$(mktemp -d /tmp/luyue-profile.XXXX)

# perf follows the bench and the run of itself it starts with the launcher's runtime settings (ProductRuntimeSettings);
# that run, the one with the method's optimised code, writes the listing and its own map of the code (/tmp/perf-PID.map).
touch "$work/start"
env DOTNET_PerfMapEnabled=3 DOTNET_EnableWriteXorExecute=0 DOTNET_JitDisasm="${method##*:}" DOTNET_JitStdOutFile="$work/listing.txt" \
  perf record -F 2999 -o "$work/perf.data" -- taskset -c 1 dotnet "$dll" replay --events "$events" --warmup 0 --iterations 1 --sink null \
  > "$work/run.txt" 2>&1 || true
perf script -i "$work/perf.data" -F pid,ip 2> /dev/null > "$work/ips.txt"
grep -E 'events/s|cpu ' "$work/run.txt" || true

python3 - "$work" "$method" <<'EOF'
import collections, glob, os, re, sys
work, method = sys.argv[1], sys.argv[2]
owner, name = method.rsplit(":", 1) if ":" in method else ("", method)
pattern = re.compile(rf"[.\s]{re.escape(owner)}[^\s]*::{re.escape(name)}\(" if owner else rf"::{re.escape(name)}\(")
# The method's optimised code: its last OptimizedTier1 entry in a perf map written by this run (address, size in hex),
# named there Namespace.Class::Method(...); the JIT's listings name it Namespace.Class:Method(...).
since = os.path.getmtime(f"{work}/start")
entries = [(int(m.split("-")[-1].split(".")[0]), l.split(None, 2))
           for m in glob.glob("/tmp/perf-*.map") if os.path.getmtime(m) >= since
           for l in open(m) if pattern.search(l) and "[OptimizedTier1]" in l]
if not entries:
    sys.exit(f"no optimised code of {method} in this run's perf maps")
pid, (start, size) = entries[-1][0], (int(entries[-1][1][0], 16), int(entries[-1][1][1], 16))
ips = [int(ip, 16) for p, ip in (l.split() for l in open(f"{work}/ips.txt") if l.strip()) if int(p) == pid]
offsets = [ip - start for ip in ips if start <= ip < start + size]
listing = f"{work}/listing.txt"
text = open(listing).read() if os.path.exists(listing) else ""
listings = [b for b in text.split("; Assembly listing for method")
            if "(Tier1)" in b.split("\n")[0] and re.search(rf"{re.escape(owner)}[^\s:]*:{re.escape(name)}\(", b.split("\n")[0])]
if not listings:
    sys.exit(f"no optimised listing of {method} from the JIT")
lines = listings[-1].split("\n")
labels = sorted((int(m.group(2), 16), i) for i, l in enumerate(lines) if (m := re.match(r"\s*(G_M\d+_IG\d+):.*offset=0x([0-9A-Fa-f]+)", l)))
counts = collections.Counter(max((j for j, (lo, _) in enumerate(labels) if lo <= o), default=0) for o in offsets)
print(lines[0].strip())
print(f"{len(offsets)} of {len(ips)} samples ({len(offsets) * 100 / max(1, len(ips)):.2f} %) in the method")
for j, (_, at) in enumerate(labels):
    share = counts[j] * 100 / max(1, len(offsets))
    print(f"{counts[j]:6d} {share:5.1f} %  {lines[at].strip()}")
    if share >= 4:
        end = labels[j + 1][1] if j + 1 < len(labels) else len(lines)
        print("\n".join("              " + l for l in lines[at + 1:end] if l.strip()))
EOF
echo "files: $work"
