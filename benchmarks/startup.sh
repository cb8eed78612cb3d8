#!/usr/bin/env bash
# Start-up time to ready and memory after start: Library against a minimal Spring Boot
# WebFlux + Actuator application (dev.library.benchmarks.minimal.MinimalApplication),
# both started the same way, in one run. See benchmarks/README.md.
#
#   benchmarks/startup.sh [-n RUNS] [-w WARMUP] [--variants LIST] [--rebuild] [--update-readme]
#
# Variants (default: minimal,stack,library,library-aot,minimal-aot):
#   minimal            java -jar benchmarks-<v>-minimal-app.jar
#   stack              java -jar benchmarks-stack-app-<v>.jar: the starters Library is built
#                      on (Security, OpenTelemetry, Prometheus, springdoc, Bean Validation,
#                      mail) without Library's code, to tell the stack's cost from Library's
#   library            java -jar library-app-<v>.jar (embedded defaults)
#   library-aot        Library extracted (jarmode=tools) and started with the JVM AOT cache
#                      (JDK 24+) or a dynamic CDS archive (JDK 21-23), as Spring Boot documents
#   minimal-aot        the same for the minimal application, for reference
#   library-extracted  Library extracted, no cache (separates the effect of extraction)
#   minimal-extracted  the same for the minimal application
#   library-custom     Library, java -jar, plus $CUSTOM_JAVA_OPTS and the application
#                      arguments $CUSTOM_ARGS (to measure a setting against plain Library);
#                      $CUSTOM_JAR instead of this build's jar (to measure an earlier build:
#                      give it its own --library.state.data-dir in $CUSTOM_ARGS)
#
# Every variant gets the same JVM options: none, or $JAVA_OPTS (e.g. JAVA_OPTS=-Xmx256m).
# Runs are interleaved (one start of each variant per round) so that a change in machine
# load affects every variant alike; the first WARMUP rounds are not counted.
# Raw results and logs go to benchmarks/results/startup-<UTC time>/ (results/latest links
# to it). Environment: RUNS, WARMUP, VARIANTS (as the options), JAVA_OPTS, CUSTOM_JAVA_OPTS,
# CUSTOM_ARGS, CUSTOM_JAR, POLL_INTERVAL (seconds between probes, 0.025), READY_TIMEOUT (seconds, 120).
set -euo pipefail

RUNS="${RUNS:-5}"
WARMUP="${WARMUP:-1}"
VARIANTS="${VARIANTS:-minimal,stack,library,library-aot,minimal-aot}"
POLL_INTERVAL="${POLL_INTERVAL:-0.025}"
READY_TIMEOUT="${READY_TIMEOUT:-120}"
JAVA_OPTS="${JAVA_OPTS:-}"
CUSTOM_JAVA_OPTS="${CUSTOM_JAVA_OPTS:-}"
CUSTOM_ARGS="${CUSTOM_ARGS:-}"
REBUILD=false
UPDATE_README=false

usage() {
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
  exit "${1:-0}"
}

while [ $# -gt 0 ]; do
  case "$1" in
    -n|--runs) RUNS="$2"; shift 2 ;;
    -w|--warmup) WARMUP="$2"; shift 2 ;;
    --variants) VARIANTS="$2"; shift 2 ;;
    --rebuild) REBUILD=true; shift ;;
    --update-readme) UPDATE_README=true; shift ;;
    -h|--help) usage 0 ;;
    *) echo "Unknown argument: $1" >&2; usage 2 ;;
  esac
done
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "RUNS must be a positive integer" >&2; exit 2; }
[[ "$WARMUP" =~ ^[0-9]+$ ]] || { echo "WARMUP must be a non-negative integer" >&2; exit 2; }

cd "$(dirname "$0")/.."
ROOT="$(pwd)"
BENCH="$ROOT/benchmarks"

# The same JDK choice as run.sh.
. "$ROOT/scripts/jdk.sh"
. "$ROOT/scripts/server-port.sh"
use_jdk_21_or_newer
JAVA_BIN="$JAVA_HOME/bin"
JAVA="$JAVA_BIN/java"
JCMD="$JAVA_BIN/jcmd" # the jcmd of the same JDK: another one cannot attach
for tool in "$JAVA" "$JCMD"; do
  [ -x "$tool" ] || { echo "Missing $tool: set JAVA_HOME to a JDK 21 or newer" >&2; exit 1; }
done
command -v curl >/dev/null || { echo "curl is needed" >&2; exit 1; }
[ -r /proc/self/status ] || { echo "Linux /proc is needed (VmRSS)" >&2; exit 1; }

