#!/usr/bin/env bash
# Builds the container image with Jib, without a registry or a Docker engine, and runs it
# the way Kubernetes does: read-only root filesystem, user 10001, the data directory and
# /tmp on volumes, the ConfigMap-style config directory. Passes when the container gets
# ready and answers /health/readyz and /metrics, and stops on SIGTERM within the grace
# period. Also checks that building twice gives the same image digest.
#
#   deploy/image-smoke-test.sh            # about 2-3 minutes on 2 cores
#
# The base is deploy/build-base-image.sh's jlinked runtime (tar://, cached in .tools/image);
# podman comes from Debian. Containers and images live in .tools/podman, apart from any
# other podman storage on the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
. scripts/jdk.sh
use_jdk_21_or_newer
started=$(date +%s)
step() { echo "[$(( $(date +%s) - started ))s] $*"; }

for tool in podman runc; do
  if ! command -v "$tool" >/dev/null; then
    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y podman runc
  fi
done
command -v curl >/dev/null || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y curl; }

# The base: rebuilt when the JDK or the script changes.
cache="$root/.tools/image"
mkdir -p "$cache"
key=$( { "$JAVA_HOME/bin/java" -version 2>&1; cat deploy/build-base-image.sh; } | sha256sum | cut -c1-16)
base="$cache/base-image-$key.tar"
if [ ! -f "$base" ]; then
  step "Building the base image"
  rm -f "$cache"/base-image-*.tar
  deploy/build-base-image.sh "$base"
fi

revision=$(git rev-parse HEAD 2>/dev/null || echo unknown)
jib() {
  ./mvnw -B -ntp -q -pl library-app -am package -DskipTests -Denforcer.skip -Dspring-javaformat.skip \
    com.google.cloud.tools:jib-maven-plugin:buildTar "-Dlibrary.image.base=tar://$base" \
    -Dlibrary.image=library:smoke-test "-Dlibrary.image.revision=$revision"
}
step "Building the image with Jib (jib:buildTar)"
jib
image_tar=library-app/target/jib-image.tar
digest=$(cat library-app/target/jib-image.digest)
step "Built $image_tar ($(du -h "$image_tar" | cut -f1)), digest $digest"
step "Building it again: the digest must not change"
jib
if [ "$(cat library-app/target/jib-image.digest)" != "$digest" ]; then
  echo "FAIL: not reproducible: $digest then $(cat library-app/target/jib-image.digest)"; exit 1
fi

storage="$root/.tools/podman"
podman=(podman --root "$storage/root" --runroot "$storage/run" --storage-driver=vfs --runtime runc
  --cgroup-manager=cgroupfs --events-backend=file)
work=$(mktemp -d)
container=library-smoke-test-$$
cleanup() {
  "${podman[@]}" rm -f -t 0 "$container" >/dev/null 2>&1 || true
  "${podman[@]}" rmi -f library:smoke-test >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
step "Loading it into podman"
"${podman[@]}" load -q -i "$image_tar" >/dev/null

user=$("${podman[@]}" image inspect --format '{{.Config.User}}' library:smoke-test)
[ "$user" = "10001:10001" ] || { echo "FAIL: image user is '$user'"; exit 1; }
labels=$("${podman[@]}" image inspect --format '{{json .Labels}}' library:smoke-test)
for label in org.opencontainers.image.version org.opencontainers.image.revision org.opencontainers.image.source; do
  grep -q "\"$label\"" <<<"$labels" || { echo "FAIL: no label $label in $labels"; exit 1; }
done
grep -q "\"org.opencontainers.image.revision\":\"$revision\"" <<<"$labels" || { echo "FAIL: revision label: $labels"; exit 1; }

# Volumes as the chart gives them: the data directory (a PersistentVolume, writable by
# 10001 through fsGroup on Kubernetes) and the ConfigMap directory, read-only.
mkdir -p "$work/data" "$work/config"
chown 10001:10001 "$work/data"
printf '# Library configuration: every library.* property of docs/configuration.md.\n' >"$work/config/application.yaml"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo 18080)
step "Starting it on port $port (read-only root, user 10001)"
"${podman[@]}" run -d --name "$container" --network=host \
  --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 \
  --read-only --tmpfs /tmp:rw,mode=1777 \
  -v "$work/data:/var/lib/library" -v "$work/config:/etc/library/config:ro" \
  -e SERVER_PORT="$port" -e LIBRARY_CONFIG_WATCHPATH=/etc/library/config/application.yaml \
  -e LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs \
  library:smoke-test >/dev/null

base_url="http://127.0.0.1:$port"
for _ in $(seq 1 180); do
  if [ "$(curl -s -o /dev/null -w '%{http_code}' "$base_url/health/readyz")" = 200 ]; then break; fi
  if [ "$("${podman[@]}" inspect --format '{{.State.Running}}' "$container")" != true ]; then
    "${podman[@]}" logs "$container" | tail -40; echo "FAIL: the container stopped"; exit 1
  fi
  sleep 1
done
readyz=$(curl -s -w ' %{http_code}' "$base_url/health/readyz")
[ "${readyz##* }" = 200 ] || { "${podman[@]}" logs "$container" | tail -40; echo "FAIL: not ready: $readyz"; exit 1; }
step "Ready: /health/readyz ${readyz:0:60}... 200"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$base_url/health/livez")" = 200 ] || { echo "FAIL: /health/livez"; exit 1; }
metrics=$(curl -s "$base_url/metrics")
grep -q '^library_component_state' <<<"$metrics" || { echo "FAIL: no library_component_state in /metrics"; exit 1; }
grep -q '^jvm_memory_max_bytes' <<<"$metrics" || { echo "FAIL: no jvm_memory_max_bytes in /metrics"; exit 1; }
step "/metrics: $(grep -c '^[a-z]' <<<"$metrics") samples, library_component_state and jvm_memory_max_bytes present"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$base_url/components")" = 401 ] || { echo "FAIL: /components without a token is not 401"; exit 1; }

pid=$("${podman[@]}" inspect --format '{{.State.Pid}}' "$container")
uid=$(awk '/^Uid:/ { print $2 }' "/proc/$pid/status")
[ "$uid" = 10001 ] || { echo "FAIL: the process runs as uid $uid"; exit 1; }
[ -f "$work/data/security/admin-token" ] || { echo "FAIL: nothing written to the data volume"; exit 1; }
step "Runs as uid $uid; the data volume holds $(find "$work/data" -type f | wc -l) files"

step "Stopping it (SIGTERM, 60 s grace)"
stop_started=$(date +%s)
"${podman[@]}" stop -t 60 "$container" >/dev/null
exit_code=$("${podman[@]}" inspect --format '{{.State.ExitCode}}' "$container")
logs=$("${podman[@]}" logs "$container" 2>&1)
grep -q "Graceful shutdown complete" <<<"$logs" || { echo "$logs" | tail -20; echo "FAIL: no graceful shutdown in the logs"; exit 1; }
[ "$exit_code" = 143 ] || { echo "FAIL: exit code $exit_code after SIGTERM"; exit 1; }
step "Stopped in $(( $(date +%s) - stop_started )) s with exit code $exit_code after a graceful shutdown"
echo "image smoke test passed in $(( $(date +%s) - started )) s"
