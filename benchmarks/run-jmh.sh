#!/usr/bin/env bash
# Runs the JMH benchmarks; extra arguments go to JMH (e.g. a regex: EmulationSpeed, -f 1 -wi 2 -i 3).
# Results also land in benchmarks/target/jmh-results.json.
set -euo pipefail
source "$(dirname "$0")/env.sh"
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$CP" org.openjdk.jmh.Main \
  -jvmArgs --enable-native-access=ALL-UNNAMED -rf json -rff "$ROOT/benchmarks/target/jmh-results.json" "$@"
