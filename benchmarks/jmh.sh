#!/usr/bin/env bash
# Runs the JMH benchmarks of this module. Arguments go to JMH, e.g.
#   benchmarks/jmh.sh StateStoreBenchmark            # one class, its own settings
#   benchmarks/jmh.sh StateStoreBenchmark -p watchers=100 -f 1 -wi 1 -i 3
#   benchmarks/jmh.sh -l                              # list the benchmarks
# Builds the module first if its classes are missing (--rebuild forces it).
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/jdk.sh
use_jdk_21_or_newer

if [ "${1:-}" = "--rebuild" ] || [ ! -f benchmarks/jmh/target/jmh-classpath.txt ] \
    || [ ! -f benchmarks/jmh/target/classes/META-INF/BenchmarkList ]; then
  [ "${1:-}" = "--rebuild" ] && shift
  ./mvnw -q -B -ntp -DskipTests -Denforcer.skip -Dspring-javaformat.skip package -pl benchmarks/jmh -am
fi

exec java -cp "benchmarks/jmh/target/classes:$(cat benchmarks/jmh/target/jmh-classpath.txt)" org.openjdk.jmh.Main "$@"
