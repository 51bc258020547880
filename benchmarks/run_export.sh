#!/usr/bin/env bash
# Export benchmark: pump, a boto3 parallel-scan script, dynamodump and `zstd -3` alone,
# against the same fast fixture endpoint and the same generated table, side by side.
# Writes benchmarks/RESULTS.md.
# Usage: bash benchmarks/run_export.sh [ITEMS] [ITEM_SIZE]   (defaults 1000000 and 400)
set -euo pipefail
cd "$(dirname "$0")/.."
items=${1:-1000000}
item_size=${2:-400}
workers=8
bash scripts/setup.sh >/dev/null
swift build -c release --product pump --scratch-path .build-release >/dev/null
pump=$PWD/.build-release/release/pump
venv=.build-venv/dynamodump
[ -x "$venv/bin/dynamodump" ] || { python3 -m venv "$venv"; "$venv/bin/pip" install -q dynamodump; }

work=$(mktemp -d -t pump-bench.XXXXXX)
fixture_pid=""
cleanup() { [ -n "$fixture_pid" ] && kill "$fixture_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

python=$(python3 -c 'import sys; print(sys.executable)')
"$python" benchmarks/fixture/server.py fast --items "$items" --item-size "$item_size" --port 0 >"$work/fixture.log" 2>&1 &
fixture_pid=$!
for _ in $(seq 1 600); do grep -q "listening on" "$work/fixture.log" && break; sleep 0.1; done
endpoint=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/fixture.log" | head -1)
[ -n "$endpoint" ] || { cat "$work/fixture.log"; exit 1; }
port=${endpoint##*:}
table=bench-main-table
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_REGION=us-east-1 AWS_ENDPOINT_URL=$endpoint

# measure NAME COMMAND…: wall, CPU and peak RSS of the command (the fixture's CPU is not counted).
results=()
measure() {
  local name=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >"$work/$name.out" 2>"$work/$name.err" || { echo "$name failed:"; tail -5 "$work/$name.err"; return 1; }
  read -r wall user sys rss <"$work/time"
  results+=("$name $wall $user $sys $rss")
  echo "$name: ${wall}s wall, $(python3 -c "print(round($user+$sys,2))") CPU-s, ${rss} KB peak RSS"
}

echo "fixture: $items items of ~$item_size B at $endpoint"
measure pump "$pump" backup "$table" --out "$work/pump" --segments 32 --concurrency "$workers" --quiet
backup=$(ls -d "$work"/pump/*)
zstd -dc "$backup"/data/*.zst >"$work/lines.jsonl"
bytes=$(stat -c %s "$work/lines.jsonl")
measure zstd-3 zstd -3 -T1 -q -f "$work/lines.jsonl" -o "$work/lines.jsonl.zst"
measure boto3-parallel-scan python3 benchmarks/peers/boto3_parallel_scan.py "$endpoint" "$table" "$workers" "$work/boto3"
measure dynamodump "$venv/bin/dynamodump" -m backup -r us-east-1 -s "$table" --host 127.0.0.1 --port "$port" \
  --accessKey bench --secretKey bench --dumpPath "$work/dynamodump"

python3 - "$items" "$bytes" "$workers" "$endpoint" "${results[@]}" <<'PY'
import platform, subprocess, sys, datetime
items, size, workers, endpoint = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
rows = [r.split() for r in sys.argv[5:]]
gb = size / 1e9
cpu = {name: float(u) + float(s) for name, _, u, s, _ in rows}
wall = {name: float(w) for name, w, _, _, _ in rows}
lines = []
lines.append("| tool | wall s | items/s | MB/s of DynamoDB JSON | CPU-s per GB | peak RSS MB |")
lines.append("| --- | --- | --- | --- | --- | --- |")
for name, w, u, s, rss in rows:
    w = float(w)
    lines.append(f"| {name} | {w:.2f} | {items / w:,.0f} | {size / w / 1e6:,.1f} | {cpu[name] / gb:.2f} | {int(rss) / 1024:.0f} |")
cpuinfo = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], capture_output=True, text=True).stdout.strip()
report = f"""
## Export, {datetime.date.today()} ({items:,} items, {size / 1e6:,.0f} MB of DynamoDB JSON lines)

Machine: {cpuinfo}, {subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores, {platform.platform()}.
Fixture: `benchmarks/fixture/server.py fast` on loopback (its own CPU is not counted above, but it shares the 2 cores).
Commands: `pump backup bench-main-table --segments 32 --concurrency {workers}` (release build);
`zstd -3 -T1` on pump's decompressed output (the physical limit of compressing these bytes);
`benchmarks/peers/boto3_parallel_scan.py` with {workers} threads; `dynamodump -m backup` (its fixed sleeps included).

""" + "\n".join(lines) + f"""

pump vs boto3: {wall['boto3-parallel-scan'] / wall['pump']:.1f}x the items/s; vs dynamodump: {wall['dynamodump'] / wall['pump']:.1f}x;
pump's CPU per GB is {cpu['pump'] / cpu['zstd-3']:.2f}x that of zstd -3 alone.
"""
print(report)
with open("benchmarks/RESULTS.md", "a") as f:
    f.write(report)
PY