JAVA_FEATURE="$("$JAVA" -XshowSettings:properties -version 2>&1 \
  | awk -F'= ' '/java.specification.version/ { print $2 }')"
JAVA_RUNTIME="$("$JAVA" -XshowSettings:properties -version 2>&1 \
  | awk -F'= ' '/java.runtime.version/ { print $2 }')"
JAVA_VENDOR="$("$JAVA" -XshowSettings:properties -version 2>&1 \
  | awk -F'= ' '/java.vendor = / { print $2 }')"
[ "${JAVA_FEATURE:-0}" -ge 21 ] || { echo "JDK 21 or newer needed, found $JAVA_FEATURE" >&2; exit 1; }

find_jar() {
  [ -d "$1" ] || return 0
  find "$1" -maxdepth 1 -name "$2" | sort | head -n 1
}
LIBRARY_JAR="$(find_jar "$ROOT/library-app/target" 'library-app-*.jar')"
MINIMAL_JAR="$(find_jar "$BENCH/target" 'benchmarks-*-minimal-app.jar')"
STACK_JAR="$(find_jar "$BENCH/stack-app/target" 'benchmarks-stack-app-*.jar')"
if $REBUILD || [ -z "$LIBRARY_JAR" ] || [ -z "$MINIMAL_JAR" ] || [ -z "$STACK_JAR" ]; then
  echo "Building library-app and benchmarks jars..." >&2
  ./mvnw -q -B -ntp -DskipTests -Denforcer.skip -Dspring-javaformat.skip package \
    -pl library-app,benchmarks,benchmarks/stack-app -am
  LIBRARY_JAR="$(find_jar "$ROOT/library-app/target" 'library-app-*.jar')"
  MINIMAL_JAR="$(find_jar "$BENCH/target" 'benchmarks-*-minimal-app.jar')"
  STACK_JAR="$(find_jar "$BENCH/stack-app/target" 'benchmarks-stack-app-*.jar')"
fi
[ -n "$LIBRARY_JAR" ] && [ -n "$MINIMAL_JAR" ] && [ -n "$STACK_JAR" ] || { echo "Build produced no jars" >&2; exit 1; }

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
RUN_DIR="$BENCH/results/startup-$STAMP"
WORK="$BENCH/target/startup"
mkdir -p "$RUN_DIR/logs" "$WORK"
ln -sfn "startup-$STAMP" "$BENCH/results/latest"
RAW="$RUN_DIR/raw.csv"
echo "variant,round,warmup,port,ready_ms,boot_reported_s,rss_kib,heap_used_after_gc_kib,gc,cache_mapped,cpu_ms" >"$RAW"
CLK_TCK="$(getconf CLK_TCK)"

if [ "$JAVA_FEATURE" -ge 24 ]; then CACHE_KIND="AOT cache"; else CACHE_KIND="CDS archive"; fi

# Extracts a jar as Spring Boot documents and makes the cache in a training run that exits
# once the context is refreshed (-Dspring.context.exit=onRefresh). Prints the JVM option
# that uses it; the cache is used with the extracted jar, from the same directory.
prepare_cache() {
  local name="$1" jar="$2" dir="$WORK/$1" log="$RUN_DIR/logs/$1-training.log"
  local jar_name started
  jar_name="$(basename "$jar")"
  rm -rf "$dir"
  "$JAVA" -Djarmode=tools -jar "$jar" extract --destination "$dir" >"$log" 2>&1
  started="$(date +%s%N)"
  # shellcheck disable=SC2086
  (
    cd "$dir"
    if [ "$JAVA_FEATURE" -ge 25 ]; then
      "$JAVA" $JAVA_OPTS -XX:AOTCacheOutput=app.aot -Dspring.context.exit=onRefresh -jar "$jar_name"
    elif [ "$JAVA_FEATURE" -eq 24 ]; then
      "$JAVA" $JAVA_OPTS -XX:AOTMode=record -XX:AOTConfiguration=app.aotconf \
        -Dspring.context.exit=onRefresh -jar "$jar_name"
      "$JAVA" $JAVA_OPTS -XX:AOTMode=create -XX:AOTConfiguration=app.aotconf -XX:AOTCache=app.aot \
        -jar "$jar_name"
    else
      "$JAVA" $JAVA_OPTS -XX:ArchiveClassesAtExit=app.jsa -Dspring.context.exit=onRefresh -jar "$jar_name"
    fi
  ) >>"$log" 2>&1 || { echo "Training run of $name failed, see $log" >&2; exit 1; }
  local file=app.aot option=-XX:AOTCache=app.aot
  if [ "$JAVA_FEATURE" -lt 24 ]; then file=app.jsa option=-XX:SharedArchiveFile=app.jsa; fi
  [ -s "$dir/$file" ] || { echo "Training run of $name made no $file, see $log" >&2; exit 1; }
  echo "$name: $CACHE_KIND $(du -m "$dir/$file" | cut -f1) MiB made in $(( ($(date +%s%N) - started) / 1000000 )) ms" >&2
  echo "$option"
}

