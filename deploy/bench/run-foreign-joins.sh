#!/usr/bin/env bash
# The joins fed by a non-Java client (README, "Joins and other clients"): for each partition count a broker, the
# inference and trainer services, and deploy/bench/foreign-producer.py (confluent-kafka / librdkafka, CRC32
# partitioner) sending images and 2-20 s later their labels. Prints counted vs sent per partition count, the seconds
# to settle after the last label and the bytes the repartition topics carry; last line JOINS {json}.
#   deploy/bench/run-foreign-joins.sh [--partitions 2,12] [--images 3000] [--rate 200] [--camera true] [--out DIR]
# Needs Debian's python3-confluent-kafka and python3-pil.
set -euo pipefail
cd "$(dirname "$0")/../.."
/usr/bin/python3 -c 'import confluent_kafka, PIL' 2>/dev/null || { echo "install python3-confluent-kafka and python3-pil (Debian)" >&2; exit 2; }
if [[ "${VS_SKIP_BUILD:-0}" != 1 ]]; then
  mvn -B -ntp -q install -DskipTests
fi
exec java -cp "deploy/bench/target/classes:$(cat deploy/bench/target/bench.classpath)" io.visionstream.bench.joins.ForeignProducerBench "$@"
