package io.visionstream.inference;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.visionstream.common.preprocess.ColourMode;
import io.visionstream.common.registry.ModelVersion;
import io.visionstream.inference.rollout.ReleaseCatalog;
import io.visionstream.inference.rollout.ReleaseStatus;
import io.visionstream.inference.rollout.RolloutTable;
import io.visionstream.common.testing.TinyClassifiers;
import io.visionstream.local.auth.DevJwtTestResource;
import io.visionstream.local.kafka.EmbeddedKafkaTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
@WithTestResource(EmbeddedKafkaTestResource.class)
@WithTestResource(DevJwtTestResource.class)
class ReleaseCatalogTest extends KafkaServiceTestSupport {

    private static final List<String> LABELS = List.of("a", "b", "c");

    @Inject
    ReleaseCatalog catalog;

    @Inject
    RolloutTable routes;

    @Test
    void releaseThroughTheRealTopicIsVerifiedAndServed() {
        String name = unique("fashion");
        ModelVersion published = TinyClassifiers.publish(registry, name, ColourMode.GREY, LABELS);

        kafka.announce(published.manifest());

        ReleaseStatus status = awaitStatus(name, 1);
        assertThat(status.state()).isEqualTo(ReleaseStatus.State.AVAILABLE);
        assertThat(status.manifest()).isEqualTo(published.manifest());
        await().atMost(ARRIVAL).until(() -> routes.state(name).isPresent());
        assertThat(routes.state(name).orElseThrow().stable()).isEqualTo(1);
        assertThat(routes.state(name).orElseThrow().changedBy()).isEqualTo("release-policy");
        given().get("/api/releases").then().statusCode(200).body("model", hasItem(name));
    }

    @Test
    void newerReleaseStartsAsCanaryAtTheConfiguredWeight() {
        String name = unique("swap");
        kafka.announce(TinyClassifiers.publish(registry, name, ColourMode.GREY, LABELS).manifest());
        await().atMost(ARRIVAL).until(() -> routes.state(name).isPresent());

        kafka.announce(TinyClassifiers.publish(registry, name, ColourMode.GREY, LABELS).manifest());

        assertThat(awaitStatus(name, 2).state()).isEqualTo(ReleaseStatus.State.AVAILABLE);
        await().atMost(ARRIVAL).until(() -> routes.state(name).map(s -> s.canary() != null).orElse(false));
        var state = routes.state(name).orElseThrow();
        assertThat(state.stable()).isEqualTo(1);
        assertThat(state.canary().version()).isEqualTo(2);
        assertThat(state.canary().weightPercent()).isEqualTo(10);
    }

    @Test
    void tamperedReleaseIsRefusedWithTheReason() throws Exception {
        String name = unique("tampered");
        ModelVersion published = TinyClassifiers.publish(registry, name, ColourMode.GREY, LABELS);
        assertThat(published.onnxFile().toFile().setWritable(true)).isTrue();
        Files.writeString(published.onnxFile(), "swapped weights");

        kafka.announce(published.manifest());

        ReleaseStatus status = awaitStatus(name, 1);
        assertThat(status.state()).isEqualTo(ReleaseStatus.State.REFUSED);
        assertThat(status.detail()).startsWith("INTEGRITY").contains("sha256");
        assertThat(routes.routing(name)).isEmpty();
    }

    @Test
    void releaseWhoseGraphDoesNotFitItsManifestIsRefused() {
        String name = unique("liar");
        byte[] fiveClasses = TinyClassifiers.columnClassifier(1, 5);
        ModelVersion published = registry.publish(TinyClassifiers.manifest(name, ColourMode.GREY, LABELS),
                dir -> Files.write(dir.resolve("model.onnx"), fiveClasses));

        kafka.announce(published.manifest());

        ReleaseStatus status = awaitStatus(name, 1);
        assertThat(status.state()).isEqualTo(ReleaseStatus.State.REFUSED);
        assertThat(status.detail()).startsWith("SIGNATURE").contains("signature does not match the manifest");
    }

    @Test
    void releaseWithExternalTensorDataIsRefused() {
        String name = unique("external");
        byte[] external = TinyClassifiers.columnClassifierWithExternalWeights(1, LABELS.size(), "/etc/hostname");
        ModelVersion published = registry.publish(TinyClassifiers.manifest(name, ColourMode.GREY, LABELS),
                dir -> Files.write(dir.resolve("model.onnx"), external));

        kafka.announce(published.manifest());

        ReleaseStatus status = awaitStatus(name, 1);
        assertThat(status.state()).isEqualTo(ReleaseStatus.State.REFUSED);
        assertThat(status.detail()).startsWith("EXTERNAL_DATA").contains("tensor 'W'");
        assertThat(routes.routing(name)).isEmpty();
    }

    @Test
    void releaseMissingFromTheRegistryIsRefused() {
        String name = unique("ghost");
        kafka.announce(TinyClassifiers.manifest(name, ColourMode.GREY, LABELS).published(4, "0".repeat(64), Instant.now()));

        ReleaseStatus status = awaitStatus(name, 4);
        assertThat(status.state()).isEqualTo(ReleaseStatus.State.REFUSED);
        assertThat(status.detail()).startsWith("NOT_FOUND").contains("has no version 4");
    }

    @Test
    void malformedReleaseIsCountedAndDoesNotStopTheStream() {
        String name = unique("after-garbage");
        ModelVersion published = TinyClassifiers.publish(registry, name, ColourMode.GREY, LABELS);

        kafka.sendRaw("model-releases", "garbage", "{not json".getBytes(StandardCharsets.UTF_8));
        kafka.announce(published.manifest());

        assertThat(awaitStatus(name, 1).state()).isEqualTo(ReleaseStatus.State.AVAILABLE);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("visionstream_releases_total{outcome=\"malformed\""));
    }

    private ReleaseStatus awaitStatus(String name, int version) {
        return await().atMost(ARRIVAL).until(() -> catalog.find(name, version), Optional::isPresent).orElseThrow();
    }

}
