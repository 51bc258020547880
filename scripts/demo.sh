#!/usr/bin/env bash
# The seed runbook's path end to end on a local DynamoDB-compatible endpoint (moto server):
# create pr-5-main-table with data, `pump backup pr-5`, delete and recreate the table
# (as a redeploy does), `pump restore pr-5 <backup>`, and check every item came back.
# Usage: bash scripts/demo.sh [ITEM_COUNT]   (default 5000)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/moto.sh
count=${1:-5000}

bash scripts/setup.sh
swift build --product pump
pump=$(swift build --show-bin-path)/pump

workdir=$(mktemp -d -t pump-demo.XXXXXX)
cleanup() { stop_moto; rm -rf "$workdir"; }
trap cleanup EXIT
start_moto MOTO_URL

# pump reads the same variables as the AWS CLI; moto accepts any key.
export AWS_ACCESS_KEY_ID=demo AWS_SECRET_ACCESS_KEY=demo-secret AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
export AWS_ENDPOINT_URL="$MOTO_URL"
unset AWS_PROFILE AWS_SESSION_TOKEN

echo; echo "== 1. a PR preview table with data"
python3 scripts/sample_table.py create pr-5-main-table "$count"
python3 scripts/sample_table.py create pr-50-main-table 10   # a neighbour pump must not touch
python3 scripts/sample_table.py snapshot pr-5-main-table "$workdir/before.jsonl"

echo; echo "== 2. pump backup pr-5"
start=$(date +%s.%N)
"$pump" backup pr-5 --out "$workdir/backups"
echo "backup wall time: $(python3 -c "print(f'{$(date +%s.%N) - $start:.2f} s')")"
backup=$(ls -d "$workdir"/backups/pr-5-main-table-*)

echo; echo "== 3. delete and recreate the table (the redeploy)"
python3 scripts/sample_table.py recreate pr-5-main-table

echo; echo "== 4. pump restore pr-5 (no backup named: lists them)"
"$pump" restore pr-5 --dir "$workdir/backups"

echo; echo "== 5. pump restore pr-5 $backup"
start=$(date +%s.%N)
"$pump" restore pr-5 "$backup"
echo "restore wall time: $(python3 -c "print(f'{$(date +%s.%N) - $start:.2f} s')")"

echo; echo "== 6. check"
python3 scripts/sample_table.py compare pr-5-main-table "$workdir/before.jsonl"
