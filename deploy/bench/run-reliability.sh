#!/usr/bin/env bash
# The reliability suite (README): keyed images streamed while the inference service is killed with SIGKILL and
# restarted, the broker restarts, versions swap continuously, and bad payloads are interleaved; every image must get
# a prediction or a dead letter. Prints a table; last line: RELIABILITY {json}; exit status 0 only if nothing was lost.
#   deploy/bench/run-reliability.sh [--rate 300] [--seconds 40] [--kills 5] [--scenarios kill,broker,swaps,poison] [--out DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ "${VS_SKIP_BUILD:-0}" != 1 ]]; then
  mvn -B -ntp -q install -DskipTests
fi
exec java -cp "deploy/bench/target/classes:$(cat deploy/bench/target/bench.classpath)" io.visionstream.bench.reliability.ReliabilitySuite "$@"
