package io.visionstream.inference;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.visionstream.common.events.GateCriterion;
import io.visionstream.common.events.Prediction;
import io.visionstream.common.events.RolloutState;
import io.visionstream.common.events.Route;
import io.visionstream.common.json.Json;
import io.visionstream.common.kafka.Topics;
import io.visionstream.common.preprocess.ColourMode;
import io.visionstream.common.registry.ModelVersion;
import io.visionstream.common.testing.TinyClassifiers;
import io.visionstream.inference.config.InferenceConfig;
import io.visionstream.inference.metrics.InferenceMetrics;
import io.visionstream.inference.models.VersionPool;
import io.visionstream.inference.rollout.RolloutCatchUp;
import io.visionstream.inference.rollout.RolloutFollower;
import io.visionstream.inference.rollout.RolloutTable;
import io.visionstream.inference.rollout.Routing;
import io.visionstream.local.auth.DevJwtTestResource;
import io.visionstream.local.kafka.EmbeddedKafkaTestResource;
import io.visionstream.local.kafka.TopicClient;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** Safe rollout on a real broker: sticky canary, shadow, promote/rollback on two replicas, refusals, automatic rollback. */
@QuarkusTest
@WithTestResource(EmbeddedKafkaTestResource.class)
@WithTestResource(DevJwtTestResource.class)
class RolloutTest extends KafkaServiceTestSupport {


    @Inject
    InferenceConfig config;

    @Test
    void canaryGetsItsShareStickilyByKey() {
        String model = stableWithCanary(unique("sticky"), TinyClassifiers.columnClassifier(1, 10), 20);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            String id = "k-" + i + "-" + model;
            keys.add(id);
            kafka.sendImage(id, TinyClassifiers.pngWithHotColumn(10, i % 10), "image/png", model);
        }

        Map<String, Prediction> first = predictions(keys);

