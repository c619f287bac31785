package io.visionstream.inference;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.visionstream.common.json.Json;
import io.visionstream.common.kafka.Topics;
import io.visionstream.common.manifest.ModelManifest;
import io.visionstream.common.registry.ModelRegistry;
import io.visionstream.common.testing.SampleManifests;
import io.visionstream.common.registry.ModelVersion;
import io.visionstream.inference.rollout.ReleaseCatalog;
import io.visionstream.inference.rollout.ReleaseStatus;
import io.visionstream.local.kafka.EmbeddedKafkaTestResource;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
@WithTestResource(EmbeddedKafkaTestResource.class)
class ReleaseCatalogTest {

    private static final Duration ARRIVAL = Duration.ofSeconds(30);

    @Inject
    ReleaseCatalog catalog;

    @Inject
    ModelRegistry registry;

    @ConfigProperty(name = EmbeddedKafkaTestResource.BOOTSTRAP_SERVERS)
    String bootstrapServers;

    @Test
    void releaseThroughTheRealTopicBecomesAvailableAfterVerification() throws Exception {
        String name = unique("fashion");
        ModelVersion published = registry.publish(SampleManifests.draft(name), dir -> Files.writeString(dir.resolve("model.onnx"), "onnx v1"));

        send(name, Json.toBytes(published.manifest()));

        ReleaseStatus status = awaitStatus(name, 1);
        assertThat(status.state()).isEqualTo(ReleaseStatus.State.AVAILABLE);
        assertThat(status.manifest()).isEqualTo(published.manifest());
        given().get("/api/releases").then().statusCode(200).body("model", hasItem(name));
    }

    @Test
    void tamperedReleaseIsRefusedWithTheReason() throws Exception {
        String name = unique("tampered");
        ModelVersion published = registry.publish(SampleManifests.draft(name), dir -> Files.writeString(dir.resolve("model.onnx"), "original"));
        assertThat(published.onnxFile().toFile().setWritable(true)).isTrue();
        Files.writeString(published.onnxFile(), "swapped weights");

        send(name, Json.toBytes(published.manifest()));

        ReleaseStatus status = awaitStatus(name, 1);
        assertThat(status.state()).isEqualTo(ReleaseStatus.State.REFUSED);
        assertThat(status.detail()).startsWith("INTEGRITY").contains("sha256");
    }

    @Test
    void releaseMissingFromTheRegistryIsRefused() {
        String name = unique("ghost");
        ModelManifest ghost = SampleManifests.draft(name).published(4, "0".repeat(64), java.time.Instant.now());

        send(name, Json.toBytes(ghost));

        ReleaseStatus status = awaitStatus(name, 4);
        assertThat(status.state()).isEqualTo(ReleaseStatus.State.REFUSED);
        assertThat(status.detail()).startsWith("NOT_FOUND").contains("has no version 4");
    }

    @Test
    void malformedReleaseIsCountedAndDoesNotStopTheStream() throws Exception {
        String name = unique("after-garbage");
        ModelVersion published = registry.publish(SampleManifests.draft(name), dir -> Files.writeString(dir.resolve("model.onnx"), "fine"));

        send("garbage", "{not json".getBytes(StandardCharsets.UTF_8));
        send(name, Json.toBytes(published.manifest()));

        assertThat(awaitStatus(name, 1).state()).isEqualTo(ReleaseStatus.State.AVAILABLE);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("visionstream_releases_total{outcome=\"malformed\""));
    }

    @Test
    void exposesHealthWithTheKafkaConsumer() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    private ReleaseStatus awaitStatus(String name, int version) {
        return await().atMost(ARRIVAL).until(() -> catalog.find(name, version), Optional::isPresent).orElseThrow();
    }

    private void send(String key, byte[] value) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.MODEL_RELEASES, key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("cannot produce to " + Topics.MODEL_RELEASES, e);
        }
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
