#!/usr/bin/env bash
# The canary gate's simulator: thousands of synthetic canaries per case through the real decision engine (default
# policy); prints false rollbacks of healthy canaries, detection of regressions and samples to decision.
#   deploy/bench/run-gate-sim.sh [--canaries 1000] [--weight 0.1] [--max-images 200000] [--seed 1] [--replicas 1,3,12]
# --replicas: also as fleets of N replicas, each judging its own 1/N share (the first to decide decides for all).
# Last line: GATE-SIM {json}. Exit status 0 only when every case meets its target.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ "${VS_SKIP_BUILD:-0}" != 1 ]]; then
  mvn -B -ntp -q install -DskipTests
fi
exec java -cp "deploy/bench/target/classes:$(cat deploy/bench/target/bench.classpath)" io.visionstream.bench.gate.GateSimulator "$@"
