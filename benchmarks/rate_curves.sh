#!/usr/bin/env bash
# CUBIC or AIMD: which keeps a restore's write rate closer to a table's capacity?
# Restores the same generated backup through the fixture proxy (a write token bucket of CAP
# units/s in front of moto) once per curve and run, samples the proxy's accepted writes twice a
# second, and prints the steady rate as a share of the cap, its spread, and the throttles.
# Usage: bash benchmarks/rate_curves.sh [ITEMS] [CAP] [RUNS]   (defaults 40000, 1000, 2)
set -euo pipefail
cd "$(dirname "$0")/.."
items=${1:-40000}
cap=${2:-1000}
runs=${3:-2}
bash scripts/setup.sh >/dev/null
swift build --product pump >/dev/null
pump=$PWD/.build/debug/pump
work=$(mktemp -d -t pump-curves.XXXXXX)
proxy_pid=""
source scripts/moto.sh
cleanup() { [ -n "$proxy_pid" ] && kill "$proxy_pid" 2>/dev/null; stop_moto; rm -rf "$work"; }
trap cleanup EXIT
start_moto MOTO >/dev/null
python=$(python3 -c 'import sys; print(sys.executable)')
"$python" benchmarks/fixture/server.py proxy --upstream "$MOTO" --write-units "$cap" --port 0 >"$work/proxy.log" 2>&1 &
proxy_pid=$!
for _ in $(seq 1 100); do grep -q "listening on" "$work/proxy.log" && break; sleep 0.1; done
proxy=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/proxy.log" | head -1)
python3 benchmarks/make_backup.py "$work/backups" "$items" 8 >/dev/null
backup=$(ls -d "$work"/backups/*)
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1

echo "restore of $items items (~400 B, 1 write unit each) through a $cap WCU/s cap; $(nproc) cores"
echo "| curve | run | seconds | steady units/s | % of cap | stdev of 1-s rate | worst 1-s rate | throttled requests | items returned unprocessed |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for curve in cubic aimd; do
  for run in $(seq 1 "$runs"); do
    table="bench-$curve-$run"
    python3 - "$MOTO" "$table" <<'PY'
import sys, boto3
d = boto3.client("dynamodb", endpoint_url=sys.argv[1])
d.create_table(TableName=sys.argv[2], BillingMode="PAY_PER_REQUEST",
               KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
               AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "S"}])
PY
    curl -fsS -X POST "$proxy/fixture/reset" >/dev/null
    start=$(date +%s.%N)
    AWS_ENDPOINT_URL=$proxy "$pump" restore "$table" "$backup" --rate-curve "$curve" --no-verify --verify none --quiet \
      --journal "$work/$table.journal" --rejects "$work/$table.rejects" >"$work/$table.out" 2>&1 &
    pid=$!
    python3 - "$proxy" "$pid" "$work/$table.samples" <<'PY'
import json, os, sys, time, urllib.request
proxy, pid, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(out, "w") as f:
    while True:
        stats = json.load(urllib.request.urlopen(proxy + "/fixture/stats"))
        f.write(f"{time.monotonic()} {stats.get('consumed_write_units', 0)} {stats.get('throttled', 0)} {stats.get('unprocessed_items', 0)}\n")
        f.flush()
        try:
            os.kill(pid, 0)
        except OSError:
            break
        if os.path.exists(f"/proc/{pid}/status") and "zombie" in open(f"/proc/{pid}/status").read():
            break
        time.sleep(0.5)
PY
    wait "$pid" || { echo "pump failed:"; cat "$work/$table.out"; exit 1; }
    seconds=$(python3 -c "import time; print(round($(date +%s.%N) - $start, 1))")
    python3 - "$work/$table.samples" "$cap" "$curve" "$run" "$seconds" <<'PY'
import statistics, sys
rows = [tuple(map(float, line.split())) for line in open(sys.argv[1])]
cap, curve, run, seconds = float(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
t0 = rows[0][0]
# Steady part: after the first 5 s (the starting burst and first cut) and 2 s before the
# writes ended (the last segments finish on fewer workers).
end = next(r[0] for r in rows if r[1] >= rows[-1][1])
steady = [r for r in rows if r[0] - t0 >= 5 and end - r[0] >= 2]
per_second = []
for a, b in zip(steady, steady[2:]):
    per_second.append((b[1] - a[1]) / (b[0] - a[0]))
rate = (steady[-1][1] - steady[0][1]) / (steady[-1][0] - steady[0][0]) if len(steady) > 1 else float("nan")
spread = statistics.pstdev(per_second) if per_second else float("nan")
worst = min(per_second) if per_second else float("nan")
print(f"| {curve} | {run} | {seconds} | {rate:,.0f} | {100 * rate / cap:.0f} % | {spread:,.0f} | {worst:,.0f} | {int(rows[-1][2])} | {int(rows[-1][3]):,} |")
PY
  done
done
