#!/usr/bin/env bash
# The inference benchmark (README): raw ONNX Runtime vs. the full Kafka pipeline with the inference service as its
# own process, p50/p99 end-to-end latency at half of peak rate, and service memory. Last line: BENCH {json}.
#   deploy/bench/run-inference-bench.sh [--images N] [--batch B] [--latency-seconds S] [--out DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ "${VS_SKIP_BUILD:-0}" != 1 ]]; then
  mvn -B -ntp -q install -DskipTests
fi
exec java -cp "deploy/bench/target/classes:$(cat deploy/bench/target/bench.classpath)" io.visionstream.bench.InferenceBenchmark "$@"