declare -A V_DIR V_JAR V_OPTS V_ARGS V_LABEL V_CACHE
define_variant() {
  V_ARGS[$1]=""
  case "$1" in
    minimal)
      V_DIR[$1]="$BENCH/target"; V_JAR[$1]="$MINIMAL_JAR"; V_OPTS[$1]=""; V_CACHE[$1]=""
      V_LABEL[$1]="minimal app, \`java -jar\`" ;;
    stack)
      V_DIR[$1]="$BENCH/stack-app/target"; V_JAR[$1]="$STACK_JAR"; V_OPTS[$1]=""; V_CACHE[$1]=""
      V_LABEL[$1]="stack app (Library's starters, no Library code), \`java -jar\`" ;;
    library)
      V_DIR[$1]="$ROOT/library-app/target"; V_JAR[$1]="$LIBRARY_JAR"; V_OPTS[$1]=""; V_CACHE[$1]=""
      V_LABEL[$1]="Library, \`java -jar\`" ;;
    library-custom)
      V_DIR[$1]="$ROOT/library-app/target"; V_JAR[$1]="${CUSTOM_JAR:-$LIBRARY_JAR}"
      V_OPTS[$1]="$CUSTOM_JAVA_OPTS"; V_ARGS[$1]="$CUSTOM_ARGS"; V_CACHE[$1]=""
      V_LABEL[$1]="Library, \`java ${CUSTOM_JAVA_OPTS:+$CUSTOM_JAVA_OPTS }-jar ${CUSTOM_JAR:+$(basename "$CUSTOM_JAR") }… ${CUSTOM_ARGS}\`" ;;
    library-extracted|minimal-extracted)
      local jar="$LIBRARY_JAR" label="Library"
      if [ "$1" = minimal-extracted ]; then jar="$MINIMAL_JAR" label="minimal app"; fi
      rm -rf "$WORK/$1"
      "$JAVA" -Djarmode=tools -jar "$jar" extract --destination "$WORK/$1" >/dev/null
      V_DIR[$1]="$WORK/$1"; V_JAR[$1]="$(basename "$jar")"; V_OPTS[$1]=""; V_CACHE[$1]=""
      V_LABEL[$1]="$label, extracted, no cache" ;;
    library-aot|minimal-aot)
      local jar="$LIBRARY_JAR" label="Library"
      if [ "$1" = minimal-aot ]; then jar="$MINIMAL_JAR" label="minimal app"; fi
      V_OPTS[$1]="$(prepare_cache "$1" "$jar")"
      V_DIR[$1]="$WORK/$1"; V_JAR[$1]="$(basename "$jar")"
      V_CACHE[$1]="${V_OPTS[$1]#*=}"
      V_LABEL[$1]="$label, extracted + $CACHE_KIND (\`${V_OPTS[$1]}\`)" ;;
    *) echo "Unknown variant: $1" >&2; exit 2 ;;
  esac
}

IFS=',' read -r -a VARIANT_LIST <<<"$VARIANTS"
for variant in "${VARIANT_LIST[@]}"; do
  define_variant "$variant"
done

stop_app() {
  local pid="$1"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 150); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# The sum of the "used NNNK" figures of the heap (the lines before Metaspace), whatever
# the collector: G1 prints one line, Serial and Parallel one per generation.
heap_used_kib() {
  awk '/Metaspace/ { exit } match($0, /used [0-9]+K/) { s += substr($0, RSTART + 5, RLENGTH - 6) } END { print s + 0 }'
}

APP_PID=""
trap '[ -n "$APP_PID" ] && stop_app "$APP_PID"' EXIT

