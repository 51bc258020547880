#!/usr/bin/env bash
# Installs what pump needs to build and test on Debian: the C libraries (libcurl with
# OpenSSL, libzstd, zlib), pkg-config, the zstd and jq tools (jq for the --transform tests), and moto's server from PyPI.
# Safe to run again: it only installs what is missing.
set -euo pipefail

need_apt=()
for pkg in libcurl4-openssl-dev libzstd-dev zlib1g-dev pkg-config zstd curl jq; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need_apt+=("$pkg")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if ! python3 -c "import moto.server, flask, flask_cors, boto3" 2>/dev/null; then
  echo "setup: installing moto[server]"
  python3 -m pip install -q 'moto[server]'
fi
if ! python3 -c "import pytest" 2>/dev/null; then
  echo "setup: installing pytest (for the fixture endpoint's own tests)"
  python3 -m pip install -q pytest
fi
