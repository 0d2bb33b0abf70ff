#!/usr/bin/env bash
# Runs every test. On a fresh Debian machine it first installs what the tests need, then builds and runs the
# whole suite (unit, property, scenario tests through the built CLI) and prints one closing line: N passed, N failed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if ! command -v dotnet >/dev/null; then
  echo "test.sh: the .NET SDK is required (dotnet on PATH); see global.json for the version" >&2
  exit 1
fi

if [ ! -d ../shared/examples ]; then
  echo "test.sh: ../shared (rules, examples, data) must sit beside this checkout" >&2
  exit 1
fi

dotnet build Luyue.slnx -c Release --nologo -v quiet "-clp:NoSummary;ErrorsOnly"

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
dotnet test Luyue.slnx -c Release --no-build --nologo 2>&1 | tee "$log" || status=$?

# One closing line that any CI reads: the sums of every test project's result line.
passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -Eo 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$passed" -eq 0 ]; then
  echo "test.sh: no test ran" >&2
  exit 1
fi
exit $status
