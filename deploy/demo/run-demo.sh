#!/usr/bin/env bash
# The main job (README's first command): the whole product end to end on real data, as separate processes on
# localhost - embedded Kafka, inference-service, trainer-service - in a few minutes. Builds what it needs first.
#   deploy/demo/run-demo.sh [--out DIR] [--v1 lenet5:3] [--v2 bn-lenet:3] [--canary-percent 30] [--rate 2000] ...
# Last line: DEMO {json}. Exit status 0 only when every check held. Ctrl-C stops every process cleanly.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ "${VS_SKIP_BUILD:-0}" != 1 ]]; then
  echo "building (mvn -B -ntp -q install -DskipTests) ..."
  mvn -B -ntp -q install -DskipTests
fi
exec java -Xmx1g -cp "deploy/demo/target/classes:$(cat deploy/demo/target/demo.classpath)" io.visionstream.demo.DemoMain "$@"
