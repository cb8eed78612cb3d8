# Sourced by run.sh, .ci/run and the benchmark scripts: makes JAVA_HOME a JDK 21 or newer
# and puts its bin first on PATH. Keeps a JAVA_HOME that is already 21+, else takes the
# java on the PATH if it is 21+, else Temurin 25 or 21 under /usr/lib/jvm (these machines
# default to Java 17).

java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = \([0-9]*\).*/\1/p'
}

use_jdk_21_or_newer() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(java_major "$JAVA_HOME/bin/java")" -ge 21 ]; then
    :
  elif command -v java >/dev/null && [ "$(java_major java)" -ge 21 ]; then
    JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
  else
    local candidate
    JAVA_HOME=""
    for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64; do
      if [ -x "$candidate/bin/java" ]; then JAVA_HOME="$candidate"; break; fi
    done
    if [ -z "$JAVA_HOME" ]; then
      echo "Library needs a JDK 21 or newer: set JAVA_HOME to one" >&2
      return 1
    fi
  fi
  export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
}
