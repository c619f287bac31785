package io.visionstream.trainer;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.visionstream.common.events.GroundTruth;
import io.visionstream.common.events.TrainingTrigger;
import io.visionstream.common.json.Json;
import io.visionstream.common.kafka.Topics;
import io.visionstream.common.manifest.ModelManifest;
import io.visionstream.common.registry.ModelRegistry;
import io.visionstream.local.auth.DevJwtTestResource;
import io.visionstream.local.kafka.EmbeddedKafkaTestResource;
import io.visionstream.local.kafka.TopicClient;
import io.visionstream.trainer.cli.TrainerMain;
import io.visionstream.trainer.data.Datasets;
import io.visionstream.trainer.data.LabeledImages;
import io.visionstream.trainer.train.ContinualOutcome;
import io.visionstream.trainer.train.RunFiles;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Continual training end to end on a real broker: a lenet5 base trained and published here, Fashion-MNIST PNGs sent to
 * {@code images} and their labels (by index and by name) to {@code labels}, the service's join pairing them into
 * {@code images.labelled}, and a continual job on that window publishing a version whose manifest names the data set,
 * with before/after figures in its summary, its trigger listed and counted; and the CLI's {@code continual} on one
 * class of the same stream.
 */
@QuarkusTest
@TestProfile(ContinualTrainingTest.JoinOn.class)
@WithTestResource(EmbeddedKafkaTestResource.class)
@WithTestResource(DevJwtTestResource.class)
class ContinualTrainingTest {

    private static final int STREAM_IMAGES = 300;
    private static final int TROUSER = 1;
    private static final int AFTER_TRIGGER = 100;

