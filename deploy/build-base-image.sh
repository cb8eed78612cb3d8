#!/usr/bin/env bash
# Builds, without any registry, the base image that deploy/image-smoke-test.sh gives Jib
# (`tar://`): a Java runtime made with jlink from a local JDK 21+ on a minimal root
# filesystem (the C library it needs, /etc/passwd with the user 10001, /tmp, and
# /var/lib/library owned by 10001), written as a `docker save` tarball.
#
# The same JDK gives the same tarball, byte for byte (sorted entries, fixed times and
# owners), so the application image built on it is reproducible too.
#
# usage: deploy/build-base-image.sh [output.tar]   (default .tools/image/base-image.tar)
# JAVA_HOME (or scripts/jdk.sh's choice) names the JDK whose jlink builds the runtime.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/jdk.sh
use_jdk_21_or_newer
output="${1:-.tools/image/base-image.tar}"
mkdir -p "$(dirname "$output")"
output="$(cd "$(dirname "$output")" && pwd)/$(basename "$output")"

# Modules of the Spring Boot platform and its libraries (JMX, JFR, naming and DNS, SQL,
# XML, scripting for none; java.desktop for java.beans, used headless only).
modules=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,java.prefs,java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml,java.xml.crypto,jdk.crypto.cryptoki,jdk.jfr,jdk.management,jdk.naming.dns,jdk.net,jdk.unsupported,jdk.zipfs,jdk.localedata

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"
mkdir -p "$rootfs/opt/java" "$rootfs/etc" "$rootfs/tmp" "$rootfs/var/lib/library" "$rootfs/lib64"
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --include-locales=en --strip-debug --no-man-pages \
  --no-header-files --output "$rootfs/opt/java/openjdk"
# The runtime is headless: drop the libraries that would pull in X11 and ALSA.
rm -f "$rootfs"/opt/java/openjdk/lib/{libawt_xawt,libjawt,libsplashscreen,libjsound}.so

# The shared libraries the runtime links against, from this machine.
libraries=$( { ldd "$rootfs/opt/java/openjdk/bin/java"; find "$rootfs/opt/java/openjdk" -name '*.so' -exec ldd {} \; ; } 2>/dev/null \
  | awk '/=> \// { print $3 } /^\s*\/lib/ { print $1 }' | grep -v "^$rootfs" | sort -u)
for library in $libraries; do
  mkdir -p "$rootfs$(dirname "$library")"
  cp -L "$library" "$rootfs$library"
done
interpreter=$(ldd "$rootfs/opt/java/openjdk/bin/java" | awk '/ld-linux/ { print $1 }')
mkdir -p "$rootfs$(dirname "$interpreter")"
cp -L "$interpreter" "$rootfs$interpreter"

cat >"$rootfs/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
library:x:10001:10001:Library:/var/lib/library:/sbin/nologin
PASSWD
cat >"$rootfs/etc/group" <<'GROUP'
root:x:0:
library:x:10001:
GROUP
echo "hosts: files dns" >"$rootfs/etc/nsswitch.conf"
chmod 1777 "$rootfs/tmp"
chmod 0750 "$rootfs/var/lib/library"

# One layer, reproducible: sorted names, fixed time, numeric owners (library's own for its
# data directory).
layer="$work/layer.tar"
tar --create --file "$layer" --directory "$rootfs" --sort=name --mtime='1970-01-01 00:00:01Z' \
  --numeric-owner --owner=0 --group=0 --format=posix \
  --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime --exclude=./var/lib/library .
tar --append --file "$layer" --directory "$rootfs" --mtime='1970-01-01 00:00:01Z' \
  --numeric-owner --owner=10001 --group=10001 --format=posix \
  --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime ./var/lib/library
diff_id=$(sha256sum "$layer" | cut -d' ' -f1)
java_version=$("$rootfs/opt/java/openjdk/bin/java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.runtime.version/ { print $2 }')

image="$work/image"
mkdir -p "$image/$diff_id"
mv "$layer" "$image/$diff_id/layer.tar"
cat >"$image/config.json" <<CONFIG
{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z","config":{"User":"10001:10001","Env":["PATH=/opt/java/openjdk/bin:/usr/bin:/bin","JAVA_HOME=/opt/java/openjdk","LANG=C.UTF-8"],"WorkingDir":"/var/lib/library","Labels":{"org.opencontainers.image.title":"Library base: jlinked Java $java_version runtime"}},"rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},"history":[{"created":"1970-01-01T00:00:00Z","created_by":"deploy/build-base-image.sh (jlink $java_version)"}]}
CONFIG
config_id=$(sha256sum "$image/config.json" | cut -d' ' -f1)
mv "$image/config.json" "$image/$config_id.json"
echo "[{\"Config\":\"$config_id.json\",\"RepoTags\":[\"library-base:local\"],\"Layers\":[\"$diff_id/layer.tar\"]}]" >"$image/manifest.json"
# Names without "./": Jib refuses entries that do not name a file inside the image.
tar --create --file "$output" --directory "$image" --sort=name --mtime='1970-01-01 00:00:01Z' \
  --numeric-owner --owner=0 --group=0 manifest.json "$config_id.json" "$diff_id"
echo "Base image $output: Java $java_version, $(du -h "$output" | cut -f1), config sha256:$config_id"
