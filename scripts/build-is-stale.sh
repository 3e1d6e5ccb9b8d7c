#!/usr/bin/env bash
# build-is-stale.sh ROOT JAR: exit 0 when JAR must be rebuilt, 1 when it is up to date.
# Only what goes into the jar counts: the modules' main sources and resources (Java, the shim's C, the
# shipped guest images and cost tables) and the POMs. Outputs such as ecusim-out/*/log.txt, scenario files
# (read at run time), tests and benchmarks never make the next command rebuild.
set -euo pipefail
root="$1" jar="$2"
[[ -f "$jar" ]] || exit 0
inputs=("$root/pom.xml")
for module in emulator kernel-model guest-images test-scenarios; do
  [[ -e "$root/$module/pom.xml" ]] && inputs+=("$root/$module/pom.xml")
  [[ -d "$root/$module/src/main" ]] && inputs+=("$root/$module/src/main")
done
[[ -n "$(find "${inputs[@]}" -newer "$jar" -print -quit 2>/dev/null)" ]]
