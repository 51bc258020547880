#!/usr/bin/env bash
# Restore benchmark: pump restore and dynamodump's restore of the same generated table
#  1. into the fast fixture (`server.py fast --sink`, ITEMS items of ~400 B), pump from its default
#     backup and at several --concurrency values from a 32-segment backup, each checked with
#     /fixture/verify;
#  2. under a write-capacity cap (`server.py proxy --write-units CAP` in front of moto server),
#     CAPPED_ITEMS items: the sustained rate as a share of the cap, and the items lost.
# Appends a "Restore, DATE" section to benchmarks/RESULTS.md.
#
# Usage: bash benchmarks/run_restore.sh [ITEMS]        (default 1000000; ~40 min in all)
# Environment: CAPPED_ITEMS (100000), CAP (write units; default: 5000 if moto alone writes at least
#   5000 / 0.6 items/s, else the largest of 4000, 3000, 2000, 1500, 1000, 750, 500 at most 60 % of
#   moto's own measured rate, so that moto is not the limit), CONCURRENCY ("2 4 8 16 32"),
#   RUNS (2: every timed figure is measured this many times), PUMP (a pump binary to use
#   instead of building this checkout, described in the report as PUMP_LABEL), RESULTS (the file to append to; benchmarks/RESULTS.md).
set -euo pipefail
cd "$(dirname "$0")/.."
items=${1:-1000000}
capped_items=${CAPPED_ITEMS:-100000}
concurrencies=${CONCURRENCY:-"2 4 8 16 32"}
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
tools="$python $PWD/benchmarks/bench_tools.py"

work=$(mktemp -d -t pump-restore.XXXXXX)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_REGION=us-east-1
unset AWS_ENDPOINT_URL AWS_ENDPOINT_URL_DYNAMODB AWS_PROFILE

# start NAME COMMAND…: starts a fixture server, sets $url to its address and $pid to its process.
start() {
  local name=$1; shift
  "$@" >"$work/$name.log" 2>&1 &
  pid=$!; pids+=("$pid")
  for _ in $(seq 1 600); do grep -q "listening on" "$work/$name.log" && break; sleep 0.1; done
  url=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/$name.log" | head -1)
  [ -n "$url" ] || { cat "$work/$name.log"; exit 1; }
}

# quiet: waits (up to 5 minutes) until no swift-build runs and the CPUs were >= 90 % idle for
# 2 s, since the machine is shared; sets $load to what it saw.
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

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# measure NAME SERVER_PID COMMAND…: wall, CPU and peak RSS of the command, plus the CPU the
# server process used meanwhile; one JSON line in $work/rows.jsonl.
measure() {
  local name=$1 server=$2; shift 2
  quiet
  local before; before=$(cpu_ticks "$server")
  local status=0
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >"$work/$name.out" 2>"$work/$name.err" || status=$?
  local after; after=$(cpu_ticks "$server")
  read -r wall user sys rss < <(tail -1 "$work/time")   # after "Command exited with non-zero status N"
  printf '{"name":"%s","wall":%s,"cpu":%s,"rss_kb":%s,"server_cpu":%s,"exit":%s,"load":"%s"}\n' \
    "$name" "$wall" "$(python3 -c "print(round($user+$sys,2))")" "$rss" "$(python3 -c "print(($after-$before)/100)")" \
    "$status" "$load" >>"$work/rows.jsonl"
  echo "$name: ${wall}s wall, exit $status ($load)"
}

note() { printf '%s\n' "$1" >>"$work/notes.jsonl"; }