    /** The join running in the service, and the worktree's Fashion-MNIST cache as the data directory. */
    public static class JoinOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("visionstream.trainer.continual.join-enabled", "true", "visionstream.trainer.continual.commit-interval", "200ms",
                    "visionstream.trainer.data-dir", Path.of("../data").toAbsolutePath().normalize().toString(),
                    "visionstream.trainer.continual.follow-triggers", "true", "visionstream.trainer.continual.triggered-last", "300",
                    "visionstream.trainer.continual.triggered-epochs", "1", "visionstream.trainer.continual.triggered-wait", "15s");
        }
    }

    @ConfigProperty(name = EmbeddedKafkaTestResource.BOOTSTRAP_SERVERS)
    String bootstrapServers;

    @jakarta.inject.Inject
    ModelRegistry registry;

    private static io.restassured.specification.RequestSpecification as(String... roles) {
        return given().auth().oauth2(DevJwtTestResource.token("ops@example", roles));
    }

    @Test
    void aContinualJobFromTheLabelledStreamPublishesAVersionNamingItsWindow() throws Exception {
        String name = "fashion-" + UUID.randomUUID().toString().substring(0, 8);
        String baseJob = as("ml-admin").contentType(ContentType.JSON)
                .body(Map.of("arch", "lenet5", "dataset", "fashion-mnist", "epochs", 1, "limitTrain", 3000, "batchSize", 64, "publishAs", name))
                .post("/api/training/jobs").then().statusCode(202).extract().path("id");
        await().atMost(Duration.ofSeconds(120)).until(() -> as("ml-admin").get("/api/training/jobs/" + baseJob).path("finishedAt") != null);
        assertThat(as("ml-admin").get("/api/training/jobs/" + baseJob).<String>path("status")).isEqualTo("SUCCEEDED");

        Instant from = Instant.now().minusSeconds(1);
        LabeledImages stream = Datasets.load("fashion-mnist", Path.of("../data"), null).train();
        int trousers = 0;
        try (TopicClient kafka = new TopicClient(bootstrapServers)) {
            for (int i = 0; i < STREAM_IMAGES; i++) {
                int index = i * (stream.size() / STREAM_IMAGES); // every class, not the last class's tail
                String id = "stream-" + i;
                kafka.sendImage(id, png(stream, index), "image/png", null);
                int label = stream.labels()[index];
                trousers += label == TROUSER ? 1 : 0;
                GroundTruth truth = i % 2 == 0 ? new GroundTruth(id, label, null, Instant.now(), "test")
                        : new GroundTruth(id, null, stream.classes().get(label), Instant.now(), "test");
                kafka.sendRaw(Topics.LABELS, id, Json.toBytes(truth));
            }
            kafka.sendRaw(Topics.LABELS, "never-sent", Json.toBytes(new GroundTruth("never-sent", 1, null, Instant.now(), "test")));
            // committed records (the join writes in transactions, whose markers also take offsets)
            await().atMost(Duration.ofSeconds(60)).until(() -> kafka.readAll(Topics.IMAGES_LABELLED, Duration.ofSeconds(10)).size() >= STREAM_IMAGES);
        }

        as("ml-trainer").contentType(ContentType.JSON).body(Map.of("model", name, "window", Map.of("from", from.toString())))
                .post("/api/training/continual").then().statusCode(403);
        as("ml-admin").contentType(ContentType.JSON).body(Map.of("model", name, "window", Map.of("last", 10, "classes", List.of("Boots"))))
                .post("/api/training/continual").then().statusCode(400).body("reason", equalTo("INVALID_WINDOW"))
                .body("message", containsString("[Boots]"));

        String job = as("ml-admin").contentType(ContentType.JSON)
                .body(Map.of("model", name, "version", 1, "window", Map.of("from", from.toString()), "epochs", 1, "batchSize", 32))
                .post("/api/training/continual").then().statusCode(202).body("trigger.reason", equalTo("manual")).extract().path("id");
        await().atMost(Duration.ofSeconds(120)).until(() -> as("ml-admin").get("/api/training/jobs/" + job).path("finishedAt") != null);
        JsonPath view = as("ml-admin").get("/api/training/jobs/" + job).then().extract().jsonPath();
        assertThat(view.getString("status")).as(view.getString("error")).isEqualTo("SUCCEEDED");
        assertThat(view.getInt("published.manifest.version")).isEqualTo(2);

        ModelManifest candidate = registry.get(name, 2).manifest();
        ModelManifest.Continual continual = candidate.training().continual();
        assertThat(candidate.training().dataset()).isEqualTo("kafka:images.labelled");
        assertThat(continual.base()).isEqualTo(registry.get(name, 1).manifest().ref());
        assertThat(continual.trigger()).isEqualTo("manual");
        assertThat(continual.dataset()).isEqualTo(new ModelManifest.KafkaDataset(Topics.IMAGES_LABELLED, from, null, null, List.of()));
        assertThat(continual.trainImages() + continual.validationImages()).isEqualTo(STREAM_IMAGES);
        assertThat(continual.validationImages()).isBetween(STREAM_IMAGES / 10, STREAM_IMAGES * 3 / 10);
        assertThat(candidate.preprocess()).isEqualTo(registry.get(name, 1).manifest().preprocess());

        Map<String, Object> outcome = view.getMap("summary.continual");
        System.out.println("CONTINUAL_OUTCOME " + Json.toJson(outcome));
        assertThat(outcome).containsKeys("streamValidationTop1Before", "streamValidationTop1After", "testTop1Before", "testTop1After");
        assertThat(outcome.get("testDataset")).isEqualTo("fashion-mnist");
        assertThat(view.getDouble("summary.testTop1")).isCloseTo(((Number) outcome.get("testTop1After")).doubleValue(), org.assertj.core.data.Offset.offset(1e-6));

        as("ml-viewer").get("/api/training/continual/triggers").then().statusCode(200)
                .body("find { it.jobId == '" + job + "' }.base.name", equalTo(name))
                .body("find { it.jobId == '" + job + "' }.reason", equalTo("manual"));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("visionstream_continual_triggers_total{model=\"" + name + "\",reason=\"manual\"} 1.0"));

        int trousersAfter = triggeredByTheRetrainPolicy(name);
        cliRunOnOneClass(name, trousers + trousersAfter);
    }

    /**
     * A trigger on training-triggers (as the inference service's retrain policy sends it) starts a job that publishes
     * v3 on the labelled images since the trigger's evidence began: the 100 sent after it, not the 300 before (the
     * follower waits for triggered-last = 300 of them, gives up after triggered-wait and trains on the 100). Returns how
     * many of the 100 are trousers.
     */
    private int triggeredByTheRetrainPolicy(String name) throws Exception {
        Instant evidenceSince = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        int trousers = 0;
        LabeledImages stream = Datasets.load("fashion-mnist", Path.of("../data"), null).test();
        try (TopicClient kafka = new TopicClient(bootstrapServers)) {
            kafka.sendRaw(Topics.TRAINING_TRIGGERS, name, Json.toBytes(new TrainingTrigger(name, 2, TrainingTrigger.Reason.ONLINE_ACCURACY, 0.61, 0.8,
                    "stable v2 right on 61 of the last 100 labelled answers", evidenceSince, Instant.now(), "retrain-policy")));
            kafka.sendRaw(Topics.TRAINING_TRIGGERS, name, "{not a trigger".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            for (int i = 0; i < AFTER_TRIGGER; i++) {
                int index = i * (stream.size() / AFTER_TRIGGER);
                trousers += stream.labels()[index] == TROUSER ? 1 : 0;
                kafka.sendImage("after-" + i, png(stream, index), "image/png", null);
                kafka.sendRaw(Topics.LABELS, "after-" + i, Json.toBytes(new GroundTruth("after-" + i, stream.labels()[index], null, Instant.now(), "test")));
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> as("ml-viewer").get("/api/training/continual/triggers").jsonPath()
                .getList("findAll { it.reason == 'online_accuracy' && it.base.name == '" + name + "' }").size() == 1);
        String job = as("ml-viewer").get("/api/training/continual/triggers").jsonPath()
                .getString("find { it.reason == 'online_accuracy' && it.base.name == '" + name + "' }.jobId");
        await().atMost(Duration.ofSeconds(120)).until(() -> as("ml-admin").get("/api/training/jobs/" + job).path("finishedAt") != null);
        JsonPath view = as("ml-admin").get("/api/training/jobs/" + job).then().extract().jsonPath();
        assertThat(view.getString("status")).as(view.getString("error")).isEqualTo("SUCCEEDED");
        ModelManifest candidate = registry.get(name, 3).manifest();
        assertThat(candidate.training().continual().trigger()).isEqualTo("online_accuracy");
        assertThat(candidate.training().continual().base()).isEqualTo(registry.get(name, 2).manifest().ref());
        assertThat(candidate.training().continual().dataset().last()).isEqualTo(300);
        assertThat(candidate.training().continual().dataset().from()).isEqualTo(evidenceSince);
        assertThat(candidate.training().continual().trainImages() + candidate.training().continual().validationImages())
                .as("the images labelled since the evidence began, not the newest 300 of any age").isEqualTo(AFTER_TRIGGER);
        return trousers;
    }

    /**
     * The CLI, without Quarkus (--publish false), on the newest 100 Trousers of the same stream: its trigger and window
     * are in the run's summary; trained on one class only, the model forgets the others.
     */
    private void cliRunOnOneClass(String name, int trousers) throws Exception {
        Path out = Path.of("target/test-runs/continual-cli-" + name);
        System.setProperty("visionstream.trainer.registry-root", registry.root().toString());
        System.setProperty("kafka.bootstrap.servers", bootstrapServers);
        try {
            assertThat(new TrainerMain().command("continual", "--model", name, "--version", "1", "--last", "100", "--classes", "Trouser",
                    "--epochs", "3", "--batch-size", "8", "--reason", "scheduled", "--publish", "false", "--data-dir", "../data",
                    "--out", out.toString())).isZero();
        } finally {
            System.clearProperty("visionstream.trainer.registry-root");
            System.clearProperty("kafka.bootstrap.servers");
        }
        ContinualOutcome outcome = RunFiles.readSummary(out).continual();
        System.out.println("CONTINUAL_CLI_OUTCOME " + Json.toJson(outcome));
        assertThat(outcome.trigger()).isEqualTo("scheduled");
        assertThat(outcome.dataset()).isEqualTo(new ModelManifest.KafkaDataset(Topics.IMAGES_LABELLED, null, null, 100, List.of("Trouser")));
        assertThat(outcome.trainImages() + outcome.validationImages()).isEqualTo(trousers);
        assertThat(outcome.testTop1After()).as("forgetting").isLessThan(outcome.testTop1Before());
        assertThat(registry.versions(name)).as("--publish false publishes nothing (v3 came from the trigger)").containsExactly(1, 2, 3);
    }

    private static byte[] png(LabeledImages images, int index) throws Exception {
        BufferedImage image = new BufferedImage(images.width(), images.height(), BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setDataElements(0, 0, images.width(), images.height(), images.image(index).pixels());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
