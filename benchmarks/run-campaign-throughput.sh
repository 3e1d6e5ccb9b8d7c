#!/usr/bin/env bash
# Campaign throughput side by side: fast-forward by in-place restore, from boot, and under DWC
# (see ecusim.bench.CampaignThroughput):
#   benchmarks/run-campaign-throughput.sh [repetitions [experiments [workers]]]
# Writes benchmarks/target/campaign-throughput.csv and campaign-throughput.json.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$CP" ecusim.bench.CampaignThroughput "$@"
