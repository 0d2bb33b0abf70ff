#!/usr/bin/env bash
# Runs every test. On a fresh Debian machine it first installs what the tests need, then builds and runs the
# whole suite (unit, property, scenario tests through the built CLI, the storage compliance suite against SQLite and
# a throwaway PostgreSQL) and prints one closing line: N passed, N failed.
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

log="$(mktemp)"
pg_dir=""
cleanup() {
  rm -f "$log"
  if [ -n "$pg_dir" ]; then
    as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$pg_dir"
  fi
}
trap cleanup EXIT

# PostgreSQL refuses to run as root: as root, its commands run as the postgres user (the Debian package creates it).
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# The directory holding initdb and pg_ctl: the pg_ctl on PATH, else the newest Debian install, else install one.
find_pg_bin() {
  local dir
  if command -v pg_ctl >/dev/null; then
    dir="$(dirname "$(readlink -f "$(command -v pg_ctl)")")"
    if [ -x "$dir/initdb" ]; then echo "$dir"; return; fi
  fi
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then echo "$dir"; return; fi
  return 1
}

# A throwaway server for tests/Luyue.Storage.Postgres.Tests, unless LUYUE_TEST_POSTGRES already names one: a fresh
# data directory under /tmp, loopback only, its socket in that directory, fsync off (nothing here must survive a
# crash), stopped and deleted on exit. Tries the next port when 55432 is taken (another run of this script, say).
start_postgres() {
  local started=$EPOCHREALTIME port
  if ! pg_bin="$(find_pg_bin)"; then
    if [ "$(id -u)" -ne 0 ]; then return 1; fi
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    pg_bin="$(find_pg_bin)" || return 1
  fi
  pg_dir="$(mktemp -d /tmp/luyue-pg.XXXXXX)"
  if [ "$(id -u)" -eq 0 ]; then chown postgres "$pg_dir"; fi
  echo luyue > "$pg_dir/password"
  as_pg "$pg_bin/initdb" -D "$pg_dir/data" -U luyue --pwfile="$pg_dir/password" --auth=scram-sha-256 \
    -E UTF8 --locale=C --no-sync >"$pg_dir/initdb.log" 2>&1 || return 1
  for port in $(seq 55432 55451); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then continue; fi
    if as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 30 start -o \
      "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$pg_dir -c fsync=off -c full_page_writes=off" \
      >/dev/null 2>&1; then
      export LUYUE_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=luyue;Password=luyue;Database=postgres"
      echo "test.sh: PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (data in $pg_dir, ready in $(awk "BEGIN {printf \"%.1f\", $EPOCHREALTIME - $started}") s)"
      return 0
    fi
  done
  return 1
}

# The workbench's browser tests (tests/Luyue.Web.Tests) drive Debian's Chromium, with CJK fonts for the Chinese pages;
# its charts need ECharts from npm (src/Luyue.Workbench). Installed when missing and possible; without Chromium the
# browser tests are skipped, saying why, and fail under CI=true.
if { [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'; } && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null || echo "test.sh: could not install chromium" >&2
fi
if [ ! -f src/Luyue.Workbench/node_modules/echarts/dist/echarts.min.js ] && command -v npm >/dev/null; then
  (cd src/Luyue.Workbench && npm ci --no-audit --no-fund --loglevel=error) || echo "test.sh: npm ci failed; the workbench's charts will be missing" >&2
fi

if [ -z "${LUYUE_TEST_POSTGRES:-}" ] && ! start_postgres; then
  # The PostgreSQL tests then fail under CI=true and are skipped elsewhere, each saying why.
  echo "test.sh: could not start PostgreSQL; its storage tests cannot run" >&2
  if [ -n "$pg_dir" ]; then tail -n 5 "$pg_dir"/*.log >&2 || true; fi
fi

dotnet build Luyue.slnx -c Release --nologo -v quiet "-clp:NoSummary;ErrorsOnly"

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
