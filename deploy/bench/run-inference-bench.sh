#!/usr/bin/env bash
# The inference benchmark (README), one run: for ResNet-50 (224x224x3, 1000 classes, random weights, exported from the
# trainer's zoo) on 640x480 and 1920x1080 JPEG frames, and for LeNet on 28x28 PNGs: raw ONNX Runtime vs. the full Kafka
# pipeline with the inference service as its own process, CPU per image by stage, p50/p99 end-to-end latency at half
# of the saturated rate, heap and RSS; for ResNet-50 also decode + preprocess against Pillow; the targets as met or
# not. Last line: BENCH {json}.
#   deploy/bench/run-inference-bench.sh [--models resnet50,lenet] [--resnet-batch 13] [--resnet-stream-budget SIZE]
#       [--resnet-java-opts "-Xmx768m -XX:+UseG1GC"] [--resnet-phase-seconds 30] [--intra-op-threads 0]
#       [--images N] [--batch B] [--latency-seconds S] [--out DIR]
# The ResNet-50 draft (model.onnx + manifest.json) is exported once to runs/bench-inference/resnet50-draft by
# 'trainer export-zoo'; delete that folder to export again.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ "${VS_SKIP_BUILD:-0}" != 1 ]]; then
  mvn -B -ntp -q install -DskipTests
fi
models=resnet50,lenet
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  [[ "${args[$i]}" == --models ]] && models="${args[$((i + 1))]:-}"
done
draft=runs/bench-inference/resnet50-draft
if [[ ",$models," == *,resnet50,* ]]; then
  deploy/bench/export-zoo-draft.sh resnet50 resnet50 "$draft"
fi
exec java -cp "deploy/bench/target/classes:$(cat deploy/bench/target/bench.classpath)" io.visionstream.bench.InferenceBenchmark \
  --resnet-draft "$draft" "$@"
