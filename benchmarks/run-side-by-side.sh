#!/usr/bin/env bash
# The issue's speed ratios side by side, repetition by repetition (see ecusim.bench.SideBySide):
#   benchmarks/run-side-by-side.sh [repetitions [rounds [round-trips]]]
# Writes benchmarks/target/side-by-side.csv and side-by-side.json.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$CP" ecusim.bench.SideBySide "$@"
