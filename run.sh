#!/usr/bin/env bash
# Builds Library once (skipping tests) and starts it on http://localhost:8080 with its
# embedded defaults. Arguments are passed to the application, e.g.
#   ./run.sh --server.port=9090 --library.enabled-components.kafka=true
set -euo pipefail
cd "$(dirname "$0")"
. scripts/jdk.sh
use_jdk_21_or_newer
./mvnw -q -B -ntp -DskipTests -Denforcer.skip -Dspring-javaformat.skip package -pl library-app -am
exec java -jar library-app/target/library-app-0.1.0.jar "$@"
