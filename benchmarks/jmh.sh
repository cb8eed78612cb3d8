#!/usr/bin/env bash
# Runs the JMH benchmarks of this module. Arguments go to JMH, e.g.
#   benchmarks/jmh.sh StateStoreBenchmark            # one class, its own settings
#   benchmarks/jmh.sh StateStoreBenchmark -p watchers=100 -f 1 -wi 1 -i 3
#   benchmarks/jmh.sh -l                              # list the benchmarks
# Builds the module first if its classes are missing (--rebuild forces it).
set -euo pipefail
cd "$(dirname "$0")/.."

java_major() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = \([0-9]*\).*/\1/p'; }
if [ -z "${JAVA_HOME:-}" ] || [ "$(java_major "$JAVA_HOME/bin/java")" -lt 21 ]; then
  if command -v java >/dev/null && [ "$(java_major java)" -ge 21 ]; then
    JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
  elif [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
    JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
  else
    JAVA_HOME=/usr/lib/jvm/temurin-21-jdk-amd64
  fi
fi
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"

if [ "${1:-}" = "--rebuild" ] || [ ! -f benchmarks/jmh/target/jmh-classpath.txt ] \
    || [ ! -f benchmarks/jmh/target/classes/META-INF/BenchmarkList ]; then
  [ "${1:-}" = "--rebuild" ] && shift
  ./mvnw -q -B -ntp -DskipTests -Denforcer.skip -Dspring-javaformat.skip package -pl benchmarks/jmh -am
fi

exec java -cp "benchmarks/jmh/target/classes:$(cat benchmarks/jmh/target/jmh-classpath.txt)" org.openjdk.jmh.Main "$@"