run_once() {
  local variant="$1" round="$2" warmup="$3"
  local port log start now ready_ms code rss heap_info heap gc boot mapped cpu
  port=""
  log="$RUN_DIR/logs/$variant-$round.log"
  start="$(date +%s%N)"
  # shellcheck disable=SC2086
  (cd "${V_DIR[$variant]}" && exec "$JAVA" $JAVA_OPTS ${V_OPTS[$variant]} -jar "${V_JAR[$variant]}" \
    --server.port=0 ${V_ARGS[$variant]}) >"$log" 2>&1 &
  APP_PID=$!
  while :; do
    [ -n "$port" ] || port="$(logged_server_port "$log")"
    code=none
    if [ -n "$port" ]; then
      code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/health/readyz" || true)"
    fi
    now="$(date +%s%N)"
    [ "$code" = 200 ] && break
    if ! kill -0 "$APP_PID" 2>/dev/null; then
      echo "$variant exited before it was ready, see $log" >&2
      tail -n 20 "$log" >&2
      exit 1
    fi
    if [ $(( (now - start) / 1000000000 )) -ge "$READY_TIMEOUT" ]; then
      echo "$variant not ready after ${READY_TIMEOUT}s (last status $code), see $log" >&2
      exit 1
    fi
    sleep "$POLL_INTERVAL"
  done
  ready_ms=$(( (now - start) / 1000000 ))
  rss="$(awk '/^VmRSS:/ { print $2 }' "/proc/$APP_PID/status")"
  # CPU time (user + system, every thread) spent until ready: less disturbed than the
  # wall-clock time by other load on the machine.
  cpu="$(sed 's/^.*) //' "/proc/$APP_PID/stat" | awk -v t="$CLK_TCK" '{ printf "%d", ($12 + $13) * 1000 / t }')"
  mapped=""
  if [ -n "${V_CACHE[$variant]}" ]; then
    if grep -q "/${V_CACHE[$variant]}\$" "/proc/$APP_PID/maps"; then mapped=yes; else mapped=no; fi
  fi
  "$JCMD" "$APP_PID" GC.run >/dev/null
  heap_info="$("$JCMD" "$APP_PID" GC.heap_info)"
  heap="$(heap_used_kib <<<"$heap_info")"
  gc="$(sed -n '2p' <<<"$heap_info" | awk '{ print $1, $2 }')"
  stop_app "$APP_PID"
  APP_PID=""
  boot="$(grep -oE 'Started [A-Za-z]+ in [0-9.]+ seconds \(process running for [0-9.]+\)' "$log" \
    | grep -oE 'running for [0-9.]+' | awk '{ print $3 }' || true)"
  echo "$variant,$round,$warmup,$port,$ready_ms,$boot,$rss,$heap,$gc,$mapped,$cpu" >>"$RAW"
  printf '  %-18s round %-2s %s ready %5d ms  CPU %5d ms  RSS %4d MiB  heap after GC %3d MiB%s\n' "$variant" \
    "$round" "$([ "$warmup" = 1 ] && echo '(warm-up)' || echo '         ')" "$ready_ms" "$cpu" $((rss / 1024)) \
    $((heap / 1024)) \
    "$([ -n "$mapped" ] && echo "  cache mapped: $mapped")" >&2
  if [ "$mapped" = no ]; then
    echo "The $CACHE_KIND of $variant was not used, see $log" >&2
    exit 1
  fi
}

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "JDK $JAVA_RUNTIME ($JAVA_VENDOR), $(nproc) cores, load $LOAD_BEFORE; $RUNS runs + $WARMUP warm-up per variant" >&2
TOTAL=$((WARMUP + RUNS))
for round in $(seq 1 "$TOTAL"); do
  for variant in "${VARIANT_LIST[@]}"; do
    run_once "$variant" "$round" "$([ "$round" -le "$WARMUP" ] && echo 1 || echo 0)"
  done
done
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

# Median, min and max of one column of the counted runs of one variant.
stats() {
  awk -F, -v v="$1" -v c="$2" 'NR > 1 && $1 == v && $3 == 0 { print $c }' "$RAW" | sort -n | awk '
    { a[NR] = $1 }
    END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; print m, a[1], a[NR] }'
}
ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'
}
has() { [[ ",$VARIANTS," == *",$1,"* ]]; }
median() {
  local m
  read -r m _ _ <<<"$(stats "$1" "$2")"
  echo "$m"
}
# A row of the ratio table: label, variant, baseline variant, raw.csv column, goal.
ratio_row() {
  echo "| $1 | $(ratio "$(median "$2" "$4")" "$(median "$3" "$4")") | $5 |"
}

COMMAND="benchmarks/startup.sh -n $RUNS -w $WARMUP --variants $VARIANTS"
if has library-custom; then
  COMMAND="${CUSTOM_ARGS:+CUSTOM_ARGS='$CUSTOM_ARGS' }$COMMAND"
  COMMAND="${CUSTOM_JAVA_OPTS:+CUSTOM_JAVA_OPTS='$CUSTOM_JAVA_OPTS' }$COMMAND"
  COMMAND="${CUSTOM_JAR:+CUSTOM_JAR='$CUSTOM_JAR' }$COMMAND"
