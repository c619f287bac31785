#!/usr/bin/env bash
# Proves the build enforces design.md's dependency rules: adding ai.djl:api to inference-service must fail the
# build with a message naming the rule. Restores the pom whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
pom=inference-service/pom.xml
backup="$(mktemp)"
log="$(mktemp)"
cp "$pom" "$backup"
trap 'cp "$backup" "$pom"; rm -f "$backup" "$log"' EXIT

sed -i '0,/<dependencies>/s//<dependencies>\n    <dependency><groupId>ai.djl<\/groupId><artifactId>api<\/artifactId><\/dependency>/' "$pom"
grep -q '<groupId>ai.djl</groupId>' "$pom"
if mvn -B -ntp -q compile -pl inference-service -am > "$log" 2>&1; then
  echo "dependency rules: FAILED - inference-service built although it depends on ai.djl:api"
  exit 1
fi
if ! grep -q "Dependency rule (design.md): 'inference-service' must not depend on DJL" "$log"; then
  cat "$log"
  echo "dependency rules: FAILED - the build failed, but not with the rule's message"
  exit 1
fi
echo "dependency rules: OK - adding ai.djl:api to inference-service fails the build naming the rule"
