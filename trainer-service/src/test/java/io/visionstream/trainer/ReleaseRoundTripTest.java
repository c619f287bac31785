package io.visionstream.trainer;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.visionstream.common.json.Json;
import io.visionstream.common.kafka.KafkaHeaders;
import io.visionstream.common.kafka.Topics;
import io.visionstream.common.manifest.ModelManifest;
import io.visionstream.common.registry.ModelRegistry;
import io.visionstream.common.testing.SampleManifests;
import io.visionstream.common.registry.ModelVersion;
import io.visionstream.local.auth.DevJwtTestResource;
import io.visionstream.local.kafka.EmbeddedKafkaTestResource;
import io.visionstream.local.kafka.TopicClient;
import io.visionstream.trainer.publish.ReleaseAnnouncer;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
@WithTestResource(EmbeddedKafkaTestResource.class)
@WithTestResource(DevJwtTestResource.class)
class ReleaseRoundTripTest {

    @Inject
    ReleaseAnnouncer announcer;

    @Inject
    ModelRegistry registry;

    @ConfigProperty(name = EmbeddedKafkaTestResource.BOOTSTRAP_SERVERS)
    String bootstrapServers;

    @Test
    void publishedVersionIsAnnouncedOnModelReleasesKeyedByName() throws Exception {
        String name = "fashion-" + UUID.randomUUID().toString().substring(0, 8);
        ModelVersion published = registry.publish(SampleManifests.draft(name), dir -> Files.writeString(dir.resolve("model.onnx"), "onnx bytes"));

        announcer.announce(published.manifest()).toCompletableFuture().get(30, TimeUnit.SECONDS);

        ConsumerRecord<String, byte[]> record = consumeRelease(name);
        assertThat(Json.fromBytes(record.value(), ModelManifest.class)).isEqualTo(published.manifest());
        assertThat(new String(record.headers().lastHeader(KafkaHeaders.CONTENT_TYPE).value(), StandardCharsets.UTF_8)).isEqualTo("application/json");
    }

    @Test
    void unpublishedDraftCannotBeAnnounced() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> announcer.announce(SampleManifests.draft("fashion")))
                .hasMessageContaining("only published versions can be announced");
    }

    /** Reads need a token (visionstream.trainer.security.read-policy=authenticated by default), not a role. */
    private static io.restassured.specification.RequestSpecification viewer() {
        return given().auth().oauth2(DevJwtTestResource.token("viewer@example", "ml-viewer"));
    }

    @Test
    void registryIsReadableOverHttpWithJsonErrors() {
        String name = "shoes-" + UUID.randomUUID().toString().substring(0, 8);
        registry.publish(SampleManifests.draft(name), dir -> Files.writeString(dir.resolve("model.onnx"), "v1"));

        viewer().get("/api/registry/models").then().statusCode(200).body("name", hasItem(name));
        viewer().get("/api/registry/models/" + name + "/1").then().statusCode(200)
                .body("name", equalTo(name)).body("version", equalTo(1)).body("onnx.sha256", equalTo(
                        io.visionstream.common.registry.Sha256.of("v1".getBytes(StandardCharsets.UTF_8))));
        viewer().get("/api/registry/models/" + name + "/9").then().statusCode(404)
                .body("reason", equalTo("NOT_FOUND")).body("message", containsString("has no version 9"));
        viewer().get("/api/registry/models/-bad/1").then().statusCode(400)
                .body("reason", equalTo("INVALID_NAME")).body("message", containsString("invalid model name '-bad'"));
    }

    @Test
    void exposesHealthAndPrometheusMetrics() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem("model-registry"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }

    private ConsumerRecord<String, byte[]> consumeRelease(String name) {
        try (TopicClient kafka = new TopicClient(bootstrapServers)) {
            return kafka.latest(Topics.MODEL_RELEASES, name, Duration.ofSeconds(30));
        }
    }
}
