package io.visionstream.bench.fleet;

import io.visionstream.bench.BenchModel;
import io.visionstream.bench.InferenceSettings;
import io.visionstream.common.events.GateCriterion;
import io.visionstream.common.events.Prediction;
import io.visionstream.common.events.Route;
import io.visionstream.common.events.RolloutPolicy;
import io.visionstream.common.events.RolloutState;
import io.visionstream.common.json.Json;
import io.visionstream.common.kafka.Topics;
import io.visionstream.common.registry.ModelRegistry;
import io.visionstream.common.registry.ModelVersion;
import io.visionstream.local.auth.DevJwt;
import io.visionstream.local.kafka.TopicClient;
import io.visionstream.local.process.BrokerCluster;
import io.visionstream.local.process.ServiceProcess;
import io.visionstream.inference.rollout.Routing;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replicas join a running fleet without rewriting its rollout state (issue #26, "join without harm"): the fleet has
 * stable v1, canary v3 at 10 % and an operator's gate policy on {@code model-rollouts}, and releases v1, v2 and v3 on
 * {@code model-releases}, on a cluster of three brokers (each its own process; topics with three replicas); a first
 * replica starts, a second joins and is killed with SIGKILL and restarted twice. No
 * replica may publish a rollout change (before the fix a joining replica served the registry's newest version before
 * reading the fleet's state, and its replayed releases then published "first release becomes stable" and, for v2, a
 * new canary over v3), every replica ends routing what the fleet's state says, the operator's policy included, and
 * every image streamed meanwhile is answered by the version the fleet's state routes its key to.
 */
class ReplicaJoinTest {

    private static final Path SERVICE_JAR = Path.of("../../inference-service/target/quarkus-app/quarkus-run.jar");
    private static final String MODEL = "fleet";
    private static final Duration READY = Duration.ofSeconds(120);

    @Test
    void joiningAndRestartedReplicasKeepTheFleetsRolloutState(@TempDir Path out) throws Exception {
        Path registryRoot = Files.createDirectories(out.resolve("registry"));
        ModelRegistry registry = new ModelRegistry(registryRoot);
        List<ModelVersion> versions = List.of(BenchModel.publish(registry, MODEL, 1), BenchModel.publish(registry, MODEL, 2),
                BenchModel.publish(registry, MODEL, 3));
        DevJwt jwt = DevJwt.generate();
        Path publicKey = out.resolve("jwt-public.pem");
        Files.writeString(publicKey, jwt.publicKeyPem());
        RolloutPolicy operatorsPolicy = new RolloutPolicy(Set.of(GateCriterion.ERRORS), null, null, null, Duration.ofHours(1),
                RolloutPolicy.OnHealthy.HOLD, null, null, null, null, null);
        RolloutState fleetState = RolloutState.of(MODEL, 1, new RolloutState.Canary(3, 10), null, null).withPolicy(operatorsPolicy)
                .changed(Instant.now(), "ops@example", "the fleet's state before the joins");

        try (BrokerCluster broker = BrokerCluster.start(out.resolve("brokers"), out, 3, 3);
             TopicClient kafka = new TopicClient(broker.bootstrapServers())) {
            versions.forEach(v -> kafka.announce(v.manifest()));
            kafka.sendRaw(Topics.MODEL_ROLLOUTS, MODEL, Json.toBytes(fleetState));
            Map<String, String> properties = InferenceSettings.of(broker.bootstrapServers(), registryRoot, MODEL, publicKey);

            try (ServiceProcess first = ServiceProcess.start(SERVICE_JAR, List.of("-Xmx512m"), properties, out.resolve("replica-a.log"))) {
                first.awaitHealth("ready", READY);
                ServiceProcess joining = null;
                List<String> keys = new ArrayList<>();
                for (int start = 1; start <= 3; start++) {
                    // images arrive while the replica joins: the group rebalances and some reach it as it starts
                    keys.addAll(sendImages(kafka, "join-" + start + "-", 100));
                    joining = ServiceProcess.start(SERVICE_JAR, List.of("-Xmx512m"), properties, out.resolve("replica-b-" + start + ".log"));
                    try {
                        keys.addAll(sendImages(kafka, "joining-" + start + "-", 100));
                        joining.awaitHealth("ready", READY);
                    } catch (Exception | AssertionError e) {
                        joining.kill(); // a replica that never became ready must not outlive the test
                        throw e;
                    }
                    if (start < 3) {
                        joining.kill();
                    }
                }
                try (ServiceProcess last = joining) {
                    // what a joining replica would (wrongly) publish is acknowledged before it reports ready; give it time anyway
                    Thread.sleep(3000);
                    List<ConsumerRecord<String, byte[]>> rollouts = kafka.readAll(Topics.MODEL_ROLLOUTS, Duration.ofSeconds(30));
                    assertThat(rollouts).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                            .as("no replica published a rollout change").containsExactly(Json.toJson(fleetState));
                    Map<String, List<ConsumerRecord<String, byte[]>>> answers = kafka.collect(Topics.PREDICTIONS, keys, READY);
                    assertThat(answers.keySet()).as("every image answered").containsExactlyInAnyOrderElementsOf(keys);
                    answers.forEach((key, records) -> records.forEach(record -> {
                        Prediction answer = Json.fromBytes(record.value(), Prediction.class);
                        boolean canary = Routing.bucket(key) < 10;
                        assertThat(answer.model().version()).as(key + " answered by the version the fleet routes it to").isEqualTo(canary ? 3 : 1);
                        assertThat(answer.route()).as(key).isEqualTo(canary ? Route.CANARY : Route.STABLE);
                    }));
                    for (ServiceProcess replica : List.of(first, last)) {
                        var answer = replica.call("GET", "/api/models/" + MODEL + "/rollout", null, null);
                        assertThat(answer.statusCode()).isEqualTo(200);
                        RolloutState routed = Json.fromJson(answer.body(), RolloutState.class);
                        assertThat(routed.stable()).as("stable on port " + replica.port()).isEqualTo(1);
                        assertThat(routed.canary()).as("canary on port " + replica.port()).isEqualTo(new RolloutState.Canary(3, 10));
                        assertThat(routed.policy()).as("the operator's policy on port " + replica.port()).isEqualTo(operatorsPolicy);
                    }
                }
            }
        }
    }

    private static List<String> sendImages(TopicClient kafka, String prefix, int count) throws java.io.IOException {
        List<byte[]> pngs = BenchModel.syntheticPngs(count, prefix.hashCode());
        Map<String, byte[]> images = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            images.put(prefix + i, pngs.get(i));
        }
        kafka.sendImages(images, "image/png", MODEL);
        return List.copyOf(images.keySet());
    }
}
