# Sourced by the benchmark scripts: sets up Unicorn and JDK 25, builds the benchmarks, and defines CP.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/ecusim" --version >/dev/null   # sets up Unicorn and builds if stale
JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export ECUSIM_UNICORN_LIB="${ECUSIM_UNICORN_LIB:-$("$ROOT/scripts/setup-unicorn.sh")/libunicorn.so.2}"
(cd "$ROOT" && JAVA_HOME="$JAVA_HOME" mvn -q -B -DskipTests package -pl benchmarks -am >&2)
CP="$ROOT/benchmarks/target/ecusim-benchmarks-0.1.0-SNAPSHOT.jar:$ROOT/benchmarks/target/lib/*"
