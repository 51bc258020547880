#!/usr/bin/env bash
# Measures `pump verify` on a generated backup against the physical floor: SHA-256 of the
# compressed files plus zstd decompression, on the same files.
# Usage: bash benchmarks/verify_speed.sh [ITEMS]   (default 2,500,000 items ≈ 1.2 GB of JSON lines)
set -euo pipefail
cd "$(dirname "$0")/.."
items=${1:-2500000}
swift build -c release --product pump --scratch-path .build-release >/dev/null
pump=.build-release/release/pump
work=$(mktemp -d -t pump-verify.XXXXXX)
trap 'rm -rf "$work"' EXIT
backup=$(python3 benchmarks/make_backup.py "$work" "$items" 8)
python3 -c "import json,sys; t=json.load(open(sys.argv[1]+'/manifest.json'))['totals']; print(f\"backup: {t['items']:,} items, {t['uncompressedBytes']/1e9:.2f} GB of JSON lines, {t['compressedBytes']/1e6:.1f} MB compressed\")" "$backup"
echo "pump verify (3 runs):"
for _ in 1 2 3; do /usr/bin/time -f "  %e s wall, %U s user, %S s sys, %M KB peak RSS" "$pump" verify "$backup" >/dev/null; done
echo "floor, 2 files at a time (sha256sum + zstd -dc):"
/usr/bin/time -f "  %e s wall, %U s user" sh -c "ls $backup/data/*.zst | xargs -P2 -n1 sh -c 'sha256sum \$0 >/dev/null; zstd -dc \$0 >/dev/null'"
