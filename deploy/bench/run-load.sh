#!/usr/bin/env bash
# The load generator against a running stack (e.g. deploy/local/run-stack.sh): an image set at a rate for a duration,
# in a payload format; prints sent / predicted, throughput, p50/p99 end-to-end latency; last line LOAD {json}.
#   deploy/bench/run-load.sh --bootstrap 127.0.0.1:9092 [--images synthetic|fashion-test|DIR] [--format png|jpeg|raw]
#                            [--rate 1000] [--seconds 10] [--model NAME]
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ "${VS_SKIP_BUILD:-0}" != 1 ]]; then
  mvn -B -ntp -q install -DskipTests
fi
exec java -cp "deploy/bench/target/classes:$(cat deploy/bench/target/bench.classpath)" io.visionstream.bench.LoadCommand "$@"
