#!/usr/bin/env bash
# Prints the modeled cycles of an IPC round trip and of a page fault resolved through core
# (ecusim.bench.PlatformCosts): deterministic figures, the same on every machine.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
"$ROOT/ecusim" --version >/dev/null   # sets up Unicorn and builds if stale
JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export ECUSIM_UNICORN_LIB="${ECUSIM_UNICORN_LIB:-$("$ROOT/scripts/setup-unicorn.sh")/libunicorn.so.2}"
(cd "$ROOT" && JAVA_HOME="$JAVA_HOME" mvn -q -B -DskipTests package -pl benchmarks -am >&2)
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
  -cp "$ROOT/benchmarks/target/ecusim-benchmarks-0.1.0-SNAPSHOT.jar:$ROOT/benchmarks/target/lib/*" ecusim.bench.PlatformCosts
