#!/usr/bin/env bash
# The fast image path (#19): old (ImageIO full decode + float-plane preprocessing) vs new (libjpeg-turbo scaled decode +
# fused preprocessing) on camera-sized JPEG frames to a 224x224 RGB tensor: ms per image, ratio, tensor differences;
# with --model-dir, top-1 agreement of a trained model. Last line: IMAGE_PATH {json}.
#   deploy/bench/run-image-path.sh [--images 60] [--warmup 20] [--quality 0.9] [--data-dir data/fashion-mnist]
#                                  [--model-dir REGISTRY/NAME/VERSION] [--agreement-images 300]
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ "${VS_SKIP_BUILD:-0}" != 1 ]]; then
  mvn -B -ntp -q -pl deploy/bench -am package -DskipTests
fi
exec java -cp "deploy/bench/target/classes:$(cat deploy/bench/target/bench.classpath)" io.visionstream.bench.image.ImagePathBenchmark "$@"