        long canary = first.values().stream().filter(p -> p.route() == Route.CANARY).count();
        assertThat(canary).as("canary share of 2000 at 20%% (3 sigma: 346..454)").isBetween(346L, 454L);
        first.forEach((key, prediction) -> {
            boolean expectCanary = Routing.bucket(key) < 20;
            assertThat(prediction.route()).as(key).isEqualTo(expectCanary ? Route.CANARY : Route.STABLE);
            assertThat(prediction.model().version()).isEqualTo(expectCanary ? 2 : 1);
        });
        List<String> again = keys.subList(0, 300);
        again.forEach(key -> kafka.sendImage(key, TinyClassifiers.pngWithHotColumn(10, 3), "image/png", model));
        Map<String, List<ConsumerRecord<String, byte[]>>> repeated = kafka.collect(Topics.PREDICTIONS, again, 2, ARRIVAL);
        again.forEach(key -> {
            List<ConsumerRecord<String, byte[]>> records = repeated.get(key);
            assertThat(records).as(key).hasSizeGreaterThanOrEqualTo(2);
            assertThat(records.stream().map(r -> Json.fromBytes(r.value(), Prediction.class).model().version()).distinct())
                    .as("versions seen by %s", key).hasSize(1);
        });
    }

    @Test
    void shadowScoresTheSameImagesIntoItsOwnTopicOnly() {
        String model = unique("shadowed");
        serveStable(model, TinyClassifiers.columnClassifier(1, 10));
        TinyClassifiers.publish(registry, model, ColourMode.GREY, DIGITS);
        admin().contentType(ContentType.JSON).body(Map.of("shadow", 2, "reason", "compare v2"))
                .put("/api/models/" + model + "/rollout").then().statusCode(200).body("shadow", equalTo(2))
                .body("changedBy", equalTo("ops@example"));
        await().atMost(ARRIVAL).until(() -> routes.routing(model).map(r -> r.shadow() != null).orElse(false));
        List<String> keys = List.of(unique("s"), unique("s"), unique("s"));
        keys.forEach(key -> kafka.sendImage(key, TinyClassifiers.pngWithHotColumn(10, 6), "image/png", model));

        Map<String, Prediction> main = predictions(keys);
        Map<String, List<ConsumerRecord<String, byte[]>>> shadow = kafka.collect(Topics.PREDICTIONS_SHADOW, keys, ARRIVAL);

        assertThat(main.values()).allSatisfy(p -> {
            assertThat(p.route()).isEqualTo(Route.STABLE);
            assertThat(p.model().version()).isEqualTo(1);
        });
        assertThat(shadow).containsOnlyKeys(keys);
        shadow.values().forEach(records -> {
            Prediction p = Json.fromBytes(records.get(0).value(), Prediction.class);
            assertThat(p.route()).isEqualTo(Route.SHADOW);
            assertThat(p.model().version()).isEqualTo(2);
            assertThat(p.best().label()).isEqualTo("six");
        });
        String metrics = given().get("/q/metrics").then().extract().asString();
        assertThat(metrics).contains("visionstream_shadow_comparisons_total{agree=\"true\",model=\"" + model + "\",version=\"2\"}");
    }

    @Test
    void promoteAndRollbackChangeRoutingOnEveryReplica() throws Exception {
        String model = stableWithCanary(unique("promote"), TinyClassifiers.columnClassifier(1, 10), 30);
        try (SecondReplica other = new SecondReplica()) {
            await().atMost(ARRIVAL).until(() -> other.table.state(model).map(s -> s.canary() != null).orElse(false));

            admin().queryParam("reason", "looks good").post("/api/models/" + model + "/promote")
                    .then().statusCode(200).body("stable", equalTo(2)).body("canary", nullValue()).body("previousStable", equalTo(1));
            await().atMost(ARRIVAL).until(() -> routes.state(model).map(s -> s.stable() == 2).orElse(false));
            await().atMost(ARRIVAL).until(() -> other.table.state(model).map(s -> s.stable() == 2 && s.canary() == null).orElse(false));
            String id = unique("after-promote");
            kafka.sendImage(id, TinyClassifiers.pngWithHotColumn(10, 1), "image/png", model);
            assertThat(predictions(List.of(id)).get(id).model().version()).isEqualTo(2);

            admin().post("/api/models/" + model + "/rollback").then().statusCode(200).body("stable", equalTo(1));
            await().atMost(ARRIVAL).until(() -> other.table.state(model).map(s -> s.stable() == 1).orElse(false));
            assertThat(other.table.state(model).orElseThrow().reason()).isEqualTo("stable returned to v1");
            given().get("/api/models/" + model + "/rollout").then().statusCode(200).body("stable", equalTo(1))
                    .body("changedBy", equalTo("ops@example"));
        }
    }

    @Test
    void continuousStreamLosesNothingWhileVersionsSwapTenTimes() throws Exception {
        String model = stableWithCanary(unique("swaps"), TinyClassifiers.columnClassifier(1, 10), 50);
        List<String> keys = new ArrayList<>();
        AtomicBoolean sending = new AtomicBoolean(true);
        Thread producer = new Thread(() -> {
            try (TopicClient client = new TopicClient(bootstrapServers)) {
                for (int i = 0; sending.get() || i < 300; i++) {
                    String id = "swap-" + i + "-" + model;
                    synchronized (keys) {
                        keys.add(id);
                    }
                    client.sendImage(id, TinyClassifiers.pngWithHotColumn(10, i % 10), "image/png", model);
                }
            }
        });
        producer.start();
        for (int swap = 0; swap < 10; swap++) {
            if (swap % 2 == 0) {
                admin().post("/api/models/" + model + "/promote").then().statusCode(200);
            } else {
                admin().post("/api/models/" + model + "/rollback").then().statusCode(200);
                admin().contentType(ContentType.JSON).body(Map.of("canary", Map.of("version", 2, "weightPercent", 50)))
                        .put("/api/models/" + model + "/rollout").then().statusCode(200);
            }
            Thread.sleep(150);
        }
        sending.set(false);
        producer.join();

        List<String> sent;
        synchronized (keys) {
            sent = List.copyOf(keys);
        }
        assertThat(sent.size()).isGreaterThanOrEqualTo(300);
        assertThat(kafka.collect(Topics.PREDICTIONS, sent, ARRIVAL)).as("a prediction for every key").containsOnlyKeys(sent);
    }

    @Test
    void corruptReleaseIsRefusedAndStableKeepsServing() throws Exception {
        String model = unique("corrupt");
        serveStable(model, TinyClassifiers.columnClassifier(1, 10));
        ModelVersion v2 = TinyClassifiers.publish(registry, model, ColourMode.GREY, DIGITS);
        assertThat(v2.onnxFile().toFile().setWritable(true)).isTrue();
        Files.writeString(v2.onnxFile(), "corrupted on disk");

        kafka.announce(v2.manifest());

        given().get("/api/models/" + model).then().statusCode(200);
        await().atMost(ARRIVAL).until(() -> given().get("/api/models/" + model).then().extract().path("releases.find { it.version == 2 }.state") != null);
        given().get("/api/models/" + model).then().body("releases.find { it.version == 2 }.state", equalTo("REFUSED"))
                .body("releases.find { it.version == 2 }.detail", containsString("sha256"))
                .body("rollout.stable", equalTo(1)).body("rollout.canary", nullValue());
        admin().contentType(ContentType.JSON).body(Map.of("canary", Map.of("version", 2, "weightPercent", 10)))
                .put("/api/models/" + model + "/rollout").then().statusCode(400).body("reason", equalTo("UNKNOWN_VERSION"))
                .body("message", containsString("sha256"));
        String id = unique("still-served");
        kafka.sendImage(id, TinyClassifiers.pngWithHotColumn(10, 8), "image/png", model);
        assertThat(predictions(List.of(id)).get(id).model().version()).isEqualTo(1);
    }

    @Test
    void failingCanaryIsRolledBackAutomaticallyWithoutLosingImages() {
        String model = stableWithCanary(unique("brittle"), TinyClassifiers.columnClassifierFailingOnBrightInput(1, 10), 100);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String id = unique("b");
            keys.add(id);
            kafka.sendImage(id, TinyClassifiers.pngWithHotColumn(10, i % 10), "image/png", model);
        }

        Map<String, Prediction> answered = predictions(keys);

        assertThat(answered.values()).as("the canary failed; stable answered instead").allSatisfy(p -> {
            assertThat(p.model().version()).isEqualTo(1);
            assertThat(p.route()).isEqualTo(Route.STABLE);
        });
        await().atMost(ARRIVAL).until(() -> routes.state(model).map(s -> s.canary() == null).orElse(false));
        RolloutState decided = lastRollout(model);
        assertThat(decided.changedBy()).isEqualTo("canary-gate");
        assertThat(decided.canary()).isNull();
        assertThat(decided.stable()).isEqualTo(1);
        assertThat(decided.rolledBack()).containsExactly(2);
        assertThat(decided.decision().criterion()).isEqualTo(GateCriterion.ERRORS);
        assertThat(decided.reason()).startsWith("canary worse on errors");
    }

    @Test
    void rolloutChangesNeedAnAdminAndAValidState() {
        String model = stableWithCanary(unique("guarded"), TinyClassifiers.columnClassifier(1, 10), 10);
        String change = Json.toJson(Map.of("canary", Map.of("version", 2, "weightPercent", 140)));

        given().contentType(ContentType.JSON).body(change).put("/api/models/" + model + "/rollout").then().statusCode(401);
        given().auth().oauth2(DevJwtTestResource.token("viewer@example", "viewer")).contentType(ContentType.JSON).body(change)
                .put("/api/models/" + model + "/rollout").then().statusCode(403);
        given().post("/api/models/" + model + "/promote").then().statusCode(401);
        admin().contentType(ContentType.JSON).body(change).put("/api/models/" + model + "/rollout").then().statusCode(400)
                .body("reason", equalTo("INVALID_WEIGHT")).body("message", containsString("140"));
        admin().contentType(ContentType.JSON).body(Map.of("canary", Map.of("version", 99, "weightPercent", 10)))
                .put("/api/models/" + model + "/rollout").then().statusCode(400).body("reason", equalTo("UNKNOWN_VERSION"))
                .body("message", containsString("has no version 99"));
        admin().post("/api/models/" + model + "/rollback").then().statusCode(200).body("canary", nullValue());
        await().atMost(ARRIVAL).until(() -> routes.state(model).map(s -> s.canary() == null).orElse(false));
        admin().post("/api/models/" + model + "/promote").then().statusCode(404).body("reason", equalTo("NO_CANARY"));
        given().get("/api/models/no-such-model/rollout").then().statusCode(404).body("reason", equalTo("UNKNOWN_MODEL"));
        given().get("/api/models/" + model + "/rollout").then().statusCode(200).body("stable", equalTo(1));
    }

    /**
     * The routing layer of a second replica: its own version pool, routing table and model-rollouts consumer, sharing
     * only the topics and the registry with the service under test.
     */
    private final class SecondReplica implements AutoCloseable {
        final RolloutTable table;
        private final KafkaConsumer<String, byte[]> consumer;
        private final Thread follower;
        private volatile boolean running = true;

        SecondReplica() {
            InferenceMetrics metrics = new InferenceMetrics(new SimpleMeterRegistry());
            table = new RolloutTable(new VersionPool(registry, config, metrics, (model, size, failed) -> { }, new io.visionstream.inference.drift.DriftMonitor(config.drift(), metrics, java.util.List.of())),
                    registry, metrics);
            RolloutFollower rollouts = new RolloutFollower(table, new RolloutCatchUp(table, ConfigProvider.getConfig()));
            consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.GROUP_ID_CONFIG, "replica-2-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                    new StringDeserializer(), new ByteArrayDeserializer());
            consumer.subscribe(List.of(Topics.MODEL_ROLLOUTS));
            follower = new Thread(() -> {
                while (running) {
                    consumer.poll(Duration.ofMillis(100)).forEach(record -> rollouts.onState(Message.of(record.value())));
                }
                consumer.close();
            }, "replica-2-rollouts");
            follower.start();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            follower.join();
        }
    }
}
