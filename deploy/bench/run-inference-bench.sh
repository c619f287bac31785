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
if [[ ",$models," == *,resnet50,* && ! -f "$draft/manifest.json" ]]; then
  mkdir -p runs/bench-inference
  echo "[bench] exporting the zoo's ResNet-50 (random weights) to $draft with the trainer ..."
  # export-zoo runs without Quarkus or Kafka; its log is the trainer's own messages and library warnings.
  if ! java -Dai.djl.offline=true -jar trainer-service/target/quarkus-app/quarkus-run.jar export-zoo --arch resnet50 --name resnet50 \
      --classes 1000 --shorter-side 256 --out "$draft" > runs/bench-inference/resnet50-export.log 2>&1; then
    cat runs/bench-inference/resnet50-export.log >&2
    exit 1
  fi
  grep '^EXPORTED ' runs/bench-inference/resnet50-export.log | sed 's/^/[bench] /'
fi
exec java -cp "deploy/bench/target/classes:$(cat deploy/bench/target/bench.classpath)" io.visionstream.bench.InferenceBenchmark \
  --resnet-draft "$draft" "$@"
