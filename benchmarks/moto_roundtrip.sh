#!/usr/bin/env bash
# Measures pump backup and restore wall time on moto server: the README demo, timed.
# Usage: bash benchmarks/moto_roundtrip.sh [ITEM_COUNT]
set -euo pipefail
cd "$(dirname "$0")/.."
exec bash scripts/demo.sh "${1:-5000}"
