#!/usr/bin/env bash
# Runs the JMH benchmarks; extra arguments go to JMH (e.g. a regex: EmulationSpeed, -f 1 -wi 2 -i 3).
# Results also land in benchmarks/target/jmh-results.json.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
"$ROOT/ecusim" --version >/dev/null   # sets up Unicorn and builds if stale
JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export ECUSIM_UNICORN_LIB="${ECUSIM_UNICORN_LIB:-$("$ROOT/scripts/setup-unicorn.sh")/libunicorn.so.2}"
(cd "$ROOT" && JAVA_HOME="$JAVA_HOME" mvn -q -B -DskipTests package -pl benchmarks -am >&2)
CP="$ROOT/benchmarks/target/ecusim-benchmarks-0.1.0-SNAPSHOT.jar:$ROOT/benchmarks/target/lib/*"
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$CP" org.openjdk.jmh.Main \
  -jvmArgs --enable-native-access=ALL-UNNAMED -rf json -rff "$ROOT/benchmarks/target/jmh-results.json" "$@"
