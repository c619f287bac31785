#!/usr/bin/env bash
# Starts the VisionStream local stack: a real embedded Kafka broker (KRaft), the inference service and the trainer
# service, each as its own process on localhost. Runs until Ctrl-C / SIGTERM, then stops everything cleanly.
#
#   deploy/local/run-stack.sh            build if needed, start, run until Ctrl-C
#   deploy/local/run-stack.sh --check    start, wait until every service is ready, report, stop (a smoke test)
#   --brokers N    a Kafka cluster of N KRaft nodes, each its own process (topics with three replicas, two in sync;
#                  ports picked freely); default 1, the single embedded broker on VS_KAFKA_PORT
#   --replicas N   N inference replicas (one consumer group), on ports VS_INFERENCE_PORT + 100 * i, gRPC 9000 + i
#
# Environment: VS_KAFKA_PORT (default 9092), VS_INFERENCE_PORT (8080), VS_TRAINER_PORT (8081),
#              VS_RUN_DIR (default runs/local-<timestamp>), VS_SKIP_BUILD=1 to use existing build outputs.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
check_only=false
brokers=1
replicas=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --check) check_only=true; shift ;;
    --brokers) brokers="$2"; shift 2 ;;
    --replicas) replicas="$2"; shift 2 ;;
    *) echo "unknown option '$1' (--check, --brokers N, --replicas N)" >&2; exit 2 ;;
  esac
done

kafka_port="${VS_KAFKA_PORT:-9092}"
inference_port="${VS_INFERENCE_PORT:-8080}"
trainer_port="${VS_TRAINER_PORT:-8081}"
run_dir="${VS_RUN_DIR:-runs/local-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$run_dir/registry"
run_dir="$(cd "$run_dir" && pwd)"

say() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*"; }

if [[ "${VS_SKIP_BUILD:-0}" != 1 ]]; then
  say "building (mvn -B -ntp -q install -DskipTests) ..."
  mvn -B -ntp -q install -DskipTests
fi

pids=()
stop_all() {
  trap - INT TERM EXIT
  say "stopping ..."
  # services first (they drain and commit), the broker last
  for ((i=${#pids[@]}-1; i>=0; i--)); do
    kill -TERM "${pids[i]}" 2>/dev/null || true
    wait "${pids[i]}" 2>/dev/null || true
  done
  say "stopped; logs and registry in $run_dir"
}
trap stop_all EXIT
trap 'exit 130' INT TERM

rm -f "$run_dir/bootstrap.txt"
if [[ "$brokers" -gt 1 ]]; then
  say "starting a Kafka cluster of $brokers KRaft nodes (each its own process)"
  java -cp "deploy/local/target/classes:$(cat deploy/local/target/launcher.classpath)" \
    io.visionstream.local.process.BrokerClusterLauncher --brokers "$brokers" --data-dir "$run_dir/kafka" --bootstrap-file "$run_dir/bootstrap.txt" \
    > "$run_dir/kafka.log" 2>&1 &
else
  say "starting embedded Kafka on 127.0.0.1:$kafka_port"
  java -cp "deploy/local/target/classes:$(cat deploy/local/target/launcher.classpath)" \
    io.visionstream.local.kafka.EmbeddedKafkaLauncher --port "$kafka_port" --bootstrap-file "$run_dir/bootstrap.txt" --ignore-sigint \
    > "$run_dir/kafka.log" 2>&1 &
fi
pids+=($!)
for _ in $(seq 1 360); do  # up to 3 min: a cluster's nodes start together on few cores
  [[ -s "$run_dir/bootstrap.txt" ]] && break
  kill -0 "${pids[0]}" 2>/dev/null || { cat "$run_dir/kafka.log"; say "Kafka failed to start (log above)"; exit 1; }
  sleep 0.5
done
bootstrap="$(cat "$run_dir/bootstrap.txt")"
say "Kafka ready: bootstrap.servers=$bootstrap"

local_cp="deploy/local/target/classes:$(cat deploy/local/target/launcher.classpath)"
# A throw-away JWT signing key for this run: rollout changes and model registration need an ml-admin token.
java -cp "$local_cp" io.visionstream.local.auth.DevJwt init "$run_dir/jwt" > /dev/null
admin_token="$(java -cp "$local_cp" io.visionstream.local.auth.DevJwt token "$run_dir/jwt" local-operator ml-admin)"
printf '%s\n' "$admin_token" > "$run_dir/jwt/admin-token.txt"

start_service() { # name port jar extra-properties...
  local name="$1" port="$2" jar="$3"; shift 3
  # profile local: the services accept this run's development tokens; they listen on 127.0.0.1 unless VS_BIND_HOST says otherwise
  java -Dquarkus.profile=local -Dquarkus.http.host="${VS_BIND_HOST:-127.0.0.1}" -Dquarkus.http.port="$port" \
    -Dkafka.bootstrap.servers="$bootstrap" -Dmp.jwt.verify.publickey.location="$run_dir/jwt/jwt-public.pem" "$@" \
    -jar "$jar" > "$run_dir/$name.log" 2>&1 &
  pids+=($!)
  say "starting $name on http://localhost:$port (log: $run_dir/$name.log)"
}
inference_ports=()
for ((r = 0; r < replicas; r++)); do
  name=inference-service
  [[ "$replicas" -gt 1 ]] && name="inference-service-$((r + 1))"
  port=$((inference_port + 100 * r))
  inference_ports+=("$port")
  start_service "$name" "$port" inference-service/target/quarkus-app/quarkus-run.jar \
    -Xmx768m -Dquarkus.grpc.server.port=$((9000 + r)) -Dvisionstream.inference.registry-root="$run_dir/registry"
done
start_service trainer-service "$trainer_port" trainer-service/target/quarkus-app/quarkus-run.jar -Dai.djl.offline=true \
  -Dvisionstream.trainer.registry-root="$run_dir/registry"

await_health() { # name port check (live|ready)
  for _ in $(seq 1 120); do
    if curl -fs "http://localhost:$2/q/health/$3" > /dev/null 2>&1; then say "$1 $3"; return 0; fi
    sleep 0.5
  done
  tail -n 40 "$run_dir/$1.log"; say "$1 not $3 after 60 s (log above)"; return 1
}
# The inference service is only *ready* once a model version is served; until the trainer publishes one it is live.
for ((r = 0; r < replicas; r++)); do
  name=inference-service
  [[ "$replicas" -gt 1 ]] && name="inference-service-$((r + 1))"
  await_health "$name" "${inference_ports[$r]}" live
done
await_health trainer-service "$trainer_port" ready

cat <<INFO

  VisionStream local stack is up
    Kafka              $bootstrap   (topics: images, predictions, predictions.shadow, images.dlq, model-releases, model-rollouts)
    inference-service  $(printf 'http://localhost:%s ' "${inference_ports[@]}")  /api/models  /api/classify  /api/releases  /q/health  /q/metrics  /q/openapi
    Kafka nodes        $brokers   inference replicas $replicas
    trainer-service    http://localhost:$trainer_port   /api/registry/models  /q/health  /q/metrics
    registry + logs    $run_dir
    ml-admin token     $run_dir/jwt/admin-token.txt   (curl -H "Authorization: Bearer \$(cat $run_dir/jwt/admin-token.txt)" ...)

INFO
if $check_only; then
  say "--check: every component is ready"
  exit 0
fi
say "press Ctrl-C to stop"
wait -n "${pids[@]}" || true
say "a component exited unexpectedly; see the logs in $run_dir"
exit 1
