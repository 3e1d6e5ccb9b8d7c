#!/usr/bin/env bash
# What the cache model costs in host speed, side by side
# (see ecusim.bench.CacheModelSpeed):
#   benchmarks/run-cache-model-speed.sh [repetitions [rounds]]
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$CP" ecusim.bench.CacheModelSpeed "$@"
