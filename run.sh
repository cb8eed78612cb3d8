#!/usr/bin/env bash
# Builds Library once (skipping tests) and starts it on http://localhost:8080 with its
# embedded defaults. Arguments are passed to the application, e.g.
#   ./run.sh --server.port=9090 --library.enabled-components.kafka=true
set -euo pipefail
cd "$(dirname "$0")"
if [ -z "${JAVA_HOME:-}" ] && ! java -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64; do
    [ -x "$candidate/bin/java" ] && export JAVA_HOME="$candidate" && break
  done
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
./mvnw -q -B -ntp -DskipTests -Denforcer.skip -Dspring-javaformat.skip package -pl library-app -am
exec "$JAVA" -jar library-app/target/library-app-0.1.0.jar "$@"
