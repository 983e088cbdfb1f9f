#!/usr/bin/env bash
# The node under load (docs/benchmarks.md, "Node under load"): builds the benchmarks and the node, then runs
# the four scenarios in sequence, each against a fresh `./lockstep dev` in a child process. Extra arguments
# go to NodeLoadRun, for example:
#
#   benchmarks/run-node-load.sh --duration 60s --profile
#   benchmarks/run-node-load.sh --scenarios transfers --rate transfers=1500 --senders 300
#
# The summary and a Markdown table go to stdout, progress to stderr; logs, flight recordings and the JSON
# lines go to the work directory it names (--work DIR to choose it).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

echo "run-node-load: building the benchmarks ..." >&2
mvn -q -B -Dstyle.color=never -Pbench,quick -pl benchmarks -am package -Dmaven.test.skip=true >&2
# The launcher builds the node it runs when its sources changed; doing it now keeps the build out of the runs.
./lockstep --version >/dev/null

exec "$java" -cp benchmarks/target/lockstep-benchmarks.jar io.lockstep.bench.load.NodeLoadRun --repo "$root" "$@"
