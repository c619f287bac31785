#!/usr/bin/env bash
# Starts one training run as a Kubernetes Job from the template in training/<overlay> and optionally follows it to its
# RESULT line. Arguments after -- go to the trainer CLI (see `train` in the README; --out and --data-dir are set here
# to the workspace volume).
#   deploy/k8s/train-job.sh [--overlay cpu|gpu] [--namespace visionstream] [--follow] -- \
#       --arch lenet5 --dataset fashion-mnist --epochs 5 [--model-name fashion] [...]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
overlay=cpu namespace=visionstream follow=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --overlay) overlay="$2"; shift 2 ;;
    --namespace) namespace="$2"; shift 2 ;;
    --follow) follow=true; shift ;;
    --) shift; break ;;
    *) echo "usage: $0 [--overlay cpu|gpu] [--namespace NS] [--follow] -- TRAIN_ARGS..." >&2; exit 2 ;;
  esac
done
[[ $# -gt 0 ]] || { echo "error: give the trainer's arguments after --, e.g. -- --arch lenet5 --dataset fashion-mnist --epochs 5" >&2; exit 2; }
[[ -d "$here/training/$overlay" ]] || { echo "error: no training overlay '$overlay' (cpu or gpu)" >&2; exit 2; }

run="visionstream-train-$(date -u +%Y%m%d-%H%M%S)"
# kustomize refuses absolute resource paths: the throw-away kustomization lives under target/ (git-ignored).
mkdir -p "$here/target"
workdir="$(mktemp -d "$here/target/train-job.XXXXXX")"
trap 'rm -rf "$workdir"' EXIT
args_json="\"train\""
for arg in "$@" --data-dir /var/lib/visionstream/workspace/data --out "/var/lib/visionstream/workspace/runs/$run"; do
  escaped=${arg//\\/\\\\}; escaped=${escaped//\"/\\\"}
  args_json+=", \"$escaped\""
done
cat > "$workdir/kustomization.yaml" <<YAML
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: $namespace
resources:
  - ../../training/$overlay
patches:
  - target:
      kind: Job
      name: visionstream-train
    patch: |-
      - op: replace
        path: /metadata/name
        value: $run
      - op: replace
        path: /spec/template/spec/containers/0/args
        value: [$args_json]
YAML
kubectl kustomize "$workdir" | kubectl apply -f -
echo "job/$run started in namespace $namespace"
if $follow; then
  kubectl -n "$namespace" wait --for=condition=ready pod -l job-name="$run" --timeout=15m > /dev/null || true
  kubectl -n "$namespace" logs -f "job/$run"
  if kubectl -n "$namespace" wait --for=condition=complete "job/$run" --timeout=60s > /dev/null 2>&1; then
    kubectl -n "$namespace" logs "job/$run" | grep '^RESULT ' | tail -1
  else
    echo "job/$run did not complete: kubectl -n $namespace describe job/$run" >&2
    exit 1
  fi
fi
