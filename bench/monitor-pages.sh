#!/usr/bin/env bash
# Measures GET /v1/monitor/items page times with many open findings (issue 6: smooth with 10,000 open findings).
# Usage: ORDERS=60000 bench/monitor-pages.sh   (starts ./luyue serve on port 5391 with a throwaway data dir)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
d=$(mktemp -d /tmp/luyue-mon.XXXX)
./luyue generate --orders ${ORDERS:-20000} --seed 11 -o $d/events.jsonl 2>/dev/null
./luyue serve --port 5391 --data $d/data > $d/serve.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf $d' EXIT
for i in $(seq 1 120); do grep -q "Admin API key" $d/serve.log && break; sleep 1; done
admin=$(grep -o "ly_[A-Za-z0-9_-]*" $d/serve.log | head -1)
H=http://127.0.0.1:5391
until curl -sf $H/healthz >/dev/null; do sleep 1; done
curl -sf -X POST $H/v1/tenants -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' -d '{"name":"Bench","id":"bench"}' >/dev/null
key=$(curl -sf -X POST $H/v1/tenants/bench/keys -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' -d '{"role":"merchant"}' | python3 -c 'import json,sys;print(json.load(sys.stdin)["key"])')
split -l 1000 $d/events.jsonl $d/batch.
for f in $d/batch.*; do curl -sf -X POST $H/v1/events -H "Authorization: Bearer $key" -H 'Content-Type: application/x-ndjson' --data-binary @$f >/dev/null; done
prev=-1
while true; do
  sleep 5
  total=$(curl -sf "$H/v1/monitor" -H "Authorization: Bearer $key" | python3 -c 'import json,sys;print(sum(i["aboutToTimeOut"]+i["overdue"] for i in json.load(sys.stdin)["items"]))')
  echo "open findings: $total"
  [ "$total" = "$prev" ] && break
  prev=$total
done
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
for q in "monitor=pickup&limit=100" "monitor=pickup&limit=100&sort=timeLeft" "monitor=update&limit=100" "monitor=pickup&carrier=zto&limit=100"; do
  for i in 1 2 3; do
    t=$(curl -s -o $d/page.json -w '%{time_total}' "$H/v1/monitor/items?$q" -H "Authorization: Bearer $key")
    n=$(python3 -c "import json;d=json.load(open('$d/page.json'));print(len(d.get('items',[])), d.get('total', d.get('counts','')))" 2>/dev/null || echo "?")
    echo "$q  ${t}s  items/total: $n"
  done
done
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
