#!/usr/bin/env bash
# Prints the modeled cycles of an IPC round trip and of a page fault resolved through core
# (ecusim.bench.PlatformCosts): deterministic figures, the same on every machine.
set -euo pipefail
source "$(dirname "$0")/env.sh"
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$CP" ecusim.bench.PlatformCosts