fi
COMMAND="${JAVA_OPTS:+JAVA_OPTS='$JAVA_OPTS' }$COMMAND"
SUMMARY="$RUN_DIR/summary.md"
{
  echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC'), JDK $JAVA_RUNTIME ($JAVA_VENDOR), $(nproc) cores" \
    "($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)), $(awk '/MemTotal/ { printf "%d", $2 / 1048576 }' /proc/meminfo) GiB," \
    "load average $LOAD_BEFORE before and $LOAD_AFTER after; JVM options: ${JAVA_OPTS:-none};" \
    "$RUNS runs per variant after $WARMUP warm-up; commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo ' with uncommitted changes')."
  echo
  echo "Command: \`$COMMAND\`"
  echo
  echo "| Variant | Ready, median | min | max | CPU time to ready, median | RSS after start, median | Heap used after GC, median |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  for variant in "${VARIANT_LIST[@]}"; do
    read -r t_med t_min t_max <<<"$(stats "$variant" 5)"
    read -r rss_med _ _ <<<"$(stats "$variant" 7)"
    read -r heap_med _ _ <<<"$(stats "$variant" 8)"
    read -r cpu_med _ _ <<<"$(stats "$variant" 11)"
    printf '| %s | %.2f s | %.2f s | %.2f s | %.2f s | %d MiB | %d MiB |\n' "${V_LABEL[$variant]}" \
      "$(ratio "$t_med" 1000)" "$(ratio "$t_min" 1000)" "$(ratio "$t_max" 1000)" "$(ratio "$cpu_med" 1000)" \
      "$(awk -v k="$rss_med" 'BEGIN { printf "%d", k / 1024 + 0.5 }')" \
      "$(awk -v k="$heap_med" 'BEGIN { printf "%d", k / 1024 + 0.5 }')"
  done
  echo
  if has minimal || has stack; then
    echo "| Ratio (medians) | Value | Goal |"
    echo "|---|---:|---|"
  fi
  if has minimal && has library; then
    ratio_row "Library / minimal, time to ready" library minimal 5 "≤ 1.5"
    ratio_row "Library / minimal, RSS after start" library minimal 7 "≤ 1.5"
    ratio_row "Library / minimal, CPU time to ready" library minimal 11 ""
  fi
  if has minimal && has stack; then
    ratio_row "stack app / minimal, time to ready" stack minimal 5 ""
    ratio_row "stack app / minimal, CPU time to ready" stack minimal 11 ""
  fi
  if has stack && has library; then
    ratio_row "Library / stack app, time to ready" library stack 5 ""
    ratio_row "Library / stack app, CPU time to ready" library stack 11 ""
  fi
  if has minimal && has library-aot; then
    ratio_row "Library with $CACHE_KIND / minimal \`java -jar\`, time to ready" library-aot minimal 5 "< 1.0"
    ratio_row "Library with $CACHE_KIND / minimal \`java -jar\`, RSS after start" library-aot minimal 7 ""
  fi
  if has minimal-aot && has library-aot; then
    ratio_row "Library with $CACHE_KIND / minimal with $CACHE_KIND, time to ready" library-aot minimal-aot 5 ""
  fi
  if has minimal && has minimal-extracted && has library-extracted; then
    ratio_row "Library extracted / minimal extracted, time to ready" library-extracted minimal-extracted 5 ""
    ratio_row "Library extracted / minimal extracted, RSS after start" library-extracted minimal-extracted 7 ""
  fi
  if has minimal && has library-custom; then
    ratio_row "Library custom / minimal, time to ready" library-custom minimal 5 ""
    ratio_row "Library custom / minimal, CPU time to ready" library-custom minimal 11 ""
    ratio_row "Library custom / minimal, RSS after start" library-custom minimal 7 ""
  fi
} >"$SUMMARY"

echo
cat "$SUMMARY"
echo
echo "Raw results: ${RAW#"$ROOT/"}, logs: ${RUN_DIR#"$ROOT/"}/logs/" >&2

if $UPDATE_README; then
  README="$BENCH/README.md"
  grep -q '<!-- startup:begin -->' "$README" && grep -q '<!-- startup:end -->' "$README" \
    || { echo "README.md has no <!-- startup:begin/end --> markers" >&2; exit 1; }
  awk -v f="$SUMMARY" '
    /<!-- startup:end -->/ { skip = 0 }
    !skip { print }
    /<!-- startup:begin -->/ { while ((getline line < f) > 0) print line; skip = 1 }' "$README" >"$README.tmp"
  mv "$README.tmp" "$README"
  echo "Updated ${README#"$ROOT/"}" >&2
fi
