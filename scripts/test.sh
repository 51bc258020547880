#!/usr/bin/env bash
# Runs pump's whole test suite: installs what is missing, builds, starts a moto server on
# loopback for the integration tests, runs `swift test`, and stops the server again.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/moto.sh

bash scripts/setup.sh
swift build --build-tests

trap stop_moto EXIT
start_moto
# Swift Testing is off: the suite is XCTest, and its empty run would print a misleading "0 tests" line.
PUMP_TEST_MOTO_URL="$MOTO_URL" swift test --skip-build --disable-swift-testing "$@"
