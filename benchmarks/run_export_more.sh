#!/usr/bin/env bash
# Export figures run_export.sh leaves out:
#  1. pump backup's peak RSS with --concurrency 32 (and the default 8) at 1M and 5M items of the
#     fast fixture: memory must not grow with the table;
#  2. a backup of a moto server table (MOTO_ITEMS items loaded with boto3's batch_writer) by
#     pump, the boto3 parallel-scan script and dynamodump, for realism (moto is slow: these
#     figures mostly measure moto).
# Appends an "Export: memory and moto, DATE" section to benchmarks/RESULTS.md.
#
# Usage: bash benchmarks/run_export_more.sh [MOTO_ITEMS]   (default 20000; ~10 min)
# Environment: SIZES ("1000000 5000000"), RUNS (2), PUMP (a pump binary instead of building
#   this checkout, described in the report as PUMP_LABEL), RESULTS (the file to append to).
set -euo pipefail
cd "$(dirname "$0")/.."
moto_items=${1:-20000}
sizes=${SIZES:-"1000000 5000000"}
runs=${RUNS:-2}
results=${RESULTS:-benchmarks/RESULTS.md}
bash scripts/setup.sh >/dev/null
if [ -z "${PUMP:-}" ]; then
  swift build -c release --product pump --scratch-path .build-release >/dev/null
  pump=$PWD/.build-release/release/pump
  pump_build="this checkout ($(git rev-parse --short HEAD)$(git diff --quiet HEAD -- Sources Package.swift || echo ', with uncommitted changes'))"
else
  pump=$PUMP
  pump_build="${PUMP_LABEL:-$PUMP}"
fi
venv=$PWD/.build-venv/dynamodump
[ -x "$venv/bin/dynamodump" ] || { python3 -m venv "$venv"; "$venv/bin/pip" install -q dynamodump; }
python=$(python3 -c 'import sys; print(sys.executable)')

work=$(mktemp -d -t pump-export-more.XXXXXX)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_REGION=us-east-1
unset AWS_ENDPOINT_URL AWS_ENDPOINT_URL_DYNAMODB AWS_PROFILE

# quiet: waits (up to 5 minutes) for 2 s of >= 90 % idle CPU and no swift-build; sets $load.
quiet() {
  local waited=0 busy u n s i w x y z
  while :; do
    read -r _ u n s i w x y z _ </proc/stat; local t0=$((u+n+s+i+w+x+y+z)) i0=$((i+w))
    sleep 2
    read -r _ u n s i w x y z _ </proc/stat; local t1=$((u+n+s+i+w+x+y+z)) i1=$((i+w))
    busy=$((100 - 100 * (i1 - i0) / (t1 - t0)))
    { [ "$busy" -le 10 ] && ! pgrep -f swift-build >/dev/null; } && break
    waited=$((waited + 2)); [ "$waited" -ge 300 ] && break
  done
  load="${busy}% busy, load $(cut -d' ' -f1 /proc/loadavg)"
}

# measure GROUP NAME SERVER_PID COMMAND…: one JSON line per run in $work/rows.jsonl.
measure() {
  local group=$1 name=$2 server=$3; shift 3
  quiet
  local before; before=$(awk '{print $14 + $15}' "/proc/$server/stat")
  local status=0
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >"$work/out" 2>"$work/err" || status=$?
  local after; after=$(awk '{print $14 + $15}' "/proc/$server/stat")
  read -r wall user sys rss < <(tail -1 "$work/time")   # after "Command exited with non-zero status N"
  local server_rss; server_rss=$(awk '/VmHWM/ {print $2}' "/proc/$server/status")
  printf '{"group":"%s","name":"%s","wall":%s,"cpu":%s,"rss_kb":%s,"server_cpu":%s,"server_rss_kb":%s,"exit":%s,"load":"%s","extra":%s}\n' \
    "$group" "$name" "$wall" "$(python3 -c "print(round($user+$sys,2))")" "$rss" \
    "$(python3 -c "print(($after-$before)/100)")" "$server_rss" "$status" "$load" null >>"$work/rows.jsonl"
  echo "$group $name: ${wall}s wall, ${rss} KB peak RSS, exit $status ($load)"
  [ "$status" -eq 0 ] || tail -5 "$work/err"
}

# ---------------------------------------------------------------- 1. memory at 1M and 5M items
for n in $sizes; do
  "$python" benchmarks/fixture/server.py fast --items "$n" --port 0 >"$work/fast.log" 2>&1 &
  fast_pid=$!; pids+=("$fast_pid")
  for _ in $(seq 1 1200); do grep -q "listening on" "$work/fast.log" && break; sleep 0.1; done
  fast=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/fast.log" | head -1)
  [ -n "$fast" ] || { cat "$work/fast.log"; exit 1; }
  for c in 8 32; do
    for run in $(seq 1 "$runs"); do
      rm -rf "$work/pump"
      measure "rss-$n" "pump --concurrency $c" "$fast_pid" \
        "$pump" backup bench-main-table --out "$work/pump" --concurrency "$c" --endpoint-url "$fast" --quiet
    done
  done
  kill "$fast_pid"; wait "$fast_pid" 2>/dev/null || true
