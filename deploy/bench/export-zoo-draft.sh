#!/usr/bin/env bash
# Exports a zoo network (random weights, 1000 classes, shorter side 256 then centre crop) once as a registry draft
# (model.onnx + manifest.json) with the trainer's 'export-zoo'; does nothing when DIR already holds one. Used by the
# inference benchmark and the reliability suite; run from the repository root after the build.
#   deploy/bench/export-zoo-draft.sh ARCH NAME DIR
set -euo pipefail
arch="$1" name="$2" draft="$3"
if [[ -f "$draft/manifest.json" && -f "$draft/model.onnx" ]]; then
  exit 0
fi
mkdir -p "$(dirname "$draft")"
log="$draft.export.log"
echo "[export] the zoo's $arch (random weights) to $draft with the trainer ..."
if ! java -Dai.djl.offline=true -jar trainer-service/target/quarkus-app/quarkus-run.jar export-zoo --arch "$arch" --name "$name" \
    --classes 1000 --shorter-side 256 --out "$draft" > "$log" 2>&1; then
  cat "$log" >&2
  exit 1
fi
grep '^EXPORTED ' "$log" | sed 's/^/[export] /'
