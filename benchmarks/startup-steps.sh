#!/usr/bin/env bash
# Where start-up time goes: starts Library (or a baseline app) once, extracted, with
# Spring's BufferingApplicationStartup and prints the self time of its beans grouped by
# origin, the slowest beans and the other start-up steps. For finding what costs; the
# figures in benchmarks/README.md come from startup.sh.
#
#   benchmarks/startup-steps.sh [library|minimal|stack] [--top N] [application arguments...]
#
# e.g. benchmarks/startup-steps.sh library --springdoc.api-docs.enabled=false
set -euo pipefail

APP="${1:-library}"
[ $# -gt 0 ] && shift
TOP=25
if [ "${1:-}" = --top ]; then TOP="$2"; shift 2; fi

cd "$(dirname "$0")/.."
ROOT="$(pwd)"
if [ -z "${JAVA_HOME:-}" ] && ! java -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64; do
    [ -x "$candidate/bin/java" ] && export JAVA_HOME="$candidate" && break
  done
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

find_jar() {
  [ -d "$1" ] || return 0
  find "$1" -maxdepth 1 -name "$2" | sort | head -n 1
}
case "$APP" in
  library) JAR_DIR=library-app/target JAR_NAME='library-app-*.jar' EXTRA=() ;;
  minimal) JAR_DIR=benchmarks/target JAR_NAME='benchmarks-*-minimal-app.jar' EXTRA=(--spring.config.name=minimal) ;;
  stack) JAR_DIR=benchmarks/stack-app/target JAR_NAME='benchmarks-stack-app-*.jar' EXTRA=(--spring.config.name=stack) ;;
  *) echo "Usage: $0 [library|minimal|stack] [--top N] [application arguments...]" >&2; exit 2 ;;
esac
JAR="$(find_jar "$JAR_DIR" "$JAR_NAME")"
if [ -z "$JAR" ] || [ ! -d benchmarks/target/classes/dev/library/benchmarks/startup ]; then
  ./mvnw -q -B -ntp -DskipTests -Denforcer.skip -Dspring-javaformat.skip package \
    -pl library-app,benchmarks,benchmarks/stack-app -am
  JAR="$(find_jar "$JAR_DIR" "$JAR_NAME")"
fi
[ -n "$JAR" ] || { echo "Build produced no $JAR_DIR/$JAR_NAME" >&2; exit 1; }
MAIN="$(unzip -p "$JAR" META-INF/MANIFEST.MF | awk -F': ' '/^Start-Class:/ { print $2 }' | tr -d '\r')"
DIR="$ROOT/benchmarks/target/startup/steps-$APP"
rm -rf "$DIR"
"$JAVA" -Djarmode=tools -jar "$JAR" extract --destination "$DIR" >/dev/null
# The extracted jar's manifest puts lib/*.jar on the class path; the report class comes
# from benchmarks/target/classes.
exec "$JAVA" -cp "$ROOT/benchmarks/target/classes:$DIR/$(basename "$JAR")" \
  dev.library.benchmarks.startup.StartupSteps "$MAIN" "$TOP" --server.port=0 \
  --logging.level.root=warn --spring.main.banner-mode=off "${EXTRA[@]}" "$@"
