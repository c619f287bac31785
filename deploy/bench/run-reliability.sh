#!/usr/bin/env bash
# The reliability suite (README): keyed images streamed while the inference service is killed with SIGKILL and
# restarted, the broker restarts, versions swap continuously, bad payloads are interleaved, and a 224 px model is
# offered three times its capacity; every image must get a prediction or a dead letter. Prints a table; last line:
# RELIABILITY {json}; exit status 0 only if nothing was lost and every scenario's checks held.
#   deploy/bench/run-reliability.sh [--rate 300] [--seconds 40] [--kills 5] [--scenarios kill,broker,swaps,poison,overload]
#                                   [--delivery at-least-once,exactly-once] [--overload-seconds 60] [--out DIR]
# The overload scenario's model (the zoo's ResNet-18 at 224 px, random weights) is exported once by the trainer's
# 'export-zoo' to runs/reliability-overload-draft; delete that folder to export again.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ "${VS_SKIP_BUILD:-0}" != 1 ]]; then
  mvn -B -ntp -q install -DskipTests
fi
scenarios=kill,broker,swaps,poison,overload
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  if [[ "${args[$i]}" == --scenarios ]]; then scenarios="${args[$((i + 1))]}"; fi
done
draft_args=()
if [[ ",$scenarios," == *",overload,"* ]]; then
  draft=runs/reliability-overload-draft
  deploy/bench/export-zoo-draft.sh resnet18 overload "$draft"
  draft_args=(--overload-draft "$draft")
fi
exec java -cp "deploy/bench/target/classes:$(cat deploy/bench/target/bench.classpath)" io.visionstream.bench.reliability.ReliabilitySuite \
  "${draft_args[@]}" "$@"
