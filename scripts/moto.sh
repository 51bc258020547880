# Sourced by the other scripts: start and stop a moto server on a free loopback port.
# The server runs under the real interpreter path (not a pyenv shim), so $MOTO_PID is the
# server's own PID and stopping it stops the server.

start_moto() {
  local python port
  python=$(python3 -c 'import sys; print(sys.executable)')
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
  MOTO_LOG=$(mktemp -t pump-moto.XXXXXX.log)
  "$python" -m moto.server -H 127.0.0.1 -p "$port" >"$MOTO_LOG" 2>&1 &
  MOTO_PID=$!
  MOTO_URL="http://127.0.0.1:$port"
  for _ in $(seq 1 100); do
    if curl -fsS -X POST "$MOTO_URL/moto-api/reset" >/dev/null 2>&1; then
      echo "moto server: $MOTO_URL (pid $MOTO_PID)"
      return 0
    fi
    if ! kill -0 "$MOTO_PID" 2>/dev/null; then break; fi
    sleep 0.2
  done
  echo "moto server did not start; its log:" >&2
  cat "$MOTO_LOG" >&2
  return 1
}

stop_moto() {
  if [ -n "${MOTO_PID:-}" ] && kill -0 "$MOTO_PID" 2>/dev/null; then
    kill "$MOTO_PID" 2>/dev/null || true
    wait "$MOTO_PID" 2>/dev/null || true
  fi
  MOTO_PID=""
  [ -n "${MOTO_LOG:-}" ] && rm -f "$MOTO_LOG"
  return 0
}
