#!/usr/bin/env bash
# The training benchmark (README): LeNet-5 and BN-LeNet on Fashion-MNIST, batch 256, 10 epochs on this machine's CPU,
# through the trainer's CLI. Prints each run's RESULT line and, last, TRAIN_BENCH {json} with test top-1 and images/s.
#   deploy/bench/run-training-bench.sh [--data-dir data] [--epochs 10]
set -euo pipefail
cd "$(dirname "$0")/../.."
data_dir=data
epochs=10
while [[ $# -gt 0 ]]; do
  case "$1" in
    --data-dir) data_dir="$2"; shift 2 ;;
    --epochs) epochs="$2"; shift 2 ;;
    *) echo "usage: $0 [--data-dir DIR] [--epochs N]" >&2; exit 2 ;;
  esac
done
if [[ "${VS_SKIP_BUILD:-0}" != 1 ]]; then
  mvn -B -ntp -q install -DskipTests
fi
out="runs/bench-training-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
run() { # arch lr warm-up-epochs
  java -Dai.djl.offline=true -jar trainer-service/target/quarkus-app/quarkus-run.jar train --arch "$1" --dataset fashion-mnist \
    --epochs "$epochs" --batch-size 256 --optimizer adam --lr "$2" --schedule cosine --warmup-epochs "$3" --seed 42 --out "$out/$1" \
    --data-dir "$data_dir" 2>&1 | tee "$out/$1.log" | grep -E "epoch [0-9]+/[0-9]+:|RESULT" >&2
  grep '^RESULT ' "$out/$1.log" | sed 's/^RESULT //'
}
lenet=$(run lenet5 0.005 1)
bn=$(run bn-lenet 0.01 0)
echo "TRAIN_BENCH {\"lenet5\":$lenet,\"bn-lenet\":$bn}"
