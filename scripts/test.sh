#!/usr/bin/env bash
# Runs pump's whole test suite: installs what is missing, builds, starts two moto servers on
# loopback for the integration tests, runs `swift test`, and stops them again.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/moto.sh

bash scripts/setup.sh
swift build --build-tests

# dynamodump pins an older boto3, so it lives in its own venv (ignored by git, like .build).
venv=.build-venv/dynamodump
if [ ! -x "$venv/bin/dynamodump" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q dynamodump
fi

# The fixture endpoint's own tests: its pages and errors must look like DynamoDB's before
# pump's fault and speed tests may trust it.
python3 -m pytest -q -p no:cacheprovider benchmarks/fixture

trap stop_moto EXIT
start_moto MOTO_URL
start_moto MOTO_AUTH_URL   # tests switch this one to IAM signature checking
# Swift Testing is off: the suite is XCTest, and its empty run would print a misleading "0 tests" line.
PUMP_TEST_MOTO_URL="$MOTO_URL" PUMP_TEST_MOTO_AUTH_URL="$MOTO_AUTH_URL" PUMP_TEST_DYNAMODUMP="$PWD/$venv/bin/dynamodump" \
  swift test --skip-build --disable-swift-testing "$@"
