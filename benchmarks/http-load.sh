#!/usr/bin/env bash
# Starts Library (library-app's jar, embedded defaults, a fresh data directory) on a port
# the server chooses and measures it over real HTTP with dev.library.benchmarks.http.HttpLoad:
# GET /health/livez (the baseline), GET /state/{key} and PUT /state/{key}, one after the
# other against the same server. Arguments go to HttpLoad, e.g.
#   benchmarks/http-load.sh --connections 16 --duration 20 --warmup 5
# JAVA_OPTS applies to the app, APP_ARGS are extra app arguments (e.g.
# APP_ARGS=--library.state.durability=async). --rebuild rebuilds the jars first.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

. scripts/jdk.sh
. scripts/server-port.sh
use_jdk_21_or_newer

LIBRARY_JAR="$ROOT/library-app/target/library-app-0.1.0.jar"
if [ "${1:-}" = "--rebuild" ] || [ ! -f "$LIBRARY_JAR" ] || [ ! -f benchmarks/jmh/target/jmh-classpath.txt ]; then
  [ "${1:-}" = "--rebuild" ] && shift
  ./mvnw -q -B -ntp -DskipTests -Denforcer.skip -Dspring-javaformat.skip package -pl library-app,benchmarks/jmh -am
fi

WORK="$(mktemp -d)"
PORT=""
APP_PID=""
cleanup() {
  if [ -n "$APP_PID" ]; then
    kill -TERM "$APP_PID" 2>/dev/null || true
    wait "$APP_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# shellcheck disable=SC2086
# Rate limiting per principal is off: the load is one principal writing as fast as it can.
java ${JAVA_OPTS:-} -jar "$LIBRARY_JAR" --server.port=0 "--library.state.data-dir=$WORK/data" \
  --library.security.rate-limit.enabled=false \
  ${APP_ARGS:-} >"$WORK/app.log" 2>&1 &
APP_PID=$!
ready=false
for _ in $(seq 1 240); do
  [ -n "$PORT" ] || PORT="$(logged_server_port "$WORK/app.log")"
  if [ -n "$PORT" ] \
    && [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/health/readyz" || true)" = 200 ]; then
    ready=true
    break
  fi
  kill -0 "$APP_PID" 2>/dev/null || { echo "Library exited, see its log:" >&2; tail -n 30 "$WORK/app.log" >&2; exit 1; }
  sleep 0.25
done
$ready || { echo "Library not ready after 60 s, see its log:" >&2; tail -n 30 "$WORK/app.log" >&2; exit 1; }

# Security (once configured) generates an admin token into the data directory.
if [ -z "${LIBRARY_TOKEN:-}" ] && [ -f "$WORK/data/security/admin-token" ]; then
  LIBRARY_TOKEN="$(cat "$WORK/data/security/admin-token")"
  export LIBRARY_TOKEN
fi

java -cp "benchmarks/jmh/target/classes:$(cat benchmarks/jmh/target/jmh-classpath.txt)" \
  dev.library.benchmarks.http.HttpLoad --url "http://127.0.0.1:$PORT" "$@"