# ---------------------------------------------------------------- 1. the fast fixture
start fast "$python" benchmarks/fixture/server.py fast --items "$items" --sink --restore-table restore-target --port 0
fast=$url fast_pid=$pid
echo "fast fixture (--sink): $items items at $fast"
# pump restore runs one worker per segment file of the backup, at most --concurrency of them:
# the default backup (8 segments here) is restored as users get it, and a 32-segment backup
# lets --concurrency up to 32 take effect.
"$pump" backup bench-main-table --out "$work/pump" --endpoint-url "$fast" --quiet
backup=$(ls -d "$work"/pump/*)
"$pump" backup bench-main-table --out "$work/pump32" --segments 32 --endpoint-url "$fast" --quiet
backup32=$(ls -d "$work"/pump32/*)
bytes=$(zstd -dc "$backup"/data/*.zst | wc -c)
note "{\"name\":\"backups\",\"default_segments\":$(ls "$backup"/data | wc -l),\"segments32\":$(ls "$backup32"/data | wc -l)}"

# pump's journal and rejects file go to the work folder (by default they land in the current
# folder, and a journal left by a failed run makes the next restore refuse to start).
files=(--journal "$work/restore.journal.jsonl" --rejects "$work/restore.rejects.jsonl")

# restore_fast NAME BACKUP ARGS…: a pump restore into the emptied fixture table, then its verdict.
restore_fast() {
  local name=$1 from=$2; shift 2
  rm -f "$work/restore.journal.jsonl"
  curl -s -X POST "$fast/fixture/reset" >/dev/null
  measure "$name" "$fast_pid" "$pump" restore restore-target "$from" --json --endpoint-url "$fast" "${files[@]}" "$@"
  note "$(curl -s "$fast/fixture/verify?table=restore-target" | python3 -c "import json,sys; v=json.load(sys.stdin); v.pop('examples'); print(json.dumps({'name':'$name','verify':v}))")"
}
for run in $(seq 1 "$runs"); do
  restore_fast "pump-default-run$run" "$backup"
done
for c in $concurrencies; do
  for run in $(seq 1 "$runs"); do
    restore_fast "pump-c$c-run$run" "$backup32" --concurrency "$c"
  done
done

# dynamodump: its own dump of the same table, then its restore (--dataOnly: the table exists).
measure dynamodump-backup "$fast_pid" "$venv/bin/python" benchmarks/peers/dynamodump_timed.py "$work/dd-backup.json" -- \
  -m backup -r us-east-1 -s bench-main-table --host 127.0.0.1 --port "${fast##*:}" --accessKey x --secretKey x --dumpPath "$work/dd"
note "{\"name\":\"dynamodump-backup\",\"timed\":$(cat "$work/dd-backup.json")}"
for run in $(seq 1 "$runs"); do
  curl -s -X POST "$fast/fixture/reset" >/dev/null
  measure "dynamodump-run$run" "$fast_pid" "$venv/bin/python" benchmarks/peers/dynamodump_timed.py "$work/dd-restore.json" -- \
    -m restore -r us-east-1 -s bench-main-table -d restore-target --dataOnly --host 127.0.0.1 --port "${fast##*:}" \
    --accessKey x --secretKey x --dumpPath "$work/dd"
  note "$(curl -s "$fast/fixture/verify?table=restore-target" | python3 -c "import json,sys; v=json.load(sys.stdin); v.pop('examples'); print(json.dumps({'name':'dynamodump-run$run','verify':v,'timed':json.load(open('$work/dd-restore.json'))}))")"
done
kill "$fast_pid"; wait "$fast_pid" 2>/dev/null || true

# ---------------------------------------------------------------- 2. under a capacity cap
start small "$python" benchmarks/fixture/server.py fast --items "$capped_items" --port 0
small=$url small_pid=$pid
"$pump" backup bench-main-table --out "$work/pump-small" --endpoint-url "$small" --quiet
small_backup=$(ls -d "$work"/pump-small/*)
"$venv/bin/dynamodump" -m backup -r us-east-1 -s bench-main-table --host 127.0.0.1 --port "${small##*:}" \
  --accessKey x --secretKey x --dumpPath "$work/dd-small" >"$work/dd-small.log" 2>&1
kill "$small_pid"; wait "$small_pid" 2>/dev/null || true

moto_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$python" -m moto.server -H 127.0.0.1 -p "$moto_port" >"$work/moto.log" 2>&1 &
moto_pid=$!; pids+=("$moto_pid")
moto=http://127.0.0.1:$moto_port
for _ in $(seq 1 300); do curl -s -o /dev/null "$moto" && break; sleep 0.1; done
start proxy "$python" benchmarks/fixture/server.py proxy --upstream "$moto" --port 0
proxy=$url proxy_pid=$pid

# capped NAME COMMAND…: an empty restore-target in moto, zeroed proxy counters, the command
# measured while the proxy's counters are sampled, then moto's item count.
capped() {
  local name=$1; shift
  rm -f "$work/restore.journal.jsonl"
  $tools table "$moto" recreate restore-target
  curl -s -X POST "$proxy/fixture/reset" >/dev/null
  $tools sample "$proxy" "$work/$name.samples" & local sampler=$!
  measure "$name" "$moto_pid" "$@"
  sleep 1; kill "$sampler"; wait "$sampler" 2>/dev/null || true
  local count; count=$($tools table "$moto" count restore-target)
  note "{\"name\":\"$name\",\"rate\":$($tools rate "$work/$name.samples" "$capped_items"),\"moto_items\":$count,\"expected\":$capped_items,\"cap\":$cap}"
}

# moto's own write rate first (no cap), to choose a cap moto can sustain. --verify none: pump's
# default count is a Scan, which moto answers by reading the whole table for every page.
cap=null
curl -s -X POST "$proxy/fixture/config" -d '{"write_units": null}' >/dev/null
capped moto-uncapped "$pump" restore restore-target "$small_backup" --verify none --json --endpoint-url "$proxy" "${files[@]}"
moto_rate=$(tail -1 "$work/notes.jsonl" | python3 -c "import json,sys; print(json.load(sys.stdin)['rate']['sustained_per_s'])")
cap=${CAP:-$(python3 -c "r = $moto_rate; print(max([c for c in (5000, 4000, 3000, 2000, 1500, 1000, 750, 500) if c <= 0.6 * r] or [250]))")}
echo "moto alone: $moto_rate items/s; cap: $cap write units/s"
curl -s -X POST "$proxy/fixture/config" -d "{\"write_units\": $cap}" >/dev/null
for run in $(seq 1 "$runs"); do
  capped "pump-adaptive-run$run" "$pump" restore restore-target "$small_backup" --verify none --json --endpoint-url "$proxy" "${files[@]}"
  capped "pump-write-capacity-run$run" "$pump" restore restore-target "$small_backup" --write-capacity "$cap" --verify none --json --endpoint-url "$proxy" "${files[@]}"
  capped "dynamodump-capped-run$run" "$venv/bin/python" benchmarks/peers/dynamodump_timed.py "$work/dd-capped-$run.json" -- \
    -m restore -r us-east-1 -s bench-main-table -d restore-target --dataOnly --host 127.0.0.1 --port "${proxy##*:}" \
    --accessKey x --secretKey x --dumpPath "$work/dd-small"
  note "{\"name\":\"dynamodump-capped-run$run\",\"timed\":$(cat "$work/dd-capped-$run.json")}"
done

# ---------------------------------------------------------------- report
for f in "$work"/pump-*.out "$work"/moto-uncapped.out; do   # pump's own phase times, from its --json events
  python3 - "$f" >>"$work/notes.jsonl" <<'PY'
import json, os, sys
events = [json.loads(line) for line in open(sys.argv[1]) if line.startswith("{")]
finished = next((e for e in events if e.get("event") == "finished" and e.get("phase") == "restore"), {})
summary = next((e for e in events if e.get("event") == "summary"), {})
print(json.dumps({"name": os.path.basename(sys.argv[1])[:-4], "write_seconds": finished.get("elapsed"),
                  "restore_seconds": summary.get("seconds"), "written": summary.get("written"),
                  "rejected": summary.get("rejected"), "retried": summary.get("retriedItems"),
                  "throttles": summary.get("throttles")}))
PY
done
python3 benchmarks/restore_report.py "$work/rows.jsonl" "$work/notes.jsonl" "$items" "$bytes" "$capped_items" \
  "$pump_build" | tee -a "$results"
