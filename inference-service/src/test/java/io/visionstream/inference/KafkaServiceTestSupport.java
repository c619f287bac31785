package io.visionstream.inference;

import io.visionstream.common.registry.ModelRegistry;
import io.visionstream.local.kafka.EmbeddedKafkaTestResource;
import io.visionstream.local.kafka.TopicClient;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import io.restassured.http.ContentType;
import io.visionstream.common.events.Prediction;
import io.visionstream.common.events.RolloutState;
import io.visionstream.common.json.Json;
import io.visionstream.common.kafka.Topics;
import io.visionstream.common.manifest.ModelManifest;
import io.visionstream.common.preprocess.ColourMode;
import io.visionstream.common.preprocess.TensorLayout;
import io.visionstream.common.registry.ModelVersion;
import io.visionstream.common.testing.TinyClassifiers;
import io.visionstream.inference.rollout.RolloutTable;
import io.visionstream.local.auth.DevJwtTestResource;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * What the service's Kafka tests share: the registry, a plain Kafka client on the embedded broker, unique names, and
 * serving a stable version with a canary through the real release and rollout paths.
 */
abstract class KafkaServiceTestSupport {

    static final Duration ARRIVAL = Duration.ofSeconds(60);

    static final List<String> DIGITS = List.of("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine");

    @Inject
    ModelRegistry registry;

    @Inject
    RolloutTable routes;

    @ConfigProperty(name = EmbeddedKafkaTestResource.BOOTSTRAP_SERVERS)
    String bootstrapServers;

    TopicClient kafka;

    @BeforeEach
    void connect() {
        kafka = new TopicClient(bootstrapServers);
    }

    @AfterEach
    void disconnect() {
        kafka.close();
    }

    /** Serves a healthy column classifier as stable v1 and {@code canaryOnnx} as canary v2 at {@code weight} %. */
    String stableWithCanary(String model, byte[] canaryOnnx, int weight) {
        serveStable(model, TinyClassifiers.columnClassifier(1, 10));
        ModelVersion v2 = registry.publish(TinyClassifiers.manifest(model, ColourMode.GREY, DIGITS), dir -> Files.write(dir.resolve("model.onnx"), canaryOnnx));
        kafka.announce(v2.manifest());
        await().atMost(ARRIVAL).until(() -> routes.state(model).map(s -> s.canary() != null).orElse(false));
        admin().contentType(ContentType.JSON).body(Map.of("canary", Map.of("version", 2, "weightPercent", weight)))
                .put("/api/models/" + model + "/rollout").then().statusCode(200).body("canary.weightPercent", equalTo(weight));
        await().atMost(ARRIVAL).until(() -> routes.routing(model).map(r -> r.canaryWeightPercent() == weight).orElse(false));
        return model;
    }

    void serveStable(String model, byte[] onnx) {
        ModelVersion v1 = registry.publish(TinyClassifiers.manifest(model, ColourMode.GREY, DIGITS), dir -> Files.write(dir.resolve("model.onnx"), onnx));
        kafka.announce(v1.manifest());
        await().atMost(ARRIVAL).until(() -> routes.routing(model).isPresent());
    }

    /** Serves {@code onnx} (a grey column classifier of the ten digits) as the stable version, its manifest naming {@code outputs}. */
    String serveWithOutputs(String model, byte[] onnx, ModelManifest.OutputNames outputs) {
        ModelVersion v1 = registry.publish(TinyClassifiers.manifest(model, ColourMode.GREY, DIGITS, outputs, TensorLayout.NCHW),
                dir -> Files.write(dir.resolve("model.onnx"), onnx));
        kafka.announce(v1.manifest());
        await().atMost(ARRIVAL).until(() -> routes.routing(model).isPresent());
        return model;
    }

    Map<String, Prediction> predictions(List<String> keys) {
        Map<String, List<ConsumerRecord<String, byte[]>>> records = kafka.collect(Topics.PREDICTIONS, keys, ARRIVAL);
        assertThat(records).as("a prediction for every key").containsOnlyKeys(keys);
        Map<String, Prediction> result = new HashMap<>();
        records.forEach((key, list) -> result.put(key, Json.fromBytes(list.get(0).value(), Prediction.class)));
        return result;
    }

    RolloutState lastRollout(String model) {
        return Json.fromBytes(kafka.latest(Topics.MODEL_ROLLOUTS, model, ARRIVAL).value(), RolloutState.class);
    }

    static io.restassured.specification.RequestSpecification admin() {
        return given().auth().oauth2(DevJwtTestResource.token("ops@example", "ml-admin"));
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
