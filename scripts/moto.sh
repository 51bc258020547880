# Sourced by the other scripts: start and stop moto servers on free loopback ports.
# Each server runs under the real interpreter path (not a pyenv shim), so the recorded PID
# is the server's own and stopping it stops the server.

MOTO_PIDS=()
MOTO_LOGS=()

# start_moto VAR: starts a server and stores its URL in $VAR.
start_moto() {
  local var=${1:-MOTO_URL} python port log pid url
  python=$(python3 -c 'import sys; print(sys.executable)')
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
  log=$(mktemp -t pump-moto.XXXXXX.log)
  "$python" -m moto.server -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
  pid=$!
  MOTO_PIDS+=("$pid")
  MOTO_LOGS+=("$log")
  url="http://127.0.0.1:$port"
  for _ in $(seq 1 100); do
    if curl -fsS -X POST "$url/moto-api/reset" >/dev/null 2>&1; then
      printf -v "$var" '%s' "$url"
      echo "moto server: $url (pid $pid)"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.2
  done
  echo "moto server did not start; its log:" >&2
  cat "$log" >&2
  return 1
}

# stop_moto: stops every server this shell started.
stop_moto() {
  local pid
  for pid in "${MOTO_PIDS[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  MOTO_PIDS=()
  if [ ${#MOTO_LOGS[@]} -gt 0 ]; then rm -f "${MOTO_LOGS[@]}"; fi
  MOTO_LOGS=()
  return 0
}
