#!/usr/bin/env bash
# Makes library-app's list of the classes its start loads,
# library-app/src/main/resources/META-INF/library/startup-classes.txt, which
# StartupClassPreloader (library-core) loads on a second thread while the context starts.
#
# Starts the executable jar once with its embedded defaults and preloading off, logs every
# class the JVM loads until the platform is ready, and keeps those of the application's
# class path in the order they were loaded. Run it after changing dependencies or what the
# start does: StartupClassListTests (library-app) fails when listed classes are no longer
# on the class path. A list that is out of date costs start-up time, nothing else.
#
#   scripts/startup-classes.sh [--rebuild]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/jdk.sh
. scripts/server-port.sh
use_jdk_21_or_newer

list=library-app/src/main/resources/META-INF/library/startup-classes.txt
jar="$(find library-app/target -maxdepth 1 -name 'library-app-*.jar' 2>/dev/null | sort | head -n 1)"
if [ "${1:-}" = --rebuild ] || [ -z "$jar" ]; then
  ./mvnw -q -B -ntp -DskipTests -Denforcer.skip -Dspring-javaformat.skip package -pl library-app -am
  jar="$(find library-app/target -maxdepth 1 -name 'library-app-*.jar' | sort | head -n 1)"
fi

work="$(mktemp -d)"
app_pid=""
cleanup() {
  if [ -n "$app_pid" ]; then kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

"$JAVA_HOME/bin/java" "-Xlog:class+load=info:file=$work/classes.log" -jar "$jar" --server.port=0 \
  "--library.state.data-dir=$work/data" --library.core.preload-classes=false >"$work/app.log" 2>&1 &
app_pid=$!

port=""
ready=false
for _ in $(seq 1 1200); do
  kill -0 "$app_pid" 2>/dev/null || { cat "$work/app.log" >&2; echo "The application exited before it was ready" >&2; exit 1; }
  port="${port:-$(logged_server_port "$work/app.log")}"
  if [ -n "$port" ] && [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/readyz")" = 200 ]; then
    ready=true
    break
  fi
  sleep 0.1
done
$ready || { echo "The application was not ready after 120 s, see its log:" >&2; cat "$work/app.log" >&2; exit 1; }
# Classes loaded after this (serving, shutting down) are not part of the start.
loaded_at_ready="$(wc -l <"$work/classes.log")"
kill "$app_pid"
wait "$app_pid" 2>/dev/null || true
app_pid=""

{
  echo "# Classes that a start of library-app loads from its own class path, in the order the"
  echo "# JVM loaded them up to readiness. Made by scripts/startup-classes.sh (embedded defaults,"
  echo "# JDK $("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.runtime.version = //p'))."
  # Hidden classes (lambdas, proxies) have a '/' in their name and cannot be loaded by name.
  head -n "$loaded_at_ready" "$work/classes.log" \
    | awk '/ source: jar:nested:/ && $2 !~ /\// && !seen[$2]++ { print $2 }'
} >"$list"
echo "Wrote $(grep -vc '^#' "$list") class names to $list"