done

# ---------------------------------------------------------------- 2. moto server
moto_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$python" -m moto.server -H 127.0.0.1 -p "$moto_port" >"$work/moto.log" 2>&1 &
moto_pid=$!; pids+=("$moto_pid")
moto=http://127.0.0.1:$moto_port
for _ in $(seq 1 300); do curl -s -o /dev/null "$moto" && break; sleep 0.1; done
started=$(date +%s.%N)
"$python" benchmarks/bench_tools.py table "$moto" create bench-main-table
"$python" benchmarks/bench_tools.py table "$moto" load bench-main-table "$moto_items"
load_seconds=$(python3 -c "import time; print(round(time.time() - $started, 1))")
echo "moto: $moto_items items loaded in ${load_seconds}s"
for run in $(seq 1 "$runs"); do
  rm -rf "$work/pump" "$work/boto3" "$work/dd"
  measure moto "pump" "$moto_pid" "$pump" backup bench-main-table --out "$work/pump" --endpoint-url "$moto" --quiet
  measure moto "boto3-parallel-scan (8 threads)" "$moto_pid" \
    "$python" benchmarks/peers/boto3_parallel_scan.py "$moto" bench-main-table 8 "$work/boto3"
  measure moto "dynamodump" "$moto_pid" "$venv/bin/python" benchmarks/peers/dynamodump_timed.py "$work/dd.json" -- \
    -m backup -r us-east-1 -s bench-main-table --host 127.0.0.1 --port "$moto_port" --accessKey x --secretKey x --dumpPath "$work/dd"
  # dynamodump's sleep report goes into its row
  python3 - "$work/rows.jsonl" "$work/dd.json" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
rows[-1]["extra"] = json.load(open(sys.argv[2]))
with open(sys.argv[1], "w") as f:
    f.writelines(json.dumps(r) + "\n" for r in rows)
PY
done

# ---------------------------------------------------------------- report
python3 - "$work/rows.jsonl" "$moto_items" "$load_seconds" "$pump_build" <<'PY' | tee -a "$results"
import datetime, json, platform, subprocess, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
moto_items, load_seconds, build = int(sys.argv[2]), sys.argv[3], sys.argv[4]
cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], capture_output=True, text=True).stdout.strip()
out = [f"\n## Export: memory and moto, {datetime.date.today()}\n",
       f"Machine: {cpu}, {subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores, "
       f"{platform.platform()}, shared with other work (each run waits for 2 s of >= 90 % idle CPU first; "
       f"\"load\" is what it saw). pump: release build of {build}. Produced by `benchmarks/run_export_more.sh`.\n",
       "### pump backup's peak RSS against table size\n",
       "`pump backup bench-main-table --concurrency N` (segments: pump's default, at least N) against "
       "`server.py fast --items ITEMS` (~400 B items); the fixture's own peak RSS is listed for scale.\n",
       "| items | command | load before | wall s | items/s | pump peak RSS MB | pump CPU-s | fixture peak RSS MB |",
       "| --- | --- | --- | --- | --- | --- | --- | --- |"]
for r in rows:
    if r["group"].startswith("rss-"):
        n = int(r["group"][4:])
        out.append(f"| {n:,} | {r['name']} | {r['load']} | {r['wall']:.2f} | {n / r['wall']:,.0f} | "
                   f"{r['rss_kb'] / 1024:.0f} | {r['cpu']:.2f} | {r['server_rss_kb'] / 1024:.0f} |")
out += ["", "### Backup of a moto server table\n",
        f"{moto_items:,} items like the fixture's (every type, ~400 B) loaded into moto server with boto3's "
        f"`batch_writer` ({load_seconds} s). moto's Scan walks the whole table for every page of every segment, "
        "so moto's CPU (listed) bounds every tool here; dynamodump's row also gives its time without the 25 s of "
        "thread-start sleeps it always makes before scanning.\n",
        "| tool | load before | wall s | items/s | items/s without fixed sleeps | CPU-s | peak RSS MB | moto CPU-s |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |"]
for r in rows:
    if r["group"] == "moto":
        extra = r.get("extra") or {}
        net = extra.get("seconds_without_fixed_sleeps")
        out.append(f"| {r['name']}{'' if r['exit'] == 0 else ' (exit %d)' % r['exit']} | {r['load']} | {r['wall']:.2f} | "
                   f"{moto_items / r['wall']:,.0f} | {f'{moto_items / net:,.0f}' if net else '-'} | {r['cpu']:.2f} | "
                   f"{r['rss_kb'] / 1024:.0f} | {r['server_cpu']:.2f} |")
print("\n".join(out) + "\n")
PY
