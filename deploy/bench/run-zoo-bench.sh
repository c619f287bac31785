#!/usr/bin/env bash
# The zoo benchmark (README): trains every zoo network on Fashion-MNIST with a recipe and a budget, one after another
# in one JVM, through the trainer's CLI; prints one Markdown table and writes it with zoo-bench.json to the out folder.
#   deploy/bench/run-zoo-bench.sh --budget cpu|d2l [--recipe modern|d2l|paper] [--archs a,b,...] [--data-dir data] [--out DIR]
# cpu: about an hour on two cores; d2l: d2l's inputs and 10 epochs, for a GPU machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ $# -eq 0 ]]; then
  echo "usage: $0 --budget cpu|d2l [--recipe modern|d2l|paper] [--archs a,b,...] [--data-dir DIR] [--out DIR]" >&2
  exit 2
fi
if [[ "${VS_SKIP_BUILD:-0}" != 1 ]]; then
  mvn -B -ntp -q install -DskipTests
fi
out="runs/zoo-bench-$(date +%Y%m%d-%H%M%S)"
args=("$@")
[[ " $* " == *" --out "* ]] || args+=(--out "$out")
java -Dai.djl.offline=true -jar trainer-service/target/quarkus-app/quarkus-run.jar zoo-bench "${args[@]}"
